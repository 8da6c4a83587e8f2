package vn.ishc.app

import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.history.HistoryPeriod
import vn.ishc.app.history.VisitHistoryModel
import vn.ishc.app.history.decimalComma
import vn.ishc.app.text.UiText
import vn.ishc.core.BpFlag
import vn.ishc.core.NewVisit
import vn.ishc.core.Service
import vn.ishc.core.VisitInfo

/**
 * Đỗ Thị Ánh's visits at fixed dates, read as of 30/06/2026: the list, the
 * blood-pressure trend and its counts by period, and voiding a visit
 * logged by mistake.
 */
class HistoryTest {
    @TempDir
    lateinit var dir: Path

    private val today = "2026-06-30"

    /** The demo club (its own visit is Bảy's, on 20/11/2026) with Ánh visited eight times by Mai. */
    private class Club(val demo: DemoClub, val visits: List<VisitInfo>) {
        val store get() = demo.store
        val anh get() = demo.recipients[1]
    }

    private fun club(): Club {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        c.store.setActingMember(c.volunteer)
        fun visit(
            at: String,
            sys: Int?,
            dia: Int?,
            services: List<Service> = listOf(Service.HEALTH_MONITORING),
            pulse: Int? = null,
            glucose: Double? = null,
            weight: Double? = null,
            notes: String = "",
        ) = c.store.logVisit(
            NewVisit(
                volunteerId = c.volunteer, recipientId = c.recipients[1], startedAt = "$at 08:30", durationMin = 40u,
                services = services, systolic = sys?.toUShort(), diastolic = dia?.toUShort(), pulse = pulse?.toUShort(),
                glucoseMmolL = glucose, weightKg = weight, notes = notes,
            ),
        )
        val visits = listOf(
            visit("2025-05-20", 138, 86), // more than 12 months before 30/06/2026
            visit("2026-01-10", 135, 85),
            visit("2026-02-14", 185, 100, notes = "Chóng mặt, đã đưa lên trạm y tế"),
            visit("2026-03-15", 132, 84),
            visit(
                "2026-04-02", 145, 92, listOf(Service.HEALTH_MONITORING, Service.COMPANIONSHIP),
                pulse = 80, glucose = 6.4, weight = 52.5,
            ),
            visit("2026-05-05", 128, 82),
            visit("2026-06-01", null, null, listOf(Service.HOUSEWORK)),
            visit("2026-06-20", 150, 92),
        )
        return Club(c, visits)
    }

    @Test
    fun `the trend takes the readings oldest first with the latest, the highest and the flags counted`() {
        val c = club()
        val m = VisitHistoryModel(c.store, c.anh, c.demo.volunteer, today)
        val s = m.state.value
        assertEquals("Đỗ Thị Ánh", s.recipientName)
        assertEquals(HistoryPeriod.TWELVE_MONTHS, s.period)
        assertEquals("30/06/2025", s.since)

        // Seven visits in the last 12 months, newest first; Bảy's visit is not Ánh's.
        assertEquals(
            listOf("20/06/2026", "01/06/2026", "05/05/2026", "02/04/2026", "15/03/2026", "14/02/2026", "10/01/2026"),
            s.rows.map { it.date },
        )
        // The trend: six readings (the housework visit took none), oldest first.
        val t = s.trend
        assertEquals(
            listOf("10/01/2026", "14/02/2026", "15/03/2026", "02/04/2026", "05/05/2026", "20/06/2026"),
            t.points.map { it.date },
        )
        assertEquals(listOf(135, 185, 132, 145, 128, 150), t.points.map { it.systolic })
        assertEquals(listOf(85, 100, 84, 92, 82, 92), t.points.map { it.diastolic })
        assertEquals(
            listOf(BpFlag.NORMAL, BpFlag.HYPERTENSIVE_CRISIS, BpFlag.NORMAL, BpFlag.HYPERTENSION, BpFlag.NORMAL, BpFlag.HYPERTENSION),
            t.points.map { it.flag },
        )
        assertEquals("2026-01-10", t.points.first().isoDate)
        assertEquals("150/92", t.latest!!.text)
        assertEquals("20/06/2026", t.latest!!.date)
        assertEquals("185/100", t.highest!!.text)
        assertEquals("14/02/2026", t.highest!!.date)
        assertEquals(2, t.hypertension)
        assertEquals(1, t.crisis)
        assertEquals(
            "Huyết áp 6 lần đo, gần nhất 150/92, cao nhất 185/100, 2 lần tăng huyết áp, 1 lần cơn tăng huyết áp",
            Res.vi.text(t.summary),
        )
        assertEquals(
            "Blood pressure readings: 6; latest 150/92, highest 185/100; high blood pressure: 2, hypertensive crisis: 1",
            Res.en.text(t.summary),
        )
    }

