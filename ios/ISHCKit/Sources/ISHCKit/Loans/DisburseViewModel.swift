import Foundation
import IshcCore

/// A member who may borrow, as the search lists them.
public struct BorrowerChoice: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var hamlet: String
    /// What they already owe (principal outstanding today).
    public var loanOutstanding: Money
}

/// What the disbursement form shows.
public struct DisburseState: Sendable, Equatable {
    /// The borrower search as typed (name without diacritics, or phone digits).
    public var search = ""
    /// Members matching ``search`` (at most ``DisburseViewModel/maxCandidates``); empty while the search is.
    public var candidates: [BorrowerChoice] = []
    public var borrower: BorrowerChoice?
    /// The principal as typed (`5tr`, `5.000.000`), with its meaning.
    public var principal = AmountInput()
    /// The term in months, as typed.
    public var termMonths = ""
    /// The monthly rate as typed (`1%`, `0,8%`).
    public var rate = ""
    public var method: InterestMethod = .flat
    public var purpose = ""
    /// The disbursement date as typed (`dd/MM/yyyy`); today by default.
    public var disbursedOn = ""
    /// What the income-generation fund holds now (loans are lent from it).
    public var fundBalance: Money?
    /// The schedule the loan would have: shown before confirming; `nil` until asked for or after an edit.
    public var preview: [Installment]?
    /// Errors by field: `borrowerId`, `principal` (`money.*`,
    /// `loan.principal_*`, `fund.insufficient`), `termMonths`, `rate`
    /// (`rate.*`, `loan.rate_out_of_range`), `disbursedOn`, `purpose`; the form's own for the rest.
    public var errors = FormErrors()
    /// The loan just disbursed (the form is then empty again).
    public var disbursed: LoanInfo?
    /// A disbursement is under way (the confirm button is then disabled; another confirm is ignored).
    public var busy = false

    public init() {}

    /// What the borrower would repay in all, đồng (principal and interest), once previewed.
    public var previewTotal: Int64? { preview?.reduce(0) { $0 + $1.total.dong } }

    /// The interest part of ``previewTotal``, đồng.
    public var previewInterest: Int64? { preview?.reduce(0) { $0 + $1.interest.dong } }
}

/// Disbursing a loan (*giải ngân*) from the income-generation fund: the
/// borrower picked from the members by search, the principal typed as
/// people write it (`5tr`), the term, the monthly rate typed as a percent
/// (`1%`, `0,8%`, read by the core's `parseRate`), flat or declining-balance
/// interest and the purpose. ``preview()`` shows the schedule the core
/// would set (`loanSchedule`); only then does ``confirm()`` record the
/// loan, and any edit asks for the preview again. The Android app's `DisburseModel`.
///
/// Needs a treasurer or the chair acting. Refusals land under their field;
/// `fund.insufficient` (more than the fund holds) under the principal.
public final class DisburseViewModel: ViewModel<DisburseState> {
    /// How many members the borrower search lists.
    public static let maxCandidates = 8

    private let store: ClubStore
    /// The loan the preview was computed for: what ``confirm()`` records.
    private var planned: NewLoan?
    private static let fields: Set<String> = ["borrowerId", "principal", "termMonths", "rate", "disbursedOn", "purpose"]
    /// The core's field names for what this form calls otherwise.
    private static let renamed = ["amount": "principal", "monthlyRateBp": "rate"]

    public init(store: ClubStore) {
        self.store = store
        super.init(state: DisburseState())
        if let today = try? store.today() { update { $0.disbursedOn = Format.date(today) } }
        refreshFund()
    }

    /// Searches the members who may borrow (names ignore case and diacritics).
    public func setSearch(_ text: String) {
        var found: [BorrowerChoice] = []
        if !text.trimmed.isEmpty {
            found = ((try? store.listMembers(search: text.trimmed, includeLeft: false)) ?? [])
                .filter { $0.member.membership == .member }
                .prefix(Self.maxCandidates)
                .map { BorrowerChoice(id: $0.member.id, name: $0.member.fullName, hamlet: $0.member.hamlet, loanOutstanding: $0.loanOutstanding) }
        }
        update {
            $0.search = text
            $0.candidates = found
        }
    }

    /// Picks a borrower among the candidates.
    public func pickBorrower(_ id: String) {
        guard let b = state.candidates.first(where: { $0.id == id }) else { return }
        edit {
            $0.borrower = b
            $0.search = ""
            $0.candidates = []
            $0.errors = $0.errors.without("borrowerId")
        }
    }

    /// Drops the borrower to pick another.
    public func clearBorrower() { edit { $0.borrower = nil } }

