package vn.ishc.app.text

import vn.ishc.core.IshcException

/**
 * What a form shows after the core refused an action: errors by field
 * (camelCase, as the core's `IshcException.Invalid.field` names them) and
 * an error for the whole form (not found, sync, internal).
 */
data class FormErrors(
    /** Errors next to their fields, by field name (`amount`, `systolic`). */
    val fields: Map<String, UiText> = emptyMap(),
    /** An error about the whole action, shown above the form's button. */
    val form: UiText? = null,
) {
    /** The error for [field], if any. */
    operator fun get(field: String): UiText? = fields[field]

    /** Whether there is no error at all. */
    val isEmpty: Boolean get() = fields.isEmpty() && form == null

    /** These errors without [field]'s (the person edited it). */
    fun without(field: String): FormErrors = if (field in fields) copy(fields = fields - field) else this

    companion object {
        /**
         * The errors for an exception from the core. `Invalid` goes next to
         * its field, or to the form when the field is not one of
         * [formFields] (an id the person did not type); `Internal` is
         * "something went wrong" (for `schema.too_new`, "update the app").
         */
        fun of(e: IshcException, formFields: Set<String>): FormErrors = when (e) {
            is IshcException.Invalid ->
                if (e.field in formFields) {
                    FormErrors(fields = mapOf(e.field to UiText.Error(e.code, e.reason)))
                } else {
                    FormErrors(form = UiText.Error(e.code, e.reason))
                }
            is IshcException.NotFound -> FormErrors(form = text("error_not_found"))
            is IshcException.Sync -> FormErrors(form = UiText.Error(e.code, e.reason))
            is IshcException.Internal ->
                FormErrors(form = if (e.code == "schema.too_new") text("error_schema_too_new") else text("error_internal"))
        }
    }
}
