//! Vietnam's administrative units after the 1 July 2025 reorganisation
//! (34 provinces and cities, 3,321 communes, wards and special zones) with
//! the official codes. The list is embedded from `core/data/vn-admin-units-2025.csv`.
//!
//! The two-level structure (province, then commune; no districts) follows
//! National Assembly Resolution 202/2025/QH15 on the arrangement of
//! provincial units and the Standing Committee's resolutions on communes,
//! effective 1 July 2025. The CSV's columns are `province_code`,
//! `province_name`, `province_type`, `commune_code`, `commune_name`,
//! `commune_type`; it is parsed once, on first use.

use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A commune, ward or special zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commune {
    /// Official commune code.
    pub code: u32,
    /// Name, e.g. `Xã Xuân Lộc`.
    pub name: String,
    /// `xã`, `phường` or `đặc khu`.
    pub kind: String,
    /// Official province code.
    pub province_code: u32,
    /// Province name, e.g. `Tỉnh Đồng Nai`.
    pub province_name: String,
}

/// A province (*tỉnh*) or centrally governed city (*thành phố trực thuộc
/// trung ương*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Province {
    /// Official province code, e.g. `75` for Đồng Nai.
    pub code: u32,
    /// Full name with its kind, e.g. `Tỉnh Đồng Nai`, `Thành phố Hà Nội`.
    pub name: String,
    /// Name without the kind, e.g. `Đồng Nai`, `Hà Nội`.
    pub short_name: String,
    /// `tỉnh` or `thành phố trung ương`.
    pub kind: String,
    /// Number of communes, wards and special zones in it.
    pub commune_count: u32,
}

/// The embedded list as shipped.
const CSV: &str = include_str!("../data/vn-admin-units-2025.csv");

/// The parsed list: communes in code order and provinces by code.
struct Units {
    communes: Vec<Commune>,
    provinces: BTreeMap<u32, Province>,
}

#[derive(serde::Deserialize)]
struct Row {
    province_code: u32,
    province_name: String,
    province_type: String,
    commune_code: u32,
    commune_name: String,
    commune_type: String,
}

/// The province's full name: the CSV writes cities with their kind
/// (`Thành phố Hà Nội`) and provinces without (`Đồng Nai`).
fn full_province_name(name: &str, kind: &str) -> String {
    if kind == "tỉnh" && !name.starts_with("Tỉnh ") {
        format!("Tỉnh {name}")
    } else {
        name.to_string()
    }
}

fn short_province_name(name: &str) -> String {
    name.strip_prefix("Tỉnh ")
        .or_else(|| name.strip_prefix("Thành phố "))
        .unwrap_or(name)
        .to_string()
}

/// Parses the CSV. Rows that do not parse are skipped (the tests check the
/// counts, so a damaged file fails the build's tests rather than the app).
fn parse(csv_text: &str) -> Units {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    let mut communes: Vec<Commune> = Vec::new();
    let mut provinces: BTreeMap<u32, Province> = BTreeMap::new();
    for row in reader.deserialize::<Row>().flatten() {
        let province_name = full_province_name(&row.province_name, &row.province_type);
        let province = provinces
            .entry(row.province_code)
            .or_insert_with(|| Province {
                code: row.province_code,
                short_name: short_province_name(&province_name),
                name: province_name.clone(),
                kind: row.province_type.clone(),
                commune_count: 0,
            });
        province.commune_count += 1;
        communes.push(Commune {
            code: row.commune_code,
            name: row.commune_name,
            kind: row.commune_type,
            province_code: row.province_code,
            province_name,
        });
    }
    communes.sort_by_key(|c| c.code);
    Units {
        communes,
        provinces,
    }
}

fn units() -> &'static Units {
    static UNITS: OnceLock<Units> = OnceLock::new();
    UNITS.get_or_init(|| parse(CSV))
}

/// The commune with this code.
pub fn commune(code: u32) -> Option<&'static Commune> {
    let communes = &units().communes;
    communes
        .binary_search_by_key(&code, |c| c.code)
        .ok()
        .map(|i| &communes[i])
}

/// All communes of a province, in code order.
pub fn communes_in_province(province_code: u32) -> Vec<&'static Commune> {
    units()
        .communes
        .iter()
        .filter(|c| c.province_code == province_code)
        .collect()
}

/// All communes, wards and special zones of the country, in code order
/// (3,321).
pub fn all_communes() -> &'static [Commune] {
    &units().communes
}

/// The province or centrally governed city with this code.
pub fn province(code: u32) -> Option<Province> {
    units().provinces.get(&code).cloned()
}

/// All 34 provinces and centrally governed cities, in code order.
pub fn provinces() -> Vec<Province> {
    units().provinces.values().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(provinces().len(), 34);
        assert_eq!(all_communes().len(), 3321);
        let total: u32 = provinces().iter().map(|p| p.commune_count).sum();
        assert_eq!(total, 3321);
        let kinds = |k: &str| all_communes().iter().filter(|c| c.kind == k).count();
        assert_eq!(
            (kinds("xã"), kinds("phường"), kinds("đặc khu")),
            (2621, 687, 13)
        );
        let cities = provinces()
            .iter()
            .filter(|p| p.kind == "thành phố trung ương")
            .count();
        assert_eq!(cities, 6);
    }

    #[test]
    fn dong_nai() {
        let p = province(75).expect("Đồng Nai");
        assert_eq!(p.name, "Tỉnh Đồng Nai");
        assert_eq!(p.short_name, "Đồng Nai");
        assert_eq!(p.kind, "tỉnh");
        assert_eq!(p.commune_count, 95);
        let communes = communes_in_province(75);
        assert_eq!(communes.len(), 95);
        assert!(communes.windows(2).all(|w| w[0].code < w[1].code));
        assert!(communes.iter().all(|c| c.province_name == "Tỉnh Đồng Nai"));
    }

    #[test]
    fn known_communes() {
        let c = commune(26425).expect("Xuân Lộc");
        assert_eq!(c.name, "Xã Xuân Lộc");
        assert_eq!(c.kind, "xã");
        assert_eq!(c.province_code, 75);
        assert_eq!(c.province_name, "Tỉnh Đồng Nai");
        let w = commune(4).expect("Ba Đình");
        assert_eq!(w.name, "Phường Ba Đình");
        assert_eq!(w.province_name, "Thành phố Hà Nội");
        assert_eq!(commune(6994).map(|c| c.kind.as_str()), Some("đặc khu"));
    }

    #[test]
    fn city_names_keep_their_kind() {
        let hcm = province(79).expect("Hồ Chí Minh City");
        assert_eq!(hcm.name, "Thành phố Hồ Chí Minh");
        assert_eq!(hcm.short_name, "Hồ Chí Minh");
    }

    #[test]
    fn unknown_codes() {
        assert_eq!(commune(0), None);
        assert_eq!(commune(u32::MAX), None);
        assert_eq!(province(2), None);
        assert!(communes_in_province(2).is_empty());
    }

    #[test]
    fn codes_are_unique_and_sorted() {
        assert!(all_communes().windows(2).all(|w| w[0].code < w[1].code));
        let codes: Vec<u32> = provinces().iter().map(|p| p.code).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn bad_rows_are_skipped() {
        let u = parse(
            "province_code,province_name,province_type,commune_code,commune_name,commune_type\n\
             75,Đồng Nai,tỉnh,x,Xã Hỏng,xã\n\
             75,Đồng Nai,tỉnh,26425,Xã Xuân Lộc,xã\n",
        );
        assert_eq!(u.communes.len(), 1);
        assert_eq!(u.provinces[&75].commune_count, 1);
    }
}
