//! Vietnamese text: normalisation, search keys and collation.
//!
//! * [`normalize_text`] is the form text is stored in (NFC, single spaces).
//! * [`search_key`] is an accent- and case-insensitive key for matching what
//!   people type without a Vietnamese keyboard (`duc` finds `Đức`).
//! * [`VietnameseCollator`] sorts in Vietnamese alphabetical order using
//!   ICU4X (`icu_collator` 2) with the CLDR `vi` tailoring: `a < ă < â`,
//!   `d < đ`, `e < ê`, `o < ô < ơ`, `u < ư`, and the tones as a secondary
//!   difference in the order ngang, huyền, hỏi, ngã, sắc, nặng
//!   (`a < à < ả < ã < á < ạ`).
//!
//! Unicode work is done by crates (`unicode-normalization`, `icu_collator`);
//! the only hand-written rule is the `đ`→`d` fold, because `đ` (U+0111) is a
//! letter of its own with no canonical decomposition.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalises text as stored: Unicode NFC, trimmed, runs of white space
/// (any Unicode `White_Space` character) collapsed to one ASCII space.
///
/// `normalize_text("  Nguyễn\u{00A0}\tThị  Ánh ") == "Nguyễn Thị Ánh"` (NFC).
pub fn normalize_text(input: &str) -> String {
    // Text typed on a phone is almost always NFC already: the quick check
    // says so without composing it again (a visit note took ~13k
    // instructions to recompose).
    if is_nfc_quick(input.chars()) == IsNormalized::Yes {
        return collapse_whitespace(input);
    }
    let nfc: String = input.nfc().collect();
    collapse_whitespace(&nfc)
}

/// Joins the white-space separated words of `s` with single ASCII spaces.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The search key of a text: lowercase, no diacritics, `đ` folded to `d`,
/// single spaces. `search_key("Nguyễn Thị Ánh") == "nguyen thi anh"` whether
/// the input is composed or decomposed.
///
/// Diacritics are removed by canonical decomposition (NFD) and dropping every
/// combining mark (general category M); `đ`/`Đ` map to `d`. The key is
/// idempotent: `search_key(&search_key(s)) == search_key(s)`.
pub fn search_key(input: &str) -> String {
    // Lowercase first, then decompose, then lowercase again: a few characters
    // (e.g. `İ`) lowercase to a base letter plus a combining mark, and a few
    // compatibility characters decompose to capitals; the second pass keeps
    // the key idempotent.
    let lowered = input.to_lowercase();
    let stripped: String = lowered.nfd().filter(|c| !is_combining_mark(*c)).collect();
    let folded: String = stripped
        .to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
        .collect();
    collapse_whitespace(&folded)
}

/// A Vietnamese full name split into family name, middle names and given
/// name: `Nguyễn Thị Ánh` → (`Nguyễn`, `Thị`, `Ánh`). A one-word name is the
/// given name only.
///
/// The name is normalised with [`normalize_text`] first. Family = first word,
/// given = last word, middle = the words between joined by single spaces
/// (`Tôn Nữ Thị Hà` → (`Tôn`, `Nữ Thị`, `Hà`)). Empty input gives three
/// empty strings.
pub fn split_name(full_name: &str) -> (String, String, String) {
    let normalized = normalize_text(full_name);
    let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        [] => (String::new(), String::new(), String::new()),
        [given] => (String::new(), String::new(), (*given).to_string()),
        [family, middle @ .., given] => (
            (*family).to_string(),
            middle.join(" "),
            (*given).to_string(),
        ),
    }
}

/// Vietnamese collation (ICU4X, locale `vi`), for sorting names as
/// Vietnamese lists do.
///
/// Uses ICU4X compiled data with default options (tertiary strength), so
/// composed and decomposed spellings of the same text compare equal.
pub struct VietnameseCollator {
    /// The `vi` collator; `None` only if ICU4X could not build it (not
    /// expected with compiled data), in which case comparison falls back to
    /// the code-point order of the NFC forms.
    collator: Option<CollatorBorrowed<'static>>,
}

