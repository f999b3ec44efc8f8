//! Turning a task log file into a typed, sorted [`TaskLog`]: map columns to roles,
//! detect the shape and the time layouts from the first rows, type every row (in
//! blocks, on both cores, for CSV files), and account for every row (used, or rejected
//! with a reason).

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;

use super::assemble::{assemble, offsets_by_column, Merged, Present};
use super::blocks::{type_stream, type_table, type_table_into, Buffered};
use super::cells::shorten;
use super::columns::role_words;
use super::columns::{self, Mapping, Role};
use super::read::stream::{Choice, CsvStream, StreamError};
use super::read::{read_table, unique_headers, ParquetBatches, RawTable, ReadOptions};
use super::shapes::{self, LogShape};
use super::time::{self, TimeOptions};
use super::timecols::{split_pair, time_columns, TimeColumns, TimeSource};
use super::typing::{Dicts, Tally, Typer};
use crate::error::InputError;
use crate::model::facts::{TimeLayout, TimeReading, TimeZoneNote};
use crate::model::{InputSummary, Rejection, TaskLog, TimestampShape};

pub use super::cells::DEFAULT_NA;

/// How many rows (at first) the shape and the time layouts are decided from; more are
/// looked at (four times as many, up to [`MAX_WINDOW`]) when they leave a date order or
/// a time column undecided.
const WINDOW: usize = 1 << 16;
/// The most rows the decisions look at: beyond, a column still without a value is read
/// as having none (a later value is rejected as not understood, never guessed at).
const MAX_WINDOW: usize = 1 << 18;

/// What the user told us about a task log.
#[derive(Debug, Clone)]
pub struct TasklogOptions {
    pub read: ReadOptions,
    /// `--map ROLE=HEADER` overrides (`HEADER+HEADER` joins a date and a time column).
    pub map: Vec<(Role, String)>,
    /// Date order, time zone and Excel date system for times.
    pub time: TimeOptions,
    /// Cell values treated as missing.
    pub na: Vec<String>,
    /// `--shape`: how rows become events; detected when `None`.
    pub shape: Option<LogShape>,
    /// `--strict`: any rejected row is an error.
    pub strict: bool,
    /// Headers of case attributes to keep (customer tier, priority, channel), for
    /// breakdowns, target filters and period columns.
    pub attributes: Vec<String>,
}

impl Default for TasklogOptions {
    fn default() -> Self {
        TasklogOptions {
            read: ReadOptions::default(),
            map: Vec::new(),
            time: TimeOptions::default(),
            na: DEFAULT_NA.iter().map(|s| s.to_string()).collect(),
            shape: None,
            strict: false,
            attributes: Vec::new(),
        }
    }
}

/// Reads, maps, types and sorts a task log file. A CSV file is read in blocks and
/// typed as it is read; other formats are read whole first.
pub fn load(path: &Path, opts: &TasklogOptions) -> Result<(TaskLog, InputSummary), InputError> {
    if path.exists() && is_parquet(path) {
        return load_parquet(path, opts);
    }
    if !path.exists() || !is_csv(path) {
        let mut t = crate::timing::Timer::new();
        let raw = read_table(path, &opts.read)?;
        t.phase("read file");
        return from_raw(raw, &path.display().to_string(), opts);
    }
    let choice = opts.read.encoding.map_or(Choice::Detect, Choice::Forced);
    match load_csv(path, opts, choice) {
        Err(StreamError::NotUtf8(guess)) => load_csv(path, opts, guess).map_err(|e| match e {
            StreamError::Input(e) => e,
            StreamError::NotUtf8(_) => InputError::Unreadable {
                path: path.display().to_string(),
                detail: "the text encoding could not be decided; give it with --encoding".into(),
            },
        }),
        other => other.map_err(|e| match e {
            StreamError::Input(e) => e,
            StreamError::NotUtf8(_) => unreachable_encoding(path),
        }),
    }
}

/// The error for a stream that asked twice to be read in another encoding.
fn unreachable_encoding(path: &Path) -> InputError {
    InputError::Unreadable {
        path: path.display().to_string(),
        detail: "the text encoding could not be decided; give it with --encoding".into(),
    }
}

/// Whether a file is read as delimited text (every extension but the spreadsheet and
/// Parquet ones, as [`read_table`] decides).
fn is_csv(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    !matches!(
        ext.as_str(),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "parquet" | "pq"
    )
}

