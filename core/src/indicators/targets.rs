//! The plans' targets as data (*chỉ tiêu kế hoạch*): presets for Đồng Nai's
//! plan 13335/KH-UBND (2021–2025) and Decisions 1336/QĐ-TTg (2021–2025) and
//! 1648/QĐ-TTg (2025–2035), embedded from `core/data/plan-targets.csv`, and
//! a province's edited copy read from a CSV file.
//!
//! # The CSV layout
//!
//! UTF-8 (a byte-order mark, as Excel writes, is ignored), a header row with
//! these columns in any order, one target a row:
//!
//! | column | what |
//! |---|---|
//! | `plan` | the plan's number, e.g. `13335/KH-UBND` |
//! | `indicator` | an [`IndicatorKey`], e.g. `new_clubs` |
//! | `scope` | `province` or `national` (a national target compared with one province's figure is for reference) |
//! | `from`, `to` | the target's period, `2021-01-01` or `01/01/2021` |
//! | `comparison` | `>=` (or `≥`), `<=` (or `≤`), `between` |
//! | `value` | a whole number (`3500`, `3.500`); the lower bound for `between` |
//! | `value_max` | the upper bound for `between`, empty otherwise |
//! | `unit` | `count`, `percent` or `per_mille`: counts for count indicators, the others for shares |
//! | `definition_en`, `definition_vi` | what is counted, in English and Vietnamese |
//! | `source` | the plan's text the target comes from |
//!
//! [`read_targets_csv`] takes every good row and reports each bad one with
//! its line number, field and a stable code, as the roster import does;
//! [`write_targets_csv`] writes the same layout, so a file round-trips.

use super::{Period, Share};
use crate::error::{FieldError, Result};
use crate::roster::RowProblem;
use crate::text::normalize_text;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What an indicator's figure is: a count or a share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    /// A whole number (clubs, members).
    Count,
    /// A share of a whole.
    Share,
}

/// The province-level indicators a target can name. Each is defined in
/// `docs/INDICATORS.md`; [`super::ProvinceIndicators::figure`] computes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKey {
    /// Communes with at least one active club, of all communes.
    CommunesWithActiveClub,
    /// Clubs founded in the period.
    NewClubs,
    /// Active members of the clubs founded in the period.
    NewClubMembers,
    /// Older people among those members.
    NewClubOlderShare,
    /// Clubs founded 2016–2020 still active.
    #[serde(rename = "cohort_2016_2020_active")]
    Cohort2016To2020Active,
    /// Clubs founded before the period still active at its end.
    ExistingClubsMaintained,
    /// Clubs with both funds present and used.
    ClubsWithBothFunds,
    /// Members who borrowed in the period, of all members.
    MembersBorrowing,
    /// Clubs doing all activities and well managed.
    ClubsWellManaged,
    /// Clubs meeting the composition rules.
    ClubsMeetingComposition,
}

impl IndicatorKey {
    /// Every key, in display order.
    pub const ALL: [IndicatorKey; 10] = [
        IndicatorKey::CommunesWithActiveClub,
        IndicatorKey::NewClubs,
        IndicatorKey::NewClubMembers,
        IndicatorKey::NewClubOlderShare,
        IndicatorKey::Cohort2016To2020Active,
        IndicatorKey::ExistingClubsMaintained,
        IndicatorKey::ClubsWithBothFunds,
        IndicatorKey::MembersBorrowing,
        IndicatorKey::ClubsWellManaged,
        IndicatorKey::ClubsMeetingComposition,
    ];

