import Foundation
import ISHCKit
import SwiftUI

/// One care recipient's visit history (*lịch sử thăm*): the period (3
/// months, 12 months, all), the blood-pressure chart (systolic and diastolic
/// lines, dashed guides at 140 and 90 mmHg, dots coloured by flag; drawn
/// with `Canvas`, not Swift Charts) with its summary in words, also
/// VoiceOver's label for the chart; then every visit newest first, a voided
/// one struck through and marked with its reason. A volunteer or the chair
/// can void a visit that stands, with a reason, after a confirmation in
/// place. Layout and bindings only (`VisitHistoryViewModel`). The Android
/// app's VisitHistoryScreen.
struct VisitHistoryView: View {
    @StateObject private var model: VisitHistoryViewModel
    @Environment(\.strings) private var strings

    init(store: ClubStore, recipientId: String, actingMemberId: String?) {
        _model = StateObject(wrappedValue: VisitHistoryViewModel(store: store, recipientId: recipientId, actingMemberId: actingMemberId))
    }

    var body: some View {
        let s = model.state
        List {
            if let e = s.error { ErrorLine(text: strings.text(e)) }
            Section {
                Text(s.recipientName).font(.title2.bold()).accessibilityAddTraits(.isHeader)
            }
            Section(strings("history_period")) {
                ForEach(HistoryPeriod.allCases, id: \.self) { p in
                    ChoiceRow(title: strings(p.key), selected: p == s.period) { model.setPeriod(p) }
                }
                if let since = s.since { Text(strings("history_since", .text(since))) }
            }
            if let notice = s.notice {
                Section { Notice(text: strings.text(notice)) }
            }
            Section(strings("history_trend")) {
                if let latest = s.trend.latest, let highest = s.trend.highest {
                    BpChart(trend: s.trend, label: strings.text(s.trend.summary))
                    Text(strings("history_latest", .text(latest.text), .text(latest.date))).font(.headline)
                    Text(strings("history_highest", .text(highest.text), .text(highest.date)))
                    Text(strings("history_count_hypertension", .int(Int64(s.trend.hypertension))))
                        .foregroundStyle(s.trend.hypertension > 0 ? flagColor(.hypertension) : Color.primary)
                    Text(strings("history_count_crisis", .int(Int64(s.trend.crisis))))
                        .font(s.trend.crisis > 0 ? .body.bold() : .body)
                        .foregroundStyle(s.trend.crisis > 0 ? flagColor(.hypertensiveCrisis) : Color.primary)
                    Text(strings("history_legend")).font(.callout)
                    Text(strings("history_legend_colors")).font(.callout)
                } else {
                    Text(strings("history_trend_none"))
                }
            }
            Section(strings("history_visits", .int(Int64(s.rows.count)))) {
                if s.rows.isEmpty { Text(strings("history_none")) }
                ForEach(s.rows) { row in
                    visit(row, s)
                }
            }
        }
        .navigationTitle(strings("history_title"))
        // Read again on returning (a visit logged or synced meanwhile).
        .onAppear { model.reload() }
    }

