//! A province's indicators across its clubs.

use super::club::{self, ClubIndicators, PAR_DAYS};
use super::targets::{Figure, IndicatorKey, Target, TargetResult};
use super::{Period, Share};
use crate::admin_units;
use crate::error::{FieldError, Result};
use crate::loan::{self, PortfolioAtRisk};
use crate::store::Cohort;
use crate::text::VietnameseCollator;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

/// One commune (2025 units) of the province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommuneRow {
    /// Official 2025 code.
    pub code: u32,
    /// Name, e.g. `Xã Xuân Lộc`.
    pub name: String,
    /// Clubs in it founded by the period's end.
    pub clubs: u32,
    /// Of which active ([`super::ClubRules::active`]).
    pub active_clubs: u32,
    /// Their active members on the period's end.
    pub members: u32,
    /// Whether at least one club in it is active.
    pub has_active_club: bool,
}

/// One club of the province, for the table of clubs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClubRow {
    /// Club id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Commune code (2025).
    pub commune_code: u32,
    /// Founding date.
    pub founded_on: NaiveDate,
    /// Cohort.
    pub cohort: Cohort,
    /// Active members on the period's end.
    pub members: u32,
    /// Active club.
    pub active: bool,
    /// Doing all activities and well managed.
    pub well_managed: bool,
}

/// Clubs founded in the period and their members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NewClubFigures {
    /// Clubs founded in the period (*CLB thành lập mới*).
    pub clubs: u32,
    /// Their active members on the period's end.
    pub members: u32,
    /// Of those, older people (60 or over on the period's end).
    pub older: Share,
}

/// How many clubs meet each club rule, of the province's clubs founded by
/// the period's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleCounts {
    /// Active.
    pub active: Share,
    /// Composition rules met.
    pub composition: Share,
    /// At least 50% of members borrowing.
    pub borrowing_half: Share,
    /// Both funds present and used.
    pub both_funds: Share,
    /// An activity in every area.
    pub all_activities: Share,
    /// Doing all activities and well managed.
    pub well_managed: Share,
}

/// Totals over the province's clubs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvinceTotals {
    /// Active members on the period's end.
    pub members: u32,
    /// Home-care volunteers on the period's end.
    pub volunteers: u32,
    /// Care recipients on the period's end.
    pub recipients: u32,
    /// Visits in the period (not voided).
    pub visits: u32,
    /// Their duration, minutes.
    pub visit_minutes: u64,
    /// Members with a blood-pressure reading in the period, of all members.
    pub members_bp_checked: Share,
    /// Savings balance on the period's end, đồng.
    pub savings_balance: i64,
    /// Deposits in the period, đồng.
    pub deposits: i64,
    /// Withdrawals in the period, đồng.
    pub withdrawals: i64,
    /// Loans disbursed in the period.
    pub disbursed_count: u32,
    /// Their principal, đồng.
    pub disbursed: i64,
    /// Repaid in the period, đồng.
    pub repaid: i64,
    /// Portfolio at risk over 30 days across all clubs' loans on the
    /// period's end (outstanding principal in `outstanding`).
    pub par30: PortfolioAtRisk,
    /// Loans written off in the period.
    pub written_off_count: u32,
    /// Principal written off in the period, đồng.
    pub written_off: i64,
}

/// A province's indicators over a period, with its targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProvinceIndicators {
    /// Province code.
    pub province_code: u32,
    /// Province name.
    pub province_name: String,
    /// The period.
    pub period: Period,
    /// Every commune of the province (2025 units), in code order.
    pub communes: Vec<CommuneRow>,
    /// Communes with at least one active club, of all communes
    /// (*tỷ lệ xã có CLB*).
    pub communes_with_active_club: Share,
    /// The province's clubs founded by the period's end, by commune code
    /// then name in Vietnamese order.
    pub clubs: Vec<ClubRow>,
    /// Clubs founded in the period and their members.
    pub new_clubs: NewClubFigures,
    /// Clubs founded 2016–2020 that are active, of all clubs founded then.
    pub cohort_2016_2020_active: Share,
    /// Clubs founded before the period that are active at its end, of all
    /// of them (*duy trì CLB hiện có*, Decision 1648/QĐ-TTg).
    pub existing_clubs_maintained: Share,
    /// Clubs meeting each rule.
    pub clubs_meeting: RuleCounts,
    /// Members who borrowed in the period, of all members, across clubs.
    pub members_borrowing: Share,
    /// Totals.
    pub totals: ProvinceTotals,
    /// Each target with the figure and whether it is met.
    pub targets: Vec<TargetResult>,
}

