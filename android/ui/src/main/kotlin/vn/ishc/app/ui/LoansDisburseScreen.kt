package vn.ishc.app.ui

import androidx.compose.foundation.clickable
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
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import vn.ishc.app.format.Format
import vn.ishc.app.loans.DisburseState
import vn.ishc.app.loans.loanMethodText
import vn.ishc.core.InterestMethod

/** What the disbursement form can be asked to do. */
data class DisburseActions(
    val setSearch: (String) -> Unit = {},
    val pickBorrower: (memberId: String) -> Unit = {},
    val clearBorrower: () -> Unit = {},
    val setPrincipal: (String) -> Unit = {},
    val setTermMonths: (String) -> Unit = {},
    val setRate: (String) -> Unit = {},
    val setMethod: (InterestMethod) -> Unit = {},
    val setPurpose: (String) -> Unit = {},
    val setDisbursedOn: (String) -> Unit = {},
    /** Compute the schedule (nothing recorded). */
    val preview: () -> Unit = {},
    /** Disburse the loan previewed. */
    val confirm: () -> Unit = {},
)

/**
 * Disbursing a loan (*giải ngân*): the borrower found by name, the
 * principal typed as people write it (`5tr`) with what it means, term,
 * monthly rate (`1%`, `0,8%`), interest method and purpose; the schedule
 * is shown before the treasurer confirms.
 */
@Composable
fun DisburseScreen(state: DisburseState, actions: DisburseActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("loanlist_disburse_title"), style = MaterialTheme.typography.headlineSmall)
        state.disbursed?.let {
            Notice(str("loanlist_disbursed", it.principal.text, it.borrowerName), MoneySavedColor, "disbursed")
        }
        state.fundBalance?.let { Text(str("loanlist_fund_balance", it.text), modifier = Modifier.testTag("fund-balance")) }

        MoneyHeading(str("loanlist_borrower"))
        val b = state.borrower
        if (b != null) {
            MoneyCard("borrower") {
                Text(b.name, style = MoneyStrong)
                if (b.hamlet.isNotBlank()) Text(b.hamlet)
                if (b.loanOutstanding.dong > 0) Text(str("loanlist_borrower_owes", b.loanOutstanding.text))
                MoneyOutlinedButton(str("loanlist_borrower_change"), "change-borrower", onClick = actions.clearBorrower)
            }
        } else {
            FormField("borrowerId", str("loanlist_borrower_search"), state.search, actions.setSearch, state.errors["borrowerId"])
            if (state.search.isNotBlank() && state.candidates.isEmpty()) Text(str("loanlist_borrower_none"))
            for (c in state.candidates) {
                MoneyCard(
                    "candidate:${c.name}",
                    Modifier.clickable(role = Role.Button, onClickLabel = str("loanlist_pick", c.name)) { actions.pickBorrower(c.id) },
                ) {
                    Text(c.name, style = MoneyStrong)
                    val owes = if (c.loanOutstanding.dong > 0) str("loanlist_borrower_owes", c.loanOutstanding.text) else null
                    Text(listOfNotNull(c.hamlet.ifBlank { null }, owes).joinToString(" · "), style = MaterialTheme.typography.bodyMedium)
                }
            }
        }

        FormField(
            "principal", str("loanlist_principal"), state.principal.text, actions.setPrincipal, state.errors["principal"],
            hint = str("loanlist_principal_hint"),
            supporting = state.principal.preview?.let { str("loanlist_means", it) },
        )
        FormField("termMonths", str("loanlist_term"), state.termMonths, actions.setTermMonths, state.errors["termMonths"], keyboard = KeyboardType.Number)
        FormField("rate", str("loanlist_rate"), state.rate, actions.setRate, state.errors["rate"], hint = str("loanlist_rate_hint"))
        Text(str("loanlist_method"), style = MoneyStrong)
        for (m in InterestMethod.entries) {
            MoneyChoice(state.method == m, loanMethodText(m).resolve(), "method:${m.name}") { actions.setMethod(m) }
        }
        FormField("purpose", str("loanlist_purpose"), state.purpose, actions.setPurpose, state.errors["purpose"], singleLine = false)
        FormField(
            "disbursedOn", str("loanlist_disbursed_on"), state.disbursedOn, actions.setDisbursedOn, state.errors["disbursedOn"],
            hint = str("date_hint"),
        )
        state.errors.form?.let { ErrorLine(it.resolve(), "form") }
        MoneyOutlinedButton(str("loanlist_preview"), "preview", onClick = actions.preview)

        val preview = state.preview
        if (preview != null) {
            HorizontalDivider()
            MoneyHeading(str("loanlist_preview_title"))
            Text(
                str("loanlist_preview_total", Format.money(state.previewTotal ?: 0), Format.money(state.previewInterest ?: 0)),
                modifier = Modifier.testTag("preview-total"),
            )
            for (i in preview) {
                Text(
                    str("installment_line", i.number.toInt(), Format.date(i.dueOn), i.total.text),
                    modifier = Modifier.testTag("preview:${i.number}"),
                )
            }
            // A refusal on confirming (more than the fund holds) is under its
            // field above, and repeated here where the treasurer is looking.
            state.errors.fields.values.firstOrNull()?.let { ErrorLine(it.resolve(), "confirm") }
            MoneyMainButton(str("loanlist_confirm"), "confirm", actions.confirm, enabled = !state.busy)
        }
    }
}
