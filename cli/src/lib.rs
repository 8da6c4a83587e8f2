//! The `ishc` command line as a library, so the workspace tests can run the
//! demo and the commands in-process. The binary is `src/main.rs`.

pub mod args;
pub mod demo;
pub mod input;
pub mod output;
pub mod run;
pub mod sync;
