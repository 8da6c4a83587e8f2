//! A TCP fault proxy on loopback for the sync fault tests.
//!
//! Phones talk to the proxy; the proxy opens one connection to the server
//! per phone connection and forwards bytes both ways. It reads just enough
//! HTTP/1.1 to know where each request starts and ends (request line,
//! `Content-Length`) and, on the server's side, where the response that
//! answers it ends (`Content-Length` or the last chunk), so a fault can be
//! aimed at one request: a [`Rule`] names a request (`"POST /v1/push"`), how
//! many matching requests to let through first, and what to do to the next
//! one ([`Cut`]). With no rule left the proxy is healed and only forwards.
//!
//! Cutting a connection means dropping both sockets: the phone sees the
//! connection close before the answer is complete, which reqwest reports
//! as an error (the sync client's `sync.network`).

#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// What to do to the request a rule matches.
#[derive(Debug, Clone)]
pub enum Cut {
    /// Forward the request's head and this many bytes of its body, then cut
    /// the connection: the server never receives the whole request.
    RequestAfter(usize),
    /// Forward the whole request, let the server answer, then forward the
    /// answer's head and half of its body and cut the connection.
    ResponseHalf,
    /// Forward nothing of the request: tell the test (`Gate::reached`), wait
    /// until it releases the gate (`Gate::release`), then cut the connection.
    /// The test does something meanwhile (restarts the server, kills the
    /// phone).
    Hold(Arc<Gate>),
    /// Forward the request as usual, and send a copy of it to the server
    /// again on a connection of its own after this many milliseconds,
    /// discarding the copy's answer: a request the network delivered twice,
    /// the second time late (after later requests: out of order).
    Replay(u64),
}

/// A meeting point between the proxy and a test.
#[derive(Debug, Default)]
pub struct Gate {
    /// Notified when the held request arrived.
    pub reached: Notify,
    /// Notify to let the proxy cut the held connection.
    pub release: Notify,
}

/// One planned fault.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The start of the request line it matches (`"GET /v1/pull"`).
    pub request: &'static str,
    /// Matching requests to let through untouched before this one.
    pub skip: usize,
    /// What to do.
    pub cut: Cut,
}

impl Rule {
    /// A rule for the next request starting with `request`.
    pub fn next(request: &'static str, cut: Cut) -> Rule {
        Rule {
            request,
            skip: 0,
            cut,
        }
    }
}

struct State {
    target: Mutex<SocketAddr>,
    rules: Mutex<VecDeque<Rule>>,
    cuts: AtomicUsize,
    requests: AtomicUsize,
    /// Body lengths of the requests cut by `Cut::RequestAfter`.
    cut_bodies: Mutex<Vec<usize>>,
    /// Requests sent twice by `Cut::Replay` whose copy got an answer.
    replayed: AtomicUsize,
}

impl State {
    /// The cut for a request with `line`, consuming the first matching rule
    /// whose skips are used up.
    fn take(&self, line: &str) -> Option<Cut> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let mut rules = self.rules.lock().unwrap();
        let i = rules.iter().position(|r| line.starts_with(r.request))?;
        if rules[i].skip > 0 {
            rules[i].skip -= 1;
            return None;
        }
        rules.remove(i).map(|r| r.cut)
    }
}

/// A running proxy; dropping it stops accepting and ends every connection.
pub struct Proxy {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// A proxy on a free loopback port forwarding to `target`.
    pub async fn start(target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("proxy binds on loopback");
        let addr = listener.local_addr().expect("proxy address");
        let state = Arc::new(State {
            target: Mutex::new(target),
            rules: Mutex::new(VecDeque::new()),
            cuts: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
            cut_bodies: Mutex::new(vec![]),
            replayed: AtomicUsize::new(0),
        });
        let st = state.clone();
        let task = tokio::spawn(async move {
            // Connections live in this set, so aborting the accept loop
            // drops (and closes) them all.
            let mut conns = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((client, _)) = accepted else { continue };
                        conns.spawn(connection(client, st.clone()));
                    }
                    Some(_) = conns.join_next(), if !conns.is_empty() => {}
                }
            }
        });
        Proxy { addr, state, task }
    }

    /// The URL phones use.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Points new connections at another server address.
    pub fn set_target(&self, target: SocketAddr) {
        *self.state.target.lock().unwrap() = target;
    }

    /// Plans a fault.
    pub fn add(&self, rule: Rule) {
        self.state.rules.lock().unwrap().push_back(rule);
    }

    /// Forgets every planned fault: from now on the proxy only forwards.
    pub fn heal(&self) {
        self.state.rules.lock().unwrap().clear();
    }

    /// Planned faults not used yet.
    pub fn pending_rules(&self) -> usize {
        self.state.rules.lock().unwrap().len()
    }

    /// Connections cut so far.
    pub fn cuts(&self) -> usize {
        self.state.cuts.load(Ordering::SeqCst)
    }

    /// The full body lengths of the requests cut by `Cut::RequestAfter`
    /// (to check a cut fell inside the body).
    pub fn cut_bodies(&self) -> Vec<usize> {
        self.state.cut_bodies.lock().unwrap().clone()
    }

    /// Requests replayed by `Cut::Replay` whose copy the server answered.
    pub fn replayed(&self) -> usize {
        self.state.replayed.load(Ordering::SeqCst)
    }

    /// Requests seen so far.
    pub fn requests(&self) -> usize {
        self.state.requests.load(Ordering::SeqCst)
    }
}

