package vn.ishc.app.savings

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.forms.saveOnce
import vn.ishc.app.format.AmountInput
import vn.ishc.app.format.Format
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.ClubStore
import vn.ishc.core.EntryKind
import vn.ishc.core.IshcException
import vn.ishc.core.LedgerEntry
import vn.ishc.core.Money
import vn.ishc.core.StatementLine
import vn.ishc.core.parseAmount

/** Which way the money goes in the savings form. */
enum class SavingsAction {
    /** *Gửi tiết kiệm*: the member brings money. */
    DEPOSIT,

    /** *Rút tiết kiệm*: the member takes money out (at most the balance). */
    WITHDRAW,
}

/** A passbook line about to be reversed, waiting for its reason and a confirmation. */
data class SavingsReversal(
    val entryId: String,
    /** The line's amount (positive for a deposit, negative for a withdrawal). */
    val amount: Money,
    /** The line's date, `dd/MM/yyyy`. */
    val entryOn: String,
    /** The reason as typed (required by the core). */
    val reason: String = "",
    /** `reason` under the reason field; anything else (a later withdrawal needs the money) for the panel. */
    val errors: FormErrors = FormErrors(),
)

/** What the savings screen shows for one member. */
data class SavingsState(
    val memberName: String = "",
    /** Balance now. */
    val balance: Money? = null,
    /** The passbook, newest first, each line with the balance after it. */
    val lines: List<StatementLine> = emptyList(),
    val action: SavingsAction = SavingsAction.DEPOSIT,
    /** The amount as typed (`500k`, `1tr5`), with its meaning. */
    val amount: AmountInput = AmountInput(),
    /** The date as typed (`dd/MM/yyyy`); today by default. */
    val on: String = "",
    val memo: String = "",
    /** Errors by field: `amount`, `on`, `memo`; the form's own for the rest. */
    val errors: FormErrors = FormErrors(),
    /** The entry just recorded by the form. */
    val saved: LedgerEntry? = null,
    /** The line being reversed, while the confirmation is open. */
    val reversing: SavingsReversal? = null,
    /** The reversal just recorded. */
    val reversed: LedgerEntry? = null,
    /** A deposit or withdrawal is being recorded (the button is then disabled; another save is ignored). */
    val busy: Boolean = false,
) {
    /** Whether [line] may still be reversed: not a reversal itself, not reversed already. */
    fun canReverse(line: StatementLine): Boolean = !line.reversed && line.entry.kind != EntryKind.REVERSAL
}

/**
 * A member's savings (*tiết kiệm*): the balance, a deposit or withdrawal
 * form (amount typed as people write it, date, memo) and the passbook with
 * the running balance, where a line recorded by mistake is reversed with a
 * reason after a confirmation (the line stays, a reversal line follows).
 *
 * Calls the store synchronously. Recording needs a treasurer or the chair
 * acting (`op.not_permitted` otherwise, shown on the form). Refusals:
 * `money.*` and `savings.insufficient` (withdrawal above the balance)
 * under the amount, `date.invalid` under the date; nothing is written.
 */
class SavingsModel(private val store: ClubStore, private val memberId: String) {
    private val _state = MutableStateFlow(SavingsState())

    /** The screen's state. */
    val state: StateFlow<SavingsState> = _state.asStateFlow()

    init {
        _state.update { it.copy(on = Format.date(store.today())) }
        reload()
    }

    /** Reads the passbook again (after a sync or a change). */
    fun reload() {
        _state.update {
            try {
                val p = store.passbook(memberId)
                it.copy(memberName = p.member.fullName, balance = p.balance, lines = p.lines.asReversed().toList())
            } catch (e: IshcException) {
                it.copy(errors = FormErrors.of(e, FIELDS))
            }
        }
    }

    fun setAction(a: SavingsAction) = _state.update {
        it.copy(action = a, errors = it.errors.without("amount").copy(form = null), saved = null)
    }

    fun setAmount(text: String) = _state.update {
        it.copy(amount = AmountInput(text), errors = it.errors.without("amount"), saved = null)
    }

    fun setOn(text: String) = _state.update { it.copy(on = text, errors = it.errors.without("on"), saved = null) }

    fun setMemo(text: String) = _state.update { it.copy(memo = text, errors = it.errors.without("memo"), saved = null) }

    /**
     * Records the deposit or withdrawal. On success the amount and memo are
     * emptied, [SavingsState.saved] holds the entry and the passbook is read
     * again; on a refusal the errors are set and nothing was written.
     * Returns whether it was recorded.
     *
     * Ignored (returns `false`, the state unchanged) while another save is
     * under way, and right after a success until something is changed: a
     * second tap reaches the emptied amount, and the notice stays.
     */
    fun save(): Boolean = _state.saveOnce({ it.busy || it.saved != null }, { s, b -> s.copy(busy = b) }, ::write)

    private fun write(s: SavingsState): Boolean {
        return try {
            val dong = parseAmount(s.amount.text)
            val on = s.on.trim().ifEmpty { null }
            val entry = when (s.action) {
                SavingsAction.DEPOSIT -> store.deposit(memberId, dong, on, s.memo.trim())
                SavingsAction.WITHDRAW -> store.withdraw(memberId, dong, on, s.memo.trim())
            }
            _state.update { it.copy(amount = AmountInput(), memo = "", errors = FormErrors(), saved = entry, reversed = null) }
            reload()
            true
        } catch (e: IshcException) {
            _state.update { it.copy(errors = FormErrors.of(e, FIELDS), saved = null) }
            false
        }
    }

    /** Opens the confirmation to reverse the passbook line of [entryId]. */
    fun askReverse(entryId: String) {
        val line = _state.value.lines.firstOrNull { it.entry.id == entryId } ?: return
        _state.update {
            it.copy(
                reversing = SavingsReversal(entryId, line.entry.amount, Format.date(line.entry.entryOn)),
                reversed = null,
                saved = null,
            )
        }
    }

    fun setReverseReason(text: String) = _state.update {
        it.copy(reversing = it.reversing?.let { r -> r.copy(reason = text, errors = r.errors.without("reason")) })
    }

    /** Closes the confirmation without reversing anything. */
    fun cancelReverse() = _state.update { it.copy(reversing = null) }

    /**
     * Reverses the line being confirmed, dated today, with the reason typed
     * (`reverseEntry`). On success the confirmation closes and the passbook
     * shows the reversal line; on a refusal (`text.required` under the
     * reason, `savings.insufficient` when the money was withdrawn since)
     * it stays open with the error. Returns whether it was reversed.
     */
    fun confirmReverse(): Boolean {
        val r = _state.value.reversing ?: return false
        return try {
            val entry = store.reverseEntry(r.entryId, r.reason.trim(), null)
            _state.update { it.copy(reversing = null, reversed = entry) }
            reload()
            true
        } catch (e: IshcException) {
            _state.update { it.copy(reversing = r.copy(errors = FormErrors.of(e, REVERSE_FIELDS))) }
            false
        }
    }

    companion object {
        private val FIELDS = setOf("amount", "on", "memo")
        private val REVERSE_FIELDS = setOf("reason")
    }
}

/** A passbook line's kind as text (`Gửi`, `Rút`, `Hủy`). */
fun savingsKindText(kind: EntryKind): UiText = when (kind) {
    EntryKind.DEPOSIT -> text("savings_kind_deposit")
    EntryKind.WITHDRAWAL -> text("savings_kind_withdrawal")
    EntryKind.REVERSAL -> text("savings_kind_reversal")
    else -> UiText.Raw(kind.name)
}
