//! Members: Unicode names, search, Vietnamese order, validation, all-or-none
//! roster import, possible duplicates (merge, dismiss) and leaving.

use ishc_core::model::{Birth, Membership};
use ishc_core::ops::{DuplicateResolution, MemberPatch};
use ishc_core::store::NewMember;
use ishc_core::sync::replica;
use ishc_tests::spellings::*;
use ishc_tests::*;

fn names(f: &Fixture, search: Option<&str>) -> Vec<String> {
    f.store
        .list_members(&f.club, search, false, d(2026, 3, 1))
        .expect("list")
        .into_iter()
        .map(|s| s.member.full_name)
        .collect()
}

#[test]
fn decomposed_name_is_stored_composed_and_found_without_accents() {
    let mut f = Fixture::bare();
    let typed = format!("  {}  ", ANH_NFD.replace(' ', " \u{00A0}\t "));
    let reg = f
        .store
        .register_member(&f.club, person(&typed))
        .expect("register");
    assert_eq!(reg.member.full_name, ANH_NFC);
    assert_eq!(reg.member.full_name, "Nguyễn Thị Ánh");
    assert_eq!(f.store.member(&reg.member.id).unwrap().full_name, ANH_NFC);
    let duc = f.add_named(DUC_NFD);
    assert_eq!(f.store.member(&duc).unwrap().full_name, DUC_NFC);
    f.add_named("Lê Văn Bình");

    assert_eq!(names(&f, Some("nguyen thi anh")), vec![ANH_NFC]);
    assert_eq!(names(&f, Some("NGUYỄN  thị")), vec![ANH_NFC]);
    assert_eq!(names(&f, Some(ANH_NFD)), vec![ANH_NFC]);
    assert_eq!(names(&f, Some("duc")), vec![DUC_NFC]);
    assert_eq!(names(&f, Some("Đức")), vec![DUC_NFC]);
    assert_eq!(names(&f, Some("tran minh d")), vec![DUC_NFC]);
    assert_eq!(names(&f, Some("binh")), vec!["Lê Văn Bình"]);
    assert_eq!(names(&f, Some("hung")), Vec::<String>::new());
    assert_eq!(names(&f, None).len(), 3);
}

#[test]
fn phone_digits_find_a_member() {
    let mut f = Fixture::new();
    let id = f.add(NewMember {
        phone: Some("0943 733 416".into()),
        ..person("Lê Thị Hoa")
    });
    f.add_named("Lê Thị Hồng");
    assert_eq!(
        f.store.member(&id).unwrap().phone.as_deref(),
        Some("+84943733416")
    );
    assert_eq!(names(&f, Some("0943733416")), vec!["Lê Thị Hoa"]);
    assert_eq!(names(&f, Some("733 416")), vec!["Lê Thị Hoa"]);
}

#[test]
fn members_are_listed_in_vietnamese_order_by_given_name() {
    let mut f = Fixture::bare();
    let golden = [
        "Lê Văn Anh",
        "Nguyễn Thị Ánh",
        "Ngô Thị Ân",
        "Hoàng Thị Bình",
        "Trần Thị Bình",
        "Phạm Văn Bình",
        "Võ Minh Dũng",
        "Trần Minh Đức",
        "Đỗ Văn Hùng",
        "Lý Thị Oanh",
        "Vũ Thị Ơn",
    ];
    // Registered in a scrambled order, one of them decomposed.
    for i in [8, 2, 10, 5, 0, 7, 3, 9, 1, 6, 4] {
        let name = if i == 7 {
            DUC_NFD.to_string()
        } else {
            golden[i].to_string()
        };
        f.add_named(&name);
    }
    assert_eq!(names(&f, None), golden);
}

