//! Crash safety: a phone's store survives its process being killed
//! (SIGKILL: no destructor, no rollback, no flush) at any moment of a write
//! or of a sync.
//!
//! The process killed is a child: this test binary run again on the ignored
//! test [`crash_child`], which works on a store file until it is killed:
//! writes (registrations in batches, deposits, withdrawals, loan
//! disbursements and repayments, visits, member edits), or writes and syncs
//! with a real server on loopback in small pages and batches. After each
//! committed write the child prints the change log's length. The parent
//! kills it after a delay drawn from the seed, opens the file again and
//! checks [`Store::check_integrity`] (SQLite's integrity and foreign keys;
//! every row has its change-log operation and every operation its rows; the
//! tables equal the change log replayed, so no half operation; balances
//! equal the sums of the journal entries; each server number up to the pull
//! cursor held once), that no write the child reported committed is lost,
//! and that the store works on: a write in the parent, and a sync that ends
//! with the phone, another phone and the server holding the same data.
//!
//! `CRASH_KILLS=n` runs n kills per test instead of 10 (the seed of kill k
//! is k; `CRASH_SEED_BASE=b` starts at b instead).

mod common;
mod replicas;
mod seeded;

use ishc_core::clock::SystemClock;
use ishc_core::model::{InterestMethod, Service, Vitals};
use ishc_core::ops::MemberPatch;
use ishc_core::store::{NewLoan, NewVisit, Store};
use ishc_core::sync::client::{enrol, SyncClient, SyncConfig};
use replicas::{person, snapshot, Roster};
use seeded::Rng;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Tells the child what to do: `write` or `sync`.
const MODE_ENV: &str = "ISHC_CRASH_MODE";
/// The store file the child works on.
const STORE_ENV: &str = "ISHC_CRASH_STORE";
/// The child's seed.
const SEED_ENV: &str = "ISHC_CRASH_SEED";
/// The roster's ids, comma-separated: club, chair, treasurer, volunteer,
/// recipient, member.
const ROSTER_ENV: &str = "ISHC_CRASH_ROSTER";
/// The prefix of the child's progress lines (the test harness prints its
/// own lines too).
const PROGRESS: &str = "crash-progress ";
/// The device id of the stores (an enrolled store keeps the server's).
const DEVICE: &str = "phone-crash";
/// How long a child works at most if nobody kills it.
const CHILD_LIFETIME: Duration = Duration::from_secs(30);

/// The roster travels to the child process in an environment variable.
impl Roster {
    fn to_env(&self) -> String {
        [
            &self.club,
            &self.chair,
            &self.treasurer,
            &self.volunteer,
            &self.recipient,
            &self.member,
        ]
        .map(String::as_str)
        .join(",")
    }

    fn from_env(s: &str) -> Roster {
        let v: Vec<&str> = s.split(',').collect();
        Roster {
            club: v[0].into(),
            chair: v[1].into(),
            treasurer: v[2].into(),
            volunteer: v[3].into(),
            recipient: v[4].into(),
            member: v[5].into(),
        }
    }

    /// The people who save.
    fn savers(&self) -> [&str; 4] {
        [&self.member, &self.recipient, &self.volunteer, &self.chair]
    }
}

fn today(store: &Store) -> chrono::NaiveDate {
    store.today()
}

/// Registers the five people of [`Roster`] in `club` and grants the
/// income-generation fund 200.000.000 ₫ (so loans can be disbursed).
fn register_roster(store: &mut Store, club: &str) -> Roster {
    let roster = replicas::register_roster(store, club);
    store.set_author(&roster.treasurer);
    let on = today(store);
    store
        .record_fund_entry(
            club,
            ishc_core::store::NewFundEntry {
                fund: ishc_core::model::Fund::IncomeGeneration,
                kind: ishc_core::ops::EntryKind::Grant,
                amount: 200_000_000,
                entry_on: on,
                memo: "HelpAge".to_string(),
                member_id: None,
            },
        )
        .unwrap();
    roster
}

