import Foundation
import ISHCKit
import SwiftUI
import UIKit

/// The app: opens the club's database, shows the screens, syncs in the
/// background (BackgroundSync.swift) and when the network returns.
@main
struct ISHCApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var delegate
    @StateObject private var model = AppModel()
    @Environment(\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup {
            RootView(app: model)
                .environment(\.strings, model.settings.language.strings)
                .environment(\.locale, Locale(identifier: model.settings.language.rawValue))
                .dynamicTypeSize(model.settings.textSize.dynamicTypeSize...)
                .task { await model.open() }
        }
        .onChange(of: scenePhase) { phase in
            if phase == .background { BackgroundSync.schedule() }
        }
    }
}

/// Registers the background task before launch ends (iOS requires it) and
/// starts the network monitor.
final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil) -> Bool {
        BackgroundSync.register()
        NetworkSync.shared.start()
        return true
    }
}

/// The app's state above the screens: the open database and the settings.
@MainActor
final class AppModel: ObservableObject {
    enum Phase {
        case opening
        case failed(UiText)
        case open(AppServices.Opened)
    }

    @Published private(set) var phase: Phase = .opening
    /// Saved on every change.
    @Published var settings: AppSettings {
        didSet { settings.save() }
    }

    init() {
        settings = AppSettings.load()
    }

    /// Opens the database off the main thread (once; again after a failure).
    func open() async {
        if case .open = phase { return }
        phase = .opening
        do {
            let opened = try await Task.detached(priority: .userInitiated) { try AppServices.shared.open() }.value
            phase = .open(opened)
        } catch {
            phase = .failed(FormErrors.of(error, formFields: []).form ?? .res("error_internal"))
        }
    }
}

/// The settings screen keeps its choices in the app's settings (saved in
/// `UserDefaults` on every change; the language and text size apply to
/// every screen at once).
extension AppModel: SettingsPrefs {
    var language: AppLanguage {
        get { settings.language }
        set { settings.language = newValue }
    }

    var textSize: TextSize {
        get { settings.textSize }
        set { settings.textSize = newValue }
    }

    var actingMemberId: String? {
        get { settings.actingMemberId }
        set { settings.actingMemberId = newValue }
    }
}
