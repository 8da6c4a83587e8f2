//! Applying an operation, made here or received from elsewhere, to a
//! database with the core schema: the one place where operations are
//! validated, permitted and merged. The phone's store uses it for its own
//! writes and for pulled pages; the provincial server uses it to check and
//! materialise what phones push.
//!
//! Merge rules:
//! - Money, savings, visits, meetings and activities are append-only: the
//!   union of all operations; corrections are reversals and voids that point
//!   at the original.
//! - Member fields are last-writer-wins per field, ordered by hybrid logical
//!   clock stamp (device id as the tie-break), never by a device's wall
//!   clock. Edits to different fields of one member both survive.
//! - Two changes of one field are *concurrent* when they come from different
//!   devices and neither device had seen the other's change when it made its
//!   own (by the server sequence numbers: an operation records in `base_seq`
//!   the highest sequence its device had pulled). The losing value of a
//!   concurrent change is kept in `conflicts` for a person to review and
//!   restore. Every replica reaches the same values and the same conflicts,
//!   whatever order it receives the operations in.
//! - Possible duplicates are derived, not synced: whenever a person is
//!   registered (here or elsewhere) the replica flags existing people with the
//!   same duplicate key, with a flag id both replicas compute alike.

use crate::error::FieldError;
use crate::hlc::HlcStamp;
use crate::model::{Member, Role};
use crate::ops::{self, Change, EntryKind, Ledger, MemberPatch};
use crate::sync::wire::WireOp;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

/// Why an operation was not applied: a stable code and an English reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    /// `op.invalid`, `op.unknown_parent`, `op.not_permitted`, `op.other_club`,
    /// `op.duplicate_entity`, `op.internal`.
    pub code: String,
    /// English reason, naming the field and rule for `op.invalid`.
    pub reason: String,
}

