//! [`Storage`] on PostgreSQL, for a national server of several processes
//! (`docs/notes/scale-security-design.md`, "The hard question").
//!
//! PostgreSQL holds the truth: the club registry (`server_clubs`), every
//! club's numbered operations (`server_ops`), devices and enrolment codes,
//! with their own numbered migrations in `server_meta`. Each process keeps
//! a **replica**: one SQLite file in the core's schema (a
//! [`SqliteStorage`]) holding the clubs it has served, so that a push is
//! checked by the core's own `ishc_core::sync::replica::apply`, the same
//! code as the SQLite backend and the phones. A push for club C:
//!
//! 1. begins a PostgreSQL transaction and takes
//!    `pg_advisory_xact_lock(key(C))`: pushes of one club are serialised
//!    across every process, different clubs run in parallel;
//! 2. refuses operations whose `op_id` PostgreSQL stores for another club,
//!    notes the device's clock skew, and reads C's operations the replica
//!    lacks (`seq` above the replica's highest);
//! 3. in one SQLite transaction on the replica, applies those, then checks
//!    and applies the pushed ones, numbering them from C's next seq;
//! 4. inserts the accepted ones into `server_ops` and commits PostgreSQL,
//!    then the replica. If PostgreSQL fails the replica is rolled back; if
//!    the process dies between the two commits the replica is behind, and
//!    steps 2–3 of the next push catch it up.
//!
//! The replica has one connection: a process applies its pushes one at a
//! time (steps 3–4), while pushes of other clubs run in other processes.
//!
//! Pulls, enrolment and authentication read PostgreSQL only. The
//! dashboard's accounts, audit log and targets live in PostgreSQL too
//! (migration 2, `crate::pg_dashboard`); its figures are read from the
//! replica after it has caught up every club of the officer's province
//! (`DashboardStorage::read_province`). The replica is
//! a cache: deleting its file while the server is stopped only costs a
//! replay of each club's operations on its next push. A replica that
//! disagrees with PostgreSQL (PostgreSQL restored to an earlier point) is
//! refused with `server.internal` naming the file to delete.
//!
//! The client is the synchronous `postgres` crate with an r2d2 pool: the
//! HTTP layer calls [`Storage`] on blocking threads, and the replica's
//! transaction (a `rusqlite` one, not `Send`) has to stay open across the
//! PostgreSQL round trips of one push, which a synchronous client allows
//! without moving it between tasks. `postgres` runs a small runtime of its
//! own for each call, which tokio refuses inside an async task (tests call
//! the storage directly from one), so such calls run on a scoped thread.

