//! Inputs the fuzz targets (`fuzz/`, `scripts/fuzz.sh`) found or kept, in
//! `fuzz/regressions/<target>/`, replayed in the normal test run with the
//! answer each must get (not only "no panic"). `docs/RELIABILITY.md`
//! ("Fuzzing") says where each came from. A new file there needs its line
//! here: the tests fail on a file without one.

use ishc_core::error::Error;
use ishc_core::loan_import::{read_loan_book_csv, read_loan_book_xlsx, LoanBook, LoanBookOptions};
use ishc_core::money::parse_dong;
use ishc_core::roster::{read_roster_csv, read_roster_xlsx, RosterReport};
use std::path::PathBuf;

fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.expect("a directory entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("readable"))
        })
        .collect();
    out.sort();
    out
}

/// Checks every file of `target` against `expected` (file name, answer),
/// with `answer` computing an input's answer as text.
fn check(target: &str, expected: &[(&str, &str)], answer: impl Fn(&[u8]) -> String) {
    let inputs = regressions(target);
    let names: Vec<&str> = inputs.iter().map(|(n, _)| n.as_str()).collect();
    let listed: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names, listed,
        "every {target} regression has its answer here"
    );
    let failures: Vec<String> = inputs
        .iter()
        .zip(expected)
        .filter_map(|((name, bytes), (_, want))| {
            let got = answer(bytes);
            (got != *want).then(|| format!("{name}: want {want}\n  got {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn error(e: &Error) -> String {
    match e {
        Error::Invalid(f) => format!("error {} ({})", f.code, f.field),
        other => format!("failure {other}"),
    }
}

fn roster(r: Result<RosterReport, Error>) -> String {
    match r {
        Ok(r) => {
            let problems: Vec<String> = r
                .problems
                .iter()
                .map(|p| format!("{}:{}:{}", p.sheet_row, p.field, p.code))
                .collect();
            let rows: Vec<String> = r.rows.iter().map(|r| r.sheet_row.to_string()).collect();
            format!(
                "rows [{}] problems [{}]",
                rows.join(" "),
                problems.join(" ")
            )
        }
        Err(e) => error(&e),
    }
}

fn loan_book(r: Result<LoanBook, Error>) -> String {
    match r {
        Ok(b) => {
            let problems: Vec<String> = b
                .problems
                .iter()
                .map(|p| format!("{}:{}:{}:{}", p.sheet_row, p.column, p.field, p.code))
                .collect();
            let loans: Vec<String> = b
                .loans
                .iter()
                .map(|l| format!("{}:{}:{}", l.sheet_row, l.terms.principal, l.repaid))
                .collect();
            format!(
                "loans [{}] problems [{}]",
                loans.join(" "),
                problems.join(" ")
            )
        }
        Err(e) => error(&e),
    }
}

#[test]
fn money_parse_regressions() {
    check("money_parse", MONEY, |bytes| {
        match parse_dong(&String::from_utf8_lossy(bytes)) {
            Ok(v) => format!("ok {v}"),
            Err(e) => e.code,
        }
    });
}

#[test]
fn roster_read_regressions() {
    check("roster_read", ROSTER, |bytes| {
        format!(
            "csv: {}; xlsx: {}",
            roster(read_roster_csv(bytes, &mut |_, _| {})),
            roster(read_roster_xlsx(bytes, &mut |_, _| {}))
        )
    });
}

#[test]
fn loan_book_read_regressions() {
    let options = LoanBookOptions::default();
    check("loan_book_read", LOAN_BOOK, |bytes| {
        format!(
            "csv: {}; xlsx: {}",
            loan_book(read_loan_book_csv(bytes, &options, &mut |_, _| {})),
            loan_book(read_loan_book_xlsx(bytes, &options, &mut |_, _| {}))
        )
    });
}

/// Kept from money_parse's first run (no crash; chosen for their edges):
/// units in the wrong order after a thousand, a decimal unit repeated,
/// separators in trailing digits, a short last group, combining marks with
/// no base, a unit glued to other letters.
const MONEY: &[(&str, &str)] = &[
    ("combining-marks-only", "money.invalid"),
    ("decimal-unit-repeated", "money.invalid"),
    ("separator-in-trailing-digits", "money.ambiguous"),
    ("short-last-group", "money.ambiguous"),
    ("unit-word-glued-to-letters", "money.invalid"),
    ("units-out-of-order-after-thousand", "money.invalid"),
];
/// Kept from roster_read's first run (no crash): a mutated workbook, NUL
/// bytes and short rows, headers repeated and cut into the data, a
/// mangled sex column, a split birth-year header cut by invalid UTF-8.
const ROSTER: &[(&str, &str)] = &[
    // roster_read's second run: calamine 0.38 overflows multiplying a
    // cell reference's row (`get_row_and_optional_column`, xlsx/mod.rs:3097)
    // and panics where overflow checks are on (tests, fuzzing); the reader
    // runs calamine under catch_unwind and answers `roster.unreadable`.
    (
        "calamine-cell-reference-overflow.xlsx",
        "csv: error roster.encoding (file); xlsx: error roster.unreadable (file)",
    ),
    ("mutated-workbook.xlsx", "csv: error roster.encoding (file); xlsx: error roster.unreadable (file)"),
    ("nul-bytes-and-short-rows.csv", "csv: rows [2] problems [3:sex:sex.invalid 3:birth_year:birth_year.required 4:full_name:full_name.required]; xlsx: error roster.unreadable (file)"),
    ("repeated-headers.csv", "csv: rows [] problems [2:sex:sex.required 2:birth_year:birth_year.invalid 3:birth_year:birth_year.required 4:birth_year:birth_year.required 5:sex:sex.required 5:birth_year:birth_year.invalid 6:sex:sex.required 6:birth_year:birth_year.invalid 7:birth_year:birth_year.required 8:full_name:full_name.required 8:sex:sex.required 9:birth_year:birth_year.required 10:birth_year:birth_year.required]; xlsx: error roster.unreadable (file)"),
    ("sex-column-mangled.csv", "csv: rows [] problems [2:birth_year:birth_year.required 2:ethnicity:ethnicity.unknown 3:sex:sex.invalid 3:birth_year:birth_year.required 3:phone:phone.length 4:full_name:full_name.required 4:birth_year:birth_year.required 4:ethnicity:ethnicity.unknown 5:birth_year:birth_year.required 6:sex:sex.invalid 6:birth_year:birth_year.required]; xlsx: error roster.unreadable (file)"),
    ("split-birth-header-cut.csv", "csv: error roster.encoding (file); xlsx: error roster.unreadable (file)"),
];
/// Kept from loan_book_read's first run (no crash): a month heading
/// without its number, a principal with a control byte among mangled rows,
/// a title whose year is mangled and a header cut short (the repayments
/// under no heading are not read), a truncated workbook.
const LOAN_BOOK: &[(&str, &str)] = &[
    ("month-heading-without-number.csv", "csv: loans [] problems [3:D:principal:money.invalid 3:F:monthly_rate:rate.invalid 3:G:method:loan_import.method_invalid]; xlsx: error loan_import.unreadable (file)"),
    ("principal-with-control-byte.csv", "csv: loans [] problems [3:D:principal:money.invalid 3:F:monthly_rate:loan_import.required 4:D:principal:money.invalid 4:K:outstanding:money.invalid 4:J:repayment:money.invalid 5:C:disbursed_on:date.invalid 5:D:principal:money.invalid 6:D:principal:money.invalid 6:F:monthly_rate:loan_import.rate_per_year 6:G:method:loan_import.method_invalid]; xlsx: error loan_import.unreadable (file)"),
    ("title-year-mangled.csv", "csv: loans [4:5000000:0] problems []; xlsx: error loan_import.unreadable (file)"),
    ("truncated-workbook.xlsx", "csv: error loan_import.encoding (file); xlsx: error loan_import.unreadable (file)"),
];
