//! The indicators on datasets built through the store's public write API,
//! every expected figure worked out by hand in the comments.

use super::*;
use crate::clock::FixedClock;
use crate::model::{
    Birth, Fund, HouseholdStatus, InterestMethod, Membership, Role, Service, Sex, Vitals,
};
use crate::ops::{Attendance, EntryKind};
use crate::store::{NewClub, NewFundEntry, NewLoan, NewMeeting, NewMember, NewVisit, Store};
use chrono::NaiveDate;
use std::sync::Arc;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

pub(super) fn at(s: &str) -> crate::model::Instant {
    crate::input::parse_instant("at", s).expect("valid test instant")
}

fn codes(r: &RuleOutcome) -> Vec<&str> {
    r.reasons.iter().map(|x| x.code.as_str()).collect()
}

fn person(name: &str, sex: Sex, birth: Birth, joined_on: NaiveDate) -> NewMember {
    NewMember {
        full_name: name.to_string(),
        sex,
        birth,
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 3".to_string(),
        phone: None,
        joined_on,
        roles: vec![],
        membership: Membership::Member,
    }
}

/// The store every dataset lives in, its clock stopped on 15 January 2026
/// (after the periods reported on).
fn store() -> Store {
    Store::open_in_memory(
        "phone-1",
        Arc::new(FixedClock::new(at("2026-01-15T09:00:00+07:00"))),
    )
    .expect("store")
}

/// Club A's people.
struct ClubA {
    id: String,
    chair: String,
    hoa: String,
    lan: String,
    minh: String,
    mai: String,
    hanh: String,
    tam: String,
    binh: String,
}

fn fund(s: &mut Store, club: &str, fund: Fund, kind: EntryKind, amount: i64, on: NaiveDate) {
    s.record_fund_entry(
        club,
        NewFundEntry {
            fund,
            kind,
            amount,
            entry_on: on,
            memo: String::new(),
            member_id: None,
        },
    )
    .expect("fund entry");
}

pub(super) fn disburse(
    s: &mut Store,
    who: &str,
    principal: i64,
    months: u32,
    bp: u32,
    on: NaiveDate,
) -> String {
    s.disburse_loan(NewLoan {
        borrower_id: who.to_string(),
        principal,
        disbursed_on: on,
        term_months: months,
        monthly_rate_bp: bp,
        method: InterestMethod::Flat,
        purpose: "chăn nuôi".to_string(),
    })
    .expect("disburse")
    .loan
    .id
}

pub(super) fn visit(
    s: &mut Store,
    volunteer: &str,
    recipient: &str,
    start: &str,
    minutes: u32,
    bp: Option<(u16, u16)>,
) -> String {
    s.log_visit(NewVisit {
        volunteer_id: volunteer.to_string(),
        recipient_id: recipient.to_string(),
        started_at: at(start),
        duration_min: minutes,
        services: vec![Service::HealthMonitoring],
        vitals: Vitals {
            systolic: bp.map(|b| b.0),
            diastolic: bp.map(|b| b.1),
            ..Default::default()
        },
        notes: String::new(),
    })
    .expect("visit")
    .record
    .id
}

fn meeting(s: &mut Store, club: &str, on: NaiveDate, readings: &[(&str, Option<(u16, u16)>)]) {
    s.record_meeting(
        club,
        NewMeeting {
            held_on: on,
            topic: "Sinh hoạt định kỳ".to_string(),
            attendees: readings
                .iter()
                .map(|(id, bp)| Attendance {
                    member_id: id.to_string(),
                    systolic: bp.map(|b| b.0),
                    diastolic: bp.map(|b| b.1),
                })
                .collect(),
        },
    )
    .expect("meeting");
}