    /// The key as written in files, e.g. `new_clubs`.
    pub fn as_str(&self) -> &'static str {
        match self {
            IndicatorKey::CommunesWithActiveClub => "communes_with_active_club",
            IndicatorKey::NewClubs => "new_clubs",
            IndicatorKey::NewClubMembers => "new_club_members",
            IndicatorKey::NewClubOlderShare => "new_club_older_share",
            IndicatorKey::Cohort2016To2020Active => "cohort_2016_2020_active",
            IndicatorKey::ExistingClubsMaintained => "existing_clubs_maintained",
            IndicatorKey::ClubsWithBothFunds => "clubs_with_both_funds",
            IndicatorKey::MembersBorrowing => "members_borrowing",
            IndicatorKey::ClubsWellManaged => "clubs_well_managed",
            IndicatorKey::ClubsMeetingComposition => "clubs_meeting_composition",
        }
    }

    /// Parses a key as written in files.
    pub fn parse(s: &str) -> Option<IndicatorKey> {
        IndicatorKey::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the figure is a count or a share.
    pub fn kind(&self) -> FigureKind {
        match self {
            IndicatorKey::NewClubs | IndicatorKey::NewClubMembers => FigureKind::Count,
            _ => FigureKind::Share,
        }
    }

    /// English label.
    pub fn label_en(&self) -> &'static str {
        match self {
            IndicatorKey::CommunesWithActiveClub => "Communes with an active club",
            IndicatorKey::NewClubs => "Clubs founded in the period",
            IndicatorKey::NewClubMembers => "Members of the new clubs",
            IndicatorKey::NewClubOlderShare => "Older people among the new clubs' members",
            IndicatorKey::Cohort2016To2020Active => "Clubs of 2016–2020 still active",
            IndicatorKey::ExistingClubsMaintained => "Existing clubs maintained",
            IndicatorKey::ClubsWithBothFunds => "Clubs with both funds present and used",
            IndicatorKey::MembersBorrowing => "Members borrowing",
            IndicatorKey::ClubsWellManaged => "Clubs doing all activities and well managed",
            IndicatorKey::ClubsMeetingComposition => "Clubs meeting the composition rules",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(&self) -> &'static str {
        match self {
            IndicatorKey::CommunesWithActiveClub => "Xã, phường có CLB hoạt động",
            IndicatorKey::NewClubs => "CLB thành lập mới",
            IndicatorKey::NewClubMembers => "Thành viên CLB thành lập mới",
            IndicatorKey::NewClubOlderShare => "Tỷ lệ người cao tuổi trong CLB mới",
            IndicatorKey::Cohort2016To2020Active => "CLB giai đoạn 2016–2020 còn hoạt động",
            IndicatorKey::ExistingClubsMaintained => "CLB hiện có được duy trì",
            IndicatorKey::ClubsWithBothFunds => "CLB có và sử dụng cả hai quỹ",
            IndicatorKey::MembersBorrowing => "Thành viên được vay vốn",
            IndicatorKey::ClubsWellManaged => "CLB hoạt động đầy đủ, quản lý tốt",
            IndicatorKey::ClubsMeetingComposition => "CLB đạt cơ cấu thành viên",
        }
    }
}

impl fmt::Display for IndicatorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whom a target is set for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The province's own target.
    Province,
    /// A national target: one province's figure is shown against it for
    /// reference.
    National,
}

impl Scope {
    fn as_str(&self) -> &'static str {
        match self {
            Scope::Province => "province",
            Scope::National => "national",
        }
    }
}

/// How the figure is compared with the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// At least `value` (≥).
    AtLeast,
    /// At most `value` (≤).
    AtMost,
    /// From `value` to `value_max`, both included.
    Between,
}

impl Comparison {
    fn as_str(&self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::AtMost => "<=",
            Comparison::Between => "between",
        }
    }

    fn parse(s: &str) -> Option<Comparison> {
        match s {
            ">=" | "≥" => Some(Comparison::AtLeast),
            "<=" | "≤" => Some(Comparison::AtMost),
            "between" => Some(Comparison::Between),
            _ => None,
        }
    }
}

/// The unit of a target's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A whole number of clubs or people.
    Count,
    /// Percent of the whole (0–100).
    Percent,
    /// Per mille of the whole (0–1,000).
    PerMille,
}

impl Unit {
    fn as_str(&self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::PerMille => "per_mille",
        }
    }

    fn parse(s: &str) -> Option<Unit> {
        match s {
            "count" => Some(Unit::Count),
            "percent" | "%" => Some(Unit::Percent),
            "per_mille" | "‰" => Some(Unit::PerMille),
            _ => None,
        }
    }

    /// The whole a share's value is out of (100 or 1,000); `None` for counts.
    fn scale(&self) -> Option<u64> {
        match self {
            Unit::Count => None,
            Unit::Percent => Some(100),
            Unit::PerMille => Some(1_000),
        }
    }
}

