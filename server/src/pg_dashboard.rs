//! [`DashboardStorage`] on PostgreSQL: the dashboard of the national
//! server.
//!
//! Officers, sessions, sign-in failures, the audit log and the plan
//! targets live in PostgreSQL (migration 2 of [`crate::postgres`]), so
//! every server process behind the load balancer sees the same accounts
//! and a session opened through one process works through any other. The
//! rules are [`crate::accounts`]'s and [`crate::dashboard::targets`]'s
//! functions, shared with the SQLite backend; this module only says them
//! in PostgreSQL's SQL.
//!
//! The figures are computed by `ishc_core::indicators` from the core's
//! tables, which on PostgreSQL exist only in each process's replica.
//! [`DashboardStorage::read_province`] first catches the replica up on
//! every club of the province (one query when it is up to date: each
//! club's highest seq against the replica's), club by club, each in its
//! own replica transaction, with the same [`PgStorage::missing`] and
//! [`PgStorage::catch_up`] a push uses; then it reads the replica. Clubs
//! of other provinces are not fetched.

use crate::accounts::{
    failure_window, internal, normalize_username, officer_to_create, officer_unknown,
    password_opens, rate_limit, session_open, session_tokens, username_taken, AuditEntry,
    LoginError, NewOfficer, NewSession, Officer, Role, Session,
};
use crate::codes;
use crate::dashboard::targets::{
    comparison_str, edit_detail, presets_for, scope_str, target_unknown, to_i64, unit_str,
    StoredTarget, TargetRow, TARGET_COLS,
};
use crate::postgres::{off_runtime, pg, PgStorage};
use crate::sqlite::{timestamp, SqliteStorage};
use crate::storage::{DashboardStorage, StorageResult};
use ::postgres::GenericClient;
use chrono::{DateTime, Utc};
use ishc_core::indicators::Target;
use rusqlite::{Connection, TransactionBehavior};

const OFFICER_COLS: &str = "id, username, full_name, role, province_code, created_at, disabled_at";

/// A 64-bit advisory lock key for `name` (the first 8 bytes of its
/// SHA-256, as clubs' keys are made).
fn advisory_key(name: &str) -> i64 {
    crate::postgres::club_lock_key(name)
}

fn province_param(code: u32) -> StorageResult<i32> {
    i32::try_from(code).map_err(internal)
}

/// An officer from [`OFFICER_COLS`] at the start of `r`.
fn officer_from_pg(r: &::postgres::Row) -> StorageResult<Officer> {
    let role: String = r.get(3);
    Ok(Officer {
        id: r.get(0),
        username: r.get(1),
        full_name: r.get(2),
        role: Role::parse(&role).unwrap_or(Role::Viewer),
        province_code: u32::try_from(r.get::<_, i32>(4)).map_err(internal)?,
        created_at: r.get(5),
        disabled_at: r.get(6),
    })
}

fn officer_by(
    c: &mut impl GenericClient,
    column: &str,
    value: &str,
) -> StorageResult<Option<Officer>> {
    c.query_opt(
        &format!("SELECT {OFFICER_COLS} FROM server_officers WHERE {column} = $1"),
        &[&value],
    )
    .map_err(pg)?
    .as_ref()
    .map(officer_from_pg)
    .transpose()
}

fn target_from_pg(r: &::postgres::Row) -> StorageResult<StoredTarget> {
    TargetRow {
        id: r.get(0),
        plan: r.get(1),
        indicator: r.get(2),
        scope: r.get(3),
        period_from: r.get(4),
        period_to: r.get(5),
        comparison: r.get(6),
        value: r.get(7),
        value_max: r.get(8),
        unit: r.get(9),
        definition_en: r.get(10),
        definition_vi: r.get(11),
        source: r.get(12),
        updated_at: r.get(13),
        updated_by: r.get(14),
    }
    .into_stored()
    .map_err(|(i, what)| internal(format!("server_plan_targets column {i}: {what}")))
}

