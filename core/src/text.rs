//! Vietnamese text: normalisation, search keys and collation.

use std::cmp::Ordering;

/// Normalises text as stored: Unicode NFC, trimmed, runs of white space
/// collapsed to one space.
pub fn normalize_text(input: &str) -> String {
    let _ = input;
    todo!("helper A")
}

/// The search key of a text: lowercase, no diacritics, `đ` folded to `d`,
/// single spaces. `search_key("Nguyễn Thị Ánh") == "nguyen thi anh"` whether
/// the input is composed or decomposed.
pub fn search_key(input: &str) -> String {
    let _ = input;
    todo!("helper A")
}

/// A Vietnamese full name split into family name, middle names and given
/// name: `Nguyễn Thị Ánh` → (`Nguyễn`, `Thị`, `Ánh`). A one-word name is the
/// given name only.
pub fn split_name(full_name: &str) -> (String, String, String) {
    let _ = full_name;
    todo!("helper A")
}

/// Vietnamese collation (ICU4X, locale `vi`), for sorting names as
/// Vietnamese lists do.
pub struct VietnameseCollator {
    _private: (),
}

impl VietnameseCollator {
    /// Builds the collator from ICU4X's compiled data.
    pub fn new() -> Self {
        todo!("helper A")
    }

    /// Compares two texts in Vietnamese order.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        let _ = (a, b);
        todo!("helper A")
    }

    /// Compares two full names as a Vietnamese list sorts them: by given
    /// name, then middle names, then family name, then the full text.
    pub fn compare_names(&self, a: &str, b: &str) -> Ordering {
        let _ = (a, b);
        todo!("helper A")
    }
}

impl Default for VietnameseCollator {
    fn default() -> Self {
        Self::new()
    }
}
