//! Money: the two funds, savings passbooks, reversals and revolving loans.

use ishc_core::model::{vietnam_date, Fund, InterestMethod, Membership};
use ishc_core::ops::EntryKind;
use ishc_core::store::{LoanStatus, LoanView, NewFundEntry, NewLoan, NewMember};
use ishc_tests::*;

fn expense(fund: Fund, amount: i64, on: chrono::NaiveDate) -> NewFundEntry {
    NewFundEntry {
        fund,
        kind: EntryKind::Expense,
        amount,
        entry_on: on,
        memo: "Thăm hỏi hội viên ốm".into(),
        member_id: None,
    }
}

fn loan_5m(borrower: &str) -> NewLoan {
    NewLoan {
        borrower_id: borrower.to_string(),
        principal: 5_000_000,
        disbursed_on: d(2026, 1, 15),
        term_months: 12,
        monthly_rate_bp: 100,
        method: InterestMethod::Flat,
        purpose: "Nuôi heo".into(),
    }
}

/// A club with 20,000,000 đ in the income-generation fund and a borrower.
fn with_fund() -> (Fixture, String) {
    let mut f = Fixture::new();
    f.grant(Fund::IncomeGeneration, 20_000_000, d(2026, 1, 2));
    let b = f.add_named("Lê Thị Hoa");
    (f, b)
}

fn balances(lines: &[ishc_core::store::StatementLine]) -> Vec<(i64, i64, bool)> {
    lines
        .iter()
        .map(|l| (l.entry.amount, l.balance, l.reversed))
        .collect()
}

// ------------------------------------------------------------------ funds

#[test]
fn grant_then_expense_and_an_expense_above_the_balance_is_refused() {
    let mut f = Fixture::new();
    f.grant(Fund::Activity, 10_000_000, d(2026, 1, 5));
    let e = expense(Fund::Activity, 3_000_000, d(2026, 1, 10));
    let rec = f.store.record_fund_entry(&f.club, e).unwrap();
    assert_eq!((rec.kind, rec.amount), (EntryKind::Expense, -3_000_000));
    assert_eq!(
        f.store.fund_balance(&f.club, Fund::Activity).unwrap(),
        7_000_000
    );
    assert_eq!(
        f.store
            .fund_balance(&f.club, Fund::IncomeGeneration)
            .unwrap(),
        0
    );
    let st = f.store.fund_statement(&f.club, Fund::Activity).unwrap();
    assert_eq!(
        balances(&st.lines),
        vec![
            (10_000_000, 10_000_000, false),
            (-3_000_000, 7_000_000, false)
        ]
    );
    assert_eq!(st.balance, 7_000_000);

    let before = table_counts(&f.store);
    let ops = f.ops();
    let e = expense(Fund::Activity, 8_000_000, d(2026, 1, 11));
    let r = f.store.record_fund_entry(&f.club, e.clone());
    assert_eq!(
        fails(f.store.record_fund_entry(&f.club, e)),
        ("fund.insufficient".into(), "amount".into())
    );
    let msg = message(r);
    assert!(msg.contains("8.000.000 ₫"), "{msg}");
    assert!(msg.contains("7.000.000 ₫"), "{msg}");
    assert_eq!(
        msg,
        "8.000.000 ₫ is more than the activity fund's balance of 7.000.000 ₫ on 11/01/2026"
    );
    assert_eq!(f.ops(), ops);
    assert_eq!(table_counts(&f.store), before);
    assert_eq!(f.store.audit().unwrap(), Default::default());
    assert_eq!(
        f.store.fund_balance(&f.club, Fund::Activity).unwrap(),
        7_000_000
    );

    // Exactly the balance is allowed.
    let e = expense(Fund::Activity, 7_000_000, d(2026, 1, 12));
    f.store.record_fund_entry(&f.club, e).unwrap();
    assert_eq!(f.store.fund_balance(&f.club, Fund::Activity).unwrap(), 0);
}

