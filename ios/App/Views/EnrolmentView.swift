import ISHCKit
import SwiftUI

/// Enrolling this phone with the provincial server (*đăng ký máy*): the
/// server's address and the one-time code from the provincial officer, a
/// name for the phone; then the club's data arrives. Layout and bindings
/// only (`EnrolmentViewModel`).
struct EnrolmentView: View {
    @StateObject private var model: EnrolmentViewModel
    /// Called once enrolled and synced, with the server's address.
    let onEnrolled: (String) -> Void
    @Environment(\.strings) private var strings

    init(store: ClubStore, sync: SyncCoordinator, serverUrl: String, onEnrolled: @escaping (String) -> Void) {
        _model = StateObject(wrappedValue: EnrolmentViewModel(store: store, sync: sync, serverUrl: serverUrl))
        self.onEnrolled = onEnrolled
    }

    var body: some View {
        let s = model.state
        Form {
            Section {
                Text(strings("home_no_club"))
            }
            Section {
                FormField(name: "serverUrl", label: strings("enrol_server_url"), text: model.binding(.serverUrl), error: s.errors["serverUrl"], keyboard: .URL)
                FormField(name: "code", label: strings("enrol_code"), text: model.binding(.code), error: s.errors["code"], keyboard: .asciiCapable)
                FormField(name: "deviceName", label: strings("enrol_device_name"), text: model.binding(.deviceName), error: s.errors["deviceName"])
                if let e = s.errors.form { ErrorLine(text: strings.text(e)) }
                if let e = s.enrolment { Notice(text: strings("enrol_done", .text(e.clubName))) }
                PrimaryButton(title: strings("enrol_submit"), disabled: s.running) {
                    Task {
                        if await model.enrol() { onEnrolled(EnrolmentViewModel.serverAddress(model.state[.serverUrl])) }
                    }
                }
                if s.running { ProgressView() }
            }
        }
        .textInputAutocapitalization(.never)
        .autocorrectionDisabled()
        .navigationTitle(strings("enrol_title"))
    }
}

extension EnrolmentViewModel {
    func binding(_ field: EnrolmentField) -> Binding<String> {
        Binding(get: { self.state[field] }, set: { self.setField(field, $0) })
    }
}
