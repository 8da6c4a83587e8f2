//! Running the `ishc` binary in the command-line tests: a real process on a
//! real database file, with the environment's defaults (`ISHC_DB`,
//! `ISHC_AS`) removed so only the arguments count.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// `ishc --db DB ARGS…`.
pub fn ishc(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ishc"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ISHC_DB")
        .env_remove("ISHC_AS")
        .output()
        .expect("run ishc")
}

/// The standard output of a command that must succeed.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = ishc(db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The JSON a command prints with `--json`; it must succeed.
pub fn ok_json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(db, &all)).expect("JSON output")
}

/// The standard error of a command refused for its input (exit 1).
pub fn refused(db: &Path, args: &[&str]) -> String {
    let out = ishc(db, args);
    assert_eq!(out.status.code(), Some(1), "{args:?} should be refused");
    String::from_utf8(out.stderr).expect("UTF-8 errors")
}

/// The path of `samples/NAME`.
pub fn sample(name: &str) -> String {
    format!("{}/../samples/{name}", env!("CARGO_MANIFEST_DIR"))
}
