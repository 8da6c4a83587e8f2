//! Enrolment: the happy path and every way a code can fail.

mod common;

use common::{expect_error, start};
use ishc_core::sync::wire::{EnrolRequest, EnrolResponse};
use reqwest::{Method, StatusCode};

fn enrol_body(code: &str, name: &str) -> EnrolRequest {
    EnrolRequest {
        code: code.to_string(),
        device_name: name.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_code_enrols_one_device_in_its_club() {
    let s = start().await;
    let club = s.club("CLB Liên thế hệ Ấp 3");
    let code = s.code(&club.id, 72);
    assert_eq!(code.len(), 11, "XXXXX-XXXXX: {code}");

    let res = s
        .req(Method::POST, "/v1/enrol")
        .json(&enrol_body(&code, "Điện thoại chị Lan"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let e: EnrolResponse = res.json().await.unwrap();
    assert_eq!(e.club, club);
    assert_eq!(e.token.len(), 64);
    assert!(e.token.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(uuid::Uuid::parse_str(&e.device_id).is_ok());

    let devices = s.handle.storage().list_devices(Some(&club.id)).unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].id, e.device_id);
    assert_eq!(devices[0].name, "Điện thoại chị Lan");
    assert_eq!(devices[0].revoked_at, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn codes_are_forgiving_to_type() {
    let s = start().await;
    let club = s.club("CLB Ấp 1");
    let code = s.code(&club.id, 1);
    let typed = format!("  {} ", code.to_lowercase().replace('-', " "));
    let res = s
        .req(Method::POST, "/v1/enrol")
        .json(&enrol_body(&typed, "máy 2"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_used_and_expired_codes_each_have_their_error() {
    let s = start().await;
    let club = s.club("CLB Ấp 2");

    let res = s
        .req(Method::POST, "/v1/enrol")
        .json(&enrol_body("ABCDE-FGHJK", "máy"))
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::NOT_FOUND, "enrol.code_unknown").await;

    let code = s.code(&club.id, 72);
    let first = s
        .req(Method::POST, "/v1/enrol")
        .json(&enrol_body(&code, "máy 1"))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let again = s
        .req(Method::POST, "/v1/enrol")
        .json(&enrol_body(&code, "máy 2"))
        .send()
        .await
        .unwrap();
    expect_error(again, StatusCode::CONFLICT, "enrol.code_used").await;

    let expired = s.code(&club.id, 0);
    let res = s
        .req(Method::POST, "/v1/enrol")
        .json(&enrol_body(&expired, "máy 3"))
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::GONE, "enrol.code_expired").await;

    // Only the one good enrolment made a device.
    assert_eq!(s.handle.storage().list_devices(None).unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_needs_a_name_and_the_code_survives_the_refusal() {
    let s = start().await;
    let club = s.club("CLB Ấp 4");
    let code = s.code(&club.id, 72);
    let res = s
        .req(Method::POST, "/v1/enrol")
        .json(&enrol_body(&code, "   "))
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "enrol.device_name").await;
    let res = s
        .req(Method::POST, "/v1/enrol")
        .json(&enrol_body(&code, "máy"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn enrolment_needs_the_protocol_header_but_no_token() {
    let s = start().await;
    let club = s.club("CLB Ấp 5");
    let code = s.code(&club.id, 72);
    let res = s
        .client
        .post(s.url("/v1/enrol"))
        .json(&enrol_body(&code, "máy"))
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::BAD_REQUEST, "protocol.missing").await;
}

/// Guessing codes is limited per address: after ten unknown, used or
/// expired codes the address gets 429 `enrol.rate_limited` with a
/// `Retry-After`, even for a good code; good codes never count, so an office
/// enrolling many phones from one network is never slowed.
#[tokio::test(flavor = "multi_thread")]
async fn guessing_codes_is_limited_per_address_but_good_codes_never_count() {
    use ishc_server::limits::{ENROL_FAILURE_LIMIT, ENROL_WINDOW_MINUTES};
    let s = start().await;
    let club = s.club("CLB Ấp 5");
    let enrol = |code: String| {
        s.req(Method::POST, "/v1/enrol")
            .json(&enrol_body(&code, "Điện thoại"))
            .send()
    };
    // Twenty good codes in a row: all enrol.
    for _ in 0..2 * ENROL_FAILURE_LIMIT {
        let res = enrol(s.code(&club.id, 1)).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    // A used code is a failure too.
    let used = s.code(&club.id, 1);
    assert_eq!(enrol(used.clone()).await.unwrap().status(), StatusCode::OK);
    expect_error(
        enrol(used).await.unwrap(),
        StatusCode::CONFLICT,
        "enrol.code_used",
    )
    .await;
    for i in 1..ENROL_FAILURE_LIMIT {
        let guess = format!("AAAAA-{i:05}");
        expect_error(
            enrol(guess).await.unwrap(),
            StatusCode::NOT_FOUND,
            "enrol.code_unknown",
        )
        .await;
    }
    // The eleventh try is refused before the code is even looked at: a good
    // code is refused too, and stays unused.
    let good = s.code(&club.id, 1);
    let res = enrol(good.clone()).await.unwrap();
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        retry > 0 && retry <= ENROL_WINDOW_MINUTES as u64 * 60,
        "Retry-After: {retry}"
    );
    let message = expect_error(res, StatusCode::TOO_MANY_REQUESTS, "enrol.rate_limited").await;
    assert!(message.contains("15 minute"), "{message}");
    let devices = s
        .handle
        .storage()
        .list_devices(Some(&club.id))
        .unwrap()
        .len();
    assert_eq!(devices, 2 * ENROL_FAILURE_LIMIT + 1);
}
