import ISHCKit
import SwiftUI
import UIKit

/// A labelled text field with its error under it (the translation of the
/// core's error code for this field), read by VoiceOver with the field.
/// The label sits above the field, not inside it, so it stays readable at
/// the largest text sizes; the field grows to several lines rather than
/// scrolling sideways.
struct FormField: View {
    /// The core's name of the field (`systolic`), for UI tests.
    let name: String
    let label: String
    @Binding var text: String
    let error: UiText?
    var keyboard: UIKeyboardType = .default
    /// An example shown in the empty field (`ví dụ 1tr5, 500k`).
    var hint: String?
    /// A line under the field when there is no error (`= 1.500.000 ₫`).
    var supporting: String?
    @Environment(\.strings) private var strings

    var body: some View {
        let errorText = error.map { strings.text($0) }
        VStack(alignment: .leading, spacing: 6) {
            Text(label)
                .font(.subheadline.weight(.semibold))
                .accessibilityHidden(true) // the field itself carries the label
            TextField(hint ?? "", text: $text, axis: .vertical)
                .keyboardType(keyboard)
                .textFieldStyle(.roundedBorder)
                .accessibilityLabel(label)
                .accessibilityHint(errorText ?? supporting ?? "")
                .accessibilityIdentifier("field:\(name)")
            if let errorText {
                Text(errorText)
                    .font(.callout)
                    .foregroundStyle(Color.red)
                    .accessibilityIdentifier("error:\(name)")
            } else if let supporting {
                Text(supporting)
                    .font(.callout)
                    .foregroundStyle(.secondary)
                    .accessibilityIdentifier("hint:\(name)")
            }
        }
        .padding(.vertical, 4)
    }
}

/// An error about a group or the whole form.
struct ErrorLine: View {
    let text: String

    var body: some View {
        Label(text, systemImage: "exclamationmark.triangle.fill")
            .foregroundStyle(Color.red)
            .font(.callout)
    }
}

/// A confirmation after an action (green background, readable text).
struct Notice: View {
    let text: String

    var body: some View {
        Label(text, systemImage: "checkmark.circle.fill")
            .padding(12)
            .frame(maxWidth: .infinity, alignment: .leading)
            .background(Color.green.opacity(0.15), in: RoundedRectangle(cornerRadius: 8))
    }
}

/// The main action of a screen: full width, at least 56 points high, larger with the text.
struct PrimaryButton: View {
    let title: String
    var disabled = false
    let action: () -> Void

    var body: some View {
        Button(action: action) {
            Text(title)
                .font(.headline)
                .frame(maxWidth: .infinity, minHeight: 56)
        }
        .buttonStyle(.borderedProminent)
        .disabled(disabled)
    }
}

/// A row to choose among several (a recipient, a person): a check mark when
/// chosen, announced by VoiceOver as selected.
struct ChoiceRow: View {
    let title: String
    var detail: String?
    let selected: Bool
    let action: () -> Void

    var body: some View {
        Button(action: action) {
            HStack(alignment: .firstTextBaseline) {
                Image(systemName: selected ? "largecircle.fill.circle" : "circle")
                    .foregroundStyle(selected ? Color.accentColor : .secondary)
                    .accessibilityHidden(true)
                VStack(alignment: .leading, spacing: 2) {
                    Text(title).font(.body)
                    if let detail { Text(detail).font(.callout).foregroundStyle(.secondary) }
                }
                Spacer(minLength: 0)
            }
            .frame(minHeight: 48)
            .contentShape(Rectangle())
        }
        .buttonStyle(.plain)
        .accessibilityElement(children: .combine)
        .accessibilityAddTraits(selected ? .isSelected : [])
    }
}

/// The blood-pressure flag of the readings typed, in the Android app's
/// colours (white text on dark green, brown or red), announced by VoiceOver
/// when it changes.
struct BpFlagBanner: View {
    let flag: BpFlag
    @Environment(\.strings) private var strings