/// Whether a file is read as Parquet (as [`read_table`] decides).
fn is_parquet(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    ext.eq_ignore_ascii_case("parquet") || ext.eq_ignore_ascii_case("pq")
}

/// How many rows of a Parquet file are read and typed at a time.
const PARQUET_BATCH: usize = 1 << 20;

/// A Parquet file: decided from its first rows, then typed a slice of rows at a time.
fn load_parquet(path: &Path, opts: &TasklogOptions) -> Result<(TaskLog, InputSummary), InputError> {
    let shown = path.display().to_string();
    let mut timer = crate::timing::Timer::new();
    let mut window = WINDOW;
    let (cols, src, meta) = loop {
        let first = ParquetBatches::open(path)?.next_batch(window)?;
        let sample = first.ok_or_else(|| InputError::Empty {
            path: shown.clone(),
            sheet: None,
        })?;
        let decided = decide(&sample, &shown, opts);
        if sample.df.height() < window || window >= MAX_WINDOW || !undecided(&decided) {
            let (cols, src) = decided?;
            break (cols, src, Meta::of(&sample));
        }
        window *= 4;
    };
    timer.phase("columns, shape and time formats");
    let mut batches = ParquetBatches::open(path)?;
    let headers = unique_headers(batches.headers());
    let typer = Typer::new(&headers, &cols, &src, opts).ok_or_else(|| missing_column(&shown))?;
    let dicts = std::sync::Mutex::new(Dicts::default());
    let mut merged = Merged::default();
    typer.reserve(&mut merged.cols, batches.rows());
    let bar = crate::progress::rows_bar(path, batches.rows());
    let typed = type_batches(&typer, &mut batches, (&mut merged, &dicts), &bar);
    crate::progress::done_reading(&bar);
    typed.map_err(|e| match e {
        BatchError::Input(e) => e,
        BatchError::Data(error) => InputError::Data {
            path: shown.clone(),
            error,
        },
    })?;
    merged.dicts = dicts.into_inner().unwrap_or_else(|e| e.into_inner());
    timer.phase("read and type rows");
    finish(merged, (&cols, &src), &meta, &shown, opts)
}

/// Why typing Parquet slices stopped.
enum BatchError {
    Input(InputError),
    Data(polars::prelude::PolarsError),
}

/// Types every slice of a Parquet file, reading the next slice while the last is typed.
fn type_batches(
    typer: &Typer,
    batches: &mut ParquetBatches,
    (merged, dicts): (&mut Merged, &std::sync::Mutex<Dicts>),
    bar: &indicatif::ProgressBar,
) -> Result<(), BatchError> {
    // The columns read only as times are read as milliseconds, not as text.
    let times = typer.time_only_columns();
    let mut next = batches
        .next_batch_with(PARQUET_BATCH, &times)
        .map_err(BatchError::Input)?;
    while let Some((batch, typed)) = next.take() {
        bar.inc(batch.df.height() as u64);
        let (typed, read) = std::thread::scope(|s| {
            let reading = s.spawn(|| batches.next_batch_with(PARQUET_BATCH, &times));
            let typed = type_table_into(typer, (&batch, &typed), merged, dicts);
            let read = reading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (typed, read)
        });
        typed.map_err(BatchError::Data)?;
        next = read.map_err(BatchError::Input)?;
    }
    Ok(())
}

/// A CSV file: decided from its first records, then typed block by block.
fn load_csv(
    path: &Path,
    opts: &TasklogOptions,
    choice: Choice,
) -> Result<(TaskLog, InputSummary), StreamError> {
    let shown = path.display().to_string();
    let mut timer = crate::timing::Timer::new();
    let mut stream = CsvStream::open(path, choice)?;
    let mut buffered = Buffered {
        blocks: VecDeque::new(),
        whole: false,
    };
    let data_err = |error| InputError::Data {
        path: shown.clone(),
        error,
    };
    let mut window = WINDOW;
    let (cols, src, meta) = loop {
        buffered.fill(&mut stream, window)?;
        let sample = buffered.sample(&stream, window).map_err(data_err)?;
        let decided = decide(&sample, &shown, opts);
        let last = buffered.whole || sample.df.height() < window || window >= MAX_WINDOW;
        if last || !undecided(&decided) {
            let (cols, src) = decided?;
            break (cols, src, Meta::of(&sample));
        }
        window *= 4;
    };
    timer.phase("columns, shape and time formats");
    let names = unique_headers(&stream.headers);
    let typer = Typer::new(&names, &cols, &src, opts).ok_or_else(|| missing_column(&shown))?;
    let merged = type_stream(&typer, buffered, &mut stream)?;
    timer.phase("read and type rows");
    finish(merged, (&cols, &src), &meta, &shown, opts).map_err(StreamError::Input)
}

