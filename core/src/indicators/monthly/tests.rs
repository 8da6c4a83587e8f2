//! The monthly report on a club month built through the store's public
//! write API, every figure worked out by hand in the comments; and the
//! identities as properties over random months of generated clubs.

use super::*;
use crate::clock::FixedClock;
use crate::indicators::tests::{at, d, disburse, visit};
use crate::model::{Birth, HouseholdStatus, InterestMethod, Membership, Role, Sex};
use crate::ops::{Attendance, EntryKind};
use crate::store::{NewClub, NewFundEntry, NewLoan, NewMeeting, NewMember, Store};
use std::sync::Arc;

fn store(now: &str) -> Store {
    Store::open_in_memory("phone-1", Arc::new(FixedClock::new(at(now)))).expect("store")
}

fn person(name: &str, sex: Sex, birth_year: i32, joined_on: NaiveDate) -> NewMember {
    NewMember {
        full_name: name.to_string(),
        sex,
        birth: Birth::Year(birth_year),
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

fn fund(
    s: &mut Store,
    club: &str,
    fund: Fund,
    kind: EntryKind,
    amount: i64,
    on: NaiveDate,
) -> String {
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
    .expect("fund entry")
    .id
}

/// The entry id of a loan's disbursement.
fn disbursement_entry(s: &Store, club: &str, loan: &str) -> String {
    s.fund_statement(club, Fund::IncomeGeneration)
        .unwrap()
        .lines
        .into_iter()
        .find(|l| l.entry.loan_id.as_deref() == Some(loan) && l.entry.amount < 0)
        .expect("the disbursement")
        .entry
        .id
}

struct March {
    club: String,
    ids: HashMap<&'static str, String>,
}

/// "CLB Xuân Lộc 2" in Xã Xuân Lộc (26425), founded 2024, and its March
/// 2026, recorded on 10 April 2026 (the store's clock).
///
/// People (joined 1 January 2025 unless said; birth years):
/// - Trần Văn Chủ 1950: chair, treasurer, home-care volunteer.
/// - Nguyễn Thị Hoa 1965, Lê Thị Lan 1955 (home-care volunteer), Phạm Văn
///   Minh 1980, Võ Thị Mai 1990.
/// - Đỗ Thị Hạnh 1948: member and care recipient.
/// - Bùi Văn Tâm 1952: leaves on 20 March 2026 ("chuyển nơi ở").
/// - Hồ Thị Thu 1970: joins on 5 March 2026.
/// - Cao Thị Bình 1935 and Đặng Thị Sen 1938: care recipients only.
///
/// Before March. Income-generation fund: grant 50.000.000 (2025-01-10).
/// Loans, all flat:
/// - L2 Minh 4.000.000, 10 months at 0 (2025-10-15; 400.000 due on the
///   15th from November): only November's paid.
/// - L1 Hoa 6.000.000, 12 months at 1% (2025-12-05; 500.000 + 60.000 due on
///   the 5th): January and February paid.
/// - L0 Chủ 1.000.000, 2 months at 0 (2026-01-10; 500.000 due 10 February
///   and 10 March).
/// - L3 Lan 2.000.000, 4 months at 0 (2026-01-20; 500.000 due on the 20th
///   from February): nothing paid.
/// - L4 Mai 3.000.000, 6 months at 0 (2026-02-10; 500.000 due on the 10th).
/// - L7 Hạnh 1.200.000, 6 months at 0 (2026-02-15; 200.000 due on the 15th).
///
/// Activity fund: contribution 3.000.000 (2025-01-10), expense 400.000
/// (2026-02-20). Savings: Hoa 200.000 (2026-01-15), Tâm 100.000
/// (2026-02-01), Lan 300.000 (2026-02-15). Visits: Lan→Sen 2026-02-10,
/// Lan→Hạnh 2026-02-25.
///
/// March 2026:
/// - L6 Tâm 2.000.000 disbursed on the 2nd, reversed on the 3rd.
/// - Hoa repays 560.000 on the 5th, and the same again by mistake, reversed
///   on the 6th.
/// - L0: Chủ's March installment (10th) is recorded first, then his
///   February one (10 February), backdated.
/// - L5 Thu 1.000.000, 5 months at 0, on the 12th.
/// - Grant 10.000.000 on the 18th; bank interest 150.000 on the 31st.
/// - Activity fund on the 15th: fees 600.000, contribution 1.000.000,
///   expense 350.000; an expense of 200.000 on the 22nd, reversed on the 23rd.
/// - L2 written off on the 25th with 3.600.000 outstanding.
/// - Savings on the 15th: Hoa +100.000, Lan −50.000, Thu +50.000, Mai
///   +80.000 (reversed on the 16th); Tâm withdraws 100.000 on the 19th.
/// - Visits: Lan→Hạnh 3rd 60 min 150/95; Lan→Bình 10th 45 min 185/110;
///   Chủ→Bình 17th 30 min; Chủ→Hạnh 20th 90 min 130/85, voided.
/// - Meeting on the 15th: Chủ 128/82, Hoa 142/88, Lan, Minh 118/76, Tâm, Thu.
/// - Last, Mai's 500.000 of 10 March is recorded (backdated).
fn march(s: &mut Store) -> March {
    let club = s
        .create_club(NewClub {
            name: "CLB Xuân Lộc 2".to_string(),
            commune_code: 26425,
            founded_on: d(2024, 6, 15),
            activity_areas: None,
        })
        .expect("club")
        .id;
    let joined = d(2025, 1, 1);
    let mut ids = HashMap::new();
    let mut reg = |key: &'static str, m: NewMember| {
        let id = s.register_member(&club, m).expect("member").member.id;
        ids.insert(key, id);
    };
    let (member, recipient_only) = (Membership::Member, Membership::RecipientOnly);
    for (key, name, sex, year, on, membership) in [
        ("hoa", "Nguyễn Thị Hoa", Sex::Female, 1965, joined, member),
        ("minh", "Phạm Văn Minh", Sex::Male, 1980, joined, member),
        ("mai", "Võ Thị Mai", Sex::Female, 1990, joined, member),
        ("tam", "Bùi Văn Tâm", Sex::Male, 1952, joined, member),
        (
            "thu",
            "Hồ Thị Thu",
            Sex::Female,
            1970,
            d(2026, 3, 5),
            member,
        ),
        (
            "binh",
            "Cao Thị Bình",
            Sex::Female,
            1935,
            joined,
            recipient_only,
        ),
        (
            "sen",
            "Đặng Thị Sen",
            Sex::Female,
            1938,
            joined,
            recipient_only,
        ),
        ("duc", "Mai Văn Đức", Sex::Male, 1985, d(2026, 4, 2), member),
    ] {
        reg(
            key,
            NewMember {
                membership,
                ..person(name, sex, year, on)
            },
        );
    }
    for (key, name, sex, year, roles) in [
        (
            "chu",
            "Trần Văn Chủ",
            Sex::Male,
            1950,
            vec![Role::Chair, Role::Treasurer, Role::HomeCareVolunteer],
        ),
        (
            "lan",
            "Lê Thị Lan",
            Sex::Female,
            1955,
            vec![Role::HomeCareVolunteer],
        ),
        (
            "hanh",
            "Đỗ Thị Hạnh",
            Sex::Female,
            1948,
            vec![Role::CareRecipient],
        ),
    ] {
        reg(
            key,
            NewMember {
                roles,
                ..person(name, sex, year, joined)
            },
        );
    }
    let id = |k: &str| ids[k].clone();
    s.set_author(&id("chu"));

    use EntryKind::*;
    use Fund::*;
    // Before March.
    fund(
        s,
        &club,
        IncomeGeneration,
        Grant,
        50_000_000,
        d(2025, 1, 10),
    );
    fund(s, &club, Activity, Contribution, 3_000_000, d(2025, 1, 10));
    let l2 = disburse(s, &id("minh"), 4_000_000, 10, 0, d(2025, 10, 15));
    s.repay_loan(&l2, 400_000, d(2025, 11, 15)).unwrap();
    let l1 = disburse(s, &id("hoa"), 6_000_000, 12, 100, d(2025, 12, 5));
    s.repay_loan(&l1, 560_000, d(2026, 1, 5)).unwrap();
    let l0 = disburse(s, &id("chu"), 1_000_000, 2, 0, d(2026, 1, 10));
    s.deposit(&id("hoa"), 200_000, d(2026, 1, 15), "").unwrap();
    let l3 = disburse(s, &id("lan"), 2_000_000, 4, 0, d(2026, 1, 20));
    s.deposit(&id("tam"), 100_000, d(2026, 2, 1), "").unwrap();
    s.repay_loan(&l1, 560_000, d(2026, 2, 5)).unwrap();
    let l4 = disburse(s, &id("mai"), 3_000_000, 6, 0, d(2026, 2, 10));
    let l7 = disburse(s, &id("hanh"), 1_200_000, 6, 0, d(2026, 2, 15));
    s.deposit(&id("lan"), 300_000, d(2026, 2, 15), "").unwrap();
    fund(s, &club, Activity, Expense, 400_000, d(2026, 2, 20));
    visit(
        s,
        &id("lan"),
        &id("sen"),
        "2026-02-10T09:00:00+07:00",
        30,
        None,
    );
    visit(
        s,
        &id("lan"),
        &id("hanh"),
        "2026-02-25T09:00:00+07:00",
        40,
        None,
    );

    // March.
    let l6 = disburse(s, &id("tam"), 2_000_000, 4, 0, d(2026, 3, 2));
    let l6_entry = disbursement_entry(s, &club, &l6);
    s.reverse_entry(&l6_entry, "ghi nhầm người vay", d(2026, 3, 3))
        .unwrap();
    s.repay_loan(&l1, 560_000, d(2026, 3, 5)).unwrap();
    let twice = s.repay_loan(&l1, 560_000, d(2026, 3, 5)).unwrap();
    s.reverse_entry(&twice.entry.id, "ghi hai lần", d(2026, 3, 6))
        .unwrap();
    s.repay_loan(&l0, 500_000, d(2026, 3, 10)).unwrap();
    s.repay_loan(&l0, 500_000, d(2026, 2, 10)).unwrap();
    let l5 = disburse(s, &id("thu"), 1_000_000, 5, 0, d(2026, 3, 12));
    fund(
        s,
        &club,
        IncomeGeneration,
        Grant,
        10_000_000,
        d(2026, 3, 18),
    );
    fund(
        s,
        &club,
        IncomeGeneration,
        InterestIncome,
        150_000,
        d(2026, 3, 31),
    );
    fund(s, &club, Activity, MembershipFee, 600_000, d(2026, 3, 15));
    fund(s, &club, Activity, Contribution, 1_000_000, d(2026, 3, 15));
    fund(s, &club, Activity, Expense, 350_000, d(2026, 3, 15));
    let mistaken = fund(s, &club, Activity, Expense, 200_000, d(2026, 3, 22));
    s.reverse_entry(&mistaken, "ghi nhầm", d(2026, 3, 23))
        .unwrap();
    s.write_off_loan(&l2, d(2026, 3, 25), "không có khả năng trả")
        .unwrap();
    s.deposit(&id("hoa"), 100_000, d(2026, 3, 15), "").unwrap();
    s.withdraw(&id("lan"), 50_000, d(2026, 3, 15), "").unwrap();
    s.deposit(&id("thu"), 50_000, d(2026, 3, 15), "").unwrap();
    let wrong = s.deposit(&id("mai"), 80_000, d(2026, 3, 15), "").unwrap();
    s.reverse_entry(&wrong.id, "ghi nhầm", d(2026, 3, 16))
        .unwrap();
    s.withdraw(&id("tam"), 100_000, d(2026, 3, 19), "").unwrap();
    s.record_leave(&id("tam"), d(2026, 3, 20), "chuyển nơi ở")
        .unwrap();
    visit(
        s,
        &id("lan"),
        &id("hanh"),
        "2026-03-03T09:00:00+07:00",
        60,
        Some((150, 95)),
    );
    visit(
        s,
        &id("lan"),
        &id("binh"),
        "2026-03-10T08:00:00+07:00",
        45,
        Some((185, 110)),
    );
    visit(
        s,
        &id("chu"),
        &id("binh"),
        "2026-03-17T08:00:00+07:00",
        30,
        None,
    );
    let v4 = visit(
        s,
        &id("chu"),
        &id("hanh"),
        "2026-03-20T08:00:00+07:00",
        90,
        Some((130, 85)),
    );
    s.void_visit(&v4, "ghi nhầm").unwrap();
    let reading = |k: &str, bp: Option<(u16, u16)>| Attendance {
        member_id: ids[k].clone(),
        systolic: bp.map(|b| b.0),
        diastolic: bp.map(|b| b.1),
    };
    s.record_meeting(
        &club,
        NewMeeting {
            held_on: d(2026, 3, 15),
            topic: "Sinh hoạt định kỳ tháng 3".to_string(),
            attendees: vec![
                reading("chu", Some((128, 82))),
                reading("hoa", Some((142, 88))),
                reading("lan", None),
                reading("minh", Some((118, 76))),
                reading("tam", None),
                reading("thu", None),
            ],
        },
    )
    .unwrap();
    s.repay_loan(&l4, 500_000, d(2026, 3, 10)).unwrap();

    for (k, v) in [
        ("l0", l0),
        ("l1", l1),
        ("l2", l2),
        ("l3", l3),
        ("l4", l4),
        ("l5", l5),
        ("l6", l6),
        ("l7", l7),
    ] {
        ids.insert(k, v);
    }
    March { club, ids }
}

fn band(loans: u32, outstanding: i64, overdue_amount: i64) -> OverdueBand {
    OverdueBand {
        loans,
        outstanding,
        overdue_amount,
    }
}

#[test]
fn a_club_month_every_figure() {
    let mut s = store("2026-04-10T09:00:00+07:00");
    let m = march(&mut s);
    let id = |k: &str| m.ids[k].clone();
    let r = s.monthly_report(&m.club, 2026, 3).unwrap();

    assert_eq!(r.club.name, "CLB Xuân Lộc 2");
    assert_eq!(r.month.to_string(), "2026-03");
    assert_eq!(
        (r.period.from, r.period.to),
        (d(2026, 3, 1), d(2026, 3, 31))
    );

    // Income-generation fund. Opening: 50.000.000 − loans 4.000.000,
    // 6.000.000, 1.000.000, 2.000.000, 3.000.000, 1.200.000 (17.200.000) +
    // repayments 400.000, 560.000 × 2 and Chủ's backdated 500.000 of 10
    // February (2.020.000) = 34.820.000. March: L6 and its reversal and the
    // repeated 560.000 and its reversal are left out; in: grant 10.000.000,
    // interest 150.000, repayments 560.000 + 500.000 + 500.000; out: L5's
    // 1.000.000. Closing 34.820.000 + 11.710.000 − 1.000.000 = 45.530.000.
    assert_eq!(
        r.funds[0],
        FundMonth {
            fund: Fund::IncomeGeneration,
            opening: 34_820_000,
            inflows: FundInflows {
                grants: 10_000_000,
                contributions: 0,
                membership_fees: 0,
                interest_income: 150_000,
                loan_repayments: 1_560_000,
                total: 11_710_000,
            },
            outflows: FundOutflows {
                loan_disbursements: 1_000_000,
                expenses: 0,
                total: 1_000_000,
            },
            closing: 45_530_000,
        }
    );
    // Activity fund: 3.000.000 − 400.000 = 2.600.000; in fees 600.000 and a
    // contribution 1.000.000, out 350.000 (the 200.000 was reversed):
    // 3.850.000.
    assert_eq!(
        r.funds[1],
        FundMonth {
            fund: Fund::Activity,
            opening: 2_600_000,
            inflows: FundInflows {
                grants: 0,
                contributions: 1_000_000,
                membership_fees: 600_000,
                interest_income: 0,
                loan_repayments: 0,
                total: 1_600_000,
            },
            outflows: FundOutflows {
                loan_disbursements: 0,
                expenses: 350_000,
                total: 350_000,
            },
            closing: 3_850_000,
        }
    );
    // The closing balances are the store's own balances (every entry is
    // dated by the month's end).
    assert_eq!(
        s.fund_balance(&m.club, Fund::IncomeGeneration).unwrap(),
        45_530_000
    );
    assert_eq!(s.fund_balance(&m.club, Fund::Activity).unwrap(), 3_850_000);

    // Loans on 28 February: L2 3.600.000, L1 5.000.000, L0 500.000, L3
    // 2.000.000, L4 3.000.000, L7 1.200.000 = 15.300.000 in 6 loans. March:
    // L5 disbursed (L6 reversed); 1.560.000 repaid, of which principal
    // 500.000 (L1) + 500.000 (L0) + 500.000 (L4) and interest 60.000 (L1);
    // L2 written off with 3.600.000. On 31 March: L1 4.500.000, L3
    // 2.000.000, L4 2.500.000, L7 1.200.000, L5 1.000.000 = 11.200.000 in 5
    // loans (15.300.000 + 1.000.000 − 1.500.000 − 3.600.000). L7's first
    // 200.000 fell due on 15 March: 16 days; L3's on 20 February: 39 days,
    // with 1.000.000 overdue. PAR30 = 2.000.000 / 11.200.000 = 17,86%.
    assert_eq!(
        r.loans,
        LoanMonth {
            loans_at_start: 6,
            outstanding_at_start: 15_300_000,
            disbursed_count: 1,
            disbursed: 1_000_000,
            repaid: 1_560_000,
            principal_repaid: 1_500_000,
            interest_repaid: 60_000,
            repaid_beyond_schedule: 0,
            written_off_count: 1,
            written_off: 3_600_000,
            active_loans: 5,
            outstanding: 11_200_000,
            overdue: band(2, 3_200_000, 1_200_000),
            days_1_30: band(1, 1_200_000, 200_000),
            days_31_90: band(1, 2_000_000, 1_000_000),
            days_over_90: band(0, 0, 0),
            par30: PortfolioAtRisk {
                days: 30,
                outstanding: 11_200_000,
                at_risk: 2_000_000,
                ratio_bp: 1_786,
            },
        }
    );
    // The table, by given name: Chủ, Hạnh, Hoa, Lan, Mai, Minh, Thu (Tâm's
    // reversed loan is not a loan).
    // Columns: principal, disbursed, principal and interest repaid in
    // March, outstanding, days past due, overdue, written off, state.
    let rows: Vec<String> = r
        .loan_rows
        .iter()
        .map(|l| {
            format!(
                "{} | {} | {} | {} {} | {} | {} | {} | {} | {:?}",
                l.borrower_name,
                l.principal,
                l.disbursed_on,
                l.principal_repaid,
                l.interest_repaid,
                l.outstanding,
                l.days_past_due,
                l.overdue_amount,
                l.written_off,
                l.state
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "Trần Văn Chủ | 1000000 | 2026-01-10 | 500000 0 | 0 | 0 | 0 | 0 | Repaid",
            "Đỗ Thị Hạnh | 1200000 | 2026-02-15 | 0 0 | 1200000 | 16 | 200000 | 0 | Active",
            "Nguyễn Thị Hoa | 6000000 | 2025-12-05 | 500000 60000 | 4500000 | 0 | 0 | 0 | Active",
            "Lê Thị Lan | 2000000 | 2026-01-20 | 0 0 | 2000000 | 39 | 1000000 | 0 | Active",
            "Võ Thị Mai | 3000000 | 2026-02-10 | 500000 0 | 2500000 | 0 | 0 | 0 | Active",
            "Phạm Văn Minh | 4000000 | 2025-10-15 | 0 0 | 0 | 0 | 0 | 3600000 | WrittenOff",
            "Hồ Thị Thu | 1000000 | 2026-03-12 | 0 0 | 1000000 | 0 | 0 | 0 | Active",
        ]
    );
    let loan_ids: Vec<&str> = r.loan_rows.iter().map(|l| l.loan_id.as_str()).collect();
    assert_eq!(
        loan_ids,
        ["l0", "l7", "l1", "l3", "l4", "l2", "l5"].map(|k| m.ids[k].as_str())
    );
    assert_eq!(r.loan_rows[2].borrower_id, id("hoa"));
    assert_eq!(
        (r.loan_rows[2].term_months, r.loan_rows[2].monthly_rate_bp),
        (12, 100)
    );

    // Savings: 200.000 + 100.000 + 300.000 = 600.000 on 28 February; in
    // 100.000 + 50.000 (Mai's 80.000 reversed), out 50.000 + 100.000;
    // savers on 31 March: Hoa 300.000, Lan 250.000, Thu 50.000 (Tâm 0).
    assert_eq!(
        r.savings,
        SavingsMonth {
            opening: 600_000,
            deposits: 150_000,
            withdrawals: 150_000,
            closing: 600_000,
            savers: 3,
        }
    );

    // Home care: volunteers Chủ and Lan; recipients Hạnh, Bình, Sen. Visits
    // (the voided one left out): Lan→Hạnh 60, Lan→Bình 45, Chủ→Bình 30 =
    // 135 minutes; two readings, 150/95 hypertension and 185/110 crisis. Sen
    // was not visited; her last visit was on 10 February.
    assert_eq!(
        r.home_care,
        HomeCareMonth {
            volunteers: 2,
            volunteers_visiting: 2,
            recipients: 3,
            recipients_visited: 2,
            visits: 3,
            visit_minutes: 135,
            visits_voided: 1,
            readings: 2,
            hypertension: 1,
            crisis: 1,
            recipients_not_visited: vec![RecipientNotVisited {
                id: id("sen"),
                name: "Đặng Thị Sen".into(),
                hamlet: "Ấp 3".into(),
                last_visit_on: Some(d(2026, 2, 10)),
            }],
        }
    );

    // Meetings: one, six attending, three readings, Hoa's 142/88 flagged.
    // Members checked on 31 March: Chủ, Hoa, Minh (meeting) and Hạnh
    // (visit) of the 7 active; people checked also Bình: 5.
    assert_eq!(r.meetings.meetings.len(), 1);
    let mt = &r.meetings.meetings[0];
    assert_eq!(
        (
            mt.held_on,
            mt.topic.as_str(),
            mt.attendees,
            mt.readings,
            mt.hypertension,
            mt.crisis
        ),
        (d(2026, 3, 15), "Sinh hoạt định kỳ tháng 3", 6, 3, 1, 0)
    );
    assert_eq!(r.meetings.attendance, 6);
    assert_eq!(r.meetings.members_checked, Share::new(4, 7));
    assert_eq!(r.meetings.people_checked, 5);

    // Flagged readings by given name: Bình, Hạnh, Hoa.
    let flagged: Vec<(&str, NaiveDate, u16, u16, BpFlag, ReadingSource)> = r
        .flagged_readings
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.on,
                f.systolic,
                f.diastolic,
                f.flag,
                f.source,
            )
        })
        .collect();
    assert_eq!(
        flagged,
        vec![
            (
                "Cao Thị Bình",
                d(2026, 3, 10),
                185,
                110,
                BpFlag::HypertensiveCrisis,
                ReadingSource::Visit
            ),
            (
                "Đỗ Thị Hạnh",
                d(2026, 3, 3),
                150,
                95,
                BpFlag::Hypertension,
                ReadingSource::Visit
            ),
            (
                "Nguyễn Thị Hoa",
                d(2026, 3, 15),
                142,
                88,
                BpFlag::Hypertension,
                ReadingSource::Meeting
            ),
        ]
    );
    assert_eq!(r.flagged_readings[0].person_id, id("binh"));

    // Members: 7 on 28 February (Chủ, Hoa, Lan, Minh, Mai, Hạnh, Tâm); Thu
    // joined, Tâm left; 7 on 31 March (Đức joins in April). Composition of
    // the 7: women Hoa, Lan, Mai, Hạnh, Thu (5); 60 or over Chủ, Hoa, Lan,
    // Hạnh (4); under 60 Minh, Mai, Thu (3); 7 is below 50: not met.
    let mm = &r.members;
    assert_eq!((mm.at_start, mm.at_end), (7, 7));
    assert_eq!(
        mm.joined,
        vec![MemberChange {
            id: id("thu"),
            name: "Hồ Thị Thu".into(),
            hamlet: "Ấp 3".into(),
            on: d(2026, 3, 5),
            reason: None,
        }]
    );
    assert_eq!(
        mm.left,
        vec![MemberChange {
            id: id("tam"),
            name: "Bùi Văn Tâm".into(),
            hamlet: "Ấp 3".into(),
            on: d(2026, 3, 20),
            reason: Some("chuyển nơi ở".into()),
        }]
    );
    let c = &mm.composition;
    assert_eq!(c.as_of, d(2026, 3, 31));
    assert_eq!((c.members, c.women, c.older, c.younger), (7, 5, 4, 3));
    assert!(!mm.composition_met);

    // The figures the indicators also give are theirs.
    let x = s
        .club_indicators(&m.club, Period::month(2026, 3).unwrap())
        .unwrap();
    assert_eq!(r.loans.par30, x.loans.par30);
    assert_eq!(r.funds[0].closing, x.funds.income_generation.balance);
    assert_eq!(r.home_care.visit_minutes, x.home_care.visit_minutes);
    assert_eq!(r.members.at_end, x.members.active);

    // The JSON carries integers only.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["month"], "2026-03");
    assert_eq!(json["funds"][0]["closing"], 45_530_000);
    assert_eq!(json["loans"]["par30"]["ratio_bp"], 1_786);
    assert_eq!(json["loan_rows"][5]["state"], "written_off");
    assert_eq!(json["flagged_readings"][0]["flag"], "hypertensive_crisis");
}