#[test]
fn registration_normalises_name_and_hamlet() {
    let mut f = Fixture::new();
    let m = f
        .store
        .register_member(
            &f.club,
            NewMember {
                hamlet: format!("  {}  ", AP3_NFD.replace(' ', "   ")),
                roles: vec![
                    ishc_core::model::Role::Treasurer,
                    ishc_core::model::Role::Chair,
                    ishc_core::model::Role::Treasurer,
                ],
                ..person("\tPhạm   Thị\u{2003}Lan ")
            },
        )
        .unwrap()
        .member;
    assert_eq!(m.full_name, "Phạm Thị Lan");
    assert_eq!(m.hamlet, AP3_NFC);
    assert_eq!(
        m.roles,
        vec![
            ishc_core::model::Role::Chair,
            ishc_core::model::Role::Treasurer
        ]
    );
    assert_eq!(f.store.member(&m.id).unwrap(), m);
}

/// Each bad input, its error code and the field, as a roster entry.
fn bad_inputs() -> Vec<(NewMember, &'static str, &'static str)> {
    vec![
        (person("   "), "text.required", "full_name"),
        (
            NewMember {
                birth: Birth::Year(1890),
                ..person("Lê Thị Hoa")
            },
            "birth.range",
            "birth",
        ),
        (
            NewMember {
                birth: Birth::Year(2027),
                ..person("Lê Thị Hoa")
            },
            "birth.range",
            "birth",
        ),
        (
            NewMember {
                birth: Birth::Date(d(2026, 3, 2)),
                ..person("Lê Thị Hoa")
            },
            "birth.future",
            "birth",
        ),
        (
            NewMember {
                phone: Some("0951234567".into()),
                ..person("Lê Thị Hoa")
            },
            "phone.mobile_prefix",
            "phone",
        ),
        (
            NewMember {
                phone: Some("01662345678".into()),
                ..person("Lê Thị Hoa")
            },
            "phone.legacy_prefix",
            "phone",
        ),
        (
            NewMember {
                phone: Some("0943/733/416".into()),
                ..person("Lê Thị Hoa")
            },
            "phone.invalid_char",
            "phone",
        ),
        (
            NewMember {
                ethnicity_code: 99,
                ..person("Lê Thị Hoa")
            },
            "ethnicity.unknown",
            "ethnicity_code",
        ),
        (
            NewMember {
                ethnicity_code: 0,
                ..person("Lê Thị Hoa")
            },
            "ethnicity.unknown",
            "ethnicity_code",
        ),
    ]
}

#[test]
fn bad_roster_entries_name_rule_and_field_and_write_nothing() {
    let mut f = Fixture::bare();
    let before = table_counts(&f.store);
    for (new, code, field) in bad_inputs() {
        let got = fails(f.store.register_members(&f.club, vec![new]));
        assert_eq!(got, (code.to_string(), format!("members[0].{field}")));
    }
    assert_eq!(table_counts(&f.store), before);
    assert_eq!(f.ops(), 1);
}

#[test]
fn birth_range_message_gives_the_year_and_the_range() {
    let mut f = Fixture::new();
    let msg = message(f.store.register_member(
        &f.club,
        NewMember {
            birth: Birth::Year(1890),
            ..person("Lê Thị Hoa")
        },
    ));
    assert_eq!(msg, "birth year 1890 is outside 1900–2026");
}

#[test]
fn single_registration_errors_name_the_form_field() {
    let mut f = Fixture::new();
    for (new, code, field) in bad_inputs() {
        let got = fails(f.store.register_member(&f.club, new));
        assert_eq!(got, (code.to_string(), field.to_string()));
    }
}

#[test]
fn roster_import_is_all_or_none() {
    let mut f = Fixture::bare();
    let before = table_counts(&f.store);
    let roster = vec![
        person("Lê Thị Hoa"),
        NewMember {
            phone: Some("0951234567".into()),
            ..person("Trần Văn Nam")
        },
        person("Phạm Thị Lan"),
    ];
    let got = fails(f.store.register_members(&f.club, roster));
    assert_eq!(
        got,
        ("phone.mobile_prefix".to_string(), "members[1].phone".into())
    );
    assert_eq!(table_counts(&f.store), before);
    assert_eq!(f.ops(), 1);
    assert_eq!(names(&f, None), Vec::<String>::new());

    let roster = vec![
        person("Lê Thị Hoa"),
        person("Trần Văn Nam"),
        person("Phạm Thị Lan"),
    ];
    let regs = f.store.register_members(&f.club, roster).unwrap();
    assert_eq!(regs.len(), 3);
    assert_eq!(f.ops(), 4);
    assert_eq!(
        names(&f, None),
        vec!["Lê Thị Hoa", "Phạm Thị Lan", "Trần Văn Nam"]
    );
}

