//! The provincial dashboard: server-rendered HTML pages under `/dashboard/`
//! for provincial officers (`docs/DASHBOARD.md`). No JavaScript, no build
//! step: askama templates (`server/templates/`), one stylesheet served from
//! the binary, SVG charts drawn on the server ([`charts`]).
//!
//! Security: an officer signs in with a form ([`crate::accounts`]: Argon2id
//! passwords, 5 failures per 15 minutes per username and per address); the
//! session cookie holds a random 256-bit token (only its SHA-256 is
//! stored), `HttpOnly`, `SameSite=Strict`, `Secure` behind an HTTPS proxy,
//! ending with the session; every POST carries the session's CSRF token
//! (the sign-in form a token of its own, double-submitted in a cookie).
//! Pages show aggregates only; a club's member list (names) is open to
//! analysts and admins and each view is written to the audit log. Pages
//! are `Cache-Control: no-store` under a Content-Security-Policy that allows
//! no script.

// Helpers return the page to send as their error (`Result<_, Response>`);
// a response is 128 bytes, sent once per request.
#![allow(clippy::result_large_err)]

pub mod charts;
mod figures;
mod pages;
pub mod targets;

use crate::accounts::{LoginError, Session, LOGIN_WINDOW_MINUTES};
use crate::storage::{DashboardStorage, StorageError};
use axum::extract::{ConnectInfo, Form, Path, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use cookie::{Cookie, SameSite};
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;

pub use pages::Chrome;

/// The session cookie's name (with the `__Host-` prefix behind HTTPS,
/// which browsers accept only from a secure origin, with `Path=/` and no
/// domain).
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-ishc_session"
    } else {
        "ishc_session"
    }
}

/// The sign-in form's own CSRF cookie.
pub const LOGIN_COOKIE: &str = "ishc_login";

/// What the dashboard's handlers share.
#[derive(Clone)]
pub struct DashboardState {
    /// The database (SQLite, or PostgreSQL with the process's replica).
    pub storage: Arc<dyn DashboardStorage>,
    /// Behind an HTTPS proxy: `Secure` cookies, client address from
    /// `X-Forwarded-For`.
    pub behind_https_proxy: bool,
}

/// The dashboard's routes, with their security headers.
pub fn router(state: DashboardState) -> Router {
    Router::new()
        .route("/", get(|| async { redirect("/dashboard/") }))
        .route("/dashboard", get(|| async { redirect("/dashboard/") }))
        .route("/dashboard/", get(figures::indicators))
        .route("/dashboard/static/style.css", get(stylesheet))
        .route("/dashboard/login", get(login_form).post(login))
        .route("/dashboard/logout", post(logout))
        .route("/dashboard/clubs", get(figures::clubs))
        .route("/dashboard/clubs/{id}", get(figures::club))
        .route("/dashboard/clubs/{id}/members", get(pages::members))
        .route("/dashboard/clubs/{id}/export.xlsx", get(figures::club_xlsx))
        .route("/dashboard/export.xlsx", get(figures::province_xlsx))
        .route("/dashboard/report", get(figures::report))
        .route("/dashboard/report.xlsx", get(figures::report_xlsx))
        .route("/dashboard/targets", get(figures::targets))
        .route(
            "/dashboard/targets/{id}",
            get(figures::target_form).post(figures::target_save),
        )
        .route("/dashboard/audit", get(pages::audit))
        .with_state(state)
        .layer(middleware::from_fn(security_headers))
}

/// Adds the headers every dashboard answer carries.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    };
    set(
        h,
        "content-security-policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "same-origin");
    if !h.contains_key(CACHE_CONTROL) {
        set(h, "cache-control", "no-store");
    }
    res
}

const STYLE: &str = include_str!("../../templates/style.css");

async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// A `303 See Other` to `to`.
pub(crate) fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_string())]).into_response()
}

