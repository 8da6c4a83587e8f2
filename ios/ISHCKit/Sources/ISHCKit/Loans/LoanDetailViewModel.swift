import Foundation
import IshcCore

/// A repayment about to be reversed, waiting for its reason and a confirmation.
public struct LoanReversal: Sendable, Hashable {
    public var entryId: String
    public var amount: Money
    /// The repayment's date, `dd/MM/yyyy`.
    public var paidOn: String
    /// The reason as typed (required by the core).
    public var reason = ""
    /// `reason` under the reason field; anything else for the panel.
    public var errors = FormErrors()
}

/// A write-off waiting for its reason and a confirmation.
public struct LoanWriteOff: Sendable, Hashable {
    public var reason = ""
    public var errors = FormErrors()
}

/// What the loan detail shows.
public struct LoanDetailState: Sendable, Equatable {
    /// The loan with its schedule (paid, overdue, upcoming), repayments and position.
    public var loan: LoanInfo?
    /// Whether the acting member may write the loan off: a treasurer or the chair, on an active loan.
    public var canWriteOff = false
    /// The repayment being reversed, while its confirmation is open.
    public var reversing: LoanReversal?
    /// The write-off, while its confirmation is open.
    public var writingOff: LoanWriteOff?
    /// What was just done (a repayment reversed, the loan written off).
    public var notice: UiText?
    /// Why the loan could not be read.
    public var error: UiText?

    public init() {}

    /// Whether a repayment can still be recorded: the loan is active.
    public var canRepay: Bool { loan?.status == .active }

    /// Whether `line` of the repayments may be reversed: a repayment not reversed yet.
    public func canReverse(_ line: StatementLine) -> Bool { !line.reversed && line.entry.kind == .loanRepayment }
}

/// One loan (*khoản vay*): terms, position, the schedule with each
/// installment paid, overdue or upcoming, and the repayments (with their
/// reversals and the running total repaid). A repayment recorded by mistake
/// is reversed with a reason after a confirmation; a treasurer or the chair
/// may write off what is left (*xóa nợ*), with a reason. Recording a
/// repayment is the repayment screen's (``RepaymentFormViewModel``). The
/// Android app's `LoanDetailModel`.
///
/// Positions are as of `asOf` (`YYYY-MM-DD`; `nil`: today); reversals and
/// write-offs are dated today.
public final class LoanDetailViewModel: ViewModel<LoanDetailState> {
    private let store: ClubStore
    /// The loan shown.
    public let loanId: String
    private let asOf: String?
    /// Whether the acting member records money (treasurer or chair).
    private let money: Bool
    private static let reasonField: Set<String> = ["reason"]

    /// - Parameters:
    ///   - actingMemberId: the member acting (their roles decide whether write-off is offered).
    public init(store: ClubStore, loanId: String, actingMemberId: String?, asOf: String? = nil) {
        self.store = store
        self.loanId = loanId
        self.asOf = asOf
        money = actingMemberId.flatMap { try? store.member(memberId: $0) }?.roles.contains { $0 == .treasurer || $0 == .chair } ?? false
        super.init(state: LoanDetailState())
        reload()
    }

    /// Reads the loan again (after a repayment, a reversal or a sync).
    public func reload() {
        do {
            let loan = try store.loan(loanId: loanId, asOf: asOf)
            update {
                $0.loan = loan
                $0.canWriteOff = money && loan.status == .active
                $0.error = nil
            }
        } catch {
            update { $0.error = FormErrors.of(error, formFields: []).form }
        }
    }

    /// Opens the confirmation to reverse the repayment `entryId`.
    public func askReverse(_ entryId: String) {
        guard let line = state.loan?.repayments.first(where: { $0.entry.id == entryId }) else { return }
        update {
            $0.reversing = LoanReversal(entryId: entryId, amount: line.entry.amount, paidOn: Format.date(line.entry.entryOn))
            $0.writingOff = nil
            $0.notice = nil
        }
    }

    public func setReverseReason(_ text: String) {
        update {
            guard var r = $0.reversing else { return }
            r.reason = text
            r.errors = r.errors.without("reason")
            $0.reversing = r
        }
    }

    /// Closes the confirmation without reversing.
    public func cancelReverse() {
        update { $0.reversing = nil }
    }

    /// Reverses the repayment being confirmed, dated today, with the reason
    /// typed: the repayment stays, a reversal follows it, and what it paid
    /// is owed again. Refusals (`text.required` under the reason, others on
    /// the panel) keep the confirmation open. Returns whether it was reversed.
    @discardableResult
    public func confirmReverse() -> Bool {
        guard var r = state.reversing else { return false }
        do {
            _ = try store.reverseEntry(entryId: r.entryId, reason: r.reason.trimmed, on: nil)
            update {
                $0.reversing = nil
                $0.notice = .res("loanlist_reversed", .text(r.amount.text))
            }
            reload()
            return true
        } catch {
            r.errors = FormErrors.of(error, formFields: Self.reasonField)
            update { $0.reversing = r }
            return false
        }
    }

    /// Opens the write-off confirmation (only when ``LoanDetailState/canWriteOff``).
    public func askWriteOff() {
        guard state.canWriteOff else { return }
        update {
            $0.writingOff = LoanWriteOff()
            $0.reversing = nil
            $0.notice = nil
        }
    }

    public func setWriteOffReason(_ text: String) {
        update {
            guard var r = $0.writingOff else { return }
            r.reason = text
            r.errors = r.errors.without("reason")
            $0.writingOff = r
        }
    }

    /// Closes the write-off confirmation.
    public func cancelWriteOff() {
        update { $0.writingOff = nil }
    }

    /// Writes off the principal outstanding, dated today, for the reason
    /// typed (`text.required` under it when blank; `loan.closed` on the
    /// panel). Returns whether the loan was written off.
    @discardableResult
    public func confirmWriteOff() -> Bool {
        guard var w = state.writingOff else { return false }
        let outstanding = state.loan?.position.principalOutstanding.text ?? ""
        do {
            _ = try store.writeOffLoan(loanId: loanId, on: nil, reason: w.reason.trimmed)
            update {
                $0.writingOff = nil
                $0.notice = .res("loanlist_written_off", .text(outstanding))
            }
            reload()
            return true
        } catch {
            w.errors = FormErrors.of(error, formFields: Self.reasonField)
            update { $0.writingOff = w }
            return false
        }
    }
}

/// A line of a loan's repayments as text: `Trả nợ` or `Hủy`. The Android app's `loanEntryKindText`.
public func loanEntryKindText(_ kind: EntryKind) -> UiText {
    switch kind {
    case .loanRepayment: .res("loanlist_kind_repayment")
    case .reversal: .res("loanlist_kind_reversal")
    default: .raw(String(describing: kind))
    }
}
