#!/usr/bin/env bash
# Kotlin-on-JVM tests of the uniffi bindings: builds the FFI library, generates
# its Kotlin bindings (uniffi library mode), compiles them with Maven and runs
# the JUnit 5 tests in bindings/kotlin/src/test/kotlin on the JVM against the
# real Rust library. Needs cargo, a JDK 17 and Maven; Maven fetches from Maven
# Central into ~/.m2 (outside the clone, so a CI cache of ~/.m2 is reused).
#
#   bash scripts/kotlin-tests.sh                      # build, generate, test
#   bash scripts/kotlin-tests.sh --lib target/debug/libishc_ffi.so \
#        --generated DIR                              # reuse what is built
#   bash scripts/kotlin-tests.sh -- -Dtest=BindingsTest  # extra Maven arguments
#
# Environment: MVN_OFFLINE=1 adds -o (everything already in ~/.m2);
# Builds into ./target (CARGO_TARGET_DIR is ignored). See docs/KOTLIN-ON-JVM.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# The scripts build into and load from ./target (the Swift chroot mounts the
# clone): a CARGO_TARGET_DIR elsewhere would mix libraries and bindings.
unset CARGO_TARGET_DIR

# --- what the FFI is called (the lead's plan; change here if it changes) ----
FFI_LIB=${FFI_LIB:-ishc_ffi}                # library name: lib$FFI_LIB.so
POM=bindings/kotlin/pom.xml
GENERATED_DEFAULT=bindings/kotlin/target/generated/uniffi
# -----------------------------------------------------------------------------

lib=""
generated=""
while [ $# -gt 0 ]; do
    case "$1" in
        --lib) lib=$2; shift 2 ;;
        --generated) generated=$2; shift 2 ;;
        --) shift; break ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "kotlin-tests.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

case "$(uname -s)" in
    Darwin) so_ext=dylib ;;
    *) so_ext=so ;;
esac
target_dir=target

if [ -z "$lib" ]; then
    generated=${generated:-$GENERATED_DEFAULT}
    echo "== build ishc-ffi (fault-injection) and ishc-server; generate Kotlin -> $generated"
    bash scripts/bindings-gen.sh kotlin "$generated"
    lib=$target_dir/debug/lib$FFI_LIB.$so_ext
fi
[ -f "$lib" ] || { echo "kotlin-tests.sh: no library at $lib" >&2; exit 1; }
server=$(dirname "$lib")/ishc-server
[ -x "$server" ] || { echo "kotlin-tests.sh: no ishc-server next to $lib" >&2; exit 1; }
[ -d "$generated" ] || { echo "kotlin-tests.sh: no generated Kotlin in $generated" >&2; exit 1; }

if ! command -v mvn >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "== installing Maven (Debian package)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
    else
        echo "kotlin-tests.sh: needs Maven (mvn) and a JDK 17" >&2; exit 1
    fi
fi

abs() { (cd "$1" && pwd); }
mvn_flags=(-B -ntp -Dstyle.color=never)
[ "${MVN_OFFLINE:-0}" = 1 ] && mvn_flags+=(-o)

echo "== mvn test ($POM) against $lib"
# Not -q: it would hide Surefire's "Tests run: N, Failures: ..." summary.
# Not `clean`: it would delete the generated sources under target/.
mvn "${mvn_flags[@]}" -f "$POM" test \
    -Duniffi.generated="$(abs "$generated")" \
    -Duniffi.libdir="$(abs "$(dirname "$lib")")" \
    "$@"
