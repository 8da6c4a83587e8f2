import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// Đỗ Thị Ánh's visits at fixed dates, read as of 30/06/2026: the list, the
/// blood-pressure trend and its counts by period, and voiding a visit logged
/// by mistake. The same cases as the Android app's HistoryTest.
final class VisitHistoryViewModelTests: TempDirTestCase, @unchecked Sendable {
    private let today = "2026-06-30"

    /// The demo club (its own visit is Bảy's, on 20/11/2026) with Ánh visited
    /// eight times by Mai, who is acting; the visits oldest first.
    private func club() throws -> (DemoClub, [VisitInfo]) {
        let c = try demo()
        try c.store.setActingMember(memberId: c.volunteer)
        func visit(
            _ on: String, _ sys: UInt16?, _ dia: UInt16?, _ services: [Service] = [.healthMonitoring],
            pulse: UInt16? = nil, glucose: Double? = nil, weight: Double? = nil, notes: String = ""
        ) throws -> VisitInfo {
            try c.store.logVisit(visit: NewVisit(
                volunteerId: c.volunteer, recipientId: c.recipients[1], startedAt: "\(on) 08:30", durationMin: 40,
                services: services, systolic: sys, diastolic: dia, pulse: pulse, glucoseMmolL: glucose, weightKg: weight, notes: notes
            ))
        }
        let visits = [
            try visit("2025-05-20", 138, 86), // more than 12 months before 30/06/2026
            try visit("2026-01-10", 135, 85),
            try visit("2026-02-14", 185, 100, notes: "Chóng mặt, đã đưa lên trạm y tế"),
            try visit("2026-03-15", 132, 84),
            try visit("2026-04-02", 145, 92, [.healthMonitoring, .companionship], pulse: 80, glucose: 6.4, weight: 52.5),
            try visit("2026-05-05", 128, 82),
            try visit("2026-06-01", nil, nil, [.housework]),
            try visit("2026-06-20", 150, 92),
        ]
        return (c, visits)
    }

    @MainActor
    func testTheTrendTakesTheReadingsOldestFirstWithTheLatestTheHighestAndTheFlagsCounted() async throws {
        let (c, _) = try club()
        let m = VisitHistoryViewModel(store: c.store, recipientId: c.recipients[1], actingMemberId: c.volunteer, today: today)
        let s = m.state
        XCTAssertEqual(s.recipientName, "Đỗ Thị Ánh")
        XCTAssertEqual(s.period, .twelveMonths)
        XCTAssertEqual(s.since, "30/06/2025")
        // Seven visits in the last 12 months, newest first; Bảy's visit is not Ánh's.
        XCTAssertEqual(s.rows.map(\.date), ["20/06/2026", "01/06/2026", "05/05/2026", "02/04/2026", "15/03/2026", "14/02/2026", "10/01/2026"])
        // The trend: six readings (the housework visit took none), oldest first.
        let t = s.trend
        XCTAssertEqual(t.points.map(\.date), ["10/01/2026", "14/02/2026", "15/03/2026", "02/04/2026", "05/05/2026", "20/06/2026"])
        XCTAssertEqual(t.points.map(\.systolic), [135, 185, 132, 145, 128, 150])
        XCTAssertEqual(t.points.map(\.diastolic), [85, 100, 84, 92, 82, 92])
        XCTAssertEqual(t.points.map(\.flag), [.normal, .hypertensiveCrisis, .normal, .hypertension, .normal, .hypertension])
        XCTAssertEqual(t.points.first?.isoDate, "2026-01-10")
        XCTAssertEqual(t.points.map(\.day).first, 20463, "10/01/2026 is day 20463 since 1970")
        XCTAssertEqual(t.points.map(\.day).last, 20624)
        XCTAssertEqual(t.latest?.text, "150/92")
        XCTAssertEqual(t.latest?.date, "20/06/2026")
        XCTAssertEqual(t.highest?.text, "185/100")
        XCTAssertEqual(t.highest?.date, "14/02/2026")
        XCTAssertEqual(t.hypertension, 2)
        XCTAssertEqual(t.crisis, 1)
        XCTAssertEqual(
            Res.vi.text(t.summary),
            "Huyết áp 6 lần đo, gần nhất 150/92, cao nhất 185/100, 2 lần tăng huyết áp, 1 lần cơn tăng huyết áp"
        )
        XCTAssertEqual(
            Res.en.text(t.summary),
            "Blood pressure readings: 6; latest 150/92, highest 185/100; high blood pressure: 2, hypertensive crisis: 1"
        )
    }

