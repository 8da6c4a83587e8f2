//! A timing proxy on loopback between the phones and the server.
//!
//! The phones run the app's own client (`enrol`, `SyncClient::sync`), which
//! sends several requests per sync and has no hook to time them one by one;
//! rather than copy the client's push and pull loops into the generator,
//! every request passes through this proxy, which times it per kind (enrol,
//! push, pull) from its arrival (headers read) to the last byte of the
//! server's answer, and passes bodies and headers through untouched (gzip
//! included). It runs on its own thread and runtime, so the phones' local
//! SQLite work does not delay its clock.
//!
//! With several upstreams (several server processes on one PostgreSQL
//! database) it is also the load balancer: each request goes to the next
//! upstream in turn (round-robin per request, no affinity: a phone's push
//! and the pull after it may reach different processes).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::response::Response;
use hdrhistogram::Histogram;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Latencies of one kind of request.
#[derive(Debug, Clone)]
pub struct KindStats {
    /// Latencies in microseconds (1 µs to 10 minutes, 3 significant digits).
    pub hist: Histogram<u64>,
    /// Requests answered with a status other than 2xx, or not answered.
    pub errors: u64,
}

impl KindStats {
    fn new() -> KindStats {
        KindStats {
            hist: Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds"),
            errors: 0,
        }
    }

    /// Requests recorded.
    pub fn count(&self) -> u64 {
        self.hist.len()
    }

    /// The `q` quantile (0–1) in milliseconds.
    pub fn ms(&self, q: f64) -> f64 {
        self.hist.value_at_quantile(q) as f64 / 1000.0
    }

    /// The slowest, in milliseconds.
    pub fn max_ms(&self) -> f64 {
        self.hist.max() as f64 / 1000.0
    }
}

/// Latencies by kind: `enrol`, `push`, `pull` (by the proxy), `other`, and
/// `sync` (a whole `SyncClient::sync` as the phone sees it, recorded by the
/// generator).
#[derive(Debug, Default)]
pub struct Latencies {
    kinds: Mutex<BTreeMap<&'static str, KindStats>>,
    /// Set when the timed part ends: requests cut off by the deadline, or
    /// failing while the phones are torn down, are not recorded.
    closed: AtomicBool,
}

impl Latencies {
    /// Records one request of `kind` that took `took`; `ok` is false for an
    /// error answer or none.
    pub fn record(&self, kind: &'static str, took: Duration, ok: bool) {
        if self.closed.load(Ordering::SeqCst) {
            return;
        }
        let mut kinds = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
        let k = kinds.entry(kind).or_insert_with(KindStats::new);
        let us = u64::try_from(took.as_micros()).unwrap_or(u64::MAX).max(1);
        k.hist.saturating_record(us);
        if !ok {
            k.errors += 1;
        }
    }

    /// Ends recording: the timed part is over.
    pub fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
    }

    /// A copy of every kind's figures.
    pub fn snapshot(&self) -> BTreeMap<&'static str, KindStats> {
        self.kinds.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The kind of a request, by its path.
pub fn kind_of(path: &str) -> &'static str {
    match path {
        "/v1/enrol" => "enrol",
        "/v1/push" => "push",
        "/v1/pull" => "pull",
        _ => "other",
    }
}

struct ProxyState {
    /// Base URLs, without a trailing `/`.
    upstreams: Vec<String>,
    /// The request count, for the round-robin.
    next: AtomicUsize,
    /// Requests sent to each upstream.
    sent: Arc<Vec<AtomicU64>>,
    client: reqwest::Client,
    latencies: Arc<Latencies>,
}

/// Connection-level headers, never forwarded (each hop sets its own).
const HOP_BY_HOP: [&str; 5] = [
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "host",
];

fn hop_by_hop(name: &HeaderName) -> bool {
    HOP_BY_HOP.contains(&name.as_str())
}

