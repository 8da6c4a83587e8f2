//! Reading a club's member roster from the clubs' own Excel (.xlsx) and CSV
//! files, in the layout of `samples/danh-sach-thanh-vien-clb.*`.
//!
//! Reading happens in two stages.
//!
//! 1. **Layout** (this module alone, no other rules): the sheet becomes a
//!    grid of text cells with Excel's 1-based row numbers. The header row is
//!    the first row among the top 20 that has a name column (`Họ và tên`,
//!    `Họ tên`, …). A row directly under it made only of sub-headings (`Nam`,
//!    `Nữ` under a merged `Năm sinh`; `Hộ nghèo`/`Hộ cận nghèo` under
//!    `Hoàn cảnh`; `Họ`/`Tên` under the name) refines the columns, and a
//!    column-numbering row (`1 2 3 …` or `(1) (2) …`) is skipped. The table
//!    ends, on a row without a numeric STT, at a totals row (`Tổng cộng`,
//!    `Cộng`, `Tổng số`; not the surname `Tống`), at a signature line without
//!    a member name (`Người lập biểu`, `Chủ nhiệm CLB`, `Ngày … tháng … năm …`,
//!    `Xác nhận`), or after two or more empty rows unless a numbered, named
//!    row follows. Empty rows, rows holding only a pre-printed STT and
//!    repeated header rows inside the table are skipped. Workbook cells become
//!    text (`1947.0` → `1947`, date cells → `yyyy-mm-dd`); CSV blank lines
//!    still count as rows, so row numbers are the ones Excel shows.
//! 2. **Mapping**: each raw row becomes a [`RosterRow`] or one or more
//!    [`RowProblem`]s, using [`crate::text`], [`crate::phone`] and
//!    [`crate::ethnicity`]. A row with any problem is not imported. The sex
//!    is the Nam/Nữ birth column that is filled (or a `Giới tính` column);
//!    a birth cell is a year, a `dd/mm/yyyy` date (day first unless that is
//!    impossible), an ISO date or an Excel date serial, and must fall in
//!    1900..=this year. Problem codes: `full_name.required`,
//!    `birth_year.required`, `birth_year.invalid`, `birth_year.range`,
//!    `sex.ambiguous`, `sex.required`, `sex.invalid`, `sex.conflict`,
//!    `household.ambiguous`, and the codes of
//!    [`parse_phone`](crate::phone::parse_phone) (field `phone`) and
//!    [`parse_ethnicity`](crate::ethnicity::parse_ethnicity) (field
//!    `ethnicity`). An empty ethnicity is Kinh; an unrecognised `Hoàn cảnh`
//!    is neither poor nor near-poor.
//!
//! Headers are matched on a private ASCII fold (lowercase, diacritics and
//! punctuation removed, `đ` → `d`) so that layout needs nothing from other
//! modules; cell values are matched with [`crate::text::search_key`].

use crate::error::{Error, FieldError, Result};
use crate::model::{Birth, HouseholdStatus, Role, Sex};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::path::Path;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => read_roster_csv(&std::fs::read(path)?, progress),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            read_roster_xlsx(&std::fs::read(path)?, progress)
        }
        _ => Err(Error::Invalid(FieldError::new(
            "roster.format",
            "file",
            format!(
                "unsupported roster file type {:?}; use an .xlsx or .csv file",
                ext
            ),
        ))),
    }
}

/// Reads a roster from the bytes of a workbook (`.xlsx`; `.xls`, `.xlsb` and
/// `.ods` are detected too). The first sheet with a header row is used.
/// `progress(done, total)` is called once per data row. Errors:
/// `roster.unreadable` when the bytes are not a workbook, `roster.no_header`
/// when no sheet has a header row with a name column.
pub fn read_roster_xlsx(bytes: &[u8], progress: &mut dyn FnMut(u64, u64)) -> Result<RosterReport> {
    let (sheet, table) = xlsx_table(bytes)?;
    Ok(map_table(sheet, &table, progress))
}

/// Reads a roster from the bytes of a CSV file: UTF-8 with or without BOM
/// (Excel's "CSV UTF-8") or UTF-16 with BOM, separated by `,`, `;` or tab
/// (whichever yields a header row). Each record is one sheet row, counted as
/// Excel would show the file. `progress(done, total)` is called once per data
/// row. Errors: `roster.encoding` for text that is not UTF-8/UTF-16,
/// `roster.no_header` when no header row with a name column is found.
pub fn read_roster_csv(bytes: &[u8], progress: &mut dyn FnMut(u64, u64)) -> Result<RosterReport> {
    let table = csv_table(bytes)?;
    Ok(map_table("csv".to_string(), &table, progress))
}

// ---------------------------------------------------------------------------
// Stage 1: layout
// ---------------------------------------------------------------------------

/// One sheet row as text cells.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GridRow {
    /// 1-based row number as Excel shows it.
    pub(crate) sheet_row: u32,
    pub(crate) cells: Vec<String>,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Stt,
    Name,
    /// A single birth column (sex comes from elsewhere).
    Birth,
    BirthMale,
    BirthFemale,
    /// A `Giới tính` column with `Nam`/`Nữ` values.
    Sex,
    /// Mark columns (`x`) under a merged `Giới tính`.
    SexMale,
    SexFemale,
    Ethnicity,
    Household,
    /// Mark columns (`x`) under a merged `Hoàn cảnh`.
    PoorMark,
    NearPoorMark,
    Hamlet,
    Phone,
    Note,
}

/// A data row's raw text, by meaning (empty when absent).
#[derive(Debug, Clone, Default, PartialEq)]
struct RawRow {
    sheet_row: u32,
    stt: String,
    name: String,
    birth: String,
    birth_male: String,
    birth_female: String,
    sex: String,
    sex_male: String,
    sex_female: String,
    ethnicity: String,
    household: String,
    poor_mark: String,
    near_poor_mark: String,
    hamlet: String,
    phone: String,
    note: String,
}

impl RawRow {
    fn field_mut(&mut self, col: Col) -> &mut String {
        match col {
            Col::Stt => &mut self.stt,
            Col::Name => &mut self.name,
            Col::Birth => &mut self.birth,
            Col::BirthMale => &mut self.birth_male,
            Col::BirthFemale => &mut self.birth_female,
            Col::Sex => &mut self.sex,
            Col::SexMale => &mut self.sex_male,
            Col::SexFemale => &mut self.sex_female,
            Col::Ethnicity => &mut self.ethnicity,
            Col::Household => &mut self.household,
            Col::PoorMark => &mut self.poor_mark,
            Col::NearPoorMark => &mut self.near_poor_mark,
            Col::Hamlet => &mut self.hamlet,
            Col::Phone => &mut self.phone,
            Col::Note => &mut self.note,
        }
    }

    /// True when nothing but (perhaps) the STT is filled.
    fn is_blank(&self) -> bool {
        [
            &self.name,
            &self.birth,
            &self.birth_male,
            &self.birth_female,
            &self.sex,
            &self.sex_male,
            &self.sex_female,
            &self.ethnicity,
            &self.household,
            &self.poor_mark,
            &self.near_poor_mark,
            &self.hamlet,
            &self.phone,
            &self.note,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// The result of stage 1.
#[derive(Debug, Clone, PartialEq)]
struct Table {
    /// Sheet row of the (first) header row.
    header_row: u32,
    /// Meaning of each column, by index.
    columns: Vec<Option<Col>>,
    /// Data rows in sheet order.
    rows: Vec<RawRow>,
}

/// How many sheet rows from the top are searched for the header.
const HEADER_SCAN_ROWS: u32 = 20;
/// Empty rows in a row after which the table is taken to have ended (unless
/// a numbered member row follows).
const END_EMPTY_RUN: u32 = 2;

fn no_header() -> Error {
    Error::Invalid(FieldError::new(
        "roster.no_header",
        "file",
        "no header row with a name column (Họ và tên) was found in the first 20 rows",
    ))
}

fn unreadable(what: impl std::fmt::Display) -> Error {
    Error::Invalid(FieldError::new(
        "roster.unreadable",
        "file",
        format!("the file cannot be read as a roster: {what}"),
    ))
}

/// Layout-only ASCII fold for header and marker keywords: NFD, combining
/// marks dropped, `đ`/`Đ` → `d`, lowercase, every run of non-alphanumeric
/// characters turned into one space, trimmed. Values use
/// [`crate::text::search_key`] instead.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' | 'Ð' | 'ð' => 'd',
            _ => c,
        };
        for lc in c.to_lowercase() {
            if lc.is_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(lc);
            } else {
                gap = true;
            }
        }
    }
    out
}

pub(crate) fn starts_with_words(folded: &str, prefix: &str) -> bool {
    folded == prefix
        || (folded.starts_with(prefix) && folded.as_bytes().get(prefix.len()) == Some(&b' '))
}

