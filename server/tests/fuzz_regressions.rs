//! Push bodies the `push_payload` and `push_ops` fuzz targets (`fuzz/`,
//! `scripts/fuzz.sh`) found or kept, in `fuzz/regressions/push_payload/`,
//! replayed against a real server on loopback with the answer each must
//! get: the status, and for a 200 every operation's outcome; then replayed
//! once more, which must answer `already_had` for every operation accepted
//! the first time and the same code for every one rejected.
//!
//! As in the fuzz harness (`fuzz/src/push.rs`) the server's clock stands at
//! 16 March 2026, 10:00 in Vietnam, the database holds one club and one
//! enrolled device, and a body names their ids by the placeholders
//! `@CLUB@` and `@DEVICE@`.

use chrono::{FixedOffset, NaiveDate, TimeZone};
use ishc_core::clock::FixedClock;
use ishc_core::sync::wire::{ErrorBody, OpOutcome, PushResponse, PROTOCOL_HEADER};
use ishc_server::sqlite::SqliteStorage;
use ishc_server::storage::{NewClub, Storage};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Each regression input and its answer: the status, then for a 200 each
/// operation's outcome (`accepted N`, `already_had N` or the rejection
/// code), or for another status the error code.
const EXPECTED: &[(&str, u16, &[&str])] = &[
    // push_payload's first run (seeded with a day of work in reverse):
    // the visit came before its volunteer's registration in the push and
    // was refused `op.not_permitted`, though the volunteer was registered
    // by the same push, and a replay accepted it. Every rejected operation
    // is now tried again after a pass that accepted something.
    (
        "visit-before-its-volunteer.json",
        200,
        &["accepted 4", "accepted 2", "accepted 3"],
    ),
];

fn regressions() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions/push_payload");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("fuzz/regressions/push_payload exists")
        .map(|e| {
            let path = e.expect("a directory entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("readable"))
        })
        .collect();
    out.sort();
    out
}

/// `hay` with every `from` replaced by `to` (bodies need not be UTF-8).
fn replace(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

fn outcome(o: &OpOutcome) -> String {
    match o {
        OpOutcome::Accepted { seq } => format!("accepted {seq}"),
        OpOutcome::AlreadyHad { seq } => format!("already_had {seq}"),
        OpOutcome::Rejected { code, .. } => code.clone(),
    }
}

struct Server {
    addr: SocketAddr,
    token: String,
    club: String,
    device: String,
    _handle: ishc_server::ServerHandle,
    _dir: tempfile::TempDir,
}

async fn server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let at = FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 16, 10, 0, 0)
        .unwrap();
    let storage = Arc::new(
        SqliteStorage::open_with_clock(&dir.path().join("p.db"), Arc::new(FixedClock::new(at)))
            .unwrap(),
    );
    let club = storage
        .create_club(NewClub {
            name: "CLB Ấp 3".to_string(),
            commune_code: 26425,
            founded_on: NaiveDate::from_ymd_opt(2024, 6, 15).unwrap(),
            activity_areas: None,
        })
        .unwrap();
    let code = storage.issue_code(&club.id, 72).unwrap().code;
    let enrolled = storage.enrol(&code, "Điện thoại chị Lan").unwrap();
    let (addr, handle) = ishc_server::spawn_with(storage, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    Server {
        addr,
        token: enrolled.token,
        club: club.id,
        device: enrolled.device_id,
        _handle: handle,
        _dir: dir,
    }
}

async fn push(s: &Server, body: Vec<u8>) -> (u16, Vec<String>) {
    let res = reqwest::Client::new()
        .post(format!("http://{}/v1/push", s.addr))
        .header(PROTOCOL_HEADER, "1")
        .header("content-type", "application/json")
        .bearer_auth(&s.token)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let bytes = res.bytes().await.unwrap();
    if status == 200 {
        let r: PushResponse = serde_json::from_slice(&bytes).unwrap();
        (
            status,
            r.results.iter().map(|r| outcome(&r.outcome)).collect(),
        )
    } else {
        let e: ErrorBody = serde_json::from_slice(&bytes).unwrap();
        (status, vec![e.code])
    }
}

#[tokio::test]
async fn push_regressions_get_their_answers_and_replay_the_same() {
    let inputs = regressions();
    let names: Vec<&str> = inputs.iter().map(|(n, _)| n.as_str()).collect();
    let listed: Vec<&str> = EXPECTED.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(names, listed, "every regression input has its answer here");
    for ((name, raw), (_, status, want)) in inputs.iter().zip(EXPECTED) {
        let s = server().await;
        let body = replace(
            &replace(raw, b"@CLUB@", s.club.as_bytes()),
            b"@DEVICE@",
            s.device.as_bytes(),
        );
        let (got_status, got) = push(&s, body.clone()).await;
        let want: Vec<String> = want.iter().map(|w| w.to_string()).collect();
        assert_eq!((got_status, &got), (*status, &want), "{name}");
        let (again_status, again) = push(&s, body).await;
        let replayed: Vec<String> = got
            .iter()
            .map(|o| match o.split_once(' ') {
                Some(("accepted" | "already_had", seq)) => format!("already_had {seq}"),
                _ => o.clone(),
            })
            .collect();
        assert_eq!(
            (again_status, again),
            (*status, replayed),
            "{name} replayed"
        );
    }
}
