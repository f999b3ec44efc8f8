//! The numeric toolkit: summary statistics (`stats` in the machine contract) as polars
//! expressions, the linear quantile of a slice ([`quantile_linear`], numpy's; and
//! [`polars_linear`], polars' to the bit, for figures first computed by polars), an
//! Int64 column as a slice ([`i64_values`]), and milliseconds → hours
//! ([`MS_PER_HOUR`], [`hours`]).
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

/// Milliseconds → hours.
pub fn hours(ms: i64) -> f64 {
    ms as f64 / MS_PER_HOUR
}

/// Summary of millisecond values in hours, as [`stats_of`] computes it in polars: the
/// mean from the exact sum, quantiles interpolated linearly (numpy's default).
pub fn stats_of_ms(values_ms: &[i64]) -> Stats {
    if values_ms.is_empty() {
        return Stats::default();
    }
    let mut xs: Vec<f64> = values_ms.iter().map(|v| *v as f64).collect();
    let sum: i64 = values_ms.iter().sum();
    Stats {
        n: xs.len(),
        mean: Some(sum as f64 / xs.len() as f64 / MS_PER_HOUR),
        median: Some(quantile_linear(&mut xs, 0.5) / MS_PER_HOUR),
        p90: Some(quantile_linear(&mut xs, 0.9) / MS_PER_HOUR),
        min: values_ms.iter().min().map(|v| hours(*v)),
        max: values_ms.iter().max().map(|v| hours(*v)),
    }
}

/// The values of an Int64 column with nulls as `null`: borrowed when the column is one
/// chunk without nulls (as the sorted log's columns are), copied otherwise.
pub fn i64_values(column: &Column, null: i64) -> PolarsResult<std::borrow::Cow<'_, [i64]>> {
    let ca = column.i64()?;
    Ok(match ca.cont_slice() {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(ca.iter().map(|v| v.unwrap_or(null)).collect()),
    })
}

/// The q-quantile of sorted, non-empty values as polars' `QuantileMethod::Linear`
/// computes it over a column that also holds `nulls` nulls (sorted first): position
/// (n − 1)·q + nulls, and between the values below and above it
/// `proportion · (upper − lower) + lower`. The nulls change only the last bits (through
/// the fraction of the position), and numpy's formula differs there too; both matter
/// for figures that must stay byte-identical.
pub fn polars_linear(sorted: &[i64], nulls: usize, q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let float_idx = (sorted.len() as f64 - 1.0) * q + nulls as f64;
    let idx = (float_idx as usize).clamp(nulls, nulls + sorted.len() - 1);
    let lower = sorted[idx - nulls] as f64;
    if float_idx.ceil() as usize == idx {
        return lower;
    }
    let upper = sorted[idx + 1 - nulls] as f64;
    if lower == upper {
        return lower;
    }
    (float_idx - idx as f64) * (upper - lower) + lower
}

/// n, mean, median, p90, min and max of durations in ms, in hours, as polars'
/// aggregations give them over a column of these values and `nulls` nulls (the nulls
/// shift the quantile position, see [`polars_linear`]); sorts `values`.
pub fn polars_stats(values: &mut [i64], nulls: usize) -> Stats {
    if values.is_empty() {
        return Stats::default();
    }
    values.sort_unstable();
    let sum: i64 = values.iter().sum();
    let n = values.len();
    let h = |v: f64| v / MS_PER_HOUR;
    Stats {
        n,
        mean: Some(sum as f64 / n as f64 / MS_PER_HOUR),
        median: Some(h(polars_linear(values, nulls, 0.5))),
        p90: Some(h(polars_linear(values, nulls, 0.9))),
        min: Some(h(values[0] as f64)),
        max: Some(h(values[n - 1] as f64)),
    }
}

/// The values of a UInt32 column with nulls as `null`: borrowed when the column is one
/// chunk without nulls (as the sorted log's code columns are), copied otherwise.
pub fn u32_values(column: &Column, null: u32) -> PolarsResult<std::borrow::Cow<'_, [u32]>> {
    let ca = column.u32()?;
    Ok(match ca.cont_slice() {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(ca.iter().map(|v| v.unwrap_or(null)).collect()),
    })
}

/// The q-quantile (0 ≤ q ≤ 1) with linear interpolation between closest ranks, exactly
/// as `numpy.quantile(xs, q)`; reorders `xs` (partial selection, O(n)). NaN when `xs`
/// is empty, q is outside [0, 1], or a value is NaN (as numpy).
pub fn quantile_linear(xs: &mut [f64], q: f64) -> f64 {
    if xs.is_empty() || !(0.0..=1.0).contains(&q) || xs.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    let position = (xs.len() - 1) as f64 * q;
    let below = position.floor();
    let (low, high) = select_pair(xs, below as usize);
    lerp(low, high, position - below)
}

/// The `k`-th smallest value (0-based, `k < xs.len()`) and the next one (itself when
/// `k` is the last), by partial selection.
pub(crate) fn select_pair(xs: &mut [f64], k: usize) -> (f64, f64) {
    let (_, low, above) = xs.select_nth_unstable_by(k, f64::total_cmp);
    let low = *low;
    let high = above
        .iter()
        .copied()
        .min_by(|a, b| a.total_cmp(b))
        .unwrap_or(low);
    (low, high)
}

/// numpy's `_lerp`: a + (b − a)·t, computed from b's side when t ≥ 0.5.
pub(crate) fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}
