//! Where each pre-2025 commune went in the 1 July 2025 reorganisation: the
//! 2025 commune (or communes) a pre-2025 commune code was merged into.
//!
//! Clubs founded before 2025 are registered, on paper and in provincial
//! lists, under their old commune. The plan's indicators count communes of
//! the 2025 units ([`crate::admin_units`]), so an old code must count for the
//! 2025 commune it became part of. The list is embedded from
//! `core/data/vn-commune-merges-2025.csv` (columns `old_code`, `new_code`,
//! `kind`), derived from the MIT-licensed `vietnamadminunits` package
//! (`core/data/README.md` gives the source, the licence and how it was
//! built), and parsed once, on first use.
//!
//! A pre-2025 commune went either whole into one 2025 commune (`whole`), or
//! was divided among several (`main`, the part the source takes as the
//! commune's main successor, and `part` for the others). Only pre-2025 codes
//! that are not codes of the 2025 list appear: a code of the 2025 list always
//! means that 2025 commune ([`resolve`]).
//!
//! [`CommuneMerges::parse_csv`] reads the same layout from another file (a
//! province's corrected copy), refusing a bad row with its row number.

use crate::admin_units;
use crate::error::{FieldError, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How a pre-2025 commune's area went to a 2025 commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeKind {
    /// The whole pre-2025 commune went into this 2025 commune (*sáp nhập toàn bộ*).
    Whole,
    /// The pre-2025 commune was divided; this 2025 commune took its main part.
    Main,
    /// The pre-2025 commune was divided; this 2025 commune took another part.
    Part,
}

impl MergeKind {
    fn parse(s: &str) -> Option<MergeKind> {
        match s {
            "whole" => Some(MergeKind::Whole),
            "main" => Some(MergeKind::Main),
            "part" => Some(MergeKind::Part),
            _ => None,
        }
    }
}

/// One row: a pre-2025 commune code and a 2025 commune its area went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CommuneMerge {
    /// The pre-2025 commune code.
    pub old_code: u32,
    /// The official 2025 commune code.
    pub new_code: u32,
    /// Whole, or one part of a divided commune.
    pub kind: MergeKind,
}

/// Where a commune code belongs among the 2025 units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Resolved {
    /// A code of the 2025 list.
    Current {
        /// The code.
        code: u32,
    },
    /// A pre-2025 commune that went whole into one 2025 commune.
    Merged {
        /// The pre-2025 code.
        old_code: u32,
        /// The 2025 commune it went into.
        code: u32,
    },
    /// A pre-2025 commune divided among several 2025 communes: which one a
    /// club belongs to depends on where it meets.
    Divided {
        /// The pre-2025 code.
        old_code: u32,
        /// The 2025 communes, the main successor first.
        codes: Vec<u32>,
    },
    /// Neither a 2025 code nor a known pre-2025 code.
    Unknown {
        /// The code.
        code: u32,
    },
}

/// A mapping from pre-2025 commune codes to 2025 communes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommuneMerges {
    /// By old code, the main (or whole) successor first.
    by_old: BTreeMap<u32, Vec<CommuneMerge>>,
}

/// The embedded list as shipped.
const CSV: &str = include_str!("../data/vn-commune-merges-2025.csv");

fn row_error(code: &str, row: u64, field: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(code, &format!("row {row}.{field}"), message)
}