use crate::codes;
use crate::sqlite::{club_created_op, timestamp, PushBatch, SqliteStorage, StoredOp, DEVICE_COLS};
use crate::storage::{
    ClubInfo, Device, DeviceInfo, IssuedCode, NewClub, PushContext, Storage, StorageError,
    StorageResult,
};
use ::postgres::{GenericClient, NoTls};
use chrono::{DateTime, Duration, Utc};
use ishc_core::clock::{Clock, SystemClock};
use ishc_core::ops::ClubRecord;
use ishc_core::sync::replica;
use ishc_core::sync::wire::{
    EnrolResponse, OpOutcome, PullResponse, PulledOp, PushResponse, WireOp,
};
use r2d2_postgres::{r2d2, PostgresConnectionManager};
use rusqlite::{params, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The PostgreSQL tables, one numbered step each: `MIGRATIONS[i]` takes the
/// schema from version `i` to `i + 1`. Append; never edit a step. Instants
/// and dates are stored as the same RFC 3339 / ISO 8601 text as the SQLite
/// backend, so that both answer byte-identical values.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE server_clubs (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    commune_code   INTEGER NOT NULL,
    founded_on     TEXT NOT NULL,
    activity_areas TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE server_enrolment_codes (
    code_hash      TEXT PRIMARY KEY,
    club_id        TEXT NOT NULL REFERENCES server_clubs(id),
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    used_at        TEXT,
    used_by_device TEXT
);

CREATE TABLE server_devices (
    id            TEXT PRIMARY KEY,
    club_id       TEXT NOT NULL REFERENCES server_clubs(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT,
    last_seen_at  TEXT,
    clock_skew_ms BIGINT
);
CREATE INDEX server_devices_club ON server_devices(club_id);

CREATE TABLE server_ops (
    club_id      TEXT NOT NULL REFERENCES server_clubs(id),
    seq          BIGINT NOT NULL CHECK (seq > 0),
    op_id        TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    op_json      TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    PRIMARY KEY (club_id, seq)
);
"#,
    // 2: the dashboard's tables (officers, sessions, sign-in failures, the
    // audit log, plan targets), as the SQLite backend's step 2. Instants
    // compared in SQL are `COLLATE "C"`: byte order, whatever the
    // database's locale, so that RFC 3339 text sorts as time.
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
);

CREATE TABLE server_sessions (
    token_hash   TEXT PRIMARY KEY,
    officer_id   TEXT NOT NULL REFERENCES server_officers(id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT COLLATE "C" NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX server_sessions_officer ON server_sessions(officer_id);

CREATE TABLE server_login_failures (
    username TEXT NOT NULL,
    ip       TEXT NOT NULL,
    at       TEXT COLLATE "C" NOT NULL
);
CREATE INDEX server_login_failures_username ON server_login_failures(username, at);
CREATE INDEX server_login_failures_ip ON server_login_failures(ip, at);

CREATE TABLE server_audit (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TEXT NOT NULL,
    officer_id TEXT NOT NULL,
    username   TEXT NOT NULL,
    action     TEXT NOT NULL,
    club_id    TEXT,
    detail     TEXT NOT NULL,
    ip         TEXT NOT NULL
);
CREATE INDEX server_audit_officer ON server_audit(officer_id);

CREATE TABLE server_plan_targets (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    province_code INTEGER NOT NULL,
    plan          TEXT NOT NULL,
    indicator     TEXT NOT NULL,
    scope         TEXT NOT NULL CHECK (scope IN ('province', 'national')),
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    comparison    TEXT NOT NULL CHECK (comparison IN ('at_least', 'at_most', 'between')),
    value         BIGINT NOT NULL CHECK (value >= 0),
    value_max     BIGINT,
    unit          TEXT NOT NULL CHECK (unit IN ('count', 'percent', 'per_mille')),
    definition_en TEXT NOT NULL,
    definition_vi TEXT NOT NULL,
    source        TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);
CREATE INDEX server_plan_targets_province ON server_plan_targets(province_code);
"#,
];

/// The PostgreSQL schema version this build creates.
pub fn pg_schema_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// Key of the advisory lock held while migrating (any fixed 64-bit value
/// distinct from club keys' range would do; club keys are hashes).
const MIGRATION_LOCK: i64 = 0x1_5C_5E_17_E7;

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;
type PooledClient = r2d2::PooledConnection<PostgresConnectionManager<NoTls>>;

/// [`Storage`] on PostgreSQL with a SQLite replica on local disk.
pub struct PgStorage {
    /// Always `Some` but while dropping (see the `Drop` impl).
    pool: Option<Pool>,
    pub(crate) replica: SqliteStorage,
    replica_path: PathBuf,
    clock: Arc<dyn Clock>,
    /// Held by a dashboard read while it catches the replica up
    /// (`crate::pg_dashboard`): one catch-up at a time per process, so
    /// officers opening a province the process never served wait for the
    /// first copy instead of each downloading the province again on a
    /// pooled connection of their own.
    pub(crate) catch_up_lock: std::sync::Mutex<()>,
}

impl std::fmt::Debug for PgStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStorage")
            .field("replica", &self.replica_path)
            .finish_non_exhaustive()
    }
}

pub(crate) fn pg(e: ::postgres::Error) -> StorageError {
    match e.as_db_error() {
        Some(db) => StorageError::Internal(format!(
            "postgresql: {} ({})",
            db.message(),
            db.code().code()
        )),
        None => StorageError::Internal(format!("postgresql: {e}")),
    }
}

fn internal(e: impl std::fmt::Display) -> StorageError {
    StorageError::Internal(e.to_string())
}

