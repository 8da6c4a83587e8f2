package vn.ishc.app

import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.savings.SavingsAction
import vn.ishc.app.savings.SavingsModel
import vn.ishc.app.text.UiText
import vn.ishc.core.EntryKind

class SavingsTest {
    @TempDir
    lateinit var dir: Path

    private fun club() = DemoClub.create(dir.resolve("club.db").toFile()).also { it.store.setActingMember(it.treasurer) }

    @Test
    fun `a withdrawal above the balance is refused under the amount and nothing is written`() {
        val c = club()
        val m = SavingsModel(c.store, c.borrower)
        assertEquals("Võ Thị Đức", m.state.value.memberName)
        assertEquals(0L, m.state.value.balance!!.dong)

        m.setAmount("500k")
        assertEquals("500.000 ₫", m.state.value.amount.preview)
        m.setMemo("Gửi tháng 11")
        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        assertEquals(500_000L, m.state.value.saved!!.amount.dong)
        assertEquals("500.000 ₫", m.state.value.balance!!.text)
        assertEquals("", m.state.value.amount.text, "the amount is emptied")

        m.setAction(SavingsAction.WITHDRAW)
        m.setAmount("1tr")
        assertFalse(m.save())
        val e = m.state.value.errors["amount"] as UiText.Error
        assertEquals("savings.insufficient", e.code)
        assertEquals("Nhiều hơn số tiết kiệm của hội viên vào ngày đó hoặc sau đó", Res.vi.text(e))
        assertNull(m.state.value.saved)
        val p = c.store.passbook(c.borrower)
        assertEquals(1, p.lines.size)
        assertEquals(500_000L, p.balance.dong)

        // A withdrawal within the balance goes through; the passbook is newest first.
        m.setAmount("200.000")
        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        assertEquals(listOf(EntryKind.WITHDRAWAL, EntryKind.DEPOSIT), m.state.value.lines.map { it.entry.kind })
        assertEquals(listOf(300_000L, 500_000L), m.state.value.lines.map { it.balance.dong })
        assertEquals(300_000L, c.store.savingsBalance(c.borrower).dong)
    }

    @Test
    fun `a deposit reversed with a reason leaves the line, adds the reversal and brings the balance back`() {
        val c = club()
        val m = SavingsModel(c.store, c.borrower)
        m.setAmount("1tr5")
        m.setOn("01/11/2026")
        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        val deposit = m.state.value.lines.single()
        assertEquals("2026-11-01", deposit.entry.entryOn)
        assertTrue(m.state.value.canReverse(deposit))

        m.askReverse(deposit.entry.id)
        assertEquals("01/11/2026", m.state.value.reversing!!.entryOn)
        // The core needs a reason: refused under it, nothing reversed.
        assertFalse(m.confirmReverse())
        val err = m.state.value.reversing!!.errors["reason"] as UiText.Error
        assertEquals("text.required", err.code)
        assertEquals(1, c.store.passbook(c.borrower).lines.size)

        m.setReverseReason("Ghi nhầm người")
        assertNull(m.state.value.reversing!!.errors["reason"], "typing clears the error")
        assertTrue(m.confirmReverse(), "errors: ${m.state.value.reversing?.errors}")
        val s = m.state.value
        assertNull(s.reversing)
        assertEquals(0L, s.balance!!.dong)
        assertEquals(listOf(EntryKind.REVERSAL, EntryKind.DEPOSIT), s.lines.map { it.entry.kind })
        assertEquals(deposit.entry.id, s.lines[0].entry.reversesId)
        assertEquals("Ghi nhầm người", s.lines[0].entry.memo)
        assertTrue(s.lines[1].reversed)
        assertFalse(s.lines.any { s.canReverse(it) }, "neither the reversed line nor the reversal can be reversed")
        assertEquals(0L, c.store.savingsBalance(c.borrower).dong)
    }

    @Test
    fun `money typed wrong is refused under the amount, and only a treasurer or the chair records`() {
        val c = club()
        val m = SavingsModel(c.store, c.borrower)
        m.setAmount("1,5")
        assertFalse(m.save())
        assertEquals("money.fraction", (m.state.value.errors["amount"] as UiText.Error).code)
        assertEquals("Tiền đồng không có phần lẻ", Res.vi.text(m.state.value.errors["amount"]!!))
        m.setAmount("năm trăm")
        assertNull(m.state.value.errors["amount"], "typing clears the error")
        assertFalse(m.save())
        assertEquals("money.invalid", (m.state.value.errors["amount"] as UiText.Error).code)

        m.setAmount("500k")
        m.setOn("31/02/2026")
        assertFalse(m.save())
        assertEquals("date.invalid", (m.state.value.errors["on"] as UiText.Error).code)

        c.store.setActingMember(c.volunteer)
        m.setOn("01/11/2026")
        assertFalse(m.save())
        assertEquals("op.not_permitted", (m.state.value.errors.form as UiText.Error).code)
        assertEquals(0, c.store.passbook(c.borrower).lines.size)
    }

    @Test
    fun `a second save right after a successful one writes nothing and keeps the notice`() {
        val c = club()
        val m = SavingsModel(c.store, c.borrower)
        m.setAmount("500k")
        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        val saved = m.state.value.saved!!
        assertFalse(m.save())
        assertEquals(saved, m.state.value.saved, "the notice stays")
        assertTrue(m.state.value.errors.isEmpty, "no error on the emptied amount: ${m.state.value.errors}")
        assertEquals(1, c.store.passbook(c.borrower).lines.size)
        assertEquals(500_000L, c.store.savingsBalance(c.borrower).dong)
    }
}
