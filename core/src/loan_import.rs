//! Reading a treasurer's loan book (*sổ theo dõi cho vay vốn quay vòng*) from
//! the clubs' own Excel (.xlsx) and CSV files, in the layout of
//! `samples/so-cho-vay-von-quay-vong.*`, and planning its import: the loans
//! with their repayment history, and every row that cannot be taken, with its
//! sheet row, column, field and rule.
//!
//! Pure: bytes (and, for the plan, the club's people, loans and fund entries)
//! in, a report out. [`crate::store::Store::plan_loan_import`] gathers what
//! the plan needs and [`crate::store::Store::import_loans`] records a plan in
//! one transaction through the store's own disbursement and repayment rules.
//!
//! # Stage 1: layout
//!
//! The sheet becomes a grid of cells (text, numbers with whether their number
//! format is a percentage, dates) with Excel's 1-based row numbers. The
//! header row is the first of the top 20 rows with a borrower-name column
//! (`Họ tên người vay`, `Họ và tên`, `Người vay`, …) and a principal column
//! (`Số tiền vay`, `Số vốn vay`, `Mức vay`, …). Other columns: `STT`, the
//! disbursement date (`Ngày vay`, `Ngày giải ngân`, `Ngày nhận vốn`), the
//! term (`Thời hạn`, `Kỳ hạn`, `Thời gian vay`), the monthly rate
//! (`Lãi suất`, `LS`), the method (`Phương thức`, `Cách tính lãi`), the
//! purpose (`Mục đích`), the outstanding balance (`Dư nợ`, `Còn nợ`; not
//! `Dư nợ đầu kỳ`), the borrower's birth year (`Năm sinh`) and hamlet (`Ấp`,
//! `Địa chỉ`), and one column per calendar month of repayments: `T1` … `T12`,
//! `Th1`, `Tháng 1`, `Tháng 01/2026`, `01/2026`, `T1/26`. Up to two rows under
//! the header refine it when they hold sub-headings (a merged two- or
//! three-row header): month numbers `1` … `12` or `Tháng n` under a merged
//! repayments heading (`Số tiền trả nợ hàng tháng`, `Trả nợ năm 2026`, …),
//! `Gốc`/`Lãi` under a month (the month's repayment is their sum), or an
//! ordinary heading under an empty (merged) header cell. A column-numbering
//! row (`1 2 3 …`, `(1) (2) …`) is skipped. Totals columns (`Tổng`, `Cộng`)
//! are not months.
//!
//! A month column's year is the one its heading names, else the repayments
//! heading's (`Trả nợ năm 2026`), else [`LoanBookOptions::year`], else the one
//! year the title rows above the header name (`SỔ … NĂM 2026`); months that
//! go back (`T12` then `T1`) move to the next year. Month columns whose year
//! cannot be known are an error (`loan_import.no_year`).
//!
//! The table ends as a roster's does ([`crate::roster`]): on a row without a
//! numeric STT, at a totals row (`Cộng`, `Tổng cộng`) or a signature line,
//! or after two or more empty rows unless a numbered, named row follows.
//! Empty rows, rows holding only a pre-printed STT and repeated header rows
//! are skipped.
//!
//! # Stage 2: each row
//!
//! A row becomes a [`BookLoan`] or one or more [`LoanRowProblem`]s; a row
//! with any problem is not imported. Values are read as the sheet writes them:
//!
//! * dates: date cells, Excel serials (`46098`), `dd/mm/yyyy` (also `-` and
//!   `.`; `m/d/yyyy` only when the day-first reading is impossible) and ISO
//!   `yyyy-mm-dd`;
//! * money: number cells holding whole đồng, or text in any spelling
//!   [`crate::money::parse_dong`] reads (`5.000.000`, `5tr`, `1,5tr`); an
//!   empty, `0` or `-` repayment cell means nothing was paid that month;
//! * the term: `12`, `12 tháng`, `12T`, `1 năm` (12 months);
//! * the rate, in percent a month: `0.8`, `0,8%`, `0,8%/tháng`, or a number
//!   cell formatted as a percentage (`0.008` shown as `0.8%`), stored as basis
//!   points ([`crate::input::parse_rate_bp`]: at most two decimals); a yearly
//!   rate (`%/năm`, or a `Lãi suất (%/năm)` heading) is refused
//!   (`loan_import.rate_per_year`), not converted;
//! * the method: `Lãi phẳng`/`phẳng`/`cố định` (flat) or `Dư nợ giảm
//!   dần`/`giảm dần`/`DNGD` (declining balance); an empty cell, or no method
//!   column, takes [`LoanBookOptions::default_method`].
//!
//! **Repayment dates.** A book records how much was paid in each month, not
//! on which day. A month's repayment is dated on the loan's due day in that
//! month (the disbursement date plus whole months, as [`crate::loan`] dates
//! installments: a loan disbursed on 17/03 repays on 17/05 in `T5`), which is
//! the disbursement date itself in the disbursement month. The plan moves a
//! repayment of the current month whose due day is still ahead to today.
//!
//! Checks, in order: the terms ([`crate::loan::validate_terms`]); no
//! repayment in a month before the disbursement
//! (`loan.repaid_before_disbursed`); a loan whose first installment fell due
//! before the book's first month column is refused (`loan_import.before_book`:
//! its earlier repayments are in an older book); each month's repayment in
//! order through [`crate::loan::check_repayment`] (`loan.overpayment`, with
//! the figures); and the sheet's outstanding balance, when stated, against
//! the principal outstanding the core computes from those repayments
//! (`loan_import.outstanding_mismatch`, with both figures).
//!
//! # The plan
//!
//! [`plan`] matches each borrower with the club's registered people on the
//! name's [`search_key`] (case, diacritics, `đ`/`d`, spacing and Unicode form
//! do not matter), narrowed by the sheet's birth year and hamlet when it has
//! them; no match (`loan_import.borrower_unknown`) or several
//! (`loan_import.borrower_ambiguous`, listing them) is a problem, never a
//! guess. The borrower must be a member on the disbursement date
//! (`loan.not_member`, `member.left`). Nothing may be dated after today
//! (`loan_import.future`).
//!
//! **Already imported.** A loan of the sheet is the same loan as one already
//! in the club's book when it has the same borrower, disbursement date and
//! principal (a member is not lent the same sum twice on one day) and its
//! disbursement was not reversed. With the same term, rate and method it is
//! reported as already imported and left alone, repayments included (the
//! sheet's and the recorded totals are reported side by side: months filled
//! in the sheet since cannot be told apart from repayments recorded on the
//! phone in other months, so none is added by guess), and importing a book
//! twice creates nothing the second time; with other terms it is a problem
//! (`loan_import.conflicting_loan`). Two rows of one sheet with that key are
//! a problem too (`loan_import.duplicate_row`).
//!
//! **The fund.** Disbursements come out of the income-generation fund. The
//! plan replays the import in the order the store records it (by date; on a
//! date, disbursements before repayments; then by sheet row and month) over
//! the fund's existing entries, with the store's own rule (an outflow may not
//! take the fund's end-of-day balance below zero on its date or any later
//! date), and reports the smallest grant or opening balance, and the date it
//! must be recorded by, that lets every disbursement through.

use crate::error::{Error, FieldError, Result};
use crate::loan::{self, LoanTerms, Repayment};
use crate::model::{InterestMethod, Member, Membership};
use crate::roster::{
    csv_grid, decode_csv, excel_serial_date, float_text, fold, is_number, is_numbering_cell,
    is_signature, is_totals, starts_with_words,
};
use crate::text::{normalize_text, search_key};
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// How to read a loan book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoanBookOptions {
    /// Year of month columns whose heading does not name one (`T1` … `T12`).
    /// It overrides the year the title names (`NĂM 2026`); headings that
    /// name their year (`T1/2026`) keep it.
    pub year: Option<i32>,
    /// Interest method of loans whose row does not state one. The command
    /// line's default is flat (*lãi phẳng*), which the sample book's
    /// installments follow (5.000.000 ₫ over 10 months at 0,8%: 540.000 ₫ a
    /// month).
    pub default_method: InterestMethod,
}

impl Default for LoanBookOptions {
    fn default() -> Self {
        LoanBookOptions {
            year: None,
            default_method: InterestMethod::Flat,
        }
    }
}

/// A month column of the book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthColumn {
    /// Column letters (`H`); several columns may share a month (`Gốc`, `Lãi`).
    pub column: String,
    /// The heading as written (`T1`, `Tháng 1 / Gốc`).
    pub heading: String,
    /// Calendar year.
    pub year: i32,
    /// Calendar month, 1–12.
    pub month: u32,
}

/// One month's repayment of a loan as the book records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookRepayment {
    /// Column letters of the month (`L`; `H+I` when a month has a principal
    /// and an interest column).
    pub column: String,
    /// The month's heading as written (`T5`).
    pub heading: String,
    /// Calendar year.
    pub year: i32,
    /// Calendar month, 1–12.
    pub month: u32,
    /// The date it is recorded on: the loan's due day in that month (see the
    /// [module documentation](self)).
    pub paid_on: NaiveDate,
    /// Amount paid, đồng, positive.
    pub amount: i64,
}

