//! Encryption at rest: the phone's club database is a SQLCipher database
//! (SQLite with every page encrypted with AES-256 and authenticated with
//! HMAC-SHA512, SQLCipher 4's defaults), opened with a 256-bit key that the
//! app keeps in the Android Keystore or the iOS Keychain
//! (`docs/notes/scale-security-design.md`, "Encryption at rest on the
//! phone").
//!
//! The key is used raw (`x'…'`, no passphrase derivation): it is random, so
//! SQLCipher's PBKDF2 over a passphrase would only slow every open down.
//! The server and the command line open their databases without a key
//! ([`Store::open`]); the one SQLite build (rusqlite's bundled SQLCipher)
//! serves both.
//!
//! What this gives: a copy of the file (a lost phone read over USB, a
//! leaked backup) shows no name, no reading and no amount without the key,
//! and a changed page is refused (HMAC), never read as data. What it does
//! not: protect a running, unlocked app, or a phone whose key store is
//! broken into.

use crate::clock::Clock;
use crate::error::{invalid, Error, Result};
use crate::store::Store;
use rusqlite::{Connection, ErrorCode};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The first 16 bytes of every unencrypted SQLite database file. An
/// encrypted file starts with its 16-byte random salt instead.
const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A database key: 32 random bytes (256 bits), from the phone's key store.
///
/// Its `Debug` never prints the bytes, and they are overwritten with zeros
/// when the key is dropped (`zeroize`). Copies SQLCipher makes inside
/// SQLite are its own to wipe (it does when the connection closes).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct StoreKey([u8; StoreKey::LEN]);

impl StoreKey {
    /// Length of a key, bytes.
    pub const LEN: usize = 32;

    /// A key from its 32 bytes.
    pub fn new(bytes: [u8; StoreKey::LEN]) -> StoreKey {
        StoreKey(bytes)
    }

    /// A key from a slice (the FFI's byte array). Errors:
    /// `store.key_length` (field `key`) unless it is exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<StoreKey> {
        match <[u8; StoreKey::LEN]>::try_from(bytes) {
            Ok(b) => Ok(StoreKey(b)),
            Err(_) => invalid(
                "store.key_length",
                "key",
                format!(
                    "a database key is {} bytes (256 bits), got {}",
                    StoreKey::LEN,
                    bytes.len()
                ),
            ),
        }
    }

    /// A new random key from the operating system's generator (for tests
    /// and tools; the apps make theirs in the Keystore/Keychain code).
    /// Errors: `internal.io` if the generator fails.
    pub fn generate() -> Result<StoreKey> {
        let mut b = [0u8; StoreKey::LEN];
        getrandom::fill(&mut b).map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
        let key = StoreKey(b);
        b.zeroize();
        Ok(key)
    }

    /// The key as SQLCipher's raw-key literal `x'<64 hex digits>'`, in a
    /// buffer wiped on drop.
    fn raw_literal(&self) -> Zeroizing<Vec<u8>> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = Zeroizing::new(Vec::with_capacity(3 + 2 * StoreKey::LEN));
        s.extend_from_slice(b"x'");
        for b in &self.0 {
            s.push(HEX[(b >> 4) as usize]);
            s.push(HEX[(b & 0xf) as usize]);
        }
        s.push(b'\'');
        s
    }
}

impl fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreKey(32 bytes, not shown)")
    }
}

/// Keys `conn` (database `main`) with `key`: what `PRAGMA key =
/// "x'<hex>'"` does, through `sqlite3_key_v2` so the key never becomes the
/// text of a statement. Must come before anything reads the file.
pub(crate) fn apply_key(conn: &Connection, key: &StoreKey) -> Result<()> {
    sqlcipher_ready();
    conn.key(None::<&str>, key.raw_literal().as_slice(), false)?;
    Ok(())
}