    var body: some View {
        let text = strings(flag.key)
        Text(text)
            .font(flag == .normal ? .body : .body.bold())
            .foregroundStyle(Color.white)
            .padding(12)
            .frame(maxWidth: .infinity, alignment: .leading)
            .background(color, in: RoundedRectangle(cornerRadius: 8))
            .accessibilityIdentifier("bp-flag")
            .onAppear { announce(text) }
            .onChange(of: flag) { _ in announce(strings(flag.key)) }
    }

    private var color: Color {
        switch flag {
        case .normal: Color(red: 0x1B / 255, green: 0x5E / 255, blue: 0x20 / 255)
        case .hypertension: Color(red: 0x8A / 255, green: 0x4B / 255, blue: 0x00 / 255)
        case .hypertensiveCrisis: Color(red: 0xB3 / 255, green: 0x26 / 255, blue: 0x1E / 255)
        }
    }

    private func announce(_ text: String) {
        UIAccessibility.post(notification: .announcement, argument: strings("a11y_bp_flag", .text(text)))
    }
}

/// Lays its content out in a row, or in a column at the accessibility text sizes.
struct AdaptiveStack<Content: View>: View {
    @ViewBuilder let content: () -> Content
    @Environment(\.dynamicTypeSize) private var size

    var body: some View {
        if size.isAccessibilitySize {
            VStack(alignment: .leading, spacing: 8, content: content)
        } else {
            HStack(alignment: .firstTextBaseline, spacing: 12, content: content)
        }
    }
}

/// A full-width secondary action, at least 48 points high, bordered so that
/// it takes only its own taps inside a list row. `accessibilityLabel` says
/// what it acts on when the title alone is ambiguous in a list
/// (`Hủy khoản 1.500.000 ₫ ngày 01/11/2026`).
struct SecondaryButton: View {
    let title: String
    var accessibilityLabel: String?
    var role: ButtonRole?
    let action: () -> Void

    var body: some View {
        Button(action: action) {
            Text(title)
                .font(.body)
                .frame(maxWidth: .infinity, minHeight: 48)
        }
        .buttonStyle(.bordered)
        .foregroundStyle(role == nil ? Color.accentColor : Color.red)
        .accessibilityLabel(accessibilityLabel ?? title)
    }
}

/// Something to look at before going on (possible duplicates found): a
/// pale orange block, read by VoiceOver as one element.
struct WarningBox<Content: View>: View {
    @ViewBuilder let content: () -> Content

    var body: some View {
        VStack(alignment: .leading, spacing: 6, content: content)
            .padding(12)
            .frame(maxWidth: .infinity, alignment: .leading)
            .background(Color.orange.opacity(0.15), in: RoundedRectangle(cornerRadius: 8))
            .accessibilityElement(children: .combine)
    }
}

/// A confirmation for an action that cannot simply be undone (reversing an
/// entry, writing off a loan), shown in place under what it concerns: what
/// will happen, a required reason with its error, then confirm and keep.
/// The Android app's MoneyConfirmPanel.
struct ConfirmPanel: View {
    let title: String
    let note: String
    let reasonLabel: String
    let reason: Binding<String>
    let errors: FormErrors
    let confirmTitle: String
    let keepTitle: String
    let onConfirm: () -> Void
    let onKeep: () -> Void
    @Environment(\.strings) private var strings

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            Text(title)
                .font(.headline)
                .accessibilityAddTraits(.isHeader)
            Text(note).font(.callout)
            FormField(name: "reason", label: reasonLabel, text: reason, error: errors["reason"])
            if let e = errors.form { ErrorLine(text: strings.text(e)) }
            Button(role: .destructive, action: onConfirm) {
                Text(confirmTitle)
                    .font(.headline)
                    .frame(maxWidth: .infinity, minHeight: 48)
            }
            .buttonStyle(.borderedProminent)
            SecondaryButton(title: keepTitle, action: onKeep)
        }
        .padding(12)
        .background(Color.red.opacity(0.08), in: RoundedRectangle(cornerRadius: 8))
    }
}
