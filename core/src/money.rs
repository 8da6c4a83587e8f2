//! Money in đồng: parsing what people type and formatting for display.
//!
//! Amounts are `i64` đồng, never floating point. The đồng has no subunit in
//! use, so an amount that is not a whole number of đồng is an error.
//!
//! # What [`parse_dong`] accepts
//!
//! The input is first folded: Unicode lowercase, canonical decomposition
//! (so NFC and NFD input are the same), accents on letters dropped and `đ`
//! read as `d`. Hence `triệu`, `trieu`, `TRIỆU` are one word. No crate parses
//! Vietnamese spoken-style amounts, hence the hand-written parser below.
//!
//! An amount is a sequence of *segments* `<number> <unit>`, with units
//!
//! | unit | words (after folding) | value |
//! | --- | --- | --- |
//! | thousand | `k`, `nghìn`, `ngàn` | 1 000 |
//! | million | `tr`, `triệu` | 1 000 000 |
//! | billion | `tỷ`, `tỉ` | 1 000 000 000 |
//!
//! or one plain number with no unit. Units must decrease (`1 tỷ 200 triệu`)
//! and a later segment must be smaller than the unit before it (`2 triệu
//! 1500 nghìn` is refused). After the last unit there may be:
//!
//! * trailing digits, read as the leading digits of that unit's fraction, as
//!   people say them: `1tr5` = 1 500 000, `1tr250` = 1 250 000, `1tr05` =
//!   1 050 000, `2k5` = 2 500. At most as many digits as the unit has zeros;
//!   no currency word may follow (`2 triệu 500 đồng` could mean 2 000 500).
//! * `rưỡi` ("and a half" of that unit): `2 triệu rưỡi` = 2 500 000, only
//!   when that unit's number is a whole number (`1,5tr rưỡi` is refused).
//! * a currency word, once, at the very end: `đ`, `₫`, `đồng`, `vnd`, `vnđ`.
//!
//! # Separators `.` `,` and space
//!
//! * Digits only: a whole number, `1500000`.
//! * Several separators of one kind, every group after the first exactly 3
//!   digits and the first 1–3 digits: thousands grouping, `1.500.000`,
//!   `1,500,000`, `1 500 000`. A space only ever groups thousands.
//! * Exactly one `.` or `,`:
//!   * with no unit and exactly 3 digits after it (and 1–3 before):
//!     thousands, `1.500` = 1 500;
//!   * with no unit and any other number of digits after it: a fraction of a
//!     đồng, refused (`1.5`, `1,5`, `1500.00`) with `money.fraction`;
//!   * with a unit and other than 3 digits after it: a decimal mark, `1,5tr`
//!     = `1.5tr` = 1 500 000, `1,2345tr` = 1 234 500; if the result is not a
//!     whole number of đồng (`1,0000005tr`) it is refused with
//!     `money.fraction`;
//!   * with a unit and exactly 3 digits after it: refused as ambiguous
//!     (`1.500k` is 1 500 or 1 500 000 depending on the writer's habit).
//! * Mixed kinds of separator (`1,500.000`, `1.500,5tr`), groups that are not
//!   3 digits (`1.50.000`), or separators in a later segment or trailing
//!   digits: refused as ambiguous.
//!
//! # Errors (field `"amount"`)
//!
//! | code | rule |
//! | --- | --- |
//! | `money.empty` | nothing but white space |
//! | `money.negative` | a leading minus sign on an otherwise valid amount |
//! | `money.fraction` | the amount is not a whole number of đồng |
//! | `money.overflow` | more than `i64::MAX` đồng |
//! | `money.ambiguous` | separators or trailing digits with two readings |
//! | `money.invalid` | anything else: stray characters or words, units out of order |

use crate::error::FieldError;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

const FIELD: &str = "amount";

/// Error code: the input is empty.
pub const ERR_EMPTY: &str = "money.empty";
/// Error code: the amount is negative.
pub const ERR_NEGATIVE: &str = "money.negative";
/// Error code: the amount is not a whole number of đồng.
pub const ERR_FRACTION: &str = "money.fraction";
/// Error code: the amount does not fit in an `i64` of đồng.
pub const ERR_OVERFLOW: &str = "money.overflow";
/// Error code: separators or digits that can be read two ways.
pub const ERR_AMBIGUOUS: &str = "money.ambiguous";
/// Error code: not an amount (stray characters, unknown words, bad order).
pub const ERR_INVALID: &str = "money.invalid";

