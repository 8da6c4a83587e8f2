//! The server under load, behind one interface so that another backend
//! (PostgreSQL, issue 8) plugs in beside SQLite: it creates the clubs and
//! their enrolment codes before the timed part, serves a base URL, reports
//! its process's memory, stops, and says what it holds of every club.
//!
//! Two SQLite backends: the real binary as a child process (`ishc-server
//! serve`, so its peak memory is its own), or the library's server on its
//! own thread and runtime in this process (no binary needed; the memory is
//! then this whole process's, phones included). Either runs on PostgreSQL
//! instead with [`SqliteBackend::with_database_url`] (`serve
//! --database-url`, the database file then being the server's replica).
//! On PostgreSQL the binary can run as several processes on the same
//! database ([`SqliteBackend::with_processes`]), each with its own replica
//! file and port; the generator's proxy spreads requests over them.

use super::check::{core_rows, Holdings};
use ishc_server::postgres::PgStorage;
use ishc_server::sqlite::SqliteStorage;
use ishc_server::storage::{DashboardStorage, NewClub, Storage, StorageError};
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Xã Xuân Lộc, Đồng Nai (2025 units): the commune of every club created.
pub const XUAN_LOC: u32 = 26425;

/// The most server processes a run may start: each keeps a pool of up to
/// 16 PostgreSQL connections, and `scripts/postgres.sh` allows 300.
pub const MAX_PROCESSES: usize = 16;

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
    /// Starts serving; returns the base URL of every serving process (one
    /// unless several processes share one PostgreSQL database).
    fn start(&mut self) -> Result<Vec<String>, String>;
    /// Each serving process's memory now, in the order of [`Backend::start`]'s
    /// URLs, and whether those processes are the server alone (`false`: the
    /// generator's process, phones included).
    fn memory(&self) -> Option<(Vec<ProcessMemory>, bool)>;
    /// The serving processes' CPU time so far, summed, seconds.
    fn cpu_seconds(&self) -> Option<f64>;
    /// Stops serving and waits for it.
    fn stop(&mut self) -> Result<(), String>;
    /// What the server's database holds of every club.
    fn holdings(&self) -> Result<BTreeMap<String, Holdings>, String>;
    /// After [`Backend::stop`]: how the other processes' replicas differ
    /// from `after` (what [`Backend::holdings`] read), one line per
    /// difference; empty with one process.
    fn replica_differences(
        &self,
        _after: &BTreeMap<String, Holdings>,
    ) -> Result<Vec<String>, String> {
        Ok(vec![])
    }
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
    /// One child per process, in the order of their URLs.
    Children(Vec<ChildServer>),
    InProcess {
        stop: tokio::sync::oneshot::Sender<()>,
        thread: std::thread::JoinHandle<Result<(), String>>,
    },
}

/// The SQLite server on a database file.
pub struct SqliteBackend {
    db: PathBuf,
    /// PostgreSQL instead of SQLite: `db` is then the first process's
    /// replica.
    database_url: Option<String>,
    /// Server processes on the PostgreSQL database (1 on SQLite).
    processes: usize,
    mode: SqliteMode,
    running: Option<Running>,
    /// The child processes, shared with the generator's watchdog.
    killer: Killer,
}

/// A handle that kills the child servers, if any run (for a watchdog).
#[derive(Clone, Default)]
pub struct Killer(Arc<Mutex<BTreeMap<u32, Child>>>);

