//! Column profiles for `procdiag inspect`: what each column of a file holds (its role,
//! a type guess, how many values, examples, and the timestamp format of time columns).

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use super::read::RawTable;
use super::time::{self, TimeOptions};

/// How many values are looked at to guess a column's type.
const SAMPLE: usize = 500;

/// One column as `inspect` shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ColumnProfile {
    pub header: String,
    /// The role procdiag gave it, if any.
    pub role: Option<String>,
    /// `empty`, `integer`, `long id` (17+ digits, kept as text), `number`, `time` or
    /// `text`.
    pub kind: &'static str,
    /// The detected timestamp layout, for time columns.
    pub time_format: Option<String>,
    pub non_empty: usize,
    pub distinct: usize,
    /// The first distinct values.
    pub examples: Vec<String>,
}

fn kind_of(values: &[&str], opts: &TimeOptions) -> (&'static str, Option<String>) {
    if values.is_empty() {
        return ("empty", None);
    }
    let all = |f: &dyn Fn(&str) -> bool| values.iter().all(|v| f(v.trim()));
    let integer = |v: &str| {
        let d = v.strip_prefix('-').unwrap_or(v);
        !d.is_empty() && d.chars().all(|c| c.is_ascii_digit())
    };
    if all(&|v| integer(v) && v.trim_start_matches('-').len() >= 17) {
        return ("long id", None);
    }
    // Numbers that are also plausible times (Excel serials, epochs) are reported as
    // numbers unless the column is used as a time: only texts are guessed as times here.
    if all(&integer) {
        return ("integer", None);
    }
    if all(&|v| v.parse::<f64>().is_ok()) {
        return ("number", None);
    }
    match time::detect(values, opts) {
        Ok(f) => ("time", Some(f.name(crate::words::Lang::En))),
        Err(_) => ("text", None),
    }
}

/// Profiles every column; `roles` maps header → role name, `formats` header → the
/// timestamp layout the task log used.
pub fn profile(
    raw: &RawTable,
    roles: &BTreeMap<String, String>,
    formats: &BTreeMap<String, String>,
    opts: &TimeOptions,
) -> PolarsResult<Vec<ColumnProfile>> {
    raw.headers
        .iter()
        .zip(raw.df.get_column_names())
        .map(|(header, name)| {
            let col = raw.df.column(name)?.str()?.clone();
            let non_empty = col.len() - col.null_count();
            let step = (non_empty / SAMPLE).max(1);
            let sample: Vec<&str> = col
                .iter()
                .flatten()
                .filter(|v| !v.trim().is_empty())
                .step_by(step)
                .take(SAMPLE)
                .collect();
            let (kind, mut time_format) = kind_of(&sample, opts);
            let role = roles.get(name.as_str()).cloned();
            if let Some(f) = formats
                .iter()
                .find(|(h, _)| h.split('+').any(|p| p == name.as_str()))
            {
                time_format = Some(f.1.clone());
            }
            let uniq = col.clone().into_series().unique_stable()?;
            let examples = uniq
                .str()?
                .iter()
                .flatten()
                .take(3)
                .map(str::to_string)
                .collect();
            Ok(ColumnProfile {
                header: header.trim().to_string(),
                kind: if time_format.is_some() && kind != "empty" {
                    "time"
                } else {
                    kind
                },
                role,
                time_format,
                non_empty,
                distinct: uniq.len() - usize::from(uniq.null_count() > 0),
                examples,
            })
        })
        .collect()
}
