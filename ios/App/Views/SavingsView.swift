import ISHCKit
import SwiftUI

/// A member's savings (*tiết kiệm*): the balance, a deposit or withdrawal
/// typed as people write amounts (with what it means under the field), and
/// the passbook, newest first, with the balance after each line; a line
/// recorded by mistake is reversed with a reason after a confirmation.
/// Layout and bindings only (`SavingsViewModel`). The Android app's SavingsScreen.
struct SavingsView: View {
    @StateObject private var model: SavingsViewModel
    @Environment(\.strings) private var strings

    init(store: ClubStore, memberId: String) {
        _model = StateObject(wrappedValue: SavingsViewModel(store: store, memberId: memberId))
    }

    var body: some View {
        let s = model.state
        Form {
            Section {
                Text(s.memberName).font(.title2.bold())
                if let balance = s.balance {
                    Text(strings("savings_balance", .text(balance.text))).font(.headline)
                }
                if let saved = s.saved {
                    let amount = Format.money(abs(saved.amount.dong))
                    Notice(text: saved.kind == .withdrawal ? strings("savings_saved_withdraw", .text(amount)) : strings("savings_saved_deposit", .text(amount)))
                }
                if let reversed = s.reversed {
                    Notice(text: strings("savings_reversed", .text(Format.money(abs(reversed.amount.dong)))))
                }
            }
            Section {
                ChoiceRow(title: strings("savings_deposit"), selected: s.action == .deposit) { model.setAction(.deposit) }
                ChoiceRow(title: strings("savings_withdraw"), selected: s.action == .withdraw) { model.setAction(.withdraw) }
                FormField(
                    name: "amount", label: strings("savings_amount"), text: model.amountBinding, error: s.errors["amount"],
                    hint: strings("savings_amount_hint"), supporting: s.amount.preview.map { strings("savings_amount_means", .text($0)) }
                )
                FormField(
                    name: "on", label: strings("savings_on"), text: model.onBinding, error: s.errors["on"],
                    keyboard: .numbersAndPunctuation, hint: strings("date_hint")
                )
                FormField(name: "memo", label: strings("savings_memo"), text: model.memoBinding, error: s.errors["memo"])
                if let e = s.errors.form { ErrorLine(text: strings.text(e)) }
                PrimaryButton(
                    title: s.action == .deposit ? strings("savings_save_deposit") : strings("savings_save_withdraw"), disabled: s.busy
                ) { model.save() }
            }
            Section(strings("savings_passbook")) {
                if s.lines.isEmpty { Text(strings("savings_passbook_empty")) }
                ForEach(s.lines, id: \.entry.id) { line in
                    let e = line.entry
                    VStack(alignment: .leading, spacing: 2) {
                        Text(Format.date(e.entryOn) + " · " + strings.text(savingsKindText(e.kind)) + " · " + e.amount.text)
                            .font(.headline)
                            .strikethrough(line.reversed)
                        Text(strings("savings_line_balance", .text(line.balance.text)))
                        if !e.memo.trimmingCharacters(in: .whitespaces).isEmpty { Text(e.memo).font(.callout) }
                        if line.reversed { Text(strings("savings_line_reversed")).foregroundStyle(Color.red) }
                    }
                    .accessibilityElement(children: .combine)
                    if let r = s.reversing, r.entryId == e.id {
                        ConfirmPanel(
                            title: strings("savings_reverse_title", .text(Format.money(abs(r.amount.dong))), .text(r.entryOn)),
                            note: strings("savings_reverse_note"),
                            reasonLabel: strings("savings_reverse_reason"),
                            reason: model.reverseReasonBinding,
                            errors: r.errors,
                            confirmTitle: strings("savings_reverse_confirm"),
                            keepTitle: strings("savings_reverse_keep"),
                            onConfirm: { model.confirmReverse() },
                            onKeep: { model.cancelReverse() }
                        )
                    } else if s.canReverse(line) {
                        SecondaryButton(
                            title: strings("savings_reverse"),
                            accessibilityLabel: strings("savings_reverse_for", .text(Format.money(abs(e.amount.dong))), .text(Format.date(e.entryOn)))
                        ) { model.askReverse(e.id) }
                    }
                }
            }
        }
        .navigationTitle(strings("savings_title"))
        .onAppear { model.reload() }
    }
}

extension SavingsViewModel {
    var amountBinding: Binding<String> { Binding(get: { self.state.amount.text }, set: { self.setAmount($0) }) }
    var onBinding: Binding<String> { Binding(get: { self.state.on }, set: { self.setOn($0) }) }
    var memoBinding: Binding<String> { Binding(get: { self.state.memo }, set: { self.setMemo($0) }) }
    var reverseReasonBinding: Binding<String> {
        Binding(get: { self.state.reversing?.reason ?? "" }, set: { self.setReverseReason($0) })
    }
}
