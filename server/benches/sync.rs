//! Sync benchmarks: bytes on the wire, a new phone's first sync of a big
//! club, and how fast the server applies pushed operations. Loopback only
//! (127.0.0.1), in-process server (`ishc_server::spawn`). Not run in CI; run
//! with
//!
//! ```text
//! cargo bench -p ishc-server --bench sync
//! ```
//!
//! A plain `harness = false` program that prints its figures (median and
//! range of `ISHC_BENCH_RUNS` runs, default 5). Results and their reading
//! are in `docs/PERFORMANCE.md`, section "Sync". Without `--bench` (`cargo
//! test --benches`, `--all-targets`) it runs once on a 45-day club in a
//! tempdir, so a test run stays quick.
//!
//! # Figures
//!
//! 1. **Wire bytes per visit.** 100 `VisitLogged` operations made by a real
//!    `Store` (five readings, a Vietnamese note, three services), as one
//!    `PushRequest`, serialised and gzip-compressed exactly as
//!    `SyncClient` does; bytes ÷ 100. Compared with the same visits as ODK
//!    Collect XML submissions (`odk_xml`; a sample is in
//!    `docs/wire-samples/home_visit.xml`), one uncompressed submission per
//!    visit: the XML alone, and with the multipart envelope ODK sends it in.
//!    HTTP request headers are counted in neither.
//! 2. **First sync of a 10-year club.** The club is built once like the
//!    store bench's big club (same generator, same seed; 70 members, 3,652
//!    days) by a phone enrolled with an in-process server, pushing every
//!    500 operations straight into `Storage::push` and pulling back, so
//!    `base_seq` grows as in the field. The server file is cached as
//!    `target/<profile>/ishc-bench-cache/sync-club-*.sqlite` (delete it to
//!    rebuild). Each run copies it once per process, then a fresh file-backed
//!    phone store does `enrol` + `SyncClient::sync` with `SyncConfig`
//!    defaults through the real HTTP server. A second loop does the same
//!    pull by hand to split the time: HTTP (request to last byte, gzip as
//!    sent), gunzip, JSON decoding, and `Store::apply_pulled`; and the
//!    server's `Storage::pull` alone, in-process.
//! 3. **Server apply throughput.** One year of the same club's history
//!    (about 8,000 operations, made by a phone enrolled in a server
//!    template) pushed in batches of 500 into a fresh copy of the template:
//!    through `Storage::push` in-process, on a template with no other club
//!    and on one that also holds the 10-year club; through HTTP
//!    (gzip bodies, prepared before the clock starts); a raw SQLite loop
//!    inserting the same rows (canonical JSON, hash) into a table shaped
//!    like `server_ops`, 500 per transaction, same pragmas; and the pieces
//!    of a push: CPU only (parse, canonical JSON, SHA-256) and
//!    `replica::apply` alone in savepoints without the server's log.

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use flate2::write::GzEncoder;
use flate2::Compression;
use ishc_core::clock::{Clock, FixedClock, SystemClock};
use ishc_core::loan::{self, LoanTerms};
use ishc_core::model::{
    vietnam_offset, Birth, Fund, HouseholdStatus, Instant, InterestMethod, Membership, Role,
    Service, Sex, Vitals,
};
use ishc_core::ops::{Change, EntryKind};
use ishc_core::store::{NewFundEntry, NewLoan, NewMember, NewVisit, Store};
use ishc_core::sync::client::{enrol, SyncClient, SyncConfig};
use ishc_core::sync::replica;
use ishc_core::sync::wire::{
    PullResponse, PushRequest, PushResponse, WireOp, MAX_PUSH_OPS, PROTOCOL_HEADER,
    PROTOCOL_VERSION,
};
use ishc_server::sqlite::SqliteStorage;
use ishc_server::storage::{Device, NewClub, PushContext, Storage};
use ishc_server::Config;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant as StdInstant};

/// Commune code of Xã Xuân Lộc (Hà Tĩnh) in the 2025 units, as the store bench.
const COMMUNE: u32 = 18481;
/// Bump when the generator changes, so a stale cache is not reused.
const GENERATOR_VERSION: u32 = 1;
/// Ten years of days.
const FULL_DAYS: i64 = 3652;
/// One year: the history pushed in figure 3.
const YEAR_DAYS: i64 = 365;
const MEMBERS: usize = 70;
const LOANS_IN_TEN_YEARS: i64 = 700;
/// The pull cursor of a phone in a 10-year club, stamped on the figure-1
/// operations (a new store's would be 0).
const BIG_BASE_SEQ: i64 = 79_915;

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

/// `cargo test --benches` or `--list`: keep everything small.
fn quick_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let has = |f: &str| args.iter().any(|a| a == f);
    !has("--bench") || has("--test") || has("--list")
}

fn runs() -> usize {
    if quick_mode() {
        return 1;
    }
    std::env::var("ISHC_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n >= 1)
        .unwrap_or(5)
}

/// A tiny deterministic generator (splitmix64), the store bench's.
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

const FAMILIES: [&str; 10] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
];
const MIDDLES: [&str; 7] = ["Thị", "Văn", "Đức", "Thị Thu", "Minh", "Ngọc", "Hữu"];
const GIVEN: [&str; 22] = [
    "An", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Hải", "Hằng", "Hoa", "Hùng", "Lan", "Linh",
    "Mai", "Nam", "Nga", "Phúc", "Quang", "Sơn", "Thảo", "Tuấn", "Yến",
];

/// Visit notes as volunteers type them.
const NOTES: [&str; 12] = [
    "Bà khỏe, đã nhắc uống thuốc huyết áp.",
    "Ông hơi mệt, ăn ít. Hẹn tuần sau đo lại đường huyết.",
    "Giúp bà dọn nhà, giặt đồ. Bà vui, nói chuyện nhiều.",
    "Huyết áp cao hơn lần trước, đã báo con gái đưa đi trạm y tế xã.",
    "Ông đau khớp gối, đi lại khó. Đã hướng dẫn tập nhẹ buổi sáng.",
    "Bà ngủ kém, hay quên uống thuốc. Nhờ hàng xóm nhắc giúp.",
    "Cùng ông đi khám ở trạm y tế, đã lấy thuốc tháng này.",
    "Bà ở một mình, cần hỗ trợ làm thủ tục trợ cấp xã hội.",
    "Ông khỏe hơn, tự đi bộ ra chợ được.",
    "Nấu cháo, lau nhà. Bà than đau lưng, đã xoa dầu.",
    "Đo đường huyết sau ăn, kết quả ổn. Nhắc hạn chế đồ ngọt.",
    "Bà buồn vì con đi làm xa, trò chuyện động viên gần một giờ.",
];

