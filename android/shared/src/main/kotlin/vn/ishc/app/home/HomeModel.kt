package vn.ishc.app.home

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import vn.ishc.app.format.Format
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.core.ClubStore
import vn.ishc.core.InstallmentState
import vn.ishc.core.IshcException
import vn.ishc.core.LoanInfo
import vn.ishc.core.LoanStatus
import vn.ishc.core.Membership
import vn.ishc.core.Money
import vn.ishc.core.Role

/** A care recipient due for a visit, as the volunteer's list shows them. */
data class HomeVisitDue(
    val recipientId: String,
    val name: String,
    /** Hamlet (*ấp*, *tổ*): where to go. */
    val hamlet: String,
    /** Days since the last visit, or `null` if never visited (those come first). */
    val daysSince: Long?,
)

/** An installment falling due today and not yet fully paid. */
data class HomeRepaymentDue(
    val loanId: String,
    val borrowerName: String,
    /** The installment's 1-based number. */
    val installment: Int,
    /** What is still to pay on it today (its total less what was paid against it). */
    val amount: Money,
)

/** A loan past due, for the treasurer's follow-up. */
data class HomeOverdueLoan(
    val loanId: String,
    val borrowerName: String,
    /** Installments that fell due before today and are unpaid. */
    val overdue: Money,
    /** Days past due of the oldest unpaid installment (more than 0). */
    val daysPastDue: Int,
)

/** Portfolio at risk (SEEP): outstanding principal of loans more than [days] days past due. */
data class HomePortfolioAtRisk(
    val days: Int,
    /** All outstanding principal of active loans. */
    val outstanding: Money,
    /** Outstanding principal of the loans past the threshold. */
    val atRisk: Money,
    /** The ratio in basis points (10.000 = 100 %). */
    val ratioBp: Int,
    /** The ratio as a percent with one decimal, written the Vietnamese way: `12,5%`. */
    val percent: String,
)

/** One of the acting member's own active loans. */
data class HomeMyLoan(
    val loanId: String,
    val principal: Money,
    /** Principal outstanding (*dư nợ gốc*) today. */
    val outstanding: Money,
    /** The next installment not fully paid: due date `dd/MM/yyyy` (or `null` if none is left). */
    val nextDueOn: String?,
    /** What is still to pay on that installment. */
    val nextAmount: Money?,
)

/** A part of the home page; which ones show depends on the acting member's roles. */
sealed interface HomeSection {
    /** For a home-care volunteer or the chair: care recipients due for a visit. */
    data class Visits(val due: List<HomeVisitDue>) : HomeSection

    /** For a treasurer, the chair or the accountant: today's repayments, overdue loans, PAR30. */
    data class Treasury(
        val dueToday: List<HomeRepaymentDue>,
        /** Most days past due first. */
        val overdue: List<HomeOverdueLoan>,
        val portfolioAtRisk: HomePortfolioAtRisk,
    ) : HomeSection

    /** For a club member: their own savings and loans. */
    data class Mine(val memberId: String, val savings: Money, val loans: List<HomeMyLoan>) : HomeSection
}

/** What the home page shows. */
data class HomeState(
    /** The acting member's full name. */
    val name: String = "",
    /** Their roles, in the register's display order. */
    val roles: List<Role> = emptyList(),
    /** The day the page is for, `dd/MM/yyyy`. */
    val today: String = "",
    /** In this order when present: visits, treasury, mine. */
    val sections: List<HomeSection> = emptyList(),
    /** Why the page could not be read (the member is gone, the database failed). */
    val error: UiText? = null,
) {
    /** The section of type [T], if the acting member sees it. */
    inline fun <reified T : HomeSection> section(): T? = sections.filterIsInstance<T>().firstOrNull()
}

/**
 * The home page (*trang chủ*): what comes first depends on who is acting.
 *
 * - A home-care volunteer (or the chair) sees the care recipients not
 *   visited in the last [VISIT_DAYS] days: never visited first, then
 *   longest since, each with a "log a visit" action.
 * - A treasurer (or the chair, or the accountant) sees today's repayments
 *   due (installments of active loans due on [today] and not fully paid),
 *   the overdue loans (most days past due first) and the portfolio at risk
 *   over [PAR_DAYS] days.
 * - A club member sees their own savings balance and active loans.
 *
 * Someone with several roles sees every section that applies, in that
 * order. Reads the store synchronously. The day comes from [today]
 * (`YYYY-MM-DD`), read again on every [reload], so a page left open past
 * midnight shows the new day's lists; the app passes the core's
 * `store.today()`, tests a fixed day, so the page and its tests do not
 * depend on the phone's clock.
 */
