//! Enrolling a restored store anew when its old phone was revoked.
//!
//! A store restored from a backup ([`Store::restore_backup`]) is the old
//! phone: its device id, token and unsent operations. When the old phone is
//! simply replaced (a phone swap) it syncs on as that device and nothing
//! else is needed: the server answers the operations it already had as
//! already had, and sends the restored store what the old phone sent after
//! the backup. When the old phone was lost, the province revokes it and its
//! token is refused (`auth.device_revoked`); then [`enrol_restored`] moves
//! the store to a new device identity without losing or doubling anything:
//!
//! 1. It proves the old device is revoked (a sync with its token must be
//!    refused with `auth.device_revoked`). Only then is the server's set of
//!    the old device's operations final: nothing more of it can arrive.
//! 2. It enrols a new, empty database with the new one-time code and pulls
//!    everything the server holds, as a phone replaced "from the server
//!    alone" does.
//! 3. Each operation the backup held unsent is looked up in what was
//!    pulled: if the server has it (the old phone sent it after the
//!    backup), it is already in the new database. Otherwise it never left
//!    the old phone and is re-authored by the new device: a new operation id
//!    derived from the old one ([`reauthored_op_id`]), the new device id, and
//!    the same change, author, recording time, base sequence and clock
//!    stamp (with the new device's name), so that it merges exactly where
//!    the old phone's would have. Applied and logged as unsent, it goes out
//!    on the next sync. If this database's rules now refuse it, it is kept
//!    as a rejected operation with the reason.
//! 4. The new database replaces the restored one in one rename.
//!
//! Because the re-authored id is derived from the old id, restoring the
//! same backup onto a second phone cannot double anything either: the
//! second phone pulls the first one's re-authored operation and recognises
//! it. What the old phone recorded after the backup and never sent is lost
//! with it; what it sent after the backup comes back from the server.

use crate::clock::Clock;
use crate::encryption::StoreKey;
use crate::error::FieldError;
use crate::hlc::HlcStamp;
use crate::store::Store;
use crate::sync::client::{enrol, SyncClient, SyncConfig, SyncError};
use crate::sync::wire::WireOp;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What [`enrol_restored`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoredEnrolment {
    /// The revoked device the backup came from.
    pub old_device_id: String,
    /// The device id the server gave this phone.
    pub new_device_id: String,
    /// Unsent operations of the backup that the server had after all (the
    /// old phone sent them after the backup was made), or that another
    /// phone restored from the same backup had re-authored.
    pub already_on_server: usize,
    /// Unsent operations of the backup re-authored by the new device,
    /// waiting to be sent.
    pub re_authored: usize,
    /// Re-authored operations this database's rules refused, kept as
    /// rejected with their reason: (new operation id, code).
    pub refused: Vec<(String, String)>,
}

/// The id of the re-authored copy of operation `op_id`: the first 16 bytes
/// of SHA-256 over `ishc re-authored op ` and the old id, as a version-8
/// UUID. The same old operation gets the same new id on every phone.
pub fn reauthored_op_id(op_id: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"ishc re-authored op ")
        .chain_update(op_id.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes)
        .into_uuid()
        .to_string()
}

fn lock(store: &Arc<Mutex<Store>>) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|e| e.into_inner())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_if_present(path: &Path) -> Result<(), SyncError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(crate::Error::from(e).into()),
        _ => Ok(()),
    }
}

/// Enrols the restored store at `path` (opened with `key`; no other
/// connection may hold it) as a new device with the one-time `code`, once
/// the server confirms its old device is revoked, keeping every operation
/// the server never received (module docs). On success `path` holds the
/// new database, encrypted with `key`; open it again with
/// [`Store::open_encrypted`].
///
/// The new database is built beside `path` (`<path>.enrolling`) and renamed
/// over it at the end: on any failure `path` is left as it was (the code
/// may be spent by then, if the failure came after the enrolment; the
/// coordinator issues another).
///
/// Errors: `restore.device_active` (field `code`) if the old device's token
/// still works (sync on as it instead: a phone swap, or have the province
/// revoke it first); `sync.not_enrolled` if the backup's store was never
/// enrolled; the enrolment's errors (`enrol.*`); `sync.network` and the
/// server's codes; the store's errors.
pub async fn enrol_restored(
    path: &Path,
    key: &StoreKey,
    code: &str,
    device_name: &str,
    clock: Arc<dyn Clock>,
) -> Result<RestoredEnrolment, SyncError> {
    let old = Arc::new(Mutex::new(Store::open_encrypted(
        path,
        key,
        "restored",
        clock.clone(),
    )?));
    let (server_url, old_device_id) = {
        let st = lock(&old);
        let Some(url) = st.meta("server_url")? else {
            return Err(SyncError::NotEnrolled);
        };
        (url, st.device_id().to_string())
    };
    match SyncClient::new(old.clone(), SyncConfig::default())?
        .sync()
        .await
    {
        Ok(_) => {
            return Err(crate::Error::from(FieldError::new(
                "restore.device_active",
                "code",
                format!(
                    "the server still accepts device {old_device_id}: this phone carries on as it (a phone swap); enrol anew only after the province revokes it"
                ),
            ))
            .into())
        }
        Err(e) if e.code() == "auth.device_revoked" => {}
        Err(e) => return Err(e),
    }
    let unsent: Vec<WireOp> = lock(&old).pending_ops(i64::MAX as usize)?;
    drop(old);
    // Closing the last connection folds the write-ahead log into the file
    // and deletes it; one left behind would be replayed onto the new file.
    if sibling(path, "-wal").exists() {
        return Err(crate::Error::Io(std::io::Error::other(format!(
            "{} still has a write-ahead log: is another connection open?",
            path.display()
        )))
        .into());
    }

    let building = sibling(path, ".enrolling");
    for suffix in ["", "-wal", "-shm", "-journal"] {
        remove_if_present(&sibling(&building, suffix))?;
    }
    let result = async {
        let new = Arc::new(Mutex::new(Store::open_encrypted(
            &building,
            key,
            "unenrolled",
            clock,
        )?));
        let new_device_id = enrol(&new, &server_url, code, device_name).await?.device_id;
        SyncClient::new(new.clone(), SyncConfig::default())?
            .sync()
            .await?;
        let mut report = RestoredEnrolment {
            old_device_id: old_device_id.clone(),
            new_device_id: new_device_id.clone(),
            already_on_server: 0,
            re_authored: 0,
            refused: vec![],
        };
        let mut st = lock(&new);
        for op in unsent {
            let op_id = reauthored_op_id(&op.op_id);
            if st.holds_op(&op.op_id)? || st.holds_op(&op_id)? {
                report.already_on_server += 1;
                continue;
            }
            let stamp: HlcStamp = op.hlc.parse().map_err(crate::Error::from)?;
            let adopted = WireOp {
                op_id,
                device_id: new_device_id.clone(),
                hlc: HlcStamp {
                    hlc: stamp.hlc,
                    device: new_device_id.clone(),
                }
                .to_string(),
                ..op
            };
            match st.adopt_op(&adopted)? {
                None => report.re_authored += 1,
                Some(code) => report.refused.push((adopted.op_id.clone(), code)),
            }
        }
        drop(st);
        drop(new);
        Ok::<_, SyncError>(report)
    }
    .await;
    match result {
        Ok(report) => {
            std::fs::rename(&building, path).map_err(crate::Error::from)?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                if let Ok(d) = std::fs::File::open(dir) {
                    let _ = d.sync_all();
                }
            }
            Ok(report)
        }
        Err(e) => {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(sibling(&building, suffix));
            }
            Err(e)
        }
    }
}
