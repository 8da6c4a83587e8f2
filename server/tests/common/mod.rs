//! Helpers shared by the server tests: a real server on loopback with a
//! temporary database, a client that speaks the protocol, and builders for
//! operations.

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use ishc_core::hlc::{Hlc, HlcStamp};
use ishc_core::model::{Birth, HouseholdStatus, Member, Membership, Role, Sex};
use ishc_core::ops::{Change, ClubRecord};
use ishc_core::sync::wire::{
    EnrolRequest, EnrolResponse, ErrorBody, PullResponse, PushResponse, WireOp, PROTOCOL_HEADER,
};
use ishc_server::storage::NewClub;
use ishc_server::ServerHandle;
use reqwest::{Method, RequestBuilder, StatusCode};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

/// Commune code of Xã Xuân Lộc, Tỉnh Đồng Nai (2025 units).
pub const XUAN_LOC: u32 = 26425;

/// A running server with its own database.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its handle (storage, faults).
    pub handle: ServerHandle,
    /// A client with gzip on.
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// An enrolled device.
#[derive(Debug, Clone)]
pub struct Phone {
    /// Device id.
    pub id: String,
    /// Bearer token.
    pub token: String,
    /// Its club.
    pub club: String,
    /// Its HLC counter, for stamps.
    pub counter: std::sync::Arc<AtomicU32>,
}

/// Starts a server on a fresh database: SQLite, or PostgreSQL when
/// `ISHC_TEST_DATABASE_URL` is set (`ishc_server::testing`).
pub async fn start() -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let (addr, handle) = ishc_server::testing::spawn(
        &dir.path().join("province.db"),
        std::sync::Arc::new(ishc_core::clock::SystemClock),
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .expect("server starts");
    TestServer {
        addr,
        handle,
        client: reqwest::Client::new(),
        _dir: dir,
    }
}

impl TestServer {
    /// The URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A request carrying the protocol header.
    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .header(PROTOCOL_HEADER, "1")
    }

    /// A request carrying the protocol header and `phone`'s token.
    pub fn authed(&self, method: Method, path: &str, phone: &Phone) -> RequestBuilder {
        self.req(method, path).bearer_auth(&phone.token)
    }

    /// Creates a club named `name`.
    pub fn club(&self, name: &str) -> ClubRecord {
        self.handle
            .storage()
            .create_club(NewClub {
                name: name.to_string(),
                commune_code: XUAN_LOC,
                founded_on: NaiveDate::from_ymd_opt(2023, 5, 19).unwrap(),
                activity_areas: None,
            })
            .expect("club created")
    }

    /// Issues a code for `club` valid for `ttl_hours`.
    pub fn code(&self, club: &str, ttl_hours: u32) -> String {
        self.handle
            .storage()
            .issue_code(club, ttl_hours)
            .expect("code issued")
            .code
    }

    /// Enrols a new phone in `club`.
    pub async fn phone(&self, club: &str) -> Phone {
        let code = self.code(club, 72);
        let res = self
            .req(Method::POST, "/v1/enrol")
            .json(&EnrolRequest {
                code,
                device_name: "Điện thoại chị Lan".to_string(),
            })
            .send()
            .await
            .expect("enrol sent");
        assert_eq!(res.status(), StatusCode::OK);
        let e: EnrolResponse = res.json().await.expect("enrol answer");
        Phone {
            id: e.device_id,
            token: e.token,
            club: e.club.id,
            counter: Default::default(),
        }
    }

    /// Pushes `ops` as `phone`; panics unless 200.
    pub async fn push(&self, phone: &Phone, ops: &[WireOp]) -> PushResponse {
        let res = self
            .authed(Method::POST, "/v1/push", phone)
            .json(&serde_json::json!({ "ops": ops }))
            .send()
            .await
            .expect("push sent");
        assert_eq!(res.status(), StatusCode::OK, "push answered {res:?}");
        res.json().await.expect("push answer")
    }

    /// Pulls one page as `phone`; panics unless 200.
    pub async fn pull(&self, phone: &Phone, after: i64, limit: u32) -> PullResponse {
        let res = self
            .authed(
                Method::GET,
                &format!("/v1/pull?after={after}&limit={limit}"),
                phone,
            )
            .send()
            .await
            .expect("pull sent");
        assert_eq!(res.status(), StatusCode::OK, "pull answered {res:?}");
        res.json().await.expect("pull answer")
    }

    /// Pulls everything as `phone`, page by page.
    pub async fn pull_all(&self, phone: &Phone, limit: u32) -> Vec<WireOp> {
        let mut after = 0;
        let mut out = vec![];
        loop {
            let page = self.pull(phone, after, limit).await;
            out.extend(page.ops.into_iter().map(|p| p.op));
            after = page.next_after;
            if !page.more {
                return out;
            }
        }
    }

    /// Whether the server still answers.
    pub async fn healthy(&self) -> bool {
        matches!(
            self.client.get(self.url("/health")).send().await,
            Ok(r) if r.status() == StatusCode::OK
        )
    }
}