/// The client's address: the connection's peer, or behind the HTTPS proxy
/// the last address the proxy appended to `X-Forwarded-For`.
pub(crate) fn client_ip(
    state: &DashboardState,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> String {
    crate::limits::client_address(headers, peer, state.behind_https_proxy)
}

/// The connection's peer address, when the server was started with
/// connect info (always, except in router-only tests).
pub(crate) struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

/// The value of cookie `name` in the request, if any.
pub(crate) fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

fn set_cookie(res: &mut Response, c: Cookie<'_>) {
    if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
        res.headers_mut().append(SET_COOKIE, v);
    }
}

fn session_cookie(state: &DashboardState, value: String, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build((session_cookie_name(state.behind_https_proxy), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.behind_https_proxy)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build()
}

/// Compares two secrets in time independent of where they differ.
/// (A dozen lines instead of a crate: the comparison is on short ASCII
/// tokens and only its constant time matters.)
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Runs blocking storage work off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StorageError> + Send + 'static,
) -> Result<T, Response> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(storage_failure(e)),
        Err(e) => {
            tracing::error!(error = %e, "dashboard task failed");
            Err(pages::message(
                StatusCode::INTERNAL_SERVER_ERROR,
                None,
                "Lỗi máy chủ (server error)",
                "Máy chủ gặp lỗi; vui lòng thử lại sau. (The server failed; try again later.)",
            ))
        }
    }
}

fn storage_failure(e: StorageError) -> Response {
    match e {
        StorageError::Internal(detail) => {
            tracing::error!(%detail, "dashboard storage failure");
            pages::message(
                StatusCode::INTERNAL_SERVER_ERROR,
                None,
                "Lỗi máy chủ (server error)",
                "Máy chủ gặp lỗi; vui lòng thử lại sau. (The server failed; try again later.)",
            )
        }
        StorageError::ClubUnknown(_) => pages::not_found(None),
        other => pages::message(
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            "Không thực hiện được (refused)",
            &format!("{other} [{}]", other.code()),
        ),
    }
}

/// The signed-in officer's session, or a redirect to the sign-in page.
pub(crate) async fn require_session(
    state: &DashboardState,
    headers: &HeaderMap,
) -> Result<Session, Response> {
    let Some(token) = cookie_value(headers, session_cookie_name(state.behind_https_proxy)) else {
        return Err(redirect("/dashboard/login"));
    };
    let storage = state.storage.clone();
    match blocking(move || storage.session(&token)).await? {
        Some(s) => Ok(s),
        None => {
            let mut res = redirect("/dashboard/login");
            set_cookie(&mut res, session_cookie(state, String::new(), 0));
            Err(res)
        }
    }
}

/// Refuses a POST whose form token is not the session's (403).
pub(crate) fn check_csrf(session: &Session, sent: &str) -> Result<(), Response> {
    if same_secret(&session.csrf, sent) {
        Ok(())
    } else {
        tracing::warn!(officer = %session.officer.username, "form refused: CSRF token missing or wrong");
        Err(csrf_refused(Some(session)))
    }
}

fn csrf_refused(session: Option<&Session>) -> Response {
    pages::message(
        StatusCode::FORBIDDEN,
        session,
        "Biểu mẫu hết hạn (form expired)",
        "Biểu mẫu không hợp lệ hoặc đã hết hạn; vui lòng tải lại trang và gửi lại. \
         (The form is not valid or has expired; reload the page and send it again.)",
    )
}

async fn login_form(State(state): State<DashboardState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie_value(&headers, session_cookie_name(state.behind_https_proxy)) {
        let storage = state.storage.clone();
        if let Ok(Some(_)) = blocking(move || storage.session(&token)).await {
            return redirect("/dashboard/");
        }
    }
    login_page(&state, StatusCode::OK, None, "")
}

fn login_page(
    state: &DashboardState,
    status: StatusCode,
    error: Option<String>,
    username: &str,
) -> Response {
    let token = match crate::codes::new_token() {
        Ok(t) => t,
        Err(_) => return pages::not_found(None),
    };
    let mut res = pages::login(status, error, username, &token);
    set_cookie(
        &mut res,
        Cookie::build((LOGIN_COOKIE, token))
            .path("/dashboard/login")
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(state.behind_https_proxy)
            .max_age(cookie::time::Duration::minutes(30))
            .build(),
    );
    res
}