    @ViewBuilder
    private func visit(_ row: VisitRow, _ s: VisitHistoryState) -> some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(row.date + " " + row.time).font(.headline).strikethrough(row.voided)
            if let reason = row.voidedReason {
                Text(strings("history_voided_mark", .text(reason))).font(.body.bold()).foregroundStyle(Color.red)
            }
            Text(strings("history_by", .text(row.volunteer)))
            Text(strings("history_duration", .int(Int64(row.durationMin))) + " · " + row.services.map { strings.text($0) }.joined(separator: ", "))
            ForEach(row.readings, id: \.self) { r in Text(strings.text(r)) }
            if let flag = row.flag, let flagText = row.flagText {
                // A voided visit's flag no longer calls for anything: shown plain.
                Text(strings.text(flagText))
                    .font(flag == .normal || row.voided ? .body : .body.bold())
                    .foregroundStyle(row.voided ? Color.secondary : flagColor(flag))
            }
            if !row.notes.trimmingCharacters(in: .whitespaces).isEmpty {
                Text(strings("history_notes", .text(row.notes))).font(.callout)
            }
        }
        .padding(.vertical, 4)
        .accessibilityElement(children: .combine)
        if let v = s.voiding, v.visitId == row.id {
            ConfirmPanel(
                title: strings("history_void_title", .text(v.date)),
                note: strings("history_void_note"),
                reasonLabel: strings("history_void_reason"),
                reason: model.voidReasonBinding,
                errors: v.errors,
                confirmTitle: strings("history_void_confirm"),
                keepTitle: strings("history_void_keep"),
                onConfirm: { model.confirmVoid() },
                onKeep: { model.cancelVoid() }
            )
        } else if s.canVoid && !row.voided {
            SecondaryButton(
                title: strings("history_void"),
                accessibilityLabel: strings("history_void_for", .text(row.date)),
                role: .destructive
            ) { model.askVoid(row.id) }
        }
    }
}

/// The colours of the blood-pressure flags, as the Android app's FlagColors
/// (dark green, brown, red: readable on white in daylight).
private func flagColor(_ flag: BpFlag) -> Color {
    switch flag {
    case .normal: Color(red: 0x1B / 255, green: 0x5E / 255, blue: 0x20 / 255)
    case .hypertension: Color(red: 0x8A / 255, green: 0x4B / 255, blue: 0x00 / 255)
    case .hypertensiveCrisis: Color(red: 0xB3 / 255, green: 0x26 / 255, blue: 0x1E / 255)
    }
}

/// The systolic line's colour (the Android app's primary) and the diastolic line's (its secondary).
private let systolicColor = Color(red: 0x00 / 255, green: 0x65 / 255, blue: 0x8E / 255)
private let diastolicColor = Color(red: 0x4F / 255, green: 0x61 / 255, blue: 0x6E / 255)

/// The blood-pressure chart: the mmHg labels (the range's ends, 140 and 90)
/// as text to the left of the canvas, each centred on its height; the canvas
/// with the axes, the dashed 140 and 90 mmHg guides, the systolic (upper,
/// thicker) and diastolic lines through the readings placed by date and a
/// dot per reading in its flag's colour (larger for a crisis); the first and
/// last dates under it. VoiceOver reads `label` for the canvas, the labels
/// around it are hidden from it.
private struct BpChart: View {
    let trend: BpTrend
    let label: String
    /// Taller with larger text, so that the axis labels never overlap.
    @ScaledMetric private var height: CGFloat = 200
    @Environment(\.strings) private var strings

    /// The mmHg range shown: 40–200, widened in steps of 10 to keep every reading 10 mmHg inside.
    private static func range(_ trend: BpTrend) -> (lo: Int, hi: Int) {
        let low = (trend.points.map(\.diastolic).min() ?? 60) - 10
        let high = (trend.points.map(\.systolic).max() ?? 160) + 10
        let floor10 = Int((Double(low) / 10).rounded(.down)) * 10
        let ceil10 = Int((Double(high) / 10).rounded(.up)) * 10
        return (min(40, floor10), max(200, ceil10))
    }

