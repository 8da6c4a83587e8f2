import ISHCKit
import SwiftUI
import UIKit

/// Registering a person (*đăng ký hội viên*), one field under another:
/// name, sex (two large choices), birth year or date, ethnic group,
/// household status, disability and living alone, hamlet, phone (its
/// display form or its error shown as it is typed), join date, roles,
/// membership. After saving: who was registered and, if the core found
/// people they may duplicate, a notice listing them (flagged for review,
/// nothing merged). Layout and bindings only (`MemberFormViewModel`). The
/// Android app's MemberFormScreen.
struct MemberFormView: View {
    @StateObject private var model: MemberFormViewModel
    @Environment(\.strings) private var strings

    init(store: ClubStore, drafts: any Drafts) {
        _model = StateObject(wrappedValue: MemberFormViewModel(store: store, drafts: drafts))
    }

    var body: some View {
        let s = model.state
        Form {
            if let r = s.registered {
                Section {
                    Notice(text: strings("members_registered", .text(r.member.fullName)))
                    if !r.possibleDuplicates.isEmpty {
                        WarningBox {
                            Text(strings("members_duplicates_found")).font(.headline)
                            ForEach(r.possibleDuplicates, id: \.id) { d in
                                Text("• " + strings("members_duplicate_line", .text(d.fullName), .int(Int64(d.birthYear)), .text(d.hamlet)))
                            }
                            Text(strings("members_duplicates_review"))
                        }
                        NavigationLink(value: Route.duplicates) {
                            Text(strings("members_dup_title")).frame(minHeight: 48)
                        }
                    }
                }
            }
            if s.restoredDraft && s.registered == nil {
                Section {
                    AdaptiveStack {
                        Text(strings("members_draft_restored"))
                        Button(strings("action_discard"), role: .destructive) { model.discard() }
                    }
                }
            }

            Section {
                field(.fullName, strings("members_full_name"))
            }

            Section(strings("members_sex")) {
                if let e = s.errors["sex"] { ErrorLine(text: strings.text(e)) }
                ChoiceRow(title: strings("members_sex_male"), selected: s.sex == .male) { model.setSex(.male) }
                ChoiceRow(title: strings("members_sex_female"), selected: s.sex == .female) { model.setSex(.female) }
            }

            Section {
                field(.birth, strings("members_birth"), hint: strings("members_birth_hint"), keyboard: .numbersAndPunctuation)
                field(.ethnicity, strings("members_ethnicity"), hint: strings("members_ethnicity_hint"))
            }

            Section(strings("members_household")) {
                if let e = s.errors["household"] { ErrorLine(text: strings.text(e)) }
                ForEach(Household.allCases, id: \.self) { h in
                    ChoiceRow(title: strings.text(householdText(h)), selected: s.household == h) { model.setHousehold(h) }
                }
                Toggle(strings("members_disabled"), isOn: model.disabledBinding).frame(minHeight: 48)
                Toggle(strings("members_lives_alone"), isOn: model.livesAloneBinding).frame(minHeight: 48)
            }

            Section {
                field(.hamlet, strings("members_hamlet"))
                field(
                    .phone, strings("members_phone"), keyboard: .phonePad,
                    supporting: s.phoneDisplay.map { strings("members_phone_ok", .text($0)) }
                )
                field(.joinedOn, strings("members_joined_on"), hint: strings("date_hint"), keyboard: .numbersAndPunctuation)
            }

            Section(strings("members_roles")) {
                ForEach(Role.allCases, id: \.self) { role in
                    Toggle(strings(role.key), isOn: model.roleBinding(role)).frame(minHeight: 48)
                }
            }

            Section(strings("members_membership")) {
                ChoiceRow(title: strings("members_membership_member"), selected: s.membership == .member) { model.setMembership(.member) }
                ChoiceRow(title: strings("members_membership_recipient_only"), selected: s.membership == .recipientOnly) {
                    model.setMembership(.recipientOnly)
                }
            }

            Section {
                if let e = s.errors.form { ErrorLine(text: strings.text(e)) }
                PrimaryButton(title: strings("members_save"), disabled: s.busy) { model.save() }
            }
        }
        .navigationTitle(strings("members_form_title"))
    }

    private func field(
        _ f: MemberField, _ label: String, hint: String? = nil, keyboard: UIKeyboardType = .default, supporting: String? = nil
    ) -> FormField {
        FormField(
            name: f.key, label: label, text: model.binding(f), error: model.state.errors[f.key],
            keyboard: keyboard, hint: hint, supporting: supporting
        )
    }
}

extension MemberFormViewModel {
    func binding(_ field: MemberField) -> Binding<String> {
        Binding(get: { self.state[field] }, set: { self.setField(field, $0) })
    }

    var disabledBinding: Binding<Bool> { Binding(get: { self.state.disabled }, set: { self.setDisabled($0) }) }
    var livesAloneBinding: Binding<Bool> { Binding(get: { self.state.livesAlone }, set: { self.setLivesAlone($0) }) }

    func roleBinding(_ role: Role) -> Binding<Bool> {
        Binding(
            get: { self.state.roles.contains(role) },
            set: { on in if on != self.state.roles.contains(role) { self.toggleRole(role) } }
        )
    }
}
