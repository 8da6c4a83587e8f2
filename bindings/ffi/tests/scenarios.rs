//! The bindings' scenarios through the FFI crate's Rust API: the same calls
//! the Kotlin and Swift tests make (`bindings/kotlin`, `bindings/swift`), so
//! a failure here points at the FFI layer rather than at a language binding.

use ishc_ffi::store::ClubStore;
use ishc_ffi::sync::{enrol, SyncClient, SyncListener, SyncSettings, SyncState};
use ishc_ffi::types::*;
use ishc_ffi::IshcError;
use std::sync::{Arc, Mutex};

const XUAN_LOC: u32 = 26425;

/// The tests' database key (the apps' comes from the Keystore/Keychain).
fn test_key() -> Vec<u8> {
    (1..=32).collect()
}

fn open(dir: &tempfile::TempDir, name: &str) -> Arc<ClubStore> {
    ClubStore::open(
        dir.path().join(name).to_string_lossy().into_owned(),
        test_key(),
        format!("phone-{name}"),
    )
    .unwrap()
}

fn contains(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

fn path_of(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path().join(name).to_string_lossy().into_owned()
}

#[test]
fn a_key_of_another_length_or_value_is_refused_with_its_code() {
    let dir = tempfile::tempdir().unwrap();
    for len in [0usize, 16, 31, 33] {
        let e = ClubStore::open(path_of(&dir, "a.db"), vec![7; len], "phone-a".into())
            .err()
            .unwrap();
        assert_eq!(
            e,
            IshcError::Invalid {
                code: "store.key_length".into(),
                field: "key".into(),
                reason: format!("a database key is 32 bytes (256 bits), got {len}"),
            }
        );
    }
    assert!(
        !dir.path().join("a.db").exists(),
        "a refused key made a file"
    );

    let store = open(&dir, "a.db");
    store
        .create_club(NewClub {
            name: "CLB ấp 3".into(),
            commune_code: XUAN_LOC,
            founded_on: "2024-06-01".into(),
            activity_areas: None,
        })
        .unwrap();
    drop(store);
    let before = std::fs::read(dir.path().join("a.db")).unwrap();
    let e = ClubStore::open(path_of(&dir, "a.db"), vec![9; 32], "phone-a".into())
        .err()
        .unwrap();
    assert_eq!(e.code(), "store.key_invalid");
    assert!(
        matches!(&e, IshcError::Invalid { field, .. } if field == "key"),
        "{e:?}"
    );
    assert_eq!(std::fs::read(dir.path().join("a.db")).unwrap(), before);
    assert_eq!(open(&dir, "a.db").club().unwrap().name, "CLB ấp 3");
}

#[test]
fn an_unencrypted_database_from_an_older_app_is_encrypted_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut old = ishc_core::store::Store::open(
            &path,
            "phone-old",
            Arc::new(ishc_core::clock::SystemClock),
        )
        .unwrap();
        let club = old
            .create_club(ishc_core::store::NewClub {
                name: "CLB Xuân Lộc".into(),
                commune_code: XUAN_LOC,
                founded_on: chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
                activity_areas: None,
            })
            .unwrap();
        assert_eq!(club.name, "CLB Xuân Lộc");
    }
    let plain = std::fs::read(&path).unwrap();
    assert!(plain.starts_with(b"SQLite format 3\0"));
    assert!(contains(&plain, "Xuân"));

    let store = open(&dir, "old.db");
    assert_eq!(store.club().unwrap().name, "CLB Xuân Lộc");
    // Another key now fails, and the file on disk shows nothing.
    let e = ClubStore::open(path_of(&dir, "old.db"), vec![9; 32], "phone-old".into())
        .err()
        .unwrap();
    assert_eq!(e.code(), "store.key_invalid");
    store.backup_to(path_of(&dir, "copy.db")).unwrap();
    drop(store);
    for name in ["old.db", "copy.db"] {
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"), "{name}");
        assert!(!contains(&bytes, "Xuân"), "{name}");
    }
    assert_eq!(open(&dir, "copy.db").club().unwrap().name, "CLB Xuân Lộc");
}

fn person(name: &str, sex: Sex, birth: &str, roles: Vec<Role>) -> NewMember {
    NewMember {
        full_name: name.into(),
        sex,
        birth: birth.into(),
        ethnicity: "Kinh".into(),
        household: Household::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 3".into(),
        phone: None,
        joined_on: Some("2024-06-01".into()),
        roles,
        membership: Membership::Member,
    }
}

