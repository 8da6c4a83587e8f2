package vn.ishc.core

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/**
 * The generated Kotlin bindings against the real library: the scenarios of
 * issue 4, the same as bindings/ffi/tests/scenarios.rs and the Swift tests.
 */
class BindingsTest {
    @TempDir
    lateinit var dir: Path

    private val xuanLoc = 26425u

    /** The tests' database key (the apps keep theirs in the Keystore/Keychain). */
    private val key = ByteArray(32) { (it + 1).toByte() }

    private fun open(name: String): ClubStore = ClubStore.open(dir.resolve(name).toString(), key, "phone-$name")

    private fun person(name: String, sex: Sex, birth: String, roles: List<Role> = emptyList()) = NewMember(
        fullName = name,
        sex = sex,
        birth = birth,
        ethnicity = "Kinh",
        household = Household.NEITHER,
        disabled = false,
        livesAlone = false,
        hamlet = "Ấp 3",
        phone = null,
        joinedOn = "2024-06-01",
        roles = roles,
        membership = Membership.MEMBER,
    )

    private fun ClubStore.withClub(): ClubStore = apply {
        createClub(NewClub("CLB Liên thế hệ tự giúp nhau ấp 3", xuanLoc, "2024-06-01", null))
    }

    @Test
    fun `a decomposed name is stored NFC and found by an unaccented search`() {
        open("a.db").withClub().use { store ->
            val nfd = "Nguye\u0302\u0303n Thi\u0323 Hoa\u0300"
            val r = store.registerMember(person(nfd, Sex.FEMALE, "1950"))
            assertEquals("Nguyễn Thị Hoà", r.member.fullName)
            assertEquals("Hoà", r.member.givenName)
            assertTrue(r.member.older)
            store.registerMember(person("Trần Văn An", Sex.MALE, "1980"))

            val found = store.listMembers("nguyen thi hoa", false)
            assertEquals(listOf("Nguyễn Thị Hoà"), found.map { it.member.fullName })
            assertEquals(Money(0L, "0 ₫"), found[0].savings)
            // Vietnamese order by given name: An before Hoà.
            assertEquals(listOf("Trần Văn An", "Nguyễn Thị Hoà"), store.listMembers(null, false).map { it.member.fullName })
        }
    }

    @Test
    fun `a crisis reading is flagged on the logged visit`() {
        open("a.db").withClub().use { store ->
            val vol = store.registerMember(person("Lê Thị Mai", Sex.FEMALE, "1975", listOf(Role.HOME_CARE_VOLUNTEER))).member
            val rec = store.registerMember(person("Phạm Văn Bảy", Sex.MALE, "1938", listOf(Role.CARE_RECIPIENT))).member
            store.setActingMember(vol.id)
            val v = store.logVisit(
                NewVisit(
                    volunteerId = vol.id,
                    recipientId = rec.id,
                    startedAt = "2026-03-02 08:30",
                    durationMin = 45u,
                    services = listOf(Service.HEALTH_MONITORING, Service.COMPANIONSHIP),
                    systolic = 185u.toUShort(),
                    diastolic = 100u.toUShort(),
                    pulse = 88u.toUShort(),
                    glucoseMmolL = null,
                    weightKg = null,
                    notes = "Nhức đầu",
                ),
            )
            assertEquals(BpFlag.HYPERTENSIVE_CRISIS, v.bpFlag)
            assertEquals("2026-03-02T08:30:00+07:00", v.startedAt)
            assertEquals("2026-03-02", v.visitOn)
            val history = store.visits(rec.id, null, null)
            assertEquals(listOf(185u.toUShort()), history.map { it.systolic })
            assertEquals(listOf(BpFlag.HYPERTENSIVE_CRISIS), history.map { it.bpFlag })
            assertEquals(emptyList<RecipientDue>(), store.recipientsDue(7u, "2026-03-05"))
            val due = store.recipientsDue(7u, "2026-03-20").single()
            assertEquals(Triple(rec.id, "2026-03-02", 18L), Triple(due.member.id, due.lastVisitOn, due.daysSince))
        }
    }

