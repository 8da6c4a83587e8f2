#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server on loopback, for the
# server's tests and load generator on the PostgreSQL backend:
#
#   bash scripts/postgres.sh cargo test -p ishc-server
#   bash scripts/postgres.sh --durable cargo bench -p ishc-server --bench load
#
# Without --durable the cluster runs with fsync, synchronous_commit and
# full_page_writes off (a test cluster deleted afterwards: only faster);
# with it, PostgreSQL's durable defaults, for figures.
#
# Installs Debian's `postgresql` package when its binaries are missing (as
# root; fails otherwise), initialises a cluster in a temporary directory
# owned by an unprivileged user (PostgreSQL refuses to run as root: the
# Debian package's `postgres` user when root, else the caller), listens on
# 127.0.0.1 and a free port only (and a unix socket inside that directory),
# runs the command with
#
#   ISHC_TEST_DATABASE_URL=postgres://ishc@127.0.0.1:PORT/postgres
#   ISHC_EXPECT_POSTGRES=1   (the PostgreSQL tests then fail, not skip,
#                             when the server is not reachable)
#
# and stops the server and deletes the directory however the command ends.
# Authentication is `trust`, on loopback only: a test cluster, never data.
set -euo pipefail

DURABLE=""
if [ "${1:-}" = "--durable" ]; then
    DURABLE=1
    shift
fi
if [ "$#" = 0 ]; then
    echo "usage: bash scripts/postgres.sh COMMAND [ARGS...]" >&2
    exit 2
fi

pg_bin() {
    # Debian keeps the server binaries outside PATH, one directory a version.
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

if ! BIN="$(pg_bin)"; then
    echo "== installing Debian's postgresql for the PostgreSQL backend's tests"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
        echo "not root or no apt-get: cannot install Debian's postgresql" >&2
        exit 1
    fi
    BIN="$(pg_bin)" || { echo "postgresql installed but pg_ctl not found" >&2; exit 1; }
fi

DIR="$(mktemp -d /tmp/ishc-pg.XXXXXX)"
chmod 755 "$DIR"
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$DIR"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

stop() {
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap stop EXIT

as_pg "$BIN/initdb" -D "$DIR/data" -U ishc --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $((20000 + RANDOM % 40000))
}

FAST="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ -n "$DURABLE" ] && FAST=""
started=""
for _ in 1 2 3 4 5; do
    PORT="$(free_port)"
    if as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c max_connections=300 $FAST" \
        >/dev/null 2>&1; then
        started=1
        break
    fi
done
if [ -z "$started" ]; then
    echo "PostgreSQL did not start:" >&2
    cat "$DIR/server.log" >&2 || true
    exit 1
fi

export ISHC_TEST_DATABASE_URL="postgres://ishc@127.0.0.1:$PORT/postgres"
export ISHC_EXPECT_POSTGRES=1
echo "== PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on $ISHC_TEST_DATABASE_URL"
"$@"
