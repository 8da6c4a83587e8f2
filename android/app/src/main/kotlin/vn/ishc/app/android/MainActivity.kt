package vn.ishc.app.android

import android.content.Context
import android.content.Intent
import android.os.Build
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.WindowInsets
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.isImeVisible
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.produceState
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.Density
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.LifecycleStartEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import androidx.navigation.NavHostController
import androidx.navigation.NavType
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.currentBackStackEntryAsState
import androidx.navigation.compose.rememberNavController
import androidx.navigation.navArgument
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import vn.ishc.app.BuildConfig
import vn.ishc.app.loans.receiptText
import vn.ishc.app.sync.stateLine
import vn.ishc.app.text.FormErrors
import vn.ishc.app.ui.DisburseActions
import vn.ishc.app.ui.DisburseScreen
import vn.ishc.app.ui.DuplicatesActions
import vn.ishc.app.ui.DuplicatesScreen
import vn.ishc.app.ui.EnrolActions
import vn.ishc.app.ui.EnrolScreen
import vn.ishc.app.ui.HomeActions
import vn.ishc.app.ui.HomeScreen
import vn.ishc.app.ui.IshcTheme
import vn.ishc.app.ui.LoanDetailActions
import vn.ishc.app.ui.LoanDetailScreen
import vn.ishc.app.ui.LoanListActions
import vn.ishc.app.ui.LoanListScreen
import vn.ishc.app.ui.LocalStrings
import vn.ishc.app.ui.MemberDetailActions
import vn.ishc.app.ui.MemberDetailScreen
import vn.ishc.app.ui.MemberFormActions
import vn.ishc.app.ui.MemberFormScreen
import vn.ishc.app.ui.MembersListActions
import vn.ishc.app.ui.MembersListScreen
import vn.ishc.app.ui.RepaymentActions
import vn.ishc.app.ui.RepaymentScreen
import vn.ishc.app.ui.SavingsActions
import vn.ishc.app.ui.SavingsScreen
import vn.ishc.app.ui.SettingsActions
import vn.ishc.app.ui.SettingsScreen
import vn.ishc.app.ui.SyncActions
import vn.ishc.app.ui.SyncScreen
import vn.ishc.app.ui.VisitActions
import vn.ishc.app.ui.VisitHistoryActions
import vn.ishc.app.ui.VisitHistoryScreen
import vn.ishc.app.ui.VisitScreen
import vn.ishc.app.ui.resolve
import vn.ishc.app.ui.str
import vn.ishc.core.ClubStore
import vn.ishc.core.IshcException

/**
 * The app's one activity: edge to edge, Compose, in the language and text
 * size of the settings. Opens the club database off the main thread first
 * (a spinner meanwhile; an error page if it cannot be opened), then shows
 * the screens under one navigation graph ([Routes]) with a tab bar for the
 * top-level ones.
 */
class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        val services = applicationContext.services
        setContent {
            val settings by services.settings.state.collectAsStateWithLifecycle()
            val context = LocalContext.current
            val strings = remember(settings.language) { ResourceStrings(context, settings.language) }
            IshcTheme(strings, settings.textScale) {
                Surface(Modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
                    // Insets: status and navigation bars, display cutout and
                    // the keyboard (windowSoftInputMode="adjustResize").
                    Box(Modifier.fillMaxSize().safeDrawingPadding()) {
                        val opening by produceState<StoreOpening>(StoreOpening.Opening) {
                            value = withContext(Dispatchers.IO) { StoreOpening.open(services) }
                        }
                        when (val o = opening) {
                            StoreOpening.Opening -> Loading()
                            is StoreOpening.Failed -> OpenFailed(o.error)
                            is StoreOpening.Open -> IshcApp(services, o.store, o.startRoute)
                        }
                    }
                }
            }
        }
    }
}

/** Opening the club database (and subscribing to sync state), which reads the disk. */
private sealed interface StoreOpening {
    data object Opening : StoreOpening

    /** Open; [startRoute] is [Routes.ENROL] for a new phone, else [Routes.HOME]. */
    data class Open(val store: ClubStore, val startRoute: String) : StoreOpening
    data class Failed(val error: IshcException) : StoreOpening

    companion object {
        /** Opens the store and the sync subscription; call on Dispatchers.IO. */
        fun open(services: AppServices): StoreOpening = try {
            val store = services.store
            services.syncStatus
            val enrolled = services.syncClient.status().enrolled
            val hasClub = try {
                store.club()
                true
            } catch (e: IshcException.NotFound) {
                false
            }
            // A new phone enrols first; a phone with a club made here (not
            // enrolled) or already enrolled opens on the home page.
            Open(store, if (!enrolled && !hasClub) Routes.ENROL else Routes.HOME)
        } catch (e: IshcException) {
            Failed(e)
        }
    }
}

