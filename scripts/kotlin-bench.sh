#!/usr/bin/env bash
# Figures, not tests (never run by scripts/test.sh): one FFI call listing a
# 70-member club with balances, from Kotlin on the JVM (JMH) and beside it the
# same call made directly in Rust (criterion), on the same database file,
# both against release builds. Results go in docs/PERFORMANCE.md.
#
#   bash scripts/kotlin-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
db=$PWD/target/ishc-ffi-bench/club70.db
gen=$PWD/target/bindings/kotlin-release

echo "== release library, its Kotlin bindings and the bench club"
cargo build --locked --release -p ishc-ffi
cargo build --locked -q -p uniffi-bindgen
rm -rf "$gen"
target/debug/uniffi-bindgen generate --library target/release/libishc_ffi.so \
    --language kotlin --out-dir "$gen" --no-format
cargo run --locked -q --release -p ishc-ffi --example bench_club -- "$db"

echo "== Kotlin on the JVM (JMH)"
mvn -B -ntp -f bindings/kotlin/pom.xml -Pbench test-compile exec:exec \
    -Duniffi.generated="$gen" -Duniffi.libdir="$PWD/target/release" \
    -Dishc.bench.db="$db" -Djmh.args="-f 1 ListMembersBenchmark"

echo "== the same call in Rust (criterion)"
cargo bench --locked -p ishc-ffi --bench ffi -- --warm-up-time 2 --measurement-time 5