/// A target of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The plan's number, e.g. `13335/KH-UBND`.
    pub plan: String,
    /// The indicator.
    pub indicator: IndicatorKey,
    /// Province's own or national.
    pub scope: Scope,
    /// The period the target is set for.
    pub period: Period,
    /// How the figure is compared.
    pub comparison: Comparison,
    /// The value, or the lower bound for [`Comparison::Between`].
    pub value: u64,
    /// The upper bound for [`Comparison::Between`].
    pub value_max: Option<u64>,
    /// The unit of the values.
    pub unit: Unit,
    /// What is counted, in English.
    pub definition_en: String,
    /// What is counted, in Vietnamese.
    pub definition_vi: String,
    /// The plan's text the target comes from.
    pub source: String,
}

/// An indicator's figure: a count or a share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Figure {
    /// A count.
    Count(u64),
    /// A share.
    Share(Share),
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Count(n) => write!(f, "{n}"),
            Figure::Share(s) => write!(f, "{s}"),
        }
    }
}

/// A target with the figure for it and whether it is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetResult {
    /// The target.
    pub target: Target,
    /// The figure over the period the indicators were computed for.
    pub figure: Figure,
    /// Whether the figure meets the target; `None` when the figures cover
    /// another period than the target's (a progress reading, not a verdict).
    pub met: Option<bool>,
}

impl Target {
    /// Whether `figure` meets the target, exactly in integers: a share of
    /// `count` of `of` is at least 90 percent when `100 × count ≥ 90 × of`.
    /// A share of nothing (`of` 0) meets no share target; a figure of the
    /// wrong kind for the unit meets nothing.
    pub fn is_met(&self, figure: &Figure) -> bool {
        let max = self.value_max.unwrap_or(u64::MAX);
        match (figure, self.unit.scale()) {
            (Figure::Count(n), None) => match self.comparison {
                Comparison::AtLeast => *n >= self.value,
                Comparison::AtMost => *n <= self.value,
                Comparison::Between => self.value <= *n && *n <= max,
            },
            (Figure::Share(s), Some(scale)) => match self.comparison {
                Comparison::AtLeast => s.at_least(self.value, scale),
                Comparison::AtMost => s.at_most(self.value, scale),
                Comparison::Between => s.at_least(self.value, scale) && s.at_most(max, scale),
            },
            _ => false,
        }
    }

    /// The target paired with `figure`, computed over `period`: met or not
    /// when `period` is the target's period, `None` otherwise.
    pub fn evaluate(&self, figure: Figure, period: Period) -> TargetResult {
        TargetResult {
            met: (period == self.period).then(|| self.is_met(&figure)),
            target: self.clone(),
            figure,
        }
    }

    /// The target as people read it: `≥ 70`, `≥ 3.500`, `≥ 90%`, `60–70%`,
    /// `≥ 500‰` (thousands grouped with dots, as Vietnamese tables do).
    pub fn describe(&self) -> String {
        let unit = match self.unit {
            Unit::Count => "",
            Unit::Percent => "%",
            Unit::PerMille => "‰",
        };
        let n = crate::money::group_thousands;
        match self.comparison {
            Comparison::AtLeast => format!("≥ {}{unit}", n(self.value)),
            Comparison::AtMost => format!("≤ {}{unit}", n(self.value)),
            Comparison::Between => format!(
                "{}–{}{unit}",
                n(self.value),
                n(self.value_max.unwrap_or(self.value))
            ),
        }
    }
}

/// The plans with preset targets.
pub const PLANS: [&str; 3] = ["13335/KH-UBND", "1336/QĐ-TTg", "1648/QĐ-TTg"];

/// The embedded presets.
const PRESETS: &str = include_str!("../../data/plan-targets.csv");

