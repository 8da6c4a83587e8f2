//! Schema versions: a real version-1 database with data is upgraded to the
//! current version, and a newer database is refused untouched.

use ishc_core::model::{Birth, HouseholdStatus, Member, Membership, Role, Service, Sex, Vitals};
use ishc_core::ops::{
    Change, ClubRecord, EntryKind, JournalRecord, Ledger, MemberPatch, VisitRecord,
};
use ishc_core::schema::{V1_SQL, V2_SQL, VERSION};
use ishc_core::store::{NewMember, Store};
use ishc_core::sync::replica::{duplicate_flag_id, MEMBER_FIELDS};
use ishc_core::text::search_key;
use ishc_core::Error;
use ishc_tests::spellings::*;
use ishc_tests::*;
use rusqlite::{params, Connection};
use std::path::Path;

/// How version 1 stored a member's hamlet: as typed, decomposed, with a
/// double space.
const HAMLET_V1: &str = "A\u{0302}\u{0301}p  3";

fn stamp(n: u32) -> String {
    // 2019-05-01T00:00:00Z in milliseconds.
    format!("{:016}-{:05}-phone-old", 1_556_668_800_000u64, n)
}

/// A member as a registration's `Change` JSON carries it: `m1` and `m2` of
/// [`build_v1`], as typed (decomposed).
fn v1_member(id: &str) -> Member {
    let m1 = Member {
        id: "m1".into(),
        club_id: "club-v1".into(),
        full_name: ANH_NFD.into(),
        sex: Sex::Female,
        birth: Birth::Year(1956),
        ethnicity_code: 1,
        household: HouseholdStatus::Poor,
        disabled: false,
        lives_alone: true,
        hamlet: HAMLET_V1.into(),
        phone: Some("+84943733416".into()),
        joined_on: d(2019, 5, 1),
        left_on: None,
        leave_reason: None,
        roles: vec![Role::CareRecipient],
        membership: Membership::Member,
    };
    match id {
        "m1" => m1,
        "m2" => Member {
            id: "m2".into(),
            full_name: DUC_NFD.into(),
            sex: Sex::Male,
            birth: Birth::Date(d(1950, 3, 21)),
            household: HouseholdStatus::Neither,
            lives_alone: false,
            hamlet: "Ấp 4".into(),
            phone: None,
            roles: vec![Role::HomeCareVolunteer],
            ..m1
        },
        other => panic!("no v1 member {other}"),
    }
}

/// The `Change` JSON of each operation of [`build_v1`], in log order.
fn v1_changes() -> Vec<(&'static str, &'static str, &'static str, Change)> {
    vec![
        (
            "op-1",
            "club",
            "club-v1",
            Change::ClubCreated(ClubRecord {
                id: "club-v1".into(),
                name: "CLB Ấp 3".into(),
                commune_code: 26425,
                founded_on: d(2019, 4, 1),
                activity_areas: ishc_core::model::DEFAULT_ACTIVITY_AREAS
                    .iter()
                    .map(|a| a.to_string())
                    .collect(),
            }),
        ),
        (
            "op-2",
            "member",
            "m1",
            Change::MemberRegistered(v1_member("m1")),
        ),
        (
            "op-3",
            "member",
            "m2",
            Change::MemberRegistered(v1_member("m2")),
        ),
        (
            "op-4",
            "journal",
            "j1",
            Change::JournalEntry(JournalRecord {
                id: "j1".into(),
                club_id: "club-v1".into(),
                ledger: Ledger::Savings,
                kind: EntryKind::Deposit,
                amount: 120_000,
                entry_on: d(2019, 6, 1),
                member_id: Some("m1".into()),
                loan_id: None,
                reverses_id: None,
                memo: String::new(),
                recorded_at: "2019-06-01T09:00:00+07:00".into(),
            }),
        ),
        (
            "op-5",
            "visit",
            "v1",
            Change::VisitLogged(VisitRecord {
                id: "v1".into(),
                club_id: "club-v1".into(),
                volunteer_id: "m2".into(),
                recipient_id: "m1".into(),
                started_at: "2019-06-02T08:00:00+07:00".into(),
                visit_on: d(2019, 6, 2),
                duration_min: 60,
                services: vec![Service::Housework],
                vitals: Vitals {
                    systolic: Some(150),
                    diastolic: Some(95),
                    ..Default::default()
                },
                notes: String::new(),
            }),
        ),
    ]
}

