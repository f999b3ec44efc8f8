//! `procdiag analyze`: the analysis on stdout, as JSON or a readable summary.

use anyhow::Result;

use crate::cli::{AnalyzeArgs, Format};
use crate::export::{json, table};

pub fn run(args: &AnalyzeArgs) -> Result<()> {
    let (input, _) = crate::config::effective(&args.input)?;
    let analysis = super::load_inputs(&input)?;
    let mut t = crate::timing::Timer::new();
    let text = match args.format {
        Format::Json => json::to_json(&analysis)?,
        Format::Table => table::render(&analysis),
    };
    print!("{text}");
    t.phase("output");
    Ok(())
}
