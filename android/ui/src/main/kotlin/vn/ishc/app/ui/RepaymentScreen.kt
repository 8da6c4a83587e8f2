package vn.ishc.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import vn.ishc.app.format.Format
import vn.ishc.app.loans.RepaymentFormState
import vn.ishc.app.loans.installmentStateText
import vn.ishc.core.InstallmentState

/** What the repayment screen can be asked to do. */
data class RepaymentActions(
    val setAmount: (String) -> Unit = {},
    val setPaidOn: (String) -> Unit = {},
    val save: () -> Unit = {},
    /** Share the receipt of the repayment just recorded (the app builds its text). */
    val shareReceipt: () -> Unit = {},
)

/**
 * Recording a repayment (*thu nợ*): what the borrower owes, the amount typed
 * as people write it with what it means under it (`1tr5` = `1.500.000 ₫`),
 * the date, then a receipt to share; the schedule with paid, overdue and
 * upcoming installments.
 */
@Composable
fun RepaymentScreen(state: RepaymentFormState, actions: RepaymentActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("repay_title"), style = MaterialTheme.typography.headlineSmall)
        val loan = state.loan
        if (loan != null) {
            Text(loan.borrowerName, style = MaterialTheme.typography.titleLarge, modifier = Modifier.testTag("borrower"))
            val p = loan.position
            Text(str("loan_principal", loan.principal.text))
            Text(str("loan_principal_outstanding", p.principalOutstanding.text), modifier = Modifier.testTag("principal-outstanding"))
            Text(str("loan_interest_outstanding", p.interestOutstanding.text))
            if (p.overdue.dong > 0) {
                Text(
                    str("loan_overdue", p.overdue.text, p.daysPastDue.toInt()),
                    color = MaterialTheme.colorScheme.error,
                    modifier = Modifier.testTag("overdue"),
                )
            }
        }
        state.receipt?.let { r ->
            Notice(str("repay_saved", r.entry.amount.text), Color(0xFFE8F5E9), "saved")
            OutlinedButton(onClick = actions.shareReceipt, modifier = Modifier.fillMaxWidth().testTag("share")) {
                Text(str("action_share"))
            }
        }
        FormField(
            "amount", str("repay_amount"), state.amount.text, actions.setAmount, state.errors["amount"],
            hint = str("repay_amount_hint"),
            supporting = state.amount.preview?.let { str("repay_amount_means", it) },
        )
        FormField("paidOn", str("repay_paid_on"), state.paidOn, actions.setPaidOn, state.errors["paidOn"], hint = str("date_hint"))
        state.errors.form?.let { ErrorLine(it.resolve(), "form") }
        Button(
            onClick = actions.save,
            enabled = !state.busy,
            modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("save"),
        ) {
            Text(str("repay_save"))
        }
        if (loan != null) {
            HorizontalDivider()
            Text(str("loan_schedule"), style = MaterialTheme.typography.titleMedium)
            for (i in loan.position.installments) {
                val color = when (i.state) {
                    InstallmentState.OVERDUE -> MaterialTheme.colorScheme.error
                    else -> MaterialTheme.colorScheme.onSurface
                }
                Text(
                    str("installment_line", i.number.toInt(), Format.date(i.dueOn), i.total.text) +
                        " · " + installmentStateText(i.state).resolve(),
                    color = color,
                    modifier = Modifier.testTag("installment:${i.number}"),
                )
            }
        }
    }
}
