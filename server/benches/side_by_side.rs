//! Side by side: the same club history synced by this system and by PouchDB
//! replicating to pouchdb-server, on loopback, in one run. Not run by
//! `cargo test` or CI; run it with
//!
//! ```text
//! bash scripts/side-by-side.sh
//! ```
//!
//! which installs the pinned npm packages (`bench/side-by-side/`) into a
//! cache directory and runs this program with `--pouch-modules`. What it
//! does:
//!
//! 1. Plays a year of a 60-member club on phone A's store from a seed
//!    (`side_by_side/year.rs`) and writes the same records as PouchDB
//!    documents (`records.json`: one document per record, `_id` =
//!    `<entity>-<id>`, the record's fields as the operation carries them,
//!    plus `author` and `recorded_at`).
//! 2. This system: `ishc-server serve` (a child process, SQLite) behind a
//!    byte-counting TCP proxy (`side_by_side/meter.rs`); phone A syncs
//!    (pushes everything; the pull that ends every sync brings its own
//!    operations back numbered), phone B enrols and syncs (pulls
//!    everything); B must hold exactly what A holds.
//! 3. PouchDB: `pouchdb-server --in-memory` behind the same kind of proxy; a
//!    Node process (`bench/side-by-side/pouch.js`) fills an in-memory
//!    PouchDB with the records and replicates it to the server; a second
//!    replicates from the server and must hold exactly the records.
//! 4. Retried writes, each with an answer lost by the proxy: this system
//!    pushes three repayments whose answer is lost, syncs again, and each
//!    must be stored once (the server's own counts) and a raw re-push must
//!    answer `already_had` with the same `seq`; PouchDB replicates a
//!    repayment whose `_bulk_docs` answer is lost and again (one revision,
//!    nothing re-sent), `put`s one whose answer is lost and again (409
//!    conflict), and `POST`s one whose answer is lost and again (two
//!    documents: a doubled repayment).
//!
//! It prints a Markdown report (figures in `docs/PERFORMANCE.md`, section
//! "Side by side: PouchDB/CouchDB") and exits 1 when any claimed behaviour
//! was not observed.

// Shared with load.rs and server/tests/load_smoke.rs; this bench uses the
// backend and the holdings reader.
#[allow(dead_code)]
mod loadgen;
#[path = "side_by_side/meter.rs"]
mod meter;
#[path = "side_by_side/year.rs"]
mod year;

use chrono::{NaiveDate, TimeZone};
use clap::Parser;
use ishc_core::clock::FixedClock;
use ishc_core::model::vietnam_offset;
use ishc_core::store::Store;
use ishc_core::sync::client::{enrol, SyncClient, SyncConfig, SyncError, SyncReport};
use ishc_core::sync::wire::{OpOutcome, PushRequest, PushResponse, WireOp};
use loadgen::backend::{Backend, SqliteBackend, SqliteMode};
use loadgen::check::phone_holdings;
use meter::{Meter, Tally};
use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The same club history synced by this system and by PouchDB.
#[derive(Debug, Parser)]
#[command(name = "side_by_side")]
struct Args {
    /// The directory holding `node_modules` with the pinned PouchDB
    /// packages (scripts/side-by-side.sh installs them). Without it the
    /// program says so and exits 0 (as under `cargo test --benches`).
    #[arg(long)]
    pouch_modules: Option<PathBuf>,
    /// The Node side's script [default: bench/side-by-side/pouch.js].
    #[arg(long)]
    script: Option<PathBuf>,
    /// The seed of the club's year.
    #[arg(long, default_value_t = 2025)]
    seed: u64,
    /// The `node` program.
    #[arg(long, default_value = "node")]
    node: PathBuf,
    /// The `ishc-server` binary [default: the one built with this bench].
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Keep the databases and records here (a directory) instead of a
    /// temporary one.
    #[arg(long)]
    keep: Option<PathBuf>,
    /// A control run: the proxy loses no answer, so every check about a
    /// lost answer must fail (the run exits 1), showing those checks can
    /// fail.
    #[arg(long)]
    no_loss: bool,
    /// Passed by `cargo bench`.
    #[arg(long, hide = true)]
    bench: bool,
}

