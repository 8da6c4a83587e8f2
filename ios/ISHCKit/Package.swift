// swift-tools-version:6.0
// ISHCKit: the iOS app's code that is not SwiftUI, over the Rust core.
//
//   IshcCoreFFI  the core's C interface: on Apple platforms the XCFramework
//                that ios/scripts/build-xcframework.sh builds (static
//                libraries for device and simulator, with the header and
//                module map); on Linux the header and module map as a system
//                library, linked against libishc_ffi.so.
//   IshcCore     the Swift bindings uniffi generates from the library
//                (library mode). Generated into Sources/IshcCore by the
//                scripts, never committed (see .gitignore).
//   ISHCKit      view models, formatting, drafts, strings: Foundation only,
//                so it builds and is tested on Linux too.
//
// Swift 6 language mode (strict concurrency) for every target.
import Foundation
import PackageDescription

#if os(Linux)
// Where libishc_ffi.so is, as seen from where `swift test` runs
// (scripts/ios-tests.sh sets it; the default is the chroot's view of the clone).
let libDir = ProcessInfo.processInfo.environment["ISHC_LIB_DIR"] ?? "/work/target/debug"

let ffiTargets: [Target] = [
    .systemLibrary(name: "IshcCoreFFI", path: "Sources/IshcCoreFFI"),
    .target(
        name: "IshcCore",
        dependencies: ["IshcCoreFFI"],
        linkerSettings: [
            .linkedLibrary("ishc_ffi"),
            .unsafeFlags(["-L\(libDir)", "-Xlinker", "-rpath", "-Xlinker", libDir]),
        ]
    ),
]
// SwiftPM on Linux has no tool to compile a String Catalog: the catalog is
// copied as it is and read by StringCatalog (Sources/ISHCKit/Text/Catalog.swift).
let stringResources: [Resource] = [.copy("Resources/Localizable.xcstrings")]
#else
let ffiTargets: [Target] = [
    // Inside the package: SwiftPM refuses a local binary target outside the package root.
    .binaryTarget(name: "IshcCoreFFI", path: "Frameworks/IshcCoreFFI.xcframework"),
    .target(
        name: "IshcCore",
        dependencies: ["IshcCoreFFI"],
        // A static library carries no link directives: the core's time-zone
        // lookup (chrono's iana-time-zone) needs CoreFoundation.
        linkerSettings: [.linkedFramework("CoreFoundation")]
    ),
]
// Xcode and SwiftPM on macOS compile the catalog into vi.lproj and en.lproj.
let stringResources: [Resource] = [.process("Resources")]
#endif

let package = Package(
    name: "ISHCKit",
    defaultLocalization: "vi",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "ISHCKit", targets: ["ISHCKit"]),
    ],
    targets: ffiTargets + [
        .target(
            name: "ISHCKit",
            dependencies: ["IshcCore"],
            resources: stringResources
        ),
        .testTarget(name: "ISHCKitTests", dependencies: ["ISHCKit"]),
    ],
    swiftLanguageModes: [.v6]
)