#[test]
fn fund_entries_need_a_fund_kind_and_a_positive_amount() {
    let mut f = Fixture::new();
    let mut e = expense(Fund::Activity, 0, d(2026, 1, 10));
    e.kind = EntryKind::Grant;
    assert_eq!(
        fails(f.store.record_fund_entry(&f.club, e.clone())),
        ("money.not_positive".into(), "amount".into())
    );
    e.amount = 1_000;
    for kind in [
        EntryKind::Deposit,
        EntryKind::LoanRepayment,
        EntryKind::Reversal,
    ] {
        e.kind = kind;
        assert_eq!(
            fails(f.store.record_fund_entry(&f.club, e.clone())),
            ("fund.kind".into(), "kind".into())
        );
    }
    // Only the club and the acting chair: nothing was written.
    assert_eq!(f.ops(), 2);
}

// ---------------------------------------------------------------- savings

#[test]
fn passbook_running_balances_are_exact() {
    let mut f = Fixture::new();
    let m = f.add_named("Lê Thị Hoa");
    // Recorded out of date order: the passbook is in date order.
    f.store.deposit(&m, 300_000, d(2026, 1, 20), "").unwrap();
    f.store.deposit(&m, 200_000, d(2026, 1, 10), "").unwrap();
    let w = f.store.withdraw(&m, 150_000, d(2026, 2, 1), "Rút").unwrap();
    assert_eq!((w.kind, w.amount), (EntryKind::Withdrawal, -150_000));
    let pb = f.store.passbook(&m).unwrap();
    assert_eq!(
        balances(&pb.lines),
        vec![
            (200_000, 200_000, false),
            (300_000, 500_000, false),
            (-150_000, 350_000, false)
        ]
    );
    let dates: Vec<_> = pb.lines.iter().map(|l| l.entry.entry_on).collect();
    assert_eq!(dates, vec![d(2026, 1, 10), d(2026, 1, 20), d(2026, 2, 1)]);
    assert_eq!(pb.balance, 350_000);
    assert_eq!(f.store.savings_balance(&m).unwrap(), 350_000);
    let listed = f
        .store
        .list_members(&f.club, None, false, d(2026, 3, 1))
        .unwrap();
    let listed: Vec<(&str, i64)> = listed
        .iter()
        .map(|s| (s.member.full_name.as_str(), s.savings_balance))
        .collect();
    assert_eq!(listed, vec![(ACTING, 0), ("Lê Thị Hoa", 350_000)]);

    let ops = f.ops();
    let r = f.store.withdraw(&m, 400_000, d(2026, 2, 2), "");
    assert_eq!(
        message(r),
        "400.000 ₫ is more than the savings balance of 350.000 ₫ on 02/02/2026"
    );
    assert_eq!(
        fails(f.store.withdraw(&m, 350_001, d(2026, 2, 2), "")),
        ("savings.insufficient".into(), "amount".into())
    );
    assert_eq!(
        fails(f.store.deposit(&m, 0, d(2026, 2, 2), "")),
        ("money.not_positive".into(), "amount".into())
    );
    assert_eq!(f.ops(), ops);
    f.store.withdraw(&m, 350_000, d(2026, 2, 2), "").unwrap();
    assert_eq!(f.store.savings_balance(&m).unwrap(), 0);
    assert_eq!(f.store.audit().unwrap(), Default::default());
}

#[test]
fn savings_are_for_members_only() {
    let mut f = Fixture::new();
    let r = f.add(NewMember {
        membership: Membership::RecipientOnly,
        ..person("Đinh Thị Mận")
    });
    assert_eq!(
        fails(f.store.deposit(&r, 10_000, d(2026, 1, 10), "")),
        ("savings.not_member".into(), "member_id".into())
    );
    assert_eq!(
        fails(f.store.deposit("no-such-id", 10_000, d(2026, 1, 10), "")),
        ("member.unknown".into(), "member_id".into())
    );
}

#[test]
fn a_backdated_withdrawal_cannot_overdraw_the_passbook() {
    let mut f = Fixture::new();
    let m = f.add_named("Lê Thị Hoa");
    f.store.deposit(&m, 100_000, d(2026, 3, 1), "").unwrap();
    let r = f.store.withdraw(&m, 100_000, d(2026, 2, 1), "");
    if r.is_ok() {
        let pb = f.store.passbook(&m).unwrap();
        let negative: Vec<_> = pb.lines.iter().filter(|l| l.balance < 0).collect();
        assert!(negative.is_empty(), "{negative:#?}");
    }
    assert_eq!(fails(r), ("savings.insufficient".into(), "amount".into()));
}

