//! The change log: one operation per change, UUIDv7 op ids, hybrid logical
//! clock stamps, the audit, atomic failures and backups.

use chrono::Duration;
use ishc_core::hlc::{Hlc, HlcStamp};
use ishc_core::model::{Fund, InterestMethod, Role, Service, Vitals};
use ishc_core::ops::{Attendance, DuplicateResolution, EntryKind};
use ishc_core::store::{NewFundEntry, NewLoan, NewMeeting, NewVisit, Store, DEFAULT_AUTHOR};
use ishc_core::sync::replica;
use ishc_tests::spellings::*;
use ishc_tests::*;
use std::collections::HashSet;

fn stamps(store: &Store) -> Vec<HlcStamp> {
    store
        .change_log(false)
        .unwrap()
        .iter()
        .map(|op| op.hlc.parse().expect("hlc stamp"))
        .collect()
}

fn millis(s: &str) -> u64 {
    at(s).timestamp_millis() as u64
}

fn loan(borrower: &str, principal: i64) -> NewLoan {
    NewLoan {
        borrower_id: borrower.to_string(),
        principal,
        disbursed_on: d(2026, 1, 15),
        term_months: 12,
        monthly_rate_bp: 100,
        method: InterestMethod::Flat,
        purpose: "Mua bò".into(),
    }
}

fn visit(volunteer: &str, recipient: &str, when: &str, sys: Option<u16>) -> NewVisit {
    NewVisit {
        volunteer_id: volunteer.to_string(),
        recipient_id: recipient.to_string(),
        started_at: at(when),
        duration_min: 45,
        services: vec![Service::Housework],
        vitals: Vitals {
            systolic: sys,
            diastolic: sys.map(|_| 80),
            ..Default::default()
        },
        notes: String::new(),
    }
}

/// Runs `action` and returns the entities of the operations it appended.
fn logged<T>(f: &mut Fixture, action: impl FnOnce(&mut Fixture) -> T) -> Vec<String> {
    let before = f.ops();
    action(f);
    f.store.change_log(false).unwrap()[before..]
        .iter()
        .map(|op| op.entity.clone())
        .collect()
}

