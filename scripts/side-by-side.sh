#!/usr/bin/env bash
# Side by side: the same club year synced by this system and by PouchDB
# replicating to pouchdb-server, on loopback, in one run (docs/PERFORMANCE.md,
# "Side by side: PouchDB/CouchDB"). Not run in CI.
#
#   bash scripts/side-by-side.sh [--seed N] [--keep DIR]
#
# Installs the npm packages pinned in bench/side-by-side/package-lock.json
# into a cache directory outside the clone (ISHC_SIDE_BY_SIDE_CACHE, default
# ~/.cache/ishc/side-by-side; `npm ci` runs again only when the lock file
# changed), then runs the Rust bench server/benches/side_by_side.rs, which
# starts both servers, drives the Node side (bench/side-by-side/pouch.js) and
# exits 1 when a claimed behaviour is not observed. Needs node and npm
# (Debian: apt-get install nodejs npm).
#
# Optional npm dependencies are left out: pouchdb-server lists LevelDB and
# SQLite adapters as optional, and the old sqlite3 they pull in builds
# from source; the comparison uses the in-memory adapter on both sides.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${ISHC_SIDE_BY_SIDE_CACHE:-$HOME/.cache/ishc/side-by-side}"
src="$root/bench/side-by-side"

command -v node >/dev/null || { echo "side-by-side: node is required (apt-get install nodejs npm)" >&2; exit 2; }
command -v npm >/dev/null || { echo "side-by-side: npm is required (apt-get install npm)" >&2; exit 2; }

mkdir -p "$cache"
if ! cmp -s "$src/package-lock.json" "$cache/package-lock.json" || [ ! -d "$cache/node_modules" ]; then
  echo "== npm ci into $cache"
  cp "$src/package.json" "$src/package-lock.json" "$cache/"
  (cd "$cache" && npm ci --omit=optional --no-audit --no-fund)
fi

echo "== commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$root"
CARGO_INCREMENTAL=0 cargo bench -p ishc-server --bench side_by_side -- \
  --pouch-modules "$cache" --script "$src/pouch.js" "$@"
