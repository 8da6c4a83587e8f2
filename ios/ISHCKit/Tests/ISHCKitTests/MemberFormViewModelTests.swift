import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// Registration against the real core: the same cases as the Android app's MembersTest.
final class MemberFormViewModelTests: TempDirTestCase, @unchecked Sendable {
    /// The code of the error under `field`, if it is the core's.
    @MainActor
    private func code(_ m: MemberFormViewModel, _ field: String) -> String? {
        if case let .error(code, _)? = m.state.errors[field] { return code }
        return nil
    }

    @MainActor
    private func fill(_ m: MemberFormViewModel, _ name: String, birth: String = "1950", hamlet: String = "Ấp 3") {
        m.setField(.fullName, name)
        m.setSex(.female)
        m.setField(.birth, birth)
        m.setField(.ethnicity, "Kinh")
        m.setHousehold(.poor)
        m.setField(.hamlet, hamlet)
    }

    @MainActor
    func testARegistrationReachesTheListKeepsTheTypedPhoneInItsDisplayFormAndClearsItsDraft() async throws {
        let c = try demo()
        try c.store.setActingMember(memberId: nil)
        let draftDir = dir.appendingPathComponent("drafts")
        let draftFile = draftDir.appendingPathComponent("member_registration.json").path
        let m = MemberFormViewModel(store: c.store, drafts: FileDrafts(directory: draftDir))
        XCTAssertEqual(m.state[.joinedOn], Format.date(try c.store.today()), "joined today by default")
        fill(m, "Huỳnh Thị Bé", birth: "21/03/1950")
        m.setField(.phone, "0943 7")
        XCTAssertNil(m.state.errors["phone"], "not an error while typing")
        XCTAssertNil(m.state.phoneDisplay)
        m.setField(.phone, "0943.733.416")
        XCTAssertEqual(m.state.phoneDisplay, "0943 733 416")
        XCTAssertEqual(Res.vi.text(.res("members_phone_ok", .text(m.state.phoneDisplay!))), "Số đúng: 0943 733 416")
        m.toggleRole(.careRecipient)
        m.setLivesAlone(true)
        m.setField(.joinedOn, "02/03/2026")
        XCTAssertTrue(FileManager.default.fileExists(atPath: draftFile))

        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        let r = try XCTUnwrap(m.state.registered)
        XCTAssertEqual(r.member.fullName, "Huỳnh Thị Bé")
        XCTAssertEqual(r.member.birthDate, "1950-03-21")
        XCTAssertEqual(r.member.phone, "+84943733416")
        XCTAssertEqual(r.member.joinedOn, "2026-03-02")
        XCTAssertEqual(r.member.roles, [.careRecipient])
        XCTAssertEqual(r.member.household, .poor)
        XCTAssertTrue(r.member.livesAlone)
        XCTAssertEqual(r.possibleDuplicates, [])
        XCTAssertEqual(m.state[.fullName], "", "the form is empty again")
        XCTAssertFalse(FileManager.default.fileExists(atPath: draftFile))
        XCTAssertEqual(Res.vi.text(.res("members_registered", .text(r.member.fullName))), "Đã đăng ký Huỳnh Thị Bé")
        let list = MembersListViewModel(store: c.store)
        list.setSearch("huynh")
        XCTAssertEqual(list.state.rows.map(\.member.fullName), ["Huỳnh Thị Bé"])
    }

    @MainActor
    func testWhatWasTypedSurvivesTheAppBeingKilled() async throws {
        let c = try demo()
        let draftDir = dir.appendingPathComponent("drafts")
        let first = MemberFormViewModel(store: c.store, drafts: FileDrafts(directory: draftDir))
        first.setField(.fullName, "Lâm Thị Nở")
        first.setSex(.female)
        first.setHousehold(.nearPoor)
        first.setDisabled(true)
        first.toggleRole(.careRecipient)
        first.setMembership(.recipientOnly)
        first.setField(.phone, "0909 12") // mid-typing

        let again = MemberFormViewModel(store: c.store, drafts: FileDrafts(directory: draftDir))
        let s = again.state
        XCTAssertTrue(s.restoredDraft)
        XCTAssertEqual(s[.fullName], "Lâm Thị Nở")
        XCTAssertEqual(s.sex, .female)
        XCTAssertEqual(s.household, .nearPoor)
        XCTAssertTrue(s.disabled)
        XCTAssertFalse(s.livesAlone)
        XCTAssertEqual(s.roles, [.careRecipient])
        XCTAssertEqual(s.membership, .recipientOnly)
        XCTAssertEqual(s[.phone], "0909 12")
        XCTAssertNil(s.errors["phone"])

        again.discard()
        XCTAssertFalse(again.state.restoredDraft)
        XCTAssertEqual(again.state[.fullName], "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: draftDir.appendingPathComponent("member_registration.json").path))
    }

    @MainActor
    func testTheCoresRefusalsLandUnderTheirFieldsAndNothingIsWritten() async throws {
        let c = try demo()
        try c.store.setActingMember(memberId: nil)
        let m = MemberFormViewModel(store: c.store, drafts: MemoryDrafts())
        // Checked before the core: the two choices.
        m.setField(.fullName, "Trương Văn Tư")
        XCTAssertFalse(m.save())
        XCTAssertEqual(Set(m.state.errors.fields.keys), ["sex", "household"])
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(m.state.errors["sex"])), "Hãy chọn Nam hoặc Nữ")
        m.setSex(.male)
        XCTAssertNil(m.state.errors["sex"], "choosing clears its error")