    public func setPrincipal(_ text: String) {
        edit {
            $0.principal = AmountInput(text)
            $0.errors = $0.errors.without("principal")
        }
    }

    public func setTermMonths(_ text: String) {
        edit {
            $0.termMonths = text
            $0.errors = $0.errors.without("termMonths")
        }
    }

    public func setRate(_ text: String) {
        edit {
            $0.rate = text
            $0.errors = $0.errors.without("rate")
        }
    }

    public func setMethod(_ method: InterestMethod) { edit { $0.method = method } }

    public func setPurpose(_ text: String) {
        edit {
            $0.purpose = text
            $0.errors = $0.errors.without("purpose")
        }
    }

    public func setDisbursedOn(_ text: String) {
        edit {
            $0.disbursedOn = text
            $0.errors = $0.errors.without("disbursedOn")
        }
    }

    /// Checks what was typed and computes the schedule (nothing is
    /// recorded). Every field's error is shown at once. Returns whether
    /// there is a schedule to confirm.
    @discardableResult
    public func preview() -> Bool {
        let s = state
        var errors: [String: UiText] = [:]
        if s.borrower == nil { errors["borrowerId"] = .res("loanlist_error_borrower") }
        let principal = parsed("principal", &errors) { try parseAmount(text: s.principal.text) }
        let term = UInt32(s.termMonths.trimmed)
        if term == nil { errors["termMonths"] = .res("error_whole_number") }
        let rate = parsed("rate", &errors) { try parseRate(text: s.rate) }
        guard errors.isEmpty, let borrower = s.borrower, let principal, let term, let rate else {
            planned = nil
            update {
                $0.errors = FormErrors(fields: errors)
                $0.preview = nil
            }
            return false
        }
        do {
            let typed = s.disbursedOn.trimmed
            let on = typed.isEmpty ? try store.today() : typed
            let schedule = try loanSchedule(principal: principal, disbursedOn: on, termMonths: term, monthlyRateBp: rate, method: s.method)
            planned = NewLoan(
                borrowerId: borrower.id, principal: principal, disbursedOn: on, termMonths: term, monthlyRateBp: rate,
                method: s.method, purpose: s.purpose.trimmed
            )
            update {
                $0.preview = schedule
                $0.errors = FormErrors()
            }
            return true
        } catch {
            planned = nil
            update {
                $0.errors = Self.loanErrors(error)
                $0.preview = nil
            }
            return false
        }
    }

    /// Disburses the loan previewed. Without a preview (or after an edit)
    /// it computes the preview instead and returns `false`: the treasurer
    /// sees the schedule before the money leaves the fund. On success
    /// ``DisburseState/disbursed`` holds the loan and the form is empty again.
    ///
    /// Ignored (`false`, nothing changes) while a disbursement is under way
    /// and on the form one just emptied: a second tap keeps the "disbursed"
    /// notice rather than asking for every field.
    @discardableResult
    public func confirm() -> Bool {
        guard !state.busy, state.disbursed == nil else { return false }
        update { $0.busy = true }
        defer { update { $0.busy = false } }
        guard let loan = planned, state.preview != nil else {
            preview()
            return false
        }
        do {
            let info = try store.disburseLoan(loan: loan)
            planned = nil
            let on = state.disbursedOn
            var fresh = DisburseState()
            fresh.disbursedOn = on
            fresh.disbursed = info
            state = fresh
            refreshFund()
            return true
        } catch {
            update { $0.errors = Self.loanErrors(error) }
            return false
        }
    }

    private func refreshFund() {
        let balance = try? store.fundStatement(fund: .incomeGeneration).balance
        update { $0.fundBalance = balance }
    }

    /// An edit: the preview no longer matches what is typed.
    private func edit(_ change: (inout DisburseState) -> Void) {
        planned = nil
        update {
            change(&$0)
            $0.preview = nil
            $0.disbursed = nil
        }
    }

    private func parsed<T>(_ field: String, _ errors: inout [String: UiText], _ parse: () throws -> T) -> T? {
        do {
            return try parse()
        } catch {
            let e = Self.loanErrors(error)
            errors[field] = e[field] ?? e.form ?? .res("error_internal")
            return nil
        }
    }

    /// A refusal by the form's field names (`amount` from `parseAmount` is the principal here).
    private static func loanErrors(_ error: any Error) -> FormErrors {
        if case let .Invalid(code, field, reason)? = error as? IshcError, let name = renamed[field] {
            return FormErrors(fields: [name: .error(code: code, reason: reason)])
        }
        return FormErrors.of(error, formFields: fields)
    }
}
