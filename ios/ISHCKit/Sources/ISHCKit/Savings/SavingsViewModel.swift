import Foundation
import IshcCore

/// Which way the money goes in the savings form.
public enum SavingsAction: Sendable, Hashable, CaseIterable {
    /// *Gửi tiết kiệm*: the member brings money.
    case deposit
    /// *Rút tiết kiệm*: the member takes money out (at most the balance).
    case withdraw
}

/// A passbook line about to be reversed, waiting for its reason and a confirmation.
public struct SavingsReversal: Sendable, Hashable {
    public var entryId: String
    /// The line's amount (positive for a deposit, negative for a withdrawal).
    public var amount: Money
    /// The line's date, `dd/MM/yyyy`.
    public var entryOn: String
    /// The reason as typed (required by the core).
    public var reason = ""
    /// `reason` under the reason field; anything else (a later withdrawal needs the money) for the panel.
    public var errors = FormErrors()
}

/// What the savings screen shows for one member.
public struct SavingsState: Sendable, Equatable {
    public var memberName = ""
    /// Balance now.
    public var balance: Money?
    /// The passbook, newest first, each line with the balance after it.
    public var lines: [StatementLine] = []
    public var action: SavingsAction = .deposit
    /// The amount as typed (`500k`, `1tr5`), with its meaning.
    public var amount = AmountInput()
    /// The date as typed (`dd/MM/yyyy`); today by default.
    public var on = ""
    public var memo = ""
    /// Errors by field: `amount`, `on`, `memo`; the form's own for the rest.
    public var errors = FormErrors()
    /// The entry just recorded by the form.
    public var saved: LedgerEntry?
    /// The line being reversed, while the confirmation is open.
    public var reversing: SavingsReversal?
    /// The reversal just recorded.
    public var reversed: LedgerEntry?
    /// A save is under way (the save button is then disabled; another save is ignored).
    public var busy = false

    public init() {}

    /// Whether `line` may still be reversed: not a reversal itself, not reversed already.
    public func canReverse(_ line: StatementLine) -> Bool { !line.reversed && line.entry.kind != .reversal }
}

/// A member's savings (*tiết kiệm*): the balance, a deposit or withdrawal
/// form (amount typed as people write it, date, memo) and the passbook with
/// the running balance, where a line recorded by mistake is reversed with a
/// reason after a confirmation (the line stays, a reversal line follows).
/// The Android app's `SavingsModel`.
///
/// Recording needs a treasurer or the chair acting (`op.not_permitted`
/// otherwise, shown on the form). Refusals: `money.*` and
/// `savings.insufficient` (a withdrawal above the balance) under the
/// amount, `date.invalid` under the date; nothing is written.
public final class SavingsViewModel: ViewModel<SavingsState> {
    private let store: ClubStore
    /// Whose savings these are.
    public let memberId: String
    private static let fields: Set<String> = ["amount", "on", "memo"]
    private static let reverseFields: Set<String> = ["reason"]

    public init(store: ClubStore, memberId: String) {
        self.store = store
        self.memberId = memberId
        super.init(state: SavingsState())
        if let today = try? store.today() { update { $0.on = Format.date(today) } }
        reload()
    }

    /// Reads the passbook again (after a sync or a change).
    public func reload() {
        do {
            let p = try store.passbook(memberId: memberId)
            update {
                $0.memberName = p.member.fullName
                $0.balance = p.balance
                $0.lines = p.lines.reversed()
            }
        } catch {
            update { $0.errors = FormErrors.of(error, formFields: Self.fields) }
        }
    }

    public func setAction(_ action: SavingsAction) {
        update {
            $0.action = action
            $0.errors = $0.errors.without("amount")
            $0.errors.form = nil
            $0.saved = nil
        }
    }

    public func setAmount(_ text: String) {
        update {
            $0.amount = AmountInput(text)
            $0.errors = $0.errors.without("amount")
            $0.saved = nil
        }
    }

    public func setOn(_ text: String) {
        update {
            $0.on = text
            $0.errors = $0.errors.without("on")
            $0.saved = nil
        }
    }

    public func setMemo(_ text: String) {
        update {
            $0.memo = text
            $0.errors = $0.errors.without("memo")
            $0.saved = nil
        }
    }

    /// Records the deposit or withdrawal. On success the amount and memo are
    /// emptied, ``SavingsState/saved`` holds the entry and the passbook is
    /// read again; on a refusal the errors are set and nothing was written.
    /// Returns whether it was recorded.
    ///
    /// Ignored (`false`, nothing changes) while a save is under way and
    /// until the form is edited after a save: a second tap keeps the
    /// "recorded" notice rather than asking for an amount.
    @discardableResult
    public func save() -> Bool {
        guard !state.busy, state.saved == nil else { return false }
        update { $0.busy = true }
        defer { update { $0.busy = false } }
        let s = state
        do {
            let dong = try parseAmount(text: s.amount.text)
            let on = s.on.trimmed
            let entry = switch s.action {
            case .deposit: try store.deposit(memberId: memberId, amount: dong, on: on.isEmpty ? nil : on, memo: s.memo.trimmed)
            case .withdraw: try store.withdraw(memberId: memberId, amount: dong, on: on.isEmpty ? nil : on, memo: s.memo.trimmed)
            }
            update {
                $0.amount = AmountInput()
                $0.memo = ""
                $0.errors = FormErrors()
                $0.saved = entry
                $0.reversed = nil
            }
            reload()
            return true
        } catch {
            update {
                $0.errors = FormErrors.of(error, formFields: Self.fields)
                $0.saved = nil
            }
            return false
        }
    }

    /// Opens the confirmation to reverse the passbook line of `entryId`.
    public func askReverse(_ entryId: String) {
        guard let line = state.lines.first(where: { $0.entry.id == entryId }) else { return }
        update {
            $0.reversing = SavingsReversal(entryId: entryId, amount: line.entry.amount, entryOn: Format.date(line.entry.entryOn))
            $0.reversed = nil
            $0.saved = nil
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

    /// Closes the confirmation without reversing anything.
    public func cancelReverse() {
        update { $0.reversing = nil }
    }

    /// Reverses the line being confirmed, dated today, with the reason typed
    /// (`reverseEntry`). On success the confirmation closes and the passbook
    /// shows the reversal line; on a refusal (`text.required` under the
    /// reason, `savings.insufficient` when the money was withdrawn since) it
    /// stays open with the error. Returns whether it was reversed.
    @discardableResult
    public func confirmReverse() -> Bool {
        guard var r = state.reversing else { return false }
        do {
            let entry = try store.reverseEntry(entryId: r.entryId, reason: r.reason.trimmed, on: nil)
            update {
                $0.reversing = nil
                $0.reversed = entry
            }
            reload()
            return true
        } catch {
            r.errors = FormErrors.of(error, formFields: Self.reverseFields)
            update { $0.reversing = r }
            return false
        }
    }
}

/// A passbook line's kind as text (`Gửi`, `Rút`, `Hủy`). The Android app's `savingsKindText`.
public func savingsKindText(_ kind: EntryKind) -> UiText {
    switch kind {
    case .deposit: .res("savings_kind_deposit")
    case .withdrawal: .res("savings_kind_withdrawal")
    case .reversal: .res("savings_kind_reversal")
    default: .raw(String(describing: kind))
    }
}
