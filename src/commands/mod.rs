//! One file per subcommand, each with `run`. Shared here: loading the inputs into an
//! [`Analysis`].

pub mod analyze;
pub mod init;
pub mod inspect;
pub mod kpi;
pub mod report;
pub mod sample;

use anyhow::Result;

use crate::analysis::{analyze, Analysis};
use crate::ingest::tasklog;

/// Reads the task log (unless only a survey was given) and the survey, analyses them,
/// and adds the before/after comparison, KPI table and breakdowns the plan asks for
/// (`kpi`: the KPI table even without targets).
pub fn load_inputs_with(args: &crate::cli::InputArgs, kpi: bool) -> Result<Analysis> {
    let mut t = crate::timing::Timer::new();
    let plan = crate::config::plan::plan_input(args)?;
    let survey_in = crate::config::survey_input(args)?;
    let (mut analysis, log) = if survey_in.is_some() && args.tasks.is_none() {
        (Analysis::empty(), None)
    } else {
        let input = crate::config::tasklog_input(args)?;
        t.phase("settings");
        let (log, summary) = tasklog::load(&input.path, &input.options)?;
        t.phase("task log loaded");
        let a = analyze(&log, summary, now_ms())?;
        t.phase("task log analysed");
        (a, Some(log))
    };
    let mut survey = None;
    if let Some(s) = survey_in {
        let paths: Vec<&std::path::Path> = s.paths.iter().map(|p| p.as_path()).collect();
        let (loaded, summaries) = crate::ingest::survey::load_many(&paths, &s.options)?;
        analysis.survey = Some(crate::analysis::survey::analyze_survey(
            &loaded,
            s.missing,
            s.anonymity,
        ));
        analysis.inputs.extend(summaries);
        survey = Some((loaded, s.anonymity));
    }
    t.phase("survey");
    let survey = survey.as_ref().map(|(s, a)| (s, *a));
    crate::analysis::apply_plan(&mut analysis, log.as_ref(), survey, &plan, kpi)?;
    t.phase("plan");
    Ok(analysis)
}

/// [`load_inputs_with`] without forcing the KPI table.
pub fn load_inputs(args: &crate::cli::InputArgs) -> Result<Analysis> {
    load_inputs_with(args, false)
}

/// The current time in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
