package vn.ishc.app.members

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
import vn.ishc.core.ClubStore
import vn.ishc.core.Household
import vn.ishc.core.IshcException
import vn.ishc.core.Membership
import vn.ishc.core.NewMember
import vn.ishc.core.Registration
import vn.ishc.core.Role
import vn.ishc.core.Sex
import vn.ishc.core.parsePhone

/** The typed fields of the registration form, by the core's field names. */
enum class MemberField(val key: String) {
    FullName("fullName"),
    Birth("birth"),
    Ethnicity("ethnicity"),
    Hamlet("hamlet"),
    Phone("phone"),
    JoinedOn("joinedOn"),
}

/** What the registration screen shows. */
data class MemberFormState(
    /**
     * Typed text by field: the name; birth as a year `1950` or a date
     * `21/03/1950`; the ethnic group by name (`Kinh`, `Khmer`, `Hoa`,
     * `Chăm`, one of the 54); hamlet; phone as written (optional); join
     * date `dd/MM/yyyy` (today by default).
     */
    val fields: Map<MemberField, String> = emptyMap(),
    /** `null` until chosen (the form does not guess). */
    val sex: Sex? = null,
    /** Household poverty status; `null` until chosen (it counts in the club's targets). */
    val household: Household? = null,
    val disabled: Boolean = false,
    val livesAlone: Boolean = false,
    val roles: Set<Role> = emptySet(),
    val membership: Membership = Membership.MEMBER,
    /**
     * The phone typed so far in its national display form (`0943 733 416`)
     * once the core accepts it, else `null`; its error, once the number is
     * complete, is in [errors] under `phone`.
     */
    val phoneDisplay: String? = null,
    val errors: FormErrors = FormErrors(),
    /**
     * The registration just saved (the form is then empty again), with the
     * people it may duplicate: those were flagged for review, nothing was
     * merged.
     */
    val registered: Registration? = null,
    /** Whether the form was filled from a draft left by an earlier session. */
    val restoredDraft: Boolean = false,
    /** A registration is under way (the save button is then disabled; another save is ignored). */
    val busy: Boolean = false,
) {
    operator fun get(f: MemberField): String = fields[f].orEmpty()
}

/**
 * Registering a person (*đăng ký hội viên*): name, sex, birth year or
 * date, ethnic group, household status, disability, living alone, hamlet,
 * phone (checked as it is typed, with the core's [parsePhone]), join date,
 * roles and membership. Every change is kept as a draft ([DRAFT]); saving
 * registers through `ClubStore.registerMember`, whose refusals land under
 * their fields (`fullName`, `birth`, `ethnicity`, `phone`, `joinedOn`, …).
 *
 * A possible double registration (same name ignoring case, diacritics and
 * spacing, same birth year and hamlet) is still registered; the core
 * flags the pair for review and [MemberFormState.registered] lists the
 * people it may duplicate.
 *
 * Needs an acting member on the store, or none (local administration may
 * register people). Calls the store synchronously.
 */
class MemberFormModel(private val store: ClubStore, private val drafts: Drafts) {
    private val _state = MutableStateFlow(MemberFormState())

    /** The screen's state. */
    val state: StateFlow<MemberFormState> = _state.asStateFlow()

    init {
        val draft = drafts.load(DRAFT)
        _state.value = if (draft != null) fromDraft(draft) else blank()
        recheckPhone()
    }

    fun setField(f: MemberField, value: String) {
        edit { it.copy(fields = it.fields + (f to value), errors = it.errors.without(f.key)) }
        if (f == MemberField.Phone) recheckPhone()
    }

    fun setSex(sex: Sex) = edit { it.copy(sex = sex, errors = it.errors.without("sex")) }

    fun setHousehold(h: Household) = edit { it.copy(household = h, errors = it.errors.without("household")) }

    fun setDisabled(disabled: Boolean) = edit { it.copy(disabled = disabled) }

    fun setLivesAlone(alone: Boolean) = edit { it.copy(livesAlone = alone) }

    fun toggleRole(r: Role) = edit { it.copy(roles = if (r in it.roles) it.roles - r else it.roles + r) }

    fun setMembership(m: Membership) = edit { it.copy(membership = m) }

    /** Drops the draft and empties the form. */
    fun discard() {
        drafts.clear(DRAFT)
        _state.value = blank()
    }

    /**
     * Registers the person. On success the draft is removed, the form is
     * empty again and [MemberFormState.registered] holds the registration;
     * on a refusal the errors are set and nothing was written. Returns
     * whether the person was registered.
     *
     * Ignored (returns `false`, the state unchanged) while another save is
     * under way, and right after a success until something is typed: a
     * second tap on Save reaches the emptied form, and the notice stays.
     */
    fun save(): Boolean = _state.saveOnce({ it.busy || it.registered != null }, { s, b -> s.copy(busy = b) }, ::write)

