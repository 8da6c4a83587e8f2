package vn.ishc.app.ui

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
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
 *
 * What is typed is held here and shown at once; [value] (the state
 * holder's, which reaches the screen a frame later through its flow)
 * replaces it only when it changes to something else (the form emptied
 * after a save, a draft restored). A field fed straight from a flow lags
 * the keyboard by a frame, which garbles the composing text of Vietnamese
 * keyboards (Telex, VNI rewrite the word being typed).
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
    var typed by remember { mutableStateOf(value) }
    var lastValue by remember { mutableStateOf(value) }
    // What this field sent and the holder has not echoed back yet, oldest first.
    val unechoed = remember { ArrayDeque<String>() }
    if (value != lastValue) {
        lastValue = value
        val echo = unechoed.indexOf(value)
        if (echo >= 0) {
            // The holder caught up with typing this field sent: keep what is typed since.
            repeat(echo + 1) { unechoed.removeFirst() }
        } else {
            // The holder's value moved on its own (form emptied, draft restored).
            unechoed.clear()
            typed = value
        }
    }
    OutlinedTextField(
        value = typed,
        onValueChange = {
            typed = it
            unechoed.addLast(it)
            onValueChange(it)
        },
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
