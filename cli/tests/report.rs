//! `ishc report monthly` end to end: a club month recorded with the command
//! line, its report as JSON, on the terminal, as a workbook and as a page.

mod common;

use common::{ishc, ok, ok_json, refused};
use std::path::Path;

/// A club in Xã Xuân Lộc: the chair and treasurer Trần Văn Chủ and Nguyễn
/// Thị Hoa (joined 15 June 2024), Lê Văn Tư (joins 5 March 2026, leaves on
/// the 25th: "chuyển nơi ở"). Income-generation fund: a grant of 10.000.000
/// on 1 February 2026; Hoa borrows 1.500.000 over 3 months at 0% on 2
/// March and repays 500.000 on 2 April (the installment of 2 April), after
/// the month. Activity fund: membership fees 300.000 on 10 March.
fn club(db: &Path) -> String {
    ok(
        db,
        &[
            "club",
            "create",
            "--name",
            "CLB Ấp Suối Cát",
            "--commune",
            "26425",
            "--founded",
            "2024-06-15",
        ],
    );
    for (name, joined, roles) in [
        (
            "Trần Văn Chủ",
            "2024-06-15",
            vec!["--role", "chair", "--role", "treasurer"],
        ),
        ("Nguyễn Thị Hoa", "2024-06-15", vec![]),
        ("Lê Văn Tư", "2026-03-05", vec![]),
    ] {
        let mut args = vec![
            "member", "add", "--name", name, "--sex", "female", "--birth", "1950", "--joined",
            joined,
        ];
        args.extend(roles);
        ok(db, &args);
    }
    ok(
        db,
        &[
            "member",
            "leave",
            "Lê Văn Tư",
            "--on",
            "2026-03-25",
            "--reason",
            "chuyển nơi ở",
        ],
    );
    let with = |rest: &[&str]| -> String {
        let all = [&["--as", "Trần Văn Chủ"][..], rest].concat();
        ok(db, &all)
    };
    with(&[
        "fund",
        "add",
        "--fund",
        "income-generation",
        "--kind",
        "grant",
        "--amount",
        "10tr",
        "--on",
        "2026-02-01",
    ]);
    with(&[
        "fund",
        "add",
        "--fund",
        "activity",
        "--kind",
        "membership-fee",
        "--amount",
        "300k",
        "--on",
        "2026-03-10",
    ]);
    let loan: serde_json::Value = serde_json::from_str(&with(&[
        "--json",
        "loan",
        "disburse",
        "--borrower",
        "Nguyễn Thị Hoa",
        "--principal",
        "1tr5",
        "--months",
        "3",
        "--rate",
        "0%",
        "--on",
        "2026-03-02",
    ]))
    .unwrap();
    let loan_id = loan["loan"]["id"].as_str().unwrap().to_string();
    with(&[
        "loan",
        "repay",
        &loan_id,
        "--amount",
        "500k",
        "--on",
        "2026-04-02",
    ]);
    loan_id
}

#[test]
fn the_monthly_report_as_json_text_workbook_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.db");
    let loan_id = club(&db);

    let r = ok_json(&db, &["report", "monthly", "--month", "2026-03"]);
    assert_eq!(r["month"], "2026-03");
    // Income-generation fund: 10.000.000 on 28 February, 1.500.000 out.
    let ig = &r["funds"][0];
    assert_eq!(ig["fund"], "income_generation");
    assert_eq!(
        (
            &ig["opening"],
            &ig["outflows"]["loan_disbursements"],
            &ig["closing"]
        ),
        (&10_000_000.into(), &1_500_000.into(), &8_500_000.into())
    );
    assert_eq!(r["funds"][1]["inflows"]["membership_fees"], 300_000);
    assert_eq!(r["funds"][1]["closing"], 300_000);
    // The loan: nothing due in March (first installment 2 April).
    assert_eq!(r["loan_rows"][0]["loan_id"], loan_id.as_str());
    assert_eq!(r["loan_rows"][0]["borrower_name"], "Nguyễn Thị Hoa");
    assert_eq!(r["loan_rows"][0]["outstanding"], 1_500_000);
    assert_eq!(r["loans"]["repaid"], 0);
    // Members: 2 at the start; Tư joined and left.
    assert_eq!(r["members"]["at_start"], 2);
    assert_eq!(r["members"]["joined"][0]["name"], "Lê Văn Tư");
    assert_eq!(r["members"]["left"][0]["reason"], "chuyển nơi ở");
    assert_eq!(r["members"]["at_end"], 2);

    // April: the repayment of the 2nd, 500.000 of principal.
    let apr = ok_json(&db, &["report", "monthly", "--month", "04/2026"]);
    assert_eq!(apr["loans"]["principal_repaid"], 500_000);
    assert_eq!(apr["funds"][0]["closing"], 9_000_000);

    let text = ok(&db, &["report", "monthly", "--month", "2026-03"]);
    assert!(
        text.contains("Báo cáo tháng / Monthly report 03/2026: CLB Ấp Suối Cát (Xã Xuân Lộc), 01/03/2026–31/03/2026"),
        "{text}"
    );
    assert!(text.contains("8.500.000 ₫"), "{text}");
    assert!(
        text.contains("Lê Văn Tư (25/03/2026): chuyển nơi ở"),
        "{text}"
    );

    let xlsx = dir.path().join("bao-cao-03-2026.xlsx");
    let html = dir.path().join("bao-cao-03-2026.html");
    let out = ok(
        &db,
        &[
            "report",
            "monthly",
            "--month",
            "2026-03",
            "--xlsx",
            xlsx.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
        ],
    );
    assert!(out.contains("Wrote"), "{out}");
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip file");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<td class=\"num\">8.500.000 ₫</td>"));
    assert!(page.contains("<td>Nguyễn Thị Hoa</td>"));
    // Nothing half-written is left beside them.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".part")), "{names:?}");
}

#[test]
fn a_month_that_is_not_one_is_refused_with_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.db");
    club(&db);
    let e = refused(&db, &["report", "monthly", "--month", "March"]);
    assert!(e.contains("month: 'March' is not a month"), "{e}");
    assert!(e.contains("[date.month]"), "{e}");
    let e = refused(&db, &["report", "monthly", "--month", "2026-13"]);
    assert!(e.contains("[period.month]"), "{e}");
    let e = refused(&db, &["report", "monthly", "--month", "2026-03-01"]);
    assert!(e.contains("[date.month]"), "{e}");
    // A file that cannot be written changes nothing and says why.
    let out = ishc(
        &db,
        &[
            "report",
            "monthly",
            "--month",
            "2026-03",
            "--html",
            dir.path().join("no/such/dir/r.html").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
