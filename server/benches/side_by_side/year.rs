//! A year (2025) of one 60-member club, played on a phone's store from a
//! seed: registrations (52 in January, one a month February–September),
//! the grant, a meeting a month with attendance and blood-pressure
//! readings, savings deposits at the meetings, two loans a month and their
//! monthly installments, and four home-care visits a month to each of the
//! ten care recipients, with readings. The same seed gives the same
//! records (names, dates, amounts, readings); only the ids (UUIDv7) and
//! hybrid-logical-clock stamps differ between runs.
//!
//! The store's clock is a [`FixedClock`] moved to each day's evening before
//! the day's records, so `recorded_at` runs through the year as on a phone
//! used at the time.

use chrono::{Duration, NaiveDate, TimeZone};
use ishc_core::clock::FixedClock;
use ishc_core::model::{
    vietnam_offset, Birth, Fund, HouseholdStatus, InterestMethod, Membership, Role, Service, Sex,
    Vitals,
};
use ishc_core::ops::{Attendance, EntryKind};
use ishc_core::store::{NewFundEntry, NewLoan, NewMeeting, NewMember, NewVisit, Store};
use std::sync::Arc;

/// The year played.
pub const YEAR: i32 = 2025;
/// Members at the end of the year.
pub const MEMBERS: usize = 60;
/// Members registered in January; one more joins each month after, until
/// there are [`MEMBERS`].
const JANUARY_MEMBERS: usize = 52;
/// The grant recorded into the income-generation fund in January, đồng.
pub const GRANT: i64 = 120_000_000;
/// Loans disbursed each month.
const LOANS_PER_MONTH: usize = 2;
/// Visits a month to each care recipient (days 1, 8, 15, 22).
const VISIT_DAYS: [u32; 4] = [1, 8, 15, 22];

/// Member 0 chairs and keeps the money; 1–6 are home-care volunteers;
/// 7–16 are cared for; the rest are members without a role.
fn roles(i: usize) -> Vec<Role> {
    match i {
        0 => vec![Role::Chair, Role::Treasurer],
        1..=6 => vec![Role::HomeCareVolunteer],
        7..=16 => vec![Role::CareRecipient],
        _ => vec![],
    }
}

const FAMILY: [&str; 10] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi",
];
const GIVEN_F: [&str; 8] = ["Lan", "Mai", "Hoa", "Hải", "Bảy", "Sáu", "Năm", "Thu"];
const GIVEN_M: [&str; 8] = ["Hùng", "Tư", "Tám", "Minh", "Dũng", "Nam", "Phúc", "Sơn"];

/// SplitMix64 (Steele, Lea and Flood 2014): the bench's only randomness,
/// so the history depends on the seed alone. Written here rather than
/// adding a `rand` dependency to the server crate for a dozen draws.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True `percent` times in 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// What the year made, by kind of record.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct YearCounts {
    /// Registrations.
    pub members: usize,
    /// Meetings (one a month).
    pub meetings: usize,
    /// Attendance lines over all meetings.
    pub attendance: usize,
    /// Home-care visits.
    pub visits: usize,
    /// Savings deposits.
    pub deposits: usize,
    /// Loans disbursed.
    pub loans: usize,
    /// Loan repayments.
    pub repayments: usize,
    /// Fund grants.
    pub grants: usize,
}

impl YearCounts {
    /// Operations the year made (one per record; a meeting's attendance
    /// travels inside its meeting).
    pub fn operations(&self) -> usize {
        self.members
            + self.meetings
            + self.visits
            + self.deposits
            + self.loans
            + self.repayments
            + self.grants
    }
}

/// What [`play`] made.
#[derive(Debug, Clone)]
pub struct Year {
    /// Records by kind.
    pub counts: YearCounts,
    /// Loans still being repaid at the end of the year: id and monthly
    /// installment, đồng.
    pub open_loans: Vec<(String, i64)>,
    /// The member who keeps the money (chair and treasurer).
    pub treasurer: String,
}

/// A loan being repaid: id, installment (đồng), installments left.
struct Repaying {
    id: String,
    installment: i64,
    left: u32,
}

