//! A provincial server with a dashboard (on the test backend: SQLite, or
//! PostgreSQL under `scripts/postgres.sh`) on a fixed clock (5 January 2026,
//! 08:00 in Vietnam), officers, and one club in Xã Xuân Lộc (Đồng Nai)
//! whose phone synced a small year 2025 through the real sync API:
//!
//! - the club founded 1 February 2025 (a new club in 2025);
//! - three members who joined on 1 February 2025, all born in 1955 (older),
//!   two women: Trần Thị Hải (chair and treasurer), Nguyễn Thị Lan, Phạm
//!   Văn Ánh;
//! - a grant of 60.000.000 đồng to the income-generation fund on
//!   1 March 2025, and one loan of 5.000.000 đồng to Nguyễn Thị Lan on
//!   10 March 2025 (12 months, 1% a month, flat);
//! - a monthly meeting on 15 March 2025.
//!
//! So over 2025: 1 new club with 3 members, 1 of 3 members borrowing
//! (33,3%), 1 loan disbursed for 5.000.000 đồng.

#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone};
use ishc_core::clock::FixedClock;
use ishc_core::model::{
    vietnam_offset, Birth, Fund, HouseholdStatus, InterestMethod, Membership, Role as MemberRole,
    Sex,
};
use ishc_core::ops::EntryKind;
use ishc_core::store::{NewFundEntry, NewLoan, NewMeeting, NewMember, Store};
use ishc_core::sync::client::{enrol, SyncClient, SyncConfig};
use ishc_server::accounts::{NewOfficer, Role};
use ishc_server::storage::{DashboardStorage, NewClub};
use ishc_server::ServerHandle;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// The officers' password.
pub const PASSWORD: &str = "Đồng Nai 2026 mật khẩu";
/// Đồng Nai.
pub const DONG_NAI: u32 = 75;
/// Xã Xuân Lộc, Đồng Nai.
pub const XUAN_LOC: u32 = 26425;

/// A running server with the club's year synced.
pub struct Province {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its handle.
    pub handle: ServerHandle,
    /// The server's clock.
    pub clock: Arc<FixedClock>,
    /// The club's id.
    pub club_id: String,
    _dir: tempfile::TempDir,
}

impl Province {
    /// The URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The dashboard's storage.
    pub fn storage(&self) -> &Arc<dyn DashboardStorage> {
        self.handle.dashboard().expect("dashboard served")
    }

    /// Creates an officer of Đồng Nai.
    pub fn officer(&self, username: &str, role: Role) {
        self.storage()
            .create_officer(NewOfficer {
                username: username.into(),
                full_name: format!("Cán bộ {username}"),
                role,
                province_code: DONG_NAI,
                password: PASSWORD.into(),
            })
            .unwrap();
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn person(name: &str, sex: Sex, roles: Vec<MemberRole>) -> NewMember {
    NewMember {
        full_name: name.to_string(),
        sex,
        birth: Birth::Year(1955),
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 3".to_string(),
        phone: None,
        joined_on: d(2025, 2, 1),
        roles,
        membership: Membership::Member,
    }
}

/// Starts the server and syncs the club's year into it.
pub async fn province() -> Province {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(
        vietnam_offset()
            .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
            .unwrap(),
    ));
    let path = dir.path().join("province.db");
    let (addr, handle) =
        ishc_server::testing::spawn(&path, clock.clone(), "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
    let club = handle
        .storage()
        .create_club(NewClub {
            name: "CLB LTH ấp 3".into(),
            commune_code: XUAN_LOC,
            founded_on: d(2025, 2, 1),
            activity_areas: None,
        })
        .unwrap();
    let code = handle.storage().issue_code(&club.id, 72).unwrap().code;
    let phone_clock = Arc::new(FixedClock::new(
        vietnam_offset()
            .with_ymd_and_hms(2025, 3, 20, 9, 0, 0)
            .unwrap(),
    ));
    let store = Arc::new(Mutex::new(
        Store::open_in_memory("phone", phone_clock).unwrap(),
    ));
    let url = format!("http://{addr}");
    enrol(&store, &url, &code, "Điện thoại thủ quỹ")
        .await
        .unwrap();
    let client = SyncClient::new(store.clone(), SyncConfig::default()).unwrap();
    client.sync().await.unwrap();
    {
        let mut st = store.lock().unwrap();
        st.set_author("admin:setup");
        let chair = st
            .register_member(
                &club.id,
                person(
                    "Trần Thị Hải",
                    Sex::Female,
                    vec![MemberRole::Chair, MemberRole::Treasurer],
                ),
            )
            .unwrap()
            .member
            .id;
        let lan = st
            .register_member(&club.id, person("Nguyễn Thị Lan", Sex::Female, vec![]))
            .unwrap()
            .member
            .id;
        st.register_member(&club.id, person("Phạm Văn Ánh", Sex::Male, vec![]))
            .unwrap();
        st.set_author(&chair);
        st.record_fund_entry(
            &club.id,
            NewFundEntry {
                fund: Fund::IncomeGeneration,
                kind: EntryKind::Grant,
                amount: 60_000_000,
                entry_on: d(2025, 3, 1),
                memo: "Vốn tài trợ".into(),
                member_id: None,
            },
        )
        .unwrap();
        st.disburse_loan(NewLoan {
            borrower_id: lan,
            principal: 5_000_000,
            disbursed_on: d(2025, 3, 10),
            term_months: 12,
            monthly_rate_bp: 100,
            method: InterestMethod::Flat,
            purpose: "Nuôi gà".into(),
        })
        .unwrap();
        st.record_meeting(
            &club.id,
            NewMeeting {
                held_on: d(2025, 3, 15),
                topic: "Sinh hoạt tháng 3".into(),
                attendees: vec![],
            },
        )
        .unwrap();
    }
    let report = client.sync().await.unwrap();
    assert_eq!(report.rejected, 0, "{report:?}");
    Province {
        addr,
        handle,
        clock,
        club_id: club.id,
        _dir: dir,
    }
}
