import Foundation
import IshcCore

/// The one sync client of the app's store, shared by the "sync now" button,
/// the background refresh task and the network monitor (the core allows
/// one sync at a time per client: a second gets `sync.in_progress`).
///
/// The iOS app (ISHCApp.swift) calls:
/// - ``syncNow()`` for the button;
/// - ``syncIfDue()`` from its `BGAppRefreshTask` (about every 15 minutes at
///   best; iOS decides);
/// - ``networkChanged(available:)`` with each `NWPathMonitor` path, which
///   calls `syncIfDue()` when the network returns (and at the first path
///   reported as available).
///
/// Thread-safe: callable from any task.
public final class SyncCoordinator: Sendable {
    /// The core's sync client of the store.
    public let client: SyncClient
    private let network = NetworkState()

    /// A coordinator for `store` (one per store), with the core's default
    /// timeouts and backoff unless `settings` are given (tests shorten the
    /// backoff). Throws the core's errors (`internal.*`).
    public init(store: ClubStore, settings: SyncSettings? = nil) throws {
        client = try settings.map { try SyncClient.withSettings(store: store, settings: $0) } ?? SyncClient(store: store)
    }

    /// Syncs now: pushes this phone's changes, then pulls the others'.
    /// Throws `IshcError.Sync` (`sync.network`, `sync.not_enrolled`,
    /// `sync.in_progress`, a server code); a failure also sets the retry
    /// time that ``syncIfDue()`` waits for.
    @discardableResult
    public func syncNow() async throws -> SyncReport {
        try await client.sync()
    }

    /// Syncs unless a retry after a failure is not yet due (then `nil`), or
    /// the phone is not enrolled (then `nil`: nothing to sync with). Errors
    /// as ``syncNow()``.
    @discardableResult
    public func syncIfDue() async throws -> SyncReport? {
        guard try client.status().enrolled else { return nil }
        return try await client.syncIfDue()
    }

    /// Tells the coordinator whether the network is usable now (the path
    /// monitor's `path.status == .satisfied`). When it becomes usable after
    /// being unusable, or is first reported usable, calls ``syncIfDue()``
    /// and returns its report; otherwise returns `nil` at once. A failed
    /// sync is not thrown: it is in the client's state (and its backoff).
    @discardableResult
    public func networkChanged(available: Bool) async -> SyncReport? {
        guard network.set(available), available else { return nil }
        return try? await syncIfDue()
    }

    /// Where sync stands (enrolment, pending, refused, conflicts, last success).
    public func status() throws -> SyncStatus { try client.status() }

    /// Calls `onState` with the client's current state and each change, on
    /// a core thread, until the returned handle is cancelled (or dropped:
    /// keep it). Throws the core's errors.
    public func subscribe(_ onState: @escaping @Sendable (SyncState) -> Void) throws -> TaskHandle {
        try client.subscribe(listener: SyncStateRelay(onState))
    }
}

/// Whether the network was last seen usable (`nil` before the first report).
private final class NetworkState: @unchecked Sendable {
    private let lock = NSLock()
    private var available: Bool?

    /// Records `now`; returns whether it is a change (the first report is one).
    func set(_ now: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let changed = available != now
        available = now
        return changed
    }
}

/// The core's `SyncListener` around a closure (called on a tokio thread).
final class SyncStateRelay: SyncListener {
    private let handler: @Sendable (SyncState) -> Void

    init(_ handler: @escaping @Sendable (SyncState) -> Void) { self.handler = handler }

    func onState(state: SyncState) { handler(state) }
}
