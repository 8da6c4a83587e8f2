package vn.ishc.app.loans

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.format.Format
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.ClubStore
import vn.ishc.core.EntryKind
import vn.ishc.core.IshcException
import vn.ishc.core.LoanInfo
import vn.ishc.core.LoanStatus
import vn.ishc.core.Money
import vn.ishc.core.Role
import vn.ishc.core.StatementLine

/** A repayment about to be reversed, waiting for its reason and a confirmation. */
data class LoanReversal(
    val entryId: String,
    val amount: Money,
    /** The repayment's date, `dd/MM/yyyy`. */
    val paidOn: String,
    /** The reason as typed (required by the core). */
    val reason: String = "",
    /** `reason` under the reason field; anything else for the panel. */
    val errors: FormErrors = FormErrors(),
)

/** A write-off waiting for its reason and a confirmation. */
data class LoanWriteOff(
    val reason: String = "",
    val errors: FormErrors = FormErrors(),
)

/** What the loan detail shows. */
data class LoanDetailState(
    /** The loan with its schedule (paid, overdue, upcoming), repayments and position. */
    val loan: LoanInfo? = null,
    /** Whether the acting member may write the loan off: a treasurer or the chair, on an active loan. */
    val canWriteOff: Boolean = false,
    /** The repayment being reversed, while its confirmation is open. */
    val reversing: LoanReversal? = null,
    /** The write-off, while its confirmation is open. */
    val writingOff: LoanWriteOff? = null,
    /** What was just done (a repayment reversed, the loan written off). */
    val notice: UiText? = null,
    /** Why the loan could not be read. */
    val error: UiText? = null,
) {
    /** Whether a repayment can still be recorded: the loan is active. */
    val canRepay: Boolean get() = loan?.status == LoanStatus.ACTIVE

    /** Whether [line] of the repayments may be reversed: a repayment not reversed yet. */
    fun canReverse(line: StatementLine): Boolean = !line.reversed && line.entry.kind == EntryKind.LOAN_REPAYMENT
}

/**
 * One loan (*khoản vay*): terms, position, the schedule with each
 * installment paid, overdue or upcoming, and the repayments (with their
 * reversals and the running total repaid). A repayment recorded by
 * mistake is reversed with a reason after a confirmation; a treasurer or
 * the chair may write off what is left (*xóa nợ*), with a reason. Recording
 * a repayment is the repayment screen's ([RepaymentFormModel]).
 *
 * Positions are as of [asOf] (`YYYY-MM-DD`; `null`: today); reversals and
 * write-offs are dated today.
 */
class LoanDetailModel(
    private val store: ClubStore,
    private val loanId: String,
    /** The member acting (their roles decide whether write-off is offered). */
    private val actingMemberId: String,
    private val asOf: String? = null,
) {
    private val _state = MutableStateFlow(LoanDetailState())

    /** The screen's state. */
    val state: StateFlow<LoanDetailState> = _state.asStateFlow()

    private val money: Boolean = runCatching {
        store.member(actingMemberId).roles.any { it == Role.TREASURER || it == Role.CHAIR }
    }.getOrDefault(false)

    init {
        reload()
    }

    /** Reads the loan again (after a repayment, a reversal or a sync). */
    fun reload() {
        _state.update {
            try {
                val loan = store.loan(loanId, asOf)
                it.copy(loan = loan, canWriteOff = money && loan.status == LoanStatus.ACTIVE, error = null)
            } catch (e: IshcException) {
                it.copy(error = FormErrors.of(e, emptySet()).form)
            }
        }
    }

    /** Opens the confirmation to reverse the repayment [entryId]. */
    fun askReverse(entryId: String) {
        val line = _state.value.loan?.repayments?.firstOrNull { it.entry.id == entryId } ?: return
        _state.update {
            it.copy(
                reversing = LoanReversal(entryId, line.entry.amount, Format.date(line.entry.entryOn)),
                writingOff = null,
                notice = null,
            )
        }
    }

    fun setReverseReason(text: String) = _state.update {
        it.copy(reversing = it.reversing?.let { r -> r.copy(reason = text, errors = r.errors.without("reason")) })
    }

    /** Closes the confirmation without reversing. */
    fun cancelReverse() = _state.update { it.copy(reversing = null) }

    /**
     * Reverses the repayment being confirmed, dated today, with the reason
     * typed: the repayment stays, a reversal follows it, and what it paid
     * is owed again. Refusals (`text.required` under the reason, others on
     * the panel) keep the confirmation open. Returns whether it was reversed.
     */
    fun confirmReverse(): Boolean {
        val r = _state.value.reversing ?: return false
        return try {
            store.reverseEntry(r.entryId, r.reason.trim(), null)
            _state.update { it.copy(reversing = null, notice = text("loanlist_reversed", r.amount.text)) }
            reload()
            true
        } catch (e: IshcException) {
            _state.update { it.copy(reversing = r.copy(errors = FormErrors.of(e, REASON))) }
            false
        }
    }

    /** Opens the write-off confirmation (only when [LoanDetailState.canWriteOff]). */
    fun askWriteOff() {
        if (!_state.value.canWriteOff) return
        _state.update { it.copy(writingOff = LoanWriteOff(), reversing = null, notice = null) }
    }

    fun setWriteOffReason(text: String) = _state.update {
        it.copy(writingOff = it.writingOff?.let { w -> w.copy(reason = text, errors = w.errors.without("reason")) })
    }

    /** Closes the write-off confirmation. */
    fun cancelWriteOff() = _state.update { it.copy(writingOff = null) }

    /**
     * Writes off the principal outstanding, dated today, for the reason
     * typed (`text.required` under it when blank; `loan.closed` on the
     * panel). Returns whether the loan was written off.
     */
    fun confirmWriteOff(): Boolean {
        val w = _state.value.writingOff ?: return false
        val outstanding = _state.value.loan?.position?.principalOutstanding?.text.orEmpty()
        return try {
            store.writeOffLoan(loanId, null, w.reason.trim())
            _state.update { it.copy(writingOff = null, notice = text("loanlist_written_off", outstanding)) }
            reload()
            true
        } catch (e: IshcException) {
            _state.update { it.copy(writingOff = w.copy(errors = FormErrors.of(e, REASON))) }
            false
        }
    }

    companion object {
        private val REASON = setOf("reason")
    }
}

/** A line of a loan's repayments as text: `Trả nợ` or `Hủy`. */
fun loanEntryKindText(kind: EntryKind): UiText = when (kind) {
    EntryKind.LOAN_REPAYMENT -> text("loanlist_kind_repayment")
    EntryKind.REVERSAL -> text("loanlist_kind_reversal")
    else -> UiText.Raw(kind.name)
}
