package vn.ishc.app.ui

import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertContentDescriptionEquals
import androidx.compose.ui.test.assertTextContains
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.v2.runComposeUiTest
import java.io.File
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.history.VisitHistoryModel
import vn.ishc.core.NewVisit
import vn.ishc.core.Service
import vn.ishc.core.VisitInfo

/**
 * The demo club with Đỗ Thị Ánh visited by Mai at fixed dates (read as of
 * [HISTORY_TODAY]): six readings in the last 12 months (latest 150/92,
 * highest 185/100, two high, one crisis), one older, a housework visit
 * with none, and last a 160/96 on 25/06/2026 logged for her by mistake
 * (the last of the returned visits). Mai is acting.
 */
internal fun historyClub(file: File): Pair<DemoClub, List<VisitInfo>> {
    val c = DemoClub.create(file)
    c.store.setActingMember(c.volunteer)
    fun visit(on: String, sys: Int?, dia: Int?, services: List<Service> = listOf(Service.HEALTH_MONITORING), notes: String = "") =
        c.store.logVisit(
            NewVisit(
                volunteerId = c.volunteer, recipientId = c.recipients[1], startedAt = "$on 08:30", durationMin = 40u,
                services = services, systolic = sys?.toUShort(), diastolic = dia?.toUShort(),
                pulse = if (sys != null) 78u.toUShort() else null, glucoseMmolL = if (sys == 145) 6.4 else null,
                weightKg = if (sys == 145) 52.5 else null, notes = notes,
            ),
        )
    val visits = listOf(
        visit("2025-05-20", 138, 86),
        visit("2026-01-10", 135, 85),
        visit("2026-02-14", 185, 100, notes = "Chóng mặt, đã đưa lên trạm y tế"),
        visit("2026-03-15", 132, 84),
        visit("2026-04-02", 145, 92, listOf(Service.HEALTH_MONITORING, Service.COMPANIONSHIP)),
        visit("2026-05-05", 128, 82),
        visit("2026-06-01", null, null, listOf(Service.HOUSEWORK)),
        visit("2026-06-20", 150, 92),
        visit("2026-06-25", 160, 96),
    )
    return c to visits
}

internal const val HISTORY_TODAY = "2026-06-30"

@OptIn(ExperimentalTestApi::class)
class HistoryScreenTest {
    @TempDir
    lateinit var dir: Path

    private fun actions(m: VisitHistoryModel) = VisitHistoryActions(
        m::setPeriod, m::askVoid, m::setVoidReason, { m.confirmVoid() }, m::cancelVoid,
    )

    @Test
    fun `a volunteer voids a visit logged by mistake, which stays marked and leaves the chart`() = runComposeUiTest {
        val (c, visits) = historyClub(dir.resolve("club.db").toFile())
        val wrong = visits.last()
        val model = VisitHistoryModel(c.store, c.recipients[1], c.volunteer, HISTORY_TODAY)
        setContent {
            val s by model.state.collectAsState()
            Phone("vi") { VisitHistoryScreen(s, actions(model)) }
        }
        onNodeWithTag("recipient").assertTextEquals("Đỗ Thị Ánh")
        onNodeWithTag("bp-chart").performScrollTo().assertContentDescriptionEquals(
            "Huyết áp 7 lần đo, gần nhất 160/96, cao nhất 185/100, 3 lần tăng huyết áp, 1 lần cơn tăng huyết áp",
        )
        onNodeWithTag("trend-latest").performScrollTo().assertTextEquals("Gần nhất: 160/96 mmHg, ngày 25/06/2026")

        onNodeWithTag("void:${wrong.id}").performScrollTo().performClick()
        onNodeWithTag("void-title").performScrollTo().assertTextEquals("Hủy lần thăm ngày 25/06/2026?")
        // No reason: refused under the field, nothing voided.
        onNodeWithTag("void-confirm").performScrollTo().performClick()
        onNodeWithTag("error:reason", useUnmergedTree = true).performScrollTo().assertTextEquals("Không được để trống ô này")
        assertNull(c.store.visits(c.recipients[1], "2026-06-25", null).single().voidedReason)

        onNodeWithTag("field:reason").performScrollTo().performTextInput("Ghi nhầm người, là lần thăm bác Bảy")
        onNodeWithTag("void-confirm").performScrollTo().performClick()

        onNodeWithTag("notice").performScrollTo().assertTextEquals("Đã hủy lần thăm ngày 25/06/2026")
        onNodeWithTag("voided:${wrong.id}", useUnmergedTree = true).performScrollTo()
            .assertTextEquals("ĐÃ HỦY: Ghi nhầm người, là lần thăm bác Bảy")
        onNodeWithTag("void:${wrong.id}").assertDoesNotExist()
        onNodeWithTag("void").assertDoesNotExist()
        onNodeWithTag("bp-chart").performScrollTo().assertContentDescriptionEquals(
            "Huyết áp 6 lần đo, gần nhất 150/92, cao nhất 185/100, 2 lần tăng huyết áp, 1 lần cơn tăng huyết áp",
        )
        onNodeWithTag("trend-latest").performScrollTo().assertTextEquals("Gần nhất: 150/92 mmHg, ngày 20/06/2026")
        onNodeWithTag("trend-hypertension").assertTextEquals("Tăng huyết áp: 2 lần")
        onNodeWithTag("trend-crisis").assertTextEquals("Cơn tăng huyết áp: 1 lần")
        onNodeWithTag("visit:${wrong.id}").performScrollTo() // still listed

        val stored = c.store.visits(c.recipients[1], "2026-06-25", null).single()
        assertEquals("Ghi nhầm người, là lần thăm bác Bảy", stored.voidedReason)
        assertEquals(9, c.store.visits(c.recipients[1], null, null).size, "voiding deletes nothing")
    }

