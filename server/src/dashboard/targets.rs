//! The plan targets a province's figures are measured against, kept in
//! the server table `server_plan_targets` (SQLite's server schema step 2,
//! PostgreSQL's migration 2).
//!
//! Seeded, the first time a province's targets are read, from the core's
//! presets (`core/data/plan-targets.csv` through
//! [`ishc_core::indicators::targets::all_preset_targets`]): the national
//! targets (Decisions 1336/QĐ-TTg and 1648/QĐ-TTg) for every province, and
//! Đồng Nai's plan 13335/KH-UBND for Đồng Nai (province 75) only. An admin
//! officer edits them on the targets page; each edit is checked field by
//! field and written to the audit log.

use crate::accounts::Officer;
use crate::sqlite::{timestamp, SqliteStorage};
use crate::storage::{StorageError, StorageResult};
use chrono::NaiveDate;
use ishc_core::indicators::targets::all_preset_targets;
use ishc_core::indicators::{Comparison, IndicatorKey, Period, Scope, Target, Unit};
use rusqlite::{params, Connection, OptionalExtension};

/// Đồng Nai's province code (2025 units): plan 13335/KH-UBND is its own.
pub const DONG_NAI: u32 = 75;

/// A stored target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTarget {
    /// Row id.
    pub id: i64,
    /// The target.
    pub target: Target,
    /// Last change, RFC 3339 UTC.
    pub updated_at: String,
    /// Who made it (`preset` for the seeded rows).
    pub updated_by: String,
}

/// A field the target form refused, with its stable code and a message in
/// Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The form field: `comparison`, `value`, `value_max`, `from`, `to`,
    /// `definition_vi`, `definition_en`, `source`.
    pub field: String,
    /// Stable code (`target.*`, `period.*`).
    pub code: String,
    /// What is wrong.
    pub message: String,
}

/// What an admin typed into the target form.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct TargetForm {
    /// `at_least`, `at_most` or `between`.
    #[serde(default)]
    pub comparison: String,
    /// A whole number (`3500`, `3.500`).
    #[serde(default)]
    pub value: String,
    /// The upper bound of a `between` target, empty otherwise.
    #[serde(default)]
    pub value_max: String,
    /// Period start, `2021-01-01` or `01/01/2021`.
    #[serde(default)]
    pub from: String,
    /// Period end.
    #[serde(default)]
    pub to: String,
    /// Definition in Vietnamese.
    #[serde(default)]
    pub definition_vi: String,
    /// Definition in English.
    #[serde(default)]
    pub definition_en: String,
    /// The plan's text.
    #[serde(default)]
    pub source: String,
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

impl TargetForm {
    /// The form filled from a stored target.
    pub fn of(t: &Target) -> TargetForm {
        TargetForm {
            comparison: comparison_str(t.comparison).to_string(),
            value: t.value.to_string(),
            value_max: t.value_max.map(|v| v.to_string()).unwrap_or_default(),
            from: t.period.from.to_string(),
            to: t.period.to.to_string(),
            definition_vi: t.definition_vi.clone(),
            definition_en: t.definition_en.clone(),
            source: t.source.clone(),
            csrf: String::new(),
        }
    }
}

/// Longest definition or source text, characters.
pub const MAX_TEXT_CHARS: usize = 2000;

pub(crate) fn comparison_str(c: Comparison) -> &'static str {
    match c {
        Comparison::AtLeast => "at_least",
        Comparison::AtMost => "at_most",
        Comparison::Between => "between",
    }
}

pub(crate) fn scope_str(s: Scope) -> &'static str {
    match s {
        Scope::Province => "province",
        Scope::National => "national",
    }
}

pub(crate) fn unit_str(u: Unit) -> &'static str {
    match u {
        Unit::Count => "count",
        Unit::Percent => "percent",
        Unit::PerMille => "per_mille",
    }
}

/// Vietnamese and English name of a unit.
pub fn unit_label(u: Unit) -> &'static str {
    match u {
        Unit::Count => "số lượng (count)",
        Unit::Percent => "phần trăm (%)",
        Unit::PerMille => "phần nghìn (‰)",
    }
}

