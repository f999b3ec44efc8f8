//! The `procdiag` binary: parse the command line, run the command, print errors with
//! their causes, and exit non-zero on failure.

use clap::Parser;
use procdiag::cli::{Cli, Command};
use procdiag::commands;

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Report(a) => commands::report::run(a),
        Command::Analyze(a) => commands::analyze::run(a),
        Command::Inspect(a) => commands::inspect::run(a),
        Command::Kpi(a) => commands::kpi::run(a),
        Command::Init(a) => commands::init::run(a),
        Command::Sample(a) => commands::sample::run(a),
    };
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
