package vn.ishc.app

import java.nio.file.Path
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.settings.AppLanguage
import vn.ishc.app.settings.MemorySettingsPrefs
import vn.ishc.app.settings.SettingsModel
import vn.ishc.app.settings.TextSize
import vn.ishc.core.IshcException
import vn.ishc.core.Role
import vn.ishc.core.Sex
import vn.ishc.core.SyncClient

class SettingsTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `picking the treasurer allows the deposit that was refused, and the choice is kept for the next start`() {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val prefs = MemorySettingsPrefs()
        val m = SettingsModel(c.store, prefs)
        // Nothing saved: no one is acting (the demo left the volunteer acting).
        assertNull(m.state.value.actingMemberId)
        val refused = assertThrows<IshcException.Invalid> { c.store.deposit(c.borrower, 100_000, null, "") }
        assertEquals("op.not_permitted", refused.code)

        val rows = m.state.value.members.associateBy { it.name }
        assertEquals(listOf("Thủ quỹ"), rows.getValue("Trần Thị Lan").roles.map { Res.vi.text(it) })
        assertEquals(listOf("Treasurer"), rows.getValue("Trần Thị Lan").roles.map { Res.en.text(it) })
        assertEquals(listOf("Thành viên"), rows.getValue("Võ Thị Đức").roles.map { Res.vi.text(it) })
        assertEquals(6, m.state.value.members.size)

        assertTrue(m.pickActingMember(c.volunteer))
        assertEquals("op.not_permitted", assertThrows<IshcException.Invalid> { c.store.deposit(c.borrower, 100_000, null, "") }.code)

        assertTrue(m.pickActingMember(c.treasurer))
        assertEquals("Trần Thị Lan", m.state.value.actingName)
        assertEquals(c.treasurer, prefs.actingMemberId)
        assertEquals(100_000L, c.store.deposit(c.borrower, 100_000, null, "").amount.dong)
        assertEquals(100_000L, c.store.savingsBalance(c.borrower).dong)

        // The next start: the store begins with no one acting; the saved choice is set again.
        c.store.setActingMember(null)
        val again = SettingsModel(c.store, prefs)
        assertEquals(c.treasurer, again.state.value.actingMemberId)
        assertEquals(50_000L, c.store.deposit(c.borrower, 50_000, null, "").amount.dong)

        // Back to no one: money is refused again.
        assertTrue(again.pickActingMember(null))
        assertNull(prefs.actingMemberId)
        assertThrows<IshcException.Invalid> { c.store.deposit(c.borrower, 100_000, null, "") }
    }

    @Test
    fun `a saved person who is not in this club is forgotten, and picking one gives a message`() {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val prefs = MemorySettingsPrefs(actingMemberId = "01900000-0000-7000-8000-000000000000")
        val m = SettingsModel(c.store, prefs)
        assertNull(m.state.value.actingMemberId)
        assertNull(prefs.actingMemberId)
        assertFalse(m.pickActingMember("01900000-0000-7000-8000-000000000001"))
        assertEquals("Không tìm thấy bản ghi này nữa (có thể đã được gộp hoặc đồng bộ). Hãy tải lại.", Res.vi.text(m.state.value.message!!))
        assertTrue(m.pickActingMember(c.chair))
        assertNull(m.state.value.message)
    }

    @Test
    fun `a phone that receives its club by a sync after the page was read lists the people once read again`() {
        TwoPhones(dir).use { p ->
            runBlocking { p.clientA.sync() }
            p.a.registerMember(TwoPhones.person("Trần Thị Lan", Sex.FEMALE, "1968", listOf(Role.TREASURER)))
            p.a.registerMember(TwoPhones.person("Võ Thị Đức", Sex.FEMALE, "1962"))
            runBlocking { p.clientA.sync() }

            // B enrolled: the settings page is read before the first sync.
            val m = SettingsModel(p.b, MemorySettingsPrefs(), p.clientB)
            assertEquals(emptyList<Any>(), m.state.value.members)
            assertTrue(m.state.value.enrolled)
            runBlocking { p.clientB.sync() }
            m.reload() // what the app does when a sync ends and when the page is shown
            assertEquals(setOf("Trần Thị Lan", "Võ Thị Đức"), m.state.value.members.map { it.name }.toSet())
            assertEquals(listOf("Thủ quỹ"), m.state.value.members.single { it.name == "Trần Thị Lan" }.roles.map { Res.vi.text(it) })
        }
    }

    @Test
    fun `language and text size are kept in the preferences`() {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val prefs = MemorySettingsPrefs()
        SyncClient(c.store).use { client ->
            val m = SettingsModel(c.store, prefs, client)
            assertEquals("vi", m.state.value.language)
            assertEquals(1.0f, m.state.value.textScale)
            assertFalse(m.state.value.enrolled)
            assertNull(m.state.value.serverUrl)
            assertEquals(c.store.deviceId(), m.state.value.deviceId)

            m.setLanguage(AppLanguage.EN)
            m.setTextSize(TextSize.LARGEST)
            assertEquals("en", prefs.language)
            assertEquals(1.5f, prefs.textScale)
            assertEquals(AppLanguage.EN, m.state.value.appLanguage)
            assertEquals(TextSize.LARGEST, m.state.value.textSize)

            val again = SettingsModel(c.store, prefs, client)
            assertEquals("en", again.state.value.language)
            assertEquals(1.5f, again.state.value.textScale)
        }
        assertEquals(listOf(1.0f, 1.15f, 1.3f, 1.5f), TextSize.entries.map { it.scale })
        assertEquals(listOf("Bình thường", "Lớn", "Rất lớn", "Cực lớn"), TextSize.entries.map { Res.vi[it.label] })
        assertEquals(TextSize.LARGE, TextSize.of(1.2f))
    }
}
