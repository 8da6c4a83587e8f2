#!/usr/bin/env bash
# Runs every test of the project: the Rust workspace's unit, integration and
# property tests (which include the demo and the roster import pinned to
# their values), then clippy with warnings as errors. Installs nothing beyond
# what cargo fetches from crates.io.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test (workspace)"
cargo test --workspace --locked

echo "== cargo clippy (workspace, all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo fmt --check"
cargo fmt --all -- --check
