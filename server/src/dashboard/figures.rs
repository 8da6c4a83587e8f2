//! The pages and downloads built from the figures of
//! [`ishc_core::indicators`] over the server's database: the province's
//! indicators against its targets with charts, the communes and clubs, one
//! club's aggregates, the annual report (printable page and workbook), and
//! the targets page. Every figure comes from `province_indicators` /
//! `club_indicators`; the tables from [`ishc_reports`], so a page and its
//! workbook agree.

use super::charts::{BarChart, Goal, Measure, Verdict};
use super::pages::{club_for, html, message, Chrome};
use super::targets::{check_edit, unit_label, FieldProblem, TargetForm};
use super::{
    blocking, check_csrf, client_ip, redirect, require_session, ClubPath, DashboardState, Peer,
};
use crate::accounts::Session;
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use ishc_core::indicators::{
    club_indicators, province_indicators, Figure, Period, ProvinceIndicators, Share, Target,
    TargetResult, Unit,
};
use ishc_reports::province::{self as report, Context};
use ishc_reports::{Cell, Table};
use serde::Deserialize;

/// A table with its computed totals, as `table.html` renders it.
pub struct TableView {
    /// The table.
    pub table: Table,
    /// Its totals row, computed.
    pub totals: Option<Vec<Cell>>,
}

impl TableView {
    fn of(table: Table) -> TableView {
        // A table built from the figures has one cell per column and sums
        // far below i64's range; a failure would leave the totals row out.
        let totals = table.total_cells().ok().flatten();
        TableView { table, totals }
    }
}

/// The period in a page's query: `from` and `to` (`2025-01-01` or
/// `01/01/2025`), or `year`.
#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
    year: Option<i32>,
}

fn today(state: &DashboardState) -> NaiveDate {
    ishc_core::model::vietnam_date(
        &state
            .storage
            .now()
            .with_timezone(&ishc_core::model::vietnam_offset()),
    )
}

/// The period asked for, or the current calendar year (Vietnam) with the
/// reason the asked one was refused.
fn period_of(state: &DashboardState, q: &PeriodQuery) -> (Period, Option<String>) {
    let this_year = Period::year(today(state).year()).unwrap_or(Period {
        from: today(state),
        to: today(state),
    });
    if let Some(y) = q.year {
        return match Period::year(y) {
            Ok(p) => (p, None),
            Err(e) => (this_year, Some(format!("{} [{}]", e.message, e.code))),
        };
    }
    match (q.from.as_deref(), q.to.as_deref()) {
        (Some(f), Some(t)) if !f.is_empty() && !t.is_empty() => {
            let parsed = ishc_core::input::parse_date("from", f)
                .and_then(|from| Ok((from, ishc_core::input::parse_date("to", t)?)))
                .and_then(|(from, to)| Period::new(from, to));
            match parsed {
                Ok(p) => (p, None),
                Err(e) => (
                    this_year,
                    Some(format!(
                        "Kỳ không hợp lệ, đang hiển thị năm nay (bad period, showing this year): {}: {} [{}]",
                        e.field, e.message, e.code
                    )),
                ),
            }
        }
        _ => (this_year, None),
    }
}

