import Foundation

/// The app's two languages: Vietnamese (the default) and English.
public enum AppLanguage: String, Sendable, CaseIterable, Codable {
    case vi
    case en
}

/// The app's strings in one language, by catalog key (the same keys as the
/// Android app's string resources: `visit_save`, `error_money_fraction`).
///
/// Formats are the catalog's (`%1$@` for text, `%1$lld` for a whole number;
/// the Android resources write `%1$s` and `%1$d` for the same argument).
public protocol Strings: Sendable {
    /// The language these strings are in.
    var language: AppLanguage { get }

    /// The format stored for `key`, or `nil` if this language has none.
    func format(for key: String) -> String?
}

extension Strings {
    /// The string `key` formatted with `args`. A key with no string in this
    /// language gives the key in brackets (`[visit_save]`), so a gap shows
    /// on screen and in tests rather than crashing the app (as on Android).
    public func callAsFunction(_ key: String, _ args: TextArg...) -> String {
        string(key, args)
    }

    /// The string `key` formatted with `args` (see ``callAsFunction(_:_:)``).
    public func string(_ key: String, _ args: [TextArg]) -> String {
        guard let format = format(for: key) else { return "[\(key)]" }
        return StringFormat.apply(format, args)
    }

    /// Whether `key` has a string in this language.
    public func has(_ key: String) -> Bool { format(for: key) != nil }

    /// ``UiText`` as a string in this language.
    public func text(_ t: UiText) -> String {
        switch t {
        case let .resource(key, args): string(key, args)
        case let .raw(s): s
        case let .error(code, reason):
            has(UiText.errorKey(code)) ? string(UiText.errorKey(code), []) : string("error_unknown", [.text(reason)])
        }
    }
}

/// The subset of `String(format:)` the catalog uses, done by hand so it
/// behaves the same on Linux and Apple platforms and never reads a missing
/// argument: `%@`, `%d`, `%ld`, `%lld`, each optionally positional
/// (`%2$@`), and `%%`. A placeholder without its argument is left as it is.
enum StringFormat {
    static func apply(_ format: String, _ args: [TextArg]) -> String {
        guard format.contains("%") else { return format }
        var out = ""
        var next = 0 // the argument an unnumbered placeholder takes
        var i = format.startIndex
        while i < format.endIndex {
            let c = format[i]
            guard c == "%" else {
                out.append(c)
                i = format.index(after: i)
                continue
            }
            var j = format.index(after: i)
            if j < format.endIndex, format[j] == "%" {
                out.append("%")
                i = format.index(after: j)
                continue
            }
            // Optional position `n$`.
            var digits = ""
            var k = j
            while k < format.endIndex, let d = format[k].wholeNumberValue, format[k].isASCII {
                digits.append(String(d))
                k = format.index(after: k)
            }
            var position: Int?
            if !digits.isEmpty, k < format.endIndex, format[k] == "$" {
                position = Int(digits).map { $0 - 1 }
                j = format.index(after: k)
            }
            // Length modifiers, then the conversion.
            while j < format.endIndex, format[j] == "l" { j = format.index(after: j) }
            guard j < format.endIndex, format[j] == "@" || format[j] == "d" || format[j] == "s" else {
                out.append(c) // not a placeholder we know: keep the text
                i = format.index(after: i)
                continue
            }
            let index = position ?? next
            if position == nil { next += 1 }
            if index >= 0, index < args.count {
                out += args[index].description
            } else {
                out += format[i...j]
            }
            i = format.index(after: j)
        }
        return out
    }
}
