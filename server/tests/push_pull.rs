//! Push and pull: numbering per club, idempotency, dependency order,
//! per-operation rejection, paging, compression, clock skew and lost
//! answers. These need `replica::apply`.

mod common;

use common::{op, register_chair, register_member, start, Phone, TestServer};
use flate2::write::GzEncoder;
use flate2::Compression;
use ishc_core::ops::{Change, MemberPatch};
use ishc_core::sync::wire::{OpOutcome, PushResponse, WireOp};
use reqwest::{Method, StatusCode};
use std::io::Write;

async fn setup() -> (TestServer, Phone, String) {
    let s = start().await;
    let club = s.club("CLB Liên thế hệ Ấp 3");
    let phone = s.phone(&club.id).await;
    let (chair, first) = register_chair(&phone, "Nguyễn Thị Lan");
    let r = s.push(&phone, &[first]).await;
    assert_eq!(
        r.results[0].outcome,
        OpOutcome::Accepted { seq: 2 },
        "{r:?}"
    );
    (s, phone, chair.id)
}

fn seqs(r: &PushResponse) -> Vec<i64> {
    r.results
        .iter()
        .map(|x| match x.outcome {
            OpOutcome::Accepted { seq } => seq,
            OpOutcome::AlreadyHad { seq } => -seq,
            OpOutcome::Rejected { .. } => 0,
        })
        .collect()
}

