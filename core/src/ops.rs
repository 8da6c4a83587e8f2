//! Operations: the changes a user action makes, as they are written to the
//! local change log and, later, sent to the provincial server.
//!
//! A user action builds one or more [`Change`]s; the store applies each to
//! the tables and appends it to `change_log` in the same transaction, so no
//! row exists without its operation and no operation without its rows. Every
//! row carries the `op_id` of the operation that created it. The same
//! [`apply`] function will apply operations received from other phones.

use crate::error::Result;
use crate::model::{
    Birth, Fund, HouseholdStatus, InterestMethod, Member, Membership, Role, Service, Sex, Vitals,
};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// A club as created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClubRecord {
    /// Club id.
    pub id: String,
    /// Name, normalised.
    pub name: String,
    /// Official commune code (2025 units).
    pub commune_code: u32,
    /// Founding date.
    pub founded_on: NaiveDate,
    /// Configured activity areas (snake_case keys).
    pub activity_areas: Vec<String>,
}

/// A home-care visit as logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitRecord {
    /// Visit id.
    pub id: String,
    /// Club id.
    pub club_id: String,
    /// The volunteer who visited.
    pub volunteer_id: String,
    /// The person visited.
    pub recipient_id: String,
    /// Start, RFC 3339 with offset.
    pub started_at: String,
    /// Calendar date of the start in Vietnam.
    pub visit_on: NaiveDate,
    /// Duration, minutes.
    pub duration_min: u32,
    /// Services delivered.
    pub services: Vec<Service>,
    /// Readings.
    pub vitals: Vitals,
    /// Free notes.
    pub notes: String,
}

/// A meeting as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingRecord {
    /// Meeting id.
    pub id: String,
    /// Club id.
    pub club_id: String,
    /// Date held.
    pub held_on: NaiveDate,
    /// Topic.
    pub topic: String,
    /// Attendees with an optional blood-pressure reading (systolic, diastolic mmHg).
    pub attendees: Vec<Attendance>,
}

/// One attendee of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// Member id.
    pub member_id: String,
    /// Systolic mmHg, if measured.
    pub systolic: Option<u16>,
    /// Diastolic mmHg, if measured.
    pub diastolic: Option<u16>,
}

/// An activity held in one of the club's areas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRecord {
    /// Activity id.
    pub id: String,
    /// Club id.
    pub club_id: String,
    /// Area key, one of the club's configured areas.
    pub area: String,
    /// Date held.
    pub held_on: NaiveDate,
    /// What was done.
    pub title: String,
    /// Number of participants.
    pub participants: u32,
}

/// Which ledger a journal entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ledger {
    /// A club fund.
    Fund(Fund),
    /// Members' savings.
    Savings,
}

impl Ledger {
    /// Column value.
    pub fn as_str(&self) -> &'static str {
        match self {
            Ledger::Fund(Fund::IncomeGeneration) => "income_generation",
            Ledger::Fund(Fund::Activity) => "activity",
            Ledger::Savings => "savings",
        }
    }

    /// Parses the column value.
    pub fn parse(s: &str) -> Option<Ledger> {
        match s {
            "income_generation" => Some(Ledger::Fund(Fund::IncomeGeneration)),
            "activity" => Some(Ledger::Fund(Fund::Activity)),
            "savings" => Some(Ledger::Savings),
            _ => None,
        }
    }
}

/// Kinds of journal entry. The sign of an entry's amount is its effect on
/// the ledger's balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Fund inflow: a grant (*tài trợ*).
    Grant,
    /// Fund inflow: a contribution (*đóng góp*).
    Contribution,
    /// Fund inflow: membership fee (*hội phí*).
    MembershipFee,
    /// Fund inflow: interest earned outside loans (e.g. bank interest).
    InterestIncome,
    /// Fund outflow: an expense (*chi hoạt động*).
    Expense,
    /// Income-generation fund outflow: a loan disbursed (*giải ngân*).
    LoanDisbursement,
    /// Income-generation fund inflow: a loan repayment (*trả nợ*), principal and interest.
    LoanRepayment,
    /// Savings inflow: a deposit (*gửi tiết kiệm*).
    Deposit,
    /// Savings outflow: a withdrawal (*rút tiết kiệm*).
    Withdrawal,
    /// The reversal of another entry (`reverses_id`), with the opposite amount.
    Reversal,
}