#[test]
fn reversal_points_at_the_original_which_remains() {
    let mut f = Fixture::new();
    let m = f.add_named("Lê Thị Hoa");
    f.store.deposit(&m, 100_000, d(2026, 1, 5), "").unwrap();
    let dep = f.store.deposit(&m, 200_000, d(2026, 1, 10), "").unwrap();
    let ops = f.ops();
    let rev = f
        .store
        .reverse_entry(&dep.id, " Nhập   nhầm ", d(2026, 1, 11))
        .unwrap();
    assert_eq!(f.ops(), ops + 1);
    assert_eq!(rev.reverses_id.as_deref(), Some(dep.id.as_str()));
    assert_eq!(
        (rev.kind, rev.amount, rev.entry_on),
        (EntryKind::Reversal, -200_000, d(2026, 1, 11))
    );
    assert_eq!(rev.member_id.as_deref(), Some(m.as_str()));
    assert_eq!(rev.memo, "Nhập nhầm");
    let pb = f.store.passbook(&m).unwrap();
    assert_eq!(
        balances(&pb.lines),
        vec![
            (100_000, 100_000, false),
            (200_000, 300_000, true),
            (-200_000, 100_000, false)
        ]
    );
    assert_eq!(pb.lines[1].entry, dep);
    assert_eq!(f.store.savings_balance(&m).unwrap(), 100_000);

    let ops = f.ops();
    assert_eq!(
        fails(f.store.reverse_entry(&dep.id, "again", d(2026, 1, 12))),
        ("journal.already_reversed".into(), "entry_id".into())
    );
    assert_eq!(
        fails(f.store.reverse_entry(&rev.id, "undo", d(2026, 1, 12))),
        ("journal.reverse_reversal".into(), "entry_id".into())
    );
    assert_eq!(
        fails(f.store.reverse_entry(&dep.id, "  ", d(2026, 1, 12))),
        ("text.required".into(), "reason".into())
    );
    assert_eq!(
        f.store
            .reverse_entry("no-such-entry", "x", d(2026, 1, 12))
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(f.ops(), ops);
    assert_eq!(f.store.audit().unwrap(), Default::default());
}

#[test]
fn reversal_cannot_predate_its_entry_or_overdraw() {
    let mut f = Fixture::new();
    let m = f.add_named("Lê Thị Hoa");
    let dep = f.store.deposit(&m, 200_000, d(2026, 1, 10), "").unwrap();
    assert_eq!(
        fails(f.store.reverse_entry(&dep.id, "nhầm", d(2026, 1, 9))),
        ("journal.reversal_before_entry".into(), "on".into())
    );
    f.store.withdraw(&m, 150_000, d(2026, 1, 12), "").unwrap();
    assert_eq!(
        fails(f.store.reverse_entry(&dep.id, "nhầm", d(2026, 1, 13))),
        ("savings.insufficient".into(), "amount".into())
    );
    assert_eq!(f.store.savings_balance(&m).unwrap(), 50_000);
}

// ------------------------------------------------------------------ loans

#[test]
fn disbursement_comes_out_of_the_fund_with_the_golden_schedule() {
    let (mut f, b) = with_fund();
    let ops = f.ops();
    let v = f.store.disburse_loan(loan_5m(&b)).unwrap();
    assert_eq!(f.ops(), ops + 1);
    assert_eq!(
        f.store
            .fund_balance(&f.club, Fund::IncomeGeneration)
            .unwrap(),
        15_000_000
    );
    assert_eq!(v.status, LoanStatus::Active);
    assert_eq!(v.borrower_name, "Lê Thị Hoa");
    assert_eq!(v.loan.purpose, "Nuôi heo");
    let rows: Vec<_> = v
        .position
        .installments
        .iter()
        .map(|s| {
            (
                s.installment.number,
                s.installment.due_on,
                s.installment.principal,
                s.installment.interest,
            )
        })
        .collect();
    let mut want: Vec<_> = (1..=11)
        .map(|n| (n, d(2026, 1 + n, 15), 416_000, 50_000))
        .collect();
    want.push((12, d(2027, 1, 15), 424_000, 50_000));
    assert_eq!(rows, want);
    let interest: i64 = v
        .position
        .installments
        .iter()
        .map(|s| s.installment.interest)
        .sum();
    assert_eq!(interest, 600_000);
    assert_eq!(
        (
            v.position.principal_outstanding,
            v.position.interest_outstanding,
            v.position.overdue_amount,
            v.position.days_past_due
        ),
        (5_000_000, 600_000, 0, 0)
    );
    let st = f
        .store
        .fund_statement(&f.club, Fund::IncomeGeneration)
        .unwrap();
    assert_eq!(
        balances(&st.lines),
        vec![
            (20_000_000, 20_000_000, false),
            (-5_000_000, 15_000_000, false)
        ]
    );
    assert_eq!(st.lines[1].entry.kind, EntryKind::LoanDisbursement);
    assert_eq!(
        st.lines[1].entry.loan_id.as_deref(),
        Some(v.loan.id.as_str())
    );
    let listed = f
        .store
        .list_members(&f.club, None, false, d(2026, 1, 15))
        .unwrap();
    let listed: Vec<(&str, i64)> = listed
        .iter()
        .map(|s| (s.member.full_name.as_str(), s.loan_outstanding))
        .collect();
    assert_eq!(listed, vec![(ACTING, 0), ("Lê Thị Hoa", 5_000_000)]);
    assert_eq!(f.store.audit().unwrap(), Default::default());
}

#[test]
fn disbursement_above_the_fund_balance_is_refused() {
    let (mut f, b) = with_fund();
    f.store.disburse_loan(loan_5m(&b)).unwrap();
    let before = table_counts(&f.store);
    let big = NewLoan {
        principal: 16_000_000,
        ..loan_5m(&b)
    };
    let msg = message(f.store.disburse_loan(big.clone()));
    assert!(msg.contains("16.000.000 ₫"), "{msg}");
    assert!(msg.contains("15.000.000 ₫"), "{msg}");
    assert_eq!(fails(f.store.disburse_loan(big)).0, "fund.insufficient");
    assert_eq!(table_counts(&f.store), before);
    // Exactly the balance is allowed.
    f.store
        .disburse_loan(NewLoan {
            principal: 15_000_000,
            ..loan_5m(&b)
        })
        .unwrap();
    assert_eq!(
        f.store
            .fund_balance(&f.club, Fund::IncomeGeneration)
            .unwrap(),
        0
    );
}

#[test]
fn disbursement_refusal_names_the_principal_field() {
    let (mut f, b) = with_fund();
    let big = NewLoan {
        principal: 21_000_000,
        ..loan_5m(&b)
    };
    assert_eq!(
        fails(f.store.disburse_loan(big)),
        ("fund.insufficient".into(), "principal".into())
    );
}

#[test]
fn borrower_must_be_a_member_on_the_disbursement_date() {
    let (mut f, _) = with_fund();
    let late = f.add(NewMember {
        joined_on: d(2026, 2, 1),
        ..person("Trần Văn Nam")
    });
    assert_eq!(
        fails(f.store.disburse_loan(loan_5m(&late))),
        ("loan.not_member".into(), "borrower_id".into())
    );
    let b = f.add_named("Phạm Thị Lan");
    assert_eq!(
        fails(f.store.disburse_loan(NewLoan {
            principal: 5_000_500,
            ..loan_5m(&b)
        })),
        ("loan.principal_not_thousands".into(), "principal".into())
    );
    assert_eq!(
        fails(f.store.disburse_loan(NewLoan {
            term_months: 61,
            ..loan_5m(&b)
        })),
        ("loan.term_out_of_range".into(), "term_months".into())
    );
}

#[test]
fn repayment_then_days_past_due_and_overdue() {
    let (mut f, b) = with_fund();
    let id = f.store.disburse_loan(loan_5m(&b)).unwrap().loan.id;
    let receipt = f.store.repay_loan(&id, 466_000, d(2026, 2, 15)).unwrap();
    assert_eq!(
        (receipt.entry.kind, receipt.entry.amount),
        (EntryKind::LoanRepayment, 466_000)
    );
    assert_eq!(
        receipt.position.installments[0].paid_off_on,
        Some(d(2026, 2, 15))
    );
    assert_eq!(
        f.store
            .fund_balance(&f.club, Fund::IncomeGeneration)
            .unwrap(),
        15_466_000
    );
    let v = f.store.loan(&id, d(2026, 3, 20)).unwrap();
    assert_eq!(v.position.days_past_due, 5);
    assert_eq!(v.position.overdue_amount, 466_000);
    assert_eq!(
        (
            v.position.principal_repaid,
            v.position.interest_repaid,
            v.position.principal_outstanding,
            v.position.interest_outstanding
        ),
        (416_000, 50_000, 4_584_000, 550_000)
    );
    // On the due date itself nothing is past due.
    let v = f.store.loan(&id, d(2026, 3, 15)).unwrap();
    assert_eq!(
        (v.position.days_past_due, v.position.overdue_amount),
        (0, 0)
    );
    let repaid: Vec<_> = v
        .repayments
        .iter()
        .map(|l| (l.entry.amount, l.balance, l.reversed))
        .collect();
    assert_eq!(repaid, vec![(466_000, 466_000, false)]);
}

#[test]
fn overpayment_is_refused_with_the_figures() {
    let (mut f, b) = with_fund();
    let id = f.store.disburse_loan(loan_5m(&b)).unwrap().loan.id;
    f.store.repay_loan(&id, 466_000, d(2026, 2, 15)).unwrap();
    let ops = f.ops();
    let r = f.store.repay_loan(&id, 5_134_001, d(2026, 3, 1));
    let msg = message(r);
    assert!(msg.contains("5.134.001 ₫"), "{msg}");
    assert!(msg.contains("5.134.000 ₫"), "{msg}");
    assert_eq!(
        fails(f.store.repay_loan(&id, 5_134_001, d(2026, 3, 1))),
        ("loan.overpayment".into(), "amount".into())
    );
    assert_eq!(
        fails(f.store.repay_loan(&id, 1_000, d(2026, 1, 14))),
        ("loan.repaid_before_disbursed".into(), "paid_on".into())
    );
    assert_eq!(f.ops(), ops);
    // Paying off exactly what is owed closes the loan.
    let r = f.store.repay_loan(&id, 5_134_000, d(2026, 3, 1)).unwrap();
    assert_eq!(r.status, LoanStatus::Repaid);
    assert_eq!(
        f.store
            .fund_balance(&f.club, Fund::IncomeGeneration)
            .unwrap(),
        20_600_000
    );
    assert_eq!(
        f.store.loans(&f.club, d(2026, 3, 1), false).unwrap().len(),
        0
    );
}

#[test]
fn reversing_a_repayment_restores_the_outstanding() {
    let (mut f, b) = with_fund();
    let id = f.store.disburse_loan(loan_5m(&b)).unwrap().loan.id;
    let rep = f
        .store
        .repay_loan(&id, 466_000, d(2026, 2, 15))
        .unwrap()
        .entry;
    let rev = f
        .store
        .reverse_entry(&rep.id, "Ghi nhầm", d(2026, 2, 16))
        .unwrap();
    assert_eq!(rev.loan_id.as_deref(), Some(id.as_str()));
    assert_eq!(rev.amount, -466_000);
    let v = f.store.loan(&id, d(2026, 2, 20)).unwrap();
    assert_eq!(
        (
            v.position.principal_outstanding,
            v.position.interest_outstanding,
            v.position.days_past_due,
            v.position.overdue_amount
        ),
        (5_000_000, 600_000, 5, 466_000)
    );
    let lines: Vec<_> = v
        .repayments
        .iter()
        .map(|l| (l.entry.amount, l.balance, l.reversed))
        .collect();
    assert_eq!(lines, vec![(466_000, 466_000, true), (-466_000, 0, false)]);
    assert_eq!(
        f.store
            .fund_balance(&f.club, Fund::IncomeGeneration)
            .unwrap(),
        15_000_000
    );
}

#[test]
fn disbursement_reversal_waits_for_repayment_reversals() {
    let (mut f, b) = with_fund();
    let v = f.store.disburse_loan(loan_5m(&b)).unwrap();
    let id = v.loan.id.clone();
    let disb = f
        .store
        .fund_statement(&f.club, Fund::IncomeGeneration)
        .unwrap()
        .lines
        .into_iter()
        .find(|l| l.entry.kind == EntryKind::LoanDisbursement)
        .unwrap()
        .entry;
    let rep = f
        .store
        .repay_loan(&id, 466_000, d(2026, 2, 15))
        .unwrap()
        .entry;
    let before = table_counts(&f.store);
    assert_eq!(
        fails(
            f.store
                .reverse_entry(&disb.id, "Giải ngân nhầm", d(2026, 2, 20))
        ),
        ("loan.has_repayments".into(), "entry_id".into())
    );
    assert_eq!(table_counts(&f.store), before);

    f.store
        .reverse_entry(&rep.id, "Ghi nhầm", d(2026, 2, 20))
        .unwrap();
    let rev = f
        .store
        .reverse_entry(&disb.id, "Giải ngân nhầm", d(2026, 2, 20))
        .unwrap();
    assert_eq!(rev.amount, 5_000_000);
    let v = f.store.loan(&id, d(2026, 2, 20)).unwrap();
    assert_eq!(v.status, LoanStatus::Reversed);
    assert_eq!(v.repayments.len(), 2);
    assert_eq!(
        f.store
            .fund_balance(&f.club, Fund::IncomeGeneration)
            .unwrap(),
        20_000_000
    );
    assert!(f
        .store
        .loans(&f.club, d(2026, 2, 20), false)
        .unwrap()
        .is_empty());
    let all = f.store.loans(&f.club, d(2026, 2, 20), true).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].status, LoanStatus::Reversed);
    assert_eq!(
        fails(f.store.repay_loan(&id, 1_000, d(2026, 2, 21))),
        ("loan.closed".into(), "loan_id".into())
    );
    let listed = f
        .store
        .list_members(&f.club, None, false, d(2026, 2, 20))
        .unwrap();
    assert_eq!(listed[0].loan_outstanding, 0);
    assert_eq!(f.store.audit().unwrap(), Default::default());
}

