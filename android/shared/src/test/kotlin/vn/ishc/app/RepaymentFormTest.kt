package vn.ishc.app

import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.loans.RepaymentFormModel
import vn.ishc.app.loans.receiptText
import vn.ishc.app.text.UiText

class RepaymentFormTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `a repayment typed as 1tr5 is recorded and its receipt reads as the treasurer shares it`() {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        c.store.setActingMember(c.treasurer)
        val m = RepaymentFormModel(c.store, c.loan)
        assertEquals("3.000.000 ₫", m.state.value.loan!!.position.principalOutstanding.text)

        m.setAmount("1tr5")
        assertEquals("1.500.000 ₫", m.state.value.amount.preview)
        m.setPaidOn("20/11/2026")
        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        val r = m.state.value.receipt!!
        assertEquals(1_500_000L, r.entry.amount.dong)
        // Flat 1% a month on 3.000.000 ₫ over 6 months: 530.000 ₫ an installment
        // (500.000 principal + 30.000 interest). 1.500.000 ₫ pays two, then
        // 30.000 interest and 410.000 principal of the third.
        assertEquals(1_590_000L, r.position.principalOutstanding.dong)
        assertEquals(90_000L, r.position.interestOutstanding.dong)
        assertEquals(1_590_000L, m.state.value.loan!!.position.principalOutstanding.dong, "the loan is read again")
        assertEquals("", m.state.value.amount.text, "the amount field is emptied")

        val club = c.store.club().name
        assertEquals(
            """
            BIÊN NHẬN TRẢ NỢ
            CLB Liên thế hệ tự giúp nhau ấp 3
            Người vay: Võ Thị Đức
            Số tiền: 1.500.000 ₫
            Ngày trả: 20/11/2026
            Dư nợ gốc còn lại: 1.590.000 ₫
            Lãi còn phải trả: 90.000 ₫
            Mã giao dịch: ${r.entry.id.takeLast(12)}
            """.trimIndent(),
            receiptText(Res.vi, club, m.state.value.loan!!, r),
        )
        assertTrue(receiptText(Res.en, club, m.state.value.loan!!, r).startsWith("REPAYMENT RECEIPT\n"))
    }

    @Test
    fun `an overpayment and a fraction of a dong are refused on the amount field`() {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        c.store.setActingMember(c.treasurer)
        val m = RepaymentFormModel(c.store, c.loan)
        m.setAmount("5tr")
        assertFalse(m.save())
        val e = m.state.value.errors["amount"] as UiText.Error
        assertEquals("loan.overpayment", e.code)
        assertEquals("Trả nhiều hơn số còn nợ", Res.vi.text(e))
        assertEquals(0, c.store.loan(c.loan, null).repayments.size)

        m.setAmount("1,5")
        assertFalse(m.save())
        assertEquals("money.fraction", (m.state.value.errors["amount"] as UiText.Error).code)
        assertEquals("Tiền đồng không có phần lẻ", Res.vi.text(m.state.value.errors["amount"]!!))
    }

    @Test
    fun `a second save right after a successful one writes nothing and keeps the receipt`() {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        c.store.setActingMember(c.treasurer)
        val m = RepaymentFormModel(c.store, c.loan)
        m.setAmount("530k")
        m.setPaidOn("15/07/2026")
        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        val receipt = m.state.value.receipt!!
        assertFalse(m.save())
        assertEquals(receipt, m.state.value.receipt, "the receipt stays")
        assertTrue(m.state.value.errors.isEmpty, "no error on the emptied amount: ${m.state.value.errors}")
        assertEquals(1, c.store.loan(c.loan, null).repayments.size)
    }
}
