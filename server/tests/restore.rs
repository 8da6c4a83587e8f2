//! A treasurer's encrypted backup restored onto a new phone, then synced
//! against a real server on loopback (issue 8; `core::sync::restore`):
//!
//! - a phone swap (the old phone not revoked): the restored store carries
//!   on as the old device; what the old phone sent after the backup is
//!   answered as already had and pulled back, nothing doubles;
//! - a lost phone (revoked): the restored store's token is refused, it is
//!   enrolled anew with a new code, keeps the operations the old phone had
//!   sent after the backup without sending them again, and re-authors and
//!   sends only those that never left the old phone; restoring the same
//!   backup onto a second phone adds nothing;
//! - enrolling anew is refused while the old device is still accepted.

mod common;

use common::{new_member, start, Phone, TestServer};
use ishc_core::backup::BackupPassphrase;
use ishc_core::clock::SystemClock;
use ishc_core::encryption::StoreKey;
use ishc_core::model::Role;
use ishc_core::store::Store;
use ishc_core::sync::client::{enrol, SyncClient, SyncConfig};
use ishc_core::sync::restore::{enrol_restored, reauthored_op_id};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const PASSPHRASE: &str = "Hoa sen nở tháng năm";

fn passphrase() -> BackupPassphrase {
    BackupPassphrase::new(PASSPHRASE).unwrap()
}

fn old_key() -> StoreKey {
    StoreKey::new([0x11; 32])
}

fn new_key() -> StoreKey {
    StoreKey::new([0x22; 32])
}

fn shared(store: Store) -> Arc<Mutex<Store>> {
    Arc::new(Mutex::new(store))
}

/// The old phone: an encrypted store at `path`, enrolled in `club`, with a
/// chair-treasurer and a saver registered and sent. Returns the store, the
/// device id, the chair's and the saver's ids.
async fn old_phone(
    s: &TestServer,
    club: &str,
    path: &Path,
) -> (Arc<Mutex<Store>>, String, String, String) {
    let store = shared(
        Store::open_encrypted(path, &old_key(), "unenrolled", Arc::new(SystemClock)).unwrap(),
    );
    let device = enrol(&store, &s.url(""), &s.code(club, 1), "Máy cũ")
        .await
        .unwrap()
        .device_id;
    sync(&store).await;
    let (chair, saver) = {
        let mut st = store.lock().unwrap();
        st.set_author("admin:setup");
        let chair = st
            .register_member(
                club,
                new_member("Trần Thị Hải", vec![Role::Chair, Role::Treasurer]),
            )
            .unwrap()
            .member
            .id;
        let saver = st
            .register_member(club, new_member("Nguyễn Thị Lan", vec![]))
            .unwrap()
            .member
            .id;
        st.set_author(&chair);
        (chair, saver)
    };
    sync(&store).await;
    (store, device, chair, saver)
}

async fn sync(store: &Arc<Mutex<Store>>) -> ishc_core::sync::client::SyncReport {
    SyncClient::new(store.clone(), SyncConfig::default())
        .unwrap()
        .sync()
        .await
        .unwrap()
}

/// Deposits `amount` đồng for `saver`; returns the operation's id.
fn deposit(store: &Arc<Mutex<Store>>, saver: &str, amount: i64, day: u32) -> String {
    let mut st = store.lock().unwrap();
    st.deposit(
        saver,
        amount,
        chrono::NaiveDate::from_ymd_opt(2025, 3, day).unwrap(),
        "",
    )
    .unwrap();
    st.pending_ops(1000).unwrap().last().unwrap().op_id.clone()
}

/// The operation ids the server holds for the club, in order, as a fresh
/// phone pulls them.
async fn server_ops(s: &TestServer, club: &str) -> Vec<(String, String)> {
    let reader: Phone = s.phone(club).await;
    s.pull_all(&reader, 500)
        .await
        .into_iter()
        .map(|o| (o.op_id, o.device_id))
        .collect()
}

