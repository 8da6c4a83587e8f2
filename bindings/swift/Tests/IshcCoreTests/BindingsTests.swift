import Foundation
import XCTest

@testable import IshcCore

/// Collects a sync client's states (called on a tokio worker thread).
final class StateRecorder: SyncListener, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [SyncState] = []

    func onState(state: SyncState) {
        lock.lock()
        seen.append(state)
        lock.unlock()
    }

    var states: [SyncState] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }
}

/// The generated Swift bindings against the real library: the scenarios of
/// issue 4, the same as bindings/ffi/tests/scenarios.rs and the Kotlin tests.
final class BindingsTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ishc-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// The tests' database key (the apps keep theirs in the Keystore/Keychain).
    private let key = Data((1...32).map { UInt8($0) })

    private func open(_ name: String) throws -> ClubStore {
        try ClubStore.open(path: dir.appendingPathComponent(name).path, key: key, deviceId: "phone-\(name)")
    }

    private func withClub(_ name: String = "a.db") throws -> ClubStore {
        let store = try open(name)
        _ = try store.createClub(club: NewClub(
            name: "CLB Liên thế hệ tự giúp nhau ấp 3", communeCode: 26425, foundedOn: "2024-06-01", activityAreas: nil
        ))
        return store
    }

    private func person(_ name: String, _ sex: Sex, _ birth: String, _ roles: [Role] = [], phone: String? = nil) -> NewMember {
        NewMember(
            fullName: name, sex: sex, birth: birth, ethnicity: "Kinh", household: .neither,
            disabled: false, livesAlone: false, hamlet: "Ấp 3", phone: phone,
            joinedOn: "2024-06-01", roles: roles, membership: .member
        )
    }

    func testADecomposedNameIsStoredNfcAndFoundByAnUnaccentedSearch() throws {
        let store = try withClub()
        let nfd = "Nguye\u{302}\u{303}n Thi\u{323} Hoa\u{300}"
        let r = try store.registerMember(member: person(nfd, .female, "1950"))
        // Compare the scalars: Swift's == would call NFC and NFD equal.
        XCTAssertEqual(Array(r.member.fullName.unicodeScalars), Array("Nguyễn Thị Hoà".precomposedStringWithCanonicalMapping.unicodeScalars))
        XCTAssertEqual(r.member.givenName, "Hoà")
        XCTAssertTrue(r.member.older)
        _ = try store.registerMember(member: person("Trần Văn An", .male, "1980"))

        let found = try store.listMembers(search: "nguyen thi hoa", includeLeft: false)
        XCTAssertEqual(found.map(\.member.fullName), ["Nguyễn Thị Hoà"])
        XCTAssertEqual(found[0].savings, Money(dong: 0, text: "0 ₫"))
        // Vietnamese order by given name: An before Hoà.
        XCTAssertEqual(try store.listMembers(search: nil, includeLeft: false).map(\.member.fullName), ["Trần Văn An", "Nguyễn Thị Hoà"])
    }

    func testACrisisReadingIsFlaggedOnTheLoggedVisit() throws {
        let store = try withClub()
        let vol = try store.registerMember(member: person("Lê Thị Mai", .female, "1975", [.homeCareVolunteer])).member
        let rec = try store.registerMember(member: person("Phạm Văn Bảy", .male, "1938", [.careRecipient])).member
        try store.setActingMember(memberId: vol.id)
        let v = try store.logVisit(visit: NewVisit(
            volunteerId: vol.id, recipientId: rec.id, startedAt: "2026-03-02 08:30", durationMin: 45,
            services: [.healthMonitoring, .companionship], systolic: 185, diastolic: 100, pulse: 88,
            glucoseMmolL: nil, weightKg: nil, notes: "Nhức đầu"
        ))
        XCTAssertEqual(v.bpFlag, .hypertensiveCrisis)
        XCTAssertEqual(v.startedAt, "2026-03-02T08:30:00+07:00")
        XCTAssertEqual(v.visitOn, "2026-03-02")
        let history = try store.visits(recipientId: rec.id, from: nil, to: nil)
        XCTAssertEqual(history.map(\.systolic), [185])
        XCTAssertEqual(history.map(\.bpFlag), [.hypertensiveCrisis])
        XCTAssertEqual(try store.recipientsDue(days: 7, asOf: "2026-03-05").count, 0)
        let due = try store.recipientsDue(days: 7, asOf: "2026-03-20")
        XCTAssertEqual(due.map(\.member.id), [rec.id])
        XCTAssertEqual(due.first?.lastVisitOn, "2026-03-02")
        XCTAssertEqual(due.first?.daysSince, 18)
    }

    func testALoanIsDisbursedRepaidReversedAndItsScheduleRead() throws {
        let store = try withClub()
        let treasurer = try store.registerMember(member: person("Trần Đình Hải", .male, "1970", [.treasurer])).member
        let borrower = try store.registerMember(member: person("Trần Thị Hồng", .female, "1985")).member
        try store.setActingMember(memberId: treasurer.id)
        _ = try store.recordFundEntry(entry: NewFundEntry(
            fund: .incomeGeneration, kind: .grant, amount: try parseAmount(text: "60tr"),
            entryOn: "2026-01-05", memo: "Vốn tài trợ", memberId: nil
        ))
        let loan = try store.disburseLoan(loan: NewLoan(
            borrowerId: borrower.id, principal: try parseAmount(text: "5tr"), disbursedOn: "2026-01-10",
            termMonths: 10, monthlyRateBp: try parseRate(text: "1%"), method: .flat, purpose: "Nuôi heo"
        ))
        XCTAssertEqual(loan.position.installments.count, 10)
        XCTAssertEqual(loan.position.installments[0].total.text, "550.000 ₫")
        XCTAssertEqual(loan.position.installments[0].dueOn, "2026-02-10")

        let amount = try parseAmount(text: "1tr5")
        XCTAssertEqual(amount, 1_500_000)
        let receipt = try store.repayLoan(loanId: loan.id, amount: amount, paidOn: "2026-02-10")
        XCTAssertEqual(receipt.entry.amount.text, "1.500.000 ₫")
        // Two installments of 550.000 and 400.000 of the third: 1.350.000 of principal repaid.
        XCTAssertEqual(receipt.position.principalOutstanding.dong, 3_650_000)

        let reversal = try store.reverseEntry(entryId: receipt.entry.id, reason: "Ghi nhầm số tiền", on: "2026-02-11")
        XCTAssertEqual(reversal.reversesId, receipt.entry.id)
        XCTAssertEqual(reversal.amount.dong, -1_500_000)

        let view = try store.loan(loanId: loan.id, asOf: "2026-03-15")
        XCTAssertEqual(view.position.principalOutstanding.dong, 5_000_000)
        XCTAssertEqual(view.repayments.count, 2)
        XCTAssertTrue(view.repayments[0].reversed)
        XCTAssertEqual(view.position.installments.prefix(3).map(\.state), [.overdue, .overdue, .upcoming])
        XCTAssertEqual(view.position.daysPastDue, 33)
    }

    func testADepositShowsInThePassbook() throws {
        let store = try withClub()
        let t = try store.registerMember(member: person("Trần Đình Hải", .male, "1970", [.treasurer])).member
        try store.setActingMember(memberId: t.id)
        _ = try store.deposit(memberId: t.id, amount: 500_000, on: "2026-03-01", memo: "")
        _ = try store.deposit(memberId: t.id, amount: try parseAmount(text: "200k"), on: "2026-03-15", memo: "")
        let p = try store.passbook(memberId: t.id)
        XCTAssertEqual(p.lines.map(\.balance.text), ["500.000 ₫", "700.000 ₫"])
        XCTAssertEqual(p.balance.dong, 700_000)
    }

    func testAFieldErrorCarriesItsCodeAndFieldAndNothingIsWritten() throws {
        let store = try withClub()
        let pending = try store.pendingCount()
        XCTAssertThrowsError(try store.registerMember(member: person("Võ Văn Tư", .male, "1960", phone: "0123 456"))) { error in
            guard case let IshcError.Invalid(code, field, reason) = error else {
                return XCTFail("expected Invalid, got \(error)")
            }
            XCTAssertEqual(field, "phone")
            XCTAssertEqual(code, "phone.length")
            XCTAssertFalse(reason.isEmpty)
        }
        XCTAssertEqual(try store.listMembers(search: nil, includeLeft: true).count, 0)
        XCTAssertEqual(try store.pendingCount(), pending, "nothing written, nothing logged")
        var blank = person("Võ Văn Tư", .male, "1960")
        blank.joinedOn = ""
        XCTAssertThrowsError(try store.registerMember(member: blank)) { error in
            guard case let IshcError.Invalid(code, field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "joinedOn")
            XCTAssertEqual(code, "date.invalid")
        }
        XCTAssertThrowsError(try parseAmount(text: "mười nghìn")) { error in
            guard case let IshcError.Invalid(_, field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "amount")
        }
        XCTAssertThrowsError(try store.member(memberId: "no-such-id")) { error in
            guard case let IshcError.NotFound(code, entity, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "not_found")
            XCTAssertEqual(entity, "member")
        }
    }

    func testAPassphraseBackupRestoresOntoANewPhonesKeyAndAWrongOrShortPassphraseWritesNothing() throws {
        let backup = dir.appendingPathComponent("backup.ishc").path
        do {
            let store = try withClub()
            _ = try store.registerMember(member: person("Hoàng Thị Xuân Diệu", .female, "1950"))
            XCTAssertThrowsError(try store.writeBackup(destPath: backup, passphrase: " Hoa sen nở ")) { error in
                guard case let IshcError.Invalid(code, field, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(code, "backup.passphrase_short")
                XCTAssertEqual(field, "passphrase")
            }
            try store.writeBackup(destPath: backup, passphrase: "Hoa sen nở tháng năm")
            XCTAssertThrowsError(try store.writeBackup(destPath: backup, passphrase: "Hoa sen nở tháng năm")) { error in
                guard case let IshcError.Invalid(code, field, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(code, "backup.dest_exists")
                XCTAssertEqual(field, "path")
            }
        }
        XCTAssertNil(try Data(contentsOf: URL(fileURLWithPath: backup)).range(of: Data("Xuân Diệu".utf8)))
        let newKey = Data(repeating: 7, count: 32)
        let restoredPath = dir.appendingPathComponent("restored.db").path
        XCTAssertThrowsError(try ClubStore.restoreBackup(backupPath: backup, passphrase: "Hoa sen no thang nam", path: restoredPath, key: newKey, deviceId: "phone-new")) { error in
            guard case let IshcError.Invalid(code, field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "backup.passphrase_invalid")
            XCTAssertEqual(field, "passphrase")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: restoredPath), "a wrong passphrase wrote a file")
        do {
            let store = try ClubStore.restoreBackup(backupPath: backup, passphrase: "Hoa sen nở tháng năm", path: restoredPath, key: newKey, deviceId: "phone-new")
            XCTAssertEqual(try store.listMembers(search: nil, includeLeft: false).map(\.member.fullName), ["Hoàng Thị Xuân Diệu"])
        }
        // Under the new phone's key only.
        XCTAssertThrowsError(try ClubStore.open(path: restoredPath, key: key, deviceId: "x")) { error in
            guard case let IshcError.Invalid(code, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "store.key_invalid")
        }
        _ = try ClubStore.open(path: restoredPath, key: newKey, deviceId: "x")
    }

    func testTheDatabaseIsEncryptedAndAWrongKeyIsRefusedWithItsCodeChangingNothing() throws {
        do {
            let store = try withClub()
            _ = try store.registerMember(member: person("Hoàng Thị Xuân Diệu", .female, "1950"))
        }
        let path = dir.appendingPathComponent("a.db").path
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // No name and not even SQLite's header in the file: it starts with its salt.
        XCTAssertNil(before.range(of: Data("SQLite format 3".utf8)))
        XCTAssertNil(before.range(of: Data("Xuân Diệu".utf8)))

        XCTAssertThrowsError(try ClubStore.open(path: path, key: Data(repeating: 9, count: 32), deviceId: "phone-a")) { error in
            guard case let IshcError.Invalid(code, field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "store.key_invalid")
            XCTAssertEqual(field, "key")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "a wrong key changed the file")
        XCTAssertThrowsError(try ClubStore.open(path: path, key: Data(count: 16), deviceId: "phone-a")) { error in
            guard case let IshcError.Invalid(code, field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "store.key_length")
            XCTAssertEqual(field, "key")
        }
        XCTAssertEqual(try open("a.db").listMembers(search: nil, includeLeft: false).map(\.member.fullName), ["Hoàng Thị Xuân Diệu"])
    }

    func testAPanicInsideTheCoreComesBackAsAnInternalErrorAndTheStoreStaysUsable() throws {
        let store = try withClub()
        _ = try store.registerMember(member: person("Trần Văn An", .male, "1980"))
        // The next call panics with the store's lock held, as a bug in the core would.
        armInternalFailure()
        XCTAssertThrowsError(try store.listMembers(search: nil, includeLeft: false)) { error in
            guard case let IshcError.Internal(code, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "internal.panic")
        }
        // The lock is recovered and the store still reads and writes.
        _ = try store.registerMember(member: person("Lê Thị Bình", .female, "1950"))
        XCTAssertEqual(try store.listMembers(search: nil, includeLeft: false).map(\.member.fullName), ["Trần Văn An", "Lê Thị Bình"])
    }

    func testTwoStoresSyncThroughTheRealServerAndHoldTheSameData() async throws {
        let server = try ProvincialServer(dir: dir)
        defer { server.stop() }
        let clubId = try server.createClub(name: "CLB Liên thế hệ ấp 3", communeCode: 26425, foundedOn: "2024-06-01")
        let codeA = try server.issueCode(clubId: clubId)
        let codeB = try server.issueCode(clubId: clubId)
        try server.start()

        let a = try open("a.db")
        let b = try open("b.db")
        var fast = defaultSyncSettings()
        fast.backoffBaseMs = 10
        let syncA = try SyncClient.withSettings(store: a, settings: fast)
        let syncB = try SyncClient.withSettings(store: b, settings: fast)
        let recorder = StateRecorder()
        let handle = try syncA.subscribe(listener: recorder)

        let e = try await enrol(store: a, serverUrl: server.url, code: codeA, deviceName: "Máy chị Lan")
        XCTAssertEqual(e.clubId, clubId)
        _ = try await syncA.sync()
        XCTAssertEqual(try a.club().id, clubId)
        let t = try a.registerMember(member: person("Trần Đình Hải", .male, "1970", [.treasurer])).member
        _ = try a.registerMember(member: person("Nguyễn Thị Hoà", .female, "1950"))
        try a.setActingMember(memberId: t.id)
        _ = try a.deposit(memberId: t.id, amount: 300_000, on: "2026-03-01", memo: "")
        XCTAssertEqual(try a.pendingCount(), 3)
        let sent = try await syncA.sync()
        XCTAssertEqual(sent.sent, 3)
        XCTAssertEqual(sent.rejected, 0)

        _ = try await enrol(store: b, serverUrl: server.url, code: codeB, deviceName: "Máy anh Hải")
        let got = try await syncB.syncIfDue()
        XCTAssertEqual(got?.received, 4)

        // And back: B records a deposit for the other member; A receives it.
        try b.setActingMember(memberId: t.id)
        let hoa = try b.listMembers(search: "hoa", includeLeft: false)
        XCTAssertEqual(hoa.count, 1)
        _ = try b.deposit(memberId: hoa[0].member.id, amount: 50_000, on: "2026-03-02", memo: "")
        let back = try await syncB.sync()
        XCTAssertEqual(back.sent, 1)
        let received = try await syncA.sync()
        XCTAssertEqual(received.received, 1)

        func rows(_ s: ClubStore) throws -> [String] {
            try s.listMembers(search: nil, includeLeft: true).map { "\($0.member.fullName) \($0.savings.dong)" }
        }
        XCTAssertEqual(try rows(a), try rows(b))
        XCTAssertEqual(try rows(b), ["Trần Đình Hải 300000", "Nguyễn Thị Hoà 50000"])
        XCTAssertEqual(try syncA.status().pending, 0)
        XCTAssertEqual(try syncB.status().pending, 0)

        for _ in 0..<250 {
            if case .done = recorder.states.last { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        handle.cancel()
        XCTAssertEqual(recorder.states.first, .idle)
        guard case let .done(report) = recorder.states.last else {
            return XCTFail("last state \(String(describing: recorder.states.last))")
        }
        XCTAssertEqual(report.received, 1)
        // Cancelled: A's next sync is not seen.
        let seen = recorder.states.count
        _ = try await syncA.sync()
        try await Task.sleep(nanoseconds: 200_000_000)
        XCTAssertEqual(recorder.states.count, seen)
        XCTAssertTrue(handle.isFinished())

        server.stop()
        do {
            _ = try await syncB.sync()
            XCTFail("a sync with the server down succeeded")
        } catch let IshcError.Sync(code, _) {
            XCTAssertEqual(code, "sync.network")
        }
        guard case let .failed(code, _, nextRetryAt) = syncB.state() else {
            return XCTFail("state \(syncB.state())")
        }
        XCTAssertEqual(code, "sync.network")
        XCTAssertNotNil(nextRetryAt)
    }
}
