//! Store benchmarks: what a user action costs to write, and what the screens
//! cost to read on a big club. Not run in CI; run them with
//!
//! ```text
//! cargo bench -p ishc-core --bench store -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Results and their reading are in `docs/PERFORMANCE.md`.
//!
//! # Groups
//!
//! * `write` — one user action per iteration, each on its own file database
//!   in a fresh tempdir, same pragmas (`ishc_core::schema::configure`: WAL,
//!   `synchronous = NORMAL`, foreign keys on), same machine, same run:
//!   * `raw_insert_commit`: plain rusqlite, one STRICT table of 10 columns
//!     (text primary key from a UUIDv7, no other index, no foreign key); one
//!     `BEGIN IMMEDIATE; INSERT; COMMIT` per iteration with a cached
//!     statement. This is the baseline of the target "a repayment or a visit
//!     costs at most 1.5× a raw insert-and-commit of one row".
//!   * `raw_two_rows_commit`: the same plus a second 8-column row in a
//!     second table in the same transaction (a row plus its log row: the
//!     least any logged write can do).
//!   * `store_deposit`: `Store::deposit` of 1,000 đ (the simplest money action).
//!   * `store_repay_loan`: `Store::repay_loan` of 1,000 đ against a loan of
//!     1,000,000,000 đ, 60 months, 0% (so it never overpays), the fund
//!     holding it from a grant. `repay_loan` checks against the loan's
//!     earlier repayments (read, or kept from the repayment before while
//!     nothing else was committed), so a loan that took every iteration would
//!     grow an unrealistic history (tens of thousands of repayments). The
//!     bench uses `iter_custom`: every 12 repayments a new loan is disbursed
//!     *outside* the timed section, so each timed repayment sees 0–11
//!     earlier repayments (5.5 on average), as a real loan of a year does.
//!     Timed: exactly the `repay_loan` call (validation, the transaction with
//!     its journal and change-log rows and the commit, and the `LoanView`
//!     read back for the receipt).
//!   * `store_log_visit`: `Store::log_visit` with services and all five
//!     readings (blood pressure, pulse, glucose, weight) and a note.
//! * `repay_pieces`, `visit_pieces` — the parts of those two actions timed
//!   separately, to show where the time goes: the same SQL the store runs for
//!   its lookups (copied verbatim, run read-only through
//!   `Store::connection`), the pure checks, the JSON of the change as logged,
//!   the read-back the action returns, the loan lookups run inside one read
//!   transaction instead of one per statement, and the write transaction alone
//!   (the action's row plus its change-log row, committed) on a scratch copy
//!   of the real schema.
//!
//!   Each write bench starts over on a fresh database (untimed) every 2,400
//!   actions, so the file stays small and the same size however long
//!   criterion runs (a first version let it grow with the run, and the
//!   repayment cost grew with it: 224 µs at 3 s, 618 µs at 10 s).
//! * `write_big_club` — `store_repay_loan` and `store_log_visit` again, on a
//!   copy of the big club below (same policy, a fresh copy every 2,400).
//! * `read` — a club with 70 members and 10 years of history (about 50,000
//!   journal entries: savings deposits and withdrawals, fund entries, ~700
//!   loans with ~12 repayments each; about 30,000 visits), built once through
//!   the Store's public API with a `FixedClock` advanced day by day, and
//!   cached in `target/<profile>/ishc-bench-cache/` (delete the file to
//!   rebuild; the name carries the schema version). Timed:
//!   `savings_balance` of the member with the most savings entries,
//!   `loan(id, as_of)` of the active loan with the most repayments, and
//!   `list_members(club, None, false, as_of)`; plus `loans` (active loans
//!   with their positions, what the list computes for its loan column) and
//!   the list's savings `GROUP BY` query, to split the list's cost, and
//!   `loan::position` alone (the pure computation behind an outstanding).
//!
//! Under `cargo test --benches` / `--all-targets` (criterion's test mode,
//! each routine run once) the big club is a 45-day one in a tempdir, so the
//! test run stays quick.

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use criterion::{criterion_group, criterion_main, Criterion};
use ishc_core::clock::{Clock, FixedClock};
use ishc_core::loan::{self, LoanTerms, Repayment};
use ishc_core::model::{
    vietnam_offset, Birth, Fund, HouseholdStatus, Instant, InterestMethod, Membership, Role,
    Service, Sex, Vitals,
};
use ishc_core::ops::{Change, EntryKind, JournalRecord, Ledger, VisitRecord};
use ishc_core::store::{LoanStatus, NewClub, NewFundEntry, NewLoan, NewMember, NewVisit, Store};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::cell::OnceCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant as StdInstant};

/// Commune code of Xã Xuân Lộc (Hà Tĩnh) in the 2025 units.
const COMMUNE: u32 = 18481;
/// Repayments per loan before the repay bench moves to a fresh loan.
const REPAYMENTS_PER_LOAN: u64 = 12;
/// Write benches start over on a fresh database after this many actions.
const RESET_EVERY: u64 = 2_400;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// A Vietnam-time instant on `on` at `h:m`.
fn at(on: NaiveDate, h: u32, m: u32) -> Instant {
    vietnam_offset()
        .from_local_datetime(&on.and_hms_opt(h, m, 0).expect("valid time"))
        .single()
        .expect("fixed offset")
}

