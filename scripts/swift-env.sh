#!/usr/bin/env bash
# Swift on Linux for the project's tests, without Swift on the host.
#
# The host is Debian 12 (bookworm), which ships no Swift; Debian 13 (trixie)
# ships swiftlang 6.0.3. This script keeps a minimal trixie chroot with
# swiftlang in a cache OUTSIDE the clone and runs commands in it, with a host
# directory bind-mounted at /work. Needs root (debootstrap, mount, chroot).
#
#   scripts/swift-env.sh ensure        create the chroot if it is missing (else reuse it)
#   scripts/swift-env.sh path          print the chroot's path (after ensure)
#   scripts/swift-env.sh info          print the marker: spec, package versions, build time
#   scripts/swift-env.sh selftest      compile and run a Swift hello world in the chroot
#   scripts/swift-env.sh check-so F.so  check that a library built on the host loads in the chroot
#   scripts/swift-env.sh run [-b HOST[:GUEST]]... [-w DIR] [-e NAME[=VALUE]]... -- CMD [ARG]...
#        run CMD in the chroot (ensure first). Each -b bind-mounts HOST at GUEST
#        (GUEST defaults to /work); without -b the clone's root is mounted at /work.
#        -w sets the working directory inside (default: the first GUEST).
#        The environment inside is clean: PATH (Swift's bin first), HOME=/tmp/swift-home,
#        LANG=C.UTF-8, plus each -e NAME (from the host) or NAME=VALUE.
#   scripts/swift-env.sh clean         remove the cached chroot
#
# Cache: ${ISHC_CACHE_DIR:-$HOME/.cache/ishc}/swift-trixie (2.5 GB; the first
# build takes about 2 minutes on 2 cores: some 20 s to download 540 MB of
# packages, the rest dpkg unpacking swiftlang; later runs reuse it in ~1 s). It is built in a temporary sibling directory and renamed
# into place only once complete, with a marker file inside; an interrupted build
# leaves only a *.partial.* directory that the next run removes.
#
# Mounts (/proc, the binds) are made in a private mount namespace (unshare), so
# they vanish when the command ends, whatever happens; where unshare is not
# available they are made in the host namespace and undone by an EXIT trap.
#
# The Swift toolchain is at /usr/libexec/swift/bin inside (swiftc, swift build,
# swift test). Rust libraries built on the bookworm host (glibc 2.36) load fine
# in the trixie chroot (glibc 2.41); the other direction would not.
set -euo pipefail

