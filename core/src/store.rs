//! The club store: the one entry point that reads and writes a club's
//! database on a phone or a computer.
//!
//! Every user action is one SQLite transaction that validates its input,
//! applies its [`Change`]s and appends them to the change log with a hybrid
//! logical clock stamp. A failed action leaves nothing behind. Balances,
//! outstanding amounts and schedules are derived from the journal and the
//! loan terms when read, never stored.

use crate::clock::Clock;
use crate::composition::{check_composition, CompositionReport};
use crate::encryption::StoreKey;
use crate::error::{invalid, Error, FieldError, Result};
use crate::hlc::{Hlc, HlcStamp, HybridClock};
use crate::loan::{self, LoanPosition, LoanTerms, PortfolioAtRisk, Repayment};
use crate::model::*;
use crate::ops::*;
use crate::sync::wire::{OpOutcome, OpResult, PullResponse, WireOp};
use crate::text::{normalize_text, search_key, VietnameseCollator};
use crate::vitals::{bp_flag, validate_vitals, BpFlag};
use chrono::{NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// A club with the names of its commune and province.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Club {
    /// Club id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Official commune code.
    pub commune_code: u32,
    /// Commune name, e.g. `Xã Xuân Lộc`.
    pub commune_name: String,
    /// Province name, e.g. `Tỉnh Đồng Nai`.
    pub province_name: String,
    /// Founding date.
    pub founded_on: NaiveDate,
    /// Cohort by founding date.
    pub cohort: Cohort,
    /// Configured activity areas.
    pub activity_areas: Vec<String>,
}

/// A club's cohort by founding year, as the plans count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cohort {
    /// Founded before 2016 (pilot clubs).
    Before2016,
    /// Founded 2016–2020 under Decision 1533/QĐ-TTg (to be kept active, 100%).
    Founded2016To2020,
    /// Founded 2021 or later (counted against new-club targets).
    New,
}

impl Cohort {
    /// The cohort of a founding date.
    pub fn of(founded_on: NaiveDate) -> Cohort {
        use chrono::Datelike;
        match founded_on.year() {
            ..=2015 => Cohort::Before2016,
            2016..=2020 => Cohort::Founded2016To2020,
            _ => Cohort::New,
        }
    }
}

/// Input for a new club.
#[derive(Debug, Clone, PartialEq)]
pub struct NewClub {
    /// Name as typed.
    pub name: String,
    /// Official commune code (2025 units), or the pre-2025 code of a commune
    /// merged whole into one (stored as that 2025 commune).
    pub commune_code: u32,
    /// Founding date.
    pub founded_on: NaiveDate,
    /// Activity areas; `None` for the plan's eight.
    pub activity_areas: Option<Vec<String>>,
}

/// Input for registering a person.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMember {
    /// Full name as typed.
    pub full_name: String,
    /// Sex.
    pub sex: Sex,
    /// Birth date or year.
    pub birth: Birth,
    /// Ethnic group code (1–54).
    pub ethnicity_code: u8,
    /// Household status.
    pub household: HouseholdStatus,
    /// Has a disability.
    pub disabled: bool,
    /// Lives alone.
    pub lives_alone: bool,
    /// Hamlet as typed.
    pub hamlet: String,
    /// Phone as typed, if any.
    pub phone: Option<String>,
    /// Join date.
    pub joined_on: NaiveDate,
    /// Roles.
    pub roles: Vec<Role>,
    /// Member or recipient only.
    pub membership: Membership,
}

/// A registered person and the possible duplicates the registration raised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Registration {
    /// The person.
    pub member: Member,
    /// Existing people with the same name, birth year and hamlet.
    pub possible_duplicates: Vec<Member>,
}

/// A member in a list, with their money.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberSummary {
    /// The person.
    pub member: Member,
    /// Savings balance, đồng.
    pub savings_balance: i64,
    /// Principal outstanding on their loans, đồng.
    pub loan_outstanding: i64,
}

/// An open possible-duplicate flag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicateFlag {
    /// Flag id.
    pub id: String,
    /// One registration.
    pub a: Member,
    /// The other.
    pub b: Member,
}

/// Input for a home-care visit.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVisit {
    /// Volunteer member id.
    pub volunteer_id: String,
    /// Recipient id.
    pub recipient_id: String,
    /// Start instant with its offset.
    pub started_at: Instant,
    /// Duration, minutes (1–720).
    pub duration_min: u32,
    /// Services delivered (at least one).
    pub services: Vec<Service>,
    /// Readings.
    pub vitals: Vitals,
    /// Notes.
    pub notes: String,
}

/// A visit as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Visit {
    /// The visit.
    #[serde(flatten)]
    pub record: VisitRecord,
    /// Blood-pressure flag, if both pressures were read.
    pub bp_flag: Option<BpFlag>,
    /// Whether it was voided, and why.
    pub voided: Option<String>,
    /// Volunteer's name.
    pub volunteer_name: String,
    /// Recipient's name.
    pub recipient_name: String,
}

/// A care recipient due for a visit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecipientDue {
    /// The recipient.
    pub member: Member,
    /// Date of the last (non-voided) visit, if any.
    pub last_visit_on: Option<NaiveDate>,
    /// Days since it; `None` if never visited.
    pub days_since: Option<i64>,
}

/// Input for a fund entry other than loans.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFundEntry {
    /// Which fund.
    pub fund: Fund,
    /// Grant, contribution, membership fee, interest income or expense.
    pub kind: EntryKind,
    /// Amount, đồng, positive; the kind gives the direction.
    pub amount: i64,
    /// Date.
    pub entry_on: NaiveDate,
    /// What for.
    pub memo: String,
    /// Member concerned (a contribution's or fee's payer), if any.
    pub member_id: Option<String>,
}

/// A fund's balance and entries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundStatement {
    /// Which fund.
    pub fund: Fund,
    /// Entries in date order with the running balance after each.
    pub lines: Vec<StatementLine>,
    /// Balance, đồng.
    pub balance: i64,
}

/// One line of a statement or passbook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementLine {
    /// The entry.
    pub entry: JournalRecord,
    /// Balance after it, đồng.
    pub balance: i64,
    /// Whether a later entry reverses it.
    pub reversed: bool,
}

/// A member's savings passbook (*sổ tiết kiệm*).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passbook {
    /// The member.
    pub member: Member,
    /// Deposits, withdrawals and reversals with running balance.
    pub lines: Vec<StatementLine>,
    /// Balance, đồng.
    pub balance: i64,
}

/// Input for a loan disbursement.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLoan {
    /// Borrower member id.
    pub borrower_id: String,
    /// Principal, đồng.
    pub principal: i64,
    /// Disbursement date.
    pub disbursed_on: NaiveDate,
    /// Term, months.
    pub term_months: u32,
    /// Monthly rate, basis points.
    pub monthly_rate_bp: u32,
    /// Interest method.
    pub method: InterestMethod,
    /// Purpose.
    pub purpose: String,
}

/// A loan's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanStatus {
    /// Money still owed.
    Active,
    /// Fully repaid.
    Repaid,
    /// Written off.
    WrittenOff,
    /// Disbursement reversed (recorded by mistake).
    Reversed,
}

/// A loan with its schedule and position on a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoanView {
    /// The loan.
    pub loan: LoanRecord,
    /// Borrower's name.
    pub borrower_name: String,
    /// State.
    pub status: LoanStatus,
    /// Schedule and payments on `position.as_of`.
    pub position: LoanPosition,
    /// Repayments (including reversed ones, flagged).
    pub repayments: Vec<StatementLine>,
}

/// A loan a loan-book import created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedLoan {
    /// The sheet row it came from.
    pub sheet_row: u32,
    /// The new loan's id.
    pub loan_id: String,
    /// Repayments recorded for it.
    pub repayments: usize,
}

/// What [`Store::import_loans`] recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LoanImportSummary {
    /// The loans created, in sheet order.
    pub loans: Vec<ImportedLoan>,
    /// Repayments recorded.
    pub repayments: usize,
    /// Principal disbursed from the income-generation fund, đồng.
    pub disbursed: i64,
    /// Repayments received into it, đồng.
    pub repaid: i64,
}

/// A repayment receipt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepaymentReceipt {
    /// The journal entry.
    pub entry: JournalRecord,
    /// The loan's position on the payment date, this repayment included.
    pub position: LoanPosition,
    /// The loan's state after it (active, or repaid by this payment).
    pub status: LoanStatus,
}

/// Input for a meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMeeting {
    /// Date held.
    pub held_on: NaiveDate,
    /// Topic.
    pub topic: String,
    /// Attendees with optional readings.
    pub attendees: Vec<Attendance>,
}

/// A change-log entry as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoggedOp {
    /// Local sequence number.
    pub seq: i64,
    /// Operation id (UUIDv7).
    pub op_id: String,
    /// Entity kind.
    pub entity: String,
    /// Entity id.
    pub entity_id: String,
    /// The change as JSON.
    pub change: serde_json::Value,
    /// Device that made it.
    pub device_id: String,
    /// Who made it.
    pub author: String,
    /// Hybrid logical clock stamp.
    pub hlc: String,
    /// Device time, RFC 3339.
    pub recorded_at: String,
    /// When the server accepted it.
    pub sent_at: Option<String>,
}

/// Result of checking that tables and change log agree.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Audit {
    /// Rows whose `op_id` is not in the change log (`table:id`).
    pub rows_without_op: Vec<String>,
    /// Operations whose entity has no row (`op_id`).
    pub ops_without_rows: Vec<String>,
    /// Journal ledgers whose balance is negative (`ledger:member`).
    pub negative_balances: Vec<String>,
}

/// Result of [`Store::check_integrity`]: what a store must satisfy after
/// any interruption (a process killed in the middle of a write or a sync,
/// a phone switched off). Each list is empty on a sound store; entries are
/// short English descriptions naming the table, row or operation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Integrity {
    /// SQLite's own `PRAGMA integrity_check` and `PRAGMA foreign_key_check`
    /// findings (a damaged file, a row pointing at a missing row).
    pub sqlite: Vec<String>,
    /// Rows without their operation, operations without their rows,
    /// negative balances ([`Store::audit`]).
    pub audit: Audit,
    /// Rows that differ between the tables and the change log replayed,
    /// operation by operation in log order, into an empty database
    /// (`table: only in the store: …` / `table: only in the replay: …`), and
    /// operations the replay could not apply although the log does not mark
    /// them rejected. Empty means no half operation: every operation is
    /// there with all its rows, or not at all.
    pub replay: Vec<String>,
    /// Balances the store reports (`savings_balance` per member,
    /// `fund_balance` per club and fund) that differ from the sum of the
    /// journal entries of the replayed change log, as `what: store X ₫,
    /// journal Y ₫`.
    pub balances: Vec<String>,
    /// Server sequence numbers from 1 to the pull cursor that the change
    /// log does not hold exactly once (`seq n: held k times`); the cursor is
    /// only ever saved with the pages it covers.
    pub cursor: Vec<String>,
}

impl Integrity {
    /// Whether every check passed.
    pub fn is_clean(&self) -> bool {
        self.sqlite.is_empty()
            && self.audit.rows_without_op.is_empty()
            && self.audit.ops_without_rows.is_empty()
            && self.audit.negative_balances.is_empty()
            && self.replay.is_empty()
            && self.balances.is_empty()
            && self.cursor.is_empty()
    }
}

/// The tables [`Store::check_integrity`] rebuilds from the change log and
/// compares: every table of the schema but `meta` and `change_log`.
const REPLAYED_TABLES: [&str; 14] = [
    "clubs",
    "members",
    "duplicate_flags",
    "visits",
    "visit_voids",
    "meetings",
    "meeting_attendance",
    "activities",
    "loans",
    "loan_write_offs",
    "journal",
    "field_clocks",
    "field_history",
    "conflicts",
];

/// Every row of `table` as text (`col|col|…`), sorted.
fn table_rows(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
        [table],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(vec![]);
    }
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table}"))?;
    let n = stmt.column_count();
    let mut rows: Vec<String> = stmt
        .query_map([], |r| {
            let mut parts = Vec::with_capacity(n);
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i)?;
                parts.push(format!("{v:?}"));
            }
            Ok(parts.join("|"))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort();
    Ok(rows)
}

/// A local operation the server refused.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RejectedOp {
    /// Operation id.
    pub op_id: String,
    /// Entity kind.
    pub entity: String,
    /// Entity id.
    pub entity_id: String,
    /// The server's code.
    pub code: String,
    /// The server's reason.
    pub reason: String,
    /// When it was made (device time).
    pub recorded_at: String,
}

/// A value that lost a concurrent edit of the same field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// Conflict id.
    pub id: String,
    /// Entity kind (`member`).
    pub entity: String,
    /// Entity id.
    pub entity_id: String,
    /// Field name, as in [`MemberPatch`].
    pub field: String,
    /// The value that lost, as JSON.
    pub losing_value: serde_json::Value,
    /// The operation that set it.
    pub losing_op_id: String,
    /// The operation whose value stands.
    pub winning_op_id: String,
    /// `open`, `restored` or `dismissed`.
    pub status: String,
    /// Device of the losing edit, if known here.
    pub losing_device: Option<String>,
    /// Author of the losing edit, if known here.
    pub losing_author: Option<String>,
    /// Device of the winning edit, if known here.
    pub winning_device: Option<String>,
    /// Author of the winning edit, if known here.
    pub winning_author: Option<String>,
}

/// A club's database.
pub struct Store {
    pub(crate) conn: Connection,
    /// The key it was opened with ([`Store::open_encrypted`]), for
    /// [`Store::backup_to`]; `None` for an unencrypted database.
    pub(crate) key: Option<StoreKey>,
    device_id: String,
    author: String,
    pull_cursor: i64,
    clock: Arc<dyn Clock>,
    hlc: HybridClock,
    collator: VietnameseCollator,
    /// The acting author's member row as the last permission check read it.
    author_row: Option<CachedAuthor>,
    /// The loan last shown or repaid, as it was then ([`CachedLoan`]).
    loan_cache: RefCell<Option<CachedLoan>>,
}

/// A loan's terms, flags and live repayments, and the database's data
/// version when they were read or last written by this store. A repayment
/// is checked against them while the version is the same (no commit to the
/// file since, by anyone), so recording the repayment a treasurer just
/// looked at reads nothing but the acting author's role; any other commit
/// (a reversal, a write-off, a pull, another process) changes the version
/// and the loan is read again. Kept by [`Store::loan`], and after a
/// repayment with the new repayment added, the version taken again (the
/// store's own commit changes it).
struct CachedLoan {
    loan: LoanRecord,
    reversed: bool,
    written_off: bool,
    /// In date and id order, as [`live_repayments`] reads them.
    repayments: Vec<Repayment>,
    data_version: u32,
}

/// The acting author's member row, and the database's data version when it
/// was known to be current. Any commit to the file changes the data version
/// (a commit on this connection, raw SQL included, or on another
/// connection or process, seen when the next transaction begins), so a
/// different version means the row is read again. The only commits that
/// keep it are the store's own writes made of money and visit changes,
/// which never touch a member: after one the version is taken again
/// ([`Store::write`]).
struct CachedAuthor {
    id: String,
    row: Option<crate::sync::replica::AuthorRow>,
    data_version: u32,
}

/// How many prepared statements the store's connection keeps.
const STATEMENT_CACHE: usize = 128;

/// The main database's data version (`SQLITE_FCNTL_DATA_VERSION`).
fn data_version(conn: &Connection) -> Result<u32> {
    let mut v = 0u32;
    conn.file_control(
        Some(rusqlite::MAIN_DB),
        rusqlite::FileControl::DataVersion(&mut v),
    )?;
    Ok(v)
}

/// Tables whose rows carry `op_id`, with their id column and the change-log
/// entity kind that creates them.
const PROVENANCE: [(&str, &str, &str); 10] = [
    ("clubs", "id", "club"),
    ("members", "id", "member"),
    ("duplicate_flags", "id", "duplicate_flag"),
    ("visits", "id", "visit"),
    ("visit_voids", "id", "visit_void"),
    ("meetings", "id", "meeting"),
    ("meeting_attendance", "meeting_id", "meeting"),
    ("activities", "id", "activity"),
    ("loans", "id", "loan"),
    ("loan_write_offs", "id", "loan_write_off"),
];

