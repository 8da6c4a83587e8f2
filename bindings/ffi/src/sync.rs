//! Sync with the provincial server: enrolment, [`SyncClient`], and a
//! listener for its state.
//!
//! After matrix-rust-sdk's FFI: the network work runs on one tokio runtime
//! owned by this library ([`runtime`]); the exported async functions await
//! a task spawned on it, so they can be awaited from any foreign executor
//! (Kotlin coroutines, Swift concurrency) without a tokio reactor of their
//! own. A listener is a callback interface; subscribing returns a
//! [`TaskHandle`] that stops the updates when cancelled or dropped.

use crate::error::{guard, IshcError};
use crate::store::ClubStore;
use ishc_core::sync::client::{self as core_sync, SyncConfig};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

type R<T> = Result<T, IshcError>;

/// The library's tokio runtime (two worker threads: sync is IO-bound).
pub(crate) fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("ishc-sync")
            .enable_all()
            .build()
            .expect("the tokio runtime starts")
    })
}

/// Runs `fut` on the library's runtime and awaits it; a panic inside becomes
/// `internal.panic`.
async fn on_runtime<T: Send + 'static>(
    fut: impl std::future::Future<Output = R<T>> + Send + 'static,
) -> R<T> {
    match runtime().spawn(fut).await {
        Ok(r) => r,
        Err(e) => Err(IshcError::internal(
            "internal.panic",
            format!("internal error in sync: {e}"),
        )),
    }
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncReport {
    /// Local operations the server accepted.
    pub sent: u64,
    /// Operations from other phones received and applied.
    pub received: u64,
    /// Local operations the server refused (kept with reasons).
    pub rejected: u64,
    /// Open conflicts after the sync.
    pub conflicts: u64,
    /// Wall time, milliseconds.
    pub duration_ms: u64,
    /// The server cursor reached.
    pub cursor: i64,
    /// The server found this phone's clock off by more than 5 minutes.
    pub clock_skew_flagged: bool,
}

impl From<core_sync::SyncReport> for SyncReport {
    fn from(r: core_sync::SyncReport) -> Self {
        SyncReport {
            sent: r.sent as u64,
            received: r.received as u64,
            rejected: r.rejected as u64,
            conflicts: r.conflicts as u64,
            duration_ms: r.duration_ms,
            cursor: r.cursor,
            clock_skew_flagged: r.clock_skew_flagged,
        }
    }
}

/// Which half of a sync is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SyncPhase {
    /// Sending this phone's operations.
    Push,
    /// Receiving other phones' operations.
    Pull,
}

/// A sync client's state, for the sync screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum SyncState {
    /// No sync since the client was made.
    Idle,
    /// Running: the phase and the operations settled so far.
    Syncing {
        /// Push or pull.
        phase: SyncPhase,
        /// Operations sent so far.
        sent: u64,
        /// Operations received so far.
        received: u64,
        /// Operations still waiting to be sent.
        pending: i64,
    },
    /// The last sync succeeded.
    Done {
        /// What it did.
        report: SyncReport,
    },
    /// The last sync failed.
    Failed {
        /// Stable code (`sync.network`, `auth.device_revoked`, `sync.interrupted`
        /// when the sync was cancelled or failed inside, ...).
        code: String,
        /// English explanation.
        reason: String,
        /// When `syncIfDue()` will try again, RFC 3339 (device time).
        next_retry_at: Option<String>,
    },
}

impl From<core_sync::SyncState> for SyncState {
    fn from(s: core_sync::SyncState) -> Self {
        use core_sync::SyncState as C;
        match s {
            C::Idle => SyncState::Idle,
            C::Syncing {
                phase,
                sent,
                received,
                pending,
            } => SyncState::Syncing {
                phase: match phase {
                    core_sync::SyncPhase::Push => SyncPhase::Push,
                    core_sync::SyncPhase::Pull => SyncPhase::Pull,
                },
                sent: sent as u64,
                received: received as u64,
                pending,
            },
            C::Done(report) => SyncState::Done {
                report: report.into(),
            },
            C::Failed {
                code,
                message,
                next_attempt_at,
            } => SyncState::Failed {
                code,
                reason: message,
                next_retry_at: next_attempt_at.map(|t| t.to_rfc3339()),
            },
        }
    }
}

/// Receives a sync client's state: at once on subscribing, then on every
/// change (a slow listener skips to the latest). Called on a background
/// thread: post to the UI thread before touching views.
#[uniffi::export(callback_interface)]
pub trait SyncListener: Send + Sync {
    /// The new state.
    fn on_state(&self, state: SyncState);
}

/// A running background task (a listener's updates). `cancel()` stops it;
/// dropping the handle stops it too.
#[derive(uniffi::Object)]
pub struct TaskHandle {
    task: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

#[uniffi::export]
impl TaskHandle {
    /// Stops the task. Calling it again does nothing.
    pub fn cancel(&self) {
        if let Some(t) = self.task.lock().unwrap_or_else(|e| e.into_inner()).take() {
            t.abort();
        }
    }

