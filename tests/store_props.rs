//! Property: any sequence of deposits, withdrawals, reversals and loan
//! repayments behaves as a simple model predicts, never leaves a negative
//! balance, keeps every balance equal to the sum of its statement lines, and
//! keeps the audit clean.

use chrono::NaiveDate;
use ishc_core::model::{Fund, InterestMethod};
use ishc_core::ops::EntryKind;
use ishc_core::store::{LoanStatus, NewLoan};
use ishc_tests::*;
use proptest::prelude::*;

const PRINCIPAL: i64 = 5_000_000;
/// Principal plus the scheduled interest of the flat 12-month 1% loan.
const OWED: i64 = 5_600_000;
const FUND: i64 = 20_000_000;

#[derive(Debug, Clone)]
enum Op {
    Deposit(usize, i64),
    Withdraw(usize, i64),
    Reverse(usize),
    Repay(i64),
    /// Withdraw the whole balance, plus 0 or 1,000 đồng.
    WithdrawAll(usize, i64),
    /// Repay all that is still owed, plus 0 or 1,000 đồng.
    RepayAll(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..2usize, 1..=400i64).prop_map(|(m, k)| Op::Deposit(m, k * 1_000)),
        3 => (0..2usize, 1..=400i64).prop_map(|(m, k)| Op::Withdraw(m, k * 1_000)),
        2 => any::<usize>().prop_map(Op::Reverse),
        3 => (1..=1_500i64).prop_map(|k| Op::Repay(k * 1_000)),
        1 => (0..2usize, 0..=1i64).prop_map(|(m, k)| Op::WithdrawAll(m, k * 1_000)),
        1 => (0..=1i64).prop_map(|k| Op::RepayAll(k * 1_000)),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Deposit,
    Withdrawal,
    Repayment,
    Disbursement,
    Reversal,
}

#[derive(Debug)]
struct Entry {
    id: String,
    kind: Kind,
    member: usize,
    amount: i64,
    reversed: bool,
}

/// What the store should hold.
#[derive(Debug, Default)]
struct Model {
    savings: [i64; 2],
    repaid: i64,
    disbursement_reversed: bool,
}

impl Model {
    fn fund(&self) -> i64 {
        FUND - PRINCIPAL
            + self.repaid
            + if self.disbursement_reversed {
                PRINCIPAL
            } else {
                0
            }
    }
}

fn code<T>(r: Result<T, ishc_core::Error>) -> Result<T, String> {
    r.map_err(|e| e.code().to_string())
}