impl Killer {
    /// Kills every child server now and reaps them.
    pub fn kill(&self) {
        let children = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        for (_, mut c) in children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Kills and reaps the child `pid`, if it still runs.
    fn kill_one(&self, pid: u32) {
        let child = self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&pid);
        if let Some(mut c) = child {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Whether the child `pid` has exited: `Some(status)` once (it is then
    /// reaped and forgotten), `Ok(None)` while it runs; an exit already
    /// reaped by [`Killer::kill`] reads as a failure.
    fn try_wait(&self, pid: u32) -> Result<Option<std::process::ExitStatus>, String> {
        let mut children = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let Some(child) = children.get_mut(&pid) else {
            return Err("killed".into());
        };
        match child.try_wait() {
            Ok(Some(status)) => {
                children.remove(&pid);
                Ok(Some(status))
            }
            Ok(None) => Ok(None),
            Err(e) => Err(e.to_string()),
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
            database_url: None,
            processes: 1,
            mode,
            running: None,
            killer: Killer::default(),
        }
    }

    /// The same server on the PostgreSQL database at `url` (when `Some`),
    /// with `db` as its replica. Give it an empty database
    /// ([`fresh_database`]).
    pub fn with_database_url(mut self, url: Option<String>) -> SqliteBackend {
        self.database_url = url;
        self
    }

    /// Runs `processes` server processes instead of one: only on
    /// PostgreSQL (`with_database_url`) and as child processes, each on its
    /// own port with its own replica file ([`SqliteBackend::replicas`]).
    /// Refused (with the reason) otherwise, or outside 1 to
    /// [`MAX_PROCESSES`].
    pub fn with_processes(mut self, processes: usize) -> Result<SqliteBackend, String> {
        if !(1..=MAX_PROCESSES).contains(&processes) {
            return Err(format!(
                "--processes must be 1 to {MAX_PROCESSES}, not {processes}"
            ));
        }
        if processes > 1 {
            if self.database_url.is_none() {
                return Err(format!(
                    "--processes {processes} needs PostgreSQL (--database-url, or run under scripts/postgres.sh): \
                     on SQLite the server is one process"
                ));
            }
            if self.mode == SqliteMode::InProcess {
                return Err(format!(
                    "--processes {processes} runs the ishc-server binary; it cannot be combined with --in-process"
                ));
            }
        }
        self.processes = processes;
        Ok(self)
    }

    /// The replica (or, on SQLite, database) file of each process: `db`
    /// for the first, `<db stem>-<n>.<ext>` beside it for process n ≥ 2.
    pub fn replicas(&self) -> Vec<PathBuf> {
        let stem = self
            .db
            .file_stem()
            .map_or_else(|| "server".into(), |s| s.to_string_lossy().into_owned());
        let ext = self
            .db
            .extension()
            .map_or_else(|| "db".into(), |s| s.to_string_lossy().into_owned());
        (1..=self.processes)
            .map(|n| {
                if n == 1 {
                    self.db.clone()
                } else {
                    self.db.with_file_name(format!("{stem}-{n}.{ext}"))
                }
            })
            .collect()
    }

    /// The handle that kills the child servers (a no-op in process).
    pub fn killer(&self) -> Killer {
        self.killer.clone()
    }

    fn start_children(&mut self, binary: &Path) -> Result<Vec<String>, String> {
        let mut children = vec![];
        let mut urls = vec![];
        for replica in self.replicas() {
            match self.spawn_child(binary, &replica) {
                Ok((child, url)) => {
                    children.push(child);
                    urls.push(url);
                }
                Err(e) => {
                    self.killer.kill();
                    return Err(e);
                }
            }
        }
        let logs: Vec<PathBuf> = children.iter().map(|c| c.log.clone()).collect();
        self.running = Some(Running::Children(children));
        // They start together (the first migrates PostgreSQL, under a lock
        // the others wait for); each must answer.
        for (url, log) in urls.iter().zip(&logs) {
            wait_healthy(url, Duration::from_secs(30)).map_err(|e| {
                self.killer.kill();
                format!("{e}; server log: {}", tail(log))
            })?;
        }
        Ok(urls)
    }

    /// Starts one `ishc-server serve` on `db` (its SQLite database, or its
    /// replica on PostgreSQL) and a free port.
    fn spawn_child(&self, binary: &Path, db: &Path) -> Result<(ChildServer, String), String> {
        // A free port: bound, read, released, then given to the server.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("free port: {e}"))?
            .port();
        let log = db.with_extension("server.log");
        let log_file = std::fs::File::create(&log).map_err(|e| format!("server log: {e}"))?;
        let mut command = Command::new(binary);
        command.arg("serve");
        match &self.database_url {
            // In the environment: a URL may carry a password.
            Some(url) => command
                .env("ISHC_DATABASE_URL", url)
                .arg("--replica")
                .arg(db),
            None => command.arg("--db").arg(db),
        };
        let child = command
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let pid = child.id();
        self.killer
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(pid, child);
        Ok((ChildServer { pid, log }, format!("http://127.0.0.1:{port}")))
    }

    /// Stops the children: SIGTERM to each (a server finishes requests in
    /// flight and exits), then waits for each, killing what still runs
    /// 10 s later. Every child is stopped, whatever the others did.
    fn stop_children(&self, children: &[ChildServer]) -> Result<(), String> {
        for c in children {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(c.pid.to_string())
                .status();
        }
        let until = Instant::now() + Duration::from_secs(10);
        let mut errors = vec![];
        for c in children {
            let stopped = loop {
                match self.killer.try_wait(c.pid) {
                    Ok(Some(status)) if status.success() => break Ok(()),
                    Ok(Some(status)) => {
                        break Err(format!(
                            "the server (pid {}) exited with {status}; log: {}",
                            c.pid,
                            tail(&c.log)
                        ))
                    }
                    Ok(None) if Instant::now() < until => {}
                    Ok(None) => {
                        self.killer.kill_one(c.pid);
                        break Err(format!(
                            "the server (pid {}) did not stop within 10 s: killed",
                            c.pid
                        ));
                    }
                    Err(e) => break Err(format!("the server (pid {}): {e}", c.pid)),
                }
                std::thread::sleep(Duration::from_millis(50));
            };
            errors.extend(stopped.err());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }

    fn start_in_process(&mut self) -> Result<String, String> {
        let mut config = ishc_server::Config::new(self.db.clone());
        config.database_url = self.database_url.clone();
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
                    let started = ishc_server::spawn(config).await;
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
        let what = match &self.mode {
            SqliteMode::Child(bin) => format!(
                "SQLite, `ishc-server serve` as a child process ({})",
                bin.display()
            ),
            SqliteMode::InProcess => "SQLite, the server library in this process".to_string(),
        };
        match &self.database_url {
            Some(_) if self.processes > 1 => format!(
                "PostgreSQL (a SQLite replica per process), {} `ishc-server serve` child processes on one database, requests spread over them in turn ({})",
                self.processes,
                match &self.mode {
                    SqliteMode::Child(bin) => bin.display().to_string(),
                    SqliteMode::InProcess => "in process".to_string(),
                }
            ),
            Some(_) => what.replacen("SQLite", "PostgreSQL (a SQLite replica per process)", 1),
            None => what,
        }
    }

    fn prepare(&mut self, phones_per_club: &[usize]) -> Result<Vec<ClubPlan>, String> {
        let storage: Box<dyn Storage> = match &self.database_url {
            Some(url) => Box::new(PgStorage::open(url, &self.db).map_err(|e| e.to_string())?),
            None => Box::new(SqliteStorage::open(&self.db).map_err(|e| e.to_string())?),
        };
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

    fn start(&mut self) -> Result<Vec<String>, String> {
        match self.mode.clone() {
            SqliteMode::Child(bin) => self.start_children(&bin),
            SqliteMode::InProcess => self.start_in_process().map(|url| vec![url]),
        }
    }

    fn memory(&self) -> Option<(Vec<ProcessMemory>, bool)> {
        match self.running.as_ref()? {
            Running::Children(children) => children
                .iter()
                .map(|c| process_memory(&c.pid.to_string()))
                .collect::<Option<Vec<_>>>()
                .map(|m| (m, true)),
            Running::InProcess { .. } => process_memory("self").map(|m| (vec![m], false)),
        }
    }

    fn cpu_seconds(&self) -> Option<f64> {
        match self.running.as_ref()? {
            Running::Children(children) => children
                .iter()
                .map(|c| process_cpu_seconds(&c.pid.to_string()))
                .sum(),
            Running::InProcess { .. } => None,
        }
    }

    fn stop(&mut self) -> Result<(), String> {
        match self.running.take() {
            None => Ok(()),
            Some(Running::Children(children)) => self.stop_children(&children),
            Some(Running::InProcess { stop, thread }) => {
                let _ = stop.send(());
                thread
                    .join()
                    .map_err(|_| "the server thread panicked".to_string())?
            }
        }
    }

    fn holdings(&self) -> Result<BTreeMap<String, Holdings>, String> {
        let sqlite = self.database_url.is_none();
        // On PostgreSQL the rows are the replica's (the core's tables live
        // only there) and the operations PostgreSQL's, the truth. With one
        // process its replica applied every push and is read as it is; with
        // several, each applied only the pushes it was given, so the first
        // process's replica is caught up from PostgreSQL first.
        let mut out = match &self.database_url {
            Some(url) if self.processes > 1 => caught_up_rows(url, &self.db)?,
            _ => {
                let conn = Connection::open_with_flags(&self.db, OpenFlags::SQLITE_OPEN_READ_ONLY)
                    .map_err(|e| e.to_string())?;
                club_rows(&conn, sqlite)
                    .map_err(|e| format!("reading the server's database: {e}"))?
            }
        };
        if let Some(url) = &self.database_url {
            let mut c = postgres::Client::connect(url, postgres::NoTls)
                .map_err(|e| format!("PostgreSQL: {e}"))?;
            let rows = c
                .query("SELECT club_id, op_id FROM server_ops ORDER BY op_id", &[])
                .map_err(|e| format!("PostgreSQL: {e}"))?;
            for r in rows {
                out.entry(r.get(0)).or_default().op_ids.push(r.get(1));
            }
        }
        Ok(out)
    }

    fn replica_differences(
        &self,
        after: &BTreeMap<String, Holdings>,
    ) -> Result<Vec<String>, String> {
        let Some(url) = &self.database_url else {
            return Ok(vec![]);
        };
        let mut problems = vec![];
        // Every other process's replica, caught up from PostgreSQL in turn,
        // must hold the same rows as the first's: each applied a different
        // share of the pushes and replayed the rest.
        for (n, replica) in self.replicas().iter().enumerate().skip(1) {
            let who = format!("replica of process {} ({})", n + 1, replica.display());
            let held = caught_up_rows(url, replica)?;
            for (club, want) in after {
                match held.get(club) {
                    None => problems.push(format!("{who}: holds nothing of club {club}")),
                    Some(h) if (&h.rows, h.journal_sum) != (&want.rows, want.journal_sum) => {
                        problems.push(format!(
                            "{who}: club {club}: rows {:?} summing to {} đồng differ from the first replica's {:?} summing to {} đồng",
                            h.rows, h.journal_sum, want.rows, want.journal_sum
                        ))
                    }
                    Some(_) => {}
                }
            }
            for club in held.keys().filter(|c| !after.contains_key(*c)) {
                problems.push(format!(
                    "{who}: holds club {club} that the first replica lacks"
                ));
            }
        }
        Ok(problems)
    }
}

/// The rows of every club in a database in the core's schema (the SQLite
/// server's, or a replica), with the `server_ops` operation ids when
/// `with_ops` (SQLite: the database is the truth).
fn club_rows(conn: &Connection, with_ops: bool) -> rusqlite::Result<BTreeMap<String, Holdings>> {
    let mut out: BTreeMap<String, Holdings> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT id FROM clubs")?;
    let clubs = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for club in clubs {
        let (rows, journal_sum) = core_rows(conn, &club)?;
        out.insert(
            club,
            Holdings {
                op_ids: vec![],
                rows,
                journal_sum,
            },
        );
    }
    if with_ops {
        let mut stmt = conn.prepare("SELECT club_id, op_id FROM server_ops ORDER BY op_id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let club: String = r.get(0)?;
            out.entry(club).or_default().op_ids.push(r.get(1)?);
        }
    }
    Ok(out)
}

/// The rows of every club in `replica` once the server's own catch-up
/// (`read_province`, as the dashboard reads) has brought every club of
/// [`XUAN_LOC`]'s province up to PostgreSQL's last operation.
fn caught_up_rows(url: &str, replica: &Path) -> Result<BTreeMap<String, Holdings>, String> {
    let province = ishc_core::admin_units::commune(XUAN_LOC)
        .ok_or("the clubs' commune is not a 2025 commune")?
        .province_code;
    let storage =
        PgStorage::open(url, replica).map_err(|e| format!("{}: {e}", replica.display()))?;
    let mut out = None;
    storage
        .read_province(province, &mut |conn| {
            out = Some(club_rows(conn, false).map_err(StorageError::from)?);
            Ok(())
        })
        .map_err(|e| format!("catching up {}: {e}", replica.display()))?;
    out.ok_or_else(|| format!("{}: not read", replica.display()))
}

impl Drop for SqliteBackend {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// Creates an empty database `ishc_load_<uuid>` on the PostgreSQL server of
/// `url` and returns `url` naming it instead (a load run never reuses one).
pub fn fresh_database(url: &str) -> Result<String, String> {
    let name = format!("ishc_load_{}", uuid::Uuid::now_v7().simple());
    let mut c =
        postgres::Client::connect(url, postgres::NoTls).map_err(|e| format!("PostgreSQL: {e}"))?;
    c.batch_execute(&format!("CREATE DATABASE {name}"))
        .map_err(|e| format!("PostgreSQL: {e}"))?;
    // postgres://user@host:port/db?query: the path after the authority.
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..authority_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    Ok(out)
}
