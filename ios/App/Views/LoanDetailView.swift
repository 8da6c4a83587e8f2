import ISHCKit
import SwiftUI

/// One loan (*khoản vay*): borrower, terms and what is outstanding; "record
/// a repayment"; the schedule with each installment paid, overdue or
/// upcoming; the repayments, newest first, each with a "reverse" that needs
/// a reason; and, for a treasurer or the chair, writing off what is left,
/// with a reason. Layout and bindings only (`LoanDetailViewModel`). The
/// Android app's LoanDetailScreen.
struct LoanDetailView: View {
    @StateObject private var model: LoanDetailViewModel
    @Environment(\.strings) private var strings

    init(store: ClubStore, loanId: String, actingMemberId: String?) {
        _model = StateObject(wrappedValue: LoanDetailViewModel(store: store, loanId: loanId, actingMemberId: actingMemberId))
    }

    var body: some View {
        let s = model.state
        List {
            if let e = s.error { ErrorLine(text: strings.text(e)) }
            if let loan = s.loan {
                let p = loan.position
                Section {
                    Text(loan.borrowerName).font(.title2.bold()).accessibilityAddTraits(.isHeader)
                    Text(strings("loanlist_status", .text(strings.text(loanStatusText(loan.status)))))
                    Text(strings("loan_principal", .text(loan.principal.text)))
                    Text(strings("loanlist_rate_line", .text(loan.monthlyRateText), .text(strings.text(loanMethodText(loan.method)))))
                    Text(strings("loanlist_disbursed_on_line", .text(Format.date(loan.disbursedOn))))
                    if !loan.purpose.isEmpty { Text(strings("loanlist_purpose_line", .text(loan.purpose))) }
                    Text(strings("loan_principal_outstanding", .text(p.principalOutstanding.text))).font(.headline)
                    Text(strings("loan_interest_outstanding", .text(p.interestOutstanding.text)))
                    if p.overdue.dong > 0 {
                        Text(strings("loan_overdue", .text(p.overdue.text), .int(Int64(p.daysPastDue)))).foregroundStyle(Color.red)
                    }
                    if let notice = s.notice { Notice(text: strings.text(notice)) }
                    if s.canRepay {
                        NavigationLink(value: Route.repayment(loanId: loan.id)) {
                            Text(strings("loanlist_record_repayment")).font(.headline).frame(minHeight: 48)
                        }
                    }
                }
                Section(strings("loan_schedule")) {
                    ForEach(p.installments, id: \.number) { i in
                        Text(strings("installment_line", .int(Int64(i.number)), .text(Format.date(i.dueOn)), .text(i.total.text)) + " · " + strings(i.state.key))
                            .foregroundStyle(i.state == .overdue ? Color.red : Color.primary)
                    }
                }
                Section(strings("loanlist_repayments")) {
                    if loan.repayments.isEmpty { Text(strings("loanlist_repayments_none")) }
                    ForEach(loan.repayments.reversed(), id: \.entry.id) { line in
                        repayment(line, s)
                    }
                }
                if s.canWriteOff {
                    Section {
                        if s.writingOff == nil {
                            SecondaryButton(title: strings("loanlist_write_off"), role: .destructive) { model.askWriteOff() }
                        } else if let w = s.writingOff {
                            ConfirmPanel(
                                title: strings("loanlist_write_off_title", .text(p.principalOutstanding.text)),
                                note: strings("loanlist_write_off_note"),
                                reasonLabel: strings("loanlist_reason"),
                                reason: model.writeOffReasonBinding,
                                errors: w.errors,
                                confirmTitle: strings("loanlist_write_off_confirm"),
                                keepTitle: strings("loanlist_write_off_keep"),
                                onConfirm: { model.confirmWriteOff() },
                                onKeep: { model.cancelWriteOff() }
                            )
                        }
                    }
                }
            }
        }
        .navigationTitle(strings("loanlist_detail_title"))
        // Read again on returning from the repayment form.
        .onAppear { model.reload() }
    }

    @ViewBuilder
    private func repayment(_ line: StatementLine, _ s: LoanDetailState) -> some View {
        let e = line.entry
        VStack(alignment: .leading, spacing: 2) {
            Text(Format.date(e.entryOn) + " · " + strings.text(loanEntryKindText(e.kind)) + " · " + Format.money(abs(e.amount.dong)))
                .font(.headline)
                .strikethrough(line.reversed)
            Text(strings("loanlist_repaid_total", .text(line.balance.text)))
            if e.reversesId != nil && !e.memo.isEmpty { Text(e.memo).font(.callout) }
            if line.reversed { Text(strings("loanlist_line_reversed")).foregroundStyle(Color.red) }
        }
        .accessibilityElement(children: .combine)
        if let r = s.reversing, r.entryId == e.id {
            ConfirmPanel(
                title: strings("loanlist_reverse_title", .text(r.amount.text), .text(r.paidOn)),
                note: strings("loanlist_reverse_note"),
                reasonLabel: strings("loanlist_reason"),
                reason: model.reverseReasonBinding,
                errors: r.errors,
                confirmTitle: strings("loanlist_reverse_confirm"),
                keepTitle: strings("loanlist_keep"),
                onConfirm: { model.confirmReverse() },
                onKeep: { model.cancelReverse() }
            )
        } else if s.canReverse(line) {
            SecondaryButton(
                title: strings("loanlist_reverse"),
                accessibilityLabel: strings("loanlist_reverse_for", .text(e.amount.text), .text(Format.date(e.entryOn)))
            ) { model.askReverse(e.id) }
        }
    }
}

extension LoanDetailViewModel {
    var reverseReasonBinding: Binding<String> {
        Binding(get: { self.state.reversing?.reason ?? "" }, set: { self.setReverseReason($0) })
    }

    var writeOffReasonBinding: Binding<String> {
        Binding(get: { self.state.writingOff?.reason ?? "" }, set: { self.setWriteOffReason($0) })
    }
}
