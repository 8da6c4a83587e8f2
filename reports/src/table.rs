//! A report table as provincial offices lay theirs out (*biểu mẫu báo
//! cáo*): the issuing body and the national motto above, a title and the
//! reporting period, the unit (*Đơn vị tính: đồng*), a header row with
//! Vietnamese headers (English beside), a row of column numbers `(1) (2) …`,
//! one row per unit numbered in a `TT` column, a totals row (*Tổng cộng*),
//! then the place and date and the signature lines.
//!
//! The same [`Table`] is written as an Excel sheet ([`crate::xlsx`]) and
//! rendered as a printable HTML table by the server, so both show the same
//! figures.

use chrono::NaiveDate;
use ishc_core::money::format_dong;
use serde::Serialize;

/// What a column holds, which fixes its Excel format and how its total is
/// made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// Text (names, codes, yes/no).
    Text,
    /// A whole number (clubs, members, visits).
    Count,
    /// Money, whole đồng.
    Money,
    /// A share of a whole, shown as a percent with one decimal.
    Percent,
    /// A calendar date, `dd/mm/yyyy`.
    Date,
}

/// A column: its Vietnamese header, the English beside it, and its kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Vietnamese header, e.g. `Số thành viên`.
    pub header_vi: String,
    /// English header, e.g. `Members` (shown under the Vietnamese one).
    pub header_en: String,
    /// What the column holds.
    pub kind: Kind,
    /// Width in Excel character units.
    pub width: f64,
}

impl Column {
    /// A column of `kind` with a width that suits it.
    pub fn new(header_vi: &str, header_en: &str, kind: Kind) -> Column {
        let width = match kind {
            Kind::Text => 30.0,
            Kind::Count => 12.0,
            Kind::Money => 16.0,
            Kind::Percent => 11.0,
            Kind::Date => 12.0,
        };
        Column {
            header_vi: header_vi.to_string(),
            header_en: header_en.to_string(),
            kind,
            width,
        }
    }

    /// The same column with another width.
    pub fn width(mut self, width: f64) -> Column {
        self.width = width;
        self
    }
}

/// One cell's value. Money is whole đồng (`i64`); a share is two counts,
/// never a float (it becomes a percent only when shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A whole number.
    Count(i64),
    /// Whole đồng.
    Money(i64),
    /// `count` of `of`.
    Share {
        /// The part.
        count: u32,
        /// The whole.
        of: u32,
    },
    /// A calendar date.
    Date(NaiveDate),
    /// Nothing.
    Empty,
}

impl Cell {
    /// Text from anything printable.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The share in per mille, rounded half up; `None` for other cells and
    /// for a share of nothing.
    pub fn per_mille(&self) -> Option<u32> {
        match *self {
            Cell::Share { count, of } if of > 0 => {
                let (c, t) = (u64::from(count), u64::from(of));
                u32::try_from((c * 1000 + t / 2) / t).ok()
            }
            _ => None,
        }
    }

    /// Whether the cell is a number (printed right-aligned).
    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Count(_) | Cell::Money(_) | Cell::Share { .. })
    }

    /// The cell as it is printed in Vietnamese: counts `1.234`, money
    /// `1.500.000` (the unit is in the heading), shares `57,1%` (`—` of
    /// nothing), dates `21/03/2026`.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Count(n) => group_thousands(*n),
            Cell::Money(d) => format_dong(*d).trim_end_matches(" ₫").to_string(),
            Cell::Share { .. } => match self.per_mille() {
                Some(pm) => format!("{},{}%", pm / 10, pm % 10),
                None => "—".to_string(),
            },
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// `1234567` as `1.234.567` (Vietnamese thousands separators).
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    let first = match digits.len() % 3 {
        0 => 3,
        k => k,
    };
    for (i, c) in digits.chars().enumerate() {
        if i >= first && (i - first) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// What the totals row holds in one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Total {
    /// Nothing.
    Blank,
    /// A label, e.g. `Tổng cộng`.
    Label(String),
    /// The column's sum: counts and money added up (an Excel `SUM` formula
    /// whose cached value is the exact integer sum); shares added part to
    /// part and whole to whole.
    Sum,
    /// A value given as is (a figure that is not a sum of the rows).
    Value(Cell),
}

