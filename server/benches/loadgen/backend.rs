//! The server under load, behind one interface so that another backend
//! (PostgreSQL, issue 8) plugs in beside SQLite: it creates the clubs and
//! their enrolment codes before the timed part, serves a base URL, reports
//! its process's memory, stops, and says what it holds of every club.
//!
//! Two SQLite backends: the real binary as a child process (`ishc-server
//! serve`, so its peak memory is its own), or the library's server on its
//! own thread and runtime in this process (no binary needed; the memory is
//! then this whole process's, phones included).

use super::check::{core_rows, Holdings};
use ishc_server::sqlite::SqliteStorage;
use ishc_server::storage::{NewClub, Storage};
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Xã Xuân Lộc, Đồng Nai (2025 units): the commune of every club created.
pub const XUAN_LOC: u32 = 26425;

/// A club ready for its phones: its id and one enrolment code per phone.
#[derive(Debug, Clone)]
pub struct ClubPlan {
    /// Club id.
    pub club_id: String,
    /// One-time enrolment codes, one per phone.
    pub codes: Vec<String>,
}

/// A process's memory from `/proc/<pid>/status`, KiB.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProcessMemory {
    /// Peak resident set size (`VmHWM`).
    pub peak_rss_kib: u64,
    /// Resident set size now (`VmRSS`).
    pub rss_kib: u64,
}

/// Reads `VmHWM` and `VmRSS` of a process (`"self"` or a pid).
pub fn process_memory(pid: &str) -> Option<ProcessMemory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some(ProcessMemory {
        peak_rss_kib: field("VmHWM:")?,
        rss_kib: field("VmRSS:")?,
    })
}

/// CPU time (user + system) a process has used, in seconds, from
/// `/proc/<pid>/stat` (clock ticks of 1/100 s, Linux's `USER_HZ`).
pub fn process_cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after ')'.
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

/// What the load generator needs of a server.
pub trait Backend {
    /// One line saying what serves (for the report).
    fn describe(&self) -> String;
    /// Creates `phones_per_club.len()` clubs and issues each its phones'
    /// codes, before the server serves.
    fn prepare(&mut self, phones_per_club: &[usize]) -> Result<Vec<ClubPlan>, String>;
    /// Starts serving; returns the base URL.
    fn start(&mut self) -> Result<String, String>;
    /// The serving process's memory now, and whether that process is the
    /// server alone (`false`: the generator's process, phones included).
    fn memory(&self) -> Option<(ProcessMemory, bool)>;
    /// The serving process's CPU time so far, seconds.
    fn cpu_seconds(&self) -> Option<f64>;
    /// Stops serving and waits for it.
    fn stop(&mut self) -> Result<(), String>;
    /// What the server's database holds of every club.
    fn holdings(&self) -> Result<BTreeMap<String, Holdings>, String>;
}

/// How the SQLite server runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqliteMode {
    /// The `ishc-server` binary at this path, as a child process.
    Child(PathBuf),
    /// The library's server in this process.
    InProcess,
}

enum Running {
    Child(ChildServer),
    InProcess {
        stop: tokio::sync::oneshot::Sender<()>,
        thread: std::thread::JoinHandle<Result<(), String>>,
    },
}

/// The SQLite server on a database file.
pub struct SqliteBackend {
    db: PathBuf,
    mode: SqliteMode,
    running: Option<Running>,
    /// The child process, shared with the generator's watchdog.
    killer: Killer,
}

/// A handle that kills the child server, if one runs (for a watchdog).
#[derive(Clone, Default)]
pub struct Killer(Arc<Mutex<Option<Child>>>);

