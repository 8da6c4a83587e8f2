//! Every error code the code base uses is listed in docs/ERRORS.md, and every
//! code listed there is used.

use std::collections::BTreeSet;
use std::path::Path;

/// Areas whose `"<area>.<rule>"` string literals are error or rule codes.
const AREAS: &[&str] = &[
    "money",
    "phone",
    "date",
    "instant",
    "birth",
    "rate",
    "bp",
    "hlc",
    "text",
    "ethnicity",
    "member",
    "duplicate",
    "device",
    "club",
    "meeting",
    "activity",
    "visit",
    "vitals",
    "fund",
    "savings",
    "journal",
    "loan",
    "roster",
    "loan_import",
    "full_name",
    "birth_year",
    "sex",
    "household",
    "composition",
    "schema",
    "internal",
    "demo",
    "op",
    "enrol",
    "conflict",
    "sync",
    "period",
    "target",
    "commune_merge",
    "indicators",
    "active",
    "managed",
    "store",
];

fn codes_in(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for piece in text.split('"').skip(1).step_by(2) {
        if let Some((area, rule)) = piece.split_once('.') {
            let ok =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            if AREAS.contains(&area) && ok(rule) {
                out.insert(piece.to_string());
            }
        }
    }
    out
}

fn sources(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_code_is_documented_and_every_documented_code_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = vec![];
    sources(&root.join("core/src"), &mut files);
    sources(&root.join("cli/src"), &mut files);
    sources(&root.join("server/src"), &mut files);
    sources(&root.join("bindings/ffi/src"), &mut files);
    let mut used = BTreeSet::new();
    for f in &files {
        used.extend(codes_in(f));
    }
    let doc = std::fs::read_to_string(root.join("docs/ERRORS.md")).unwrap();
    let documented: BTreeSet<String> = doc
        .split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|s| s.split(", ").map(str::to_string).collect::<Vec<_>>())
        .filter(|s| codes_in(&format!("\"{s}\"")).contains(s))
        .collect();
    let undocumented: Vec<_> = used.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&used).collect();
    assert!(
        undocumented.is_empty(),
        "codes used but not in docs/ERRORS.md: {undocumented:?}"
    );
    assert!(
        stale.is_empty(),
        "codes in docs/ERRORS.md that nothing uses: {stale:?}"
    );
    assert!(
        used.len() > 80,
        "found only {} codes: is the scan broken?",
        used.len()
    );
}
