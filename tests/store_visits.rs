//! Home-care visits, recipients due a visit, meetings and activities.

use ishc_core::model::{Membership, Role, Service, Vitals};
use ishc_core::ops::Attendance;
use ishc_core::store::{NewMeeting, NewMember, NewVisit};
use ishc_core::vitals::BpFlag;
use ishc_tests::*;

struct Club {
    f: Fixture,
    volunteer: String,
    recipient: String,
    plain: String,
}

fn club() -> Club {
    let mut f = Fixture::new();
    let volunteer = f.add(with_roles("Lê Thị Hoa", &[Role::HomeCareVolunteer]));
    let recipient = f.add(NewMember {
        lives_alone: true,
        ..with_roles("Đinh Văn Mạnh", &[Role::CareRecipient])
    });
    let plain = f.add_named("Trần Văn Nam");
    Club {
        f,
        volunteer,
        recipient,
        plain,
    }
}

fn visit(c: &Club, started_at: &str, sys: Option<u16>, dia: Option<u16>) -> NewVisit {
    NewVisit {
        volunteer_id: c.volunteer.clone(),
        recipient_id: c.recipient.clone(),
        started_at: at(started_at),
        duration_min: 60,
        services: vec![
            Service::HealthMonitoring,
            Service::Companionship,
            Service::HealthMonitoring,
        ],
        vitals: Vitals {
            systolic: sys,
            diastolic: dia,
            ..Default::default()
        },
        notes: "  Bà khỏe,   ăn được ".into(),
    }
}

#[test]
fn blood_pressure_flags() {
    let mut c = club();
    let v =
        c.f.store
            .log_visit(visit(&c, "2026-03-01T08:00:00+07:00", Some(185), Some(125)))
            .unwrap();
    assert_eq!(v.bp_flag, Some(BpFlag::HypertensiveCrisis));
    assert_eq!(v.record.visit_on, d(2026, 3, 1));
    assert_eq!(
        v.record.services,
        vec![Service::HealthMonitoring, Service::Companionship]
    );
    assert_eq!(v.record.notes, "Bà khỏe, ăn được");
    assert_eq!(v.record.started_at, "2026-03-01T08:00:00+07:00");
    assert_eq!(
        (v.volunteer_name.as_str(), v.recipient_name.as_str()),
        ("Lê Thị Hoa", "Đinh Văn Mạnh")
    );
    assert_eq!(v.voided, None);
    for (sys, dia, flag) in [
        (Some(145), Some(85), Some(BpFlag::Hypertension)),
        (Some(130), Some(92), Some(BpFlag::Hypertension)),
        (Some(179), Some(119), Some(BpFlag::Hypertension)),
        (Some(120), Some(80), Some(BpFlag::Normal)),
        (None, None, None),
    ] {
        let v =
            c.f.store
                .log_visit(visit(&c, "2026-03-02T08:00:00+07:00", sys, dia))
                .unwrap();
        assert_eq!(v.bp_flag, flag, "{sys:?}/{dia:?}");
        assert_eq!(c.f.store.visit(&v.record.id).unwrap().bp_flag, flag);
    }
    let stored: Option<String> =
        c.f.store
            .connection()
            .query_row("SELECT bp_flag FROM visits WHERE systolic = 185", [], |r| {
                r.get(0)
            })
            .unwrap();
    assert_eq!(stored.as_deref(), Some("hypertensive_crisis"));
    // The club, the acting chair, three members, then six visits.
    assert_eq!(c.f.ops(), 5 + 6);
}

#[test]
fn visit_date_is_the_vietnam_date_of_the_start() {
    let mut c = club();
    let v =
        c.f.store
            .log_visit(visit(&c, "2026-02-28T18:00:00Z", None, None))
            .unwrap();
    assert_eq!(v.record.visit_on, d(2026, 3, 1));
    assert_eq!(v.record.started_at, "2026-02-28T18:00:00+00:00");
}

