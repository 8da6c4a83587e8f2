//! The dashboard's pages: askama templates filled from the storage.

use super::{blocking, client_ip, require_session, ClubPath, DashboardState, Peer};
use crate::accounts::{Officer, Session};
use crate::sqlite::SqliteStorage;
use crate::storage::{StorageError, StorageResult};
use askama::Template;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use ishc_core::ops::ClubRecord;
use ishc_core::text::VietnameseCollator;

/// What the page frame shows about the signed-in officer.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Officer's full name.
    pub officer_name: String,
    /// Role label.
    pub role_label: String,
    /// Province name.
    pub province_name: String,
    /// The session's CSRF token (for the sign-out form).
    pub csrf: String,
    /// Whether the officer is an admin (audit log link).
    pub is_admin: bool,
}

impl Chrome {
    /// The frame for `session`.
    pub fn of(session: &Session) -> Chrome {
        let o = &session.officer;
        Chrome {
            officer_name: o.full_name.clone(),
            role_label: format!("{} ({})", o.role.label_vi(), o.role.as_str()),
            province_name: ishc_core::admin_units::province(o.province_code)
                .map(|p| p.name)
                .unwrap_or_else(|| o.province_code.to_string()),
            csrf: session.csrf.clone(),
            is_admin: o.role.is_admin(),
        }
    }
}

/// An HTML answer from a template.
pub(crate) fn html(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(body) => (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template failed").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    chrome: Option<Chrome>,
    error: Option<String>,
    username: &'a str,
    login_csrf: &'a str,
}

/// The sign-in page.
pub(crate) fn login(
    status: StatusCode,
    error: Option<String>,
    username: &str,
    csrf: &str,
) -> Response {
    html(
        status,
        &LoginPage {
            chrome: None,
            error,
            username,
            login_csrf: csrf,
        },
    )
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage<'a> {
    chrome: Option<Chrome>,
    heading: &'a str,
    message: &'a str,
}

/// A page with one message (refusals, errors).
pub(crate) fn message(
    status: StatusCode,
    session: Option<&Session>,
    heading: &str,
    text: &str,
) -> Response {
    html(
        status,
        &MessagePage {
            chrome: session.map(Chrome::of),
            heading,
            message: text,
        },
    )
}

/// 404 for a page or a club the officer cannot see.
pub(crate) fn not_found(session: Option<&Session>) -> Response {
    message(
        StatusCode::NOT_FOUND,
        session,
        "Không tìm thấy (not found)",
        "Không có trang hoặc câu lạc bộ này trong tỉnh của bạn. \
         (No such page or club in your province.)",
    )
}

/// Whether the club's commune (2025 units) lies in `province_code`.
pub(crate) fn in_province(club: &ClubRecord, province_code: u32) -> bool {
    ishc_core::admin_units::commune(club.commune_code)
        .is_some_and(|c| c.province_code == province_code)
}

/// The club `id` if the officer's province holds it; `Err` with the 404
/// page otherwise.
pub(crate) async fn club_for(
    state: &DashboardState,
    session: &Session,
    id: String,
) -> Result<ClubRecord, Response> {
    let storage = state.storage.clone();
    let province = session.officer.province_code;
    let found = blocking(move || {
        storage.with_province(province, |conn| match SqliteStorage::read_club(conn, &id) {
            Ok(c) => Ok(Some(c)),
            Err(StorageError::ClubUnknown(_)) => Ok(None),
            Err(e) => Err(e),
        })
    })
    .await?;
    match found {
        Some(c) if in_province(&c, session.officer.province_code) => Ok(c),
        _ => Err(not_found(Some(session))),
    }
}

/// One row of a club's member list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    /// Full name.
    pub full_name: String,
    /// `Nữ` or `Nam`.
    pub sex: &'static str,
    /// Birth year.
    pub birth_year: i32,
    /// Hamlet.
    pub hamlet: String,
    /// Joined, `dd/mm/yyyy`.
    pub joined_on: String,
    /// Left, `dd/mm/yyyy`, or empty.
    pub left_on: String,
    /// Roles in Vietnamese, comma separated.
    pub roles: String,
}

fn role_vi(role: &str) -> &str {
    match role {
        "chair" => "Chủ nhiệm",
        "vice_chair" => "Phó chủ nhiệm",
        "treasurer" => "Thủ quỹ",
        "accountant" => "Kế toán",
        "home_care_volunteer" => "Tình nguyện viên chăm sóc tại nhà",
        "care_recipient" => "Người được chăm sóc",
        "board_member" => "Thành viên ban chủ nhiệm",
        other => other,
    }
}

