import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// The home page by role against the real core: the same cases as the
/// Android app's HomeTest.
final class HomeViewModelTests: TempDirTestCase, @unchecked Sendable {
    /// The demo club on 15/09/2026: Đức's loan (3.000.000 ₫ from 15/06, 6
    /// months, 1% flat: 530.000 ₫ a month) has its first installment paid,
    /// the second overdue by 31 days and the third due today; the chair's
    /// loan (2.000.000 ₫ from 15/08, 4 months, 1% flat: 520.000 ₫) has its
    /// first installment due today. Bảy was visited on 01/09, Ánh never.
    private func club() throws -> DemoClub {
        let c = try DemoClub.create(at: dir.appendingPathComponent("club.db").path, loanDisbursedOn: "2026-06-15", visitOn: "2026-09-01")
        try c.store.setActingMember(memberId: c.treasurer)
        _ = try c.store.repayLoan(loanId: c.loan, amount: 530_000, paidOn: "2026-07-15")
        _ = try c.store.disburseLoan(loan: NewLoan(
            borrowerId: c.chair, principal: 2_000_000, disbursedOn: "2026-08-15", termMonths: 4, monthlyRateBp: 100, method: .flat, purpose: "Bán tạp hóa"
        ))
        _ = try c.store.deposit(memberId: c.chair, amount: 200_000, on: "2026-09-01", memo: "")
        return c
    }

    /// The kinds of the sections, in order.
    private func kinds(_ s: HomeState) -> [String] {
        s.sections.map {
            switch $0 {
            case .visits: "visits"
            case .treasury: "treasury"
            case .mine: "mine"
            }
        }
    }

    @MainActor
    func testATreasurerSeesTodaysRepaymentsTheOverdueLoansAndPAR30BeforeTheirOwnSavings() async throws {
        let c = try club()
        let m = HomeViewModel(store: c.store)
        XCTAssertTrue(m.state.loading)
        m.refresh(actingId: c.treasurer, today: "2026-09-15")
        let s = m.state
        XCTAssertFalse(s.loading)
        XCTAssertEqual(s.clubName, "CLB Liên thế hệ tự giúp nhau ấp 3")
        XCTAssertEqual(s.name, "Trần Thị Lan")
        XCTAssertEqual(s.roles, [.treasurer])
        XCTAssertEqual(s.today, "15/09/2026")
        XCTAssertEqual(kinds(s), ["treasury", "mine"])
        XCTAssertEqual(Res.vi.text(.res("home_hello", .text(s.name))), "Chào Trần Thị Lan")

        let t = try XCTUnwrap(s.treasury)
        // Both loans have an installment due today, still unpaid.
        XCTAssertEqual(
            t.dueToday.sorted { $0.installment > $1.installment }.map { "\($0.borrowerName) \($0.installment) \($0.amount.text)" },
            ["Võ Thị Đức 3 530.000 ₫", "Nguyễn Văn Hùng 1 520.000 ₫"]
        )
        XCTAssertEqual(Res.vi.text(.res("home_due_line", .int(3), .text("530.000 ₫"))), "Kỳ 3: còn phải trả 530.000 ₫")
        // Only Đức is past due: installment 2 (15/08), 31 days.
        XCTAssertEqual(t.overdue.count, 1)
        XCTAssertEqual(t.overdue[0].borrowerName, "Võ Thị Đức")
        XCTAssertEqual(t.overdue[0].overdue.dong, 530_000)
        XCTAssertEqual(t.overdue[0].daysPastDue, 31)
        XCTAssertEqual(t.overdue[0].loanId, c.loan)
        XCTAssertEqual(Res.vi.text(.res("home_overdue_line", .text(t.overdue[0].overdue.text), .int(31))), "Quá hạn 530.000 ₫ · 31 ngày")
        // PAR30: 2.500.000 of 4.500.000 outstanding is more than 30 days late.
        let par = t.portfolioAtRisk
        XCTAssertEqual(par.days, 30)
        XCTAssertEqual(par.outstanding.text, "4.500.000 ₫")
        XCTAssertEqual(par.atRisk.text, "2.500.000 ₫")
        XCTAssertEqual(par.percent, "55,6%")
        XCTAssertEqual(par.ratioBp, Int(try c.store.portfolioAtRisk(asOf: "2026-09-15", days: 30).ratioBp))
        XCTAssertEqual(Res.vi.text(.res("home_par_title", .int(Int64(par.days)))), "Nợ có rủi ro (quá hạn trên 30 ngày)")

        XCTAssertEqual(s.mine?.savings.dong, 0)
        XCTAssertNil(s.visits, "a treasurer does not log visits")
    }

