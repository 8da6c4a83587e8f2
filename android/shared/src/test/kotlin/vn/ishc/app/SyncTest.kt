package vn.ishc.app

import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.sync.SyncModel
import vn.ishc.app.sync.conflictValue
import vn.ishc.app.sync.vietnamTime
import vn.ishc.app.text.UiText
import vn.ishc.core.ClubStore
import vn.ishc.core.Role
import vn.ishc.core.Sex
import vn.ishc.core.SyncClient
import vn.ishc.core.SyncClientInterface
import vn.ishc.core.SyncListener
import vn.ishc.core.SyncPhase
import vn.ishc.core.SyncState
import vn.ishc.core.SyncStatus
import vn.ishc.core.TaskHandle

/** The sync screen's state holder against a real provincial server on loopback. */
class SyncTest {
    @TempDir
    lateinit var dir: Path

    /** The real client, recording every state the model's listener received. */
    private class Recording(private val real: SyncClient) : SyncClientInterface by real {
        val seen = CopyOnWriteArrayList<SyncState>()
        override fun subscribe(listener: SyncListener): TaskHandle = real.subscribe(
            object : SyncListener {
                override fun onState(state: SyncState) {
                    seen += state
                    listener.onState(state)
                }
            },
        )
    }

    /**
     * The real client whose [state] answers [now] once set, and whose
     * subscriber is kept in [listener] to be handed states by the test
     * (the real client's own are not passed on). Records the thread of
     * every [status] call (the model's refresh).
     */
    private class Controlled(private val real: SyncClient) : SyncClientInterface by real {
        @Volatile var now: SyncState? = null
        @Volatile var listener: SyncListener? = null
        val statusThreads = CopyOnWriteArrayList<String>()
        override fun state(): SyncState = now ?: real.state()
        override fun status(): SyncStatus {
            statusThreads += Thread.currentThread().name
            return real.status()
        }
        override fun subscribe(listener: SyncListener): TaskHandle {
            this.listener = listener
            return real.subscribe(
                object : SyncListener {
                    override fun onState(state: SyncState) {}
                },
            )
        }
    }

    /** A listener that adds every state to [into]. */
    private fun recorder(into: MutableList<SyncState>) = object : SyncListener {
        override fun onState(state: SyncState) {
            into += state
        }
    }

    private fun waitFor(what: String, ok: () -> Boolean) {
        val deadline = System.currentTimeMillis() + 10_000
        while (!ok()) {
            check(System.currentTimeMillis() < deadline) { "timed out waiting for $what" }
            Thread.sleep(20)
        }
    }

    private val time = Regex("""\d\d/\d\d/\d{4} \d\d:\d\d""")

    @Test
    fun `phone A's new member is sent, the listener ends at Done and phone B receives it`() {
        TwoPhones(dir).use { p ->
            val rec = Recording(p.clientA)
            val a = SyncModel(p.a, rec)
            runBlocking { assertTrue(a.syncNow(), "${a.state.value.message}") } // receives the club
            assertEquals(TwoPhones.CLUB, p.a.club().name)
            assertEquals(p.server.url, a.state.value.serverUrl)
            assertTrue(a.state.value.enrolled)

            p.a.registerMember(TwoPhones.person("Trần Đình Hải", Sex.MALE, "1970", listOf(Role.TREASURER)))
            a.refresh()
            assertEquals(1L, a.state.value.pending)
            rec.seen.clear()

            runBlocking { assertTrue(a.syncNow(), "${a.state.value.message}") }
            val s = a.state.value
            assertEquals(0L, s.pending)
            assertFalse(s.syncing)
            assertNull(s.message)
            val done = s.live as SyncState.Done
            assertEquals(1uL, done.report.sent)
            assertEquals("Đồng bộ xong: đã gửi 1, đã nhận 0", Res.vi.text(s.line))
            assertEquals("Synced: 1 sent, 0 received", Res.en.text(s.line))
            val last = p.clientA.status().lastSuccessAt!!
            assertEquals(vietnamTime(last), s.lastSync)
            assertTrue(time.matches(s.lastSync!!), s.lastSync)

            // The listener gets the latest state (the core keeps only the
            // latest, so a quick sync may reach it as Done alone: Syncing is
            // not required here; SyncScreenTest shows a Syncing state); it
            // ends at this sync's Done (the first sync's Done may still
            // arrive after the clear above: it sent nothing).
            waitFor("this sync's Done reaching the listener") {
                rec.seen.any { (it as? SyncState.Done)?.report?.sent == 1uL }
            }
            assertEquals(done, rec.seen.last { it is SyncState.Done })
            assertEquals(done, a.state.value.live, "the model ends at it too")

            // B receives the club and the member.
            val b = SyncModel(p.b, p.clientB)
            assertFalse(b.state.value.syncing)
            runBlocking { assertTrue(b.syncNow(), "${b.state.value.message}") }
            assertEquals(listOf("Trần Đình Hải"), p.b.listMembers(null, false).map { it.member.fullName })
            assertTrue((b.state.value.live as SyncState.Done).report.received >= 2uL, "${b.state.value.live}")
            assertEquals(0L, b.state.value.pending)

            // Closed: the model no longer follows the client. Another
            // listener on the same client sees the next sync end; by then
            // the closed model would have seen it too.
            a.close()
            val before = a.state.value
            p.a.registerMember(TwoPhones.person("Nguyễn Thị Hoà", Sex.FEMALE, "1950"))
            val watched = CopyOnWriteArrayList<SyncState>()
            val watcher = p.clientA.subscribe(recorder(watched))
            try {
                val report = runBlocking { p.clientA.sync() }
                assertEquals(1uL, report.sent)
                waitFor("the new sync's Done reaching the other listener") {
                    watched.any { (it as? SyncState.Done)?.report == report }
                }
            } finally {
                watcher.cancel()
                watcher.close()
            }
            assertEquals(before, a.state.value)
            b.close()
        }
    }

