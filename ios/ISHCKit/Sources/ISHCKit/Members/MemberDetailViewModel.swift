import Foundation
import IshcCore

/// What a member's page shows.
public struct MemberDetailState: Sendable, Equatable {
    /// The person, or `nil` if they could not be read (``error`` says why).
    public var member: MemberInfo?
    /// Their savings passbook (*sổ tiết kiệm*): every entry oldest first
    /// with the balance after it (đồng), reversed entries marked; `nil` if
    /// it could not be read.
    public var passbook: Passbook?
    /// Their loans, open and closed, as the core lists them (active first,
    /// most days past due first), each with its position today.
    public var loans: [LoanInfo] = []
    /// Why the page could not be read (the person was merged away, say).
    public var error: UiText?

    public init() {}
}

/// One person's page: who they are (name, sex, age, ethnic group, hamlet,
/// phone, roles, joined and left), their savings passbook with the running
/// balance, and their loans with what is still owed and days past due.
/// Read-only: money is recorded on the treasurer's screens. The Android
/// app's `MemberDetailModel`.
public final class MemberDetailViewModel: ViewModel<MemberDetailState> {
    private let store: ClubStore
    /// The person shown.
    public let memberId: String

    public init(store: ClubStore, memberId: String) {
        self.store = store
        self.memberId = memberId
        super.init(state: MemberDetailState())
        reload()
    }

    /// Reads the person, passbook and loans again (after a deposit, a repayment, a sync).
    public func reload() {
        do {
            var s = MemberDetailState()
            s.member = try store.member(memberId: memberId)
            s.passbook = try store.passbook(memberId: memberId)
            s.loans = try store.loans(asOf: nil, includeClosed: true).filter { $0.borrowerId == memberId }
            state = s
        } catch {
            var s = MemberDetailState()
            s.error = FormErrors.of(error, formFields: []).form
            state = s
        }
    }
}

/// A ledger entry's kind as the passbook names it (*Gửi tiết kiệm*, *Rút
/// tiết kiệm*, …). The Android app's `members.entryKindText`.
public func entryKindText(_ kind: EntryKind) -> UiText {
    switch kind {
    case .grant: .res("members_entry_grant")
    case .contribution: .res("members_entry_contribution")
    case .membershipFee: .res("members_entry_membership_fee")
    case .interestIncome: .res("members_entry_interest_income")
    case .expense: .res("members_entry_expense")
    case .loanDisbursement: .res("members_entry_loan_disbursement")
    case .loanRepayment: .res("members_entry_loan_repayment")
    case .deposit: .res("members_entry_deposit")
    case .withdrawal: .res("members_entry_withdrawal")
    case .reversal: .res("members_entry_reversal")
    }
}

/// A loan's status in words on a member's page (*Đang vay*, *Đã trả xong*,
/// …). The Android app's `members.loanStatusText` (the loan screens say it
/// with ``loanStatusText(_:)``).
public func memberLoanStatusText(_ status: LoanStatus) -> UiText {
    switch status {
    case .active: .res("members_loan_active")
    case .repaid: .res("members_loan_repaid")
    case .writtenOff: .res("members_loan_written_off")
    case .reversed: .res("members_loan_reversed")
    }
}

/// A household's poverty status in words (*Hộ nghèo*, *Hộ cận nghèo*, …).
public func householdText(_ household: Household) -> UiText {
    switch household {
    case .poor: .res("members_household_poor")
    case .nearPoor: .res("members_household_near_poor")
    case .neither: .res("members_household_neither")
    }
}