/// Classifies one header cell (already folded).
fn classify_header(f: &str) -> Option<Col> {
    let sw = |p: &str| starts_with_words(f, p);
    if f.is_empty() {
        return None;
    }
    if sw("stt") || f == "tt" || sw("so tt") || sw("so thu tu") {
        return Some(Col::Stt);
    }
    if sw("ho va ten") || sw("ho ten") || sw("ten thanh vien") || sw("ten hoi vien") {
        return Some(Col::Name);
    }
    for p in ["ngay thang nam sinh", "nam sinh", "ngay sinh", "sinh nam"] {
        if sw(p) {
            let rest: Vec<&str> = f[p.len()..].split(' ').collect();
            return Some(if rest.contains(&"nu") {
                Col::BirthFemale
            } else if rest.contains(&"nam") {
                Col::BirthMale
            } else {
                Col::Birth
            });
        }
    }
    match f {
        "nam" => return Some(Col::BirthMale),
        "nu" => return Some(Col::BirthFemale),
        _ => {}
    }
    if sw("gioi tinh") || f == "gioi" || f == "phai" {
        return Some(Col::Sex);
    }
    if sw("dan toc") {
        return Some(Col::Ethnicity);
    }
    if sw("hoan canh") || sw("phan loai ho") || sw("dien ho") || sw("ho ngheo can ngheo") {
        return Some(Col::Household);
    }
    if sw("ho ngheo") {
        return Some(Col::PoorMark);
    }
    if sw("ho can ngheo") || sw("can ngheo") {
        return Some(Col::NearPoorMark);
    }
    if sw("dia chi")
        || sw("noi o")
        || sw("noi cu tru")
        || sw("cho o")
        || matches!(
            f,
            "ap" | "to"
                | "ap to"
                | "to ap"
                | "thon"
                | "xom"
                | "khu pho"
                | "ap khu pho"
                | "to dan pho"
        )
    {
        return Some(Col::Hamlet);
    }
    if f.contains("dien thoai") || sw("sdt") || sw("so dt") || sw("phone") {
        return Some(Col::Phone);
    }
    if sw("ghi chu") || sw("chuc vu") || sw("vai tro") || sw("chuc danh") {
        return Some(Col::Note);
    }
    None
}

/// Classifies a sub-heading cell under a merged parent heading.
fn classify_subheader(f: &str, parent: Option<Col>) -> Option<Col> {
    match f {
        "nam" => Some(if matches!(parent, Some(Col::Sex)) {
            Col::SexMale
        } else {
            Col::BirthMale
        }),
        "nu" => Some(if matches!(parent, Some(Col::Sex)) {
            Col::SexFemale
        } else {
            Col::BirthFemale
        }),
        "ho ngheo" | "ngheo" => Some(Col::PoorMark),
        "ho can ngheo" | "can ngheo" => Some(Col::NearPoorMark),
        "ho" | "ho dem" | "ho va ten dem" | "ten dem" | "ten" if parent == Some(Col::Name) => {
            Some(Col::Name)
        }
        _ => None,
    }
}

/// Cell `i` of a row, empty past its end.
fn cell(row: &GridRow, i: usize) -> &str {
    row.cells.get(i).map(String::as_str).unwrap_or("")
}

/// `3` or `(3)`: a column number.
pub(crate) fn is_numbering_cell(s: &str) -> bool {
    let t = s.trim().trim_start_matches('(').trim_end_matches(')');
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// A row that numbers the columns: `1 2 3 …` or `(1) (2) …`.
fn is_numbering_row(row: &GridRow) -> bool {
    let filled: Vec<&String> = row.cells.iter().filter(|c| !c.trim().is_empty()).collect();
    filled.len() >= 3 && filled.iter().all(|c| is_numbering_cell(c))
}

/// A number such as an STT (`12`, `12.`).
pub(crate) fn is_number(s: &str) -> bool {
    let t = s.trim().trim_end_matches('.');
    !t.is_empty() && t.parse::<f64>().is_ok_and(|v| v.is_finite())
}

/// Finds the header and maps columns. Returns the header's sheet row, the
/// column map and the index in `grid` of the first row after the header
/// block (header, sub-heading row, numbering row).
fn find_layout(grid: &[GridRow]) -> Option<(u32, Vec<Option<Col>>, usize)> {
    let hi = grid
        .iter()
        .take_while(|r| r.sheet_row <= HEADER_SCAN_ROWS)
        .position(|r| {
            r.cells
                .iter()
                .any(|c| classify_header(&fold(c)) == Some(Col::Name))
        })?;
    let header = &grid[hi];
    let folded: Vec<String> = header.cells.iter().map(|c| fold(c)).collect();
    let mut columns: Vec<Option<Col>> = folded.iter().map(|f| classify_header(f)).collect();
    let mut next = hi + 1;

    // A sub-heading row directly under the header.
    if let Some(sub) = grid
        .get(next)
        .filter(|r| r.sheet_row == header.sheet_row.saturating_add(1))
    {
        let parent_of = |i: usize| -> Option<Col> {
            (0..=i.min(folded.len().saturating_sub(1)))
                .rev()
                .find(|&j| folded.get(j).is_some_and(|f| !f.is_empty()))
                .and_then(|j| columns.get(j).copied().flatten())
        };
        // Sub-headings proper (Nam/Nữ, Hộ nghèo/Hộ cận nghèo, Họ/Tên), and
        // ordinary headings standing under an empty (merged) header cell.
        let mut subs: Vec<(usize, Col)> = Vec::new();
        let mut known_subs = 0;
        for (i, c) in sub.cells.iter().enumerate() {
            let f = fold(c);
            if f.is_empty() {
                continue;
            }
            if let Some(col) = classify_subheader(&f, parent_of(i)) {
                subs.push((i, col));
                known_subs += 1;
            } else if let Some(col) = classify_header(&f) {
                if folded.get(i).is_none_or(|h| h.is_empty()) {
                    subs.push((i, col));
                }
            }
        }
        // Not a member row: no STT number, no name, no year-like number.
        let at = |col: Col| columns.iter().position(|c| *c == Some(col));
        let stt_blank = at(Col::Stt).is_none_or(|i| !is_number(cell(sub, i)));
        let name_blank = at(Col::Name).is_none_or(|i| {
            let f = fold(cell(sub, i));
            f.is_empty() || classify_subheader(&f, Some(Col::Name)).is_some()
        });
        let no_year = !sub.cells.iter().any(|c| {
            c.split(|ch: char| !ch.is_ascii_digit())
                .any(|run| run.len() == 4)
        });
        if known_subs > 0 && stt_blank && name_blank && no_year {
            for (i, col) in subs {
                if columns.len() <= i {
                    columns.resize(i + 1, None);
                }
                columns[i] = Some(col);
            }
            next += 1;
        }
    }
    if grid.get(next).is_some_and(is_numbering_row) {
        next += 1;
    }
    Some((header.sheet_row, columns, next))
}

fn raw_row(row: &GridRow, columns: &[Option<Col>]) -> RawRow {
    let mut raw = RawRow {
        sheet_row: row.sheet_row,
        ..RawRow::default()
    };
    for (i, col) in columns.iter().enumerate() {
        let Some(col) = *col else { continue };
        let value = cell(row, i).trim();
        if value.is_empty() {
            continue;
        }
        let field = raw.field_mut(col);
        if field.is_empty() {
            field.push_str(value);
        } else if matches!(col, Col::Name) {
            field.push(' ');
            field.push_str(value);
        } else if matches!(col, Col::Note) {
            field.push_str("; ");
            field.push_str(value);
        }
    }
    raw
}

/// A totals line: `Tổng cộng: 56`, `Cộng`, `Tổng số thành viên`.
pub(crate) fn is_totals(first: &str) -> bool {
    // The first word as written: `Tổng`/`Cộng`, or unaccented `TONG`/`CONG`
    // (never the surname `Tống` or the name `Công`).
    let lower = first.nfc().collect::<String>().to_lowercase();
    let w0 = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let f = fold(first);
    let w1 = f.split(' ').nth(1);
    matches!(w0, "tổng" | "cộng" | "tong" | "cong")
        && match w1 {
            None => true,
            Some(w) => {
                matches!(w, "cong" | "so" | "thanh" | "hoi" | "co" | "danh")
                    || w.chars().all(|c| c.is_ascii_digit())
            }
        }
}

/// A signature or place-and-date line under the table.
pub(crate) fn is_signature(text: &str) -> bool {
    let f = fold(text);
    const KEYS: [&str; 12] = [
        "nguoi lap bieu",
        "nguoi lap danh sach",
        "nguoi lap",
        "lap bieu",
        "ky ten",
        "ky ghi ro",
        "ky va ghi ro",
        "ghi ro ho ten",
        "xac nhan",
        "chu nhiem clb",
        "chu nhiem cau lac bo",
        "truong ap",
    ];
    if KEYS
        .iter()
        .any(|k| f == *k || f.starts_with(&format!("{k} ")) || f.contains(&format!(" {k}")))
    {
        return true;
    }
    if f == "chu nhiem" || f.starts_with("tm ") || f.starts_with("t m ") {
        return true;
    }
    // "…, ngày 15 tháng 3 năm 2025"
    let words: Vec<&str> = f.split(' ').collect();
    let pos = |w: &str| words.iter().position(|x| *x == w);
    matches!((pos("ngay"), pos("thang"), pos("nam")), (Some(a), Some(b), Some(c)) if a < b && b < c)
}

/// Stage 1 on a grid: header, columns, data rows up to the end of the table.
fn layout(grid: &[GridRow]) -> Option<Table> {
    let (header_row, columns, start) = find_layout(grid)?;
    let mut rows = Vec::new();
    let mut last_filled = grid
        .get(start.wrapping_sub(1))
        .map(|r| r.sheet_row)
        .unwrap_or(header_row);
    for row in grid.iter().skip(start) {
        let raw = raw_row(row, &columns);
        let whole_row_blank = row.cells.iter().all(|c| c.trim().is_empty());
        if whole_row_blank
            || raw.is_blank() && !row.cells.iter().any(|c| is_signature(c) || is_totals(c))
        {
            // Empty, or a pre-numbered template row.
            continue;
        }
        let numbered = is_number(&raw.stt);
        let gap = row.sheet_row.saturating_sub(last_filled).saturating_sub(1);
        let member_like = numbered && !raw.name.trim().is_empty();
        if gap >= END_EMPTY_RUN && !member_like {
            break;
        }
        last_filled = row.sheet_row;
        if !numbered {
            let first = row
                .cells
                .iter()
                .find(|c| !c.trim().is_empty())
                .map(String::as_str)
                .unwrap_or("");
            if is_totals(first) || is_totals(&raw.name) {
                break;
            }
            // Signature lines have no member name (or the name cell holds
            // the signature text itself); a named row with a role such as
            // `Chủ nhiệm` in its note is a member, even without STT.
            let nameless = raw.name.trim().is_empty() || is_signature(&raw.name);
            if nameless && row.cells.iter().any(|c| is_signature(c)) {
                break;
            }
        }
        if classify_header(&fold(&raw.name)) == Some(Col::Name) {
            // The header repeated (printed on every page).
            continue;
        }
        rows.push(raw);
    }
    Some(Table {
        header_row,
        columns,
        rows,
    })
}

/// Text of a workbook cell: whole numbers without `.0`, dates as ISO
/// `yyyy-mm-dd`, except a date serial from 1900 to 2100, which is a year typed
/// into a date-formatted cell and is kept as that year; error cells are empty.
fn data_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // A bare year typed into a date-formatted cell (Excel shows 1947 as
        // 29/05/1905): keep the year the user typed.
        Data::DateTime(dt)
            if dt.as_f64().fract() == 0.0 && (1900.0..=2100.0).contains(&dt.as_f64()) =>
        {
            float_text(dt.as_f64())
        }
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => float_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        // `#N/A`, `#REF!`: no value.
        Data::Error(_) => String::new(),
    }
}

