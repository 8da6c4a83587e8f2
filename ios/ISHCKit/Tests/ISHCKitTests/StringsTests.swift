import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import IshcCore
import XCTest

@testable import ISHCKit

/// Every string the app shows exists in Vietnamese and in English with the
/// same arguments; every key the code names exists; every error code the
/// core can return has a translation; a key the Android app has too says
/// the same thing in both apps.
final class StringsTests: XCTestCase {
    private let catalogURL = repoRoot.appendingPathComponent("ios/ISHCKit/Sources/ISHCKit/Resources/Localizable.xcstrings")

    private func catalog() throws -> StringCatalog { try StringCatalog(contentsOf: catalogURL) }

    private func placeholders(_ s: String) -> [String] {
        let re = try! NSRegularExpression(pattern: "%(\\d+\\$)?(@|lld|ld|d)")
        return re.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { String(s[Range($0.range, in: s)!]) }.sorted()
    }

    func testTheBundledCatalogIsTheSourceFileAndVietnameseIsItsSourceLanguage() throws {
        let c = try catalog()
        XCTAssertEqual(c.sourceLanguage, "vi")
        XCTAssertGreaterThan(c.values.count, 200)
        #if os(Linux) // elsewhere the catalog is compiled into .lproj, not copied
        XCTAssertEqual(StringCatalog.bundled?.values, c.values, "the bundle holds an old copy of the catalog")
        #endif
        XCTAssertEqual(Res.vi("visit_save"), "Lưu lần thăm")
        XCTAssertEqual(Res.en("visit_save"), "Save visit")
        XCTAssertEqual(Res.vi("no_such_key"), "[no_such_key]")
    }

    func testVietnameseAndEnglishHaveTheSameKeysAndTheSameArguments() throws {
        let c = try catalog()
        for (key, byLanguage) in c.values.sorted(by: { $0.key < $1.key }) {
            guard let vi = byLanguage["vi"], let en = byLanguage["en"] else {
                XCTFail("\(key): languages \(byLanguage.keys.sorted()) (a stringUnit in vi and en is needed)")
                continue
            }
            XCTAssertEqual(placeholders(vi), placeholders(en), "arguments of \(key)")
            XCTAssertFalse(vi.contains("%s") || vi.contains("$s") || vi.contains("$d"), "\(key): an Android format left in the catalog: \(vi)")
        }
    }

    func testEveryKeyWrittenInTheCodeExists() throws {
        let keys = Set(try catalog().values.keys)
        let literal = try NSRegularExpression(pattern: #"(?:\.res|strings|tr)\(\s*"([a-z0-9_]+)""#)
        var used: [(String, String)] = []
        for dir in ["ios/ISHCKit/Sources/ISHCKit", "ios/App"] {
            let base = repoRoot.appendingPathComponent(dir)
            guard let files = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let path as String in files where path.hasSuffix(".swift") {
                let text = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
                for m in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    used.append((String(text[Range(m.range(at: 1), in: text)!]), path))
                }
            }
        }
        XCTAssertGreaterThan(used.count, 80, "found only \(used.count) keys: is the pattern still right?")
        let missing = used.filter { !keys.contains($0.0) }
        XCTAssertTrue(missing.isEmpty, "keys used in the code without a string: \(missing)")
    }

    func testKeysBuiltFromTheCoresEnumsExist() {
        for s in Service.allCases { XCTAssertTrue(Res.vi.has(s.key) && Res.en.has(s.key), s.key) }
        for r in Role.allCases { XCTAssertTrue(Res.vi.has(r.key) && Res.en.has(r.key), r.key) }
        for f in BpFlag.allCases { XCTAssertTrue(Res.vi.has(f.key) && Res.en.has(f.key), f.key) }
        for i in InstallmentState.allCases { XCTAssertTrue(Res.vi.has(i.key) && Res.en.has(i.key), i.key) }
        for t in TextSize.allCases { XCTAssertTrue(Res.vi.has(t.key) && Res.en.has(t.key), t.key) }
        for l in AppLanguage.allCases { XCTAssertTrue(Res.vi.has(l.key) && Res.en.has(l.key), l.key) }
        for k in SyncViewModel.tableKeys { XCTAssertTrue(Res.vi.has(k) && Res.en.has(k), k) }
        XCTAssertEqual(Service.personalCare.key, "service_personal_care")
        XCTAssertEqual(Role.homeCareVolunteer.key, "role_home_care_volunteer")
        XCTAssertEqual(Service.clinicOrReferral.name, "CLINIC_OR_REFERRAL")
        XCTAssertEqual(Role.homeCareVolunteer.name, "HOME_CARE_VOLUNTEER")
        XCTAssertEqual(Household.nearPoor.name, "NEAR_POOR")
        XCTAssertEqual(Membership.recipientOnly.name, "RECIPIENT_ONLY")
    }