/// The `i`-th person: members 0–9 are home-care volunteers (0 is also the
/// chair, 1 the treasurer), 10–29 care recipients; everyone is a full member.
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
    if i == 1 {
        roles.push(Role::Treasurer);
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

// ----------------------------------------------------------------------------
// Statistics and printing
// ----------------------------------------------------------------------------

/// Median, min and max of `xs` (not empty).
fn stats(xs: &[f64]) -> (f64, f64, f64) {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    (median, v[0], v[n - 1])
}

fn report(name: &str, unit: &str, xs: &[f64]) {
    let (m, lo, hi) = stats(xs);
    let all: Vec<String> = xs.iter().map(|x| format!("{x:.3}")).collect();
    println!(
        "{name:<58} median {m:>12.3} {unit:<6} range {lo:.3}–{hi:.3} (n={}: {})",
        xs.len(),
        all.join(", ")
    );
}

fn secs(d: StdDuration) -> f64 {
    d.as_secs_f64()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip")
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ----------------------------------------------------------------------------
// Servers, phones and the club's history
// ----------------------------------------------------------------------------

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Copies a closed SQLite file (no `-wal` beside it) to `to`.
fn copy_db(from: &Path, to: &Path) {
    remove_db(to);
    let mut wal = from.as_os_str().to_owned();
    wal.push("-wal");
    assert!(
        !PathBuf::from(wal).exists(),
        "{} has a WAL beside it",
        from.display()
    );
    std::fs::copy(from, to).expect("copy db");
}

/// An enrolled phone on a server storage, in-process.
struct Phone {
    store: Store,
    clock: Arc<FixedClock>,
    device: Device,
    token: String,
}

/// Creates a club founded on `start` in `storage`, enrols a phone in it
/// (its store a file at `store_path`, on a fixed clock at `start`) and
/// pulls the club's creation.
fn enrol_phone(storage: &dyn Storage, store_path: &Path, start: NaiveDate) -> Phone {
    let club = storage
        .create_club(NewClub {
            name: "CLB Liên thế hệ tự giúp nhau Xuân Lộc".into(),
            commune_code: COMMUNE,
            founded_on: start,
            activity_areas: None,
        })
        .expect("club");
    let code = storage.issue_code(&club.id, 72).expect("code").code;
    let e = storage
        .enrol(&code, "Điện thoại chị Lan (thủ quỹ)")
        .expect("enrol");
    let clock = Arc::new(FixedClock::new(at(start, 7, 0)));
    let dyn_clock: Arc<dyn Clock> = clock.clone();
    remove_db(store_path);
    let mut store = Store::open(store_path, "unenrolled", dyn_clock).expect("store");
    store
        .bind_enrolment(&e.device_id, &e.token, "http://127.0.0.1:9")
        .expect("bind");
    let device = Device {
        id: e.device_id,
        club_id: club.id,
    };
    let page = storage.pull(&device, 0, 1000).expect("pull");
    store.apply_pulled(&page).expect("apply club");
    Phone {
        store,
        clock,
        device,
        token: e.token,
    }
}

fn to_values(ops: &[WireOp]) -> Vec<serde_json::Value> {
    ops.iter()
        .map(|o| serde_json::to_value(o).expect("value"))
        .collect()
}

/// Pushes everything the phone has pending straight into `storage`, 500 at a
/// time, then pulls to the end (its own operations come back with their
/// `seq`), as `SyncClient::sync` does over HTTP.
fn sync_in_process(storage: &dyn Storage, phone: &mut Phone) {
    loop {
        let ops = phone.store.pending_ops(MAX_PUSH_OPS).expect("pending");
        if ops.is_empty() {
            break;
        }
        let r = storage
            .push(&phone.device, to_values(&ops), &PushContext::default())
            .expect("push");
        let (_, rejected) = phone.store.record_push_results(&r.results).expect("record");
        assert_eq!(
            rejected,
            0,
            "{:?}",
            r.results
                .iter()
                .find(|r| matches!(r.outcome, ishc_core::sync::wire::OpOutcome::Rejected { .. }))
        );
    }
    loop {
        let page = storage
            .pull(&phone.device, phone.store.pull_cursor(), 1000)
            .expect("pull");
        phone.store.apply_pulled(&page).expect("apply");
        if !page.more {
            break;
        }
    }
}

/// The store bench's big-club generator, over `days` days ending the day
/// before 2026-11-29, one Store action per event, with real authors (money
/// by the treasurer, each visit by its volunteer, registrations by the
/// setup account). `every_day` runs after each day (the build syncs there).
fn build_history(phone: &mut Phone, days: i64, mut every_day: impl FnMut(&mut Phone)) {
    let started = StdInstant::now();
    let end = date(2026, 11, 29);
    let start = end - Duration::days(days);
    let club = phone.device.club_id.clone();
    let clock = phone.clock.clone();
    clock.set(at(start, 7, 0));
    let tick = || clock.advance(Duration::seconds(7));
    let mut rng = Rng(20261129);

    phone.store.set_author("admin:setup");
    let members: Vec<String> = phone
        .store
        .register_members(&club, (0..MEMBERS).map(|i| new_member(i, start)).collect())
        .expect("members")
        .into_iter()
        .map(|r| r.member.id)
        .collect();
    let treasurer = members[1].clone();
    let store = &mut phone.store;
    store.set_author(&treasurer);
    let grant = |store: &mut Store, fund, amount| {
        store
            .record_fund_entry(
                &club,
                NewFundEntry {
                    fund,
                    kind: EntryKind::Grant,
                    amount,
                    entry_on: start,
                    memo: "Tài trợ".into(),
                    member_id: None,
                },
            )
            .expect("grant");
    };
    grant(store, Fund::IncomeGeneration, 1_500_000_000);
    grant(store, Fund::Activity, 50_000_000);

    let mut savings = vec![0i64; MEMBERS];
    let mut pending: std::collections::BTreeMap<NaiveDate, Vec<(String, i64)>> =
        std::collections::BTreeMap::new();
    let mut loans_made = 0i64;
    let loans_target = (LOANS_IN_TEN_YEARS * days / FULL_DAYS).max(2);

    for d in 0..days {
        let today = start + Duration::days(d);
        clock.set(at(today, 7, 0));
        let store = &mut phone.store;
        store.set_author(&treasurer);

        while let Some(entry) = pending.first_entry() {
            if *entry.key() > today {
                break;
            }
            for (loan_id, amount) in entry.remove() {
                tick();
                store.repay_loan(&loan_id, amount, today).expect("repay");
            }
        }

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
                    store,
                    Fund::Activity,
                    EntryKind::MembershipFee,
                    20_000,
                    Some(m),
                );
            }
            for _ in 0..2 {
                fund(
                    store,
                    Fund::Activity,
                    EntryKind::Contribution,
                    1_000_000,
                    None,
                );
                fund(store, Fund::Activity, EntryKind::Expense, 1_000_000, None);
            }
            fund(
                store,
                Fund::IncomeGeneration,
                EntryKind::InterestIncome,
                150_000,
                None,
            );
            if today.month() == 1 {
                fund(
                    store,
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
            let volunteer = &members[slot % 10];
            store.set_author(volunteer);
            tick();
            store
                .log_visit(NewVisit {
                    volunteer_id: volunteer.clone(),
                    recipient_id: members[10 + (slot * 3 + k) % 20].clone(),
                    started_at: at(today, 7 + k as u32, (k as u32 * 7) % 60),
                    duration_min: 30 + rng.below(60) as u32,
                    services: vec![Service::HealthMonitoring, Service::Companionship],
                    vitals: vitals(&mut rng),
                    notes: String::new(),
                })
                .expect("visit");
        }

        every_day(phone);
        if d > 0 && d % 365 == 0 {
            eprintln!(
                "  history: year {} built ({:.0?} so far)",
                d / 365,
                started.elapsed()
            );
        }
    }
    eprintln!("  history: {days} days built in {:.1?}", started.elapsed());
}

fn cache_dir() -> PathBuf {
    // target/<profile>/deps/sync-<hash> -> target/<profile>/ishc-bench-cache/
    let exe = std::env::current_exe().expect("current exe");
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir)
        .join("ishc-bench-cache")
}

