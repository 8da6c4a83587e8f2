//! The dashboard's province page against the number of clubs: how long the
//! indicators take to compute, and on PostgreSQL what a server process
//! pays the first time it shows a province it has never served (its
//! replica copies every club of the province from `server_ops`), the next
//! time (nothing to copy: one query), and after one club changed. Not run
//! by `cargo test`; run with
//!
//! ```text
//! cargo bench -p ishc-server --bench dashboard                       # SQLite
//! bash scripts/postgres.sh --durable cargo bench -p ishc-server --bench dashboard
//! cargo bench -p ishc-server --bench dashboard -- --clubs 300
//! ```
//!
//! A plain `harness = false` program. `--clubs` clubs (default 100 under
//! `cargo bench`, else 2) of Đồng Nai's communes, each with a year (2025)
//! of one 60-member club played on its own phone by the side-by-side
//! bench's generator (`side_by_side/year.rs`, seed = the club's number)
//! and synced through the in-process server ("process A"). On PostgreSQL
//! a second storage on the same database with an empty replica file
//! ("process B", as another server process behind the load balancer)
//! then times `DashboardStorage::read_province` running the province's
//! indicators for 2025 with the province's targets: the first page, the
//! median of `--runs` more, and a page after one club's phone synced one
//! more record through A. On both backends A's own page is timed the same
//! way (the computation alone, nothing to copy). Figures and their
//! reading: `docs/PERFORMANCE.md`, "The dashboard on PostgreSQL".

// Shared with side_by_side.rs, which reads what this bench does not.
#[allow(dead_code)]
#[path = "side_by_side/year.rs"]
mod year;

use chrono::{NaiveDate, TimeZone};
use clap::Parser;
use ishc_core::clock::{FixedClock, SystemClock};
use ishc_core::indicators::{province_indicators, Period};
use ishc_core::model::{vietnam_offset, Fund};
use ishc_core::ops::EntryKind;
use ishc_core::store::{NewFundEntry, Store};
use ishc_core::sync::client::{enrol, SyncClient, SyncConfig};
use ishc_server::postgres::PgStorage;
use ishc_server::storage::{DashboardStorage, NewClub};
use ishc_server::testing;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Đồng Nai (2025 code).
const DONG_NAI: u32 = 75;

/// The dashboard's province page against the number of clubs.
#[derive(Debug, Parser)]
#[command(name = "dashboard")]
struct Args {
    /// Clubs in the province [default: 100 under cargo bench, else 2].
    #[arg(long)]
    clubs: Option<usize>,
    /// Pages timed after the first, for the median.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Passed by `cargo bench`: full size by default.
    #[arg(long, hide = true)]
    bench: bool,
}

/// The last club built: its phone's store, sync client and clock, the
/// club's id and its treasurer's member id.
type LastClub = (
    Arc<Mutex<Store>>,
    SyncClient,
    Arc<FixedClock>,
    String,
    String,
);

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// One province page: the indicators for 2025 with the province's targets,
/// read through `s` (which catches its replica up first on PostgreSQL).
/// Returns the time and the members counted.
fn page(s: &dyn DashboardStorage) -> Result<(f64, u32), String> {
    let targets: Vec<_> = s
        .plan_targets(DONG_NAI)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|t| t.target)
        .collect();
    let period = Period::year(year::YEAR).map_err(|e| e.message)?;
    let t = Instant::now();
    let figures = s
        .with_province(DONG_NAI, |conn| {
            Ok(province_indicators(conn, DONG_NAI, period, &targets)?)
        })
        .map_err(|e| e.to_string())?;
    Ok((ms(t), figures.totals.members))
}

fn file_mib(path: &std::path::Path) -> f64 {
    ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
        .map(|m| m.len() as f64)
        .sum::<f64>()
        / 1_048_576.0
}

