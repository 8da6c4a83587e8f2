package vn.ishc.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.text.style.TextDecoration
import androidx.compose.ui.unit.dp
import vn.ishc.app.format.Format
import vn.ishc.app.loans.LoanDetailState
import vn.ishc.app.loans.installmentStateText
import vn.ishc.app.loans.loanEntryKindText
import vn.ishc.app.loans.loanMethodText
import vn.ishc.app.loans.loanStatusText
import vn.ishc.core.InstallmentState
import vn.ishc.core.StatementLine
import kotlin.math.abs

/** What the loan detail can be asked to do. */
data class LoanDetailActions(
    /** Open the repayment form for this loan. */
    val recordRepayment: () -> Unit = {},
    /** Ask to reverse the repayment with this entry id (opens the confirmation). */
    val askReverse: (entryId: String) -> Unit = {},
    val setReverseReason: (String) -> Unit = {},
    val confirmReverse: () -> Unit = {},
    val cancelReverse: () -> Unit = {},
    val askWriteOff: () -> Unit = {},
    val setWriteOffReason: (String) -> Unit = {},
    val confirmWriteOff: () -> Unit = {},
    val cancelWriteOff: () -> Unit = {},
)

/**
 * One loan (*khoản vay*): borrower, terms and what is outstanding; the
 * schedule with each installment paid, overdue or upcoming; the
 * repayments with a "reverse" action that needs a reason; "record a
 * repayment"; and, for a treasurer, writing off what is left, with a reason.
 */
@Composable
fun LoanDetailScreen(state: LoanDetailState, actions: LoanDetailActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("loanlist_detail_title"), style = MaterialTheme.typography.headlineSmall)
        state.error?.let { ErrorLine(it.resolve(), "form") }
        val loan = state.loan ?: return@Column
        val p = loan.position
        Text(loan.borrowerName, style = MaterialTheme.typography.titleLarge, modifier = Modifier.testTag("borrower"))
        Text(str("loanlist_status", loanStatusText(loan.status).resolve()), modifier = Modifier.testTag("status"))
        Text(str("loan_principal", loan.principal.text))
        Text(str("loanlist_rate_line", loan.monthlyRateText, loanMethodText(loan.method).resolve()))
        Text(str("loanlist_disbursed_on_line", Format.date(loan.disbursedOn)))
        if (loan.purpose.isNotBlank()) Text(str("loanlist_purpose_line", loan.purpose))
        Text(
            str("loan_principal_outstanding", p.principalOutstanding.text),
            style = MoneyStrong,
            modifier = Modifier.testTag("principal-outstanding"),
        )
        Text(str("loan_interest_outstanding", p.interestOutstanding.text), modifier = Modifier.testTag("interest-outstanding"))
        if (p.overdue.dong > 0) {
            Text(str("loan_overdue", p.overdue.text, p.daysPastDue.toInt()), color = MaterialTheme.colorScheme.error, modifier = Modifier.testTag("overdue"))
        }
        state.notice?.let { Notice(it.resolve(), MoneySavedColor, "notice") }
        if (state.canRepay) MoneyMainButton(str("loanlist_record_repayment"), "record-repayment", actions.recordRepayment)

        HorizontalDivider()
        MoneyHeading(str("loan_schedule"))
        for (i in p.installments) {
            Text(
                str("installment_line", i.number.toInt(), Format.date(i.dueOn), i.total.text) +
                    " · " + installmentStateText(i.state).resolve(),
                color = if (i.state == InstallmentState.OVERDUE) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.onSurface,
                modifier = Modifier.testTag("installment:${i.number}"),
            )
        }

        HorizontalDivider()
        MoneyHeading(str("loanlist_repayments"))
        if (loan.repayments.isEmpty()) Text(str("loanlist_repayments_none"), modifier = Modifier.testTag("repayments-none"))
        for (line in loan.repayments.asReversed()) RepaymentLine(line, state, actions)

        if (state.canWriteOff) {
            HorizontalDivider()
            val w = state.writingOff
            if (w == null) {
                OutlinedButton(
                    onClick = actions.askWriteOff,
                    colors = ButtonDefaults.outlinedButtonColors(contentColor = MaterialTheme.colorScheme.error),
                    modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("write-off"),
                ) { Text(str("loanlist_write_off")) }
            } else {
                MoneyConfirmPanel(
                    title = str("loanlist_write_off_title", p.principalOutstanding.text),
                    note = str("loanlist_write_off_note"),
                    reasonLabel = str("loanlist_reason"),
                    reason = w.reason,
                    onReason = actions.setWriteOffReason,
                    errors = w.errors,
                    confirmLabel = str("loanlist_write_off_confirm"),
                    keepLabel = str("loanlist_write_off_keep"),
                    onConfirm = actions.confirmWriteOff,
                    onKeep = actions.cancelWriteOff,
                    tag = "write-off",
                )
            }
        }
    }
}

@Composable
private fun RepaymentLine(line: StatementLine, state: LoanDetailState, actions: LoanDetailActions) {
    val e = line.entry
    MoneyCard("card:${e.id}") {
        Column(Modifier.moneyGroup("repayment:${e.id}"), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(
                Format.date(e.entryOn) + " · " + loanEntryKindText(e.kind).resolve() + " · " + Format.money(abs(e.amount.dong)),
                style = MoneyStrong,
                textDecoration = if (line.reversed) TextDecoration.LineThrough else null,
            )
            Text(str("loanlist_repaid_total", line.balance.text))
            if (e.reversesId != null && e.memo.isNotBlank()) Text(e.memo, style = MaterialTheme.typography.bodyMedium)
            if (line.reversed) Text(str("loanlist_line_reversed"), color = MaterialTheme.colorScheme.error)
        }
        val r = state.reversing
        if (r != null && r.entryId == e.id) {
            MoneyConfirmPanel(
                title = str("loanlist_reverse_title", r.amount.text, r.paidOn),
                note = str("loanlist_reverse_note"),
                reasonLabel = str("loanlist_reason"),
                reason = r.reason,
                onReason = actions.setReverseReason,
                errors = r.errors,
                confirmLabel = str("loanlist_reverse_confirm"),
                keepLabel = str("loanlist_keep"),
                onConfirm = actions.confirmReverse,
                onKeep = actions.cancelReverse,
                tag = "reverse",
            )
        } else if (state.canReverse(line)) {
            MoneyOutlinedButton(
                str("loanlist_reverse"),
                "reverse:${e.id}",
                str("loanlist_reverse_for", e.amount.text, Format.date(e.entryOn)),
            ) { actions.askReverse(e.id) }
        }
    }
}
