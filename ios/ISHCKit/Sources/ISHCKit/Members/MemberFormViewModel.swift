import Foundation
import IshcCore

/// The typed fields of the registration form, by the core's field names.
public enum MemberField: String, Sendable, CaseIterable {
    case fullName
    /// A year `1950` or a date `21/03/1950`.
    case birth
    /// The ethnic group by name (`Kinh`, `Khmer`, `Hoa`, `Chăm`, one of the 54).
    case ethnicity
    case hamlet
    /// As written (optional); checked as it is typed.
    case phone
    /// `dd/MM/yyyy`; today by default.
    case joinedOn

    /// The field's name as the core and the draft name it.
    public var key: String { rawValue }
}

/// What the registration screen shows.
public struct MemberFormState: Sendable, Equatable {
    /// Typed text by field.
    public var fields: [MemberField: String] = [:]
    /// `nil` until chosen (the form does not guess).
    public var sex: Sex?
    /// Household poverty status; `nil` until chosen (it counts in the club's targets).
    public var household: Household?
    public var disabled = false
    public var livesAlone = false
    public var roles: Set<Role> = []
    public var membership: Membership = .member
    /// The phone typed so far in its national display form (`0943 733 416`)
    /// once the core accepts it, else `nil`; its error, once the number is
    /// complete, is in ``errors`` under `phone`.
    public var phoneDisplay: String?
    public var errors = FormErrors()
    /// The registration just saved (the form is then empty again), with the
    /// people it may duplicate: those were flagged for review, nothing was merged.
    public var registered: Registration?
    /// Whether the form was filled from a draft left by an earlier session.
    public var restoredDraft = false
    /// A save is under way (the save button is then disabled; another save is ignored).
    public var busy = false

    public init() {}

    /// The text typed in `field` (empty if none).
    public subscript(field: MemberField) -> String { fields[field] ?? "" }
}

/// Registering a person (*đăng ký hội viên*): name, sex, birth year or
/// date, ethnic group, household status, disability, living alone, hamlet,
/// phone (checked as it is typed, with the core's `parsePhone`), join date,
/// roles and membership. Every change is kept as a draft (``draftKey``);
/// saving registers through `ClubStore.registerMember`, whose refusals land
/// under their fields (`fullName`, `birth`, `ethnicity`, `phone`, `joinedOn`, …).
/// The Android app's `MemberFormModel`.
///
/// A possible double registration (same name ignoring case, diacritics and
/// spacing, same birth year and hamlet) is still registered; the core flags
/// the pair for review and ``MemberFormState/registered`` lists the people
/// it may duplicate.
///
/// Needs an acting member on the store, or none (local administration may
/// register people).
public final class MemberFormViewModel: ViewModel<MemberFormState> {
    /// The draft's key in ``Drafts``.
    public static let draftKey = "member_registration"

    private let store: ClubStore
    private let drafts: any Drafts
    private static let formFields: Set<String> = Set(["sex", "household"] + MemberField.allCases.map(\.key))

    public init(store: ClubStore, drafts: any Drafts) {
        self.store = store
        self.drafts = drafts
        super.init(state: MemberFormState())
        state = drafts.load(Self.draftKey).map(Self.fromDraft) ?? blank()
        recheckPhone()
    }

    public func setField(_ field: MemberField, _ value: String) {
        edit {
            $0.fields[field] = value
            $0.errors = $0.errors.without(field.key)
        }
        if field == .phone { recheckPhone() }
    }

    public func setSex(_ sex: Sex) {
        edit {
            $0.sex = sex
            $0.errors = $0.errors.without("sex")
        }
    }

    public func setHousehold(_ household: Household) {
        edit {
            $0.household = household
            $0.errors = $0.errors.without("household")
        }
    }

    public func setDisabled(_ disabled: Bool) { edit { $0.disabled = disabled } }

    public func setLivesAlone(_ alone: Bool) { edit { $0.livesAlone = alone } }

    public func toggleRole(_ role: Role) {
        edit { if $0.roles.contains(role) { $0.roles.remove(role) } else { $0.roles.insert(role) } }
    }

    public func setMembership(_ membership: Membership) { edit { $0.membership = membership } }

    /// Drops the draft and empties the form.
    public func discard() {
        drafts.clear(Self.draftKey)
        state = blank()
    }

