//! The club's monthly report (*báo cáo tháng của CLB*): funds, loans,
//! savings, home care, meetings, and members who joined and left, for one
//! calendar month.
//!
//! A pure read over the core's schema, like [`super::club_indicators`], and
//! built on it: every figure the indicators already compute (balances,
//! flows, the loan portfolio, home care, blood pressure, members,
//! composition) is taken from [`super::club_indicators`] over
//! [`Period::month`], and the rest (opening balances, flows by kind, the
//! per-loan table, the lists of names) from the same building blocks, so a
//! reversal, a voided visit or a write-off counts here exactly as it does
//! there (`docs/INDICATORS.md`, *Conventions*):
//!
//! - a reversed entry and its reversal are both left out, whatever their
//!   dates. So a February entry reversed in April is out of February's
//!   closing balance too when the March report is made after April: the
//!   report always shows the books as corrected, and March's opening balance
//!   can differ from the closing balance a March report printed before the
//!   correction showed;
//! - a voided visit is left out (and counted apart, [`HomeCareMonth::visits_voided`]);
//! - a write-off counts on its date.
//!
//! Money is `i64` đồng, time whole minutes, everything else counts; nothing
//! is floating point. The report checks its own identities and refuses to
//! give figures that break them (`indicators.inconsistent`, which only a
//! database changed outside the app can cause): for every fund and for
//! savings, opening + inflows − outflows = closing; members at the month's
//! start + joined − left = members at its end; the per-loan table adds up
//! to the portfolio's figures.

use super::club::{
    self, count, is_recipient_on, joined_in, left_in, read_entries, repaid_by_loan, Entry,
};
use super::{club_indicators, ClubInfo, Period, Share, YearMonth, PAR_DAYS};
use crate::composition::CompositionReport;
use crate::error::{Error, FieldError, Result};
use crate::loan::PortfolioAtRisk;
use crate::model::{Fund, Member, Vitals};
use crate::money::format_dong;
use crate::store;
use crate::text::VietnameseCollator;
use crate::vitals::{bp_flag, BpFlag};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Money into a fund in the month, by kind, đồng.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct FundInflows {
    /// Grants (*tài trợ*).
    pub grants: i64,
    /// Members' and sponsors' contributions (*đóng góp*).
    pub contributions: i64,
    /// Membership fees (*hội phí*).
    pub membership_fees: i64,
    /// Interest earned outside loans, e.g. on a bank deposit (*lãi tiền gửi*).
    pub interest_income: i64,
    /// Loan repayments, principal and interest together (*thu nợ vay*);
    /// income-generation fund only. The split is in [`LoanMonth`].
    pub loan_repayments: i64,
    /// All of the above.
    pub total: i64,
}

/// Money out of a fund in the month, by kind, đồng (positive figures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct FundOutflows {
    /// Loans disbursed (*giải ngân cho vay*); income-generation fund only.
    pub loan_disbursements: i64,
    /// Expenses (*chi hoạt động*).
    pub expenses: i64,
    /// Both.
    pub total: i64,
}

/// One fund over the month: `opening + inflows.total − outflows.total =
/// closing`, always (the report refuses figures that break it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FundMonth {
    /// Which fund.
    pub fund: Fund,
    /// Balance on the day before the month starts, đồng.
    pub opening: i64,
    /// Money in during the month.
    pub inflows: FundInflows,
    /// Money out during the month.
    pub outflows: FundOutflows,
    /// Balance on the month's last day, đồng (the indicators'
    /// [`super::FundUse::balance`]).
    pub closing: i64,
}

/// Loans in one band of days past due on the month's last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct OverdueBand {
    /// Loans in the band.
    pub loans: u32,
    /// Their principal outstanding, đồng (the whole balance of each loan).
    pub outstanding: i64,
    /// What fell due before the month's last day and is unpaid, principal
    /// and interest, đồng.
    pub overdue_amount: i64,
}