#[test]
fn every_action_appends_exactly_its_operations() {
    let mut f = Fixture::new();
    let log = f.store.change_log(false).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[0].entity.as_str(), log[0].entity_id.as_str()),
        ("club", f.club.as_str())
    );
    assert_eq!(log[0].change["type"], "club_created");
    // The fixture's acting member.
    assert_eq!(
        (log[1].entity.as_str(), log[1].entity_id.as_str()),
        ("member", f.acting.as_deref().unwrap())
    );
    assert_eq!(log[1].change["type"], "member_registered");
    assert_eq!(log[1].change["full_name"], ACTING);

    let mut a = String::new();
    assert_eq!(logged(&mut f, |f| a = f.add_named(ANH_NFC)), vec!["member"]);
    // A registration with one possible duplicate is one operation: applying
    // it flags the duplicate (derived state, not an operation).
    let mut b = String::new();
    assert_eq!(logged(&mut f, |f| b = f.add_named(ANH_NFD)), vec!["member"]);
    let (x, y) = if a < b { (&a, &b) } else { (&b, &a) };
    let flags: Vec<String> = f
        .store
        .possible_duplicates(&f.club)
        .unwrap()
        .into_iter()
        .map(|g| g.id)
        .collect();
    assert_eq!(flags, vec![replica::duplicate_flag_id(x, y)]);
    // With two: still one operation, and one flag for each.
    let mut c = String::new();
    assert_eq!(logged(&mut f, |f| c = f.add_named(ANH_NFC)), vec!["member"]);
    let mut expected: Vec<String> = [&a, &b]
        .into_iter()
        .map(|o| {
            if *o < c {
                replica::duplicate_flag_id(o, &c)
            } else {
                replica::duplicate_flag_id(&c, o)
            }
        })
        .chain([replica::duplicate_flag_id(x, y)])
        .collect();
    expected.sort();
    let flags: Vec<String> = f
        .store
        .possible_duplicates(&f.club)
        .unwrap()
        .into_iter()
        .map(|g| g.id)
        .collect();
    assert_eq!(flags, expected);
    assert_eq!(
        logged(&mut f, |f| f
            .store
            .register_members(
                &f.club,
                vec![
                    person("Lê Thị Hoa"),
                    with_roles("Trần Văn Nam", &[Role::HomeCareVolunteer]),
                    with_roles("Vũ Thị Ơn", &[Role::CareRecipient])
                ]
            )
            .unwrap()),
        vec!["member", "member", "member"]
    );
    let flag = f.store.possible_duplicates(&f.club).unwrap()[0].id.clone();
    assert_eq!(
        logged(&mut f, |f| f
            .store
            .resolve_duplicate(&flag, DuplicateResolution::Dismissed)
            .unwrap()),
        vec!["duplicate_flag"]
    );
    let list = f
        .store
        .list_members(&f.club, None, false, d(2026, 3, 1))
        .unwrap();
    let id = |name: &str| {
        list.iter()
            .find(|s| s.member.full_name == name)
            .unwrap()
            .member
            .id
            .clone()
    };
    let (hoa, nam, on) = (id("Lê Thị Hoa"), id("Trần Văn Nam"), id("Vũ Thị Ơn"));
    assert_eq!(
        logged(&mut f, |f| f
            .store
            .update_member(
                &hoa,
                ishc_core::ops::MemberPatch {
                    phone: Some(Some("0943733416".into())),
                    lives_alone: Some(true),
                    ..Default::default()
                }
            )
            .unwrap()),
        vec!["member"]
    );
    assert_eq!(
        logged(&mut f, |f| f.grant(
            Fund::IncomeGeneration,
            20_000_000,
            d(2026, 1, 2)
        )),
        vec!["journal"]
    );
    let mut loan_id = String::new();
    assert_eq!(
        logged(&mut f, |f| loan_id = f
            .store
            .disburse_loan(loan(&hoa, 5_000_000))
            .unwrap()
            .loan
            .id),
        vec!["loan"]
    );
    let last = f.store.change_log(false).unwrap().pop().unwrap();
    assert_eq!(last.entity_id, loan_id);
    assert_eq!(last.change["type"], "loan_disbursed");
    assert_eq!(last.change["entry"]["amount"], -5_000_000);
    let mut rep = String::new();
    assert_eq!(
        logged(&mut f, |f| rep = f
            .store
            .repay_loan(&loan_id, 466_000, d(2026, 2, 15))
            .unwrap()
            .entry
            .id),
        vec!["journal"]
    );
    assert_eq!(
        logged(&mut f, |f| f
            .store
            .reverse_entry(&rep, "nhầm", d(2026, 2, 16))
            .unwrap()),
        vec!["journal"]
    );
    assert_eq!(
        logged(&mut f, |f| f
            .store
            .write_off_loan(&loan_id, d(2026, 6, 1), "Mất khả năng trả")
            .unwrap()),
        vec!["loan_write_off"]
    );
    assert_eq!(
        logged(&mut f, |f| f
            .store
            .deposit(&hoa, 50_000, d(2026, 2, 1), "")
            .unwrap()),
        vec!["journal"]
    );
    assert_eq!(
        logged(&mut f, |f| f
            .store
            .withdraw(&hoa, 20_000, d(2026, 2, 2), "")
            .unwrap()),
        vec!["journal"]
    );
    let mut v = String::new();
    assert_eq!(
        logged(&mut f, |f| v = f
            .store
            .log_visit(visit(&nam, &on, "2026-03-01 08:00", Some(150)))
            .unwrap()
            .record
            .id),
        vec!["visit"]
    );
    assert_eq!(
        logged(&mut f, |f| f.store.void_visit(&v, "nhầm").unwrap()),
        vec!["visit_void"]
    );
    assert_eq!(
        logged(&mut f, |f| f
            .store
            .record_meeting(
                &f.club,
                NewMeeting {
                    held_on: d(2026, 3, 5),
                    topic: "Sinh hoạt".into(),
                    attendees: vec![
                        Attendance {
                            member_id: hoa.clone(),
                            systolic: None,
                            diastolic: None
                        },
                        Attendance {
                            member_id: nam.clone(),
                            systolic: Some(130),
                            diastolic: Some(80)
                        },
                    ],
                }
            )
            .unwrap()),
        vec!["meeting"]
    );
    assert_eq!(
        logged(&mut f, |f| f
            .store
            .record_activity(&f.club, "communication", d(2026, 3, 6), "Truyền thông", 30)
            .unwrap()),
        vec!["activity"]
    );
    assert_eq!(
        logged(&mut f, |f| f
            .store
            .record_leave(&nam, d(2026, 3, 31), "Chuyển đi")
            .unwrap()),
        vec!["member"]
    );
    assert_eq!(f.ops(), 22);
    assert_eq!(f.store.audit().unwrap(), Default::default());
    let unsent = f.store.change_log(true).unwrap();
    assert_eq!(unsent.len(), 22);
    let seqs: Vec<i64> = unsent.iter().map(|o| o.seq).collect();
    assert_eq!(seqs, (1..=22).collect::<Vec<_>>());
}

