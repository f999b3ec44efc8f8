//! From what the user typed ([`crate::cli`]) and `procdiag.toml` ([`file`]) to one
//! resolved [`Config`], built once per run by [`resolve`]: each setting is its flag,
//! else the config file's, else its default ([`layers`] says which file and sections
//! apply). The inputs ([`inputs`]), the plan ([`plan`]) and the report settings live
//! here and nowhere else; every command runs on a `&Config`.

pub mod file;
pub mod inputs;
pub mod layers;
pub mod plan;
pub mod sla_file;

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::cli::{Cli, Command, Format, InputArgs, InspectAs, KpiFormat, LangArg, SampleArgs};
use crate::model::plan::Plan;
pub use inputs::{SurveyInput, TasklogInput, SAMPLE_TASKS};
use layers::Layers;
pub use layers::{CONFIG_NAME, SAMPLE_CONFIG};

/// Where the report goes when neither `--out` nor the config says.
pub const DEFAULT_OUT: &str = "reports/diagnosis.html";

/// What to run, with the settings only that command has.
#[derive(Debug, Clone)]
pub enum Run {
    Report,
    Analyze {
        format: Format,
    },
    Kpi {
        format: KpiFormat,
        xlsx: Option<PathBuf>,
    },
    Inspect {
        file: PathBuf,
        survey: bool,
        format: Format,
    },
    Init {
        files: Vec<PathBuf>,
        out: PathBuf,
        force: bool,
    },
    Sample(SampleArgs),
}

/// The files to read and how.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The task log; `None` when only a survey is read.
    pub tasks: Option<TasklogInput>,
    pub survey: Option<SurveyInput>,
}

impl Inputs {
    /// Every input file (outputs must never be written over them).
    pub fn paths(&self) -> Vec<&Path> {
        let survey = self.survey.iter().flat_map(|s| s.paths.iter());
        self.tasks
            .iter()
            .map(|t| t.path.as_path())
            .chain(survey.map(PathBuf::as_path))
            .collect()
    }
}

/// Where the report (and its JSON, CSV tables and workbook) goes and in which
/// language.
#[derive(Debug, Clone)]
pub struct ReportSettings {
    pub out: PathBuf,
    pub json: Option<PathBuf>,
    /// A folder for every table of the report as CSV files.
    pub csv_dir: Option<PathBuf>,
    /// Every table of the report as an Excel workbook.
    pub xlsx: Option<PathBuf>,
    pub lang: LangArg,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            out: PathBuf::from(DEFAULT_OUT),
            json: None,
            csv_dir: None,
            xlsx: None,
            lang: LangArg::Auto,
        }
    }
}

/// The resolved configuration of one run.
#[derive(Debug, Clone)]
pub struct Config {
    pub run: Run,
    pub inputs: Inputs,
    pub plan: Plan,
    pub report: ReportSettings,
    /// The config file that was read, if any.
    pub file: Option<PathBuf>,
}

/// Resolves the command line and the config file into the run's configuration.
pub fn resolve(cli: &Cli) -> Result<Config> {
    match &cli.command {
        Command::Report(a) => {
            let l = Layers::read(&a.input)?;
            let mut c = with_inputs(Run::Report, &l)?;
            c.report = report_settings(a, &l);
            check_outputs(&c)?;
            Ok(c)
        }
        Command::Analyze(a) => {
            with_inputs(Run::Analyze { format: a.format }, &Layers::read(&a.input)?)
        }
        Command::Kpi(a) => {
            let run = Run::Kpi {
                format: a.format,
                xlsx: a.xlsx.clone(),
            };
            let c = with_inputs(run, &Layers::read(&a.input)?)?;
            check_outputs(&c)?;
            Ok(c)
        }
        Command::Inspect(a) => {
            let survey = match a.kind {
                Some(k) => k == InspectAs::Survey,
                None => looks_like_survey(&a.input, &a.file),
            };
            let mut input = a.input.clone();
            if survey {
                input.survey = vec![a.file.clone()];
            } else {
                input.tasks = Some(a.file.clone());
            }
            let run = Run::Inspect {
                file: a.file.clone(),
                survey,
                format: a.format,
            };
            with_inputs(run, &Layers::read(&input)?)
        }
        Command::Init(a) => Ok(bare(Run::Init {
            files: a.files.clone(),
            out: a.out.clone(),
            force: a.force,
        })),
        Command::Sample(a) => Ok(bare(Run::Sample(a.clone()))),
    }
}

/// `--out`, `--json`, `--csv-dir`, `--xlsx` and `--lang`, else `[report]`, else the
/// defaults.
fn report_settings(a: &crate::cli::ReportArgs, l: &Layers) -> ReportSettings {
    let section = l.file.as_ref().and_then(|f| f.file.report.as_ref());
    let from_file = |p: Option<&PathBuf>| Some(l.file.as_ref()?.base.join(p?));
    ReportSettings {
        csv_dir: a
            .csv_dir
            .clone()
            .or_else(|| from_file(section.and_then(|r| r.csv_dir.as_ref()))),
        xlsx: a
            .xlsx
            .clone()
            .or_else(|| from_file(section.and_then(|r| r.xlsx.as_ref()))),
        out: a
            .out
            .clone()
            .or_else(|| from_file(section.and_then(|r| r.out.as_ref())))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT)),
        json: a
            .json
            .clone()
            .or_else(|| from_file(section.and_then(|r| r.json.as_ref()))),
        lang: a
            .lang
            .or(section.and_then(|r| r.lang))
            .unwrap_or(LangArg::Auto),
    }
}