/// Registers the treasurer Trần Đình Hải and makes them the acting member.
fn acting_treasurer(store: &ClubStore) -> MemberInfo {
    let t = store
        .register_member(person(
            "Trần Đình Hải",
            Sex::Male,
            "1970",
            vec![Role::Treasurer],
        ))
        .unwrap()
        .member;
    store.set_acting_member(Some(t.id.clone())).unwrap();
    t
}

fn club(store: &ClubStore) -> ClubInfo {
    store
        .create_club(NewClub {
            name: "CLB Liên thế hệ tự giúp nhau ấp 3".into(),
            commune_code: XUAN_LOC,
            founded_on: "2024-06-01".into(),
            activity_areas: None,
        })
        .unwrap()
}

#[test]
fn a_decomposed_name_is_stored_nfc_and_found_by_an_unaccented_search() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir, "a.db");
    club(&store);
    // "Nguyễn Thị Hoà" typed with combining marks (NFD).
    let nfd = "Nguye\u{302}\u{303}n Thi\u{323} Hoa\u{300}";
    let r = store
        .register_member(person(nfd, Sex::Female, "1950", vec![]))
        .unwrap();
    assert_eq!(r.member.full_name, "Nguyễn Thị Hoà");
    assert_eq!(r.member.given_name, "Hoà");
    store
        .register_member(person("Trần Văn An", Sex::Male, "1980", vec![]))
        .unwrap();
    let found = store
        .list_members(Some("nguyen thi hoa".into()), false)
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].member.full_name, "Nguyễn Thị Hoà");
    assert_eq!(
        found[0].savings,
        Money {
            dong: 0,
            text: "0 ₫".into()
        }
    );
    // Vietnamese order by given name: An before Hoà.
    let all = store.list_members(None, false).unwrap();
    let names: Vec<_> = all.iter().map(|r| r.member.full_name.as_str()).collect();
    assert_eq!(names, ["Trần Văn An", "Nguyễn Thị Hoà"]);
}

#[test]
fn a_crisis_reading_is_flagged_on_the_logged_visit() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir, "a.db");
    club(&store);
    let vol = store
        .register_member(person(
            "Lê Thị Mai",
            Sex::Female,
            "1975",
            vec![Role::HomeCareVolunteer],
        ))
        .unwrap()
        .member;
    let rec = store
        .register_member(person(
            "Phạm Văn Bảy",
            Sex::Male,
            "1938",
            vec![Role::CareRecipient],
        ))
        .unwrap()
        .member;
    store.set_acting_member(Some(vol.id.clone())).unwrap();
    let v = store
        .log_visit(NewVisit {
            volunteer_id: vol.id.clone(),
            recipient_id: rec.id.clone(),
            started_at: "2026-03-02 08:30".into(),
            duration_min: 45,
            services: vec![Service::HealthMonitoring, Service::Companionship],
            systolic: Some(185),
            diastolic: Some(100),
            pulse: Some(88),
            glucose_mmol_l: None,
            weight_kg: None,
            notes: "Nhức đầu".into(),
        })
        .unwrap();
    assert_eq!(v.bp_flag, Some(BpFlag::HypertensiveCrisis));
    assert_eq!(v.started_at, "2026-03-02T08:30:00+07:00");
    assert_eq!(v.visit_on, "2026-03-02");
    let due = store.recipients_due(7, Some("2026-03-05".into())).unwrap();
    assert!(due.is_empty(), "visited 3 days before: {due:?}");
    let due = store.recipients_due(7, Some("2026-03-20".into())).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].last_visit_on.as_deref(), due[0].days_since),
        (Some("2026-03-02"), Some(18))
    );
    let history = store.visits(Some(rec.id.clone()), None, None).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].systolic, Some(185));
}

