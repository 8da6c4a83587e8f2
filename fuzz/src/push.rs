//! The push harness: a push body through the server's own router
//! (`ishc_server::http::router`: the protocol and bearer-token checks, gzip
//! decompression, the body limit, the JSON parsing, then
//! `SqliteStorage::push`, which checks and applies every operation with
//! `ishc_core::sync::replica::apply`), without a socket, on a fresh copy of
//! a database holding one club and one enrolled device.
//!
//! The club and device ids are made at random when the template is built,
//! so bodies name them by placeholders the harness substitutes:
//! [`CLUB`] and [`DEVICE`]. Everything else in a body is as the phone
//! sends it.
//!
//! [`Harness::check`] panics when a property fails:
//!
//! * the server never answers 5xx, and a refusal is a JSON error body with
//!   a code `docs/ERRORS.md` lists, after which the database is unchanged;
//! * a 200 answer has one result per operation, in order, with its op id;
//!   every rejection code is documented;
//! * every accepted operation is in the club's log exactly once, under the
//!   sequence number the answer gave (the next numbers, without gaps), with
//!   the content that was sent; `already_had` names an operation accepted
//!   earlier in the same push; nothing else entered the log;
//! * nothing is half-written: the materialised data (every core table)
//!   equals the data of a fresh database that was sent only the accepted
//!   operations, in sequence order;
//! * a replayed body gets the same answer: each accepted operation is now
//!   `already_had` with its sequence number, each rejected one is rejected
//!   with the same code, and the data does not change.

use axum::body::Body;
use axum::http::header::{AUTHORIZATION, CONTENT_ENCODING, CONTENT_TYPE};
use axum::http::Request;
use chrono::{FixedOffset, NaiveDate, TimeZone};
use flate2::write::GzEncoder;
use ishc_core::clock::{Clock, FixedClock};
use ishc_core::sync::wire::{ErrorBody, OpOutcome, PushResponse, WireOp, PROTOCOL_HEADER};
use ishc_server::http::{router, AppState, Faults};
use ishc_server::limits::FailureLimiter;
use ishc_server::sqlite::SqliteStorage;
use ishc_server::storage::{Device, NewClub, Storage};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;

/// Placeholder for the club's id in a body.
pub const CLUB: &str = "@CLUB@";
/// Placeholder for the enrolled device's id in a body.
pub const DEVICE: &str = "@DEVICE@";

/// The server's clock during a run: 16 March 2026, 10:00 in Vietnam.
pub fn fixed_clock() -> Arc<FixedClock> {
    let at = FixedOffset::east_opt(7 * 3600)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 3, 16, 10, 0, 0).single())
        .expect("a valid instant");
    Arc::new(FixedClock::new(at))
}

/// Every row of every core table (the `server_*` tables left out), each
/// table's rows as text, sorted.
pub type Dump = BTreeMap<String, Vec<String>>;

/// Reads [`Dump`] from the database file at `path`.
pub fn dump(path: &Path) -> Dump {
    let conn = rusqlite::Connection::open(path).expect("open the database to read it");
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'server\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY name",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("list tables");
    let mut out = Dump::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .expect("select a table");
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: rusqlite::Result<Vec<String>> = (0..n)
                    .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                    .collect();
                Ok(cells?.join("|"))
            })
            .and_then(|rows| rows.collect())
            .expect("read a table");
        rows.sort();
        out.insert(t, rows);
    }
    out
}

/// A server answer: status and body bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Body bytes.
    pub body: Vec<u8>,
}

