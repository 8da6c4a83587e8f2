import Foundation
import IshcCore

/// Where the app keeps the club's database and the forms' drafts, and how
/// it opens the store.
///
/// Everything lives in one directory, `Application Support/ISHC/`:
/// - `club.sqlite3` (and SQLite's `-wal`/`-shm` beside it): the database,
///   encrypted by the core (SQLCipher) with the key `DatabaseKey` keeps in
///   the Keychain (readable after the first unlock, this device only);
/// - `device-id`: this install's device id (`ios-<uuid>`), made once;
/// - `drafts/`: what was typed into forms not yet saved.
///
/// The directory is excluded from iCloud and iTunes backup
/// (`isExcludedFromBackup`): the data belongs to the club and comes back
/// from the provincial server by enrolling again, and a restored copy would
/// carry another phone's device id and its unsent changes. On iOS it gets
/// the file protection `completeUntilFirstUserAuthentication`: encrypted
/// until the phone is first unlocked after a restart, then readable, so the
/// background sync can run while the phone is locked. Files created in it
/// later (the WAL, drafts) inherit the directory's protection class.
public struct ClubDatabase: Sendable {
    /// The directory (`Application Support/ISHC`).
    public let directory: URL

    /// The database file's name (the same as on Android).
    public static let fileName = "club.sqlite3"

    /// A database in `directory` (tests pass a temporary directory).
    public init(directory: URL) { self.directory = directory }

    /// The app's database: `Application Support/ISHC` of the app's container.
    /// Throws a Foundation error if Application Support cannot be found or made.
    public static func applicationSupport() throws -> ClubDatabase {
        let base = try FileManager.default.url(for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true)
        return ClubDatabase(directory: base.appendingPathComponent("ISHC", isDirectory: true))
    }

    /// The database file.
    public var fileURL: URL { directory.appendingPathComponent(Self.fileName) }

    /// Where the forms' drafts are kept.
    public var drafts: FileDrafts { FileDrafts(directory: directory.appendingPathComponent("drafts", isDirectory: true)) }

    /// Creates the directory if needed and applies the backup exclusion and,
    /// on iOS, the file protection (to the directory and to the files
    /// already in it). Throws a Foundation error when they cannot be set.
    public func prepare() throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        #if os(iOS)
        let protection: [FileAttributeKey: Any] = [.protectionKey: FileProtectionType.completeUntilFirstUserAuthentication]
        try fm.setAttributes(protection, ofItemAtPath: directory.path)
        for name in try fm.contentsOfDirectory(atPath: directory.path) {
            try fm.setAttributes(protection, ofItemAtPath: directory.appendingPathComponent(name).path)
        }
        #endif
        #if canImport(Darwin)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        var url = directory
        try url.setResourceValues(values)
        #endif
    }

    /// This install's device id: read from `device-id`, or made
    /// (`ios-<uuid>`, lowercase) and written there on first use, before the
    /// store uses it. A file that is there but cannot be read (still
    /// encrypted before the first unlock after a restart, when a background
    /// task may run) throws the read error: it is never replaced by a new
    /// id, which would make this phone another device. An empty file holds
    /// no id to keep and gets a new one. Throws a Foundation error if it
    /// cannot be read or written.
    public func deviceId() throws -> String {
        let url = directory.appendingPathComponent("device-id")
        if FileManager.default.fileExists(atPath: url.path) {
            let id = try String(contentsOf: url, encoding: .utf8).trimmed
            if !id.isEmpty { return id }
        }
        let id = "ios-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(id.utf8).write(to: url, options: [.atomic])
        return id
    }

    /// The database's key (`DatabaseKey`: the Keychain on iOS).
    public var key: DatabaseKey { DatabaseKey(directory: directory) }

    /// Prepares the directory and opens the store (one per process: share
    /// it), encrypted with `key` (a database left unencrypted by an older
    /// app is encrypted by the core first). Throws the core's errors
    /// (`schema.too_new` for a file from a newer app, `store.key_invalid`
    /// when the key does not open the file, `internal.database` for a
    /// damaged one), `DatabaseKeyError` (the Keychain is locked before the
    /// first unlock after a restart) or Foundation's.
    public func open() throws -> ClubStore {
        try prepare()
        let id = try deviceId()
        var secret = try key.get()
        defer { secret.resetBytes(in: 0..<secret.count) }
        return try ClubStore.open(path: fileURL.path, key: secret, deviceId: id)
    }
}

/// How large the app's text is, on top of the phone's own text size
/// (Dynamic Type): the app never shows text smaller than the chosen size,
/// and a larger size set for the whole phone still applies. The Android
/// app's text scales 1.0, 1.15, 1.3 and 1.5.
public enum TextSize: String, Sendable, CaseIterable, Codable {
    case standard, large, larger, largest

    /// The catalog key of its name, the Android app's: `settings_text_normal`
    /// (*Bình thường*), `settings_text_large` (*Lớn*), `settings_text_larger`
    /// (*Rất lớn*), `settings_text_largest` (*Cực lớn*).
    public var key: String {
        switch self {
        case .standard: "settings_text_normal"
        case .large: "settings_text_large"
        case .larger: "settings_text_larger"
        case .largest: "settings_text_largest"
        }
    }

    /// The Android app's font scale for this size (1.0, 1.15, 1.3, 1.5).
    public var scale: Double {
        switch self {
        case .standard: 1.0
        case .large: 1.15
        case .larger: 1.3
        case .largest: 1.5
        }
    }
}

/// The app's own settings (not the club's data): language, text size,
/// who is acting, the server's address. Kept in `UserDefaults`; a setting
/// missing from what was saved (an older app) takes its default.
public struct AppSettings: Sendable, Equatable, Codable {
    /// The app's language (Vietnamese unless changed).
    public var language: AppLanguage = .vi
    /// The smallest text size the app uses.
    public var textSize: TextSize = .standard
    /// The member acting on this phone (the core's id), or `nil` until one is picked.
    public var actingMemberId: String?
    /// The provincial server's address, kept after enrolling for the form's default.
    public var serverUrl: String = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        language = (try? c.decodeIfPresent(AppLanguage.self, forKey: .language)) ?? .vi
        textSize = (try? c.decodeIfPresent(TextSize.self, forKey: .textSize)) ?? .standard
        actingMemberId = try? c.decodeIfPresent(String.self, forKey: .actingMemberId)
        serverUrl = (try? c.decodeIfPresent(String.self, forKey: .serverUrl)) ?? ""
    }

    private static let key = "vn.ishc.settings"

    /// The settings saved in `defaults`, or the defaults.
    public static func load(from defaults: UserDefaults = .standard) -> AppSettings {
        guard let data = defaults.data(forKey: key), let s = try? JSONDecoder().decode(AppSettings.self, from: data) else {
            return AppSettings()
        }
        return s
    }

    /// Saves these settings in `defaults`.
    public func save(to defaults: UserDefaults = .standard) {
        if let data = try? JSONEncoder().encode(self) { defaults.set(data, forKey: Self.key) }
    }
}