#[test]
fn implausible_or_misattributed_visits_are_refused() {
    let mut c = club();
    let before = table_counts(&c.f.store);
    let t = "2026-03-01T08:00:00+07:00";
    let cases: Vec<(NewVisit, &str, &str)> = vec![
        (
            visit(&c, t, Some(400), Some(90)),
            "vitals.out_of_range",
            "systolic",
        ),
        (
            visit(&c, t, Some(120), Some(120)),
            "vitals.diastolic_not_below_systolic",
            "diastolic",
        ),
        (
            visit(&c, t, Some(110), Some(130)),
            "vitals.diastolic_not_below_systolic",
            "diastolic",
        ),
        (
            visit(&c, t, Some(120), None),
            "vitals.bp_incomplete",
            "diastolic",
        ),
        (
            NewVisit {
                volunteer_id: c.plain.clone(),
                ..visit(&c, t, None, None)
            },
            "visit.not_volunteer",
            "volunteer_id",
        ),
        (
            NewVisit {
                recipient_id: c.plain.clone(),
                ..visit(&c, t, None, None)
            },
            "visit.not_recipient",
            "recipient_id",
        ),
        (
            NewVisit {
                recipient_id: "not-registered".into(),
                ..visit(&c, t, None, None)
            },
            "member.unknown",
            "recipient_id",
        ),
        (
            NewVisit {
                duration_min: 0,
                ..visit(&c, t, None, None)
            },
            "visit.duration",
            "duration_min",
        ),
        (
            NewVisit {
                duration_min: 721,
                ..visit(&c, t, None, None)
            },
            "visit.duration",
            "duration_min",
        ),
        (
            NewVisit {
                services: vec![],
                ..visit(&c, t, None, None)
            },
            "visit.no_service",
            "services",
        ),
    ];
    for (new, code, field) in cases {
        assert_eq!(
            fails(c.f.store.log_visit(new)),
            (code.to_string(), field.to_string())
        );
    }
    assert_eq!(table_counts(&c.f.store), before);
}

#[test]
fn a_volunteer_who_left_cannot_log_visits() {
    let mut c = club();
    c.f.store
        .record_leave(&c.volunteer, d(2026, 2, 1), "Đi làm xa")
        .unwrap();
    assert_eq!(
        fails(
            c.f.store
                .log_visit(visit(&c, "2026-03-01T08:00:00+07:00", None, None))
        ),
        ("member.left".into(), "volunteer_id".into())
    );
    // Before leaving, a visit can still be logged late.
    c.f.store
        .log_visit(visit(&c, "2026-01-31T08:00:00+07:00", None, None))
        .unwrap();
}

#[test]
fn recipients_due_a_visit_within_seven_days() {
    let mut c = club();
    let never = c.f.add(NewMember {
        membership: Membership::RecipientOnly,
        ..person("Vũ Thị Ơn")
    });
    let six = c.f.add(with_roles("Phạm Thị Lan", &[Role::CareRecipient]));
    let voided = c.f.add(with_roles("Ngô Văn Bảy", &[Role::CareRecipient]));
    let left = c.f.add(with_roles("Hồ Thị Cúc", &[Role::CareRecipient]));
    c.f.store
        .record_leave(&left, d(2026, 3, 5), "Về ở với con")
        .unwrap();
    let log = |c: &mut Club, who: &str, when: &str| -> String {
        let new = NewVisit {
            recipient_id: who.to_string(),
            ..visit(c, when, None, None)
        };
        c.f.store.log_visit(new).unwrap().record.id
    };
    let seven = c.recipient.clone();
    log(&mut c, &seven, "2026-03-03T09:00:00+07:00");
    log(&mut c, &six, "2026-03-04T20:00:00+07:00");
    log(&mut c, &voided, "2026-02-20T09:00:00+07:00");
    let mistake = log(&mut c, &voided, "2026-03-08T09:00:00+07:00");
    // A visit after the date asked about does not count.
    log(&mut c, &seven, "2026-03-12T09:00:00+07:00");
    c.f.store.void_visit(&mistake, "Ghi nhầm người").unwrap();

    let due: Vec<(String, Option<chrono::NaiveDate>, Option<i64>)> =
        c.f.store
            .recipients_due(&c.f.club, d(2026, 3, 10), 7)
            .unwrap()
            .into_iter()
            .map(|r| (r.member.id, r.last_visit_on, r.days_since))
            .collect();
    assert_eq!(
        due,
        vec![
            (never, None, None),
            (voided, Some(d(2026, 2, 20)), Some(18)),
            (seven, Some(d(2026, 3, 3)), Some(7)),
        ]
    );
}

