//! Turning a [`RawTable`] into a typed, sorted [`TaskLog`]: map columns to roles, parse
//! times, and account for every row (used, or rejected with a reason).

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;

use super::columns::{self, Mapping, Role};
use super::read::{read_table, RawTable, ReadOptions, ROW_COL};
use super::time::{self, TimeFormat};
use crate::error::InputError;
use crate::model::{col_names as c, InputSummary, Rejection, TaskLog, TimestampShape};

/// How many timestamp values are looked at to detect a column's format.
const SAMPLE: usize = 2000;
/// How many rejections are listed one by one.
const LISTED_REJECTIONS: usize = 100;

/// What the user told us about a task log.
#[derive(Debug, Clone, Default)]
pub struct TasklogOptions {
    pub read: ReadOptions,
    /// `--map ROLE=HEADER` overrides.
    pub map: Vec<(Role, String)>,
}

/// Reads, maps, types and sorts a task log file.
pub fn load(path: &Path, opts: &TasklogOptions) -> Result<(TaskLog, InputSummary), InputError> {
    let raw = read_table(path, &opts.read)?;
    from_raw(raw, &path.display().to_string(), opts)
}

/// The columns that give each event its times.
struct TimeColumns {
    shape: TimestampShape,
    start: (String, &'static TimeFormat),
    end: (String, &'static TimeFormat),
}

/// Builds the task log from an already read table.
pub fn from_raw(
    raw: RawTable,
    path: &str,
    opts: &TasklogOptions,
) -> Result<(TaskLog, InputSummary), InputError> {
    for (role, header) in &opts.map {
        if !raw.headers.iter().any(|h| h == header) {
            return Err(InputError::BadMapping {
                path: path.into(),
                role: role.name().into(),
                header: header.clone(),
                headers: raw.headers.clone(),
            });
        }
    }
    let mapping = columns::detect(&raw.headers, &opts.map);
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
    let case_h = need(Role::Case)?;
    let stage_h = need(Role::Stage)?;
    let times = time_columns(&raw, &mapping, path)?;

    let data_err = |source| InputError::Data {
        path: path.into(),
        source,
    };
    let all = typed_frame(&raw, &mapping, &case_h, &stage_h, &times)
        .collect()
        .map_err(data_err)?;
    let rows_read = all.height();
    let rejected = all
        .clone()
        .lazy()
        .filter(col("reason").is_not_null())
        .collect()
        .map_err(data_err)?;
    let (rejections, rejection_reasons) = rejection_lists(&rejected).map_err(data_err)?;
    let used = all
        .lazy()
        .filter(col("reason").is_null())
        .select([
            col(c::CASE),
            col(c::STAGE),
            col(c::DEPT),
            col(c::OWNER),
            col(c::STATUS),
            col(c::START),
            col(c::END),
            col(c::ROW),
        ])
        .sort(
            [c::CASE, c::START, c::END, c::ROW],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .with_column(
            (col(c::CASE)
                .neq_missing(col(c::CASE).shift(lit(1)))
                .cast(DataType::Int64)
                .cum_sum(false)
                - lit(1i64))
            .alias(c::CASE_IDX),
        )
        .collect()
        .map_err(data_err)?;
    if used.height() == 0 {
        let reason = rejection_reasons
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(r, _)| r.clone())
            .unwrap_or_else(|| "the file has no data rows".into());
        return Err(InputError::NothingUsable {
            path: path.into(),
            rows: rows_read,
            reason,
        });
    }
    let used = used
        .with_row_index(c::ORD.into(), None)
        .and_then(|mut df| {
            let ord = df.column(c::ORD)?.cast(&DataType::Int64)?;
            df.with_column(ord)?;
            Ok(df)
        })
        .map_err(data_err)?;

    let mut timestamp_formats = BTreeMap::new();
    for (h, fmt) in [&times.start, &times.end] {
        let note = if fmt.with_offset {
            format!("{} (converted to UTC)", fmt.label)
        } else {
            format!("{} (no offset: read as UTC)", fmt.label)
        };
        timestamp_formats.insert(h.clone(), note);
    }
    let summary = InputSummary {
        path: path.into(),
        kind: "tasklog",
        format: raw.format.clone(),
        encoding: raw.encoding.clone(),
        sheet: raw.sheet.clone(),
        header_row: raw.header_row,
        rows_read,
        rows_used: used.height(),
        rows_rejected: rejected.height(),
        rejections,
        rejection_reasons,
        columns: mapping
            .iter()
            .map(|(r, h)| (r.name().to_string(), h.clone()))
            .collect(),
        timestamp_formats,
    };
    let has_department = mapping.contains_key(&Role::Department);
    let has_status = mapping.contains_key(&Role::Status);
    Ok((
        TaskLog {
            events: used,
            shape: times.shape,
            has_department,
            has_status,
        },
        summary,
    ))
}

fn role_words(role: Role) -> &'static str {
    match role {
        Role::Case => "case id (工单号 / case:concept:name / Case ID)",
        Role::Stage => "stage (环节 / concept:name / Activity)",
        Role::Timestamp => {
            "time (开始时间+完成时间, Start/Complete Timestamp, or one time:timestamp)"
        }
        other => other.name(),
    }
}

/// Decides between start+end and a single timestamp, and detects each column's format.
fn time_columns(raw: &RawTable, mapping: &Mapping, path: &str) -> Result<TimeColumns, InputError> {
    let get = |r| mapping.get(&r).cloned();
    let (shape, start_h, end_h) = match (get(Role::Start), get(Role::End), get(Role::Timestamp)) {
        (Some(s), Some(e), _) => (TimestampShape::StartEnd, s, e),
        (_, _, Some(t)) => (TimestampShape::Single, t.clone(), t),
        (None, Some(e), None) => (TimestampShape::Single, e.clone(), e),
        (Some(s), None, None) => (TimestampShape::Single, s.clone(), s),
        (None, None, None) => {
            return Err(InputError::MissingRole {
                path: path.into(),
                sheet: raw.sheet.clone(),
                role: role_words(Role::Timestamp).into(),
                hint: columns::missing_role_hint(&raw.headers, Role::Timestamp),
            })
        }
    };
    let start_fmt = column_format(raw, &start_h, path)?;
    let end_fmt = if end_h == start_h {
        start_fmt
    } else {
        column_format(raw, &end_h, path)?
    };
    Ok(TimeColumns {
        shape,
        start: (start_h, start_fmt),
        end: (end_h, end_fmt),
    })
}

/// Detects the format of one time column from a sample of its values.
fn column_format(
    raw: &RawTable,
    header: &str,
    path: &str,
) -> Result<&'static TimeFormat, InputError> {
    let header_col = raw.df.column(header).ok();
    let values: Vec<&str> = header_col
        .and_then(|c| c.str().ok())
        .map(|s| {
            s.iter()
                .flatten()
                .filter(|v| !v.trim().is_empty())
                .take(SAMPLE)
                .collect()
        })
        .unwrap_or_default();
    if values.is_empty() {
        // An empty column: every row is rejected later with "time missing".
        return Ok(&time::FORMATS[0]);
    }
    time::detect_majority(&values).ok_or_else(|| InputError::UnknownTimeFormat {
        path: path.into(),
        sheet: raw.sheet.clone(),
        column: header.into(),
        examples: values
            .iter()
            .take(3)
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Trimmed text with empty strings as null.
fn text(header: Option<&String>) -> Expr {
    match header {
        Some(h) => {
            let t = col(h.as_str()).str().strip_chars(lit(NULL));
            when(t.clone().eq(lit("")))
                .then(lit(NULL).cast(DataType::String))
                .otherwise(t)
        }
        None => lit(NULL).cast(DataType::String),
    }
}

/// Every row typed, with `reason`, `reason_column`, `reason_value` set on rows that
/// cannot be used.
fn typed_frame(
    raw: &RawTable,
    mapping: &Mapping,
    case_h: &String,
    stage_h: &String,
    t: &TimeColumns,
) -> LazyFrame {
    let (start_h, start_fmt) = &t.start;
    let (end_h, end_fmt) = &t.end;
    let typed = raw.df.clone().lazy().select([
        text(Some(case_h)).alias(c::CASE),
        text(Some(stage_h)).alias(c::STAGE),
        text(mapping.get(&Role::Department)).alias(c::DEPT),
        text(mapping.get(&Role::Owner)).alias(c::OWNER),
        text(mapping.get(&Role::Status)).alias(c::STATUS),
        text(Some(start_h)).alias("start_raw"),
        text(Some(end_h)).alias("end_raw"),
        time::parse_expr(start_h, start_fmt).alias(c::START),
        time::parse_expr(end_h, end_fmt).alias(c::END),
        col(ROW_COL).alias(c::ROW),
    ]);
    // (condition, reason, column, value) in the order they are checked.
    let checks: Vec<(Expr, &str, &str, Expr)> = vec![
        (col(c::CASE).is_null(), "case id is empty", case_h, lit("")),
        (col(c::STAGE).is_null(), "stage is empty", stage_h, lit("")),
        (
            col("start_raw").is_null(),
            if t.shape == TimestampShape::Single {
                "time is empty"
            } else {
                "start time is empty"
            },
            start_h,
            lit(""),
        ),
        (
            col(c::START).is_null(),
            "time not understood (not in the column's detected format)",
            start_h,
            col("start_raw"),
        ),
        (
            col("end_raw").is_null(),
            "end time is empty (activity still open?)",
            end_h,
            lit(""),
        ),
        (
            col(c::END).is_null(),
            "time not understood (not in the column's detected format)",
            end_h,
            col("end_raw"),
        ),
        (
            col(c::END).lt(col(c::START)),
            "end is before start",
            end_h,
            col("end_raw"),
        ),
    ];
    let mut reason = lit(NULL).cast(DataType::String);
    let mut column = lit(NULL).cast(DataType::String);
    let mut value = lit(NULL).cast(DataType::String);
    for (cond, r, h, v) in checks.into_iter().rev() {
        reason = when(cond.clone()).then(lit(r)).otherwise(reason);
        column = when(cond.clone()).then(lit(h)).otherwise(column);
        value = when(cond).then(v).otherwise(value);
    }
    typed.with_columns([
        reason.alias("reason"),
        column.alias("reason_column"),
        value.alias("reason_value"),
    ])
}

/// The first rejections one by one, and all of them counted by reason.
fn rejection_lists(
    rejected: &DataFrame,
) -> PolarsResult<(Vec<Rejection>, BTreeMap<String, usize>)> {
    let head = rejected.head(Some(LISTED_REJECTIONS));
    let rows = head.column(c::ROW)?.cast(&DataType::Int64)?;
    let rows = rows.i64()?;
    let reasons = head.column("reason")?.str()?.clone();
    let cols = head.column("reason_column")?.str()?.clone();
    let vals = head.column("reason_value")?.str()?.clone();
    let list = (0..head.height())
        .map(|i| Rejection {
            row: rows.get(i).unwrap_or(0).max(0) as usize,
            column: cols.get(i).unwrap_or("").to_string(),
            value: vals.get(i).unwrap_or("").to_string(),
            reason: reasons.get(i).unwrap_or("").to_string(),
        })
        .collect();
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
        .filter_map(|i| Some((names.get(i)?.to_string(), ns.get(i)?.max(0) as usize)))
        .collect();
    Ok((list, by_reason))
}
