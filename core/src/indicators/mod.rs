//! The plans' monitoring indicators (*chỉ tiêu*), computed from what the
//! clubs record: for one club ([`club_indicators`]) and across the clubs of
//! a province ([`province_indicators`]), each against the plans' targets
//! ([`targets`]); and the club's monthly report ([`monthly_report`]), built
//! on the same figures.
//!
//! Pure reads over the core's schema through a `rusqlite::Connection`: a
//! phone's store and the provincial server's database hold the same tables
//! (the server applies every synced operation with
//! [`crate::sync::replica`]), so one club's figures come out the same on the
//! phone and on the server after sync. Nothing here writes.
//!
//! `docs/INDICATORS.md` gives each indicator's definition, period, data,
//! rule and source, with its Vietnamese term. In short:
//!
//! - A [`Period`] is inclusive calendar dates (Vietnam dates). Stocks
//!   (members, roles, balances, outstanding) are taken on its last day;
//!   flows (loans, repayments, deposits, visits, meetings, activities) are
//!   what is dated inside it.
//! - A reversal corrects a mistake, so a reversed entry and its reversal are
//!   left out of every figure whatever their dates; a voided visit likewise.
//!   A write-off is an event: it counts from its date.
//! - Shares are integer counts ([`Share`]: `count` of `of`) with a
//!   per-mille helper; money is `i64` đồng; visit time is whole minutes. No
//!   floating point is stored or serialised.

mod club;
mod monthly;
mod province;
pub mod targets;

#[cfg(test)]
mod tests;

pub use club::{
    club_indicators, ActivityFigures, AreaCount, BloodPressureFigures, BorrowingFigures,
    ClubIndicators, ClubInfo, ClubRules, FundFigures, FundUse, HomeCareFigures, LoanFigures,
    MeetingFigures, MemberFigures, SavingsFigures, ACTIVE_MONTHS, MEETING_MONTHS_SHARE,
    PAR30_LIMIT_BP, PAR_DAYS,
};
pub use monthly::{
    monthly_report, ClubMonthlyReport, FlaggedReading, FundInflows, FundMonth, FundOutflows,
    HomeCareMonth, LoanMonth, LoanRow, LoanState, MeetingRow, MeetingsMonth, MemberChange,
    MembersMonth, OverdueBand, ReadingSource, RecipientNotVisited, SavingsMonth,
};
pub use province::{
    province_indicators, ClubRow, CommuneRow, NewClubFigures, ProvinceIndicators, ProvinceTotals,
    RuleCounts,
};
pub use targets::{
    preset_targets, read_targets_csv, write_targets_csv, Comparison, Figure, IndicatorKey, Scope,
    Target, TargetResult, TargetsReport, Unit,
};

use crate::error::FieldError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Earliest and latest year a period may touch.
pub const YEARS: (i32, i32) = (1900, 9999);

/// Longest period, in calendar months (100 years).
pub const MAX_MONTHS: u32 = 1200;

