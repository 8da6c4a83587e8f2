//! The demo's figures, pinned. Each value below is worked out from what the
//! demo records (see `cli/src/demo.rs`), so a change in any rule shows here.

use ishc_cli::demo::play;
use ishc_core::store::LoanStatus;
use ishc_core::vitals::BpFlag;

#[test]
fn demo_month_figures() {
    let dir = tempfile::tempdir().unwrap();
    let r = play(&dir.path().join("demo.db"), &dir.path().join("work")).unwrap();

    assert_eq!(r.club.commune_name, "Xã Xuân Lộc");
    assert_eq!(r.club.province_name, "Tỉnh Đồng Nai");
    assert_eq!(
        (r.import.rows.len(), r.import.problems.len(), r.imported),
        (56, 0, 56)
    );

    // Phạm Thị Ánh's passbook: 500.000 + 300.000 + 200.000 − 300.000.
    let balances: Vec<i64> = r.passbook.lines.iter().map(|l| l.balance).collect();
    assert_eq!(balances, vec![500_000, 800_000, 1_000_000, 700_000]);
    assert_eq!(r.passbook.balance, 700_000);

    // Loans: Nhung's declining-balance loan missed its 10 March installment.
    assert_eq!(r.loans.len(), 3);
    let b = &r.loans[0];
    assert_eq!(b.borrower_name, "Nguyễn Thị Nhung");
    assert_eq!(b.position.days_past_due, 21);
    assert_eq!(b.position.overdue_amount, 537_000);
    assert_eq!(b.position.principal_outstanding, 2_500_000);
    let interest: Vec<i64> = b
        .position
        .installments
        .iter()
        .map(|i| i.installment.interest)
        .collect();
    // Exact interest 45.000, 37.500, 30.000, 22.500, 15.000, 7.500 = 157.500;
    // rounded down to 1.000 except the last, which takes the remainder.
    assert_eq!(
        interest,
        vec![45_000, 37_000, 30_000, 22_000, 15_000, 8_500]
    );
    let a = r
        .loans
        .iter()
        .find(|l| l.borrower_name == "Trần Thị Hồng")
        .unwrap();
    assert_eq!(a.position.days_past_due, 0);
    assert_eq!(a.position.principal_outstanding, 5_000_000 - 2 * 416_000);
    assert_eq!(a.repayments.iter().filter(|l| l.reversed).count(), 1);
    assert!(r.loans.iter().all(|l| l.status == LoanStatus::Active));
    assert_eq!(
        (r.par30.outstanding, r.par30.at_risk, r.par30.ratio_bp),
        (2_500_000 + 4_168_000 + 4_000_000, 0, 0)
    );

    // Funds: 60tr − 5tr − 3tr + 466k + 545k + 466k (+466k − 466k) − 4tr.
    assert_eq!(
        r.income_generation_fund,
        60_000_000 - 5_000_000 - 3_000_000 + 466_000 + 545_000 + 466_000 - 4_000_000
    );
    // 5tr + 10.000 × attendees − 350.000; 3 of every 4 of the 56 members attended (42).
    assert_eq!(r.activity_fund, 5_000_000 + 42 * 10_000 - 350_000);

    // Visits: 13 logged, one voided; readings flagged from 140/90 and 180/120.
    assert_eq!((r.visits_logged, r.visits_voided), (13, 1));
    let flags: Vec<(String, Option<BpFlag>)> = r
        .flagged_visits
        .iter()
        .map(|v| (v.recipient_name.clone(), v.bp_flag))
        .collect();
    assert_eq!(
        flags,
        vec![
            ("Lê Thị Sáu".to_string(), Some(BpFlag::Hypertension)),
            ("Lê Thị Sáu".to_string(), Some(BpFlag::Hypertension)),
            (
                "Trần Văn Bình".to_string(),
                Some(BpFlag::HypertensiveCrisis)
            ),
        ]
    );
    let due: Vec<(&str, Option<i64>)> = r
        .recipients_due
        .iter()
        .map(|d| (d.member.full_name.as_str(), d.days_since))
        .collect();
    assert_eq!(
        due,
        vec![
            ("Nguyễn Hữu An", None),
            ("Trần Văn Bình", Some(27)),
            ("Đỗ Thị Lan", Some(14))
        ]
    );

    // Composition: the 56 on the roster plus the double registration of Mrs Nga.
    let c = &r.composition;
    assert_eq!((c.members, c.women, c.older, c.younger), (57, 41, 39, 18));
    let met: Vec<(&str, bool)> = c.rules.iter().map(|x| (x.rule.as_str(), x.met)).collect();
    assert_eq!(
        met,
        vec![
            ("composition.size", true),
            ("composition.women", false),
            ("composition.older", true),
            ("composition.younger", true),
            ("composition.priority", true)
        ]
    );
    assert_eq!(r.possible_duplicates.len(), 1);
    assert_eq!(r.possible_duplicates[0].a.full_name, "Nguyễn Thị Nga");
    assert_eq!(r.possible_duplicates[0].b.full_name, "NGUYỄN THỊ NGA");

    assert!(
        r.audit.rows_without_op.is_empty()
            && r.audit.ops_without_rows.is_empty()
            && r.audit.negative_balances.is_empty()
    );
    // Three phones and the server: the club's creation on the server, 101
    // operations from the treasurer's phone, 9 and 6 from the volunteers'.
    assert_eq!(r.pending_operations, 0);
    assert_eq!(r.server_operations, 117);
    let phones: Vec<(usize, usize, usize, usize)> = r
        .phones
        .iter()
        .map(|p| (p.sent, p.received, p.rejected, p.operations))
        .collect();
    assert_eq!(
        phones,
        vec![(101, 16, 0, 117), (9, 108, 0, 117), (6, 111, 0, 117)]
    );
    assert!(r.phones_agree);
}

#[test]
fn demo_refuses_a_database_that_already_has_a_club() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    play(&db, &dir.path().join("work-1")).unwrap();
    let err = play(&db, &dir.path().join("work-2")).unwrap_err();
    assert_eq!(err.code(), "demo.not_empty");
}