pub(crate) fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn xlsx_grid(range: &calamine::Range<calamine::Data>) -> Vec<GridRow> {
    let Some((row0, _col0)) = range.start() else {
        return Vec::new();
    };
    range
        .rows()
        .enumerate()
        .map(|(i, cells)| GridRow {
            sheet_row: row0
                .saturating_add(u32::try_from(i).unwrap_or(u32::MAX))
                .saturating_add(1),
            cells: cells.iter().map(data_text).collect(),
        })
        .collect()
}

/// Stage 1 for a workbook: the first sheet with a header.
///
/// The workbook parser runs under `catch_unwind`: a malformed file that made
/// it panic is reported as `roster.unreadable` (with `panic = "unwind"`).
fn xlsx_table(bytes: &[u8]) -> Result<(String, Table)> {
    let grids = std::panic::catch_unwind(|| xlsx_grids(bytes))
        .map_err(|_| unreadable("the workbook is malformed"))??;
    for (name, grid) in grids {
        if let Some(table) = layout(&grid) {
            return Ok((name, table));
        }
    }
    Err(no_header())
}

/// Every readable sheet of a workbook as a grid, in workbook order.
fn xlsx_grids(bytes: &[u8]) -> Result<Vec<(String, Vec<GridRow>)>> {
    use calamine::Reader;
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        if let Ok(range) = book.worksheet_range(&name) {
            let grid = xlsx_grid(&range);
            grids.push((name, grid));
        }
    }
    Ok(grids)
}

/// Decodes CSV bytes: UTF-8 (BOM optional) or UTF-16 with a BOM.
pub(crate) fn decode_csv(bytes: &[u8]) -> Result<String> {
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Ok(utf16(true));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(utf16(false));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Err(Error::Invalid(FieldError::new(
            "roster.encoding",
            "file",
            "the CSV file is not UTF-8; save it from Excel as \"CSV UTF-8\"",
        ))),
    }
}

/// Parses CSV text into sheet rows. Every record is one row; blank lines,
/// which the CSV reader skips, still count as rows as Excel shows them.
pub(crate) fn csv_grid(text: &str, delimiter: u8) -> Vec<GridRow> {
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut grid = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut sheet_row: u32 = 0;
    // Byte offset just after the previous record.
    let mut pos: usize = 0;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        // The reader stops between the `\r` and `\n` of a CRLF terminator.
        if pos > 0 && bytes.get(pos - 1) == Some(&b'\r') && bytes.get(pos) == Some(&b'\n') {
            pos += 1;
        }
        // Blank lines the reader skipped before this record.
        let mut skipped: u32 = 0;
        loop {
            let rest = bytes.get(pos..).unwrap_or(&[]);
            if rest.starts_with(b"\r\n") {
                pos += 2;
            } else if rest.starts_with(b"\n") || rest.starts_with(b"\r") {
                pos += 1;
            } else {
                break;
            }
            skipped = skipped.saturating_add(1);
        }
        sheet_row = sheet_row.saturating_add(skipped).saturating_add(1);
        pos = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
        grid.push(GridRow {
            sheet_row,
            cells: record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
        });
    }
    grid
}

/// Stage 1 for CSV: tries `,`, `;` and tab as separators and keeps the one
/// whose header row has the most recognised columns (the first on a tie).
fn csv_table(bytes: &[u8]) -> Result<Table> {
    let text = decode_csv(bytes)?;
    let mut best: Option<(usize, Table)> = None;
    for delimiter in [b',', b';', b'\t'] {
        if let Some(table) = layout(&csv_grid(&text, delimiter)) {
            let known = table.columns.iter().flatten().count();
            if best.as_ref().is_none_or(|(k, _)| known > *k) {
                best = Some((known, table));
            }
        }
    }
    best.map(|(_, table)| table).ok_or_else(no_header)
}

// ---------------------------------------------------------------------------
// Stage 2: mapping raw rows
// ---------------------------------------------------------------------------

/// Maps every raw row, calling `progress(done, total)` once per row.
fn map_table(sheet: String, table: &Table, progress: &mut dyn FnMut(u64, u64)) -> RosterReport {
    let total = table.rows.len() as u64;
    let this_year = chrono::Local::now().date_naive();
    let mut report = RosterReport {
        sheet,
        rows: Vec::new(),
        problems: Vec::new(),
    };
    progress(0, total);
    for (i, raw) in table.rows.iter().enumerate() {
        match map_row(raw, this_year) {
            Ok(row) => report.rows.push(row),
            Err(problems) => report.problems.extend(problems),
        }
        progress(i as u64 + 1, total);
    }
    report
}

/// Collects a row's problems.
struct Problems {
    sheet_row: u32,
    list: Vec<RowProblem>,
}

impl Problems {
    fn add(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.list.push(RowProblem {
            sheet_row: self.sheet_row,
            field: field.to_string(),
            code: code.to_string(),
            message: message.into(),
        });
    }

    fn add_error(&mut self, field: &str, e: FieldError) {
        self.add(field, &e.code, e.message);
    }
}

fn map_row(raw: &RawRow, today: NaiveDate) -> std::result::Result<RosterRow, Vec<RowProblem>> {
    use crate::text::normalize_text;
    let mut p = Problems {
        sheet_row: raw.sheet_row,
        list: Vec::new(),
    };

    let full_name = normalize_text(&raw.name);
    if full_name.is_empty() {
        p.add(
            "full_name",
            "full_name.required",
            "the name (Họ và tên) is empty",
        );
    }

    let (sex, birth) = sex_and_birth(raw, today, &mut p);

    let ethnicity_code = if normalize_text(&raw.ethnicity).is_empty() {
        1
    } else {
        match crate::ethnicity::parse_ethnicity(&raw.ethnicity) {
            Ok(e) => e.code,
            Err(e) => {
                p.add_error("ethnicity", e);
                0
            }
        }
    };

    let household = household_status(raw, &mut p);

    let phone = match phone_text(&raw.phone) {
        None => None,
        Some(text) => match crate::phone::parse_phone(&text) {
            Ok(phone) => Some(phone.canonical),
            Err(e) => {
                p.add_error("phone", e);
                None
            }
        },
    };

    match (sex, birth) {
        (Some(sex), Some(birth)) if p.list.is_empty() => Ok(RosterRow {
            sheet_row: raw.sheet_row,
            full_name,
            sex,
            birth,
            ethnicity_code,
            household,
            hamlet: normalize_text(&raw.hamlet),
            phone,
            roles: parse_roles(&raw.note),
            note: normalize_text(&raw.note),
        }),
        _ => {
            if p.list.is_empty() {
                // Not reachable by construction; never import half a row.
                p.add("birth_year", "birth_year.required", "no birth year");
            }
            Err(p.list)
        }
    }
}

/// Sex and birth from the Nam/Nữ birth columns, or from a single birth
/// column plus a `Giới tính` column or mark columns.
fn sex_and_birth(raw: &RawRow, today: NaiveDate, p: &mut Problems) -> (Option<Sex>, Option<Birth>) {
    let filled = |s: &str| !s.trim().is_empty();
    let (male, female, single) = (
        filled(&raw.birth_male),
        filled(&raw.birth_female),
        filled(&raw.birth),
    );

    // Sex written explicitly, if the sheet has such columns.
    let mut stated: Option<Sex> = None;
    let mut stated_bad = false;
    if filled(&raw.sex) {
        match parse_sex(&raw.sex) {
            Some(s) => stated = Some(s),
            None => {
                stated_bad = true;
                p.add(
                    "sex",
                    "sex.invalid",
                    format!("sex {:?} is neither Nam nor Nữ", raw.sex.trim()),
                );
            }
        }
    }
    match (filled(&raw.sex_male), filled(&raw.sex_female)) {
        (true, true) => {
            stated_bad = true;
            p.add(
                "sex",
                "sex.ambiguous",
                "both the Nam and the Nữ columns are marked",
            );
        }
        (true, false) => stated = stated.or(Some(Sex::Male)),
        (false, true) => stated = stated.or(Some(Sex::Female)),
        (false, false) => {}
    }

    let (from_column, text) = match (male, female) {
        (true, true) => {
            p.add(
                "sex",
                "sex.ambiguous",
                "both the Nam and the Nữ birth-year columns are filled",
            );
            return (None, None);
        }
        (true, false) => (Some(Sex::Male), raw.birth_male.as_str()),
        (false, true) => (Some(Sex::Female), raw.birth_female.as_str()),
        (false, false) if single => (None, raw.birth.as_str()),
        (false, false) => {
            p.add(
                "birth_year",
                "birth_year.required",
                "no birth year: neither the Nam nor the Nữ birth-year column is filled",
            );
            return (None, None);
        }
    };

    let sex = match (from_column, stated) {
        (Some(a), Some(b)) if a != b => {
            p.add(
                "sex",
                "sex.conflict",
                "the birth-year column and the Giới tính column give different sexes",
            );
            None
        }
        (Some(a), _) => Some(a),
        (None, Some(b)) => Some(b),
        (None, None) => {
            if !stated_bad {
                p.add("sex", "sex.required", "sex (Giới tính) is not given");
            }
            None
        }
    };

    let birth = match parse_birth(text) {
        Some(birth) => {
            let year = birth.year();
            let future = matches!(birth, Birth::Date(d) if d > today);
            if !(1900..=today.year()).contains(&year) || future {
                p.add(
                    "birth_year",
                    "birth_year.range",
                    format!(
                        "birth year {year} is outside 1900–{} (or the date is in the future)",
                        today.year()
                    ),
                );
                None
            } else {
                Some(birth)
            }
        }
        None => {
            p.add(
                "birth_year",
                "birth_year.invalid",
                format!(
                    "{:?} is not a birth year or a date (dd/mm/yyyy)",
                    text.trim()
                ),
            );
            None
        }
    };
    (sex, birth)
}