fn insert_target(
    c: &mut impl GenericClient,
    province: i32,
    t: &Target,
    at: &str,
    by: &str,
) -> StorageResult<()> {
    c.execute(
        "INSERT INTO server_plan_targets (province_code, plan, indicator, scope, period_from, period_to,
            comparison, value, value_max, unit, definition_en, definition_vi, source, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        &[
            &province,
            &t.plan,
            &t.indicator.as_str(),
            &scope_str(t.scope),
            &t.period.from.to_string(),
            &t.period.to.to_string(),
            &comparison_str(t.comparison),
            &to_i64(t.value)?,
            &t.value_max.map(to_i64).transpose()?,
            &unit_str(t.unit),
            &t.definition_en,
            &t.definition_vi,
            &t.source,
            &at,
            &by,
        ],
    )
    .map_err(pg)?;
    Ok(())
}

impl PgStorage {
    /// Catches the replica up on every club whose commune lies in
    /// `province_code`: the clubs whose highest seq in PostgreSQL differs
    /// from the replica's get their missing operations (a replica ahead of
    /// PostgreSQL is refused by [`PgStorage::missing`]).
    fn refresh_province(&self, province_code: u32) -> StorageResult<()> {
        let communes: Vec<i32> = ishc_core::admin_units::communes_in_province(province_code)
            .iter()
            .map(|c| province_param(c.code))
            .collect::<StorageResult<_>>()?;
        off_runtime(|| {
            let _one_at_a_time = self.catch_up_lock.lock().unwrap_or_else(|e| e.into_inner());
            let mut c = self.client()?;
            let clubs: Vec<(String, i64)> = c
                .query(
                    "SELECT c.id, COALESCE((SELECT MAX(o.seq) FROM server_ops o WHERE o.club_id = c.id), 0)
                     FROM server_clubs c WHERE c.commune_code = ANY($1)",
                    &[&communes],
                )
                .map_err(pg)?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            let behind: Vec<String> = {
                let conn = self.replica.lock();
                let mut behind = vec![];
                for (id, last) in clubs {
                    if SqliteStorage::next_seq(&conn, &id)? - 1 != last {
                        behind.push(id);
                    }
                }
                behind
            };
            for club_id in behind {
                let (have, rows) = self.missing(&mut *c, &club_id)?;
                let mut conn = self.replica.lock();
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                self.catch_up(&tx, &club_id, have, rows)?;
                tx.commit()?;
            }
            Ok(())
        })
    }
}

impl DashboardStorage for PgStorage {
    fn now(&self) -> DateTime<Utc> {
        Self::now(self)
    }

    fn create_officer(&self, new: NewOfficer) -> StorageResult<Officer> {
        let (officer, hash) = officer_to_create(new, self.now())?;
        off_runtime(|| {
            let mut c = self.client()?;
            // The unique username decides between two processes creating
            // the same officer at once.
            let inserted = c
                .execute(
                    "INSERT INTO server_officers (id, username, full_name, role, province_code, password_hash, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING",
                    &[
                        &officer.id,
                        &officer.username,
                        &officer.full_name,
                        &officer.role.as_str(),
                        &province_param(officer.province_code)?,
                        &hash,
                        &officer.created_at,
                    ],
                )
                .map_err(pg)?;
            if inserted == 0 {
                return username_taken(&officer.username);
            }
            Ok(())
        })?;
        Ok(officer)
    }

    fn list_officers(&self) -> StorageResult<Vec<Officer>> {
        off_runtime(|| {
            let mut c = self.client()?;
            c.query(
                &format!(
                    "SELECT {OFFICER_COLS} FROM server_officers ORDER BY username COLLATE \"C\""
                ),
                &[],
            )
            .map_err(pg)?
            .iter()
            .map(officer_from_pg)
            .collect()
        })
    }