/// The heading and footing around a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// The issuing body, upper case, e.g. `UBND TỈNH ĐỒNG NAI`.
    pub authority: String,
    /// The title, e.g. `BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM 2025`.
    pub title: String,
    /// Lines under the title, e.g. `(Kỳ báo cáo: 01/01/2025–31/12/2025)`.
    pub subtitle: Vec<String>,
    /// The unit note shown above the table on the right, e.g.
    /// `Đơn vị tính: đồng`; `None` when no column is money.
    pub unit_note: Option<String>,
    /// Place of the signature line, e.g. `Đồng Nai`.
    pub place: String,
    /// Date of the signature line (`…, ngày 05 tháng 01 năm 2026`).
    pub dated: NaiveDate,
    /// Signature titles, left to right, e.g. `NGƯỜI LẬP BIỂU`.
    pub signatures: Vec<String>,
}

impl Heading {
    /// `Đồng Nai, ngày 05 tháng 01 năm 2026`.
    pub fn date_line(&self) -> String {
        format!(
            "{}, ngày {} tháng {} năm {}",
            self.place,
            self.dated.format("%d"),
            self.dated.format("%m"),
            self.dated.format("%Y")
        )
    }
}

/// The national motto every official table carries.
pub const MOTTO: [&str; 2] = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
];

/// A report table (one Excel sheet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Sheet name (at most 31 characters, none of `[]:*?/\`).
    pub sheet_name: String,
    /// Heading and footing.
    pub heading: Heading,
    /// Columns, after the `TT` column.
    pub columns: Vec<Column>,
    /// Rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// The totals row, one entry per column; `None` for no totals row.
    pub totals: Option<Vec<Total>>,
}

/// Why a table cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A row or the totals row has another number of cells than there are
    /// columns (`report.row_width`).
    #[error("{what} has {found} cells for {expected} columns")]
    RowWidth {
        /// Which row.
        what: String,
        /// Cells found.
        found: usize,
        /// Columns.
        expected: usize,
    },
    /// A sum overflowed `i64` (`report.overflow`).
    #[error("the total of column '{0}' does not fit in 64 bits")]
    Overflow(String),
    /// The workbook writer failed (`report.xlsx`).
    #[error("the workbook could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

impl ReportError {
    /// Stable code (`docs/ERRORS.md`).
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::RowWidth { .. } => "report.row_width",
            ReportError::Overflow(_) => "report.overflow",
            ReportError::Xlsx(_) => "report.xlsx",
        }
    }
}

impl Table {
    /// Checks that every row and the totals row have one cell per column.
    pub fn check(&self) -> Result<(), ReportError> {
        let expected = self.columns.len();
        for (i, row) in self.rows.iter().enumerate() {
            if row.len() != expected {
                return Err(ReportError::RowWidth {
                    what: format!("row {}", i + 1),
                    found: row.len(),
                    expected,
                });
            }
        }
        if let Some(t) = &self.totals {
            if t.len() != expected {
                return Err(ReportError::RowWidth {
                    what: "the totals row".to_string(),
                    found: t.len(),
                    expected,
                });
            }
        }
        Ok(())
    }