    @Test
    fun `a row shows the volunteer, the length, the services, the readings with a decimal comma and the flag`() {
        val c = club()
        val s = VisitHistoryModel(c.store, c.anh, c.demo.volunteer, today).state.value
        val april = s.rows.single { it.date == "02/04/2026" }
        assertEquals("08:30", april.time)
        assertEquals("Lê Thị Mai", april.volunteer)
        assertEquals(40, april.durationMin)
        assertEquals(listOf("Theo dõi sức khỏe", "Trò chuyện, bầu bạn"), april.services.map { Res.vi.text(it) })
        assertEquals(
            listOf("Huyết áp 145/92 mmHg", "Mạch 80 lần/phút", "Đường huyết 6,4 mmol/L", "Cân nặng 52,5 kg"),
            april.readings.map { Res.vi.text(it) },
        )
        assertEquals(listOf("Blood pressure 145/92 mmHg", "Pulse 80 beats/min", "Blood glucose 6,4 mmol/L", "Weight 52,5 kg"), april.readings.map { Res.en.text(it) })
        assertEquals(BpFlag.HYPERTENSION, april.flag)
        assertEquals("Tăng huyết áp (từ 140/90): nhắc đi khám", Res.vi.text(april.flagText!!))
        assertFalse(april.voided)

        val housework = s.rows.single { it.date == "01/06/2026" }
        assertEquals(emptyList<UiText>(), housework.readings)
        assertNull(housework.flag)
        assertNull(housework.flagText)
        assertEquals(listOf("Việc nhà"), housework.services.map { Res.vi.text(it) })
        assertEquals("Chóng mặt, đã đưa lên trạm y tế", s.rows.single { it.date == "14/02/2026" }.notes)

        assertEquals("6,4", decimalComma(6.4))
        assertEquals("52", decimalComma(52.0))
        assertEquals("5,6", decimalComma(5.55))
    }

    @Test
    fun `the period counts back from today`() {
        val c = club()
        val m = VisitHistoryModel(c.store, c.anh, c.demo.volunteer, today, HistoryPeriod.THREE_MONTHS)
        var s = m.state.value
        assertEquals("30/03/2026", s.since)
        assertEquals(listOf("20/06/2026", "01/06/2026", "05/05/2026", "02/04/2026"), s.rows.map { it.date })
        assertEquals(listOf("145/92", "128/82", "150/92"), s.trend.points.map { it.text })
        assertEquals("150/92", s.trend.highest!!.text, "the 185/100 of February is before the period")
        assertEquals(2, s.trend.hypertension)
        assertEquals(0, s.trend.crisis)

        m.setPeriod(HistoryPeriod.ALL)
        s = m.state.value
        assertNull(s.since)
        assertEquals(8, s.rows.size)
        assertEquals("20/05/2025", s.rows.last().date)
        assertEquals(listOf(138, 135, 185, 132, 145, 128, 150), s.trend.points.map { it.systolic })
        assertEquals(
            "Huyết áp 7 lần đo, gần nhất 150/92, cao nhất 185/100, 2 lần tăng huyết áp, 1 lần cơn tăng huyết áp",
            Res.vi.text(s.trend.summary),
        )

        m.setPeriod(HistoryPeriod.TWELVE_MONTHS)
        assertEquals(7, m.state.value.rows.size)
        assertEquals(6, m.state.value.trend.points.size)

        // A visit dated after today (a mistyped date, a phone's clock) is still shown, so it can be voided.
        val bay = VisitHistoryModel(c.store, c.demo.recipients[0], c.demo.volunteer, today).state.value
        assertEquals(listOf("20/11/2026"), bay.rows.map { it.date })
        assertEquals("Phạm Văn Bảy", bay.recipientName)

        // A recipient never visited in the period: no rows, no trend.
        val none = VisitHistoryModel(c.store, c.demo.recipients[0], c.demo.volunteer, "2027-12-31", HistoryPeriod.THREE_MONTHS).state.value
        assertEquals(emptyList<Any>(), none.rows)
        assertEquals(emptyList<Any>(), none.trend.points)
        assertNull(none.trend.latest)
        assertEquals("Chưa có lần đo huyết áp nào trong thời gian này", Res.vi.text(none.trend.summary))
    }

