import Foundation
import IshcCore

/// A care recipient due for a visit, as the volunteer's list shows them.
public struct HomeVisitDue: Sendable, Hashable, Identifiable {
    public var recipientId: String
    public var name: String
    /// Hamlet (*ấp*, *tổ*): where to go.
    public var hamlet: String
    /// Days since the last visit, or `nil` if never visited (those come first).
    public var daysSince: Int64?

    public var id: String { recipientId }
}

/// An installment falling due today and not yet fully paid.
public struct HomeRepaymentDue: Sendable, Hashable, Identifiable {
    public var loanId: String
    public var borrowerName: String
    /// The installment's 1-based number.
    public var installment: Int
    /// What is still to pay on it today (its total less what was paid against it).
    public var amount: Money

    public var id: String { "\(loanId)#\(installment)" }
}

/// A loan past due, for the treasurer's follow-up.
public struct HomeOverdueLoan: Sendable, Hashable, Identifiable {
    public var loanId: String
    public var borrowerName: String
    /// Installments that fell due before today and are unpaid.
    public var overdue: Money
    /// Days past due of the oldest unpaid installment (more than 0).
    public var daysPastDue: Int

    public var id: String { loanId }
}

/// Portfolio at risk (SEEP): outstanding principal of loans more than `days` days past due.
public struct HomePortfolioAtRisk: Sendable, Hashable {
    public var days: Int
    /// All outstanding principal of active loans.
    public var outstanding: Money
    /// Outstanding principal of the loans past the threshold.
    public var atRisk: Money
    /// The ratio in basis points (10.000 = 100 %).
    public var ratioBp: Int
    /// The ratio as a percent with one decimal, written the Vietnamese way: `12,5%`.
    public var percent: String
}

/// One of the acting member's own active loans.
public struct HomeMyLoan: Sendable, Hashable, Identifiable {
    public var loanId: String
    public var principal: Money
    /// Principal outstanding (*dư nợ gốc*) today.
    public var outstanding: Money
    /// The next installment not fully paid: due date `dd/MM/yyyy` (or `nil` if none is left).
    public var nextDueOn: String?
    /// What is still to pay on that installment.
    public var nextAmount: Money?

    public var id: String { loanId }
}

/// For a home-care volunteer or the chair: care recipients due for a visit.
public struct HomeVisits: Sendable, Hashable {
    public var due: [HomeVisitDue]
}

/// For a treasurer, the chair or the accountant: today's repayments, overdue loans, PAR30.
public struct HomeTreasury: Sendable, Hashable {
    public var dueToday: [HomeRepaymentDue]
    /// Most days past due first.
    public var overdue: [HomeOverdueLoan]
    public var portfolioAtRisk: HomePortfolioAtRisk
}

/// For a club member: their own savings and loans.
public struct HomeMine: Sendable, Hashable {
    public var memberId: String
    public var savings: Money
    public var loans: [HomeMyLoan]
}

/// A part of the home page; which ones show depends on the acting member's
/// roles. The Android app's `HomeSection` (`Visits`, `Treasury`, `Mine`).
public enum HomeSection: Sendable, Hashable {
    case visits(HomeVisits)
    case treasury(HomeTreasury)
    case mine(HomeMine)
}

/// What the home page shows.
public struct HomeState: Sendable, Equatable {
    /// Whether the first read is still to come.
    public var loading = true
    /// The club's name, or `nil` when this phone holds no club yet: a new
    /// phone is enrolled with the provincial server first, then syncs.
    public var clubName: String?
    /// The member acting on this phone, or `nil` when no one was chosen
    /// (the page then sends to the settings to choose).
    public var actingId: String?
    /// The acting member's full name.
    public var name = ""
    /// Their roles, in the register's display order.
    public var roles: [Role] = []
    /// The day the page is for, `dd/MM/yyyy`.
    public var today = ""
    /// In this order when present: visits, treasury, mine.
    public var sections: [HomeSection] = []
    /// Why the page could not be read (the member is gone, the database failed).
    public var error: UiText?

    public init() {}

    /// The volunteer's section, if the acting member sees it.
    public var visits: HomeVisits? {
        for case let .visits(v) in sections { return v }
        return nil
    }

    /// The treasurer's section, if the acting member sees it.
    public var treasury: HomeTreasury? {
        for case let .treasury(t) in sections { return t }
        return nil
    }

    /// The member's own section, if the acting member sees it.
    public var mine: HomeMine? {
        for case let .mine(m) in sections { return m }
        return nil
    }
}

/// The home page (*trang chủ*): what comes first depends on who is acting.
/// The Android app's `HomeModel`.
///
/// - A home-care volunteer (or the chair) sees the care recipients not
///   visited in the last ``visitDays`` days: never visited first, then
///   longest since, each with a "log a visit" action.
/// - A treasurer (or the chair, or the accountant) sees today's repayments
///   due (installments of active loans due today and not fully paid), the
///   overdue loans (most days past due first) and the portfolio at risk
///   over ``parDays`` days.
/// - A club member sees their own savings balance and active loans.
///
/// Someone with several roles sees every section that applies, in that
/// order. Who acts is the settings' (``SettingsViewModel`` sets it on the
/// store); this page only reads. Reads the store synchronously.
public final class HomeViewModel: ViewModel<HomeState> {
    /// Days without a visit that make a care recipient due.
    public static let visitDays: UInt32 = 7
    /// The portfolio-at-risk threshold, days (PAR30).
    public static let parDays: UInt32 = 30

