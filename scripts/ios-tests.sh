#!/usr/bin/env bash
# Runs the iOS app's checks that run on Linux: the ISHCKit package
# (ios/ISHCKit: view models, wrappers, formatting, drafts, strings) compiled
# in Swift 6 language mode and its XCTest cases run in the cached Debian
# trixie chroot of scripts/swift-env.sh, against the real core library and a
# real ishc-server on loopback. Then type-checks the SwiftUI app (ios/App)
# against stubs of the Apple frameworks it uses (ios/scripts/app-typecheck):
# no SwiftUI on Linux, so that checks the views' use of ISHCKit, not of
# SwiftUI (see ios/README.md).
#
#   bash scripts/ios-tests.sh                        # build the core with cargo, generate, test
#   bash scripts/ios-tests.sh --lib DIR              # no cargo: DIR has libishc_ffi.so and
#                                                    # ishc-server (and uniffi-bindgen, unless --bindings)
#   bash scripts/ios-tests.sh --lib DIR --bindings GEN   # GEN has the generated Swift bindings
#   bash scripts/ios-tests.sh ... -- --filter SyncTests  # extra `swift test` arguments
#
# The library must be built with the `fault-injection` feature or without
# it consistently with the bindings (uniffi checks the API checksums).
set -euo pipefail
cd "$(dirname "$0")/.."
unset CARGO_TARGET_DIR
root=$PWD
lib="" gen=""
while [ $# -gt 0 ]; do
    case $1 in
        --lib) lib=$2; shift 2 ;;
        --bindings) gen=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "ios-tests.sh: unknown argument $1 (see the comment at the top)" >&2; exit 2 ;;
    esac
done

if [ -z "$lib" ]; then
    gen=${gen:-target/bindings/swift}
    bash scripts/bindings-gen.sh swift "$gen" # builds ishc-ffi, ishc-server, uniffi-bindgen
    lib=target/debug
fi
lib=$(cd "$lib" && pwd)
for f in libishc_ffi.so ishc-server; do
    [ -f "$lib/$f" ] || { echo "ios-tests.sh: no $lib/$f" >&2; exit 1; }
done
if [ -z "$gen" ]; then
    [ -x "$lib/uniffi-bindgen" ] || { echo "ios-tests.sh: no $lib/uniffi-bindgen: pass --bindings DIR" >&2; exit 1; }
    gen=target/ios/bindings
    rm -rf "$gen" && mkdir -p "$gen"
    "$lib/uniffi-bindgen" generate --library "$lib/libishc_ffi.so" --language swift --out-dir "$gen" --no-format >&2
fi
bash ios/scripts/layout-bindings.sh "$gen" linux

# The library's directory is mounted at /ishc-lib, wherever it is on the host.
mkdir -p target/ios
scratch=/work/target/ios/ishckit-build
bash scripts/swift-env.sh run -b "$root:/work" -b "$lib:/ishc-lib" -w /work/ios/ISHCKit \
    -e ISHC_SERVER=/ishc-lib/ishc-server -e ISHC_LIB_DIR=/ishc-lib \
    -- timeout 1200 swift test --scratch-path "$scratch" "$@"

# shellcheck disable=SC2016 # expanded inside the chroot
bash scripts/swift-env.sh run -b "$root:/work" -b "$lib:/ishc-lib" -w /work/ios/ISHCKit -e ISHC_LIB_DIR=/ishc-lib \
    -- sh -c 'bash /work/ios/scripts/app-typecheck/typecheck-app.sh /work/ios \
        "$(swift build --scratch-path "$1" --show-bin-path)/Modules" /work/target/ios/app-typecheck' sh "$scratch"