#[test]
fn a_voided_visit_stays_listed_with_its_reason() {
    let mut c = club();
    let v =
        c.f.store
            .log_visit(visit(&c, "2026-03-01T08:00:00+07:00", Some(150), Some(95)))
            .unwrap();
    let ops = c.f.ops();
    let voided = c.f.store.void_visit(&v.record.id, " Ghi  nhầm ").unwrap();
    assert_eq!(c.f.ops(), ops + 1);
    assert_eq!(voided.voided.as_deref(), Some("Ghi nhầm"));
    assert_eq!(voided.record, v.record);
    let listed =
        c.f.store
            .visits(&c.f.club, Some(&c.recipient), None, None)
            .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].record.id, v.record.id);
    assert_eq!(listed[0].voided.as_deref(), Some("Ghi nhầm"));
    assert_eq!(listed[0].bp_flag, Some(BpFlag::Hypertension));
    assert_eq!(
        fails(c.f.store.void_visit(&v.record.id, "again")),
        ("visit.already_voided".into(), "visit_id".into())
    );
    assert_eq!(c.f.ops(), ops + 1);
    assert_eq!(c.f.store.audit().unwrap(), Default::default());
}

#[test]
fn visits_are_listed_newest_first_within_dates() {
    let mut c = club();
    let mut ids = vec![];
    for day in ["2026-02-27", "2026-03-01", "2026-03-03"] {
        let t = format!("{day}T08:00:00+07:00");
        ids.push(
            c.f.store
                .log_visit(visit(&c, &t, None, None))
                .unwrap()
                .record
                .id,
        );
    }
    let got: Vec<String> =
        c.f.store
            .visits(&c.f.club, None, Some(d(2026, 2, 28)), Some(d(2026, 3, 3)))
            .unwrap()
            .into_iter()
            .map(|v| v.record.id)
            .collect();
    assert_eq!(got, vec![ids[2].clone(), ids[1].clone()]);
    assert!(c
        .f
        .store
        .visits(&c.f.club, Some(&c.plain), None, None)
        .unwrap()
        .is_empty());
}

