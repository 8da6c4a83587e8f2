package vn.ishc.app.sync

import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.time.format.DateTimeParseException
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.RejectedExecutionException
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.format.Format
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.Str
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.ClubStore
import vn.ishc.core.ConflictInfo
import vn.ishc.core.IshcException
import vn.ishc.core.RejectedOp
import vn.ishc.core.Role
import vn.ishc.core.SyncClientInterface
import vn.ishc.core.SyncListener
import vn.ishc.core.SyncPhase
import vn.ishc.core.SyncState
import vn.ishc.core.SyncStatus
import vn.ishc.core.TaskHandle
import vn.ishc.core.parsePhone

/** An operation of this phone that the server refused (it stays on the phone, never resent). */
data class RejectedRow(
    val opId: String,
    /** What it was about, translated (`Khoản vay`, `Lần thăm`). */
    val entity: UiText,
    val entityId: String,
    /** The refusal, translated from its code (`op.not_permitted`). */
    val error: UiText.Error,
    /** When it was recorded on the phone, `dd/MM/yyyy HH:mm` in Vietnam (+07:00). */
    val recordedAt: String,
)

/** A value that lost a concurrent edit of the same field on two phones. */
data class ConflictRow(
    val id: String,
    val memberId: String,
    /** The person's name now. */
    val memberName: String,
    /** The field, translated (`Số điện thoại`), or as the core names it if unknown. */
    val field: UiText,
    /** The losing value as shown: strings unquoted, phones as `0943 733 416`, yes/no, roles translated; parts to join with `, `. */
    val losingValue: List<UiText>,
    /** Who made the edit that lost: a member's name, local administration, or unknown. */
    val losingAuthor: UiText,
    /** Who made the edit that stands. */
    val winningAuthor: UiText,
)

/** What the sync screen (*đồng bộ*) shows. */
data class SyncScreenState(
    /** The client's live state, as the core publishes it. */
    val live: SyncState = SyncState.Idle,
    /** Whether this phone is enrolled with a server. */
    val enrolled: Boolean = false,
    /** The server's address, if enrolled. */
    val serverUrl: String? = null,
    /** End of the last successful sync, `dd/MM/yyyy HH:mm` (+07:00), or `null` if never. */
    val lastSync: String? = null,
    /** When the next attempt is due after failures, `dd/MM/yyyy HH:mm` (+07:00), or `null`. */
    val nextRetry: String? = null,
    /** Operations recorded here and waiting to be sent. */
    val pending: Long = 0,
    /** Operations the server refused, oldest first. */
    val rejected: List<RejectedRow> = emptyList(),
    /** Open conflicts. */
    val conflicts: List<ConflictRow> = emptyList(),
    /** "Sync now" was asked for and has not returned yet. */
    val requested: Boolean = false,
    /** The outcome of the last action on this screen that failed (sync now, restore, dismiss). */
    val message: UiText? = null,
) {
    /** A sync is running (the sync-now button is then disabled). */
    val syncing: Boolean get() = requested || live is SyncState.Syncing

    /** The state line: idle, sending/receiving with counts, done with what it did, failed. */
    val line: UiText get() = stateLine(live, enrolled)

    /** Why the last sync failed (translated code), when [live] is `Failed`. */
    val failure: UiText.Error? get() = (live as? SyncState.Failed)?.let { UiText.Error(it.code, it.reason) }

    /** [message] unless it only repeats [failure] (sync now failing as the state line says). */
    val shownMessage: UiText? get() = message.takeUnless { it is UiText.Error && it.code == failure?.code }

    /** The server found this phone's clock more than 5 minutes off in the last sync. */
    val clockSkew: Boolean get() = (live as? SyncState.Done)?.report?.clockSkewFlagged == true
}

