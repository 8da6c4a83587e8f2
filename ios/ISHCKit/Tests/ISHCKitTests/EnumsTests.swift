import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// ISHCKit lists the generated enums' cases by hand (uniffi does not make
/// them CaseIterable): the lists must be the generated declarations, in order.
final class EnumsTests: XCTestCase {
    /// The cases of `public enum <name>` in the generated Swift, in order.
    private func generatedCases(_ name: String) throws -> [String] {
        let source = try String(
            contentsOf: repoRoot.appendingPathComponent("ios/ISHCKit/Sources/IshcCore/IshcCore.swift"), encoding: .utf8
        )
        let start = try XCTUnwrap(source.range(of: "public enum \(name): "), "no enum \(name) in the generated Swift")
        let body = source[start.upperBound...]
        let end = try XCTUnwrap(body.range(of: "\n}\n"))
        let re = try NSRegularExpression(pattern: #"^\s*case (\w+)\s*$"#, options: .anchorsMatchLines)
        let text = String(body[..<end.lowerBound])
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range(at: 1), in: text)!]) }
    }

    func testTheHandWrittenCaseListsAreTheGeneratedOnes() throws {
        XCTAssertEqual(Service.allCases.map { String(describing: $0) }, try generatedCases("Service"))
        XCTAssertEqual(Role.allCases.map { String(describing: $0) }, try generatedCases("Role"))
        XCTAssertEqual(BpFlag.allCases.map { String(describing: $0) }, try generatedCases("BpFlag"))
        XCTAssertEqual(InstallmentState.allCases.map { String(describing: $0) }, try generatedCases("InstallmentState"))
        XCTAssertEqual(Sex.allCases.map { String(describing: $0) }, try generatedCases("Sex"))
        XCTAssertEqual(Household.allCases.map { String(describing: $0) }, try generatedCases("Household"))
        XCTAssertEqual(Membership.allCases.map { String(describing: $0) }, try generatedCases("Membership"))
        XCTAssertEqual(EntryKind.allCases.map { String(describing: $0) }, try generatedCases("EntryKind"))
        XCTAssertEqual(LoanStatus.allCases.map { String(describing: $0) }, try generatedCases("LoanStatus"))
        XCTAssertEqual(InterestMethod.allCases.map { String(describing: $0) }, try generatedCases("InterestMethod"))
    }
}
