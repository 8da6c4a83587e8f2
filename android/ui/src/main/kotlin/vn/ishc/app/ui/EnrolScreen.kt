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
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import vn.ishc.app.enrol.EnrolModel
import vn.ishc.app.enrol.EnrolState

/** What the enrolment screen can be asked to do. */
data class EnrolActions(
    val setServerUrl: (String) -> Unit = {},
    val setCode: (String) -> Unit = {},
    val setDeviceName: (String) -> Unit = {},
    /** Enrol (the app runs the model's suspend `enrol` in its scope). */
    val enrol: () -> Unit = {},
    /** Go on once enrolled (the app syncs to receive the club, then opens the home screen). */
    val done: () -> Unit = {},
)

/**
 * Enrolling the phone on first start (*đăng ký thiết bị*): the server's
 * address (prefilled), the club's enrolment code as the province printed
 * it, a name for the phone; refusals under their fields (code unknown,
 * used or expired; no connection under the address). Once enrolled, the
 * club's name and a button to go on.
 */
@Composable
fun EnrolScreen(state: EnrolState, actions: EnrolActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("enrol_title"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.testTag("enrol-title"))
        val enrolled = state.enrolled
        if (enrolled != null) {
            Notice(str("enrol_done", enrolled.clubName), Color(0xFFE8F5E9), "enrolled")
            Text(str("enrol_done_next"))
            Button(onClick = actions.done, modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("continue")) {
                Text(str("enrol_continue"))
            }
            return@Column
        }
        Text(str("enrol_explain"))
        FormField(
            EnrolModel.CODE, str("enrol_code"), state.code, actions.setCode, state.errors[EnrolModel.CODE],
            hint = str("enrol_code_hint"),
        )
        FormField(
            EnrolModel.NAME, str("enrol_device_name"), state.deviceName, actions.setDeviceName, state.errors[EnrolModel.NAME],
            hint = str("enrol_device_name_hint"),
        )
        FormField(
            EnrolModel.SERVER, str("enrol_server"), state.serverUrl, actions.setServerUrl, state.errors[EnrolModel.SERVER],
            keyboard = KeyboardType.Uri,
            singleLine = false, // a long address wraps rather than scrolls at large text sizes
        )
        state.errors.form?.let { ErrorLine(it.resolve(), "form") }
        Button(
            onClick = actions.enrol,
            enabled = !state.busy,
            modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("enrol"),
        ) { Text(if (state.busy) str("enrol_busy") else str("enrol_submit")) }
    }
}
