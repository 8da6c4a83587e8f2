import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// Settings against the real core: the same cases as the Android app's SettingsTest.
final class SettingsViewModelTests: TempDirTestCase, @unchecked Sendable {
    private func depositCode(_ store: ClubStore, _ memberId: String) -> String? {
        do {
            _ = try store.deposit(memberId: memberId, amount: 100_000, on: nil, memo: "")
            return nil
        } catch {
            return (error as? IshcError)?.code ?? "\(error)"
        }
    }

    @MainActor
    func testPickingTheTreasurerAllowsTheDepositThatWasRefusedAndTheChoiceIsKeptForTheNextStart() async throws {
        let c = try demo()
        let prefs = MemorySettingsPrefs()
        let m = SettingsViewModel(store: c.store, prefs: prefs)
        // Nothing saved: no one is acting (the demo left the volunteer acting).
        XCTAssertNil(m.state.actingMemberId)
        XCTAssertEqual(depositCode(c.store, c.borrower), "op.not_permitted")

        let rows = Dictionary(uniqueKeysWithValues: m.state.members.map { ($0.name, $0) })
        XCTAssertEqual(rows["Trần Thị Lan"]?.roles.map { Res.vi.text($0) }, ["Thủ quỹ"])
        XCTAssertEqual(rows["Trần Thị Lan"]?.roles.map { Res.en.text($0) }, ["Treasurer"])
        XCTAssertEqual(rows["Võ Thị Đức"]?.roles.map { Res.vi.text($0) }, ["Thành viên"])
        XCTAssertEqual(m.state.members.count, 6)

        XCTAssertTrue(m.pickActingMember(c.volunteer))
        XCTAssertEqual(depositCode(c.store, c.borrower), "op.not_permitted")

        XCTAssertTrue(m.pickActingMember(c.treasurer))
        XCTAssertEqual(m.state.actingName, "Trần Thị Lan")
        XCTAssertEqual(prefs.actingMemberId, c.treasurer)
        XCTAssertNil(depositCode(c.store, c.borrower))
        XCTAssertEqual(try c.store.savingsBalance(memberId: c.borrower).dong, 100_000)

        // The next start: the store begins with no one acting; the saved choice is set again.
        try c.store.setActingMember(memberId: nil)
        let again = SettingsViewModel(store: c.store, prefs: prefs)
        XCTAssertEqual(again.state.actingMemberId, c.treasurer)
        XCTAssertNil(depositCode(c.store, c.borrower))

        // Back to no one: money is refused again.
        XCTAssertTrue(again.pickActingMember(nil))
        XCTAssertNil(prefs.actingMemberId)
        XCTAssertEqual(depositCode(c.store, c.borrower), "op.not_permitted")
    }

    @MainActor
    func testASavedPersonWhoIsNotInThisClubIsForgottenAndPickingOneGivesAMessage() async throws {
        let c = try demo()
        let prefs = MemorySettingsPrefs(actingMemberId: "01900000-0000-7000-8000-000000000000")
        let m = SettingsViewModel(store: c.store, prefs: prefs)
        XCTAssertNil(m.state.actingMemberId)
        XCTAssertNil(prefs.actingMemberId)
        XCTAssertNil(m.state.message)
        XCTAssertFalse(m.pickActingMember("01900000-0000-7000-8000-000000000001"))
        XCTAssertEqual(
            Res.vi.text(try XCTUnwrap(m.state.message)),
            "Không tìm thấy bản ghi này nữa (có thể đã được gộp hoặc đồng bộ). Hãy tải lại."
        )
        XCTAssertTrue(m.pickActingMember(c.chair))
        XCTAssertNil(m.state.message)
    }

    @MainActor
    func testLanguageAndTextSizeAreKeptInThePreferences() async throws {
        let c = try demo()
        let prefs = MemorySettingsPrefs()
        let sync = try SyncCoordinator(store: c.store)
        let m = SettingsViewModel(store: c.store, prefs: prefs, sync: sync)
        XCTAssertEqual(m.state.language, .vi)
        XCTAssertEqual(m.state.textSize, .standard)
        XCTAssertFalse(m.state.enrolled)
        XCTAssertNil(m.state.serverUrl)
        XCTAssertEqual(m.state.deviceId, try c.store.deviceId())
        XCTAssertEqual(Res.vi.text(.res("settings_device_id", .text(m.state.deviceId))), "Mã máy: \(m.state.deviceId)")

        m.setLanguage(.en)
        m.setTextSize(.largest)
        XCTAssertEqual(prefs.language, .en)
        XCTAssertEqual(prefs.textSize, .largest)
        XCTAssertEqual(m.state.language, .en)
        XCTAssertEqual(m.state.textSize, .largest)

        let again = SettingsViewModel(store: c.store, prefs: prefs, sync: sync)
        XCTAssertEqual(again.state.language, .en)
        XCTAssertEqual(again.state.textSize, .largest)

        XCTAssertEqual(TextSize.allCases.map(\.scale), [1.0, 1.15, 1.3, 1.5])
        XCTAssertEqual(TextSize.allCases.map { Res.vi($0.key) }, ["Bình thường", "Lớn", "Rất lớn", "Cực lớn"])
        // Each language is named in its own language, in both.
        XCTAssertEqual(AppLanguage.allCases.map { Res.en($0.key) }, ["Tiếng Việt", "English"])
        XCTAssertEqual(AppLanguage.allCases.map { Res.vi($0.key) }, ["Tiếng Việt", "English"])
    }

    func testSettingsSavedByAnOlderAppKeepTheirTextSize() throws {
        let defaults = try XCTUnwrap(UserDefaults(suiteName: "ishc-test-\(UUID().uuidString)"))
        var s = AppSettings()
        s.textSize = .larger
        s.actingMemberId = "someone"
        s.save(to: defaults)
        let loaded = AppSettings.load(from: defaults)
        XCTAssertEqual(loaded.textSize, .larger)
        XCTAssertEqual(loaded.actingMemberId, "someone")
        XCTAssertEqual(loaded.language, .vi)
    }
}