/// A loan row that can be imported, as the sheet gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookLoan {
    /// Row number in the sheet as Excel shows it (1-based).
    pub sheet_row: u32,
    /// Borrower's name as written, normalised (NFC, single spaces).
    pub borrower_name: String,
    /// Borrower's birth year, when the sheet has a birth column and it is filled.
    pub birth_year: Option<i32>,
    /// Borrower's hamlet, when the sheet has one.
    pub hamlet: Option<String>,
    /// Principal (đồng), disbursement date, term (months), monthly rate (basis
    /// points) and method.
    pub terms: LoanTerms,
    /// Whether the method was written in the row (else it is the default).
    pub method_stated: bool,
    /// Purpose (*mục đích*), normalised.
    pub purpose: String,
    /// Repayments, one per month with a payment, in date order.
    pub repayments: Vec<BookRepayment>,
    /// Sum of the repayments, đồng.
    pub repaid: i64,
    /// The outstanding balance (*dư nợ*) the sheet states, đồng, if any.
    pub stated_outstanding: Option<i64>,
    /// Principal outstanding the core computes from the repayments, đồng.
    pub principal_outstanding: i64,
    /// Scheduled interest not yet paid, đồng.
    pub interest_outstanding: i64,
}

/// A row, or a cell of it, that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoanRowProblem {
    /// Row number in the sheet (1-based).
    pub sheet_row: u32,
    /// Column letters of the cell at fault (`B`), empty when the sheet has
    /// no such column.
    pub column: String,
    /// The column's heading as written (`Họ tên người vay`, `T5`).
    pub heading: String,
    /// Field at fault: `borrower`, `birth_year`, `hamlet`, `disbursed_on`,
    /// `principal`, `term_months`, `monthly_rate`, `method`, `purpose`,
    /// `repayment`, `outstanding`.
    pub field: String,
    /// Stable rule code (`docs/ERRORS.md`).
    pub code: String,
    /// English explanation naming the rule and the figures.
    pub message: String,
}

/// A column of the book: its letters and heading (both empty when the
/// sheet has no such column).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnRef {
    /// Column letters (`B`).
    pub column: String,
    /// Heading as written.
    pub heading: String,
}

/// What a loan book holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoanBook {
    /// Sheet name (`"csv"` for CSV files).
    pub sheet: String,
    /// Sheet row of the header.
    pub header_row: u32,
    /// The borrower's name column.
    pub borrower_column: ColumnRef,
    /// The disbursement date column.
    pub disbursed_on_column: ColumnRef,
    /// The month columns, in sheet order.
    pub months: Vec<MonthColumn>,
    /// Loans that can be imported, in sheet order.
    pub loans: Vec<BookLoan>,
    /// Rows that cannot, in sheet order.
    pub problems: Vec<LoanRowProblem>,
}

/// A loan already in the club's book, as [`plan`] compares with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExistingLoan {
    /// Loan id.
    pub id: String,
    /// Borrower (for a merged record, the record kept).
    pub borrower_id: String,
    /// Principal, đồng.
    pub principal: i64,
    /// Disbursement date.
    pub disbursed_on: NaiveDate,
    /// Term, months.
    pub term_months: u32,
    /// Monthly rate, basis points.
    pub monthly_rate_bp: u32,
    /// Method.
    pub method: InterestMethod,
    /// Sum of its repayments that are not reversed, đồng.
    pub repaid: i64,
}

/// What [`plan`] needs from the club's database.
#[derive(Debug, Clone, Copy)]
pub struct PlanContext<'a> {
    /// The club's people (members, those who left and care recipients;
    /// merged records excluded).
    pub members: &'a [Member],
    /// The club's loans whose disbursement was not reversed.
    pub existing_loans: &'a [ExistingLoan],
    /// The income-generation fund's entries: date and signed amount, đồng.
    pub fund_entries: &'a [(NaiveDate, i64)],
    /// Today in Vietnam.
    pub today: NaiveDate,
}

/// A loan's position today, as planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedPosition {
    /// Principal outstanding (*dư nợ gốc*), đồng.
    pub principal_outstanding: i64,
    /// Scheduled interest not yet paid, đồng.
    pub interest_outstanding: i64,
    /// What fell due before today and is unpaid, đồng.
    pub overdue_amount: i64,
    /// Days past due today.
    pub days_past_due: u32,
}

/// A loan the import will create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedLoan {
    /// Row number in the sheet.
    pub sheet_row: u32,
    /// The matched borrower's member id.
    pub borrower_id: String,
    /// The matched borrower's name as registered.
    pub borrower_name: String,
    /// Terms.
    pub terms: LoanTerms,
    /// Whether the row stated the method.
    pub method_stated: bool,
    /// Purpose.
    pub purpose: String,
    /// Repayments in date order (dates of the current month moved to today).
    pub repayments: Vec<BookRepayment>,
    /// Sum of the repayments, đồng.
    pub repaid: i64,
    /// Position today.
    pub position: PlannedPosition,
}

/// A loan of the sheet that is already in the club's book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlreadyImported {
    /// Row number in the sheet.
    pub sheet_row: u32,
    /// The loan in the database.
    pub loan_id: String,
    /// Borrower's name as registered.
    pub borrower_name: String,
    /// Sum of the sheet's repayments, đồng.
    pub repaid_in_sheet: i64,
    /// Sum of the repayments recorded in the database, đồng.
    pub repaid_recorded: i64,
}

/// The income-generation fund against the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundCheck {
    /// The fund's balance before the import (all its entries), đồng.
    pub balance: i64,
    /// Principal the import disburses, đồng.
    pub disbursed: i64,
    /// Repayments the import records, đồng.
    pub repaid: i64,
    /// Balance after the import, đồng.
    pub balance_after: i64,
    /// The smallest grant or opening balance the fund needs before the import
    /// can go through, đồng (0 when it holds enough).
    pub shortfall: i64,
    /// The date that grant must be recorded on or before (the first
    /// disbursement the fund cannot cover).
    pub grant_by: Option<NaiveDate>,
}

/// The import of a loan book, planned against a club's database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoanImportPlan {
    /// Sheet name.
    pub sheet: String,
    /// The date the plan was made for (today).
    pub as_of: NaiveDate,
    /// Loans to create, in sheet order.
    pub loans: Vec<PlannedLoan>,
    /// Loans already in the book, in sheet order.
    pub already_imported: Vec<AlreadyImported>,
    /// Rows that cannot be imported, in sheet order.
    pub problems: Vec<LoanRowProblem>,
    /// The fund check.
    pub fund: FundCheck,
}

/// One step of recording a plan: a loan's disbursement (`repayment: None`)
/// or one of its repayments (an index into [`PlannedLoan::repayments`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportStep {
    /// Index into [`LoanImportPlan::loans`].
    pub loan: usize,
    /// Index into that loan's repayments, or `None` for the disbursement.
    pub repayment: Option<usize>,
}

// ---------------------------------------------------------------------------
// Reading files
// ---------------------------------------------------------------------------

/// Reads a loan book from a `.xlsx` (also `.xls`, `.xlsb`, `.ods`) or `.csv`
/// file, chosen by extension. `progress(done, total)` is called as rows are
/// read. Errors: the file cannot be read, an unsupported extension
/// (`loan_import.format`), and those of [`read_loan_book_xlsx`] and
/// [`read_loan_book_csv`].
pub fn read_loan_book_file(
    path: &Path,
    options: &LoanBookOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<LoanBook> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => read_loan_book_csv(&std::fs::read(path)?, options, progress),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            read_loan_book_xlsx(&std::fs::read(path)?, options, progress)
        }
        _ => Err(file_error(
            "loan_import.format",
            format!("unsupported loan book file type {ext:?}; use an .xlsx or .csv file"),
        )),
    }
}

