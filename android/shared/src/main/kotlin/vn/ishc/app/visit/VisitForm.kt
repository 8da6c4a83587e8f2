package vn.ishc.app.visit

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.forms.saveOnce
import vn.ishc.app.drafts.Drafts
import vn.ishc.app.format.Format
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.BpFlag
import vn.ishc.core.ClubStoreInterface
import vn.ishc.core.IshcException
import vn.ishc.core.NewVisit
import vn.ishc.core.Service
import vn.ishc.core.VisitInfo
import vn.ishc.core.checkReadings

/** A care recipient to pick, with when they were last visited. */
data class RecipientChoice(
    val id: String,
    val name: String,
    /** `dd/MM/yyyy` of the last visit, or `null` if never visited. */
    val lastVisit: String?,
    /** Days since the last visit, or `null` if never visited. */
    val daysSince: Long?,
)

/** The typed fields of the visit form (what a draft keeps). */
enum class VisitField(val key: String) {
    StartedAt("startedAt"),
    Duration("durationMin"),
    Systolic("systolic"),
    Diastolic("diastolic"),
    Pulse("pulse"),
    Glucose("glucoseMmolL"),
    Weight("weightKg"),
    Notes("notes"),
}

/** What the visit screen shows. */
data class VisitFormState(
    /** Care recipients due first (never visited, then longest since). */
    val recipients: List<RecipientChoice> = emptyList(),
    val recipientId: String? = null,
    val services: Set<Service> = emptySet(),
    /** Typed text by field; readings in mmHg, beats/min, mmol/L and kg. */
    val fields: Map<VisitField, String> = emptyMap(),
    /** The flag of the readings typed so far, shown at once: `null` until both pressures are in. */
    val bpFlag: BpFlag? = null,
    val errors: FormErrors = FormErrors(),
    /** The visit just saved (the form is then empty again). */
    val saved: VisitInfo? = null,
    /** Whether the form was filled from a draft left by an earlier session. */
    val restoredDraft: Boolean = false,
    /** A save is under way (the save button is then disabled; another save is ignored). */
    val busy: Boolean = false,
) {
    operator fun get(f: VisitField): String = fields[f].orEmpty()

    /** The picked recipient's name. */
    val recipientName: String? get() = recipients.firstOrNull { it.id == recipientId }?.name
}

/**
 * The home-care visit form (*ghi nhận thăm tại nhà*): pick a recipient,
 * services as chips, optional readings with the hypertension and crisis
 * flags shown as they are typed, notes. Every change is saved as a draft
 * (so a killed app loses nothing); saving logs the visit through the core,
 * whose refusals land next to their fields.
 *
 * Calls the store synchronously: the Android ViewModel calls it off the
 * main thread. Readings use the core's own check ([checkReadings]), so the
 * flag on screen is the flag the visit will carry (hypertension from
 * 140/90 mmHg, crisis from 180/120 mmHg).
 */