#[test]
fn same_person_twice_in_one_roster_is_flagged() {
    let mut f = Fixture::bare();
    let regs = f
        .store
        .register_members(&f.club, vec![person(ANH_NFC), person(ANH_NFD)])
        .unwrap();
    assert!(regs[0].possible_duplicates.is_empty());
    assert_eq!(regs[1].possible_duplicates, vec![regs[0].member.clone()]);
    let flags = f.store.possible_duplicates(&f.club).unwrap();
    assert_eq!(flags.len(), 1);
    let (x, y) = (&regs[0].member.id, &regs[1].member.id);
    let (x, y) = if x < y { (x, y) } else { (y, x) };
    assert_eq!(flags[0].id, replica::duplicate_flag_id(x, y));
    // club + 2 registrations; the flag is derived, not an operation
    assert_eq!(f.ops(), 3);
}

#[test]
fn same_person_registered_twice_is_flagged_but_registered() {
    let mut f = Fixture::bare();
    let a = f
        .store
        .register_member(
            &f.club,
            NewMember {
                birth: Birth::Year(1956),
                hamlet: AP3_NFC.into(),
                ..person(ANH_NFC)
            },
        )
        .unwrap();
    assert!(a.possible_duplicates.is_empty());
    // Decomposed, other case, other spacing; birth as a full date in 1956.
    let b = f
        .store
        .register_member(
            &f.club,
            NewMember {
                birth: Birth::Date(d(1956, 7, 2)),
                hamlet: "a\u{0302}\u{0301}P   3 ".into(),
                ..person("  nguye\u{0302}\u{0303}n  THI\u{0323}   a\u{0301}nh")
            },
        )
        .unwrap();
    assert_eq!(b.member.full_name, "nguyễn THỊ ánh");
    assert_eq!(b.possible_duplicates, vec![a.member.clone()]);
    let flags = f.store.possible_duplicates(&f.club).unwrap();
    assert_eq!(flags.len(), 1);
    let mut pair = [flags[0].a.id.clone(), flags[0].b.id.clone()];
    pair.sort();
    let mut want = [a.member.id.clone(), b.member.id.clone()];
    want.sort();
    assert_eq!(pair, want);
    assert!(flags[0].a.id < flags[0].b.id);
    assert_eq!(
        flags[0].id,
        replica::duplicate_flag_id(&flags[0].a.id, &flags[0].b.id)
    );

    // Another birth year, another hamlet: not flagged.
    for new in [
        NewMember {
            birth: Birth::Year(1957),
            hamlet: AP3_NFC.into(),
            ..person(ANH_NFC)
        },
        NewMember {
            birth: Birth::Year(1956),
            hamlet: "Ấp 4".into(),
            ..person(ANH_NFC)
        },
    ] {
        let r = f.store.register_member(&f.club, new).unwrap();
        assert!(r.possible_duplicates.is_empty(), "{r:?}");
    }
    assert_eq!(f.store.possible_duplicates(&f.club).unwrap().len(), 1);
    assert_eq!(names(&f, Some("nguyen thi anh")).len(), 4);
    // club + 4 registrations; the flag is derived, not an operation
    assert_eq!(f.ops(), 5);
}

/// Two registrations of one person, flagged; returns (a, b, flag id).
fn flagged_pair(f: &mut Fixture) -> (String, String, String) {
    let a = f.add_named(ANH_NFC);
    let b = f.add_named(ANH_NFD);
    let flags = f.store.possible_duplicates(&f.club).unwrap();
    assert_eq!(flags.len(), 1);
    (a, b, flags[0].id.clone())
}

