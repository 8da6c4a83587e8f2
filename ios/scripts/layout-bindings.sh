#!/usr/bin/env bash
# Lays out the Swift bindings uniffi generated (IshcCore.swift, IshcCoreFFI.h,
# IshcCoreFFI.modulemap in GEN_DIR) as the ISHCKit package's generated
# sources, which are never committed:
#
#   ios/ISHCKit/Sources/IshcCore/IshcCore.swift          both flavours
#   ios/ISHCKit/Sources/IshcCoreFFI/IshcCoreFFI.h        linux only (on Apple
#   ios/ISHCKit/Sources/IshcCoreFFI/module.modulemap     platforms the header is
#                                                        in the XCFramework)
#
#   ios/scripts/layout-bindings.sh GEN_DIR linux|apple
#
# A file is only rewritten when its content changed, so that SwiftPM does not
# recompile the 260 kB of generated Swift on every run.
set -euo pipefail
gen=${1:?usage: layout-bindings.sh GEN_DIR linux|apple}
flavour=${2:?usage: layout-bindings.sh GEN_DIR linux|apple}
pkg=$(cd "$(dirname "${BASH_SOURCE[0]}")/../ISHCKit" && pwd)
for f in IshcCore.swift IshcCoreFFI.h; do
    [ -f "$gen/$f" ] || { echo "layout-bindings: no $gen/$f (generate the bindings first)" >&2; exit 1; }
done

# Copies $1 to $2 unless $2 already has the same bytes.
put() {
    mkdir -p "$(dirname "$2")"
    cmp -s "$1" "$2" 2>/dev/null || cp "$1" "$2"
}

put "$gen/IshcCore.swift" "$pkg/Sources/IshcCore/IshcCore.swift"
case $flavour in
    linux)
        put "$gen/IshcCoreFFI.h" "$pkg/Sources/IshcCoreFFI/IshcCoreFFI.h"
        # The generated module map also names Darwin's modules; SwiftPM's
        # system library target wants a plain one.
        tmp=$(mktemp)
        printf 'module IshcCoreFFI {\n    header "IshcCoreFFI.h"\n    export *\n}\n' >"$tmp"
        put "$tmp" "$pkg/Sources/IshcCoreFFI/module.modulemap"
        rm -f "$tmp"
        ;;
    apple)
        # The binary target brings the header and module map; a stale Linux
        # copy here would be a second module of the same name.
        rm -rf "$pkg/Sources/IshcCoreFFI"
        ;;
    *) echo "layout-bindings: flavour must be linux or apple, not $flavour" >&2; exit 2 ;;
esac
