//! Compiles libtomcrypt (from `sqlcipher-src`, the crate SQLCipher's own
//! sources come from) into `$OUT_DIR/libcrypto.a`, SQLCipher's crypto
//! provider in place of OpenSSL.
//!
//! How the pieces meet (see `.cargo/config.toml`):
//!
//! - `libsqlite3-sys` (feature `bundled-sqlcipher`) compiles SQLCipher with
//!   the `-D` switches of `LIBSQLITE3_FLAGS`, which the workspace sets to
//!   `-DSQLCIPHER_CRYPTO_LIBTOMCRYPT` and libtomcrypt's configuration
//!   (`LTC_*`). This build compiles every libtomcrypt unit with the very same
//!   switches: SQLCipher and libtomcrypt must agree on the layout of every
//!   structure they share (`prng_state`, `hash_state`, …).
//! - SQLCipher finds `<tomcrypt.h>` through `CPATH` (set in the same file),
//!   which points at this crate's copy of libtomcrypt's headers; this build
//!   uses that copy too, and refuses to run if it differs from the headers
//!   in `sqlcipher-src` (an upgrade must refresh it).
//! - Outside Apple targets `libsqlite3-sys` asks the linker for
//!   `-lcrypto` (it expects OpenSSL's library). The archive built here is
//!   named `libcrypto.a` and its directory goes on the link search path, so
//!   that request links libtomcrypt, and after SQLCipher on the command line
//!   (rustc puts a dependency's `dylib` requests after every archive), which
//!   is the order a one-pass linker needs. No system OpenSSL is needed or
//!   used. On Apple targets `libsqlite3-sys` uses CommonCrypto instead
//!   (`SQLCIPHER_CRYPTO_CC`, which SQLCipher prefers over libtomcrypt) and
//!   asks for no `-lcrypto`; the libtomcrypt provider's code is still
//!   compiled into SQLCipher there, so the archive is linked explicitly.

use std::env;
use std::path::{Path, PathBuf};

/// The switch that selects the libtomcrypt provider in SQLCipher.
const PROVIDER_SWITCH: &str = "-DSQLCIPHER_CRYPTO_LIBTOMCRYPT";

fn main() {
    println!("cargo:rerun-if-env-changed=LIBSQLITE3_FLAGS");
    println!("cargo:rerun-if-changed=libtomcrypt/headers");
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));

    let flags = env::var("LIBSQLITE3_FLAGS").unwrap_or_default();
    let switches: Vec<&str> = flags.split_whitespace().collect();
    if !switches.contains(&PROVIDER_SWITCH) {
        panic!(
            "LIBSQLITE3_FLAGS must contain {PROVIDER_SWITCH} and libtomcrypt's LTC_* switches \
             (the workspace's .cargo/config.toml sets them; got {flags:?}): without it SQLCipher \
             is built for OpenSSL"
        );
    }
    if let Some(bad) = switches
        .iter()
        .find(|s| !(s.starts_with("-D") || s.starts_with("-U")))
    {
        panic!("LIBSQLITE3_FLAGS: {bad:?} is not a -D or -U switch");
    }

    let src = sqlcipher_src::source_dir();
    let headers = manifest.join("libtomcrypt/headers");
    check_headers(&src.join(sqlcipher_src::LIBTOMCRYPT_INCLUDE_DIR), &headers);

    let mut build = cc::Build::new();
    build
        .include(&headers)
        // libtomcrypt's own units see its internal declarations.
        .define("LTC_SOURCE", None)
        .warnings(false)
        // The link directives are written below: the archive must be found
        // by the name `crypto`, not linked as this crate's own library.
        .cargo_metadata(false);
    for switch in &switches {
        build.flag(switch);
    }
    for file in sqlcipher_src::LIBTOMCRYPT_SOURCES {
        build.file(src.join(file));
    }
    build.compile("crypto");

    println!("cargo:rustc-link-search=native={}", out_dir.display());
    if env::var("CARGO_CFG_TARGET_VENDOR").as_deref() == Ok("apple") {
        println!("cargo:rustc-link-lib=static=crypto");
    }
}

/// Fails the build unless `copy` holds exactly the files of `upstream`, byte
/// for byte.
fn check_headers(upstream: &Path, copy: &Path) {
    let list = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .map(|e| {
                e.expect("directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n.ends_with(".h"))
            .collect();
        names.sort();
        names
    };
    let names = list(upstream);
    assert_eq!(
        names,
        list(copy),
        "{} must hold the same headers as {}",
        copy.display(),
        upstream.display()
    );
    for name in names {
        let a = std::fs::read(upstream.join(&name)).expect("upstream header");
        let b = std::fs::read(copy.join(&name)).expect("copied header");
        assert!(
            a == b,
            "{} differs from {}: refresh the copy (sqlcipher-crypto/libtomcrypt/README.md)",
            copy.join(&name).display(),
            upstream.join(&name).display()
        );
    }
}