/// A reporting period (*kỳ báo cáo*): calendar dates in Vietnam, both
/// inclusive.
///
/// Build it with [`Period::new`], [`Period::month`] or [`Period::year`],
/// which check it; the functions that take one check it again
/// ([`Period::check`]), since the fields are public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Period {
    /// The period from `from` to `to`, both inclusive.
    ///
    /// Errors (field `to`): `period.reversed` when `to` is before `from`;
    /// `period.too_long` beyond [`MAX_MONTHS`] calendar months; and (field
    /// `from` or `to`) `period.year` for a date outside the years [`YEARS`].
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, FieldError> {
        let p = Period { from, to };
        p.check()?;
        Ok(p)
    }

    /// The calendar month `month` (1–12) of `year`. Errors: `period.month`
    /// (field `month`), `period.year` (field `year`).
    pub fn month(year: i32, month: u32) -> Result<Period, FieldError> {
        check_year(year, "year")?;
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
            FieldError::new(
                "period.month",
                "month",
                format!("{month} is not a month (1–12)"),
            )
        })?;
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|n| n.pred_opt())
            .ok_or_else(|| FieldError::new("period.year", "year", "year out of range"))?;
        Period::new(first, next)
    }

    /// The calendar year `year`, 1 January to 31 December. Error
    /// `period.year` (field `year`).
    pub fn year(year: i32) -> Result<Period, FieldError> {
        check_year(year, "year")?;
        match (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) {
            (Some(from), Some(to)) => Period::new(from, to),
            _ => Err(FieldError::new("period.year", "year", "year out of range")),
        }
    }

    /// Checks the rules [`Period::new`] states.
    pub fn check(&self) -> Result<(), FieldError> {
        check_year(self.from.year(), "from")?;
        check_year(self.to.year(), "to")?;
        if self.to < self.from {
            return Err(FieldError::new(
                "period.reversed",
                "to",
                format!(
                    "the period ends ({}) before it starts ({})",
                    self.to.format("%d/%m/%Y"),
                    self.from.format("%d/%m/%Y")
                ),
            ));
        }
        if self.month_count() > MAX_MONTHS {
            return Err(FieldError::new(
                "period.too_long",
                "to",
                format!("a period spans at most {MAX_MONTHS} calendar months (100 years)"),
            ));
        }
        Ok(())
    }

    /// Whether `day` falls inside the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Number of calendar months the period touches (March 15 to April 14
    /// touches 2).
    pub fn month_count(&self) -> u32 {
        let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
        u32::try_from(index(self.to) - index(self.from) + 1).unwrap_or(0)
    }

    /// The calendar months the period touches, in order.
    pub fn months(&self) -> Vec<YearMonth> {
        let mut out = Vec::new();
        let (mut y, mut m) = (self.from.year(), self.from.month());
        let last = YearMonth {
            year: self.to.year(),
            month: self.to.month(),
        };
        while (y, m) <= (last.year, last.month) && out.len() < MAX_MONTHS as usize {
            out.push(YearMonth { year: y, month: m });
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        out
    }

    /// The day before the period starts (the date opening balances are
    /// taken on); `None` only at the calendar's start.
    pub fn day_before(&self) -> Option<NaiveDate> {
        self.from.pred_opt()
    }
}

impl fmt::Display for Period {
    /// `01/01/2025–31/12/2025`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}–{}",
            self.from.format("%d/%m/%Y"),
            self.to.format("%d/%m/%Y")
        )
    }
}

fn check_year(year: i32, field: &str) -> Result<(), FieldError> {
    if !(YEARS.0..=YEARS.1).contains(&year) {
        return Err(FieldError::new(
            "period.year",
            field,
            format!("{year} is outside the years {}–{}", YEARS.0, YEARS.1),
        ));
    }
    Ok(())
}

/// A calendar month, serialised as `"2025-02"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

