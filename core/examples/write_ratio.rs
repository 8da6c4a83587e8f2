//! Side-by-side write costs on a shared, noisy machine: one raw journal
//! insert-and-commit and one deposit, repayment and visit, interleaved
//! action by action so that load from other work falls on all alike;
//! prints each one's median and its ratio to the raw insert. It complements
//! the criterion bench (`benches/store.rs`, group `write`), whose
//! benchmarks run one after the other. Same fixtures: each kind has its own
//! file database in its own tempdir, with the store's pragmas, started over
//! every 2,400 actions; a repayment sees 0–11 earlier repayments (a new
//! loan, untimed, every 12).
//!
//! A repayment (2) is recorded as the app records one: its loan's screen
//! (position, preview) shown first, untimed, so the store checks it against
//! the loan it just read ([`Store::loan`] keeps it); kind 6 shows another
//! loan first, so the repayment reads its loan afresh.
//!
//! Two floors run beside them, raw SQL with no store code: the raw journal
//! row and a deposit's change-log row in one transaction (4), and the same
//! into version 5's change log with its `op_id` UNIQUE index (5, a copy of
//! that table made in each fixture). They show what any write "with its
//! change-log entry" costs before the store does anything of its own, and
//! what the index dropped in schema version 6 cost.
//!
//! Kinds 7–10 are kinds 0–3 on an encrypted database (SQLCipher, as on the
//! phones: [`Store::open_encrypted`]): the raw insert into an encrypted
//! database (7), and the deposit, repayment and visit of an encrypted store
//! (8–10), whose ratios are to kind 7, the raw insert into an encrypted
//! database like theirs. The last column of their lines is each one's ratio
//! to the same action unencrypted (ratio of medians).
//!
//! ```text
//! cargo run --release -p ishc-core --example write_ratio -- [rounds]
//! ```
//!
//! With `only KIND N` (KIND 0 raw, 1 deposit, 2 repayment, 3 visit, 4 and 5
//! the floors, 6 the repayment of a loan not shown first, 7–10 kinds 0–3
//! encrypted) it runs
//! N actions of one kind and prints nothing, for counting instructions:
//! the timed part of each kind is its own `timed_*` function, so
//!
//! ```text
//! valgrind --tool=callgrind --toggle-collect='*timed_*' \
//!     target/release/examples/write_ratio only 2 500
//! ```
//!
//! counts exactly what the side-by-side run times.
use chrono::{Duration, NaiveDate, TimeZone};
use ishc_core::clock::{Clock, FixedClock};
use ishc_core::encryption::StoreKey;
use ishc_core::model::*;
use ishc_core::ops::EntryKind;
use ishc_core::store::*;
use rusqlite::params;
use std::sync::Arc;
use std::time::Instant as Timer;

fn at(on: NaiveDate, h: u32, m: u32) -> Instant {
    vietnam_offset()
        .from_local_datetime(&on.and_hms_opt(h, m, 0).unwrap())
        .single()
        .unwrap()
}

fn member(i: usize, joined_on: NaiveDate) -> NewMember {
    let mut roles = vec![];
    if i < 10 {
        roles.push(Role::HomeCareVolunteer);
    } else if i < 30 {
        roles.push(Role::CareRecipient);
    }
    if i == 0 {
        roles.push(Role::Chair);
    }
    NewMember {
        full_name: format!("Nguyễn Thị Người {i}"),
        sex: Sex::Female,
        birth: Birth::Year(1950),
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Thôn 1".into(),
        phone: None,
        joined_on,
        roles,
        membership: Membership::Member,
    }
}

struct Fixture {
    store: Store,
    club: String,
    volunteer: String,
    recipient: String,
    borrower: String,
    today: NaiveDate,
    loan: String,
    /// A loan of another borrower, shown before kind 6's repayments.
    other_loan: String,
    done: u64,
    _dir: tempfile::TempDir,
}

