#!/usr/bin/env bash
# The Android app's checks that run without the Android SDK (no Google Maven
# here): builds the core library, generates its Kotlin bindings, and runs
# Maven on android/pom.xml: the plain-Kotlin state holders (android/shared)
# tested on the JVM against the real library, and the Compose screens
# (android/ui) compiled against Compose for desktop, rendered headless and
# clicked through. Maven Central only; artifacts cached in ~/.m2.
#
#   bash scripts/android-tests.sh                 # build, generate, test
#   bash scripts/android-tests.sh -- -pl shared   # extra Maven arguments
#
# Without extra Maven arguments it then compile-checks android/app (see the
# end of this script). Environment: MVN_OFFLINE=1 adds -o. See
# android/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
unset CARGO_TARGET_DIR

generated=android/target/generated/uniffi
echo "== build ishc-ffi and ishc-server; generate Kotlin -> $generated"
bash scripts/bindings-gen.sh kotlin "$generated"
lib=target/debug/libishc_ffi.so

# Skiko (Compose's renderer) needs OpenGL, X11 and fontconfig libraries and a
# font with Vietnamese letters, even headless.
need=()
for p in libgl1 libx11-6 libfontconfig1 libfreetype6 fonts-dejavu-core; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if ! command -v mvn >/dev/null; then need+=(maven); fi
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "== installing ${need[*]} (Debian packages)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "android-tests.sh: needs the Debian packages ${need[*]}" >&2; exit 1
    fi
fi

abs() { (cd "$1" && pwd); }
mvn_flags=(-B -ntp -Dstyle.color=never)
[ "${MVN_OFFLINE:-0}" = 1 ] && mvn_flags+=(-o)
[ "${1:-}" = -- ] && shift

echo "== mvn test (android/pom.xml) against $lib"
mvn "${mvn_flags[@]}" -f android/pom.xml test \
    -Duniffi.generated="$(abs "$generated")" \
    -Duniffi.libdir="$(abs "$(dirname "$lib")")" \
    "$@"

# The app module (Activity, WorkManager, ViewModels, navigation) cannot be
# built without the Android SDK; compile its Kotlin with shared/ and ui/
# against the real Android framework classes (Robolectric's android-all,
# ~135 MB once into ~/.m2) and stubs of the few Android-only libraries
# (android/app-check/pom.xml says what this does and does not catch).
# Skipped when Maven arguments select part of the build.
if [ $# -eq 0 ]; then
    echo "== compile check of android/app against the Android framework classes"
    mvn "${mvn_flags[@]}" -q -f android/app-check/pom.xml compile \
        -Duniffi.generated="$(abs "$generated")"
fi
