package vn.ishc.app

import java.io.File
import java.nio.file.Path
import java.text.Normalizer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.drafts.FileDrafts
import vn.ishc.app.drafts.MemoryDrafts
import vn.ishc.app.members.DuplicatesModel
import vn.ishc.app.members.MemberDetailModel
import vn.ishc.app.members.MemberField
import vn.ishc.app.members.MemberFormModel
import vn.ishc.app.members.MembersListModel
import vn.ishc.app.members.entryKindText
import vn.ishc.app.members.householdText
import vn.ishc.app.members.loanStatusText
import vn.ishc.app.text.Str
import vn.ishc.app.text.UiText
import vn.ishc.core.EntryKind
import vn.ishc.core.Household
import vn.ishc.core.LoanStatus
import vn.ishc.core.Membership
import vn.ishc.core.NewMember
import vn.ishc.core.Role
import vn.ishc.core.Sex

class MembersTest {
    @TempDir
    lateinit var dir: Path

    private fun club() = DemoClub.create(dir.resolve("club.db").toFile())

    private fun person(name: String, birth: String = "1950", hamlet: String = "Ấp 3", phone: String? = null) = NewMember(
        fullName = name, sex = Sex.FEMALE, birth = birth, ethnicity = "Kinh", household = Household.NEITHER,
        disabled = false, livesAlone = false, hamlet = hamlet, phone = phone, joinedOn = "2020-01-15",
        roles = emptyList(), membership = Membership.MEMBER,
    )

    /** Fills the form with a person the core accepts. */
    private fun MemberFormModel.fill(name: String, birth: String = "1950", hamlet: String = "Ấp 3") {
        setField(MemberField.FullName, name)
        setSex(Sex.FEMALE)
        setField(MemberField.Birth, birth)
        setField(MemberField.Ethnicity, "Kinh")
        setHousehold(Household.POOR)
        setField(MemberField.Hamlet, hamlet)
    }

    @Test
    fun `the list is in Vietnamese order by given name and searching forgives diacritics and finds phone digits`() {
        val c = club()
        val m = MembersListModel(c.store)
        assertEquals(
            listOf("Đỗ Thị Ánh", "Phạm Văn Bảy", "Võ Thị Đức", "Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Thị Mai"),
            m.state.value.rows.map { it.member.fullName },
        )
        val duc = m.state.value.rows.first { it.member.id == c.borrower }
        assertEquals("3.000.000 ₫", duc.loanOutstanding.text)
        assertEquals(3_000_000L, duc.loanOutstanding.dong)

        m.setSearch("duc")
        assertEquals(listOf("Võ Thị Đức"), m.state.value.rows.map { it.member.fullName })
        m.setSearch("  ")
        assertEquals(6, m.state.value.rows.size, "a blank search lists everyone")

        // One name typed composed (NFC), one decomposed (NFD, as some keyboards send it).
        c.store.setActingMember(null)
        c.store.registerMember(person("Nguyễn Thị Hoa"))
        val nfd = Normalizer.normalize("Nguyễn Thị Sáu", Normalizer.Form.NFD)
        assertNotEquals("Nguyễn Thị Sáu", nfd)
        c.store.registerMember(person(nfd, phone = "0943 733 416"))
        m.setSearch("nguyen thi")
        assertEquals(listOf("Nguyễn Thị Hoa", "Nguyễn Thị Sáu"), m.state.value.rows.map { it.member.fullName })
        m.setSearch("733 416")
        assertEquals(listOf("Nguyễn Thị Sáu"), m.state.value.rows.map { it.member.fullName })
        m.setSearch("xyz")
        assertEquals(emptyList<String>(), m.state.value.rows.map { it.member.fullName })
    }

    @Test
    fun `people who left are listed only when asked`() {
        val c = club()
        c.store.setActingMember(null)
        c.store.recordLeave(c.chair, "2025-01-10", "Chuyển đi nơi khác")
        val m = MembersListModel(c.store)
        assertFalse(m.state.value.rows.any { it.member.id == c.chair })
        m.setIncludeLeft(true)
        val hung = m.state.value.rows.single { it.member.id == c.chair }
        assertEquals("2025-01-10", hung.member.leftOn)
    }