async fn forward(State(p): State<Arc<ProxyState>>, req: Request) -> Response {
    let started = Instant::now();
    let kind = kind_of(req.uri().path());
    let (parts, body) = req.into_parts();
    let n = p.next.fetch_add(1, Ordering::Relaxed) % p.upstreams.len();
    p.sent[n].fetch_add(1, Ordering::Relaxed);
    let upstream = &p.upstreams[n];
    let answer = async {
        let body = axum::body::to_bytes(body, usize::MAX)
            .await
            .map_err(|e| e.to_string())?;
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        let mut rb = p
            .client
            .request(parts.method, format!("{upstream}{path}"))
            .body(body);
        for (name, value) in parts.headers.iter().filter(|(n, _)| !hop_by_hop(n)) {
            rb = rb.header(name, value);
        }
        let resp = rb.send().await.map_err(|e| e.to_string())?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
        Ok::<_, String>((status, headers, bytes))
    }
    .await;
    let took = started.elapsed();
    match answer {
        Ok((status, headers, bytes)) => {
            p.latencies.record(kind, took, status.is_success());
            let mut out = Response::new(Body::from(bytes));
            *out.status_mut() = status;
            for (name, value) in headers.iter().filter(|(n, _)| !hop_by_hop(n)) {
                out.headers_mut().append(name, value.clone());
            }
            out
        }
        Err(e) => {
            p.latencies.record(kind, took, false);
            let mut out = Response::new(Body::from(format!("proxy: {e}")));
            *out.status_mut() = StatusCode::BAD_GATEWAY;
            out
        }
    }
}

/// A running proxy; dropping it stops it.
pub struct Proxy {
    /// The proxy's base URL (`http://127.0.0.1:port`).
    pub url: String,
    sent: Arc<Vec<AtomicU64>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Proxy {
    /// Starts a proxy to `upstreams` (base URLs, at least one, taken in
    /// turn) on a free loopback port, recording into `latencies`.
    pub fn start(upstreams: &[String], latencies: Arc<Latencies>) -> Result<Proxy, String> {
        if upstreams.is_empty() {
            return Err("the proxy needs at least one upstream".into());
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("proxy runtime: {e}"))?;
        let listener = rt
            .block_on(tokio::net::TcpListener::bind(SocketAddr::from((
                [127, 0, 0, 1],
                0,
            ))))
            .map_err(|e| format!("proxy bind: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("proxy address: {e}"))?;
        // The phone's Accept-Encoding and Content-Encoding pass through:
        // the proxy neither compresses nor decompresses.
        let client = reqwest::Client::builder()
            .no_gzip()
            .pool_max_idle_per_host(256)
            .build()
            .map_err(|e| format!("proxy client: {e}"))?;
        let sent: Arc<Vec<AtomicU64>> =
            Arc::new(upstreams.iter().map(|_| AtomicU64::new(0)).collect());
        let state = Arc::new(ProxyState {
            upstreams: upstreams
                .iter()
                .map(|u| u.trim_end_matches('/').to_string())
                .collect(),
            next: AtomicUsize::new(0),
            sent: sent.clone(),
            client,
            latencies,
        });
        let app = axum::Router::new().fallback(forward).with_state(state);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("load-proxy".into())
            .spawn(move || {
                rt.block_on(async move {
                    let served = axum::serve(listener, app)
                        .with_graceful_shutdown(async {
                            let _ = stopped.await;
                        })
                        .await;
                    if let Err(e) = served {
                        eprintln!("load proxy: {e}");
                    }
                });
            })
            .map_err(|e| format!("proxy thread: {e}"))?;
        Ok(Proxy {
            url: format!("http://{addr}"),
            sent,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Requests forwarded to each upstream so far, in the order given to
    /// [`Proxy::start`].
    pub fn requests_per_upstream(&self) -> Vec<u64> {
        self.sent
            .iter()
            .map(|n| n.load(Ordering::Relaxed))
            .collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
