//! Which columns give each event its times, and in which layout: start and end, or one
//! timestamp; a date and a time-of-day column joined; the layout detected from a
//! strided sample of each column; the UTC offsets written in it.

use polars::prelude::*;

use super::cells::is_na;
use super::columns::{self, role_words, Mapping, Role};
use super::read::RawTable;
use super::tasklog::TasklogOptions;
use super::time::{self, DetectError, TimeFormat};
use crate::error::InputError;
use crate::model::TimestampShape;

/// How many timestamp values (spread over the column) are looked at to detect a
/// column's format.
const SAMPLE: usize = 5000;

/// Where one event time comes from: a column, or a date and a time column joined.
#[derive(Debug, Clone)]
pub(super) struct TimeSource {
    /// The header(s) as the user knows them (`日期+时间` for a pair).
    pub(super) header: String,
    /// The column read, or the date column and the time-of-day column.
    pub(super) parts: Vec<String>,
    pub(super) fmt: TimeFormat,
}

/// The columns that give each event its times.
pub(super) struct TimeColumns {
    pub(super) shape: TimestampShape,
    pub(super) start: TimeSource,
    pub(super) end: TimeSource,
}

/// `A+B` names a date column and a time column; otherwise the header itself.
pub(super) fn split_pair<'a>(header: &'a str, headers: &[String]) -> Vec<&'a str> {
    if headers.iter().any(|h| h == header) {
        return vec![header];
    }
    match header.split_once('+') {
        Some((a, b)) => vec![a.trim(), b.trim()],
        None => vec![header],
    }
}

/// A date text without a midnight time (`2024-03-01 00:00:00.000` → `2024-03-01`).
pub(super) fn date_part(v: &str) -> &str {
    for suffix in [
        " 00:00:00.000",
        "T00:00:00.000",
        " 00:00:00",
        "T00:00:00",
        " 00:00",
    ] {
        if let Some(d) = v.strip_suffix(suffix) {
            return d;
        }
    }
    v
}

/// Up to [`SAMPLE`] non-missing values of a column (or of a date and a time column
/// joined) spread evenly over the rows, read straight from the text.
pub(super) fn samples(raw: &RawTable, parts: &[&str], na: &[String]) -> Vec<String> {
    let cols: Vec<StringChunked> = parts
        .iter()
        .filter_map(|h| raw.df.column(h).ok()?.str().ok().cloned())
        .collect();
    if cols.len() != parts.len() || cols.is_empty() {
        return Vec::new();
    }
    let n = cols[0].len();
    let step = (n / SAMPLE).max(1);
    let mut out = Vec::new();
    let mut i = 0;
    while i < n && out.len() < SAMPLE {
        let vals: Vec<Option<&str>> = cols.iter().map(|c| c.get(i)).collect();
        match vals.as_slice() {
            [Some(v)] if !is_na(v, na) => out.push(v.trim().to_string()),
            [Some(d), Some(t)] if !is_na(d, na) && !is_na(t, na) => {
                out.push(format!("{} {}", date_part(d.trim()), t.trim()))
            }
            _ => {}
        }
        i += step;
    }
    out
}

/// A date column to pair with time-of-day column `time_h`: the same header with
/// time → date (开始时间 → 开始日期, Start Time → Start Date, 时间 → 日期).
pub(super) fn date_companion<'a>(time_h: &str, headers: &'a [String]) -> Option<&'a String> {
    let n = columns::normalize(time_h);
    let wanted = [n.replace("时间", "日期"), n.replace("time", "date")];
    headers
        .iter()
        .find(|h| h.as_str() != time_h && wanted.contains(&columns::normalize(h)))
}

/// Resolves one time role to its source and detects the format.
pub(super) fn time_source(
    raw: &RawTable,
    header: &str,
    path: &str,
    opts: &TasklogOptions,
) -> Result<TimeSource, InputError> {
    let parts = split_pair(header, &raw.headers);
    let shown = match parts.as_slice() {
        [d, t] => format!("{d}+{t}"),
        _ => {
            let own = samples(raw, &[header], &opts.na);
            let tod = time::is_time_of_day(&own.iter().map(String::as_str).collect::<Vec<_>>());
            match date_companion(header, &raw.headers).filter(|_| tod) {
                Some(d) => format!("{d}+{header}"),
                None => header.to_string(),
            }
        }
    };
    let parts: Vec<&str> = shown.split('+').collect();
    let parts = if parts.iter().all(|p| raw.headers.iter().any(|h| h == p)) {
        parts
    } else {
        vec![header]
    };
    let values = samples(raw, &parts, &opts.na);
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let fmt = if values.is_empty() {
        // An empty column: every row is rejected later as "time is empty".
        time::TimeFormat {
            kind: time::Kind::EpochMillis,
            layout: crate::model::facts::TimeLayout::NoValues,
            order: None,
            rewrites: Default::default(),
        }
    } else {
        time::detect(&refs, &opts.time).map_err(|e| {
            let examples = values
                .iter()
                .take(3)
                .map(|v| format!("'{v}'"))
                .collect::<Vec<_>>()
                .join(", ");
            match e {
                DetectError::Unknown => InputError::UnknownTimeFormat {
                    path: path.into(),
                    sheet: raw.sheet.clone(),
                    column: shown.clone(),
                    examples,
                },
                DetectError::MonthFirst { example } => InputError::MonthFirst {
                    path: path.into(),
                    column: shown.clone(),
                    example,
                },
                DetectError::AmbiguousOrder { example } => InputError::AmbiguousDateOrder {
                    path: path.into(),
                    column: shown.clone(),
                    example,
                },
            }
        })?
    };
    let parts = parts.iter().map(|p| p.to_string()).collect();
    Ok(TimeSource {
        header: shown,
        parts,
        fmt,
    })
}

/// Decides between start+end and a single timestamp, and detects each column's format.
pub(super) fn time_columns(
    raw: &RawTable,
    mapping: &Mapping,
    path: &str,
    opts: &TasklogOptions,
) -> Result<TimeColumns, InputError> {
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
    let start = time_source(raw, &start_h, path, opts)?;
    let end = if end_h == start_h {
        start.clone()
    } else {
        time_source(raw, &end_h, path, opts)?
    };
    Ok(TimeColumns { shape, start, end })
}
