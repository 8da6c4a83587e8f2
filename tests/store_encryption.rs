//! Encryption at rest (SQLCipher): an encrypted store's files hold no
//! plaintext name, a wrong key is refused with a code and changes nothing,
//! an unencrypted database is named and encrypted in place with every row
//! kept, the online backup of an encrypted store is encrypted with its key,
//! and a rekeyed store opens with the new key only.

use ishc_core::encryption::StoreKey;
use ishc_core::model::{Fund, InterestMethod, Role, Service, Vitals};
use ishc_core::store::{NewLoan, NewMember, NewVisit, Store};
use ishc_tests::*;
use std::path::{Path, PathBuf};

/// The people written, and looked for in the files' bytes: names with
/// Vietnamese letters (NFC, as the store keeps them), a hamlet, a phone
/// number as the store keeps it (ASCII) and a visit's note.
const NAME: &str = "Hoàng Thị Xuân Diệu";
const VOLUNTEER: &str = "Lương Văn Khải Hoàn";
const HAMLET: &str = "Thôn Suối Nho";
const PHONE: &str = "+84912345678";
const NOTE: &str = "Huyết áp cao, nhắc uống thuốc đều";

fn key_a() -> StoreKey {
    StoreKey::new(*b"0123456789abcdef0123456789abcdef")
}

fn key_b() -> StoreKey {
    StoreKey::new([0x5a; 32])
}

fn needles() -> [&'static str; 5] {
    [NAME, VOLUNTEER, HAMLET, PHONE, NOTE]
}

