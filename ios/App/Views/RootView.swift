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

/// The open app: home, members, loans, sync and settings as tabs, each with
/// its own navigation (the same routes in each: `Route`).
///
/// The settings' view model is made here, at start, so that it sets the
/// saved acting member on the store before any screen records anything;
/// the sync view model follows the sync client for the app's life.
struct MainView: View {
    @ObservedObject var app: AppModel
    let opened: AppServices.Opened
    @StateObject private var home: HomeViewModel
    @StateObject private var sync: SyncViewModel
    @StateObject private var settings: SettingsViewModel
    @Environment(\.strings) private var strings
    @Environment(\.scenePhase) private var scenePhase

    init(app: AppModel, opened: AppServices.Opened) {
        _app = ObservedObject(wrappedValue: app)
        self.opened = opened
        _home = StateObject(wrappedValue: HomeViewModel(store: opened.store))
        _sync = StateObject(wrappedValue: SyncViewModel(store: opened.store, sync: opened.sync))
        _settings = StateObject(wrappedValue: SettingsViewModel(store: opened.store, prefs: app, sync: opened.sync))
    }

    var body: some View {
        let club = home.state.clubName ?? ""
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
                    NavigationStack {
                        HomeView(home: home, sync: sync, refresh: refresh)
                            .routes(app: app, opened: opened, settings: settings, clubName: club)
                    }
                    .tabItem { Label(strings("home_title"), systemImage: "house") }
                    NavigationStack {
                        MembersView(store: opened.store)
                            .routes(app: app, opened: opened, settings: settings, clubName: club)
                    }
                    .tabItem { Label(strings("members_title"), systemImage: "person.3") }
                    NavigationStack {
                        LoansView(store: opened.store)
                            .routes(app: app, opened: opened, settings: settings, clubName: club)
                    }
                    .tabItem { Label(strings("loanlist_title"), systemImage: "banknote") }
                    NavigationStack {
                        SyncView(model: sync)
                    }
                    .tabItem { Label(strings("tab_sync"), systemImage: "arrow.triangle.2.circlepath") }
                    NavigationStack {
                        SettingsView(model: settings)
                    }
                    .tabItem { Label(strings("settings_title"), systemImage: "gearshape") }
                }
            }
        }
        .onAppear {
            refresh()
            sync.start()
        }
        // A sync may bring the club, people and loans: once it has ended (not
        // at each progress step), read the home page and the settings again.
        .onChange(of: sync.state.live) { live in
            if live.hasEnded { refresh() }
        }
        // Back in the foreground (maybe the next day, maybe after a background
        // sync): what is due, today's date and the sync status may have changed.
        .onChange(of: scenePhase) { phase in
            if phase == .active {
                refresh()
                sync.refresh()
            }
        }
        // Someone else chose to use the phone (settings): their home page.
        .onChange(of: app.settings.actingMemberId) { _ in refresh() }
    }

    private func refresh() {
        settings.reload()
        home.refresh(actingId: app.settings.actingMemberId)
    }
}
