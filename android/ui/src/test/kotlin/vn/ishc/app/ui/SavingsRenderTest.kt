package vn.ishc.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.v2.runComposeUiTest
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.savings.SavingsAction
import vn.ishc.app.savings.SavingsModel

/**
 * The savings passbook with real entries (a deposit, a withdrawal, a
 * reversed deposit and its reversal), rendered to PNG in Vietnamese and
 * English and at font scale 2, and checked on a 360 dp screen.
 */
@OptIn(ExperimentalTestApi::class)
class SavingsRenderTest {
    @TempDir
    lateinit var dir: Path

    /** A screen to render: its name, how tall it is at font scale 1 (dp), and its content over a demo club. */
    class Shot(val name: String, val heightDp: Int, val content: (DemoClub) -> (@Composable () -> Unit)) {
        override fun toString() = name
    }

    companion object {
        private fun passbook(c: DemoClub): SavingsModel {
            c.store.setActingMember(c.treasurer)
            c.store.deposit(c.borrower, 2_000_000, "2026-09-01", "Gửi tháng 9")
            c.store.withdraw(c.borrower, 500_000, "2026-10-05", "Mua thuốc")
            val wrong = c.store.deposit(c.borrower, 300_000, "2026-10-10", "")
            c.store.reverseEntry(wrong.id, "Ghi nhầm người", null)
            return SavingsModel(c.store, c.borrower)
        }

        @JvmStatic
        fun shots(): List<Shot> = listOf(
            Shot("savings", 1500) { c ->
                val m = passbook(c)
                m.setAction(SavingsAction.WITHDRAW)
                m.setAmount("5tr")
                m.save() // refused: more than the balance
                val s = m.state.value
                ({ SavingsScreen(s, SavingsActions()) })
            },
            Shot("savings-reverse", 1700) { c ->
                val m = passbook(c)
                m.setAmount("500k")
                m.askReverse(m.state.value.lines.first { m.state.value.canReverse(it) }.entry.id)
                m.confirmReverse() // refused: no reason
                val s = m.state.value
                ({ SavingsScreen(s, SavingsActions()) })
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
        val file = screenshot(shot.name, language, fontScale, heightDp = (shot.heightDp * fontScale).toInt(), content = shot.content(c))
        assertTrue(file.length() > 10_000, "$file is ${file.length()} bytes")
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shots")
    fun `holds on a 360 dp screen at font scale 2`(shot: Shot) = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val content = shot.content(c)
        setContent { Phone("vi", fontScale = 2f, heightDp = 6000) { content() } }
        assertEquals(emptyList<String>(), layoutProblems())
    }
}
