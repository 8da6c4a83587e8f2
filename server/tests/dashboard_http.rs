//! The dashboard over HTTP on a real server on loopback: signing in and
//! out, the sign-in rate limit, CSRF refusals, session expiry, and who may
//! open a club's member list (and that each view is in the audit log).

mod common;

use chrono::TimeZone;
use common::{member, op, Phone, XUAN_LOC};
use ishc_core::clock::FixedClock;
use ishc_core::model::Role as MemberRole;
use ishc_core::ops::Change;
use ishc_core::sync::wire::{EnrolRequest, EnrolResponse, PROTOCOL_HEADER};
use ishc_server::accounts::{NewOfficer, Role};
use ishc_server::storage::{DashboardStorage, NewClub};
use ishc_server::{Config, ServerHandle};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use std::net::SocketAddr;
use std::sync::Arc;

const PASSWORD: &str = "Đồng Nai 2026 mật khẩu";

struct Dash {
    addr: SocketAddr,
    handle: ServerHandle,
    clock: Arc<FixedClock>,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

async fn start_with(behind_https_proxy: bool) -> Dash {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(
        ishc_core::model::vietnam_offset()
            .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
            .unwrap(),
    ));
    let path = dir.path().join("province.db");
    let mut config = Config::new(&path);
    config.behind_https_proxy = behind_https_proxy;
    let (addr, handle) = ishc_server::testing::spawn_config(config, clock.clone())
        .await
        .unwrap();
    Dash {
        addr,
        handle,
        clock,
        http: reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap(),
        _dir: dir,
    }
}

async fn start() -> Dash {
    start_with(false).await
}

/// The value of `name="…" value="…"` in a page.
fn hidden(page: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = page
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {page}"))
        + key.len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

/// `name=value` of the Set-Cookie header setting `name`, and the whole header.
fn set_cookie(res: &reqwest::Response, name: &str) -> Option<(String, String)> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| (v.split(';').next().unwrap().to_string(), v.to_string()))
}

impl Dash {
    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    fn storage(&self) -> &Arc<dyn DashboardStorage> {
        self.handle.dashboard().expect("the dashboard is served")
    }

    fn officer(&self, username: &str, role: Role, province: u32) {
        self.storage()
            .create_officer(NewOfficer {
                username: username.into(),
                full_name: format!("Cán bộ {username}"),
                role,
                province_code: province,
                password: PASSWORD.into(),
            })
            .unwrap();
    }

