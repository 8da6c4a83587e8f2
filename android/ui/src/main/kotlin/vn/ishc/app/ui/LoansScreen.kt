package vn.ishc.app.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.unit.dp
import vn.ishc.app.format.Format
import vn.ishc.app.loans.LoanListState
import vn.ishc.app.loans.loanStatusText
import vn.ishc.core.LoanInfo
import vn.ishc.core.LoanStatus

/** What the loan list can be asked to do. */
data class LoanListActions(
    /** Open a loan's detail. */
    val openLoan: (loanId: String) -> Unit = {},
    /** Open the disbursement form. */
    val newLoan: () -> Unit = {},
    /** Show or hide the closed loans. */
    val toggleClosed: () -> Unit = {},
)

/**
 * The club's loans (*cho vay*): active ones first, the most days past due
 * first, each with what is outstanding and what is overdue; a tap opens
 * the loan. Closed loans (repaid, written off, reversed) behind a toggle.
 */
@Composable
fun LoanListScreen(state: LoanListState, actions: LoanListActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("loanlist_title"), style = MaterialTheme.typography.headlineSmall)
        MoneyMainButton(str("loanlist_new"), "new-loan", actions.newLoan)
        state.error?.let { ErrorLine(it.resolve(), "form") }
        if (state.active.isEmpty()) Text(str("loanlist_empty"), modifier = Modifier)
        for (loan in state.active) LoanRow(loan, actions)
        MoneyOutlinedButton(
            if (state.showClosed) str("loanlist_hide_closed") else str("loanlist_show_closed"),
            "toggle-closed",
            onClick = actions.toggleClosed,
        )
        if (state.showClosed) {
            MoneyHeading(str("loanlist_closed_title"))
            if (state.closed.isEmpty()) Text(str("loanlist_closed_none"))
            for (loan in state.closed) LoanRow(loan, actions)
        }
    }
}

@Composable
private fun LoanRow(loan: LoanInfo, actions: LoanListActions) {
    val p = loan.position
    MoneyCard(
        "loan:${loan.borrowerName}",
        Modifier
            .heightIn(min = 48.dp)
            .clickable(role = Role.Button, onClickLabel = str("loanlist_open", loan.borrowerName)) { actions.openLoan(loan.id) },
    ) {
        Text(loan.borrowerName, style = MoneyStrong)
        Text(str("loanlist_terms", loan.principal.text, loan.termMonths.toInt(), loan.monthlyRateText))
        Text(str("loanlist_disbursed_on_line", Format.date(loan.disbursedOn)), style = MaterialTheme.typography.bodyMedium)
        if (loan.status == LoanStatus.ACTIVE) {
            Text(str("loan_principal_outstanding", p.principalOutstanding.text))
            if (p.overdue.dong > 0) {
                Text(str("loan_overdue", p.overdue.text, p.daysPastDue.toInt()), color = MaterialTheme.colorScheme.error)
            } else {
                Text(str("loanlist_on_time"))
            }
        } else {
            Text(loanStatusText(loan.status).resolve())
        }
    }
}
