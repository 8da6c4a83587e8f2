//! Convergence of the merge rules, without IO: several phones make random
//! changes offline and sync in a random order through a minimal in-process
//! server that applies operations with the same `replica::apply` the
//! provincial server uses (the HTTP server's own tests and the fault tests
//! run the same scenario over loopback). Some pushes are committed by the
//! server but their answer is lost. At the end every phone holds the same
//! members (every field), money, visits, duplicate flags and conflicts as
//! the server, and nothing is lost or doubled.

use chrono::{Duration, TimeZone};
use ishc_core::clock::{Clock, FixedClock};
use ishc_core::model::*;
use ishc_core::ops::MemberPatch;
use ishc_core::store::{NewClub, NewMember, NewVisit, Store};
use ishc_core::sync::replica;
use ishc_core::sync::wire::{OpOutcome, OpResult, PullResponse, PulledOp, WireOp};
use proptest::prelude::*;
use rusqlite::Connection;
use std::sync::Arc;

/// The smallest server that behaves like the real one for merging: an
/// ordered log and a replica database.
struct Server {
    db: Connection,
    log: Vec<WireOp>,
}

impl Server {
    fn new() -> Server {
        let mut db = Connection::open_in_memory().unwrap();
        ishc_core::schema::configure(&db).unwrap();
        ishc_core::schema::init(&mut db).unwrap();
        Server { db, log: vec![] }
    }

    fn push(&mut self, ops: &[WireOp]) -> Vec<OpResult> {
        let tx = self.db.transaction().unwrap();
        let mut out = vec![];
        for op in ops {
            if let Some(i) = self.log.iter().position(|o| o.op_id == op.op_id) {
                out.push(OpResult {
                    op_id: op.op_id.clone(),
                    outcome: OpOutcome::AlreadyHad { seq: i as i64 + 1 },
                });
                continue;
            }
            let seq = self.log.len() as i64 + 1;
            tx.execute_batch("SAVEPOINT op").unwrap();
            match replica::apply(&tx, op, Some(seq)) {
                Ok(()) => {
                    tx.execute_batch("RELEASE op").unwrap();
                    self.log.push(op.clone());
                    out.push(OpResult {
                        op_id: op.op_id.clone(),
                        outcome: OpOutcome::Accepted { seq },
                    });
                }
                Err(r) => {
                    tx.execute_batch("ROLLBACK TO op; RELEASE op").unwrap();
                    out.push(OpResult {
                        op_id: op.op_id.clone(),
                        outcome: OpOutcome::Rejected {
                            code: r.code,
                            reason: r.reason,
                        },
                    });
                }
            }
        }
        tx.commit().unwrap();
        out
    }

    fn pull(&self, after: i64, limit: usize) -> PullResponse {
        let ops: Vec<PulledOp> = self
            .log
            .iter()
            .enumerate()
            .map(|(i, op)| PulledOp {
                seq: i as i64 + 1,
                op: op.clone(),
            })
            .filter(|p| p.seq > after)
            .take(limit)
            .collect();
        let next_after = ops.last().map(|p| p.seq).unwrap_or(after);
        PullResponse {
            more: (next_after as usize) < self.log.len(),
            next_after,
            ops,
        }
    }
}

struct Phone {
    store: Store,
    clock: Arc<FixedClock>,
}

/// Push (maybe losing the answer) then pull in pages of `page`.
fn sync(phone: &mut Phone, server: &mut Server, lose_answer: bool, page: usize) {
    loop {
        let ops = phone.store.pending_ops(7).unwrap();
        if ops.is_empty() {
            break;
        }
        let results = server.push(&ops);
        if lose_answer {
            return; // the server committed; the phone never heard
        }
        phone.store.record_push_results(&results).unwrap();
        if results
            .iter()
            .all(|r| matches!(r.outcome, OpOutcome::Rejected { .. }))
            && ops.len() < 7
        {
            break;
        }
    }
    loop {
        let page = server.pull(phone.store.pull_cursor(), page);
        phone.store.apply_pulled(&page).unwrap();
        if !page.more {
            break;
        }
    }
}

