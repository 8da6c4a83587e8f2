//! The phone's sync client: enrolment, push then pull, backoff.
//!
//! reqwest with rustls on tokio. [`SyncClient::sync`] pushes the store's
//! pending operations in gzip-compressed batches, records the server's
//! answer per operation, then pulls pages after the stored cursor, each page
//! applied in one transaction with its cursor. Only one sync runs at a time.
//! A failure backs off exponentially with jitter; the schedule is kept in the
//! store's `meta` table, so it survives restarts. [`SyncClient::sync_if_due`]
//! is what the apps call when the network comes back.

use crate::store::Store;
use crate::sync::wire::*;
use chrono::{DateTime, Duration as ChronoDuration, FixedOffset};
use serde::Serialize;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant as StdInstant};

/// A sync failure.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The network failed (connect, timeout, dropped connection).
    #[error("network: {0} [sync.network]")]
    Network(String),
    /// The server answered with an error.
    #[error("server answered {status}: {message} [{code}]")]
    Server {
        /// HTTP status.
        status: u16,
        /// The server's error code.
        code: String,
        /// The server's message.
        message: String,
    },
    /// The server's answer could not be understood.
    #[error("protocol: {0} [sync.protocol]")]
    Protocol(String),
    /// Another sync is running.
    #[error("a sync is already running [sync.in_progress]")]
    InProgress,
    /// The store is not enrolled with a server.
    #[error("this database is not enrolled with a server: run enrol first [sync.not_enrolled]")]
    NotEnrolled,
    /// The local store failed.
    #[error("store: {0}")]
    Store(#[from] crate::Error),
}

impl SyncError {
    /// Stable code.
    pub fn code(&self) -> String {
        match self {
            SyncError::Network(_) => "sync.network".into(),
            SyncError::Server { code, .. } => code.clone(),
            SyncError::Protocol(_) => "sync.protocol".into(),
            SyncError::InProgress => "sync.in_progress".into(),
            SyncError::NotEnrolled => "sync.not_enrolled".into(),
            SyncError::Store(e) => e.code().to_string(),
        }
    }
}

fn net(e: reqwest::Error) -> SyncError {
    SyncError::Network(e.to_string())
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Local operations the server accepted (or already had).
    pub sent: usize,
    /// Operations received from other devices and applied.
    pub received: usize,
    /// Local operations the server rejected (kept on the phone with reasons).
    pub rejected: usize,
    /// Open conflicts after the sync.
    pub conflicts: usize,
    /// Wall time, milliseconds.
    pub duration_ms: u64,
    /// The pull cursor after the sync.
    pub cursor: i64,
    /// Whether the server flagged this device's clock as off by more than 5 minutes.
    pub clock_skew_flagged: bool,
}

/// Which half of a sync is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    /// Sending this device's operations.
    Push,
    /// Receiving other devices' operations.
    Pull,
}

/// What a sync client is doing, for a progress display. Observed with
/// [`SyncClient::subscribe`]; every change is published, the latest kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum SyncState {
    /// No sync has run since the client was made.
    #[default]
    Idle,
    /// A sync is running: its phase and the operations settled so far.
    Syncing {
        /// Push or pull.
        phase: SyncPhase,
        /// Local operations the server has settled so far (accepted or rejected).
        sent: usize,
        /// Operations received and applied so far.
        received: usize,
        /// Local operations still waiting to be sent.
        pending: i64,
    },
    /// The last sync succeeded.
    Done(SyncReport),
    /// The last sync failed; it is retried after `next_attempt_at`.
    Failed {
        /// The failure's stable code (`sync.network`, a server code, ...).
        code: String,
        /// The failure in English.
        message: String,
        /// When [`SyncClient::sync_if_due`] will try again (device time).
        next_attempt_at: Option<DateTime<FixedOffset>>,
    },
}

/// Timeouts and sizes.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// Operations per push request (at most [`MAX_PUSH_OPS`]).
    pub push_batch: usize,
    /// Operations per pull page (at most [`MAX_PULL_LIMIT`]).
    pub pull_page: u32,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// Whole-request timeout.
    pub request_timeout: Duration,
    /// First backoff delay after a failure.
    pub backoff_base: Duration,
    /// Longest backoff delay.
    pub backoff_max: Duration,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            push_batch: 200,
            pull_page: 500,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            backoff_base: Duration::from_secs(30),
            backoff_max: Duration::from_secs(6 * 3600),
        }
    }
}

