package vn.ishc.app.ui

import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.assertTextContains
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.v2.runComposeUiTest
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.drafts.MemoryDrafts
import vn.ishc.app.visit.VisitFormModel
import vn.ishc.app.visit.VisitFormState
import vn.ishc.core.BpFlag

@OptIn(ExperimentalTestApi::class)
class VisitScreenTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `a volunteer logs a visit with a crisis reading by tapping and typing`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val model = VisitFormModel(c.store, c.volunteer, MemoryDrafts())
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") {
                VisitScreen(
                    state,
                    VisitActions(model::pickRecipient, model::toggleService, model::setField, { model.save() }, model::discard),
                )
            }
        }
        onNodeWithTag("recipient:Đỗ Thị Ánh").performClick()
        onNodeWithTag("service:HEALTH_MONITORING").performScrollTo().performClick()
        onNodeWithTag("service:COMPANIONSHIP").performScrollTo().performClick()
        onNodeWithTag("field:systolic").performScrollTo().performTextInput("185")
        onNodeWithTag("field:diastolic").performScrollTo().performTextInput("100")
        // The flag shows as soon as both pressures are in, before saving.
        onNodeWithTag("bp-flag").performScrollTo().assertTextContains("CƠN TĂNG HUYẾT ÁP", substring = true)
        onNodeWithTag("field:notes").performScrollTo().performTextInput("Nhức đầu, đã gọi trạm y tế")
        onNodeWithTag("save").performScrollTo().performClick()

        onNodeWithTag("saved").performScrollTo().assertTextContains("Đã lưu lần thăm Đỗ Thị Ánh")
        // The form is emptied: the fields show the holder's new, empty values, not what was typed.
        onNodeWithTag("field:notes").performScrollTo().assert(hasText("Nhức đầu", substring = true).not())
        onNodeWithTag("field:systolic").performScrollTo().assert(hasText("185", substring = true).not())
        val logged = c.store.visits(c.recipients[1], null, null)
        assertEquals(1, logged.size)
        assertEquals(BpFlag.HYPERTENSIVE_CRISIS, logged[0].bpFlag)
        assertEquals("Nhức đầu, đã gọi trạm y tế", logged[0].notes)
    }

    @Test
    fun `a refused reading is shown under its field in English`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val model = VisitFormModel(c.store, c.volunteer, MemoryDrafts())
        setContent {
            val state by model.state.collectAsState()
            Phone("en") {
                VisitScreen(state, VisitActions(model::pickRecipient, model::toggleService, model::setField, { model.save() }, model::discard))
            }
        }
        onNodeWithTag("recipient:Phạm Văn Bảy").performClick()
        onNodeWithTag("service:HOUSEWORK").performScrollTo().performClick()
        onNodeWithTag("field:systolic").performScrollTo().performTextReplacement("120")
        onNodeWithTag("field:diastolic").performScrollTo().performTextReplacement("130")
        onNodeWithTag("save").performScrollTo().performClick()
        onNodeWithTag("error:diastolic", useUnmergedTree = true).performScrollTo()
            .assertTextContains("Diastolic must be lower than systolic")
        assertEquals(1, c.store.visits(c.recipients[0], null, null).size, "only the demo's visit")
    }

    @Test
    fun `a double tap on save logs one visit and keeps the notice, and the button is disabled while saving`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val model = VisitFormModel(c.store, c.volunteer, MemoryDrafts())
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") {
                VisitScreen(state, VisitActions(model::pickRecipient, model::toggleService, model::setField, { model.save() }, model::discard))
            }
        }
        onNodeWithTag("recipient:Đỗ Thị Ánh").performClick()
        onNodeWithTag("service:COMPANIONSHIP").performScrollTo().performClick()
        onNodeWithTag("save").performScrollTo().performClick()
        onNodeWithTag("save").performScrollTo().performClick()
        onNodeWithTag("saved").performScrollTo().assertTextContains("Đã lưu lần thăm Đỗ Thị Ánh")
        onNodeWithTag("error:recipientId").assertDoesNotExist()
        onNodeWithTag("save").assertIsEnabled()
        assertEquals(1, c.store.visits(c.recipients[1], null, null).size)
    }

    @Test
    fun `while a save is under way the save button is disabled`() = runComposeUiTest {
        setContent { Phone("vi") { VisitScreen(VisitFormState(busy = true), VisitActions()) } }
        onNodeWithTag("save").performScrollTo().assertIsNotEnabled()
    }
}
