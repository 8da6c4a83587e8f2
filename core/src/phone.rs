//! Vietnamese phone numbers: mobile numbers with a current carrier prefix and
//! landlines with a province area code.
//!
//! # Numbering plan
//!
//! National numbers (with their trunk `0`) are:
//!
//! * **Mobile**: 10 digits, `0` + a 2-digit network code + 7 digits, after
//!   the September 2018 change of 11-digit `01xx` numbers to 10 digits. The
//!   network codes and carriers are in [`MOBILE_PREFIXES`].
//! * **Landline**: 11 digits, `0` + area code + subscriber number, after the
//!   2017 area-code plan (Decision 2036/QĐ-BTTTT, moved over February–August
//!   2017). Hà Nội (`024`) and TP Hồ Chí Minh (`028`) have a 2-digit code and
//!   8 subscriber digits; the other 61 provinces have a 3-digit code `2xx`
//!   and 7 subscriber digits. The codes are in [`AREA_CODES`]; they name the
//!   63 provinces as they were before the 2025 mergers, because the codes
//!   were not changed by those mergers.
//!
//! The canonical form is E.164: `+84` then the national number without its
//! `0` (`+84943733416`).
//!
//! # What [`parse_phone`] accepts
//!
//! Digits with spaces, dots, dashes and parentheses between them; a leading
//! `+84`, `0084` or `84` (the last only when the length then fits: 11 digits
//! for a mobile, 12 for a landline); `(0)` after the country code; and a
//! national number whose leading `0` was lost (9 digits, or 10 digits
//! starting with `2`), as spreadsheets do to numbers.
//!
//! # Errors (field `"phone"`)
//!
//! | code | rule |
//! | --- | --- |
//! | `phone.empty` | nothing but white space and punctuation |
//! | `phone.invalid_char` | a character other than digits, space, `.`, `-`, `(`, `)` or a leading `+` |
//! | `phone.country` | an international number for a country other than Việt Nam (+84) |
//! | `phone.length` | the wrong number of digits for a mobile or a landline |
//! | `phone.legacy_prefix` | an old 11-digit `01xx` mobile number (changed to 10 digits in 2018); the message gives the new prefix |
//! | `phone.mobile_prefix` | 10 digits whose prefix is not a current mobile network code |
//! | `phone.area_code` | 11 digits starting `02` whose area code is not in the plan |
//!
//! The digit grammar is specific to Việt Nam's plan and small, so it is
//! written here rather than taken from a general phone-number crate (none is
//! available to this crate).

use crate::error::FieldError;
use serde::{Deserialize, Serialize};

const FIELD: &str = "phone";

/// Error code: nothing to parse.
pub const ERR_EMPTY: &str = "phone.empty";
/// Error code: a character that cannot be part of a phone number.
pub const ERR_INVALID_CHAR: &str = "phone.invalid_char";
/// Error code: an international number outside Việt Nam.
pub const ERR_COUNTRY: &str = "phone.country";
/// Error code: wrong number of digits.
pub const ERR_LENGTH: &str = "phone.length";
/// Error code: an old 11-digit mobile number (pre-2018 `01xx` prefix).
pub const ERR_LEGACY_PREFIX: &str = "phone.legacy_prefix";
/// Error code: 10 digits with no current mobile network code.
pub const ERR_MOBILE_PREFIX: &str = "phone.mobile_prefix";
/// Error code: a landline area code not in the 2017 plan.
pub const ERR_AREA_CODE: &str = "phone.area_code";

