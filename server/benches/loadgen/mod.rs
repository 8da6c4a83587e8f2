//! The load generator: phones of many clubs enrolling, pushing a day of
//! work and pulling, against a server on loopback, with a hard deadline,
//! then the exact count check ([`check`]).
//!
//! Shared by `server/benches/load.rs` (the full run, figures in
//! `docs/PERFORMANCE.md`) and `server/tests/load_smoke.rs` (a small run
//! that asserts the counts).
//!
//! # What a run does
//!
//! 1. **Setup, untimed**: the backend ([`backend`]) creates the clubs and one
//!    enrolment code per phone in the server's database, and the server
//!    starts. Phones are spread over the clubs in turn (phone *i* in club
//!    *i* mod clubs). The server's holdings are read as the baseline. On
//!    PostgreSQL the server may run as several processes on the same
//!    database, each with its own replica and port; the proxy then spreads
//!    the requests over them in turn.
//! 2. **Timed part**: every club runs as one task, at most `concurrency`
//!    clubs at once and at most `concurrency` phones talking to the server
//!    at once. A phone is a real `Store` in memory (system clock) with the
//!    app's client: `enrol`, then `SyncClient::sync`. In a club, the first
//!    phone enrols, syncs (pulls the club), registers the members and
//!    records its day ([`work`]) and syncs; then the other phones, at once,
//!    enrol, sync (pulling the members), record their day and sync; then
//!    every phone of the club syncs once more (the final pull). Requests go
//!    through a timing proxy ([`proxy`]) that measures each enrol, push and
//!    pull.
//! 3. **After**: the server's memory and CPU time are read (per process,
//!    CPU summed), it stops, and its database is read for the check. With
//!    several processes every replica is then caught up from PostgreSQL and
//!    must hold the same rows as the first (differences are problems of
//!    the check).
//!
//! The deadline counts from the start of setup: when it passes during the
//! timed part (or had passed before it), unfinished clubs are abandoned,
//! the check runs over the clubs that finished, the report says how far
//! the run got, and the run fails. The bench's watchdog kills the server
//! and the process 60 s after the deadline if anything still hangs.

pub mod backend;
pub mod check;
pub mod proxy;
pub mod work;

use backend::{Backend, ClubPlan, ProcessMemory};
use check::{CheckReport, Holdings, PhoneOutcome};
use ishc_core::clock::SystemClock;
use ishc_core::store::Store;
use ishc_core::sync::client::{enrol, SyncClient, SyncConfig};
use proxy::{KindStats, Latencies, Proxy};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// The size of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Phones in all (at least one per club).
    pub phones: usize,
    /// Clubs.
    pub clubs: usize,
    /// Phones talking to the server at once, and clubs in flight at once.
    pub concurrency: usize,
    /// Hard limit on the whole run, seconds.
    pub max_seconds: u64,
}

impl Options {
    /// Phones of each club: `phones` spread over `clubs` in turn.
    pub fn phones_per_club(&self) -> Vec<usize> {
        (0..self.clubs)
            .map(|c| self.phones / self.clubs + usize::from(c < self.phones % self.clubs))
            .collect()
    }

    fn validate(&self) -> Result<(), String> {
        if self.clubs == 0 || self.phones < self.clubs {
            return Err(format!(
                "phones ({}) must be at least clubs ({}), and clubs at least 1",
                self.phones, self.clubs
            ));
        }
        if self.concurrency == 0 {
            return Err("concurrency must be at least 1".into());
        }
        Ok(())
    }
}

