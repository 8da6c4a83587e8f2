//! `ishc indicators` end to end: a club set up with the command line in a
//! commune merged in 2025, its figures for 2025 and its province's.

mod common;

use common::{ok, ok_json, refused};
use std::path::Path;

/// A club registered under Xã Xuân Hiệp's pre-2025 code (26455, now part of
/// Xã Xuân Lộc, 26425): a chair born 1950 and Nguyễn Thị Hoa born 15 June
/// 1965, both joined 15 June 2024; a grant of 10.000.000 (5 January 2025);
/// Hoa borrows 2.000.000 over 4 months at 0% on 1 March 2025 and repays
/// nothing; one meeting on 10 December 2025 where Hoa reads 130/85.
fn club(db: &Path) {
    let club = ok_json(
        db,
        &[
            "club",
            "create",
            "--name",
            "CLB Ấp Suối Cát",
            "--commune",
            "26455",
            "--founded",
            "2024-06-15",
        ],
    );
    assert_eq!(club["commune_code"], 26425);
    assert_eq!(club["commune_name"], "Xã Xuân Lộc");
    for (name, sex, birth, roles) in [
        (
            "Trần Văn Chủ",
            "male",
            "1950",
            vec!["--role", "chair", "--role", "treasurer"],
        ),
        ("Nguyễn Thị Hoa", "female", "15/06/1965", vec![]),
    ] {
        let mut args = vec![
            "member",
            "add",
            "--name",
            name,
            "--sex",
            sex,
            "--birth",
            birth,
            "--joined",
            "2024-06-15",
        ];
        args.extend(roles);
        ok(db, &args);
    }
    fn with<'a>(rest: &[&'a str]) -> Vec<&'a str> {
        [&["--as", "Trần Văn Chủ"][..], rest].concat()
    }
    ok(
        db,
        &with(&[
            "fund",
            "add",
            "--fund",
            "income-generation",
            "--kind",
            "grant",
            "--amount",
            "10tr",
            "--on",
            "2025-01-05",
        ]),
    );
    ok(
        db,
        &with(&[
            "loan",
            "disburse",
            "--borrower",
            "Nguyễn Thị Hoa",
            "--principal",
            "2tr",
            "--months",
            "4",
            "--rate",
            "0%",
            "--on",
            "2025-03-01",
        ]),
    );
    ok(
        db,
        &[
            "meeting",
            "record",
            "--on",
            "10/12/2025",
            "--topic",
            "Sinh hoạt",
            "--attendee",
            "Nguyễn Thị Hoa=130/85",
        ],
    );
}