    /// Whether the task has stopped (cancelled or ended).
    pub fn is_finished(&self) -> bool {
        self.task
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_none_or(|t| t.is_finished())
    }
}

impl Drop for TaskHandle {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Timeouts and batch sizes of a sync client; the defaults suit a phone on
/// a slow network.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncSettings {
    /// Operations per push request (at most 500).
    pub push_batch: u32,
    /// Operations per pull page (at most 1000).
    pub pull_page: u32,
    /// Connect timeout, milliseconds.
    pub connect_timeout_ms: u64,
    /// Whole-request timeout, milliseconds.
    pub request_timeout_ms: u64,
    /// First retry delay after a failure, milliseconds (doubles up to the maximum).
    pub backoff_base_ms: u64,
    /// Longest retry delay, milliseconds.
    pub backoff_max_ms: u64,
}

impl Default for SyncSettings {
    fn default() -> Self {
        let c = SyncConfig::default();
        SyncSettings {
            push_batch: c.push_batch as u32,
            pull_page: c.pull_page,
            connect_timeout_ms: c.connect_timeout.as_millis() as u64,
            request_timeout_ms: c.request_timeout.as_millis() as u64,
            backoff_base_ms: c.backoff_base.as_millis() as u64,
            backoff_max_ms: c.backoff_max.as_millis() as u64,
        }
    }
}

/// The default sync settings.
#[uniffi::export]
pub fn default_sync_settings() -> SyncSettings {
    SyncSettings::default()
}

/// Where sync stands, for the sync screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncStatus {
    /// Enrolled with a server.
    pub enrolled: bool,
    /// The server's address, if enrolled.
    pub server_url: Option<String>,
    /// This phone's device id.
    pub device_id: String,
    /// Operations waiting to be sent.
    pub pending: i64,
    /// Operations the server refused.
    pub rejected: u64,
    /// Open conflicts.
    pub conflicts: u64,
    /// End of the last successful sync, RFC 3339 (device time).
    pub last_success_at: Option<String>,
    /// When the next attempt is due after failures, RFC 3339.
    pub next_retry_at: Option<String>,
}

/// Syncs one [`ClubStore`] with the provincial server it is enrolled with.
/// Make one per store and share it (the UI's "sync now" and the background
/// worker alike): only one sync runs at a time per client.
#[derive(uniffi::Object)]
pub struct SyncClient {
    inner: Arc<core_sync::SyncClient>,
    store: Arc<ClubStore>,
}

#[uniffi::export]
impl SyncClient {
    /// A client for `store` with the default settings.
    #[uniffi::constructor]
    pub fn new(store: Arc<ClubStore>) -> R<Arc<SyncClient>> {
        Self::with_settings(store, SyncSettings::default())
    }

    /// A client with explicit timeouts and batch sizes.
    #[uniffi::constructor]
    pub fn with_settings(store: Arc<ClubStore>, settings: SyncSettings) -> R<Arc<SyncClient>> {
        guard(|| {
            let config = SyncConfig {
                push_batch: settings.push_batch.max(1) as usize,
                pull_page: settings.pull_page.max(1),
                connect_timeout: Duration::from_millis(settings.connect_timeout_ms),
                request_timeout: Duration::from_millis(settings.request_timeout_ms),
                backoff_base: Duration::from_millis(settings.backoff_base_ms),
                backoff_max: Duration::from_millis(settings.backoff_max_ms),
            };
            // reqwest's client must be built inside a runtime context.
            let _enter = runtime().enter();
            let inner = core_sync::SyncClient::new(store.inner.clone(), config)?;
            Ok(Arc::new(SyncClient {
                inner: Arc::new(inner),
                store,
            }))
        })
    }

    /// Pushes this phone's operations, then pulls the others'. One sync at a
    /// time (`sync.in_progress` for a second). A failure is remembered for
    /// the backoff and returned (`sync.network`, `sync.not_enrolled`, a
    /// server code). Cancelling the caller's coroutine or task does not stop
    /// a sync already under way; it completes in the background.
    pub async fn sync(&self) -> R<SyncReport> {
        let inner = self.inner.clone();
        on_runtime(async move { Ok(inner.sync().await?.into()) }).await
    }

    /// Syncs unless a retry after a failure is not yet due (then `null`/`nil`).
    /// What the apps call when the network returns and on their periodic work.
    pub async fn sync_if_due(&self) -> R<Option<SyncReport>> {
        let inner = self.inner.clone();
        on_runtime(async move { Ok(inner.sync_if_due().await?.map(Into::into)) }).await
    }

    /// The client's current state.
    pub fn state(&self) -> SyncState {
        self.inner.state().into()
    }

    /// Calls `listener` with the current state and every change until the
    /// returned handle is cancelled or dropped. Keep the handle: in Kotlin a
    /// dropped handle is cancelled whenever the garbage collector runs. A
    /// listener that throws stops receiving updates.
    pub fn subscribe(&self, listener: Box<dyn SyncListener>) -> R<Arc<TaskHandle>> {
        guard(|| Ok(self.subscribe_inner(listener)))
    }
}