impl VietnameseCollator {
    /// Builds the collator from ICU4X's compiled data.
    pub fn new() -> Self {
        let collator =
            Collator::try_new(icu_locale::locale!("vi").into(), CollatorOptions::default()).ok();
        VietnameseCollator { collator }
    }

    /// Compares two texts in Vietnamese order.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.collator {
            Some(c) => c.compare(a, b),
            None => a.nfc().cmp(b.nfc()),
        }
    }

    /// Compares two full names as a Vietnamese list sorts them: by given
    /// name, then middle names, then family name, then the full text.
    ///
    /// Names are split with [`split_name`]; every step uses [`Self::compare`].
    pub fn compare_names(&self, a: &str, b: &str) -> Ordering {
        let (fa, ma, ga) = split_name(a);
        let (fb, mb, gb) = split_name(b);
        self.compare(&ga, &gb)
            .then_with(|| self.compare(&ma, &mb))
            .then_with(|| self.compare(&fa, &fb))
            .then_with(|| self.compare(a, b))
    }
}

impl Default for VietnameseCollator {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn normalize_text_nfc_trim_collapse() {
        assert_eq!(
            normalize_text("  Nguyễn\u{00A0}\tThị \n Ánh  "),
            "Nguyễn Thị Ánh"
        );
        assert_eq!(normalize_text(&nfd("Nguyễn Thị Ánh")), "Nguyễn Thị Ánh");
        assert_eq!(normalize_text(""), "");
        assert_eq!(normalize_text(" \u{3000} "), "");
    }

    #[test]
    fn search_key_folds_case_diacritics_and_d() {
        assert_eq!(search_key("Nguyễn Thị Ánh"), "nguyen thi anh");
        assert_eq!(search_key(&nfd("Nguyễn Thị Ánh")), "nguyen thi anh");
        assert_eq!(search_key("Đức"), "duc");
        assert_eq!(search_key(&nfd("ĐỨC")), "duc");
        assert_eq!(search_key("  Trần   Văn\tƯớc "), "tran van uoc");
        assert_eq!(search_key("Phạm Thị Hường"), "pham thi huong");
        assert_eq!(search_key("duc"), search_key("Đức"));
    }

    #[test]
    fn split_name_shapes() {
        let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(split_name("Nguyễn Thị Ánh"), s("Nguyễn", "Thị", "Ánh"));
        assert_eq!(split_name("Tôn Nữ Thị Hà"), s("Tôn", "Nữ Thị", "Hà"));
        assert_eq!(split_name("Lê Hùng"), s("Lê", "", "Hùng"));
        assert_eq!(split_name("  Hoa "), s("", "", "Hoa"));
        assert_eq!(split_name(""), s("", "", ""));
        assert_eq!(split_name(&nfd("Trần  Văn   Đức")), s("Trần", "Văn", "Đức"));
    }

    #[test]
    fn collator_letter_order() {
        let c = VietnameseCollator::new();
        assert!(c.collator.is_some(), "vi collator should build");
        let chains: &[&[&str]] = &[
            &["a", "ă", "â", "b"],
            &["d", "đ", "e"],
            &["e", "ê", "g"],
            &["o", "ô", "ơ", "p"],
            &["u", "ư", "v"],
            // tones: ngang, huyền, hỏi, ngã, sắc, nặng
            &["a", "à", "ả", "ã", "á", "ạ"],
            &["ma", "mà", "mả", "mã", "má", "mạ"],
            // the letter outranks the tone: "ác" < "ăn"
            &["ác", "ăn"],
            &["dương", "đa"],
        ];
        for chain in chains {
            for pair in chain.windows(2) {
                assert_eq!(
                    c.compare(pair[0], pair[1]),
                    Ordering::Less,
                    "{} < {}",
                    pair[0],
                    pair[1]
                );
            }
        }
        assert_eq!(c.compare("Ánh", &nfd("Ánh")), Ordering::Equal);
    }

