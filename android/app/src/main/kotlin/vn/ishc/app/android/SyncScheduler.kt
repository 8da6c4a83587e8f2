package vn.ishc.app.android

import android.content.Context
import android.net.ConnectivityManager
import android.net.Network
import android.util.Log
import androidx.work.BackoffPolicy
import androidx.work.Constraints
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.ExistingWorkPolicy
import androidx.work.NetworkType
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import java.util.concurrent.TimeUnit

/**
 * When the app syncs, all through WorkManager (which survives the app being
 * killed and the phone restarting), always only with a connected network:
 *
 * - every 6 hours ([PERIODIC]);
 * - when the network comes back ([NETWORK], from [NetworkWatcher]): the
 *   usual case on patchy signal;
 * - when a person taps "sync now" ([NOW]).
 *
 * Failed runs back off exponentially from 30 s (WorkManager caps it at
 * 5 hours). Each kind is unique work: asking again while one is waiting or
 * running does not queue another.
 */
object SyncScheduler {
    /** Unique name of the periodic sync. */
    const val PERIODIC = "sync-periodic"

    /** Unique name of the sync when the network returns. */
    const val NETWORK = "sync-network"

    /** Unique name of the sync a person asked for. */
    const val NOW = "sync-now"

    /** Hours between periodic syncs. */
    const val PERIOD_HOURS = 6L

    /** First retry after a failed run, seconds; then doubling. */
    const val BACKOFF_SECONDS = 30L

    private val connected: Constraints
        get() = Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build()

    /** Schedules the periodic sync (kept if already scheduled; updated if its settings changed). */
    fun schedulePeriodic(context: Context) {
        val request = PeriodicWorkRequestBuilder<SyncWorker>(PERIOD_HOURS, TimeUnit.HOURS)
            .setConstraints(connected)
            .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, BACKOFF_SECONDS, TimeUnit.SECONDS)
            .build()
        WorkManager.getInstance(context)
            .enqueueUniquePeriodicWork(PERIODIC, ExistingPeriodicWorkPolicy.UPDATE, request)
    }

    /** Syncs as soon as there is a network, ignoring the core's backoff (the "sync now" button). */
    fun syncNow(context: Context) {
        val request = OneTimeWorkRequestBuilder<SyncWorker>()
            .setConstraints(connected)
            .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, BACKOFF_SECONDS, TimeUnit.SECONDS)
            .setInputData(SyncWorker.forced())
            .build()
        WorkManager.getInstance(context).enqueueUniqueWork(NOW, ExistingWorkPolicy.KEEP, request)
    }

    /** Syncs if due now that a network is back (honours the core's backoff). */
    fun onNetworkAvailable(context: Context) {
        val request = OneTimeWorkRequestBuilder<SyncWorker>()
            .setConstraints(connected)
            .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, BACKOFF_SECONDS, TimeUnit.SECONDS)
            .build()
        WorkManager.getInstance(context).enqueueUniqueWork(NETWORK, ExistingWorkPolicy.KEEP, request)
    }
}

/**
 * Enqueues a sync whenever the phone's default network becomes available
 * (`registerDefaultNetworkCallback`, API 24): on patchy signal, the moment
 * to send what was recorded offline. Also fires once when started if a
 * network is up, so the app syncs when it opens.
 *
 * Lives as long as the process; WorkManager's periodic sync covers the time
 * the process is not running. Needs `ACCESS_NETWORK_STATE`.
 */
class NetworkWatcher(context: Context) {
    private val app = context.applicationContext
    private val connectivity = app.getSystemService(ConnectivityManager::class.java)
    private val callback = object : ConnectivityManager.NetworkCallback() {
        override fun onAvailable(network: Network) {
            SyncScheduler.onNetworkAvailable(app)
        }
    }

    /** Starts watching. A failure to register (it should not happen) is logged: periodic sync still runs. */
    fun start() {
        try {
            connectivity?.registerDefaultNetworkCallback(callback)
        } catch (e: RuntimeException) {
            Log.w("IshcSync", "could not watch the network", e)
        }
    }

    /** Stops watching. */
    fun stop() {
        try {
            connectivity?.unregisterNetworkCallback(callback)
        } catch (e: IllegalArgumentException) {
            // not registered
        }
    }
}
