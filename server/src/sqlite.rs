//! [`Storage`] on one SQLite file: the core schema materialises every club's
//! data (`ishc_core::schema`), and the server's own tables, prefixed
//! `server_`, hold the registry of devices, enrolment codes and the
//! per-club operation log. The server tables have their own numbered
//! migrations, versioned in `server_meta` (the core schema owns
//! `PRAGMA user_version`).
//!
//! One connection, behind a mutex, does all the work; callers run on
//! blocking threads.

use crate::codes;
use crate::storage::{
    ClubInfo, Device, DeviceInfo, IssuedCode, NewClub, PushContext, Storage, StorageError,
    StorageResult,
};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use ishc_core::clock::{Clock, SystemClock};
use ishc_core::hlc::{Hlc, HlcStamp};
use ishc_core::ops::{Change, ClubRecord};
use ishc_core::sync::replica;
use ishc_core::sync::wire::{
    EnrolResponse, OpOutcome, OpResult, PullResponse, PulledOp, PushResponse, WireOp,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

/// The device id and author of operations the server itself makes.
pub const SERVER_DEVICE: &str = "server";
/// Author of administration operations made from the command line.
pub const ADMIN_AUTHOR: &str = "admin:server";
/// A device clock more than this far from the server's is flagged.
pub const CLOCK_SKEW_LIMIT_MS: i64 = 5 * 60 * 1000;

/// The server tables, one numbered step each: `MIGRATIONS[i]` takes the
/// server schema from version `i` to `i + 1`. Append; never edit a step.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE server_enrolment_codes (
    code_hash      TEXT PRIMARY KEY,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    used_at        TEXT,
    used_by_device TEXT
) STRICT;

CREATE TABLE server_devices (
    id            TEXT PRIMARY KEY,
    club_id       TEXT NOT NULL REFERENCES clubs(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT,
    last_seen_at  TEXT,
    clock_skew_ms INTEGER
) STRICT;
CREATE INDEX server_devices_club ON server_devices(club_id);

CREATE TABLE server_ops (
    club_id      TEXT NOT NULL REFERENCES clubs(id),
    seq          INTEGER NOT NULL CHECK (seq > 0),
    op_id        TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    op_json      TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    PRIMARY KEY (club_id, seq)
) STRICT;
"#,
    // 2: the provincial dashboard: officers, their sessions, failed sign-ins
    // (rate limit), the audit log of views of personal data, the plan targets.
    r#"
CREATE TABLE server_officers (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    province_code INTEGER NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled_at   TEXT
) STRICT;

CREATE TABLE server_sessions (
    token_hash   TEXT PRIMARY KEY,
    officer_id   TEXT NOT NULL REFERENCES server_officers(id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
) STRICT;
CREATE INDEX server_sessions_officer ON server_sessions(officer_id);

CREATE TABLE server_login_failures (
    username TEXT NOT NULL,
    ip       TEXT NOT NULL,
    at       TEXT NOT NULL
) STRICT;
CREATE INDEX server_login_failures_username ON server_login_failures(username, at);
CREATE INDEX server_login_failures_ip ON server_login_failures(ip, at);

CREATE TABLE server_audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    officer_id TEXT NOT NULL,
    username   TEXT NOT NULL,
    action     TEXT NOT NULL,
    club_id    TEXT,
    detail     TEXT NOT NULL,
    ip         TEXT NOT NULL
) STRICT;

CREATE TABLE server_plan_targets (
    id            INTEGER PRIMARY KEY,
    province_code INTEGER NOT NULL,
    plan          TEXT NOT NULL,
    indicator     TEXT NOT NULL,
    scope         TEXT NOT NULL CHECK (scope IN ('province', 'national')),
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    comparison    TEXT NOT NULL CHECK (comparison IN ('at_least', 'at_most', 'between')),
    value         INTEGER NOT NULL CHECK (value >= 0),
    value_max     INTEGER,
    unit          TEXT NOT NULL CHECK (unit IN ('count', 'percent', 'per_mille')),
    definition_en TEXT NOT NULL,
    definition_vi TEXT NOT NULL,
    source        TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
) STRICT;
CREATE INDEX server_plan_targets_province ON server_plan_targets(province_code);
"#,
];