#[test]
fn the_months_around_it() {
    let mut s = store("2026-04-10T09:00:00+07:00");
    let m = march(&mut s);
    // February: the backdated 500.000 of 10 February counts in it, so its
    // closing is March's opening.
    let feb = s.monthly_report(&m.club, 2026, 2).unwrap();
    assert_eq!(feb.funds[0].inflows.loan_repayments, 560_000 + 500_000);
    assert_eq!(feb.funds[0].closing, 34_820_000);
    assert_eq!(feb.funds[1].closing, 2_600_000);
    assert_eq!(feb.savings.closing, 600_000);
    assert_eq!(feb.loans.outstanding, 15_300_000);
    // On 28 February: L2 Minh is 75 days late (unpaid since 15 December:
    // 3 × 400.000 due) on 3.600.000; L3 Lan 8 days (20 February: 500.000)
    // on 2.000.000; L0's installment was paid on its due date, backdated.
    assert_eq!(feb.loans.overdue, band(2, 5_600_000, 1_700_000));
    assert_eq!(feb.loans.days_1_30, band(1, 2_000_000, 500_000));
    assert_eq!(feb.loans.days_31_90, band(1, 3_600_000, 1_200_000));
    assert_eq!(feb.loans.par30.at_risk, 3_600_000);
    let l2 = feb
        .loan_rows
        .iter()
        .find(|l| l.loan_id == m.ids["l2"])
        .unwrap();
    assert_eq!((l2.days_past_due, l2.state), (75, LoanState::Active));
    // April: Đức joins; the month is empty otherwise, and L2, written off
    // in March, is no longer in the table.
    let apr = s.monthly_report(&m.club, 2026, 4).unwrap();
    assert_eq!(apr.funds[0].opening, 45_530_000);
    assert_eq!(apr.funds[0].closing, 45_530_000);
    assert_eq!((apr.members.at_start, apr.members.at_end), (7, 8));
    assert_eq!(apr.members.joined[0].name, "Mai Văn Đức");
    assert_eq!(apr.loans.written_off_count, 0);
    assert!(apr.loan_rows.iter().all(|l| l.state == LoanState::Active));
    assert_eq!(apr.loan_rows.len(), 5);
}

