import Foundation
import XCTest

@testable import ISHCKit

final class FormatTests: XCTestCase {
    func testDatesAndTimesAreWrittenAsVietnameseWriteThem() {
        XCTAssertEqual(Format.date("2026-03-02"), "02/03/2026")
        XCTAssertEqual(Format.date("02/03/2026"), "02/03/2026", "not ISO: as it is")
        XCTAssertEqual(Format.dateTime("2026-03-02T08:30:00+07:00"), "02/03/2026 08:30")
        XCTAssertEqual(Format.dateTime("soon"), "soon")
        // 2026-11-29 02:15 UTC is 09:15 in Vietnam.
        XCTAssertEqual(Format.vietnamDateTime(Date(timeIntervalSince1970: 1_795_918_500)), "29/11/2026 09:15")
    }

    func testMoneyIsTheCoresText() {
        XCTAssertEqual(Format.money(1_500_000), "1.500.000 ₫")
        XCTAssertEqual(AmountInput("1tr5").preview, "1.500.000 ₫")
        XCTAssertEqual(AmountInput("500k").dong, 500_000)
        XCTAssertNil(AmountInput("mười nghìn").dong)
        XCTAssertNil(AmountInput("  ").preview)
    }
}