fn path_with(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// The needles found in the bytes of `path`, its `-wal` and its `-shm`, as
/// `file: needle`.
fn plaintext_in(path: &Path) -> Vec<String> {
    let mut found = vec![];
    for suffix in ["", "-wal", "-shm"] {
        let Ok(bytes) = std::fs::read(path_with(path, suffix)) else {
            continue;
        };
        for n in needles() {
            if bytes.windows(n.len()).any(|w| w == n.as_bytes()) {
                found.push(format!("{suffix}: {n}"));
            }
        }
    }
    found
}

/// A club with a member, a volunteer, savings, a loan and a visit on `store`.
fn fill(store: &mut Store) {
    let club = store.create_club(new_club()).unwrap().id;
    register_acting(store, &club);
    let member = store
        .register_member(
            &club,
            NewMember {
                hamlet: HAMLET.into(),
                phone: Some("0912 345 678".into()),
                roles: vec![Role::CareRecipient],
                ..person(NAME)
            },
        )
        .unwrap()
        .member;
    assert_eq!(member.phone.as_deref(), Some(PHONE));
    let volunteer = store
        .register_member(
            &club,
            with_roles(VOLUNTEER, &[Role::HomeCareVolunteer, Role::Treasurer]),
        )
        .unwrap()
        .member
        .id;
    store
        .deposit(&member.id, 500_000, d(2026, 2, 20), "Gửi tiết kiệm")
        .unwrap();
    store
        .record_fund_entry(
            &club,
            ishc_core::store::NewFundEntry {
                fund: Fund::IncomeGeneration,
                kind: ishc_core::ops::EntryKind::Grant,
                amount: 20_000_000,
                entry_on: d(2026, 2, 1),
                memo: "Vốn tài trợ".into(),
                member_id: None,
            },
        )
        .unwrap();
    store
        .disburse_loan(NewLoan {
            borrower_id: member.id.clone(),
            principal: 5_000_000,
            disbursed_on: d(2026, 2, 2),
            term_months: 12,
            monthly_rate_bp: 100,
            method: InterestMethod::Flat,
            purpose: "Nuôi gà".into(),
        })
        .unwrap();
    store
        .log_visit(NewVisit {
            volunteer_id: volunteer,
            recipient_id: member.id,
            started_at: at("2026-02-27T08:30:00+07:00"),
            duration_min: 40,
            services: vec![Service::HealthMonitoring],
            vitals: Vitals {
                systolic: Some(162),
                diastolic: Some(98),
                pulse: Some(80),
                glucose_mmol_l: None,
                weight_kg: None,
            },
            notes: NOTE.into(),
        })
        .unwrap();
}

/// Every row of every user table, each value with its SQLite type, each
/// table's rows sorted.
fn all_rows(store: &Store) -> Vec<(String, Vec<Vec<String>>)> {
    tables(store)
        .into_iter()
        .map(|t| {
            let mut stmt = store
                .connection()
                .prepare(&format!("SELECT * FROM \"{t}\""))
                .unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<Vec<String>> = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect()
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.sort();
            (t, rows)
        })
        .collect()
}

fn user_version(store: &Store) -> u32 {
    store
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_files_of_an_encrypted_store_hold_no_plaintext_name() {
    let dir = tempfile::tempdir().unwrap();
    // The control: the same writes in an unencrypted store are readable in
    // its files, so the search below can find what is there.
    let plain = dir.path().join("plain.db");
    {
        let mut store = Store::open(&plain, "phone-plain", clock_at(START)).unwrap();
        fill(&mut store);
        assert_eq!(plaintext_in(&plain).len(), 5, "{:?}", plaintext_in(&plain));
    }

    let path = dir.path().join("club.db");
    let mut store = Store::open_encrypted(&path, &key_a(), "phone-1", clock_at(START)).unwrap();
    assert!(store.is_encrypted());
    fill(&mut store);
    // After the writes, with the WAL holding them (and the -shm beside it).
    assert!(path_with(&path, "-wal").exists());
    assert!(std::fs::metadata(path_with(&path, "-wal")).unwrap().len() > 0);
    assert_eq!(plaintext_in(&path), Vec::<String>::new());
    // After a checkpoint into the main file.
    store
        .connection()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    assert_eq!(plaintext_in(&path), Vec::<String>::new());
    assert!(std::fs::metadata(&path).unwrap().len() > 4096);
    drop(store);
    assert_eq!(plaintext_in(&path), Vec::<String>::new());
    // Not even SQLite's header: the file starts with its random salt.
    let bytes = std::fs::read(&path).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    assert!(!bytes.windows(6).any(|w| w == b"SQLite"));
}

#[test]
fn a_wrong_key_is_refused_and_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.db");
    let wal = path_with(&path, "-wal");
    let shm = path_with(&path, "-shm");
    {
        let mut store = Store::open_encrypted(&path, &key_a(), "phone-1", clock_at(START)).unwrap();
        fill(&mut store);
        // While the right store has the file open with writes in its WAL.
        let (db_before, wal_before) = (std::fs::read(&path).unwrap(), std::fs::read(&wal).unwrap());
        let e = Store::open_encrypted(&path, &key_b(), "phone-1", clock_at(START))
            .err()
            .unwrap();
        assert_eq!(code_field(&e), ("store.key_invalid".into(), "key".into()));
        assert_eq!(std::fs::read(&path).unwrap(), db_before);
        assert_eq!(std::fs::read(&wal).unwrap(), wal_before);
    }
    // Closed: the WAL folded into the file and removed.
    assert!(!wal.exists() && !shm.exists());
    let before = std::fs::read(&path).unwrap();
    let e = Store::open_encrypted(&path, &key_b(), "phone-1", clock_at(START))
        .err()
        .unwrap();
    assert_eq!(code_field(&e), ("store.key_invalid".into(), "key".into()));
    assert_eq!(
        e.to_string(),
        "key: the key does not open this database (another key, or a damaged file); nothing was changed [store.key_invalid]"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!wal.exists() && !shm.exists(), "a wrong key made WAL files");
    // Without a key the file is no database at all to SQLite.
    let e = Store::open(&path, "phone-1", clock_at(START))
        .err()
        .unwrap();
    assert_eq!(e.code(), "internal.database");
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // The right key, after all that: everything is there.
    let store = Store::open_encrypted(&path, &key_a(), "phone-1", clock_at(START)).unwrap();
    let names: Vec<String> = store
        .list_members(&store.the_club().unwrap().id, None, false, d(2026, 3, 1))
        .unwrap()
        .into_iter()
        .map(|m| m.member.full_name)
        .collect();
    // Vietnamese order by given name: Chủ, Diệu, Hoàn.
    assert_eq!(names, [ACTING, NAME, VOLUNTEER]);
    assert_eq!(store.change_log(false).unwrap().len(), 8);
    assert_eq!(store.audit().unwrap(), Default::default());
}

#[test]
fn an_unencrypted_database_is_named_then_encrypted_in_place_with_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.db");
    let (rows, version) = {
        let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
        fill(&mut store);
        // Encrypting while a connection has the file open is refused and
        // changes nothing.
        let e = Store::encrypt_in_place(&path, &key_a()).unwrap_err();
        assert_eq!(e.code(), "internal.database", "{e}");
        (all_rows(&store), user_version(&store))
    };
    assert_eq!(plaintext_in(&path).len(), 5);
    let before = std::fs::read(&path).unwrap();
    let e = Store::open_encrypted(&path, &key_a(), "phone-1", clock_at(START))
        .err()
        .unwrap();
    assert_eq!(
        code_field(&e),
        ("store.not_encrypted".into(), "path".into())
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // A stale file from an attempt that died is replaced.
    std::fs::write(path_with(&path, ".encrypting"), b"half an export").unwrap();

    Store::encrypt_in_place(&path, &key_a()).unwrap();

    assert!(!path_with(&path, ".encrypting").exists());
    assert!(!path_with(&path, "-wal").exists());
    assert_eq!(plaintext_in(&path), Vec::<String>::new());
    let store = Store::open_encrypted(&path, &key_a(), "phone-1", clock_at(START)).unwrap();
    assert_eq!(user_version(&store), version);
    let after = all_rows(&store);
    assert_eq!(after.len(), rows.len());
    assert!(rows.iter().any(|(t, r)| t == "members" && r.len() == 3));
    assert!(rows.iter().any(|(t, r)| t == "change_log" && r.len() == 8));
    assert_eq!(after, rows);
    assert_eq!(store.audit().unwrap(), Default::default());
    drop(store);
    // Once is enough: an encrypted file is not encrypted again.
    let e = Store::encrypt_in_place(&path, &key_b()).unwrap_err();
    assert_eq!(
        code_field(&e),
        ("store.already_encrypted".into(), "path".into())
    );
    let e = Store::open_encrypted(&path, &key_b(), "phone-1", clock_at(START))
        .err()
        .unwrap();
    assert_eq!(code_field(&e).0, "store.key_invalid");
}

#[test]
fn the_backup_of_an_encrypted_store_is_encrypted_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.db");
    let copy = dir.path().join("copy.db");
    let mut store = Store::open_encrypted(&path, &key_a(), "phone-1", clock_at(START)).unwrap();
    fill(&mut store);
    store.backup_to(&copy).unwrap();
    assert_eq!(plaintext_in(&copy), Vec::<String>::new());
    // Another salt, so other bytes, but the same rows under the same key.
    assert_ne!(
        std::fs::read(&copy).unwrap()[..16],
        std::fs::read(&path).unwrap()[..16]
    );
    let rows = all_rows(&store);
    let restored = Store::open_encrypted(&copy, &key_a(), "phone-1", clock_at(START)).unwrap();
    assert_eq!(all_rows(&restored), rows);
    drop(restored);
    let e = Store::open_encrypted(&copy, &key_b(), "phone-1", clock_at(START))
        .err()
        .unwrap();
    assert_eq!(code_field(&e).0, "store.key_invalid");

    // Why the copy is keyed first: SQLCipher's backup API refuses to copy
    // an encrypted database into an unencrypted one (and the reverse).
    let mut plain = rusqlite::Connection::open(dir.path().join("plain.db")).unwrap();
    let e = rusqlite::backup::Backup::new(store.connection(), &mut plain)
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("backup is not supported with encrypted databases"),
        "{e}"
    );

    // An unencrypted store's backup stays unencrypted.
    let plain_path = dir.path().join("plain-store.db");
    let mut plain_store = Store::open(&plain_path, "phone-2", clock_at(START)).unwrap();
    fill(&mut plain_store);
    let plain_copy = dir.path().join("plain-copy.db");
    plain_store.backup_to(&plain_copy).unwrap();
    assert_eq!(plaintext_in(&plain_copy).len(), 5);
}

