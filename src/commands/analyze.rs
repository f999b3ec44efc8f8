//! `procdiag analyze`: the analysis on stdout, as JSON or a readable summary.

use anyhow::Result;

use crate::cli::Format;
use crate::config::Config;
use crate::export::{json, table};

pub fn run(c: &Config, format: Format) -> Result<()> {
    let analysis = super::load_and_analyse(c, false)?;
    let mut t = crate::timing::Timer::new();
    let text = match format {
        Format::Json => json::to_json(&analysis)?,
        Format::Table => table::render(&analysis),
    };
    print!("{text}");
    t.phase("output");
    Ok(())
}