    @Test
    fun `a visit voided with a reason stays in the list marked and leaves the trend`() {
        val c = club()
        // Mai logs a visit to Ánh that was Bảy's.
        val wrong = c.store.logVisit(
            NewVisit(
                c.demo.volunteer, c.anh, "2026-06-25 08:30", 30u, listOf(Service.HEALTH_MONITORING),
                160u.toUShort(), 96u.toUShort(), null, null, null, "",
            ),
        )
        val m = VisitHistoryModel(c.store, c.anh, c.demo.volunteer, today)
        assertTrue(m.state.value.canVoid)
        assertEquals("160/96", m.state.value.trend.latest!!.text)
        assertEquals(3, m.state.value.trend.hypertension)

        m.askVoid(wrong.id)
        assertEquals("25/06/2026", m.state.value.voiding!!.date)
        // The reason is required: nothing is voided without one.
        m.setVoidReason("   ")
        assertFalse(m.confirmVoid())
        assertEquals("Không được để trống ô này", Res.vi.text(m.state.value.voiding!!.errors["reason"]!!))
        assertNull(c.store.visits(c.anh, "2026-06-25", "2026-06-25").single().voidedReason)
        // Typing clears the error.
        m.setVoidReason("Ghi nhầm người, là lần thăm bác Bảy")
        assertNull(m.state.value.voiding!!.errors["reason"])

        assertTrue(m.confirmVoid())
        val s = m.state.value
        assertNull(s.voiding)
        assertEquals("Đã hủy lần thăm ngày 25/06/2026", Res.vi.text(s.notice!!))
        assertEquals("Ghi nhầm người, là lần thăm bác Bảy", c.store.visits(c.anh, "2026-06-25", "2026-06-25").single().voidedReason)
        // Still listed, first (newest), marked with the reason...
        assertEquals(8, s.rows.size)
        assertEquals(wrong.id, s.rows.first().id)
        assertTrue(s.rows.first().voided)
        assertEquals("Ghi nhầm người, là lần thăm bác Bảy", s.rows.first().voidedReason)
        // ...and out of the trend.
        assertEquals(6, s.trend.points.size)
        assertFalse(s.trend.points.any { it.visitId == wrong.id })
        assertEquals("150/92", s.trend.latest!!.text)
        assertEquals(2, s.trend.hypertension)

        // A voided visit cannot be voided again.
        m.askVoid(wrong.id)
        assertNull(m.state.value.voiding)
    }

    @Test
    fun `voiding is offered to a volunteer or the chair, and a visit voided elsewhere meanwhile is refused on the panel`() {
        val c = club()
        c.store.setActingMember(c.demo.treasurer)
        val treasurer = VisitHistoryModel(c.store, c.anh, c.demo.treasurer, today)
        assertFalse(treasurer.state.value.canVoid)
        treasurer.askVoid(c.visits.last().id)
        assertNull(treasurer.state.value.voiding)
        assertFalse(VisitHistoryModel(c.store, c.anh, null, today).state.value.canVoid)

        c.store.setActingMember(c.demo.chair)
        val chair = VisitHistoryModel(c.store, c.anh, c.demo.chair, today)
        assertTrue(chair.state.value.canVoid)
        val june = c.visits.last()
        chair.askVoid(june.id)
        chair.setVoidReason("Trùng lần thăm")
        // Meanwhile the same visit was voided (on another phone, synced in).
        c.store.voidVisit(june.id, "Ghi hai lần")
        assertFalse(chair.confirmVoid())
        val v = chair.state.value.voiding!!
        assertEquals("Lần thăm này đã được hủy rồi", Res.vi.text(v.errors.form!!))
        assertNull(v.errors["reason"])
        chair.cancelVoid()
        assertNull(chair.state.value.voiding)
        chair.reload()
        assertEquals("Ghi hai lần", chair.state.value.rows.first().voidedReason)
        assertEquals("05/05/2026", chair.state.value.trend.latest!!.date)
    }
}
