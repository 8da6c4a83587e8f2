package vn.ishc.app.ui

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.KeyboardType
import vn.ishc.app.text.UiText

/**
 * A labelled text field with its error under it (from the core's error
 * code for this field). TalkBack reads the label as the field's name and
 * then what was typed (no content description: it would repeat the label,
 * and may stand in for the typed value); the error is the field's error,
 * and a polite live region, so it is announced when it appears after Save.
 * Tagged `field:<name>` for tests, and its error `error:<name>`.
 */
@Composable
fun FormField(
    name: String,
    label: String,
    value: String,
    onValueChange: (String) -> Unit,
    error: UiText?,
    modifier: Modifier = Modifier,
    keyboard: KeyboardType = KeyboardType.Text,
    hint: String? = null,
    supporting: String? = null,
    singleLine: Boolean = true,
) {
    val errorText = error?.resolve()
    OutlinedTextField(
        value = value,
        onValueChange = onValueChange,
        label = { Text(label) },
        placeholder = hint?.let { { Text(it) } },
        isError = errorText != null,
        singleLine = singleLine,
        keyboardOptions = KeyboardOptions(keyboardType = keyboard),
        supportingText = when {
            errorText != null -> {
                {
                    Text(
                        errorText,
                        modifier = Modifier.testTag("error:$name").semantics { liveRegion = LiveRegionMode.Polite },
                    )
                }
            }
            supporting != null -> { { Text(supporting, modifier = Modifier.testTag("hint:$name")) } }
            else -> null
        },
        modifier = modifier
            .fillMaxWidth()
            .testTag("field:$name")
            .semantics {
                if (errorText != null) error(errorText)
            },
    )
}
