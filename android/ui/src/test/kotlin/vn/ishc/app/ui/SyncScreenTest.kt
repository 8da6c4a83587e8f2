package vn.ishc.app.ui

import vn.ishc.app.TwoPhones
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.assertTextContains
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.v2.runComposeUiTest
import java.nio.file.Path
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.sync.SyncModel
import vn.ishc.app.sync.SyncScreenState
import vn.ishc.app.sync.vietnamTime
import vn.ishc.core.Role
import vn.ishc.core.Sex
import vn.ishc.core.SyncPhase
import vn.ishc.core.SyncState

/** The sync screen clicked through against a real provincial server on loopback. */
@OptIn(ExperimentalTestApi::class)
class SyncScreenTest {
    @TempDir
    lateinit var dir: Path

    private fun actions(m: SyncModel) = SyncActions(
        syncNow = { runBlocking { m.syncNow() } },
        restore = { m.restoreConflict(it) },
        dismiss = { m.dismissConflict(it) },
    )

    @Test
    fun `a member registered on phone A is sent by tapping sync now and reaches phone B`() = runComposeUiTest {
        TwoPhones(dir).use { p ->
            val model = SyncModel(p.a, p.clientA)
            runBlocking { model.syncNow() } // the club
            p.a.registerMember(TwoPhones.person("Trần Đình Hải", Sex.MALE, "1970", listOf(Role.TREASURER)))
            model.refresh()
            setContent {
                val state by model.state.collectAsState()
                Phone("vi") { SyncScreen(state, actions(model)) }
            }
            onNodeWithTag("sync-pending").assertTextEquals("Số thay đổi chờ gửi: 1")
            onNodeWithTag("sync-last").assertTextEquals("Lần đồng bộ gần nhất: " + vietnamTime(p.clientA.status().lastSuccessAt!!))

            onNodeWithTag("sync-now").assertIsEnabled().performClick()
            waitUntil(timeoutMillis = 10_000) { (model.state.value.live as? SyncState.Done)?.report?.sent == 1uL }
            onNodeWithTag("sync-pending").assertTextEquals("Số thay đổi chờ gửi: 0")
            onNodeWithTag("sync-state").assertTextEquals("Đồng bộ xong: đã gửi 1, đã nhận 0")
            onNodeWithTag("sync-now").assertIsEnabled()
            assertEquals(0L, p.a.pendingCount())

            runBlocking { p.clientB.sync() }
            assertEquals(listOf("Trần Đình Hải"), p.b.listMembers(null, false).map { it.member.fullName })
            model.close()
        }
    }

    @Test
    fun `a refused deposit and clashing edits are shown in English, and the clash is restored and dismissed by tapping`() = runComposeUiTest {
        TwoPhones(dir).use { p ->
            p.clash()
            val model = SyncModel(p.a, p.clientA)
            setContent {
                val state by model.state.collectAsState()
                Phone("en") { SyncScreen(state, actions(model)) }
            }
            onNodeWithTag("sync-pending").assertTextEquals("Changes waiting to be sent: 2")
            onNodeWithTag("sync-now").performClick()
            waitUntil(timeoutMillis = 10_000) { model.state.value.live is SyncState.Done && model.state.value.conflicts.size == 2 }

            val op = p.a.rejectedOps().single()
            onNodeWithTag("rejected-reason:${op.opId}", useUnmergedTree = true).performScrollTo()
                .assertTextEquals("Not allowed: money is recorded by the treasurer or chair, visits by a home-care volunteer or the chair")
            onNodeWithTag("rejected:${op.opId}").assertTextContains("Funds, savings · recorded ", substring = true)

            val conflicts = p.a.conflicts(false)
            val phone = conflicts.single { it.field == "phone" }
            val hamlet = conflicts.single { it.field == "hamlet" }
            onNodeWithTag("conflict-value:${phone.id}", useUnmergedTree = true).performScrollTo()
                .assertTextEquals("Replaced value: 0987 654 321")
            onNodeWithTag("conflict:${phone.id}").assertTextContains("Edited by (replaced): Nguyễn Văn Hùng", substring = true)
            onNodeWithTag("conflict:${phone.id}").assertTextContains("Edited by (kept): Administration on the phone", substring = true)
            assertEquals("0943 733 416", p.a.member(p.member).phoneDisplay)

            onNodeWithTag("restore:${phone.id}").performScrollTo().performClick()
            assertEquals("0987 654 321", p.a.member(p.member).phoneDisplay)
            onNodeWithTag("conflict:${phone.id}").assertDoesNotExist()
            onNodeWithTag("sync-pending").performScrollTo().assertTextEquals("Changes waiting to be sent: 1")

            onNodeWithTag("dismiss:${hamlet.id}").performScrollTo().performClick()
            onNodeWithTag("conflict:${hamlet.id}").assertDoesNotExist()
            assertEquals("Ấp 5", p.a.member(p.member).hamlet)
            assertEquals(emptyList<Any>(), p.a.conflicts(false))
            model.close()
        }
    }

    @Test
    fun `with the server stopped the state line says why and when it retries, and the change waits`() = runComposeUiTest {
        TwoPhones(dir).use { p ->
            val model = SyncModel(p.a, p.clientA)
            runBlocking { model.syncNow() }
            p.a.registerMember(TwoPhones.person("Trần Đình Hải", Sex.MALE, "1970"))
            p.server.close()
            model.refresh()
            setContent {
                val state by model.state.collectAsState()
                Phone("vi") { SyncScreen(state, actions(model)) }
            }
            onNodeWithTag("sync-now").performClick()
            waitUntil(timeoutMillis = 10_000) { model.state.value.live is SyncState.Failed && model.state.value.nextRetry != null }
            val retry = vietnamTime(p.clientA.status().nextRetryAt!!)
            onNodeWithTag("sync-state").assertTextEquals(
                "Đồng bộ chưa được\nKhông kết nối được máy chủ; ứng dụng sẽ tự thử lại sau\nSẽ tự thử lại lúc $retry",
            )
            onNodeWithTag("error:form").assertDoesNotExist() // the same reason is not said twice
            onNodeWithTag("sync-pending").assertTextEquals("Số thay đổi chờ gửi: 1")
            onNodeWithTag("sync-now").assertIsEnabled()
            assertEquals(1L, p.a.pendingCount())
            model.close()
        }
    }

    @Test
    fun `while a sync runs the button is disabled and the line counts what is sent`() = runComposeUiTest {
        setContent {
            Phone("vi") {
                SyncScreen(SyncScreenState(live = SyncState.Syncing(SyncPhase.PUSH, 2uL, 0uL, 3L), enrolled = true, pending = 3), SyncActions())
            }
        }
        onNodeWithTag("sync-now").assertIsNotEnabled().assertTextEquals("Đang đồng bộ…")
        onNodeWithTag("sync-state").assertTextEquals("Đang gửi dữ liệu: đã gửi 2, còn 3")
        onNodeWithTag("sync-last").assertTextEquals("Chưa đồng bộ lần nào")
    }
}