/// Criterion's test mode (`cargo test --benches`), or `--list`: keep setup small.
fn quick_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let has = |f: &str| args.iter().any(|a| a == f);
    !has("--bench") || has("--test") || has("--list")
}

/// A tiny deterministic generator (splitmix64), so every build of the big
/// club is the same.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn new_club(founded_on: NaiveDate) -> NewClub {
    NewClub {
        name: "CLB Liên thế hệ tự giúp nhau Xuân Lộc".into(),
        commune_code: COMMUNE,
        founded_on,
        activity_areas: None,
    }
}

const FAMILIES: [&str; 10] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
];
const MIDDLES: [&str; 7] = ["Thị", "Văn", "Đức", "Thị Thu", "Minh", "Ngọc", "Hữu"];
const GIVEN: [&str; 22] = [
    "An", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Hải", "Hằng", "Hoa", "Hùng", "Lan", "Linh",
    "Mai", "Nam", "Nga", "Phúc", "Quang", "Sơn", "Thảo", "Tuấn", "Yến",
];

/// The `i`-th person of a club: members 0–9 are home-care volunteers,
/// 10–29 care recipients; everyone is a full member.
fn new_member(i: usize, joined_on: NaiveDate) -> NewMember {
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
        full_name: format!(
            "{} {} {}",
            FAMILIES[i % 10],
            MIDDLES[(i / 10) % 7],
            GIVEN[(i * 7 + i / 22) % 22]
        ),
        sex: if i % 3 == 0 { Sex::Male } else { Sex::Female },
        birth: Birth::Year(1935 + (i as i32 * 13) % 55),
        ethnicity_code: 1,
        household: match i % 5 {
            0 => HouseholdStatus::Poor,
            1 => HouseholdStatus::NearPoor,
            _ => HouseholdStatus::Neither,
        },
        disabled: i % 11 == 0,
        lives_alone: i % 7 == 0,
        hamlet: format!("Thôn {}", i % 6 + 1),
        phone: None,
        joined_on,
        roles,
        membership: Membership::Member,
    }
}

fn vitals(rng: &mut Rng) -> Vitals {
    let systolic = 110 + rng.below(50) as u16;
    Vitals {
        systolic: Some(systolic),
        diastolic: Some(systolic - 40 - rng.below(10) as u16),
        pulse: Some(60 + rng.below(40) as u16),
        glucose_mmol_l: Some(4.5 + rng.below(40) as f64 / 10.0),
        weight_kg: Some(42.0 + rng.below(300) as f64 / 10.0),
    }
}

fn grant(store: &mut Store, club: &str, fund: Fund, amount: i64, on: NaiveDate) {
    store
        .record_fund_entry(
            club,
            NewFundEntry {
                fund,
                kind: EntryKind::Grant,
                amount,
                entry_on: on,
                memo: "Tài trợ".into(),
                member_id: None,
            },
        )
        .expect("grant");
}

// ----------------------------------------------------------------------------
// Write benches
// ----------------------------------------------------------------------------

/// A file-backed store in its own tempdir with a club, a volunteer, a
/// recipient and a borrower, and a fund large enough for any number of big
/// loans.
struct WriteFixture {
    store: Store,
    club: String,
    volunteer: String,
    recipient: String,
    borrower: String,
    today: NaiveDate,
    dir: tempfile::TempDir,
}

impl WriteFixture {
    fn new() -> WriteFixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let today = date(2026, 11, 29);
        let clock = Arc::new(FixedClock::new(at(today, 9, 0)));
        let dyn_clock: Arc<dyn Clock> = clock.clone();
        let mut store =
            Store::open(&dir.path().join("club.sqlite"), "bench-phone", dyn_clock).expect("open");
        store.set_author("bench");
        let club = store
            .create_club(new_club(date(2018, 3, 8)))
            .expect("club")
            .id;
        let joined = date(2025, 1, 1);
        let regs = store
            .register_members(&club, (0..12).map(|i| new_member(i, joined)).collect())
            .expect("members");
        let volunteer = regs[0].member.id.clone();
        // Member 0 chairs the club: it may record money and visits.
        store.set_author(&volunteer);
        let recipient = regs[10].member.id.clone();
        let borrower = regs[1].member.id.clone();
        grant(
            &mut store,
            &club,
            Fund::IncomeGeneration,
            1_000_000_000_000_000,
            joined,
        );
        WriteFixture {
            dir,
            store,
            club,
            volunteer,
            recipient,
            borrower,
            today,
        }
    }

    /// A loan of 1,000,000,000 đ over 60 months at 0%, disbursed 30 days ago.
    fn big_loan(&mut self) -> String {
        self.store
            .disburse_loan(NewLoan {
                borrower_id: self.borrower.clone(),
                principal: 1_000_000_000,
                disbursed_on: self.today - Duration::days(30),
                term_months: 60,
                monthly_rate_bp: 0,
                method: InterestMethod::Flat,
                purpose: "Nuôi bò sinh sản".into(),
            })
            .expect("loan")
            .loan
            .id
    }

    fn visit(&self) -> NewVisit {
        NewVisit {
            volunteer_id: self.volunteer.clone(),
            recipient_id: self.recipient.clone(),
            started_at: at(self.today, 8, 30),
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
        }
    }
}

