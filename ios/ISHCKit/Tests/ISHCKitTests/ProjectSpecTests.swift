import Foundation
import XCTest

@testable import ISHCKit

/// The parts of ios/project.yml that must agree with the code, which no
/// Linux build can otherwise see (XcodeGen and Xcode run on a Mac only).
final class ProjectSpecTests: XCTestCase {
    private func read(_ path: String) throws -> String {
        try String(contentsOf: repoRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The value of `key: value` on its own line in the spec (first occurrence), comments dropped.
    private func value(_ key: String, in spec: String) throws -> String {
        let line = try XCTUnwrap(spec.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") }, "no \(key) in project.yml")
        let v = line.split(separator: ":", maxSplits: 1)[1].split(separator: "#")[0]
        return v.trimmingCharacters(in: .whitespaces)
    }

    func testTheBackgroundTaskTheAppRegistersIsPermittedAndFetchIsOn() throws {
        let spec = try read("ios/project.yml")
        let code = try read("ios/App/BackgroundSync.swift")
        let re = try NSRegularExpression(pattern: #"taskIdentifier = "([^"]+)""#)
        let m = try XCTUnwrap(re.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)))
        let id = String(code[Range(m.range(at: 1), in: code)!])
        XCTAssertEqual(id, "vn.ishc.app.sync")
        XCTAssertEqual(try value("BGTaskSchedulerPermittedIdentifiers", in: spec), "[\(id)]")
        XCTAssertEqual(try value("UIBackgroundModes", in: spec), "[fetch]")
    }

    func testTheAppHasTheCatalogsTwoLanguagesVietnameseFirst() throws {
        let spec = try read("ios/project.yml")
        XCTAssertEqual(try value("developmentLanguage", in: spec), "vi")
        XCTAssertEqual(try value("CFBundleDevelopmentRegion", in: spec), "vi")
        XCTAssertEqual(try value("CFBundleLocalizations", in: spec), "[vi, en]")
        let infoPlist = try StringCatalog(contentsOf: repoRoot.appendingPathComponent("ios/App/InfoPlist.xcstrings"))
        XCTAssertEqual(infoPlist.sourceLanguage, "vi")
        XCTAssertEqual(infoPlist.values["CFBundleDisplayName"]?["vi"], "CLB Liên thế hệ")
        XCTAssertNotNil(infoPlist.values["CFBundleDisplayName"]?["en"])
        // Reaching a server on the same Wi-Fi is asked for in the person's language.
        let localNetwork = try value("NSLocalNetworkUsageDescription", in: spec)
        XCTAssertEqual(infoPlist.values["NSLocalNetworkUsageDescription"]?["vi"], localNetwork)
        XCTAssertFalse((infoPlist.values["NSLocalNetworkUsageDescription"]?["en"] ?? "").isEmpty)
        // The deployment targets of the app and the package agree.
        XCTAssertEqual(try value("iOS", in: spec), "\"16.0\"")
        XCTAssertTrue(try read("ios/ISHCKit/Package.swift").contains(".iOS(.v16)"))
        XCTAssertTrue(try read("ios/scripts/build-xcframework.sh").contains("IPHONEOS_DEPLOYMENT_TARGET=16.0"))
    }
}