/// Builds a version-1 database at `path`: a club, two members with
/// decomposed names, a savings deposit and a visit, each with its
/// change-log operation (the `Change` as JSON), as version 1 wrote them.
fn build_v1(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(V1_SQL).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    let areas = serde_json::to_string(&ishc_core::model::DEFAULT_ACTIVITY_AREAS).unwrap();
    conn.execute(
        "INSERT INTO clubs VALUES ('club-v1', 'op-1', 'CLB Ấp 3', 26425, '2019-04-01', ?1)",
        [&areas],
    )
    .unwrap();
    let mut member = conn
        .prepare(
            "INSERT INTO members (id, op_id, club_id, full_name, name_key, sex, birth_date, birth_year,
                ethnicity_code, household, disabled, lives_alone, hamlet, phone, joined_on, left_on,
                leave_reason, roles, membership)
             VALUES (?1, ?2, 'club-v1', ?3, ?4, ?5, ?6, ?7, 1, ?8, 0, ?9, ?10, ?11, '2019-05-01', NULL, NULL, ?12, 'member')",
        )
        .unwrap();
    member
        .execute(params![
            "m1",
            "op-2",
            ANH_NFD,
            search_key(ANH_NFD),
            "female",
            Option::<String>::None,
            1956,
            "poor",
            true,
            HAMLET_V1,
            "+84943733416",
            r#"["care_recipient"]"#
        ])
        .unwrap();
    member
        .execute(params![
            "m2",
            "op-3",
            DUC_NFD,
            search_key(DUC_NFD),
            "male",
            Some("1950-03-21"),
            1950,
            "neither",
            false,
            "Ấp 4",
            Option::<String>::None,
            r#"["home_care_volunteer"]"#
        ])
        .unwrap();
    conn.execute(
        "INSERT INTO journal VALUES ('j1', 'op-4', 'club-v1', 'savings', 'deposit', 120000, '2019-06-01',
            'm1', NULL, NULL, '', '2019-06-01T09:00:00+07:00')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO visits VALUES ('v1', 'op-5', 'club-v1', 'm2', 'm1', '2019-06-02T08:00:00+07:00',
            '2019-06-02', 60, '[\"housework\"]', 150, 95, NULL, NULL, NULL, 'hypertension', '')",
        [],
    )
    .unwrap();
    for (i, (op, entity, id, change)) in v1_changes().into_iter().enumerate() {
        assert_eq!(change.entity(), (entity, id));
        conn.execute(
            "INSERT INTO change_log (op_id, entity, entity_id, change, device_id, author, hlc, recorded_at)
             VALUES (?1, ?2, ?3, ?4, 'phone-old', 'unknown', ?5, '2019-05-01T07:00:00+07:00')",
            params![
                op,
                entity,
                id,
                serde_json::to_string(&change).unwrap(),
                stamp(i as u32)
            ],
        )
        .unwrap();
    }
}

/// The `field_clocks` rows of a store, sorted: (entity, entity_id, field,
/// hlc, op_id, device_id, base_seq, server_seq).
fn field_clocks(store: &Store) -> Vec<Vec<String>> {
    text_rows(
        store,
        "SELECT entity, entity_id, field, hlc, op_id, device_id, CAST(base_seq AS TEXT), server_seq
         FROM field_clocks ORDER BY entity, entity_id, field",
    )
}

/// The `field_clocks` row of a member field last set by `op`, the `n`th
/// operation of the old device (stamp [`stamp`]`(n)`), never sent.
fn clock_row(member: &str, field: &str, op: &str, n: u32) -> Vec<String> {
    [
        "member",
        member,
        field,
        &stamp(n),
        op,
        "phone-old",
        "0",
        "NULL",
    ]
    .map(String::from)
    .to_vec()
}

/// The same person as `m1`, as a new registration would record them.
fn anh() -> NewMember {
    NewMember {
        birth: Birth::Year(1956),
        household: HouseholdStatus::Poor,
        lives_alone: true,
        hamlet: HAMLET_V1.into(),
        phone: Some("0943733416".into()),
        joined_on: d(2019, 5, 1),
        roles: vec![Role::CareRecipient],
        ..person(ANH_NFD)
    }
}

fn keys(store: &Store, id: &str) -> Vec<String> {
    text_rows(
        store,
        &format!("SELECT name_key, hamlet_key, duplicate_key, merged_into FROM members WHERE id = '{id}'"),
    )
    .remove(0)
}

#[test]
fn version_1_database_is_upgraded_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    build_v1(&path);

    let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    assert_eq!(
        ishc_core::schema::version(store.connection()).unwrap(),
        VERSION
    );

    // The backfilled keys are those a new registration of the person gets.
    let mut fresh = Fixture::bare();
    let new_id = fresh.add(anh());
    let want = keys(&fresh.store, &new_id);
    assert_eq!(
        want,
        vec!["nguyen thi anh", "ap 3", "nguyenthianh|1956|ap3", "NULL"]
    );
    assert_eq!(keys(&store, "m1"), want);
    assert_eq!(
        keys(&store, "m2"),
        vec!["tran minh duc", "ap 4", "tranminhduc|1950|ap4", "NULL"]
    );

    // Search, order and money work on the upgraded rows.
    let on = d(2026, 3, 1);
    let found = |store: &Store, q: &str| -> Vec<String> {
        store
            .list_members("club-v1", Some(q), false, on)
            .unwrap()
            .into_iter()
            .map(|s| s.member.id)
            .collect()
    };
    assert_eq!(found(&store, "nguyen thi anh"), vec!["m1"]);
    assert_eq!(found(&store, "duc"), vec!["m2"]);
    assert_eq!(found(&store, "Đức"), vec!["m2"]);
    assert_eq!(found(&store, "0943733416"), vec!["m1"]);
    let all = store.list_members("club-v1", None, false, on).unwrap();
    let summary: Vec<(&str, i64)> = all
        .iter()
        .map(|s| (s.member.id.as_str(), s.savings_balance))
        .collect();
    assert_eq!(summary, vec![("m1", 120_000), ("m2", 0)]);
    assert_eq!(all[1].member.birth, Birth::Date(d(1950, 3, 21)));
    // Names typed decomposed in version 1 are stored composed (NFC) after the upgrade.
    assert_eq!(all[0].member.full_name, "Nguyễn Thị Ánh");
    assert_ne!(all[0].member.full_name, ANH_NFD);
    let visits = store.visits("club-v1", None, None, None).unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(
        visits[0].bp_flag,
        Some(ishc_core::vitals::BpFlag::Hypertension)
    );
    assert_eq!(store.audit().unwrap(), Default::default());

    // Every member field's clock is backfilled from its registration.
    let mut want_clocks = vec![];
    for (id, op, n) in [("m1", "op-2", 1), ("m2", "op-3", 2)] {
        for field in MEMBER_FIELDS {
            want_clocks.push(clock_row(id, field, op, n));
        }
    }
    want_clocks.sort();
    assert_eq!(field_clocks(&store), want_clocks);
    assert_eq!(want_clocks.len(), 26);

    // The same person registered again is flagged against the old record:
    // one operation, the flag derived.
    let reg = store.register_member("club-v1", anh()).unwrap();
    assert_eq!(reg.possible_duplicates.len(), 1);
    assert_eq!(reg.possible_duplicates[0].id, "m1");
    let flags = store.possible_duplicates("club-v1").unwrap();
    assert_eq!(flags.len(), 1);
    // The smaller id first: the new UUIDv7 ("01…") sorts before "m1".
    assert!(reg.member.id.as_str() < "m1");
    assert_eq!(flags[0].id, duplicate_flag_id(&reg.member.id, "m1"));
    // New stamps follow the old device's stamps.
    let log = store.change_log(false).unwrap();
    assert_eq!(log.len(), 6);
    assert!(log.windows(2).all(|w| w[0].hlc < w[1].hlc));
    drop(store);

    // Reopening is a no-op.
    let store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    assert_eq!(
        ishc_core::schema::version(store.connection()).unwrap(),
        VERSION
    );
    assert_eq!(
        store
            .list_members("club-v1", None, false, on)
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn upgraded_schema_equals_a_new_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    build_v1(&path);
    let upgraded = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    let new = Store::open_in_memory("phone-1", clock_at(START)).unwrap();
    let (a, b) = (describe_schema(&upgraded), describe_schema(&new));
    assert!(a.contains(
        &"column members.duplicate_key type=TEXT notnull=1 pk=0 default=NULL".to_string()
    ));
    assert!(a.contains(&"fk members.merged_into -> members.id".to_string()));
    assert!(a
        .iter()
        .any(|l| l.starts_with("index members:members_duplicate_key ")));
    assert!(a.iter().any(|l| l.starts_with("column duplicate_flags.")));
    assert!(a.contains(
        &"column change_log.origin type=TEXT notnull=1 pk=0 default='local'".to_string()
    ));
    assert!(
        a.contains(&"column change_log.base_seq type=INTEGER notnull=1 pk=0 default=0".to_string())
    );
    assert!(a
        .iter()
        .any(|l| l.starts_with("index field_clocks:field_clocks_op ")));
    assert!(a.iter().any(|l| l.starts_with("column conflicts.")));
    assert!(a
        .iter()
        .any(|l| l.starts_with("index field_history:field_history_op ")));
    assert_eq!(a, b);
    assert_eq!(tables(&upgraded), tables(&new));
    assert_eq!(tables(&new).len(), 16);
}

