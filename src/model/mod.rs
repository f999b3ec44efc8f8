//! The model between ingest and analysis: a typed, sorted task log, a questionnaire
//! ([`survey`]) and the accounting of the input each came from.

pub mod calendar;
pub mod calendar_cn;
pub mod facts;
pub mod metric;
pub mod plan;
pub mod sla;
pub mod spec_error;
pub mod survey;

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

/// Column names of the event frame inside a [`TaskLog`].
pub mod col_names {
    /// Case identifier (String) in the case-attribute frame; the events carry
    /// [`CASE_IDX`] instead.
    pub const CASE: &str = "case";
    /// The case's index into [`super::Names::cases`] (UInt32): cases numbered 0.. in the
    /// order of their ids.
    pub const CASE_IDX: &str = "case_idx";
    /// The stage's index into [`super::Names::stages`] (UInt32).
    pub const STAGE: &str = "stage";
    /// The department's index into [`super::Names::departments`] (UInt32), null when
    /// the event names none.
    pub const DEPT: &str = "department";
    /// The owner's index into [`super::Names::owners`] (UInt32, nullable).
    pub const OWNER: &str = "owner";
    /// The status's index into [`super::Names::statuses`] (UInt32, nullable).
    pub const STATUS: &str = "status";
    /// Start in milliseconds since the Unix epoch, UTC (Int64).
    pub const START: &str = "start_ms";
    /// End in milliseconds since the Unix epoch, UTC (Int64). Equals start on
    /// single-timestamp logs.
    pub const END: &str = "end_ms";
    /// Planned end in milliseconds since the epoch, UTC (Int64, null when the log has
    /// no planned dates or the row none).
    pub const PLANNED: &str = "planned_ms";
    /// The row number in the input file (header = row 1 as in Excel; UInt32).
    pub const ROW: &str = "row";
    /// The event continues the previous one's status in another department or with
    /// another owner (Boolean; status histories only, false elsewhere): a handoff, not
    /// a new visit of the stage.
    pub const CONT: &str = "continues";
}

/// Whether events carry a start and an end, or one timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimestampShape {
    StartEnd,
    Single,
}

/// The names behind the codes of a [`TaskLog`]'s event frame, each list in byte order:
/// codes sort as their names do.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub cases: Vec<String>,
    pub stages: Vec<String>,
    pub departments: Vec<String>,
    pub owners: Vec<String>,
    pub statuses: Vec<String>,
}

/// Events of a task log, typed and sorted by case, start, end, input row.
///
/// The frame holds the columns named in [`col_names`]: case, stage, department, owner
/// and status as codes into [`Names`], times as integers. Optional roles that the input
/// lacks are all-null columns, so analysis code never branches on presence except
/// through [`TaskLog::has_department`] and friends.
#[derive(Debug, Clone)]
pub struct TaskLog {
    pub events: DataFrame,
    pub names: Names,
    pub shape: TimestampShape,
    pub has_department: bool,
    pub has_status: bool,
    /// Events are status intervals (a status history): there is no waiting between
    /// them, and the time in each status is what matters.
    pub states: bool,
    /// The log has planned dates (计划完成时间, due date).
    pub has_planned: bool,
    /// Case attributes the user asked for (customer tier, priority, channel): the
    /// column `case` and one String column per attribute header, one row per case
    /// (the first value written for the case).
    pub case_attributes: Option<DataFrame>,
    /// Cases with work still open at the end of the data: rows rejected because an
    /// activity has no end yet (or a lifecycle start has no complete).
    pub open_cases: Vec<String>,
}

impl TaskLog {
    /// Number of events.
    pub fn events(&self) -> usize {
        self.events.height()
    }

    /// The events as a lazy frame.
    pub fn lazy(&self) -> LazyFrame {
        self.events.clone().lazy()
    }
}

/// One rejected input row (contract `inputs[].rejections[]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rejection {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub reason: facts::RejectReason,
}

/// What an input is (contract `inputs[].kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    Tasklog,
    Survey,
}

/// How an input's rows became records (contract `inputs[].shape`): one row per activity,
/// start and complete rows paired, one row per status change, or questionnaire
/// responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputShape {
    Activity,
    Lifecycle,
    StatusHistory,
    Survey,
}

impl InputShape {
    /// The contract's name (`status_history`).
    pub fn name(self) -> &'static str {
        match self {
            InputShape::Activity => "activity",
            InputShape::Lifecycle => "lifecycle",
            InputShape::StatusHistory => "status_history",
            InputShape::Survey => "survey",
        }
    }
}

/// Where an input came from and what happened to each of its rows
/// (contract `inputs[]`).
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    pub path: String,
    pub kind: InputKind,
    /// `csv`, `xlsx`, …
    pub format: String,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    /// The workbook's other sheets (not read).
    pub other_sheets: Vec<String>,
    /// How rows became events (or responses).
    pub shape: InputShape,
    /// The survey platform whose export layout was read (questionnaires only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// The header's row number in the file (1-based).
    pub header_row: usize,
    /// Data rows read (blank rows not counted): rows_used + rows_rejected.
    pub rows_read: usize,
    /// Rows in which every cell was empty, skipped.
    pub blank_rows: usize,
    pub rows_used: usize,
    pub rows_rejected: usize,
    /// The first 100 rejections.
    pub rejections: Vec<Rejection>,
    /// Rejections counted by reason.
    pub rejection_reasons: BTreeMap<facts::RejectReason, usize>,
    /// Role → header that was used for it.
    pub columns: BTreeMap<String, String>,
    /// How each timestamp column was read: header → detected format.
    pub timestamp_formats: BTreeMap<String, facts::TimeReading>,
    /// The distinct UTC offsets written in each time column that has them.
    pub time_offsets: BTreeMap<String, Vec<String>>,
}