    @Test
    fun `keeping the visit closes the confirmation and voids nothing`() = runComposeUiTest {
        val (c, visits) = historyClub(dir.resolve("club.db").toFile())
        val june = visits[7]
        val model = VisitHistoryModel(c.store, c.recipients[1], c.volunteer, HISTORY_TODAY)
        setContent {
            val s by model.state.collectAsState()
            Phone("vi") { VisitHistoryScreen(s, actions(model)) }
        }
        onNodeWithTag("void:${june.id}").performScrollTo().performClick()
        onNodeWithTag("field:reason").performScrollTo().performTextInput("Nhầm")
        onNodeWithTag("void-keep").performScrollTo().performClick()
        onNodeWithTag("void").assertDoesNotExist()
        onNodeWithTag("void:${june.id}").performScrollTo()
        assertEquals(emptyList<VisitInfo>(), c.store.visits(c.recipients[1], null, null).filter { it.voidedReason != null })
    }

    @Test
    fun `the period chips change the visits and the chart, in English`() = runComposeUiTest {
        val (c, _) = historyClub(dir.resolve("club.db").toFile())
        val model = VisitHistoryModel(c.store, c.recipients[1], c.volunteer, HISTORY_TODAY)
        setContent {
            val s by model.state.collectAsState()
            Phone("en") { VisitHistoryScreen(s, actions(model)) }
        }
        onNodeWithTag("since").assertTextEquals("Since 30/06/2025")
        onNodeWithTag("chart-from").performScrollTo().assertTextEquals("10/01/2026")

        onNodeWithTag("period:THREE_MONTHS").performScrollTo().performClick()
        onNodeWithTag("since").performScrollTo().assertTextEquals("Since 30/03/2026")
        onNodeWithTag("chart-from").performScrollTo().assertTextEquals("02/04/2026")
        onNodeWithTag("chart-to").assertTextEquals("25/06/2026")
        onNodeWithTag("bp-chart").assertContentDescriptionEquals(
            "Blood pressure readings: 4; latest 160/96, highest 160/96; high blood pressure: 3, hypertensive crisis: 0",
        )

        onNodeWithTag("period:ALL").performScrollTo().performClick()
        onNodeWithTag("since").assertDoesNotExist()
        onNodeWithTag("chart-from").performScrollTo().assertTextEquals("20/05/2025")
        onNodeWithTag("trend-highest").performScrollTo().assertTextEquals("Highest: 185/100 mmHg on 14/02/2026")
    }

    @Test
    fun `the treasurer reads the history but is not offered voiding`() = runComposeUiTest {
        val (c, visits) = historyClub(dir.resolve("club.db").toFile())
        c.store.setActingMember(c.treasurer)
        val model = VisitHistoryModel(c.store, c.recipients[1], c.treasurer, HISTORY_TODAY)
        setContent {
            val s by model.state.collectAsState()
            Phone("vi") { VisitHistoryScreen(s, actions(model)) }
        }
        val april = visits[4]
        onNodeWithTag("visit-text:${april.id}").performScrollTo()
            .assertTextContains("Đường huyết 6,4 mmol/L", substring = true)
            .assertTextContains("Cân nặng 52,5 kg", substring = true)
            .assertTextContains("Tăng huyết áp (từ 140/90): nhắc đi khám", substring = true)
        onNodeWithTag("void:${april.id}").assertDoesNotExist()
    }
}
