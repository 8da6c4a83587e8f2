package vn.ishc.app.ui

import androidx.compose.foundation.BorderStroke
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxHeight
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.FilterChip
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.Path
import androidx.compose.ui.graphics.PathEffect
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.layout.Layout
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextDecoration
import androidx.compose.ui.unit.dp
import java.time.LocalDate
import kotlin.math.roundToInt
import vn.ishc.app.history.BpTrend
import vn.ishc.app.history.HistoryPeriod
import vn.ishc.app.history.VisitHistoryState
import vn.ishc.app.history.VisitRow
import vn.ishc.core.BpFlag

/** What the visit history can be asked to do. */
data class VisitHistoryActions(
    val setPeriod: (HistoryPeriod) -> Unit = {},
    /** Ask to void the visit with this id (opens the confirmation). */
    val askVoid: (visitId: String) -> Unit = {},
    val setVoidReason: (String) -> Unit = {},
    val confirmVoid: () -> Unit = {},
    val cancelVoid: () -> Unit = {},
)

/**
 * One care recipient's visit history (*lịch sử thăm*): the period (3
 * months, 12 months, all), the blood-pressure chart (systolic and
 * diastolic lines, dashed guides at 140 and 90 mmHg, dots coloured by
 * flag) with its summary in words (also TalkBack's description of the
 * chart), then every visit newest first, a voided one marked with its
 * reason; a visit that stands can be voided with a reason after a
 * confirmation, by a volunteer or the chair.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun VisitHistoryScreen(state: VisitHistoryState, actions: VisitHistoryActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("history_title"), style = MaterialTheme.typography.headlineSmall)
        Text(state.recipientName, style = MaterialTheme.typography.titleLarge, modifier = Modifier.testTag("recipient"))
        state.error?.let { ErrorLine(it.resolve(), "form") }

        Text(str("history_period"), style = MaterialTheme.typography.titleMedium)
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            for (p in HistoryPeriod.entries) {
                FilterChip(
                    selected = p == state.period,
                    onClick = { actions.setPeriod(p) },
                    label = { Text(periodText(p)) },
                    modifier = Modifier.testTag("period:${p.name}"),
                )
            }
        }
        state.since?.let { Text(str("history_since", it), modifier = Modifier.testTag("since")) }
        state.notice?.let { Notice(it.resolve(), HistorySavedColor, "notice") }

        HistoryHeading(str("history_trend"))
        val trend = state.trend
        if (trend.points.isEmpty()) {
            Text(str("history_trend_none"), modifier = Modifier.testTag("trend-none"))
        } else {
            BpChart(trend, trend.summary.resolve())
            TrendSummary(trend)
        }

        HorizontalDivider()
        HistoryHeading(str("history_visits", state.rows.size))
        if (state.rows.isEmpty()) Text(str("history_none"), modifier = Modifier.testTag("visits-none"))
        for (row in state.rows) VisitCard(row, state, actions)
    }
}

private val HistorySavedColor = Color(0xFFE8F5E9)

@Composable
private fun periodText(p: HistoryPeriod): String = when (p) {
    HistoryPeriod.THREE_MONTHS -> str("history_period_three_months")
    HistoryPeriod.TWELVE_MONTHS -> str("history_period_twelve_months")
    HistoryPeriod.ALL -> str("history_period_all")
}

private fun flagColor(flag: BpFlag): Color = when (flag) {
    BpFlag.NORMAL -> FlagColors.Normal
    BpFlag.HYPERTENSION -> FlagColors.Hypertension
    BpFlag.HYPERTENSIVE_CRISIS -> FlagColors.Crisis
}

@Composable
private fun HistoryHeading(text: String) {
    Text(text, style = MaterialTheme.typography.titleLarge, modifier = Modifier.semantics { heading() })
}

/** The latest and highest readings and the flags counted, in words under the chart. */
@Composable
private fun TrendSummary(trend: BpTrend) {
    val latest = trend.latest ?: return
    val highest = trend.highest ?: return
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(str("history_latest", latest.text, latest.date), fontWeight = FontWeight.Bold, modifier = Modifier.testTag("trend-latest"))
        Text(str("history_highest", highest.text, highest.date), modifier = Modifier.testTag("trend-highest"))
        Text(
            str("history_count_hypertension", trend.hypertension),
            color = if (trend.hypertension > 0) FlagColors.Hypertension else MaterialTheme.colorScheme.onSurface,
            modifier = Modifier.testTag("trend-hypertension"),
        )
        Text(
            str("history_count_crisis", trend.crisis),
            color = if (trend.crisis > 0) FlagColors.Crisis else MaterialTheme.colorScheme.onSurface,
            fontWeight = if (trend.crisis > 0) FontWeight.Bold else FontWeight.Normal,
            modifier = Modifier.testTag("trend-crisis"),
        )
        Text(str("history_legend"), style = MaterialTheme.typography.bodyMedium)
        Text(str("history_legend_colors"), style = MaterialTheme.typography.bodyMedium)
    }
}