/// The author of operations until [`Store::set_author`] names a member:
/// local administration (setting up the club, importing a roster). It may not
/// record money or visits.
pub const DEFAULT_AUTHOR: &str = "admin:local";

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub(crate) fn parse_date(s: &str) -> rusqlite::Result<NaiveDate> {
    if let Some(d) = parse_iso_date(s) {
        return Ok(d);
    }
    s.parse::<NaiveDate>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A stored `YYYY-MM-DD` date, without chrono's general parser (a loan's
/// repayments and the lists parse thousands; chrono took ~800 instructions
/// each). Anything else, or an impossible date, is `None` and left to chrono,
/// which then accepts or refuses it as before.
fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

fn parse_enum<T: serde::de::DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn parse_json<T: serde::de::DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The operation in columns 0–8 of a change-log row selected as `op_id,
/// entity, entity_id, change, device_id, author, hlc, recorded_at,
/// base_seq` (the columns a pushed operation carries).
fn wire_op(r: &rusqlite::Row<'_>) -> rusqlite::Result<WireOp> {
    Ok(WireOp {
        op_id: r.get(0)?,
        entity: r.get(1)?,
        entity_id: r.get(2)?,
        change: parse_json(&r.get::<_, String>(3)?)?,
        device_id: r.get(4)?,
        author: r.get(5)?,
        hlc: r.get(6)?,
        recorded_at: r.get(7)?,
        base_seq: r.get(8)?,
    })
}

const MEMBER_COLS: &str =
    "id, club_id, full_name, sex, birth_date, birth_year, ethnicity_code, household, disabled,
    lives_alone, hamlet, phone, joined_on, left_on, leave_reason, roles, membership";

fn member_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Member> {
    let birth = match r.get::<_, Option<String>>(4)? {
        Some(d) => Birth::Date(parse_date(&d)?),
        None => Birth::Year(r.get(5)?),
    };
    Ok(Member {
        id: r.get(0)?,
        club_id: r.get(1)?,
        full_name: r.get(2)?,
        sex: parse_enum(&r.get::<_, String>(3)?)?,
        birth,
        ethnicity_code: r.get(6)?,
        household: parse_enum(&r.get::<_, String>(7)?)?,
        disabled: r.get(8)?,
        lives_alone: r.get(9)?,
        hamlet: r.get(10)?,
        phone: r.get(11)?,
        joined_on: parse_date(&r.get::<_, String>(12)?)?,
        left_on: r
            .get::<_, Option<String>>(13)?
            .map(|d| parse_date(&d))
            .transpose()?,
        leave_reason: r.get(14)?,
        roles: parse_json(&r.get::<_, String>(15)?)?,
        membership: parse_enum(&r.get::<_, String>(16)?)?,
    })
}

/// Reads one member by id (merged records included).
pub(crate) fn read_member(conn: &Connection, id: &str) -> Result<Member> {
    conn.prepare_cached(&format!("SELECT {MEMBER_COLS} FROM members WHERE id = ?1"))?
        .query_row([id], member_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "member",
            id: id.to_string(),
        })
}

/// Every person of a club (members and recipients, those who left
/// included; merged records excluded), in no particular order.
pub(crate) fn club_people(conn: &Connection, club_id: &str) -> Result<Vec<Member>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {MEMBER_COLS} FROM members WHERE club_id = ?1 AND merged_into IS NULL"
        ))?
        .query_map([club_id], member_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// What a write checks about a person: not the whole record.
struct Person {
    id: String,
    club_id: String,
    full_name: String,
    left_on: Option<NaiveDate>,
    roles: Vec<Role>,
    membership: Membership,
}

/// A missing person is an invalid input named by `field`.
fn unknown_person(e: Error, id: &str, field: &str) -> Error {
    match e {
        Error::NotFound { .. } => Error::Invalid(FieldError::new(
            "member.unknown",
            field,
            format!("no person with id {id}"),
        )),
        other => other,
    }
}

/// Refuses a person who has left the club by `on`.
fn still_in_club(name: &str, left_on: Option<NaiveDate>, field: &str, on: NaiveDate) -> Result<()> {
    if let Some(left) = left_on.filter(|l| *l <= on) {
        return invalid(
            "member.left",
            field,
            format!("{name} left the club on {left}"),
        );
    }
    Ok(())
}

/// The person a write names, still in the club on `on`, read with the
/// write's own connection (inside its transaction); errors name `field`.
fn active_person_in(conn: &Connection, id: &str, field: &str, on: NaiveDate) -> Result<Person> {
    let p = conn
        .prepare_cached(
            "SELECT id, club_id, full_name, left_on, roles, membership FROM members WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Person {
                id: r.get(0)?,
                club_id: r.get(1)?,
                full_name: r.get(2)?,
                left_on: r
                    .get::<_, Option<String>>(3)?
                    .map(|d| parse_date(&d))
                    .transpose()?,
                roles: parse_json(&r.get::<_, String>(4)?)?,
                membership: parse_enum(&r.get::<_, String>(5)?)?,
            })
        })
        .optional()?
        .ok_or_else(|| {
            unknown_person(
                Error::NotFound {
                    entity: "member",
                    id: id.to_string(),
                },
                id,
                field,
            )
        })?;
    still_in_club(&p.full_name, p.left_on, field, on)?;
    Ok(p)
}

const JOURNAL_COLS: &str = "j.id, j.club_id, j.ledger, j.kind, j.amount, j.entry_on, j.member_id, j.loan_id, j.reverses_id, j.memo, j.recorded_at";

fn journal_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<JournalRecord> {
    let ledger: String = r.get(2)?;
    let kind: String = r.get(3)?;
    let bad = |what: &str| rusqlite::Error::InvalidColumnName(what.to_string());
    Ok(JournalRecord {
        id: r.get(0)?,
        club_id: r.get(1)?,
        ledger: Ledger::parse(&ledger).ok_or_else(|| bad(&ledger))?,
        kind: EntryKind::parse(&kind).ok_or_else(|| bad(&kind))?,
        amount: r.get(4)?,
        entry_on: parse_date(&r.get::<_, String>(5)?)?,
        member_id: r.get(6)?,
        loan_id: r.get(7)?,
        reverses_id: r.get(8)?,
        memo: r.get(9)?,
        recorded_at: r.get(10)?,
    })
}

pub(crate) const LOAN_COLS: &str = "id, club_id, borrower_id, principal, disbursed_on, term_months, monthly_rate_bp, method, purpose";

pub(crate) fn loan_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LoanRecord> {
    Ok(LoanRecord {
        id: r.get(0)?,
        club_id: r.get(1)?,
        borrower_id: r.get(2)?,
        principal: r.get(3)?,
        disbursed_on: parse_date(&r.get::<_, String>(4)?)?,
        term_months: r.get(5)?,
        monthly_rate_bp: r.get(6)?,
        method: parse_enum(&r.get::<_, String>(7)?)?,
        purpose: r.get(8)?,
    })
}

pub(crate) fn terms_of(l: &LoanRecord) -> LoanTerms {
    LoanTerms {
        principal: l.principal,
        disbursed_on: l.disbursed_on,
        term_months: l.term_months,
        monthly_rate_bp: l.monthly_rate_bp,
        method: l.method,
    }
}

fn required_text(field: &str, value: &str, max_chars: usize) -> Result<String> {
    let v = normalize_text(value);
    if v.is_empty() {
        return invalid("text.required", field, format!("{field} is required"));
    }
    if v.chars().count() > max_chars {
        return invalid(
            "text.too_long",
            field,
            format!("{field} is longer than {max_chars} characters"),
        );
    }
    Ok(v)
}

fn optional_text(field: &str, value: &str, max_chars: usize) -> Result<String> {
    let v = normalize_text(value);
    if v.chars().count() > max_chars {
        return invalid(
            "text.too_long",
            field,
            format!("{field} is longer than {max_chars} characters"),
        );
    }
    Ok(v)
}

fn positive_amount(field: &str, amount: i64) -> Result<()> {
    if amount <= 0 {
        return invalid(
            "money.not_positive",
            field,
            format!(
                "{field} must be more than 0 ₫, got {}",
                crate::money::format_dong(amount)
            ),
        );
    }
    Ok(())
}

impl Store {
    /// Opens (creating or upgrading) the database at `path` for device
    /// `device_id`, reading time from `clock`.
    ///
    /// Errors: the file cannot be opened, is not a database, or has a newer
    /// schema than this build ([`Error::SchemaTooNew`]).
    pub fn open(path: &Path, device_id: &str, clock: Arc<dyn Clock>) -> Result<Store> {
        let conn = Connection::open(path)?;
        Self::from_connection(conn, None, device_id, clock)
    }

    /// An in-memory store, for tests.
    pub fn open_in_memory(device_id: &str, clock: Arc<dyn Clock>) -> Result<Store> {
        Self::from_connection(Connection::open_in_memory()?, None, device_id, clock)
    }

    /// The store on `conn`, already keyed with `key` if it is encrypted.
    pub(crate) fn from_connection(
        mut conn: Connection,
        key: Option<StoreKey>,
        device_id: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Store> {
        if device_id.is_empty() || device_id.contains(char::is_whitespace) {
            return invalid(
                "device.id",
                "device_id",
                "device id must be non-empty without spaces",
            );
        }
        // Refuse a newer file before touching it: switching to WAL rewrites its header.
        let found = crate::schema::version(&conn)?;
        if found > crate::schema::VERSION {
            return Err(Error::SchemaTooNew {
                found,
                supported: crate::schema::VERSION,
            });
        }
        crate::schema::configure(&conn)?;
        // The store runs some 70 distinct cached statements (writes, their
        // checks, the screens' reads, sync); rusqlite keeps 16 by default,
        // so a screen read between two writes could evict a write's
        // statements and have them parsed and planned again.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        crate::schema::init(&mut conn)?;
        let last: Option<String> = conn
            .query_row(
                "SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let observed: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'hlc_observed'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let mut hlc = Hlc::default();
        for s in last.into_iter().chain(observed) {
            let stamp: HlcStamp = s.parse()?;
            hlc = hlc.max(stamp.hlc);
        }
        let pull_cursor: i64 = conn
            .query_row(
                "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'pull_cursor'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        let enrolled: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(Store {
            conn,
            key,
            device_id: enrolled.unwrap_or_else(|| device_id.to_string()),
            author: DEFAULT_AUTHOR.to_string(),
            pull_cursor,
            clock,
            hlc: HybridClock::resume(hlc),
            collator: VietnameseCollator::new(),
            author_row: None,
            loan_cache: RefCell::new(None),
        })
    }

    /// Sets who is acting (recorded as the author of each operation).
    pub fn set_author(&mut self, author: &str) {
        self.author = author.to_string();
        self.author_row = None;
    }

    /// This device's id.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// The underlying connection, for read-only queries in tests and tools.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The store clock's current instant (device time: never used to order records).
    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    /// Today's date in Vietnam by the store's clock.
    pub fn today(&self) -> NaiveDate {
        vietnam_date(&self.clock.now())
    }

    /// Runs `f` in one immediate transaction; its changes are applied and
    /// logged, and committed only if `f` returns `Ok`.
    fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let saved = self.hlc;
        let now = self.clock.now();
        let out = {
            let tx = WriteTx::begin(&self.conn)?;
            let mut w = Writer {
                tx,
                device_id: &self.device_id,
                author: &self.author,
                author_row: &mut self.author_row,
                author_checked: false,
                touches_people: false,
                hlc: &mut self.hlc,
                now,
                base_seq: self.pull_cursor,
            };
            f(&mut w).and_then(|v| {
                let keeps_author = w.author_checked && !w.touches_people;
                w.tx.commit()?;
                Ok((v, keeps_author))
            })
        };
        match out {
            Ok((v, keeps_author)) => {
                // Only money and visits were written, and the author's row
                // was current inside this transaction: it still is.
                if keeps_author {
                    let version = data_version(&self.conn)?;
                    if let Some(c) = &mut self.author_row {
                        c.data_version = version;
                    }
                }
                Ok(v)
            }
            Err(e) => {
                self.hlc = saved;
                Err(e)
            }
        }
    }

    // ----- clubs -----

    /// Creates a club. A pre-2025 commune code is stored as the 2025 commune
    /// the commune was merged into ([`crate::commune_merges::resolve`]), so every stored
    /// code is a 2025 code. Errors: empty name (`name`), unknown commune code
    /// (`commune_code`, code `club.commune_unknown`), a pre-2025 commune
    /// divided in 2025 (`club.commune_divided`), an empty activity list.
    pub fn create_club(&mut self, new: NewClub) -> Result<Club> {
        let name = required_text("name", &new.name, 200)?;
        if new.founded_on > self.today() {
            return invalid(
                "club.founded_future",
                "founded_on",
                format!(
                    "the founding date {} is in the future",
                    new.founded_on.format("%d/%m/%Y")
                ),
            );
        }
        let commune_code = crate::commune_merges::commune_2025(new.commune_code)?;
        let areas = match new.activity_areas {
            Some(a) => {
                let a: Vec<String> = a
                    .iter()
                    .map(|s| normalize_text(s))
                    .filter(|s| !s.is_empty())
                    .collect();
                if a.is_empty() {
                    return invalid(
                        "club.no_activity_areas",
                        "activity_areas",
                        "a club needs at least one activity area",
                    );
                }
                a
            }
            None => DEFAULT_ACTIVITY_AREAS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        };
        let rec = ClubRecord {
            id: new_id(),
            name,
            commune_code,
            founded_on: new.founded_on,
            activity_areas: areas,
        };
        let id = rec.id.clone();
        self.write(|w| w.record(Change::ClubCreated(rec)))?;
        self.club(&id)
    }

