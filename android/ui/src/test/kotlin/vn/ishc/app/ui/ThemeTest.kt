package vn.ishc.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.v2.runComposeUiTest
import androidx.compose.ui.unit.Density
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

@OptIn(ExperimentalTestApi::class)
class ThemeTest {
    /** The font scale screens get in [IshcTheme] with the system at [system] and the setting at [setting]. */
    @Composable
    private fun Scale(system: Float, setting: Float, seen: MutableMap<Pair<Float, Float>, Float>) {
        CompositionLocalProvider(LocalDensity provides Density(2f, system)) {
            IshcTheme(Res.vi, textScale = setting) { seen[system to setting] = LocalDensity.current.fontScale }
        }
    }

    @Test
    fun `the text size setting times the system's font scale is capped at 2`() = runComposeUiTest {
        val seen = mutableMapOf<Pair<Float, Float>, Float>()
        setContent {
            Scale(1f, 1.5f, seen)
            Scale(1.3f, 1.15f, seen)
            Scale(2f, 1.5f, seen)
            Scale(1.5f, 1.5f, seen)
            Scale(2f, 1f, seen)
            Scale(2.2f, 1.3f, seen)
        }
        waitForIdle()
        assertEquals(1.5f, seen.getValue(1f to 1.5f))
        assertEquals(1.3f * 1.15f, seen.getValue(1.3f to 1.15f))
        assertEquals(2f, seen.getValue(2f to 1.5f), "3.0 capped at the 2.0 the layouts are tested at")
        assertEquals(2f, seen.getValue(1.5f to 1.5f))
        assertEquals(2f, seen.getValue(2f to 1f))
        assertEquals(2.2f, seen.getValue(2.2f to 1.3f), "a system scale above 2 is kept, not shrunk")
    }
}
