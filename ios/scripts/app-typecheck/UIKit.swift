// Stub of the part of UIKit the app uses, for type-checking ios/App on Linux
// (see typecheck-app.sh). Declarations only: nothing here runs.
@_exported import Foundation
import SwiftUI

public enum UIKeyboardType: Sendable { case `default`, asciiCapable, numbersAndPunctuation, URL, numberPad, phonePad, decimalPad }

extension View {
    public func keyboardType(_ type: UIKeyboardType) -> ModifiedContent<Self> { .init() }
}

@MainActor
open class UIApplication {
    public struct LaunchOptionsKey: Hashable, Sendable { public let rawValue: String }
}

@MainActor
public protocol UIApplicationDelegate: NSObjectProtocol {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool
}

@MainActor @propertyWrapper
public struct UIApplicationDelegateAdaptor<DelegateType: NSObject & UIApplicationDelegate> {
    public init(_ delegateType: DelegateType.Type) {}
    public var wrappedValue: DelegateType { fatalError() }
}

public enum UIAccessibility {
    public struct Notification: Sendable { public static let announcement = Notification(), screenChanged = Notification() }
    public static func post(notification: Notification, argument: Any?) {}
}