#[test]
fn meetings_record_attendance_and_readings() {
    let mut c = club();
    let attendees = vec![
        Attendance {
            member_id: c.volunteer.clone(),
            systolic: Some(140),
            diastolic: Some(90),
        },
        Attendance {
            member_id: c.plain.clone(),
            systolic: None,
            diastolic: None,
        },
    ];
    let ops = c.f.ops();
    let m =
        c.f.store
            .record_meeting(
                &c.f.club,
                NewMeeting {
                    held_on: d(2026, 3, 5),
                    topic: " Sinh hoạt   tháng 3 ".into(),
                    attendees: attendees.clone(),
                },
            )
            .unwrap();
    assert_eq!(c.f.ops(), ops + 1);
    assert_eq!(m.topic, "Sinh hoạt tháng 3");
    let got =
        c.f.store
            .meetings(&c.f.club, d(2026, 3, 1), d(2026, 3, 31))
            .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, m.id);
    assert_eq!(got[0].held_on, d(2026, 3, 5));
    let mut want = attendees;
    want.sort_by(|a, b| a.member_id.cmp(&b.member_id));
    assert_eq!(got[0].attendees, want);
    assert!(c
        .f
        .store
        .meetings(&c.f.club, d(2026, 3, 6), d(2026, 3, 31))
        .unwrap()
        .is_empty());
    let n: i64 =
        c.f.store
            .connection()
            .query_row("SELECT count(*) FROM meeting_attendance", [], |r| r.get(0))
            .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn bad_meetings_are_refused() {
    let mut c = club();
    let me = |id: &str, sys: Option<u16>, dia: Option<u16>| Attendance {
        member_id: id.to_string(),
        systolic: sys,
        diastolic: dia,
    };
    let before = table_counts(&c.f.store);
    let cases = vec![
        (
            vec![me(&c.volunteer, None, None), me("ghost", None, None)],
            "member.unknown",
            "attendees[1]",
        ),
        (
            vec![me(&c.volunteer, None, None), me(&c.volunteer, None, None)],
            "meeting.duplicate_attendee",
            "attendees[1]",
        ),
        (
            vec![me(&c.volunteer, Some(300), Some(90))],
            "vitals.out_of_range",
            "attendees[0].systolic",
        ),
        (
            vec![
                me(&c.plain, None, None),
                me(&c.volunteer, Some(120), Some(125)),
            ],
            "vitals.diastolic_not_below_systolic",
            "attendees[1].diastolic",
        ),
    ];
    for (attendees, code, field) in cases {
        let new = NewMeeting {
            held_on: d(2026, 3, 5),
            topic: "Sinh hoạt".into(),
            attendees,
        };
        assert_eq!(
            fails(c.f.store.record_meeting(&c.f.club, new)),
            (code.to_string(), field.to_string())
        );
    }
    let new = NewMeeting {
        held_on: d(2026, 3, 5),
        topic: "  ".into(),
        attendees: vec![],
    };
    assert_eq!(
        fails(c.f.store.record_meeting(&c.f.club, new)),
        ("text.required".into(), "topic".into())
    );
    assert_eq!(table_counts(&c.f.store), before);
}

#[test]
fn activities_must_be_in_a_configured_area() {
    let mut c = club();
    let a =
        c.f.store
            .record_activity(
                &c.f.club,
                "health_care",
                d(2026, 3, 7),
                "Khám sức khỏe định kỳ",
                42,
            )
            .unwrap();
    assert_eq!(
        (a.area.as_str(), a.held_on, a.participants),
        ("health_care", d(2026, 3, 7), 42)
    );
    let before = table_counts(&c.f.store);
    let r =
        c.f.store
            .record_activity(&c.f.club, "gardening", d(2026, 3, 7), "Trồng rau", 10);
    let msg = message(r);
    assert!(
        msg.starts_with(
            "'gardening' is not one of the club's areas: income_generation, health_care"
        ),
        "{msg}"
    );
    assert_eq!(
        fails(
            c.f.store
                .record_activity(&c.f.club, "gardening", d(2026, 3, 7), "Trồng rau", 10)
        ),
        ("activity.area_unknown".into(), "area".into())
    );
    assert_eq!(
        fails(
            c.f.store
                .record_activity(&c.f.club, "health_care", d(2026, 3, 7), " ", 10)
        ),
        ("text.required".into(), "title".into())
    );
    assert_eq!(table_counts(&c.f.store), before);
}

#[test]
fn visits_with_other_offsets_are_ordered_by_instant() {
    let mut c = club();
    let earlier =
        c.f.store
            .log_visit(visit(&c, "2026-03-01T00:30:00+07:00", None, None))
            .unwrap()
            .record
            .id;
    let later =
        c.f.store
            .log_visit(visit(&c, "2026-02-28T18:00:00Z", None, None))
            .unwrap()
            .record
            .id;
    let got: Vec<String> =
        c.f.store
            .visits(&c.f.club, None, None, None)
            .unwrap()
            .into_iter()
            .map(|v| v.record.id)
            .collect();
    assert_eq!(got, vec![later, earlier]);
}
