//! Applying an operation, made here or received from elsewhere, to a
//! database with the core schema: the one place where operations are
//! validated, permitted and merged. The phone's store uses it for its own
//! writes and for pulled pages; the provincial server uses it to check and
//! materialise what phones push.
//!
//! Merge rules: money, savings, visits, meetings and activities are
//! append-only (the union of all operations; corrections are reversals);
//! member fields are last-writer-wins per field, ordered by hybrid logical
//! clock with the device id as tie-break. When two devices changed the same
//! field without having seen each other's change, the losing value is kept
//! in `conflicts` for a person to review and restore.

use crate::error::FieldError;
use crate::ops::Change;
use crate::sync::wire::WireOp;
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

/// Why an operation was not applied: a stable code and an English reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    /// `op.invalid`, `op.unknown_parent`, `op.not_permitted`, `op.other_club`, …
    pub code: String,
    /// English reason, naming the field and rule for `op.invalid`.
    pub reason: String,
}

/// Checks a change's content without looking at any database: amounts and
/// their signs, text, readings, loan terms, dates. Errors name the field.
pub fn validate_change(change: &Change) -> Result<(), FieldError> {
    let _ = change;
    todo!()
}

/// The club a change belongs to, looked up through its parents when the
/// change does not name it (a member update, a void). `Err` with
/// `op.unknown_parent` when a parent is missing.
pub fn club_of_change(conn: &Connection, change: &Change) -> Result<String, Rejection> {
    let _ = (conn, change);
    todo!()
}

/// Validates `op` ([`validate_change`]), checks that its author may make it
/// (money needs a treasurer or chair, visits a home-care volunteer or chair,
/// from the club's members), that its parents exist, and applies it to the
/// tables, merging member fields per field. Does not write `change_log`:
/// the caller records the operation in the same transaction (the phone in
/// `change_log`, the server in its own log). `server_seq` is the operation's
/// sequence number on the server, if it has one yet.
///
/// On `Err` the caller must roll the transaction (or savepoint) back.
pub fn apply(tx: &Transaction<'_>, op: &WireOp, server_seq: Option<i64>) -> Result<(), Rejection> {
    let _ = (tx, op, server_seq);
    todo!()
}