/// Enrols a new, empty store with a server using a club's one-time code:
/// the store is bound to the server-assigned device id and token.
pub async fn enrol(
    store: &Arc<Mutex<Store>>,
    server_url: &str,
    code: &str,
    device_name: &str,
) -> Result<EnrolResponse, SyncError> {
    // Refuse a database with records before spending the one-time code.
    lock(store).check_enrollable()?;
    let http = http_client(&SyncConfig::default())?;
    let url = format!("{}/v1/enrol", server_url.trim_end_matches('/'));
    let resp = http
        .post(url)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&EnrolRequest {
            code: code.trim().to_string(),
            device_name: device_name.to_string(),
        })
        .send()
        .await
        .map_err(net)?;
    let enrolled: EnrolResponse = read_json(resp).await?;
    lock(store).bind_enrolment(
        &enrolled.device_id,
        &enrolled.token,
        server_url.trim_end_matches('/'),
    )?;
    Ok(enrolled)
}

fn http_client(config: &SyncConfig) -> Result<reqwest::Client, SyncError> {
    reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .timeout(config.request_timeout)
        .gzip(true)
        .build()
        .map_err(net)
}

fn lock(store: &Arc<Mutex<Store>>) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|e| e.into_inner())
}

async fn read_json<T: serde::de::DeserializeOwned>(
    resp: reqwest::Response,
) -> Result<T, SyncError> {
    let status = resp.status();
    let bytes = resp.bytes().await.map_err(net)?;
    if !status.is_success() {
        let body: Option<ErrorBody> = serde_json::from_slice(&bytes).ok();
        return Err(match body {
            Some(b) => SyncError::Server {
                status: status.as_u16(),
                code: b.code,
                message: b.message,
            },
            None => SyncError::Server {
                status: status.as_u16(),
                code: "sync.http".into(),
                message: String::from_utf8_lossy(&bytes).chars().take(200).collect(),
            },
        });
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| SyncError::Protocol(format!("cannot read the server's answer: {e}")))
}

/// The sync client of one store.
pub struct SyncClient {
    store: Arc<Mutex<Store>>,
    config: SyncConfig,
    running: tokio::sync::Mutex<()>,
    state: tokio::sync::watch::Sender<SyncState>,
}

const META_FAILURES: &str = "sync_failures";
const META_NEXT: &str = "sync_next_attempt_at";
const META_LAST: &str = "sync_last_success_at";

impl SyncClient {
    /// A client for an enrolled store.
    pub fn new(store: Arc<Mutex<Store>>, config: SyncConfig) -> Result<SyncClient, SyncError> {
        // Checked here so a bad configuration fails at once; each sync
        // builds its own (see `sync_inner`).
        http_client(&config)?;
        Ok(SyncClient {
            store,
            config,
            running: tokio::sync::Mutex::new(()),
            state: tokio::sync::watch::Sender::new(SyncState::Idle),
        })
    }

    /// The client's current state.
    pub fn state(&self) -> SyncState {
        self.state.borrow().clone()
    }

    /// A receiver of the client's state: it sees the current state at once
    /// and every change after (a slow reader skips to the latest).
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<SyncState> {
        self.state.subscribe()
    }

    fn progress(&self, phase: SyncPhase, report: &SyncReport) {
        let pending = lock(&self.store).pending_count().unwrap_or(0);
        self.state.send_replace(SyncState::Syncing {
            phase,
            sent: report.sent + report.rejected,
            received: report.received,
            pending,
        });
    }

    /// The store this client syncs.
    pub fn store(&self) -> &Arc<Mutex<Store>> {
        &self.store
    }

    fn endpoint(&self) -> Result<(String, String), SyncError> {
        let s = lock(&self.store);
        let url = s.meta("server_url")?.ok_or(SyncError::NotEnrolled)?;
        let token = s.meta("device_token")?.ok_or(SyncError::NotEnrolled)?;
        Ok((url, token))
    }

    /// When the next attempt is due after failures (`None`: due now).
    pub fn next_attempt_at(&self) -> Result<Option<DateTime<FixedOffset>>, SyncError> {
        self.meta_instant(META_NEXT)
    }

    /// When the last successful sync ended (device time), if any.
    pub fn last_success_at(&self) -> Result<Option<DateTime<FixedOffset>>, SyncError> {
        self.meta_instant(META_LAST)
    }