/// Waits, once per process, until SQLCipher has finished initialising.
///
/// SQLite marks itself initialised before it runs SQLCipher's own
/// initialisation (`SQLITE_EXTRA_INIT`, SQLCipher 4.20), so a thread that
/// opens its first connection while another thread's first open is still
/// inside SQLCipher's initialisation gets a connection at once, and keying
/// it fails with a bare `SQL logic error` ("sqlcipher not initialized" in
/// SQLCipher's log). Seen here with two tests opening encrypted stores at
/// the same moment; an app opening its store while its sync worker starts
/// could meet it too (`core/tests/first_open.rs`: 5 failures in 400 runs
/// on a loaded machine without this, none in 600 with it). A connection
/// opened in that window also lacks `sqlcipher_export`. Keying a throwaway
/// in-memory connection succeeds only once SQLCipher is ready, so this
/// tries that until it does (at once, unless another thread is
/// initialising SQLite at this very moment).
///
/// The store calls it before every keying; code that keys its own
/// `rusqlite::Connection` (tests, tools) calls it first too.
pub fn sqlcipher_ready() {
    static READY: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    READY.get_or_init(|| {
        for _ in 0..1000 {
            if let Ok(probe) = Connection::open_in_memory() {
                if probe.key(None::<&str>, b"probe", false).is_ok() {
                    return;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        // Not ready after a second: let the real keying report the failure.
    });
}

/// Reads `sqlite_master` to prove `conn`'s key opens its file, and names
/// the failure: `store.not_encrypted` (field `path`) for an unencrypted
/// database, `store.key_invalid` (field `key`) for anything else SQLCipher
/// cannot read (a wrong key; a file that is not a database at all looks the
/// same to it).
pub(crate) fn prove_key(conn: &Connection, path: &Path) -> Result<()> {
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            if is_plaintext(path)? {
                invalid(
                    "store.not_encrypted",
                    "path",
                    format!(
                        "{} is an unencrypted database: encrypt it first (Store::encrypt_in_place)",
                        path.display()
                    ),
                )
            } else {
                invalid(
                    "store.key_invalid",
                    "key",
                    "the key does not open this database (another key, or a damaged file); nothing was changed",
                )
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether the file at `path` starts with SQLite's plaintext header.
fn is_plaintext(path: &Path) -> Result<bool> {
    let mut head = [0u8; 16];
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n == head.len() && &head == PLAINTEXT_HEADER)
}

/// `path` with `suffix` appended to its file name (`club.sqlite3-wal`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

impl Store {
    /// Opens (creating or upgrading) the encrypted database at `path` with
    /// `key`, as [`Store::open`] does an unencrypted one. A new file is
    /// created encrypted.
    ///
    /// The key is given to SQLCipher before anything reads the file, then
    /// proved by reading `sqlite_master`; a key that fails leaves the file
    /// (and its `-wal`) byte for byte as it was.
    ///
    /// Errors: `store.key_invalid` (field `key`) for a key that does not
    /// open the file, `store.not_encrypted` (field `path`) for an existing
    /// unencrypted database (encrypt it with [`Store::encrypt_in_place`]),
    /// and those of [`Store::open`].
    pub fn open_encrypted(
        path: &Path,
        key: &StoreKey,
        device_id: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Store> {
        let conn = Connection::open(path)?;
        apply_key(&conn, key)?;
        prove_key(&conn, path)?;
        Store::from_connection(conn, Some(key.clone()), device_id, clock)
    }

    /// Encrypts the unencrypted database at `path` with `key`: SQLCipher's
    /// `sqlcipher_export` copies every table, index and row into a new
    /// encrypted file beside it (`<path>.encrypting`), which is synced and
    /// then renamed over `path` in one atomic step; the schema version
    /// (`user_version`) is copied too. A failure at any point leaves the
    /// unencrypted file as it was (a stale `.encrypting` file is removed on
    /// the next attempt).
    ///
    /// No connection may have the database open (the store is opened after
    /// this): the file is first switched out of WAL mode so that no
    /// unencrypted `-wal` is left beside the encrypted file.
    ///
    /// The unencrypted file is unlinked by the rename, not overwritten: on a
    /// phone's flash its old blocks may survive until the storage reuses
    /// them.
    ///
    /// Errors: `store.already_encrypted` (field `path`) if the file is not
    /// an unencrypted SQLite database (already encrypted, or not a
    /// database), `schema.too_new`, `internal.database` if another
    /// connection holds the database, `internal.io`.
    pub fn encrypt_in_place(path: &Path, key: &StoreKey) -> Result<()> {
        if !is_plaintext(path)? {
            return invalid(
                "store.already_encrypted",
                "path",
                format!(
                    "{} is not an unencrypted database (already encrypted, missing, or not a database)",
                    path.display()
                ),
            );
        }
        let tmp = sibling(path, ".encrypting");
        for stale in [tmp.clone(), sibling(&tmp, "-journal")] {
            match std::fs::remove_file(&stale) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        {
            // Before the connection opens: SQLCipher registers
            // `sqlcipher_export` for the connections opened after it is ready.
            sqlcipher_ready();
            let conn = Connection::open(path)?;
            let version = crate::schema::version(&conn)?;
            if version > crate::schema::VERSION {
                return Err(Error::SchemaTooNew {
                    found: version,
                    supported: crate::schema::VERSION,
                });
            }
            // Folds the WAL into the file and deletes it; fails (busy) if
            // another connection has the database open.
            let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("delete") {
                return Err(Error::Io(std::io::Error::other(format!(
                    "{} stays in journal mode {mode}: is another connection open?",
                    path.display()
                ))));
            }
            let tmp_str = tmp.to_str().ok_or_else(|| {
                Error::Io(std::io::Error::other(format!(
                    "{} is not a UTF-8 path",
                    tmp.display()
                )))
            })?;
            {
                // The key as a bound value, not SQL text.
                let literal = key.raw_literal();
                let literal = std::str::from_utf8(&literal).expect("hex is ASCII");
                conn.execute(
                    "ATTACH DATABASE ?1 AS encrypted KEY ?2",
                    rusqlite::params![tmp_str, literal],
                )?;
            }
            let exported = (|| -> Result<()> {
                conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
                conn.pragma_update(Some("encrypted"), "user_version", version)?;
                Ok(())
            })();
            conn.execute_batch("DETACH DATABASE encrypted")?;
            if let Err(e) = exported {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        }
        // The export committed through SQLite (synced); sync again in case
        // the platform's SQLite skipped it, then swap the files.
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Makes the rename durable; a directory cannot be opened for
            // syncing on every platform, and the rename is done either way.
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }

    /// Changes the database's key to `new_key` (SQLCipher's `rekey`: every
    /// page rewritten in one transaction, so a failure leaves the old key
    /// in force). Errors: `store.not_encrypted` (field `path`) for a store
    /// opened without a key, `internal.database`.
    pub fn rekey(&mut self, new_key: &StoreKey) -> Result<()> {
        if self.key.is_none() {
            return invalid(
                "store.not_encrypted",
                "path",
                "this store was opened without a key: encrypt it with Store::encrypt_in_place",
            );
        }
        self.conn
            .key(None::<&str>, new_key.raw_literal().as_slice(), true)?;
        self.key = Some(new_key.clone());
        Ok(())
    }

    /// Whether the store was opened with a key.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_32_bytes_and_never_printed() {
        let key = StoreKey::new([0xab; 32]);
        assert_eq!(format!("{key:?}"), "StoreKey(32 bytes, not shown)");
        assert_eq!(
            key.raw_literal().as_slice(),
            format!("x'{}'", "ab".repeat(32)).as_bytes()
        );
        for len in [0, 16, 31, 33, 64] {
            let e = StoreKey::from_slice(&vec![1u8; len]).unwrap_err();
            let f = e.field_error().unwrap();
            assert_eq!(
                (f.code.as_str(), f.field.as_str()),
                ("store.key_length", "key")
            );
            assert!(f.message.contains(&format!("got {len}")), "{}", f.message);
        }
        let k = StoreKey::from_slice(&[7u8; 32]).unwrap();
        assert_eq!(
            k.raw_literal().as_slice(),
            format!("x'{}'", "07".repeat(32)).as_bytes()
        );
    }

    #[test]
    fn an_in_memory_connection_takes_a_key_once_sqlcipher_is_ready() {
        // What `sqlcipher_ready` relies on.
        let probe = Connection::open_in_memory().unwrap();
        probe.key(None::<&str>, b"probe", false).unwrap();
        probe
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
            .unwrap();
    }

    #[test]
    fn generated_keys_differ() {
        let a = StoreKey::generate().unwrap();
        let b = StoreKey::generate().unwrap();
        assert_ne!(a.0, b.0);
        assert_ne!(a.0, [0u8; 32]);
    }

    #[test]
    fn the_plaintext_header_is_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.db");
        Connection::open(&plain)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        assert!(is_plaintext(&plain).unwrap());
        let short = dir.path().join("short");
        std::fs::write(&short, b"SQLite").unwrap();
        assert!(!is_plaintext(&short).unwrap());
        assert!(!is_plaintext(&dir.path().join("missing")).unwrap());
    }
}
