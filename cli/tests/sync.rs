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