    /// A club by id.
    pub fn club(&self, id: &str) -> Result<Club> {
        self.clubs()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::NotFound {
                entity: "club",
                id: id.to_string(),
            })
    }

    /// All clubs in this database, in creation order.
    pub fn clubs(&self) -> Result<Vec<Club>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, commune_code, founded_on, activity_areas FROM clubs ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let code: u32 = r.get(2)?;
            let founded_on = parse_date(&r.get::<_, String>(3)?)?;
            let commune = crate::admin_units::commune(code);
            Ok(Club {
                id: r.get(0)?,
                name: r.get(1)?,
                commune_code: code,
                commune_name: commune.map(|c| c.name.clone()).unwrap_or_default(),
                province_name: commune.map(|c| c.province_name.clone()).unwrap_or_default(),
                founded_on,
                cohort: Cohort::of(founded_on),
                activity_areas: parse_json(&r.get::<_, String>(4)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The only club in this database; error `club.ambiguous` if there are
    /// several, `not_found` if none.
    pub fn the_club(&self) -> Result<Club> {
        let mut clubs = self.clubs()?;
        match clubs.len() {
            0 => Err(Error::NotFound {
                entity: "club",
                id: "(none created yet)".into(),
            }),
            1 => Ok(clubs.remove(0)),
            n => invalid(
                "club.ambiguous",
                "club",
                format!("this database holds {n} clubs; name one with its id"),
            ),
        }
    }

    // ----- members -----

    /// Validates and normalises a new member.
    fn build_member(&self, club_id: &str, new: &NewMember) -> Result<Member> {
        let full_name = required_text("full_name", &new.full_name, 120)?;
        let today = self.today();
        use chrono::Datelike;
        let year = new.birth.year();
        if !(1900..=today.year()).contains(&year) {
            return invalid(
                "birth.range",
                "birth",
                format!("birth year {year} is outside 1900–{}", today.year()),
            );
        }
        if let Birth::Date(d) = new.birth {
            if d > today {
                return invalid(
                    "birth.future",
                    "birth",
                    format!("birth date {d} is in the future"),
                );
            }
        }
        if crate::ethnicity::by_code(new.ethnicity_code).is_none() {
            return invalid(
                "ethnicity.unknown",
                "ethnicity_code",
                format!(
                    "{} is not an official ethnic group code (1–54)",
                    new.ethnicity_code
                ),
            );
        }
        let phone = match new
            .phone
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(p) => Some(crate::phone::parse_phone(p)?.canonical),
            None => None,
        };
        let mut roles = new.roles.clone();
        roles.sort();
        roles.dedup();
        Ok(Member {
            id: new_id(),
            club_id: club_id.to_string(),
            full_name,
            sex: new.sex,
            birth: new.birth,
            ethnicity_code: new.ethnicity_code,
            household: new.household,
            disabled: new.disabled,
            lives_alone: new.lives_alone,
            hamlet: optional_text("hamlet", &new.hamlet, 120)?,
            phone,
            joined_on: new.joined_on,
            left_on: None,
            leave_reason: None,
            roles,
            membership: new.membership,
        })
    }

    /// Registers a person in the club. A person with the same name (ignoring
    /// case, diacritics, spacing and Unicode form), birth year and hamlet is
    /// flagged as a possible duplicate for a person to merge or dismiss; the
    /// registration itself goes ahead.
    ///
    /// Errors: empty name, birth year outside 1900–this year, unknown ethnic
    /// code, a phone that is not a Vietnamese mobile or landline.
    pub fn register_member(&mut self, club_id: &str, new: NewMember) -> Result<Registration> {
        self.club(club_id)?;
        let member = self.build_member(club_id, &new)?;
        Ok(self.insert_members(club_id, vec![member])?.remove(0))
    }

    /// Registers several people in one transaction (a roster import): all or
    /// none. Errors name the failing entry as `members[i].field`.
    pub fn register_members(
        &mut self,
        club_id: &str,
        news: Vec<NewMember>,
    ) -> Result<Vec<Registration>> {
        self.club(club_id)?;
        let mut members = Vec::with_capacity(news.len());
        for (i, n) in news.iter().enumerate() {
            let m = self.build_member(club_id, n).map_err(|e| match e {
                Error::Invalid(f) => {
                    let field = format!("members[{i}].{}", f.field);
                    Error::Invalid(f.for_field(&field))
                }
                other => other,
            })?;
            members.push(m);
        }
        self.insert_members(club_id, members)
    }

    /// Registers validated members in one transaction, flagging possible
    /// duplicates against the people already registered.
    fn insert_members(&mut self, club_id: &str, members: Vec<Member>) -> Result<Vec<Registration>> {
        self.write(|w| {
            let mut out = vec![];
            for m in members {
                let key = crate::duplicates::duplicate_key(&m.full_name, m.birth.year(), &m.hamlet);
                let dups: Vec<Member> = {
                    let mut stmt = w.tx.prepare_cached(&format!(
                        "SELECT {MEMBER_COLS} FROM members WHERE club_id = ?1 AND duplicate_key = ?2 AND merged_into IS NULL ORDER BY id"
                    ))?;
                    let rows = stmt.query_map(params![club_id, key], member_from_row)?;
                    rows.collect::<rusqlite::Result<_>>()?
                };
                // Applying the registration flags `dups` as possible duplicates.
                w.record(Change::MemberRegistered(m.clone()))?;
                out.push(Registration { member: m, possible_duplicates: dups });
            }
            Ok(out)
        })
    }

    /// Changes fields of a person. Errors as for registration; `not_found`
    /// for an unknown id.
    pub fn update_member(&mut self, member_id: &str, mut patch: MemberPatch) -> Result<Member> {
        let current = read_member(&self.conn, member_id)?;
        if let Some(n) = &patch.full_name {
            patch.full_name = Some(required_text("full_name", n, 120)?);
        }
        if let Some(h) = &patch.hamlet {
            patch.hamlet = Some(optional_text("hamlet", h, 120)?);
        }
        if let Some(Some(p)) = &patch.phone {
            patch.phone = Some(Some(crate::phone::parse_phone(p)?.canonical));
        }
        if let Some(code) = patch.ethnicity_code {
            if crate::ethnicity::by_code(code).is_none() {
                return invalid(
                    "ethnicity.unknown",
                    "ethnicity_code",
                    format!("{code} is not an official ethnic group code (1–54)"),
                );
            }
        }
        if let Some(Some(left)) = patch.left_on {
            if left < current.joined_on {
                return invalid(
                    "member.left_before_joined",
                    "left_on",
                    format!(
                        "leave date {left} is before the join date {}",
                        current.joined_on
                    ),
                );
            }
        }
        let id = member_id.to_string();
        self.write(|w| {
            w.record(Change::MemberUpdated {
                member_id: id,
                patch,
            })
        })?;
        read_member(&self.conn, member_id)
    }

    /// Records that a member left on `left_on` for `reason`.
    pub fn record_leave(
        &mut self,
        member_id: &str,
        left_on: NaiveDate,
        reason: &str,
    ) -> Result<Member> {
        let reason = required_text("leave_reason", reason, 500)?;
        self.update_member(
            member_id,
            MemberPatch {
                left_on: Some(Some(left_on)),
                leave_reason: Some(Some(reason)),
                ..Default::default()
            },
        )
    }

    /// A person by id.
    pub fn member(&self, member_id: &str) -> Result<Member> {
        read_member(&self.conn, member_id)
    }

    /// The club's people (merged records excluded), in Vietnamese order by
    /// given name, with savings balance and loan principal outstanding on
    /// `as_of`. `search` matches names ignoring case, diacritics and đ/d, or
    /// phone digits; `include_left` keeps people who left.
    pub fn list_members(
        &self,
        club_id: &str,
        search: Option<&str>,
        include_left: bool,
        as_of: NaiveDate,
    ) -> Result<Vec<MemberSummary>> {
        let key = search.map(search_key).unwrap_or_default();
        let digits: String = search
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MEMBER_COLS} FROM members
             WHERE club_id = ?1 AND merged_into IS NULL
               AND (?2 = '' OR instr(name_key, ?2) > 0 OR (length(?3) >= 3 AND instr(phone, ?3) > 0))"
        ))?;
        let phone_digits = digits.trim_start_matches('0').to_string();
        let mut members: Vec<Member> = stmt
            .query_map(params![club_id, key, phone_digits], member_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        if !include_left {
            members.retain(|m| m.left_on.is_none_or(|l| l > as_of));
        }
        // Vietnamese order by given name, then middle, then family name
        // (as `compare_names`), with each name split once rather than per comparison.
        let mut keyed: Vec<((String, String, String), Member)> = members
            .into_iter()
            .map(|m| (crate::text::split_name(&m.full_name), m))
            .collect();
        keyed.sort_by(|(ka, a), (kb, b)| {
            let c = &self.collator;
            c.compare(&ka.2, &kb.2)
                .then_with(|| c.compare(&ka.1, &kb.1))
                .then_with(|| c.compare(&ka.0, &kb.0))
                .then_with(|| c.compare(&a.full_name, &b.full_name))
                .then_with(|| a.id.cmp(&b.id))
        });
        let members: Vec<Member> = keyed.into_iter().map(|(_, m)| m).collect();
        let savings = self.savings_balances(club_id)?;
        let loans = self.outstanding_by_borrower(club_id, as_of)?;
        Ok(members
            .into_iter()
            .map(|m| MemberSummary {
                savings_balance: savings.get(&m.id).copied().unwrap_or(0),
                loan_outstanding: loans.get(&m.id).copied().unwrap_or(0),
                member: m,
            })
            .collect())
    }

    /// Savings balance per member id of a club (merged records counted under
    /// the record kept).
    fn savings_balances(&self, club_id: &str) -> Result<std::collections::HashMap<String, i64>> {
        // One covering-index range per member (journal_member), folded into
        // the record kept for merged members.
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(m.merged_into, m.id),
                    (SELECT coalesce(sum(j.amount), 0) FROM journal j WHERE j.member_id = m.id AND j.ledger = 'savings')
             FROM members m WHERE m.club_id = ?1",
        )?;
        let mut out = std::collections::HashMap::new();
        for row in stmt.query_map([club_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (key, sum) = row?;
            *out.entry(key).or_insert(0) += sum;
        }
        Ok(out)
    }

    /// Principal outstanding per borrower on `as_of` over active loans.
    fn outstanding_by_borrower(
        &self,
        club_id: &str,
        as_of: NaiveDate,
    ) -> Result<std::collections::HashMap<String, i64>> {
        let mut out = std::collections::HashMap::new();
        for (_, key, position) in self.active_positions(club_id, as_of)? {
            *out.entry(key).or_insert(0) += position.principal_outstanding;
        }
        Ok(out)
    }

    /// Active loans of a club on `as_of` (the free [`active_positions`]),
    /// every write-off counted whatever its date.
    fn active_positions(
        &self,
        club_id: &str,
        as_of: NaiveDate,
    ) -> Result<Vec<(LoanRecord, String, LoanPosition)>> {
        active_positions(&self.conn, club_id, as_of, None)
    }

    /// Open possible-duplicate flags.
    pub fn possible_duplicates(&self, club_id: &str) -> Result<Vec<DuplicateFlag>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, member_a, member_b FROM duplicate_flags WHERE club_id = ?1 AND status = 'open' ORDER BY id")?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map([club_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(id, a, b)| {
                Ok(DuplicateFlag {
                    id,
                    a: read_member(&self.conn, &a)?,
                    b: read_member(&self.conn, &b)?,
                })
            })
            .collect()
    }

    /// Resolves a flag: dismiss it, or merge `merged` into `kept` (both must
    /// be the flag's two members). Merging keeps both records and all their
    /// visits and money; lists then show `kept` only, with both records' money.
    pub fn resolve_duplicate(
        &mut self,
        flag_id: &str,
        resolution: DuplicateResolution,
    ) -> Result<()> {
        let (a, b, status): (String, String, String) = self
            .conn
            .query_row(
                "SELECT member_a, member_b, status FROM duplicate_flags WHERE id = ?1",
                [flag_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "duplicate_flag",
                id: flag_id.to_string(),
            })?;
        if status != "open" {
            return invalid(
                "duplicate.resolved",
                "flag_id",
                format!("this flag was already resolved ({status})"),
            );
        }
        if let DuplicateResolution::Merged { kept, merged } = &resolution {
            let pair_ok = (kept == &a && merged == &b) || (kept == &b && merged == &a);
            if !pair_ok {
                return invalid(
                    "duplicate.not_pair",
                    "kept",
                    "kept and merged must be the flag's two members",
                );
            }
        }
        let flag_id = flag_id.to_string();
        self.write(|w| {
            w.record(Change::DuplicateResolved {
                flag_id,
                resolution,
            })
        })
    }

    // ----- visits -----

    fn active_person(&self, id: &str, field: &str, on: NaiveDate) -> Result<Member> {
        let m = read_member(&self.conn, id).map_err(|e| unknown_person(e, id, field))?;
        still_in_club(&m.full_name, m.left_on, field, on)?;
        Ok(m)
    }

    /// Logs a home-care visit. Errors: the volunteer is not an active
    /// home-care volunteer (`visit.not_volunteer`), the recipient is not a
    /// registered care recipient (`visit.not_recipient`), duration outside
    /// 1–720 minutes, no service, implausible readings (see [`crate::vitals`]).
    pub fn log_visit(&mut self, new: NewVisit) -> Result<Visit> {
        // The people are read and checked inside the write's transaction.
        self.write(|w| Self::log_visit_in(w, new))
    }

    fn log_visit_in(w: &mut Writer<'_>, new: NewVisit) -> Result<Visit> {
        let on = vietnam_date(&new.started_at);
        let volunteer = w.active_person(&new.volunteer_id, "volunteer_id", on)?;
        if !volunteer.roles.contains(&Role::HomeCareVolunteer) {
            return invalid(
                "visit.not_volunteer",
                "volunteer_id",
                format!("{} is not a home-care volunteer", volunteer.full_name),
            );
        }
        let recipient = active_person_in(&w.tx, &new.recipient_id, "recipient_id", on)?;
        if !(recipient.roles.contains(&Role::CareRecipient)
            || recipient.membership == Membership::RecipientOnly)
        {
            return invalid(
                "visit.not_recipient",
                "recipient_id",
                format!(
                    "{} is not registered as a care recipient",
                    recipient.full_name
                ),
            );
        }
        if volunteer.id == recipient.id {
            return invalid(
                "visit.self",
                "recipient_id",
                "a volunteer cannot log a visit to themselves",
            );
        }
        if !(1..=720).contains(&new.duration_min) {
            return invalid(
                "visit.duration",
                "duration_min",
                format!("duration must be 1–720 minutes, got {}", new.duration_min),
            );
        }
        if new.services.is_empty() {
            return invalid(
                "visit.no_service",
                "services",
                "choose at least one service delivered",
            );
        }
        validate_vitals(&new.vitals)?;
        let mut services = new.services.clone();
        services.sort();
        services.dedup();
        let rec = VisitRecord {
            id: new_id(),
            club_id: volunteer.club_id,
            volunteer_id: volunteer.id,
            recipient_id: recipient.id,
            started_at: new.started_at.to_rfc3339(),
            visit_on: on,
            duration_min: new.duration_min,
            services,
            vitals: new.vitals,
            notes: optional_text("notes", &new.notes, 2000)?,
        };
        let visit = Visit {
            bp_flag: bp_flag(&rec.vitals),
            record: rec.clone(),
            voided: None,
            volunteer_name: volunteer.full_name,
            recipient_name: recipient.full_name,
        };
        w.record(Change::VisitLogged(rec))?;
        Ok(visit)
    }

    /// Voids a visit logged by mistake; the visit stays, marked voided.
    pub fn void_visit(&mut self, visit_id: &str, reason: &str) -> Result<Visit> {
        let v = self.visit(visit_id)?;
        if v.voided.is_some() {
            return invalid(
                "visit.already_voided",
                "visit_id",
                "this visit was already voided",
            );
        }
        let reason = required_text("reason", reason, 500)?;
        let now = self.clock.now().to_rfc3339();
        let visit_id = visit_id.to_string();
        self.write(|w| {
            w.record(Change::VisitVoided {
                void_id: new_id(),
                visit_id: visit_id.clone(),
                reason,
                voided_at: now,
            })
        })?;
        self.visit(&visit_id)
    }

    const VISIT_SELECT: &'static str = "SELECT v.id, v.club_id, v.volunteer_id, v.recipient_id, v.started_at, v.visit_on, v.duration_min,
            v.services, v.systolic, v.diastolic, v.pulse, v.glucose_mmol_l, v.weight_kg, v.notes, vv.reason, vol.full_name, rec.full_name
        FROM visits v LEFT JOIN visit_voids vv ON vv.visit_id = v.id
        JOIN members vol ON vol.id = v.volunteer_id JOIN members rec ON rec.id = v.recipient_id";

    fn visit_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Visit> {
        let vitals = Vitals {
            systolic: r.get(8)?,
            diastolic: r.get(9)?,
            pulse: r.get(10)?,
            glucose_mmol_l: r.get(11)?,
            weight_kg: r.get(12)?,
        };
        Ok(Visit {
            bp_flag: bp_flag(&vitals),
            record: VisitRecord {
                id: r.get(0)?,
                club_id: r.get(1)?,
                volunteer_id: r.get(2)?,
                recipient_id: r.get(3)?,
                started_at: r.get(4)?,
                visit_on: parse_date(&r.get::<_, String>(5)?)?,
                duration_min: r.get(6)?,
                services: parse_json(&r.get::<_, String>(7)?)?,
                vitals,
                notes: r.get(13)?,
            },
            voided: r.get(14)?,
            volunteer_name: r.get(15)?,
            recipient_name: r.get(16)?,
        })
    }

    /// A visit by id.
    pub fn visit(&self, visit_id: &str) -> Result<Visit> {
        self.conn
            .prepare_cached(&format!("{} WHERE v.id = ?1", Self::VISIT_SELECT))?
            .query_row([visit_id], Self::visit_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "visit",
                id: visit_id.to_string(),
            })
    }

    /// Visits of a club, newest first, optionally for one recipient and
    /// within dates (inclusive).
    pub fn visits(
        &self,
        club_id: &str,
        recipient_id: Option<&str>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<Visit>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{} WHERE v.club_id = ?1 AND (?2 IS NULL OR v.recipient_id = ?2 OR rec.merged_into = ?2)
               AND (?3 IS NULL OR v.visit_on >= ?3) AND (?4 IS NULL OR v.visit_on <= ?4)
             ORDER BY julianday(v.started_at) DESC, v.id DESC",
            Self::VISIT_SELECT
        ))?;
        let rows = stmt.query_map(
            params![
                club_id,
                recipient_id,
                from.map(|d| d.to_string()),
                to.map(|d| d.to_string())
            ],
            Self::visit_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Care recipients (role care recipient, or registered as recipient only)
    /// not visited in the `days` days up to and including `as_of`: never
    /// visited first, then longest since the last visit.
    pub fn recipients_due(
        &self,
        club_id: &str,
        as_of: NaiveDate,
        days: u32,
    ) -> Result<Vec<RecipientDue>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MEMBER_COLS}, (SELECT max(v.visit_on) FROM visits v JOIN members r ON r.id = v.recipient_id
                 WHERE (r.id = members.id OR r.merged_into = members.id) AND v.visit_on <= ?2
                   AND NOT EXISTS (SELECT 1 FROM visit_voids vv WHERE vv.visit_id = v.id))
             FROM members WHERE club_id = ?1 AND merged_into IS NULL"
        ))?;
        let rows: Vec<(Member, Option<String>)> = stmt
            .query_map(params![club_id, as_of.to_string()], |r| {
                Ok((member_from_row(r)?, r.get(17)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut due = vec![];
        for (m, last) in rows {
            let is_recipient =
                m.roles.contains(&Role::CareRecipient) || m.membership == Membership::RecipientOnly;
            if !is_recipient || m.left_on.is_some_and(|l| l <= as_of) {
                continue;
            }
            let last = last.map(|d| parse_date(&d)).transpose()?;
            let days_since = last.map(|d| (as_of - d).num_days());
            if days_since.is_none_or(|d| d >= i64::from(days)) {
                due.push(RecipientDue {
                    member: m,
                    last_visit_on: last,
                    days_since,
                });
            }
        }
        due.sort_by(|a, b| {
            b.days_since
                .unwrap_or(i64::MAX)
                .cmp(&a.days_since.unwrap_or(i64::MAX))
                .then_with(|| {
                    self.collator
                        .compare_names(&a.member.full_name, &b.member.full_name)
                })
        });
        Ok(due)
    }

    // ----- meetings and activities -----

    /// Records a monthly meeting with attendance and optional blood-pressure
    /// readings. Errors: unknown or repeated attendee, implausible readings.
    pub fn record_meeting(&mut self, club_id: &str, new: NewMeeting) -> Result<MeetingRecord> {
        self.club(club_id)?;
        let topic = required_text("topic", &new.topic, 300)?;
        let mut seen = std::collections::HashSet::new();
        for (i, a) in new.attendees.iter().enumerate() {
            let field = format!("attendees[{i}]");
            let m = self.active_person(&a.member_id, &field, new.held_on)?;
            if m.club_id != club_id {
                return invalid(
                    "member.other_club",
                    &field,
                    format!("{} is not in this club", m.full_name),
                );
            }
            if !seen.insert(a.member_id.clone()) {
                return invalid(
                    "meeting.duplicate_attendee",
                    &field,
                    format!("{} is listed twice", m.full_name),
                );
            }
            validate_vitals(&Vitals {
                systolic: a.systolic,
                diastolic: a.diastolic,
                ..Default::default()
            })
            .map_err(|e| {
                let f = format!("{field}.{}", e.field);
                e.for_field(&f)
            })?;
        }
        let rec = MeetingRecord {
            id: new_id(),
            club_id: club_id.to_string(),
            held_on: new.held_on,
            topic,
            attendees: new.attendees,
        };
        let out = rec.clone();
        self.write(|w| w.record(Change::MeetingRecorded(rec)))?;
        Ok(out)
    }

    /// Meetings of a club between two dates (inclusive), oldest first.
    pub fn meetings(
        &self,
        club_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<MeetingRecord>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, held_on, topic FROM meetings WHERE club_id = ?1 AND held_on BETWEEN ?2 AND ?3 ORDER BY held_on, id")?;
        let heads: Vec<(String, String, String)> = stmt
            .query_map(params![club_id, from.to_string(), to.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut att = self.conn.prepare_cached("SELECT member_id, systolic, diastolic FROM meeting_attendance WHERE meeting_id = ?1 ORDER BY member_id")?;
        let mut out = vec![];
        for (id, held_on, topic) in heads {
            let attendees = att
                .query_map([&id], |r| {
                    Ok(Attendance {
                        member_id: r.get(0)?,
                        systolic: r.get(1)?,
                        diastolic: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            out.push(MeetingRecord {
                id,
                club_id: club_id.to_string(),
                held_on: parse_date(&held_on)?,
                topic,
                attendees,
            });
        }
        Ok(out)
    }

    /// Records an activity in one of the club's configured areas.
    pub fn record_activity(
        &mut self,
        club_id: &str,
        area: &str,
        held_on: NaiveDate,
        title: &str,
        participants: u32,
    ) -> Result<ActivityRecord> {
        let club = self.club(club_id)?;
        if !club.activity_areas.iter().any(|a| a == area) {
            return invalid(
                "activity.area_unknown",
                "area",
                format!(
                    "'{area}' is not one of the club's areas: {}",
                    club.activity_areas.join(", ")
                ),
            );
        }
        let rec = ActivityRecord {
            id: new_id(),
            club_id: club_id.to_string(),
            area: area.to_string(),
            held_on,
            title: required_text("title", title, 300)?,
            participants,
        };
        let out = rec.clone();
        self.write(|w| w.record(Change::ActivityRecorded(rec)))?;
        Ok(out)
    }

    // ----- funds and savings -----

    fn balance(
        conn: &Connection,
        club_id: &str,
        ledger: Ledger,
        member_id: Option<&str>,
    ) -> Result<i64> {
        Ok(match member_id {
            None => conn
                .prepare_cached("SELECT coalesce(sum(amount), 0) FROM journal WHERE club_id = ?1 AND ledger = ?2")?
                .query_row(params![club_id, ledger.as_str()], |r| r.get(0))?,
            // Per member only savings are kept: `journal_member` holds
            // savings entries alone, so the ledger is named in the SQL for
            // the planner to match that index.
            Some(m) if ledger == Ledger::Savings => conn
                .prepare_cached(
                    "SELECT coalesce(sum(amount), 0) FROM journal WHERE ledger = 'savings' AND member_id IN
                       (SELECT id FROM members WHERE id = ?1 OR merged_into = ?1 AND club_id = ?2)",
                )?
                .query_row(params![m, club_id], |r| r.get(0))?,
            Some(m) => conn
                .prepare_cached(
                    "SELECT coalesce(sum(amount), 0) FROM journal WHERE ledger = ?2 AND member_id IN
                       (SELECT id FROM members WHERE id = ?1 OR merged_into = ?1 AND club_id = ?3)",
                )?
                .query_row(params![m, ledger.as_str(), club_id], |r| r.get(0))?,
        })
    }

    /// The lowest balance a ledger has on `from` or any later date: the
    /// balance at the end of `from`, then at the end of each later day with
    /// entries. Merged members' savings count under the record kept.
    fn lowest_balance_from(
        conn: &Connection,
        club_id: &str,
        ledger: Ledger,
        member_id: Option<&str>,
        from: NaiveDate,
    ) -> Result<i64> {
        let mut stmt = conn.prepare_cached(
            "SELECT entry_on, sum(amount) FROM journal
             WHERE club_id = ?1 AND ledger = ?2
               AND (?3 IS NULL OR member_id IN (SELECT id FROM members WHERE id = ?3 OR merged_into = ?3))
             GROUP BY entry_on ORDER BY entry_on",
        )?;
        let from = from.to_string();
        let mut running = 0i64;
        let mut lowest: Option<i64> = None;
        let rows = stmt.query_map(params![club_id, ledger.as_str(), member_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (day, sum) = row?;
            if day > from && lowest.is_none() {
                // No entry on `from` itself: the balance that day is the one before.
                lowest = Some(running);
            }
            running += sum;
            if day >= from {
                lowest = Some(lowest.map_or(running, |l| l.min(running)));
            }
        }
        Ok(lowest.unwrap_or(running))
    }

    fn journal_entry(
        &self,
        club_id: &str,
        ledger: Ledger,
        kind: EntryKind,
        amount: i64,
        entry_on: NaiveDate,
    ) -> JournalRecord {
        new_entry(club_id, ledger, kind, amount, entry_on, &self.clock.now())
    }

    /// Records a fund inflow or outflow other than loans. Errors: amount not
    /// positive; a kind that is not a fund kind (`fund.kind`); an outflow
    /// larger than the fund's balance (`fund.insufficient`, with the figures).
    pub fn record_fund_entry(&mut self, club_id: &str, new: NewFundEntry) -> Result<JournalRecord> {
        self.club(club_id)?;
        positive_amount("amount", new.amount)?;
        let sign = match new.kind {
            EntryKind::Grant
            | EntryKind::Contribution
            | EntryKind::MembershipFee
            | EntryKind::InterestIncome => 1,
            EntryKind::Expense => -1,
            other => {
                return invalid(
                    "fund.kind",
                    "kind",
                    format!("'{}' is not recorded as a fund entry", other.as_str()),
                )
            }
        };
        if let Some(m) = &new.member_id {
            read_member(&self.conn, m)?;
        }
        let mut e = self.journal_entry(
            club_id,
            Ledger::Fund(new.fund),
            new.kind,
            sign * new.amount,
            new.entry_on,
        );
        e.memo = optional_text("memo", &new.memo, 500)?;
        e.member_id = new.member_id;
        let out = e.clone();
        self.write(|w| {
            w.check_balance_after(&e, "amount")?;
            w.record(Change::JournalEntry(e))
        })?;
        Ok(out)
    }

    /// A fund's statement: entries in date order with running balance.
    pub fn fund_statement(&self, club_id: &str, fund: Fund) -> Result<FundStatement> {
        let lines = self.statement(club_id, Ledger::Fund(fund), None)?;
        let balance = lines.last().map(|l| l.balance).unwrap_or(0);
        Ok(FundStatement {
            fund,
            lines,
            balance,
        })
    }

    /// A fund's balance, đồng.
    pub fn fund_balance(&self, club_id: &str, fund: Fund) -> Result<i64> {
        Self::balance(&self.conn, club_id, Ledger::Fund(fund), None)
    }

    fn statement(
        &self,
        club_id: &str,
        ledger: Ledger,
        member_id: Option<&str>,
    ) -> Result<Vec<StatementLine>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {JOURNAL_COLS}, EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id) FROM journal j
             WHERE j.club_id = ?1 AND j.ledger = ?2
               AND (?3 IS NULL OR j.member_id IN (SELECT id FROM members WHERE id = ?3 OR merged_into = ?3))
             ORDER BY j.entry_on, j.recorded_at, j.id"
        ))?;
        let rows = stmt.query_map(params![club_id, ledger.as_str(), member_id], |r| {
            Ok((journal_from_row(r)?, r.get::<_, bool>(11)?))
        })?;
        let mut balance = 0i64;
        let mut out = vec![];
        for row in rows {
            let (entry, reversed) = row?;
            balance += entry.amount;
            out.push(StatementLine {
                entry,
                balance,
                reversed,
            });
        }
        Ok(out)
    }

    /// Records a savings deposit (*gửi tiết kiệm*) for a member.
    pub fn deposit(
        &mut self,
        member_id: &str,
        amount: i64,
        on: NaiveDate,
        memo: &str,
    ) -> Result<JournalRecord> {
        self.savings_entry(member_id, EntryKind::Deposit, amount, on, memo)
    }

    /// Records a savings withdrawal (*rút tiết kiệm*). Errors: more than the
    /// balance (`savings.insufficient`, with the figures).
    pub fn withdraw(
        &mut self,
        member_id: &str,
        amount: i64,
        on: NaiveDate,
        memo: &str,
    ) -> Result<JournalRecord> {
        self.savings_entry(member_id, EntryKind::Withdrawal, amount, on, memo)
    }

    fn savings_entry(
        &mut self,
        member_id: &str,
        kind: EntryKind,
        amount: i64,
        on: NaiveDate,
        memo: &str,
    ) -> Result<JournalRecord> {
        positive_amount("amount", amount)?;
        // The member is read and checked inside the write's transaction.
        self.write(|w| {
            let m = active_person_in(&w.tx, member_id, "member_id", on)?;
            if m.membership != Membership::Member {
                return invalid(
                    "savings.not_member",
                    "member_id",
                    format!("{} is not a club member", m.full_name),
                );
            }
            let sign = if kind == EntryKind::Withdrawal { -1 } else { 1 };
            let mut e = w.entry(&m.club_id, Ledger::Savings, kind, sign * amount, on);
            e.member_id = Some(m.id);
            e.memo = optional_text("memo", memo, 500)?;
            w.check_balance_after(&e, "amount")?;
            let out = e.clone();
            w.record(Change::JournalEntry(e))?;
            Ok(out)
        })
    }

    /// A member's passbook with running balance.
    pub fn passbook(&self, member_id: &str) -> Result<Passbook> {
        let member = read_member(&self.conn, member_id)?;
        let lines = self.statement(&member.club_id, Ledger::Savings, Some(member_id))?;
        let balance = lines.last().map(|l| l.balance).unwrap_or(0);
        Ok(Passbook {
            member,
            lines,
            balance,
        })
    }

    /// A member's savings balance, đồng.
    pub fn savings_balance(&self, member_id: &str) -> Result<i64> {
        let m = read_member(&self.conn, member_id)?;
        Self::balance(&self.conn, &m.club_id, Ledger::Savings, Some(member_id))
    }

    /// Reverses a journal entry (a deposit, withdrawal, fund entry, loan
    /// repayment or loan disbursement) recorded by mistake: a new entry with
    /// the opposite amount points at it; the original stays.
    ///
    /// Errors: unknown entry; already reversed (`journal.already_reversed`);
    /// a reversal itself (`journal.reverse_reversal`); a disbursement whose
    /// loan still has repayments (`loan.has_repayments`); a reversal that
    /// would leave the ledger below zero (`fund.insufficient`,
    /// `savings.insufficient`).
    pub fn reverse_entry(
        &mut self,
        entry_id: &str,
        reason: &str,
        on: NaiveDate,
    ) -> Result<JournalRecord> {
        let reason = required_text("reason", reason, 500)?;
        let (orig, reversed) = self
            .conn
            .prepare_cached(&format!("SELECT {JOURNAL_COLS}, EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id) FROM journal j WHERE j.id = ?1"))?
            .query_row([entry_id], |r| Ok((journal_from_row(r)?, r.get::<_, bool>(11)?)))
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "journal entry", id: entry_id.to_string() })?;
        if reversed {
            return invalid(
                "journal.already_reversed",
                "entry_id",
                "this entry was already reversed",
            );
        }
        if orig.kind == EntryKind::Reversal {
            return invalid(
                "journal.reverse_reversal",
                "entry_id",
                "a reversal cannot be reversed; record the entry again",
            );
        }
        if on < orig.entry_on {
            return invalid(
                "journal.reversal_before_entry",
                "on",
                format!(
                    "a reversal cannot be dated before the entry it reverses ({})",
                    orig.entry_on
                ),
            );
        }
        if orig.kind == EntryKind::LoanDisbursement {
            let loan_id = orig.loan_id.clone().unwrap_or_default();
            if !live_repayments(&self.conn, &loan_id)?.is_empty() {
                return invalid(
                    "loan.has_repayments",
                    "entry_id",
                    "reverse the loan's repayments before its disbursement",
                );
            }
        }
        let mut e = self.journal_entry(
            &orig.club_id,
            orig.ledger,
            EntryKind::Reversal,
            -orig.amount,
            on,
        );
        e.member_id = orig.member_id.clone();
        e.loan_id = orig.loan_id.clone();
        e.reverses_id = Some(orig.id.clone());
        e.memo = reason;
        let out = e.clone();
        self.write(|w| {
            w.check_balance_after(&e, "amount")?;
            w.record(Change::JournalEntry(e))
        })?;
        Ok(out)
    }

    // ----- loans -----

    /// Disburses a loan from the income-generation fund. Errors: invalid
    /// terms (see [`loan::validate_terms`]); a borrower who is not an active
    /// member; a principal larger than the fund's balance
    /// (`fund.insufficient`, with the figures).
    pub fn disburse_loan(&mut self, new: NewLoan) -> Result<LoanView> {
        let on = new.disbursed_on;
        let id = self.write(|w| Self::disburse_in(w, new))?.id;
        self.loan(&id, on)
    }

    /// [`Store::disburse_loan`] inside a write: checks the terms, the
    /// borrower (read in the transaction) and the fund's balance, and
    /// records the loan with its disbursement entry.
    fn disburse_in(w: &mut Writer<'_>, new: NewLoan) -> Result<LoanRecord> {
        let terms = LoanTerms {
            principal: new.principal,
            disbursed_on: new.disbursed_on,
            term_months: new.term_months,
            monthly_rate_bp: new.monthly_rate_bp,
            method: new.method,
        };
        loan::validate_terms(&terms)?;
        let borrower = read_member(&w.tx, &new.borrower_id)
            .map_err(|e| unknown_person(e, &new.borrower_id, "borrower_id"))?;
        still_in_club(
            &borrower.full_name,
            borrower.left_on,
            "borrower_id",
            new.disbursed_on,
        )?;
        if borrower.membership != Membership::Member || borrower.joined_on > new.disbursed_on {
            return invalid(
                "loan.not_member",
                "borrower_id",
                format!(
                    "{} is not a club member on {}",
                    borrower.full_name, new.disbursed_on
                ),
            );
        }
        let rec = LoanRecord {
            id: new_id(),
            club_id: borrower.club_id.clone(),
            borrower_id: borrower.id.clone(),
            principal: new.principal,
            disbursed_on: new.disbursed_on,
            term_months: new.term_months,
            monthly_rate_bp: new.monthly_rate_bp,
            method: new.method,
            purpose: optional_text("purpose", &new.purpose, 300)?,
        };
        let mut entry = w.entry(
            &rec.club_id,
            Ledger::Fund(Fund::IncomeGeneration),
            EntryKind::LoanDisbursement,
            -new.principal,
            new.disbursed_on,
        );
        entry.member_id = Some(borrower.id.clone());
        entry.loan_id = Some(rec.id.clone());
        entry.memo = rec.purpose.clone();
        w.check_balance_after(&entry, "principal")?;
        w.record(Change::LoanDisbursed {
            loan: rec.clone(),
            entry,
        })?;
        Ok(rec)
    }

    /// Records a repayment (*trả nợ*) of `amount` đồng paid on `paid_on`. It
    /// is allocated to the oldest installment first, interest before
    /// principal. Errors: not positive; more than what is still owed
    /// (`loan.overpayment`, with the figures); a reversed or written-off loan
    /// (`loan.closed`); a date before disbursement (`loan.repaid_before_disbursed`).
    pub fn repay_loan(
        &mut self,
        loan_id: &str,
        amount: i64,
        paid_on: NaiveDate,
    ) -> Result<RepaymentReceipt> {
        let cached = self
            .loan_cache
            .get_mut()
            .take()
            .filter(|c| c.loan.id == loan_id);
        let (receipt, mut cache) =
            self.write(|w| Self::repay_in(w, loan_id, amount, paid_on, cached))?;
        cache.data_version = data_version(&self.conn)?;
        *self.loan_cache.get_mut() = Some(cache);
        Ok(receipt)
    }

    /// [`Store::repay_loan`] inside a write. The loan is `cached` while the
    /// database's data version is the one it was kept at, else read in the
    /// transaction. Returns the receipt and the loan with the new repayment,
    /// to keep once its data version is taken after the commit.
    fn repay_in(
        w: &mut Writer<'_>,
        loan_id: &str,
        amount: i64,
        paid_on: NaiveDate,
        cached: Option<CachedLoan>,
    ) -> Result<(RepaymentReceipt, CachedLoan)> {
        let version = data_version(&w.tx)?;
        let (l, reversed, written_off, mut repayments) = match cached {
            Some(c) if c.data_version == version => {
                (c.loan, c.reversed, c.written_off, c.repayments)
            }
            _ => {
                let (l, reversed, written_off) = loan_with_flags(&w.tx, loan_id)?;
                (l, reversed, written_off, live_repayments(&w.tx, loan_id)?)
            }
        };
        if reversed || written_off {
            let what = if reversed { "reversed" } else { "written off" };
            return invalid("loan.closed", "loan_id", format!("this loan is {what}"));
        }
        if paid_on < l.disbursed_on {
            return invalid(
                "loan.repaid_before_disbursed",
                "paid_on",
                format!("{paid_on} is before the disbursement on {}", l.disbursed_on),
            );
        }
        let terms = terms_of(&l);
        let mut e = w.entry(
            &l.club_id,
            Ledger::Fund(Fund::IncomeGeneration),
            EntryKind::LoanRepayment,
            amount,
            paid_on,
        );
        let repayment = Repayment {
            id: e.id.clone(),
            paid_on,
            amount,
        };
        // Checked, and the receipt computed, from what is in hand (one
        // schedule), not read back.
        let position = loan::check_and_position(&terms, &repayments, &repayment)?;
        e.member_id = Some(l.borrower_id.clone());
        e.loan_id = Some(l.id.clone());
        w.record(Change::JournalEntry(e.clone()))?;
        let at = repayments.partition_point(|r| {
            (r.paid_on, r.id.as_str()) <= (repayment.paid_on, repayment.id.as_str())
        });
        repayments.insert(at, repayment);
        let receipt = RepaymentReceipt {
            status: loan_state(false, false, &position),
            entry: e,
            position,
        };
        let cache = CachedLoan {
            loan: l,
            reversed,
            written_off,
            repayments,
            data_version: 0,
        };
        Ok((receipt, cache))
    }

    /// Writes off a loan's outstanding principal (*xóa nợ*). Errors: a loan
    /// already written off, reversed or fully repaid.
    pub fn write_off_loan(
        &mut self,
        loan_id: &str,
        on: NaiveDate,
        reason: &str,
    ) -> Result<LoanView> {
        let reason = required_text("reason", reason, 500)?;
        let view = self.loan(loan_id, on)?;
        if view.status != LoanStatus::Active {
            return invalid(
                "loan.closed",
                "loan_id",
                format!(
                    "only an active loan can be written off; this one is {:?}",
                    view.status
                )
                .to_lowercase(),
            );
        }
        let principal = view.position.principal_outstanding;
        let id = loan_id.to_string();
        self.write(|w| {
            w.record(Change::LoanWrittenOff {
                id: new_id(),
                loan_id: id,
                written_off_on: on,
                principal,
                reason,
            })
        })?;
        self.loan(loan_id, on)
    }

    /// A loan with its schedule, payments and position on `as_of`.
    pub fn loan(&self, loan_id: &str, as_of: NaiveDate) -> Result<LoanView> {
        let before = data_version(&self.conn)?;
        let (l, reversed, written_off) = loan_with_flags(&self.conn, loan_id)?;
        let live = live_repayments(&self.conn, loan_id)?;
        let position = loan::position(&terms_of(&l), &live, as_of);
        // Kept for the repayment that usually follows, unless a commit came
        // between the two reads (then the version moved).
        let after = data_version(&self.conn)?;
        *self.loan_cache.borrow_mut() = (before == after).then(|| CachedLoan {
            loan: l.clone(),
            reversed,
            written_off,
            repayments: live,
            data_version: after,
        });
        let status = loan_state(reversed, written_off, &position);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {JOURNAL_COLS}, EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id) FROM journal j
             WHERE j.loan_id = ?1 AND j.kind IN ('loan_repayment', 'reversal') ORDER BY j.entry_on, j.recorded_at, j.id"
        ))?;
        let mut balance = 0;
        let mut repayments = vec![];
        for row in stmt.query_map([loan_id], |r| {
            Ok((journal_from_row(r)?, r.get::<_, bool>(11)?))
        })? {
            let (entry, rev) = row?;
            if entry.kind == EntryKind::Reversal && entry.amount > 0 {
                continue; // the reversal of the disbursement is not a repayment line
            }
            balance += entry.amount;
            repayments.push(StatementLine {
                entry,
                balance,
                reversed: rev,
            });
        }
        let borrower_name = read_member(&self.conn, &l.borrower_id)?.full_name;
        Ok(LoanView {
            loan: l,
            borrower_name,
            status,
            position,
            repayments,
        })
    }

    /// Full views of the club's loans on `as_of`: the active ones, or all
    /// disbursed by then.
    fn loan_views(
        &self,
        club_id: &str,
        as_of: NaiveDate,
        active_only: bool,
    ) -> Result<Vec<LoanView>> {
        let ids: Vec<String> = if active_only {
            self.active_positions(club_id, as_of)?
                .into_iter()
                .map(|(l, _, _)| l.id)
                .collect()
        } else {
            self.conn
                .prepare_cached("SELECT id FROM loans WHERE club_id = ?1 AND disbursed_on <= ?2 ORDER BY disbursed_on, id")?
                .query_map(params![club_id, as_of.to_string()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        ids.iter().map(|id| self.loan(id, as_of)).collect()
    }

    /// The club's loans on `as_of`: active loans first, most days past due
    /// first, then the rest; reversed loans excluded unless `include_closed`.
    pub fn loans(
        &self,
        club_id: &str,
        as_of: NaiveDate,
        include_closed: bool,
    ) -> Result<Vec<LoanView>> {
        let mut v = self.loan_views(club_id, as_of, !include_closed)?;
        v.sort_by(|a, b| {
            (a.status != LoanStatus::Active)
                .cmp(&(b.status != LoanStatus::Active))
                .then(b.position.days_past_due.cmp(&a.position.days_past_due))
                .then(a.loan.disbursed_on.cmp(&b.loan.disbursed_on))
        });
        Ok(v)
    }

    /// Portfolio at risk over `days` days across the club's active loans.
    pub fn portfolio_at_risk(
        &self,
        club_id: &str,
        as_of: NaiveDate,
        days: u32,
    ) -> Result<PortfolioAtRisk> {
        let positions: Vec<LoanPosition> = self
            .active_positions(club_id, as_of)?
            .into_iter()
            .map(|(_, _, p)| p)
            .collect();
        Ok(loan::portfolio_at_risk(&positions, days))
    }

    // ----- loan-book import -----

    /// Plans the import of a loan book read by
    /// [`crate::loan_import::read_loan_book_file`] into a club: the club's
    /// people (merged records excluded), its loans whose disbursement was not
    /// reversed and its income-generation fund entries, given to
    /// [`crate::loan_import::plan`] with today's date. Writes nothing.
    /// Errors: `not_found` for an unknown club.
    pub fn plan_loan_import(
        &self,
        club_id: &str,
        book: &crate::loan_import::LoanBook,
    ) -> Result<crate::loan_import::LoanImportPlan> {
        use crate::loan_import::{ExistingLoan, PlanContext};
        self.club(club_id)?;
        let members: Vec<Member> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {MEMBER_COLS} FROM members WHERE club_id = ?1 AND merged_into IS NULL ORDER BY id"
            ))?
            .query_map([club_id], member_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let existing: Vec<ExistingLoan> = self
            .conn
            .prepare_cached(
                "SELECT l.id, coalesce(m.merged_into, m.id), l.principal, l.disbursed_on, l.term_months,
                        l.monthly_rate_bp, l.method,
                        (SELECT coalesce(sum(j.amount), 0) FROM journal j
                          WHERE j.loan_id = l.id AND j.kind = 'loan_repayment'
                            AND NOT EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id))
                 FROM loans l JOIN members m ON m.id = l.borrower_id
                 WHERE l.club_id = ?1
                   AND NOT EXISTS (SELECT 1 FROM journal d JOIN journal r ON r.reverses_id = d.id
                                   WHERE d.loan_id = l.id AND d.kind = 'loan_disbursement')
                 ORDER BY l.disbursed_on, l.id",
            )?
            .query_map([club_id], |r| {
                Ok(ExistingLoan {
                    id: r.get(0)?,
                    borrower_id: r.get(1)?,
                    principal: r.get(2)?,
                    disbursed_on: parse_date(&r.get::<_, String>(3)?)?,
                    term_months: r.get(4)?,
                    monthly_rate_bp: r.get(5)?,
                    method: parse_enum(&r.get::<_, String>(6)?)?,
                    repaid: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let fund_entries: Vec<(NaiveDate, i64)> = self
            .conn
            .prepare_cached(
                "SELECT entry_on, amount FROM journal WHERE club_id = ?1 AND ledger = ?2 ORDER BY entry_on, id",
            )?
            .query_map(
                params![club_id, Ledger::Fund(Fund::IncomeGeneration).as_str()],
                |r| Ok((parse_date(&r.get::<_, String>(0)?)?, r.get(1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(crate::loan_import::plan(
            book,
            &PlanContext {
                members: &members,
                existing_loans: &existing,
                fund_entries: &fund_entries,
                today: self.today(),
            },
        ))
    }

    /// Records a planned loan-book import in one transaction: every loan's
    /// disbursement and repayments, in [`crate::loan_import::import_order`],
    /// through the same rules as [`Store::disburse_loan`] and
    /// [`Store::repay_loan`] (terms, membership, the fund's balance,
    /// allocation, overpayment), each logged for sync. All or nothing: the
    /// first refusal rolls everything back.
    ///
    /// Errors: `loan_import.fund_insufficient` (field `fund`) when the plan
    /// found the fund short, before anything is written, with the grant
    /// needed; `loan_import.already_imported` when a loan with the same
    /// borrower, disbursement date and principal is in the book (a stale
    /// plan); `member.other_club` for a borrower of another club; and the
    /// disbursement and repayment errors, their field prefixed with the sheet
    /// row (`rows[7].principal`, `rows[7].repayments[2026-05].amount`).
    pub fn import_loans(
        &mut self,
        club_id: &str,
        plan: &crate::loan_import::LoanImportPlan,
    ) -> Result<LoanImportSummary> {
        self.club(club_id)?;
        if plan.fund.shortfall > 0 {
            return invalid(
                "loan_import.fund_insufficient",
                "fund",
                format!(
                    "the income-generation fund cannot cover these disbursements: record a grant or the fund's opening balance of at least {} dated on or before {} first",
                    crate::money::format_dong(plan.fund.shortfall),
                    plan.fund
                        .grant_by
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default()
                ),
            );
        }
        if plan.loans.is_empty() {
            return Ok(LoanImportSummary::default());
        }
        let steps = crate::loan_import::import_order(&plan.loans);
        self.write(|w| {
            let mut ids: Vec<Option<String>> = vec![None; plan.loans.len()];
            let mut summary = LoanImportSummary::default();
            let mut counts = vec![0usize; plan.loans.len()];
            for step in steps {
                let l = &plan.loans[step.loan];
                let prefix = format!("rows[{}]", l.sheet_row);
                let within = |e: Error, prefix: &str| match e {
                    Error::Invalid(f) => {
                        let field = format!("{prefix}.{}", f.field);
                        Error::Invalid(f.for_field(&field))
                    }
                    other => other,
                };
                match step.repayment {
                    None => {
                        let (club, name): (String, String) = w
                            .tx
                            .prepare_cached("SELECT club_id, full_name FROM members WHERE id = ?1")?
                            .query_row([&l.borrower_id], |r| Ok((r.get(0)?, r.get(1)?)))
                            .optional()?
                            .unwrap_or_default();
                        if club != club_id {
                            return invalid(
                                "member.other_club",
                                &format!("{prefix}.borrower_id"),
                                format!("{} is not a person of this club", if name.is_empty() { &l.borrower_id } else { &name }),
                            );
                        }
                        let existing: Option<String> = w
                            .tx
                            .prepare_cached(
                                "SELECT l.id FROM loans l JOIN members m ON m.id = l.borrower_id
                                 WHERE l.club_id = ?1 AND coalesce(m.merged_into, m.id) = ?2
                                   AND l.disbursed_on = ?3 AND l.principal = ?4
                                   AND NOT EXISTS (SELECT 1 FROM journal d JOIN journal r ON r.reverses_id = d.id
                                                   WHERE d.loan_id = l.id AND d.kind = 'loan_disbursement')
                                 LIMIT 1",
                            )?
                            .query_row(
                                params![
                                    club_id,
                                    l.borrower_id,
                                    l.terms.disbursed_on.to_string(),
                                    l.terms.principal
                                ],
                                |r| r.get(0),
                            )
                            .optional()?;
                        if let Some(id) = existing {
                            return invalid(
                                "loan_import.already_imported",
                                &prefix,
                                format!(
                                    "{name} already has loan {id} of {} disbursed on {}: plan the import again",
                                    crate::money::format_dong(l.terms.principal),
                                    l.terms.disbursed_on.format("%d/%m/%Y")
                                ),
                            );
                        }
                        let rec = Self::disburse_in(
                            w,
                            NewLoan {
                                borrower_id: l.borrower_id.clone(),
                                principal: l.terms.principal,
                                disbursed_on: l.terms.disbursed_on,
                                term_months: l.terms.term_months,
                                monthly_rate_bp: l.terms.monthly_rate_bp,
                                method: l.terms.method,
                                purpose: l.purpose.clone(),
                            },
                        )
                        .map_err(|e| within(e, &prefix))?;
                        summary.disbursed += l.terms.principal;
                        ids[step.loan] = Some(rec.id);
                    }
                    Some(k) => {
                        let r = &l.repayments[k];
                        let at = format!("{prefix}.repayments[{:04}-{:02}]", r.year, r.month);
                        let id = ids[step.loan].clone().ok_or_else(|| {
                            Error::Invalid(FieldError::new(
                                "loan.repaid_before_disbursed",
                                &format!("{at}.paid_on"),
                                format!(
                                    "{} is before the disbursement on {}",
                                    r.paid_on, l.terms.disbursed_on
                                ),
                            ))
                        })?;
                        Self::repay_in(w, &id, r.amount, r.paid_on, None).map_err(|e| within(e, &at))?;
                        summary.repayments += 1;
                        summary.repaid += r.amount;
                        counts[step.loan] += 1;
                    }
                }
            }
            summary.loans = plan
                .loans
                .iter()
                .zip(ids.into_iter().zip(counts))
                .filter_map(|(l, (id, repayments))| {
                    id.map(|loan_id| ImportedLoan {
                        sheet_row: l.sheet_row,
                        loan_id,
                        repayments,
                    })
                })
                .collect();
            Ok(summary)
        })
    }

    // ----- composition -----

    /// The club's composition on `as_of` against the plan's rules.
    pub fn composition(&self, club_id: &str, as_of: NaiveDate) -> Result<CompositionReport> {
        Ok(check_composition(&club_people(&self.conn, club_id)?, as_of))
    }

    /// The club's plan indicators over `period`
    /// ([`crate::indicators::club_indicators`] on this store's database).
    pub fn club_indicators(
        &self,
        club_id: &str,
        period: crate::indicators::Period,
    ) -> Result<crate::indicators::ClubIndicators> {
        crate::indicators::club_indicators(&self.conn, club_id, period)
    }

    /// The club's monthly report for `month` (1–12) of `year`
    /// ([`crate::indicators::monthly_report`] on this store's database).
    pub fn monthly_report(
        &self,
        club_id: &str,
        year: i32,
        month: u32,
    ) -> Result<crate::indicators::ClubMonthlyReport> {
        crate::indicators::monthly_report(&self.conn, club_id, year, month)
    }

    // ----- change log, audit, backup -----

    /// The change log in order, optionally only operations not yet sent.
    pub fn change_log(&self, unsent_only: bool) -> Result<Vec<LoggedOp>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, op_id, entity, entity_id, change, device_id, author, hlc, recorded_at, sent_at FROM change_log
             WHERE (?1 = 0 OR sent_at IS NULL) ORDER BY seq",
        )?;
        let rows = stmt.query_map([unsent_only], |r| {
            Ok(LoggedOp {
                seq: r.get(0)?,
                op_id: r.get(1)?,
                entity: r.get(2)?,
                entity_id: r.get(3)?,
                change: parse_json(&r.get::<_, String>(4)?)?,
                device_id: r.get(5)?,
                author: r.get(6)?,
                hlc: r.get(7)?,
                recorded_at: r.get(8)?,
                sent_at: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Checks that every row has its change-log operation and every
    /// operation its rows, and that no savings or fund balance is negative.
    pub fn audit(&self) -> Result<Audit> {
        let mut audit = Audit::default();
        let mut tables: Vec<(&str, &str, &str)> = PROVENANCE.to_vec();
        tables.push(("journal", "id", "journal"));
        for (table, id_col, _) in &tables {
            let sql = format!("SELECT '{table}:' || {id_col} FROM {table} t WHERE t.op_id NOT IN (SELECT op_id FROM change_log)");
            let rows: Vec<String> = self
                .conn
                .prepare(&sql)?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            audit.rows_without_op.extend(rows);
        }
        let ops: Vec<(String, String, String, String)> = self
            .conn
            .prepare("SELECT op_id, entity, entity_id, change FROM change_log ORDER BY seq")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (op_id, entity, entity_id, _) in ops {
            let table = match entity.as_str() {
                "journal" => "journal",
                other => match PROVENANCE.iter().find(|(_, _, e)| *e == other) {
                    Some((t, _, _)) => t,
                    None => {
                        audit.ops_without_rows.push(op_id);
                        continue;
                    }
                },
            };
            let exists: bool = self.conn.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
                [&entity_id],
                |r| r.get(0),
            )?;
            if !exists {
                audit.ops_without_rows.push(op_id);
            }
        }
        let neg: Vec<String> = self
            .conn
            .prepare(
                "SELECT j.ledger || ':' || coalesce(m.merged_into, m.id, '') FROM journal j
                 LEFT JOIN members m ON m.id = j.member_id
                 GROUP BY j.club_id, j.ledger, CASE WHEN j.ledger = 'savings' THEN coalesce(m.merged_into, m.id) END
                 HAVING sum(j.amount) < 0",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        audit.negative_balances = neg;
        Ok(audit)
    }

    /// Checks everything a store must satisfy whatever interrupted it (see
    /// [`Integrity`]): SQLite's integrity and foreign-key checks; the audit
    /// ([`Store::audit`]); the tables equal to the change log replayed
    /// through [`crate::sync::replica::apply`] into an empty database (no
    /// half operation, no row without its operation, no operation without
    /// its rows); the balances the store reports equal to the sums of the
    /// replayed journal; and the server sequence numbers 1..=pull cursor
    /// each held once. Reads only; takes time in proportion to the whole
    /// change log (meant for tests, support tools and after a crash, not
    /// for every screen).
    ///
    /// Errors: only database errors reading the store.
    pub fn check_integrity(&self) -> Result<Integrity> {
        let mut out = Integrity::default();
        let checked: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        out.sqlite.extend(checked.into_iter().filter(|m| m != "ok"));
        let dangling: Vec<String> = self
            .conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| {
                Ok(format!(
                    "{} row {:?} points at a missing row of {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.sqlite.extend(dangling);
        out.audit = self.audit()?;

        // The change log replayed into an empty database.
        let mut replay = Connection::open_in_memory()?;
        crate::schema::init(&mut replay)?;
        let ops: Vec<(WireOp, Option<i64>, Option<String>)> = self
            .conn
            .prepare(
                "SELECT op_id, entity, entity_id, change, device_id, author, hlc, recorded_at, base_seq,
                        server_seq, rejected_code, origin
                 FROM change_log ORDER BY seq",
            )?
            .query_map([], |r| {
                let origin: String = r.get(11)?;
                let rejected: Option<String> = r.get(10)?;
                Ok((
                    wire_op(r)?,
                    r.get(9)?,
                    // A remote operation this replica could not apply is
                    // kept in the log without rows (`apply_pulled`); a local
                    // one the server refused keeps its rows here.
                    rejected.filter(|_| origin == "remote"),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (op, server_seq, unapplied) in &ops {
            let tx = replay.transaction()?;
            match crate::sync::replica::apply(&tx, op, *server_seq) {
                Ok(()) if unapplied.is_none() => tx.commit()?,
                Ok(()) => out.replay.push(format!(
                    "op {}: applies, but the log marks it not applied ({})",
                    op.op_id,
                    unapplied.as_deref().unwrap_or_default()
                )),
                Err(_) if unapplied.is_some() => {}
                Err(r) => out
                    .replay
                    .push(format!("op {}: does not apply again: {r}", op.op_id)),
            }
        }
        for table in REPLAYED_TABLES {
            let here = table_rows(&self.conn, table)?;
            let there = table_rows(&replay, table)?;
            if here != there {
                let theirs: std::collections::HashSet<&String> = there.iter().collect();
                let ours: std::collections::HashSet<&String> = here.iter().collect();
                for row in here.iter().filter(|r| !theirs.contains(r)) {
                    out.replay
                        .push(format!("{table}: only in the store: {row}"));
                }
                for row in there.iter().filter(|r| !ours.contains(r)) {
                    out.replay
                        .push(format!("{table}: only in the replay: {row}"));
                }
            }
        }

        // Balances against the replayed journal.
        let members: Vec<(String, String)> = self
            .conn
            .prepare("SELECT id, club_id FROM members WHERE merged_into IS NULL ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (member, _) in &members {
            let journal: i64 = replay.query_row(
                "SELECT coalesce(sum(amount), 0) FROM journal WHERE ledger = 'savings'
                 AND member_id IN (SELECT id FROM members WHERE id = ?1 OR merged_into = ?1)",
                [member],
                |r| r.get(0),
            )?;
            let reported = self.savings_balance(member)?;
            if reported != journal {
                out.balances.push(format!(
                    "savings of {member}: store {reported} ₫, journal {journal} ₫"
                ));
            }
        }
        let clubs: Vec<String> = self
            .conn
            .prepare("SELECT id FROM clubs ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for club in &clubs {
            for fund in [Fund::IncomeGeneration, Fund::Activity] {
                let journal: i64 = replay.query_row(
                    "SELECT coalesce(sum(amount), 0) FROM journal WHERE club_id = ?1 AND ledger = ?2",
                    params![club, Ledger::Fund(fund).as_str()],
                    |r| r.get(0),
                )?;
                let reported = self.fund_balance(club, fund)?;
                if reported != journal {
                    out.balances.push(format!(
                        "{} fund of {club}: store {reported} ₫, journal {journal} ₫",
                        Ledger::Fund(fund).as_str()
                    ));
                }
            }
        }

        // The pull cursor and the server numbers it covers.
        let stored: i64 = self
            .conn
            .query_row(
                "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'pull_cursor'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        if stored != self.pull_cursor {
            out.cursor.push(format!(
                "the saved cursor {stored} differs from the store's {}",
                self.pull_cursor
            ));
        }
        let held: HashMap<i64, i64> = self
            .conn
            .prepare(
                "SELECT server_seq, count(*) FROM change_log
                 WHERE server_seq IS NOT NULL AND server_seq <= ?1 GROUP BY server_seq",
            )?
            .query_map([stored], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for seq in 1..=stored {
            let times = held.get(&seq).copied().unwrap_or(0);
            if times != 1 {
                out.cursor.push(format!("seq {seq}: held {times} times"));
            }
        }
        Ok(out)
    }

    // ----- sync support -----

    /// The highest server sequence number this store has pulled.
    pub fn pull_cursor(&self) -> i64 {
        self.pull_cursor
    }

    /// A value in the store's `meta` table (sync settings, enrolment).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Sets (or, with `None`, removes) a `meta` value.
    pub fn set_meta(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(v) => self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, v],
            )?,
            None => self.conn.execute("DELETE FROM meta WHERE key = ?1", [key])?,
        };
        Ok(())
    }

    /// Errors with `enrol.not_empty` unless this database is new and empty
    /// (no operations, not yet enrolled).
    pub fn check_enrollable(&self) -> Result<()> {
        let ops: i64 = self
            .conn
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
        if ops > 0 || self.meta("device_token")?.is_some() {
            return invalid(
                "enrol.not_empty",
                "db",
                "this database already holds records or is enrolled; enrol into a new database file",
            );
        }
        Ok(())
    }

    /// Binds this database to a device enrolled with the server: its
    /// server-assigned device id and token. Only an empty database (no club,
    /// no operations) can be enrolled: everything then comes from the server.
    pub fn bind_enrolment(&mut self, device_id: &str, token: &str, server_url: &str) -> Result<()> {
        self.check_enrollable()?;
        if device_id.is_empty() || device_id.contains(char::is_whitespace) {
            return invalid(
                "device.id",
                "device_id",
                "device id must be non-empty without spaces",
            );
        }
        let tx = self.conn.transaction()?;
        for (k, v) in [
            ("device_id", device_id),
            ("device_token", token),
            ("server_url", server_url),
        ] {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![k, v],
            )?;
        }
        tx.commit()?;
        self.device_id = device_id.to_string();
        Ok(())
    }

    /// Local operations not yet accepted by the server and not rejected, in
    /// change-log order, at most `limit`.
    pub fn pending_ops(&self, limit: usize) -> Result<Vec<WireOp>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT op_id, entity, entity_id, change, device_id, author, hlc, recorded_at, base_seq FROM change_log
             WHERE seq >= ?2 AND origin = 'local' AND sent_at IS NULL AND rejected_code IS NULL ORDER BY seq LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit as i64, unsent_from(&self.conn)?], wire_op)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Number of local operations waiting to be sent.
    pub fn pending_count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM change_log
             WHERE seq >= ?1 AND origin = 'local' AND sent_at IS NULL AND rejected_code IS NULL",
            [unsent_from(&self.conn)?],
            |r| r.get(0),
        )?)
    }

    /// Records the server's answers to a push in one transaction: accepted
    /// (or already had) operations are marked sent with their sequence
    /// number; rejected ones keep their reason and stay on the phone.
    /// Returns (sent, rejected).
    pub fn record_push_results(&mut self, results: &[OpResult]) -> Result<(usize, usize)> {
        let now = self.clock.now().to_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (mut sent, mut rejected) = (0, 0);
        // The answered operations are among those waiting, found by `seq`
        // (the change log keeps no index on `op_id`: schema version 6).
        let waiting = waiting_ops(&tx)?;
        for r in results {
            let Some(&seq) = waiting.get(r.op_id.as_str()) else {
                continue;
            };
            match &r.outcome {
                OpOutcome::Accepted { seq: server_seq }
                | OpOutcome::AlreadyHad { seq: server_seq } => {
                    let n = tx
                        .prepare_cached(
                            "UPDATE change_log SET sent_at = ?2, server_seq = ?3 WHERE seq = ?1 AND sent_at IS NULL",
                        )?
                        .execute(params![seq, now, server_seq])?;
                    crate::sync::replica::set_server_seq(&tx, &r.op_id, *server_seq)
                        .map_err(rejection)?;
                    sent += n;
                }
                OpOutcome::Rejected { code, reason } => {
                    rejected += tx
                        .prepare_cached(
                            "UPDATE change_log SET rejected_code = ?2, rejected_reason = ?3 WHERE seq = ?1 AND sent_at IS NULL",
                        )?
                        .execute(params![seq, code, reason])?;
                }
            }
        }
        advance_unsent_from(&tx)?;
        tx.commit()?;
        Ok((sent, rejected))
    }

    /// Applies one pulled page in one transaction together with the new
    /// cursor, so an interrupted pull resumes where it stopped. Operations
    /// this store already has (its own, or pulled before) are not applied
    /// again; its own get their sequence number. Unsent local changes are
    /// never altered: member fields merge by clock, and a local value that
    /// loses a concurrent edit is kept in the conflict list. Returns the
    /// number of operations applied.
    pub fn apply_pulled(&mut self, page: &PullResponse) -> Result<usize> {
        let physical =
            u64::try_from(self.clock.now().with_timezone(&Utc).timestamp_millis()).unwrap_or(0);
        let saved = self.hlc;
        let mut applied = 0;
        let mut cursor = self.pull_cursor;
        let result = (|| -> Result<()> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut waiting: Option<HashMap<String, i64>> = None;
            for p in &page.ops {
                if p.seq <= cursor {
                    continue;
                }
                cursor = p.seq;
                // Operations this store already holds: any it holds with
                // this server number (pulled before, or its own answered);
                // else, for its own, one still waiting for the push's answer
                // or one sent before the log kept server numbers.
                let mut known: Option<i64> = tx
                    .prepare_cached(
                        "SELECT seq FROM change_log WHERE server_seq = ?1 AND op_id = ?2",
                    )?
                    .query_row(params![p.seq, p.op.op_id], |r| r.get(0))
                    .optional()?;
                if known.is_some() {
                    continue;
                }
                if p.op.device_id == self.device_id {
                    if waiting.is_none() {
                        waiting = Some(waiting_ops(&tx)?);
                    }
                    known = waiting
                        .as_ref()
                        .and_then(|w| w.get(p.op.op_id.as_str()).copied());
                    if known.is_none() {
                        known = tx
                            .prepare_cached(
                                "SELECT seq FROM change_log
                                 WHERE op_id = ?1 AND origin = 'local' AND sent_at IS NOT NULL AND server_seq IS NULL",
                            )?
                            .query_row([&p.op.op_id], |r| r.get(0))
                            .optional()?;
                    }
                }
                if let Some(seq) = known {
                    tx.prepare_cached(
                        "UPDATE change_log SET server_seq = ?2, sent_at = coalesce(sent_at, recorded_at) WHERE seq = ?1",
                    )?
                    .execute(params![seq, p.seq])?;
                    crate::sync::replica::set_server_seq(&tx, &p.op.op_id, p.seq)
                        .map_err(rejection)?;
                    continue;
                }
                tx.execute_batch("SAVEPOINT pulled_op")?;
                match crate::sync::replica::apply(&tx, &p.op, Some(p.seq)) {
                    Ok(()) => {
                        tx.execute_batch("RELEASE pulled_op")?;
                        insert_log(&tx, &p.op, Some(p.seq), "remote")?;
                        applied += 1;
                    }
                    Err(r) => {
                        // The server accepted it, so this replica is missing
                        // something; keep the operation with the reason rather
                        // than stall every later page.
                        tx.execute_batch("ROLLBACK TO pulled_op; RELEASE pulled_op")?;
                        insert_log(&tx, &p.op, Some(p.seq), "remote")?;
                        tx.prepare_cached("UPDATE change_log SET rejected_code = ?2, rejected_reason = ?3 WHERE seq = ?1")?
                            .execute(params![tx.last_insert_rowid(), r.code, r.reason])?;
                    }
                }
                if let Ok(stamp) = p.op.hlc.parse::<HlcStamp>() {
                    self.hlc.observe(stamp.hlc, physical);
                }
            }
            let cursor = cursor.max(page.next_after);
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('pull_cursor', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [cursor.to_string()],
            )?;
            let observed = HlcStamp {
                hlc: self.hlc.last(),
                device: self.device_id.clone(),
            }
            .to_string();
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('hlc_observed', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [observed],
            )?;
            advance_unsent_from(&tx)?;
            tx.commit()?;
            Ok(())
        })();
        match result {
            Ok(()) => {
                self.pull_cursor = cursor.max(page.next_after);
                Ok(applied)
            }
            Err(e) => {
                self.hlc = saved;
                Err(e)
            }
        }
    }

    /// Whether the change log holds an operation with this id (made here,
    /// or received from the server). Reads the whole log (it keeps no index
    /// on `op_id`): meant for the rare restore, not for every write.
    pub fn holds_op(&self, op_id: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM change_log WHERE op_id = ?1)")?
            .query_row([op_id], |r| r.get(0))?)
    }

    /// Takes over an operation made on another phone that the server never
    /// received, re-authored by this device
    /// ([`crate::sync::restore::enrol_restored`]): applies it to the tables
    /// and logs it as a local operation waiting to be sent, in one
    /// transaction. If this store cannot apply it (its rules refuse it
    /// against what the server now holds), it is logged with the reason as
    /// rejected, not applied, and never sent: kept for the treasurer to see,
    /// never silently dropped. Returns the refusal's code, if any.
    ///
    /// Errors: `internal.database`; nothing is written then.
    pub fn adopt_op(&mut self, op: &WireOp) -> Result<Option<String>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch("SAVEPOINT adopt_op")?;
        let refused = match crate::sync::replica::apply(&tx, op, None) {
            Ok(()) => {
                tx.execute_batch("RELEASE adopt_op")?;
                insert_log(&tx, op, None, "local")?;
                None
            }
            Err(r) => {
                tx.execute_batch("ROLLBACK TO adopt_op; RELEASE adopt_op")?;
                insert_log(&tx, op, None, "local")?;
                tx.prepare_cached(
                    "UPDATE change_log SET rejected_code = ?2, rejected_reason = ?3 WHERE seq = ?1",
                )?
                .execute(params![tx.last_insert_rowid(), r.code, r.reason])?;
                Some(r.code)
            }
        };
        tx.commit()?;
        if let Ok(stamp) = op.hlc.parse::<HlcStamp>() {
            let physical =
                u64::try_from(self.clock.now().with_timezone(&Utc).timestamp_millis()).unwrap_or(0);
            self.hlc.observe(stamp.hlc, physical);
        }
        Ok(refused)
    }

    /// Local operations the server rejected, with their reasons; they stay
    /// on the phone, never deleted.
    pub fn rejected_ops(&self) -> Result<Vec<RejectedOp>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT op_id, entity, entity_id, rejected_code, rejected_reason, recorded_at FROM change_log
             WHERE rejected_code IS NOT NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RejectedOp {
                op_id: r.get(0)?,
                entity: r.get(1)?,
                entity_id: r.get(2)?,
                code: r.get(3)?,
                reason: r.get(4)?,
                recorded_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Values that lost a concurrent edit (open ones only, unless `all`).
    pub fn conflicts(&self, all: bool) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn.prepare_cached(
            // Both operations of a conflict have been numbered by the server
            // (conflicts are judged once this phone's change is sent), so
            // each is found by its server number, through an index: the
            // change log keeps none on `op_id` (schema version 6).
            "SELECT c.id, c.entity, c.entity_id, c.field, c.value, c.losing_op_id, c.winning_op_id, c.status,
                    l.device_id, l.author, w.device_id, w.author
             FROM conflicts c
             LEFT JOIN change_log l ON l.server_seq =
                 (SELECT h.server_seq FROM field_history h WHERE h.op_id = c.losing_op_id AND h.server_seq IS NOT NULL LIMIT 1)
                 AND l.op_id = c.losing_op_id
             LEFT JOIN change_log w ON w.server_seq =
                 (SELECT h.server_seq FROM field_history h WHERE h.op_id = c.winning_op_id AND h.server_seq IS NOT NULL LIMIT 1)
                 AND w.op_id = c.winning_op_id
             WHERE (?1 OR c.status = 'open') ORDER BY c.id",
        )?;
        let rows = stmt.query_map([all], |r| {
            Ok(Conflict {
                id: r.get(0)?,
                entity: r.get(1)?,
                entity_id: r.get(2)?,
                field: r.get(3)?,
                losing_value: parse_json(&r.get::<_, String>(4)?)?,
                losing_op_id: r.get(5)?,
                winning_op_id: r.get(6)?,
                status: r.get(7)?,
                losing_device: r.get(8)?,
                losing_author: r.get(9)?,
                winning_device: r.get(10)?,
                winning_author: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Restores a conflict's losing value: a new edit of the field (which
    /// wins, being the newest) and the conflict marked restored.
    pub fn restore_conflict(&mut self, conflict_id: &str) -> Result<Member> {
        let c = self
            .conflicts(true)?
            .into_iter()
            .find(|c| c.id == conflict_id)
            .ok_or_else(|| Error::NotFound {
                entity: "conflict",
                id: conflict_id.to_string(),
            })?;
        if c.status != "open" {
            return invalid(
                "conflict.resolved",
                "conflict_id",
                format!("this conflict is already {}", c.status),
            );
        }
        let mut map = serde_json::Map::new();
        map.insert(c.field.clone(), c.losing_value.clone());
        let patch: MemberPatch = serde_json::from_value(serde_json::Value::Object(map))?;
        let member = self.update_member(&c.entity_id, patch)?;
        self.conn.execute(
            "UPDATE conflicts SET status = 'restored' WHERE id = ?1",
            [conflict_id],
        )?;
        Ok(member)
    }

    /// Dismisses a conflict (the current value stands).
    pub fn dismiss_conflict(&mut self, conflict_id: &str) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE conflicts SET status = 'dismissed' WHERE id = ?1 AND status = 'open'",
            [conflict_id],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                entity: "open conflict",
                id: conflict_id.to_string(),
            });
        }
        Ok(())
    }

    /// Copies the database to `dest` with SQLite's online backup API (never a
    /// plain file copy, which can catch a half-written WAL). The copy of an
    /// encrypted store is encrypted with the same key (with its own salt):
    /// SQLCipher's backup refuses to copy between an encrypted and an
    /// unencrypted database, so `dest` is keyed first.
    ///
    /// Errors: `internal.database` if `dest` holds a database this key (or,
    /// for an unencrypted store, no key) cannot write over.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let mut out = Connection::open(dest)?;
        if let Some(key) = &self.key {
            crate::encryption::apply_key(&out, key)?;
        }
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        Ok(())
    }
}

use crate::sync::replica::Author;

/// A user action's immediate transaction, begun and committed through
/// cached statements (rusqlite's `Transaction` parses `BEGIN IMMEDIATE` and
/// `COMMIT` again on every write). Dropped without [`WriteTx::commit`] (an
/// error, a panic), it rolls back, as `Transaction` does: nothing is left
/// half-written.
struct WriteTx<'a> {
    conn: &'a Connection,
    committed: bool,
}

impl<'a> WriteTx<'a> {
    fn begin(conn: &'a Connection) -> Result<WriteTx<'a>> {
        conn.prepare_cached("BEGIN IMMEDIATE")?.execute([])?;
        Ok(WriteTx {
            conn,
            committed: false,
        })
    }

    /// Commits; on failure the transaction is rolled back when `self` drops.
    fn commit(mut self) -> Result<()> {
        self.conn.prepare_cached("COMMIT")?.execute([])?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for WriteTx<'_> {
    fn drop(&mut self) {
        // SQLite may already have rolled back on its own (some I/O and
        // out-of-memory errors do); then there is nothing to undo.
        // (Not through the statement cache: this may run while a panic
        // unwinds, and the rare rollback need not be fast.)
        if !self.committed && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

impl std::ops::Deref for WriteTx<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

/// One user action's transaction.
struct Writer<'a> {
    tx: WriteTx<'a>,
    device_id: &'a str,
    author: &'a str,
    /// The store's cached author row ([`CachedAuthor`]).
    author_row: &'a mut Option<CachedAuthor>,
    /// Whether the cached row was checked (or read) in this transaction.
    author_checked: bool,
    /// Whether a change recorded here may touch a member.
    touches_people: bool,
    hlc: &'a mut HybridClock,
    now: Instant,
    base_seq: i64,
}

/// A replica rejection met while bookkeeping (not while applying a user's
/// action) is an internal failure.
fn rejection(r: crate::sync::replica::Rejection) -> Error {
    Error::Invalid(FieldError::new(&r.code, "op", r.reason))
}

/// A new journal entry (no member, loan or memo yet) recorded at `now`.
fn new_entry(
    club_id: &str,
    ledger: Ledger,
    kind: EntryKind,
    amount: i64,
    entry_on: NaiveDate,
    now: &Instant,
) -> JournalRecord {
    JournalRecord {
        id: new_id(),
        club_id: club_id.to_string(),
        ledger,
        kind,
        amount,
        entry_on,
        member_id: None,
        loan_id: None,
        reverses_id: None,
        memo: String::new(),
        recorded_at: now.to_rfc3339(),
    }
}

/// Active loans of a club on `as_of` with their borrower (the record kept,
/// for merged members) and position, in a few queries: loans whose
/// repayments already cover everything owed, and reversed or written-off
/// loans, are skipped without reading their repayments.
///
/// A reversed disbursement or repayment is a correction, so it counts
/// whatever its date. A write-off is an event: with `written_off_by` only
/// write-offs dated on or before it close a loan (a report on a past date
/// keeps a loan written off later); with `None` every write-off does,
/// whatever its date (the store's screens).
pub(crate) fn active_positions(
    conn: &Connection,
    club_id: &str,
    as_of: NaiveDate,
    written_off_by: Option<NaiveDate>,
) -> Result<Vec<(LoanRecord, String, LoanPosition)>> {
    use std::collections::HashMap;
    let as_of_text = as_of.to_string();
    // Every loan's repayments by `as_of`, the reversals of repayments (any
    // date) and whether its disbursement was reversed. A phone holds one
    // club: one scan of the covering loan index reads them fastest. The
    // server holds every club of a province and calls this once per club:
    // there the club's loans (`loans_club`) and each loan's entries from
    // the covering index, or its dashboard would be quadratic in clubs
    // (docs/PERFORMANCE.md, "The dashboard on PostgreSQL"; on the phone's
    // big club the per-loan lookups cost `list_members` 2 ms more).
    let one_club: bool = conn
        .prepare_cached("SELECT count(*) <= 1 FROM clubs")?
        .query_row([], |r| r.get(0))?;
    let mut sums: HashMap<String, (i64, i64, bool)> = HashMap::new();
    let mut stmt = conn.prepare_cached(if one_club {
        "SELECT loan_id,
                sum(CASE WHEN kind = 'loan_repayment' AND entry_on <= ?1 THEN amount ELSE 0 END),
                sum(CASE WHEN kind = 'reversal' AND amount < 0 THEN amount ELSE 0 END),
                max(kind = 'reversal' AND amount > 0)
         FROM journal WHERE loan_id IS NOT NULL GROUP BY loan_id"
    } else {
        "SELECT j.loan_id,
                sum(CASE WHEN j.kind = 'loan_repayment' AND j.entry_on <= ?1 THEN j.amount ELSE 0 END),
                sum(CASE WHEN j.kind = 'reversal' AND j.amount < 0 THEN j.amount ELSE 0 END),
                max(j.kind = 'reversal' AND j.amount > 0)
         FROM loans l JOIN journal j ON j.loan_id = l.id
         WHERE l.club_id = ?2 GROUP BY j.loan_id"
    })?;
    type Sums = (String, i64, i64, bool);
    fn sums_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Sums> {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    }
    let rows = if one_club {
        stmt.query_map(params![&as_of_text], sums_row)?
    } else {
        stmt.query_map(params![&as_of_text, club_id], sums_row)?
    };
    for row in rows {
        let (id, repaid, reversed, disbursement_reversed) = row?;
        sums.insert(id, (repaid, reversed, disbursement_reversed));
    }
    let written_off: std::collections::HashSet<String> = conn
        .prepare_cached(
            "SELECT w.loan_id FROM loan_write_offs w JOIN loans l ON l.id = w.loan_id
             WHERE l.club_id = ?2 AND (?1 IS NULL OR w.written_off_on <= ?1)",
        )?
        .query_map(
            params![written_off_by.map(|d| d.to_string()), club_id],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let loans: Vec<(LoanRecord, String)> = conn
        .prepare_cached(
            "SELECT l.id, l.club_id, l.borrower_id, l.principal, l.disbursed_on, l.term_months, l.monthly_rate_bp,
                    l.method, l.purpose, coalesce(m.merged_into, m.id)
             FROM loans l JOIN members m ON m.id = l.borrower_id
             WHERE l.club_id = ?1 AND l.disbursed_on <= ?2 ORDER BY l.disbursed_on, l.id",
        )?
        .query_map(params![club_id, as_of_text], |r| Ok((loan_from_row(r)?, r.get(9)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // `repaid + reversed` never exceeds what was really repaid by `as_of`
    // (a reversal of a later repayment only lowers it), so a loan skipped
    // here is truly repaid.
    let open: Vec<(LoanRecord, String)> = loans
        .into_iter()
        .filter(|(l, _)| {
            let (repaid, reversed, disbursement_reversed) =
                sums.get(&l.id).copied().unwrap_or((0, 0, false));
            !disbursement_reversed
                && !written_off.contains(&l.id)
                && repaid + reversed < l.principal + loan::total_interest(&terms_of(l))
        })
        .collect();
    // The live repayments of the open loans, in one query.
    let ids = serde_json::to_string(&open.iter().map(|(l, _)| l.id.as_str()).collect::<Vec<_>>())?;
    let mut repayments: HashMap<String, Vec<Repayment>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT j.loan_id, j.id, j.entry_on, j.amount FROM journal j
         WHERE j.loan_id IN (SELECT value FROM json_each(?1)) AND j.kind = 'loan_repayment'
           AND NOT EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id)
         ORDER BY j.loan_id, j.entry_on, j.id",
    )?;
    for row in stmt.query_map([ids], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Repayment {
                id: r.get(1)?,
                paid_on: parse_date(&r.get::<_, String>(2)?)?,
                amount: r.get(3)?,
            },
        ))
    })? {
        let (loan_id, rep) = row?;
        repayments.entry(loan_id).or_default().push(rep);
    }
    let mut out = vec![];
    for (l, key) in open {
        let position = loan::position(
            &terms_of(&l),
            repayments.get(&l.id).map(Vec::as_slice).unwrap_or(&[]),
            as_of,
        );
        if position.principal_outstanding == 0 && position.interest_outstanding == 0 {
            continue;
        }
        out.push((l, key, position));
    }
    Ok(out)
}

/// Repayments of a loan that are not reversed, in date order.
fn live_repayments(conn: &Connection, loan_id: &str) -> Result<Vec<Repayment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT j.id, j.entry_on, j.amount FROM journal j
         WHERE j.loan_id = ?1 AND j.kind = 'loan_repayment'
           AND NOT EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id)
         ORDER BY j.entry_on, j.id",
    )?;
    let rows = stmt.query_map([loan_id], |r| {
        Ok(Repayment {
            id: r.get(0)?,
            paid_on: parse_date(&r.get::<_, String>(1)?)?,
            amount: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A loan's terms by id, with whether its disbursement was reversed and
/// whether it was written off: one statement.
fn loan_with_flags(conn: &Connection, loan_id: &str) -> Result<(LoanRecord, bool, bool)> {
    conn.prepare_cached(&format!(
        "SELECT {LOAN_COLS},
                EXISTS (SELECT 1 FROM journal d JOIN journal r ON r.reverses_id = d.id
                        WHERE d.loan_id = l.id AND d.kind = 'loan_disbursement'),
                EXISTS (SELECT 1 FROM loan_write_offs w WHERE w.loan_id = l.id)
         FROM loans l WHERE l.id = ?1"
    ))?
    .query_row([loan_id], |r| {
        Ok((loan_from_row(r)?, r.get(9)?, r.get(10)?))
    })
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "loan",
        id: loan_id.to_string(),
    })
}

/// A loan's state from its flags and position.
fn loan_state(reversed: bool, written_off: bool, position: &LoanPosition) -> LoanStatus {
    if reversed {
        LoanStatus::Reversed
    } else if written_off {
        LoanStatus::WrittenOff
    } else if position.principal_outstanding == 0 && position.interest_outstanding == 0 {
        LoanStatus::Repaid
    } else {
        LoanStatus::Active
    }
}

/// The change-log `seq` from which local operations may still wait for the
/// server's answer ([`crate::schema::UNSENT_FROM`]).
fn unsent_from(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1")?
        .query_row([crate::schema::UNSENT_FROM], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Moves the unsent cursor past the operations the server has answered (or
/// that came from it): to the first local operation still waiting, or past
/// the end of the log. It scans only from the old cursor, so each row is
/// passed once over the life of the file.
fn advance_unsent_from(tx: &Transaction<'_>) -> Result<()> {
    let from = unsent_from(tx)?;
    let next: i64 = tx
        .prepare_cached(
            "SELECT coalesce(
                (SELECT seq FROM change_log
                 WHERE seq >= ?1 AND origin = 'local' AND sent_at IS NULL AND rejected_code IS NULL
                 ORDER BY seq LIMIT 1),
                (SELECT coalesce(max(seq), 0) + 1 FROM change_log))",
        )?
        .query_row([from], |r| r.get(0))?;
    if next != from {
        tx.prepare_cached(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute(params![crate::schema::UNSENT_FROM, next.to_string()])?;
    }
    Ok(())
}

/// This store's operations still waiting for the server's answer (neither
/// answered nor rejected), by operation id: their `seq`. It reads only the
/// unsent range (from [`unsent_from`]), the operations made since the last
/// sync.
fn waiting_ops(tx: &Connection) -> Result<HashMap<String, i64>> {
    let rows = tx
        .prepare_cached(
            "SELECT op_id, seq FROM change_log
             WHERE seq >= ?1 AND origin = 'local' AND sent_at IS NULL AND rejected_code IS NULL",
        )?
        .query_map([unsent_from(tx)?], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Appends an operation to the change log: a local one waiting to be sent,
/// or a remote one received with its server sequence number.
fn insert_log(tx: &Connection, op: &WireOp, server_seq: Option<i64>, origin: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO change_log (op_id, entity, entity_id, change, device_id, author, hlc, recorded_at, sent_at,
                                 base_seq, server_seq, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        op.op_id,
        op.entity,
        op.entity_id,
        serde_json::to_string(&op.change)?,
        op.device_id,
        op.author,
        op.hlc,
        op.recorded_at,
        server_seq.map(|_| op.recorded_at.clone()),
        op.base_seq,
        server_seq,
        origin
    ])?;
    Ok(())
}

impl Writer<'_> {
    /// A new journal entry recorded now.
    fn entry(
        &self,
        club_id: &str,
        ledger: Ledger,
        kind: EntryKind,
        amount: i64,
        entry_on: NaiveDate,
    ) -> JournalRecord {
        new_entry(club_id, ledger, kind, amount, entry_on, &self.now)
    }

    /// Makes `self.author_row` the acting author's member row as this
    /// transaction sees it: the cached row while the file's data version
    /// shows no commit since it was read, else read and cached now. `false`
    /// once this transaction may have changed a member: the caller reads
    /// the row itself, and nothing is cached (the transaction may still be
    /// rolled back).
    fn refresh_author(&mut self) -> Result<bool> {
        if self.touches_people {
            return Ok(false);
        }
        let version = data_version(&self.tx)?;
        let current = self
            .author_row
            .as_ref()
            .is_some_and(|c| c.id == self.author && c.data_version == version);
        if !current {
            let row =
                crate::sync::replica::read_author(&self.tx, self.author).map_err(rejection)?;
            *self.author_row = Some(CachedAuthor {
                id: self.author.to_string(),
                row,
                data_version: version,
            });
        }
        self.author_checked = true;
        Ok(true)
    }

    /// The person a write names ([`active_person_in`]); the acting author's
    /// cached row when it is them (a volunteer logging their own visit).
    fn active_person(&mut self, id: &str, field: &str, on: NaiveDate) -> Result<Person> {
        if id == self.author && self.refresh_author()? {
            if let Some(a) = self.author_row.as_ref().and_then(|c| c.row.as_ref()) {
                let p = Person {
                    id: id.to_string(),
                    club_id: a.club_id.clone(),
                    full_name: a.full_name.clone(),
                    left_on: a.left_on,
                    roles: a.roles.clone(),
                    membership: a.membership,
                };
                still_in_club(&p.full_name, p.left_on, field, on)?;
                return Ok(p);
            }
        }
        active_person_in(&self.tx, id, field, on)
    }

    /// Applies a change and appends it to the change log.
    /// Validates, permits and applies a change through
    /// [`replica::apply`](crate::sync::replica::apply), then appends it to
    /// the change log, stamped with the next hybrid logical clock reading.
    fn record(&mut self, change: Change) -> Result<()> {
        crate::sync::replica::validate_change(&change)?;
        let physical = u64::try_from(self.now.with_timezone(&Utc).timestamp_millis()).unwrap_or(0);
        let stamp = HlcStamp {
            hlc: self.hlc.tick(physical),
            device: self.device_id.to_string(),
        };
        let (entity, entity_id) = change.entity();
        let op = WireOp {
            op_id: new_id(),
            entity: entity.to_string(),
            entity_id: entity_id.to_string(),
            change,
            device_id: self.device_id.to_string(),
            author: self.author.to_string(),
            hlc: stamp.to_string(),
            recorded_at: self.now.to_rfc3339(),
            base_seq: self.base_seq,
        };
        let known = crate::sync::replica::needs_author(&op.change) && self.refresh_author()?;
        // Money and visits never touch a member; anything else may.
        if !matches!(
            op.change,
            Change::JournalEntry(_)
                | Change::LoanDisbursed { .. }
                | Change::LoanWrittenOff { .. }
                | Change::VisitLogged(_)
                | Change::VisitVoided { .. }
        ) {
            self.touches_people = true;
        }
        let author = if known {
            Author::Known(self.author_row.as_ref().and_then(|c| c.row.as_ref()))
        } else {
            Author::Read
        };
        crate::sync::replica::apply_with_author(&self.tx, &op, None, author).map_err(|r| {
            let field = if r.code == "op.not_permitted" {
                "author"
            } else {
                "op"
            };
            Error::Invalid(FieldError::new(&r.code, field, r.reason))
        })?;
        insert_log(&self.tx, &op, None, "local")?;
        Ok(())
    }

    /// Refuses an entry that would take its ledger below zero on its own
    /// date or on any later date (a back-dated withdrawal cannot spend money
    /// deposited after it). `field` names the input the amount came from.
    fn check_balance_after(&self, e: &JournalRecord, field: &str) -> Result<()> {
        if e.amount >= 0 {
            return Ok(());
        }
        let member = e
            .member_id
            .as_deref()
            .filter(|_| e.ledger == Ledger::Savings);
        let balance =
            Store::lowest_balance_from(&self.tx, &e.club_id, e.ledger, member, e.entry_on)?;
        if balance + e.amount < 0 {
            let (code, what) = match e.ledger {
                Ledger::Savings => ("savings.insufficient", "the savings balance".to_string()),
                Ledger::Fund(f) => (
                    "fund.insufficient",
                    format!("the {} fund's balance", enum_str(&f).replace('_', "-")),
                ),
            };
            return invalid(
                code,
                field,
                format!(
                    "{} is more than {what} of {} on {}",
                    crate::money::format_dong(-e.amount),
                    crate::money::format_dong(balance),
                    e.entry_on.format("%d/%m/%Y")
                ),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::model::{Birth, HouseholdStatus, Sex};

    /// A club with a treasurer as author and one member with savings.
    fn store() -> (Store, String) {
        let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00+07:00").unwrap();
        let mut s = Store::open_in_memory("phone-1", Arc::new(FixedClock::new(start))).unwrap();
        let club = s
            .create_club(NewClub {
                name: "CLB".into(),
                commune_code: 26425,
                founded_on: NaiveDate::from_ymd_opt(2023, 5, 19).unwrap(),
                activity_areas: None,
            })
            .unwrap()
            .id;
        let person = |name: &str, roles: Vec<Role>| NewMember {
            full_name: name.into(),
            sex: Sex::Female,
            birth: Birth::Year(1955),
            ethnicity_code: 1,
            household: HouseholdStatus::Neither,
            disabled: false,
            lives_alone: false,
            hamlet: "Ấp 3".into(),
            phone: None,
            joined_on: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            roles,
            membership: Membership::Member,
        };
        let regs = s
            .register_members(
                &club,
                vec![
                    person("Phạm Thị Lan", vec![Role::Treasurer]),
                    person("Ngô Thị Ân", vec![]),
                ],
            )
            .unwrap();
        s.set_author(&regs[0].member.id);
        let saver = regs[1].member.id.clone();
        s.deposit(&saver, 100_000, day(1), "").unwrap();
        (s, saver)
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    /// Every table's row count, the change log and the clock.
    fn snapshot(s: &Store) -> (Vec<(String, i64)>, Vec<LoggedOp>, HybridClock) {
        let tables: Vec<String> = s
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let counts = tables
            .into_iter()
            .map(|t| {
                let n = s
                    .conn
                    .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                    .unwrap();
                (t, n)
            })
            .collect();
        (counts, s.change_log(false).unwrap(), s.hlc)
    }

    /// After a failed or panicking write: nothing of it is left, the store
    /// is not left inside a transaction, and the next write works.
    fn assert_untouched_and_usable(
        s: &mut Store,
        saver: &str,
        before: &(Vec<(String, i64)>, Vec<LoggedOp>, HybridClock),
    ) {
        assert!(s.conn.is_autocommit(), "still inside the transaction");
        assert_eq!(&snapshot(s), before);
        assert_eq!(s.savings_balance(saver).unwrap(), 100_000);
        s.deposit(saver, 1_000, day(3), "").unwrap();
        assert_eq!(s.savings_balance(saver).unwrap(), 101_000);
        assert_eq!(s.audit().unwrap(), Audit::default());
    }

    #[test]
    fn a_write_that_fails_after_recording_leaves_nothing_behind() {
        let (mut s, saver) = store();
        let before = snapshot(&s);
        let club = s.the_club().unwrap().id;
        let err = s
            .write(|w| {
                let mut e = w.entry(&club, Ledger::Savings, EntryKind::Deposit, 5_000, day(2));
                e.member_id = Some(saver.clone());
                w.record(Change::JournalEntry(e))?;
                invalid::<()>("test.failed", "amount", "failed after recording")
            })
            .unwrap_err();
        assert_eq!(err.code(), "test.failed");
        assert_untouched_and_usable(&mut s, &saver, &before);
    }

    #[test]
    fn a_write_that_sqlite_refuses_halfway_leaves_nothing_behind() {
        let (mut s, saver) = store();
        let before = snapshot(&s);
        let club = s.the_club().unwrap().id;
        // The second entry names a member that does not exist: its insert
        // fails on the foreign key, after the first was written.
        let err = s
            .write(|w| {
                let mut e = w.entry(&club, Ledger::Savings, EntryKind::Deposit, 5_000, day(2));
                e.member_id = Some(saver.clone());
                w.record(Change::JournalEntry(e))?;
                let mut e = w.entry(&club, Ledger::Savings, EntryKind::Deposit, 5_000, day(2));
                e.member_id = Some("no-such-member".into());
                crate::ops::apply(&w.tx, "op-x", &Change::JournalEntry(e))?;
                Ok(())
            })
            .unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
        assert_untouched_and_usable(&mut s, &saver, &before);
    }

    #[test]
    fn a_write_that_panics_leaves_nothing_behind() {
        let (mut s, saver) = store();
        let before = snapshot(&s);
        let club = s.the_club().unwrap().id;
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            s.write(|w| -> Result<()> {
                let mut e = w.entry(&club, Ledger::Savings, EntryKind::Deposit, 5_000, day(2));
                e.member_id = Some(saver.clone());
                w.record(Change::JournalEntry(e))?;
                panic!("panic inside a write");
            })
        }));
        assert!(caught.is_err());
        // The clock stamp the panicking write took is not given back (the
        // store cannot know), so compare the rest.
        let (counts, log, _) = snapshot(&s);
        assert_eq!((counts, log), (before.0.clone(), before.1.clone()));
        let before = snapshot(&s);
        assert_untouched_and_usable(&mut s, &saver, &before);
    }

    proptest::proptest! {
        /// The shortcut reads a date exactly as chrono does, or leaves it
        /// to chrono.
        #[test]
        fn iso_dates_parse_as_chrono_does(s in "[0-9+-]{0,3}[0-9]{0,5}-[0-9]{1,3}-[0-9]{1,3}|\\PC{0,12}") {
            let fast = parse_iso_date(&s);
            let chrono = s.parse::<NaiveDate>().ok();
            if fast.is_some() {
                proptest::prop_assert_eq!(fast, chrono);
            }
            proptest::prop_assert_eq!(parse_date(&s).ok(), chrono);
        }

        #[test]
        fn every_stored_date_takes_the_shortcut(days in 0i64..3_000_000) {
            let d = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
            if chrono::Datelike::year(&d) <= 9999 {
                proptest::prop_assert_eq!(parse_iso_date(&d.to_string()), Some(d));
            }
        }
    }

    #[test]
    fn writes_begin_and_commit_through_cached_statements() {
        let (mut s, saver) = store();
        s.deposit(&saver, 1_000, day(2), "").unwrap();
        for sql in ["BEGIN IMMEDIATE", "COMMIT"] {
            let stmt = s.conn.prepare_cached(sql).unwrap();
            assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0);
            assert!(
                stmt.get_status(rusqlite::StatementStatus::Run) >= 2,
                "{sql}"
            );
        }
    }
}
