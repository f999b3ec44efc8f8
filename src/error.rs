//! Error types below the top level. Each variant carries what a user needs to find and
//! fix the problem: the file, sheet, row, column and value, and says what to do.

use thiserror::Error;

/// Problems with an input file as a whole.
#[derive(Debug, Error)]
pub enum InputError {
    #[error("{path}: file not found. Check the path, or run `procdiag report` without --tasks to use the sample in data/.")]
    Missing { path: String },

    #[error("{path}: cannot be read: {detail}")]
    Unreadable { path: String, detail: String },

    // The cause is in the message, not chained (`error: …` prints the chain too).
    #[error("{path}: cannot be read: {mismatch}")]
    Waves {
        path: String,
        mismatch: crate::ingest::survey::WaveMismatch,
    },

    #[error("{path}{}: no data (the file or sheet is empty). Export the data again, or pick another sheet with --sheet.", sheet.as_ref().map(|s| format!(" (sheet '{s}')")).unwrap_or_default())]
    Empty { path: String, sheet: Option<String> },

    #[error("{path}: there is no sheet named '{sheet}'. The workbook has: {}. Pass one of these to --sheet.", sheets.join(", "))]
    NoSuchSheet {
        path: String,
        sheet: String,
        sheets: Vec<String>,
    },

    #[error("{path}{}: cannot find a column for the {role}. {hint}", sheet.as_ref().map(|s| format!(" (sheet '{s}')")).unwrap_or_default())]
    MissingRole {
        path: String,
        sheet: Option<String>,
        role: String,
        hint: String,
    },

    #[error("{path}: --map {role}={header}: there is no column '{header}'. The columns are: {}.", headers.join(", "))]
    BadMapping {
        path: String,
        role: String,
        header: String,
        headers: Vec<String>,
    },

    #[error("{path}{}, column '{column}': cannot read the times; the first values are {examples}. Supported: ISO 8601 (2024-03-01 14:05:00, with or without an offset such as +08:00 or Z), 2024/3/1 14:05, 2024年3月1日 14:05, Excel date cells. Convert the column, or map another one with --map.", sheet.as_ref().map(|s| format!(" (sheet '{s}')")).unwrap_or_default())]
    UnknownTimeFormat {
        path: String,
        sheet: Option<String>,
        column: String,
        examples: String,
    },

    #[error("{path}, column '{column}': the dates could be day-first or month-first (e.g. '{example}') and no value has a day above 12 to prove which. Say which with --date-order dmy or --date-order mdy.")]
    AmbiguousDateOrder {
        path: String,
        column: String,
        example: String,
    },

    #[error("{path}, column '{column}': the dates are month-first (e.g. '{example}' has no 13th month). procdiag reads month-first dates only when told: add --date-order mdy.")]
    MonthFirst {
        path: String,
        column: String,
        example: String,
    },

    #[error("--tz {zone}: unknown time zone. Use an IANA name such as Asia/Shanghai, Europe/Berlin or UTC.")]
    BadTimeZone { zone: String },

    #[error("{path}: --strict: {rejected} rows were rejected. First: {list}. Fix these rows, or run without --strict to analyse the usable rows (the report lists every rejection).")]
    Strict {
        path: String,
        rejected: usize,
        list: String,
    },

    #[error("{path}: this looks like a questionnaire export ({platform}), not a task log. Task logs need a case id, a stage and times per row; pass a questionnaire with --survey instead of --tasks.")]
    SurveyNotTasklog { path: String, platform: String },

    #[error("{path}: no usable rows: all {rows} data rows were rejected (most often: {reason}). Check the column mapping with --map.")]
    NothingUsable {
        path: String,
        rows: usize,
        reason: String,
    },

    #[error("{path}: {flag}: there is no item '{name}'. The items are: {}. Use an item's code or question text, or a question's code (such as Q3) for all its rows; `procdiag inspect FILE` lists them.", items.join(", "))]
    UnknownItem {
        path: String,
        flag: String,
        name: String,
        items: Vec<String>,
    },

    #[error("{path}: {flag} {name}: there is no column '{name}'. The columns are: {}.", columns.join(", "))]
    UnknownSurveyColumn {
        path: String,
        flag: String,
        name: String,
        columns: Vec<String>,
    },

    #[error("{path}: no column '{name}' for a breakdown, target filter or period column (--by, [kpi] by, [[targets]] filter, --period-column). The columns are: {}.", headers.join(", "))]
    UnknownAttribute {
        path: String,
        name: String,
        headers: Vec<String>,
    },

    #[error("{option}: {detail}")]
    BadOption { option: String, detail: String },

    #[error("{path}: {error}")]
    Data {
        path: String,
        error: polars::error::PolarsError,
    },
}

/// A mistake in the plan: a target, breakdown or period naming something the inputs do
/// not have.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanError {
    #[error("{metric}: no case attribute '{name}' (kept: {kept})")]
    UnknownAttribute {
        metric: String,
        name: String,
        kept: String,
    },

    #[error("no stage '{name}' in the log; stages are {known}")]
    UnknownStage { name: String, known: String },

    #[error(
        "{metric}: there is no [[sla]] clock named '{name}' in procdiag.toml (clocks: {known})"
    )]
    UnknownClock {
        metric: String,
        name: String,
        known: String,
    },

    #[error("no department '{name}' in the log; departments are {known}")]
    UnknownDepartment { name: String, known: String },

    #[error("{metric}: the log has no planned dates (a column such as 计划完成时间 or Due date; --map planned=HEADER)")]
    NoPlannedDates { metric: String },

    #[error("{metric} is a survey metric")]
    SurveyMetric { metric: String },

    #[error("{metric}: '{name}' is not a survey breakdown; list it in the survey's groups (--group {name})")]
    UnknownSurveyGroup { metric: String, name: String },

    #[error("{metric}: no dimension '{name}'; dimensions are {known}")]
    UnknownDimension {
        metric: String,
        name: String,
        known: String,
    },

    #[error("{metric}: no item '{name}'; items are {known}")]
    UnknownItem {
        metric: String,
        name: String,
        known: String,
    },

    #[error("{metric}: NPS needs a 0–10 item")]
    NotNps { metric: String },

    #[error("--by {name}: not a case attribute of the task log")]
    UnknownBreakdown { name: String },

    #[error("the period column '{name}' is not in the task log")]
    UnknownPeriodColumn { name: String },

    #[error("the period column '{name}' needs two values (e.g. 改进前 and 改进后)")]
    PeriodValues { name: String },
}