/// Text of a unit enum as the schema stores it (its serde name).
fn word(v: serde_json::Value) -> String {
    v.as_str().expect("a unit variant").to_string()
}

/// Writes `m` as a version-2 `members` row, last written by `op_id`.
fn insert_v2_member(conn: &Connection, op_id: &str, m: &Member) {
    let birth_date = match m.birth {
        Birth::Date(d) => Some(d.to_string()),
        Birth::Year(_) => None,
    };
    conn.execute(
        "INSERT INTO members (id, op_id, club_id, full_name, name_key, sex, birth_date, birth_year,
            ethnicity_code, household, disabled, lives_alone, hamlet, hamlet_key, duplicate_key, phone,
            joined_on, left_on, leave_reason, roles, membership, merged_into)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
            ?20, ?21, NULL)",
        params![
            m.id,
            op_id,
            m.club_id,
            m.full_name,
            search_key(&m.full_name),
            word(serde_json::json!(m.sex)),
            birth_date,
            m.birth.year(),
            m.ethnicity_code,
            word(serde_json::json!(m.household)),
            m.disabled,
            m.lives_alone,
            m.hamlet,
            search_key(&m.hamlet),
            ishc_core::duplicates::duplicate_key(&m.full_name, m.birth.year(), &m.hamlet),
            m.phone,
            m.joined_on.to_string(),
            m.left_on.map(|d| d.to_string()),
            m.leave_reason,
            serde_json::to_string(&m.roles).unwrap(),
            word(serde_json::json!(m.membership)),
        ],
    )
    .unwrap();
}

