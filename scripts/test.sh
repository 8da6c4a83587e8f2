#!/usr/bin/env bash
# Runs every test of the project:
#   1. the Rust workspace's unit, integration and property tests (which
#      include the demo and the roster import pinned to their values, the
#      server and sync fault tests, and the FFI scenarios in Rust);
#   2. clippy with warnings as errors, and rustfmt --check;
#   3. the Kotlin bindings tests: the generated Kotlin compiled by Maven and
#      run with JUnit 5 on the JVM against the built library
#      (scripts/kotlin-tests.sh; Maven Central artifacts cached in ~/.m2);
#   4. the Swift bindings tests: the generated Swift compiled in Swift 6 mode
#      and run with XCTest in a Debian trixie chroot with swiftlang 6.0.3
#      (scripts/swift-tests.sh; the chroot is built once, ~2 minutes, and
#      cached in ~/.cache/ishc).
#   5. the iOS app's checks on Linux: the ISHCKit view models tested with
#      XCTest against the real library in the same chroot, and the SwiftUI
#      app type-checked against stubs (scripts/ios-tests.sh);
#   6. the Android app's checks without the Android SDK: its state holders
#      tested on the JVM against the real library, its Compose screens
#      compiled against Compose for desktop, clicked through and rendered
#      headless (scripts/android-tests.sh; Maven Central only);
#   7. the provincial dashboard: its HTTP tests and its end-to-end test in
#      headless Chromium, installed from Debian if missing
#      (scripts/dashboard-tests.sh).
# The bindings suites and the app's sync tests start a real ishc-server on
# loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test (workspace)"
cargo test --workspace --locked

echo "== cargo clippy (workspace, all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== Kotlin bindings tests (JUnit 5 on the JVM)"
bash scripts/kotlin-tests.sh

echo "== Swift bindings tests (XCTest, Swift 6, Linux)"
bash scripts/swift-tests.sh

echo "== iOS app checks (ISHCKit view models on Linux, SwiftUI app type-checked against stubs)"
bash scripts/ios-tests.sh --lib target/debug

echo "== Android app checks (state holders on the JVM, Compose screens on the desktop)"
bash scripts/android-tests.sh

echo "== Provincial dashboard (HTTP on loopback, end to end in headless Chromium)"
bash scripts/dashboard-tests.sh
