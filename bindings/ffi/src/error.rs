//! The one error the apps see.
//!
//! After mozilla/application-services: the core keeps its own rich errors
//! ([`ishc_core::Error`], [`SyncError`]); the FFI maps them to [`IshcError`],
//! a small enum whose variants an app acts on differently. Every variant
//! carries the stable `code` listed in `docs/ERRORS.md` (the apps translate
//! codes, not messages) and an English `reason`. The field is `reason`, not
//! `message`, because Kotlin exceptions already have a `message`.

use ishc_core::sync::client::SyncError;

/// An error from the core, as an app shows it.
///
/// - `Invalid`: input broke a rule; show `reason` (or the app's translation
///   of `code`) next to the form field named by `field`. Nothing was written.
/// - `NotFound`: the record asked for does not exist (`entity` and `id`).
/// - `Sync`: the network or the server failed; the sync is retried later.
/// - `Internal`: a bug or a broken database (including a caught panic); the
///   store is still usable, the action did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum IshcError {
    /// Input broke a rule (`code` e.g. `money.fraction`, `field` e.g. `amount`).
    #[error("{field}: {reason} [{code}]")]
    Invalid {
        /// Stable rule code, `<area>.<rule>`.
        code: String,
        /// The input field the rule concerns, named as the Kotlin and Swift
        /// records and parameters name it (camelCase: `amount`, `phone`,
        /// `fullName`, `joinedOn`, `members[3].birthYear`).
        field: String,
        /// English sentence naming the rule and the figures.
        reason: String,
    },
    /// A record that does not exist.
    #[error("{entity} {id} not found [{code}]")]
    NotFound {
        /// Always `not_found`.
        code: String,
        /// What was looked up (`member`, `loan`, `visit`, ...).
        entity: String,
        /// The id that was looked up.
        id: String,
    },
    /// Sync failed (`sync.network`, `sync.not_enrolled`, `sync.in_progress`,
    /// a server code such as `auth.device_revoked`).
    #[error("{reason} [{code}]")]
    Sync {
        /// Stable code.
        code: String,
        /// English explanation.
        reason: String,
    },
    /// An internal failure (`internal.database`, `internal.panic`, ...).
    #[error("{reason} [{code}]")]
    Internal {
        /// Stable code.
        code: String,
        /// English explanation, for logs and bug reports.
        reason: String,
    },
}

impl IshcError {
    /// The stable code of any variant.
    pub fn code(&self) -> &str {
        match self {
            IshcError::Invalid { code, .. }
            | IshcError::NotFound { code, .. }
            | IshcError::Sync { code, .. }
            | IshcError::Internal { code, .. } => code,
        }
    }

    pub(crate) fn internal(code: &str, reason: impl Into<String>) -> IshcError {
        IshcError::Internal {
            code: code.to_string(),
            reason: reason.into(),
        }
    }
}

impl From<ishc_core::Error> for IshcError {
    fn from(e: ishc_core::Error) -> Self {
        use ishc_core::Error as E;
        match e {
            E::Invalid(f) => f.into(),
            E::NotFound { entity, id } => IshcError::NotFound {
                code: "not_found".into(),
                entity: entity.to_string(),
                id,
            },
            other => {
                tracing::error!(error = %other, "core failure");
                IshcError::Internal {
                    code: other.code().to_string(),
                    reason: other.to_string(),
                }
            }
        }
    }
}

/// `full_name` → `fullName`, `members[3].birth_year` → `members[3].birthYear`:
/// the core names fields in snake_case, the apps see camelCase.
fn camel(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

impl From<ishc_core::FieldError> for IshcError {
    fn from(f: ishc_core::FieldError) -> Self {
        IshcError::Invalid {
            code: f.code,
            field: camel(&f.field),
            reason: f.message,
        }
    }
}

impl From<SyncError> for IshcError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Store(inner) => inner.into(),
            other => IshcError::Sync {
                code: other.code(),
                reason: other.to_string(),
            },
        }
    }
}

/// Runs `f`, turning a panic inside it into [`IshcError::Internal`] with
/// code `internal.panic`, so no panic unwinds into Kotlin or Swift (where
/// uniffi would raise an unchecked error or abort). Every exported method
/// goes through this.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T, IshcError>) -> Result<T, IshcError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            tracing::error!(panic = %what, "panic caught at the FFI boundary");
            Err(IshcError::internal(
                "internal.panic",
                format!("internal error: {what}"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let r: Result<(), IshcError> = guard(|| panic!("boom {}", 7));
        let e = r.unwrap_err();
        assert_eq!(e.code(), "internal.panic");
        assert_eq!(
            e,
            IshcError::Internal {
                code: "internal.panic".into(),
                reason: "internal error: boom 7".into()
            }
        );
    }

    #[test]
    fn field_names_reach_the_apps_in_camel_case() {
        assert_eq!(camel("amount"), "amount");
        assert_eq!(camel("full_name"), "fullName");
        assert_eq!(camel("members[3].birth_year"), "members[3].birthYear");
        assert_eq!(camel("attendees[0]"), "attendees[0]");
    }

    #[test]
    fn field_errors_keep_code_field_and_message() {
        let e: IshcError = ishc_core::money::parse_dong("1,5").unwrap_err().into();
        match e {
            IshcError::Invalid { code, field, .. } => {
                assert_eq!(field, "amount");
                assert!(code.starts_with("money."), "{code}");
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
}
