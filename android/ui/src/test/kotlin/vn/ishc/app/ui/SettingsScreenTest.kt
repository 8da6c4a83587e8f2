package vn.ishc.app.ui

import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertIsSelected
import androidx.compose.ui.test.assertTextContains
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.v2.runComposeUiTest
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.settings.MemorySettingsPrefs
import vn.ishc.app.settings.SettingsModel
import vn.ishc.app.text.Str
import vn.ishc.core.IshcException

@OptIn(ExperimentalTestApi::class)
class SettingsScreenTest {
    @TempDir
    lateinit var dir: Path

    /** The settings screen drawn as the app draws it: in the chosen language and text size. */
    private fun androidx.compose.ui.test.ComposeUiTest.show(model: SettingsModel) = setContent {
        val state by model.state.collectAsState()
        Phone(state.language, state.textScale) {
            SettingsScreen(state, SettingsActions(model::setLanguage, model::setTextSize) { model.pickActingMember(it) })
        }
    }

    @Test
    fun `switching to English shows the English strings`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val prefs = MemorySettingsPrefs()
        val model = SettingsModel(c.store, prefs)
        show(model)
        onNodeWithTag("settings-title").assertTextEquals(Res.vi[Str("settings_title")])
        onNodeWithTag("settings-title").assertTextEquals("Cài đặt")
        onNodeWithTag("acting:Trần Thị Lan").performScrollTo().assertTextContains("Thủ quỹ")
        onNodeWithTag("language:vi").performScrollTo().assertIsSelected()

        onNodeWithTag("language:en").performScrollTo().performClick()
        onNodeWithTag("settings-title").performScrollTo().assertTextEquals(Res.en[Str("settings_title")])
        onNodeWithTag("settings-title").assertTextEquals("Settings")
        onNodeWithTag("acting:Trần Thị Lan").performScrollTo().assertTextContains("Treasurer")
        onNodeWithTag("settings-server").performScrollTo().assertTextEquals("This phone is not enrolled with a server")
        onNodeWithTag("language:en").performScrollTo().assertIsSelected()
        assertEquals("en", prefs.language)
    }

    @Test
    fun `the largest text size draws the text half as large again`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val prefs = MemorySettingsPrefs()
        val model = SettingsModel(c.store, prefs)
        show(model)
        fun height() = onNodeWithTag("settings-title").fetchSemanticsNode().size.height.toFloat()
        val normal = height()
        onNodeWithTag("textsize:LARGEST").performScrollTo().performClick()
        onNodeWithTag("settings-title").performScrollTo()
        val largest = height()
        assertTrue(largest / normal in 1.4f..1.6f, "title $normal px at 1.0, $largest px at 1.5")
        assertEquals(1.5f, prefs.textScale)
        onNodeWithTag("textsize:LARGEST").performScrollTo().assertIsSelected()
    }

    @Test
    fun `picking the treasurer allows a deposit that was refused`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val prefs = MemorySettingsPrefs()
        val model = SettingsModel(c.store, prefs)
        show(model)
        onNodeWithTag("acting:none").performScrollTo().assertIsSelected()
        val refused = assertThrows<IshcException.Invalid> { c.store.deposit(c.borrower, 100_000, null, "") }
        assertEquals("op.not_permitted", refused.code)

        onNodeWithTag("acting:Trần Thị Lan").performScrollTo().performClick()
        onNodeWithTag("acting:Trần Thị Lan").assertIsSelected()
        assertEquals(c.treasurer, prefs.actingMemberId)
        assertEquals(100_000L, c.store.deposit(c.borrower, 100_000, null, "").amount.dong)
        assertEquals(100_000L, c.store.savingsBalance(c.borrower).dong)
    }
}
