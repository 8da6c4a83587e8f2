import Foundation
import IshcCore

/// An operation of this phone that the server refused (it stays on the phone, never resent).
public struct RejectedRow: Sendable, Hashable, Identifiable {
    public var opId: String
    /// What it was about, translated (`Khoản vay`, `Lần thăm tại nhà`).
    public var entity: UiText
    public var entityId: String
    /// The refusal, translated from its code (`op.not_permitted`).
    public var error: UiText
    /// When it was recorded on the phone, `dd/MM/yyyy HH:mm` in Vietnam (+07:00).
    public var recordedAt: String

    public var id: String { opId }
}

/// A value that lost a concurrent edit of the same field on two phones.
public struct ConflictRow: Sendable, Hashable, Identifiable {
    public var id: String
    public var memberId: String
    /// The person's name now.
    public var memberName: String
    /// The field, translated (`Số điện thoại`), or as the core names it if unknown.
    public var field: UiText
    /// The losing value as shown: strings unquoted, phones as `0943 733 416`,
    /// yes/no, roles translated; parts to join with `, `.
    public var losingValue: [UiText]
    /// Who made the edit that lost: a member's name, local administration, or unknown.
    public var losingAuthor: UiText
    /// Who made the edit that stands.
    public var winningAuthor: UiText
}

/// What the sync screen (*đồng bộ*) shows.
public struct SyncScreenState: Sendable, Equatable {
    /// The client's live state, as the core publishes it.
    public var live: SyncState = .idle
    /// Whether this phone is enrolled with a server.
    public var enrolled = false
    /// The server's address, if enrolled.
    public var serverUrl: String?
    /// End of the last successful sync, `dd/MM/yyyy HH:mm` (+07:00), or `nil` if never.
    public var lastSync: String?
    /// When the next attempt is due after failures, `dd/MM/yyyy HH:mm` (+07:00), or `nil`.
    public var nextRetry: String?
    /// Operations recorded here and waiting to be sent.
    public var pending: Int64 = 0
    /// Operations the server refused, oldest first.
    public var rejected: [RejectedRow] = []
    /// Open conflicts.
    public var conflicts: [ConflictRow] = []
    /// "Sync now" was asked for and has not returned yet.
    public var requested = false
    /// The outcome of the last action on this screen that failed (sync now, restore, dismiss).
    public var message: UiText?

    public init() {}

    /// A sync is running (the sync-now button is then disabled).
    public var syncing: Bool {
        if requested { return true }
        if case .syncing = live { return true }
        return false
    }

    /// The state line: idle, sending/receiving with counts, done with what it did, failed.
    public var line: UiText { stateLine(live, enrolled: enrolled) }

    /// Why the last sync failed (its code translated), when ``live`` is `failed`.
    public var failure: UiText? {
        if case let .failed(code, reason, _) = live { return .error(code: code, reason: reason) }
        return nil
    }

    /// ``message`` unless it only repeats ``failure`` (sync now failing as the state line says).
    public var shownMessage: UiText? {
        if case let .error(code, _)? = message, case let .error(failed, _)? = failure, code == failed { return nil }
        return message
    }

    /// The server found this phone's clock more than 5 minutes off in the last sync.
    public var clockSkew: Bool {
        if case let .done(report) = live { return report.clockSkewFlagged }
        return false
    }
}

/// The sync screen (*đồng bộ*): the core's live sync state, where sync
/// stands, "sync now", the operations the server refused and the open
/// conflicts with their restore/dismiss actions. The Android app's `SyncModel`.
///
/// The live state comes from the core's listener (``start()``; the app
/// keeps it for its life, so a sync started by the background task or the
/// network monitor shows too); after each sync, done or failed, the status
/// and lists are read again. Other calls are synchronous except ``syncNow()``.
public final class SyncViewModel: ViewModel<SyncScreenState> {
    private let store: ClubStore
    private let sync: SyncCoordinator
    private var subscription: TaskHandle?
    private let latest = LatestState()

    public init(store: ClubStore, sync: SyncCoordinator) {
        self.store = store
        self.sync = sync
        super.init(state: SyncScreenState())
        update { $0.live = sync.client.state() }
        refresh()
    }

