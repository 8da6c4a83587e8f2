//! `ishc demo`: a month of a club's field work, played on the sample roster.
//!
//! A club is created in Xã Xuân Lộc (commune 26425), Đồng Nai; the sample
//! roster (`samples/danh-sach-thanh-vien-clb.xlsx`, embedded) is imported;
//! then March 2026 is played with a fixed clock: home-care visits with
//! readings (one hypertensive crisis), a monthly meeting with blood-pressure
//! checks, savings deposits and a withdrawal, loans disbursed and repaid,
//! one missed installment, one repayment recorded twice and reversed, and a
//! person registered twice. Every figure printed is computed by the store
//! from what was recorded; nothing is scripted.
//!
//! Three phones share the work through a provincial server the demo starts on
//! loopback: the treasurer's phone (money, the roster, the meeting), and the
//! phones of two home-care volunteers (their visits; one of them registers
//! Mrs Nga a second time while offline). The province creates the club and
//! issues one enrolment code per phone; every phone syncs when it can, and at
//! the end all three and the server hold the same records.

use crate::output;
use chrono::{NaiveDate, TimeZone};
use ishc_core::clock::FixedClock;
use ishc_core::composition::CompositionReport;
use ishc_core::error::{invalid, Result};
use ishc_core::loan::PortfolioAtRisk;
use ishc_core::model::*;
use ishc_core::ops::{Attendance, EntryKind, MemberPatch};
use ishc_core::roster::RosterReport;
use ishc_core::store::*;
use ishc_core::sync::client::{self, SyncClient, SyncConfig, SyncReport};
use ishc_server::storage::Storage;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The sample roster, embedded so the demo runs from any directory.
pub const SAMPLE_ROSTER_XLSX: &[u8] = include_bytes!("../../samples/danh-sach-thanh-vien-clb.xlsx");

/// Commune of the demo club: Xã Xuân Lộc, Đồng Nai (2025 code).
pub const DEMO_COMMUNE: u32 = 26425;

/// Everything the demo prints.
#[derive(Debug, Serialize)]
pub struct DemoReport {
    /// The club.
    pub club: Club,
    /// The roster import report.
    pub import: RosterReport,
    /// People registered from the roster.
    pub imported: usize,
    /// The date the month ends.
    pub as_of: NaiveDate,
    /// The passbook shown.
    pub passbook: Passbook,
    /// All loans, overdue first.
    pub loans: Vec<LoanView>,
    /// Portfolio at risk over 30 days.
    pub par30: PortfolioAtRisk,
    /// Visits with a blood-pressure flag other than normal.
    pub flagged_visits: Vec<Visit>,
    /// Visits logged in the month (voided ones included).
    pub visits_logged: usize,
    /// Of which voided.
    pub visits_voided: usize,
    /// Care recipients due for a visit on `as_of` (7 days).
    pub recipients_due: Vec<RecipientDue>,
    /// Composition check.
    pub composition: CompositionReport,
    /// Income-generation fund balance, đồng.
    pub income_generation_fund: i64,
    /// Activity fund balance, đồng.
    pub activity_fund: i64,
    /// Open possible-duplicate flags.
    pub possible_duplicates: Vec<DuplicateFlag>,
    /// Operations in the change log, waiting to sync.
    pub pending_operations: usize,
    /// Audit of tables against the change log.
    pub audit: Audit,
    /// The three phones after their last sync.
    pub phones: Vec<PhoneSummary>,
    /// Operations the server holds for the club.
    pub server_operations: usize,
    /// Whether every phone holds the same members, money, visits and flags.
    pub phones_agree: bool,
}

