import ISHCKit
import SwiftUI

/// The home page (*trang chủ*) by role: a volunteer's care recipients due
/// for a visit (each opening the visit form for them, and "log a visit"
/// for anyone, always there), a treasurer's repayments due today, overdue
/// loans and portfolio at risk, a member's own savings and loans, in that
/// order for someone with several roles. With no one chosen as using the phone, it
/// sends to the settings. Layout and bindings only (`HomeViewModel`). The
/// Android app's HomeScreen.
struct HomeView: View {
    @ObservedObject var home: HomeViewModel
    @ObservedObject var sync: SyncViewModel
    /// Reads the page again (MainView: with the acting member of the settings).
    let refresh: () -> Void
    @Environment(\.strings) private var strings

    var body: some View {
        let s = home.state
        let syncModel = sync
        List {
            Section {
                if !s.name.isEmpty {
                    Text(strings("home_hello", .text(s.name))).font(.title2.bold())
                }
                if !s.today.isEmpty { Text(strings("home_today", .text(s.today))) }
                if let e = s.error { ErrorLine(text: strings.text(e)) }
                if s.actingId == nil {
                    Text(strings("settings_acting")).font(.headline)
                    Text(strings("settings_acting_explain")).font(.callout)
                    NavigationLink(value: Route.settings) {
                        Label(strings("settings_title"), systemImage: "person.crop.circle.badge.questionmark")
                            .frame(minHeight: 48)
                    }
                } else if s.error == nil && s.sections.isEmpty {
                    Text(strings("home_nothing"))
                }
            }
            ForEach(s.sections, id: \.self) { section in
                switch section {
                case let .visits(v): visits(v)
                case let .treasury(t): treasury(t)
                case let .mine(m): mine(m)
                }
            }
        }
        .navigationTitle(strings("home_title"))
        // Pulling the page down syncs (MainView reads the page again when the sync's state changes).
        .refreshable { await syncModel.syncNow() }
        .onAppear(perform: refresh)
    }

    @ViewBuilder
    private func visits(_ v: HomeVisits) -> some View {
        Section(strings("home_visits_title")) {
            // Always there: a visit to someone not (yet) due, or picked in the form.
            NavigationLink(value: Route.visit(recipientId: nil)) {
                Label(strings("home_log_visit"), systemImage: "square.and.pencil")
                    .font(.headline)
                    .frame(minHeight: 48)
            }
            .accessibilityIdentifier("home:log-visit")
            if v.due.isEmpty { Text(strings("home_visits_none")) }
            ForEach(v.due) { r in
                NavigationLink(value: Route.visit(recipientId: r.recipientId)) {
                    VStack(alignment: .leading, spacing: 4) {
                        Text(r.name).font(.headline)
                        let since = r.daysSince.map { strings("home_visit_days", .int($0)) } ?? strings("home_visit_never")
                        Text([r.hamlet, since].filter { !$0.isEmpty }.joined(separator: " · "))
                        Text(strings("home_log_visit")).foregroundStyle(Color.accentColor)
                    }
                    .padding(.vertical, 4)
                    .accessibilityElement(children: .combine)
                    .accessibilityHint(strings("home_log_visit_for", .text(r.name)))
                }
            }
        }
    }

    @ViewBuilder
    private func treasury(_ t: HomeTreasury) -> some View {
        Section(strings("home_due_today_title")) {
            if t.dueToday.isEmpty { Text(strings("home_due_today_none")) }
            ForEach(t.dueToday) { d in
                NavigationLink(value: Route.repayment(loanId: d.loanId)) {
                    VStack(alignment: .leading, spacing: 4) {
                        Text(d.borrowerName).font(.headline)
                        Text(strings("home_due_line", .int(Int64(d.installment)), .text(d.amount.text)))
                        Text(strings("home_record_repayment")).foregroundStyle(Color.accentColor)
                    }
                    .padding(.vertical, 4)
                    .accessibilityElement(children: .combine)
                    .accessibilityHint(strings("home_record_repayment_for", .text(d.borrowerName)))
                }
            }
        }
        Section(strings("home_overdue_title")) {
            if t.overdue.isEmpty { Text(strings("home_overdue_none")) }
            ForEach(t.overdue) { o in
                NavigationLink(value: Route.loan(loanId: o.loanId)) {
                    VStack(alignment: .leading, spacing: 4) {
                        Text(o.borrowerName).font(.headline)
                        Text(strings("home_overdue_line", .text(o.overdue.text), .int(Int64(o.daysPastDue)))).foregroundStyle(Color.red)
                        Text(strings("home_open_loan")).foregroundStyle(Color.accentColor)
                    }
                    .padding(.vertical, 4)
                    .accessibilityElement(children: .combine)
                    .accessibilityHint(strings("home_open_loan_for", .text(o.borrowerName)))
                }
            }
        }
        let par = t.portfolioAtRisk
        Section(strings("home_par_title", .int(Int64(par.days)))) {
            Text(strings("home_par_outstanding", .text(par.outstanding.text)))
            Text(strings("home_par_at_risk", .text(par.atRisk.text)))
            Text(strings("home_par_ratio", .text(par.percent)))
                .font(.body.bold())
                .foregroundStyle(par.ratioBp > 0 ? Color.red : Color.primary)
        }
    }

    @ViewBuilder
    private func mine(_ m: HomeMine) -> some View {
        Section(strings("home_mine_title")) {
            Text(strings("home_my_savings", .text(m.savings.text))).font(.headline)
            NavigationLink(value: Route.savings(memberId: m.memberId)) {
                Text(strings("home_open_passbook")).frame(minHeight: 48)
            }
            if m.loans.isEmpty { Text(strings("home_my_loans_none")) }
            ForEach(m.loans) { l in
                NavigationLink(value: Route.loan(loanId: l.loanId)) {
                    VStack(alignment: .leading, spacing: 4) {
                        Text(strings("home_my_loan", .text(l.principal.text))).font(.headline)
                        Text(strings("loan_principal_outstanding", .text(l.outstanding.text)))
                        if let due = l.nextDueOn, let amount = l.nextAmount {
                            Text(strings("home_my_loan_next", .text(due), .text(amount.text)))
                        }
                        Text(strings("home_open_loan")).foregroundStyle(Color.accentColor)
                    }
                    .padding(.vertical, 4)
                    .accessibilityElement(children: .combine)
                }
            }
        }
    }
}