/// A raw rusqlite file database in its own tempdir.
struct RawDb {
    conn: Connection,
    _dir: tempfile::TempDir,
}

impl RawDb {
    fn new() -> RawDb {
        let dir = tempfile::tempdir().expect("tempdir");
        RawDb {
            conn: raw_db(dir.path()),
            _dir: dir,
        }
    }
}

/// A raw rusqlite file database with the store's pragmas and two plain tables.
fn raw_db(dir: &Path) -> Connection {
    let conn = Connection::open(dir.join("raw.sqlite")).expect("open raw");
    ishc_core::schema::configure(&conn).expect("pragmas");
    conn.execute_batch(
        "CREATE TABLE entries (
            id TEXT PRIMARY KEY, club_id TEXT NOT NULL, ledger TEXT NOT NULL, kind TEXT NOT NULL,
            amount INTEGER NOT NULL, entry_on TEXT NOT NULL, member_id TEXT, loan_id TEXT,
            memo TEXT NOT NULL, recorded_at TEXT NOT NULL) STRICT;
         CREATE TABLE log (
            seq INTEGER PRIMARY KEY, op_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
            change TEXT NOT NULL, device_id TEXT NOT NULL, hlc TEXT NOT NULL, recorded_at TEXT NOT NULL) STRICT;",
    )
    .expect("raw schema");
    conn
}

/// One journal row inserted and committed with plain rusqlite.
fn raw_journal_insert(conn: &Connection, club: &str, member: &str, n: u64) {
    conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
    conn.prepare_cached(
        "INSERT INTO journal (id, op_id, club_id, ledger, kind, amount, entry_on, member_id, loan_id, reverses_id, memo, recorded_at)
         VALUES (?1, ?2, ?3, 'savings', 'deposit', 1000, '2026-11-29', ?4, NULL, NULL, '', '2026-11-29T09:00:00+07:00')",
    )
    .expect("prepare")
    .execute(params![uuid::Uuid::now_v7().to_string(), format!("raw-{n}"), club, member])
    .expect("insert");
    conn.execute_batch("COMMIT").expect("commit");
}

