//! The PostgreSQL backend as several server processes see it: two
//! `PgStorage`s (two "processes", each with its own replica file) on one
//! database, pushing for one club at the same time. They must number the
//! club's operations once (1..=n, no gap, no repeat), never both accept two
//! operations that conflict (the same member registered by two phones), and
//! a replica deleted between runs is rebuilt from `server_ops`. A process's
//! dashboard shows what the others stored for its province, and only that.
//!
//! Run on PostgreSQL by `bash scripts/postgres.sh cargo test -p ishc-server`
//! (scripts/test.sh does). Without `ISHC_TEST_DATABASE_URL` these tests
//! have nothing to run against and say so; with `ISHC_EXPECT_POSTGRES=1`
//! (set by the script) an unreachable server fails them.

mod common;

use common::{member, op, register_chair, Phone};
use ishc_core::clock::SystemClock;
use ishc_core::ops::Change;
use ishc_core::sync::wire::{OpOutcome, PushResponse, WireOp};
use ishc_server::accounts::{NewOfficer, Role};
use ishc_server::postgres::PgStorage;
use ishc_server::storage::{DashboardStorage, Device, NewClub, PushContext, Storage};
use ishc_server::testing;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// The database's configuration for a fresh schema, or `None` (after saying
/// why) when the tests run on SQLite only.
fn database(dir: &Path) -> Option<postgres::Config> {
    let expected = std::env::var(testing::EXPECT_POSTGRES_ENV).is_ok_and(|v| v == "1");
    match testing::pg_config(&dir.join("schema.db")) {
        Some(c) => Some(c),
        None if expected => panic!(
            "{} is set but {} is not: PostgreSQL was promised",
            testing::EXPECT_POSTGRES_ENV,
            testing::DATABASE_URL_ENV
        ),
        None => {
            eprintln!(
                "no {}: the PostgreSQL tests need `bash scripts/postgres.sh cargo test -p ishc-server`",
                testing::DATABASE_URL_ENV
            );
            None
        }
    }
}

fn open(config: &postgres::Config, replica: &Path) -> Arc<PgStorage> {
    Arc::new(
        PgStorage::open_with_config(config.clone(), replica, Arc::new(SystemClock))
            .expect("PgStorage opens"),
    )
}

fn enrol(s: &dyn Storage, club: &str, name: &str) -> Phone {
    let code = s.issue_code(club, 1).unwrap().code;
    let e = s.enrol(&code, name).unwrap();
    Phone {
        id: e.device_id,
        token: e.token,
        club: e.club.id,
        counter: Default::default(),
    }
}

fn push(s: &dyn Storage, phone: &Phone, ops: &[WireOp]) -> PushResponse {
    let device = Device {
        id: phone.id.clone(),
        club_id: phone.club.clone(),
    };
    let values = ops
        .iter()
        .map(|o| serde_json::to_value(o).unwrap())
        .collect();
    s.push(&device, values, &PushContext::default())
        .expect("push stored")
}