/// Club A, "CLB Xuân Lộc 1" in Xã Xuân Lộc (26425), founded 10 March 2022,
/// with three activity areas. Its 2024–2025 records:
///
/// People (joined 1 January 2024 unless said):
/// - Trần Văn Chủ, man born 1950: chair, treasurer, home-care volunteer.
/// - Nguyễn Thị Hoa, woman born 15 June 1965: 59 on 1 January 2025, 60 on
///   its last day.
/// - Lê Thị Lan, woman born 1955: home-care volunteer.
/// - Phạm Văn Minh, man born 1980.
/// - Võ Thị Mai, woman born 1990, poor household.
/// - Đỗ Thị Hạnh, woman born 1948, lives alone: member and care recipient.
/// - Bùi Văn Tâm, man born 1952: borrows, repays, leaves on 30 June 2025.
/// - Hồ Thị Thu, woman born 1970: joins on 1 March 2025.
/// - Cao Thị Bình, woman born 1935: care recipient only (not a member).
/// - Mai Văn Đức, man born 1985: joins on 10 January 2026.
///
/// Money: income-generation grant 30.000.000 (2024-02-01); activity fund
/// contribution 2.000.000 (2025-01-10) and expense 500.000 (2025-05-20).
/// Loans, all flat:
/// - L0 Hạnh 1.000.000, 12 months at 0 (2024-06-01): 500.000 repaid on
///   2024-12-01 and 500.000 on 2025-03-01 (repaid in full).
/// - L3 Minh 4.000.000, 10 months at 0 (2025-01-15; 400.000 due monthly
///   from 15 February): 400.000 repaid on 15 February and 15 March, then
///   written off on 30 September with 3.200.000 outstanding.
/// - L1 Tâm 3.000.000, 6 months at 0 (2025-02-10): repaid in full on 20 June.
/// - L2 Hoa 6.000.000, 12 months at 1% (2025-03-05): installments 500.000 +
///   60.000 interest; nine paid on the 5th of April to December.
/// - L4 Lan 2.000.000, 4 months at 0 (2025-07-01; 500.000 due on the 1st of
///   August to November): only the August one paid.
/// - L5 Mai 5.000.000 (2025-08-10), reversed the next day.
///
/// Savings: Hoa 200.000 (2024-12-01), 300.000 (2025-02-01), withdraws
/// 100.000 (2025-07-01); Lan 150.000 (2025-03-01) and 50.000 (2025-04-01,
/// reversed on 2 April); Tâm 100.000 (2025-01-20), withdraws it (2025-06-25).
///
/// Visits: V5 Lan→Bình 2024-12-20 60 min; V1 Lan→Hạnh 2025-03-10 60 min
/// 150/95; V2 Lan→Bình 2025-03-12 45 min; V3 Chủ→Hạnh 2025-06-01 30 min;
/// V4 Chủ→Bình 2025-06-02 90 min 140/90, voided; V6 Lan→Hạnh 31 December
/// 2025 at 23:30 (+07:00) 20 min; V7 Lan→Hạnh at 17:30 UTC that day, which
/// is 1 January 2026 in Vietnam, 25 min.
///
/// Meetings on the 15th: December 2024 (Minh 118/76) and every month of
/// 2025 but February and August: January (Hoa 120/80, Minh without a
/// reading), May (Tâm 125/80), November (Lan 135/85).
///
/// Activities: health care 2024-11-01, income generation 2025-04-10,
/// health care 2025-09-09, home-care volunteering 2026-01-05.
fn club_a(s: &mut Store) -> ClubA {
    let id = s
        .create_club(NewClub {
            name: "CLB Xuân Lộc 1".to_string(),
            commune_code: 26425,
            founded_on: d(2022, 3, 10),
            activity_areas: Some(vec![
                "income_generation".to_string(),
                "health_care".to_string(),
                "home_care_volunteering".to_string(),
            ]),
        })
        .expect("club A")
        .id;
    let joined = d(2024, 1, 1);
    let reg = |s: &mut Store, m: NewMember| s.register_member(&id, m).expect("member").member.id;
    let chair = reg(
        s,
        NewMember {
            roles: vec![Role::Chair, Role::Treasurer, Role::HomeCareVolunteer],
            ..person("Trần Văn Chủ", Sex::Male, Birth::Year(1950), joined)
        },
    );
    let hoa = reg(
        s,
        person(
            "Nguyễn Thị Hoa",
            Sex::Female,
            Birth::Date(d(1965, 6, 15)),
            joined,
        ),
    );
    let lan = reg(
        s,
        NewMember {
            roles: vec![Role::HomeCareVolunteer],
            ..person("Lê Thị Lan", Sex::Female, Birth::Year(1955), joined)
        },
    );
    let minh = reg(
        s,
        person("Phạm Văn Minh", Sex::Male, Birth::Year(1980), joined),
    );
    let mai = reg(
        s,
        NewMember {
            household: HouseholdStatus::Poor,
            ..person("Võ Thị Mai", Sex::Female, Birth::Year(1990), joined)
        },
    );
    let hanh = reg(
        s,
        NewMember {
            roles: vec![Role::CareRecipient],
            lives_alone: true,
            ..person("Đỗ Thị Hạnh", Sex::Female, Birth::Year(1948), joined)
        },
    );
    let tam = reg(
        s,
        person("Bùi Văn Tâm", Sex::Male, Birth::Year(1952), joined),
    );
    reg(
        s,
        person("Hồ Thị Thu", Sex::Female, Birth::Year(1970), d(2025, 3, 1)),
    );
    let binh = reg(
        s,
        NewMember {
            membership: Membership::RecipientOnly,
            lives_alone: true,
            ..person("Cao Thị Bình", Sex::Female, Birth::Year(1935), joined)
        },
    );
    reg(
        s,
        person("Mai Văn Đức", Sex::Male, Birth::Year(1985), d(2026, 1, 10)),
    );
    s.set_author(&chair);

    use EntryKind::*;
    use Fund::*;
    fund(s, &id, IncomeGeneration, Grant, 30_000_000, d(2024, 2, 1));
    let l0 = disburse(s, &hanh, 1_000_000, 12, 0, d(2024, 6, 1));
    s.deposit(&hoa, 200_000, d(2024, 12, 1), "").unwrap();
    s.repay_loan(&l0, 500_000, d(2024, 12, 1)).unwrap();
    fund(s, &id, Activity, Contribution, 2_000_000, d(2025, 1, 10));
    let l3 = disburse(s, &minh, 4_000_000, 10, 0, d(2025, 1, 15));
    s.deposit(&tam, 100_000, d(2025, 1, 20), "").unwrap();
    s.deposit(&hoa, 300_000, d(2025, 2, 1), "").unwrap();
    let l1 = disburse(s, &tam, 3_000_000, 6, 0, d(2025, 2, 10));
    s.repay_loan(&l3, 400_000, d(2025, 2, 15)).unwrap();
    s.repay_loan(&l0, 500_000, d(2025, 3, 1)).unwrap();
    s.deposit(&lan, 150_000, d(2025, 3, 1), "").unwrap();
    let l2 = disburse(s, &hoa, 6_000_000, 12, 100, d(2025, 3, 5));
    s.repay_loan(&l3, 400_000, d(2025, 3, 15)).unwrap();
    let mistaken = s.deposit(&lan, 50_000, d(2025, 4, 1), "").unwrap();
    s.reverse_entry(&mistaken.id, "ghi nhầm", d(2025, 4, 2))
        .unwrap();
    for month in 4..=12 {
        s.repay_loan(&l2, 560_000, d(2025, month, 5)).unwrap();
    }
    fund(s, &id, Activity, Expense, 500_000, d(2025, 5, 20));
    s.repay_loan(&l1, 3_000_000, d(2025, 6, 20)).unwrap();
    s.withdraw(&tam, 100_000, d(2025, 6, 25), "").unwrap();
    s.record_leave(&tam, d(2025, 6, 30), "chuyển nơi ở")
        .unwrap();
    let l4 = disburse(s, &lan, 2_000_000, 4, 0, d(2025, 7, 1));
    s.withdraw(&hoa, 100_000, d(2025, 7, 1), "").unwrap();
    s.repay_loan(&l4, 500_000, d(2025, 8, 1)).unwrap();
    let l5 = disburse(s, &mai, 5_000_000, 12, 0, d(2025, 8, 10));
    let l5_entry = s
        .fund_statement(&id, IncomeGeneration)
        .unwrap()
        .lines
        .into_iter()
        .find(|l| l.entry.loan_id.as_deref() == Some(l5.as_str()))
        .expect("L5's disbursement")
        .entry
        .id;
    s.reverse_entry(&l5_entry, "ghi nhầm người vay", d(2025, 8, 11))
        .unwrap();
    s.write_off_loan(&l3, d(2025, 9, 30), "không có khả năng trả")
        .unwrap();

    visit(s, &lan, &binh, "2024-12-20T09:00:00+07:00", 60, None);
    visit(
        s,
        &lan,
        &hanh,
        "2025-03-10T08:00:00+07:00",
        60,
        Some((150, 95)),
    );
    visit(s, &lan, &binh, "2025-03-12T08:00:00+07:00", 45, None);
    visit(s, &chair, &hanh, "2025-06-01T08:00:00+07:00", 30, None);
    let v4 = visit(
        s,
        &chair,
        &binh,
        "2025-06-02T08:00:00+07:00",
        90,
        Some((140, 90)),
    );
    s.void_visit(&v4, "ghi nhầm người được thăm").unwrap();
    visit(s, &lan, &hanh, "2025-12-31T23:30:00+07:00", 20, None);
    visit(s, &lan, &hanh, "2025-12-31T17:30:00+00:00", 25, None);

    meeting(s, &id, d(2024, 12, 15), &[(&minh, Some((118, 76)))]);
    for month in [1, 3, 4, 5, 6, 7, 9, 10, 11, 12] {
        let readings: Vec<(&str, Option<(u16, u16)>)> = match month {
            1 => vec![(&hoa, Some((120, 80))), (&minh, None)],
            5 => vec![(&tam, Some((125, 80)))],
            11 => vec![(&lan, Some((135, 85)))],
            _ => vec![],
        };
        meeting(s, &id, d(2025, month, 15), &readings);
    }
    s.record_activity(&id, "health_care", d(2024, 11, 1), "Khám sức khỏe", 30)
        .unwrap();
    s.record_activity(
        &id,
        "income_generation",
        d(2025, 4, 10),
        "Tập huấn chăn nuôi",
        25,
    )
    .unwrap();
    s.record_activity(&id, "health_care", d(2025, 9, 9), "Tư vấn dinh dưỡng", 40)
        .unwrap();
    s.record_activity(
        &id,
        "home_care_volunteering",
        d(2026, 1, 5),
        "Tập huấn TNV",
        8,
    )
    .unwrap();

    ClubA {
        id,
        chair,
        hoa,
        lan,
        minh,
        mai,
        hanh,
        tam,
        binh,
    }
}