fn raw_insert(conn: &mut Connection, with_log: bool) {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .expect("begin");
    let id = uuid::Uuid::now_v7().to_string();
    tx.prepare_cached(
        "INSERT INTO entries (id, club_id, ledger, kind, amount, entry_on, member_id, loan_id, memo, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .expect("prepare")
    .execute(params![
        id,
        "0193a5b0-0000-7000-8000-000000000001",
        "income_generation",
        "loan_repayment",
        1_000i64,
        "2026-11-29",
        "0193a5b0-0000-7000-8000-000000000002",
        "0193a5b0-0000-7000-8000-000000000003",
        "",
        "2026-11-29T09:00:00+07:00"
    ])
    .expect("insert");
    if with_log {
        tx.prepare_cached(
            "INSERT INTO log (op_id, entity, entity_id, change, device_id, hlc, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .expect("prepare log")
        .execute(params![
            uuid::Uuid::now_v7().to_string(),
            "journal",
            id,
            r#"{"type":"journal_entry","amount":1000}"#,
            "bench-phone",
            "0001764381600000-0000-bench-phone",
            "2026-11-29T09:00:00+07:00"
        ])
        .expect("insert log");
    }
    tx.commit().expect("commit");
}

/// Runs `step` once per iteration on a state from `make`, replacing the
/// state with a fresh one (untimed) every `RESET_EVERY` iterations so the
/// database stays the same size however long criterion runs. `step` times
/// itself and returns what it timed.
fn bench_bounded<S>(
    b: &mut criterion::Bencher<'_>,
    make: impl Fn() -> S,
    mut step: impl FnMut(&mut S, u64) -> StdDuration,
) {
    let mut state = make();
    let mut done = 0u64;
    b.iter_custom(|iters| {
        let mut timed = StdDuration::ZERO;
        for _ in 0..iters {
            if done == RESET_EVERY {
                state = make();
                done = 0;
            }
            timed += step(&mut state, done);
            done += 1;
        }
        timed
    });
}

fn timed<T>(f: impl FnOnce() -> T) -> StdDuration {
    let start = StdInstant::now();
    let out = f();
    let elapsed = start.elapsed();
    black_box(out);
    elapsed
}

/// One repayment of 1,000 đ; a new big loan (untimed) every 12.
fn repay_step(f: &mut WriteFixture, n: u64, loan: &mut String) -> StdDuration {
    if n % REPAYMENTS_PER_LOAN == 0 {
        *loan = f.big_loan();
    }
    let today = f.today;
    timed(|| f.store.repay_loan(loan, 1_000, today).expect("repay"))
}

fn bench_write(c: &mut Criterion) {
    let mut g = c.benchmark_group("write");

    g.bench_function("raw_insert_commit", |b| {
        bench_bounded(b, RawDb::new, |r, _| {
            timed(|| raw_insert(&mut r.conn, false))
        })
    });
    g.bench_function("raw_two_rows_commit", |b| {
        bench_bounded(b, RawDb::new, |r, _| {
            timed(|| raw_insert(&mut r.conn, true))
        })
    });
    // The issue's baseline read literally: one row inserted and committed
    // with plain rusqlite into the store's own WAL database (the journal, with
    // its indexes), beside the store's actions on the same kind of file.
    g.bench_function("raw_journal_insert_commit", |b| {
        bench_bounded(b, WriteFixture::new, |f, n| {
            let (club, member) = (f.club.clone(), f.borrower.clone());
            let conn = f.store.connection();
            timed(|| raw_journal_insert(conn, &club, &member, n))
        })
    });
    g.bench_function("store_deposit", |b| {
        bench_bounded(b, WriteFixture::new, |f, _| {
            let (member, today) = (f.borrower.clone(), f.today);
            timed(|| {
                f.store
                    .deposit(&member, 1_000, today, "Gửi tiết kiệm")
                    .expect("deposit")
            })
        })
    });
    g.bench_function("store_repay_loan", |b| {
        let mut loan = String::new();
        bench_bounded(b, WriteFixture::new, |f, n| repay_step(f, n, &mut loan))
    });
    g.bench_function("store_log_visit", |b| {
        bench_bounded(b, WriteFixture::new, |f, _| {
            let visit = f.visit();
            timed(|| f.store.log_visit(visit).expect("visit"))
        })
    });
    g.finish();
}

// ----------------------------------------------------------------------------
// Pieces of a repayment and a visit
// ----------------------------------------------------------------------------

// The store's lookups as core/src/store.rs ran them up to run 5 (since run
// 6 a repayment reads the loan and its two flags in one statement).
const SQL_LOAN_RECORD: &str = "SELECT id, club_id, borrower_id, principal, disbursed_on, term_months, monthly_rate_bp, method, purpose FROM loans WHERE id = ?1";
const SQL_LOAN_REVERSED: &str = "SELECT EXISTS (SELECT 1 FROM journal d JOIN journal r ON r.reverses_id = d.id WHERE d.loan_id = ?1 AND d.kind = 'loan_disbursement')";
const SQL_LOAN_WRITTEN_OFF: &str =
    "SELECT EXISTS (SELECT 1 FROM loan_write_offs WHERE loan_id = ?1)";
const SQL_LIVE_REPAYMENTS: &str = "SELECT j.id, j.entry_on, j.amount FROM journal j
             WHERE j.loan_id = ?1 AND j.kind = 'loan_repayment'
               AND NOT EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id)
             ORDER BY j.entry_on, j.id";
const SQL_CHANGE_LOG: &str =
    "INSERT INTO change_log (op_id, entity, entity_id, change, device_id, author, hlc, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
const SQL_JOURNAL: &str =
    "INSERT INTO journal (id, op_id, club_id, ledger, kind, amount, entry_on, member_id, loan_id,
                              reverses_id, memo, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
const SQL_VISIT: &str = "INSERT INTO visits (id, op_id, club_id, volunteer_id, recipient_id, started_at, visit_on, duration_min,
                    services, systolic, diastolic, pulse, glucose_mmol_l, weight_kg, bp_flag, notes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";

fn live_repayments(conn: &Connection, loan_id: &str) -> Vec<Repayment> {
    conn.prepare_cached(SQL_LIVE_REPAYMENTS)
        .expect("prepare")
        .query_map([loan_id], |r| {
            Ok(Repayment {
                id: r.get(0)?,
                paid_on: r.get::<_, String>(1)?.parse().expect("date"),
                amount: r.get(2)?,
            })
        })
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

/// The write transaction of an action without the action: its row and its
/// change-log row, committed, on a scratch database with the real schema (the
/// scratch store's club, member and loan satisfy the foreign keys).
struct ScratchTx {
    conn: Connection,
    club: String,
    volunteer: String,
    recipient: String,
    borrower: String,
    loan: String,
    _dir: tempfile::TempDir,
}

impl ScratchTx {
    fn new() -> ScratchTx {
        let mut f = WriteFixture::new();
        let loan = f.big_loan();
        let path = f.dir.path().join("club.sqlite");
        let WriteFixture {
            dir,
            store,
            club,
            volunteer,
            recipient,
            borrower,
            ..
        } = f;
        drop(store);
        let conn = Connection::open(&path).expect("reopen");
        ishc_core::schema::configure(&conn).expect("pragmas");
        ScratchTx {
            _dir: dir,
            conn,
            club,
            volunteer,
            recipient,
            borrower,
            loan,
        }
    }

    fn log_row(tx: &rusqlite::Transaction<'_>, entity: &str, entity_id: &str, change: &str) {
        tx.prepare_cached(SQL_CHANGE_LOG)
            .expect("prepare")
            .execute(params![
                uuid::Uuid::now_v7().to_string(),
                entity,
                entity_id,
                change,
                "bench-phone",
                "bench",
                "0001764381600000-0000-bench-phone",
                "2026-11-29T09:00:00+07:00"
            ])
            .expect("log");
    }

    fn journal(&mut self, with_log: bool, change_json: &str) {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .expect("begin");
        let id = uuid::Uuid::now_v7().to_string();
        let op = uuid::Uuid::now_v7().to_string();
        tx.prepare_cached(SQL_JOURNAL)
            .expect("prepare")
            .execute(params![
                id,
                op,
                self.club,
                "income_generation",
                "loan_repayment",
                1_000i64,
                "2026-11-29",
                self.borrower,
                self.loan,
                None::<String>,
                "",
                "2026-11-29T09:00:00+07:00"
            ])
            .expect("journal");
        if with_log {
            Self::log_row(&tx, "journal", &id, change_json);
        }
        tx.commit().expect("commit");
    }

    fn visit(&mut self, change_json: &str) {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .expect("begin");
        let id = uuid::Uuid::now_v7().to_string();
        let op = uuid::Uuid::now_v7().to_string();
        tx.prepare_cached(SQL_VISIT)
            .expect("prepare")
            .execute(params![
                id,
                op,
                self.club,
                self.volunteer,
                self.recipient,
                "2026-11-29T08:30:00+07:00",
                "2026-11-29",
                45,
                r#"["personal_care","housework","health_monitoring"]"#,
                138,
                86,
                78,
                6.4,
                51.5,
                "stage1",
                "Bà khỏe, đã nhắc uống thuốc huyết áp."
            ])
            .expect("visit");
        Self::log_row(&tx, "visit", &id, change_json);
        tx.commit().expect("commit");
    }
}

fn bench_repay_pieces(c: &mut Criterion) {
    let mut g = c.benchmark_group("repay_pieces");
    // A loan with six earlier repayments, the average the write bench sees.
    let mut f = WriteFixture::new();
    let loan_id = f.big_loan();
    for _ in 0..6 {
        f.store.repay_loan(&loan_id, 1_000, f.today).expect("repay");
    }
    let view = f.store.loan(&loan_id, f.today).expect("loan");
    let terms = LoanTerms {
        principal: view.loan.principal,
        disbursed_on: view.loan.disbursed_on,
        term_months: view.loan.term_months,
        monthly_rate_bp: view.loan.monthly_rate_bp,
        method: view.loan.method,
    };
    let conn = f.store.connection();

    g.bench_function("loan_lookup", |b| {
        b.iter(|| {
            let row: (String, i64) = conn
                .prepare_cached(SQL_LOAN_RECORD)
                .expect("prepare")
                .query_row([&loan_id], |r| Ok((r.get(0)?, r.get(3)?)))
                .expect("loan");
            black_box(row)
        })
    });
    g.bench_function("loan_status", |b| {
        b.iter(|| {
            let reversed: bool = conn
                .prepare_cached(SQL_LOAN_REVERSED)
                .expect("prepare")
                .query_row([&loan_id], |r| r.get(0))
                .expect("reversed");
            let written_off: bool = conn
                .prepare_cached(SQL_LOAN_WRITTEN_OFF)
                .expect("prepare")
                .query_row([&loan_id], |r| r.get(0))
                .expect("written off");
            black_box((reversed, written_off))
        })
    });
    g.bench_function("live_repayments", |b| {
        b.iter(|| black_box(live_repayments(conn, &loan_id)))
    });
    // The same three lookups inside one read transaction: SQLite then takes
    // its WAL read lock once instead of once per statement.
    g.bench_function("lookups_one_read_tx", |b| {
        b.iter(|| {
            conn.execute_batch("BEGIN").expect("begin");
            let row: (String, i64) = conn
                .prepare_cached(SQL_LOAN_RECORD)
                .expect("prepare")
                .query_row([&loan_id], |r| Ok((r.get(0)?, r.get(3)?)))
                .expect("loan");
            let reversed: bool = conn
                .prepare_cached(SQL_LOAN_REVERSED)
                .expect("prepare")
                .query_row([&loan_id], |r| r.get(0))
                .expect("reversed");
            let written_off: bool = conn
                .prepare_cached(SQL_LOAN_WRITTEN_OFF)
                .expect("prepare")
                .query_row([&loan_id], |r| r.get(0))
                .expect("written off");
            let live = live_repayments(conn, &loan_id);
            conn.execute_batch("COMMIT").expect("commit");
            black_box((row, reversed, written_off, live))
        })
    });
    let existing = live_repayments(conn, &loan_id);
    g.bench_function("check_repayment", |b| {
        b.iter(|| black_box(loan::check_repayment(&terms, &existing, 1_000)).expect("ok"))
    });
    let entry = JournalRecord {
        id: uuid::Uuid::now_v7().to_string(),
        club_id: f.club.clone(),
        ledger: Ledger::Fund(Fund::IncomeGeneration),
        kind: EntryKind::LoanRepayment,
        amount: 1_000,
        entry_on: f.today,
        member_id: Some(f.borrower.clone()),
        loan_id: Some(loan_id.clone()),
        reverses_id: None,
        memo: String::new(),
        recorded_at: at(f.today, 9, 0).to_rfc3339(),
    };
    let change = Change::JournalEntry(entry);
    g.bench_function("change_json", |b| {
        b.iter(|| black_box(serde_json::to_string(&change).expect("json")))
    });
    g.bench_function("loan_view_readback", |b| {
        b.iter(|| black_box(f.store.loan(&loan_id, f.today).expect("loan")))
    });
    let change_json = serde_json::to_string(&change).expect("json");
    g.bench_function("tx_journal_only", |b| {
        let mut s = ScratchTx::new();
        b.iter(|| s.journal(false, &change_json))
    });
    g.bench_function("tx_journal_and_log", |b| {
        let mut s = ScratchTx::new();
        b.iter(|| s.journal(true, &change_json))
    });
    g.finish();
}

fn bench_visit_pieces(c: &mut Criterion) {
    let mut g = c.benchmark_group("visit_pieces");
    let mut f = WriteFixture::new();
    let new = f.visit();
    let logged = f.store.log_visit(new.clone()).expect("visit");

    g.bench_function("member_reads_x2", |b| {
        b.iter(|| {
            black_box(f.store.member(&f.volunteer).expect("volunteer"));
            black_box(f.store.member(&f.recipient).expect("recipient"));
        })
    });
    g.bench_function("validate_vitals", |b| {
        b.iter(|| ishc_core::vitals::validate_vitals(black_box(&new.vitals)).expect("ok"))
    });
    let change = Change::VisitLogged(VisitRecord {
        id: uuid::Uuid::now_v7().to_string(),
        ..logged.record.clone()
    });
    g.bench_function("change_json", |b| {
        b.iter(|| black_box(serde_json::to_string(&change).expect("json")))
    });
    g.bench_function("visit_readback", |b| {
        b.iter(|| black_box(f.store.visit(&logged.record.id).expect("visit")))
    });
    let change_json = serde_json::to_string(&change).expect("json");
    g.bench_function("tx_visit_and_log", |b| {
        let mut s = ScratchTx::new();
        b.iter(|| s.visit(&change_json))
    });
    g.finish();
}

// ----------------------------------------------------------------------------
// The big club
// ----------------------------------------------------------------------------

/// Bump when the generator changes, so a stale cache is not reused.
const GENERATOR_VERSION: u32 = 1;
/// Ten years of days.
const FULL_DAYS: i64 = 3652;
const MEMBERS: usize = 70;
const LOANS_IN_TEN_YEARS: i64 = 700;

struct BigClub {
    _dir: Option<tempfile::TempDir>,
    store: Store,
    club: String,
    saver: String,
    loan: String,
    as_of: NaiveDate,
}

fn cache_path() -> PathBuf {
    // target/<profile>/deps/store-<hash> -> target/<profile>/ishc-bench-cache/
    let exe = std::env::current_exe().expect("current exe");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    profile_dir.join("ishc-bench-cache").join(format!(
        "big-club-g{GENERATOR_VERSION}-s{}.sqlite",
        ishc_core::schema::VERSION
    ))
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Builds a club of `MEMBERS` people over `days` days ending the day before
/// 2026-11-29, one Store action per event, in date order.
fn build_club(path: &Path, days: i64) {
    let started = StdInstant::now();
    let end = date(2026, 11, 29);
    let start = end - Duration::days(days);
    let clock = Arc::new(FixedClock::new(at(start, 7, 0)));
    let dyn_clock: Arc<dyn Clock> = clock.clone();
    let mut store = Store::open(path, "bench-phone", dyn_clock).expect("open");
    let mut rng = Rng(20261129);
    let tick = || clock.advance(Duration::seconds(7));

    let club = store.create_club(new_club(start)).expect("club").id;
    let members: Vec<String> = store
        .register_members(&club, (0..MEMBERS).map(|i| new_member(i, start)).collect())
        .expect("members")
        .into_iter()
        .map(|r| r.member.id)
        .collect();
    // Member 0 chairs the club: it records the money and the visits.
    store.set_author(&members[0]);
    grant(
        &mut store,
        &club,
        Fund::IncomeGeneration,
        1_500_000_000,
        start,
    );
    grant(&mut store, &club, Fund::Activity, 50_000_000, start);

    let mut savings = vec![0i64; MEMBERS];
    let mut pending: std::collections::BTreeMap<NaiveDate, Vec<(String, i64)>> =
        std::collections::BTreeMap::new();
    let mut loans_made = 0i64;
    let loans_target = (LOANS_IN_TEN_YEARS * days / FULL_DAYS).max(2);
    let (mut n_visits, mut n_repay) = (0u64, 0u64);

    for d in 0..days {
        let today = start + Duration::days(d);
        clock.set(at(today, 7, 0));

        // Repayments falling due today (some paid a few days late).
        while let Some(entry) = pending.first_entry() {
            if *entry.key() > today {
                break;
            }
            for (loan_id, amount) in entry.remove() {
                tick();
                store.repay_loan(&loan_id, amount, today).expect("repay");
                n_repay += 1;
            }
        }

        // About 700 loans over ten years, round-robin over the members.
        while loans_made * days < (d + 1) * loans_target {
            let borrower = &members[(loans_made as usize * 17) % MEMBERS];
            let terms = LoanTerms {
                principal: 3_000_000 + rng.below(18) as i64 * 1_000_000,
                disbursed_on: today,
                term_months: 12,
                monthly_rate_bp: 80,
                method: if loans_made % 3 == 0 {
                    InterestMethod::DecliningBalance
                } else {
                    InterestMethod::Flat
                },
            };
            tick();
            let view = store
                .disburse_loan(NewLoan {
                    borrower_id: borrower.clone(),
                    principal: terms.principal,
                    disbursed_on: today,
                    term_months: terms.term_months,
                    monthly_rate_bp: terms.monthly_rate_bp,
                    method: terms.method,
                    purpose: "Chăn nuôi, trồng trọt".into(),
                })
                .expect("disburse");
            let skip_last = if rng.below(20) == 0 { 2 } else { 0 };
            let plan = loan::schedule(&terms);
            let paid = plan.len() - skip_last;
            for inst in plan.into_iter().take(paid) {
                let on = inst.due_on + Duration::days(rng.below(6) as i64);
                pending
                    .entry(on)
                    .or_default()
                    .push((view.loan.id.clone(), inst.total()));
            }
            loans_made += 1;
        }

        // Savings: about four deposits a month each, a withdrawal every two months.
        for (i, m) in members.iter().enumerate() {
            if rng.below(30) < 4 {
                let amount = (1 + rng.below(20) as i64) * 10_000;
                tick();
                store.deposit(m, amount, today, "").expect("deposit");
                savings[i] += amount;
            }
            if rng.below(60) == 0 && savings[i] >= 100_000 {
                let amount = savings[i] / 2 / 1_000 * 1_000;
                tick();
                store
                    .withdraw(m, amount, today, "Rút tiết kiệm")
                    .expect("withdraw");
                savings[i] -= amount;
            }
        }

        // Fund entries on the first of the month: 20 fees, 2 contributions,
        // 2 expenses, bank interest; a grant each January.
        if today.day() == 1 {
            let month = (today.year() * 12 + today.month() as i32) as usize;
            let fund = |store: &mut Store, fund, kind, amount, member_id: Option<String>| {
                tick();
                store
                    .record_fund_entry(
                        &club,
                        NewFundEntry {
                            fund,
                            kind,
                            amount,
                            entry_on: today,
                            memo: "Sổ quỹ".into(),
                            member_id,
                        },
                    )
                    .expect("fund entry");
            };
            for k in 0..20 {
                let m = members[(month * 20 + k) % MEMBERS].clone();
                fund(
                    &mut store,
                    Fund::Activity,
                    EntryKind::MembershipFee,
                    20_000,
                    Some(m),
                );
            }
            for _ in 0..2 {
                fund(
                    &mut store,
                    Fund::Activity,
                    EntryKind::Contribution,
                    1_000_000,
                    None,
                );
                fund(
                    &mut store,
                    Fund::Activity,
                    EntryKind::Expense,
                    1_000_000,
                    None,
                );
            }
            fund(
                &mut store,
                Fund::IncomeGeneration,
                EntryKind::InterestIncome,
                150_000,
                None,
            );
            if today.month() == 1 {
                fund(
                    &mut store,
                    Fund::IncomeGeneration,
                    EntryKind::Grant,
                    100_000_000,
                    None,
                );
            }
        }

        // Home-care visits: about 8.2 a day, ten volunteers, twenty recipients.
        let n = 8 + usize::from(d % 5 == 0);
        for k in 0..n {
            let slot = d as usize * 9 + k;
            tick();
            store
                .log_visit(NewVisit {
                    volunteer_id: members[slot % 10].clone(),
                    recipient_id: members[10 + (slot * 3 + k) % 20].clone(),
                    started_at: at(today, 7 + k as u32, (k as u32 * 7) % 60),
                    duration_min: 30 + rng.below(60) as u32,
                    services: vec![Service::HealthMonitoring, Service::Companionship],
                    vitals: vitals(&mut rng),
                    notes: String::new(),
                })
                .expect("visit");
            n_visits += 1;
        }

        if d > 0 && d % 365 == 0 {
            eprintln!(
                "  big club: year {} built ({:.0?} so far)",
                d / 365,
                started.elapsed()
            );
        }
    }
    eprintln!(
        "  big club: {days} days, {loans_made} loans, {n_repay} repayments, {n_visits} visits, built in {:.1?}",
        started.elapsed()
    );
}

fn open_big_club() -> BigClub {
    let as_of = date(2026, 11, 29);
    let (dir, path) = if quick_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("small-club.sqlite");
        build_club(&path, 45);
        (Some(dir), path)
    } else {
        let path = cache_path();
        if !path.exists() {
            std::fs::create_dir_all(path.parent().expect("cache dir")).expect("mkdir");
            let building = path.with_extension("building");
            remove_db(&building);
            eprintln!(
                "  big club: building {} (cached for later runs)",
                path.display()
            );
            build_club(&building, FULL_DAYS);
            std::fs::rename(&building, &path).expect("rename cache");
        }
        (None, path)
    };
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(at(as_of, 9, 0)));
    let store = Store::open(&path, "bench-phone", clock).expect("open big club");
    let club = store.the_club().expect("club").id;
    let conn = store.connection();
    let saver: String = conn
        .query_row(
            "SELECT member_id FROM journal WHERE ledger = 'savings'
             GROUP BY member_id ORDER BY count(*) DESC, member_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("saver");
    let loans = store.loans(&club, as_of, false).expect("loans");
    let loan = loans
        .iter()
        .filter(|l| l.status == LoanStatus::Active)
        .max_by_key(|l| (l.repayments.len(), l.loan.id.clone()))
        .map(|l| l.loan.id.clone())
        .expect("an active loan");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("count") };
    let size: Option<i64> = conn
        .query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |r| r.get(0),
        )
        .optional()
        .expect("size");
    eprintln!(
        "  big club: {} members, {} journal entries ({} savings, {} loan repayments), {} loans ({} active on {as_of}), {} visits, {} change-log rows, {:.1} MB",
        count("SELECT count(*) FROM members"),
        count("SELECT count(*) FROM journal"),
        count("SELECT count(*) FROM journal WHERE ledger = 'savings'"),
        count("SELECT count(*) FROM journal WHERE kind = 'loan_repayment'"),
        count("SELECT count(*) FROM loans"),
        loans.len(),
        count("SELECT count(*) FROM visits"),
        count("SELECT count(*) FROM change_log"),
        size.unwrap_or(0) as f64 / 1e6,
    );
    BigClub {
        _dir: dir,
        store,
        club,
        saver,
        loan,
        as_of,
    }
}

