//! Vietnamese phone numbers: mobile numbers with a current carrier prefix and
//! landlines with a province area code.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// What kind of number a [`Phone`] is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PhoneKind {
    /// A 10-digit mobile number; `carrier` is the network the prefix was issued to.
    Mobile {
        /// Carrier name, e.g. `"Viettel"`.
        carrier: String,
    },
    /// A fixed line; `area_code` like `"0251"`, `area` the (pre-2025) province it serves.
    Landline {
        /// Area code with its leading zero.
        area_code: String,
        /// Province the code serves.
        area: String,
    },
}

/// A validated phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    /// Canonical E.164 form, `+84` then the national number without its 0.
    pub canonical: String,
    /// Mobile or landline.
    pub kind: PhoneKind,
}

impl Phone {
    /// National display form with spaces: `0943 733 416`, `0251 445 2252`.
    pub fn display(&self) -> String {
        todo!("helper A")
    }
}

/// Parses a phone as clubs write it (spaces, dots, dashes, `+84`, `84`, a
/// leading 0). Errors (field `"phone"`) for a wrong length, an unknown mobile
/// prefix, an unknown area code or stray characters.
pub fn parse_phone(input: &str) -> Result<Phone, FieldError> {
    let _ = input;
    todo!("helper A")
}
