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
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextDecoration
import androidx.compose.ui.unit.dp
import vn.ishc.app.format.Format
import vn.ishc.app.savings.SavingsAction
import vn.ishc.app.savings.SavingsState
import vn.ishc.app.savings.savingsKindText
import vn.ishc.core.EntryKind
import vn.ishc.core.StatementLine
import kotlin.math.abs

/** What the savings screen can be asked to do. */
data class SavingsActions(
    val setAction: (SavingsAction) -> Unit = {},
    val setAmount: (String) -> Unit = {},
    val setOn: (String) -> Unit = {},
    val setMemo: (String) -> Unit = {},
    val save: () -> Unit = {},
    /** Ask to reverse the passbook line with this entry id (opens the confirmation). */
    val askReverse: (entryId: String) -> Unit = {},
    val setReverseReason: (String) -> Unit = {},
    val confirmReverse: () -> Unit = {},
    val cancelReverse: () -> Unit = {},
)

/**
 * A member's savings (*tiết kiệm*): the balance, a deposit or withdrawal
 * typed as people write amounts (with what it means under the field), and
 * the passbook, newest first, with the balance after each line; a line
 * recorded by mistake is reversed with a reason after a confirmation.
 */
@Composable
fun SavingsScreen(state: SavingsState, actions: SavingsActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("savings_title"), style = MaterialTheme.typography.headlineSmall)
        Text(state.memberName, style = MaterialTheme.typography.titleLarge, modifier = Modifier.testTag("member"))
        state.balance?.let {
            Text(
                str("savings_balance", it.text),
                style = MaterialTheme.typography.titleLarge,
                modifier = Modifier.testTag("balance").semantics { liveRegion = LiveRegionMode.Polite },
            )
        }
        state.saved?.let {
            val amount = Format.money(abs(it.amount.dong))
            val text = if (it.kind == EntryKind.WITHDRAWAL) str("savings_saved_withdraw", amount) else str("savings_saved_deposit", amount)
            Notice(text, MoneySavedColor, "saved")
        }
        state.reversed?.let { Notice(str("savings_reversed", Format.money(abs(it.amount.dong))), MoneySavedColor, "reversed") }

        MoneyChoice(state.action == SavingsAction.DEPOSIT, str("savings_deposit"), "action:DEPOSIT") { actions.setAction(SavingsAction.DEPOSIT) }
        MoneyChoice(state.action == SavingsAction.WITHDRAW, str("savings_withdraw"), "action:WITHDRAW") { actions.setAction(SavingsAction.WITHDRAW) }
        FormField(
            "amount", str("savings_amount"), state.amount.text, actions.setAmount, state.errors["amount"],
            hint = str("savings_amount_hint"),
            supporting = state.amount.preview?.let { str("savings_amount_means", it) },
        )
        FormField("on", str("savings_on"), state.on, actions.setOn, state.errors["on"], hint = str("date_hint"))
        FormField("memo", str("savings_memo"), state.memo, actions.setMemo, state.errors["memo"], singleLine = false)
        state.errors.form?.let { ErrorLine(it.resolve(), "form") }
        MoneyMainButton(
            if (state.action == SavingsAction.DEPOSIT) str("savings_save_deposit") else str("savings_save_withdraw"),
            "save",
            actions.save,
            enabled = !state.busy,
        )

        HorizontalDivider()
        MoneyHeading(str("savings_passbook"))
        if (state.lines.isEmpty()) Text(str("savings_passbook_empty"), modifier = Modifier.testTag("passbook-empty"))
        for (line in state.lines) {
            PassbookLine(line, state, actions)
        }
    }
}

@Composable
private fun PassbookLine(line: StatementLine, state: SavingsState, actions: SavingsActions) {
    val e = line.entry
    MoneyCard("card:${e.id}") {
        Column(Modifier.moneyGroup("line:${e.id}"), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(
                Format.date(e.entryOn) + " · " + savingsKindText(e.kind).resolve() + " · " + e.amount.text,
                style = MoneyStrong,
                textDecoration = if (line.reversed) TextDecoration.LineThrough else null,
            )
            Text(str("savings_line_balance", line.balance.text))
            if (e.memo.isNotBlank()) Text(e.memo, style = MaterialTheme.typography.bodyMedium)
            if (line.reversed) Text(str("savings_line_reversed"), color = MaterialTheme.colorScheme.error)
        }
        val r = state.reversing
        if (r != null && r.entryId == e.id) {
            MoneyConfirmPanel(
                title = str("savings_reverse_title", Format.money(abs(r.amount.dong)), r.entryOn),
                note = str("savings_reverse_note"),
                reasonLabel = str("savings_reverse_reason"),
                reason = r.reason,
                onReason = actions.setReverseReason,
                errors = r.errors,
                confirmLabel = str("savings_reverse_confirm"),
                keepLabel = str("savings_reverse_keep"),
                onConfirm = actions.confirmReverse,
                onKeep = actions.cancelReverse,
                tag = "reverse",
            )
        } else if (state.canReverse(line)) {
            MoneyOutlinedButton(
                str("savings_reverse"),
                "reverse:${e.id}",
                str("savings_reverse_for", Format.money(abs(e.amount.dong)), Format.date(e.entryOn)),
            ) { actions.askReverse(e.id) }
        }
    }
}