/**
 * The navigation graph's routes. Top level, with a tab each: [HOME],
 * [MEMBERS], [LOANS], [SYNC], [SETTINGS]. Then [ENROL] (a new phone's
 * start), and the pages opened from those: [VISIT], [REPAYMENT], [LOAN],
 * [LOAN_NEW], [SAVINGS], [MEMBER], [MEMBER_NEW], [DUPLICATES].
 */
object Routes {
    const val ENROL = "enrol"
    const val HOME = "home"
    const val MEMBERS = "members"
    const val LOANS = "loans"
    const val SYNC = "sync"
    const val SETTINGS = "settings"
    const val VISIT = "visit?recipientId={recipientId}"
    const val REPAYMENT = "repayment/{loanId}"
    const val LOAN = "loan/{loanId}"
    const val LOAN_NEW = "loans/new"
    const val SAVINGS = "savings/{memberId}"
    const val MEMBER = "member/{memberId}"
    const val MEMBER_NEW = "members/new"
    const val DUPLICATES = "members/duplicates"
    const val HISTORY = "history/{recipientId}"

    /** The visit form, with [recipientId] picked if given. */
    fun visit(recipientId: String? = null) = if (recipientId == null) "visit" else "visit?recipientId=$recipientId"

    fun repayment(loanId: String) = "repayment/$loanId"

    fun loan(loanId: String) = "loan/$loanId"

    fun savings(memberId: String) = "savings/$memberId"

    fun member(memberId: String) = "member/$memberId"

    fun history(recipientId: String) = "history/$recipientId"
}

/** A tab of the tab bar: its route, its label's string name, its icon. */
private class Tab(val route: String, val label: String, val icon: ImageVector)

private val Tabs = listOf(
    Tab(Routes.HOME, "tab_home", TabIcons.Home),
    Tab(Routes.MEMBERS, "tab_members", TabIcons.Members),
    Tab(Routes.LOANS, "tab_loans", TabIcons.Loans),
    Tab(Routes.SYNC, "tab_sync", TabIcons.Sync),
    Tab(Routes.SETTINGS, "tab_settings", TabIcons.Settings),
)

