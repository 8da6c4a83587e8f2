import Foundation
import IshcCore

/// What the club's loan list shows.
public struct LoanListState: Sendable, Equatable {
    /// Active loans: most days past due first, then oldest disbursement first.
    public var active: [LoanInfo] = []
    /// Repaid, written-off and reversed loans; read only while ``showClosed``.
    public var closed: [LoanInfo] = []
    /// Whether the closed loans are shown (a toggle; off by default).
    public var showClosed = false
    /// Why the list could not be read.
    public var error: UiText?

    public init() {}
}

/// The club's loans (*cho vay*): the active ones first, the most days past
/// due first (the core's order), each with its outstanding principal and
/// what is overdue; the closed ones behind a toggle. Positions are as of
/// `asOf` (`YYYY-MM-DD`; `nil`: today by the phone's clock). The Android
/// app's `LoanListModel`.
public final class LoanListViewModel: ViewModel<LoanListState> {
    private let store: ClubStore
    private let asOf: String?

    public init(store: ClubStore, asOf: String? = nil) {
        self.store = store
        self.asOf = asOf
        super.init(state: LoanListState())
        reload()
    }

    /// Reads the loans again (after a disbursement, a repayment or a sync).
    public func reload() {
        do {
            let loans = try store.loans(asOf: asOf, includeClosed: state.showClosed)
            update {
                $0.active = loans.filter { $0.status == .active }
                $0.closed = loans.filter { $0.status != .active }
                $0.error = nil
            }
        } catch {
            update { $0.error = FormErrors.of(error, formFields: []).form }
        }
    }

    /// Shows or hides the closed loans.
    public func toggleClosed() {
        update { $0.showClosed.toggle() }
        reload()
    }
}

/// A loan's status as text on the loan screens (`Đang vay`, `Đã trả hết`,
/// `Đã xóa nợ`, `Đã hủy giải ngân`). The Android app's `loans.loanStatusText`.
public func loanStatusText(_ status: LoanStatus) -> UiText {
    switch status {
    case .active: .res("loanlist_status_active")
    case .repaid: .res("loanlist_status_repaid")
    case .writtenOff: .res("loanlist_status_written_off")
    case .reversed: .res("loanlist_status_reversed")
    }
}

/// An interest method as text (*lãi phẳng*, *dư nợ giảm dần*).
public func loanMethodText(_ method: InterestMethod) -> UiText {
    switch method {
    case .flat: .res("loanlist_method_flat")
    case .decliningBalance: .res("loanlist_method_declining")
    }
}
