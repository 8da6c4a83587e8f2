package vn.ishc.app

import java.io.BufferedReader
import java.io.InputStreamReader
import java.nio.file.Path
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * The real `ishc-server` binary on loopback, on a fresh database in [dir].
 * Its path comes from the system property `ishc.server` (android/pom.xml
 * passes `${uniffi.libdir}/ishc-server` to the tests).
 *
 * A copy of bindings/kotlin's test helper (another Maven project), with
 * the code's validity as a parameter; android/ui's tests use this one
 * through shared's test-jar.
 */
class ProvincialServer(private val dir: Path) : AutoCloseable {
    private val binary: String = System.getProperty("ishc.server")
        ?: error("system property ishc.server (path of the ishc-server binary) is not set")
    private val db: String = dir.resolve("province.db").toString()
    private var process: Process? = null

    /** The server's base URL, once [start]ed. */
    lateinit var url: String
        private set

    private fun admin(vararg args: String): String {
        val p = ProcessBuilder(binary, *args, "--db", db, "--json").redirectErrorStream(false).start()
        try {
            val out = p.inputStream.bufferedReader().readText()
            val err = p.errorStream.bufferedReader().readText()
            check(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) { "ishc-server ${args.joinToString(" ")} failed: $err" }
            return out
        } finally {
            stop(p)
        }
    }

    private fun field(json: String, name: String): String =
        Regex("\"$name\"\\s*:\\s*\"([^\"]+)\"").find(json)?.groupValues?.get(1)
            ?: error("no $name in $json")

    /** Creates a club (before [start]: the admin commands open the same file). Returns its id. */
    fun createClub(name: String, communeCode: Int, foundedOn: String): String =
        field(admin("club", "create", "--name", name, "--commune", communeCode.toString(), "--founded", foundedOn), "id")

    /** Issues a one-time enrolment code for [clubId], valid for [ttlHours] (0: already expired), as printed (`7B41N-09MTW`). */
    fun issueCode(clubId: String, ttlHours: Int = 72): String =
        field(admin("code", "issue", "--club", clubId, "--ttl-hours", ttlHours.toString()), "code")

    /**
     * Starts serving on a free loopback port and waits until it listens.
     * If it does not (or anything here throws), the process is stopped
     * before the exception leaves.
     */
    fun start() {
        val p = ProcessBuilder(binary, "serve", "--db", db, "--listen", "127.0.0.1:0")
            .redirectErrorStream(true)
            .start()
        process = p
        try {
            awaitListening(p)
        } catch (e: Throwable) {
            close()
            throw e
        }
    }

    private fun awaitListening(p: Process) {
        val lines = LinkedBlockingQueue<String>()
        Thread {
            try {
                BufferedReader(InputStreamReader(p.inputStream)).useLines { seq -> seq.forEach { lines.put(it) } }
            } catch (e: java.io.IOException) {
                // closed: the server was stopped
            }
        }.apply { isDaemon = true }.start()
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
        while (System.nanoTime() < deadline) {
            val line = lines.poll(100, TimeUnit.MILLISECONDS) ?: continue
            val addr = Regex("listening addr=(\\S+)").find(line)?.groupValues?.get(1)
            if (addr != null) {
                url = "http://$addr"
                return
            }
        }
        error("ishc-server did not start listening within 30 s")
    }

    /** Stops the server (a phone then sees the network fail). */
    override fun close() {
        process?.let(::stop)
        process = null
    }

    /** Asks [p] to stop; kills it if it has not within 10 s. */
    private fun stop(p: Process) {
        if (!p.isAlive) return
        p.destroy()
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly()
            p.waitFor(10, TimeUnit.SECONDS)
        }
    }
}