/// The harness: a runtime, the template database and its ids.
pub struct Harness {
    rt: tokio::runtime::Runtime,
    dir: PathBuf,
    template: Vec<u8>,
    clock: Arc<FixedClock>,
    /// The club's id (substituted for [`CLUB`]).
    pub club_id: String,
    /// The enrolled device's id (substituted for [`DEVICE`]).
    pub device_id: String,
    token: String,
    template_last_seq: i64,
    template_dump: Dump,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    /// Builds the template: a club created on the server and one device
    /// enrolled with a code, in a fresh directory under `/dev/shm` (else the
    /// system's temporary directory).
    pub fn new() -> Harness {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        remove_stale_dirs(&base);
        let dir = base.join(format!("ishc-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("harness directory");
        let clock = fixed_clock();
        let path = dir.join("template.db");
        remove_db(&path);
        let storage = SqliteStorage::open_with_clock(&path, clock.clone()).expect("template opens");
        let club = storage
            .create_club(NewClub {
                name: "CLB Ấp 3".to_string(),
                commune_code: 26425,
                founded_on: NaiveDate::from_ymd_opt(2024, 6, 15).expect("a date"),
                activity_areas: None,
            })
            .expect("club created");
        let code = storage.issue_code(&club.id, 72).expect("code issued").code;
        let enrolled = storage
            .enrol(&code, "Điện thoại chị Lan")
            .expect("enrolled");
        let device = Device {
            id: enrolled.device_id.clone(),
            club_id: club.id.clone(),
        };
        let log = storage.pull(&device, 0, 1000).expect("pull");
        let template_last_seq = log.next_after;
        drop(storage);
        let template = std::fs::read(&path).expect("template bytes");
        let template_dump = dump(&path);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        Harness {
            rt,
            dir,
            template,
            clock,
            club_id: club.id,
            device_id: enrolled.device_id,
            token: enrolled.token,
            template_last_seq,
            template_dump,
        }
    }

    /// `body` with the placeholders replaced by the template's ids.
    pub fn substitute(&self, body: &[u8]) -> Vec<u8> {
        let mut out = replace(body, CLUB.as_bytes(), self.club_id.as_bytes());
        out = replace(&out, DEVICE.as_bytes(), self.device_id.as_bytes());
        out
    }

    /// A fresh copy of the template at `name`, opened by the server.
    fn fresh(&self, name: &str) -> (PathBuf, Arc<SqliteStorage>) {
        let path = self.dir.join(name);
        remove_db(&path);
        std::fs::write(&path, &self.template).expect("copy the template");
        let clock: Arc<dyn Clock> = self.clock.clone();
        let storage = SqliteStorage::open_with_clock(&path, clock).expect("copy opens");
        (path, Arc::new(storage))
    }

    /// Posts `body` (already substituted) to `/v1/push` as the device,
    /// gzip-compressed when `gzip`, through the server's router.
    pub fn post(&self, storage: &Arc<SqliteStorage>, body: &[u8], gzip: bool) -> Answer {
        let app = router(AppState {
            storage: storage.clone(),
            faults: Arc::new(Faults::default()),
            enrol_limits: Arc::new(FailureLimiter::enrolment(self.clock.clone())),
            behind_proxy: false,
        });
        let mut req = Request::builder()
            .method("POST")
            .uri("/v1/push")
            .header(PROTOCOL_HEADER, "1")
            .header(AUTHORIZATION, format!("Bearer {}", self.token))
            .header(CONTENT_TYPE, "application/json");
        let bytes = if gzip {
            req = req.header(CONTENT_ENCODING, "gzip");
            let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(body).expect("gzip");
            enc.finish().expect("gzip")
        } else {
            body.to_vec()
        };
        let req = req.body(Body::from(bytes)).expect("a request");
        self.rt.block_on(async {
            let res = app.oneshot(req).await.expect("the router answers");
            let status = res.status().as_u16();
            let body = axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .expect("the answer's body");
            Answer {
                status,
                body: body.to_vec(),
            }
        })
    }

    /// The club's log after the template's, as the device pulls it.
    fn log(&self, storage: &SqliteStorage) -> Vec<(i64, WireOp)> {
        let device = Device {
            id: self.device_id.clone(),
            club_id: self.club_id.clone(),
        };
        let mut after = self.template_last_seq;
        let mut out = Vec::new();
        loop {
            let page = storage.pull(&device, after, 1000).expect("pull");
            out.extend(page.ops.into_iter().map(|p| (p.seq, p.op)));
            after = page.next_after;
            if !page.more {
                return out;
            }
        }
    }

    /// Runs `body` (with placeholders) through a fresh server and checks
    /// every property of the [module documentation](self); returns the
    /// first answer.
    pub fn check(&self, body: &[u8], gzip: bool) -> Answer {
        let body = self.substitute(body);
        let (path, storage) = self.fresh("run.db");
        let first = self.post(&storage, &body, gzip);
        assert!(
            first.status < 500,
            "the server failed ({}): {}",
            first.status,
            String::from_utf8_lossy(&first.body)
        );
        if first.status != 200 {
            let err: ErrorBody = serde_json::from_slice(&first.body).expect("an error body");
            crate::assert_documented(&err.code, &format!("status {}", first.status));
            assert!(!err.message.is_empty());
            assert!(
                self.log(&storage).is_empty(),
                "a refused push wrote to the log"
            );
            drop(storage);
            assert!(
                dump(&path) == self.template_dump,
                "a refused push changed data"
            );
            return first;
        }
        let res: PushResponse = serde_json::from_slice(&first.body).expect("a push answer");
        // The ops as the body holds them (the request parsed, so it is an
        // object with an `ops` array).
        let sent: Vec<serde_json::Value> = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("ops").and_then(|o| o.as_array()).cloned())
            .expect("a 200 answer means the body had an ops array");
        assert_eq!(res.results.len(), sent.len(), "one result per operation");
        let log = self.log(&storage);
        let by_seq: BTreeMap<i64, &WireOp> = log.iter().map(|(s, o)| (*s, o)).collect();
        assert_eq!(by_seq.len(), log.len(), "sequence numbers are unique");
        let mut accepted: BTreeMap<i64, (String, WireOp)> = BTreeMap::new();
        for (r, v) in res.results.iter().zip(&sent) {
            let id = v.get("op_id").and_then(|i| i.as_str()).unwrap_or_default();
            assert_eq!(r.op_id, id, "results are in request order");
            match &r.outcome {
                OpOutcome::Accepted { seq } => {
                    let op: WireOp = serde_json::from_value(v.clone())
                        .expect("an accepted operation is a WireOp");
                    let stored = by_seq.get(seq).expect("an accepted op is in the log");
                    assert_eq!(**stored, op, "the log holds what was sent (seq {seq})");
                    let again = accepted.insert(*seq, (r.op_id.clone(), op));
                    assert!(again.is_none(), "seq {seq} given twice");
                }
                OpOutcome::AlreadyHad { .. } => {}
                OpOutcome::Rejected { code, reason } => {
                    crate::assert_documented(code, reason);
                    assert!(!reason.is_empty());
                }
            }
        }
        for r in &res.results {
            if let OpOutcome::AlreadyHad { seq } = &r.outcome {
                let (id, _) = accepted
                    .get(seq)
                    .expect("already_had on a fresh club names an op of this push");
                assert_eq!(*id, r.op_id, "already_had names the same op id");
            }
        }
        let want_seqs: Vec<i64> = (1..=accepted.len() as i64)
            .map(|i| self.template_last_seq + i)
            .collect();
        assert_eq!(
            accepted.keys().copied().collect::<Vec<_>>(),
            want_seqs,
            "accepted ops take the next sequence numbers"
        );
        assert_eq!(
            log.len(),
            accepted.len(),
            "nothing but accepted ops in the log"
        );

        // Replay: the same body, the same answer.
        let second = self.post(&storage, &body, gzip);
        assert_eq!(second.status, 200, "a replay of an accepted push");
        let res2: PushResponse = serde_json::from_slice(&second.body).expect("a push answer");
        assert_eq!(res2.results.len(), res.results.len());
        for (a, b) in res.results.iter().zip(&res2.results) {
            match (&a.outcome, &b.outcome) {
                (OpOutcome::Accepted { seq } | OpOutcome::AlreadyHad { seq }, b_out) => {
                    assert_eq!(
                        *b_out,
                        OpOutcome::AlreadyHad { seq: *seq },
                        "replay of {}",
                        a.op_id
                    );
                }
                (OpOutcome::Rejected { code, .. }, OpOutcome::Rejected { code: c2, .. }) => {
                    assert_eq!(code, c2, "replay of rejected {}", a.op_id);
                }
                (first, again) => {
                    panic!("replay of {}: first {first:?}, then {again:?}", a.op_id)
                }
            }
        }
        assert_eq!(
            self.log(&storage).len(),
            log.len(),
            "a replay added to the log"
        );
        drop(storage);
        let after = dump(&path);

        // Nothing half-written: the same data as the accepted ops alone.
        let ops: Vec<&WireOp> = accepted.values().map(|(_, op)| op).collect();
        let want = if ops.is_empty() {
            self.template_dump.clone()
        } else {
            let (ref_path, ref_storage) = self.fresh("reference.db");
            let ref_body = serde_json::to_vec(&serde_json::json!({ "ops": ops })).expect("json");
            let r = self.post(&ref_storage, &ref_body, false);
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            let rr: PushResponse = serde_json::from_slice(&r.body).expect("a push answer");
            for (res, seq) in rr.results.iter().zip(accepted.keys()) {
                assert_eq!(
                    res.outcome,
                    OpOutcome::Accepted { seq: *seq },
                    "the accepted ops alone, in order: {}",
                    res.op_id
                );
            }
            drop(ref_storage);
            dump(&ref_path)
        };
        if after != want {
            let diff: Vec<String> = after
                .iter()
                .filter(|(t, rows)| want.get(*t) != Some(rows))
                .map(|(t, rows)| format!("{t}: got {rows:#?}\nwant {:#?}", want.get(t)))
                .collect();
            panic!("rejected ops left data behind:\n{}", diff.join("\n"));
        }
        first
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Removes the directories of harnesses whose process has ended: libFuzzer
/// exits without dropping the harness, so [`Drop`] does not run there.
fn remove_stale_dirs(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("ishc-fuzz-")) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

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