fn date(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(YEAR, month, day).expect("a valid date in the year")
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> ishc_core::model::Instant {
    vietnam_offset()
        .from_local_datetime(&day.and_hms_opt(hour, minute, 0).expect("a valid time"))
        .single()
        .expect("a fixed offset has one local time")
}

/// Plays the year on `st` (enrolled, holding the club `club_id`), moving
/// `clock` day by day. Errors: whatever the store refuses (a bug in the
/// generator: every record is meant to be valid).
pub fn play(
    st: &mut Store,
    clock: &Arc<FixedClock>,
    club_id: &str,
    seed: u64,
) -> ishc_core::Result<Year> {
    let mut rng = Rng::new(seed);
    let mut counts = YearCounts::default();
    let mut ids: Vec<String> = Vec::with_capacity(MEMBERS);
    let mut repaying: Vec<Repaying> = vec![];
    // Members who have had a loan this year (one loan each).
    let mut borrowed = [false; MEMBERS];
    for month in 1..=12u32 {
        for day in 1..=28u32 {
            let today = date(month, day);
            clock.set(at(today, 18, 0));
            // Registrations on the 3rd.
            if day == 3 {
                let wanted = if month == 1 {
                    JANUARY_MEMBERS
                } else {
                    (ids.len() + 1).min(MEMBERS)
                };
                st.set_author("admin:setup");
                while ids.len() < wanted {
                    let i = ids.len();
                    let r = roles(i);
                    let female = rng.chance(65);
                    let year = if r.contains(&Role::CareRecipient) {
                        rng.range(1930, 1948)
                    } else if r.contains(&Role::HomeCareVolunteer) {
                        rng.range(1965, 1998)
                    } else {
                        rng.range(1945, 2000)
                    } as i32;
                    let family = FAMILY[rng.range(0, 9) as usize];
                    let given = if female {
                        GIVEN_F[rng.range(0, 7) as usize]
                    } else {
                        GIVEN_M[rng.range(0, 7) as usize]
                    };
                    let middle = if female { "Thị" } else { "Văn" };
                    let household = match rng.range(0, 9) {
                        0 | 1 => HouseholdStatus::Poor,
                        2 => HouseholdStatus::NearPoor,
                        _ => HouseholdStatus::Neither,
                    };
                    let reg = st.register_member(
                        club_id,
                        NewMember {
                            full_name: format!("{family} {middle} {given}"),
                            sex: if female { Sex::Female } else { Sex::Male },
                            birth: Birth::Year(year),
                            ethnicity_code: 1,
                            household,
                            disabled: rng.chance(5),
                            lives_alone: r.contains(&Role::CareRecipient) && rng.chance(40),
                            hamlet: format!("Ấp {}", rng.range(1, 5)),
                            phone: None,
                            joined_on: today,
                            roles: r,
                            membership: Membership::Member,
                        },
                    )?;
                    ids.push(reg.member.id);
                    counts.members += 1;
                }
            }
            let treasurer = ids.first().cloned();
            // The grant on 5 January.
            if month == 1 && day == 5 {
                st.set_author(treasurer.as_deref().unwrap_or("admin:setup"));
                st.record_fund_entry(
                    club_id,
                    NewFundEntry {
                        fund: Fund::IncomeGeneration,
                        kind: EntryKind::Grant,
                        amount: GRANT,
                        entry_on: today,
                        memo: "Vốn tài trợ quỹ quay vòng".into(),
                        member_id: None,
                    },
                )?;
                counts.grants += 1;
            }
            // Home-care visits on the visit days.
            if VISIT_DAYS.contains(&day) && ids.len() > 16 {
                for (k, recipient) in ids[7..=16].iter().enumerate() {
                    let volunteer = ids[1 + (k + day as usize) % 6].clone();
                    st.set_author(&volunteer);
                    let systolic = rng.range(105, 175) as u16;
                    st.log_visit(NewVisit {
                        volunteer_id: volunteer,
                        recipient_id: recipient.clone(),
                        started_at: at(today, 8 + k as u32 % 8, 5 * rng.range(0, 11) as u32),
                        duration_min: rng.range(30, 90) as u32,
                        services: if rng.chance(30) {
                            vec![Service::HealthMonitoring, Service::Housework]
                        } else {
                            vec![Service::HealthMonitoring, Service::Companionship]
                        },
                        vitals: Vitals {
                            systolic: Some(systolic),
                            diastolic: Some(rng.range(60, 100).min(systolic as u64 - 20) as u16),
                            pulse: Some(rng.range(60, 95) as u16),
                            glucose_mmol_l: None,
                            weight_kg: None,
                        },
                        notes: if rng.chance(20) {
                            "Huyết áp cao, nhắc uống thuốc".into()
                        } else {
                            String::new()
                        },
                    })?;
                    counts.visits += 1;
                }
            }
            // The monthly meeting on the 10th, with readings and deposits.
            if day == 10 {
                let Some(treasurer) = treasurer.clone() else {
                    continue;
                };
                st.set_author(&treasurer);
                let mut attendees = vec![];
                for id in &ids {
                    if !rng.chance(80) {
                        continue;
                    }
                    let read = rng.chance(70);
                    let systolic = rng.range(100, 170) as u16;
                    attendees.push(Attendance {
                        member_id: id.clone(),
                        systolic: read.then_some(systolic),
                        diastolic: read
                            .then(|| rng.range(60, 100).min(systolic as u64 - 20) as u16),
                    });
                }
                counts.attendance += attendees.len();
                let present: Vec<String> = attendees.iter().map(|a| a.member_id.clone()).collect();
                st.record_meeting(
                    club_id,
                    NewMeeting {
                        held_on: today,
                        topic: format!("Sinh hoạt tháng {month}, đo huyết áp"),
                        attendees,
                    },
                )?;
                counts.meetings += 1;
                for id in present {
                    if rng.chance(70) {
                        st.deposit(
                            &id,
                            10_000 * rng.range(2, 20) as i64,
                            today,
                            "Gửi tiết kiệm",
                        )?;
                        counts.deposits += 1;
                    }
                }
            }
            // Installments and new loans on the 12th.
            if day == 12 {
                let Some(treasurer) = treasurer.clone() else {
                    continue;
                };
                st.set_author(&treasurer);
                for loan in repaying.iter_mut().filter(|l| l.left > 0) {
                    st.repay_loan(&loan.id, loan.installment, today)?;
                    loan.left -= 1;
                    counts.repayments += 1;
                }
                for _ in 0..LOANS_PER_MONTH {
                    let candidates: Vec<usize> =
                        (17..ids.len()).filter(|&i| !borrowed[i]).collect();
                    if candidates.is_empty() {
                        break;
                    }
                    let who = candidates[rng.range(0, candidates.len() as u64 - 1) as usize];
                    borrowed[who] = true;
                    // 1.2–6 million đồng in steps of 1.2 million, so the
                    // flat installment (principal / 12 + 1% interest) is
                    // whole đồng.
                    let principal = 1_200_000 * rng.range(1, 5) as i64;
                    let loan = st.disburse_loan(NewLoan {
                        borrower_id: ids[who].clone(),
                        principal,
                        disbursed_on: today,
                        term_months: 12,
                        monthly_rate_bp: 100,
                        method: InterestMethod::Flat,
                        purpose: if rng.chance(50) {
                            "Nuôi gà".into()
                        } else {
                            "Trồng rau".into()
                        },
                    })?;
                    repaying.push(Repaying {
                        id: loan.loan.id,
                        installment: principal / 12 + principal / 100,
                        left: 12,
                    });
                    counts.loans += 1;
                }
            }
        }
    }
    // The evening after the year, for what is recorded next.
    clock.set(at(date(12, 28), 18, 0) + Duration::days(3));
    Ok(Year {
        counts,
        treasurer: ids.first().cloned().unwrap_or_default(),
        open_loans: repaying
            .into_iter()
            .filter(|l| l.left > 0)
            .map(|l| (l.id, l.installment))
            .collect(),
    })
}
