//! Possible duplicate registrations of the same person.
//!
//! Clubs register people from paper lists, and the same person is sometimes
//! entered twice: typed once with a phone keyboard (composed, NFC) and once
//! pasted from a spreadsheet (decomposed, NFD), or with a stray space or a
//! different case. Two records are *possible* duplicates when their name,
//! birth year and hamlet agree once those differences are ignored; a person
//! decides whether they really are the same.

use crate::model::Member;
use crate::text::search_key;
use std::collections::BTreeMap;

/// The search key of a text with all white space removed.
fn compact_key(text: &str) -> String {
    search_key(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The key two registrations of one person share: the name's search key with
/// spacing and Unicode form ignored, the birth year and the hamlet's search
/// key.
///
/// Format: `<name>|<year>|<hamlet>`, where name and hamlet are
/// [`search_key`]s with all white space removed:
/// `duplicate_key("Nguyễn Thị Ánh", 1956, "Ấp 3") == "nguyenthianh|1956|ap3"`.
/// Diacritics are dropped too, so `Lê` and `Lễ` share a key; that is wanted
/// here (tone marks are often mistyped) and the result is only a suggestion.
pub fn duplicate_key(full_name: &str, birth_year: i32, hamlet: &str) -> String {
    format!(
        "{}|{}|{}",
        compact_key(full_name),
        birth_year,
        compact_key(hamlet)
    )
}

/// Pairs of member ids `(a, b)` with `a < b` that share a [`duplicate_key`],
/// in a stable order.
///
/// The birth year is [`Birth::year`](crate::model::Birth::year), so a record
/// with a full date and one with the year only can match. Every record given
/// is considered, whatever its membership or whether it has left; filter
/// first to narrow the check. A group of *n* records yields every pair
/// (*n*(*n*−1)/2); pairs are sorted by `a` then `b`. Records sharing one id
/// are not paired with themselves.
pub fn find_possible_duplicates(members: &[Member]) -> Vec<(String, String)> {
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for m in members {
        groups
            .entry(duplicate_key(&m.full_name, m.birth.year(), &m.hamlet))
            .or_default()
            .push(&m.id);
    }
    let mut pairs = Vec::new();
    for ids in groups.values_mut() {
        ids.sort_unstable();
        ids.dedup();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                pairs.push((a.to_string(), b.to_string()));
            }
        }
    }
    pairs.sort();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Birth, HouseholdStatus, Membership, Sex};
    use chrono::NaiveDate;
    use unicode_normalization::UnicodeNormalization;

    fn person(id: &str, name: &str, birth: Birth, hamlet: &str) -> Member {
        Member {
            id: id.to_string(),
            club_id: "club".to_string(),
            full_name: name.to_string(),
            sex: Sex::Female,
            birth,
            ethnicity_code: 1,
            household: HouseholdStatus::Neither,
            disabled: false,
            lives_alone: false,
            hamlet: hamlet.to_string(),
            phone: None,
            joined_on: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            left_on: None,
            leave_reason: None,
            roles: vec![],
            membership: Membership::Member,
        }
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn key_format() {
        assert_eq!(
            duplicate_key("Nguyễn Thị Ánh", 1956, "Ấp 3"),
            "nguyenthianh|1956|ap3"
        );
        assert_eq!(
            duplicate_key("Đỗ Văn Đức", 1948, "Tổ 12"),
            "dovanduc|1948|to12"
        );
    }

    #[test]
    fn key_ignores_form_case_and_spacing() {
        let nfc = "Nguyễn Thị Ánh";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        let k = duplicate_key(nfc, 1956, "Ấp Trung Tâm");
        assert_eq!(duplicate_key(&nfd, 1956, "Ấp Trung Tâm"), k);
        assert_eq!(duplicate_key("NGUYỄN THỊ ÁNH", 1956, "ấp trung tâm"), k);
        assert_eq!(
            duplicate_key("  Nguyễn  Thị\tÁnh ", 1956, "Ấp  TrungTâm"),
            k
        );
    }

    #[test]
    fn nfd_and_nfc_names_are_paired() {
        let nfd: String = "Trần Văn Bình".nfd().collect();
        let members = [
            person("b", "Trần Văn Bình", Birth::Year(1950), "Ấp 1"),
            person(
                "a",
                &nfd,
                Birth::Date(NaiveDate::from_ymd_opt(1950, 5, 2).unwrap()),
                "ấp 1",
            ),
        ];
        assert_eq!(find_possible_duplicates(&members), vec![pair("a", "b")]);
    }

    #[test]
    fn case_and_extra_spaces_are_paired() {
        let members = [
            person("1", "lê thị hoa", Birth::Year(1960), "Ấp 2"),
            person("2", "  Lê   Thị Hoa ", Birth::Year(1960), "ẤP 2"),
        ];
        assert_eq!(find_possible_duplicates(&members), vec![pair("1", "2")]);
    }

    #[test]
    fn different_year_or_hamlet_not_paired() {
        let members = [
            person("1", "Lê Thị Hoa", Birth::Year(1960), "Ấp 2"),
            person("2", "Lê Thị Hoa", Birth::Year(1961), "Ấp 2"),
            person("3", "Lê Thị Hoa", Birth::Year(1960), "Ấp 3"),
            person("4", "Lê Thị Hòa Bình", Birth::Year(1960), "Ấp 2"),
        ];
        assert!(find_possible_duplicates(&members).is_empty());
    }

    #[test]
    fn three_way_group_gives_three_pairs_sorted() {
        let members = [
            person("c", "Phạm Văn An", Birth::Year(1945), "Tổ 5"),
            person("x", "Someone Else", Birth::Year(1945), "Tổ 5"),
            person("a", "PHẠM VĂN AN", Birth::Year(1945), "tổ 5"),
            person("b", "Phạm Văn  An", Birth::Year(1945), "Tổ 5"),
            person("e", "Võ Thị Mai", Birth::Year(1970), "Ấp 1"),
            person("d", "Vo Thi Mai", Birth::Year(1970), "Ap 1"),
        ];
        assert_eq!(
            find_possible_duplicates(&members),
            vec![
                pair("a", "b"),
                pair("a", "c"),
                pair("b", "c"),
                pair("d", "e")
            ]
        );
    }

    #[test]
    fn same_id_is_not_paired_with_itself() {
        let m = person("1", "Lê Thị Hoa", Birth::Year(1960), "Ấp 2");
        assert!(find_possible_duplicates(&[m.clone(), m]).is_empty());
        assert!(find_possible_duplicates(&[]).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(name in "\\PC{0,20}", hamlet in "\\PC{0,10}", year in proptest::num::i32::ANY) {
            let _ = duplicate_key(&name, year, &hamlet);
        }
    }
}
