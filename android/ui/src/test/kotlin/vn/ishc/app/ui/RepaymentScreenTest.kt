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
import vn.ishc.app.loans.RepaymentFormModel
import vn.ishc.app.loans.receiptText

@OptIn(ExperimentalTestApi::class)
class RepaymentScreenTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `a treasurer records 1tr5, sees what it means and the new balance, and shares the receipt`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        c.store.setActingMember(c.treasurer)
        val model = RepaymentFormModel(c.store, c.loan)
        var shared: String? = null
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") {
                RepaymentScreen(
                    state,
                    RepaymentActions(model::setAmount, model::setPaidOn, { model.save() }) {
                        val s = model.state.value
                        shared = receiptText(Res.vi, c.store.club().name, s.loan!!, s.receipt!!)
                    },
                )
            }
        }
        onNodeWithTag("principal-outstanding").assertTextContains("Dư nợ gốc: 3.000.000 ₫")
        onNodeWithTag("field:amount").performTextInput("1tr5")
        onNodeWithTag("hint:amount", useUnmergedTree = true).assertTextContains("= 1.500.000 ₫")
        onNodeWithTag("field:paidOn").performTextReplacement("20/11/2026")
        onNodeWithTag("save").performClick()

        onNodeWithTag("saved").assertTextContains("Đã thu 1.500.000 ₫")
        onNodeWithTag("principal-outstanding").assertTextContains("Dư nợ gốc: 1.590.000 ₫")
        onNodeWithTag("installment:1").performScrollTo().assertTextContains("Đã trả", substring = true)
        onNodeWithTag("share").performScrollTo().performClick()
        assertEquals("BIÊN NHẬN TRẢ NỢ", shared!!.lines().first())
        assertEquals("Số tiền: 1.500.000 ₫", shared!!.lines()[3])
        assertEquals(1, c.store.loan(c.loan, null).repayments.size)
    }

    @Test
    fun `an overpayment is refused under the amount and nothing is recorded`() = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        c.store.setActingMember(c.treasurer)
        val model = RepaymentFormModel(c.store, c.loan)
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") { RepaymentScreen(state, RepaymentActions(model::setAmount, model::setPaidOn, { model.save() })) }
        }
        onNodeWithTag("field:amount").performTextInput("5 triệu")
        onNodeWithTag("save").performClick()
        onNodeWithTag("error:amount", useUnmergedTree = true).assertTextContains("Trả nhiều hơn số còn nợ")
        assertEquals(0, c.store.loan(c.loan, null).repayments.size)
    }
}