/// What a run did and found.
#[derive(Debug)]
pub struct LoadReport {
    /// The run's size.
    pub options: Options,
    /// What served.
    pub backend: String,
    /// `/proc/loadavg` before and after.
    pub loadavg: (String, String),
    /// Creating the clubs and codes and starting the server, seconds.
    pub setup_seconds: f64,
    /// The timed part (first enrolment to the last final pull), seconds.
    pub timed_seconds: f64,
    /// Whether the deadline cut the run short.
    pub deadline_hit: bool,
    /// Clubs whose phones all finished.
    pub clubs_finished: usize,
    /// Phones that finished (their final pull done).
    pub phones_finished: usize,
    /// Operations the phones' pushes settled (accepted or already held).
    pub ops_sent: usize,
    /// Operations the phones pulled and applied.
    pub ops_received: usize,
    /// Latencies by kind (`enrol`, `push`, `pull`, `sync`, `other`).
    pub latencies: BTreeMap<&'static str, KindStats>,
    /// The server's memory at the end of the timed part, one entry per
    /// server process, and whether they are the server's own processes.
    pub server_memory: Option<(Vec<ProcessMemory>, bool)>,
    /// The server's CPU time over the run, summed over its processes,
    /// seconds (child processes only).
    pub server_cpu_seconds: Option<f64>,
    /// Requests the proxy sent to each server process.
    pub requests_per_process: Vec<u64>,
    /// This process's memory at the end.
    pub generator_memory: Option<ProcessMemory>,
    /// This process's CPU time (phones, proxy; the server too when in
    /// process), seconds.
    pub generator_cpu_seconds: Option<f64>,
    /// Failures of phones or clubs (errors, not count differences).
    pub failures: Vec<String>,
    /// What the server held of every club after the run.
    pub server_holdings: BTreeMap<String, Holdings>,
    /// The exact count check over the finished clubs.
    pub check: CheckReport,
}

impl LoadReport {
    /// Whether every club finished in time, nothing failed and the check
    /// passed.
    pub fn passed(&self) -> bool {
        !self.deadline_hit
            && self.failures.is_empty()
            && self.clubs_finished == self.options.clubs
            && self.check.passed()
            && self.check.clubs == self.options.clubs
            && self.check.phones == self.options.phones
    }

