//! `ishc_core::loan_import::read_loan_book_csv` and `read_loan_book_xlsx`
//! on any bytes (the corpus is seeded with
//! `samples/so-cho-vay-von-quay-vong.*` and the test workbook), with and
//! without a year given. Properties (besides never panicking):
//!
//! * a refused file names the field `file` (or `year` for
//!   `loan_import.no_year`) with a documented code;
//! * every problem names its sheet row (1-based, within the file's rows for
//!   CSV), its column as letters (`B`, `AA`; empty only when the sheet has
//!   no such column), its field and a code `docs/ERRORS.md` lists;
//! * every data row is either a loan or has at least one problem, never
//!   both, and the progress callback counts those rows;
//! * a loan holds together: its terms pass the loan rules (principal > 0 in
//!   thousands, 1–60 months, 0–1,000 bp), every repayment is positive and
//!   dated in its own month on or after the disbursement, in date order,
//!   `repaid` is their sum, the principal outstanding is between 0 and the
//!   principal, and a stated outstanding balance equals the computed one.
#![no_main]

use chrono::Datelike;
use ishc_core::error::Error;
use ishc_core::loan::validate_terms;
use ishc_core::loan_import::{read_loan_book_csv, read_loan_book_xlsx, LoanBook, LoanBookOptions};
use ishc_core::model::InterestMethod;
use ishc_fuzz::{assert_documented, csv_row_bound, Progress};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;

const FIELDS: [&str; 11] = [
    "borrower",
    "birth_year",
    "hamlet",
    "disbursed_on",
    "principal",
    "term_months",
    "monthly_rate",
    "method",
    "purpose",
    "repayment",
    "outstanding",
];

fn check(result: Result<LoanBook, Error>, progress: &Progress, row_bound: Option<u32>) {
    let book = match result {
        Ok(b) => b,
        Err(Error::Invalid(e)) => {
            let want_field = if e.code == "loan_import.no_year" {
                "year"
            } else {
                "file"
            };
            assert_eq!(e.field, want_field, "{e:?}");
            assert!(e.code.starts_with("loan_import."), "{e:?}");
            assert_documented(&e.code, &format!("{e:?}"));
            assert!(!e.message.is_empty());
            return;
        }
        Err(e) => panic!("a reader failed other than with a file error: {e:?}"),
    };
    let mut problem_rows = BTreeSet::new();
    for p in &book.problems {
        assert!(p.sheet_row > book.header_row, "{p:?} above the header");
        if let Some(bound) = row_bound {
            assert!(p.sheet_row <= bound, "{p:?} beyond the file's {bound} rows");
        }
        assert!(
            p.column.bytes().all(|b| b.is_ascii_uppercase()),
            "{p:?}: column letters"
        );
        assert!(FIELDS.contains(&p.field.as_str()), "{p:?}: field");
        assert_documented(&p.code, &format!("{p:?}"));
        assert!(!p.message.is_empty(), "{p:?}");
        problem_rows.insert(p.sheet_row);
    }
    let mut last = 0;
    for l in &book.loans {
        let row = l.sheet_row;
        assert!(
            row > last && row > book.header_row,
            "row {row} out of order"
        );
        last = row;
        if let Some(bound) = row_bound {
            assert!(row <= bound, "row {row} beyond {bound}");
        }
        assert!(
            !problem_rows.contains(&row),
            "row {row} both a loan and refused"
        );
        assert!(!l.borrower_name.is_empty(), "row {row}: no borrower");
        if let Err(e) = validate_terms(&l.terms) {
            panic!("row {row}: terms {:?} break {e:?}", l.terms);
        }
        let mut sum: i64 = 0;
        let mut prev = l.terms.disbursed_on;
        for r in &l.repayments {
            assert!(r.amount > 0, "row {row}: {r:?}");
            assert!((1..=12).contains(&r.month), "row {row}: {r:?}");
            assert_eq!(
                (r.paid_on.year(), r.paid_on.month()),
                (r.year, r.month),
                "row {row}: {r:?} dated outside its month"
            );
            assert!(r.paid_on >= prev, "row {row}: {r:?} out of date order");
            prev = r.paid_on;
            sum = sum.checked_add(r.amount).expect("repayments fit in i64");
        }
        assert_eq!(l.repaid, sum, "row {row}: repaid is the repayments' sum");
        assert!(
            (0..=l.terms.principal).contains(&l.principal_outstanding),
            "row {row}: principal outstanding {}",
            l.principal_outstanding
        );
        assert!(l.interest_outstanding >= 0, "row {row}");
        if let Some(stated) = l.stated_outstanding {
            assert_eq!(stated, l.principal_outstanding, "row {row}: stated dư nợ");
        }
    }
    let total = progress.total().expect("progress is reported");
    assert_eq!(
        total,
        (book.loans.len() + problem_rows.len()) as u64,
        "every data row is a loan or refused"
    );
}

fuzz_target!(|data: &[u8]| {
    // calamine panics are the reader's to catch (see the function).
    ishc_fuzz::let_calamine_panics_unwind();
    let bound = (!data.starts_with(&[0xFF, 0xFE]) && !data.starts_with(&[0xFE, 0xFF]))
        .then(|| csv_row_bound(&String::from_utf8_lossy(data)));
    for options in [
        LoanBookOptions::default(),
        LoanBookOptions {
            year: Some(2026),
            default_method: InterestMethod::DecliningBalance,
        },
    ] {
        let mut progress = Progress::default();
        let csv = read_loan_book_csv(data, &options, &mut |d, t| progress.record(d, t));
        check(csv, &progress, bound);
    }
    let mut progress = Progress::default();
    let xlsx = read_loan_book_xlsx(data, &LoanBookOptions::default(), &mut |d, t| {
        progress.record(d, t)
    });
    check(xlsx, &progress, None);
});
