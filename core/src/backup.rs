//! Encrypted backups of a phone's store that a treasurer can restore onto a
//! new phone (issue 8).
//!
//! A backup is one SQLCipher file: the whole store (every table, the change
//! log, the sync state, the enrolment), copied page by page with SQLite's
//! online backup API and encrypted with a key that SQLCipher derives from a
//! passphrase the treasurer chooses: PBKDF2-HMAC-SHA512 with 256,000
//! iterations over a random 16-byte salt kept in the file's first bytes
//! (SQLCipher 4's defaults; [`KDF_ITERATIONS`]). The phone's own key never
//! goes into the backup: a backup can be restored on a phone that never had
//! that key, and the passphrase opens nothing but backups made with it.
//!
//! A restore ([`Store::restore_backup`]) copies the backup into the new
//! phone's database encrypted with the new phone's key. The restored store
//! keeps the old phone's identity (device id, token, server, pull cursor)
//! and its unsent operations unchanged, so a phone swap carries on syncing
//! as before (the server answers operations it already has as already had:
//! nothing doubles). If the province revoked the old phone (it was lost),
//! its token is refused (`auth.device_revoked`) and the restored store is
//! enrolled anew with [`crate::sync::restore::enrol_restored`], which keeps
//! every operation the server never received (`docs/ARCHITECTURE.md`,
//! "Backups and restoring a phone").

use crate::clock::Clock;
use crate::encryption::{apply_key, prove_key, StoreKey};
use crate::error::{invalid, Error, Result};
use crate::store::Store;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// PBKDF2-HMAC-SHA512 iterations SQLCipher 4 applies to a backup's
/// passphrase (its default, `PRAGMA kdf_iter`): about 0.1–0.3 s on a phone
/// for each open, and as much for every guess an attacker makes.
pub const KDF_ITERATIONS: u32 = 256_000;

/// A passphrase for a backup, as the treasurer typed it, checked and in
/// Unicode NFC.
///
/// Rule (code `backup.passphrase_short`, field `passphrase`): at least
/// [`BackupPassphrase::MIN_CHARS`] characters once spaces at either end are
/// dropped, counted as letters on the screen (NFC), so `ệ` counts once
/// whether the keyboard sent it as one code point or three (Telex and VNI
/// keyboards differ; NFC also makes the same phrase typed on two phones
/// derive the same key). A short sentence in Vietnamese, "Hoa sen nở tháng
/// năm", is the intended kind. The bytes are wiped when it is dropped.
pub struct BackupPassphrase(Zeroizing<String>);

impl BackupPassphrase {
    /// Fewest characters a passphrase may have.
    pub const MIN_CHARS: usize = 12;

    /// Checks and normalises `text`. Errors: `backup.passphrase_short`
    /// (field `passphrase`).
    pub fn new(text: &str) -> Result<BackupPassphrase> {
        let nfc: Zeroizing<String> = Zeroizing::new(text.trim().nfc().collect());
        let chars = nfc.chars().count();
        if chars < Self::MIN_CHARS {
            return invalid(
                "backup.passphrase_short",
                "passphrase",
                format!(
                    "a backup passphrase has at least {} characters (a short sentence), got {chars}",
                    Self::MIN_CHARS
                ),
            );
        }
        Ok(BackupPassphrase(nfc))
    }

