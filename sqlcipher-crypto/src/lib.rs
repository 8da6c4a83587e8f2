//! SQLCipher's crypto provider for this workspace: libtomcrypt 1.18.2,
//! compiled by this crate's build script from the `sqlcipher-src` crate
//! (the source of SQLCipher's own amalgamation), in place of OpenSSL.
//!
//! There is no Rust API. Depending on this crate (`ishc-core` does, so
//! every binary that opens a store does) links the library; the switches
//! that make SQLCipher use it are in the workspace's `.cargo/config.toml`
//! (`LIBSQLITE3_FLAGS`, `CPATH`). `PRAGMA cipher_provider` answers
//! `libtomcrypt` on Linux and Android, `commoncrypto` on Apple targets.
//!
//! Why not OpenSSL: rusqlite's `bundled-sqlcipher-vendored-openssl` built
//! OpenSSL 3 from source (+203 s for a clean build, perl and make needed)
//! and its default provider brought every algorithm it has into the phones'
//! library, 12.14 MB against issue 4's 8 MB target (`docs/PERFORMANCE.md`,
//! "SQLCipher"). SQLCipher calls only AES-256-CBC, HMAC-SHA512 (SHA-1 and
//! SHA-256 for older formats), PBKDF2 and a random generator; libtomcrypt is
//! one of SQLCipher's supported providers and is compiled here with only
//! those (`LTC_NOTHING` plus what SQLCipher names).
#![no_std]