/// Builds a version-2 database at `path` as version 2 wrote it: a club;
/// three registrations (`m3` the same person as `m1`, with the
/// `duplicate_flagged` operation version 2 logged for them); and updates of
/// `m1` and `m2`, some setting a field an earlier update had set. Each
/// member row holds the final values. Returns the operations in log order.
fn build_v2(path: &Path) -> Vec<(String, Change)> {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(V2_SQL).unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    let club = v1_changes().remove(0).3;
    let Change::ClubCreated(c) = &club else {
        unreachable!()
    };
    conn.execute(
        "INSERT INTO clubs VALUES (?1, 'op-1', ?2, ?3, ?4, ?5)",
        params![
            c.id,
            c.name,
            c.commune_code,
            c.founded_on.to_string(),
            serde_json::to_string(&c.activity_areas).unwrap()
        ],
    )
    .unwrap();
    // Version 2 stores names composed.
    let nfc = |m: Member| Member {
        full_name: ishc_core::text::normalize_text(&m.full_name),
        hamlet: ishc_core::text::normalize_text(&m.hamlet),
        ..m
    };
    let (m1, m2) = (nfc(v1_member("m1")), nfc(v1_member("m2")));
    let m3 = Member {
        id: "m3".into(),
        phone: None,
        joined_on: d(2020, 1, 1),
        ..m1.clone()
    };
    let update = |id: &str, patch: MemberPatch| Change::MemberUpdated {
        member_id: id.into(),
        patch,
    };
    let ops: Vec<(String, Change)> = vec![
        ("op-1", club),
        ("op-2", Change::MemberRegistered(m1.clone())),
        ("op-3", Change::MemberRegistered(m2.clone())),
        (
            "op-4",
            update(
                "m1",
                MemberPatch {
                    phone: Some(None),
                    lives_alone: Some(false),
                    ..Default::default()
                },
            ),
        ),
        (
            "op-5",
            update(
                "m2",
                MemberPatch {
                    hamlet: Some("Ấp 5".into()),
                    ..Default::default()
                },
            ),
        ),
        (
            "op-6",
            update(
                "m1",
                MemberPatch {
                    phone: Some(Some("+84912345678".into())),
                    // Sorted, as version 2 stored roles.
                    roles: Some(vec![Role::Treasurer, Role::CareRecipient]),
                    ..Default::default()
                },
            ),
        ),
        ("op-7", Change::MemberRegistered(m3.clone())),
        (
            "op-8",
            Change::DuplicateFlagged {
                flag_id: "flag-1".into(),
                club_id: "club-v1".into(),
                member_a: "m1".into(),
                member_b: "m3".into(),
            },
        ),
        (
            "op-9",
            update(
                "m2",
                MemberPatch {
                    left_on: Some(Some(d(2024, 6, 1))),
                    leave_reason: Some(Some("Chuyển đi".into())),
                    hamlet: Some("Ấp 4".into()),
                    ..Default::default()
                },
            ),
        ),
    ]
    .into_iter()
    .map(|(op, c)| (op.to_string(), c))
    .collect();
    // The rows hold each member as its operations left it.
    for m in [m1, m2, m3] {
        let mut m = m;
        let mut last = String::new();
        for (op, change) in &ops {
            match change {
                Change::MemberRegistered(r) if r.id == m.id => last = op.clone(),
                Change::MemberUpdated { member_id, patch } if *member_id == m.id => {
                    ishc_core::ops::patch_member(&mut m, patch);
                    last = op.clone();
                }
                _ => {}
            }
        }
        insert_v2_member(&conn, &last, &m);
    }
    conn.execute(
        "INSERT INTO duplicate_flags VALUES ('flag-1', 'op-8', 'club-v1', 'm1', 'm3', 'open', NULL)",
        [],
    )
    .unwrap();
    for (i, (op, change)) in ops.iter().enumerate() {
        let (entity, id) = change.entity();
        conn.execute(
            "INSERT INTO change_log (op_id, entity, entity_id, change, device_id, author, hlc, recorded_at)
             VALUES (?1, ?2, ?3, ?4, 'phone-old', 'unknown', ?5, '2024-05-01T07:00:00+07:00')",
            params![
                op,
                entity,
                id,
                serde_json::to_string(change).unwrap(),
                stamp(i as u32)
            ],
        )
        .unwrap();
    }
    ops
}

/// A member field, the operation that last set it, and that operation's
/// stamp number.
type FieldSetBy = (&'static str, &'static str, u32);

#[test]
fn version_2_database_is_upgraded_with_field_clocks_from_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    let ops = build_v2(&path);
    let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    assert_eq!(
        ishc_core::schema::version(store.connection()).unwrap(),
        VERSION
    );
    let new = Store::open_in_memory("phone-1", clock_at(START)).unwrap();
    assert_eq!(describe_schema(&store), describe_schema(&new));
    assert_eq!(tables(&store), tables(&new));

    // Each member field's clock is the latest operation that set it (the
    // n-th operation has stamp(n - 1)).
    let latest: [(&str, &[FieldSetBy]); 3] = [
        (
            "m1",
            &[
                ("lives_alone", "op-4", 3),
                ("phone", "op-6", 5),
                ("roles", "op-6", 5),
            ],
        ),
        (
            "m2",
            &[
                ("hamlet", "op-9", 8),
                ("left_on", "op-9", 8),
                ("leave_reason", "op-9", 8),
            ],
        ),
        ("m3", &[]),
    ];
    let registered = [("m1", "op-2", 1), ("m2", "op-3", 2), ("m3", "op-7", 6)];
    let mut want = vec![];
    for ((id, updates), (rid, rop, rn)) in latest.iter().zip(registered) {
        assert_eq!(*id, rid);
        for field in MEMBER_FIELDS {
            let (op, n) = updates
                .iter()
                .find(|(f, _, _)| *f == field)
                .map(|(_, op, n)| (*op, *n))
                .unwrap_or((rop, rn));
            want.push(clock_row(id, field, op, n));
        }
    }
    want.sort();
    assert_eq!(want.len(), 39);
    assert_eq!(field_clocks(&store), want);
    // Nothing conflicts, and every old operation is local, unsent, seen
    // from nothing.
    assert_eq!(store.conflicts(true).unwrap(), vec![]);
    assert_eq!(
        text_rows(
            &store,
            "SELECT DISTINCT origin, CAST(base_seq AS TEXT), server_seq, rejected_code, rejected_reason FROM change_log"
        ),
        vec![vec!["local", "0", "NULL", "NULL", "NULL"]]
    );
    assert_eq!(store.pending_count().unwrap(), 9);
    let logged: Vec<(String, serde_json::Value)> = store
        .change_log(false)
        .unwrap()
        .into_iter()
        .map(|o| (o.op_id, o.change))
        .collect();
    let built: Vec<(String, serde_json::Value)> = ops
        .into_iter()
        .map(|(op, c)| (op, serde_json::to_value(c).unwrap()))
        .collect();
    assert_eq!(logged, built);

    // The data reads as version 2 left it.
    let m1 = store.member("m1").unwrap();
    assert_eq!(
        (m1.phone.as_deref(), m1.lives_alone, m1.roles.clone()),
        (
            Some("+84912345678"),
            false,
            vec![Role::Treasurer, Role::CareRecipient]
        )
    );
    let m2 = store.member("m2").unwrap();
    assert_eq!(
        (m2.hamlet.as_str(), m2.left_on, m2.leave_reason.as_deref()),
        ("Ấp 4", Some(d(2024, 6, 1)), Some("Chuyển đi"))
    );
    let flags = store.possible_duplicates("club-v1").unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!(
        (
            flags[0].id.as_str(),
            flags[0].a.id.as_str(),
            flags[0].b.id.as_str()
        ),
        ("flag-1", "m1", "m3")
    );

    // A new edit moves only its fields' clocks.
    store
        .update_member(
            "m1",
            MemberPatch {
                phone: Some(Some("0943733416".into())),
                ..Default::default()
            },
        )
        .unwrap();
    let op = store.change_log(false).unwrap().pop().unwrap();
    let phone = ["member", "m1", "phone"].map(String::from);
    let after = field_clocks(&store);
    let row = after
        .iter()
        .find(|r| r[..3] == phone)
        .expect("m1's phone clock");
    assert_eq!(
        row[3..],
        [
            op.hlc.clone(),
            op.op_id.clone(),
            "phone-1".into(),
            "0".into(),
            "NULL".into()
        ]
    );
    let unchanged = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
        rows.iter().filter(|r| r[..3] != phone).cloned().collect()
    };
    assert_eq!(unchanged(&after), unchanged(&want));
    assert_eq!(after.len(), 39);
}

