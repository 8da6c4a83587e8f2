//! Provincial officers' accounts for the dashboard: officers created from
//! the command line, passwords hashed with Argon2id, sessions, the sign-in
//! rate limit and the audit log of views of personal data. All of it lives
//! in the server's own tables (`server_officers`, `server_sessions`,
//! `server_login_failures`, `server_audit`): SQLite's server schema step 2,
//! PostgreSQL's migration 2 (`crate::pg_dashboard`). The rules (checks,
//! the rate limit, session ends, the decoy hash) are functions here that
//! both backends call; each backend only says them in its SQL.
//!
//! Secrets are never stored or logged as they are: a password only as its
//! Argon2id PHC string (the `argon2` crate's defaults, OWASP's recommended
//! m = 19 MiB, t = 2, p = 1, a 128-bit random salt), a session token (256
//! random bits) only as its SHA-256.

use crate::codes;
use crate::dashboard::targets::StoredTarget;
use crate::sqlite::{timestamp, SqliteStorage};
use crate::storage::{DashboardStorage, StorageError, StorageResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use ishc_core::indicators::Target;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::sync::OnceLock;

/// Fewest characters a password may have (NIST SP 800-63B asks for at
/// least 8; officers' accounts see personal data, so 10).
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Most characters a password may have.
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Failed sign-ins, per username or per address, after which sign-in is
/// refused for [`LOGIN_WINDOW_MINUTES`].
pub const LOGIN_FAILURE_LIMIT: u32 = 5;
/// The window the failures are counted over, minutes.
pub const LOGIN_WINDOW_MINUTES: i64 = 15;
/// A session ends this many hours after sign-in (a working day).
pub const SESSION_HOURS: i64 = 8;
/// A session ends after this many minutes without a request.
pub const SESSION_IDLE_MINUTES: i64 = 60;

/// What an officer may do. Every role sees its province's aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Aggregates only (*xem số liệu tổng hợp*).
    Viewer,
    /// Aggregates, and a club's member list with names; each such view is
    /// written to the audit log.
    Analyst,
    /// An analyst who also edits the plan targets and reads the audit log.
    Admin,
}

impl Role {
    /// `viewer`, `analyst` or `admin`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }

    /// Parses `viewer`, `analyst` or `admin`.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "viewer" => Some(Role::Viewer),
            "analyst" => Some(Role::Analyst),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Vietnamese label.
    pub fn label_vi(&self) -> &'static str {
        match self {
            Role::Viewer => "Xem số liệu",
            Role::Analyst => "Phân tích",
            Role::Admin => "Quản trị",
        }
    }

    /// Whether the role may open a club's member list (names).
    pub fn may_see_members(&self) -> bool {
        matches!(self, Role::Analyst | Role::Admin)
    }

    /// Whether the role may edit targets and read the audit log.
    pub fn is_admin(&self) -> bool {
        matches!(self, Role::Admin)
    }
}

/// An officer as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Officer {
    /// Id (UUID v7).
    pub id: String,
    /// Username, lower case.
    pub username: String,
    /// Full name (NFC).
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// The province (2025 code) whose figures the officer sees.
    pub province_code: u32,
    /// Creation time, RFC 3339 UTC.
    pub created_at: String,
    /// When the account was disabled, if it was.
    pub disabled_at: Option<String>,
}

/// An officer to create.
#[derive(Clone, PartialEq, Eq)]
pub struct NewOfficer {
    /// Username: 3–32 of `a-z 0-9 . _ -`, starting with a letter (upper
    /// case is read as lower case).
    pub username: String,
    /// Full name, 1–100 characters.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Province code (2025 units).
    pub province_code: u32,
    /// The password, [`MIN_PASSWORD_CHARS`]–[`MAX_PASSWORD_CHARS`]
    /// characters.
    pub password: String,
}

impl std::fmt::Debug for NewOfficer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewOfficer")
            .field("username", &self.username)
            .field("role", &self.role)
            .field("province_code", &self.province_code)
            .finish_non_exhaustive()
    }
}

/// A signed-in officer's session, as a request sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The officer.
    pub officer: Officer,
    /// The token every form of this session carries (CSRF).
    pub csrf: String,
    /// When the session ends at the latest, RFC 3339 UTC.
    pub expires_at: String,
}

/// A session just opened: the token goes into the cookie once and is not
/// stored (only its SHA-256 is).
#[derive(Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The token, 64 hex digits.
    pub token: String,
    /// The session.
    pub session: Session,
}

impl std::fmt::Debug for NewSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession")
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

