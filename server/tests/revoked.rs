//! A revoked phone (lost or stolen, revoked by the province) with work it
//! has not sent: its next sync is refused with `auth.device_revoked`, none
//! of its pending operations reach the server, and they stay on the phone,
//! still pending, for the treasurer to re-enter on a new phone (issue 8).

mod common;

use common::start;
use ishc_core::clock::SystemClock;
use ishc_core::model::{Fund, Role};
use ishc_core::ops::EntryKind;
use ishc_core::store::{NewFundEntry, Store};
use ishc_core::sync::client::{enrol, SyncClient, SyncConfig};
use std::sync::{Arc, Mutex};

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_phone_keeps_its_pending_work_and_sends_none_of_it() {
    let s = start().await;
    let club = s.club("CLB Ấp 6").id;
    let store = Arc::new(Mutex::new(
        Store::open_in_memory("unenrolled", Arc::new(SystemClock)).unwrap(),
    ));
    let device = enrol(&store, &s.url(""), &s.code(&club, 1), "Điện thoại thủ quỹ")
        .await
        .unwrap()
        .device_id;
    let client = SyncClient::new(store.clone(), SyncConfig::default()).unwrap();
    client.sync().await.unwrap();
    {
        let mut st = store.lock().unwrap();
        st.set_author("admin:setup");
        let chair = st
            .register_member(
                &club,
                ishc_core::store::NewMember {
                    full_name: "Trần Thị Hải".into(),
                    sex: ishc_core::model::Sex::Female,
                    birth: ishc_core::model::Birth::Year(1956),
                    ethnicity_code: 1,
                    household: ishc_core::model::HouseholdStatus::Neither,
                    disabled: false,
                    lives_alone: false,
                    hamlet: "Ấp 6".into(),
                    phone: None,
                    joined_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
                    roles: vec![Role::Chair, Role::Treasurer],
                    membership: ishc_core::model::Membership::Member,
                },
            )
            .unwrap()
            .member
            .id;
        st.set_author(&chair);
        st.record_fund_entry(
            &club,
            NewFundEntry {
                fund: Fund::IncomeGeneration,
                kind: EntryKind::Grant,
                amount: 10_000_000,
                entry_on: chrono::NaiveDate::from_ymd_opt(2025, 2, 1).unwrap(),
                memo: "Tài trợ".into(),
                member_id: None,
            },
        )
        .unwrap();
    }
    let held_before = s.handle.storage().list_clubs().unwrap()[0].last_seq;
    let pending: Vec<String> = store
        .lock()
        .unwrap()
        .pending_ops(100)
        .unwrap()
        .into_iter()
        .map(|o| o.op_id)
        .collect();
    assert_eq!(pending.len(), 2);

    s.handle.storage().revoke_device(&device).unwrap();
    let err = client.sync().await.unwrap_err();
    assert_eq!(err.code(), "auth.device_revoked", "{err:?}");
    // Nothing reached the server; everything is still waiting on the phone.
    assert_eq!(
        s.handle.storage().list_clubs().unwrap()[0].last_seq,
        held_before
    );
    let st = store.lock().unwrap();
    assert_eq!(
        st.pending_ops(100)
            .unwrap()
            .into_iter()
            .map(|o| o.op_id)
            .collect::<Vec<_>>(),
        pending
    );
    assert!(st.rejected_ops().unwrap().is_empty(), "not marked rejected");
    assert_eq!(
        st.fund_balance(&club, Fund::IncomeGeneration).unwrap(),
        10_000_000,
        "the phone still shows its own work"
    );
}