#[test]
fn op_ids_are_unique_uuid_v7_and_rows_carry_them() {
    let mut f = Fixture::bare();
    let lan = f.add(with_roles("Phạm Thị Lan", &[Role::Treasurer]));
    f.store.set_author(&lan);
    let m = f.add_named("Lê Thị Hoa");
    for i in 0..20 {
        f.store
            .deposit(&m, 1_000 * (i + 1), d(2026, 1, 1), "")
            .unwrap();
    }
    let log = f.store.change_log(false).unwrap();
    assert_eq!(log.len(), 23);
    let mut seen = HashSet::new();
    for op in &log {
        let u = uuid::Uuid::parse_str(&op.op_id).expect("uuid");
        assert_eq!(u.get_version_num(), 7, "{}", op.op_id);
        assert_eq!(u.to_string(), op.op_id, "lowercase hyphenated");
        assert!(seen.insert(op.op_id.clone()), "duplicate {}", op.op_id);
        assert_eq!(op.device_id, "phone-1");
        assert_eq!(op.recorded_at, "2026-03-01T09:00:00+07:00");
        assert_eq!(op.sent_at, None);
    }
    assert_eq!(log[0].author, DEFAULT_AUTHOR);
    assert_eq!(log[1].author, DEFAULT_AUTHOR);
    assert!(log[2..].iter().all(|op| op.author == lan));
    // Every journal row carries the op that created it, and no other row does.
    let pairs = text_rows(
        &f.store,
        "SELECT j.op_id, c.entity_id FROM journal j JOIN change_log c ON c.op_id = j.op_id ORDER BY c.seq",
    );
    assert_eq!(pairs.len(), 20);
    let ids: HashSet<String> = pairs.iter().map(|p| p[0].clone()).collect();
    assert_eq!(ids.len(), 20);
    let (member_op,): (String,) = f
        .store
        .connection()
        .query_row("SELECT op_id FROM members WHERE id = ?1", [&m], |r| {
            Ok((r.get(0)?,))
        })
        .unwrap();
    assert_eq!(member_op, log[2].op_id);
}

#[test]
fn hlc_stamps_increase_when_the_clock_goes_back() {
    let mut f = Fixture::bare();
    let t0 = millis(START);
    f.add_named("Lê Thị Hoa");
    f.clock.set(at("2026-03-01T07:00:00+07:00"));
    f.add_named("Trần Văn Nam");
    f.add_named("Phạm Thị Lan");
    f.clock.advance(Duration::hours(3));
    f.add_named("Vũ Thị Ơn");
    f.clock.set(at("2026-03-01T08:59:59.999+07:00"));
    f.add_named("Ngô Văn Bảy");
    let s = stamps(&f.store);
    let hlcs: Vec<Hlc> = s.iter().map(|s| s.hlc).collect();
    let t1 = millis("2026-03-01T10:00:00+07:00");
    assert_eq!(
        hlcs,
        vec![
            Hlc {
                wall_ms: t0,
                counter: 0
            },
            Hlc {
                wall_ms: t0,
                counter: 1
            },
            Hlc {
                wall_ms: t0,
                counter: 2
            },
            Hlc {
                wall_ms: t0,
                counter: 3
            },
            Hlc {
                wall_ms: t1,
                counter: 0
            },
            Hlc {
                wall_ms: t1,
                counter: 1
            },
        ]
    );
    assert!(s.windows(2).all(|w| w[0] < w[1]));
    // Text order is stamp order.
    let text: Vec<String> = f
        .store
        .change_log(false)
        .unwrap()
        .into_iter()
        .map(|o| o.hlc)
        .collect();
    assert!(text.windows(2).all(|w| w[0] < w[1]), "{text:?}");
    assert!(s.iter().all(|s| s.device == "phone-1"));
}