/// The server schema version this build creates.
pub fn server_schema_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// An instant as stored and sent: RFC 3339, UTC, milliseconds.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// [`Storage`] on SQLite.
pub struct SqliteStorage {
    conn: Mutex<Connection>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for SqliteStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStorage").finish_non_exhaustive()
    }
}

fn invalid<T>(code: &str, message: impl Into<String>) -> StorageResult<T> {
    Err(StorageError::Invalid {
        code: code.to_string(),
        message: message.into(),
    })
}

fn internal(e: impl std::fmt::Display) -> StorageError {
    StorageError::Internal(e.to_string())
}

fn rejected(code: &str, reason: impl Into<String>) -> OpOutcome {
    OpOutcome::Rejected {
        code: code.to_string(),
        reason: reason.into(),
    }
}

impl SqliteStorage {
    /// Opens (creating or upgrading) the database at `path`, on the system clock.
    pub fn open(path: &Path) -> StorageResult<SqliteStorage> {
        Self::open_with_clock(path, Arc::new(SystemClock))
    }

    /// Opens the database at `path`, reading time from `clock`.
    pub fn open_with_clock(path: &Path, clock: Arc<dyn Clock>) -> StorageResult<SqliteStorage> {
        let conn = Connection::open(path)?;
        Self::from_connection(conn, clock)
    }

    /// An in-memory database (tests).
    pub fn open_in_memory(clock: Arc<dyn Clock>) -> StorageResult<SqliteStorage> {
        Self::from_connection(Connection::open_in_memory()?, clock)
    }

    fn from_connection(mut conn: Connection, clock: Arc<dyn Clock>) -> StorageResult<Self> {
        ishc_core::schema::configure(&conn)?;
        // The server's one writer serves a whole province: a 64 MiB page
        // cache and checkpoints every ~40 MiB of WAL (instead of ~4 MiB) let
        // pages touched by many pushes be written back once.
        conn.execute_batch("PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 10000;")?;
        ishc_core::schema::init(&mut conn)?;
        migrate(&mut conn)?;
        Ok(SqliteStorage {
            conn: Mutex::new(conn),
            clock,
        })
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now().with_timezone(&Utc)
    }

