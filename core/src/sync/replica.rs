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

/// The calendar date a money or visit change records (its entry, disbursement,
/// write-off or visit date; a void's date in Vietnam): what the author's
/// membership is checked against.
fn change_date(change: &Change) -> Option<chrono::NaiveDate> {
    match change {
        Change::JournalEntry(e) => Some(e.entry_on),
        Change::LoanDisbursed { loan, .. } => Some(loan.disbursed_on),
        Change::LoanWrittenOff { written_off_on, .. } => Some(*written_off_on),
        Change::VisitLogged(v) => Some(v.visit_on),
        Change::VisitVoided { voided_at, .. } => chrono::DateTime::parse_from_rfc3339(voided_at)
            .ok()
            .map(|t| crate::model::vietnam_date(&t)),
        _ => None,
    }
}

/// What the permission check needs of an author: their member row as this
/// replica knows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AuthorRow {
    pub(crate) club_id: String,
    pub(crate) roles: Vec<Role>,
    pub(crate) left_on: Option<chrono::NaiveDate>,
    pub(crate) full_name: String,
    pub(crate) membership: crate::model::Membership,
}

/// Reads an author's member row for the permission check (`None`: no such
/// member).
pub(crate) fn read_author(conn: &Connection, author: &str) -> Result<Option<AuthorRow>, Rejection> {
    conn.prepare_cached(
        "SELECT club_id, roles, left_on, full_name, membership FROM members WHERE id = ?1",
    )
    .map_err(db)?
    .query_row([author], |r| {
        Ok(AuthorRow {
            club_id: r.get(0)?,
            roles: serde_json::from_str(r.get_ref(1)?.as_str()?).unwrap_or_default(),
            left_on: r
                .get_ref(2)?
                .as_str_or_null()?
                .and_then(|d| d.parse::<chrono::NaiveDate>().ok()),
            full_name: r.get(3)?,
            membership: serde_json::from_value(serde_json::Value::String(r.get(4)?)).map_err(
                |e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        4,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                },
            )?,
        })
    })
    .optional()
    .map_err(db)
}

/// Whether a change needs its author's roles (money and visits).
pub(crate) fn needs_author(change: &Change) -> bool {
    required_roles(change).is_some()
}

/// Who made an operation, for [`apply_with_author`]: read from the
/// database, or already known to the caller (the store keeps its acting
/// author's row while the database does not change under it).
pub(crate) enum Author<'a> {
    Read,
    Known(Option<&'a AuthorRow>),
}

/// Checks that the op's author may make its change: for money and visits,
/// the author is a member of the change's club, still in it, holding one of
/// the roles (from the club's members as this replica knows them).
pub fn check_permission(conn: &Connection, op: &WireOp) -> Result<(), Rejection> {
    check_permission_as(conn, op, Author::Read)
}

