package vn.ishc.app.settings

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.Str
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.ClubStore
import vn.ishc.core.IshcException
import vn.ishc.core.Membership
import vn.ishc.core.SyncClientInterface

/**
 * Where the settings are kept between runs. Android implements it with
 * `SharedPreferences`; tests and previews use [MemorySettingsPrefs].
 */
interface SettingsPrefs {
    /** The app's language tag: `vi` (the default) or `en`. */
    var language: String

    /** The text size chosen, a multiplier of the system's font scale (1.0 by default; see [TextSize]). */
    var textScale: Float

    /** The member using the phone (the acting member), or `null` for none chosen. */
    var actingMemberId: String?
}

/** Settings in memory (tests, previews). */
class MemorySettingsPrefs(
    override var language: String = AppLanguage.VI.tag,
    override var textScale: Float = TextSize.NORMAL.scale,
    override var actingMemberId: String? = null,
) : SettingsPrefs

/** The app's languages, Vietnamese first. Each is named in its own language. */
enum class AppLanguage(val tag: String, val label: Str) {
    VI("vi", Str("settings_language_vi")),
    EN("en", Str("settings_language_en")),
}

/** The text sizes offered, as multipliers of the system's font scale. */
enum class TextSize(val scale: Float, val label: Str) {
    NORMAL(1.0f, Str("settings_text_normal")),
    LARGE(1.15f, Str("settings_text_large")),
    LARGER(1.3f, Str("settings_text_larger")),
    LARGEST(1.5f, Str("settings_text_largest")),
    ;

    companion object {
        /** The size whose scale is nearest to [scale]. */
        fun of(scale: Float): TextSize = entries.minBy { kotlin.math.abs(it.scale - scale) }
    }
}

/** A person who can be chosen as the one using the phone. */
data class ActingChoice(
    val id: String,
    val name: String,
    /** Their roles, translated (`Thủ quỹ`), or "member"/"care recipient only" when they hold none. */
    val roles: List<UiText>,
)

/** What the settings screen (*cài đặt*) shows. */
data class SettingsState(
    /** `vi` or `en`. */
    val language: String = AppLanguage.VI.tag,
    /** The chosen text size's multiplier (1.0, 1.15, 1.3, 1.5). */
    val textScale: Float = TextSize.NORMAL.scale,
    /** The club's current people, in the core's order (by given name). */
    val members: List<ActingChoice> = emptyList(),
    /** Who is using the phone, or `null` (local administration: may register people, not record money or visits). */
    val actingMemberId: String? = null,
    /** Enrolled with a server. */
    val enrolled: Boolean = false,
    /** The server's address, if enrolled. */
    val serverUrl: String? = null,
    /** This phone's device id. */
    val deviceId: String = "",
    /** An action that failed (the chosen person is no longer there). */
    val message: UiText? = null,
) {
    val textSize: TextSize get() = TextSize.of(textScale)
    val appLanguage: AppLanguage get() = AppLanguage.entries.firstOrNull { it.tag == language } ?: AppLanguage.VI

    /** The acting member's name. */
    val actingName: String? get() = members.firstOrNull { it.id == actingMemberId }?.name
}

/**
 * Settings (*cài đặt*): language, text size, who is using the phone (the
 * acting member, recorded as the author of every change, whose roles the
 * core checks: money needs the treasurer or chair, visits a home-care
 * volunteer or chair), and the enrolment (server, device id).
 *
 * The acting member is not kept by the core across runs: on creation the
 * model sets the one saved in [prefs] on the store, or no one if none was
 * saved or that person is gone (then forgotten), so the app creates this
 * model at start.
 */
class SettingsModel(
    private val store: ClubStore,
    private val prefs: SettingsPrefs,
    /** The sync client, for the server's address; `null` shows the device id only. */
    private val client: SyncClientInterface? = null,
) {
    private val _state = MutableStateFlow(SettingsState())

    /** The screen's state. */
    val state: StateFlow<SettingsState> = _state.asStateFlow()

    init {
        // What the screen shows is who the store records: the saved person, or no one.
        val saved = prefs.actingMemberId
        val acting = if (saved != null && apply(saved)) saved else null
        if (acting == null) {
            apply(null)
            prefs.actingMemberId = null
        }
        _state.value = SettingsState(
            language = AppLanguage.entries.firstOrNull { it.tag == prefs.language }?.tag ?: AppLanguage.VI.tag,
            textScale = TextSize.of(prefs.textScale).scale,
            actingMemberId = acting,
        )
        reload()
    }

    /** Reads the members and the enrolment again (after a sync, or on returning to the screen). */
    fun reload() {
        val members = runCatching { store.listMembers(null, false) }.getOrDefault(emptyList()).map { row ->
            val m = row.member
            ActingChoice(
                id = m.id,
                name = m.fullName,
                roles = m.roles.map { UiText.Res(Str("role_" + it.name.lowercase())) }.ifEmpty {
                    listOf(if (m.membership == Membership.MEMBER) text("settings_role_member") else text("settings_role_recipient_only"))
                },
            )
        }
        val status = client?.let { runCatching { it.status() }.getOrNull() }
        _state.update {
            it.copy(
                members = members,
                enrolled = status?.enrolled ?: false,
                serverUrl = status?.serverUrl,
                deviceId = status?.deviceId ?: runCatching { store.deviceId() }.getOrDefault(""),
            )
        }
    }

    /** Switches the language (`vi` or `en`); the app then shows its strings in it. */
    fun setLanguage(language: AppLanguage) {
        prefs.language = language.tag
        _state.update { it.copy(language = language.tag) }
    }

    /** Chooses the text size. */
    fun setTextSize(size: TextSize) {
        prefs.textScale = size.scale
        _state.update { it.copy(textScale = size.scale) }
    }

    /**
     * Chooses who is using the phone ([id] a member's id, or `null` for
     * local administration) and sets them as the store's acting member.
     * Returns whether it was set; a person no longer in the club gives a
     * message and the list is read again.
     */
    fun pickActingMember(id: String?): Boolean {
        if (!apply(id)) {
            reload()
            return false
        }
        prefs.actingMemberId = id
        _state.update { it.copy(actingMemberId = id, message = null) }
        return true
    }

    private fun apply(id: String?): Boolean = try {
        store.setActingMember(id)
        true
    } catch (e: IshcException) {
        _state.update { it.copy(message = FormErrors.of(e, emptySet()).form) }
        false
    }
}
