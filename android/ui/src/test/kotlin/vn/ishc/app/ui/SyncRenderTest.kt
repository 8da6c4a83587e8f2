package vn.ishc.app.ui

import vn.ishc.app.TwoPhones
import vn.ishc.app.ProvincialServer
import androidx.compose.runtime.Composable
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.v2.runComposeUiTest
import java.net.ServerSocket
import java.nio.file.Path
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.enrol.EnrolModel
import vn.ishc.app.settings.MemorySettingsPrefs
import vn.ishc.app.settings.SettingsModel
import vn.ishc.app.sync.SyncModel
import vn.ishc.core.ClubStore
import vn.ishc.core.Sex
import vn.ishc.core.SyncClient

/**
 * The sync, settings and enrolment screens with real data from the core
 * (and a real provincial server on loopback where they need one), rendered
 * to PNG in Vietnamese and English and at font scale 2.0, and checked to
 * hold on a 360 dp screen at font scale 2.0, as ScreensRenderTest does for
 * the others.
 */
@OptIn(ExperimentalTestApi::class)
class SyncRenderTest {
    @TempDir
    lateinit var dir: Path

    /** A screen's content over real stores, and what to close once it is drawn. */
    class Built(val content: @Composable () -> Unit, val resources: List<AutoCloseable>)

    /** A screen to render: its name and how to build it in a directory. */
    class Shot(val name: String, val build: (Path) -> Built) {
        override fun toString() = name
    }

    companion object {
        @JvmStatic
        fun shots(): List<Shot> = listOf(
            // After a sync that had a deposit refused and two edits clash.
            Shot("sync") { dir ->
                TwoPhones(dir).closedOnFailure { p ->
                    p.clash()
                    val s = SyncModel(p.a, p.clientA).use { m ->
                        runBlocking { m.syncNow() }
                        m.state.value
                    }
                    Built({ SyncScreen(s, SyncActions()) }, listOf(p))
                }
            },
            // The server unreachable, a change waiting, the retry time.
            Shot("sync-failed") { dir ->
                TwoPhones(dir).closedOnFailure { p ->
                    val s = SyncModel(p.a, p.clientA).use { m ->
                        runBlocking { m.syncNow() }
                        p.a.registerMember(TwoPhones.person("Trần Đình Hải", Sex.MALE, "1970"))
                        p.server.close()
                        runBlocking { m.syncNow() }
                        m.state.value
                    }
                    Built({ SyncScreen(s, SyncActions()) }, listOf(p))
                }
            },
            Shot("settings") { dir ->
                val c = DemoClub.create(dir.resolve("club.db").toFile())
                c.store.closedOnFailure {
                    SyncClient(c.store).closedOnFailure { client ->
                        val m = SettingsModel(c.store, MemorySettingsPrefs(), client)
                        m.pickActingMember(c.treasurer)
                        val s = m.state.value
                        Built({ SettingsScreen(s, SettingsActions()) }, listOf(client, c.store))
                    }
                }
            },
            // A code typed, the address wrong: the core's network error under it.
            Shot("enrol") { dir ->
                ClubStore.open(dir.resolve("new.db").toString(), DemoClub.KEY, "phone-new").closedOnFailure { store ->
                    val port = ServerSocket(0).use { it.localPort }
                    val m = EnrolModel(store, "http://127.0.0.1:$port", "Máy chị Lan")
                    m.setCode("7B41N-09MTW")
                    runBlocking { m.enrol() }
                    val s = m.state.value
                    Built({ EnrolScreen(s, EnrolActions()) }, listOf(store))
                }
            },
            Shot("enrol-done") { dir ->
                val server = ProvincialServer(dir)
                val code = server.issueCode(server.createClub("CLB Liên thế hệ tự giúp nhau ấp 3", 26425, "2019-05-10"))
                server.start() // stops the server itself if it does not come up
                server.closedOnFailure {
                    ClubStore.open(dir.resolve("new.db").toString(), DemoClub.KEY, "phone-new").closedOnFailure { store ->
                        val m = EnrolModel(store, server.url, "Máy chị Lan")
                        m.setCode(code)
                        check(runBlocking { m.enrol() }) { "${m.state.value.errors}" }
                        val s = m.state.value
                        Built({ EnrolScreen(s, EnrolActions()) }, listOf(store, server))
                    }
                }
            },
        )

        /**
         * [f] on this resource, which is closed if [f] throws (a server
         * left running would outlive the test); on success [f] hands it
         * on, in its [Built]'s resources.
         */
        private inline fun <R : AutoCloseable, T> R.closedOnFailure(f: (R) -> T): T = try {
            f(this)
        } catch (e: Throwable) {
            runCatching { close() }.exceptionOrNull()?.let(e::addSuppressed)
            throw e
        }

        @JvmStatic
        fun variants(): List<Arguments> = shots().flatMap { s ->
            listOf(Arguments.of(s, "vi", 1f), Arguments.of(s, "en", 1f), Arguments.of(s, "vi", 2f))
        }
    }

    /** [f], then every resource closed, each even if another throws; the first failure is thrown. */
    private fun <T> Built.use(f: (Built) -> T): T {
        val result = runCatching { f(this) }
        var failure = result.exceptionOrNull()
        for (r in resources) {
            try {
                r.close()
            } catch (e: Throwable) {
                if (failure == null) failure = e else failure.addSuppressed(e)
            }
        }
        failure?.let { throw it }
        return result.getOrThrow()
    }

    @ParameterizedTest(name = "{0} {1} font scale {2}")
    @MethodSource("variants")
    fun `renders to PNG`(shot: Shot, language: String, fontScale: Float) {
        shot.build(dir).use { built ->
            val file = screenshot(shot.name, language, fontScale, heightDp = 2000, content = built.content)
            assertTrue(file.length() > 10_000, "$file is ${file.length()} bytes")
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shots")
    fun `holds on a 360 dp screen at font scale 2`(shot: Shot) = runComposeUiTest {
        shot.build(dir).use { built ->
            setContent { Phone("vi", fontScale = 2f, heightDp = 4000) { built.content() } }
            assertEquals(emptyList<String>(), layoutProblems())
        }
    }
}