/** Opens a top-level page: one copy of each, each keeping its own back stack and state. */
private fun NavHostController.openTab(route: String) = navigate(route) {
    popUpTo(Routes.HOME) { saveState = true }
    launchSingleTop = true
    restoreState = true
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun IshcApp(services: AppServices, store: ClubStore, startRoute: String) {
    val nav = rememberNavController()
    val current by nav.currentBackStackEntryAsState()
    val route = current?.destination?.route
    Column(Modifier.fillMaxSize()) {
        IshcNavHost(nav, services, store, startRoute, Modifier.weight(1f))
        // The tab bar on the top-level pages, hidden while typing.
        if (Tabs.any { it.route == route } && !WindowInsets.isImeVisible) {
            TabBar(route) { nav.openTab(it) }
        }
    }
}

/**
 * The tab bar. Labels are capped at 1.3 × font scale (the icons say the
 * rest), so that five of them fit a 360 dp phone at the largest text size.
 */
@Composable
private fun TabBar(route: String?, open: (String) -> Unit) {
    val d = LocalDensity.current
    CompositionLocalProvider(LocalDensity provides Density(d.density, minOf(d.fontScale, 1.3f))) {
        NavigationBar {
            for (tab in Tabs) {
                NavigationBarItem(
                    selected = tab.route == route,
                    onClick = { open(tab.route) },
                    icon = { Icon(tab.icon, contentDescription = null) },
                    label = { Text(str(tab.label), maxLines = 1, overflow = TextOverflow.Ellipsis) },
                    modifier = Modifier.testTag("tab:${tab.route}"),
                )
            }
        }
    }
}

@Composable
private fun IshcNavHost(
    nav: NavHostController,
    services: AppServices,
    store: ClubStore,
    startRoute: String,
    modifier: Modifier,
) {
    val context = LocalContext.current
    // What outlives the activity (the ViewModels' callbacks) holds the application, never the activity.
    val appContext = context.applicationContext
    NavHost(navController = nav, startDestination = startRoute, modifier = modifier) {
        composable(Routes.ENROL) {
            val vm = viewModel {
                EnrolViewModel(store, BuildConfig.DEFAULT_SERVER_URL, "${Build.MANUFACTURER} ${Build.MODEL}".trim())
            }
            val state by vm.state.collectAsStateWithLifecycle()
            EnrolScreen(
                state,
                EnrolActions(
                    setServerUrl = vm::setServerUrl,
                    setCode = vm::setCode,
                    setDeviceName = vm::setDeviceName,
                    enrol = vm::enrol,
                    done = {
                        // Receive the club (in the background, with a network), and go on.
                        SyncScheduler.syncNow(appContext)
                        nav.navigate(Routes.HOME) { popUpTo(Routes.ENROL) { inclusive = true } }
                    },
                ),
            )
        }

        composable(Routes.HOME) {
            val settings by services.settings.state.collectAsStateWithLifecycle()
            val acting = settings.actingMemberId
            if (acting == null) {
                NoOneActing(services) { nav.openTab(Routes.SETTINGS) }
            } else {
                val vm = viewModel(key = "home:$acting") { HomeViewModel(store, acting, services.syncStatus) }
                // Read again whenever the page is shown (back from a form, back to the app).
                LifecycleStartEffect(vm) {
                    vm.refresh()
                    onStopOrDispose { }
                }
                val state by vm.state.collectAsStateWithLifecycle()
                Holding(state) { s ->
                    HomeScreen(
                        s,
                        HomeActions(
                            logVisit = { nav.navigate(Routes.visit(it)) },
                            logAnyVisit = { nav.navigate(Routes.visit()) },
                            recordRepayment = { nav.navigate(Routes.repayment(it)) },
                            openLoan = { nav.navigate(Routes.loan(it)) },
                            openSavings = { nav.navigate(Routes.savings(it)) },
                        ),
                    )
                }
            }
        }

        composable(
            Routes.VISIT,
            arguments = listOf(
                navArgument("recipientId") {
                    type = NavType.StringType
                    nullable = true
                    defaultValue = null
                },
            ),
        ) { entry ->
            val recipientId = entry.arguments?.getString("recipientId")
            val settings by services.settings.state.collectAsStateWithLifecycle()
            val volunteer = settings.actingMemberId
            if (volunteer == null) {
                // Nobody is acting (the home page asks who first): go back there.
                LaunchedEffect(Unit) { nav.popBackStack(Routes.HOME, inclusive = false) }
            } else {
                val vm = viewModel { VisitViewModel(store, volunteer, services.drafts, recipientId) }
                val state by vm.state.collectAsStateWithLifecycle()
                Holding(state) { s ->
                    VisitScreen(
                        s,
                        VisitActions(
                            pickRecipient = vm::pickRecipient,
                            toggleService = vm::toggleService,
                            setField = vm::setField,
                            save = vm::save,
                            discard = vm::discard,
                        ),
                    )
                }
            }
        }

        composable(
            Routes.REPAYMENT,
            arguments = listOf(navArgument("loanId") { type = NavType.StringType }),
        ) { entry ->
            val loanId = entry.arguments?.getString("loanId").orEmpty()
            val vm = viewModel { RepaymentViewModel(store, loanId) }
            val state by vm.state.collectAsStateWithLifecycle()
            val strings = LocalStrings.current
            Holding(state) { s ->
                RepaymentScreen(
                    s,
                    RepaymentActions(
                        setAmount = vm::setAmount,
                        setPaidOn = vm::setPaidOn,
                        save = vm::save,
                        shareReceipt = {
                            val loan = s.loan
                            val receipt = s.receipt
                            if (loan != null && receipt != null) {
                                shareText(context, receiptText(strings, vm.clubName, loan, receipt))
                            }
                        },
                    ),
                )
            }
        }

        composable(Routes.LOANS) {
            val vm = viewModel { LoanListViewModel(store) }
            LifecycleStartEffect(vm) {
                vm.refresh()
                onStopOrDispose { }
            }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                LoanListScreen(
                    s,
                    LoanListActions(
                        openLoan = { nav.navigate(Routes.loan(it)) },
                        newLoan = { nav.navigate(Routes.LOAN_NEW) },
                        toggleClosed = vm::toggleClosed,
                    ),
                )
            }
        }

        composable(
            Routes.LOAN,
            arguments = listOf(navArgument("loanId") { type = NavType.StringType }),
        ) { entry ->
            val loanId = entry.arguments?.getString("loanId").orEmpty()
            val acting = services.settings.actingMemberId.orEmpty()
            val vm = viewModel(key = "loan:$loanId:$acting") { LoanDetailViewModel(store, loanId, acting) }
            LifecycleStartEffect(vm) {
                vm.refresh()
                onStopOrDispose { }
            }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                LoanDetailScreen(
                    s,
                    LoanDetailActions(
                        recordRepayment = { nav.navigate(Routes.repayment(loanId)) },
                        askReverse = vm::askReverse,
                        setReverseReason = vm::setReverseReason,
                        confirmReverse = vm::confirmReverse,
                        cancelReverse = vm::cancelReverse,
                        askWriteOff = vm::askWriteOff,
                        setWriteOffReason = vm::setWriteOffReason,
                        confirmWriteOff = vm::confirmWriteOff,
                        cancelWriteOff = vm::cancelWriteOff,
                    ),
                )
            }
        }

        composable(Routes.LOAN_NEW) {
            val vm = viewModel { DisburseViewModel(store) }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                DisburseScreen(
                    s.copy(search = vm.typedSearch ?: s.search),
                    DisburseActions(
                        setSearch = vm::setSearch,
                        pickBorrower = vm::pickBorrower,
                        clearBorrower = vm::clearBorrower,
                        setPrincipal = vm::setPrincipal,
                        setTermMonths = vm::setTermMonths,
                        setRate = vm::setRate,
                        setMethod = vm::setMethod,
                        setPurpose = vm::setPurpose,
                        setDisbursedOn = vm::setDisbursedOn,
                        preview = vm::preview,
                        confirm = vm::confirm,
                    ),
                )
            }
        }

        composable(
            Routes.SAVINGS,
            arguments = listOf(navArgument("memberId") { type = NavType.StringType }),
        ) { entry ->
            val memberId = entry.arguments?.getString("memberId").orEmpty()
            val vm = viewModel { SavingsViewModel(store, memberId) }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                SavingsScreen(
                    s,
                    SavingsActions(
                        setAction = vm::setAction,
                        setAmount = vm::setAmount,
                        setOn = vm::setOn,
                        setMemo = vm::setMemo,
                        save = vm::save,
                        askReverse = vm::askReverse,
                        setReverseReason = vm::setReverseReason,
                        confirmReverse = vm::confirmReverse,
                        cancelReverse = vm::cancelReverse,
                    ),
                )
            }
        }

        composable(Routes.MEMBERS) {
            val vm = viewModel { MembersListViewModel(store) }
            LifecycleStartEffect(vm) {
                vm.refresh()
                onStopOrDispose { }
            }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                MembersListScreen(
                    s.copy(search = vm.typedSearch ?: s.search),
                    MembersListActions(
                        setSearch = vm::setSearch,
                        setIncludeLeft = vm::setIncludeLeft,
                        open = { nav.navigate(Routes.member(it)) },
                        register = { nav.navigate(Routes.MEMBER_NEW) },
                        openDuplicates = { nav.navigate(Routes.DUPLICATES) },
                    ),
                )
            }
        }

        composable(Routes.MEMBER_NEW) {
            val vm = viewModel { MemberFormViewModel(store, services.drafts) }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                MemberFormScreen(
                    s,
                    MemberFormActions(
                        setField = vm::setField,
                        setSex = vm::setSex,
                        setHousehold = vm::setHousehold,
                        setDisabled = vm::setDisabled,
                        setLivesAlone = vm::setLivesAlone,
                        toggleRole = vm::toggleRole,
                        setMembership = vm::setMembership,
                        save = vm::save,
                        discard = vm::discard,
                        openDuplicates = { nav.navigate(Routes.DUPLICATES) },
                    ),
                )
            }
        }

        composable(
            Routes.MEMBER,
            arguments = listOf(navArgument("memberId") { type = NavType.StringType }),
        ) { entry ->
            val memberId = entry.arguments?.getString("memberId").orEmpty()
            val vm = viewModel { MemberDetailViewModel(store, memberId) }
            LifecycleStartEffect(vm) {
                vm.refresh()
                onStopOrDispose { }
            }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                MemberDetailScreen(
                    s,
                    MemberDetailActions(
                        openLoan = { nav.navigate(Routes.loan(it)) },
                        openSavings = { nav.navigate(Routes.savings(it)) },
                        openHistory = { nav.navigate(Routes.history(it)) },
                    ),
                )
            }
        }

        composable(
            Routes.HISTORY,
            arguments = listOf(navArgument("recipientId") { type = NavType.StringType }),
        ) { entry ->
            val recipientId = entry.arguments?.getString("recipientId").orEmpty()
            val settings by services.settings.state.collectAsStateWithLifecycle()
            val vm = viewModel { VisitHistoryViewModel(store, recipientId, settings.actingMemberId) }
            LifecycleStartEffect(vm) {
                vm.refresh()
                onStopOrDispose { }
            }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                VisitHistoryScreen(
                    s,
                    VisitHistoryActions(
                        setPeriod = vm::setPeriod,
                        askVoid = vm::askVoid,
                        setVoidReason = vm::setVoidReason,
                        confirmVoid = vm::confirmVoid,
                        cancelVoid = vm::cancelVoid,
                    ),
                )
            }
        }

        composable(Routes.DUPLICATES) {
            val vm = viewModel { DuplicatesViewModel(store) }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                DuplicatesScreen(
                    s,
                    DuplicatesActions(
                        chooseKeep = vm::chooseKeep,
                        confirmMerge = vm::confirmMerge,
                        cancelMerge = vm::cancelMerge,
                        dismiss = vm::dismiss,
                    ),
                )
            }
        }

        composable(Routes.SYNC) {
            val vm = viewModel { SyncViewModel(store, services.syncClient) }
            LifecycleStartEffect(vm) {
                vm.refresh()
                onStopOrDispose { }
            }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                SyncScreen(s, SyncActions(syncNow = vm::syncNow, restore = vm::restore, dismiss = vm::dismiss))
            }
        }

        composable(Routes.SETTINGS) {
            val vm = viewModel { SettingsViewModel(store, services.settings, services.syncClient, services.syncStatus) }
            // Read again whenever the page is shown (the club may have arrived by a sync since).
            LifecycleStartEffect(vm) {
                vm.refresh()
                onStopOrDispose { }
            }
            val state by vm.state.collectAsStateWithLifecycle()
            Holding(state) { s ->
                SettingsScreen(
                    s,
                    SettingsActions(
                        setLanguage = vm::setLanguage,
                        setTextSize = vm::setTextSize,
                        pickActingMember = vm::pickActingMember,
                    ),
                )
            }
        }
    }
}