        fill(m, "Trương Văn Tư")
        m.setSex(.male)
        // A complete number with a prefix no carrier holds: shown as it is typed.
        m.setField(.phone, "0123 456 789")
        XCTAssertEqual(code(m, "phone"), "phone.mobile_prefix")
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(m.state.errors["phone"])), "Không nhà mạng nào dùng đầu số này; hãy kiểm tra lại số")
        XCTAssertNil(m.state.phoneDisplay)
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m, "phone"), "phone.mobile_prefix")

        // Too short: not flagged while typing, refused on saving.
        m.setField(.phone, "0943 733")
        XCTAssertNil(m.state.errors["phone"])
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m, "phone"), "phone.length")
        XCTAssertEqual(
            Res.vi.text(try XCTUnwrap(m.state.errors["phone"])),
            "Số di động phải có 10 chữ số, số cố định 11 chữ số (kể cả số 0 ở đầu)"
        )
        m.setField(.phone, "")

        // A birth year in the future.
        let nextYear = Int(try c.store.today().prefix(4))! + 1
        m.setField(.birth, String(nextYear))
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m, "birth"), "birth.range")
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(m.state.errors["birth"])), "Năm sinh phải từ 1900 đến năm nay")
        m.setField(.birth, "1950")

        // Not one of the 54 groups; a blank name; a date that does not exist.
        m.setField(.ethnicity, "Mỹ")
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m, "ethnicity"), "ethnicity.unknown")
        m.setField(.ethnicity, "Khmer")
        m.setField(.fullName, "  ")
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m, "fullName"), "text.required")
        m.setField(.joinedOn, "31/02/2026")
        m.setField(.fullName, "Trương Văn Tư")
        XCTAssertFalse(m.save())
        XCTAssertEqual(code(m, "joinedOn"), "date.invalid")

        XCTAssertEqual(try c.store.listMembers(search: "truong", includeLeft: true).count, 0, "nothing was registered")
        m.setField(.joinedOn, "15/01/2020")
        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        XCTAssertEqual(m.state.registered?.member.ethnicityName, "Khmer")
    }

    func testPhoneDigitsCountInNationalForm() {
        XCTAssertEqual(MemberFormViewModel.nationalDigits("+84 943 733 416"), 10)
        XCTAssertEqual(MemberFormViewModel.nationalDigits("0943.733.416"), 10)
        XCTAssertEqual(MemberFormViewModel.nationalDigits("0943 7"), 5)
    }

    @MainActor
    func testASecondTapOnSaveRegistersNoOneMoreAndKeepsTheNotice() async throws {
        let c = try demo()
        try c.store.setActingMember(memberId: nil)
        let m = MemberFormViewModel(store: c.store, drafts: MemoryDrafts())
        let before = try c.store.listMembers(search: nil, includeLeft: true).count
        fill(m, "Huỳnh Thị Bé")
        var nested: [Bool] = []
        m.onChange = { s in if s.busy { nested.append(m.save()) } }
        XCTAssertTrue(m.save(), "errors: \(m.state.errors)")
        m.onChange = nil
        XCTAssertFalse(nested.isEmpty, "busy while saving")
        XCTAssertFalse(nested.contains(true), "a save while busy does nothing")
        XCTAssertFalse(m.state.busy)
        let registered = try XCTUnwrap(m.state.registered)

        XCTAssertFalse(m.save(), "the form was emptied")
        XCTAssertEqual(m.state.registered, registered)
        XCTAssertTrue(m.state.errors.isEmpty, "no 'choose the sex': \(m.state.errors)")
        XCTAssertEqual(try c.store.listMembers(search: nil, includeLeft: true).count, before + 1)
    }
}