#[test]
fn a_rekeyed_store_opens_with_the_new_key_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.db");
    let rows = {
        let mut store = Store::open_encrypted(&path, &key_a(), "phone-1", clock_at(START)).unwrap();
        fill(&mut store);
        store.rekey(&key_b()).unwrap();
        // Still usable, and what it writes now is under the new key.
        let club = store.the_club().unwrap().id;
        store
            .register_member(&club, person("Đặng Thị Mới"))
            .unwrap();
        all_rows(&store)
    };
    assert_eq!(plaintext_in(&path), Vec::<String>::new());
    let e = Store::open_encrypted(&path, &key_a(), "phone-1", clock_at(START))
        .err()
        .unwrap();
    assert_eq!(code_field(&e).0, "store.key_invalid");
    let store = Store::open_encrypted(&path, &key_b(), "phone-1", clock_at(START)).unwrap();
    assert_eq!(all_rows(&store), rows);
    assert_eq!(
        table_counts(&store)
            .iter()
            .find(|(t, _)| t == "members")
            .unwrap()
            .1,
        4
    );

    // An unencrypted store has no key to change.
    let mut plain = Store::open(&dir.path().join("plain.db"), "phone-2", clock_at(START)).unwrap();
    let e = plain.rekey(&key_b()).unwrap_err();
    assert_eq!(
        code_field(&e),
        ("store.not_encrypted".into(), "path".into())
    );
    assert!(!plain.is_encrypted());
}

