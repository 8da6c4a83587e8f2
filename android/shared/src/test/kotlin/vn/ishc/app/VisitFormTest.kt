package vn.ishc.app

import java.io.File
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.drafts.FileDrafts
import vn.ishc.app.drafts.MemoryDrafts
import vn.ishc.app.text.UiText
import vn.ishc.app.visit.VisitField
import vn.ishc.app.visit.VisitFormModel
import vn.ishc.core.BpFlag
import vn.ishc.core.ClubStore
import vn.ishc.core.ClubStoreInterface
import vn.ishc.core.NewVisit
import vn.ishc.core.Service
import vn.ishc.core.VisitInfo

class VisitFormTest {
    @TempDir
    lateinit var dir: Path

    private fun club() = DemoClub.create(dir.resolve("club.db").toFile())

    @Test
    fun `a crisis reading is flagged as it is typed and the saved visit carries the flag`() {
        val c = club()
        val m = VisitFormModel(c.store, c.volunteer, FileDrafts(File(dir.toFile(), "drafts")))
        // Never-visited Ánh comes before Bảy (visited on 20/11).
        assertEquals(listOf("Đỗ Thị Ánh", "Phạm Văn Bảy"), m.state.value.recipients.map { it.name })
        assertEquals(listOf(null, "20/11/2026"), m.state.value.recipients.map { it.lastVisit })

        m.pickRecipient(c.recipients[1])
        m.toggleService(Service.HEALTH_MONITORING)
        m.setField(VisitField.Systolic, "185")
        assertNull(m.state.value.bpFlag, "one pressure is not a reading yet")
        m.setField(VisitField.Diastolic, "1") // on the way to 100
        assertNull(m.state.value.bpFlag, "185/1 is neither a flag nor an error while typing")
        assertTrue(m.state.value.errors.isEmpty)
        m.setField(VisitField.Diastolic, "100")
        assertEquals(BpFlag.HYPERTENSIVE_CRISIS, m.state.value.bpFlag)
        m.setField(VisitField.Diastolic, "95")
        m.setField(VisitField.Systolic, "150")
        assertEquals(BpFlag.HYPERTENSION, m.state.value.bpFlag)
        m.setField(VisitField.Systolic, "185")
        m.setField(VisitField.StartedAt, "29/11/2026 09:15")
        m.setField(VisitField.Glucose, "6,4")
        m.setField(VisitField.Notes, "Nhức đầu, đã gọi trạm y tế")

        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        val saved = m.state.value.saved!!
        assertEquals(BpFlag.HYPERTENSIVE_CRISIS, saved.bpFlag)
        assertEquals("Đỗ Thị Ánh", saved.recipientName)
        assertEquals("2026-11-29T09:15:00+07:00", saved.startedAt)
        assertEquals(6.4, saved.glucoseMmolL)
        assertEquals(listOf(Service.HEALTH_MONITORING), saved.services)
        // The form is empty again; the recipient now has a visit.
        assertNull(m.state.value.recipientId)
        assertEquals("", m.state.value[VisitField.Systolic])
        assertEquals(1, c.store.visits(c.recipients[1], null, null).size)
    }

    @Test
    fun `what was typed survives the app being killed and is gone once saved`() {
        val c = club()
        val drafts = File(dir.toFile(), "drafts")
        val first = VisitFormModel(c.store, c.volunteer, FileDrafts(drafts))
        first.pickRecipient(c.recipients[0])
        first.toggleService(Service.HOUSEWORK)
        first.toggleService(Service.COMPANIONSHIP)
        first.setField(VisitField.Notes, "Dọn nhà, nấu cơm")
        first.setField(VisitField.Systolic, "13") // mid-typing

        // A new process: a new model over the same drafts directory.
        val again = VisitFormModel(c.store, c.volunteer, FileDrafts(drafts))
        val s = again.state.value
        assertTrue(s.restoredDraft)
        assertEquals(c.recipients[0], s.recipientId)
        assertEquals(setOf(Service.HOUSEWORK, Service.COMPANIONSHIP), s.services)
        assertEquals("Dọn nhà, nấu cơm", s[VisitField.Notes])
        assertEquals("13", s[VisitField.Systolic])

        again.setField(VisitField.Systolic, "")
        assertTrue(again.save(), "errors: ${again.state.value.errors}")
        assertFalse(File(drafts, "visit.properties").exists())
        assertFalse(VisitFormModel(c.store, c.volunteer, FileDrafts(drafts)).state.value.restoredDraft)
    }