/// Asserts an error answer's status and code, and returns its message.
pub async fn expect_error(res: reqwest::Response, status: StatusCode, code: &str) -> String {
    assert_eq!(res.status(), status, "status of {code}");
    let body: ErrorBody = res.json().await.expect("error body is JSON");
    assert_eq!(body.code, code, "{}", body.message);
    assert!(!body.message.is_empty());
    body.message
}

/// An instant as the wire carries it.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An operation made by `phone` now, authored by `author`.
pub fn op(phone: &Phone, author: &str, change: Change) -> WireOp {
    let (entity, entity_id) = change.entity();
    let now = Utc::now();
    let counter = phone.counter.fetch_add(1, Ordering::SeqCst);
    WireOp {
        op_id: uuid::Uuid::now_v7().to_string(),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        change,
        device_id: phone.id.clone(),
        author: author.to_string(),
        hlc: HlcStamp {
            hlc: Hlc {
                wall_ms: now.timestamp_millis() as u64,
                counter,
            },
            device: phone.id.clone(),
        }
        .to_string(),
        recorded_at: rfc3339(now),
        base_seq: 0,
    }
}

/// A member of `club` holding `roles`.
pub fn member(club: &str, name: &str, roles: &[Role]) -> Member {
    Member {
        id: uuid::Uuid::now_v7().to_string(),
        club_id: club.to_string(),
        full_name: name.to_string(),
        sex: Sex::Female,
        birth: Birth::Year(1955),
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 3".to_string(),
        phone: None,
        joined_on: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        left_on: None,
        leave_reason: None,
        roles: roles.to_vec(),
        membership: Membership::Member,
    }
}

/// A person to register on a phone's store, holding `roles` (born 1956,
/// joined 1 January 2025).
pub fn new_member(name: &str, roles: Vec<Role>) -> ishc_core::store::NewMember {
    ishc_core::store::NewMember {
        full_name: name.into(),
        sex: Sex::Female,
        birth: Birth::Year(1956),
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 7".into(),
        phone: None,
        joined_on: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        roles,
        membership: Membership::Member,
    }
}

/// The operation registering a new chair of `phone`'s club (authored by
/// the club's administration, as the first registration is).
pub fn register_chair(phone: &Phone, name: &str) -> (Member, WireOp) {
    let m = member(&phone.club, name, &[Role::Chair]);
    let op = op(phone, "admin:setup", Change::MemberRegistered(m.clone()));
    (m, op)
}

/// The operation registering a plain member, authored by `author`.
pub fn register_member(phone: &Phone, author: &str, name: &str) -> (Member, WireOp) {
    let m = member(&phone.club, name, &[]);
    let op = op(phone, author, Change::MemberRegistered(m.clone()));
    (m, op)
}
