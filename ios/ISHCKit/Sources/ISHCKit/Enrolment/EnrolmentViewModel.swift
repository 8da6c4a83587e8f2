import Foundation
import IshcCore

/// The typed fields of the enrolment form.
public enum EnrolmentField: String, Sendable, CaseIterable {
    /// The provincial server's address (`https://ishc.dongnai.gov.vn`), given with the code.
    case serverUrl
    /// The one-time enrolment code the provincial officer gives.
    case code
    /// A short name for this phone, shown to the officer (`Máy chị Lan`).
    case deviceName
}

/// What the enrolment screen shows.
public struct EnrolmentState: Sendable, Equatable {
    public var fields: [EnrolmentField: String] = [:]
    public var errors = FormErrors()
    /// Whether the enrolment (or the first sync after it) is running.
    public var running = false
    /// The club this phone joined, once enrolled and synced.
    public var enrolment: Enrolment?

    public init() {}

    /// The text typed in `field` (empty if none).
    public subscript(field: EnrolmentField) -> String { fields[field] ?? "" }
}

/// Enrolling a new phone (*đăng ký máy*) with the provincial server: the
/// server's address and the club's one-time code from the provincial
/// officer, a name for the phone; then a first sync brings the club's data.
/// Only an empty phone can enrol (`enrol.not_empty`).
public final class EnrolmentViewModel: ViewModel<EnrolmentState> {
    private let store: ClubStore
    private let sync: SyncCoordinator
    private static let formFields = Set(EnrolmentField.allCases.map(\.rawValue))

    public init(store: ClubStore, sync: SyncCoordinator, serverUrl: String = "") {
        self.store = store
        self.sync = sync
        super.init(state: EnrolmentState())
        state.fields[.serverUrl] = serverUrl
    }

    public func setField(_ field: EnrolmentField, _ value: String) {
        update {
            $0.fields[field] = value
            $0.errors = $0.errors.without(field.rawValue)
        }
    }

    /// Enrols, then syncs to receive the club. Returns whether both
    /// succeeded. Blank fields are refused here (`error_text_required`);
    /// the server's refusals (`enrol.code_used`, `enrol.code_expired`,
    /// `sync.network`, ...) are shown on the form. If the enrolment worked
    /// but the first sync failed, ``EnrolmentState/enrolment`` is set and the
    /// error says why; trying again (or the background sync) then only
    /// syncs, as it does for a phone enrolled before the app was restarted.
    @discardableResult
    public func enrol() async -> Bool {
        if state.enrolment != nil || (try? sync.status().enrolled) == true {
            return await firstSync()
        }
        var blank: [String: UiText] = [:]
        for f in EnrolmentField.allCases where state[f].trimmed.isEmpty {
            blank[f.rawValue] = .res("error_text_required")
        }
        guard blank.isEmpty else {
            update { $0.errors = FormErrors(fields: blank) }
            return false
        }
        update {
            $0.running = true
            $0.errors = FormErrors()
        }
        let s = state
        do {
            let e = try await IshcCore.enrol(
                store: store, serverUrl: s[.serverUrl].trimmed, code: s[.code].trimmed, deviceName: s[.deviceName].trimmed
            )
            update { $0.enrolment = e }
        } catch {
            update {
                $0.running = false
                $0.errors = FormErrors.of(error, formFields: Self.formFields)
            }
            return false
        }
        return await firstSync()
    }

    /// The sync that brings the club after enrolling.
    private func firstSync() async -> Bool {
        update {
            $0.running = true
            $0.errors = FormErrors()
        }
        do {
            try await sync.syncNow()
            update { $0.running = false }
            return true
        } catch {
            update {
                $0.running = false
                $0.errors = FormErrors.of(error, formFields: Self.formFields)
            }
            return false
        }
    }
}