    /// The connection. A panic on another thread while it held the lock
    /// rolled its transaction back on unwinding, so the connection is sound.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` in one immediate transaction, committed only on `Ok`.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> StorageResult<T>,
    ) -> StorageResult<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn read_club(conn: &Connection, id: &str) -> StorageResult<ClubRecord> {
        let row = conn
            .query_row(
                "SELECT id, name, commune_code, founded_on, activity_areas FROM clubs WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, u32>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StorageError::ClubUnknown(id.to_string()))?;
        Ok(ClubRecord {
            id: row.0,
            name: row.1,
            commune_code: row.2,
            founded_on: row.3.parse().map_err(internal)?,
            activity_areas: serde_json::from_str(&row.4).map_err(internal)?,
        })
    }

    pub(crate) fn next_seq(tx: &Connection, club_id: &str) -> StorageResult<i64> {
        Ok(tx.query_row(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM server_ops WHERE club_id = ?1",
            [club_id],
            |r| r.get(0),
        )?)
    }

    pub(crate) fn store_op(
        tx: &Connection,
        club_id: &str,
        seq: i64,
        op: &StoredOp,
        received_at: &str,
    ) -> StorageResult<()> {
        tx.prepare_cached(
            "INSERT INTO server_ops (club_id, seq, op_id, content_hash, op_json, device_id, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            club_id,
            seq,
            op.op.op_id,
            op.hash,
            op.json,
            op.op.device_id,
            received_at
        ])?;
        Ok(())
    }

    fn device_info(conn: &Connection, id: &str) -> StorageResult<DeviceInfo> {
        conn.query_row(
            &format!("SELECT {DEVICE_COLS} FROM server_devices WHERE id = ?1"),
            [id],
            device_from_row,
        )
        .optional()?
        .ok_or_else(|| StorageError::DeviceUnknown(id.to_string()))
    }

    /// What happens to one parsed operation, inside the push transaction.
    fn push_one(
        tx: &Transaction<'_>,
        device: &Device,
        op: &StoredOp,
        received_at: &str,
        next_seq: &mut i64,
    ) -> StorageResult<OpOutcome> {
        let w = &op.op;
        let stored: Option<(String, i64, String)> = tx
            .prepare_cached("SELECT club_id, seq, content_hash FROM server_ops WHERE op_id = ?1")?
            .query_row([&w.op_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((club, seq, hash)) = stored {
            if club != device.club_id {
                return Ok(rejected(
                    "op.other_club",
                    format!("operation {} belongs to another club", w.op_id),
                ));
            }
            if hash == op.hash {
                return Ok(OpOutcome::AlreadyHad { seq });
            }
            return Ok(rejected(
                "op.conflicting_duplicate",
                format!(
                    "operation {} was received before with different content (seq {seq})",
                    w.op_id
                ),
            ));
        }
        if w.device_id != device.id {
            return Ok(rejected(
                "op.wrong_device",
                format!(
                    "operation {} was made by device {}, not by the device pushing it ({})",
                    w.op_id, w.device_id, device.id
                ),
            ));
        }
        match replica::club_of_change(tx, &w.change) {
            Err(r) => return Ok(rejected(&r.code, r.reason)),
            Ok(club) if club != device.club_id => {
                return Ok(rejected(
                    "op.other_club",
                    format!(
                        "operation {} is about club {club}, not the device's club",
                        w.op_id
                    ),
                ))
            }
            Ok(_) => {}
        }
        let seq = *next_seq;
        tx.execute_batch("SAVEPOINT push_op")?;
        match replica::apply(tx, w, Some(seq)) {
            Ok(()) => {
                let stored = Self::store_op(tx, &device.club_id, seq, op, received_at);
                if stored.is_err() {
                    tx.execute_batch("ROLLBACK TO push_op; RELEASE push_op")?;
                    stored?;
                }
                tx.execute_batch("RELEASE push_op")?;
                *next_seq += 1;
                Ok(OpOutcome::Accepted { seq })
            }
            Err(r) => {
                tx.execute_batch("ROLLBACK TO push_op; RELEASE push_op")?;
                Ok(rejected(&r.code, r.reason))
            }
        }
    }
}

/// A pushed operation with its canonical JSON and that JSON's SHA-256.
pub(crate) struct StoredOp {
    pub(crate) op: WireOp,
    pub(crate) json: String,
    pub(crate) hash: String,
}

impl StoredOp {
    pub(crate) fn new(op: WireOp) -> StorageResult<StoredOp> {
        let json = serde_json::to_string(&op).map_err(internal)?;
        let hash = codes::sha256_hex(json.as_bytes());
        Ok(StoredOp { op, json, hash })
    }
}

/// One push's operations between parsing and the answer: shared by the
/// SQLite backend and the PostgreSQL backend's replica.
pub(crate) struct PushBatch {
    /// Each pushed value's `op_id` as sent (empty when missing).
    pub(crate) ids: Vec<String>,
    /// Each value's outcome once known.
    pub(crate) outcomes: Vec<Option<OpOutcome>>,
    /// Each value parsed, `None` when malformed.
    pub(crate) parsed: Vec<Option<StoredOp>>,
    /// The device clock's offset when above [`CLOCK_SKEW_LIMIT_MS`].
    pub(crate) skew_ms: Option<i64>,
}

impl PushBatch {
    /// Parses pushed values and measures the device clock's skew.
    pub(crate) fn parse(
        ops: Vec<serde_json::Value>,
        now: DateTime<Utc>,
        ctx: &PushContext,
    ) -> StorageResult<PushBatch> {
        let mut ids = Vec::with_capacity(ops.len());
        let mut outcomes: Vec<Option<OpOutcome>> = Vec::with_capacity(ops.len());
        let mut parsed: Vec<Option<StoredOp>> = Vec::with_capacity(ops.len());
        for v in ops {
            let op_id = v
                .get("op_id")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_string();
            ids.push(op_id);
            match serde_json::from_value::<WireOp>(v) {
                Ok(op) if uuid::Uuid::parse_str(&op.op_id).is_err() => {
                    outcomes.push(Some(rejected(
                        "op.malformed",
                        format!("op_id '{}' is not a UUID", op.op_id),
                    )));
                    parsed.push(None);
                }
                Ok(op) => {
                    outcomes.push(None);
                    parsed.push(Some(StoredOp::new(op)?));
                }
                Err(e) => {
                    outcomes.push(Some(rejected(
                        "op.malformed",
                        format!("the operation is not a valid operation: {e}"),
                    )));
                    parsed.push(None);
                }
            }
        }

        // Clock skew: the Date header, when sent, is the device's clock now;
        // an operation recorded in the server's future shows a fast clock.
        // (An operation recorded in the past may simply have waited offline.)
        let mut skew_ms: Option<i64> = ctx
            .device_date
            .map(|d| (d - now).num_milliseconds())
            .filter(|s| s.abs() > CLOCK_SKEW_LIMIT_MS);
        for op in parsed.iter().flatten() {
            if let Ok(t) = DateTime::parse_from_rfc3339(&op.op.recorded_at) {
                let s = (t.with_timezone(&Utc) - now).num_milliseconds();
                if s > CLOCK_SKEW_LIMIT_MS && skew_ms.is_none_or(|k| s > k.abs()) {
                    skew_ms = Some(s);
                }
            }
        }

        Ok(PushBatch {
            ids,
            outcomes,
            parsed,
            skew_ms,
        })
    }

    /// Checks and applies the parsed operations on `tx` (the core schema and
    /// `server_ops`), numbering accepted ones from the club's next seq;
    /// retries every refused one while others get in.
    pub(crate) fn apply(
        &mut self,
        tx: &Transaction<'_>,
        device: &Device,
        received_at: &str,
    ) -> StorageResult<()> {
        // The club's next sequence number, read once per push (the
        // writer holds the only connection, inside this transaction).
        let mut next_seq = SqliteStorage::next_seq(tx, &device.club_id)?;
        let mut pending: Vec<usize> = (0..self.parsed.len())
            .filter(|&i| self.parsed[i].is_some())
            .collect();
        // Every rejected operation is tried again after a pass that
        // accepted something, not only `op.unknown_parent`: a later
        // operation of the batch may register the author (before, a visit
        // whose volunteer was registered later in the same push was refused
        // `op.not_permitted`, and the same push sent again accepted it).
        // The last pass accepts nothing, so every rejection is the answer
        // against the batch's final state, and a replay of the push answers
        // the same.
        loop {
            let mut accepted_any = false;
            let mut retry = vec![];
            for &i in &pending {
                let Some(op) = self.parsed[i].as_ref() else {
                    continue;
                };
                let outcome = SqliteStorage::push_one(tx, device, op, received_at, &mut next_seq)?;
                match &outcome {
                    OpOutcome::Accepted { .. } => accepted_any = true,
                    OpOutcome::Rejected { .. } => retry.push(i),
                    OpOutcome::AlreadyHad { .. } => {}
                }
                self.outcomes[i] = Some(outcome);
            }
            if retry.is_empty() || !accepted_any {
                break;
            }
            pending = retry;
        }
        Ok(())
    }

    /// The answer: one result per pushed value, in order.
    pub(crate) fn response(self, server_time: String) -> PushResponse {
        let results = self
            .ids
            .into_iter()
            .zip(self.outcomes)
            .map(|(op_id, outcome)| OpResult {
                op_id,
                outcome: outcome
                    .unwrap_or_else(|| rejected("op.malformed", "the operation was not processed")),
            })
            .collect();
        PushResponse {
            results,
            server_time,
            clock_skew_flagged: self.skew_ms.is_some(),
        }
    }
}

pub(crate) const DEVICE_COLS: &str =
    "id, club_id, name, created_at, revoked_at, last_seen_at, clock_skew_ms";

pub(crate) fn device_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeviceInfo> {
    Ok(DeviceInfo {
        id: r.get(0)?,
        club_id: r.get(1)?,
        name: r.get(2)?,
        created_at: r.get(3)?,
        revoked_at: r.get(4)?,
        last_seen_at: r.get(5)?,
        clock_skew_ms: r.get(6)?,
    })
}

/// Brings the server tables to [`server_schema_version`], one step per
/// transaction. A database from a newer server is refused.
fn migrate(conn: &mut Connection) -> StorageResult<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT",
    )?;
    let found: u32 = conn
        .query_row(
            "SELECT value FROM server_meta WHERE key = 'schema_version'",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .map(|v| v.parse().map_err(internal))
        .transpose()?
        .unwrap_or(0);
    let target = server_schema_version();
    if found > target {
        return Err(StorageError::Internal(format!(
            "server schema version {found} is newer than this build's {target}"
        )));
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        tx.execute_batch(step)?;
        tx.execute(
            "INSERT INTO server_meta (key, value) VALUES ('schema_version', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [(i + 1).to_string()],
        )?;
        tx.commit()?;
    }
    Ok(())
}