/// Failed checks, each a sentence; the run fails when any.
#[derive(Default)]
struct Checks {
    failed: Vec<String>,
    passed: Vec<String>,
}

impl Checks {
    fn check(&mut self, ok: bool, claim: impl Into<String>) {
        let claim = claim.into();
        if ok {
            self.passed.push(claim);
        } else {
            eprintln!("CHECK FAILED: {claim}");
            self.failed.push(claim);
        }
    }
}

/// One measured phase.
struct Phase {
    name: String,
    tally: Tally,
    millis: f64,
}

fn main() {
    let args = Args::parse();
    let Some(modules) = args.pouch_modules.clone() else {
        println!("side_by_side: skipped (no --pouch-modules); run `bash scripts/side-by-side.sh`");
        return;
    };
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let dir = args
        .keep
        .clone()
        .unwrap_or_else(|| scratch.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("the output directory");
    let code = match run(&args, &modules, &dir) {
        Ok((report, checks)) => {
            println!("{report}");
            if checks.failed.is_empty() {
                println!(
                    "RESULT: PASSED: {} claimed behaviours observed",
                    checks.passed.len()
                );
                0
            } else {
                for f in &checks.failed {
                    println!("FAILED: {f}");
                }
                println!(
                    "RESULT: FAILED: {} of {} checks",
                    checks.failed.len(),
                    checks.failed.len() + checks.passed.len()
                );
                1
            }
        }
        Err(e) => {
            eprintln!("RESULT: FAILED: {e}");
            1
        }
    };
    drop(scratch);
    std::process::exit(code);
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn addr_of(url: &str) -> Result<SocketAddr, String> {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .map_err(|e| format!("{url}: {e}"))
}

/// A record as a PouchDB document: the change's fields (its `type` tag
/// included) plus `_id`, `author` and `recorded_at`.
fn document(op: &WireOp) -> Result<Value, String> {
    let mut doc = serde_json::to_value(&op.change).map_err(|e| e.to_string())?;
    let obj = doc
        .as_object_mut()
        .ok_or_else(|| "a change is not a JSON object".to_string())?;
    obj.insert(
        "_id".into(),
        json!(format!("{}-{}", op.entity, op.entity_id)),
    );
    obj.insert("author".into(), json!(op.author));
    obj.insert("recorded_at".into(), json!(op.recorded_at));
    Ok(doc)
}

fn run(args: &Args, modules: &Path, dir: &Path) -> Result<(String, Checks), String> {
    let mut checks = Checks::default();
    let lose = |meter: &Meter, method: &str, path: &str| {
        if !args.no_loss {
            meter.lose_next_answer(method, path);
        }
    };
    let load_before = loadavg();
    let script = args.script.clone().unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/side-by-side/pouch.js")
    });
    let bin = args
        .server_bin
        .clone()
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ishc-server")));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;

    // ---- This system.
    let db = dir.join("ishc-server.db");
    let mut backend = SqliteBackend::new(&db, SqliteMode::Child(bin.clone()));
    let plan = backend.prepare(&[2])?.pop().ok_or("no club was prepared")?;
    let server_url = backend
        .start()?
        .into_iter()
        .next()
        .ok_or("the server gave no address")?;
    let ishc_meter = Meter::start(addr_of(&server_url)?)?;
    let start = vietnam_offset()
        .from_local_datetime(
            &NaiveDate::from_ymd_opt(year::YEAR, 1, 1)
                .and_then(|d| d.and_hms_opt(7, 0, 0))
                .ok_or("a valid start")?,
        )
        .single()
        .ok_or("a valid start")?;
    let clock = Arc::new(FixedClock::new(start));
    let phone = |name: &str, code: &str| -> Result<(Arc<Mutex<Store>>, SyncClient), String> {
        let store =
            Store::open_in_memory("unenrolled", clock.clone()).map_err(|e| e.to_string())?;
        let store = Arc::new(Mutex::new(store));
        rt.block_on(enrol(&store, &ishc_meter.url, code, name))
            .map_err(|e| format!("{name}: enrol: {e}"))?;
        let client =
            SyncClient::new(store.clone(), SyncConfig::default()).map_err(|e| e.to_string())?;
        Ok((store, client))
    };
    let timed_sync = |client: &SyncClient| -> (Result<SyncReport, String>, f64) {
        let t = Instant::now();
        let r = rt.block_on(client.sync()).map_err(|e| e.to_string());
        (r, t.elapsed().as_secs_f64() * 1000.0)
    };

    let t0 = ishc_meter.snapshot();
    let (store_a, client_a) = phone("phone A", &plan.codes[0])?;
    timed_sync(&client_a).0?; // the club's creation
    let enrol_a = ishc_meter.snapshot().since(&t0);

    let played = {
        let mut st = store_a.lock().unwrap_or_else(|e| e.into_inner());
        year::play(&mut st, &clock, &plan.club_id, args.seed).map_err(|e| e.to_string())?
    };
    let counts = played.counts.clone();
    let ops = store_a
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .pending_ops(1_000_000)
        .map_err(|e| e.to_string())?;
    checks.check(
        ops.len() == counts.operations(),
        format!(
            "phone A holds {} operations for the {} records of the year",
            ops.len(),
            counts.operations()
        ),
    );
    let docs: Vec<Value> = ops.iter().map(document).collect::<Result<_, _>>()?;
    let mut ids: Vec<&str> = docs.iter().filter_map(|d| d["_id"].as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    checks.check(
        ids.len() == docs.len(),
        "every record has its own document id",
    );
    let records = dir.join("records.json");
    let records_json = serde_json::to_vec(&docs).map_err(|e| e.to_string())?;
    std::fs::write(&records, &records_json).map_err(|e| format!("records.json: {e}"))?;
    let ops_json = serde_json::to_vec(&PushRequest { ops: ops.clone() })
        .map_err(|e| e.to_string())?
        .len();

    let before = ishc_meter.snapshot();
    let (pushed, push_ms) = timed_sync(&client_a);
    let pushed = pushed?;
    let ishc_push = Phase {
        name: "phone A syncs (push; the pull brings its own operations back)".into(),
        tally: ishc_meter.snapshot().since(&before),
        millis: push_ms,
    };
    checks.check(
        pushed.sent == ops.len() && pushed.rejected == 0,
        format!(
            "the server accepted all {} operations of phone A (sent {}, rejected {})",
            ops.len(),
            pushed.sent,
            pushed.rejected
        ),
    );

    let t1 = ishc_meter.snapshot();
    let (store_b, client_b) = phone("phone B", &plan.codes[1])?;
    let enrol_b = ishc_meter.snapshot().since(&t1);
    let before = ishc_meter.snapshot();
    let (pulled, pull_ms) = timed_sync(&client_b);
    let pulled = pulled?;
    let ishc_pull = Phase {
        name: "phone B syncs (pulls everything)".into(),
        tally: ishc_meter.snapshot().since(&before),
        millis: pull_ms,
    };
    {
        let a = store_a.lock().unwrap_or_else(|e| e.into_inner());
        let b = store_b.lock().unwrap_or_else(|e| e.into_inner());
        let ha = phone_holdings(a.connection(), &plan.club_id).map_err(|e| e.to_string())?;
        let hb = phone_holdings(b.connection(), &plan.club_id).map_err(|e| e.to_string())?;
        checks.check(
            ha == hb && hb.op_ids.len() == ops.len() + 1,
            format!(
                "phone B holds what phone A holds: {} operations (the year's {} and the club's creation), rows {:?}, journal sum {} đồng",
                hb.op_ids.len(),
                ops.len(),
                hb.rows,
                hb.journal_sum
            ),
        );
    }

    // Retried writes: three repayments pushed, the answer lost, synced again.
    let retry_ops: Vec<WireOp> = {
        let mut st = store_a.lock().unwrap_or_else(|e| e.into_inner());
        let paid_on = NaiveDate::from_ymd_opt(year::YEAR + 1, 1, 12).ok_or("a valid date")?;
        clock.set(
            vietnam_offset()
                .from_local_datetime(&paid_on.and_hms_opt(18, 0, 0).ok_or("a valid time")?)
                .single()
                .ok_or("a valid time")?,
        );
        st.set_author(&played.treasurer);
        for (loan, installment) in played.open_loans.iter().take(3) {
            st.repay_loan(loan, *installment, paid_on)
                .map_err(|e| e.to_string())?;
        }
        st.pending_ops(100).map_err(|e| e.to_string())?
    };
    checks.check(
        retry_ops.len() == 3,
        format!("three repayments wait on phone A ({})", retry_ops.len()),
    );
    let before = ishc_meter.snapshot();
    lose(&ishc_meter, "POST", "/v1/push");
    let lost = rt.block_on(client_a.sync());
    let lost_said = match &lost {
        Ok(_) => "it succeeded".to_string(),
        Err(e) => format!("{}: {e}", e.code()),
    };
    checks.check(
        matches!(lost, Err(SyncError::Network(_))),
        format!("this system: the sync whose push answer was lost fails at the phone with a network error ({lost_said})"),
    );
    let (again, _) = timed_sync(&client_a);
    let again = again?;
    let ishc_retry = ishc_meter.snapshot().since(&before);
    checks.check(
        ishc_retry.lost_answers == 1,
        "this system: the proxy lost exactly one answer",
    );
    checks.check(
        again.sent == 3 && again.rejected == 0,
        format!(
            "this system: the retried sync settles the three repayments (sent {}, rejected {})",
            again.sent, again.rejected
        ),
    );
    let server = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| e.to_string())?;
    let mut stored = vec![];
    for op in &retry_ops {
        let (n_ops, seq): (i64, i64) = server
            .query_row(
                "SELECT count(*), coalesce(max(seq), 0) FROM server_ops WHERE op_id = ?1",
                [&op.op_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| e.to_string())?;
        let n_rows: i64 = server
            .query_row(
                "SELECT count(*) FROM journal WHERE id = ?1",
                [&op.entity_id],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        checks.check(
            n_ops == 1 && n_rows == 1,
            format!(
                "this system: repayment {} is stored once on the server (server_ops rows {n_ops}, journal rows {n_rows})",
                op.entity_id
            ),
        );
        stored.push((op.clone(), seq, n_ops, n_rows));
    }
    // The same write sent once more by hand, as a phone that lost the
    // answer would: `already_had`, the same seq.
    let token = store_a
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .meta("device_token")
        .map_err(|e| e.to_string())?
        .ok_or("phone A has no token")?;
    let (op0, seq0, _, _) = stored.first().cloned().ok_or("no retried operation")?;
    let before = ishc_meter.snapshot();
    let raw: PushResponse = rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{}/v1/push", ishc_meter.url))
            .bearer_auth(&token)
            .header("x-ishc-protocol", "1")
            .json(&PushRequest {
                ops: vec![op0.clone()],
            })
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())
    })?;
    let raw_tally = ishc_meter.snapshot().since(&before);
    let raw_outcome = raw.results.first().map(|r| r.outcome.clone());
    checks.check(
        raw_outcome == Some(OpOutcome::AlreadyHad { seq: seq0 }),
        format!("this system: the same operation pushed again answers already_had with seq {seq0} ({raw_outcome:?})"),
    );
    let ops_after: i64 = server
        .query_row(
            "SELECT count(*) FROM server_ops WHERE club_id = ?1",
            [&plan.club_id],
            |r| r.get(0),
        )
        .map_err(|e| e.to_string())?;
    checks.check(
        ops_after == ops.len() as i64 + 1 + 3,
        format!(
            "this system: the server holds {ops_after} operations = 1 (club) + {} (year) + 3 (repayments)",
            ops.len()
        ),
    );
    drop(server);
    drop(ishc_meter);
    let server_memory = backend.memory();
    backend.stop()?;

    // ---- PouchDB.
    let pouch_dir = dir.join("pouchdb-server");
    std::fs::create_dir_all(&pouch_dir).map_err(|e| e.to_string())?;
    let mut pouch = PouchServer::start(&args.node, modules, &pouch_dir)?;
    rt.block_on(async {
        let r = reqwest::Client::new()
            .put(format!("{}/club", pouch.url))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if r.status().is_success() {
            Ok(())
        } else {
            Err(format!("creating the database: {}", r.status()))
        }
    })?;
    let pouch_meter = Meter::start(addr_of(&pouch.url)?)?;
    let db_url = format!("{}/club", pouch_meter.url);
    let node = |step: &str, file_arg: &str, file: &Path| -> Result<(Value, Tally, f64), String> {
        let before = pouch_meter.snapshot();
        let t = Instant::now();
        let out = Command::new(&args.node)
            .arg(&script)
            .arg(step)
            .arg("--url")
            .arg(&db_url)
            .arg(file_arg)
            .arg(file)
            .env("NODE_PATH", modules.join("node_modules"))
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("node {step}: {e}"))?;
        let millis = t.elapsed().as_secs_f64() * 1000.0;
        let tally = pouch_meter.snapshot().since(&before);
        if !out.status.success() {
            return Err(format!(
                "node {step} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let v: Value = serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("node {step}: its output: {e}"))?;
        Ok((v, tally, millis))
    };
    let (pushed_p, push_tally, push_proc_ms) = node("push", "--records", &records)?;
    let (pulled_p, pull_tally, pull_proc_ms) = node("pull", "--records", &records)?;
    for (what, v, t) in [
        ("push", &pushed_p, &push_tally),
        ("pull", &pulled_p, &pull_tally),
    ] {
        checks.check(
            v["fetch_calls"].as_u64() == Some(t.requests),
            format!(
                "PouchDB {what}: the proxy counted every request PouchDB made ({} counted, {} made)",
                t.requests, v["fetch_calls"]
            ),
        );
        checks.check(
            v["docs_written"].as_u64() == Some(docs.len() as u64),
            format!(
                "PouchDB {what}: replication wrote all {} documents",
                docs.len()
            ),
        );
    }
    let pouch_push = Phase {
        name: "phone A's PouchDB replicates to the server".into(),
        tally: push_tally,
        millis: pushed_p["replicate_ms"].as_f64().unwrap_or(f64::NAN),
    };
    let pouch_pull = Phase {
        name: "phone B's PouchDB replicates from the server".into(),
        tally: pull_tally,
        millis: pulled_p["replicate_ms"].as_f64().unwrap_or(f64::NAN),
    };

    // Retried writes.
    let retry_docs: Vec<Value> = retry_ops.iter().map(document).collect::<Result<_, _>>()?;
    let write_doc = |i: usize| -> Result<PathBuf, String> {
        let p = dir.join(format!("retry-{i}.json"));
        std::fs::write(&p, retry_docs[i].to_string()).map_err(|e| e.to_string())?;
        Ok(p)
    };
    let mut pouch_retries = vec![];
    lose(&pouch_meter, "POST", "/club/_bulk_docs");
    let r = node("retry-replicate", "--doc", &write_doc(0)?);
    checks.check(
        !pouch_meter.cancel_loss(),
        "PouchDB: no loss was left pending after the retried replication (the proxy met its _bulk_docs request)",
    );
    pouch_retries.push(("replicate", r));
    let put_id = retry_docs[1]["_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    lose(&pouch_meter, "PUT", &format!("/club/{put_id}"));
    let r = node("retry-put", "--doc", &write_doc(1)?);
    checks.check(
        !pouch_meter.cancel_loss(),
        "PouchDB: no loss was left pending after the retried put (the proxy met the PUT)",
    );
    pouch_retries.push(("put", r));
    lose(&pouch_meter, "POST", "/club");
    let r = node("retry-post", "--doc", &write_doc(2)?);
    checks.check(
        !pouch_meter.cancel_loss(),
        "PouchDB: no loss was left pending after the retried POST (the proxy met the POST)",
    );
    pouch_retries.push(("post", r));
    for (what, r) in &pouch_retries {
        checks.check(
            r.is_ok(),
            format!(
                "PouchDB retried {what}: the behaviour claimed in pouch.js was observed{}",
                r.as_ref()
                    .err()
                    .map_or(String::new(), |e| format!(" ({e})"))
            ),
        );
    }
    let info: Value = rt.block_on(async {
        reqwest::Client::new()
            .get(format!("{}/club", pouch.url))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())
    })?;
    checks.check(
        info["doc_count"].as_u64() == Some(docs.len() as u64 + 4),
        format!(
            "PouchDB: the server holds {} documents = {} (year) + 1 (replicated) + 1 (put) + 2 (the doubled POST)",
            info["doc_count"],
            docs.len()
        ),
    );
    drop(pouch_meter);
    let pouch_memory = loadgen::backend::process_memory(&pouch.pid().to_string());
    pouch.stop();

    // ---- Report.
    let versions = [
        "pouchdb-core",
        "pouchdb-adapter-http",
        "pouchdb-adapter-memory",
        "pouchdb-replication",
        "pouchdb-server",
        "express-pouchdb",
    ]
    .iter()
    .map(|p| format!("{p} {}", package_version(modules, p)))
    .collect::<Vec<_>>()
    .join(", ");
    let node_version = Command::new(&args.node)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|_| "unknown".into());
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# Side by side: one club's year, this system and PouchDB/pouchdb-server, loopback"
    );
    let _ = writeln!(
        w,
        "\nseed {}; load average before: {load_before}, after: {}",
        args.seed,
        loadavg()
    );
    let _ = writeln!(w, "node {node_version}; {versions}");
    let _ = writeln!(
        w,
        "\nthe year: {} registrations, {} meetings ({} attendance lines), {} visits, {} deposits, 1 grant, {} loans, {} repayments = {} records",
        counts.members,
        counts.meetings,
        counts.attendance,
        counts.visits,
        counts.deposits,
        counts.loans,
        counts.repayments,
        counts.operations()
    );
    let _ = writeln!(
        w,
        "as JSON: this system's operations {} bytes (a push body before gzip, all in one); PouchDB's documents {} bytes (records.json)",
        ops_json,
        records_json.len()
    );
    let _ = writeln!(
        w,
        "\n| phase | requests | connections | bytes up | bytes down | total bytes | ms | request bodies | response bodies |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|---:|---|---|");
    let enc = |m: &std::collections::BTreeMap<String, u64>| {
        m.iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (system, p) in [
        ("ishc", &ishc_push),
        ("ishc", &ishc_pull),
        ("PouchDB", &pouch_push),
        ("PouchDB", &pouch_pull),
    ] {
        let _ = writeln!(
            w,
            "| {system}: {} | {} | {} | {} | {} | {} | {:.0} | {} | {} |",
            p.name,
            p.tally.requests,
            p.tally.connections,
            p.tally.up,
            p.tally.down,
            p.tally.up + p.tally.down,
            p.millis,
            enc(&p.tally.request_encodings),
            enc(&p.tally.response_encodings)
        );
    }
    let sum = |a: &Phase, b: &Phase| {
        (
            a.tally.requests + b.tally.requests,
            a.tally.up + b.tally.up,
            a.tally.down + b.tally.down,
            a.millis + b.millis,
        )
    };
    for (system, (req, up, down, ms)) in [
        ("ishc", sum(&ishc_push, &ishc_pull)),
        ("PouchDB", sum(&pouch_push, &pouch_pull)),
    ] {
        let _ = writeln!(
            w,
            "| **{system}: both phones** | {req} | | {up} | {down} | {} | {ms:.0} | | |",
            up + down
        );
    }
    let _ = writeln!(
        w,
        "\nnot in the table: this system's enrolment and first sync (phone A {} requests, {} bytes; phone B's enrolment {} requests, {} bytes); the Node processes' start (push step {:.0} ms, pull step {:.0} ms in all)",
        enrol_a.requests,
        enrol_a.up + enrol_a.down,
        enrol_b.requests,
        enrol_b.up + enrol_b.down,
        push_proc_ms,
        pull_proc_ms
    );
    let _ = writeln!(
        w,
        "phone B received {} operations; PouchDB phone B wrote {} documents",
        pulled.received, pulled_p["docs_written"]
    );
    for (label, tally) in [
        ("ishc", &ishc_push.tally),
        ("ishc", &ishc_pull.tally),
        ("PouchDB", &pouch_push.tally),
        ("PouchDB", &pouch_pull.tally),
    ] {
        let _ = writeln!(w, "{label} requests: {}", enc(&tally.by_request));
    }
    if let Some(m) = server_memory.and_then(|(m, _)| m.first().copied()) {
        let _ = writeln!(
            w,
            "server peak RSS: ishc-server {:.1} MiB{}",
            m.peak_rss_kib as f64 / 1024.0,
            pouch_memory.map_or(String::new(), |p| format!(
                ", pouchdb-server (in memory) {:.1} MiB",
                p.peak_rss_kib as f64 / 1024.0
            ))
        );
    }
    let _ = writeln!(
        w,
        "\n## The same write retried (an answer lost by the proxy)\n"
    );
    let _ = writeln!(
        w,
        "ishc: 3 repayments pushed, the push's answer lost: the sync failed at the phone ({}); the next sync pushed them again ({} requests, {} bytes in both syncs) and the server answered already_had (sent {}).",
        lost_said,
        ishc_retry.requests,
        ishc_retry.up + ishc_retry.down,
        again.sent
    );
    for (op, seq, n_ops, n_rows) in &stored {
        let _ = writeln!(
            w,
            "  repayment {}: server_ops rows {n_ops} (seq {seq}), journal rows {n_rows}",
            op.entity_id
        );
    }
    let _ = writeln!(
        w,
        "ishc: the same operation pushed once more by hand: {raw_outcome:?} ({} bytes)",
        raw_tally.up + raw_tally.down
    );
    for (what, r) in &pouch_retries {
        match r {
            Ok((v, t, _)) => {
                let _ = writeln!(
                    w,
                    "PouchDB {what}: {v} ({} requests, {} bytes: {})",
                    t.requests,
                    t.up + t.down,
                    enc(&t.by_request)
                );
            }
            Err(e) => {
                let _ = writeln!(w, "PouchDB {what}: FAILED: {e}");
            }
        }
    }
    let _ = writeln!(
        w,
        "PouchDB: the server holds {} documents at the end",
        info["doc_count"]
    );
    Ok((out, checks))
}