    /// The totals row's cells, computed: sums of counts and money as exact
    /// integers, shares part to part and whole to whole. `None` when the
    /// table has no totals row.
    ///
    /// Errors: [`ReportError::RowWidth`], [`ReportError::Overflow`].
    pub fn total_cells(&self) -> Result<Option<Vec<Cell>>, ReportError> {
        self.check()?;
        let Some(totals) = &self.totals else {
            return Ok(None);
        };
        totals
            .iter()
            .enumerate()
            .map(|(c, t)| match t {
                Total::Blank => Ok(Cell::Empty),
                Total::Label(s) => Ok(Cell::Text(s.clone())),
                Total::Value(v) => Ok(v.clone()),
                Total::Sum => self.sum_column(c),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    fn sum_column(&self, c: usize) -> Result<Cell, ReportError> {
        let overflow = || ReportError::Overflow(self.columns[c].header_vi.clone());
        match self.columns[c].kind {
            Kind::Count | Kind::Money => {
                let mut sum: i64 = 0;
                for row in &self.rows {
                    if let Cell::Count(n) | Cell::Money(n) = row[c] {
                        sum = sum.checked_add(n).ok_or_else(overflow)?;
                    }
                }
                Ok(if self.columns[c].kind == Kind::Money {
                    Cell::Money(sum)
                } else {
                    Cell::Count(sum)
                })
            }
            Kind::Percent => {
                let (mut count, mut of) = (0u32, 0u32);
                for row in &self.rows {
                    if let Cell::Share { count: k, of: n } = row[c] {
                        count = count.checked_add(k).ok_or_else(overflow)?;
                        of = of.checked_add(n).ok_or_else(overflow)?;
                    }
                }
                Ok(Cell::Share { count, of })
            }
            Kind::Text | Kind::Date => Ok(Cell::Empty),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_print_the_vietnamese_way() {
        assert_eq!(Cell::Count(1_234_567).display(), "1.234.567");
        assert_eq!(Cell::Count(999).display(), "999");
        assert_eq!(Cell::Count(-1000).display(), "-1.000");
        assert_eq!(Cell::Money(60_000_000).display(), "60.000.000");
        assert_eq!(Cell::Share { count: 4, of: 7 }.display(), "57,1%");
        assert_eq!(Cell::Share { count: 1, of: 16 }.display(), "6,3%");
        assert_eq!(Cell::Share { count: 0, of: 0 }.display(), "—");
        assert_eq!(
            Cell::Date(NaiveDate::from_ymd_opt(2026, 3, 21).unwrap()).display(),
            "21/03/2026"
        );
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(i64::MIN), "-9.223.372.036.854.775.808");
    }

    fn table(rows: Vec<Vec<Cell>>) -> Table {
        Table {
            sheet_name: "CLB".into(),
            heading: Heading {
                authority: "UBND TỈNH ĐỒNG NAI".into(),
                title: "T".into(),
                subtitle: vec![],
                unit_note: None,
                place: "Đồng Nai".into(),
                dated: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
                signatures: vec![],
            },
            columns: vec![
                Column::new("Tên", "Name", Kind::Text),
                Column::new("Thành viên", "Members", Kind::Count),
                Column::new("Dư nợ", "Outstanding", Kind::Money),
                Column::new("Vay vốn", "Borrowing", Kind::Percent),
            ],
            rows,
            totals: Some(vec![
                Total::Label("Tổng cộng".into()),
                Total::Sum,
                Total::Sum,
                Total::Sum,
            ]),
        }
    }

    #[test]
    fn totals_add_counts_money_and_shares_part_to_part() {
        let t = table(vec![
            vec![
                Cell::text("A"),
                Cell::Count(52),
                Cell::Money(41_500_000),
                Cell::Share { count: 27, of: 52 },
            ],
            vec![
                Cell::text("B"),
                Cell::Count(61),
                Cell::Money(0),
                Cell::Share { count: 30, of: 61 },
            ],
        ]);
        assert_eq!(
            t.total_cells().unwrap().unwrap(),
            vec![
                Cell::text("Tổng cộng"),
                Cell::Count(113),
                Cell::Money(41_500_000),
                // 57 of 113 = 50.44…%, not the mean of 51.9% and 49.2%.
                Cell::Share { count: 57, of: 113 },
            ]
        );
        assert_eq!(Cell::Share { count: 57, of: 113 }.display(), "50,4%");
    }

    #[test]
    fn rows_of_the_wrong_width_and_overflowing_sums_are_refused() {
        let t = table(vec![vec![Cell::text("A")]]);
        let e = t.total_cells().unwrap_err();
        assert_eq!(e.code(), "report.row_width");
        assert_eq!(e.to_string(), "row 1 has 1 cells for 4 columns");
        let t = table(vec![
            vec![
                Cell::text("A"),
                Cell::Count(1),
                Cell::Money(i64::MAX),
                Cell::Empty,
            ],
            vec![Cell::text("B"), Cell::Count(1), Cell::Money(1), Cell::Empty],
        ]);
        assert_eq!(t.total_cells().unwrap_err().code(), "report.overflow");
    }

    #[test]
    fn the_date_line() {
        let t = table(vec![]);
        assert_eq!(t.heading.date_line(), "Đồng Nai, ngày 05 tháng 01 năm 2026");
    }
}
