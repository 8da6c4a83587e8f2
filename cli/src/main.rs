//! `ishc`: the ISHC club book on the command line.
//!
//! Every command works on one SQLite file (`--db`), prints a human table by
//! default and JSON with `--json` (lists as JSON arrays), and exits 0 on
//! success, 1 when input broke a rule (the error names the field, the rule and
//! a stable code) and 2 on other failures. A failed command changes nothing.

mod args;
mod demo;
mod input;
mod output;
mod run;

use clap::Parser;

fn main() {
    let cli = args::Cli::parse();
    let json = cli.json;
    match run::run(cli) {
        Ok(()) => {}
        Err(e) => {
            output::print_error(&e, json);
            std::process::exit(if e.field_error().is_some() || matches!(e, ishc_core::Error::NotFound { .. }) { 1 } else { 2 });
        }
    }
}