fn whole_number(s: &str) -> Option<u64> {
    let t = s.trim();
    let grouped = t.contains('.')
        && t.split('.').enumerate().all(|(i, g)| {
            !g.is_empty()
                && g.len() <= 3
                && (i == 0 || g.len() == 3)
                && g.bytes().all(|b| b.is_ascii_digit())
        });
    if grouped {
        return t.replace('.', "").parse().ok();
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
}

/// Checks an edit of `old` and gives the edited target, or every field's
/// problem. The plan, indicator, scope and unit stay as they are; the rest
/// is checked: `target.comparison`; `target.value` (a whole number ≥ 0);
/// `target.value_range` (a percent above 100, a per mille above 1,000);
/// `target.value_max` (required for `between` and at least the value, empty
/// otherwise); the period's own (`period.reversed`, `period.year`,
/// `period.too_long`) and `date.invalid` on `from`/`to`; `target.text`
/// (definitions and source required, at most [`MAX_TEXT_CHARS`]).
pub fn check_edit(old: &Target, form: &TargetForm) -> Result<Target, Vec<FieldProblem>> {
    let mut problems = vec![];
    let mut bad = |field: &str, code: &str, message: String| {
        problems.push(FieldProblem {
            field: field.into(),
            code: code.into(),
            message,
        })
    };
    let comparison = match form.comparison.as_str() {
        "at_least" => Some(Comparison::AtLeast),
        "at_most" => Some(Comparison::AtMost),
        "between" => Some(Comparison::Between),
        _ => {
            bad(
                "comparison",
                "target.comparison",
                "Chọn cách so sánh: ít nhất, nhiều nhất hoặc trong khoảng (choose at least, at most or between)".into(),
            );
            None
        }
    };
    let limit = match old.unit {
        Unit::Count => None,
        Unit::Percent => Some(100),
        Unit::PerMille => Some(1000),
    };
    let mut number = |field: &str, text: &str| -> Option<u64> {
        match whole_number(text) {
            None => {
                bad(
                    field,
                    "target.value",
                    format!(
                        "'{}' không phải số nguyên không âm (not a whole number of 0 or more)",
                        text.trim()
                    ),
                );
                None
            }
            Some(v) if limit.is_some_and(|l| v > l) => {
                bad(
                    field,
                    "target.value_range",
                    format!(
                        "{v} vượt quá {} ({} is above {})",
                        limit.unwrap_or_default(),
                        v,
                        limit.unwrap_or_default()
                    ),
                );
                None
            }
            Some(v) => Some(v),
        }
    };
    let value = number("value", &form.value);
    let value_max = if comparison == Some(Comparison::Between) {
        if form.value_max.trim().is_empty() {
            bad(
                "value_max",
                "target.value_max",
                "Mục tiêu trong khoảng cần giá trị lớn nhất (a range needs its upper bound)".into(),
            );
            None
        } else {
            number("value_max", &form.value_max)
        }
    } else {
        if !form.value_max.trim().is_empty() {
            bad(
                "value_max",
                "target.value_max",
                "Chỉ mục tiêu trong khoảng mới có giá trị lớn nhất (only a range has an upper bound)".into(),
            );
        }
        None
    };
    if let (Some(lo), Some(hi)) = (value, value_max) {
        if hi < lo {
            bad(
                "value_max",
                "target.value_max",
                format!("Giá trị lớn nhất {hi} nhỏ hơn giá trị nhỏ nhất {lo} (the upper bound is below the lower)"),
            );
        }
    }
    let mut date = |field: &str, text: &str| -> Option<NaiveDate> {
        match ishc_core::input::parse_date(field, text) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(FieldProblem {
                    field: field.into(),
                    code: e.code.to_string(),
                    message: format!("Ngày không hợp lệ (not a date): {}", e.message),
                });
                None
            }
        }
    };
    let from = date("from", &form.from);
    let to = date("to", &form.to);
    let period = match (from, to) {
        (Some(from), Some(to)) => match Period::new(from, to) {
            Ok(p) => Some(p),
            Err(e) => {
                problems.push(FieldProblem {
                    field: e.field.to_string(),
                    code: e.code.to_string(),
                    message: format!("Kỳ không hợp lệ (bad period): {}", e.message),
                });
                None
            }
        },
        _ => None,
    };
    let mut text = |field: &str, s: &str| -> String {
        let t = ishc_core::text::normalize_text(s);
        if t.is_empty() || t.chars().count() > MAX_TEXT_CHARS {
            problems.push(FieldProblem {
                field: field.into(),
                code: "target.text".into(),
                message: format!(
                    "Cần nhập, tối đa {MAX_TEXT_CHARS} ký tự (required, at most {MAX_TEXT_CHARS} characters)"
                ),
            });
        }
        t
    };
    let definition_vi = text("definition_vi", &form.definition_vi);
    let definition_en = text("definition_en", &form.definition_en);
    let source = text("source", &form.source);
    match (comparison, value, period) {
        (Some(comparison), Some(value), Some(period)) if problems.is_empty() => Ok(Target {
            plan: old.plan.clone(),
            indicator: old.indicator,
            scope: old.scope,
            period,
            comparison,
            value,
            value_max,
            unit: old.unit,
            definition_en,
            definition_vi,
            source,
        }),
        _ => Err(problems),
    }
}

