//! Bottleneck ranking: each stage's share of all waiting time in the log, with the
//! evidence (median and p90 wait, cases affected) and a one-line reason.

use polars::prelude::*;

use super::cycle_time::EventTimes;
use super::stats::{get_f64, get_i64, get_str, hours, MS_PER_HOUR};
use super::Bottleneck;
use crate::model::{col_names as c, TimestampShape};

/// Stages ranked by their share of all waiting, largest first; stages that never wait
/// are left out.
pub fn rank(events: &EventTimes, shape: TimestampShape) -> PolarsResult<Vec<Bottleneck>> {
    let df = events
        .df
        .clone()
        .lazy()
        .filter(col("wait_ms").is_not_null())
        .group_by([col(c::STAGE)])
        .agg([
            col("wait_ms").sum().cast(DataType::Int64).alias("total"),
            col("wait_ms")
                .quantile(lit(0.5), QuantileMethod::Linear)
                .alias("median"),
            col("wait_ms")
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias("p90"),
            col(c::CASE_IDX)
                .filter(col("wait_ms").gt(lit(0i64)))
                .n_unique()
                .cast(DataType::Int64)
                .alias("cases"),
        ])
        .filter(col("total").gt(lit(0i64)))
        .sort(
            ["total", c::STAGE],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;
    let what = match shape {
        TimestampShape::StartEnd => "waiting time",
        TimestampShape::Single => "transition time",
    };
    let totals: Vec<i64> = (0..df.height())
        .map(|i| Ok(get_i64(&df, "total", i)?.unwrap_or(0)))
        .collect::<PolarsResult<_>>()?;
    let all: i64 = totals.iter().sum();
    (0..df.height())
        .map(|i| {
            let share = totals[i] as f64 / all as f64;
            let total = hours(totals[i]);
            let median = get_f64(&df, "median", i)?.unwrap_or(0.0) / MS_PER_HOUR;
            let p90 = get_f64(&df, "p90", i)?.unwrap_or(0.0) / MS_PER_HOUR;
            let cases = get_i64(&df, "cases", i)?.unwrap_or(0) as usize;
            Ok(Bottleneck {
                stage: get_str(&df, c::STAGE, i)?.unwrap_or_default(),
                wait_share: share,
                total_wait_hours: total,
                median_wait_hours: median,
                p90_wait_hours: p90,
                cases,
                reason: format!(
                    "#{}: {:.0}% of all {what} ({:.0} h in {} cases); median wait {:.1} h, p90 {:.1} h",
                    i + 1,
                    share * 100.0,
                    total,
                    cases,
                    median,
                    p90
                ),
            })
        })
        .collect()
}