#[test]
fn write_off_closes_the_loan_and_leaves_the_portfolio() {
    let (mut f, b) = with_fund();
    let l1 = f.store.disburse_loan(loan_5m(&b)).unwrap().loan.id;
    let l2 = f
        .store
        .disburse_loan(NewLoan {
            principal: 3_000_000,
            disbursed_on: d(2026, 1, 20),
            ..loan_5m(&b)
        })
        .unwrap()
        .loan
        .id;
    let on = d(2026, 4, 1);
    let par = f.store.portfolio_at_risk(&f.club, on, 30).unwrap();
    assert_eq!(
        (par.outstanding, par.at_risk, par.ratio_bp),
        (8_000_000, 8_000_000, 10_000)
    );

    let ops = f.ops();
    let v = f.store.write_off_loan(&l1, on, "Hộ gặp thiên tai").unwrap();
    assert_eq!(f.ops(), ops + 1);
    assert_eq!(v.status, LoanStatus::WrittenOff);
    let par = f.store.portfolio_at_risk(&f.club, on, 30).unwrap();
    assert_eq!(
        (par.outstanding, par.at_risk, par.ratio_bp),
        (3_000_000, 3_000_000, 10_000)
    );
    let principal: i64 = f
        .store
        .connection()
        .query_row(
            "SELECT principal FROM loan_write_offs WHERE loan_id = ?1",
            [&l1],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(principal, 5_000_000);

    assert_eq!(
        fails(f.store.write_off_loan(&l1, on, "again")),
        ("loan.closed".into(), "loan_id".into())
    );
    assert_eq!(
        fails(f.store.repay_loan(&l1, 1_000, on)),
        ("loan.closed".into(), "loan_id".into())
    );
    let active: Vec<String> = f
        .store
        .loans(&f.club, on, false)
        .unwrap()
        .into_iter()
        .map(|v| v.loan.id)
        .collect();
    assert_eq!(active, vec![l2.clone()]);
    let all: Vec<(String, LoanStatus)> = f
        .store
        .loans(&f.club, on, true)
        .unwrap()
        .into_iter()
        .map(|v| (v.loan.id, v.status))
        .collect();
    assert_eq!(
        all,
        vec![(l2, LoanStatus::Active), (l1, LoanStatus::WrittenOff)]
    );
    assert_eq!(f.store.audit().unwrap(), Default::default());
}

#[test]
fn loans_are_listed_most_overdue_first() {
    let (mut f, b) = with_fund();
    let on_time = f.store.disburse_loan(loan_5m(&b)).unwrap().loan.id;
    f.store
        .repay_loan(&on_time, 466_000, d(2026, 2, 15))
        .unwrap();
    let nine = f
        .store
        .disburse_loan(NewLoan {
            principal: 2_000_000,
            disbursed_on: d(2026, 2, 1),
            ..loan_5m(&b)
        })
        .unwrap()
        .loan
        .id;
    let eighteen = f
        .store
        .disburse_loan(NewLoan {
            principal: 1_000_000,
            disbursed_on: d(2026, 1, 20),
            ..loan_5m(&b)
        })
        .unwrap()
        .loan
        .id;
    let order: Vec<(String, u32)> = f
        .store
        .loans(&f.club, d(2026, 3, 10), false)
        .unwrap()
        .into_iter()
        .map(|v: LoanView| (v.loan.id, v.position.days_past_due))
        .collect();
    assert_eq!(order, vec![(eighteen, 18), (nine, 9), (on_time, 0)]);
}

#[test]
fn repayment_at_2330_vietnam_time_counts_in_january() {
    let (mut f, b) = with_fund();
    let id = f.store.disburse_loan(loan_5m(&b)).unwrap().loan.id;
    let utc = at("2026-01-31T16:30:00Z");
    assert_eq!(vietnam_date(&utc), d(2026, 1, 31));
    // The same instant stored with a +09:00 offset reads 1 February there.
    let tokyo = at("2026-02-01T01:30:00+09:00");
    assert_eq!(tokyo, utc);
    assert_eq!(vietnam_date(&tokyo), d(2026, 1, 31));
    // An hour later it is 1 February in Vietnam.
    assert_eq!(vietnam_date(&at("2026-01-31T17:30:00Z")), d(2026, 2, 1));

    let r = f
        .store
        .repay_loan(&id, 100_000, vietnam_date(&tokyo))
        .unwrap();
    assert_eq!(r.entry.entry_on, d(2026, 1, 31));
    let jan = f.store.loan(&id, d(2026, 1, 31)).unwrap();
    assert_eq!(
        (jan.position.interest_repaid, jan.position.principal_repaid),
        (50_000, 50_000)
    );
    let january: i64 = f
        .store
        .fund_statement(&f.club, Fund::IncomeGeneration)
        .unwrap()
        .lines
        .iter()
        .filter(|l| l.entry.entry_on <= d(2026, 1, 31) && l.entry.entry_on >= d(2026, 1, 1))
        .filter(|l| l.entry.kind == EntryKind::LoanRepayment)
        .map(|l| l.entry.amount)
        .sum();
    assert_eq!(january, 100_000);
}

#[test]
fn portfolio_at_risk_over_30_days_with_two_loans() {
    let (mut f, b) = with_fund();
    let c = f.add_named("Trần Văn Nam");
    f.store.disburse_loan(loan_5m(&b)).unwrap();
    f.store
        .disburse_loan(NewLoan {
            principal: 3_000_000,
            disbursed_on: d(2026, 3, 1),
            term_months: 6,
            ..loan_5m(&c)
        })
        .unwrap();
    let par = f
        .store
        .portfolio_at_risk(&f.club, d(2026, 3, 20), 30)
        .unwrap();
    assert_eq!(
        (par.days, par.outstanding, par.at_risk, par.ratio_bp),
        (30, 8_000_000, 5_000_000, 6_250)
    );
    // 30 days past due is not more than 30.
    let par = f
        .store
        .portfolio_at_risk(&f.club, d(2026, 3, 17), 30)
        .unwrap();
    assert_eq!((par.at_risk, par.ratio_bp), (0, 0));
    let par = f
        .store
        .portfolio_at_risk(&f.club, d(2026, 3, 18), 30)
        .unwrap();
    assert_eq!((par.at_risk, par.ratio_bp), (5_000_000, 6_250));
}

// ------------------------------------------------------- the cached loan

/// A file-backed club with 20,000,000 đ in the income-generation fund, a
/// borrower and a 5,000,000 đ loan (5,600,000 đ owed in all); returns the
/// store, the acting member and the loan.
fn file_club(path: &std::path::Path) -> (ishc_core::store::Store, String, String) {
    let mut s = ishc_core::store::Store::open(path, "phone-1", clock_at(START)).unwrap();
    let club = s.create_club(new_club()).unwrap().id;
    let acting = register_acting(&mut s, &club);
    s.record_fund_entry(
        &club,
        NewFundEntry {
            fund: Fund::IncomeGeneration,
            kind: EntryKind::Grant,
            amount: 20_000_000,
            entry_on: d(2026, 1, 2),
            memo: String::new(),
            member_id: None,
        },
    )
    .unwrap();
    let b = s
        .register_member(&club, person("Lê Thị Hoa"))
        .unwrap()
        .member
        .id;
    let loan = s.disburse_loan(loan_5m(&b)).unwrap().loan.id;
    (s, acting, loan)
}

/// A repayment is checked against the loan the treasurer just looked at
/// only while nothing has been committed since: a repayment recorded by
/// another process on the same file, and this store's own reversal, are
/// both seen by the next repayment's overpayment check.
#[test]
fn a_repayment_sees_every_commit_made_after_its_loan_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.db");
    let (mut s, acting, loan) = file_club(&path);
    assert_eq!(
        s.loan(&loan, d(2026, 2, 1))
            .unwrap()
            .position
            .principal_outstanding,
        5_000_000
    );
    // Another process (the command line on the same file) records most of it.
    let mut other = ishc_core::store::Store::open(&path, "phone-1", clock_at(START)).unwrap();
    other.set_author(&acting);
    other.repay_loan(&loan, 5_134_000, d(2026, 2, 10)).unwrap();
    drop(other);
    let refused = s.repay_loan(&loan, 466_001, d(2026, 2, 11));
    assert!(message(refused).contains("466.000 ₫"));
    let paid = s.repay_loan(&loan, 466_000, d(2026, 2, 11)).unwrap();
    assert_eq!(paid.status, LoanStatus::Repaid);
    // Right after its own repayment the store still knows the loan is paid.
    assert_eq!(
        fails(s.repay_loan(&loan, 1_000, d(2026, 2, 12))),
        ("loan.overpayment".into(), "amount".into())
    );
    // Its own reversal reopens the loan for exactly that amount.
    s.reverse_entry(&paid.entry.id, "Ghi nhầm", d(2026, 2, 12))
        .unwrap();
    assert_eq!(
        fails(s.repay_loan(&loan, 466_001, d(2026, 2, 12))),
        ("loan.overpayment".into(), "amount".into())
    );
    let again = s.repay_loan(&loan, 466_000, d(2026, 2, 12)).unwrap();
    assert_eq!(again.status, LoanStatus::Repaid);
    assert_eq!(
        s.loan(&loan, d(2026, 2, 12)).unwrap().status,
        LoanStatus::Repaid
    );
}

