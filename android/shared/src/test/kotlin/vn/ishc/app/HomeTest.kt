package vn.ishc.app

import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.home.HomeModel
import vn.ishc.app.home.HomeSection
import vn.ishc.core.InterestMethod
import vn.ishc.core.NewLoan

class HomeTest {
    @TempDir
    lateinit var dir: Path

    /**
     * The demo club on 15/09/2026: Đức's loan (3.000.000 ₫ from 15/06, 6
     * months, 1% flat: 530.000 ₫ a month) has its first installment paid,
     * the second overdue by 31 days and the third due today; the chair's
     * loan (2.000.000 ₫ from 15/08, 4 months, 1% flat: 520.000 ₫) has its
     * first installment due today. Bảy was visited on 01/09, Ánh never.
     */
    private fun club(): DemoClub {
        val c = DemoClub.create(dir.resolve("club.db").toFile(), loanDisbursedOn = "2026-06-15", visitOn = "2026-09-01")
        c.store.setActingMember(c.treasurer)
        c.store.repayLoan(c.loan, 530_000, "2026-07-15")
        c.store.disburseLoan(NewLoan(c.chair, 2_000_000, "2026-08-15", 4u, 100u, InterestMethod.FLAT, "Bán tạp hóa"))
        c.store.deposit(c.chair, 200_000, "2026-09-01", "")
        return c
    }

    @Test
    fun `a treasurer sees today's repayments, the overdue loans and PAR30 before their own savings`() {
        val c = club()
        val s = HomeModel(c.store, c.treasurer, "2026-09-15").state.value
        assertEquals("Trần Thị Lan", s.name)
        assertEquals("15/09/2026", s.today)
        assertEquals(listOf(HomeSection.Treasury::class, HomeSection.Mine::class), s.sections.map { it::class })

        val t = s.section<HomeSection.Treasury>()!!
        // Both loans have an installment due today, still unpaid.
        assertEquals(
            listOf("Võ Thị Đức" to 3, "Nguyễn Văn Hùng" to 1),
            t.dueToday.map { it.borrowerName to it.installment }.sortedByDescending { it.second },
        )
        assertEquals(
            mapOf("Võ Thị Đức" to "530.000 ₫", "Nguyễn Văn Hùng" to "520.000 ₫"),
            t.dueToday.associate { it.borrowerName to it.amount.text },
        )
        // Only Đức is past due: installment 2 (15/08), 31 days.
        assertEquals(1, t.overdue.size)
        assertEquals("Võ Thị Đức", t.overdue[0].borrowerName)
        assertEquals(530_000L, t.overdue[0].overdue.dong)
        assertEquals(31, t.overdue[0].daysPastDue)
        assertEquals(c.loan, t.overdue[0].loanId)
        // PAR30: 2.500.000 of 4.500.000 outstanding is more than 30 days late.
        val par = t.portfolioAtRisk
        assertEquals(30, par.days)
        assertEquals("4.500.000 ₫", par.outstanding.text)
        assertEquals("2.500.000 ₫", par.atRisk.text)
        assertEquals("55,6%", par.percent)
        assertEquals(c.store.portfolioAtRisk("2026-09-15", 30u).ratioBp.toInt(), par.ratioBp)

        assertEquals(0L, s.section<HomeSection.Mine>()!!.savings.dong)
        assertNull(s.section<HomeSection.Visits>(), "a treasurer does not log visits")
    }

    @Test
    fun `a volunteer sees who is due for a visit, never visited first`() {
        val c = club()
        val s = HomeModel(c.store, c.volunteer, "2026-09-15").state.value
        assertEquals(listOf(HomeSection.Visits::class, HomeSection.Mine::class), s.sections.map { it::class })
        val due = s.section<HomeSection.Visits>()!!.due
        assertEquals(listOf("Đỗ Thị Ánh", "Phạm Văn Bảy"), due.map { it.name })
        assertEquals(listOf(null, 14L), due.map { it.daysSince })
        assertEquals(listOf(c.recipients[1], c.recipients[0]), due.map { it.recipientId })
        assertEquals("Ấp 3", due[0].hamlet)

        // Five days after Bảy's visit, only Ánh is due.
        val soon = HomeModel(c.store, c.volunteer, "2026-09-06").state.value
        assertEquals(listOf("Đỗ Thị Ánh"), soon.section<HomeSection.Visits>()!!.due.map { it.name })
    }

    @Test
    fun `the day is read again on every reload`() {
        val c = club()
        var day = "2026-09-06"
        val m = HomeModel(c.store, c.volunteer) { day }
        assertEquals("06/09/2026", m.state.value.today)
        assertEquals(listOf("Đỗ Thị Ánh"), m.state.value.section<HomeSection.Visits>()!!.due.map { it.name })

        // The page stays open past midnight, days later: Bảy is due again.
        day = "2026-09-15"
        m.reload()
        assertEquals("15/09/2026", m.state.value.today)
        assertEquals(listOf("Đỗ Thị Ánh", "Phạm Văn Bảy"), m.state.value.section<HomeSection.Visits>()!!.due.map { it.name })
    }

    @Test
    fun `the chair sees every section in the order volunteer, treasurer, member`() {
        val c = club()
        val s = HomeModel(c.store, c.chair, "2026-09-15").state.value
        assertEquals(
            listOf(HomeSection.Visits::class, HomeSection.Treasury::class, HomeSection.Mine::class),
            s.sections.map { it::class },
        )
        val mine = s.section<HomeSection.Mine>()!!
        assertEquals("200.000 ₫", mine.savings.text)
        assertEquals(1, mine.loans.size)
        assertEquals("2.000.000 ₫", mine.loans[0].outstanding.text)
        assertEquals("15/09/2026", mine.loans[0].nextDueOn)
        assertEquals("520.000 ₫", mine.loans[0].nextAmount!!.text)
    }

    @Test
    fun `a plain member sees only their own savings and loans`() {
        val c = club()
        c.store.deposit(c.borrower, 1_500_000, "2026-08-01", "Gửi tháng 8")
        val s = HomeModel(c.store, c.borrower, "2026-09-15").state.value
        assertEquals(listOf(HomeSection.Mine::class), s.sections.map { it::class })
        val mine = s.section<HomeSection.Mine>()!!
        assertEquals(c.borrower, mine.memberId)
        assertEquals("1.500.000 ₫", mine.savings.text)
        assertEquals(1, mine.loans.size)
        assertEquals(2_500_000L, mine.loans[0].outstanding.dong)
        // The next installment not paid is the overdue one, 15/08.
        assertEquals("15/08/2026", mine.loans[0].nextDueOn)
        assertEquals(530_000L, mine.loans[0].nextAmount!!.dong)
    }

    @Test
    fun `a member that does not exist gives an error, not a crash`() {
        val c = club()
        val s = HomeModel(c.store, "no-such-member", "2026-09-15").state.value
        assertEquals(emptyList<HomeSection>(), s.sections)
        assertEquals(Res.vi[vn.ishc.app.text.Str("error_not_found")], Res.vi.text(s.error!!))
    }

    @Test
    fun `the ratio is a percent with one decimal, rounded half up, with a decimal comma`() {
        assertEquals("0,0%", HomeModel.percentText(0))
        assertEquals("0,1%", HomeModel.percentText(5))
        assertEquals("12,3%", HomeModel.percentText(1234))
        assertEquals("12,4%", HomeModel.percentText(1235))
        assertEquals("100,0%", HomeModel.percentText(10_000))
    }
}