/// Every preset target, in file order.
pub fn all_preset_targets() -> Vec<Target> {
    // The shipped file has no bad row (a test says so).
    read_targets_csv(PRESETS.as_bytes())
        .map(|r| r.targets)
        .unwrap_or_default()
}

/// The preset targets of one plan, named in full (`13335/KH-UBND`) or by
/// its number (`13335`); empty for a plan without presets ([`PLANS`]).
pub fn preset_targets(plan: &str) -> Vec<Target> {
    let plan = normalize_text(plan);
    all_preset_targets()
        .into_iter()
        .filter(|t| t.plan == plan || t.plan.split('/').next() == Some(plan.as_str()))
        .collect()
}

/// The targets of a CSV file and the rows that could not be taken.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetsReport {
    /// Good rows, in file order.
    pub targets: Vec<Target>,
    /// Bad rows, in file order, each with its line number (the header is
    /// line 1), the field at fault, a stable code and a message.
    pub problems: Vec<RowProblem>,
}

const COLUMNS: [&str; 12] = [
    "plan",
    "indicator",
    "scope",
    "from",
    "to",
    "comparison",
    "value",
    "value_max",
    "unit",
    "definition_en",
    "definition_vi",
    "source",
];

/// A whole number as people write it: digits, optionally grouped in
/// thousands with `.`, `,` or spaces (`3500`, `3.500`, `12 000`).
fn parse_whole(s: &str) -> Option<u64> {
    let groups: Vec<&str> = s.split(['.', ',', ' ']).collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let grouped =
        groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped || !groups.iter().all(|g| digits(g)) {
        return None;
    }
    groups.concat().parse().ok()
}

/// One row's cells by column name.
struct Row<'a> {
    record: &'a csv::StringRecord,
    index: &'a [usize; 12],
}

impl Row<'_> {
    fn get(&self, column: &str) -> String {
        let i = COLUMNS.iter().position(|c| *c == column).unwrap_or(0);
        normalize_text(self.record.get(self.index[i]).unwrap_or(""))
    }
}

fn problem(field: &str, code: &str, message: impl Into<String>) -> (String, String, String) {
    (field.to_string(), code.to_string(), message.into())
}

/// Reads one row, or says what is wrong with it (field, code, message).
fn read_row(row: &Row<'_>) -> Result<Target, (String, String, String)> {
    let text = |column: &str| -> Result<String, (String, String, String)> {
        let v = row.get(column);
        if v.is_empty() {
            return Err(problem(
                column,
                "text.required",
                format!("{column} is required"),
            ));
        }
        Ok(v)
    };
    let plan = text("plan")?;
    let key = row.get("indicator");
    let indicator = IndicatorKey::parse(&key).ok_or_else(|| {
        problem(
            "indicator",
            "target.indicator_unknown",
            format!(
                "'{key}' is not an indicator; use one of {}",
                IndicatorKey::ALL.map(|k| k.as_str()).join(", ")
            ),
        )
    })?;
    let scope = match row.get("scope").as_str() {
        "province" => Scope::Province,
        "national" => Scope::National,
        other => {
            return Err(problem(
                "scope",
                "target.scope",
                format!("'{other}' is not province or national"),
            ))
        }
    };
    let date = |column: &str| {
        crate::input::parse_date(column, &row.get(column)).map_err(|e| (e.field, e.code, e.message))
    };
    let period =
        Period::new(date("from")?, date("to")?).map_err(|e| (e.field, e.code, e.message))?;
    let comparison = Comparison::parse(&row.get("comparison")).ok_or_else(|| {
        problem(
            "comparison",
            "target.comparison",
            format!("'{}' is not >=, <= or between", row.get("comparison")),
        )
    })?;
    let unit = Unit::parse(&row.get("unit")).ok_or_else(|| {
        problem(
            "unit",
            "target.unit",
            format!("'{}' is not count, percent or per_mille", row.get("unit")),
        )
    })?;
    let number = |column: &str| {
        let s = row.get(column);
        parse_whole(&s).ok_or_else(|| {
            problem(
                column,
                "target.value",
                format!("'{s}' is not a whole number"),
            )
        })
    };
    let value = number("value")?;
    let value_max = match (comparison, row.get("value_max").is_empty()) {
        (Comparison::Between, true) => {
            return Err(problem(
                "value_max",
                "target.value_max",
                "a 'between' target needs value_max",
            ))
        }
        (Comparison::Between, false) => Some(number("value_max")?),
        (_, true) => None,
        (_, false) => {
            return Err(problem(
                "value_max",
                "target.value_max",
                "value_max is only for a 'between' target",
            ))
        }
    };
    if value_max.is_some_and(|m| m < value) {
        return Err(problem(
            "value_max",
            "target.value_max",
            format!("value_max is below value ({value})"),
        ));
    }
    match (indicator.kind(), unit.scale()) {
        (FigureKind::Count, Some(_)) | (FigureKind::Share, None) => {
            return Err(problem(
                "unit",
                "target.unit_mismatch",
                format!(
                    "{} is a {}, so its unit is {}",
                    indicator.as_str(),
                    if indicator.kind() == FigureKind::Count {
                        "count"
                    } else {
                        "share"
                    },
                    if indicator.kind() == FigureKind::Count {
                        "count"
                    } else {
                        "percent or per_mille"
                    }
                ),
            ))
        }
        (FigureKind::Share, Some(scale)) => {
            if value.max(value_max.unwrap_or(0)) > scale {
                return Err(problem(
                    "value",
                    "target.value",
                    format!("a share is at most {scale} {}", unit.as_str()),
                ));
            }
        }
        (FigureKind::Count, None) => {}
    }
    Ok(Target {
        plan,
        indicator,
        scope,
        period,
        comparison,
        value,
        value_max,
        unit,
        definition_en: text("definition_en")?,
        definition_vi: text("definition_vi")?,
        source: text("source")?,
    })
}

