package vn.ishc.app

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import vn.ishc.app.text.Str
import vn.ishc.app.text.XmlStrings
import vn.ishc.core.Role
import vn.ishc.core.Service

/**
 * Every string the app shows exists in Vietnamese and in English, with the
 * same arguments; every name the code uses exists; every error code the
 * core can return has a translation.
 */
class StringsTest {
    private val android = Res.dir.parentFile.parentFile.parentFile.parentFile // android/ui/src/main/res -> android
    private val repo = android.parentFile

    private fun placeholders(s: String) = Regex("%(\\d+\\$)?[sd]").findAll(s).map { it.value }.sorted().toList()

    @Test
    fun `Vietnamese and English have the same names and the same arguments`() {
        assertEquals(Res.vi.keys, Res.en.keys, "names only in one language")
        for (k in Res.vi.keys) {
            assertEquals(placeholders(Res.vi[Str(k)]), placeholders(Res.en[Str(k)]), "arguments of $k")
        }
    }

    @Test
    fun `every string name written in the code exists`() {
        val literal = Regex("""\b(?:Str|text|str)\(\s*"([a-z0-9_]+)"\s*[,)]""")
        val used = android.walkTopDown()
            .filter { it.isFile && it.extension == "kt" && "/target/" !in it.path && "/build/" !in it.path }
            .flatMap { f -> literal.findAll(f.readText()).map { it.groupValues[1] to f.name } }
            .toList()
        assertTrue(used.size > 30, "found only ${used.size} names: is the pattern still right?")
        val missing = used.filter { (k, _) -> k !in Res.vi.keys }
        assertEquals(emptyList<Pair<String, String>>(), missing, "names used in the code without a string")
    }

    @Test
    fun `names built from the core's enums exist`() {
        for (s in Service.entries) assertTrue(Res.vi.has(Str("service_" + s.name.lowercase())), "service_${s.name.lowercase()}")
        for (r in Role.entries) assertTrue(Res.vi.has(Str("role_" + r.name.lowercase())), "role_${r.name.lowercase()}")
        for (st in listOf("paid", "overdue", "upcoming")) assertTrue(Res.vi.has(Str("installment_$st")))
    }

    @Test
    fun `every error code in docs ERRORS md has a translation`() {
        // Sections marked "server and command line only" list codes no call
        // the app makes can return.
        val page = File(repo, "docs/ERRORS.md").readText()
            .split(Regex("""(?m)^(?=## )"""))
            .filterNot { it.lineSequence().first().contains("server and command line only") }
            .joinToString("")
        // The first cell of each table row: one code, or several (`internal.io`, `internal.json`).
        val firstCells = Regex("""^\| ([^|]+) \|""", RegexOption.MULTILINE).findAll(page).map { it.groupValues[1] }
        val codes = firstCells.flatMap { cell -> Regex("""`([a-z_]+\.[a-z_]+)`""").findAll(cell).map { it.groupValues[1] } }.toSet()
        assertTrue(codes.size > 100, "found only ${codes.size} codes in ERRORS.md")
        val missing = codes.filter { !Res.vi.has(Str("error_" + it.replace('.', '_'))) }.sorted()
        assertEquals(emptyList<String>(), missing, "error codes without a Vietnamese string")
    }

    @Test
    fun `Android escapes are read as Android reads them`() {
        assertEquals("It's \"here\"\nnow", XmlStrings.unescape("""It\'s \"here\"\nnow"""))
        assertEquals("a b", XmlStrings.unescape("  a \n   b "))
        assertEquals("two  spaces", XmlStrings.unescape("\"two  spaces\""))
    }
}
