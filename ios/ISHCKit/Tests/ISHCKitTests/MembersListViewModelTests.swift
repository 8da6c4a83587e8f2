import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// The members list against the real core: the search forgives diacritics and đ.
final class MembersListViewModelTests: TempDirTestCase, @unchecked Sendable {
    @MainActor
    func testAnUnaccentedSearchFindsAccentedNames() async throws {
        let c = try demo()
        // A name typed in decomposed form (as some keyboards send it) is found too.
        _ = try c.store.registerMember(member: NewMember(
            fullName: "Nguye\u{302}\u{303}n Thi\u{323} Hoa\u{300}", sex: .female, birth: "1950", ethnicity: "Kinh", household: .neither,
            disabled: false, livesAlone: false, hamlet: "Ấp 3", phone: "0912 345 678", joinedOn: "2020-01-15", roles: [], membership: .member
        ))
        let m = MembersListViewModel(store: c.store)
        XCTAssertEqual(m.state.rows.count, 7)
        // Vietnamese order by given name (tên): Ánh, Bảy, Đức, Hoà, Hùng, Lan, Mai.
        XCTAssertEqual(m.state.rows.map(\.member.givenName), ["Ánh", "Bảy", "Đức", "Hoà", "Hùng", "Lan", "Mai"])

        m.setSearch("nguyen thi")
        XCTAssertEqual(m.state.rows.map(\.member.fullName), ["Nguyễn Thị Hoà"])
        m.setSearch("duc")
        XCTAssertEqual(m.state.rows.map(\.member.fullName), ["Võ Thị Đức"])
        XCTAssertEqual(m.state.rows.first?.loanOutstanding.text, "3.000.000 ₫")
        XCTAssertEqual(Res.vi.text(.res("members_loan_outstanding", .text(m.state.rows[0].loanOutstanding.text))), "Dư nợ: 3.000.000 ₫")
        m.setSearch("  NGUYỄN  ")
        XCTAssertEqual(m.state.rows.map(\.member.fullName), ["Nguyễn Thị Hoà", "Nguyễn Văn Hùng"])
        m.setSearch("345 678")
        XCTAssertEqual(m.state.rows.map(\.member.fullName), ["Nguyễn Thị Hoà"], "phone digits")
        m.setSearch("xyz")
        XCTAssertEqual(m.state.rows, [])
        XCTAssertNil(m.state.error)
        m.setSearch("")
        XCTAssertEqual(m.state.rows.count, 7)
    }

    @MainActor
    func testPeopleWhoLeftAreListedOnlyWhenAskedAndDuplicatesAreCounted() async throws {
        let c = try demo()
        _ = try c.store.recordLeave(memberId: c.borrower, leftOn: "2026-11-01", reason: "Chuyển đi nơi khác")
        // Same name, birth year and hamlet as Phạm Văn Bảy: flagged, never merged.
        let again = try c.store.registerMember(member: NewMember(
            fullName: "Pham Van Bay", sex: .male, birth: "1938", ethnicity: "Kinh", household: .poor,
            disabled: false, livesAlone: true, hamlet: "Ấp 3", phone: nil, joinedOn: "2024-06-01", roles: [], membership: .member
        ))
        XCTAssertEqual(again.possibleDuplicates.map(\.fullName), ["Phạm Văn Bảy"])
        let m = MembersListViewModel(store: c.store)
        XCTAssertFalse(m.state.rows.map(\.member.id).contains(c.borrower))
        XCTAssertEqual(m.state.duplicates, 1)
        XCTAssertEqual(Res.vi.text(.res("members_duplicates_link", .int(Int64(m.state.duplicates)))), "1 cặp có thể trùng, cần xem lại")
        m.setIncludeLeft(true)
        XCTAssertEqual(m.state.rows.first { $0.member.id == c.borrower }?.member.leftOn, "2026-11-01")
    }
}