/// The revolving loan fund's portfolio over the month (*cho vay vốn quay
/// vòng*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoanMonth {
    /// Loans with something owed on the day before the month starts.
    pub loans_at_start: u32,
    /// Their principal outstanding, đồng (*dư nợ đầu tháng*).
    pub outstanding_at_start: i64,
    /// Loans disbursed in the month (not reversed).
    pub disbursed_count: u32,
    /// Their principal, đồng.
    pub disbursed: i64,
    /// Repayments dated in the month (not reversed), đồng.
    pub repaid: i64,
    /// Of which principal, đồng, as the core allocates repayments (oldest
    /// installment first, interest before principal: [`crate::loan`]).
    pub principal_repaid: i64,
    /// Of which interest, đồng.
    pub interest_repaid: i64,
    /// Paid beyond every installment, đồng: `repaid − principal_repaid −
    /// interest_repaid`. 0 unless two phones recorded overlapping
    /// repayments offline (each phone refuses an overpayment; the sync
    /// keeps both).
    pub repaid_beyond_schedule: i64,
    /// Loans written off in the month (*xóa nợ*).
    pub written_off_count: u32,
    /// Principal written off in the month, đồng.
    pub written_off: i64,
    /// Loans with something owed on the month's last day.
    pub active_loans: u32,
    /// Principal outstanding on the month's last day, đồng (*dư nợ cuối
    /// tháng*).
    pub outstanding: i64,
    /// Loans past due on the month's last day (1 day or more).
    pub overdue: OverdueBand,
    /// Of which 1–30 days past due.
    pub days_1_30: OverdueBand,
    /// Of which 31–90 days past due.
    pub days_31_90: OverdueBand,
    /// Of which more than 90 days past due.
    pub days_over_90: OverdueBand,
    /// Portfolio at risk over 30 days on the month's last day (SEEP Network;
    /// the indicators' figure): `at_risk` is `days_31_90.outstanding +
    /// days_over_90.outstanding`.
    pub par30: PortfolioAtRisk,
}

/// Where a loan stands at the month's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanState {
    /// Something still owed (*đang vay*).
    Active,
    /// Fully repaid (*đã trả hết*).
    Repaid,
    /// Written off on or before the month's last day (*đã xóa nợ*).
    WrittenOff,
}

/// One loan in the month's table: every loan with something owed at the
/// month's end, or disbursed, repaid or written off in the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoanRow {
    /// Loan id.
    pub loan_id: String,
    /// Borrower's member id (the record kept, for merged members).
    pub borrower_id: String,
    /// Borrower's full name.
    pub borrower_name: String,
    /// Principal disbursed, đồng.
    pub principal: i64,
    /// Disbursement date.
    pub disbursed_on: NaiveDate,
    /// Term, months.
    pub term_months: u32,
    /// Monthly rate, basis points.
    pub monthly_rate_bp: u32,
    /// Principal repaid in the month, đồng.
    pub principal_repaid: i64,
    /// Interest repaid in the month, đồng.
    pub interest_repaid: i64,
    /// Principal outstanding on the month's last day, đồng (0 once repaid
    /// or written off).
    pub outstanding: i64,
    /// Days past due on the month's last day (0 unless active and late).
    pub days_past_due: u32,
    /// What fell due and is unpaid on the month's last day, đồng.
    pub overdue_amount: i64,
    /// Principal written off in the month, đồng.
    pub written_off: i64,
    /// State on the month's last day.
    pub state: LoanState,
}

/// Members' savings over the month: `opening + deposits − withdrawals =
/// closing`, always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SavingsMonth {
    /// All savings on the day before the month starts, đồng.
    pub opening: i64,
    /// Deposits in the month, đồng (*gửi*).
    pub deposits: i64,
    /// Withdrawals in the month, đồng (*rút*), a positive figure.
    pub withdrawals: i64,
    /// All savings on the month's last day, đồng.
    pub closing: i64,
    /// People with a positive balance on the month's last day.
    pub savers: u32,
}

/// A care recipient with no visit in the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientNotVisited {
    /// Member id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Hamlet.
    pub hamlet: String,
    /// The last visit (not voided) before the month, if any.
    pub last_visit_on: Option<NaiveDate>,
}

