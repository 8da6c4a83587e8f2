//! A day of a club's work, as the phones record it offline: the first
//! phone of a club registers its members and records the grant, a meeting
//! and the day's money and visits; every other phone logs visits with
//! readings, savings deposits, a loan and its first repayment. Each
//! action is authored by a member whose role allows it (money: the
//! treasurer; visits: a home-care volunteer), as the server checks.
//!
//! Per club of three phones: 1 operation made by the server (the club) +
//! 20 by the first phone + 20 by each other phone = 61 operations, with
//! the row counts and journal sum of [`expected_rows`].

use chrono::{Duration, NaiveDate};
use ishc_core::model::{
    Birth, Fund, HouseholdStatus, InterestMethod, Membership, Role, Service, Sex, Vitals,
};
use ishc_core::ops::{Attendance, EntryKind};
use ishc_core::store::{NewFundEntry, NewLoan, NewMeeting, NewMember, NewVisit, Store};
use std::collections::BTreeMap;

/// The grant the first phone records into the income-generation fund, đồng.
pub const GRANT: i64 = 60_000_000;
/// Every savings deposit, đồng.
pub const DEPOSIT: i64 = 100_000;
/// Every loan's principal, đồng (12 months, 1% a month, flat).
pub const PRINCIPAL: i64 = 3_000_000;
/// Every repayment: the first installment of a loan of [`PRINCIPAL`], đồng
/// (250.000 principal + 30.000 interest).
pub const REPAYMENT: i64 = 280_000;
/// Operations the first phone of a club makes: 10 registrations, the grant,
/// a meeting, 2 deposits, a loan, a repayment and 4 visits.
pub const FIRST_PHONE_OPS: usize = 20;
/// Operations every other phone makes: 12 visits, 6 deposits, a loan and a
/// repayment.
pub const OTHER_PHONE_OPS: usize = 20;

/// The club's ten members: name, sex, birth year, roles. Member 0 chairs and
/// keeps the money; 1–3 are home-care volunteers; 4–6 are cared for.
const MEMBERS: [(&str, Sex, i32, &[Role]); 10] = [
    (
        "Trần Thị Hải",
        Sex::Female,
        1955,
        &[Role::Chair, Role::Treasurer],
    ),
    (
        "Nguyễn Thị Lan",
        Sex::Female,
        1985,
        &[Role::HomeCareVolunteer],
    ),
    ("Lê Văn Hùng", Sex::Male, 1990, &[Role::HomeCareVolunteer]),
    (
        "Phạm Thị Mai",
        Sex::Female,
        1960,
        &[Role::HomeCareVolunteer],
    ),
    ("Võ Thị Bảy", Sex::Female, 1938, &[Role::CareRecipient]),
    ("Đặng Văn Tư", Sex::Male, 1940, &[Role::CareRecipient]),
    ("Huỳnh Thị Sáu", Sex::Female, 1942, &[Role::CareRecipient]),
    ("Bùi Thị Năm", Sex::Female, 1958, &[]),
    ("Đỗ Văn Tám", Sex::Male, 1995, &[]),
    ("Ngô Thị Hoa", Sex::Female, 1962, &[]),
];

/// The club's members by id, as the first phone registered them (index as
/// in `MEMBERS`).
#[derive(Debug, Clone)]
pub struct Roster {
    /// The club.
    pub club_id: String,
    /// Member ids, in the order of `MEMBERS`.
    pub ids: Vec<String>,
}

impl Roster {
    fn treasurer(&self) -> &str {
        &self.ids[0]
    }
    fn volunteer(&self, i: usize) -> &str {
        &self.ids[1 + i % 3]
    }
    fn recipient(&self, i: usize) -> &str {
        &self.ids[4 + i % 3]
    }
    fn saver(&self, i: usize) -> &str {
        &self.ids[i % self.ids.len()]
    }
    fn borrower(&self, phone: usize) -> &str {
        &self.ids[7 + phone % 3]
    }
}

fn joined() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).expect("a valid date")
}

/// The founding date of every club the generator creates.
pub fn founded() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 15).expect("a valid date")
}