impl Rejection {
    fn new(code: &str, reason: impl Into<String>) -> Self {
        Rejection {
            code: code.to_string(),
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [{}]", self.reason, self.code)
    }
}

impl From<FieldError> for Rejection {
    fn from(e: FieldError) -> Self {
        Rejection::new(
            "op.invalid",
            format!("{}: {} [{}]", e.field, e.message, e.code),
        )
    }
}

/// Maps a database error met while applying to a rejection: a missing
/// parent row (foreign key), an id already taken (unique key), or an
/// internal failure.
fn db(e: rusqlite::Error) -> Rejection {
    if let rusqlite::Error::SqliteFailure(err, ref msg) = e {
        let detail = msg.clone().unwrap_or_default();
        return match err.extended_code {
            rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Rejection::new(
                "op.unknown_parent",
                "a record it refers to does not exist (yet)",
            ),
            rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
            | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => Rejection::new(
                "op.duplicate_entity",
                format!("a record with this id already exists ({detail})"),
            ),
            _ => Rejection::new("op.internal", format!("database error: {e}")),
        };
    }
    Rejection::new("op.internal", format!("database error: {e}"))
}

fn core_err(e: crate::Error) -> Rejection {
    match e {
        crate::Error::Invalid(f) => f.into(),
        crate::Error::NotFound { entity, id } => Rejection::new(
            "op.unknown_parent",
            format!("{entity} {id} does not exist (yet)"),
        ),
        crate::Error::Sqlite(e) => db(e),
        other => Rejection::new("op.internal", other.to_string()),
    }
}

fn required(field: &str, value: &str) -> Result<(), FieldError> {
    if crate::text::normalize_text(value).is_empty() {
        return Err(FieldError::new(
            "text.required",
            field,
            format!("{field} is required"),
        ));
    }
    Ok(())
}

fn member_content(m: &Member) -> Result<(), FieldError> {
    required("full_name", &m.full_name)?;
    let year = m.birth.year();
    if !(1900..=2100).contains(&year) {
        return Err(FieldError::new(
            "birth.range",
            "birth",
            format!("birth year {year} is outside 1900–2100"),
        ));
    }
    if crate::ethnicity::by_code(m.ethnicity_code).is_none() {
        return Err(FieldError::new(
            "ethnicity.unknown",
            "ethnicity_code",
            format!("{} is not an official ethnic group code", m.ethnicity_code),
        ));
    }
    if let Some(p) = &m.phone {
        let parsed = crate::phone::parse_phone(p)?;
        if &parsed.canonical != p {
            return Err(FieldError::new(
                "phone.not_canonical",
                "phone",
                format!("'{p}' is not in canonical +84 form"),
            ));
        }
    }
    if let Some(left) = m.left_on {
        if left < m.joined_on {
            return Err(FieldError::new(
                "member.left_before_joined",
                "left_on",
                format!("leave date {left} is before the join date {}", m.joined_on),
            ));
        }
    }
    Ok(())
}

fn entry_content(e: &ops::JournalRecord) -> Result<(), FieldError> {
    use EntryKind::*;
    let sign_ok = match e.kind {
        Grant | Contribution | MembershipFee | InterestIncome | LoanRepayment | Deposit => {
            e.amount > 0
        }
        Expense | LoanDisbursement | Withdrawal => e.amount < 0,
        Reversal => e.amount != 0,
    };
    if !sign_ok {
        return Err(FieldError::new(
            "journal.sign",
            "amount",
            format!(
                "a {} entry cannot have the amount {}",
                e.kind.as_str(),
                e.amount
            ),
        ));
    }
    let ledger_ok = match e.kind {
        Deposit | Withdrawal => e.ledger == Ledger::Savings,
        LoanDisbursement | LoanRepayment => {
            e.ledger == Ledger::Fund(crate::model::Fund::IncomeGeneration)
        }
        Grant | Contribution | MembershipFee | InterestIncome | Expense => {
            matches!(e.ledger, Ledger::Fund(_))
        }
        Reversal => true,
    };
    if !ledger_ok {
        return Err(FieldError::new(
            "journal.ledger",
            "ledger",
            format!(
                "a {} entry cannot be in the {} ledger",
                e.kind.as_str(),
                e.ledger.as_str()
            ),
        ));
    }
    if e.ledger == Ledger::Savings && e.member_id.is_none() {
        return Err(FieldError::new(
            "journal.member_required",
            "member_id",
            "a savings entry names its member",
        ));
    }
    if matches!(e.kind, LoanDisbursement | LoanRepayment) && e.loan_id.is_none() {
        return Err(FieldError::new(
            "journal.loan_required",
            "loan_id",
            "a loan entry names its loan",
        ));
    }
    if (e.kind == Reversal) != e.reverses_id.is_some() {
        return Err(FieldError::new(
            "journal.reverses",
            "reverses_id",
            "a reversal, and only a reversal, names the entry it reverses",
        ));
    }
    chrono::DateTime::parse_from_rfc3339(&e.recorded_at).map_err(|_| {
        FieldError::new(
            "instant.invalid",
            "recorded_at",
            "recorded_at is not RFC 3339",
        )
    })?;
    Ok(())
}

/// Checks a change's content without looking at any database: amounts and
/// their signs, text, readings, loan terms, dates. Errors name the field.
pub fn validate_change(change: &Change) -> Result<(), FieldError> {
    match change {
        Change::ClubCreated(c) => {
            required("name", &c.name)?;
            if crate::admin_units::commune(c.commune_code).is_none() {
                return Err(FieldError::new(
                    "club.commune_unknown",
                    "commune_code",
                    format!("{} is not a commune code", c.commune_code),
                ));
            }
            if c.activity_areas.is_empty() {
                return Err(FieldError::new(
                    "club.no_activity_areas",
                    "activity_areas",
                    "a club needs at least one activity area",
                ));
            }
        }
        Change::MemberRegistered(m) => member_content(m)?,
        Change::MemberUpdated { patch, .. } => {
            // Check the patched fields on a placeholder member.
            let mut m = Member {
                id: String::new(),
                club_id: String::new(),
                full_name: "x".into(),
                sex: crate::model::Sex::Female,
                birth: crate::model::Birth::Year(1950),
                ethnicity_code: 1,
                household: Default::default(),
                disabled: false,
                lives_alone: false,
                hamlet: String::new(),
                phone: None,
                joined_on: chrono::NaiveDate::MIN,
                left_on: None,
                leave_reason: None,
                roles: vec![],
                membership: Default::default(),
            };
            ops::patch_member(&mut m, patch);
            member_content(&m)?;
        }
        Change::DuplicateFlagged {
            member_a, member_b, ..
        } => {
            if member_a == member_b {
                return Err(FieldError::new(
                    "duplicate.not_pair",
                    "member_b",
                    "a person is not a duplicate of themselves",
                ));
            }
        }
        Change::DuplicateResolved { resolution, .. } => {
            if let ops::DuplicateResolution::Merged { kept, merged } = resolution {
                if kept == merged {
                    return Err(FieldError::new(
                        "duplicate.not_pair",
                        "kept",
                        "kept and merged are the same person",
                    ));
                }
            }
        }
        Change::VisitLogged(v) => {
            let at = chrono::DateTime::parse_from_rfc3339(&v.started_at).map_err(|_| {
                FieldError::new(
                    "instant.invalid",
                    "started_at",
                    "started_at is not RFC 3339 with an offset",
                )
            })?;
            if crate::model::vietnam_date(&at) != v.visit_on {
                return Err(FieldError::new(
                    "visit.date",
                    "visit_on",
                    "visit_on is not the Vietnam date of started_at",
                ));
            }
            if !(1..=720).contains(&v.duration_min) {
                return Err(FieldError::new(
                    "visit.duration",
                    "duration_min",
                    format!("duration must be 1–720 minutes, got {}", v.duration_min),
                ));
            }
            if v.services.is_empty() {
                return Err(FieldError::new(
                    "visit.no_service",
                    "services",
                    "at least one service",
                ));
            }
            if v.volunteer_id == v.recipient_id {
                return Err(FieldError::new(
                    "visit.self",
                    "recipient_id",
                    "a volunteer cannot log a visit to themselves",
                ));
            }
            crate::vitals::validate_vitals(&v.vitals)?;
        }
        Change::VisitVoided { reason, .. } => required("reason", reason)?,
        Change::MeetingRecorded(m) => {
            required("topic", &m.topic)?;
            let mut seen = std::collections::HashSet::new();
            for (i, a) in m.attendees.iter().enumerate() {
                if !seen.insert(&a.member_id) {
                    return Err(FieldError::new(
                        "meeting.duplicate_attendee",
                        &format!("attendees[{i}]"),
                        "listed twice",
                    ));
                }
                crate::vitals::validate_vitals(&crate::model::Vitals {
                    systolic: a.systolic,
                    diastolic: a.diastolic,
                    ..Default::default()
                })?;
            }
        }
        Change::ActivityRecorded(a) => required("title", &a.title)?,
        Change::JournalEntry(e) => entry_content(e)?,
        Change::LoanDisbursed { loan, entry } => {
            crate::loan::validate_terms(&crate::loan::LoanTerms {
                principal: loan.principal,
                disbursed_on: loan.disbursed_on,
                term_months: loan.term_months,
                monthly_rate_bp: loan.monthly_rate_bp,
                method: loan.method,
            })?;
            entry_content(entry)?;
            let matches = entry.kind == EntryKind::LoanDisbursement
                && entry.amount == -loan.principal
                && entry.loan_id.as_deref() == Some(loan.id.as_str())
                && entry.entry_on == loan.disbursed_on
                && entry.club_id == loan.club_id;
            if !matches {
                return Err(FieldError::new(
                    "loan.entry_mismatch",
                    "entry",
                    "the disbursement entry does not match the loan",
                ));
            }
        }
        Change::LoanWrittenOff {
            principal, reason, ..
        } => {
            if *principal < 0 {
                return Err(FieldError::new(
                    "money.not_positive",
                    "principal",
                    "a write-off cannot be negative",
                ));
            }
            required("reason", reason)?;
        }
    }
    Ok(())
}

fn one<T: rusqlite::types::FromSql>(
    conn: &Connection,
    sql: &str,
    id: &str,
    what: &str,
) -> Result<T, Rejection> {
    conn.prepare_cached(sql)
        .map_err(db)?
        .query_row([id], |r| r.get(0))
        .optional()
        .map_err(db)?
        .ok_or_else(|| {
            Rejection::new(
                "op.unknown_parent",
                format!("{what} {id} does not exist (yet)"),
            )
        })
}

/// The club a change belongs to, looked up through its parents when the
/// change does not name it (a member update, a void). `Err` with
/// `op.unknown_parent` when a parent is missing.
pub fn club_of_change(conn: &Connection, change: &Change) -> Result<String, Rejection> {
    const MEMBER: &str = "SELECT club_id FROM members WHERE id = ?1";
    Ok(match change {
        Change::ClubCreated(c) => c.id.clone(),
        Change::MemberRegistered(m) => m.club_id.clone(),
        Change::MemberUpdated { member_id, .. } => one(conn, MEMBER, member_id, "member")?,
        Change::DuplicateFlagged { club_id, .. } => club_id.clone(),
        Change::DuplicateResolved { flag_id, .. } => one(
            conn,
            "SELECT club_id FROM duplicate_flags WHERE id = ?1",
            flag_id,
            "duplicate flag",
        )?,
        Change::VisitLogged(v) => v.club_id.clone(),
        Change::VisitVoided { visit_id, .. } => one(
            conn,
            "SELECT club_id FROM visits WHERE id = ?1",
            visit_id,
            "visit",
        )?,
        Change::MeetingRecorded(m) => m.club_id.clone(),
        Change::ActivityRecorded(a) => a.club_id.clone(),
        Change::JournalEntry(e) => e.club_id.clone(),
        Change::LoanDisbursed { loan, .. } => loan.club_id.clone(),
        Change::LoanWrittenOff { loan_id, .. } => one(
            conn,
            "SELECT club_id FROM loans WHERE id = ?1",
            loan_id,
            "loan",
        )?,
    })
}

/// Whether a change records money (only a treasurer or chair may) or a visit
/// (only a home-care volunteer or chair may).
fn required_roles(change: &Change) -> Option<(&'static [Role], &'static str)> {
    match change {
        Change::JournalEntry(_) | Change::LoanDisbursed { .. } | Change::LoanWrittenOff { .. } => {
            Some((
                &[Role::Treasurer, Role::Chair],
                "only a treasurer or chair records money",
            ))
        }
        Change::VisitLogged(_) | Change::VisitVoided { .. } => Some((
            &[Role::HomeCareVolunteer, Role::Chair],
            "only a home-care volunteer or chair logs visits",
        )),
        _ => None,
    }
}

/// Checks that the op's author may make its change: for money and visits,
/// the author is a member of the change's club, still in it, holding one of
/// the roles (from the club's members as this replica knows them).
pub fn check_permission(conn: &Connection, op: &WireOp) -> Result<(), Rejection> {
    let Some((roles, rule)) = required_roles(&op.change) else {
        return Ok(());
    };
    let club = club_of_change(conn, &op.change)?;
    let author: Option<(String, String, Option<String>)> = conn
        .prepare_cached("SELECT club_id, roles, left_on FROM members WHERE id = ?1")
        .map_err(db)?
        .query_row([&op.author], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()
        .map_err(db)?;
    let denied = |why: String| Err(Rejection::new("op.not_permitted", format!("{rule}; {why}")));
    let Some((author_club, author_roles, left_on)) = author else {
        return denied(format!("'{}' is not a member of the club", op.author));
    };
    if author_club != club || left_on.is_some() {
        return denied(format!(
            "'{}' is not a current member of this club",
            op.author
        ));
    }
    let held: Vec<Role> = serde_json::from_str(&author_roles).unwrap_or_default();
    if !held.iter().any(|r| roles.contains(r)) {
        return denied("the author holds none of those roles".to_string());
    }
    Ok(())
}

/// Member fields, as named in [`MemberPatch`] and in `field_clocks`.
pub const MEMBER_FIELDS: [&str; 13] = [
    "full_name",
    "sex",
    "birth",
    "ethnicity_code",
    "household",
    "disabled",
    "lives_alone",
    "hamlet",
    "phone",
    "left_on",
    "leave_reason",
    "roles",
    "membership",
];

/// The member fields a change sets (all of them for a registration).
pub fn member_fields_set(change: &Change) -> Vec<&'static str> {
    match change {
        Change::MemberRegistered(_) => MEMBER_FIELDS.to_vec(),
        Change::MemberUpdated { patch, .. } => match serde_json::to_value(patch) {
            Ok(serde_json::Value::Object(map)) => MEMBER_FIELDS
                .iter()
                .copied()
                .filter(|f| map.contains_key(*f))
                .collect(),
            _ => vec![],
        },
        _ => vec![],
    }
}

/// The clock of a field's current value.
struct FieldClock {
    stamp: HlcStamp,
    op_id: String,
    base_seq: i64,
    server_seq: Option<i64>,
}

fn concurrent(a: &FieldClock, b_device: &str, b_base: i64, b_seq: Option<i64>) -> bool {
    let a_saw_b = b_seq.is_some_and(|s| a.base_seq >= s);
    let b_saw_a = a.server_seq.is_some_and(|s| b_base >= s);
    a.stamp.device != b_device && !a_saw_b && !b_saw_a
}

fn field_value(m: &Member, field: &str) -> serde_json::Value {
    serde_json::to_value(m)
        .ok()
        .and_then(|v| v.get(field).cloned())
        .unwrap_or(serde_json::Value::Null)
}

fn set_clock(
    tx: &Transaction<'_>,
    member_id: &str,
    field: &str,
    op: &WireOp,
    stamp: &HlcStamp,
    seq: Option<i64>,
) -> Result<(), Rejection> {
    tx.prepare_cached(
        "INSERT INTO field_clocks (entity, entity_id, field, hlc, op_id, device_id, base_seq, server_seq)
         VALUES ('member', ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc, op_id = excluded.op_id,
            device_id = excluded.device_id, base_seq = excluded.base_seq, server_seq = excluded.server_seq",
    )
    .map_err(db)?
    .execute(params![member_id, field, stamp.to_string(), op.op_id, stamp.device, op.base_seq, seq])
    .map_err(db)?;
    Ok(())
}

fn record_conflict(
    tx: &Transaction<'_>,
    member_id: &str,
    field: &str,
    value: &serde_json::Value,
    loser: &str,
    winner: &str,
) -> Result<(), Rejection> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO conflicts (id, entity, entity_id, field, value, losing_op_id, winning_op_id, status)
         VALUES (?1, 'member', ?2, ?3, ?4, ?5, ?6, 'open')",
    )
    .map_err(db)?
    .execute(params![format!("{loser}:{field}"), member_id, field, value.to_string(), loser, winner])
    .map_err(db)?;
    Ok(())
}

