package vn.ishc.app

import java.nio.file.Path
import java.time.LocalDate
import java.time.ZoneOffset
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.loans.DisburseModel
import vn.ishc.app.loans.LoanDetailModel
import vn.ishc.app.loans.LoanListModel
import vn.ishc.app.text.UiText
import vn.ishc.core.ClubStore
import vn.ishc.core.ClubStoreInterface
import vn.ishc.core.EntryKind
import vn.ishc.core.InstallmentState
import vn.ishc.core.InterestMethod
import vn.ishc.core.LoanStatus

class LoansTest {
    @TempDir
    lateinit var dir: Path

    /** The demo club with its loan disbursed two months ago, so repayments and reversals dated today fit. */
    private fun club(): DemoClub {
        val disbursed = LocalDate.now(ZoneOffset.ofHours(7)).minusMonths(2).toString()
        return DemoClub.create(dir.resolve("club.db").toFile(), loanDisbursedOn = disbursed, visitOn = "2026-11-20")
            .also { it.store.setActingMember(it.treasurer) }
    }

    private fun fixedClub() = DemoClub.create(dir.resolve("club.db").toFile(), loanDisbursedOn = "2026-06-15")
        .also { it.store.setActingMember(it.treasurer) }

    private fun DisburseModel.fill(search: String, name: String, principal: String, term: String, rate: String) {
        setSearch(search)
        pickBorrower(state.value.candidates.first { it.name == name }.id)
        setPrincipal(principal)
        setTermMonths(term)
        setRate(rate)
    }

    @Test
    fun `5tr over 10 months at 1 percent flat previews 550 000 a month and lands in the list once confirmed`() {
        val c = fixedClub()
        val m = DisburseModel(c.store)
        assertEquals("47.000.000 ₫", m.state.value.fundBalance!!.text, "50.000.000 granted, 3.000.000 lent")
        m.setSearch("hung")
        assertEquals(listOf("Nguyễn Văn Hùng"), m.state.value.candidates.map { it.name })
        m.pickBorrower(c.chair)
        assertEquals("Nguyễn Văn Hùng", m.state.value.borrower!!.name)
        m.setPrincipal("5tr")
        assertEquals("5.000.000 ₫", m.state.value.principal.preview)
        m.setTermMonths("10")
        m.setRate("1%")
        m.setPurpose("Mua heo giống")
        m.setDisbursedOn("01/10/2026")

        // Confirming before seeing the schedule only shows it.
        assertFalse(m.confirm())
        assertEquals(1, c.store.loans(null, true).size)
        val preview = m.state.value.preview!!
        assertEquals(10, preview.size)
        assertEquals(List(10) { 550_000L }, preview.map { it.total.dong })
        assertEquals("01/11/2026", vn.ishc.app.format.Format.date(preview[0].dueOn))
        assertEquals(5_500_000L, m.state.value.previewTotal)
        assertEquals(500_000L, m.state.value.previewInterest)

        assertTrue(m.confirm(), "errors: ${m.state.value.errors}")
        val loan = m.state.value.disbursed!!
        assertEquals(5_000_000L, loan.principal.dong)
        assertEquals("1%", loan.monthlyRateText)
        assertEquals("Mua heo giống", loan.purpose)
        assertNull(m.state.value.borrower, "the form is empty again")
        assertEquals("42.000.000 ₫", m.state.value.fundBalance!!.text)

        val list = LoanListModel(c.store, "2026-10-15").state.value
        assertEquals(setOf("Võ Thị Đức", "Nguyễn Văn Hùng"), list.active.map { it.borrowerName }.toSet())
        // Most days past due first: Đức's loan from June is overdue, the new one is not.
        assertEquals("Võ Thị Đức", list.active[0].borrowerName)
        assertEquals(5_000_000L, list.active.first { it.id == loan.id }.position.principalOutstanding.dong)
    }

    @Test
    fun `a rate of 0,8 percent declining balance charges interest on what is still owed, and an edit asks for the preview again`() {
        val c = fixedClub()
        val m = DisburseModel(c.store)
        m.fill("duc", "Võ Thị Đức", "5tr", "10", "0,8%")
        m.setMethod(InterestMethod.DECLINING_BALANCE)
        m.setDisbursedOn("01/10/2026")
        assertTrue(m.preview(), "errors: ${m.state.value.errors}")
        val p = m.state.value.preview!!
        assertEquals(40_000L, p[0].interest.dong, "0,8% of 5.000.000")
        assertEquals(4_000L, p[9].interest.dong, "0,8% of the last 500.000")

        m.setTermMonths("12")
        assertNull(m.state.value.preview, "an edit drops the preview")
        assertFalse(m.confirm())
        assertEquals(12, m.state.value.preview!!.size)
    }

