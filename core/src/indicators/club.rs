//! One club's indicators over a period.

use super::{Period, Reason, RuleOutcome, Share, YearMonth};
use crate::composition::{check_composition, CompositionReport, RULE_PRIORITY};
use crate::error::{Error, Result};
use crate::loan::{self, LoanPosition, PortfolioAtRisk, Repayment};
use crate::model::{Member, Membership, Role};
use crate::money::format_dong;
use crate::ops::LoanRecord;
use crate::store::{self, Cohort};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Days past due beyond which a loan's whole balance is at risk: PAR30
/// (SEEP Network, *Microfinance Financial Reporting Standards*).
pub const PAR_DAYS: u32 = 30;

/// Highest portfolio at risk over 30 days a well-managed club may have at
/// the period's end, basis points (10%). The project's own rule.
pub const PAR30_LIMIT_BP: u32 = 1_000;

/// A well-managed club met in at least this share of the period's calendar
/// months (5 in 6: 10 of 12 in a year). The project's own rule.
pub const MEETING_MONTHS_SHARE: (u64, u64) = (5, 6);

/// An active club met at least once in the period's last this many calendar
/// months (all of them when the period is shorter). The project's own rule.
pub const ACTIVE_MONTHS: usize = 3;

/// The club the figures are about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClubInfo {
    /// Club id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Commune code (2025 units; the store keeps only 2025 codes).
    pub commune_code: u32,
    /// Commune name, e.g. `Xã Xuân Lộc` (empty for an unknown code).
    pub commune_name: String,
    /// Province code (0 for an unknown commune).
    pub province_code: u32,
    /// Founding date.
    pub founded_on: NaiveDate,
    /// Cohort by founding year.
    pub cohort: Cohort,
    /// Configured activity areas.
    pub activity_areas: Vec<String>,
}

/// Members on the period's end, and who joined and left in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MemberFigures {
    /// Active members on the period's last day (*thành viên*): joined on or
    /// before it, not left by it, members rather than recipients only.
    pub active: u32,
    /// Members who joined in the period.
    pub joined: u32,
    /// Members who left in the period.
    pub left: u32,
}

/// Members who borrowed from the revolving fund in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BorrowingFigures {
    /// Active members on the period's end with a disbursement (not
    /// reversed) dated in the period, of all active members (*tỷ lệ thành
    /// viên được vay vốn*). Target at least 50% (Decision 1336/QĐ-TTg;
    /// plan 13335/KH-UBND).
    pub members_borrowing: Share,
    /// Every person with such a disbursement, those who left since included.
    pub borrowers: u32,
}

/// One fund on the period's end and over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FundUse {
    /// The fund has received money (a grant, contribution, fee, interest or
    /// repayment) on or before the period's last day: it exists.
    pub present: bool,
    /// The fund did its work in the period: for the income-generation fund
    /// a loan disbursed, for the activity fund an expense paid.
    pub used: bool,
    /// Balance on the period's last day, đồng.
    pub balance: i64,
    /// Money in during the period, đồng.
    pub inflows: i64,
    /// Money out during the period, đồng (a positive figure).
    pub outflows: i64,
}

/// The club's two funds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FundFigures {
    /// Income-generation revolving loan fund (*quỹ vốn quay vòng*).
    pub income_generation: FundUse,
    /// Activity fund (*quỹ hoạt động*).
    pub activity: FundUse,
}

impl FundFigures {
    /// Both funds present and used in the period (*có và sử dụng cả hai
    /// quỹ*; plan 13335/KH-UBND, 100% of clubs).
    pub fn both_present_and_used(&self) -> bool {
        [self.income_generation, self.activity]
            .iter()
            .all(|f| f.present && f.used)
    }
}

/// Activities held in one configured area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaCount {
    /// Area key.
    pub area: String,
    /// Activities held in it in the period.
    pub activities: u32,
}

/// Activities in the club's configured areas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityFigures {
    /// Each configured area, in the club's order, with its count.
    pub areas: Vec<AreaCount>,
    /// Configured areas with no activity in the period.
    pub areas_without_activity: Vec<String>,
}

/// Monthly meetings (*sinh hoạt định kỳ hằng tháng*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingFigures {
    /// Meetings held in the period.
    pub meetings: u32,
    /// Calendar months the period touches.
    pub months: u32,
    /// Of which months with at least one meeting.
    pub months_with_meeting: u32,
    /// The months without one, in order.
    pub months_without_meeting: Vec<YearMonth>,
}

