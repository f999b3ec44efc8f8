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

/// Reads the task log (unless only a survey was given) and the survey, and analyses
/// them.
pub fn load_inputs(args: &crate::cli::InputArgs) -> Result<Analysis> {
    let survey = crate::config::survey_input(args)?;
    let mut analysis = if survey.is_some() && args.tasks.is_none() {
        Analysis {
            schema: "procdiag/1",
            inputs: Vec::new(),
            tasklog: None,
            survey: None,
        }
    } else {
        load_analysis(&crate::config::tasklog_input(args)?)?
    };
    if let Some(s) = survey {
        let paths: Vec<&std::path::Path> = s.paths.iter().map(|p| p.as_path()).collect();
        let (survey, summaries) = crate::ingest::survey::load_many(&paths, &s.options)?;
        analysis.survey = Some(crate::analysis::survey::analyze_survey(&survey, s.missing));
        analysis.inputs.extend(summaries);
    }
    Ok(analysis)
}

/// Reads the task log and analyses it.
pub fn load_analysis(input: &TasklogInput) -> Result<Analysis> {
    let (log, summary) = tasklog::load(&input.path, &input.options)?;
    analyze(&log, summary, now_ms())
}

/// The current time in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