    var body: some View {
        let (lo, hi) = Self.range(trend)
        let h = height
        VStack(alignment: .leading, spacing: 4) {
            Text(strings("history_axis_unit")).font(.callout).accessibilityHidden(true)
            HStack(alignment: .top, spacing: 6) {
                // Each label in a zero-height frame at its height: centred on its guide, overflowing it.
                VStack(alignment: .trailing, spacing: 0) {
                    axisLabel(hi)
                    Color.clear.frame(height: gap(hi, 140, lo: lo, hi: hi, height: h))
                    axisLabel(140)
                    Color.clear.frame(height: gap(140, 90, lo: lo, hi: hi, height: h))
                    axisLabel(90)
                    Color.clear.frame(height: gap(90, lo, lo: lo, hi: hi, height: h))
                    axisLabel(lo)
                }
                .frame(height: h, alignment: .top)
                .accessibilityHidden(true)
                Canvas { context, size in
                    Self.draw(trend, lo: lo, hi: hi, in: &context, size: size)
                }
                .frame(height: h)
                .accessibilityElement()
                .accessibilityLabel(label)
                .accessibilityAddTraits(.isImage)
                .accessibilityIdentifier("bp-chart")
            }
            .padding(.vertical, 10) // room for the top and bottom labels' overflow
            if let first = trend.points.first, let last = trend.points.last {
                AdaptiveStack {
                    Text(first.date).font(.callout)
                    Spacer(minLength: 0)
                    if trend.points.count > 1 { Text(last.date).font(.callout) }
                }
                .accessibilityHidden(true)
            }
        }
        .padding(.vertical, 4)
    }

    private func axisLabel(_ mmHg: Int) -> some View {
        Text(String(mmHg)).font(.callout).fixedSize().frame(height: 0)
    }

    private func gap(_ upper: Int, _ lower: Int, lo: Int, hi: Int, height: CGFloat) -> CGFloat {
        CGFloat(upper - lower) / CGFloat(hi - lo) * height
    }

    /// Draws on the canvas; nonisolated: only its arguments and the file's constants.
    nonisolated private static func draw(_ trend: BpTrend, lo: Int, hi: Int, in context: inout GraphicsContext, size: CGSize) {
        let points = trend.points
        guard let firstDay = points.first?.day, let lastDay = points.last?.day else { return }
        func y(_ mmHg: Int) -> CGFloat { CGFloat(hi - mmHg) / CGFloat(hi - lo) * size.height }
        let pad: CGFloat = 10
        let span = CGFloat(lastDay - firstDay)
        func x(_ i: Int) -> CGFloat {
            span == 0 ? size.width / 2 : pad + CGFloat(points[i].day - firstDay) / span * (size.width - 2 * pad)
        }

        var axes = Path()
        axes.move(to: CGPoint(x: 0, y: 0))
        axes.addLine(to: CGPoint(x: 0, y: size.height))
        axes.addLine(to: CGPoint(x: size.width, y: size.height))
        context.stroke(axes, with: .color(.secondary), lineWidth: 1)
        for guide in [140, 90] {
            var line = Path()
            line.move(to: CGPoint(x: 0, y: y(guide)))
            line.addLine(to: CGPoint(x: size.width, y: y(guide)))
            context.stroke(line, with: .color(flagColor(.hypertension)), style: StrokeStyle(lineWidth: 1.5, dash: [8, 6]))
        }

        func polyline(_ values: [Int], _ color: Color, _ width: CGFloat) {
            guard values.count > 1 else { return }
            var path = Path()
            for (i, v) in values.enumerated() {
                if i == 0 { path.move(to: CGPoint(x: x(i), y: y(v))) } else { path.addLine(to: CGPoint(x: x(i), y: y(v))) }
            }
            context.stroke(path, with: .color(color), lineWidth: width)
        }
        polyline(points.map(\.systolic), systolicColor, 3)
        polyline(points.map(\.diastolic), diastolicColor, 2)

        for (i, p) in points.enumerated() {
            let r: CGFloat = p.flag == .hypertensiveCrisis ? 7 : 5
            for v in [p.systolic, p.diastolic] {
                let c = CGPoint(x: x(i), y: y(v))
                context.fill(Path(ellipseIn: CGRect(x: c.x - r - 1.5, y: c.y - r - 1.5, width: 2 * r + 3, height: 2 * r + 3)), with: .color(.white))
                context.fill(Path(ellipseIn: CGRect(x: c.x - r, y: c.y - r, width: 2 * r, height: 2 * r)), with: .color(flagColor(p.flag)))
            }
        }
    }
}

extension VisitHistoryViewModel {
    var voidReasonBinding: Binding<String> {
        Binding(get: { self.state.voiding?.reason ?? "" }, set: { self.setVoidReason($0) })
    }
}
