//! The load generator (`server/benches/loadgen/`) at a small size: 30
//! phones of 10 clubs against the real `ishc-server` binary (and once
//! against the server in process), with the exact counts asserted; on
//! PostgreSQL (`ISHC_TEST_DATABASE_URL`, as `scripts/postgres.sh` sets it)
//! also against two server processes on one database; and the count check
//! shown to fail on a doubled, a lost, a foreign or a left-behind
//! operation.

#[path = "../benches/loadgen/mod.rs"]
#[allow(dead_code)]
mod loadgen;

use loadgen::backend::{SqliteBackend, SqliteMode};
use loadgen::check::{check, CheckReport, Holdings, PhoneOutcome};
use loadgen::work::{expected_rows, FIRST_PHONE_OPS, OTHER_PHONE_OPS};
use loadgen::{holdings, LoadReport, Options};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn smoke(mode: SqliteMode) -> LoadReport {
    smoke_within(mode, 300)
}

fn smoke_within(mode: SqliteMode, max_seconds: u64) -> LoadReport {
    smoke_with(mode, max_seconds, 1)
}

fn smoke_with(mode: SqliteMode, max_seconds: u64, processes: usize) -> LoadReport {
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        phones: 30,
        clubs: 10,
        concurrency: 8,
        max_seconds,
    };
    // On PostgreSQL under ISHC_TEST_DATABASE_URL (scripts/postgres.sh).
    let url = ishc_server::testing::database_url()
        .map(|u| loadgen::backend::fresh_database(&u).expect("a fresh PostgreSQL database"));
    let mut backend = SqliteBackend::new(&dir.path().join("load.db"), mode)
        .with_database_url(url)
        .with_processes(processes)
        .unwrap();
    let report = loadgen::run(&options, &mut backend).unwrap();
    println!("{report}");
    report
}

/// Asserts a 30-phone, 10-club run's figures, computed by hand: each club
/// holds its `ClubCreated` (made by the server) and 20 operations from
/// each of its 3 phones.
fn assert_exact(r: &LoadReport) {
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    assert!(!r.deadline_hit);
    assert_eq!((r.clubs_finished, r.phones_finished), (10, 30));
    assert_eq!(FIRST_PHONE_OPS + 2 * OTHER_PHONE_OPS, 60);
    let c = &r.check;
    assert_eq!(c.problems, Vec::<String>::new());
    assert_eq!((c.clubs, c.phones), (10, 30));
    assert_eq!(c.ops_before, 10, "one ClubCreated per club");
    assert_eq!(c.ops_made, 600);
    assert_eq!(c.ops_after, 610);
    // Every club on the server holds the rows of a 3-phone day.
    let (rows, sum) = expected_rows(3);
    assert_eq!(r.server_holdings.len(), 10);
    for (club, h) in &r.server_holdings {
        assert_eq!(h.op_ids.len(), 61, "{club}");
        assert_eq!((&h.rows, h.journal_sum), (&rows, sum), "{club}");
    }
    // Every operation a phone made was settled by one of its pushes.
    assert_eq!(r.ops_sent, 600);
    // Each club: 3 enrolments; the first phone syncs 3 times, the others
    // 3 times each: 9 syncs, each one push at most and one pull page.
    assert_eq!(r.latencies["enrol"].count(), 30);
    assert_eq!(r.latencies["sync"].count(), 90);
    // Pushes: the first phone's day, each other phone's day (nothing to
    // push on the first and final syncs).
    assert_eq!(r.latencies["push"].count(), 30);
    assert_eq!(r.latencies["pull"].count(), 90);
    for kind in ["enrol", "push", "pull", "sync"] {
        assert_eq!(r.latencies[kind].errors, 0, "{kind}");
    }
    assert!(r.passed());
}

#[test]
fn thirty_phones_of_ten_clubs_lose_and_double_nothing_against_the_binary() {
    let r = smoke(the_binary());
    assert_exact(&r);
    let (m, own) = r.server_memory.expect("the server's memory was read");
    assert!(own, "the child's own /proc status");
    assert_eq!(m.len(), 1);
    assert!(
        m[0].peak_rss_kib >= m[0].rss_kib && m[0].rss_kib > 0,
        "{m:?}"
    );
    assert_eq!(r.requests_per_process, vec![150]);
}