#[test]
fn club_and_province_indicators() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.db");
    club(&db);

    let x = ok_json(
        &db,
        &["indicators", "--from", "01/01/2025", "--to", "2025-12-31"],
    );
    assert_eq!(
        x["period"],
        serde_json::json!({"from": "2025-01-01", "to": "2025-12-31"})
    );
    // Both members are 60 or over on 31/12/2025 (Hoa since 15 June).
    assert_eq!(x["members"]["active"], 2);
    assert_eq!(x["composition"]["older"], 2);
    assert_eq!(
        x["borrowing"]["members_borrowing"],
        serde_json::json!({"count": 1, "of": 2, "per_mille": 500})
    );
    assert_eq!(x["funds"]["income_generation"]["balance"], 8_000_000);
    assert_eq!(x["funds"]["activity"]["present"], false);
    // Nothing repaid: overdue since 1 April, the whole 2.000.000 at risk.
    assert_eq!(
        x["loans"]["par30"],
        serde_json::json!({"days": 30, "outstanding": 2_000_000, "at_risk": 2_000_000, "ratio_bp": 10_000})
    );
    assert_eq!(x["blood_pressure"]["members_checked"]["count"], 1);
    assert_eq!(x["rules"]["active"]["met"], true);
    assert_eq!(x["rules"]["well_managed"]["met"], false);

    let text = ok(
        &db,
        &["indicators", "--from", "2025-01-01", "--to", "2025-12-31"],
    );
    assert!(
        text.contains("CLB Ấp Suối Cát (Xã Xuân Lộc), 01/01/2025–31/12/2025"),
        "{text}"
    );
    assert!(
        text.contains("Thành viên được vay vốn / Members borrowing"),
        "{text}"
    );
    assert!(text.contains("1/2 (50,0%)"), "{text}");
    assert!(text.contains("8.000.000 ₫"), "{text}");
    assert!(text.contains("PAR30 2.000.000 ₫ (100,00%)"), "{text}");

    let p = ok_json(
        &db,
        &[
            "indicators",
            "--province",
            "75",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
        ],
    );
    assert_eq!(p["province_name"], "Tỉnh Đồng Nai");
    assert_eq!(
        p["communes_with_active_club"],
        serde_json::json!({"count": 1, "of": 95, "per_mille": 11})
    );
    let rows = p["communes"].as_array().unwrap();
    let xuan_loc = rows.iter().find(|r| r["code"] == 26425).unwrap();
    assert_eq!(
        (xuan_loc["clubs"].as_u64(), xuan_loc["members"].as_u64()),
        (Some(1), Some(2))
    );
    // The presets of the three plans, none for 2025 alone: figures without a verdict.
    let targets = p["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 15);
    assert!(targets.iter().all(|t| t["met"].is_null()));

    // A province's own targets for 2025: met and not met.
    let file = dir.path().join("targets.csv");
    std::fs::write(
        &file,
        "plan,indicator,scope,from,to,comparison,value,value_max,unit,definition_en,definition_vi,source\n\
         KH 2025,members_borrowing,province,2025-01-01,2025-12-31,>=,50,,percent,e,v,s\n\
         KH 2025,clubs_with_both_funds,province,2025-01-01,2025-12-31,>=,100,,percent,e,v,s\n",
    )
    .unwrap();
    let p = ok_json(
        &db,
        &[
            "indicators",
            "--province",
            "75",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--targets",
            file.to_str().unwrap(),
        ],
    );
    let met: Vec<_> = p["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["met"].clone())
        .collect();
    assert_eq!(met, [serde_json::json!(true), serde_json::json!(false)]);
    let text = ok(
        &db,
        &[
            "indicators",
            "--province",
            "75",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--targets",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        text.contains("Tỉnh Đồng Nai, 01/01/2025–31/12/2025"),
        "{text}"
    );
    assert!(
        text.contains("target ≥ 50% (KH 2025, 01/01/2025–31/12/2025): đạt / met"),
        "{text}"
    );
    assert!(text.contains("26425  Xã Xuân Lộc"), "{text}");
}

#[test]
fn refusals_name_the_field_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.db");
    club(&db);
    let e = refused(
        &db,
        &["indicators", "--from", "2025-12-31", "--to", "2025-01-01"],
    );
    assert!(e.contains("to:") && e.contains("[period.reversed]"), "{e}");
    let e = refused(&db, &["indicators", "--from", "31-31-2025"]);
    assert!(e.contains("from:") && e.contains("[date.invalid]"), "{e}");
    let e = refused(&db, &["indicators", "--province", "99"]);
    assert!(e.contains("[indicators.province_unknown]"), "{e}");
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "plan,indicator,scope,from,to,comparison,value,value_max,unit,definition_en,definition_vi,source\n\
         KH,new_clubs,province,2025-01-01,2025-12-31,>=,70,,percent,e,v,s\n",
    )
    .unwrap();
    let e = refused(
        &db,
        &[
            "indicators",
            "--province",
            "75",
            "--targets",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        e.contains("targets line 2.unit") && e.contains("[target.unit_mismatch]"),
        "{e}"
    );
    // A divided pre-2025 commune is refused with its 2025 parts.
    let other = dir.path().join("other.db");
    let e = refused(
        &other,
        &[
            "club",
            "create",
            "--name",
            "CLB",
            "--commune",
            "26449",
            "--founded",
            "2019-01-01",
        ],
    );
    assert!(
        e.contains("[club.commune_divided]") && e.contains("Xã Xuân Hòa (26446)"),
        "{e}"
    );
}
