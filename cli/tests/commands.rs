//! The `ishc` binary end to end: real processes on a real database file.

use std::path::Path;
use std::process::{Command, Output};

fn ishc(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ishc"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ISHC_DB")
        .output()
        .expect("run ishc")
}

fn ok_json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = ishc(db, &all);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn sample(name: &str) -> String {
    format!("{}/../samples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn op_count(db: &Path) -> usize {
    ok_json(db, &["log"]).as_array().unwrap().len()
}

#[test]
fn import_then_work_with_the_roster() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.db");
    ok_json(
        &db,
        &[
            "club",
            "create",
            "--name",
            "CLB ấp Bàu Cối",
            "--commune",
            "26425",
            "--founded",
            "2024-06-15",
        ],
    );

    // A dry run reports and writes nothing.
    let dry = ok_json(
        &db,
        &[
            "member",
            "import",
            &sample("danh-sach-thanh-vien-clb.xlsx"),
            "--joined",
            "2024-06-15",
        ],
    );
    assert_eq!(dry["report"]["rows"].as_array().unwrap().len(), 56);
    assert_eq!(dry["registered"], 0);
    assert_eq!(
        ok_json(&db, &["member", "list"]).as_array().unwrap().len(),
        0
    );

    let applied = ok_json(
        &db,
        &[
            "member",
            "import",
            &sample("danh-sach-thanh-vien-clb.csv"),
            "--joined",
            "2024-06-15",
            "--apply",
        ],
    );
    assert_eq!(applied["registered"], 56);
    let list = ok_json(&db, &["member", "list"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["member"]["full_name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 56);
    // Vietnamese order: given name (An < Ánh), then middle name (Hữu < Minh).
    assert_eq!(
        &names[..4],
        &[
            "Nguyễn Hữu An",
            "Đinh Minh An",
            "Nguyễn Thanh Ánh",
            "Nguyễn Thị Ánh"
        ]
    );
    assert_eq!(names.last(), Some(&"Nguyễn Minh Vinh"));

    let found = ok_json(&db, &["member", "list", "--search", "nguyen thi anh"]);
    let found: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["member"]["full_name"].as_str().unwrap())
        .collect();
    assert_eq!(found, vec!["Nguyễn Thị Ánh"]);
    let duc = ok_json(&db, &["member", "list", "--search", "duc"]);
    assert_eq!(
        duc.as_array().unwrap().len(),
        2,
        "Huỳnh Hữu Đức and Nguyễn Văn Đức"
    );

    // Money needs a treasurer or chair: without --as it is refused.
    let out = ishc(
        &db,
        &[
            "fund", "add", "--fund", "activity", "--kind", "grant", "--amount", "1tr",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("author:") && err.contains("[op.not_permitted]"),
        "{err}"
    );

    // Money typed as people write it, by the roster's treasurer.
    ok_json(
        &db,
        &[
            "--as",
            "Trần Đình Hải",
            "fund",
            "add",
            "--fund",
            "income-generation",
            "--kind",
            "grant",
            "--amount",
            "20tr",
            "--on",
            "2026-01-02",
        ],
    );
    let loan = ok_json(
        &db,
        &[
            "--as",
            "Trần Đình Hải",
            "loan",
            "disburse",
            "--borrower",
            "Trần Thị Hồng",
            "--principal",
            "5.000.000",
            "--months",
            "12",
            "--rate",
            "1%",
            "--on",
            "2026-01-15",
        ],
    );
    let loan_id = loan["loan"]["id"].as_str().unwrap().to_string();
    let receipt = ok_json(
        &db,
        &[
            "--as",
            "Trần Đình Hải",
            "loan",
            "repay",
            &loan_id,
            "--amount",
            "466k",
            "--on",
            "2026-02-15",
        ],
    );
    assert_eq!(receipt["entry"]["amount"], 466_000);
    let shown = ok_json(&db, &["loan", "show", &loan_id, "--on", "2026-03-20"]);
    assert_eq!(shown["position"]["days_past_due"], 5);
    assert_eq!(shown["position"]["overdue_amount"], 466_000);

    ok_json(
        &db,
        &[
            "--as",
            "Trần Đình Hải",
            "savings",
            "deposit",
            "Phạm Thị Ánh",
            "--amount",
            "1tr5",
            "--on",
            "2026-02-01",
        ],
    );
    let pb = ok_json(&db, &["savings", "statement", "Phạm Thị Ánh"]);
    assert_eq!(pb["balance"], 1_500_000);

    // Refused input: exit 1, the field, the rule and the code, nothing written.
    let before = op_count(&db);
    let out = ishc(
        &db,
        &[
            "--as",
            "Trần Đình Hải",
            "savings",
            "withdraw",
            "Phạm Thị Ánh",
            "--amount",
            "2tr",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("amount:")
            && err.contains("[savings.insufficient]")
            && err.contains("1.500.000 ₫"),
        "{err}"
    );
    let out = ishc(
        &db,
        &[
            "--as",
            "Trần Đình Hải",
            "--json",
            "loan",
            "repay",
            &loan_id,
            "--amount",
            "1,5",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let e: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["error"]["code"], "money.fraction");
    assert_eq!(e["error"]["field"], "amount");
    let out = ishc(
        &db,
        &[
            "--as",
            "Trần Đình Hải",
            "loan",
            "repay",
            &loan_id,
            "--amount",
            "10tr",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[loan.overpayment]"));
    assert_eq!(op_count(&db), before);
}

#[test]
fn import_report_names_rows_it_cannot_take() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.db");
    let csv = dir.path().join("roster.csv");
    std::fs::write(
        &csv,
        "\u{feff}STT,Họ và tên,Năm sinh Nam,Năm sinh Nữ,Dân tộc,Hoàn cảnh,Địa chỉ (Ấp/Tổ),Số điện thoại,Ghi chú\n\
         1,Nguyễn Văn Quang,1947,,Kinh,,Tổ 5,+84863017203,Chủ nhiệm\n\
         2,,1957,,Kinh,,Tổ 5,,\n\
         3,Phạm Thị Ánh,,1956,Kinh,,Tổ 5,12345,\n",
    )
    .unwrap();
    ok_json(
        &db,
        &["club", "create", "--name", "CLB", "--commune", "26425"],
    );
    let r = ok_json(&db, &["member", "import", csv.to_str().unwrap(), "--apply"]);
    assert_eq!(r["report"]["rows"].as_array().unwrap().len(), 1);
    let problems: Vec<(u64, &str)> = r["report"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["sheet_row"].as_u64().unwrap(),
                p["field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(problems, vec![(3, "full_name"), (4, "phone")]);
    assert_eq!(r["registered"], 1);
}

#[test]
fn unknown_commune_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.db");
    let out = ishc(
        &db,
        &["club", "create", "--name", "CLB", "--commune", "99999"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("commune_code: 99999 is not a commune code")
    );
}

#[test]
fn a_club_cannot_be_founded_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.db");
    let out = ishc(
        &db,
        &[
            "club",
            "create",
            "--name",
            "CLB",
            "--commune",
            "26425",
            "--founded",
            "2999-06-15",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "founded_on: the founding date 15/06/2999 is in the future [club.founded_future]"
        ),
        "{err}"
    );
}
