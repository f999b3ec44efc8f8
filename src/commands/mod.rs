//! One file per subcommand, each with `run`. Shared here: loading the inputs into an
//! [`Analysis`].

pub mod analyze;
pub mod report;
pub mod sample;

use anyhow::Result;

use crate::analysis::{analyze_tasklog, Analysis};
use crate::config::TasklogInput;
use crate::ingest::tasklog;

/// Reads the task log and analyses it.
pub fn load_analysis(input: &TasklogInput) -> Result<Analysis> {
    let (log, summary) = tasklog::load(&input.path, &input.options)?;
    let tasklog = analyze_tasklog(&log)?;
    Ok(Analysis {
        schema: "procdiag/1",
        inputs: vec![summary],
        tasklog: Some(tasklog),
    })
}