impl EntryKind {
    /// Stable snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            EntryKind::Grant => "grant",
            EntryKind::Contribution => "contribution",
            EntryKind::MembershipFee => "membership_fee",
            EntryKind::InterestIncome => "interest_income",
            EntryKind::Expense => "expense",
            EntryKind::LoanDisbursement => "loan_disbursement",
            EntryKind::LoanRepayment => "loan_repayment",
            EntryKind::Deposit => "deposit",
            EntryKind::Withdrawal => "withdrawal",
            EntryKind::Reversal => "reversal",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Option<EntryKind> {
        [
            EntryKind::Grant,
            EntryKind::Contribution,
            EntryKind::MembershipFee,
            EntryKind::InterestIncome,
            EntryKind::Expense,
            EntryKind::LoanDisbursement,
            EntryKind::LoanRepayment,
            EntryKind::Deposit,
            EntryKind::Withdrawal,
            EntryKind::Reversal,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Whether entries of this kind take money out of their ledger.
    pub fn is_outflow(&self) -> bool {
        matches!(
            self,
            EntryKind::Expense | EntryKind::LoanDisbursement | EntryKind::Withdrawal
        )
    }
}

/// A journal entry: one movement of money in one ledger. Never edited or
/// deleted; a mistake is corrected by a [`EntryKind::Reversal`] that points at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalRecord {
    /// Entry id.
    pub id: String,
    /// Club id.
    pub club_id: String,
    /// Ledger.
    pub ledger: Ledger,
    /// Kind.
    pub kind: EntryKind,
    /// Signed effect on the ledger's balance, đồng.
    pub amount: i64,
    /// Calendar date the money moved (Vietnam).
    pub entry_on: NaiveDate,
    /// Member concerned (savings owner, borrower).
    pub member_id: Option<String>,
    /// Loan concerned.
    pub loan_id: Option<String>,
    /// The entry this one reverses.
    pub reverses_id: Option<String>,
    /// Free text: purpose, reason for a reversal.
    pub memo: String,
    /// When it was recorded, RFC 3339 with offset.
    pub recorded_at: String,
}

/// A loan as disbursed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanRecord {
    /// Loan id.
    pub id: String,
    /// Club id.
    pub club_id: String,
    /// Borrower's member id.
    pub borrower_id: String,
    /// Principal, đồng.
    pub principal: i64,
    /// Disbursement date.
    pub disbursed_on: NaiveDate,
    /// Term, months.
    pub term_months: u32,
    /// Monthly interest rate, basis points.
    pub monthly_rate_bp: u32,
    /// Interest method.
    pub method: InterestMethod,
    /// Purpose (*mục đích vay*).
    pub purpose: String,
}

/// Fields of a member that can be changed after registration. Each `Some`
/// is one field set; the sync merges fields one by one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberPatch {
    /// New full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// New sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// New birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth: Option<Birth>,
    /// New ethnic group code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity_code: Option<u8>,
    /// New household status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<HouseholdStatus>,
    /// Disability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Lives alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lives_alone: Option<bool>,
    /// Hamlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hamlet: Option<String>,
    /// Phone (canonical), or `Some(None)` to clear it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "set_or_clear"
    )]
    pub phone: Option<Option<String>>,
    /// Leave date, or `Some(None)` to re-admit.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "set_or_clear"
    )]
    pub left_on: Option<Option<NaiveDate>>,
    /// Leave reason.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "set_or_clear"
    )]
    pub leave_reason: Option<Option<String>>,
    /// Roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Role>>,
    /// Membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership: Option<Membership>,
}

/// Reads a field that may be absent (not set: `None`), `null` (cleared:
/// `Some(None)`) or a value (`Some(Some(v))`). Serde's own `Option<Option<T>>`
/// reads `null` as absent, which would turn "clear the phone" into "leave it";
/// `serde_with::rust::double_option` does the same as these three lines.
fn set_or_clear<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// How a possible duplicate was resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "resolution")]
pub enum DuplicateResolution {
    /// Two different people after all.
    Dismissed,
    /// One person: `merged` now points at `kept`, whose visits and money
    /// include `merged`'s.
    Merged {
        /// The record kept.
        kept: String,
        /// The record folded into it.
        merged: String,
    },
}

