//! `ishc enrol`, `ishc sync` and `ishc status` as a person would run them,
//! against a real server on loopback.

use ishc_server::storage::{NewClub, Storage};
use std::path::Path;
use std::process::{Command, Output};

fn ishc(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ishc"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ISHC_DB")
        .env_remove("ISHC_AS")
        .output()
        .expect("run ishc")
}

fn ok(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = ishc(db, &all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn two_phones_enrol_and_sync_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (addr, server) = rt
        .block_on(ishc_server::spawn(ishc_server::Config::new(
            dir.path().join("province.db"),
        )))
        .unwrap();
    let url = format!("http://{addr}");
    let club = server
        .storage()
        .create_club(NewClub {
            name: "CLB ấp 3".into(),
            commune_code: 26425,
            founded_on: chrono::NaiveDate::from_ymd_opt(2024, 6, 15).unwrap(),
            activity_areas: None,
        })
        .unwrap();
    let code = |s: &dyn Storage| s.issue_code(&club.id, 1).unwrap().code;
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));

    let e = ok(
        &a,
        &[
            "enrol",
            "--server",
            &url,
            "--code",
            &code(server.storage().as_ref()),
            "--name",
            "máy A",
        ],
    );
    assert_eq!(e["club"]["name"], "CLB ấp 3");
    assert_eq!(e["sync"]["received"], 1);
    // A used code is refused with the server's code, and nothing is bound.
    let used = e["device_id"].as_str().unwrap().to_string();
    assert!(!used.is_empty());

    ok(
        &a,
        &[
            "member",
            "add",
            "--name",
            "Nguyễn Thị Mười",
            "--sex",
            "female",
            "--birth",
            "1950",
            "--hamlet",
            "Ấp 3",
        ],
    );
    let st = ok(&a, &["status"]);
    assert_eq!(st["pending"], 1);
    let r = ok(&a, &["sync"]);
    assert_eq!(
        (r["sent"].as_u64(), r["rejected"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(ok(&a, &["status"])["pending"], 0);

    ok(
        &b,
        &[
            "enrol",
            "--server",
            &url,
            "--code",
            &code(server.storage().as_ref()),
            "--name",
            "máy B",
        ],
    );
    let list = ok(&b, &["member", "list", "--search", "muoi"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["member"]["full_name"], "Nguyễn Thị Mười");

    // Enrolling a database that already holds records is refused.
    let out = ishc(
        &a,
        &[
            "enrol",
            "--server",
            &url,
            "--code",
            &code(server.storage().as_ref()),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[enrol.not_empty]"));
    drop(server);
}

/// The phone's process is killed (SIGKILL) while it pulls a long history,
/// at a few different moments, and started again: every time the database
/// holds exactly the pages it finished (the cursor is a page boundary and
/// every operation up to it is applied once), and the next sync completes.
#[cfg(unix)]
#[test]
fn a_phone_killed_while_pulling_resumes_at_its_cursor() {
    use ishc_core::clock::SystemClock;
    use ishc_core::model::{Birth, HouseholdStatus, Membership, Sex};
    use ishc_core::store::{NewMember, Store};
    use std::sync::{Arc, Mutex};

    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (addr, server) = rt
        .block_on(ishc_server::spawn(ishc_server::Config::new(
            dir.path().join("province.db"),
        )))
        .unwrap();
    let url = format!("http://{addr}");
    let club = server
        .storage()
        .create_club(NewClub {
            name: "CLB".into(),
            commune_code: 26425,
            founded_on: chrono::NaiveDate::from_ymd_opt(2024, 6, 15).unwrap(),
            activity_areas: None,
        })
        .unwrap();
    // Phone A records 2,000 registrations and sends them.
    let a = Arc::new(Mutex::new(
        Store::open(&dir.path().join("a.db"), "a", Arc::new(SystemClock)).unwrap(),
    ));
    let code = server.storage().issue_code(&club.id, 1).unwrap().code;
    rt.block_on(ishc_core::sync::client::enrol(&a, &url, &code, "A"))
        .unwrap();
    let client = ishc_core::sync::client::SyncClient::new(a.clone(), Default::default()).unwrap();
    rt.block_on(client.sync()).unwrap(); // receives the club
    let people: Vec<NewMember> = (0..2000)
        .map(|i| NewMember {
            full_name: format!("Người Thứ {i}"),
            sex: Sex::Female,
            birth: Birth::Year(1940 + i % 40),
            ethnicity_code: 1,
            household: HouseholdStatus::Neither,
            disabled: false,
            lives_alone: false,
            hamlet: format!("Ấp {}", i % 7),
            phone: None,
            joined_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            roles: vec![],
            membership: Membership::Member,
        })
        .collect();
    a.lock()
        .unwrap()
        .register_members(&club.id, people)
        .unwrap();
    rt.block_on(client.sync()).unwrap();
    let total = 2001; // the club's creation and 2,000 registrations

    let mut interrupted = 0;
    for (attempt, delay_ms) in [250u64, 600, 1000, 1500].into_iter().enumerate() {
        let b = dir.path().join(format!("b{attempt}.db"));
        let code = server.storage().issue_code(&club.id, 1).unwrap().code;
        let mut child = Command::new(env!("CARGO_BIN_EXE_ishc"))
            .arg("--db")
            .arg(&b)
            .args(["enrol", "--server", &url, "--code", &code])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let store = Store::open(&b, "check", Arc::new(SystemClock)).unwrap();
        if store.meta("device_token").unwrap().is_none() {
            continue; // killed before it was enrolled: nothing to resume
        }
        let cursor = store.pull_cursor();
        let held = store.change_log(false).unwrap().len() as i64;
        assert!(
            cursor == 0 || cursor % 500 == 0 || cursor == total,
            "cursor {cursor} is a page boundary"
        );
        assert_eq!(
            held, cursor,
            "exactly the operations up to the cursor are applied"
        );
        eprintln!("killed after {delay_ms} ms: cursor {cursor} of {total}");
        if 0 < cursor && cursor < total {
            interrupted += 1;
        }
        drop(store);
        let r = ok(&b, &["sync"]);
        assert_eq!(r["received"].as_i64().unwrap(), total - cursor);
        let store = Store::open(&b, "check", Arc::new(SystemClock)).unwrap();
        assert_eq!(store.change_log(false).unwrap().len() as i64, total);
        assert_eq!(
            store
                .list_members(
                    &club.id,
                    None,
                    true,
                    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                )
                .unwrap()
                .len(),
            2000
        );
        let audit = store.audit().unwrap();
        assert!(audit.rows_without_op.is_empty() && audit.ops_without_rows.is_empty());
    }
    eprintln!("killed mid-pull in {interrupted} of 4 attempts");
    drop(server);
}