    @Test
    fun `more than the fund holds is refused under the principal and nothing is lent`() {
        val c = fixedClub()
        val m = DisburseModel(c.store)
        m.fill("hung", "Nguyễn Văn Hùng", "60tr", "12", "1%")
        assertTrue(m.preview(), "the schedule itself is fine: ${m.state.value.errors}")
        assertFalse(m.confirm())
        val e = m.state.value.errors["principal"] as UiText.Error
        assertEquals("fund.insufficient", e.code)
        assertEquals("Quỹ không đủ tiền cho khoản này vào ngày đó hoặc sau đó", Res.vi.text(e))
        assertEquals(1, c.store.loans(null, true).size)
        assertEquals(47_000_000L, c.store.fundStatement(vn.ishc.core.Fund.INCOME_GENERATION).balance.dong)
    }

    @Test
    fun `what is missing or mistyped is shown under every field at once`() {
        val c = fixedClub()
        val m = DisburseModel(c.store)
        m.setTermMonths("mười")
        m.setRate("một phần trăm")
        assertFalse(m.preview())
        val e = m.state.value.errors
        assertEquals(setOf("borrowerId", "principal", "termMonths", "rate"), e.fields.keys)
        assertEquals("Chọn người vay", Res.vi.text(e["borrowerId"]!!))
        assertEquals("money.empty", (e["principal"] as UiText.Error).code)
        assertEquals("rate.invalid", (e["rate"] as UiText.Error).code)
        assertEquals("Nhập một số nguyên", Res.vi.text(e["termMonths"]!!))

        // The core's term rules come back on the term field, its rate range on the rate.
        m.fill("duc", "Võ Thị Đức", "5tr", "61", "1%")
        assertFalse(m.preview())
        assertEquals("loan.term_out_of_range", (m.state.value.errors["termMonths"] as UiText.Error).code)
        m.setTermMonths("6")
        m.setRate("12%")
        assertFalse(m.preview())
        assertEquals("rate.range", (m.state.value.errors["rate"] as UiText.Error).code)
        m.setRate("1%")
        m.setPrincipal("5.000.500")
        assertFalse(m.preview())
        assertEquals("loan.principal_not_thousands", (m.state.value.errors["principal"] as UiText.Error).code)
    }

    @Test
    fun `reversing a repayment with a reason restores the outstanding`() {
        val c = club()
        c.store.repayLoan(c.loan, 1_500_000, null)
        val m = LoanDetailModel(c.store, c.loan, c.treasurer)
        assertEquals(1_590_000L, m.state.value.loan!!.position.principalOutstanding.dong)
        val line = m.state.value.loan!!.repayments.single()
        assertTrue(m.state.value.canReverse(line))

        m.askReverse(line.entry.id)
        assertEquals("1.500.000 ₫", m.state.value.reversing!!.amount.text)
        assertFalse(m.confirmReverse(), "a reason is required")
        assertEquals("text.required", (m.state.value.reversing!!.errors["reason"] as UiText.Error).code)
        assertEquals(1_590_000L, c.store.loan(c.loan, null).position.principalOutstanding.dong)

        m.setReverseReason("Thu nhầm khoản vay")
        assertTrue(m.confirmReverse(), "errors: ${m.state.value.reversing?.errors}")
        val s = m.state.value
        assertNull(s.reversing)
        assertEquals("Đã hủy lần trả 1.500.000 ₫", Res.vi.text(s.notice!!))
        assertEquals(3_000_000L, s.loan!!.position.principalOutstanding.dong)
        assertEquals(180_000L, s.loan!!.position.interestOutstanding.dong)
        assertEquals(listOf(EntryKind.LOAN_REPAYMENT, EntryKind.REVERSAL), s.loan!!.repayments.map { it.entry.kind })
        assertTrue(s.loan!!.repayments[0].reversed)
        assertFalse(s.loan!!.repayments.any { s.canReverse(it) })
        assertTrue(s.loan!!.position.installments.none { it.state == InstallmentState.PAID })
        assertEquals(3_000_000L, c.store.loan(c.loan, null).position.principalOutstanding.dong)
    }