/// Why a sign-in was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    /// Unknown username, wrong password or a disabled account (one answer
    /// for all three, so the form tells nothing about which accounts exist).
    #[error("the username or password is wrong")]
    Failed,
    /// Too many failures for this username or address in the window.
    #[error("too many failed sign-ins; try again in {retry_after_minutes} minutes")]
    RateLimited {
        /// Minutes until the oldest failure counted leaves the window.
        retry_after_minutes: i64,
    },
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl LoginError {
    /// Stable code.
    pub fn code(&self) -> &str {
        match self {
            LoginError::Failed => "login.failed",
            LoginError::RateLimited { .. } => "login.rate_limited",
            LoginError::Storage(e) => e.code(),
        }
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Order of writing.
    pub id: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// The officer's id.
    pub officer_id: String,
    /// The officer's username then.
    pub username: String,
    /// What was done, e.g. `members.view`.
    pub action: String,
    /// The club concerned, if any.
    pub club_id: Option<String>,
    /// What exactly, in words (e.g. `52 members listed`).
    pub detail: String,
    /// The address the request came from.
    pub ip: String,
}

pub(crate) fn invalid<T>(code: &str, message: impl Into<String>) -> StorageResult<T> {
    Err(StorageError::Invalid {
        code: code.to_string(),
        message: message.into(),
    })
}

pub(crate) fn internal(e: impl std::fmt::Display) -> StorageError {
    StorageError::Internal(e.to_string())
}

/// A username as stored: trimmed, lower case.
pub fn normalize_username(typed: &str) -> String {
    typed.trim().to_lowercase()
}

/// Checks a (normalised) username. Error `officer.username`.
pub fn check_username(username: &str) -> StorageResult<()> {
    let n = username.chars().count();
    let ok = (3..=32).contains(&n)
        && username.starts_with(|c: char| c.is_ascii_lowercase())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        invalid(
            "officer.username",
            "username: 3 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter",
        )
    }
}

/// Checks a password's length. Errors `officer.password_short`,
/// `officer.password_long`.
pub fn check_password(password: &str) -> StorageResult<()> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return invalid(
            "officer.password_short",
            format!("password: at least {MIN_PASSWORD_CHARS} characters"),
        );
    }
    if n > MAX_PASSWORD_CHARS {
        return invalid(
            "officer.password_long",
            format!("password: at most {MAX_PASSWORD_CHARS} characters"),
        );
    }
    Ok(())
}

/// The Argon2id PHC string of `password` with a fresh random salt, e.g.
/// `$argon2id$v=19$m=19456,t=2,p=1$…`.
pub fn hash_password(password: &str) -> StorageResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(internal)
}

/// Whether `password` matches the PHC string `phc` (false for a string that
/// does not parse).
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash no password matches, verified against for unknown usernames so
/// that they take as long to refuse as wrong passwords.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut pw = [0u8; 32];
        let _ = getrandom::fill(&mut pw);
        hash_password(&hex::encode(pw)).unwrap_or_default()
    })
}

const OFFICER_COLS: &str = "id, username, full_name, role, province_code, created_at, disabled_at";

fn officer_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Officer> {
    let role: String = r.get(3)?;
    Ok(Officer {
        id: r.get(0)?,
        username: r.get(1)?,
        full_name: r.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Viewer),
        province_code: r.get(4)?,
        created_at: r.get(5)?,
        disabled_at: r.get(6)?,
    })
}

fn officer_by_username(conn: &Connection, username: &str) -> StorageResult<Option<Officer>> {
    Ok(conn
        .query_row(
            &format!("SELECT {OFFICER_COLS} FROM server_officers WHERE username = ?1"),
            [username],
            officer_from_row,
        )
        .optional()?)
}

pub(crate) fn parse_instant(s: &str) -> StorageResult<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339(s)
        .map_err(internal)?
        .with_timezone(&Utc))
}

/// Checks `new` and builds the officer to store, created at `now`, with
/// the Argon2id hash of its password. The errors of
/// [`DashboardStorage::create_officer`] but `officer.username_taken`
/// (which needs the table). Both backends call it.
pub(crate) fn officer_to_create(
    new: NewOfficer,
    now: DateTime<Utc>,
) -> StorageResult<(Officer, String)> {
    let username = normalize_username(&new.username);
    check_username(&username)?;
    let full_name = ishc_core::text::normalize_text(&new.full_name);
    if full_name.is_empty() || full_name.chars().count() > 100 {
        return invalid("officer.name", "name: 1 to 100 characters");
    }
    if ishc_core::admin_units::province(new.province_code).is_none() {
        return invalid(
            "officer.province",
            format!(
                "province: {} is not a province code of the 2025 units",
                new.province_code
            ),
        );
    }
    check_password(&new.password)?;
    let hash = hash_password(&new.password)?;
    Ok((
        Officer {
            id: uuid::Uuid::now_v7().to_string(),
            username,
            full_name,
            role: new.role,
            province_code: new.province_code,
            created_at: timestamp(now),
            disabled_at: None,
        },
        hash,
    ))
}