#[test]
fn readings_are_checked_and_flagged_while_typed_as_log_visit_would() {
    use ishc_ffi::check_readings;
    // Golden: (systolic, diastolic) -> flag, at the thresholds.
    for (sys, dia, flag) in [
        (139, 89, Some(BpFlag::Normal)),
        (140, 80, Some(BpFlag::Hypertension)),
        (130, 90, Some(BpFlag::Hypertension)),
        (179, 119, Some(BpFlag::Hypertension)),
        (180, 100, Some(BpFlag::HypertensiveCrisis)),
        (160, 120, Some(BpFlag::HypertensiveCrisis)),
    ] {
        assert_eq!(
            check_readings(Some(sys), Some(dia), None, None, None).unwrap(),
            flag,
            "{sys}/{dia}"
        );
    }
    // Half a reading is no flag yet while typing, and an error to save.
    let half = check_readings(Some(150), None, None, None, None).unwrap_err();
    assert!(
        matches!(&half, IshcError::Invalid { code, field, .. } if code == "vitals.bp_incomplete" && field == "diastolic"),
        "{half:?}"
    );
    assert_eq!(
        check_readings(None, None, Some(80), None, None).unwrap(),
        None
    );
    for (args, want_field) in [
        ((Some(120), Some(130), None, None, None), "diastolic"),
        ((None, None, Some(400), None, None), "pulse"),
        ((None, None, None, Some(80.0), None), "glucoseMmolL"),
        ((None, None, None, None, Some(900.0)), "weightKg"),
    ] {
        let e = check_readings(args.0, args.1, args.2, args.3, args.4).unwrap_err();
        match e {
            IshcError::Invalid { field, .. } => assert_eq!(field, want_field),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_loan_is_disbursed_repaid_reversed_and_its_schedule_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir, "a.db");
    club(&store);
    let treasurer = store
        .register_member(person(
            "Trần Đình Hải",
            Sex::Male,
            "1970",
            vec![Role::Treasurer],
        ))
        .unwrap()
        .member;
    let borrower = store
        .register_member(person("Trần Thị Hồng", Sex::Female, "1985", vec![]))
        .unwrap()
        .member;
    store.set_acting_member(Some(treasurer.id.clone())).unwrap();
    store
        .record_fund_entry(NewFundEntry {
            fund: Fund::IncomeGeneration,
            kind: EntryKind::Grant,
            amount: ishc_ffi::parse_amount("60tr".into()).unwrap(),
            entry_on: Some("2026-01-05".into()),
            memo: "Vốn tài trợ".into(),
            member_id: None,
        })
        .unwrap();
    let loan = store
        .disburse_loan(NewLoan {
            borrower_id: borrower.id.clone(),
            principal: ishc_ffi::parse_amount("5tr".into()).unwrap(),
            disbursed_on: Some("2026-01-10".into()),
            term_months: 10,
            monthly_rate_bp: ishc_ffi::parse_rate("1%".into()).unwrap(),
            method: InterestMethod::Flat,
            purpose: "Nuôi heo".into(),
        })
        .unwrap();
    assert_eq!(loan.position.installments.len(), 10);
    let preview = ishc_ffi::loan_schedule(
        5_000_000,
        "10/01/2026".into(),
        10,
        100,
        InterestMethod::Flat,
    )
    .unwrap();
    assert_eq!(
        preview, loan.position.installments,
        "the preview is the schedule disbursed"
    );
    let bad = ishc_ffi::loan_schedule(
        5_000_500,
        "2026-01-10".into(),
        10,
        100,
        InterestMethod::Flat,
    )
    .unwrap_err();
    assert!(
        matches!(&bad, IshcError::Invalid { field, .. } if field == "principal"),
        "{bad:?}"
    );
    assert_eq!(loan.position.installments[0].total.text, "550.000 ₫");
    assert_eq!(loan.position.installments[0].due_on, "2026-02-10");

    let amount = ishc_ffi::parse_amount("1tr5".into()).unwrap();
    assert_eq!(amount, 1_500_000);
    let receipt = store
        .repay_loan(loan.id.clone(), amount, Some("2026-02-10".into()))
        .unwrap();
    assert_eq!(receipt.entry.amount.text, "1.500.000 ₫");
    // 1.500.000 covers two installments of 550.000 and 400.000 of the third.
    assert_eq!(
        receipt.position.principal_outstanding.dong,
        5_000_000 - 1_000_000 - 350_000
    );
    let reversal = store
        .reverse_entry(
            receipt.entry.id.clone(),
            "Ghi nhầm số tiền".into(),
            Some("2026-02-11".into()),
        )
        .unwrap();
    assert_eq!(
        reversal.reverses_id.as_deref(),
        Some(receipt.entry.id.as_str())
    );
    assert_eq!(reversal.amount.dong, -1_500_000);

    let view = store
        .loan(loan.id.clone(), Some("2026-03-15".into()))
        .unwrap();
    assert_eq!(view.position.principal_outstanding.dong, 5_000_000);
    assert_eq!(view.repayments.len(), 2);
    assert!(view.repayments[0].reversed);
    let states: Vec<_> = view.position.installments.iter().map(|i| i.state).collect();
    assert_eq!(
        states[..3],
        [
            InstallmentState::Overdue,
            InstallmentState::Overdue,
            InstallmentState::Upcoming
        ]
    );
    assert_eq!(view.position.days_past_due, 33);
}

#[test]
fn an_activity_is_recorded_in_one_of_the_clubs_areas() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir, "a.db");
    let c = club(&store);
    assert_eq!(c.activity_areas.len(), 8);
    let a = store
        .record_activity(
            c.activity_areas[1].clone(),
            "2026-03-10".into(),
            "Đo huyết áp".into(),
            42,
        )
        .unwrap();
    assert_eq!(
        (a.area.as_str(), a.held_on.as_str(), a.participants),
        (c.activity_areas[1].as_str(), "2026-03-10", 42)
    );
    let e = store
        .record_activity("golf".into(), "2026-03-10".into(), "x".into(), 1)
        .unwrap_err();
    assert!(
        matches!(&e, IshcError::Invalid { code, field, .. } if code == "activity.area_unknown" && field == "area"),
        "{e:?}"
    );
}

