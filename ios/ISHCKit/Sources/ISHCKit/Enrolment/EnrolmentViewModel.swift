import Foundation
import IshcCore

/// The typed fields of the enrolment form.
public enum EnrolmentField: String, Sendable, CaseIterable {
    /// The provincial server's address (`https://ishc.dongnai.gov.vn`), given
    /// with the code; `https://` is added when no scheme is typed.
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
///
/// The server's refusals land on their fields, as in the Android app's
/// `EnrolModel`: `enrol.code_unknown`, `enrol.code_used`,
/// `enrol.code_expired` under the code, `enrol.device_name` under the name,
/// `sync.network` (a wrong address, no connection) and the other `sync.*`
/// under the server's address; anything else on the form.
public final class EnrolmentViewModel: ViewModel<EnrolmentState> {
    private let store: ClubStore
    private let sync: SyncCoordinator
    nonisolated private static let formFields = Set(EnrolmentField.allCases.map(\.rawValue))

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
    /// the server's refusals are shown under their fields (``errorsOf(_:)``).
    /// If the enrolment worked but the first sync failed,
    /// ``EnrolmentState/enrolment`` is set and the error, on the form, says
    /// why; trying again (or the background sync) then only syncs, as it
    /// does for a phone enrolled before the app was restarted. A call while
    /// one runs does nothing and returns `false`.
    @discardableResult
    public func enrol() async -> Bool {
        guard !state.running else { return false }
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
                store: store, serverUrl: Self.serverAddress(s[.serverUrl]), code: s[.code].trimmed, deviceName: s[.deviceName].trimmed
            )
            update { $0.enrolment = e }
        } catch {
            update {
                $0.running = false
                $0.errors = Self.errorsOf(error)
            }
            return false
        }
        return await firstSync()
    }

    /// The errors for a refusal of the enrolment, by field (the Android
    /// app's `EnrolModel.errorsOf`): the code's (`enrol.code_*`) under the
    /// code, `enrol.device_name` under the name, `sync.*` (the network, the
    /// server) under the address, any other code of the server on the form;
    /// errors other than `IshcError.Sync` as ``FormErrors/of(_:formFields:)``.
    public nonisolated static func errorsOf(_ error: any Error) -> FormErrors {
        guard case let .Sync(code, reason)? = error as? IshcError else {
            return FormErrors.of(error, formFields: formFields)
        }
        let field: EnrolmentField? =
            if code.hasPrefix("enrol.code") { .code }
            else if code == "enrol.device_name" { .deviceName }
            else if code.hasPrefix("sync.") { .serverUrl }
            else { nil }
        let text = UiText.error(code: code, reason: reason)
        return field.map { FormErrors(fields: [$0.rawValue: text]) } ?? FormErrors(form: text)
    }

    /// The server's address as typed, trimmed, without a trailing `/`, and
    /// with `https://` in front when no scheme was typed (`tinh.example.vn`
    /// is `https://tinh.example.vn`). The Android app's `EnrolModel.serverAddress`.
    public nonisolated static func serverAddress(_ typed: String) -> String {
        var t = typed.trimmed
        while t.hasSuffix("/") { t.removeLast() }
        return t.contains("://") ? t : "https://" + t
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
