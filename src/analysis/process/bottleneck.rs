//! Bottleneck ranking: each stage's share of all waiting time in the log, with the
//! evidence (median and p90 wait, cases affected); the words are in [`crate::words`].

use polars::prelude::*;

use crate::analysis::cycle_time::EventTimes;
use crate::analysis::stats::{get_f64, get_i64, get_str, hours, MS_PER_HOUR};
use crate::analysis::{Bottleneck, WaitMeasure};
use crate::model::{col_names as c, TimestampShape};

/// Stages ranked by their share of all waiting, largest first; stages that never wait
/// are left out. In a status history (`states`) nothing waits between statuses, so
/// statuses are ranked by their share of all time spent in a status instead.
pub fn rank(
    events: &EventTimes,
    shape: TimestampShape,
    states: bool,
) -> PolarsResult<Vec<Bottleneck>> {
    let measure = if states { "visit_ms" } else { "wait_ms" };
    let df = events
        .df
        .clone()
        .lazy()
        .with_column(col(measure).alias("w"))
        .filter(col("w").is_not_null())
        .group_by([col(c::STAGE)])
        .agg([
            col("w").sum().cast(DataType::Int64).alias("total"),
            col("w")
                .quantile(lit(0.5), QuantileMethod::Linear)
                .alias("median"),
            col("w")
                .quantile(lit(0.9), QuantileMethod::Linear)
                .alias("p90"),
            col(c::CASE_IDX)
                .filter(col("w").gt(lit(0i64)))
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
    let measure = match (states, shape) {
        (true, _) => WaitMeasure::Status,
        (false, TimestampShape::StartEnd) => WaitMeasure::Waiting,
        (false, TimestampShape::Single) => WaitMeasure::Transition,
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
                rank: i + 1,
                measure,
                wait_share: share,
                total_wait_hours: total,
                median_wait_hours: median,
                p90_wait_hours: p90,
                cases,
            })
        })
        .collect()
}