/// A database stamped one version newer than this build, with a row.
fn build_too_new(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE future (x TEXT NOT NULL); INSERT INTO future VALUES ('kept');",
    )
    .unwrap();
    conn.pragma_update(None, "user_version", VERSION + 1)
        .unwrap();
}

fn dir_listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn newer_database_is_refused_and_its_data_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    build_too_new(&path);
    let err = match Store::open(&path, "phone-1", clock_at(START)) {
        Ok(_) => panic!("a newer database must be refused"),
        Err(e) => e,
    };
    assert_eq!(err.code(), "schema.too_new");
    assert!(
        matches!(err, Error::SchemaTooNew { found, supported } if found == VERSION + 1 && supported == VERSION),
        "{err:?}"
    );
    let conn = Connection::open(&path).unwrap();
    let v: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, VERSION + 1);
    let rows: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(rows, vec!["future"]);
    let x: String = conn
        .query_row("SELECT x FROM future", [], |r| r.get(0))
        .unwrap();
    assert_eq!(x, "kept");
}

#[test]
fn newer_database_file_is_left_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    build_too_new(&path);
    let bytes = std::fs::read(&path).unwrap();
    let listing = dir_listing(dir.path());
    assert_eq!(
        Store::open(&path, "phone-1", clock_at(START))
            .err()
            .map(|e| e.code().to_string())
            .as_deref(),
        Some("schema.too_new")
    );
    assert_eq!(dir_listing(dir.path()), listing);
    let after = std::fs::read(&path).unwrap();
    assert_eq!(
        (after[18], after[19]),
        (bytes[18], bytes[19]),
        "journal mode bytes"
    );
    assert!(after == bytes, "the file changed");
}

#[test]
fn version_2_upgrade_clocks_a_field_whose_latest_op_cleared_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    let ops = build_v2(&path);
    // One more version-2 operation: m1's phone cleared, after op-6 set it.
    let clear = Change::MemberUpdated {
        member_id: "m1".into(),
        patch: MemberPatch {
            phone: Some(None),
            ..Default::default()
        },
    };
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE members SET phone = NULL, op_id = 'op-10' WHERE id = 'm1'",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO change_log (op_id, entity, entity_id, change, device_id, author, hlc, recorded_at)
             VALUES ('op-10', 'member', 'm1', ?1, 'phone-old', 'unknown', ?2, '2024-05-01T07:00:00+07:00')",
            params![serde_json::to_string(&clear).unwrap(), stamp(ops.len() as u32)],
        )
        .unwrap();
    }
    let store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    assert_eq!(store.member("m1").unwrap().phone, None);
    let phone = field_clocks(&store)
        .into_iter()
        .find(|r| r[1] == "m1" && r[2] == "phone")
        .unwrap();
    assert_eq!(phone, clock_row("m1", "phone", "op-10", 9));
}

/// The schema's tables and indexes as SQLite keeps their definitions, with
/// spacing normalised.
/// Turns a current database back into version 6's: without version 7's
/// indexes of a club's meetings, activities and loans.
const BACK_TO_V6: &str = "
    DROP INDEX meetings_club_day;
    DROP INDEX activities_club_day;
    DROP INDEX loans_club;
";

/// Turns a current change log back into version 5's: `op_id` UNIQUE (its
/// automatic index), none of version 6's partial indexes; rows unchanged.
const CHANGE_LOG_BACK_TO_V5: &str = "
    ALTER TABLE change_log RENAME TO change_log_v6;
    CREATE TABLE change_log (
        seq         INTEGER PRIMARY KEY,
        op_id       TEXT NOT NULL UNIQUE,
        entity      TEXT NOT NULL,
        entity_id   TEXT NOT NULL,
        change      TEXT NOT NULL,
        device_id   TEXT NOT NULL,
        author      TEXT NOT NULL,
        hlc         TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        sent_at     TEXT,
        base_seq    INTEGER NOT NULL DEFAULT 0,
        server_seq  INTEGER,
        origin      TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','remote')),
        rejected_code   TEXT,
        rejected_reason TEXT
    ) STRICT;
    INSERT INTO change_log SELECT * FROM change_log_v6 ORDER BY seq;
    DROP TABLE change_log_v6;
";

