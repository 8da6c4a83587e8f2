package vn.ishc.app.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import vn.ishc.app.visit.VisitField
import vn.ishc.app.visit.VisitFormState
import vn.ishc.core.BpFlag
import vn.ishc.core.Service

/** What the visit screen can be asked to do. */
data class VisitActions(
    val pickRecipient: (String) -> Unit = {},
    val toggleService: (Service) -> Unit = {},
    val setField: (VisitField, String) -> Unit = { _, _ -> },
    val save: () -> Unit = {},
    val discard: () -> Unit = {},
)

/**
 * Logging a home-care visit (*thăm tại nhà*): recipients due first, services
 * as chips, optional readings with the blood-pressure flag shown as soon as
 * both pressures are typed, notes, one large save button.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun VisitScreen(state: VisitFormState, actions: VisitActions, modifier: Modifier = Modifier) {
    Column(
        modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("visit_title"), style = MaterialTheme.typography.headlineSmall)
        state.saved?.let {
            Notice(str("visit_saved", it.recipientName), Color(0xFFE8F5E9), "saved")
        }
        if (state.restoredDraft && state.saved == null) {
            Row(verticalAlignment = Alignment.CenterVertically) {
                Text(str("visit_draft_restored"), Modifier.weight(1f).testTag("draft-restored"))
                TextButton(onClick = actions.discard) { Text(str("action_discard")) }
            }
        }

        Text(str("visit_recipient"), style = MaterialTheme.typography.titleMedium)
        state.errors["recipientId"]?.let { ErrorLine(it.resolve(), "recipientId") }
        // One choice among several: TalkBack says "1 of 2" and that one is picked.
        Column(Modifier.selectableGroup().testTag("recipients")) {
            for (r in state.recipients) {
                val since = r.daysSince?.let { str("visit_recipient_days", it.toInt()) } ?: str("visit_recipient_never")
                Row(
                    Modifier
                        .fillMaxWidth()
                        .heightIn(min = 48.dp)
                        .selectable(selected = r.id == state.recipientId, role = Role.RadioButton) { actions.pickRecipient(r.id) }
                        .testTag("recipient:${r.name}"),
                    verticalAlignment = Alignment.CenterVertically,
                ) {
                    RadioButton(selected = r.id == state.recipientId, onClick = null)
                    Column(Modifier.padding(start = 8.dp)) {
                        Text(r.name, style = MaterialTheme.typography.bodyLarge)
                        Text(since, style = MaterialTheme.typography.bodyMedium)
                    }
                }
            }
        }

        FormField(
            VisitField.StartedAt.key, str("visit_started_at"), state[VisitField.StartedAt],
            { actions.setField(VisitField.StartedAt, it) }, state.errors[VisitField.StartedAt.key],
            singleLine = false, // wraps rather than scrolls at large text sizes
        )
        FormField(
            VisitField.Duration.key, str("visit_duration"), state[VisitField.Duration],
            { actions.setField(VisitField.Duration, it) }, state.errors[VisitField.Duration.key],
            keyboard = KeyboardType.Number,
        )

        Text(str("visit_services"), style = MaterialTheme.typography.titleMedium)
        state.errors["services"]?.let { ErrorLine(it.resolve(), "services") }
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            for (s in Service.entries) {
                FilterChip(
                    selected = s in state.services,
                    onClick = { actions.toggleService(s) },
                    label = { Text(str("service_" + s.name.lowercase())) },
                    modifier = Modifier.testTag("service:${s.name}"),
                )
            }
        }

        Text(str("visit_readings"), style = MaterialTheme.typography.titleMedium)
        for ((f, label) in listOf(
            VisitField.Systolic to "visit_systolic",
            VisitField.Diastolic to "visit_diastolic",
            VisitField.Pulse to "visit_pulse",
            VisitField.Glucose to "visit_glucose",
            VisitField.Weight to "visit_weight",
        )) {
            FormField(
                f.key, str(label), state[f], { actions.setField(f, it) }, state.errors[f.key],
                keyboard = if (f == VisitField.Glucose || f == VisitField.Weight) KeyboardType.Decimal else KeyboardType.Number,
            )
            if (f == VisitField.Diastolic) state.bpFlag?.let { BpFlagBanner(it) }
        }

        FormField(
            VisitField.Notes.key, str("visit_notes"), state[VisitField.Notes],
            { actions.setField(VisitField.Notes, it) }, state.errors[VisitField.Notes.key], singleLine = false,
        )
        state.errors.form?.let { ErrorLine(it.resolve(), "form") }
        Button(
            onClick = actions.save,
            enabled = !state.busy,
            modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("save"),
        ) { Text(str("visit_save")) }
    }
}

/** The flag of the readings typed, announced by TalkBack when it changes. */
@Composable
fun BpFlagBanner(flag: BpFlag) {
    val (key, color) = when (flag) {
        BpFlag.NORMAL -> "bp_normal" to FlagColors.Normal
        BpFlag.HYPERTENSION -> "bp_hypertension" to FlagColors.Hypertension
        BpFlag.HYPERTENSIVE_CRISIS -> "bp_hypertensive_crisis" to FlagColors.Crisis
    }
    Surface(color = color, shape = MaterialTheme.shapes.small, modifier = Modifier.fillMaxWidth()) {
        Text(
            str(key),
            color = Color.White,
            fontWeight = if (flag == BpFlag.NORMAL) FontWeight.Normal else FontWeight.Bold,
            modifier = Modifier
                .padding(12.dp)
                .testTag("bp-flag")
                .semantics { liveRegion = LiveRegionMode.Assertive },
        )
    }
}

/** An error about a group or the whole form. */
@Composable
fun ErrorLine(text: String, name: String) {
    Text(
        text,
        color = MaterialTheme.colorScheme.error,
        modifier = Modifier.testTag("error:$name").semantics { liveRegion = LiveRegionMode.Polite },
    )
}

/** A confirmation after an action. */
@Composable
fun Notice(text: String, background: Color, tag: String) {
    Text(
        text,
        modifier = Modifier
            .fillMaxWidth()
            .background(background, MaterialTheme.shapes.small)
            .padding(12.dp)
            .testTag(tag)
            .semantics { liveRegion = LiveRegionMode.Polite },
    )
}
