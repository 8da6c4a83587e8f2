//! The narrow storage interfaces the HTTP layer uses, their value types
//! and errors: [`Storage`] for the sync API and [`DashboardStorage`] for the
//! provincial dashboard. [`crate::sqlite::SqliteStorage`] (one province,
//! embedded) and [`crate::postgres::PgStorage`] (national) implement both.
//!
//! Every method is blocking: the HTTP layer calls them inside
//! `tokio::task::spawn_blocking`.

use crate::accounts::{AuditEntry, LoginError, NewOfficer, NewSession, Officer, Session};
use crate::dashboard::targets::StoredTarget;
use chrono::{DateTime, NaiveDate, Utc};
use ishc_core::indicators::Target;
use ishc_core::ops::ClubRecord;
use ishc_core::sync::wire::{EnrolResponse, PullResponse, PushResponse};
use rusqlite::Connection;
use serde::Serialize;

/// A club to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClub {
    /// Name as typed (normalised on creation).
    pub name: String,
    /// Official commune code (2025 units).
    pub commune_code: u32,
    /// Founding date.
    pub founded_on: NaiveDate,
    /// Activity areas; `None` for the default eight.
    pub activity_areas: Option<Vec<String>>,
}

/// A club as the registry lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClubInfo {
    /// The club.
    #[serde(flatten)]
    pub club: ClubRecord,
    /// Devices enrolled and not revoked.
    pub active_devices: u32,
    /// Operations stored for the club (its highest sequence number).
    pub last_seq: i64,
}

/// A freshly issued enrolment code. The code itself is shown once and not
/// stored (only its SHA-256 is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedCode {
    /// The code, `XXXXX-XXXXX`.
    pub code: String,
    /// The club it enrols into.
    pub club_id: String,
    /// When it stops working, RFC 3339 UTC.
    pub expires_at: String,
}

/// An authenticated device: what a request is allowed to see and do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Device id.
    pub id: String,
    /// The one club it belongs to.
    pub club_id: String,
}

/// A device as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceInfo {
    /// Device id.
    pub id: String,
    /// Club id.
    pub club_id: String,
    /// Name given at enrolment.
    pub name: String,
    /// Enrolment time, RFC 3339 UTC.
    pub created_at: String,
    /// Revocation time, if revoked.
    pub revoked_at: Option<String>,
    /// Last authenticated request, if any.
    pub last_seen_at: Option<String>,
    /// Clock offset seen on the last push that showed one above the
    /// threshold (device minus server, ms); `None` when the last push did not.
    pub clock_skew_ms: Option<i64>,
}

/// What the HTTP layer knows about a push besides its operations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushContext {
    /// The request's `Date` header, if the device sent one: its clock now.
    pub device_date: Option<DateTime<Utc>>,
}

/// Why a storage call failed. Each variant but [`StorageError::Internal`]
/// is the client's or administrator's doing and has a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// No enrolment code has this value.
    #[error("the enrolment code is not known")]
    CodeUnknown,
    /// The code was used already.
    #[error("the enrolment code was already used")]
    CodeUsed,
    /// The code expired.
    #[error("the enrolment code expired at {0}")]
    CodeExpired(String),
    /// No device has this token.
    #[error("the token is not known")]
    TokenUnknown,
    /// The device was revoked.
    #[error("the device was revoked at {0}")]
    DeviceRevoked(String),
    /// No club with this id.
    #[error("no club has id {0}")]
    ClubUnknown(String),
    /// No device with this id.
    #[error("no device has id {0}")]
    DeviceUnknown(String),
    /// An input broke a rule (`code`, English message).
    #[error("{message}")]
    Invalid {
        /// Stable code.
        code: String,
        /// English message.
        message: String,
    },
    /// The database failed, or stored data could not be read.
    #[error("storage failure: {0}")]
    Internal(String),
}

impl StorageError {
    /// The stable code sent to clients and printed by the command line.
    pub fn code(&self) -> &str {
        match self {
            StorageError::CodeUnknown => "enrol.code_unknown",
            StorageError::CodeUsed => "enrol.code_used",
            StorageError::CodeExpired(_) => "enrol.code_expired",
            StorageError::TokenUnknown => "auth.token_invalid",
            StorageError::DeviceRevoked(_) => "auth.device_revoked",
            StorageError::ClubUnknown(_) => "club.unknown",
            StorageError::DeviceUnknown(_) => "device.unknown",
            StorageError::Invalid { code, .. } => code,
            StorageError::Internal(_) => "server.internal",
        }
    }
}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        StorageError::Internal(e.to_string())
    }
}

impl From<ishc_core::Error> for StorageError {
    fn from(e: ishc_core::Error) -> Self {
        match e {
            ishc_core::Error::Invalid(f) => StorageError::Invalid {
                code: f.code.to_string(),
                message: f.message.clone(),
            },
            other => StorageError::Internal(other.to_string()),
        }
    }
}

/// Result of a storage call.
pub type StorageResult<T> = Result<T, StorageError>;