    /// Operations per second over the timed part: operations pushed plus
    /// operations pulled.
    pub fn ops_per_second(&self) -> f64 {
        (self.ops_sent + self.ops_received) as f64 / self.timed_seconds.max(1e-9)
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.options;
        writeln!(
            f,
            "# ishc load: {} phones of {} clubs, concurrency {}, deadline {} s",
            o.phones, o.clubs, o.concurrency, o.max_seconds
        )?;
        writeln!(f, "server: {}", self.backend)?;
        writeln!(
            f,
            "load average before: {}; after: {}",
            self.loadavg.0, self.loadavg.1
        )?;
        writeln!(
            f,
            "setup (clubs, codes, server start): {:.1} s; timed part: {:.1} s{}",
            self.setup_seconds,
            self.timed_seconds,
            if self.deadline_hit {
                " (CUT SHORT BY THE DEADLINE)"
            } else {
                ""
            }
        )?;
        writeln!(
            f,
            "finished: {} of {} clubs, {} of {} phones",
            self.clubs_finished, o.clubs, self.phones_finished, o.phones
        )?;
        let requests: u64 = self
            .latencies
            .iter()
            .filter(|(k, _)| **k != "sync")
            .map(|(_, s)| s.count())
            .sum();
        let per_s = |n: usize| n as f64 / self.timed_seconds.max(1e-9);
        writeln!(
            f,
            "operations: {} pushed, {} pulled; {:.0} pushed/s, {:.0} moved/s (pushed + pulled); {} requests, {:.0}/s",
            self.ops_sent,
            self.ops_received,
            per_s(self.ops_sent),
            self.ops_per_second(),
            requests,
            per_s(requests as usize)
        )?;
        writeln!(
            f,
            "\n| request | count | errors | p50 ms | p99 ms | max ms |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|")?;
        for kind in ["enrol", "push", "pull", "other", "sync"] {
            if let Some(s) = self.latencies.get(kind) {
                let name = if kind == "sync" {
                    "sync (whole, at the phone)"
                } else {
                    kind
                };
                writeln!(
                    f,
                    "| {name} | {} | {} | {:.1} | {:.1} | {:.1} |",
                    s.count(),
                    s.errors,
                    s.ms(0.5),
                    s.ms(0.99),
                    s.max_ms()
                )?;
            }
        }
        writeln!(f)?;
        // "a + b = sum MiB" over the server's processes.
        let sum_of = |kib: &dyn Fn(&ProcessMemory) -> u64, m: &[ProcessMemory]| {
            let each: Vec<String> = m.iter().map(|p| format!("{:.1}", mib(kib(p)))).collect();
            let total = mib(m.iter().map(kib).sum());
            format!("{} = {total:.1} MiB", each.join(" + "))
        };
        match &self.server_memory {
            Some((m, true)) if m.len() == 1 => writeln!(
                f,
                "server peak RSS (VmHWM): {:.1} MiB; RSS at the end: {:.1} MiB",
                mib(m[0].peak_rss_kib),
                mib(m[0].rss_kib)
            )?,
            Some((m, true)) => writeln!(
                f,
                "server peak RSS (VmHWM), {} processes: {}; RSS at the end: {}",
                m.len(),
                sum_of(&|p| p.peak_rss_kib, m),
                sum_of(&|p| p.rss_kib, m)
            )?,
            Some((m, false)) => writeln!(
                f,
                "peak RSS of this process (server in process, phones included): {:.1} MiB",
                mib(m.iter().map(|p| p.peak_rss_kib).sum())
            )?,
            None => writeln!(f, "server memory: not read")?,
        }
        if let Some(cpu) = self.server_cpu_seconds {
            match self.requests_per_process.len() {
                0 | 1 => writeln!(f, "server CPU time: {cpu:.1} s")?,
                n => writeln!(f, "server CPU time: {cpu:.1} s ({n} processes summed)")?,
            }
        }
        if self.requests_per_process.len() > 1 {
            let each: Vec<String> = self
                .requests_per_process
                .iter()
                .map(u64::to_string)
                .collect();
            writeln!(f, "requests per server process: {}", each.join(", "))?;
        }
        if let Some(m) = self.generator_memory {
            writeln!(f, "generator peak RSS: {:.1} MiB", mib(m.peak_rss_kib))?;
        }
        if let Some(cpu) = self.generator_cpu_seconds {
            writeln!(f, "generator CPU time: {cpu:.1} s")?;
        }
        for e in self.failures.iter().take(20) {
            writeln!(f, "FAILURE: {e}")?;
        }
        if self.failures.len() > 20 {
            writeln!(f, "… and {} more failures", self.failures.len() - 20)?;
        }
        let c = &self.check;
        writeln!(
            f,
            "\ncount check over {} clubs and {} phones: server held {} operations before, phones made {}, server holds {} after",
            c.clubs, c.phones, c.ops_before, c.ops_made, c.ops_after
        )?;
        for p in c.problems.iter().take(20) {
            writeln!(f, "  PROBLEM: {p}")?;
        }
        if c.problems.len() > 20 {
            writeln!(f, "  … and {} more problems", c.problems.len() - 20)?;
        }
        writeln!(
            f,
            "RESULT: {}",
            if self.passed() {
                "PASSED: nothing lost, nothing doubled, every phone converged"
            } else if self.deadline_hit {
                "FAILED: the deadline passed before every club finished"
            } else {
                "FAILED"
            }
        )
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// One phone: its store, its client, and what it did.
struct Phone {
    label: String,
    store: Arc<Mutex<Store>>,
    client: SyncClient,
    made: Vec<String>,
    sent: usize,
    received: usize,
}

impl Phone {
    /// A new, empty store enrolled with `code`.
    async fn enrol(url: &str, code: &str, label: String) -> Result<Phone, String> {
        let store = Store::open_in_memory("unenrolled", Arc::new(SystemClock))
            .map_err(|e| format!("{label}: store: {e}"))?;
        let store = Arc::new(Mutex::new(store));
        let device = enrol(&store, url, code, &label)
            .await
            .map_err(|e| format!("{label}: enrol: {e}"))?
            .device_id;
        let client = SyncClient::new(store.clone(), SyncConfig::default())
            .map_err(|e| format!("{label}: client: {e}"))?;
        Ok(Phone {
            label: format!("{label} (device {device})"),
            store,
            client,
            made: vec![],
            sent: 0,
            received: 0,
        })
    }

    /// One `SyncClient::sync`, timed as a whole.
    async fn sync(&mut self, latencies: &Latencies) -> Result<(), String> {
        let started = Instant::now();
        let r = self.client.sync().await;
        latencies.record("sync", started.elapsed(), r.is_ok());
        let r = r.map_err(|e| format!("{}: sync: {e}", self.label))?;
        self.sent += r.sent;
        self.received += r.received;
        if r.rejected > 0 {
            return Err(format!(
                "{}: the server rejected {} operations",
                self.label, r.rejected
            ));
        }
        Ok(())
    }

    /// Runs `f` on the store on a blocking thread, then notes the
    /// operations it made (everything now pending).
    async fn work<T: Send + 'static>(
        &mut self,
        f: impl FnOnce(&mut Store) -> ishc_core::Result<T> + Send + 'static,
    ) -> Result<T, String> {
        let store = self.store.clone();
        let done = tokio::task::spawn_blocking(move || {
            let mut st = store.lock().unwrap_or_else(|e| e.into_inner());
            let out = f(&mut st)?;
            let made: Vec<String> = st
                .pending_ops(1_000_000)?
                .into_iter()
                .map(|op| op.op_id)
                .collect();
            Ok::<_, ishc_core::Error>((out, made))
        })
        .await
        .map_err(|e| format!("{}: work: {e}", self.label))?
        .map_err(|e| format!("{}: work: {e}", self.label))?;
        self.made.extend(done.1);
        Ok(done.0)
    }

    /// What the phone holds at the end.
    fn outcome(&self, club_id: &str) -> Result<PhoneOutcome, String> {
        let st = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let err = |e: String| format!("{}: reading the store: {e}", self.label);
        Ok(PhoneOutcome {
            club_id: club_id.to_string(),
            label: self.label.clone(),
            made: self.made.clone(),
            pending: st.pending_count().map_err(|e| err(e.to_string()))?,
            rejected: st.rejected_ops().map_err(|e| err(e.to_string()))?.len() as i64,
            held: check::phone_holdings(st.connection(), club_id)
                .map_err(|e| err(e.to_string()))?,
        })
    }
}

/// What one club's phones did.
struct ClubDone {
    club_id: String,
    outcomes: Vec<PhoneOutcome>,
    sent: usize,
    received: usize,
}

/// A club's day: the first phone, then the others at once, then the final
/// pulls.
async fn run_club(
    index: usize,
    plan: ClubPlan,
    url: Arc<str>,
    permits: Arc<Semaphore>,
    latencies: Arc<Latencies>,
) -> Result<ClubDone, String> {
    let label = |k: usize| format!("club {index} phone {k}");
    let permit = |p: &Arc<Semaphore>| {
        let p = p.clone();
        async move { p.acquire_owned().await.map_err(|e| e.to_string()) }
    };
    let club_id = plan.club_id.clone();
    let (first, roster) = {
        let _p = permit(&permits).await?;
        let mut phone = Phone::enrol(&url, &plan.codes[0], label(0)).await?;
        phone.sync(&latencies).await?;
        let club = club_id.clone();
        let roster = phone.work(move |st| work::start_club(st, &club)).await?;
        phone.sync(&latencies).await?;
        (phone, roster)
    };
    let mut others = JoinSet::new();
    for (k, code) in plan.codes.iter().enumerate().skip(1) {
        let (url, code, permits, latencies, roster) = (
            url.clone(),
            code.clone(),
            permits.clone(),
            latencies.clone(),
            roster.clone(),
        );
        let label = label(k);
        others.spawn(async move {
            let _p = permits.acquire_owned().await.map_err(|e| e.to_string())?;
            let mut phone = Phone::enrol(&url, &code, label).await?;
            phone.sync(&latencies).await?;
            phone
                .work(move |st| work::day_of_work(st, &roster, k))
                .await?;
            phone.sync(&latencies).await?;
            Ok::<_, String>((k, phone))
        });
    }
    let mut phones = vec![(0, first)];
    while let Some(done) = others.join_next().await {
        phones.push(done.map_err(|e| format!("club {index}: {e}"))??);
    }
    phones.sort_by_key(|(k, _)| *k);
    let mut out = ClubDone {
        club_id: club_id.clone(),
        outcomes: vec![],
        sent: 0,
        received: 0,
    };
    for (_, mut phone) in phones {
        let _p = permit(&permits).await?;
        phone.sync(&latencies).await?;
        out.outcomes.push(phone.outcome(&club_id)?);
        out.sent += phone.sent;
        out.received += phone.received;
    }
    Ok(out)
}

/// Runs every club's phones against `url` until all finish or `deadline`.
async fn run_phones(
    url: &str,
    plans: Vec<ClubPlan>,
    concurrency: usize,
    deadline: tokio::time::Instant,
    latencies: Arc<Latencies>,
) -> (Vec<ClubDone>, Vec<String>, bool) {
    let url: Arc<str> = Arc::from(url);
    let clubs_in_flight = Arc::new(Semaphore::new(concurrency));
    let phones_in_flight = Arc::new(Semaphore::new(concurrency));
    let mut set = JoinSet::new();
    for (i, plan) in plans.into_iter().enumerate() {
        let (url, clubs, phones, latencies) = (
            url.clone(),
            clubs_in_flight.clone(),
            phones_in_flight.clone(),
            latencies.clone(),
        );
        set.spawn(async move {
            let _c = clubs.acquire_owned().await.map_err(|e| e.to_string())?;
            run_club(i, plan, url, phones, latencies).await
        });
    }
    let (mut done, mut failures) = (vec![], vec![]);
    loop {
        match tokio::time::timeout_at(deadline, set.join_next()).await {
            Ok(None) => return (done, failures, false),
            Ok(Some(Ok(Ok(club)))) => done.push(club),
            Ok(Some(Ok(Err(e)))) => failures.push(e),
            Ok(Some(Err(e))) => failures.push(format!("a club's task failed: {e}")),
            Err(_) => {
                set.abort_all();
                return (done, failures, true);
            }
        }
    }
}

/// Runs a load test against `backend`: setup, the timed part, the check.
/// Blocking; builds its own runtime. Never panics on a failed run: the
/// report says what failed.
pub fn run(options: &Options, backend: &mut dyn Backend) -> Result<LoadReport, String> {
    options.validate()?;
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.max_seconds);
    let load_before = loadavg();
    let plans = backend.prepare(&options.phones_per_club())?;
    let before = backend.holdings()?;
    let server_urls = backend.start()?;
    let latencies = Arc::new(Latencies::default());
    let proxy = Proxy::start(&server_urls, latencies.clone())?;
    let setup_seconds = started.elapsed().as_secs_f64();

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    let timed = Instant::now();
    let (done, mut failures, deadline_hit) = rt.block_on(run_phones(
        &proxy.url,
        plans,
        options.concurrency,
        tokio::time::Instant::from_std(deadline),
        latencies.clone(),
    ));
    let timed_seconds = timed.elapsed().as_secs_f64();
    latencies.close();
    rt.shutdown_timeout(Duration::from_secs(5));
    let requests_per_process = proxy.requests_per_upstream();
    drop(proxy);
    let server_memory = backend.memory();
    let server_cpu_seconds = backend.cpu_seconds();
    if let Err(e) = backend.stop() {
        failures.push(format!("server: {e}"));
    }
    let after = backend.holdings()?;
    let clubs: Vec<String> = done.iter().map(|c| c.club_id.clone()).collect();
    let outcomes: Vec<PhoneOutcome> = done.iter().flat_map(|c| c.outcomes.clone()).collect();
    let mut check = check::check(&clubs, &before, &after, &outcomes);
    match backend.replica_differences(&after) {
        Ok(problems) => check.problems.extend(problems),
        Err(e) => failures.push(format!("comparing the replicas: {e}")),
    }
    Ok(LoadReport {
        options: options.clone(),
        backend: backend.describe(),
        loadavg: (load_before, loadavg()),
        setup_seconds,
        timed_seconds,
        deadline_hit,
        clubs_finished: done.len(),
        phones_finished: outcomes.len(),
        ops_sent: done.iter().map(|c| c.sent).sum(),
        ops_received: done.iter().map(|c| c.received).sum(),
        latencies: latencies.snapshot(),
        server_memory,
        server_cpu_seconds,
        requests_per_process,
        generator_memory: backend::process_memory("self"),
        generator_cpu_seconds: backend::process_cpu_seconds("self"),
        failures,
        server_holdings: after,
        check,
    })
}

/// The holdings of one club, for tests that build a check by hand.
pub fn holdings(op_ids: &[&str], rows: &[(&str, i64)], journal_sum: i64) -> Holdings {
    let mut ids: Vec<String> = op_ids.iter().map(|s| s.to_string()).collect();
    ids.sort();
    Holdings {
        op_ids: ids,
        rows: rows.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        journal_sum,
    }
}