fn the_binary() -> SqliteMode {
    SqliteMode::Child(PathBuf::from(env!("CARGO_BIN_EXE_ishc-server")))
}

/// Two `ishc-server` processes on one PostgreSQL database, the proxy
/// taking them in turn: the same exact counts, every request spread evenly,
/// each process's memory read, and both replicas (caught up afterwards)
/// holding the same rows. Runs only on PostgreSQL.
#[test]
fn two_processes_on_one_postgresql_database_lose_and_double_nothing() {
    if ishc_server::testing::database_url().is_none() {
        eprintln!("skipped: ISHC_TEST_DATABASE_URL is not set (run under scripts/postgres.sh)");
        return;
    }
    let r = smoke_with(the_binary(), 300, 2);
    assert_exact(&r);
    // 30 enrolments + 30 pushes + 90 pulls, one process then the other.
    assert_eq!(r.requests_per_process, vec![75, 75]);
    let (m, own) = r
        .server_memory
        .as_ref()
        .expect("the servers' memory was read");
    assert!(*own);
    assert_eq!(m.len(), 2);
    assert!(m.iter().all(|p| p.rss_kib > 0), "{m:?}");
    let text = r.to_string();
    assert!(text.contains("2 processes summed"), "{text}");
    assert!(
        text.contains("requests per server process: 75, 75"),
        "{text}"
    );
}

/// Several processes need PostgreSQL, and the binary: refused otherwise,
/// with the option named.
#[test]
fn several_processes_are_refused_on_sqlite_and_in_process() {
    let db = std::path::Path::new("unused.db");
    let e = SqliteBackend::new(db, the_binary())
        .with_processes(2)
        .err()
        .expect("refused on SQLite");
    assert!(e.contains("--processes 2 needs PostgreSQL"), "{e}");
    let e = SqliteBackend::new(db, SqliteMode::InProcess)
        .with_database_url(Some("postgres://localhost/x".into()))
        .with_processes(2)
        .err()
        .expect("refused in process");
    assert!(e.contains("--in-process"), "{e}");
    let e = SqliteBackend::new(db, the_binary())
        .with_processes(0)
        .err()
        .expect("zero refused");
    assert!(e.contains("--processes must be 1 to 16"), "{e}");
    // One process is what every other run uses.
    assert!(SqliteBackend::new(db, the_binary())
        .with_processes(1)
        .is_ok());
}

#[test]
fn thirty_phones_of_ten_clubs_lose_and_double_nothing_in_process() {
    assert_exact(&smoke(SqliteMode::InProcess));
}

/// A deadline already past when the phones start: every club is abandoned
/// before its first request is answered, and the run reports it and fails.
#[test]
fn a_run_past_its_deadline_reports_how_far_it_got_and_fails() {
    let r = smoke_within(SqliteMode::InProcess, 0);
    assert!(r.deadline_hit);
    assert_eq!((r.clubs_finished, r.phones_finished), (0, 0));
    assert_eq!((r.check.clubs, r.check.phones), (0, 0));
    assert!(!r.passed());
    let text = r.to_string();
    assert!(
        text.contains("finished: 0 of 10 clubs, 0 of 30 phones"),
        "{text}"
    );
    assert!(
        text.contains("RESULT: FAILED: the deadline passed before every club finished"),
        "{text}"
    );
}

/// The rows every replica of a 3-phone club holds, by hand: 10 members;
/// journal = the grant, 2 + 6 + 6 deposits, 3 disbursements, 3 repayments;
/// 4 + 12 + 12 visits.
#[test]
fn a_clubs_expected_rows_are_the_days_work() {
    let (rows, sum) = expected_rows(3);
    let want: BTreeMap<String, i64> = [
        ("journal", 21),
        ("loans", 3),
        ("meeting_attendance", 10),
        ("meetings", 1),
        ("members", 10),
        ("visits", 28),
    ]
    .map(|(k, v)| (k.to_string(), v))
    .into();
    assert_eq!(rows, want);
    // 60.000.000 + 14 × 100.000 − 3 × 3.000.000 + 3 × 280.000
    assert_eq!(sum, 53_240_000);
}

// ----- the check can fail -----

const ROWS: [(&str, i64); 2] = [("members", 2), ("journal", 1)];

fn phone(club: &str, label: &str, made: &[&str], held: &[&str]) -> PhoneOutcome {
    PhoneOutcome {
        club_id: club.into(),
        label: label.into(),
        made: made.iter().map(|s| s.to_string()).collect(),
        pending: 0,
        rejected: 0,
        held: holdings(held, &ROWS, 500_000),
    }
}