/// Everything that must agree across replicas, as sorted text rows.
fn snapshot(conn: &Connection) -> Vec<String> {
    let q = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let n = r.as_ref().column_count();
                let mut parts = vec![];
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    parts.push(format!("{v:?}"));
                }
                Ok(parts.join("|"))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        rows
    };
    let mut out = vec![];
    for (name, sql) in [
        ("member", "SELECT id, full_name, sex, birth_year, household, hamlet, phone, roles, left_on, merged_into FROM members"),
        ("journal", "SELECT id, ledger, kind, amount, entry_on, member_id, reverses_id FROM journal"),
        ("visit", "SELECT id, recipient_id, systolic, diastolic FROM visits"),
        ("flag", "SELECT id, member_a, member_b, status FROM duplicate_flags"),
        ("conflict", "SELECT id, entity_id, field, value, losing_op_id, winning_op_id FROM conflicts"),
        ("clock", "SELECT entity_id, field, hlc, op_id FROM field_clocks"),
    ] {
        out.extend(q(sql).into_iter().map(|r| format!("{name}:{r}")));
    }
    out
}

#[derive(Debug, Clone)]
enum Step {
    /// Phone edits a member's field (0 phone, 1 hamlet, 2 household, 3 name).
    Edit {
        phone: usize,
        member: usize,
        field: u8,
        value: u8,
    },
    /// Phone registers a person (the same person on two phones makes a duplicate).
    Register { phone: usize, person: u8 },
    /// Phone records a deposit for a member.
    Deposit {
        phone: usize,
        member: usize,
        amount: u8,
    },
    /// Phone logs a visit with a reading.
    Visit { phone: usize, systolic: u8 },
    /// Phone syncs, maybe losing the push answer.
    Sync { phone: usize, lose: bool, page: u8 },
    /// Phone's clock jumps.
    Clock { phone: usize, minutes: i16 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..3usize, 0..4usize, 0..4u8, 0..5u8).prop_map(|(phone, member, field, value)| Step::Edit { phone, member, field, value }),
        1 => (0..3usize, 0..3u8).prop_map(|(phone, person)| Step::Register { phone, person }),
        2 => (0..3usize, 0..4usize, 1..50u8).prop_map(|(phone, member, amount)| Step::Deposit { phone, member, amount }),
        1 => (0..3usize, 90..200u8).prop_map(|(phone, systolic)| Step::Visit { phone, systolic }),
        3 => (0..3usize, any::<bool>(), 1..6u8).prop_map(|(phone, lose, page)| Step::Sync { phone, lose, page }),
        1 => (0..3usize, -180..180i16).prop_map(|(phone, minutes)| Step::Clock { phone, minutes }),
    ]
}

fn person(name: &str, roles: Vec<Role>) -> NewMember {
    NewMember {
        full_name: name.to_string(),
        sex: Sex::Female,
        birth: Birth::Year(1950),
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 1".into(),
        phone: None,
        joined_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        roles,
        membership: Membership::Member,
    }
}

/// Two phones (B's clock `b_behind` behind A's, both from `start`), a club
/// created on A with one member, "Nguyễn Thị Cụ", and both phones synced.
/// Returns the server, the phones and the member's id.
fn two_phones_with_a_member(
    start: ishc_core::model::Instant,
    b_behind: Duration,
) -> (Server, Phone, Phone, String) {
    let mut server = Server::new();
    let ca = Arc::new(FixedClock::new(start));
    let cb = Arc::new(FixedClock::new(start - b_behind));
    let mut a = Phone {
        store: Store::open_in_memory("phone-a", ca.clone()).unwrap(),
        clock: ca,
    };
    let mut b = Phone {
        store: Store::open_in_memory("phone-b", cb.clone()).unwrap(),
        clock: cb,
    };
    let club = a
        .store
        .create_club(NewClub {
            name: "CLB".into(),
            commune_code: 26425,
            founded_on: start.date_naive(),
            activity_areas: None,
        })
        .unwrap()
        .id;
    let m = a
        .store
        .register_member(&club, person("Nguyễn Thị Cụ", vec![]))
        .unwrap()
        .member
        .id;
    sync(&mut a, &mut server, false, 10);
    sync(&mut b, &mut server, false, 10);
    (server, a, b, m)
}

