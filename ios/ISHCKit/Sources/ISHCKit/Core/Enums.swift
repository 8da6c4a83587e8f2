import Foundation
import IshcCore

// The generated enums are not CaseIterable (uniffi does not add it), and the
// screens list services and roles in the core's order. These lists are the
// generated declarations' order; a test (EnumsTests) reads the generated
// Swift and fails if a case is added, removed or moved there.

extension Service: CaseIterable {
    public static let allCases: [Service] = [
        .personalCare, .housework, .healthMonitoring, .companionship, .clinicOrReferral, .entitlements, .other,
    ]
}

extension Role: CaseIterable {
    public static let allCases: [Role] = [
        .chair, .viceChair, .treasurer, .accountant, .homeCareVolunteer, .careRecipient, .boardMember,
    ]
}

extension BpFlag: CaseIterable {
    public static let allCases: [BpFlag] = [.normal, .hypertension, .hypertensiveCrisis]
}

extension InstallmentState: CaseIterable {
    public static let allCases: [InstallmentState] = [.paid, .overdue, .upcoming]
}

extension Sex: CaseIterable {
    public static let allCases: [Sex] = [.male, .female]
}

extension Household: CaseIterable {
    public static let allCases: [Household] = [.poor, .nearPoor, .neither]
}

extension Membership: CaseIterable {
    public static let allCases: [Membership] = [.member, .recipientOnly]
}

extension EntryKind: CaseIterable {
    public static let allCases: [EntryKind] = [
        .grant, .contribution, .membershipFee, .interestIncome, .expense, .loanDisbursement, .loanRepayment, .deposit, .withdrawal, .reversal,
    ]
}

extension LoanStatus: CaseIterable {
    public static let allCases: [LoanStatus] = [.active, .repaid, .writtenOff, .reversed]
}

extension InterestMethod: CaseIterable {
    public static let allCases: [InterestMethod] = [.flat, .decliningBalance]
}

/// `personalCare` → `personal_care`: the Android resource names are built
/// from the Kotlin enum names (`PERSONAL_CARE`), lowercased.
func snakeCase(_ name: String) -> String {
    var out = ""
    for c in name {
        if c.isUppercase {
            out += "_" + c.lowercased()
        } else {
            out.append(c)
        }
    }
    return out
}

extension Service {
    /// The catalog key of this service's name: `service_personal_care`.
    public var key: String { "service_" + snakeCase(String(describing: self)) }
    /// The name the Android app and the drafts use: `PERSONAL_CARE`.
    public var name: String { snakeCase(String(describing: self)).uppercased() }
}

extension Role {
    /// The catalog key of this role's name: `role_home_care_volunteer`.
    public var key: String { "role_" + snakeCase(String(describing: self)) }
    /// The name the Android app and the drafts use: `HOME_CARE_VOLUNTEER`.
    public var name: String { snakeCase(String(describing: self)).uppercased() }
}

extension Sex {
    /// The name the Android app and the drafts use: `FEMALE`.
    public var name: String { snakeCase(String(describing: self)).uppercased() }
}

extension Household {
    /// The name the Android app and the drafts use: `NEAR_POOR`.
    public var name: String { snakeCase(String(describing: self)).uppercased() }
}

extension Membership {
    /// The name the Android app and the drafts use: `RECIPIENT_ONLY`.
    public var name: String { snakeCase(String(describing: self)).uppercased() }
}

extension BpFlag {
    /// The catalog key of what this flag means for the volunteer: `bp_hypertensive_crisis`.
    public var key: String { "bp_" + snakeCase(String(describing: self)) }
}

extension InstallmentState {
    /// The catalog key of this state: `installment_overdue`.
    public var key: String { "installment_" + snakeCase(String(describing: self)) }
}