/// The server file holding the big club (built and cached on first use;
/// in quick mode a 45-day club in `scratch`).
fn big_server_db(scratch: &Path) -> PathBuf {
    let (path, days) = if quick_mode() {
        (scratch.join("small-club-server.sqlite"), 45)
    } else {
        (
            cache_dir().join(format!(
                "sync-club-g{GENERATOR_VERSION}-c{}-s{}.sqlite",
                ishc_core::schema::VERSION,
                ishc_server::sqlite::server_schema_version()
            )),
            FULL_DAYS,
        )
    };
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(path.parent().expect("cache dir")).expect("mkdir");
    let building = path.with_extension("building");
    remove_db(&building);
    eprintln!("  big club: building {}", path.display());
    let started = StdInstant::now();
    {
        let storage = SqliteStorage::open(&building).expect("server db");
        let start = date(2026, 11, 29) - Duration::days(days);
        let mut phone = enrol_phone(&storage, &scratch.join("builder-phone.sqlite"), start);
        let mut since = 0usize;
        build_history(&mut phone, days, |phone| {
            since += 1;
            // A sync about every ten days, or sooner when 500 are waiting.
            if since >= 10 || phone.store.pending_count().expect("count") >= 500 {
                sync_in_process(&storage, phone);
                since = 0;
            }
        });
        sync_in_process(&storage, &mut phone);
        let last = storage.list_clubs().expect("clubs")[0].last_seq;
        eprintln!(
            "  big club: {last} operations on the server, built in {:.1?}",
            started.elapsed()
        );
    }
    std::fs::rename(&building, &path).expect("rename cache");
    path
}

// ----------------------------------------------------------------------------
// Figure 1: bytes on the wire per visit
// ----------------------------------------------------------------------------

