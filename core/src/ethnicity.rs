//! Vietnam's 54 official ethnic groups (General Statistics Office list,
//! Decision 121-TCTK/PPCĐ of 1979), with the spellings clubs write.
//!
//! Codes are the ones of the 1979 list (*Danh mục các thành phần dân tộc
//! Việt Nam*, 1 Kinh … 54 Rơ Măm), which commune registers and school and
//! population records use. (The 2009 and 2019 census questionnaires list the
//! groups in a different, population-based order; those numbers are not used
//! here.) Names are given in the usual modern spelling without hyphens.
//!
//! [`parse_ethnicity`] accepts the official name and common variants,
//! ignoring case, diacritics, spaces, hyphens and apostrophes, and an
//! optional leading *dân tộc* or *người*.
//!
//! Error codes (field `ethnicity`): `ethnicity.required` for a blank entry
//! (callers decide whether to default to Kinh), `ethnicity.unknown` for text
//! that is not a known name.

use crate::error::FieldError;
use crate::text::search_key;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// An ethnic group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ethnicity {
    /// Official code 1–54 (1 = Kinh).
    pub code: u8,
    /// Official Vietnamese name.
    pub name: &'static str,
}

/// Code of the Kinh (Việt) majority; every other code is an ethnic minority
/// (*dân tộc thiểu số*, Decree 05/2011/NĐ-CP, Article 4).
pub const KINH_CODE: u8 = 1;

const fn e(code: u8, name: &'static str) -> Ethnicity {
    Ethnicity { code, name }
}

/// The 1979 GSO list in code order.
static ETHNICITIES: [Ethnicity; 54] = [
    e(1, "Kinh"),
    e(2, "Tày"),
    e(3, "Thái"),
    e(4, "Hoa"),
    e(5, "Khmer"),
    e(6, "Mường"),
    e(7, "Nùng"),
    e(8, "Hmông"),
    e(9, "Dao"),
    e(10, "Gia Rai"),
    e(11, "Ngái"),
    e(12, "Ê Đê"),
    e(13, "Ba Na"),
    e(14, "Xơ Đăng"),
    e(15, "Sán Chay"),
    e(16, "Cơ Ho"),
    e(17, "Chăm"),
    e(18, "Sán Dìu"),
    e(19, "Hrê"),
    e(20, "Mnông"),
    e(21, "Raglay"),
    e(22, "Xtiêng"),
    e(23, "Bru Vân Kiều"),
    e(24, "Thổ"),
    e(25, "Giáy"),
    e(26, "Cơ Tu"),
    e(27, "Gié Triêng"),
    e(28, "Mạ"),
    e(29, "Khơ Mú"),
    e(30, "Co"),
    e(31, "Tà Ôi"),
    e(32, "Chơ Ro"),
    e(33, "Kháng"),
    e(34, "Xinh Mun"),
    e(35, "Hà Nhì"),
    e(36, "Chu Ru"),
    e(37, "Lào"),
    e(38, "La Chí"),
    e(39, "La Ha"),
    e(40, "Phù Lá"),
    e(41, "La Hủ"),
    e(42, "Lự"),
    e(43, "Lô Lô"),
    e(44, "Chứt"),
    e(45, "Mảng"),
    e(46, "Pà Thẻn"),
    e(47, "Cờ Lao"),
    e(48, "Cống"),
    e(49, "Bố Y"),
    e(50, "Si La"),
    e(51, "Pu Péo"),
    e(52, "Brâu"),
    e(53, "Ơ Đu"),
    e(54, "Rơ Măm"),
];

