//! A phone whose clock says 2019 syncs correctly and is flagged: its device
//! time is recorded and reported, never used to order anything.

mod common;

use chrono::TimeZone;
use common::start;
use ishc_core::clock::FixedClock;
use ishc_core::model::{vietnam_offset, Birth, HouseholdStatus, Membership, Sex};
use ishc_core::ops::MemberPatch;
use ishc_core::store::{NewMember, Store};
use ishc_core::sync::client::{enrol, SyncClient, SyncConfig};
use std::sync::{Arc, Mutex};

fn person(name: &str) -> NewMember {
    NewMember {
        full_name: name.to_string(),
        sex: Sex::Female,
        birth: Birth::Year(1948),
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 3".to_string(),
        phone: None,
        joined_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        roles: vec![],
        membership: Membership::Member,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_in_2019_syncs_in_order_and_is_flagged() {
    let s = start().await;
    let club = s.club("CLB đồng hồ sai").id;
    let now = chrono::Utc::now().with_timezone(&vietnam_offset());
    let right = Arc::new(FixedClock::new(now));
    let wrong = Arc::new(FixedClock::new(
        vietnam_offset()
            .with_ymd_and_hms(2019, 1, 1, 8, 0, 0)
            .unwrap(),
    ));
    let a = Arc::new(Mutex::new(
        Store::open_in_memory("a", right.clone()).unwrap(),
    ));
    let b = Arc::new(Mutex::new(
        Store::open_in_memory("b", wrong.clone()).unwrap(),
    ));
    enrol(&a, &s.url(""), &s.code(&club, 1), "phone A")
        .await
        .unwrap();
    enrol(&b, &s.url(""), &s.code(&club, 1), "phone B, clock in 2019")
        .await
        .unwrap();
    let ca = SyncClient::new(a.clone(), SyncConfig::default()).unwrap();
    let cb = SyncClient::new(b.clone(), SyncConfig::default()).unwrap();
    ca.sync().await.unwrap();
    cb.sync().await.unwrap();

    // A registers a person and sets her hamlet; B, having pulled that, changes
    // it again with its clock six years behind. B's change came later, so it wins.
    let m = {
        let mut st = a.lock().unwrap();
        let m = st
            .register_member(&club, person("Phan Thị Tư"))
            .unwrap()
            .member
            .id;
        st.update_member(
            &m,
            MemberPatch {
                hamlet: Some("Ấp 5".into()),
                ..Default::default()
            },
        )
        .unwrap();
        m
    };
    let ra = ca.sync().await.unwrap();
    assert!(!ra.clock_skew_flagged);
    let rb = cb.sync().await.unwrap();
    // Nothing to push yet, so nothing for the server to judge B's clock by.
    assert_eq!((rb.received, rb.clock_skew_flagged), (2, false));
    b.lock()
        .unwrap()
        .update_member(
            &m,
            MemberPatch {
                hamlet: Some("Ấp 6".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let rb = cb.sync().await.unwrap();
    assert_eq!((rb.sent, rb.rejected), (1, 0));
    assert!(
        rb.clock_skew_flagged,
        "the server flags B's clock when B pushes"
    );
    ca.sync().await.unwrap();
    for st in [&a, &b] {
        let st = st.lock().unwrap();
        assert_eq!(st.member(&m).unwrap().hamlet, "Ấp 6");
        assert!(
            st.conflicts(false).unwrap().is_empty(),
            "B had seen A's change: no conflict"
        );
    }
    let devices = s.handle.storage().list_devices(Some(&club)).unwrap();
    let skew: Vec<bool> = devices
        .iter()
        .map(|d| d.clock_skew_ms.is_some_and(|ms| ms.abs() > 5 * 60 * 1000))
        .collect();
    assert_eq!(skew.iter().filter(|f| **f).count(), 1, "{devices:?}");
}