    /// An RFC 3339 instant kept in the store's `meta` table, if set and readable.
    fn meta_instant(&self, key: &str) -> Result<Option<DateTime<FixedOffset>>, SyncError> {
        let s = lock(&self.store);
        Ok(s.meta(key)?
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok()))
    }

    /// Syncs if no backoff is pending (`Ok(None)` when not due yet).
    pub async fn sync_if_due(&self) -> Result<Option<SyncReport>, SyncError> {
        let now = lock(&self.store).now();
        if let Some(next) = self.next_attempt_at()? {
            // A next attempt further ahead than the longest backoff means the
            // device clock was set back since the failure: due now.
            let longest = ChronoDuration::from_std(self.config.backoff_max)
                .unwrap_or_else(|_| ChronoDuration::hours(6));
            if now < next && next - now <= longest {
                return Ok(None);
            }
        }
        self.sync().await.map(Some)
    }

    /// Pushes then pulls. Only one sync runs at a time
    /// ([`SyncError::InProgress`] for a second). A failure is recorded for
    /// backoff and returned; a success clears the backoff.
    pub async fn sync(&self) -> Result<SyncReport, SyncError> {
        let _guard = self.running.try_lock().map_err(|_| SyncError::InProgress)?;
        let started = StdInstant::now();
        self.progress(SyncPhase::Push, &SyncReport::default());
        // If this future is dropped (its task cancelled or panicking) before
        // the outcome is published, listeners see `sync.interrupted` rather
        // than a sync that never ends.
        let mut interrupted = Interrupted(Some(&self.state));
        let result = self.sync_inner().await;
        let outcome = self.settle(result, started);
        interrupted.0 = None;
        self.state.send_replace(match &outcome {
            Ok(report) => SyncState::Done(report.clone()),
            Err(e) => SyncState::Failed {
                code: e.code(),
                message: e.to_string(),
                next_attempt_at: self.next_attempt_at().ok().flatten(),
            },
        });
        outcome
    }

    /// Records a sync's outcome in the store: the backoff after a failure,
    /// the time of the last success.
    fn settle(
        &self,
        result: Result<SyncReport, SyncError>,
        started: StdInstant,
    ) -> Result<SyncReport, SyncError> {
        let mut s = lock(&self.store);
        let now = s.now();
        match result {
            Ok(mut report) => {
                s.set_meta(META_FAILURES, None)?;
                s.set_meta(META_NEXT, None)?;
                s.set_meta(META_LAST, Some(&now.to_rfc3339()))?;
                report.duration_ms = started.elapsed().as_millis() as u64;
                report.conflicts = s.conflicts(false)?.len();
                report.cursor = s.pull_cursor();
                Ok(report)
            }
            Err(e) => {
                let failures: u32 = s
                    .meta(META_FAILURES)?
                    .and_then(|f| f.parse().ok())
                    .unwrap_or(0)
                    + 1;
                let delay = backoff_delay(&self.config, failures, random_unit());
                let next = now
                    + ChronoDuration::from_std(delay).unwrap_or_else(|_| ChronoDuration::hours(6));
                s.set_meta(META_FAILURES, Some(&failures.to_string()))?;
                s.set_meta(META_NEXT, Some(&next.to_rfc3339()))?;
                tracing::warn!(code = %e.code(), failures, next = %next, "sync failed");
                Err(e)
            }
        }
    }

    async fn sync_inner(&self) -> Result<SyncReport, SyncError> {
        let (url, token) = self.endpoint()?;
        // A connection pool of this sync alone: its requests share
        // connections, but none is carried over from an earlier sync. An
        // idle connection may have been closed meanwhile (the server
        // restarted or timed it out, a NAT dropped it, the phone changed
        // networks), and a request sent just as the close arrives fails
        // although nothing is wrong (`a_sync_does_not_send_on_the_previous_
        // syncs_connection` in the server's fault tests). A new connection
        // per sync costs one handshake, next to a sync's requests.
        let http = http_client(&self.config)?;
        let mut report = SyncReport::default();
        // Push.
        loop {
            let ops = lock(&self.store).pending_ops(self.config.push_batch.min(MAX_PUSH_OPS))?;
            if ops.is_empty() {
                break;
            }
            let body = serde_json::to_vec(&PushRequest { ops })
                .map_err(|e| SyncError::Protocol(e.to_string()))?;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(&body)
                .map_err(|e| SyncError::Protocol(e.to_string()))?;
            let body = gz
                .finish()
                .map_err(|e| SyncError::Protocol(e.to_string()))?;
            // The device's own clock, so the server can flag it if it is off
            // (it is never used to order anything).
            let device_now = lock(&self.store)
                .now()
                .with_timezone(&chrono::Utc)
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string();
            let resp = http
                .post(format!("{url}/v1/push"))
                .bearer_auth(&token)
                .header(reqwest::header::DATE, device_now)
                .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header(reqwest::header::CONTENT_ENCODING, "gzip")
                .body(body)
                .send()
                .await
                .map_err(net)?;
            let answer: PushResponse = read_json(resp).await?;
            report.clock_skew_flagged |= answer.clock_skew_flagged;
            let (sent, rejected) = lock(&self.store).record_push_results(&answer.results)?;
            report.sent += sent;
            report.rejected += rejected;
            self.progress(SyncPhase::Push, &report);
            if sent + rejected == 0 {
                return Err(SyncError::Protocol(
                    "the server answered a push without settling any operation".into(),
                ));
            }
        }
        // Pull.
        self.progress(SyncPhase::Pull, &report);
        loop {
            let after = lock(&self.store).pull_cursor();
            let resp = http
                .get(format!("{url}/v1/pull"))
                .query(&[
                    ("after", after.to_string()),
                    (
                        "limit",
                        self.config.pull_page.min(MAX_PULL_LIMIT).to_string(),
                    ),
                ])
                .bearer_auth(&token)
                .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
                .send()
                .await
                .map_err(net)?;
            let page: PullResponse = read_json(resp).await?;
            if page.next_after < after {
                return Err(SyncError::Protocol(format!(
                    "the server's cursor went back from {after} to {}",
                    page.next_after
                )));
            }
            report.received += lock(&self.store).apply_pulled(&page)?;
            self.progress(SyncPhase::Pull, &report);
            if !page.more || page.next_after == after {
                break;
            }
        }
        Ok(report)
    }
}

