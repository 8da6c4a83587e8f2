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
# 256-colour PNGs (pngquant): a quarter of the size, the same to the eye.
if ! command -v pngquant >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pngquant >/dev/null
fi
if command -v pngquant >/dev/null; then
    pngquant --quality 70-95 --speed 1 --force --ext .png "$out"/*.png
fi
echo "$(ls "$out" | wc -l) PNGs, $(du -sh "$out" | cut -f1), in docs/screenshots/android"