impl Fixture {
    /// A fixture for `kind`: encrypted for kinds 7–10.
    fn new(kind: usize) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(at(today, 9, 0)));
        let path = dir.path().join("club.sqlite");
        let mut store = if kind >= ENCRYPTED {
            let key = StoreKey::new([0x42; 32]);
            Store::open_encrypted(&path, &key, "bench-phone", clock).unwrap()
        } else {
            Store::open(&path, "bench-phone", clock).unwrap()
        };
        let club = store
            .create_club(NewClub {
                name: "CLB".into(),
                commune_code: 18481,
                founded_on: NaiveDate::from_ymd_opt(2018, 3, 8).unwrap(),
                activity_areas: None,
            })
            .unwrap()
            .id;
        let joined = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let regs = store
            .register_members(&club, (0..12).map(|i| member(i, joined)).collect())
            .unwrap();
        let volunteer = regs[0].member.id.clone();
        store.set_author(&volunteer);
        // Version 5's change log, with its `op_id` UNIQUE index, for floor 5.
        store.connection().execute_batch("CREATE TABLE change_log_v5 (seq INTEGER PRIMARY KEY, op_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL, entity_id TEXT NOT NULL, change TEXT NOT NULL, device_id TEXT NOT NULL, author TEXT NOT NULL, hlc TEXT NOT NULL, recorded_at TEXT NOT NULL, sent_at TEXT, base_seq INTEGER NOT NULL DEFAULT 0, server_seq INTEGER, origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','remote')), rejected_code TEXT, rejected_reason TEXT) STRICT;").unwrap();
        store
            .record_fund_entry(
                &club,
                NewFundEntry {
                    fund: Fund::IncomeGeneration,
                    kind: EntryKind::Grant,
                    amount: 1_000_000_000_000_000,
                    entry_on: joined,
                    memo: "Tài trợ".into(),
                    member_id: None,
                },
            )
            .unwrap();
        let other_loan = store
            .disburse_loan(NewLoan {
                borrower_id: regs[2].member.id.clone(),
                principal: 2_000_000,
                disbursed_on: today - Duration::days(30),
                term_months: 12,
                monthly_rate_bp: 100,
                method: InterestMethod::Flat,
                purpose: "Buôn bán nhỏ".into(),
            })
            .unwrap()
            .loan
            .id;
        Fixture {
            store,
            other_loan,
            club,
            volunteer,
            recipient: regs[10].member.id.clone(),
            borrower: regs[1].member.id.clone(),
            today,
            loan: String::new(),
            done: 0,
            _dir: dir,
        }
    }

    /// One action of `kind`, timed alone (setup untimed), in microseconds.
    fn step(&mut self, kind: usize) -> f64 {
        let today = self.today;
        let t = match unencrypted(kind) {
            0 => {
                let conn = self.store.connection();
                let id = uuid::Uuid::now_v7().to_string();
                let op = format!("raw-{}", self.done);
                let t = Timer::now();
                timed_raw(conn, &id, &op, &self.club, &self.borrower);
                t.elapsed()
            }
            4 | 5 => {
                let conn = self.store.connection();
                let id = uuid::Uuid::now_v7().to_string();
                let op = uuid::Uuid::now_v7().to_string();
                let table = if kind == 4 {
                    "change_log"
                } else {
                    "change_log_v5"
                };
                let sql = format!("INSERT INTO {table} {LOG_ROW}");
                let t = Timer::now();
                timed_raw_with_log(conn, &sql, &id, &op, &self.club, &self.borrower);
                t.elapsed()
            }
            1 => {
                let t = Timer::now();
                timed_deposit(&mut self.store, &self.borrower, today);
                t.elapsed()
            }
            2 | 6 => {
                if self.done % 12 == 0 {
                    self.loan = self
                        .store
                        .disburse_loan(NewLoan {
                            borrower_id: self.borrower.clone(),
                            principal: 1_000_000_000,
                            disbursed_on: today - Duration::days(30),
                            term_months: 60,
                            monthly_rate_bp: 0,
                            method: InterestMethod::Flat,
                            purpose: "Nuôi bò sinh sản".into(),
                        })
                        .unwrap()
                        .loan
                        .id;
                }
                if kind == 2 {
                    // As in the app: the loan's screen (position, preview)
                    // is shown before the repayment is saved.
                    self.store.loan(&self.loan, today).unwrap();
                } else {
                    // The store holds another loan: this one is read afresh.
                    self.store.loan(&self.other_loan, today).unwrap();
                }
                let t = Timer::now();
                timed_repay(&mut self.store, &self.loan, today);
                t.elapsed()
            }
            3 => {
                let visit = NewVisit {
                    volunteer_id: self.volunteer.clone(),
                    recipient_id: self.recipient.clone(),
                    started_at: at(today, 8, 30),
                    duration_min: 45,
                    services: vec![
                        Service::HealthMonitoring,
                        Service::Companionship,
                        Service::Housework,
                    ],
                    vitals: Vitals {
                        systolic: Some(138),
                        diastolic: Some(86),
                        pulse: Some(78),
                        glucose_mmol_l: Some(6.4),
                        weight_kg: Some(51.5),
                    },
                    notes: "Bà khỏe, đã nhắc uống thuốc huyết áp.".into(),
                };
                let t = Timer::now();
                timed_visit(&mut self.store, visit);
                t.elapsed()
            }
            _ => unreachable!(),
        };
        self.done += 1;
        t.as_secs_f64() * 1e6
    }
}

/// The baseline's row: a savings deposit's journal row.
const RAW_JOURNAL_ROW: &str = "INSERT INTO journal (id, op_id, club_id, ledger, kind, amount, entry_on, member_id, loan_id, reverses_id, memo, recorded_at)
     VALUES (?1, ?2, ?3, 'savings', 'deposit', 1000, '2026-11-29', ?4, NULL, NULL, '', '2026-11-29T09:00:00+07:00')";

#[inline(never)]
fn timed_raw(conn: &rusqlite::Connection, id: &str, op: &str, club: &str, member: &str) {
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn.prepare_cached(RAW_JOURNAL_ROW)
        .unwrap()
        .execute(params![id, op, club, member])
        .unwrap();
    conn.execute_batch("COMMIT").unwrap();
}