fn master_sql(conn: &Connection) -> Vec<String> {
    conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name",
    )
    .unwrap()
    .query_map([], |r| {
        let sql: String = r.get(2)?;
        Ok(format!(
            "{} {}: {}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            sql.split_whitespace().collect::<Vec<_>>().join(" ")
        ))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Local operations the store would push, by id.
fn pending_ids(store: &Store) -> Vec<String> {
    store
        .pending_ops(1000)
        .unwrap()
        .into_iter()
        .map(|o| o.op_id)
        .collect()
}

#[test]
fn version_3_database_is_upgraded_with_its_unsent_operations_and_savings() {
    use ishc_core::model::{Fund, InterestMethod};
    use ishc_core::store::NewLoan;
    use ishc_core::sync::wire::{OpOutcome, OpResult};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let (saver, acting, before_pending, before_log);
    {
        // A club with money and a sync history: the first operations
        // accepted, one rejected, the rest waiting.
        let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
        let club = store.create_club(new_club()).unwrap().id;
        acting = register_acting(&mut store, &club);
        saver = store
            .register_member(&club, person("Phạm Thị Ánh"))
            .unwrap()
            .member
            .id;
        let results: Vec<OpResult> = pending_ids(&store)
            .into_iter()
            .enumerate()
            .map(|(i, op_id)| OpResult {
                op_id,
                outcome: OpOutcome::Accepted { seq: i as i64 + 1 },
            })
            .collect();
        store.record_push_results(&results).unwrap();
        store
            .deposit(&saver, 500_000, d(2026, 2, 1), "Gửi tiết kiệm")
            .unwrap();
        let rejected = pending_ids(&store).pop().unwrap();
        store
            .record_push_results(&[OpResult {
                op_id: rejected,
                outcome: OpOutcome::Rejected {
                    code: "op.not_permitted".into(),
                    reason: "test".into(),
                },
            }])
            .unwrap();
        store
            .record_fund_entry(
                &club,
                ishc_core::store::NewFundEntry {
                    fund: Fund::IncomeGeneration,
                    kind: EntryKind::Grant,
                    amount: 10_000_000,
                    entry_on: d(2026, 1, 5),
                    memo: "Tài trợ".into(),
                    member_id: None,
                },
            )
            .unwrap();
        store.deposit(&saver, 200_000, d(2026, 2, 2), "").unwrap();
        let loan = store
            .disburse_loan(NewLoan {
                borrower_id: saver.clone(),
                principal: 2_000_000,
                disbursed_on: d(2026, 2, 3),
                term_months: 4,
                monthly_rate_bp: 100,
                method: InterestMethod::Flat,
                purpose: "Nuôi gà".into(),
            })
            .unwrap()
            .loan
            .id;
        store.repay_loan(&loan, 520_000, d(2026, 2, 28)).unwrap();
        before_pending = pending_ids(&store);
        before_log = store.change_log(true).unwrap();
        assert_eq!(before_pending.len(), 4);
        assert_eq!(before_log.len(), 5, "the 4 waiting and the rejected one");
    }
    // Turn the file back into what version 3 made: its two indexes, no cursor.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(BACK_TO_V6).unwrap();
        conn.execute_batch(CHANGE_LOG_BACK_TO_V5).unwrap();
        conn.execute_batch(
            "DROP INDEX journal_member;
             DROP INDEX journal_loan;
             CREATE INDEX change_log_unsent ON change_log(seq) WHERE sent_at IS NULL;
             CREATE INDEX journal_member ON journal(member_id, ledger, entry_on, amount) WHERE member_id IS NOT NULL;
             CREATE INDEX journal_loan ON journal(loan_id, kind, entry_on, amount) WHERE loan_id IS NOT NULL;
             DELETE FROM meta WHERE key = 'unsent_from';
             PRAGMA user_version = 3;",
        )
        .unwrap();
        let fresh = Connection::open_in_memory().unwrap();
        fresh.execute_batch(ishc_core::schema::V3_SQL).unwrap();
        assert_eq!(
            master_sql(&conn),
            master_sql(&fresh),
            "a real version-3 file"
        );
    }
    let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    assert_eq!(
        ishc_core::schema::version(store.connection()).unwrap(),
        VERSION
    );
    let new = Store::open_in_memory("phone-1", clock_at(START)).unwrap();
    assert_eq!(describe_schema(&store), describe_schema(&new));
    assert_eq!(master_sql(store.connection()), master_sql(new.connection()));
    // The same operations wait, in the same order; the rejected one stays.
    assert_eq!(pending_ids(&store), before_pending);
    assert_eq!(store.pending_count().unwrap(), 4);
    assert_eq!(store.change_log(true).unwrap(), before_log);
    assert_eq!(store.rejected_ops().unwrap().len(), 1);
    // Savings read from the new index: the rejected deposit still counts
    // here, as it did before.
    assert_eq!(store.savings_balance(&saver).unwrap(), 700_000);
    let audit = store.audit().unwrap();
    assert!(audit.rows_without_op.is_empty() && audit.ops_without_rows.is_empty());
    assert!(audit.negative_balances.is_empty());
    // New work waits after them, and once all is accepted nothing waits.
    store.set_author(&acting);
    store.deposit(&saver, 100_000, d(2026, 3, 1), "").unwrap();
    let pending = pending_ids(&store);
    assert_eq!(pending.len(), 5);
    assert_eq!(pending[..4], before_pending[..]);
    let results: Vec<OpResult> = pending
        .into_iter()
        .enumerate()
        .map(|(i, op_id)| OpResult {
            op_id,
            outcome: OpOutcome::Accepted {
                seq: 100 + i as i64,
            },
        })
        .collect();
    store.record_push_results(&results).unwrap();
    assert_eq!(store.pending_count().unwrap(), 0);
    assert!(pending_ids(&store).is_empty());
    assert_eq!(store.savings_balance(&saver).unwrap(), 800_000);
}

#[test]
fn version_4_database_is_upgraded_with_its_loans_unchanged() {
    use ishc_core::model::{Fund, InterestMethod};
    use ishc_core::store::NewLoan;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    let (club, acting, loans, before_views, before_list, before_log);
    let on = d(2026, 6, 30);
    {
        // Loans with repayments on the same day and out of order, a
        // reversed repayment and a reversed disbursement.
        let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
        club = store.create_club(new_club()).unwrap().id;
        acting = register_acting(&mut store, &club);
        let borrower = store
            .register_member(&club, person("Phạm Thị Ánh"))
            .unwrap()
            .member
            .id;
        store
            .record_fund_entry(
                &club,
                ishc_core::store::NewFundEntry {
                    fund: Fund::IncomeGeneration,
                    kind: EntryKind::Grant,
                    amount: 50_000_000,
                    entry_on: d(2026, 1, 5),
                    memo: "Tài trợ".into(),
                    member_id: None,
                },
            )
            .unwrap();
        let mut ids = vec![];
        for (i, method) in [
            InterestMethod::Flat,
            InterestMethod::DecliningBalance,
            InterestMethod::Flat,
        ]
        .into_iter()
        .enumerate()
        {
            ids.push(
                store
                    .disburse_loan(NewLoan {
                        borrower_id: borrower.clone(),
                        principal: 3_000_000 + i as i64 * 1_000_000,
                        disbursed_on: d(2026, 2, 1),
                        term_months: 6,
                        monthly_rate_bp: 100,
                        method,
                        purpose: "Nuôi gà".into(),
                    })
                    .unwrap()
                    .loan
                    .id,
            );
        }
        for day in [20, 3, 3, 28, 10] {
            store.repay_loan(&ids[0], 300_000, d(2026, 3, day)).unwrap();
            store.repay_loan(&ids[1], 250_000, d(2026, 4, day)).unwrap();
        }
        let mistaken = store.repay_loan(&ids[0], 100_000, d(2026, 3, 15)).unwrap();
        store
            .reverse_entry(&mistaken.entry.id, "Ghi nhầm", d(2026, 3, 16))
            .unwrap();
        let disbursement: String = store
            .connection()
            .query_row(
                "SELECT id FROM journal WHERE loan_id = ?1 AND kind = 'loan_disbursement'",
                [&ids[2]],
                |r| r.get(0),
            )
            .unwrap();
        store
            .reverse_entry(&disbursement, "Giải ngân nhầm", d(2026, 2, 2))
            .unwrap();
        before_views = ids
            .iter()
            .map(|l| store.loan(l, on).unwrap())
            .collect::<Vec<_>>();
        before_list = (
            store.list_members(&club, None, true, on).unwrap(),
            store.loans(&club, on, true).unwrap(),
        );
        before_log = store.change_log(false).unwrap();
        loans = ids;
    }
    // Turn the file back into what version 4 made: its loan index.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(BACK_TO_V6).unwrap();
        conn.execute_batch(CHANGE_LOG_BACK_TO_V5).unwrap();
        conn.execute_batch(
            "DROP INDEX journal_loan;
             CREATE INDEX journal_loan ON journal(loan_id, kind, entry_on, amount) WHERE loan_id IS NOT NULL;
             PRAGMA user_version = 4;",
        )
        .unwrap();
        let fresh = Connection::open_in_memory().unwrap();
        fresh.execute_batch(ishc_core::schema::V4_SQL).unwrap();
        assert_eq!(
            master_sql(&conn),
            master_sql(&fresh),
            "a real version-4 file"
        );
    }
    let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    assert_eq!(
        ishc_core::schema::version(store.connection()).unwrap(),
        VERSION
    );
    let new = Store::open_in_memory("phone-1", clock_at(START)).unwrap();
    assert_eq!(describe_schema(&store), describe_schema(&new));
    assert_eq!(master_sql(store.connection()), master_sql(new.connection()));
    // Every loan, the member list and the loan list read the same from the
    // new index; the log is untouched; the audit passes.
    let views = loans
        .iter()
        .map(|l| store.loan(l, on).unwrap())
        .collect::<Vec<_>>();
    assert_eq!(views, before_views);
    assert_eq!(
        (
            store.list_members(&club, None, true, on).unwrap(),
            store.loans(&club, on, true).unwrap()
        ),
        before_list
    );
    assert_eq!(store.change_log(false).unwrap(), before_log);
    let audit = store.audit().unwrap();
    assert!(audit.rows_without_op.is_empty() && audit.ops_without_rows.is_empty());
    assert!(audit.negative_balances.is_empty());
    // A new repayment is checked against the loan's history as before.
    store.set_author(&acting);
    let owed = views[0].position.principal_outstanding + views[0].position.interest_outstanding;
    assert_eq!(
        fails(store.repay_loan(&loans[0], owed + 1, d(2026, 5, 1))).0,
        "loan.overpayment"
    );
    let receipt = store.repay_loan(&loans[0], owed, d(2026, 5, 1)).unwrap();
    assert_eq!(
        receipt.position.principal_outstanding + receipt.position.interest_outstanding,
        0
    );
    assert_eq!(
        store.loan(&loans[0], on).unwrap().status,
        ishc_core::store::LoanStatus::Repaid
    );
}

