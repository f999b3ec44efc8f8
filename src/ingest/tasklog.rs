//! Turning a [`RawTable`] into a typed, sorted [`TaskLog`]: map columns to roles, parse
//! times, and account for every row (used, or rejected with a reason).

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;

use super::cells::{drop_blank_rows, shorten};
use super::columns::role_words;
use super::columns::{self, Mapping, Role};
use super::read::{read_table, RawTable, ReadOptions};
use super::shapes::{self, LogShape};
use super::time::{self, TimeOptions};
use super::timecols::{offsets, split_pair, time_columns, TimeColumns, TimeSource};
use super::typing::{reasons, typed_frame, REASON_IDX};
use crate::error::InputError;
use crate::model::facts::{RejectReason, TimeReading, TimeZoneNote};
use crate::model::{col_names as c, InputSummary, Rejection, TaskLog, TimestampShape};

/// How many rejections are listed one by one.
const LISTED_REJECTIONS: usize = 100;

pub use super::cells::DEFAULT_NA;

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

/// Reads, maps, types and sorts a task log file.
pub fn load(path: &Path, opts: &TasklogOptions) -> Result<(TaskLog, InputSummary), InputError> {
    let mut t = crate::timing::Timer::new();
    let raw = read_table(path, &opts.read)?;
    t.phase("read file");
    from_raw(raw, &path.display().to_string(), opts)
}

