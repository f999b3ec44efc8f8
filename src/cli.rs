//! The command line as the user types it (clap derive). [`crate::config`] turns it into
//! a resolved configuration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Process diagnosis from task logs: lead times, waiting, bottlenecks, handoffs,
/// rework, in one offline HTML report.
#[derive(Debug, Parser)]
#[command(name = "procdiag", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// No progress bars and no "wrote FILE" lines on stderr (warnings and errors are
    /// still printed). Progress is only ever shown when stderr is a terminal.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the HTML diagnosis report (and optionally the JSON document).
    ///
    /// Without --tasks, reads the sample in data/ and writes reports/diagnosis.html.
    Report(ReportArgs),
    /// Print the analysis: the procdiag/1 JSON document, or a readable summary.
    Analyze(AnalyzeArgs),
    /// Show what procdiag sees in a file: format, encoding, sheet, header row, each
    /// column's role, type and examples, the row accounting and data-quality findings.
    Inspect(InspectArgs),
    /// The quarterly (monthly, weekly) KPI review: cases started and closed, WIP, lead
    /// time, flow efficiency, first-time-right, on-time rate and satisfaction per
    /// period, each target with a met/not-met mark, and the scorecard.
    Kpi(KpiArgs),
    /// Write a starter procdiag.toml: the column mapping detected in FILES, the survey
    /// layout, and commented examples of periods and targets.
    Init(InitArgs),
    /// Write a realistic generated task log (CSV and XLSX), a two-wave staff survey
    /// (问卷星 layout) and the procdiag.toml describing them, for trying procdiag out.
    Sample(SampleArgs),
}

/// Where the task log is and how to read it.
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Settings file (default: procdiag.toml in the current folder if there is one;
    /// with no input flags at all, data/procdiag.toml, the sample's). Flags win over it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Task log: CSV/TSV (UTF-8 with or without BOM, or GBK) or XLSX/XLS/ODS.
    #[arg(long, value_name = "FILE")]
    pub tasks: Option<PathBuf>,
    /// Worksheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Text encoding of a CSV file (utf-8, utf-16le, utf-16be, gbk, gb18030,
    /// windows-1252, …); detected when not given.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Time zone of times written without an offset (IANA name, e.g. Asia/Shanghai);
    /// default UTC. Local times that do not exist or are ambiguous there are rejected.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Field order of dates like 03/04/2024 when no value proves it.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrderArg>,
    /// Excel serial numbers count from 1904 (old Mac workbooks).
    #[arg(long)]
    pub excel_1904: bool,
    /// A cell value that means "missing" (repeatable); added to the defaults NA, N/A,
    /// #N/A, NaN, ?, -, null, EMPTY, (空), (跳过).
    #[arg(long, value_name = "VALUE")]
    pub na: Vec<String>,
    /// Do not treat the default values as missing (only --na ones and empty cells).
    #[arg(long)]
    pub no_default_na: bool,
    /// Any rejected row is an error (instead of being counted and reported).
    #[arg(long)]
    pub strict: bool,
    /// How rows become events; detected when not given.
    #[arg(long, value_enum)]
    pub shape: Option<ShapeArg>,
    /// A questionnaire export (问卷星, 腾讯问卷, 金数据, Microsoft/Google Forms,
    /// Qualtrics, SurveyMonkey, LimeSurvey or one column per question). Repeatable:
    /// several files (waves) are read as one survey with a `file` breakdown.
    #[arg(long, value_name = "FILE")]
    pub survey: Vec<PathBuf>,
    /// The survey export's platform (wjx, tencent, jinshuju, msforms, google,
    /// qualtrics, surveymonkey, limesurvey, plain); detected when not given.
    #[arg(long, value_name = "NAME")]
    pub platform: Option<String>,
    /// Worksheet of the survey workbook (default: the sheet that looks most like an
    /// export).
    #[arg(long, value_name = "NAME")]
    pub survey_sheet: Option<String>,
    /// Text encoding of a survey CSV; detected when not given.
    #[arg(long, value_name = "NAME")]
    pub survey_encoding: Option<String>,
    /// Keep the survey columns that identify people (name, e-mail, phone, IP), which
    /// are otherwise left out of every output.
    #[arg(long)]
    pub include_personal: bool,
    /// Scale of numeric survey items, e.g. 1-5 or 1-6 (detected otherwise).
    #[arg(long, value_name = "MIN-MAX")]
    pub scale: Option<String>,
    /// A survey dimension: NAME=ITEM,ITEM,… (ITEM: an item's code or header, or a
    /// question's code such as Q3 for all its rows). Repeatable.
    #[arg(long = "dimension", value_name = "NAME=ITEMS")]
    pub dimensions: Vec<String>,
    /// Reverse-worded survey items, comma-separated (flipped for dimension scores and α).
    #[arg(long, value_name = "ITEMS", value_delimiter = ',')]
    pub reverse: Vec<String>,
    /// Break survey scores down by this column (department, tier, wave). Repeatable.
    #[arg(long = "group", value_name = "COLUMN")]
    pub groups: Vec<String>,
    /// Survey groups with fewer respondents are suppressed everywhere, and further groups
    /// so that none can be derived from the total (default 5, at least 3).
    #[arg(long, value_name = "N")]
    pub min_group: Option<usize>,
    /// Missing answers in Cronbach's α: pairwise covariances (the default) or complete
    /// respondents only.
    #[arg(long, value_enum)]
    pub alpha: Option<AlphaMissing>,
    /// Use column HEADER for ROLE (case, stage, department, owner, start, end,
    /// timestamp, status, lifecycle, planned). HEADER may be DATE+TIME for a date and a time column.
    /// Repeatable.
    #[arg(long = "map", value_name = "ROLE=HEADER")]
    pub map: Vec<String>,
    /// The baseline period, FROM..TO (dates such as 2024-01-01; either side may be
    /// empty: 2024-01-01..).
    #[arg(long, value_name = "FROM..TO")]
    pub baseline: Option<String>,
    /// The comparison period, FROM..TO.
    #[arg(long, value_name = "FROM..TO")]
    pub after: Option<String>,
    /// Baseline before DATE, comparison period from DATE on.
    #[arg(long, value_name = "DATE")]
    pub split: Option<String>,
    /// A column whose values name the periods (改进前/改进后, baseline/after, wave names;
    /// the first value is the baseline), in the task log and the survey.
    #[arg(long, value_name = "COLUMN")]
    pub period_column: Option<String>,
    /// A target, METRIC=GOAL: lead_time.median=-20%, on_time_rate>=95%,
    /// wait_time.median[stage=合规审批]<=24h, survey.mean[dimension=流程效率]=+0.5pt.
    /// Repeatable.
    #[arg(long = "target", value_name = "METRIC=GOAL")]
    pub targets: Vec<String>,
    /// Break every metric down by this case attribute (customer tier, priority,
    /// channel). Repeatable. In `kpi`, quarter, month or week set the period length.
    #[arg(long = "by", value_name = "COLUMN")]
    pub by: Vec<String>,
    /// The process map shows the most frequent paths that cover this share of cases
    /// (0.9 or 90%); by default as many as keep the picture readable (up to 90%).
    #[arg(long, value_name = "SHARE", value_parser = share)]
    pub map_coverage: Option<f64>,
}