/// A real version-5 file with a sync history (operations answered with
/// their server numbers, two still waiting) upgrades to version 6 (the
/// change log without its `op_id` index) and its own operations coming back
/// in a pull are still recognised: an answered one by its server number, a
/// waiting one by the unsent range. Nothing is applied twice.
#[test]
fn version_5_database_is_upgraded_and_its_own_operations_are_recognised() {
    use ishc_core::sync::wire::{OpOutcome, OpResult, PullResponse, PulledOp};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    let (saver, answered, waiting, before_log);
    {
        let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
        let club = store.create_club(new_club()).unwrap().id;
        let acting = register_acting(&mut store, &club);
        saver = store
            .register_member(&club, person("Phạm Thị Ánh"))
            .unwrap()
            .member
            .id;
        answered = store.pending_ops(1000).unwrap();
        let results: Vec<OpResult> = answered
            .iter()
            .enumerate()
            .map(|(i, op)| OpResult {
                op_id: op.op_id.clone(),
                outcome: OpOutcome::Accepted { seq: i as i64 + 1 },
            })
            .collect();
        store.record_push_results(&results).unwrap();
        store.set_author(&acting);
        store.deposit(&saver, 500_000, d(2026, 3, 2), "").unwrap();
        store.deposit(&saver, 200_000, d(2026, 3, 3), "").unwrap();
        waiting = store.pending_ops(1000).unwrap();
        assert_eq!(waiting.len(), 2);
        before_log = store.change_log(false).unwrap();
    }
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(BACK_TO_V6).unwrap();
        conn.execute_batch(CHANGE_LOG_BACK_TO_V5).unwrap();
        conn.execute_batch("PRAGMA user_version = 5;").unwrap();
        let fresh = Connection::open_in_memory().unwrap();
        fresh.execute_batch(ishc_core::schema::V5_SQL).unwrap();
        assert_eq!(
            master_sql(&conn),
            master_sql(&fresh),
            "a real version-5 file"
        );
    }
    let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    assert_eq!(
        ishc_core::schema::version(store.connection()).unwrap(),
        VERSION
    );
    let new = Store::open_in_memory("phone-1", clock_at(START)).unwrap();
    assert_eq!(master_sql(store.connection()), master_sql(new.connection()));
    assert_eq!(store.change_log(false).unwrap(), before_log);
    assert_eq!(
        pending_ids(&store),
        waiting.iter().map(|o| o.op_id.clone()).collect::<Vec<_>>()
    );
    // The server hands back everything: the answered operations at their
    // numbers, then the first waiting deposit (its push answer was lost).
    let n = answered.len() as i64;
    let mut ops: Vec<PulledOp> = answered
        .iter()
        .enumerate()
        .map(|(i, op)| PulledOp {
            seq: i as i64 + 1,
            op: op.clone(),
        })
        .collect();
    ops.push(PulledOp {
        seq: n + 1,
        op: waiting[0].clone(),
    });
    let page = PullResponse {
        next_after: n + 1,
        ops,
        more: false,
    };
    assert_eq!(
        store.apply_pulled(&page).unwrap(),
        0,
        "nothing applied twice"
    );
    assert_eq!(store.change_log(false).unwrap().len(), before_log.len());
    assert_eq!(store.savings_balance(&saver).unwrap(), 700_000);
    assert_eq!(pending_ids(&store), vec![waiting[1].op_id.clone()]);
    let numbered: Vec<(String, i64)> = store
        .connection()
        .prepare("SELECT op_id, server_seq FROM change_log WHERE server_seq IS NOT NULL ORDER BY server_seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let expected: Vec<(String, i64)> = answered
        .iter()
        .chain([&waiting[0]])
        .enumerate()
        .map(|(i, o)| (o.op_id.clone(), i as i64 + 1))
        .collect();
    assert_eq!(numbered, expected);
    // The same page again (a pull cursor lost): still nothing applied.
    store.set_meta("pull_cursor", Some("0")).unwrap();
    drop(store);
    let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    assert_eq!(store.pull_cursor(), 0);
    assert_eq!(store.apply_pulled(&page).unwrap(), 0);
    assert_eq!(store.change_log(false).unwrap().len(), before_log.len());
    assert_eq!(store.savings_balance(&saver).unwrap(), 700_000);
    // The late push answer for the deposit the pull already numbered is a
    // no-op; the last deposit's answer empties the queue.
    let (sent, rejected) = store
        .record_push_results(&[
            OpResult {
                op_id: waiting[0].op_id.clone(),
                outcome: OpOutcome::AlreadyHad { seq: n + 1 },
            },
            OpResult {
                op_id: waiting[1].op_id.clone(),
                outcome: OpOutcome::Accepted { seq: n + 2 },
            },
        ])
        .unwrap();
    assert_eq!((sent, rejected), (1, 0));
    assert_eq!(store.pending_count().unwrap(), 0);
    let audit = store.audit().unwrap();
    assert!(audit.rows_without_op.is_empty() && audit.ops_without_rows.is_empty());
}

