package vn.ishc.app.members

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.ishc.app.text.FormErrors
import vn.ishc.app.text.UiText
import vn.ishc.core.ClubStore
import vn.ishc.core.IshcException
import vn.ishc.core.MemberRow

/** What the members list shows. */
data class MembersListState(
    /** The search as typed: part of a name (any case, with or without diacritics, `d` for `đ`) or phone digits. */
    val search: String = "",
    /** Whether people who left the club are listed too. */
    val includeLeft: Boolean = false,
    /**
     * The people found, in Vietnamese order by given name (*tên*), each with
     * their savings balance and loan principal outstanding today (đồng, as
     * the core's `Money` with its `1.500.000 ₫` text).
     */
    val rows: List<MemberRow> = emptyList(),
    /** How many possible duplicates wait for review (0: none). */
    val duplicates: Int = 0,
    /** Why the list could not be read, if it could not. */
    val error: UiText? = null,
)

/**
 * The club's people (*hội viên*): a search box that forgives missing
 * diacritics (`duc` finds `Võ Thị Đức`, `nguyen thi` finds `Nguyễn Thị …`
 * however the name was typed) and matches phone digits, and a switch to
 * include people who left. Searching and ordering are the core's
 * (`ClubStore.listMembers`), so every phone lists people the same way.
 *
 * Calls the store synchronously, on every keystroke: a club has 50–70
 * people, and the Android ViewModel calls it off the main thread.
 */
class MembersListModel(private val store: ClubStore) {
    private val _state = MutableStateFlow(MembersListState())

    /** The screen's state. */
    val state: StateFlow<MembersListState> = _state.asStateFlow()

    init {
        refresh()
    }

    /** Searches again as [text] is typed; a blank search lists everyone. */
    fun setSearch(text: String) {
        _state.update { it.copy(search = text) }
        refresh()
    }

    /** Lists people who left too ([include]) or only current people. */
    fun setIncludeLeft(include: Boolean) {
        _state.update { it.copy(includeLeft = include) }
        refresh()
    }

    /** Reads the list again (after a registration, a merge or a sync). */
    fun refresh() {
        val s = _state.value
        _state.update {
            try {
                it.copy(
                    rows = store.listMembers(s.search.trim().ifEmpty { null }, s.includeLeft),
                    duplicates = store.possibleDuplicates().size,
                    error = null,
                )
            } catch (e: IshcException) {
                it.copy(rows = emptyList(), error = FormErrors.of(e, emptySet()).form)
            }
        }
    }
}
