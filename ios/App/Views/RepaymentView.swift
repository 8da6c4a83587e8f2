import ISHCKit
import SwiftUI

/// Recording a repayment (*thu nợ*): what the borrower owes, the amount
/// typed as people write it with what it means under it (`1tr5` =
/// `1.500.000 ₫`), the date, then the receipt to share; the schedule.
/// Layout and bindings only (`RepaymentFormViewModel`). The Android app's RepaymentScreen.
struct RepaymentView: View {
    @StateObject private var model: RepaymentFormViewModel
    /// The club's name, for the receipt.
    let clubName: String
    @Environment(\.strings) private var strings

    init(store: ClubStore, loanId: String, clubName: String) {
        _model = StateObject(wrappedValue: RepaymentFormViewModel(store: store, loanId: loanId))
        self.clubName = clubName
    }

    var body: some View {
        let s = model.state
        Form {
            if let loan = s.loan {
                Section {
                    Text(loan.borrowerName).font(.title2.bold())
                    Text(strings("loan_principal", .text(loan.principal.text)))
                    Text(strings("loan_principal_outstanding", .text(loan.position.principalOutstanding.text)))
                    Text(strings("loan_interest_outstanding", .text(loan.position.interestOutstanding.text)))
                    if loan.position.overdue.dong > 0 {
                        Text(strings("loan_overdue", .text(loan.position.overdue.text), .int(Int64(loan.position.daysPastDue))))
                            .foregroundStyle(Color.red)
                    }
                }
            }
            if let receipt = s.receipt, let loan = s.loan {
                Section {
                    Notice(text: strings("repay_saved", .text(receipt.entry.amount.text)))
                    ShareLink(item: receiptText(strings: strings, clubName: clubName, loan: loan, receipt: receipt)) {
                        Label(strings("action_share"), systemImage: "square.and.arrow.up")
                            .frame(maxWidth: .infinity, minHeight: 48)
                    }
                }
            }
            Section {
                FormField(
                    name: "amount", label: strings("repay_amount"), text: model.amountBinding, error: s.errors["amount"],
                    hint: strings("repay_amount_hint"), supporting: s.amount.preview.map { strings("repay_amount_means", .text($0)) }
                )
                FormField(name: "paidOn", label: strings("repay_paid_on"), text: model.paidOnBinding, error: s.errors["paidOn"], keyboard: .numbersAndPunctuation, hint: strings("date_hint"))
                if let e = s.errors.form { ErrorLine(text: strings.text(e)) }
                PrimaryButton(title: strings("repay_save"), disabled: s.busy) { model.save() }
            }
            if let loan = s.loan {
                Section(strings("loan_schedule")) {
                    ForEach(loan.position.installments, id: \.number) { i in
                        Text(strings("installment_line", .int(Int64(i.number)), .text(Format.date(i.dueOn)), .text(i.total.text)) + " · " + strings(i.state.key))
                            .foregroundStyle(i.state == .overdue ? Color.red : Color.primary)
                    }
                }
            }
        }
        .navigationTitle(strings("repay_title"))
    }
}

extension RepaymentFormViewModel {
    var amountBinding: Binding<String> { Binding(get: { self.state.amount.text }, set: { self.setAmount($0) }) }
    var paidOnBinding: Binding<String> { Binding(get: { self.state.paidOn }, set: { self.setPaidOn($0) }) }
}
