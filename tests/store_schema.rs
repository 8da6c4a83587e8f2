//! Schema versions: a real version-1 database with data is upgraded to the
//! current version, and a newer database is refused untouched.

use ishc_core::model::{Birth, HouseholdStatus, Member, Membership, Role, Service, Sex, Vitals};
use ishc_core::ops::{Change, ClubRecord, EntryKind, JournalRecord, Ledger, VisitRecord};
use ishc_core::schema::{V1_SQL, VERSION};
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
    assert_eq!(a, b);
    assert_eq!(tables(&upgraded), tables(&new));
    assert_eq!(tables(&new).len(), 15);
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