fn fund_use(present: bool, used: bool, balance: i64, inflows: i64, outflows: i64) -> FundUse {
    FundUse {
        present,
        used,
        balance,
        inflows,
        outflows,
    }
}

#[test]
fn club_indicators_for_a_year_every_figure() {
    let mut s = store();
    let a = club_a(&mut s);
    let year = Period::year(2025).unwrap();
    let x = club_indicators(s.connection(), &a.id, year).unwrap();

    assert_eq!(x.club.name, "CLB Xuân Lộc 1");
    assert_eq!((x.club.commune_code, x.club.province_code), (26425, 75));
    assert_eq!(x.club.commune_name, "Xã Xuân Lộc");
    assert_eq!(x.club.cohort, crate::store::Cohort::New);
    assert_eq!(x.period, year);

    // Active on 31/12/2025: Chủ, Hoa, Lan, Minh, Mai, Hạnh, Thu (Tâm left on
    // 30 June, Bình is not a member, Đức joins in 2026). Thu joined, Tâm left.
    assert_eq!(
        x.members,
        MemberFigures {
            active: 7,
            joined: 1,
            left: 1
        }
    );
    // Women: Hoa, Lan, Mai, Hạnh, Thu. Older on 31/12/2025: Chủ (75), Hoa
    // (60 that day, born 15/06/1965), Lan (70), Hạnh (77); younger: Minh,
    // Mai, Thu. Priority: Mai (poor), Hạnh (lives alone). 7 members is
    // below 50: the composition rule fails on size.
    let c = &x.composition;
    assert_eq!(c.as_of, d(2025, 12, 31));
    assert_eq!((c.members, c.women, c.older, c.younger), (7, 5, 4, 3));
    assert_eq!(
        (c.priority.total, c.priority.poor, c.priority.lives_alone),
        (2, 1, 1)
    );

    // Borrowers in 2025 with a disbursement not reversed: Minh (L3), Tâm
    // (L1), Hoa (L2), Lan (L4); Mai's L5 was reversed, Hạnh's L0 is 2024.
    // Of the 7 active members 3 borrowed (Tâm left): 3/7 < 50%.
    assert_eq!(
        x.borrowing,
        BorrowingFigures {
            members_borrowing: Share::new(3, 7),
            borrowers: 4
        }
    );

    // Income-generation fund: 29.500.000 on 31/12/2024 (grant 30.000.000 −
    // L0 1.000.000 + 500.000 repaid); in 2025 repayments 400.000 + 500.000 +
    // 400.000 + 9 × 560.000 + 3.000.000 + 500.000 = 9.840.000 in,
    // disbursements 4.000.000 + 3.000.000 + 6.000.000 + 2.000.000 =
    // 15.000.000 out (L5 and its reversal left out): 24.340.000 at the end.
    assert_eq!(
        x.funds,
        FundFigures {
            income_generation: fund_use(true, true, 24_340_000, 9_840_000, 15_000_000),
            activity: fund_use(true, true, 1_500_000, 2_000_000, 500_000),
        }
    );

    assert_eq!(
        x.activities,
        ActivityFigures {
            areas: vec![
                AreaCount {
                    area: "income_generation".into(),
                    activities: 1
                },
                AreaCount {
                    area: "health_care".into(),
                    activities: 1
                },
                AreaCount {
                    area: "home_care_volunteering".into(),
                    activities: 0
                },
            ],
            areas_without_activity: vec!["home_care_volunteering".into()],
        }
    );
    assert_eq!(
        x.meetings,
        MeetingFigures {
            meetings: 10,
            months: 12,
            months_with_meeting: 10,
            months_without_meeting: vec![
                YearMonth {
                    year: 2025,
                    month: 2
                },
                YearMonth {
                    year: 2025,
                    month: 8
                }
            ],
        }
    );

    // Volunteers: Chủ, Lan. Recipients: Hạnh (role), Bình (recipient only).
    // Visits in 2025: V1 60 + V2 45 + V3 30 + V6 20 = 155 minutes (V4 voided,
    // V5 in 2024, V7 on 1 January 2026 in Vietnam); Hạnh and Bình visited.
    assert_eq!(
        x.home_care,
        HomeCareFigures {
            volunteers: 2,
            recipients: 2,
            visits: 4,
            visit_minutes: 155,
            recipients_visited: 2
        }
    );
    // Readings in 2025: Hạnh (V1), Hoa (January), Tâm (May), Lan
    // (November); Minh's was in December 2024, Bình's on the voided visit.
    // Active members among them: Hạnh, Hoa, Lan.
    assert_eq!(
        x.blood_pressure,
        BloodPressureFigures {
            members_checked: Share::new(3, 7),
            people_checked: 4
        }
    );

    // Savings: Hoa 200.000 + 300.000 − 100.000, Lan 150.000 (the reversed
    // 50.000 left out), Tâm 100.000 − 100.000.
    assert_eq!(
        x.savings,
        SavingsFigures {
            balance: 550_000,
            deposits: 550_000,
            withdrawals: 200_000,
            savers: 2
        }
    );

    // Disbursed: L3, L1, L2, L4. Repaid 9.840.000, of which interest 9 ×
    // 60.000 = 540.000 and principal 500.000 (L0) + 800.000 (L3) +
    // 3.000.000 (L1) + 4.500.000 (L2) + 500.000 (L4) = 9.300.000.
    // Outstanding on 31/12: L2 1.500.000 (not overdue: next due 5 January)
    // and L4 1.500.000, overdue since 1 September (121 days > 30): PAR30 50%.
    // L3's 3.200.000 written off leaves the outstanding.
    let l = &x.loans;
    assert_eq!((l.disbursed_count, l.disbursed), (4, 15_000_000));
    assert_eq!(
        (l.repaid, l.principal_repaid, l.interest_repaid),
        (9_840_000, 9_300_000, 540_000)
    );
    assert_eq!(l.active_loans, 2);
    assert_eq!(
        (
            l.par30.days,
            l.par30.outstanding,
            l.par30.at_risk,
            l.par30.ratio_bp
        ),
        (30, 3_000_000, 1_500_000, 5_000)
    );
    assert_eq!((l.written_off_count, l.written_off), (1, 3_200_000));

    let r = &x.rules;
    assert!(!r.composition && !r.borrowing_half && r.both_funds && !r.all_activities);
    assert!(r.active.met && r.active.reasons.is_empty());
    // 10 of 12 months with a meeting is exactly 5 in 6: that part is met.
    assert_eq!(
        codes(&r.well_managed),
        ["managed.area_without_activity", "managed.portfolio_at_risk"]
    );
    assert!(!r.well_managed.met);
    assert!(r.well_managed.reasons[0]
        .message
        .contains("home_care_volunteering"));
    assert!(
        r.well_managed.reasons[1].message.contains("50,00%")
            && r.well_managed.reasons[1].message.contains("1.500.000 ₫"),
        "{}",
        r.well_managed.reasons[1].message
    );
    // The same reasons in Vietnamese, the area by its Vietnamese name.
    assert_eq!(
        r.well_managed.reasons[0].message_vi,
        "chưa có hoạt động trong kỳ ở lĩnh vực: Chăm sóc tại nhà dựa vào tình nguyện viên"
    );
    assert!(
        r.well_managed.reasons[1]
            .message_vi
            .starts_with("dư nợ quá hạn trên 30 ngày là 50,00% (")
            && r.well_managed.reasons[1].message_vi.contains("1.500.000 ₫"),
        "{}",
        r.well_managed.reasons[1].message_vi
    );

    // The store's wrapper gives the same figures.
    assert_eq!(s.club_indicators(&a.id, year).unwrap(), x);
}

