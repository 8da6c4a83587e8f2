//! Writes the push targets' seed bodies (`fuzz/seeds/push_payload/`) and
//! their dictionary (`fuzz/dicts/push.dict`) from a real day of a club's
//! work: the first phone's registrations, grant, meeting, deposits, loan,
//! repayment and visits, made by the phone's own store
//! (`server/benches/loadgen/work.rs`, the load generator's day) on the
//! harness's clock, then taken from its change log as the phone pushes
//! them. The club and device ids become the placeholders `@CLUB@` and
//! `@DEVICE@`.
//!
//! Run from `fuzz/`: `cargo run --example push_seeds`.

#[path = "../../server/benches/loadgen/work.rs"]
#[allow(dead_code)]
mod work;

use ishc_core::clock::Clock;
use ishc_core::store::Store;
use ishc_fuzz::push::{fixed_clock, CLUB, DEVICE};
use ishc_server::sqlite::SqliteStorage;
use ishc_server::storage::{Device, NewClub, Storage};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

fn main() {
    let clock: Arc<dyn Clock> = fixed_clock();
    let server = SqliteStorage::open_in_memory(clock.clone()).expect("server");
    let club = server
        .create_club(NewClub {
            name: "CLB Ấp 3".into(),
            commune_code: 26425,
            founded_on: work::founded(),
            activity_areas: None,
        })
        .expect("club");
    let code = server.issue_code(&club.id, 72).expect("code").code;
    let enrolled = server.enrol(&code, "seed phone").expect("enrol");
    let device = Device {
        id: enrolled.device_id.clone(),
        club_id: club.id.clone(),
    };
    let page = server.pull(&device, 0, 1000).expect("pull");
    let mut store = Store::open_in_memory(&device.id, clock).expect("store");
    store.apply_pulled(&page).expect("club pulled");
    work::start_club(&mut store, &club.id).expect("a day of work");
    let ops = store.pending_ops(500).expect("pending ops");
    assert_eq!(ops.len(), work::FIRST_PHONE_OPS);

    let placeholders = |v: &Value| -> String {
        serde_json::to_string(v)
            .expect("json")
            .replace(&club.id, CLUB)
            .replace(&device.id, DEVICE)
    };
    let ops: Vec<Value> = ops
        .iter()
        .map(|o| serde_json::to_value(o).expect("json"))
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/push_payload");
    std::fs::create_dir_all(&dir).expect("seed dir");
    let write = |name: &str, body: Value| {
        std::fs::write(dir.join(name), placeholders(&body) + "\n").expect("write seed");
    };
    write("day-of-work.json", json!({ "ops": ops }));
    write("first-registration.json", json!({ "ops": [ops[0]] }));
    let reversed: Vec<Value> = ops.iter().rev().cloned().collect();
    write("day-reversed.json", json!({ "ops": reversed }));
    write("same-op-twice.json", json!({ "ops": [ops[0], ops[0]] }));
    write("empty.json", json!({ "ops": [] }));
    let mut changed = ops[0].clone();
    changed["author"] = json!("admin:other");
    write(
        "malformed-and-conflicting.json",
        json!({ "ops": [{ "op_id": "not-a-uuid" }, ops[0], changed] }),
    );

    // The dictionary: every key and every short string of the day.
    let mut words = BTreeSet::new();
    fn walk(v: &Value, words: &mut BTreeSet<String>) {
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    words.insert(format!("\"{k}\""));
                    walk(x, words);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, words)),
            Value::String(s) if s.len() <= 40 => {
                words.insert(format!("\"{s}\""));
            }
            _ => {}
        }
    }
    for op in &ops {
        walk(op, &mut words);
    }
    // libFuzzer's dictionary syntax: one quoted word a line (here with its
    // JSON quotes), bytes other
    // than printable ASCII (and `"`, `\\`) as `\\xNN`.
    let dict: String = words
        .iter()
        .map(|w| w.replace(&club.id, CLUB).replace(&device.id, DEVICE))
        .map(|w| {
            let inner = w.as_str();
            let escaped: String = inner
                .bytes()
                .map(|b| match b {
                    b'"' | b'\\' => format!("\\x{b:02x}"),
                    0x20..=0x7e => char::from(b).to_string(),
                    _ => format!("\\x{b:02x}"),
                })
                .collect();
            format!("\"{escaped}\"\n")
        })
        .collect();
    let dicts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dicts");
    std::fs::create_dir_all(&dicts).expect("dict dir");
    std::fs::write(
        dicts.join("push.dict"),
        format!("# Keys and strings of a day of work (examples/push_seeds.rs).\n{dict}"),
    )
    .expect("write dict");
    println!("{} ops, {} dictionary words", ops.len(), words.len());
}