/** The mmHg range the chart shows: 40–200, widened in steps of 10 to keep every reading 10 mmHg inside. */
private fun chartRange(trend: BpTrend): Pair<Int, Int> {
    val low = trend.points.minOf { it.diastolic } - 10
    val high = trend.points.maxOf { it.systolic } + 10
    return minOf(40, Math.floorDiv(low, 10) * 10) to maxOf(200, -Math.floorDiv(-high, 10) * 10)
}

/**
 * The chart: mmHg labels (the range's ends, 140 and 90) to the left, as
 * text outside the canvas; the canvas with the dashed 140 and 90 mmHg
 * guides, the systolic (upper, thicker) and diastolic lines through the
 * readings placed by date, a dot per reading in its flag's colour (larger
 * for a crisis); the first and last dates under it. TalkBack reads
 * [description] for the canvas.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun BpChart(trend: BpTrend, description: String) {
    val (lo, hi) = chartRange(trend)
    // Taller with larger text, so that the four labels never overlap.
    val height = 200.dp * LocalDensity.current.fontScale.coerceIn(1f, 2f)
    val systolicColor = MaterialTheme.colorScheme.primary
    val diastolicColor = MaterialTheme.colorScheme.secondary
    val axisColor = MaterialTheme.colorScheme.outline
    val ringColor = MaterialTheme.colorScheme.surface
    val points = trend.points
    val days = points.map { LocalDate.parse(it.isoDate).toEpochDay() }
    Column(Modifier.fillMaxWidth(), verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(str("history_axis_unit"), style = MaterialTheme.typography.bodyMedium)
        Row(Modifier.fillMaxWidth().height(height)) {
            AxisLabels(listOf(hi, 140, 90, lo), lo, hi, Modifier.fillMaxHeight().padding(end = 4.dp))
            Canvas(
                Modifier
                    .weight(1f)
                    .fillMaxHeight()
                    .testTag("bp-chart")
                    .semantics { contentDescription = description },
            ) {
                fun y(mmHg: Int): Float = (hi - mmHg).toFloat() / (hi - lo) * size.height
                val pad = 10.dp.toPx()
                val first = days.first()
                val span = (days.last() - first).toFloat()
                fun x(i: Int): Float =
                    if (span == 0f) size.width / 2 else pad + (days[i] - first) / span * (size.width - 2 * pad)

                // Axes, then the guides at 140 and 90 mmHg.
                drawLine(axisColor, Offset(0f, 0f), Offset(0f, size.height), strokeWidth = 1.dp.toPx())
                drawLine(axisColor, Offset(0f, size.height), Offset(size.width, size.height), strokeWidth = 1.dp.toPx())
                val dash = PathEffect.dashPathEffect(floatArrayOf(8.dp.toPx(), 6.dp.toPx()))
                for (guide in listOf(140, 90)) {
                    drawLine(
                        FlagColors.Hypertension,
                        Offset(0f, y(guide)),
                        Offset(size.width, y(guide)),
                        strokeWidth = 1.5.dp.toPx(),
                        pathEffect = dash,
                    )
                }

                fun line(values: List<Int>, color: Color, width: Float) {
                    if (values.size < 2) return
                    val path = Path()
                    values.forEachIndexed { i, v -> if (i == 0) path.moveTo(x(i), y(v)) else path.lineTo(x(i), y(v)) }
                    drawPath(path, color, style = Stroke(width = width))
                }
                line(points.map { it.systolic }, systolicColor, 3.dp.toPx())
                line(points.map { it.diastolic }, diastolicColor, 2.dp.toPx())

                points.forEachIndexed { i, p ->
                    val r = (if (p.flag == BpFlag.HYPERTENSIVE_CRISIS) 7 else 5).dp.toPx()
                    for (v in listOf(p.systolic, p.diastolic)) {
                        val c = Offset(x(i), y(v))
                        drawCircle(ringColor, r + 1.5.dp.toPx(), c)
                        drawCircle(flagColor(p.flag), r, c)
                    }
                }
            }
        }
        FlowRow(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.SpaceBetween) {
            Text(points.first().date, style = MaterialTheme.typography.bodyMedium, modifier = Modifier.testTag("chart-from"))
            if (points.size > 1) {
                Text(points.last().date, style = MaterialTheme.typography.bodyMedium, modifier = Modifier.testTag("chart-to"))
            }
        }
    }
}

/** Labels for [values] (mmHg), each centred on its height in a chart from [lo] to [hi], kept inside. */
@Composable
private fun AxisLabels(values: List<Int>, lo: Int, hi: Int, modifier: Modifier) {
    Layout(
        content = { for (v in values) Text(v.toString(), style = MaterialTheme.typography.bodyMedium) },
        modifier = modifier,
    ) { measurables, constraints ->
        val placeables = measurables.map { it.measure(constraints.copy(minWidth = 0, minHeight = 0)) }
        val width = placeables.maxOf { it.width }
        val height = constraints.maxHeight
        layout(width, height) {
            placeables.forEachIndexed { i, p ->
                val centre = (hi - values[i]).toFloat() / (hi - lo) * height
                val top = (centre - p.height / 2f).roundToInt().coerceIn(0, maxOf(0, height - p.height))
                p.place(width - p.width, top)
            }
        }
    }
}