#[test]
fn hlc_stamps_increase_after_reopening_with_a_clock_in_2019() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.db");
    let clock = clock_at(START);
    let last = {
        let mut s = Store::open(&path, "phone-1", clock.clone()).unwrap();
        let club = s.create_club(new_club()).unwrap().id;
        register_acting(&mut s, &club);
        let m = s
            .register_member(&club, person("Lê Thị Hoa"))
            .unwrap()
            .member
            .id;
        clock.set(at("2026-03-01T07:00:00+07:00"));
        s.deposit(&m, 10_000, d(2026, 3, 1), "").unwrap();
        stamps(&s).pop().unwrap()
    };
    assert_eq!(
        last.hlc,
        Hlc {
            wall_ms: millis(START),
            counter: 3
        }
    );
    let old = clock_at("2019-06-01T08:00:00+07:00");
    let mut s = Store::open(&path, "phone-1", old.clone()).unwrap();
    let club = s.the_club().unwrap().id;
    s.register_member(&club, person("Trần Văn Nam")).unwrap();
    old.advance(Duration::days(1));
    s.register_member(&club, person("Phạm Thị Lan")).unwrap();
    let all = stamps(&s);
    assert_eq!(all.len(), 6);
    assert!(all.windows(2).all(|w| w[0] < w[1]), "{all:?}");
    assert_eq!(
        all[4].hlc,
        Hlc {
            wall_ms: millis(START),
            counter: 4
        }
    );
    assert_eq!(
        all[5].hlc,
        Hlc {
            wall_ms: millis(START),
            counter: 5
        }
    );
    let log = s.change_log(false).unwrap();
    assert_eq!(log[4].recorded_at, "2019-06-01T08:00:00+07:00");
    assert_eq!(log[5].seq, 6);
    // Another device reopening the file continues after every stamp too.
    drop(s);
    let s = Store::open(&path, "tablet-2", clock_at("2019-01-01T00:00:00Z"));
    let mut s = s.unwrap();
    s.register_member(&club, person("Vũ Thị Ơn")).unwrap();
    let all = stamps(&s);
    assert!(all[6] > all[5]);
    assert_eq!(all[6].device, "tablet-2");
}

