package vn.ishc.app.ui

import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.assertIsSelected
import androidx.compose.ui.test.assertTextContains
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.hasAnyAncestor
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.test.v2.runComposeUiTest
import androidx.compose.ui.test.v2.runSkikoComposeUiTest
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.drafts.MemoryDrafts
import vn.ishc.app.members.DuplicatesModel
import vn.ishc.app.members.MemberDetailModel
import vn.ishc.app.members.MemberFormModel
import vn.ishc.app.members.MembersListModel
import vn.ishc.core.Household
import vn.ishc.core.Membership
import vn.ishc.core.NewMember
import vn.ishc.core.Sex

@OptIn(ExperimentalTestApi::class)
class MembersScreenTest {
    @TempDir
    lateinit var dir: Path

    private fun club() = DemoClub.create(dir.resolve("club.db").toFile())

    private fun hoa(phone: String? = null) = NewMember(
        fullName = "Nguyễn Thị Hoa", sex = Sex.FEMALE, birth = "1950", ethnicity = "Kinh", household = Household.POOR,
        disabled = false, livesAlone = false, hamlet = "Ấp 3", phone = phone, joinedOn = "2020-01-15",
        roles = emptyList(), membership = Membership.MEMBER,
    )

    private val memberRow = SemanticsMatcher("a member row") {
        it.config.getOrNull(SemanticsProperties.TestTag)?.startsWith("member:") == true
    }

    private fun formActions(m: MemberFormModel) = MemberFormActions(
        setField = m::setField, setSex = m::setSex, setHousehold = m::setHousehold, setDisabled = m::setDisabled,
        setLivesAlone = m::setLivesAlone, toggleRole = m::toggleRole, setMembership = m::setMembership,
        save = { m.save() }, discard = m::discard,
    )

    @Test
    fun `the list is in order by given name, an unaccented search finds Đức, and tapping opens her page`() =
        // A window as tall as the phone below, so that all six rows of the lazy list are laid out and tappable.
        runSkikoComposeUiTest(Size(PHONE_WIDTH_DP.toFloat(), 2400f)) {
        val c = club()
        val list = MembersListModel(c.store)
        var opened by mutableStateOf<String?>(null)
        setContent {
            val state by list.state.collectAsState()
            Phone("vi", heightDp = 2400) {
                val id = opened
                if (id == null) {
                    MembersListScreen(state, MembersListActions(list::setSearch, list::setIncludeLeft, open = { opened = it }))
                } else {
                    val detail = MemberDetailModel(c.store, id)
                    MemberDetailScreen(detail.state.value, MemberDetailActions())
                }
            }
        }
        val names = onAllNodes(memberRow).fetchSemanticsNodes().map { n ->
            n.config.getOrNull(SemanticsProperties.Text)!!.first().text
        }
        assertEquals(listOf("Đỗ Thị Ánh", "Phạm Văn Bảy", "Võ Thị Đức", "Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Thị Mai"), names)
        onNodeWithTag("count").assertTextContains("6 người")
        onNodeWithTag("member:${c.borrower}").assertTextContains("Dư nợ: 3.000.000 ₫", substring = true)
        val age = c.store.member(c.borrower).age // born 1962: the age depends on today
        onNodeWithTag("member:${c.borrower}").assertTextContains("$age tuổi · Ấp 3", substring = true)
        onNodeWithTag("member:${c.treasurer}").assertTextContains("Thủ quỹ", substring = true)

        onNodeWithTag("field:search").performTextInput("duc")
        onNodeWithTag("count").assertTextContains("1 người")
        assertEquals(1, onAllNodes(memberRow).fetchSemanticsNodes().size)
        onNodeWithTag("member:${c.borrower}").performClick()
        onNodeWithTag("name").assertTextContains("Võ Thị Đức")
        assertEquals(c.borrower, opened)
    }

    @Test
    fun `a volunteer registers someone, with the phone checked as it is typed`() = runComposeUiTest {
        val c = club()
        val model = MemberFormModel(c.store, MemoryDrafts())
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") { MemberFormScreen(state, formActions(model)) }
        }
        onNodeWithTag("field:fullName").performTextInput("Huỳnh Văn Tám")
        onNodeWithTag("sex:MALE").performScrollTo().performClick().assertIsSelected()
        onNodeWithTag("field:birth").performScrollTo().performTextInput("21/03/1950")
        onNodeWithTag("field:ethnicity").performScrollTo().performTextInput("Khmer")
        onNodeWithTag("household:NEAR_POOR").performScrollTo().performClick()
        onNodeWithTag("livesAlone").performScrollTo().performClick()
        onNodeWithTag("field:hamlet").performScrollTo().performTextInput("Ấp 5")