/// What the server needs from its database.
pub trait Storage: Send + Sync {
    /// Creates a club: its `ClubCreated` operation, authored `admin:server`,
    /// becomes the club's operation 1.
    fn create_club(&self, new: NewClub) -> StorageResult<ClubRecord>;
    /// Every club, by id.
    fn list_clubs(&self) -> StorageResult<Vec<ClubInfo>>;
    /// Issues a one-time enrolment code for `club_id`, valid `ttl_hours`.
    fn issue_code(&self, club_id: &str, ttl_hours: u32) -> StorageResult<IssuedCode>;
    /// Uses an enrolment code: a new device in the code's club.
    fn enrol(&self, code: &str, device_name: &str) -> StorageResult<EnrolResponse>;
    /// The device a bearer token belongs to (and notes it was seen).
    fn authenticate(&self, token: &str) -> StorageResult<Device>;
    /// Applies pushed operations (raw JSON, one value each) for `device`.
    fn push(
        &self,
        device: &Device,
        ops: Vec<serde_json::Value>,
        ctx: &PushContext,
    ) -> StorageResult<PushResponse>;
    /// The device's club's operations with `seq > after`, at most `limit`.
    fn pull(&self, device: &Device, after: i64, limit: u32) -> StorageResult<PullResponse>;
    /// Devices, of one club or all.
    fn list_devices(&self, club_id: Option<&str>) -> StorageResult<Vec<DeviceInfo>>;
    /// Revokes a device: its token stops working at once.
    fn revoke_device(&self, device_id: &str) -> StorageResult<DeviceInfo>;
}

/// What the dashboard needs from the server's database: officers and their
/// sessions, the sign-in rate limit, the audit log, the plan targets, and
/// the club data its figures are computed from. Rules live in
/// [`crate::accounts`] and [`crate::dashboard::targets`]; each backend
/// stores.
pub trait DashboardStorage: Send + Sync {
    /// The server's clock (tests fix it): what "today" is for the pages.
    fn now(&self) -> DateTime<Utc>;
    /// Creates an officer. Errors: `officer.username`,
    /// `officer.username_taken`, `officer.name` (1–100 characters),
    /// `officer.province` (not a 2025 province code),
    /// `officer.password_short`, `officer.password_long`.
    fn create_officer(&self, new: NewOfficer) -> StorageResult<Officer>;
    /// Every officer, by username.
    fn list_officers(&self) -> StorageResult<Vec<Officer>>;
    /// Disables an officer: sign-in is refused and every open session ends
    /// at once. Disabling twice keeps the first time. Error
    /// `officer.unknown`.
    fn disable_officer(&self, username: &str) -> StorageResult<Officer>;
    /// Signs an officer in from address `ip`: a new session, or why not.
    ///
    /// Refused with [`LoginError::RateLimited`] (even with the right
    /// password) while the username or the address has
    /// [`crate::accounts::LOGIN_FAILURE_LIMIT`] failures in the last
    /// [`crate::accounts::LOGIN_WINDOW_MINUTES`]; each refusal for a wrong
    /// username or password or a disabled account ([`LoginError::Failed`])
    /// is one failure of both. A success clears the username's failures.
    /// Each attempt is counted, and recorded as a failure, before its
    /// password is checked (a success then deletes it), under a lock that
    /// parallel attempts share (on PostgreSQL across processes), so no more
    /// than the limit are ever checked at once.
    fn login(&self, username: &str, password: &str, ip: &str) -> Result<NewSession, LoginError>;
    /// The live session a cookie's token opens, and notes the request
    /// (idle time starts again). `None` for an unknown token, a session
    /// past its end ([`crate::accounts::SESSION_HOURS`] after sign-in, or
    /// [`crate::accounts::SESSION_IDLE_MINUTES`] without a request; it is
    /// deleted) or a disabled officer.
    fn session(&self, token: &str) -> StorageResult<Option<Session>>;
    /// Ends the session of `token` (nothing for an unknown token).
    fn logout(&self, token: &str) -> StorageResult<()>;
    /// Writes an entry to the audit log.
    fn audit(
        &self,
        officer: &Officer,
        action: &str,
        club_id: Option<&str>,
        detail: &str,
        ip: &str,
    ) -> StorageResult<()>;
    /// The audit log of the officers of `province_code`, newest first, at
    /// most `limit` entries (an admin reads their own province's).
    fn audit_log(&self, province_code: u32, limit: u32) -> StorageResult<Vec<AuditEntry>>;
    /// The province's targets in the order they were added, seeded from
    /// the presets ([`crate::dashboard::targets::presets_for`]) the first
    /// time (once, even when several processes read them at once).
    fn plan_targets(&self, province_code: u32) -> StorageResult<Vec<StoredTarget>>;
    /// Replaces target `id` of `officer`'s province with `target`, and
    /// writes the change to the audit log. Error `target.unknown` for a
    /// target of no or another province.
    fn update_target(
        &self,
        officer: &Officer,
        id: i64,
        target: &Target,
        ip: &str,
    ) -> StorageResult<StoredTarget>;
    /// Runs `read` on a connection to club data in the core's schema (what
    /// `ishc_core::indicators` and the club pages read) holding every club
    /// whose commune lies in `province_code` with at least every operation
    /// the server had stored when the call began. On PostgreSQL the
    /// process's replica first catches those clubs up.
    fn read_province(
        &self,
        province_code: u32,
        read: &mut dyn FnMut(&Connection) -> StorageResult<()>,
    ) -> StorageResult<()>;
}

impl dyn DashboardStorage + '_ {
    /// [`DashboardStorage::read_province`] returning what `read` returns.
    pub fn with_province<T>(
        &self,
        province_code: u32,
        read: impl FnOnce(&Connection) -> StorageResult<T>,
    ) -> StorageResult<T> {
        let mut read = Some(read);
        let mut out = None;
        self.read_province(province_code, &mut |conn| {
            if let Some(read) = read.take() {
                out = Some(read(conn)?);
            }
            Ok(())
        })?;
        out.ok_or_else(|| StorageError::Internal("the province was not read".into()))
    }
}