    private fun write(s: MemberFormState): Boolean {
        val local = localErrors(s)
        if (!local.isEmpty) {
            _state.update { it.copy(errors = local, registered = null) }
            return false
        }
        return try {
            val registration = store.registerMember(
                NewMember(
                    fullName = s[MemberField.FullName].trim(),
                    sex = s.sex!!,
                    birth = s[MemberField.Birth].trim(),
                    ethnicity = s[MemberField.Ethnicity].trim(),
                    household = s.household!!,
                    disabled = s.disabled,
                    livesAlone = s.livesAlone,
                    hamlet = s[MemberField.Hamlet].trim(),
                    phone = s[MemberField.Phone].trim().ifEmpty { null },
                    joinedOn = s[MemberField.JoinedOn].trim().ifEmpty { null },
                    roles = Role.entries.filter { it in s.roles },
                    membership = s.membership,
                ),
            )
            drafts.clear(DRAFT)
            _state.value = blank().copy(registered = registration)
            true
        } catch (e: IshcException) {
            _state.update { it.copy(errors = FormErrors.of(e, FORM_FIELDS), registered = null) }
            false
        }
    }

    private fun edit(f: (MemberFormState) -> MemberFormState) {
        _state.update { f(it).copy(registered = null) }
        saveDraft()
    }

    /**
     * The phone as typed, through the core: its display form when valid;
     * its error once the number has all its digits (10 for a mobile, 11
     * for a landline), or at once for a character that is never part of
     * a number. `0943 7` is not an error while typing.
     */
    private fun recheckPhone() {
        val typed = _state.value[MemberField.Phone].trim()
        if (typed.isEmpty()) {
            _state.update { it.copy(phoneDisplay = null, errors = it.errors.without("phone")) }
            return
        }
        try {
            val p = parsePhone(typed)
            _state.update { it.copy(phoneDisplay = p.display, errors = it.errors.without("phone")) }
        } catch (e: IshcException) {
            val show = e is IshcException.Invalid && (e.code == "phone.invalid_char" || nationalDigits(typed) >= 10)
            _state.update {
                it.copy(
                    phoneDisplay = null,
                    errors = if (show) FormErrors(it.errors.fields + FormErrors.of(e, FORM_FIELDS).fields, it.errors.form) else it.errors.without("phone"),
                )
            }
        }
    }

    /** What is checked before calling the core: the two choices the core needs. */
    private fun localErrors(s: MemberFormState): FormErrors {
        val errors = LinkedHashMap<String, UiText>()
        if (s.sex == null) errors["sex"] = text("members_error_sex")
        if (s.household == null) errors["household"] = text("members_error_household")
        return FormErrors(fields = errors)
    }

    private fun saveDraft() {
        val s = _state.value
        val m = LinkedHashMap<String, String>()
        s.fields.forEach { (f, v) -> m[f.key] = v }
        s.sex?.let { m["sex"] = it.name }
        s.household?.let { m["household"] = it.name }
        m["disabled"] = s.disabled.toString()
        m["livesAlone"] = s.livesAlone.toString()
        m["roles"] = s.roles.joinToString(",") { it.name }
        m["membership"] = s.membership.name
        drafts.save(DRAFT, m)
    }

    private fun fromDraft(d: Map<String, String>): MemberFormState = MemberFormState(
        fields = MemberField.entries.mapNotNull { f -> d[f.key]?.let { f to it } }.toMap(),
        sex = Sex.entries.firstOrNull { it.name == d["sex"] },
        household = Household.entries.firstOrNull { it.name == d["household"] },
        disabled = d["disabled"] == "true",
        livesAlone = d["livesAlone"] == "true",
        roles = d["roles"].orEmpty().split(',').mapNotNull { n -> Role.entries.firstOrNull { it.name == n } }.toSet(),
        membership = Membership.entries.firstOrNull { it.name == d["membership"] } ?: Membership.MEMBER,
        restoredDraft = true,
    )

    private fun blank() = MemberFormState(
        fields = mapOf(MemberField.JoinedOn to Format.date(store.today())),
    )

    companion object {
        /** The draft's key in [Drafts]. */
        const val DRAFT = "member_registration"
        private val FORM_FIELDS = setOf("sex", "household") + MemberField.entries.map { it.key }

        /** Digits of a number in national form: `+84 943…` counts as `0943…`. */
        private fun nationalDigits(typed: String): Int {
            val digits = typed.filter { it.isDigit() }
            return if (typed.startsWith("+") && digits.startsWith("84")) digits.length - 1 else digits.length
        }
    }
}