#[test]
fn merge_keeps_both_records_savings_under_the_kept_member() {
    let mut f = Fixture::new();
    let (a, b, flag) = flagged_pair(&mut f);
    let other = f.add_named("Lê Văn Bình");
    f.store.deposit(&a, 100_000, d(2026, 1, 10), "").unwrap();
    f.store.deposit(&b, 50_000, d(2026, 1, 12), "").unwrap();
    f.store.deposit(&other, 7_000, d(2026, 1, 12), "").unwrap();

    let not_pair = DuplicateResolution::Merged {
        kept: a.clone(),
        merged: other.clone(),
    };
    assert_eq!(
        fails(f.store.resolve_duplicate(&flag, not_pair)),
        ("duplicate.not_pair".into(), "kept".into())
    );

    let ops = f.ops();
    f.store
        .resolve_duplicate(
            &flag,
            DuplicateResolution::Merged {
                kept: a.clone(),
                merged: b.clone(),
            },
        )
        .unwrap();
    assert_eq!(f.ops(), ops + 1);

    let list = f
        .store
        .list_members(&f.club, None, true, d(2026, 3, 1))
        .unwrap();
    let ids: Vec<(&str, i64)> = list
        .iter()
        .map(|s| (s.member.id.as_str(), s.savings_balance))
        .collect();
    let acting = f.acting.clone().unwrap();
    assert_eq!(
        ids,
        vec![
            (a.as_str(), 150_000),
            (other.as_str(), 7_000),
            (acting.as_str(), 0)
        ]
    );

    let pb = f.store.passbook(&a).unwrap();
    let lines: Vec<(i64, i64)> = pb
        .lines
        .iter()
        .map(|l| (l.entry.amount, l.balance))
        .collect();
    assert_eq!(lines, vec![(100_000, 100_000), (50_000, 150_000)]);
    assert_eq!(pb.balance, 150_000);
    assert_eq!(f.store.savings_balance(&a).unwrap(), 150_000);
    // The merged record stays, with its own entries.
    assert_eq!(f.store.member(&b).unwrap().full_name, ANH_NFC);
    assert!(f.store.possible_duplicates(&f.club).unwrap().is_empty());
    assert_eq!(
        fails(
            f.store
                .resolve_duplicate(&flag, DuplicateResolution::Dismissed)
        ),
        ("duplicate.resolved".into(), "flag_id".into())
    );
    assert_eq!(f.store.audit().unwrap(), Default::default());
}

#[test]
fn withdrawing_merged_savings_keeps_the_audit_clean() {
    let mut f = Fixture::new();
    let (a, b, flag) = flagged_pair(&mut f);
    f.store.deposit(&a, 100_000, d(2026, 1, 10), "").unwrap();
    f.store.deposit(&b, 50_000, d(2026, 1, 12), "").unwrap();
    f.store
        .resolve_duplicate(
            &flag,
            DuplicateResolution::Merged {
                kept: a.clone(),
                merged: b,
            },
        )
        .unwrap();
    f.store.withdraw(&a, 150_000, d(2026, 2, 1), "").unwrap();
    assert_eq!(f.store.savings_balance(&a).unwrap(), 0);
    assert_eq!(f.store.audit().unwrap(), Default::default());
}

#[test]
fn dismissing_a_flag_keeps_both_people() {
    let mut f = Fixture::new();
    let (a, b, flag) = flagged_pair(&mut f);
    let ops = f.ops();
    f.store
        .resolve_duplicate(&flag, DuplicateResolution::Dismissed)
        .unwrap();
    assert_eq!(f.ops(), ops + 1);
    assert!(f.store.possible_duplicates(&f.club).unwrap().is_empty());
    let mut ids: Vec<String> = f
        .store
        .list_members(&f.club, Some("nguyen thi anh"), false, d(2026, 3, 1))
        .unwrap()
        .into_iter()
        .map(|s| s.member.id)
        .collect();
    ids.sort();
    let mut want = vec![a, b];
    want.sort();
    assert_eq!(ids, want);
    let status: String = f
        .store
        .connection()
        .query_row(
            "SELECT status FROM duplicate_flags WHERE id = ?1",
            [&flag],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "dismissed");
}

