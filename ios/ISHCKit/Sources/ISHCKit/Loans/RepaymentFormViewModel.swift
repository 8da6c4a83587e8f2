import Foundation
import IshcCore

/// What the repayment screen shows.
public struct RepaymentFormState: Sendable, Equatable {
    /// The loan as it stands now (read again after each repayment).
    public var loan: LoanInfo?
    /// The amount as typed (`1tr5`, `500k`, `1.500.000`), with its meaning.
    public var amount = AmountInput()
    /// Date paid, as typed (`dd/MM/yyyy`); today by default.
    public var paidOn = ""
    public var errors = FormErrors()
    /// The receipt of the repayment just recorded.
    public var receipt: RepaymentReceipt?
    /// A save is under way (the save button is then disabled; another save is ignored).
    public var busy = false

    public init() {}
}

/// Recording a repayment (*thu nợ*) on one loan: the amount typed as people
/// write it, the date paid, and a receipt to share as text. The core
/// allocates it (oldest installment first, interest before principal) and
/// refuses an overpayment with what is owed. The Android app's
/// `RepaymentFormModel`.
public final class RepaymentFormViewModel: ViewModel<RepaymentFormState> {
    private let store: ClubStore
    private let loanId: String
    private static let fields: Set<String> = ["amount", "paidOn"]

    /// - Parameters:
    ///   - store: the club's store, with a treasurer or the chair acting.
    ///   - loanId: the loan being repaid.
    public init(store: ClubStore, loanId: String) {
        self.store = store
        self.loanId = loanId
        super.init(state: RepaymentFormState())
        reload()
        if let today = try? store.today() { update { $0.paidOn = Format.date(today) } }
    }

    /// Reads the loan again (after a sync or a reversal).
    public func reload() {
        do {
            let loan = try store.loan(loanId: loanId, asOf: nil)
            update { $0.loan = loan }
        } catch {
            update { $0.errors = FormErrors.of(error, formFields: Self.fields) }
        }
    }

    public func setAmount(_ text: String) {
        update {
            $0.amount = AmountInput(text)
            $0.errors = $0.errors.without("amount")
            $0.receipt = nil
        }
    }

    public func setPaidOn(_ text: String) {
        update {
            $0.paidOn = text
            $0.errors = $0.errors.without("paidOn")
            $0.receipt = nil
        }
    }

    /// Records the repayment; returns whether it was recorded. The amount is
    /// parsed by the core (`money.*` errors on `amount`); the repayment's
    /// refusals (`loan.overpayment`, `date.invalid`, ...) land on their fields.
    ///
    /// Ignored (`false`, nothing changes) while a save is under way and
    /// until the amount or date is edited after a repayment: a second tap
    /// keeps the receipt rather than asking for an amount.
    @discardableResult
    public func save() -> Bool {
        guard !state.busy, state.receipt == nil else { return false }
        update { $0.busy = true }
        defer { update { $0.busy = false } }
        let s = state
        do {
            let dong = try parseAmount(text: s.amount.text)
            let paidOn = s.paidOn.trimmed
            let receipt = try store.repayLoan(loanId: loanId, amount: dong, paidOn: paidOn.isEmpty ? nil : paidOn)
            update {
                $0.receipt = receipt
                $0.amount = AmountInput()
                $0.errors = FormErrors()
            }
            reload()
            return true
        } catch {
            update { $0.errors = FormErrors.of(error, formFields: Self.fields) }
            return false
        }
    }
}

/// A repayment receipt as text a treasurer shares with the borrower (Zalo,
/// SMS), in the app's language: club, borrower, amount, date, what is still
/// owed, and the entry's reference (the last 12 characters of its id) to
/// quote if it must be reversed. The same lines as the Android app's `receiptText`.
public func receiptText(strings: any Strings, clubName: String, loan: LoanInfo, receipt: RepaymentReceipt) -> String {
    let p = receipt.position
    return [
        strings("receipt_title"),
        clubName,
        strings("receipt_borrower", .text(loan.borrowerName)),
        strings("receipt_amount", .text(receipt.entry.amount.text)),
        strings("receipt_paid_on", .text(Format.date(receipt.entry.entryOn))),
        strings("receipt_principal_outstanding", .text(p.principalOutstanding.text)),
        strings("receipt_interest_outstanding", .text(p.interestOutstanding.text)),
        strings("receipt_reference", .text(String(receipt.entry.id.suffix(12)))),
    ].joined(separator: "\n")
}
