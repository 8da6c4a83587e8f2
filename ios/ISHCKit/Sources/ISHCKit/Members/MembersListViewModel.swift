import Foundation
import IshcCore

/// What the members list shows.
public struct MembersListState: Sendable, Equatable {
    /// The search as typed: part of a name (any case, with or without
    /// diacritics, `d` for `đ`) or phone digits.
    public var search = ""
    /// Whether people who left the club are listed too.
    public var includeLeft = false
    /// The people found, in Vietnamese order by given name (*tên*), each with
    /// their savings and loan principal outstanding today (the core's
    /// `Money`, đồng with its `1.500.000 ₫` text).
    public var rows: [MemberRow] = []
    /// How many possible duplicates wait for review (0: none).
    public var duplicates = 0
    /// Why the list could not be read, if it could not.
    public var error: UiText?

    public init() {}
}

/// The club's people (*hội viên*): a search box that forgives missing
/// diacritics (`duc` finds `Võ Thị Đức`, `nguyen thi` finds `Nguyễn Thị …`
/// however the name was typed) and matches phone digits, and a switch to
/// include people who left. Searching and ordering are the core's
/// (`ClubStore.listMembers`), so every phone lists people the same way.
/// The Android app's `MembersListModel`.
///
/// Searches on every keystroke: a club has 50–70 people, a search takes a
/// millisecond or two.
public final class MembersListViewModel: ViewModel<MembersListState> {
    private let store: ClubStore

    public init(store: ClubStore) {
        self.store = store
        super.init(state: MembersListState())
        refresh()
    }

    /// Searches again as `text` is typed; a blank search lists everyone.
    public func setSearch(_ text: String) {
        update { $0.search = text }
        refresh()
    }

    /// Lists people who left too (`include`) or only current people.
    public func setIncludeLeft(_ include: Bool) {
        update { $0.includeLeft = include }
        refresh()
    }

    /// Reads the list again (after a registration, a merge or a sync).
    public func refresh() {
        let s = state
        do {
            let search = s.search.trimmed
            let rows = try store.listMembers(search: search.isEmpty ? nil : search, includeLeft: s.includeLeft)
            let duplicates = try store.possibleDuplicates().count
            update {
                $0.rows = rows
                $0.duplicates = duplicates
                $0.error = nil
            }
        } catch {
            update {
                $0.rows = []
                $0.error = FormErrors.of(error, formFields: []).form
            }
        }
    }
}
