import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

final class HomeViewModelTests: TempDirTestCase, @unchecked Sendable {
    @MainActor
    func testTheHomePageShowsWhoMayActWhatIsDueAndTheLoans() async throws {
        let c = try demo()
        let m = HomeViewModel(store: c.store)
        XCTAssertTrue(m.state.loading)
        m.refresh(actingId: c.treasurer)
        let s = m.state
        XCTAssertFalse(s.loading)
        XCTAssertEqual(s.clubName, "CLB Liên thế hệ tự giúp nhau ấp 3")
        // People with a club role other than care recipient, in Vietnamese order by given name.
        XCTAssertEqual(s.people.map(\.name), ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Thị Mai"])
        XCTAssertEqual(s.acting?.name, "Trần Thị Lan")
        XCTAssertTrue(s.canRecordMoney)
        XCTAssertFalse(s.canLogVisits)
        XCTAssertEqual(s.loans.map(\.borrower), ["Võ Thị Đức"])
        XCTAssertEqual(s.loans.first?.principalOutstanding, "3.000.000 ₫")
        XCTAssertGreaterThanOrEqual(s.recipientsDue, 1, "Ánh was never visited")
        XCTAssertEqual(Res.vi.text(.res("home_acting", .text(s.acting!.name))), "Người dùng: Trần Thị Lan")

        // Acting is applied to the store: the treasurer may record money, not visits.
        XCTAssertNoThrow(try c.store.deposit(memberId: c.treasurer, amount: 100_000, on: nil, memo: ""))
        XCTAssertThrowsError(try c.store.logVisit(visit: NewVisit(
            volunteerId: c.volunteer, recipientId: c.recipients[1], startedAt: "2026-11-21 08:00", durationMin: 30,
            services: [.companionship], systolic: nil, diastolic: nil, pulse: nil, glucoseMmolL: nil, weightKg: nil, notes: ""
        ))) { XCTAssertEqual(($0 as? IshcError)?.code, "op.not_permitted") }

        // An id no longer in the club is dropped: the page asks who is using the phone.
        m.refresh(actingId: "gone")
        XCTAssertNil(m.state.acting)
        XCTAssertFalse(m.state.canRecordMoney)
    }

    @MainActor
    func testAPhoneWithoutAClubAsksToEnrol() async throws {
        let store = try ClubStore.open(path: dir.appendingPathComponent("new.db").path, deviceId: "ios-test")
        let m = HomeViewModel(store: store)
        m.refresh(actingId: nil)
        XCTAssertFalse(m.state.loading)
        XCTAssertNil(m.state.clubName)
        XCTAssertNil(m.state.error)
    }

    func testTheSyncLineSaysWhatSyncIsDoing() {
        XCTAssertEqual(Res.vi.text(SyncLine(state: .idle, pending: 0).text), "Chưa đồng bộ từ khi mở ứng dụng")
        XCTAssertEqual(Res.vi.text(SyncLine(state: .idle, pending: 3).text), "Thay đổi chưa gửi: 3")
        let pushing = SyncLine(state: .syncing(phase: .push, sent: 0, received: 0, pending: 12), pending: 12)
        XCTAssertTrue(pushing.running)
        XCTAssertEqual(Res.vi.text(pushing.text), "Đang gửi dữ liệu (còn 12 thay đổi)")
        XCTAssertEqual(Res.en.text(SyncLine(state: .syncing(phase: .pull, sent: 2, received: 40, pending: 0), pending: 0).text), "Receiving (40 received)")
        let failed = SyncLine(state: .failed(code: "auth.device_revoked", reason: "device revoked", nextRetryAt: nil), pending: 0)
        XCTAssertEqual(failed.error, .error(code: "auth.device_revoked", reason: "device revoked"))
        XCTAssertFalse(failed.running)
    }
}