    @MainActor
    func testAVolunteerSeesWhoIsDueForAVisitNeverVisitedFirst() async throws {
        let c = try club()
        let m = HomeViewModel(store: c.store)
        m.refresh(actingId: c.volunteer, today: "2026-09-15")
        XCTAssertEqual(kinds(m.state), ["visits", "mine"])
        let due = try XCTUnwrap(m.state.visits).due
        XCTAssertEqual(due.map(\.name), ["Đỗ Thị Ánh", "Phạm Văn Bảy"])
        XCTAssertEqual(due.map(\.daysSince), [nil, 14])
        XCTAssertEqual(due.map(\.recipientId), [c.recipients[1], c.recipients[0]])
        XCTAssertEqual(due[0].hamlet, "Ấp 3")
        XCTAssertEqual(Res.vi.text(.res("home_visit_days", .int(14))), "14 ngày chưa thăm")

        // Five days after Bảy's visit, only Ánh is due.
        m.refresh(actingId: c.volunteer, today: "2026-09-06")
        XCTAssertEqual(m.state.visits?.due.map(\.name), ["Đỗ Thị Ánh"])
    }

    @MainActor
    func testTheChairSeesEverySectionInTheOrderVolunteerTreasurerMember() async throws {
        let c = try club()
        let m = HomeViewModel(store: c.store)
        m.refresh(actingId: c.chair, today: "2026-09-15")
        XCTAssertEqual(kinds(m.state), ["visits", "treasury", "mine"])
        let mine = try XCTUnwrap(m.state.mine)
        XCTAssertEqual(mine.savings.text, "200.000 ₫")
        XCTAssertEqual(mine.loans.count, 1)
        XCTAssertEqual(mine.loans[0].outstanding.text, "2.000.000 ₫")
        XCTAssertEqual(mine.loans[0].nextDueOn, "15/09/2026")
        XCTAssertEqual(mine.loans[0].nextAmount?.text, "520.000 ₫")
        XCTAssertEqual(Res.vi.text(.res("home_my_loan_next", .text("15/09/2026"), .text("520.000 ₫"))), "Kỳ tới 15/09/2026: 520.000 ₫")
    }

    @MainActor
    func testAPlainMemberSeesOnlyTheirOwnSavingsAndLoans() async throws {
        let c = try club()
        _ = try c.store.deposit(memberId: c.borrower, amount: 1_500_000, on: "2026-08-01", memo: "Gửi tháng 8")
        let m = HomeViewModel(store: c.store)
        m.refresh(actingId: c.borrower, today: "2026-09-15")
        XCTAssertEqual(kinds(m.state), ["mine"])
        let mine = try XCTUnwrap(m.state.mine)
        XCTAssertEqual(mine.memberId, c.borrower)
        XCTAssertEqual(mine.savings.text, "1.500.000 ₫")
        XCTAssertEqual(mine.loans.count, 1)
        XCTAssertEqual(mine.loans[0].outstanding.dong, 2_500_000)
        // The next installment not paid is the overdue one, 15/08.
        XCTAssertEqual(mine.loans[0].nextDueOn, "15/08/2026")
        XCTAssertEqual(mine.loans[0].nextAmount?.dong, 530_000)
    }

    @MainActor
    func testAMemberThatDoesNotExistGivesAnErrorAndNoOneActingGivesNoSections() async throws {
        let c = try club()
        let m = HomeViewModel(store: c.store)
        m.refresh(actingId: "no-such-member", today: "2026-09-15")
        XCTAssertEqual(m.state.sections, [])
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(m.state.error)), Res.vi("error_not_found"))

        m.refresh(actingId: nil, today: "2026-09-15")
        XCTAssertNil(m.state.error)
        XCTAssertNil(m.state.actingId)
        XCTAssertEqual(m.state.sections, [], "the page sends to the settings to choose who is acting")
        XCTAssertEqual(m.state.clubName, "CLB Liên thế hệ tự giúp nhau ấp 3")
    }

    @MainActor
    func testAPhoneWithoutAClubAsksToEnrol() async throws {
        let store = try ClubStore.open(path: dir.appendingPathComponent("new.db").path, key: DemoClub.key, deviceId: "ios-test")
        let m = HomeViewModel(store: store)
        m.refresh(actingId: nil)
        XCTAssertFalse(m.state.loading)
        XCTAssertNil(m.state.clubName)
        XCTAssertNil(m.state.error)
    }

    func testTheRatioIsAPercentWithOneDecimalRoundedHalfUpWithADecimalComma() {
        XCTAssertEqual(HomeViewModel.percentText(0), "0,0%")
        XCTAssertEqual(HomeViewModel.percentText(5), "0,1%")
        XCTAssertEqual(HomeViewModel.percentText(1234), "12,3%")
        XCTAssertEqual(HomeViewModel.percentText(1235), "12,4%")
        XCTAssertEqual(HomeViewModel.percentText(10_000), "100,0%")
    }
}
