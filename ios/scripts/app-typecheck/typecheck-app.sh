#!/usr/bin/env bash
# Type-checks the SwiftUI app (ios/App) on Linux, where there is no SwiftUI:
# against stubs of the SwiftUI, Combine, UIKit, BackgroundTasks and Network
# declarations it uses (this directory) and the real ISHCKit module built by
# `swift test`. It catches mistakes in the views' calls into ISHCKit and the
# core's types, in Swift 6 isolation around them, and typos; it cannot catch
# a misuse of SwiftUI itself (the stubs are what we believe SwiftUI declares),
# so building in Xcode stays the real check. It also type-checks the Combine
# branch of ISHCKit's ViewModel.swift against the Combine stub. Run inside
# the Swift chroot by scripts/ios-tests.sh, after `swift test`:
#
#   typecheck-app.sh IOS_DIR MODULES_DIR OUT_DIR
set -euo pipefail
ios=${1:?usage: typecheck-app.sh IOS_DIR MODULES_DIR OUT_DIR}
modules=${2:?}
out=${3:?}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
stub() { # module name, source
    swiftc -swift-version 6 -parse-as-library -emit-module -module-name "$1" \
        -I "$out" "$here/$1.swift" -emit-module-path "$out/$1.swiftmodule"
}
stub Combine
stub SwiftUI
stub UIKit
stub BackgroundTasks
stub Network
files=("$ios"/App/*.swift "$ios"/App/Views/*.swift)
swiftc -typecheck -swift-version 6 -parse-as-library -warnings-as-errors \
    -I "$out" -I "$modules" -Xcc -fmodule-map-file="$ios/ISHCKit/Sources/IshcCoreFFI/module.modulemap" \
    "${files[@]}" "$here/Shim.swift"
echo "typecheck-app: the ${#files[@]} files of ios/App type-check against the stubs"
# ISHCKit's ViewModel is an ObservableObject only where Combine exists (not
# in the Linux build of ISHCKit): its Apple-only branch, alone, against the
# Combine stub (canImport(Combine) is true here).
swiftc -typecheck -swift-version 6 -parse-as-library -warnings-as-errors -I "$out" -module-name ViewModelCheck \
    "$ios/ISHCKit/Sources/ISHCKit/Core/ViewModel.swift"
echo "typecheck-app: ISHCKit's ViewModel.swift type-checks with the Combine stub"