/// Home care (*chăm sóc tại nhà*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HomeCareFigures {
    /// Active members holding the home-care volunteer role on the period's
    /// end (roles have no history: the role as recorded now).
    pub volunteers: u32,
    /// People registered as care recipients (the role, or recipients only)
    /// on the period's end: joined by then and not left.
    pub recipients: u32,
    /// Visits in the period, voided ones left out.
    pub visits: u32,
    /// Their total duration, minutes.
    pub visit_minutes: u64,
    /// Distinct people visited in the period.
    pub recipients_visited: u32,
}

/// Blood-pressure checks (*đo huyết áp*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BloodPressureFigures {
    /// Active members on the period's end with a reading in the period, at
    /// a meeting or on a (not voided) visit, of all active members.
    pub members_checked: Share,
    /// Every person with such a reading (recipients who are not members and
    /// people who left included).
    pub people_checked: u32,
}

/// Members' savings (*tiết kiệm*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SavingsFigures {
    /// Balance of all savings on the period's last day, đồng.
    pub balance: i64,
    /// Deposits in the period, đồng.
    pub deposits: i64,
    /// Withdrawals in the period, đồng (a positive figure).
    pub withdrawals: i64,
    /// People with a positive balance on the period's last day.
    pub savers: u32,
}

/// The loan portfolio (*dư nợ vốn quay vòng*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoanFigures {
    /// Loans disbursed in the period (not reversed).
    pub disbursed_count: u32,
    /// Their principal, đồng.
    pub disbursed: i64,
    /// Repayments in the period (not reversed), principal and interest, đồng.
    pub repaid: i64,
    /// Of which principal, đồng (repayments are allocated oldest installment
    /// first, interest before principal: [`crate::loan`]).
    pub principal_repaid: i64,
    /// Of which interest, đồng.
    pub interest_repaid: i64,
    /// Loans with something still owed on the period's last day.
    pub active_loans: u32,
    /// Portfolio at risk over 30 days on the period's last day, with the
    /// principal outstanding (*dư nợ*) in `outstanding`.
    pub par30: PortfolioAtRisk,
    /// Loans written off in the period.
    pub written_off_count: u32,
    /// Principal written off in the period, đồng.
    pub written_off: i64,
}

/// The club's rules over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClubRules {
    /// Composition on the period's end: size, women, older and younger
    /// rules all met ([`crate::composition`]; priority is information only).
    pub composition: bool,
    /// At least 50% of active members borrowed in the period.
    pub borrowing_half: bool,
    /// Both funds present and used in the period.
    pub both_funds: bool,
    /// An activity in every configured area in the period.
    pub all_activities: bool,
    /// Active club (*CLB đang hoạt động*), the project's own rule: at least
    /// one active member on the period's end and a meeting in the period's
    /// last [`ACTIVE_MONTHS`] calendar months.
    pub active: RuleOutcome,
    /// Doing all activities and well managed (*hoạt động đầy đủ, quản lý
    /// tốt*, Decision 1336/QĐ-TTg; its conditions are the project's own):
    /// an activity in every area, meetings in at least 5 of 6 months, both
    /// funds present and used, PAR30 at most 10% on the period's end.
    pub well_managed: RuleOutcome,
}

/// One club's indicators over a period; every figure is defined in
/// `docs/INDICATORS.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClubIndicators {
    /// The club.
    pub club: ClubInfo,
    /// The period.
    pub period: Period,
    /// Members.
    pub members: MemberFigures,
    /// Composition on the period's last day (Law on the Elderly 2009:
    /// older = 60 or over on that day).
    pub composition: CompositionReport,
    /// Members who borrowed.
    pub borrowing: BorrowingFigures,
    /// The two funds.
    pub funds: FundFigures,
    /// Activities by area.
    pub activities: ActivityFigures,
    /// Monthly meetings.
    pub meetings: MeetingFigures,
    /// Home care.
    pub home_care: HomeCareFigures,
    /// Blood-pressure checks.
    pub blood_pressure: BloodPressureFigures,
    /// Savings.
    pub savings: SavingsFigures,
    /// Loans.
    pub loans: LoanFigures,
    /// The rules.
    pub rules: ClubRules,
}

