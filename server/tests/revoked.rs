//! A revoked phone (lost or stolen, revoked by the province) with work it
//! has not sent: its next sync is refused with `auth.device_revoked`, none
//! of its pending operations reach the server, and they stay on the phone,
//! still pending, for the treasurer to re-enter on a new phone (issue 8).

mod common;

use common::{new_member, start};
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
                new_member("Trần Thị Hải", vec![Role::Chair, Role::Treasurer]),
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

/// A lost phone is replaced from the server alone: the province revokes it
/// and issues a new code; the new phone enrols into an empty database and
/// one sync gives it every record the lost phone had sent, with the same
/// balances, and it can carry on the work (what the lost phone never sent
/// is gone with it: `docs/DEPLOYMENT.md`).
#[tokio::test(flavor = "multi_thread")]
async fn a_lost_phone_is_replaced_from_the_server_alone() {
    let s = start().await;
    let club = s.club("CLB Ấp 7").id;
    let lost = Arc::new(Mutex::new(
        Store::open_in_memory("unenrolled", Arc::new(SystemClock)).unwrap(),
    ));
    let lost_device = enrol(&lost, &s.url(""), &s.code(&club, 1), "Máy cũ")
        .await
        .unwrap()
        .device_id;
    let lost_client = SyncClient::new(lost.clone(), SyncConfig::default()).unwrap();
    lost_client.sync().await.unwrap();
    let chair = {
        let mut st = lost.lock().unwrap();
        st.set_author("admin:setup");
        let chair = st
            .register_member(
                &club,
                new_member("Trần Thị Hải", vec![Role::Chair, Role::Treasurer]),
            )
            .unwrap()
            .member
            .id;
        let saver = st
            .register_member(&club, new_member("Nguyễn Thị Lan", vec![]))
            .unwrap()
            .member
            .id;
        st.set_author(&chair);
        st.deposit(
            &saver,
            300_000,
            chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            "",
        )
        .unwrap();
        chair
    };
    lost_client.sync().await.unwrap();
    let (members_before, savings_before) = {
        let st = lost.lock().unwrap();
        (
            st.list_members(
                &club,
                None,
                true,
                chrono::NaiveDate::from_ymd_opt(2025, 3, 2).unwrap(),
            )
            .unwrap(),
            total_savings(&st, &club),
        )
    };
    assert_eq!(savings_before, 300_000);

    s.handle.storage().revoke_device(&lost_device).unwrap();
    let new = Arc::new(Mutex::new(
        Store::open_in_memory("unenrolled", Arc::new(SystemClock)).unwrap(),
    ));
    enrol(&new, &s.url(""), &s.code(&club, 1), "Máy mới")
        .await
        .unwrap();
    let client = SyncClient::new(new.clone(), SyncConfig::default()).unwrap();
    client.sync().await.unwrap();
    {
        let mut st = new.lock().unwrap();
        assert_eq!(
            st.list_members(
                &club,
                None,
                true,
                chrono::NaiveDate::from_ymd_opt(2025, 3, 2).unwrap()
            )
            .unwrap(),
            members_before
        );
        assert_eq!(total_savings(&st, &club), 300_000);
        // The treasurer carries on on the new phone.
        st.set_author(&chair);
        let saver = members_before
            .iter()
            .find(|m| m.member.full_name == "Nguyễn Thị Lan")
            .unwrap();
        st.deposit(
            &saver.member.id,
            50_000,
            chrono::NaiveDate::from_ymd_opt(2025, 3, 5).unwrap(),
            "",
        )
        .unwrap();
    }
    client.sync().await.unwrap();
    assert_eq!(new.lock().unwrap().pending_count().unwrap(), 0);
}

/// Every member's savings, đồng.
fn total_savings(st: &Store, club: &str) -> i64 {
    st.list_members(
        club,
        None,
        true,
        chrono::NaiveDate::from_ymd_opt(2025, 3, 2).unwrap(),
    )
    .unwrap()
    .iter()
    .map(|m| m.savings_balance)
    .sum()
}
