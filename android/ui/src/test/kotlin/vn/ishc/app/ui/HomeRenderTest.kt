package vn.ishc.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.v2.runComposeUiTest
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.home.HomeModel
import vn.ishc.core.InterestMethod
import vn.ishc.core.NewLoan

/**
 * The home page by role, with real data from the core on a fixed day,
 * rendered to PNG (Vietnamese, English, font scale 2) and checked to hold
 * on a 360 dp screen at font scale 2, as [ScreensRenderTest] does for the
 * other screens.
 */
@OptIn(ExperimentalTestApi::class)
class HomeRenderTest {
    @TempDir
    lateinit var dir: Path

    /** A page to render: its name, how tall it is at font scale 1 (dp), and its content over a demo club. */
    class Shot(val name: String, val heightDp: Int, val content: (DemoClub) -> (@Composable () -> Unit)) {
        override fun toString() = name
    }

    companion object {
        /** 15/09/2026 with a loan overdue, two installments due today and a recipient never visited. */
        fun club(dir: Path): DemoClub {
            val c = DemoClub.create(dir.resolve("club.db").toFile(), loanDisbursedOn = "2026-06-15", visitOn = "2026-09-01")
            c.store.setActingMember(c.treasurer)
            c.store.repayLoan(c.loan, 530_000, "2026-07-15")
            c.store.disburseLoan(NewLoan(c.chair, 2_000_000, "2026-08-15", 4u, 100u, InterestMethod.FLAT, "Bán tạp hóa"))
            c.store.deposit(c.chair, 1_200_000, "2026-09-01", "")
            return c
        }

        @JvmStatic
        fun shots(): List<Shot> = listOf(
            Shot("home-chair", 1500) { c ->
                val s = HomeModel(c.store, c.chair, "2026-09-15").state.value
                ({ HomeScreen(s, HomeActions()) })
            },
            Shot("home-member", 800) { c ->
                val s = HomeModel(c.store, c.borrower, "2026-09-15").state.value
                ({ HomeScreen(s, HomeActions()) })
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
        val c = club(dir)
        val file = screenshot(shot.name, language, fontScale, heightDp = (shot.heightDp * fontScale).toInt(), content = shot.content(c))
        assertTrue(file.length() > 10_000, "$file is ${file.length()} bytes")
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shots")
    fun `holds on a 360 dp screen at font scale 2`(shot: Shot) = runComposeUiTest {
        val c = club(dir)
        val content = shot.content(c)
        setContent { Phone("vi", fontScale = 2f, heightDp = 6000) { content() } }
        assertEquals(emptyList<String>(), layoutProblems())
    }
}
