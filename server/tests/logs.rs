//! Secrets never reach the logs (issue 8): with every log line captured at
//! TRACE level, a phone enrols, pushes and pulls, and an officer signs in,
//! opens pages and signs out; no enrolment code, device token, password or
//! session cookie appears in what the server logged, while the log itself
//! holds the events (so the capture works).
//!
//! Its own test binary: the capturing subscriber is process-wide.

mod dashboard_common;

use dashboard_common::{province, PASSWORD};
use ishc_core::sync::wire::{EnrolRequest, EnrolResponse, PROTOCOL_HEADER};
use ishc_server::accounts::Role;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

/// Every byte the server logged.
fn captured() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| Arc::new(Mutex::new(Vec::new())))
}

struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        captured().lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `name=value` of the Set-Cookie header setting `name`.
fn cookie(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {name} cookie"))
}

/// The value of the hidden input `name` in `page`.
fn hidden(page: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = page.find(&key).unwrap() + key.len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn no_code_token_password_or_session_is_ever_logged() {
    // Everything the server's own filter lets through at its most verbose.
    tracing_subscriber::fmt()
        .with_env_filter(ishc_server::log_filter("trace"))
        .with_ansi(false)
        .with_writer(|| Capture)
        .init();
    let p = province().await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(PROTOCOL_HEADER, "1".parse().unwrap());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap();

    // A phone enrols with a code, then pushes nothing and pulls everything.
    let code = p.handle.storage().issue_code(&p.club_id, 1).unwrap().code;
    let res = http
        .post(p.url("/v1/enrol"))
        .json(&EnrolRequest {
            code: code.clone(),
            device_name: "Điện thoại".into(),
        })
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let enrolled: EnrolResponse = res.json().await.unwrap();
    let pulled = http
        .get(p.url("/v1/pull?after=0&limit=50"))
        .bearer_auth(&enrolled.token)
        .send()
        .await
        .unwrap();
    assert!(pulled.status().is_success());
    // A wrong token and a reused code are refused (and logged as refusals).
    // The last hex digit changed (to 0, or to 1 when it is 0: a token
    // ending in 0 would otherwise stay the right one, 1 run in 16).
    let (head, last) = enrolled.token.split_at(enrolled.token.len() - 1);
    let bad_token = format!("{head}{}", if last == "0" { "1" } else { "0" });
    let refused = http
        .get(p.url("/v1/pull?after=0"))
        .bearer_auth(&bad_token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let reused = http
        .post(p.url("/v1/enrol"))
        .json(&EnrolRequest {
            code: code.clone(),
            device_name: "lần hai".into(),
        })
        .send()
        .await
        .unwrap();
    assert!(reused.status().is_client_error());

    // An officer signs in (once with a wrong password), reads, signs out.
    p.officer("phantich", Role::Analyst);
    let form = http.get(p.url("/dashboard/login")).send().await.unwrap();
    let login_cookie = cookie(&form, "ishc_login");
    let csrf = hidden(&form.text().await.unwrap(), "csrf");
    let wrong_password = "sai mật khẩu 12345";
    for password in [wrong_password, PASSWORD] {
        let res = http
            .post(p.url("/dashboard/login"))
            .header("cookie", &login_cookie)
            .form(&[
                ("username", "phantich"),
                ("password", password),
                ("csrf", &csrf),
            ])
            .send()
            .await
            .unwrap();
        if password == PASSWORD {
            assert_eq!(res.status(), 303);
            let session = cookie(&res, "ishc_session");
            let page = http
                .get(p.url("/dashboard/"))
                .header("cookie", &session)
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), 200);
            let csrf = hidden(&page.text().await.unwrap(), "csrf");
            let out = http
                .post(p.url("/dashboard/logout"))
                .header("cookie", &session)
                .form(&[("csrf", &csrf)])
                .send()
                .await
                .unwrap();
            assert_eq!(out.status(), 303);
            let secrets = [
                ("enrolment code", code.as_str()),
                ("device token", enrolled.token.as_str()),
                ("wrong token", bad_token.as_str()),
                ("password", PASSWORD),
                ("wrong password", wrong_password),
                ("session cookie", session.split('=').nth(1).unwrap()),
                ("login cookie", login_cookie.split('=').nth(1).unwrap()),
                ("csrf token", csrf.as_str()),
            ];
            // Let the last responses' log lines land.
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            let log = String::from_utf8_lossy(&captured().lock().unwrap()).into_owned();
            for event in [
                "device enrolled",
                "officer signed in",
                "sign-in failed",
                "officer signed out",
            ] {
                assert!(log.contains(event), "the capture missed {event:?}:\n{log}");
            }
            for (what, secret) in secrets {
                assert!(secret.len() >= 8, "{what} too short to search for");
                assert!(!log.contains(secret), "the {what} was logged:\n{log}");
            }
            // The code's hash would not betray it either, but neither is the
            // code without its dash.
            assert!(!log.contains(&code.replace('-', "")), "{log}");
            return;
        }
        assert_eq!(res.status(), 401, "a wrong password shows the form again");
    }
}
