package vn.ishc.app

import java.net.ServerSocket
import java.nio.file.Path
import kotlin.concurrent.thread
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.enrol.EnrolModel
import vn.ishc.app.settings.MemorySettingsPrefs
import vn.ishc.app.settings.SettingsModel
import vn.ishc.app.text.UiText
import vn.ishc.core.ClubStore
import vn.ishc.core.SyncClient

/** Enrolment on first start against a real provincial server on loopback. */
class EnrolTest {
    @TempDir
    lateinit var dir: Path

    private fun phone(name: String) = ClubStore.open(dir.resolve("$name.db").toString(), DemoClub.KEY, name)

    private fun EnrolModel.error(field: String) = state.value.errors[field] as UiText.Error

    @Test
    fun `a good code enrols and shows the club, the same code again is refused as used`() {
        ProvincialServer(dir).use { server ->
            val club = server.createClub("CLB Liên thế hệ xã Xuân Lộc", 26425, "2024-06-01")
            val code = server.issueCode(club)
            val fresh = server.issueCode(club)
            val expired = server.issueCode(club, ttlHours = 0)
            server.start()

            val lan = phone("lan")
            val m = EnrolModel(lan, server.url)
            assertEquals(server.url, m.state.value.serverUrl, "prefilled")
            // Typed as people type it: lower case, a space for the dash.
            m.setCode(code.lowercase().replace('-', ' '))
            m.setDeviceName("  Máy chị Lan ")
            assertTrue(runBlocking { m.enrol() }, "${m.state.value.errors}")
            val e = m.state.value.enrolled!!
            assertEquals("CLB Liên thế hệ xã Xuân Lộc", e.clubName)
            assertEquals(club, e.clubId)
            assertFalse(m.state.value.busy)
            SyncClient(lan).use { client ->
                val status = client.status()
                assertTrue(status.enrolled)
                assertEquals(server.url, status.serverUrl)
                assertEquals(e.deviceId, status.deviceId)
                val settings = SettingsModel(lan, MemorySettingsPrefs(), client).state.value
                assertEquals(server.url, settings.serverUrl)
                assertEquals(e.deviceId, settings.deviceId)
            }

            // Another phone with the same code.
            val hung = phone("hung")
            val again = EnrolModel(hung, server.url, "Máy anh Hùng")
            again.setCode(code)
            assertFalse(runBlocking { again.enrol() })
            assertEquals("enrol.code_used", again.error("code").code)
            assertEquals("Mã đăng ký này đã được dùng; hãy xin mã mới", Res.vi.text(again.error("code")))
            assertNull(again.state.value.enrolled)

            again.setCode(expired)
            assertNull(again.state.value.errors["code"], "typing clears the error")
            assertFalse(runBlocking { again.enrol() })
            assertEquals("enrol.code_expired", again.error("code").code)
            assertEquals("This enrolment code has expired; ask for a new one", Res.en.text(again.error("code")))

            again.setCode("AAAAA-AAAAA")
            assertFalse(runBlocking { again.enrol() })
            assertEquals("enrol.code_unknown", again.error("code").code)
            assertEquals("Mã đăng ký không đúng; hãy kiểm tra lại", Res.vi.text(again.error("code")))

            // The refusals left the phone empty: a fresh code enrols it.
            again.setCode(fresh)
            assertTrue(runBlocking { again.enrol() }, "${again.state.value.errors}")
            assertEquals("CLB Liên thế hệ xã Xuân Lộc", again.state.value.enrolled!!.clubName)
            lan.close()
            hung.close()
        }
    }

    @Test
    fun `a wrong address gives the network error on the address, and empty fields are asked for`() {
        val port = ServerSocket(0).use { it.localPort } // free, and nothing listens on it
        val store = phone("lan")
        val m = EnrolModel(store, "http://127.0.0.1:$port")
        m.setDeviceName("Máy chị Lan")
        m.setCode("7B41N-09MTW")
        assertFalse(runBlocking { m.enrol() })
        assertEquals("sync.network", m.error("serverUrl").code)
        assertEquals("Không kết nối được máy chủ; ứng dụng sẽ tự thử lại sau", Res.vi.text(m.error("serverUrl")))
        assertFalse(SyncClient(store).use { it.status().enrolled })

        m.setServerUrl(" ")
        m.setCode("")
        m.setDeviceName("")
        assertFalse(runBlocking { m.enrol() })
        assertEquals(setOf("serverUrl", "code", "deviceName"), m.state.value.errors.fields.keys)
        assertEquals("Nhập địa chỉ máy chủ", Res.vi.text(m.state.value.errors["serverUrl"]!!))
        assertEquals("Nhập mã đăng ký", Res.vi.text(m.state.value.errors["code"]!!))
        assertEquals("Hãy đặt cho máy này một tên ngắn", Res.vi.text(m.state.value.errors["deviceName"]!!))
        store.close()

        assertEquals("https://tinh.example.vn", EnrolModel.serverAddress(" tinh.example.vn/ "))
        assertEquals("http://127.0.0.1:8080", EnrolModel.serverAddress("http://127.0.0.1:8080/"))
    }

    @Test
    fun `a second enrol while one is under way does nothing`() {
        val store = phone("lan")
        ServerSocket(0).use { silent -> // accepts the connection and never answers
            val m = EnrolModel(store, "http://127.0.0.1:${silent.localPort}", "Máy chị Lan")
            m.setCode("7B41N-09MTW")
            var first: Boolean? = null
            val running = thread { first = runBlocking { m.enrol() } }
            val deadline = System.currentTimeMillis() + 10_000
            while (!m.state.value.busy) {
                check(System.currentTimeMillis() < deadline) { "the first enrol never started" }
                Thread.sleep(10)
            }
            assertFalse(runBlocking { m.enrol() }, "refused at once while the first runs")
            assertTrue(m.state.value.busy)
            silent.accept().close() // the first one's connection is dropped
            running.join(30_000)
            assertEquals(false, first)
            assertFalse(m.state.value.busy)
            assertNull(m.state.value.enrolled)
        }
        store.close()
    }
}
