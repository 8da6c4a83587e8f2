package vn.ishc.app.ui

import androidx.compose.foundation.BorderStroke
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.selection.selectable
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.TextStyle
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import vn.ishc.app.text.FormErrors

/** The background of a confirmation after a money action. */
internal val MoneySavedColor = Color(0xFFE8F5E9)

/** A name or the first line of an entry: body size, bold (Material's titleMedium is smaller than the app's body text). */
internal val MoneyStrong: TextStyle
    @Composable get() = MaterialTheme.typography.bodyLarge.copy(fontWeight = FontWeight.Bold)

/** A section heading, announced by TalkBack as a heading. */
@Composable
internal fun MoneyHeading(text: String, modifier: Modifier = Modifier) {
    Text(
        text,
        style = MaterialTheme.typography.titleLarge,
        modifier = modifier.semantics { heading() },
    )
}

/** A bordered block that groups one thing (a section, a loan, a passbook line). */
@Composable
internal fun MoneyCard(tag: String, modifier: Modifier = Modifier, content: @Composable ColumnScope.() -> Unit) {
    Surface(
        shape = MaterialTheme.shapes.medium,
        border = BorderStroke(1.dp, MaterialTheme.colorScheme.outlineVariant),
        modifier = modifier.fillMaxWidth().testTag(tag),
    ) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(6.dp), content = content)
    }
}

/**
 * Texts read as one by TalkBack (a person's name with what is due), tagged
 * for tests; buttons inside stay separate.
 */
internal fun Modifier.moneyGroup(tag: String): Modifier = testTag(tag).semantics(mergeDescendants = true) {}

/** One choice of several (deposit or withdrawal, an interest method): a radio row at least 48 dp high. */
@Composable
internal fun MoneyChoice(selected: Boolean, label: String, tag: String, onClick: () -> Unit) {
    Row(
        Modifier
            .fillMaxWidth()
            .heightIn(min = 48.dp)
            .selectable(selected = selected, role = Role.RadioButton, onClick = onClick)
            .testTag(tag),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        RadioButton(selected = selected, onClick = null)
        Text(label, style = MaterialTheme.typography.bodyLarge, modifier = Modifier.padding(start = 8.dp))
    }
}

/** A full-width secondary button at least 48 dp high; [description] tells TalkBack what it acts on. */
@Composable
internal fun MoneyOutlinedButton(text: String, tag: String, description: String? = null, onClick: () -> Unit) {
    OutlinedButton(
        onClick = onClick,
        modifier = Modifier
            .fillMaxWidth()
            .heightIn(min = 48.dp)
            .testTag(tag)
            .then(if (description != null) Modifier.semantics { contentDescription = description } else Modifier),
    ) { Text(text) }
}

/** The form's main button: full width, 56 dp high; disabled while [enabled] is false (a save under way). */
@Composable
internal fun MoneyMainButton(text: String, tag: String, onClick: () -> Unit, enabled: Boolean = true) {
    Button(onClick = onClick, enabled = enabled, modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag(tag)) { Text(text) }
}

/**
 * A confirmation for an action that cannot simply be undone (reversing an
 * entry, writing off a loan): what will happen, a required reason (its
 * error under it, tagged `field:reason`), then confirm and keep buttons.
 * Shown in place, under what it concerns, rather than as a dialog.
 */
@Composable
internal fun MoneyConfirmPanel(
    title: String,
    note: String,
    reasonLabel: String,
    reason: String,
    onReason: (String) -> Unit,
    errors: FormErrors,
    confirmLabel: String,
    keepLabel: String,
    onConfirm: () -> Unit,
    onKeep: () -> Unit,
    tag: String,
) {
    Surface(
        color = MaterialTheme.colorScheme.errorContainer,
        shape = MaterialTheme.shapes.medium,
        modifier = Modifier.fillMaxWidth().testTag(tag),
    ) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(title, style = MoneyStrong, modifier = Modifier.testTag("$tag-title").semantics { heading() })
            Text(note, style = MaterialTheme.typography.bodyMedium)
            FormField("reason", reasonLabel, reason, onReason, errors["reason"], singleLine = false)
            errors.form?.let { ErrorLine(it.resolve(), "$tag-form") }
            Button(
                onClick = onConfirm,
                colors = ButtonDefaults.buttonColors(containerColor = MaterialTheme.colorScheme.error),
                modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("$tag-confirm"),
            ) { Text(confirmLabel) }
            OutlinedButton(
                onClick = onKeep,
                modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("$tag-keep"),
            ) { Text(keepLabel) }
        }
    }
}