/// A stored target's columns as both backends read them, in
/// [`TARGET_COLS`]'s order.
pub(crate) struct TargetRow {
    pub id: i64,
    pub plan: String,
    pub indicator: String,
    pub scope: String,
    pub period_from: String,
    pub period_to: String,
    pub comparison: String,
    pub value: i64,
    pub value_max: Option<i64>,
    pub unit: String,
    pub definition_en: String,
    pub definition_vi: String,
    pub source: String,
    pub updated_at: String,
    pub updated_by: String,
}

impl TargetRow {
    /// The target, or which column holds what no target has.
    pub(crate) fn into_stored(self) -> Result<StoredTarget, (usize, String)> {
        let date = |i: usize, s: &str| -> Result<NaiveDate, (usize, String)> {
            s.parse().map_err(|_| (i, format!("unknown date {s:?}")))
        };
        Ok(StoredTarget {
            id: self.id,
            target: Target {
                plan: self.plan,
                indicator: IndicatorKey::parse(&self.indicator)
                    .ok_or_else(|| (2, format!("unknown indicator {:?}", self.indicator)))?,
                scope: match self.scope.as_str() {
                    "province" => Scope::Province,
                    _ => Scope::National,
                },
                period: Period {
                    from: date(4, &self.period_from)?,
                    to: date(5, &self.period_to)?,
                },
                comparison: match self.comparison.as_str() {
                    "at_least" => Comparison::AtLeast,
                    "at_most" => Comparison::AtMost,
                    _ => Comparison::Between,
                },
                value: self.value.max(0) as u64,
                value_max: self.value_max.map(|v| v.max(0) as u64),
                unit: match self.unit.as_str() {
                    "count" => Unit::Count,
                    "percent" => Unit::Percent,
                    _ => Unit::PerMille,
                },
                definition_en: self.definition_en,
                definition_vi: self.definition_vi,
                source: self.source,
            },
            updated_at: self.updated_at,
            updated_by: self.updated_by,
        })
    }
}

fn target_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredTarget> {
    TargetRow {
        id: r.get(0)?,
        plan: r.get(1)?,
        indicator: r.get(2)?,
        scope: r.get(3)?,
        period_from: r.get(4)?,
        period_to: r.get(5)?,
        comparison: r.get(6)?,
        value: r.get(7)?,
        value_max: r.get(8)?,
        unit: r.get(9)?,
        definition_en: r.get(10)?,
        definition_vi: r.get(11)?,
        source: r.get(12)?,
        updated_at: r.get(13)?,
        updated_by: r.get(14)?,
    }
    .into_stored()
    .map_err(|(i, what)| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, what.into())
    })
}

/// The columns of a stored target, as [`TargetRow`] reads them.
pub(crate) const TARGET_COLS: &str = "id, plan, indicator, scope, period_from, period_to, comparison, value, value_max, unit, definition_en, definition_vi, source, updated_at, updated_by";

pub(crate) fn to_i64(v: u64) -> StorageResult<i64> {
    i64::try_from(v).map_err(|_| StorageError::Invalid {
        code: "target.value".into(),
        message: "value: too large".into(),
    })
}

fn insert(conn: &Connection, province: u32, t: &Target, at: &str, by: &str) -> StorageResult<()> {
    conn.execute(
        "INSERT INTO server_plan_targets (province_code, plan, indicator, scope, period_from, period_to,
            comparison, value, value_max, unit, definition_en, definition_vi, source, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            province,
            t.plan,
            t.indicator.as_str(),
            scope_str(t.scope),
            t.period.from.to_string(),
            t.period.to.to_string(),
            comparison_str(t.comparison),
            to_i64(t.value)?,
            t.value_max.map(to_i64).transpose()?,
            unit_str(t.unit),
            t.definition_en,
            t.definition_vi,
            t.source,
            at,
            by
        ],
    )?;
    Ok(())
}

/// The preset targets a province starts with: the national ones, and plan
/// 13335/KH-UBND's for Đồng Nai.
pub fn presets_for(province_code: u32) -> Vec<Target> {
    all_preset_targets()
        .into_iter()
        .filter(|t| t.scope == Scope::National || province_code == DONG_NAI)
        .collect()
}

/// The audit log's words for an edit of `old` into `new`, e.g.
/// `13335/KH-UBND clubs_in_communes: ≥ 90% 2025-01-01–2030-12-31 → …`.
pub(crate) fn edit_detail(old: &Target, new: &Target) -> String {
    format!(
        "{} {}: {} {} → {} {}",
        old.plan,
        old.indicator.as_str(),
        old.describe(),
        old.period,
        new.describe(),
        new.period
    )
}

/// The error for a target of no or another province.
pub(crate) fn target_unknown(id: i64) -> StorageError {
    StorageError::Invalid {
        code: "target.unknown".into(),
        message: format!("no target {id} in this province"),
    }
}