fn err<T>(r: &Result<T, String>) -> Option<&str> {
    r.as_ref().err().map(String::as_str)
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut f = Fixture::new();
    let members = [f.add_named("Lê Thị Hoa"), f.add_named("Trần Văn Nam")];
    f.grant(Fund::IncomeGeneration, FUND, d(2026, 1, 2));
    let loan = f
        .store
        .disburse_loan(NewLoan {
            borrower_id: members[0].clone(),
            principal: PRINCIPAL,
            disbursed_on: d(2026, 1, 15),
            term_months: 12,
            monthly_rate_bp: 100,
            method: InterestMethod::Flat,
            purpose: String::new(),
        })
        .unwrap()
        .loan
        .id;
    let disbursement = f
        .store
        .fund_statement(&f.club, Fund::IncomeGeneration)
        .unwrap()
        .lines
        .into_iter()
        .find(|l| l.entry.kind == EntryKind::LoanDisbursement)
        .unwrap()
        .entry
        .id;
    let mut entries = vec![Entry {
        id: disbursement,
        kind: Kind::Disbursement,
        member: 0,
        amount: PRINCIPAL,
        reversed: false,
    }];
    let mut model = Model::default();

    for (i, op) in ops.into_iter().enumerate() {
        // One day per action, so statements list entries in action order.
        let on: NaiveDate = d(2026, 1, 16) + chrono::Duration::days(i as i64);
        f.clock.advance(chrono::Duration::minutes(1));
        let op = match op {
            Op::WithdrawAll(m, extra) => Op::Withdraw(m, (model.savings[m] + extra).max(1_000)),
            Op::RepayAll(extra) => Op::Repay((OWED - model.repaid + extra).max(1_000)),
            other => other,
        };
        match op {
            Op::Deposit(m, a) => {
                let r = code(f.store.deposit(&members[m], a, on, ""));
                let e = r.map_err(TestCaseError::fail)?;
                model.savings[m] += a;
                entries.push(Entry {
                    id: e.id,
                    kind: Kind::Deposit,
                    member: m,
                    amount: a,
                    reversed: false,
                });
            }
            Op::Withdraw(m, a) => {
                let r = code(f.store.withdraw(&members[m], a, on, ""));
                if a > model.savings[m] {
                    prop_assert_eq!(err(&r), Some("savings.insufficient"));
                } else {
                    let e = r.map_err(TestCaseError::fail)?;
                    model.savings[m] -= a;
                    entries.push(Entry {
                        id: e.id,
                        kind: Kind::Withdrawal,
                        member: m,
                        amount: a,
                        reversed: false,
                    });
                }
            }
            Op::Repay(a) => {
                let r = code(f.store.repay_loan(&loan, a, on));
                if model.disbursement_reversed {
                    prop_assert_eq!(err(&r), Some("loan.closed"));
                } else if a > OWED - model.repaid {
                    prop_assert_eq!(err(&r), Some("loan.overpayment"));
                } else {
                    let e = r.map_err(TestCaseError::fail)?.entry;
                    model.repaid += a;
                    entries.push(Entry {
                        id: e.id,
                        kind: Kind::Repayment,
                        member: 0,
                        amount: a,
                        reversed: false,
                    });
                }
            }
            Op::Reverse(pick) => {
                let k = pick % entries.len();
                let (id, kind, m, a, reversed) = {
                    let e = &entries[k];
                    (e.id.clone(), e.kind, e.member, e.amount, e.reversed)
                };
                let r = code(f.store.reverse_entry(&id, "nhầm", on));
                let expected: Result<(), &str> = if reversed {
                    Err("journal.already_reversed")
                } else {
                    match kind {
                        Kind::Reversal => Err("journal.reverse_reversal"),
                        Kind::Disbursement if model.repaid > 0 => Err("loan.has_repayments"),
                        Kind::Deposit if model.savings[m] < a => Err("savings.insufficient"),
                        _ => Ok(()),
                    }
                };
                match expected {
                    Err(c) => prop_assert_eq!(err(&r), Some(c)),
                    Ok(()) => {
                        let rev = r.map_err(TestCaseError::fail)?;
                        prop_assert_eq!(rev.reverses_id.as_deref(), Some(id.as_str()));
                        match kind {
                            Kind::Deposit => model.savings[m] -= a,
                            Kind::Withdrawal => model.savings[m] += a,
                            Kind::Repayment => model.repaid -= a,
                            Kind::Disbursement => model.disbursement_reversed = true,
                            Kind::Reversal => unreachable!(),
                        }
                        entries[k].reversed = true;
                        entries.push(Entry {
                            id: rev.id,
                            kind: Kind::Reversal,
                            member: m,
                            amount: a,
                            reversed: false,
                        });
                    }
                }
            }
            Op::WithdrawAll(..) | Op::RepayAll(..) => unreachable!("mapped above"),
        }
        check(&f, &members, &loan, &model)?;
    }
    Ok(())
}

fn check(
    f: &Fixture,
    members: &[String; 2],
    loan: &str,
    model: &Model,
) -> Result<(), TestCaseError> {
    for (m, id) in members.iter().enumerate() {
        let pb = f.store.passbook(id).unwrap();
        let sum: i64 = pb.lines.iter().map(|l| l.entry.amount).sum();
        prop_assert_eq!(pb.balance, sum);
        prop_assert_eq!(pb.balance, model.savings[m]);
        prop_assert_eq!(f.store.savings_balance(id).unwrap(), model.savings[m]);
        prop_assert!(pb.lines.iter().all(|l| l.balance >= 0), "{:?}", pb.lines);
    }
    let st = f
        .store
        .fund_statement(&f.club, Fund::IncomeGeneration)
        .unwrap();
    let sum: i64 = st.lines.iter().map(|l| l.entry.amount).sum();
    prop_assert_eq!(st.balance, sum);
    prop_assert_eq!(st.balance, model.fund());
    prop_assert_eq!(
        f.store
            .fund_balance(&f.club, Fund::IncomeGeneration)
            .unwrap(),
        model.fund()
    );
    prop_assert!(st.lines.iter().all(|l| l.balance >= 0));

    let v = f.store.loan(loan, d(2030, 1, 1)).unwrap();
    let p = &v.position;
    prop_assert_eq!(p.principal_repaid + p.interest_repaid, model.repaid);
    prop_assert_eq!(p.principal_outstanding, PRINCIPAL - p.principal_repaid);
    prop_assert!(p.principal_outstanding >= 0 && p.interest_outstanding >= 0);
    let status = if model.disbursement_reversed {
        LoanStatus::Reversed
    } else if model.repaid == OWED {
        LoanStatus::Repaid
    } else {
        LoanStatus::Active
    };
    prop_assert_eq!(v.status, status);
    prop_assert_eq!(f.store.audit().unwrap(), Default::default());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn money_sequences_keep_balances_consistent(ops in prop::collection::vec(op(), 1..40)) {
        run(ops)?;
    }
}
