//! The dashboard's accounts on the test backend (SQLite, or PostgreSQL
//! under `scripts/postgres.sh`): officers, the sign-in rate limit,
//! sessions, the audit log and the plan targets' seeding. The rules are
//! shared (`ishc_server::accounts`); these tests hold each backend's SQL to
//! them.

use chrono::TimeZone;
use ishc_core::clock::FixedClock;
use ishc_core::indicators::targets::all_preset_targets;
use ishc_core::indicators::Scope;
use ishc_server::accounts::{LoginError, NewOfficer, Role};
use ishc_server::codes;
use ishc_server::storage::DashboardStorage;
use ishc_server::testing;
use std::path::Path;
use std::sync::Arc;

/// Đồng Nai (2025 code).
const DONG_NAI: u32 = 75;
/// Hà Nội.
const HA_NOI: u32 = 1;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        ishc_core::model::vietnam_offset()
            .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
            .unwrap(),
    ))
}

fn storage() -> (
    Arc<dyn DashboardStorage>,
    Arc<FixedClock>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let b = testing::backend(&dir.path().join("server.db"), clock.clone());
    (b.dashboard, clock, dir)
}

/// The first column, as text, of `sql` run on the backend's own tables.
fn texts(dir: &tempfile::TempDir, sql: &str) -> Vec<String> {
    let db = dir.path().join("server.db");
    match testing::pg_config(&db) {
        Some(config) => {
            let mut c = config.connect(postgres::NoTls).unwrap();
            let rows = c.query(sql, &[]).unwrap();
            rows.iter().map(|r| r.get::<_, String>(0)).collect()
        }
        None => {
            let conn = rusqlite::Connection::open(Path::new(&db)).unwrap();
            let mut st = conn.prepare(sql).unwrap();
            let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
            rows.collect::<rusqlite::Result<_>>().unwrap()
        }
    }
}

fn lan(role: Role) -> NewOfficer {
    NewOfficer {
        username: " Lan.Nguyen ".into(),
        full_name: "Nguyễn Thị  Lan".into(),
        role,
        province_code: DONG_NAI,
        password: "mật khẩu dài 2026".into(),
    }
}

#[test]
fn officers_are_checked_and_stored_without_their_password() {
    let (s, _, dir) = storage();
    let o = s.create_officer(lan(Role::Analyst)).unwrap();
    assert_eq!(o.username, "lan.nguyen");
    assert_eq!(o.full_name, "Nguyễn Thị Lan");
    let stored = texts(&dir, "SELECT password_hash FROM server_officers");
    assert_eq!(stored.len(), 1);
    assert!(stored[0].starts_with("$argon2id$") && !stored[0].contains("mật khẩu"));
    let code = |n: NewOfficer| s.create_officer(n).unwrap_err().code().to_string();
    assert_eq!(code(lan(Role::Viewer)), "officer.username_taken");
    let mut n = lan(Role::Viewer);
    n.username = "9lan".into();
    assert_eq!(code(n), "officer.username");
    let mut n = lan(Role::Viewer);
    n.username = "lan nguyen".into();
    assert_eq!(code(n), "officer.username");
    let mut n = lan(Role::Viewer);
    n.username = "hoa".into();
    n.password = "ngắn quá".into();
    assert_eq!(code(n), "officer.password_short");
    let mut n = lan(Role::Viewer);
    n.username = "hoa".into();
    n.province_code = 26425;
    assert_eq!(code(n), "officer.province");
    let mut n = lan(Role::Viewer);
    n.username = "hoa".into();
    n.full_name = "  ".into();
    assert_eq!(code(n), "officer.name");
    assert_eq!(s.list_officers().unwrap(), vec![o]);
    // Debug output never shows the password.
    assert!(!format!("{:?}", lan(Role::Viewer)).contains("mật khẩu"));
}