#[test]
fn a_deposit_shows_in_the_passbook_and_a_field_error_names_its_field_and_code() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir, "a.db");
    club(&store);
    let t = acting_treasurer(&store);
    store
        .deposit(t.id.clone(), 500_000, Some("2026-03-01".into()), "".into())
        .unwrap();
    store
        .deposit(t.id.clone(), 200_000, Some("2026-03-15".into()), "".into())
        .unwrap();
    let p = store.passbook(t.id.clone()).unwrap();
    assert_eq!(p.lines.len(), 2);
    assert_eq!(p.lines[1].balance.text, "700.000 ₫");
    assert_eq!(p.balance.dong, 700_000);

    let e = store
        .withdraw(t.id.clone(), 900_000, Some("2026-03-16".into()), "".into())
        .unwrap_err();
    match e {
        IshcError::Invalid { code, field, .. } => {
            assert_eq!(code, "savings.insufficient");
            assert_eq!(field, "amount");
        }
        other => panic!("{other:?}"),
    }
    let e = store
        .register_member(NewMember {
            phone: Some("0123 456".into()),
            ..person("Võ Văn Tư", Sex::Male, "1960", vec![])
        })
        .unwrap_err();
    assert!(
        matches!(&e, IshcError::Invalid { field, code, .. } if field == "phone" && code.starts_with("phone.")),
        "{e:?}"
    );
    assert_eq!(
        store.list_members(None, true).unwrap().len(),
        1,
        "nothing half-written"
    );
}

#[test]
fn a_blank_date_is_an_error_and_only_null_means_today() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir, "a.db");
    club(&store);
    let t = acting_treasurer(&store);
    let e = store
        .deposit(t.id.clone(), 1_000, Some("  ".into()), "".into())
        .unwrap_err();
    assert!(
        matches!(&e, IshcError::Invalid { code, field, .. } if code == "date.invalid" && field == "on"),
        "{e:?}"
    );
    let e = store
        .register_member(NewMember {
            joined_on: Some("".into()),
            ..person("Võ Văn Tư", Sex::Male, "1960", vec![])
        })
        .unwrap_err();
    assert!(
        matches!(&e, IshcError::Invalid { field, .. } if field == "joinedOn"),
        "{e:?}"
    );
    let today = store.today().unwrap();
    let entry = store.deposit(t.id, 1_000, None, "".into()).unwrap();
    assert_eq!(entry.entry_on, today);
}

struct Recorder(Arc<Mutex<Vec<SyncState>>>);

