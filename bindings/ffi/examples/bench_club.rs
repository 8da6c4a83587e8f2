//! Writes the benchmark club (70 members, a year of savings, 20 loans) to
//! the path given, encrypted with the bench key (`club70::KEY`, 32 bytes of
//! 0x42), for the Kotlin bench to open:
//! `cargo run --release -p ishc-ffi --example bench_club -- target/ishc-ffi-bench/club70.db`

#[path = "../benches/club70.rs"]
mod club70;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/ishc-ffi-bench/club70.db".into());
    let path = std::path::PathBuf::from(path);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the directory");
    }
    club70::build(&path);
    println!("{}", path.display());
}