#[test]
fn five_failures_in_fifteen_minutes_lock_the_username_until_the_first_leaves_the_window() {
    let (s, clock, dir) = storage();
    s.create_officer(lan(Role::Viewer)).unwrap();
    for i in 0..5 {
        assert_eq!(
            s.login("lan.nguyen", "sai mật khẩu", &format!("10.0.0.{i}")),
            Err(LoginError::Failed)
        );
        clock.advance(chrono::Duration::minutes(1));
    }
    // 08:05: failures at 08:00–08:04; the first leaves the window at 08:15.
    assert_eq!(
        s.login("Lan.Nguyen", "mật khẩu dài 2026", "10.0.0.9"),
        Err(LoginError::RateLimited {
            retry_after_minutes: 10
        })
    );
    // Another username from another address is not affected.
    let mut hoa = lan(Role::Viewer);
    hoa.username = "hoa".into();
    s.create_officer(hoa).unwrap();
    assert!(s.login("hoa", "mật khẩu dài 2026", "10.0.0.9").is_ok());
    clock.advance(chrono::Duration::minutes(10));
    let ok = s
        .login("lan.nguyen", "mật khẩu dài 2026", "10.0.0.9")
        .unwrap();
    assert_eq!(ok.session.officer.username, "lan.nguyen");
    assert!(codes::looks_like_token(&ok.token));
    // Only the hash of the token is stored.
    let stored = texts(&dir, "SELECT token_hash FROM server_sessions");
    assert!(
        stored.contains(&codes::sha256_hex(ok.token.as_bytes())),
        "{stored:?}"
    );
    assert!(!stored.contains(&ok.token));
    // The success cleared the username's failures (its own attempt, counted
    // before the check, included).
    let left = texts(
        &dir,
        "SELECT username FROM server_login_failures ORDER BY username",
    );
    assert_eq!(left, Vec::<String>::new());
}

#[test]
fn five_failures_from_one_address_lock_the_address_for_every_username() {
    let (s, _, _dir) = storage();
    s.create_officer(lan(Role::Viewer)).unwrap();
    for name in ["a1", "a2", "a3", "a4", "a5"] {
        assert_eq!(s.login(name, "x", "192.0.2.7"), Err(LoginError::Failed));
    }
    assert!(matches!(
        s.login("lan.nguyen", "mật khẩu dài 2026", "192.0.2.7"),
        Err(LoginError::RateLimited {
            retry_after_minutes: 15
        })
    ));
    assert!(s
        .login("lan.nguyen", "mật khẩu dài 2026", "192.0.2.8")
        .is_ok());
}

#[test]
fn sessions_end_after_eight_hours_after_an_idle_hour_on_logout_and_on_disabling() {
    let (s, clock, _dir) = storage();
    s.create_officer(lan(Role::Admin)).unwrap();
    let login = || {
        s.login("lan.nguyen", "mật khẩu dài 2026", "10.0.0.1")
            .unwrap()
    };
    let a = login();
    assert_eq!(a.session.expires_at, "2026-01-05T09:00:00.000Z");
    let seen = s.session(&a.token).unwrap().unwrap();
    assert_eq!(seen, a.session);
    // Active every 59 minutes: alive until the eighth hour.
    for _ in 0..8 {
        clock.advance(chrono::Duration::minutes(59));
        assert!(s.session(&a.token).unwrap().is_some());
    }
    clock.advance(chrono::Duration::minutes(8));
    assert_eq!(s.session(&a.token).unwrap(), None);
    // Idle for an hour.
    let b = login();
    clock.advance(chrono::Duration::minutes(60));
    assert_eq!(s.session(&b.token).unwrap(), None);
    // Logout.
    let c = login();
    s.logout(&c.token).unwrap();
    assert_eq!(s.session(&c.token).unwrap(), None);
    // Disabling ends sessions and refuses sign-in.
    let d = login();
    let off = s.disable_officer("Lan.Nguyen").unwrap();
    assert!(off.disabled_at.is_some());
    assert_eq!(s.session(&d.token).unwrap(), None);
    assert_eq!(
        s.login("lan.nguyen", "mật khẩu dài 2026", "10.0.0.1"),
        Err(LoginError::Failed)
    );
    assert_eq!(
        s.disable_officer("nobody").unwrap_err().code(),
        "officer.unknown"
    );
    assert_eq!(s.session("not a token").unwrap(), None);
}

#[test]
fn the_audit_log_lists_newest_first() {
    let (s, clock, _dir) = storage();
    let o = s.create_officer(lan(Role::Analyst)).unwrap();
    s.audit(
        &o,
        "members.view",
        Some("club-1"),
        "52 members listed",
        "10.0.0.1",
    )
    .unwrap();
    clock.advance(chrono::Duration::minutes(1));
    s.audit(
        &o,
        "members.view",
        Some("club-2"),
        "61 members listed",
        "10.0.0.1",
    )
    .unwrap();
    let log = s.audit_log(DONG_NAI, 10).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].club_id.as_deref(), Some("club-2"));
    assert_eq!(log[0].at, "2026-01-05T01:01:00.000Z");
    assert_eq!(log[1].detail, "52 members listed");
    assert_eq!(log[1].username, "lan.nguyen");
    assert_eq!(s.audit_log(DONG_NAI, 1).unwrap().len(), 1);
}

