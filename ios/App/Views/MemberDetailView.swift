import ISHCKit
import SwiftUI

/// One person's page: who they are, their savings passbook (date, kind,
/// amount, balance after; entries reversed as mistakes struck through and
/// marked) with a way to their savings form, and their loans (principal,
/// status, principal outstanding, overdue and days past due), each opening
/// the loan; for a care recipient, a way to their visit history. Layout and
/// bindings only (`MemberDetailViewModel`). The Android app's
/// MemberDetailScreen (which has no link to the history yet).
struct MemberDetailView: View {
    @StateObject private var model: MemberDetailViewModel
    @Environment(\.strings) private var strings

    init(store: ClubStore, memberId: String) {
        _model = StateObject(wrappedValue: MemberDetailViewModel(store: store, memberId: memberId))
    }

    var body: some View {
        let s = model.state
        List {
            if let e = s.error { ErrorLine(text: strings.text(e)) }
            if let m = s.member {
                Section {
                    Text(m.fullName).font(.title2.bold()).accessibilityAddTraits(.isHeader)
                    let sex = m.sex == .male ? strings("members_sex_male") : strings("members_sex_female")
                    let born = m.birthDate.map { strings("members_born_date", .text(Format.date($0)), .int(Int64(m.age))) }
                        ?? strings("members_born_year", .int(Int64(m.birthYear)), .int(Int64(m.age)))
                    Text("\(sex) · \(born)")
                    Text(strings("members_ethnicity_line", .text(m.ethnicityName)))
                    Text(strings("members_hamlet_line", .text(m.hamlet)))
                    Text(m.phoneDisplay.map { strings("members_phone_line", .text($0)) } ?? strings("members_no_phone"))
                    let situation = [strings.text(householdText(m.household))]
                        + (m.disabled ? [strings("members_disabled")] : []) + (m.livesAlone ? [strings("members_lives_alone")] : [])
                    Text(situation.joined(separator: " · "))
                    let labels = m.roles.map { strings($0.key) } + (m.membership == .recipientOnly ? [strings("members_recipient_only_marker")] : [])
                    if !labels.isEmpty { Text(strings("members_roles_line", .text(labels.joined(separator: ", ")))) }
                    Text(strings("members_joined_line", .text(Format.date(m.joinedOn))))
                    if let left = m.leftOn {
                        Text(strings("members_left_line", .text(Format.date(left)), .text(m.leaveReason ?? ""))).foregroundStyle(Color.red)
                    }
                }
            }
            if let m = s.member, m.roles.contains(.careRecipient) || m.membership == .recipientOnly {
                Section {
                    NavigationLink(value: Route.visitHistory(recipientId: m.id)) {
                        Text(strings("history_title")).font(.headline).frame(minHeight: 44)
                    }
                }
            }
            if let book = s.passbook {
                Section(strings("members_passbook")) {
                    Text(strings("members_passbook_balance", .text(book.balance.text))).font(.headline)
                    NavigationLink(value: Route.savings(memberId: model.memberId)) {
                        Text(strings("savings_title")).frame(minHeight: 48)
                    }
                    if book.lines.isEmpty { Text(strings("members_passbook_empty")) }
                    ForEach(book.lines, id: \.entry.id) { line in
                        let e = line.entry
                        VStack(alignment: .leading, spacing: 2) {
                            Text(strings("members_passbook_line", .text(Format.date(e.entryOn)), .text(strings.text(entryKindText(e.kind))), .text(e.amount.text)))
                                .strikethrough(line.reversed)
                            Text(strings("members_passbook_after", .text(line.balance.text))).font(.callout)
                            if line.reversed { Text(strings("members_reversed")).font(.callout).foregroundStyle(Color.red) }
                            if !e.memo.trimmingCharacters(in: .whitespaces).isEmpty { Text(e.memo).font(.callout) }
                        }
                        .accessibilityElement(children: .combine)
                    }
                }
            }
            if s.member != nil {
                Section(strings("members_loans")) {
                    if s.loans.isEmpty { Text(strings("members_loans_none")) }
                    ForEach(s.loans, id: \.id) { loan in
                        NavigationLink(value: Route.loan(loanId: loan.id)) {
                            VStack(alignment: .leading, spacing: 2) {
                                Text(strings("members_loan_title", .text(Format.date(loan.disbursedOn)), .text(strings.text(memberLoanStatusText(loan.status)))))
                                    .font(.headline)
                                Text(strings("loan_principal", .text(loan.principal.text)))
                                Text(strings("loan_principal_outstanding", .text(loan.position.principalOutstanding.text)))
                                if loan.position.daysPastDue > 0 {
                                    Text(strings("loan_overdue", .text(loan.position.overdue.text), .int(Int64(loan.position.daysPastDue))))
                                        .foregroundStyle(Color.red)
                                }
                            }
                            .padding(.vertical, 4)
                            .accessibilityElement(children: .combine)
                        }
                    }
                }
            }
        }
        .navigationTitle(s.member?.fullName ?? strings("members_title"))
        // Read again on returning from a deposit or a repayment.
        .onAppear { model.reload() }
    }
}