fn package_version(modules: &Path, package: &str) -> String {
    std::fs::read_to_string(
        modules
            .join("node_modules")
            .join(package)
            .join("package.json"),
    )
    .ok()
    .and_then(|s| serde_json::from_str::<Value>(&s).ok())
    .and_then(|v| v["version"].as_str().map(str::to_string))
    .unwrap_or_else(|| "unknown".into())
}

/// `pouchdb-server --in-memory` as a child process on a free loopback port.
struct PouchServer {
    url: String,
    child: Option<Child>,
}

impl PouchServer {
    fn start(node: &Path, modules: &Path, dir: &Path) -> Result<PouchServer, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("free port: {e}"))?
            .port();
        let log = std::fs::File::create(dir.join("stderr.log")).map_err(|e| e.to_string())?;
        let child = Command::new(node)
            .arg(modules.join("node_modules/pouchdb-server/bin/pouchdb-server"))
            .args(["--in-memory", "--no-stdout-logs", "--host", "127.0.0.1"])
            .arg("--port")
            .arg(port.to_string())
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start pouchdb-server: {e}"))?;
        let mut server = PouchServer {
            url: format!("http://127.0.0.1:{port}"),
            child: Some(child),
        };
        let until = Instant::now() + Duration::from_secs(30);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(server);
            }
            if Instant::now() > until {
                server.stop();
                return Err("pouchdb-server did not listen within 30 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for PouchServer {
    fn drop(&mut self) {
        self.stop();
    }
}