/// The saver's balance on the server, as a fresh phone sees it after one sync.
async fn server_savings(s: &TestServer, club: &str, saver: &str) -> i64 {
    let fresh = shared(Store::open_in_memory("unenrolled", Arc::new(SystemClock)).unwrap());
    enrol(&fresh, &s.url(""), &s.code(club, 1), "Máy kiểm tra")
        .await
        .unwrap();
    sync(&fresh).await;
    let st = fresh.lock().unwrap();
    savings(&st, club, saver)
}

fn savings(st: &Store, club: &str, saver: &str) -> i64 {
    st.list_members(
        club,
        None,
        true,
        chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
    )
    .unwrap()
    .into_iter()
    .find(|m| m.member.id == saver)
    .unwrap()
    .savings_balance
}

/// Writes `old`'s backup into `dir` with [`passphrase`]; its path.
fn back_up(old: &Arc<Mutex<Store>>, dir: &Path) -> PathBuf {
    let backup = dir.join("backup.ishc");
    old.lock()
        .unwrap()
        .write_backup(&backup, &passphrase())
        .unwrap();
    backup
}

/// Restores `backup` onto a new phone's file `path` under [`new_key`], as
/// the phone swap does (the same device id).
fn restore_to(backup: &Path, path: &Path) -> Store {
    Store::restore_backup(
        backup,
        &passphrase(),
        path,
        &new_key(),
        "new-phone",
        Arc::new(SystemClock),
    )
    .unwrap()
}

