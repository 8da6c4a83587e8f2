#!/usr/bin/env bash
# Runs the Swift bindings tests (bindings/swift): generates the Swift bindings
# from the built library, lays them out as a SwiftPM package's sources and
# runs `swift test` (XCTest, Swift 6 language mode) in the cached Debian
# trixie chroot of scripts/swift-env.sh (created on first use, ~2 minutes),
# against target/debug/libishc_ffi.so and a real ishc-server on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
# The scripts build into and load from ./target (the Swift chroot mounts the
# clone): a CARGO_TARGET_DIR elsewhere would mix libraries and bindings.
unset CARGO_TARGET_DIR
root=$PWD
gen=target/bindings/swift
bash scripts/bindings-gen.sh swift "$gen"

pkg=bindings/swift
rm -rf "$pkg/Sources"
mkdir -p "$pkg/Sources/IshcCore" "$pkg/Sources/IshcCoreFFI"
cp "$gen/IshcCore.swift" "$pkg/Sources/IshcCore/"
cp "$gen/IshcCoreFFI.h" "$pkg/Sources/IshcCoreFFI/"
# The generated module map also names Darwin's modules; SwiftPM's system
# library target wants a plain one.
cat > "$pkg/Sources/IshcCoreFFI/module.modulemap" <<'MAP'
module IshcCoreFFI {
    header "IshcCoreFFI.h"
    export *
}
MAP

bash scripts/swift-env.sh run -b "$root:/work" -w /work/$pkg \
    -e ISHC_SERVER=/work/target/debug/ishc-server -e ISHC_LIB_DIR=/work/target/debug \
    -- timeout 900 swift test --scratch-path /work/target/bindings/swift-build "$@"