/// Runs `f` where the synchronous client may block: on this thread, or on
/// a scoped thread when this one is inside a tokio runtime.
pub(crate) fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| match s.spawn(f).join() {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

/// The advisory lock key of a club: the first 8 bytes of SHA-256 of its id.
pub fn club_lock_key(club_id: &str) -> i64 {
    let hex = codes::sha256_hex(club_id.as_bytes());
    u64::from_str_radix(&hex[..16], 16).unwrap_or(0) as i64
}

impl PgStorage {
    /// Connects to `url` (`postgres://user@host:port/db`, libpq's key/value
    /// form also accepted), migrates its tables, and opens (creating) the
    /// replica file `replica`, on the system clock.
    pub fn open(url: &str, replica: &Path) -> StorageResult<PgStorage> {
        let config: ::postgres::Config = url.parse().map_err(|e| StorageError::Invalid {
            code: "server.database_url".to_string(),
            message: format!("--database-url is not a PostgreSQL URL: {e}"),
        })?;
        Self::open_with_config(config, replica, Arc::new(SystemClock))
    }

    /// As [`PgStorage::open`], with a parsed configuration (tests set the
    /// schema through `options`) and time read from `clock`.
    pub fn open_with_config(
        config: ::postgres::Config,
        replica: &Path,
        clock: Arc<dyn Clock>,
    ) -> StorageResult<PgStorage> {
        let replica_path = replica.to_path_buf();
        off_runtime(move || {
            let manager = PostgresConnectionManager::new(config, NoTls);
            let pool = r2d2::Pool::builder()
                .max_size(16)
                // Connections open as requests need them, not all 16 at start.
                .min_idle(Some(2))
                .connection_timeout(std::time::Duration::from_secs(10))
                .build(manager)
                .map_err(|e| StorageError::Internal(format!("postgresql: {e}")))?;
            let mut client = pool.get().map_err(internal)?;
            migrate(&mut client)?;
            drop(client);
            let replica = SqliteStorage::open_with_clock(&replica_path, clock.clone())?;
            Ok(PgStorage {
                pool: Some(pool),
                replica,
                replica_path,
                clock,
                catch_up_lock: std::sync::Mutex::new(()),
            })
        })
    }

    /// The replica file.
    pub fn replica_path(&self) -> &Path {
        &self.replica_path
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now().with_timezone(&Utc)
    }

    pub(crate) fn client(&self) -> StorageResult<PooledClient> {
        self.pool
            .as_ref()
            .ok_or_else(|| StorageError::Internal("the storage is closing".into()))?
            .get()
            .map_err(|e| StorageError::Internal(format!("postgresql: {e}")))
    }

    fn read_club(c: &mut impl GenericClient, id: &str) -> StorageResult<ClubRecord> {
        let row = c
            .query_opt(
                "SELECT id, name, commune_code, founded_on, activity_areas FROM server_clubs WHERE id = $1",
                &[&id],
            )
            .map_err(pg)?
            .ok_or_else(|| StorageError::ClubUnknown(id.to_string()))?;
        Ok(ClubRecord {
            id: row.get(0),
            name: row.get(1),
            commune_code: u32::try_from(row.get::<_, i32>(2)).map_err(internal)?,
            founded_on: row.get::<_, String>(3).parse().map_err(internal)?,
            activity_areas: serde_json::from_str(&row.get::<_, String>(4)).map_err(internal)?,
        })
    }

    fn device_info(c: &mut impl GenericClient, id: &str) -> StorageResult<DeviceInfo> {
        let row = c
            .query_opt(
                &format!("SELECT {DEVICE_COLS} FROM server_devices WHERE id = $1"),
                &[&id],
            )
            .map_err(pg)?
            .ok_or_else(|| StorageError::DeviceUnknown(id.to_string()))?;
        Ok(device_from_pg(&row))
    }

    /// Inserts accepted operations of `club_id` into `server_ops`.
    fn insert_ops(
        c: &mut impl GenericClient,
        club_id: &str,
        ops: &[(i64, &StoredOp)],
        received_at: &str,
    ) -> StorageResult<()> {
        if ops.is_empty() {
            return Ok(());
        }
        let seqs: Vec<i64> = ops.iter().map(|(s, _)| *s).collect();
        let ids: Vec<&str> = ops.iter().map(|(_, o)| o.op.op_id.as_str()).collect();
        let hashes: Vec<&str> = ops.iter().map(|(_, o)| o.hash.as_str()).collect();
        let jsons: Vec<&str> = ops.iter().map(|(_, o)| o.json.as_str()).collect();
        let devices: Vec<&str> = ops.iter().map(|(_, o)| o.op.device_id.as_str()).collect();
        c.execute(
            "INSERT INTO server_ops (club_id, seq, op_id, content_hash, op_json, device_id, received_at)
             SELECT $1, s, i, h, j, d, $7
             FROM UNNEST($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(s, i, h, j, d)",
            &[&club_id, &seqs, &ids, &hashes, &jsons, &devices, &received_at],
        )
        .map_err(pg)?;
        Ok(())
    }

    /// What the replica lacks of `club_id`: the replica's highest seq and
    /// PostgreSQL's rows above it. A push holds the club's advisory lock,
    /// so PostgreSQL's rows do not change until it commits; a dashboard
    /// read does not, and may get fewer rows than PostgreSQL holds by the
    /// time it applies them (its next read fetches the rest). Either way
    /// the replica may move forward meanwhile, which
    /// [`PgStorage::catch_up`] allows. The replica is locked only to read
    /// its seq, not during the PostgreSQL round trip.
    pub(crate) fn missing(
        &self,
        c: &mut impl GenericClient,
        club_id: &str,
    ) -> StorageResult<(i64, Vec<::postgres::Row>)> {
        let (have, mine) = {
            let conn = self.replica.lock();
            let have = SqliteStorage::next_seq(&conn, club_id)? - 1;
            let mine: Option<String> = if have > 0 {
                Some(conn.query_row(
                    "SELECT op_id FROM server_ops WHERE club_id = ?1 AND seq = ?2",
                    params![club_id, have],
                    |r| r.get(0),
                )?)
            } else {
                None
            };
            (have, mine)
        };
        // The row at `have` too, to check the replica holds PostgreSQL's
        // history and not another one (a restored database).
        let rows = c
            .query(
                "SELECT seq, op_id, content_hash, op_json, received_at FROM server_ops
                 WHERE club_id = $1 AND seq >= $2 ORDER BY seq",
                &[&club_id, &have.max(1)],
            )
            .map_err(pg)?;
        let mut rows = rows.into_iter();
        if let Some(mine) = mine {
            match rows.next() {
                Some(r) if r.get::<_, i64>(0) == have && r.get::<_, String>(1) == mine => {}
                _ => {
                    return Err(StorageError::Internal(format!(
                        "the replica {} holds operation {have} of club {club_id} that PostgreSQL \
                         does not: stop the server and delete the replica file",
                        self.replica_path.display()
                    )))
                }
            }
        }
        Ok((have, rows.collect()))
    }

    /// Applies [`PgStorage::missing`]'s rows to the replica inside its
    /// transaction `tx`. The replica may have moved past `have` since
    /// (a dashboard read of this process caught the club up between
    /// `missing` and this call): rows it already holds are skipped, which
    /// is sound because every row comes from PostgreSQL's committed
    /// history. A replica that went back is refused.
    pub(crate) fn catch_up(
        &self,
        tx: &rusqlite::Transaction<'_>,
        club_id: &str,
        have: i64,
        rows: Vec<::postgres::Row>,
    ) -> StorageResult<()> {
        let now_have = SqliteStorage::next_seq(tx, club_id)? - 1;
        if now_have < have {
            return Err(StorageError::Internal(format!(
                "the replica {} of club {club_id} went back from seq {have} to {now_have}",
                self.replica_path.display()
            )));
        }
        for r in rows {
            let seq: i64 = r.get(0);
            if seq <= now_have {
                continue;
            }
            let json: String = r.get(3);
            let op: WireOp = serde_json::from_str(&json).map_err(internal)?;
            replica::apply(tx, &op, Some(seq)).map_err(|e| {
                StorageError::Internal(format!(
                    "the replica refuses club {club_id}'s stored operation {seq}: {} ({})",
                    e.reason, e.code
                ))
            })?;
            let stored = StoredOp {
                op,
                json,
                hash: r.get(2),
            };
            let received_at: String = r.get(4);
            SqliteStorage::store_op(tx, club_id, seq, &stored, &received_at)?;
        }
        Ok(())
    }
}

impl Drop for PgStorage {
    /// Closing a `postgres` client blocks on its runtime, which tokio
    /// refuses inside an async task (a test dropping its server).
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            off_runtime(move || drop(pool));
        }
    }
}

