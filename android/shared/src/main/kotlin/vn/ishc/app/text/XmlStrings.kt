package vn.ishc.app.text

import java.io.File
import javax.xml.parsers.DocumentBuilderFactory
import org.w3c.dom.Element

/**
 * Reads Android string resources (`res/values/strings*.xml` for Vietnamese,
 * the default; `res/values-en/strings*.xml` for English) on the JVM, where
 * there is no Android resource system: for the desktop renders and the
 * tests, which then show exactly the strings the phone shows.
 *
 * Written here rather than taken from a library: the Android resource
 * compiler (aapt2) is not on Maven Central, and the subset the app uses is
 * small: `<string name="…">` with Android's escapes (`\'`, `\"`, `\n`, `\t`,
 * `\@`, `\?`, `\\`), and `%1$s`-style arguments kept for [String.format].
 */
object XmlStrings {
    /** The directory under `res` for a language: `values` (vi) or `values-en`. */
    fun dirFor(language: String): String = if (language == "vi") "values" else "values-$language"

    /**
     * Loads every `strings*.xml` of [language] under [res]. Errors: a file
     * that is not well-formed XML, a string without a name, a name given
     * twice (with the file names).
     */
    fun load(res: File, language: String): MapStrings {
        val dir = File(res, dirFor(language))
        val files = dir.listFiles { f -> f.name.startsWith("strings") && f.name.endsWith(".xml") }
            ?.sortedBy { it.name }
            ?: error("no string resources in $dir")
        val values = LinkedHashMap<String, String>()
        val from = HashMap<String, String>()
        for (f in files) {
            for ((name, value) in parse(f)) {
                val earlier = from.put(name, f.name)
                require(earlier == null) { "string '$name' is in both $earlier and ${f.name} ($dir)" }
                values[name] = value
            }
        }
        return MapStrings(language, values)
    }

    /** The `<string>` entries of one resource file, in order. */
    fun parse(file: File): List<Pair<String, String>> {
        val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file)
        val nodes = doc.documentElement.getElementsByTagName("string")
        return (0 until nodes.length).map { i ->
            val e = nodes.item(i) as Element
            val name = e.getAttribute("name")
            require(name.isNotEmpty()) { "a <string> without a name in $file" }
            name to unescape(e.textContent)
        }
    }

    /**
     * Android's resource string rules: whitespace runs collapse to one space
     * unless quoted, surrounding double quotes are dropped, and backslash
     * escapes give the character.
     */
    fun unescape(raw: String): String {
        val out = StringBuilder()
        var quoted = false
        var i = 0
        var lastSpace = false
        while (i < raw.length) {
            val c = raw[i]
            when {
                c == '\\' && i + 1 < raw.length -> {
                    val n = raw[i + 1]
                    out.append(
                        when (n) {
                            'n' -> '\n'
                            't' -> '\t'
                            else -> n
                        },
                    )
                    lastSpace = false
                    i += 2
                    continue
                }
                c == '"' -> quoted = !quoted
                c.isWhitespace() && !quoted -> {
                    if (!lastSpace) out.append(' ')
                    lastSpace = true
                }
                else -> {
                    out.append(c)
                    lastSpace = false
                }
            }
            i++
        }
        return out.toString().trim()
    }
}