#[test]
fn a_member_turning_sixty_is_older_only_once_sixty() {
    let mut s = store();
    let a = club_a(&mut s);
    // January 2025: active on the 31st are Chủ, Hoa, Lan, Minh, Mai, Hạnh and
    // Tâm (Thu joins in March). Hoa is 59 until 15 June.
    let jan = club_indicators(s.connection(), &a.id, Period::month(2025, 1).unwrap()).unwrap();
    assert_eq!((jan.composition.members, jan.composition.older), (7, 4));
    let june = club_indicators(s.connection(), &a.id, Period::month(2025, 6).unwrap()).unwrap();
    // 30 June: Tâm left that day, Thu has joined, Hoa is 60.
    assert_eq!((june.composition.members, june.composition.older), (7, 4));
    let member = s.member(&a.hoa).unwrap();
    assert!(!member.is_older_on(d(2025, 6, 14)) && member.is_older_on(d(2025, 6, 15)));
    let july = club_indicators(
        s.connection(),
        &a.id,
        Period::new(d(2025, 6, 15), d(2025, 7, 31)).unwrap(),
    )
    .unwrap();
    assert_eq!(july.composition.older, 4); // Chủ, Hoa, Lan, Hạnh
    assert_eq!(july.members.left, 1); // Tâm, on 30 June
                                      // January: one meeting in one month, and a meeting in it: active; L3 is
                                      // disbursed (Minh); Tâm's deposit; nothing repaid yet.
    assert_eq!((jan.meetings.meetings, jan.meetings.months), (1, 1));
    assert!(jan.rules.active.met);
    assert_eq!(jan.borrowing.members_borrowing, Share::new(1, 7));
    assert_eq!(
        (jan.savings.balance, jan.savings.deposits),
        (300_000, 100_000)
    );
    assert_eq!(jan.loans.repaid, 0);
    // Outstanding on 31 January: L3 4.000.000 (first installment due 15
    // February) and L0 500.000. L0's 500.000 of December paid six 83.000
    // installments and 2.000 of the seventh, due 1 January: 30 days past
    // due, which is not more than 30, so nothing is at risk.
    assert_eq!(
        (jan.loans.par30.outstanding, jan.loans.par30.at_risk),
        (4_500_000, 0)
    );
}

