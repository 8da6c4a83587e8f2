package vn.ishc.app.android

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.drop
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext
import vn.ishc.app.drafts.Drafts
import vn.ishc.app.enrol.EnrolModel
import vn.ishc.app.enrol.EnrolState
import vn.ishc.app.history.HistoryPeriod
import vn.ishc.app.history.VisitHistoryModel
import vn.ishc.app.history.VisitHistoryState
import vn.ishc.app.home.HomeModel
import vn.ishc.app.home.HomeState
import vn.ishc.app.loans.DisburseModel
import vn.ishc.app.loans.DisburseState
import vn.ishc.app.loans.LoanDetailModel
import vn.ishc.app.loans.LoanDetailState
import vn.ishc.app.loans.LoanListModel
import vn.ishc.app.loans.LoanListState
import vn.ishc.app.loans.RepaymentFormModel
import vn.ishc.app.loans.RepaymentFormState
import vn.ishc.app.members.DuplicatesModel
import vn.ishc.app.members.DuplicatesState
import vn.ishc.app.members.MemberDetailModel
import vn.ishc.app.members.MemberDetailState
import vn.ishc.app.members.MemberField
import vn.ishc.app.members.MemberFormModel
import vn.ishc.app.members.MemberFormState
import vn.ishc.app.members.MembersListModel
import vn.ishc.app.members.MembersListState
import vn.ishc.app.settings.AppLanguage
import vn.ishc.app.settings.SettingsModel
import vn.ishc.app.settings.SettingsState
import vn.ishc.app.savings.SavingsAction
import vn.ishc.app.savings.SavingsModel
import vn.ishc.app.savings.SavingsState
import vn.ishc.app.settings.TextSize
import vn.ishc.app.sync.SyncModel
import vn.ishc.app.sync.SyncScreenState
import vn.ishc.app.visit.VisitField
import vn.ishc.app.visit.VisitFormModel
import vn.ishc.app.visit.VisitFormState
import vn.ishc.core.ClubStore
import vn.ishc.core.Household
import vn.ishc.core.InterestMethod
import vn.ishc.core.IshcException
import vn.ishc.core.Membership
import vn.ishc.core.Role
import vn.ishc.core.Service
import vn.ishc.core.Sex
import vn.ishc.core.SyncClient
import vn.ishc.core.SyncState

/**
 * A ViewModel around one of the shared state holders (plain Kotlin, tested
 * on the JVM), whose constructor reads the store: makes it on
 * Dispatchers.IO, then mirrors its state into [state], `null` until then.
 *
 * Typing goes to the model at once on the main thread ([edit]), so text
 * fields never lag behind what was typed (drafts are written in the
 * background: [BackgroundDrafts]); the model's state reaches [state] before
 * the edit returns, as [viewModelScope] runs on Dispatchers.Main.immediate.
 * Store calls run on Dispatchers.IO one at a time, in the order asked
 * ([io], a Mutex).
 */
abstract class HolderViewModel<M : Any, S : Any>(
    make: () -> M,
    stateOf: (M) -> StateFlow<S>,
) : ViewModel() {
    private val lock = Mutex()
    private val _state = MutableStateFlow<S?>(null)

    /** The model once made. */
    protected var model: M? = null
        private set

    /** The screen's state, or `null` while the model is being made. */
    val state: StateFlow<S?> = _state.asStateFlow()

    init {
        viewModelScope.launch {
            val m = withContext(Dispatchers.IO) { lock.withLock { make() } }
            model = m
            stateOf(m).collect { _state.value = it }
        }
    }

    /** Runs [f] on the model now, on the calling (main) thread; nothing before the model is made. */
    protected fun edit(f: (M) -> Unit) {
        model?.let(f)
    }

    /** Runs [f] on the model on Dispatchers.IO, after the calls asked for before it. */
    protected fun io(f: suspend (M) -> Unit) {
        val m = model ?: return
        viewModelScope.launch(Dispatchers.IO) { lock.withLock { f(m) } }
    }

    /** Runs [f] on the model on Dispatchers.IO without waiting for other calls (a long network call). */
    protected fun background(f: suspend (M) -> Unit) {
        val m = model ?: return
        viewModelScope.launch(Dispatchers.IO) { f(m) }
    }
}

/**
 * The home page by role ([HomeModel]) of the acting member [actingMemberId]
 * on the core's today, read again on every reload (a page left open past
 * midnight moves to the new day). Reads again on [refresh] (the screen
 * calls it whenever it is shown) and after every sync that ended (done or
 * failed: a failed one may have applied part of a pull).
 */