/// Home care over the month (*chăm sóc tại nhà*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HomeCareMonth {
    /// Active members holding the home-care volunteer role on the month's
    /// last day (the indicators' figure).
    pub volunteers: u32,
    /// Volunteers who made at least one visit in the month (*tình nguyện
    /// viên có đi thăm*).
    pub volunteers_visiting: u32,
    /// Care recipients on the month's last day (the indicators' rule).
    pub recipients: u32,
    /// Distinct people visited in the month.
    pub recipients_visited: u32,
    /// Visits in the month, voided ones left out.
    pub visits: u32,
    /// Their total duration, minutes.
    pub visit_minutes: u64,
    /// Visits dated in the month that were voided (left out of the figures
    /// above).
    pub visits_voided: u32,
    /// Visits with a blood-pressure reading.
    pub readings: u32,
    /// Of which flagged hypertension (140/90 to below 180/120;
    /// [`crate::vitals::bp_flag`]).
    pub hypertension: u32,
    /// Of which flagged hypertensive crisis (180/120 or above).
    pub crisis: u32,
    /// The month's care recipients with no visit in it, in Vietnamese order
    /// by given name.
    pub recipients_not_visited: Vec<RecipientNotVisited>,
}

/// One meeting held in the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRow {
    /// Meeting id.
    pub id: String,
    /// Date held.
    pub held_on: NaiveDate,
    /// Topic.
    pub topic: String,
    /// People attending.
    pub attendees: u32,
    /// Of whom with blood pressure measured.
    pub readings: u32,
    /// Readings flagged hypertension.
    pub hypertension: u32,
    /// Readings flagged hypertensive crisis.
    pub crisis: u32,
}

/// Meetings over the month (*sinh hoạt định kỳ*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingsMonth {
    /// Meetings held, by date.
    pub meetings: Vec<MeetingRow>,
    /// Attendance over all of them.
    pub attendance: u32,
    /// Active members on the month's last day whose blood pressure was
    /// measured in the month, at a meeting or on a visit, of all active
    /// members (the indicators' figure).
    pub members_checked: Share,
    /// Every person measured (recipients who are not members included).
    pub people_checked: u32,
}

/// Where a reading was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingSource {
    /// On a home-care visit.
    Visit,
    /// At a meeting.
    Meeting,
}

/// A blood-pressure reading flagged hypertension or crisis in the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlaggedReading {
    /// Member id (the record kept).
    pub person_id: String,
    /// Full name.
    pub name: String,
    /// Date.
    pub on: NaiveDate,
    /// Systolic, mmHg.
    pub systolic: u16,
    /// Diastolic, mmHg.
    pub diastolic: u16,
    /// The flag ([`crate::vitals::bp_flag`]).
    pub flag: BpFlag,
    /// Visit or meeting.
    pub source: ReadingSource,
}

/// A member who joined or left in the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberChange {
    /// Member id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Hamlet.
    pub hamlet: String,
    /// The day they joined or left.
    pub on: NaiveDate,
    /// Why they left (`None` for a member who joined).
    pub reason: Option<String>,
}

/// Members over the month: `at_start + joined − left = at_end`, always.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembersMonth {
    /// Active members on the day before the month starts.
    pub at_start: u32,
    /// Members who joined in the month, in Vietnamese order by given name.
    pub joined: Vec<MemberChange>,
    /// Members who left in the month, with their reasons, in Vietnamese
    /// order by given name.
    pub left: Vec<MemberChange>,
    /// Active members on the month's last day.
    pub at_end: u32,
    /// The composition check on the month's last day.
    pub composition: CompositionReport,
    /// Size, women, older and younger rules all met (the indicators' rule).
    pub composition_met: bool,
}

/// The club's monthly report (*báo cáo tháng của CLB*). Every figure is
/// whole đồng, whole minutes or a count; lists of people are in Vietnamese
/// order by given name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClubMonthlyReport {
    /// The club.
    pub club: ClubInfo,
    /// The month, `"2026-03"`.
    pub month: YearMonth,
    /// Its first and last days.
    pub period: Period,
    /// The income-generation fund, then the activity fund.
    pub funds: Vec<FundMonth>,
    /// The loan portfolio.
    pub loans: LoanMonth,
    /// The month's loans, in Vietnamese order by the borrower's given name,
    /// then by disbursement date.
    pub loan_rows: Vec<LoanRow>,
    /// Savings.
    pub savings: SavingsMonth,
    /// Home care.
    pub home_care: HomeCareMonth,
    /// Meetings and blood-pressure checks.
    pub meetings: MeetingsMonth,
    /// Readings flagged hypertension or crisis, on visits and at meetings,
    /// in Vietnamese order by given name, then by date.
    pub flagged_readings: Vec<FlaggedReading>,
    /// Members.
    pub members: MembersMonth,
}

