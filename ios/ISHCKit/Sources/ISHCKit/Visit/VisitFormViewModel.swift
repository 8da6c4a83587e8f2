import Foundation
import IshcCore

/// A care recipient to pick, with when they were last visited.
public struct RecipientChoice: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// `dd/MM/yyyy` of the last visit, or `nil` if never visited.
    public var lastVisit: String?
    /// Days since the last visit, or `nil` if never visited.
    public var daysSince: Int64?
}

/// The typed fields of the visit form (what a draft keeps), by the core's
/// field names (`IshcError.Invalid.field`).
public enum VisitField: String, Sendable, CaseIterable {
    /// `dd/MM/yyyy HH:mm`, Vietnam time.
    case startedAt
    /// Minutes, 1–720.
    case duration = "durationMin"
    /// Blood pressure, mmHg.
    case systolic
    /// Blood pressure, mmHg.
    case diastolic
    /// Beats per minute.
    case pulse
    /// Blood glucose, mmol/L (`6,4` or `6.4`).
    case glucose = "glucoseMmolL"
    /// Kilograms (`52,5` or `52.5`).
    case weight = "weightKg"
    case notes

    /// The field's name as the core and the draft name it.
    public var key: String { rawValue }
}

/// What the visit screen shows.
public struct VisitFormState: Sendable, Equatable {
    /// Care recipients due first (never visited, then longest since).
    public var recipients: [RecipientChoice] = []
    public var recipientId: String?
    public var services: Set<Service> = []
    /// Typed text by field; readings in mmHg, beats/min, mmol/L and kg.
    public var fields: [VisitField: String] = [:]
    /// The flag of the readings typed so far, shown at once: `nil` until
    /// both pressures are in (and while they are not yet a reading).
    public var bpFlag: BpFlag?
    public var errors = FormErrors()
    /// The visit just saved (the form is then empty again).
    public var saved: VisitInfo?
    /// Whether the form was filled from a draft left by an earlier session.
    public var restoredDraft = false
    /// A save is under way (the save button is then disabled; another save is ignored).
    public var busy = false

    public init() {}

    /// The text typed in `field` (empty if none).
    public subscript(field: VisitField) -> String { fields[field] ?? "" }

    /// The picked recipient's name.
    public var recipientName: String? { recipients.first { $0.id == recipientId }?.name }
}

/// The home-care visit form (*ghi nhận thăm tại nhà*): pick a recipient,
/// services as chips, optional readings with the hypertension and crisis
/// flags shown as they are typed, notes. Every change is saved as a draft
/// (so a killed app loses nothing); saving logs the visit through the core,
/// whose refusals land next to their fields.
///
/// Readings use the core's own check (`checkReadings`), so the flag on
/// screen is the flag the visit will carry (hypertension from 140/90 mmHg,
/// crisis from 180/120 mmHg). The Android app's `VisitFormModel`.
public final class VisitFormViewModel: ViewModel<VisitFormState> {
    /// The draft's key in ``Drafts``.
    public static let draftKey = "visit"

    private let store: ClubStore
    private let volunteerId: String
    private let drafts: any Drafts
    private let now: @Sendable () -> Date
    private static let readings: Set<VisitField> = [.systolic, .diastolic]
    private static let formFields: Set<String> = Set(["recipientId", "services"] + VisitField.allCases.map(\.key))

    /// - Parameters:
    ///   - store: the club's store, with `volunteerId` as its acting member.
    ///   - volunteerId: the volunteer logging the visit.
    ///   - drafts: where the typed text is kept between sessions.
    ///   - now: the clock (the form starts at the current time in Vietnam).
    ///   - recipientId: the care recipient chosen before opening the form
    ///     (the home page's "log a visit" for one person). A draft about
    ///     someone else is not restored: the form starts blank for this
    ///     person (that draft is replaced at the first edit); a draft about
    ///     them, or about no one yet, is restored with them picked. `nil`
    ///     restores any draft as it is.
    public init(
        store: ClubStore, volunteerId: String, drafts: any Drafts, now: @escaping @Sendable () -> Date = Date.init,
        recipientId: String? = nil
    ) {
        self.store = store
        self.volunteerId = volunteerId
        self.drafts = drafts
        self.now = now
        super.init(state: VisitFormState())
        let draft = drafts.load(Self.draftKey).map(Self.fromDraft)
        if let recipientId {
            if let draft, draft.recipientId == nil || draft.recipientId == recipientId {
                state = draft
            } else {
                state = blank()
            }
            update { $0.recipientId = recipientId } // saved with the draft's next change
        } else {
            state = draft ?? blank()
        }
        refreshRecipients()
        recheckReadings()
    }

    /// Reloads the recipients (after a sync, or on returning to the screen).
    /// An error leaves the list as it was.
    public func refreshRecipients() {
        guard let due = try? store.recipientsDue(days: 0, asOf: nil) else { return }
        update {
            $0.recipients = due.map {
                RecipientChoice(id: $0.member.id, name: $0.member.fullName, lastVisit: $0.lastVisitOn.map(Format.date), daysSince: $0.daysSince)
            }
        }
    }

    public func pickRecipient(_ id: String) {
        edit {
            $0.recipientId = id
            $0.errors = $0.errors.without("recipientId")
        }
    }