        // A prefix no carrier holds: the Vietnamese message as soon as the number is complete.
        onNodeWithTag("field:phone").performScrollTo().performTextInput("0123 456 789")
        onNodeWithTag("error:phone", useUnmergedTree = true)
            .assertTextContains("Không nhà mạng nào dùng đầu số này; hãy kiểm tra lại số")
        onNodeWithTag("field:phone").performTextReplacement("0943733416")
        onNodeWithTag("hint:phone", useUnmergedTree = true).assertTextContains("Số đúng: 0943 733 416")

        onNodeWithTag("role:CARE_RECIPIENT").performScrollTo().performClick()
        onNodeWithTag("save").performScrollTo().performClick()
        onNodeWithTag("registered").performScrollTo().assertTextContains("Đã đăng ký Huỳnh Văn Tám")
        assertEquals(0, onAllNodes(hasTestTag("duplicates-notice")).fetchSemanticsNodes().size)

        val tam = c.store.listMembers("huynh van tam", false).single().member
        assertEquals("1950-03-21", tam.birthDate)
        assertEquals("Khmer", tam.ethnicityName)
        assertEquals(Household.NEAR_POOR, tam.household)
        assertTrue(tam.livesAlone)
        assertEquals("+84943733416", tam.phone)
        assertEquals(listOf(vn.ishc.core.Role.CARE_RECIPIENT), tam.roles)
        assertEquals(c.store.today(), tam.joinedOn, "joined today by default")
    }

    @Test
    fun `a short phone and a birth year in the future are refused under their fields`() = runComposeUiTest {
        val c = club()
        c.store.setActingMember(null)
        val model = MemberFormModel(c.store, MemoryDrafts())
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") { MemberFormScreen(state, formActions(model)) }
        }
        onNodeWithTag("save").performScrollTo().performClick()
        onNodeWithTag("error:sex", useUnmergedTree = true).performScrollTo().assertTextContains("Hãy chọn Nam hoặc Nữ")

        onNodeWithTag("field:fullName").performScrollTo().performTextInput("Trương Thị Út")
        onNodeWithTag("sex:FEMALE").performScrollTo().performClick()
        onNodeWithTag("field:birth").performScrollTo().performTextInput("1950")
        onNodeWithTag("field:ethnicity").performScrollTo().performTextInput("Kinh")
        onNodeWithTag("household:POOR").performScrollTo().performClick()
        onNodeWithTag("field:hamlet").performScrollTo().performTextInput("Ấp 3")
        onNodeWithTag("field:phone").performScrollTo().performTextInput("0943 733")
        assertEquals(0, onAllNodes(hasTestTag("error:phone"), useUnmergedTree = true).fetchSemanticsNodes().size, "not while typing")
        onNodeWithTag("save").performScrollTo().performClick()
        onNodeWithTag("error:phone", useUnmergedTree = true).performScrollTo()
            .assertTextContains("Số di động phải có 10 chữ số, số cố định 11 chữ số (kể cả số 0 ở đầu)")

        onNodeWithTag("field:phone").performScrollTo().performTextReplacement("")
        val nextYear = (c.store.today().take(4).toInt() + 1).toString()
        onNodeWithTag("field:birth").performScrollTo().performTextReplacement(nextYear)
        onNodeWithTag("save").performScrollTo().performClick()
        onNodeWithTag("error:birth", useUnmergedTree = true).performScrollTo()
            .assertTextContains("Năm sinh phải từ 1900 đến năm nay")
        assertEquals(0, c.store.listMembers("truong thi ut", true).size, "nothing was registered")
    }

    @Test
    fun `registering Nguyễn Thị Hoa twice shows who she may be, and the pair waits for review`() = runComposeUiTest {
        val c = club()
        c.store.setActingMember(null)
        val first = c.store.registerMember(hoa()).member
        val model = MemberFormModel(c.store, MemoryDrafts())
        var openedDuplicates = false
        setContent {
            val state by model.state.collectAsState()
            Phone("en") { MemberFormScreen(state, formActions(model).copy(openDuplicates = { openedDuplicates = true })) }
        }
        onNodeWithTag("field:fullName").performTextInput("Nguyễn Thị Hoa")
        onNodeWithTag("sex:FEMALE").performScrollTo().performClick()
        onNodeWithTag("field:birth").performScrollTo().performTextInput("1950")
        onNodeWithTag("field:ethnicity").performScrollTo().performTextInput("Kinh")
        onNodeWithTag("household:POOR").performScrollTo().performClick()
        onNodeWithTag("field:hamlet").performScrollTo().performTextInput("Ấp 3")
        onNodeWithTag("save").performScrollTo().performClick()

        onNodeWithTag("registered").performScrollTo().assertTextContains("Nguyễn Thị Hoa is registered")
        onNodeWithTag("duplicates-notice").performScrollTo()
            .assertTextContains("May be the same person as someone already registered:", substring = true)
            .assertTextContains("• Nguyễn Thị Hoa, born 1950, Ấp 3", substring = true)
            .assertTextContains("Nothing was merged.", substring = true)
        onNodeWithTag("open-duplicates").performScrollTo().performClick()
        assertTrue(openedDuplicates)

        val pair = c.store.possibleDuplicates().single()
        val second = model.state.value.registered!!.member.id
        assertEquals(setOf(first.id, second), setOf(pair.a.id, pair.b.id))
        assertEquals(2, c.store.listMembers("hoa", false).size, "both registered, nothing merged")
    }

    @Test
    fun `a member's page shows a deposit with the running balance and the loan's principal`() = runComposeUiTest {
        val c = club()
        val model = MemberDetailModel(c.store, c.borrower)
        var openedLoan: String? = null
        setContent {
            val state by model.state.collectAsState()
            Phone("vi", heightDp = 1600) { MemberDetailScreen(state, MemberDetailActions(openLoan = { openedLoan = it })) }
        }
        onNodeWithTag("name").assertTextContains("Võ Thị Đức")
        onNodeWithTag("born").assertTextContains("Nữ · Sinh năm 1962", substring = true)
        onNodeWithTag("phone").assertTextContains("Chưa có số điện thoại")
        onNodeWithTag("passbook-empty").assertTextContains("Chưa gửi tiết kiệm lần nào")

        c.store.setActingMember(c.treasurer)
        c.store.deposit(c.borrower, 200_000, "2026-07-01", "")
        c.store.deposit(c.borrower, 150_000, "2026-08-01", "Góp tháng 8")
        val w = c.store.withdraw(c.borrower, 50_000, "2026-09-01", "")
        c.store.reverseEntry(w.id, "Ghi nhầm", "2026-09-02")
        model.reload()
        waitForIdle()

        onNodeWithTag("passbook:0").assertTextContains("01/07/2026 · Gửi tiết kiệm · 200.000 ₫", substring = true)
            .assertTextContains("Số dư sau: 200.000 ₫", substring = true)
        onNodeWithTag("passbook:1").assertTextContains("Số dư sau: 350.000 ₫", substring = true)
            .assertTextContains("Góp tháng 8", substring = true)
        onNodeWithTag("passbook:2").assertTextContains("Đã hủy vì ghi nhầm", substring = true)
        onNodeWithTag("passbook:3").assertTextContains("Số dư sau: 350.000 ₫", substring = true)
        onNodeWithTag("balance").assertTextContains("Số dư: 350.000 ₫")
        assertEquals(350_000L, c.store.savingsBalance(c.borrower).dong)

        onNodeWithTag("loan:${c.loan}").performScrollTo()
            .assertTextContains("Vốn vay: 3.000.000 ₫", substring = true)
            .assertTextContains("Đang vay", substring = true)
            .performClick()
        assertEquals(c.loan, openedLoan)
    }

    @Test
    fun `merging after the confirmation keeps one, and the list no longer shows the other`() = runComposeUiTest {
        val c = club()
        c.store.setActingMember(null)
        val withoutPhone = c.store.registerMember(hoa()).member.id
        val withPhone = c.store.registerMember(hoa(phone = "0909 123 456")).member.id
        val model = DuplicatesModel(c.store)
        setContent {
            val state by model.state.collectAsState()
            Phone("vi") {
                DuplicatesScreen(state, DuplicatesActions(model::chooseKeep, { model.confirmMerge() }, model::cancelMerge, { model.dismiss(it) }))
            }
        }
        val pair = c.store.possibleDuplicates().single()
        val keepTag = if (pair.a.id == withPhone) "keep-a:${pair.id}" else "keep-b:${pair.id}"
        val letter = if (pair.a.id == withPhone) "A" else "B"
        val other = if (letter == "A") "B" else "A"
        onNode(hasText("Điện thoại: 0909 123 456") and hasAnyAncestor(hasTestTag("pair:${pair.id}"))).assertExists()

        onNodeWithTag(keepTag).performScrollTo().performClick()
        onNodeWithTag("confirm-text").performScrollTo()
            .assertTextContains("Giữ hồ sơ $letter và gộp hồ sơ $other vào đó?", substring = true)
            .assertTextContains("Không thể hoàn tác.", substring = true)
        assertEquals(1, c.store.possibleDuplicates().size, "nothing merged before the confirmation")
        onNodeWithTag("cancel-merge").performScrollTo().performClick()
        onNodeWithTag(keepTag).performScrollTo().performClick()
        onNodeWithTag("confirm-merge").performScrollTo().performClick()

        onNodeWithTag("done").assertTextContains("Đã gộp. Còn lại hồ sơ của Nguyễn Thị Hoa.")
        onNodeWithTag("none").assertTextContains("Không còn cặp nào cần xem lại")
        assertEquals(emptyList<Any>(), c.store.possibleDuplicates())
        assertEquals(listOf(withPhone), c.store.listMembers("hoa", false).map { it.member.id })
        assertTrue(withoutPhone != withPhone)
    }

    @Test
    fun `two different people are kept both`() = runComposeUiTest {
        val c = club()
        c.store.setActingMember(null)
        c.store.registerMember(hoa())
        c.store.registerMember(hoa(phone = "0909 123 456"))
        val model = DuplicatesModel(c.store)
        setContent {
            val state by model.state.collectAsState()
            Phone("en") {
                DuplicatesScreen(state, DuplicatesActions(model::chooseKeep, { model.confirmMerge() }, model::cancelMerge, { model.dismiss(it) }))
            }
        }
        val pair = c.store.possibleDuplicates().single()
        onNodeWithTag("different:${pair.id}").performScrollTo().performClick()
        onNodeWithTag("done").assertTextContains("Recorded: Nguyễn Thị Hoa and Nguyễn Thị Hoa are two different people.")
        onNodeWithTag("none").assertTextContains("No pairs left to review")
        assertEquals(emptyList<Any>(), c.store.possibleDuplicates())
        assertEquals(2, c.store.listMembers("hoa", false).size)
    }

    @Test
    fun `a care recipient's page opens their visit history, and a borrower's page has no such button`() = runComposeUiTest {
        val c = club()
        var shown by mutableStateOf(c.recipients[0])
        val opened = mutableListOf<String>()
        setContent {
            Phone("vi") {
                MemberDetailScreen(MemberDetailModel(c.store, shown).state.value, MemberDetailActions(openHistory = { opened += it }))
            }
        }
        onNodeWithTag("name").assertTextContains("Phạm Văn Bảy")
        onNodeWithTag("open-history").performScrollTo().assertTextEquals("Lịch sử thăm và huyết áp").performClick()
        assertEquals(listOf(c.recipients[0]), opened)

        shown = c.borrower
        onNodeWithTag("name").assertTextContains("Võ Thị Đức")
        onNodeWithTag("open-history").assertDoesNotExist()
    }

    @Test
    fun `a member's page opens their savings, and a care recipient only has no savings button`() = runComposeUiTest {
        val c = club()
        c.store.setActingMember(null)
        val onlyCared = c.store.registerMember(hoa().copy(membership = Membership.RECIPIENT_ONLY)).member.id
        var shown by mutableStateOf(c.borrower)
        val opened = mutableListOf<String>()
        setContent {
            Phone("vi") {
                MemberDetailScreen(MemberDetailModel(c.store, shown).state.value, MemberDetailActions(openSavings = { opened += it }))
            }
        }
        onNodeWithTag("open-savings").performScrollTo().assertTextEquals("Gửi hoặc rút tiết kiệm").performClick()
        assertEquals(listOf(c.borrower), opened)

        shown = onlyCared
        onNodeWithTag("name").assertTextContains("Nguyễn Thị Hoa")
        onNodeWithTag("open-savings").assertDoesNotExist()
        assertEquals(Membership.RECIPIENT_ONLY, c.store.member(onlyCared).membership)
    }
}
