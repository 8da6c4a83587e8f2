//! FFI-level benchmarks, the Rust side of the Kotlin figures in
//! `docs/PERFORMANCE.md`: `ClubStore::list_members` (the exported method,
//! including the conversion into the FFI records) on the 70-member club of
//! `club70.rs`, beside the core's `Store::list_members` it wraps. Not run in
//! CI: `cargo bench -p ishc-ffi --bench ffi`.

#[path = "club70.rs"]
mod club70;

use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::Arc;

fn list_members(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("club70.db");
    club70::build(&path);
    let store = ishc_ffi::store::ClubStore::open(
        path.to_string_lossy().into_owned(),
        club70::KEY.to_vec(),
        "bench".into(),
    )
    .expect("open");
    assert_eq!(store.list_members(None, false).expect("list").len(), 70);
    let core = ishc_core::store::Store::open_encrypted(
        &path,
        &ishc_core::encryption::StoreKey::new(club70::KEY),
        "bench",
        Arc::new(ishc_core::clock::SystemClock),
    )
    .expect("open core");
    let club = core.the_club().expect("club").id;
    let today = core.today();
    let mut g = c.benchmark_group("ffi");
    g.bench_function("list_members_70_ffi_rust", |b| {
        b.iter(|| store.list_members(None, false).expect("list"))
    });
    g.bench_function("list_members_70_core", |b| {
        b.iter(|| core.list_members(&club, None, false, today).expect("list"))
    });
    g.finish();
}

criterion_group!(benches, list_members);
criterion_main!(benches);