/// The monthly report of club `club_id` for `month` (1–12) of `year`, read
/// from `conn` (a phone's store or the server's database).
///
/// Errors: `period.month` (field `month`) or `period.year` (field `year`)
/// for a month that is not one ([`Period::month`]); `not_found` for an
/// unknown club; `indicators.inconsistent` (field: the figure) when the figures
/// break one of the identities the module states, which only a database
/// changed outside the app can cause; database failures.
pub fn monthly_report(
    conn: &Connection,
    club_id: &str,
    year: i32,
    month: u32,
) -> Result<ClubMonthlyReport> {
    let period = Period::month(year, month)?;
    let x = club_indicators(conn, club_id, period)?;
    let (from, to) = (period.from, period.to);
    let before = period.day_before();
    let collator = VietnameseCollator::new();

    let people = store::club_people(conn, club_id)?;
    let by_id: HashMap<&str, &Member> = people.iter().map(|m| (m.id.as_str(), m)).collect();
    let name_of = |id: &str| {
        by_id
            .get(id)
            .map_or_else(String::new, |m| m.full_name.clone())
    };

    // ----- money -----
    let entries = read_entries(conn, club_id, to)?;
    let funds = vec![
        fund_month(
            Fund::IncomeGeneration,
            "income_generation",
            &entries,
            period,
            x.funds.income_generation,
        )?,
        fund_month(
            Fund::Activity,
            "activity",
            &entries,
            period,
            x.funds.activity,
        )?,
    ];
    let savings_opening: i64 = entries
        .iter()
        .filter(|e| e.ledger == "savings" && e.entry_on < from)
        .map(|e| e.amount)
        .sum();
    let savings = SavingsMonth {
        opening: savings_opening,
        deposits: x.savings.deposits,
        withdrawals: x.savings.withdrawals,
        closing: x.savings.balance,
        savers: x.savings.savers,
    };
    check_identity(
        "savings",
        savings.opening,
        savings.deposits,
        savings.withdrawals,
        savings.closing,
    )?;

    // ----- loans -----
    let (loans, loan_rows) = loans_month(conn, club_id, period, &x.loans, &entries, &name_of)?;
    let mut loan_rows = loan_rows;
    loan_rows.sort_by(|a, b| {
        collator
            .compare_names(&a.borrower_name, &b.borrower_name)
            .then(a.disbursed_on.cmp(&b.disbursed_on))
            .then(a.loan_id.cmp(&b.loan_id))
    });

    // ----- home care -----
    let visits = club::read_visits(conn, club_id, period)?;
    let mut flagged = vec![];
    let (mut readings, mut hypertension, mut crisis) = (0usize, 0usize, 0usize);
    for v in &visits {
        if let Some(flag) = flag_of(v.systolic, v.diastolic) {
            readings += 1;
            match flag {
                BpFlag::Hypertension => hypertension += 1,
                BpFlag::HypertensiveCrisis => crisis += 1,
                BpFlag::Normal => {}
            }
            push_flagged(
                &mut flagged,
                &v.recipient,
                name_of(&v.recipient),
                v.visit_on,
                (v.systolic, v.diastolic),
                ReadingSource::Visit,
            );
        }
    }
    let visited: BTreeSet<&str> = visits.iter().map(|v| v.recipient.as_str()).collect();
    let volunteers_visiting: BTreeSet<&str> = visits.iter().map(|v| v.volunteer.as_str()).collect();
    let last_visits = last_visits_before(conn, club_id, from)?;
    let mut not_visited: Vec<RecipientNotVisited> = people
        .iter()
        .filter(|m| is_recipient_on(m, to) && !visited.contains(m.id.as_str()))
        .map(|m| RecipientNotVisited {
            id: m.id.clone(),
            name: m.full_name.clone(),
            hamlet: m.hamlet.clone(),
            last_visit_on: last_visits.get(&m.id).copied(),
        })
        .collect();
    not_visited.sort_by(|a, b| {
        collator
            .compare_names(&a.name, &b.name)
            .then(a.id.cmp(&b.id))
    });
    let visits_voided: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM visits v JOIN visit_voids vv ON vv.visit_id = v.id
             WHERE v.club_id = ?1 AND v.visit_on BETWEEN ?2 AND ?3",
        )?
        .query_row(params![club_id, from.to_string(), to.to_string()], |r| {
            r.get(0)
        })?;
    let h = &x.home_care;
    if count(visits.len()) != h.visits {
        return inconsistent("home_care.visits", "the visits read twice differ");
    }
    let home_care = HomeCareMonth {
        volunteers: h.volunteers,
        volunteers_visiting: count(volunteers_visiting.len()),
        recipients: h.recipients,
        recipients_visited: h.recipients_visited,
        visits: h.visits,
        visit_minutes: h.visit_minutes,
        visits_voided,
        readings: count(readings),
        hypertension: count(hypertension),
        crisis: count(crisis),
        recipients_not_visited: not_visited,
    };

    // ----- meetings -----
    let meeting_rows = meetings_in(conn, club_id, period, &mut flagged, &name_of)?;
    if count(meeting_rows.len()) != x.meetings.meetings {
        return inconsistent("meetings", "the meetings read twice differ");
    }
    let meetings = MeetingsMonth {
        attendance: meeting_rows.iter().map(|m| m.attendees).sum(),
        meetings: meeting_rows,
        members_checked: x.blood_pressure.members_checked,
        people_checked: x.blood_pressure.people_checked,
    };
    flagged.sort_by(|a, b| {
        collator
            .compare_names(&a.name, &b.name)
            .then(a.on.cmp(&b.on))
            .then(a.person_id.cmp(&b.person_id))
    });

    // ----- members -----
    let change = |m: &Member, on: NaiveDate, reason: Option<String>| MemberChange {
        id: m.id.clone(),
        name: m.full_name.clone(),
        hamlet: m.hamlet.clone(),
        on,
        reason,
    };
    let mut joined: Vec<MemberChange> = people
        .iter()
        .filter(|m| joined_in(m, period))
        .map(|m| change(m, m.joined_on, None))
        .collect();
    let mut left: Vec<MemberChange> = people
        .iter()
        .filter(|m| left_in(m, period))
        .map(|m| change(m, m.left_on.unwrap_or(to), m.leave_reason.clone()))
        .collect();
    for list in [&mut joined, &mut left] {
        list.sort_by(|a, b| {
            collator
                .compare_names(&a.name, &b.name)
                .then(a.on.cmp(&b.on))
                .then(a.id.cmp(&b.id))
        });
    }
    let at_start = before.map_or(0, |b| {
        count(people.iter().filter(|m| m.is_active_member_on(b)).count())
    });
    let members = MembersMonth {
        at_start,
        at_end: x.members.active,
        composition_met: x.rules.composition,
        composition: x.composition,
        joined,
        left,
    };
    if i64::from(members.at_start) + members.joined.len() as i64 - members.left.len() as i64
        != i64::from(members.at_end)
    {
        return inconsistent(
            "members",
            format!(
                "{} at the start + {} joined − {} left ≠ {} at the end",
                members.at_start,
                members.joined.len(),
                members.left.len(),
                members.at_end
            ),
        );
    }

    Ok(ClubMonthlyReport {
        club: x.club,
        month: YearMonth::of(from),
        period,
        funds,
        loans,
        loan_rows,
        savings,
        home_care,
        meetings,
        flagged_readings: flagged,
        members,
    })
}