/// A long mixed scenario on `f`; returns the member ids.
fn scenario(f: &mut Fixture) -> Vec<String> {
    let vol = f.add(with_roles("Trần Văn Nam", &[Role::HomeCareVolunteer]));
    let rec = f.add(with_roles("Vũ Thị Ơn", &[Role::CareRecipient]));
    let a = f.add_named(ANH_NFC);
    let b = f.add_named(ANH_NFD);
    let hoa = f.add_named("Lê Thị Hoa");
    f.grant(Fund::IncomeGeneration, 30_000_000, d(2026, 1, 2));
    f.grant(Fund::Activity, 2_000_000, d(2026, 1, 2));
    let l1 = f
        .store
        .disburse_loan(loan(&hoa, 5_000_000))
        .unwrap()
        .loan
        .id;
    let l2 = f.store.disburse_loan(loan(&a, 3_000_000)).unwrap().loan.id;
    for (i, day) in [15, 16, 17].iter().enumerate() {
        f.clock.advance(Duration::minutes(7));
        let r = f
            .store
            .repay_loan(&l1, 466_000, d(2026, 1 + i as u32 + 1, *day))
            .unwrap();
        if i == 1 {
            f.store
                .reverse_entry(&r.entry.id, "nhầm", d(2026, 3, 20))
                .unwrap();
        }
    }
    f.store
        .write_off_loan(&l2, d(2026, 6, 1), "Thiên tai")
        .unwrap();
    for (m, amt) in [(&a, 100_000), (&b, 40_000), (&hoa, 250_000)] {
        f.store.deposit(m, amt, d(2026, 2, 1), "").unwrap();
    }
    let w = f.store.withdraw(&hoa, 50_000, d(2026, 2, 3), "").unwrap();
    f.store.reverse_entry(&w.id, "nhầm", d(2026, 2, 3)).unwrap();
    let flag = f.store.possible_duplicates(&f.club).unwrap()[0].id.clone();
    f.store
        .resolve_duplicate(
            &flag,
            DuplicateResolution::Merged {
                kept: a.clone(),
                merged: b.clone(),
            },
        )
        .unwrap();
    f.clock.set(at("2026-02-01T08:00:00+07:00"));
    for day in 1..=5 {
        let v = f
            .store
            .log_visit(visit(
                &vol,
                &rec,
                &format!("2026-03-0{day} 08:00"),
                Some(120 + day * 10),
            ))
            .unwrap();
        if day == 3 {
            f.store.void_visit(&v.record.id, "nhầm").unwrap();
        }
    }
    f.store
        .record_meeting(
            &f.club,
            NewMeeting {
                held_on: d(2026, 3, 5),
                topic: "Sinh hoạt".into(),
                attendees: vec![Attendance {
                    member_id: hoa.clone(),
                    systolic: Some(135),
                    diastolic: Some(85),
                }],
            },
        )
        .unwrap();
    f.store
        .record_activity(&f.club, "health_care", d(2026, 3, 6), "Khám", 20)
        .unwrap();
    f.store
        .record_fund_entry(
            &f.club,
            NewFundEntry {
                fund: Fund::Activity,
                kind: EntryKind::Expense,
                amount: 500_000,
                entry_on: d(2026, 3, 6),
                memo: "Nước uống".into(),
                member_id: None,
            },
        )
        .unwrap();
    f.store.record_leave(&rec, d(2026, 3, 20), "Mất").unwrap();
    vec![vol, rec, a, b, hoa]
}

#[test]
fn audit_is_clean_after_a_long_mixed_scenario() {
    let mut f = Fixture::new();
    scenario(&mut f);
    assert_eq!(f.store.audit().unwrap(), Default::default());
    let s = stamps(&f.store);
    assert!(s.windows(2).all(|w| w[0] < w[1]));
    // The club, the acting chair and the scenario's 30 operations (the
    // possible-duplicate flag of Ánh's second registration is not one).
    assert_eq!(f.ops(), 32);
}

#[test]
fn failed_actions_leave_every_table_unchanged() {
    let mut f = Fixture::new();
    let ids = scenario(&mut f);
    let (vol, rec, a, hoa) = (&ids[0], &ids[1], &ids[2], &ids[4]);
    let before = table_counts(&f.store);
    let log_before = f.store.change_log(false).unwrap();
    let last = stamps(&f.store).pop().unwrap();
    let l1 = f.store.loans(&f.club, d(2026, 4, 1), false).unwrap()[0]
        .loan
        .id
        .clone();
    let disb = text_rows(
        &f.store,
        &format!("SELECT id FROM journal WHERE loan_id = '{l1}' AND kind = 'loan_disbursement'"),
    )[0][0]
        .clone();
    let rev = text_rows(
        &f.store,
        "SELECT id, reverses_id FROM journal WHERE kind = 'reversal' LIMIT 1",
    )[0]
    .clone();

    let mut codes = vec![];
    let mut code = |r: Result<(), ishc_core::Error>| codes.push(r.unwrap_err().code().to_string());
    let expense = NewFundEntry {
        fund: Fund::Activity,
        kind: EntryKind::Expense,
        amount: 1_500_001,
        entry_on: d(2026, 3, 7),
        memo: String::new(),
        member_id: None,
    };
    code(f.store.record_fund_entry(&f.club, expense).map(|_| ()));
    code(
        f.store
            .withdraw(hoa, 250_001, d(2026, 3, 7), "")
            .map(|_| ()),
    );
    code(
        f.store
            .reverse_entry(&rev[1], "again", d(2026, 3, 7))
            .map(|_| ()),
    );
    code(
        f.store
            .reverse_entry(&rev[0], "again", d(2026, 3, 7))
            .map(|_| ()),
    );
    code(
        f.store
            .reverse_entry(&disb, "nhầm", d(2026, 3, 7))
            .map(|_| ()),
    );
    code(f.store.disburse_loan(loan(a, 30_000_000)).map(|_| ()));
    code(
        f.store
            .repay_loan(&l1, 50_000_000, d(2026, 3, 7))
            .map(|_| ()),
    );
    code(
        f.store
            .register_members(
                &f.club,
                vec![person("Hồ Thị Cúc"), person(""), person("Đỗ Văn Hùng")],
            )
            .map(|_| ()),
    );
    code(
        f.store
            .log_visit(visit(vol, rec, "2026-03-07 08:00", Some(30)))
            .map(|_| ()),
    );
    code(
        f.store
            .record_activity(&f.club, "gardening", d(2026, 3, 7), "Trồng rau", 3)
            .map(|_| ()),
    );
    code(
        f.store
            .resolve_duplicate("no-such-flag", DuplicateResolution::Dismissed)
            .map(|_| ()),
    );
    assert_eq!(
        codes,
        vec![
            "fund.insufficient",
            "savings.insufficient",
            "journal.already_reversed",
            "journal.reverse_reversal",
            "loan.has_repayments",
            "fund.insufficient",
            "loan.overpayment",
            "text.required",
            "vitals.out_of_range",
            "activity.area_unknown",
            "not_found",
        ]
    );
    assert_eq!(table_counts(&f.store), before);
    assert_eq!(f.store.change_log(false).unwrap(), log_before);
    assert_eq!(f.store.audit().unwrap(), Default::default());
    // The failures did not move the hybrid logical clock either.
    f.add_named("Hồ Thị Cúc");
    let next = stamps(&f.store).pop().unwrap();
    assert_eq!(
        next.hlc,
        Hlc {
            wall_ms: last.hlc.wall_ms,
            counter: last.hlc.counter + 1
        }
    );
}