    #[test]
    fn golden_name_order() {
        let expected = [
            "Nguyễn Thị Ánh",
            "Phạm Văn Bình",
            "Lê Thị Cúc",
            "Hoàng Thị Dung",
            "Trần Văn Dũng",
            "Vũ Minh Đức",
            "Nguyễn Văn Đức",
            "Đặng Thị Hà",
            "Bùi Thị Hạnh",
            "Phan Thanh Hùng",
            "Đỗ Thị Hương",
            "Nguyễn Thị Hường",
            "Trịnh Văn Long",
            "Lý Thị Mai",
            "Ngô Văn Nam",
            "Dương Thị Oanh",
            "Nguyễn Thị Ơn",
            "Cao Văn Sơn",
            "Hồ Thị Thu",
            "Lê Thị Út",
            "Tạ Thị Ưng",
        ];
        let c = VietnameseCollator::new();
        let mut shuffled: Vec<&str> = expected.iter().rev().copied().collect();
        shuffled.swap(0, 7);
        shuffled.swap(3, 12);
        shuffled.sort_by(|a, b| c.compare_names(a, b));
        assert_eq!(shuffled, expected);

        // Decomposed input sorts the same way.
        let mut decomposed: Vec<String> = expected.iter().rev().map(|s| nfd(s)).collect();
        decomposed.sort_by(|a, b| c.compare_names(a, b));
        let recomposed: Vec<String> = decomposed.iter().map(|s| normalize_text(s)).collect();
        assert_eq!(recomposed, expected);
    }

    #[test]
    fn compare_names_tie_breaks() {
        let c = VietnameseCollator::new();
        // Same given name: middle decides, then family.
        assert_eq!(
            c.compare_names("Trần Thị Lan", "Nguyễn Văn Lan"),
            Ordering::Less
        );
        assert_eq!(
            c.compare_names("Trần Thị Lan", "Nguyễn Thị Lan"),
            Ordering::Greater
        );
        assert_eq!(c.compare_names("Lan", "Nguyễn Lan"), Ordering::Less);
        assert_eq!(
            c.compare_names("Nguyễn Thị Lan", &nfd("Nguyễn Thị Lan")),
            Ordering::Equal
        );
    }

    proptest! {
        #[test]
        fn search_key_idempotent(s in "\\PC*") {
            let k = search_key(&s);
            prop_assert_eq!(search_key(&k), k.clone());
        }

        #[test]
        fn search_key_nfc_nfd_equal(s in "\\PC*") {
            let nfc: String = s.nfc().collect();
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(search_key(&nfc), search_key(&nfd));
        }

        #[test]
        fn search_key_vietnamese_nfc_nfd_equal(
            s in "[aăâbdđeêioôơuưyAĂÂDĐEÊOÔƠUƯ àáảãạằắẳẵặầấẩẫậềếểễệồốổỗộờớởỡợừứửữự]{0,24}"
        ) {
            let nfd: String = s.nfd().collect();
            let k = search_key(&s);
            prop_assert_eq!(&search_key(&nfd), &k);
            prop_assert!(k.chars().all(|c| c.is_ascii_lowercase() || c == ' '));
        }

        /// The quick-check shortcut changes nothing: the result is the
        /// full NFC composition, collapsed, for any input (NFC, NFD or
        /// mixed, with combining marks in any order).
        #[test]
        fn normalize_text_is_nfc_collapsed(
            s in "(\\PC|[\u{0300}-\u{0323}\u{0340}\u{0344}\u{0958}\u{2126}\u{F900}\u{1100}-\u{1175}\u{AC00}])*"
        ) {
            let nfc: String = s.nfc().collect();
            prop_assert_eq!(normalize_text(&s), collapse_whitespace(&nfc));
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(normalize_text(&nfd), collapse_whitespace(&nfc));
        }

        #[test]
        fn normalize_text_idempotent(s in "\\PC*") {
            let n = normalize_text(&s);
            prop_assert_eq!(normalize_text(&n), n.clone());
        }
    }
}
