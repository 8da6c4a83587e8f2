package vn.ishc.app.enrol

import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.ClubStore
import vn.ishc.core.Enrolment
import vn.ishc.core.IshcException

/** What the enrolment screen (*đăng ký thiết bị*) shows. */
data class EnrolState(
    /** The provincial server's address, as typed (prefilled). */
    val serverUrl: String = "",
    /** The club's one-time code as printed by the province (`7B41N-09MTW`); case, spaces and dashes do not matter. */
    val code: String = "",
    /** A short name for this phone (`Máy chị Lan`), shown to the province. */
    val deviceName: String = "",
    /** The call to the server is under way (the button is then disabled). */
    val busy: Boolean = false,
    val errors: FormErrors = FormErrors(),
    /** The enrolment once it succeeded: the club's name and this phone's new device id. */
    val enrolled: Enrolment? = null,
)

/**
 * Enrolling the phone with the provincial server on first start (*đăng ký
 * thiết bị*): the server's address (prefilled from [defaultServerUrl]), the
 * club's one-time enrolment code (from `ishc-server code issue`), the
 * phone's name. On success the club's name is shown; the app then syncs to
 * receive the club's records.
 *
 * The store must be new and empty (`enrol.not_empty` otherwise). Refusals
 * land on their fields: `enrol.code_unknown`, `enrol.code_used`,
 * `enrol.code_expired` on the code, `enrol.device_name` on the name,
 * `sync.network` (wrong address, no connection) and other server errors on
 * the address.
 */
class EnrolModel(private val store: ClubStore, defaultServerUrl: String, deviceName: String = "") {
    private val _state = MutableStateFlow(EnrolState(serverUrl = defaultServerUrl, deviceName = deviceName))

    /** The screen's state. */
    val state: StateFlow<EnrolState> = _state.asStateFlow()

    /** Set while [enrol] runs: taken atomically, so two calls at once cannot both enrol. */
    private val running = AtomicBoolean(false)

    fun setServerUrl(v: String) = _state.update { it.copy(serverUrl = v, errors = it.errors.without(SERVER)) }

    fun setCode(v: String) = _state.update { it.copy(code = v, errors = it.errors.without(CODE)) }

    fun setDeviceName(v: String) = _state.update { it.copy(deviceName = v, errors = it.errors.without(NAME)) }

    /**
     * Enrols this phone (the core's suspend `enrol`). Returns whether it
     * succeeded; then [EnrolState.enrolled] holds the club. A second call
     * while one runs does nothing and returns `false`.
     */
    suspend fun enrol(): Boolean {
        if (!running.compareAndSet(false, true)) return false
        try {
            val s = _state.value
            if (s.enrolled != null) return false
            val local = localErrors(s)
            if (!local.isEmpty) {
                _state.update { it.copy(errors = local) }
                return false
            }
            _state.update { it.copy(busy = true, errors = FormErrors()) }
            return try {
                val e = vn.ishc.core.enrol(store, serverAddress(s.serverUrl), s.code.trim(), s.deviceName.trim())
                _state.update { it.copy(busy = false, enrolled = e) }
                true
            } catch (e: IshcException) {
                _state.update { it.copy(busy = false, errors = errorsOf(e)) }
                false
            }
        } finally {
            running.set(false)
        }
    }

    private fun localErrors(s: EnrolState): FormErrors {
        val errors = LinkedHashMap<String, UiText>()
        if (s.serverUrl.isBlank()) errors[SERVER] = text("enrol_error_server")
        if (s.code.isBlank()) errors[CODE] = text("enrol_error_code")
        if (s.deviceName.isBlank()) errors[NAME] = UiText.Error("enrol.device_name", "a device name is required")
        return FormErrors(fields = errors)
    }

    companion object {
        const val SERVER = "serverUrl"
        const val CODE = "code"
        const val NAME = "deviceName"

        /** The core's refusals by field: the code's, the name's, the rest on the address (network, server). */
        fun errorsOf(e: IshcException): FormErrors = when (e) {
            is IshcException.Sync -> {
                val field = when {
                    e.code.startsWith("enrol.code") -> CODE
                    e.code == "enrol.device_name" -> NAME
                    e.code.startsWith("sync.") -> SERVER
                    else -> null
                }
                if (field != null) FormErrors(fields = mapOf(field to UiText.Error(e.code, e.reason)))
                else FormErrors(form = UiText.Error(e.code, e.reason))
            }
            is IshcException.Invalid -> FormErrors.of(e, setOf(SERVER, CODE, NAME))
            else -> FormErrors.of(e, emptySet())
        }

        /**
         * The address as typed, trimmed, without a trailing `/`, and with
         * `https://` in front when no scheme was typed (`tinh.example.vn`).
         */
        fun serverAddress(typed: String): String {
            val t = typed.trim().trimEnd('/')
            return if (t.contains("://")) t else "https://$t"
        }
    }
}
