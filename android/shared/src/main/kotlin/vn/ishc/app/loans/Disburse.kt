package vn.ishc.app.loans

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.format.AmountInput
import vn.ishc.app.format.Format
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.ClubStoreInterface
import vn.ishc.core.Fund
import vn.ishc.core.Installment
import vn.ishc.core.InterestMethod
import vn.ishc.core.IshcException
import vn.ishc.core.LoanInfo
import vn.ishc.core.Membership
import vn.ishc.core.Money
import vn.ishc.core.NewLoan
import vn.ishc.core.loanSchedule
import vn.ishc.core.parseAmount
import vn.ishc.core.parseRate

/** A member who may borrow, as the search lists them. */
data class BorrowerChoice(
    val id: String,
    val name: String,
    val hamlet: String,
    /** What they already owe (principal outstanding today). */
    val loanOutstanding: Money,
)

/** What the disbursement form shows. */
data class DisburseState(
    /** The borrower search as typed (name without diacritics, or phone digits). */
    val search: String = "",
    /** Members matching [search] (at most [DisburseModel.MAX_CANDIDATES]); empty while the search is. */
    val candidates: List<BorrowerChoice> = emptyList(),
    val borrower: BorrowerChoice? = null,
    /** The principal as typed (`5tr`, `5.000.000`), with its meaning. */
    val principal: AmountInput = AmountInput(),
    /** The term in months, as typed. */
    val termMonths: String = "",
    /** The monthly rate as typed (`1%`, `0,8%`). */
    val rate: String = "",
    val method: InterestMethod = InterestMethod.FLAT,
    val purpose: String = "",
    /** The disbursement date as typed (`dd/MM/yyyy`); today by default. */
    val disbursedOn: String = "",
    /** What the income-generation fund holds now (loans are lent from it). */
    val fundBalance: Money? = null,
    /**
     * The loan previewed, with the inputs it was computed from: what
     * [DisburseModel.confirm] records, only while [inputs] still match it.
     * `null` until asked for, and after an edit.
     */
    val plan: DisbursePlan? = null,
    /**
     * Errors by field: `borrowerId`, `principal` (`money.*`, `loan.principal_*`,
     * `fund.insufficient`), `termMonths`, `rate` (`rate.*`, `loan.rate_out_of_range`),
     * `disbursedOn`, `purpose`; the form's own for the rest.
     */
    val errors: FormErrors = FormErrors(),
    /** The loan just disbursed (the form is then empty again). */
    val disbursed: LoanInfo? = null,
    /** The loan is being disbursed (the confirm button is then disabled; another confirm is ignored). */
    val busy: Boolean = false,
) {
    /** What the form holds now, as a plan's inputs are compared with it. */
    val inputs: DisburseInputs
        get() = DisburseInputs(borrower?.id, principal.text, termMonths, rate, method, purpose, disbursedOn)

    /** The schedule the loan would have: shown before confirming; `null` until asked for or after an edit. */
    val preview: List<Installment>? get() = plan?.takeIf { it.inputs == inputs }?.schedule

    /** What the borrower would repay in all, đồng (principal and interest), once previewed. */
    val previewTotal: Long? get() = preview?.sumOf { it.total.dong }

    /** The interest part of [previewTotal], đồng. */
    val previewInterest: Long? get() = preview?.sumOf { it.interest.dong }
}

/** What the disbursement form held, as typed: a [DisbursePlan] is valid for these only. */
data class DisburseInputs(
    val borrowerId: String?,
    val principal: String,
    val termMonths: String,
    val rate: String,
    val method: InterestMethod,
    val purpose: String,
    val disbursedOn: String,
)

/** A previewed loan: the [loan] computed from [inputs], and its [schedule]. */
data class DisbursePlan(val inputs: DisburseInputs, val loan: NewLoan, val schedule: List<Installment>)

/**
 * Disbursing a loan (*giải ngân*) from the income-generation fund: the
 * borrower picked from the members by search, the principal typed as
 * people write it (`5tr`), the term, the monthly rate typed as a percent
 * (`1%`, `0,8%`, read by the core's `parseRate`), flat or declining-balance
 * interest and the purpose. [preview] shows the schedule the core would
 * set (`loanSchedule`); only then does [confirm] record the loan, and any
 * edit asks for the preview again.
 *
 * Needs a treasurer or the chair acting. Refusals land under their field;
 * `fund.insufficient` (more than the fund holds) under the principal.
 *
 * Safe to call from several threads (the app edits on the main thread and
 * previews and confirms on a background one): everything lives in the one
 * [state], updated atomically. A preview computed for what the form held
 * when it started is kept only if the form still holds that, and [confirm]
 * lends only a plan whose inputs match the form.
 */
class DisburseModel(private val store: ClubStoreInterface) {
    private val _state = MutableStateFlow(DisburseState())

    /** The screen's state. */
    val state: StateFlow<DisburseState> = _state.asStateFlow()

    init {
        _state.update { it.copy(disbursedOn = Format.date(store.today())) }
        refreshFund()
    }

    /** Searches the members who may borrow (names ignore case and diacritics). */
    fun setSearch(text: String) {
        val found = if (text.isBlank()) {
            emptyList()
        } else {
            runCatching { store.listMembers(text.trim(), false) }.getOrDefault(emptyList())
                .filter { it.member.membership == Membership.MEMBER }
                .take(MAX_CANDIDATES)
                .map { BorrowerChoice(it.member.id, it.member.fullName, it.member.hamlet, it.loanOutstanding) }
        }
        _state.update { it.copy(search = text, candidates = found) }
    }

    /** Picks a borrower among the candidates. */
    fun pickBorrower(id: String) = edit { s ->
        val b = s.candidates.firstOrNull { it.id == id } ?: return@edit s
        s.copy(borrower = b, search = "", candidates = emptyList(), errors = s.errors.without("borrowerId"))
    }

