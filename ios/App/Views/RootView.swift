import ISHCKit
import SwiftUI

/// The app's first view: the database opening, a failure to open it, or
/// the app (enrolment on a phone with no club yet, else the tabs).
struct RootView: View {
    @ObservedObject var app: AppModel
    @Environment(\.strings) private var strings

    var body: some View {
        switch app.phase {
        case .opening:
            ProgressView(strings("home_loading"))
        case let .failed(error):
            VStack(spacing: 16) {
                ErrorLine(text: strings.text(error))
                PrimaryButton(title: strings("action_retry")) { Task { await app.open() } }
            }
            .padding()
        case let .open(opened):
            MainView(app: app, opened: opened)
        }
    }
}

/// The open app: home, members, loans and sync as tabs, each with its own navigation
/// (members and loans share the routes of `Navigation.swift`).
struct MainView: View {
    @ObservedObject var app: AppModel
    let opened: AppServices.Opened
    @StateObject private var home: HomeViewModel
    @StateObject private var sync: SyncViewModel
    @Environment(\.strings) private var strings

    init(app: AppModel, opened: AppServices.Opened) {
        _app = ObservedObject(wrappedValue: app)
        self.opened = opened
        _home = StateObject(wrappedValue: HomeViewModel(store: opened.store))
        _sync = StateObject(wrappedValue: SyncViewModel(store: opened.store, sync: opened.sync))
    }

    var body: some View {
        Group {
            if home.state.loading {
                ProgressView(strings("home_loading"))
            } else if home.state.clubName == nil {
                NavigationStack {
                    EnrolmentView(store: opened.store, sync: opened.sync, serverUrl: app.settings.serverUrl) { url in
                        app.settings.serverUrl = url
                        refresh()
                    }
                }
            } else {
                TabView {
                    NavigationStack { HomeView(app: app, home: home, sync: sync, opened: opened) }
                        .tabItem { Label(strings("tab_home"), systemImage: "house") }
                    NavigationStack {
                        MembersView(store: opened.store)
                            .routes(app: app, opened: opened, clubName: home.state.clubName ?? "")
                    }
                    .tabItem { Label(strings("members_title"), systemImage: "person.3") }
                    NavigationStack {
                        LoansView(store: opened.store)
                            .routes(app: app, opened: opened, clubName: home.state.clubName ?? "")
                    }
                    .tabItem { Label(strings("loanlist_title"), systemImage: "banknote") }
                    NavigationStack { SyncView(model: sync) }
                        .tabItem { Label(strings("home_sync_title"), systemImage: "arrow.triangle.2.circlepath") }
                }
            }
        }
        .onAppear {
            refresh()
            sync.start()
        }
        // A sync may bring the club, people and loans: read the home page again.
        .onChange(of: sync.state.line) { _ in refresh() }
    }

    private func refresh() {
        home.refresh(actingId: app.settings.actingMemberId)
        if home.state.acting?.id != app.settings.actingMemberId {
            app.settings.actingMemberId = home.state.acting?.id // no longer in the club
        }
    }
}