/// A version-4 UUID as ODK Collect makes them (`java.util.UUID.randomUUID`),
/// from a deterministic seed.
fn v4(seed: u64) -> uuid::Uuid {
    let mut rng = Rng(seed ^ 0x0DC0_11EC);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&rng.next().to_le_bytes());
    bytes[8..].copy_from_slice(&rng.next().to_le_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The visit of `op` as ODK Collect would submit it from an XLSForm
/// `home_visit` form: one line, UTF-8, the usual `start`/`end`/`deviceid`
/// metadata, the form's fields, `meta/instanceID`. Only what the operation
/// itself carries (no calculated fields, no `instanceName`).
fn odk_xml(op: &WireOp, n: usize) -> String {
    let Change::VisitLogged(v) = &op.change else {
        panic!("not a visit");
    };
    let started: chrono::DateTime<chrono::FixedOffset> =
        chrono::DateTime::parse_from_rfc3339(&v.started_at).expect("start");
    let form_start = started + Duration::seconds(37 + (n as i64 % 50));
    let form_end = form_start + Duration::minutes(i64::from(v.duration_min));
    let ts = |t: chrono::DateTime<chrono::FixedOffset>| t.format("%Y-%m-%dT%H:%M:%S%.3f%:z");
    let services: Vec<String> = v
        .services
        .iter()
        .map(|s| {
            serde_json::to_value(s)
                .expect("service")
                .as_str()
                .expect("str")
                .to_string()
        })
        .collect();
    let opt = |x: Option<String>| x.unwrap_or_default();
    format!(
        "<?xml version='1.0' ?><data xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:orx=\"http://openrosa.org/xforms\" id=\"home_visit\" version=\"2026110501\">\
<start>{start}</start><end>{end}</end><deviceid>collect:Xk3fP9qLm2VtR8aZ</deviceid>\
<club_id>{club}</club_id><volunteer_id>{vol}</volunteer_id><recipient_id>{rec}</recipient_id>\
<visit_date>{date}</visit_date><visit_start>{vstart}</visit_start><duration_min>{dur}</duration_min>\
<services>{services}</services>\
<vitals><systolic>{sys}</systolic><diastolic>{dia}</diastolic><pulse>{pulse}</pulse><glucose_mmol_l>{glu}</glucose_mmol_l><weight_kg>{w}</weight_kg></vitals>\
<notes>{notes}</notes>\
<meta><instanceID>uuid:{id}</instanceID></meta></data>",
        start = ts(form_start),
        end = ts(form_end),
        club = v.club_id,
        vol = v.volunteer_id,
        rec = v.recipient_id,
        date = v.visit_on,
        vstart = ts(started),
        dur = v.duration_min,
        services = services.join(" "),
        sys = opt(v.vitals.systolic.map(|x| x.to_string())),
        dia = opt(v.vitals.diastolic.map(|x| x.to_string())),
        pulse = opt(v.vitals.pulse.map(|x| x.to_string())),
        glu = opt(v.vitals.glucose_mmol_l.map(|x| x.to_string())),
        w = opt(v.vitals.weight_kg.map(|x| x.to_string())),
        notes = xml_escape(&v.notes),
        id = v4(n as u64),
    )
}

/// The multipart/form-data body ODK Collect posts to `/submission` around
/// one instance (OkHttp's layout: a UUID boundary, part headers with the
/// part's length).
fn odk_multipart(xml: &str, visit_on: NaiveDate, n: usize) -> Vec<u8> {
    let boundary = v4(1000 + n as u64);
    let mut body = Vec::new();
    write!(
        body,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; filename=\"home_visit_{visit_on}_08-30-37.xml\"\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n",
        xml.len()
    )
    .expect("write");
    body.extend_from_slice(xml.as_bytes());
    write!(body, "\r\n--{boundary}--\r\n").expect("write");
    body
}

/// 100 visits logged by volunteers of a real store, as pushed.
fn hundred_visits() -> Vec<WireOp> {
    let storage = SqliteStorage::open_in_memory(Arc::new(SystemClock)).expect("server");
    let dir = tempfile::tempdir().expect("tempdir");
    let founded = date(2016, 11, 29);
    let start = date(2026, 11, 16);
    let mut phone = enrol_phone(&storage, &dir.path().join("phone.sqlite"), founded);
    let club = phone.device.club_id.clone();
    phone.store.set_author("admin:setup");
    let members: Vec<String> = phone
        .store
        .register_members(&club, (0..30).map(|i| new_member(i, founded)).collect())
        .expect("members")
        .into_iter()
        .map(|r| r.member.id)
        .collect();
    let mut rng = Rng(100);
    let all_services = [
        Service::HealthMonitoring,
        Service::Companionship,
        Service::Housework,
        Service::PersonalCare,
        Service::ClinicOrReferral,
    ];
    for k in 0..100usize {
        let today = start + Duration::days(k as i64 / 8);
        let volunteer = &members[k % 10];
        phone.clock.set(at(today, 17, (k % 8) as u32 * 5));
        phone.store.set_author(volunteer);
        let first = rng.below(3) as usize;
        phone
            .store
            .log_visit(NewVisit {
                volunteer_id: volunteer.clone(),
                recipient_id: members[10 + (k * 3) % 20].clone(),
                started_at: at(today, 7 + (k % 8) as u32, (k as u32 * 7) % 60),
                duration_min: 30 + rng.below(60) as u32,
                services: all_services[first..first + 3].to_vec(),
                vitals: vitals(&mut rng),
                notes: NOTES[k % NOTES.len()].to_string(),
            })
            .expect("visit");
    }
    let visits: Vec<WireOp> = phone
        .store
        .pending_ops(1000)
        .expect("pending")
        .into_iter()
        .filter(|o| o.entity == "visit")
        .map(|mut o| {
            // Store ids are UUIDv7 from the system clock, so here they all
            // fall in the same millisecond; in the field 100 visits span
            // about 12 days. Re-stamp the operation and visit ids at the
            // time each visit was recorded, so gzip gets no unfair help.
            let t = chrono::DateTime::parse_from_rfc3339(&o.recorded_at).expect("recorded_at");
            let v7 = || {
                uuid::Uuid::new_v7(uuid::Timestamp::from_unix(
                    uuid::NoContext,
                    t.timestamp() as u64,
                    t.timestamp_subsec_nanos(),
                ))
                .to_string()
            };
            o.op_id = v7();
            if let Change::VisitLogged(v) = &mut o.change {
                v.id = v7();
                o.entity_id = v.id.clone();
            }
            o.base_seq = BIG_BASE_SEQ;
            o
        })
        .collect();
    assert_eq!(visits.len(), 100);
    visits
}

fn figure_wire_bytes() {
    println!("\n## 1. Bytes on the wire per visit (batch of 100 VisitLogged)");
    let visits = hundred_visits();
    let json = serde_json::to_vec(&PushRequest {
        ops: visits.clone(),
    })
    .expect("json");
    let gz = gzip(&json);
    let one_json = serde_json::to_vec(&PushRequest {
        ops: vec![visits[0].clone()],
    })
    .expect("json");
    let one_gz = gzip(&one_json);
    let mut xml_total = 0usize;
    let mut multipart_total = 0usize;
    let mut sample = String::new();
    for (n, op) in visits.iter().enumerate() {
        let xml = odk_xml(op, n);
        let Change::VisitLogged(v) = &op.change else {
            unreachable!()
        };
        xml_total += xml.len();
        multipart_total += odk_multipart(&xml, v.visit_on, n).len();
        if n == 0 {
            sample = xml;
        }
    }
    let ours = gz.len() as f64 / 100.0;
    let xml_each = xml_total as f64 / 100.0;
    let mp_each = multipart_total as f64 / 100.0;
    println!(
        "PushRequest JSON, 100 visits: {} B uncompressed ({:.1} B/visit), {} B gzip",
        json.len(),
        json.len() as f64 / 100.0,
        gz.len()
    );
    println!("ours, gzip, per visit in a batch of 100: {ours:.1} B");
    println!(
        "ours, one visit alone (batch of 1): {} B JSON, {} B gzip",
        one_json.len(),
        one_gz.len()
    );
    println!("ODK XML body per visit (mean of 100): {xml_each:.1} B");
    println!("ODK multipart body per visit (mean of 100): {mp_each:.1} B");
    println!(
        "ratio ours / ODK XML: {:.3} (1/{:.1}); ours / ODK multipart: {:.3} (1/{:.1}); target ≤ 0.25",
        ours / xml_each,
        xml_each / ours,
        ours / mp_each,
        mp_each / ours
    );
    // The ids differ on every build of the visits; so does the gzip size.
    let mut per_visit = vec![ours];
    for _ in 1..runs() {
        let visits = hundred_visits();
        let json = serde_json::to_vec(&PushRequest { ops: visits }).expect("json");
        per_visit.push(gzip(&json).len() as f64 / 100.0);
    }
    report(
        "ours, gzip B per visit, 100 visits made anew each run",
        "B",
        &per_visit,
    );
    let (m, lo, hi) = stats(&per_visit);
    println!(
        "ratio (median, range) ours / ODK XML: {:.3} ({:.3}–{:.3})",
        m / xml_each,
        lo / xml_each,
        hi / xml_each
    );
    if let Ok(dir) = std::env::var("ISHC_BENCH_WRITE_SAMPLES") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("samples dir");
        std::fs::write(dir.join("home_visit.xml"), format!("{sample}\n")).expect("write xml");
        let op = serde_json::to_string(&PushRequest {
            ops: vec![visits[0].clone()],
        })
        .expect("json");
        std::fs::write(dir.join("push-one-visit.json"), format!("{op}\n")).expect("write json");
        eprintln!("  samples written to {}", dir.display());
    }
}