/// Reads a loan book from the bytes of a workbook: the first sheet with a
/// header row. `progress(done, total)` is called once per data row. Errors
/// (field `file`): `loan_import.unreadable` when the bytes are not a
/// workbook, `loan_import.no_header` when no sheet has a header with a
/// borrower and a principal column, `loan_import.no_year` (field `year`) when
/// month columns do not say their year.
pub fn read_loan_book_xlsx(
    bytes: &[u8],
    options: &LoanBookOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<LoanBook> {
    // calamine is run under catch_unwind: a malformed file that made it
    // panic is reported as unreadable.
    let sheets = std::panic::catch_unwind(|| workbook_grids(bytes))
        .map_err(|_| unreadable("the workbook is malformed"))??;
    for (name, grid) in sheets {
        if let Some(table) = layout(&grid, options)? {
            return Ok(map_table(name, &table, options, progress));
        }
    }
    Err(no_header())
}

/// Reads a loan book from the bytes of a CSV file: UTF-8 with or without BOM
/// (Excel's "CSV UTF-8") or UTF-16 with BOM, separated by `,`, `;` or tab
/// (the one whose header has the most recognised columns). Every record is
/// one sheet row, counted as Excel shows the file. Errors as
/// [`read_loan_book_xlsx`], and `loan_import.encoding` for text that is not
/// UTF-8 or UTF-16.
pub fn read_loan_book_csv(
    bytes: &[u8],
    options: &LoanBookOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<LoanBook> {
    let text = decode_csv(bytes).map_err(|_| {
        file_error(
            "loan_import.encoding",
            "the CSV file is not UTF-8; save it from Excel as \"CSV UTF-8\"",
        )
    })?;
    let mut best: Option<(usize, Table)> = None;
    let mut first_error = None;
    for delimiter in [b',', b';', b'\t'] {
        let grid: Vec<Row> = csv_grid(&text, delimiter)
            .into_iter()
            .map(|r| Row {
                sheet_row: r.sheet_row,
                cells: r.cells.into_iter().map(Cell::text_cell).collect(),
            })
            .collect();
        match layout(&grid, options) {
            Ok(Some(table)) => {
                let known = table.columns.iter().flatten().count();
                if best.as_ref().is_none_or(|(k, _)| known > *k) {
                    best = Some((known, table));
                }
            }
            Ok(None) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match (best, first_error) {
        (Some((_, table)), _) => Ok(map_table("csv".to_string(), &table, options, progress)),
        (None, Some(e)) => Err(e),
        (None, None) => Err(no_header()),
    }
}

fn file_error(code: &str, message: impl Into<String>) -> Error {
    Error::Invalid(FieldError::new(code, "file", message))
}

fn no_header() -> Error {
    file_error(
        "loan_import.no_header",
        "no header row with a borrower column (Họ tên người vay) and a principal column (Số tiền vay) was found in the first 20 rows",
    )
}

fn unreadable(what: impl std::fmt::Display) -> Error {
    file_error(
        "loan_import.unreadable",
        format!("the file cannot be read as a loan book: {what}"),
    )
}

// ---------------------------------------------------------------------------
// Stage 1: cells and layout
// ---------------------------------------------------------------------------

/// A cell as the workbook holds it.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    /// A number; `percent` when its number format shows it as a percentage.
    Number {
        value: f64,
        percent: bool,
    },
    Date(NaiveDate),
}

impl Cell {
    fn text_cell(s: String) -> Cell {
        if s.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// The cell as text (numbers without `.0`, dates `dd/mm/yyyy`).
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number { value, .. } => float_text(*value),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// One sheet row.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    sheet_row: u32,
    cells: Vec<Cell>,
}

impl Row {
    fn cell(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }

    fn texts(&self) -> impl Iterator<Item = String> + '_ {
        self.cells.iter().map(Cell::text)
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Stt,
    Name,
    BirthYear,
    Hamlet,
    DisbursedOn,
    Principal,
    Term,
    /// `yearly` when the heading says the rate is per year.
    Rate {
        yearly: bool,
    },
    Method,
    Purpose,
    Outstanding,
    /// A month's repayments; the year once resolved.
    Month {
        month: u32,
        year: Option<i32>,
    },
    /// A merged heading over the month columns (never a value column).
    Group {
        year: Option<i32>,
    },
    /// Totals and other recognised columns whose values are not read.
    Ignored,
}

/// The result of stage 1.
#[derive(Debug, Clone, PartialEq)]
struct Table {
    header_row: u32,
    columns: Vec<Option<Col>>,
    headings: Vec<String>,
    rows: Vec<Row>,
}

/// Rows searched for the header.
const HEADER_SCAN_ROWS: u32 = 20;
/// Empty rows after which the table has ended (unless a numbered row follows).
const END_EMPTY_RUN: u32 = 2;
/// Sub-heading rows under the header (a three-row header at most).
const MAX_SUB_ROWS: usize = 2;

/// Column letters of a 0-based column index: 0 → `A`, 26 → `AA`.
fn column_letters(i: usize) -> String {
    let mut n = i + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// A year in a heading: `2026`, or `26` (two digits, this century).
fn heading_year(s: &str) -> Option<i32> {
    if !digits(s) {
        return None;
    }
    let n: i32 = s.parse().ok()?;
    match s.len() {
        4 if (1990..=2100).contains(&n) => Some(n),
        2 => Some(2000 + n),
        _ => None,
    }
}

/// A month heading (folded): `t1`, `th 1`, `thang 01`, `t1 2026`,
/// `thang 1 nam 2026`, `01 2026`; a bare `1` … `12` only when `bare_ok`
/// (under a repayments heading). Returns the month and the year it names.
fn month_heading(f: &str, bare_ok: bool) -> Option<(u32, Option<i32>)> {
    let mut words: Vec<&str> = f.split(' ').filter(|w| !w.is_empty()).collect();
    while words
        .last()
        .is_some_and(|w| matches!(*w, "dong" | "d" | "vnd"))
    {
        words.pop();
    }
    let first = *words.first()?;
    let (month_word, rest, named) = if matches!(first, "thang" | "th" | "t") {
        (*words.get(1)?, &words[2..], true)
    } else if let Some(m) = first
        .strip_prefix("thang")
        .or_else(|| first.strip_prefix("th"))
        .or_else(|| first.strip_prefix('t'))
        .filter(|m| digits(m))
    {
        (m, &words[1..], true)
    } else if digits(first) {
        (first, &words[1..], false)
    } else {
        return None;
    };
    if month_word.len() > 2 || !digits(month_word) {
        return None;
    }
    let month: u32 = month_word.parse().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let year = match rest {
        [] => None,
        [y] => Some(heading_year(y)?),
        ["nam", y] => Some(heading_year(y)?),
        _ => return None,
    };
    if !named && year.is_none() && !bare_ok {
        return None;
    }
    Some((month, year))
}

/// The years a heading or title names (folded): its four-digit words from
/// 2000 to 2100 (`nam 2026`, `2025 2026`).
fn named_years(f: &str) -> Vec<i32> {
    f.split(' ')
        .filter(|w| w.len() == 4 && digits(w))
        .filter_map(|w| w.parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .collect()
}

/// A merged heading over the month columns.
fn group_heading(f: &str) -> Option<Option<i32>> {
    const PHRASES: [&str; 14] = [
        "tra no",
        "thu no",
        "da tra",
        "tien tra",
        "so tien tra",
        "tra hang thang",
        "thu hang thang",
        "tra gop",
        "ky tra",
        "thang tra",
        "cac thang",
        "theo doi tra",
        "hoan tra",
        "thu hoi",
    ];
    let padded = format!(" {f} ");
    let years = named_years(f);
    let year = match years.as_slice() {
        [y] => Some(*y),
        _ => None,
    };
    if PHRASES.iter().any(|p| padded.contains(&format!(" {p} ")))
        || f == "thang"
        || (starts_with_words(f, "nam") && year.is_some() && f.split(' ').count() == 2)
    {
        return Some(year);
    }
    None
}

/// A principal or interest part under a month heading.
fn part_heading(f: &str) -> bool {
    matches!(
        f,
        "goc"
            | "lai"
            | "tra goc"
            | "tra lai"
            | "tien goc"
            | "tien lai"
            | "no goc"
            | "thu goc"
            | "thu lai"
    )
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
    if sw("tong") || sw("cong") || sw("luy ke") {
        return Some(Col::Ignored);
    }
    if sw("ho va ten")
        || sw("ho ten")
        || sw("nguoi vay")
        || sw("ten nguoi vay")
        || sw("ten thanh vien")
        || sw("ten hoi vien")
        || sw("thanh vien vay")
        || sw("ho vien vay")
    {
        return Some(Col::Name);
    }
    if sw("nam sinh") || sw("ngay sinh") || sw("ngay thang nam sinh") || sw("sinh nam") {
        return Some(Col::BirthYear);
    }
    if sw("ngay vay")
        || sw("ngay giai ngan")
        || sw("ngay nhan von")
        || sw("ngay nhan tien")
        || sw("ngay cho vay")
        || sw("ngay phat vay")
        || sw("ngay nhan")
    {
        return Some(Col::DisbursedOn);
    }
    if sw("so tien vay")
        || sw("so tien cho vay")
        || sw("so tien giai ngan")
        || sw("so von vay")
        || sw("von vay")
        || sw("tien vay")
        || sw("muc vay")
        || sw("so tien duoc vay")
        || f == "so tien"
        || f == "so tien dong"
    {
        return Some(Col::Principal);
    }
    if sw("thoi han") || sw("ky han") || sw("so thang vay") || sw("thoi gian vay") {
        return Some(Col::Term);
    }
    if sw("lai suat") || sw("ls") {
        let yearly = f.split(' ').any(|w| w == "nam");
        return Some(Col::Rate { yearly });
    }
    if sw("phuong thuc")
        || sw("cach tinh lai")
        || sw("hinh thuc tinh lai")
        || sw("phuong phap tinh lai")
        || sw("hinh thuc tra")
        || sw("hinh thuc vay")
    {
        return Some(Col::Method);
    }
    if sw("muc dich") || sw("su dung von") {
        return Some(Col::Purpose);
    }
    if sw("du no dau") || sw("no dau ky") {
        return Some(Col::Ignored);
    }
    if sw("du no") || sw("con no") || sw("so du no") || sw("con lai") || sw("so con no") {
        return Some(Col::Outstanding);
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
    if let Some((month, year)) = month_heading(f, false) {
        return Some(Col::Month { month, year });
    }
    if let Some(year) = group_heading(f) {
        return Some(Col::Group { year });
    }
    None
}

/// Classifies a sub-heading cell under `parent` (the heading of the nearest
/// filled cell at or left of it in the row above).
fn classify_subheader(f: &str, parent: Option<Col>, above_blank: bool) -> Option<Col> {
    match parent {
        Some(Col::Group { year }) => {
            if let Some((month, named)) = month_heading(f, true) {
                return Some(Col::Month {
                    month,
                    year: named.or(year),
                });
            }
            if part_heading(f) {
                // Principal and interest repaid in total, not by month.
                return Some(Col::Ignored);
            }
        }
        Some(month @ Col::Month { .. }) if part_heading(f) => return Some(month),
        Some(Col::Name) if matches!(f, "ho" | "ho dem" | "ho va ten dem" | "ten dem" | "ten") => {
            return Some(Col::Name)
        }
        _ => {}
    }
    // An ordinary heading under an empty (merged) header cell, or under a
    // merged heading that is not a column of its own ("Thông tin khoản vay"
    // over Ngày vay, Số tiền, …).
    if above_blank || parent.is_none() {
        classify_header(f)
    } else {
        None
    }
}

/// The header block found by [`find_layout`].
struct Layout {
    /// Index in the grid of the header row.
    header: usize,
    /// Meaning of each column, by index.
    columns: Vec<Option<Col>>,
    /// Each column's heading as written (sub-headings joined with ` / `).
    headings: Vec<String>,
    /// Index in the grid of the first row after the header block.
    start: usize,
}

/// The header, the columns and the index of the first data row.
fn find_layout(grid: &[Row]) -> Option<Layout> {
    // The first row with a name column and a principal column, the latter
    // perhaps in the row under it (below a merged heading).
    let classified =
        |r: &Row| -> Vec<Option<Col>> { r.texts().map(|c| classify_header(&fold(&c))).collect() };
    let hi = (0..grid.len())
        .take_while(|&i| grid[i].sheet_row <= HEADER_SCAN_ROWS)
        .find(|&i| {
            let cols = classified(&grid[i]);
            let below = grid
                .get(i + 1)
                .filter(|r| r.sheet_row == grid[i].sheet_row.saturating_add(1))
                .map(classified)
                .unwrap_or_default();
            cols.contains(&Some(Col::Name))
                && (cols.contains(&Some(Col::Principal)) || below.contains(&Some(Col::Principal)))
        })?;
    let header = &grid[hi];
    let mut level: Vec<String> = header.texts().map(|c| fold(&c)).collect();
    let mut columns: Vec<Option<Col>> = level.iter().map(|f| classify_header(f)).collect();
    let mut headings: Vec<String> = header.texts().map(|t| normalize_text(&t)).collect();
    let mut next = hi + 1;

    for _ in 0..MAX_SUB_ROWS {
        let Some(sub) = grid
            .get(next)
            .filter(|r| r.sheet_row == grid[next - 1].sheet_row.saturating_add(1))
        else {
            break;
        };
        let snapshot = columns.clone();
        let heading_snapshot = headings.clone();
        let parent_of = |i: usize| -> Option<Col> {
            (0..=i.min(level.len().saturating_sub(1)))
                .rev()
                .find(|&j| level.get(j).is_some_and(|f| !f.is_empty()))
                .and_then(|j| snapshot.get(j).copied().flatten())
        };
        let mut subs: Vec<(usize, Col, String)> = Vec::new();
        for (i, c) in sub.texts().enumerate() {
            let f = fold(&c);
            if f.is_empty() {
                continue;
            }
            let above_blank = level.get(i).is_none_or(|h| h.is_empty());
            if let Some(col) = classify_subheader(&f, parent_of(i), above_blank) {
                subs.push((i, col, normalize_text(&c)));
            }
        }
        let at = |col: Col| columns.iter().position(|c| *c == Some(col));
        let stt_blank = at(Col::Stt).is_none_or(|i| !is_number(&sub.cell(i).text()));
        let name_blank = at(Col::Name).is_none_or(|i| {
            let f = fold(&sub.cell(i).text());
            f.is_empty() || classify_subheader(&f, Some(Col::Name), false).is_some()
        });
        if subs.is_empty() || !stt_blank || !name_blank {
            break;
        }
        for (i, col, heading) in subs {
            if columns.len() <= i {
                columns.resize(i + 1, None);
                headings.resize(i + 1, String::new());
            }
            // Merged parents: a month's heading goes to every column under it.
            let parent_heading = (0..=i)
                .rev()
                .find(|&j| level.get(j).is_some_and(|f| !f.is_empty()))
                .and_then(|j| heading_snapshot.get(j).cloned())
                .unwrap_or_default();
            columns[i] = Some(col);
            headings[i] = match (col, parent_of(i)) {
                (Col::Month { .. }, Some(Col::Month { .. } | Col::Group { .. }))
                    if !parent_heading.is_empty() =>
                {
                    format!("{parent_heading} / {heading}")
                }
                _ => heading,
            };
        }
        let folded: Vec<String> = sub.texts().map(|c| fold(&c)).collect();
        // The next sub-row's parents: this row's cells where filled, else the
        // row above (a cell merged down from the header).
        let width = level.len().max(folded.len());
        level = (0..width)
            .map(|i| match folded.get(i) {
                Some(f) if !f.is_empty() => f.clone(),
                _ => String::new(),
            })
            .collect();
        next += 1;
    }
    // A column-numbering row: `1 2 3 …` with a number under the STT or name.
    if let Some(row) = grid.get(next) {
        let filled: Vec<String> = row.texts().filter(|c| !c.trim().is_empty()).collect();
        let key_cols: Vec<usize> = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, Some(Col::Stt) | Some(Col::Name)))
            .map(|(i, _)| i)
            .collect();
        if filled.len() >= 3
            && filled.iter().all(|c| is_numbering_cell(c))
            && key_cols
                .iter()
                .any(|&i| is_numbering_cell(&row.cell(i).text()))
        {
            next += 1;
        }
    }
    Some(Layout {
        header: hi,
        columns,
        headings,
        start: next,
    })
}

/// The year the title rows above the header name, when they name exactly one.
fn title_year(rows: &[Row]) -> Option<i32> {
    let mut years: Vec<i32> = rows
        .iter()
        .flat_map(|r| r.texts().collect::<Vec<_>>())
        .flat_map(|t| named_years(&fold(&t)))
        .collect();
    years.sort_unstable();
    years.dedup();
    match years.as_slice() {
        [y] => Some(*y),
        _ => None,
    }
}

/// Gives every month column its year: as named, else the book's, moving to
/// the next year when the months go back.
fn resolve_years(columns: &mut [Option<Col>], book_year: Option<i32>) -> Result<()> {
    let mut last: Option<(i32, u32)> = None;
    for col in columns.iter_mut() {
        if let Some(Col::Month { month, year }) = col {
            let y = match (*year, last) {
                (Some(y), _) => y,
                (None, Some((ly, lm))) if *month < lm => ly + 1,
                (None, Some((ly, _))) => ly,
                (None, None) => match book_year {
                    Some(y) => y,
                    None => {
                        return Err(Error::Invalid(FieldError::new(
                            "loan_import.no_year",
                            "year",
                            "the month columns (T1 … T12) do not say which year they are, and the title names no single year (NĂM 2026): give the year (--year 2026)",
                        )))
                    }
                },
            };
            *year = Some(y);
            last = Some((y, *month));
        }
    }
    Ok(())
}

/// Stage 1: header, columns (with years), data rows up to the end of the table.
fn layout(grid: &[Row], options: &LoanBookOptions) -> Result<Option<Table>> {
    let Some(Layout {
        header: hi,
        mut columns,
        headings,
        start,
    }) = find_layout(grid)
    else {
        return Ok(None);
    };
    let book_year = options.year.or_else(|| title_year(&grid[..hi]));
    resolve_years(&mut columns, book_year)?;
    let header_row = grid[hi].sheet_row;
    let col_of = |want: Col| columns.iter().position(|c| *c == Some(want));
    let stt_col = col_of(Col::Stt);
    let name_cols: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == Some(Col::Name))
        .map(|(i, _)| i)
        .collect();
    let mapped: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.is_some_and(|c| !matches!(c, Col::Stt | Col::Ignored | Col::Group { .. }))
        })
        .map(|(i, _)| i)
        .collect();

    let mut rows = Vec::new();
    let mut last_filled = grid
        .get(start.wrapping_sub(1))
        .map(|r| r.sheet_row)
        .unwrap_or(header_row);
    for row in grid.iter().skip(start) {
        let texts: Vec<String> = row.texts().collect();
        let whole_blank = row.cells.iter().all(Cell::is_blank);
        let data_blank = mapped.iter().all(|&i| row.cell(i).is_blank());
        let marker = texts.iter().any(|c| is_signature(c) || is_totals(c));
        if whole_blank || (data_blank && !marker) {
            continue;
        }
        let stt = stt_col.map(|i| row.cell(i).text()).unwrap_or_default();
        let numbered = is_number(&stt);
        let name: String = name_cols
            .iter()
            .map(|&i| row.cell(i).text())
            .collect::<Vec<_>>()
            .join(" ");
        let gap = row.sheet_row.saturating_sub(last_filled).saturating_sub(1);
        let loan_like = numbered && !name.trim().is_empty();
        if gap >= END_EMPTY_RUN && !loan_like {
            break;
        }
        last_filled = row.sheet_row;
        if !numbered {
            let first = texts
                .iter()
                .find(|c| !c.trim().is_empty())
                .map(String::as_str)
                .unwrap_or("");
            if is_totals(first) || is_totals(&name) {
                break;
            }
            let nameless = name.trim().is_empty() || is_signature(&name);
            if nameless && texts.iter().any(|c| is_signature(c)) {
                break;
            }
        }
        if classify_header(&fold(&name)) == Some(Col::Name) {
            continue; // the header repeated on a new page
        }
        rows.push(row.clone());
    }
    Ok(Some(Table {
        header_row,
        columns,
        headings,
        rows,
    }))
}

/// Every readable sheet of a workbook as rows of cells, in workbook order.
fn workbook_grids(bytes: &[u8]) -> Result<Vec<(String, Vec<Row>)>> {
    use calamine::{Reader, Sheets};
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        // Percent formats are known for .xlsx only (calamine's styles).
        let styles = match &mut book {
            Sheets::Xlsx(x) => x.worksheet_style(&name).ok(),
            _ => None,
        };
        out.push((name, workbook_rows(&range, styles.as_ref())));
    }
    Ok(out)
}

/// A range as rows, with absolute columns (a range starting at column C gets
/// two empty cells first) so column letters are the ones Excel shows.
fn workbook_rows(
    range: &calamine::Range<calamine::Data>,
    styles: Option<&calamine::StyleRange>,
) -> Vec<Row> {
    let Some((row0, col0)) = range.start() else {
        return Vec::new();
    };
    range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let r = row0.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
            let mut out: Vec<Cell> = vec![Cell::Empty; col0 as usize];
            for (j, d) in cells.iter().enumerate() {
                let c = col0.saturating_add(u32::try_from(j).unwrap_or(u32::MAX));
                let percent = styles
                    .and_then(|s| s.get((r, c)))
                    .and_then(|s| s.number_format.as_ref())
                    .is_some_and(|f| is_percent_format(&f.format_code));
                out.push(workbook_cell(d, percent));
            }
            Row {
                sheet_row: r.saturating_add(1),
                cells: out,
            }
        })
        .collect()
}

