//! Bearer tokens: missing, malformed, unknown and revoked tokens get their
//! own errors and no data; a device sees only its own club.

mod common;

use common::{expect_error, start};
use ishc_core::ops::Change;
use reqwest::{Method, StatusCode};

#[tokio::test(flavor = "multi_thread")]
async fn requests_without_a_usable_token_get_no_data() {
    let s = start().await;
    let club = s.club("CLB Ấp 3");
    let _phone = s.phone(&club.id).await;

    let res = s.req(Method::GET, "/v1/pull").send().await.unwrap();
    expect_error(res, StatusCode::UNAUTHORIZED, "auth.missing").await;

    let res = s
        .req(Method::GET, "/v1/pull")
        .header("authorization", "Basic dXNlcjpwdw==")
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::UNAUTHORIZED, "auth.malformed").await;

    let res = s
        .req(Method::GET, "/v1/pull")
        .bearer_auth("0".repeat(64))
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::UNAUTHORIZED, "auth.token_invalid").await;

    let res = s
        .req(Method::GET, "/v1/pull")
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::UNAUTHORIZED, "auth.token_invalid").await;

    let res = s
        .req(Method::POST, "/v1/push")
        .bearer_auth("f".repeat(64))
        .json(&serde_json::json!({"ops": []}))
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::UNAUTHORIZED, "auth.token_invalid").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_device_is_refused_at_once() {
    let s = start().await;
    let club = s.club("CLB Ấp 3");
    let phone = s.phone(&club.id).await;
    let other = s.phone(&club.id).await;
    assert_eq!(s.pull(&phone, 0, 10).await.ops.len(), 1);

    let info = s.handle.storage().revoke_device(&phone.id).unwrap();
    assert!(info.revoked_at.is_some());

    let res = s
        .authed(Method::GET, "/v1/pull", &phone)
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::FORBIDDEN, "auth.device_revoked").await;
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .json(&serde_json::json!({"ops": []}))
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::FORBIDDEN, "auth.device_revoked").await;

    // The club's other device is untouched.
    assert_eq!(s.pull(&other, 0, 10).await.ops.len(), 1);
    let devices = s.handle.storage().list_devices(Some(&club.id)).unwrap();
    assert_eq!(devices.iter().filter(|d| d.revoked_at.is_some()).count(), 1);
    assert!(devices.iter().all(|d| d.last_seen_at.is_some()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_sees_its_own_club_only() {
    let s = start().await;
    let a = s.club("CLB Ấp 1");
    let b = s.club("CLB Ấp 2");
    let pa = s.phone(&a.id).await;
    let pb = s.phone(&b.id).await;

    let seen_a = s.pull_all(&pa, 100).await;
    let seen_b = s.pull_all(&pb, 100).await;
    assert_eq!(seen_a.len(), 1);
    assert_eq!(seen_b.len(), 1);
    assert_eq!(seen_a[0].change, Change::ClubCreated(a.clone()));
    assert_eq!(seen_b[0].change, Change::ClubCreated(b.clone()));
    assert_eq!(seen_a[0].author, "admin:server");
    // Each club numbers its own operations from 1.
    assert_eq!(s.pull(&pa, 0, 10).await.ops[0].seq, 1);
    assert_eq!(s.pull(&pb, 0, 10).await.ops[0].seq, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operation_for_another_club_or_device_is_refused() {
    let s = start().await;
    let a = s.club("CLB Ấp 1");
    let b = s.club("CLB Ấp 2");
    let pa = s.phone(&a.id).await;
    let pb = s.phone(&b.id).await;

    // A's phone sends an operation stamped with B's device id.
    let (_, forged) = common::register_chair(&pb, "Nguyễn Thị Lan");
    let res = s.push(&pa, &[forged]).await;
    match &res.results[0].outcome {
        ishc_core::sync::wire::OpOutcome::Rejected { code, .. } => {
            assert_eq!(code, "op.wrong_device")
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert_eq!(s.pull_all(&pb, 100).await.len(), 1);
}
