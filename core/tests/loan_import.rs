//! Importing the sample loan book into a club through the store: one
//! transaction, the store's own disbursement and repayment rules, nothing
//! imported twice, nothing left behind by a failure.

use chrono::NaiveDate;
use ishc_core::clock::FixedClock;
use ishc_core::loan_import::{read_loan_book_file, LoanBookOptions, LoanImportPlan};
use ishc_core::model::{Fund, Membership};
use ishc_core::ops::EntryKind;
use ishc_core::store::{LoanStatus, NewClub, NewFundEntry, NewMember, Store};
use std::path::Path;
use std::sync::Arc;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../samples")
        .join(name)
}

/// A club on 15/11/2026 with the sample roster registered on 1 January 2025,
/// acting as its treasurer (Trần Đình Hải).
fn club() -> (Store, String) {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-15T09:00:00+07:00").unwrap();
    let mut store = Store::open_in_memory("phone-1", Arc::new(FixedClock::new(now))).unwrap();
    let club = store
        .create_club(NewClub {
            name: "CLB LTH ấp 3".into(),
            commune_code: 26425,
            founded_on: d(2024, 6, 15),
            activity_areas: None,
        })
        .unwrap()
        .id;
    let roster = ishc_core::roster::read_roster_file(
        &sample("danh-sach-thanh-vien-clb.xlsx"),
        &mut |_, _| {},
    )
    .unwrap();
    let news = roster
        .rows
        .iter()
        .map(|r| NewMember {
            full_name: r.full_name.clone(),
            sex: r.sex,
            birth: r.birth,
            ethnicity_code: r.ethnicity_code,
            household: r.household,
            disabled: false,
            lives_alone: false,
            hamlet: r.hamlet.clone(),
            phone: r.phone.clone(),
            joined_on: d(2025, 1, 1),
            roles: r.roles.clone(),
            membership: Membership::Member,
        })
        .collect();
    let regs = store.register_members(&club, news).unwrap();
    let treasurer = regs
        .iter()
        .find(|r| r.member.full_name == "Trần Đình Hải")
        .unwrap();
    store.set_author(&treasurer.member.id.clone());
    (store, club)
}

fn grant(store: &mut Store, club: &str, amount: i64, on: NaiveDate) {
    store
        .record_fund_entry(
            club,
            NewFundEntry {
                fund: Fund::IncomeGeneration,
                kind: EntryKind::Grant,
                amount,
                entry_on: on,
                memo: "Số dư đầu kỳ".into(),
                member_id: None,
            },
        )
        .unwrap();
}

fn plan(store: &Store, club: &str, file: &str) -> LoanImportPlan {
    let book =
        read_loan_book_file(&sample(file), &LoanBookOptions::default(), &mut |_, _| {}).unwrap();
    store.plan_loan_import(club, &book).unwrap()
}