    fn disable_officer(&self, username: &str) -> StorageResult<Officer> {
        let username = normalize_username(username);
        let now = timestamp(self.now());
        off_runtime(|| {
            let mut c = self.client()?;
            let mut tx = c.transaction().map_err(pg)?;
            let Some(o) = officer_by(&mut tx, "username", &username)? else {
                return officer_unknown(&username);
            };
            tx.execute(
                "UPDATE server_officers SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL",
                &[&o.id, &now],
            )
            .map_err(pg)?;
            tx.execute(
                "DELETE FROM server_sessions WHERE officer_id = $1",
                &[&o.id],
            )
            .map_err(pg)?;
            let after = officer_by(&mut tx, "username", &username)?.unwrap_or(o);
            tx.commit().map_err(pg)?;
            Ok(after)
        })
    }

    fn login(&self, username: &str, password: &str, ip: &str) -> Result<NewSession, LoginError> {
        let username = normalize_username(username);
        let now = self.now();
        let (since, forget_before) = failure_window(now);
        let found = off_runtime(|| {
            let mut c = self.client()?;
            // Counting and recording this attempt as a failure happen under
            // the username's and the address's locks (taken in that order
            // by every sign-in, so they cannot deadlock), before the
            // password is checked; a success deletes the row below. So
            // parallel attempts, through any process, are counted in turn.
            // Old failures go first, in a statement of their own: no row
            // lock of other officers' failures is held while waiting.
            c.execute(
                "DELETE FROM server_login_failures WHERE at < $1",
                &[&forget_before],
            )
            .map_err(pg)?;
            let mut tx = c.transaction().map_err(pg)?;
            for key in [
                format!("sign-in user {username}"),
                format!("sign-in ip {ip}"),
            ] {
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&advisory_key(&key)])
                    .map_err(pg)?;
            }
            let mut counted: [(u32, Option<String>); 2] = Default::default();
            for (slot, (col, key)) in [("username", username.as_str()), ("ip", ip)]
                .into_iter()
                .enumerate()
            {
                let r = tx
                    .query_one(
                        &format!(
                            "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM server_login_failures
                             WHERE {col} = $1 AND at > $2 ORDER BY at DESC LIMIT $3) AS counted"
                        ),
                        &[
                            &key,
                            &since,
                            &i64::from(crate::accounts::LOGIN_FAILURE_LIMIT),
                        ],
                    )
                    .map_err(pg)?;
                counted[slot] = (
                    u32::try_from(r.get::<_, i64>(0)).map_err(internal)?,
                    r.get(1),
                );
            }
            if let Some(retry_after_minutes) = rate_limit(now, counted)? {
                return Err(LoginError::RateLimited {
                    retry_after_minutes,
                });
            }
            tx.execute(
                "INSERT INTO server_login_failures (username, ip, at) VALUES ($1, $2, $3)",
                &[&username, &ip, &timestamp(now)],
            )
            .map_err(pg)?;
            let row = tx
                .query_opt(
                    &format!(
                        "SELECT {OFFICER_COLS}, password_hash FROM server_officers WHERE username = $1"
                    ),
                    &[&username],
                )
                .map_err(pg)?;
            tx.commit().map_err(pg)?;
            Ok::<_, LoginError>(match row {
                Some(r) => Some((officer_from_pg(&r)?, r.get::<_, String>(7))),
                None => None,
            })
        })?;
        // The hash is checked without holding a connection: it takes tens
        // of milliseconds by design.
        let ok = password_opens(found.as_ref(), password);
        let Some((officer, _)) = found.filter(|_| ok) else {
            return Err(LoginError::Failed);
        };
        let (token, csrf, expires_at) = session_tokens(now)?;
        off_runtime(|| {
            let mut c = self.client()?;
            let mut tx = c.transaction().map_err(pg)?;
            tx.execute(
                "DELETE FROM server_login_failures WHERE username = $1",
                &[&username],
            )
            .map_err(pg)?;
            tx.execute(
                "DELETE FROM server_sessions WHERE expires_at < $1",
                &[&timestamp(now)],
            )
            .map_err(pg)?;
            tx.execute(
                "INSERT INTO server_sessions (token_hash, officer_id, csrf_token, created_at, expires_at, last_seen_at)
                 VALUES ($1, $2, $3, $4, $5, $4)",
                &[
                    &codes::sha256_hex(token.as_bytes()),
                    &officer.id,
                    &csrf,
                    &timestamp(now),
                    &expires_at,
                ],
            )
            .map_err(pg)?;
            tx.commit().map_err(pg)
        })?;
        Ok(NewSession {
            token,
            session: Session {
                officer,
                csrf,
                expires_at,
            },
        })
    }

    fn session(&self, token: &str) -> StorageResult<Option<Session>> {
        if !codes::looks_like_token(token) {
            return Ok(None);
        }
        let hash = codes::sha256_hex(token.as_bytes());
        let now = self.now();
        off_runtime(|| {
            let mut c = self.client()?;
            let mut tx = c.transaction().map_err(pg)?;
            let Some(row) = tx
                .query_opt(
                    "SELECT officer_id, csrf_token, expires_at, last_seen_at FROM server_sessions
                     WHERE token_hash = $1 FOR UPDATE",
                    &[&hash],
                )
                .map_err(pg)?
            else {
                return Ok(None);
            };
            let (officer_id, csrf, expires_at, last_seen): (String, String, String, String) =
                (row.get(0), row.get(1), row.get(2), row.get(3));
            if !session_open(now, &expires_at, &last_seen)? {
                tx.execute(
                    "DELETE FROM server_sessions WHERE token_hash = $1",
                    &[&hash],
                )
                .map_err(pg)?;
                tx.commit().map_err(pg)?;
                return Ok(None);
            }
            let Some(officer) =
                officer_by(&mut tx, "id", &officer_id)?.filter(|o| o.disabled_at.is_none())
            else {
                return Ok(None);
            };
            tx.execute(
                "UPDATE server_sessions SET last_seen_at = $2 WHERE token_hash = $1",
                &[&hash, &timestamp(now)],
            )
            .map_err(pg)?;
            tx.commit().map_err(pg)?;
            Ok(Some(Session {
                officer,
                csrf,
                expires_at,
            }))
        })
    }

    fn logout(&self, token: &str) -> StorageResult<()> {
        let hash = codes::sha256_hex(token.as_bytes());
        off_runtime(|| {
            let mut c = self.client()?;
            c.execute(
                "DELETE FROM server_sessions WHERE token_hash = $1",
                &[&hash],
            )
            .map_err(pg)?;
            Ok(())
        })
    }

    fn audit(
        &self,
        officer: &Officer,
        action: &str,
        club_id: Option<&str>,
        detail: &str,
        ip: &str,
    ) -> StorageResult<()> {
        let at = timestamp(self.now());
        off_runtime(|| {
            let mut c = self.client()?;
            c.execute(
                "INSERT INTO server_audit (at, officer_id, username, action, club_id, detail, ip)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &at,
                    &officer.id,
                    &officer.username,
                    &action,
                    &club_id,
                    &detail,
                    &ip,
                ],
            )
            .map_err(pg)?;
            Ok(())
        })
    }

    fn audit_log(&self, province_code: u32, limit: u32) -> StorageResult<Vec<AuditEntry>> {
        off_runtime(|| {
            let mut c = self.client()?;
            let rows = c
                .query(
                    "SELECT a.id, a.at, a.officer_id, a.username, a.action, a.club_id, a.detail, a.ip
                     FROM server_audit a JOIN server_officers o ON o.id = a.officer_id
                     WHERE o.province_code = $1 ORDER BY a.id DESC LIMIT $2",
                    &[&province_param(province_code)?, &i64::from(limit)],
                )
                .map_err(pg)?;
            Ok(rows
                .iter()
                .map(|r| AuditEntry {
                    id: r.get(0),
                    at: r.get(1),
                    officer_id: r.get(2),
                    username: r.get(3),
                    action: r.get(4),
                    club_id: r.get(5),
                    detail: r.get(6),
                    ip: r.get(7),
                })
                .collect())
        })
    }

    fn plan_targets(&self, province_code: u32) -> StorageResult<Vec<StoredTarget>> {
        let at = timestamp(self.now());
        let province = province_param(province_code)?;
        off_runtime(|| {
            let mut c = self.client()?;
            let mut tx = c.transaction().map_err(pg)?;
            // The first reader seeds; a second process reading at the same
            // moment waits on the key and then finds it taken.
            let first = tx
                .execute(
                    "INSERT INTO server_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                    &[&format!("plan_targets_seeded:{province_code}"), &at],
                )
                .map_err(pg)?;
            if first == 1 {
                for t in presets_for(province_code) {
                    insert_target(&mut tx, province, &t, &at, "preset")?;
                }
            }
            let rows = tx
                .query(
                    &format!(
                        "SELECT {TARGET_COLS} FROM server_plan_targets WHERE province_code = $1 ORDER BY id"
                    ),
                    &[&province],
                )
                .map_err(pg)?;
            let targets = rows
                .iter()
                .map(target_from_pg)
                .collect::<StorageResult<_>>()?;
            tx.commit().map_err(pg)?;
            Ok(targets)
        })
    }

    fn update_target(
        &self,
        officer: &Officer,
        id: i64,
        target: &Target,
        ip: &str,
    ) -> StorageResult<StoredTarget> {
        let at = timestamp(self.now());
        let province = province_param(officer.province_code)?;
        off_runtime(|| {
            let mut c = self.client()?;
            let mut tx = c.transaction().map_err(pg)?;
            let old = tx
                .query_opt(
                    &format!(
                        "SELECT {TARGET_COLS} FROM server_plan_targets WHERE id = $1 AND province_code = $2 FOR UPDATE"
                    ),
                    &[&id, &province],
                )
                .map_err(pg)?
                .as_ref()
                .map(target_from_pg)
                .transpose()?
                .ok_or_else(|| target_unknown(id))?;
            tx.execute(
                "UPDATE server_plan_targets SET period_from = $2, period_to = $3, comparison = $4, value = $5,
                    value_max = $6, definition_en = $7, definition_vi = $8, source = $9, updated_at = $10, updated_by = $11
                 WHERE id = $1",
                &[
                    &id,
                    &target.period.from.to_string(),
                    &target.period.to.to_string(),
                    &comparison_str(target.comparison),
                    &to_i64(target.value)?,
                    &target.value_max.map(to_i64).transpose()?,
                    &target.definition_en,
                    &target.definition_vi,
                    &target.source,
                    &at,
                    &officer.username,
                ],
            )
            .map_err(pg)?;
            tx.execute(
                "INSERT INTO server_audit (at, officer_id, username, action, club_id, detail, ip)
                 VALUES ($1, $2, $3, 'target.edit', NULL, $4, $5)",
                &[
                    &at,
                    &officer.id,
                    &officer.username,
                    &edit_detail(&old.target, target),
                    &ip,
                ],
            )
            .map_err(pg)?;
            let row = tx
                .query_one(
                    &format!("SELECT {TARGET_COLS} FROM server_plan_targets WHERE id = $1"),
                    &[&id],
                )
                .map_err(pg)?;
            let updated = target_from_pg(&row)?;
            tx.commit().map_err(pg)?;
            Ok(updated)
        })
    }

    fn read_province(
        &self,
        province_code: u32,
        read: &mut dyn FnMut(&Connection) -> StorageResult<()>,
    ) -> StorageResult<()> {
        self.refresh_province(province_code)?;
        read(&self.replica.lock())
    }
}
