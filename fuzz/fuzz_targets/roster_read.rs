//! `ishc_core::roster::read_roster_csv` and `read_roster_xlsx` on any bytes
//! (the corpus is seeded with `samples/danh-sach-thanh-vien-clb.*` and the
//! test workbooks). Properties (besides never panicking):
//!
//! * a refused file names the field `file` with a documented `roster.*` code;
//! * every problem names its sheet row (1-based, within the file's rows for
//!   CSV), its field and a code `docs/ERRORS.md` lists, with a message;
//! * every data row the layout found is either imported or has at least one
//!   problem, never both, and the progress callback counts those rows;
//! * imported rows are in sheet order, with a name, a birth year in
//!   1900..=this year, an ethnic group code 1–54 and a phone, if any, in
//!   the canonical `+84…` form.
#![no_main]

use chrono::Datelike;
use ishc_core::error::Error;
use ishc_core::roster::{read_roster_csv, read_roster_xlsx, RosterReport};
use ishc_fuzz::{assert_documented, csv_row_bound, Progress};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;

const FILE_CODES: [&str; 4] = [
    "roster.no_header",
    "roster.unreadable",
    "roster.encoding",
    "roster.format",
];

const FIELDS: [&str; 7] = [
    "full_name",
    "birth_year",
    "sex",
    "household",
    "phone",
    "ethnicity",
    "hamlet",
];

fn check(result: Result<RosterReport, Error>, progress: &Progress, row_bound: Option<u32>) {
    let report = match result {
        Ok(r) => r,
        Err(Error::Invalid(e)) => {
            assert_eq!(e.field, "file", "{e:?}");
            assert!(FILE_CODES.contains(&e.code.as_str()), "{e:?}");
            assert!(!e.message.is_empty());
            return;
        }
        Err(e) => panic!("a reader failed other than with a file error: {e:?}"),
    };
    let this_year = chrono::Local::now().year();
    let mut problem_rows = BTreeSet::new();
    for p in &report.problems {
        assert!(p.sheet_row >= 1, "{p:?}");
        if let Some(bound) = row_bound {
            assert!(p.sheet_row <= bound, "{p:?} beyond the file's {bound} rows");
        }
        assert!(FIELDS.contains(&p.field.as_str()), "{p:?}: field");
        assert_documented(&p.code, &format!("{p:?}"));
        assert!(!p.message.is_empty(), "{p:?}");
        problem_rows.insert(p.sheet_row);
    }
    let mut last = 0;
    for r in &report.rows {
        assert!(
            r.sheet_row > last,
            "rows out of sheet order at {}",
            r.sheet_row
        );
        last = r.sheet_row;
        if let Some(bound) = row_bound {
            assert!(r.sheet_row <= bound, "row {} beyond {bound}", r.sheet_row);
        }
        assert!(
            !problem_rows.contains(&r.sheet_row),
            "row {} both imported and refused",
            r.sheet_row
        );
        assert!(
            !r.full_name.trim().is_empty(),
            "row {}: no name",
            r.sheet_row
        );
        let y = r.birth.year();
        assert!(
            (1900..=this_year).contains(&y),
            "row {}: born {y}",
            r.sheet_row
        );
        assert!((1..=54).contains(&r.ethnicity_code), "row {}", r.sheet_row);
        if let Some(phone) = &r.phone {
            assert!(
                phone.starts_with("+84") && phone[1..].bytes().all(|b| b.is_ascii_digit()),
                "row {}: phone {phone:?}",
                r.sheet_row
            );
        }
    }
    let total = progress.total().expect("progress is reported");
    assert_eq!(
        total,
        (report.rows.len() + problem_rows.len()) as u64,
        "every data row is imported or refused"
    );
}

fuzz_target!(|data: &[u8]| {
    // calamine panics are the reader's to catch (see the function).
    ishc_fuzz::let_calamine_panics_unwind();
    let mut progress = Progress::default();
    let csv = read_roster_csv(data, &mut |d, t| progress.record(d, t));
    let text = String::from_utf8_lossy(data);
    // UTF-16 files have other line breaks than their bytes show; bound only
    // the UTF-8 ones.
    let bound = (!data.starts_with(&[0xFF, 0xFE]) && !data.starts_with(&[0xFE, 0xFF]))
        .then(|| csv_row_bound(&text));
    check(csv, &progress, bound);

    let mut progress = Progress::default();
    let xlsx = read_roster_xlsx(data, &mut |d, t| progress.record(d, t));
    check(xlsx, &progress, None);
});