/// One random write drawn from `rng`. Refusals the rules allow (a loan
/// larger than the fund, a repayment of more than is owed, a withdrawal of
/// more than the savings) are not failures: they must leave nothing behind,
/// which the parent's integrity check sees. Returns what was done.
///
/// With `money_out` false the draw never takes money out (no withdrawal,
/// loan or repayment: a deposit instead). The other phone of the sync test
/// writes so: two phones withdrawing offline from the same savings can
/// together overdraw them, each withdrawal allowed where it was made, and
/// the merged balance is negative (`Store::audit`'s `negative_balances`),
/// a merge question the crash tests are not about (see
/// docs/RELIABILITY.md).
fn random_write(store: &mut Store, roster: &Roster, rng: &mut Rng, money_out: bool) -> String {
    let on = today(store);
    let draw = match rng.below(8) {
        3..=5 if !money_out => 1,
        n => n,
    };
    match draw {
        0 => {
            // A roster import: up to 15 people in one transaction.
            store.set_author("admin:setup");
            let n = 1 + rng.below(15) as usize;
            let people = (0..n)
                .map(|k| person(&format!("Người mới số {}", rng.below(1000) + k as u64), &[]))
                .collect();
            store.register_members(&roster.club, people).unwrap();
            format!("registered {n}")
        }
        1 | 2 => {
            store.set_author(&roster.treasurer);
            let who = *rng.pick(&roster.savers());
            let amount = 10_000 * (1 + rng.below(50) as i64);
            store.deposit(who, amount, on, "góp").unwrap();
            format!("deposit {amount}")
        }
        3 => {
            store.set_author(&roster.treasurer);
            let who = *rng.pick(&roster.savers());
            let amount = 10_000 * (1 + rng.below(20) as i64);
            match store.withdraw(who, amount, on, "rút") {
                Ok(_) => format!("withdrawal {amount}"),
                Err(e) => format!("withdrawal refused: {}", e.code()),
            }
        }
        4 => {
            store.set_author(&roster.treasurer);
            let principal = 500_000 * (1 + rng.below(6) as i64);
            let r = store.disburse_loan(NewLoan {
                borrower_id: rng.pick(&roster.savers()).to_string(),
                principal,
                disbursed_on: on,
                term_months: 12,
                monthly_rate_bp: 100,
                method: InterestMethod::Flat,
                purpose: "nuôi gà".to_string(),
            });
            match r {
                Ok(_) => format!("loan {principal}"),
                Err(e) => format!("loan refused: {}", e.code()),
            }
        }
        5 => {
            let loans: Vec<String> = store
                .connection()
                .prepare("SELECT id FROM loans ORDER BY id")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            if loans.is_empty() {
                return "no loan to repay".to_string();
            }
            store.set_author(&roster.treasurer);
            let loan = rng.pick(&loans).clone();
            let amount = 50_000 * (1 + rng.below(8) as i64);
            match store.repay_loan(&loan, amount, on) {
                Ok(_) => format!("repayment {amount}"),
                Err(e) => format!("repayment refused: {}", e.code()),
            }
        }
        6 => {
            store.set_author(&roster.volunteer);
            let started_at = store.now();
            store
                .log_visit(NewVisit {
                    volunteer_id: roster.volunteer.clone(),
                    recipient_id: roster.recipient.clone(),
                    started_at,
                    duration_min: 30,
                    services: vec![Service::HealthMonitoring],
                    vitals: Vitals {
                        systolic: Some(100 + rng.below(80) as u16),
                        diastolic: Some(80),
                        ..Default::default()
                    },
                    notes: String::new(),
                })
                .unwrap();
            "visit".to_string()
        }
        _ => {
            store.set_author(&roster.chair);
            let who = *rng.pick(&roster.savers());
            let hamlet = format!("Ấp {}", rng.below(9));
            store
                .update_member(
                    who,
                    MemberPatch {
                        hamlet: Some(hamlet.clone()),
                        ..Default::default()
                    },
                )
                .unwrap();
            format!("hamlet {hamlet}")
        }
    }
}

fn log_len(store: &Store) -> i64 {
    store
        .connection()
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap()
}

/// Prints a progress line for the parent, flushed at once.
fn progress(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{PROGRESS}{line}").unwrap();
    out.flush().unwrap();
}