/// Publishes `sync.interrupted` when dropped while still armed.
struct Interrupted<'a>(Option<&'a tokio::sync::watch::Sender<SyncState>>);

impl Drop for Interrupted<'_> {
    fn drop(&mut self) {
        if let Some(state) = self.0.take() {
            state.send_replace(SyncState::Failed {
                code: "sync.interrupted".into(),
                message: "the sync was interrupted before it finished [sync.interrupted]".into(),
                next_attempt_at: None,
            });
        }
    }
}

/// Exponential backoff with jitter: `base × 2^(failures−1)`, capped at
/// `max`, scaled by a factor between 0.5 and 1.0 (`unit` in [0, 1)) so many
/// phones regaining the network together do not retry in step.
pub fn backoff_delay(config: &SyncConfig, failures: u32, unit: f64) -> Duration {
    let exp = failures.saturating_sub(1).min(20);
    let raw = config
        .backoff_base
        .saturating_mul(1u32 << exp)
        .min(config.backoff_max);
    raw.mul_f64(0.5 + 0.5 * unit.clamp(0.0, 1.0))
}

fn random_unit() -> f64 {
    let mut b = [0u8; 8];
    if getrandom::fill(&mut b).is_err() {
        return 0.5;
    }
    (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_its_cap_with_jitter_between_half_and_whole() {
        let c = SyncConfig {
            backoff_base: Duration::from_secs(30),
            backoff_max: Duration::from_secs(600),
            ..Default::default()
        };
        assert_eq!(backoff_delay(&c, 1, 1.0), Duration::from_secs(30));
        assert_eq!(backoff_delay(&c, 2, 1.0), Duration::from_secs(60));
        assert_eq!(backoff_delay(&c, 3, 1.0), Duration::from_secs(120));
        assert_eq!(backoff_delay(&c, 6, 1.0), Duration::from_secs(600));
        assert_eq!(backoff_delay(&c, 60, 1.0), Duration::from_secs(600));
        assert_eq!(backoff_delay(&c, 2, 0.0), Duration::from_secs(30));
        let r = random_unit();
        assert!((0.0..1.0).contains(&r));
    }
}

#[cfg(test)]
mod state_tests {
    use super::*;
    use crate::clock::SystemClock;

    /// A sync whose task is cancelled mid-request does not leave its
    /// listeners at `Syncing` forever.
    #[tokio::test(flavor = "multi_thread")]
    async fn an_interrupted_sync_is_reported_as_interrupted() {
        // A server that accepts connections and never answers.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let mut store = Store::open_in_memory("phone-1", Arc::new(SystemClock)).unwrap();
        store.bind_enrolment("device-1", "token", &url).unwrap();
        let client =
            Arc::new(SyncClient::new(Arc::new(Mutex::new(store)), SyncConfig::default()).unwrap());
        let mut rx = client.subscribe();
        let running = client.clone();
        let task = tokio::spawn(async move { running.sync().await });
        rx.wait_for(|s| matches!(s, SyncState::Syncing { .. }))
            .await
            .unwrap();
        task.abort();
        let state = tokio::time::timeout(
            Duration::from_secs(10),
            rx.wait_for(|s| !matches!(s, SyncState::Syncing { .. })),
        )
        .await
        .expect("the state left Syncing after the task was cancelled")
        .unwrap()
        .clone();
        match state {
            SyncState::Failed { code, .. } => assert_eq!(code, "sync.interrupted"),
            other => panic!("{other:?}"),
        }
        drop(listener);
    }
}

#[cfg(test)]
mod send_tests {
    /// The client is shared across tasks: the store must be `Send`.
    #[test]
    fn store_and_client_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<std::sync::Arc<std::sync::Mutex<crate::store::Store>>>();
        assert_send_sync::<super::SyncClient>();
    }
}