/// Mobile network codes (the first three digits of a 10-digit national
/// number) and the carrier each was issued to.
///
/// Source: the Ministry of Information and Communications' 2018 conversion
/// of 11-digit numbers (Viettel 0162–0169 → 032–039; MobiFone 0120/0121/
/// 0122/0126/0128 → 070/079/077/076/078; VinaPhone 0123/0124/0125/0127/0129
/// → 083/084/085/081/082; Vietnamobile 0186/0188 → 056/058; Gmobile 0199 →
/// 059), the carriers' original 09x/08x codes, and later assignments (052
/// Vietnamobile, 055 Reddi/Mobicast, 087 iTel), as summarised by the
/// Vietnamese Wikipedia article "Mã điện thoại Việt Nam" and cross-checked
/// against several public validators. Carriers rebrand; a prefix keeps its
/// place here as long as the number range exists.
pub const MOBILE_PREFIXES: &[(&str, &str)] = &[
    ("032", "Viettel"),
    ("033", "Viettel"),
    ("034", "Viettel"),
    ("035", "Viettel"),
    ("036", "Viettel"),
    ("037", "Viettel"),
    ("038", "Viettel"),
    ("039", "Viettel"),
    ("052", "Vietnamobile"),
    ("055", "Reddi"),
    ("056", "Vietnamobile"),
    ("058", "Vietnamobile"),
    ("059", "Gmobile"),
    ("070", "MobiFone"),
    ("076", "MobiFone"),
    ("077", "MobiFone"),
    ("078", "MobiFone"),
    ("079", "MobiFone"),
    ("081", "VinaPhone"),
    ("082", "VinaPhone"),
    ("083", "VinaPhone"),
    ("084", "VinaPhone"),
    ("085", "VinaPhone"),
    ("086", "Viettel"),
    ("087", "iTel"),
    ("088", "VinaPhone"),
    ("089", "MobiFone"),
    ("090", "MobiFone"),
    ("091", "VinaPhone"),
    ("092", "Vietnamobile"),
    ("093", "MobiFone"),
    ("094", "VinaPhone"),
    ("096", "Viettel"),
    ("097", "Viettel"),
    ("098", "Viettel"),
    ("099", "Gmobile"),
];

/// Pre-2018 11-digit mobile prefixes and the 10-digit prefix each became
/// (same source as [`MOBILE_PREFIXES`]), used to explain `phone.legacy_prefix`.
pub const LEGACY_MOBILE_PREFIXES: &[(&str, &str)] = &[
    ("0120", "070"),
    ("0121", "079"),
    ("0122", "077"),
    ("0123", "083"),
    ("0124", "084"),
    ("0125", "085"),
    ("0126", "076"),
    ("0127", "081"),
    ("0128", "078"),
    ("0129", "082"),
    ("0162", "032"),
    ("0163", "033"),
    ("0164", "034"),
    ("0165", "035"),
    ("0166", "036"),
    ("0167", "037"),
    ("0168", "038"),
    ("0169", "039"),
    ("0186", "056"),
    ("0188", "058"),
    ("0199", "059"),
];