/// A share in (0, 1], written 0.9 or 90%.
fn share(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let x = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|p| p / 100.0),
        None => t.parse::<f64>(),
    }
    .map_err(|_| format!("'{s}' is not a share; write 0.9 or 90%"))?;
    if x > 0.0 && x <= 1.0 {
        Ok(x)
    } else {
        Err(format!("'{s}' is not between 0 and 1 (0%–100%)"))
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the HTML report (default reports/diagnosis.html).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the procdiag/1 JSON document here.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Also write every table of the report as CSV files (UTF-8 with a BOM, for Excel)
    /// into this folder: 01-scorecard.csv, 02-problems.csv, … in report order.
    #[arg(long, value_name = "DIR")]
    pub csv_dir: Option<PathBuf>,
    /// Also write every table of the report as an Excel workbook, one sheet per table.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Report language; `auto` (the default) picks Chinese when the headers are Chinese.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct KpiArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = KpiFormat::Table)]
    pub format: KpiFormat,
    /// Also write the KPI tables and the scorecard as an Excel workbook.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KpiFormat {
    Table,
    Csv,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Task log and survey files to describe (a survey export is recognised by its
    /// layout).
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// Where to write it.
    #[arg(long, value_name = "FILE", default_value = "procdiag.toml")]
    pub out: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The file to inspect.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Read the file as a task log or as a questionnaire export (default: a
    /// questionnaire when a survey platform's layout is recognised).
    #[arg(long = "as", value_enum, value_name = "KIND")]
    pub kind: Option<InspectAs>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Args)]
pub struct SampleArgs {
    /// Folder to write sample_tasklog.csv and sample_tasklog.xlsx into.
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub out_dir: PathBuf,
    /// Number of cases.
    #[arg(long, default_value_t = 3000)]
    pub cases: usize,
    /// Random seed (the same seed gives the same files).
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
    /// File name stem.
    #[arg(long, default_value = "sample_tasklog")]
    pub name: String,
    /// Only the task log's CSV file (large benchmark logs).
    #[arg(long)]
    pub csv_only: bool,
    /// Only the task log, its CSV in GBK without a BOM, as Chinese Excel saves "CSV"
    /// (default: UTF-8 with a BOM).
    #[arg(long)]
    pub gbk: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InspectAs {
    Tasks,
    Survey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The procdiag/1 JSON document.
    Json,
    /// A readable summary for the terminal.
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlphaMissing {
    #[default]
    Pairwise,
    Listwise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShapeArg {
    /// One row per activity (start and end) or per event (one timestamp).
    Activity,
    /// `start`/`complete` rows (lifecycle:transition, or 开始/完成) paired per case and stage.
    Lifecycle,
    /// One row per status change; each status lasts until the case's next change.
    StatusHistory,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrderArg {
    /// Day, month, year (29-02-2016).
    Dmy,
    /// Month, day, year (02/29/2016).
    Mdy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LangArg {
    Auto,
    En,
    Zh,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