/**
 * The sync screen's state holder: the core's live sync state (from
 * [SyncClientInterface.subscribe]; the handle is kept and cancelled by
 * [close]), where sync stands ([SyncClientInterface.status]), the
 * operations the server refused and the open conflicts with their
 * restore/dismiss actions, and "sync now".
 *
 * The core calls the listener on its sync worker thread; the model hands
 * each state to a thread of its own (one, in order: [close] stops it), so
 * the store is never read on the core's thread. A state that is no longer
 * the client's ([SyncClientInterface.state]) when its turn comes is stale
 * and dropped: a late Done or Failed never overwrites a newer state. After
 * each sync (done or failed, whoever started it: this screen or the
 * background worker) the status and lists are read again. Other calls are
 * synchronous except [syncNow] (the core's `sync` is suspend).
 */
class SyncModel(private val store: ClubStore, private val client: SyncClientInterface) : AutoCloseable {
    private val _state = MutableStateFlow(SyncScreenState())

    /** The screen's state. */
    val state: StateFlow<SyncScreenState> = _state.asStateFlow()

    /** Where the listener's states are handled, one at a time, in order. */
    private val worker: ExecutorService = Executors.newSingleThreadExecutor { r ->
        Thread(r, "ishc-sync-model").apply { isDaemon = true }
    }

    /** Held while a listener state is handled; [closed] is set under it. */
    private val handling = Any()

    @Volatile
    private var closed = false

    private val handle: TaskHandle

    init {
        refresh()
        handle = client.subscribe(
            object : SyncListener {
                override fun onState(state: SyncState) {
                    // A listener that throws stops receiving updates: never throw.
                    try {
                        worker.execute { receive(state) }
                    } catch (e: RejectedExecutionException) {
                        // closed
                    }
                }
            },
        )
    }

    /** On [worker]: one listener state. */
    private fun receive(live: SyncState) = synchronized(handling) {
        if (closed) return
        try {
            onLive(live)
        } catch (e: Exception) {
            // A refresh that failed unexpectedly: the state still shows.
            _state.update { it.copy(live = live) }
        }
    }

    private fun onLive(live: SyncState) {
        // The listener lags behind the client: a state that is no longer the
        // client's (progress after the sync ended, the end of a sync after
        // the next one started) is stale; the current one follows or came.
        val now = runCatching { client.state() }.getOrNull()
        if (now != null && now != live) return
        _state.update {
            when (live) {
                is SyncState.Syncing -> it.copy(live = live, pending = live.pending)
                else -> it.copy(live = live)
            }
        }
        if (live is SyncState.Done || live is SyncState.Failed) refresh()
    }

    /**
     * Reads the status, the refused operations and the open conflicts again
     * (after recording something, or returning to the screen). One refresh
     * at a time: the model's thread refreshes after each sync, and a
     * refresh that read earlier must not land after one that read later.
     */
    @Synchronized
    fun refresh() {
        val status: SyncStatus = try {
            client.status()
        } catch (e: IshcException) {
            _state.update { it.copy(message = FormErrors.of(e, emptySet()).form) }
            return
        }
        val rejected = runCatching { store.rejectedOps().map(::rejectedRow) }.getOrDefault(emptyList())
        val conflicts = runCatching { store.conflicts(false).map(::conflictRow) }.getOrDefault(emptyList())
        _state.update {
            it.copy(
                enrolled = status.enrolled,
                serverUrl = status.serverUrl,
                lastSync = status.lastSuccessAt?.let(::vietnamTime),
                nextRetry = status.nextRetryAt?.let(::vietnamTime),
                pending = status.pending,
                rejected = rejected,
                conflicts = conflicts,
            )
        }
    }

    /**
     * Syncs now (push, then pull). Returns whether it succeeded; a failure
     * (`sync.network`, `sync.not_enrolled`, `sync.in_progress`, a server
     * code) is set as [SyncScreenState.message], translated. The live state
     * follows the sync through the listener meanwhile.
     */
    suspend fun syncNow(): Boolean {
        _state.update { it.copy(requested = true, message = null) }
        val ok = try {
            client.sync()
            true
        } catch (e: IshcException) {
            _state.update { it.copy(message = FormErrors.of(e, emptySet()).form) }
            false
        } finally {
            // The outcome is the client's state now; the listener may deliver it a moment later.
            val now = runCatching { client.state() }.getOrNull()
            _state.update { if (now != null) it.copy(requested = false, live = now) else it.copy(requested = false) }
        }
        refresh()
        return ok
    }