/// Flags existing people with the same duplicate key as `m` (derived state:
/// every replica computes the same flags with the same ids).
fn flag_duplicates(tx: &Transaction<'_>, op_id: &str, m: &Member) -> Result<(), Rejection> {
    let key = crate::duplicates::duplicate_key(&m.full_name, m.birth.year(), &m.hamlet);
    let others: Vec<String> = tx
        .prepare_cached("SELECT id FROM members WHERE club_id = ?1 AND duplicate_key = ?2 AND id <> ?3 AND merged_into IS NULL")
        .map_err(db)?
        .query_map(params![m.club_id, key, m.id], |r| r.get(0))
        .map_err(db)?
        .collect::<rusqlite::Result<_>>()
        .map_err(db)?;
    for other in others {
        let (a, b) = if other < m.id {
            (other, m.id.clone())
        } else {
            (m.id.clone(), other)
        };
        tx.prepare_cached(
            "INSERT OR IGNORE INTO duplicate_flags (id, op_id, club_id, member_a, member_b, status) VALUES (?1, ?2, ?3, ?4, ?5, 'open')",
        )
        .map_err(db)?
        .execute(params![duplicate_flag_id(&a, &b), op_id, m.club_id, a, b])
        .map_err(db)?;
    }
    Ok(())
}