/// The columns, shape and time sources decided from a sample of the rows.
fn decide(
    sample: &RawTable,
    path: &str,
    opts: &TasklogOptions,
) -> Result<(Columns, Sources), InputError> {
    let cols = columns(sample, path, opts)?;
    let src = sources(sample, &cols, path, opts)?;
    Ok((cols, src))
}

/// Whether more rows could decide what the sample could not: a date order that no
/// value proves, or a time column without a value yet.
fn undecided(d: &Result<(Columns, Sources), InputError>) -> bool {
    match d {
        Err(InputError::AmbiguousDateOrder { .. }) => true,
        Ok((_, src)) => [
            Some(&src.times.start),
            Some(&src.times.end),
            src.planned.as_ref(),
        ]
        .into_iter()
        .flatten()
        .any(|t| t.fmt.layout == TimeLayout::NoValues),
        Err(_) => false,
    }
}

/// A column named in the decisions is not in the table (cannot happen: the decisions
/// are made from the table's own headers).
fn missing_column(path: &str) -> InputError {
    InputError::Unreadable {
        path: path.into(),
        detail: "a column chosen for a role is missing from the file's header".into(),
    }
}

/// What the input accounting says about where the rows came from.
struct Meta {
    format: String,
    encoding: Option<String>,
    sheet: Option<String>,
    other_sheets: Vec<String>,
    header_row: usize,
}

impl Meta {
    fn of(raw: &RawTable) -> Meta {
        Meta {
            format: raw.format.clone(),
            encoding: raw.encoding.clone(),
            sheet: raw.sheet.clone(),
            other_sheets: raw.other_sheets.clone(),
            header_row: raw.header_row,
        }
    }
}

/// The columns a log is read with, decided from its headers and the options.
pub(super) struct Columns {
    pub mapping: Mapping,
    pub case: String,
    pub stage: String,
    pub lifecycle: Option<String>,
    pub shape: LogShape,
    pub tz: Option<chrono_tz::Tz>,
}

/// Where the times come from: the event times, and the planned dates when they can be
/// read (a planned column that cannot is reported and left out, never a reason to
/// refuse the log).
pub(super) struct Sources {
    pub times: TimeColumns,
    pub planned: Option<TimeSource>,
    pub planned_note: Option<(String, TimeReading)>,
}

/// Every `--map` header and `--by` attribute must exist.
fn check_named_columns(
    raw: &RawTable,
    path: &str,
    opts: &TasklogOptions,
) -> Result<(), InputError> {
    for (role, header) in &opts.map {
        for part in split_pair(header, &raw.headers) {
            if !raw.headers.iter().any(|h| h == part) {
                return Err(InputError::BadMapping {
                    path: path.into(),
                    role: role.name().into(),
                    header: part.to_string(),
                    headers: raw.headers.clone(),
                });
            }
        }
    }
    for a in &opts.attributes {
        if !raw.headers.iter().any(|h| h == a) {
            return Err(InputError::UnknownAttribute {
                path: path.into(),
                name: a.clone(),
                headers: raw.headers.clone(),
            });
        }
    }
    Ok(())
}

/// The roles' columns and the log's shape; a survey export is refused.
fn columns(raw: &RawTable, path: &str, opts: &TasklogOptions) -> Result<Columns, InputError> {
    check_named_columns(raw, path, opts)?;
    let tz = match &opts.time.tz {
        Some(z) => Some(
            z.trim()
                .parse::<chrono_tz::Tz>()
                .map_err(|_| InputError::BadTimeZone { zone: z.clone() })?,
        ),
        None => None,
    };
    let mapping = columns::detect(&raw.headers, &opts.map);
    if let Some(platform) = super::survey::survey_platform(&raw.headers) {
        if !mapping.contains_key(&Role::Stage) || !mapping.contains_key(&Role::Case) {
            return Err(InputError::SurveyNotTasklog {
                path: path.into(),
                platform: platform.into(),
            });
        }
    }
    let need = |role: Role| -> Result<String, InputError> {
        mapping
            .get(&role)
            .cloned()
            .ok_or_else(|| InputError::MissingRole {
                path: path.into(),
                sheet: raw.sheet.clone(),
                role: role_words(role).into(),
                hint: columns::missing_role_hint(&raw.headers, role),
            })
    };
    let case = need(Role::Case)?;
    let (shape, stage, lifecycle) = decide_shape(raw, &mapping, opts, &need)?;
    Ok(Columns {
        mapping,
        case,
        stage,
        lifecycle,
        shape,
        tz,
    })
}

