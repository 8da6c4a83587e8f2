#!/usr/bin/env bash
# What `cargo build` needs besides Rust: rusqlite's bundled SQLCipher builds
# OpenSSL from source (openssl-src, vendored), which needs perl (with its
# core modules) and make, and compiles C with cc. Installs Debian's `perl make
# gcc` when one is missing and this runs as root with apt-get; otherwise says
# what is missing and fails.
#
#   bash scripts/build-prereqs.sh
set -euo pipefail
need=()
command -v perl >/dev/null || need+=(perl)
command -v make >/dev/null || need+=(make)
command -v cc >/dev/null || need+=(gcc)
# OpenSSL's Configure uses IPC::Cmd and FindBin; Debian's `perl` brings them.
if command -v perl >/dev/null && ! perl -MIPC::Cmd -MFindBin -e 1 2>/dev/null; then
    need+=(perl)
fi
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "== installing ${need[*]} (Debian packages, to build OpenSSL for SQLCipher)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "build-prereqs.sh: building SQLCipher's OpenSSL needs ${need[*]} (Debian: apt-get install perl make gcc)" >&2
        exit 1
    fi
fi
