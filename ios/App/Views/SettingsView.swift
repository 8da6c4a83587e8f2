import ISHCKit
import SwiftUI

/// Settings (*cài đặt*): the language (each named in its own language), the
/// text size (each choice written at its own size), who is using the phone
/// (the club's people with their roles; it decides what they may record),
/// and the enrolment (server, device id). Layout and bindings only
/// (`SettingsViewModel`). The Android app's SettingsScreen.
struct SettingsView: View {
    @ObservedObject var model: SettingsViewModel
    @Environment(\.strings) private var strings

    var body: some View {
        let s = model.state
        Form {
            Section(strings("settings_language")) {
                ForEach(AppLanguage.allCases, id: \.self) { l in
                    ChoiceRow(title: strings(l.key), selected: s.language == l) { model.setLanguage(l) }
                }
            }
            Section(strings("settings_text_size")) {
                ForEach(TextSize.allCases, id: \.self) { size in
                    ChoiceRow(title: strings(size.key), selected: s.textSize == size) { model.setTextSize(size) }
                        .dynamicTypeSize(size.dynamicTypeSize)
                }
            }
            Section(strings("settings_acting")) {
                Text(strings("settings_acting_explain")).font(.callout)
                if let e = s.message { ErrorLine(text: strings.text(e)) }
                ChoiceRow(
                    title: strings("settings_acting_none"), detail: strings("settings_acting_none_roles"), selected: s.actingMemberId == nil
                ) { model.pickActingMember(nil) }
                ForEach(s.members) { m in
                    ChoiceRow(
                        title: m.name, detail: m.roles.map { strings.text($0) }.joined(separator: ", "), selected: s.actingMemberId == m.id
                    ) { model.pickActingMember(m.id) }
                }
            }
            Section(strings("settings_enrolment")) {
                if s.enrolled, let url = s.serverUrl {
                    Text(strings("settings_server", .text(url)))
                } else {
                    Text(strings("settings_not_enrolled"))
                }
                Text(strings("settings_device_id", .text(s.deviceId))).font(.callout)
            }
        }
        .navigationTitle(strings("settings_title"))
        .onAppear { model.reload() }
    }
}
