//! Cell text shared by the task-log and survey readers: trimming, missing-value
//! markers, blank rows, and values shortened for messages.

use polars::prelude::*;

use super::read::{RawTable, ROW_COL};

/// Values that mean "missing" by default (compared after trimming, ignoring case).
pub const DEFAULT_NA: &[&str] = &[
    "NA", "N/A", "#N/A", "NaN", "?", "-", "null", "EMPTY", "(空)", "(跳过)",
];

/// The spellings of the missing-value markers that are recognised: as given, lower
/// case, upper case and capitalised.
pub(super) fn na_spellings(na: &[String]) -> Vec<String> {
    let mut v: Vec<String> = na
        .iter()
        .flat_map(|x| {
            let t = x.trim();
            let mut cap = t.to_lowercase();
            if let Some(first) = cap.get(..1) {
                cap = first.to_uppercase() + &cap[1..];
            }
            [t.to_string(), t.to_lowercase(), t.to_uppercase(), cap]
        })
        .collect();
    v.push(String::new());
    v.sort();
    v.dedup();
    v
}

/// Whether one trimmed value is a missing-value marker (Rust side of [`clean`]).
pub(super) fn is_na(v: &str, na: &[String]) -> bool {
    let t = v.trim();
    t.is_empty()
        || na
            .iter()
            .any(|x| x.trim().eq_ignore_ascii_case(t) || x.trim() == t)
}

/// Trimmed text with empty strings and `na` values as null.
pub(super) fn clean(header: Option<&str>, na: &[String]) -> Expr {
    let Some(h) = header else {
        return lit(NULL).cast(DataType::String);
    };
    let t = col(h).str().strip_chars(lit(NULL));
    let markers = Series::new("na".into(), na_spellings(na));
    when(t.clone().is_in(lit(markers).implode(false), false))
        .then(lit(NULL).cast(DataType::String))
        .otherwise(t)
}

/// A cell value cut to 120 characters for messages.
pub(super) fn shorten(v: &str) -> String {
    const MAX: usize = 120;
    match v.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &v[..i]),
        None => v.to_string(),
    }
}

/// Drops rows in which every cell is empty (blank lines, empty spreadsheet rows inside
/// the data); returns the table without them and how many there were. Only rows whose
/// first column is empty can be blank, so the other columns are looked at for those
/// rows alone.
pub(super) fn drop_blank_rows(mut raw: RawTable) -> PolarsResult<(RawTable, usize)> {
    let empty = |n: &str| {
        let c = col(n);
        c.clone()
            .is_null()
            .or(c.str().strip_chars(lit(NULL)).eq(lit("")))
    };
    let names: Vec<String> = raw
        .df
        .get_column_names()
        .into_iter()
        .filter(|n| n.as_str() != ROW_COL)
        .map(|n| n.to_string())
        .collect();
    let Some(first) = names.first() else {
        return Ok((raw, 0));
    };
    let blank = names
        .iter()
        .map(|n| empty(n))
        .reduce(|a, b| a.and(b))
        .unwrap_or(lit(false));
    // Two collects: one filter over both would test every column of every row.
    let candidates = raw.df.clone().lazy().filter(empty(first)).collect()?;
    let rows = candidates
        .lazy()
        .filter(blank)
        .select([col(ROW_COL)])
        .collect()?;
    if rows.height() == 0 {
        return Ok((raw, 0));
    }
    let blank_rows = rows.column(ROW_COL)?.as_materialized_series().clone();
    let before = raw.df.height();
    raw.df = raw
        .df
        .lazy()
        .filter(
            col(ROW_COL)
                .is_in(lit(blank_rows).implode(false), false)
                .not(),
        )
        .collect()?;
    let dropped = before - raw.df.height();
    Ok((raw, dropped))
}