/// A file is read as a survey when survey flags are given or a platform's layout is
/// recognised.
fn looks_like_survey(input: &InputArgs, file: &Path) -> bool {
    input.platform.is_some()
        || !input.dimensions.is_empty()
        || crate::ingest::survey::looks_like_survey(file, &Default::default())
}

/// A command that reads no inputs.
fn bare(run: Run) -> Config {
    Config {
        run,
        inputs: Inputs::default(),
        plan: Plan::default(),
        report: ReportSettings::default(),
        file: None,
    }
}

/// A command that reads the inputs: the plan, then the survey, then the task log (the
/// sample's unless only a survey is given).
fn with_inputs(run: Run, l: &Layers) -> Result<Config> {
    let plan = plan::plan(l)?;
    let survey = inputs::survey(l, &plan)?;
    let survey_only = survey.is_some() && l.tasks_path().is_none();
    let tasks = if survey_only {
        None
    } else {
        Some(inputs::tasklog(l, &plan)?)
    };
    Ok(Config {
        run,
        inputs: Inputs { tasks, survey },
        plan,
        report: ReportSettings::default(),
        file: l.file.as_ref().map(|f| f.path.clone()),
    })
}

/// Refuses to write the report, its JSON, CSV tables or workbook, or the KPI workbook
/// over an input file.
fn check_outputs(c: &Config) -> Result<()> {
    let inputs = c.inputs.paths();
    let mut outs: Vec<&Path> = Vec::new();
    match &c.run {
        Run::Report => {
            outs.push(&c.report.out);
            outs.extend(c.report.json.as_deref());
            outs.extend(c.report.xlsx.as_deref());
            if let Some(dir) = &c.report.csv_dir {
                check_csv_dir(dir, &inputs)?;
            }
        }
        Run::Kpi { xlsx: Some(x), .. } => outs.push(x),
        _ => {}
    }
    for out in outs {
        check_output(out, &inputs)?;
    }
    Ok(())
}

/// Refuses a CSV folder holding an input file with the name of a table it could write
/// (`07-stages.csv`).
fn check_csv_dir(dir: &Path, inputs: &[&Path]) -> Result<()> {
    let Ok(dir) = std::fs::canonicalize(dir) else {
        // A folder that does not exist yet holds no input.
        return Ok(());
    };
    for input in inputs {
        let Ok(path) = std::fs::canonicalize(input) else {
            continue;
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.parent() == Some(dir.as_path()) && crate::export::csv_dir::could_write(name) {
            bail!(
                "{}: --csv-dir would overwrite this input file; choose another folder",
                input.display()
            );
        }
    }
    Ok(())
}

/// Chinese when asked, or on `auto` when any mapped header has CJK characters.
pub fn resolve_lang(arg: LangArg, headers: &[&str]) -> crate::report::Lang {
    use crate::report::Lang;
    match arg {
        LangArg::En => Lang::En,
        LangArg::Zh => Lang::Zh,
        LangArg::Auto => {
            let cjk = headers
                .iter()
                .any(|h| h.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
            if cjk {
                Lang::Zh
            } else {
                Lang::En
            }
        }
    }
}

/// Refuses to write an output over an input file.
pub fn check_output(out: &Path, inputs: &[&Path]) -> Result<()> {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(o) = canon(out) {
        for i in inputs {
            if canon(i).as_ref() == Some(&o) {
                bail!(
                    "{}: refusing to overwrite an input file; choose another output path",
                    out.display()
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn resolved(args: &[&str]) -> Result<Config> {
        let mut argv = vec!["procdiag", "report"];
        argv.extend_from_slice(args);
        resolve(&Cli::try_parse_from(argv)?)
    }

    #[test]
    fn csv_dir_and_xlsx_come_from_the_flags_else_the_config_file() -> Result<()> {
        let dir = tempfile::tempdir()?;
        crate::sample::write_sample(&dir.path().join("data"), "log", 20, 5, false)?;
        let toml = dir.path().join("procdiag.toml");
        std::fs::write(
            &toml,
            "[tasks]\nfile = \"data/log.csv\"\n[report]\ncsv_dir = \"tables\"\nxlsx = \"t.xlsx\"\n",
        )?;
        let config = toml.to_str().unwrap_or_default();
        let c = resolved(&["--config", config])?;
        assert_eq!(c.report.csv_dir, Some(dir.path().join("tables")));
        assert_eq!(c.report.xlsx, Some(dir.path().join("t.xlsx")));
        let c = resolved(&["--config", config, "--csv-dir", "x", "--xlsx", "y.xlsx"])?;
        assert_eq!(c.report.csv_dir, Some(PathBuf::from("x")));
        assert_eq!(c.report.xlsx, Some(PathBuf::from("y.xlsx")));
        Ok(())
    }

    #[test]
    fn a_csv_dir_holding_an_input_named_like_a_table_is_refused() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let tables = dir.path().join("tables");
        crate::sample::write_sample(&tables, "05-edges", 20, 5, false)?;
        let input = tables.join("05-edges.csv");
        let (input, tables) = (
            input.to_str().unwrap_or_default(),
            tables.to_str().unwrap_or_default(),
        );
        let err = resolved(&["--tasks", input, "--csv-dir", tables]).err();
        let err = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            err.contains("--csv-dir would overwrite this input file"),
            "{err}"
        );
        // Another name in the same folder is fine.
        let other = dir.path().join("tables/05-edges.xlsx");
        resolved(&[
            "--tasks",
            other.to_str().unwrap_or_default(),
            "--csv-dir",
            tables,
        ])?;
        let err = resolved(&["--tasks", input, "--xlsx", input]).err();
        assert!(err.is_some_and(|e| e.to_string().contains("refusing to overwrite")));
        Ok(())
    }
}
