//! Provincial officers' accounts for the dashboard: officers created from
//! the command line, passwords hashed with Argon2id, sessions, the sign-in
//! rate limit and the audit log of views of personal data. All of it lives
//! in the server's own tables (`server_officers`, `server_sessions`,
//! `server_login_failures`, `server_audit`; server schema step 2).
//!
//! Secrets are never stored or logged as they are: a password only as its
//! Argon2id PHC string (the `argon2` crate's defaults, OWASP's recommended
//! m = 19 MiB, t = 2, p = 1, a 128-bit random salt), a session token (256
//! random bits) only as its SHA-256.

use crate::codes;
use crate::sqlite::{timestamp, SqliteStorage};
use crate::storage::{StorageError, StorageResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
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

fn invalid<T>(code: &str, message: impl Into<String>) -> StorageResult<T> {
    Err(StorageError::Invalid {
        code: code.to_string(),
        message: message.into(),
    })
}

fn internal(e: impl std::fmt::Display) -> StorageError {
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

fn parse_instant(s: &str) -> StorageResult<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339(s)
        .map_err(internal)?
        .with_timezone(&Utc))
}

impl SqliteStorage {
    /// Creates an officer. Errors: `officer.username`,
    /// `officer.username_taken`, `officer.name` (1–100 characters),
    /// `officer.province` (not a 2025 province code),
    /// `officer.password_short`, `officer.password_long`.
    pub fn create_officer(&self, new: NewOfficer) -> StorageResult<Officer> {
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
        let officer = Officer {
            id: uuid::Uuid::now_v7().to_string(),
            username,
            full_name,
            role: new.role,
            province_code: new.province_code,
            created_at: timestamp(self.now()),
            disabled_at: None,
        };
        self.write(|tx| {
            if officer_by_username(tx, &officer.username)?.is_some() {
                return invalid(
                    "officer.username_taken",
                    format!("username: '{}' is taken", officer.username),
                );
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

    /// Every officer, by username.
    pub fn list_officers(&self) -> StorageResult<Vec<Officer>> {
        let conn = self.lock();
        let rows = conn
            .prepare(&format!(
                "SELECT {OFFICER_COLS} FROM server_officers ORDER BY username"
            ))?
            .query_map([], officer_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Disables an officer: sign-in is refused and every open session ends
    /// at once. Disabling twice keeps the first time. Error
    /// `officer.unknown`.
    pub fn disable_officer(&self, username: &str) -> StorageResult<Officer> {
        let username = normalize_username(username);
        let now = timestamp(self.now());
        self.write(|tx| {
            let Some(o) = officer_by_username(tx, &username)? else {
                return invalid(
                    "officer.unknown",
                    format!("username: no officer is called '{username}'"),
                );
            };
            tx.execute(
                "UPDATE server_officers SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL",
                params![o.id, now],
            )?;
            tx.execute("DELETE FROM server_sessions WHERE officer_id = ?1", [&o.id])?;
            Ok(officer_by_username(tx, &username)?.unwrap_or(o))
        })
    }

    /// Signs an officer in from address `ip`: a new session, or why not.
    ///
    /// Refused with [`LoginError::RateLimited`] (even with the right
    /// password) while the username or the address has
    /// [`LOGIN_FAILURE_LIMIT`] failures in the last
    /// [`LOGIN_WINDOW_MINUTES`]; each refusal for a wrong username or
    /// password or a disabled account ([`LoginError::Failed`]) is one
    /// failure of both. A success clears the username's failures.
    pub fn login(
        &self,
        username: &str,
        password: &str,
        ip: &str,
    ) -> Result<NewSession, LoginError> {
        let username = normalize_username(username);
        let now = self.now();
        let since = timestamp(now - Duration::minutes(LOGIN_WINDOW_MINUTES));
        let found = {
            let conn = self.lock();
            conn.execute(
                "DELETE FROM server_login_failures WHERE at < ?1",
                [timestamp(now - Duration::days(1))],
            )
            .map_err(StorageError::from)?;
            let mut oldest: Option<String> = None;
            for (col, key) in [("username", username.as_str()), ("ip", ip)] {
                let (n, first): (u32, Option<String>) = conn
                    .query_row(
                        &format!(
                            "SELECT COUNT(*), MIN(at) FROM (SELECT at FROM server_login_failures
                             WHERE {col} = ?1 AND at > ?2 ORDER BY at DESC LIMIT ?3)"
                        ),
                        params![key, since, LOGIN_FAILURE_LIMIT],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .map_err(StorageError::from)?;
                if n >= LOGIN_FAILURE_LIMIT {
                    oldest = oldest.max(first);
                }
            }
            if let Some(first) = oldest {
                let free_at = parse_instant(&first)? + Duration::minutes(LOGIN_WINDOW_MINUTES);
                let secs = (free_at - now).num_seconds().max(1);
                return Err(LoginError::RateLimited {
                    retry_after_minutes: (secs + 59) / 60,
                });
            }
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
        let ok = match &found {
            Some((o, hash)) => verify_password(password, hash) && o.disabled_at.is_none(),
            None => {
                verify_password(password, decoy_hash());
                false
            }
        };
        let Some((officer, _)) = found.filter(|_| ok) else {
            self.write(|tx| {
                tx.execute(
                    "INSERT INTO server_login_failures (username, ip, at) VALUES (?1, ?2, ?3)",
                    params![username, ip, timestamp(now)],
                )?;
                Ok(())
            })?;
            return Err(LoginError::Failed);
        };
        let token = codes::new_token().map_err(internal)?;
        let csrf = codes::new_token().map_err(internal)?;
        let expires_at = timestamp(now + Duration::hours(SESSION_HOURS));
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

    /// The live session a cookie's token opens, and notes the request
    /// (idle time starts again). `None` for an unknown token, a session past
    /// its end ([`SESSION_HOURS`] after sign-in, or [`SESSION_IDLE_MINUTES`]
    /// without a request; it is deleted) or a disabled officer.
    pub fn session(&self, token: &str) -> StorageResult<Option<Session>> {
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
            let idle_end = parse_instant(&last_seen)? + Duration::minutes(SESSION_IDLE_MINUTES);
            if now >= parse_instant(&expires_at)? || now >= idle_end {
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

    /// Ends the session of `token` (nothing for an unknown token).
    pub fn logout(&self, token: &str) -> StorageResult<()> {
        let hash = codes::sha256_hex(token.as_bytes());
        self.write(|tx| {
            tx.execute("DELETE FROM server_sessions WHERE token_hash = ?1", [&hash])?;
            Ok(())
        })
    }

    /// Writes an entry to the audit log.
    pub fn audit(
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

    /// The audit log, newest first, at most `limit` entries.
    pub fn audit_log(&self, limit: u32) -> StorageResult<Vec<AuditEntry>> {
        let conn = self.lock();
        let rows = conn
            .prepare(
                "SELECT id, at, officer_id, username, action, club_id, detail, ip
                 FROM server_audit ORDER BY id DESC LIMIT ?1",
            )?
            .query_map([limit], |r| {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ishc_core::clock::FixedClock;
    use std::sync::Arc;

    /// Đồng Nai (2025 code).
    const DONG_NAI: u32 = 75;

    fn storage() -> (SqliteStorage, Arc<FixedClock>) {
        let clock = Arc::new(FixedClock::new(
            ishc_core::model::vietnam_offset()
                .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
                .unwrap(),
        ));
        (SqliteStorage::open_in_memory(clock.clone()).unwrap(), clock)
    }

    fn lan(role: Role) -> NewOfficer {
        NewOfficer {
            username: " Lan.Nguyen ".into(),
            full_name: "Nguyễn Thị  Lan".into(),
            role,
            province_code: DONG_NAI,
            password: "mật khẩu dài 2026".into(),
        }
    }

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
    fn officers_are_checked_and_stored_without_their_password() {
        let (s, _) = storage();
        let o = s.create_officer(lan(Role::Analyst)).unwrap();
        assert_eq!(o.username, "lan.nguyen");
        assert_eq!(o.full_name, "Nguyễn Thị Lan");
        let stored: String = s
            .lock()
            .query_row("SELECT password_hash FROM server_officers", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(stored.starts_with("$argon2id$") && !stored.contains("mật khẩu"));
        let code = |n: NewOfficer| s.create_officer(n).unwrap_err().code().to_string();
        assert_eq!(code(lan(Role::Viewer)), "officer.username_taken");
        let mut n = lan(Role::Viewer);
        n.username = "9lan".into();
        assert_eq!(code(n), "officer.username");
        let mut n = lan(Role::Viewer);
        n.username = "lan nguyen".into();
        assert_eq!(code(n), "officer.username");
        let mut n = lan(Role::Viewer);
        n.username = "hoa".into();
        n.password = "ngắn quá".into();
        assert_eq!(code(n), "officer.password_short");
        let mut n = lan(Role::Viewer);
        n.username = "hoa".into();
        n.province_code = 26425;
        assert_eq!(code(n), "officer.province");
        let mut n = lan(Role::Viewer);
        n.username = "hoa".into();
        n.full_name = "  ".into();
        assert_eq!(code(n), "officer.name");
        assert_eq!(s.list_officers().unwrap(), vec![o]);
        // Debug output never shows the password.
        assert!(!format!("{:?}", lan(Role::Viewer)).contains("mật khẩu"));
    }

    #[test]
    fn five_failures_in_fifteen_minutes_lock_the_username_until_the_first_leaves_the_window() {
        let (s, clock) = storage();
        s.create_officer(lan(Role::Viewer)).unwrap();
        for i in 0..5 {
            assert_eq!(
                s.login("lan.nguyen", "sai mật khẩu", &format!("10.0.0.{i}")),
                Err(LoginError::Failed)
            );
            clock.advance(chrono::Duration::minutes(1));
        }
        // 08:05: failures at 08:00–08:04; the first leaves the window at 08:15.
        assert_eq!(
            s.login("Lan.Nguyen", "mật khẩu dài 2026", "10.0.0.9"),
            Err(LoginError::RateLimited {
                retry_after_minutes: 10
            })
        );
        // Another username from another address is not affected.
        let mut hoa = lan(Role::Viewer);
        hoa.username = "hoa".into();
        s.create_officer(hoa).unwrap();
        assert!(s.login("hoa", "mật khẩu dài 2026", "10.0.0.9").is_ok());
        clock.advance(chrono::Duration::minutes(10));
        let ok = s
            .login("lan.nguyen", "mật khẩu dài 2026", "10.0.0.9")
            .unwrap();
        assert_eq!(ok.session.officer.username, "lan.nguyen");
        assert!(codes::looks_like_token(&ok.token));
        // Only the hash of the token is stored.
        let n: u32 = s
            .lock()
            .query_row(
                "SELECT COUNT(*) FROM server_sessions WHERE token_hash = ?1",
                [codes::sha256_hex(ok.token.as_bytes())],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);
        // The success cleared the username's failures.
        assert!(s.login("lan.nguyen", "sai", "10.0.0.9") == Err(LoginError::Failed));
    }

    #[test]
    fn five_failures_from_one_address_lock_the_address_for_every_username() {
        let (s, _) = storage();
        s.create_officer(lan(Role::Viewer)).unwrap();
        for name in ["a1", "a2", "a3", "a4", "a5"] {
            assert_eq!(s.login(name, "x", "192.0.2.7"), Err(LoginError::Failed));
        }
        assert!(matches!(
            s.login("lan.nguyen", "mật khẩu dài 2026", "192.0.2.7"),
            Err(LoginError::RateLimited {
                retry_after_minutes: 15
            })
        ));
        assert!(s
            .login("lan.nguyen", "mật khẩu dài 2026", "192.0.2.8")
            .is_ok());
    }

    #[test]
    fn sessions_end_after_eight_hours_after_an_idle_hour_on_logout_and_on_disabling() {
        let (s, clock) = storage();
        s.create_officer(lan(Role::Admin)).unwrap();
        let login = || {
            s.login("lan.nguyen", "mật khẩu dài 2026", "10.0.0.1")
                .unwrap()
        };
        let a = login();
        assert_eq!(a.session.expires_at, "2026-01-05T09:00:00.000Z");
        let seen = s.session(&a.token).unwrap().unwrap();
        assert_eq!(seen, a.session);
        // Active every 59 minutes: alive until the eighth hour.
        for _ in 0..8 {
            clock.advance(chrono::Duration::minutes(59));
            assert!(s.session(&a.token).unwrap().is_some());
        }
        clock.advance(chrono::Duration::minutes(8));
        assert_eq!(s.session(&a.token).unwrap(), None);
        // Idle for an hour.
        let b = login();
        clock.advance(chrono::Duration::minutes(60));
        assert_eq!(s.session(&b.token).unwrap(), None);
        // Logout.
        let c = login();
        s.logout(&c.token).unwrap();
        assert_eq!(s.session(&c.token).unwrap(), None);
        // Disabling ends sessions and refuses sign-in.
        let d = login();
        let off = s.disable_officer("Lan.Nguyen").unwrap();
        assert!(off.disabled_at.is_some());
        assert_eq!(s.session(&d.token).unwrap(), None);
        assert_eq!(
            s.login("lan.nguyen", "mật khẩu dài 2026", "10.0.0.1"),
            Err(LoginError::Failed)
        );
        assert_eq!(
            s.disable_officer("nobody").unwrap_err().code(),
            "officer.unknown"
        );
        assert_eq!(s.session("not a token").unwrap(), None);
    }

    #[test]
    fn the_audit_log_lists_newest_first() {
        let (s, clock) = storage();
        let o = s.create_officer(lan(Role::Analyst)).unwrap();
        s.audit(
            &o,
            "members.view",
            Some("club-1"),
            "52 members listed",
            "10.0.0.1",
        )
        .unwrap();
        clock.advance(chrono::Duration::minutes(1));
        s.audit(
            &o,
            "members.view",
            Some("club-2"),
            "61 members listed",
            "10.0.0.1",
        )
        .unwrap();
        let log = s.audit_log(10).unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].club_id.as_deref(), Some("club-2"));
        assert_eq!(log[0].at, "2026-01-05T01:01:00.000Z");
        assert_eq!(log[1].detail, "52 members listed");
        assert_eq!(log[1].username, "lan.nguyen");
        assert_eq!(s.audit_log(1).unwrap().len(), 1);
    }
}