/// One change, as logged and synced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// A club was created.
    ClubCreated(ClubRecord),
    /// A person was registered.
    MemberRegistered(Member),
    /// Fields of a person were changed.
    MemberUpdated {
        /// Member id.
        member_id: String,
        /// The fields set.
        patch: MemberPatch,
    },
    /// Two registrations were flagged as possibly the same person.
    DuplicateFlagged {
        /// Flag id.
        flag_id: String,
        /// Club id.
        club_id: String,
        /// First member id (the smaller).
        member_a: String,
        /// Second member id.
        member_b: String,
    },
    /// A flag was resolved by a person.
    DuplicateResolved {
        /// Flag id.
        flag_id: String,
        /// What they decided.
        resolution: DuplicateResolution,
    },
    /// A home-care visit was logged.
    VisitLogged(VisitRecord),
    /// A visit was voided (logged by mistake); the original stays.
    VisitVoided {
        /// Void record id.
        void_id: String,
        /// The visit voided.
        visit_id: String,
        /// Why.
        reason: String,
        /// When, RFC 3339.
        voided_at: String,
    },
    /// A meeting was recorded.
    MeetingRecorded(MeetingRecord),
    /// An activity was recorded.
    ActivityRecorded(ActivityRecord),
    /// Money moved in a ledger.
    JournalEntry(JournalRecord),
    /// A loan was disbursed; `entry` is its fund outflow.
    LoanDisbursed {
        /// The loan.
        loan: LoanRecord,
        /// The income-generation fund outflow.
        entry: JournalRecord,
    },
    /// A loan was written off.
    LoanWrittenOff {
        /// Write-off id.
        id: String,
        /// Loan id.
        loan_id: String,
        /// Date.
        written_off_on: NaiveDate,
        /// Principal outstanding written off, đồng.
        principal: i64,
        /// Why.
        reason: String,
    },
}

impl Change {
    /// The entity kind and id the change is about, as logged.
    pub fn entity(&self) -> (&'static str, &str) {
        match self {
            Change::ClubCreated(c) => ("club", &c.id),
            Change::MemberRegistered(m) => ("member", &m.id),
            Change::MemberUpdated { member_id, .. } => ("member", member_id),
            Change::DuplicateFlagged { flag_id, .. } => ("duplicate_flag", flag_id),
            Change::DuplicateResolved { flag_id, .. } => ("duplicate_flag", flag_id),
            Change::VisitLogged(v) => ("visit", &v.id),
            Change::VisitVoided { void_id, .. } => ("visit_void", void_id),
            Change::MeetingRecorded(m) => ("meeting", &m.id),
            Change::ActivityRecorded(a) => ("activity", &a.id),
            Change::JournalEntry(e) => ("journal", &e.id),
            Change::LoanDisbursed { loan, .. } => ("loan", &loan.id),
            Change::LoanWrittenOff { id, .. } => ("loan_write_off", id),
        }
    }
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    Ok(serde_json::to_string(v)?)
}

/// Stable text of a serde unit enum value (`"female"`, `"near_poor"`).
pub fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

fn insert_journal(tx: &Connection, op_id: &str, e: &JournalRecord) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO journal (id, op_id, club_id, ledger, kind, amount, entry_on, member_id, loan_id,
                              reverses_id, memo, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        e.id,
        op_id,
        e.club_id,
        e.ledger.as_str(),
        e.kind.as_str(),
        e.amount,
        e.entry_on.to_string(),
        e.member_id,
        e.loan_id,
        e.reverses_id,
        e.memo,
        e.recorded_at
    ])?;
    Ok(())
}