/// Checks a new club and makes its `ClubCreated` operation (the club's
/// operation 1, authored [`ADMIN_AUTHOR`] on device [`SERVER_DEVICE`] at
/// `now`). Errors: `club.name_required`, `club.name_too_long`, the core's
/// commune codes, `club.no_activity_areas`.
pub(crate) fn club_created_op(
    new: NewClub,
    now: DateTime<Utc>,
) -> StorageResult<(ClubRecord, StoredOp)> {
    let name = ishc_core::text::normalize_text(&new.name);
    if name.is_empty() {
        return invalid("club.name_required", "the club needs a name");
    }
    if name.chars().count() > 200 {
        return invalid(
            "club.name_too_long",
            "the club name is longer than 200 characters",
        );
    }
    // A pre-2025 code becomes the 2025 commune it was merged into, as on
    // a phone; a divided or unknown one is refused with the core's code.
    let commune_code = match ishc_core::commune_merges::commune_2025(new.commune_code) {
        Ok(code) => code,
        Err(ishc_core::Error::Invalid(e)) => return invalid(&e.code, e.message),
        Err(e) => return Err(internal(e)),
    };
    let activity_areas: Vec<String> = match new.activity_areas {
        Some(a) => a
            .iter()
            .map(|s| ishc_core::text::normalize_text(s))
            .filter(|s| !s.is_empty())
            .collect(),
        None => ishc_core::model::DEFAULT_ACTIVITY_AREAS
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    if activity_areas.is_empty() {
        return invalid(
            "club.no_activity_areas",
            "a club needs at least one activity area",
        );
    }
    let club = ClubRecord {
        id: uuid::Uuid::now_v7().to_string(),
        name,
        commune_code,
        founded_on: new.founded_on,
        activity_areas,
    };
    let change = Change::ClubCreated(club.clone());
    let (entity, entity_id) = change.entity();
    let wall_ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
    let op = WireOp {
        op_id: uuid::Uuid::now_v7().to_string(),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        device_id: SERVER_DEVICE.to_string(),
        author: ADMIN_AUTHOR.to_string(),
        hlc: HlcStamp {
            hlc: Hlc {
                wall_ms,
                counter: 0,
            },
            device: SERVER_DEVICE.to_string(),
        }
        .to_string(),
        recorded_at: timestamp(now),
        base_seq: 0,
        change,
    };
    let stored = StoredOp::new(op)?;
    Ok((club, stored))
}

impl Storage for SqliteStorage {
    fn create_club(&self, new: NewClub) -> StorageResult<ClubRecord> {
        let now = self.now();
        let (club, stored) = club_created_op(new, now)?;
        self.write(|tx| {
            replica::apply(tx, &stored.op, Some(1)).map_err(|r| StorageError::Invalid {
                code: r.code,
                message: r.reason,
            })?;
            Self::store_op(tx, &club.id, 1, &stored, &timestamp(now))
        })?;
        Ok(club)
    }

    fn list_clubs(&self) -> StorageResult<Vec<ClubInfo>> {
        let conn = self.lock();
        let ids: Vec<(String, u32, i64)> = conn
            .prepare(
                "SELECT c.id,
                    (SELECT COUNT(*) FROM server_devices d WHERE d.club_id = c.id AND d.revoked_at IS NULL),
                    (SELECT COALESCE(MAX(seq), 0) FROM server_ops o WHERE o.club_id = c.id)
                 FROM clubs c ORDER BY c.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|(id, active_devices, last_seq)| {
                Ok(ClubInfo {
                    club: Self::read_club(&conn, &id)?,
                    active_devices,
                    last_seq,
                })
            })
            .collect()
    }

    fn issue_code(&self, club_id: &str, ttl_hours: u32) -> StorageResult<IssuedCode> {
        let now = self.now();
        let expires = now + Duration::hours(i64::from(ttl_hours));
        let code = codes::new_enrolment_code().map_err(internal)?;
        self.write(|tx| {
            Self::read_club(tx, club_id)?;
            tx.execute(
                "INSERT INTO server_enrolment_codes (code_hash, club_id, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    codes::sha256_hex(codes::normalize_code(&code).as_bytes()),
                    club_id,
                    timestamp(now),
                    timestamp(expires)
                ],
            )?;
            Ok(())
        })?;
        Ok(IssuedCode {
            code: codes::display_code(&code),
            club_id: club_id.to_string(),
            expires_at: timestamp(expires),
        })
    }

    fn enrol(&self, code: &str, device_name: &str) -> StorageResult<EnrolResponse> {
        let name = ishc_core::text::normalize_text(device_name);
        if name.is_empty() || name.chars().count() > 100 {
            return invalid(
                "enrol.device_name",
                "device_name must be 1 to 100 characters",
            );
        }
        let code_hash = codes::sha256_hex(codes::normalize_code(code).as_bytes());
        let now = self.now();
        let token = codes::new_token().map_err(internal)?;
        let device_id = uuid::Uuid::now_v7().to_string();
        self.write(|tx| {
            let row: Option<(String, String, Option<String>)> = tx
                .query_row(
                    "SELECT club_id, expires_at, used_at FROM server_enrolment_codes WHERE code_hash = ?1",
                    [&code_hash],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let (club_id, expires_at, used_at) = row.ok_or(StorageError::CodeUnknown)?;
            if used_at.is_some() {
                return Err(StorageError::CodeUsed);
            }
            let expires: DateTime<Utc> = DateTime::parse_from_rfc3339(&expires_at)
                .map_err(internal)?
                .with_timezone(&Utc);
            if now >= expires {
                return Err(StorageError::CodeExpired(expires_at));
            }
            tx.execute(
                "INSERT INTO server_devices (id, club_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![device_id, club_id, name, codes::sha256_hex(token.as_bytes()), timestamp(now)],
            )?;
            tx.execute(
                "UPDATE server_enrolment_codes SET used_at = ?2, used_by_device = ?3 WHERE code_hash = ?1",
                params![code_hash, timestamp(now), device_id],
            )?;
            Ok(EnrolResponse {
                device_id: device_id.clone(),
                token: token.clone(),
                club: Self::read_club(tx, &club_id)?,
            })
        })
    }

    fn authenticate(&self, token: &str) -> StorageResult<Device> {
        if !codes::looks_like_token(token) {
            return Err(StorageError::TokenUnknown);
        }
        let hash = codes::sha256_hex(token.as_bytes());
        let now = timestamp(self.now());
        let conn = self.lock();
        let row: Option<(String, String, Option<String>)> = conn
            .prepare_cached(
                "SELECT id, club_id, revoked_at FROM server_devices WHERE token_hash = ?1",
            )?
            .query_row([&hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let (id, club_id, revoked_at) = row.ok_or(StorageError::TokenUnknown)?;
        if let Some(at) = revoked_at {
            return Err(StorageError::DeviceRevoked(at));
        }
        conn.prepare_cached("UPDATE server_devices SET last_seen_at = ?2 WHERE id = ?1")?
            .execute(params![id, now])?;
        Ok(Device { id, club_id })
    }

    fn push(
        &self,
        device: &Device,
        ops: Vec<serde_json::Value>,
        ctx: &PushContext,
    ) -> StorageResult<PushResponse> {
        let now = self.now();
        let received_at = timestamp(now);
        let mut batch = PushBatch::parse(ops, now, ctx)?;
        self.write(|tx| {
            batch.apply(tx, device, &received_at)?;
            tx.prepare_cached("UPDATE server_devices SET clock_skew_ms = ?2 WHERE id = ?1")?
                .execute(params![device.id, batch.skew_ms])?;
            Ok(())
        })?;

        Ok(batch.response(received_at))
    }

    fn pull(&self, device: &Device, after: i64, limit: u32) -> StorageResult<PullResponse> {
        let conn = self.lock();
        let rows: Vec<(i64, String)> = conn
            .prepare_cached(
                "SELECT seq, op_json FROM server_ops WHERE club_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            )?
            .query_map(params![device.club_id, after, i64::from(limit) + 1], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let more = rows.len() > limit as usize;
        let ops = rows
            .into_iter()
            .take(limit as usize)
            .map(|(seq, json)| {
                Ok(PulledOp {
                    seq,
                    op: serde_json::from_str(&json).map_err(internal)?,
                })
            })
            .collect::<StorageResult<Vec<_>>>()?;
        let next_after = ops.last().map_or(after, |o| o.seq);
        Ok(PullResponse {
            ops,
            next_after,
            more,
        })
    }

    fn list_devices(&self, club_id: Option<&str>) -> StorageResult<Vec<DeviceInfo>> {
        let conn = self.lock();
        if let Some(c) = club_id {
            Self::read_club(&conn, c)?;
        }
        let rows = conn
            .prepare(&format!(
                "SELECT {DEVICE_COLS} FROM server_devices WHERE ?1 IS NULL OR club_id = ?1 ORDER BY club_id, created_at, id"
            ))?
            .query_map([club_id], device_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn revoke_device(&self, device_id: &str) -> StorageResult<DeviceInfo> {
        let now = timestamp(self.now());
        self.write(|tx| {
            Self::device_info(tx, device_id)?;
            tx.execute(
                "UPDATE server_devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![device_id, now],
            )?;
            Self::device_info(tx, device_id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopening_keeps_data_and_a_newer_server_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let s = SqliteStorage::open(&path).unwrap();
        let club = s
            .create_club(NewClub {
                name: " CLB  Ấp 3 ".to_string(),
                commune_code: 26425,
                founded_on: chrono::NaiveDate::from_ymd_opt(2023, 5, 19).unwrap(),
                activity_areas: None,
            })
            .unwrap();
        assert_eq!(club.name, "CLB Ấp 3");
        drop(s);
        let s = SqliteStorage::open(&path).unwrap();
        assert_eq!(s.list_clubs().unwrap()[0].last_seq, 1);
        s.lock()
            .execute(
                "UPDATE server_meta SET value = '99' WHERE key = 'schema_version'",
                [],
            )
            .unwrap();
        drop(s);
        let err = SqliteStorage::open(&path).unwrap_err();
        assert_eq!(err.code(), "server.internal");
    }

    #[test]
    fn clubs_need_a_name_and_a_real_commune() {
        let s = SqliteStorage::open_in_memory(Arc::new(SystemClock)).unwrap();
        let new = |name: &str, commune: u32| NewClub {
            name: name.to_string(),
            commune_code: commune,
            founded_on: chrono::NaiveDate::from_ymd_opt(2023, 5, 19).unwrap(),
            activity_areas: None,
        };
        assert_eq!(
            s.create_club(new("  ", 26425)).unwrap_err().code(),
            "club.name_required"
        );
        assert_eq!(
            s.create_club(new("CLB", 9_999_999)).unwrap_err().code(),
            "club.commune_unknown"
        );
        // Xã Xuân Hiệp (26455) was merged into Xã Xuân Lộc (26425) in 2025;
        // 26449 was divided among several 2025 communes.
        assert_eq!(
            s.create_club(new("CLB", 26449)).unwrap_err().code(),
            "club.commune_divided"
        );
        assert_eq!(s.issue_code("nope", 1).unwrap_err().code(), "club.unknown");
        assert_eq!(
            s.revoke_device("nope").unwrap_err().code(),
            "device.unknown"
        );
        assert!(s.list_clubs().unwrap().is_empty());
        let merged = s.create_club(new("CLB Xuân Hiệp", 26455)).unwrap();
        assert_eq!(merged.commune_code, 26425);
        assert_eq!(s.list_clubs().unwrap()[0].club.commune_code, 26425);
    }
}