/// One phone of the demo after its last sync.
#[derive(Debug, Serialize)]
pub struct PhoneSummary {
    /// Whose phone.
    pub name: String,
    /// Device id the server assigned.
    pub device_id: String,
    /// Operations it sent over the month.
    pub sent: usize,
    /// Operations it received from the others.
    pub received: usize,
    /// Operations the server rejected.
    pub rejected: usize,
    /// Operations it holds.
    pub operations: usize,
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> Instant {
    vietnam_offset()
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid demo instant")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

fn find(store: &Store, club: &str, name: &str, year: i32) -> Result<String> {
    let hits = store.list_members(club, Some(name), true, day(2026, 3, 31))?;
    let key = ishc_core::text::search_key(name);
    match hits.iter().find(|s| {
        ishc_core::text::search_key(&s.member.full_name) == key && s.member.birth.year() == year
    }) {
        Some(s) => Ok(s.member.id.clone()),
        None => invalid(
            "demo.member",
            "name",
            format!("{name} ({year}) is not in the sample roster"),
        ),
    }
}

fn add_role(store: &mut Store, id: &str, role: Role) -> Result<()> {
    let mut roles = store.member(id)?.roles;
    roles.push(role);
    store.update_member(
        id,
        MemberPatch {
            roles: Some(roles),
            ..Default::default()
        },
    )?;
    Ok(())
}

fn sync_error(e: ishc_core::sync::client::SyncError) -> ishc_core::Error {
    crate::sync::sync_err(e)
}

fn other(e: impl std::fmt::Display) -> ishc_core::Error {
    ishc_core::Error::Io(std::io::Error::other(e.to_string()))
}

/// A phone of the demo: its store, clock and running sync totals.
struct Phone {
    name: &'static str,
    store: Option<Store>,
    clock: Arc<FixedClock>,
    sent: usize,
    received: usize,
    rejected: usize,
}

impl Phone {
    fn store(&mut self) -> &mut Store {
        self.store
            .as_mut()
            .expect("a phone always holds its store between syncs")
    }

    /// Enrols the (new) store with the server's code, then syncs.
    fn enrol(
        rt: &tokio::runtime::Runtime,
        name: &'static str,
        path: &Path,
        clock: Arc<FixedClock>,
        url: &str,
        code: &str,
    ) -> Result<Phone> {
        let store = Store::open(path, "unenrolled", clock.clone())?;
        let shared = Arc::new(Mutex::new(store));
        rt.block_on(client::enrol(&shared, url, code, name))
            .map_err(sync_error)?;
        let store = Arc::try_unwrap(shared)
            .map_err(|_| other("store still shared"))?
            .into_inner()
            .map_err(other)?;
        let mut phone = Phone {
            name,
            store: Some(store),
            clock,
            sent: 0,
            received: 0,
            rejected: 0,
        };
        phone.sync(rt)?;
        Ok(phone)
    }

    /// Pushes this phone's changes and pulls the others'.
    fn sync(&mut self, rt: &tokio::runtime::Runtime) -> Result<SyncReport> {
        let shared = Arc::new(Mutex::new(
            self.store.take().ok_or_else(|| other("no store"))?,
        ));
        let result = SyncClient::new(shared.clone(), SyncConfig::default())
            .map_err(sync_error)
            .and_then(|c| rt.block_on(c.sync()).map_err(sync_error));
        self.store = Some(
            Arc::try_unwrap(shared)
                .map_err(|_| other("store still shared"))?
                .into_inner()
                .map_err(other)?,
        );
        let r = result?;
        self.sent += r.sent;
        self.received += r.received;
        self.rejected += r.rejected;
        Ok(r)
    }
}

/// The records every replica must agree on, as sorted rows.
fn snapshot(store: &Store) -> Result<Vec<String>> {
    let mut out = vec![];
    for sql in [
        "SELECT 'm:' || id || full_name || coalesce(phone, '') || roles || coalesce(merged_into, '') FROM members",
        "SELECT 'j:' || id || amount || entry_on FROM journal",
        "SELECT 'v:' || id || coalesce(systolic, '') FROM visits",
        "SELECT 'x:' || visit_id FROM visit_voids",
        "SELECT 'f:' || id || status FROM duplicate_flags",
    ] {
        let mut stmt = store.connection().prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            out.push(row?);
        }
    }
    out.sort();
    Ok(out)
}

/// Plays the demo into a new database at `db` (the treasurer's phone) and
/// returns what it computed. The server and the volunteers' phones live in
/// `work`, a new folder.
pub fn play(db: &Path, work: &Path) -> Result<DemoReport> {
    if !Store::open(
        db,
        "check",
        Arc::new(FixedClock::new(at(2024, 6, 15, 9, 0))),
    )?
    .change_log(false)?
    .is_empty()
    {
        return invalid(
            "demo.not_empty",
            "db",
            format!(
                "{} already holds records; the demo needs a new file",
                db.display()
            ),
        );
    }
    std::fs::create_dir_all(work)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;

    // June 2024: the province creates the club on its server and issues a code
    // for each phone.
    let server_clock = Arc::new(FixedClock::new(at(2024, 6, 15, 8, 0)));
    let storage = Arc::new(
        ishc_server::sqlite::SqliteStorage::open_with_clock(
            &work.join("province.db"),
            server_clock.clone(),
        )
        .map_err(other)?,
    );
    let (addr, server) = rt
        .block_on(ishc_server::spawn_with(
            storage.clone(),
            std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        ))
        .map_err(other)?;
    let url = format!("http://{addr}");
    let created = storage
        .create_club(ishc_server::storage::NewClub {
            name: "CLB Liên thế hệ tự giúp nhau ấp Bàu Cối".into(),
            commune_code: DEMO_COMMUNE,
            founded_on: day(2024, 6, 15),
            activity_areas: None,
        })
        .map_err(other)?;
    let mut codes = vec![];
    for _ in 0..3 {
        codes.push(storage.issue_code(&created.id, 72).map_err(other)?.code);
    }

    // The treasurer's phone enrols and receives the club.
    let clock = Arc::new(FixedClock::new(at(2024, 6, 15, 9, 0)));
    let mut p1 = Phone::enrol(
        &rt,
        "Điện thoại thủ quỹ (treasurer)",
        db,
        clock.clone(),
        &url,
        &codes[0],
    )?;
    let store = p1.store();
    store.set_author("admin:demo");
    let club = store.the_club()?;
    let cid = club.id.clone();
    let import = ishc_core::roster::read_roster_xlsx(SAMPLE_ROSTER_XLSX, &mut |_, _| {})?;
    let news = import
        .rows
        .iter()
        .map(|r| crate::run::roster_member(r, day(2024, 6, 15)))
        .collect();
    let imported = store.register_members(&cid, news)?.len();
    // Money is recorded by the treasurer (Thủ quỹ in the roster's notes).
    let treasurer = find(store, &cid, "Trần Đình Hải", 1944)?;
    store.set_author(&treasurer);
    store.record_fund_entry(
        &cid,
        NewFundEntry {
            fund: Fund::IncomeGeneration,
            kind: EntryKind::Grant,
            amount: 60_000_000,
            entry_on: day(2024, 6, 20),
            memo: "Vốn tài trợ ban đầu (initial grant)".into(),
            member_id: None,
        },
    )?;
    store.record_fund_entry(
        &cid,
        NewFundEntry {
            fund: Fund::Activity,
            kind: EntryKind::Contribution,
            amount: 5_000_000,
            entry_on: day(2024, 6, 20),
            memo: "UBND xã hỗ trợ (commune support)".into(),
            member_id: None,
        },
    )?;

    // Roles beyond the roster's notes, and the people the volunteers visit.
    store.set_author("admin:demo");
    let volunteer = find(store, &cid, "Nguyễn Kim Bích", 1961)?;
    let young_volunteer = find(store, &cid, "Lê Thanh Hồng", 2000)?;
    add_role(store, &young_volunteer, Role::HomeCareVolunteer)?;
    let nga = find(store, &cid, "Nguyễn Thị Nga", 1942)?;
    let lan = find(store, &cid, "Đỗ Thị Lan", 1944)?;
    let binh = find(store, &cid, "Trần Văn Bình", 1944)?;
    let an = find(store, &cid, "Nguyễn Hữu An", 1944)?;
    for id in [&nga, &lan, &binh, &an] {
        add_role(store, id, Role::CareRecipient)?;
    }
    store.update_member(
        &nga,
        MemberPatch {
            lives_alone: Some(true),
            ..Default::default()
        },
    )?;
    let sau = store
        .register_member(
            &cid,
            NewMember {
                full_name: "Lê Thị Sáu".into(),
                sex: Sex::Female,
                birth: Birth::Year(1936),
                ethnicity_code: 1,
                household: HouseholdStatus::Poor,
                disabled: true,
                lives_alone: true,
                hamlet: "Ấp Bàu Cối".into(),
                phone: None,
                joined_on: day(2025, 9, 1),
                roles: vec![Role::CareRecipient],
                membership: Membership::RecipientOnly,
            },
        )?
        .member
        .id;

    p1.sync(&rt)?;

    // The volunteers' phones enrol and receive everything so far.
    let mut p2 = Phone::enrol(
        &rt,
        "Điện thoại TNV Lê Thanh Hồng (volunteer)",
        &work.join("phone-hong.db"),
        Arc::new(FixedClock::new(at(2024, 6, 20, 9, 0))),
        &url,
        &codes[1],
    )?;
    p2.store().set_author(&young_volunteer);
    let mut p3 = Phone::enrol(
        &rt,
        "Điện thoại TNV Nguyễn Kim Bích (volunteer)",
        &work.join("phone-bich.db"),
        Arc::new(FixedClock::new(at(2024, 6, 20, 9, 0))),
        &url,
        &codes[2],
    )?;
    p3.store().set_author(&volunteer);

    // January–February 2026: two loans and savings before the month played.
    let store = p1.store();
    store.set_author(&treasurer);
    let anh = find(store, &cid, "Phạm Thị Ánh", 1956)?;
    let hong = find(store, &cid, "Trần Thị Hồng", 1955)?;
    let nhung = find(store, &cid, "Nguyễn Thị Nhung", 1955)?;
    let duc = find(store, &cid, "Huỳnh Hữu Đức", 1957)?;
    clock.set(at(2026, 1, 5, 9, 0));
    let loan_a = store
        .disburse_loan(NewLoan {
            borrower_id: hong.clone(),
            principal: 5_000_000,
            disbursed_on: day(2026, 1, 5),
            term_months: 12,
            monthly_rate_bp: 100,
            method: InterestMethod::Flat,
            purpose: "Nuôi heo (raising pigs)".into(),
        })?
        .loan
        .id;
    let loan_b = store
        .disburse_loan(NewLoan {
            borrower_id: nhung.clone(),
            principal: 3_000_000,
            disbursed_on: day(2026, 1, 10),
            term_months: 6,
            monthly_rate_bp: 150,
            method: InterestMethod::DecliningBalance,
            purpose: "Bán tạp hóa (small shop)".into(),
        })?
        .loan
        .id;
    store.deposit(&anh, 500_000, day(2026, 1, 15), "")?;
    clock.set(at(2026, 2, 5, 9, 0));
    store.repay_loan(&loan_a, 466_000, day(2026, 2, 5))?;
    let b_first = store.loan(&loan_b, day(2026, 2, 10))?.position.installments[0]
        .installment
        .total();
    store.repay_loan(&loan_b, b_first, day(2026, 2, 10))?;
    store.deposit(&anh, 300_000, day(2026, 2, 15), "")?;
    p1.sync(&rt)?;

    // March 2026, the month played. Each volunteer logs her visits on her own phone.
    for c in [&clock, &p2.clock, &p3.clock] {
        c.set(at(2026, 3, 2, 8, 0));
    }
    let visit = |store: &mut Store,
                 who: &str,
                 recipient: &str,
                 when: Instant,
                 minutes: u32,
                 services: Vec<Service>,
                 bp: Option<(u16, u16)>,
                 notes: &str| {
        store.log_visit(NewVisit {
            volunteer_id: who.to_string(),
            recipient_id: recipient.to_string(),
            started_at: when,
            duration_min: minutes,
            services,
            vitals: Vitals {
                systolic: bp.map(|b| b.0),
                diastolic: bp.map(|b| b.1),
                pulse: bp.map(|_| 78),
                ..Default::default()
            },
            notes: notes.into(),
        })
    };
    use Service::*;
    for (i, d) in [2, 9, 16, 23, 30].into_iter().enumerate() {
        visit(
            p3.store(),
            &volunteer,
            &nga,
            at(2026, 3, d, 8, 30),
            60,
            vec![Housework, HealthMonitoring, Companionship],
            Some((128 + i as u16 * 2, 80)),
            "",
        )?;
    }
    for d in [3, 17] {
        visit(
            p2.store(),
            &young_volunteer,
            &lan,
            at(2026, 3, d, 15, 0),
            45,
            vec![PersonalCare, Companionship],
            Some((135, 85)),
            "",
        )?;
    }
    visit(
        p3.store(),
        &volunteer,
        &binh,
        at(2026, 3, 4, 9, 0),
        90,
        vec![HealthMonitoring, ClinicOrReferral],
        Some((185, 125)),
        "Đau đầu, chóng mặt; đưa lên trạm y tế xã (referred to the commune health station)",
    )?;
    for (d, bp) in [
        (5, (138, 86)),
        (12, (142, 88)),
        (19, (150, 95)),
        (26, (136, 84)),
    ] {
        visit(
            p2.store(),
            &young_volunteer,
            &sau,
            at(2026, 3, d, 16, 0),
            60,
            vec![Housework, HealthMonitoring],
            Some(bp),
            "",
        )?;
    }
    // A visit logged twice by mistake is voided, not deleted.
    let dup = visit(
        p2.store(),
        &young_volunteer,
        &sau,
        at(2026, 3, 26, 16, 5),
        60,
        vec![Housework],
        None,
        "",
    )?;
    p2.store()
        .void_visit(&dup.record.id, "Ghi trùng (logged twice)")?;
    // The volunteers' phones find a signal on the 16th.
    p3.sync(&rt)?;
    p2.sync(&rt)?;
    let store = p1.store();

    clock.set(at(2026, 3, 5, 10, 0));
    let a_inst = store.loan(&loan_a, day(2026, 3, 5))?.position.installments[1]
        .installment
        .total();
    store.repay_loan(&loan_a, a_inst, day(2026, 3, 5))?;
    let twice = store.repay_loan(&loan_a, a_inst, day(2026, 3, 5))?;
    clock.set(at(2026, 3, 6, 8, 0));
    store.reverse_entry(
        &twice.entry.id,
        "Ghi trùng (recorded twice)",
        day(2026, 3, 6),
    )?;
    let loan_c = store
        .disburse_loan(NewLoan {
            borrower_id: duc.clone(),
            principal: 4_000_000,
            disbursed_on: day(2026, 3, 6),
            term_months: 10,
            monthly_rate_bp: 80,
            method: InterestMethod::Flat,
            purpose: "Trồng rau (growing vegetables)".into(),
        })?
        .loan
        .id;
    let _ = loan_c;
    // Loan B's March installment (due 10 March) is missed.

    // The monthly meeting, 15 March: attendance, readings, savings, fees.
    clock.set(at(2026, 3, 15, 8, 0));
    let all = store.list_members(&cid, None, false, day(2026, 3, 15))?;
    let members: Vec<&MemberSummary> = all
        .iter()
        .filter(|s| s.member.membership == Membership::Member)
        .collect();
    let mut attendees = vec![];
    for (i, s) in members.iter().enumerate().filter(|(i, _)| i % 4 != 3) {
        let older = s.member.is_older_on(day(2026, 3, 15));
        let sys = 118 + (i as u16 * 7) % 40;
        attendees.push(Attendance {
            member_id: s.member.id.clone(),
            systolic: older.then_some(sys),
            diastolic: older.then_some(70 + (i as u16 * 3) % 25),
        });
    }
    let present = attendees.len() as i64;
    store.record_meeting(&cid, NewMeeting { held_on: day(2026, 3, 15), topic: "Sinh hoạt tháng 3: phòng chống tăng huyết áp (March meeting: preventing hypertension)".into(), attendees })?;
    store.record_fund_entry(
        &cid,
        NewFundEntry {
            fund: Fund::Activity,
            kind: EntryKind::MembershipFee,
            amount: present * 10_000,
            entry_on: day(2026, 3, 15),
            memo: format!("Hội phí tháng 3: {present} người × 10.000 ₫"),
            member_id: None,
        },
    )?;
    for (i, s) in members.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        store.deposit(
            &s.member.id,
            if i % 2 == 0 { 200_000 } else { 100_000 },
            day(2026, 3, 15),
            "Tiết kiệm tháng 3",
        )?;
    }
    store.deposit(&anh, 200_000, day(2026, 3, 15), "Tiết kiệm tháng 3")?;
    store.record_activity(
        &cid,
        "health_care",
        day(2026, 3, 15),
        "Đo huyết áp tại buổi sinh hoạt (blood-pressure checks)",
        present as u32,
    )?;
    store.record_activity(
        &cid,
        "sport_culture_and_arts",
        day(2026, 3, 22),
        "Tập dưỡng sinh (morning exercise)",
        24,
    )?;
    store.record_fund_entry(
        &cid,
        NewFundEntry {
            fund: Fund::Activity,
            kind: EntryKind::Expense,
            amount: 350_000,
            entry_on: day(2026, 3, 22),
            memo: "Nước uống, loa (water, speaker)".into(),
            member_id: None,
        },
    )?;