pub(crate) fn write_member_row(tx: &Connection, op_id: &str, m: &Member) -> Result<()> {
    let birth_date = match m.birth {
        Birth::Date(d) => Some(d.to_string()),
        Birth::Year(_) => None,
    };
    tx.prepare_cached(
        "INSERT INTO members (id, op_id, club_id, full_name, name_key, sex, birth_date, birth_year,
            ethnicity_code, household, disabled, lives_alone, hamlet, hamlet_key, duplicate_key, phone,
            joined_on, left_on, leave_reason, roles, membership)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
         ON CONFLICT(id) DO UPDATE SET full_name = excluded.full_name, name_key = excluded.name_key,
            sex = excluded.sex, birth_date = excluded.birth_date, birth_year = excluded.birth_year,
            ethnicity_code = excluded.ethnicity_code, household = excluded.household,
            disabled = excluded.disabled, lives_alone = excluded.lives_alone, hamlet = excluded.hamlet,
            hamlet_key = excluded.hamlet_key, duplicate_key = excluded.duplicate_key, phone = excluded.phone,
            joined_on = excluded.joined_on, left_on = excluded.left_on, leave_reason = excluded.leave_reason,
            roles = excluded.roles, membership = excluded.membership",
    )?
    .execute(params![
        m.id,
        op_id,
        m.club_id,
        m.full_name,
        crate::text::search_key(&m.full_name),
        enum_str(&m.sex),
        birth_date,
        m.birth.year(),
        m.ethnicity_code,
        enum_str(&m.household),
        m.disabled,
        m.lives_alone,
        m.hamlet,
        crate::text::search_key(&m.hamlet),
        crate::duplicates::duplicate_key(&m.full_name, m.birth.year(), &m.hamlet),
        m.phone,
        m.joined_on.to_string(),
        m.left_on.map(|d| d.to_string()),
        m.leave_reason,
        json(&m.roles)?,
        enum_str(&m.membership),
    ])?;
    Ok(())
}

/// Applies a patch to a member value.
pub fn patch_member(m: &mut Member, p: &MemberPatch) {
    if let Some(v) = &p.full_name {
        m.full_name = v.clone();
    }
    if let Some(v) = p.sex {
        m.sex = v;
    }
    if let Some(v) = p.birth {
        m.birth = v;
    }
    if let Some(v) = p.ethnicity_code {
        m.ethnicity_code = v;
    }
    if let Some(v) = p.household {
        m.household = v;
    }
    if let Some(v) = p.disabled {
        m.disabled = v;
    }
    if let Some(v) = p.lives_alone {
        m.lives_alone = v;
    }
    if let Some(v) = &p.hamlet {
        m.hamlet = v.clone();
    }
    if let Some(v) = &p.phone {
        m.phone = v.clone();
    }
    if let Some(v) = p.left_on {
        m.left_on = v;
    }
    if let Some(v) = &p.leave_reason {
        m.leave_reason = v.clone();
    }
    if let Some(v) = &p.roles {
        let mut roles = v.clone();
        roles.sort();
        roles.dedup();
        m.roles = roles;
    }
    if let Some(v) = p.membership {
        m.membership = v;
    }
}