impl SyncClient {
    fn subscribe_inner(&self, listener: Box<dyn SyncListener>) -> Arc<TaskHandle> {
        let mut rx = self.inner.subscribe();
        let task = runtime().spawn(async move {
            loop {
                let state: SyncState = rx.borrow_and_update().clone().into();
                // A listener that panics (or whose foreign code fails) must
                // not take the runtime down: stop delivering instead.
                let delivered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    listener.on_state(state)
                }));
                if delivered.is_err() || rx.changed().await.is_err() {
                    break;
                }
            }
        });
        Arc::new(TaskHandle {
            task: Mutex::new(Some(task)),
        })
    }
}

#[uniffi::export]
impl SyncClient {
    /// Where sync stands: enrolment, pending and refused operations,
    /// conflicts, last success and next retry.
    pub fn status(&self) -> R<SyncStatus> {
        guard(|| {
            let (enrolled, server_url, device_id, pending, rejected, conflicts) = {
                let s = self.store.lock();
                (
                    s.meta("device_token")?.is_some(),
                    s.meta("server_url")?,
                    s.device_id().to_string(),
                    s.pending_count()?,
                    s.rejected_ops()?.len() as u64,
                    s.conflicts(false)?.len() as u64,
                )
            };
            Ok(SyncStatus {
                enrolled,
                server_url,
                device_id,
                pending,
                rejected,
                conflicts,
                last_success_at: self.inner.last_success_at()?.map(|t| t.to_rfc3339()),
                next_retry_at: self.inner.next_attempt_at()?.map(|t| t.to_rfc3339()),
            })
        })
    }
}

/// A phone's enrolment with the server.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Enrolment {
    /// The device id the server assigned.
    pub device_id: String,
    /// The club this phone now belongs to.
    pub club_id: String,
    /// Its name.
    pub club_name: String,
}

/// Enrols a new, empty store with the server at `server_url` using the
/// club's one-time code (given by the provincial officer). Errors:
/// `enrol.not_empty` for a store that already holds records, a server code
/// (`enrol.code_unknown`, `enrol.code_used`, ...), `sync.network`.
/// Then sync to receive the club.
#[uniffi::export]
pub async fn enrol(
    store: Arc<ClubStore>,
    server_url: String,
    code: String,
    device_name: String,
) -> R<Enrolment> {
    on_runtime(async move {
        let e = core_sync::enrol(&store.inner, &server_url, &code, &device_name).await?;
        Ok(Enrolment {
            device_id: e.device_id,
            club_id: e.club.id,
            club_name: e.club.name,
        })
    })
    .await
}

/// What [`enrol_restored`] did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RestoredEnrolment {
    /// The revoked device the backup came from.
    pub old_device_id: String,
    /// The device id the server gave this phone.
    pub new_device_id: String,
    /// The backup's unsent operations the server had after all (the old
    /// phone sent them after the backup): kept, not sent again.
    pub already_on_server: u64,
    /// The backup's unsent operations that never left the old phone, now
    /// this phone's, waiting to be sent.
    pub re_authored: u64,
    /// Ids of re-authored operations the club's records now refuse, kept
    /// on the phone among the rejected operations with their reason.
    pub refused: Vec<String>,
}

/// Enrols a store restored from a backup ([`ClubStore::restore_backup`])
/// as a new device, once the server confirms the old phone is revoked,
/// keeping every operation the server never received (re-authored by this
/// phone) and none twice. `path` and `key` are the restored database's, as
/// for [`ClubStore::open`]; **close every `ClubStore` on it first** (the
/// file is replaced). Open it again afterwards and sync.
///
/// Errors: `restore.device_active` (field `code`) while the server still
/// accepts the old device (then sync on as it: a phone swap),
/// `sync.not_enrolled`, the enrolment's codes (`enrol.code_unknown`, ...),
/// `sync.network`, `store.key_invalid`, `store.key_length`.
#[uniffi::export]
pub async fn enrol_restored(
    path: String,
    mut key: Vec<u8>,
    code: String,
    device_name: String,
) -> R<RestoredEnrolment> {
    let key_or_error = ishc_core::encryption::StoreKey::from_slice(&key);
    zeroize::Zeroize::zeroize(&mut key);
    on_runtime(async move {
        let key = key_or_error?;
        let r = ishc_core::sync::restore::enrol_restored(
            std::path::Path::new(&path),
            &key,
            &code,
            &device_name,
            Arc::new(ishc_core::clock::SystemClock),
        )
        .await?;
        Ok(RestoredEnrolment {
            old_device_id: r.old_device_id,
            new_device_id: r.new_device_id,
            already_on_server: r.already_on_server as u64,
            re_authored: r.re_authored as u64,
            refused: r.refused.into_iter().map(|(id, _)| id).collect(),
        })
    })
    .await
}
