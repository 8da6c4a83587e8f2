package vn.ishc.app.android

import android.annotation.SuppressLint
import android.content.Context
import android.content.res.Configuration
import android.content.res.Resources
import java.util.Locale
import vn.ishc.app.text.Str
import vn.ishc.app.text.Strings

/**
 * The app's strings in [language] (`vi` or `en`), from the Android string
 * resources the ui module ships (`values/` is Vietnamese, `values-en/`
 * English): the phone's side of [Strings], as `XmlStrings` is the desktop
 * checks'.
 *
 * Looks names up with [Resources.getIdentifier] (cached, including the
 * misses) because code names strings by name (`Str("visit_save")`, and
 * names built at run time such as `"error_" + code`); `res/raw/keep.xml`
 * keeps them all through resource shrinking. Reads from a configuration
 * context in [language], whatever the phone's own language (this works from
 * API 17, so on every phone the app supports), and formats as
 * `getString(id, args)` does, in that language's locale.
 *
 * A name with no string gives `[name]` (as [Strings.get] asks), never an
 * exception. Safe to call from any thread.
 */
class ResourceStrings(context: Context, override val language: String) : Strings {
    private val resources: Resources
    private val packageName: String = context.packageName
    private val ids = HashMap<String, Int>()

    init {
        val config = Configuration(context.resources.configuration)
        config.setLocale(Locale.forLanguageTag(language))
        resources = context.createConfigurationContext(config).resources
    }

    /** The resource id of string [name], or 0. */
    @SuppressLint("DiscouragedApi") // names, not R ids, are the app's convention (README)
    private fun id(name: String): Int = synchronized(ids) {
        ids.getOrPut(name) { resources.getIdentifier(name, "string", packageName) }
    }

    override fun get(key: Str, vararg args: Any): String {
        val id = id(key.key)
        if (id == 0) return "[${key.key}]"
        return if (args.isEmpty()) resources.getString(id) else resources.getString(id, *args)
    }

    override fun has(key: Str): Boolean = id(key.key) != 0
}