SUITE=trixie
INCLUDE=swiftlang,libswiftlang,libc6-dev
MIRROR=${ISHC_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE_DIR=${ISHC_CACHE_DIR:-${HOME:-/root}/.cache/ishc}
CHROOT=$CACHE_DIR/swift-trixie
MARKER_NAME=.ishc-swift-env
# Changing the spec makes the next run rebuild the chroot.
SPEC="suite=$SUITE variant=minbase include=$INCLUDE format=1"
SWIFT_BIN=/usr/libexec/swift/bin
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { echo "swift-env: $*" >&2; }
die() { log "error: $*"; exit 1; }

need_root() {
    [ "$(id -u)" = 0 ] || die "needs root (debootstrap, mount and chroot)"
}

is_ready() {
    [ -f "$CHROOT/$MARKER_NAME" ] && grep -qxF "spec: $SPEC" "$CHROOT/$MARKER_NAME"
}

# Unmounts everything mounted at or below $1 (deepest first).
unmount_under() {
    local dir=$1 m
    [ -d "$dir" ] || return 0
    dir=$(cd "$dir" && pwd -P)
    findmnt -rn -o TARGET | awk -v d="$dir" '$0 == d || index($0, d "/") == 1' | sort -r |
        while IFS= read -r m; do
            umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "warning: could not unmount $m"
        done
}

remove_tree() {
    local dir=$1
    [ -e "$dir" ] || return 0
    unmount_under "$dir"
    rm -rf --one-file-system "$dir"
}

ensure_host_tools() {
    local missing=()
    command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap debian-archive-keyring gpgv)
    command -v unshare >/dev/null 2>&1 && command -v findmnt >/dev/null 2>&1 &&
        command -v flock >/dev/null 2>&1 || missing+=(util-linux)
    [ ${#missing[@]} = 0 ] && return 0
    log "installing on the host: ${missing[*]}"
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

ensure_chroot() {
    need_root
    is_ready && return 0
    ensure_host_tools
    mkdir -p "$CACHE_DIR"
    local lock
    exec {lock}>"$CACHE_DIR/swift-trixie.lock"
    flock "$lock"
    if is_ready; then # another run built it while we waited
        exec {lock}>&-
        return 0
    fi

    # Leftovers of interrupted builds, and a chroot built to an older spec.
    local d
    for d in "$CACHE_DIR"/swift-trixie.partial.*; do
        [ -e "$d" ] || continue
        log "removing the leftover $d"
        remove_tree "$d"
    done
    if [ -e "$CHROOT" ]; then
        log "the chroot at $CHROOT is incomplete or of another spec: rebuilding"
        d=$(mktemp -d "$CACHE_DIR/swift-trixie.partial.old.XXXXXX")
        mv -T "$CHROOT" "$d/old"
        remove_tree "$d"
    fi

    local tmp script=$SUITE start
    tmp=$(mktemp -d "$CACHE_DIR/swift-trixie.partial.XXXXXX")
    chmod 755 "$tmp"
    # shellcheck disable=SC2064
    trap "remove_tree '$tmp'" EXIT
    [ -e "/usr/share/debootstrap/scripts/$SUITE" ] || script=sid
    log "building a $SUITE chroot with $INCLUDE in $tmp (a few minutes; log in $tmp.log)"
    # dpkg without fsync: about 15% faster here, and safe since an interrupted
    # build is thrown away anyway. Removed once the chroot is complete.
    mkdir -p "$tmp/etc/dpkg/dpkg.cfg.d"
    echo force-unsafe-io >"$tmp/etc/dpkg/dpkg.cfg.d/ishc-unsafe-io"
    start=$(date +%s)
    if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$tmp" "$MIRROR" \
        "/usr/share/debootstrap/scripts/$script" >"$tmp.log" 2>&1; then
        tail -n 30 "$tmp.log" >&2
        die "debootstrap failed (log: $tmp.log)"
    fi
    unmount_under "$tmp" # debootstrap unmounts its /proc and /sys, but be sure
    local secs=$(($(date +%s) - start))
    rm -f "$tmp/etc/dpkg/dpkg.cfg.d/ishc-unsafe-io"
    sync -f "$tmp" 2>/dev/null || true
    # Keep the image small: apt's package cache and lists are not needed.
    rm -rf "$tmp"/var/cache/apt/archives/*.deb "$tmp"/var/lib/apt/lists/* 2>/dev/null || true
    mkdir -p "$tmp/work" "$tmp/tmp/swift-home"
    # swiftc finds its resources through /proc/self/exe: it needs /proc.
    mount -t proc proc "$tmp/proc"
    local version
    version=$(chroot "$tmp" "$SWIFT_BIN/swiftc" --version 2>&1 | head -n1) || true
    umount "$tmp/proc"
    case $version in Swift\ version*) ;; *) die "swiftc does not run in the new chroot: $version" ;; esac
    {
        echo "spec: $SPEC"
        echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) in ${secs}s from $MIRROR"
        # shellcheck disable=SC2016
        chroot "$tmp" dpkg-query -W -f='package: ${Package} ${Version}\n' swiftlang libswiftlang libc6 libc6-dev
        echo "swiftc: $version"
    } >"$tmp/$MARKER_NAME"
    mv -T "$tmp" "$CHROOT" # atomic: the chroot appears only complete
    rm -f "$tmp.log"
    trap - EXIT
    exec {lock}>&-
    log "chroot ready at $CHROOT (debootstrap ${secs}s, $(du -sh "$CHROOT" 2>/dev/null | cut -f1))"
}

# Mounts made by this process, undone in reverse order on exit.
MOUNTED=()
undo_mounts() {
    local i
    for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
        umount "${MOUNTED[$i]}" 2>/dev/null || umount -l "${MOUNTED[$i]}" 2>/dev/null || true
    done
    MOUNTED=()
}

cmd_run() {
    local binds=() envs=() workdir=""
    while [ $# -gt 0 ]; do
        case $1 in
            -b) binds+=("$2"); shift 2 ;;
            -w) workdir=$2; shift 2 ;;
            -e) envs+=("$2"); shift 2 ;;
            --) shift; break ;;
            *) break ;;
        esac
    done
    [ $# -gt 0 ] || die "run: no command (usage: run [-b HOST[:GUEST]]... [-w DIR] [-e NAME[=VALUE]]... -- CMD ...)"
    [ ${#binds[@]} -gt 0 ] || binds=("$REPO_ROOT:/work")

    ensure_chroot

    # Re-run in a private mount namespace, so no mount outlives this command.
    if [ -z "${ISHC_SWIFT_ENV_NS:-}" ] && unshare --mount --propagation private true 2>/dev/null; then
        local args=() b e
        for b in "${binds[@]}"; do args+=(-b "$b"); done
        for e in "${envs[@]}"; do
            case $e in *=*) args+=(-e "$e") ;; *) args+=(-e "$e=${!e-}") ;; esac
        done
        [ -z "$workdir" ] || args+=(-w "$workdir")
        ISHC_SWIFT_ENV_NS=1 exec unshare --mount --propagation private \
            bash "${BASH_SOURCE[0]}" run "${args[@]}" -- "$@"
    fi

    trap undo_mounts EXIT
    trap 'exit 130' INT TERM HUP
    if ! mountpoint -q "$CHROOT/proc"; then
        mount -t proc proc "$CHROOT/proc"
        MOUNTED+=("$CHROOT/proc")
    fi
    local b host guest
    for b in "${binds[@]}"; do
        host=${b%%:*}
        guest=/work
        [ "$b" = "$host" ] || guest=${b#*:}
        [ -d "$host" ] || die "run: $host is not a directory"
        case $guest in /*) ;; *) die "run: $guest must be an absolute path" ;; esac
        host=$(cd "$host" && pwd -P)
        mkdir -p "$CHROOT$guest"
        mount --bind "$host" "$CHROOT$guest"
        MOUNTED+=("$CHROOT$guest")
        [ -n "$workdir" ] || workdir=$guest
    done

    local env=(PATH="$SWIFT_BIN:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        HOME=/tmp/swift-home LANG=C.UTF-8 TERM="${TERM:-dumb}")
    local e
    for e in "${envs[@]}"; do
        case $e in *=*) env+=("$e") ;; *) env+=("$e=${!e-}") ;; esac
    done
    mkdir -p "$CHROOT/tmp/swift-home"
    # Not exec: the EXIT trap must undo the mounts (outside a private namespace).
    # In the background and waited for, so that a signal to this script is passed
    # on at once (bash defers traps while a foreground child runs).
    local rc=0 child
    # shellcheck disable=SC2016
    chroot "$CHROOT" /usr/bin/env -i "${env[@]}" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$workdir" "$@" <&0 &
    child=$!
    trap 'kill -TERM "$child" 2>/dev/null || true' INT TERM HUP
    while :; do
        rc=0
        wait "$child" || rc=$?
        kill -0 "$child" 2>/dev/null || break # else wait was interrupted by a signal
    done
    trap - INT TERM HUP
    return $rc
}

cmd_selftest() {
    local dir rc=0
    ensure_chroot
    dir=$(mktemp -d)
    cat >"$dir/hello.swift" <<'EOF'
import Foundation
@main struct Hello {
    static func main() async throws {
        try await Task.sleep(nanoseconds: 1_000_000)
        print("swift works: \(ProcessInfo.processInfo.operatingSystemVersionString)")
    }
}
EOF
    bash "${BASH_SOURCE[0]}" run -b "$dir:/work" -- \
        sh -c 'swiftc -swift-version 6 -parse-as-library hello.swift -o hello && ./hello' || rc=$?
    rm -rf "$dir"
    return $rc
}

# Checks that a shared library built on the host loads in the chroot: every
# library it needs is found and its glibc symbol versions are provided there.
cmd_check_so() {
    local so=${1:?usage: check-so FILE.so}
    [ -f "$so" ] || die "check-so: no file $so"
    local dir name
    dir=$(cd "$(dirname "$so")" && pwd -P)
    name=$(basename "$so")
    # shellcheck disable=SC2016
    bash "${BASH_SOURCE[0]}" run -b "$dir:/work" -- sh -c '
        out=$(ldd "/work/$1" 2>&1) || { echo "$out"; exit 1; }
        if echo "$out" | grep -q "not found"; then echo "$out"; exit 1; fi
        need=$(objdump -T "/work/$1" | grep -o "GLIBC_[0-9.]*" | sort -uV | tail -n1)
        echo "$1 loads in the chroot: needs up to $need, the chroot has glibc $(ldd --version | head -n1 | grep -o "[0-9.]*$")"
    ' sh "$name"
}

case ${1:-} in
    ensure) ensure_chroot; echo "$CHROOT" ;;
    path) echo "$CHROOT" ;;
    info) is_ready || die "no complete chroot at $CHROOT (run: $0 ensure)"; cat "$CHROOT/$MARKER_NAME" ;;
    run) shift; cmd_run "$@" ;;
    selftest) cmd_selftest ;;
    check-so) shift; cmd_check_so "$@" ;;
    clean)
        need_root
        remove_tree "$CHROOT"
        for d in "$CACHE_DIR"/swift-trixie.partial.*; do [ -e "$d" ] && remove_tree "$d"; done
        rm -f "$CACHE_DIR"/swift-trixie.partial.*.log
        log "removed $CHROOT"
        ;;
    *)
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
        exit 2
        ;;
esac