/// The sync settings of the child: small pages and batches, so a sync is
/// many requests and many transactions.
fn child_config() -> SyncConfig {
    SyncConfig {
        push_batch: 2,
        pull_page: 3,
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(20),
        ..SyncConfig::default()
    }
}

/// The process the crash tests kill; it does nothing unless started by
/// them (with [`MODE_ENV`] set). It opens the store named by [`STORE_ENV`]
/// and, until killed (or for [`CHILD_LIFETIME`] at most), writes (`write`)
/// or writes and syncs (`sync`), printing the change log's length after
/// each committed write and after each sync.
#[test]
#[ignore = "the crash tests' child process, started by them"]
fn crash_child() {
    let Ok(mode) = std::env::var(MODE_ENV) else {
        return;
    };
    let path = std::env::var(STORE_ENV).unwrap();
    let seed: u64 = std::env::var(SEED_ENV).unwrap().parse().unwrap();
    let roster = Roster::from_env(&std::env::var(ROSTER_ENV).unwrap());
    let mut rng = Rng(seed);
    let store = Store::open(Path::new(&path), DEVICE, Arc::new(SystemClock)).unwrap();
    let until = Instant::now() + CHILD_LIFETIME;
    match mode.as_str() {
        "write" => {
            let mut store = store;
            progress(&format!("ready {}", log_len(&store)));
            while Instant::now() < until {
                progress("begin write");
                let what = random_write(&mut store, &roster, &mut rng, true);
                progress(&format!("{} {what}", log_len(&store)));
            }
        }
        "sync" => {
            let store = Arc::new(Mutex::new(store));
            let client = SyncClient::new(store.clone(), child_config()).unwrap();
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let len = || log_len(&store.lock().unwrap());
            progress(&format!("ready {}", len()));
            while Instant::now() < until {
                for _ in 0..1 + rng.below(3) {
                    progress("begin write");
                    let what = random_write(&mut store.lock().unwrap(), &roster, &mut rng, true);
                    progress(&format!("{} {what}", len()));
                }
                progress("begin sync");
                let r = rt.block_on(client.sync()).unwrap();
                progress(&format!(
                    "{} synced sent {} received {} cursor {}",
                    len(),
                    r.sent,
                    r.received,
                    r.cursor
                ));
            }
        }
        other => panic!("unknown mode {other}"),
    }
}

/// What one killed child had done.
struct Killed {
    /// The change log's length the child last reported committed.
    reported: i64,
    /// Its progress lines: `ready n`, `begin write`, `n what` after a
    /// committed write, `begin sync`, `n synced …` after a sync.
    lines: Vec<String>,
}

impl Killed {
    /// Where the kill fell: `write` or `sync` when it fell after the child
    /// began one and before it reported it done, else `between`.
    fn inside(&self) -> &str {
        match self.lines.last().map(String::as_str) {
            Some("begin write") => "write",
            Some("begin sync") => "sync",
            _ => "between",
        }
    }
}