    @Test
    fun `a registration reaches the list, keeps the typed phone in its display form, and clears its draft`() {
        val c = club()
        c.store.setActingMember(null)
        val drafts = File(dir.toFile(), "drafts")
        val m = MemberFormModel(c.store, FileDrafts(drafts))
        assertEquals(vn.ishc.app.format.Format.date(c.store.today()), m.state.value[MemberField.JoinedOn], "joined today by default")
        m.fill("Huỳnh Thị Bé", birth = "21/03/1950")
        m.setField(MemberField.Phone, "0943 7")
        assertNull(m.state.value.errors["phone"], "not an error while typing")
        assertNull(m.state.value.phoneDisplay)
        m.setField(MemberField.Phone, "0943.733.416")
        assertEquals("0943 733 416", m.state.value.phoneDisplay)
        m.toggleRole(Role.CARE_RECIPIENT)
        m.setLivesAlone(true)
        m.setField(MemberField.JoinedOn, "02/03/2026")
        assertTrue(File(drafts, "member_registration.properties").exists())

        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        val r = m.state.value.registered!!
        assertEquals("Huỳnh Thị Bé", r.member.fullName)
        assertEquals("1950-03-21", r.member.birthDate)
        assertEquals("+84943733416", r.member.phone)
        assertEquals("2026-03-02", r.member.joinedOn)
        assertEquals(listOf(Role.CARE_RECIPIENT), r.member.roles)
        assertEquals(Household.POOR, r.member.household)
        assertTrue(r.member.livesAlone)
        assertEquals(emptyList<Any>(), r.possibleDuplicates)
        assertEquals("", m.state.value[MemberField.FullName], "the form is empty again")
        assertFalse(File(drafts, "member_registration.properties").exists())
        assertEquals(listOf("Huỳnh Thị Bé"), MembersListModel(c.store).also { it.setSearch("huynh") }.state.value.rows.map { it.member.fullName })
    }

    @Test
    fun `what was typed survives the app being killed`() {
        val c = club()
        val drafts = File(dir.toFile(), "drafts")
        val first = MemberFormModel(c.store, FileDrafts(drafts))
        first.setField(MemberField.FullName, "Lâm Thị Nở")
        first.setSex(Sex.FEMALE)
        first.setHousehold(Household.NEAR_POOR)
        first.setDisabled(true)
        first.toggleRole(Role.CARE_RECIPIENT)
        first.setMembership(Membership.RECIPIENT_ONLY)
        first.setField(MemberField.Phone, "0909 12") // mid-typing

        val again = MemberFormModel(c.store, FileDrafts(drafts))
        val s = again.state.value
        assertTrue(s.restoredDraft)
        assertEquals("Lâm Thị Nở", s[MemberField.FullName])
        assertEquals(Sex.FEMALE, s.sex)
        assertEquals(Household.NEAR_POOR, s.household)
        assertTrue(s.disabled)
        assertFalse(s.livesAlone)
        assertEquals(setOf(Role.CARE_RECIPIENT), s.roles)
        assertEquals(Membership.RECIPIENT_ONLY, s.membership)
        assertEquals("0909 12", s[MemberField.Phone])

        again.discard()
        assertFalse(again.state.value.restoredDraft)
        assertEquals("", again.state.value[MemberField.FullName])
        assertFalse(File(drafts, "member_registration.properties").exists())
    }