impl CommuneMerges {
    /// The shipped mapping (6,719 pre-2025 communes).
    pub fn shipped() -> &'static CommuneMerges {
        static MERGES: OnceLock<CommuneMerges> = OnceLock::new();
        // The shipped file passes every check (a test says so); were it ever
        // damaged, an empty mapping refuses old codes rather than panicking.
        MERGES.get_or_init(|| CommuneMerges::parse_csv(CSV).unwrap_or_default())
    }

    /// Parses a mapping in the shipped layout: a header `old_code,new_code,kind`,
    /// then one row per pair (a UTF-8 byte-order mark is ignored).
    ///
    /// Errors (field `row N.column`, N the line in the file, 1 the header):
    /// `commune_merge.header` (field `file`) when a column is missing;
    /// `commune_merge.code` a code that is not a whole number;
    /// `commune_merge.kind` a kind other than `whole`, `main`, `part`;
    /// `commune_merge.new_unknown` a `new_code` not in the 2025 list;
    /// `commune_merge.old_current` an `old_code` that is a 2025 code;
    /// `commune_merge.inconsistent` a pre-2025 commune that is not either
    /// one `whole` row or one `main` row with any `part` rows, or the same
    /// pair twice (reported on its last row).
    pub fn parse_csv(text: &str) -> Result<CommuneMerges> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| FieldError::new("commune_merge.header", "file", e.to_string()))?
            .clone();
        let column = |name: &str| -> Result<usize> {
            headers.iter().position(|h| h == name).ok_or_else(|| {
                FieldError::new(
                    "commune_merge.header",
                    "file",
                    format!("the header has no '{name}' column (old_code,new_code,kind)"),
                )
                .into()
            })
        };
        let (old_col, new_col, kind_col) =
            (column("old_code")?, column("new_code")?, column("kind")?);
        let mut by_old: BTreeMap<u32, Vec<CommuneMerge>> = BTreeMap::new();
        let mut last_row: BTreeMap<u32, u64> = BTreeMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let row = e.position().map_or(0, |p| p.line());
                row_error("commune_merge.code", row, "file", e.to_string())
            })?;
            let row = record.position().map_or(0, |p| p.line());
            let cell = |i: usize| record.get(i).unwrap_or("");
            let code = |i: usize, field: &str| -> Result<u32> {
                cell(i).parse::<u32>().map_err(|_| {
                    row_error(
                        "commune_merge.code",
                        row,
                        field,
                        format!("'{}' is not a commune code", cell(i)),
                    )
                    .into()
                })
            };
            let old_code = code(old_col, "old_code")?;
            let new_code = code(new_col, "new_code")?;
            let kind = MergeKind::parse(cell(kind_col)).ok_or_else(|| {
                row_error(
                    "commune_merge.kind",
                    row,
                    "kind",
                    format!("'{}' is not whole, main or part", cell(kind_col)),
                )
            })?;
            if admin_units::commune(new_code).is_none() {
                return Err(row_error(
                    "commune_merge.new_unknown",
                    row,
                    "new_code",
                    format!("{new_code} is not a commune code of the 2025 administrative units"),
                )
                .into());
            }
            if admin_units::commune(old_code).is_some() {
                return Err(row_error(
                    "commune_merge.old_current",
                    row,
                    "old_code",
                    format!(
                        "{old_code} is a 2025 commune code; only codes no longer in use are mapped"
                    ),
                )
                .into());
            }
            let rows = by_old.entry(old_code).or_default();
            if rows.iter().any(|r| r.new_code == new_code) {
                return Err(row_error(
                    "commune_merge.inconsistent",
                    row,
                    "new_code",
                    format!("{old_code} → {new_code} is listed twice"),
                )
                .into());
            }
            rows.push(CommuneMerge {
                old_code,
                new_code,
                kind,
            });
            last_row.insert(old_code, row);
        }
        for (old, rows) in &mut by_old {
            let count = |k: MergeKind| rows.iter().filter(|r| r.kind == k).count();
            let whole_alone = rows.len() == 1 && count(MergeKind::Whole) == 1;
            let divided = count(MergeKind::Whole) == 0 && count(MergeKind::Main) == 1;
            if !whole_alone && !divided {
                return Err(row_error(
                    "commune_merge.inconsistent",
                    last_row.get(old).copied().unwrap_or(0),
                    "kind",
                    format!(
                        "{old} must have one 'whole' row, or one 'main' row and any 'part' rows"
                    ),
                )
                .into());
            }
            rows.sort_by_key(|r| {
                (
                    r.kind != MergeKind::Whole && r.kind != MergeKind::Main,
                    r.new_code,
                )
            });
        }
        Ok(CommuneMerges { by_old })
    }

    /// The 2025 communes a pre-2025 code went to, the whole or main
    /// successor first; empty for a code not in the mapping.
    pub fn successors(&self, old_code: u32) -> &[CommuneMerge] {
        self.by_old.get(&old_code).map_or(&[], Vec::as_slice)
    }

    /// Number of pre-2025 communes in the mapping.
    pub fn len(&self) -> usize {
        self.by_old.len()
    }

    /// Whether the mapping is empty.
    pub fn is_empty(&self) -> bool {
        self.by_old.is_empty()
    }

    /// Where `code` belongs among the 2025 units: itself when it is a 2025
    /// code (whatever the mapping says), the commune it went whole into, the
    /// communes it was divided among, or unknown.
    pub fn resolve(&self, code: u32) -> Resolved {
        if admin_units::commune(code).is_some() {
            return Resolved::Current { code };
        }
        match self.successors(code) {
            [] => Resolved::Unknown { code },
            [one] if one.kind == MergeKind::Whole => Resolved::Merged {
                old_code: code,
                code: one.new_code,
            },
            parts => Resolved::Divided {
                old_code: code,
                codes: parts.iter().map(|p| p.new_code).collect(),
            },
        }
    }
}

