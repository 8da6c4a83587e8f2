//! [`Table`]s as an Excel workbook (rust_xlsxwriter), one sheet each, laid
//! out as [`crate::table`] describes.
//!
//! Counts and money are written as numbers (money is whole đồng; an `i64`
//! of up to 2^53 đồng is exact in Excel's doubles, far above any club's or
//! province's figures) with the format `#,##0`; the totals row of a count or
//! money column is an Excel `SUM` formula carrying its exact integer result,
//! so Excel recalculates after an edit and readers that do not calculate
//! (calamine) see the same figure. Shares are written as a fraction with
//! the format `0.0%` (a display value from the two counts; the counts
//! themselves are in the figures the table was made from). Dates are Excel
//! dates shown `dd/mm/yyyy`. Every sheet prints landscape on A4, one page
//! wide, the header rows repeated on each page.

use crate::table::{Cell, Kind, ReportError, Table, MOTTO};
use chrono::Datelike;
use rust_xlsxwriter::{
    utility::row_col_to_cell, ExcelDateTime, Format, FormatAlign, FormatBorder, FormatUnderline,
    Formula, Workbook, Worksheet,
};

/// The row (0-based) of a table's header row in its sheet: after the
/// authority and motto (rows 0–1), a blank row, the title, the subtitle
/// lines and the unit line.
pub fn header_row(table: &Table) -> u32 {
    4 + table.heading.subtitle.len() as u32 + 1
}

/// The row (0-based) of a table's first data row: after the header row and
/// the row of column numbers.
pub fn first_data_row(table: &Table) -> u32 {
    header_row(table) + 2
}

/// The tables as one workbook, a sheet each in order, as `.xlsx` bytes.
///
/// Errors: [`ReportError::RowWidth`] or [`ReportError::Overflow`] from a
/// table; [`ReportError::Xlsx`] when a sheet name is refused (longer than
/// 31 characters, a repeated name, one of `[]:*?/\`) or writing fails.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    for t in tables {
        let totals = t.total_cells()?;
        let ws = wb.add_worksheet();
        write_sheet(ws, t, totals)?;
    }
    Ok(wb.save_to_buffer()?)
}

struct Formats {
    bold_center: Format,
    motto: Format,
    title: Format,
    italic_center: Format,
    unit: Format,
    header: Format,
    number_row: Format,
    tt: Format,
    text: Format,
    count: Format,
    money: Format,
    percent: Format,
    date: Format,
    total_text: Format,
    total_count: Format,
    total_money: Format,
    total_percent: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            bold_center: base.clone().set_bold().set_align(FormatAlign::Center),
            motto: base
                .clone()
                .set_bold()
                .set_underline(FormatUnderline::Single)
                .set_align(FormatAlign::Center),
            title: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            italic_center: base.clone().set_italic().set_align(FormatAlign::Center),
            unit: base.clone().set_italic().set_align(FormatAlign::Right),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("#E7EEF7"),
            number_row: cell.clone().set_italic().set_align(FormatAlign::Center),
            tt: cell.clone().set_align(FormatAlign::Center),
            text: cell.clone().set_text_wrap(),
            count: cell.clone().set_num_format("#,##0"),
            money: cell.clone().set_num_format("#,##0"),
            percent: cell.clone().set_num_format("0.0%"),
            date: cell
                .clone()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Center),
            total_text: cell.clone().set_bold(),
            total_count: cell.clone().set_bold().set_num_format("#,##0"),
            total_money: cell.clone().set_bold().set_num_format("#,##0"),
            total_percent: cell.set_bold().set_num_format("0.0%"),
        }
    }
}

/// Writes `text` over columns `first..=last` of `row` (merged when wider
/// than one column).
fn span(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    last: u16,
    text: &str,
    format: &Format,
) -> Result<(), ReportError> {
    if last > first {
        ws.merge_range(row, first, row, last, text, format)?;
    } else {
        ws.write_string_with_format(row, first, text, format)?;
    }
    Ok(())
}

