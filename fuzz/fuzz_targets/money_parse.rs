//! `ishc_core::money::parse_dong` on any text, and `format_dong` on any
//! amount. Properties (besides never panicking):
//!
//! * an accepted amount is ≥ 0; a refusal names the field `amount` with one
//!   of the six documented `money.*` codes and a message;
//! * text without letters (no unit, no currency word) is accepted only as
//!   the whole number its digits spell: separators group thousands, they
//!   never move or drop a digit;
//! * the answer does not depend on the Unicode form (NFC/NFD) or on white
//!   space around the text; a minus sign before an accepted amount gives
//!   `money.negative`;
//! * for every amount x ≥ 0: `parse(format(x)) == x`, and x written as plain
//!   digits or grouped with `.`, `,` or spaces parses to x; whole millions
//!   and thousands written with `tr`/`k` parse to x.
#![no_main]

use ishc_core::money::{format_dong, group_thousands, parse_dong};
use libfuzzer_sys::fuzz_target;
use unicode_normalization::UnicodeNormalization;

const CODES: [&str; 6] = [
    "money.empty",
    "money.negative",
    "money.fraction",
    "money.overflow",
    "money.ambiguous",
    "money.invalid",
];

/// The answer reduced to what must not change: the value or the code.
fn outcome(s: &str) -> Result<i64, String> {
    parse_dong(s).map_err(|e| e.code)
}

fn check_text(s: &str) {
    match parse_dong(s) {
        Ok(v) => {
            assert!(v >= 0, "{s:?} parsed to a negative {v}");
            if !s.chars().any(|c| c.is_alphabetic() || c == '₫') {
                let digits: String = s.chars().filter(char::is_ascii_digit).collect();
                let spelled = digits.parse::<i128>().ok();
                assert_eq!(
                    spelled,
                    Some(i128::from(v)),
                    "{s:?} has no unit but parsed to {v}, not its digits {digits}"
                );
            }
            assert_eq!(
                outcome(&format!("-{s}")),
                Err("money.negative".to_string()),
                "a minus sign before {s:?}"
            );
        }
        Err(e) => {
            assert_eq!(e.field, "amount", "{s:?}");
            assert!(CODES.contains(&e.code.as_str()), "{s:?}: code {}", e.code);
            assert!(!e.message.is_empty(), "{s:?}: empty message");
        }
    }
    let want = outcome(s);
    let nfc: String = s.nfc().collect();
    let nfd: String = s.nfd().collect();
    assert_eq!(outcome(&nfc), want, "NFC of {s:?}");
    assert_eq!(outcome(&nfd), want, "NFD of {s:?}");
    assert_eq!(
        outcome(&format!("  {s}\t")),
        want,
        "{s:?} with white space around"
    );
}

fn check_amount(x: i64) {
    let x = x.checked_abs().unwrap_or(i64::MAX);
    assert_eq!(parse_dong(&format_dong(x)), Ok(x), "format_dong({x})");
    assert_eq!(parse_dong(&x.to_string()), Ok(x), "plain {x}");
    let grouped = group_thousands(x.unsigned_abs());
    if grouped.contains('.') {
        // One lone separator with three digits after it is thousands only
        // without a unit, so every grouping reads back.
        for sep in [".", ",", " "] {
            let g = grouped.replace('.', sep);
            assert_eq!(parse_dong(&g), Ok(x), "{g:?}");
            assert_eq!(parse_dong(&format!("{g} đồng")), Ok(x), "{g:?} đồng");
        }
    }
    if x % 1_000_000 == 0 {
        let m = x / 1_000_000;
        assert_eq!(parse_dong(&format!("{m}tr")), Ok(x), "{m}tr");
        assert_eq!(parse_dong(&format!("{m} triệu")), Ok(x), "{m} triệu");
    }
    if x % 1_000 == 0 {
        let k = x / 1_000;
        assert_eq!(parse_dong(&format!("{k}k")), Ok(x), "{k}k");
    }
    if x % 100_000 == 0 && x < 1_000_000_000 {
        // `1tr5` = 1.500.000: the digit after the unit is its first decimal.
        let (m, d) = (x / 1_000_000, (x / 100_000) % 10);
        if m > 0 {
            let s = if d == 0 {
                format!("{m}tr")
            } else {
                format!("{m}tr{d}")
            };
            assert_eq!(parse_dong(&s), Ok(x), "{s:?}");
            let s = format!("{m},{d}tr");
            assert_eq!(parse_dong(&s), Ok(x), "{s:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        check_text(s);
    }
    if let Some(head) = data.get(..8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(head);
        let x = i64::from_le_bytes(b);
        check_amount(x);
        // Round figures, as people write them.
        check_amount((x % 1_000_000_000).abs() * 1_000);
        check_amount((x % 1_000_000).abs() * 100_000);
    }
});
