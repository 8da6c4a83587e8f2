package vn.ishc.app.ui

import vn.ishc.app.ProvincialServer
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertTextContains
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.v2.runComposeUiTest
import java.net.ServerSocket
import java.nio.file.Path
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.enrol.EnrolModel
import vn.ishc.core.ClubStore
import vn.ishc.core.SyncClient

/** Enrolment on first start, typed and tapped, against a real provincial server on loopback. */
@OptIn(ExperimentalTestApi::class)
class EnrolScreenTest {
    @TempDir
    lateinit var dir: Path

    private fun phone(name: String) = ClubStore.open(dir.resolve("$name.db").toString(), DemoClub.KEY, name)

    private fun androidx.compose.ui.test.ComposeUiTest.show(model: EnrolModel, language: String = "vi", done: () -> Unit = {}) = setContent {
        val state by model.state.collectAsState()
        Phone(language) {
            EnrolScreen(
                state,
                EnrolActions(model::setServerUrl, model::setCode, model::setDeviceName, { runBlocking { model.enrol() } }, done),
            )
        }
    }

    @Test
    fun `a good code enrols the phone and shows the club's name`() = runComposeUiTest {
        ProvincialServer(dir).use { server ->
            val club = server.createClub("CLB Liên thế hệ xã Xuân Lộc", 26425, "2024-06-01")
            val code = server.issueCode(club)
            server.start()
            val store = phone("lan")
            val model = EnrolModel(store, server.url)
            var went = false
            show(model) { went = true }
            onNodeWithTag("field:serverUrl").assertTextContains(server.url)
            onNodeWithTag("field:code").performTextInput(code)
            onNodeWithTag("field:deviceName").performTextInput("Máy chị Lan")
            onNodeWithTag("enrol").performScrollTo().performClick()

            onNodeWithTag("enrolled").assertTextEquals("Đã đăng ký với CLB Liên thế hệ xã Xuân Lộc")
            onNodeWithTag("continue").performClick()
            assertTrue(went)
            SyncClient(store).use { assertEquals(server.url, it.status().serverUrl) }
            store.close()
        }
    }

    @Test
    fun `the same code on a second phone is refused as used, under the code`() = runComposeUiTest {
        ProvincialServer(dir).use { server ->
            val club = server.createClub("CLB Liên thế hệ xã Xuân Lộc", 26425, "2024-06-01")
            val code = server.issueCode(club)
            server.start()
            val first = phone("lan")
            runBlocking { vn.ishc.core.enrol(first, server.url, code, "Máy chị Lan") }

            val second = phone("hung")
            val model = EnrolModel(second, server.url)
            show(model, "en")
            onNodeWithTag("field:code").performTextInput(code)
            onNodeWithTag("field:deviceName").performTextInput("Máy anh Hùng")
            onNodeWithTag("enrol").performScrollTo().performClick()
            onNodeWithTag("error:code", useUnmergedTree = true).assertTextEquals("This enrolment code was already used; ask for a new one")
            onNodeWithTag("enrolled").assertDoesNotExist()
            SyncClient(second).use { assertFalse(it.status().enrolled) }
            first.close()
            second.close()
        }
    }

    @Test
    fun `a wrong port gives the network error under the address`() = runComposeUiTest {
        val port = ServerSocket(0).use { it.localPort } // free: nothing listens on it
        val store = phone("lan")
        val model = EnrolModel(store, "http://127.0.0.1:1")
        show(model)
        onNodeWithTag("field:serverUrl").performTextReplacement("http://127.0.0.1:$port")
        onNodeWithTag("field:code").performTextInput("7B41N-09MTW")
        onNodeWithTag("field:deviceName").performTextInput("Máy chị Lan")
        onNodeWithTag("enrol").performScrollTo().performClick()
        onNodeWithTag("error:serverUrl", useUnmergedTree = true).performScrollTo()
            .assertTextEquals("Không kết nối được máy chủ; ứng dụng sẽ tự thử lại sau")
        assertEquals("http://127.0.0.1:$port", model.state.value.serverUrl)
        SyncClient(store).use { assertFalse(it.status().enrolled) }
        store.close()
    }
}