    /// Starts following the sync client's state. Throws nothing: a failed
    /// subscription leaves the screen showing what ``refresh()`` read.
    public func start() {
        guard subscription == nil else { return }
        let latest = latest
        subscription = try? sync.subscribe { [weak self] state in
            // Called on a core thread, in order; the tasks may reach the main
            // actor in any order, so each applies the latest state, not its own.
            latest.set(state)
            Task { @MainActor in self?.onLive(latest.get()) }
        }
    }

    /// Stops following it.
    public func stop() {
        subscription?.cancel()
        subscription = nil
    }

    /// Reads the status, the refused operations and the open conflicts again
    /// (after recording something, or on returning to the screen).
    public func refresh() {
        let status: SyncStatus
        do {
            status = try sync.status()
        } catch {
            update { $0.message = FormErrors.of(error, formFields: []).form }
            return
        }
        let rejected = (try? store.rejectedOps().map(rejectedRow)) ?? []
        let conflicts = (try? store.conflicts(all: false).map(conflictRow)) ?? []
        update {
            $0.enrolled = status.enrolled
            $0.serverUrl = status.serverUrl
            $0.lastSync = status.lastSuccessAt.map(Format.vietnamTime)
            $0.nextRetry = status.nextRetryAt.map(Format.vietnamTime)
            $0.pending = status.pending
            $0.rejected = rejected
            $0.conflicts = conflicts
        }
    }

    /// Syncs now (push, then pull); while another sync runs (the background
    /// task's, the network monitor's), waits for it and has its outcome.
    /// Returns whether it succeeded; a failure (`sync.network`,
    /// `sync.not_enrolled`, a server code) is set as
    /// ``SyncScreenState/message``, translated.
    @discardableResult
    public func syncNow() async -> Bool {
        update {
            $0.requested = true
            $0.message = nil
        }
        var ok = true
        do {
            try await sync.syncNow()
        } catch {
            ok = false
            update { $0.message = FormErrors.of(error, formFields: []).form }
        }
        // The outcome is the client's state now; the listener may deliver it a moment later.
        let now = sync.client.state()
        update {
            $0.requested = false
            $0.live = now
        }
        refresh()
        return ok
    }

    /// Restores a conflict's losing value (a new edit, which wins and is
    /// synced next). Returns whether it was restored.
    @discardableResult
    public func restoreConflict(_ id: String) -> Bool {
        act { _ = try self.store.restoreConflict(conflictId: id) }
    }

    /// Dismisses a conflict: the current value stands. Returns whether it was dismissed.
    @discardableResult
    public func dismissConflict(_ id: String) -> Bool {
        act { try self.store.dismissConflict(conflictId: id) }
    }

    private func act(_ action: () throws -> Void) -> Bool {
        var ok = true
        do {
            try action()
            update { $0.message = nil }
        } catch {
            ok = false
            update { $0.message = FormErrors.of(error, formFields: []).form }
        }
        refresh()
        return ok
    }

    private func onLive(_ live: SyncState?) {
        guard let live else { return }
        // A progress update that arrives after the sync ended (the listener
        // lags behind; syncNow already set the outcome) is stale.
        if case .syncing = live, !isSyncing(sync.client.state()) { return }
        update {
            $0.live = live
            if case let .syncing(_, _, _, pending) = live { $0.pending = pending }
        }
        if live.hasEnded { refresh() }
    }

    private func isSyncing(_ s: SyncState) -> Bool {
        if case .syncing = s { return true }
        return false
    }

    private func rejectedRow(_ op: RejectedOp) -> RejectedRow {
        RejectedRow(
            opId: op.opId,
            entity: Self.entities[op.entity].map { UiText.resource(key: $0, args: []) } ?? .raw(op.entity),
            entityId: op.entityId,
            error: .error(code: op.code, reason: op.reason),
            recordedAt: Format.vietnamTime(op.recordedAt)
        )
    }

    private func conflictRow(_ c: ConflictInfo) -> ConflictRow {
        ConflictRow(
            id: c.id, memberId: c.memberId, memberName: c.memberName,
            field: Self.fields[c.field].map { UiText.resource(key: $0, args: []) } ?? .raw(c.field),
            losingValue: conflictValue(field: c.field, json: c.losingValue),
            losingAuthor: author(c.losingAuthor),
            winningAuthor: author(c.winningAuthor)
        )
    }