// ----------------------------------------------------------------------------
// Figure 2: a new phone's first sync of the big club
// ----------------------------------------------------------------------------

/// The running server of figure 2 and its club.
struct FirstSync<'a> {
    rt: &'a tokio::runtime::Runtime,
    scratch: &'a Path,
    url: String,
    storage: Arc<dyn Storage>,
    club: String,
    last_seq: i64,
}

/// One pull by hand, timed piece by piece (seconds, bytes).
#[derive(Default)]
struct SplitRun {
    total: f64,
    http: f64,
    gunzip: f64,
    decode: f64,
    apply: f64,
    server: f64,
    wire_bytes: usize,
    json_bytes: usize,
    pages: usize,
}

impl FirstSync<'_> {
    fn new_phone(&self, r: usize, what: &str) -> (Arc<Mutex<Store>>, PathBuf) {
        let path = self.scratch.join(format!("new-phone-{what}-{r}.sqlite"));
        remove_db(&path);
        let store = Store::open(&path, "unenrolled", Arc::new(SystemClock)).expect("store");
        (Arc::new(Mutex::new(store)), path)
    }

    /// `enrol` + `SyncClient::sync` on a new file store: (total, enrol, sync)
    /// seconds and the phone file's size.
    fn client_run(&self, r: usize) -> (f64, f64, f64, u64) {
        let code = self.storage.issue_code(&self.club, 1).expect("code").code;
        let (store, path) = self.new_phone(r, "client");
        let t0 = StdInstant::now();
        let (t_enrol, rep) = self.rt.block_on(async {
            enrol(&store, &self.url, &code, "Máy mới")
                .await
                .expect("enrol");
            let t_enrol = t0.elapsed();
            let client = SyncClient::new(store.clone(), SyncConfig::default()).expect("client");
            let rep = client.sync().await.expect("sync");
            (t_enrol, rep)
        });
        let t = t0.elapsed();
        assert_eq!(rep.cursor, self.last_seq);
        assert_eq!(rep.received as i64, self.last_seq);
        drop(store);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        remove_db(&path);
        (secs(t), secs(t_enrol), secs(t - t_enrol), size)
    }

    /// The same pull by hand, pages of 500 as the client asks, to split the
    /// time; then the server's `Storage::pull` of the same pages alone.
    fn split_run(&self, r: usize, raw_http: &reqwest::Client) -> SplitRun {
        let code = self.storage.issue_code(&self.club, 1).expect("code").code;
        let (store, path) = self.new_phone(r, "split");
        let e = self
            .rt
            .block_on(enrol(&store, &self.url, &code, "Máy mới"))
            .expect("enrol");
        let mut st = store.lock().expect("store");
        let mut out = SplitRun::default();
        let t_all = StdInstant::now();
        loop {
            let after = st.pull_cursor();
            let t = StdInstant::now();
            let (body, gzipped) = self.rt.block_on(async {
                let resp = raw_http
                    .get(format!("{}/v1/pull", self.url))
                    .query(&[("after", after.to_string()), ("limit", "500".to_string())])
                    .bearer_auth(&e.token)
                    .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
                    .header(reqwest::header::ACCEPT_ENCODING, "gzip")
                    .send()
                    .await
                    .expect("pull");
                assert!(resp.status().is_success());
                let gzipped = resp
                    .headers()
                    .get(reqwest::header::CONTENT_ENCODING)
                    .is_some_and(|v| v == "gzip");
                (resp.bytes().await.expect("body"), gzipped)
            });
            out.http += secs(t.elapsed());
            out.wire_bytes += body.len();
            let t = StdInstant::now();
            let json = if gzipped {
                let mut json = Vec::with_capacity(body.len() * 8);
                flate2::read::GzDecoder::new(&body[..])
                    .read_to_end(&mut json)
                    .expect("gunzip");
                json
            } else {
                body.to_vec()
            };
            out.gunzip += secs(t.elapsed());
            out.json_bytes += json.len();
            let t = StdInstant::now();
            let page: PullResponse = serde_json::from_slice(&json).expect("page");
            out.decode += secs(t.elapsed());
            let t = StdInstant::now();
            st.apply_pulled(&page).expect("apply");
            out.apply += secs(t.elapsed());
            out.pages += 1;
            if !page.more {
                break;
            }
        }
        out.total = secs(t_all.elapsed());
        assert_eq!(st.pull_cursor(), self.last_seq);
        drop(st);
        drop(store);
        remove_db(&path);
        let device = Device {
            id: e.device_id,
            club_id: e.club.id,
        };
        let t = StdInstant::now();
        let mut after = 0;
        loop {
            let page = self.storage.pull(&device, after, 500).expect("pull");
            after = page.next_after;
            if !page.more {
                break;
            }
        }
        out.server = secs(t.elapsed());
        out
    }
}

