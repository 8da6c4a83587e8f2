//! Permissions: money (fund entries, savings, loans, reversals, write-offs)
//! is recorded only by a current treasurer or chair, visits only by a
//! current home-care volunteer or chair; the default author `admin:local`
//! may do neither. Registrations and member edits are open to any author.

use ishc_core::model::{Fund, InterestMethod, Role, Service, Vitals};
use ishc_core::ops::{EntryKind, MemberPatch};
use ishc_core::store::{NewFundEntry, NewLoan, NewVisit, DEFAULT_AUTHOR};
use ishc_core::Error;
use ishc_tests::*;

/// A club whose people hold one role each, with money and a visit already
/// recorded (by the chair), and `admin:local` as author again.
struct Club {
    f: Fixture,
    treasurer: String,
    volunteer: String,
    chair: String,
    plain: String,
    recipient: String,
    /// A loan to `plain`, 5,000,000 đ, disbursed 2026-01-15.
    loan: String,
    /// A withdrawal of 20,000 đ from `plain`'s savings (100,000 đ deposited).
    withdrawal: String,
    /// A visit of `volunteer` to `recipient`.
    visit: String,
    /// Another home-care volunteer.
    other_volunteer: String,
    /// The volunteer of the visits tried (`volunteer` unless changed).
    visitor: String,
}

fn new_loan(borrower: &str, principal: i64) -> NewLoan {
    NewLoan {
        borrower_id: borrower.to_string(),
        principal,
        disbursed_on: d(2026, 1, 15),
        term_months: 12,
        monthly_rate_bp: 100,
        method: InterestMethod::Flat,
        purpose: "Nuôi heo".into(),
    }
}

fn new_visit(c: &Club, when: &str) -> NewVisit {
    NewVisit {
        volunteer_id: c.visitor.clone(),
        recipient_id: c.recipient.clone(),
        started_at: at(when),
        duration_min: 45,
        services: vec![Service::Companionship],
        vitals: Vitals::default(),
        notes: String::new(),
    }
}

fn club() -> Club {
    let mut f = Fixture::bare();
    let treasurer = f.add(with_roles("Phạm Thị Lan", &[Role::Treasurer]));
    let volunteer = f.add(with_roles("Lê Thị Hoa", &[Role::HomeCareVolunteer]));
    let chair = f.add(with_roles("Trần Văn Chủ", &[Role::Chair]));
    let plain = f.add_named("Ngô Thị Ân");
    let recipient = f.add(with_roles("Đinh Văn Mạnh", &[Role::CareRecipient]));
    let other_volunteer = f.add(with_roles("Võ Minh Dũng", &[Role::HomeCareVolunteer]));
    f.store.set_author(&chair);
    f.grant(Fund::IncomeGeneration, 20_000_000, d(2026, 1, 2));
    let loan = f
        .store
        .disburse_loan(new_loan(&plain, 5_000_000))
        .unwrap()
        .loan
        .id;
    f.store
        .deposit(&plain, 100_000, d(2026, 1, 20), "")
        .unwrap();
    let withdrawal = f
        .store
        .withdraw(&plain, 20_000, d(2026, 1, 21), "")
        .unwrap()
        .id;
    let mut c = Club {
        f,
        treasurer,
        chair,
        plain,
        recipient,
        loan,
        withdrawal,
        visit: String::new(),
        visitor: volunteer.clone(),
        volunteer,
        other_volunteer,
    };
    let v = new_visit(&c, "2026-02-27 08:00");
    c.visit = c.f.store.log_visit(v).unwrap().record.id;
    c.f.store.set_author(DEFAULT_AUTHOR);
    c
}