fn sources(
    raw: &RawTable,
    cols: &Columns,
    path: &str,
    opts: &TasklogOptions,
) -> Result<Sources, InputError> {
    let times = time_columns(raw, &cols.mapping, path, opts)?;
    let (planned, planned_note) = match cols.mapping.get(&Role::Planned) {
        Some(h) => match super::timecols::time_source(raw, h, path, opts) {
            Ok(src) => (Some(src), None),
            Err(e) => (None, Some((h.clone(), TimeReading::NotRead(e.to_string())))),
        },
        None => (None, None),
    };
    Ok(Sources {
        times,
        planned,
        planned_note,
    })
}

/// A log with no usable event, or (`--strict`) any rejected row, is an error.
fn check_usable(
    events: usize,
    rejects: &Tally,
    rejections: &[Rejection],
    rows_read: usize,
    path: &str,
    strict: bool,
) -> Result<(), InputError> {
    if events == 0 {
        let reason = rejects
            .by_reason
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(r, _)| r.to_string())
            .unwrap_or_else(|| "the file has no data rows".into());
        return Err(InputError::NothingUsable {
            path: path.into(),
            rows: rows_read,
            reason,
        });
    }
    if strict && !rejections.is_empty() {
        let list = rejections
            .iter()
            .take(10)
            .map(|r| {
                format!(
                    "row {}, column '{}', value '{}': {}",
                    r.row, r.column, r.value, r.reason
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        return Err(InputError::Strict {
            path: path.into(),
            rejected: rejects.total,
            list,
        });
    }
    Ok(())
}

/// How each time column was read, for the input accounting.
fn timestamp_notes(src: &Sources, opts: &TasklogOptions) -> BTreeMap<String, TimeReading> {
    let read = |fmt: &time::TimeFormat, zone| TimeReading::Read {
        layout: fmt.layout.clone(),
        order: fmt.order.clone(),
        zone,
    };
    let mut notes = BTreeMap::new();
    for t in [&src.times.start, &src.times.end] {
        let zone = match (&opts.time.tz, t.fmt.absolute()) {
            (_, true) => TimeZoneNote::Absolute,
            (Some(z), false) => TimeZoneNote::Local(z.to_string()),
            (None, false) => TimeZoneNote::AssumedUtc,
        };
        notes.insert(t.header.clone(), read(&t.fmt, zone));
    }
    if let Some(p) = &src.planned {
        notes.insert(p.header.clone(), read(&p.fmt, TimeZoneNote::Planned));
    }
    if let Some((h, note)) = &src.planned_note {
        notes.insert(h.clone(), note.clone());
    }
    notes
}

/// Builds the task log from an already read table.
pub fn from_raw(
    raw: RawTable,
    path: &str,
    opts: &TasklogOptions,
) -> Result<(TaskLog, InputSummary), InputError> {
    let mut timer = crate::timing::Timer::new();
    let data_err = |error| InputError::Data {
        path: path.into(),
        error,
    };
    let mut window = WINDOW;
    let (cols, src) = loop {
        let whole = raw.df.height() <= window;
        let sample = if whole {
            raw.clone()
        } else {
            RawTable {
                df: raw.df.head(Some(window)),
                ..raw.clone()
            }
        };
        let decided = decide(&sample, path, opts);
        if whole || window >= MAX_WINDOW || !undecided(&decided) {
            break decided?;
        }
        window *= 4;
    };
    timer.phase("columns, shape and time formats");
    let names = unique_headers(&raw.headers);
    let typer = Typer::new(&names, &cols, &src, opts).ok_or_else(|| missing_column(path))?;
    let merged = type_table(&typer, &raw).map_err(data_err)?;
    timer.phase("type rows");
    finish(merged, (&cols, &src), &Meta::of(&raw), path, opts)
}

/// The task log and its input accounting from the typed rows: shaped, renumbered and
/// sorted ([`assemble`]), checked, counted.
fn finish(
    merged: Merged,
    (cols, src): (&Columns, &Sources),
    meta: &Meta,
    path: &str,
    opts: &TasklogOptions,
) -> Result<(TaskLog, InputSummary), InputError> {
    let mut timer = crate::timing::Timer::new();
    let rows_read = merged.records - merged.blank;
    let blank_rows = merged.blank;
    let time_offsets = offsets_by_column(
        &merged.offsets,
        [
            src.times.start.header.as_str(),
            src.times.end.header.as_str(),
        ],
    );
    let present = Present {
        dept: cols.mapping.contains_key(&Role::Department),
        owner: cols.mapping.contains_key(&Role::Owner),
        status: cols.mapping.contains_key(&Role::Status),
        planned: src.planned.is_some(),
    };
    let a = assemble(
        merged,
        cols.shape,
        cols.lifecycle.as_deref(),
        present,
        &opts.attributes,
    )
    .map_err(|error| InputError::Data {
        path: path.into(),
        error,
    })?;
    timer.phase("shape, rejections and sorting");
    let rejections = listed(&a.rejects);
    check_usable(
        a.events.height(),
        &a.rejects,
        &rejections,
        rows_read,
        path,
        opts.strict,
    )?;
    let summary = InputSummary {
        path: path.into(),
        kind: crate::model::InputKind::Tasklog,
        format: meta.format.clone(),
        encoding: meta.encoding.clone(),
        sheet: meta.sheet.clone(),
        other_sheets: meta.other_sheets.clone(),
        shape: cols.shape.input_shape(),
        platform: None,
        header_row: meta.header_row,
        rows_read,
        blank_rows,
        rows_used: rows_read - a.rejects.total,
        rows_rejected: a.rejects.total,
        rejections,
        rejection_reasons: a.rejects.by_reason.clone(),
        columns: cols
            .mapping
            .iter()
            .map(|(r, h)| (r.name().to_string(), h.clone()))
            .collect(),
        timestamp_formats: timestamp_notes(src, opts),
        time_offsets,
    };
    let log = TaskLog {
        events: a.events,
        names: a.names,
        // Paired lifecycle rows and status runs are intervals.
        shape: if cols.shape == LogShape::Activity {
            src.times.shape
        } else {
            TimestampShape::StartEnd
        },
        states: cols.shape == LogShape::StatusHistory,
        has_department: present.dept,
        has_status: present.status,
        has_planned: present.planned,
        case_attributes: a.case_attributes,
        open_cases: a.open_cases,
    };
    Ok((log, summary))
}

/// The listed rejections as the input accounting shows them.
fn listed(t: &Tally) -> Vec<Rejection> {
    t.first
        .iter()
        .map(|r| Rejection {
            row: r.row as usize,
            column: r.column.clone(),
            value: shorten(&r.value),
            reason: r.reason,
        })
        .collect()
}

/// Decides the log shape and which columns give the stage and the lifecycle:
/// `--shape` if given; a status column without a stage column means a status history;
/// start/complete values (in a lifecycle column, or a status column saying 开始/完成)
/// mean lifecycle rows.
#[allow(clippy::type_complexity)]
fn decide_shape(
    raw: &RawTable,
    mapping: &Mapping,
    opts: &TasklogOptions,
    need: &dyn Fn(Role) -> Result<String, InputError>,
) -> Result<(LogShape, String, Option<String>), InputError> {
    let stage = mapping.get(&Role::Stage).cloned();
    let status = mapping.get(&Role::Status).cloned();
    let lifecycle = mapping.get(&Role::Lifecycle).cloned();
    let lifecycle_values = |h: &String| {
        raw.df
            .column(h)
            .ok()
            .is_some_and(|c| shapes::looks_like_lifecycle(c).unwrap_or(false))
    };
    match opts.shape {
        Some(LogShape::StatusHistory) => {
            let s = need(Role::Status)?;
            Ok((LogShape::StatusHistory, s, None))
        }
        Some(LogShape::Lifecycle) => {
            let l = lifecycle
                .or(status)
                .map_or_else(|| need(Role::Lifecycle), Ok)?;
            Ok((LogShape::Lifecycle, need(Role::Stage)?, Some(l)))
        }
        Some(LogShape::Activity) => Ok((LogShape::Activity, need(Role::Stage)?, None)),
        None => match (stage, status) {
            (None, Some(s)) => Ok((LogShape::StatusHistory, s, None)),
            (Some(st), status) => {
                let l = lifecycle
                    .filter(lifecycle_values)
                    .or(status.filter(lifecycle_values));
                match l {
                    Some(l) => Ok((LogShape::Lifecycle, st, Some(l))),
                    None => Ok((LogShape::Activity, st, None)),
                }
            }
            (None, None) => Ok((LogShape::Activity, need(Role::Stage)?, None)),
        },
    }
}
