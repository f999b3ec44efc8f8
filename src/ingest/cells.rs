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

/// [`clean`], or the column itself when no value in `df` would change (none has white
/// space around it or is a missing-value marker): a clean column of millions of cells
/// is then not copied twice.
pub(super) fn clean_in(df: &DataFrame, header: Option<&str>, na: &[String]) -> Expr {
    match header {
        Some(h) if is_clean(df, h, na) => col(h),
        _ => clean(header, na),
    }
}

/// Whether [`clean`] would leave every value of a text column as it is.
fn is_clean(df: &DataFrame, header: &str, na: &[String]) -> bool {
    let Ok(ca) = df.column(header).and_then(|c| c.str().cloned()) else {
        return false;
    };
    let markers: std::collections::HashSet<String> = na_spellings(na).into_iter().collect();
    let longest = markers.iter().map(String::len).max().unwrap_or(0);
    let unchanged = ca
        .iter()
        .flatten()
        .all(|v| v.trim().len() == v.len() && (v.len() > longest || !markers.contains(v)));
    unchanged
}

/// A cell value cut to 120 characters for messages.
pub(super) fn shorten(v: &str) -> String {
    const MAX: usize = 120;
    match v.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &v[..i]),
        None => v.to_string(),
    }
}

/// The rows whose cell in `first` is missing or only spaces, or `None` when there are
/// none (then no row can be blank). A plain walk over the column: trimming it as an
/// expression would build a copy of millions of cells to look at a handful.
fn empty_first_cells(df: &DataFrame, first: &str) -> PolarsResult<Option<DataFrame>> {
    let mask: BooleanChunked = df
        .column(first)?
        .str()?
        .iter()
        .map(|v| v.is_none_or(|v| v.trim().is_empty()))
        .collect();
    if !mask.any() {
        return Ok(None);
    }
    df.filter(&mask).map(Some)
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
    let Some(candidates) = empty_first_cells(&raw.df, first)? else {
        return Ok((raw, 0));
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(values: &[Option<&str>]) -> DataFrame {
        let s = Series::new("v".into(), values);
        DataFrame::new(values.len(), vec![s.into()]).unwrap()
    }

    fn cleaned(df: &DataFrame) -> Vec<Option<String>> {
        let na: Vec<String> = DEFAULT_NA.iter().map(|s| s.to_string()).collect();
        let out = df
            .clone()
            .lazy()
            .select([clean_in(df, Some("v"), &na).alias("v")])
            .collect()
            .unwrap();
        let ca = out.column("v").unwrap().str().unwrap().clone();
        ca.iter().map(|v| v.map(str::to_string)).collect()
    }

    #[test]
    fn a_clean_column_is_used_as_it_is() {
        let na: Vec<String> = DEFAULT_NA.iter().map(|s| s.to_string()).collect();
        let df = frame(&[Some("市场部"), None, Some("R&D"), Some("NAB")]);
        assert!(is_clean(&df, "v", &na));
        let want = [Some("市场部"), None, Some("R&D"), Some("NAB")];
        assert_eq!(cleaned(&df), want.map(|v| v.map(String::from)));
    }

    #[test]
    fn padding_markers_and_empty_cells_are_still_cleaned() {
        let na: Vec<String> = DEFAULT_NA.iter().map(|s| s.to_string()).collect();
        for bad in [" 市场部", "市场部\u{3000}", "n/a", "NA", "", "(空)"] {
            let df = frame(&[Some("研发部"), Some(bad)]);
            assert!(!is_clean(&df, "v", &na), "{bad:?}");
            let got = cleaned(&df);
            let want = (!is_na(bad, &na)).then(|| bad.trim().to_string());
            assert_eq!(got, [Some("研发部".to_string()), want], "{bad:?}");
        }
    }
}
