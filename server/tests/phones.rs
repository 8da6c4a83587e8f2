//! End to end: two phones' stores (`ishc_core::store::Store`) enrol, push
//! what they recorded offline and pull each other's records through a real
//! server.

mod common;

use common::{start, Phone, TestServer};
use ishc_core::clock::SystemClock;
use ishc_core::model::{Birth, Fund, HouseholdStatus, Membership, Role, Sex};
use ishc_core::ops::EntryKind;
use ishc_core::store::{NewFundEntry, NewMember, Store};
use ishc_core::sync::wire::{EnrolRequest, EnrolResponse, MAX_PUSH_OPS};
use reqwest::Method;
use std::sync::Arc;

fn person(name: &str, roles: &[Role]) -> NewMember {
    NewMember {
        full_name: name.to_string(),
        sex: Sex::Female,
        birth: Birth::Year(1956),
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 3".to_string(),
        phone: None,
        joined_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        roles: roles.to_vec(),
        membership: Membership::Member,
    }
}

/// Enrols a new, empty store in `club`.
async fn enrolled_store(s: &TestServer, club: &str) -> (Store, Phone) {
    let code = s.code(club, 1);
    let e: EnrolResponse = s
        .req(Method::POST, "/v1/enrol")
        .json(&EnrolRequest {
            code,
            device_name: "phone".to_string(),
        })
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut store = Store::open_in_memory("unenrolled", Arc::new(SystemClock)).unwrap();
    store
        .bind_enrolment(&e.device_id, &e.token, &s.url(""))
        .unwrap();
    let phone = Phone {
        id: e.device_id,
        token: e.token,
        club: e.club.id,
        counter: Default::default(),
    };
    (store, phone)
}

/// One sync round: push everything pending, then pull to the end.
async fn sync(s: &TestServer, store: &mut Store, phone: &Phone) {
    loop {
        let ops = store.pending_ops(MAX_PUSH_OPS).unwrap();
        if ops.is_empty() {
            break;
        }
        let r = s.push(phone, &ops).await;
        let (_, rejected) = store.record_push_results(&r.results).unwrap();
        assert_eq!(rejected, 0, "{r:?}");
    }
    loop {
        let page = s.pull(phone, store.pull_cursor(), 3).await;
        store.apply_pulled(&page).unwrap();
        if !page.more {
            break;
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_phones_share_a_club_through_the_server() {
    let s = start().await;
    let club = s.club("CLB Liên thế hệ Ấp 3").id;
    let (mut a, pa) = enrolled_store(&s, &club).await;
    let (mut b, pb) = enrolled_store(&s, &club).await;
    sync(&s, &mut a, &pa).await;
    assert_eq!(a.the_club().unwrap().id, club);

    // Phone A, offline: the chair registers, then records a grant.
    a.set_author("admin:setup");
    let chair = a
        .register_member(&club, person("Nguyễn Thị Lan", &[Role::Chair]))
        .unwrap()
        .member;
    a.register_member(&club, person("Trần Thị Mai", &[]))
        .unwrap();
    a.set_author(&chair.id);
    a.record_fund_entry(
        &club,
        NewFundEntry {
            fund: Fund::IncomeGeneration,
            kind: EntryKind::Grant,
            amount: 5_000_000,
            entry_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            memo: "HelpAge".to_string(),
            member_id: None,
        },
    )
    .unwrap();
    assert_eq!(a.pending_count().unwrap(), 3);
    sync(&s, &mut a, &pa).await;
    assert_eq!(a.pending_count().unwrap(), 0);
    assert_eq!(a.pull_cursor(), 4);

    // Phone B sees everything A recorded, and the server agrees.
    sync(&s, &mut b, &pb).await;
    assert_eq!(b.pull_cursor(), 4);
    assert_eq!(
        b.fund_balance(&club, Fund::IncomeGeneration).unwrap(),
        5_000_000
    );
    assert_eq!(b.member(&chair.id).unwrap(), a.member(&chair.id).unwrap());

    // B's own change flows back to A.
    b.set_author(&chair.id);
    b.record_fund_entry(
        &club,
        NewFundEntry {
            fund: Fund::IncomeGeneration,
            kind: EntryKind::Expense,
            amount: 1_000_000,
            entry_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            memo: "Họp".to_string(),
            member_id: None,
        },
    )
    .unwrap();
    sync(&s, &mut b, &pb).await;
    sync(&s, &mut a, &pa).await;
    assert_eq!(
        a.fund_balance(&club, Fund::IncomeGeneration).unwrap(),
        4_000_000
    );
    assert_eq!(a.pull_cursor(), 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_sync_client_recovers_from_lost_answers() {
    use ishc_core::sync::client::{enrol, SyncClient, SyncConfig};
    use std::sync::atomic::Ordering;
    use std::sync::Mutex;

    let s = start().await;
    let club = s.club("CLB Liên thế hệ Ấp 3").id;
    let url = s.url("");
    let new_store = || {
        Arc::new(Mutex::new(
            Store::open_in_memory("unenrolled", Arc::new(SystemClock)).unwrap(),
        ))
    };
    let (a, b) = (new_store(), new_store());
    enrol(&a, &url, &s.code(&club, 1), "máy A").await.unwrap();
    enrol(&b, &url, &s.code(&club, 1), "máy B").await.unwrap();
    let config = SyncConfig {
        pull_page: 2,
        ..Default::default()
    };
    let ca = SyncClient::new(a.clone(), config.clone()).unwrap();
    let cb = SyncClient::new(b.clone(), config).unwrap();
    ca.sync().await.unwrap();

    {
        let mut st = a.lock().unwrap();
        st.set_author("admin:setup");
        for name in ["Nguyễn Thị Lan", "Trần Thị Mai", "Lê Văn Hùng"] {
            st.register_member(&club, person(name, &[])).unwrap();
        }
    }
    // The push commits but its answer is lost, then fails with a 500: the
    // client retries the same operations and the server says it has them.
    s.handle
        .faults()
        .drop_response_after_commit
        .store(1, Ordering::SeqCst);
    let e = ca.sync().await.unwrap_err();
    assert_eq!(e.code(), "sync.network", "{e}");
    s.handle
        .faults()
        .fail_after_commit
        .store(1, Ordering::SeqCst);
    let e = ca.sync().await.unwrap_err();
    assert_eq!(e.code(), "server.internal", "{e}");
    let report = ca.sync().await.unwrap();
    assert_eq!(report.sent, 3);
    assert_eq!(report.rejected, 0);
    assert_eq!(report.cursor, 4);

    let report = cb.sync().await.unwrap();
    assert_eq!(report.received, 4);
    let members = |st: &Arc<Mutex<Store>>| -> i64 {
        st.lock()
            .unwrap()
            .connection()
            .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(members(&a), 3);
    assert_eq!(members(&b), 3);
    // Nothing was stored twice.
    assert_eq!(s.handle.storage().list_clubs().unwrap()[0].last_seq, 4);
}
