package vn.ishc.app.ui

import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertTextContains
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
import vn.ishc.app.savings.SavingsModel
import vn.ishc.core.EntryKind

@OptIn(ExperimentalTestApi::class)
class SavingsScreenTest {
    @TempDir
    lateinit var dir: Path

    private fun actions(m: SavingsModel) = SavingsActions(
        m::setAction, m::setAmount, m::setOn, m::setMemo, { m.save() },
        m::askReverse, m::setReverseReason, { m.confirmReverse() }, m::cancelReverse,
    )

    @Test
    fun `a deposit of 500k goes in, a withdrawal of 1tr is refused under the amount and nothing is written`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        c.store.setActingMember(c.treasurer)
        val model = SavingsModel(c.store, c.borrower)
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") { SavingsScreen(state, actions(model)) }
        }
        onNodeWithTag("member").assertTextContains("Võ Thị Đức")
        onNodeWithTag("balance").assertTextContains("Số dư: 0 ₫")
        onNodeWithTag("passbook-empty").performScrollTo()

        onNodeWithTag("field:amount").performScrollTo().performTextInput("500k")
        onNodeWithTag("hint:amount", useUnmergedTree = true).assertTextContains("= 500.000 ₫")
        onNodeWithTag("field:memo").performScrollTo().performTextInput("Gửi tháng 11")
        onNodeWithTag("save").performScrollTo().assertTextContains("Ghi gửi tiết kiệm").performClick()
        onNodeWithTag("saved").performScrollTo().assertTextContains("Đã ghi gửi 500.000 ₫")
        onNodeWithTag("balance").performScrollTo().assertTextContains("Số dư: 500.000 ₫")

        onNodeWithTag("action:WITHDRAW").performScrollTo().performClick()
        onNodeWithTag("field:amount").performScrollTo().performTextInput("1tr")
        onNodeWithTag("save").performScrollTo().assertTextContains("Ghi rút tiết kiệm").performClick()
        onNodeWithTag("error:amount", useUnmergedTree = true).performScrollTo()
            .assertTextContains("Nhiều hơn số tiết kiệm của hội viên vào ngày đó hoặc sau đó")
        onNodeWithTag("balance").performScrollTo().assertTextContains("Số dư: 500.000 ₫")
        val p = c.store.passbook(c.borrower)
        assertEquals(listOf(EntryKind.DEPOSIT), p.lines.map { it.entry.kind })
        assertEquals(500_000L, p.balance.dong)
        assertEquals("Gửi tháng 11", p.lines[0].entry.memo)
    }

    @Test
    fun `a deposit reversed with a reason shows the reversal line and the balance back to 0`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        c.store.setActingMember(c.treasurer)
        val model = SavingsModel(c.store, c.borrower)
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") { SavingsScreen(state, actions(model)) }
        }
        onNodeWithTag("field:amount").performScrollTo().performTextInput("1tr5")
        onNodeWithTag("field:on").performScrollTo().performTextReplacement("01/11/2026")
        onNodeWithTag("save").performScrollTo().performClick()
        onNodeWithTag("balance").performScrollTo().assertTextContains("Số dư: 1.500.000 ₫")
        val deposit = c.store.passbook(c.borrower).lines.single().entry

        onNodeWithTag("reverse:${deposit.id}").performScrollTo().performClick()
        onNodeWithTag("reverse-title").performScrollTo().assertTextContains("Hủy khoản 1.500.000 ₫ ngày 01/11/2026?", substring = true)
        // No reason: refused under the reason field, nothing reversed.
        onNodeWithTag("reverse-confirm").performScrollTo().performClick()
        onNodeWithTag("error:reason", useUnmergedTree = true).performScrollTo().assertTextContains("Không được để trống ô này")
        assertEquals(1, c.store.passbook(c.borrower).lines.size)

        onNodeWithTag("field:reason").performScrollTo().performTextInput("Ghi nhầm người")
        onNodeWithTag("reverse-confirm").performScrollTo().performClick()
        onNodeWithTag("reversed").performScrollTo().assertTextContains("Đã hủy khoản 1.500.000 ₫")
        onNodeWithTag("balance").performScrollTo().assertTextContains("Số dư: 0 ₫")
        val lines = c.store.passbook(c.borrower).lines
        assertEquals(listOf(EntryKind.DEPOSIT, EntryKind.REVERSAL), lines.map { it.entry.kind })
        assertEquals(0L, c.store.savingsBalance(c.borrower).dong)
        val reversal = lines[1].entry
        onNodeWithTag("line:${reversal.id}").performScrollTo().assertTextContains("Hủy · -1.500.000 ₫", substring = true)
        onNodeWithTag("line:${reversal.id}").assertTextContains("Ghi nhầm người", substring = true)
        onNodeWithTag("line:${deposit.id}").performScrollTo().assertTextContains("Đã hủy", substring = true)
        onNodeWithTag("reverse:${deposit.id}").assertDoesNotExist()
        onNodeWithTag("reverse:${reversal.id}").assertDoesNotExist()
    }
}