/// The error for a taken username.
pub(crate) fn username_taken<T>(username: &str) -> StorageResult<T> {
    invalid(
        "officer.username_taken",
        format!("username: '{username}' is taken"),
    )
}

/// The error for an unknown username.
pub(crate) fn officer_unknown<T>(username: &str) -> StorageResult<T> {
    invalid(
        "officer.unknown",
        format!("username: no officer is called '{username}'"),
    )
}

/// The sign-in rate limit's verdict at `now`, from what each backend counts
/// for the username and for the address: the number of failures in the
/// window (counting at most [`LOGIN_FAILURE_LIMIT`], newest first) and the
/// oldest of those counted. `Some(minutes to wait)` when either reached
/// the limit.
pub(crate) fn rate_limit(
    now: DateTime<Utc>,
    counted: [(u32, Option<String>); 2],
) -> StorageResult<Option<i64>> {
    let mut oldest: Option<String> = None;
    for (n, first) in counted {
        if n >= LOGIN_FAILURE_LIMIT {
            oldest = oldest.max(first);
        }
    }
    let Some(first) = oldest else {
        return Ok(None);
    };
    let free_at = parse_instant(&first)? + Duration::minutes(LOGIN_WINDOW_MINUTES);
    let secs = (free_at - now).num_seconds().max(1);
    Ok(Some((secs + 59) / 60))
}

/// Where the failures counted by [`rate_limit`] start: the window's
/// beginning, and the instant before which failures are deleted (a day).
pub(crate) fn failure_window(now: DateTime<Utc>) -> (String, String) {
    (
        timestamp(now - Duration::minutes(LOGIN_WINDOW_MINUTES)),
        timestamp(now - Duration::days(1)),
    )
}

/// Whether `password` opens the account `found` (officer and stored hash):
/// the hash matches and the account is not disabled. An unknown username
/// is checked against a decoy hash, so it takes as long to refuse.
pub(crate) fn password_opens(found: Option<&(Officer, String)>, password: &str) -> bool {
    match found {
        Some((o, hash)) => verify_password(password, hash) && o.disabled_at.is_none(),
        None => {
            verify_password(password, decoy_hash());
            false
        }
    }
}

/// A new session's cookie token and CSRF token, and when it ends.
pub(crate) fn session_tokens(now: DateTime<Utc>) -> StorageResult<(String, String, String)> {
    let token = codes::new_token().map_err(internal)?;
    let csrf = codes::new_token().map_err(internal)?;
    Ok((token, csrf, timestamp(now + Duration::hours(SESSION_HOURS))))
}

/// Whether a session stored with `expires_at` and `last_seen_at` is still
/// open at `now` (before its end and seen within the idle time).
pub(crate) fn session_open(
    now: DateTime<Utc>,
    expires_at: &str,
    last_seen_at: &str,
) -> StorageResult<bool> {
    let idle_end = parse_instant(last_seen_at)? + Duration::minutes(SESSION_IDLE_MINUTES);
    Ok(now < parse_instant(expires_at)? && now < idle_end)
}

impl DashboardStorage for SqliteStorage {
    fn now(&self) -> DateTime<Utc> {
        Self::now(self)
    }

