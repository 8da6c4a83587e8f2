package vn.ishc.app

import java.nio.file.Path
import kotlinx.coroutines.runBlocking
import vn.ishc.app.demo.DemoClub
import vn.ishc.core.ClubStore
import vn.ishc.core.Household
import vn.ishc.core.MemberUpdate
import vn.ishc.core.Membership
import vn.ishc.core.NewMember
import vn.ishc.core.Role
import vn.ishc.core.Sex
import vn.ishc.core.SyncClient
import vn.ishc.core.enrol

/**
 * A real provincial server on loopback with one club, and two phones (A
 * and B, each a real store in [dir] with its own sync client) enrolled in
 * it but not yet synced.
 */
class TwoPhones(private val dir: Path) : AutoCloseable {
    val server = ProvincialServer(dir)
    val clubId: String = server.createClub(CLUB, 26425, "2024-06-01")
    private val codes = listOf(server.issueCode(clubId), server.issueCode(clubId))
    val a: ClubStore
    val b: ClubStore
    val clientA: SyncClient
    val clientB: SyncClient

    /** Ids of the people [clash] registers. */
    lateinit var chair: String
    lateinit var treasurer: String
    lateinit var member: String

    init {
        // If anything after the server started throws, stop it (and close
        // what was opened): the caller never gets an object to close.
        val opened = mutableListOf<AutoCloseable>()
        try {
            server.start()
            opened += server
            a = ClubStore.open(dir.resolve("a.db").toString(), DemoClub.KEY, "phone-a").also { opened += it }
            b = ClubStore.open(dir.resolve("b.db").toString(), DemoClub.KEY, "phone-b").also { opened += it }
            runBlocking {
                enrol(a, server.url, codes[0], "Máy chị Lan")
                enrol(b, server.url, codes[1], "Máy anh Hùng")
            }
            clientA = SyncClient(a).also { opened += it }
            clientB = SyncClient(b).also { opened += it }
        } catch (e: Throwable) {
            opened.asReversed().forEach { r -> runCatching { r.close() }.exceptionOrNull()?.let(e::addSuppressed) }
            throw e
        }
    }

    /**
     * Leaves A with a deposit the server will refuse and two edits that
     * clash with B's once A syncs (A's, made later, stand; B's are the
     * losing values):
     *
     * 1. A registers the chair Hùng, the treasurer Lan and the member Đức
     *    (phone 0912 345 678, Ấp 3); both phones sync.
     * 2. B, as the chair, takes Lan's treasurer role away and changes Đức's
     *    phone to 0987 654 321 and hamlet to Ấp 4; B syncs.
     * 3. A, not knowing, changes Đức's phone to 0943 733 416 and hamlet to
     *    Ấp 5 (local administration), and Lan records a 200.000 ₫ deposit
     *    for Đức. A has not synced these.
     */
    fun clash() {
        runBlocking { clientA.sync() }
        chair = a.registerMember(person("Nguyễn Văn Hùng", Sex.MALE, "1956", listOf(Role.CHAIR))).member.id
        treasurer = a.registerMember(person("Trần Thị Lan", Sex.FEMALE, "1968", listOf(Role.TREASURER))).member.id
        member = a.registerMember(person("Võ Thị Đức", Sex.FEMALE, "1962", phone = "0912345678")).member.id
        runBlocking {
            clientA.sync()
            clientB.sync()
        }
        b.setActingMember(chair)
        b.updateMember(treasurer, update(roles = emptyList()))
        b.updateMember(member, update(phone = "0987654321", hamlet = "Ấp 4"))
        runBlocking { clientB.sync() }
        a.setActingMember(null)
        a.updateMember(member, update(phone = "0943733416", hamlet = "Ấp 5"))
        a.setActingMember(treasurer)
        a.deposit(member, 200_000, null, "")
    }

    /** Closes the clients and stores, and stops the server whatever the others threw. */
    override fun close() {
        try {
            clientA.close()
            clientB.close()
            a.close()
            b.close()
        } finally {
            server.close()
        }
    }

    companion object {
        const val CLUB = "CLB Liên thế hệ ấp 3"

        fun person(name: String, sex: Sex, birth: String, roles: List<Role> = emptyList(), phone: String? = null) = NewMember(
            fullName = name, sex = sex, birth = birth, ethnicity = "Kinh", household = Household.NEITHER,
            disabled = false, livesAlone = false, hamlet = "Ấp 3", phone = phone, joinedOn = "2024-06-01",
            roles = roles, membership = Membership.MEMBER,
        )

        fun update(phone: String? = null, hamlet: String? = null, roles: List<Role>? = null) = MemberUpdate(
            fullName = null, sex = null, birth = null, ethnicity = null, household = null, disabled = null,
            livesAlone = null, hamlet = hamlet, phone = phone, roles = roles,
        )
    }
}
