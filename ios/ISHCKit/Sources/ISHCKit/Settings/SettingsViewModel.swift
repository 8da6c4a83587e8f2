import Foundation
import IshcCore

/// Where the settings are kept between runs. The app implements it with
/// its `AppModel` (which saves ``AppSettings`` in `UserDefaults` and
/// redraws every screen in the language and text size chosen); tests and
/// previews use ``MemorySettingsPrefs``. The Android app's `SettingsPrefs`.
@MainActor
public protocol SettingsPrefs: AnyObject {
    /// The app's language (Vietnamese by default).
    var language: AppLanguage { get set }
    /// The smallest text size the app uses.
    var textSize: TextSize { get set }
    /// The member using the phone (the acting member), or `nil` for none chosen.
    var actingMemberId: String? { get set }
}

/// Settings in memory (tests, previews).
@MainActor
public final class MemorySettingsPrefs: SettingsPrefs {
    public var language: AppLanguage
    public var textSize: TextSize
    public var actingMemberId: String?

    public init(language: AppLanguage = .vi, textSize: TextSize = .standard, actingMemberId: String? = nil) {
        self.language = language
        self.textSize = textSize
        self.actingMemberId = actingMemberId
    }
}

extension AppLanguage {
    /// The catalog key of the language's name, written in that language in
    /// both apps: `settings_language_vi` (*Tiếng Việt*), `settings_language_en` (*English*).
    public var key: String {
        switch self {
        case .vi: "settings_language_vi"
        case .en: "settings_language_en"
        }
    }
}

/// A person who can be chosen as the one using the phone.
public struct ActingChoice: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// Their roles, translated (`Thủ quỹ`), or "member" / "care recipient
    /// only" when they hold none.
    public var roles: [UiText]
}

/// What the settings screen (*cài đặt*) shows.
public struct SettingsState: Sendable, Equatable {
    public var language: AppLanguage = .vi
    public var textSize: TextSize = .standard
    /// The club's current people, in the core's order (by given name).
    public var members: [ActingChoice] = []
    /// Who is using the phone, or `nil` (local administration: may register
    /// people, not record money or visits).
    public var actingMemberId: String?
    /// Enrolled with a server.
    public var enrolled = false
    /// The server's address, if enrolled.
    public var serverUrl: String?
    /// This phone's device id.
    public var deviceId = ""
    /// An action that failed (the chosen person is no longer there).
    public var message: UiText?

    public init() {}

    /// The acting member's name.
    public var actingName: String? { members.first { $0.id == actingMemberId }?.name }
}

/// Settings (*cài đặt*): language, text size, who is using the phone (the
/// acting member, recorded as the author of every change, whose roles the
/// core checks: money needs the treasurer or chair, visits a home-care
/// volunteer or chair), and the enrolment (server, device id). The Android
/// app's `SettingsModel`.
///
/// The acting member is not kept by the core across runs: on creation the
/// view model sets the one saved in `prefs` on the store, or no one if none
/// was saved or that person is gone (then forgotten), so the app creates
/// this view model at start.
public final class SettingsViewModel: ViewModel<SettingsState> {
    private let store: ClubStore
    private let prefs: any SettingsPrefs
    private let sync: SyncCoordinator?

    /// - Parameters:
    ///   - store: the club's store.
    ///   - prefs: where the settings are kept.
    ///   - sync: the sync client, for the server's address; `nil` shows the device id only.
    public init(store: ClubStore, prefs: any SettingsPrefs, sync: SyncCoordinator? = nil) {
        self.store = store
        self.prefs = prefs
        self.sync = sync
        super.init(state: SettingsState())
        // What the screen shows is who the store records: the saved person, or no one.
        var acting = prefs.actingMemberId
        if let saved = acting, !apply(saved) { acting = nil }
        if acting == nil {
            _ = apply(nil)
            // Written only when it changes: the app creates this view model while drawing.
            if prefs.actingMemberId != nil { prefs.actingMemberId = nil }
        }
        update {
            $0.language = prefs.language
            $0.textSize = prefs.textSize
            $0.actingMemberId = acting
            $0.message = nil // a saved person who is gone is simply forgotten
        }
        reload()
    }

    /// Reads the members and the enrolment again (after a sync, or on returning to the screen).
    public func reload() {
        let rows = (try? store.listMembers(search: nil, includeLeft: false)) ?? []
        let members = rows.map { row -> ActingChoice in
            let m = row.member
            var roles = m.roles.map { UiText.resource(key: $0.key, args: []) }
            if roles.isEmpty {
                roles = [m.membership == .member ? .res("settings_role_member") : .res("settings_role_recipient_only")]
            }
            return ActingChoice(id: m.id, name: m.fullName, roles: roles)
        }
        let status = try? sync?.status()
        let deviceId = status?.deviceId ?? (try? store.deviceId()) ?? ""
        update {
            $0.members = members
            $0.enrolled = status?.enrolled ?? false
            $0.serverUrl = status?.serverUrl
            $0.deviceId = deviceId
        }
    }

    /// Switches the language; the app then shows its strings in it.
    public func setLanguage(_ language: AppLanguage) {
        prefs.language = language
        update { $0.language = language }
    }

    /// Chooses the text size.
    public func setTextSize(_ size: TextSize) {
        prefs.textSize = size
        update { $0.textSize = size }
    }

    /// Chooses who is using the phone (`id` a member's id, or `nil` for
    /// local administration) and sets them as the store's acting member.
    /// Returns whether it was set; a person no longer in the club gives a
    /// message and the list is read again.
    @discardableResult
    public func pickActingMember(_ id: String?) -> Bool {
        guard apply(id) else {
            reload()
            return false
        }
        prefs.actingMemberId = id
        update {
            $0.actingMemberId = id
            $0.message = nil
        }
        return true
    }

    private func apply(_ id: String?) -> Bool {
        do {
            try store.setActingMember(memberId: id)
            return true
        } catch {
            update { $0.message = FormErrors.of(error, formFields: []).form }
            return false
        }
    }
}