fn inconsistent<T>(field: &str, message: impl Into<String>) -> Result<T> {
    Err(Error::Invalid(FieldError::new(
        "indicators.inconsistent",
        field,
        format!(
            "{} (the database holds records the app did not write)",
            message.into()
        ),
    )))
}

/// Refuses figures where `opening + inflows − outflows ≠ closing`.
fn check_identity(
    field: &str,
    opening: i64,
    inflows: i64,
    outflows: i64,
    closing: i64,
) -> Result<()> {
    let sum = i128::from(opening) + i128::from(inflows) - i128::from(outflows);
    if sum != i128::from(closing) {
        return inconsistent(
            field,
            format!(
                "opening {} + in {} − out {} ≠ closing {}",
                format_dong(opening),
                format_dong(inflows),
                format_dong(outflows),
                format_dong(closing)
            ),
        );
    }
    Ok(())
}

/// One fund's month from the entries up to the month's end, checked
/// against the indicators' figures for the same fund.
fn fund_month(
    fund: Fund,
    ledger: &str,
    entries: &[Entry],
    period: Period,
    indicator: super::FundUse,
) -> Result<FundMonth> {
    let field = format!("funds.{ledger}");
    let mut inflows = FundInflows::default();
    let mut outflows = FundOutflows::default();
    let mut opening = 0i64;
    for e in entries.iter().filter(|e| e.ledger == ledger) {
        if e.entry_on < period.from {
            opening += e.amount;
            continue;
        }
        let slot = match e.kind.as_str() {
            "grant" => &mut inflows.grants,
            "contribution" => &mut inflows.contributions,
            "membership_fee" => &mut inflows.membership_fees,
            "interest_income" => &mut inflows.interest_income,
            "loan_repayment" => &mut inflows.loan_repayments,
            "loan_disbursement" => &mut outflows.loan_disbursements,
            "expense" => &mut outflows.expenses,
            other => {
                return inconsistent(&field, format!("a '{other}' entry in the {ledger} fund"))
            }
        };
        *slot += e.amount.abs();
    }
    inflows.total = inflows.grants
        + inflows.contributions
        + inflows.membership_fees
        + inflows.interest_income
        + inflows.loan_repayments;
    outflows.total = outflows.loan_disbursements + outflows.expenses;
    if inflows.total != indicator.inflows || outflows.total != indicator.outflows {
        return inconsistent(
            &field,
            format!(
                "in {} and out {} by kind, {} and {} by sign",
                format_dong(inflows.total),
                format_dong(outflows.total),
                format_dong(indicator.inflows),
                format_dong(indicator.outflows)
            ),
        );
    }
    check_identity(
        &field,
        opening,
        inflows.total,
        outflows.total,
        indicator.balance,
    )?;
    Ok(FundMonth {
        fund,
        opening,
        inflows,
        outflows,
        closing: indicator.balance,
    })
}