    /** Restores a conflict's losing value (a new edit, which wins and is synced next). Returns whether it was restored. */
    fun restoreConflict(id: String): Boolean = act { store.restoreConflict(id) }

    /** Dismisses a conflict: the current value stands. Returns whether it was dismissed. */
    fun dismissConflict(id: String): Boolean = act { store.dismissConflict(id) }

    private fun act(f: () -> Unit): Boolean {
        val ok = try {
            f()
            _state.update { it.copy(message = null) }
            true
        } catch (e: IshcException) {
            _state.update { it.copy(message = FormErrors.of(e, emptySet()).form) }
            false
        }
        refresh()
        return ok
    }

    /**
     * Stops listening to the client (the client itself is shared and stays
     * open) and stops the model's thread. Waits for a state being handled
     * (at most one refresh): once it returns, listener states no longer
     * change [state].
     */
    override fun close() {
        handle.cancel()
        handle.close()
        synchronized(handling) { closed = true }
        worker.shutdownNow()
    }

    private fun rejectedRow(op: RejectedOp) = RejectedRow(
        opId = op.opId,
        entity = ENTITIES[op.entity]?.let { UiText.Res(it) } ?: UiText.Raw(op.entity),
        entityId = op.entityId,
        error = UiText.Error(op.code, op.reason),
        recordedAt = vietnamTime(op.recordedAt),
    )

    private fun conflictRow(c: ConflictInfo) = ConflictRow(
        id = c.id,
        memberId = c.memberId,
        memberName = c.memberName,
        field = FIELDS[c.field]?.let { UiText.Res(it) } ?: UiText.Raw(c.field),
        losingValue = conflictValue(c.field, c.losingValue),
        losingAuthor = author(c.losingAuthor),
        winningAuthor = author(c.winningAuthor),
    )

    private fun author(a: String?): UiText = when {
        a == null -> text("sync_author_unknown")
        a.startsWith("admin:") -> text("sync_author_admin")
        else -> runCatching { UiText.Raw(store.member(a).fullName) }.getOrElse { text("sync_author_unknown") }
    }

    companion object {
        /** The core's entity names, translated. */
        private val ENTITIES = mapOf(
            "club" to Str("sync_entity_club"),
            "member" to Str("sync_entity_member"),
            "duplicate_flag" to Str("sync_entity_duplicate_flag"),
            "visit" to Str("sync_entity_visit"),
            "visit_void" to Str("sync_entity_visit_void"),
            "meeting" to Str("sync_entity_meeting"),
            "activity" to Str("sync_entity_activity"),
            "journal" to Str("sync_entity_journal"),
            "loan" to Str("sync_entity_loan"),
            "loan_write_off" to Str("sync_entity_loan_write_off"),
        )

        /** A member's fields as conflicts name them (the core's snake_case), translated. */
        private val FIELDS = mapOf(
            "full_name" to Str("sync_field_full_name"),
            "sex" to Str("sync_field_sex"),
            "birth" to Str("sync_field_birth"),
            "ethnicity_code" to Str("sync_field_ethnicity"),
            "household" to Str("sync_field_household"),
            "disabled" to Str("sync_field_disabled"),
            "lives_alone" to Str("sync_field_lives_alone"),
            "hamlet" to Str("sync_field_hamlet"),
            "phone" to Str("sync_field_phone"),
            "roles" to Str("sync_field_roles"),
        )
    }
}

/** The state line of the sync screen for a live state. */
fun stateLine(live: SyncState, enrolled: Boolean): UiText = when (live) {
    is SyncState.Idle -> if (enrolled) text("sync_state_idle") else text("sync_state_not_enrolled")
    is SyncState.Syncing -> when (live.phase) {
        SyncPhase.PUSH -> text("sync_state_pushing", live.sent.toLong(), live.pending)
        SyncPhase.PULL -> text("sync_state_pulling", live.received.toLong())
    }
    is SyncState.Done -> text("sync_state_done", live.report.sent.toLong(), live.report.received.toLong())
    is SyncState.Failed -> text("sync_state_failed")
}

