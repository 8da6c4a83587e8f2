//! Money in đồng: parsing what people type and formatting for display.
//!
//! Amounts are `i64` đồng, never floating point.

use crate::error::FieldError;

/// Parses an amount of đồng as people type it: `1.500.000`, `1500000`,
/// `1,5tr`, `1tr5`, `500k`, `500 nghìn`, `2 triệu`.
///
/// Errors (field `"amount"`) name the rule: empty input, a fraction of a
/// đồng, a negative amount, overflow of `i64`, or an ambiguous spelling.
pub fn parse_dong(input: &str) -> Result<i64, FieldError> {
    let _ = input;
    todo!("helper A")
}

/// Formats đồng as `1.500.000 ₫` (dot thousands separators, the đồng sign
/// after a space; negatives as `-1.500.000 ₫`).
pub fn format_dong(amount: i64) -> String {
    let _ = amount;
    todo!("helper A")
}
