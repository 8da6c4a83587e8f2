//! `ishc`: the ISHC club book on the command line.
//!
//! Every command works on one SQLite file (`--db`), prints a human table by
//! default and JSON with `--json` (lists as JSON arrays), and exits 0 on
//! success, 1 when input broke a rule (the error names the field, the rule and
//! a stable code) or named something unknown, and 2 on other failures. A
//! failed command changes nothing.

use clap::Parser;
use ishc_cli::{args, output, run};

fn main() {
    // Print nothing more, quietly, when the reader of our output goes away
    // (`ishc member list | head`), as command-line tools do, instead of
    // panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE at start-up,
    // before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = args::Cli::parse();
    let json = cli.json;
    if let Err(e) = run::run(cli) {
        output::print_error(&e, json);
        let user_error =
            e.field_error().is_some() || matches!(e, ishc_core::Error::NotFound { .. });
        std::process::exit(if user_error { 1 } else { 2 });
    }
}