    @Test
    fun `the core's refusals land under their fields and nothing is written`() {
        val c = club()
        c.store.setActingMember(null)
        val m = MemberFormModel(c.store, MemoryDrafts())
        // Checked before the core: the two choices.
        m.setField(MemberField.FullName, "Trương Văn Tư")
        assertFalse(m.save())
        assertEquals(setOf("sex", "household"), m.state.value.errors.fields.keys)
        assertEquals("Hãy chọn Nam hoặc Nữ", Res.vi.text(m.state.value.errors["sex"]!!))
        m.setSex(Sex.MALE)
        assertNull(m.state.value.errors["sex"], "choosing clears its error")

        m.fill("Trương Văn Tư")
        m.setSex(Sex.MALE)
        // A complete number with a prefix no carrier holds: shown as it is typed.
        m.setField(MemberField.Phone, "0123 456 789")
        val phone = m.state.value.errors["phone"] as UiText.Error
        assertEquals("phone.mobile_prefix", phone.code)
        assertEquals("Không nhà mạng nào dùng đầu số này; hãy kiểm tra lại số", Res.vi.text(phone))
        assertNull(m.state.value.phoneDisplay)
        assertFalse(m.save())
        assertEquals(phone.code, (m.state.value.errors["phone"] as UiText.Error).code)

        // Too short: not flagged while typing, refused on saving.
        m.setField(MemberField.Phone, "0943 733")
        assertNull(m.state.value.errors["phone"])
        assertFalse(m.save())
        assertEquals("phone.length", (m.state.value.errors["phone"] as UiText.Error).code)
        assertEquals(
            "Số di động phải có 10 chữ số, số cố định 11 chữ số (kể cả số 0 ở đầu)",
            Res.vi.text(m.state.value.errors["phone"]!!),
        )
        m.setField(MemberField.Phone, "")

        // A birth year in the future.
        val nextYear = c.store.today().take(4).toInt() + 1
        m.setField(MemberField.Birth, nextYear.toString())
        assertFalse(m.save())
        val birth = m.state.value.errors["birth"] as UiText.Error
        assertEquals("birth.range", birth.code)
        assertEquals("Năm sinh phải từ 1900 đến năm nay", Res.vi.text(birth))
        m.setField(MemberField.Birth, "1950")

        // Not one of the 54 groups; a blank name.
        m.setField(MemberField.Ethnicity, "Mỹ")
        assertFalse(m.save())
        assertEquals("ethnicity.unknown", (m.state.value.errors["ethnicity"] as UiText.Error).code)
        m.setField(MemberField.Ethnicity, "Khmer")
        m.setField(MemberField.FullName, "  ")
        assertFalse(m.save())
        assertEquals("text.required", (m.state.value.errors["fullName"] as UiText.Error).code)
        m.setField(MemberField.JoinedOn, "31/02/2026")
        m.setField(MemberField.FullName, "Trương Văn Tư")
        assertFalse(m.save())
        assertEquals("date.invalid", (m.state.value.errors["joinedOn"] as UiText.Error).code)

        assertEquals(0, c.store.listMembers("truong", true).size, "nothing was registered")
        m.setField(MemberField.JoinedOn, "15/01/2020")
        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        assertEquals("Khmer", m.state.value.registered!!.member.ethnicityName)
    }

    @Test
    fun `registering the same person twice is flagged, merging keeps one and the list no longer shows the other`() {
        val c = club()
        c.store.setActingMember(null)
        val form = MemberFormModel(c.store, MemoryDrafts())
        form.fill("Nguyễn Thị Hoa")
        assertTrue(form.save())
        assertEquals(emptyList<Any>(), form.state.value.registered!!.possibleDuplicates)
        val first = form.state.value.registered!!.member.id

        form.fill("nguyen thi  hoa") // typed differently, same person
        form.setField(MemberField.FullName, "Nguyễn Thị Hoa")
        form.setField(MemberField.Phone, "0909 123 456")
        assertTrue(form.save())
        val second = form.state.value.registered!!
        assertEquals(listOf(first), second.possibleDuplicates.map { it.id })

        val d = DuplicatesModel(c.store)
        val pair = d.state.value.pairs.single()
        assertEquals(setOf(first, second.member.id), setOf(pair.a.id, pair.b.id))
        assertEquals(1, MembersListModel(c.store).state.value.duplicates)

        // Keep the one with the phone; nothing happens before the confirmation.
        d.chooseKeep(pair.id, second.member.id)
        val p = d.state.value.pending!!
        assertEquals(second.member.id, p.kept.id)
        assertEquals(first, p.merged.id)
        assertEquals(1, c.store.possibleDuplicates().size, "not merged yet")
        d.cancelMerge()
        assertNull(d.state.value.pending)

        d.chooseKeep(pair.id, second.member.id)
        assertTrue(d.confirmMerge(), "errors: ${d.state.value.errors}")
        assertEquals(emptyList<Any>(), d.state.value.pairs)
        assertEquals("Đã gộp. Còn lại hồ sơ của Nguyễn Thị Hoa.", Res.vi.text(d.state.value.done!!))
        val hoa = MembersListModel(c.store).also { it.setSearch("hoa") }.state.value.rows
        assertEquals(listOf(second.member.id), hoa.map { it.member.id })
        assertEquals(0, MembersListModel(c.store).state.value.duplicates)
    }