    @MainActor
    func testARowShowsTheVolunteerTheLengthTheServicesTheReadingsWithADecimalCommaAndTheFlag() async throws {
        let (c, _) = try club()
        let s = VisitHistoryViewModel(store: c.store, recipientId: c.recipients[1], actingMemberId: c.volunteer, today: today).state
        let april = try XCTUnwrap(s.rows.first { $0.date == "02/04/2026" })
        XCTAssertEqual(april.time, "08:30")
        XCTAssertEqual(april.volunteer, "Lê Thị Mai")
        XCTAssertEqual(april.durationMin, 40)
        XCTAssertEqual(april.services.map { Res.vi.text($0) }, ["Theo dõi sức khỏe", "Trò chuyện, bầu bạn"])
        XCTAssertEqual(april.readings.map { Res.vi.text($0) }, ["Huyết áp 145/92 mmHg", "Mạch 80 lần/phút", "Đường huyết 6,4 mmol/L", "Cân nặng 52,5 kg"])
        XCTAssertEqual(april.readings.map { Res.en.text($0) }, ["Blood pressure 145/92 mmHg", "Pulse 80 beats/min", "Blood glucose 6,4 mmol/L", "Weight 52,5 kg"])
        XCTAssertEqual(april.flag, .hypertension)
        XCTAssertEqual(april.flagText.map { Res.vi.text($0) }, "Tăng huyết áp (từ 140/90): nhắc đi khám")
        XCTAssertFalse(april.voided)

        let housework = try XCTUnwrap(s.rows.first { $0.date == "01/06/2026" })
        XCTAssertEqual(housework.readings, [])
        XCTAssertNil(housework.flag)
        XCTAssertNil(housework.flagText)
        XCTAssertEqual(housework.services.map { Res.vi.text($0) }, ["Việc nhà"])
        XCTAssertEqual(s.rows.first { $0.date == "14/02/2026" }?.notes, "Chóng mặt, đã đưa lên trạm y tế")

        XCTAssertEqual(decimalComma(6.4), "6,4")
        XCTAssertEqual(decimalComma(52.0), "52")
        XCTAssertEqual(decimalComma(5.55), "5,6")
    }

    @MainActor
    func testThePeriodCountsBackFromToday() async throws {
        let (c, _) = try club()
        let m = VisitHistoryViewModel(store: c.store, recipientId: c.recipients[1], actingMemberId: c.volunteer, today: today, period: .threeMonths)
        var s = m.state
        XCTAssertEqual(s.since, "30/03/2026")
        XCTAssertEqual(s.rows.map(\.date), ["20/06/2026", "01/06/2026", "05/05/2026", "02/04/2026"])
        XCTAssertEqual(s.trend.points.map(\.text), ["145/92", "128/82", "150/92"])
        XCTAssertEqual(s.trend.highest?.text, "150/92", "the 185/100 of February is before the period")
        XCTAssertEqual(s.trend.hypertension, 2)
        XCTAssertEqual(s.trend.crisis, 0)

        m.setPeriod(.all)
        s = m.state
        XCTAssertNil(s.since)
        XCTAssertEqual(s.rows.count, 8)
        XCTAssertEqual(s.rows.last?.date, "20/05/2025")
        XCTAssertEqual(s.trend.points.map(\.systolic), [138, 135, 185, 132, 145, 128, 150])
        XCTAssertEqual(
            Res.vi.text(s.trend.summary),
            "Huyết áp 7 lần đo, gần nhất 150/92, cao nhất 185/100, 2 lần tăng huyết áp, 1 lần cơn tăng huyết áp"
        )

        m.setPeriod(.twelveMonths)
        XCTAssertEqual(m.state.rows.count, 7)
        XCTAssertEqual(m.state.trend.points.count, 6)

        // A visit dated after today (a mistyped date, a phone's clock) is still shown, so it can be voided.
        let bay = VisitHistoryViewModel(store: c.store, recipientId: c.recipients[0], actingMemberId: c.volunteer, today: today).state
        XCTAssertEqual(bay.rows.map(\.date), ["20/11/2026"])
        XCTAssertEqual(bay.recipientName, "Phạm Văn Bảy")

        // A recipient never visited in the period: no rows, no trend.
        let none = VisitHistoryViewModel(store: c.store, recipientId: c.recipients[0], actingMemberId: c.volunteer, today: "2027-12-31", period: .threeMonths).state
        XCTAssertEqual(none.rows, [])
        XCTAssertEqual(none.trend.points, [])
        XCTAssertNil(none.trend.latest)
        XCTAssertEqual(Res.vi.text(none.trend.summary), "Chưa có lần đo huyết áp nào trong thời gian này")

        // The periods' names (keys built in HistoryPeriod, not written at the call).
        for p in HistoryPeriod.allCases { XCTAssertTrue(Res.vi.has(p.key) && Res.en.has(p.key), p.key) }
        XCTAssertEqual(HistoryPeriod.allCases.map { Res.vi($0.key) }, ["3 tháng qua", "12 tháng qua", "Tất cả"])

        // The end of a longer month stays inside the shorter one.
        XCTAssertEqual(HistoryDates.monthsBefore("2026-05-31", 3), "2026-02-28")
        XCTAssertEqual(HistoryDates.monthsBefore("2028-05-31", 3), "2028-02-29")
    }

