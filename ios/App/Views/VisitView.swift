import ISHCKit
import SwiftUI

/// Logging a home-care visit (*thăm tại nhà*): recipients due first,
/// services, optional readings with the blood-pressure flag as soon as both
/// pressures are typed, notes, one large save button. Layout and bindings
/// only: everything else is `VisitFormViewModel`'s. The Android app's VisitScreen.
struct VisitView: View {
    @StateObject private var model: VisitFormViewModel
    @Environment(\.strings) private var strings

    /// `recipientId`: the care recipient tapped on the home page, if any.
    init(store: ClubStore, volunteerId: String, drafts: any Drafts, recipientId: String? = nil) {
        _model = StateObject(wrappedValue: VisitFormViewModel(store: store, volunteerId: volunteerId, drafts: drafts, recipientId: recipientId))
    }

    var body: some View {
        let s = model.state
        Form {
            if let saved = s.saved {
                Notice(text: strings("visit_saved", .text(saved.recipientName)))
            }
            if s.restoredDraft && s.saved == nil {
                Section {
                    AdaptiveStack {
                        Text(strings("visit_draft_restored"))
                        Button(strings("action_discard"), role: .destructive) { model.discard() }
                    }
                }
            }

            Section(strings("visit_recipient")) {
                if let e = s.errors["recipientId"] { ErrorLine(text: strings.text(e)) }
                ForEach(s.recipients) { r in
                    ChoiceRow(
                        title: r.name,
                        detail: r.daysSince.map { strings("visit_recipient_days", .int($0)) } ?? strings("visit_recipient_never"),
                        selected: r.id == s.recipientId
                    ) { model.pickRecipient(r.id) }
                }
            }

            Section {
                FormField(name: VisitField.startedAt.key, label: strings("visit_started_at"), text: model.binding(.startedAt), error: s.errors[VisitField.startedAt.key])
                FormField(name: VisitField.duration.key, label: strings("visit_duration"), text: model.binding(.duration), error: s.errors[VisitField.duration.key], keyboard: .numberPad)
            }

            Section(strings("visit_services")) {
                if let e = s.errors["services"] { ErrorLine(text: strings.text(e)) }
                ForEach(Service.allCases, id: \.self) { service in
                    Toggle(strings(service.key), isOn: model.serviceBinding(service))
                }
            }

            Section(strings("visit_readings")) {
                FormField(name: VisitField.systolic.key, label: strings("visit_systolic"), text: model.binding(.systolic), error: s.errors[VisitField.systolic.key], keyboard: .numberPad)
                FormField(name: VisitField.diastolic.key, label: strings("visit_diastolic"), text: model.binding(.diastolic), error: s.errors[VisitField.diastolic.key], keyboard: .numberPad)
                if let flag = s.bpFlag { BpFlagBanner(flag: flag) }
                FormField(name: VisitField.pulse.key, label: strings("visit_pulse"), text: model.binding(.pulse), error: s.errors[VisitField.pulse.key], keyboard: .numberPad)
                FormField(name: VisitField.glucose.key, label: strings("visit_glucose"), text: model.binding(.glucose), error: s.errors[VisitField.glucose.key], keyboard: .decimalPad)
                FormField(name: VisitField.weight.key, label: strings("visit_weight"), text: model.binding(.weight), error: s.errors[VisitField.weight.key], keyboard: .decimalPad)
            }

            Section {
                FormField(name: VisitField.notes.key, label: strings("visit_notes"), text: model.binding(.notes), error: s.errors[VisitField.notes.key])
                if let e = s.errors.form { ErrorLine(text: strings.text(e)) }
                PrimaryButton(title: strings("visit_save"), disabled: s.busy) { model.save() }
            }
        }
        .navigationTitle(strings("visit_title"))
        .onAppear { model.refreshRecipients() }
    }
}

extension VisitFormViewModel {
    /// A field's text, written back through `setField`.
    func binding(_ field: VisitField) -> Binding<String> {
        Binding(get: { self.state[field] }, set: { self.setField(field, $0) })
    }

    /// Whether a service is chosen, toggled through `toggleService`.
    func serviceBinding(_ service: Service) -> Binding<Bool> {
        Binding(
            get: { self.state.services.contains(service) },
            set: { on in if on != self.state.services.contains(service) { self.toggleService(service) } }
        )
    }
}
