#!/usr/bin/env bash
# Builds ishc-ffi (debug, with the test-only `fault-injection` feature) and the
# ishc-server binary the bindings tests start, then generates the Kotlin or
# Swift bindings from the built library (uniffi library mode) into OUT_DIR.
# Generated code is never committed.
#
#   scripts/bindings-gen.sh kotlin|swift OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
# The scripts build into and load from ./target (the Swift chroot mounts the
# clone): a CARGO_TARGET_DIR elsewhere would mix libraries and bindings.
unset CARGO_TARGET_DIR
lang=${1:?usage: bindings-gen.sh kotlin|swift OUT_DIR}
out=${2:?usage: bindings-gen.sh kotlin|swift OUT_DIR}

cargo build --locked -q -p ishc-ffi --features fault-injection
cargo build --locked -q -p ishc-server --bin ishc-server
cargo build --locked -q -p uniffi-bindgen
rm -rf "$out"
mkdir -p "$out"
target/debug/uniffi-bindgen generate --library target/debug/libishc_ffi.so \
    --language "$lang" --out-dir "$out" --no-format >&2
