//! Vietnam's administrative units after the 1 July 2025 reorganisation
//! (34 provinces and cities, 3,321 communes, wards and special zones) with
//! the official codes. The list is embedded from `core/data/vn-admin-units-2025.csv`.

use serde::Serialize;

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

/// The commune with this code.
pub fn commune(code: u32) -> Option<&'static Commune> {
    let _ = code;
    todo!("helper D")
}

/// All communes of a province, in code order.
pub fn communes_in_province(province_code: u32) -> Vec<&'static Commune> {
    let _ = province_code;
    todo!("helper D")
}