/// The indicators of club `club_id` over `period`, read from `conn` (a
/// phone's store or the server's database: the same schema).
///
/// Errors: the period's own ([`Period::check`], `period.*`); `not_found`
/// for an unknown club; database failures.
pub fn club_indicators(conn: &Connection, club_id: &str, period: Period) -> Result<ClubIndicators> {
    period.check()?;
    Ok(compute(conn, club_id, period)?.0)
}

/// A money entry as the figures see it: not reversed, not a reversal.
pub(super) struct Entry {
    pub(super) id: String,
    /// `income_generation`, `activity` or `savings`.
    pub(super) ledger: String,
    /// An [`crate::ops::EntryKind`] name.
    pub(super) kind: String,
    /// Signed đồng: the effect on the ledger's balance.
    pub(super) amount: i64,
    pub(super) entry_on: NaiveDate,
    /// The member concerned (the record kept, for merged members).
    pub(super) person: Option<String>,
    pub(super) loan_id: Option<String>,
}

/// A member (not a recipient only) who joined in the period.
pub(super) fn joined_in(m: &Member, period: Period) -> bool {
    m.membership == Membership::Member && period.contains(m.joined_on)
}

/// A member (not a recipient only) who left in the period.
pub(super) fn left_in(m: &Member, period: Period) -> bool {
    m.membership == Membership::Member && m.left_on.is_some_and(|l| period.contains(l))
}

/// A care recipient on `day`: the care-recipient role or registered as a
/// recipient only, joined by then and not left (roles have no history: the
/// role as recorded now).
pub(super) fn is_recipient_on(m: &Member, day: NaiveDate) -> bool {
    (m.roles.contains(&Role::CareRecipient) || m.membership == Membership::RecipientOnly)
        && m.joined_on <= day
        && m.left_on.is_none_or(|l| l > day)
}

/// A visit dated in a period that is not voided.
pub(super) struct VisitFact {
    /// The person visited (the record kept, for merged members).
    pub(super) recipient: String,
    /// The volunteer (the record kept).
    pub(super) volunteer: String,
    pub(super) visit_on: NaiveDate,
    /// Duration, minutes.
    pub(super) minutes: u32,
    /// Systolic, mmHg, when blood pressure was read.
    pub(super) systolic: Option<u16>,
    /// Diastolic, mmHg.
    pub(super) diastolic: Option<u16>,
}

