import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// The repayment form against the real core: the same cases as the
/// Android app's RepaymentFormTest.
final class RepaymentFormViewModelTests: TempDirTestCase, @unchecked Sendable {
    @MainActor
    func testARepaymentTypedAs1tr5IsRecordedAndItsReceiptReadsAsTheTreasurerSharesIt() async throws {
        let c = try demo()
        try c.store.setActingMember(memberId: c.treasurer)
        let m = RepaymentFormViewModel(store: c.store, loanId: c.loan)
        XCTAssertEqual(m.state.loan?.position.principalOutstanding.text, "3.000.000 ₫")
        XCTAssertEqual(m.state.paidOn, Format.date(try c.store.today()))

        m.setAmount("1tr5")
        XCTAssertEqual(m.state.amount.preview, "1.500.000 ₫")
        XCTAssertEqual(Res.vi.text(.res("repay_amount_means", .text(m.state.amount.preview!))), "= 1.500.000 ₫")
        m.setPaidOn("20/11/2026")
        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        let r = try XCTUnwrap(m.state.receipt)
        XCTAssertEqual(r.entry.amount.dong, 1_500_000)
        // Flat 1% a month on 3.000.000 ₫ over 6 months: 530.000 ₫ an installment
        // (500.000 principal + 30.000 interest). 1.500.000 ₫ pays two, then
        // 30.000 interest and 410.000 principal of the third.
        XCTAssertEqual(r.position.principalOutstanding.dong, 1_590_000)
        XCTAssertEqual(r.position.interestOutstanding.dong, 90_000)
        XCTAssertEqual(m.state.loan?.position.principalOutstanding.dong, 1_590_000, "the loan is read again")
        XCTAssertEqual(m.state.amount.text, "", "the amount field is emptied")
        XCTAssertEqual(m.state.loan?.position.installments.prefix(2).map(\.state), [.paid, .paid])

        let club = try c.store.club().name
        let loan = try XCTUnwrap(m.state.loan)
        XCTAssertEqual(
            receiptText(strings: Res.vi, clubName: club, loan: loan, receipt: r),
            """
            BIÊN NHẬN TRẢ NỢ
            CLB Liên thế hệ tự giúp nhau ấp 3
            Người vay: Võ Thị Đức
            Số tiền: 1.500.000 ₫
            Ngày trả: 20/11/2026
            Dư nợ gốc còn lại: 1.590.000 ₫
            Lãi còn phải trả: 90.000 ₫
            Mã giao dịch: \(r.entry.id.suffix(12))
            """
        )
        XCTAssertEqual(r.entry.id.suffix(12).count, 12)
        XCTAssertTrue(receiptText(strings: Res.en, clubName: club, loan: loan, receipt: r).hasPrefix("REPAYMENT RECEIPT\n"))
    }

    @MainActor
    func testAnOverpaymentAndAFractionOfADongAreRefusedOnTheAmountField() async throws {
        let c = try demo()
        try c.store.setActingMember(memberId: c.treasurer)
        let m = RepaymentFormViewModel(store: c.store, loanId: c.loan)
        m.setAmount("5tr")
        XCTAssertFalse(m.save())
        guard case let .error(code, _)? = m.state.errors["amount"] else { return XCTFail("\(m.state.errors)") }
        XCTAssertEqual(code, "loan.overpayment")
        XCTAssertEqual(Res.vi.text(m.state.errors["amount"]!), "Trả nhiều hơn số còn nợ")
        XCTAssertEqual(try c.store.loan(loanId: c.loan, asOf: nil).repayments.count, 0)

        m.setAmount("1,5")
        XCTAssertNil(m.state.errors["amount"], "typing clears the error")
        XCTAssertFalse(m.save())
        XCTAssertEqual(Res.vi.text(m.state.errors["amount"]!), "Tiền đồng không có phần lẻ")
        XCTAssertEqual(Res.en.text(m.state.errors["amount"]!), "Đồng have no fractions")

        m.setAmount("500k")
        m.setPaidOn("31/02/2026")
        XCTAssertFalse(m.save())
        XCTAssertEqual(Set(m.state.errors.fields.keys), ["paidOn"])
        XCTAssertEqual(Res.vi.text(m.state.errors["paidOn"]!), "Ngày không hợp lệ; viết ví dụ 21/03/2026")
    }

    @MainActor
    func testOnlyATreasurerOrTheChairMayRecordMoney() async throws {
        let c = try demo()
        try c.store.setActingMember(memberId: c.volunteer)
        let m = RepaymentFormViewModel(store: c.store, loanId: c.loan)
        m.setAmount("500k")
        XCTAssertFalse(m.save())
        XCTAssertTrue(m.state.errors.fields.isEmpty)
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(m.state.errors.form)), Res.vi("error_op_not_permitted"))
    }

    @MainActor
    func testASecondTapOnSaveRecordsNothingMoreAndKeepsTheReceipt() async throws {
        let c = try demo()
        try c.store.setActingMember(memberId: c.treasurer)
        let m = RepaymentFormViewModel(store: c.store, loanId: c.loan)
        m.setAmount("500k")
        var nested: [Bool] = []
        m.onChange = { s in if s.busy { nested.append(m.save()) } }
        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        m.onChange = nil
        XCTAssertFalse(nested.isEmpty, "busy while saving")
        XCTAssertFalse(nested.contains(true), "a save while busy does nothing")
        XCTAssertFalse(m.state.busy)
        let receipt = try XCTUnwrap(m.state.receipt)
        let outstanding = try c.store.loan(loanId: c.loan, asOf: nil).position.principalOutstanding

        XCTAssertFalse(m.save(), "the amount was emptied by the save")
        XCTAssertEqual(m.state.receipt, receipt)
        XCTAssertTrue(m.state.errors.isEmpty, "\(m.state.errors)")
        XCTAssertEqual(try c.store.loan(loanId: c.loan, asOf: nil).position.principalOutstanding, outstanding)

        m.setAmount("")
        XCTAssertNil(m.state.receipt)
        XCTAssertFalse(m.save())
        XCTAssertNotNil(m.state.errors["amount"], "once edited, an empty amount is refused as usual")
    }
}