    /** Drops the borrower to pick another. */
    fun clearBorrower() = edit { it.copy(borrower = null) }

    fun setPrincipal(text: String) = edit { it.copy(principal = AmountInput(text), errors = it.errors.without("principal")) }

    fun setTermMonths(text: String) = edit { it.copy(termMonths = text, errors = it.errors.without("termMonths")) }

    fun setRate(text: String) = edit { it.copy(rate = text, errors = it.errors.without("rate")) }

    fun setMethod(m: InterestMethod) = edit { it.copy(method = m) }

    fun setPurpose(text: String) = edit { it.copy(purpose = text, errors = it.errors.without("purpose")) }

    fun setDisbursedOn(text: String) = edit { it.copy(disbursedOn = text, errors = it.errors.without("disbursedOn")) }

    /**
     * Checks what was typed and computes the schedule (nothing is
     * recorded). Every field's error is shown at once. Returns whether
     * there is a schedule to confirm; `false` also when the form was
     * edited while it was computed (the result, for what was there
     * before, is dropped: preview again).
     */
    fun preview(): Boolean {
        val s = _state.value
        val inputs = s.inputs
        val errors = LinkedHashMap<String, UiText>()
        if (s.borrower == null) errors["borrowerId"] = text("loanlist_error_borrower")
        val principal = parsed("principal", errors) { parseAmount(s.principal.text) }
        val term = s.termMonths.trim().toUIntOrNull()
        if (term == null) errors["termMonths"] = text("error_whole_number")
        val rate = parsed("rate", errors) { parseRate(s.rate) }
        if (errors.isNotEmpty() || principal == null || term == null || rate == null) {
            publish(inputs) { it.copy(errors = FormErrors(fields = errors), plan = null) }
            return false
        }
        return try {
            val on = s.disbursedOn.trim().ifEmpty { store.today() }
            val schedule = loanSchedule(principal, on, term, rate, s.method)
            val loan = NewLoan(s.borrower!!.id, principal, on, term, rate, s.method, s.purpose.trim())
            publish(inputs) { it.copy(plan = DisbursePlan(inputs, loan, schedule), errors = FormErrors()) }
        } catch (e: IshcException) {
            publish(inputs) { it.copy(errors = loanErrors(e), plan = null) }
            false
        }
    }

    /**
     * Disburses the loan previewed. Without a preview, or when the form no
     * longer holds what the preview was computed from (an edit since), it
     * computes the preview instead and returns `false`: the treasurer sees
     * the schedule of what is typed before the money leaves the fund. On
     * success [DisburseState.disbursed] holds the loan and the form is
     * empty again.
     *
     * Ignored (returns `false`, the state unchanged) while another confirm
     * is under way, and right after a success until something is typed: a
     * second tap reaches the emptied form, and the notice stays.
     */
    fun confirm(): Boolean {
        val s = claim() ?: return false
        try {
            val plan = s.plan
            if (plan == null || plan.inputs != s.inputs) {
                _state.update { it.copy(busy = false) }
                preview()
                return false
            }
            return try {
                val info = store.disburseLoan(plan.loan)
                _state.update { DisburseState(disbursedOn = it.disbursedOn, disbursed = info) }
                refreshFund()
                true
            } catch (e: IshcException) {
                _state.update { it.copy(errors = loanErrors(e)) }
                false
            }
        } finally {
            _state.update { it.copy(busy = false) }
        }
    }

    /** Marks the form busy and returns what it held, or `null` when a confirm must be ignored (see [confirm]). */
    private fun claim(): DisburseState? {
        while (true) {
            val s = _state.value
            if (s.busy || s.disbursed != null) return null
            if (_state.compareAndSet(s, s.copy(busy = true))) return s
        }
    }

    /**
     * Applies [f] if the form still holds [inputs] (what a preview was
     * computed from); returns whether it did. An edit meanwhile wins.
     */
    private fun publish(inputs: DisburseInputs, f: (DisburseState) -> DisburseState): Boolean {
        while (true) {
            val cur = _state.value
            if (cur.inputs != inputs) return false
            if (_state.compareAndSet(cur, f(cur))) return true
        }
    }

    private fun refreshFund() {
        val balance = runCatching { store.fundStatement(Fund.INCOME_GENERATION).balance }.getOrNull()
        _state.update { it.copy(fundBalance = balance) }
    }

    /** An edit: the preview no longer matches what is typed. */
    private fun edit(f: (DisburseState) -> DisburseState) {
        _state.update { f(it).copy(plan = null, disbursed = null) }
    }

    private inline fun <T> parsed(field: String, errors: MutableMap<String, UiText>, parse: () -> T): T? = try {
        parse()
    } catch (e: IshcException) {
        errors[field] = loanErrors(e)[field] ?: loanErrors(e).form ?: text("error_internal")
        null
    }

    companion object {
        /** How many members the borrower search lists. */
        const val MAX_CANDIDATES = 8

        private val FIELDS = setOf("borrowerId", "principal", "termMonths", "rate", "disbursedOn", "purpose")

        /** The core's field names for what this form calls otherwise. */
        private val RENAMED = mapOf("amount" to "principal", "monthlyRateBp" to "rate")

        /** A refusal by the form's field names (`amount` from `parseAmount` is the principal here). */
        private fun loanErrors(e: IshcException): FormErrors =
            if (e is IshcException.Invalid && e.field in RENAMED) {
                FormErrors(fields = mapOf(RENAMED.getValue(e.field) to UiText.Error(e.code, e.reason)))
            } else {
                FormErrors.of(e, FIELDS)
            }
    }
}
