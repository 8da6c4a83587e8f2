import Foundation

/// An argument of a string with a format (`%1$@`, `%1$lld`): text or a whole number.
public enum TextArg: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case text(String)
    case int(Int64)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }

    /// The argument as it is written into the string: text as it is, numbers
    /// in plain digits (`1234`, as Android's `%d` writes them).
    public var description: String {
        switch self {
        case let .text(s): s
        case let .int(n): String(n)
        }
    }
}

/// Text for the screen, as the view models produce it: a string of the
/// catalog with its arguments, text shown as it is (a member's name, a
/// note), or a refusal from the core. Views turn it into a string with
/// ``Strings/text(_:)``, in the app's language.
///
/// The same three cases as the Android app's `UiText` (`Res`, `Raw`, `Error`).
public enum UiText: Sendable, Hashable {
    /// The catalog string `key` (the Android resource name: `visit_saved`)
    /// formatted with `args`.
    case resource(key: String, args: [TextArg])
    /// Text shown as given.
    case raw(String)
    /// A refusal from the core: the translation of `code` (`error_money_fraction`
    /// for `money.fraction`), or, for a code with no translation yet, the
    /// generic `error_unknown` with the core's English `reason`.
    case error(code: String, reason: String)

    /// A catalog string with arguments: `.res("repay_saved", .text(amount))`.
    public static func res(_ key: String, _ args: TextArg...) -> UiText {
        .resource(key: key, args: args)
    }

    /// The catalog key of an error code: `error_` + the code with `_` for `.`.
    public static func errorKey(_ code: String) -> String {
        "error_" + code.replacingOccurrences(of: ".", with: "_")
    }
}