/// Landline area codes (with the trunk `0`) of the 2017 plan and the
/// province each serves, for the 63 provinces and cities as they were before
/// the 2025 mergers.
///
/// Source: Decision 2036/QĐ-BTTTT (2016) of the Ministry of Information and
/// Communications on the area-code change (in force 2017); the list matches
/// the Vietnamese Wikipedia article "Mã điện thoại Việt Nam".
pub const AREA_CODES: &[(&str, &str)] = &[
    ("0203", "Quảng Ninh"),
    ("0204", "Bắc Giang"),
    ("0205", "Lạng Sơn"),
    ("0206", "Cao Bằng"),
    ("0207", "Tuyên Quang"),
    ("0208", "Thái Nguyên"),
    ("0209", "Bắc Kạn"),
    ("0210", "Phú Thọ"),
    ("0211", "Vĩnh Phúc"),
    ("0212", "Sơn La"),
    ("0213", "Lai Châu"),
    ("0214", "Lào Cai"),
    ("0215", "Điện Biên"),
    ("0216", "Yên Bái"),
    ("0218", "Hòa Bình"),
    ("0219", "Hà Giang"),
    ("0220", "Hải Dương"),
    ("0221", "Hưng Yên"),
    ("0222", "Bắc Ninh"),
    ("0225", "Hải Phòng"),
    ("0226", "Hà Nam"),
    ("0227", "Thái Bình"),
    ("0228", "Nam Định"),
    ("0229", "Ninh Bình"),
    ("0232", "Quảng Bình"),
    ("0233", "Quảng Trị"),
    ("0234", "Thừa Thiên Huế"),
    ("0235", "Quảng Nam"),
    ("0236", "Đà Nẵng"),
    ("0237", "Thanh Hóa"),
    ("0238", "Nghệ An"),
    ("0239", "Hà Tĩnh"),
    ("024", "Hà Nội"),
    ("0251", "Đồng Nai"),
    ("0252", "Bình Thuận"),
    ("0254", "Bà Rịa – Vũng Tàu"),
    ("0255", "Quảng Ngãi"),
    ("0256", "Bình Định"),
    ("0257", "Phú Yên"),
    ("0258", "Khánh Hòa"),
    ("0259", "Ninh Thuận"),
    ("0260", "Kon Tum"),
    ("0261", "Đắk Nông"),
    ("0262", "Đắk Lắk"),
    ("0263", "Lâm Đồng"),
    ("0269", "Gia Lai"),
    ("0270", "Vĩnh Long"),
    ("0271", "Bình Phước"),
    ("0272", "Long An"),
    ("0273", "Tiền Giang"),
    ("0274", "Bình Dương"),
    ("0275", "Bến Tre"),
    ("0276", "Tây Ninh"),
    ("0277", "Đồng Tháp"),
    ("028", "TP Hồ Chí Minh"),
    ("0290", "Cà Mau"),
    ("0291", "Bạc Liêu"),
    ("0292", "Cần Thơ"),
    ("0293", "Hậu Giang"),
    ("0294", "Trà Vinh"),
    ("0296", "An Giang"),
    ("0297", "Kiên Giang"),
    ("0299", "Sóc Trăng"),
];

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
    /// The national number with its leading `0`, no spaces: `0943733416`.
    pub fn national(&self) -> String {
        let rest = self
            .canonical
            .strip_prefix("+84")
            .unwrap_or(&self.canonical);
        format!("0{rest}")
    }

    /// National display form with spaces: `0943 733 416`, `0251 445 2252`.
    ///
    /// Mobile: 4-3-3 digits. Landline: the area code, then the subscriber
    /// number split 3-4 (`0251 445 2252`) or, for the 8-digit numbers of
    /// Hà Nội and TP HCM, 4-4 (`024 3823 4567`).
    pub fn display(&self) -> String {
        let national = self.national();
        let groups: &[usize] = match &self.kind {
            PhoneKind::Mobile { .. } => &[4, 3, 3],
            PhoneKind::Landline { area_code, .. } if area_code.len() == 3 => &[3, 4, 4],
            PhoneKind::Landline { .. } => &[4, 3, 4],
        };
        group_digits(&national, groups)
    }
}

/// Splits `digits` into groups of the given sizes joined by spaces; any
/// remainder (not expected for a validated number) goes in a last group.
fn group_digits(digits: &str, sizes: &[usize]) -> String {
    let mut out = String::with_capacity(digits.len() + sizes.len());
    let mut rest = digits;
    for &n in sizes {
        if rest.is_empty() {
            break;
        }
        let (head, tail) = rest.split_at(n.min(rest.len()));
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(head);
        rest = tail;
    }
    if !rest.is_empty() {
        out.push(' ');
        out.push_str(rest);
    }
    out
}

fn err(code: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(code, FIELD, message)
}