/// Variant spellings seen on rosters and in official texts, with the code
/// they stand for. Spellings that differ from an official name only in case,
/// diacritics, spaces, hyphens or apostrophes need no entry (`Cơ Lao`,
/// `M'Nông`, `Ê-đê`, `Ba-na`, `Gia-rai`, `Chơ-ro`, `X'tiêng` all match).
/// A variant that is also another group's name (Thổ is both an old name for
/// the Tày and group 24) is left out.
const VARIANTS: &[(&str, u8)] = &[
    ("Việt", 1),
    ("Kinh (Việt)", 1),
    ("Hoa (Hán)", 4),
    ("Hán", 4),
    ("Khơ-me", 5),
    ("Khơ Me Krôm", 5),
    ("Khmer Krom", 5),
    ("Mông", 8),
    ("Mèo", 8),
    ("Hmông (Mèo)", 8),
    ("Jrai", 10),
    ("Jarai", 10),
    ("Êđê", 12),
    ("Rhade", 12),
    ("Bahnar", 13),
    ("Sedang", 14),
    ("Cao Lan", 15),
    ("Kơ Ho", 16),
    ("Koho", 16),
    ("Chàm", 17),
    ("Ra Glai", 21),
    ("Raglai", 21),
    ("Ra-giai", 21),
    ("Stiêng", 22),
    ("Bru", 23),
    ("Vân Kiều", 23),
    ("Katu", 26),
    ("Giẻ Triêng", 27),
    ("Khmu", 29),
    ("Pa Cô", 31),
    ("Châu Ro", 32),
    ("Chro", 32),
    ("Pu Piéo", 51),
];

/// The matching key of a name: its search key with everything but letters
/// and digits removed, and a leading `dân tộc` or `người` dropped.
fn match_key(text: &str) -> String {
    let key = search_key(text);
    let key = key
        .strip_prefix("dan toc ")
        .or_else(|| key.strip_prefix("nguoi "))
        .unwrap_or(&key);
    key.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Match key → code, for official names and variants.
fn index() -> &'static HashMap<String, u8> {
    static INDEX: OnceLock<HashMap<String, u8>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map = HashMap::new();
        for v in VARIANTS {
            map.insert(match_key(v.0), v.1);
        }
        // Official names last so that they always win.
        for g in &ETHNICITIES {
            map.insert(match_key(g.name), g.code);
        }
        map
    })
}

/// All 54 groups in code order.
pub fn all() -> &'static [Ethnicity] {
    &ETHNICITIES
}

/// The group with this code.
pub fn by_code(code: u8) -> Option<&'static Ethnicity> {
    all().iter().find(|e| e.code == code)
}