    @Test
    fun `a late Done or Failed does not overwrite a newer state, and the listener's work runs off the core's thread`() {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        SyncClient(c.store).use { real ->
            val client = Controlled(real)
            val m = SyncModel(c.store, client)
            val listener = client.listener!!
            val refreshes = client.statusThreads.size

            // A new sync has started when the previous one's end arrives.
            val running = SyncState.Syncing(SyncPhase.PUSH, 1uL, 0uL, 2L)
            client.now = running
            listener.onState(SyncState.Failed("sync.network", "connection refused", null))
            listener.onState(running)
            waitFor("the running sync reaching the model") { m.state.value.live == running }
            // States are handled one at a time in order: the late Failed came first and was dropped.
            assertEquals(refreshes, client.statusThreads.size, "a late end neither shows nor reads the store")
            assertEquals(running, m.state.value.live)
            assertTrue(m.state.value.syncing)

            // The sync ends: its Failed is the client's state now. The core
            // calls listeners on its sync worker; the model reads the store
            // on its own thread instead.
            val failed = SyncState.Failed("sync.network", "connection refused", "2026-11-29T01:30:00Z")
            client.now = failed
            val core = Thread({ listener.onState(failed) }, "core-sync-worker")
            core.start()
            core.join()
            waitFor("the end reaching the model") { m.state.value.live == failed && client.statusThreads.size > refreshes }
            assertEquals(refreshes + 1, client.statusThreads.size)
            assertFalse(client.statusThreads.last() == "core-sync-worker", "refreshed on ${client.statusThreads.last()}")
            assertEquals("sync.network", m.state.value.failure!!.code)
            m.close()
        }
        c.store.close()
    }

    @Test
    fun `syncing before the phone is enrolled says so in the person's language`() {
        val store = ClubStore.open(dir.resolve("new.db").toString(), DemoClub.KEY, "phone-new")
        SyncClient(store).use { client ->
            val m = SyncModel(store, client)
            assertFalse(m.state.value.enrolled)
            assertEquals("Máy chưa đăng ký với máy chủ", Res.vi.text(m.state.value.line))
            assertNull(m.state.value.lastSync)
            assertFalse(runBlocking { m.syncNow() })
            val e = m.state.value.message as UiText.Error
            assertEquals("sync.not_enrolled", e.code)
            assertEquals("Máy này chưa đăng ký với máy chủ; hãy nhập mã đăng ký trước", Res.vi.text(e))
            assertEquals("This phone is not enrolled yet; enter an enrolment code first", Res.en.text(e))
            m.close()
        }
        store.close()
    }

    @Test
    fun `a stopped server gives Failed with the next retry and the change stays waiting`() {
        TwoPhones(dir).use { p ->
            val m = SyncModel(p.a, p.clientA)
            runBlocking { assertTrue(m.syncNow()) }
            p.a.registerMember(TwoPhones.person("Trần Đình Hải", Sex.MALE, "1970"))
            p.server.close()

            assertFalse(runBlocking { m.syncNow() })
            assertEquals("sync.network", (m.state.value.message as UiText.Error).code)
            waitFor("Failed reaching the model") { m.state.value.live is SyncState.Failed }
            val s = m.state.value
            val failed = s.live as SyncState.Failed
            assertEquals("sync.network", failed.code)
            assertEquals("sync.network", s.failure!!.code)
            assertEquals("Không kết nối được máy chủ; ứng dụng sẽ tự thử lại sau", Res.vi.text(s.failure!!))
            assertEquals("Đồng bộ chưa được", Res.vi.text(s.line))
            assertNotNull(failed.nextRetryAt)
            assertEquals(vietnamTime(p.clientA.status().nextRetryAt!!), s.nextRetry)
            assertTrue(time.matches(s.nextRetry!!), s.nextRetry)
            assertEquals(1L, s.pending)
            assertFalse(s.syncing)
            m.close()
        }
    }

