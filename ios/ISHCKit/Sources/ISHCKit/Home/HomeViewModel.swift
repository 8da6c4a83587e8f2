import Foundation
import IshcCore

/// Someone who can use the app on this phone: a member with a club role.
public struct PersonChoice: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// Their roles, in the core's order (never only `careRecipient`).
    public var roles: [Role]
}

/// An active loan in the home page's list.
public struct LoanRow: Sendable, Hashable, Identifiable {
    public var id: String
    public var borrower: String
    /// Principal still owed, as the core formats money (`2.500.000 ₫`).
    public var principalOutstanding: String
    /// The overdue amount, or `nil` when nothing is overdue.
    public var overdue: String?
    /// Days the oldest unpaid installment is late (0 when none is).
    public var daysPastDue: Int
}

/// What the home page shows.
public struct HomeState: Sendable, Equatable {
    /// Whether the first load is still running.
    public var loading = true
    /// The club's name, or `nil` when this phone holds no club yet: a new
    /// phone is enrolled with the provincial server first, then syncs.
    public var clubName: String?
    /// Who can act on this phone, to pick from.
    public var people: [PersonChoice] = []
    /// The member acting on this phone, if one was picked.
    public var acting: PersonChoice?
    /// Care recipients not visited in the last ``HomeViewModel/dueDays`` days.
    public var recipientsDue = 0
    /// Active loans, most days past due first (the core's order).
    public var loans: [LoanRow] = []
    /// Changes on this phone not yet sent to the server.
    public var pending: Int64 = 0
    /// Why the page could not be read, if it could not.
    public var error: UiText?

    public init() {}

    /// Whether the acting person may record money (treasurer or chair: the core's rule).
    public var canRecordMoney: Bool { acting?.roles.contains { $0 == .treasurer || $0 == .chair } ?? false }
    /// Whether the acting person may log visits (home-care volunteer or chair: the core's rule).
    public var canLogVisits: Bool { acting?.roles.contains { $0 == .homeCareVolunteer || $0 == .chair } ?? false }
}

/// The home page (*trang chính*): the club, who is acting, how many care
/// recipients are due a visit, the active loans to collect from, and how
/// much is waiting to sync. The Android app's `HomeModel`.
///
/// Who acts is the app's setting; the view model applies it to the store
/// (`setActingMember`) so that every change is recorded under that member.
public final class HomeViewModel: ViewModel<HomeState> {
    private let store: ClubStore
    /// How many days without a visit makes a care recipient due.
    public let dueDays: UInt32

    public init(store: ClubStore, dueDays: UInt32 = 7) {
        self.store = store
        self.dueDays = dueDays
        super.init(state: HomeState())
    }

    /// Reads everything again (on opening the page, after a sync, after a
    /// form was saved) and makes `actingId` the store's acting member. An
    /// `actingId` no longer in the club (merged, left) is dropped: the page
    /// then asks who is using the phone.
    public func refresh(actingId: String?) {
        do {
            state = try read(actingId)
        } catch {
            update {
                $0.loading = false
                $0.error = FormErrors.of(error, formFields: []).form
            }
        }
    }

    private func read(_ actingId: String?) throws -> HomeState {
        var s = HomeState()
        s.loading = false
        let club: ClubInfo
        do {
            club = try store.club()
        } catch IshcError.NotFound {
            s.pending = try store.pendingCount()
            return s
        }
        s.clubName = club.name
        s.people = try store.listMembers(search: nil, includeLeft: false)
            .map(\.member)
            .filter { $0.roles.contains { $0 != .careRecipient } }
            .map { PersonChoice(id: $0.id, name: $0.fullName, roles: $0.roles) }
        s.acting = s.people.first { $0.id == actingId }
        try store.setActingMember(memberId: s.acting?.id)
        s.loans = try store.loans(asOf: nil, includeClosed: false)
            .filter { $0.status == .active }
            .map {
                let p = $0.position
                return LoanRow(
                    id: $0.id, borrower: $0.borrowerName, principalOutstanding: p.principalOutstanding.text,
                    overdue: p.overdue.dong > 0 ? p.overdue.text : nil, daysPastDue: Int(p.daysPastDue)
                )
            }
        s.recipientsDue = try store.recipientsDue(days: dueDays, asOf: nil).count
        s.pending = try store.pendingCount()
        return s
    }
}