fn parse_sex(text: &str) -> Option<Sex> {
    match crate::text::search_key(text).trim() {
        "nam" | "m" | "male" | "trai" => Some(Sex::Male),
        "nu" | "f" | "female" | "gai" => Some(Sex::Female),
        _ => None,
    }
}

/// Days from Excel's 1900 epoch to a date (serials below 61 count the
/// phantom 29 February 1900).
pub(crate) fn excel_serial_date(serial: i64) -> Option<NaiveDate> {
    if !(1..=2_958_465).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if serial < 61 { serial + 1 } else { serial };
    base.checked_add_signed(chrono::Duration::days(days))
}

/// A birth cell: a bare year (`1947`, `1947.0`), a date (`18/05/1947`,
/// `18-5-1947`, `18.05.1947`, ISO `1947-05-18`, with an optional time part),
/// or an Excel date serial written as a number above 9999. Day-first unless
/// the second part cannot be a month. `None` when unreadable.
fn parse_birth(text: &str) -> Option<Birth> {
    let t = text.trim();
    let t = t.split(['T', ' ']).next().unwrap_or("");
    let int_text = match t.split_once('.') {
        Some((a, b)) if !b.is_empty() && b.chars().all(|c| c == '0') => a,
        _ => t,
    };
    if !int_text.is_empty() && int_text.len() <= 7 && int_text.chars().all(|c| c.is_ascii_digit()) {
        let n: i64 = int_text.parse().ok()?;
        return if int_text.len() == 4 {
            Some(Birth::Year(i32::try_from(n).ok()?))
        } else if n > 9999 {
            excel_serial_date(n).map(Birth::Date)
        } else {
            None
        };
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|x| x.is_empty() || x.len() > 4 || !x.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u32> = parts.iter().filter_map(|x| x.parse().ok()).collect();
    if nums.len() != 3 {
        return None;
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (nums[0], nums[1], nums[2])
    } else if parts[2].len() == 4 {
        if nums[1] > 12 && nums[0] <= 12 {
            (nums[2], nums[0], nums[1])
        } else {
            (nums[2], nums[1], nums[0])
        }
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d).map(Birth::Date)
}

fn household_status(raw: &RawRow, p: &mut Problems) -> HouseholdStatus {
    use crate::text::search_key;
    let filled = |s: &str| !s.trim().is_empty();
    let from_marks = match (filled(&raw.poor_mark), filled(&raw.near_poor_mark)) {
        (true, true) => {
            p.add(
                "household",
                "household.ambiguous",
                "both the Hộ nghèo and the Hộ cận nghèo columns are marked",
            );
            None
        }
        (true, false) => Some(HouseholdStatus::Poor),
        (false, true) => Some(HouseholdStatus::NearPoor),
        (false, false) => None,
    };
    if let Some(status) = from_marks {
        return status;
    }
    let key = format!(" {} ", words(&search_key(&raw.household)).join(" "));
    if key.contains(" thoat ngheo ") || key.contains(" khong ngheo ") {
        HouseholdStatus::Neither
    } else if key.contains(" can ngheo ") || key.contains(" hcn ") {
        HouseholdStatus::NearPoor
    } else if key.contains(" ngheo ") || key.contains(" hn ") {
        HouseholdStatus::Poor
    } else {
        HouseholdStatus::Neither
    }
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The phone to parse: the first of several numbers (`/`, `;`, `,` or a line
/// break between them), without a trailing `(…)` remark, with the leading 0
/// Excel drops from numbers stored as numbers put back. A cell without any
/// digit (`-`, `không có`) means no phone.
fn phone_text(cell: &str) -> Option<String> {
    if !cell.chars().any(|c| c.is_ascii_digit()) {
        // `-`, `không có`: no phone.
        return None;
    }
    let first = cell
        .split(['/', ';', ',', '\n'])
        .map(|s| s.split('(').next().unwrap_or("").trim())
        .find(|s| !s.is_empty())?;
    let digits_only = first.chars().all(|c| c.is_ascii_digit());
    let restored = digits_only
        && ((first.len() == 9 && first.starts_with(['3', '5', '7', '8', '9']))
            || (first.len() == 10 && first.starts_with('2')));
    Some(if restored {
        format!("0{first}")
    } else {
        first.to_string()
    })
}

/// Roles named in a note, in [`Role`] order, each once.
fn parse_roles(note: &str) -> Vec<Role> {
    const PHRASES: [(&str, Role); 17] = [
        ("thanh vien ban chu nhiem", Role::BoardMember),
        ("uy vien ban chu nhiem", Role::BoardMember),
        ("ban chu nhiem", Role::BoardMember),
        ("bcn", Role::BoardMember),
        ("pho chu nhiem", Role::ViceChair),
        ("pcn", Role::ViceChair),
        ("chu nhiem", Role::Chair),
        ("thu quy", Role::Treasurer),
        ("ke toan", Role::Accountant),
        ("tinh nguyen vien cham soc tai nha", Role::HomeCareVolunteer),
        ("tinh nguyen vien cham soc", Role::HomeCareVolunteer),
        ("tinh nguyen vien", Role::HomeCareVolunteer),
        ("tnv cham soc tai nha", Role::HomeCareVolunteer),
        ("tnv", Role::HomeCareVolunteer),
        ("nguoi duoc cham soc", Role::CareRecipient),
        ("duoc cham soc", Role::CareRecipient),
        ("ndcs", Role::CareRecipient),
    ];
    let key = crate::text::search_key(note);
    let mut text = format!(" {} ", words(&key).join(" "));
    let mut roles = Vec::new();
    for (phrase, role) in PHRASES {
        let pattern = format!(" {phrase} ");
        while text.contains(&pattern) {
            text = text.replacen(&pattern, " ", 1);
            roles.push(role);
        }
    }
    roles.sort();
    roles.dedup();
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(ext: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../samples")
            .join(format!("danh-sach-thanh-vien-clb.{ext}"))
    }

    fn sample_bytes(ext: &str) -> Vec<u8> {
        std::fs::read(sample(ext)).expect("sample file")
    }

    fn csv(text: &str) -> Table {
        csv_table(text.as_bytes()).expect("header found")
    }

    fn names(t: &Table) -> Vec<(u32, &str)> {
        t.rows
            .iter()
            .map(|r| (r.sheet_row, r.name.as_str()))
            .collect()
    }

    const SAMPLE_COLUMNS: [Option<Col>; 9] = [
        Some(Col::Stt),
        Some(Col::Name),
        Some(Col::BirthMale),
        Some(Col::BirthFemale),
        Some(Col::Ethnicity),
        Some(Col::Household),
        Some(Col::Hamlet),
        Some(Col::Phone),
        Some(Col::Note),
    ];

    // ---- stage 1: layout (needs nothing from other modules) ----

    #[test]
    fn fold_strips_marks_in_nfc_and_nfd() {
        assert_eq!(fold("Họ và tên"), "ho va ten");
        assert_eq!(fold("Ho\u{323} va\u{300} te\u{302}n"), "ho va ten");
        assert_eq!(fold("  ĐỊA CHỈ (Ấp/Tổ) "), "dia chi ap to");
        assert_eq!(fold("Số điện thoại"), "so dien thoai");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn header_cells_are_classified() {
        let c = |s: &str| classify_header(&fold(s));
        assert_eq!(c("STT"), Some(Col::Stt));
        assert_eq!(c("Số TT"), Some(Col::Stt));
        assert_eq!(c("Họ và tên"), Some(Col::Name));
        assert_eq!(c("HO TEN"), Some(Col::Name));
        assert_eq!(c("Họ & tên thành viên"), Some(Col::Name));
        assert_eq!(c("Năm sinh"), Some(Col::Birth));
        assert_eq!(c("Ngày tháng năm sinh"), Some(Col::Birth));
        assert_eq!(c("Năm sinh Nam"), Some(Col::BirthMale));
        assert_eq!(c("Năm sinh (Nữ)"), Some(Col::BirthFemale));
        assert_eq!(c("Nam"), Some(Col::BirthMale));
        assert_eq!(c("Giới tính"), Some(Col::Sex));
        assert_eq!(c("Dan toc"), Some(Col::Ethnicity));
        assert_eq!(c("Hoàn cảnh gia đình"), Some(Col::Household));
        assert_eq!(c("Địa chỉ (Ấp/Tổ)"), Some(Col::Hamlet));
        assert_eq!(c("Ấp"), Some(Col::Hamlet));
        assert_eq!(c("SĐT"), Some(Col::Phone));
        assert_eq!(c("Điện thoại"), Some(Col::Phone));
        assert_eq!(c("Ghi chú"), Some(Col::Note));
        assert_eq!(c("Chức vụ"), Some(Col::Note));
        assert_eq!(c("Tuổi"), None);
        assert_eq!(c("Tổng"), None);
    }

    #[test]
    fn sample_xlsx_layout() {
        let (sheet, t) = xlsx_table(&sample_bytes("xlsx")).unwrap();
        assert_eq!(sheet, "DS thanh vien");
        assert_eq!(t.header_row, 4);
        assert_eq!(t.columns, SAMPLE_COLUMNS.to_vec());
        assert_eq!(t.rows.len(), 56);
        assert_eq!(t.rows[0].sheet_row, 6);
        assert_eq!(t.rows[55].sheet_row, 61);
        let quang = &t.rows[0];
        assert_eq!(quang.stt, "1");
        assert_eq!(quang.name, "Nguyễn Văn Quang");
        assert_eq!(quang.birth_male, "1947");
        assert_eq!(quang.birth_female, "");
        assert_eq!(quang.phone, "+84863017203");
        assert_eq!(quang.note, "Chủ nhiệm");
        assert_eq!(quang.hamlet, "Tổ 5");
        let anh = &t.rows[2];
        assert_eq!((anh.sheet_row, anh.name.as_str()), (8, "Phạm Thị Ánh"));
        assert_eq!(
            (anh.birth_male.as_str(), anh.birth_female.as_str()),
            ("", "1956")
        );
        assert_eq!(t.rows[55].name, "Lê Đình Tuấn");
        // Sheet rows are consecutive: STT n is on row n + 5.
        for (i, r) in t.rows.iter().enumerate() {
            assert_eq!(r.sheet_row, i as u32 + 6);
            assert_eq!(r.stt, (i + 1).to_string());
        }
    }

    fn messy_xlsx() -> Vec<u8> {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/roster/messy-roster.xlsx");
        std::fs::read(path).expect("fixture")
    }

    #[test]
    fn messy_xlsx_layout() {
        let (sheet, t) = xlsx_table(&messy_xlsx()).unwrap();
        assert_eq!(sheet, "DS", "the instructions sheet has no header");
        assert_eq!(t.header_row, 4);
        assert_eq!(
            t.columns,
            vec![
                Some(Col::Stt),
                Some(Col::Name),
                Some(Col::BirthMale),
                Some(Col::BirthFemale),
                Some(Col::Ethnicity),
                Some(Col::Household),
                Some(Col::Hamlet),
                Some(Col::Phone),
                Some(Col::Note),
            ]
        );
        // Row 9 is empty; the table ends at the "Cộng" row 14.
        assert_eq!(
            names(&t),
            vec![
                (7, "Nguyễn Văn Quang"),
                (8, "Phạm Thị Ánh"),
                (10, "Lê Thị Cúc"),
                (11, "Trần Văn Bình"),
                (12, ""),
                (13, "Võ Văn Hai"),
            ]
        );
        assert_eq!(t.rows[0].phone, "943733416", "stored as a number");
        assert_eq!(t.rows[1].birth_female, "1956-05-18", "date cell");
        assert_eq!(
            t.rows[2].birth_female, "1961",
            "year typed into a date cell"
        );
        assert_eq!(t.rows[2].stt, "");
        assert_eq!(t.rows[3].birth_male, "1944", "year as text");
    }

    #[test]
    fn sample_csv_layout_matches_xlsx() {
        let t = csv_table(&sample_bytes("csv")).unwrap();
        assert_eq!(t.header_row, 1);
        assert_eq!(t.columns, SAMPLE_COLUMNS.to_vec());
        assert_eq!(t.rows.len(), 56);
        assert_eq!(t.rows[0].sheet_row, 2);
        assert_eq!(t.rows[55].sheet_row, 57);
        assert_eq!(t.rows[0].stt, "1", "BOM must not stick to the first cell");
        let (_, x) = xlsx_table(&sample_bytes("xlsx")).unwrap();
        for (a, b) in t.rows.iter().zip(&x.rows) {
            let mut a = a.clone();
            a.sheet_row += 4;
            assert_eq!(&a, b);
        }
        let hong = t.rows.iter().find(|r| r.stt == "35").unwrap();
        assert_eq!(hong.name, "Trần Thị Hồng");
        assert_eq!(hong.phone, "0251 445 2252");
        assert_eq!(hong.household, "Hộ nghèo");
    }

    /// The sample workbook as Excel's "CSV UTF-8" export writes it: title rows,
    /// the two-row header, the members, the totals and signature lines, every
    /// line padded to nine fields.
    pub(super) fn sample_as_exported_csv() -> String {
        let flat = String::from_utf8(sample_bytes("csv")).unwrap();
        let mut out = String::from("\u{feff}");
        out.push_str("HỘI NGƯỜI CAO TUỔI XÃ XUÂN ĐƯỜNG,,,,,,,,\r\n");
        out.push_str("DANH SÁCH THÀNH VIÊN CÂU LẠC BỘ LIÊN THẾ HỆ TỰ GIÚP NHAU ẤP 3,,,,,,,,\r\n");
        out.push_str(",,,,,,,,\r\n");
        out.push_str(
            "STT,Họ và tên,Năm sinh,,Dân tộc,Hoàn cảnh,Địa chỉ (Ấp/Tổ),Số điện thoại,Ghi chú\r\n",
        );
        out.push_str(",,Nam,Nữ,,,,,\r\n");
        for line in flat.lines().skip(1) {
            out.push_str(line);
            out.push_str("\r\n");
        }
        out.push_str(",Tổng cộng: 56 thành viên,,,,,,,\r\n");
        out.push_str(",,,,,,,,\r\n");
        out.push_str(",Người lập biểu,,,,,Chủ nhiệm CLB,,\r\n");
        out
    }

    #[test]
    fn excel_csv_export_reads_like_the_workbook() {
        let t = csv(&sample_as_exported_csv());
        let (_, x) = xlsx_table(&sample_bytes("xlsx")).unwrap();
        assert_eq!(t, x, "same header row, columns, rows and row numbers");
    }

    #[test]
    fn header_without_diacritics_and_gioi_tinh_column() {
        let t = csv("DANH SACH THANH VIEN\n\
             \n\
             TT,HO VA TEN,GIOI TINH,NAM SINH,DAN TOC,HOAN CANH,AP,DIEN THOAI,GHI CHU\n\
             1,Nguyen Van A,Nam,1950,,,Ap 1,,\n\
             2,Tran Thi B,Nữ,12/03/1960,Kinh,Ho ngheo,Ap 2,0943733416,TNV\n");
        assert_eq!(t.header_row, 3);
        assert_eq!(
            t.columns,
            vec![
                Some(Col::Stt),
                Some(Col::Name),
                Some(Col::Sex),
                Some(Col::Birth),
                Some(Col::Ethnicity),
                Some(Col::Household),
                Some(Col::Hamlet),
                Some(Col::Phone),
                Some(Col::Note),
            ]
        );
        assert_eq!(names(&t), vec![(4, "Nguyen Van A"), (5, "Tran Thi B")]);
        assert_eq!(t.rows[1].sex, "Nữ");
        assert_eq!(t.rows[1].birth, "12/03/1960");
    }

    #[test]
    fn nfd_headers_are_found() {
        let text = "STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ,Ghi chú\n1,Lê Văn Tài,1948,,\n"
            .nfd()
            .collect::<String>();
        let t = csv(&text);
        assert_eq!(t.columns[2], Some(Col::BirthMale));
        assert_eq!(t.columns[3], Some(Col::BirthFemale));
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn two_row_header_in_csv_with_numbering_row() {
        let t = csv("STT,Họ và tên,Năm sinh,,Dân tộc\n\
             ,,Nam,Nữ,\n\
             (1),(2),(3),(4),(5)\n\
             1,Đinh Văn Tuân,1947,,Kinh\n\
             ,Lê Thị Oanh,,1948,\n");
        assert_eq!(t.header_row, 1);
        assert_eq!(
            &t.columns[..5],
            &[
                Some(Col::Stt),
                Some(Col::Name),
                Some(Col::BirthMale),
                Some(Col::BirthFemale),
                Some(Col::Ethnicity)
            ]
        );
        assert_eq!(names(&t), vec![(4, "Đinh Văn Tuân"), (5, "Lê Thị Oanh")]);
        assert_eq!(t.rows[1].stt, "", "blank STT is kept as a member row");
        assert_eq!(t.rows[1].birth_female, "1948");
    }

    #[test]
    fn sex_marks_and_household_marks_under_merged_headers() {
        let t = csv("STT,Họ tên,Năm sinh,Giới tính,,Hoàn cảnh,\n\
             ,,,Nam,Nữ,Hộ nghèo,Hộ cận nghèo\n\
             1,A B,1950,x,,,x\n");
        assert_eq!(
            t.columns,
            vec![
                Some(Col::Stt),
                Some(Col::Name),
                Some(Col::Birth),
                Some(Col::SexMale),
                Some(Col::SexFemale),
                Some(Col::PoorMark),
                Some(Col::NearPoorMark),
            ]
        );
        assert_eq!(t.rows[0].sex_male, "x");
        assert_eq!(t.rows[0].near_poor_mark, "x");
    }

    #[test]
    fn sub_heading_row_may_split_other_columns_too() {
        let t = csv("STT,Họ và tên,Năm sinh,,Địa chỉ,,Ghi chú\n\
             ,,Nam,Nữ,Ấp,Xã,\n\
             1,A,1950,,Ấp 1,Xuân Đường,\n");
        assert_eq!(
            t.columns,
            vec![
                Some(Col::Stt),
                Some(Col::Name),
                Some(Col::BirthMale),
                Some(Col::BirthFemale),
                Some(Col::Hamlet),
                None,
                Some(Col::Note)
            ]
        );
        assert_eq!(names(&t), vec![(3, "A")]);
        assert_eq!(t.rows[0].hamlet, "Ấp 1");
    }

    #[test]
    fn a_first_member_row_is_not_a_sub_heading_row() {
        // Giới tính "Nam" in the first row must not be read as a sub-heading.
        let t = csv("STT,Họ và tên,Giới tính,Năm sinh\n,,Nam,1950\n,B,Nữ,1951\n");
        assert_eq!(t.columns[2], Some(Col::Sex));
        assert_eq!(names(&t), vec![(2, ""), (3, "B")]);
    }

    #[test]
    fn split_name_columns_are_joined() {
        let t = csv("STT,Họ và tên,,Năm sinh\n,Họ đệm,Tên,\n1,Nguyễn Thị,Nga,1942\n");
        assert_eq!(t.rows[0].name, "Nguyễn Thị Nga");
    }

    #[test]
    fn semicolon_and_tab_separators() {
        let t = csv("STT;Họ và tên;Năm sinh Nam;Năm sinh Nữ\n1;Lê Văn Tài;1948;\n");
        assert_eq!(names(&t), vec![(2, "Lê Văn Tài")]);
        let t = csv("STT\tHọ và tên\tNăm sinh Nam\tNăm sinh Nữ\n1\tLê Văn Tài\t1948\t\n");
        assert_eq!(names(&t), vec![(2, "Lê Văn Tài")]);
    }

    #[test]
    fn separator_with_most_columns_wins() {
        // With `,` the header is one cell that still reads as a name column.
        let t = csv(
            "Họ và tên;Năm sinh Nam;Năm sinh Nữ;Ghi chú, vai trò\nA;1950;;Chủ nhiệm, Thủ quỹ\n",
        );
        assert_eq!(
            t.columns,
            vec![
                Some(Col::Name),
                Some(Col::BirthMale),
                Some(Col::BirthFemale),
                Some(Col::Note)
            ]
        );
        assert_eq!(t.rows[0].note, "Chủ nhiệm, Thủ quỹ");
    }

    #[test]
    fn utf16_csv_is_decoded() {
        let text = "STT\tHọ và tên\tNăm sinh Nam\tNăm sinh Nữ\r\n1\tLê Văn Tài\t1948\t\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(names(&csv_table(&bytes).unwrap()), vec![(2, "Lê Văn Tài")]);
    }

    #[test]
    fn empty_rows_and_template_rows_are_skipped_keeping_row_numbers() {
        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ\n\
             1,Nguyễn Văn Quang,1947,\n\
             ,,,\n\
             \n\
             2,Phạm Thị Ánh,,1956\n\
             3,,,\n\
             4,,,\n");
        // Line 4 is blank; the CSV reader skips it but Excel shows it as row 4.
        assert_eq!(
            names(&t),
            vec![(2, "Nguyễn Văn Quang"), (5, "Phạm Thị Ánh")]
        );
    }

    #[test]
    fn csv_rows_count_blank_lines_and_crlf() {
        for nl in ["\n", "\r\n", "\r"] {
            let text = ["a,b", "1,2", "", "", "3,4", "\"x\ny\",5", "6,7"].join(nl);
            let rows: Vec<u32> = csv_grid(&text, b',').iter().map(|r| r.sheet_row).collect();
            assert_eq!(rows, vec![1, 2, 5, 6, 7], "{nl:?}");
            let text = format!("{nl}{nl}a,b{nl}");
            let rows: Vec<u32> = csv_grid(&text, b',').iter().map(|r| r.sheet_row).collect();
            assert_eq!(rows, vec![3], "{nl:?}");
        }
    }

    #[test]
    fn multi_line_cells_count_as_one_row() {
        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ,Ghi chú\n\
             1,A,1950,,\"Chủ nhiệm\nkiêm thủ quỹ\"\n\
             2,B,1951,,\n");
        assert_eq!(names(&t), vec![(2, "A"), (3, "B")]);
    }

    #[test]
    fn table_ends_at_totals_and_signatures() {
        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ,Ghi chú\n\
             1,Tống Văn Cộng,1950,,\n\
             2,A,1951,,Chủ nhiệm\n\
             ,Cộng: 2,1,1,\n\
             3,Not a member,1952,,\n");
        assert_eq!(names(&t), vec![(2, "Tống Văn Cộng"), (3, "A")]);

        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ,Ghi chú\n\
             1,A,1950,,\n\
             ,,,,\"Xuân Đường, ngày 15 tháng 3 năm 2025\"\n\
             ,Người lập biểu,,,Chủ nhiệm CLB\n");
        assert_eq!(names(&t), vec![(2, "A")]);

        // A date line that lands in a birth column still ends the table.
        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ,Ghi chú\n\
             1,A,1950,,\n\
             ,,\"Ngày 15 tháng 3 năm 2025\",,\n\
             ,,Người lập biểu,,\n");
        assert_eq!(names(&t), vec![(2, "A")]);

        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ,Ghi chú\n\
             1,A,1950,,\n\
             ,Tổng số thành viên: 1,,,\n");
        assert_eq!(names(&t), vec![(2, "A")]);

        // A member with a blank STT and a role is not a signature line,
        // even without a birth year.
        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ,Ghi chú\n\
             ,A,1950,,Chủ nhiệm\n\
             ,B,,,Chủ nhiệm CLB\n\
             ,C,,1951,\n");
        assert_eq!(names(&t), vec![(2, "A"), (3, "B"), (4, "C")]);
    }

    #[test]
    fn table_ends_after_a_run_of_empty_rows() {
        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ\n\
             1,A,1950,\n\
             ,,,\n\
             ,,,\n\
             ,Ghi chú: danh sách do ấp lập,,\n");
        assert_eq!(names(&t), vec![(2, "A")]);
        // …unless a numbered member row follows.
        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ\n\
             1,A,1950,\n\
             ,,,\n\
             ,,,\n\
             2,B,1951,\n");
        assert_eq!(names(&t), vec![(2, "A"), (5, "B")]);
    }

    #[test]
    fn repeated_header_rows_are_skipped() {
        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ\n\
             1,A,1950,\n\
             STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ\n\
             2,B,1951,\n");
        assert_eq!(names(&t), vec![(2, "A"), (4, "B")]);
    }

    #[test]
    fn rows_with_data_but_no_name_are_kept_for_stage_two() {
        let t = csv("STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ\n1,,1950,\n");
        assert_eq!(names(&t), vec![(2, "")]);
    }

    #[test]
    fn no_header_is_an_error() {
        for text in [
            "",
            "\u{feff}",
            "a,b,c\n1,2,3\n",
            "STT,Tên,Năm sinh\n1,A,1950\n",
        ] {
            let err = csv_table(text.as_bytes()).unwrap_err();
            assert_eq!(err.code(), "roster.no_header", "{text:?}");
        }
        let mut late = "x\n".repeat(25);
        late.push_str("STT,Họ và tên\n1,A\n");
        assert_eq!(
            csv_table(late.as_bytes()).unwrap_err().code(),
            "roster.no_header"
        );
    }

    #[test]
    fn non_utf8_csv_is_an_encoding_error() {
        let err = csv_table(b"STT,H\xe4 v\xe0 t\xean\n").unwrap_err();
        assert_eq!(err.code(), "roster.encoding");
    }

    #[test]
    fn garbage_workbook_is_unreadable() {
        assert_eq!(
            xlsx_table(b"not a zip").unwrap_err().code(),
            "roster.unreadable"
        );
        assert_eq!(xlsx_table(&[]).unwrap_err().code(), "roster.unreadable");
    }

    #[test]
    fn unknown_extension_is_rejected() {
        let err = read_roster_file(Path::new("members.pdf"), &mut |_, _| {}).unwrap_err();
        assert_eq!(err.code(), "roster.format");
    }

    #[test]
    fn birth_cells_are_parsed() {
        let d = |y, m, dd| Some(Birth::Date(NaiveDate::from_ymd_opt(y, m, dd).unwrap()));
        assert_eq!(parse_birth("1947"), Some(Birth::Year(1947)));
        assert_eq!(parse_birth(" 1947.0 "), Some(Birth::Year(1947)));
        assert_eq!(
            parse_birth("1890"),
            Some(Birth::Year(1890)),
            "range is checked later"
        );
        assert_eq!(parse_birth("18/05/1947"), d(1947, 5, 18));
        assert_eq!(parse_birth("8/5/1947"), d(1947, 5, 8));
        assert_eq!(parse_birth("18-05-1947"), d(1947, 5, 18));
        assert_eq!(parse_birth("18.05.1947"), d(1947, 5, 18));
        assert_eq!(
            parse_birth("5/18/1947"),
            d(1947, 5, 18),
            "month-first when day > 12"
        );
        assert_eq!(parse_birth("1947-05-18"), d(1947, 5, 18));
        assert_eq!(parse_birth("1947-05-18T00:00:00"), d(1947, 5, 18));
        assert_eq!(parse_birth("1947-05-18 00:00:00"), d(1947, 5, 18));
        // Excel serial 17305 = 18 May 1947.
        assert_eq!(parse_birth("17305"), d(1947, 5, 18));
        assert_eq!(parse_birth("17305.0"), d(1947, 5, 18));
        for bad in [
            "",
            "abc",
            "47",
            "31/02/1950",
            "1/2/47",
            "1947.5",
            "12/13/14/1950",
            "99999999",
        ] {
            assert_eq!(parse_birth(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn excel_serials_follow_excel() {
        assert_eq!(excel_serial_date(1), NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(excel_serial_date(61), NaiveDate::from_ymd_opt(1900, 3, 1));
        assert_eq!(
            excel_serial_date(45943),
            NaiveDate::from_ymd_opt(2025, 10, 13)
        );
        assert_eq!(excel_serial_date(0), None);
        assert_eq!(excel_serial_date(i64::MAX), None);
    }

    #[test]
    fn workbook_cells_become_text() {
        use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
        assert_eq!(data_text(&Data::Float(1947.0)), "1947");
        assert_eq!(data_text(&Data::Float(1.5)), "1.5");
        assert_eq!(data_text(&Data::Int(943733416)), "943733416");
        assert_eq!(data_text(&Data::Empty), "");
        let dt = ExcelDateTime::new(17305.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(data_text(&Data::DateTime(dt)), "1947-05-18");
        let year = ExcelDateTime::new(1947.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            data_text(&Data::DateTime(year)),
            "1947",
            "year in a date cell"
        );
        assert_eq!(
            parse_birth(&data_text(&Data::DateTime(dt))),
            parse_birth("18/05/1947")
        );
    }

    #[test]
    fn phone_cells_are_prepared() {
        assert_eq!(phone_text(""), None);
        assert_eq!(phone_text("  "), None);
        assert_eq!(phone_text("0943.733.416"), Some("0943.733.416".into()));
        assert_eq!(phone_text("943733416"), Some("0943733416".into()));
        assert_eq!(phone_text("2514452252"), Some("02514452252".into()));
        assert_eq!(
            phone_text("0943733416 / 0251 445 2252"),
            Some("0943733416".into())
        );
        assert_eq!(phone_text("84943733416"), Some("84943733416".into()));
        assert_eq!(
            phone_text("0943733416 (con gái)"),
            Some("0943733416".into())
        );
        assert_eq!(phone_text("-"), None);
        assert_eq!(phone_text("không có"), None);
        assert_eq!(
            phone_text("abc1"),
            Some("abc1".into()),
            "left to parse_phone"
        );
    }

    #[test]
    fn totals_and_signature_markers() {
        assert!(is_totals("Tổng cộng: 56 thành viên"));
        assert!(is_totals("Cộng"));
        assert!(is_totals("TONG SO: 12"));
        assert!(is_totals("Tổng: 5"));
        assert!(!is_totals("Tống Văn Cộng"));
        assert!(!is_totals("Công"));
        assert!(!is_totals(""));
        assert!(is_signature("Người lập biểu"));
        assert!(is_signature("Chủ nhiệm CLB"));
        assert!(is_signature("TM. Ban chủ nhiệm"));
        assert!(is_signature("Xuân Đường, ngày 15 tháng 3 năm 2025"));
        assert!(is_signature("(Ký, ghi rõ họ tên)"));
        assert!(!is_signature("Nguyễn Văn Quang"));
        assert!(!is_signature("Thủ quỹ"));
    }

    proptest::proptest! {
        #[test]
        fn stage_one_never_panics_on_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = csv_table(&bytes);
            let _ = xlsx_table(&bytes);
        }

        #[test]
        fn stage_one_never_panics_on_csv_like_text(
            body in "[A-Za-zĐđạọê0-9 ,;\t\"\n()/.:-]{0,300}",
        ) {
            let text = format!("STT,Họ và tên,Năm sinh,,Giới tính\n,,Nam,Nữ,\n{body}");
            let t = csv_table(text.as_bytes());
            proptest::prop_assert!(t.is_ok());
            let t = t.unwrap();
            // Rows stay in increasing sheet order, below the header.
            let mut last = t.header_row;
            for r in &t.rows {
                proptest::prop_assert!(r.sheet_row > last);
                last = r.sheet_row;
            }
        }

        #[test]
        fn stage_one_never_panics_on_damaged_workbooks(
            cuts in proptest::collection::vec((proptest::num::usize::ANY, proptest::num::u8::ANY), 1..8),
            truncate in proptest::option::of(proptest::num::usize::ANY),
        ) {
            let mut bytes = sample_bytes("xlsx");
            for (at, value) in cuts {
                let i = at % bytes.len();
                bytes[i] = value;
            }
            if let Some(n) = truncate {
                bytes.truncate(n % (bytes.len() + 1));
            }
            let _ = xlsx_table(&bytes);
        }

        #[test]
        fn birth_parser_never_panics(s in "\\PC{0,20}") {
            let _ = parse_birth(&s);
            let _ = phone_text(&s);
            let _ = fold(&s);
        }
    }
}

/// Stage-2 tests: these call `crate::text`, `crate::phone` and
/// `crate::ethnicity`, so they pass only once those modules are implemented.
#[cfg(test)]
mod stage2_tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn sample(ext: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../samples")
            .join(format!("danh-sach-thanh-vien-clb.{ext}"))
    }

    fn read_csv(text: &str) -> RosterReport {
        read_roster_csv(text.as_bytes(), &mut |_, _| {}).expect("roster")
    }

    fn by_name<'a>(report: &'a RosterReport, name: &str) -> &'a RosterRow {
        report
            .rows
            .iter()
            .find(|r| r.full_name == name)
            .unwrap_or_else(|| panic!("{name} not imported: {:?}", report.problems))
    }

    fn codes(report: &RosterReport) -> Vec<(u32, &str, &str)> {
        report
            .problems
            .iter()
            .map(|p| (p.sheet_row, p.field.as_str(), p.code.as_str()))
            .collect()
    }

    const CHO_RO: u8 = 32;
    const XTIENG: u8 = 22;

    fn check_sample(report: &RosterReport, first_row: u32) {
        assert_eq!(report.problems, vec![], "sample rows all import");
        assert_eq!(report.rows.len(), 56);
        for (i, r) in report.rows.iter().enumerate() {
            assert_eq!(r.sheet_row, first_row + i as u32);
        }

        let quang = &report.rows[0];
        assert_eq!(quang.full_name, "Nguyễn Văn Quang");
        assert_eq!(quang.sex, Sex::Male);
        assert_eq!(quang.birth, Birth::Year(1947));
        assert_eq!(quang.roles, vec![Role::Chair]);
        assert_eq!(quang.phone.as_deref(), Some("+84863017203"));
        assert_eq!(quang.ethnicity_code, 1);
        assert_eq!(quang.household, HouseholdStatus::Neither);
        assert_eq!(quang.hamlet, "Tổ 5");
        assert_eq!(quang.note, "Chủ nhiệm");
        assert_eq!(quang.sheet_row, first_row);

        let anh = by_name(report, "Phạm Thị Ánh");
        assert_eq!((anh.sex, anh.birth), (Sex::Female, Birth::Year(1956)));
        assert_eq!(anh.sheet_row, first_row + 2);
        assert_eq!(anh.phone, None);
        assert!(anh.roles.is_empty());

        let hong = by_name(report, "Trần Thị Hồng");
        assert_eq!(hong.phone.as_deref(), Some("+842514452252"));
        assert_eq!(hong.household, HouseholdStatus::Poor);
        assert_eq!(
            by_name(report, "Nguyễn Thị Ánh").phone.as_deref(),
            Some("+842517562269")
        );
        assert_eq!(
            by_name(report, "Trần Thanh Thúy").phone.as_deref(),
            Some("+84943733416")
        );
        assert_eq!(
            by_name(report, "Nguyễn Thị Nga").phone.as_deref(),
            Some("+84946796209")
        );

        assert_eq!(
            by_name(report, "Trần Đình Hải").roles,
            vec![Role::Treasurer]
        );
        assert_eq!(
            by_name(report, "Nguyễn Kim Bích").roles,
            vec![Role::HomeCareVolunteer]
        );
        let with_roles = report.rows.iter().filter(|r| !r.roles.is_empty()).count();
        assert_eq!(with_roles, 3);

        let huc = by_name(report, "Huỳnh Hữu Đức");
        assert_eq!(huc.household, HouseholdStatus::NearPoor);
        let count = |h| report.rows.iter().filter(|r| r.household == h).count();
        assert_eq!(count(HouseholdStatus::Poor), 10);
        assert_eq!(count(HouseholdStatus::NearPoor), 6);
        assert_eq!(count(HouseholdStatus::Neither), 40);

        let eth = |c| report.rows.iter().filter(|r| r.ethnicity_code == c).count();
        assert_eq!(eth(CHO_RO), 3, "Châu Ro is Chơ Ro");
        assert_eq!(eth(XTIENG), 2);
        assert_eq!(eth(1), 51);
        assert_eq!(by_name(report, "Nguyễn Kim Mai").ethnicity_code, CHO_RO);

        let males = report.rows.iter().filter(|r| r.sex == Sex::Male).count();
        assert_eq!(males, 16);
        assert_eq!(report.rows.iter().filter(|r| r.phone.is_some()).count(), 45);
        let hamlets: std::collections::BTreeSet<&str> =
            report.rows.iter().map(|r| r.hamlet.as_str()).collect();
        assert_eq!(
            hamlets.into_iter().collect::<Vec<_>>(),
            vec!["Tổ 5", "Ấp 1", "Ấp 2", "Ấp 3", "Ấp Bàu Cối"]
        );
    }

    #[test]
    fn sample_xlsx_imports_all_members() {
        let mut calls = Vec::new();
        let report = read_roster_file(&sample("xlsx"), &mut |d, t| calls.push((d, t))).unwrap();
        assert_eq!(report.sheet, "DS thanh vien");
        check_sample(&report, 6);
        let expected: Vec<(u64, u64)> = (0..=56).map(|d| (d, 56)).collect();
        assert_eq!(calls, expected, "progress once per row");
    }

    #[test]
    fn sample_csv_imports_the_same_members() {
        let csv = read_roster_file(&sample("csv"), &mut |_, _| {}).unwrap();
        assert_eq!(csv.sheet, "csv");
        check_sample(&csv, 2);
        let xlsx = read_roster_file(&sample("xlsx"), &mut |_, _| {}).unwrap();
        for (a, b) in csv.rows.iter().zip(&xlsx.rows) {
            let mut a = a.clone();
            a.sheet_row += 4;
            assert_eq!(&a, b);
        }
    }

    #[test]
    fn excel_csv_export_imports_like_the_workbook() {
        let csv = super::tests::sample_as_exported_csv();
        let from_csv = read_roster_csv(csv.as_bytes(), &mut |_, _| {}).unwrap();
        let from_xlsx = read_roster_file(&sample("xlsx"), &mut |_, _| {}).unwrap();
        assert_eq!(from_csv.rows, from_xlsx.rows);
        assert_eq!(from_csv.problems, vec![]);
    }

    #[test]
    fn messy_csv_rows_map_or_report_problems() {
        let next_year = chrono::Local::now().date_naive().year() + 1;
        let nfd = |s: &str| s.nfd().collect::<String>();
        let text = format!(
            "\u{feff}DANH SÁCH THÀNH VIÊN\n\
             STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ,Dân tộc,Hoàn cảnh,Địa chỉ (Ấp/Tổ),Số điện thoại,Ghi chú\n\
             1,{nga},,1942,{chauro},{cannheo},{ap3},0946 796 209,{thuquy}\n\
             2,,1950,,Kinh,,Ấp 1,,\n\
             3,Lê Văn Cụ,1890,,Kinh,,Ấp 1,,\n\
             4,Lê Văn Trẻ,{next_year},,Kinh,,Ấp 1,,\n\
             5,Lê Hai Cột,1950,1951,Kinh,,Ấp 1,,\n\
             6,Lê Không Năm,,,Kinh,,Ấp 1,,\n\
             7,Lê Văn Số,1950,,Kinh,,Ấp 1,12345,\n\
             8,Lê Văn Lạ,1950,,Sao Hỏa,,Ấp 1,,\n\
             9,,1950,,Kinh,,Ấp 1,12345,\n\
             ,,,,,,,,\n\
             ,  Trần   Văn  Năm ,1947.0,,,hộ nghèo,Ấp 2,943733416,Phó chủ nhiệm\n\
             11,Trần Thị Ngày,,18/05/1947,,Thoát nghèo,Ấp 2,,Kế toán\n\
             12,Trần Thị Số,,17305,,,Ấp 2,,Ban chủ nhiệm\n\
             13,Trần Văn Nhận,1940,,,,Ấp 2,,Người được chăm sóc\n\
             14,Trần Văn Tình,1990,,,,Ấp 2,,TNV\n\
             15,Trần Văn Kiêm,1960,,,,Ấp 2,,Chủ nhiệm kiêm thủ quỹ\n\
             ,Tổng cộng: 15,,,,,,,\n\
             ,Người lập biểu,,,,,,,Chủ nhiệm CLB\n",
            nga = nfd("Nguyễn  Thị Nga"),
            chauro = nfd("Châu Ro"),
            cannheo = nfd("Hộ cận nghèo"),
            ap3 = nfd("Ấp 3"),
            thuquy = nfd("Thủ quỹ"),
        );
        let report = read_csv(&text);
        assert_eq!(report.sheet, "csv");

        let problems = codes(&report);
        assert_eq!(
            &problems[..6],
            &[
                (4, "full_name", "full_name.required"),
                (5, "birth_year", "birth_year.range"),
                (6, "birth_year", "birth_year.range"),
                (7, "sex", "sex.ambiguous"),
                (8, "birth_year", "birth_year.required"),
                (9, "phone", problems[5].2),
            ]
        );
        assert!(problems[5].2.starts_with("phone."), "{problems:?}");
        assert_eq!((problems[6].0, problems[6].1), (10, "ethnicity"));
        assert!(problems[6].2.starts_with("ethnicity."), "{problems:?}");
        // One row, two problems.
        assert_eq!(
            (problems[7].0, problems[7].1, problems[7].2),
            (11, "full_name", "full_name.required")
        );
        assert_eq!((problems[8].0, problems[8].1), (11, "phone"));
        assert_eq!(problems.len(), 9, "{problems:?}");
        for p in &report.problems {
            assert!(!p.message.is_empty());
        }

        let nga = by_name(&report, "Nguyễn Thị Nga");
        assert_eq!(nga.sheet_row, 3);
        assert_eq!((nga.sex, nga.birth), (Sex::Female, Birth::Year(1942)));
        assert_eq!(nga.ethnicity_code, CHO_RO);
        assert_eq!(nga.household, HouseholdStatus::NearPoor);
        assert_eq!(nga.hamlet, "Ấp 3");
        assert_eq!(nga.roles, vec![Role::Treasurer]);
        assert_eq!(nga.note, "Thủ quỹ");
        assert_eq!(nga.phone.as_deref(), Some("+84946796209"));

        let nam = by_name(&report, "Trần Văn Năm");
        assert_eq!(nam.sheet_row, 13, "the empty row 12 is skipped but counted");
        assert_eq!((nam.sex, nam.birth), (Sex::Male, Birth::Year(1947)));
        assert_eq!(nam.household, HouseholdStatus::Poor);
        assert_eq!(
            nam.phone.as_deref(),
            Some("+84943733416"),
            "leading 0 restored"
        );
        assert_eq!(nam.roles, vec![Role::ViceChair]);
        assert_eq!(nam.ethnicity_code, 1);

        let ngay = by_name(&report, "Trần Thị Ngày");
        assert_eq!(
            ngay.birth,
            Birth::Date(NaiveDate::from_ymd_opt(1947, 5, 18).unwrap())
        );
        assert_eq!(ngay.household, HouseholdStatus::Neither);
        assert_eq!(ngay.roles, vec![Role::Accountant]);
        let so = by_name(&report, "Trần Thị Số");
        assert_eq!(so.birth, ngay.birth, "Excel date serial");
        assert_eq!(so.sex, Sex::Female);
        assert_eq!(so.roles, vec![Role::BoardMember]);
        assert_eq!(
            by_name(&report, "Trần Văn Nhận").roles,
            vec![Role::CareRecipient]
        );
        assert_eq!(
            by_name(&report, "Trần Văn Tình").roles,
            vec![Role::HomeCareVolunteer]
        );
        assert_eq!(
            by_name(&report, "Trần Văn Kiêm").roles,
            vec![Role::Chair, Role::Treasurer]
        );
        assert_eq!(report.rows.len(), 7);
    }

    #[test]
    fn messy_xlsx_rows() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/roster/messy-roster.xlsx");
        let report = read_roster_file(&path, &mut |_, _| {}).unwrap();
        assert_eq!(report.sheet, "DS");
        assert_eq!(
            codes(&report),
            vec![
                (12, "full_name", "full_name.required"),
                (13, "sex", "sex.ambiguous")
            ]
        );
        assert_eq!(report.rows.len(), 4);
        let quang = by_name(&report, "Nguyễn Văn Quang");
        assert_eq!(quang.sheet_row, 7);
        assert_eq!((quang.sex, quang.birth), (Sex::Male, Birth::Year(1947)));
        assert_eq!(quang.phone.as_deref(), Some("+84943733416"));
        assert_eq!(quang.roles, vec![Role::Chair]);
        let anh = by_name(&report, "Phạm Thị Ánh");
        assert_eq!(anh.sex, Sex::Female);
        assert_eq!(
            anh.birth,
            Birth::Date(NaiveDate::from_ymd_opt(1956, 5, 18).unwrap())
        );
        assert_eq!(anh.ethnicity_code, CHO_RO);
        let cuc = by_name(&report, "Lê Thị Cúc");
        assert_eq!(
            (cuc.sheet_row, cuc.sex, cuc.birth),
            (10, Sex::Female, Birth::Year(1961))
        );
        assert_eq!(cuc.household, HouseholdStatus::NearPoor);
        let binh = by_name(&report, "Trần Văn Bình");
        assert_eq!(binh.phone.as_deref(), Some("+842514452252"));
        assert_eq!(binh.roles, vec![Role::Treasurer]);
        assert_eq!(binh.hamlet, "Ấp 3");
    }

    #[test]
    fn gioi_tinh_column_gives_the_sex() {
        let report = read_csv(
            "STT,Họ và tên,Giới tính,Năm sinh\n\
             1,A Nam,Nam,1950\n\
             2,B Nu,nữ,05/06/1960\n\
             3,C Thieu,,1950\n\
             4,D La,khác,1950\n\
             5,E Khong,Nam,\n",
        );
        assert_eq!(by_name(&report, "A Nam").sex, Sex::Male);
        let b = by_name(&report, "B Nu");
        assert_eq!(b.sex, Sex::Female);
        assert_eq!(
            b.birth,
            Birth::Date(NaiveDate::from_ymd_opt(1960, 6, 5).unwrap())
        );
        assert_eq!(
            codes(&report),
            vec![
                (4, "sex", "sex.required"),
                (5, "sex", "sex.invalid"),
                (6, "birth_year", "birth_year.required"),
            ]
        );
    }

    #[test]
    fn conflicting_sex_is_a_problem() {
        let report = read_csv("STT,Họ và tên,Giới tính,Năm sinh Nam,Năm sinh Nữ\n1,A,Nữ,1950,\n");
        assert_eq!(codes(&report), vec![(2, "sex", "sex.conflict")]);
    }

    #[test]
    fn progress_reports_every_row() {
        let mut calls = Vec::new();
        read_roster_csv(
            "STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ\n1,A,1950,\n2,,1950,\n3,C,,1951\n".as_bytes(),
            &mut |d, t| calls.push((d, t)),
        )
        .unwrap();
        assert_eq!(calls, vec![(0, 3), (1, 3), (2, 3), (3, 3)]);
    }

    proptest::proptest! {
        #[test]
        fn read_roster_csv_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = read_roster_csv(&bytes, &mut |_, _| {});
        }

        #[test]
        fn read_roster_csv_never_panics_on_rows(
            body in "[A-Za-zĐđạọêữ0-9 ,;\"\n()/.:+-]{0,300}",
        ) {
            let text = format!("STT,Họ và tên,Năm sinh,,Giới tính,Dân tộc,Hoàn cảnh,Số điện thoại,Ghi chú\n,,Nam,Nữ,,,,,\n{body}");
            let report = read_roster_csv(text.as_bytes(), &mut |_, _| {});
            proptest::prop_assert!(report.is_ok());
        }
    }
}