/// Whether an Excel number format shows a percentage (`0%`, `0.00%`): a `%`
/// outside quoted text and escapes.
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

fn workbook_cell(d: &calamine::Data, percent: bool) -> Cell {
    use calamine::Data;
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::text_cell(s.clone()),
        Data::Int(i) => Cell::Number {
            value: *i as f64,
            percent,
        },
        Data::Float(f) => Cell::Number { value: *f, percent },
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        // A bare year typed into a date-formatted cell (Excel shows 1961 as
        // 14/05/1905): keep the number the user typed.
        Data::DateTime(dt)
            if dt.as_f64().fract() == 0.0 && (1900.0..=2100.0).contains(&dt.as_f64()) =>
        {
            Cell::Number {
                value: dt.as_f64(),
                percent: false,
            }
        }
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(day)) {
                Some(date) => Cell::Date(date),
                None => Cell::Number {
                    value: dt.as_f64(),
                    percent: false,
                },
            }
        }
        Data::DateTime(dt) => Cell::Number {
            value: dt.as_f64(),
            percent: false,
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text_cell(s.clone()),
    }
}

// ---------------------------------------------------------------------------
// Stage 2: values
// ---------------------------------------------------------------------------

/// A row's problems.
struct Problems<'a> {
    sheet_row: u32,
    table: &'a Table,
    list: Vec<LoanRowProblem>,
}