/// [`DashboardStorage::plan_targets`] on SQLite.
pub(crate) fn sqlite_plan_targets(
    s: &SqliteStorage,
    province_code: u32,
) -> StorageResult<Vec<StoredTarget>> {
    let at = timestamp(s.now());
    s.write(|tx| {
        let key = format!("plan_targets_seeded:{province_code}");
        let seeded = tx
            .query_row("SELECT 1 FROM server_meta WHERE key = ?1", [&key], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if !seeded {
            for t in presets_for(province_code) {
                insert(tx, province_code, &t, &at, "preset")?;
            }
            tx.execute(
                "INSERT INTO server_meta (key, value) VALUES (?1, ?2)",
                params![key, at],
            )?;
        }
        let rows = tx
            .prepare(&format!(
                "SELECT {TARGET_COLS} FROM server_plan_targets WHERE province_code = ?1 ORDER BY id"
            ))?
            .query_map([province_code], target_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    })
}

/// [`DashboardStorage::update_target`] on SQLite.
pub(crate) fn sqlite_update_target(
    s: &SqliteStorage,
    officer: &Officer,
    id: i64,
    target: &Target,
    ip: &str,
) -> StorageResult<StoredTarget> {
    let at = timestamp(s.now());
    s.write(|tx| {
        let old = tx
            .query_row(
                &format!(
                    "SELECT {TARGET_COLS} FROM server_plan_targets WHERE id = ?1 AND province_code = ?2"
                ),
                params![id, officer.province_code],
                target_from_row,
            )
            .optional()?
            .ok_or_else(|| target_unknown(id))?;
        tx.execute(
            "UPDATE server_plan_targets SET period_from = ?2, period_to = ?3, comparison = ?4, value = ?5,
                value_max = ?6, definition_en = ?7, definition_vi = ?8, source = ?9, updated_at = ?10, updated_by = ?11
             WHERE id = ?1",
            params![
                id,
                target.period.from.to_string(),
                target.period.to.to_string(),
                comparison_str(target.comparison),
                to_i64(target.value)?,
                target.value_max.map(to_i64).transpose()?,
                target.definition_en,
                target.definition_vi,
                target.source,
                at,
                officer.username
            ],
        )?;
        tx.execute(
            "INSERT INTO server_audit (at, officer_id, username, action, club_id, detail, ip)
             VALUES (?1, ?2, ?3, 'target.edit', NULL, ?4, ?5)",
            params![
                at,
                officer.id,
                officer.username,
                edit_detail(&old.target, target),
                ip
            ],
        )?;
        Ok(tx.query_row(
            &format!("SELECT {TARGET_COLS} FROM server_plan_targets WHERE id = ?1"),
            [id],
            target_from_row,
        )?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(t: &Target) -> TargetForm {
        TargetForm::of(t)
    }

    // Seeding on both backends: `server/tests/accounts.rs`.

    #[test]
    fn an_edit_is_checked_field_by_field() {
        let targets = presets_for(DONG_NAI);
        let share = targets
            .iter()
            .find(|t| t.unit == Unit::Percent && t.comparison == Comparison::AtLeast)
            .unwrap();
        let mut f = form(share);
        f.value = "120".into();
        f.value_max = "5".into();
        f.from = "31/12/2025".into();
        f.to = "01/01/2021".into();
        f.source = "  ".into();
        let problems = check_edit(share, &f).unwrap_err();
        let got: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("value", "target.value_range"),
                ("value_max", "target.value_max"),
                ("to", "period.reversed"),
                ("source", "target.text"),
            ]
        );
        let mut f = form(share);
        f.comparison = "between".into();
        f.value = "60".into();
        f.value_max = "".into();
        let problems = check_edit(share, &f).unwrap_err();
        assert_eq!(problems[0].code, "target.value_max");
        f.value_max = "55".into();
        assert_eq!(
            check_edit(share, &f).unwrap_err()[0].code,
            "target.value_max"
        );
        f.value_max = "70".into();
        let t = check_edit(share, &f).unwrap();
        assert_eq!(
            (t.value, t.value_max, t.comparison),
            (60, Some(70), Comparison::Between)
        );

        let count = targets.iter().find(|t| t.unit == Unit::Count).unwrap();
        let mut f = form(count);
        f.value = "3.500".into();
        assert_eq!(check_edit(count, &f).unwrap().value, 3500);
        f.value = "3,5".into();
        assert_eq!(check_edit(count, &f).unwrap_err()[0].code, "target.value");
        f.value = "-1".into();
        assert_eq!(check_edit(count, &f).unwrap_err()[0].code, "target.value");
        f.value = "1.50.000".into();
        assert_eq!(check_edit(count, &f).unwrap_err()[0].code, "target.value");
        let mut f = form(count);
        f.from = "32/01/2021".into();
        assert_eq!(check_edit(count, &f).unwrap_err()[0].field, "from");
    }
}