#[test]
fn a_loan_written_off_later_is_still_outstanding_before() {
    let mut s = store();
    let a = club_a(&mut s);
    // On 31 August L3 (written off on 30 September) still owes 3.200.000,
    // overdue since 15 April (138 days); L2 owes 3.500.000 after five
    // installments (April to August); L4 owes 1.500.000, its August
    // installment paid and the next due on 1 September.
    let aug = club_indicators(s.connection(), &a.id, Period::month(2025, 8).unwrap()).unwrap();
    assert_eq!(aug.loans.active_loans, 3);
    assert_eq!(
        aug.loans.par30.outstanding,
        3_200_000 + 3_500_000 + 1_500_000
    );
    assert_eq!(aug.loans.par30.at_risk, 3_200_000);
    assert_eq!(aug.loans.written_off_count, 0);
    // August: L5 disbursed and reversed (no borrower), L4's installment and
    // L2's repaid: 500.000 + 560.000.
    assert_eq!(aug.borrowing.borrowers, 0);
    assert_eq!(aug.loans.disbursed_count, 0);
    assert_eq!(aug.loans.repaid, 1_060_000);
    // No meeting in August: the period's only month has none.
    assert_eq!(codes(&aug.rules.active), ["active.no_recent_meeting"]);
    // Nor an activity; no loan disbursed (L5 reversed) nor expense paid;
    // 3.200.000 at risk of 8.200.000 (39,02%).
    assert_eq!(
        codes(&aug.rules.well_managed),
        [
            "managed.area_without_activity",
            "managed.meetings_missed",
            "managed.fund_not_used",
            "managed.fund_not_used",
            "managed.portfolio_at_risk"
        ]
    );
    assert_eq!(aug.loans.par30.ratio_bp, 3_902);
    // In 2023 nobody had joined yet.
    let y2023 = s
        .club_indicators(&a.id, Period::year(2023).unwrap())
        .unwrap();
    assert_eq!(y2023.members.active, 0);
    assert_eq!(
        codes(&y2023.rules.active),
        ["active.no_members", "active.no_recent_meeting"]
    );
    assert_eq!(y2023.borrowing.members_borrowing, Share::new(0, 0));
    // September: the write-off; Minh still borrowed in 2025 (year figures).
    let sep = club_indicators(s.connection(), &a.id, Period::month(2025, 9).unwrap()).unwrap();
    assert_eq!(
        (sep.loans.written_off_count, sep.loans.written_off),
        (1, 3_200_000)
    );
    assert_eq!(sep.loans.active_loans, 2);
    let year = s
        .club_indicators(&a.id, Period::year(2025).unwrap())
        .unwrap();
    assert!(year.borrowing.borrowers == 4 && year.borrowing.members_borrowing.count == 3);
    let _ = (&a.minh, &a.mai, &a.chair, &a.binh, &a.hanh, &a.tam, &a.lan);
}

#[test]
fn flows_add_up_between_periods() {
    let mut s = store();
    let a = club_a(&mut s);
    let c = s.connection();
    let h1 = club_indicators(
        c,
        &a.id,
        Period::new(d(2025, 1, 1), d(2025, 6, 30)).unwrap(),
    )
    .unwrap();
    let h2 = club_indicators(
        c,
        &a.id,
        Period::new(d(2025, 7, 1), d(2025, 12, 31)).unwrap(),
    )
    .unwrap();
    let year = club_indicators(c, &a.id, Period::year(2025).unwrap()).unwrap();
    assert_eq!(
        h1.savings.deposits + h2.savings.deposits,
        year.savings.deposits
    );
    assert_eq!(
        h1.savings.withdrawals + h2.savings.withdrawals,
        year.savings.withdrawals
    );
    assert_eq!(
        h1.savings.balance + h2.savings.deposits - h2.savings.withdrawals,
        year.savings.balance
    );
    assert_eq!(h1.loans.repaid + h2.loans.repaid, year.loans.repaid);
    assert_eq!(
        h1.loans.principal_repaid + h2.loans.principal_repaid,
        year.loans.principal_repaid
    );
    assert_eq!(
        h1.loans.disbursed + h2.loans.disbursed,
        year.loans.disbursed
    );
    assert_eq!(h1.home_care.visit_minutes + h2.home_care.visit_minutes, 155);
    let funds: [fn(&ClubIndicators) -> FundUse; 2] =
        [|x| x.funds.income_generation, |x| x.funds.activity];
    for f in funds {
        let (a1, a2, y) = (f(&h1), f(&h2), f(&year));
        assert_eq!(a1.balance + a2.inflows - a2.outflows, y.balance);
        assert_eq!(a1.inflows + a2.inflows, y.inflows);
    }
}

#[test]
fn the_same_figures_from_a_copy_of_the_database() {
    // The server holds the same tables; a plain connection to a copy of the
    // phone's database gives the same figures as the phone's store.
    let mut s = store();
    let a = club_a(&mut s);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.db");
    s.backup_to(&path).unwrap();
    let copy = rusqlite::Connection::open(&path).unwrap();
    let year = Period::year(2025).unwrap();
    assert_eq!(
        club_indicators(&copy, &a.id, year).unwrap(),
        s.club_indicators(&a.id, year).unwrap()
    );
}

/// Every number in a JSON value is an integer.
fn no_floats(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Number(n) => n.is_i64() || n.is_u64(),
        serde_json::Value::Array(a) => a.iter().all(no_floats),
        serde_json::Value::Object(o) => o.values().all(no_floats),
        _ => true,
    }
}