/// The id of the flag for two people (the smaller id first).
pub fn duplicate_flag_id(a: &str, b: &str) -> String {
    format!("dup:{a}:{b}")
}

/// Merges a member update field by field (last writer wins by stamp),
/// recording the loser of each concurrent change.
fn merge_member_update(
    tx: &Transaction<'_>,
    op: &WireOp,
    stamp: &HlcStamp,
    seq: Option<i64>,
    member_id: &str,
    patch: &MemberPatch,
) -> Result<(), Rejection> {
    let current = crate::store::read_member(tx, member_id).map_err(core_err)?;
    let patch_json =
        serde_json::to_value(patch).map_err(|e| Rejection::new("op.internal", e.to_string()))?;
    let mut winning = serde_json::Map::new();
    for field in member_fields_set(&op.change) {
        let incoming = patch_json
            .get(field)
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        let clock: Option<FieldClock> = tx
            .prepare_cached("SELECT hlc, op_id, base_seq, server_seq FROM field_clocks WHERE entity = 'member' AND entity_id = ?1 AND field = ?2")
            .map_err(db)?
            .query_row(params![member_id, field], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?)))
            .optional()
            .map_err(db)?
            .map(|(h, o, b, s)| h.parse().map(|stamp| FieldClock { stamp, op_id: o, base_seq: b, server_seq: s }))
            .transpose()
            .map_err(|e: FieldError| Rejection::new("op.internal", e.message))?;
        match clock {
            Some(c) if c.stamp >= *stamp => {
                // The current value is newer: this change loses.
                let current_value = field_value(&current, field);
                if concurrent(&c, &stamp.device, op.base_seq, seq) && current_value != incoming {
                    record_conflict(tx, member_id, field, &incoming, &op.op_id, &c.op_id)?;
                }
            }
            other => {
                if let Some(c) = &other {
                    let current_value = field_value(&current, field);
                    if concurrent(c, &stamp.device, op.base_seq, seq) && current_value != incoming {
                        record_conflict(tx, member_id, field, &current_value, &c.op_id, &op.op_id)?;
                    }
                }
                winning.insert(field.to_string(), incoming);
                set_clock(tx, member_id, field, op, stamp, seq)?;
            }
        }
    }
    if !winning.is_empty() {
        let patch: MemberPatch = serde_json::from_value(serde_json::Value::Object(winning))
            .map_err(|e| Rejection::new("op.internal", e.to_string()))?;
        let mut m = current;
        ops::patch_member(&mut m, &patch);
        ops::write_member_row(tx, &op.op_id, &m).map_err(core_err)?;
    }
    Ok(())
}