/// A copy of the big club (made with `Store::backup_to`, untimed) to write
/// into, with a grant large enough for any number of big loans.
fn big_copy(k: &BigClub) -> WriteFixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("club.sqlite");
    k.store.backup_to(&path).expect("backup");
    let today = k.as_of;
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(at(today, 9, 0)));
    let mut store = Store::open(&path, "bench-phone", clock).expect("open copy");
    let id = |sql: &str| -> String {
        store
            .connection()
            .query_row(sql, [], |r| r.get(0))
            .expect("id")
    };
    let volunteer =
        id("SELECT id FROM members WHERE roles LIKE '%home_care_volunteer%' ORDER BY id LIMIT 1");
    let recipient =
        id("SELECT id FROM members WHERE roles LIKE '%care_recipient%' ORDER BY id LIMIT 1");
    let chair = id("SELECT id FROM members WHERE roles LIKE '%\"chair\"%' ORDER BY id LIMIT 1");
    store.set_author(&chair);
    grant(
        &mut store,
        &k.club,
        Fund::IncomeGeneration,
        1_000_000_000_000_000,
        today,
    );
    WriteFixture {
        store,
        club: k.club.clone(),
        volunteer,
        recipient,
        borrower: k.saver.clone(),
        today,
        dir,
    }
}

