#!/usr/bin/env bash
# The provincial dashboard's tests: its HTTP tests on loopback and its
# end-to-end test in headless Chromium (Debian's `chromium` package, driven
# over the DevTools protocol by the headless_chrome crate). Installs
# chromium with apt-get when it is missing (as root) and fails when it
# cannot; `cargo test` alone skips the browser test without chromium. The
# browser test runs twice: on SQLite, then on PostgreSQL (scripts/postgres.sh).
#
#   bash scripts/dashboard-tests.sh                 # run the tests
#   bash scripts/dashboard-tests.sh --screenshots   # also refresh docs/screenshots/dashboard/*.png
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "== installing Debian's chromium for the dashboard's browser test"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    else
        echo "not root or no apt-get: cannot install Debian's chromium for the browser test" >&2
        exit 1
    fi
fi
# From here a missing browser fails the browser test instead of skipping it.
export ISHC_REQUIRE_CHROMIUM=1

if [ "${1:-}" = "--screenshots" ]; then
    mkdir -p docs/screenshots/dashboard
    export ISHC_DASHBOARD_SCREENSHOTS="$PWD/docs/screenshots/dashboard"
fi

echo "== dashboard: HTTP tests on loopback"
cargo test -p ishc-server --locked --test dashboard_http
echo "== dashboard: end to end in headless Chromium"
cargo test -p ishc-server --locked --test dashboard_browser -- --nocapture
if [ "${1:-}" != "--screenshots" ]; then
    # The same browser run against the PostgreSQL backend (scripts/test.sh's
    # PostgreSQL pass runs before Chromium is installed on a fresh machine).
    echo "== dashboard: end to end in headless Chromium, on PostgreSQL"
    bash scripts/postgres.sh cargo test -p ishc-server --locked --test dashboard_browser -- --nocapture
fi
