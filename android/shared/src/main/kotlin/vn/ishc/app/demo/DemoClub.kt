package vn.ishc.app.demo

import java.io.File
import vn.ishc.core.ClubStore
import vn.ishc.core.EntryKind
import vn.ishc.core.Fund
import vn.ishc.core.Household
import vn.ishc.core.InterestMethod
import vn.ishc.core.Membership
import vn.ishc.core.NewClub
import vn.ishc.core.NewFundEntry
import vn.ishc.core.NewLoan
import vn.ishc.core.NewMember
import vn.ishc.core.NewVisit
import vn.ishc.core.Role
import vn.ishc.core.Service
import vn.ishc.core.Sex

/**
 * A small club with real-looking data, written through the core like any
 * phone would: for the screens' previews, the desktop renders and the
 * tests. Ids are the core's; the names are fixed so tests can find people.
 */
class DemoClub private constructor(val store: ClubStore) {
    lateinit var chair: String
    lateinit var treasurer: String
    lateinit var volunteer: String
    lateinit var recipients: List<String>
    lateinit var borrower: String
    lateinit var loan: String
        private set

    companion object {
        /** The club's commune: Xã Xuân Lộc, Đồng Nai (2025 code). */
        const val COMMUNE = 26425u

        /**
         * The database key of the demo's and the tests' databases: 32 fixed
         * bytes (1, 2, …, 32), not a secret, since those databases hold
         * made-up people. The app's own database never uses it: its key is
         * random and kept by the Android Keystore (`DatabaseKey` in :app).
         * A new array on every read, so no caller can change another's.
         */
        val KEY: ByteArray get() = ByteArray(32) { (it + 1).toByte() }

        /**
         * Creates the club in a new database at [file] (encrypted with [KEY]): six people, a grant
         * into the income-generation fund, a loan disbursed on
         * [loanDisbursedOn] (3.000.000 ₫, 6 months, 1% a month, flat), one
         * visit logged on [visitOn].
         */
        fun create(file: File, loanDisbursedOn: String = "2026-06-15", visitOn: String = "2026-11-20"): DemoClub {
            val store = ClubStore.open(file.path, KEY, "demo-" + file.nameWithoutExtension)
            val c = DemoClub(store)
            store.createClub(NewClub("CLB Liên thế hệ tự giúp nhau ấp 3", COMMUNE, "2019-05-10", null))
            fun add(name: String, sex: Sex, birth: String, roles: List<Role>, household: Household = Household.NEITHER, alone: Boolean = false) =
                store.registerMember(
                    NewMember(
                        fullName = name, sex = sex, birth = birth, ethnicity = "Kinh", household = household,
                        disabled = false, livesAlone = alone, hamlet = "Ấp 3", phone = null, joinedOn = "2019-05-10",
                        roles = roles, membership = Membership.MEMBER,
                    ),
                ).member.id
            c.chair = add("Nguyễn Văn Hùng", Sex.MALE, "1956", listOf(Role.CHAIR))
            c.treasurer = add("Trần Thị Lan", Sex.FEMALE, "1968", listOf(Role.TREASURER))
            c.volunteer = add("Lê Thị Mai", Sex.FEMALE, "1975", listOf(Role.HOME_CARE_VOLUNTEER))
            c.recipients = listOf(
                add("Phạm Văn Bảy", Sex.MALE, "1938", listOf(Role.CARE_RECIPIENT), Household.POOR, alone = true),
                add("Đỗ Thị Ánh", Sex.FEMALE, "1941", listOf(Role.CARE_RECIPIENT), Household.NEAR_POOR),
            )
            c.borrower = add("Võ Thị Đức", Sex.FEMALE, "1962", emptyList(), Household.NEAR_POOR)

            store.setActingMember(c.treasurer)
            store.recordFundEntry(NewFundEntry(Fund.INCOME_GENERATION, EntryKind.GRANT, 50_000_000, "2019-06-01", "Tài trợ ban đầu", null))
            c.loan = store.disburseLoan(
                NewLoan(c.borrower, 3_000_000, loanDisbursedOn, 6u, 100u, InterestMethod.FLAT, "Nuôi gà"),
            ).id

            store.setActingMember(c.volunteer)
            store.logVisit(
                NewVisit(
                    volunteerId = c.volunteer, recipientId = c.recipients[0], startedAt = "$visitOn 08:30", durationMin = 45u,
                    services = listOf(Service.HEALTH_MONITORING, Service.COMPANIONSHIP),
                    systolic = 150u.toUShort(), diastolic = 92u.toUShort(), pulse = 80u.toUShort(),
                    glucoseMmolL = null, weightKg = 52.5, notes = "Bác khỏe, đã nhắc uống thuốc.",
                ),
            )
            return c
        }
    }
}