/// Links to the years of the plans and the targets' own periods.
fn presets(targets: &[Target], today: NaiveDate) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = vec![];
    for y in (today.year() - 4).max(2021)..=today.year() {
        if let Ok(p) = Period::year(y) {
            out.push((p.from.to_string(), p.to.to_string(), format!("năm {y}")));
        }
    }
    for t in targets {
        let item = (
            t.period.from.to_string(),
            t.period.to.to_string(),
            format!("{}–{}", t.period.from.year(), t.period.to.year()),
        );
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn province_name(code: u32) -> String {
    ishc_core::admin_units::province(code)
        .map(|p| p.name)
        .unwrap_or_else(|| code.to_string())
}

/// Loads the officer's province's targets and figures over `period`.
async fn province_figures(
    state: &DashboardState,
    session: &Session,
    period: Period,
) -> Result<(ProvinceIndicators, Vec<Target>), Response> {
    let storage = state.storage.clone();
    let province = session.officer.province_code;
    blocking(move || {
        let targets: Vec<Target> = storage
            .plan_targets(province)?
            .into_iter()
            .map(|t| t.target)
            .collect();
        let figures = storage.with_province(province, |conn| {
            Ok(province_indicators(conn, province, period, &targets)?)
        })?;
        Ok((figures, targets))
    })
    .await
}

/// The figure as people read it: `1.234` or `57,1% (4/7)`.
pub fn figure_text(f: &Figure) -> String {
    match f {
        Figure::Count(n) => {
            ishc_reports::table::group_thousands(i64::try_from(*n).unwrap_or(i64::MAX))
        }
        Figure::Share(s) => format!("{} ({}/{})", s.percent_text(), s.count, s.of),
    }
}

/// The chart of one target and its figure.
pub fn chart_of(id: usize, r: &TargetResult) -> BarChart {
    let t = &r.target;
    let scale = |v: u64| match t.unit {
        Unit::Count => v,
        Unit::Percent => v.saturating_mul(10),
        Unit::PerMille => v,
    };
    BarChart {
        id: format!("chart-{id}"),
        label: t.indicator.label_vi().to_string(),
        figure_text: match r.figure {
            Figure::Count(_) => figure_text(&r.figure),
            Figure::Share(s) => s.percent_text(),
        },
        measure: match r.figure {
            Figure::Count(n) => Measure::Count(n),
            Figure::Share(s) => Measure::Share {
                count: s.count,
                of: s.of,
            },
        },
        goal: Some(Goal {
            low: scale(t.value),
            high: t.value_max.map(scale),
            text: t.describe(),
        }),
        verdict: match r.met {
            Some(true) => Verdict::Met,
            Some(false) => Verdict::NotMet,
            None => Verdict::Progress,
        },
    }
}

struct IndicatorRow {
    label_vi: &'static str,
    label_en: &'static str,
    plan: String,
    target_period: String,
    target: String,
    figure: String,
    verdict: &'static str,
    verdict_class: &'static str,
    svg: String,
}

#[derive(Template)]
#[template(path = "indicators_page.html")]
struct IndicatorsPage {
    chrome: Option<Chrome>,
    province_name: String,
    period_text: String,
    period_from: String,
    period_to: String,
    presets: Vec<(String, String, String)>,
    period_error: Option<String>,
    rows: Vec<IndicatorRow>,
    rules: Vec<(&'static str, u32, String)>,
    totals: TableView,
}

fn ctx(p: &ProvinceIndicators, dated: NaiveDate) -> Context {
    Context::for_province(&p.province_name, dated)
}

/// `GET /dashboard/?from=&to=`: the province's indicators against its
/// targets, with a chart beside each, the clubs meeting each rule, and the
/// totals.
pub(crate) async fn indicators(
    State(state): State<DashboardState>,
    headers: HeaderMap,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (period, period_error) = period_of(&state, &q);
    let (p, targets) = match province_figures(&state, &session, period).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let rows = p
        .targets
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let chart = chart_of(i + 1, r);
            IndicatorRow {
                label_vi: r.target.indicator.label_vi(),
                label_en: r.target.indicator.label_en(),
                plan: r.target.plan.clone(),
                target_period: r.target.period.to_string(),
                target: r.target.describe(),
                figure: figure_text(&r.figure),
                verdict: chart.verdict.text(),
                verdict_class: match chart.verdict {
                    Verdict::Met => "met",
                    Verdict::NotMet => "notmet",
                    Verdict::Progress => "progress",
                },
                svg: chart.svg(),
            }
        })
        .collect();
    let m = &p.clubs_meeting;
    let rule = |label: &'static str, s: Share| {
        (label, s.count, format!("{} / {}", s.percent_text(), s.of))
    };
    let rules = vec![
        rule("Đang hoạt động (active)", m.active),
        rule("Đạt cơ cấu thành viên (composition)", m.composition),
        rule(
            "≥ 50% thành viên được vay (half borrowing)",
            m.borrowing_half,
        ),
        rule("Có và sử dụng cả hai quỹ (both funds)", m.both_funds),
        rule(
            "Có hoạt động ở mọi lĩnh vực (all activity areas)",
            m.all_activities,
        ),
        rule(
            "Hoạt động đầy đủ, quản lý tốt (well managed)",
            m.well_managed,
        ),
    ];
    let totals = TableView::of(report::totals_table(&p, &ctx(&p, today(&state))));
    html(
        StatusCode::OK,
        &IndicatorsPage {
            chrome: Some(Chrome::of(&session)),
            province_name: p.province_name.clone(),
            period_text: p.period.to_string(),
            period_from: p.period.from.to_string(),
            period_to: p.period.to.to_string(),
            presets: presets(&targets, today(&state)),
            period_error,
            rows,
            rules,
            totals,
        },
    )
}