fn err(code: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(code, FIELD, message)
}

fn overflow() -> FieldError {
    err(
        ERR_OVERFLOW,
        format!("amount is larger than the maximum of {} đồng", i64::MAX),
    )
}

/// Parses an amount of đồng as people type it: `1.500.000`, `1500000`,
/// `1,5tr`, `1tr5`, `500k`, `500 nghìn`, `2 triệu`.
///
/// Returns whole đồng (≥ 0). The accepted forms and the separator rules are
/// in the [module documentation](self).
///
/// Errors (field `"amount"`) name the rule: empty input, a fraction of a
/// đồng, a negative amount, overflow of `i64`, or an ambiguous spelling
/// (codes `money.empty`, `money.fraction`, `money.negative`,
/// `money.overflow`, `money.ambiguous`, `money.invalid`).
pub fn parse_dong(input: &str) -> Result<i64, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(err(ERR_EMPTY, "amount is empty"));
    }
    let mut chars = trimmed.chars();
    let negative = matches!(chars.next(), Some('-' | '\u{2212}' | '\u{2013}'));
    let body = if negative { chars.as_str() } else { trimmed };
    let tokens = lex(&fold(body))?;
    if tokens.is_empty() {
        return Err(err(ERR_INVALID, "amount has no digits"));
    }
    let total = evaluate(&tokens)?;
    if negative {
        return Err(err(
            ERR_NEGATIVE,
            "amount must not be negative (record money paid out as its own entry)",
        ));
    }
    i64::try_from(total).map_err(|_| overflow())
}

/// Formats đồng as `1.500.000 ₫` (dot thousands separators, the đồng sign
/// after a space; negatives as `-1.500.000 ₫`). Every `i64` is accepted,
/// including `i64::MIN`. For `amount >= 0`, `parse_dong(&format_dong(amount))
/// == Ok(amount)`.
pub fn format_dong(amount: i64) -> String {
    let mut out = String::with_capacity(32);
    if amount < 0 {
        out.push('-');
    }
    out.push_str(&group_thousands(amount.unsigned_abs()));
    out.push_str(" ₫");
    out
}

/// A count written the Vietnamese way, with dots between thousands:
/// `3500` → `3.500`, `150000` → `150.000` (the same grouping as
/// [`format_dong`], without the sign).
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    let first = match digits.len() % 3 {
        0 => 3,
        n => n,
    };
    for (i, c) in digits.chars().enumerate() {
        if i >= first && (i - first) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Lowercase, decompose, drop accents on letters and read `đ` as `d`.
/// Combining marks after a non-letter are kept, so they are refused later.
fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut prev_letter = false;
    for c in input.to_lowercase().nfd() {
        if is_combining_mark(c) {
            if !prev_letter {
                out.push(c);
            }
            continue;
        }
        let c = if c == 'đ' { 'd' } else { c };
        prev_letter = c.is_alphabetic();
        out.push(c);
    }
    out
}

/// A run of digits with separators, e.g. `1.500.000` → groups
/// `["1", "500", "000"]`, separators `['.', '.']`.
#[derive(Debug)]
struct Num {
    groups: Vec<String>,
    seps: Vec<char>,
}

impl Num {
    fn is_plain(&self) -> bool {
        self.seps.is_empty()
    }

    fn text(&self) -> String {
        let mut s = String::new();
        for (i, g) in self.groups.iter().enumerate() {
            if i > 0 {
                if let Some(c) = self.seps.get(i - 1) {
                    s.push(*c);
                }
            }
            s.push_str(g);
        }
        s
    }
}

#[derive(Debug)]
enum Tok {
    Num(Num),
    Word(String),
}

/// What a word means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// A unit with its power of ten.
    Unit(u32),
    /// A currency word or sign.
    Currency,
    /// `rưỡi`, half of the unit before it.
    Half,
}

fn classify(word: &str) -> Option<Word> {
    match word {
        "k" | "nghin" | "ngan" => Some(Word::Unit(3)),
        "tr" | "trieu" => Some(Word::Unit(6)),
        "ty" | "ti" => Some(Word::Unit(9)),
        "d" | "dong" | "vnd" | "₫" => Some(Word::Currency),
        "ruoi" => Some(Word::Half),
        _ => None,
    }
}