type Attempt = (&'static str, Result<(), Error>);

/// Tries every kind of money operation with the store's current author.
/// Each is valid in itself, so only the author can make one fail.
fn money(c: &mut Club) -> Vec<Attempt> {
    let (club, plain, loan) = (c.f.club.clone(), c.plain.clone(), c.loan.clone());
    let s = &mut c.f.store;
    let grant = NewFundEntry {
        fund: Fund::Activity,
        kind: EntryKind::Grant,
        amount: 2_000_000,
        entry_on: d(2026, 2, 1),
        memo: "Tài trợ".into(),
        member_id: None,
    };
    let expense = NewFundEntry {
        fund: Fund::IncomeGeneration,
        kind: EntryKind::Expense,
        amount: 100_000,
        entry_on: d(2026, 2, 1),
        memo: "Văn phòng phẩm".into(),
        member_id: None,
    };
    vec![
        (
            "deposit",
            s.deposit(&plain, 10_000, d(2026, 2, 1), "").map(drop),
        ),
        (
            "withdraw",
            s.withdraw(&plain, 10_000, d(2026, 2, 2), "").map(drop),
        ),
        ("grant", s.record_fund_entry(&club, grant).map(drop)),
        ("expense", s.record_fund_entry(&club, expense).map(drop)),
        (
            "disburse",
            s.disburse_loan(new_loan(&plain, 1_000_000)).map(drop),
        ),
        (
            "repay",
            s.repay_loan(&loan, 466_000, d(2026, 2, 15)).map(drop),
        ),
        (
            "reverse",
            s.reverse_entry(&c.withdrawal, "Ghi nhầm", d(2026, 2, 3))
                .map(drop),
        ),
        (
            "write_off",
            s.write_off_loan(&loan, d(2026, 3, 1), "Mất khả năng trả")
                .map(drop),
        ),
    ]
}

/// Tries logging and voiding a visit with the store's current author.
fn visits(c: &mut Club) -> Vec<Attempt> {
    let v = new_visit(c, "2026-02-28 08:00");
    let visit = c.visit.clone();
    vec![
        ("log_visit", c.f.store.log_visit(v).map(drop)),
        (
            "void_visit",
            c.f.store.void_visit(&visit, "Ghi nhầm").map(drop),
        ),
    ]
}

/// The attempts' outcomes: `ok`, or the error's `code field`.
fn outcomes(attempts: Vec<Attempt>) -> Vec<(&'static str, String)> {
    attempts
        .into_iter()
        .map(|(what, r)| {
            let got = match r {
                Ok(()) => "ok".to_string(),
                Err(e) => {
                    let (code, field) = code_field(&e);
                    format!("{code} {field}")
                }
            };
            (what, got)
        })
        .collect()
}

fn all(names: &[&'static str], outcome: &str) -> Vec<(&'static str, String)> {
    names.iter().map(|n| (*n, outcome.to_string())).collect()
}

const MONEY: [&str; 8] = [
    "deposit",
    "withdraw",
    "grant",
    "expense",
    "disburse",
    "repay",
    "reverse",
    "write_off",
];
const VISITS: [&str; 2] = ["log_visit", "void_visit"];
const DENIED: &str = "op.not_permitted author";

/// Asserts that the current author may record neither money nor visits,
/// and that the refusals wrote nothing.
fn assert_denied_everything(c: &mut Club) {
    let before = table_counts(&c.f.store);
    let log = c.f.store.change_log(false).unwrap();
    assert_eq!(outcomes(money(c)), all(&MONEY, DENIED));
    assert_eq!(outcomes(visits(c)), all(&VISITS, DENIED));
    assert_eq!(table_counts(&c.f.store), before);
    assert_eq!(c.f.store.change_log(false).unwrap(), log);
}

#[test]
fn the_default_author_may_not_record_money_or_visits() {
    let mut c = club();
    let before = table_counts(&c.f.store);
    let ops = c.f.ops();
    // The four the app uses most, one by one, with the reason.
    let plain = c.plain.clone();
    assert_eq!(
        fails(c.f.store.deposit(&plain, 10_000, d(2026, 2, 1), "")),
        ("op.not_permitted".into(), "author".into())
    );
    assert_eq!(
        message(c.f.store.deposit(&plain, 10_000, d(2026, 2, 1), "")),
        "only a treasurer or chair records money; 'admin:local' is not a member of the club"
    );
    let grant = NewFundEntry {
        fund: Fund::Activity,
        kind: EntryKind::Grant,
        amount: 2_000_000,
        entry_on: d(2026, 2, 1),
        memo: "Tài trợ".into(),
        member_id: None,
    };
    let club = c.f.club.clone();
    assert_eq!(
        fails(c.f.store.record_fund_entry(&club, grant)),
        ("op.not_permitted".into(), "author".into())
    );
    assert_eq!(
        fails(c.f.store.disburse_loan(new_loan(&plain, 1_000_000))),
        ("op.not_permitted".into(), "author".into())
    );
    let v = new_visit(&c, "2026-02-28 08:00");
    assert_eq!(
        fails(c.f.store.log_visit(v.clone())),
        ("op.not_permitted".into(), "author".into())
    );
    assert_eq!(
        message(c.f.store.log_visit(v)),
        "only a home-care volunteer or chair logs visits; 'admin:local' is not a member of the club"
    );
    assert_eq!(c.f.ops(), ops);
    assert_eq!(table_counts(&c.f.store), before);
    // And every other money or visit operation.
    assert_denied_everything(&mut c);
    assert_eq!(c.f.store.audit().unwrap(), Default::default());
}

#[test]
fn an_author_who_is_not_a_member_of_the_club_may_not() {
    let mut c = club();
    c.f.store.set_author("Chị Lan (thủ quỹ)");
    assert_denied_everything(&mut c);
}

#[test]
fn a_member_without_the_roles_may_not() {
    for who in ["plain", "recipient"] {
        let mut c = club();
        let id = if who == "plain" {
            c.plain.clone()
        } else {
            c.recipient.clone()
        };
        c.f.store.set_author(&id);
        let plain = c.plain.clone();
        let name = if who == "plain" {
            "Ngô Thị Ân"
        } else {
            "Đinh Văn Mạnh"
        };
        assert_eq!(
            message(c.f.store.deposit(&plain, 10_000, d(2026, 2, 1), "")),
            format!("only a treasurer or chair records money; the author, {name}, holds none of those roles"),
            "{who}"
        );
        assert_denied_everything(&mut c);
    }
}

#[test]
fn a_treasurer_records_money_but_not_visits() {
    let mut c = club();
    let treasurer = c.treasurer.clone();
    c.f.store.set_author(&treasurer);
    let ops = c.f.ops();
    assert_eq!(outcomes(money(&mut c)), all(&MONEY, "ok"));
    let log = c.f.store.change_log(false).unwrap();
    assert_eq!(log.len(), ops + MONEY.len());
    assert!(log[ops..].iter().all(|op| op.author == treasurer));
    let before = table_counts(&c.f.store);
    assert_eq!(outcomes(visits(&mut c)), all(&VISITS, DENIED));
    let v = new_visit(&c, "2026-02-28 08:00");
    assert_eq!(
        message(c.f.store.log_visit(v)),
        "only a home-care volunteer or chair logs visits; the author, Phạm Thị Lan, holds none of those roles"
    );
    assert_eq!(table_counts(&c.f.store), before);
    assert_eq!(c.f.ops(), ops + MONEY.len());
    assert_eq!(c.f.store.audit().unwrap(), Default::default());
}

#[test]
fn a_volunteer_logs_visits_but_not_money() {
    let mut c = club();
    let volunteer = c.volunteer.clone();
    c.f.store.set_author(&volunteer);
    let ops = c.f.ops();
    assert_eq!(outcomes(visits(&mut c)), all(&VISITS, "ok"));
    let log = c.f.store.change_log(false).unwrap();
    assert_eq!(
        log[ops..]
            .iter()
            .map(|op| (op.entity.as_str(), op.author.as_str()))
            .collect::<Vec<_>>(),
        vec![
            ("visit", volunteer.as_str()),
            ("visit_void", volunteer.as_str())
        ]
    );
    let before = table_counts(&c.f.store);
    assert_eq!(outcomes(money(&mut c)), all(&MONEY, DENIED));
    assert_eq!(table_counts(&c.f.store), before);
    assert_eq!(c.f.ops(), ops + VISITS.len());
}

#[test]
fn a_chair_records_money_and_visits() {
    let mut c = club();
    let chair = c.chair.clone();
    c.f.store.set_author(&chair);
    let ops = c.f.ops();
    assert_eq!(outcomes(money(&mut c)), all(&MONEY, "ok"));
    assert_eq!(outcomes(visits(&mut c)), all(&VISITS, "ok"));
    let log = c.f.store.change_log(false).unwrap();
    assert_eq!(log.len(), ops + MONEY.len() + VISITS.len());
    assert!(log[ops..].iter().all(|op| op.author == chair));
    assert_eq!(c.f.store.audit().unwrap(), Default::default());
}

#[test]
fn a_member_who_left_may_no_longer() {
    for who in ["treasurer", "volunteer", "chair"] {
        let mut c = club();
        let id = match who {
            "treasurer" => c.treasurer.clone(),
            "volunteer" => c.volunteer.clone(),
            _ => c.chair.clone(),
        };
        // Visits are by a volunteer who stays.
        c.visitor = c.other_volunteer.clone();
        // Leaving is a member edit: the leaver may record it themself.
        c.f.store.set_author(&id);
        c.f.store
            .record_leave(&id, d(2026, 1, 1), "Chuyển đi")
            .unwrap();
        let plain = c.plain.clone();
        // Left on 1 January: everything dated from then on is refused.
        let msg = message(c.f.store.deposit(&plain, 10_000, d(2026, 2, 1), ""));
        assert_eq!(
            msg,
            format!(
                "only a treasurer or chair records money; '{id}' is not a current member of this club"
            ),
            "{who}"
        );
        assert_denied_everything(&mut c);
    }
}

#[test]
fn a_readmitted_member_may_record_again() {
    for who in ["treasurer", "volunteer", "chair"] {
        let mut c = club();
        let id = match who {
            "treasurer" => c.treasurer.clone(),
            "volunteer" => c.volunteer.clone(),
            _ => c.chair.clone(),
        };
        c.visitor = c.other_volunteer.clone();
        c.f.store.set_author(&id);
        c.f.store
            .record_leave(&id, d(2026, 1, 1), "Chuyển đi")
            .unwrap();
        assert_denied_everything(&mut c);
        let back =
            c.f.store
                .update_member(
                    &id,
                    MemberPatch {
                        left_on: Some(None),
                        leave_reason: Some(None),
                        ..Default::default()
                    },
                )
                .unwrap();
        assert_eq!((back.left_on, back.leave_reason), (None, None), "{who}");
        let ops = c.f.ops();
        let (mut got, mut want) = (vec![], vec![]);
        if who != "volunteer" {
            got.extend(outcomes(money(&mut c)));
            want.extend(all(&MONEY, "ok"));
        }
        if who != "treasurer" {
            got.extend(outcomes(visits(&mut c)));
            want.extend(all(&VISITS, "ok"));
        }
        assert_eq!(got, want, "{who}");
        assert_eq!(c.f.ops(), ops + want.len(), "{who}");
    }
}

#[test]
fn a_member_leaving_later_may_still_record_until_then() {
    let mut c = club();
    let treasurer = c.treasurer.clone();
    c.f.store.set_author(&treasurer);
    c.f.store
        .record_leave(&treasurer, d(2026, 3, 31), "Chuyển đi")
        .unwrap();
    let current: Vec<String> =
        c.f.store
            .list_members(&c.f.club, None, false, d(2026, 3, 1))
            .unwrap()
            .into_iter()
            .map(|s| s.member.id)
            .collect();
    assert!(current.contains(&treasurer));
    let plain = c.plain.clone();
    let ops = c.f.ops();
    c.f.store
        .deposit(&plain, 10_000, d(2026, 3, 1), "")
        .expect("still a member on 1 March");
    assert_eq!(c.f.ops(), ops + 1);
}

#[test]
fn registrations_and_member_edits_are_allowed_to_any_author() {
    let mut c = club();
    let authors = [
        DEFAULT_AUTHOR.to_string(),
        "Chị Lan (thủ quỹ)".to_string(),
        c.plain.clone(),
        c.recipient.clone(),
        c.treasurer.clone(),
        c.volunteer.clone(),
    ];
    for (i, author) in authors.iter().enumerate() {
        c.f.store.set_author(author);
        let ops = c.f.ops();
        let one =
            c.f.store
                .register_member(&c.f.club, person(&format!("Hồ Thị Cúc {i}")))
                .unwrap()
                .member
                .id;
        let roster =
            c.f.store
                .register_members(
                    &c.f.club,
                    vec![
                        person(&format!("Vũ Thị Ơn {i}")),
                        person(&format!("Đỗ Văn Hùng {i}")),
                    ],
                )
                .unwrap();
        c.f.store
            .update_member(
                &one,
                MemberPatch {
                    phone: Some(Some("0943733416".into())),
                    lives_alone: Some(true),
                    ..Default::default()
                },
            )
            .unwrap();
        c.f.store
            .record_leave(&roster[0].member.id, d(2026, 2, 1), "Chuyển đi")
            .unwrap();
        let log = c.f.store.change_log(false).unwrap();
        assert_eq!(
            log[ops..]
                .iter()
                .map(|op| (op.change["type"].as_str().unwrap(), op.author.as_str()))
                .collect::<Vec<_>>(),
            vec![
                ("member_registered", author.as_str()),
                ("member_registered", author.as_str()),
                ("member_registered", author.as_str()),
                ("member_updated", author.as_str()),
                ("member_updated", author.as_str()),
            ],
            "{author}"
        );
    }
}

/// `(code, field)` of a repayment of 100,000 đ of `loan` on `on` by the
/// store's current author, or `ok`.
fn repay(s: &mut ishc_core::store::Store, loan: &str, on: chrono::NaiveDate) -> (String, String) {
    match s.repay_loan(loan, 100_000, on) {
        Ok(_) => ("ok".into(), String::new()),
        Err(e) => code_field(&e),
    }
}

fn no_roles() -> MemberPatch {
    MemberPatch {
        roles: Some(vec![]),
        ..Default::default()
    }
}

fn denied() -> (String, String) {
    ("op.not_permitted".into(), "author".into())
}

fn ok() -> (String, String) {
    ("ok".into(), String::new())
}

/// The store keeps its acting author's roles between writes: a treasurer
/// who has just recorded and then loses the role, edited on this phone, may
/// no longer record; given the role back, may again.
#[test]
fn a_treasurer_who_loses_the_role_here_may_no_longer_repay() {
    let mut c = club();
    let (treasurer, loan) = (c.treasurer.clone(), c.loan.clone());
    c.f.store.set_author(&treasurer);
    assert_eq!(repay(&mut c.f.store, &loan, d(2026, 2, 15)), ok());
    assert_eq!(repay(&mut c.f.store, &loan, d(2026, 2, 15)), ok());
    c.f.store.update_member(&treasurer, no_roles()).unwrap();
    assert_eq!(repay(&mut c.f.store, &loan, d(2026, 2, 16)), denied());
    let plain = c.plain.clone();
    assert_eq!(
        fails(c.f.store.deposit(&plain, 10_000, d(2026, 2, 16), "")),
        denied()
    );
    c.f.store
        .update_member(
            &treasurer,
            MemberPatch {
                roles: Some(vec![Role::Treasurer]),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(repay(&mut c.f.store, &loan, d(2026, 2, 17)), ok());
    // Another author's roles are not taken for the treasurer's.
    let volunteer = c.volunteer.clone();
    c.f.store.set_author(&volunteer);
    assert_eq!(repay(&mut c.f.store, &loan, d(2026, 2, 17)), denied());
    c.f.store.set_author(&treasurer);
    assert_eq!(repay(&mut c.f.store, &loan, d(2026, 2, 17)), ok());
}

/// The same when the role is taken away on another phone and the change
/// arrives in a pulled page.
#[test]
fn a_treasurer_who_loses_the_role_in_a_pulled_change_may_no_longer_repay() {
    use ishc_core::store::Store;
    use ishc_core::sync::wire::{OpOutcome, OpResult, PullResponse, PulledOp, WireOp};
    fn page(ops: Vec<WireOp>, first_seq: i64) -> PullResponse {
        let ops: Vec<PulledOp> = ops
            .into_iter()
            .enumerate()
            .map(|(i, op)| PulledOp {
                seq: first_seq + i as i64,
                op,
            })
            .collect();
        PullResponse {
            next_after: first_seq + ops.len() as i64 - 1,
            ops,
            more: false,
        }
    }
    let mut c = club();
    let (treasurer, chair, loan) = (c.treasurer.clone(), c.chair.clone(), c.loan.clone());
    c.f.store.set_author(&treasurer);
    assert_eq!(repay(&mut c.f.store, &loan, d(2026, 2, 15)), ok());
    // This phone pushes everything it made (accepted as 1..=n), and the
    // chair's phone pulls it.
    let mine = c.f.store.pending_ops(10_000).unwrap();
    let n = mine.len() as i64;
    let accepted: Vec<OpResult> = mine
        .iter()
        .enumerate()
        .map(|(i, op)| OpResult {
            op_id: op.op_id.clone(),
            outcome: OpOutcome::Accepted { seq: i as i64 + 1 },
        })
        .collect();
    c.f.store.record_push_results(&accepted).unwrap();
    let mut other = Store::open_in_memory("phone-2", clock_at(START)).unwrap();
    assert_eq!(other.apply_pulled(&page(mine, 1)).unwrap(), n as usize);
    other.set_author(&chair);
    other.update_member(&treasurer, no_roles()).unwrap();
    let edit = other.pending_ops(10).unwrap();
    assert_eq!(edit.len(), 1);
    assert_eq!(c.f.store.apply_pulled(&page(edit, n + 1)).unwrap(), 1);
    assert!(c.f.store.member(&treasurer).unwrap().roles.is_empty());
    assert_eq!(repay(&mut c.f.store, &loan, d(2026, 2, 16)), denied());
}

/// Any commit to the file is noticed, not only the store's own member
/// edits: a role removed by another connection (another process), or by
/// raw SQL on the store's own connection, stops the next repayment.
#[test]
fn a_role_removed_by_another_connection_is_noticed() {
    use ishc_core::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.db");
    let mut s = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    let club = s.create_club(new_club()).unwrap().id;
    let chair = register_acting(&mut s, &club);
    let treasurer = s
        .register_member(&club, with_roles("Phạm Thị Lan", &[Role::Treasurer]))
        .unwrap()
        .member
        .id;
    let borrower = s
        .register_member(&club, person("Ngô Thị Ân"))
        .unwrap()
        .member
        .id;
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
    let loan = s
        .disburse_loan(new_loan(&borrower, 5_000_000))
        .unwrap()
        .loan
        .id;
    s.set_author(&treasurer);
    assert_eq!(repay(&mut s, &loan, d(2026, 2, 15)), ok());
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute(
            "UPDATE members SET roles = '[]' WHERE id = ?1",
            [&treasurer],
        )
        .unwrap();
    assert_eq!(repay(&mut s, &loan, d(2026, 2, 16)), denied());
    other
        .execute(
            "UPDATE members SET roles = '[\"treasurer\"]' WHERE id = ?1",
            [&treasurer],
        )
        .unwrap();
    assert_eq!(repay(&mut s, &loan, d(2026, 2, 16)), ok());
    s.connection()
        .execute(
            "UPDATE members SET roles = '[]' WHERE id = ?1",
            [&treasurer],
        )
        .unwrap();
    assert_eq!(repay(&mut s, &loan, d(2026, 2, 17)), denied());
    s.set_author(&chair);
    assert_eq!(repay(&mut s, &loan, d(2026, 2, 17)), ok());
}

/// A volunteer logging their own visits is checked from the store's kept
/// row of its author: losing the role, or leaving, is seen at once.
#[test]
fn a_volunteer_who_loses_the_role_or_leaves_may_no_longer_log_their_visits() {
    for change in ["role", "leave"] {
        let mut c = club();
        let volunteer = c.volunteer.clone();
        c.f.store.set_author(&volunteer);
        let v = new_visit(&c, "2026-03-02 08:00");
        c.f.store.log_visit(v).unwrap();
        let v = new_visit(&c, "2026-03-03 08:00");
        c.f.store.log_visit(v).unwrap();
        if change == "role" {
            c.f.store.update_member(&volunteer, no_roles()).unwrap();
        } else {
            c.f.store
                .record_leave(&volunteer, d(2026, 3, 4), "Chuyển đi")
                .unwrap();
        }
        let ops = c.f.ops();
        let v = new_visit(&c, "2026-03-05 08:00");
        let want = if change == "role" {
            ("visit.not_volunteer", "volunteer_id")
        } else {
            ("member.left", "volunteer_id")
        };
        assert_eq!(
            fails(c.f.store.log_visit(v)),
            (want.0.to_string(), want.1.to_string()),
            "{change}"
        );
        assert_eq!(c.f.ops(), ops, "{change}");
        // Before leaving, still allowed.
        if change == "leave" {
            let v = new_visit(&c, "2026-03-03 15:00");
            c.f.store.log_visit(v).unwrap();
        }
    }
}
