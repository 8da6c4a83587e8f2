//! `ishc loan import` end to end: real processes on a real database file.

mod common;

use common::{ishc, ok_json, sample};
use std::path::Path;

fn op_count(db: &Path) -> usize {
    ok_json(db, &["log"]).as_array().unwrap().len()
}

/// A club with the sample roster, members since 1 January 2025.
fn club(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("club.db");
    ok_json(
        &db,
        &[
            "club",
            "create",
            "--name",
            "CLB LTH ấp 3",
            "--commune",
            "26425",
            "--founded",
            "2024-06-15",
        ],
    );
    ok_json(
        &db,
        &[
            "member",
            "import",
            &sample("danh-sach-thanh-vien-clb.xlsx"),
            "--joined",
            "2025-01-01",
            "--apply",
        ],
    );
    db
}

const TREASURER: [&str; 2] = ["--as", "Trần Đình Hải"];

#[test]
fn dry_run_then_apply_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = club(dir.path());
    let ops = op_count(&db);

    // The dry run shows the 22 loans and writes nothing.
    let book = sample("so-cho-vay-von-quay-vong.xlsx");
    let dry = ok_json(&db, &["loan", "import", &book]);
    assert_eq!(dry["applied"], false);
    assert!(dry["imported"].is_null());
    let plan = &dry["plan"];
    assert_eq!(plan["sheet"], "So vay von");
    let loans = plan["loans"].as_array().unwrap();
    assert_eq!(loans.len(), 22);
    assert_eq!(plan["problems"].as_array().unwrap().len(), 0);
    let hung = &loans[0];
    assert_eq!(hung["sheet_row"], 4);
    assert_eq!(hung["borrower_name"], "Nguyễn Minh Hùng");
    assert_eq!(hung["terms"]["principal"], 5_000_000);
    assert_eq!(hung["terms"]["disbursed_on"], "2026-03-17");
    assert_eq!(hung["terms"]["monthly_rate_bp"], 80);
    assert_eq!(hung["terms"]["method"], "flat");
    assert_eq!(hung["repayments"][0]["paid_on"], "2026-05-17");
    assert_eq!(hung["repayments"][0]["column"], "L");
    assert_eq!(hung["repayments"][0]["heading"], "T5");
    assert_eq!(hung["repaid"], 3_240_000);
    assert_eq!(hung["position"]["principal_outstanding"], 2_000_000);
    assert_eq!(plan["fund"]["shortfall"], 129_273_343);
    assert_eq!(plan["fund"]["grant_by"], "2026-01-02");
    assert_eq!(op_count(&db), ops);

    // Applying with an empty fund is refused, naming the grant; nothing written.
    let mut args = TREASURER.to_vec();
    args.extend(["--json", "loan", "import", &book, "--apply"]);
    let out = ishc(&db, &args);
    assert_eq!(out.status.code(), Some(1));
    let e: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["error"]["code"], "loan_import.fund_insufficient");
    assert_eq!(e["error"]["field"], "fund");
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("129.273.343 ₫ dated on or before 02/01/2026"));
    assert_eq!(op_count(&db), ops);

    // The grant the report asks for, then the import.
    let mut args = TREASURER.to_vec();
    args.extend([
        "fund",
        "add",
        "--fund",
        "income-generation",
        "--kind",
        "grant",
        "--amount",
        "129.273.343",
        "--on",
        "02/01/2026",
    ]);
    ok_json(&db, &args);
    let mut args = TREASURER.to_vec();
    args.extend(["loan", "import", &book, "--apply"]);
    let applied = ok_json(&db, &args);
    assert_eq!(applied["applied"], true);
    assert_eq!(applied["imported"]["loans"].as_array().unwrap().len(), 22);
    assert_eq!(applied["imported"]["repayments"], 144);
    assert_eq!(applied["imported"]["disbursed"], 144_000_000);
    assert_eq!(applied["imported"]["repaid"], 96_104_930);
    assert_eq!(op_count(&db), ops + 1 + 22 + 144);
    let listed = ok_json(&db, &["loan", "list", "--all"]);
    assert_eq!(listed.as_array().unwrap().len(), 22);
    let fund = ok_json(&db, &["fund", "show"]);
    assert_eq!(fund["income_generation"], 81_378_273);

    // Again, from the CSV export: every loan is already there; nothing is written.
    let csv = sample("so-cho-vay-von-quay-vong.csv");
    let mut args = TREASURER.to_vec();
    args.extend(["loan", "import", &csv, "--apply"]);
    let again = ok_json(&db, &args);
    assert_eq!(again["plan"]["loans"].as_array().unwrap().len(), 0);
    assert_eq!(
        again["plan"]["already_imported"].as_array().unwrap().len(),
        22
    );
    assert_eq!(again["imported"]["loans"].as_array().unwrap().len(), 0);
    assert_eq!(op_count(&db), ops + 1 + 22 + 144);
}

