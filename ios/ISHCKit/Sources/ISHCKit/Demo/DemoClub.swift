import Foundation
import IshcCore

/// A small club with real-looking data, written through the core like any
/// phone would: for the screens' previews and the tests. Ids are the
/// core's; the names are fixed so tests can find people. The same club as
/// the Android app's `DemoClub`.
public struct DemoClub: Sendable {
    /// The club's commune: Xã Xuân Lộc, Đồng Nai (2025 code).
    public static let commune: UInt32 = 26425

    /// The database key of the demo's and the tests' databases: 32 fixed
    /// bytes (1, 2, …, 32), not a secret, since those databases hold
    /// made-up people (the Android app's `DemoClub.KEY`). The app's own
    /// database never uses it (`DatabaseKey`).
    public static let key = Data((1...32).map { UInt8($0) })

    public let store: ClubStore
    public let chair: String
    public let treasurer: String
    public let volunteer: String
    /// Phạm Văn Bảy (poor household, lives alone; visited), then Đỗ Thị Ánh (never visited).
    public let recipients: [String]
    /// Võ Thị Đức, who has the loan.
    public let borrower: String
    /// 3.000.000 ₫ over 6 months at 1% a month, flat.
    public let loan: String

    /// Creates the club in a new database at `path` (encrypted with `key`): six people, a grant of
    /// 50.000.000 ₫ into the income-generation fund, a loan disbursed on
    /// `loanDisbursedOn` (3.000.000 ₫, 6 months, 1% a month, flat), one
    /// visit logged on `visitOn` (150/92 mmHg). Dates `YYYY-MM-DD`.
    /// Throws the core's errors (a database that is not new: `op.duplicate_entity`, ...).
    public static func create(at path: String, loanDisbursedOn: String = "2026-06-15", visitOn: String = "2026-11-20") throws -> DemoClub {
        let store = try ClubStore.open(path: path, key: key, deviceId: "demo-" + URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
        _ = try store.createClub(club: NewClub(name: "CLB Liên thế hệ tự giúp nhau ấp 3", communeCode: commune, foundedOn: "2019-05-10", activityAreas: nil))
        func add(_ name: String, _ sex: Sex, _ birth: String, _ roles: [Role], _ household: Household = .neither, alone: Bool = false) throws -> String {
            try store.registerMember(member: NewMember(
                fullName: name, sex: sex, birth: birth, ethnicity: "Kinh", household: household,
                disabled: false, livesAlone: alone, hamlet: "Ấp 3", phone: nil, joinedOn: "2019-05-10",
                roles: roles, membership: .member
            )).member.id
        }
        let chair = try add("Nguyễn Văn Hùng", .male, "1956", [.chair])
        let treasurer = try add("Trần Thị Lan", .female, "1968", [.treasurer])
        let volunteer = try add("Lê Thị Mai", .female, "1975", [.homeCareVolunteer])
        let recipients = [
            try add("Phạm Văn Bảy", .male, "1938", [.careRecipient], .poor, alone: true),
            try add("Đỗ Thị Ánh", .female, "1941", [.careRecipient], .nearPoor),
        ]
        let borrower = try add("Võ Thị Đức", .female, "1962", [], .nearPoor)

        try store.setActingMember(memberId: treasurer)
        _ = try store.recordFundEntry(entry: NewFundEntry(
            fund: .incomeGeneration, kind: .grant, amount: 50_000_000, entryOn: "2019-06-01", memo: "Tài trợ ban đầu", memberId: nil
        ))
        let loan = try store.disburseLoan(loan: NewLoan(
            borrowerId: borrower, principal: 3_000_000, disbursedOn: loanDisbursedOn, termMonths: 6, monthlyRateBp: 100,
            method: .flat, purpose: "Nuôi gà"
        )).id

        try store.setActingMember(memberId: volunteer)
        _ = try store.logVisit(visit: NewVisit(
            volunteerId: volunteer, recipientId: recipients[0], startedAt: "\(visitOn) 08:30", durationMin: 45,
            services: [.healthMonitoring, .companionship], systolic: 150, diastolic: 92, pulse: 80,
            glucoseMmolL: nil, weightKg: 52.5, notes: "Bác khỏe, đã nhắc uống thuốc."
        ))
        return DemoClub(store: store, chair: chair, treasurer: treasurer, volunteer: volunteer, recipients: recipients, borrower: borrower, loan: loan)
    }
}