fn device_from_pg(r: &::postgres::Row) -> DeviceInfo {
    DeviceInfo {
        id: r.get(0),
        club_id: r.get(1),
        name: r.get(2),
        created_at: r.get(3),
        revoked_at: r.get(4),
        last_seen_at: r.get(5),
        clock_skew_ms: r.get(6),
    }
}

/// Brings the tables to [`pg_schema_version`], one step per transaction,
/// under an advisory lock so that processes starting together migrate once.
/// A database from a newer server is refused.
fn migrate(c: &mut PooledClient) -> StorageResult<()> {
    let mut tx = c.transaction().map_err(pg)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(pg)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    )
    .map_err(pg)?;
    let found: u32 = tx
        .query_opt(
            "SELECT value FROM server_meta WHERE key = 'schema_version'",
            &[],
        )
        .map_err(pg)?
        .map(|r| r.get::<_, String>(0).parse().map_err(internal))
        .transpose()?
        .unwrap_or(0);
    let target = pg_schema_version();
    if found > target {
        return Err(StorageError::Internal(format!(
            "PostgreSQL schema version {found} is newer than this build's {target}"
        )));
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(step).map_err(pg)?;
        tx.execute(
            "INSERT INTO server_meta (key, value) VALUES ('schema_version', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&(i + 1).to_string()],
        )
        .map_err(pg)?;
    }
    tx.commit().map_err(pg)
}