/** [content] once [state] is read, a spinner before. */
@Composable
private fun <S : Any> Holding(state: S?, content: @Composable (S) -> Unit) {
    if (state == null) Loading() else content(state)
}

/**
 * The home page while no one is using the phone: who acts decides what the
 * home page shows and what may be recorded, so ask first (in the settings),
 * with the sync line (a new phone receives its club's people by syncing).
 */
@Composable
private fun NoOneActing(services: AppServices, pick: () -> Unit) {
    val live by services.syncStatus.state.collectAsStateWithLifecycle()
    // Enrolled or not (a phone with a club made here is not): read off the main thread, again as the state changes.
    val enrolled by produceState<Boolean?>(null, live) {
        value = withContext(Dispatchers.IO) { runCatching { services.syncClient.status().enrolled }.getOrNull() }
    }
    Column(
        Modifier.fillMaxSize().padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("settings_acting"), style = MaterialTheme.typography.headlineSmall)
        Text(str("settings_acting_explain"))
        Button(
            onClick = pick,
            modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("pick-acting"),
        ) { Text(str("shell_pick_acting")) }
        enrolled?.let { Text(stateLine(live, it).resolve(), style = MaterialTheme.typography.bodyMedium) }
    }
}

/** Hands [text] to the apps that take text (Zalo, SMS…), through the system's chooser. */
private fun shareText(context: Context, text: String) {
    val send = Intent(Intent.ACTION_SEND).apply {
        type = "text/plain"
        putExtra(Intent.EXTRA_TEXT, text)
    }
    context.startActivity(Intent.createChooser(send, null))
}

@Composable
private fun Loading() {
    Box(Modifier.fillMaxSize(), contentAlignment = Alignment.Center) {
        Column(horizontalAlignment = Alignment.CenterHorizontally) {
            CircularProgressIndicator()
            Text(str("shell_loading"), Modifier.padding(top = 16.dp))
        }
    }
}

/** The database could not be opened: say why (a newer app's file, a damaged file). */
@Composable
private fun OpenFailed(error: IshcException) {
    val message = FormErrors.of(error, emptySet()).form
    Box(Modifier.fillMaxSize().padding(24.dp), contentAlignment = Alignment.Center) {
        Text(message?.resolve() ?: error.message.orEmpty(), color = MaterialTheme.colorScheme.error)
    }
}