/// The portfolio figures and the per-loan table (unsorted).
fn loans_month(
    conn: &Connection,
    club_id: &str,
    period: Period,
    figures: &super::LoanFigures,
    entries: &[Entry],
    name_of: &dyn Fn(&str) -> String,
) -> Result<(LoanMonth, Vec<LoanRow>)> {
    let to = period.to;
    let at_end = store::active_positions(conn, club_id, to, Some(to))?;
    let at_start = match period.day_before() {
        Some(b) => store::active_positions(conn, club_id, b, Some(b))?,
        None => vec![],
    };
    let repaid = repaid_by_loan(conn, club_id, period, entries)?;
    let disbursed: BTreeSet<&str> = entries
        .iter()
        .filter(|e| e.kind == "loan_disbursement" && period.contains(e.entry_on))
        .filter_map(|e| e.loan_id.as_deref())
        .collect();
    // Write-offs on or before the month's end: those in the month count in
    // it; earlier ones only close the loan.
    let mut write_offs: HashMap<String, (NaiveDate, i64)> = HashMap::new();
    for row in conn
        .prepare_cached(
            "SELECT w.loan_id, w.written_off_on, w.principal FROM loan_write_offs w
             JOIN loans l ON l.id = w.loan_id
             WHERE l.club_id = ?1 AND w.written_off_on <= ?2",
        )?
        .query_map(params![club_id, to.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                store::parse_date(&r.get::<_, String>(1)?)?,
                r.get::<_, i64>(2)?,
            ))
        })?
    {
        let (id, on, principal) = row?;
        write_offs.insert(id, (on, principal));
    }

    // The loans of the table: keyed by id, with the borrower kept.
    let mut rows: BTreeMap<String, LoanRow> = BTreeMap::new();
    let mut borrowers: HashMap<String, String> = HashMap::new();
    for row in conn
        .prepare_cached(
            "SELECT l.id, coalesce(m.merged_into, m.id) FROM loans l
             JOIN members m ON m.id = l.borrower_id WHERE l.club_id = ?1",
        )?
        .query_map([club_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
    {
        let (id, borrower) = row?;
        borrowers.insert(id, borrower);
    }
    let new_row = |l: &crate::ops::LoanRecord| {
        let borrower_id = borrowers
            .get(&l.id)
            .cloned()
            .unwrap_or_else(|| l.borrower_id.clone());
        LoanRow {
            loan_id: l.id.clone(),
            borrower_name: name_of(&borrower_id),
            borrower_id,
            principal: l.principal,
            disbursed_on: l.disbursed_on,
            term_months: l.term_months,
            monthly_rate_bp: l.monthly_rate_bp,
            principal_repaid: 0,
            interest_repaid: 0,
            outstanding: 0,
            days_past_due: 0,
            overdue_amount: 0,
            written_off: 0,
            state: LoanState::Repaid,
        }
    };
    let mut bands = [OverdueBand::default(); 4];
    for (l, _, p) in &at_end {
        let row = rows.entry(l.id.clone()).or_insert_with(|| new_row(l));
        row.state = LoanState::Active;
        row.outstanding = p.principal_outstanding;
        row.days_past_due = p.days_past_due;
        row.overdue_amount = p.overdue_amount;
        if p.days_past_due > 0 {
            let band = match p.days_past_due {
                1..=30 => 1,
                31..=90 => 2,
                _ => 3,
            };
            for b in [0, band] {
                bands[b].loans += 1;
                bands[b].outstanding += p.principal_outstanding;
                bands[b].overdue_amount += p.overdue_amount;
            }
        }
    }
    for r in &repaid {
        let row = rows
            .entry(r.loan.id.clone())
            .or_insert_with(|| new_row(&r.loan));
        row.principal_repaid = r.principal;
        row.interest_repaid = r.interest;
    }
    let mut wanted: Vec<&str> = disbursed.iter().copied().collect();
    wanted.extend(
        write_offs
            .iter()
            .filter(|(_, (on, _))| period.contains(*on))
            .map(|(id, _)| id.as_str()),
    );
    for id in wanted {
        if !rows.contains_key(id) {
            let l = conn
                .prepare_cached(&format!(
                    "SELECT {} FROM loans WHERE id = ?1",
                    store::LOAN_COLS
                ))?
                .query_row([id], store::loan_from_row)?;
            rows.insert(id.to_string(), new_row(&l));
        }
    }
    for (id, row) in rows.iter_mut() {
        if let Some((on, principal)) = write_offs.get(id) {
            row.state = LoanState::WrittenOff;
            if period.contains(*on) {
                row.written_off = *principal;
            }
        }
    }

    let [overdue, days_1_30, days_31_90, days_over_90] = bands;
    let month = LoanMonth {
        loans_at_start: count(at_start.len()),
        outstanding_at_start: at_start
            .iter()
            .map(|(_, _, p)| p.principal_outstanding)
            .sum(),
        disbursed_count: figures.disbursed_count,
        disbursed: figures.disbursed,
        repaid: figures.repaid,
        principal_repaid: figures.principal_repaid,
        interest_repaid: figures.interest_repaid,
        repaid_beyond_schedule: figures.repaid - figures.principal_repaid - figures.interest_repaid,
        written_off_count: figures.written_off_count,
        written_off: figures.written_off,
        active_loans: figures.active_loans,
        outstanding: figures.par30.outstanding,
        overdue,
        days_1_30,
        days_31_90,
        days_over_90,
        par30: figures.par30.clone(),
    };
    debug_assert_eq!(month.par30.days, PAR_DAYS);
    let rows: Vec<LoanRow> = rows.into_values().collect();
    let sum = |f: fn(&LoanRow) -> i64| rows.iter().map(f).sum::<i64>();
    let checks = [
        (
            "loans.outstanding",
            sum(|r| r.outstanding),
            month.outstanding,
        ),
        (
            "loans.principal_repaid",
            sum(|r| r.principal_repaid),
            month.principal_repaid,
        ),
        (
            "loans.interest_repaid",
            sum(|r| r.interest_repaid),
            month.interest_repaid,
        ),
        (
            "loans.written_off",
            sum(|r| r.written_off),
            month.written_off,
        ),
        (
            "loans.par30",
            days_31_90.outstanding + days_over_90.outstanding,
            month.par30.at_risk,
        ),
    ];
    for (field, table, figure) in checks {
        if table != figure {
            return inconsistent(
                field,
                format!(
                    "the loans add up to {}, the portfolio to {}",
                    format_dong(table),
                    format_dong(figure)
                ),
            );
        }
    }
    Ok((month, rows))
}

/// The flag of a reading with both pressures.
fn flag_of(systolic: Option<u16>, diastolic: Option<u16>) -> Option<BpFlag> {
    bp_flag(&Vitals {
        systolic,
        diastolic,
        ..Default::default()
    })
}

fn push_flagged(
    out: &mut Vec<FlaggedReading>,
    person_id: &str,
    name: String,
    on: NaiveDate,
    (systolic, diastolic): (Option<u16>, Option<u16>),
    source: ReadingSource,
) {
    let (Some(sys), Some(dia)) = (systolic, diastolic) else {
        return;
    };
    if let Some(flag @ (BpFlag::Hypertension | BpFlag::HypertensiveCrisis)) =
        flag_of(systolic, diastolic)
    {
        out.push(FlaggedReading {
            person_id: person_id.to_string(),
            name,
            on,
            systolic: sys,
            diastolic: dia,
            flag,
            source,
        });
    }
}

/// Each person's last visit (not voided) before `day` (the record kept).
fn last_visits_before(
    conn: &Connection,
    club_id: &str,
    day: NaiveDate,
) -> Result<HashMap<String, NaiveDate>> {
    let mut out = HashMap::new();
    for row in conn
        .prepare_cached(
            "SELECT coalesce(r.merged_into, r.id), max(v.visit_on)
             FROM visits v JOIN members r ON r.id = v.recipient_id
             WHERE v.club_id = ?1 AND v.visit_on < ?2
               AND NOT EXISTS (SELECT 1 FROM visit_voids vv WHERE vv.visit_id = v.id)
             GROUP BY 1",
        )?
        .query_map(params![club_id, day.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                store::parse_date(&r.get::<_, String>(1)?)?,
            ))
        })?
    {
        let (id, on) = row?;
        out.insert(id, on);
    }
    Ok(out)
}