    @Test
    fun `a loan is disbursed, repaid, reversed and its schedule read`() {
        open("a.db").withClub().use { store ->
            val treasurer = store.registerMember(person("Trần Đình Hải", Sex.MALE, "1970", listOf(Role.TREASURER))).member
            val borrower = store.registerMember(person("Trần Thị Hồng", Sex.FEMALE, "1985")).member
            store.setActingMember(treasurer.id)
            store.recordFundEntry(NewFundEntry(Fund.INCOME_GENERATION, EntryKind.GRANT, parseAmount("60tr"), "2026-01-05", "Vốn tài trợ", null))
            val loan = store.disburseLoan(
                NewLoan(borrower.id, parseAmount("5tr"), "2026-01-10", 10u, parseRate("1%"), InterestMethod.FLAT, "Nuôi heo"),
            )
            assertEquals(10, loan.position.installments.size)
            assertEquals("550.000 ₫", loan.position.installments[0].total.text)
            assertEquals("2026-02-10", loan.position.installments[0].dueOn)

            val amount = parseAmount("1tr5")
            assertEquals(1_500_000L, amount)
            val receipt = store.repayLoan(loan.id, amount, "2026-02-10")
            assertEquals("1.500.000 ₫", receipt.entry.amount.text)
            // Two installments of 550.000 and 400.000 of the third: 1.350.000 of principal repaid.
            assertEquals(3_650_000L, receipt.position.principalOutstanding.dong)

            val reversal = store.reverseEntry(receipt.entry.id, "Ghi nhầm số tiền", "2026-02-11")
            assertEquals(receipt.entry.id, reversal.reversesId)
            assertEquals(-1_500_000L, reversal.amount.dong)

            val view = store.loan(loan.id, "2026-03-15")
            assertEquals(5_000_000L, view.position.principalOutstanding.dong)
            assertEquals(2, view.repayments.size)
            assertTrue(view.repayments[0].reversed)
            assertEquals(
                listOf(InstallmentState.OVERDUE, InstallmentState.OVERDUE, InstallmentState.UPCOMING),
                view.position.installments.take(3).map { it.state },
            )
            assertEquals(33u, view.position.daysPastDue)
        }
    }

    @Test
    fun `a deposit shows in the passbook`() {
        open("a.db").withClub().use { store ->
            val t = store.registerMember(person("Trần Đình Hải", Sex.MALE, "1970", listOf(Role.TREASURER))).member
            store.setActingMember(t.id)
            store.deposit(t.id, 500_000L, "2026-03-01", "")
            store.deposit(t.id, parseAmount("200k"), "2026-03-15", "")
            val p = store.passbook(t.id)
            assertEquals(listOf("500.000 ₫", "700.000 ₫"), p.lines.map { it.balance.text })
            assertEquals(700_000L, p.balance.dong)
        }
    }

    @Test
    fun `a field error carries its code and field and nothing is written`() {
        open("a.db").withClub().use { store ->
            val pending = store.pendingCount()
            val e = assertThrows<IshcException.Invalid> {
                store.registerMember(person("Võ Văn Tư", Sex.MALE, "1960").copy(phone = "0123 456"))
            }
            assertEquals("phone", e.field)
            assertEquals("phone.length", e.code)
            assertTrue(e.reason.isNotBlank())
            assertEquals(0, store.listMembers(null, true).size)
            assertEquals(pending, store.pendingCount(), "nothing written, nothing logged")
            // Field names arrive as the Kotlin records name them.
            val blank = assertThrows<IshcException.Invalid> { store.registerMember(person("Võ Văn Tư", Sex.MALE, "1960").copy(joinedOn = "")) }
            assertEquals("joinedOn", blank.field)
            assertEquals("date.invalid", blank.code)

            val money = assertThrows<IshcException.Invalid> { parseAmount("mười nghìn") }
            assertEquals("amount", money.field)
            val missing = assertThrows<IshcException.NotFound> { store.member("no-such-id") }
            assertEquals("not_found", missing.code)
        }
    }

