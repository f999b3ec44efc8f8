//! One file per subcommand, each with `run`. Shared here: loading the inputs into an
//! [`Analysis`].

pub mod analyze;
pub mod inspect;
pub mod report;
pub mod sample;

use anyhow::Result;

use crate::analysis::{analyze, Analysis};
use crate::config::TasklogInput;
use crate::ingest::tasklog;

/// Reads the task log and analyses it.
pub fn load_analysis(input: &TasklogInput) -> Result<Analysis> {
    let (log, summary) = tasklog::load(&input.path, &input.options)?;
    let analysis = analyze(&log, summary, now_ms());
    let mut t = crate::timing::Timer::new();
    drop(log);
    t.phase("free the log");
    analysis
}

/// The current time in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
