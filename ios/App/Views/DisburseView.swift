import ISHCKit
import SwiftUI

/// Disbursing a loan (*giải ngân*): the borrower found by name, the
/// principal typed as people write it (`5tr`) with what it means, term,
/// monthly rate (`1%`, `0,8%`), interest method and purpose; the schedule
/// is shown before the treasurer confirms. Layout and bindings only
/// (`DisburseViewModel`). The Android app's DisburseScreen.
struct DisburseView: View {
    @StateObject private var model: DisburseViewModel
    @Environment(\.strings) private var strings

    init(store: ClubStore) {
        _model = StateObject(wrappedValue: DisburseViewModel(store: store))
    }

    var body: some View {
        let s = model.state
        Form {
            Section {
                if let loan = s.disbursed {
                    Notice(text: strings("loanlist_disbursed", .text(loan.principal.text), .text(loan.borrowerName)))
                }
                if let fund = s.fundBalance { Text(strings("loanlist_fund_balance", .text(fund.text))) }
            }
            Section(strings("loanlist_borrower")) {
                if let b = s.borrower {
                    VStack(alignment: .leading, spacing: 2) {
                        Text(b.name).font(.headline)
                        if !b.hamlet.isEmpty { Text(b.hamlet) }
                        if b.loanOutstanding.dong > 0 { Text(strings("loanlist_borrower_owes", .text(b.loanOutstanding.text))) }
                    }
                    .accessibilityElement(children: .combine)
                    SecondaryButton(title: strings("loanlist_borrower_change")) { model.clearBorrower() }
                } else {
                    FormField(name: "borrowerId", label: strings("loanlist_borrower_search"), text: model.searchBinding, error: s.errors["borrowerId"])
                    if !s.search.trimmingCharacters(in: .whitespaces).isEmpty && s.candidates.isEmpty {
                        Text(strings("loanlist_borrower_none"))
                    }
                    ForEach(s.candidates) { c in
                        let owes = c.loanOutstanding.dong > 0 ? strings("loanlist_borrower_owes", .text(c.loanOutstanding.text)) : nil
                        let detail = [c.hamlet.isEmpty ? nil : c.hamlet, owes].compactMap { $0 }.joined(separator: " · ")
                        ChoiceRow(title: c.name, detail: detail.isEmpty ? nil : detail, selected: false) { model.pickBorrower(c.id) }
                            .accessibilityHint(strings("loanlist_pick", .text(c.name)))
                    }
                }
            }
            Section {
                FormField(
                    name: "principal", label: strings("loanlist_principal"), text: model.principalBinding, error: s.errors["principal"],
                    hint: strings("loanlist_principal_hint"), supporting: s.principal.preview.map { strings("loanlist_means", .text($0)) }
                )
                FormField(name: "termMonths", label: strings("loanlist_term"), text: model.termBinding, error: s.errors["termMonths"], keyboard: .numberPad)
                FormField(
                    name: "rate", label: strings("loanlist_rate"), text: model.rateBinding, error: s.errors["rate"],
                    keyboard: .numbersAndPunctuation, hint: strings("loanlist_rate_hint")
                )
            }
            Section(strings("loanlist_method")) {
                ForEach(InterestMethod.allCases, id: \.self) { m in
                    ChoiceRow(title: strings.text(loanMethodText(m)), selected: s.method == m) { model.setMethod(m) }
                }
            }
            Section {
                FormField(name: "purpose", label: strings("loanlist_purpose"), text: model.purposeBinding, error: s.errors["purpose"])
                FormField(
                    name: "disbursedOn", label: strings("loanlist_disbursed_on"), text: model.disbursedOnBinding, error: s.errors["disbursedOn"],
                    keyboard: .numbersAndPunctuation, hint: strings("date_hint")
                )
                if let e = s.errors.form { ErrorLine(text: strings.text(e)) }
                SecondaryButton(title: strings("loanlist_preview")) { model.preview() }
            }
            if let preview = s.preview {
                Section(strings("loanlist_preview_title")) {
                    Text(strings("loanlist_preview_total", .text(Format.money(s.previewTotal ?? 0)), .text(Format.money(s.previewInterest ?? 0))))
                        .font(.headline)
                    ForEach(preview, id: \.number) { i in
                        Text(strings("installment_line", .int(Int64(i.number)), .text(Format.date(i.dueOn)), .text(i.total.text)))
                    }
                    // A refusal on confirming (more than the fund holds) is under its
                    // field above, and repeated here where the treasurer is looking.
                    if let e = s.errors.fields.values.first { ErrorLine(text: strings.text(e)) }
                    PrimaryButton(title: strings("loanlist_confirm"), disabled: s.busy) { model.confirm() }
                }
            }
        }
        .navigationTitle(strings("loanlist_disburse_title"))
    }
}

extension DisburseViewModel {
    var searchBinding: Binding<String> { Binding(get: { self.state.search }, set: { self.setSearch($0) }) }
    var principalBinding: Binding<String> { Binding(get: { self.state.principal.text }, set: { self.setPrincipal($0) }) }
    var termBinding: Binding<String> { Binding(get: { self.state.termMonths }, set: { self.setTermMonths($0) }) }
    var rateBinding: Binding<String> { Binding(get: { self.state.rate }, set: { self.setRate($0) }) }
    var purposeBinding: Binding<String> { Binding(get: { self.state.purpose }, set: { self.setPurpose($0) }) }
    var disbursedOnBinding: Binding<String> { Binding(get: { self.state.disbursedOn }, set: { self.setDisbursedOn($0) }) }
}
