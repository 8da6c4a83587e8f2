import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// A member's page against the real core: the same cases as the Android app's MembersTest.
final class MemberDetailViewModelTests: TempDirTestCase, @unchecked Sendable {
    @MainActor
    func testAMembersPageShowsThePassbookWithTheRunningBalanceAndTheirLoan() async throws {
        let c = try demo()
        let m = MemberDetailViewModel(store: c.store, memberId: c.borrower)
        XCTAssertEqual(m.state.member?.fullName, "Võ Thị Đức")
        XCTAssertEqual(m.state.passbook?.lines.count, 0)
        XCTAssertEqual(m.state.loans.count, 1)
        let loan = try XCTUnwrap(m.state.loans.first)
        XCTAssertEqual(loan.principal.text, "3.000.000 ₫")
        XCTAssertEqual(loan.status, .active)
        XCTAssertEqual(
            Res.vi.text(.res("members_loan_title", .text(Format.date(loan.disbursedOn)), .text(Res.vi.text(memberLoanStatusText(loan.status))))),
            "Vay ngày 15/06/2026 · Đang vay"
        )

        try c.store.setActingMember(memberId: c.treasurer)
        _ = try c.store.deposit(memberId: c.borrower, amount: 200_000, on: "2026-07-01", memo: "")
        _ = try c.store.deposit(memberId: c.borrower, amount: 150_000, on: "2026-08-01", memo: "")
        let w = try c.store.withdraw(memberId: c.borrower, amount: 50_000, on: "2026-09-01", memo: "")
        _ = try c.store.reverseEntry(entryId: w.id, reason: "Ghi nhầm", on: "2026-09-02")
        m.reload()
        let lines = try XCTUnwrap(m.state.passbook?.lines)
        XCTAssertEqual(lines.map(\.entry.kind), [.deposit, .deposit, .withdrawal, .reversal])
        XCTAssertEqual(lines.map(\.balance.text), ["200.000 ₫", "350.000 ₫", "300.000 ₫", "350.000 ₫"])
        XCTAssertEqual(lines.map(\.reversed), [false, false, true, false])
        XCTAssertEqual(m.state.passbook?.balance.text, "350.000 ₫")
        XCTAssertEqual(Res.vi.text(entryKindText(lines[0].entry.kind)), "Gửi tiết kiệm")
        XCTAssertEqual(
            Res.vi.text(.res("members_passbook_line", .text(Format.date(lines[0].entry.entryOn)), .text(Res.vi.text(entryKindText(.deposit))), .text(lines[0].entry.amount.text))),
            "01/07/2026 · Gửi tiết kiệm · 200.000 ₫"
        )

        // Someone else's page has no loan.
        XCTAssertEqual(MemberDetailViewModel(store: c.store, memberId: c.chair).state.loans, [])
        // An unknown id is an error on the page, not a crash.
        XCTAssertEqual(MemberDetailViewModel(store: c.store, memberId: "nope").state.error, .res("error_not_found"))
    }

    func testEveryKindStatusHouseholdAndMethodHasAStringInBothLanguages() {
        let texts = EntryKind.allCases.map(entryKindText) + LoanStatus.allCases.map(memberLoanStatusText)
            + Household.allCases.map(householdText) + LoanStatus.allCases.map(loanStatusText)
            + InterestMethod.allCases.map(loanMethodText)
            + [EntryKind.deposit, .withdrawal, .reversal].map(savingsKindText) + [EntryKind.loanRepayment, .reversal].map(loanEntryKindText)
        for t in texts {
            guard case let .resource(key, _) = t else { return XCTFail("\(t) is not a catalog string") }
            XCTAssertTrue(Res.vi.has(key) && Res.en.has(key), key)
        }
        XCTAssertEqual(Res.vi.text(householdText(.nearPoor)), "Hộ cận nghèo")
        XCTAssertEqual(Res.vi.text(memberLoanStatusText(.repaid)), "Đã trả xong")
        XCTAssertEqual(Res.vi.text(loanStatusText(.repaid)), "Đã trả hết")
    }
}