struct ClubLine {
    id: String,
    name: String,
    commune: String,
    founded: String,
    members: u32,
    active: &'static str,
    well_managed: &'static str,
}

#[derive(Template)]
#[template(path = "clubs.html")]
struct ClubsPage {
    chrome: Option<Chrome>,
    province_name: String,
    period_text: String,
    period_from: String,
    period_to: String,
    presets: Vec<(String, String, String)>,
    period_error: Option<String>,
    clubs: Vec<ClubLine>,
    club_members: u32,
    communes: TableView,
    communes_text: String,
}

fn yes(b: bool) -> &'static str {
    if b {
        "Có"
    } else {
        "Không"
    }
}

/// `GET /dashboard/clubs`: every club of the province (linking to its
/// page) and every commune with its clubs.
pub(crate) async fn clubs(
    State(state): State<DashboardState>,
    headers: HeaderMap,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (period, period_error) = period_of(&state, &q);
    let (p, targets) = match province_figures(&state, &session, period).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let clubs: Vec<ClubLine> = p
        .clubs
        .iter()
        .map(|c| ClubLine {
            id: c.id.clone(),
            name: c.name.clone(),
            commune: ishc_core::admin_units::commune(c.commune_code)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            founded: c.founded_on.format("%d/%m/%Y").to_string(),
            members: c.members,
            active: yes(c.active),
            well_managed: yes(c.well_managed),
        })
        .collect();
    let club_members = clubs.iter().map(|c| c.members).sum();
    let communes_text = format!(
        "{} / {} xã, phường có CLB hoạt động ({}; communes with an active club)",
        p.communes_with_active_club.count,
        p.communes_with_active_club.of,
        p.communes_with_active_club.percent_text()
    );
    let communes = TableView::of(report::communes_table(&p, &ctx(&p, today(&state))));
    html(
        StatusCode::OK,
        &ClubsPage {
            chrome: Some(Chrome::of(&session)),
            province_name: p.province_name.clone(),
            period_text: p.period.to_string(),
            period_from: p.period.from.to_string(),
            period_to: p.period.to.to_string(),
            presets: presets(&targets, today(&state)),
            period_error,
            clubs,
            club_members,
            communes,
            communes_text,
        },
    )
}

#[derive(Template)]
#[template(path = "club_page.html")]
struct ClubPage {
    chrome: Option<Chrome>,
    club_id: String,
    club_name: String,
    commune_name: String,
    founded: String,
    period_text: String,
    period_from: String,
    period_to: String,
    presets: Vec<(String, String, String)>,
    period_error: Option<String>,
    may_see_members: bool,
    /// Each failed rule: its reasons in Vietnamese, then in English.
    reasons: Vec<(String, String)>,
    tables: Vec<TableView>,
}