/// The club's visits dated in `period` (their Vietnam date), voided ones
/// left out, by date and id.
pub(super) fn read_visits(
    conn: &Connection,
    club_id: &str,
    period: Period,
) -> Result<Vec<VisitFact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(r.merged_into, r.id), coalesce(vol.merged_into, vol.id), v.visit_on,
                v.duration_min, v.systolic, v.diastolic
         FROM visits v JOIN members r ON r.id = v.recipient_id
         JOIN members vol ON vol.id = v.volunteer_id
         WHERE v.club_id = ?1 AND v.visit_on BETWEEN ?2 AND ?3
           AND NOT EXISTS (SELECT 1 FROM visit_voids vv WHERE vv.visit_id = v.id)
         ORDER BY v.visit_on, v.id",
    )?;
    let rows = stmt.query_map(
        params![club_id, period.from.to_string(), period.to.to_string()],
        |r| {
            Ok(VisitFact {
                recipient: r.get(0)?,
                volunteer: r.get(1)?,
                visit_on: store::parse_date(&r.get::<_, String>(2)?)?,
                minutes: r.get(3)?,
                systolic: r.get(4)?,
                diastolic: r.get(5)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// [`club_indicators`] with the loan positions on the period's end, which
/// the province's portfolio at risk is computed over.
pub(crate) fn compute(
    conn: &Connection,
    club_id: &str,
    period: Period,
) -> Result<(ClubIndicators, Vec<LoanPosition>)> {
    let club = read_club(conn, club_id)?;
    let (from, to) = (period.from, period.to);
    let (from_s, to_s) = (from.to_string(), to.to_string());

    // ----- people -----
    let people = store::club_people(conn, club_id)?;
    let active: Vec<&Member> = people
        .iter()
        .filter(|m| m.is_active_member_on(to))
        .collect();
    let active_ids: HashSet<&str> = active.iter().map(|m| m.id.as_str()).collect();
    let members = MemberFigures {
        active: count(active.len()),
        joined: count(people.iter().filter(|m| joined_in(m, period)).count()),
        left: count(people.iter().filter(|m| left_in(m, period)).count()),
    };
    let composition = check_composition(&people, to);

    // ----- money -----
    let entries = read_entries(conn, club_id, to)?;
    let in_period = |e: &&Entry| e.entry_on >= from;
    let fund = |ledger: &str, use_kind: &str| -> FundUse {
        let of_fund = || entries.iter().filter(move |e| e.ledger == ledger);
        FundUse {
            present: of_fund().any(|e| e.amount > 0),
            used: of_fund().filter(in_period).any(|e| e.kind == use_kind),
            balance: of_fund().map(|e| e.amount).sum(),
            inflows: of_fund()
                .filter(in_period)
                .filter(|e| e.amount > 0)
                .map(|e| e.amount)
                .sum(),
            outflows: of_fund()
                .filter(in_period)
                .filter(|e| e.amount < 0)
                .map(|e| -e.amount)
                .sum(),
        }
    };
    let funds = FundFigures {
        income_generation: fund("income_generation", "loan_disbursement"),
        activity: fund("activity", "expense"),
    };

    let mut by_saver: HashMap<&str, i64> = HashMap::new();
    for e in entries.iter().filter(|e| e.ledger == "savings") {
        *by_saver
            .entry(e.person.as_deref().unwrap_or(""))
            .or_insert(0) += e.amount;
    }
    let sum_kind = |kind: &str| -> i64 {
        entries
            .iter()
            .filter(in_period)
            .filter(|e| e.kind == kind)
            .map(|e| e.amount)
            .sum()
    };
    let savings = SavingsFigures {
        balance: by_saver.values().sum(),
        deposits: sum_kind("deposit"),
        withdrawals: -sum_kind("withdrawal"),
        savers: count(by_saver.values().filter(|b| **b > 0).count()),
    };

    let disbursements: Vec<&Entry> = entries
        .iter()
        .filter(in_period)
        .filter(|e| e.kind == "loan_disbursement")
        .collect();
    let borrowers: BTreeSet<&str> = disbursements
        .iter()
        .filter_map(|e| e.person.as_deref())
        .collect();
    let borrowing = BorrowingFigures {
        members_borrowing: Share::of_counts(
            borrowers
                .iter()
                .filter(|b| active_ids.contains(**b))
                .count(),
            active.len(),
        ),
        borrowers: count(borrowers.len()),
    };

    let loans = loan_figures(conn, club_id, period, &entries, &disbursements)?;
    let positions = store::active_positions(conn, club_id, to, Some(to))?
        .into_iter()
        .map(|(_, _, p)| p)
        .collect::<Vec<_>>();
    let par30 = loan::portfolio_at_risk(&positions, PAR_DAYS);
    let (written_off_count, written_off): (u32, i64) = conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(w.principal), 0) FROM loan_write_offs w
             JOIN loans l ON l.id = w.loan_id
             WHERE l.club_id = ?1 AND w.written_off_on BETWEEN ?2 AND ?3",
        )?
        .query_row(params![club_id, from_s, to_s], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let loans = LoanFigures {
        active_loans: count(positions.len()),
        par30,
        written_off_count,
        written_off,
        ..loans
    };

    // ----- activities and meetings -----
    let mut by_area: HashMap<String, u32> = HashMap::new();
    for row in conn
        .prepare_cached(
            "SELECT area, count(*) FROM activities
             WHERE club_id = ?1 AND held_on BETWEEN ?2 AND ?3 GROUP BY area",
        )?
        .query_map(params![club_id, from_s, to_s], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })?
    {
        let (area, n) = row?;
        by_area.insert(area, n);
    }
    let areas: Vec<AreaCount> = club
        .activity_areas
        .iter()
        .map(|a| AreaCount {
            area: a.clone(),
            activities: by_area.get(a).copied().unwrap_or(0),
        })
        .collect();
    let activities = ActivityFigures {
        areas_without_activity: areas
            .iter()
            .filter(|a| a.activities == 0)
            .map(|a| a.area.clone())
            .collect(),
        areas,
    };

    let meeting_days: Vec<NaiveDate> = conn
        .prepare_cached(
            "SELECT held_on FROM meetings WHERE club_id = ?1 AND held_on BETWEEN ?2 AND ?3",
        )?
        .query_map(params![club_id, from_s, to_s], |r| {
            store::parse_date(&r.get::<_, String>(0)?)
        })?
        .collect::<rusqlite::Result<_>>()?;
    let met_months: BTreeSet<YearMonth> = meeting_days.iter().map(|d| YearMonth::of(*d)).collect();
    let months = period.months();
    let months_without: Vec<YearMonth> = months
        .iter()
        .filter(|m| !met_months.contains(m))
        .copied()
        .collect();
    let meetings = MeetingFigures {
        meetings: count(meeting_days.len()),
        months: count(months.len()),
        months_with_meeting: count(months.len() - months_without.len()),
        months_without_meeting: months_without,
    };

    // ----- home care and readings -----
    let mut visit_minutes = 0u64;
    let mut visited: BTreeSet<String> = BTreeSet::new();
    let mut checked: BTreeSet<String> = BTreeSet::new();
    let visit_facts = read_visits(conn, club_id, period)?;
    for v in &visit_facts {
        visit_minutes += u64::from(v.minutes);
        if v.systolic.is_some() {
            checked.insert(v.recipient.clone());
        }
        visited.insert(v.recipient.clone());
    }
    for row in conn
        .prepare_cached(
            "SELECT coalesce(m.merged_into, m.id) FROM meeting_attendance a
             JOIN meetings mt ON mt.id = a.meeting_id JOIN members m ON m.id = a.member_id
             WHERE mt.club_id = ?1 AND mt.held_on BETWEEN ?2 AND ?3 AND a.systolic IS NOT NULL",
        )?
        .query_map(params![club_id, from_s, to_s], |r| r.get::<_, String>(0))?
    {
        checked.insert(row?);
    }
    let home_care = HomeCareFigures {
        volunteers: count(
            active
                .iter()
                .filter(|m| m.roles.contains(&Role::HomeCareVolunteer))
                .count(),
        ),
        recipients: count(people.iter().filter(|m| is_recipient_on(m, to)).count()),
        visits: count(visit_facts.len()),
        visit_minutes,
        recipients_visited: count(visited.len()),
    };
    let blood_pressure = BloodPressureFigures {
        members_checked: Share::of_counts(
            checked
                .iter()
                .filter(|c| active_ids.contains(c.as_str()))
                .count(),
            active.len(),
        ),
        people_checked: count(checked.len()),
    };

    // ----- rules -----
    let rules = ClubRules {
        composition: composition
            .rules
            .iter()
            .filter(|r| r.rule != RULE_PRIORITY)
            .all(|r| r.met),
        borrowing_half: borrowing.members_borrowing.at_least(1, 2),
        both_funds: funds.both_present_and_used(),
        all_activities: activities.areas_without_activity.is_empty(),
        active: active_rule(&members, &months, &met_months),
        well_managed: well_managed_rule(&activities, &meetings, &funds, &loans.par30),
    };

    let indicators = ClubIndicators {
        club,
        period,
        members,
        composition,
        borrowing,
        funds,
        activities,
        meetings,
        home_care,
        blood_pressure,
        savings,
        loans,
        rules,
    };
    Ok((indicators, positions))
}

pub(super) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(super) fn read_club(conn: &Connection, club_id: &str) -> Result<ClubInfo> {
    let row = conn
        .prepare_cached(
            "SELECT id, name, commune_code, founded_on, activity_areas FROM clubs WHERE id = ?1",
        )?
        .query_row([club_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                store::parse_date(&r.get::<_, String>(3)?)?,
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "club",
            id: club_id.to_string(),
        })?;
    let (id, name, commune_code, founded_on, areas) = row;
    let commune = crate::admin_units::commune(commune_code);
    Ok(ClubInfo {
        id,
        name,
        commune_code,
        commune_name: commune.map(|c| c.name.clone()).unwrap_or_default(),
        province_code: commune.map_or(0, |c| c.province_code),
        founded_on,
        cohort: Cohort::of(founded_on),
        activity_areas: serde_json::from_str(&areas)?,
    })
}

/// The club's journal entries dated on or before `to`, without reversed
/// entries and reversals (a reversal corrects a mistake, whatever its
/// date), each with its person (the record kept, for merged members).
pub(super) fn read_entries(conn: &Connection, club_id: &str, to: NaiveDate) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT j.id, j.ledger, j.kind, j.amount, j.entry_on, coalesce(m.merged_into, m.id), j.loan_id
         FROM journal j LEFT JOIN members m ON m.id = j.member_id
         WHERE j.club_id = ?1 AND j.kind != 'reversal' AND j.entry_on <= ?2
           AND NOT EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id)
         ORDER BY j.entry_on, j.id",
    )?;
    let rows = stmt.query_map(params![club_id, to.to_string()], |r| {
        Ok(Entry {
            id: r.get(0)?,
            ledger: r.get(1)?,
            kind: r.get(2)?,
            amount: r.get(3)?,
            entry_on: store::parse_date(&r.get::<_, String>(4)?)?,
            person: r.get(5)?,
            loan_id: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One loan's repayments in a period, split as the core allocates them.
pub(super) struct LoanRepaid {
    /// The loan.
    pub(super) loan: LoanRecord,
    /// Principal repaid in the period, đồng.
    pub(super) principal: i64,
    /// Interest repaid in the period, đồng.
    pub(super) interest: i64,
}

/// Every loan of the club with a repayment (not reversed) dated in the
/// period, with the principal and interest those repayments paid: the
/// loan's position ([`loan::position`]) at the period's end less that on
/// the day before it starts. `entries` are [`read_entries`] up to the
/// period's end. In loan id order.
pub(super) fn repaid_by_loan(
    conn: &Connection,
    club_id: &str,
    period: Period,
    entries: &[Entry],
) -> Result<Vec<LoanRepaid>> {
    let mut repayments: BTreeMap<&str, Vec<Repayment>> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.kind == "loan_repayment") {
        if let Some(loan_id) = e.loan_id.as_deref() {
            repayments.entry(loan_id).or_default().push(Repayment {
                id: e.id.clone(),
                paid_on: e.entry_on,
                amount: e.amount,
            });
        }
    }
    let repaid_in_period = |r: &[Repayment]| r.iter().any(|p| period.contains(p.paid_on));
    let mut out = vec![];
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM loans WHERE club_id = ?1 ORDER BY id",
        store::LOAN_COLS
    ))?;
    for l in stmt.query_map([club_id], store::loan_from_row)? {
        let l = l?;
        let Some(reps) = repayments
            .get(l.id.as_str())
            .filter(|r| repaid_in_period(r))
        else {
            continue;
        };
        let terms = store::terms_of(&l);
        let end = loan::position(&terms, reps, period.to);
        let (p0, i0) = match period.day_before() {
            Some(before) => {
                let start = loan::position(&terms, reps, before);
                (start.principal_repaid, start.interest_repaid)
            }
            None => (0, 0),
        };
        out.push(LoanRepaid {
            principal: end.principal_repaid - p0,
            interest: end.interest_repaid - i0,
            loan: l,
        });
    }
    Ok(out)
}

/// Disbursed and repaid in the period; the principal and interest repaid
/// are [`repaid_by_loan`]'s, added up.
fn loan_figures(
    conn: &Connection,
    club_id: &str,
    period: Period,
    entries: &[Entry],
    disbursements: &[&Entry],
) -> Result<LoanFigures> {
    let by_loan = repaid_by_loan(conn, club_id, period, entries)?;
    Ok(LoanFigures {
        disbursed_count: count(disbursements.len()),
        disbursed: disbursements.iter().map(|e| -e.amount).sum(),
        repaid: entries
            .iter()
            .filter(|e| e.kind == "loan_repayment" && period.contains(e.entry_on))
            .map(|e| e.amount)
            .sum(),
        principal_repaid: by_loan.iter().map(|r| r.principal).sum(),
        interest_repaid: by_loan.iter().map(|r| r.interest).sum(),
        active_loans: 0,
        par30: loan::portfolio_at_risk(&[], PAR_DAYS),
        written_off_count: 0,
        written_off: 0,
    })
}

/// Months as Vietnamese write them: `10/2025, 11/2025`.
fn month_list_vi(months: &[YearMonth]) -> String {
    months
        .iter()
        .map(|m| format!("{:02}/{}", m.month, m.year))
        .collect::<Vec<_>>()
        .join(", ")
}

fn month_list(months: &[YearMonth]) -> String {
    months
        .iter()
        .map(YearMonth::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The active-club rule: an active member on the period's end and a meeting
/// in its last [`ACTIVE_MONTHS`] calendar months.
fn active_rule(
    members: &MemberFigures,
    months: &[YearMonth],
    met: &BTreeSet<YearMonth>,
) -> RuleOutcome {
    let mut reasons = vec![];
    if members.active == 0 {
        reasons.push(Reason::new(
            "active.no_members",
            "CLB không còn thành viên đang sinh hoạt vào ngày cuối kỳ",
            "the club has no active member on the period's last day",
        ));
    }
    let recent = &months[months.len().saturating_sub(ACTIVE_MONTHS)..];
    if !recent.iter().any(|m| met.contains(m)) {
        reasons.push(Reason::new(
            "active.no_recent_meeting",
            format!(
                "không có buổi sinh hoạt nào trong {} tháng cuối kỳ: {}",
                recent.len(),
                month_list_vi(recent)
            ),
            format!(
                "no meeting in the period's last {} month(s): {}",
                recent.len(),
                month_list(recent)
            ),
        ));
    }
    RuleOutcome::from_reasons(reasons)
}

/// The "doing all activities and well managed" rule.
fn well_managed_rule(
    activities: &ActivityFigures,
    meetings: &MeetingFigures,
    funds: &FundFigures,
    par30: &PortfolioAtRisk,
) -> RuleOutcome {
    let mut reasons = vec![];
    if !activities.areas_without_activity.is_empty() {
        reasons.push(Reason::new(
            "managed.area_without_activity",
            format!(
                "chưa có hoạt động trong kỳ ở lĩnh vực: {}",
                activities
                    .areas_without_activity
                    .iter()
                    .map(|a| crate::model::activity_area_label_vi(a))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            format!(
                "no activity in the period in: {}",
                activities.areas_without_activity.join(", ")
            ),
        ));
    }
    let (num, den) = MEETING_MONTHS_SHARE;
    if !Share::new(meetings.months_with_meeting, meetings.months).at_least(num, den) {
        reasons.push(Reason::new(
            "managed.meetings_missed",
            format!(
                "sinh hoạt {} trên {} tháng, ít hơn {num} trên {den}; không sinh hoạt: {}",
                meetings.months_with_meeting,
                meetings.months,
                month_list_vi(&meetings.months_without_meeting)
            ),
            format!(
                "meetings in {} of {} months, fewer than {num} in {den}; none in {}",
                meetings.months_with_meeting,
                meetings.months,
                month_list(&meetings.months_without_meeting)
            ),
        ));
    }
    for (name_vi, name, f, use_vi, use_what) in [
        (
            "quỹ vốn quay vòng",
            "income-generation fund",
            funds.income_generation,
            "không giải ngân khoản vay nào",
            "no loan disbursed",
        ),
        (
            "quỹ hoạt động",
            "activity fund",
            funds.activity,
            "không chi khoản nào",
            "no expense paid",
        ),
    ] {
        if !f.present {
            reasons.push(Reason::new(
                "managed.fund_not_present",
                format!("{name_vi} chưa nhận được tiền đến cuối kỳ"),
                format!("the {name} has received no money by the period's end"),
            ));
        } else if !f.used {
            reasons.push(Reason::new(
                "managed.fund_not_used",
                format!("{name_vi} không được sử dụng trong kỳ: {use_vi}"),
                format!("the {name} was not used in the period: {use_what}"),
            ));
        }
    }
    if par30.ratio_bp > PAR30_LIMIT_BP {
        reasons.push(Reason::new(
            "managed.portfolio_at_risk",
            format!(
                "dư nợ quá hạn trên 30 ngày là {},{:02}% ({} trên {} dư nợ), vượt {}%",
                par30.ratio_bp / 100,
                par30.ratio_bp % 100,
                format_dong(par30.at_risk),
                format_dong(par30.outstanding),
                PAR30_LIMIT_BP / 100
            ),
            format!(
                "portfolio at risk over 30 days is {},{:02}% ({} of {} outstanding), above {}%",
                par30.ratio_bp / 100,
                par30.ratio_bp % 100,
                format_dong(par30.at_risk),
                format_dong(par30.outstanding),
                PAR30_LIMIT_BP / 100
            ),
        ));
    }
    RuleOutcome::from_reasons(reasons)
}