#[test]
fn an_admin_reads_the_audit_log_of_their_own_province_only() {
    let (s, _, _dir) = storage();
    let lan = s.create_officer(lan(Role::Admin)).unwrap();
    let mut other = self::lan(Role::Analyst);
    other.username = "minh".into();
    other.province_code = HA_NOI;
    let minh = s.create_officer(other).unwrap();
    s.audit(
        &lan,
        "members.view",
        Some("club-dn"),
        "52 members listed",
        "10.0.0.1",
    )
    .unwrap();
    s.audit(
        &minh,
        "members.view",
        Some("club-hn"),
        "40 members listed",
        "10.0.0.2",
    )
    .unwrap();
    let dn = s.audit_log(DONG_NAI, 10).unwrap();
    assert_eq!(dn.len(), 1);
    assert_eq!(dn[0].club_id.as_deref(), Some("club-dn"));
    let hn = s.audit_log(HA_NOI, 10).unwrap();
    assert_eq!(hn.len(), 1);
    assert_eq!(hn[0].username, "minh");
}

#[test]
fn dong_nai_gets_its_plan_and_the_national_targets_other_provinces_the_national_only() {
    let (s, _, _dir) = storage();
    let dn = s.plan_targets(DONG_NAI).unwrap();
    let all = all_preset_targets();
    assert_eq!(dn.len(), all.len());
    assert!(dn.iter().all(|t| t.updated_by == "preset"));
    let hn = s.plan_targets(HA_NOI).unwrap();
    assert_eq!(
        hn.len(),
        all.iter().filter(|t| t.scope == Scope::National).count()
    );
    assert!(hn.iter().all(|t| t.target.plan != "13335/KH-UBND"));
    // Reading again does not seed again.
    assert_eq!(s.plan_targets(DONG_NAI).unwrap(), dn);
    assert_eq!(dn[0].target, all[0]);
}

#[test]
fn two_processes_reading_the_targets_at_once_seed_them_once() {
    for _round in 0..3 {
        // A new database each round: every round races for the first seed.
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("server.db");
        let a = testing::backend(&db, clock()).dashboard;
        let b = testing::backend(&db, clock()).dashboard;
        let province = DONG_NAI;
        let (x, y) = std::thread::scope(|sc| {
            let x = sc.spawn(|| a.plan_targets(province).unwrap());
            let y = sc.spawn(|| b.plan_targets(province).unwrap());
            (x.join().unwrap(), y.join().unwrap())
        });
        assert_eq!(x.len(), all_preset_targets().len());
        assert_eq!(x, y);
    }
}

#[test]
fn an_edited_target_is_read_back_and_its_edit_is_in_the_audit_log() {
    let (s, clock, _dir) = storage();
    let lan = s.create_officer(lan(Role::Admin)).unwrap();
    let targets = s.plan_targets(DONG_NAI).unwrap();
    let first = &targets[0];
    let mut edited = first.target.clone();
    edited.value += 1;
    clock.advance(chrono::Duration::minutes(3));
    let saved = s
        .update_target(&lan, first.id, &edited, "10.0.0.1")
        .unwrap();
    assert_eq!(saved.target, edited);
    assert_eq!(saved.updated_by, "lan.nguyen");
    assert_eq!(saved.updated_at, "2026-01-05T01:03:00.000Z");
    assert_eq!(s.plan_targets(DONG_NAI).unwrap()[0], saved);
    let log = s.audit_log(DONG_NAI, 10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "target.edit");
    assert!(log[0].detail.contains(" → "), "{}", log[0].detail);
    // Another province's target is not this officer's to edit.
    let hn = s.plan_targets(HA_NOI).unwrap();
    assert_eq!(
        s.update_target(&lan, hn[0].id, &hn[0].target, "10.0.0.1")
            .unwrap_err()
            .code(),
        "target.unknown"
    );
}

#[test]
fn parallel_wrong_passwords_are_counted_before_any_is_checked() {
    let (s, _, _dir) = storage();
    s.create_officer(lan(Role::Viewer)).unwrap();
    // Ten guesses at once from ten addresses: the username's limit lets
    // five be checked; the others are refused unchecked, although none of
    // the five had finished checking when they were counted.
    let outcomes: Vec<Result<_, LoginError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..10)
            .map(|i| {
                let s = &s;
                scope.spawn(move || {
                    s.login("lan.nguyen", "sai mật khẩu", &format!("10.0.1.{i}"))
                        .map(|_| ())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let failed = outcomes
        .iter()
        .filter(|o| **o == Err(LoginError::Failed))
        .count();
    let limited = outcomes
        .iter()
        .filter(|o| matches!(o, Err(LoginError::RateLimited { .. })))
        .count();
    assert_eq!((failed, limited), (5, 5), "{outcomes:?}");
}