// ---- Encrypted backups restored onto a new phone (issue 8) ----

use ishc_core::backup::{BackupPassphrase, KDF_ITERATIONS};

const PASSPHRASE: &str = "Hoa sen nở tháng năm";

fn passphrase(s: &str) -> BackupPassphrase {
    BackupPassphrase::new(s).unwrap()
}

/// The error of `r`, which must have failed.
fn err_of<T>(r: Result<T, ishc_core::Error>) -> ishc_core::Error {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn code_of(e: ishc_core::Error) -> (String, String) {
    let f = e.field_error().unwrap_or_else(|| panic!("{e:?}"));
    (f.code.clone(), f.field.clone())
}

/// The files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_backup_restores_onto_a_new_phone_with_every_row_under_the_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.db");
    let mut store = Store::open_encrypted(&path, &key_a(), "phone-1", clock_at(START)).unwrap();
    store
        .bind_enrolment("device-7", "token-7", "https://tinh.example")
        .unwrap();
    fill(&mut store);
    let rows = all_rows(&store);
    let pending = store.pending_count().unwrap();
    assert!(pending > 5, "{pending}");
    let backup = dir.path().join("backup.ishc");
    store
        .write_backup(&backup, &passphrase(PASSPHRASE))
        .unwrap();
    // One file, no journal, no partial copy left beside it.
    assert_eq!(
        files_in(dir.path()),
        ["backup.ishc", "club.db", "club.db-shm", "club.db-wal"]
    );
    assert_eq!(plaintext_in(&backup), Vec::<String>::new());

    let new_dir = tempfile::tempdir().unwrap();
    let restored_path = new_dir.path().join("club.db");
    let restored = Store::restore_backup(
        &backup,
        &passphrase(PASSPHRASE),
        &restored_path,
        &key_b(),
        "phone-2",
        clock_at(START),
    )
    .unwrap();
    assert!(restored.is_encrypted());
    assert_eq!(restored.device_id(), "device-7", "the old phone's identity");
    assert_eq!(
        restored.meta("device_token").unwrap().as_deref(),
        Some("token-7")
    );
    assert_eq!(restored.pending_count().unwrap(), pending);
    assert_eq!(all_rows(&restored), rows);
    assert_eq!(user_version(&restored), user_version(&store));
    drop(restored);
    // Under the new phone's key, not the old one's.
    let e = err_of(Store::open_encrypted(
        &restored_path,
        &key_a(),
        "x",
        clock_at(START),
    ));
    assert_eq!(code_of(e), ("store.key_invalid".into(), "key".into()));
    let again = Store::open_encrypted(&restored_path, &key_b(), "x", clock_at(START)).unwrap();
    assert_eq!(all_rows(&again), rows);
    assert_eq!(plaintext_in(&restored_path), Vec::<String>::new());
}

#[test]
fn a_backup_opens_only_with_its_passphrase_through_sqlciphers_kdf() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        Store::open_encrypted(&dir.path().join("club.db"), &key_a(), "p", clock_at(START)).unwrap();
    let backup = dir.path().join("backup.ishc");
    store
        .write_backup(&backup, &passphrase(PASSPHRASE))
        .unwrap();
    let conn =
        rusqlite::Connection::open_with_flags(&backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.key(None::<&str>, PASSPHRASE.as_bytes(), false)
        .unwrap();
    let iter: String = conn.query_row("PRAGMA kdf_iter", [], |r| r.get(0)).unwrap();
    let iter: u32 = iter.parse().unwrap();
    assert_eq!(iter, KDF_ITERATIONS);
    assert_eq!(iter, 256_000);
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert!(tables > 20, "{tables}");
    // The phone's own key does not open it.
    let raw: String = (*b"0123456789abcdef0123456789abcdef")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let by_key = rusqlite::Connection::open(&backup).unwrap();
    by_key
        .key(None::<&str>, format!("x'{raw}'").as_bytes(), false)
        .unwrap();
    assert!(by_key
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r
            .get::<_, i64>(0))
        .is_err());
}