fn run(steps: Vec<Step>) {
    let start = vietnam_offset()
        .with_ymd_and_hms(2026, 3, 1, 8, 0, 0)
        .unwrap();
    let mut server = Server::new();
    // Phone 0 sets the club up; every phone then starts from the server.
    let mut phones: Vec<Phone> = (0..3)
        .map(|i| {
            // Phone 2's clock runs two hours behind; phone 1's says 2019.
            let skew = [
                Duration::zero(),
                -Duration::days(7 * 365),
                -Duration::hours(2),
            ][i];
            let clock = Arc::new(FixedClock::new(start + skew));
            Phone {
                store: Store::open_in_memory(&format!("phone-{i}"), clock.clone()).unwrap(),
                clock,
            }
        })
        .collect();
    let club = phones[0]
        .store
        .create_club(NewClub {
            name: "CLB".into(),
            commune_code: 26425,
            founded_on: start.date_naive(),
            activity_areas: None,
        })
        .unwrap()
        .id;
    let mut ids = vec![];
    for (name, roles) in [
        ("Trần Thủ Quỹ", vec![Role::Treasurer, Role::Chair]),
        ("Lê Tình Nguyện", vec![Role::HomeCareVolunteer]),
        ("Nguyễn Thị Cụ", vec![Role::CareRecipient]),
        ("Phạm Văn Bốn", vec![]),
    ] {
        ids.push(
            phones[0]
                .store
                .register_member(&club, person(name, roles))
                .unwrap()
                .member
                .id,
        );
    }
    sync(&mut phones[0], &mut server, false, 100);
    for p in phones.iter_mut().skip(1) {
        sync(p, &mut server, false, 3);
    }
    let people = ["Võ Thị Năm", "Đặng Văn Sáu", "Hồ Thị Bảy"];
    for s in steps {
        match s {
            Step::Edit {
                phone,
                member,
                field,
                value,
            } => {
                let p = &mut phones[phone];
                p.store.set_author("admin:test");
                let patch = match field {
                    0 => MemberPatch {
                        phone: Some(Some(format!("+8490312345{value}"))),
                        ..Default::default()
                    },
                    1 => MemberPatch {
                        hamlet: Some(format!("Ấp {value}")),
                        ..Default::default()
                    },
                    2 => MemberPatch {
                        household: Some(
                            [
                                HouseholdStatus::Poor,
                                HouseholdStatus::NearPoor,
                                HouseholdStatus::Neither,
                            ][value as usize % 3],
                        ),
                        ..Default::default()
                    },
                    _ => MemberPatch {
                        full_name: Some(format!("Phạm Văn Bốn {value}")),
                        ..Default::default()
                    },
                };
                p.store.update_member(&ids[member], patch).unwrap();
            }
            Step::Register { phone, person: who } => {
                let p = &mut phones[phone];
                p.store.set_author("admin:test");
                p.store
                    .register_member(&club, person(people[who as usize], vec![]))
                    .unwrap();
            }
            Step::Deposit {
                phone,
                member,
                amount,
            } => {
                let p = &mut phones[phone];
                p.store.set_author(&ids[0]);
                let on = p.store.today().max(start.date_naive());
                p.store
                    .deposit(&ids[member], i64::from(amount) * 10_000, on, "")
                    .unwrap();
            }
            Step::Visit { phone, systolic } => {
                let p = &mut phones[phone];
                p.store.set_author(&ids[1]);
                let vitals = Vitals {
                    systolic: Some(u16::from(systolic)),
                    diastolic: Some(70),
                    ..Default::default()
                };
                p.store
                    .log_visit(NewVisit {
                        volunteer_id: ids[1].clone(),
                        recipient_id: ids[2].clone(),
                        started_at: p.clock.now(),
                        duration_min: 30,
                        services: vec![Service::HealthMonitoring],
                        vitals,
                        notes: String::new(),
                    })
                    .unwrap();
            }
            Step::Sync { phone, lose, page } => {
                sync(&mut phones[phone], &mut server, lose, page as usize)
            }
            Step::Clock { phone, minutes } => phones[phone]
                .clock
                .advance(Duration::minutes(i64::from(minutes))),
        }
        for p in &phones {
            p.clock.advance(Duration::seconds(1));
        }
    }
    // Everyone syncs until quiet: twice round.
    for _ in 0..2 {
        for p in phones.iter_mut() {
            sync(p, &mut server, false, 4);
        }
    }
    let want = snapshot(&server.db);
    for (i, p) in phones.iter().enumerate() {
        assert_eq!(
            snapshot(p.store.connection()),
            want,
            "phone {i} differs from the server"
        );
        assert_eq!(
            p.store.pending_count().unwrap(),
            0,
            "phone {i} still has operations to send"
        );
        let audit = p.store.audit().unwrap();
        assert!(
            audit.rows_without_op.is_empty() && audit.ops_without_rows.is_empty(),
            "phone {i}: {audit:?}"
        );
    }
    // Nothing lost or doubled: every operation any phone made is on the server exactly once.
    let mut server_ids: Vec<&str> = server.log.iter().map(|o| o.op_id.as_str()).collect();
    let n = server_ids.len();
    server_ids.sort();
    server_ids.dedup();
    assert_eq!(server_ids.len(), n, "an operation was applied twice");
    for (i, p) in phones.iter().enumerate() {
        for op in p.store.change_log(false).unwrap() {
            assert!(
                server_ids.binary_search(&op.op_id.as_str()).is_ok(),
                "phone {i} op {} missing on the server",
                op.op_id
            );
        }
        assert_eq!(
            p.store.change_log(false).unwrap().len(),
            n,
            "phone {i} holds a different number of operations"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]
    #[test]
    fn phones_syncing_in_any_order_converge(steps in proptest::collection::vec(step(), 1..40)) {
        run(steps);
    }
}

/// The scenario: A and B change the same member's phone offline, B's
/// clock two hours behind; syncing A then B or B then A gives the same result
/// on every phone, with B's value in the conflict list.
#[test]
fn same_field_changed_on_two_phones_converges_with_a_conflict() {
    for a_first in [true, false] {
        let start = vietnam_offset()
            .with_ymd_and_hms(2026, 3, 1, 8, 0, 0)
            .unwrap();
        let (mut server, mut a, mut b, m) = two_phones_with_a_member(start, Duration::hours(2));
        a.clock.advance(Duration::minutes(10));
        b.clock.advance(Duration::minutes(10));
        a.store
            .update_member(
                &m,
                MemberPatch {
                    phone: Some(Some("+84903123456".into())),
                    ..Default::default()
                },
            )
            .unwrap();
        b.store
            .update_member(
                &m,
                MemberPatch {
                    phone: Some(Some("+84912345678".into())),
                    ..Default::default()
                },
            )
            .unwrap();
        if a_first {
            sync(&mut a, &mut server, false, 10);
            sync(&mut b, &mut server, false, 10);
            sync(&mut a, &mut server, false, 10);
        } else {
            sync(&mut b, &mut server, false, 10);
            sync(&mut a, &mut server, false, 10);
            sync(&mut b, &mut server, false, 10);
        }
        for p in [&a, &b] {
            assert_eq!(
                p.store.member(&m).unwrap().phone.as_deref(),
                Some("+84903123456"),
                "A's later edit wins (a_first={a_first})"
            );
            let c = p.store.conflicts(false).unwrap();
            assert_eq!(c.len(), 1, "a_first={a_first}");
            assert_eq!(c[0].field, "phone");
            assert_eq!(c[0].losing_value, serde_json::json!("+84912345678"));
        }
        assert_eq!(snapshot(a.store.connection()), snapshot(&server.db));
        assert_eq!(snapshot(b.store.connection()), snapshot(&server.db));
        // B restores its value from the conflict list: a new edit that wins everywhere.
        let id = b.store.conflicts(false).unwrap()[0].id.clone();
        b.store.restore_conflict(&id).unwrap();
        sync(&mut b, &mut server, false, 10);
        sync(&mut a, &mut server, false, 10);
        assert_eq!(
            a.store.member(&m).unwrap().phone.as_deref(),
            Some("+84912345678")
        );
    }
}

/// Edits to different fields of one member on two phones both survive.
#[test]
fn edits_to_different_fields_both_survive() {
    let start = vietnam_offset()
        .with_ymd_and_hms(2026, 3, 1, 8, 0, 0)
        .unwrap();
    let (mut server, mut a, mut b, m) = two_phones_with_a_member(start, Duration::zero());
    a.store
        .update_member(
            &m,
            MemberPatch {
                hamlet: Some("Ấp 9".into()),
                ..Default::default()
            },
        )
        .unwrap();
    b.store
        .update_member(
            &m,
            MemberPatch {
                household: Some(HouseholdStatus::Poor),
                ..Default::default()
            },
        )
        .unwrap();
    sync(&mut a, &mut server, false, 10);
    sync(&mut b, &mut server, false, 10);
    sync(&mut a, &mut server, false, 10);
    for p in [&a, &b] {
        let got = p.store.member(&m).unwrap();
        assert_eq!(
            (got.hamlet.as_str(), got.household),
            ("Ấp 9", HouseholdStatus::Poor)
        );
        assert!(p.store.conflicts(false).unwrap().is_empty());
    }
    let _ = (&a.clock, &b.clock);
}

/// Two phones register the same person offline: after sync both phones flag
/// the pair; a merge on one phone keeps both records' money everywhere.
#[test]
fn the_same_person_registered_on_two_phones_is_flagged_then_merged_everywhere() {
    use ishc_core::ops::DuplicateResolution;
    let start = vietnam_offset()
        .with_ymd_and_hms(2026, 3, 1, 8, 0, 0)
        .unwrap();
    let mut server = Server::new();
    let ca = Arc::new(FixedClock::new(start));
    let cb = Arc::new(FixedClock::new(start));
    let mut a = Phone {
        store: Store::open_in_memory("phone-a", ca.clone()).unwrap(),
        clock: ca,
    };
    let mut b = Phone {
        store: Store::open_in_memory("phone-b", cb.clone()).unwrap(),
        clock: cb,
    };
    let club = a
        .store
        .create_club(NewClub {
            name: "CLB".into(),
            commune_code: 26425,
            founded_on: start.date_naive(),
            activity_areas: None,
        })
        .unwrap()
        .id;
    let treasurer = a
        .store
        .register_member(&club, person("Trần Thủ Quỹ", vec![Role::Treasurer]))
        .unwrap()
        .member
        .id;
    sync(&mut a, &mut server, false, 10);
    sync(&mut b, &mut server, false, 10);
    let on = start.date_naive();
    let mut ids = vec![];
    for (p, amount) in [(&mut a, 100_000), (&mut b, 50_000)] {
        p.store.set_author("admin:phone");
        let id = p
            .store
            .register_member(&club, person("Nguyễn Thị Tám", vec![]))
            .unwrap()
            .member
            .id;
        p.store.set_author(&treasurer);
        p.store.deposit(&id, amount, on, "").unwrap();
        ids.push(id);
    }
    sync(&mut a, &mut server, false, 10);
    sync(&mut b, &mut server, false, 10);
    sync(&mut a, &mut server, false, 10);
    for p in [&a, &b] {
        let flags = p.store.possible_duplicates(&club).unwrap();
        assert_eq!(flags.len(), 1);
        let mut pair = vec![flags[0].a.id.clone(), flags[0].b.id.clone()];
        pair.sort();
        let mut want = ids.clone();
        want.sort();
        assert_eq!(pair, want);
    }
    let flag = a.store.possible_duplicates(&club).unwrap()[0].id.clone();
    a.store.set_author("admin:phone");
    a.store
        .resolve_duplicate(
            &flag,
            DuplicateResolution::Merged {
                kept: ids[0].clone(),
                merged: ids[1].clone(),
            },
        )
        .unwrap();
    sync(&mut a, &mut server, false, 10);
    sync(&mut b, &mut server, false, 10);
    for p in [&a, &b] {
        assert!(p.store.possible_duplicates(&club).unwrap().is_empty());
        let list = p.store.list_members(&club, Some("tam"), false, on).unwrap();
        let got: Vec<(&str, i64)> = list
            .iter()
            .map(|s| (s.member.id.as_str(), s.savings_balance))
            .collect();
        assert_eq!(got, vec![(ids[0].as_str(), 150_000)]);
        assert_eq!(p.store.passbook(&ids[0]).unwrap().lines.len(), 2);
    }
    assert_eq!(
        snapshot(a.store.connection()),
        snapshot(b.store.connection())
    );
}

/// A pull never overwrites a change this phone has not sent: B's pending edit
/// stands while A's later edit arrives; once B has sent it, the newest stamp
/// wins everywhere and B's value is a conflict.
#[test]
fn a_pull_never_overwrites_an_unsent_local_change() {
    let start = vietnam_offset()
        .with_ymd_and_hms(2026, 3, 1, 8, 0, 0)
        .unwrap();
    let (mut server, mut a, mut b, m) = two_phones_with_a_member(start, Duration::hours(2));
    b.store
        .update_member(
            &m,
            MemberPatch {
                hamlet: Some("Ấp B".into()),
                ..Default::default()
            },
        )
        .unwrap();
    a.clock.advance(Duration::minutes(5));
    a.store
        .update_member(
            &m,
            MemberPatch {
                hamlet: Some("Ấp A".into()),
                ..Default::default()
            },
        )
        .unwrap();
    sync(&mut a, &mut server, false, 10);
    // B only pulls: its unsent value stands.
    let page = server.pull(b.store.pull_cursor(), 10);
    assert_eq!(b.store.apply_pulled(&page).unwrap(), 1);
    assert_eq!(b.store.member(&m).unwrap().hamlet, "Ấp B");
    assert_eq!(b.store.pending_count().unwrap(), 1);
    assert!(b.store.conflicts(false).unwrap().is_empty());
    // B syncs: its change is sent, then A's newer one wins, B's is a conflict.
    sync(&mut b, &mut server, false, 10);
    sync(&mut a, &mut server, false, 10);
    for p in [&a, &b] {
        assert_eq!(p.store.member(&m).unwrap().hamlet, "Ấp A");
        let c = p.store.conflicts(false).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].losing_value, serde_json::json!("Ấp B"));
        // Who made each edit, read from each operation's log row (found by
        // its server number) on both phones, the loser's own and the other.
        let logged = |op: &str| {
            let o = a.store.change_log(false).unwrap();
            let o = o.iter().find(|o| o.op_id == op).unwrap().clone();
            (Some(o.device_id), Some(o.author))
        };
        assert_eq!(c[0].losing_device.as_deref(), Some("phone-b"));
        assert_eq!(c[0].winning_device.as_deref(), Some("phone-a"));
        assert_eq!(
            (c[0].losing_device.clone(), c[0].losing_author.clone()),
            logged(&c[0].losing_op_id)
        );
        assert_eq!(
            (c[0].winning_device.clone(), c[0].winning_author.clone()),
            logged(&c[0].winning_op_id)
        );
    }
    assert_eq!(snapshot(a.store.connection()), snapshot(&server.db));
    assert_eq!(snapshot(b.store.connection()), snapshot(&server.db));
}