    @Test
    fun `a treasurer writes off a loan with a reason and it then shows only among the closed loans`() {
        val c = club()
        assertFalse(LoanDetailModel(c.store, c.loan, c.volunteer).state.value.canWriteOff, "a volunteer may not")
        val m = LoanDetailModel(c.store, c.loan, c.treasurer)
        assertTrue(m.state.value.canWriteOff)
        assertTrue(m.state.value.canRepay)
        m.askWriteOff()
        assertFalse(m.confirmWriteOff())
        assertEquals("text.required", (m.state.value.writingOff!!.errors["reason"] as UiText.Error).code)
        m.setWriteOffReason("Người vay mất, ban chủ nhiệm đồng ý xóa nợ")
        assertTrue(m.confirmWriteOff(), "errors: ${m.state.value.writingOff?.errors}")
        val s = m.state.value
        assertEquals(LoanStatus.WRITTEN_OFF, s.loan!!.status)
        assertFalse(s.canWriteOff)
        assertFalse(s.canRepay)
        assertEquals("Đã xóa nợ 3.000.000 ₫", Res.vi.text(s.notice!!))
        assertEquals(LoanStatus.WRITTEN_OFF, c.store.loan(c.loan, null).status)

        val list = LoanListModel(c.store)
        assertEquals(emptyList<String>(), list.state.value.active.map { it.borrowerName })
        assertEquals(emptyList<String>(), list.state.value.closed.map { it.borrowerName }, "closed loans hidden")
        list.toggleClosed()
        assertTrue(list.state.value.showClosed)
        assertEquals(listOf("Võ Thị Đức"), list.state.value.closed.map { it.borrowerName })
    }

    @Test
    fun `a second confirm right after a disbursement lends nothing and keeps the notice`() {
        val c = fixedClub()
        val m = DisburseModel(c.store)
        m.fill("hung", "Nguyễn Văn Hùng", "5tr", "10", "1%")
        assertTrue(m.preview(), "errors: ${m.state.value.errors}")
        assertTrue(m.confirm(), "errors: ${m.state.value.errors}")
        val loan = m.state.value.disbursed!!
        assertFalse(m.confirm())
        assertEquals(loan, m.state.value.disbursed, "the notice stays")
        assertTrue(m.state.value.errors.isEmpty, "no errors on the emptied form: ${m.state.value.errors}")
        assertEquals(2, c.store.loans(null, true).size)
    }

    /** The real store; [during] runs once, inside the next call to `today()`. */
    private class Interleaved(private val real: ClubStore) : ClubStoreInterface by real {
        var during: (() -> Unit)? = null

        override fun today(): String {
            val f = during
            during = null
            f?.invoke()
            return real.today()
        }
    }

    @Test
    fun `a preview that ends after an edit is dropped, and confirm lends only what the form holds`() {
        val c = fixedClub()
        val store = Interleaved(c.store)
        val m = DisburseModel(store)
        m.fill("hung", "Nguyễn Văn Hùng", "5tr", "10", "1%")
        m.setDisbursedOn("") // today: the preview asks the store for it
        // The treasurer corrects the principal while the preview of 5tr is
        // being computed (the app previews on a background thread).
        store.during = { m.setPrincipal("6tr") }
        assertFalse(m.preview(), "computed for 5tr while the form says 6tr")
        assertEquals("6tr", m.state.value.principal.text)
        assertNull(m.state.value.preview)
        assertNull(m.state.value.plan)

        // Confirming shows the schedule of what is typed instead; nothing is lent.
        assertFalse(m.confirm())
        assertEquals(1, c.store.loans(null, true).size)
        assertEquals(6_600_000L, m.state.value.previewTotal, "6.000.000 ₫ over 10 months at 1% flat")
        assertTrue(m.confirm(), "errors: ${m.state.value.errors}")
        assertEquals(6_000_000L, m.state.value.disbursed!!.principal.dong)
        assertEquals(2, c.store.loans(null, true).size)
    }

    @Test
    fun `preview, an edit of the principal, then confirm lends nothing and shows the new preview`() {
        val c = fixedClub()
        val m = DisburseModel(c.store)
        m.fill("duc", "Võ Thị Đức", "5tr", "10", "1%")
        assertTrue(m.preview())
        val plan = m.state.value.plan!!
        assertEquals(5_000_000L, plan.loan.principal)
        m.setPrincipal("4tr")
        assertNull(m.state.value.preview, "the old schedule is not shown for the new principal")
        assertFalse(m.confirm())
        assertEquals(1, c.store.loans(null, true).size, "nothing lent")
        assertEquals(4_000_000L, m.state.value.plan!!.loan.principal)
        assertEquals(4_400_000L, m.state.value.previewTotal)
        assertEquals(m.state.value.inputs, m.state.value.plan!!.inputs)
    }
}
