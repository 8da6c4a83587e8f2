import Foundation
import IshcCore

/// How the app shows dates, times and money: as Vietnamese write them, in
/// both languages (the clubs' paperwork is Vietnamese): dates `dd/MM/yyyy`,
/// times `HH:mm` in Vietnam (UTC+7), amounts `1.500.000 ₫`.
public enum Format {
    /// Vietnam's time zone (UTC+7, no daylight saving).
    public static let vietnam = TimeZone(secondsFromGMT: 7 * 3600)!

    /// `2026-03-02` → `02/03/2026`; text that is not a `YYYY-MM-DD` date is
    /// returned as it is.
    public static func date(_ iso: String) -> String {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return iso }
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }

    /// An RFC 3339 instant (`2026-03-02T08:30:00+07:00`) → `02/03/2026 08:30`,
    /// in the offset it was written with; other text is returned as it is.
    public static func dateTime(_ rfc3339: String) -> String {
        let halves = rfc3339.split(separator: "T", maxSplits: 1)
        guard halves.count == 2, halves[1].count >= 5 else { return rfc3339 }
        let day = date(String(halves[0]))
        let time = halves[1].prefix(5)
        guard day != String(halves[0]), time.dropFirst(2).first == ":" else { return rfc3339 }
        return "\(day) \(time)"
    }

    /// An RFC 3339 instant in any offset (the core writes the phone's time,
    /// often UTC: `2026-11-29T01:30:00Z`, `2026-11-29T23:05:10.123Z`) as
    /// `dd/MM/yyyy HH:mm` in Vietnam (+07:00); other text is returned as it
    /// is. The Android app's `vietnamTime` (sync times, refused changes).
    public static func vietnamTime(_ rfc3339: String) -> String {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let text = rfc3339.trimmingCharacters(in: .whitespaces)
        guard let instant = plain.date(from: text) ?? fractional.date(from: text) else { return rfc3339 }
        return vietnamDateTime(instant)
    }

    /// `date` in Vietnam as `dd/MM/yyyy HH:mm` (what the visit form starts with).
    public static func vietnamDateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = vietnam
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(two(c.day))/\(two(c.month))/\(c.year ?? 0) \(two(c.hour)):\(two(c.minute))"
    }

    /// Đồng as `1.500.000 ₫` (the core's formatting, so every screen and
    /// both apps agree).
    public static func money(_ dong: Int64) -> String { formatAmount(dong: dong) }

    /// The core's `Money` for `dong`, with its `1.500.000 ₫` text.
    public static func moneyValue(_ dong: Int64) -> Money { Money(dong: dong, text: money(dong)) }
}

/// An amount typed into a form: what the person wrote and, once it parses,
/// the đồng. Parsing is the core's (`1tr5`, `500k`, `1.500.000`, `2 triệu`).
public struct AmountInput: Sendable, Hashable {
    /// The text as typed.
    public var text: String

    public init(_ text: String = "") { self.text = text }

    /// The đồng, or `nil` while empty or not (yet) an amount.
    public var dong: Int64? {
        text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try? parseAmount(text: text)
    }

    /// What the typed text means, for a hint under the field: `1tr5` → `1.500.000 ₫`.
    public var preview: String? { dong.map(Format.money) }
}