    /// Opens the sign-in form: its login cookie and token.
    async fn login_form(&self) -> (String, String) {
        let res = self
            .http
            .get(self.url("/dashboard/login"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let (cookie, header) = set_cookie(&res, "ishc_login").expect("login cookie");
        assert!(
            header.contains("HttpOnly") && header.contains("SameSite=Strict"),
            "{header}"
        );
        let page = res.text().await.unwrap();
        (cookie, hidden(&page, "csrf"))
    }

    async fn post_login(&self, username: &str, password: &str) -> reqwest::Response {
        let (cookie, csrf) = self.login_form().await;
        self.http
            .post(self.url("/dashboard/login"))
            .header("cookie", cookie)
            .form(&[
                ("username", username),
                ("password", password),
                ("csrf", &csrf),
            ])
            .send()
            .await
            .unwrap()
    }

    /// Signs in: the session cookie `ishc_session=…`.
    async fn sign_in(&self, username: &str) -> String {
        let res = self.post_login(username, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/dashboard/");
        set_cookie(&res, "ishc_session").expect("session cookie").0
    }

    async fn get(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    /// A club in Xã Xuân Lộc (Đồng Nai) with three members registered by
    /// its phone: its id.
    async fn club_with_members(&self) -> String {
        let club = self
            .handle
            .storage()
            .create_club(NewClub {
                name: "CLB LTH ấp 3".into(),
                commune_code: XUAN_LOC,
                founded_on: chrono::NaiveDate::from_ymd_opt(2023, 5, 19).unwrap(),
                activity_areas: None,
            })
            .unwrap();
        let code = self.handle.storage().issue_code(&club.id, 72).unwrap().code;
        let res = self
            .http
            .post(self.url("/v1/enrol"))
            .header(PROTOCOL_HEADER, "1")
            .json(&EnrolRequest {
                code,
                device_name: "Điện thoại".into(),
            })
            .send()
            .await
            .unwrap();
        let e: EnrolResponse = res.json().await.unwrap();
        let phone = Phone {
            id: e.device_id,
            token: e.token,
            club: club.id.clone(),
            counter: Default::default(),
        };
        let chair = member(&club.id, "Trần Đình Hải", &[MemberRole::Chair]);
        let ops = vec![
            op(&phone, "admin:setup", Change::MemberRegistered(chair)),
            op(
                &phone,
                "admin:setup",
                Change::MemberRegistered(member(&club.id, "Nguyễn Thị Lan", &[])),
            ),
            op(
                &phone,
                "admin:setup",
                Change::MemberRegistered(member(&club.id, "Phạm Thị Ánh", &[])),
            ),
        ];
        let res = self
            .http
            .post(self.url("/v1/push"))
            .header(PROTOCOL_HEADER, "1")
            .bearer_auth(&phone.token)
            .json(&serde_json::json!({ "ops": ops }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        club.id
    }
}

const DONG_NAI: u32 = 75;
const HA_NOI: u32 = 1;

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_with_the_right_password_opens_a_strict_http_only_session() {
    let d = start().await;
    d.officer("lan", Role::Admin, DONG_NAI);

    let res = d.post_login("lan", "mật khẩu sai").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&res, "ishc_session").is_none());
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Tên đăng nhập hoặc mật khẩu không đúng"),
        "{page}"
    );
    // The typed username is kept, the password never sent back.
    assert!(page.contains("value=\"lan\""));
    assert!(!page.contains("mật khẩu sai"));

    let res = d.post_login("LAN", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (cookie, header) = set_cookie(&res, "ishc_session").unwrap();
    assert!(header.contains("HttpOnly"), "{header}");
    assert!(header.contains("SameSite=Strict"), "{header}");
    assert!(header.contains("Path=/"), "{header}");
    assert!(header.contains("Max-Age=28800"), "{header}");
    assert!(!header.contains("Secure"), "{header}");
    let token = cookie.trim_start_matches("ishc_session=");
    assert_eq!(token.len(), 64);

    let res = d.get("/dashboard/audit", &cookie).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    let page = res.text().await.unwrap();
    assert!(page.contains("Nhật ký truy cập"));
    assert!(
        page.contains("Cán bộ lan · Quản trị (admin) · Tỉnh Đồng Nai"),
        "{page}"
    );

    // Without a cookie, or with a made-up one: to the sign-in page.
    let res = d.http.get(d.url("/dashboard/audit")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/dashboard/login");
    let res = d
        .get(
            "/dashboard/audit",
            &format!("ishc_session={}", "a".repeat(64)),
        )
        .await;
    assert_eq!(res.headers()["location"], "/dashboard/login");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sixth_sign_in_within_fifteen_minutes_is_refused_even_with_the_right_password() {
    let d = start().await;
    d.officer("lan", Role::Viewer, DONG_NAI);
    for _ in 0..5 {
        let res = d.post_login("lan", "đoán mò 123456").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = d.post_login("lan", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers()["retry-after"], "900");
    let page = res.text().await.unwrap();
    assert!(
        page.contains(
            "Đăng nhập sai quá nhiều lần (5 lần trong 15 phút). Vui lòng thử lại sau 15 phút."
        ),
        "{page}"
    );
    // Fifteen minutes later the failures have left the window.
    d.clock.advance(chrono::Duration::minutes(15));
    let res = d.post_login("lan", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread")]
async fn forms_without_their_token_are_refused() {
    let d = start().await;
    d.officer("lan", Role::Admin, DONG_NAI);

    // Sign-in without the login cookie (a form posted from another site).
    let (_, csrf) = d.login_form().await;
    let res = d
        .http
        .post(d.url("/dashboard/login"))
        .form(&[("username", "lan"), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(set_cookie(&res, "ishc_session").is_none());
    assert!(res.text().await.unwrap().contains("Biểu mẫu không hợp lệ"));

    // Sign-out with a wrong token leaves the session open.
    let cookie = d.sign_in("lan").await;
    for csrf in ["", "0123"] {
        let res = d
            .http
            .post(d.url("/dashboard/logout"))
            .header("cookie", &cookie)
            .form(&[("csrf", csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        d.get("/dashboard/audit", &cookie).await.status(),
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_out_ends_the_session() {
    let d = start().await;
    d.officer("lan", Role::Admin, DONG_NAI);
    let cookie = d.sign_in("lan").await;
    let page = d
        .get("/dashboard/audit", &cookie)
        .await
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf");
    let res = d
        .http
        .post(d.url("/dashboard/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/dashboard/login");
    let (cleared, header) = set_cookie(&res, "ishc_session").unwrap();
    assert_eq!(cleared, "ishc_session=");
    assert!(header.contains("Max-Age=0"));
    let res = d.get("/dashboard/audit", &cookie).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/dashboard/login");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_expires_after_an_idle_hour() {
    let d = start().await;
    d.officer("lan", Role::Admin, DONG_NAI);
    let cookie = d.sign_in("lan").await;
    d.clock.advance(chrono::Duration::minutes(59));
    assert_eq!(
        d.get("/dashboard/audit", &cookie).await.status(),
        StatusCode::OK
    );
    d.clock.advance(chrono::Duration::minutes(60));
    let res = d.get("/dashboard/audit", &cookie).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/dashboard/login");
    // The browser is told to drop the dead cookie.
    assert_eq!(set_cookie(&res, "ishc_session").unwrap().0, "ishc_session=");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_viewer_cannot_open_a_member_list_an_analyst_can_and_the_view_is_logged() {
    let d = start().await;
    d.officer("xem", Role::Viewer, DONG_NAI);
    d.officer("phantich", Role::Analyst, DONG_NAI);
    d.officer("quantri", Role::Admin, DONG_NAI);
    d.officer("hanoi", Role::Admin, HA_NOI);
    let club = d.club_with_members().await;
    let path = format!("/dashboard/clubs/{club}/members");

    let viewer = d.sign_in("xem").await;
    let res = d.get(&path, &viewer).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let page = res.text().await.unwrap();
    assert!(page.contains("không xem được danh sách thành viên"));
    assert!(!page.contains("Nguyễn Thị Lan"));
    assert!(d.storage().audit_log(DONG_NAI, 10).unwrap().is_empty());

    let analyst = d.sign_in("phantich").await;
    d.clock.advance(chrono::Duration::minutes(3));
    let res = d.get(&path, &analyst).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    // Sorted by given name in Vietnamese order: Ánh, Hải, Lan.
    let (a, h, l) = (
        page.find("Phạm Thị Ánh").unwrap(),
        page.find("Trần Đình Hải").unwrap(),
        page.find("Nguyễn Thị Lan").unwrap(),
    );
    assert!(a < h && h < l, "{page}");
    assert!(page.contains("Chủ nhiệm"));
    assert!(page.contains("3 người"));

    let log = d.storage().audit_log(DONG_NAI, 10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].username, "phantich");
    assert_eq!(log[0].action, "members.view");
    assert_eq!(log[0].club_id.as_deref(), Some(club.as_str()));
    assert_eq!(log[0].at, "2026-01-05T01:03:00.000Z");
    assert_eq!(log[0].ip, "127.0.0.1");
    assert!(log[0].detail.contains("3 people"), "{}", log[0].detail);

    // Only admins read the log, and it names the club and the officer.
    assert_eq!(
        d.get("/dashboard/audit", &analyst).await.status(),
        StatusCode::FORBIDDEN
    );
    let admin = d.sign_in("quantri").await;
    let page = d
        .get("/dashboard/audit", &admin)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("phantich") && page.contains("CLB LTH ấp 3"));
    assert!(page.contains("05/01/2026 08:03:00"), "{page}");

    // An officer of another province does not find the club at all.
    let other = d.sign_in("hanoi").await;
    assert_eq!(d.get(&path, &other).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(d.storage().audit_log(DONG_NAI, 10).unwrap().len(), 1);
    assert!(d.storage().audit_log(HA_NOI, 10).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_an_https_proxy_cookies_are_secure_and_the_forwarded_address_is_limited() {
    let d = start_with(true).await;
    d.officer("lan", Role::Viewer, DONG_NAI);
    let attempt = |ip: &'static str, username: &'static str| {
        let d = &d;
        async move {
            let (cookie, csrf) = d.login_form().await;
            d.http
                .post(d.url("/dashboard/login"))
                .header("cookie", cookie)
                .header("x-forwarded-for", format!("203.0.113.9, {ip}"))
                .form(&[("username", username), ("password", "x"), ("csrf", &csrf)])
                .send()
                .await
                .unwrap()
        }
    };
    // Five usernames tried from one client: the client's address is locked.
    for name in ["u1", "u2", "u3", "u4", "u5"] {
        assert_eq!(
            attempt("198.51.100.1", name).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        attempt("198.51.100.1", "u6").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another client behind the same proxy is not locked out.
    assert_eq!(
        attempt("198.51.100.2", "u6").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let res = d.post_login("lan", PASSWORD).await;
    let (_, header) = set_cookie(&res, "__Host-ishc_session").expect("secure cookie");
    assert!(
        header.contains("Secure") && header.contains("Path=/"),
        "{header}"
    );
}

/// A province's admin edits a plan target through its form: a viewer may
/// not (403), a wrong CSRF token is refused, a bad value comes back with the
/// field's error and changes nothing, a good one is saved, shown on the
/// targets page and in the audit log.
#[tokio::test(flavor = "multi_thread")]
async fn an_admin_edits_a_target_through_its_form() {
    use ishc_core::indicators::IndicatorKey;
    let d = start().await;
    d.officer("quantri", Role::Admin, 75);
    d.officer("xem", Role::Viewer, 75);
    let target = d
        .storage()
        .plan_targets(75)
        .unwrap()
        .into_iter()
        .find(|t| {
            t.target.plan == "13335/KH-UBND" && t.target.indicator == IndicatorKey::NewClubMembers
        })
        .expect("plan 13335's members of new clubs");
    assert_eq!(target.target.value, 3_500);
    let path = format!("/dashboard/targets/{}", target.id);

    let viewer = d.sign_in("xem").await;
    assert_eq!(d.get(&path, &viewer).await.status(), StatusCode::FORBIDDEN);

    let admin = d.sign_in("quantri").await;
    let form = d.get(&path, &admin).await;
    assert_eq!(form.status(), StatusCode::OK);
    let page = form.text().await.unwrap();
    let csrf = hidden(&page, "csrf");
    let fields = |value: &str, csrf: &str| {
        vec![
            ("comparison".to_string(), "at_least".to_string()),
            ("value".to_string(), value.to_string()),
            ("value_max".to_string(), String::new()),
            ("from".to_string(), "2021-01-01".to_string()),
            ("to".to_string(), "2025-12-31".to_string()),
            (
                "definition_vi".to_string(),
                target.target.definition_vi.clone(),
            ),
            (
                "definition_en".to_string(),
                target.target.definition_en.clone(),
            ),
            ("source".to_string(), target.target.source.clone()),
            ("csrf".to_string(), csrf.to_string()),
        ]
    };
    let post = |cookie: String, body: Vec<(String, String)>| {
        d.http
            .post(d.url(&path))
            .header("cookie", cookie)
            .form(&body)
            .send()
    };
    // A forged form (wrong token) and a viewer's post change nothing.
    let forged = post(admin.clone(), fields("4000", "not-the-token"))
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let by_viewer = post(viewer.clone(), fields("4000", &csrf)).await.unwrap();
    assert!(
        by_viewer.status().is_client_error(),
        "{}",
        by_viewer.status()
    );
    // A value that is not a whole number comes back with its field's error.
    let bad = post(admin.clone(), fields("ba nghìn", &csrf))
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = bad.text().await.unwrap();
    assert!(page.contains("ba nghìn"), "the typed value is kept");
    let stored = |d: &Dash| {
        d.storage()
            .plan_targets(75)
            .unwrap()
            .into_iter()
            .find(|t| t.id == target.id)
            .unwrap()
    };
    assert_eq!(stored(&d).target.value, 3_500);
    assert!(d
        .storage()
        .audit_log(DONG_NAI, 50)
        .unwrap()
        .iter()
        .all(|a| !a.action.contains("target")));
    // A good one is saved with who saved it, and listed.
    let saved = post(admin.clone(), fields("4.000", &csrf)).await.unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let now = stored(&d);
    assert_eq!(now.target.value, 4_000);
    assert_eq!(now.updated_by, "quantri");
    let listed = d
        .get("/dashboard/targets", &admin)
        .await
        .text()
        .await
        .unwrap();
    assert!(listed.contains("≥ 4.000"), "{listed}");
    let audit = d.storage().audit_log(DONG_NAI, 50).unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.username == "quantri" && a.action.contains("target")),
        "{audit:?}"
    );
}

/// Every page and export of the dashboard, tried with no session, with a
/// forged session cookie, and with an admin of another province: nothing
/// of the club comes back. (The routes are listed here as
/// `dashboard::router` declares them; a new route must be added here too.)
#[tokio::test(flavor = "multi_thread")]
async fn every_dashboard_route_refuses_no_session_a_forged_one_and_another_province() {
    let d = start().await;
    d.officer("hanoi", Role::Admin, HA_NOI);
    d.officer("quantri", Role::Admin, DONG_NAI);
    let club = d.club_with_members().await;
    let target = d.storage().plan_targets(DONG_NAI).unwrap()[0].id;
    let gets = [
        "/dashboard/".to_string(),
        "/dashboard/clubs".to_string(),
        format!("/dashboard/clubs/{club}"),
        format!("/dashboard/clubs/{club}/members"),
        format!("/dashboard/clubs/{club}/export.xlsx"),
        "/dashboard/export.xlsx".to_string(),
        "/dashboard/report".to_string(),
        "/dashboard/report.xlsx".to_string(),
        "/dashboard/targets".to_string(),
        format!("/dashboard/targets/{target}"),
        "/dashboard/audit".to_string(),
    ];
    let forged = "ishc_session=".to_string() + &"ab".repeat(32);
    for path in &gets {
        for cookie in ["", forged.as_str()] {
            let res = d.get(path, cookie).await;
            assert_eq!(
                res.status(),
                StatusCode::SEE_OTHER,
                "{path} with {cookie:?}"
            );
            assert_eq!(res.headers()["location"], "/dashboard/login", "{path}");
            let body = res.bytes().await.unwrap();
            assert!(
                !String::from_utf8_lossy(&body).contains("Nguyễn Thị Lan"),
                "{path}"
            );
        }
    }
    // Posts without a session change nothing.
    for path in [
        "/dashboard/logout".to_string(),
        format!("/dashboard/targets/{target}"),
    ] {
        let res = d
            .http
            .post(d.url(&path))
            .form(&[("csrf", "x"), ("value", "1")])
            .send()
            .await
            .unwrap();
        assert!(
            res.status() == StatusCode::SEE_OTHER || res.status() == StatusCode::FORBIDDEN,
            "{path}: {}",
            res.status()
        );
    }
    assert_eq!(
        d.storage().plan_targets(DONG_NAI).unwrap()[0].updated_by,
        "preset"
    );
    // An admin of Hà Nội sees none of Đồng Nai's club, its members, exports
    // or targets.
    let hanoi = d.sign_in("hanoi").await;
    for path in [
        format!("/dashboard/clubs/{club}"),
        format!("/dashboard/clubs/{club}/members"),
        format!("/dashboard/clubs/{club}/export.xlsx"),
        format!("/dashboard/targets/{target}"),
    ] {
        let res = d.get(&path, &hanoi).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        let body = res.bytes().await.unwrap();
        assert!(
            !String::from_utf8_lossy(&body).contains("Nguyễn Thị Lan"),
            "{path}"
        );
    }
    for province in [DONG_NAI, HA_NOI] {
        assert!(
            d.storage().audit_log(province, 10).unwrap().is_empty(),
            "nothing was viewed"
        );
    }
}
