//! Lead time, touch time and flow efficiency per case; service and waiting time per
//! event (definitions in the report's glossary and DESIGN.md). Per-stage figures are in
//! [`super::stages`].

use polars::prelude::*;

use crate::analysis::stats::{
    bounds, get_i64, group_running_max, i64_values, stats_of, Stats, MS_PER_HOUR,
};
use crate::analysis::{HistogramBin, Period};
use crate::ingest::time::ms_to_iso;
use crate::model::{col_names as c, TaskLog};

/// Number of equal-width bins below the 95th percentile in the lead-time histogram; one
/// more bin collects the tail.
const HIST_BINS: usize = 20;

/// Events with their service and waiting times (hours), in log order.
pub struct EventTimes {
    /// The task log's columns plus `service_ms`, `wait_ms` (null for an event with no
    /// finished predecessor in its case, or a continuation) and `visit_ms` (the time of
    /// the visit the event starts; null on a continuation).
    pub df: DataFrame,
}

/// Case-level figures.
pub struct CaseTimes {
    pub cases: usize,
    pub period: Period,
    pub lead_time: Stats,
    pub histogram: Vec<HistogramBin>,
    pub touch_time: Stats,
    pub flow_efficiency: Option<f64>,
    /// Σ lead time over all cases, milliseconds.
    pub total_lead_ms: i64,
}

/// One row per case in case order: `case_idx`, `start_ms` (first start), `end_ms`
/// (last end), `lead_ms` (max end − min start) and `touch_ms` (length of the union of
/// the case's intervals).
pub fn per_case(log: &TaskLog) -> PolarsResult<DataFrame> {
    let start = col(c::START);
    let end = col(c::END);
    // Latest end among the case's earlier events (by start order).
    let b = bounds(log.lazy(), c::END, c::CASE_IDX)?;
    let prev_end = group_running_max(c::END, c::CASE_IDX, b, true)?;
    let from = when(
        prev_end
            .clone()
            .is_null()
            .or(prev_end.clone().lt(start.clone())),
    )
    .then(start.clone())
    .otherwise(prev_end);
    let contrib = when(end.clone().gt(from.clone()))
        .then(end.clone() - from)
        .otherwise(lit(0i64));
    log.lazy()
        .with_column(contrib.alias("touch_ms"))
        .group_by_stable([col(c::CASE_IDX)])
        .agg([
            start.clone().min().alias("start_ms"),
            end.clone().max().alias("end_ms"),
            (end.max() - start.min()).alias("lead_ms"),
            col("touch_ms").sum().alias("touch_ms"),
        ])
        .sort([c::CASE_IDX], SortMultipleOptions::default())
        .collect()
}

/// Lead time (max end − min start), touch time (length of the union of the case's
/// intervals) and flow efficiency.
/// `per_case` is [`per_case`] of the log.
pub fn case_times(log: &TaskLog, per_case: &DataFrame) -> PolarsResult<CaseTimes> {
    let lead_time = stats_of(per_case.clone().lazy(), col("lead_ms"))?;
    let touch_time = stats_of(per_case.clone().lazy(), col("touch_ms"))?;
    let sums = per_case
        .clone()
        .lazy()
        .select([
            col("lead_ms").sum().alias("lead"),
            col("touch_ms")
                .filter(col("lead_ms").gt(lit(0i64)))
                .sum()
                .alias("touch"),
        ])
        .collect()?;
    let total_lead = get_i64(&sums, "lead", 0)?.unwrap_or(0);
    let total_touch = get_i64(&sums, "touch", 0)?.unwrap_or(0);
    let flow_efficiency = match log.shape {
        // No working time is known, or every interval is a status (no waiting).
        _ if log.states => None,
        crate::model::TimestampShape::Single => None,
        _ if total_lead > 0 => Some(total_touch as f64 / total_lead as f64),
        _ => None,
    };
    let bounds = log
        .lazy()
        .select([
            col(c::START).min().alias("from"),
            col(c::END).max().alias("to"),
        ])
        .collect()?;
    let (from, to) = (get_i64(&bounds, "from", 0)?, get_i64(&bounds, "to", 0)?);
    let period = Period {
        from: from.map(ms_to_iso).unwrap_or_default(),
        to: to.map(ms_to_iso).unwrap_or_default(),
        hours: from
            .zip(to)
            .map(|(f, t)| crate::analysis::stats::hours(t - f)),
    };
    let lead_hours = per_case
        .clone()
        .lazy()
        .select([(col("lead_ms").cast(DataType::Float64) / lit(MS_PER_HOUR)).alias("lead_h")])
        .collect()?;
    let histogram = histogram(&lead_hours, "lead_h")?;
    Ok(CaseTimes {
        cases: per_case.height(),
        period,
        lead_time,
        histogram,
        touch_time,
        flow_efficiency,
        total_lead_ms: total_lead,
    })
}