    func testEveryErrorCodeInDocsErrorsMdHasATranslation() throws {
        // Sections marked "server and command line only" list codes no call
        // the app makes can return.
        let whole = try String(contentsOf: repoRoot.appendingPathComponent("docs/ERRORS.md"), encoding: .utf8)
        let page = whole.components(separatedBy: "\n## ")
            .filter { !($0.components(separatedBy: "\n").first ?? "").contains("server and command line only") }
            .joined(separator: "\n## ")
        // The first cell of each table row: one code, or several (`internal.io`, `internal.json`).
        let row = try NSRegularExpression(pattern: #"^\| ([^|]+) \|"#, options: .anchorsMatchLines)
        let code = try NSRegularExpression(pattern: #"`([a-z_]+\.[a-z_]+)`"#)
        var codes = Set<String>()
        for m in row.matches(in: page, range: NSRange(page.startIndex..., in: page)) {
            let cell = String(page[Range(m.range(at: 1), in: page)!])
            for c in code.matches(in: cell, range: NSRange(cell.startIndex..., in: cell)) {
                codes.insert(String(cell[Range(c.range(at: 1), in: cell)!]))
            }
        }
        XCTAssertGreaterThan(codes.count, 100, "found only \(codes.count) codes in ERRORS.md")
        let missing = codes.filter { !Res.vi.has(UiText.errorKey($0)) || !Res.en.has(UiText.errorKey($0)) }.sorted()
        XCTAssertEqual(missing, [], "error codes without a Vietnamese or English string")
        // An unknown code falls back to the generic message with the core's reason.
        XCTAssertEqual(Res.vi.text(.error(code: "new.rule", reason: "too many")), "Không thực hiện được: too many")
    }

    /// The strings the Android app's resources have too say the same in both apps.
    func testKeysSharedWithTheAndroidAppSayTheSame() throws {
        let c = try catalog()
        let res = repoRoot.appendingPathComponent("android/ui/src/main/res")
        var compared = 0
        for (folder, language) in [("values", "vi"), ("values-en", "en")] {
            let dir = res.appendingPathComponent(folder)
            let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("strings") && $0.hasSuffix(".xml") }
            for f in files {
                for (key, android) in try AndroidStrings.parse(dir.appendingPathComponent(f)) {
                    guard let ios = c.values[key]?[language] else { continue }
                    XCTAssertEqual(ios, AndroidStrings.appleFormat(android), "\(language) \(key) differs from \(folder)/\(f) (ios/scripts/import-android-strings.py brings it over)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 300, "compared only \(compared) strings")
    }

    func testFormatsTakeTheirArgumentsByPosition() {
        XCTAssertEqual(StringFormat.apply("Kỳ %1$lld · %2$@ · %3$@", [3, "15/09/2026", "530.000 ₫"]), "Kỳ 3 · 15/09/2026 · 530.000 ₫")
        XCTAssertEqual(StringFormat.apply("%2$@ then %1$@", ["a", "b"]), "b then a")
        XCTAssertEqual(StringFormat.apply("%@ and %d", ["a", 7]), "a and 7")
        XCTAssertEqual(StringFormat.apply("100%% sure, %1$@ missing %2$@", ["one"]), "100% sure, one missing %2$@")
        XCTAssertEqual(StringFormat.apply("50% off", []), "50% off")
    }
}

/// Android string resources read as the Android app reads them (its XmlStrings).
enum AndroidStrings {
    final class Collector: NSObject, XMLParserDelegate {
        var entries: [(String, String)] = []
        private var name: String?
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if element == "string" {
                name = attributes["name"]
                text = ""
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if name != nil { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if element == "string", let n = name {
                entries.append((n, AndroidStrings.unescape(text)))
                name = nil
            }
        }
    }

    static func parse(_ url: URL) throws -> [(String, String)] {
        let parser = try XCTUnwrap(XMLParser(contentsOf: url))
        let c = Collector()
        parser.delegate = c
        XCTAssertTrue(parser.parse(), "\(url.lastPathComponent): \(String(describing: parser.parserError))")
        return c.entries
    }

    /// Android's rules: whitespace runs collapse unless quoted, quotes dropped, backslash escapes.
    static func unescape(_ raw: String) -> String {
        var out = ""
        var quoted = false
        var lastSpace = false
        var chars = raw.makeIterator()
        while let c = chars.next() {
            if c == "\\", let n = chars.next() {
                out.append(n == "n" ? "\n" : n == "t" ? "\t" : n)
                lastSpace = false
            } else if c == "\"" {
                quoted.toggle()
            } else if c.isWhitespace, !quoted {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.append(c)
                lastSpace = false
            }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// `%1$s` → `%1$@`, `%1$d` → `%1$lld`.
    static func appleFormat(_ s: String) -> String {
        let strings = try! NSRegularExpression(pattern: #"%(\d+\$)?s"#)
        let ints = try! NSRegularExpression(pattern: #"%(\d+\$)?d"#)
        var t = strings.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "%$1@")
        t = ints.stringByReplacingMatches(in: t, range: NSRange(t.startIndex..., in: t), withTemplate: "%$1lld")
        return t
    }
}
