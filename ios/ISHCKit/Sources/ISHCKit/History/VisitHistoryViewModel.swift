import Foundation
import IshcCore

/// How far back the history looks, counted back from the view model's `today`.
public enum HistoryPeriod: String, Sendable, CaseIterable {
    case threeMonths
    case twelveMonths
    case all

    /// Calendar months back from today; `nil`: every visit.
    public var months: Int? {
        switch self {
        case .threeMonths: 3
        case .twelveMonths: 12
        case .all: nil
        }
    }

    /// The catalog key of the period's name (`history_period_three_months`).
    public var key: String {
        switch self {
        case .threeMonths: "history_period_three_months"
        case .twelveMonths: "history_period_twelve_months"
        case .all: "history_period_all"
        }
    }
}

/// One visit of the list, as the screen shows it.
public struct VisitRow: Sendable, Hashable, Identifiable {
    public var id: String
    /// The visit's date in Vietnam, `dd/MM/yyyy`.
    public var date: String
    /// When it started, `HH:mm` (as recorded).
    public var time: String
    /// The volunteer's name.
    public var volunteer: String
    /// Length in minutes.
    public var durationMin: Int
    /// The services delivered (`service_…` strings), in the core's order.
    public var services: [UiText]
    /// The readings taken, one text each, in this order: blood pressure
    /// (`150/92 mmHg`), pulse (beats/min), glucose (mmol/L) and weight (kg),
    /// the last two with a decimal comma (`6,4`) in both languages. Empty
    /// when none was taken.
    public var readings: [UiText]
    /// The blood-pressure flag, when both pressures were taken.
    public var flag: BpFlag?
    /// The flag as words (`bp_…` strings), when there is one.
    public var flagText: UiText?
    /// The volunteer's notes (may be blank).
    public var notes: String
    /// Why the visit was voided, or `nil` if it stands.
    public var voidedReason: String?

    /// Whether the visit was voided (it stays in the list, marked, and leaves the trend).
    public var voided: Bool { voidedReason != nil }
}

/// One blood-pressure reading of the trend.
public struct BpPoint: Sendable, Hashable {
    public var visitId: String
    /// The visit's date, `YYYY-MM-DD` (the chart's x axis).
    public var isoDate: String
    /// The visit's date, `dd/MM/yyyy`.
    public var date: String
    /// mmHg.
    public var systolic: Int
    /// mmHg.
    public var diastolic: Int
    public var flag: BpFlag

    /// `150/92` (mmHg).
    public var text: String { "\(systolic)/\(diastolic)" }

    /// Days since 1970-01-01 of ``isoDate`` (to place the reading on the chart by date).
    public var day: Int { HistoryDates.epochDay(isoDate) ?? 0 }
}

/// The blood-pressure trend of the period: the readings of the visits that
/// stand (not voided) with both pressures, oldest first.
public struct BpTrend: Sendable, Hashable {
    /// Oldest → newest (by start time).
    public var points: [BpPoint]

    public init(points: [BpPoint] = []) { self.points = points }

    /// The newest reading.
    public var latest: BpPoint? { points.last }

    /// The highest reading: highest systolic, then highest diastolic; the newest of equals.
    public var highest: BpPoint? {
        points.reversed().reduce(nil) { (best: BpPoint?, p: BpPoint) in
            guard let b = best else { return p }
            return (p.systolic, p.diastolic) > (b.systolic, b.diastolic) ? p : b
        }
    }

    /// Readings flagged hypertension (140/90 mmHg or above, below crisis).
    public var hypertension: Int { points.filter { $0.flag == .hypertension }.count }

    /// Readings flagged hypertensive crisis (180/120 mmHg or above).
    public var crisis: Int { points.filter { $0.flag == .hypertensiveCrisis }.count }

    /// The trend in one sentence, for VoiceOver on the chart: `Huyết áp 6 lần
    /// đo, gần nhất 150/92, cao nhất 185/100, 2 lần tăng huyết áp, 1 lần cơn
    /// tăng huyết áp`; "no reading" when there is none.
    public var summary: UiText {
        guard let l = latest, let h = highest else { return .res("history_trend_none") }
        return .res(
            "history_trend_summary",
            .int(Int64(points.count)), .text(l.text), .text(h.text), .int(Int64(hypertension)), .int(Int64(crisis))
        )
    }
}

