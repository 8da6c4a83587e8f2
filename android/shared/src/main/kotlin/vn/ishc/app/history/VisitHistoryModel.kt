package vn.ishc.app.history

import java.math.BigDecimal
import java.math.RoundingMode
import java.time.LocalDate
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.format.Format
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.BpFlag
import vn.ishc.core.ClubStore
import vn.ishc.core.IshcException
import vn.ishc.core.Role
import vn.ishc.core.VisitInfo

/** How far back the history looks, counted back from the model's `today`. */
enum class HistoryPeriod(
    /** Calendar months back from today; `null`: every visit. */
    val months: Long?,
) {
    THREE_MONTHS(3),
    TWELVE_MONTHS(12),
    ALL(null),
}

/** One visit of the list, as the screen shows it. */
data class VisitRow(
    val id: String,
    /** The visit's date in Vietnam, `dd/MM/yyyy`. */
    val date: String,
    /** When it started, `HH:mm` (as recorded). */
    val time: String,
    /** The volunteer's name. */
    val volunteer: String,
    /** Length in minutes. */
    val durationMin: Int,
    /** The services delivered (`service_…` strings), in the core's order. */
    val services: List<UiText>,
    /**
     * The readings taken, one text each, in this order: blood pressure
     * (`150/92 mmHg`), pulse (beats/min), glucose (mmol/L) and weight (kg),
     * the last two with a decimal comma (`6,4`) in both languages. Empty
     * when none was taken.
     */
    val readings: List<UiText>,
    /** The blood-pressure flag, when both pressures were taken. */
    val flag: BpFlag?,
    /** The flag as words (`bp_…` strings), when there is one. */
    val flagText: UiText?,
    /** The volunteer's notes (may be blank). */
    val notes: String,
    /** Why the visit was voided, or `null` if it stands. */
    val voidedReason: String?,
) {
    /** Whether the visit was voided (it stays in the list, marked, and leaves the trend). */
    val voided: Boolean get() = voidedReason != null
}

/** One blood-pressure reading of the trend. */
data class BpPoint(
    val visitId: String,
    /** The visit's date, `YYYY-MM-DD` (the chart's x axis). */
    val isoDate: String,
    /** The visit's date, `dd/MM/yyyy`. */
    val date: String,
    /** mmHg. */
    val systolic: Int,
    /** mmHg. */
    val diastolic: Int,
    val flag: BpFlag,
) {
    /** `150/92` (mmHg). */
    val text: String get() = "$systolic/$diastolic"
}

/**
 * The blood-pressure trend of the period: the readings of the visits that
 * stand (not voided) with both pressures, oldest first.
 */
data class BpTrend(
    /** Oldest → newest (by start time). */
    val points: List<BpPoint> = emptyList(),
) {
    /** The newest reading. */
    val latest: BpPoint? get() = points.lastOrNull()

    /** The highest reading: highest systolic, then highest diastolic; the newest of equals. */
    val highest: BpPoint? get() = points.asReversed().maxWithOrNull(compareBy<BpPoint>({ it.systolic }, { it.diastolic }))

    /** Readings flagged hypertension (140/90 mmHg or above, below crisis). */
    val hypertension: Int get() = points.count { it.flag == BpFlag.HYPERTENSION }

    /** Readings flagged hypertensive crisis (180/120 mmHg or above). */
    val crisis: Int get() = points.count { it.flag == BpFlag.HYPERTENSIVE_CRISIS }

    /**
     * The trend in one sentence, for TalkBack on the chart: `Huyết áp 6 lần
     * đo, gần nhất 150/92, cao nhất 185/100, 2 lần tăng huyết áp, 1 lần cơn
     * tăng huyết áp`; "no reading" when there is none.
     */
    val summary: UiText
        get() {
            val l = latest ?: return text("history_trend_none")
            return text("history_trend_summary", points.size, l.text, highest!!.text, hypertension, crisis)
        }
}

/** A visit about to be voided, waiting for its reason and a confirmation. */
data class VisitVoiding(
    val visitId: String,
    /** The visit's date, `dd/MM/yyyy`. */
    val date: String,
    /** The reason as typed (required by the core). */
    val reason: String = "",
    /** `reason` under the reason field; anything else for the panel. */
    val errors: FormErrors = FormErrors(),
)

/** What the visit history shows. */
data class VisitHistoryState(
    /** The care recipient's name. */
    val recipientName: String = "",
    val period: HistoryPeriod = HistoryPeriod.TWELVE_MONTHS,
    /** The first day of the period, `dd/MM/yyyy`; `null` for every visit. */
    val since: String? = null,
    /** The period's visits, newest first, voided ones included (marked). */
    val rows: List<VisitRow> = emptyList(),
    val trend: BpTrend = BpTrend(),
    /** Whether the acting member may void a visit: a home-care volunteer or the chair. */
    val canVoid: Boolean = false,
    /** The visit being voided, while its confirmation is open. */
    val voiding: VisitVoiding? = null,
    /** What was just done (a visit voided). */
    val notice: UiText? = null,
    /** Why the history could not be read. */
    val error: UiText? = null,
)

/**
 * One care recipient's home-care visits (*lịch sử thăm*): every visit of
 * the chosen period, newest first, with its volunteer, length, services,
 * readings and blood-pressure flag; and the blood-pressure trend of the
 * period (the readings oldest first, the latest and highest, how many
 * were flagged hypertension or crisis).
 *
 * Visits are never edited or deleted: a visit logged by mistake is voided
 * with a reason, after a confirmation ([askVoid], [confirmVoid]); it stays
 * in the list, marked with the reason, and leaves the trend. The core
 * allows it to a home-care volunteer or the chair ([VisitHistoryState.canVoid]).
 *
 * The period is counted back from [today] (`YYYY-MM-DD`, the store's
 * today by default; tests give a fixed day): the last 3 or 12 calendar
 * months up to the newest visit, or every visit. A visit dated after today
 * (a mistyped date, a phone's wrong clock) is shown too, so that it can be
 * seen and voided.
 */