    /// The passphrase as SQLCipher takes it: UTF-8 bytes, derived with
    /// PBKDF2 (a passphrase shaped exactly like a raw key, `x'` and 64 or
    /// 96 hex digits and `'`, would be taken as that key instead).
    fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for BackupPassphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BackupPassphrase(not shown)")
    }
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Removes `path` and its journal if they exist.
fn remove_stale(path: &Path) -> Result<()> {
    for p in [
        path.to_path_buf(),
        sibling(path, "-journal"),
        sibling(path, "-wal"),
        sibling(path, "-shm"),
    ] {
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

/// Copies `src` into a new file at `tmp` (keyed by `key_dest`), in rollback
/// journal mode so the result is one file, then syncs it and renames it to
/// `dest` (atomic: `dest` is either absent or whole). Removes `tmp` on
/// failure.
fn copy_into(
    src: &Connection,
    dest: &Path,
    key_dest: impl FnOnce(&Connection) -> Result<()>,
) -> Result<()> {
    let tmp = sibling(dest, ".partial");
    remove_stale(&tmp)?;
    let copied = (|| -> Result<()> {
        let mut out = Connection::open(&tmp)?;
        key_dest(&out)?;
        {
            let backup = rusqlite::backup::Backup::new(src, &mut out)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        }
        // The copied header says WAL if the source was; one file is wanted.
        let mode: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(Error::Io(std::io::Error::other(format!(
                "{} stays in journal mode {mode}",
                tmp.display()
            ))));
        }
        drop(out);
        std::fs::File::open(&tmp)?.sync_all()?;
        Ok(())
    })();
    if let Err(e) = copied {
        let _ = remove_stale(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, dest)?;
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Makes the rename durable where a directory can be synced.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Errors with `backup.dest_exists` (field `path`) if `path` exists.
fn refuse_existing(path: &Path) -> Result<()> {
    if path.exists() {
        return invalid(
            "backup.dest_exists",
            "path",
            format!(
                "{} exists already: a backup or a restore writes a new file only",
                path.display()
            ),
        );
    }
    Ok(())
}

impl Store {
    /// Writes an encrypted backup of the whole store to the new file
    /// `dest`, keyed with `passphrase` (module docs: SQLCipher's
    /// PBKDF2-HMAC-SHA512, [`KDF_ITERATIONS`], a per-file random salt).
    ///
    /// The copy is written beside `dest` (`<dest>.partial`), synced and
    /// renamed into place: a failure leaves no `dest` and no partial file.
    /// The store stays usable meanwhile (SQLite's online backup).
    ///
    /// Errors: `backup.dest_exists` (field `path`) if `dest` exists,
    /// `store.not_encrypted` (field `path`) for a store opened without a
    /// key, `internal.database`, `internal.io`.
    pub fn write_backup(&self, dest: &Path, passphrase: &BackupPassphrase) -> Result<()> {
        refuse_existing(dest)?;
        if !self.is_encrypted() {
            // SQLCipher's backup API copies only between two encrypted or
            // two plain databases; the phones' stores are always encrypted.
            return invalid(
                "store.not_encrypted",
                "path",
                "a backup is made of an encrypted store (Store::open_encrypted)",
            );
        }
        copy_into(&self.conn, dest, |out| {
            crate::encryption::sqlcipher_ready();
            out.key(None::<&str>, passphrase.bytes(), false)?;
            Ok(())
        })
    }

    /// Restores the backup at `backup`, made with `passphrase`, as the
    /// store at the new file `dest` encrypted with this phone's `key`, and
    /// opens it. `device_id` names the phone only if the backup's store was
    /// never enrolled (as for [`Store::open`]); an enrolled one keeps its
    /// server-assigned id.
    ///
    /// The backup is opened read-only and never changed. The restored file
    /// is written beside `dest`, synced and renamed into place, so a wrong
    /// passphrase or any failure leaves no `dest` at all. The store keeps
    /// the old phone's identity and unsent operations (module docs; what to
    /// do when the old phone was revoked: [`crate::sync::restore`]).
    ///
    /// Errors: `backup.dest_exists` (field `path`) if `dest` exists,
    /// `backup.passphrase_invalid` (field `passphrase`) if the passphrase
    /// does not open the backup (another passphrase, not a backup, or a
    /// damaged file), `schema.too_new` for a backup from a newer app, and
    /// those of [`Store::open_encrypted`].
    pub fn restore_backup(
        backup: &Path,
        passphrase: &BackupPassphrase,
        dest: &Path,
        key: &StoreKey,
        device_id: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Store> {
        refuse_existing(dest)?;
        crate::encryption::sqlcipher_ready();
        let src = match Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY) {
            Ok(c) => c,
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::CannotOpen) => {
                return Err(Error::Io(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("cannot open the backup {}", backup.display()),
                )))
            }
            Err(e) => return Err(e.into()),
        };
        src.key(None::<&str>, passphrase.bytes(), false)?;
        if let Err(e) = prove_key(&src, backup) {
            return match e.field_error().map(|f| f.code.as_str()) {
                Some("store.key_invalid") | Some("store.not_encrypted") => invalid(
                    "backup.passphrase_invalid",
                    "passphrase",
                    "the passphrase does not open this backup (another passphrase, or not a backup of a club's database); nothing was written",
                ),
                _ => Err(e),
            };
        }
        let version = crate::schema::version(&src)?;
        if version > crate::schema::VERSION {
            return Err(Error::SchemaTooNew {
                found: version,
                supported: crate::schema::VERSION,
            });
        }
        copy_into(&src, dest, |out| apply_key(out, key))?;
        drop(src);
        Store::open_encrypted(dest, key, device_id, clock)
    }
}
