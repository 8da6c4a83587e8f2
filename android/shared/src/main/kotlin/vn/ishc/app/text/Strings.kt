package vn.ishc.app.text

import java.util.Locale

/**
 * The name of a string resource (`visit_save`), as in the app's
 * `res/values/strings*.xml` (and `values-en`). Screens and state holders name strings with it
 * instead of Android's `R.string` ids, so that the same code compiles for
 * Android and, for the Linux checks, for Compose on the desktop.
 *
 * A test (`StringsTest`) reads every `Str("…")` in the sources and fails if
 * a name is missing from the Vietnamese or the English resources.
 */
@JvmInline
value class Str(val key: String)

/**
 * Text for the screen: a string resource with its format arguments, or text
 * that is shown as it is (a member's name, a note). State holders produce
 * it; screens turn it into a string with [Strings.text].
 */
sealed interface UiText {
    /** A resource [key] formatted with [args] (`%1$s`, `%2$d`, as Android formats them). */
    data class Res(val key: Str, val args: List<Any> = emptyList()) : UiText

    /** Text shown as given. */
    data class Raw(val text: String) : UiText

    /**
     * A refusal from the core: the translation of [code] (`error_money_fraction`
     * for `money.fraction`), or, for a code with no translation yet, the
     * generic `error_unknown` with the core's English [reason].
     */
    data class Error(val code: String, val reason: String) : UiText {
        /** The resource name of [code]'s translation. */
        val key: Str get() = Str("error_" + code.replace('.', '_'))
    }
}

/** A resource with arguments, for state holders: `text("repay_saved", amount)`. */
fun text(key: String, vararg args: Any): UiText = UiText.Res(Str(key), args.toList())

/** The app's strings in one language. */
interface Strings {
    /** The language's tag: `vi` or `en`. */
    val language: String

    /**
     * The string named [key], formatted with [args] when there are any.
     * A name with no string in this language gives the name itself in
     * brackets (`[visit_save]`), so a gap shows on screen and in tests
     * rather than crashing the app.
     */
    operator fun get(key: Str, vararg args: Any): String

    /** Whether [key] has a string in this language. */
    fun has(key: Str): Boolean

    /** [UiText] as a string. */
    fun text(t: UiText): String = when (t) {
        is UiText.Res -> get(t.key, *t.args.toTypedArray())
        is UiText.Raw -> t.text
        is UiText.Error -> if (has(t.key)) get(t.key) else get(Str("error_unknown"), t.reason)
    }
}

/**
 * Strings from a map of resource name to Android-format string (the parsed
 * `strings.xml`): formats as Android's `getString(id, args)` does, with
 * [java.lang.String.format] in the language's locale.
 */
class MapStrings(override val language: String, private val values: Map<String, String>) : Strings {
    private val locale = Locale.forLanguageTag(language)

    override fun get(key: Str, vararg args: Any): String {
        val s = values[key.key] ?: return "[${key.key}]"
        return if (args.isEmpty()) s else String.format(locale, s, *args)
    }

    override fun has(key: Str): Boolean = key.key in values

    /** Every resource name. */
    val keys: Set<String> get() = values.keys
}