/// The sign-in form.
#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

async fn login(
    State(state): State<DashboardState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let expected = cookie_value(&headers, LOGIN_COOKIE).unwrap_or_default();
    if !same_secret(&expected, &form.csrf) {
        tracing::warn!("sign-in refused: CSRF token missing or wrong");
        return csrf_refused(None);
    }
    let ip = client_ip(&state, &headers, peer);
    let storage = state.storage.clone();
    let (username, password) = (form.username.clone(), form.password);
    let ip_for_login = ip.clone();
    let outcome =
        tokio::task::spawn_blocking(move || storage.login(&username, &password, &ip_for_login))
            .await;
    match outcome {
        Ok(Ok(new)) => {
            tracing::info!(officer = %new.session.officer.username, %ip, "officer signed in");
            let mut res = redirect("/dashboard/");
            set_cookie(
                &mut res,
                session_cookie(&state, new.token, crate::accounts::SESSION_HOURS * 3600),
            );
            let mut gone = Cookie::build((LOGIN_COOKIE, ""))
                .path("/dashboard/login")
                .build();
            gone.make_removal();
            set_cookie(&mut res, gone);
            res
        }
        Ok(Err(LoginError::Failed)) => {
            tracing::warn!(%ip, "sign-in failed");
            login_page(
                &state,
                StatusCode::UNAUTHORIZED,
                Some(
                    "Tên đăng nhập hoặc mật khẩu không đúng. (The username or password is wrong.)"
                        .to_string(),
                ),
                &form.username,
            )
        }
        Ok(Err(LoginError::RateLimited {
            retry_after_minutes,
        })) => {
            tracing::warn!(%ip, "sign-in refused: too many failures");
            let mut res = login_page(
                &state,
                StatusCode::TOO_MANY_REQUESTS,
                Some(format!(
                    "Đăng nhập sai quá nhiều lần (5 lần trong {LOGIN_WINDOW_MINUTES} phút). \
                     Vui lòng thử lại sau {retry_after_minutes} phút. \
                     (Too many failed sign-ins; try again in {retry_after_minutes} minutes.)"
                )),
                &form.username,
            );
            if let Ok(v) = HeaderValue::from_str(&(retry_after_minutes * 60).to_string()) {
                res.headers_mut().insert("retry-after", v);
            }
            res
        }
        Ok(Err(LoginError::Storage(e))) => storage_failure(e),
        Err(e) => {
            tracing::error!(error = %e, "sign-in task failed");
            pages::not_found(None)
        }
    }
}

/// A form that carries only the CSRF token.
#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(state): State<DashboardState>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let session = match require_session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    if let Err(res) = check_csrf(&session, &form.csrf) {
        return res;
    }
    if let Some(token) = cookie_value(&headers, session_cookie_name(state.behind_https_proxy)) {
        let storage = state.storage.clone();
        if let Err(res) = blocking(move || storage.logout(&token)).await {
            return res;
        }
    }
    tracing::info!(officer = %session.officer.username, "officer signed out");
    let mut res = redirect("/dashboard/login");
    set_cookie(&mut res, session_cookie(&state, String::new(), 0));
    res
}

/// Path of a club page.
pub(crate) type ClubPath = Path<String>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", ""));
    }

    #[test]
    fn cookies_are_read_from_every_cookie_header() {
        let mut h = HeaderMap::new();
        h.append(COOKIE, HeaderValue::from_static("a=1; ishc_session=xyz"));
        h.append(COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(cookie_value(&h, "ishc_session").as_deref(), Some("xyz"));
        assert_eq!(cookie_value(&h, "b").as_deref(), Some("2"));
        assert_eq!(cookie_value(&h, "c"), None);
    }
}
