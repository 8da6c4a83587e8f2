#!/usr/bin/env bash
# Builds the Rust core for the iOS app on a Mac and lays it out for Xcode:
#
#   1. `cargo build -p ishc-ffi --profile mobile` as a static library for
#      each Apple target: iPhone (aarch64-apple-ios), the simulator on Apple
#      silicon and Intel Macs (aarch64-apple-ios-sim, x86_64-apple-ios) and,
#      for ISHCKit's tests with `swift test`, macOS (aarch64-apple-darwin,
#      x86_64-apple-darwin);
#   2. joins the two simulator slices, and the two macOS slices, with `lipo`;
#   3. writes the C header and a module map (`module IshcCoreFFI`) and makes
#      ios/ISHCKit/Frameworks/IshcCoreFFI.xcframework with
#      `xcodebuild -create-xcframework`;
#   4. generates the Swift bindings (uniffi library mode, from a host build
#      of the same crate and features) into ios/ISHCKit/Sources/IshcCore.
#
#   ios/scripts/build-xcframework.sh              # everything (first run: ~15-25 min)
#   ios/scripts/build-xcframework.sh --no-macos   # iPhone and simulator only (no `swift test` on the Mac)
#   ios/scripts/build-xcframework.sh --profile release   # thin LTO: faster to build, larger
#
# Needs: macOS with Xcode 16 (xcodebuild, lipo), rustup and cargo; the
# rustup targets are added if missing. Nothing here is committed: the
# XCFramework, the generated sources and ios/build/ are in ios/.gitignore.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
profile=mobile
macos=1
while [ $# -gt 0 ]; do
    case $1 in
        --profile) profile=$2; shift 2 ;;
        --no-macos) macos=0; shift ;;
        *) echo "build-xcframework.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

die() { echo "build-xcframework.sh: $*" >&2; exit 1; }
[ "$(uname -s)" = Darwin ] || die "runs on macOS only (Xcode's xcodebuild and lipo); on Linux use scripts/ios-tests.sh"
command -v xcodebuild >/dev/null || die "xcodebuild not found: install Xcode 16 and run: sudo xcode-select -s /Applications/Xcode.app"
if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then die "cargo and rustup not found: https://rustup.rs"; fi

# The staticlibs are linked into the app by Xcode: the deployment targets
# must match the app's (project.yml) and the package's (Package.swift).
export IPHONEOS_DEPLOYMENT_TARGET=16.0
export MACOSX_DEPLOYMENT_TARGET=13.0
unset CARGO_TARGET_DIR # build into ./target, where the paths below look

ios_targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
mac_targets=(aarch64-apple-darwin x86_64-apple-darwin)
targets=("${ios_targets[@]}")
[ "$macos" = 1 ] && targets+=("${mac_targets[@]}")

installed=$(rustup target list --installed)
for t in "${targets[@]}"; do
    grep -qx "$t" <<<"$installed" || rustup target add "$t"
done

dir_of() { # cargo's output directory name for a profile
    case $1 in dev) echo debug ;; *) echo "$1" ;; esac
}
out=$(dir_of "$profile")
for t in "${targets[@]}"; do
    echo "== cargo build -p ishc-ffi --profile $profile --target $t"
    cargo build --locked -p ishc-ffi --profile "$profile" --target "$t"
done

build=ios/build
rm -rf "$build"
mkdir -p "$build/device" "$build/simulator" "$build/macos" "$build/headers" "$build/bindings"

cp "target/aarch64-apple-ios/$out/libishc_ffi.a" "$build/device/"
lipo -create \
    "target/aarch64-apple-ios-sim/$out/libishc_ffi.a" \
    "target/x86_64-apple-ios/$out/libishc_ffi.a" \
    -output "$build/simulator/libishc_ffi.a"
if [ "$macos" = 1 ]; then
    lipo -create \
        "target/aarch64-apple-darwin/$out/libishc_ffi.a" \
        "target/x86_64-apple-darwin/$out/libishc_ffi.a" \
        -output "$build/macos/libishc_ffi.a"
fi

echo "== Swift bindings (uniffi library mode, from a host build of ishc-ffi)"
# The bindings depend only on the crate's API and features, which the host
# build shares with the static libraries (no fault-injection: the apps never have it).
cargo build --locked -q -p ishc-ffi
cargo build --locked -q -p uniffi-bindgen
target/debug/uniffi-bindgen generate --library target/debug/libishc_ffi.dylib \
    --language swift --out-dir "$build/bindings" --no-format

cp "$build/bindings/IshcCoreFFI.h" "$build/headers/"
cat >"$build/headers/module.modulemap" <<'MAP'
module IshcCoreFFI {
    header "IshcCoreFFI.h"
    export *
}
MAP

xcf=ios/ISHCKit/Frameworks/IshcCoreFFI.xcframework
rm -rf "$xcf"
mkdir -p "$(dirname "$xcf")"
args=(-library "$build/device/libishc_ffi.a" -headers "$build/headers"
    -library "$build/simulator/libishc_ffi.a" -headers "$build/headers")
[ "$macos" = 1 ] && args+=(-library "$build/macos/libishc_ffi.a" -headers "$build/headers")
echo "== xcodebuild -create-xcframework -> $xcf"
xcodebuild -create-xcframework "${args[@]}" -output "$xcf"

bash ios/scripts/layout-bindings.sh "$build/bindings" apple

echo "== done"
du -sh "$xcf"/*/ 2>/dev/null || true
cat <<EOF2

Next:
  cd ios && xcodegen generate && open ISHC.xcodeproj      # the app (README.md)
  cargo build -p ishc-server && ISHC_SERVER=$root/target/debug/ishc-server \\
      swift test --package-path ios/ISHCKit                # ISHCKit's tests on the Mac
EOF2