#[test]
fn a_wrong_passphrase_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        Store::open_encrypted(&dir.path().join("club.db"), &key_a(), "p", clock_at(START)).unwrap();
    fill(&mut store);
    let backup = dir.path().join("backup.ishc");
    store
        .write_backup(&backup, &passphrase(PASSPHRASE))
        .unwrap();
    let before = std::fs::read(&backup).unwrap();
    let new_dir = tempfile::tempdir().unwrap();
    let dest = new_dir.path().join("club.db");
    for wrong in [
        "Hoa sen no thang nam",  // without the tones
        "Hoa sen nở tháng năm.", // one more character
        "hoa sen nở tháng năm",  // case
    ] {
        let e = err_of(Store::restore_backup(
            &backup,
            &passphrase(wrong),
            &dest,
            &key_b(),
            "phone-2",
            clock_at(START),
        ));
        assert_eq!(
            code_of(e),
            ("backup.passphrase_invalid".into(), "passphrase".into()),
            "{wrong}"
        );
        assert_eq!(files_in(new_dir.path()), Vec::<String>::new(), "{wrong}");
    }
    // The store's own database is no backup of that passphrase either.
    let e = err_of(Store::restore_backup(
        &dir.path().join("club.db"),
        &passphrase(PASSPHRASE),
        &dest,
        &key_b(),
        "phone-2",
        clock_at(START),
    ));
    assert_eq!(code_of(e).0, "backup.passphrase_invalid");
    assert_eq!(files_in(new_dir.path()), Vec::<String>::new());
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        before,
        "the backup is never changed"
    );
}

#[test]
fn a_passphrase_has_twelve_letters_counted_as_written_whatever_the_keyboard_sent() {
    // (text, accepted)
    let table: &[(&str, bool)] = &[
        ("", false),
        ("Hoa sen nở", false),      // 10 letters and spaces
        ("  Hoa sen nở   ", false), // spaces at the ends do not count
        ("Hoa sen nở t", true),     // 12
        ("Hội Phụ nữ xã", true),    // 13, four of them with two marks
        ("Nghiêng ngả", false),     // 11
        ("123456789012", true),
        ("ệệệệệệệệệệệ", false), // 11 letters (33 code points in NFD)
    ];
    for &(text, ok) in table {
        match BackupPassphrase::new(text) {
            Ok(_) => assert!(ok, "{text:?} accepted"),
            Err(e) => {
                assert!(!ok, "{text:?} refused: {e}");
                let (code, field) = code_of(e);
                assert_eq!(
                    (code.as_str(), field.as_str()),
                    ("backup.passphrase_short", "passphrase")
                );
            }
        }
    }
    // The same phrase typed as decomposed letters (one keyboard) or
    // precomposed ones (another) opens the same backup.
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = PASSPHRASE.nfd().collect();
    assert_ne!(nfd, PASSPHRASE);
    assert_eq!(
        format!("{:?}", BackupPassphrase::new(&nfd).unwrap()),
        "BackupPassphrase(not shown)"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        Store::open_encrypted(&dir.path().join("club.db"), &key_a(), "p", clock_at(START)).unwrap();
    fill(&mut store);
    let backup = dir.path().join("backup.ishc");
    store.write_backup(&backup, &passphrase(&nfd)).unwrap();
    let restored = Store::restore_backup(
        &backup,
        &passphrase(&format!(" {PASSPHRASE} ")),
        &dir.path().join("restored.db"),
        &key_b(),
        "phone-2",
        clock_at(START),
    )
    .unwrap();
    assert_eq!(all_rows(&restored), all_rows(&store));
}

#[test]
fn a_backup_or_restore_never_writes_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.db");
    let store = Store::open_encrypted(&path, &key_a(), "p", clock_at(START)).unwrap();
    let backup = dir.path().join("backup.ishc");
    std::fs::write(&backup, b"an older backup").unwrap();
    let e = store
        .write_backup(&backup, &passphrase(PASSPHRASE))
        .unwrap_err();
    assert_eq!(code_of(e), ("backup.dest_exists".into(), "path".into()));
    assert_eq!(std::fs::read(&backup).unwrap(), b"an older backup");
    std::fs::remove_file(&backup).unwrap();
    store
        .write_backup(&backup, &passphrase(PASSPHRASE))
        .unwrap();
    let e = err_of(Store::restore_backup(
        &backup,
        &passphrase(PASSPHRASE),
        &path,
        &key_b(),
        "phone-2",
        clock_at(START),
    ));
    assert_eq!(code_of(e), ("backup.dest_exists".into(), "path".into()));
    // An unencrypted store (the server's, the command line's) makes none.
    let plain = Store::open(&dir.path().join("plain.db"), "p", clock_at(START)).unwrap();
    let e = plain
        .write_backup(&dir.path().join("plain.ishc"), &passphrase(PASSPHRASE))
        .unwrap_err();
    assert_eq!(code_of(e), ("store.not_encrypted".into(), "path".into()));
    assert!(!dir.path().join("plain.ishc").exists());
}