/// The first phone's registrations, grant and meeting (12 operations);
/// then its day of work ([`day_of_work`], 8 operations).
pub fn start_club(st: &mut Store, club_id: &str) -> ishc_core::Result<Roster> {
    st.set_author("admin:setup");
    let mut ids = Vec::with_capacity(MEMBERS.len());
    for (name, sex, year, roles) in MEMBERS {
        let reg = st.register_member(
            club_id,
            NewMember {
                full_name: name.to_string(),
                sex,
                birth: Birth::Year(year),
                ethnicity_code: 1,
                household: HouseholdStatus::Neither,
                disabled: false,
                lives_alone: false,
                hamlet: "Ấp 3".to_string(),
                phone: None,
                joined_on: joined(),
                roles: roles.to_vec(),
                membership: Membership::Member,
            },
        )?;
        ids.push(reg.member.id);
    }
    let roster = Roster {
        club_id: club_id.to_string(),
        ids,
    };
    let today = st.today();
    st.set_author(roster.treasurer());
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
    st.record_meeting(
        club_id,
        NewMeeting {
            held_on: today,
            topic: "Sinh hoạt định kỳ, đo huyết áp".into(),
            attendees: roster
                .ids
                .iter()
                .enumerate()
                .map(|(i, id)| Attendance {
                    member_id: id.clone(),
                    systolic: Some(118 + 2 * i as u16),
                    diastolic: Some(78),
                })
                .collect(),
        },
    )?;
    day_of_work(st, &roster, 0)?;
    Ok(roster)
}

/// One phone's day after it has the roster: deposits, a loan with its
/// first repayment, and visits with readings. The first phone (`phone` 0)
/// makes 2 deposits and 4 visits, the others 6 deposits and 12 visits.
pub fn day_of_work(st: &mut Store, roster: &Roster, phone: usize) -> ishc_core::Result<()> {
    let (deposits, visits) = if phone == 0 { (2, 4) } else { (6, 12) };
    let today = st.today();
    let now = st.now();
    st.set_author(roster.treasurer());
    for i in 0..deposits {
        st.deposit(roster.saver(phone * 3 + i), DEPOSIT, today, "Gửi tiết kiệm")?;
    }
    let loan = st.disburse_loan(NewLoan {
        borrower_id: roster.borrower(phone).to_string(),
        principal: PRINCIPAL,
        disbursed_on: today,
        term_months: 12,
        monthly_rate_bp: 100,
        method: InterestMethod::Flat,
        purpose: "Nuôi gà".into(),
    })?;
    st.repay_loan(&loan.loan.id, REPAYMENT, today)?;
    for i in 0..visits {
        let volunteer = roster.volunteer(phone + i).to_string();
        st.set_author(&volunteer);
        st.log_visit(NewVisit {
            volunteer_id: volunteer,
            recipient_id: roster.recipient(i).to_string(),
            started_at: now - Duration::minutes(20 * (i as i64 + 1)),
            duration_min: 45,
            services: vec![Service::HealthMonitoring, Service::Companionship],
            vitals: Vitals {
                systolic: Some(120 + i as u16),
                diastolic: Some(80),
                pulse: Some(72),
                glucose_mmol_l: Some(5.6),
                weight_kg: Some(52.5),
            },
            notes: "Cụ khỏe, ăn uống được".into(),
        })?;
    }
    Ok(())
}

/// What the server and every phone of a club of `phones` phones hold after
/// the run, computed from the day above: row counts by table and the
/// journal sum in đồng.
pub fn expected_rows(phones: usize) -> (BTreeMap<String, i64>, i64) {
    let others = phones.saturating_sub(1) as i64;
    let deposits = 2 + 6 * others;
    let loans = phones as i64;
    let rows = BTreeMap::from(
        [
            ("members", 10),
            // The grant, every deposit, every disbursement and repayment.
            ("journal", 1 + deposits + 2 * loans),
            ("loans", loans),
            ("visits", 4 + 12 * others),
            ("meetings", 1),
            ("meeting_attendance", 10),
        ]
        .map(|(k, v)| (k.to_string(), v)),
    );
    let sum = GRANT + deposits * DEPOSIT - loans * PRINCIPAL + loans * REPAYMENT;
    (rows, sum)
}