    public func toggleService(_ service: Service) {
        edit {
            if $0.services.contains(service) { $0.services.remove(service) } else { $0.services.insert(service) }
            $0.errors = $0.errors.without("services")
        }
    }

    public func setField(_ field: VisitField, _ value: String) {
        edit {
            $0.fields[field] = value
            $0.errors = $0.errors.without(field.key)
        }
        if Self.readings.contains(field) { recheckReadings() }
    }

    /// Drops the draft and empties the form.
    public func discard() {
        drafts.clear(Self.draftKey)
        let recipients = state.recipients
        update {
            $0 = blank()
            $0.recipients = recipients
        }
    }

    /// Logs the visit. On success the draft is removed and
    /// ``VisitFormState/saved`` holds the visit; on a refusal the errors are
    /// set and nothing was written. Returns whether it was saved.
    ///
    /// Ignored (`false`, nothing changes) while a save is under way and on
    /// the form a save just emptied: a second tap on the button keeps the
    /// "saved" notice rather than asking for a recipient.
    @discardableResult
    public func save() -> Bool {
        guard !state.busy, state.saved == nil else { return false }
        update { $0.busy = true }
        defer { update { $0.busy = false } }
        let s = state
        let local = localErrors(s)
        guard local.isEmpty, let recipientId = s.recipientId, let duration = UInt32(s[.duration].trimmed) else {
            update {
                $0.errors = local
                $0.saved = nil
            }
            return false
        }
        do {
            let visit = try store.logVisit(visit: NewVisit(
                volunteerId: volunteerId,
                recipientId: recipientId,
                startedAt: s[.startedAt],
                durationMin: duration,
                services: Service.allCases.filter { s.services.contains($0) },
                systolic: s[.systolic].reading,
                diastolic: s[.diastolic].reading,
                pulse: s[.pulse].reading,
                glucoseMmolL: s[.glucose].decimal,
                weightKg: s[.weight].decimal,
                notes: s[.notes]
            ))
            drafts.clear(Self.draftKey)
            let recipients = state.recipients
            update {
                $0 = blank()
                $0.recipients = recipients
                $0.saved = visit
            }
            refreshRecipients()
            return true
        } catch {
            update {
                $0.errors = FormErrors.of(error, formFields: Self.formFields)
                $0.saved = nil
            }
            return false
        }
    }

    private func edit(_ change: (inout VisitFormState) -> Void) {
        update {
            change(&$0)
            $0.saved = nil
        }
        saveDraft()
    }

    private func recheckReadings() {
        let sys = state[.systolic].reading
        let dia = state[.diastolic].reading
        var flag: BpFlag?
        if let sys, let dia {
            // A refusal is shown when saving; while typing, 12 on the way to 120 is not an error.
            flag = (try? checkReadings(systolic: sys, diastolic: dia, pulse: nil, glucoseMmolL: nil, weightKg: nil)) ?? nil
        }
        update { $0.bpFlag = flag }
    }

    /// What is checked before calling the core: a recipient, a service, numbers that are numbers.
    private func localErrors(_ s: VisitFormState) -> FormErrors {
        var errors: [String: UiText] = [:]
        if s.recipientId == nil { errors["recipientId"] = .res("visit_error_recipient") }
        if s.services.isEmpty { errors["services"] = .res("visit_error_services") }
        if UInt32(s[.duration].trimmed) == nil { errors[VisitField.duration.key] = .res("error_whole_number") }
        for f in [VisitField.systolic, .diastolic, .pulse] where !s[f].trimmed.isEmpty && s[f].reading == nil {
            errors[f.key] = .res("error_whole_number")
        }
        for f in [VisitField.glucose, .weight] where !s[f].trimmed.isEmpty && s[f].decimal == nil {
            errors[f.key] = .res("error_decimal_number")
        }
        return FormErrors(fields: errors)
    }

    private func saveDraft() {
        let s = state
        var m: [String: String] = [:]
        if let r = s.recipientId { m["recipientId"] = r }
        m["services"] = Service.allCases.filter { s.services.contains($0) }.map(\.name).joined(separator: ",")
        for (f, v) in s.fields { m[f.key] = v }
        drafts.save(Self.draftKey, m)
    }

    nonisolated private static func fromDraft(_ d: [String: String]) -> VisitFormState {
        var s = VisitFormState()
        s.recipientId = d["recipientId"]
        let names = Set((d["services"] ?? "").split(separator: ",").map(String.init))
        s.services = Set(Service.allCases.filter { names.contains($0.name) })
        for f in VisitField.allCases { s.fields[f] = d[f.key] }
        s.restoredDraft = true
        return s
    }

    private func blank() -> VisitFormState {
        var s = VisitFormState()
        s.fields = [.startedAt: Format.vietnamDateTime(now()), .duration: "60"]
        return s
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }

    /// A whole-number reading (mmHg, beats/min), or `nil`.
    var reading: UInt16? { UInt16(trimmed) }

    /// `6,4` or `6.4` (Vietnamese write a decimal comma), finite; else `nil`.
    var decimal: Double? {
        guard let d = Double(trimmed.replacingOccurrences(of: ",", with: ".")), d.isFinite else { return nil }
        return d
    }
}