fn figure_first_sync(rt: &tokio::runtime::Runtime, scratch: &Path, big: &Path) {
    println!("\n## 2. First sync of a 10-year club onto a new phone (loopback HTTP)");
    let db = scratch.join("province-first-sync.sqlite");
    copy_db(big, &db);
    let (addr, handle) = rt
        .block_on(ishc_server::spawn(Config::new(&db)))
        .expect("server");
    let storage = handle.storage().clone();
    let info = storage.list_clubs().expect("clubs").remove(0);
    let f = FirstSync {
        rt,
        scratch,
        url: format!("http://{addr}"),
        storage,
        club: info.club.id,
        last_seq: info.last_seq,
    };
    println!("server: club with {} operations", f.last_seq);
    let raw_http = reqwest::Client::builder()
        .gzip(false)
        .build()
        .expect("client");
    // The two loops alternate, so that load from elsewhere falls on both.
    let (mut total, mut enrol_s, mut sync_s, mut size) = (vec![], vec![], vec![], 0);
    let mut splits = vec![];
    for r in 0..runs() {
        let (t, e, s, z) = f.client_run(r);
        eprintln!("  run {r}: enrol + sync {t:.2} s");
        total.push(t);
        enrol_s.push(e);
        sync_s.push(s);
        size = z;
        splits.push(f.split_run(r, &raw_http));
    }
    report("enrol + full pull (SyncClient defaults)", "s", &total);
    report("  of which enrol", "s", &enrol_s);
    report("  of which sync (pull, 500 a page)", "s", &sync_s);
    println!("phone file after the sync: {:.1} MB", size as f64 / 1e6);
    let col = |g: fn(&SplitRun) -> f64| splits.iter().map(g).collect::<Vec<f64>>();
    let last = splits.last().expect("a run");
    println!("split (pull by hand, {} pages of 500):", last.pages);
    report("  total", "s", &col(|s| s.total));
    report(
        "  HTTP: request to last byte (gzip body)",
        "s",
        &col(|s| s.http),
    );
    report(
        "    server Storage::pull alone, in-process",
        "s",
        &col(|s| s.server),
    );
    report("  gunzip on the phone", "s", &col(|s| s.gunzip));
    report("  JSON decoding (PullResponse)", "s", &col(|s| s.decode));
    report("  Store::apply_pulled", "s", &col(|s| s.apply));
    println!(
        "downloaded: {:.2} MB gzip, {:.2} MB JSON ({:.0} B/op on the wire, {:.0} B/op as JSON)",
        last.wire_bytes as f64 / 1e6,
        last.json_bytes as f64 / 1e6,
        last.wire_bytes as f64 / f.last_seq as f64,
        last.json_bytes as f64 / f.last_seq as f64
    );
    drop(f);
    rt.block_on(handle.shutdown()).expect("shutdown");
}

// ----------------------------------------------------------------------------
// Figure 3: server apply throughput
// ----------------------------------------------------------------------------

/// A server file with one club and an enrolled device, and a year of that
/// club's operations (not yet pushed) in batches of 500.
struct Template {
    path: PathBuf,
    device: Device,
    token: String,
    batches: Vec<Vec<WireOp>>,
}

fn template(scratch: &Path, name: &str, base: Option<&Path>, days: i64) -> Template {
    let path = scratch.join(format!("template-{name}.sqlite"));
    match base {
        Some(b) => copy_db(b, &path),
        None => remove_db(&path),
    }
    let storage = SqliteStorage::open(&path).expect("server db");
    let start = date(2026, 11, 29) - Duration::days(days);
    let mut phone = enrol_phone(
        &storage,
        &scratch.join(format!("template-{name}-phone.sqlite")),
        start,
    );
    build_history(&mut phone, days, |_| {});
    let ops = phone.store.pending_ops(1_000_000).expect("pending");
    drop(storage);
    Template {
        path,
        device: phone.device,
        token: phone.token,
        batches: ops.chunks(MAX_PUSH_OPS).map(<[WireOp]>::to_vec).collect(),
    }
}

fn ops_count(t: &Template) -> usize {
    t.batches.iter().map(Vec::len).sum()
}

fn check_accepted(r: &PushResponse) {
    let bad = r
        .results
        .iter()
        .find(|x| !matches!(x.outcome, ishc_core::sync::wire::OpOutcome::Accepted { .. }));
    assert!(bad.is_none(), "{bad:?}");
}

/// Pushes the template's year into a fresh copy of it through
/// `Storage::push`; ops/s over the push calls only.
fn push_in_process(t: &Template, scratch: &Path) -> f64 {
    let db = scratch.join("run.sqlite");
    copy_db(&t.path, &db);
    let storage = SqliteStorage::open(&db).expect("open");
    let values: Vec<Vec<serde_json::Value>> = t.batches.iter().map(|b| to_values(b)).collect();
    let mut timed = StdDuration::ZERO;
    for batch in values {
        let start = StdInstant::now();
        let r = storage
            .push(&t.device, batch, &PushContext::default())
            .expect("push");
        timed += start.elapsed();
        check_accepted(&r);
    }
    drop(storage);
    remove_db(&db);
    ops_count(t) as f64 / secs(timed)
}

