package vn.ishc.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.v2.runComposeUiTest
import java.nio.file.Path
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.drafts.MemoryDrafts
import vn.ishc.app.members.DuplicatesModel
import vn.ishc.app.members.MemberDetailModel
import vn.ishc.app.members.MemberField
import vn.ishc.app.members.MemberFormModel
import vn.ishc.app.members.MembersListModel
import vn.ishc.core.Household
import vn.ishc.core.Membership
import vn.ishc.core.NewMember
import vn.ishc.core.Role
import vn.ishc.core.Sex

/**
 * The members screens with real data from the core, rendered to PNG in
 * Vietnamese, English and at font scale 2.0, and checked to hold on a
 * 360 dp screen at font scale 2.0 (as ScreensRenderTest does for the others).
 */
@OptIn(ExperimentalTestApi::class)
class MembersRenderTest {
    @TempDir
    lateinit var dir: Path

    /** A screen to render: its name and its content over a demo club. */
    class Shot(val name: String, val content: (DemoClub) -> (@Composable () -> Unit)) {
        override fun toString() = name
    }

    companion object {
        private fun hoa(c: DemoClub, phone: String?) = c.store.registerMember(
            NewMember(
                fullName = "Nguyễn Thị Hoa", sex = Sex.FEMALE, birth = "1950", ethnicity = "Kinh", household = Household.POOR,
                disabled = false, livesAlone = true, hamlet = "Ấp 3", phone = phone, joinedOn = "2020-01-15",
                roles = listOf(Role.CARE_RECIPIENT), membership = Membership.MEMBER,
            ),
        )

        @JvmStatic
        fun shots(): List<Shot> = listOf(
            Shot("members_list") { c ->
                c.store.setActingMember(null)
                hoa(c, null)
                hoa(c, "0909 123 456")
                c.store.setActingMember(c.treasurer)
                c.store.deposit(c.recipients[1], 1_500_000, "2026-07-01", "")
                val m = MembersListModel(c.store)
                val s = m.state.value
                ({ MembersListScreen(s, MembersListActions()) })
            },
            Shot("members_form") { c ->
                val m = MemberFormModel(c.store, MemoryDrafts())
                m.setField(MemberField.FullName, "Huỳnh Văn Tám")
                m.setSex(Sex.MALE)
                m.setField(MemberField.Birth, "2099")
                m.setField(MemberField.Ethnicity, "Khmer")
                m.setHousehold(Household.NEAR_POOR)
                m.setLivesAlone(true)
                m.setField(MemberField.Hamlet, "Ấp 5")
                m.setField(MemberField.Phone, "0943.733.416")
                m.toggleRole(Role.HOME_CARE_VOLUNTEER)
                m.save() // refused: the birth year is in the future
                val s = m.state.value
                ({ MemberFormScreen(s, MemberFormActions()) })
            },
            Shot("members_form_duplicate") { c ->
                c.store.setActingMember(null)
                hoa(c, null)
                val m = MemberFormModel(c.store, MemoryDrafts())
                m.setField(MemberField.FullName, "Nguyễn Thị Hoa")
                m.setSex(Sex.FEMALE)
                m.setField(MemberField.Birth, "1950")
                m.setField(MemberField.Ethnicity, "Kinh")
                m.setHousehold(Household.POOR)
                m.setField(MemberField.Hamlet, "Ấp 3")
                check(m.save())
                val s = m.state.value
                ({ MemberFormScreen(s, MemberFormActions()) })
            },
            Shot("members_detail") { c ->
                c.store.setActingMember(c.treasurer)
                c.store.deposit(c.borrower, 200_000, "2026-07-01", "")
                c.store.deposit(c.borrower, 150_000, "2026-08-01", "Góp tháng 8")
                val w = c.store.withdraw(c.borrower, 50_000, "2026-09-01", "")
                c.store.reverseEntry(w.id, "Ghi nhầm", "2026-09-02")
                val s = MemberDetailModel(c.store, c.borrower).state.value
                ({ MemberDetailScreen(s, MemberDetailActions()) })
            },
            Shot("members_duplicates") { c ->
                c.store.setActingMember(null)
                hoa(c, null)
                hoa(c, "0909 123 456")
                val s = DuplicatesModel(c.store).state.value
                ({ DuplicatesScreen(s, DuplicatesActions()) })
            },
            Shot("members_duplicates_confirm") { c ->
                c.store.setActingMember(null)
                hoa(c, null)
                val kept = hoa(c, "0909 123 456").member.id
                val m = DuplicatesModel(c.store)
                m.chooseKeep(m.state.value.pairs.single().id, kept)
                val s = m.state.value
                ({ DuplicatesScreen(s, DuplicatesActions()) })
            },
        )

        @JvmStatic
        fun variants(): List<Arguments> = shots().flatMap { s ->
            listOf(Arguments.of(s, "vi", 1f), Arguments.of(s, "en", 1f), Arguments.of(s, "vi", 2f))
        }
    }

    @ParameterizedTest(name = "{0} {1} font scale {2}")
    @MethodSource("variants")
    fun `renders to PNG`(shot: Shot, language: String, fontScale: Float) {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val file = screenshot(shot.name, language, fontScale, heightDp = 2200, content = shot.content(c))
        assertTrue(file.length() > 10_000, "$file is ${file.length()} bytes")
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shots")
    fun `holds on a 360 dp screen at font scale 2`(shot: Shot) = runComposeUiTest {
        val c = DemoClub.create(dir.resolve("club.db").toFile())
        val content = shot.content(c)
        setContent { Phone("vi", fontScale = 2f, heightDp = 5000) { content() } }
        assertEquals(emptyList<String>(), layoutProblems())
    }
}
