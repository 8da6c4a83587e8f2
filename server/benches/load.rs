//! Load test: 3,000 phones of 1,000 clubs enrol, push a day of work and
//! pull, against the server on loopback; then an exact count check that
//! nothing was lost or doubled and every phone converged. Not run by `cargo
//! test`; run with
//!
//! ```text
//! cargo bench -p ishc-server --bench load
//! cargo bench -p ishc-server --bench load -- --phones 300 --clubs 100 --concurrency 32 --max-seconds 120
//! cargo bench -p ishc-server --bench load -- --in-process
//! bash scripts/postgres.sh --durable cargo bench -p ishc-server --bench load
//! bash scripts/postgres.sh --durable cargo bench -p ishc-server --bench load -- --processes 2
//! ```
//!
//! A plain `harness = false` program (what it does: `loadgen/mod.rs`).
//! Under `cargo bench` (which passes `--bench`) the defaults are 3,000
//! phones of 1,000 clubs, concurrency 64, a 600 s deadline; without
//! `--bench` (`cargo test --benches`, `--all-targets`) the defaults are 30
//! phones of 10 clubs, so a test run stays short. The server is the
//! `ishc-server` binary of the same build, as a child process on a
//! temporary SQLite file, so its peak RSS is its own; `--in-process` runs
//! the server library in this process instead. With `--database-url` (or
//! under `scripts/postgres.sh`) the server runs on PostgreSQL, in a new
//! database, with the SQLite file as its replica; `--processes N` (PostgreSQL
//! only) starts N such processes on that database, each with its own
//! replica file and port, and the generator's timing proxy spreads the
//! requests over them in turn (a load balancer without affinity). It prints
//! a report
//! (figures in `docs/PERFORMANCE.md`, section "Load: 3,000 phones of 1,000
//! clubs") and exits 1 when the run missed the deadline, a phone failed,
//! or the count check found anything lost, doubled or not converged.

// Shared with server/tests/load_smoke.rs, which uses helpers the bench does not.
#[allow(dead_code)]
mod loadgen;

use clap::Parser;
use loadgen::backend::{SqliteBackend, SqliteMode};
use loadgen::Options;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// Load test of the sync server on loopback.
#[derive(Debug, Parser)]
#[command(name = "load")]
struct Args {
    /// Phones in all [default: 3000 under cargo bench, else 30].
    #[arg(long)]
    phones: Option<usize>,
    /// Clubs [default: 1000 under cargo bench, else 10].
    #[arg(long)]
    clubs: Option<usize>,
    /// Phones talking to the server at once (and clubs in flight).
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Hard limit on the whole run, seconds; past it the run fails.
    #[arg(long, default_value_t = 600)]
    max_seconds: u64,
    /// Run the server library in this process instead of the binary.
    #[arg(long)]
    in_process: bool,
    /// The `ishc-server` binary [default: the one built with this bench].
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Keep the server's database here (a directory) instead of a temporary one.
    #[arg(long)]
    keep: Option<PathBuf>,
    /// Run the server on this PostgreSQL server (a new database is created
    /// on it for the run) instead of SQLite [env: ISHC_LOAD_DATABASE_URL,
    /// else ISHC_TEST_DATABASE_URL as set by scripts/postgres.sh].
    #[arg(long)]
    database_url: Option<String>,
    /// Server processes on the PostgreSQL database, each with its own
    /// replica and port, requests spread over them in turn (PostgreSQL
    /// only; at most 16).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=loadgen::backend::MAX_PROCESSES as i64))]
    processes: u16,
    /// Passed by `cargo bench`: full size by default.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() {
    let args = Args::parse();
    let (phones, clubs) = if args.bench { (3000, 1000) } else { (30, 10) };
    let options = Options {
        phones: args.phones.unwrap_or(phones),
        clubs: args.clubs.unwrap_or(clubs),
        concurrency: args.concurrency,
        max_seconds: args.max_seconds,
    };
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let dir = args
        .keep
        .clone()
        .unwrap_or_else(|| scratch.path().to_path_buf());
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: {}: {e}", dir.display());
        std::process::exit(2);
    }
    let db = dir.join("load-server.db");
    let mode = if args.in_process {
        SqliteMode::InProcess
    } else {
        SqliteMode::Child(
            args.server_bin
                .clone()
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ishc-server"))),
        )
    };
    let fail = |e: String| -> ! {
        eprintln!("error: {e}");
        std::process::exit(2);
    };
    let database_url = args
        .database_url
        .clone()
        .or_else(|| std::env::var("ISHC_LOAD_DATABASE_URL").ok())
        .or_else(|| std::env::var("ISHC_TEST_DATABASE_URL").ok())
        .filter(|u| !u.is_empty());
    // --processes is checked before a database is created for the run.
    let backend = SqliteBackend::new(&db, mode)
        .with_database_url(database_url.clone())
        .with_processes(usize::from(args.processes))
        .unwrap_or_else(|e| fail(e));
    if let Some(taken) = backend.replicas().into_iter().find(|r| r.exists()) {
        fail(format!(
            "{} exists; give --keep an empty directory",
            taken.display()
        ));
    }
    let fresh = database_url
        .map(|u| loadgen::backend::fresh_database(&u))
        .transpose()
        .unwrap_or_else(|e| fail(e));
    let mut backend = backend.with_database_url(fresh);
    // The watchdog: 60 s past the deadline, whatever hangs, every server
    // process is killed and the run ends with a failure.
    let killer = backend.killer();
    let (finished, watch) = mpsc::channel::<()>();
    let limit = Duration::from_secs(options.max_seconds + 60);
    std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = watch.recv_timeout(limit) {
            eprintln!(
                "RESULT: FAILED: still running {} s after the start; the server processes were killed",
                limit.as_secs()
            );
            killer.kill();
            std::process::exit(2);
        }
    });
    eprintln!(
        "load: {} phones of {} clubs, concurrency {}, deadline {} s",
        options.phones, options.clubs, options.concurrency, options.max_seconds
    );
    let result = loadgen::run(&options, &mut backend);
    drop(backend);
    drop(finished);
    let code = match result {
        Ok(report) => {
            println!("{report}");
            i32::from(!report.passed())
        }
        Err(e) => {
            eprintln!("RESULT: FAILED: {e}");
            1
        }
    };
    drop(scratch);
    std::process::exit(code);
}
