package vn.ishc.app.members

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.app.text.text
import vn.ishc.core.ClubStore
import vn.ishc.core.DuplicatePair
import vn.ishc.core.IshcException
import vn.ishc.core.MemberInfo

/** A merge chosen and waiting for its confirmation (a merge cannot be undone). */
data class PendingMerge(
    /** The flag, as `DuplicatePair.id`. */
    val flagId: String,
    /** The record kept. */
    val kept: MemberInfo,
    /** The record folded into [kept]. */
    val merged: MemberInfo,
    /** Whether the kept record is the pair's first (*A*) rather than its second (*B*). */
    val keptIsA: Boolean,
)

/** What the possible-duplicates screen shows. */
data class DuplicatesState(
    /** Open flags: pairs that may be one person registered twice. */
    val pairs: List<DuplicatePair> = emptyList(),
    /** The merge waiting for "yes, merge", if one was chosen. */
    val pending: PendingMerge? = null,
    /** What the last merge or dismissal did. */
    val done: UiText? = null,
    /** The core's refusal (already resolved on another phone, not permitted). */
    val errors: FormErrors = FormErrors(),
)

/**
 * Possible duplicates (*có thể trùng*): pairs the core flagged at
 * registration (or from a sync) for someone to look at. For each pair,
 * keep one record (the other is folded into it: its visits and money then
 * count for the kept one; both records stay in the database) after a
 * confirmation, or say they are two different people.
 *
 * Needs an acting member or local administration on the store.
 */
class DuplicatesModel(private val store: ClubStore) {
    private val _state = MutableStateFlow(DuplicatesState())

    /** The screen's state. */
    val state: StateFlow<DuplicatesState> = _state.asStateFlow()

    init {
        reload()
    }

    /** Reads the open flags again. */
    fun reload() {
        _state.update {
            try {
                it.copy(pairs = store.possibleDuplicates())
            } catch (e: IshcException) {
                it.copy(errors = FormErrors.of(e, emptySet()))
            }
        }
    }

    /** Chooses to keep [keptId] of the pair [flagId]; nothing is merged until [confirmMerge]. */
    fun chooseKeep(flagId: String, keptId: String) {
        val pair = _state.value.pairs.firstOrNull { it.id == flagId } ?: return
        val keptIsA = pair.a.id == keptId
        val (kept, merged) = if (keptIsA) pair.a to pair.b else pair.b to pair.a
        _state.update { it.copy(pending = PendingMerge(flagId, kept, merged, keptIsA), done = null, errors = FormErrors()) }
    }

    /** Goes back without merging. */
    fun cancelMerge() = _state.update { it.copy(pending = null) }

    /**
     * Merges the pending choice (`ClubStore.mergeDuplicate`). Returns whether
     * it was merged; on a refusal (`duplicate.resolved`, …) the error is
     * set and the list read again.
     */
    fun confirmMerge(): Boolean {
        val p = _state.value.pending ?: return false
        return act {
            store.mergeDuplicate(p.flagId, p.kept.id, p.merged.id)
            text("members_dup_merged", p.kept.fullName)
        }
    }

    /** Records that the pair [flagId] are two different people (`ClubStore.dismissDuplicate`). */
    fun dismiss(flagId: String): Boolean {
        val pair = _state.value.pairs.firstOrNull { it.id == flagId } ?: return false
        return act {
            store.dismissDuplicate(flagId)
            text("members_dup_dismissed", pair.a.fullName, pair.b.fullName)
        }
    }

    private fun act(action: () -> UiText): Boolean {
        val ok = try {
            val done = action()
            _state.update { it.copy(pending = null, done = done, errors = FormErrors()) }
            true
        } catch (e: IshcException) {
            _state.update { it.copy(pending = null, done = null, errors = FormErrors.of(e, emptySet())) }
            false
        }
        reload()
        return ok
    }
}