/// Club `id` of the officer's province and its figures over `period`, for
/// the club's page and its workbook alike; the error page when the club is
/// not the officer's or the figures fail.
async fn club_figures(
    state: &DashboardState,
    session: &Session,
    id: String,
    period: Period,
) -> Result<
    (
        ishc_core::ops::ClubRecord,
        ishc_core::indicators::ClubIndicators,
    ),
    Response,
> {
    let club = club_for(state, session, id).await?;
    let storage = state.storage.clone();
    let club_id = club.id.clone();
    let province = session.officer.province_code;
    let figures = blocking(move || {
        storage.with_province(province, |conn| {
            Ok(club_indicators(conn, &club_id, period)?)
        })
    })
    .await?;
    Ok((club, figures))
}

/// `GET /dashboard/clubs/{id}`: one club's aggregates (no names).
pub(crate) async fn club(
    State(state): State<DashboardState>,
    headers: HeaderMap,
    id: ClubPath,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (period, period_error) = period_of(&state, &q);
    let (club, figures) = match club_figures(&state, &session, id.0, period).await {
        Ok(f) => f,
        Err(res) => return res,
    };
    let context =
        Context::for_province(&province_name(session.officer.province_code), today(&state));
    let mut reasons = vec![];
    for (label, rule) in [
        (
            "Chưa đạt tiêu chí đang hoạt động (not active)",
            &figures.rules.active,
        ),
        (
            "Chưa đạt tiêu chí hoạt động đầy đủ, quản lý tốt (not well managed)",
            &figures.rules.well_managed,
        ),
    ] {
        if !rule.met {
            let vi: Vec<&str> = rule.reasons.iter().map(|r| r.message_vi.as_str()).collect();
            let en: Vec<&str> = rule.reasons.iter().map(|r| r.message.as_str()).collect();
            reasons.push((format!("{label}: {}", vi.join("; ")), en.join("; ")));
        }
    }
    html(
        StatusCode::OK,
        &ClubPage {
            chrome: Some(Chrome::of(&session)),
            club_id: club.id.clone(),
            club_name: club.name.clone(),
            commune_name: figures.club.commune_name.clone(),
            founded: club.founded_on.format("%d/%m/%Y").to_string(),
            period_text: period.to_string(),
            period_from: period.from.to_string(),
            period_to: period.to.to_string(),
            presets: presets(&[], today(&state)),
            period_error,
            may_see_members: session.officer.role.may_see_members(),
            reasons,
            tables: ishc_reports::club::club_report(&figures, &context)
                .into_iter()
                .map(TableView::of)
                .collect(),
        },
    )
}

/// An `.xlsx` download named `name`.
fn xlsx(tables: &[Table], name: &str) -> Response {
    match ishc_reports::xlsx::workbook(tables) {
        Ok(bytes) => (
            StatusCode::OK,
            [
                (
                    CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                ),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, code = e.code(), "workbook failed");
            message(
                StatusCode::INTERNAL_SERVER_ERROR,
                None,
                "Lỗi máy chủ (server error)",
                "Không tạo được tệp Excel. (The workbook could not be made.)",
            )
        }
    }
}

fn file_period(p: &Period) -> String {
    format!("{}_{}", p.from.format("%Y%m%d"), p.to.format("%Y%m%d"))
}

/// `GET /dashboard/export.xlsx`: the province's figures as a workbook
/// (targets, totals, communes, clubs).
pub(crate) async fn province_xlsx(
    State(state): State<DashboardState>,
    headers: HeaderMap,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (period, _) = period_of(&state, &q);
    let (p, _) = match province_figures(&state, &session, period).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let tables = report::annual_report(&p, &ctx(&p, today(&state)));
    xlsx(
        &tables,
        &format!(
            "chi-tieu-clb-{}_{}.xlsx",
            p.province_code,
            file_period(&period)
        ),
    )
}