#[test]
fn json_holds_integers_only() {
    let mut s = store();
    let a = club_a(&mut s);
    let x = s
        .club_indicators(&a.id, Period::year(2025).unwrap())
        .unwrap();
    let v = serde_json::to_value(&x).unwrap();
    assert!(no_floats(&v));
    assert_eq!(
        v["borrowing"]["members_borrowing"],
        serde_json::json!({"count": 3, "of": 7, "per_mille": 429})
    );
    assert_eq!(
        v["meetings"]["months_without_meeting"],
        serde_json::json!(["2025-02", "2025-08"])
    );
    assert_eq!(
        v["period"],
        serde_json::json!({"from": "2025-01-01", "to": "2025-12-31"})
    );
    assert_eq!(v["loans"]["par30"]["ratio_bp"], 5000);
    assert_eq!(
        v["rules"]["active"],
        serde_json::json!({"met": true, "reasons": []})
    );
}

#[test]
fn refusals() {
    let mut s = store();
    let a = club_a(&mut s);
    let bad = Period {
        from: d(2025, 2, 1),
        to: d(2025, 1, 31),
    };
    let e = club_indicators(s.connection(), &a.id, bad).unwrap_err();
    assert_eq!(
        (e.code(), e.field_error().unwrap().field.as_str()),
        ("period.reversed", "to")
    );
    let e =
        club_indicators(s.connection(), "no-such-club", Period::year(2025).unwrap()).unwrap_err();
    assert_eq!(e.code(), "not_found");
    let e = province_indicators(s.connection(), 2, Period::year(2025).unwrap(), &[]).unwrap_err();
    assert_eq!(e.code(), "indicators.province_unknown");
}

/// Club B, "CLB Xuân Hòa" in Xã Xuân Hòa (26446), founded 1 May 2018, the
/// plan's eight areas, 50 members who joined on that day: members 0–31 are
/// women, 18–49 born 1950 (older), 0–17 born 1985; 49 is chair, treasurer
/// and volunteer, 45–48 volunteers, 40–41 care recipients. Grant of
/// 30.000.000 (2018-06-01); activity fund 1.000.000 in (2023-01-05) and
/// 200.000 spent (2024-03-03); a meeting on the 10th of every month of
/// 2021–2025; an activity in each area on 2024-05-05; members 0–24 each
/// borrow 1.000.000 over 12 months on 2025-12-01 (first due 2026-01-01);
/// one visit, 45 → 40 on 2025-10-01, 40 minutes, 128/82.
fn club_b(s: &mut Store) -> String {
    let id = s
        .create_club(NewClub {
            name: "CLB Xuân Hòa".to_string(),
            commune_code: 26446,
            founded_on: d(2018, 5, 1),
            activity_areas: None,
        })
        .unwrap()
        .id;
    let people: Vec<NewMember> = (0..50)
        .map(|i| {
            let sex = if i < 32 { Sex::Female } else { Sex::Male };
            let year = if i >= 18 { 1950 } else { 1985 };
            let roles = match i {
                49 => vec![Role::Chair, Role::Treasurer, Role::HomeCareVolunteer],
                45..=48 => vec![Role::HomeCareVolunteer],
                40 | 41 => vec![Role::CareRecipient],
                _ => vec![],
            };
            NewMember {
                roles,
                ..person(
                    &format!("Thành viên {i:02}"),
                    sex,
                    Birth::Year(year),
                    d(2018, 5, 1),
                )
            }
        })
        .collect();
    let ids: Vec<String> = s
        .register_members(&id, people)
        .unwrap()
        .into_iter()
        .map(|r| r.member.id)
        .collect();
    s.set_author(&ids[49]);
    fund(
        s,
        &id,
        Fund::IncomeGeneration,
        EntryKind::Grant,
        30_000_000,
        d(2018, 6, 1),
    );
    fund(
        s,
        &id,
        Fund::Activity,
        EntryKind::Contribution,
        1_000_000,
        d(2023, 1, 5),
    );
    fund(
        s,
        &id,
        Fund::Activity,
        EntryKind::Expense,
        200_000,
        d(2024, 3, 3),
    );
    for year in 2021..=2025 {
        for month in 1..=12 {
            meeting(s, &id, d(year, month, 10), &[]);
        }
    }
    for area in crate::model::DEFAULT_ACTIVITY_AREAS {
        s.record_activity(&id, area, d(2024, 5, 5), "Hoạt động", 20)
            .unwrap();
    }
    for borrower in &ids[..25] {
        disburse(s, borrower, 1_000_000, 12, 0, d(2025, 12, 1));
    }
    visit(
        s,
        &ids[45],
        &ids[40],
        "2025-10-01T08:00:00+07:00",
        40,
        Some((128, 82)),
    );
    id
}

/// Club C, "CLB Ấp Suối Cát", registered under Xã Xuân Hiệp's pre-2025 code
/// 26455 (merged into Xã Xuân Lộc, 26425, in 2025), founded 1 September
/// 2017: three members (a chair born 1950, women born 1960 and 1985), one
/// deposit of 100.000 (2023-04-04), and nothing else: no meeting, no fund.
fn club_c(s: &mut Store) -> String {
    let id = s
        .create_club(NewClub {
            name: "CLB Ấp Suối Cát".to_string(),
            commune_code: 26455,
            founded_on: d(2017, 9, 1),
            activity_areas: None,
        })
        .unwrap()
        .id;
    let joined = d(2017, 9, 1);
    let chair = s
        .register_member(
            &id,
            NewMember {
                roles: vec![Role::Chair, Role::Treasurer],
                ..person("Lý Văn Cường", Sex::Male, Birth::Year(1950), joined)
            },
        )
        .unwrap()
        .member
        .id;
    let dung = s
        .register_member(
            &id,
            person("Trương Thị Dung", Sex::Female, Birth::Year(1960), joined),
        )
        .unwrap()
        .member
        .id;
    s.register_member(
        &id,
        person("Đặng Thị Yến", Sex::Female, Birth::Year(1985), joined),
    )
    .unwrap();
    s.set_author(&chair);
    s.deposit(&dung, 100_000, d(2023, 4, 4), "").unwrap();
    id
}

