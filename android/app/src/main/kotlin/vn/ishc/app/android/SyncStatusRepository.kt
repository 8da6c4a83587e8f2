package vn.ishc.app.android

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import vn.ishc.core.SyncClient
import vn.ishc.core.SyncListener
import vn.ishc.core.SyncState
import vn.ishc.core.TaskHandle

/**
 * The sync client's state as a [StateFlow], for the screens: subscribes the
 * core's [SyncListener] once, on a background thread of the core's, and
 * keeps the [TaskHandle] (a dropped handle would be cancelled when the
 * garbage collector runs). The state of a sync run by the background worker
 * shows here too: they share the one [SyncClient].
 *
 * [close] cancels the subscription; after it [state] no longer changes.
 */
class SyncStatusRepository(client: SyncClient) : AutoCloseable {
    private val _state = MutableStateFlow(client.state())

    /** Idle, syncing (phase and counts), done (the report) or failed (code, reason, next retry). */
    val state: StateFlow<SyncState> = _state.asStateFlow()

    private val handle: TaskHandle = client.subscribe(
        object : SyncListener {
            override fun onState(state: SyncState) {
                _state.value = state
            }
        },
    )

    override fun close() {
        handle.cancel()
        handle.close()
    }
}