impl ProvinceIndicators {
    /// The figure an indicator key names.
    pub fn figure(&self, key: IndicatorKey) -> Figure {
        match key {
            IndicatorKey::CommunesWithActiveClub => Figure::Share(self.communes_with_active_club),
            IndicatorKey::NewClubs => Figure::Count(u64::from(self.new_clubs.clubs)),
            IndicatorKey::NewClubMembers => Figure::Count(u64::from(self.new_clubs.members)),
            IndicatorKey::NewClubOlderShare => Figure::Share(self.new_clubs.older),
            IndicatorKey::Cohort2016To2020Active => Figure::Share(self.cohort_2016_2020_active),
            IndicatorKey::ExistingClubsMaintained => Figure::Share(self.existing_clubs_maintained),
            IndicatorKey::ClubsWithBothFunds => Figure::Share(self.clubs_meeting.both_funds),
            IndicatorKey::MembersBorrowing => Figure::Share(self.members_borrowing),
            IndicatorKey::ClubsWellManaged => Figure::Share(self.clubs_meeting.well_managed),
            IndicatorKey::ClubsMeetingComposition => Figure::Share(self.clubs_meeting.composition),
        }
    }
}

/// The indicators of province `province_code` over `period`, across every
/// club in `conn` whose commune (2025 units: the store keeps only 2025
/// codes, a pre-2025 commune being mapped when the club is created) is in
/// the province and that was founded by the period's end; each of `targets`
/// paired with its figure ([`Target::evaluate`]).
///
/// Errors: the period's own (`period.*`); `indicators.province_unknown`
/// (field `province_code`) for a code that is not a 2025 province; database
/// failures.
pub fn province_indicators(
    conn: &Connection,
    province_code: u32,
    period: Period,
    targets: &[Target],
) -> Result<ProvinceIndicators> {
    period.check()?;
    let province = admin_units::province(province_code).ok_or_else(|| {
        FieldError::new(
            "indicators.province_unknown",
            "province_code",
            format!("{province_code} is not a province code of the 2025 administrative units"),
        )
    })?;
    let ids: Vec<(String, u32, String)> = conn
        .prepare_cached("SELECT id, commune_code, founded_on FROM clubs ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut clubs: Vec<ClubIndicators> = vec![];
    let mut positions = vec![];
    for (id, commune_code, founded_on) in ids {
        let in_province =
            admin_units::commune(commune_code).is_some_and(|c| c.province_code == province_code);
        let founded = crate::store::parse_date(&founded_on)?;
        if !in_province || founded > period.to {
            continue;
        }
        let (c, p) = club::compute(conn, &id, period)?;
        clubs.push(c);
        positions.extend(p);
    }

    let mut communes: BTreeMap<u32, CommuneRow> = admin_units::communes_in_province(province_code)
        .into_iter()
        .map(|c| {
            (
                c.code,
                CommuneRow {
                    code: c.code,
                    name: c.name.clone(),
                    clubs: 0,
                    active_clubs: 0,
                    members: 0,
                    has_active_club: false,
                },
            )
        })
        .collect();
    for c in &clubs {
        if let Some(row) = communes.get_mut(&c.club.commune_code) {
            row.clubs += 1;
            row.members += c.members.active;
            if c.rules.active.met {
                row.active_clubs += 1;
                row.has_active_club = true;
            }
        }
    }
    let communes: Vec<CommuneRow> = communes.into_values().collect();

    let share = |pred: &dyn Fn(&ClubIndicators) -> bool, of: &dyn Fn(&ClubIndicators) -> bool| {
        Share::of_counts(
            clubs.iter().filter(|c| of(c) && pred(c)).count(),
            clubs.iter().filter(|c| of(c)).count(),
        )
    };
    let all = |_: &ClubIndicators| true;
    let is_active = |c: &ClubIndicators| c.rules.active.met;
    let new: Vec<&ClubIndicators> = clubs
        .iter()
        .filter(|c| period.contains(c.club.founded_on))
        .collect();
    let new_members: u32 = new.iter().map(|c| c.composition.members).sum();
    let new_older: u32 = new.iter().map(|c| c.composition.older).sum();

    let sum_u32 = |f: &dyn Fn(&ClubIndicators) -> u32| clubs.iter().map(f).sum::<u32>();
    let sum_i64 = |f: &dyn Fn(&ClubIndicators) -> i64| clubs.iter().map(f).sum::<i64>();
    let members = sum_u32(&|c| c.members.active);
    let totals = ProvinceTotals {
        members,
        volunteers: sum_u32(&|c| c.home_care.volunteers),
        recipients: sum_u32(&|c| c.home_care.recipients),
        visits: sum_u32(&|c| c.home_care.visits),
        visit_minutes: clubs.iter().map(|c| c.home_care.visit_minutes).sum(),
        members_bp_checked: Share::new(
            sum_u32(&|c| c.blood_pressure.members_checked.count),
            members,
        ),
        savings_balance: sum_i64(&|c| c.savings.balance),
        deposits: sum_i64(&|c| c.savings.deposits),
        withdrawals: sum_i64(&|c| c.savings.withdrawals),
        disbursed_count: sum_u32(&|c| c.loans.disbursed_count),
        disbursed: sum_i64(&|c| c.loans.disbursed),
        repaid: sum_i64(&|c| c.loans.repaid),
        par30: loan::portfolio_at_risk(&positions, PAR_DAYS),
        written_off_count: sum_u32(&|c| c.loans.written_off_count),
        written_off: sum_i64(&|c| c.loans.written_off),
    };

    let collator = VietnameseCollator::new();
    let mut rows: Vec<ClubRow> = clubs
        .iter()
        .map(|c| ClubRow {
            id: c.club.id.clone(),
            name: c.club.name.clone(),
            commune_code: c.club.commune_code,
            founded_on: c.club.founded_on,
            cohort: c.club.cohort,
            members: c.members.active,
            active: c.rules.active.met,
            well_managed: c.rules.well_managed.met,
        })
        .collect();
    rows.sort_by(|a, b| {
        a.commune_code
            .cmp(&b.commune_code)
            .then_with(|| collator.compare(&a.name, &b.name))
            .then_with(|| a.id.cmp(&b.id))
    });

    let mut out = ProvinceIndicators {
        province_code,
        province_name: province.name,
        period,
        communes_with_active_club: Share::of_counts(
            communes.iter().filter(|c| c.has_active_club).count(),
            communes.len(),
        ),
        communes,
        clubs: rows,
        new_clubs: NewClubFigures {
            clubs: u32::try_from(new.len()).unwrap_or(u32::MAX),
            members: new_members,
            older: Share::new(new_older, new_members),
        },
        cohort_2016_2020_active: share(&is_active, &|c| c.club.cohort == Cohort::Founded2016To2020),
        existing_clubs_maintained: share(&is_active, &|c| c.club.founded_on < period.from),
        clubs_meeting: RuleCounts {
            active: share(&is_active, &all),
            composition: share(&|c| c.rules.composition, &all),
            borrowing_half: share(&|c| c.rules.borrowing_half, &all),
            both_funds: share(&|c| c.rules.both_funds, &all),
            all_activities: share(&|c| c.rules.all_activities, &all),
            well_managed: share(&|c| c.rules.well_managed.met, &all),
        },
        members_borrowing: Share::new(sum_u32(&|c| c.borrowing.members_borrowing.count), members),
        totals,
        targets: vec![],
    };
    out.targets = targets
        .iter()
        .map(|t| t.evaluate(out.figure(t.indicator), period))
        .collect();
    Ok(out)
}