/// Sends `request` (a whole HTTP/1.1 request) to the server again after
/// `delay_ms`, on a connection of its own, and reads the answer to its end
/// (or for 5 s at most), then drops it.
async fn replay(state: Arc<State>, request: Vec<u8>, delay_ms: u64) {
    tokio::time::sleep(std::time::Duration::from_millis(delay_ms)).await;
    let target = *state.target.lock().unwrap();
    let Ok(server) = TcpStream::connect(target).await else {
        return;
    };
    let (mut r, mut w) = server.into_split();
    if w.write_all(&request).await.is_err() {
        return;
    }
    let mut buf = Vec::new();
    let read = async {
        loop {
            if let Some(n) = response_len(&buf) {
                if buf.len() >= n {
                    return true;
                }
            }
            if !fill(&mut r, &mut buf).await {
                return false;
            }
        }
    };
    if let Ok(true) = tokio::time::timeout(std::time::Duration::from_secs(5), read).await {
        state.replayed.fetch_add(1, Ordering::SeqCst);
    }
}

async fn connection(client: TcpStream, state: Arc<State>) {
    let target = *state.target.lock().unwrap();
    let Ok(server) = TcpStream::connect(target).await else {
        return; // the server is down: the phone sees its connection close
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (client_r, client_w) = client.into_split();
    let (server_r, server_w) = server.into_split();
    let armed = AtomicBool::new(false);
    // Whichever direction ends first (a close, an error, a cut) ends the
    // connection: both sockets are dropped on return.
    tokio::select! {
        _ = upstream(client_r, server_w, &state, &armed) => {}
        _ = downstream(server_r, client_w, &state, &armed) => {}
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The `Content-Length` of a message head, if any.
fn content_length(head: &str) -> Option<usize> {
    head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())
            .flatten()
    })
}

/// Reads more bytes into `buf`; false at the end of the stream.
async fn fill(from: &mut OwnedReadHalf, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 16 * 1024];
    match from.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

/// Phone to server, request by request.
async fn upstream(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    state: &Arc<State>,
    armed: &AtomicBool,
) {
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let head_len = loop {
            if let Some(p) = find(&buf, b"\r\n\r\n") {
                break p + 4;
            }
            if !fill(&mut from, &mut buf).await {
                return;
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_len]).into_owned();
        let line = head.lines().next().unwrap_or_default().to_string();
        let body_len = content_length(&head).unwrap_or(0);
        let total = head_len + body_len;
        match state.take(&line) {
            Some(Cut::Hold(gate)) => {
                state.cuts.fetch_add(1, Ordering::SeqCst);
                gate.reached.notify_one();
                gate.release.notified().await;
                return;
            }
            Some(Cut::RequestAfter(n)) => {
                let upto = head_len + n.min(body_len);
                while buf.len() < upto {
                    if !fill(&mut from, &mut buf).await {
                        return;
                    }
                }
                let _ = to.write_all(&buf[..upto]).await;
                let _ = to.flush().await;
                state.cut_bodies.lock().unwrap().push(body_len);
                state.cuts.fetch_add(1, Ordering::SeqCst);
                return;
            }
            Some(Cut::ResponseHalf) => armed.store(true, Ordering::SeqCst),
            Some(Cut::Replay(delay_ms)) => {
                while buf.len() < total {
                    if !fill(&mut from, &mut buf).await {
                        return;
                    }
                }
                tokio::spawn(replay(state.clone(), buf[..total].to_vec(), delay_ms));
            }
            None => {}
        }
        while buf.len() < total {
            if !fill(&mut from, &mut buf).await {
                return;
            }
        }
        if to.write_all(&buf[..total]).await.is_err() {
            return;
        }
        buf.drain(..total);
    }
}

/// The length of the response at the start of `buf`, once it is known.
fn response_len(buf: &[u8]) -> Option<usize> {
    let head = find(buf, b"\r\n\r\n")? + 4;
    let text = String::from_utf8_lossy(&buf[..head]).to_ascii_lowercase();
    if let Some(n) = content_length(&text) {
        return Some(head + n);
    }
    if text.contains("transfer-encoding: chunked") {
        return buf.ends_with(b"0\r\n\r\n").then_some(buf.len());
    }
    None // until the server closes
}

/// Server to phone. The phone sends a request only after reading the whole
/// previous answer, so the first bytes after a request was armed begin its
/// answer.
async fn downstream(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    state: &State,
    armed: &AtomicBool,
) {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if !fill(&mut from, &mut buf).await {
            return;
        }
        if armed.swap(false, Ordering::SeqCst) {
            while response_len(&buf).is_none_or(|n| buf.len() < n) {
                if !fill(&mut from, &mut buf).await {
                    break;
                }
            }
            let head = find(&buf, b"\r\n\r\n").map_or(0, |p| p + 4);
            let cut = head + (buf.len() - head) / 2;
            let _ = to.write_all(&buf[..cut]).await;
            let _ = to.shutdown().await;
            state.cuts.fetch_add(1, Ordering::SeqCst);
            return;
        }
        if to.write_all(&buf).await.is_err() {
            return;
        }
    }
}
