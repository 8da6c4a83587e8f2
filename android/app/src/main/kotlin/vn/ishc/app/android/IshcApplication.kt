package vn.ishc.app.android

import android.app.Application
import android.content.Context
import android.system.Os
import android.util.Log
import java.io.File
import java.io.IOException
import java.security.GeneralSecurityException
import vn.ishc.app.drafts.Drafts
import vn.ishc.app.drafts.FileDrafts
import vn.ishc.core.ClubStore
import vn.ishc.core.IshcException
import vn.ishc.core.SyncClient

/**
 * The application: makes the [AppServices] once per process, schedules the
 * periodic sync and starts watching for the network to come back.
 */
class IshcApplication : Application() {
    /** The app's single instances (a plain service locator: no DI framework). */
    lateinit var services: AppServices
        private set

    private lateinit var network: NetworkWatcher

    override fun onCreate() {
        super.onCreate()
        services = AppServices(this)
        SyncScheduler.schedulePeriodic(this)
        network = NetworkWatcher(this).also { it.start() }
    }
}

/** The [AppServices] of this process. */
val Context.services: AppServices get() = (applicationContext as IshcApplication).services

/**
 * The app's single instances, shared by the screens and the sync worker.
 *
 * **One** [ClubStore] per process (the core asks for one per database file:
 * two would each keep their own clock and acting member) in app-private
 * storage that is never backed up (`noBackupFilesDir/club.sqlite3`),
 * encrypted with the key [DatabaseKey] keeps there wrapped by the Android
 * Keystore, opened on first use (a database left unencrypted by an older
 * app is encrypted then); one [SyncClient] on it (one sync at a time per
 * client); one subscription to its state ([SyncStatusRepository]).
 *
 * [store], [syncClient] and [syncStatus] open the database the first time
 * one of them is read: read them off the main thread. They throw
 * [IshcException] when the database cannot be opened (`schema.too_new` for
 * a file from a newer app, `internal.database` for a damaged one,
 * `store.key_invalid` when the key does not open it, `internal.io` when the
 * key cannot be read from the Keystore); a later read tries again.
 */
class AppServices(private val app: Application) {
    /** Language, text size, acting member, device id. */
    val settings = SettingsStore(app)

    /** The forms' drafts, written off the main thread, never backed up (they hold health readings). */
    val drafts: Drafts = BackgroundDrafts(FileDrafts(File(app.noBackupFilesDir, "drafts")))

    /** The club database (see the class comment: off the main thread). */
    val store: ClubStore by lazy { openStore() }

    /** The sync client of [store]. */
    val syncClient: SyncClient by lazy { SyncClient(store) }

    /** The sync client's state as a flow, for the screens. */
    val syncStatus: SyncStatusRepository by lazy { SyncStatusRepository(syncClient) }

    private fun openStore(): ClubStore {
        // SQLite inside the core (bundled, not Android's) puts temporary
        // files under TMPDIR or /tmp; neither exists for an app on Android.
        try {
            Os.setenv("TMPDIR", app.cacheDir.path, true)
        } catch (e: Exception) {
            Log.w(TAG, "could not set TMPDIR", e)
        }
        val file = File(app.noBackupFilesDir, DATABASE)
        val key = try {
            DatabaseKey(app.noBackupFilesDir).get(file)
        } catch (e: GeneralSecurityException) {
            Log.e(TAG, "database key", e)
            throw IshcException.Internal("internal.io", "the database key could not be read from the Android Keystore: ${e.message}")
        } catch (e: IOException) {
            Log.e(TAG, "database key", e)
            throw IshcException.Internal("internal.io", "the database key file could not be read or written: ${e.message}")
        }
        val store = try {
            ClubStore.open(file.path, key, settings.deviceId)
        } finally {
            key.fill(0)
        }
        // Who acts is the app's setting; apply it before any screen writes
        // (the app may come back straight to a form after being killed).
        settings.state.value.actingMemberId?.let { id ->
            try {
                store.setActingMember(id)
            } catch (e: IshcException) {
                Log.w(TAG, "acting member $id is not in the club any more", e)
                settings.actingMemberId = null
            }
        }
        return store
    }

    companion object {
        /** The database's file name in `noBackupFilesDir`. */
        const val DATABASE = "club.sqlite3"
        private const val TAG = "Ishc"
    }
}
