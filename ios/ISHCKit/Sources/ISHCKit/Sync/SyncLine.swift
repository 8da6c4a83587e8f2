import Foundation
import IshcCore

/// The home page's (and the sync screen's) line about sync.
public struct SyncLine: Sendable, Hashable {
    /// What sync is doing or last did.
    public var text: UiText
    /// Why the last sync failed (the core's code, translated), if it did.
    public var error: UiText?
    /// Whether a sync is running (the "sync now" button waits).
    public var running = false

    /// The sync client's `state` as the home page says it, with `pending`
    /// changes not yet sent. The Android app's `syncLine`.
    public init(state: SyncState, pending: Int64) {
        switch state {
        case .idle:
            text = pending > 0 ? .res("home_sync_pending", .int(pending)) : .res("home_sync_idle")
        case let .syncing(phase, _, received, pendingNow):
            text = phase == .push ? .res("home_sync_pushing", .int(pendingNow)) : .res("home_sync_pulling", .int(Int64(received)))
            running = true
        case let .done(report):
            text = .res("home_sync_done", .int(Int64(report.sent)), .int(Int64(report.received)))
        case let .failed(code, reason, _):
            text = .res("home_sync_failed")
            error = .error(code: code, reason: reason)
        }
    }
}