#[test]
fn a_club_registered_under_a_merged_commune_counts_for_the_2025_commune() {
    let mut s = store();
    let c = club_c(&mut s);
    let club = s.club(&c).unwrap();
    assert_eq!(
        (club.commune_code, club.commune_name.as_str()),
        (26425, "Xã Xuân Lộc")
    );
    // A divided pre-2025 commune is refused with the 2025 communes to choose from.
    let e = s
        .create_club(NewClub {
            name: "CLB Xuân Tâm".into(),
            commune_code: 26449,
            founded_on: d(2019, 1, 1),
            activity_areas: None,
        })
        .unwrap_err();
    let f = e.field_error().unwrap();
    assert_eq!(
        (f.code.as_str(), f.field.as_str()),
        ("club.commune_divided", "commune_code")
    );
    assert!(
        f.message.contains("Xã Xuân Hòa (26446)") && f.message.contains("Xã Xuân Đông (26359)"),
        "{}",
        f.message
    );
    let e = s
        .create_club(NewClub {
            name: "CLB".into(),
            commune_code: 12,
            founded_on: d(2019, 1, 1),
            activity_areas: None,
        })
        .unwrap_err();
    assert_eq!(e.code(), "club.commune_unknown");
    assert_eq!(s.clubs().unwrap().len(), 1);
}

#[test]
fn a_club_without_meetings_is_not_active_nor_well_managed() {
    let mut s = store();
    let c = club_c(&mut s);
    let x = s.club_indicators(&c, Period::year(2025).unwrap()).unwrap();
    assert_eq!(x.meetings.months_with_meeting, 0);
    assert_eq!(x.meetings.months_without_meeting.len(), 12);
    assert!(!x.rules.active.met);
    assert_eq!(codes(&x.rules.active), ["active.no_recent_meeting"]);
    assert!(x.rules.active.reasons[0]
        .message
        .contains("2025-10, 2025-11, 2025-12"));
    assert_eq!(
        x.rules.active.reasons[0].message_vi,
        "không có buổi sinh hoạt nào trong 3 tháng cuối kỳ: 10/2025, 11/2025, 12/2025"
    );
    assert_eq!(
        codes(&x.rules.well_managed),
        [
            "managed.area_without_activity",
            "managed.meetings_missed",
            "managed.fund_not_present",
            "managed.fund_not_present"
        ]
    );
    assert!(!x.rules.both_funds);
    assert_eq!(x.savings.balance, 100_000);
    assert_eq!(x.savings.deposits, 0);
    // Older on 31/12/2025: the chair (75) and Dung (65).
    assert_eq!((x.composition.members, x.composition.older), (3, 2));
}

