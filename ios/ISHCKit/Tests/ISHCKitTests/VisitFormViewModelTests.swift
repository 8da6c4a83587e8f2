import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// The visit form against the real core: the same cases as the Android
/// app's VisitFormTest.
final class VisitFormViewModelTests: TempDirTestCase, @unchecked Sendable {
    @MainActor
    func testACrisisReadingIsFlaggedAsItIsTypedAndTheSavedVisitCarriesTheFlag() async throws {
        let c = try demo()
        let m = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: FileDrafts(directory: dir.appendingPathComponent("drafts")))
        var flagsSeen: [BpFlag?] = []
        m.onChange = { flagsSeen.append($0.bpFlag) }
        // Never-visited Ánh comes before Bảy (visited on 20/11).
        XCTAssertEqual(m.state.recipients.map(\.name), ["Đỗ Thị Ánh", "Phạm Văn Bảy"])
        XCTAssertEqual(m.state.recipients.map(\.lastVisit), [nil, "20/11/2026"])

        m.pickRecipient(c.recipients[1])
        m.toggleService(.healthMonitoring)
        m.setField(.systolic, "185")
        XCTAssertNil(m.state.bpFlag, "one pressure is not a reading yet")
        m.setField(.diastolic, "1") // on the way to 100
        XCTAssertNil(m.state.bpFlag, "185/1 is neither a flag nor an error while typing")
        XCTAssertTrue(m.state.errors.isEmpty)
        m.setField(.diastolic, "100")
        XCTAssertEqual(m.state.bpFlag, .hypertensiveCrisis)
        XCTAssertEqual(Res.vi.text(.res(m.state.bpFlag!.key)), "CƠN TĂNG HUYẾT ÁP (từ 180/120): chuyển y tế ngay")
        XCTAssertEqual(Res.en.text(.res(m.state.bpFlag!.key)), "HYPERTENSIVE CRISIS (from 180/120): refer to health care now")
        m.setField(.diastolic, "95")
        m.setField(.systolic, "150")
        XCTAssertEqual(m.state.bpFlag, .hypertension)
        m.setField(.systolic, "185")
        XCTAssertEqual(m.state.bpFlag, .hypertensiveCrisis)
        m.setField(.startedAt, "29/11/2026 09:15")
        m.setField(.glucose, "6,4")
        m.setField(.notes, "Nhức đầu, đã gọi trạm y tế")

        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        let saved = try XCTUnwrap(m.state.saved)
        XCTAssertEqual(saved.bpFlag, .hypertensiveCrisis)
        XCTAssertEqual(saved.recipientName, "Đỗ Thị Ánh")
        XCTAssertEqual(saved.startedAt, "2026-11-29T09:15:00+07:00")
        XCTAssertEqual(saved.systolic, 185)
        XCTAssertEqual(saved.diastolic, 95)
        XCTAssertEqual(saved.glucoseMmolL, 6.4)
        XCTAssertEqual(saved.services, [.healthMonitoring])
        XCTAssertEqual(Res.vi.text(.res("visit_saved", .text(saved.recipientName))), "Đã lưu lần thăm Đỗ Thị Ánh")
        // The form is empty again; the recipient now has a visit and comes after Bảy.
        XCTAssertNil(m.state.recipientId)
        XCTAssertEqual(m.state[.systolic], "")
        XCTAssertNil(m.state.bpFlag)
        XCTAssertEqual(try c.store.visits(recipientId: c.recipients[1], from: nil, to: nil).map(\.bpFlag), [.hypertensiveCrisis])
        XCTAssertEqual(m.state.recipients.map(\.name), ["Phạm Văn Bảy", "Đỗ Thị Ánh"])
        // The view saw the flag change as it was typed: none, crisis, hypertension, crisis.
        XCTAssertEqual(flagsSeen.reduce(into: [BpFlag?]()) { if $0.last != $1 { $0.append($1) } }, [nil, .hypertensiveCrisis, .hypertension, .hypertensiveCrisis, nil])
    }

    @MainActor
    func testWhatWasTypedSurvivesTheAppBeingKilledAndIsGoneOnceSaved() async throws {
        let c = try demo()
        let drafts = dir.appendingPathComponent("drafts")
        let first = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: FileDrafts(directory: drafts))
        XCTAssertFalse(first.state.restoredDraft)
        first.pickRecipient(c.recipients[0])
        first.toggleService(.housework)
        first.toggleService(.companionship)
        first.setField(.notes, "Dọn nhà, nấu cơm")
        first.setField(.systolic, "13") // mid-typing

        // A new process: a new view model over the same drafts directory.
        let again = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: FileDrafts(directory: drafts))
        let s = again.state
        XCTAssertTrue(s.restoredDraft)
        XCTAssertEqual(s.recipientId, c.recipients[0])
        XCTAssertEqual(s.services, [.housework, .companionship])
        XCTAssertEqual(s[.notes], "Dọn nhà, nấu cơm")
        XCTAssertEqual(s[.systolic], "13")

        again.setField(.systolic, "")
        XCTAssertTrue(again.save(), "errors: \(again.state.errors)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: drafts.appendingPathComponent("visit.json").path))
        XCTAssertFalse(VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: FileDrafts(directory: drafts)).state.restoredDraft)
    }

    @MainActor
    func testTheRecipientChosenOnTheHomePageKeepsTheirDraftButNotSomeoneElses() async throws {
        let c = try demo()
        let drafts = MemoryDrafts()
        let first = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: drafts)
        first.pickRecipient(c.recipients[0])
        first.setField(.notes, "Mang thuốc cho bác Bảy")

        // Opened for Ánh while the draft is about Bảy: a blank form for Ánh.
        let other = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: drafts, recipientId: c.recipients[1])
        XCTAssertEqual(other.state.recipientName, "Đỗ Thị Ánh")
        XCTAssertEqual(other.state[.notes], "", "Bảy's notes are not carried to Ánh's visit")
        XCTAssertFalse(other.state.restoredDraft)
        XCTAssertEqual(other.state[.duration], "60", "a blank form")

        // Opened for Bảy, whom the draft is about: the draft, with Bảy picked.
        let same = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: drafts, recipientId: c.recipients[0])
        XCTAssertEqual(same.state.recipientName, "Phạm Văn Bảy")
        XCTAssertEqual(same.state[.notes], "Mang thuốc cho bác Bảy")
        XCTAssertTrue(same.state.restoredDraft)

        // A draft about no one yet is this visit's: restored with the recipient chosen.
        let unnamed = MemoryDrafts()
        VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: unnamed).setField(.notes, "Dọn nhà")
        let chosen = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: unnamed, recipientId: c.recipients[1])
        XCTAssertEqual(chosen.state.recipientName, "Đỗ Thị Ánh")
        XCTAssertEqual(chosen.state[.notes], "Dọn nhà")
        XCTAssertTrue(chosen.state.restoredDraft)

        // Opened with no one chosen ("log a visit" at the top of the home page): the draft as it is.
        let any = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: drafts)
        XCTAssertEqual(any.state.recipientName, "Phạm Văn Bảy")
        XCTAssertEqual(any.state[.notes], "Mang thuốc cho bác Bảy")

        let plain = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: MemoryDrafts(), recipientId: c.recipients[0])
        XCTAssertEqual(plain.state.recipientName, "Phạm Văn Bảy")
        XCTAssertFalse(plain.state.restoredDraft)
    }

    @MainActor
    func testTheCoresRefusalLandsOnItsFieldAndNothingIsWritten() async throws {
        let c = try demo()
        let m = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: MemoryDrafts())
        m.pickRecipient(c.recipients[1])
        m.toggleService(.healthMonitoring)
        m.setField(.systolic, "120")
        m.setField(.diastolic, "130")
        XCTAssertNil(m.state.bpFlag, "not a reading the core accepts: no flag while typing")
        XCTAssertFalse(m.save())
        let e = m.state.errors
        XCTAssertEqual(Set(e.fields.keys), ["diastolic"])
        guard case let .error(code, reason)? = e["diastolic"] else { return XCTFail("\(e)") }
        XCTAssertEqual(code, "vitals.diastolic_not_below_systolic")
        XCTAssertFalse(reason.isEmpty)
        XCTAssertEqual(Res.vi.text(e["diastolic"]!), "Huyết áp tâm trương phải thấp hơn tâm thu")
        XCTAssertEqual(Res.en.text(e["diastolic"]!), "Diastolic must be lower than systolic")
        XCTAssertNil(e.form)
        XCTAssertEqual(try c.store.visits(recipientId: c.recipients[1], from: nil, to: nil).count, 0)

        // Checked before the core: no recipient, no service, a word for a number.
        let blank = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: MemoryDrafts())
        blank.setField(.pulse, "tám mươi")
        blank.setField(.weight, "năm mươi")
        XCTAssertFalse(blank.save())
        XCTAssertEqual(Set(blank.state.errors.fields.keys), ["recipientId", "services", "pulse", "weightKg"])
        XCTAssertEqual(Res.vi.text(blank.state.errors["recipientId"]!), "Chọn người được thăm")
        XCTAssertEqual(Res.vi.text(blank.state.errors["weightKg"]!), "Nhập một số, ví dụ 6,4")
        // Editing a field clears its error.
        blank.setField(.pulse, "80")
        XCTAssertNil(blank.state.errors["pulse"])
        XCTAssertNotNil(blank.state.errors["weightKg"])
    }

    @MainActor
    func testASecondTapOnSaveLogsNothingMoreAndKeepsTheSavedNotice() async throws {
        let c = try demo()
        let m = VisitFormViewModel(store: c.store, volunteerId: c.volunteer, drafts: MemoryDrafts())
        m.pickRecipient(c.recipients[1])
        m.toggleService(.companionship)
        // A tap that comes while the save runs (here from inside its own announcement) is ignored.
        var nested: [Bool] = []
        m.onChange = { s in if s.busy { nested.append(m.save()) } }
        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        m.onChange = nil
        XCTAssertFalse(nested.isEmpty, "busy while saving")
        XCTAssertFalse(nested.contains(true), "a save while busy does nothing")
        XCTAssertFalse(m.state.busy)
        let saved = try XCTUnwrap(m.state.saved)

        // A second tap on the form the save just emptied: the notice stays, no "choose a recipient".
        XCTAssertFalse(m.save())
        XCTAssertEqual(m.state.saved, saved)
        XCTAssertTrue(m.state.errors.isEmpty, "\(m.state.errors)")
        XCTAssertEqual(try c.store.visits(recipientId: c.recipients[1], from: nil, to: nil).count, 1)

        // Once the form is touched again, saving checks it as usual.
        m.toggleService(.housework)
        XCTAssertNil(m.state.saved)
        XCTAssertFalse(m.save())
        XCTAssertEqual(Set(m.state.errors.fields.keys), ["recipientId"])
    }
}
