import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// Enrolment, "sync now", the network coming back and the sync screen,
/// against the real ishc-server on loopback.
final class SyncTests: TempDirTestCase, @unchecked Sendable {
    private func member(_ name: String, _ birth: String) -> NewMember {
        NewMember(
            fullName: name, sex: .female, birth: birth, ethnicity: "Kinh", household: .neither, disabled: false,
            livesAlone: false, hamlet: "Ấp 3", phone: nil, joinedOn: "2024-06-01", roles: [], membership: .member
        )
    }

    /// A phone: its database in its own directory, its coordinator with a short backoff.
    private func phone(_ name: String) throws -> (ClubStore, SyncCoordinator) {
        let store = try ClubDatabase(directory: dir.appendingPathComponent(name)).open()
        var fast = defaultSyncSettings()
        fast.backoffBaseMs = 10
        return (store, try SyncCoordinator(store: store, settings: fast))
    }

    @MainActor
    func testTwoEnrolledPhonesSeeAMemberCrossAndTheNetworkComingBackSyncs() async throws {
        let server = try ProvincialServer(dir: dir)
        defer { server.stop() }
        let clubId = try server.createClub(name: "CLB Liên thế hệ ấp 3", communeCode: 26425, foundedOn: "2024-06-01")
        let codeA = try server.issueCode(clubId: clubId)
        let codeB = try server.issueCode(clubId: clubId)
        try server.start()

        // Phone A enrols through the form and receives the club.
        let (a, syncA) = try phone("a")
        let enrolA = EnrolmentViewModel(store: a, sync: syncA, serverUrl: server.url)
        enrolA.setField(.code, codeA)
        enrolA.setField(.deviceName, "Máy chị Lan")
        let enrolled = await enrolA.enrol()
        XCTAssertTrue(enrolled, "errors: \(enrolA.state.errors)")
        XCTAssertEqual(enrolA.state.enrolment?.clubId, clubId)
        XCTAssertFalse(enrolA.state.running)
        XCTAssertEqual(try a.club().name, "CLB Liên thế hệ ấp 3")

        // A registers a member; the sync screen shows it waiting, then sent.
        _ = try a.registerMember(member: member("Nguyễn Thị Hoà", "1950"))
        let screenA = SyncViewModel(store: a, sync: syncA)
        XCTAssertTrue(screenA.state.enrolled)
        XCTAssertEqual(screenA.state.serverUrl, server.url)
        XCTAssertEqual(screenA.state.pending, 1)
        let report = await screenA.syncNow()
        XCTAssertEqual(report?.sent, 1)
        XCTAssertEqual(Res.vi.text(screenA.state.line.text), "Đã đồng bộ: gửi 1, nhận 0")
        XCTAssertEqual(Res.en.text(screenA.state.line.text), "Synced: 1 sent, 0 received")
        XCTAssertFalse(screenA.state.line.running)
        XCTAssertEqual(screenA.state.pending, 0)
        XCTAssertEqual(screenA.state.lastSuccess?.count, "29/11/2026 09:15".count)
        XCTAssertEqual(screenA.state.rejected, [])

        // Phone B enrols and finds her without diacritics.
        let (b, syncB) = try phone("b")
        let enrolB = EnrolmentViewModel(store: b, sync: syncB, serverUrl: server.url)
        enrolB.setField(.code, codeB)
        enrolB.setField(.deviceName, "Máy anh Hải")
        let enrolledB = await enrolB.enrol()
        XCTAssertTrue(enrolledB, "errors: \(enrolB.state.errors)")
        let members = MembersListViewModel(store: b)
        members.setSearch("nguyen thi hoa")
        XCTAssertEqual(members.state.rows.map(\.member.fullName), ["Nguyễn Thị Hoà"])

        // B's network goes; A registers someone; B's network returns: B syncs by itself.
        let offline = await syncB.networkChanged(available: false)
        XCTAssertNil(offline)
        _ = try a.registerMember(member: member("Trần Thị Đức", "1960"))
        // A's screen follows the client's state through the core's listener.
        screenA.refresh()
        XCTAssertEqual(screenA.state.pending, 1)
        screenA.start()
        try await syncA.syncNow()
        for _ in 0..<250 where screenA.state.pending != 0 {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        XCTAssertEqual(screenA.state.pending, 0, "the listener's done state refreshed the screen")
        XCTAssertEqual(Res.vi.text(screenA.state.line.text), "Đã đồng bộ: gửi 1, nhận 0")
        screenA.stop()
        let back = await syncB.networkChanged(available: true)
        XCTAssertEqual(back?.received, 1)
        let again = await syncB.networkChanged(available: true)
        XCTAssertNil(again, "no change of network: no sync")
        members.setSearch("duc")
        XCTAssertEqual(members.state.rows.map(\.member.fullName), ["Trần Thị Đức"])

        // A used code is refused on the form, in Vietnamese.
        let (c, syncC) = try phone("c")
        let enrolC = EnrolmentViewModel(store: c, sync: syncC, serverUrl: server.url)
        enrolC.setField(.code, codeA)
        let blank = await enrolC.enrol()
        XCTAssertFalse(blank)
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(enrolC.state.errors["deviceName"])), "Không được để trống ô này")
        enrolC.setField(.deviceName, "Máy chú Bảy")
        let used = await enrolC.enrol()
        XCTAssertFalse(used)
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(enrolC.state.errors.form)), "Mã đăng ký này đã được dùng; hãy xin mã mới")
        XCTAssertThrowsError(try c.club(), "nothing was received")

        // The server goes away: the line says so, and when it will retry.
        server.stop()
        let failed = await screenA.syncNow()
        XCTAssertNil(failed)
        XCTAssertEqual(Res.vi.text(screenA.state.line.text), "Chưa đồng bộ được")
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(screenA.state.line.error)), "Không kết nối được máy chủ; ứng dụng sẽ tự thử lại sau")
        XCTAssertNotNil(screenA.state.nextRetry)

        // The form on a phone already enrolled (the app restarted before the
        // club arrived) only syncs: the network's failure, not "not empty".
        let reopened = EnrolmentViewModel(store: b, sync: syncB, serverUrl: server.url)
        let retried = await reopened.enrol()
        XCTAssertFalse(retried)
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(reopened.state.errors.form)), "Không kết nối được máy chủ; ứng dụng sẽ tự thử lại sau")
        XCTAssertTrue(reopened.state.errors.fields.isEmpty, "blank fields are not asked for")
    }

    func testAPhoneNotEnrolledHasNothingToSyncWhenTheNetworkReturns() async throws {
        let (_, sync) = try phone("alone")
        let report = await sync.networkChanged(available: true)
        XCTAssertNil(report)
        XCTAssertFalse(try sync.status().enrolled)
        do {
            try await sync.syncNow()
            XCTFail("a phone that is not enrolled synced")
        } catch let e as IshcError {
            XCTAssertEqual(e.code, "sync.not_enrolled")
        }
    }

    func testTheDatabaseDirectoryKeepsOneDeviceId() throws {
        let db = ClubDatabase(directory: dir.appendingPathComponent("phone"))
        let id = try db.deviceId()
        XCTAssertTrue(id.hasPrefix("ios-"), id)
        XCTAssertEqual(try db.deviceId(), id)
        let store = try db.open()
        XCTAssertEqual(try store.deviceId(), id)
        XCTAssertTrue(FileManager.default.fileExists(atPath: db.fileURL.path))
        XCTAssertEqual(db.fileURL.lastPathComponent, "club.sqlite3")
    }
}