class HomeModel(
    private val store: ClubStore,
    /** The member signed in and acting. */
    private val actingMemberId: String,
    /** The day to show, `YYYY-MM-DD`, asked on each [reload] (the app passes `{ store.today() }`). */
    private val today: () -> String,
) {
    /** The page for the fixed day [today] (`YYYY-MM-DD`): tests and previews. */
    constructor(store: ClubStore, actingMemberId: String, today: String) : this(store, actingMemberId, { today })

    private val _state = MutableStateFlow(HomeState())

    /** The screen's state. */
    val state: StateFlow<HomeState> = _state.asStateFlow()

    init {
        reload()
    }

    /** Reads the day and everything again (after a sync, or on returning to the page). */
    fun reload() {
        var day: String? = null
        _state.value = try {
            val on = today().also { day = it }
            val me = store.member(actingMemberId)
            val sections = mutableListOf<HomeSection>()
            if (me.roles.any { it in VOLUNTEER_ROLES }) sections += visits(on)
            if (me.roles.any { it in TREASURY_ROLES }) sections += treasury(on)
            if (me.membership == Membership.MEMBER) sections += mine(on)
            HomeState(name = me.fullName, roles = me.roles, today = Format.date(on), sections = sections)
        } catch (e: IshcException) {
            HomeState(today = day?.let(Format::date).orEmpty(), error = FormErrors.of(e, emptySet()).form)
        }
    }

    private fun visits(today: String) = HomeSection.Visits(
        store.recipientsDue(VISIT_DAYS, today).map {
            HomeVisitDue(it.member.id, it.member.fullName, it.member.hamlet, it.daysSince)
        },
    )

    private fun treasury(today: String): HomeSection.Treasury {
        val loans = store.loans(today, false).filter { it.status == LoanStatus.ACTIVE }
        val dueToday = loans.flatMap { loan ->
            loan.position.installments
                .filter { it.dueOn == today && it.state != InstallmentState.PAID }
                .map { HomeRepaymentDue(loan.id, loan.borrowerName, it.number.toInt(), money(it.total.dong - it.paid.dong)) }
        }
        val overdue = loans
            .filter { it.position.daysPastDue > 0u }
            .sortedByDescending { it.position.daysPastDue }
            .map { HomeOverdueLoan(it.id, it.borrowerName, it.position.overdue, it.position.daysPastDue.toInt()) }
        val par = store.portfolioAtRisk(today, PAR_DAYS)
        return HomeSection.Treasury(
            dueToday = dueToday,
            overdue = overdue,
            portfolioAtRisk = HomePortfolioAtRisk(
                days = par.days.toInt(),
                outstanding = par.outstanding,
                atRisk = par.atRisk,
                ratioBp = par.ratioBp.toInt(),
                percent = percentText(par.ratioBp.toInt()),
            ),
        )
    }

    private fun mine(today: String): HomeSection.Mine {
        val loans = store.loans(today, false)
            .filter { it.borrowerId == actingMemberId && it.status == LoanStatus.ACTIVE }
            .map(::myLoan)
        return HomeSection.Mine(actingMemberId, store.savingsBalance(actingMemberId), loans)
    }

    private fun myLoan(loan: LoanInfo): HomeMyLoan {
        val next = loan.position.installments.firstOrNull { it.state != InstallmentState.PAID }
        return HomeMyLoan(
            loanId = loan.id,
            principal = loan.principal,
            outstanding = loan.position.principalOutstanding,
            nextDueOn = next?.let { Format.date(it.dueOn) },
            nextAmount = next?.let { money(it.total.dong - it.paid.dong) },
        )
    }

    companion object {
        /** Days without a visit that make a care recipient due. */
        const val VISIT_DAYS: UInt = 7u

        /** The portfolio-at-risk threshold, days (PAR30). */
        const val PAR_DAYS: UInt = 30u

        private val VOLUNTEER_ROLES = setOf(Role.HOME_CARE_VOLUNTEER, Role.CHAIR)
        private val TREASURY_ROLES = setOf(Role.TREASURER, Role.CHAIR, Role.ACCOUNTANT)

        /**
         * Basis points as a percent with one decimal, rounded half up, with
         * a decimal comma as the clubs write it: 1234 → `12,3%`, 10000 → `100,0%`.
         */
        fun percentText(ratioBp: Int): String {
            val tenths = (ratioBp + 5) / 10
            return "${tenths / 10},${tenths % 10}%"
        }

        private fun money(dong: Long) = Money(dong, Format.money(dong))
    }
}