#[test]
fn refusals() {
    let mut s = store("2026-04-10T09:00:00+07:00");
    let m = march(&mut s);
    let code = |e: Error| e.field_error().map(|f| (f.code.clone(), f.field.clone()));
    assert_eq!(
        code(s.monthly_report(&m.club, 2026, 13).unwrap_err()),
        Some(("period.month".into(), "month".into()))
    );
    assert_eq!(
        code(s.monthly_report(&m.club, 10_000, 1).unwrap_err()),
        Some(("period.year".into(), "year".into()))
    );
    assert!(matches!(
        s.monthly_report("no-such-club", 2026, 3).unwrap_err(),
        Error::NotFound { entity: "club", .. }
    ));
    // An entry written behind the app's back, of a kind no fund takes,
    // breaks the fund's figures: refused with the fund named, not shown.
    s.connection()
        .execute(
            "INSERT INTO journal (id, op_id, club_id, ledger, kind, amount, entry_on, memo, recorded_at)
             VALUES ('x', 'x', ?1, 'activity', 'deposit', 5000, '2026-03-09', '', '2026-03-09T00:00:00+07:00')",
            [&m.club],
        )
        .unwrap();
    assert_eq!(
        code(s.monthly_report(&m.club, 2026, 3).unwrap_err()),
        Some(("indicators.inconsistent".into(), "funds.activity".into()))
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// One action on the generated club; amounts in thousands of đồng,
    /// days from 1 January 2025. Refused actions (more than a balance,
    /// overpayments, a person who left) are skipped, as a treasurer's
    /// refused entries are.
    #[derive(Debug, Clone)]
    enum Act {
        Fund {
            activity: bool,
            kind: u8,
            amount: i64,
            day: i64,
        },
        Loan {
            who: usize,
            principal: i64,
            months: u32,
            bp: u32,
            day: i64,
        },
        Repay {
            loan: usize,
            amount: i64,
            day: i64,
        },
        Save {
            who: usize,
            amount: i64,
            withdraw: bool,
            day: i64,
        },
        Reverse {
            nth: usize,
            after: i64,
        },
        WriteOff {
            loan: usize,
            day: i64,
        },
        Leave {
            who: usize,
            day: i64,
        },
    }

    fn act() -> impl Strategy<Value = Act> {
        let day = 0i64..540;
        prop_oneof![
            3 => (any::<bool>(), 0u8..5, 1i64..20_000, day.clone())
                .prop_map(|(activity, kind, amount, day)| Act::Fund { activity, kind, amount, day }),
            3 => (0usize..5, 1i64..10_000, 1u32..13, 0u32..300, day.clone())
                .prop_map(|(who, principal, months, bp, day)| Act::Loan { who, principal, months, bp, day }),
            5 => (0usize..8, 1i64..1_500, day.clone())
                .prop_map(|(loan, amount, day)| Act::Repay { loan, amount, day }),
            2 => (0usize..5, 1i64..2_000, any::<bool>(), day.clone())
                .prop_map(|(who, amount, withdraw, day)| Act::Save { who, amount, withdraw, day }),
            3 => (0usize..40, 0i64..40)
                .prop_map(|(nth, after)| Act::Reverse { nth, after }),
            1 => (0usize..8, day.clone()).prop_map(|(loan, day)| Act::WriteOff { loan, day }),
            1 => (0usize..5, day).prop_map(|(who, day)| Act::Leave { who, day }),
        ]
    }

    /// The `n`th item, counting round (so most picks hit something).
    fn pick<T>(items: &[T], n: usize) -> Option<&T> {
        (!items.is_empty()).then(|| &items[n % items.len()])
    }

    fn play(acts: &[Act]) -> (Store, String) {
        let mut s = store("2026-12-31T09:00:00+07:00");
        let start = d(2025, 1, 1);
        let club = s
            .create_club(NewClub {
                name: "CLB sinh".to_string(),
                commune_code: 26425,
                founded_on: d(2024, 1, 1),
                activity_areas: None,
            })
            .unwrap()
            .id;
        let mut people = vec![];
        for (i, name) in [
            "Trần Văn An",
            "Lê Thị Bích",
            "Phạm Văn Cường",
            "Võ Thị Dung",
            "Đỗ Văn Em",
        ]
        .iter()
        .enumerate()
        {
            let m = NewMember {
                roles: if i == 0 {
                    vec![Role::Treasurer]
                } else {
                    vec![]
                },
                ..person(name, Sex::Female, 1950 + i as i32, d(2024, 6, 1))
            };
            people.push(s.register_member(&club, m).unwrap().member.id);
        }
        s.set_author(&people[0]);
        let day = |n: i64| start + chrono::Days::new(n as u64);
        let mut loans: Vec<String> = vec![];
        let mut entries: Vec<(String, NaiveDate)> = vec![];
        // Each fund starts with money, so loans and expenses can go out.
        for (f, amount) in [
            (Fund::IncomeGeneration, 20_000_000),
            (Fund::Activity, 2_000_000),
        ] {
            let kind = EntryKind::Grant;
            let e = s
                .record_fund_entry(
                    &club,
                    NewFundEntry {
                        fund: f,
                        kind,
                        amount,
                        entry_on: start,
                        memo: String::new(),
                        member_id: None,
                    },
                )
                .unwrap();
            entries.push((e.id, e.entry_on));
        }
        for a in acts {
            match a {
                Act::Fund {
                    activity,
                    kind,
                    amount,
                    day: n,
                } => {
                    let kind = [
                        EntryKind::Grant,
                        EntryKind::Contribution,
                        EntryKind::MembershipFee,
                        EntryKind::InterestIncome,
                        EntryKind::Expense,
                    ][*kind as usize];
                    let f = if *activity {
                        Fund::Activity
                    } else {
                        Fund::IncomeGeneration
                    };
                    if let Ok(e) = s.record_fund_entry(
                        &club,
                        NewFundEntry {
                            fund: f,
                            kind,
                            amount: amount * 1_000,
                            entry_on: day(*n),
                            memo: String::new(),
                            member_id: None,
                        },
                    ) {
                        entries.push((e.id, e.entry_on));
                    }
                }
                Act::Loan {
                    who,
                    principal,
                    months,
                    bp,
                    day: n,
                } => {
                    if let Ok(v) = s.disburse_loan(NewLoan {
                        borrower_id: people[*who].clone(),
                        principal: principal * 1_000,
                        disbursed_on: day(*n),
                        term_months: *months,
                        monthly_rate_bp: *bp,
                        method: if bp % 2 == 0 {
                            InterestMethod::Flat
                        } else {
                            InterestMethod::DecliningBalance
                        },
                        purpose: String::new(),
                    }) {
                        let entry = disbursement_entry(&s, &club, &v.loan.id);
                        entries.push((entry, v.loan.disbursed_on));
                        loans.push(v.loan.id);
                    }
                }
                Act::Repay {
                    loan,
                    amount,
                    day: n,
                } => {
                    if let Some(l) = pick(&loans, *loan) {
                        if let Ok(r) = s.repay_loan(l, amount * 1_000, day(*n)) {
                            entries.push((r.entry.id, r.entry.entry_on));
                        }
                    }
                }
                Act::Save {
                    who,
                    amount,
                    withdraw,
                    day: n,
                } => {
                    let r = if *withdraw {
                        s.withdraw(&people[*who], amount * 1_000, day(*n), "")
                    } else {
                        s.deposit(&people[*who], amount * 1_000, day(*n), "")
                    };
                    if let Ok(e) = r {
                        entries.push((e.id, e.entry_on));
                    }
                }
                Act::Reverse { nth, after } => {
                    if let Some((id, on)) = pick(&entries, *nth) {
                        let _ = s.reverse_entry(id, "sửa", *on + chrono::Days::new(*after as u64));
                    }
                }
                Act::WriteOff { loan, day: n } => {
                    if let Some(l) = pick(&loans, *loan) {
                        let _ = s.write_off_loan(l, day(*n), "xóa");
                    }
                }
                Act::Leave { who, day: n } => {
                    if *who > 0 {
                        let _ = s.record_leave(&people[*who], day(*n), "chuyển đi");
                    }
                }
            }
        }
        (s, club)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Every fund and savings: opening + in − out = closing, the kinds
        /// add up to the totals, each month opens where the last closed,
        /// and after the last entry the closing balances are the store's
        /// own balances. Members: at the start + joined − left = at the end.
        #[test]
        fn every_month_balances(acts in proptest::collection::vec(act(), 1..60)) {
            let (s, club) = play(&acts);
            let mut last: Option<ClubMonthlyReport> = None;
            for (y, mo) in (1..=12).map(|m| (2025, m)).chain((1..=8).map(|m| (2026, m))) {
                let r = s.monthly_report(&club, y, mo).unwrap();
                for f in &r.funds {
                    let i = f.inflows;
                    let o = f.outflows;
                    prop_assert_eq!(f.opening + i.total - o.total, f.closing);
                    prop_assert_eq!(
                        i.grants + i.contributions + i.membership_fees + i.interest_income + i.loan_repayments,
                        i.total
                    );
                    prop_assert_eq!(o.loan_disbursements + o.expenses, o.total);
                    prop_assert!(i.grants >= 0 && i.loan_repayments >= 0 && o.expenses >= 0);
                }
                let sv = r.savings;
                prop_assert_eq!(sv.opening + sv.deposits - sv.withdrawals, sv.closing);
                let mm = &r.members;
                prop_assert_eq!(
                    i64::from(mm.at_start) + mm.joined.len() as i64 - mm.left.len() as i64,
                    i64::from(mm.at_end)
                );
                prop_assert_eq!(
                    r.loans.repaid,
                    r.loans.principal_repaid + r.loans.interest_repaid + r.loans.repaid_beyond_schedule
                );
                prop_assert_eq!(r.funds[0].outflows.loan_disbursements, r.loans.disbursed);
                prop_assert_eq!(r.funds[0].inflows.loan_repayments, r.loans.repaid);
                prop_assert_eq!(r.funds[1].inflows.loan_repayments, 0);
                if let Some(prev) = &last {
                    for (a, b) in prev.funds.iter().zip(&r.funds) {
                        prop_assert_eq!(a.closing, b.opening);
                    }
                    prop_assert_eq!(prev.savings.closing, sv.opening);
                    prop_assert_eq!(prev.members.at_end, mm.at_start);
                    prop_assert_eq!(prev.loans.outstanding, r.loans.outstanding_at_start);
                }
                last = Some(r);
            }
            // Entries and reversals are dated by 1 August 2026 at the latest
            // (539 + 39 days from 1 January 2025).
            let last = last.unwrap();
            prop_assert_eq!(last.funds[0].closing, s.fund_balance(&club, Fund::IncomeGeneration).unwrap());
            prop_assert_eq!(last.funds[1].closing, s.fund_balance(&club, Fund::Activity).unwrap());
        }
    }
}
