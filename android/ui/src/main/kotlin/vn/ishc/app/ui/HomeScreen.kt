package vn.ishc.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import vn.ishc.app.home.HomeSection
import vn.ishc.app.home.HomeState

/** What the home page can be asked to do (the app navigates). */
data class HomeActions(
    /** Open the visit form for this care recipient. */
    val logVisit: (recipientId: String) -> Unit = {},
    /** Open the visit form with no one picked (it lists every care recipient). */
    val logAnyVisit: () -> Unit = {},
    /** Open the repayment form for this loan. */
    val recordRepayment: (loanId: String) -> Unit = {},
    /** Open this loan's detail. */
    val openLoan: (loanId: String) -> Unit = {},
    /** Open this member's passbook. */
    val openSavings: (memberId: String) -> Unit = {},
)

/**
 * The home page (*trang chủ*) by role: a volunteer's care recipients due
 * for a visit (and a "log a visit" for anyone else), a treasurer's repayments due today, overdue loans and
 * portfolio at risk, a member's own savings and loans, in that order for
 * someone with several roles.
 */
@Composable
fun HomeScreen(state: HomeState, actions: HomeActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("home_title"), style = MaterialTheme.typography.headlineSmall)
        if (state.name.isNotEmpty()) Text(str("home_hello", state.name), style = MaterialTheme.typography.titleLarge, modifier = Modifier.testTag("hello"))
        if (state.today.isNotEmpty()) Text(str("home_today", state.today), style = MaterialTheme.typography.bodyMedium)
        state.error?.let { ErrorLine(it.resolve(), "form") }
        if (state.error == null && state.sections.isEmpty()) Text(str("home_nothing"), modifier = Modifier.testTag("nothing"))
        for (section in state.sections) {
            when (section) {
                is HomeSection.Visits -> VisitsSection(section, actions)
                is HomeSection.Treasury -> TreasurySection(section, actions)
                is HomeSection.Mine -> MineSection(section, actions)
            }
        }
    }
}

@Composable
private fun VisitsSection(s: HomeSection.Visits, actions: HomeActions) {
    MoneyCard("section:visits") {
        MoneyHeading(str("home_visits_title"))
        if (s.due.isEmpty()) Text(str("home_visits_none"))
        s.due.forEachIndexed { i, r ->
            if (i > 0) HorizontalDivider()
            Column(Modifier.moneyGroup("due:${r.name}"), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(r.name, style = MoneyStrong)
                val since = r.daysSince?.let { str("home_visit_days", it.toInt()) } ?: str("home_visit_never")
                Text(listOf(r.hamlet, since).filter { it.isNotBlank() }.joinToString(" · "))
                MoneyOutlinedButton(str("home_log_visit"), "log-visit:${r.name}", str("home_log_visit_for", r.name)) {
                    actions.logVisit(r.recipientId)
                }
            }
        }
        // Anyone may be visited, due or not (a call for help, a visit a day early).
        if (s.due.isNotEmpty()) HorizontalDivider()
        MoneyMainButton(str("home_log_visit_any"), "log-visit", actions.logAnyVisit)
    }
}

@Composable
private fun TreasurySection(s: HomeSection.Treasury, actions: HomeActions) {
    MoneyCard("section:due-today") {
        MoneyHeading(str("home_due_today_title"))
        if (s.dueToday.isEmpty()) Text(str("home_due_today_none"))
        s.dueToday.forEachIndexed { i, d ->
            if (i > 0) HorizontalDivider()
            Column(Modifier.moneyGroup("due-today:${d.borrowerName}"), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(d.borrowerName, style = MoneyStrong)
                Text(str("home_due_line", d.installment, d.amount.text))
                MoneyOutlinedButton(str("home_record_repayment"), "repay:${d.borrowerName}", str("home_record_repayment_for", d.borrowerName)) {
                    actions.recordRepayment(d.loanId)
                }
            }
        }
    }
    MoneyCard("section:overdue") {
        MoneyHeading(str("home_overdue_title"))
        if (s.overdue.isEmpty()) Text(str("home_overdue_none"))
        s.overdue.forEachIndexed { i, o ->
            if (i > 0) HorizontalDivider()
            Column(Modifier.moneyGroup("overdue:${o.borrowerName}"), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(o.borrowerName, style = MoneyStrong)
                Text(str("home_overdue_line", o.overdue.text, o.daysPastDue), color = MaterialTheme.colorScheme.error)
                MoneyOutlinedButton(str("home_open_loan"), "open-loan:${o.borrowerName}", str("home_open_loan_for", o.borrowerName)) {
                    actions.openLoan(o.loanId)
                }
            }
        }
    }
    val par = s.portfolioAtRisk
    MoneyCard("section:par") {
        MoneyHeading(str("home_par_title", par.days))
        Text(str("home_par_outstanding", par.outstanding.text))
        Text(str("home_par_at_risk", par.atRisk.text))
        Text(
            str("home_par_ratio", par.percent),
            fontWeight = FontWeight.Bold,
            color = if (par.ratioBp > 0) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.onSurface,
            modifier = Modifier.testTag("par-ratio"),
        )
    }
}

@Composable
private fun MineSection(s: HomeSection.Mine, actions: HomeActions) {
    MoneyCard("section:mine") {
        MoneyHeading(str("home_mine_title"))
        Text(str("home_my_savings", s.savings.text), style = MoneyStrong, modifier = Modifier.testTag("my-savings"))
        MoneyOutlinedButton(str("home_open_passbook"), "open-passbook") { actions.openSavings(s.memberId) }
        if (s.loans.isEmpty()) Text(str("home_my_loans_none"), modifier = Modifier.testTag("my-loans-none"))
        s.loans.forEachIndexed { i, l ->
            HorizontalDivider()
            Column(Modifier.moneyGroup("my-loan:$i"), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(str("home_my_loan", l.principal.text), style = MoneyStrong)
                Text(str("loan_principal_outstanding", l.outstanding.text))
                if (l.nextDueOn != null && l.nextAmount != null) Text(str("home_my_loan_next", l.nextDueOn!!, l.nextAmount!!.text))
                MoneyOutlinedButton(str("home_open_loan"), "my-loan-open:$i") { actions.openLoan(l.loanId) }
            }
        }
    }
}