/// A visit about to be voided, waiting for its reason and a confirmation.
public struct VisitVoiding: Sendable, Hashable {
    public var visitId: String
    /// The visit's date, `dd/MM/yyyy`.
    public var date: String
    /// The reason as typed (required by the core).
    public var reason = ""
    /// `reason` under the reason field; anything else for the panel.
    public var errors = FormErrors()
}

/// What the visit history shows.
public struct VisitHistoryState: Sendable, Equatable {
    /// The care recipient's name.
    public var recipientName = ""
    public var period: HistoryPeriod = .twelveMonths
    /// The first day of the period, `dd/MM/yyyy`; `nil` for every visit.
    public var since: String?
    /// The period's visits, newest first, voided ones included (marked).
    public var rows: [VisitRow] = []
    public var trend = BpTrend()
    /// Whether the acting member may void a visit: a home-care volunteer or the chair.
    public var canVoid = false
    /// The visit being voided, while its confirmation is open.
    public var voiding: VisitVoiding?
    /// What was just done (a visit voided).
    public var notice: UiText?
    /// Why the history could not be read.
    public var error: UiText?

    public init() {}
}

/// One care recipient's home-care visits (*lịch sử thăm*): every visit of
/// the chosen period, newest first, with its volunteer, length, services,
/// readings and blood-pressure flag; and the blood-pressure trend of the
/// period (the readings oldest first, the latest and highest, how many were
/// flagged hypertension or crisis). The Android app's `VisitHistoryModel`.
///
/// Visits are never edited or deleted: a visit logged by mistake is voided
/// with a reason, after a confirmation (``askVoid(_:)``, ``confirmVoid()``);
/// it stays in the list, marked with the reason, and leaves the trend. The
/// core allows it to a home-care volunteer or the chair
/// (``VisitHistoryState/canVoid``).
///
/// The period is counted back from `today` (`YYYY-MM-DD`, the store's today
/// by default; tests give a fixed day): the last 3 or 12 calendar months up
/// to the newest visit, or every visit. A visit dated after today (a
/// mistyped date, a phone's wrong clock) is shown too, so that it can be
/// seen and voided.
public final class VisitHistoryViewModel: ViewModel<VisitHistoryState> {
    private let store: ClubStore
    /// The care recipient shown.
    public let recipientId: String
    private let today: String
    private let canVoid: Bool
    private static let reasonField: Set<String> = ["reason"]

    /// - Parameters:
    ///   - actingMemberId: the member acting (their roles decide whether voiding is offered); `nil`: nobody signed in.
    ///   - today: `YYYY-MM-DD`; `nil`: the store's today.
    public init(store: ClubStore, recipientId: String, actingMemberId: String?, today: String? = nil, period: HistoryPeriod = .twelveMonths) {
        self.store = store
        self.recipientId = recipientId
        self.today = today ?? (try? store.today()) ?? ""
        canVoid = actingMemberId.flatMap { try? store.member(memberId: $0) }?.roles.contains { $0 == .homeCareVolunteer || $0 == .chair } ?? false
        var s = VisitHistoryState()
        s.period = period
        super.init(state: s)
        reload()
    }

    /// Reads the visits again (after a sync, or on returning to the screen).
    public func reload() {
        let from = state.period.months.flatMap { HistoryDates.monthsBefore(today, $0) }
        do {
            let name = try store.member(memberId: recipientId).fullName
            let visits = try store.visits(recipientId: recipientId, from: from, to: nil)
            let rows = visits.map(Self.row), trend = Self.trend(visits), canVoid = canVoid
            update {
                $0.recipientName = name
                $0.since = from.map(Format.date)
                $0.rows = rows
                $0.trend = trend
                $0.canVoid = canVoid
                $0.error = nil
            }
        } catch {
            update { $0.error = FormErrors.of(error, formFields: []).form }
        }
    }

    /// Shows another period (closing any open confirmation).
    public func setPeriod(_ period: HistoryPeriod) {
        update {
            $0.period = period
            $0.voiding = nil
            $0.notice = nil
        }
        reload()
    }

    /// Opens the confirmation to void the visit `visitId` (a visit that stands, when voiding is allowed).
    public func askVoid(_ visitId: String) {
        guard state.canVoid, let row = state.rows.first(where: { $0.id == visitId }), !row.voided else { return }
        update {
            $0.voiding = VisitVoiding(visitId: visitId, date: row.date)
            $0.notice = nil
        }
    }

    public func setVoidReason(_ text: String) {
        update {
            guard var v = $0.voiding else { return }
            v.reason = text
            v.errors = v.errors.without("reason")
            $0.voiding = v
        }
    }

