import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// The loan list, disbursement and a loan's detail against the real core:
/// the same cases as the Android app's LoansTest.
final class LoansViewModelTests: TempDirTestCase, @unchecked Sendable {
    /// The demo club with its loan disbursed two months ago, so repayments
    /// and reversals dated today fit; the treasurer acting.
    private func club() throws -> DemoClub {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Format.vietnam
        let then = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .month, value: -2, to: Date())!)
        let disbursed = String(format: "%04d-%02d-%02d", then.year!, then.month!, then.day!)
        let c = try DemoClub.create(at: dir.appendingPathComponent("club.db").path, loanDisbursedOn: disbursed, visitOn: "2026-11-20")
        try c.store.setActingMember(memberId: c.treasurer)
        return c
    }

    /// The demo club as it is, its loan from 15/06/2026; the treasurer acting.
    private func fixedClub() throws -> DemoClub {
        let c = try demo()
        try c.store.setActingMember(memberId: c.treasurer)
        return c
    }

    private func code(_ t: UiText?) -> String? {
        if case let .error(code, _)? = t { return code }
        return nil
    }

    @MainActor
    private func fill(_ m: DisburseViewModel, search: String, name: String, principal: String, term: String, rate: String) throws {
        m.setSearch(search)
        m.pickBorrower(try XCTUnwrap(m.state.candidates.first { $0.name == name }).id)
        m.setPrincipal(principal)
        m.setTermMonths(term)
        m.setRate(rate)
    }

    @MainActor
    func test5trOver10MonthsAt1PercentFlatPreviews550000AMonthAndLandsInTheListOnceConfirmed() async throws {
        let c = try fixedClub()
        let m = DisburseViewModel(store: c.store)
        XCTAssertEqual(m.state.fundBalance?.text, "47.000.000 ₫", "50.000.000 granted, 3.000.000 lent")
        XCTAssertEqual(m.state.disbursedOn, Format.date(try c.store.today()), "today by default")
        m.setSearch("hung")
        XCTAssertEqual(m.state.candidates.map(\.name), ["Nguyễn Văn Hùng"])
        m.pickBorrower(c.chair)
        XCTAssertEqual(m.state.borrower?.name, "Nguyễn Văn Hùng")
        XCTAssertEqual(m.state.search, "")
        m.setPrincipal("5tr")
        XCTAssertEqual(m.state.principal.preview, "5.000.000 ₫")
        m.setTermMonths("10")
        m.setRate("1%")
        m.setPurpose("Mua heo giống")
        m.setDisbursedOn("01/10/2026")

        // Confirming before seeing the schedule only shows it.
        XCTAssertFalse(m.confirm())
        XCTAssertEqual(try c.store.loans(asOf: nil, includeClosed: true).count, 1)
        let preview = try XCTUnwrap(m.state.preview)
        XCTAssertEqual(preview.count, 10)
        XCTAssertEqual(preview.map(\.total.dong), Array(repeating: 550_000, count: 10))
        XCTAssertEqual(preview.map(\.total.text), Array(repeating: "550.000 ₫", count: 10))
        XCTAssertEqual(Format.date(preview[0].dueOn), "01/11/2026")
        XCTAssertEqual(m.state.previewTotal, 5_500_000)
        XCTAssertEqual(m.state.previewInterest, 500_000)
        XCTAssertEqual(
            Res.vi.text(.res("loanlist_preview_total", .text(Format.money(m.state.previewTotal!)), .text(Format.money(m.state.previewInterest!)))),
            "Tổng phải trả: 5.500.000 ₫, trong đó lãi 500.000 ₫"
        )
        XCTAssertEqual(
            Res.vi.text(.res("installment_line", .int(1), .text(Format.date(preview[0].dueOn)), .text(preview[0].total.text))),
            "Kỳ 1 · 01/11/2026 · 550.000 ₫"
        )

        XCTAssertTrue(m.confirm(), "errors: \(m.state.errors)")
        let loan = try XCTUnwrap(m.state.disbursed)
        XCTAssertEqual(loan.principal.dong, 5_000_000)
        XCTAssertEqual(loan.monthlyRateText, "1%")
        XCTAssertEqual(loan.purpose, "Mua heo giống")
        XCTAssertNil(m.state.borrower, "the form is empty again")
        XCTAssertNil(m.state.preview)
        XCTAssertEqual(m.state.fundBalance?.text, "42.000.000 ₫")
        XCTAssertEqual(Res.vi.text(.res("loanlist_disbursed", .text(loan.principal.text), .text(loan.borrowerName))), "Đã giải ngân 5.000.000 ₫ cho Nguyễn Văn Hùng")

        let list = LoanListViewModel(store: c.store, asOf: "2026-10-15").state
        XCTAssertEqual(Set(list.active.map(\.borrowerName)), ["Võ Thị Đức", "Nguyễn Văn Hùng"])
        // Most days past due first: Đức's loan from June is overdue, the new one is not.
        XCTAssertEqual(list.active.first?.borrowerName, "Võ Thị Đức")
        XCTAssertEqual(list.active.first { $0.id == loan.id }?.position.principalOutstanding.dong, 5_000_000)
    }

    @MainActor
    func testARateOf0comma8PercentDecliningBalanceChargesInterestOnWhatIsOwedAndAnEditAsksForThePreviewAgain() async throws {
        let c = try fixedClub()
        let m = DisburseViewModel(store: c.store)
        try fill(m, search: "duc", name: "Võ Thị Đức", principal: "5tr", term: "10", rate: "0,8%")
        m.setMethod(.decliningBalance)
        m.setDisbursedOn("01/10/2026")
        XCTAssertTrue(m.preview(), "errors: \(m.state.errors)")
        let p = try XCTUnwrap(m.state.preview)
        XCTAssertEqual(p[0].interest.dong, 40_000, "0,8% of 5.000.000")
        XCTAssertEqual(p[9].interest.dong, 4_000, "0,8% of the last 500.000")
        XCTAssertEqual(m.state.candidates, [], "the search is closed once a borrower is picked")

        m.setTermMonths("12")
        XCTAssertNil(m.state.preview, "an edit drops the preview")
        XCTAssertFalse(m.confirm())
        XCTAssertEqual(m.state.preview?.count, 12)
    }

    @MainActor
    func testMoreThanTheFundHoldsIsRefusedUnderThePrincipalAndNothingIsLent() async throws {
        let c = try fixedClub()
        let m = DisburseViewModel(store: c.store)
        try fill(m, search: "hung", name: "Nguyễn Văn Hùng", principal: "60tr", term: "12", rate: "1%")
        XCTAssertTrue(m.preview(), "the schedule itself is fine: \(m.state.errors)")
        XCTAssertFalse(m.confirm())
        XCTAssertEqual(code(m.state.errors["principal"]), "fund.insufficient")
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(m.state.errors["principal"])), "Quỹ không đủ tiền cho khoản này vào ngày đó hoặc sau đó")
        XCTAssertEqual(try c.store.loans(asOf: nil, includeClosed: true).count, 1)
        XCTAssertEqual(try c.store.fundStatement(fund: .incomeGeneration).balance.dong, 47_000_000)
    }

    @MainActor
    func testWhatIsMissingOrMistypedIsShownUnderEveryFieldAtOnce() async throws {
        let c = try fixedClub()
        let m = DisburseViewModel(store: c.store)
        m.setTermMonths("mười")
        m.setRate("một phần trăm")
        XCTAssertFalse(m.preview())
        let e = m.state.errors
        XCTAssertEqual(Set(e.fields.keys), ["borrowerId", "principal", "termMonths", "rate"])
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(e["borrowerId"])), "Chọn người vay")
        XCTAssertEqual(code(e["principal"]), "money.empty")
        XCTAssertEqual(code(e["rate"]), "rate.invalid")
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(e["termMonths"])), "Nhập một số nguyên")

        // The core's term rules come back on the term field, its rate range on the rate.
        try fill(m, search: "duc", name: "Võ Thị Đức", principal: "5tr", term: "61", rate: "1%")
        XCTAssertFalse(m.preview())
        XCTAssertEqual(code(m.state.errors["termMonths"]), "loan.term_out_of_range")
        m.setTermMonths("6")
        m.setRate("12%")
        XCTAssertFalse(m.preview())
        XCTAssertEqual(code(m.state.errors["rate"]), "rate.range")
        m.setRate("1%")
        m.setPrincipal("5.000.500")
        XCTAssertFalse(m.preview())
        XCTAssertEqual(code(m.state.errors["principal"]), "loan.principal_not_thousands")

        // A search that finds no one, and one limited to members (not care recipients only).
        m.clearBorrower()
        m.setSearch("xyz")
        XCTAssertEqual(m.state.candidates, [])
        m.setSearch("thi")
        XCTAssertLessThanOrEqual(m.state.candidates.count, DisburseViewModel.maxCandidates)
        XCTAssertFalse(m.state.candidates.isEmpty)
    }

    @MainActor
    func testReversingARepaymentWithAReasonRestoresTheOutstanding() async throws {
        let c = try club()
        _ = try c.store.repayLoan(loanId: c.loan, amount: 1_500_000, paidOn: nil)
        let m = LoanDetailViewModel(store: c.store, loanId: c.loan, actingMemberId: c.treasurer)
        XCTAssertEqual(m.state.loan?.position.principalOutstanding.dong, 1_590_000)
        let line = try XCTUnwrap(m.state.loan?.repayments.first)
        XCTAssertEqual(m.state.loan?.repayments.count, 1)
        XCTAssertTrue(m.state.canReverse(line))

        m.askReverse(line.entry.id)
        XCTAssertEqual(m.state.reversing?.amount.text, "1.500.000 ₫")
        XCTAssertFalse(m.confirmReverse(), "a reason is required")
        XCTAssertEqual(code(m.state.reversing?.errors["reason"]), "text.required")
        XCTAssertEqual(try c.store.loan(loanId: c.loan, asOf: nil).position.principalOutstanding.dong, 1_590_000)

        m.setReverseReason("Thu nhầm khoản vay")
        XCTAssertTrue(m.confirmReverse(), "errors: \(String(describing: m.state.reversing?.errors))")
        let s = m.state
        XCTAssertNil(s.reversing)
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(s.notice)), "Đã hủy lần trả 1.500.000 ₫")
        let loan = try XCTUnwrap(s.loan)
        XCTAssertEqual(loan.position.principalOutstanding.dong, 3_000_000)
        XCTAssertEqual(loan.position.interestOutstanding.dong, 180_000)
        XCTAssertEqual(loan.repayments.map(\.entry.kind), [.loanRepayment, .reversal])
        XCTAssertTrue(loan.repayments[0].reversed)
        XCTAssertFalse(loan.repayments.contains { s.canReverse($0) })
        XCTAssertTrue(loan.position.installments.allSatisfy { $0.state != .paid })
        XCTAssertEqual(try c.store.loan(loanId: c.loan, asOf: nil).position.principalOutstanding.dong, 3_000_000)
        XCTAssertEqual(Res.vi.text(loanEntryKindText(loan.repayments[1].entry.kind)), "Hủy")
    }

    @MainActor
    func testATreasurerWritesOffALoanWithAReasonAndItThenShowsOnlyAmongTheClosedLoans() async throws {
        let c = try club()
        XCTAssertFalse(LoanDetailViewModel(store: c.store, loanId: c.loan, actingMemberId: c.volunteer).state.canWriteOff, "a volunteer may not")
        XCTAssertFalse(LoanDetailViewModel(store: c.store, loanId: c.loan, actingMemberId: nil).state.canWriteOff, "no one acting may not")
        let m = LoanDetailViewModel(store: c.store, loanId: c.loan, actingMemberId: c.treasurer)
        XCTAssertTrue(m.state.canWriteOff)
        XCTAssertTrue(m.state.canRepay)
        m.askWriteOff()
        XCTAssertNotNil(m.state.writingOff)
        XCTAssertFalse(m.confirmWriteOff())
        XCTAssertEqual(code(m.state.writingOff?.errors["reason"]), "text.required")
        m.setWriteOffReason("Người vay mất, ban chủ nhiệm đồng ý xóa nợ")
        XCTAssertTrue(m.confirmWriteOff(), "errors: \(String(describing: m.state.writingOff?.errors))")
        let s = m.state
        XCTAssertEqual(s.loan?.status, .writtenOff)
        XCTAssertFalse(s.canWriteOff)
        XCTAssertFalse(s.canRepay)
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(s.notice)), "Đã xóa nợ 3.000.000 ₫")
        XCTAssertEqual(try c.store.loan(loanId: c.loan, asOf: nil).status, .writtenOff)

        let list = LoanListViewModel(store: c.store)
        XCTAssertEqual(list.state.active.map(\.borrowerName), [])
        XCTAssertEqual(list.state.closed.map(\.borrowerName), [], "closed loans hidden")
        list.toggleClosed()
        XCTAssertTrue(list.state.showClosed)
        XCTAssertEqual(list.state.closed.map(\.borrowerName), ["Võ Thị Đức"])
        XCTAssertEqual(Res.vi.text(loanStatusText(list.state.closed[0].status)), "Đã xóa nợ")
    }

    @MainActor
    func testASecondTapOnConfirmLendsNothingMoreAndKeepsTheNotice() async throws {
        let c = try fixedClub()
        let m = DisburseViewModel(store: c.store)
        try fill(m, search: "hung", name: "Nguyễn Văn Hùng", principal: "5tr", term: "10", rate: "1%")
        XCTAssertTrue(m.preview(), "errors: \(m.state.errors)")
        var nested: [Bool] = []
        m.onChange = { s in if s.busy { nested.append(m.confirm()) } }
        XCTAssertTrue(m.confirm(), "errors: \(m.state.errors)")
        m.onChange = nil
        XCTAssertFalse(nested.isEmpty, "busy while disbursing")
        XCTAssertFalse(nested.contains(true), "a confirm while busy does nothing")
        XCTAssertFalse(m.state.busy)
        let loan = try XCTUnwrap(m.state.disbursed)

        XCTAssertFalse(m.confirm(), "the form was emptied")
        XCTAssertEqual(m.state.disbursed, loan)
        XCTAssertTrue(m.state.errors.isEmpty, "\(m.state.errors)")
        XCTAssertEqual(try c.store.loans(asOf: nil, includeClosed: true).count, 2)
        XCTAssertEqual(m.state.fundBalance?.text, "42.000.000 ₫")
    }
}