fn code(r: &PushResponse, i: usize) -> &str {
    match &r.results[i].outcome {
        OpOutcome::Rejected { code, .. } => code,
        other => panic!("op {i} was not rejected: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pushed_operations_are_numbered_and_every_device_pulls_them() {
    let (s, a, chair) = setup().await;
    let b = s.phone(&a.club).await;
    let ops: Vec<WireOp> = ["Trần Văn An", "Lê Thị Hoa", "Phạm Minh Tuấn"]
        .iter()
        .map(|n| register_member(&a, &chair, n).1)
        .collect();
    let r = s.push(&a, &ops).await;
    assert_eq!(seqs(&r), [3, 4, 5]);
    assert_eq!(
        r.results.iter().map(|x| &x.op_id).collect::<Vec<_>>(),
        ops.iter().map(|o| &o.op_id).collect::<Vec<_>>()
    );
    assert!(!r.clock_skew_flagged);

    for phone in [&a, &b] {
        let pulled = s.pull(phone, 0, 100).await;
        assert_eq!(
            pulled.ops.iter().map(|p| p.seq).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        assert_eq!(pulled.next_after, 5);
        assert!(!pulled.more);
        assert_eq!(
            pulled.ops[2..]
                .iter()
                .map(|p| p.op.clone())
                .collect::<Vec<_>>(),
            ops
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pull_pages_with_a_cursor() {
    let (s, phone, chair) = setup().await;
    let ops: Vec<WireOp> = (0..11)
        .map(|i| register_member(&phone, &chair, &format!("Hội viên số {i}")).1)
        .collect();
    s.push(&phone, &ops).await;

    let p1 = s.pull(&phone, 0, 5).await;
    assert_eq!(p1.ops.len(), 5);
    assert!(p1.more);
    assert_eq!(p1.next_after, 5);
    let p2 = s.pull(&phone, p1.next_after, 5).await;
    assert_eq!(p2.ops.first().map(|p| p.seq), Some(6));
    assert!(p2.more);
    let p3 = s.pull(&phone, p2.next_after, 5).await;
    assert_eq!(p3.ops.len(), 3);
    assert!(!p3.more);
    assert_eq!(p3.next_after, 13);
    let p4 = s.pull(&phone, 13, 5).await;
    assert!(p4.ops.is_empty());
    assert!(!p4.more);
    assert_eq!(p4.next_after, 13);

    // Exactly a page left: no phantom `more`.
    let p = s.pull(&phone, 8, 5).await;
    assert_eq!(p.ops.len(), 5);
    assert!(!p.more);

    // The default limit takes everything here.
    let res = s
        .authed(Method::GET, "/v1/pull", &phone)
        .send()
        .await
        .unwrap();
    let all: ishc_core::sync::wire::PullResponse = res.json().await.unwrap();
    assert_eq!(all.ops.len(), 13);
    assert_eq!(s.pull_all(&phone, 2).await.len(), 13);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_operation_twice_is_already_had_and_a_changed_one_conflicts() {
    let (s, phone, chair) = setup().await;
    let (_, m) = register_member(&phone, &chair, "Trần Văn An");
    let first = s.push(&phone, std::slice::from_ref(&m)).await;
    assert_eq!(seqs(&first), [3]);
    let again = s.push(&phone, &[m.clone(), m.clone()]).await;
    assert_eq!(seqs(&again), [-3, -3]);

    let mut changed = m.clone();
    changed.base_seq = 2;
    let r = s.push(&phone, &[changed]).await;
    assert_eq!(code(&r, 0), "op.conflicting_duplicate");
    assert_eq!(s.pull_all(&phone, 100).await.len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_parent_later_in_the_batch_is_applied_first() {
    let (s, phone, chair) = setup().await;
    let (m, reg) = register_member(&phone, &chair, "Trần Văn An");
    let update = op(
        &phone,
        &chair,
        Change::MemberUpdated {
            member_id: m.id.clone(),
            patch: MemberPatch {
                hamlet: Some("Ấp 4".to_string()),
                ..Default::default()
            },
        },
    );
    let r = s.push(&phone, &[update.clone(), reg.clone()]).await;
    assert_eq!(r.results[0].op_id, update.op_id);
    assert_eq!(r.results[1].op_id, reg.op_id);
    // The registration got the lower number: pulling in order works.
    assert_eq!(seqs(&r), [4, 3]);

    // A parent that never comes stays rejected.
    let orphan = op(
        &phone,
        &chair,
        Change::MemberUpdated {
            member_id: uuid::Uuid::now_v7().to_string(),
            patch: MemberPatch {
                disabled: Some(true),
                ..Default::default()
            },
        },
    );
    let r = s.push(&phone, &[orphan]).await;
    assert_eq!(code(&r, 0), "op.unknown_parent");
}

#[tokio::test(flavor = "multi_thread")]
async fn one_bad_operation_does_not_block_the_others() {
    let (s, phone, chair) = setup().await;
    let other_club = s.club("CLB Ấp 9");
    let (_, good1) = register_member(&phone, &chair, "Trần Văn An");
    let (mut bad_member, _) = register_member(&phone, &chair, "Lê Thị Hoa");
    bad_member.ethnicity_code = 99;
    let bad = op(&phone, &chair, Change::MemberRegistered(bad_member));
    let (mut elsewhere, _) = register_member(&phone, &chair, "Võ Văn Kiệt");
    elsewhere.club_id = other_club.id.clone();
    let foreign = op(&phone, &chair, Change::MemberRegistered(elsewhere));
    let (_, good2) = register_member(&phone, &chair, "Phạm Minh Tuấn");

    let r = s.push(&phone, &[good1, bad, foreign, good2]).await;
    assert_eq!(seqs(&r), [3, 0, 0, 4]);
    assert_eq!(code(&r, 1), "op.invalid");
    assert_eq!(code(&r, 2), "op.other_club");
    assert_eq!(s.pull_all(&phone, 100).await.len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gzipped_push_is_applied() {
    let (s, phone, chair) = setup().await;
    let ops: Vec<WireOp> = (0..20)
        .map(|i| register_member(&phone, &chair, &format!("Hội viên {i}")).1)
        .collect();
    let body = serde_json::to_vec(&serde_json::json!({ "ops": ops })).unwrap();
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(&body).unwrap();
    let gz = e.finish().unwrap();
    assert!(gz.len() < body.len());
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(gz)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let r: PushResponse = res.json().await.unwrap();
    assert_eq!(seqs(&r), (3..23).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_future_recorded_at_is_flagged_but_accepted() {
    let (s, phone, chair) = setup().await;
    let (_, mut m) = register_member(&phone, &chair, "Trần Văn An");
    m.recorded_at = common::rfc3339(chrono::Utc::now() + chrono::Duration::minutes(30));
    let r = s.push(&phone, &[m]).await;
    assert_eq!(seqs(&r), [3]);
    assert!(r.clock_skew_flagged);
    let d = &s.handle.storage().list_devices(Some(&phone.club)).unwrap()[0];
    assert!(d.clock_skew_ms.unwrap() > 29 * 60 * 1000);

    // An operation made yesterday and pushed today is not skew: it waited.
    let (_, mut old) = register_member(&phone, &chair, "Lê Thị Hoa");
    old.recorded_at = common::rfc3339(chrono::Utc::now() - chrono::Duration::days(1));
    let r = s.push(&phone, &[old]).await;
    assert!(!r.clock_skew_flagged);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_answer_is_safe_to_retry() {
    let (s, phone, chair) = setup().await;
    let (_, m1) = register_member(&phone, &chair, "Trần Văn An");
    s.handle
        .faults()
        .fail_after_commit
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let res = s
        .authed(Method::POST, "/v1/push", &phone)
        .json(&serde_json::json!({ "ops": [m1] }))
        .send()
        .await
        .unwrap();
    common::expect_error(res, StatusCode::INTERNAL_SERVER_ERROR, "server.internal").await;
    let r = s.push(&phone, std::slice::from_ref(&m1)).await;
    assert_eq!(seqs(&r), [-3]);

    let (_, m2) = register_member(&phone, &chair, "Lê Thị Hoa");
    s.handle
        .faults()
        .drop_response_after_commit
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let lost = async {
        s.authed(Method::POST, "/v1/push", &phone)
            .json(&serde_json::json!({ "ops": [m2] }))
            .send()
            .await?
            .json::<PushResponse>()
            .await
    }
    .await;
    assert!(lost.is_err(), "the answer should have been cut: {lost:?}");
    let r = s.push(&phone, &[m2.clone(), m1.clone()]).await;
    assert_eq!(seqs(&r), [-4, -3]);
    assert_eq!(s.pull_all(&phone, 100).await.len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_pushes_get_distinct_consecutive_numbers() {
    let (s, a, chair) = setup().await;
    let b = s.phone(&a.club).await;
    let s = std::sync::Arc::new(s);
    let mut tasks = vec![];
    for (k, phone) in [a.clone(), b.clone(), a.clone(), b.clone()]
        .into_iter()
        .enumerate()
    {
        let s = s.clone();
        let chair = chair.clone();
        tasks.push(tokio::spawn(async move {
            let ops: Vec<WireOp> = (0..10)
                .map(|i| register_member(&phone, &chair, &format!("Hội viên {k}-{i}")).1)
                .collect();
            s.push(&phone, &ops).await
        }));
    }
    let mut all = vec![];
    for t in tasks {
        all.extend(seqs(&t.await.unwrap()));
    }
    all.sort();
    assert_eq!(all, (3..43).collect::<Vec<_>>());
    let pulled = s.pull_all(&b, 7).await;
    assert_eq!(pulled.len(), 42);
}

#[tokio::test(flavor = "multi_thread")]
async fn money_needs_a_treasurer_or_chair_on_the_server_too() {
    let (s, phone, chair) = setup().await;
    let (plain, reg) = register_member(&phone, &chair, "Trần Văn An");
    s.push(&phone, &[reg]).await;
    let grant = |author: &str| {
        op(
            &phone,
            author,
            Change::JournalEntry(ishc_core::ops::JournalRecord {
                id: uuid::Uuid::now_v7().to_string(),
                club_id: phone.club.clone(),
                ledger: ishc_core::ops::Ledger::Fund(ishc_core::model::Fund::Activity),
                kind: ishc_core::ops::EntryKind::Grant,
                amount: 2_000_000,
                entry_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                member_id: None,
                loan_id: None,
                reverses_id: None,
                memo: "tài trợ".to_string(),
                recorded_at: common::rfc3339(chrono::Utc::now()),
            }),
        )
    };
    let r = s.push(&phone, &[grant(&plain.id), grant(&chair)]).await;
    assert_eq!(code(&r, 0), "op.not_permitted");
    assert_eq!(seqs(&r), [0, 4]);
}