#[test]
fn backup_opens_with_the_same_members_and_balances() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = Fixture::new();
    let ids = scenario(&mut f);
    let dest = dir.path().join("backup.db");
    f.store.backup_to(&dest).unwrap();
    // Changes after the backup are not in it.
    f.add_named("Hồ Thị Cúc");

    let b = Store::open(&dest, "phone-1", clock_at(START)).unwrap();
    assert_eq!(
        ishc_core::schema::version(b.connection()).unwrap(),
        ishc_core::schema::VERSION
    );
    let on = d(2026, 4, 1);
    let mine = f.store.list_members(&f.club, None, true, on).unwrap();
    let theirs = b.list_members(&f.club, None, true, on).unwrap();
    // The acting chair, the volunteer, the recipient, Ánh (kept) and Hoa.
    assert_eq!(theirs.len(), 5);
    assert_eq!(
        theirs,
        mine.into_iter()
            .filter(|s| s.member.full_name != "Hồ Thị Cúc")
            .collect::<Vec<_>>()
    );
    for fund in [Fund::IncomeGeneration, Fund::Activity] {
        assert_eq!(
            b.fund_statement(&f.club, fund).unwrap(),
            f.store.fund_statement(&f.club, fund).unwrap()
        );
    }
    assert_eq!(
        b.fund_balance(&f.club, Fund::IncomeGeneration).unwrap(),
        22_932_000
    );
    assert_eq!(b.fund_balance(&f.club, Fund::Activity).unwrap(), 1_500_000);
    for m in &ids {
        assert_eq!(b.passbook(m).unwrap(), f.store.passbook(m).unwrap());
    }
    assert_eq!(b.savings_balance(&ids[2]).unwrap(), 140_000);
    assert_eq!(b.savings_balance(&ids[4]).unwrap(), 250_000);
    assert_eq!(
        b.loans(&f.club, on, true).unwrap(),
        f.store.loans(&f.club, on, true).unwrap()
    );
    let log = b.change_log(false).unwrap();
    assert_eq!(
        log,
        f.store.change_log(false).unwrap()[..log.len()].to_vec()
    );
    assert_eq!(log.len(), 32);
    assert_eq!(b.audit().unwrap(), Default::default());
}

#[test]
fn check_integrity_is_clean_after_a_long_mixed_scenario() {
    let mut f = Fixture::new();
    scenario(&mut f);
    assert_eq!(f.store.check_integrity().unwrap(), Default::default());
    assert!(f.store.check_integrity().unwrap().is_clean());
}