impl SyncListener for Recorder {
    fn on_state(&self, state: SyncState) {
        self.0.lock().unwrap().push(state);
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn two_stores_sync_through_a_real_server_and_hold_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    // The server on loopback, on its own runtime (the FFI has its own).
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let (addr, handle) = server_rt
        .block_on(ishc_server::spawn(ishc_server::Config::new(
            dir.path().join("province.db"),
        )))
        .unwrap();
    let url = format!("http://{addr}");
    let club = handle
        .storage()
        .create_club(ishc_server::storage::NewClub {
            name: "CLB Liên thế hệ ấp 3".into(),
            commune_code: XUAN_LOC,
            founded_on: chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
            activity_areas: None,
        })
        .unwrap();
    let code_a = handle.storage().issue_code(&club.id, 1).unwrap().code;
    let code_b = handle.storage().issue_code(&club.id, 1).unwrap().code;

    let a = open(&dir, "a.db");
    let b = open(&dir, "b.db");
    let fast = SyncSettings {
        backoff_base_ms: 10,
        ..SyncSettings::default()
    };
    let sync_a = SyncClient::with_settings(a.clone(), fast.clone()).unwrap();
    let sync_b = SyncClient::with_settings(b.clone(), fast).unwrap();
    let states = Arc::new(Mutex::new(vec![]));
    let handle_a = sync_a
        .subscribe(Box::new(Recorder(states.clone())))
        .unwrap();

    // Phone A: enrol, receive the club, register people, record money.
    let e = block_on(enrol(a.clone(), url.clone(), code_a, "Máy chị Lan".into())).unwrap();
    assert_eq!(e.club_id, club.id);
    block_on(sync_a.sync()).unwrap();
    assert_eq!(a.club().unwrap().id, club.id);
    let t = a
        .register_member(person(
            "Trần Đình Hải",
            Sex::Male,
            "1970",
            vec![Role::Treasurer],
        ))
        .unwrap()
        .member;
    a.register_member(person("Nguyễn Thị Hoà", Sex::Female, "1950", vec![]))
        .unwrap();
    a.set_acting_member(Some(t.id.clone())).unwrap();
    a.deposit(t.id.clone(), 300_000, Some("2026-03-01".into()), "".into())
        .unwrap();
    assert_eq!(a.pending_count().unwrap(), 3);
    let report = block_on(sync_a.sync()).unwrap();
    assert_eq!((report.sent, report.rejected), (3, 0));
    assert_eq!(a.pending_count().unwrap(), 0);

    // Phone B: enrol and sync; it holds what A recorded.
    block_on(enrol(b.clone(), url, code_b, "Máy anh Hải".into())).unwrap();
    let report = block_on(sync_b.sync_if_due()).unwrap().expect("due");
    assert_eq!(report.received, 4, "the club, two people, one deposit");
    let rows = |s: &ClubStore| -> Vec<(String, i64)> {
        s.list_members(None, true)
            .unwrap()
            .into_iter()
            .map(|r| (r.member.full_name, r.savings.dong))
            .collect()
    };
    assert_eq!(rows(&a), rows(&b));
    assert_eq!(
        rows(&b),
        [
            ("Trần Đình Hải".to_string(), 300_000),
            ("Nguyễn Thị Hoà".to_string(), 0)
        ]
    );
    let status = sync_b.status().unwrap();
    assert!(status.enrolled && status.last_success_at.is_some());
    assert_eq!(status.pending, 0);

    // The listener saw A's syncs run and finish.
    std::thread::sleep(std::time::Duration::from_millis(100));
    handle_a.cancel();
    assert!(
        handle_a.is_finished() || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            handle_a.is_finished()
        }
    );
    let seen = states.lock().unwrap().clone();
    assert_eq!(seen.first(), Some(&SyncState::Idle));
    assert!(
        matches!(seen.last(), Some(SyncState::Done { report }) if report.sent == 3),
        "{seen:?}"
    );
    let n = seen.len();
    a.deposit(t.id, 1_000, Some("2026-03-02".into()), "".into())
        .unwrap();
    block_on(sync_a.sync()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_eq!(states.lock().unwrap().len(), n, "no updates after cancel");

    // A failed sync reports the failure and the next retry.
    server_rt.block_on(handle.shutdown()).unwrap();
    let e = block_on(sync_b.sync()).unwrap_err();
    assert_eq!(e.code(), "sync.network", "{e:?}");
    match sync_b.state() {
        SyncState::Failed {
            code,
            next_retry_at,
            ..
        } => {
            assert_eq!(code, "sync.network");
            assert!(next_retry_at.is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn sync_before_enrolment_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let a = open(&dir, "a.db");
    let c = SyncClient::new(a).unwrap();
    let e = block_on(c.sync()).unwrap_err();
    assert_eq!(
        e,
        IshcError::Sync {
            code: "sync.not_enrolled".into(),
            reason:
                "this database is not enrolled with a server: run enrol first [sync.not_enrolled]"
                    .into()
        }
    );
}
