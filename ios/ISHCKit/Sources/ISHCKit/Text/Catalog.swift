import Foundation

/// The app's String Catalog (`Resources/Localizable.xcstrings`) read as the
/// JSON it is.
///
/// Why a loader of our own: on Apple platforms Xcode compiles the catalog
/// into `vi.lproj` and `en.lproj` and `Bundle` looks strings up, but
/// SwiftPM on Linux has no tool to compile a catalog (`xcstringstool` is
/// Xcode's), and the view models' tests run on Linux and must see the same
/// Vietnamese and English texts the phone shows. So on Linux the catalog is
/// copied into the bundle as it is and read here; the format is plain JSON:
///
///     { "sourceLanguage": "vi",
///       "strings": { "visit_save": { "localizations": {
///           "vi": { "stringUnit": { "state": "translated", "value": "Lưu lần thăm" } },
///           "en": { "stringUnit": { "state": "translated", "value": "Save visit" } } } } },
///       "version": "1.0" }
///
/// Only `stringUnit` values are read: the app's catalog uses no plural or
/// device variations (a test fails if a key has no `stringUnit` in a language).
public struct StringCatalog: Sendable {
    /// The catalog's source language (`vi`).
    public let sourceLanguage: String
    /// Every key's value by language tag: `values["visit_save"]?["en"]`.
    public let values: [String: [String: String]]

    /// A catalog read from the JSON text of an `.xcstrings` file.
    /// Throws ``CatalogError`` when it is not a String Catalog.
    public init(json: Data) throws {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw CatalogError.unreadable("\(error)")
        }
        sourceLanguage = file.sourceLanguage
        var values: [String: [String: String]] = [:]
        for (key, entry) in file.strings {
            var byLanguage: [String: String] = [:]
            for (language, localization) in entry.localizations ?? [:] {
                if let unit = localization.stringUnit { byLanguage[language] = unit.value }
            }
            values[key] = byLanguage
        }
        self.values = values
    }

    /// The catalog in the file at `url`.
    public init(contentsOf url: URL) throws {
        try self.init(json: Data(contentsOf: url))
    }

    /// The strings of `language`.
    public func strings(_ language: AppLanguage) -> CatalogStrings {
        CatalogStrings(language: language, formats: values.compactMapValues { $0[language.rawValue] })
    }

    /// The catalog copied into ISHCKit's bundle (Linux), or `nil` where it
    /// was compiled instead (Apple platforms).
    public static let bundled: StringCatalog? = {
        guard let url = Bundle.module.url(forResource: "Localizable", withExtension: "xcstrings") else { return nil }
        return try? StringCatalog(contentsOf: url)
    }()

    private struct File: Decodable {
        var sourceLanguage: String
        var strings: [String: Entry]
    }

    private struct Entry: Decodable {
        var localizations: [String: Localization]?
    }

    private struct Localization: Decodable {
        var stringUnit: StringUnit?
    }

    private struct StringUnit: Decodable {
        var value: String
    }
}

/// Why a String Catalog could not be read.
public enum CatalogError: Error, Equatable {
    /// Not JSON, or not shaped like a String Catalog (the decoder's message).
    case unreadable(String)
}

/// Strings of one language from a ``StringCatalog``.
public struct CatalogStrings: Strings {
    public let language: AppLanguage
    let formats: [String: String]

    public func format(for key: String) -> String? { formats[key] }

    /// Every key with a string in this language.
    public var keys: Set<String> { Set(formats.keys) }
}

#if canImport(Darwin)
/// Strings from the catalog Xcode compiled into ISHCKit's bundle
/// (`vi.lproj/Localizable.strings`), in the language the app is set to,
/// whatever the phone's language (the app has its own language setting).
public struct BundleStrings: Strings, @unchecked Sendable { // Bundle lookups are thread-safe
    public let language: AppLanguage
    private let bundle: Bundle?
    private static let missing = "\u{0}missing"

    public init(language: AppLanguage, bundle: Bundle = .module) {
        self.language = language
        self.bundle = bundle.path(forResource: language.rawValue, ofType: "lproj").flatMap(Bundle.init(path:))
    }

    public func format(for key: String) -> String? {
        guard let s = bundle?.localizedString(forKey: key, value: Self.missing, table: "Localizable"),
              s != Self.missing else { return nil }
        return s
    }
}
#endif

extension AppLanguage {
    /// The app's strings in this language: the compiled catalog on Apple
    /// platforms, the catalog's JSON on Linux. Made once per language.
    public var strings: any Strings {
        switch self {
        case .vi: Self.viStrings
        case .en: Self.enStrings
        }
    }

    private static let viStrings = load(.vi)
    private static let enStrings = load(.en)

    private static func load(_ language: AppLanguage) -> any Strings {
        #if canImport(Darwin)
        if Bundle.module.path(forResource: language.rawValue, ofType: "lproj") != nil {
            return BundleStrings(language: language)
        }
        #endif
        return StringCatalog.bundled?.strings(language) ?? CatalogStrings(language: language, formats: [:])
    }
}