impl Problems<'_> {
    fn add(&mut self, col: Option<usize>, field: &str, code: &str, message: impl Into<String>) {
        self.list.push(LoanRowProblem {
            sheet_row: self.sheet_row,
            column: col.map(column_letters).unwrap_or_default(),
            heading: col
                .and_then(|i| self.table.headings.get(i).cloned())
                .unwrap_or_default(),
            field: field.to_string(),
            code: code.to_string(),
            message: message.into(),
        });
    }

    fn add_error(&mut self, col: Option<usize>, field: &str, e: FieldError) {
        self.add(col, field, &e.code, e.message);
    }
}

/// Maps every data row, calling `progress(done, total)` once per row.
fn map_table(
    sheet: String,
    table: &Table,
    options: &LoanBookOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> LoanBook {
    let total = table.rows.len() as u64;
    let mut months: Vec<MonthColumn> = Vec::new();
    for (i, col) in table.columns.iter().enumerate() {
        if let Some(Col::Month {
            month,
            year: Some(year),
        }) = col
        {
            months.push(MonthColumn {
                column: column_letters(i),
                heading: table.headings.get(i).cloned().unwrap_or_default(),
                year: *year,
                month: *month,
            });
        }
    }
    let column_ref = |want: Col| {
        first_col(table, want)
            .map(|i| ColumnRef {
                column: column_letters(i),
                heading: table.headings.get(i).cloned().unwrap_or_default(),
            })
            .unwrap_or_default()
    };
    let mut book = LoanBook {
        sheet,
        header_row: table.header_row,
        borrower_column: column_ref(Col::Name),
        disbursed_on_column: column_ref(Col::DisbursedOn),
        months,
        loans: Vec::new(),
        problems: Vec::new(),
    };
    progress(0, total);
    for (i, row) in table.rows.iter().enumerate() {
        match map_row(row, table, options) {
            Ok(loan) => book.loans.push(loan),
            Err(problems) => book.problems.extend(problems),
        }
        progress(i as u64 + 1, total);
    }
    book
}

/// The first column holding `col`, if any.
fn first_col(table: &Table, want: Col) -> Option<usize> {
    table.columns.iter().position(|c| *c == Some(want))
}

fn rate_col(table: &Table) -> Option<(usize, bool)> {
    table.columns.iter().enumerate().find_map(|(i, c)| match c {
        Some(Col::Rate { yearly }) => Some((i, *yearly)),
        _ => None,
    })
}

fn map_row(
    row: &Row,
    table: &Table,
    options: &LoanBookOptions,
) -> std::result::Result<BookLoan, Vec<LoanRowProblem>> {
    let mut p = Problems {
        sheet_row: row.sheet_row,
        table,
        list: Vec::new(),
    };
    let name_cols: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == Some(Col::Name))
        .map(|(i, _)| i)
        .collect();
    let name_col = name_cols.first().copied();
    let borrower_name = normalize_text(
        &name_cols
            .iter()
            .map(|&i| row.cell(i).text())
            .collect::<Vec<_>>()
            .join(" "),
    );
    if borrower_name.is_empty() {
        p.add(
            name_col,
            "borrower",
            "loan_import.required",
            "the borrower's name (Họ tên người vay) is empty",
        );
    }

    let birth_col = first_col(table, Col::BirthYear);
    let birth_year = birth_col.and_then(|i| {
        let cell = row.cell(i);
        if cell.is_blank() {
            return None;
        }
        match birth_year_of(cell) {
            Some(y) => Some(y),
            None => {
                p.add(
                    Some(i),
                    "birth_year",
                    "birth_year.invalid",
                    format!("{:?} is not a birth year or a date", cell.text().trim()),
                );
                None
            }
        }
    });
    let hamlet = first_col(table, Col::Hamlet)
        .map(|i| normalize_text(&row.cell(i).text()))
        .filter(|h| !h.is_empty());

    let date_col = first_col(table, Col::DisbursedOn);
    let disbursed_on = required(&mut p, row, date_col, "disbursed_on", "Ngày vay").and_then(
        |cell| match date_of(cell) {
            Some(d) => Some(d),
            None => {
                p.add(
                    date_col,
                    "disbursed_on",
                    "date.invalid",
                    format!("{:?} is not a date; write 17/03/2026", cell.text().trim()),
                );
                None
            }
        },
    );

    let principal_col = first_col(table, Col::Principal);
    let principal =
        required(&mut p, row, principal_col, "principal", "Số tiền vay").and_then(|cell| {
            match money_of(cell) {
                Ok(Some(v)) => Some(v),
                Ok(None) => {
                    p.add(
                        principal_col,
                        "principal",
                        "loan_import.required",
                        "the principal (Số tiền vay) is empty",
                    );
                    None
                }
                Err(e) => {
                    p.add_error(principal_col, "principal", e);
                    None
                }
            }
        });

    let term_col = first_col(table, Col::Term);
    let term = required(&mut p, row, term_col, "term_months", "Thời hạn").and_then(|cell| {
        match term_of(cell) {
            Some(t) => Some(t),
            None => {
                p.add(
                    term_col,
                    "term_months",
                    "loan_import.term_invalid",
                    format!(
                        "{:?} is not a term in months (12, 12 tháng, 1 năm)",
                        cell.text().trim()
                    ),
                );
                None
            }
        }
    });

    let (rate_i, yearly_heading) = match rate_col(table) {
        Some((i, y)) => (Some(i), y),
        None => (None, false),
    };
    let rate = required(&mut p, row, rate_i, "monthly_rate", "Lãi suất").and_then(|cell| {
        match rate_of(cell, yearly_heading) {
            Ok(bp) => Some(bp),
            Err(e) => {
                p.add_error(rate_i, "monthly_rate", e);
                None
            }
        }
    });

    let method_col = first_col(table, Col::Method);
    let (method, method_stated) = match method_col.map(|i| row.cell(i)) {
        Some(cell) if !cell.is_blank() => match method_of(&cell.text()) {
            Some(m) => (m, true),
            None => {
                p.add(
                    method_col,
                    "method",
                    "loan_import.method_invalid",
                    format!(
                        "{:?} is not an interest method: write Lãi phẳng (flat) or Dư nợ giảm dần (declining balance)",
                        cell.text().trim()
                    ),
                );
                (options.default_method, false)
            }
        },
        _ => (options.default_method, false),
    };
    let purpose = first_col(table, Col::Purpose)
        .map(|i| normalize_text(&row.cell(i).text()))
        .unwrap_or_default();

    let out_col = first_col(table, Col::Outstanding);
    let stated_outstanding = out_col.and_then(|i| {
        let cell = row.cell(i);
        if cell.is_blank() {
            return None;
        }
        if cell.text().trim() == "-" {
            return Some(0);
        }
        match money_of(cell) {
            Ok(v) => v,
            Err(e) => {
                p.add_error(Some(i), "outstanding", e);
                None
            }
        }
    });

    // The month cells: amounts summed per month, in column order.
    struct Month {
        cols: Vec<usize>,
        year: i32,
        month: u32,
        amount: i64,
        bad: bool,
    }
    let mut months: Vec<Month> = Vec::new();
    for (i, col) in table.columns.iter().enumerate() {
        let Some(Col::Month {
            month,
            year: Some(year),
        }) = *col
        else {
            continue;
        };
        let cell = row.cell(i);
        let amount = if cell.is_blank() || cell.text().trim() == "-" {
            Ok(None)
        } else {
            money_of(cell)
        };
        let entry = match months
            .iter_mut()
            .position(|m| m.year == year && m.month == month)
        {
            Some(k) => &mut months[k],
            None => {
                months.push(Month {
                    cols: Vec::new(),
                    year,
                    month,
                    amount: 0,
                    bad: false,
                });
                months.last_mut().expect("just pushed")
            }
        };
        match amount {
            Ok(Some(a)) if a > 0 => {
                entry.cols.push(i);
                entry.amount = entry.amount.saturating_add(a);
            }
            Ok(_) => {}
            Err(e) => {
                entry.bad = true;
                p.add_error(Some(i), "repayment", e);
            }
        }
    }
    months.sort_by_key(|m| (m.year, m.month));

    let (Some(disbursed_on), Some(principal), Some(term_months), Some(monthly_rate_bp)) =
        (disbursed_on, principal, term, rate)
    else {
        return Err(p.list);
    };
    let terms = LoanTerms {
        principal,
        disbursed_on,
        term_months,
        monthly_rate_bp,
        method,
    };
    if let Err(e) = loan::validate_terms(&terms) {
        let (col, field) = match e.field.as_str() {
            "principal" => (principal_col, "principal"),
            "term_months" => (term_col, "term_months"),
            "monthly_rate_bp" => (rate_i, "monthly_rate"),
            _ => (date_col, "disbursed_on"),
        };
        p.add_error(col, field, e);
        return Err(p.list);
    }

    // The book's first month: a loan due before it has repayments elsewhere.
    let first_month = table
        .columns
        .iter()
        .filter_map(|c| match c {
            Some(Col::Month {
                month,
                year: Some(year),
            }) => NaiveDate::from_ymd_opt(*year, *month, 1),
            _ => None,
        })
        .min();
    if let Some(first) = first_month {
        let first_due = disbursed_on.checked_add_months(Months::new(1));
        if first_due.is_some_and(|due| due < first) {
            p.add(
                date_col,
                "disbursed_on",
                "loan_import.before_book",
                format!(
                    "the loan was disbursed on {} and its first installment fell due on {}, before this book's first month ({}): its earlier repayments are in an older book; import that book first, then record this book's repayments of the loan with ishc loan repay",
                    dmy(disbursed_on),
                    dmy(first_due.unwrap_or(disbursed_on)),
                    first.format("%m/%Y")
                ),
            );
        }
    }

    let mut repayments: Vec<BookRepayment> = Vec::new();
    let mut recorded: Vec<Repayment> = Vec::new();
    for m in months.iter().filter(|m| m.amount > 0 && !m.bad) {
        let col = m.cols.first().copied();
        let column = m
            .cols
            .iter()
            .map(|&i| column_letters(i))
            .collect::<Vec<_>>()
            .join("+");
        let heading = col
            .and_then(|i| table.headings.get(i).cloned())
            .unwrap_or_default();
        let Some(paid_on) = due_day_in(disbursed_on, m.year, m.month) else {
            p.add(
                col,
                "repayment",
                "loan.repaid_before_disbursed",
                format!(
                    "a repayment of {} in {:02}/{} is before the disbursement on {}",
                    crate::money::format_dong(m.amount),
                    m.month,
                    m.year,
                    dmy(disbursed_on)
                ),
            );
            continue;
        };
        if let Err(e) = loan::check_repayment(&terms, &recorded, m.amount) {
            p.add(
                col,
                "repayment",
                &e.code,
                format!("{:02}/{}: {}", m.month, m.year, e.message),
            );
            continue;
        }
        recorded.push(Repayment {
            id: format!("{:04}-{:02}", m.year, m.month),
            paid_on,
            amount: m.amount,
        });
        repayments.push(BookRepayment {
            column,
            heading,
            year: m.year,
            month: m.month,
            paid_on,
            amount: m.amount,
        });
    }

    let last = recorded.last().map_or(disbursed_on, |r| r.paid_on);
    let position = loan::position(&terms, &recorded, last);
    if let Some(stated) = stated_outstanding {
        if stated != position.principal_outstanding {
            p.add(
                out_col,
                "outstanding",
                "loan_import.outstanding_mismatch",
                format!(
                    "the sheet's outstanding balance (Dư nợ) is {}, but the core computes {} of principal outstanding from the repayments in this row ({} of principal and interest still owed)",
                    crate::money::format_dong(stated),
                    crate::money::format_dong(position.principal_outstanding),
                    crate::money::format_dong(
                        position.principal_outstanding + position.interest_outstanding
                    )
                ),
            );
        }
    }
    if !p.list.is_empty() {
        return Err(p.list);
    }
    Ok(BookLoan {
        sheet_row: row.sheet_row,
        borrower_name,
        birth_year,
        hamlet,
        terms,
        method_stated,
        purpose,
        repaid: repayments.iter().map(|r| r.amount).sum(),
        repayments,
        stated_outstanding,
        principal_outstanding: position.principal_outstanding,
        interest_outstanding: position.interest_outstanding,
    })
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The cell of a required column, or a problem naming the missing column or value.
fn required<'r>(
    p: &mut Problems<'_>,
    row: &'r Row,
    col: Option<usize>,
    field: &str,
    heading: &str,
) -> Option<&'r Cell> {
    match col {
        None => {
            p.add(
                None,
                field,
                "loan_import.required",
                format!("the sheet has no {heading} column"),
            );
            None
        }
        Some(i) if row.cell(i).is_blank() => {
            p.add(
                Some(i),
                field,
                "loan_import.required",
                format!("the {heading} cell is empty"),
            );
            None
        }
        Some(i) => Some(row.cell(i)),
    }
}