/// Parses a phone as clubs write it (spaces, dots, dashes, `+84`, `84`, a
/// leading 0). Errors (field `"phone"`) for a wrong length, an unknown mobile
/// prefix, an unknown area code or stray characters.
///
/// See the [module documentation](self) for the accepted forms and the
/// error codes. Mobile numbers need a prefix from [`MOBILE_PREFIXES`];
/// landlines an area code from [`AREA_CODES`].
pub fn parse_phone(input: &str) -> Result<Phone, FieldError> {
    let trimmed = input.trim();
    let (plus, body) = match trimmed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let mut digits = String::with_capacity(body.len());
    for c in body.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !(c.is_whitespace() || matches!(c, '.' | '-' | '(' | ')')) {
            return Err(err(
                ERR_INVALID_CHAR,
                format!("phone has a character {c:?}; use digits with spaces, dots or dashes only"),
            ));
        }
    }
    if digits.is_empty() {
        return Err(err(ERR_EMPTY, "phone is empty"));
    }
    let national = to_national(plus, &digits)?;
    classify_national(&national)
}

/// Turns the digits (after an optional `+`) into a national number with its
/// leading `0`.
fn to_national(plus: bool, digits: &str) -> Result<String, FieldError> {
    let international = if plus {
        Some(digits)
    } else {
        digits.strip_prefix("00")
    };
    if let Some(intl) = international {
        return match intl.strip_prefix("84") {
            // `+84 (0) 943…`: drop a trunk 0 written after the country code.
            Some(rest) => Ok(format!("0{}", rest.strip_prefix('0').unwrap_or(rest))),
            None => Err(err(
                ERR_COUNTRY,
                "phone is an international number outside Việt Nam (+84)",
            )),
        };
    }
    if digits.starts_with('0') {
        return Ok(digits.to_string());
    }
    // `84` + a mobile (9 digits) or a landline (10 digits starting with 2).
    if let Some(rest) = digits.strip_prefix("84") {
        if rest.len() == 9 || (rest.len() == 10 && rest.starts_with('2')) {
            return Ok(format!("0{rest}"));
        }
    }
    // A national number whose leading 0 was lost (e.g. by a spreadsheet).
    if digits.len() == 9 || (digits.len() == 10 && digits.starts_with('2')) {
        return Ok(format!("0{digits}"));
    }
    Err(err(
        ERR_LENGTH,
        format!(
            "phone has {} digits; a mobile has 10 and a landline 11, starting with 0",
            digits.len()
        ),
    ))
}

