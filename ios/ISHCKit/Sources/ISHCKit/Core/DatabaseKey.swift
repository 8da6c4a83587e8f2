import Foundation
#if os(iOS)
import Security
#endif

/// Why the database key could not be had.
public enum DatabaseKeyError: Error, Equatable {
    /// The Keychain refused (its `OSStatus`: `errSecInteractionNotAllowed`
    /// before the first unlock after a restart, for one).
    case keychain(Int32)
    /// The system's random generator failed (its status).
    case random(Int32)
    /// A stored key of another length than 32 bytes: left as it is.
    case malformed(Int)
}

/// The club database's key: 32 random bytes (256 bits) made on first use,
/// with which the core encrypts the database (SQLCipher; the core's
/// `store.key_invalid` if it does not open it). The same for every open.
///
/// On iOS it is a generic password in the Keychain (service `service`,
/// account `account`) readable after the first unlock following a
/// restart, on this device only
/// (`kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly`): the background
/// sync can open the database while the phone is locked, and the key never
/// leaves the phone (no iCloud Keychain, no backup), like the database,
/// which is excluded from backup.
///
/// Elsewhere (the Linux tests, macOS test runs) it is the file
/// `database-key` in the database's directory, readable by its owner only:
/// a fallback for tests, never what a phone uses.
public struct DatabaseKey: Sendable {
    /// Length of a key, bytes.
    public static let length = 32

    /// The Keychain item's service.
    public let service: String
    /// The Keychain item's account.
    public let account: String
    /// The database's directory (where the fallback keeps its file).
    public let directory: URL

    /// The key of the database in `directory`.
    public init(directory: URL, service: String = "vn.ishc.database-key", account: String = ClubDatabase.fileName) {
        self.directory = directory
        self.service = service
        self.account = account
    }

    /// The key: the stored one, or a new random one, stored first. Throws
    /// `DatabaseKeyError` (a Keychain refusal, a stored key of the wrong
    /// length, which is never replaced) or, for the fallback file,
    /// Foundation's errors.
    public func get() throws -> Data {
        if let stored = try load() {
            guard stored.count == Self.length else { throw DatabaseKeyError.malformed(stored.count) }
            return stored
        }
        let key = try Self.random()
        if try !add(key), let stored = try load() {
            // Someone stored one between our look and our add: theirs wins.
            guard stored.count == Self.length else { throw DatabaseKeyError.malformed(stored.count) }
            return stored
        }
        return key
    }

    #if os(iOS)
    private var item: [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: account,
        ]
    }

    private func load() throws -> Data? {
        var query = item
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        switch status {
        case errSecSuccess:
            guard let data = result as? Data else { throw DatabaseKeyError.keychain(status) }
            return data
        case errSecItemNotFound:
            return nil
        default:
            throw DatabaseKeyError.keychain(status)
        }
    }

    /// Stores `key`; `false` if an item is already there.
    private func add(_ key: Data) throws -> Bool {
        var attributes = item
        attributes[kSecValueData as String] = key
        attributes[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        let status = SecItemAdd(attributes as CFDictionary, nil)
        if status == errSecDuplicateItem { return false }
        guard status == errSecSuccess else { throw DatabaseKeyError.keychain(status) }
        return true
    }

    private static func random() throws -> Data {
        var bytes = [UInt8](repeating: 0, count: length)
        let status = SecRandomCopyBytes(kSecRandomDefault, bytes.count, &bytes)
        guard status == errSecSuccess else { throw DatabaseKeyError.random(status) }
        return Data(bytes)
    }
    #else
    /// The fallback's file.
    var file: URL { directory.appendingPathComponent("database-key") }

    private func load() throws -> Data? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try Data(contentsOf: file)
    }

    /// Writes `key` to a new file readable by its owner only; `false` if
    /// the file is already there.
    private func add(_ key: Data) throws -> Bool {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: file.path) { return false }
        guard FileManager.default.createFile(atPath: file.path, contents: key, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
        return true
    }

    private static func random() throws -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
    #endif
}
