//! Failed-attempt limits for the sync API: enrolment codes guessed from one
//! address (issue 8: "rate limits on enrolment and login"; the dashboard's
//! sign-in has its own, stored, in `accounts`).
//!
//! What is limited is *failures*, not requests: a training day enrols dozens
//! of phones from one office network, every one with a good code, and must
//! never be slowed; an address that has sent [`ENROL_FAILURE_LIMIT`] unknown,
//! used or expired codes within [`ENROL_WINDOW_MINUTES`] is refused until the
//! oldest of them leaves the window. Rate-limiting crates (governor and the
//! like) count every request against a quota and cannot peek without
//! spending, so this small window of failure times is written here.
//!
//! The window lives in the process (several server processes behind a load
//! balancer each keep their own, so an address gets the limit per process);
//! the codes themselves (50 bits of randomness, one use, expiring) are what
//! keeps guessing hopeless, the limit keeps it from being cheap.

use chrono::{DateTime, Duration, Utc};
use ishc_core::clock::Clock;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// Failed enrolments allowed from one address within the window.
pub const ENROL_FAILURE_LIMIT: usize = 10;
/// The window, minutes.
pub const ENROL_WINDOW_MINUTES: i64 = 15;
/// Addresses remembered at most; beyond it the least recently failing are
/// forgotten first, so a flood of addresses cannot exhaust memory.
const MAX_ADDRESSES: usize = 100_000;

/// Recent failure times per address.
pub struct FailureLimiter {
    limit: usize,
    window: Duration,
    clock: Arc<dyn Clock>,
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl FailureLimiter {
    /// At most `limit` failures per address within `window`, on `clock`.
    pub fn new(limit: usize, window: Duration, clock: Arc<dyn Clock>) -> FailureLimiter {
        FailureLimiter {
            limit,
            window,
            clock,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// The enrolment limit: [`ENROL_FAILURE_LIMIT`] in
    /// [`ENROL_WINDOW_MINUTES`].
    pub fn enrolment(clock: Arc<dyn Clock>) -> FailureLimiter {
        FailureLimiter::new(
            ENROL_FAILURE_LIMIT,
            Duration::minutes(ENROL_WINDOW_MINUTES),
            clock,
        )
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now().with_timezone(&Utc)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<DateTime<Utc>>>> {
        // A panic while holding the lock leaves only failure times behind.
        self.failures.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `Ok` when `address` may try; else the whole seconds (at least 1)
    /// until it may try again.
    pub fn check(&self, address: &str) -> Result<(), u64> {
        let now = self.now();
        let mut map = self.lock();
        let Some(times) = map.get_mut(address) else {
            return Ok(());
        };
        while times.front().is_some_and(|t| *t <= now - self.window) {
            times.pop_front();
        }
        if times.is_empty() {
            map.remove(address);
            return Ok(());
        }
        if times.len() < self.limit {
            return Ok(());
        }
        let free_at = times[times.len() - self.limit] + self.window;
        Err(((free_at - now).num_milliseconds().max(1) as u64).div_ceil(1000))
    }

    /// Records a failure from `address`.
    pub fn record_failure(&self, address: &str) {
        let now = self.now();
        let mut map = self.lock();
        if map.len() >= MAX_ADDRESSES && !map.contains_key(address) {
            let stalest = map
                .iter()
                .min_by_key(|(_, t)| t.back().copied())
                .map(|(k, _)| k.clone());
            if let Some(k) = stalest {
                map.remove(&k);
            }
        }
        let times = map.entry(address.to_string()).or_default();
        times.push_back(now);
        while times.len() > self.limit {
            times.pop_front();
        }
    }
}

/// The client's address: the last `X-Forwarded-For` entry when the server
/// is reached through its own reverse proxy (`behind_proxy`), else the
/// connection's peer; at most 64 characters.
pub fn client_address(
    headers: &axum::http::HeaderMap,
    peer: Option<std::net::SocketAddr>,
    behind_proxy: bool,
) -> String {
    if behind_proxy {
        if let Some(last) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|s| !s.is_empty())
        {
            return last.chars().take(64).collect();
        }
    }
    peer.map(|p| p.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ishc_core::clock::FixedClock;

    #[test]
    fn failures_limit_an_address_until_the_oldest_leaves_the_window() {
        let clock = Arc::new(FixedClock::new(
            ishc_core::model::vietnam_offset()
                .with_ymd_and_hms(2026, 3, 2, 8, 0, 0)
                .unwrap(),
        ));
        let l = FailureLimiter::new(3, Duration::minutes(15), clock.clone());
        for minute in 0..3 {
            assert_eq!(l.check("10.0.0.1"), Ok(()));
            l.record_failure("10.0.0.1");
            clock.advance(Duration::minutes(if minute < 2 { 1 } else { 0 }));
        }
        // Three failures at 08:00, 08:01, 08:02; it is 08:02.
        assert_eq!(l.check("10.0.0.1"), Err(13 * 60));
        assert_eq!(l.check("10.0.0.2"), Ok(()), "another address is free");
        clock.advance(Duration::minutes(13) - Duration::seconds(1));
        assert_eq!(l.check("10.0.0.1"), Err(1));
        clock.advance(Duration::seconds(1));
        // 08:15: the 08:00 failure left the window; two remain.
        assert_eq!(l.check("10.0.0.1"), Ok(()));
        l.record_failure("10.0.0.1");
        assert_eq!(l.check("10.0.0.1"), Err(60));
        clock.advance(Duration::minutes(30));
        assert_eq!(l.check("10.0.0.1"), Ok(()));
        assert!(l.lock().is_empty(), "forgotten once its failures expired");
    }

    #[test]
    fn the_forwarded_address_counts_only_behind_the_proxy() {
        let mut h = axum::http::HeaderMap::new();
        h.insert("x-forwarded-for", "1.2.3.4, 10.0.0.9".parse().unwrap());
        let peer = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 5000)));
        assert_eq!(client_address(&h, peer, true), "10.0.0.9");
        assert_eq!(client_address(&h, peer, false), "127.0.0.1");
        assert_eq!(
            client_address(&axum::http::HeaderMap::new(), None, true),
            "unknown"
        );
    }
}