/// `GET /dashboard/clubs/{id}/export.xlsx`: one club's figures.
pub(crate) async fn club_xlsx(
    State(state): State<DashboardState>,
    headers: HeaderMap,
    id: ClubPath,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (period, _) = period_of(&state, &q);
    let (_, figures) = match club_figures(&state, &session, id.0, period).await {
        Ok(f) => f,
        Err(res) => return res,
    };
    let context =
        Context::for_province(&province_name(session.officer.province_code), today(&state));
    xlsx(
        &ishc_reports::club::club_report(&figures, &context),
        &format!("so-lieu-clb_{}.xlsx", file_period(&period)),
    )
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    chrome: Option<Chrome>,
    province_name: String,
    authority: String,
    period_text: String,
    period_from: String,
    period_to: String,
    presets: Vec<(String, String, String)>,
    period_error: Option<String>,
    tables: Vec<TableView>,
    date_line: String,
}

/// `GET /dashboard/report?year=` (or `from`/`to`): the province's annual
/// report as a printable page, the same tables as its workbook.
pub(crate) async fn report(
    State(state): State<DashboardState>,
    headers: HeaderMap,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (period, period_error) = period_of(&state, &q);
    let (p, targets) = match province_figures(&state, &session, period).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let context = ctx(&p, today(&state));
    let tables = report::annual_report(&p, &context);
    let date_line = tables
        .first()
        .map(|t| t.heading.date_line())
        .unwrap_or_default();
    html(
        StatusCode::OK,
        &ReportPage {
            chrome: Some(Chrome::of(&session)),
            province_name: p.province_name.clone(),
            authority: context.authority.clone(),
            period_text: p.period.to_string(),
            period_from: p.period.from.to_string(),
            period_to: p.period.to.to_string(),
            presets: presets(&targets, today(&state)),
            period_error,
            tables: tables.into_iter().map(TableView::of).collect(),
            date_line,
        },
    )
}

/// `GET /dashboard/report.xlsx`: the annual report's workbook.
pub(crate) async fn report_xlsx(
    State(state): State<DashboardState>,
    headers: HeaderMap,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (period, _) = period_of(&state, &q);
    let (p, _) = match province_figures(&state, &session, period).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    xlsx(
        &report::annual_report(&p, &ctx(&p, today(&state))),
        &format!(
            "bao-cao-clb-{}_{}.xlsx",
            p.province_code,
            file_period(&period)
        ),
    )
}

struct TargetLine {
    id: i64,
    label_vi: &'static str,
    label_en: &'static str,
    plan: String,
    period: String,
    target: String,
    definition_vi: String,
    definition_en: String,
    source: String,
    updated: String,
}

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    chrome: Option<Chrome>,
    province_name: String,
    is_admin: bool,
    saved: Option<String>,
    targets: Vec<TargetLine>,
}

/// Query of the targets page after a save.
#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    saved: Option<i64>,
}

/// `GET /dashboard/targets`: every target with its definition, period and
/// source.
pub(crate) async fn targets(
    State(state): State<DashboardState>,
    headers: HeaderMap,
    Query(q): Query<SavedQuery>,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let storage = state.storage.clone();
    let province = session.officer.province_code;
    let stored = match blocking(move || storage.plan_targets(province)).await {
        Ok(t) => t,
        Err(res) => return res,
    };
    let targets = stored
        .into_iter()
        .map(|s| TargetLine {
            id: s.id,
            label_vi: s.target.indicator.label_vi(),
            label_en: s.target.indicator.label_en(),
            plan: s.target.plan.clone(),
            period: s.target.period.to_string(),
            target: s.target.describe(),
            definition_vi: s.target.definition_vi,
            definition_en: s.target.definition_en,
            source: s.target.source,
            updated: format!(
                "{} ({})",
                s.updated_at.get(..10).unwrap_or(&s.updated_at),
                s.updated_by
            ),
        })
        .collect();
    html(
        StatusCode::OK,
        &TargetsPage {
            chrome: Some(Chrome::of(&session)),
            province_name: province_name(province),
            is_admin: session.officer.role.is_admin(),
            saved: q
                .saved
                .map(|id| format!("Đã lưu mục tiêu số {id}. (Target {id} saved.)")),
            targets,
        },
    )
}