#[test]
fn province_figures_over_the_plan_period() {
    let mut s = store();
    let a = club_a(&mut s);
    let b = club_b(&mut s);
    let c = club_c(&mut s);
    // Outside the figures: a club in Hà Nội, and one founded after the period.
    let d_club = s
        .create_club(NewClub {
            name: "CLB Ba Đình".into(),
            commune_code: 4,
            founded_on: d(2023, 1, 1),
            activity_areas: None,
        })
        .unwrap()
        .id;
    s.register_member(
        &d_club,
        person("Hà Văn Một", Sex::Male, Birth::Year(1950), d(2023, 1, 1)),
    )
    .unwrap();
    s.create_club(NewClub {
        name: "CLB Xuân Hòa 2".into(),
        commune_code: 26446,
        founded_on: d(2026, 1, 10),
        activity_areas: None,
    })
    .unwrap();

    let plan = Period::new(d(2021, 1, 1), d(2025, 12, 31)).unwrap();
    let edited = "plan,indicator,scope,from,to,comparison,value,value_max,unit,definition_en,definition_vi,source\n\
        Tỉnh,new_clubs,province,2021-01-01,2025-12-31,>=,1,,count,e,v,s\n\
        Tỉnh,communes_with_active_club,province,2021-01-01,2025-12-31,>=,21,,per_mille,e,v,s\n\
        Tỉnh,clubs_well_managed,province,2021-01-01,2025-12-31,between,30,40,percent,e,v,s\n\
        Tỉnh,new_club_older_share,province,2021-01-01,2025-12-31,<=,571,,per_mille,e,v,s\n";
    let own = read_targets_csv(edited.as_bytes()).unwrap();
    assert!(own.problems.is_empty());
    let mut targets = preset_targets("13335/KH-UBND");
    targets.extend(preset_targets("1648/QĐ-TTg"));
    targets.extend(own.targets);
    let p = province_indicators(s.connection(), 75, plan, &targets).unwrap();

    assert_eq!(
        (p.province_code, p.province_name.as_str()),
        (75, "Tỉnh Đồng Nai")
    );
    assert_eq!(p.communes.len(), 95);
    // Xuân Lộc holds A (active) and C (registered under Xuân Hiệp, no
    // meetings); Xuân Hòa holds B (active; the 2026 club is left out).
    let row = |code: u32| p.communes.iter().find(|r| r.code == code).unwrap().clone();
    assert_eq!(
        row(26425),
        CommuneRow {
            code: 26425,
            name: "Xã Xuân Lộc".into(),
            clubs: 2,
            active_clubs: 1,
            members: 10,
            has_active_club: true
        }
    );
    assert_eq!(
        row(26446),
        CommuneRow {
            code: 26446,
            name: "Xã Xuân Hòa".into(),
            clubs: 1,
            active_clubs: 1,
            members: 50,
            has_active_club: true
        }
    );
    assert_eq!(p.communes.iter().map(|r| r.clubs).sum::<u32>(), 3);
    assert_eq!(p.communes_with_active_club, Share::new(2, 95));
    let names: Vec<(&str, bool, bool)> = p
        .clubs
        .iter()
        .map(|r| (r.name.as_str(), r.active, r.well_managed))
        .collect();
    assert_eq!(
        names,
        [
            ("CLB Ấp Suối Cát", false, false),
            ("CLB Xuân Lộc 1", true, false),
            ("CLB Xuân Hòa", true, true)
        ]
    );
    assert_eq!(
        p.clubs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        [&c, &a.id, &b]
    );

    // New in 2021–2025: A only, 7 members of whom 4 older.
    assert_eq!(
        p.new_clubs,
        NewClubFigures {
            clubs: 1,
            members: 7,
            older: Share::new(4, 7)
        }
    );
    // Founded 2016–2020, and before 2021: B (active) and C (not).
    assert_eq!(p.cohort_2016_2020_active, Share::new(1, 2));
    assert_eq!(p.existing_clubs_maintained, Share::new(1, 2));
    // Over 2021–2025 A's borrowers include Hạnh (L0, June 2024): 4 of its 7
    // members, at least half; B 25 of 50; C none.
    assert_eq!(
        p.clubs_meeting,
        RuleCounts {
            active: Share::new(2, 3),
            composition: Share::new(1, 3),
            borrowing_half: Share::new(2, 3),
            both_funds: Share::new(2, 3),
            all_activities: Share::new(1, 3),
            well_managed: Share::new(1, 3),
        }
    );
    assert_eq!(p.members_borrowing, Share::new(4 + 25, 7 + 50 + 3));

    // A over 2021–2025 adds V5 (60 min), Minh's December 2024 reading, Hoa's
    // December 2024 deposit and L0 (1.000.000 out, 500.000 repaid in 2024).
    let t = &p.totals;
    assert_eq!((t.members, t.volunteers, t.recipients), (60, 2 + 5, 2 + 2));
    assert_eq!((t.visits, t.visit_minutes), (5 + 1, 215 + 40));
    assert_eq!(t.members_bp_checked, Share::new(4 + 1, 60));
    assert_eq!(
        (t.savings_balance, t.deposits, t.withdrawals),
        (550_000 + 100_000, 750_000 + 100_000, 200_000)
    );
    assert_eq!(
        (t.disbursed_count, t.disbursed, t.repaid),
        (5 + 25, 16_000_000 + 25_000_000, 10_340_000)
    );
    // PAR30 over every loan: 1.500.000 at risk of 3.000.000 + 25.000.000,
    // 535,71 bp rounded half up.
    assert_eq!(
        (t.par30.outstanding, t.par30.at_risk, t.par30.ratio_bp),
        (28_000_000, 1_500_000, 536)
    );
    assert_eq!((t.written_off_count, t.written_off), (1, 3_200_000));

    // Targets: the plan's own (all missed), Decision 1648's (another
    // period: no verdict), the province's edited ones.
    let verdicts: Vec<(&str, IndicatorKey, String, Option<bool>)> = p
        .targets
        .iter()
        .map(|r| {
            (
                r.target.plan.as_str(),
                r.target.indicator,
                r.figure.to_string(),
                r.met,
            )
        })
        .collect();
    use IndicatorKey::*;
    let no = Some(false);
    assert_eq!(
        verdicts,
        vec![
            (
                "13335/KH-UBND",
                CommunesWithActiveClub,
                "2/95 (2,1%)".into(),
                no
            ),
            ("13335/KH-UBND", NewClubs, "1".into(), no),
            ("13335/KH-UBND", NewClubMembers, "7".into(), no),
            ("13335/KH-UBND", NewClubOlderShare, "4/7 (57,1%)".into(), no),
            (
                "13335/KH-UBND",
                Cohort2016To2020Active,
                "1/2 (50,0%)".into(),
                no
            ),
            (
                "13335/KH-UBND",
                ClubsWithBothFunds,
                "2/3 (66,7%)".into(),
                no
            ),
            (
                "13335/KH-UBND",
                MembersBorrowing,
                "29/60 (48,3%)".into(),
                no
            ),
            ("13335/KH-UBND", ClubsWellManaged, "1/3 (33,3%)".into(), no),
            ("1648/QĐ-TTg", NewClubs, "1".into(), None),
            ("1648/QĐ-TTg", NewClubs, "1".into(), None),
            (
                "1648/QĐ-TTg",
                ExistingClubsMaintained,
                "1/2 (50,0%)".into(),
                None
            ),
            ("Tỉnh", NewClubs, "1".into(), Some(true)),
            // 2 of 95 is 21,05‰: at least 21‰.
            (
                "Tỉnh",
                CommunesWithActiveClub,
                "2/95 (2,1%)".into(),
                Some(true)
            ),
            ("Tỉnh", ClubsWellManaged, "1/3 (33,3%)".into(), Some(true)),
            // 4 of 7 is 571,4‰, shown as 571 but above it.
            ("Tỉnh", NewClubOlderShare, "4/7 (57,1%)".into(), Some(false)),
        ]
    );

    // Each club's row agrees with its own indicators over the period.
    for id in [&a.id, &b, &c] {
        let x = s.club_indicators(id, plan).unwrap();
        let r = p.clubs.iter().find(|r| &r.id == id).unwrap();
        assert_eq!(
            (r.members, r.active, r.well_managed),
            (
                x.members.active,
                x.rules.active.met,
                x.rules.well_managed.met
            )
        );
    }
    let bx = s.club_indicators(&b, plan).unwrap();
    assert!(bx.rules.composition && bx.rules.borrowing_half);
    assert_eq!(bx.meetings.months_with_meeting, 60);
    assert_eq!(bx.loans.par30.outstanding, 25_000_000);
    let ax = s.club_indicators(&a.id, plan).unwrap();
    assert_eq!(
        ax.borrowing,
        BorrowingFigures {
            members_borrowing: Share::new(4, 7),
            borrowers: 5
        }
    );
    assert_eq!(
        codes(&ax.rules.well_managed),
        [
            "managed.area_without_activity",
            "managed.meetings_missed",
            "managed.portfolio_at_risk"
        ]
    );

    // Hà Nội's figures hold the Ba Đình club only.
    let hn = province_indicators(s.connection(), 1, plan, &[]).unwrap();
    assert_eq!(hn.clubs.len(), 1);
    assert_eq!(hn.totals.members, 1);
    assert_eq!(
        hn.communes_with_active_club,
        Share::new(0, hn.communes.len() as u32)
    );
    assert!(no_floats(&serde_json::to_value(&p).unwrap()));
}