    @Test
    fun `a draft left for one recipient is not merged into a visit opened for another`() {
        val c = club()
        val drafts = File(dir.toFile(), "drafts")
        val bay = c.recipients[0]
        val anh = c.recipients[1]
        val first = VisitFormModel(c.store, c.volunteer, FileDrafts(drafts))
        first.pickRecipient(bay)
        first.toggleService(Service.HOUSEWORK)
        first.setField(VisitField.Notes, "Dọn nhà cho bác Bảy")

        // Opened from Ánh's row on the home page: a blank visit for Ánh.
        val forAnh = VisitFormModel(c.store, c.volunteer, FileDrafts(drafts), recipientId = anh)
        val s = forAnh.state.value
        assertEquals(anh, s.recipientId)
        assertFalse(s.restoredDraft)
        assertEquals(emptySet<Service>(), s.services)
        assertEquals("", s[VisitField.Notes])
        assertEquals("60", s[VisitField.Duration])
        assertEquals(bay, FileDrafts(drafts).load(VisitFormModel.DRAFT)!!["recipientId"], "Bảy's draft stays until something is typed")

        // Opened for Bảy, or for no one: Bảy's draft comes back.
        val forBay = VisitFormModel(c.store, c.volunteer, FileDrafts(drafts), recipientId = bay).state.value
        assertTrue(forBay.restoredDraft)
        assertEquals(bay, forBay.recipientId)
        assertEquals("Dọn nhà cho bác Bảy", forBay[VisitField.Notes])
        val anyone = VisitFormModel(c.store, c.volunteer, FileDrafts(drafts)).state.value
        assertTrue(anyone.restoredDraft)
        assertEquals(setOf(Service.HOUSEWORK), anyone.services)

        // Saving Ánh's visit logs hers only, with nothing of Bảy's.
        forAnh.toggleService(Service.COMPANIONSHIP)
        assertTrue(forAnh.save(), "errors: ${forAnh.state.value.errors}")
        val logged = c.store.visits(anh, null, null).single()
        assertEquals(listOf(Service.COMPANIONSHIP), logged.services)
        assertEquals("", logged.notes)
    }

    @Test
    fun `the core's refusal lands on its field and nothing is written`() {
        val c = club()
        val m = VisitFormModel(c.store, c.volunteer, FileDrafts(File(dir.toFile(), "drafts")))
        m.pickRecipient(c.recipients[1])
        m.toggleService(Service.HEALTH_MONITORING)
        m.setField(VisitField.Systolic, "120")
        m.setField(VisitField.Diastolic, "130")
        assertFalse(m.save())
        val e = m.state.value.errors
        assertEquals(UiText.Error("vitals.diastolic_not_below_systolic", e["diastolic"].let { (it as UiText.Error).reason }), e["diastolic"])
        assertEquals("Huyết áp tâm trương phải thấp hơn tâm thu", Res.vi.text(e["diastolic"]!!))
        assertEquals("Diastolic must be lower than systolic", Res.en.text(e["diastolic"]!!))
        assertEquals(0, c.store.visits(c.recipients[1], null, null).size)

        // Checked before the core: no recipient, no service, a word for a number.
        val blank = VisitFormModel(c.store, c.volunteer, FileDrafts(File(dir.toFile(), "drafts2")))
        blank.setField(VisitField.Pulse, "tám mươi")
        assertFalse(blank.save())
        assertEquals(
            setOf("recipientId", "services", "pulse"),
            blank.state.value.errors.fields.keys,
        )
        assertEquals("Chọn người được thăm", Res.vi.text(blank.state.value.errors["recipientId"]!!))
        // Editing a field clears its error.
        blank.setField(VisitField.Pulse, "80")
        assertNull(blank.state.value.errors["pulse"])
    }

    @Test
    fun `a second save right after a successful one writes nothing and keeps the notice`() {
        val c = club()
        val m = VisitFormModel(c.store, c.volunteer, MemoryDrafts())
        m.pickRecipient(c.recipients[1])
        m.toggleService(Service.COMPANIONSHIP)
        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        val saved = m.state.value.saved!!
        // A double tap: the second save reaches the emptied form.
        assertFalse(m.save())
        assertEquals(saved, m.state.value.saved, "the notice stays")
        assertTrue(m.state.value.errors.isEmpty, "no errors on the emptied form: ${m.state.value.errors}")
        assertEquals(1, c.store.visits(c.recipients[1], null, null).size)
        // Typing again is a new visit: saving it checks it as usual.
        m.toggleService(Service.HOUSEWORK)
        assertFalse(m.save())
        assertEquals(setOf("recipientId"), m.state.value.errors.fields.keys)
    }

    /** The real store; [during] runs once, inside the next `logVisit`. */
    private class Reentrant(private val real: ClubStore) : ClubStoreInterface by real {
        var during: (() -> Unit)? = null

        override fun logVisit(visit: NewVisit): VisitInfo {
            val f = during
            during = null
            f?.invoke()
            return real.logVisit(visit)
        }
    }

    @Test
    fun `a save while another is under way is ignored`() {
        val c = club()
        val store = Reentrant(c.store)
        val m = VisitFormModel(store, c.volunteer, MemoryDrafts())
        m.pickRecipient(c.recipients[1])
        m.toggleService(Service.COMPANIONSHIP)
        var busyMeanwhile = false
        var second: Boolean? = null
        store.during = {
            busyMeanwhile = m.state.value.busy
            second = m.save()
        }
        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        assertTrue(busyMeanwhile, "busy while the core logs it")
        assertEquals(false, second)
        assertFalse(m.state.value.busy)
        assertEquals(1, c.store.visits(c.recipients[1], null, null).size)
    }
}
