//! `ishc-reports`: the project's reports as Excel workbooks
//! (rust_xlsxwriter) and as tables the server renders as printable pages,
//! laid out the way provincial offices lay out theirs: Vietnamese headers
//! with English beside, units in đồng, a totals row, the issuing body, the
//! national motto and the signature lines ([`table`]).
//!
//! [`table`] is the model (a [`table::Table`] of typed cells: text, counts,
//! đồng, shares as two counts, dates); [`xlsx`] writes tables as a
//! workbook. The command line and the provincial dashboard build their
//! tables from the same figures, so a page and its workbook agree.

pub mod club;
pub mod monthly;
pub mod province;
pub mod table;
pub mod xlsx;

pub use table::{Cell, Column, Heading, Kind, ReportError, Table, Total};