/// Equal-width bins from 0 to the 95th percentile (rounded to a readable width), and a
/// last bin for everything above.
fn histogram(df: &DataFrame, column: &str) -> PolarsResult<Vec<HistogramBin>> {
    let q = df
        .clone()
        .lazy()
        .select([
            col(column)
                .quantile(lit(0.95), QuantileMethod::Linear)
                .alias("p95"),
            col(column).max().alias("max"),
        ])
        .collect()?;
    let p95 = crate::analysis::stats::get_f64(&q, "p95", 0)?.unwrap_or(0.0);
    let max = crate::analysis::stats::get_f64(&q, "max", 0)?.unwrap_or(0.0);
    if df.height() == 0 {
        return Ok(Vec::new());
    }
    let width = nice_width(if p95 > 0.0 { p95 } else { max.max(1.0) } / HIST_BINS as f64);
    let regular = ((max / width).floor() as usize + 1).min(HIST_BINS);
    let counts = df
        .clone()
        .lazy()
        .select([(col(column) / lit(width))
            .floor()
            .cast(DataType::Int64)
            .clip_max(lit(regular as i64))
            .alias("bin")])
        .group_by([col("bin")])
        .agg([len().alias("n")])
        .collect()?;
    let mut bins: Vec<HistogramBin> = (0..=regular)
        .map(|i| HistogramBin {
            from: i as f64 * width,
            to: (i + 1) as f64 * width,
            cases: 0,
        })
        .collect();
    if let Some(last) = bins.last_mut() {
        last.to = last.to.max(max);
    }
    for i in 0..counts.height() {
        let bin = get_i64(&counts, "bin", i)?.unwrap_or(0).max(0) as usize;
        let n = get_i64(&counts, "n", i)?.unwrap_or(0).max(0) as usize;
        if let Some(b) = bins.get_mut(bin) {
            b.cases += n;
        }
    }
    while bins.len() > 1 && bins.last().is_some_and(|b| b.cases == 0) {
        bins.pop();
    }
    Ok(bins)
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_width(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|w| *w >= raw)
        .unwrap_or(10.0 * p)
}

/// Service time f − s and waiting time before each event.
///
/// Waiting W(e) = s(e) − max{f(e') : e' earlier in the case, f(e') ≤ s(e)}: starts and
/// finishes of a case are taken as one time-ordered stream (at equal times, events in
/// log order, each start before its own finish), and the latest finish seen before each
/// start is kept as the stream is walked ([`waits`]).
pub fn event_times(log: &TaskLog) -> PolarsResult<EventTimes> {
    let ev = &log.events;
    let int64 = |n: &str| ev.column(n)?.cast(&DataType::Int64);
    let (case, start, end) = (int64(c::CASE_IDX)?, int64(c::START)?, int64(c::END)?);
    let (case, start, end) = (
        i64_values(&case, 0)?,
        i64_values(&start, NO_TIME)?,
        i64_values(&end, NO_TIME)?,
    );
    let wait = waits(&case, &start, &end);
    let mut df = log
        .lazy()
        .with_column((col(c::END) - col(c::START)).alias("service_ms"))
        .collect()?;
    df.with_column(Column::new("wait_ms".into(), wait))?;
    if log.states {
        df = visit_times(df)?;
    } else {
        df.with_column(
            df.column("service_ms")?
                .clone()
                .with_name("visit_ms".into()),
        )?;
    }
    Ok(EventTimes { df })
}