/// Reads targets from a CSV file's bytes (layout in the
/// [module documentation](self)).
///
/// File errors (field `file`): `target.encoding` when the file is not
/// UTF-8, `target.header` when a column is missing. Row problems, one per
/// bad row, the first fault found: `text.required` (an empty `plan`,
/// `definition_en`, `definition_vi` or `source`), `target.indicator_unknown`,
/// `target.scope`, `date.invalid` (`from`, `to`), `period.reversed`,
/// `period.too_long`, `period.year`, `target.comparison`, `target.unit`,
/// `target.value` (not a whole number, or a share above 100% or 1,000‰),
/// `target.value_max` (missing for `between`, present otherwise, or below
/// `value`), `target.unit_mismatch` (a count with a share unit or the other
/// way), `target.duplicate` (the plan, indicator and period of an earlier
/// row).
pub fn read_targets_csv(bytes: &[u8]) -> Result<TargetsReport> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        FieldError::new(
            "target.encoding",
            "file",
            "the targets file is not UTF-8 text; save it as CSV UTF-8",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header_error =
        |m: String| -> crate::Error { FieldError::new("target.header", "file", m).into() };
    let headers = reader
        .headers()
        .map_err(|e| header_error(format!("the header row cannot be read: {e}")))?
        .clone();
    let mut index = [0usize; 12];
    for (i, column) in COLUMNS.iter().enumerate() {
        index[i] = headers
            .iter()
            .position(|h| normalize_text(h) == *column)
            .ok_or_else(|| {
                header_error(format!(
                    "the header has no '{column}' column; the columns are {}",
                    COLUMNS.join(",")
                ))
            })?;
    }
    let mut report = TargetsReport {
        targets: vec![],
        problems: vec![],
    };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                report.problems.push(RowProblem {
                    sheet_row: e
                        .position()
                        .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX)),
                    field: "file".to_string(),
                    code: "target.header".to_string(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let outcome = read_row(&Row {
            record: &record,
            index: &index,
        })
        .and_then(|t| {
            let same =
                |o: &Target| o.plan == t.plan && o.indicator == t.indicator && o.period == t.period;
            if report.targets.iter().any(same) {
                return Err(problem(
                    "indicator",
                    "target.duplicate",
                    format!(
                        "{} already has a {} target for {}",
                        t.plan, t.indicator, t.period
                    ),
                ));
            }
            Ok(t)
        });
        match outcome {
            Ok(t) => report.targets.push(t),
            Err((field, code, message)) => report.problems.push(RowProblem {
                sheet_row: line,
                field,
                code,
                message,
            }),
        }
    }
    Ok(report)
}