fn is_sep(c: char) -> bool {
    c == '.' || c == ','
}

/// Splits folded input into numbers and words. A letter run that is a unit
/// glued to a currency word (`500kđ`, `2trvnd`) becomes two words.
fn lex(s: &str) -> Result<Vec<Tok>, FieldError> {
    let chars: Vec<char> = s.chars().collect();
    let digit_at = |j: usize| chars.get(j).is_some_and(|c| c.is_ascii_digit());
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let mut groups = vec![String::new()];
            let mut seps = Vec::new();
            while let Some(&d) = chars.get(i) {
                if d.is_ascii_digit() {
                    if let Some(g) = groups.last_mut() {
                        g.push(d);
                    }
                    i += 1;
                } else if is_sep(d) && digit_at(i + 1) {
                    seps.push(d);
                    groups.push(String::new());
                    i += 1;
                } else if d.is_whitespace()
                    && digit_at(i + 1)
                    && digit_at(i + 2)
                    && digit_at(i + 3)
                    && !digit_at(i + 4)
                {
                    // A single space followed by exactly three digits groups
                    // thousands: `1 500 000`.
                    seps.push(' ');
                    groups.push(String::new());
                    i += 1;
                } else {
                    break;
                }
            }
            toks.push(Tok::Num(Num { groups, seps }));
        } else if c.is_alphabetic() || c == '₫' {
            let start = i;
            if c == '₫' {
                i += 1;
            } else {
                while chars.get(i).is_some_and(|c| c.is_alphabetic()) {
                    i += 1;
                }
            }
            let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
            push_word(&mut toks, word)?;
        } else {
            return Err(err(
                ERR_INVALID,
                format!("amount has a character that is not part of an amount: {c:?}"),
            ));
        }
    }
    Ok(toks)
}

fn push_word(toks: &mut Vec<Tok>, word: String) -> Result<(), FieldError> {
    if classify(&word).is_some() {
        toks.push(Tok::Word(word));
        return Ok(());
    }
    // A unit glued to a currency word, e.g. `kd` from `500kđ`.
    for unit in ["k", "tr", "trieu", "nghin", "ngan", "ty", "ti"] {
        if let Some(rest) = word.strip_prefix(unit) {
            if classify(rest) == Some(Word::Currency) {
                toks.push(Tok::Word(unit.to_string()));
                toks.push(Tok::Word(rest.to_string()));
                return Ok(());
            }
        }
    }
    Err(err(
        ERR_INVALID,
        format!("amount has a word that is not a unit or currency: {word:?}"),
    ))
}

/// Digits to a number, with overflow reported as `money.overflow`.
fn digits_value(digits: &str) -> Result<i128, FieldError> {
    let mut v: i128 = 0;
    for d in digits.bytes() {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(d.wrapping_sub(b'0'))))
            .ok_or_else(overflow)?;
    }
    Ok(v)
}

fn pow10(e: u32) -> Result<i128, FieldError> {
    10i128.checked_pow(e).ok_or_else(overflow)
}

/// `int.frac × 10^e` as whole đồng, or `money.fraction` if it is not whole.
fn decimal_value(int: &str, frac: &str, e: u32, shown: &str) -> Result<i128, FieldError> {
    let int_part = digits_value(int)?
        .checked_mul(pow10(e)?)
        .ok_or_else(overflow)?;
    let frac = frac.trim_end_matches('0');
    let e_len = e as usize;
    if frac.len() > e_len {
        return Err(err(
            ERR_FRACTION,
            format!("{shown} is not a whole number of đồng"),
        ));
    }
    let frac_len = u32::try_from(frac.len()).map_err(|_| overflow())?;
    let frac_part = digits_value(frac)?
        .checked_mul(pow10(e - frac_len)?)
        .ok_or_else(overflow)?;
    int_part.checked_add(frac_part).ok_or_else(overflow)
}

/// True if the groups are thousands grouping: first 1–3 digits, rest 3.
fn is_thousands(num: &Num) -> bool {
    let mut groups = num.groups.iter();
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    first_ok && groups.all(|g| g.len() == 3)
}

