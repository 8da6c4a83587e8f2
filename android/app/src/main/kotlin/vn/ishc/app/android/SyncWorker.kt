package vn.ishc.app.android

import android.content.Context
import android.util.Log
import androidx.work.CoroutineWorker
import androidx.work.ListenableWorker.Result
import androidx.work.WorkerParameters
import androidx.work.workDataOf
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import vn.ishc.core.IshcException

/**
 * Syncs the club with the provincial server in the background (WorkManager,
 * only when a network is connected: see [SyncScheduler]).
 *
 * Calls the core's `syncIfDue()`, which honours the core's own backoff after
 * a failure, or `sync()` when a person asked for it ([KEY_FORCE]). A phone
 * not yet enrolled has nothing to sync: success, nothing done.
 *
 * Outcome for WorkManager: success after a sync, or when there is nothing
 * to do or another sync of this phone is running (`sync.in_progress`);
 * retry (WorkManager's exponential backoff) when the network failed
 * (`sync.network`, `sync.http`) or the core's backoff says a retry is not
 * due yet; failure for what a person has to act on (a revoked device, a
 * protocol or database error), which the home page shows from the sync
 * client's state.
 */
class SyncWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val services = applicationContext.services
        return try {
            val client = withContext(Dispatchers.IO) { services.syncClient }
            val enrolled = withContext(Dispatchers.IO) { client.status().enrolled }
            if (!enrolled) return Result.success()
            val report = if (inputData.getBoolean(KEY_FORCE, false)) client.sync() else client.syncIfDue()
            if (report == null) Result.retry() else Result.success()
        } catch (e: IshcException) {
            Log.i(TAG, "sync: ${e.message}")
            outcome(e)
        }
    }

    companion object {
        /** Input: `true` to sync now whatever the backoff (the "sync now" button). */
        const val KEY_FORCE = "force"
        private const val TAG = "IshcSync"

        /** The input of a sync a person asked for. */
        fun forced() = workDataOf(KEY_FORCE to true)

        /** What WorkManager should do after the core refused or failed a sync. */
        fun outcome(e: IshcException): Result = when {
            e is IshcException.Sync && e.code in RETRY -> Result.retry()
            e is IshcException.Sync && e.code in DONE -> Result.success()
            else -> Result.failure()
        }

        /** The network or a proxy failed: try again later. */
        private val RETRY = setOf("sync.network", "sync.http")

        /** Nothing for this run to do: another sync is running, or the phone is not enrolled. */
        private val DONE = setOf("sync.in_progress", "sync.not_enrolled")
    }
}