/// Writes targets in the layout [`read_targets_csv`] reads (header first,
/// dates as `2021-01-01`, comparisons as `>=`, `<=`, `between`).
pub fn write_targets_csv(targets: &[Target]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(vec![]);
    // Writing to a Vec cannot fail: the records are plain strings.
    let _ = w.write_record(COLUMNS);
    for t in targets {
        let _ = w.write_record([
            t.plan.clone(),
            t.indicator.as_str().to_string(),
            t.scope.as_str().to_string(),
            t.period.from.to_string(),
            t.period.to.to_string(),
            t.comparison.as_str().to_string(),
            t.value.to_string(),
            t.value_max.map(|v| v.to_string()).unwrap_or_default(),
            t.unit.as_str().to_string(),
            t.definition_en.clone(),
            t.definition_vi.clone(),
            t.source.clone(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const HEADER: &str = "plan,indicator,scope,from,to,comparison,value,value_max,unit,definition_en,definition_vi,source\n";

    #[test]
    fn the_presets_parse_whole() {
        let report = read_targets_csv(PRESETS.as_bytes()).unwrap();
        assert_eq!(report.problems, vec![]);
        assert_eq!(report.targets.len(), 15);
        let plans: Vec<usize> = PLANS.iter().map(|p| preset_targets(p).len()).collect();
        assert_eq!(plans, [8, 4, 3]);
        assert_eq!(preset_targets("13335").len(), 8);
        assert_eq!(preset_targets("1648").len(), 3);
        assert!(preset_targets("9999/KH-UBND").is_empty());
    }

    #[test]
    fn dong_nai_presets_are_the_plan_s_figures() {
        let t = preset_targets("13335/KH-UBND");
        let plan = Period::new(d(2021, 1, 1), d(2025, 12, 31)).unwrap();
        assert!(t
            .iter()
            .all(|t| t.period == plan && t.scope == Scope::Province));
        let got: Vec<(IndicatorKey, String)> =
            t.iter().map(|t| (t.indicator, t.describe())).collect();
        assert_eq!(
            got,
            vec![
                (IndicatorKey::CommunesWithActiveClub, "≥ 90%".to_string()),
                (IndicatorKey::NewClubs, "≥ 70".to_string()),
                (IndicatorKey::NewClubMembers, "≥ 3.500".to_string()),
                (IndicatorKey::NewClubOlderShare, "60–70%".to_string()),
                (IndicatorKey::Cohort2016To2020Active, "≥ 100%".to_string()),
                (IndicatorKey::ClubsWithBothFunds, "≥ 100%".to_string()),
                (IndicatorKey::MembersBorrowing, "≥ 50%".to_string()),
                (IndicatorKey::ClubsWellManaged, "≥ 70%".to_string()),
            ]
        );
        let national = preset_targets("1648/QĐ-TTg");
        let got: Vec<(IndicatorKey, u64, NaiveDate)> = national
            .iter()
            .map(|t| (t.indicator, t.value, t.period.to))
            .collect();
        assert_eq!(
            got,
            vec![
                (IndicatorKey::NewClubs, 6_000, d(2030, 12, 31)),
                (IndicatorKey::NewClubs, 12_000, d(2035, 12, 31)),
                (IndicatorKey::ExistingClubsMaintained, 100, d(2035, 12, 31)),
            ]
        );
        let d1336: Vec<(IndicatorKey, u64)> = preset_targets("1336")
            .iter()
            .map(|t| (t.indicator, t.value))
            .collect();
        assert_eq!(
            d1336,
            vec![
                (IndicatorKey::NewClubs, 3_000),
                (IndicatorKey::NewClubMembers, 150_000),
                (IndicatorKey::ClubsWellManaged, 70),
                (IndicatorKey::MembersBorrowing, 50),
            ]
        );
    }

    #[test]
    fn round_trip() {
        let all = all_preset_targets();
        let text = write_targets_csv(&all);
        let back = read_targets_csv(text.as_bytes()).unwrap();
        assert_eq!(back.problems, vec![]);
        assert_eq!(back.targets, all);
        // Written again, the same bytes.
        assert_eq!(write_targets_csv(&back.targets), text);
        // With Excel's byte-order mark, columns reordered and Unicode
        // comparison signs, the same targets.
        let edited =
            "\u{feff}indicator,plan,scope,from,to,comparison,value,value_max,unit,definition_en,definition_vi,source\n\
             new_clubs,13335/KH-UBND,province,01/01/2021,31/12/2025,≥,70,,count,a,b,c\n";
        let r = read_targets_csv(edited.as_bytes()).unwrap();
        assert_eq!(r.problems, vec![]);
        assert_eq!(r.targets[0].comparison, Comparison::AtLeast);
        assert_eq!(r.targets[0].period.from, d(2021, 1, 1));
        assert_eq!(r.targets[0].value, 70);
    }

    #[test]
    fn bad_rows_are_reported_by_line_and_field() {
        let good = "13335/KH-UBND,new_clubs,province,2021-01-01,2025-12-31,>=,70,,count,en,vi,src";
        let rows = [
            good,
            ",new_clubs,province,2021-01-01,2025-12-31,>=,70,,count,en,vi,src",
            "P,clubs,province,2021-01-01,2025-12-31,>=,70,,count,en,vi,src",
            "P,new_clubs,district,2021-01-01,2025-12-31,>=,70,,count,en,vi,src",
            "P,new_clubs,province,2021-13-01,2025-12-31,>=,70,,count,en,vi,src",
            "P,new_clubs,province,2025-01-01,2021-12-31,>=,70,,count,en,vi,src",
            "P,new_clubs,province,2021-01-01,2025-12-31,>,70,,count,en,vi,src",
            "P,new_clubs,province,2021-01-01,2025-12-31,>=,7.5,,count,en,vi,src",
            "P,new_clubs,province,2021-01-01,2025-12-31,>=,-70,,count,en,vi,src",
            "P,new_clubs,province,2021-01-01,2025-12-31,>=,70,80,count,en,vi,src",
            "P,new_club_older_share,province,2021-01-01,2025-12-31,between,60,,percent,en,vi,src",
            "P,new_club_older_share,province,2021-01-01,2025-12-31,between,70,60,percent,en,vi,src",
            "P,new_clubs,province,2021-01-01,2025-12-31,>=,70,,percent,en,vi,src",
            "P,members_borrowing,province,2021-01-01,2025-12-31,>=,50,,count,en,vi,src",
            "P,members_borrowing,province,2021-01-01,2025-12-31,>=,150,,percent,en,vi,src",
            "P,members_borrowing,province,2021-01-01,2025-12-31,>=,500,,per_mille,en,vi,src",
            "P,members_borrowing,province,2021-01-01,2025-12-31,>=,50,,kg,en,vi,src",
            "P,members_borrowing,province,2021-01-01,2025-12-31,>=,50,,percent,,vi,src",
            "13335/KH-UBND,new_clubs,province,2021-01-01,2025-12-31,>=,80,,count,en,vi,src",
            ",,,,,,,,,,,",
            "P,new_clubs,province,2021-01-01",
        ];
        let file = format!("{HEADER}{}\n", rows.join("\n"));
        let r = read_targets_csv(file.as_bytes()).unwrap();
        let got: Vec<(u32, &str, &str)> = r
            .problems
            .iter()
            .map(|p| (p.sheet_row, p.field.as_str(), p.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, "plan", "text.required"),
                (4, "indicator", "target.indicator_unknown"),
                (5, "scope", "target.scope"),
                (6, "from", "date.invalid"),
                (7, "to", "period.reversed"),
                (8, "comparison", "target.comparison"),
                (9, "value", "target.value"),
                (10, "value", "target.value"),
                (11, "value_max", "target.value_max"),
                (12, "value_max", "target.value_max"),
                (13, "value_max", "target.value_max"),
                (14, "unit", "target.unit_mismatch"),
                (15, "unit", "target.unit_mismatch"),
                (16, "value", "target.value"),
                (18, "unit", "target.unit"),
                (19, "definition_en", "text.required"),
                (20, "indicator", "target.duplicate"),
                (22, "to", "date.invalid"),
            ]
        );
        // Line 17 (500‰) and line 2 are good; line 21 is empty.
        assert_eq!(r.targets.len(), 2);
        assert_eq!(r.targets[1].unit, Unit::PerMille);
        assert!(r.problems[1].message.contains("new_clubs"));
    }

    #[test]
    fn file_errors() {
        let code = |b: &[u8]| {
            read_targets_csv(b)
                .unwrap_err()
                .field_error()
                .map(|e| (e.code.clone(), e.field.clone()))
        };
        assert_eq!(
            code(b"plan,indicator\nx,y\n"),
            Some(("target.header".into(), "file".into()))
        );
        assert_eq!(
            code(b"plan,indicator\xff\n"),
            Some(("target.encoding".into(), "file".into()))
        );
        let empty = read_targets_csv(HEADER.as_bytes()).unwrap();
        assert!(empty.targets.is_empty() && empty.problems.is_empty());
    }

    #[test]
    fn whole_numbers_as_written() {
        assert_eq!(parse_whole("3500"), Some(3500));
        assert_eq!(parse_whole("3.500"), Some(3500));
        assert_eq!(parse_whole("12 000"), Some(12_000));
        assert_eq!(parse_whole("150,000"), Some(150_000));
        for bad in ["", "3.50", "35.00.0", "7,5", "-1", "1e3", "3 5"] {
            assert_eq!(parse_whole(bad), None, "{bad}");
        }
    }

    fn target(comparison: Comparison, value: u64, max: Option<u64>, unit: Unit) -> Target {
        Target {
            plan: "P".into(),
            indicator: if unit == Unit::Count {
                IndicatorKey::NewClubs
            } else {
                IndicatorKey::MembersBorrowing
            },
            scope: Scope::Province,
            period: Period::year(2025).unwrap(),
            comparison,
            value,
            value_max: max,
            unit,
            definition_en: "e".into(),
            definition_vi: "v".into(),
            source: "s".into(),
        }
    }

    #[test]
    fn comparisons_are_exact() {
        use Comparison::*;
        let share = |c, o| Figure::Share(Share::new(c, o));
        let at_least_half = target(AtLeast, 50, None, Unit::Percent);
        assert!(at_least_half.is_met(&share(25, 50)));
        assert!(!at_least_half.is_met(&share(24, 49)));
        assert!(!at_least_half.is_met(&share(0, 0)));
        assert!(!at_least_half.is_met(&Figure::Count(100)));
        let per_mille = target(AtLeast, 483, None, Unit::PerMille);
        assert!(per_mille.is_met(&share(29, 60)) && !per_mille.is_met(&share(28, 58)));
        let between = target(Between, 60, Some(70), Unit::Percent);
        assert!(between.is_met(&share(3, 5)) && between.is_met(&share(7, 10)));
        assert!(!between.is_met(&share(4, 7)) && !between.is_met(&share(5, 7)));
        let count = target(AtLeast, 70, None, Unit::Count);
        assert!(count.is_met(&Figure::Count(70)) && !count.is_met(&Figure::Count(69)));
        assert!(!count.is_met(&share(70, 70)));
        let at_most = target(AtMost, 2, None, Unit::Count);
        assert!(at_most.is_met(&Figure::Count(2)) && !at_most.is_met(&Figure::Count(3)));
        assert_eq!(between.describe(), "60–70%");
        assert_eq!(at_most.describe(), "≤ 2");
        // A verdict only over the target's own period.
        let r = count.evaluate(Figure::Count(71), Period::year(2025).unwrap());
        assert_eq!(r.met, Some(true));
        let r = count.evaluate(Figure::Count(71), Period::month(2025, 1).unwrap());
        assert_eq!(r.met, None);
    }
}