fn write_sheet(
    ws: &mut Worksheet,
    t: &Table,
    totals: Option<Vec<Cell>>,
) -> Result<(), ReportError> {
    let f = Formats::new();
    ws.set_name(&t.sheet_name)?;
    // The TT column, then the table's own columns.
    let last_col = t.columns.len() as u16;
    let split = (last_col / 2).max(1).min(last_col);
    ws.set_column_width(0, 5)?;
    for (i, c) in t.columns.iter().enumerate() {
        ws.set_column_width(i as u16 + 1, c.width)?;
    }

    // Authority on the left, the motto on the right.
    let left_last = split.saturating_sub(1);
    span(ws, 0, 0, left_last, &t.heading.authority, &f.bold_center)?;
    span(ws, 0, split, last_col.max(split), MOTTO[0], &f.bold_center)?;
    span(ws, 1, split, last_col.max(split), MOTTO[1], &f.motto)?;

    let mut row = 3;
    span(ws, row, 0, last_col, &t.heading.title, &f.title)?;
    for line in &t.heading.subtitle {
        row += 1;
        span(ws, row, 0, last_col, line, &f.italic_center)?;
    }
    row += 1;
    if let Some(unit) = &t.heading.unit_note {
        span(ws, row, split, last_col.max(split), unit, &f.unit)?;
    }

    // Header row and the row of column numbers.
    row += 1;
    debug_assert_eq!(row, header_row(t));
    ws.set_row_height(row, 48)?;
    ws.write_string_with_format(row, 0, "TT", &f.header)?;
    ws.write_string_with_format(row + 1, 0, "(1)", &f.number_row)?;
    for (i, c) in t.columns.iter().enumerate() {
        let col = i as u16 + 1;
        let header = if c.header_en.is_empty() {
            c.header_vi.clone()
        } else {
            format!("{}\n({})", c.header_vi, c.header_en)
        };
        ws.write_string_with_format(row, col, &header, &f.header)?;
        ws.write_string_with_format(row + 1, col, format!("({})", i + 2), &f.number_row)?;
    }
    ws.set_repeat_rows(row, row + 1)?;
    ws.set_freeze_panes(row + 2, 0)?;

    // Data rows.
    let first = first_data_row(t);
    for (r, cells) in t.rows.iter().enumerate() {
        let at = first + r as u32;
        ws.write_number_with_format(at, 0, (r + 1) as f64, &f.tt)?;
        for (i, cell) in cells.iter().enumerate() {
            let fmt = match t.columns[i].kind {
                Kind::Text => &f.text,
                Kind::Count => &f.count,
                Kind::Money => &f.money,
                Kind::Percent => &f.percent,
                Kind::Date => &f.date,
            };
            write_cell(ws, at, i as u16 + 1, cell, fmt)?;
        }
    }
    let mut next = first + t.rows.len() as u32;

    // Totals row.
    if let Some(cells) = totals {
        ws.write_blank(next, 0, &f.total_text)?;
        for (i, cell) in cells.iter().enumerate() {
            let col = i as u16 + 1;
            let kind = t.columns[i].kind;
            match (cell, kind) {
                (Cell::Count(n) | Cell::Money(n), Kind::Count | Kind::Money)
                    if !t.rows.is_empty() =>
                {
                    let range = format!(
                        "{}:{}",
                        row_col_to_cell(first, col),
                        row_col_to_cell(next - 1, col)
                    );
                    let fmt = if kind == Kind::Money {
                        &f.total_money
                    } else {
                        &f.total_count
                    };
                    ws.write_formula_with_format(
                        next,
                        col,
                        Formula::new(format!("=SUM({range})")).set_result(n.to_string()),
                        fmt,
                    )?;
                }
                _ => {
                    let fmt = match kind {
                        Kind::Count => &f.total_count,
                        Kind::Money => &f.total_money,
                        Kind::Percent => &f.total_percent,
                        _ => &f.total_text,
                    };
                    write_cell(ws, next, col, cell, fmt)?;
                }
            }
        }
        next += 1;
    }

    // Place and date, then the signature titles spread across the width.
    next += 1;
    span(
        ws,
        next,
        split,
        last_col.max(split),
        &t.heading.date_line(),
        &f.italic_center,
    )?;
    next += 1;
    let n = t.heading.signatures.len() as u16;
    if let Some(width) = (last_col + 1).checked_div(n) {
        let width = width.max(1);
        for (i, s) in t.heading.signatures.iter().enumerate() {
            let from = i as u16 * width;
            let to = if i as u16 == n - 1 {
                last_col
            } else {
                from + width - 1
            };
            span(
                ws,
                next,
                from.min(last_col),
                to.min(last_col),
                s,
                &f.bold_center,
            )?;
        }
    }

    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    fmt: &Format,
) -> Result<(), ReportError> {
    match cell {
        Cell::Text(s) => {
            ws.write_string_with_format(row, col, s, fmt)?;
        }
        Cell::Count(n) | Cell::Money(n) => {
            ws.write_number_with_format(row, col, *n as f64, fmt)?;
        }
        Cell::Share { count, of } => {
            if *of == 0 {
                ws.write_string_with_format(row, col, "—", fmt)?;
            } else {
                ws.write_number_with_format(row, col, f64::from(*count) / f64::from(*of), fmt)?;
            }
        }
        Cell::Date(d) => {
            let dt = ExcelDateTime::from_ymd(
                u16::try_from(d.year()).unwrap_or(1900),
                d.month() as u8,
                d.day() as u8,
            )?;
            ws.write_datetime_with_format(row, col, &dt, fmt)?;
        }
        Cell::Empty => {
            ws.write_blank(row, col, fmt)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Column, Heading, Total};
    use calamine::{Data, Reader, Xlsx};
    use chrono::NaiveDate;
    use std::io::Cursor;

    fn sample() -> Table {
        Table {
            sheet_name: "Câu lạc bộ".into(),
            heading: Heading {
                authority: "UBND TỈNH ĐỒNG NAI".into(),
                title: "DANH SÁCH CÂU LẠC BỘ".into(),
                subtitle: vec!["(Kỳ báo cáo: 01/01/2025–31/12/2025)".into()],
                unit_note: Some("Đơn vị tính: đồng".into()),
                place: "Đồng Nai".into(),
                dated: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
                signatures: vec!["NGƯỜI LẬP BIỂU".into(), "THỦ TRƯỞNG ĐƠN VỊ".into()],
            },
            columns: vec![
                Column::new("Tên CLB", "Club", Kind::Text),
                Column::new("Ngày thành lập", "Founded", Kind::Date),
                Column::new("Số thành viên", "Members", Kind::Count),
                Column::new("Dư nợ", "Outstanding", Kind::Money),
                Column::new("Thành viên vay vốn", "Members borrowing", Kind::Percent),
            ],
            rows: vec![
                vec![
                    Cell::text("CLB LTH ấp 3"),
                    Cell::Date(NaiveDate::from_ymd_opt(2024, 6, 15).unwrap()),
                    Cell::Count(52),
                    Cell::Money(41_500_000),
                    Cell::Share { count: 27, of: 52 },
                ],
                vec![
                    Cell::text("CLB Bảo Hòa"),
                    Cell::Date(NaiveDate::from_ymd_opt(2019, 3, 2).unwrap()),
                    Cell::Count(61),
                    Cell::Money(58_250_000),
                    Cell::Share { count: 0, of: 0 },
                ],
            ],
            totals: Some(vec![
                Total::Label("Tổng cộng".into()),
                Total::Blank,
                Total::Sum,
                Total::Sum,
                Total::Sum,
            ]),
        }
    }

    fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
        range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
    }

    #[test]
    fn a_table_reads_back_with_its_headers_figures_and_totals() {
        let t = sample();
        let bytes = workbook(std::slice::from_ref(&t)).unwrap();
        let mut xl = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(xl.sheet_names(), vec!["Câu lạc bộ".to_string()]);
        let r = xl.worksheet_range("Câu lạc bộ").unwrap();
        assert_eq!(cell(&r, 0, 0), Data::String("UBND TỈNH ĐỒNG NAI".into()));
        assert_eq!(cell(&r, 0, 2), Data::String(MOTTO[0].into()));
        assert_eq!(cell(&r, 3, 0), Data::String("DANH SÁCH CÂU LẠC BỘ".into()));
        assert_eq!(cell(&r, 5, 2), Data::String("Đơn vị tính: đồng".into()));
        let h = header_row(&t);
        assert_eq!(h, 6);
        assert_eq!(cell(&r, h, 0), Data::String("TT".into()));
        assert_eq!(cell(&r, h, 1), Data::String("Tên CLB\n(Club)".into()));
        assert_eq!(cell(&r, h, 4), Data::String("Dư nợ\n(Outstanding)".into()));
        assert_eq!(cell(&r, h + 1, 0), Data::String("(1)".into()));
        assert_eq!(cell(&r, h + 1, 5), Data::String("(6)".into()));
        let d = first_data_row(&t);
        assert_eq!(cell(&r, d, 0), Data::Float(1.0));
        assert_eq!(cell(&r, d, 1), Data::String("CLB LTH ấp 3".into()));
        assert_eq!(cell(&r, d, 3), Data::Float(52.0));
        assert_eq!(cell(&r, d, 4), Data::Float(41_500_000.0));
        assert_eq!(cell(&r, d + 1, 5), Data::String("—".into()));
        match cell(&r, d, 2) {
            // Excel's serial day: days since 30/12/1899.
            Data::DateTime(dt) => assert_eq!(dt.as_f64(), 45_458.0),
            other => panic!("expected a date, got {other:?}"),
        }
        // Totals: 52 + 61 members, 41.5 + 58.25 million đồng, 27 of 52.
        assert_eq!(cell(&r, d + 2, 1), Data::String("Tổng cộng".into()));
        assert_eq!(cell(&r, d + 2, 3), Data::Float(113.0));
        assert_eq!(cell(&r, d + 2, 4), Data::Float(99_750_000.0));
        match cell(&r, d + 2, 5) {
            Data::Float(x) => assert!((x - 27.0 / 52.0).abs() < 1e-12),
            other => panic!("expected a share, got {other:?}"),
        }
        assert_eq!(
            cell(&r, d + 4, 2),
            Data::String("Đồng Nai, ngày 05 tháng 01 năm 2026".into())
        );
        assert_eq!(cell(&r, d + 5, 0), Data::String("NGƯỜI LẬP BIỂU".into()));
        // The totals are formulas over the data rows (0-based rows 8–9 are Excel rows 9–10).
        let formulas = xl.worksheet_formula("Câu lạc bộ").unwrap();
        assert_eq!(
            formulas.get_value((d + 2, 4)).map(String::as_str),
            Some("SUM(E9:E10)")
        );
    }

    #[test]
    fn several_sheets_keep_their_order_and_bad_names_are_refused() {
        let mut a = sample();
        a.sheet_name = "Chỉ tiêu".into();
        let b = sample();
        let bytes = workbook(&[a.clone(), b]).unwrap();
        let xl = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(xl.sheet_names(), vec!["Chỉ tiêu", "Câu lạc bộ"]);
        a.sheet_name = "a/b".into();
        assert_eq!(workbook(&[a]).unwrap_err().code(), "report.xlsx");
    }

    #[test]
    fn an_empty_table_has_zero_totals() {
        let mut t = sample();
        t.rows.clear();
        let bytes = workbook(&[t.clone()]).unwrap();
        let mut xl = Xlsx::new(Cursor::new(bytes)).unwrap();
        let r = xl.worksheet_range("Câu lạc bộ").unwrap();
        let d = first_data_row(&t);
        assert_eq!(cell(&r, d, 3), Data::Float(0.0));
        assert_eq!(cell(&r, d, 5), Data::String("—".into()));
    }
}
