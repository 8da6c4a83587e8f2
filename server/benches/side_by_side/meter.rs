//! A byte-counting TCP proxy on loopback, the same for both systems: it
//! counts every byte each way as it crosses the socket (HTTP heads, bodies
//! as sent, compressed or not, chunk framing), the connections, and the
//! HTTP requests, by reading the HTTP/1.1 framing of both directions
//! (heads, `Content-Length`, chunked bodies). Bytes pass through
//! untouched.
//!
//! It can also lose one answer on purpose: told a method and a path, it
//! forwards the next such request to the server, waits for the server to
//! start answering (so the server has done the write), then drops the
//! answer and closes the client's connection — the answer lost on a bad
//! mobile network that makes a phone retry.
//!
//! Written here rather than taken from a crate: what is needed is a raw
//! byte count per direction and a loss injected at one request, which an
//! HTTP proxy library (that re-frames bodies and connections) would hide.

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What crossed the proxy.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Bytes from the clients to the server.
    pub up: u64,
    /// Bytes from the server to the clients (an answer lost on purpose is
    /// not counted: it never reached the client).
    pub down: u64,
    /// TCP connections opened.
    pub connections: u64,
    /// HTTP requests (heads read).
    pub requests: u64,
    /// Requests by `METHOD /path` (query left out; document ids as `{id}`).
    pub by_request: BTreeMap<String, u64>,
    /// Request bodies by `Content-Encoding` (`identity` when none).
    pub request_encodings: BTreeMap<String, u64>,
    /// Response bodies by `Content-Encoding` (`identity` when none).
    pub response_encodings: BTreeMap<String, u64>,
    /// Answers dropped on purpose.
    pub lost_answers: u64,
}

impl Tally {
    /// What was added since `before` (a snapshot of the same proxy).
    pub fn since(&self, before: &Tally) -> Tally {
        let diff = |a: &BTreeMap<String, u64>, b: &BTreeMap<String, u64>| {
            a.iter()
                .map(|(k, v)| (k.clone(), v - b.get(k).copied().unwrap_or(0)))
                .filter(|(_, v)| *v > 0)
                .collect()
        };
        Tally {
            up: self.up - before.up,
            down: self.down - before.down,
            connections: self.connections - before.connections,
            requests: self.requests - before.requests,
            by_request: diff(&self.by_request, &before.by_request),
            request_encodings: diff(&self.request_encodings, &before.request_encodings),
            response_encodings: diff(&self.response_encodings, &before.response_encodings),
            lost_answers: self.lost_answers - before.lost_answers,
        }
    }
}

/// An HTTP message head.
#[derive(Debug)]
struct Head {
    /// `GET /path HTTP/1.1` or `HTTP/1.1 200 OK`.
    first: String,
    /// Header names lowercased, values trimmed.
    headers: Vec<(String, String)>,
}

impl Head {
    fn parse(bytes: &[u8]) -> Head {
        let text = String::from_utf8_lossy(bytes);
        let mut lines = text.split("\r\n");
        let first = lines.next().unwrap_or("").to_string();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Head { first, headers }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn chunked(&self) -> bool {
        self.header("transfer-encoding")
            .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    }

    fn content_length(&self) -> Option<usize> {
        self.header("content-length").and_then(|v| v.parse().ok())
    }

    fn encoding(&self) -> String {
        self.header("content-encoding")
            .unwrap_or("identity")
            .to_ascii_lowercase()
    }
}

/// How a message's body is framed.
enum Framing {
    None,
    Length(usize),
    Chunked,
    UntilClose,
}

#[derive(Clone, Copy)]
enum State {
    Head,
    Body(usize),
    ChunkSize,
    ChunkData(usize),
    ChunkEnd,
    Trailer,
    UntilClose,
}

/// Finds HTTP/1.1 message heads in one direction of a connection.
struct Framer {
    buf: Vec<u8>,
    state: State,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

impl Framer {
    fn new() -> Framer {
        Framer {
            buf: vec![],
            state: State::Head,
        }
    }