/// The columns a log is read with, decided from its headers and the options.
pub(super) struct Columns {
    pub mapping: Mapping,
    pub case: String,
    pub stage: String,
    pub lifecycle: Option<String>,
    pub shape: LogShape,
    pub tz: Option<TimeZone>,
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
        Some(z) => {
            Some(time::time_zone(z).map_err(|_| InputError::BadTimeZone { zone: z.clone() })?)
        }
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

/// The typed rows split into events (shaped: lifecycle rows paired, status runs) and
/// rejections, with the case attributes of the usable rows.
fn events_and_rejections(
    all: &DataFrame,
    (cols, src): (&Columns, &Sources),
    opts: &TasklogOptions,
) -> PolarsResult<(LazyFrame, DataFrame, Option<DataFrame>)> {
    // A log without rejected rows (the usual case) is used as typed, not filtered into
    // a copy of every column.
    let clean = all.column(REASON_IDX)?.null_count() == all.height();
    let valid = if clean {
        all.clone().lazy()
    } else {
        all.clone().lazy().filter(col(REASON_IDX).is_null())
    };
    let case_attributes = if opts.attributes.is_empty() {
        None
    } else {
        Some(case_attribute_frame(valid.clone(), &opts.attributes)?)
    };
    let (events, shape_rejects) = match cols.shape {
        // Only the event columns go on: the raw time texts, reasons and attributes
        // (kept in their own frame) would triple the log's memory.
        LogShape::Activity => (
            valid
                .with_column(lit(false).alias(c::CONT))
                .select(shapes::event_columns()),
            shapes::empty_rejections(),
        ),
        LogShape::Lifecycle => {
            shapes::pair_lifecycle(valid, cols.lifecycle.as_deref().unwrap_or("lifecycle"))?
        }
        LogShape::StatusHistory => (shapes::status_runs(valid), shapes::empty_rejections()),
    };
    let row_rejects = all
        .clone()
        .lazy()
        .filter(col(REASON_IDX).is_not_null())
        .select(
            [col(c::ROW)]
                .into_iter()
                .chain(reasons(cols, src))
                .collect::<Vec<_>>(),
        );
    let rejected = concat([row_rejects, shape_rejects], UnionArgs::default())
        .and_then(|lf| lf.sort([c::ROW], SortMultipleOptions::default()).collect())?;
    Ok((events, rejected, case_attributes))
}

/// Events in case order (then start, end, file order), each case numbered, each event
/// given its position.
fn sorted_events(events: LazyFrame) -> PolarsResult<DataFrame> {
    let mut df = events.collect()?;
    // The case's rank among the case ids is its index: rows sort on integers, in the
    // order the ids would sort in.
    let ranks = crate::model::ranks::name_ranks(df.column(c::CASE)?.str()?);
    let idx: Vec<i64> = ranks.into_iter().map(i64::from).collect();
    df.with_column(Column::new(c::CASE_IDX.into(), idx))?;
    let used = df
        .lazy()
        .sort(
            [c::CASE_IDX, c::START, c::END, c::ROW],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()?;
    used.with_row_index(c::ORD.into(), None).and_then(|mut df| {
        let ord = df.column(c::ORD)?.cast(&DataType::Int64)?;
        df.with_column(ord)?;
        Ok(df)
    })
}

/// The event columns the log has no source for.
fn absent_columns(cols: &Columns, src: &Sources) -> Vec<&'static str> {
    [
        (c::DEPT, Role::Department),
        (c::OWNER, Role::Owner),
        (c::STATUS, Role::Status),
    ]
    .into_iter()
    .filter(|(_, r)| !cols.mapping.contains_key(r))
    .map(|(n, _)| n)
    .chain(src.planned.is_none().then_some(c::PLANNED))
    .collect()
}

/// Columns the log does not have (no owner, status or planned dates) as one null value
/// repeated, not millions of nulls: polars materialises them only where they are used.
fn absent_as_scalar(mut df: DataFrame, absent: &[&str]) -> PolarsResult<DataFrame> {
    let height = df.height();
    for &name in absent {
        let dtype = df.column(name)?.dtype().clone();
        df.with_column(Column::new_scalar(name.into(), Scalar::null(dtype), height))?;
    }
    Ok(df)
}

/// A log with no usable event, or (`--strict`) any rejected row, is an error.
fn check_usable(
    used: &DataFrame,
    rejected: &DataFrame,
    (rejections, reasons): (&[Rejection], &BTreeMap<RejectReason, usize>),
    rows_read: usize,
    path: &str,
    strict: bool,
) -> Result<(), InputError> {
    if used.height() == 0 {
        let reason = reasons
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
            rejected: rejected.height(),
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
    let cols = columns(&raw, path, opts)?;
    let src = sources(&raw, &cols, path, opts)?;
    timer.phase("columns, shape and time formats");
    let data_err = |error| InputError::Data {
        path: path.into(),
        error,
    };
    let (mut raw, blank_rows) = drop_blank_rows(raw).map_err(data_err)?;
    let all = typed_frame(&raw, &cols, &src, opts)
        .collect()
        .map_err(data_err)?;
    // The cells as read are typed now: free them before the events are sorted.
    raw.df = DataFrame::empty();
    timer.phase("type rows");
    let rows_read = all.height();
    let (events, rejected, case_attributes) =
        events_and_rejections(&all, (&cols, &src), opts).map_err(data_err)?;
    let open_cases = open_cases(&all, &rejected).map_err(data_err)?;
    let (rejections, rejection_reasons) = rejection_lists(&rejected).map_err(data_err)?;
    let time_offsets = offsets(&all, &src.times).map_err(data_err)?;
    drop(all);
    let used = sorted_events(events).map_err(data_err)?;
    let used = absent_as_scalar(used, &absent_columns(&cols, &src)).map_err(data_err)?;
    timer.phase("shape, rejections and sorting");
    check_usable(
        &used,
        &rejected,
        (&rejections, &rejection_reasons),
        rows_read,
        path,
        opts.strict,
    )?;
    let summary = InputSummary {
        path: path.into(),
        kind: crate::model::InputKind::Tasklog,
        format: raw.format.clone(),
        encoding: raw.encoding.clone(),
        sheet: raw.sheet.clone(),
        other_sheets: raw.other_sheets.clone(),
        shape: cols.shape.input_shape(),
        platform: None,
        header_row: raw.header_row,
        rows_read,
        blank_rows,
        rows_used: rows_read - rejected.height(),
        rows_rejected: rejected.height(),
        rejections,
        rejection_reasons,
        columns: cols
            .mapping
            .iter()
            .map(|(r, h)| (r.name().to_string(), h.clone()))
            .collect(),
        timestamp_formats: timestamp_notes(&src, opts),
        time_offsets,
    };
    let log = TaskLog {
        events: used,
        // Paired lifecycle rows and status runs are intervals.
        shape: if cols.shape == LogShape::Activity {
            src.times.shape
        } else {
            TimestampShape::StartEnd
        },
        states: cols.shape == LogShape::StatusHistory,
        has_department: cols.mapping.contains_key(&Role::Department),
        has_status: cols.mapping.contains_key(&Role::Status),
        has_planned: src.planned.is_some(),
        case_attributes,
        open_cases,
    };
    Ok((log, summary))
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

/// The cases (ids, sorted) with a row rejected because its activity is still open.
fn open_cases(all: &DataFrame, rejected: &DataFrame) -> PolarsResult<Vec<String>> {
    if rejected.height() == 0 {
        return Ok(Vec::new());
    }
    let open: Vec<&str> = RejectReason::ALL
        .into_iter()
        .filter(|r| r.still_open())
        .map(RejectReason::code)
        .collect();
    let reasons = Series::new("r".into(), open);
    let rows = rejected
        .clone()
        .lazy()
        .filter(col("reason").is_in(lit(reasons).implode(false), false))
        .select([col(c::ROW)]);
    let df = all
        .clone()
        .lazy()
        .select([col(c::ROW), col(c::CASE)])
        .join(
            rows,
            [col(c::ROW)],
            [col(c::ROW)],
            JoinArgs::new(JoinType::Inner),
        )
        .select([col(c::CASE)
            .drop_nulls()
            .unique()
            .sort(SortOptions::default())])
        .collect()?;
    Ok(df
        .column(c::CASE)?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect())
}

/// Name of an attribute's column in the typed frame.
pub(super) fn attribute_column(header: &str) -> String {
    format!("attr:{header}")
}

/// One row per case: the case id and the first value written for each attribute.
fn case_attribute_frame(valid: LazyFrame, attributes: &[String]) -> PolarsResult<DataFrame> {
    let mut aggs = Vec::new();
    for a in attributes {
        aggs.push(
            col(attribute_column(a))
                .drop_nulls()
                .first()
                .alias(a.as_str()),
        );
    }
    valid
        .sort([c::CASE, c::ROW], SortMultipleOptions::default())
        .group_by_stable([col(c::CASE)])
        .agg(aggs)
        .collect()
}

/// The first rejections one by one, and all of them counted by reason.
fn rejection_lists(
    rejected: &DataFrame,
) -> PolarsResult<(Vec<Rejection>, BTreeMap<RejectReason, usize>)> {
    let head = rejected.head(Some(LISTED_REJECTIONS));
    let rows = head.column(c::ROW)?.cast(&DataType::Int64)?;
    let rows = rows.i64()?;
    let reasons = head.column("reason")?.str()?.clone();
    let cols = head.column("reason_column")?.str()?.clone();
    let vals = head.column("reason_value")?.str()?.clone();
    let list = (0..head.height())
        .map(|i| {
            Ok(Rejection {
                row: rows.get(i).unwrap_or(0).max(0) as usize,
                column: cols.get(i).unwrap_or("").to_string(),
                value: shorten(vals.get(i).unwrap_or("")),
                reason: reason_of(reasons.get(i))?,
            })
        })
        .collect::<PolarsResult<_>>()?;
    let counts = rejected
        .clone()
        .lazy()
        .group_by([col("reason")])
        .agg([len().alias("n")])
        .collect()?;
    let names = counts.column("reason")?.str()?.clone();
    let ns = counts.column("n")?.cast(&DataType::Int64)?;
    let ns = ns.i64()?;
    let by_reason = (0..counts.height())
        .map(|i| {
            Ok((
                reason_of(names.get(i))?,
                ns.get(i).unwrap_or(0).max(0) as usize,
            ))
        })
        .collect::<PolarsResult<_>>()?;
    Ok((list, by_reason))
}

/// The reason a frame's `reason` code names.
fn reason_of(code: Option<&str>) -> PolarsResult<RejectReason> {
    let code = code.unwrap_or("");
    RejectReason::from_code(code)
        .ok_or_else(|| polars_err!(ComputeError: "unknown rejection reason '{code}'"))
}
