import ISHCKit
import SwiftUI

/// Where sync stands (*đồng bộ*): the line, "sync now", when it last
/// worked and will retry, the changes the server refused and the edits
/// that lost to another phone's. Layout and bindings only (`SyncViewModel`).
struct SyncView: View {
    @ObservedObject var model: SyncViewModel
    @Environment(\.strings) private var strings

    var body: some View {
        let s = model.state
        List {
            Section {
                Text(strings.text(s.line.text)).font(.headline)
                if let e = s.line.error { ErrorLine(text: strings.text(e)) }
                if !s.enrolled {
                    Text(strings("sync_not_enrolled"))
                } else if let url = s.serverUrl {
                    Text(strings("sync_server", .text(url))).font(.callout)
                }
                Text(s.lastSuccess.map { strings("sync_last_success", .text($0)) } ?? strings("sync_never")).font(.callout)
                if let retry = s.nextRetry { Text(strings("sync_next_retry", .text(retry))).font(.callout) }
                if s.pending > 0 { Text(strings("home_sync_pending", .int(s.pending))).font(.callout) }
                PrimaryButton(title: strings("home_sync_now"), disabled: s.line.running || !s.enrolled) {
                    Task { await model.syncNow() }
                }
                if s.line.running { ProgressView() }
                if let e = s.error { ErrorLine(text: strings.text(e)) }
            }
            if !s.rejected.isEmpty {
                Section(strings("sync_rejected_title", .int(Int64(s.rejected.count)))) {
                    ForEach(s.rejected, id: \.opId) { op in
                        VStack(alignment: .leading, spacing: 4) {
                            Text(strings.text(.error(code: op.code, reason: op.reason)))
                            Text(Format.dateTime(op.recordedAt)).font(.callout).foregroundStyle(.secondary)
                        }
                        .accessibilityElement(children: .combine)
                    }
                }
            }
            if !s.conflicts.isEmpty {
                Section(strings("sync_conflicts_title", .int(Int64(s.conflicts.count)))) {
                    ForEach(s.conflicts, id: \.id) { c in
                        VStack(alignment: .leading, spacing: 8) {
                            Text(strings("sync_conflict_line", .text(c.memberName), .text(c.losingValue)))
                            AdaptiveStack {
                                Button(strings("sync_restore")) { model.restoreConflict(c.id) }
                                Button(strings("sync_dismiss")) { model.dismissConflict(c.id) }
                            }
                            .buttonStyle(.bordered)
                        }
                    }
                }
            }
        }
        .navigationTitle(strings("home_sync_title"))
        // MainView keeps the model following the sync client for the app's life.
        .onAppear { model.refresh() }
    }
}