/// Each kind of damage a crash could leave (were writes not atomic) is
/// named by `check_integrity`: half an operation, a row without its
/// operation, an operation without its row, a cursor saved without the
/// operations it covers.
#[test]
fn check_integrity_names_half_operations_orphan_rows_and_cursor_gaps() {
    let disbursed = |f: &mut Fixture| {
        f.grant(Fund::IncomeGeneration, 10_000_000, d(2026, 1, 5));
        let borrower = f.add_named("Lê Thị Hoa");
        f.store
            .disburse_loan(loan(&borrower, 3_000_000))
            .unwrap()
            .loan
            .id
    };

    // Half a disbursement: the loan row without its fund outflow.
    let mut f = Fixture::new();
    let loan_id = disbursed(&mut f);
    let conn = f.store.connection();
    conn.execute("DELETE FROM journal WHERE loan_id = ?1", [&loan_id])
        .unwrap();
    let i = f.store.check_integrity().unwrap();
    assert!(!i.is_clean());
    assert_eq!(i.replay.len(), 1, "{i:#?}");
    assert!(
        i.replay[0].starts_with("journal: only in the replay: ")
            && i.replay[0].contains("-3000000"),
        "{i:#?}"
    );
    assert_eq!(
        i.audit.ops_without_rows,
        Vec::<String>::new(),
        "the loan row is there"
    );
    assert_eq!(
        i.balances,
        vec![format!(
            "income_generation fund of {}: store 10000000 ₫, journal 7000000 ₫",
            f.club
        )]
    );
    assert!(i.sqlite.is_empty() && i.cursor.is_empty());

    // A deposit row whose operation is not in the log: the audit, the
    // replay and the balance all see it.
    let mut f = Fixture::new();
    let hoa = f.add_named("Lê Thị Hoa");
    f.store.deposit(&hoa, 50_000, d(2026, 2, 1), "").unwrap();
    let conn = f.store.connection();
    conn.execute(
        "INSERT INTO journal (id, op_id, club_id, ledger, kind, amount, entry_on, member_id, memo, recorded_at)
         SELECT 'ghost', 'no-such-op', club_id, ledger, kind, 20000, entry_on, member_id, memo, recorded_at
         FROM journal LIMIT 1",
        [],
    )
    .unwrap();
    let i = f.store.check_integrity().unwrap();
    assert_eq!(i.audit.rows_without_op, vec!["journal:ghost".to_string()]);
    assert_eq!(i.replay.len(), 1, "{i:#?}");
    assert!(
        i.replay[0].starts_with("journal: only in the store: Text(\"ghost\")"),
        "{i:#?}"
    );
    assert_eq!(
        i.balances,
        vec![format!("savings of {hoa}: store 70000 ₫, journal 50000 ₫")]
    );

    // An operation whose row is gone.
    let mut f = Fixture::new();
    let rec = f.add(with_roles("Vũ Thị Ơn", &[Role::CareRecipient]));
    let acting = f.acting.clone().unwrap();
    let v = f
        .store
        .log_visit(visit(&acting, &rec, "2026-03-01 08:00", Some(130)))
        .unwrap()
        .record
        .id;
    f.store
        .connection()
        .execute("DELETE FROM visits WHERE id = ?1", [&v])
        .unwrap();
    let i = f.store.check_integrity().unwrap();
    assert_eq!(i.audit.ops_without_rows.len(), 1);
    assert_eq!(i.replay.len(), 1, "{i:#?}");
    assert!(i.replay[0].starts_with("visits: only in the replay: "));

    // A pull cursor saved past the operations the log holds.
    let f = Fixture::new();
    f.store
        .connection()
        .execute(
            "INSERT INTO meta (key, value) VALUES ('pull_cursor', '2')",
            [],
        )
        .unwrap();
    let i = f.store.check_integrity().unwrap();
    assert_eq!(
        i.cursor,
        vec![
            "the saved cursor 2 differs from the store's 0".to_string(),
            "seq 1: held 0 times".to_string(),
            "seq 2: held 0 times".to_string(),
        ]
    );
    assert!(i.replay.is_empty() && i.balances.is_empty());
}