    fn create_officer(&self, new: NewOfficer) -> StorageResult<Officer> {
        let (officer, hash) = officer_to_create(new, self.now())?;
        self.write(|tx| {
            if officer_by_username(tx, &officer.username)?.is_some() {
                return username_taken(&officer.username);
            }
            tx.execute(
                "INSERT INTO server_officers (id, username, full_name, role, province_code, password_hash, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    officer.id,
                    officer.username,
                    officer.full_name,
                    officer.role.as_str(),
                    officer.province_code,
                    hash,
                    officer.created_at
                ],
            )?;
            Ok(())
        })?;
        Ok(officer)
    }

    fn list_officers(&self) -> StorageResult<Vec<Officer>> {
        let conn = self.lock();
        let rows = conn
            .prepare(&format!(
                "SELECT {OFFICER_COLS} FROM server_officers ORDER BY username"
            ))?
            .query_map([], officer_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn disable_officer(&self, username: &str) -> StorageResult<Officer> {
        let username = normalize_username(username);
        let now = timestamp(self.now());
        self.write(|tx| {
            let Some(o) = officer_by_username(tx, &username)? else {
                return officer_unknown(&username);
            };
            tx.execute(
                "UPDATE server_officers SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL",
                params![o.id, now],
            )?;
            tx.execute("DELETE FROM server_sessions WHERE officer_id = ?1", [&o.id])?;
            Ok(officer_by_username(tx, &username)?.unwrap_or(o))
        })
    }

    fn login(&self, username: &str, password: &str, ip: &str) -> Result<NewSession, LoginError> {
        let username = normalize_username(username);
        let now = self.now();
        let (since, forget_before) = failure_window(now);
        let found = {
            let conn = self.lock();
            conn.execute(
                "DELETE FROM server_login_failures WHERE at < ?1",
                [forget_before],
            )
            .map_err(StorageError::from)?;
            let mut counted: [(u32, Option<String>); 2] = Default::default();
            for (slot, (col, key)) in [("username", username.as_str()), ("ip", ip)]
                .into_iter()
                .enumerate()
            {
                counted[slot] = conn
                    .query_row(
                        &format!(
                            "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM server_login_failures
                             WHERE {col} = ?1 AND at > ?2 ORDER BY at DESC LIMIT ?3)"
                        ),
                        params![key, since, LOGIN_FAILURE_LIMIT],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .map_err(StorageError::from)?;
            }
            if let Some(retry_after_minutes) = rate_limit(now, counted)? {
                return Err(LoginError::RateLimited {
                    retry_after_minutes,
                });
            }
            // Counted as a failure before the password is checked (a
            // success deletes it below): parallel attempts are counted in
            // turn, so no more than the limit pass the check at once.
            conn.execute(
                "INSERT INTO server_login_failures (username, ip, at) VALUES (?1, ?2, ?3)",
                params![username, ip, timestamp(now)],
            )
            .map_err(StorageError::from)?;
            conn.query_row(
                &format!(
                    "SELECT {OFFICER_COLS}, password_hash FROM server_officers WHERE username = ?1"
                ),
                [&username],
                |r| Ok((officer_from_row(r)?, r.get::<_, String>(7)?)),
            )
            .optional()
            .map_err(StorageError::from)?
        };
        // The hash is checked without holding the connection: it takes tens
        // of milliseconds by design.
        let ok = password_opens(found.as_ref(), password);
        let Some((officer, _)) = found.filter(|_| ok) else {
            return Err(LoginError::Failed);
        };
        let (token, csrf, expires_at) = session_tokens(now)?;
        self.write(|tx| {
            tx.execute(
                "DELETE FROM server_login_failures WHERE username = ?1",
                [&username],
            )?;
            tx.execute(
                "DELETE FROM server_sessions WHERE expires_at < ?1",
                [timestamp(now)],
            )?;
            tx.execute(
                "INSERT INTO server_sessions (token_hash, officer_id, csrf_token, created_at, expires_at, last_seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
                params![
                    codes::sha256_hex(token.as_bytes()),
                    officer.id,
                    csrf,
                    timestamp(now),
                    expires_at
                ],
            )?;
            Ok(())
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
        self.write(|tx| {
            let row: Option<(String, String, String, String)> = tx
                .query_row(
                    "SELECT officer_id, csrf_token, expires_at, last_seen_at FROM server_sessions WHERE token_hash = ?1",
                    [&hash],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((officer_id, csrf, expires_at, last_seen)) = row else {
                return Ok(None);
            };
            if !session_open(now, &expires_at, &last_seen)? {
                tx.execute("DELETE FROM server_sessions WHERE token_hash = ?1", [&hash])?;
                return Ok(None);
            }
            let officer = tx
                .query_row(
                    &format!("SELECT {OFFICER_COLS} FROM server_officers WHERE id = ?1"),
                    [&officer_id],
                    officer_from_row,
                )
                .optional()?;
            let Some(officer) = officer.filter(|o| o.disabled_at.is_none()) else {
                return Ok(None);
            };
            tx.execute(
                "UPDATE server_sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
                params![hash, timestamp(now)],
            )?;
            Ok(Some(Session {
                officer,
                csrf,
                expires_at,
            }))
        })
    }

    fn logout(&self, token: &str) -> StorageResult<()> {
        let hash = codes::sha256_hex(token.as_bytes());
        self.write(|tx| {
            tx.execute("DELETE FROM server_sessions WHERE token_hash = ?1", [&hash])?;
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
        self.write(|tx| {
            tx.execute(
                "INSERT INTO server_audit (at, officer_id, username, action, club_id, detail, ip)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    at,
                    officer.id,
                    officer.username,
                    action,
                    club_id,
                    detail,
                    ip
                ],
            )?;
            Ok(())
        })
    }

    fn audit_log(&self, province_code: u32, limit: u32) -> StorageResult<Vec<AuditEntry>> {
        let conn = self.lock();
        let rows = conn
            .prepare(
                "SELECT a.id, a.at, a.officer_id, a.username, a.action, a.club_id, a.detail, a.ip
                 FROM server_audit a JOIN server_officers o ON o.id = a.officer_id
                 WHERE o.province_code = ?1 ORDER BY a.id DESC LIMIT ?2",
            )?
            .query_map(params![province_code, limit], |r| {
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    officer_id: r.get(2)?,
                    username: r.get(3)?,
                    action: r.get(4)?,
                    club_id: r.get(5)?,
                    detail: r.get(6)?,
                    ip: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn plan_targets(&self, province_code: u32) -> StorageResult<Vec<StoredTarget>> {
        crate::dashboard::targets::sqlite_plan_targets(self, province_code)
    }

    fn update_target(
        &self,
        officer: &Officer,
        id: i64,
        target: &Target,
        ip: &str,
    ) -> StorageResult<StoredTarget> {
        crate::dashboard::targets::sqlite_update_target(self, officer, id, target, ip)
    }

    fn read_province(
        &self,
        _province_code: u32,
        read: &mut dyn FnMut(&Connection) -> StorageResult<()>,
    ) -> StorageResult<()> {
        // Every push is applied to this database as it arrives: nothing to
        // catch up.
        read(&self.lock())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ishc_core::clock::FixedClock;
    use std::sync::Arc;

    // The rules on both backends: `server/tests/accounts.rs`.

    #[test]
    fn passwords_are_argon2id_phc_strings_with_their_own_salt() {
        let a = hash_password("correct horse").unwrap();
        let b = hash_password("correct horse").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b);
        assert!(verify_password("correct horse", &a));
        assert!(!verify_password("correct horsf", &a));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn the_rate_limit_waits_for_the_oldest_counted_failure_to_leave_the_window() {
        let now = chrono::Utc.with_ymd_and_hms(2026, 1, 5, 1, 5, 0).unwrap();
        let first = |m: u32| Some(format!("2026-01-05T01:0{m}:00.000Z"));
        assert_eq!(rate_limit(now, [(4, first(0)), (0, None)]).unwrap(), None);
        assert_eq!(
            rate_limit(now, [(5, first(0)), (0, None)]).unwrap(),
            Some(10)
        );
        // Both limited: the later of the two oldest decides.
        assert_eq!(
            rate_limit(now, [(5, first(0)), (5, first(3))]).unwrap(),
            Some(13)
        );
        // 30 seconds left count as a minute.
        let late = chrono::Utc.with_ymd_and_hms(2026, 1, 5, 1, 14, 30).unwrap();
        assert_eq!(
            rate_limit(late, [(5, first(0)), (0, None)]).unwrap(),
            Some(1)
        );
        assert!(session_open(now, "2026-01-05T09:00:00.000Z", "2026-01-05T00:05:01.000Z").unwrap());
        assert!(
            !session_open(now, "2026-01-05T09:00:00.000Z", "2026-01-05T00:05:00.000Z").unwrap()
        );
        assert!(
            !session_open(now, "2026-01-05T01:05:00.000Z", "2026-01-05T01:04:00.000Z").unwrap()
        );
    }

    #[test]
    fn the_sqlite_backend_stores_the_hash_not_the_password() {
        let clock = Arc::new(FixedClock::new(
            ishc_core::model::vietnam_offset()
                .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
                .unwrap(),
        ));
        let s = SqliteStorage::open_in_memory(clock).unwrap();
        s.create_officer(NewOfficer {
            username: "lan".into(),
            full_name: "Nguyễn Thị Lan".into(),
            role: Role::Viewer,
            province_code: 75,
            password: "mật khẩu dài 2026".into(),
        })
        .unwrap();
        let stored: String = s
            .lock()
            .query_row("SELECT password_hash FROM server_officers", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(stored.starts_with("$argon2id$") && !stored.contains("mật khẩu"));
    }
}