    /// Feeds bytes; calls `on_head` for each head, which says how its body
    /// is framed.
    fn feed(&mut self, data: &[u8], on_head: &mut dyn FnMut(Head) -> Framing) {
        self.buf.extend_from_slice(data);
        let mut pos = 0;
        loop {
            let rest = &self.buf[pos..];
            match self.state {
                State::Head => {
                    let Some(end) = find(rest, b"\r\n\r\n") else {
                        break;
                    };
                    let head = Head::parse(&rest[..end]);
                    pos += end + 4;
                    self.state = match on_head(head) {
                        Framing::None | Framing::Length(0) => State::Head,
                        Framing::Length(n) => State::Body(n),
                        Framing::Chunked => State::ChunkSize,
                        Framing::UntilClose => State::UntilClose,
                    };
                }
                State::Body(n) | State::ChunkData(n) => {
                    if rest.is_empty() {
                        break;
                    }
                    let take = n.min(rest.len());
                    pos += take;
                    let chunk = matches!(self.state, State::ChunkData(_));
                    self.state = match (n - take, chunk) {
                        (0, false) => State::Head,
                        (0, true) => State::ChunkEnd,
                        (left, false) => State::Body(left),
                        (left, true) => State::ChunkData(left),
                    };
                }
                State::ChunkSize => {
                    let Some(end) = find(rest, b"\r\n") else {
                        break;
                    };
                    let line = String::from_utf8_lossy(&rest[..end]);
                    let hex = line.split(';').next().unwrap_or("").trim();
                    let size = usize::from_str_radix(hex, 16).unwrap_or(0);
                    pos += end + 2;
                    self.state = if size == 0 {
                        State::Trailer
                    } else {
                        State::ChunkData(size)
                    };
                }
                State::ChunkEnd => {
                    if rest.len() < 2 {
                        break;
                    }
                    pos += 2;
                    self.state = State::ChunkSize;
                }
                State::Trailer => {
                    let Some(end) = find(rest, b"\r\n") else {
                        break;
                    };
                    pos += end + 2;
                    if end == 0 {
                        self.state = State::Head;
                    }
                }
                State::UntilClose => {
                    pos = self.buf.len();
                    break;
                }
            }
        }
        self.buf.drain(..pos);
    }
}

/// `METHOD /path` with the query left out and document ids as `{id}`.
fn request_kind(first_line: &str) -> (String, String) {
    let mut parts = first_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("");
    let path = target.split('?').next().unwrap_or("").to_string();
    (method, path)
}

fn kind_label(method: &str, path: &str) -> String {
    let shown: Vec<String> = path
        .split('/')
        .enumerate()
        .map(|(i, seg)| {
            if i >= 2 && !seg.starts_with('_') && !seg.is_empty() && !path.starts_with("/v1/") {
                "{id}".to_string()
            } else {
                seg.to_string()
            }
        })
        .collect();
    format!("{method} {}", shown.join("/"))
}

struct Shared {
    tally: Mutex<Tally>,
    /// The next request to lose the answer of: method and exact path.
    lose: Mutex<Option<(String, String)>>,
}

impl Shared {
    fn tally(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.tally.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running proxy; dropping it stops it.
pub struct Meter {
    /// The proxy's base URL (`http://127.0.0.1:port`).
    pub url: String,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Meter {
    /// Starts a proxy to `upstream` (`host:port`) on a free loopback port,
    /// on its own thread and runtime.
    pub fn start(upstream: SocketAddr) -> Result<Meter, String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("meter runtime: {e}"))?;
        let listener = rt
            .block_on(TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))))
            .map_err(|e| format!("meter bind: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("meter address: {e}"))?;
        let shared = Arc::new(Shared {
            tally: Mutex::new(Tally::default()),
            lose: Mutex::new(None),
        });
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let inner = shared.clone();
        let thread = std::thread::Builder::new()
            .name("byte-meter".into())
            .spawn(move || {
                rt.block_on(async move {
                    loop {
                        tokio::select! {
                            _ = &mut stopped => break,
                            accepted = listener.accept() => {
                                let Ok((client, _)) = accepted else { continue };
                                let shared = inner.clone();
                                tokio::spawn(async move {
                                    if let Err(e) = relay(client, upstream, shared).await {
                                        eprintln!("meter: {e}");
                                    }
                                });
                            }
                        }
                    }
                });
            })
            .map_err(|e| format!("meter thread: {e}"))?;
        Ok(Meter {
            url: format!("http://{addr}"),
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// What crossed so far.
    pub fn snapshot(&self) -> Tally {
        self.shared.tally().clone()
    }

    /// Loses the answer to the next `method path` request (exact path,
    /// query ignored).
    pub fn lose_next_answer(&self, method: &str, path: &str) {
        *self.shared.lose.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((method.to_string(), path.to_string()));
    }

    /// Whether a loss asked for has not happened yet (and cancels it).
    pub fn cancel_loss(&self) -> bool {
        self.shared
            .lose
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .is_some()
    }
}

impl Drop for Meter {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Relays one connection both ways, counting.
async fn relay(client: TcpStream, upstream: SocketAddr, shared: Arc<Shared>) -> Result<(), String> {
    let server = TcpStream::connect(upstream)
        .await
        .map_err(|e| format!("connect {upstream}: {e}"))?;
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    shared.tally().connections += 1;
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    // Methods of the requests sent and not answered yet (a HEAD's answer
    // has no body).
    let methods: Arc<Mutex<VecDeque<String>>> = Arc::default();
    let doomed = Arc::new(AtomicBool::new(false));

    let up = {
        let (shared, methods, doomed) = (shared.clone(), methods.clone(), doomed.clone());
        async move {
            let mut framer = Framer::new();
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = match cr.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                shared.tally().up += n as u64;
                framer.feed(&buf[..n], &mut |head| {
                    let (method, path) = request_kind(&head.first);
                    {
                        let mut t = shared.tally();
                        t.requests += 1;
                        *t.by_request.entry(kind_label(&method, &path)).or_default() += 1;
                        if head.content_length().unwrap_or(0) > 0 || head.chunked() {
                            *t.request_encodings.entry(head.encoding()).or_default() += 1;
                        }
                    }
                    let mut lose = shared.lose.lock().unwrap_or_else(|e| e.into_inner());
                    if lose.as_ref() == Some(&(method.clone(), path.clone())) {
                        *lose = None;
                        doomed.store(true, Ordering::SeqCst);
                        shared.tally().lost_answers += 1;
                    }
                    methods
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push_back(method);
                    if head.chunked() {
                        Framing::Chunked
                    } else {
                        Framing::Length(head.content_length().unwrap_or(0))
                    }
                });
                if sw.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
            let _ = sw.shutdown().await;
        }
    };
    let down = {
        let (shared, methods, doomed) = (shared.clone(), methods.clone(), doomed.clone());
        async move {
            let mut framer = Framer::new();
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = match sr.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if doomed.load(Ordering::SeqCst) {
                    // The server has answered: it did the write. The
                    // client never sees the answer.
                    break;
                }
                shared.tally().down += n as u64;
                framer.feed(&buf[..n], &mut |head| {
                    let status: u16 = head
                        .first
                        .split_whitespace()
                        .nth(1)
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    if (100..200).contains(&status) {
                        return Framing::None;
                    }
                    let method = methods
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .pop_front()
                        .unwrap_or_default();
                    if method == "HEAD" || status == 204 || status == 304 {
                        return Framing::None;
                    }
                    let framing = if head.chunked() {
                        Framing::Chunked
                    } else if let Some(n) = head.content_length() {
                        Framing::Length(n)
                    } else {
                        Framing::UntilClose
                    };
                    if !matches!(framing, Framing::Length(0)) {
                        *shared
                            .tally()
                            .response_encodings
                            .entry(head.encoding())
                            .or_default() += 1;
                    }
                    framing
                });
                if cw.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
            let _ = cw.shutdown().await;
        }
    };
    tokio::join!(up, down);
    Ok(())
}
