package vn.ishc.app.loans

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.ClubStore
import vn.ishc.core.InterestMethod
import vn.ishc.core.IshcException
import vn.ishc.core.LoanInfo
import vn.ishc.core.LoanStatus

/** What the club's loan list shows. */
data class LoanListState(
    /** Active loans: most days past due first, then oldest disbursement first. */
    val active: List<LoanInfo> = emptyList(),
    /** Repaid, written-off and reversed loans; read only while [showClosed]. */
    val closed: List<LoanInfo> = emptyList(),
    /** Whether the closed loans are shown (a toggle; off by default). */
    val showClosed: Boolean = false,
    /** Why the list could not be read. */
    val error: UiText? = null,
)

/**
 * The club's loans (*cho vay*): the active ones first, the most days past
 * due first (the core's order), each with its outstanding principal and
 * what is overdue; the closed ones behind a toggle. Positions are as of
 * [asOf] (`YYYY-MM-DD`; `null`: today by the phone's clock).
 */
class LoanListModel(private val store: ClubStore, private val asOf: String? = null) {
    private val _state = MutableStateFlow(LoanListState())

    /** The screen's state. */
    val state: StateFlow<LoanListState> = _state.asStateFlow()

    init {
        reload()
    }

    /** Reads the loans again (after a disbursement, a repayment or a sync). */
    fun reload() {
        _state.update {
            try {
                val loans = store.loans(asOf, it.showClosed)
                it.copy(
                    active = loans.filter { l -> l.status == LoanStatus.ACTIVE },
                    closed = loans.filter { l -> l.status != LoanStatus.ACTIVE },
                    error = null,
                )
            } catch (e: IshcException) {
                it.copy(error = FormErrors.of(e, emptySet()).form)
            }
        }
    }

    /** Shows or hides the closed loans. */
    fun toggleClosed() {
        _state.update { it.copy(showClosed = !it.showClosed) }
        reload()
    }
}

/** A loan's status as text (`Đang vay`, `Đã trả hết`, `Đã xóa nợ`, `Đã hủy`). */
fun loanStatusText(status: LoanStatus): UiText = when (status) {
    LoanStatus.ACTIVE -> text("loanlist_status_active")
    LoanStatus.REPAID -> text("loanlist_status_repaid")
    LoanStatus.WRITTEN_OFF -> text("loanlist_status_written_off")
    LoanStatus.REVERSED -> text("loanlist_status_reversed")
}

/** An interest method as text (*lãi phẳng*, *dư nợ giảm dần*). */
fun loanMethodText(method: InterestMethod): UiText = when (method) {
    InterestMethod.FLAT -> text("loanlist_method_flat")
    InterestMethod.DECLINING_BALANCE -> text("loanlist_method_declining")
}
