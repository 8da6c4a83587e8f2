@file:Suppress("unused", "UNUSED_PARAMETER")
package androidx.work

import android.content.Context
import java.util.concurrent.TimeUnit

class WorkerParameters
class Data { fun getBoolean(key: String, defaultValue: Boolean): Boolean = defaultValue }
fun workDataOf(vararg pairs: Pair<String, Any?>): Data = Data()

abstract class ListenableWorker(private val appContext: Context, params: WorkerParameters) {
    val applicationContext: Context get() = appContext
    val inputData: Data get() = Data()
    abstract class Result {
        companion object {
            @JvmStatic fun success(): Result = object : Result() {}
            @JvmStatic fun retry(): Result = object : Result() {}
            @JvmStatic fun failure(): Result = object : Result() {}
        }
    }
}

abstract class CoroutineWorker(appContext: Context, params: WorkerParameters) : ListenableWorker(appContext, params) {
    abstract suspend fun doWork(): Result
}

enum class NetworkType { NOT_REQUIRED, CONNECTED, UNMETERED }
enum class BackoffPolicy { EXPONENTIAL, LINEAR }
enum class ExistingWorkPolicy { REPLACE, KEEP, APPEND, APPEND_OR_REPLACE }
enum class ExistingPeriodicWorkPolicy { REPLACE, KEEP, UPDATE, CANCEL_AND_REENQUEUE }

class Constraints {
    class Builder {
        fun setRequiredNetworkType(t: NetworkType): Builder = this
        fun build(): Constraints = Constraints()
    }
}

abstract class WorkRequest
class OneTimeWorkRequest : WorkRequest() {
    class Builder(c: Class<out ListenableWorker>) {
        fun setConstraints(c: Constraints): Builder = this
        fun setBackoffCriteria(p: BackoffPolicy, d: Long, u: TimeUnit): Builder = this
        fun setInputData(d: Data): Builder = this
        fun build(): OneTimeWorkRequest = OneTimeWorkRequest()
    }
}
class PeriodicWorkRequest : WorkRequest() {
    class Builder(c: Class<out ListenableWorker>, i: Long, u: TimeUnit) {
        fun setConstraints(c: Constraints): Builder = this
        fun setBackoffCriteria(p: BackoffPolicy, d: Long, u: TimeUnit): Builder = this
        fun build(): PeriodicWorkRequest = PeriodicWorkRequest()
    }
}
inline fun <reified W : ListenableWorker> OneTimeWorkRequestBuilder(): OneTimeWorkRequest.Builder = OneTimeWorkRequest.Builder(W::class.java)
inline fun <reified W : ListenableWorker> PeriodicWorkRequestBuilder(repeatInterval: Long, repeatIntervalTimeUnit: TimeUnit): PeriodicWorkRequest.Builder =
    PeriodicWorkRequest.Builder(W::class.java, repeatInterval, repeatIntervalTimeUnit)

interface Operation
abstract class WorkManager {
    abstract fun enqueueUniqueWork(name: String, policy: ExistingWorkPolicy, work: OneTimeWorkRequest): Operation
    abstract fun enqueueUniquePeriodicWork(name: String, policy: ExistingPeriodicWorkPolicy, work: PeriodicWorkRequest): Operation
    companion object { @JvmStatic fun getInstance(context: Context): WorkManager = TODO() }
}
