import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// Possible duplicates against the real core: the same cases as the Android app's MembersTest.
final class DuplicatesViewModelTests: TempDirTestCase, @unchecked Sendable {
    private func person(_ name: String, phone: String? = nil) -> NewMember {
        NewMember(
            fullName: name, sex: .female, birth: "1950", ethnicity: "Kinh", household: .neither, disabled: false,
            livesAlone: false, hamlet: "Ấp 3", phone: phone, joinedOn: "2020-01-15", roles: [], membership: .member
        )
    }

    @MainActor
    func testRegisteringTheSamePersonTwiceIsFlaggedMergingKeepsOneAndTheListNoLongerShowsTheOther() async throws {
        let c = try demo()
        try c.store.setActingMember(memberId: nil)
        let form = MemberFormViewModel(store: c.store, drafts: MemoryDrafts())
        func fill(_ name: String) {
            form.setField(.fullName, name)
            form.setSex(.female)
            form.setField(.birth, "1950")
            form.setField(.ethnicity, "Kinh")
            form.setHousehold(.poor)
            form.setField(.hamlet, "Ấp 3")
        }
        fill("Nguyễn Thị Hoa")
        XCTAssertTrue(form.save(), "errors: \(form.state.errors)")
        XCTAssertEqual(form.state.registered?.possibleDuplicates, [])
        let first = try XCTUnwrap(form.state.registered?.member.id)

        fill("nguyen thi  hoa") // typed differently, same person
        form.setField(.fullName, "Nguyễn Thị Hoa")
        form.setField(.phone, "0909 123 456")
        XCTAssertTrue(form.save(), "errors: \(form.state.errors)")
        let second = try XCTUnwrap(form.state.registered)
        XCTAssertEqual(second.possibleDuplicates.map(\.id), [first])
        let d0 = second.possibleDuplicates[0]
        XCTAssertEqual(
            Res.vi.text(.res("members_duplicate_line", .text(d0.fullName), .int(Int64(d0.birthYear)), .text(d0.hamlet))),
            "Nguyễn Thị Hoa, sinh năm 1950, Ấp 3"
        )

        let d = DuplicatesViewModel(store: c.store)
        XCTAssertEqual(d.state.pairs.count, 1)
        let pair = try XCTUnwrap(d.state.pairs.first)
        XCTAssertEqual(Set([pair.a.id, pair.b.id]), [first, second.member.id])
        XCTAssertEqual(MembersListViewModel(store: c.store).state.duplicates, 1)

        // Keep the one with the phone; nothing happens before the confirmation.
        d.chooseKeep(flagId: pair.id, keptId: second.member.id)
        let p = try XCTUnwrap(d.state.pending)
        XCTAssertEqual(p.kept.id, second.member.id)
        XCTAssertEqual(p.merged.id, first)
        XCTAssertEqual(p.keptIsA, pair.a.id == second.member.id)
        let (kept, merged) = p.keptIsA ? ("A", "B") : ("B", "A")
        XCTAssertEqual(
            Res.vi.text(.res("members_dup_confirm", .text(kept), .text(merged))),
            "Giữ hồ sơ \(kept) và gộp hồ sơ \(merged) vào đó? Lần thăm và tiền của hồ sơ \(merged) sẽ tính cho hồ sơ \(kept). Không thể hoàn tác."
        )
        XCTAssertEqual(try c.store.possibleDuplicates().count, 1, "not merged yet")
        d.cancelMerge()
        XCTAssertNil(d.state.pending)

        d.chooseKeep(flagId: pair.id, keptId: second.member.id)
        XCTAssertTrue(d.confirmMerge(), "errors: \(d.state.errors)")
        XCTAssertEqual(d.state.pairs, [])
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(d.state.done)), "Đã gộp. Còn lại hồ sơ của Nguyễn Thị Hoa.")
        let list = MembersListViewModel(store: c.store)
        list.setSearch("hoa")
        XCTAssertEqual(list.state.rows.map(\.member.id), [second.member.id])
        XCTAssertEqual(list.state.duplicates, 0)
    }

    @MainActor
    func testTwoDifferentPeopleAreDismissedAndBothStay() async throws {
        let c = try demo()
        try c.store.setActingMember(memberId: nil)
        let a = try c.store.registerMember(member: person("Nguyễn Thị Hoa")).member.id
        let b = try c.store.registerMember(member: person("Nguyễn Thị Hoa")).member.id
        let d = DuplicatesViewModel(store: c.store)
        XCTAssertTrue(d.dismiss(try XCTUnwrap(d.state.pairs.first).id))
        XCTAssertEqual(d.state.pairs, [])
        XCTAssertEqual(try c.store.possibleDuplicates(), [])
        XCTAssertEqual(Set(try c.store.listMembers(search: "hoa", includeLeft: false).map(\.member.id)), [a, b])
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(d.state.done)), "Đã ghi nhận Nguyễn Thị Hoa và Nguyễn Thị Hoa là hai người khác nhau.")

        // A flag resolved elsewhere meanwhile: the refusal is shown and the list read again.
        let e = try c.store.registerMember(member: person("Nguyễn Thị Hoa")).member.id
        let again = DuplicatesViewModel(store: c.store)
        let flag = try XCTUnwrap(again.state.pairs.first { $0.a.id == e || $0.b.id == e })
        try c.store.dismissDuplicate(flagId: flag.id)
        XCTAssertFalse(again.dismiss(flag.id))
        guard case let .error(code, _)? = again.state.errors.form else { return XCTFail("\(again.state.errors)") }
        XCTAssertEqual(code, "duplicate.resolved")
        XCTAssertFalse(again.state.pairs.contains { $0.id == flag.id })
    }
}