    @Test
    fun `a refused deposit and clashing edits are listed, and a clash can be restored or dismissed`() {
        TwoPhones(dir).use { p ->
            p.clash()
            val m = SyncModel(p.a, p.clientA)
            assertEquals(2L, m.state.value.pending, "one edit of two fields and the deposit")
            runBlocking { assertTrue(m.syncNow(), "${m.state.value.message}") }
            val s = m.state.value
            assertEquals(0L, s.pending)

            val r = s.rejected.single()
            assertEquals("op.not_permitted", r.error.code)
            assertEquals(
                "Người ghi không có quyền: việc tiền do thủ quỹ hoặc chủ nhiệm ghi, lần thăm do tình nguyện viên hoặc chủ nhiệm ghi",
                Res.vi.text(r.error),
            )
            assertEquals("Thu chi, tiết kiệm", Res.vi.text(r.entity))
            assertTrue(time.matches(r.recordedAt), r.recordedAt)
            assertEquals(p.a.rejectedOps().single().opId, r.opId)

            // A's edits were made later and stand; B's values lost.
            assertEquals("0943 733 416", p.a.member(p.member).phoneDisplay)
            assertEquals(2, s.conflicts.size, "${s.conflicts}")
            val phone = s.conflicts.single { Res.vi.text(it.field) == "Số điện thoại" }
            val hamlet = s.conflicts.single { Res.vi.text(it.field) == "Ấp, tổ" }
            assertEquals("Võ Thị Đức", phone.memberName)
            assertEquals(listOf("0987 654 321"), phone.losingValue.map { Res.vi.text(it) })
            assertEquals(listOf("Ấp 4"), hamlet.losingValue.map { Res.vi.text(it) })
            assertEquals("Nguyễn Văn Hùng", Res.vi.text(phone.losingAuthor))
            assertEquals("Quản trị trên máy", Res.vi.text(phone.winningAuthor))
            assertEquals("Phone", Res.en.text(phone.field))

            assertTrue(m.restoreConflict(phone.id))
            assertEquals("0987 654 321", p.a.member(p.member).phoneDisplay)
            assertEquals(listOf(hamlet.id), m.state.value.conflicts.map { it.id })
            assertEquals(1L, m.state.value.pending, "the restored value is a new edit to send")

            assertTrue(m.dismissConflict(hamlet.id))
            assertEquals("Ấp 5", p.a.member(p.member).hamlet)
            assertEquals(emptyList<Any>(), m.state.value.conflicts)
            assertEquals(2, p.a.conflicts(true).size, "both kept, closed")

            // Dismissing it again: the core's refusal becomes the message.
            assertFalse(m.dismissConflict(hamlet.id))
            assertEquals("Không tìm thấy bản ghi này nữa (có thể đã được gộp hoặc đồng bộ). Hãy tải lại.", Res.vi.text(m.state.value.message!!))
            m.close()
        }
    }

    @Test
    fun `times are shown in Vietnam and conflict values as people read them`() {
        assertEquals("29/11/2026 08:30", vietnamTime("2026-11-29T01:30:00Z"))
        assertEquals("30/11/2026 06:05", vietnamTime("2026-11-29T23:05:10.123Z"))
        assertEquals("29/11/2026 08:30", vietnamTime("2026-11-29T08:30:00+07:00"))
        assertEquals("bad", vietnamTime("bad"))

        fun vi(field: String, json: String) = conflictValue(field, json).joinToString(", ") { Res.vi.text(it) }
        assertEquals("0943 733 416", vi("phone", "\"+84943733416\""))
        assertEquals("Ấp \"Mới\"", vi("hamlet", "\"\\u1ea4p \\\"M\\u1edbi\\\"\""))
        assertEquals("Có", vi("lives_alone", "true"))
        assertEquals("Không", vi("disabled", "false"))
        assertEquals("(trống)", vi("phone", "null"))
        assertEquals("Thủ quỹ, Chủ nhiệm", vi("roles", "[\"treasurer\", \"chair\"]"))
        assertEquals("(trống)", vi("roles", "[]"))
        assertEquals("1956", vi("birth", "1956"))
    }
}