/// The date a repayment in `year`/`month` is recorded on: the loan's due
/// day in that month (the disbursement date in its own month); `None` for a
/// month before the disbursement.
fn due_day_in(disbursed_on: NaiveDate, year: i32, month: u32) -> Option<NaiveDate> {
    let months = (i64::from(year) - i64::from(disbursed_on.year())) * 12 + i64::from(month)
        - i64::from(disbursed_on.month());
    let months = u32::try_from(months).ok()?;
    disbursed_on.checked_add_months(Months::new(months))
}

/// A date cell, an Excel serial, or `dd/mm/yyyy` / `yyyy-mm-dd` text.
fn date_of(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number { value, .. } => serial_date(*value),
        Cell::Text(t) => date_text(t),
        Cell::Empty => None,
    }
}

/// An Excel date serial (whole days; 1 = 1 January 1900); only serials of
/// 1950 to 2100 are taken as dates.
fn serial_date(value: f64) -> Option<NaiveDate> {
    if !value.is_finite() || value.fract() != 0.0 || !(18_264.0..=73_415.0).contains(&value) {
        return None;
    }
    excel_serial_date(value as i64)
}

fn date_text(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let t = t.split(['T', ' ']).next().unwrap_or("");
    if t.len() == 5 && digits(t) {
        return serial_date(t.parse::<f64>().ok()?);
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|x| x.is_empty() || x.len() > 4 || !digits(x))
    {
        return None;
    }
    let n: Vec<u32> = parts.iter().filter_map(|x| x.parse().ok()).collect();
    if n.len() != 3 {
        return None;
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if parts[2].len() == 4 {
        if n[1] > 12 && n[0] <= 12 {
            (n[2], n[0], n[1])
        } else {
            (n[2], n[1], n[0])
        }
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn birth_year_of(cell: &Cell) -> Option<i32> {
    let year = match cell {
        Cell::Date(d) => d.year(),
        Cell::Number { value, .. } if value.fract() == 0.0 && (1900.0..=2100.0).contains(value) => {
            *value as i32
        }
        Cell::Number { value, .. } => serial_date(*value)?.year(),
        Cell::Text(t) => {
            let t = t.trim();
            if t.len() == 4 && digits(t) {
                t.parse().ok()?
            } else {
                date_text(t)?.year()
            }
        }
        Cell::Empty => return None,
    };
    (1900..=2100).contains(&year).then_some(year)
}

/// Whole đồng from a number cell or from money text; `None` for an empty
/// cell (`0` reads as `Some(0)`).
fn money_of(cell: &Cell) -> std::result::Result<Option<i64>, FieldError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number { value, .. } => {
            let v = *value;
            if !v.is_finite() || v.abs() >= 9.0e15 {
                Err(FieldError::new(
                    crate::money::ERR_OVERFLOW,
                    "amount",
                    format!("{} is not an amount the book can hold", float_text(v)),
                ))
            } else if v < 0.0 {
                Err(FieldError::new(
                    crate::money::ERR_NEGATIVE,
                    "amount",
                    format!("{} is negative", float_text(v)),
                ))
            } else if v.fract() != 0.0 {
                Err(FieldError::new(
                    crate::money::ERR_FRACTION,
                    "amount",
                    format!("{} is not a whole number of đồng", float_text(v)),
                ))
            } else {
                Ok(Some(v as i64))
            }
        }
        Cell::Date(d) => Err(FieldError::new(
            crate::money::ERR_INVALID,
            "amount",
            format!("{} is a date, not an amount", dmy(*d)),
        )),
        Cell::Text(t) => crate::money::parse_dong(t).map(Some),
    }
}

/// A term in months: `12`, `12 tháng`, `12T`, `12 th`, `1 năm`.
fn term_of(cell: &Cell) -> Option<u32> {
    let text = match cell {
        Cell::Number { value, .. } => {
            if value.fract() != 0.0 || !(0.0..=10_000.0).contains(value) {
                return None;
            }
            return Some(*value as u32);
        }
        Cell::Text(t) => t,
        _ => return None,
    };
    let t = text.trim();
    let n_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(n_end);
    if n.is_empty() || n.len() > 4 {
        return None;
    }
    let n: u32 = n.parse().ok()?;
    match fold(unit).as_str() {
        "" | "thang" | "th" | "t" => Some(n),
        "nam" => n.checked_mul(12),
        _ => None,
    }
}

/// A monthly rate in basis points from a number (percent), a percentage
/// cell, or text such as `0,8%/tháng`.
fn rate_of(cell: &Cell, yearly_heading: bool) -> std::result::Result<u32, FieldError> {
    let per_year = |shown: &str| {
        FieldError::new(
            "loan_import.rate_per_year",
            "monthly_rate",
            format!(
                "{shown} is a yearly rate; the book records monthly rates (12%/năm is 1%/tháng): write the monthly rate"
            ),
        )
    };
    let (number, yearly) = match cell {
        Cell::Number { value, percent } => {
            let v = if *percent { value * 100.0 } else { *value };
            (decimal_text(v), yearly_heading)
        }
        Cell::Text(t) => {
            let t = t.trim();
            let split = t
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' ')))
                .unwrap_or(t.len());
            let (number, unit) = t.split_at(split);
            let yearly = match fold(unit).as_str() {
                "" => yearly_heading,
                "thang" | "th" | "t" | "moi thang" | "1 thang" | "mot thang" => false,
                "nam" | "mot nam" | "1 nam" => true,
                _ => {
                    return Err(FieldError::new(
                        "rate.invalid",
                        "monthly_rate",
                        format!("{t:?} is not a monthly rate in percent, e.g. 1% or 0,8%/tháng"),
                    ))
                }
            };
            (number.trim().to_string(), yearly)
        }
        _ => {
            return Err(FieldError::new(
                "rate.invalid",
                "monthly_rate",
                "the rate is not a number",
            ))
        }
    };
    if yearly {
        return Err(per_year(&format!("{}%", number.trim_end_matches('%'))));
    }
    crate::input::parse_rate_bp("monthly_rate", &number)
}