    @Test
    fun `two different people are dismissed and both stay`() {
        val c = club()
        c.store.setActingMember(null)
        val a = c.store.registerMember(person("Nguyễn Thị Hoa")).member.id
        val b = c.store.registerMember(person("Nguyễn Thị Hoa")).member.id
        val d = DuplicatesModel(c.store)
        assertTrue(d.dismiss(d.state.value.pairs.single().id))
        assertEquals(emptyList<Any>(), d.state.value.pairs)
        assertEquals(emptyList<Any>(), c.store.possibleDuplicates())
        assertEquals(setOf(a, b), c.store.listMembers("hoa", false).map { it.member.id }.toSet())
        assertEquals("Đã ghi nhận Nguyễn Thị Hoa và Nguyễn Thị Hoa là hai người khác nhau.", Res.vi.text(d.state.value.done!!))

        // A flag resolved elsewhere meanwhile: the refusal is shown and the list read again.
        val e = c.store.registerMember(person("Nguyễn Thị Hoa")).member.id
        val again = DuplicatesModel(c.store)
        val flag = again.state.value.pairs.first { e == it.a.id || e == it.b.id }
        c.store.dismissDuplicate(flag.id)
        assertFalse(again.dismiss(flag.id))
        assertEquals("duplicate.resolved", (again.state.value.errors.form as UiText.Error).code)
        assertFalse(again.state.value.pairs.any { it.id == flag.id })
    }

    @Test
    fun `a member's page shows the passbook with the running balance and their loan`() {
        val c = club()
        val m = MemberDetailModel(c.store, c.borrower)
        val s = m.state.value
        assertEquals("Võ Thị Đức", s.member!!.fullName)
        assertEquals(0, s.passbook!!.lines.size)
        val loan = s.loans.single()
        assertEquals("3.000.000 ₫", loan.principal.text)
        assertEquals(LoanStatus.ACTIVE, loan.status)

        c.store.setActingMember(c.treasurer)
        c.store.deposit(c.borrower, 200_000, "2026-07-01", "")
        c.store.deposit(c.borrower, 150_000, "2026-08-01", "")
        val w = c.store.withdraw(c.borrower, 50_000, "2026-09-01", "")
        c.store.reverseEntry(w.id, "Ghi nhầm", "2026-09-02")
        m.reload()
        val lines = m.state.value.passbook!!.lines
        assertEquals(listOf(EntryKind.DEPOSIT, EntryKind.DEPOSIT, EntryKind.WITHDRAWAL, EntryKind.REVERSAL), lines.map { it.entry.kind })
        assertEquals(listOf("200.000 ₫", "350.000 ₫", "300.000 ₫", "350.000 ₫"), lines.map { it.balance.text })
        assertEquals(listOf(false, false, true, false), lines.map { it.reversed })
        assertEquals("350.000 ₫", m.state.value.passbook!!.balance.text)
        assertEquals("Gửi tiết kiệm", Res.vi.text(entryKindText(lines[0].entry.kind)))

        // Someone else's page has no loan.
        assertEquals(emptyList<Any>(), MemberDetailModel(c.store, c.chair).state.value.loans)
        // An unknown id is an error on the page, not a crash.
        assertEquals(UiText.Res(Str("error_not_found")), MemberDetailModel(c.store, "nope").state.value.error)
    }

    @Test
    fun `every kind, status and household has a string in both languages`() {
        val texts = EntryKind.entries.map(::entryKindText) + LoanStatus.entries.map(::loanStatusText) + Household.entries.map(::householdText)
        for (t in texts) {
            val key = (t as UiText.Res).key
            assertTrue(Res.vi.has(key) && Res.en.has(key), key.key)
        }
    }

    @Test
    fun `a second save right after a successful registration writes nothing and keeps the notice`() {
        val c = club()
        c.store.setActingMember(null)
        val m = MemberFormModel(c.store, MemoryDrafts())
        m.fill("Huỳnh Thị Bé")
        assertTrue(m.save(), "errors: ${m.state.value.errors}")
        val registered = m.state.value.registered!!
        assertFalse(m.save())
        assertEquals(registered, m.state.value.registered, "the notice stays")
        assertTrue(m.state.value.errors.isEmpty, "no errors on the emptied form: ${m.state.value.errors}")
        assertEquals(1, c.store.listMembers("huynh", true).size)
    }
}
