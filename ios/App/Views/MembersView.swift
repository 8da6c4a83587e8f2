import ISHCKit
import SwiftUI

/// The club's people (*hội viên*), searched as typed: `duc` finds `Đức`,
/// `nguyen thi` finds `Nguyễn Thị …`, phone digits find their owner.
/// Layout and bindings only (`MembersListViewModel`).
struct MembersView: View {
    @StateObject private var model: MembersListViewModel
    @Environment(\.strings) private var strings

    init(store: ClubStore) {
        _model = StateObject(wrappedValue: MembersListViewModel(store: store))
    }

    var body: some View {
        let s = model.state
        List {
            if s.duplicates > 0 {
                Label(strings("members_duplicates", .int(Int64(s.duplicates))), systemImage: "person.2.fill")
            }
            Toggle(strings("members_include_left"), isOn: model.includeLeftBinding)
            if let e = s.error { ErrorLine(text: strings.text(e)) }
            if s.rows.isEmpty && s.error == nil {
                Text(strings("members_none")).foregroundStyle(.secondary)
            }
            ForEach(s.rows, id: \.member.id) { row in
                VStack(alignment: .leading, spacing: 4) {
                    Text(row.member.fullName).font(.headline)
                    Text(([strings("members_age", .int(Int64(row.member.age))), row.member.hamlet]
                        + row.member.roles.map { strings($0.key) }).joined(separator: " · "))
                        .font(.callout)
                    if row.savings.dong != 0 { Text(strings("members_savings", .text(row.savings.text))).font(.callout) }
                    if row.loanOutstanding.dong != 0 { Text(strings("members_loan", .text(row.loanOutstanding.text))).font(.callout) }
                    if row.member.leftOn != nil { Text(strings("members_left")).font(.callout).foregroundStyle(.secondary) }
                    if let phone = row.member.phoneDisplay { Text(phone).font(.callout) }
                }
                .padding(.vertical, 4)
                .accessibilityElement(children: .combine)
            }
        }
        .searchable(text: model.searchBinding, prompt: strings("members_search"))
        .autocorrectionDisabled()
        .navigationTitle(strings("members_title"))
        .onAppear { model.refresh() }
    }
}

extension MembersListViewModel {
    var searchBinding: Binding<String> { Binding(get: { self.state.search }, set: { self.setSearch($0) }) }
    var includeLeftBinding: Binding<Bool> { Binding(get: { self.state.includeLeft }, set: { self.setIncludeLeft($0) }) }
}
