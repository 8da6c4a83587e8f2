import ISHCKit
import SwiftUI

/// Sync (*đồng bộ*): when the phone last synced, how many changes wait to
/// be sent, the live state (with why it failed and when it retries, read by
/// VoiceOver as one), a "sync now" button (disabled while a sync runs),
/// then the changes the server refused and the edits that clashed with
/// another phone's, each with restore and dismiss. Layout and bindings
/// only (`SyncViewModel`). The Android app's SyncScreen.
struct SyncView: View {
    @ObservedObject var model: SyncViewModel
    @Environment(\.strings) private var strings

    var body: some View {
        let s = model.state
        List {
            Section {
                Text(s.lastSync.map { strings("sync_last", .text($0)) } ?? strings("sync_never"))
                Text(strings("sync_pending", .int(s.pending)))
                if let url = s.serverUrl { Text(strings("sync_server", .text(url))).font(.callout) }
                // One text, so VoiceOver reads the state, why it failed and when it retries together.
                Text(line(s))
                    .font(.body.bold())
                    .foregroundStyle(s.failure != nil ? Color.red : Color.primary)
                    .accessibilityIdentifier("sync-state")
                if let e = s.shownMessage { ErrorLine(text: strings.text(e)) }
                PrimaryButton(title: s.syncing ? strings("sync_now_running") : strings("sync_now"), disabled: s.syncing) {
                    Task { await model.syncNow() }
                }
                if s.syncing { ProgressView() }
            }
            if !s.rejected.isEmpty {
                Section(strings("sync_rejected_title", .int(Int64(s.rejected.count)))) {
                    Text(strings("sync_rejected_explain")).font(.callout)
                    ForEach(s.rejected) { r in
                        VStack(alignment: .leading, spacing: 4) {
                            Text(strings("sync_rejected_item", .text(strings.text(r.entity)), .text(r.recordedAt)))
                            Text(strings.text(r.error)).foregroundStyle(Color.red)
                        }
                        .accessibilityElement(children: .combine)
                    }
                }
            }
            if !s.conflicts.isEmpty {
                Section(strings("sync_conflicts_title", .int(Int64(s.conflicts.count)))) {
                    Text(strings("sync_conflicts_explain")).font(.callout)
                    ForEach(s.conflicts) { c in conflict(c) }
                }
            }
        }
        .navigationTitle(strings("sync_title"))
        // MainView keeps the model following the sync client for the app's life.
        .onAppear { model.refresh() }
    }

    private func line(_ s: SyncScreenState) -> String {
        var parts = [strings.text(s.line)]
        if let failure = s.failure {
            parts.append(strings.text(failure))
            if let retry = s.nextRetry { parts.append(strings("sync_next_retry", .text(retry))) }
        }
        if s.clockSkew { parts.append(strings("sync_clock_skew")) }
        return parts.joined(separator: "\n")
    }

    private func conflict(_ c: ConflictRow) -> some View {
        let field = strings.text(c.field)
        let value = c.losingValue.map { strings.text($0) }.joined(separator: ", ")
        let restore = strings("sync_restore")
        let dismiss = strings("sync_dismiss")
        return VStack(alignment: .leading, spacing: 6) {
            VStack(alignment: .leading, spacing: 4) {
                Text(c.memberName).font(.headline)
                Text(strings("sync_conflict_field", .text(field)))
                Text(strings("sync_conflict_value", .text(value))).font(.body.bold())
                Text(strings("sync_conflict_losing_author", .text(strings.text(c.losingAuthor)))).font(.callout)
                Text(strings("sync_conflict_winning_author", .text(strings.text(c.winningAuthor)))).font(.callout)
            }
            .accessibilityElement(children: .combine)
            // The buttons say what they do to whom: "Khôi phục giá trị này" alone is ambiguous in a list.
            Button { model.restoreConflict(c.id) } label: {
                Text(restore).font(.headline).frame(maxWidth: .infinity, minHeight: 48)
            }
            .buttonStyle(.borderedProminent)
            .accessibilityLabel("\(restore): \(c.memberName), \(field), \(value)")
            SecondaryButton(title: dismiss, accessibilityLabel: "\(dismiss): \(c.memberName), \(field)") { model.dismissConflict(c.id) }
        }
        .padding(.vertical, 4)
    }
}