class VisitHistoryModel(
    private val store: ClubStore,
    private val recipientId: String,
    /** The member acting (their roles decide whether voiding is offered); `null`: nobody signed in. */
    private val actingMemberId: String?,
    private val today: String = store.today(),
    period: HistoryPeriod = HistoryPeriod.TWELVE_MONTHS,
) {
    private val _state = MutableStateFlow(VisitHistoryState(period = period))

    /** The screen's state. */
    val state: StateFlow<VisitHistoryState> = _state.asStateFlow()

    private val canVoid: Boolean = actingMemberId?.let { id ->
        runCatching { store.member(id).roles.any { it == Role.HOME_CARE_VOLUNTEER || it == Role.CHAIR } }.getOrDefault(false)
    } ?: false

    init {
        reload()
    }

    /** Reads the visits again (after a sync, or on returning to the screen). */
    fun reload() {
        val period = _state.value.period
        val from = period.months?.let { LocalDate.parse(today).minusMonths(it).toString() }
        _state.update {
            try {
                val name = store.member(recipientId).fullName
                val visits = store.visits(recipientId, from, null)
                it.copy(
                    recipientName = name,
                    since = from?.let(Format::date),
                    rows = visits.map(::row),
                    trend = trend(visits),
                    canVoid = canVoid,
                    error = null,
                )
            } catch (e: IshcException) {
                it.copy(error = FormErrors.of(e, emptySet()).form)
            }
        }
    }

    /** Shows another period (closing any open confirmation). */
    fun setPeriod(period: HistoryPeriod) {
        _state.update { it.copy(period = period, voiding = null, notice = null) }
        reload()
    }

    /** Opens the confirmation to void the visit [visitId] (a visit that stands, when voiding is allowed). */
    fun askVoid(visitId: String) {
        val s = _state.value
        val row = s.rows.firstOrNull { it.id == visitId } ?: return
        if (!s.canVoid || row.voided) return
        _state.update { it.copy(voiding = VisitVoiding(visitId, row.date), notice = null) }
    }

    fun setVoidReason(text: String) = _state.update {
        it.copy(voiding = it.voiding?.let { v -> v.copy(reason = text, errors = v.errors.without("reason")) })
    }

    /** Closes the confirmation without voiding. */
    fun cancelVoid() = _state.update { it.copy(voiding = null) }

    /**
     * Voids the visit being confirmed, with the reason typed. Refusals keep
     * the confirmation open: `text.required` (a blank reason) under the
     * reason; `visit.already_voided` (voided on another phone and synced)
     * and `op.not_permitted` on the panel. Returns whether it was voided.
     */
    fun confirmVoid(): Boolean {
        val v = _state.value.voiding ?: return false
        return try {
            store.voidVisit(v.visitId, v.reason.trim())
            _state.update { it.copy(voiding = null, notice = text("history_voided", v.date)) }
            reload()
            true
        } catch (e: IshcException) {
            _state.update { it.copy(voiding = v.copy(errors = FormErrors.of(e, REASON))) }
            false
        }
    }

    companion object {
        private val REASON = setOf("reason")
    }
}

/** The blood-pressure readings of [visits] (newest first, as the core lists them) that count: oldest first. */
private fun trend(visits: List<VisitInfo>): BpTrend = BpTrend(
    visits.asReversed().mapNotNull { v ->
        val sys = v.systolic
        val dia = v.diastolic
        val flag = v.bpFlag
        if (v.voidedReason != null || sys == null || dia == null || flag == null) {
            null
        } else {
            BpPoint(v.id, v.visitOn, Format.date(v.visitOn), sys.toInt(), dia.toInt(), flag)
        }
    },
)

private fun row(v: VisitInfo): VisitRow {
    val readings = buildList {
        val sys = v.systolic
        val dia = v.diastolic
        if (sys != null && dia != null) add(text("history_bp", sys.toInt(), dia.toInt()))
        v.pulse?.let { add(text("history_pulse", it.toInt())) }
        v.glucoseMmolL?.let { add(text("history_glucose", decimalComma(it))) }
        v.weightKg?.let { add(text("history_weight", decimalComma(it))) }
    }
    return VisitRow(
        id = v.id,
        date = Format.date(v.visitOn),
        time = Format.dateTime(v.startedAt).substringAfter(' ', ""),
        volunteer = v.volunteerName,
        durationMin = v.durationMin.toInt(),
        services = v.services.map { text("service_" + it.name.lowercase()) },
        readings = readings,
        flag = v.bpFlag,
        flagText = v.bpFlag?.let(::bpFlagText),
        notes = v.notes,
        voidedReason = v.voidedReason,
    )
}

/** A blood-pressure flag in words (`bp_…`). */
fun bpFlagText(flag: BpFlag): UiText = when (flag) {
    BpFlag.NORMAL -> text("bp_normal")
    BpFlag.HYPERTENSION -> text("bp_hypertension")
    BpFlag.HYPERTENSIVE_CRISIS -> text("bp_hypertensive_crisis")
}

/**
 * A reading with a decimal comma, as Vietnamese write it, to one decimal
 * (what glucometers and scales show): `6.4` → `6,4`, `52.0` → `52`.
 */
fun decimalComma(value: Double): String =
    BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString().replace('.', ',')
