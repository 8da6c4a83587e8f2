import Foundation
import IshcCore

/// What a form shows after the core refused an action: errors by field
/// (camelCase, as the core's `IshcError.Invalid(code, field, reason)` names
/// them) and an error for the whole form (not found, sync, internal).
public struct FormErrors: Sendable, Hashable {
    /// Errors next to their fields, by field name (`amount`, `systolic`).
    public var fields: [String: UiText]
    /// An error about the whole action, shown above the form's button.
    public var form: UiText?

    public init(fields: [String: UiText] = [:], form: UiText? = nil) {
        self.fields = fields
        self.form = form
    }

    /// The error for `field`, if any.
    public subscript(field: String) -> UiText? { fields[field] }

    /// Whether there is no error at all.
    public var isEmpty: Bool { fields.isEmpty && form == nil }

    /// These errors without `field`'s (the person edited it).
    public func without(_ field: String) -> FormErrors {
        var e = self
        e.fields[field] = nil
        return e
    }

    /// The errors for an error thrown by the core. `Invalid` goes next to
    /// its field, or to the form when the field is not one of `formFields`
    /// (an id the person did not type); `NotFound` is "this record is gone";
    /// `Sync` is its code's translation; `Internal` is "something went
    /// wrong" (for `schema.too_new`, "update the app"). Any other error
    /// (not the core's) is "something went wrong".
    public static func of(_ error: any Error, formFields: Set<String>) -> FormErrors {
        guard let e = error as? IshcError else { return FormErrors(form: .res("error_internal")) }
        switch e {
        case let .Invalid(code, field, reason):
            let text = UiText.error(code: code, reason: reason)
            return formFields.contains(field) ? FormErrors(fields: [field: text]) : FormErrors(form: text)
        case .NotFound:
            return FormErrors(form: .res("error_not_found"))
        case let .Sync(code, reason):
            return FormErrors(form: .error(code: code, reason: reason))
        case let .Internal(code, _):
            return FormErrors(form: .res(code == "schema.too_new" ? "error_schema_too_new" : "error_internal"))
        }
    }
}

extension IshcError {
    /// The stable code (`money.fraction`, `not_found`, `sync.network`, `internal.panic`).
    public var code: String {
        switch self {
        case let .Invalid(code, _, _), let .NotFound(code, _, _), let .Sync(code, _), let .Internal(code, _): code
        }
    }

    /// The input field an `Invalid` error concerns (camelCase), else `nil`.
    public var field: String? {
        if case let .Invalid(_, field, _) = self { return field }
        return nil
    }
}
