import ISHCKit
import SwiftUI

private struct StringsKey: EnvironmentKey {
    static let defaultValue: any Strings = AppLanguage.vi.strings
}

extension EnvironmentValues {
    /// The app's strings in the language chosen in the app (Vietnamese by
    /// default), whatever the phone's language.
    var strings: any Strings {
        get { self[StringsKey.self] }
        set { self[StringsKey.self] = newValue }
    }
}

extension TextSize {
    /// The smallest Dynamic Type size for this setting.
    var dynamicTypeSize: DynamicTypeSize {
        switch self {
        case .standard: .large
        case .large: .xLarge
        case .larger: .xxLarge
        case .largest: .xxxLarge
        }
    }
}
