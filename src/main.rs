//! The `procdiag` binary: parse the command line, resolve the configuration, run the
//! command, print errors with their causes, and exit non-zero on failure.

use clap::Parser;
use procdiag::cli::Cli;
use procdiag::commands;

fn main() {
    let cli = Cli::parse();
    procdiag::progress::init(cli.quiet);
    let result = procdiag::config::resolve(&cli).and_then(|c| commands::run(&c));
    procdiag::progress::finish();
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