    /// Closes the confirmation without voiding.
    public func cancelVoid() {
        update { $0.voiding = nil }
    }

    /// Voids the visit being confirmed, with the reason typed. Refusals keep
    /// the confirmation open: `text.required` (a blank reason) under the
    /// reason; `visit.already_voided` (voided on another phone and synced)
    /// and `op.not_permitted` on the panel. Returns whether it was voided.
    @discardableResult
    public func confirmVoid() -> Bool {
        guard var v = state.voiding else { return false }
        do {
            _ = try store.voidVisit(visitId: v.visitId, reason: v.reason.trimmed)
            update {
                $0.voiding = nil
                $0.notice = .res("history_voided", .text(v.date))
            }
            reload()
            return true
        } catch {
            v.errors = FormErrors.of(error, formFields: Self.reasonField)
            update { $0.voiding = v }
            return false
        }
    }

    /// The blood-pressure readings of `visits` (newest first, as the core lists them) that count: oldest first.
    nonisolated private static func trend(_ visits: [VisitInfo]) -> BpTrend {
        BpTrend(points: visits.reversed().compactMap { v in
            guard v.voidedReason == nil, let sys = v.systolic, let dia = v.diastolic, let flag = v.bpFlag else { return nil }
            return BpPoint(visitId: v.id, isoDate: v.visitOn, date: Format.date(v.visitOn), systolic: Int(sys), diastolic: Int(dia), flag: flag)
        })
    }

    nonisolated private static func row(_ v: VisitInfo) -> VisitRow {
        var readings: [UiText] = []
        if let sys = v.systolic, let dia = v.diastolic { readings.append(.res("history_bp", .int(Int64(sys)), .int(Int64(dia)))) }
        if let pulse = v.pulse { readings.append(.res("history_pulse", .int(Int64(pulse)))) }
        if let g = v.glucoseMmolL { readings.append(.res("history_glucose", .text(decimalComma(g)))) }
        if let w = v.weightKg { readings.append(.res("history_weight", .text(decimalComma(w)))) }
        let dateTime = Format.dateTime(v.startedAt)
        return VisitRow(
            id: v.id,
            date: Format.date(v.visitOn),
            time: dateTime.split(separator: " ").count == 2 ? String(dateTime.split(separator: " ")[1]) : "",
            volunteer: v.volunteerName,
            durationMin: Int(v.durationMin),
            services: v.services.map { .res($0.key) },
            readings: readings,
            flag: v.bpFlag,
            flagText: v.bpFlag.map { .res($0.key) },
            notes: v.notes,
            voidedReason: v.voidedReason
        )
    }
}

/// A reading with a decimal comma, as Vietnamese write it, to one decimal
/// (what glucometers and scales show): `6.4` → `6,4`, `52.0` → `52`. The
/// Android app's `decimalComma`.
public func decimalComma(_ value: Double) -> String {
    // Tenths, rounded half away from zero like Java's HALF_UP on the decimal value.
    let tenths = (Decimal(string: String(value)) ?? Decimal(value)) * 10
    var rounded = Decimal()
    var t = tenths
    NSDecimalRound(&rounded, &t, 0, .plain)
    let n = NSDecimalNumber(decimal: rounded).int64Value
    let sign = n < 0 ? "-" : ""
    let whole = abs(n) / 10, tenth = abs(n) % 10
    return tenth == 0 ? "\(sign)\(whole)" : "\(sign)\(whole),\(tenth)"
}

/// Calendar arithmetic on `YYYY-MM-DD` dates (Gregorian, no time zone).
enum HistoryDates {
    private static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(secondsFromGMT: 0)!
        return c
    }

    private static func parse(_ iso: String) -> Date? {
        let p = iso.split(separator: "-")
        guard p.count == 3, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]) else { return nil }
        return calendar.date(from: DateComponents(year: y, month: m, day: d))
    }

    /// `iso` minus `months` calendar months (the end of a shorter month is
    /// kept inside it: 31/05 minus 3 months is 28/02), or `nil` if `iso` is
    /// not a date.
    static func monthsBefore(_ iso: String, _ months: Int) -> String? {
        guard let d = parse(iso), let back = calendar.date(byAdding: .month, value: -months, to: d) else { return nil }
        let c = calendar.dateComponents([.year, .month, .day], from: back)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// Days since 1970-01-01.
    static func epochDay(_ iso: String) -> Int? {
        parse(iso).map { Int(($0.timeIntervalSince1970 / 86400).rounded()) }
    }
}