class VisitFormModel(
    private val store: ClubStoreInterface,
    /** The volunteer logging (the acting member). */
    private val volunteerId: String,
    private val drafts: Drafts,
    /**
     * The care recipient the form is opened for (the home page's due
     * list), or `null` for the volunteer to pick. A draft is used only if
     * it is for this person, or when no one is given: a draft left for
     * someone else is not merged into this visit (the form starts blank;
     * the draft stays until something is typed here).
     */
    recipientId: String? = null,
    /** How many days without a visit makes a recipient due (home page and picker order). */
    private val dueDays: UInt = 7u,
) {
    private val _state = MutableStateFlow(VisitFormState())

    /** The screen's state. */
    val state: StateFlow<VisitFormState> = _state.asStateFlow()

    init {
        val draft = drafts.load(DRAFT)?.takeIf { recipientId == null || it["recipientId"] == recipientId }
        val start = if (draft != null) fromDraft(draft) else blank()
        _state.value = if (recipientId != null) start.copy(recipientId = recipientId) else start
        refreshRecipients()
        recheckReadings()
    }

    /** Reloads the recipients (after a sync, or on returning to the screen). */
    fun refreshRecipients() {
        val due = runCatching { store.recipientsDue(0u, null) }.getOrDefault(emptyList())
        _state.update { s ->
            s.copy(
                recipients = due.map {
                    RecipientChoice(it.member.id, it.member.fullName, it.lastVisitOn?.let(Format::date), it.daysSince)
                },
            )
        }
    }

    fun pickRecipient(id: String) = edit { it.copy(recipientId = id, errors = it.errors.without("recipientId")) }

    fun toggleService(s: Service) = edit {
        it.copy(services = if (s in it.services) it.services - s else it.services + s, errors = it.errors.without("services"))
    }

    fun setField(f: VisitField, value: String) {
        edit { it.copy(fields = it.fields + (f to value), errors = it.errors.without(f.key)) }
        if (f in READINGS) recheckReadings()
    }

    /** Drops the draft and empties the form. */
    fun discard() {
        drafts.clear(DRAFT)
        _state.update { blank().copy(recipients = it.recipients) }
    }

    /**
     * Logs the visit. On success the draft is removed and [VisitFormState.saved]
     * holds the visit; on a refusal the errors are set and nothing was written.
     * Returns whether it was saved.
     *
     * Ignored (returns `false`, the state unchanged) while another save is
     * under way, and right after a success until something is typed: a
     * second tap on Save reaches the emptied form, and the notice stays.
     */
    fun save(): Boolean = _state.saveOnce({ it.busy || it.saved != null }, { s, b -> s.copy(busy = b) }, ::write)

    private fun write(s: VisitFormState): Boolean {
        val local = localErrors(s)
        if (!local.isEmpty) {
            _state.update { it.copy(errors = local, saved = null) }
            return false
        }
        return try {
            val visit = store.logVisit(
                NewVisit(
                    volunteerId = volunteerId,
                    recipientId = s.recipientId!!,
                    startedAt = s[VisitField.StartedAt],
                    durationMin = s[VisitField.Duration].trim().toUInt(),
                    services = Service.entries.filter { it in s.services },
                    systolic = s[VisitField.Systolic].reading(),
                    diastolic = s[VisitField.Diastolic].reading(),
                    pulse = s[VisitField.Pulse].reading(),
                    glucoseMmolL = s[VisitField.Glucose].decimal(),
                    weightKg = s[VisitField.Weight].decimal(),
                    notes = s[VisitField.Notes],
                ),
            )
            drafts.clear(DRAFT)
            _state.update { blank().copy(recipients = it.recipients, saved = visit) }
            refreshRecipients()
            true
        } catch (e: IshcException) {
            _state.update { it.copy(errors = FormErrors.of(e, FORM_FIELDS), saved = null) }
            false
        }
    }

    private fun edit(f: (VisitFormState) -> VisitFormState) {
        _state.update { f(it).copy(saved = null) }
        saveDraft()
    }

    private fun recheckReadings() {
        val s = _state.value
        val sys = s[VisitField.Systolic].reading()
        val dia = s[VisitField.Diastolic].reading()
        val flag = try {
            if (sys != null && dia != null) checkReadings(sys, dia, null, null, null) else null
        } catch (e: IshcException) {
            null // shown when saving; while typing 12 on the way to 120 is not an error
        }
        _state.update { it.copy(bpFlag = flag) }
    }

    /** What is checked before calling the core: a recipient, a service, numbers that are numbers. */
    private fun localErrors(s: VisitFormState): FormErrors {
        val errors = LinkedHashMap<String, UiText>()
        if (s.recipientId == null) errors["recipientId"] = text("visit_error_recipient")
        if (s.services.isEmpty()) errors["services"] = text("visit_error_services")
        val duration = s[VisitField.Duration].trim()
        if (duration.toUIntOrNull() == null) errors[VisitField.Duration.key] = text("error_whole_number")
        for (f in listOf(VisitField.Systolic, VisitField.Diastolic, VisitField.Pulse)) {
            val t = s[f].trim()
            if (t.isNotEmpty() && t.toUShortOrNull() == null) errors[f.key] = text("error_whole_number")
        }
        for (f in listOf(VisitField.Glucose, VisitField.Weight)) {
            val t = s[f].trim()
            if (t.isNotEmpty() && t.decimal() == null) errors[f.key] = text("error_decimal_number")
        }
        return FormErrors(fields = errors)
    }

    private fun saveDraft() {
        val s = _state.value
        val m = LinkedHashMap<String, String>()
        s.recipientId?.let { m["recipientId"] = it }
        m["services"] = s.services.joinToString(",") { it.name }
        s.fields.forEach { (f, v) -> m[f.key] = v }
        drafts.save(DRAFT, m)
    }

    private fun fromDraft(d: Map<String, String>): VisitFormState = VisitFormState(
        recipientId = d["recipientId"],
        services = d["services"].orEmpty().split(',').mapNotNull { n -> Service.entries.firstOrNull { it.name == n } }.toSet(),
        fields = VisitField.entries.mapNotNull { f -> d[f.key]?.let { f to it } }.toMap(),
        restoredDraft = true,
    )

    private fun blank(): VisitFormState {
        val now = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(7))
        return VisitFormState(
            fields = mapOf(
                VisitField.StartedAt to Format.dateTime(now.withSecond(0).withNano(0).toString()),
                VisitField.Duration to "60",
            ),
        )
    }

    companion object {
        /** The draft's key in [Drafts]. */
        const val DRAFT = "visit"
        private val READINGS = setOf(VisitField.Systolic, VisitField.Diastolic)
        private val FORM_FIELDS = setOf("recipientId", "services") + VisitField.entries.map { it.key }
    }
}

private fun String.reading(): UShort? = trim().toUShortOrNull()

/** `6,4` or `6.4` (Vietnamese write a decimal comma). */
private fun String.decimal(): Double? = trim().replace(',', '.').toDoubleOrNull()
