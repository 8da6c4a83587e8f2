//! `cargo run -p uniffi-bindgen -- generate --library target/debug/libishc_ffi.so --language kotlin --out-dir OUT`
//!
//! uniffi's own command line, built in this workspace so the generator is
//! always the exact uniffi version the library was built with.

fn main() {
    uniffi::uniffi_bindgen_main()
}
