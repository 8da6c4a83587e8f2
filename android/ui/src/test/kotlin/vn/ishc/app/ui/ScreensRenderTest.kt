package vn.ishc.app.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.v2.runComposeUiTest
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.drafts.MemoryDrafts
import vn.ishc.app.loans.RepaymentFormModel
import vn.ishc.app.visit.VisitField
import vn.ishc.app.visit.VisitFormModel
import vn.ishc.core.Service

/**
 * Every screen, with real data from the core, rendered to PNG in
 * Vietnamese and English and at font scale 2.0 (`docs/screenshots/android`
 * via scripts/android-screenshots.sh), and checked to hold on a 360 dp
 * screen at font scale 2.0: nothing past the right edge, no text cut off.
 */
@OptIn(ExperimentalTestApi::class)
class ScreensRenderTest {
    @TempDir
    lateinit var dir: Path

    /** A screen to render: its name and its content over a demo club. */
    class Shot(val name: String, val content: (DemoClub) -> (@Composable () -> Unit)) {
        override fun toString() = name
    }

    companion object {
        @JvmStatic
        fun shots(): List<Shot> = listOf(
            Shot("visit") { c ->
                val m = VisitFormModel(c.store, c.volunteer, MemoryDrafts())
                m.pickRecipient(c.recipients[1])
                m.toggleService(Service.HEALTH_MONITORING)
                m.toggleService(Service.COMPANIONSHIP)
                m.setField(VisitField.Systolic, "185")
                m.setField(VisitField.Diastolic, "100")
                m.setField(VisitField.Notes, "Nhức đầu, chóng mặt")
                val s = m.state.value
                ({ VisitScreen(s, VisitActions()) })
            },
            Shot("repayment") { c ->
                c.store.setActingMember(c.treasurer)
                val m = RepaymentFormModel(c.store, c.loan)
                m.setAmount("1tr5")
                val s = m.state.value
                ({ RepaymentScreen(s, RepaymentActions()) })
            },
        )

        @JvmStatic
        fun variants(): List<Arguments> = shots().flatMap { s ->
            listOf(Arguments.of(s, "vi", 1f), Arguments.of(s, "en", 1f), Arguments.of(s, "vi", 2f))
        }
    }

    @ParameterizedTest(name = "{0} {1} font scale {2}")
    @MethodSource("variants")
    fun `renders to PNG`(shot: Shot, language: String, fontScale: Float) {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val file = screenshot(shot.name, language, fontScale, content = shot.content(c))
        assertTrue(file.length() > 10_000, "$file is ${file.length()} bytes")
    }

    @Test
    fun `the layout check catches a text that neither fits nor wraps`() = runComposeUiTest {
        setContent {
            Phone("vi", fontScale = 2f) {
                Column {
                    Text("Dư nợ gốc còn lại: 1.590.000 ₫", softWrap = false, maxLines = 1)
                    Row { Text("Người vay:"); Text("Võ Thị Đức, ấp 3, xã Xuân Lộc", softWrap = false) }
                    Text("Lưu lần thăm") // fits
                }
            }
        }
        assertEquals(
            listOf("text cut off: Dư nợ gốc còn lại: 1.590.000 ₫", "text cut off: Võ Thị Đức, ấp 3, xã Xuân Lộc"),
            layoutProblems(),
        )
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shots")
    fun `holds on a 360 dp screen at font scale 2`(shot: Shot) = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val content = shot.content(c)
        setContent { Phone("vi", fontScale = 2f, heightDp = 3000) { content() } }
        assertEquals(emptyList<String>(), layoutProblems())
    }
}
