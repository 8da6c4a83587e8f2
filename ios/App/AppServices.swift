import Foundation
import ISHCKit

/// The app's single instances, shared by the screens, the background
/// refresh task and the network monitor: **one** `ClubStore` per process
/// (the core asks for one per database file: two would each keep their own
/// clock and acting member) and one sync client on it (one sync at a time).
///
/// The database is `Application Support/ISHC/club.sqlite3`, excluded from
/// backup, protected until first unlock and encrypted with the Keychain's
/// key (see `ClubDatabase`, `DatabaseKey`).
final class AppServices: @unchecked Sendable { // the lock guards `opened`
    static let shared = AppServices()

    /// What is open once the database is.
    struct Opened: Sendable {
        let store: ClubStore
        let sync: SyncCoordinator
        let drafts: FileDrafts
    }

    private let lock = NSLock()
    private var opened: Opened?

    /// Opens the database the first time (then returns the same store).
    /// Blocks while it opens (a migration, or encrypting an older app's
    /// database, can take a moment): call it off the main thread. Throws
    /// the core's errors (`schema.too_new`, `internal.database`,
    /// `store.key_invalid`), `DatabaseKeyError` (the Keychain before the
    /// first unlock) or Foundation's; a later call tries again.
    func open() throws -> Opened {
        lock.lock()
        defer { lock.unlock() }
        if let opened { return opened }
        let db = try ClubDatabase.applicationSupport()
        let store = try db.open()
        let o = Opened(store: store, sync: try SyncCoordinator(store: store), drafts: db.drafts)
        opened = o
        return o
    }
}
