//! Structure-aware pushes: a body built from the operations of a real day
//! of a club's work (`seeds/push_payload/day-of-work.json`, made by the
//! phone's own store), picked in any order and number, with fields set to
//! other values (numbers at the edges, other ids of the day, dates, text) or
//! removed, and sent plain or gzip-compressed. Unlike raw bytes, nearly
//! every input is valid JSON of the right shape, so fuzzing reaches the
//! replica rules (`ishc_core::sync::replica::apply`) rather than stopping at
//! the JSON parser. The properties are `ishc_fuzz::push::Harness::check`'s.
#![no_main]

use arbitrary::Arbitrary;
use ishc_fuzz::push::Harness;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;

#[derive(Arbitrary, Debug)]
struct Input {
    gzip: bool,
    ops: Vec<OpSpec>,
}

#[derive(Arbitrary, Debug)]
struct OpSpec {
    /// Which operation of the day (modulo their number).
    template: u8,
    /// A new op id (a UUID made from the number), else the template's.
    new_id: Option<u16>,
    edits: Vec<Edit>,
}

#[derive(Arbitrary, Debug)]
enum Edit {
    /// Sets the node at index `path` (modulo the number of nodes, in
    /// depth-first order) to `value`.
    Set { path: u16, value: Val },
    /// Removes the node at `path` from its object or array.
    Remove { path: u16 },
}

#[derive(Arbitrary, Debug)]
enum Val {
    Null,
    Bool(bool),
    Small(i8),
    Edge(EdgeInt),
    Int(i64),
    Float(f64),
    Text(String),
    /// A string found somewhere in the day's operations (ids, dates, names,
    /// enum tags), by index.
    Known(u16),
    /// A date near the day's, as `yyyy-mm-dd`.
    Date(i16),
    EmptyObject,
    EmptyArray,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum EdgeInt {
    Zero,
    MinusOne,
    Max,
    Min,
    U32Max,
    I32Max,
}

struct Day {
    ops: Vec<Value>,
    strings: Vec<String>,
}

fn day() -> &'static Day {
    static DAY: OnceLock<Day> = OnceLock::new();
    DAY.get_or_init(|| {
        let body: Value =
            serde_json::from_slice(include_bytes!("../seeds/push_payload/day-of-work.json"))
                .expect("the seed is JSON");
        let ops = body["ops"].as_array().cloned().expect("an ops array");
        let mut strings = Vec::new();
        for op in &ops {
            collect_strings(op, &mut strings);
        }
        strings.sort();
        strings.dedup();
        Day { ops, strings }
    })
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// Paths (keys or indexes) of every node below the root, depth first.
fn paths(v: &Value, prefix: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                prefix.push(PathStep::Key(k.clone()));
                out.push(prefix.clone());
                paths(x, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                prefix.push(PathStep::Index(i));
                out.push(prefix.clone());
                paths(x, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn parent_mut<'a>(root: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    let mut cur = root;
    for step in path {
        cur = match step {
            PathStep::Key(k) => cur.get_mut(k.as_str())?,
            PathStep::Index(i) => cur.get_mut(*i)?,
        };
    }
    Some(cur)
}

fn value(v: &Val) -> Value {
    let day = day();
    match v {
        Val::Null => Value::Null,
        Val::Bool(b) => Value::Bool(*b),
        Val::Small(i) => Value::from(*i),
        Val::Edge(e) => match e {
            EdgeInt::Zero => Value::from(0),
            EdgeInt::MinusOne => Value::from(-1),
            EdgeInt::Max => Value::from(i64::MAX),
            EdgeInt::Min => Value::from(i64::MIN),
            EdgeInt::U32Max => Value::from(u32::MAX),
            EdgeInt::I32Max => Value::from(i32::MAX),
        },
        Val::Int(i) => Value::from(*i),
        Val::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Val::Text(s) => Value::String(s.clone()),
        Val::Known(i) => day
            .strings
            .get(usize::from(*i) % day.strings.len().max(1))
            .map_or(Value::Null, |s| Value::String(s.clone())),
        Val::Date(d) => {
            let base = chrono::NaiveDate::from_ymd_opt(2026, 3, 16).expect("a date");
            let date = base + chrono::Duration::days(i64::from(*d));
            Value::String(date.to_string())
        }
        Val::EmptyObject => Value::Object(Default::default()),
        Val::EmptyArray => Value::Array(vec![]),
    }
}

fn build(input: &Input) -> Value {
    let day = day();
    let mut ops = Vec::new();
    for spec in input.ops.iter().take(60) {
        let mut op = day.ops[usize::from(spec.template) % day.ops.len()].clone();
        if let Some(n) = spec.new_id {
            op["op_id"] = Value::String(format!("019a0000-0000-7000-8000-{:012x}", n));
        }
        for edit in spec.edits.iter().take(8) {
            let mut all = Vec::new();
            paths(&op, &mut Vec::new(), &mut all);
            if all.is_empty() {
                break;
            }
            let (path, set) = match edit {
                Edit::Set { path, value: v } => (path, Some(value(v))),
                Edit::Remove { path } => (path, None),
            };
            let path = &all[usize::from(*path) % all.len()];
            let Some((last, parent_path)) = path.split_last() else {
                continue;
            };
            let Some(parent) = parent_mut(&mut op, parent_path) else {
                continue;
            };
            match (last, set) {
                (PathStep::Key(k), Some(v)) => parent[k.as_str()] = v,
                (PathStep::Index(i), Some(v)) => parent[*i] = v,
                (PathStep::Key(k), None) => {
                    if let Some(o) = parent.as_object_mut() {
                        o.remove(k);
                    }
                }
                (PathStep::Index(i), None) => {
                    if let Some(a) = parent.as_array_mut() {
                        a.remove(*i);
                    }
                }
            }
        }
        ops.push(op);
    }
    serde_json::json!({ "ops": ops })
}

static HARNESS: OnceLock<std::sync::Mutex<Harness>> = OnceLock::new();

fuzz_target!(|input: Input| {
    let body = serde_json::to_vec(&build(&input)).expect("json");
    let h = HARNESS.get_or_init(|| std::sync::Mutex::new(Harness::new()));
    let h = h.lock().unwrap_or_else(|e| e.into_inner());
    h.check(&body, input.gzip);
});