class HomeViewModel(store: ClubStore, actingMemberId: String, syncStatus: SyncStatusRepository) :
    HolderViewModel<HomeModel, HomeState>({ HomeModel(store, actingMemberId) { store.today() } }, { it.state }) {
    init {
        viewModelScope.launch {
            syncStatus.state
                .drop(1) // the state when the page opened: the model has just read the store
                .filter { it is SyncState.Done || it is SyncState.Failed }
                .collect { refresh() }
        }
    }

    /** Reads the page again. */
    fun refresh() = io { it.reload() }
}

/**
 * The visit form ([VisitFormModel]); [volunteerId] is the acting member.
 * [recipientId], when the home page's "log a visit" names someone, is
 * picked; a draft left for someone else is then not used.
 */
class VisitViewModel(store: ClubStore, volunteerId: String, drafts: Drafts, recipientId: String?) :
    HolderViewModel<VisitFormModel, VisitFormState>(
        { VisitFormModel(store, volunteerId, drafts, recipientId) },
        { it.state },
    ) {
    fun pickRecipient(id: String) = edit { it.pickRecipient(id) }

    fun toggleService(s: Service) = edit { it.toggleService(s) }

    /** Typing: the readings' flag is the core's check, a pure function. */
    fun setField(f: VisitField, value: String) = edit { it.setField(f, value) }

    fun discard() = edit { it.discard() }

    /** Logs the visit through the core. */
    fun save() = io { it.save() }

    /** Reads the recipients again (after a sync). */
    fun refresh() = io { it.refreshRecipients() }
}

/**
 * The repayment form of one loan ([RepaymentFormModel]), and the club's
 * name for the receipt.
 */
class RepaymentViewModel(store: ClubStore, loanId: String) :
    HolderViewModel<RepaymentFormModel, RepaymentFormState>({ RepaymentFormModel(store, loanId) }, { it.state }) {
    /** The club's name (for the receipt); empty until read, or if there is no club. */
    @Volatile
    var clubName: String = ""
        private set

    init {
        viewModelScope.launch(Dispatchers.IO) {
            clubName = try {
                store.club().name
            } catch (e: IshcException) {
                ""
            }
        }
    }

    /** Typing: the amount's meaning (`1tr5` = 1.500.000 ₫) is the core's parser, a pure function. */
    fun setAmount(text: String) = edit { it.setAmount(text) }

    fun setPaidOn(text: String) = edit { it.setPaidOn(text) }

    /** Records the repayment through the core. */
    fun save() = io { it.save() }
}

/**
 * Enrolling the phone on first start ([EnrolModel]; it touches no store
 * until [enrol]). [defaultServerUrl] prefills the address (the build's
 * `DEFAULT_SERVER_URL`); [deviceName] prefills the phone's name.
 */
class EnrolViewModel(store: ClubStore, defaultServerUrl: String, deviceName: String) : ViewModel() {
    private val model = EnrolModel(store, defaultServerUrl, deviceName)

    /** The form's state. */
    val state: StateFlow<EnrolState> = model.state

    fun setServerUrl(v: String) = model.setServerUrl(v)

    fun setCode(v: String) = model.setCode(v)

    fun setDeviceName(v: String) = model.setDeviceName(v)

    /** Enrols with the server (the core's suspend `enrol`), off the main thread. */
    fun enrol() {
        viewModelScope.launch(Dispatchers.IO) { model.enrol() }
    }
}

/**
 * Settings ([SettingsModel] over [SettingsStore] as its `SettingsPrefs`;
 * its constructor applies the saved acting member to the store and reads
 * the members). Reads the members and the enrolment again on [refresh]
 * (the screen calls it whenever it is shown: the tab's ViewModel is kept)
 * and after every sync that ended: a new phone receives its club's people
 * by the sync that follows the enrolment, after this page was first read.
 */
class SettingsViewModel(store: ClubStore, prefs: SettingsStore, client: SyncClient, syncStatus: SyncStatusRepository) :
    HolderViewModel<SettingsModel, SettingsState>({ SettingsModel(store, prefs, client) }, { it.state }) {
    init {
        viewModelScope.launch {
            syncStatus.state
                .drop(1) // the state when the page opened: the model has just read the store
                .filter { it is SyncState.Done || it is SyncState.Failed }
                .collect { refresh() }
        }
    }

    /** Reads the members and the enrolment again. */
    fun refresh() = io { it.reload() }

    /** A preference only: every screen redraws in the language at once. */
    fun setLanguage(language: AppLanguage) = edit { it.setLanguage(language) }

    /** A preference only. */
    fun setTextSize(size: TextSize) = edit { it.setTextSize(size) }

    /** Who is using the phone: applied to the store. */
    fun pickActingMember(id: String?) = io { it.pickActingMember(id) }
}

