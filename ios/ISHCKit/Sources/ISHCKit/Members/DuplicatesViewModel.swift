import Foundation
import IshcCore

/// A merge chosen and waiting for its confirmation (a merge cannot be undone).
public struct PendingMerge: Sendable, Hashable {
    /// The flag, as `DuplicatePair.id`.
    public var flagId: String
    /// The record kept.
    public var kept: MemberInfo
    /// The record folded into ``kept``.
    public var merged: MemberInfo
    /// Whether the kept record is the pair's first (*A*) rather than its second (*B*).
    public var keptIsA: Bool
}

/// What the possible-duplicates screen shows.
public struct DuplicatesState: Sendable, Equatable {
    /// Open flags: pairs that may be one person registered twice.
    public var pairs: [DuplicatePair] = []
    /// The merge waiting for "yes, merge", if one was chosen.
    public var pending: PendingMerge?
    /// What the last merge or dismissal did.
    public var done: UiText?
    /// The core's refusal (already resolved on another phone, not permitted).
    public var errors = FormErrors()

    public init() {}
}

/// Possible duplicates (*có thể trùng*): pairs the core flagged at
/// registration (or from a sync) for someone to look at. For each pair,
/// keep one record (the other is folded into it: its visits and money then
/// count for the kept one; both records stay in the database) after a
/// confirmation, or say they are two different people. The Android app's
/// `DuplicatesModel`.
///
/// Needs an acting member or local administration on the store.
public final class DuplicatesViewModel: ViewModel<DuplicatesState> {
    private let store: ClubStore

    public init(store: ClubStore) {
        self.store = store
        super.init(state: DuplicatesState())
        reload()
    }

    /// Reads the open flags again.
    public func reload() {
        do {
            let pairs = try store.possibleDuplicates()
            update { $0.pairs = pairs }
        } catch {
            update { $0.errors = FormErrors.of(error, formFields: []) }
        }
    }

    /// Chooses to keep `keptId` of the pair `flagId`; nothing is merged until ``confirmMerge()``.
    public func chooseKeep(flagId: String, keptId: String) {
        guard let pair = state.pairs.first(where: { $0.id == flagId }) else { return }
        let keptIsA = pair.a.id == keptId
        update {
            $0.pending = PendingMerge(flagId: flagId, kept: keptIsA ? pair.a : pair.b, merged: keptIsA ? pair.b : pair.a, keptIsA: keptIsA)
            $0.done = nil
            $0.errors = FormErrors()
        }
    }

    /// Goes back without merging.
    public func cancelMerge() {
        update { $0.pending = nil }
    }

    /// Merges the pending choice (`ClubStore.mergeDuplicate`). Returns
    /// whether it was merged; on a refusal (`duplicate.resolved`, …) the
    /// error is set and the list read again.
    @discardableResult
    public func confirmMerge() -> Bool {
        guard let p = state.pending else { return false }
        return act {
            try self.store.mergeDuplicate(flagId: p.flagId, keptId: p.kept.id, mergedId: p.merged.id)
            return .res("members_dup_merged", .text(p.kept.fullName))
        }
    }

    /// Records that the pair `flagId` are two different people (`ClubStore.dismissDuplicate`).
    @discardableResult
    public func dismiss(_ flagId: String) -> Bool {
        guard let pair = state.pairs.first(where: { $0.id == flagId }) else { return false }
        return act {
            try self.store.dismissDuplicate(flagId: flagId)
            return .res("members_dup_dismissed", .text(pair.a.fullName), .text(pair.b.fullName))
        }
    }

    private func act(_ action: () throws -> UiText) -> Bool {
        var ok = true
        do {
            let done = try action()
            update {
                $0.pending = nil
                $0.done = done
                $0.errors = FormErrors()
            }
        } catch {
            ok = false
            update {
                $0.pending = nil
                $0.done = nil
                $0.errors = FormErrors.of(error, formFields: [])
            }
        }
        reload()
        return ok
    }
}
