import ISHCKit
import SwiftUI

/// Possible duplicates (*có thể trùng*): each pair as two records, A above
/// B (name, birth year, hamlet, phone, join date), each with "keep this
/// one", and "two different people" under them. Keeping asks for a
/// confirmation that says which record stays and that it cannot be undone.
/// Layout and bindings only (`DuplicatesViewModel`). The Android app's DuplicatesScreen.
struct DuplicatesView: View {
    @StateObject private var model: DuplicatesViewModel
    @Environment(\.strings) private var strings

    init(store: ClubStore) {
        _model = StateObject(wrappedValue: DuplicatesViewModel(store: store))
    }

    var body: some View {
        let s = model.state
        List {
            Section {
                if let done = s.done { Notice(text: strings.text(done)) }
                if let e = s.errors.form { ErrorLine(text: strings.text(e)) }
                Text(s.pairs.isEmpty ? strings("members_dup_none") : strings("members_dup_intro"))
            }
            ForEach(s.pairs, id: \.id) { pair in
                let pending = s.pending?.flagId == pair.id ? s.pending : nil
                Section {
                    record("A", pair.a, showKeep: pending == nil) { model.chooseKeep(flagId: pair.id, keptId: pair.a.id) }
                    record("B", pair.b, showKeep: pending == nil) { model.chooseKeep(flagId: pair.id, keptId: pair.b.id) }
                    if let p = pending {
                        let (kept, merged) = p.keptIsA ? ("A", "B") : ("B", "A")
                        VStack(alignment: .leading, spacing: 8) {
                            Text(strings("members_dup_confirm", .text(kept), .text(merged))).font(.headline)
                            Button(role: .destructive) { model.confirmMerge() } label: {
                                Text(strings("members_dup_merge")).font(.headline).frame(maxWidth: .infinity, minHeight: 56)
                            }
                            .buttonStyle(.borderedProminent)
                            SecondaryButton(title: strings("action_cancel")) { model.cancelMerge() }
                        }
                        .padding(12)
                        .background(Color.orange.opacity(0.15), in: RoundedRectangle(cornerRadius: 8))
                    } else {
                        SecondaryButton(title: strings("members_dup_different")) { model.dismiss(pair.id) }
                    }
                }
            }
        }
        .navigationTitle(strings("members_dup_title"))
        .onAppear { model.reload() }
    }

    /// One record of a pair, its facts one under another, and its "keep" button.
    private func record(_ letter: String, _ m: MemberInfo, showKeep: Bool, keep: @escaping () -> Void) -> some View {
        VStack(alignment: .leading, spacing: 4) {
            VStack(alignment: .leading, spacing: 2) {
                Text(strings("members_dup_record", .text(letter))).font(.subheadline)
                Text(m.fullName).font(.headline)
                Text(strings("members_dup_birth", .int(Int64(m.birthYear))))
                Text(strings("members_hamlet_line", .text(m.hamlet)))
                Text(m.phoneDisplay.map { strings("members_phone_line", .text($0)) } ?? strings("members_no_phone"))
                Text(strings("members_joined_line", .text(Format.date(m.joinedOn))))
            }
            .accessibilityElement(children: .combine)
            if showKeep {
                SecondaryButton(
                    title: strings("members_dup_keep", .text(letter)),
                    accessibilityLabel: strings("members_dup_keep_description", .text(letter), .text(m.fullName)),
                    action: keep
                )
            }
        }
        .padding(.vertical, 4)
    }
}