/// The inputs of one check.
struct Run {
    clubs: Vec<String>,
    before: BTreeMap<String, Holdings>,
    after: BTreeMap<String, Holdings>,
    phones: Vec<PhoneOutcome>,
}

impl Run {
    fn check(&self) -> CheckReport {
        check(&self.clubs, &self.before, &self.after, &self.phones)
    }
}

/// Club `c`: the server had `c0` before; phone A made a1, a2, phone B b1;
/// everyone ends with all four.
fn consistent() -> Run {
    let all = ["c0", "a1", "a2", "b1"];
    Run {
        clubs: vec!["c".to_string()],
        before: BTreeMap::from([("c".to_string(), holdings(&["c0"], &[], 0))]),
        after: BTreeMap::from([("c".to_string(), holdings(&all, &ROWS, 500_000))]),
        phones: vec![
            phone("c", "A", &["a1", "a2"], &all),
            phone("c", "B", &["b1"], &all),
        ],
    }
}

#[test]
fn the_check_passes_a_consistent_run() {
    let r = consistent().check();
    assert_eq!(r.problems, Vec::<String>::new());
    assert_eq!(
        (r.clubs, r.phones, r.ops_before, r.ops_made, r.ops_after),
        (1, 2, 1, 3, 4)
    );
    assert!(r.passed());
}

#[test]
fn the_check_finds_an_operation_the_server_holds_twice() {
    let mut run = consistent();
    let doubled = holdings(&["c0", "a1", "a2", "a2", "b1"], &ROWS, 500_000);
    run.after.insert("c".into(), doubled);
    let r = run.check();
    assert!(!r.passed());
    assert!(
        r.problems
            .contains(&"club c: operation a2 is held 2 times by the server (doubled)".to_string()),
        "{:?}",
        r.problems
    );
    assert_eq!(r.ops_after, 5);
}

#[test]
fn the_check_finds_an_operation_the_server_lost() {
    let mut run = consistent();
    run.after
        .insert("c".into(), holdings(&["c0", "a1", "b1"], &ROWS, 500_000));
    let r = run.check();
    assert_eq!(
        r.problems,
        vec![
            "club c: operation a2 was made but the server does not hold it (lost)".to_string(),
            // The phones hold it, the server does not.
            "A: holds operation a2 that the server does not".to_string(),
            "B: holds operation a2 that the server does not".to_string(),
        ]
    );
}

#[test]
fn the_check_finds_an_operation_no_phone_made() {
    let mut run = consistent();
    let all = ["c0", "a1", "a2", "b1", "x9"];
    run.after.insert("c".into(), holdings(&all, &ROWS, 500_000));
    for p in &mut run.phones {
        p.held = holdings(&all, &ROWS, 500_000);
    }
    let r = run.check();
    assert_eq!(
        r.problems,
        vec!["club c: the server holds operation x9 that no phone made".to_string()]
    );
}

#[test]
fn the_check_finds_a_phone_left_behind() {
    let mut run = consistent();
    // B missed a2 in its final pull, still has one operation pending,
    // holds a1 twice and one row too few, so its journal sum differs.
    run.phones[1].held = holdings(&["c0", "a1", "a1", "b1"], &[("members", 2)], 400_000);
    run.phones[1].pending = 1;
    let r = run.check();
    assert_eq!(
        r.problems,
        vec![
            "B: 1 operations still pending".to_string(),
            "B: operation a1 is held 2 times (doubled)".to_string(),
            "B: does not hold operation a2 that the server holds".to_string(),
            "B: rows {\"members\": 2} differ from the server's {\"journal\": 1, \"members\": 2}"
                .to_string(),
            "B: journal sums to 400000 đồng, the server's to 500000 đồng".to_string(),
        ]
    );
}

#[test]
fn the_check_finds_an_operation_made_twice_and_a_club_the_server_lacks() {
    let mut run = consistent();
    run.phones[1].made.push("a1".into());
    run.clubs.push("d".into());
    let r = run.check();
    assert_eq!(
        r.problems,
        vec![
            "club c: operation a1 was made 2 times (or made again after the server had it)"
                .to_string(),
            "club d: the server holds nothing of this club".to_string(),
        ]
    );
}
