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
import androidx.compose.material3.OutlinedCard
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import vn.ishc.app.sync.ConflictRow
import vn.ishc.app.sync.RejectedRow
import vn.ishc.app.sync.SyncScreenState

/** What the sync screen can be asked to do. */
data class SyncActions(
    /** Sync now (the app runs the model's suspend `syncNow` in its scope). */
    val syncNow: () -> Unit = {},
    /** Restore a conflict's losing value, by conflict id. */
    val restore: (String) -> Unit = {},
    /** Dismiss a conflict (the current value stands), by conflict id. */
    val dismiss: (String) -> Unit = {},
)

/**
 * Sync (*đồng bộ*): when the phone last synced, how many changes wait to
 * be sent, the live state (announced by TalkBack as it changes), a "sync
 * now" button (disabled while a sync runs), then the changes the server
 * refused and the edits that clashed with another phone's, each with
 * restore and dismiss.
 */
@Composable
fun SyncScreen(state: SyncScreenState, actions: SyncActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("sync_title"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.testTag("sync-title"))
        Text(
            state.lastSync?.let { str("sync_last", it) } ?: str("sync_never"),
            modifier = Modifier.testTag("sync-last"),
        )
        Text(str("sync_pending", state.pending.toInt()), modifier = Modifier.testTag("sync-pending"))
        state.serverUrl?.let { Text(str("sync_server", it), style = MaterialTheme.typography.bodyMedium) }

        // One text, so TalkBack reads the state, why it failed and when it retries together.
        val line = buildList {
            add(state.line.resolve())
            state.failure?.let { add(it.resolve()) }
            if (state.failure != null) state.nextRetry?.let { add(str("sync_next_retry", it)) }
            if (state.clockSkew) add(str("sync_clock_skew"))
        }.joinToString("\n")
        Text(
            line,
            style = MaterialTheme.typography.bodyLarge,
            fontWeight = FontWeight.Bold,
            color = if (state.failure != null) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.onSurface,
            modifier = Modifier.fillMaxWidth().testTag("sync-state").semantics { liveRegion = LiveRegionMode.Polite },
        )
        state.shownMessage?.let { ErrorLine(it.resolve(), "form") }
        Button(
            onClick = actions.syncNow,
            enabled = !state.syncing,
            modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("sync-now"),
        ) { Text(if (state.syncing) str("sync_now_running") else str("sync_now")) }

        if (state.rejected.isNotEmpty()) {
            HorizontalDivider()
            Text(str("sync_rejected_title", state.rejected.size), style = MaterialTheme.typography.titleMedium)
            Text(str("sync_rejected_explain"), style = MaterialTheme.typography.bodyMedium)
            for (r in state.rejected) RejectedItem(r)
        }
        if (state.conflicts.isNotEmpty()) {
            HorizontalDivider()
            Text(str("sync_conflicts_title", state.conflicts.size), style = MaterialTheme.typography.titleMedium)
            Text(str("sync_conflicts_explain"), style = MaterialTheme.typography.bodyMedium)
            for (c in state.conflicts) ConflictItem(c, actions)
        }
    }
}

@Composable
private fun RejectedItem(r: RejectedRow) {
    // One TalkBack item per card (the buttons stay their own).
    OutlinedCard(Modifier.fillMaxWidth().testTag("rejected:${r.opId}").semantics(mergeDescendants = true) {}) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(str("sync_rejected_item", r.entity.resolve(), r.recordedAt), style = MaterialTheme.typography.bodyLarge)
            Text(r.error.resolve(), color = MaterialTheme.colorScheme.error, modifier = Modifier.testTag("rejected-reason:${r.opId}"))
        }
    }
}

@Composable
private fun ConflictItem(c: ConflictRow, actions: SyncActions) {
    val strings = LocalStrings.current
    val field = c.field.resolve()
    val value = c.losingValue.joinToString(", ") { strings.text(it) }
    OutlinedCard(Modifier.fillMaxWidth().testTag("conflict:${c.id}").semantics(mergeDescendants = true) {}) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(c.memberName, style = MaterialTheme.typography.titleLarge)
            Text(str("sync_conflict_field", field))
            Text(str("sync_conflict_value", value), fontWeight = FontWeight.Bold, modifier = Modifier.testTag("conflict-value:${c.id}"))
            Text(str("sync_conflict_losing_author", c.losingAuthor.resolve()), style = MaterialTheme.typography.bodyMedium)
            Text(str("sync_conflict_winning_author", c.winningAuthor.resolve()), style = MaterialTheme.typography.bodyMedium)
            // The buttons say what they do to whom: "Khôi phục giá trị này" alone is ambiguous in a list.
            val restore = str("sync_restore")
            val dismiss = str("sync_dismiss")
            Button(
                onClick = { actions.restore(c.id) },
                modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("restore:${c.id}")
                    .semantics { contentDescription = "$restore: ${c.memberName}, $field, $value" },
            ) { Text(restore) }
            OutlinedButton(
                onClick = { actions.dismiss(c.id) },
                modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("dismiss:${c.id}")
                    .semantics { contentDescription = "$dismiss: ${c.memberName}, $field" },
            ) { Text(dismiss) }
        }
    }
}