/// The meetings held in the period, by date, with their attendance and
/// readings; flagged readings are added to `flagged`.
fn meetings_in(
    conn: &Connection,
    club_id: &str,
    period: Period,
    flagged: &mut Vec<FlaggedReading>,
    name_of: &dyn Fn(&str) -> String,
) -> Result<Vec<MeetingRow>> {
    let heads: Vec<(String, NaiveDate, String)> = conn
        .prepare_cached(
            "SELECT id, held_on, topic FROM meetings
             WHERE club_id = ?1 AND held_on BETWEEN ?2 AND ?3 ORDER BY held_on, id",
        )?
        .query_map(
            params![club_id, period.from.to_string(), period.to.to_string()],
            |r| {
                Ok((
                    r.get(0)?,
                    store::parse_date(&r.get::<_, String>(1)?)?,
                    r.get(2)?,
                ))
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(m.merged_into, m.id), a.systolic, a.diastolic
         FROM meeting_attendance a JOIN members m ON m.id = a.member_id
         WHERE a.meeting_id = ?1 ORDER BY a.member_id",
    )?;
    let mut out = vec![];
    for (id, held_on, topic) in heads {
        let mut row = MeetingRow {
            id: id.clone(),
            held_on,
            topic,
            attendees: 0,
            readings: 0,
            hypertension: 0,
            crisis: 0,
        };
        for a in stmt.query_map([&id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<u16>>(1)?,
                r.get::<_, Option<u16>>(2)?,
            ))
        })? {
            let (who, sys, dia) = a?;
            row.attendees += 1;
            match flag_of(sys, dia) {
                Some(BpFlag::Hypertension) => row.hypertension += 1,
                Some(BpFlag::HypertensiveCrisis) => row.crisis += 1,
                _ => {}
            }
            if flag_of(sys, dia).is_some() {
                row.readings += 1;
            }
            push_flagged(
                flagged,
                &who,
                name_of(&who),
                held_on,
                (sys, dia),
                ReadingSource::Meeting,
            );
        }
        out.push(row);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