/// Applies one change to the tables. The caller (`sync::replica::apply`) has
/// validated and permitted it and logs it in the same transaction. Member
/// changes are not applied here: the replica merges them field by field.
pub fn apply(tx: &Connection, op_id: &str, change: &Change) -> Result<()> {
    match change {
        Change::ClubCreated(c) => {
            tx.prepare_cached(
                "INSERT INTO clubs (id, op_id, name, commune_code, founded_on, activity_areas) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![c.id, op_id, c.name, c.commune_code, c.founded_on.to_string(), json(&c.activity_areas)?])?;
        }
        Change::MemberRegistered(_) | Change::MemberUpdated { .. } => {
            // Member fields merge one by one from their history: only
            // `sync::replica::apply` may write them.
            return Err(crate::Error::Invalid(crate::FieldError::new(
                "op.internal",
                "op",
                "member changes are applied by sync::replica, field by field",
            )));
        }
        // Written by version-2 stores; since version 3 flags are derived when
        // a person is registered, so the flag may already exist.
        Change::DuplicateFlagged {
            flag_id,
            club_id,
            member_a,
            member_b,
        } => {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO duplicate_flags (id, op_id, club_id, member_a, member_b, status) VALUES (?1, ?2, ?3, ?4, ?5, 'open')",
            )?
            .execute(params![flag_id, op_id, club_id, member_a, member_b])?;
        }
        Change::DuplicateResolved {
            flag_id,
            resolution,
        } => {
            let status = match resolution {
                DuplicateResolution::Dismissed => "dismissed",
                DuplicateResolution::Merged { kept, merged } => {
                    tx.prepare_cached("UPDATE members SET merged_into = ?2 WHERE id = ?1")?
                        .execute(params![merged, kept])?;
                    tx.prepare_cached(
                        "UPDATE members SET merged_into = ?2 WHERE merged_into = ?1",
                    )?
                    .execute(params![merged, kept])?;
                    "merged"
                }
            };
            tx.prepare_cached(
                "UPDATE duplicate_flags SET status = ?2, resolved_op = ?3 WHERE id = ?1",
            )?
            .execute(params![flag_id, status, op_id])?;
        }
        Change::VisitLogged(v) => {
            tx.prepare_cached(
                "INSERT INTO visits (id, op_id, club_id, volunteer_id, recipient_id, started_at, visit_on, duration_min,
                    services, systolic, diastolic, pulse, glucose_mmol_l, weight_kg, bp_flag, notes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?
            .execute(params![
                v.id,
                op_id,
                v.club_id,
                v.volunteer_id,
                v.recipient_id,
                v.started_at,
                v.visit_on.to_string(),
                v.duration_min,
                json(&v.services)?,
                v.vitals.systolic,
                v.vitals.diastolic,
                v.vitals.pulse,
                v.vitals.glucose_mmol_l,
                v.vitals.weight_kg,
                crate::vitals::bp_flag(&v.vitals).map(|f| enum_str(&f)),
                v.notes
            ])?;
        }
        Change::VisitVoided {
            void_id,
            visit_id,
            reason,
            voided_at,
        } => {
            tx.prepare_cached("INSERT INTO visit_voids (id, op_id, visit_id, reason, voided_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(params![void_id, op_id, visit_id, reason, voided_at])?;
        }
        Change::MeetingRecorded(m) => {
            tx.prepare_cached("INSERT INTO meetings (id, op_id, club_id, held_on, topic) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(params![m.id, op_id, m.club_id, m.held_on.to_string(), m.topic])?;
            let mut stmt = tx.prepare_cached(
                "INSERT INTO meeting_attendance (meeting_id, member_id, op_id, systolic, diastolic) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for a in &m.attendees {
                stmt.execute(params![m.id, a.member_id, op_id, a.systolic, a.diastolic])?;
            }
        }
        Change::ActivityRecorded(a) => {
            tx.prepare_cached(
                "INSERT INTO activities (id, op_id, club_id, area, held_on, title, participants) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![a.id, op_id, a.club_id, a.area, a.held_on.to_string(), a.title, a.participants])?;
        }
        Change::JournalEntry(e) => insert_journal(tx, op_id, e)?,
        Change::LoanDisbursed { loan, entry } => {
            tx.prepare_cached(
                "INSERT INTO loans (id, op_id, club_id, borrower_id, principal, disbursed_on, term_months, monthly_rate_bp, method, purpose)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                loan.id,
                op_id,
                loan.club_id,
                loan.borrower_id,
                loan.principal,
                loan.disbursed_on.to_string(),
                loan.term_months,
                loan.monthly_rate_bp,
                enum_str(&loan.method),
                loan.purpose
            ])?;
            insert_journal(tx, op_id, entry)?;
        }
        Change::LoanWrittenOff {
            id,
            loan_id,
            written_off_on,
            principal,
            reason,
        } => {
            tx.prepare_cached(
                "INSERT INTO loan_write_offs (id, op_id, loan_id, written_off_on, principal, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, op_id, loan_id, written_off_on.to_string(), principal, reason])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_patch_round_trips_set_clear_and_absent() {
        let p = MemberPatch {
            phone: Some(None),
            left_on: Some(Some(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())),
            hamlet: Some("Ấp 2".into()),
            ..Default::default()
        };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"hamlet":"Ấp 2","phone":null,"left_on":"2026-03-01"}"#
        );
        let back: MemberPatch = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.leave_reason, None);
    }
}