/// Runs the child on `store` in `mode` with `seed`, kills it with SIGKILL
/// `delay` after it reported ready, and returns what it had reported.
fn run_and_kill(mode: &str, store: &Path, roster: &Roster, seed: u64, delay: Duration) -> Killed {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "crash_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(MODE_ENV, mode)
        .env(STORE_ENV, store)
        .env(SEED_ENV, seed.to_string())
        .env(ROSTER_ENV, roster.to_env())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = vec![];
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            // The harness may have begun the line (`test crash_child ... `).
            if let Some(p) = line.find(PROGRESS).map(|at| &line[at + PROGRESS.len()..]) {
                if p.starts_with("ready") {
                    let _ = ready_tx.send(());
                }
                lines.push(p.to_string());
            }
        }
        lines
    });
    if ready_rx.recv_timeout(Duration::from_secs(30)).is_err() {
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        panic!(
            "seed {seed}: the child never got ready: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    std::thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL
    let out = child.wait_with_output().unwrap();
    let lines = reader.join().unwrap();
    assert_eq!(
        out.status.signal(),
        Some(9),
        "seed {seed}: the child ended by itself ({:?}): {}\n{lines:#?}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let reported = lines
        .iter()
        .filter(|l| !l.starts_with("begin"))
        .filter_map(|l| {
            l.split_whitespace()
                .nth(if l.starts_with("ready") { 1 } else { 0 })
        })
        .filter_map(|n| n.parse().ok())
        .next_back()
        .expect("the child reported its log length");
    Killed { reported, lines }
}

/// Opens `path` after a kill and checks it: integrity, and nothing the
/// child reported committed lost. Returns the store and how many
/// operations beyond its last report it holds (a write committed but not
/// yet reported when the kill came).
fn reopen_and_check(path: &Path, killed: &Killed, seed: u64) -> (Store, i64) {
    let store = Store::open(path, DEVICE, Arc::new(SystemClock)).unwrap();
    let integrity = store.check_integrity().unwrap();
    assert!(
        integrity.is_clean(),
        "seed {seed}: {integrity:#?}\nchild did: {:#?}",
        killed.lines
    );
    let len = log_len(&store);
    assert!(
        len >= killed.reported,
        "seed {seed}: the child reported {} operations committed, the store holds {len}",
        killed.reported
    );
    (store, len - killed.reported)
}

fn kills() -> u64 {
    std::env::var("CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
}

fn seed_base() -> u64 {
    std::env::var("CRASH_SEED_BASE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

/// A child writes to a store file and is killed (SIGKILL) after 0–250 ms,
/// again and again on the same file: after every kill the store is sound,
/// holds every write the child reported committed, and takes a new write.
#[test]
fn a_store_killed_during_writes_opens_sound_with_every_committed_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phone.db");
    let roster = {
        let mut store = Store::open(&path, DEVICE, Arc::new(SystemClock)).unwrap();
        let club = store
            .create_club(ishc_core::store::NewClub {
                name: "CLB Liên thế hệ tự giúp nhau Ấp 2".to_string(),
                commune_code: common::XUAN_LOC,
                founded_on: chrono::NaiveDate::from_ymd_opt(2023, 5, 19).unwrap(),
                activity_areas: None,
            })
            .unwrap();
        register_roster(&mut store, &club.id)
    };
    let (mut writes, mut in_write, mut beyond_report) = (0, 0, 0);
    for seed in seed_base()..seed_base() + kills() {
        let delay = Duration::from_millis(Rng(seed).below(250));
        let killed = run_and_kill("write", &path, &roster, seed, delay);
        writes += killed
            .lines
            .iter()
            .filter(|l| !l.starts_with("begin") && !l.starts_with("ready"))
            .count();
        in_write += (killed.inside() == "write") as usize;
        let (mut store, beyond) = reopen_and_check(&path, &killed, seed);
        beyond_report += (beyond > 0) as usize;
        // It takes a write, which is there when opened again.
        store.set_author(&roster.treasurer);
        let before = store.savings_balance(&roster.member).unwrap();
        let on = today(&store);
        store
            .deposit(&roster.member, 70_000, on, "sau sự cố")
            .unwrap();
        drop(store);
        let store = Store::open(&path, DEVICE, Arc::new(SystemClock)).unwrap();
        assert_eq!(
            store.savings_balance(&roster.member).unwrap(),
            before + 70_000
        );
    }
    eprintln!(
        "{} kills during writes: {writes} writes reported; {in_write} kills inside a write, {beyond_report} of them after its commit",
        kills()
    );
}

/// A phone's store file synced by a child (pages of 3, batches of 2, with
/// writes between syncs) with a real server on loopback, while another
/// phone keeps adding work; the child is killed (SIGKILL) 0–400 ms into its
/// run, again and again. After every kill the store is sound and holds
/// every write reported; it then syncs in the parent, and at the end the
/// phone, the other phone and the server hold the same operations, each
/// once, and the two phones the same tables.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_killed_during_sync_opens_sound_and_syncs_to_the_same_data() {
    let server = common::start().await;
    let club = server.club("CLB Liên thế hệ tự giúp nhau Ấp 2").id;
    let url = server.url("");
    // The other phone registers the roster and keeps working.
    let other = Arc::new(Mutex::new(
        Store::open_in_memory(DEVICE, Arc::new(SystemClock)).unwrap(),
    ));
    enrol(&other, &url, &server.code(&club, 72), "máy chị Lan")
        .await
        .unwrap();
    let other_sync = SyncClient::new(other.clone(), child_config()).unwrap();
    other_sync.sync().await.unwrap();
    let roster = register_roster(&mut other.lock().unwrap(), &club);
    other_sync.sync().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phone.db");
    {
        let store = Arc::new(Mutex::new(
            Store::open(&path, DEVICE, Arc::new(SystemClock)).unwrap(),
        ));
        enrol(&store, &url, &server.code(&club, 72), "máy anh Quỹ")
            .await
            .unwrap();
    }
    let mut rng = Rng(seed_base());
    let (mut syncs, mut in_sync, mut in_write, mut beyond_report) = (0, 0, 0, 0);
    for seed in seed_base()..seed_base() + kills() {
        // Work for the phone to pull.
        for _ in 0..rng.below(12) {
            random_write(&mut other.lock().unwrap(), &roster, &mut rng, false);
        }
        other_sync.sync().await.unwrap();
        let delay = Duration::from_millis(Rng(seed).below(400));
        let (path2, roster2) = (path.clone(), roster.clone());
        let killed = tokio::task::spawn_blocking(move || {
            run_and_kill("sync", &path2, &roster2, seed, delay)
        })
        .await
        .unwrap();
        syncs += killed.lines.iter().filter(|l| l.contains("synced")).count();
        in_sync += (killed.inside() == "sync") as usize;
        in_write += (killed.inside() == "write") as usize;
        let (store, beyond) = reopen_and_check(&path, &killed, seed);
        beyond_report += (beyond > 0) as usize;
        // It syncs on from where it was.
        let store = Arc::new(Mutex::new(store));
        SyncClient::new(store.clone(), child_config())
            .unwrap()
            .sync()
            .await
            .unwrap_or_else(|e| panic!("seed {seed}: sync after the kill: {e}"));
        let integrity = store.lock().unwrap().check_integrity().unwrap();
        assert!(integrity.is_clean(), "seed {seed}: {integrity:#?}");
    }

    // The same data everywhere.
    other_sync.sync().await.unwrap();
    let phone = Arc::new(Mutex::new(
        Store::open(&path, DEVICE, Arc::new(SystemClock)).unwrap(),
    ));
    let phone_sync = SyncClient::new(phone.clone(), child_config()).unwrap();
    phone_sync.sync().await.unwrap();
    other_sync.sync().await.unwrap();
    let me = {
        let st = phone.lock().unwrap();
        common::Phone {
            id: st.device_id().to_string(),
            token: st.meta("device_token").unwrap().unwrap(),
            club: club.clone(),
            counter: Default::default(),
        }
    };
    let on_server = server.pull_all(&me, 500).await;
    let mut server_ids: Vec<String> = on_server.into_iter().map(|o| o.op_id).collect();
    let total = server_ids.len();
    server_ids.sort();
    server_ids.dedup();
    assert_eq!(server_ids.len(), total, "no operation twice on the server");
    for (who, store) in [("phone", &phone), ("other", &other)] {
        let st = store.lock().unwrap();
        let mut ids: Vec<String> = st
            .change_log(false)
            .unwrap()
            .into_iter()
            .map(|o| o.op_id)
            .collect();
        ids.sort();
        assert_eq!(ids, server_ids, "{who} holds the server's operations");
        assert_eq!(st.pending_count().unwrap(), 0, "{who}");
        assert!(st.rejected_ops().unwrap().is_empty(), "{who}");
        let integrity = st.check_integrity().unwrap();
        assert!(integrity.is_clean(), "{who}: {integrity:#?}");
    }
    assert_eq!(
        snapshot(phone.lock().unwrap().connection()),
        snapshot(other.lock().unwrap().connection()),
        "the two phones hold the same tables"
    );
    eprintln!(
        "{} kills during sync: {syncs} syncs completed before the kills; {in_sync} kills inside a sync, {in_write} inside a write, {beyond_report} after a commit and before its report; {total} operations on the server",
        kills()
    );
}
