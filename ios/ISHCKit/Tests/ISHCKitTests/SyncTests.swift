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

    /// `dd/MM/yyyy HH:mm`.
    private func isTime(_ s: String?) -> Bool {
        s?.range(of: #"^\d\d/\d\d/\d{4} \d\d:\d\d$"#, options: .regularExpression) != nil
    }

    /// A phone: its database in its own directory, its coordinator with a
    /// short backoff (and requests timing out after `timeoutMs` if given).
    private func phone(_ name: String, timeoutMs: UInt64? = nil) throws -> (ClubStore, SyncCoordinator) {
        let store = try ClubDatabase(directory: dir.appendingPathComponent(name)).open()
        var fast = defaultSyncSettings()
        fast.backoffBaseMs = 10
        if let timeoutMs { fast.requestTimeoutMs = timeoutMs }
        return (store, try SyncCoordinator(store: store, settings: fast))
    }

    /// Waits (10 s at most) until `sync`'s client says it is syncing.
    private func untilSyncing(_ sync: SyncCoordinator) async throws {
        for _ in 0..<2000 {
            if case .syncing = sync.client.state() { return }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        XCTFail("the sync never started")
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
        let synced = await screenA.syncNow()
        XCTAssertTrue(synced, "\(String(describing: screenA.state.message))")
        guard case let .done(report) = screenA.state.live else { return XCTFail("\(screenA.state.live)") }
        XCTAssertEqual(report.sent, 1)
        XCTAssertEqual(Res.vi.text(screenA.state.line), "Đồng bộ xong: đã gửi 1, đã nhận 0")
        XCTAssertEqual(Res.en.text(screenA.state.line), "Synced: 1 sent, 0 received")
        XCTAssertFalse(screenA.state.syncing)
        XCTAssertNil(screenA.state.message)
        XCTAssertEqual(screenA.state.pending, 0)
        XCTAssertEqual(screenA.state.lastSync, Format.vietnamTime(try XCTUnwrap(syncA.status().lastSuccessAt)))
        XCTAssertTrue(isTime(screenA.state.lastSync), "\(String(describing: screenA.state.lastSync))")
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
        func done() -> Bool {
            if case .done = screenA.state.live { return screenA.state.pending == 0 }
            return false
        }
        for _ in 0..<250 where !done() {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        XCTAssertEqual(screenA.state.pending, 0, "the listener's done state refreshed the screen")
        XCTAssertEqual(Res.vi.text(screenA.state.line), "Đồng bộ xong: đã gửi 1, đã nhận 0")
        screenA.stop()
        let back = await syncB.networkChanged(available: true)
        XCTAssertEqual(back?.received, 1)
        let again = await syncB.networkChanged(available: true)
        XCTAssertNil(again, "no change of network: no sync")
        members.setSearch("duc")
        XCTAssertEqual(members.state.rows.map(\.member.fullName), ["Trần Thị Đức"])

        // A used code is refused under the code, in Vietnamese.
        let (c, syncC) = try phone("c")
        let enrolC = EnrolmentViewModel(store: c, sync: syncC, serverUrl: server.url)
        enrolC.setField(.code, codeA)
        let blank = await enrolC.enrol()
        XCTAssertFalse(blank)
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(enrolC.state.errors["deviceName"])), "Không được để trống ô này")
        enrolC.setField(.deviceName, "Máy chú Bảy")
        let used = await enrolC.enrol()
        XCTAssertFalse(used)
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(enrolC.state.errors["code"])), "Mã đăng ký này đã được dùng; hãy xin mã mới")
        XCTAssertNil(enrolC.state.errors.form)
        XCTAssertEqual(Array(enrolC.state.errors.fields.keys), ["code"])
        enrolC.setField(.code, "")
        XCTAssertNil(enrolC.state.errors["code"], "typing in the code clears its error")
        XCTAssertThrowsError(try c.club(), "nothing was received")

        // The server goes away: the line says so, and when it will retry.
        server.stop()
        _ = try a.registerMember(member: member("Lê Văn Tám", "1948"))
        screenA.refresh()
        let failed = await screenA.syncNow()
        XCTAssertFalse(failed)
        guard case .failed = screenA.state.live else { return XCTFail("\(screenA.state.live)") }
        XCTAssertEqual(Res.vi.text(screenA.state.line), "Đồng bộ chưa được")
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(screenA.state.failure)), "Không kết nối được máy chủ; ứng dụng sẽ tự thử lại sau")
        XCTAssertNil(screenA.state.shownMessage, "the message only repeats the failure the line shows")
        XCTAssertEqual(screenA.state.nextRetry, Format.vietnamTime(try XCTUnwrap(syncA.status().nextRetryAt)))
        XCTAssertTrue(isTime(screenA.state.nextRetry))
        XCTAssertEqual(screenA.state.pending, 1, "the change stays waiting")
        XCTAssertFalse(screenA.state.syncing)

        // Enrolling while the server is down: the network's failure under the address.
        let (d, syncD) = try phone("d")
        let enrolD = EnrolmentViewModel(store: d, sync: syncD, serverUrl: server.url)
        enrolD.setField(.code, codeB)
        enrolD.setField(.deviceName, "Máy cô Tư")
        let down = await enrolD.enrol()
        XCTAssertFalse(down)
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(enrolD.state.errors["serverUrl"])), "Không kết nối được máy chủ; ứng dụng sẽ tự thử lại sau")
        XCTAssertNil(enrolD.state.errors.form)
        XCTAssertFalse(enrolD.state.running)

        // The form on a phone already enrolled (the app restarted before the
        // club arrived) only syncs: the network's failure, not "not empty".
        let reopened = EnrolmentViewModel(store: b, sync: syncB, serverUrl: server.url)
        let retried = await reopened.enrol()
        XCTAssertFalse(retried)
        XCTAssertEqual(Res.vi.text(try XCTUnwrap(reopened.state.errors.form)), "Không kết nối được máy chủ; ứng dụng sẽ tự thử lại sau")
        XCTAssertTrue(reopened.state.errors.fields.isEmpty, "blank fields are not asked for")
    }

    @MainActor
    func testSyncingBeforeThePhoneIsEnrolledSaysSoInThePersonsLanguage() async throws {
        let (store, sync) = try phone("new")
        let m = SyncViewModel(store: store, sync: sync)
        XCTAssertFalse(m.state.enrolled)
        XCTAssertEqual(Res.vi.text(m.state.line), "Máy chưa đăng ký với máy chủ")
        XCTAssertNil(m.state.lastSync)
        let ok = await m.syncNow()
        XCTAssertFalse(ok)
        let e = try XCTUnwrap(m.state.message)
        guard case let .error(code, _) = e else { return XCTFail("\(e)") }
        XCTAssertEqual(code, "sync.not_enrolled")
        XCTAssertEqual(Res.vi.text(e), "Máy này chưa đăng ký với máy chủ; hãy nhập mã đăng ký trước")
        XCTAssertEqual(Res.en.text(e), "This phone is not enrolled yet; enter an enrolment code first")
    }

    /// The Android app's SyncTest with TwoPhones.clash(): A's deposit by a
    /// treasurer whose role B took away is refused; A's later edits of Đức's
    /// phone and hamlet beat B's, whose values are the conflicts.
    @MainActor
    func testARefusedDepositAndClashingEditsAreListedAndAClashCanBeRestoredOrDismissed() async throws {
        let p = try await TwoPhones(dir: dir)
        defer { p.server.stop() }
        try await p.clash()
        let m = SyncViewModel(store: p.a, sync: p.syncA)
        XCTAssertEqual(m.state.pending, 2, "one edit of two fields and the deposit")
        let ok = await m.syncNow()
        XCTAssertTrue(ok, "\(String(describing: m.state.message))")
        let s = m.state
        XCTAssertEqual(s.pending, 0)

        XCTAssertEqual(s.rejected.count, 1)
        let r = try XCTUnwrap(s.rejected.first)
        guard case let .error(code, _) = r.error else { return XCTFail("\(r.error)") }
        XCTAssertEqual(code, "op.not_permitted")
        XCTAssertEqual(
            Res.vi.text(r.error),
            "Người ghi không có quyền: việc tiền do thủ quỹ hoặc chủ nhiệm ghi, lần thăm do tình nguyện viên hoặc chủ nhiệm ghi"
        )
        XCTAssertEqual(Res.vi.text(r.entity), "Thu chi, tiết kiệm")
        XCTAssertTrue(isTime(r.recordedAt), r.recordedAt)
        XCTAssertEqual(r.opId, try p.a.rejectedOps().first?.opId)

        // A's edits were made later and stand; B's values lost.
        XCTAssertEqual(try p.a.member(memberId: p.member).phoneDisplay, "0943 733 416")
        XCTAssertEqual(s.conflicts.count, 2, "\(s.conflicts)")
        let phone = try XCTUnwrap(s.conflicts.first { Res.vi.text($0.field) == "Số điện thoại" })
        let hamlet = try XCTUnwrap(s.conflicts.first { Res.vi.text($0.field) == "Ấp, tổ" })
        XCTAssertEqual(phone.memberName, "Võ Thị Đức")
        XCTAssertEqual(phone.losingValue.map { Res.vi.text($0) }, ["0987 654 321"])
        XCTAssertEqual(hamlet.losingValue.map { Res.vi.text($0) }, ["Ấp 4"])
        XCTAssertEqual(Res.vi.text(phone.losingAuthor), "Nguyễn Văn Hùng")
        XCTAssertEqual(Res.vi.text(phone.winningAuthor), "Quản trị trên máy")
        XCTAssertEqual(Res.en.text(phone.field), "Phone")

        XCTAssertTrue(m.restoreConflict(phone.id))
        XCTAssertEqual(try p.a.member(memberId: p.member).phoneDisplay, "0987 654 321")
        XCTAssertEqual(m.state.conflicts.map(\.id), [hamlet.id])
        XCTAssertEqual(m.state.pending, 1, "the restored value is a new edit to send")

        XCTAssertTrue(m.dismissConflict(hamlet.id))
        XCTAssertEqual(try p.a.member(memberId: p.member).hamlet, "Ấp 5")
        XCTAssertEqual(m.state.conflicts, [])
        XCTAssertEqual(try p.a.conflicts(all: true).count, 2, "both kept, closed")

        // Dismissing it again: the core's refusal becomes the message.
        XCTAssertFalse(m.dismissConflict(hamlet.id))
        XCTAssertEqual(
            Res.vi.text(try XCTUnwrap(m.state.message)),
            "Không tìm thấy bản ghi này nữa (có thể đã được gộp hoặc đồng bộ). Hãy tải lại."
        )
    }

    func testTimesAreShownInVietnamAndConflictValuesAsPeopleReadThem() {
        XCTAssertEqual(Format.vietnamTime("2026-11-29T01:30:00Z"), "29/11/2026 08:30")
        XCTAssertEqual(Format.vietnamTime("2026-11-29T23:05:10.123Z"), "30/11/2026 06:05")
        XCTAssertEqual(Format.vietnamTime("2026-11-29T08:30:00+07:00"), "29/11/2026 08:30")
        XCTAssertEqual(Format.vietnamTime("bad"), "bad")

        func vi(_ field: String, _ json: String) -> String { conflictValue(field: field, json: json).map { Res.vi.text($0) }.joined(separator: ", ") }
        XCTAssertEqual(vi("phone", "\"+84943733416\""), "0943 733 416")
        XCTAssertEqual(vi("hamlet", #""\u1ea4p \"M\u1edbi\"""#), "Ấp \"Mới\"")
        XCTAssertEqual(vi("lives_alone", "true"), "Có")
        XCTAssertEqual(vi("disabled", "false"), "Không")
        XCTAssertEqual(vi("phone", "null"), "(trống)")
        XCTAssertEqual(vi("roles", #"["treasurer", "chair"]"#), "Thủ quỹ, Chủ nhiệm")
        XCTAssertEqual(vi("roles", #"["home_care_volunteer"]"#), "Tình nguyện viên chăm sóc tại nhà")
        XCTAssertEqual(vi("roles", "[]"), "(trống)")
        XCTAssertEqual(vi("birth", "1956"), "1956")
        XCTAssertEqual(vi("hamlet", "\"unterminated"), "\"unterminated")
    }

    func testTheStateLineSaysWhatSyncIsDoing() {
        XCTAssertEqual(Res.vi.text(stateLine(.idle, enrolled: true)), "Sẵn sàng đồng bộ")
        XCTAssertEqual(Res.vi.text(stateLine(.syncing(phase: .push, sent: 3, received: 0, pending: 12), enrolled: true)), "Đang gửi dữ liệu: đã gửi 3, còn 12")
        XCTAssertEqual(Res.en.text(stateLine(.syncing(phase: .pull, sent: 2, received: 40, pending: 0), enrolled: true)), "Receiving: 40 received")
        var s = SyncScreenState()
        s.live = .failed(code: "auth.device_revoked", reason: "device revoked", nextRetryAt: nil)
        XCTAssertEqual(s.failure, .error(code: "auth.device_revoked", reason: "device revoked"))
        XCTAssertFalse(s.syncing)
        s.message = .error(code: "sync.in_progress", reason: "busy")
        XCTAssertEqual(s.shownMessage, s.message, "a different error than the line's is shown")
        s.requested = true
        XCTAssertTrue(s.syncing)

        // What the app re-reads the home page and the settings on: an outcome, not a progress step.
        XCTAssertTrue(SyncState.failed(code: "sync.network", reason: "down", nextRetryAt: nil).hasEnded)
        XCTAssertFalse(SyncState.syncing(phase: .pull, sent: 0, received: 3, pending: 0).hasEnded)
        XCTAssertFalse(SyncState.idle.hasEnded)
    }

    /// At a background launch the network monitor's first report starts a
    /// sync, and the background task's own call comes while it runs: that
    /// call must wait for the sync and report its outcome (iOS suspends the
    /// app once the task says it is done), not fail at once with
    /// `sync.in_progress`. The server is frozen (SIGSTOP) to keep the first
    /// sync running.
    func testASyncAskedForWhileAnotherRunsWaitsForItAndHasItsOutcome() async throws {
        let server = try ProvincialServer(dir: dir)
        defer { server.stop() }
        let clubId = try server.createClub(name: "CLB Liên thế hệ ấp 3", communeCode: 26425, foundedOn: "2024-06-01")
        let codes = [try server.issueCode(clubId: clubId), try server.issueCode(clubId: clubId)]
        try server.start()
        let (a, syncA) = try phone("a")
        _ = try await enrol(store: a, serverUrl: server.url, code: codes[0], deviceName: "Máy chị Lan")
        try await syncA.syncNow() // receives the club
        _ = try a.registerMember(member: member("Nguyễn Thị Hoà", "1950"))

        server.pause()
        let monitor = Task { await syncA.networkChanged(available: true) }
        try await untilSyncing(syncA)
        let taskEnded = Flag()
        let backgroundTask = Task {
            defer { taskEnded.set() }
            return try await syncA.syncIfDue()
        }
        try await Task.sleep(nanoseconds: 400_000_000)
        XCTAssertFalse(taskEnded.isSet, "the second call waits while the first sync runs")
        server.resume()
        let first = await monitor.value
        let second = try await backgroundTask.value
        XCTAssertEqual(first?.sent, 1)
        XCTAssertEqual(second, first, "the running sync's own report")
        XCTAssertEqual(try syncA.status().pending, 0)

        // "Sync now" while a sync runs that then fails: the same failure.
        let (b, syncB) = try phone("b", timeoutMs: 1_000)
        _ = try await enrol(store: b, serverUrl: server.url, code: codes[1], deviceName: "Máy anh Hải")
        try await syncB.syncNow()
        _ = try b.registerMember(member: member("Trần Thị Đức", "1960"))
        server.pause()
        let running = Task { try await syncB.syncNow() }
        try await untilSyncing(syncB)
        var codesSeen: [String] = []
        for call in [running, Task { try await syncB.syncNow() }] {
            do {
                _ = try await call.value
                XCTFail("a sync to a frozen server succeeded")
            } catch let e as IshcError {
                codesSeen.append(e.code)
            }
        }
        server.resume()
        XCTAssertEqual(codesSeen.count, 2)
        XCTAssertEqual(Set(codesSeen).count, 1, "both calls have the running sync's failure: \(codesSeen)")
        XCTAssertNotEqual(codesSeen.first, "sync.in_progress")
        XCTAssertEqual(try syncB.status().pending, 1, "still waiting to be sent")
    }

    func testEnrolmentRefusalsLandOnTheirFieldsAndTheAddressGetsHttpsWhenNoSchemeIsTyped() {
        func field(_ e: IshcError) -> String? {
            let errors = EnrolmentViewModel.errorsOf(e)
            return errors.form == nil ? errors.fields.keys.first : "form"
        }
        XCTAssertEqual(field(.Sync(code: "enrol.code_unknown", reason: "r")), "code")
        XCTAssertEqual(field(.Sync(code: "enrol.code_expired", reason: "r")), "code")
        XCTAssertEqual(field(.Sync(code: "enrol.code_used", reason: "r")), "code")
        XCTAssertEqual(field(.Sync(code: "enrol.device_name", reason: "r")), "deviceName")
        XCTAssertEqual(field(.Sync(code: "sync.network", reason: "r")), "serverUrl")
        XCTAssertEqual(field(.Sync(code: "sync.protocol", reason: "r")), "serverUrl")
        XCTAssertEqual(field(.Sync(code: "enrol.not_empty", reason: "r")), "form")
        XCTAssertEqual(field(.Internal(code: "internal.panic", reason: "r")), "form")
        XCTAssertEqual(
            Res.en.text(try XCTUnwrap(EnrolmentViewModel.errorsOf(IshcError.Sync(code: "enrol.code_expired", reason: "r"))["code"])),
            Res.en.text(.error(code: "enrol.code_expired", reason: "r"))
        )

        XCTAssertEqual(EnrolmentViewModel.serverAddress("  tinh.example.vn/ "), "https://tinh.example.vn")
        XCTAssertEqual(EnrolmentViewModel.serverAddress("http://192.168.1.20:8080//"), "http://192.168.1.20:8080")
        XCTAssertEqual(EnrolmentViewModel.serverAddress("https://ishc.dongnai.gov.vn"), "https://ishc.dongnai.gov.vn")
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

    /// Before the first unlock after a restart the protected `device-id`
    /// exists but cannot be read: that is an error, never a new id. (Here
    /// it cannot be read as text; the tests run as root, so permissions
    /// would not stop a read.)
    func testADeviceIdFileThatCannotBeReadIsAnErrorNotANewId() throws {
        let db = ClubDatabase(directory: dir.appendingPathComponent("locked"))
        try FileManager.default.createDirectory(at: db.directory, withIntermediateDirectories: true)
        let file = db.directory.appendingPathComponent("device-id")
        let unreadable = Data([0xFF, 0xFE, 0x00, 0xC3])
        try unreadable.write(to: file)
        XCTAssertThrowsError(try db.deviceId())
        XCTAssertEqual(try Data(contentsOf: file), unreadable, "the file is left as it was")
        XCTAssertThrowsError(try db.open(), "no store is opened with another id")

        // An empty file holds no id: a new one is made.
        try Data().write(to: file)
        let id = try db.deviceId()
        XCTAssertTrue(id.hasPrefix("ios-"), id)
        XCTAssertEqual(try db.deviceId(), id)
    }
}

/// A real provincial server on loopback with one club, and two phones (A
/// and B, each a real store in `dir` with its own sync coordinator)
/// enrolled in it but not yet synced. The Android app's TwoPhones.
@MainActor
final class TwoPhones {
    let server: ProvincialServer
    let a: ClubStore
    let b: ClubStore
    let syncA: SyncCoordinator
    let syncB: SyncCoordinator
    /// Ids of the people ``clash()`` registers.
    private(set) var chair = ""
    private(set) var treasurer = ""
    private(set) var member = ""

    init(dir: URL) async throws {
        server = try ProvincialServer(dir: dir)
        let clubId = try server.createClub(name: "CLB Liên thế hệ ấp 3", communeCode: 26425, foundedOn: "2024-06-01")
        let codes = [try server.issueCode(clubId: clubId), try server.issueCode(clubId: clubId)]
        try server.start()
        a = try ClubStore.open(path: dir.appendingPathComponent("a.db").path, key: DemoClub.key, deviceId: "phone-a")
        b = try ClubStore.open(path: dir.appendingPathComponent("b.db").path, key: DemoClub.key, deviceId: "phone-b")
        _ = try await enrol(store: a, serverUrl: server.url, code: codes[0], deviceName: "Máy chị Lan")
        _ = try await enrol(store: b, serverUrl: server.url, code: codes[1], deviceName: "Máy anh Hùng")
        syncA = try SyncCoordinator(store: a)
        syncB = try SyncCoordinator(store: b)
    }

    static func person(_ name: String, _ sex: Sex, _ birth: String, _ roles: [Role] = [], phone: String? = nil) -> NewMember {
        NewMember(
            fullName: name, sex: sex, birth: birth, ethnicity: "Kinh", household: .neither, disabled: false, livesAlone: false,
            hamlet: "Ấp 3", phone: phone, joinedOn: "2024-06-01", roles: roles, membership: .member
        )
    }

    static func update(phone: String? = nil, hamlet: String? = nil, roles: [Role]? = nil) -> MemberUpdate {
        MemberUpdate(
            fullName: nil, sex: nil, birth: nil, ethnicity: nil, household: nil, disabled: nil, livesAlone: nil,
            hamlet: hamlet, phone: phone, roles: roles
        )
    }

    /// Leaves A with a deposit the server will refuse and two edits that
    /// clash with B's once A syncs (A's, made later, stand; B's are the
    /// losing values):
    ///
    /// 1. A registers the chair Hùng, the treasurer Lan and the member Đức
    ///    (phone 0912 345 678, Ấp 3); both phones sync.
    /// 2. B, as the chair, takes Lan's treasurer role away and changes Đức's
    ///    phone to 0987 654 321 and hamlet to Ấp 4; B syncs.
    /// 3. A, not knowing, changes Đức's phone to 0943 733 416 and hamlet to
    ///    Ấp 5 (local administration), and Lan records a 200.000 ₫ deposit
    ///    for Đức. A has not synced these.
    func clash() async throws {
        try await syncA.syncNow()
        chair = try a.registerMember(member: Self.person("Nguyễn Văn Hùng", .male, "1956", [.chair])).member.id
        treasurer = try a.registerMember(member: Self.person("Trần Thị Lan", .female, "1968", [.treasurer])).member.id
        member = try a.registerMember(member: Self.person("Võ Thị Đức", .female, "1962", phone: "0912345678")).member.id
        try await syncA.syncNow()
        try await syncB.syncNow()
        try b.setActingMember(memberId: chair)
        _ = try b.updateMember(memberId: treasurer, update: Self.update(roles: []))
        _ = try b.updateMember(memberId: member, update: Self.update(phone: "0987654321", hamlet: "Ấp 4"))
        try await syncB.syncNow()
        try a.setActingMember(memberId: nil)
        _ = try a.updateMember(memberId: member, update: Self.update(phone: "0943733416", hamlet: "Ấp 5"))
        try a.setActingMember(memberId: treasurer)
        _ = try a.deposit(memberId: member, amount: 200_000, on: nil, memo: "")
    }
}

/// A flag set from any task.
final class Flag: @unchecked Sendable { // the lock guards `value`
    private let lock = NSLock()
    private var value = false

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
