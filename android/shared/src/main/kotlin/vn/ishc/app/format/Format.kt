package vn.ishc.app.format

import java.time.LocalDate
import java.time.OffsetDateTime
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import vn.ishc.core.formatAmount
import vn.ishc.core.parseAmount

/**
 * How the app shows dates, times and money: as Vietnamese write them, in
 * both languages (the clubs' paperwork is Vietnamese): dates `dd/MM/yyyy`,
 * times `HH:mm` in Vietnam, amounts `1.500.000 ₫`.
 */
object Format {
    private val dayMonthYear = DateTimeFormatter.ofPattern("dd/MM/yyyy")
    private val hourMinute = DateTimeFormatter.ofPattern("HH:mm")

    /** `2026-03-02` → `02/03/2026`; text that is not a date is returned as it is. */
    fun date(iso: String): String = try {
        LocalDate.parse(iso).format(dayMonthYear)
    } catch (e: DateTimeParseException) {
        iso
    }

    /** An RFC 3339 instant (`2026-03-02T08:30:00+07:00`) → `02/03/2026 08:30`, in its own offset. */
    fun dateTime(rfc3339: String): String = try {
        val t = OffsetDateTime.parse(rfc3339)
        t.format(dayMonthYear) + " " + t.format(hourMinute)
    } catch (e: DateTimeParseException) {
        rfc3339
    }

    /** Đồng as `1.500.000 ₫` (the core's formatting, so every screen agrees). */
    fun money(dong: Long): String = formatAmount(dong)
}

/**
 * An amount typed into a form: what the person wrote and, once it parses,
 * the đồng. Parsing is the core's (`1tr5`, `500k`, `1.500.000`, `2 triệu`).
 */
data class AmountInput(val text: String = "") {
    /** The đồng, or `null` while empty or not (yet) an amount. */
    val dong: Long? get() = if (text.isBlank()) null else runCatching { parseAmount(text) }.getOrNull()

    /** What the typed text means, for a hint under the field: `1tr5` → `1.500.000 ₫`. */
    val preview: String? get() = dong?.let(Format::money)
}