/// The value of a number, times `10^unit` if a unit follows it.
fn number_value(num: &Num, unit: Option<u32>) -> Result<i128, FieldError> {
    let shown = num.text();
    let scale = pow10(unit.unwrap_or(0))?;
    let Some(&first_sep) = num.seps.first() else {
        let v = num.groups.first().map_or(Ok(0), |g| digits_value(g))?;
        return v.checked_mul(scale).ok_or_else(overflow);
    };
    if num.seps.iter().any(|&s| s != first_sep) {
        return Err(err(
            ERR_AMBIGUOUS,
            format!("{shown} mixes separators; write 1.500.000 or 1500000"),
        ));
    }
    let all_digits: String = num.groups.concat();
    if num.seps.len() > 1 || first_sep == ' ' {
        if !is_thousands(num) {
            return Err(err(
                ERR_AMBIGUOUS,
                format!("{shown}: groups after a thousands separator must have 3 digits"),
            ));
        }
        return digits_value(&all_digits)?
            .checked_mul(scale)
            .ok_or_else(overflow);
    }
    // Exactly one '.' or ','.
    let (int, frac) = match num.groups.as_slice() {
        [int, frac] => (int.as_str(), frac.as_str()),
        _ => return Err(err(ERR_INVALID, format!("{shown} is not a number"))),
    };
    match unit {
        Some(_) if frac.len() == 3 => Err(err(
            ERR_AMBIGUOUS,
            format!(
                "{shown} before a unit could be a decimal or thousands; write e.g. 1,5tr or 1500k"
            ),
        )),
        Some(e) => decimal_value(int, frac, e, &shown),
        None if frac.len() == 3 => {
            if is_thousands(num) {
                digits_value(&all_digits)
            } else {
                Err(err(
                    ERR_AMBIGUOUS,
                    format!("{shown}: a thousands separator needs 1 to 3 digits before it"),
                ))
            }
        }
        None => Err(err(
            ERR_FRACTION,
            format!("{shown} has a fraction of a đồng; add a unit (1,5tr) or write whole đồng"),
        )),
    }
}

fn word_of(tok: Option<&Tok>) -> Option<Word> {
    match tok {
        Some(Tok::Word(w)) => classify(w),
        _ => None,
    }
}

/// After the amount: at most one currency word, then the end.
fn finish(toks: &[Tok], i: usize, total: i128) -> Result<i128, FieldError> {
    let rest = toks.get(i..).unwrap_or_default();
    match rest {
        [] => Ok(total),
        [Tok::Word(w)] if classify(w) == Some(Word::Currency) => Ok(total),
        _ => Err(err(
            ERR_INVALID,
            "amount has extra text after it; only a currency word (đ, đồng) may follow",
        )),
    }
}

fn add(total: i128, v: i128) -> Result<i128, FieldError> {
    total.checked_add(v).ok_or_else(overflow)
}