/// The same through the HTTP server (gzip bodies made beforehand).
fn push_http(t: &Template, scratch: &Path, rt: &tokio::runtime::Runtime) -> f64 {
    let db = scratch.join("run-http.sqlite");
    copy_db(&t.path, &db);
    let bodies: Vec<Vec<u8>> = t
        .batches
        .iter()
        .map(|b| gzip(&serde_json::to_vec(&PushRequest { ops: b.clone() }).expect("json")))
        .collect();
    let timed = rt.block_on(async {
        let (addr, handle) = ishc_server::spawn(Config::new(&db)).await.expect("server");
        let http = reqwest::Client::new();
        let mut timed = StdDuration::ZERO;
        for body in bodies {
            let start = StdInstant::now();
            let resp = http
                .post(format!("http://{addr}/v1/push"))
                .bearer_auth(&t.token)
                .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header(reqwest::header::CONTENT_ENCODING, "gzip")
                .body(body)
                .send()
                .await
                .expect("push");
            assert!(resp.status().is_success(), "{resp:?}");
            let r: PushResponse = resp.json().await.expect("answer");
            timed += start.elapsed();
            check_accepted(&r);
        }
        handle.shutdown().await.expect("shutdown");
        timed
    });
    remove_db(&db);
    ops_count(t) as f64 / secs(timed)
}

/// The rows the server stores for the template's operations.
fn log_rows(t: &Template) -> Vec<(i64, String, String, String)> {
    t.batches
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, op)| {
            let json = serde_json::to_string(op).expect("json");
            let hash = sha256_hex(json.as_bytes());
            (i as i64 + 2, op.op_id.clone(), hash, json)
        })
        .collect()
}

/// Raw SQLite: the same rows into a table shaped like `server_ops`, 500 a
/// transaction, the store's pragmas, a cached statement.
fn raw_insert(t: &Template, rows: &[(i64, String, String, String)], scratch: &Path) -> f64 {
    let db = scratch.join("raw.sqlite");
    remove_db(&db);
    let mut conn = Connection::open(&db).expect("open raw");
    ishc_core::schema::configure(&conn).expect("pragmas");
    conn.execute_batch(
        "CREATE TABLE ops (
            club_id      TEXT NOT NULL,
            seq          INTEGER NOT NULL CHECK (seq > 0),
            op_id        TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL,
            op_json      TEXT NOT NULL,
            device_id    TEXT NOT NULL,
            received_at  TEXT NOT NULL,
            PRIMARY KEY (club_id, seq)
        ) STRICT;",
    )
    .expect("schema");
    let received = "2026-11-29T14:00:00.000Z";
    let start = StdInstant::now();
    for chunk in rows.chunks(MAX_PUSH_OPS) {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .expect("begin");
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO ops (club_id, seq, op_id, content_hash, op_json, device_id, received_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .expect("prepare");
            for (seq, op_id, hash, json) in chunk {
                stmt.execute(params![
                    t.device.club_id,
                    seq,
                    op_id,
                    hash,
                    json,
                    t.device.id,
                    received
                ])
                .expect("insert");
            }
        }
        tx.commit().expect("commit");
    }
    let timed = start.elapsed();
    drop(conn);
    remove_db(&db);
    rows.len() as f64 / secs(timed)
}

/// The push's CPU work without the database: parse each value as a
/// `WireOp`, its canonical JSON, the SHA-256 of that JSON.
fn cpu_only(t: &Template) -> f64 {
    let values: Vec<Vec<serde_json::Value>> = t.batches.iter().map(|b| to_values(b)).collect();
    let start = StdInstant::now();
    for batch in values {
        for v in batch {
            let op: WireOp = serde_json::from_value(v).expect("op");
            let json = serde_json::to_string(&op).expect("json");
            std::hint::black_box(sha256_hex(json.as_bytes()));
        }
    }
    ops_count(t) as f64 / secs(start.elapsed())
}

/// `replica::apply` alone (validation, permission, parents, the tables),
/// each operation in a savepoint, 500 a transaction, on a copy of the
/// template: no `server_ops` row, no duplicate or sequence lookups.
fn apply_only(t: &Template, scratch: &Path) -> f64 {
    let db = scratch.join("apply.sqlite");
    copy_db(&t.path, &db);
    let mut conn = Connection::open(&db).expect("open");
    ishc_core::schema::configure(&conn).expect("pragmas");
    let mut seq = 1;
    let start = StdInstant::now();
    for batch in &t.batches {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .expect("begin");
        for op in batch {
            seq += 1;
            tx.execute_batch("SAVEPOINT push_op").expect("savepoint");
            replica::apply(&tx, op, Some(seq)).expect("apply");
            tx.execute_batch("RELEASE push_op").expect("release");
        }
        tx.commit().expect("commit");
    }
    let timed = start.elapsed();
    drop(conn);
    remove_db(&db);
    ops_count(t) as f64 / secs(timed)
}

/// Named pieces of a push, in µs per operation.
const PUSH_PIECES: [&str; 11] = [
    "parse WireOp from the JSON value",
    "canonical JSON + SHA-256 (StoredOp::new)",
    "recorded_at parse (clock-skew check)",
    "SELECT by op_id (already stored?)",
    "replica::club_of_change",
    "next_seq: MAX(seq), uncached prepare, as the server",
    "  (next_seq with a cached statement, not summed)",
    "SAVEPOINT + RELEASE via execute_batch",
    "replica::apply",
    "INSERT INTO server_ops",
    "per batch: device UPDATE + COMMIT (÷ ops)",
];

