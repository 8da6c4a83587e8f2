import Foundation
import IshcCore

/// What the sync screen shows.
public struct SyncScreenState: Sendable, Equatable {
    /// What sync is doing or last did (the home page's line).
    public var line = SyncLine(state: .idle, pending: 0)
    /// Whether this phone is enrolled with the provincial server.
    public var enrolled = false
    /// The server's address, if enrolled.
    public var serverUrl: String?
    /// Changes on this phone not yet accepted by the server.
    public var pending: Int64 = 0
    /// The end of the last successful sync, `dd/MM/yyyy HH:mm` (phone time), or `nil`.
    public var lastSuccess: String?
    /// When a sync after a failure will be tried again, `dd/MM/yyyy HH:mm`, or `nil`.
    public var nextRetry: String?
    /// Changes the server refused, with its reasons (kept on the phone).
    public var rejected: [RejectedOp] = []
    /// Values that lost a concurrent edit, to restore or dismiss.
    public var conflicts: [ConflictInfo] = []
    /// Why the last action on this screen failed, if it did.
    public var error: UiText?

    public init() {}
}

/// The sync screen (*đồng bộ*): where sync stands, "sync now", the changes
/// the server refused and the conflicts to settle. Follows the sync
/// client's state while it runs (the core calls a listener; the view model
/// takes the latest state on the main actor).
public final class SyncViewModel: ViewModel<SyncScreenState> {
    private let store: ClubStore
    private let sync: SyncCoordinator
    private var subscription: TaskHandle?
    private let latest = LatestState()

    public init(store: ClubStore, sync: SyncCoordinator) {
        self.store = store
        self.sync = sync
        super.init(state: SyncScreenState())
        refresh()
    }

    /// Starts following the sync client's state (on appearing). Throws nothing:
    /// a failed subscription leaves the screen showing the state read by ``refresh()``.
    public func start() {
        guard subscription == nil else { return }
        let latest = latest
        subscription = try? sync.subscribe { [weak self] state in
            // Called on a core thread, in order; the tasks may reach the main
            // actor in any order, so each applies the latest state, not its own.
            latest.set(state)
            Task { @MainActor in self?.apply(latest.get()) }
        }
    }

    /// Stops following it (on disappearing).
    public func stop() {
        subscription?.cancel()
        subscription = nil
    }

    /// Reads the status, refused changes and conflicts again.
    public func refresh() {
        do {
            let status = try sync.status()
            let rejected = try store.rejectedOps()
            let conflicts = try store.conflicts(all: false)
            let clientState = sync.client.state()
            update {
                $0.enrolled = status.enrolled
                $0.serverUrl = status.serverUrl
                $0.pending = status.pending
                $0.lastSuccess = status.lastSuccessAt.map(Format.dateTime)
                $0.nextRetry = status.nextRetryAt.map(Format.dateTime)
                $0.rejected = rejected
                $0.conflicts = conflicts
                $0.line = SyncLine(state: clientState, pending: status.pending)
                $0.error = nil
            }
        } catch {
            update { $0.error = FormErrors.of(error, formFields: []).form }
        }
    }

    /// Syncs now (the button). Returns the report, or `nil` after a failure,
    /// which the line then shows (`error_sync_network`, ...).
    @discardableResult
    public func syncNow() async -> SyncReport? {
        update { $0.line.running = true }
        let report = try? await sync.syncNow()
        refresh()
        return report
    }

    /// Restores a conflict's losing value (a new edit, which wins).
    public func restoreConflict(_ id: String) {
        act { _ = try self.store.restoreConflict(conflictId: id) }
    }

    /// Dismisses a conflict: the current value stands.
    public func dismissConflict(_ id: String) {
        act { try self.store.dismissConflict(conflictId: id) }
    }

    private func act(_ action: () throws -> Void) {
        do {
            try action()
            refresh()
        } catch {
            update { $0.error = FormErrors.of(error, formFields: []).form }
        }
    }

    private func apply(_ syncState: SyncState?) {
        guard let syncState else { return }
        let pending: Int64 = if case let .syncing(_, _, _, p) = syncState { p } else { state.pending }
        update { $0.line = SyncLine(state: syncState, pending: pending) }
        if case .syncing = syncState { return }
        refresh()
    }
}

/// The last state a listener received (written on a core thread, read on the main actor).
final class LatestState: @unchecked Sendable {
    private let lock = NSLock()
    private var value: SyncState?

    func set(_ s: SyncState) {
        lock.lock()
        value = s
        lock.unlock()
    }

    func get() -> SyncState? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
