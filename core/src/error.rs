//! Errors.
//!
//! Two layers, after mozilla/application-services: [`FieldError`] is the
//! user-facing validation error (a stable `code`, the `field` it concerns and
//! an English `message`), and [`Error`] is the crate's internal error, which
//! wraps a `FieldError` or an infrastructure failure (SQLite, JSON, IO).
//!
//! Codes are stable, dotted, lowercase strings `<area>.<rule>` such as
//! `money.fraction` or `phone.prefix`; the apps translate them. A code is never
//! reused for a different rule. `docs/ERRORS.md` lists them.

use std::fmt;

/// A rule broken by input from a user, a file or the network.
///
/// `field` names the input (`"amount"`, `"phone"`, `"members[3].birth_year"`),
/// `code` is the stable rule code and `message` is a plain English sentence
/// that names the rule and, where useful, the figures.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    /// Stable rule code, `<area>.<rule>`.
    pub code: String,
    /// The input field the rule concerns.
    pub field: String,
    /// English explanation naming the rule.
    pub message: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(code: &str, field: &str, message: impl Into<String>) -> Self {
        FieldError {
            code: code.to_string(),
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The same error reported against another field name (for example when a
    /// parser's generic `"amount"` is the form's `"principal"`).
    pub fn for_field(mut self, field: &str) -> Self {
        self.field = field.to_string();
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.field, self.message, self.code)
    }
}

impl std::error::Error for FieldError {}

/// The crate's internal error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input broke a rule; nothing was written.
    #[error("{0}")]
    Invalid(#[from] FieldError),
    /// A referenced record does not exist (entity kind and id).
    #[error("not found: {entity} {id} [not_found]")]
    NotFound {
        /// Entity kind, e.g. `"member"`.
        entity: &'static str,
        /// The id that was looked up.
        id: String,
    },
    /// The database file is newer than this program understands.
    #[error("database schema version {found} is newer than supported version {supported} [schema.too_new]")]
    SchemaTooNew {
        /// Version found in the file.
        found: u32,
        /// Highest version this build knows.
        supported: u32,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// JSON (de)serialisation failed.
    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
    /// File IO failed.
    #[error("io error: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// The stable code of this error, for scripts and the apps.
    pub fn code(&self) -> &str {
        match self {
            Error::Invalid(e) => &e.code,
            Error::NotFound { .. } => "not_found",
            Error::SchemaTooNew { .. } => "schema.too_new",
            Error::Sqlite(_) => "internal.database",
            Error::Json(_) => "internal.json",
            Error::Io(_) => "internal.io",
        }
    }

    /// The field error inside, if this is a validation failure.
    pub fn field_error(&self) -> Option<&FieldError> {
        match self {
            Error::Invalid(e) => Some(e),
            _ => None,
        }
    }
}

/// Shorthand for a validation failure.
pub fn invalid<T>(code: &str, field: &str, message: impl Into<String>) -> Result<T> {
    Err(Error::Invalid(FieldError::new(code, field, message)))
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
