package vn.ishc.app.loans

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.forms.saveOnce
import vn.ishc.app.format.AmountInput
import vn.ishc.app.format.Format
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.Str
import vn.ishc.app.text.Strings
import vn.ishc.app.text.text
import vn.ishc.core.ClubStore
import vn.ishc.core.IshcException
import vn.ishc.core.LoanInfo
import vn.ishc.core.RepaymentReceipt

/** What the repayment screen shows. */
data class RepaymentFormState(
    /** The loan as it stands before this repayment. */
    val loan: LoanInfo? = null,
    /** The amount as typed (`1tr5`, `500k`, `1.500.000`), with its meaning. */
    val amount: AmountInput = AmountInput(),
    /** Date paid, as typed (`dd/MM/yyyy`); today by default. */
    val paidOn: String = "",
    val errors: FormErrors = FormErrors(),
    /** The receipt of the repayment just recorded. */
    val receipt: RepaymentReceipt? = null,
    /** A repayment is being recorded (the button is then disabled; another save is ignored). */
    val busy: Boolean = false,
)

/**
 * Recording a repayment (*thu nợ*) on one loan: the amount typed as people
 * write it, the date paid, and a receipt to share as text. The core
 * allocates it (oldest installment first, interest before principal) and
 * refuses an overpayment with what is owed.
 */
class RepaymentFormModel(private val store: ClubStore, private val loanId: String) {
    private val _state = MutableStateFlow(RepaymentFormState())

    /** The screen's state. */
    val state: StateFlow<RepaymentFormState> = _state.asStateFlow()

    init {
        reload()
        _state.update { it.copy(paidOn = Format.date(store.today())) }
    }

    /** Reads the loan again (after a sync or a reversal). */
    fun reload() {
        _state.update {
            try {
                it.copy(loan = store.loan(loanId, null))
            } catch (e: IshcException) {
                it.copy(errors = FormErrors.of(e, FIELDS))
            }
        }
    }

    fun setAmount(text: String) = _state.update {
        it.copy(amount = AmountInput(text), errors = it.errors.without("amount"), receipt = null)
    }

    fun setPaidOn(text: String) = _state.update {
        it.copy(paidOn = text, errors = it.errors.without("paidOn"), receipt = null)
    }

    /**
     * Records the repayment; returns whether it was recorded. Ignored
     * (returns `false`, the state unchanged) while another save is under
     * way, and right after a success until something is typed: a second
     * tap reaches the emptied amount, and the receipt stays.
     */
    fun save(): Boolean = _state.saveOnce({ it.busy || it.receipt != null }, { s, b -> s.copy(busy = b) }, ::write)

    private fun write(s: RepaymentFormState): Boolean {
        val dong = try {
            vn.ishc.core.parseAmount(s.amount.text)
        } catch (e: IshcException) {
            _state.update { it.copy(errors = FormErrors.of(e, FIELDS)) }
            return false
        }
        return try {
            val receipt = store.repayLoan(loanId, dong, s.paidOn.trim().ifEmpty { null })
            _state.update { it.copy(receipt = receipt, amount = AmountInput(), errors = FormErrors()) }
            reload()
            true
        } catch (e: IshcException) {
            _state.update { it.copy(errors = FormErrors.of(e, FIELDS)) }
            false
        }
    }

    companion object {
        private val FIELDS = setOf("amount", "paidOn")
    }
}

/**
 * A repayment receipt as text a treasurer shares with the borrower (Zalo,
 * SMS), in the app's language: club, borrower, amount, date, what is still
 * owed, and the entry id to quote if it must be reversed.
 */
fun receiptText(strings: Strings, clubName: String, loan: LoanInfo, receipt: RepaymentReceipt): String {
    val p = receipt.position
    val lines = listOf(
        strings[Str("receipt_title")],
        clubName,
        strings[Str("receipt_borrower"), loan.borrowerName],
        strings[Str("receipt_amount"), receipt.entry.amount.text],
        strings[Str("receipt_paid_on"), Format.date(receipt.entry.entryOn)],
        strings[Str("receipt_principal_outstanding"), p.principalOutstanding.text],
        strings[Str("receipt_interest_outstanding"), p.interestOutstanding.text],
        strings[Str("receipt_reference"), receipt.entry.id.takeLast(12)],
    )
    return lines.joinToString("\n")
}

/** The state of an installment as text for the schedule. */
fun installmentStateText(state: vn.ishc.core.InstallmentState) = text("installment_" + state.name.lowercase())
