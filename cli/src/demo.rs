pub fn run(_cli: &crate::args::Cli) -> ishc_core::Result<()> { Ok(()) }