fn lookup<'a>(table: &'a [(&'a str, &'a str)], key: &str) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// Validates a national number (`0` + 9 or 10 digits) against the plan.
fn classify_national(national: &str) -> Result<Phone, FieldError> {
    let len = national.len();
    let canonical = format!("+84{}", national.get(1..).unwrap_or_default());
    let landline = national.starts_with("02");
    if len == 10 && !landline {
        let prefix = national.get(..3).unwrap_or_default();
        return match lookup(MOBILE_PREFIXES, prefix) {
            Some(carrier) => Ok(Phone {
                canonical,
                kind: PhoneKind::Mobile {
                    carrier: carrier.to_string(),
                },
            }),
            None => Err(err(
                ERR_MOBILE_PREFIX,
                format!("phone prefix {prefix} is not a current Vietnamese mobile network"),
            )),
        };
    }
    if len == 11 && landline {
        let area_code = ["024", "028"]
            .into_iter()
            .find(|c| national.starts_with(c))
            .or_else(|| national.get(..4));
        let area = area_code.and_then(|c| lookup(AREA_CODES, c));
        return match (area_code, area) {
            (Some(code), Some(area)) => Ok(Phone {
                canonical,
                kind: PhoneKind::Landline {
                    area_code: code.to_string(),
                    area: area.to_string(),
                },
            }),
            _ => Err(err(
                ERR_AREA_CODE,
                format!(
                    "phone area code {} is not a Vietnamese area code",
                    national.get(..4).unwrap_or(national)
                ),
            )),
        };
    }
    if len == 11 {
        if let Some(new) = national
            .get(..4)
            .and_then(|p| lookup(LEGACY_MOBILE_PREFIXES, p))
        {
            return Err(err(
                ERR_LEGACY_PREFIX,
                format!(
                    "phone uses the old 11-digit prefix {}; since 2018 it is {new} followed by the last 7 digits",
                    national.get(..4).unwrap_or_default()
                ),
            ));
        }
    }
    let want = if landline {
        "a landline has 11 digits (024/028 + 8, or 02xx + 7)"
    } else {
        "a mobile has 10 digits"
    };
    Err(err(
        ERR_LENGTH,
        format!("phone has {len} digits with its leading 0; {want}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(input: &str) -> Phone {
        match parse_phone(input) {
            Ok(p) => p,
            Err(e) => panic!("{input:?} should parse: {e}"),
        }
    }

    fn code(input: &str) -> String {
        match parse_phone(input) {
            Ok(p) => format!("ok {}", p.canonical),
            Err(e) => e.code,
        }
    }

    #[test]
    fn roster_samples_parse() {
        let cases = [
            ("+84863017203", "+84863017203", "0863 017 203", "Viettel"),
            ("0943.733.416", "+84943733416", "0943 733 416", "VinaPhone"),
            ("0835899524", "+84835899524", "0835 899 524", "VinaPhone"),
            ("0946 796 209", "+84946796209", "0946 796 209", "VinaPhone"),
            ("0350377211", "+84350377211", "0350 377 211", "Viettel"),
            ("0774.902.678", "+84774902678", "0774 902 678", "MobiFone"),
            ("+84772342392", "+84772342392", "0772 342 392", "MobiFone"),
        ];
        for (input, canonical, display, carrier) in cases {
            let p = ok(input);
            assert_eq!(p.canonical, canonical, "{input}");
            assert_eq!(p.display(), display, "{input}");
            assert_eq!(
                p.kind,
                PhoneKind::Mobile {
                    carrier: carrier.to_string()
                },
                "{input}"
            );
        }
        for input in ["0251 445 2252", "0251 756 2269"] {
            let p = ok(input);
            assert_eq!(p.display(), input);
            assert_eq!(
                p.kind,
                PhoneKind::Landline {
                    area_code: "0251".into(),
                    area: "Đồng Nai".into()
                }
            );
        }
        assert_eq!(ok("0251 445 2252").canonical, "+842514452252");
    }

    #[test]
    fn landlines_two_and_three_digit_codes() {
        let p = ok("(024) 3823 4567");
        assert_eq!(p.canonical, "+842438234567");
        assert_eq!(p.display(), "024 3823 4567");
        assert_eq!(
            p.kind,
            PhoneKind::Landline {
                area_code: "024".into(),
                area: "Hà Nội".into()
            }
        );
        let p = ok("028-3829-5555");
        assert_eq!(p.display(), "028 3829 5555");
        assert!(matches!(p.kind, PhoneKind::Landline { ref area, .. } if area == "TP Hồ Chí Minh"));
        let p = ok("+84 254 3852 123");
        assert_eq!(p.display(), "0254 385 2123");
        assert!(
            matches!(p.kind, PhoneKind::Landline { ref area, .. } if area == "Bà Rịa – Vũng Tàu")
        );
    }

    #[test]
    fn golden_codes() {
        let cases: &[(&str, &str)] = &[
            ("0943733416", "ok +84943733416"),
            ("84943733416", "ok +84943733416"),
            ("0084 943 733 416", "ok +84943733416"),
            ("+84 (0) 943 733 416", "ok +84943733416"),
            ("943733416", "ok +84943733416"),
            ("842514452252", "ok +842514452252"),
            ("2514452252", "ok +842514452252"),
            ("0943-733-416", "ok +84943733416"),
            ("0559 123 456", "ok +84559123456"),
            ("0879 123 456", "ok +84879123456"),
            ("0523 123 456", "ok +84523123456"),
            ("", "phone.empty"),
            ("  ", "phone.empty"),
            ("( - . )", "phone.empty"),
            ("0943/733/416", "phone.invalid_char"),
            ("0943 733 41a", "phone.invalid_char"),
            ("tel 0943733416", "phone.invalid_char"),
            ("09437+33416", "phone.invalid_char"),
            ("+1 202 555 0100", "phone.country"),
            ("+840943733416", "ok +84943733416"),
            ("094373341", "phone.length"),
            ("09437334166", "phone.length"),
            ("0251445225", "phone.length"),
            ("025144522522", "phone.length"),
            ("12345", "phone.length"),
            ("01662345678", "phone.legacy_prefix"),
            ("0912 34", "phone.length"),
            ("0111234567", "phone.mobile_prefix"),
            ("0951234567", "phone.mobile_prefix"),
            ("0801234567", "phone.mobile_prefix"),
            ("0201 445 2252", "phone.area_code"),
            ("0217 445 2252", "phone.area_code"),
            ("0298 445 2252", "phone.area_code"),
        ];
        let mut failures = Vec::new();
        for (input, want) in cases {
            let got = code(input);
            if got != *want {
                failures.push(format!("{input:?}: want {want}, got {got}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn errors_name_the_field() {
        let e = parse_phone("0951234567").unwrap_err();
        assert_eq!(e.field, "phone");
        let e = parse_phone("01662345678").unwrap_err();
        assert!(e.message.contains("036"), "{}", e.message);
    }

    #[test]
    fn tables_are_consistent() {
        assert_eq!(AREA_CODES.len(), 63);
        for (code, _) in AREA_CODES {
            assert!(code.starts_with("02") && (3..=4).contains(&code.len()));
        }
        // No area code is a prefix of another, so lookups are unambiguous.
        for (a, _) in AREA_CODES {
            for (b, _) in AREA_CODES {
                assert!(a == b || !b.starts_with(a), "{a} prefixes {b}");
            }
        }
        for (prefix, _) in MOBILE_PREFIXES {
            assert!(prefix.len() == 3 && prefix.starts_with('0') && !prefix.starts_with("02"));
        }
        for (_, new) in LEGACY_MOBILE_PREFIXES {
            assert!(lookup(MOBILE_PREFIXES, new).is_some(), "{new}");
        }
    }

    #[test]
    fn every_table_entry_parses() {
        for (prefix, carrier) in MOBILE_PREFIXES {
            let p = ok(&format!("{prefix}1234567"));
            assert_eq!(
                p.kind,
                PhoneKind::Mobile {
                    carrier: carrier.to_string()
                }
            );
            assert_eq!(parse_phone(&p.display()), Ok(p.clone()));
            assert_eq!(parse_phone(&p.canonical), Ok(p));
        }
        for (code, area) in AREA_CODES {
            let subscriber = if code.len() == 3 {
                "38234567"
            } else {
                "3823456"
            };
            let p = ok(&format!("{code}{subscriber}"));
            assert_eq!(
                p.kind,
                PhoneKind::Landline {
                    area_code: code.to_string(),
                    area: area.to_string()
                }
            );
            assert_eq!(p.national().len(), 11);
            assert_eq!(parse_phone(&p.display()), Ok(p.clone()));
            assert_eq!(parse_phone(&p.canonical), Ok(p));
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse_phone(&s);
        }

        #[test]
        fn never_panics_on_phone_like_text(s in "[+0-9 .()-]{0,20}") {
            if let Ok(p) = parse_phone(&s) {
                prop_assert!(p.canonical.starts_with("+84"));
                prop_assert_eq!(parse_phone(&p.display()), Ok(p.clone()));
            }
        }

        #[test]
        fn mobile_round_trip(i in 0usize..MOBILE_PREFIXES.len(), rest in "[0-9]{7}") {
            let (prefix, _) = MOBILE_PREFIXES[i];
            let p = parse_phone(&format!("{prefix}{rest}")).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(p.national(), format!("{prefix}{rest}"));
            prop_assert_eq!(parse_phone(&p.display()), Ok(p.clone()));
        }
    }
}