#[test]
fn the_report_names_each_row_it_cannot_take() {
    let dir = tempfile::tempdir().unwrap();
    let db = club(dir.path());
    let csv = dir.path().join("so-vay.csv");
    std::fs::write(
        &csv,
        "\u{feff}SỔ THEO DÕI CHO VAY VỐN QUAY VÒNG - NĂM 2026,,,,,,,,,,\r\n\
         STT,Họ tên người vay,Ngày vay,Số tiền vay (đồng),Thời hạn (tháng),Lãi suất (%/tháng),Mục đích,T1,T2,T3,Dư nợ\r\n\
         1,Người Lạ,02/01/2026,5.000.000,10,1%,Nuôi gà,,,,\r\n\
         2,Nguyễn Thị Nga,02/01/2026,5.000.000,10,1%,Nuôi gà,,,,\r\n\
         3,Trần Thị Hồng,02/01/2026,5.00.000,10,1%,Nuôi gà,,,,\r\n\
         4,Phạm Thị Ánh,02/01/2026,1.000.000,2,1%,Trồng rau,,900.000,900.000,\r\n\
         5,Nguyễn Kim Bích,02/01/2026,5.000.000,10,1%,Nuôi gà,,550.000,550.000,4.500.000\r\n\
         6,nguyen van quang,02/01/2026,2tr,10,\"0,5%/tháng\",Buôn bán,,210.000,210.000,1.600.000\r\n\
         ,Cộng,,,,,,,,,\r\n",
    )
    .unwrap();
    let file = csv.to_str().unwrap();

    let r = ok_json(&db, &["loan", "import", file]);
    let problems: Vec<(u64, &str, &str, &str)> = r["plan"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["sheet_row"].as_u64().unwrap(),
                p["column"].as_str().unwrap(),
                p["field"].as_str().unwrap(),
                p["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        vec![
            (3, "B", "borrower", "loan_import.borrower_unknown"),
            (4, "B", "borrower", "loan_import.borrower_ambiguous"),
            (5, "D", "principal", "money.ambiguous"),
            (6, "J", "repayment", "loan.overpayment"),
            (7, "K", "outstanding", "loan_import.outstanding_mismatch"),
        ]
    );
    let loans = r["plan"]["loans"].as_array().unwrap();
    assert_eq!(loans.len(), 1);
    assert_eq!(loans[0]["borrower_name"], "Nguyễn Văn Quang");

    // The human report: Vietnamese and English labels, row, column, heading, rule.
    let out = ishc(&db, &["loan", "import", file]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 khoản vay sẽ tạo / loans to create, 0 đã có / already imported, 5 dòng không nhập được / rows that cannot be imported"),
        "{text}"
    );
    assert!(
        text.contains("row   6, column J (T3) CANNOT import / không nhập được: repayment: 03/2026: repayment of 900.000 ₫ is more than the 120.000 ₫ still owed"),
        "{text}"
    );
    assert!(
        text.contains("row   7, column K (Dư nợ) CANNOT import / không nhập được: outstanding: the sheet's outstanding balance (Dư nợ) is 4.500.000 ₫, but the core computes 4.000.000 ₫"),
        "{text}"
    );
    assert!(
        text.contains("row   4, column B (Họ tên người vay) CANNOT import / không nhập được: borrower: 2 registered people are named Nguyễn Thị Nga"),
        "{text}"
    );
    assert!(text.contains("[loan_import.borrower_unknown]"), "{text}");
    assert!(
        text.contains("QUỸ KHÔNG ĐỦ / NOT ENOUGH in the fund: record a grant or the fund's opening balance (số dư đầu kỳ) of at least 2.000.000 ₫ dated on or before 02/01/2026"),
        "{text}"
    );
    assert!(
        text.contains("ishc fund add --fund income-generation --kind grant --amount 2.000.000 --on 02/01/2026"),
        "{text}"
    );
    assert!(text.contains("Chưa nhập / nothing imported"), "{text}");

    // Applying takes the row that can be taken, and only it.
    let mut args = TREASURER.to_vec();
    args.extend([
        "fund",
        "add",
        "--fund",
        "income-generation",
        "--kind",
        "grant",
        "--amount",
        "2tr",
        "--on",
        "2026-01-02",
    ]);
    ok_json(&db, &args);
    let mut args = TREASURER.to_vec();
    args.extend(["loan", "import", file, "--apply"]);
    let out = ishc(&db, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "Đã nhập / imported 1 loan and 2 repayments: 2.000.000 ₫ disbursed, 420.000 ₫ repaid."
        ),
        "{text}"
    );
}

#[test]
fn year_and_method_options() {
    let dir = tempfile::tempdir().unwrap();
    let db = club(dir.path());
    let csv = dir.path().join("no-year.csv");
    std::fs::write(
        &csv,
        "STT,Họ tên,Ngày vay,Số tiền vay,Thời hạn,Lãi suất,T1,T2\n\
         1,Lê Văn Tài,05/01/2026,1.000.000,10,1%,,110.000\n",
    )
    .unwrap();
    let file = csv.to_str().unwrap();
    let out = ishc(&db, &["loan", "import", file]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: year: the month columns") && err.contains("[loan_import.no_year]"),
        "{err}"
    );

    let r = ok_json(
        &db,
        &[
            "loan",
            "import",
            file,
            "--year",
            "2026",
            "--method",
            "declining",
        ],
    );
    let loan = &r["plan"]["loans"][0];
    assert_eq!(loan["terms"]["method"], "declining_balance");
    assert_eq!(loan["method_stated"], false);
    assert_eq!(loan["repayments"][0]["paid_on"], "2026-02-05");
    // 1.000.000 over 10 months at 1%, declining: the first installment is
    // 100.000 + 10.000, all paid by the 110.000.
    assert_eq!(loan["position"]["principal_outstanding"], 900_000);

    let out = ishc(&db, &["loan", "import", "book.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[loan_import.format]"));
}