/// The old phone's token, as a protocol client.
fn as_phone(store: &Arc<Mutex<Store>>, club: &str) -> Phone {
    let st = store.lock().unwrap();
    Phone {
        id: st.device_id().to_string(),
        token: st.meta("device_token").unwrap().unwrap(),
        club: club.to_string(),
        counter: Default::default(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phone_swap_restores_the_backup_and_carries_on_as_the_same_device() {
    let s = start().await;
    let club = s.club("CLB Ấp 8").id;
    let dir = tempfile::tempdir().unwrap();
    let (old, device, _chair, saver) = old_phone(&s, &club, &dir.path().join("old.db")).await;
    let d1 = deposit(&old, &saver, 100_000, 1);
    let backup = back_up(&old, dir.path());
    // After the backup the old phone sends d1 and records and sends d2.
    sync(&old).await;
    let d2 = deposit(&old, &saver, 40_000, 2);
    sync(&old).await;
    drop(old);

    let new_dir = tempfile::tempdir().unwrap();
    let path = new_dir.path().join("club.db");
    let restored = shared(restore_to(&backup, &path));
    assert_eq!(restored.lock().unwrap().device_id(), device);
    assert_eq!(restored.lock().unwrap().pending_count().unwrap(), 1, "d1");
    let report = sync(&restored).await;
    assert_eq!(report.sent, 1, "d1, answered as already had");
    assert_eq!(report.rejected, 0);
    assert_eq!(
        report.received, 1,
        "d2, the old phone's own after the backup"
    );
    {
        let st = restored.lock().unwrap();
        assert_eq!(st.pending_count().unwrap(), 0);
        assert_eq!(savings(&st, &club, &saver), 140_000);
    }
    let ops = server_ops(&s, &club).await;
    for op in [&d1, &d2] {
        assert_eq!(ops.iter().filter(|(id, _)| id == op).count(), 1, "{op}");
    }
    assert_eq!(server_savings(&s, &club, &saver).await, 140_000);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_phone_restored_from_its_backup_enrols_anew_and_sends_only_what_never_left() {
    let s = start().await;
    let club = s.club("CLB Ấp 9").id;
    let dir = tempfile::tempdir().unwrap();
    let (old, device, _chair, saver) = old_phone(&s, &club, &dir.path().join("old.db")).await;
    let sent_later = deposit(&old, &saver, 100_000, 1);
    let never_sent = deposit(&old, &saver, 25_000, 2);
    let backup = back_up(&old, dir.path());
    // After the backup the old phone got one of the two out (its answer
    // lost on the way back), then was lost; the province revokes it.
    let op = old
        .lock()
        .unwrap()
        .pending_ops(10)
        .unwrap()
        .into_iter()
        .find(|o| o.op_id == sent_later)
        .unwrap();
    let pushed = s.push(&as_phone(&old, &club), &[op]).await;
    assert_eq!(pushed.results.len(), 1);
    drop(old);
    s.handle.storage().revoke_device(&device).unwrap();
    assert_eq!(server_savings(&s, &club, &saver).await, 100_000);

    let new_dir = tempfile::tempdir().unwrap();
    let path = new_dir.path().join("club.db");
    let restored = shared(restore_to(&backup, &path));
    let err = SyncClient::new(restored.clone(), SyncConfig::default())
        .unwrap()
        .sync()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "auth.device_revoked");
    drop(restored);

    let report = enrol_restored(
        &path,
        &new_key(),
        &s.code(&club, 1),
        "Máy mới",
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    assert_eq!(report.old_device_id, device);
    assert_ne!(report.new_device_id, device);
    assert_eq!(report.already_on_server, 1, "{report:?}");
    assert_eq!(report.re_authored, 1, "{report:?}");
    assert_eq!(report.refused, vec![]);
    // Only the new file is left, under the new phone's key.
    let mut names: Vec<String> = std::fs::read_dir(new_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["club.db"]);
    let new = shared(Store::open_encrypted(&path, &new_key(), "x", Arc::new(SystemClock)).unwrap());
    {
        let st = new.lock().unwrap();
        assert_eq!(st.device_id(), report.new_device_id);
        let pending = st.pending_ops(10).unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].op_id, reauthored_op_id(&never_sent));
        assert_eq!(pending[0].device_id, report.new_device_id);
        assert_eq!(savings(&st, &club, &saver), 125_000, "the phone shows both");
    }
    let sent = sync(&new).await;
    assert_eq!((sent.sent, sent.rejected), (1, 0));
    assert_eq!(server_savings(&s, &club, &saver).await, 125_000);
    let ops = server_ops(&s, &club).await;
    assert_eq!(
        ops.iter().filter(|(id, _)| *id == sent_later).count(),
        1,
        "sent once, by the old phone"
    );
    assert!(!ops.iter().any(|(id, _)| *id == never_sent));
    assert!(ops.contains(&(reauthored_op_id(&never_sent), report.new_device_id.clone())));

    // The same backup restored onto a second phone adds nothing.
    let other_dir = tempfile::tempdir().unwrap();
    let other = other_dir.path().join("club.db");
    drop(restore_to(&backup, &other));
    let second = enrol_restored(
        &other,
        &new_key(),
        &s.code(&club, 1),
        "Máy thứ ba",
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    assert_eq!((second.already_on_server, second.re_authored), (2, 0));
    let third =
        shared(Store::open_encrypted(&other, &new_key(), "x", Arc::new(SystemClock)).unwrap());
    assert_eq!(third.lock().unwrap().pending_count().unwrap(), 0);
    assert_eq!(server_savings(&s, &club, &saver).await, 125_000);
}

#[tokio::test(flavor = "multi_thread")]
async fn enrolling_a_restored_phone_anew_is_refused_while_its_old_device_is_accepted() {
    let s = start().await;
    let club = s.club("CLB Ấp 10").id;
    let dir = tempfile::tempdir().unwrap();
    let (old, _device, _chair, saver) = old_phone(&s, &club, &dir.path().join("old.db")).await;
    deposit(&old, &saver, 100_000, 1);
    let backup = back_up(&old, dir.path());
    drop(old);
    let path = dir.path().join("restored.db");
    drop(restore_to(&backup, &path));
    let code = s.code(&club, 1);
    let err = enrol_restored(&path, &new_key(), &code, "Máy mới", Arc::new(SystemClock))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "restore.device_active");
    // It synced as the old device meanwhile (a phone swap): the deposit is
    // on the server once; the code was not spent.
    assert_eq!(server_savings(&s, &club, &saver).await, 100_000);
    let spare = shared(Store::open_in_memory("unenrolled", Arc::new(SystemClock)).unwrap());
    enrol(&spare, &s.url(""), &code, "Máy dự phòng")
        .await
        .unwrap();
}