impl YearMonth {
    /// The month a date falls in.
    pub fn of(day: NaiveDate) -> YearMonth {
        YearMonth {
            year: day.year(),
            month: day.month(),
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A share as integer counts: `count` of `of` (e.g. 4 members borrowing of
/// 7). Serialised as `{"count": 4, "of": 7, "per_mille": 571}`, `per_mille`
/// `null` when `of` is 0. Rules compare shares exactly in integers
/// ([`Share::at_least`]); per-mille and basis points are rounded half up
/// for display and charts only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(into = "ShareJson", from = "ShareJson")]
pub struct Share {
    /// The part.
    pub count: u32,
    /// The whole.
    pub of: u32,
}

#[derive(Serialize, Deserialize)]
struct ShareJson {
    count: u32,
    of: u32,
    #[serde(default, skip_deserializing)]
    per_mille: Option<u32>,
}

impl From<Share> for ShareJson {
    fn from(s: Share) -> ShareJson {
        ShareJson {
            count: s.count,
            of: s.of,
            per_mille: s.per_mille(),
        }
    }
}

impl From<ShareJson> for Share {
    fn from(s: ShareJson) -> Share {
        Share {
            count: s.count,
            of: s.of,
        }
    }
}

impl Share {
    /// `count` of `of`.
    pub fn new(count: u32, of: u32) -> Share {
        Share { count, of }
    }

    /// `count` of `of`, counted from `usize`s (saturating).
    pub(crate) fn of_counts(count: usize, of: usize) -> Share {
        Share {
            count: u32::try_from(count).unwrap_or(u32::MAX),
            of: u32::try_from(of).unwrap_or(u32::MAX),
        }
    }

    fn scaled(&self, scale: u64) -> Option<u32> {
        if self.of == 0 {
            return None;
        }
        let (c, t) = (u64::from(self.count), u64::from(self.of));
        u32::try_from((c * scale + t / 2) / t).ok()
    }

    /// The share in per mille (‰), rounded half up; `None` when `of` is 0.
    pub fn per_mille(&self) -> Option<u32> {
        self.scaled(1_000)
    }

    /// The share in basis points (1/10,000), rounded half up; `None` when
    /// `of` is 0.
    pub fn basis_points(&self) -> Option<u32> {
        self.scaled(10_000)
    }

    /// Whether `count / of ≥ num / den`, exactly; never when `of` is 0.
    pub fn at_least(&self, num: u64, den: u64) -> bool {
        self.of > 0 && u64::from(self.count) * den >= num * u64::from(self.of)
    }

    /// Whether `count / of ≤ num / den`, exactly; never when `of` is 0.
    pub fn at_most(&self, num: u64, den: u64) -> bool {
        self.of > 0 && u64::from(self.count) * den <= num * u64::from(self.of)
    }

    /// The share as a Vietnamese percent with one decimal, `57,1%`
    /// (`—` when `of` is 0). For display only.
    pub fn percent_text(&self) -> String {
        match self.per_mille() {
            Some(pm) => format!("{},{}%", pm / 10, pm % 10),
            None => "—".to_string(),
        }
    }
}

impl fmt::Display for Share {
    /// `4/7 (57,1%)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{} ({})", self.count, self.of, self.percent_text())
    }
}

/// Why a rule is not met: a stable code the apps translate, and the same
/// sentence with its figures in Vietnamese (for the officers' pages and
/// printed reports, Vietnamese first) and in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// Stable code, `active.*` or `managed.*` (`docs/ERRORS.md` lists them).
    pub code: String,
    /// English explanation with the figures.
    pub message: String,
    /// Vietnamese explanation with the same figures.
    pub message_vi: String,
}

impl Reason {
    fn new(code: &str, message_vi: impl Into<String>, message: impl Into<String>) -> Reason {
        Reason {
            code: code.to_string(),
            message: message.into(),
            message_vi: message_vi.into(),
        }
    }
}

/// A rule's outcome: met, or the reasons it is not (empty when met).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleOutcome {
    /// Whether the rule is met.
    pub met: bool,
    /// Why not, one reason per failed condition.
    pub reasons: Vec<Reason>,
}

impl RuleOutcome {
    fn from_reasons(reasons: Vec<Reason>) -> RuleOutcome {
        RuleOutcome {
            met: reasons.is_empty(),
            reasons,
        }
    }
}

/// Minutes as `3 giờ 35 phút (3 h 35 min)` for display.
pub fn format_minutes(minutes: u64) -> String {
    format!(
        "{} giờ {} phút ({} h {} min)",
        minutes / 60,
        minutes % 60,
        minutes / 60,
        minutes % 60
    )
}

#[cfg(test)]
mod period_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn constructors() {
        assert_eq!(
            Period::month(2024, 2).unwrap(),
            Period {
                from: d(2024, 2, 1),
                to: d(2024, 2, 29)
            }
        );
        assert_eq!(Period::month(2025, 12).unwrap().to, d(2025, 12, 31));
        assert_eq!(
            Period::year(2025).unwrap(),
            Period {
                from: d(2025, 1, 1),
                to: d(2025, 12, 31)
            }
        );
        assert_eq!(Period::year(2025).unwrap().month_count(), 12);
        let one_day = Period::new(d(2025, 3, 1), d(2025, 3, 1)).unwrap();
        assert_eq!(
            one_day.months(),
            vec![YearMonth {
                year: 2025,
                month: 3
            }]
        );
        let straddle = Period::new(d(2024, 12, 15), d(2025, 2, 14)).unwrap();
        assert_eq!(straddle.month_count(), 3);
        let names: Vec<String> = straddle.months().iter().map(|m| m.to_string()).collect();
        assert_eq!(names, ["2024-12", "2025-01", "2025-02"]);
        assert!(straddle.contains(d(2024, 12, 15)) && straddle.contains(d(2025, 2, 14)));
        assert!(!straddle.contains(d(2024, 12, 14)) && !straddle.contains(d(2025, 2, 15)));
        assert_eq!(straddle.day_before(), Some(d(2024, 12, 14)));
        assert_eq!(straddle.to_string(), "15/12/2024–14/02/2025");
    }