/// `server_ops` of `club` in PostgreSQL: (seq, op_id) in seq order.
fn pg_ops(config: &postgres::Config, club: &str) -> Vec<(i64, String)> {
    let config = config.clone();
    let club = club.to_string();
    // The synchronous client blocks; this test runs no async runtime.
    let mut c = config.connect(postgres::NoTls).expect("connect");
    c.query(
        "SELECT seq, op_id FROM server_ops WHERE club_id = $1 ORDER BY seq",
        &[&club],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

/// `server_ops` of `club` in a replica file: (seq, op_id) in seq order,
/// and its member count.
fn replica_ops(replica: &Path, club: &str) -> (Vec<(i64, String)>, i64) {
    let c = rusqlite::Connection::open(replica).unwrap();
    let ops = c
        .prepare("SELECT seq, op_id FROM server_ops WHERE club_id = ?1 ORDER BY seq")
        .unwrap()
        .query_map([club], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    let members = c
        .query_row(
            "SELECT count(*) FROM members WHERE club_id = ?1",
            [club],
            |r| r.get(0),
        )
        .unwrap();
    (ops, members)
}

#[test]
fn postgresql_is_reachable_when_the_script_promised_it() {
    let expected = std::env::var(testing::EXPECT_POSTGRES_ENV).is_ok_and(|v| v == "1");
    match testing::database_url() {
        Some(url) => {
            let mut c = postgres::Client::connect(&url, postgres::NoTls)
                .unwrap_or_else(|e| panic!("PostgreSQL at {url} is not reachable: {e}"));
            let one: i32 = c.query_one("SELECT 1", &[]).unwrap().get(0);
            assert_eq!(one, 1);
            assert_eq!(testing::backend_name(), "postgresql");
        }
        None => {
            assert!(
                !expected,
                "the script promised PostgreSQL but set no {}",
                testing::DATABASE_URL_ENV
            );
            assert_eq!(testing::backend_name(), "sqlite");
        }
    }
}

#[test]
fn two_processes_on_one_database_number_a_club_once_and_accept_no_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let Some(config) = database(dir.path()) else {
        return;
    };
    let replica_a = dir.path().join("a").join("replica.db");
    let replica_b = dir.path().join("b").join("replica.db");
    std::fs::create_dir_all(replica_a.parent().unwrap()).unwrap();
    std::fs::create_dir_all(replica_b.parent().unwrap()).unwrap();
    let a = open(&config, &replica_a);
    let b = open(&config, &replica_b);

    let club = a
        .create_club(NewClub {
            name: "CLB Liên thế hệ Ấp 3".to_string(),
            commune_code: common::XUAN_LOC,
            founded_on: chrono::NaiveDate::from_ymd_opt(2023, 5, 19).unwrap(),
            activity_areas: None,
        })
        .unwrap();
    // Process B did not create the club; it learns it from PostgreSQL.
    assert_eq!(b.list_clubs().unwrap()[0].club, club);
    let phones: Vec<Phone> = (0..4)
        .map(|i| enrol(&*a, &club.id, &format!("Điện thoại {i}")))
        .collect();
    let (chair, first) = register_chair(&phones[0], "Nguyễn Thị Lan");
    // Pushed through B: B's replica catches up operation 1 first.
    assert_eq!(
        push(&*b, &phones[0], &[first]).results[0].outcome,
        OpOutcome::Accepted { seq: 2 }
    );

    // Four phones, two on each process, 20 rounds each. Every round a phone
    // pushes three new members, then its previous batch again (a retried
    // request, now through the other process), and one member that the
    // phone of the other process registers too (same member id, another
    // operation): only one of the two may be accepted.
    const ROUNDS: usize = 20;
    let contested: Vec<Vec<ishc_core::model::Member>> = (0..2)
        .map(|_| {
            (0..ROUNDS)
                .map(|r| member(&club.id, &format!("Hội viên chung {r}"), &[]))
                .collect()
        })
        .collect();
    let outcomes = std::thread::scope(|scope| {
        let handles: Vec<_> = phones
            .iter()
            .enumerate()
            .map(|(k, phone)| {
                let (mine, other): (&dyn Storage, &dyn Storage) =
                    if k % 2 == 0 { (&*a, &*b) } else { (&*b, &*a) };
                let chair = chair.id.clone();
                let contested = &contested[k / 2];
                scope.spawn(move || {
                    let mut results = vec![];
                    let mut previous: Vec<WireOp> = vec![];
                    for (r, shared) in contested.iter().enumerate() {
                        let mut ops: Vec<WireOp> = (0..3)
                            .map(|i| {
                                let m = member(&phone.club, &format!("Hội viên {k}-{r}-{i}"), &[]);
                                op(phone, &chair, Change::MemberRegistered(m))
                            })
                            .collect();
                        ops.push(op(phone, &chair, Change::MemberRegistered(shared.clone())));
                        let res = push(mine, phone, &ops);
                        if !previous.is_empty() {
                            let again = push(other, phone, &previous);
                            results.push((previous.clone(), again, true));
                        }
                        results.push((ops.clone(), res, false));
                        previous = ops;
                    }
                    results
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("pusher"))
            .collect::<Vec<_>>()
    });

    // Every first push: 3 accepted, the contested one accepted or refused
    // as a duplicate; every retry: the same seqs again, nothing new.
    let mut accepted: BTreeSet<(i64, String)> = BTreeSet::new();
    let mut first_seq = std::collections::HashMap::new();
    let mut contested_won = 0;
    for (ops, res, retry) in &outcomes {
        assert_eq!(res.results.len(), ops.len());
        for (i, (o, r)) in ops.iter().zip(&res.results).enumerate() {
            assert_eq!(r.op_id, o.op_id);
            match (&r.outcome, retry) {
                (OpOutcome::Accepted { seq }, false) => {
                    assert!(accepted.insert((*seq, o.op_id.clone())), "seq {seq} twice");
                    first_seq.insert(o.op_id.clone(), *seq);
                    if i == 3 {
                        contested_won += 1;
                    }
                }
                (OpOutcome::Rejected { code, .. }, false) if i == 3 => {
                    assert_eq!(code, "op.duplicate_entity")
                }
                (OpOutcome::AlreadyHad { .. }, true) | (OpOutcome::Rejected { .. }, true) => {}
                (other, _) => panic!("op {i} of a push (retry {retry}): {other:?}"),
            }
        }
    }
    for (ops, res, retry) in &outcomes {
        if *retry {
            for (o, r) in ops.iter().zip(&res.results) {
                match (&r.outcome, first_seq.get(&o.op_id)) {
                    (OpOutcome::AlreadyHad { seq }, Some(first)) => assert_eq!(seq, first),
                    (OpOutcome::Rejected { code, .. }, None) => {
                        assert_eq!(code, "op.duplicate_entity")
                    }
                    (other, first) => panic!("retry of {}: {other:?} (first {first:?})", o.op_id),
                }
            }
        }
    }
    // Each contested member was registered by exactly one of its two phones.
    assert_eq!(contested_won, 2 * ROUNDS);
    let n = 2 + (4 * ROUNDS * 3 + 2 * ROUNDS) as i64;

    let stored = pg_ops(&config, &club.id);
    assert_eq!(
        stored.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        (1..=n).collect::<Vec<_>>(),
        "PostgreSQL numbers the club's operations 1..=n without gaps"
    );
    let ids: BTreeSet<&String> = stored.iter().map(|(_, id)| id).collect();
    assert_eq!(ids.len() as i64, n, "no operation is stored twice");
    let pushed: BTreeSet<(i64, String)> = stored.iter().skip(2).cloned().collect();
    assert_eq!(
        pushed, accepted,
        "PostgreSQL holds exactly what was accepted"
    );
    // A pull through either process reads the same n operations.
    for s in [&a, &b] {
        let device = Device {
            id: phones[1].id.clone(),
            club_id: club.id.clone(),
        };
        let p = s.pull(&device, 0, 1000).unwrap();
        assert_eq!(p.ops.len() as i64, n);
        assert_eq!(p.next_after, n);
    }

    // Both replicas, caught up by an empty push, hold PostgreSQL's history
    // and its members (the chair and n - 2 registrations).
    push(&*a, &phones[0], &[]);
    push(&*b, &phones[1], &[]);
    for replica in [&replica_a, &replica_b] {
        let (ops, members) = replica_ops(replica, &club.id);
        assert_eq!(ops, stored, "{}", replica.display());
        assert_eq!(members, n - 1, "{}", replica.display());
    }

    // Process B stops, its replica is deleted, and it starts again: its next
    // push rebuilds the club from PostgreSQL and numbers on from n + 1.
    drop(b);
    for suffix in ["", "-wal", "-shm"] {
        let mut p = replica_b.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    let b = open(&config, &replica_b);
    let late = op(
        &phones[3],
        &chair.id,
        Change::MemberRegistered(member(&club.id, "Hội viên mới", &[])),
    );
    let res = push(&*b, &phones[3], &[late]);
    assert_eq!(res.results[0].outcome, OpOutcome::Accepted { seq: n + 1 });
    let (ops, members) = replica_ops(&replica_b, &club.id);
    assert_eq!(ops.len() as i64, n + 1);
    assert_eq!(ops[..n as usize], stored[..]);
    assert_eq!(members, n);
    // A retry of an old batch through the rebuilt replica is still known.
    let (old_ops, _, _) = &outcomes[0];
    let again = push(&*b, &phones[0], old_ops);
    for (o, r) in old_ops.iter().zip(&again.results) {
        if let Some(seq) = first_seq.get(&o.op_id) {
            assert_eq!(r.outcome, OpOutcome::AlreadyHad { seq: *seq });
        }
    }
    drop(a);
}

#[test]
fn a_replica_ahead_of_postgresql_is_refused_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let Some(config) = database(dir.path()) else {
        return;
    };
    let replica = dir.path().join("replica.db");
    let s = open(&config, &replica);
    let club = s
        .create_club(NewClub {
            name: "CLB Ấp 5".to_string(),
            commune_code: common::XUAN_LOC,
            founded_on: chrono::NaiveDate::from_ymd_opt(2023, 5, 19).unwrap(),
            activity_areas: None,
        })
        .unwrap();
    let phone = enrol(&*s, &club.id, "Điện thoại");
    let (_, first) = register_chair(&phone, "Nguyễn Thị Lan");
    assert_eq!(
        push(&*s, &phone, &[first]).results[0].outcome,
        OpOutcome::Accepted { seq: 2 }
    );
    // PostgreSQL restored to before operation 2 (its row deleted): the
    // replica holds an operation PostgreSQL does not.
    let mut c = config.connect(postgres::NoTls).unwrap();
    c.execute(
        "DELETE FROM server_ops WHERE club_id = $1 AND seq = 2",
        &[&club.id],
    )
    .unwrap();
    let (_, again) = register_chair(&phone, "Trần Thị Mai");
    let device = Device {
        id: phone.id.clone(),
        club_id: club.id.clone(),
    };
    let err = s
        .push(
            &device,
            vec![serde_json::to_value(&again).unwrap()],
            &PushContext::default(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "server.internal");
    assert!(err.to_string().contains("delete the replica"), "{err}");
    // Nothing was stored by the refused push.
    assert_eq!(pg_ops(&config, &club.id).len(), 1);
}

/// Runs the `ishc-server` binary with `args` and the database URL in its
/// environment; returns its standard output, asserting success.
fn admin(url: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ishc-server"))
        .args(args)
        .env("ISHC_DATABASE_URL", url)
        .output()
        .expect("ishc-server runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_administration_commands_work_on_postgresql() {
    let dir = tempfile::tempdir().unwrap();
    let Some(config) = database(dir.path()) else {
        return;
    };
    // The command line takes a URL: a fresh schema through libpq's options.
    let url = format!(
        "{}?options=-c%20search_path%3D{}",
        testing::database_url().unwrap(),
        std::fs::read_to_string(dir.path().join("schema.pg-schema")).unwrap()
    );
    let club: serde_json::Value = serde_json::from_str(&admin(
        &url,
        &[
            "club",
            "create",
            "--name",
            "CLB Ấp 7",
            "--commune",
            "26425",
            "--founded",
            "2024-06-15",
            "--json",
        ],
    ))
    .unwrap();
    let id = club["id"].as_str().unwrap().to_string();
    assert_eq!(club["name"], "CLB Ấp 7");
    let code: serde_json::Value =
        serde_json::from_str(&admin(&url, &["code", "issue", "--club", &id, "--json"])).unwrap();
    assert_eq!(code["club_id"], id.as_str());
    // The code works on a storage opened on the same schema.
    let s = open(&config, &dir.path().join("replica.db"));
    let e = s
        .enrol(code["code"].as_str().unwrap(), "Điện thoại chị Lan")
        .unwrap();
    let devices: serde_json::Value =
        serde_json::from_str(&admin(&url, &["device", "list", "--club", &id, "--json"])).unwrap();
    assert_eq!(devices[0]["id"], e.device_id.as_str());
    assert_eq!(devices[0]["revoked_at"], serde_json::Value::Null);
    let revoked: serde_json::Value =
        serde_json::from_str(&admin(&url, &["device", "revoke", &e.device_id, "--json"])).unwrap();
    assert!(revoked["revoked_at"].is_string());
    assert_eq!(
        s.authenticate(&e.token).unwrap_err().code(),
        "auth.device_revoked"
    );
    let clubs: serde_json::Value =
        serde_json::from_str(&admin(&url, &["club", "list", "--json"])).unwrap();
    assert_eq!(clubs.as_array().unwrap().len(), 1);
    assert_eq!(clubs[0]["last_seq"], 1);
    assert_eq!(clubs[0]["active_devices"], 0);
    // Officers: created with the password on standard input, listed,
    // disabled; the account signs in through a storage on the schema.
    let mut create = std::process::Command::new(env!("CARGO_BIN_EXE_ishc-server"))
        .args([
            "officer",
            "create",
            "--username",
            "Lan",
            "--name",
            "Nguyễn Thị Lan",
            "--role",
            "analyst",
            "--province",
            "75",
            "--json",
        ])
        .env("ISHC_DATABASE_URL", &url)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = create.stdin.take().unwrap();
        stdin.write_all("mật khẩu dài 2026\n".as_bytes()).unwrap();
    }
    let out = create.wait_with_output().unwrap();
    assert!(out.status.success());
    let officer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(officer["username"], "lan");
    assert_eq!(officer["role"], "analyst");
    let listed: serde_json::Value =
        serde_json::from_str(&admin(&url, &["officer", "list", "--json"])).unwrap();
    assert_eq!(listed[0]["full_name"], "Nguyễn Thị Lan");
    let session = DashboardStorage::login(&*s, "lan", "mật khẩu dài 2026", "10.0.0.1").unwrap();
    let disabled: serde_json::Value =
        serde_json::from_str(&admin(&url, &["officer", "disable", "lan", "--json"])).unwrap();
    assert!(disabled["disabled_at"].is_string());
    assert_eq!(
        DashboardStorage::session(&*s, &session.token).unwrap(),
        None
    );
    // A bad URL is refused with its code, exit status 1.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ishc-server"))
        .args(["club", "list", "--database-url", "postgres://[nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[server.database_url]"));
}

/// Members of each club of `province` as a process's dashboard reads them
/// (after its replica caught the province up), and its indicators for 2026.
fn dashboard_view(
    s: &PgStorage,
    province: u32,
) -> (
    Vec<(String, i64)>,
    ishc_core::indicators::ProvinceIndicators,
) {
    let s: &dyn DashboardStorage = s;
    s.with_province(province, |conn| {
        let members = conn
            .prepare("SELECT club_id, count(*) FROM members GROUP BY club_id ORDER BY club_id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let figures = ishc_core::indicators::province_indicators(
            conn,
            province,
            ishc_core::indicators::Period::year(2026).unwrap(),
            &[],
        )?;
        Ok((members, figures))
    })
    .unwrap()
}

#[test]
fn a_process_dashboard_shows_what_other_processes_stored_for_its_province_only() {
    let dir = tempfile::tempdir().unwrap();
    let Some(config) = database(dir.path()) else {
        return;
    };
    let replica_a = dir.path().join("a.db");
    let replica_b = dir.path().join("b.db");
    let a = open(&config, &replica_a);
    let b = open(&config, &replica_b);
    let dong_nai = ishc_core::admin_units::communes_in_province(75);
    let other_dn = dong_nai
        .iter()
        .find(|c| c.code != common::XUAN_LOC)
        .unwrap();
    let ha_noi = ishc_core::admin_units::communes_in_province(1)[0];
    let new_club = |name: &str, commune: u32| {
        a.create_club(NewClub {
            name: name.to_string(),
            commune_code: commune,
            founded_on: chrono::NaiveDate::from_ymd_opt(2024, 3, 8).unwrap(),
            activity_areas: None,
        })
        .unwrap()
    };
    let xl = new_club("CLB Xuân Lộc", common::XUAN_LOC);
    let dn = new_club("CLB Đồng Nai 2", other_dn.code);
    let hn = new_club("CLB Hà Nội", ha_noi.code);
    let phone_xl = enrol(&*a, &xl.id, "Xuân Lộc");
    let phone_dn = enrol(&*a, &dn.id, "Đồng Nai 2");
    let phone_hn = enrol(&*a, &hn.id, "Hà Nội");
    let mut chairs = vec![];
    for (phone, n) in [(&phone_xl, 5), (&phone_dn, 3), (&phone_hn, 4)] {
        let (chair, first) = register_chair(phone, "Chủ nhiệm");
        let mut ops = vec![first];
        for i in 0..n - 1 {
            let m = member(&phone.club, &format!("Hội viên {i}"), &[]);
            ops.push(op(phone, &chair.id, Change::MemberRegistered(m)));
        }
        let r = push(&*a, phone, &ops);
        assert!(r
            .results
            .iter()
            .all(|x| matches!(x.outcome, OpOutcome::Accepted { .. })));
        chairs.push(chair);
    }

    // B never served these clubs; its dashboard catches Đồng Nai up and
    // sees what A sees.
    let (members_b, figures_b) = dashboard_view(&b, 75);
    let mut expected = vec![(xl.id.clone(), 5), (dn.id.clone(), 3)];
    expected.sort();
    assert_eq!(members_b, expected);
    let (_, figures_a) = dashboard_view(&a, 75);
    assert_eq!(figures_b, figures_a);
    assert_eq!(figures_b.clubs.len(), 2);
    assert_eq!(figures_b.totals.members, 8);
    // Hà Nội's club was not fetched into B's replica.
    assert_eq!(replica_ops(&replica_b, &hn.id).0, vec![]);
    assert_eq!(replica_ops(&replica_b, &xl.id).0, pg_ops(&config, &xl.id));

    // Pushes through both processes while B's dashboard reads: no push
    // fails (a read catching B's replica up between a push's look at
    // PostgreSQL and its apply is expected), and B ends equal to
    // PostgreSQL.
    const ROUNDS: usize = 15;
    std::thread::scope(|scope| {
        for (k, (phone, chair)) in [(&phone_xl, &chairs[0]), (&phone_dn, &chairs[1])]
            .into_iter()
            .enumerate()
        {
            let (a, b) = (&a, &b);
            scope.spawn(move || {
                for r in 0..ROUNDS {
                    let via: &dyn Storage = if (r + k) % 2 == 0 { &**a } else { &**b };
                    let m = member(&phone.club, &format!("Mới {k}-{r}"), &[]);
                    let res = push(
                        via,
                        phone,
                        &[op(phone, &chair.id, Change::MemberRegistered(m))],
                    );
                    assert!(
                        matches!(res.results[0].outcome, OpOutcome::Accepted { .. }),
                        "{:?}",
                        res.results[0]
                    );
                }
            });
        }
        let b = &b;
        scope.spawn(move || {
            for _ in 0..ROUNDS * 2 {
                dashboard_view(b, 75);
            }
        });
    });
    let (members_b, figures_b) = dashboard_view(&b, 75);
    assert_eq!(
        members_b.iter().map(|(_, n)| n).sum::<i64>(),
        8 + 2 * ROUNDS as i64
    );
    assert_eq!(figures_b, dashboard_view(&a, 75).1);
    for club in [&xl.id, &dn.id] {
        assert_eq!(replica_ops(&replica_b, club).0, pg_ops(&config, club));
    }

    // A session opened through one process is open through the other, and
    // signing out through the other ends it for both.
    let officer = NewOfficer {
        username: "lan".into(),
        full_name: "Nguyễn Thị Lan".into(),
        role: Role::Admin,
        province_code: 75,
        password: "Đồng Nai 2026 mật khẩu".into(),
    };
    DashboardStorage::create_officer(&*a, officer).unwrap();
    let opened = DashboardStorage::login(&*a, "lan", "Đồng Nai 2026 mật khẩu", "10.0.0.1").unwrap();
    assert_eq!(
        DashboardStorage::session(&*b, &opened.token).unwrap(),
        Some(opened.session.clone())
    );
    DashboardStorage::logout(&*b, &opened.token).unwrap();
    assert_eq!(DashboardStorage::session(&*a, &opened.token).unwrap(), None);
}

/// Every column of the schema `config` searches first: table, column, type,
/// nullability, default and collation, in order; and every index's
/// definition with the schema name taken out.
fn pg_catalog(config: &postgres::Config) -> (Vec<String>, Vec<String>) {
    let mut c = config.connect(postgres::NoTls).expect("connect");
    let columns = c
        .query(
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                    || ' ' || COALESCE(column_default, '-') || ' ' || COALESCE(collation_name, '-')
                    || ' ' || is_identity
             FROM information_schema.columns WHERE table_schema = current_schema()
             ORDER BY table_name, ordinal_position",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let indexes = c
        .query(
            "SELECT replace(indexdef, current_schema() || '.', '') FROM pg_indexes
             WHERE schemaname = current_schema() ORDER BY indexname",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    (columns, indexes)
}

#[test]
fn a_database_migrated_from_version_1_equals_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let Some(fresh) = database(dir.path()) else {
        return;
    };
    // Version 1, as the first PostgreSQL release left it.
    let old_dir = tempfile::tempdir().unwrap();
    let old = testing::pg_config(&old_dir.path().join("schema.db")).unwrap();
    {
        let mut c = old.connect(postgres::NoTls).unwrap();
        c.batch_execute(
            "CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO server_meta (key, value) VALUES ('schema_version', '1');",
        )
        .unwrap();
        c.batch_execute(ishc_server::postgres::MIGRATIONS[0])
            .unwrap();
    }
    let migrated = open(&old, &old_dir.path().join("replica.db"));
    let created = open(&fresh, &dir.path().join("replica.db"));
    drop((migrated, created));
    let (old_columns, old_indexes) = pg_catalog(&old);
    let (new_columns, new_indexes) = pg_catalog(&fresh);
    assert!(
        new_columns
            .iter()
            .any(|c| c.starts_with("server_officers.")),
        "{new_columns:?}"
    );
    assert_eq!(old_columns, new_columns);
    assert_eq!(old_indexes, new_indexes);
    let version = |config: &postgres::Config| -> String {
        let mut c = config.connect(postgres::NoTls).unwrap();
        c.query_one(
            "SELECT value FROM server_meta WHERE key = 'schema_version'",
            &[],
        )
        .unwrap()
        .get(0)
    };
    assert_eq!(version(&old), "2");
    assert_eq!(version(&fresh), "2");
}