/// `Storage::push`'s work for the template's year, step by step, with the
/// server's SQL copied verbatim from `server/src/sqlite.rs` (`push`,
/// `push_one`, `next_seq`, `store_op`), on a copy of the template.
fn push_pieces(t: &Template, scratch: &Path) -> Vec<f64> {
    let db = scratch.join("pieces.sqlite");
    copy_db(&t.path, &db);
    let mut conn = Connection::open(&db).expect("open");
    ishc_core::schema::configure(&conn).expect("pragmas");
    let values: Vec<Vec<serde_json::Value>> = t.batches.iter().map(|b| to_values(b)).collect();
    let mut acc = [StdDuration::ZERO; PUSH_PIECES.len()];
    let received_at = "2026-11-29T14:00:00.000Z";
    let mut lap = |i: usize, since: &mut StdInstant| {
        let now = StdInstant::now();
        acc[i] += now - *since;
        *since = now;
    };
    for batch in values {
        let mut c = StdInstant::now();
        let mut parsed = Vec::with_capacity(batch.len());
        for v in batch {
            let op: WireOp = serde_json::from_value(v).expect("op");
            lap(0, &mut c);
            let json = serde_json::to_string(&op).expect("json");
            let hash = ishc_server::codes::sha256_hex(json.as_bytes());
            lap(1, &mut c);
            std::hint::black_box(chrono::DateTime::parse_from_rfc3339(&op.recorded_at).ok());
            lap(2, &mut c);
            parsed.push((op, json, hash));
        }
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .expect("begin");
        let mut c = StdInstant::now();
        for (op, json, hash) in &parsed {
            let stored: Option<(String, i64, String)> = tx
                .prepare_cached(
                    "SELECT club_id, seq, content_hash FROM server_ops WHERE op_id = ?1",
                )
                .expect("prepare")
                .query_row([&op.op_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
                .expect("lookup");
            assert!(stored.is_none());
            lap(3, &mut c);
            let club = replica::club_of_change(&tx, &op.change).expect("club");
            assert_eq!(club, t.device.club_id);
            lap(4, &mut c);
            let seq: i64 = tx
                .query_row(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM server_ops WHERE club_id = ?1",
                    [&t.device.club_id],
                    |r| r.get(0),
                )
                .expect("seq");
            lap(5, &mut c);
            let cached: i64 = tx
                .prepare_cached(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM server_ops WHERE club_id = ?1",
                )
                .expect("prepare")
                .query_row([&t.device.club_id], |r| r.get(0))
                .expect("seq");
            assert_eq!(cached, seq);
            lap(6, &mut c);
            tx.execute_batch("SAVEPOINT push_op").expect("savepoint");
            lap(7, &mut c);
            replica::apply(&tx, op, Some(seq)).expect("apply");
            lap(8, &mut c);
            tx.prepare_cached(
                "INSERT INTO server_ops (club_id, seq, op_id, content_hash, op_json, device_id, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .expect("prepare")
            .execute(params![
                t.device.club_id,
                seq,
                op.op_id,
                hash,
                json,
                op.device_id,
                received_at
            ])
            .expect("store");
            lap(9, &mut c);
            tx.execute_batch("RELEASE push_op").expect("release");
            lap(7, &mut c);
        }
        tx.prepare_cached("UPDATE server_devices SET clock_skew_ms = ?2 WHERE id = ?1")
            .expect("prepare")
            .execute(params![t.device.id, None::<i64>])
            .expect("skew");
        tx.commit().expect("commit");
        lap(10, &mut c);
    }
    drop(conn);
    remove_db(&db);
    let n = ops_count(t) as f64;
    acc.iter().map(|d| secs(*d) * 1e6 / n).collect()
}

fn figure_apply_throughput(rt: &tokio::runtime::Runtime, scratch: &Path, big: &Path) {
    let days = if quick_mode() { 30 } else { YEAR_DAYS };
    println!("\n## 3. Server apply throughput (batches of 500)");
    eprintln!("  templates: one year of a new club, on an empty server and beside the big club");
    let fresh = template(scratch, "empty", None, days);
    let beside = template(scratch, "beside-big", Some(big), days);
    let n = ops_count(&fresh);
    println!(
        "workload: {n} operations of one year ({} batches), first batch has the 70 registrations",
        fresh.batches.len()
    );
    let rows = log_rows(&fresh);
    let (mut a, mut b, mut c, mut d, mut e, mut f) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut pieces: Vec<Vec<f64>> = vec![vec![]; PUSH_PIECES.len()];
    for r in 0..runs() {
        a.push(push_in_process(&fresh, scratch));
        b.push(push_in_process(&beside, scratch));
        c.push(push_http(&fresh, scratch, rt));
        d.push(raw_insert(&fresh, &rows, scratch));
        e.push(cpu_only(&fresh));
        f.push(apply_only(&fresh, scratch));
        for (i, us) in push_pieces(&fresh, scratch).into_iter().enumerate() {
            pieces[i].push(us);
        }
        eprintln!("  run {r} done");
    }
    report("Storage::push in-process, empty server", "ops/s", &a);
    report(
        "Storage::push in-process, server holding the 10-year club",
        "ops/s",
        &b,
    );
    report("POST /v1/push over HTTP (gzip), empty server", "ops/s", &c);
    report("raw SQLite insert, server_ops-like table", "ops/s", &d);
    report("piece: parse + canonical JSON + SHA-256 (CPU)", "ops/s", &e);
    report("piece: replica::apply in savepoints, no log", "ops/s", &f);
    let per = |xs: &[f64]| 1e6 / stats(xs).0;
    println!(
        "per operation (medians): push {:.1} µs, push beside big {:.1} µs, HTTP {:.1} µs, raw {:.1} µs, CPU {:.1} µs, apply {:.1} µs",
        per(&a),
        per(&b),
        per(&c),
        per(&d),
        per(&e),
        per(&f)
    );
    println!("pieces of Storage::push, empty server, µs per operation (server SQL verbatim):");
    let mut sum = 0.0;
    for (i, name) in PUSH_PIECES.iter().enumerate() {
        report(&format!("  {name}"), "µs/op", &pieces[i]);
        if i != 6 {
            sum += stats(&pieces[i]).0;
        }
    }
    println!("  sum of the medians (without the cached next_seq): {sum:.1} µs/op");
}

fn main() {
    let started = StdInstant::now();
    let scratch = tempfile::tempdir().expect("tempdir");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "# ishc sync bench ({} mode, {} run(s) per figure)",
        if quick_mode() { "quick" } else { "full" },
        runs()
    );
    figure_wire_bytes();
    let big = big_server_db(scratch.path());
    figure_first_sync(&rt, scratch.path(), &big);
    figure_apply_throughput(&rt, scratch.path(), &big);
    eprintln!("  done in {:.1?}", started.elapsed());
}
