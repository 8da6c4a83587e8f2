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
import vn.ishc.app.loans.DisburseModel
import vn.ishc.app.loans.LoanDetailModel
import vn.ishc.app.loans.LoanListModel
import vn.ishc.core.InterestMethod
import vn.ishc.core.NewLoan

/**
 * The loan list (with the closed loans shown), the disbursement form with
 * its schedule preview and a loan's detail (a reversed repayment, the
 * write-off confirmation open), with real data from the core, rendered to
 * PNG in Vietnamese and English and at font scale 2, and checked on a
 * 360 dp screen.
 */
@OptIn(ExperimentalTestApi::class)
class LoansRenderTest {
    @TempDir
    lateinit var dir: Path

    /** A screen to render: its name, how tall it is at font scale 1 (dp), and its content over a demo club. */
    class Shot(val name: String, val heightDp: Int, val content: (DemoClub) -> (@Composable () -> Unit)) {
        override fun toString() = name
    }

    companion object {
        private fun loans(c: DemoClub) {
            c.store.setActingMember(c.treasurer)
            c.store.repayLoan(c.loan, 530_000, "2026-07-15")
            val other = c.store.disburseLoan(NewLoan(c.chair, 2_000_000, "2026-08-15", 4u, 80u, InterestMethod.DECLINING_BALANCE, "Bán tạp hóa"))
            c.store.writeOffLoan(other.id, "2026-10-01", "Cửa hàng cháy, ban chủ nhiệm đồng ý")
            c.store.disburseLoan(NewLoan(c.volunteer, 4_000_000, "2026-10-01", 10u, 100u, InterestMethod.FLAT, "Nuôi bò"))
        }

        @JvmStatic
        fun shots(): List<Shot> = listOf(
            Shot("loans-list", 1200) { c ->
                loans(c)
                val m = LoanListModel(c.store, "2026-10-15")
                m.toggleClosed()
                val s = m.state.value
                ({ LoanListScreen(s, LoanListActions()) })
            },
            Shot("loans-disburse", 1900) { c ->
                c.store.setActingMember(c.treasurer)
                val m = DisburseModel(c.store)
                m.setSearch("hung")
                m.pickBorrower(c.chair)
                m.setPrincipal("5tr")
                m.setTermMonths("10")
                m.setRate("1%")
                m.setPurpose("Mua heo giống")
                m.setDisbursedOn("01/10/2026")
                m.preview()
                val s = m.state.value
                ({ DisburseScreen(s, DisburseActions()) })
            },
            Shot("loans-search", 1500) { c ->
                c.store.setActingMember(c.treasurer)
                val m = DisburseModel(c.store)
                m.setSearch("thi")
                m.setTermMonths("mười")
                m.preview()
                val s = m.state.value
                ({ DisburseScreen(s, DisburseActions()) })
            },
            Shot("loans-detail", 1900) { c ->
                loans(c)
                val repayment = c.store.repayLoan(c.loan, 1_000_000, "2026-08-20")
                c.store.reverseEntry(repayment.entry.id, "Thu nhầm", null)
                c.store.repayLoan(c.loan, 530_000, "2026-08-21")
                val m = LoanDetailModel(c.store, c.loan, c.treasurer)
                m.askWriteOff()
                val s = m.state.value
                ({ LoanDetailScreen(s, LoanDetailActions()) })
            },
        )

        @JvmStatic
        fun variants(): List<Arguments> = shots().flatMap { s ->
            listOf(Arguments.of(s, "vi", 1f), Arguments.of(s, "en", 1f), Arguments.of(s, "vi", 2f))
        }
    }

    private fun club() = DemoClub.create(dir.resolve("club.db").toFile(), loanDisbursedOn = "2026-06-15")

    @ParameterizedTest(name = "{0} {1} font scale {2}")
    @MethodSource("variants")
    fun `renders to PNG`(shot: Shot, language: String, fontScale: Float) {
        val file = screenshot(shot.name, language, fontScale, heightDp = (shot.heightDp * fontScale).toInt(), content = shot.content(club()))
        assertTrue(file.length() > 10_000, "$file is ${file.length()} bytes")
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shots")
    fun `holds on a 360 dp screen at font scale 2`(shot: Shot) = runComposeUiTest {
        val content = shot.content(club())
        setContent { Phone("vi", fontScale = 2f, heightDp = 8000) { content() } }
        assertEquals(emptyList<String>(), layoutProblems())
    }
}