    private func author(_ a: String?) -> UiText {
        guard let a else { return .res("sync_author_unknown") }
        if a.hasPrefix("admin:") { return .res("sync_author_admin") }
        guard let m = try? store.member(memberId: a) else { return .res("sync_author_unknown") }
        return .raw(m.fullName)
    }

    /// The core's entity names, translated.
    nonisolated private static let entities: [String: String] = [
        "club": "sync_entity_club",
        "member": "sync_entity_member",
        "duplicate_flag": "sync_entity_duplicate_flag",
        "visit": "sync_entity_visit",
        "visit_void": "sync_entity_visit_void",
        "meeting": "sync_entity_meeting",
        "activity": "sync_entity_activity",
        "journal": "sync_entity_journal",
        "loan": "sync_entity_loan",
        "loan_write_off": "sync_entity_loan_write_off",
    ]

    /// A member's fields as conflicts name them (the core's snake_case), translated.
    nonisolated private static let fields: [String: String] = [
        "full_name": "sync_field_full_name",
        "sex": "sync_field_sex",
        "birth": "sync_field_birth",
        "ethnicity_code": "sync_field_ethnicity",
        "household": "sync_field_household",
        "disabled": "sync_field_disabled",
        "lives_alone": "sync_field_lives_alone",
        "hamlet": "sync_field_hamlet",
        "phone": "sync_field_phone",
        "roles": "sync_field_roles",
    ]

    /// Every catalog key the tables above name (tests check each has a string).
    nonisolated static var tableKeys: [String] { Array(entities.values) + Array(fields.values) }
}

extension SyncState {
    /// Whether this is a sync's outcome (done or failed): what screens
    /// showing the club's data re-read on, rather than each progress step.
    public var hasEnded: Bool {
        switch self {
        case .done, .failed: true
        case .idle, .syncing: false
        }
    }
}

/// The state line of the sync screen for a live state (the Android app's `stateLine`).
public func stateLine(_ live: SyncState, enrolled: Bool) -> UiText {
    switch live {
    case .idle:
        enrolled ? .res("sync_state_idle") : .res("sync_state_not_enrolled")
    case let .syncing(phase, sent, received, pending):
        phase == .push ? .res("sync_state_pushing", .int(Int64(sent)), .int(pending)) : .res("sync_state_pulling", .int(Int64(received)))
    case let .done(report):
        .res("sync_state_done", .int(Int64(report.sent)), .int(Int64(report.received)))
    case .failed:
        .res("sync_state_failed")
    }
}

/// A conflict's losing value (JSON text, as the core keeps it) for the
/// screen: a string unquoted (a phone as `0943 733 416`), `true`/`false` as
/// yes/no, `null` as "empty", a list of roles translated; anything else as
/// it is. The Android app's `conflictValue`.
public func conflictValue(field: String, json: String) -> [UiText] {
    let t = json.trimmingCharacters(in: .whitespacesAndNewlines)
    switch t {
    case "null": return [.res("sync_value_empty")]
    case "true": return [.res("sync_value_yes")]
    case "false": return [.res("sync_value_no")]
    default: break
    }
    let parsed = try? JSONSerialization.jsonObject(with: Data(t.utf8), options: [.fragmentsAllowed])
    if t.hasPrefix("\"") {
        guard let s = parsed as? String else { return [.raw(t)] }
        if field == "phone" { return [.raw((try? parsePhone(text: s).display) ?? s)] }
        if field == "roles" { return [conflictRole(s)] }
        return [.raw(s)]
    }
    if t.hasPrefix("[") {
        guard let array = parsed as? [Any] else { return [.raw(t)] }
        let items = array.compactMap { $0 as? String }
        guard items.count == array.count else { return [.raw(t)] }
        if items.isEmpty { return [.res("sync_value_empty")] }
        return items.map { field == "roles" ? conflictRole($0) : .raw($0) }
    }
    return [.raw(t)]
}

/// A role as the core names it in JSON (`treasurer`, `home_care_volunteer`), translated.
private func conflictRole(_ name: String) -> UiText {
    guard let role = Role.allCases.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) else { return .raw(name) }
    return .resource(key: role.key, args: [])
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
