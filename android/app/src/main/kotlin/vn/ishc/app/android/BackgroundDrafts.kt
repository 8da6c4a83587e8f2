package vn.ishc.app.android

import android.util.Log
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import vn.ishc.app.drafts.Drafts

/**
 * [Drafts] that write on one background thread, so that a form can save its
 * draft on every keystroke from the main thread without touching the disk
 * there. Saves and clears run in the order they were asked for; [load] waits
 * for the ones already asked for, then reads (call it off the main thread,
 * as the forms' ViewModels do when they make their model).
 *
 * A failed write is logged and dropped: a draft is a convenience, and the
 * next keystroke writes it again.
 */
class BackgroundDrafts(
    private val inner: Drafts,
    private val executor: ExecutorService = Executors.newSingleThreadExecutor { r -> Thread(r, "drafts") },
) : Drafts {
    override fun load(key: String): Map<String, String>? = executor.submit<Map<String, String>?> { inner.load(key) }.get()

    override fun save(key: String, fields: Map<String, String>) {
        val copy = fields.toMap()
        executor.execute {
            try {
                inner.save(key, copy)
            } catch (e: Exception) {
                Log.w(TAG, "could not save the draft $key", e)
            }
        }
    }

    override fun clear(key: String) {
        executor.execute {
            try {
                inner.clear(key)
            } catch (e: Exception) {
                Log.w(TAG, "could not remove the draft $key", e)
            }
        }
    }

    private companion object {
        const val TAG = "IshcDrafts"
    }
}