fn run(args: &Args) -> Result<(), String> {
    let clubs = args.clubs.unwrap_or(if args.bench { 100 } else { 2 });
    let runs = args.runs.max(1);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db_a = dir.path().join("a.db");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let (addr, handle) = rt
        .block_on(testing::spawn(
            &db_a,
            Arc::new(SystemClock),
            "127.0.0.1:0".parse().map_err(|e| format!("{e}"))?,
        ))
        .map_err(|e| e.to_string())?;
    let url = format!("http://{addr}");
    let backend = testing::backend_name();
    let communes = ishc_core::admin_units::communes_in_province(DONG_NAI);
    eprintln!(
        "dashboard: {clubs} clubs of Đồng Nai, a year each, on {backend}; {} runs",
        runs
    );

    // ---- The province's clubs, each synced by its own phone through A.
    let t_build = Instant::now();
    let mut ops = 0usize;
    let mut last: Option<LastClub> = None;
    for i in 0..clubs {
        let club = handle
            .storage()
            .create_club(NewClub {
                name: format!("CLB Liên thế hệ tự giúp nhau số {}", i + 1),
                commune_code: communes[i % communes.len()].code,
                founded_on: NaiveDate::from_ymd_opt(2024, 6, 15).ok_or("a date")?,
                activity_areas: None,
            })
            .map_err(|e| e.to_string())?;
        let code = handle
            .storage()
            .issue_code(&club.id, 72)
            .map_err(|e| e.to_string())?
            .code;
        let clock = Arc::new(FixedClock::new(
            vietnam_offset()
                .with_ymd_and_hms(year::YEAR, 1, 1, 7, 0, 0)
                .single()
                .ok_or("a start")?,
        ));
        let store = Arc::new(Mutex::new(
            Store::open_in_memory("unenrolled", clock.clone()).map_err(|e| e.to_string())?,
        ));
        rt.block_on(enrol(&store, &url, &code, "Điện thoại thủ quỹ"))
            .map_err(|e| format!("club {i}: enrol: {e}"))?;
        let client =
            SyncClient::new(store.clone(), SyncConfig::default()).map_err(|e| e.to_string())?;
        rt.block_on(client.sync()).map_err(|e| e.to_string())?;
        let played = {
            let mut st = store.lock().unwrap_or_else(|e| e.into_inner());
            year::play(&mut st, &clock, &club.id, i as u64 + 1).map_err(|e| e.to_string())?
        };
        ops += played.counts.operations() + 1;
        rt.block_on(client.sync()).map_err(|e| e.to_string())?;
        last = Some((store, client, clock, club.id, played.treasurer));
    }
    let build_s = t_build.elapsed().as_secs_f64();
    eprintln!("built {clubs} clubs, {ops} operations, in {build_s:.0} s");

    let mut report = format!(
        "dashboard bench: {clubs} clubs of Đồng Nai, {ops} operations (a year each), backend {backend}\n"
    );
    let a = handle.dashboard().ok_or("the dashboard is served")?.clone();

    // ---- Process B on PostgreSQL: an empty replica.
    let pg = testing::pg_config(&db_a);
    let b_side = match pg {
        Some(config) => {
            let db_b = dir.path().join("b.db");
            let b: Arc<dyn DashboardStorage> = Arc::new(
                PgStorage::open_with_config(config, &db_b, Arc::new(SystemClock))
                    .map_err(|e| e.to_string())?,
            );
            let (first, members) = page(&*b)?;
            let mut again = vec![];
            for _ in 0..runs {
                again.push(page(&*b)?.0);
            }
            Some((b, db_b, first, members, median(again)))
        }
        None => None,
    };

    // ---- A's own page: the computation alone.
    let mut own = vec![];
    let mut members_a = 0;
    for _ in 0..runs {
        let (t, m) = page(&*a)?;
        own.push(t);
        members_a = m;
    }
    report += &format!(
        "process A (served every push): page median {:.0} ms over {runs}, {members_a} members counted\n",
        median(own)
    );

    if let Some((b, db_b, first, members, again)) = b_side {
        if members != members_a {
            return Err(format!(
                "process B counted {members} members, process A {members_a}"
            ));
        }
        report += &format!(
            "process B (empty replica): first page {first:.0} ms (copies {clubs} clubs), replica {:.1} MiB\n",
            file_mib(&db_b)
        );
        report += &format!("process B, nothing new: page median {again:.0} ms over {runs}\n");
        // One club's phone syncs one more record through A.
        let (store, client, clock, club_id, treasurer) = last.ok_or("a club")?;
        {
            let mut st = store.lock().unwrap_or_else(|e| e.into_inner());
            st.set_author(&treasurer);
            clock.set(
                vietnam_offset()
                    .with_ymd_and_hms(year::YEAR, 12, 30, 9, 0, 0)
                    .single()
                    .ok_or("a date")?,
            );
            st.record_fund_entry(
                &club_id,
                NewFundEntry {
                    fund: Fund::Activity,
                    kind: EntryKind::Contribution,
                    amount: 50_000,
                    entry_on: NaiveDate::from_ymd_opt(year::YEAR, 12, 30).ok_or("a date")?,
                    memo: "Đóng góp quỹ hoạt động".to_string(),
                    member_id: Some(treasurer.clone()),
                },
            )
            .map_err(|e| e.to_string())?;
        }
        rt.block_on(client.sync()).map_err(|e| e.to_string())?;
        let (one, _) = page(&*b)?;
        report += &format!("process B, one club one operation behind: page {one:.0} ms\n");
    }
    report += &format!("build (phones playing and syncing through A): {build_s:.0} s\n");
    println!("{report}");
    rt.block_on(handle.shutdown()).map_err(|e| e.to_string())?;
    Ok(())
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("RESULT: FAILED: {e}");
        std::process::exit(1);
    }
}