    #[test]
    fn refusals_name_the_field_and_rule() {
        let code = |e: FieldError| (e.code, e.field);
        assert_eq!(
            code(Period::new(d(2025, 3, 2), d(2025, 3, 1)).unwrap_err()),
            ("period.reversed".into(), "to".into())
        );
        assert_eq!(
            code(Period::month(2025, 13).unwrap_err()),
            ("period.month".into(), "month".into())
        );
        assert_eq!(
            code(Period::month(2025, 0).unwrap_err()),
            ("period.month".into(), "month".into())
        );
        assert_eq!(
            code(Period::year(1899).unwrap_err()),
            ("period.year".into(), "year".into())
        );
        assert_eq!(
            code(Period::new(d(1800, 1, 1), d(2025, 1, 1)).unwrap_err()),
            ("period.year".into(), "from".into())
        );
        assert_eq!(
            code(Period::new(d(1900, 1, 1), d(2000, 1, 1)).unwrap_err()),
            ("period.too_long".into(), "to".into())
        );
        // 100 years exactly is the longest.
        assert!(Period::new(d(1900, 1, 1), d(1999, 12, 31)).is_ok());
    }

    #[test]
    fn shares_round_half_up_and_compare_exactly() {
        let s = Share::new(4, 7);
        assert_eq!(s.per_mille(), Some(571));
        assert_eq!(s.basis_points(), Some(5714));
        assert_eq!(Share::new(1, 8).per_mille(), Some(125));
        assert_eq!(Share::new(1, 16).per_mille(), Some(63));
        assert_eq!(Share::new(29, 60).per_mille(), Some(483));
        assert_eq!(Share::new(0, 0).per_mille(), None);
        assert_eq!(s.percent_text(), "57,1%");
        assert_eq!(Share::new(0, 0).percent_text(), "—");
        assert_eq!(s.to_string(), "4/7 (57,1%)");
        // 50% exactly is at least 50%; 3 of 7 is not; nothing of nothing is neither.
        assert!(Share::new(25, 50).at_least(1, 2));
        assert!(!Share::new(3, 7).at_least(1, 2));
        assert!(Share::new(4, 7).at_least(1, 2));
        assert!(!Share::new(0, 0).at_least(0, 1));
        assert!(Share::new(7, 10).at_most(7, 10) && !Share::new(71, 100).at_most(7, 10));
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"count": 4, "of": 7, "per_mille": 571})
        );
        assert_eq!(serde_json::from_value::<Share>(json).unwrap(), s);
        assert_eq!(
            serde_json::to_value(Share::new(0, 0)).unwrap(),
            serde_json::json!({"count": 0, "of": 0, "per_mille": null})
        );
    }

    #[test]
    fn minutes_for_display() {
        assert_eq!(format_minutes(215), "3 giờ 35 phút (3 h 35 min)");
        assert_eq!(format_minutes(0), "0 giờ 0 phút (0 h 0 min)");
    }
}