    // Offline, a volunteer registers Mrs Nga again, typed in capitals with
    // decomposed accents; after the next syncs every phone flags the pair.
    p2.clock.set(at(2026, 3, 20, 9, 0));
    let again: String = unicode_decomposed("NGUYỄN  THỊ  NGA");
    p2.store().register_member(
        &cid,
        NewMember {
            full_name: again,
            sex: Sex::Female,
            birth: Birth::Year(1942),
            ethnicity_code: 1,
            household: HouseholdStatus::Neither,
            disabled: false,
            lives_alone: true,
            hamlet: "ấp 3".into(),
            phone: None,
            joined_on: day(2026, 3, 20),
            roles: vec![],
            membership: Membership::Member,
        },
    )?;

    clock.set(at(2026, 3, 25, 10, 0));
    let store = p1.store();
    store.withdraw(
        &anh,
        300_000,
        day(2026, 3, 25),
        "Rút chi tiêu (household needs)",
    )?;

    // 31 March: every phone syncs (twice round, so each has the others' last
    // changes), then the month's figures.
    for c in [&clock, &p2.clock, &p3.clock] {
        c.set(at(2026, 3, 31, 17, 0));
    }
    for _ in 0..2 {
        for p in [&mut p2, &mut p3, &mut p1] {
            p.sync(&rt)?;
        }
    }
    let reference = snapshot(p1.store())?;
    let phones_agree = [&mut p2, &mut p3]
        .into_iter()
        .map(|p| snapshot(p.store()))
        .collect::<Result<Vec<_>>>()?
        .iter()
        .all(|s| *s == reference);
    let mut phones = vec![];
    for p in [&mut p1, &mut p2, &mut p3] {
        let operations = p.store().change_log(false)?.len();
        phones.push(PhoneSummary {
            name: p.name.to_string(),
            device_id: p.store().device_id().to_string(),
            sent: p.sent,
            received: p.received,
            rejected: p.rejected,
            operations,
        });
    }
    let server_operations = storage
        .list_clubs()
        .map_err(other)?
        .iter()
        .find(|c| c.club.id == cid)
        .map(|c| c.last_seq as usize)
        .unwrap_or(0);
    drop(server);
    let store = p1.store();
    let as_of = day(2026, 3, 31);
    let visits = store.visits(&cid, None, Some(day(2026, 3, 1)), Some(as_of))?;
    Ok(DemoReport {
        imported,
        as_of,
        passbook: store.passbook(&anh)?,
        loans: store.loans(&cid, as_of, true)?,
        par30: store.portfolio_at_risk(&cid, as_of, 30)?,
        visits_logged: visits.len(),
        visits_voided: visits.iter().filter(|v| v.voided.is_some()).count(),
        flagged_visits: visits
            .into_iter()
            .filter(|v| {
                v.voided.is_none()
                    && matches!(
                        v.bp_flag,
                        Some(
                            ishc_core::vitals::BpFlag::Hypertension
                                | ishc_core::vitals::BpFlag::HypertensiveCrisis
                        )
                    )
            })
            .collect(),
        recipients_due: store.recipients_due(&cid, as_of, 7)?,
        composition: store.composition(&cid, as_of)?,
        income_generation_fund: store.fund_balance(&cid, Fund::IncomeGeneration)?,
        activity_fund: store.fund_balance(&cid, Fund::Activity)?,
        possible_duplicates: store.possible_duplicates(&cid)?,
        pending_operations: store.change_log(true)?.len(),
        audit: store.audit()?,
        club,
        import,
        phones,
        server_operations,
        phones_agree,
    })
}

