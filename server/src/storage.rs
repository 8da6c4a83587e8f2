//! The narrow storage interface the HTTP layer uses, its value types and its
//! errors. [`crate::sqlite::SqliteStorage`] implements it today; a
//! PostgreSQL implementation can follow without touching the HTTP layer.
//!
//! Every method is blocking: the HTTP layer calls them inside
//! `tokio::task::spawn_blocking`.

use chrono::{DateTime, NaiveDate, Utc};
use ishc_core::ops::ClubRecord;
use ishc_core::sync::wire::{EnrolResponse, PullResponse, PushResponse};
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