    /// Registers the person. On success the draft is removed, the form is
    /// empty again and ``MemberFormState/registered`` holds the
    /// registration; on a refusal the errors are set and nothing was
    /// written. Returns whether the person was registered.
    ///
    /// Ignored (`false`, nothing changes) while a save is under way and on
    /// the form a registration just emptied: a second tap keeps the
    /// "registered" notice rather than asking for the sex and household.
    @discardableResult
    public func save() -> Bool {
        guard !state.busy, state.registered == nil else { return false }
        update { $0.busy = true }
        defer { update { $0.busy = false } }
        let s = state
        let local = localErrors(s)
        guard local.isEmpty, let sex = s.sex, let household = s.household else {
            update {
                $0.errors = local
                $0.registered = nil
            }
            return false
        }
        do {
            let phone = s[.phone].trimmed
            let joinedOn = s[.joinedOn].trimmed
            let registration = try store.registerMember(member: NewMember(
                fullName: s[.fullName].trimmed,
                sex: sex,
                birth: s[.birth].trimmed,
                ethnicity: s[.ethnicity].trimmed,
                household: household,
                disabled: s.disabled,
                livesAlone: s.livesAlone,
                hamlet: s[.hamlet].trimmed,
                phone: phone.isEmpty ? nil : phone,
                joinedOn: joinedOn.isEmpty ? nil : joinedOn,
                roles: Role.allCases.filter { s.roles.contains($0) },
                membership: s.membership
            ))
            drafts.clear(Self.draftKey)
            var fresh = blank()
            fresh.registered = registration
            state = fresh
            return true
        } catch {
            update {
                $0.errors = FormErrors.of(error, formFields: Self.formFields)
                $0.registered = nil
            }
            return false
        }
    }

    private func edit(_ change: (inout MemberFormState) -> Void) {
        update {
            change(&$0)
            $0.registered = nil
        }
        saveDraft()
    }

    /// The phone as typed, through the core: its display form when valid;
    /// its error once the number has all its digits (10 for a mobile, 11
    /// for a landline), or at once for a character that is never part of a
    /// number. `0943 7` is not an error while typing.
    private func recheckPhone() {
        let typed = state[.phone].trimmed
        guard !typed.isEmpty else {
            update {
                $0.phoneDisplay = nil
                $0.errors = $0.errors.without("phone")
            }
            return
        }
        do {
            let p = try parsePhone(text: typed)
            update {
                $0.phoneDisplay = p.display
                $0.errors = $0.errors.without("phone")
            }
        } catch {
            var show = false
            if case let .Invalid(code, _, _)? = error as? IshcError {
                show = code == "phone.invalid_char" || Self.nationalDigits(typed) >= 10
            }
            let shown = FormErrors.of(error, formFields: Self.formFields).fields
            update {
                $0.phoneDisplay = nil
                if show {
                    $0.errors.fields.merge(shown) { _, new in new }
                } else {
                    $0.errors = $0.errors.without("phone")
                }
            }
        }
    }

    /// What is checked before calling the core: the two choices the core needs.
    private func localErrors(_ s: MemberFormState) -> FormErrors {
        var errors: [String: UiText] = [:]
        if s.sex == nil { errors["sex"] = .res("members_error_sex") }
        if s.household == nil { errors["household"] = .res("members_error_household") }
        return FormErrors(fields: errors)
    }

    private func saveDraft() {
        let s = state
        var m: [String: String] = [:]
        for (f, v) in s.fields { m[f.key] = v }
        if let sex = s.sex { m["sex"] = sex.name }
        if let household = s.household { m["household"] = household.name }
        m["disabled"] = String(s.disabled)
        m["livesAlone"] = String(s.livesAlone)
        m["roles"] = Role.allCases.filter { s.roles.contains($0) }.map(\.name).joined(separator: ",")
        m["membership"] = s.membership.name
        drafts.save(Self.draftKey, m)
    }

    nonisolated private static func fromDraft(_ d: [String: String]) -> MemberFormState {
        var s = MemberFormState()
        for f in MemberField.allCases { s.fields[f] = d[f.key] }
        s.sex = Sex.allCases.first { $0.name == d["sex"] }
        s.household = Household.allCases.first { $0.name == d["household"] }
        s.disabled = d["disabled"] == "true"
        s.livesAlone = d["livesAlone"] == "true"
        let roles = Set((d["roles"] ?? "").split(separator: ",").map(String.init))
        s.roles = Set(Role.allCases.filter { roles.contains($0.name) })
        s.membership = Membership.allCases.first { $0.name == d["membership"] } ?? .member
        s.restoredDraft = true
        return s
    }

    private func blank() -> MemberFormState {
        var s = MemberFormState()
        if let today = try? store.today() { s.fields[.joinedOn] = Format.date(today) }
        return s
    }

    /// Digits of a number in national form: `+84 943…` counts as `0943…`.
    nonisolated static func nationalDigits(_ typed: String) -> Int {
        let digits = typed.filter { $0.isASCII && $0.isNumber }
        return typed.hasPrefix("+") && digits.hasPrefix("84") ? digits.count - 1 : digits.count
    }
}