    @Test
    fun `a passphrase backup restores onto a new phone's key, and a wrong or short passphrase writes nothing`() {
        val backup = dir.resolve("backup.ishc").toString()
        open("a.db").withClub().use { store ->
            store.registerMember(person("Hoàng Thị Xuân Diệu", Sex.FEMALE, "1950"))
            val short = assertThrows<IshcException.Invalid> { store.writeBackup(backup, " Hoa sen nở ") }
            assertEquals("backup.passphrase_short", short.code)
            assertEquals("passphrase", short.field)
            store.writeBackup(backup, "Hoa sen nở tháng năm")
            val again = assertThrows<IshcException.Invalid> { store.writeBackup(backup, "Hoa sen nở tháng năm") }
            assertEquals("backup.dest_exists", again.code)
            assertEquals("path", again.field)
        }
        assertTrue(!String(java.io.File(backup).readBytes(), Charsets.UTF_8).contains("Xuân Diệu"))
        val newKey = ByteArray(32) { 7 }
        val restoredPath = dir.resolve("restored.db").toString()
        val wrong = assertThrows<IshcException.Invalid> {
            ClubStore.restoreBackup(backup, "Hoa sen no thang nam", restoredPath, newKey, "phone-new")
        }
        assertEquals("backup.passphrase_invalid", wrong.code)
        assertEquals("passphrase", wrong.field)
        assertTrue(!java.io.File(restoredPath).exists(), "a wrong passphrase wrote a file")
        ClubStore.restoreBackup(backup, "Hoa sen nở tháng năm", restoredPath, newKey, "phone-new").use { store ->
            assertEquals(listOf("Hoàng Thị Xuân Diệu"), store.listMembers(null, false).map { it.member.fullName })
        }
        // Under the new phone's key only.
        val oldKey = assertThrows<IshcException.Invalid> { ClubStore.open(restoredPath, key, "x") }
        assertEquals("store.key_invalid", oldKey.code)
        ClubStore.open(restoredPath, newKey, "x").close()
    }

    @Test
    fun `the database is encrypted and a wrong key is refused with its code, changing nothing`() {
        open("a.db").withClub().use { store ->
            store.registerMember(person("Hoàng Thị Xuân Diệu", Sex.FEMALE, "1950"))
        }
        val file = dir.resolve("a.db").toFile()
        val before = file.readBytes()
        // No name and not even SQLite's header in the file: it starts with its salt.
        assertTrue(!String(before, Charsets.ISO_8859_1).contains("SQLite format 3"))
        assertTrue(!String(before, Charsets.UTF_8).contains("Xuân Diệu"))

        val wrong = assertThrows<IshcException.Invalid> { ClubStore.open(file.path, ByteArray(32) { 9 }, "phone-a") }
        assertEquals("store.key_invalid", wrong.code)
        assertEquals("key", wrong.field)
        assertTrue(before.contentEquals(file.readBytes()), "a wrong key changed the file")
        val short = assertThrows<IshcException.Invalid> { ClubStore.open(file.path, ByteArray(16), "phone-a") }
        assertEquals("store.key_length", short.code)
        assertEquals("key", short.field)

        open("a.db").use { store ->
            assertEquals(listOf("Hoàng Thị Xuân Diệu"), store.listMembers(null, false).map { it.member.fullName })
        }
    }

