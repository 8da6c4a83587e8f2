package vn.ishc.app.drafts

import java.io.File
import java.util.Properties

/**
 * Where forms keep what was typed so that nothing is lost if the app is
 * killed: a draft is a small map of field to text, saved on every change
 * and removed once the form is saved. On Android the app passes a
 * [FileDrafts] in its private files directory; tests pass a temporary one.
 */
interface Drafts {
    /** The draft saved under [key], or `null`. */
    fun load(key: String): Map<String, String>?

    /** Saves [fields] under [key], replacing what was there. */
    fun save(key: String, fields: Map<String, String>)

    /** Removes the draft under [key]. */
    fun clear(key: String)
}

/**
 * Drafts as one properties file each in [dir] (UTF-8), written to a
 * temporary file and renamed over the old one, so a kill mid-write leaves
 * the previous draft, never half of one.
 */
class FileDrafts(private val dir: File) : Drafts {
    init {
        dir.mkdirs()
    }

    private fun file(key: String): File {
        require(key.matches(Regex("[a-z0-9_.-]+"))) { "draft key '$key': use a-z, 0-9, _ . -" }
        return File(dir, "$key.properties")
    }

    override fun load(key: String): Map<String, String>? {
        val f = file(key)
        if (!f.exists()) return null
        val p = Properties()
        f.reader(Charsets.UTF_8).use { p.load(it) }
        return p.stringPropertyNames().associateWith { p.getProperty(it) }
    }

    override fun save(key: String, fields: Map<String, String>) {
        val p = Properties()
        fields.forEach { (k, v) -> p.setProperty(k, v) }
        val tmp = File(dir, "$key.properties.tmp")
        tmp.writer(Charsets.UTF_8).use { p.store(it, null) }
        if (!tmp.renameTo(file(key))) {
            file(key).delete()
            check(tmp.renameTo(file(key))) { "could not save the draft $key" }
        }
    }

    override fun clear(key: String) {
        file(key).delete()
    }
}

/** Drafts in memory (previews and tests that do not restart). */
class MemoryDrafts : Drafts {
    private val map = HashMap<String, Map<String, String>>()
    override fun load(key: String) = map[key]
    override fun save(key: String, fields: Map<String, String>) {
        map[key] = fields.toMap()
    }
    override fun clear(key: String) {
        map.remove(key)
    }
}
