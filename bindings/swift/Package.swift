// swift-tools-version:6.0
// The generated Swift bindings of ishc-ffi, compiled in Swift 6 language mode
// (strict concurrency), and XCTest cases that run them against the real
// library. scripts/swift-tests.sh generates Sources/ from the built library
// (never committed) and runs `swift test` in the trixie chroot.
import Foundation
import PackageDescription

// Where libishc_ffi.so is, as seen from where `swift test` runs.
let libDir = ProcessInfo.processInfo.environment["ISHC_LIB_DIR"] ?? "/work/target/debug"

let package = Package(
    name: "IshcCoreBindingsTests",
    targets: [
        // The C header and module map uniffi generates.
        .systemLibrary(name: "IshcCoreFFI", path: "Sources/IshcCoreFFI"),
        // The generated Swift.
        .target(
            name: "IshcCore",
            dependencies: ["IshcCoreFFI"],
            linkerSettings: [
                .linkedLibrary("ishc_ffi"),
                .unsafeFlags(["-L\(libDir)", "-Xlinker", "-rpath", "-Xlinker", libDir]),
            ]
        ),
        .testTarget(name: "IshcCoreTests", dependencies: ["IshcCore"]),
    ]
)
