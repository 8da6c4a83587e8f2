import Foundation
import XCTest

@testable import ISHCKit

/// The app's strings as the phone has them (the catalog in ISHCKit's bundle).
enum Res {
    static let vi = AppLanguage.vi.strings
    static let en = AppLanguage.en.strings
}

/// The clone's root (tests read the Android resources and docs/ERRORS.md).
let repoRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<5 { url.deleteLastPathComponent() } // ios/ISHCKit/Tests/ISHCKitTests/Support.swift
    return url
}()

/// A test case with a fresh temporary directory.
// @unchecked Sendable: the generated test list on Linux passes the case into
// main-actor async tests; XCTest runs one test at a time.
class TempDirTestCase: XCTestCase, @unchecked Sendable {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ishckit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// The demo club in a new database in the test's directory.
    func demo() throws -> DemoClub {
        try DemoClub.create(at: dir.appendingPathComponent("club.db").path)
    }
}
