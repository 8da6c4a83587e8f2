//! Reading a club's member roster from the clubs' own Excel (.xlsx) and CSV
//! files, in the layout of `samples/danh-sach-thanh-vien-clb.*`.

use crate::error::Result;
use crate::model::{Birth, HouseholdStatus, Role, Sex};
use serde::Serialize;
use std::path::Path;

/// A roster row that can be imported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterRow {
    /// Row number in the sheet as Excel shows it (1-based).
    pub sheet_row: u32,
    /// Full name, normalised (NFC, trimmed, single spaces).
    pub full_name: String,
    /// Sex, from which birth-year column holds the year.
    pub sex: Sex,
    /// Birth year or date.
    pub birth: Birth,
    /// Official ethnic group code (1 = Kinh when the cell is empty).
    pub ethnicity_code: u8,
    /// Household status.
    pub household: HouseholdStatus,
    /// Hamlet, normalised.
    pub hamlet: String,
    /// Canonical phone (`+84…`), if any.
    pub phone: Option<String>,
    /// Roles recognised in the note column.
    pub roles: Vec<Role>,
    /// The note column as written.
    pub note: String,
}

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowProblem {
    /// Row number in the sheet (1-based).
    pub sheet_row: u32,
    /// Field at fault (`full_name`, `birth_year`, `phone`, …).
    pub field: String,
    /// Stable rule code.
    pub code: String,
    /// English explanation.
    pub message: String,
}

/// What a roster file holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterReport {
    /// Sheet name (`"csv"` for CSV files).
    pub sheet: String,
    /// Rows that can be imported, in sheet order.
    pub rows: Vec<RosterRow>,
    /// Rows that cannot, in sheet order.
    pub problems: Vec<RowProblem>,
}

/// Reads a roster from a `.xlsx` or `.csv` file (chosen by extension).
/// `progress(done, total)` is called as rows are read. Errors: the file cannot
/// be read, or no header row with a name column is found (code
/// `roster.no_header`).
pub fn read_roster_file(path: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<RosterReport> {
    let _ = (path, progress);
    todo!("helper C")
}
