package vn.ishc.app.android

import android.app.LocaleManager
import android.content.Context
import android.os.Build
import android.os.LocaleList
import java.util.UUID
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.settings.AppLanguage
import vn.ishc.app.settings.SettingsPrefs
import vn.ishc.app.settings.TextSize

/** The app's settings, as one value. */
data class Settings(
    /** The app's language: `vi` (the default) or `en`. */
    val language: String = SettingsStore.DEFAULT_LANGUAGE,
    /** Text size, multiplying the system font scale: one of [SettingsStore.TEXT_SCALES] (1.0, 1.15, 1.3, 1.5). */
    val textScale: Float = 1f,
    /** The member acting on this phone (the core's member id), or `null` until one is picked. */
    val actingMemberId: String? = null,
)

/**
 * The app's settings, kept in the private SharedPreferences file
 * `settings`: language, text size, the acting member, and this install's
 * device id. Read once when made (a small file: made in
 * `Application.onCreate`); written with `apply()`, which returns at once
 * and writes in the background. [state] follows every change made here.
 *
 * On Android 13 and later the language is also the app's per-app language
 * in the system settings (`android:localeConfig`): a choice made there is
 * taken over when the app starts, and a choice made here is passed on.
 *
 * The settings screen's model ([vn.ishc.app.settings.SettingsModel]) reads
 * and writes the three settings through [SettingsPrefs]; [AppServices]
 * applies the acting member to the store when it opens it.
 *
 * Errors: the setters throw [IllegalArgumentException] for a language other
 * than `vi`/`en` or a text size not in [TEXT_SCALES].
 */
class SettingsStore(private val context: Context) : SettingsPrefs {
    private val prefs = context.getSharedPreferences("settings", Context.MODE_PRIVATE)
    private val _state = MutableStateFlow(read())

    /** The current settings. */
    val state: StateFlow<Settings> = _state.asStateFlow()

    /**
     * This install's device id (`android-<uuid>`), made on first use and
     * then kept: the core names this phone's operations with it until the
     * phone is enrolled. Never backed up or transferred (see the backup
     * rules), so a restored or cloned phone gets a new one.
     */
    val deviceId: String
        @Synchronized get() = prefs.getString(KEY_DEVICE_ID, null) ?: ("android-" + UUID.randomUUID()).also {
            // commit(), not apply(): the id must be on disk before the store uses it.
            prefs.edit().putString(KEY_DEVICE_ID, it).commit()
        }

    /** The language (`vi` or `en`); setting it redraws the screens in it at once. */
    override var language: String
        get() = _state.value.language
        set(tag) {
            require(tag in LANGUAGES) { "language '$tag': use one of $LANGUAGES" }
            prefs.edit().putString(KEY_LANGUAGE, tag).apply()
            _state.update { it.copy(language = tag) }
            if (Build.VERSION.SDK_INT >= 33) {
                context.getSystemService(LocaleManager::class.java)?.applicationLocales = LocaleList.forLanguageTags(tag)
            }
        }

    /** The text size, one of [TEXT_SCALES]. */
    override var textScale: Float
        get() = _state.value.textScale
        set(scale) {
            require(scale in TEXT_SCALES) { "text size $scale: use one of $TEXT_SCALES" }
            prefs.edit().putFloat(KEY_TEXT_SCALE, scale).apply()
            _state.update { it.copy(textScale = scale) }
        }

    /**
     * Who is acting on this phone (a member id), or nobody. Only the
     * setting: the settings screen applies it to the store
     * ([vn.ishc.core.ClubStore.setActingMember]), and [AppServices] applies
     * it when it opens the store.
     */
    override var actingMemberId: String?
        get() = _state.value.actingMemberId
        set(id) {
            val editor = prefs.edit()
            if (id == null) editor.remove(KEY_ACTING) else editor.putString(KEY_ACTING, id)
            editor.apply()
            _state.update { it.copy(actingMemberId = id) }
        }

    private fun read(): Settings {
        val stored = prefs.getString(KEY_LANGUAGE, null)?.takeIf { it in LANGUAGES }
        val language = systemAppLanguage() ?: stored ?: DEFAULT_LANGUAGE
        if (language != stored) prefs.edit().putString(KEY_LANGUAGE, language).apply()
        return Settings(
            language = language,
            textScale = prefs.getFloat(KEY_TEXT_SCALE, 1f).takeIf { it in TEXT_SCALES } ?: 1f,
            actingMemberId = prefs.getString(KEY_ACTING, null),
        )
    }

    /** The per-app language chosen in the system settings (Android 13+), if it is one the app has. */
    private fun systemAppLanguage(): String? {
        if (Build.VERSION.SDK_INT < 33) return null
        val locales = context.getSystemService(LocaleManager::class.java)?.applicationLocales ?: return null
        if (locales.isEmpty) return null
        return locales[0]?.language?.takeIf { it in LANGUAGES }
    }

    companion object {
        /** Vietnamese: the users' language, and the resources' default (`values/`). */
        val DEFAULT_LANGUAGE = AppLanguage.VI.tag

        /** The languages the app has strings for (the settings screen's). */
        val LANGUAGES = AppLanguage.entries.map { it.tag }

        /** The text sizes offered, as multipliers of the system font scale (the settings screen's). */
        val TEXT_SCALES = TextSize.entries.map { it.scale }

        private const val KEY_LANGUAGE = "language"
        private const val KEY_TEXT_SCALE = "text_scale"
        private const val KEY_ACTING = "acting_member_id"
        private const val KEY_DEVICE_ID = "device_id"
    }
}