fn bench_read(c: &mut Criterion) {
    let cell: OnceCell<BigClub> = OnceCell::new();
    let big = || cell.get_or_init(open_big_club);

    // The two actions again, on a copy of the big club (a 96 MB file rather
    // than a near-empty one).
    let mut g = c.benchmark_group("write_big_club");
    g.bench_function("store_repay_loan", |b| {
        let k = big();
        let mut loan = String::new();
        bench_bounded(b, || big_copy(k), |f, n| repay_step(f, n, &mut loan))
    });
    g.bench_function("store_log_visit", |b| {
        let k = big();
        bench_bounded(
            b,
            || big_copy(k),
            |f, _| {
                let visit = f.visit();
                timed(|| f.store.log_visit(visit).expect("visit"))
            },
        )
    });
    g.finish();

    let mut g = c.benchmark_group("read");
    g.bench_function("savings_balance", |b| {
        let k = big();
        b.iter(|| black_box(k.store.savings_balance(&k.saver).expect("balance")))
    });
    g.bench_function("loan_outstanding", |b| {
        let k = big();
        b.iter(|| {
            black_box(
                k.store
                    .loan(&k.loan, k.as_of)
                    .expect("loan")
                    .position
                    .principal_outstanding,
            )
        })
    });
    g.bench_function("loan_position_pure", |b| {
        let k = big();
        let view = k.store.loan(&k.loan, k.as_of).expect("loan");
        let terms = LoanTerms {
            principal: view.loan.principal,
            disbursed_on: view.loan.disbursed_on,
            term_months: view.loan.term_months,
            monthly_rate_bp: view.loan.monthly_rate_bp,
            method: view.loan.method,
        };
        let live = live_repayments(k.store.connection(), &k.loan);
        b.iter(|| black_box(loan::position(&terms, &live, k.as_of).principal_outstanding))
    });
    g.sample_size(20);
    g.bench_function("list_members", |b| {
        let k = big();
        b.iter(|| {
            black_box(
                k.store
                    .list_members(&k.club, None, false, k.as_of)
                    .expect("list"),
            )
        })
    });
    g.bench_function("loans_active", |b| {
        let k = big();
        b.iter(|| black_box(k.store.loans(&k.club, k.as_of, false).expect("loans")))
    });
    g.sample_size(100);
    g.bench_function("savings_by_member_sql", |b| {
        let k = big();
        let conn = k.store.connection();
        b.iter(|| {
            let rows: Vec<(String, i64)> = conn
                .prepare_cached(
                    "SELECT coalesce(m.merged_into, m.id), sum(j.amount) FROM journal j JOIN members m ON m.id = j.member_id
                     WHERE j.club_id = ?1 AND j.ledger = 'savings' GROUP BY 1",
                )
                .expect("prepare")
                .query_map([&k.club], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("rows");
            black_box(rows)
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_write,
    bench_repay_pieces,
    bench_visit_pieces,
    bench_read
);
criterion_main!(benches);