impl Storage for PgStorage {
    fn create_club(&self, new: NewClub) -> StorageResult<ClubRecord> {
        let now = self.now();
        let (club, stored) = club_created_op(new, now)?;
        let received_at = timestamp(now);
        off_runtime(|| {
            let mut client = self.client()?;
            let mut pgtx = client.transaction().map_err(pg)?;
            // Checked by the core on the replica first, as a push is.
            let mut conn = self.replica.lock();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            replica::apply(&tx, &stored.op, Some(1)).map_err(|r| StorageError::Invalid {
                code: r.code,
                message: r.reason,
            })?;
            SqliteStorage::store_op(&tx, &club.id, 1, &stored, &received_at)?;
            pgtx.execute(
                "INSERT INTO server_clubs (id, name, commune_code, founded_on, activity_areas, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &club.id,
                    &club.name,
                    &i32::try_from(club.commune_code).map_err(internal)?,
                    &club.founded_on.to_string(),
                    &serde_json::to_string(&club.activity_areas).map_err(internal)?,
                    &received_at,
                ],
            )
            .map_err(pg)?;
            Self::insert_ops(&mut pgtx, &club.id, &[(1, &stored)], &received_at)?;
            pgtx.commit().map_err(pg)?;
            // PostgreSQL holds the club now; a failed replica commit only
            // leaves the replica behind, and the next push catches it up.
            if let Err(e) = tx.commit() {
                tracing::warn!(error = %e, "replica commit failed after PostgreSQL's");
            }
            Ok(club)
        })
    }

    fn list_clubs(&self) -> StorageResult<Vec<ClubInfo>> {
        off_runtime(|| {
            let mut c = self.client()?;
            let rows = c
                .query(
                    "SELECT c.id, c.name, c.commune_code, c.founded_on, c.activity_areas,
                        (SELECT COUNT(*) FROM server_devices d WHERE d.club_id = c.id AND d.revoked_at IS NULL),
                        (SELECT COALESCE(MAX(seq), 0) FROM server_ops o WHERE o.club_id = c.id)
                     FROM server_clubs c ORDER BY c.id",
                    &[],
                )
                .map_err(pg)?;
            rows.iter()
                .map(|r| {
                    Ok(ClubInfo {
                        club: ClubRecord {
                            id: r.get(0),
                            name: r.get(1),
                            commune_code: u32::try_from(r.get::<_, i32>(2)).map_err(internal)?,
                            founded_on: r.get::<_, String>(3).parse().map_err(internal)?,
                            activity_areas: serde_json::from_str(&r.get::<_, String>(4))
                                .map_err(internal)?,
                        },
                        active_devices: u32::try_from(r.get::<_, i64>(5)).map_err(internal)?,
                        last_seq: r.get(6),
                    })
                })
                .collect()
        })
    }

    fn issue_code(&self, club_id: &str, ttl_hours: u32) -> StorageResult<IssuedCode> {
        let now = self.now();
        let expires = now + Duration::hours(i64::from(ttl_hours));
        let code = codes::new_enrolment_code().map_err(internal)?;
        off_runtime(|| {
            let mut c = self.client()?;
            Self::read_club(&mut *c, club_id)?;
            c.execute(
                "INSERT INTO server_enrolment_codes (code_hash, club_id, created_at, expires_at)
                 VALUES ($1, $2, $3, $4)",
                &[
                    &codes::sha256_hex(codes::normalize_code(&code).as_bytes()),
                    &club_id,
                    &timestamp(now),
                    &timestamp(expires),
                ],
            )
            .map_err(pg)?;
            Ok::<(), StorageError>(())
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
            return Err(StorageError::Invalid {
                code: "enrol.device_name".to_string(),
                message: "device_name must be 1 to 100 characters".to_string(),
            });
        }
        let code_hash = codes::sha256_hex(codes::normalize_code(code).as_bytes());
        let now = self.now();
        let token = codes::new_token().map_err(internal)?;
        let device_id = uuid::Uuid::now_v7().to_string();
        off_runtime(|| {
            let mut c = self.client()?;
            let mut tx = c.transaction().map_err(pg)?;
            // FOR UPDATE: two enrolments with one code are serialised, and
            // the second sees it used.
            let row = tx
                .query_opt(
                    "SELECT club_id, expires_at, used_at FROM server_enrolment_codes
                     WHERE code_hash = $1 FOR UPDATE",
                    &[&code_hash],
                )
                .map_err(pg)?
                .ok_or(StorageError::CodeUnknown)?;
            let (club_id, expires_at, used_at): (String, String, Option<String>) =
                (row.get(0), row.get(1), row.get(2));
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
                "INSERT INTO server_devices (id, club_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
                &[&device_id, &club_id, &name, &codes::sha256_hex(token.as_bytes()), &timestamp(now)],
            )
            .map_err(pg)?;
            tx.execute(
                "UPDATE server_enrolment_codes SET used_at = $2, used_by_device = $3 WHERE code_hash = $1",
                &[&code_hash, &timestamp(now), &device_id],
            )
            .map_err(pg)?;
            let club = Self::read_club(&mut tx, &club_id)?;
            tx.commit().map_err(pg)?;
            Ok(EnrolResponse {
                device_id: device_id.clone(),
                token: token.clone(),
                club,
            })
        })
    }

    fn authenticate(&self, token: &str) -> StorageResult<Device> {
        if !codes::looks_like_token(token) {
            return Err(StorageError::TokenUnknown);
        }
        let hash = codes::sha256_hex(token.as_bytes());
        let now = timestamp(self.now());
        off_runtime(|| {
            let mut c = self.client()?;
            let row = c
                .query_opt(
                    "SELECT id, club_id, revoked_at FROM server_devices WHERE token_hash = $1",
                    &[&hash],
                )
                .map_err(pg)?
                .ok_or(StorageError::TokenUnknown)?;
            let (id, club_id, revoked_at): (String, String, Option<String>) =
                (row.get(0), row.get(1), row.get(2));
            if let Some(at) = revoked_at {
                return Err(StorageError::DeviceRevoked(at));
            }
            c.execute(
                "UPDATE server_devices SET last_seen_at = $2 WHERE id = $1",
                &[&id, &now],
            )
            .map_err(pg)?;
            Ok(Device { id, club_id })
        })
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
        let club_id = device.club_id.as_str();
        off_runtime(|| {
            let mut client = self.client()?;
            let mut pgtx = client.transaction().map_err(pg)?;
            pgtx.execute(
                "SELECT pg_advisory_xact_lock($1)",
                &[&club_lock_key(club_id)],
            )
            .map_err(pg)?;
            // An op_id PostgreSQL stores for another club (the replica may
            // not hold that club) is refused as the SQLite backend does.
            let ids: Vec<&str> = batch
                .parsed
                .iter()
                .flatten()
                .map(|o| o.op.op_id.as_str())
                .collect();
            let elsewhere: std::collections::HashSet<String> = pgtx
                .query(
                    "SELECT op_id FROM server_ops WHERE op_id = ANY($1) AND club_id <> $2",
                    &[&ids, &club_id],
                )
                .map_err(pg)?
                .iter()
                .map(|r| r.get(0))
                .collect();
            for i in 0..batch.parsed.len() {
                let other = batch.parsed[i]
                    .as_ref()
                    .is_some_and(|o| elsewhere.contains(&o.op.op_id));
                if other {
                    let id = batch.ids[i].clone();
                    batch.parsed[i] = None;
                    batch.outcomes[i] = Some(OpOutcome::Rejected {
                        code: "op.other_club".to_string(),
                        reason: format!("operation {id} belongs to another club"),
                    });
                }
            }
            pgtx.execute(
                "UPDATE server_devices SET clock_skew_ms = $2 WHERE id = $1",
                &[&device.id, &batch.skew_ms],
            )
            .map_err(pg)?;
            let (have, rows) = self.missing(&mut pgtx, club_id)?;
            // From here to the commits the process's replica is held: only
            // the SQLite work, one insert and the commit.
            let mut conn = self.replica.lock();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            self.catch_up(&tx, club_id, have, rows)?;
            batch.apply(&tx, device, &received_at)?;
            let accepted: Vec<(i64, &StoredOp)> = batch
                .outcomes
                .iter()
                .zip(&batch.parsed)
                .filter_map(|(o, p)| match (o, p) {
                    (Some(OpOutcome::Accepted { seq }), Some(p)) => Some((*seq, p)),
                    _ => None,
                })
                .collect();
            Self::insert_ops(&mut pgtx, club_id, &accepted, &received_at)?;
            pgtx.commit().map_err(pg)?;
            if let Err(e) = tx.commit() {
                tracing::warn!(error = %e, "replica commit failed after PostgreSQL's");
            }
            Ok::<(), StorageError>(())
        })?;
        Ok(batch.response(received_at))
    }

    fn pull(&self, device: &Device, after: i64, limit: u32) -> StorageResult<PullResponse> {
        let rows = off_runtime(|| {
            let mut c = self.client()?;
            c.query(
                "SELECT seq, op_json FROM server_ops WHERE club_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                &[&device.club_id, &after, &(i64::from(limit) + 1)],
            )
            .map_err(pg)
        })?;
        let more = rows.len() > limit as usize;
        let ops = rows
            .iter()
            .take(limit as usize)
            .map(|r| {
                Ok(PulledOp {
                    seq: r.get(0),
                    op: serde_json::from_str(r.get::<_, &str>(1)).map_err(internal)?,
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
        off_runtime(|| {
            let mut c = self.client()?;
            if let Some(id) = club_id {
                Self::read_club(&mut *c, id)?;
            }
            let rows = c
                .query(
                    &format!(
                        "SELECT {DEVICE_COLS} FROM server_devices WHERE $1::text IS NULL OR club_id = $1
                         ORDER BY club_id, created_at, id"
                    ),
                    &[&club_id],
                )
                .map_err(pg)?;
            Ok(rows.iter().map(device_from_pg).collect())
        })
    }

    fn revoke_device(&self, device_id: &str) -> StorageResult<DeviceInfo> {
        let now = timestamp(self.now());
        off_runtime(|| {
            let mut c = self.client()?;
            let mut tx = c.transaction().map_err(pg)?;
            Self::device_info(&mut tx, device_id)?;
            tx.execute(
                "UPDATE server_devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                &[&device_id, &now],
            )
            .map_err(pg)?;
            let info = Self::device_info(&mut tx, device_id)?;
            tx.commit().map_err(pg)?;
            Ok(info)
        })
    }
}