#[derive(Template)]
#[template(path = "target_edit.html")]
struct TargetEditPage {
    chrome: Option<Chrome>,
    id: i64,
    label_vi: &'static str,
    plan: String,
    unit: &'static str,
    csrf: String,
    form: TargetForm,
    problems: Vec<FieldProblem>,
}

impl TargetEditPage {
    fn field_errors(&self, field: &str) -> Vec<String> {
        self.problems
            .iter()
            .filter(|p| p.field == field)
            .map(|p| format!("{} [{}]", p.message, p.code))
            .collect()
    }
}

fn admin_only(session: &Session) -> Option<Response> {
    (!session.officer.role.is_admin()).then(|| {
        message(
            StatusCode::FORBIDDEN,
            Some(session),
            "Không có quyền (not allowed)",
            "Chỉ cán bộ quản trị sửa được mục tiêu. (Only admins can edit targets.)",
        )
    })
}

async fn stored_target(
    state: &DashboardState,
    session: &Session,
    id: &str,
) -> Result<super::targets::StoredTarget, Response> {
    let id: i64 = id
        .parse()
        .map_err(|_| super::pages::not_found(Some(session)))?;
    let storage = state.storage.clone();
    let province = session.officer.province_code;
    let all = blocking(move || storage.plan_targets(province)).await?;
    all.into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| super::pages::not_found(Some(session)))
}

/// `GET /dashboard/targets/{id}`: the edit form (admins).
pub(crate) async fn target_form(
    State(state): State<DashboardState>,
    headers: HeaderMap,
    id: ClubPath,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    if let Some(res) = admin_only(&session) {
        return res;
    }
    let stored = match stored_target(&state, &session, &id.0).await {
        Ok(t) => t,
        Err(res) => return res,
    };
    html(
        StatusCode::OK,
        &TargetEditPage {
            chrome: Some(Chrome::of(&session)),
            id: stored.id,
            label_vi: stored.target.indicator.label_vi(),
            plan: stored.target.plan.clone(),
            unit: unit_label(stored.target.unit),
            csrf: session.csrf.clone(),
            form: TargetForm::of(&stored.target),
            problems: vec![],
        },
    )
}

/// `POST /dashboard/targets/{id}`: saves an edit (admins), or shows the
/// form again with each field's problem (422).
pub(crate) async fn target_save(
    State(state): State<DashboardState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    id: ClubPath,
    Form(form): Form<TargetForm>,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    if let Err(res) = check_csrf(&session, &form.csrf) {
        return res;
    }
    if let Some(res) = admin_only(&session) {
        return res;
    }
    let stored = match stored_target(&state, &session, &id.0).await {
        Ok(t) => t,
        Err(res) => return res,
    };
    match check_edit(&stored.target, &form) {
        Ok(target) => {
            let storage = state.storage.clone();
            let officer = session.officer.clone();
            let ip = client_ip(&state, &headers, peer);
            let tid = stored.id;
            match blocking(move || storage.update_target(&officer, tid, &target, &ip)).await {
                Ok(_) => redirect(&format!("/dashboard/targets?saved={tid}")),
                Err(res) => res,
            }
        }
        Err(problems) => html(
            StatusCode::UNPROCESSABLE_ENTITY,
            &TargetEditPage {
                chrome: Some(Chrome::of(&session)),
                id: stored.id,
                label_vi: stored.target.indicator.label_vi(),
                plan: stored.target.plan.clone(),
                unit: unit_label(stored.target.unit),
                csrf: session.csrf.clone(),
                form,
                problems,
            },
        ),
    }
}