/// Evaluates the token sequence per the module rules.
fn evaluate(toks: &[Tok]) -> Result<i128, FieldError> {
    let mut total: i128 = 0;
    // Power of ten of the last unit and whether its number had no separator.
    let mut last_unit: Option<(u32, bool)> = None;
    let mut i = 0;
    loop {
        match toks.get(i) {
            None => return Ok(total),
            Some(Tok::Num(num)) => match (word_of(toks.get(i + 1)), last_unit) {
                (Some(Word::Unit(e)), prev) => {
                    if let Some((pe, _)) = prev {
                        if e >= pe {
                            return Err(err(
                                ERR_INVALID,
                                "units must go from larger to smaller (1 tỷ 200 triệu)",
                            ));
                        }
                        if !num.is_plain() {
                            return Err(err(
                                ERR_AMBIGUOUS,
                                "only the first number of an amount may have separators",
                            ));
                        }
                    }
                    let v = number_value(num, Some(e))?;
                    if let Some((pe, _)) = prev {
                        if v >= pow10(pe)? {
                            return Err(err(
                                ERR_AMBIGUOUS,
                                format!("{} is too large to follow a larger unit", num.text()),
                            ));
                        }
                    }
                    total = add(total, v)?;
                    last_unit = Some((e, num.is_plain()));
                    i += 2;
                }
                (_, None) => {
                    total = number_value(num, None)?;
                    return finish(toks, i + 1, total);
                }
                (_, Some((e, plain))) => {
                    // Trailing digits: `1tr5`, `2 triệu 500`.
                    let digits = num.text();
                    if !plain || !num.is_plain() || digits.len() > e as usize {
                        return Err(err(
                            ERR_AMBIGUOUS,
                            format!(
                                "digits {digits} after a unit are ambiguous; write e.g. 1tr5 or 1.500.000"
                            ),
                        ));
                    }
                    let v = decimal_value("0", &digits, e, &digits)?;
                    total = add(total, v)?;
                    return match toks.get(i + 1..).unwrap_or_default() {
                        [] => Ok(total),
                        [Tok::Word(w)] if classify(w) == Some(Word::Currency) => Err(err(
                            ERR_AMBIGUOUS,
                            format!("{digits} after a unit and before a currency word could be đồng or part of the unit"),
                        )),
                        _ => Err(err(ERR_INVALID, "amount has extra text after it")),
                    };
                }
            },
            Some(Tok::Word(w)) => match (classify(w), last_unit) {
                (Some(Word::Half), Some((e, true))) => {
                    total = add(total, pow10(e)? / 2)?;
                    return finish(toks, i + 1, total);
                }
                (Some(Word::Half), Some((_, false))) => {
                    return Err(err(
                        ERR_AMBIGUOUS,
                        "rưỡi after a decimal number is ambiguous",
                    ))
                }
                (Some(Word::Currency), Some(_)) => return finish(toks, i, total),
                _ => {
                    return Err(err(
                        ERR_INVALID,
                        format!("amount must start with digits, found {w:?}"),
                    ))
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_are_grouped_by_thousands_with_dots() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1.000"),
            (3_500, "3.500"),
            (150_000, "150.000"),
            (12_000_000, "12.000.000"),
            (u64::MAX, "18.446.744.073.709.551.615"),
        ] {
            assert_eq!(group_thousands(n), text);
        }
    }

    fn code(input: &str) -> String {
        match parse_dong(input) {
            Ok(v) => format!("ok {v}"),
            Err(e) => e.code,
        }
    }

    #[test]
    fn golden_table() {
        let nfd: String = "2 triệu rưỡi".nfd().collect();
        let nfd_dong: String = "1.500.000 đồng".nfd().collect();
        let cases: &[(&str, &str)] = &[
            // plain and grouped
            ("1.500.000", "ok 1500000"),
            ("1500000", "ok 1500000"),
            ("1,500,000", "ok 1500000"),
            ("1 500 000", "ok 1500000"),
            ("0", "ok 0"),
            ("1.500", "ok 1500"),
            ("  750000  ", "ok 750000"),
            ("9223372036854775807", "ok 9223372036854775807"),
            // currency words and signs
            ("1.500.000đ", "ok 1500000"),
            ("1.500.000 ₫", "ok 1500000"),
            ("1.500.000₫", "ok 1500000"),
            ("1.500.000 đồng", "ok 1500000"),
            ("1.500.000 dong", "ok 1500000"),
            ("1.500.000 VND", "ok 1500000"),
            ("1.500.000 VNĐ", "ok 1500000"),
            (nfd_dong.as_str(), "ok 1500000"),
            // units with a decimal mark
            ("1,5tr", "ok 1500000"),
            ("1.5tr", "ok 1500000"),
            ("1,25 triệu", "ok 1250000"),
            ("1,2345tr", "ok 1234500"),
            ("0,5tr", "ok 500000"),
            ("2.5k", "ok 2500"),
            ("1,0000000tr", "ok 1000000"),
            // units with trailing digits
            ("1tr5", "ok 1500000"),
            ("1tr250", "ok 1250000"),
            ("1tr05", "ok 1050000"),
            ("2 triệu 500", "ok 2500000"),
            ("2k5", "ok 2500"),
            // unit words
            ("2 triệu", "ok 2000000"),
            ("2 TRIỆU", "ok 2000000"),
            ("2 trieu", "ok 2000000"),
            ("500k", "ok 500000"),
            ("500K", "ok 500000"),
            ("500 nghìn", "ok 500000"),
            ("500 ngàn", "ok 500000"),
            ("500 nghin", "ok 500000"),
            ("500kđ", "ok 500000"),
            ("500 nghìn đồng", "ok 500000"),
            ("1 tỷ", "ok 1000000000"),
            ("1 tỉ", "ok 1000000000"),
            ("1 ty", "ok 1000000000"),
            ("1,2 tỷ", "ok 1200000000"),
            ("1 tỷ 200 triệu", "ok 1200000000"),
            ("2 triệu 500 nghìn", "ok 2500000"),
            ("2 triệu rưỡi", "ok 2500000"),
            ("2tr rưỡi", "ok 2500000"),
            ("1 nghìn rưỡi", "ok 1500"),
            (nfd.as_str(), "ok 2500000"),
            ("1.500.000tr", "ok 1500000000000"),
            // empty
            ("", "money.empty"),
            ("   ", "money.empty"),
            // negative
            ("-5000", "money.negative"),
            ("-1,5tr", "money.negative"),
            ("−5000", "money.negative"),
            // fractions of a đồng
            ("1.5", "money.fraction"),
            ("1,5", "money.fraction"),
            ("1500.00", "money.fraction"),
            ("1,0000005tr", "money.fraction"),
            ("1,0000000001 tỷ", "money.fraction"),
            // overflow
            ("9223372036854775808", "money.overflow"),
            ("10000000000 tỷ", "money.overflow"),
            (
                "99999999999999999999999999999999999999999999",
                "money.overflow",
            ),
            // ambiguous
            ("1.50.000", "money.ambiguous"),
            ("1,500.000", "money.ambiguous"),
            ("1.500,5tr", "money.ambiguous"),
            ("1.500k", "money.ambiguous"),
            ("1,250tr", "money.ambiguous"),
            ("1500.000", "money.ambiguous"),
            ("1k5000", "money.ambiguous"),
            ("1,5tr5", "money.ambiguous"),
            ("2 triệu 500 đồng", "money.ambiguous"),
            ("2 triệu 1500 nghìn", "money.ambiguous"),
            ("1,5tr rưỡi", "money.ambiguous"),
            // garbage
            ("abc", "money.invalid"),
            ("5tr abc", "money.invalid"),
            ("tr5", "money.invalid"),
            ("đ", "money.invalid"),
            ("500 triệu 2 tỷ", "money.invalid"),
            ("1.500.000.", "money.invalid"),
            ("5000 rưỡi", "money.invalid"),
            ("500k đ đ", "money.invalid"),
            ("1/2", "money.invalid"),
            ("+5000", "money.invalid"),
            ("5\u{0301}00", "money.invalid"),
            ("-", "money.invalid"),
        ];
        let mut failures = Vec::new();
        for (input, want) in cases {
            let got = code(input);
            if got != *want {
                failures.push(format!("{input:?}: want {want}, got {got}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(cases.len() >= 30);
    }

    #[test]
    fn errors_name_the_field() {
        let e = parse_dong("1.5").unwrap_err();
        assert_eq!(e.field, "amount");
        assert!(!e.message.is_empty());
    }

    #[test]
    fn format_golden() {
        assert_eq!(format_dong(0), "0 ₫");
        assert_eq!(format_dong(7), "7 ₫");
        assert_eq!(format_dong(999), "999 ₫");
        assert_eq!(format_dong(1000), "1.000 ₫");
        assert_eq!(format_dong(1_500_000), "1.500.000 ₫");
        assert_eq!(format_dong(-1_500_000), "-1.500.000 ₫");
        assert_eq!(format_dong(123_456_789), "123.456.789 ₫");
        assert_eq!(format_dong(i64::MAX), "9.223.372.036.854.775.807 ₫");
        assert_eq!(format_dong(i64::MIN), "-9.223.372.036.854.775.808 ₫");
    }

    proptest! {
        #[test]
        fn format_round_trips(x in 0i64..=i64::MAX) {
            prop_assert_eq!(parse_dong(&format_dong(x)), Ok(x));
        }

        #[test]
        fn plain_digits_parse(x in 0i64..=i64::MAX) {
            prop_assert_eq!(parse_dong(&x.to_string()), Ok(x));
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_dong(&s);
        }

        #[test]
        fn never_panics_on_amount_like_text(
            s in "[0-9.,  kKđ₫-]{0,12}( ?(tr|triệu|nghìn|tỷ|rưỡi|đồng|k)?[0-9.,]{0,6}){0,4}"
        ) {
            if let Ok(v) = parse_dong(&s) {
                prop_assert!(v >= 0);
            }
        }
    }
}