/// The change-log row the floors write: a deposit's, as the store writes it.
const LOG_ROW: &str = "(op_id, entity, entity_id, change, device_id, author, hlc, recorded_at, sent_at, base_seq, server_seq, origin)
     VALUES (?1, 'journal', ?2, '{\"journal_entry\":{\"id\":\"0193a1b2-0000-7000-8000-000000000000\",\"club_id\":\"0193a1b2-0000-7000-8000-000000000001\",\"ledger\":\"savings\",\"kind\":\"deposit\",\"amount\":1000,\"entry_on\":\"2026-11-29\",\"member_id\":\"0193a1b2-0000-7000-8000-000000000002\",\"loan_id\":null,\"reverses_id\":null,\"memo\":\"\",\"recorded_at\":\"2026-11-29T09:00:00+07:00\"}}', 'bench-phone', ?3, '0000018d-0000-0000-bench-phone', '2026-11-29T09:00:00+07:00', NULL, 0, NULL, 'local')";

/// A floor: the raw journal row and a change-log row (into `log_insert`,
/// `INSERT INTO <table>` + [`LOG_ROW`]) in one transaction.
#[inline(never)]
fn timed_raw_with_log(
    conn: &rusqlite::Connection,
    log_insert: &str,
    id: &str,
    op: &str,
    club: &str,
    member: &str,
) {
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn.prepare_cached(RAW_JOURNAL_ROW)
        .unwrap()
        .execute(params![id, op, club, member])
        .unwrap();
    conn.prepare_cached(log_insert)
        .unwrap()
        .execute(params![op, id, member])
        .unwrap();
    conn.execute_batch("COMMIT").unwrap();
}

#[inline(never)]
fn timed_deposit(store: &mut Store, member: &str, on: NaiveDate) {
    store.deposit(member, 1_000, on, "Gửi tiết kiệm").unwrap();
}

#[inline(never)]
fn timed_repay(store: &mut Store, loan: &str, on: NaiveDate) {
    store.repay_loan(loan, 1_000, on).unwrap();
}

#[inline(never)]
fn timed_visit(store: &mut Store, visit: NewVisit) {
    store.log_visit(visit).unwrap();
}

/// Kinds of action timed side by side.
const KINDS: usize = 11;

/// The first kind on an encrypted database: 7–10 are 0–3 encrypted.
const ENCRYPTED: usize = 7;

/// The kind that `kind` times on an unencrypted database.
fn unencrypted(kind: usize) -> usize {
    if kind >= ENCRYPTED {
        kind - ENCRYPTED
    } else {
        kind
    }
}

/// The raw insert a kind is compared with: into a database like its own.
fn baseline(kind: usize) -> usize {
    if kind >= ENCRYPTED {
        ENCRYPTED
    } else {
        0
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("only") {
        let kind: usize = args[2].parse().unwrap();
        let n: u64 = args[3].parse().unwrap();
        let mut f = Fixture::new(kind);
        for _ in 0..n {
            f.step(kind);
        }
        return;
    }
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5_000);
    const NAMES: [&str; KINDS] = [
        "raw_journal_insert_commit",
        "store_deposit",
        "store_repay_loan",
        "store_log_visit",
        "floor: raw row + log row",
        "floor: same, v5 log (op_id idx)",
        "repay, loan not shown first",
        "encrypted: raw insert + commit",
        "encrypted: store_deposit",
        "encrypted: store_repay_loan",
        "encrypted: store_log_visit",
    ];
    let mut fixtures: Vec<Fixture> = (0..KINDS).map(Fixture::new).collect();
    let mut times: Vec<Vec<f64>> = (0..KINDS).map(|_| Vec::with_capacity(rounds)).collect();
    let mut ratios: Vec<Vec<f64>> = (0..KINDS).map(|_| Vec::with_capacity(rounds)).collect();
    for round in 0..rounds {
        let mut t = [0f64; KINDS];
        for k in 0..KINDS {
            // Rotate the order so no kind always follows another.
            let kind = (k + round) % KINDS;
            if fixtures[kind].done == 2_400 {
                fixtures[kind] = Fixture::new(kind);
            }
            t[kind] = fixtures[kind].step(kind);
        }
        for kind in 0..KINDS {
            times[kind].push(t[kind]);
            ratios[kind].push(t[kind] / t[baseline(kind)]);
        }
    }
    let medians: Vec<f64> = times.iter_mut().map(|t| median(t)).collect();
    println!("{rounds} rounds, medians:");
    for kind in 0..KINDS {
        let m = medians[kind];
        if kind == ENCRYPTED {
            println!("on an encrypted database (SQLCipher), against its raw insert:");
        }
        let against_plain = if kind >= ENCRYPTED {
            format!("  {:5.2}× unencrypted", m / medians[unencrypted(kind)])
        } else {
            String::new()
        };
        println!(
            "  {:30} {:8.1} µs  {:5.2}× the raw median  (median of per-round ratios {:5.2}×){against_plain}",
            NAMES[kind],
            m,
            m / medians[baseline(kind)],
            median(&mut ratios[kind])
        );
    }
}
