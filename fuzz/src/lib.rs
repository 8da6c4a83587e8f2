//! What the fuzz targets share: the error codes `docs/ERRORS.md` documents,
//! the properties every reader's report must hold, and the push harness
//! ([`push`]) that runs a push body through the server's own router on a
//! fresh database.
//!
//! Each target checks properties, not only "no panic"; a broken property
//! panics with the input's reading, which libFuzzer reports as a crash.

pub mod push;

use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Every code the docs list: `docs/ERRORS.md`'s tables, and the HTTP
/// statuses' table of `docs/PROTOCOL.md` (`request.*`, `auth.*`, …, which
/// `docs/ERRORS.md` refers to): each `` `area.rule` `` in a table row.
pub fn documented_codes() -> &'static BTreeSet<String> {
    static CODES: OnceLock<BTreeSet<String>> = OnceLock::new();
    CODES.get_or_init(|| {
        let docs = [
            include_str!("../../docs/ERRORS.md"),
            include_str!("../../docs/PROTOCOL.md"),
        ];
        docs.iter()
            .flat_map(|d| d.lines())
            .filter(|l| l.starts_with('|'))
            .flat_map(|l| l.split('`').skip(1).step_by(2))
            .filter(|t| {
                t.split_once('.').is_some_and(|(a, r)| {
                    !a.is_empty()
                        && !r.is_empty()
                        && t.bytes()
                            .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.')
                })
            })
            .map(str::to_string)
            .collect()
    })
}

/// Panics unless `code` is a code `docs/ERRORS.md` lists.
pub fn assert_documented(code: &str, context: &str) {
    assert!(
        documented_codes().contains(code),
        "{context}: code {code:?} is not in docs/ERRORS.md"
    );
}

/// How many rows a CSV text can have as Excel counts them: one more than its
/// line breaks (`\r\n`, `\n`, `\r`).
pub fn csv_row_bound(text: &str) -> u32 {
    let breaks = text.replace("\r\n", "\n").matches(['\n', '\r']).count();
    u32::try_from(breaks + 1).unwrap_or(u32::MAX)
}

/// Records the calls of a reader's `progress(done, total)` callback and
/// checks they count up from 0 to one fixed total.
#[derive(Debug, Default)]
pub struct Progress {
    calls: Vec<(u64, u64)>,
}

impl Progress {
    /// The callback to hand the reader.
    pub fn record(&mut self, done: u64, total: u64) {
        self.calls.push((done, total));
    }

    /// Checks the calls were `(0, t), (1, t), …, (t, t)` and returns `t`
    /// (`None` when the reader never called it).
    pub fn total(&self) -> Option<u64> {
        let &(_, total) = self.calls.first()?;
        let want: Vec<(u64, u64)> = (0..=total).map(|d| (d, total)).collect();
        assert_eq!(self.calls, want, "progress must count 0..=total once each");
        Some(total)
    }
}

/// Lets a panic raised inside calamine unwind to the reader's own
/// `catch_unwind` (which answers `*.unreadable`) instead of libFuzzer's
/// panic hook aborting at once; every other panic still goes to that hook.
/// A calamine panic the reader failed to catch still aborts: libfuzzer-sys
/// aborts on any panic that reaches it. Call at the start of each input.
pub fn let_calamine_panics_unwind() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if !in_calamine {
                previous(info);
            }
        }));
    });
}