#[test]
fn version_6_database_is_upgraded_with_its_rows_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    let before_log;
    let before_members;
    {
        let mut store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
        let club = store.create_club(new_club()).unwrap().id;
        register_acting(&mut store, &club);
        store
            .register_member(&club, person("Phạm Thị Ánh"))
            .unwrap();
        before_log = store.change_log(false).unwrap();
        before_members = (
            club.clone(),
            store
                .list_members(&club, None, true, d(2026, 3, 1))
                .unwrap(),
        );
    }
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(BACK_TO_V6).unwrap();
        conn.execute_batch("PRAGMA user_version = 6;").unwrap();
        let fresh = Connection::open_in_memory().unwrap();
        fresh.execute_batch(ishc_core::schema::V6_SQL).unwrap();
        assert_eq!(
            master_sql(&conn),
            master_sql(&fresh),
            "a real version-6 file"
        );
    }
    let store = Store::open(&path, "phone-1", clock_at(START)).unwrap();
    assert_eq!(
        ishc_core::schema::version(store.connection()).unwrap(),
        VERSION
    );
    let new = Store::open_in_memory("phone-1", clock_at(START)).unwrap();
    assert_eq!(master_sql(store.connection()), master_sql(new.connection()));
    assert_eq!(store.change_log(false).unwrap(), before_log);
    let (club, members) = before_members;
    assert_eq!(members.len(), 2);
    assert_eq!(
        store
            .list_members(&club, None, true, d(2026, 3, 1))
            .unwrap(),
        members
    );
}
