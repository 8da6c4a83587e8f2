//! Bad input: each kind gets its own status and code, changes nothing, and
//! the server goes on answering.

mod common;

use common::{expect_error, start, Phone, TestServer};
use flate2::write::GzEncoder;
use flate2::Compression;
use ishc_core::sync::wire::{MAX_BODY_BYTES, MAX_PUSH_OPS, PROTOCOL_HEADER};
use reqwest::{Method, StatusCode};
use std::io::Write;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

async fn setup() -> (TestServer, Phone) {
    let s = start().await;
    let club = s.club("CLB Ấp 3");
    let phone = s.phone(&club.id).await;
    (s, phone)
}

/// Nothing was stored: the club still has only its creation.
async fn unchanged(s: &TestServer, phone: &Phone) {
    assert!(s.healthy().await);
    assert_eq!(s.pull_all(phone, 100).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn health_answers() {
    let s = start().await;
    let res = s.client.get(s.url("/health")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["status"], "ok");
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_json_is_400() {
    let (s, phone) = setup().await;
    for body in ["{\"ops\": [", "not json", "{\"ops\": 3}", "{}"] {
        let res = s
            .authed(Method::POST, "/v1/push", &phone)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        expect_error(res, StatusCode::BAD_REQUEST, "request.malformed").await;
    }
    let res = s
        .req(Method::POST, "/v1/enrol")
        .header("content-type", "application/json")
        .body("{\"code\": 12}")
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::BAD_REQUEST, "request.malformed").await;
    unchanged(&s, &phone).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_is_not_json_is_415() {
    let (s, phone) = setup().await;
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .header("content-type", "text/plain")
        .body("{\"ops\": []}")
        .send()
        .await
        .unwrap();
    expect_error(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "request.content_type",
    )
    .await;
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .body("{\"ops\": []}")
        .send()
        .await
        .unwrap();
    expect_error(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "request.content_type",
    )
    .await;
    // A charset parameter is fine.
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .header("content-type", "application/json; charset=utf-8")
        .body("{\"ops\": []}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    unchanged(&s, &phone).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_content_encoding_is_415() {
    let (s, phone) = setup().await;
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .header("content-type", "application/json")
        .header("content-encoding", "br")
        .body("{\"ops\": []}")
        .send()
        .await
        .unwrap();
    expect_error(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "request.content_encoding",
    )
    .await;
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body("this is not gzip")
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::BAD_REQUEST, "request.malformed").await;
    unchanged(&s, &phone).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_oversized_body_is_413_plain_or_gzipped() {
    let (s, phone) = setup().await;
    let padding = "x".repeat(MAX_BODY_BYTES);
    let body = format!("{{\"ops\": [], \"padding\": \"{padding}\"}}");
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "request.too_large").await;

    // Small on the wire, too large once decompressed.
    let small = gzip(body.as_bytes());
    assert!(small.len() < 100_000);
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(small)
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "request.too_large").await;
    unchanged(&s, &phone).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn too_many_operations_is_422() {
    let (s, phone) = setup().await;
    let ops: Vec<serde_json::Value> = (0..=MAX_PUSH_OPS).map(|_| serde_json::json!({})).collect();
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .json(&serde_json::json!({ "ops": ops }))
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "push.too_many_ops").await;
    unchanged(&s, &phone).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn protocol_versions_are_checked() {
    let (s, phone) = setup().await;
    let res = s
        .client
        .get(s.url("/v1/pull"))
        .bearer_auth(&phone.token)
        .header(PROTOCOL_HEADER, "99")
        .send()
        .await
        .unwrap();
    let msg = expect_error(res, StatusCode::BAD_REQUEST, "protocol.unsupported").await;
    assert!(msg.contains("supported versions: 1"), "{msg}");
    let res = s
        .client
        .get(s.url("/v1/pull"))
        .bearer_auth(&phone.token)
        .header(PROTOCOL_HEADER, "one")
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::BAD_REQUEST, "protocol.unsupported").await;
    let res = s
        .client
        .get(s.url("/v1/pull"))
        .bearer_auth(&phone.token)
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::BAD_REQUEST, "protocol.missing").await;

    // The server names its version on every /v1 answer.
    let res = s
        .authed(Method::GET, "/v1/pull", &phone)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[PROTOCOL_HEADER], "1");
    unchanged(&s, &phone).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_endpoints_methods_and_queries_have_json_errors() {
    let (s, phone) = setup().await;
    let res = s.req(Method::GET, "/v1/nothing").send().await.unwrap();
    expect_error(res, StatusCode::NOT_FOUND, "request.not_found").await;
    let res = s
        .authed(Method::DELETE, "/v1/push", &phone)
        .send()
        .await
        .unwrap();
    expect_error(
        res,
        StatusCode::METHOD_NOT_ALLOWED,
        "request.method_not_allowed",
    )
    .await;
    for q in ["after=-1", "limit=0", "after=x", "limit=-5"] {
        let res = s
            .authed(Method::GET, &format!("/v1/pull?{q}"), &phone)
            .send()
            .await
            .unwrap();
        expect_error(res, StatusCode::BAD_REQUEST, "request.malformed").await;
    }
    unchanged(&s, &phone).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn answers_are_gzipped_when_the_client_accepts_it() {
    let (s, phone) = setup().await;
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let res = raw
        .get(s.url("/v1/pull"))
        .header(PROTOCOL_HEADER, "1")
        .header("accept-encoding", "gzip")
        .bearer_auth(&phone.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let bytes = res.bytes().await.unwrap();
    let mut d = flate2::read::GzDecoder::new(&bytes[..]);
    let mut json = String::new();
    std::io::Read::read_to_string(&mut d, &mut json).unwrap();
    let page: ishc_core::sync::wire::PullResponse = serde_json::from_str(&json).unwrap();
    assert_eq!(page.ops.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_push_reports_clock_skew_from_the_date_header() {
    let (s, phone) = setup().await;
    let off = chrono::Utc::now() + chrono::Duration::hours(2);
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .header("date", off.to_rfc2822())
        .json(&serde_json::json!({"ops": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let r: ishc_core::sync::wire::PushResponse = res.json().await.unwrap();
    assert!(r.clock_skew_flagged);
    assert!(r.results.is_empty());
    let skew = s.handle.storage().list_devices(None).unwrap()[0]
        .clock_skew_ms
        .expect("skew recorded");
    assert!((skew - 2 * 3600 * 1000).abs() < 60_000, "{skew}");

    // A right clock clears it.
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .header("date", chrono::Utc::now().to_rfc2822())
        .json(&serde_json::json!({"ops": []}))
        .send()
        .await
        .unwrap();
    let r: ishc_core::sync::wire::PushResponse = res.json().await.unwrap();
    assert!(!r.clock_skew_flagged);
    assert_eq!(
        s.handle.storage().list_devices(None).unwrap()[0].clock_skew_ms,
        None
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_operations_are_rejected_one_by_one() {
    let (s, phone) = setup().await;
    let (_, wrong) = common::register_chair(
        &Phone {
            id: "someone-else".to_string(),
            ..phone.clone()
        },
        "Lê Thị Hoa",
    );
    let body = serde_json::json!({"ops": [
        {"op_id": "01900000-0000-7000-8000-000000000001", "entity": "member"},
        42,
        wrong,
    ]});
    // Sent gzipped, as phones do on slow links.
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(gzip(body.to_string().as_bytes()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let r: ishc_core::sync::wire::PushResponse = res.json().await.unwrap();
    let codes: Vec<String> = r
        .results
        .iter()
        .map(|x| match &x.outcome {
            ishc_core::sync::wire::OpOutcome::Rejected { code, .. } => code.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(codes, ["op.malformed", "op.malformed", "op.wrong_device"]);
    assert_eq!(r.results[0].op_id, "01900000-0000-7000-8000-000000000001");
    assert_eq!(r.results[1].op_id, "");
    unchanged(&s, &phone).await;
}
