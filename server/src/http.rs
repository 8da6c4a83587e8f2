//! The HTTP API (`docs/PROTOCOL.md`): routes, the protocol-version and
//! bearer-token checks, body limits, error bodies, and the fault hooks tests
//! use to simulate a lost answer.

use crate::storage::{Device, PushContext, Storage, StorageError};
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Query, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, DATE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use ishc_core::sync::wire::{
    EnrolRequest, ErrorBody, MAX_BODY_BYTES, MAX_PULL_LIMIT, MAX_PUSH_OPS, PROTOCOL_HEADER,
    PROTOCOL_VERSION, SUPPORTED_VERSIONS,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::trace::TraceLayer;

/// Pull page size when the request names none.
pub const DEFAULT_PULL_LIMIT: u32 = 500;

/// Failures tests inject to see what clients do when an answer is lost.
/// All off by default; only the library API can set them (never the
/// command line or the network). Each counter is the number of pushes it
/// still affects.
#[derive(Debug, Default)]
pub struct Faults {
    /// A push commits, then answers 500 `server.internal`.
    pub fail_after_commit: AtomicU32,
    /// A push commits, then the connection is cut while the answer is sent.
    pub drop_response_after_commit: AtomicU32,
}

impl Faults {
    /// Uses up one count of `counter`; whether there was one.
    fn take(counter: &AtomicU32) -> bool {
        counter
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub storage: Arc<dyn Storage>,
    /// Injected failures.
    pub faults: Arc<Faults>,
    /// Failed enrolments per client address ([`crate::limits`]).
    pub enrol_limits: Arc<crate::limits::FailureLimiter>,
    /// Reached through the server's own reverse proxy: the client address is
    /// the last `X-Forwarded-For` entry.
    pub behind_proxy: bool,
}

/// An error answer: a status and an [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code.
    pub code: String,
    /// English message.
    pub message: String,
}

impl ApiError {
    /// An error with `status`, `code` and `message`.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.to_string(),
            message: message.into(),
        }
    }

    fn internal() -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server.internal",
            "the server failed; nothing was changed unless the answer says so, try again later",
        )
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        let status = match &e {
            StorageError::CodeUnknown => StatusCode::NOT_FOUND,
            StorageError::CodeUsed => StatusCode::CONFLICT,
            StorageError::CodeExpired(_) => StatusCode::GONE,
            StorageError::TokenUnknown => StatusCode::UNAUTHORIZED,
            StorageError::DeviceRevoked(_) => StatusCode::FORBIDDEN,
            StorageError::ClubUnknown(_) | StorageError::DeviceUnknown(_) => StatusCode::NOT_FOUND,
            StorageError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            StorageError::Internal(detail) => {
                tracing::error!(%detail, "storage failure");
                return ApiError::internal();
            }
        };
        ApiError::new(status, e.code(), e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(status = %self.status, code = %self.code, message = %self.message, "request failed");
        } else {
            tracing::warn!(status = %self.status, code = %self.code, message = %self.message, "request refused");
        }
        let body = ErrorBody {
            code: self.code,
            message: self.message,
        };
        (self.status, Json(body)).into_response()
    }
}

/// Runs storage work on a blocking thread. A panic there becomes a 500.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StorageError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(ApiError::from),
        Err(e) => {
            tracing::error!(error = %e, "storage task failed");
            Err(ApiError::internal())
        }
    }
}

/// The router with every layer, ready to serve.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/enrol", post(enrol))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .route_layer(middleware::from_fn(require_protocol))
        .route("/health", get(health))
        .fallback(not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::disable())
        .layer(RequestDecompressionLayer::new().gzip(true))
        .layer(middleware::from_fn(json_errors))
        .layer(CompressionLayer::new().gzip(true))
        .layer(TraceLayer::new_for_http())
}

/// `GET /health`.
async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "status": "ok",
        "protocol_version": PROTOCOL_VERSION,
        "supported_versions": SUPPORTED_VERSIONS,
    }))
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "request.not_found",
        "no such endpoint",
    )
}

fn supported_list() -> String {
    SUPPORTED_VERSIONS
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks the protocol-version header on every `/v1` request, and names
/// the server's version on the answer.
async fn require_protocol(req: Request, next: Next) -> Response {
    let Some(value) = req.headers().get(PROTOCOL_HEADER) else {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "protocol.missing",
            format!(
                "the {PROTOCOL_HEADER} header is required; supported versions: {}",
                supported_list()
            ),
        )
        .into_response();
    };
    let version = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok());
    if !version.is_some_and(|v| SUPPORTED_VERSIONS.contains(&v)) {
        let shown = String::from_utf8_lossy(value.as_bytes())
            .chars()
            .take(20)
            .collect::<String>();
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "protocol.unsupported",
            format!(
                "protocol version '{shown}' is not supported; supported versions: {}",
                supported_list()
            ),
        )
        .into_response();
    }
    let mut res = next.run(req).await;
    res.headers_mut()
        .insert(PROTOCOL_HEADER, HeaderValue::from(PROTOCOL_VERSION));
    res
}

/// Gives error answers made by the framework or by layers (unknown method,
/// unsupported content encoding) the same JSON body as the handlers' own.
async fn json_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("request.not_found", "no such endpoint"),
        StatusCode::METHOD_NOT_ALLOWED => (
            "request.method_not_allowed",
            "this endpoint does not take that method",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("request.too_large", "the body is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "request.content_encoding",
            "the body's Content-Encoding is not supported; use gzip or none",
        ),
        s if s.is_server_error() => ("server.internal", "the server failed"),
        _ => ("request.malformed", "the request could not be understood"),
    };
    let mut err = ApiError::new(status, code, message).into_response();
    if let Some(allow) = res.headers().get(axum::http::header::ALLOW) {
        err.headers_mut()
            .insert(axum::http::header::ALLOW, allow.clone());
    }
    err
}

