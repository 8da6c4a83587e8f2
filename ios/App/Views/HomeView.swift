import ISHCKit
import SwiftUI

/// The home page (*trang chính*) by role: who is using the phone, then what
/// they may do (a volunteer: visits due; a treasurer: loans to collect;
/// the chair: both), the sync line and the app's settings. Layout and
/// bindings only (`HomeViewModel`). The Android app's HomeScreen.
struct HomeView: View {
    @ObservedObject var app: AppModel
    @ObservedObject var home: HomeViewModel
    @ObservedObject var sync: SyncViewModel
    let opened: AppServices.Opened
    @Environment(\.strings) private var strings

    enum Route: Hashable {
        case visit(volunteerId: String)
        case repayment(loanId: String)
    }

    var body: some View {
        let s = home.state
        let syncModel = sync
        List {
            Section {
                Text(s.clubName ?? "").font(.title2.bold())
                if let acting = s.acting {
                    AdaptiveStack {
                        Text(strings("home_acting", .text(acting.name)))
                        Button(strings("home_change")) { choose(nil) }
                    }
                }
                if let e = s.error { ErrorLine(text: strings.text(e)) }
            }
            if s.acting == nil {
                Section(strings("home_who")) {
                    ForEach(s.people) { p in
                        ChoiceRow(title: p.name, detail: p.roles.map { strings($0.key) }.joined(separator: ", "), selected: false) {
                            choose(p.id)
                        }
                    }
                }
            }
            if s.canLogVisits, let acting = s.acting {
                Section {
                    NavigationLink(value: Route.visit(volunteerId: acting.id)) {
                        VStack(alignment: .leading, spacing: 4) {
                            Text(strings("home_visit")).font(.headline)
                            Text(strings("home_recipients_due", .int(Int64(s.recipientsDue))))
                        }
                    }
                }
            }
            if s.canRecordMoney {
                Section(strings("home_loans")) {
                    if s.loans.isEmpty { Text(strings("home_no_loans")).foregroundStyle(.secondary) }
                    ForEach(s.loans) { loan in
                        NavigationLink(value: Route.repayment(loanId: loan.id)) {
                            VStack(alignment: .leading, spacing: 4) {
                                Text(loan.borrower).font(.headline)
                                Text(strings("home_loan_outstanding", .text(loan.principalOutstanding)))
                                if let overdue = loan.overdue {
                                    Text(strings("home_loan_overdue", .text(overdue), .int(Int64(loan.daysPastDue))))
                                        .foregroundStyle(Color.red)
                                }
                            }
                        }
                    }
                }
            }
            Section(strings("home_sync_title")) {
                Text(strings.text(sync.state.line.text))
                if let e = sync.state.line.error { ErrorLine(text: strings.text(e)) }
                Button(strings("home_sync_now")) { Task { await sync.syncNow() } }
                    .disabled(sync.state.line.running)
                    .frame(minHeight: 44)
            }
            Section(strings("settings_title")) {
                Picker(strings("home_language"), selection: $app.settings.language) {
                    Text(strings("home_language_vi")).tag(AppLanguage.vi)
                    Text(strings("home_language_en")).tag(AppLanguage.en)
                }
                Picker(strings("home_text_size"), selection: $app.settings.textSize) {
                    ForEach(TextSize.allCases, id: \.self) { size in Text(strings(size.key)).tag(size) }
                }
            }
        }
        .navigationTitle(strings("app_name"))
        .navigationDestination(for: Route.self) { route in
            switch route {
            case let .visit(volunteerId):
                VisitView(store: opened.store, volunteerId: volunteerId, drafts: opened.drafts)
            case let .repayment(loanId):
                RepaymentView(store: opened.store, loanId: loanId, clubName: s.clubName ?? "")
            }
        }
        // Pulling the page down syncs (the page is read again when the sync's state changes: MainView).
        .refreshable { await syncModel.syncNow() }
        .onAppear { home.refresh(actingId: app.settings.actingMemberId) }
    }

    private func choose(_ id: String?) {
        app.settings.actingMemberId = id
        home.refresh(actingId: id)
    }
}