/**
 * The sync screen ([SyncModel]: status, refused operations, conflicts, and
 * its own subscription to the client's state, closed with the ViewModel).
 * "Sync now" here syncs at once in this screen's scope (the person is
 * watching); the background worker and the enrolment's first sync go through
 * WorkManager.
 */
class SyncViewModel(store: ClubStore, client: SyncClient) :
    HolderViewModel<SyncModel, SyncScreenState>({ SyncModel(store, client) }, { it.state }) {
    /** Syncs now, whatever the backoff (the core's `sync`). */
    fun syncNow() = background { it.syncNow() }

    fun restore(conflictId: String) = io { it.restoreConflict(conflictId) }

    fun dismiss(conflictId: String) = io { it.dismissConflict(conflictId) }

    /** Reads the status and the lists again (on returning to the screen). */
    fun refresh() = io { it.refresh() }

    override fun onCleared() {
        model?.close()
    }
}

/**
 * The club's people ([MembersListModel]). The search box shows
 * [typedSearch] at once (Compose state); the search itself, a store query,
 * runs off the main thread.
 */
class MembersListViewModel(store: ClubStore) :
    HolderViewModel<MembersListModel, MembersListState>({ MembersListModel(store) }, { it.state }) {
    /** The search as typed, or `null` before any typing (then the model's). */
    var typedSearch: String? by mutableStateOf(null)
        private set

    fun setSearch(text: String) {
        typedSearch = text
        io { it.setSearch(text) }
    }

    fun setIncludeLeft(include: Boolean) = io { it.setIncludeLeft(include) }

    /** Reads the list again (on returning to it: after a registration or a merge). */
    fun refresh() = io { it.refresh() }
}

/** Registering a person ([MemberFormModel], with a draft). */
class MemberFormViewModel(store: ClubStore, drafts: Drafts) :
    HolderViewModel<MemberFormModel, MemberFormState>({ MemberFormModel(store, drafts) }, { it.state }) {
    /** Typing: the phone number is checked as typed by the core's parser, a pure function. */
    fun setField(f: MemberField, value: String) = edit { it.setField(f, value) }

    fun setSex(sex: Sex) = edit { it.setSex(sex) }

    fun setHousehold(h: Household) = edit { it.setHousehold(h) }

    fun setDisabled(disabled: Boolean) = edit { it.setDisabled(disabled) }

    fun setLivesAlone(alone: Boolean) = edit { it.setLivesAlone(alone) }

    fun toggleRole(r: Role) = edit { it.toggleRole(r) }

    fun setMembership(m: Membership) = edit { it.setMembership(m) }

    /** Drops the draft and empties the form (the join date is the core's today: a store call, on IO). */
    fun discard() = io { it.discard() }

    /** Registers the person through the core. */
    fun save() = io { it.save() }
}

/** One person's page ([MemberDetailModel]: who they are, passbook, loans). */
class MemberDetailViewModel(store: ClubStore, memberId: String) :
    HolderViewModel<MemberDetailModel, MemberDetailState>({ MemberDetailModel(store, memberId) }, { it.state }) {
    /** Reads the page again (on returning to it: after a repayment). */
    fun refresh() = io { it.reload() }
}

/** Possible duplicates ([DuplicatesModel]): keep one of a pair (confirmed), or two different people. */
class DuplicatesViewModel(store: ClubStore) :
    HolderViewModel<DuplicatesModel, DuplicatesState>({ DuplicatesModel(store) }, { it.state }) {
    /** Asks for a confirmation (state only). */
    fun chooseKeep(flagId: String, keptId: String) = edit { it.chooseKeep(flagId, keptId) }

    fun cancelMerge() = edit { it.cancelMerge() }

    /** Merges the pair through the core. */
    fun confirmMerge() = io { it.confirmMerge() }

    fun dismiss(flagId: String) = io { it.dismiss(flagId) }
}

/** The club's loans ([LoanListModel]): active first, most days past due first; closed ones on request. */
class LoanListViewModel(store: ClubStore) :
    HolderViewModel<LoanListModel, LoanListState>({ LoanListModel(store) }, { it.state }) {
    fun toggleClosed() = io { it.toggleClosed() }

    /** Reads the list again (on returning to it). */
    fun refresh() = io { it.reload() }
}

