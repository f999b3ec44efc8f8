//! One file per subcommand. Shared here: running the command a [`Config`] names, and
//! loading its inputs (ingest) and analysing them ([`crate::analysis::run`]).

pub mod analyze;
pub mod init;
pub mod inspect;
pub mod kpi;
pub mod report;
pub mod sample;

use anyhow::Result;

use crate::analysis::{self, Analysis};
use crate::config::{Config, Run};
use crate::ingest::tasklog;

/// Runs the command of a resolved configuration.
pub fn run(c: &Config) -> Result<()> {
    match &c.run {
        Run::Report => report::run(c),
        Run::Analyze { format } => analyze::run(c, *format),
        Run::Kpi { format, xlsx } => kpi::run(c, *format, xlsx.as_deref()),
        Run::Inspect {
            file,
            survey,
            format,
        } => inspect::run(c, file, *survey, *format),
        Run::Init { files, out, force } => init::run(files, out, *force),
        Run::Sample(a) => sample::run(a),
    }
}

/// Reads the inputs and analyses them under the plan (`kpi`: the KPI table even
/// without targets).
pub fn load_and_analyse(c: &Config, kpi: bool) -> Result<Analysis> {
    let mut t = crate::timing::Timer::new();
    let log = match &c.inputs.tasks {
        Some(input) => Some(tasklog::load(&input.path, &input.options)?),
        None => None,
    };
    t.phase("task log loaded");
    let survey = match &c.inputs.survey {
        Some(s) => {
            let paths: Vec<&std::path::Path> = s.paths.iter().map(|p| p.as_path()).collect();
            Some(crate::ingest::survey::load_many(&paths, &s.options)?)
        }
        None => None,
    };
    t.phase("survey loaded");
    let inputs =
        analysis::Inputs {
            tasklog: log.as_ref().map(|(l, s)| (l, s)),
            survey: c.inputs.survey.as_ref().zip(survey.as_ref()).map(
                |(i, (survey, summaries))| analysis::SurveyInput {
                    survey,
                    summaries,
                    missing: i.missing,
                    anonymity: i.anonymity,
                },
            ),
            now_ms: now_ms(),
            kpi,
        };
    let a = analysis::run(&inputs, &c.plan)?;
    t.phase("analysed");
    crate::progress::finish();
    warn_beyond_table(&a);
    Ok(a)
}

/// Says once, on stderr, when the log runs past the holiday table (the report and the
/// JSON say it too).
fn warn_beyond_table(a: &Analysis) {
    let Some(cal) = a
        .tasklog
        .as_ref()
        .and_then(|t| t.business.calendar.as_ref())
    else {
        return;
    };
    if let (false, Some((_, last))) = (cal.years_beyond_table.is_empty(), cal.table_years) {
        let years: Vec<String> = cal.years_beyond_table.iter().map(i32::to_string).collect();
        eprintln!(
            "warning: the holiday table ends in {last}; days of {} go by weekday only. \
             List that year's holidays and make-up workdays in [calendar] extra_holidays \
             and extra_workdays.",
            years.join(", ")
        );
    }
}

/// The current time in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