    @MainActor
    func testAVisitVoidedWithAReasonStaysInTheListMarkedAndLeavesTheTrend() async throws {
        let (c, _) = try club()
        let anh = c.recipients[1]
        // Mai logs a visit to Ánh that was Bảy's.
        let wrong = try c.store.logVisit(visit: NewVisit(
            volunteerId: c.volunteer, recipientId: anh, startedAt: "2026-06-25 08:30", durationMin: 30,
            services: [.healthMonitoring], systolic: 160, diastolic: 96, pulse: nil, glucoseMmolL: nil, weightKg: nil, notes: ""
        ))
        let m = VisitHistoryViewModel(store: c.store, recipientId: anh, actingMemberId: c.volunteer, today: today)
        XCTAssertTrue(m.state.canVoid)
        XCTAssertEqual(m.state.trend.latest?.text, "160/96")
        XCTAssertEqual(m.state.trend.hypertension, 3)

        m.askVoid(wrong.id)
        XCTAssertEqual(m.state.voiding?.date, "25/06/2026")
        // The reason is required: nothing is voided without one.
        m.setVoidReason("   ")
        XCTAssertFalse(m.confirmVoid())
        XCTAssertEqual(m.state.voiding?.errors["reason"].map { Res.vi.text($0) }, "Không được để trống ô này")
        XCTAssertNil(try c.store.visits(recipientId: anh, from: "2026-06-25", to: "2026-06-25").first?.voidedReason)
        // Typing clears the error.
        m.setVoidReason("Ghi nhầm người, là lần thăm bác Bảy")
        XCTAssertNil(m.state.voiding?.errors["reason"])

        XCTAssertTrue(m.confirmVoid())
        let s = m.state
        XCTAssertNil(s.voiding)
        XCTAssertEqual(s.notice.map { Res.vi.text($0) }, "Đã hủy lần thăm ngày 25/06/2026")
        XCTAssertEqual(try c.store.visits(recipientId: anh, from: "2026-06-25", to: "2026-06-25").first?.voidedReason, "Ghi nhầm người, là lần thăm bác Bảy")
        // Still listed, first (newest), marked with the reason...
        XCTAssertEqual(s.rows.count, 8)
        XCTAssertEqual(s.rows.first?.id, wrong.id)
        XCTAssertEqual(s.rows.first?.voided, true)
        XCTAssertEqual(s.rows.first?.voidedReason, "Ghi nhầm người, là lần thăm bác Bảy")
        // ...and out of the trend.
        XCTAssertEqual(s.trend.points.count, 6)
        XCTAssertFalse(s.trend.points.contains { $0.visitId == wrong.id })
        XCTAssertEqual(s.trend.latest?.text, "150/92")
        XCTAssertEqual(s.trend.hypertension, 2)

        // A voided visit cannot be voided again.
        m.askVoid(wrong.id)
        XCTAssertNil(m.state.voiding)
    }

    @MainActor
    func testVoidingIsOfferedToAVolunteerOrTheChairAndAVisitVoidedElsewhereMeanwhileIsRefusedOnThePanel() async throws {
        let (c, visits) = try club()
        let anh = c.recipients[1]
        try c.store.setActingMember(memberId: c.treasurer)
        let treasurer = VisitHistoryViewModel(store: c.store, recipientId: anh, actingMemberId: c.treasurer, today: today)
        XCTAssertFalse(treasurer.state.canVoid)
        treasurer.askVoid(try XCTUnwrap(visits.last).id)
        XCTAssertNil(treasurer.state.voiding)
        XCTAssertFalse(VisitHistoryViewModel(store: c.store, recipientId: anh, actingMemberId: nil, today: today).state.canVoid)

        try c.store.setActingMember(memberId: c.chair)
        let chair = VisitHistoryViewModel(store: c.store, recipientId: anh, actingMemberId: c.chair, today: today)
        XCTAssertTrue(chair.state.canVoid)
        let june = try XCTUnwrap(visits.last)
        chair.askVoid(june.id)
        chair.setVoidReason("Trùng lần thăm")
        // Meanwhile the same visit was voided (on another phone, synced in).
        _ = try c.store.voidVisit(visitId: june.id, reason: "Ghi hai lần")
        XCTAssertFalse(chair.confirmVoid())
        let v = try XCTUnwrap(chair.state.voiding)
        XCTAssertEqual(v.errors.form.map { Res.vi.text($0) }, "Lần thăm này đã được hủy rồi")
        XCTAssertNil(v.errors["reason"])
        chair.cancelVoid()
        XCTAssertNil(chair.state.voiding)
        chair.reload()
        XCTAssertEqual(chair.state.rows.first?.voidedReason, "Ghi hai lần")
        XCTAssertEqual(chair.state.trend.latest?.date, "05/05/2026")
    }
}