fn vn_date(iso: &str) -> String {
    iso.parse::<chrono::NaiveDate>()
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

/// Every person of a club (members and care recipients, those who left
/// included, merged duplicates not), sorted by given name in Vietnamese
/// order. Personal data: only for roles that may see it, and logged.
pub fn club_member_rows(
    conn: &rusqlite::Connection,
    club_id: &str,
) -> StorageResult<Vec<MemberRow>> {
    let mut rows: Vec<MemberRow> = conn
        .prepare(
            "SELECT full_name, sex, birth_year, hamlet, joined_on, left_on, roles
             FROM members WHERE club_id = ?1 AND merged_into IS NULL",
        )?
        .query_map([club_id], |r| {
            let sex: String = r.get(1)?;
            let left: Option<String> = r.get(5)?;
            let roles: String = r.get(6)?;
            let roles: Vec<String> = serde_json::from_str(&roles).unwrap_or_default();
            Ok(MemberRow {
                full_name: r.get(0)?,
                sex: if sex == "female" { "Nữ" } else { "Nam" },
                birth_year: r.get(2)?,
                hamlet: r.get(3)?,
                joined_on: vn_date(&r.get::<_, String>(4)?),
                left_on: left.as_deref().map(vn_date).unwrap_or_default(),
                roles: roles
                    .iter()
                    .map(|r| role_vi(r))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let collator = VietnameseCollator::new();
    rows.sort_by(|a, b| collator.compare_names(&a.full_name, &b.full_name));
    Ok(rows)
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    chrome: Option<Chrome>,
    club_id: String,
    club_name: String,
    rows: Vec<MemberRow>,
}

/// `GET /dashboard/clubs/{id}/members`: analysts and admins only; each
/// view is written to the audit log before the page is sent.
pub(crate) async fn members(
    State(state): State<DashboardState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    id: ClubPath,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let club = match club_for(&state, &session, id.0).await {
        Ok(c) => c,
        Err(res) => return res,
    };
    if !session.officer.role.may_see_members() {
        tracing::warn!(officer = %session.officer.username, club = %club.id, "member list refused to a viewer");
        return message(
            StatusCode::FORBIDDEN,
            Some(&session),
            "Không có quyền (not allowed)",
            "Vai trò của bạn chỉ xem được số liệu tổng hợp, không xem được danh sách thành viên. \
             (Your role sees aggregates only, not member lists.)",
        );
    }
    let ip = client_ip(&state, &headers, peer);
    let storage = state.storage.clone();
    let officer: Officer = session.officer.clone();
    let club_id = club.id.clone();
    let province = session.officer.province_code;
    let rows = match blocking(move || {
        let rows = storage.with_province(province, |conn| club_member_rows(conn, &club_id))?;
        storage.audit(
            &officer,
            "members.view",
            Some(&club_id),
            &format!(
                "danh sách thành viên: {} người (tên, giới tính, năm sinh, ấp, ngày vào/ra, vai trò) / member list: {} people",
                rows.len(),
                rows.len()
            ),
            &ip,
        )?;
        Ok(rows)
    })
    .await
    {
        Ok(r) => r,
        Err(res) => return res,
    };
    tracing::info!(officer = %session.officer.username, club = %club.id, "member list viewed (audited)");
    html(
        StatusCode::OK,
        &MembersPage {
            chrome: Some(Chrome::of(&session)),
            club_id: club.id,
            club_name: club.name,
            rows,
        },
    )
}

/// An audit entry as the page shows it.
pub struct AuditRow {
    /// When, Vietnam time `dd/mm/yyyy hh:mm:ss`.
    pub at: String,
    /// Username.
    pub username: String,
    /// Action.
    pub action: String,
    /// Club name (or id, or empty).
    pub club: String,
    /// Detail.
    pub detail: String,
    /// Address.
    pub ip: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Option<Chrome>,
    entries: Vec<AuditRow>,
}

/// `GET /dashboard/audit`: admins only, the latest 500 entries.
pub(crate) async fn audit(State(state): State<DashboardState>, headers: HeaderMap) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    if !session.officer.role.is_admin() {
        return message(
            StatusCode::FORBIDDEN,
            Some(&session),
            "Không có quyền (not allowed)",
            "Chỉ cán bộ quản trị xem được nhật ký truy cập. (Only admins can read the audit log.)",
        );
    }
    let storage = state.storage.clone();
    let province = session.officer.province_code;
    let entries = match blocking(move || {
        let log = storage.audit_log(province, 500)?;
        storage.with_province(province, |conn| {
            Ok(log
                .into_iter()
                .map(|e| AuditRow {
                    at: chrono::DateTime::parse_from_rfc3339(&e.at)
                        .map(|t| {
                            t.with_timezone(&ishc_core::model::vietnam_offset())
                                .format("%d/%m/%Y %H:%M:%S")
                                .to_string()
                        })
                        .unwrap_or(e.at),
                    username: e.username,
                    action: e.action,
                    club: e
                        .club_id
                        .map(|id| {
                            SqliteStorage::read_club(conn, &id)
                                .map(|c| c.name)
                                .unwrap_or(id)
                        })
                        .unwrap_or_default(),
                    detail: e.detail,
                    ip: e.ip,
                })
                .collect())
        })
    })
    .await
    {
        Ok(e) => e,
        Err(res) => return res,
    };
    html(
        StatusCode::OK,
        &AuditPage {
            chrome: Some(Chrome::of(&session)),
            entries,
        },
    )
}