/// Stands for a missing time in [`waits`].
const NO_TIME: i64 = i64::MIN;

/// The waiting time before each event of a log in case order (see [`event_times`]):
/// within each case, the events' finishes sorted by (finish, position) are merged with
/// the starts, which already come in (start, position) order. An event without a start
/// has no wait, one without a finish ends no one's; a case's first event has no wait.
fn waits(case: &[i64], start: &[i64], end: &[i64]) -> Vec<Option<i64>> {
    let time = |v: i64| (v != NO_TIME).then_some(v);
    let mut out = vec![None; case.len()];
    let mut finishes: Vec<(i64, usize)> = Vec::new();
    let mut a = 0;
    while a < case.len() {
        let b = a + case[a..].iter().take_while(|&&k| k == case[a]).count();
        finishes.clear();
        finishes.extend((a..b).filter_map(|j| time(end[j]).map(|f| (f, j))));
        finishes.sort_unstable();
        let (mut next, mut latest) = (0, None::<i64>);
        for i in a..b {
            let Some(s) = time(start[i]) else { continue };
            while next < finishes.len() && finishes[next] < (s, i) {
                latest = latest.max(Some(finishes[next].0));
                next += 1;
            }
            out[i] = latest.map(|f| s - f);
        }
        a = b;
    }
    out
}

/// A status history's visits: on the first stay of each visit, `visit_ms` is the time
/// of the whole visit (its continuations included); continuations have no `visit_ms`
/// and no `wait_ms` (nothing is waited for inside a visit).
fn visit_times(df: DataFrame) -> PolarsResult<DataFrame> {
    let visit = col(c::CONT).not().cast(DataType::Int64).cum_sum(false);
    df.lazy()
        .with_column(visit.alias("visit"))
        .with_columns([
            when(col(c::CONT))
                .then(lit(NULL).cast(DataType::Int64))
                .otherwise(col("service_ms").sum().over([col("visit")])?)
                .alias("visit_ms"),
            when(col(c::CONT))
                .then(lit(NULL).cast(DataType::Int64))
                .otherwise(col("wait_ms"))
                .alias("wait_ms"),
        ])
        .drop(by_name(["visit"], true, false))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_count_from_the_latest_finish_before_each_start() {
        // Case 0: e0 [0,10]; e1 [5,8] starts inside e0 (nothing has finished yet);
        // e2 [10,12] starts as e0 finishes (e0 comes first in the log, so it counts);
        // e3 [20,20] takes no time; e4 [20,25] starts as e3 finishes. Case 1: e5 first.
        // Case 2: e6 has no start (so no wait) but its finish ends e8's wait; e7 has no
        // end and ends no one's.
        let n = NO_TIME;
        let case = [0, 0, 0, 0, 0, 1, 2, 2, 2];
        let start = [0, 5, 10, 20, 20, 3, n, 0, 9];
        let end = [10, 8, 12, 20, 25, 4, 7, n, 9];
        let w = waits(&case, &start, &end);
        assert_eq!(
            w,
            [
                None,
                None,
                Some(0),
                Some(8),
                Some(0),
                None,
                None,
                None,
                Some(2)
            ]
        );
    }

    #[test]
    fn nice_widths() {
        assert_eq!(nice_width(0.7), 1.0);
        assert_eq!(nice_width(3.0), 5.0);
        assert_eq!(nice_width(12.0), 20.0);
        assert_eq!(nice_width(0.0), 1.0);
    }
}
