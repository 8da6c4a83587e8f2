import ISHCKit
import SwiftUI

/// The club's people (*hội viên*): "register someone", a reminder when
/// possible duplicates wait for review, a search that forgives missing
/// diacritics (`duc` finds `Đức`, `nguyen thi` finds `Nguyễn Thị …`, phone
/// digits find their owner), a switch for people who left, then one row per
/// person (name, age and hamlet, roles, savings and loan owed) opening
/// their page. Layout and bindings only (`MembersListViewModel`). The
/// Android app's MembersListScreen.
struct MembersView: View {
    @StateObject private var model: MembersListViewModel
    @Environment(\.strings) private var strings

    init(store: ClubStore) {
        _model = StateObject(wrappedValue: MembersListViewModel(store: store))
    }

    var body: some View {
        let s = model.state
        List {
            Section {
                NavigationLink(value: Route.registerMember) {
                    Label(strings("members_register"), systemImage: "person.badge.plus")
                        .font(.headline)
                        .frame(minHeight: 48)
                }
                if s.duplicates > 0 {
                    NavigationLink(value: Route.duplicates) {
                        Label(strings("members_duplicates_link", .int(Int64(s.duplicates))), systemImage: "person.2.fill")
                            .foregroundStyle(Color.red)
                            .frame(minHeight: 48)
                    }
                }
                Toggle(strings("members_include_left"), isOn: model.includeLeftBinding)
                    .frame(minHeight: 48)
            }
            Section {
                if let e = s.error { ErrorLine(text: strings.text(e)) }
                Text(s.rows.isEmpty ? strings("members_none") : strings("members_count", .int(Int64(s.rows.count))))
                    .font(.callout)
                ForEach(s.rows, id: \.member.id) { row in
                    NavigationLink(value: Route.member(memberId: row.member.id)) {
                        MemberRowView(row: row)
                    }
                }
            }
        }
        .searchable(text: model.searchBinding, prompt: strings("members_search"))
        .autocorrectionDisabled()
        .navigationTitle(strings("members_title"))
        .onAppear { model.refresh() }
    }
}

/// One person in the list, read by VoiceOver as one element.
private struct MemberRowView: View {
    let row: MemberRow
    @Environment(\.strings) private var strings

    var body: some View {
        let m = row.member
        let labels = m.roles.map { strings($0.key) } + (m.membership == .recipientOnly ? [strings("members_recipient_only_marker")] : [])
        VStack(alignment: .leading, spacing: 4) {
            Text(m.fullName).font(.headline)
            Text(strings("members_age_hamlet", .int(Int64(m.age)), .text(m.hamlet))).font(.callout)
            if !labels.isEmpty { Text(labels.joined(separator: ", ")).font(.callout) }
            Text(strings("members_savings", .text(row.savings.text))).font(.callout)
            Text(strings("members_loan_outstanding", .text(row.loanOutstanding.text)))
                .font(row.loanOutstanding.dong > 0 ? .callout.bold() : .callout)
            if let left = m.leftOn {
                Text(strings("members_left_marker", .text(Format.date(left)))).font(.callout).foregroundStyle(Color.red)
            }
        }
        .padding(.vertical, 4)
        .accessibilityElement(children: .combine)
    }
}

extension MembersListViewModel {
    var searchBinding: Binding<String> { Binding(get: { self.state.search }, set: { self.setSearch($0) }) }
    var includeLeftBinding: Binding<Bool> { Binding(get: { self.state.includeLeft }, set: { self.setIncludeLeft($0) }) }
}
