package vn.ishc.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.v2.runComposeUiTest
import java.io.File
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import vn.ishc.app.history.VisitHistoryModel

/**
 * A care recipient's visit history over 12 months (the chart with a crisis
 * and two high readings, a visit voided and marked), and the same with the
 * confirmation to void a visit open and its reason missing, rendered to PNG
 * in Vietnamese and English and at font scale 2, and checked on a 360 dp
 * screen.
 */
@OptIn(ExperimentalTestApi::class)
class HistoryRenderTest {
    @TempDir
    lateinit var dir: Path

    /** A screen to render: its name, how tall it is at font scale 1 and 2 (dp), and its content over the history club. */
    class Shot(val name: String, val heightDp: Int, val heightDpFs2: Int, val content: (File) -> (@Composable () -> Unit)) {
        override fun toString() = name
    }

    companion object {
        private fun model(file: File): VisitHistoryModel {
            val (c, visits) = historyClub(file)
            c.store.voidVisit(visits.last().id, "Ghi nhầm người, là lần thăm bác Bảy")
            return VisitHistoryModel(c.store, c.recipients[1], c.volunteer, HISTORY_TODAY)
        }

        @JvmStatic
        fun shots(): List<Shot> = listOf(
            Shot("history", 3400, 9400) { file ->
                val s = model(file).state.value
                ({ VisitHistoryScreen(s, VisitHistoryActions()) })
            },
            Shot("history-void", 3700, 10200) { file ->
                val m = model(file)
                m.askVoid(m.state.value.rows[1].id)
                m.confirmVoid() // no reason: the error shows under the field
                val s = m.state.value
                ({ VisitHistoryScreen(s, VisitHistoryActions()) })
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
        val content = shot.content(dir.resolve("club.db").toFile())
        val file = screenshot(shot.name, language, fontScale, heightDp = if (fontScale == 1f) shot.heightDp else shot.heightDpFs2, content = content)
        assertTrue(file.length() > 10_000, "$file is ${file.length()} bytes")
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shots")
    fun `holds on a 360 dp screen at font scale 2`(shot: Shot) = runComposeUiTest {
        val content = shot.content(dir.resolve("club.db").toFile())
        setContent { Phone("vi", fontScale = 2f, heightDp = 12000) { content() } }
        assertEquals(emptyList<String>(), layoutProblems())
    }
}