/**
 * An RFC 3339 instant (any offset; the core writes device time) as
 * `dd/MM/yyyy HH:mm` in Vietnam (+07:00). Text that is not an instant is
 * returned as it is.
 */
fun vietnamTime(rfc3339: String): String = try {
    Format.dateTime(OffsetDateTime.parse(rfc3339).withOffsetSameInstant(ZoneOffset.ofHours(7)).toString())
} catch (e: DateTimeParseException) {
    rfc3339
}

/**
 * A conflict's losing value (JSON text, as the core keeps it) for the
 * screen: a string unquoted (a phone as `0943 733 416`), `true`/`false` as
 * yes/no, `null` as "empty", a list of roles translated; anything else as
 * it is.
 */
fun conflictValue(field: String, json: String): List<UiText> {
    val t = json.trim()
    return when {
        t == "null" -> listOf(text("sync_value_empty"))
        t == "true" -> listOf(text("sync_value_yes"))
        t == "false" -> listOf(text("sync_value_no"))
        t.startsWith("\"") -> {
            val s = Json.string(t) ?: return listOf(UiText.Raw(t))
            when {
                field == "phone" -> listOf(UiText.Raw(runCatching { parsePhone(s).display }.getOrDefault(s)))
                field == "roles" -> listOf(role(s))
                else -> listOf(UiText.Raw(s))
            }
        }
        t.startsWith("[") -> {
            val items = Json.strings(t) ?: return listOf(UiText.Raw(t))
            if (items.isEmpty()) listOf(text("sync_value_empty"))
            else items.map { if (field == "roles") role(it) else UiText.Raw(it) }
        }
        else -> listOf(UiText.Raw(t))
    }
}

private fun role(name: String): UiText =
    if (Role.entries.any { it.name.equals(name, ignoreCase = true) }) UiText.Res(Str("role_" + name.lowercase())) else UiText.Raw(name)

/** Just enough JSON for conflict values: a string literal, an array of string literals. */
internal object Json {
    /** The string of a JSON string literal (`"a\"b"` → `a"b`), or `null` if [t] is not one. */
    fun string(t: String): String? {
        val (s, end) = literal(t, 0) ?: return null
        return if (t.substring(end).isBlank()) s else null
    }

    /** The strings of a JSON array of strings, or `null` if [t] is not one. */
    fun strings(t: String): List<String>? {
        var i = t.indexOf('[').takeIf { it >= 0 && t.substring(0, it).isBlank() } ?: return null
        i++
        val out = mutableListOf<String>()
        fun skip() {
            while (i < t.length && t[i].isWhitespace()) i++
        }
        skip()
        if (i < t.length && t[i] == ']') return if (t.substring(i + 1).isBlank()) out else null
        while (i < t.length) {
            skip()
            val (s, end) = literal(t, i) ?: return null
            out += s
            i = end
            skip()
            when {
                i < t.length && t[i] == ',' -> i++
                i < t.length && t[i] == ']' -> return if (t.substring(i + 1).isBlank()) out else null
                else -> return null
            }
        }
        return null
    }

    /** The string literal starting at [from] and the index after it. */
    private fun literal(t: String, from: Int): Pair<String, Int>? {
        var i = from
        while (i < t.length && t[i].isWhitespace()) i++
        if (i >= t.length || t[i] != '"') return null
        i++
        val out = StringBuilder()
        while (i < t.length) {
            val c = t[i]
            when (c) {
                '"' -> return out.toString() to i + 1
                '\\' -> {
                    if (i + 1 >= t.length) return null
                    when (val n = t[i + 1]) {
                        '"', '\\', '/' -> out.append(n)
                        'b' -> out.append('\b')
                        'f' -> out.append('\u000C')
                        'n' -> out.append('\n')
                        'r' -> out.append('\r')
                        't' -> out.append('\t')
                        'u' -> {
                            if (i + 6 > t.length) return null
                            out.append(t.substring(i + 2, i + 6).toIntOrNull(16)?.toChar() ?: return null)
                            i += 4
                        }
                        else -> return null
                    }
                    i += 2
                    continue
                }
                else -> out.append(c)
            }
            i++
        }
        return null
    }
}