@Composable
private fun HistoryCard(tag: String, content: @Composable ColumnScope.() -> Unit) {
    Surface(
        shape = MaterialTheme.shapes.medium,
        border = BorderStroke(1.dp, MaterialTheme.colorScheme.outlineVariant),
        modifier = Modifier.fillMaxWidth().testTag(tag),
    ) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(6.dp), content = content)
    }
}

/** A visit: when, who, how long, services, readings and flag, notes; voided marked; the void action or its confirmation. */
@Composable
private fun VisitCard(row: VisitRow, state: VisitHistoryState, actions: VisitHistoryActions) {
    HistoryCard("visit:${row.id}") {
        // Read by TalkBack as one; the button stays separate.
        Column(
            Modifier.testTag("visit-text:${row.id}").semantics(mergeDescendants = true) {},
            verticalArrangement = Arrangement.spacedBy(4.dp),
        ) {
            Text(
                row.date + " " + row.time,
                style = MaterialTheme.typography.bodyLarge.copy(fontWeight = FontWeight.Bold),
                textDecoration = if (row.voided) TextDecoration.LineThrough else null,
            )
            row.voidedReason?.let {
                Text(
                    str("history_voided_mark", it),
                    color = MaterialTheme.colorScheme.error,
                    fontWeight = FontWeight.Bold,
                    modifier = Modifier.testTag("voided:${row.id}"),
                )
            }
            Text(str("history_by", row.volunteer))
            Text(str("history_duration", row.durationMin) + " · " + row.services.map { it.resolve() }.joinToString(", "))
            for (r in row.readings) Text(r.resolve())
            val flag = row.flag
            val flagText = row.flagText
            if (flag != null && flagText != null) {
                // A voided visit's flag no longer calls for anything: shown plain.
                Text(
                    flagText.resolve(),
                    color = if (row.voided) MaterialTheme.colorScheme.onSurfaceVariant else flagColor(flag),
                    fontWeight = if (flag == BpFlag.NORMAL || row.voided) FontWeight.Normal else FontWeight.Bold,
                    modifier = Modifier.testTag("flag:${row.id}"),
                )
            }
            if (row.notes.isNotBlank()) Text(str("history_notes", row.notes), style = MaterialTheme.typography.bodyMedium)
        }
        val v = state.voiding
        if (v != null && v.visitId == row.id) {
            MoneyConfirmPanel(
                title = str("history_void_title", v.date),
                note = str("history_void_note"),
                reasonLabel = str("history_void_reason"),
                reason = v.reason,
                onReason = actions.setVoidReason,
                errors = v.errors,
                confirmLabel = str("history_void_confirm"),
                keepLabel = str("history_void_keep"),
                onConfirm = actions.confirmVoid,
                onKeep = actions.cancelVoid,
                tag = "void",
            )
        } else if (state.canVoid && !row.voided) {
            MoneyOutlinedButton(str("history_void"), "void:${row.id}", str("history_void_for", row.date)) { actions.askVoid(row.id) }
        }
    }
}
