package vn.ishc.app.ui

import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertTextContains
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.v2.runComposeUiTest
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.drafts.MemoryDrafts
import vn.ishc.app.home.HomeModel
import vn.ishc.app.home.HomeSection
import vn.ishc.app.visit.VisitFormModel
import vn.ishc.core.InterestMethod
import vn.ishc.core.NewLoan
import vn.ishc.core.NewVisit
import vn.ishc.core.Service

@OptIn(ExperimentalTestApi::class)
class HomeScreenTest {
    @TempDir
    lateinit var dir: Path

    /** 15/09/2026: Đức's loan has installment 2 overdue (31 days), 3 due today; the chair's has 1 due today. */
    private fun club(): DemoClub {
        val c = DemoClub.create(dir.resolve("club.db").toFile(), loanDisbursedOn = "2026-06-15", visitOn = "2026-09-01")
        c.store.setActingMember(c.treasurer)
        c.store.repayLoan(c.loan, 530_000, "2026-07-15")
        c.store.disburseLoan(NewLoan(c.chair, 2_000_000, "2026-08-15", 4u, 100u, InterestMethod.FLAT, "Bán tạp hóa"))
        return c
    }

    @Test
    fun `the chair sees visits, then the treasurer's sections, then their own, and taps through`() = runComposeUiTest {
        val c = club()
        val model = HomeModel(c.store, c.chair, "2026-09-15")
        val visited = mutableListOf<String>()
        val repaid = mutableListOf<String>()
        val opened = mutableListOf<String>()
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") {
                HomeScreen(state, HomeActions(logVisit = { visited += it }, recordRepayment = { repaid += it }, openLoan = { opened += it }))
            }
        }
        onNodeWithTag("hello").assertTextContains("Chào Nguyễn Văn Hùng")
        // Sections in the order volunteer, treasurer, member.
        val tops = listOf("section:visits", "section:due-today", "section:overdue", "section:par", "section:mine")
            .map { onNodeWithTag(it).fetchSemanticsNode().positionInRoot.y }
        assertEquals(tops.sorted(), tops, "section order")

        // Never-visited Ánh first, then Bảy (14 days).
        onNodeWithTag("due:Đỗ Thị Ánh").assertTextContains("Chưa được thăm lần nào", substring = true)
        onNodeWithTag("due:Phạm Văn Bảy").assertTextContains("Ấp 3 · 14 ngày chưa thăm", substring = true)
        assertTrue(
            onNodeWithTag("due:Đỗ Thị Ánh").fetchSemanticsNode().positionInRoot.y <
                onNodeWithTag("due:Phạm Văn Bảy").fetchSemanticsNode().positionInRoot.y,
        )
        onNodeWithTag("log-visit:Đỗ Thị Ánh").performScrollTo().performClick()
        assertEquals(listOf(c.recipients[1]), visited)

        onNodeWithTag("due-today:Võ Thị Đức").performScrollTo().assertTextContains("Kỳ 3: còn phải trả 530.000 ₫", substring = true)
        onNodeWithTag("due-today:Nguyễn Văn Hùng").assertTextContains("Kỳ 1: còn phải trả 520.000 ₫", substring = true)
        onNodeWithTag("repay:Võ Thị Đức").performScrollTo().performClick()
        assertEquals(listOf(c.loan), repaid)

        onNodeWithTag("overdue:Võ Thị Đức").performScrollTo().assertTextContains("Quá hạn 530.000 ₫ · 31 ngày", substring = true)
        onNodeWithTag("open-loan:Võ Thị Đức").performScrollTo().performClick()
        assertEquals(listOf(c.loan), opened)

        onNodeWithTag("par-ratio").performScrollTo().assertTextContains("Tỷ lệ: 55,6%")
        val par = c.store.portfolioAtRisk("2026-09-15", 30u)
        assertEquals(2_500_000L, par.atRisk.dong)
        assertEquals(4_500_000L, par.outstanding.dong)

        onNodeWithTag("my-savings").performScrollTo().assertTextContains("Tiết kiệm: 0 ₫")
        onNodeWithTag("my-loan:0").performScrollTo().assertTextContains("Kỳ tới 15/09/2026: 520.000 ₫", substring = true)
    }

    @Test
    fun `a plain member sees only their own savings and loan, in English`() = runComposeUiTest {
        val c = club()
        c.store.deposit(c.borrower, 1_500_000, "2026-08-01", "")
        val model = HomeModel(c.store, c.borrower, "2026-09-15")
        var passbookOf: String? = null
        setContent {
            val state by model.state.collectAsState()
            Phone("en") { HomeScreen(state, HomeActions(openSavings = { passbookOf = it })) }
        }
        onNodeWithTag("section:visits").assertDoesNotExist()
        onNodeWithTag("section:due-today").assertDoesNotExist()
        onNodeWithTag("section:par").assertDoesNotExist()
        onNodeWithTag("my-savings").assertTextContains("Savings: 1.500.000 ₫")
        onNodeWithTag("my-loan:0").assertTextContains("Principal outstanding: 2.500.000 ₫", substring = true)
        onNodeWithTag("my-loan:0").assertTextContains("Next installment 15/08/2026: 530.000 ₫", substring = true)
        onNodeWithTag("open-passbook").performClick()
        assertEquals(c.borrower, passbookOf)
        assertEquals(1_500_000L, c.store.savingsBalance(c.borrower).dong)
    }

    @Test
    fun `a volunteer can log a visit for anyone, also when no one is due`() = runComposeUiTest {
        val c = club()
        c.store.setActingMember(c.volunteer)
        c.store.logVisit(
            NewVisit(
                volunteerId = c.volunteer, recipientId = c.recipients[1], startedAt = "2026-09-05 09:00", durationMin = 30u,
                services = listOf(Service.COMPANIONSHIP), systolic = null, diastolic = null, pulse = null,
                glucoseMmolL = null, weightKg = null, notes = "",
            ),
        )
        val model = HomeModel(c.store, c.volunteer, "2026-09-06")
        assertEquals(emptyList<Any>(), model.state.value.section<HomeSection.Visits>()!!.due, "Ánh and Bảy visited this week")
        var any = 0
        val picked = mutableListOf<String>()
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") { HomeScreen(state, HomeActions(logVisit = { picked += it }, logAnyVisit = { any++ })) }
        }
        onNode(hasText("Mọi người đều đã được thăm trong 7 ngày qua") and hasAnyAncestor(hasTestTag("section:visits"))).assertExists()
        onNodeWithTag("log-visit").performScrollTo().assertTextEquals("Ghi lần thăm (chọn người)").performClick()
        assertEquals(1, any)
        assertEquals(emptyList<String>(), picked, "no one picked for the form")
        // The form it opens lists every care recipient.
        val form = VisitFormModel(c.store, c.volunteer, MemoryDrafts())
        assertEquals(listOf("Phạm Văn Bảy", "Đỗ Thị Ánh").sorted(), form.state.value.recipients.map { it.name }.sorted())
        assertEquals(null, form.state.value.recipientId)
    }
}