fn check_permission_as(
    conn: &Connection,
    op: &WireOp,
    author: Author<'_>,
) -> Result<(), Rejection> {
    let Some((roles, rule)) = required_roles(&op.change) else {
        return Ok(());
    };
    let club = club_of_change(conn, &op.change)?;
    let on = change_date(&op.change);
    let read;
    let author = match author {
        Author::Known(row) => row,
        Author::Read => {
            read = read_author(conn, &op.author)?;
            read.as_ref()
        }
    };
    let denied = |why: String| Err(Rejection::new("op.not_permitted", format!("{rule}; {why}")));
    let Some(author) = author else {
        return denied(format!("'{}' is not a member of the club", op.author));
    };
    // A member who leaves may record until the day before their leave date.
    let left = author.left_on.is_some_and(|d| on.is_none_or(|on| d <= on));
    if author.club_id != club || left {
        return denied(format!(
            "'{}' is not a current member of this club",
            op.author
        ));
    }
    if !author.roles.iter().any(|r| roles.contains(r)) {
        return denied(format!(
            "the author, {}, holds none of those roles",
            author.full_name
        ));
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

use crate::sync::merge::{resolve_field, FieldChange as HistoryRow};

/// Appends one value of a member field to its history (idempotent).
struct History<'a> {
    member_id: &'a str,
    op_id: &'a str,
    hlc: &'a str,
    device: &'a str,
    base_seq: i64,
    server_seq: Option<i64>,
}

impl History<'_> {
    fn add(
        &self,
        tx: &Connection,
        field: &str,
        value: &serde_json::Value,
    ) -> Result<(), Rejection> {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO field_history (entity, entity_id, field, op_id, hlc, device_id, base_seq, server_seq, value)
             VALUES ('member', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map_err(db)?
        .execute(params![self.member_id, field, self.op_id, self.hlc, self.device, self.base_seq, self.server_seq, value.to_string()])
        .map_err(db)?;
        Ok(())
    }
}

/// The values a change sets, by member field (null for a cleared field).
fn field_values(change: &Change) -> Vec<(&'static str, serde_json::Value)> {
    let json = match change {
        Change::MemberRegistered(m) => serde_json::to_value(m).ok(),
        Change::MemberUpdated { patch, .. } => serde_json::to_value(patch).ok(),
        _ => None,
    };
    let Some(serde_json::Value::Object(map)) = json else {
        return vec![];
    };
    member_fields_set(change)
        .into_iter()
        .map(|f| {
            let v = match map.get(f) {
                // Text is kept as typed but NFC with single spaces, whoever sent it.
                Some(serde_json::Value::String(t))
                    if matches!(f, "full_name" | "hamlet" | "leave_reason") =>
                {
                    serde_json::Value::String(crate::text::normalize_text(t))
                }
                Some(v) => v.clone(),
                None => serde_json::Value::Null,
            };
            (f, v)
        })
        .collect()
}

/// Recomputes member fields from their history: the value with the highest
/// clock stamp wins and is written to the member; every value that lost to
/// it in a concurrent change, and differs from it, is a conflict. The result
/// depends only on the history, never on the order it arrived in.
pub fn recompute_fields(
    tx: &Connection,
    member_id: &str,
    fields: &[&str],
) -> Result<(), Rejection> {
    let mut winning = serde_json::Map::new();
    let mut winner_op = String::new();
    for field in fields {
        let rows: Vec<HistoryRow> = tx
            .prepare_cached(
                "SELECT op_id, hlc, base_seq, server_seq, value FROM field_history
                 WHERE entity = 'member' AND entity_id = ?1 AND field = ?2",
            )
            .map_err(db)?
            .query_map(params![member_id, field], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(db)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db)?
            .into_iter()
            .filter_map(|(op_id, hlc, base_seq, server_seq, value)| {
                Some(HistoryRow {
                    op_id,
                    stamp: hlc.parse().ok()?,
                    base_seq,
                    server_seq,
                    value: serde_json::from_str(&value).ok()?,
                })
            })
            .collect();
        let Some(outcome) = resolve_field(&rows) else {
            continue;
        };
        let w = outcome.current;
        let clock: Option<String> = tx
            .prepare_cached("SELECT op_id FROM field_clocks WHERE entity = 'member' AND entity_id = ?1 AND field = ?2")
            .map_err(db)?
            .query_row(params![member_id, field], |r| r.get(0))
            .optional()
            .map_err(db)?;
        if clock.as_deref() != Some(w.op_id.as_str()) {
            winning.insert(field.to_string(), w.value.clone());
            winner_op = w.op_id.clone();
        }
        tx.prepare_cached(
            "INSERT INTO field_clocks (entity, entity_id, field, hlc, op_id, device_id, base_seq, server_seq)
             VALUES ('member', ?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc, op_id = excluded.op_id,
                device_id = excluded.device_id, base_seq = excluded.base_seq, server_seq = excluded.server_seq",
        )
        .map_err(db)?
        .execute(params![member_id, field, w.stamp.to_string(), w.op_id, w.stamp.device, w.base_seq, w.server_seq])
        .map_err(db)?;
        if outcome.pending {
            // Conflicts are judged once this phone's change has been sent.
            continue;
        }
        let losers = outcome.conflicts;
        let existing: Vec<String> = tx
            .prepare_cached("SELECT losing_op_id FROM conflicts WHERE entity = 'member' AND entity_id = ?1 AND field = ?2")
            .map_err(db)?
            .query_map(params![member_id, field], |r| r.get(0))
            .map_err(db)?
            .collect::<rusqlite::Result<_>>()
            .map_err(db)?;
        for gone in existing
            .iter()
            .filter(|e| !losers.iter().any(|l| &l.op_id == *e))
        {
            tx.prepare_cached("DELETE FROM conflicts WHERE id = ?1")
                .map_err(db)?
                .execute([format!("{gone}:{field}")])
                .map_err(db)?;
        }
        for l in losers {
            tx.prepare_cached(
                "INSERT INTO conflicts (id, entity, entity_id, field, value, losing_op_id, winning_op_id, status)
                 VALUES (?1, 'member', ?2, ?3, ?4, ?5, ?6, 'open')
                 ON CONFLICT (id) DO UPDATE SET winning_op_id = excluded.winning_op_id",
            )
            .map_err(db)?
            .execute(params![format!("{}:{field}", l.op_id), member_id, field, l.value.to_string(), l.op_id, w.op_id])
            .map_err(db)?;
        }
    }
    if !winning.is_empty() {
        let patch: MemberPatch = serde_json::from_value(serde_json::Value::Object(winning))
            .map_err(|e| Rejection::new("op.internal", e.to_string()))?;
        let mut m = crate::store::read_member(tx, member_id).map_err(core_err)?;
        ops::patch_member(&mut m, &patch);
        ops::write_member_row(tx, &winner_op, &m).map_err(core_err)?;
    }
    Ok(())
}

/// Records that an operation now has a server sequence number, and
/// recomputes the member fields it set (whether changes were concurrent
/// depends on what each device had seen).
pub fn set_server_seq(tx: &Transaction<'_>, op_id: &str, seq: i64) -> Result<(), Rejection> {
    tx.prepare_cached("UPDATE field_history SET server_seq = ?2 WHERE op_id = ?1")
        .map_err(db)?
        .execute(params![op_id, seq])
        .map_err(db)?;
    tx.prepare_cached("UPDATE field_clocks SET server_seq = ?2 WHERE op_id = ?1")
        .map_err(db)?
        .execute(params![op_id, seq])
        .map_err(db)?;
    let touched: Vec<(String, String)> = tx
        .prepare_cached("SELECT entity_id, field FROM field_history WHERE op_id = ?1")
        .map_err(db)?
        .query_map([op_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(db)?
        .collect::<rusqlite::Result<_>>()
        .map_err(db)?;
    for (member, field) in touched {
        if let Some(field) = MEMBER_FIELDS.iter().find(|f| **f == field) {
            recompute_fields(tx, &member, &[field])?;
        }
    }
    Ok(())
}

/// Adds a logged member change to the field history and recomputes its
/// fields (the version 2 to 3 upgrade replays the change log through this).
pub fn backfill_history(
    tx: &Connection,
    op_id: &str,
    change: &Change,
    hlc: &str,
    device: &str,
) -> crate::Result<()> {
    let member_id = match change {
        Change::MemberRegistered(m) => m.id.clone(),
        Change::MemberUpdated { member_id, .. } => member_id.clone(),
        _ => return Ok(()),
    };
    let values = field_values(change);
    let fields: Vec<&str> = values.iter().map(|(f, _)| *f).collect();
    let to_err =
        |r: Rejection| crate::Error::Invalid(FieldError::new(&r.code, "change_log", r.reason));
    let history = History {
        member_id: &member_id,
        op_id,
        hlc,
        device,
        base_seq: 0,
        server_seq: None,
    };
    for (field, value) in &values {
        history.add(tx, field, value).map_err(to_err)?;
    }
    recompute_fields(tx, &member_id, &fields).map_err(to_err)
}

/// Flags existing people with the same duplicate key as `m` (derived state:
/// every replica computes the same flags with the same ids).
fn flag_duplicates(tx: &Connection, op_id: &str, m: &Member) -> Result<(), Rejection> {
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

/// Checks that a reversal undoes an existing entry of the same ledger with
/// the opposite amount.
fn check_reversal(tx: &Connection, e: &ops::JournalRecord) -> Result<(), Rejection> {
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
    apply_validated(tx, op, server_seq)
}

/// [`apply`] for a change already checked with [`validate_change`] (the
/// store's own writes, which validate first to report the field's own error).
pub(crate) fn apply_validated(
    tx: &Connection,
    op: &WireOp,
    server_seq: Option<i64>,
) -> Result<(), Rejection> {
    apply_with_author(tx, op, server_seq, Author::Read)
}

/// [`apply_validated`] with the author's row given by the caller when it
/// already has it: the caller must know it is the row as the database holds
/// it now, or the permission check would judge an author by stale roles.
pub(crate) fn apply_with_author(
    tx: &Connection,
    op: &WireOp,
    server_seq: Option<i64>,
    author: Author<'_>,
) -> Result<(), Rejection> {
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
    check_permission_as(tx, op, author)?;
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
            let history = History {
                member_id: &m.id,
                op_id: &op.op_id,
                hlc: &op.hlc,
                device: &op.device_id,
                base_seq: op.base_seq,
                server_seq,
            };
            let values = field_values(&Change::MemberRegistered(m.clone()));
            for (field, value) in &values {
                history.add(tx, field, value)?;
            }
            let fields: Vec<&str> = values.iter().map(|(f, _)| *f).collect();
            recompute_fields(tx, &m.id, &fields)?;
            flag_duplicates(tx, &op.op_id, &m)?;
        }
        Change::MemberUpdated { member_id, .. } => {
            crate::store::read_member(tx, member_id).map_err(core_err)?;
            let history = History {
                member_id,
                op_id: &op.op_id,
                hlc: &op.hlc,
                device: &op.device_id,
                base_seq: op.base_seq,
                server_seq,
            };
            let values = field_values(&op.change);
            for (field, value) in &values {
                history.add(tx, field, value)?;
            }
            let fields: Vec<&str> = values.iter().map(|(f, _)| *f).collect();
            recompute_fields(tx, member_id, &fields)?;
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
