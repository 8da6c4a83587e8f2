package vn.ishc.app.members

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.ClubStore
import vn.ishc.core.EntryKind
import vn.ishc.core.Household
import vn.ishc.core.IshcException
import vn.ishc.core.LoanInfo
import vn.ishc.core.LoanStatus
import vn.ishc.core.MemberInfo
import vn.ishc.core.Passbook

/** What a member's page shows. */
data class MemberDetailState(
    /** The person, or `null` if they could not be read ([error] says why). */
    val member: MemberInfo? = null,
    /**
     * Their savings passbook (*sổ tiết kiệm*): every entry oldest first with
     * the balance after it (đồng), reversed entries marked; `null` if it
     * could not be read.
     */
    val passbook: Passbook? = null,
    /**
     * Their loans, open and closed, as the core lists them (active first,
     * most days past due first), each with its position today.
     */
    val loans: List<LoanInfo> = emptyList(),
    /** Why the page could not be read (the person was merged away, say). */
    val error: UiText? = null,
)

/**
 * One person's page: who they are (name, sex, age, ethnic group, hamlet,
 * phone, roles, joined and left), their savings passbook with the running
 * balance, and their loans with what is still owed and days past due.
 * Read-only: money is recorded on the treasurer's screens.
 */
class MemberDetailModel(private val store: ClubStore, private val memberId: String) {
    private val _state = MutableStateFlow(MemberDetailState())

    /** The screen's state. */
    val state: StateFlow<MemberDetailState> = _state.asStateFlow()

    init {
        reload()
    }

    /** Reads the person, passbook and loans again (after a deposit, a repayment, a sync). */
    fun reload() {
        _state.value = try {
            MemberDetailState(
                member = store.member(memberId),
                passbook = store.passbook(memberId),
                loans = store.loans(null, true).filter { it.borrowerId == memberId },
            )
        } catch (e: IshcException) {
            MemberDetailState(error = FormErrors.of(e, emptySet()).form)
        }
    }
}

/** A ledger entry's kind as the passbook names it (*Gửi tiết kiệm*, *Rút tiết kiệm*, …). */
fun entryKindText(kind: EntryKind): UiText = when (kind) {
    EntryKind.GRANT -> text("members_entry_grant")
    EntryKind.CONTRIBUTION -> text("members_entry_contribution")
    EntryKind.MEMBERSHIP_FEE -> text("members_entry_membership_fee")
    EntryKind.INTEREST_INCOME -> text("members_entry_interest_income")
    EntryKind.EXPENSE -> text("members_entry_expense")
    EntryKind.LOAN_DISBURSEMENT -> text("members_entry_loan_disbursement")
    EntryKind.LOAN_REPAYMENT -> text("members_entry_loan_repayment")
    EntryKind.DEPOSIT -> text("members_entry_deposit")
    EntryKind.WITHDRAWAL -> text("members_entry_withdrawal")
    EntryKind.REVERSAL -> text("members_entry_reversal")
}

/** A loan's status in words (*Đang vay*, *Đã trả xong*, …). */
fun loanStatusText(status: LoanStatus): UiText = when (status) {
    LoanStatus.ACTIVE -> text("members_loan_active")
    LoanStatus.REPAID -> text("members_loan_repaid")
    LoanStatus.WRITTEN_OFF -> text("members_loan_written_off")
    LoanStatus.REVERSED -> text("members_loan_reversed")
}

/** A household's poverty status in words (*Hộ nghèo*, *Hộ cận nghèo*, …). */
fun householdText(h: Household): UiText = when (h) {
    Household.POOR -> text("members_household_poor")
    Household.NEAR_POOR -> text("members_household_near_poor")
    Household.NEITHER -> text("members_household_neither")
}