/// Checks that a reversal undoes an existing entry of the same ledger with
/// the opposite amount.
fn check_reversal(tx: &Transaction<'_>, e: &ops::JournalRecord) -> Result<(), Rejection> {
    let Some(original) = &e.reverses_id else {
        return Ok(());
    };
    let row: Option<(String, i64, String)> = tx
        .prepare_cached("SELECT ledger, amount, club_id FROM journal WHERE id = ?1")
        .map_err(db)?
        .query_row([original], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()
        .map_err(db)?;
    let Some((ledger, amount, club)) = row else {
        return Err(Rejection::new(
            "op.unknown_parent",
            format!("journal entry {original} does not exist (yet)"),
        ));
    };
    if ledger != e.ledger.as_str() || amount != -e.amount || club != e.club_id {
        return Err(Rejection::from(FieldError::new(
            "journal.reversal_mismatch",
            "reverses_id",
            "a reversal has the opposite amount of the entry it reverses, in the same ledger",
        )));
    }
    Ok(())
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
    validate_change(&op.change)?;
    let stamp: HlcStamp = op.hlc.parse().map_err(|e: FieldError| Rejection::from(e))?;
    if stamp.device != op.device_id {
        return Err(Rejection::from(FieldError::new(
            "hlc.device",
            "hlc",
            "the stamp's device is not the operation's device",
        )));
    }
    let (entity, entity_id) = op.change.entity();
    if entity != op.entity || entity_id != op.entity_id {
        return Err(Rejection::from(FieldError::new(
            "op.entity_mismatch",
            "entity",
            "the operation's entity does not match its change",
        )));
    }
    check_permission(tx, op)?;
    match &op.change {
        Change::MemberRegistered(m) => {
            let exists: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM members WHERE id = ?1)")
                .map_err(db)?
                .query_row([&m.id], |r| r.get(0))
                .map_err(db)?;
            if exists {
                return Err(Rejection::new(
                    "op.duplicate_entity",
                    format!("member {} is already registered", m.id),
                ));
            }
            let mut m = m.clone();
            m.full_name = crate::text::normalize_text(&m.full_name);
            m.hamlet = crate::text::normalize_text(&m.hamlet);
            ops::write_member_row(tx, &op.op_id, &m).map_err(core_err)?;
            for field in MEMBER_FIELDS {
                set_clock(tx, &m.id, field, op, &stamp, server_seq)?;
            }
            flag_duplicates(tx, &op.op_id, &m)?;
        }
        Change::MemberUpdated { member_id, patch } => {
            merge_member_update(tx, op, &stamp, server_seq, member_id, patch)?
        }
        Change::DuplicateFlagged {
            flag_id,
            club_id,
            member_a,
            member_b,
        } => {
            // Written by version-2 stores; flags are derived since version 3.
            tx.prepare_cached(
                "INSERT OR IGNORE INTO duplicate_flags (id, op_id, club_id, member_a, member_b, status) VALUES (?1, ?2, ?3, ?4, ?5, 'open')",
            )
            .map_err(db)?
            .execute(params![flag_id, op.op_id, club_id, member_a, member_b])
            .map_err(db)?;
        }
        Change::DuplicateResolved { flag_id, .. } => {
            one::<String>(
                tx,
                "SELECT id FROM duplicate_flags WHERE id = ?1",
                flag_id,
                "duplicate flag",
            )?;
            ops::apply(tx, &op.op_id, &op.change).map_err(core_err)?;
        }
        Change::JournalEntry(e) => {
            check_reversal(tx, e)?;
            ops::apply(tx, &op.op_id, &op.change).map_err(core_err)?;
        }
        other => ops::apply(tx, &op.op_id, other).map_err(core_err)?,
    }
    Ok(())
}