/// The device a request's bearer token belongs to.
pub struct Authed(pub Device);

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(AUTHORIZATION) else {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "auth.missing",
                "this endpoint needs an Authorization: Bearer token",
            ));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                let (scheme, rest) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            })
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "auth.malformed",
                    "the Authorization header must be 'Bearer <token>'",
                )
            })?
            .to_string();
        let storage = state.storage.clone();
        let device = blocking(move || storage.authenticate(&token)).await?;
        Ok(Authed(device))
    }
}

/// Reads a JSON body: `application/json`, at most [`MAX_BODY_BYTES`] after
/// decompression, parsing as `T`.
async fn read_json<T: DeserializeOwned>(headers: &HeaderMap, body: Body) -> Result<T, ApiError> {
    let is_json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "request.content_type",
            "the body must be JSON, sent with Content-Type: application/json",
        ));
    }
    let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|e| {
            let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            while let Some(s) = source {
                if s.is::<http_body_util::LengthLimitError>() {
                    return ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "request.too_large",
                        format!(
                            "the body is larger than {MAX_BODY_BYTES} bytes (after decompression)"
                        ),
                    );
                }
                source = s.source();
            }
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "request.malformed",
                format!("the body could not be read: {e}"),
            )
        })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "request.malformed",
            format!("the body is not valid JSON for this endpoint: {e}"),
        )
    })
}

/// `POST /v1/enrol`. An address that sent too many unknown, used or
/// expired codes lately is refused with 429 `enrol.rate_limited` and a
/// `Retry-After` ([`crate::limits`]).
async fn enrol(
    State(state): State<AppState>,
    crate::dashboard::Peer(peer): crate::dashboard::Peer,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let address = crate::limits::client_address(&headers, peer, state.behind_proxy);
    if let Err(seconds) = state.enrol_limits.check(&address) {
        tracing::warn!(%address, "enrolment refused: too many failed codes");
        let mut res = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "enrol.rate_limited",
            format!(
                "too many unknown, used or expired codes from this address; try again in {} minute(s)",
                seconds.div_ceil(60)
            ),
        )
        .into_response();
        res.headers_mut()
            .insert(axum::http::header::RETRY_AFTER, seconds.into());
        return res;
    }
    let run = async {
        let req: EnrolRequest = read_json(&headers, body).await?;
        let storage = state.storage.clone();
        // The storage's own answer is kept whole, to count a bad code.
        let res = match blocking(move || Ok(storage.enrol(&req.code, &req.device_name))).await? {
            Ok(res) => res,
            Err(e) => {
                if matches!(
                    e,
                    StorageError::CodeUnknown
                        | StorageError::CodeUsed
                        | StorageError::CodeExpired(_)
                ) {
                    state.enrol_limits.record_failure(&address);
                }
                return Err(ApiError::from(e));
            }
        };
        tracing::info!(device = %res.device_id, club = %res.club.id, "device enrolled");
        Ok::<_, ApiError>(Json(res))
    };
    run.await.into_response()
}

/// A push body: operations kept as raw JSON so that one malformed
/// operation is rejected alone.
#[derive(Deserialize)]
struct PushBody {
    ops: Vec<serde_json::Value>,
}

/// `POST /v1/push`.
async fn push(
    State(state): State<AppState>,
    Authed(device): Authed,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let req: PushBody = read_json(&headers, body).await?;
    if req.ops.len() > MAX_PUSH_OPS {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "push.too_many_ops",
            format!(
                "a push may carry at most {MAX_PUSH_OPS} operations, this one has {}",
                req.ops.len()
            ),
        ));
    }
    let ctx = PushContext {
        device_date: headers
            .get(DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
            .map(|d| d.with_timezone(&Utc)),
    };
    let storage = state.storage.clone();
    let n = req.ops.len();
    let dev = device.clone();
    let res = blocking(move || storage.push(&dev, req.ops, &ctx)).await?;
    tracing::info!(device = %device.id, club = %device.club_id, ops = n, "push applied");
    if Faults::take(&state.faults.fail_after_commit) {
        tracing::warn!("injected fault: failing a committed push");
        return Err(ApiError::internal());
    }
    if Faults::take(&state.faults.drop_response_after_commit) {
        tracing::warn!("injected fault: cutting the answer to a committed push");
        return Ok((StatusCode::OK, Body::new(BrokenBody)).into_response());
    }
    Ok(Json(res).into_response())
}

/// A body that fails at once: the server cuts the connection mid-answer.
struct BrokenBody;

impl http_body::Body for BrokenBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::other("injected fault"))))
    }
}

/// Query of `GET /v1/pull`.
#[derive(Debug, Deserialize)]
struct PullQuery {
    after: Option<i64>,
    limit: Option<u32>,
}

/// `GET /v1/pull?after=SEQ&limit=N`.
async fn pull(
    State(state): State<AppState>,
    Authed(device): Authed,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "request.malformed",
            format!("bad query: {e}"),
        )
    })?;
    let after = q.after.unwrap_or(0);
    if after < 0 {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "request.malformed",
            "after must be 0 or more",
        ));
    }
    let limit = q.limit.unwrap_or(DEFAULT_PULL_LIMIT);
    if limit == 0 {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "request.malformed",
            "limit must be 1 or more",
        ));
    }
    let limit = limit.min(MAX_PULL_LIMIT);
    let storage = state.storage.clone();
    let res = blocking(move || storage.pull(&device, after, limit)).await?;
    Ok(Json(res).into_response())
}