/// A float as decimal text with at most six decimals (`0.8`, `1.25`), so a
/// percentage cell's binary fraction (`0.008 × 100`) reads as typed.
fn decimal_text(v: f64) -> String {
    if !v.is_finite() {
        return "?".to_string();
    }
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// An interest method as written.
fn method_of(text: &str) -> Option<InterestMethod> {
    let f = format!(" {} ", fold(text));
    let has = |p: &str| f.contains(&format!(" {p} "));
    if has("giam dan") || has("du no giam") || has("dngd") || has("declining") {
        Some(InterestMethod::DecliningBalance)
    } else if has("phang") || has("co dinh") || has("flat") || has("lai deu") {
        Some(InterestMethod::Flat)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------

/// A hamlet without its generic word: `Ấp 3` and `3` are both `3`.
fn hamlet_key(h: &str) -> String {
    let k = search_key(h);
    for p in [
        "to dan pho ",
        "khu pho ",
        "ap ",
        "to ",
        "thon ",
        "xom ",
        "khu ",
    ] {
        if let Some(rest) = k.strip_prefix(p) {
            return rest.trim().to_string();
        }
    }
    k
}

/// Plans the import of `book` into a club: matches borrowers, checks their
/// membership, dates against today, loans already in the book, and the
/// income-generation fund. Pure; the rules are in the
/// [module documentation](self). Problems of the book are kept, and the
/// plan's own are added, all in sheet order.
pub fn plan(book: &LoanBook, ctx: &PlanContext<'_>) -> LoanImportPlan {
    let mut problems: Vec<LoanRowProblem> = book.problems.clone();
    let mut loans: Vec<PlannedLoan> = Vec::new();
    let mut already: Vec<AlreadyImported> = Vec::new();
    // Sheet rows already taken, by (borrower, date, principal).
    let mut seen: BTreeMap<(String, NaiveDate, i64), u32> = BTreeMap::new();
    let keys: Vec<String> = ctx
        .members
        .iter()
        .map(|m| search_key(&m.full_name))
        .collect();

    for bl in &book.loans {
        let mut add = |field: &str, code: &str, message: String| {
            let at = if field == "disbursed_on" {
                &book.disbursed_on_column
            } else {
                &book.borrower_column
            };
            problems.push(LoanRowProblem {
                sheet_row: bl.sheet_row,
                column: at.column.clone(),
                heading: at.heading.clone(),
                field: field.to_string(),
                code: code.to_string(),
                message,
            });
        };
        let member = match match_borrower(bl, ctx.members, &keys) {
            Ok(m) => m,
            Err((code, message)) => {
                add("borrower", code, message);
                continue;
            }
        };
        let on = bl.terms.disbursed_on;
        if let Some(left) = member.left_on.filter(|l| *l <= on) {
            add(
                "borrower",
                "member.left",
                format!(
                    "{} left the club on {}, before this loan's disbursement on {}",
                    member.full_name,
                    dmy(left),
                    dmy(on)
                ),
            );
            continue;
        }
        if member.membership != Membership::Member {
            add(
                "borrower",
                "loan.not_member",
                format!(
                    "{} is registered as a care recipient, not a club member: only members borrow",
                    member.full_name
                ),
            );
            continue;
        }
        if member.joined_on > on {
            add(
                "borrower",
                "loan.not_member",
                format!(
                    "{} joined the club on {}, after this loan's disbursement on {}: only members borrow (if the join date is wrong, register the roster with its real join date: ishc member import --joined)",
                    member.full_name,
                    dmy(member.joined_on),
                    dmy(on)
                ),
            );
            continue;
        }
        if on > ctx.today {
            add(
                "disbursed_on",
                "loan_import.future",
                format!("the disbursement date {} is after today", dmy(on)),
            );
            continue;
        }
        let this_month = NaiveDate::from_ymd_opt(ctx.today.year(), ctx.today.month(), 1);
        let mut repayments = bl.repayments.clone();
        let mut future = false;
        for r in &mut repayments {
            let month_start = NaiveDate::from_ymd_opt(r.year, r.month, 1);
            if month_start > this_month {
                problems.push(LoanRowProblem {
                    sheet_row: bl.sheet_row,
                    column: r.column.clone(),
                    heading: r.heading.clone(),
                    field: "repayment".to_string(),
                    code: "loan_import.future".to_string(),
                    message: format!(
                        "a repayment of {} in {:02}/{}, a month after today ({})",
                        crate::money::format_dong(r.amount),
                        r.month,
                        r.year,
                        dmy(ctx.today)
                    ),
                });
                future = true;
            } else if r.paid_on > ctx.today {
                r.paid_on = ctx.today;
            }
        }
        if future {
            continue;
        }
        let key = (member.id.clone(), on, bl.terms.principal);
        if let Some(first) = seen.get(&key) {
            problems.push(LoanRowProblem {
                sheet_row: bl.sheet_row,
                column: book.borrower_column.column.clone(),
                heading: book.borrower_column.heading.clone(),
                field: "borrower".to_string(),
                code: "loan_import.duplicate_row".to_string(),
                message: format!(
                    "row {first} already has a loan of {} to {} on {}",
                    crate::money::format_dong(bl.terms.principal),
                    member.full_name,
                    dmy(on)
                ),
            });
            continue;
        }
        seen.insert(key, bl.sheet_row);
        if let Some(e) = ctx.existing_loans.iter().find(|e| {
            e.borrower_id == member.id && e.disbursed_on == on && e.principal == bl.terms.principal
        }) {
            if e.term_months == bl.terms.term_months
                && e.monthly_rate_bp == bl.terms.monthly_rate_bp
                && e.method == bl.terms.method
            {
                already.push(AlreadyImported {
                    sheet_row: bl.sheet_row,
                    loan_id: e.id.clone(),
                    borrower_name: member.full_name.clone(),
                    repaid_in_sheet: bl.repaid,
                    repaid_recorded: e.repaid,
                });
            } else {
                problems.push(LoanRowProblem {
                    sheet_row: bl.sheet_row,
                    column: book.borrower_column.column.clone(),
                    heading: book.borrower_column.heading.clone(),
                    field: "borrower".to_string(),
                    code: "loan_import.conflicting_loan".to_string(),
                    message: format!(
                        "the club's book already has loan {} of {} to {} on {} with other terms ({} months, {} a month, {}); this row says {} months, {} a month, {}",
                        e.id,
                        crate::money::format_dong(e.principal),
                        member.full_name,
                        dmy(on),
                        e.term_months,
                        crate::input::format_rate_bp(e.monthly_rate_bp),
                        method_name(e.method),
                        bl.terms.term_months,
                        crate::input::format_rate_bp(bl.terms.monthly_rate_bp),
                        method_name(bl.terms.method)
                    ),
                });
            }
            continue;
        }
        let recorded: Vec<Repayment> = repayments
            .iter()
            .map(|r| Repayment {
                id: format!("{:04}-{:02}", r.year, r.month),
                paid_on: r.paid_on,
                amount: r.amount,
            })
            .collect();
        let position = loan::position(&bl.terms, &recorded, ctx.today);
        loans.push(PlannedLoan {
            sheet_row: bl.sheet_row,
            borrower_id: member.id.clone(),
            borrower_name: member.full_name.clone(),
            terms: bl.terms.clone(),
            method_stated: bl.method_stated,
            purpose: bl.purpose.clone(),
            repaid: bl.repaid,
            repayments,
            position: PlannedPosition {
                principal_outstanding: position.principal_outstanding,
                interest_outstanding: position.interest_outstanding,
                overdue_amount: position.overdue_amount,
                days_past_due: position.days_past_due,
            },
        });
    }
    problems.sort_by_key(|p| p.sheet_row);
    let fund = fund_check(ctx.fund_entries, &loans);
    LoanImportPlan {
        sheet: book.sheet.clone(),
        as_of: ctx.today,
        loans,
        already_imported: already,
        problems,
        fund,
    }
}

fn method_name(m: InterestMethod) -> &'static str {
    match m {
        InterestMethod::Flat => "flat",
        InterestMethod::DecliningBalance => "declining balance",
    }
}

/// The one registered person a row names, or the problem's code and message.
fn match_borrower<'m>(
    bl: &BookLoan,
    members: &'m [Member],
    keys: &[String],
) -> std::result::Result<&'m Member, (&'static str, String)> {
    let key = search_key(&bl.borrower_name);
    let named: Vec<&Member> = members
        .iter()
        .zip(keys)
        .filter(|(_, k)| **k == key)
        .map(|(m, _)| m)
        .collect();
    let mut found = named.clone();
    let mut narrowed_by = Vec::new();
    if let Some(y) = bl.birth_year {
        found.retain(|m| m.birth.year() == y);
        narrowed_by.push(format!("born in {y}"));
    }
    if let Some(h) = &bl.hamlet {
        let hk = hamlet_key(h);
        found.retain(|m| hamlet_key(&m.hamlet) == hk);
        narrowed_by.push(format!("living in {h}"));
    }
    let describe = |list: &[&Member]| {
        list.iter()
            .map(|m| {
                format!(
                    "{} (born {}, {}, id {})",
                    m.full_name,
                    m.birth.year(),
                    if m.hamlet.is_empty() {
                        "no hamlet"
                    } else {
                        &m.hamlet
                    },
                    m.id
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    match found.len() {
        1 => Ok(found[0]),
        0 if named.is_empty() => Err((
            "loan_import.borrower_unknown",
            format!(
                "no registered person of the club is named {}: register the borrower first (ishc member add or ishc member import)",
                bl.borrower_name
            ),
        )),
        0 => Err((
            "loan_import.borrower_unknown",
            format!(
                "the club has {} named {} but none {}: {}",
                named.len(),
                bl.borrower_name,
                narrowed_by.join(" and "),
                describe(&named)
            ),
        )),
        n => Err((
            "loan_import.borrower_ambiguous",
            format!(
                "{} registered people are named {}{}: {}; add a birth-year (Năm sinh) or hamlet (Ấp) column to tell them apart",
                n,
                bl.borrower_name,
                if narrowed_by.is_empty() {
                    String::new()
                } else {
                    format!(" and {}", narrowed_by.join(" and "))
                },
                describe(&found)
            ),
        )),
    }
}

/// The order the store records a plan in: by date; on one date a loan's
/// disbursement before any repayment; then by sheet row and month.
pub fn import_order(loans: &[PlannedLoan]) -> Vec<ImportStep> {
    let mut steps: Vec<(NaiveDate, u8, u32, usize, ImportStep)> = Vec::new();
    for (i, l) in loans.iter().enumerate() {
        steps.push((
            l.terms.disbursed_on,
            0,
            l.sheet_row,
            0,
            ImportStep {
                loan: i,
                repayment: None,
            },
        ));
        for (k, r) in l.repayments.iter().enumerate() {
            steps.push((
                r.paid_on,
                1,
                l.sheet_row,
                k,
                ImportStep {
                    loan: i,
                    repayment: Some(k),
                },
            ));
        }
    }
    steps.sort_by_key(|s| (s.0, s.1, s.2, s.3));
    steps.into_iter().map(|s| s.4).collect()
}

/// The lowest end-of-day balance of a ledger (day sums) on `from` or later;
/// the balance the day before when nothing is recorded on `from`. The same
/// rule as the store's balance check.
fn lowest_from(days: &BTreeMap<NaiveDate, i64>, from: NaiveDate) -> i64 {
    let mut running = 0i64;
    let mut lowest: Option<i64> = None;
    for (day, sum) in days {
        if *day > from && lowest.is_none() {
            lowest = Some(running);
        }
        running = running.saturating_add(*sum);
        if *day >= from {
            lowest = Some(lowest.map_or(running, |l| l.min(running)));
        }
    }
    lowest.unwrap_or(running)
}

/// Replays the import over the fund's entries as the store will record it.
fn fund_check(entries: &[(NaiveDate, i64)], loans: &[PlannedLoan]) -> FundCheck {
    let mut days: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for (d, a) in entries {
        *days.entry(*d).or_insert(0) += a;
    }
    let balance: i64 = entries.iter().map(|(_, a)| a).sum();
    let (mut disbursed, mut repaid, mut shortfall) = (0i64, 0i64, 0i64);
    let mut grant_by = None;
    for step in import_order(loans) {
        let l = &loans[step.loan];
        match step.repayment {
            None => {
                let p = l.terms.principal;
                let on = l.terms.disbursed_on;
                let lowest = lowest_from(&days, on);
                if lowest < p {
                    shortfall = shortfall.max(p - lowest);
                    grant_by.get_or_insert(on);
                }
                *days.entry(on).or_insert(0) -= p;
                disbursed += p;
            }
            Some(k) => {
                let r = &l.repayments[k];
                *days.entry(r.paid_on).or_insert(0) += r.amount;
                repaid += r.amount;
            }
        }
    }
    FundCheck {
        balance,
        disbursed,
        repaid,
        balance_after: balance - disbursed + repaid,
        shortfall,
        grant_by,
    }
}

#[cfg(test)]
mod tests;