#[test]
fn a_member_who_left_is_listed_only_with_include_left() {
    let mut f = Fixture::bare();
    let hoa = f.add_named("Lê Thị Hoa");
    f.add_named("Trần Văn Nam");
    let m = f
        .store
        .record_leave(&hoa, d(2026, 2, 1), "  Chuyển   đi nơi khác ")
        .unwrap();
    assert_eq!(m.left_on, Some(d(2026, 2, 1)));
    assert_eq!(m.leave_reason.as_deref(), Some("Chuyển đi nơi khác"));

    let list = |include_left: bool, as_of| -> Vec<String> {
        f.store
            .list_members(&f.club, None, include_left, as_of)
            .unwrap()
            .into_iter()
            .map(|s| s.member.full_name)
            .collect()
    };
    assert_eq!(list(false, d(2026, 3, 1)), vec!["Trần Văn Nam"]);
    assert_eq!(list(false, d(2026, 2, 1)), vec!["Trần Văn Nam"]);
    assert_eq!(
        list(false, d(2026, 1, 31)),
        vec!["Lê Thị Hoa", "Trần Văn Nam"]
    );
    assert_eq!(
        list(true, d(2026, 3, 1)),
        vec!["Lê Thị Hoa", "Trần Văn Nam"]
    );
}

#[test]
fn leave_needs_a_reason_and_a_date_after_joining() {
    let mut f = Fixture::new();
    let hoa = f.add_named("Lê Thị Hoa");
    let ops = f.ops();
    assert_eq!(
        fails(f.store.record_leave(&hoa, d(2026, 2, 1), "  ")),
        ("text.required".into(), "leave_reason".into())
    );
    assert_eq!(
        fails(f.store.record_leave(&hoa, d(2024, 12, 31), "Chuyển đi")),
        ("member.left_before_joined".into(), "left_on".into())
    );
    assert_eq!(f.ops(), ops);
    assert_eq!(f.store.member(&hoa).unwrap().left_on, None);
}

#[test]
fn recipients_only_are_listed_with_members() {
    let mut f = Fixture::new();
    let id = f.add(NewMember {
        membership: Membership::RecipientOnly,
        birth: Birth::Year(1938),
        ..person("Đinh Thị Mận")
    });
    let list = f
        .store
        .list_members(&f.club, Some("man"), false, d(2026, 3, 1))
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].member.id, id);
    assert_eq!(list[0].member.membership, Membership::RecipientOnly);
    assert_eq!((list[0].savings_balance, list[0].loan_outstanding), (0, 0));
}

#[test]
#[ignore = "BUG: an update that clears a field (MemberPatch Some(None): phone, left_on, leave_reason) is \
            logged but not applied: replica::merge_member_update round-trips the patch through JSON, and \
            `\"phone\": null` deserializes to None (field not set); the change-log JSON has the same loss"]
fn clearing_a_phone_and_readmitting_take_effect() {
    let mut f = Fixture::bare();
    let hoa = f.add(NewMember {
        phone: Some("0943733416".into()),
        ..person("Lê Thị Hoa")
    });
    f.store
        .record_leave(&hoa, d(2026, 2, 1), "Chuyển đi")
        .unwrap();
    let ops = f.ops();
    let m = f
        .store
        .update_member(
            &hoa,
            MemberPatch {
                phone: Some(None),
                left_on: Some(None),
                leave_reason: Some(None),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(f.ops(), ops + 1);
    assert_eq!((m.phone, m.left_on, m.leave_reason), (None, None, None));
    assert_eq!(names(&f, None), vec!["Lê Thị Hoa"]);
    // The logged change says the same when read back.
    let op = f.store.change_log(false).unwrap().pop().unwrap();
    let change: ishc_core::ops::Change = serde_json::from_value(op.change).unwrap();
    assert_eq!(
        change,
        ishc_core::ops::Change::MemberUpdated {
            member_id: hoa.clone(),
            patch: MemberPatch {
                phone: Some(None),
                left_on: Some(None),
                leave_reason: Some(None),
                ..Default::default()
            },
        }
    );
}
