import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// A member's savings against the real core: the same cases as the Android app's SavingsTest.
final class SavingsViewModelTests: TempDirTestCase, @unchecked Sendable {
    private func club() throws -> DemoClub {
        let c = try demo()
        try c.store.setActingMember(memberId: c.treasurer)
        return c
    }

    /// The code of a refusal (`nil` if there is none or it is not the core's).
    private func code(_ t: UiText?) -> String? {
        if case let .error(code, _)? = t { return code }
        return nil
    }

    @MainActor
    func testAWithdrawalAboveTheBalanceIsRefusedUnderTheAmountAndNothingIsWritten() async throws {
        let c = try club()
        let m = SavingsViewModel(store: c.store, memberId: c.borrower)
        XCTAssertEqual(m.state.memberName, "Võ Thị Đức")
        XCTAssertEqual(m.state.balance?.dong, 0)
        XCTAssertEqual(m.state.on, Format.date(try c.store.today()), "today by default")

        m.setAmount("500k")
        XCTAssertEqual(m.state.amount.preview, "500.000 ₫")
        XCTAssertEqual(Res.vi.text(.res("savings_amount_means", .text(m.state.amount.preview!))), "= 500.000 ₫")
        m.setMemo("Gửi tháng 11")
        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        XCTAssertEqual(m.state.saved?.amount.dong, 500_000)
        XCTAssertEqual(m.state.balance?.text, "500.000 ₫")
        XCTAssertEqual(m.state.amount.text, "", "the amount is emptied")
        XCTAssertEqual(m.state.memo, "")

        m.setAction(.withdraw)
        m.setAmount("1tr")
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m.state.errors["amount"]), "savings.insufficient")
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(m.state.errors["amount"])), "Nhiều hơn số tiết kiệm của hội viên vào ngày đó hoặc sau đó")
        XCTAssertNil(m.state.saved)
        let p = try c.store.passbook(memberId: c.borrower)
        XCTAssertEqual(p.lines.count, 1)
        XCTAssertEqual(p.balance.dong, 500_000)

        // A withdrawal within the balance goes through; the passbook is newest first.
        m.setAmount("200.000")
        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        XCTAssertEqual(m.state.saved?.kind, .withdrawal)
        XCTAssertEqual(m.state.lines.map(\.entry.kind), [.withdrawal, .deposit])
        XCTAssertEqual(m.state.lines.map(\.balance.dong), [300_000, 500_000])
        XCTAssertEqual(try c.store.savingsBalance(memberId: c.borrower).dong, 300_000)
        XCTAssertEqual(Res.vi.text(.res("savings_balance", .text(m.state.balance!.text))), "Số dư: 300.000 ₫")
    }

    @MainActor
    func testADepositReversedWithAReasonLeavesTheLineAddsTheReversalAndBringsTheBalanceBack() async throws {
        let c = try club()
        let m = SavingsViewModel(store: c.store, memberId: c.borrower)
        m.setAmount("1tr5")
        m.setOn("01/11/2026")
        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        XCTAssertEqual(m.state.lines.count, 1)
        let deposit = try XCTUnwrap(m.state.lines.first)
        XCTAssertEqual(deposit.entry.entryOn, "2026-11-01")
        XCTAssertTrue(m.state.canReverse(deposit))

        m.askReverse(deposit.entry.id)
        XCTAssertEqual(m.state.reversing?.entryOn, "01/11/2026")
        XCTAssertNil(m.state.saved, "asking closes the notice")
        XCTAssertEqual(
            Res.vi.text(.res("savings_reverse_title", .text(Format.money(abs(m.state.reversing!.amount.dong))), .text(m.state.reversing!.entryOn))),
            "Hủy khoản 1.500.000 ₫ ngày 01/11/2026?"
        )
        // The core needs a reason: refused under it, nothing reversed.
        XCTAssertFalse(m.confirmReverse())
        XCTAssertEqual(code(m.state.reversing?.errors["reason"]), "text.required")
        XCTAssertEqual(try c.store.passbook(memberId: c.borrower).lines.count, 1)

        m.setReverseReason("Ghi nhầm người")
        XCTAssertNil(m.state.reversing?.errors["reason"], "typing clears the error")
        XCTAssertTrue(m.confirmReverse(), "errors: \(String(describing: m.state.reversing?.errors))")
        let s = m.state
        XCTAssertNil(s.reversing)
        XCTAssertEqual(s.reversed?.kind, .reversal)
        XCTAssertEqual(s.balance?.dong, 0)
        XCTAssertEqual(s.lines.map(\.entry.kind), [.reversal, .deposit])
        XCTAssertEqual(s.lines[0].entry.reversesId, deposit.entry.id)
        XCTAssertEqual(s.lines[0].entry.memo, "Ghi nhầm người")
        XCTAssertTrue(s.lines[1].reversed)
        XCTAssertFalse(s.lines.contains { s.canReverse($0) }, "neither the reversed line nor the reversal can be reversed")
        XCTAssertEqual(try c.store.savingsBalance(memberId: c.borrower).dong, 0)

        // Cancelling closes the panel and reverses nothing.
        m.setAmount("100k")
        XCTAssertTrue(m.save())
        let line = try XCTUnwrap(m.state.lines.first)
        m.askReverse(line.entry.id)
        m.cancelReverse()
        XCTAssertNil(m.state.reversing)
        XCTAssertEqual(m.state.balance?.dong, 100_000)
    }

    @MainActor
    func testMoneyTypedWrongIsRefusedUnderTheAmountAndOnlyATreasurerOrTheChairRecords() async throws {
        let c = try club()
        let m = SavingsViewModel(store: c.store, memberId: c.borrower)
        m.setAmount("1,5")
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m.state.errors["amount"]), "money.fraction")
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(m.state.errors["amount"])), "Tiền đồng không có phần lẻ")
        m.setAmount("năm trăm")
        XCTAssertNil(m.state.errors["amount"], "typing clears the error")
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m.state.errors["amount"]), "money.invalid")

        m.setAmount("500k")
        m.setOn("31/02/2026")
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m.state.errors["on"]), "date.invalid")

        try c.store.setActingMember(memberId: c.volunteer)
        m.setOn("01/11/2026")
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m.state.errors.form), "op.not_permitted")
        XCTAssertEqual(try c.store.passbook(memberId: c.borrower).lines.count, 0)
    }

    @MainActor
    func testASecondTapOnSaveRecordsNothingMoreAndKeepsTheNotice() async throws {
        let c = try club()
        let m = SavingsViewModel(store: c.store, memberId: c.borrower)
        m.setAmount("500k")
        var nested: [Bool] = []
        m.onChange = { s in if s.busy { nested.append(m.save()) } }
        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        m.onChange = nil
        XCTAssertFalse(nested.isEmpty, "busy while saving")
        XCTAssertFalse(nested.contains(true), "a save while busy does nothing")
        XCTAssertFalse(m.state.busy)
        let saved = try XCTUnwrap(m.state.saved)

        XCTAssertFalse(m.save(), "the amount was emptied by the save")
        XCTAssertEqual(m.state.saved, saved)
        XCTAssertTrue(m.state.errors.isEmpty, "\(m.state.errors)")
        XCTAssertEqual(try c.store.passbook(memberId: c.borrower).lines.count, 1)
        XCTAssertEqual(m.state.balance?.dong, 500_000)
    }
}