/// [`CommuneMerges::resolve`] over the shipped mapping.
pub fn resolve(code: u32) -> Resolved {
    CommuneMerges::shipped().resolve(code)
}

/// The 2025 commune code a club is registered under, from a code as the
/// user gives it: a 2025 code as it is, a pre-2025 commune's code as the
/// 2025 commune it was merged into ([`resolve`]). Used by the store and the
/// server's club registry alike, so every stored code is a 2025 code.
///
/// Errors (field `commune_code`): `club.commune_divided` for a pre-2025
/// commune divided among several 2025 communes (the message lists them, by
/// name and code), `club.commune_unknown` for a code in neither list.
pub fn commune_2025(code: u32) -> crate::error::Result<u32> {
    let name = |c: &u32| {
        crate::admin_units::commune(*c)
            .map(|u| format!("{} ({c})", u.name))
            .unwrap_or_else(|| c.to_string())
    };
    match resolve(code) {
        Resolved::Current { code } | Resolved::Merged { code, .. } => Ok(code),
        Resolved::Divided { old_code, codes } => crate::error::invalid(
            "club.commune_divided",
            "commune_code",
            format!(
                "the pre-2025 commune {old_code} was divided in 2025 among {}; give the 2025 code of the one the club meets in",
                codes.iter().map(name).collect::<Vec<_>>().join(", ")
            ),
        ),
        Resolved::Unknown { code } => crate::error::invalid(
            "club.commune_unknown",
            "commune_code",
            format!(
                "{code} is not a commune code of the 2025 administrative units, nor of a commune merged into one in 2025"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_parses_whole() {
        let m = CommuneMerges::parse_csv(CSV).expect("the shipped file is valid");
        assert_eq!(m.len(), 6_719);
        let rows: usize = m.by_old.values().map(Vec::len).sum();
        assert_eq!(rows, 7_086);
        let divided = m
            .by_old
            .values()
            .filter(|r| r.len() > 1 || r[0].kind == MergeKind::Main);
        assert_eq!(divided.count(), 317);
        assert_eq!(CommuneMerges::shipped().len(), 6_719);
    }

    #[test]
    fn known_dong_nai_merges() {
        // Xã Xuân Hiệp, Xã Suối Cát, Xã Xuân Thọ and Xã Xuân Trường (huyện
        // Xuân Lộc) became Xã Xuân Lộc (26425).
        for old in [26455, 26452, 26437, 26440] {
            assert_eq!(
                resolve(old),
                Resolved::Merged {
                    old_code: old,
                    code: 26425
                },
                "{old}"
            );
        }
        // Xã Xuân Tâm was divided: most of it into Xã Xuân Hòa (26446), the
        // rest into Xã Xuân Đông (26359).
        assert_eq!(
            resolve(26449),
            Resolved::Divided {
                old_code: 26449,
                codes: vec![26446, 26359]
            }
        );
        assert_eq!(admin_units::commune(26446).unwrap().name, "Xã Xuân Hòa");
        assert_eq!(admin_units::commune(26359).unwrap().name, "Xã Xuân Đông");
    }

    #[test]
    fn a_current_code_is_itself_and_an_unknown_one_unknown() {
        assert_eq!(resolve(26425), Resolved::Current { code: 26425 });
        assert_eq!(resolve(0), Resolved::Unknown { code: 0 });
        assert_eq!(resolve(99_999), Resolved::Unknown { code: 99_999 });
    }

    #[test]
    fn every_successor_is_a_2025_commune_of_a_province() {
        for rows in CommuneMerges::shipped().by_old.values() {
            for r in rows {
                assert!(admin_units::commune(r.new_code).is_some(), "{r:?}");
                assert!(admin_units::commune(r.old_code).is_none(), "{r:?}");
            }
        }
    }

    #[test]
    fn a_hand_built_mapping() {
        let m = CommuneMerges::parse_csv(
            "\u{feff}old_code,new_code,kind\n90001,26425,whole\n90002,26446,part\n90002,26359,main\n",
        )
        .unwrap();
        assert_eq!(
            m.resolve(90001),
            Resolved::Merged {
                old_code: 90001,
                code: 26425
            }
        );
        assert_eq!(
            m.resolve(90002),
            Resolved::Divided {
                old_code: 90002,
                codes: vec![26359, 26446]
            }
        );
        assert_eq!(m.resolve(26455), Resolved::Unknown { code: 26455 });
    }

    fn refused(text: &str) -> FieldError {
        CommuneMerges::parse_csv(text)
            .expect_err("refused")
            .field_error()
            .expect("a field error")
            .clone()
    }

    #[test]
    fn bad_rows_are_named_by_row_and_field() {
        let h = "old_code,new_code,kind\n";
        let cases = [
            ("old,new\n1,2\n".to_string(), "commune_merge.header", "file"),
            (
                format!("{h}90001,26425,whole\nx,26425,whole\n"),
                "commune_merge.code",
                "row 3.old_code",
            ),
            (
                format!("{h}90001,,whole\n"),
                "commune_merge.code",
                "row 2.new_code",
            ),
            (
                format!("{h}90001,26425,merged\n"),
                "commune_merge.kind",
                "row 2.kind",
            ),
            (
                format!("{h}90001,12,whole\n"),
                "commune_merge.new_unknown",
                "row 2.new_code",
            ),
            (
                format!("{h}26425,26446,whole\n"),
                "commune_merge.old_current",
                "row 2.old_code",
            ),
            (
                format!("{h}90001,26425,whole\n90001,26425,whole\n"),
                "commune_merge.inconsistent",
                "row 3.new_code",
            ),
            (
                format!("{h}90001,26425,whole\n90001,26446,part\n"),
                "commune_merge.inconsistent",
                "row 3.kind",
            ),
            (
                format!("{h}90001,26425,part\n90001,26446,part\n"),
                "commune_merge.inconsistent",
                "row 3.kind",
            ),
            (
                format!("{h}90001,26425,main\n90001,26446,main\n"),
                "commune_merge.inconsistent",
                "row 3.kind",
            ),
        ];
        for (text, code, field) in cases {
            let e = refused(&text);
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                (code, field),
                "{text}: {e}"
            );
        }
    }
}