impl Killer {
    /// Kills the child server now, if there is one, and reaps it.
    pub fn kill(&self) {
        if let Some(mut c) = self.0.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

struct ChildServer {
    pid: u32,
    log: PathBuf,
}

impl SqliteBackend {
    /// A backend on `db` (created if missing), run as `mode`.
    pub fn new(db: &Path, mode: SqliteMode) -> SqliteBackend {
        SqliteBackend {
            db: db.to_path_buf(),
            mode,
            running: None,
            killer: Killer::default(),
        }
    }

    /// The handle that kills the child server (a no-op in process).
    pub fn killer(&self) -> Killer {
        self.killer.clone()
    }

    fn start_child(&mut self, binary: &Path) -> Result<String, String> {
        // A free port: bound, read, released, then given to the server.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("free port: {e}"))?
            .port();
        let log = self.db.with_extension("server.log");
        let log_file = std::fs::File::create(&log).map_err(|e| format!("server log: {e}"))?;
        let child = Command::new(binary)
            .arg("serve")
            .arg("--db")
            .arg(&self.db)
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let pid = child.id();
        *self.killer.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(child);
        self.running = Some(Running::Child(ChildServer {
            pid,
            log: log.clone(),
        }));
        let url = format!("http://127.0.0.1:{port}");
        wait_healthy(&url, Duration::from_secs(30)).map_err(|e| {
            self.killer.kill();
            format!("{e}; server log: {}", tail(&log))
        })?;
        Ok(url)
    }

    fn start_in_process(&mut self) -> Result<String, String> {
        let db = self.db.clone();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("load-server".into())
            .spawn(move || -> Result<(), String> {
                // As `ishc-server serve` runs it: a multi-thread runtime.
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| e.to_string())?;
                rt.block_on(async move {
                    let started = ishc_server::spawn(ishc_server::Config::new(db)).await;
                    let handle = match started {
                        Ok((addr, handle)) => {
                            let _ = addr_tx.send(Ok(addr));
                            handle
                        }
                        Err(e) => {
                            let _ = addr_tx.send(Err(e.to_string()));
                            return Err("the server did not start".to_string());
                        }
                    };
                    let _ = stopped.await;
                    handle.shutdown().await.map_err(|e| e.to_string())
                })
            })
            .map_err(|e| format!("server thread: {e}"))?;
        let addr = addr_rx
            .recv_timeout(Duration::from_secs(30))
            .map_err(|e| format!("the in-process server did not start: {e}"))??;
        self.running = Some(Running::InProcess { stop, thread });
        Ok(format!("http://{addr}"))
    }
}

/// Polls `GET /health` until it answers 200, at most `within`.
fn wait_healthy(url: &str, within: Duration) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let client = reqwest::Client::new();
        let until = Instant::now() + within;
        loop {
            if let Ok(r) = client.get(format!("{url}/health")).send().await {
                if r.status().is_success() {
                    return Ok(());
                }
            }
            if Instant::now() > until {
                return Err(format!(
                    "the server at {url} did not answer within {within:?}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
}

/// The last lines of a log file.
fn tail(path: &Path) -> String {
    let mut s = String::new();
    if let Ok(mut f) = std::fs::File::open(path) {
        let _ = f.read_to_string(&mut s);
    }
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(10)..].join("\n")
}

impl Backend for SqliteBackend {
    fn describe(&self) -> String {
        match &self.mode {
            SqliteMode::Child(bin) => format!(
                "SQLite, `ishc-server serve` as a child process ({})",
                bin.display()
            ),
            SqliteMode::InProcess => "SQLite, the server library in this process".to_string(),
        }
    }

    fn prepare(&mut self, phones_per_club: &[usize]) -> Result<Vec<ClubPlan>, String> {
        let storage = SqliteStorage::open(&self.db).map_err(|e| e.to_string())?;
        let mut plans = Vec::with_capacity(phones_per_club.len());
        for (i, &phones) in phones_per_club.iter().enumerate() {
            let club = storage
                .create_club(NewClub {
                    name: format!("CLB Liên thế hệ tự giúp nhau số {}", i + 1),
                    commune_code: XUAN_LOC,
                    founded_on: super::work::founded(),
                    activity_areas: None,
                })
                .map_err(|e| format!("club {i}: {e}"))?;
            let codes = (0..phones)
                .map(|_| storage.issue_code(&club.id, 72).map(|c| c.code))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("club {i}: code: {e}"))?;
            plans.push(ClubPlan {
                club_id: club.id,
                codes,
            });
        }
        Ok(plans)
    }

    fn start(&mut self) -> Result<String, String> {
        match self.mode.clone() {
            SqliteMode::Child(bin) => self.start_child(&bin),
            SqliteMode::InProcess => self.start_in_process(),
        }
    }

    fn memory(&self) -> Option<(ProcessMemory, bool)> {
        match self.running.as_ref()? {
            Running::Child(c) => process_memory(&c.pid.to_string()).map(|m| (m, true)),
            Running::InProcess { .. } => process_memory("self").map(|m| (m, false)),
        }
    }

    fn cpu_seconds(&self) -> Option<f64> {
        match self.running.as_ref()? {
            Running::Child(c) => process_cpu_seconds(&c.pid.to_string()),
            Running::InProcess { .. } => None,
        }
    }

    fn stop(&mut self) -> Result<(), String> {
        match self.running.take() {
            None => Ok(()),
            Some(Running::Child(c)) => {
                // SIGTERM: the server finishes requests in flight and exits.
                let _ = Command::new("kill")
                    .arg("-TERM")
                    .arg(c.pid.to_string())
                    .status();
                let until = Instant::now() + Duration::from_secs(10);
                loop {
                    let mut guard = self.killer.0.lock().unwrap_or_else(|e| e.into_inner());
                    let Some(child) = guard.as_mut() else {
                        return Ok(());
                    };
                    match child.try_wait() {
                        Ok(Some(status)) => {
                            guard.take();
                            return if status.success() {
                                Ok(())
                            } else {
                                Err(format!(
                                    "the server exited with {status}; log: {}",
                                    tail(&c.log)
                                ))
                            };
                        }
                        Ok(None) if Instant::now() < until => {}
                        _ => {
                            drop(guard);
                            self.killer.kill();
                            return Err("the server did not stop within 10 s: killed".into());
                        }
                    }
                    drop(guard);
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            Some(Running::InProcess { stop, thread }) => {
                let _ = stop.send(());
                thread
                    .join()
                    .map_err(|_| "the server thread panicked".to_string())?
            }
        }
    }

    fn holdings(&self) -> Result<BTreeMap<String, Holdings>, String> {
        let conn = Connection::open_with_flags(&self.db, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| e.to_string())?;
        let read = || -> rusqlite::Result<BTreeMap<String, Holdings>> {
            let mut out: BTreeMap<String, Holdings> = BTreeMap::new();
            let mut stmt = conn.prepare("SELECT id FROM clubs")?;
            let clubs = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for club in clubs {
                let (rows, journal_sum) = core_rows(&conn, &club)?;
                out.insert(
                    club,
                    Holdings {
                        op_ids: vec![],
                        rows,
                        journal_sum,
                    },
                );
            }
            let mut stmt = conn.prepare("SELECT club_id, op_id FROM server_ops ORDER BY op_id")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let club: String = r.get(0)?;
                out.entry(club).or_default().op_ids.push(r.get(1)?);
            }
            Ok(out)
        };
        read().map_err(|e| format!("reading the server's database: {e}"))
    }
}

impl Drop for SqliteBackend {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}
