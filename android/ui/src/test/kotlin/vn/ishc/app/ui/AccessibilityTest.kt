package vn.ishc.app.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.SemanticsActions
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertTextContains
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.v2.runComposeUiTest
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.drafts.MemoryDrafts
import vn.ishc.app.members.MemberDetailModel
import vn.ishc.app.members.MembersListModel
import vn.ishc.app.savings.SavingsModel
import vn.ishc.app.visit.VisitFormModel

/** What TalkBack gets from the shared parts: fields, their errors, choice lists, rows that open something. */
@OptIn(ExperimentalTestApi::class)
class AccessibilityTest {
    @TempDir
    lateinit var dir: Path

    private fun club() = DemoClub.create(dir.resolve("club.db").toFile()).also { it.store.setActingMember(it.treasurer) }

    @Test
    fun `a field is named by its label and shows what was typed, and its error after Save is a polite live region`() = runComposeUiTest {
        val c = club()
        val m = SavingsModel(c.store, c.borrower)
        setContent {
            val state by m.state.collectAsState()
            Phone("vi") { SavingsScreen(state, SavingsActions(setAmount = m::setAmount, save = { m.save() })) }
        }
        onNodeWithTag("field:amount").performTextInput("1,5")
        val field = onNodeWithTag("field:amount").fetchSemanticsNode()
        assertNull(field.config.getOrNull(SemanticsProperties.ContentDescription), "the label is not repeated as a description")
        onNodeWithTag("field:amount").assertTextContains("Số tiền", substring = true) // the label
        assertEquals("1,5", field.config.getOrNull(SemanticsProperties.EditableText)?.text)

        onNodeWithTag("save").performScrollTo().performClick()
        val error = onNodeWithTag("error:amount", useUnmergedTree = true).fetchSemanticsNode()
        assertEquals(LiveRegionMode.Polite, error.config.getOrNull(SemanticsProperties.LiveRegion))
        assertEquals("Tiền đồng không có phần lẻ", error.config.getOrNull(SemanticsProperties.Text)?.joinToString())
        assertEquals(
            "Tiền đồng không có phần lẻ",
            onNodeWithTag("field:amount").fetchSemanticsNode().config.getOrNull(SemanticsProperties.Error),
        )
        assertEquals(0, c.store.passbook(c.borrower).lines.size)
    }

    @Test
    fun `the visit's recipients are one selectable group`() = runComposeUiTest {
        val c = club()
        val m = VisitFormModel(c.store, c.volunteer, MemoryDrafts())
        setContent { Phone("vi") { VisitScreen(m.state.value, VisitActions()) } }
        val group = onNodeWithTag("recipients").fetchSemanticsNode()
        assertTrue(group.config.contains(SemanticsProperties.SelectableGroup))
        assertEquals(2, group.children.size)
        assertEquals(Role.RadioButton, onNodeWithTag("recipient:Đỗ Thị Ánh").fetchSemanticsNode().config.getOrNull(SemanticsProperties.Role))
    }

    @Test
    fun `a member row and a loan row are buttons that say what they open`() = runComposeUiTest {
        val c = club()
        val list = MembersListModel(c.store)
        list.setSearch("duc")
        val detail = MemberDetailModel(c.store, c.borrower)
        setContent {
            Phone("vi", heightDp = 2000) {
                Column {
                    MembersListScreen(list.state.value, MembersListActions(), Modifier.weight(1f))
                    MemberDetailScreen(detail.state.value, MemberDetailActions(), Modifier.weight(1f))
                }
            }
        }
        val row = onNodeWithTag("member:${c.borrower}").fetchSemanticsNode()
        assertEquals(Role.Button, row.config.getOrNull(SemanticsProperties.Role))
        assertEquals("xem trang của Võ Thị Đức", row.config.getOrNull(SemanticsActions.OnClick)?.label)

        val loan = onNodeWithTag("loan:${c.loan}").performScrollTo().fetchSemanticsNode()
        assertEquals(Role.Button, loan.config.getOrNull(SemanticsProperties.Role))
        assertEquals("xem khoản vay giải ngân ngày 15/06/2026", loan.config.getOrNull(SemanticsActions.OnClick)?.label)
    }
}
