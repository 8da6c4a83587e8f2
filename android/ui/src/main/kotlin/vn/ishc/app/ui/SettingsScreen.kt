package vn.ishc.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.text.TextStyle
import androidx.compose.ui.unit.dp
import vn.ishc.app.settings.AppLanguage
import vn.ishc.app.settings.SettingsState
import vn.ishc.app.settings.TextSize

/** What the settings screen can be asked to do. */
data class SettingsActions(
    val setLanguage: (AppLanguage) -> Unit = {},
    val setTextSize: (TextSize) -> Unit = {},
    /** Choose who is using the phone: a member's id, or `null` for no one. */
    val pickActingMember: (String?) -> Unit = {},
)

/**
 * Settings (*cài đặt*): the language, the text size (each choice written
 * at its own size), who is using the phone (the club's people with their
 * roles; it decides what they may record), and the enrolment (server,
 * device id). The app applies the language and text size by drawing every
 * screen in [IshcTheme] with them.
 */
@Composable
fun SettingsScreen(state: SettingsState, actions: SettingsActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("settings_title"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.testTag("settings-title"))

        Text(str("settings_language"), style = MaterialTheme.typography.titleMedium)
        Column(Modifier.selectableGroup()) {
            for (l in AppLanguage.entries) {
                SettingsChoice(
                    selected = state.appLanguage == l,
                    title = LocalStrings.current[l.label],
                    tag = "language:${l.tag}",
                ) { actions.setLanguage(l) }
            }
        }

        HorizontalDivider()
        Text(str("settings_text_size"), style = MaterialTheme.typography.titleMedium)
        Column(Modifier.selectableGroup()) {
            val body = MaterialTheme.typography.bodyLarge
            for (s in TextSize.entries) {
                // Each choice is written at its size relative to the one in use.
                val relative = s.scale / state.textScale
                SettingsChoice(
                    selected = state.textSize == s,
                    title = LocalStrings.current[s.label],
                    tag = "textsize:${s.name}",
                    titleStyle = body.copy(fontSize = body.fontSize * relative, lineHeight = body.lineHeight * relative),
                ) { actions.setTextSize(s) }
            }
        }

        HorizontalDivider()
        Text(str("settings_acting"), style = MaterialTheme.typography.titleMedium)
        Text(str("settings_acting_explain"), style = MaterialTheme.typography.bodyMedium)
        state.message?.let { ErrorLine(it.resolve(), "form") }
        val strings = LocalStrings.current
        Column(Modifier.selectableGroup().testTag("members")) {
            SettingsChoice(
                selected = state.actingMemberId == null,
                title = str("settings_acting_none"),
                subtitle = str("settings_acting_none_roles"),
                tag = "acting:none",
            ) { actions.pickActingMember(null) }
            for (m in state.members) {
                SettingsChoice(
                    selected = state.actingMemberId == m.id,
                    title = m.name,
                    subtitle = m.roles.joinToString(", ") { role -> strings.text(role) },
                    tag = "acting:${m.name}",
                ) { actions.pickActingMember(m.id) }
            }
        }

        HorizontalDivider()
        Text(str("settings_enrolment"), style = MaterialTheme.typography.titleMedium)
        Text(
            state.serverUrl?.takeIf { state.enrolled }?.let { str("settings_server", it) } ?: str("settings_not_enrolled"),
            modifier = Modifier.testTag("settings-server"),
        )
        Text(str("settings_device_id", state.deviceId), style = MaterialTheme.typography.bodyMedium, modifier = Modifier.testTag("settings-device"))
    }
}

/** A radio choice the whole row of which is the touch target (≥ 48 dp), read by TalkBack as one radio button. */
@Composable
private fun SettingsChoice(
    selected: Boolean,
    title: String,
    tag: String,
    subtitle: String? = null,
    titleStyle: TextStyle = MaterialTheme.typography.bodyLarge,
    onClick: () -> Unit,
) {
    Row(
        Modifier
            .fillMaxWidth()
            .heightIn(min = 48.dp)
            .selectable(selected = selected, role = Role.RadioButton, onClick = onClick)
            .testTag(tag),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        RadioButton(selected = selected, onClick = null)
        Column(Modifier.padding(start = 8.dp).weight(1f)) {
            Text(title, style = titleStyle)
            subtitle?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
        }
    }
}