    @Test
    fun `a panic inside the core comes back as an internal error and the store stays usable`() {
        open("a.db").withClub().use { store ->
            store.registerMember(person("Trần Văn An", Sex.MALE, "1980"))
            // The next call panics with the store's lock held, as a bug in the core would.
            armInternalFailure()
            val e = assertThrows<IshcException.Internal> { store.listMembers(null, false) }
            assertEquals("internal.panic", e.code)
            // The lock is recovered and the store still reads and writes.
            store.registerMember(person("Lê Thị Bình", Sex.FEMALE, "1950"))
            assertEquals(listOf("Trần Văn An", "Lê Thị Bình"), store.listMembers(null, false).map { it.member.fullName })
        }
    }

    @Test
    fun `two stores sync through the real server and hold the same data`() {
        ProvincialServer(dir).use { server ->
            val clubId = server.createClub("CLB Liên thế hệ ấp 3", 26425, "2024-06-01")
            val codeA = server.issueCode(clubId)
            val codeB = server.issueCode(clubId)
            server.start()

            val a = open("a.db")
            val b = open("b.db")
            val fast = defaultSyncSettings().copy(backoffBaseMs = 10uL)
            val syncA = SyncClient.withSettings(a, fast)
            val syncB = SyncClient.withSettings(b, fast)
            val states = CopyOnWriteArrayList<SyncState>()
            val handle = syncA.subscribe(object : SyncListener {
                override fun onState(state: SyncState) {
                    states.add(state)
                }
            })

            runBlocking {
                val e = enrol(a, server.url, codeA, "Máy chị Lan")
                assertEquals(clubId, e.clubId)
                syncA.sync()
                assertEquals(clubId, a.club().id)
                val t = a.registerMember(person("Trần Đình Hải", Sex.MALE, "1970", listOf(Role.TREASURER))).member
                a.registerMember(person("Nguyễn Thị Hoà", Sex.FEMALE, "1950"))
                a.setActingMember(t.id)
                a.deposit(t.id, 300_000L, "2026-03-01", "")
                assertEquals(3L, a.pendingCount())
                val sent = syncA.sync()
                assertEquals(3uL, sent.sent)
                assertEquals(0uL, sent.rejected)

                enrol(b, server.url, codeB, "Máy anh Hải")
                val got = syncB.syncIfDue()
                assertNotNull(got)
                assertEquals(4uL, got!!.received)

                // And back: B records a deposit for the other member; A receives it.
                b.setActingMember(t.id)
                val hoa = b.listMembers("hoa", false).single().member
                b.deposit(hoa.id, 50_000L, "2026-03-02", "")
                assertEquals(1uL, syncB.sync().sent)
                assertEquals(1uL, syncA.sync().received)
            }
            fun rows(s: ClubStore) = s.listMembers(null, true).map { it.member.fullName to it.savings.dong }
            assertEquals(rows(a), rows(b))
            assertEquals(listOf("Trần Đình Hải" to 300_000L, "Nguyễn Thị Hoà" to 50_000L), rows(b))
            assertEquals(0L, syncA.status().pending)
            assertEquals(0L, syncB.status().pending)

            val deadline = System.currentTimeMillis() + 5_000
            while (states.lastOrNull() !is SyncState.Done && System.currentTimeMillis() < deadline) Thread.sleep(20)
            handle.cancel()
            assertTrue(handle.isFinished() || run { Thread.sleep(200); handle.isFinished() })
            assertEquals(SyncState.Idle, states.first())
            val done = states.last()
            assertTrue(done is SyncState.Done && done.report.received == 1uL, "$states")
            // Cancelled: A's next sync is not seen.
            val seen = states.size
            runBlocking { syncA.sync() }
            Thread.sleep(200)
            assertEquals(seen, states.size)

            server.close()
            val failure = assertThrows<IshcException.Sync> { runBlocking { syncB.sync() } }
            assertEquals("sync.network", failure.code)
            val state = syncB.state()
            assertTrue(state is SyncState.Failed && state.nextRetryAt != null, "$state")

            handle.close()
            syncA.close()
            syncB.close()
            a.close()
            b.close()
        }
    }
}
