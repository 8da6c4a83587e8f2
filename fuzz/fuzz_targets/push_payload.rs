//! The bytes a phone sends to `POST /v1/push`, through the server's router
//! and storage on a fresh database with one club and one enrolled device
//! (`ishc_fuzz::push`: the placeholders `@CLUB@` and `@DEVICE@` stand for
//! their ids). The properties are [`ishc_fuzz::push::Harness::check`]'s:
//! no 5xx, documented codes, accepted ops stored once under the next
//! sequence numbers, nothing half-written, a replay answered the same.
#![no_main]

use ishc_fuzz::push::Harness;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static HARNESS: OnceLock<std::sync::Mutex<Harness>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let h = HARNESS.get_or_init(|| std::sync::Mutex::new(Harness::new()));
    let h = h.lock().unwrap_or_else(|e| e.into_inner());
    h.check(data, false);
});
