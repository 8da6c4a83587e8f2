//! The sync protocol's wire types, shared by the phone's sync client and the
//! provincial server (`docs/PROTOCOL.md` documents every endpoint, field,
//! status and error code).
//!
//! JSON over HTTPS. Requests carry the protocol version in the
//! [`PROTOCOL_HEADER`] header and the device token as `Authorization: Bearer`.
//! Push bodies may be gzip-compressed (`Content-Encoding: gzip`); responses
//! are compressed when the client accepts it.

use crate::ops::{Change, ClubRecord};
use serde::{Deserialize, Serialize};

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;
/// Versions the server accepts (older app versions keep syncing).
pub const SUPPORTED_VERSIONS: &[u32] = &[1];
/// The request header that carries the protocol version.
pub const PROTOCOL_HEADER: &str = "x-ishc-protocol";
/// Most operations in one push.
pub const MAX_PUSH_OPS: usize = 500;
/// Largest push body the server accepts, bytes (after decompression).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// Most operations in one pull page.
pub const MAX_PULL_LIMIT: u32 = 1000;

/// One operation as it travels: a change-log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireOp {
    /// Operation id (UUIDv7), the idempotency key.
    pub op_id: String,
    /// Entity kind (`member`, `journal`, …).
    pub entity: String,
    /// Entity id.
    pub entity_id: String,
    /// The change.
    pub change: Change,
    /// Device that made it.
    pub device_id: String,
    /// Member id of who made it (or `admin:<name>` for server administration).
    pub author: String,
    /// Hybrid logical clock stamp (`wall-counter-device`).
    pub hlc: String,
    /// Device time when made, RFC 3339 (informative only; never used to order).
    pub recorded_at: String,
    /// The highest server sequence number the device had pulled when it made
    /// the operation (0 if none): what it had seen, for conflict detection.
    pub base_seq: i64,
}

/// `POST /v1/enrol`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolRequest {
    /// The club's one-time enrolment code.
    pub code: String,
    /// A name for the device, shown to administrators.
    pub device_name: String,
}

/// Answer to an enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolResponse {
    /// The device id the server assigned.
    pub device_id: String,
    /// Bearer token (256 random bits, hex); the server keeps only its hash.
    pub token: String,
    /// The club the device now belongs to.
    pub club: ClubRecord,
}

/// `POST /v1/push`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    /// Operations in change-log order (at most [`MAX_PUSH_OPS`]).
    pub ops: Vec<WireOp>,
}

/// What the server did with one pushed operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum OpOutcome {
    /// Applied now, with its sequence number.
    Accepted {
        /// Server sequence number in the club.
        seq: i64,
    },
    /// Already applied earlier (same id, same content).
    AlreadyHad {
        /// Its sequence number.
        seq: i64,
    },
    /// Not applied; stays on the phone with the reason.
    Rejected {
        /// Stable code (`op.invalid`, `op.unknown_parent`, …).
        code: String,
        /// English reason.
        reason: String,
    },
}

/// The outcome for one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpResult {
    /// Operation id.
    pub op_id: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: OpOutcome,
}

/// Answer to a push: one result per operation, in request order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    /// Results.
    pub results: Vec<OpResult>,
    /// Server receive time, RFC 3339.
    pub server_time: String,
    /// Whether the device's clock looks off by more than 5 minutes.
    pub clock_skew_flagged: bool,
}

/// One operation in a pull page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulledOp {
    /// Server sequence number in the club.
    pub seq: i64,
    /// The operation.
    pub op: WireOp,
}

/// Answer to `GET /v1/pull?after=SEQ&limit=N`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    /// Operations with `seq > after`, in sequence order.
    pub ops: Vec<PulledOp>,
    /// The cursor to ask after next time (the last `seq`, or `after`).
    pub next_after: i64,
    /// Whether more operations follow.
    pub more: bool,
}

/// Body of every non-2xx answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable code (`auth.token_invalid`, `protocol.unsupported`, …).
    pub code: String,
    /// English explanation.
    pub message: String,
}