/// Row counts of every table and the change log.
fn snapshot(store: &Store) -> (Vec<(String, i64)>, usize) {
    let conn = store.connection();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let counts = tables
        .into_iter()
        .map(|t| {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect();
    (counts, store.change_log(false).unwrap().len())
}

/// Principal and interest outstanding of the sample's 22 loans, in sheet
/// order (rows 4–25), as `loan_import`'s golden table works them out.
const OUTSTANDING: [(u32, i64, i64); 22] = [
    (4, 2_000_000, 160_000),
    (5, 1_670_000, 46_670),
    (6, 4_169_000, 247_669),
    (7, 2_088_000, 195_338),
    (8, 2_088_000, 120_338),
    (9, 2_916_669, 0),
    (10, 2_088_000, 120_338),
    (11, 2_000_000, 100_000),
    (12, 1_668_000, 48_668),
    (13, 1_672_000, 94_672),
    (14, 5_835_000, 348_335),
    (15, 1_750_003, 0),
    (16, 833_335, 0),
    (17, 4_169_000, 247_669),
    (18, 2_088_000, 120_338),
    (19, 2_504_000, 146_004),
    (20, 1_256_000, 69_006),
    (21, 1_256_000, 69_006),
    (22, 6_668_000, 638_668),
    (23, 1_670_000, 46_670),
    (24, 1_666_672, 0),
    (25, 2, 0),
];

#[test]
fn the_sample_book_imports_with_its_repayment_history() {
    let (mut store, club) = club();
    let empty = plan(&store, &club, "so-cho-vay-von-quay-vong.xlsx");
    assert_eq!(empty.problems, vec![]);
    assert_eq!(empty.loans.len(), 22);
    assert_eq!(
        (empty.fund.shortfall, empty.fund.grant_by),
        (129_273_343, Some(d(2026, 1, 2)))
    );

    // The fund is short: refused before anything is written.
    let before = snapshot(&store);
    let e = store.import_loans(&club, &empty).unwrap_err();
    let f = e.field_error().unwrap();
    assert_eq!(
        (f.code.as_str(), f.field.as_str()),
        ("loan_import.fund_insufficient", "fund")
    );
    assert!(
        f.message
            .contains("129.273.343 ₫ dated on or before 02/01/2026"),
        "{}",
        f.message
    );
    assert_eq!(snapshot(&store), before);

    // The shortfall is exact: one đồng less still fails, in the store itself.
    grant(&mut store, &club, 129_273_342, d(2026, 1, 2));
    let mut short = plan(&store, &club, "so-cho-vay-von-quay-vong.xlsx");
    assert_eq!(
        (short.fund.shortfall, short.fund.grant_by),
        (1, Some(d(2026, 3, 28)))
    );
    let before = snapshot(&store);
    short.fund.shortfall = 0; // as if the plan had not seen it
    let e = store.import_loans(&club, &short).unwrap_err();
    let f = e.field_error().unwrap();
    assert_eq!(f.code, "fund.insufficient");
    // Row 7 (Nguyễn Kim Bích) and row 17 (Nguyễn Thị Ngọc) are both
    // disbursed on 28/03; row 7 comes first and fits, row 17 does not.
    assert_eq!(f.field, "rows[17].principal");
    assert_eq!(snapshot(&store), before, "nothing of the import is left");

    grant(&mut store, &club, 1, d(2026, 3, 28));
    let ready = plan(&store, &club, "so-cho-vay-von-quay-vong.xlsx");
    assert_eq!(ready.fund.shortfall, 0);
    let log_before = store.change_log(false).unwrap().len();
    let summary = store.import_loans(&club, &ready).unwrap();
    assert_eq!(summary.loans.len(), 22);
    assert_eq!(summary.repayments, 144);
    assert_eq!(summary.disbursed, 144_000_000);
    assert_eq!(summary.repaid, 96_104_930);
    assert_eq!(
        store.change_log(false).unwrap().len(),
        log_before + 22 + 144,
        "every disbursement and repayment is an operation to sync"
    );

    let today = d(2026, 11, 15);
    for (imported, (row, principal, interest)) in summary.loans.iter().zip(OUTSTANDING) {
        assert_eq!(imported.sheet_row, row);
        let view = store.loan(&imported.loan_id, today).unwrap();
        let planned = ready.loans.iter().find(|l| l.sheet_row == row).unwrap();
        assert_eq!(view.borrower_name, planned.borrower_name);
        assert_eq!(view.loan.principal, planned.terms.principal);
        assert_eq!(view.loan.disbursed_on, planned.terms.disbursed_on);
        assert_eq!(view.loan.purpose, planned.purpose);
        let recorded: Vec<(NaiveDate, i64)> = view
            .repayments
            .iter()
            .map(|l| (l.entry.entry_on, l.entry.amount))
            .collect();
        let sheet: Vec<(NaiveDate, i64)> = planned
            .repayments
            .iter()
            .map(|r| (r.paid_on, r.amount))
            .collect();
        assert_eq!(recorded, sheet, "row {row}");
        assert_eq!(imported.repayments, sheet.len());
        assert_eq!(
            (
                view.position.principal_outstanding,
                view.position.interest_outstanding
            ),
            (principal, interest),
            "row {row}"
        );
        assert_eq!(
            view.position.days_past_due, planned.position.days_past_due,
            "row {row}"
        );
        assert_eq!(
            view.status,
            LoanStatus::Active,
            "row {row}: 2 ₫ is still owed on row 25"
        );
    }
    // 129.273.343 granted − 144.000.000 lent + 96.104.930 repaid.
    assert_eq!(
        store.fund_balance(&club, Fund::IncomeGeneration).unwrap(),
        81_378_273
    );
    let audit = store.audit().unwrap();
    assert!(
        audit.rows_without_op.is_empty()
            && audit.ops_without_rows.is_empty()
            && audit.negative_balances.is_empty(),
        "{audit:?}"
    );
}

#[test]
fn a_second_import_creates_nothing() {
    let (mut store, club) = club();
    grant(&mut store, &club, 129_273_343, d(2026, 1, 2));
    let first = plan(&store, &club, "so-cho-vay-von-quay-vong.xlsx");
    let summary = store.import_loans(&club, &first).unwrap();
    assert_eq!(summary.loans.len(), 22);

    // Again, from the CSV export of the same book: every loan is found.
    let before = snapshot(&store);
    let again = plan(&store, &club, "so-cho-vay-von-quay-vong.csv");
    assert_eq!(again.loans, vec![]);
    assert_eq!(again.problems, vec![]);
    assert_eq!(again.already_imported.len(), 22);
    for (a, imported) in again.already_imported.iter().zip(&summary.loans) {
        assert_eq!(a.sheet_row, imported.sheet_row);
        assert_eq!(a.loan_id, imported.loan_id);
        assert_eq!(a.repaid_in_sheet, a.repaid_recorded, "row {}", a.sheet_row);
    }
    assert_eq!(
        (
            again.fund.disbursed,
            again.fund.repaid,
            again.fund.shortfall
        ),
        (0, 0, 0)
    );
    let none = store.import_loans(&club, &again).unwrap();
    assert_eq!((none.loans.len(), none.repayments), (0, 0));
    assert_eq!(snapshot(&store), before);

    // A stale plan (made before the first import) is refused as a whole.
    let e = store.import_loans(&club, &first).unwrap_err();
    let f = e.field_error().unwrap();
    assert_eq!(f.code, "loan_import.already_imported");
    assert!(f.field.starts_with("rows["), "{}", f.field);
    assert_eq!(snapshot(&store), before);
}

#[test]
fn a_failure_in_the_middle_leaves_the_database_unchanged() {
    let (mut store, club) = club();
    grant(&mut store, &club, 200_000_000, d(2026, 1, 2));
    let mut tampered = plan(&store, &club, "so-cho-vay-von-quay-vong.xlsx");
    assert_eq!(tampered.fund.shortfall, 0);
    // The last step of the import is row 17's October repayment (28/10/2026,
    // after row 7's of the same day); make it more than is owed: the other
    // 165 steps are recorded before it fails.
    let order = ishc_core::loan_import::import_order(&tampered.loans);
    let last = *order.last().unwrap();
    let loan = &mut tampered.loans[last.loan];
    assert_eq!(order.len(), 22 + 144);
    assert_eq!(loan.sheet_row, 17);
    let k = last.repayment.unwrap();
    assert_eq!(loan.repayments[k].paid_on, d(2026, 10, 28));
    loan.repayments[k].amount = 10_000_000;

    let before = snapshot(&store);
    let balance = store.fund_balance(&club, Fund::IncomeGeneration).unwrap();
    let e = store.import_loans(&club, &tampered).unwrap_err();
    let f = e.field_error().unwrap();
    assert_eq!(
        (f.code.as_str(), f.field.as_str()),
        ("loan.overpayment", "rows[17].repayments[2026-10].amount")
    );
    assert_eq!(
        snapshot(&store),
        before,
        "no loan, entry or operation is left"
    );
    assert_eq!(
        store.fund_balance(&club, Fund::IncomeGeneration).unwrap(),
        balance
    );
    assert!(
        store.connection().is_autocommit(),
        "not left in a transaction"
    );

    // The store is usable and the untampered plan goes through.
    let good = plan(&store, &club, "so-cho-vay-von-quay-vong.xlsx");
    assert_eq!(store.import_loans(&club, &good).unwrap().loans.len(), 22);
}

#[test]
fn money_needs_a_treasurer() {
    let (mut store, club) = club();
    grant(&mut store, &club, 200_000_000, d(2026, 1, 2));
    let ready = plan(&store, &club, "so-cho-vay-von-quay-vong.xlsx");
    store.set_author("admin:cli");
    let before = snapshot(&store);
    let e = store.import_loans(&club, &ready).unwrap_err();
    assert_eq!(e.code(), "op.not_permitted");
    assert_eq!(snapshot(&store), before);
}

#[test]
fn a_reversed_loan_can_be_imported_again_and_other_clubs_are_refused() {
    let (mut store, club) = club();
    grant(&mut store, &club, 10_000_000, d(2026, 1, 2));
    let book = ishc_core::loan_import::read_loan_book_csv(
        "SỔ CHO VAY NĂM 2026,,,,,,\n\
         STT,Họ tên người vay,Ngày vay,Số tiền vay,Thời hạn,Lãi suất,T1\n\
         1,Trần Văn Bình,05/01/2026,1.000.000,10,1%,\n"
            .as_bytes(),
        &LoanBookOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let first = store.plan_loan_import(&club, &book).unwrap();
    assert_eq!(first.problems, vec![]);
    let imported = store.import_loans(&club, &first).unwrap();
    let loan_id = imported.loans[0].loan_id.clone();
    assert_eq!(
        store
            .plan_loan_import(&club, &book)
            .unwrap()
            .already_imported[0]
            .loan_id,
        loan_id
    );

    // Recorded by mistake and reversed: the book's loan is not in the club's
    // book any more, so it is planned again.
    let disbursement: String = store
        .connection()
        .query_row(
            "SELECT id FROM journal WHERE loan_id = ?1 AND kind = 'loan_disbursement'",
            [&loan_id],
            |r| r.get(0),
        )
        .unwrap();
    store
        .reverse_entry(&disbursement, "nhập nhầm", d(2026, 1, 6))
        .unwrap();
    let again = store.plan_loan_import(&club, &book).unwrap();
    assert_eq!(again.already_imported, vec![]);
    assert_eq!(again.loans.len(), 1);

    // A plan made for one club is refused in another, before anything is written.
    let other = store
        .create_club(NewClub {
            name: "CLB khác".into(),
            commune_code: 26425,
            founded_on: d(2024, 6, 15),
            activity_areas: None,
        })
        .unwrap()
        .id;
    let before = snapshot(&store);
    let e = store.import_loans(&other, &again).unwrap_err();
    let f = e.field_error().unwrap();
    assert_eq!(
        (f.code.as_str(), f.field.as_str()),
        ("member.other_club", "rows[3].borrower_id")
    );
    assert_eq!(snapshot(&store), before);
}
