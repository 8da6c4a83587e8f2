#!/usr/bin/env bash
# Renders every Android screen headless (Compose for desktop, the app's own
# screen code and strings, real data from the core) into
# docs/screenshots/android/: <screen>-vi.png, <screen>-en.png and
# <screen>-vi-fs2.png (font scale 2.0), 360 dp wide. Not part of the test
# command (which renders into android/ui/target/screenshots and checks the
# layouts); run it after changing a screen and commit the PNGs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(pwd)/docs/screenshots/android
rm -rf "$out"
mkdir -p "$out"
bash scripts/android-tests.sh -- -pl ui -am "-Dtest=*RenderTest" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dscreenshots.dir="$out" "$@"
ls "$out" | wc -l | xargs echo "PNGs in docs/screenshots/android:"
