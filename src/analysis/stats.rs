//! Summary statistics (`stats` in the machine contract) as polars expressions.
//!
//! Percentiles interpolate linearly between closest ranks (numpy's default); polars'
//! own default is "nearest", so the method is always passed explicitly.
//!
//! Durations are aggregated as whole milliseconds (Int64) and turned into hours only
//! at the end: integer sums are exact, so the figures are identical however polars
//! chunks or parallelises the data (the same log read from CSV or XLSX gives the same
//! bytes of JSON).

use polars::prelude::*;
use serde::Serialize;

/// `{"n", "mean", "median", "p90", "min", "max"}`; the figures are `None` when n = 0.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct Stats {
    pub n: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub p90: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Milliseconds in an hour.
pub const MS_PER_HOUR: f64 = 3_600_000.0;

/// Aggregations of the non-null values of `value_ms` (Int64 milliseconds), named
/// `{prefix}_n`, `{prefix}_sum`, …; [`read_stats`] turns them into hours.
pub fn stat_exprs(value_ms: Expr, prefix: &str) -> Vec<Expr> {
    let value = value_ms;
    vec![
        value
            .clone()
            .count()
            .cast(DataType::Int64)
            .alias(format!("{prefix}_n")),
        value
            .clone()
            .sum()
            .cast(DataType::Int64)
            .alias(format!("{prefix}_sum")),
        value
            .clone()
            .quantile(lit(0.5), QuantileMethod::Linear)
            .alias(format!("{prefix}_median")),
        value
            .clone()
            .quantile(lit(0.9), QuantileMethod::Linear)
            .alias(format!("{prefix}_p90")),
        value
            .clone()
            .min()
            .cast(DataType::Float64)
            .alias(format!("{prefix}_min")),
        value
            .max()
            .cast(DataType::Float64)
            .alias(format!("{prefix}_max")),
    ]
}

/// Reads the columns made by [`stat_exprs`] from row `i` of `df`, in hours.
pub fn read_stats(df: &DataFrame, prefix: &str, i: usize) -> PolarsResult<Stats> {
    let n = get_i64(df, &format!("{prefix}_n"), i)?.unwrap_or(0);
    let h = |s: &str| -> PolarsResult<Option<f64>> {
        Ok(get_f64(df, &format!("{prefix}_{s}"), i)?.map(|v| v / MS_PER_HOUR))
    };
    if n <= 0 {
        return Ok(Stats::default());
    }
    let sum = get_i64(df, &format!("{prefix}_sum"), i)?.unwrap_or(0);
    Ok(Stats {
        n: n as usize,
        mean: Some(sum as f64 / n as f64 / MS_PER_HOUR),
        median: h("median")?,
        p90: h("p90")?,
        min: h("min")?,
        max: h("max")?,
    })
}

/// Summary of one column of Int64 milliseconds (all rows of `lf`), in hours.
pub fn stats_of(lf: LazyFrame, value_ms: Expr) -> PolarsResult<Stats> {
    let df = lf.select(stat_exprs(value_ms, "v")).collect()?;
    read_stats(&df, "v", 0)
}

/// Value of a Float64-castable column at row `i`.
pub fn get_f64(df: &DataFrame, name: &str, i: usize) -> PolarsResult<Option<f64>> {
    let s = df.column(name)?.cast(&DataType::Float64)?;
    Ok(s.f64()?.get(i))
}

/// Value of an Int64-castable column at row `i`.
pub fn get_i64(df: &DataFrame, name: &str, i: usize) -> PolarsResult<Option<i64>> {
    let s = df.column(name)?.cast(&DataType::Int64)?;
    Ok(s.i64()?.get(i))
}

/// Value of a String column at row `i`.
pub fn get_str(df: &DataFrame, name: &str, i: usize) -> PolarsResult<Option<String>> {
    let s = df.column(name)?.cast(&DataType::String)?;
    Ok(s.str()?.get(i).map(str::to_owned))
}

/// Milliseconds → hours.
pub fn hours(ms: i64) -> f64 {
    ms as f64 / MS_PER_HOUR
}
