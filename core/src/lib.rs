//! `ishc-core`: the domain, rules and offline store of the ISHC field app.
//!
//! Start with `docs/ARCHITECTURE.md`. Pure rules live in their own modules
//! ([`money`], [`phone`], [`text`], [`loan`], [`vitals`], [`composition`],
//! [`duplicates`]); [`store::Store`] is the one entry point that writes.

// SQLCipher calls libtomcrypt, which this crate builds and links: named
// here so every binary that links the store links it too.
extern crate ishc_sqlcipher_crypto as _;

pub mod admin_units;
pub mod backup;
pub mod clock;
pub mod commune_merges;
pub mod composition;
pub mod duplicates;
pub mod encryption;
pub mod error;
pub mod ethnicity;
pub mod hlc;
pub mod indicators;
pub mod input;
pub mod loan;
pub mod loan_import;
pub mod model;
pub mod money;
pub mod ops;
pub mod phone;
pub mod roster;
pub mod schema;
pub mod store;
pub mod sync;
pub mod text;
pub mod vitals;

pub use error::{Error, FieldError, Result};