/**
 * One loan ([LoanDetailModel]: schedule, repayments, reversal, write-off);
 * [actingMemberId]'s roles decide whether write-off is offered.
 */
class LoanDetailViewModel(store: ClubStore, loanId: String, actingMemberId: String) :
    HolderViewModel<LoanDetailModel, LoanDetailState>({ LoanDetailModel(store, loanId, actingMemberId) }, { it.state }) {
    fun askReverse(entryId: String) = edit { it.askReverse(entryId) }

    fun setReverseReason(text: String) = edit { it.setReverseReason(text) }

    fun cancelReverse() = edit { it.cancelReverse() }

    /** Reverses the repayment through the core. */
    fun confirmReverse() = io { it.confirmReverse() }

    fun askWriteOff() = edit { it.askWriteOff() }

    fun setWriteOffReason(text: String) = edit { it.setWriteOffReason(text) }

    fun cancelWriteOff() = edit { it.cancelWriteOff() }

    /** Writes the loan off through the core. */
    fun confirmWriteOff() = io { it.confirmWriteOff() }

    /** Reads the loan again (on returning to it: after a repayment). */
    fun refresh() = io { it.reload() }
}

/**
 * Disbursing a loan ([DisburseModel]). The borrower search box shows
 * [typedSearch] at once (Compose state); the search, a store query, runs
 * off the main thread.
 */
class DisburseViewModel(store: ClubStore) :
    HolderViewModel<DisburseModel, DisburseState>({ DisburseModel(store) }, { it.state }) {
    /** The borrower search as typed, or `null` when the model's is the one to show. */
    var typedSearch: String? by mutableStateOf(null)
        private set

    fun setSearch(text: String) {
        typedSearch = text
        io { it.setSearch(text) }
    }

    /** Picks a borrower (the model empties its search). */
    fun pickBorrower(id: String) {
        typedSearch = null
        edit { it.pickBorrower(id) }
    }

    fun clearBorrower() = edit { it.clearBorrower() }

    fun setPrincipal(text: String) = edit { it.setPrincipal(text) }

    fun setTermMonths(text: String) = edit { it.setTermMonths(text) }

    fun setRate(text: String) = edit { it.setRate(text) }

    fun setMethod(m: InterestMethod) = edit { it.setMethod(m) }

    fun setPurpose(text: String) = edit { it.setPurpose(text) }

    fun setDisbursedOn(text: String) = edit { it.setDisbursedOn(text) }

    /** Checks the form and computes the schedule through the core (nothing recorded). */
    fun preview() = io { it.preview() }

    /** Disburses the loan through the core; once lent, the borrower search box is emptied too. */
    fun confirm() = io { m ->
        if (m.confirm()) withContext(Dispatchers.Main) { typedSearch = null }
    }
}

/** A member's savings ([SavingsModel]): passbook, deposit or withdrawal, reversal. */
class SavingsViewModel(store: ClubStore, memberId: String) :
    HolderViewModel<SavingsModel, SavingsState>({ SavingsModel(store, memberId) }, { it.state }) {
    fun setAction(a: SavingsAction) = edit { it.setAction(a) }

    fun setAmount(text: String) = edit { it.setAmount(text) }

    fun setOn(text: String) = edit { it.setOn(text) }

    fun setMemo(text: String) = edit { it.setMemo(text) }

    /** Records the deposit or withdrawal through the core. */
    fun save() = io { it.save() }

    fun askReverse(entryId: String) = edit { it.askReverse(entryId) }

    fun setReverseReason(text: String) = edit { it.setReverseReason(text) }

    fun cancelReverse() = edit { it.cancelReverse() }

    /** Reverses the entry through the core. */
    fun confirmReverse() = io { it.confirmReverse() }
}

/** A care recipient's visit history ([VisitHistoryModel]): reads on IO, voiding on IO. */
class VisitHistoryViewModel(store: ClubStore, recipientId: String, actingMemberId: String?) :
    HolderViewModel<VisitHistoryModel, VisitHistoryState>(
        { VisitHistoryModel(store, recipientId, actingMemberId) },
        { it.state },
    ) {
    fun setPeriod(p: HistoryPeriod) = io { it.setPeriod(p) }

    fun askVoid(visitId: String) = edit { it.askVoid(visitId) }

    fun setVoidReason(text: String) = edit { it.setVoidReason(text) }

    fun cancelVoid() = edit { it.cancelVoid() }

    /** Voids the visit through the core (it stays, marked, with the reason). */
    fun confirmVoid() = io { it.confirmVoid() }

    /** Reads the visits again (returning to the screen). */
    fun refresh() = io { it.reload() }
}