/// NFD form of a text (to show that search and duplicate detection do not
/// depend on how the accents were typed).
fn unicode_decomposed(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().collect()
}

/// Runs the demo: into `keep` if given (a new file), else a temporary file
/// removed afterwards; prints the report as text or JSON.
pub fn run(keep: Option<&Path>, json: bool) -> Result<()> {
    // The server's database and the volunteers' phones live in a temporary
    // folder, removed afterwards; so does the treasurer's phone unless kept.
    let work =
        TempDir(std::env::temp_dir().join(format!("ishc-demo-{}-{}", std::process::id(), nanos())));
    std::fs::create_dir_all(&work.0)?;
    let path = match keep {
        Some(p) => {
            if p.exists() {
                return invalid(
                    "demo.file_exists",
                    "keep",
                    format!("{} already exists; name a new file", p.display()),
                );
            }
            p.to_path_buf()
        }
        None => work.0.join("phone-treasurer.db"),
    };
    let report = play(&path, &work.0.join("server-and-phones"))?;
    if json {
        output::json(&report);
    } else {
        print(&report);
    }
    Ok(())
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Removes the demo's temporary folder when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn print(r: &DemoReport) {
    use ishc_core::money::format_dong as dong;
    let c = &r.club;
    println!(
        "== {} — {}, {} (commune {}), founded {}",
        c.name,
        c.commune_name,
        c.province_name,
        c.commune_code,
        output::d(c.founded_on)
    );
    println!(
        "Roster import (samples/danh-sach-thanh-vien-clb.xlsx, sheet '{}'): {} rows imported, {} rows refused",
        r.import.sheet,
        r.imported,
        r.import.problems.len()
    );
    for p in &r.import.problems {
        println!(
            "  row {}: {}: {} [{}]",
            p.sheet_row, p.field, p.message, p.code
        );
    }
    println!();
    println!("== Funds on {}", output::d(r.as_of));
    println!(
        "Income-generation fund (quỹ vốn quay vòng): {}",
        dong(r.income_generation_fund)
    );
    println!("Activity fund (quỹ hoạt động): {}", dong(r.activity_fund));
    println!();
    println!("== Savings");
    output::passbook(&r.passbook);
    println!();
    println!("== Loans on {}, overdue first", output::d(r.as_of));
    output::loans(&r.loans, &r.par30);
    for l in r
        .loans
        .iter()
        .filter(|l| l.position.days_past_due > 0 || l.repayments.iter().any(|x| x.reversed))
    {
        println!();
        output::loan(l);
    }
    println!();
    println!(
        "== Home-care visits in March: {} logged ({} voided); flagged readings:",
        r.visits_logged, r.visits_voided
    );
    for v in &r.flagged_visits {
        output::visit(v);
    }
    println!();
    println!(
        "== Care recipients not visited in the last 7 days ({}):",
        output::d(r.as_of)
    );
    for d in &r.recipients_due {
        println!(
            "  {:<22} {:<12} {}",
            d.member.full_name,
            d.member.hamlet,
            d.last_visit_on
                .map(|l| format!(
                    "last visit {} ({} days)",
                    output::d(l),
                    d.days_since.unwrap_or(0)
                ))
                .unwrap_or_else(|| "never visited".into())
        );
    }
    println!();
    println!("== Composition (plan 13335/KH-UBND)");
    output::composition(&r.composition);
    println!();
    println!(
        "== Possible duplicates for a person to merge or dismiss: {}",
        r.possible_duplicates.len()
    );
    for f in &r.possible_duplicates {
        println!(
            "  {} ({}, {})  ~  {} ({}, {})",
            f.a.full_name,
            f.a.birth.year(),
            f.a.hamlet,
            f.b.full_name,
            f.b.birth.year(),
            f.b.hamlet
        );
    }
    println!();
    let clean = r.audit.rows_without_op.is_empty()
        && r.audit.ops_without_rows.is_empty()
        && r.audit.negative_balances.is_empty();
    println!(
        "== Sync through the provincial server ({} operations for the club)",
        r.server_operations
    );
    for p in &r.phones {
        println!(
            "  {:<44} sent {:>4}, received {:>4}, rejected {}, holds {} operations",
            p.name, p.sent, p.received, p.rejected, p.operations
        );
    }
    println!(
        "  All three phones hold the same members, money, visits and flags: {}; waiting to sync: {}; audit {}",
        if r.phones_agree { "yes" } else { "NO" },
        r.pending_operations,
        if clean { "clean" } else { "FAILED" }
    );
}
