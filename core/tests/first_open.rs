//! The first encrypted opens of a process, made at the same moment from
//! several threads, all succeed: SQLCipher finishes initialising after
//! SQLite says it has (see `encryption::sqlcipher_ready`), and a thread
//! that keys a connection in between got `SQL logic error`. This file holds
//! one test so that it is the process's first use of SQLite.

use ishc_core::clock::{Clock, FixedClock};
use ishc_core::encryption::StoreKey;
use ishc_core::store::Store;
use std::sync::{Arc, Barrier};

#[test]
fn eight_threads_open_encrypted_stores_at_once_in_a_fresh_process() {
    let dir = tempfile::tempdir().unwrap();
    let start = Arc::new(Barrier::new(8));
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(
        ishc_core::input::parse_instant("at", "2026-03-01T09:00:00+07:00").unwrap(),
    ));
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let path = dir.path().join(format!("club-{i}.db"));
            let start = start.clone();
            let clock = clock.clone();
            std::thread::spawn(move || {
                let key = StoreKey::new([i as u8 + 1; 32]);
                start.wait();
                Store::open_encrypted(&path, &key, &format!("phone-{i}"), clock)
                    .map(|s| s.is_encrypted())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(results, vec![Ok(true); 8]);
}
