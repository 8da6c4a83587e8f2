package vn.ishc.app.ui

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Typography
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.unit.Density
import androidx.compose.ui.unit.sp
import vn.ishc.app.text.Str
import vn.ishc.app.text.Strings
import vn.ishc.app.text.UiText

/** The app's strings in the chosen language (Android: from resources; desktop checks: from the same XML). */
val LocalStrings = staticCompositionLocalOf<Strings> { error("no Strings provided: wrap the screen in IshcTheme") }

/** The string named [key] in the app's language. */
@Composable
fun str(key: String, vararg args: Any): String = LocalStrings.current.get(Str(key), *args)

/** [UiText] in the app's language. */
@Composable
fun UiText.resolve(): String = LocalStrings.current.text(this)

private val Colors = lightColorScheme(
    primary = Color(0xFF00658E),
    onPrimary = Color.White,
    secondary = Color(0xFF4F616E),
    error = Color(0xFFB3261E),
)

/**
 * Body text one step larger than Material's defaults: the users are in
 * their sixties and seventies. The user's text size setting multiplies the
 * system font scale on top of this (up to [MAX_FONT_SCALE]).
 */
private val LargeType = Typography().let { t ->
    t.copy(
        bodyLarge = t.bodyLarge.copy(fontSize = 18.sp, lineHeight = 26.sp),
        bodyMedium = t.bodyMedium.copy(fontSize = 16.sp, lineHeight = 22.sp),
        labelLarge = t.labelLarge.copy(fontSize = 16.sp),
    )
}

/**
 * The largest font scale the screens are laid out for: every screen's
 * render test checks a 360 dp phone at 2.0 (Android's largest font size
 * setting is 2.0 too).
 */
const val MAX_FONT_SCALE = 2f

/**
 * The theme every screen is drawn in: Material 3, the app's strings, and
 * the text size chosen in Settings ([textScale], 1.0 by default) on top of
 * the system's font scale.
 *
 * The product of the two is capped at [MAX_FONT_SCALE] (2.0), the scale
 * the layouts are tested at: the largest setting (1.5) on a phone already
 * at the system's largest font (2.0) gives 2.0, not 3.0, which would cut
 * off text. A system scale above 2.0 (some manufacturers allow it) is kept
 * as it is; the setting then adds nothing.
 */
@Composable
fun IshcTheme(strings: Strings, textScale: Float = 1f, content: @Composable () -> Unit) {
    val d = LocalDensity.current
    val fontScale = minOf(d.fontScale * textScale, maxOf(MAX_FONT_SCALE, d.fontScale))
    CompositionLocalProvider(
        LocalStrings provides strings,
        LocalDensity provides Density(d.density, fontScale),
    ) {
        MaterialTheme(colorScheme = Colors, typography = LargeType, content = content)
    }
}

/** Colours of the blood-pressure flags, chosen to read in daylight on cheap screens. */
object FlagColors {
    val Normal = Color(0xFF1B5E20)
    val Hypertension = Color(0xFF8A4B00)
    val Crisis = Color(0xFFB3261E)
}
