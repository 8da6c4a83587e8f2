//! SQLCipher's crypto provider is libtomcrypt (crate `ishc-sqlcipher-crypto`),
//! and files written by the earlier OpenSSL build (rusqlite's
//! `bundled-sqlcipher-vendored-openssl`, branch wip/sqlcipher) open with it:
//! both use SQLCipher 4's defaults, so the file format did not change.
//!
//! The fixtures in `fixtures/sqlcipher-openssl/` were written by that build
//! (SQLCipher 4.20.0, OpenSSL 3.6.3) with the program in
//! `fixtures/sqlcipher-openssl/README.md`: one keyed with a raw 256-bit key
//! (how the phones key their store), one with a passphrase (PBKDF2-HMAC-SHA512,
//! 256,000 iterations, SQLCipher's own derivation).

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// The raw key of `openssl-raw-key.sqlite`: the bytes 0, 1, …, 31.
fn raw_key() -> String {
    let hex: String = (0u8..32).map(|b| format!("{b:02x}")).collect();
    format!("x'{hex}'")
}

/// The passphrase of `openssl-passphrase.sqlite`.
const PASSPHRASE: &str = "Hội Phụ nữ xã 2026";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/sqlcipher-openssl")
        .join(name)
}

/// Opens `path` read-only (the fixture stays as committed) with `key`.
///
/// Waits for SQLCipher's initialisation first, as the store does: this
/// binary's tests open their first connections at the same moment, and one
/// keyed while another thread was still inside SQLCipher's initialisation
/// failed with `SQL logic error` (a CI run, `ishc_core::encryption::sqlcipher_ready`).
fn open_keyed(path: &Path, key: &[u8]) -> Connection {
    ishc_core::encryption::sqlcipher_ready();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.key(None::<&str>, key, false).unwrap();
    conn
}

fn members(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut st = conn.prepare("SELECT full_name, savings_dong FROM members ORDER BY id")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

fn expected() -> Vec<(String, i64)> {
    vec![
        ("Nguyễn Thị Hoa".to_string(), 1_250_000),
        ("Trần Văn Bình".to_string(), 300_000),
    ]
}

#[test]
#[cfg(not(target_vendor = "apple"))]
fn the_provider_is_libtomcrypt() {
    let dir = tempfile::tempdir().unwrap();
    ishc_core::encryption::sqlcipher_ready();
    let conn = Connection::open(dir.path().join("p.sqlite")).unwrap();
    conn.key(None::<&str>, raw_key().as_bytes(), false).unwrap();
    let provider: String = conn
        .query_row("PRAGMA cipher_provider", [], |r| r.get(0))
        .unwrap();
    assert_eq!(provider, "libtomcrypt");
    let version: String = conn
        .query_row("PRAGMA cipher_provider_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, "1.18.2");
    let cipher: String = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .unwrap();
    assert!(cipher.starts_with("4.20.0"), "{cipher}");
}

#[test]
fn a_file_keyed_raw_by_the_openssl_build_opens_with_its_rows() {
    let conn = open_keyed(&fixture("openssl-raw-key.sqlite"), raw_key().as_bytes());
    assert_eq!(members(&conn).unwrap(), expected());
    // SQLCipher's own check of every page's HMAC.
    let problems: Vec<String> = conn
        .prepare("PRAGMA cipher_integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn a_file_keyed_with_a_passphrase_by_the_openssl_build_opens_with_its_rows() {
    let conn = open_keyed(&fixture("openssl-passphrase.sqlite"), PASSPHRASE.as_bytes());
    assert_eq!(members(&conn).unwrap(), expected());
}

#[test]
fn the_openssl_builds_files_refuse_another_key() {
    for (name, wrong) in [
        ("openssl-raw-key.sqlite", format!("x'{}'", "00".repeat(32))),
        (
            "openssl-passphrase.sqlite",
            "Hoi Phu nu xa 2026".to_string(),
        ),
    ] {
        let conn = open_keyed(&fixture(name), wrong.as_bytes());
        let e = members(&conn).unwrap_err();
        assert_eq!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::NotADatabase),
            "{name}: {e}"
        );
    }
}

#[test]
fn the_fixtures_hold_no_plaintext() {
    for name in ["openssl-raw-key.sqlite", "openssl-passphrase.sqlite"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        assert_eq!(bytes.len(), 8192, "{name}: two 4 KiB pages");
        for needle in ["SQLite format 3", "Nguyễn Thị Hoa", "members"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{name} holds {needle:?}"
            );
        }
    }
}
