//! The monthly report's workbook read back with calamine and its printable
//! page, on a club month built through the store's public write API.

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use ishc_core::clock::FixedClock;
use ishc_core::indicators::ClubMonthlyReport;
use ishc_core::model::{Birth, Fund, HouseholdStatus, InterestMethod, Membership, Role, Sex};
use ishc_core::ops::EntryKind;
use ishc_core::store::{NewClub, NewFundEntry, NewLoan, NewMember, Store};
use ishc_reports::monthly;
use ishc_reports::xlsx::{first_data_row, header_row};
use std::io::Cursor;
use std::sync::Arc;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn member(name: &str, roles: Vec<Role>) -> NewMember {
    NewMember {
        full_name: name.to_string(),
        sex: Sex::Female,
        birth: Birth::Year(1955),
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 3".to_string(),
        phone: None,
        joined_on: d(2025, 1, 1),
        roles,
        membership: Membership::Member,
    }
}

/// "CLB Ấp 3 & <Bến Cát>" in Xã Xuân Lộc: the treasurer Trần Thị An and
/// Nguyễn Thị <Hoa> (a name with `<` and `>`, as typed). March 2026:
/// income-generation fund grant 20.000.000 on the 1st; Hoa borrows
/// 1.500.000 over 3 months at 0% on the 2nd and repays 500.000 on the 20th;
/// activity fund contribution 2.000.000 and expense 300.000 on the 5th.
fn report() -> ClubMonthlyReport {
    let clock = FixedClock::new(
        ishc_core::input::parse_instant("at", "2026-04-02T09:00:00+07:00").unwrap(),
    );
    let mut s = Store::open_in_memory("phone-1", Arc::new(clock)).unwrap();
    let club = s
        .create_club(NewClub {
            name: "CLB Ấp 3 & <Bến Cát>".into(),
            commune_code: 26425,
            founded_on: d(2024, 6, 15),
            activity_areas: None,
        })
        .unwrap()
        .id;
    let an = s
        .register_member(&club, member("Trần Thị An", vec![Role::Treasurer]))
        .unwrap()
        .member
        .id;
    let hoa = s
        .register_member(&club, member("Nguyễn Thị <Hoa>", vec![]))
        .unwrap()
        .member
        .id;
    s.set_author(&an);
    let fund = |s: &mut Store, fund, kind, amount, on| {
        s.record_fund_entry(
            &club,
            NewFundEntry {
                fund,
                kind,
                amount,
                entry_on: on,
                memo: String::new(),
                member_id: None,
            },
        )
        .unwrap();
    };
    fund(
        &mut s,
        Fund::IncomeGeneration,
        EntryKind::Grant,
        20_000_000,
        d(2026, 3, 1),
    );
    fund(
        &mut s,
        Fund::Activity,
        EntryKind::Contribution,
        2_000_000,
        d(2026, 3, 5),
    );
    fund(
        &mut s,
        Fund::Activity,
        EntryKind::Expense,
        300_000,
        d(2026, 3, 5),
    );
    let loan = s
        .disburse_loan(NewLoan {
            borrower_id: hoa,
            principal: 1_500_000,
            disbursed_on: d(2026, 3, 2),
            term_months: 3,
            monthly_rate_bp: 0,
            method: InterestMethod::Flat,
            purpose: String::new(),
        })
        .unwrap()
        .loan
        .id;
    s.repay_loan(&loan, 500_000, d(2026, 3, 20)).unwrap();
    s.monthly_report(&club, 2026, 3).unwrap()
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn number(range: &calamine::Range<Data>, row: u32, col: u32) -> i64 {
    match cell(range, row, col) {
        Data::Float(f) => f as i64,
        Data::Int(i) => i,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

#[test]
fn the_workbook_reads_back_sheet_by_sheet_with_totals_that_add_up() {
    let r = report();
    let tables: Vec<_> = monthly::sections(&r, d(2026, 4, 2))
        .into_iter()
        .map(|s| s.table)
        .collect();
    let bytes = monthly::workbook(&r, d(2026, 4, 2)).unwrap();
    let mut xl = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(
        xl.sheet_names(),
        [
            "Biểu 01 Tổng hợp",
            "Biểu 02 Quỹ của câu lạc bộ",
            "Biểu 03 Cho vay vốn quay vòng",
            "Biểu 04 Thành viên vào và ra",
            "Biểu 05 Sinh hoạt định kỳ",
            "Biểu 06 Người được chăm sóc",
            "Biểu 07 Chỉ số huyết áp cao",
        ]
    );

    // Funds: the heading, the English note row, the headers with the unit,
    // a row per fund and the totals row.
    let funds = &tables[1];
    let ws = xl.worksheet_range("Biểu 02 Quỹ của câu lạc bộ").unwrap();
    assert_eq!(cell(&ws, 0, 0), Data::String("CLB ẤP 3 & <BẾN CÁT>".into()));
    assert_eq!(
        cell(&ws, 3, 0),
        Data::String("BÁO CÁO THÁNG 03/2026 — QUỸ CỦA CÂU LẠC BỘ".into())
    );
    assert_eq!(
        cell(&ws, 6, 0),
        Data::String("(Monthly report, March 2026: The club's funds)".into())
    );
    let h = header_row(funds);
    assert_eq!(cell(&ws, h, 0), Data::String("TT".into()));
    assert_eq!(cell(&ws, h, 1), Data::String("Quỹ\n(Fund)".into()));
    assert_eq!(
        cell(&ws, h, 2),
        Data::String("Số dư đầu tháng (đồng)\n(Opening balance)".into())
    );
    assert_eq!(
        cell(&ws, h, 12),
        Data::String("Số dư cuối tháng (đồng)\n(Closing balance)".into())
    );
    let first = first_data_row(funds);
    assert_eq!(
        cell(&ws, first, 1),
        Data::String("Quỹ vốn quay vòng\n(income-generation fund)".into())
    );
    // Income-generation fund: 0 + grant 20.000.000 + repayment 500.000 −
    // loan 1.500.000 = 19.000.000. Activity fund: 2.000.000 − 300.000.
    let ig: Vec<i64> = (2..=12).map(|c| number(&ws, first, c)).collect();
    assert_eq!(
        ig,
        [0, 20_000_000, 0, 0, 0, 500_000, 20_500_000, 1_500_000, 0, 1_500_000, 19_000_000]
    );
    let ac: Vec<i64> = (2..=12).map(|c| number(&ws, first + 1, c)).collect();
    assert_eq!(
        ac,
        [0, 0, 2_000_000, 0, 0, 0, 2_000_000, 0, 300_000, 300_000, 1_700_000]
    );
    let total = first + 2;
    assert_eq!(cell(&ws, total, 1), Data::String("Tổng cộng".into()));
    for c in 2..=12 {
        assert_eq!(
            number(&ws, total, c),
            number(&ws, first, c) + number(&ws, first + 1, c),
            "column {c}"
        );
    }
    assert_eq!(number(&ws, total, 12), 20_700_000);
    let formulas = xl.worksheet_formula("Biểu 02 Quỹ của câu lạc bộ").unwrap();
    // Rows 11–12 in Excel's numbering (0-based 10 and 11).
    assert_eq!(first, 10);
    assert_eq!(
        formulas.get_value((total, 12)).map(String::as_str),
        Some("SUM(M11:M12)")
    );

    // Loans: the borrower's name as typed (no HTML escaping in a workbook),
    // and the totals row.
    let loans = &tables[2];
    let ws = xl.worksheet_range("Biểu 03 Cho vay vốn quay vòng").unwrap();
    let first = first_data_row(loans);
    assert_eq!(cell(&ws, first, 1), Data::String("Nguyễn Thị <Hoa>".into()));
    assert_eq!(number(&ws, first, 3), 1_500_000);
    assert_eq!(number(&ws, first, 5), 500_000);
    assert_eq!(number(&ws, first, 7), 1_000_000);
    assert_eq!(number(&ws, first + 1, 3), 1_500_000);
    assert_eq!(number(&ws, first + 1, 7), 1_000_000);
    assert_eq!(cell(&ws, first, 11), Data::String("Đang vay".into()));

    // The summary: one line per figure, English under the Vietnamese.
    let ws = xl.worksheet_range("Biểu 01 Tổng hợp").unwrap();
    let first = first_data_row(&tables[0]);
    assert_eq!(
        cell(&ws, first, 1),
        Data::String("Thành viên đầu tháng\n(members at the month's start)".into())
    );
    assert_eq!(number(&ws, first, 3), 2);
    let dis = (first..first + 60)
        .find(|&row| cell(&ws, row, 1) == Data::String("Cho vay trong tháng\n(disbursed)".into()))
        .expect("the disbursed line");
    assert_eq!((number(&ws, dis, 3), number(&ws, dis, 5)), (1, 1_500_000));
}

#[test]
fn the_page_prints_money_in_dong_and_escapes_names() {
    let r = report();
    let page = monthly::html(&r, d(2026, 4, 2)).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("@page { size: A4 landscape"));
    assert!(!page.to_lowercase().contains("<script"));
    // Money as people read it.
    assert!(page.contains("<td class=\"num\">1.500.000 ₫</td>"));
    assert!(page.contains("<td class=\"num\">19.000.000 ₫</td>"));
    assert!(page.contains("<td class=\"num\">20.700.000 ₫</td>"));
    // The name and the club's name are text, never markup.
    assert!(page.contains("<td>Nguyễn Thị &lt;Hoa&gt;</td>"));
    assert!(page.contains("CLB Ấp 3 &amp; &lt;Bến Cát&gt;"));
    assert!(!page.contains("<Hoa>") && !page.contains("<Bến Cát>"));
    // Vietnamese first, English beside in smaller type.
    assert!(page
        .contains("BÁO CÁO THÁNG 03/2026<br><span class=\"en\">Monthly report, March 2026</span>"));
    assert!(
        page.contains("<th>Số dư đầu tháng (đồng) <span class=\"en\">Opening balance</span></th>")
    );
    assert!(page.contains("II. Quỹ của câu lạc bộ <span class=\"en\">The club&#39;s funds</span>"));
    // Seven sections, an empty list says so, and the signature line.
    assert_eq!(page.matches("<section>").count(), 7);
    assert!(page.contains("Không có <span class=\"en\">none</span>"));
    assert!(page.contains("Xuân Lộc, ngày 02 tháng 04 năm 2026"));
    assert!(page.contains("CHỦ NHIỆM CLB"));
}
