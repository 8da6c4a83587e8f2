import ISHCKit
import SwiftUI

/// The club's loans (*cho vay*): "disburse a new loan", the active ones
/// first, the most days past due first, each with what is outstanding and
/// what is overdue (a tap opens the loan); the closed ones (repaid, written
/// off, reversed) behind a toggle. Layout and bindings only
/// (`LoanListViewModel`). The Android app's LoanListScreen.
struct LoansView: View {
    @StateObject private var model: LoanListViewModel
    @Environment(\.strings) private var strings

    init(store: ClubStore) {
        _model = StateObject(wrappedValue: LoanListViewModel(store: store))
    }

    var body: some View {
        let s = model.state
        List {
            Section {
                NavigationLink(value: Route.disburse) {
                    Label(strings("loanlist_new"), systemImage: "plus.circle").font(.headline).frame(minHeight: 48)
                }
                if let e = s.error { ErrorLine(text: strings.text(e)) }
            }
            Section {
                if s.active.isEmpty { Text(strings("loanlist_empty")) }
                ForEach(s.active, id: \.id) { loan in LoanRowLink(loan: loan) }
            }
            Section {
                SecondaryButton(title: s.showClosed ? strings("loanlist_hide_closed") : strings("loanlist_show_closed")) {
                    model.toggleClosed()
                }
            }
            if s.showClosed {
                Section(strings("loanlist_closed_title")) {
                    if s.closed.isEmpty { Text(strings("loanlist_closed_none")) }
                    ForEach(s.closed, id: \.id) { loan in LoanRowLink(loan: loan) }
                }
            }
        }
        .navigationTitle(strings("loanlist_title"))
        // Read again on returning from a disbursement, a repayment or a write-off.
        .onAppear { model.reload() }
    }
}

/// One loan in the list, opening its detail; read by VoiceOver as one element.
private struct LoanRowLink: View {
    let loan: LoanInfo
    @Environment(\.strings) private var strings

    var body: some View {
        let p = loan.position
        NavigationLink(value: Route.loan(loanId: loan.id)) {
            VStack(alignment: .leading, spacing: 2) {
                Text(loan.borrowerName).font(.headline)
                Text(strings("loanlist_terms", .text(loan.principal.text), .int(Int64(loan.termMonths)), .text(loan.monthlyRateText)))
                Text(strings("loanlist_disbursed_on_line", .text(Format.date(loan.disbursedOn)))).font(.callout)
                if loan.status == .active {
                    Text(strings("loan_principal_outstanding", .text(p.principalOutstanding.text)))
                    if p.overdue.dong > 0 {
                        Text(strings("loan_overdue", .text(p.overdue.text), .int(Int64(p.daysPastDue)))).foregroundStyle(Color.red)
                    } else {
                        Text(strings("loanlist_on_time"))
                    }
                } else {
                    Text(strings.text(loanStatusText(loan.status)))
                }
            }
            .padding(.vertical, 4)
            .accessibilityElement(children: .combine)
            .accessibilityHint(strings("loanlist_open", .text(loan.borrowerName)))
        }
    }
}
