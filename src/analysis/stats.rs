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

/// Running maximum of Int64 column `value` within each group of a frame sorted by
/// `group` (a dense Int64 index 0, 1, …): over the earlier rows of the group when
/// `exclusive`, else up to and including the row; null when the group has no
/// (non-null) value yet. `lo`/`hi` bound `value` and `max_group` bounds `group`.
///
/// Instead of a window function per group, group and value are packed into one
/// integer (group in the high bits) and a single running maximum runs over the whole
/// column: within a group the packed maximum is the group's own, and a new group starts
/// above every earlier key. Falls back to a window when the packing would overflow.
pub fn group_running_max(
    value: &str,
    group: &str,
    (lo, hi, max_group): (i64, i64, i64),
    exclusive: bool,
) -> PolarsResult<Expr> {
    let span = hi.saturating_sub(lo).saturating_add(2).max(2) as u64;
    let bits = 64 - (span - 1).leading_zeros();
    let fits =
        bits < 62 && max_group >= 0 && (max_group as i128 + 1) * (1i128 << bits) < i64::MAX as i128;
    if !fits {
        let m = col(value)
            .cum_max(false)
            .fill_null_with_strategy(FillNullStrategy::Forward(None));
        let m = if exclusive { m.shift(lit(1)) } else { m };
        return m.over([col(group)]);
    }
    let base = col(group) * lit(1i64 << bits);
    let key = when(col(value).is_null())
        .then(base.clone())
        .otherwise(base.clone() + col(value) - lit(lo) + lit(1i64));
    let run = key.cum_max(false);
    let run = if exclusive { run.shift(lit(1)) } else { run };
    Ok(when(run.clone().gt_eq(base.clone() + lit(1i64)))
        .then(run - base - lit(1i64) + lit(lo))
        .otherwise(lit(NULL).cast(DataType::Int64)))
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

/// `(min, max)` of an Int64 column and the maximum of a group column, for
/// [`group_running_max`].
pub fn bounds(lf: LazyFrame, value: &str, group: &str) -> PolarsResult<(i64, i64, i64)> {
    let df = lf
        .select([
            col(value).min().alias("lo"),
            col(value).max().alias("hi"),
            col(group).max().alias("g"),
        ])
        .collect()?;
    Ok((
        get_i64(&df, "lo", 0)?.unwrap_or(0),
        get_i64(&df, "hi", 0)?.unwrap_or(0),
        get_i64(&df, "g", 0)?.unwrap_or(0),
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        values: &[Option<i64>],
        groups: &[i64],
        exclusive: bool,
        force_window: bool,
    ) -> Vec<Option<i64>> {
        let df = df!("v" => values, "g" => groups).unwrap();
        let b = if force_window {
            (i64::MIN / 2, i64::MAX / 2, 1 << 40)
        } else {
            bounds(df.clone().lazy(), "v", "g").unwrap()
        };
        let e = group_running_max("v", "g", b, exclusive).unwrap();
        let out = df.lazy().select([e.alias("m")]).collect().unwrap();
        out.column("m").unwrap().i64().unwrap().iter().collect()
    }

    #[test]
    fn running_max_stays_inside_each_group() {
        let v = [Some(5), Some(3), None, Some(9), None, Some(-4), Some(-7)];
        let g = [0, 0, 0, 0, 1, 2, 2];
        let want_incl = vec![Some(5), Some(5), Some(5), Some(9), None, Some(-4), Some(-4)];
        let want_excl = vec![None, Some(5), Some(5), Some(5), None, None, Some(-4)];
        for force in [false, true] {
            assert_eq!(
                run(&v, &g, false, force),
                want_incl,
                "window fallback: {force}"
            );
            assert_eq!(
                run(&v, &g, true, force),
                want_excl,
                "window fallback: {force}"
            );
        }
    }
}