/// Repayments recorded one after another on the same loan (each checked
/// against the repayments the store kept from the one before, backdated
/// ones included) give the same receipts as a store that reads the loan
/// afresh every time.
#[test]
fn repayments_in_a_row_match_a_store_that_reads_the_loan_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kept, _, kept_loan) = file_club(&dir.path().join("kept.db"));
    let fresh_path = dir.path().join("fresh.db");
    let (fresh, acting, fresh_loan) = file_club(&fresh_path);
    drop(fresh);
    let steps = [
        (500_000, d(2026, 3, 15)),
        (466_000, d(2026, 2, 15)),
        (300_000, d(2026, 2, 15)),
        (1_000_000, d(2026, 4, 20)),
        (20_000, d(2026, 1, 20)),
        (3_314_000, d(2026, 6, 1)),
    ];
    kept.loan(&kept_loan, d(2026, 1, 20)).unwrap();
    for (amount, on) in steps {
        let a = kept.repay_loan(&kept_loan, amount, on).unwrap();
        let mut fresh =
            ishc_core::store::Store::open(&fresh_path, "phone-1", clock_at(START)).unwrap();
        fresh.set_author(&acting);
        let b = fresh.repay_loan(&fresh_loan, amount, on).unwrap();
        assert_eq!(
            (a.status, &a.position),
            (b.status, &b.position),
            "{amount} on {on}"
        );
    }
    let last = kept.loan(&kept_loan, d(2026, 6, 1)).unwrap();
    assert_eq!(last.status, LoanStatus::Repaid);
    assert_eq!(
        fails(kept.repay_loan(&kept_loan, 1_000, d(2026, 6, 2))),
        ("loan.overpayment".into(), "amount".into())
    );
}
