import Foundation
import IshcCore

/// The one sync client of the app's store, shared by the "sync now" button,
/// the background refresh task and the network monitor. The core runs one
/// sync at a time per client (a second call gets `sync.in_progress`); here a
/// call made while a sync runs waits for that sync and returns its outcome
/// instead. So the background task, started while the network monitor's
/// sync runs (both come at a background launch), completes when the sync
/// has ended, not at once: iOS suspends the app when the task completes.
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

    /// Syncs now: pushes this phone's changes, then pulls the others'. If
    /// a sync is running already, waits for it to end and returns its
    /// report or throws its failure. Throws `IshcError.Sync`
    /// (`sync.network`, `sync.not_enrolled`, a server code); a failure also
    /// sets the retry time that ``syncIfDue()`` waits for. Cancelling the
    /// calling task stops the wait (`CancellationError`), not the sync.
    @discardableResult
    public func syncNow() async throws -> SyncReport {
        try await joiningRunningSync({ try await client.sync() }, outcome: { $0 })
    }

    /// Syncs unless a retry after a failure is not yet due (then `nil`), or
    /// the phone is not enrolled (then `nil`: nothing to sync with). A sync
    /// running already is waited for, as in ``syncNow()``. Errors as
    /// ``syncNow()``.
    @discardableResult
    public func syncIfDue() async throws -> SyncReport? {
        guard try client.status().enrolled else { return nil }
        return try await joiningRunningSync({ try await client.syncIfDue() }, outcome: { $0 })
    }

    /// How many times a call refused with `sync.in_progress` is retried when
    /// the running sync had ended before it could be watched.
    private static let attempts = 5

    /// Calls `start`; when the core answers `sync.in_progress`, waits for
    /// the running sync and returns its outcome (`outcome` of its report, or
    /// its failure thrown). If that sync ended before it could be watched,
    /// calls `start` again (a few times at most, then the refusal is thrown).
    private func joiningRunningSync<T>(
        _ start: () async throws -> T, outcome: (SyncReport) -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await start()
            } catch let e as IshcError where e.code == "sync.in_progress" && attempt < Self.attempts {
                attempt += 1
                switch try await runningSyncOutcome() {
                case let .success(report)?: return outcome(report)
                case let .failure(error)?: throw error
                case nil: continue
                }
            }
        }
    }

    /// Watches the client's state through its listener: once it is syncing,
    /// the outcome of that sync when it ends (done or failed). `nil` when
    /// the first state seen is not syncing (the sync had ended, or has not
    /// yet said it started): the caller tries again. Throws
    /// `CancellationError` if the task is cancelled while waiting, or the
    /// core's error if it cannot subscribe.
    private func runningSyncOutcome() async throws -> Result<SyncReport, IshcError>? {
        var continuation: AsyncStream<SyncState>.Continuation!
        let states = AsyncStream<SyncState> { continuation = $0 }
        let sink = continuation!
        let subscription = try client.subscribe(listener: SyncStateRelay { sink.yield($0) })
        defer {
            subscription.cancel()
            sink.finish()
        }
        var running = false
        for await state in states {
            switch state {
            case .syncing:
                running = true
            case let .done(report):
                return running ? .success(report) : nil
            case let .failed(code, reason, _):
                return running ? .failure(.Sync(code: code, reason: reason)) : nil
            case .idle:
                return nil
            }
        }
        throw CancellationError() // the stream ends early only when the task is cancelled
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