/// Finds a group by name ignoring case, diacritics and spacing, accepting
/// common variant spellings (`Châu Ro` for `Chơ Ro`, `Stiêng` for `Xtiêng`).
/// Error field `ethnicity`.
///
/// Hyphens and apostrophes are ignored too (`Ê-đê`, `M'Nông`), and a leading
/// `dân tộc` or `người` is dropped. Errors: `ethnicity.required` for blank
/// input, `ethnicity.unknown` (naming the text) for anything else not
/// recognised.
pub fn parse_ethnicity(input: &str) -> Result<&'static Ethnicity, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::new(
            "ethnicity.required",
            "ethnicity",
            "ethnic group is required",
        ));
    }
    index()
        .get(&match_key(text))
        .and_then(|&code| by_code(code))
        .ok_or_else(|| {
            FieldError::new(
                "ethnicity.unknown",
                "ethnicity",
                format!(
                    "\"{text}\" is not one of Vietnam's 54 official ethnic groups \
                     (General Statistics Office list)"
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(s: &str) -> u8 {
        parse_ethnicity(s)
            .unwrap_or_else(|e| panic!("{s:?}: {e}"))
            .code
    }

    #[test]
    fn fifty_four_groups_in_code_order() {
        assert_eq!(all().len(), 54);
        for (i, g) in all().iter().enumerate() {
            assert_eq!(usize::from(g.code), i + 1);
            assert_eq!(by_code(g.code), Some(g));
        }
        assert_eq!(by_code(0), None);
        assert_eq!(by_code(55), None);
        assert_eq!(by_code(KINH_CODE).map(|g| g.name), Some("Kinh"));
    }

    #[test]
    fn golden_codes() {
        let golden = [
            (1, "Kinh"),
            (4, "Hoa"),
            (5, "Khmer"),
            (6, "Mường"),
            (8, "Hmông"),
            (12, "Ê Đê"),
            (17, "Chăm"),
            (22, "Xtiêng"),
            (32, "Chơ Ro"),
            (47, "Cờ Lao"),
            (54, "Rơ Măm"),
        ];
        for (code, name) in golden {
            assert_eq!(by_code(code).map(|g| g.name), Some(name));
        }
    }

    #[test]
    fn all_names_round_trip() {
        for g in all() {
            assert_eq!(code_of(g.name), g.code, "{}", g.name);
            assert_eq!(code_of(&g.name.to_uppercase()), g.code, "{}", g.name);
            assert_eq!(code_of(&format!("  {}  ", g.name)), g.code);
            assert_eq!(code_of(&g.name.replace(' ', "-")), g.code);
            assert_eq!(code_of(&format!("dân tộc {}", g.name)), g.code);
        }
    }

    #[test]
    fn official_names_have_distinct_keys() {
        let mut keys: Vec<String> = all().iter().map(|g| match_key(g.name)).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 54);
    }

    #[test]
    fn variants_never_shadow_another_official_name() {
        for (variant, code) in VARIANTS {
            let key = match_key(variant);
            for g in all() {
                if match_key(g.name) == key {
                    assert_eq!(g.code, *code, "{variant} shadows {}", g.name);
                }
            }
            assert!(by_code(*code).is_some());
        }
    }

    #[test]
    fn variants_golden() {
        let golden: &[(&str, u8)] = &[
            ("Châu Ro", 32),
            ("Chơ-ro", 32),
            ("Chro", 32),
            ("chau ro", 32),
            ("Stiêng", 22),
            ("Xtiêng", 22),
            ("X'tiêng", 22),
            ("X’tiêng", 22),
            ("H'Mông", 8),
            ("Mông", 8),
            ("Mèo", 8),
            ("HMÔNG", 8),
            ("Êđê", 12),
            ("Ê-đê", 12),
            ("ede", 12),
            ("Ba-na", 13),
            ("Bahnar", 13),
            ("Việt", 1),
            ("Kinh (Việt)", 1),
            ("người Kinh", 1),
            ("Khơ-me", 5),
            ("Khmer", 5),
            ("khơ me", 5),
            ("Gia-rai", 10),
            ("Jrai", 10),
            ("Hoa", 4),
            ("Hoa (Hán)", 4),
            ("Mnông", 20),
            ("M'Nông", 20),
            ("Ra-glai", 21),
            ("Cơ Lao", 47),
            ("Cơ-ho", 16),
            ("Bru - Vân Kiều", 23),
            ("Giẻ-Triêng", 27),
            ("Xơ-đăng", 14),
            ("Tà-ôi", 31),
            ("Pu Péo", 51),
        ];
        for (text, code) in golden {
            assert_eq!(code_of(text), *code, "{text}");
        }
    }

    #[test]
    fn decomposed_input_matches() {
        use unicode_normalization::UnicodeNormalization;
        for g in all() {
            let nfd: String = g.name.nfd().collect();
            assert_eq!(code_of(&nfd), g.code);
        }
    }

    #[test]
    fn blank_is_required() {
        for s in ["", "   ", "\t\n"] {
            let e = parse_ethnicity(s).unwrap_err();
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                ("ethnicity.required", "ethnicity")
            );
        }
    }

    #[test]
    fn unknown_is_rejected_naming_the_text() {
        for s in ["Kinhh", "Pháp", "-", "Tày Thái", "55", "nguoi"] {
            let e = parse_ethnicity(s).unwrap_err();
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                ("ethnicity.unknown", "ethnicity"),
                "{s}"
            );
            assert!(e.message.contains(s), "{}", e.message);
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = parse_ethnicity(&s);
        }
    }
}
