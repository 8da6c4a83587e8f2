package vn.ishc.app.ui

import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertTextContains
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.v2.runComposeUiTest
import java.nio.file.Path
import java.time.LocalDate
import java.time.ZoneOffset
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.loans.DisburseModel
import vn.ishc.app.loans.LoanDetailModel
import vn.ishc.app.loans.LoanListModel
import vn.ishc.core.Fund
import vn.ishc.core.LoanStatus

@OptIn(ExperimentalTestApi::class)
class LoansScreenTest {
    @TempDir
    lateinit var dir: Path

    private fun disburseActions(m: DisburseModel) = DisburseActions(
        m::setSearch, m::pickBorrower, m::clearBorrower, m::setPrincipal, m::setTermMonths, m::setRate,
        m::setMethod, m::setPurpose, m::setDisbursedOn, { m.preview() }, { m.confirm() },
    )

    private fun detailActions(m: LoanDetailModel, repay: () -> Unit = {}) = LoanDetailActions(
        repay, m::askReverse, m::setReverseReason, { m.confirmReverse() }, m::cancelReverse,
        m::askWriteOff, m::setWriteOffReason, { m.confirmWriteOff() }, m::cancelWriteOff,
    )

    @Test
    fun `5tr over 10 months at 1% flat previews 550 000 a month, and the loan is in the list once confirmed`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile(), loanDisbursedOn = "2026-06-15")
        c.store.setActingMember(c.treasurer)
        val form = DisburseModel(c.store)
        val list = LoanListModel(c.store, "2026-10-15")
        var showList by mutableStateOf(false)
        setContent {
            val f by form.state.collectAsState()
            val l by list.state.collectAsState()
            Phone("vi") {
                if (showList) LoanListScreen(l, LoanListActions(toggleClosed = list::toggleClosed)) else DisburseScreen(f, disburseActions(form))
            }
        }
        onNodeWithTag("fund-balance").assertTextContains("Quỹ tăng thu nhập đang có: 47.000.000 ₫")
        onNodeWithTag("field:borrowerId").performTextInput("hung")
        onNodeWithTag("candidate:Nguyễn Văn Hùng").performClick()
        onNodeWithTag("borrower").assertExists()
        onNodeWithTag("field:principal").performScrollTo().performTextInput("5tr")
        onNodeWithTag("hint:principal", useUnmergedTree = true).performScrollTo().assertTextContains("= 5.000.000 ₫")
        onNodeWithTag("field:termMonths").performScrollTo().performTextInput("10")
        onNodeWithTag("field:rate").performScrollTo().performTextInput("1%")
        onNodeWithTag("field:purpose").performScrollTo().performTextInput("Mua heo giống")
        onNodeWithTag("field:disbursedOn").performScrollTo().performTextReplacement("01/10/2026")
        onNodeWithTag("confirm").assertDoesNotExist()
        onNodeWithTag("preview").performScrollTo().performClick()

        onNodeWithTag("preview:1").performScrollTo().assertTextContains("Kỳ 1 · 01/11/2026 · 550.000 ₫")
        onNodeWithTag("preview:10").performScrollTo().assertTextContains("Kỳ 10 · 01/08/2027 · 550.000 ₫")
        onNodeWithTag("preview-total").performScrollTo().assertTextContains("Tổng phải trả: 5.500.000 ₫, trong đó lãi 500.000 ₫")
        assertEquals(1, c.store.loans(null, true).size, "nothing lent before confirming")
        onNodeWithTag("confirm").performScrollTo().performClick()
        onNodeWithTag("disbursed").performScrollTo().assertTextContains("Đã giải ngân 5.000.000 ₫ cho Nguyễn Văn Hùng")
        assertEquals(42_000_000L, c.store.fundStatement(Fund.INCOME_GENERATION).balance.dong)

        list.reload()
        showList = true
        onNodeWithTag("loan:Nguyễn Văn Hùng").performScrollTo()
            .assertTextContains("5.000.000 ₫ · 10 tháng · 1%/tháng", substring = true)
            .assertTextContains("Dư nợ gốc: 5.000.000 ₫", substring = true)
        // Đức's June loan is overdue on 15/10 and comes first.
        assertTrue(
            onNodeWithTag("loan:Võ Thị Đức").fetchSemanticsNode().positionInRoot.y <
                onNodeWithTag("loan:Nguyễn Văn Hùng").fetchSemanticsNode().positionInRoot.y,
        )
        onNodeWithTag("loan:Võ Thị Đức").assertTextContains("Quá hạn", substring = true)
        val lent = c.store.loans(null, false).first { it.borrowerId == c.chair }
        assertEquals(5_000_000L, lent.principal.dong)
        assertEquals(10u, lent.termMonths)
    }

    @Test
    fun `more than the fund holds is refused under the principal`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile(), loanDisbursedOn = "2026-06-15")
        c.store.setActingMember(c.treasurer)
        val form = DisburseModel(c.store)
        setContent {
            val f by form.state.collectAsState()
            Phone("vi") { DisburseScreen(f, disburseActions(form)) }
        }
        onNodeWithTag("field:borrowerId").performTextInput("duc")
        onNodeWithTag("candidate:Võ Thị Đức").performClick()
        onNodeWithTag("field:principal").performScrollTo().performTextInput("60tr")
        onNodeWithTag("field:termMonths").performScrollTo().performTextInput("12")
        onNodeWithTag("field:rate").performScrollTo().performTextInput("0,8%")
        onNodeWithTag("preview").performScrollTo().performClick()
        onNodeWithTag("confirm").performScrollTo().performClick()
        onNodeWithTag("error:principal", useUnmergedTree = true).performScrollTo()
            .assertTextContains("Quỹ không đủ tiền cho khoản này vào ngày đó hoặc sau đó")
        onNodeWithTag("error:confirm").performScrollTo().assertTextContains("Quỹ không đủ tiền", substring = true)
        assertEquals(1, c.store.loans(null, true).size)
        assertEquals(47_000_000L, c.store.fundStatement(Fund.INCOME_GENERATION).balance.dong)
    }

    @Test
    fun `reversing a repayment with a reason restores the outstanding`() = runComposeUiTest {
        val disbursed = LocalDate.now(ZoneOffset.ofHours(7)).minusMonths(2).toString()
        val c = DemoClub.create(dir.resolve("club.db").toFile(), loanDisbursedOn = disbursed)
        c.store.setActingMember(c.treasurer)
        val receipt = c.store.repayLoan(c.loan, 1_500_000, null)
        val model = LoanDetailModel(c.store, c.loan, c.treasurer)
        var repayAsked = false
        setContent {
            val s by model.state.collectAsState()
            Phone("vi") { LoanDetailScreen(s, detailActions(model) { repayAsked = true }) }
        }
        onNodeWithTag("borrower").assertTextContains("Võ Thị Đức")
        onNodeWithTag("principal-outstanding").assertTextContains("Dư nợ gốc: 1.590.000 ₫")
        onNodeWithTag("installment:1").performScrollTo().assertTextContains("Đã trả", substring = true)
        onNodeWithTag("record-repayment").performScrollTo().performClick()
        assertTrue(repayAsked)

        val id = receipt.entry.id
        onNodeWithTag("repayment:$id").performScrollTo().assertTextContains("Trả nợ · 1.500.000 ₫", substring = true)
        onNodeWithTag("reverse:$id").performScrollTo().performClick()
        onNodeWithTag("reverse-title").performScrollTo().assertTextContains("Hủy lần trả 1.500.000 ₫", substring = true)
        onNodeWithTag("field:reason").performScrollTo().performTextInput("Thu nhầm khoản vay")
        onNodeWithTag("reverse-confirm").performScrollTo().performClick()

        onNodeWithTag("notice").performScrollTo().assertTextContains("Đã hủy lần trả 1.500.000 ₫")
        onNodeWithTag("principal-outstanding").performScrollTo().assertTextContains("Dư nợ gốc: 3.000.000 ₫")
        onNodeWithTag("repayment:$id").performScrollTo().assertTextContains("Đã hủy", substring = true)
        onNodeWithTag("reverse:$id").assertDoesNotExist()
        val loan = c.store.loan(c.loan, null)
        assertEquals(3_000_000L, loan.position.principalOutstanding.dong)
        assertEquals(2, loan.repayments.size)
        assertEquals("Thu nhầm khoản vay", loan.repayments[1].entry.memo)
    }

    @Test
    fun `a treasurer writes off a loan with a reason, in English`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile(), loanDisbursedOn = "2026-06-15")
        c.store.setActingMember(c.treasurer)
        val model = LoanDetailModel(c.store, c.loan, c.treasurer)
        setContent {
            val s by model.state.collectAsState()
            Phone("en") { LoanDetailScreen(s, detailActions(model)) }
        }
        onNodeWithTag("repayments-none").performScrollTo()
        onNodeWithTag("write-off").performScrollTo().performClick()
        onNodeWithTag("write-off-title").performScrollTo().assertTextContains("Write off the 3.000.000 ₫ still outstanding?")
        onNodeWithTag("write-off-confirm").performScrollTo().performClick()
        onNodeWithTag("error:reason", useUnmergedTree = true).performScrollTo().assertTextContains("This must be filled in")
        assertEquals(LoanStatus.ACTIVE, c.store.loan(c.loan, null).status)

        onNodeWithTag("field:reason").performScrollTo().performTextInput("Borrower passed away; board agreed")
        onNodeWithTag("write-off-confirm").performScrollTo().performClick()
        onNodeWithTag("status").performScrollTo().assertTextContains("Status: Written off")
        onNodeWithTag("record-repayment").assertDoesNotExist()
        onNodeWithTag("write-off").assertDoesNotExist()
        assertEquals(LoanStatus.WRITTEN_OFF, c.store.loan(c.loan, null).status)
    }
}
