import ISHCKit
import SwiftUI

/// Where a tap can lead, in any tab: each tab's `NavigationStack` shows
/// these with ``RouteView`` (`View.routes`), so a member's page opens a
/// loan the same way the loan list does.
enum Route: Hashable {
    /// Log a visit, for this care recipient if one was tapped.
    case visit(recipientId: String?)
    /// Record a repayment on this loan.
    case repayment(loanId: String)
    /// A loan's detail (schedule, repayments, reversal, write-off).
    case loan(loanId: String)
    /// A member's savings passbook (deposit, withdrawal, reversal).
    case savings(memberId: String)
    /// A member's page.
    case member(memberId: String)
    /// A care recipient's visit history with the blood-pressure trend.
    case visitHistory(recipientId: String)
    /// Register a person.
    case registerMember
    /// Possible duplicates to review.
    case duplicates
    /// Disburse a loan.
    case disburse
    /// The settings (who is using the phone).
    case settings
}

/// The screen of a ``Route``, made with the app's store, drafts and the
/// acting member (the volunteer of a visit, whose roles offer write-off and
/// voiding a visit).
struct RouteView: View {
    let route: Route
    @ObservedObject var app: AppModel
    let opened: AppServices.Opened
    @ObservedObject var settings: SettingsViewModel
    /// The club's name, for the repayment receipt.
    let clubName: String

    var body: some View {
        switch route {
        case let .visit(recipientId):
            VisitView(store: opened.store, volunteerId: app.settings.actingMemberId ?? "", drafts: opened.drafts, recipientId: recipientId)
        case let .repayment(loanId):
            RepaymentView(store: opened.store, loanId: loanId, clubName: clubName)
        case let .loan(loanId):
            LoanDetailView(store: opened.store, loanId: loanId, actingMemberId: app.settings.actingMemberId)
        case let .savings(memberId):
            SavingsView(store: opened.store, memberId: memberId)
        case let .member(memberId):
            MemberDetailView(store: opened.store, memberId: memberId)
        case let .visitHistory(recipientId):
            VisitHistoryView(store: opened.store, recipientId: recipientId, actingMemberId: app.settings.actingMemberId)
        case .registerMember:
            MemberFormView(store: opened.store, drafts: opened.drafts)
        case .duplicates:
            DuplicatesView(store: opened.store)
        case .disburse:
            DisburseView(store: opened.store)
        case .settings:
            SettingsView(model: settings)
        }
    }
}

extension View {
    /// Shows the app's routes in this navigation stack.
    func routes(app: AppModel, opened: AppServices.Opened, settings: SettingsViewModel, clubName: String) -> some View {
        navigationDestination(for: Route.self) { route in
            RouteView(route: route, app: app, opened: opened, settings: settings, clubName: clubName)
        }
    }
}