    private let store: ClubStore
    private static let volunteerRoles: Set<Role> = [.homeCareVolunteer, .chair]
    private static let treasuryRoles: Set<Role> = [.treasurer, .chair, .accountant]

    public init(store: ClubStore) {
        self.store = store
        super.init(state: HomeState())
    }

    /// Reads everything again (on opening the page, after a sync, after a
    /// form was saved) for `actingId` (`nil`: no one chosen yet) on `today`
    /// (`YYYY-MM-DD`; `nil`: the store's today, Vietnam's date by the
    /// phone's clock; tests pass a day).
    public func refresh(actingId: String?, today: String? = nil) {
        do {
            state = try read(actingId, today)
        } catch {
            update {
                $0.loading = false
                $0.error = FormErrors.of(error, formFields: []).form
            }
        }
    }

    private func read(_ actingId: String?, _ day: String?) throws -> HomeState {
        var s = HomeState()
        s.loading = false
        do {
            s.clubName = try store.club().name
        } catch IshcError.NotFound {
            return s // no club yet: the app enrols
        }
        let today = try day ?? store.today()
        s.today = Format.date(today)
        s.actingId = actingId
        guard let actingId else { return s }
        let me: MemberInfo
        do {
            me = try store.member(memberId: actingId)
        } catch {
            s.error = FormErrors.of(error, formFields: []).form
            return s
        }
        s.name = me.fullName
        s.roles = me.roles
        if me.roles.contains(where: Self.volunteerRoles.contains) { s.sections.append(.visits(try visits(today))) }
        if me.roles.contains(where: Self.treasuryRoles.contains) { s.sections.append(.treasury(try treasury(today))) }
        if me.membership == .member { s.sections.append(.mine(try mine(actingId, today))) }
        return s
    }

    private func visits(_ today: String) throws -> HomeVisits {
        HomeVisits(due: try store.recipientsDue(days: Self.visitDays, asOf: today).map {
            HomeVisitDue(recipientId: $0.member.id, name: $0.member.fullName, hamlet: $0.member.hamlet, daysSince: $0.daysSince)
        })
    }

    private func treasury(_ today: String) throws -> HomeTreasury {
        let loans = try store.loans(asOf: today, includeClosed: false).filter { $0.status == .active }
        let dueToday = loans.flatMap { loan in
            loan.position.installments
                .filter { $0.dueOn == today && $0.state != .paid }
                .map {
                    HomeRepaymentDue(
                        loanId: loan.id, borrowerName: loan.borrowerName, installment: Int($0.number),
                        amount: Format.moneyValue($0.total.dong - $0.paid.dong)
                    )
                }
        }
        // Most days past due first; ties keep the core's order.
        let overdue = loans.enumerated()
            .filter { $0.element.position.daysPastDue > 0 }
            .sorted { ($1.element.position.daysPastDue, $0.offset) < ($0.element.position.daysPastDue, $1.offset) }
            .map(\.element)
            .map {
                HomeOverdueLoan(
                    loanId: $0.id, borrowerName: $0.borrowerName, overdue: $0.position.overdue, daysPastDue: Int($0.position.daysPastDue)
                )
            }
        let par = try store.portfolioAtRisk(asOf: today, days: Self.parDays)
        return HomeTreasury(
            dueToday: dueToday,
            overdue: overdue,
            portfolioAtRisk: HomePortfolioAtRisk(
                days: Int(par.days), outstanding: par.outstanding, atRisk: par.atRisk,
                ratioBp: Int(par.ratioBp), percent: Self.percentText(Int(par.ratioBp))
            )
        )
    }

    private func mine(_ memberId: String, _ today: String) throws -> HomeMine {
        let loans = try store.loans(asOf: today, includeClosed: false)
            .filter { $0.borrowerId == memberId && $0.status == .active }
            .map { loan in
                let next = loan.position.installments.first { $0.state != .paid }
                return HomeMyLoan(
                    loanId: loan.id, principal: loan.principal, outstanding: loan.position.principalOutstanding,
                    nextDueOn: next.map { Format.date($0.dueOn) },
                    nextAmount: next.map { Format.moneyValue($0.total.dong - $0.paid.dong) }
                )
            }
        return HomeMine(memberId: memberId, savings: try store.savingsBalance(memberId: memberId), loans: loans)
    }

    /// Basis points as a percent with one decimal, rounded half up, with a
    /// decimal comma as the clubs write it: 1234 → `12,3%`, 10000 → `100,0%`.
    nonisolated public static func percentText(_ ratioBp: Int) -> String {
        let tenths = (ratioBp + 5) / 10
        return "\(tenths / 10),\(tenths % 10)%"
    }
}
