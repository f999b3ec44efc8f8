//! Lead time, touch time and flow efficiency per case; service and waiting time per
//! event (definitions in the report's glossary and DESIGN.md). Per-stage figures are in
//! [`super::stages`].

use std::borrow::Cow;

use polars::prelude::*;

use crate::analysis::observations::OptMs;
use crate::analysis::stats::{i64_values, polars_stats, u32_values, Stats, MS_PER_HOUR};
use crate::analysis::{HistogramBin, Period};
use crate::ingest::time::ms_to_iso;
use crate::model::{col_names as c, TaskLog};

/// Number of equal-width bins below the 95th percentile in the lead-time histogram; one
/// more bin collects the tail.
const HIST_BINS: usize = 20;

/// Per event, in log order: service time, and waiting before it (none for an event
/// with no finished predecessor in its case, or a continuation); `visit_ms` is the time
/// of the visit the event starts (none on a continuation), `None` when every visit is
/// its event's service time (no status history).
pub struct EventTimes {
    pub service_ms: Vec<i64>,
    pub wait_ms: OptMs,
    pub visit_ms: Option<OptMs>,
}

/// Per case, in case order: first start, last end, lead time (max end − min start)
/// and touch time (length of the union of the case's intervals), in ms.
#[derive(Debug, Clone, Default)]
pub struct CaseSpans {
    pub start_ms: Vec<i64>,
    pub end_ms: Vec<i64>,
    pub lead_ms: Vec<i64>,
    pub touch_ms: Vec<i64>,
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

/// The event columns the times are computed from: case index, start, end (borrowed
/// from the log's frame).
type CaseStartEnd<'a> = (Cow<'a, [u32]>, Cow<'a, [i64]>, Cow<'a, [i64]>);

fn case_start_end(log: &TaskLog) -> PolarsResult<CaseStartEnd<'_>> {
    let ev = &log.events;
    let case = u32_values(ev.column(c::CASE_IDX)?, 0)?;
    let start = i64_values(ev.column(c::START)?, NO_TIME)?;
    let end = i64_values(ev.column(c::END)?, NO_TIME)?;
    Ok((case, start, end))
}

/// [`CaseSpans`] of a log (events in case order, by start within a case): one walk,
/// each event's part of the union being what it adds after the latest end before it.
pub fn case_spans(log: &TaskLog) -> PolarsResult<CaseSpans> {
    let (case, start, end) = case_start_end(log)?;
    let mut out = CaseSpans::default();
    let mut a = 0;
    while a < case.len() {
        let b = a + case[a..].iter().take_while(|&&k| k == case[a]).count();
        let (mut first, mut last, mut touch) = (i64::MAX, i64::MIN, 0i64);
        let mut latest: Option<i64> = None;
        for i in a..b {
            let (s, e) = (start[i], end[i]);
            first = first.min(s);
            last = last.max(e);
            let from = match latest {
                Some(l) if l >= s => l,
                _ => s,
            };
            touch += (e - from).max(0);
            latest = Some(latest.map_or(e, |l| l.max(e)));
        }
        out.start_ms.push(first);
        out.end_ms.push(last);
        out.lead_ms.push(last - first);
        out.touch_ms.push(touch);
        a = b;
    }
    Ok(out)
}

/// Lead time, touch time (as in [`CaseSpans`]) and flow efficiency.
pub fn case_times(log: &TaskLog, spans: &CaseSpans) -> PolarsResult<CaseTimes> {
    let lead_time = polars_stats(&mut spans.lead_ms.clone(), 0);
    let touch_time = polars_stats(&mut spans.touch_ms.clone(), 0);
    let total_lead: i64 = spans.lead_ms.iter().sum();
    let total_touch: i64 = spans
        .lead_ms
        .iter()
        .zip(&spans.touch_ms)
        .filter(|(l, _)| **l > 0)
        .map(|(_, t)| t)
        .sum();
    let flow_efficiency = match log.shape {
        // No working time is known, or every interval is a status (no waiting).
        _ if log.states => None,
        crate::model::TimestampShape::Single => None,
        _ if total_lead > 0 => Some(total_touch as f64 / total_lead as f64),
        _ => None,
    };
    let from = spans.start_ms.iter().copied().min();
    let to = spans.end_ms.iter().copied().max();
    let period = Period {
        from: from.map(ms_to_iso).unwrap_or_default(),
        to: to.map(ms_to_iso).unwrap_or_default(),
        hours: from
            .zip(to)
            .map(|(f, t)| crate::analysis::stats::hours(t - f)),
    };
    Ok(CaseTimes {
        cases: spans.lead_ms.len(),
        period,
        lead_time,
        histogram: histogram(&spans.lead_ms),
        touch_time,
        flow_efficiency,
        total_lead_ms: total_lead,
    })
}

/// The q-quantile of sorted values as polars' `QuantileMethod::Linear` gives it on a
/// Float64 column without nulls.
fn linear_f64(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let float_idx = (sorted.len() as f64 - 1.0) * q;
    let idx = (float_idx as usize).min(sorted.len() - 1);
    let lower = sorted[idx];
    if float_idx.ceil() as usize == idx {
        return lower;
    }
    let upper = sorted[idx + 1];
    if lower == upper {
        return lower;
    }
    (float_idx - idx as f64) * (upper - lower) + lower
}

/// Equal-width bins of lead times (hours) from 0 to the 95th percentile (rounded to a
/// readable width), and a last bin for everything above.
fn histogram(lead_ms: &[i64]) -> Vec<HistogramBin> {
    if lead_ms.is_empty() {
        return Vec::new();
    }
    // Hours and bins as polars computed them when this was a polars expression (the
    // published figures stay the same to the last bit): a column divided by a number
    // is multiplied by its reciprocal, but a column of one value is divided.
    let div = |x: f64, by: f64| {
        if lead_ms.len() == 1 {
            x / by
        } else {
            x * (1.0 / by)
        }
    };
    let mut hours: Vec<f64> = lead_ms
        .iter()
        .map(|&v| div(v as f64, MS_PER_HOUR))
        .collect();
    hours.sort_unstable_by(f64::total_cmp);
    let p95 = linear_f64(&hours, 0.95);
    let max = hours[hours.len() - 1];
    let width = nice_width(if p95 > 0.0 { p95 } else { max.max(1.0) } / HIST_BINS as f64);
    let regular = ((max / width).floor() as usize + 1).min(HIST_BINS);
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
    for &h in &hours {
        let bin = (div(h, width).floor() as i64).min(regular as i64).max(0) as usize;
        if let Some(b) = bins.get_mut(bin) {
            b.cases += 1;
        }
    }
    while bins.len() > 1 && bins.last().is_some_and(|b| b.cases == 0) {
        bins.pop();
    }
    bins
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
    let (case, start, end) = case_start_end(log)?;
    let wait = waits(&case, &start, &end);
    let service_ms: Vec<i64> = start.iter().zip(end.iter()).map(|(s, e)| e - s).collect();
    if !log.states {
        return Ok(EventTimes {
            visit_ms: None,
            wait_ms: OptMs::from_raw(wait),
            service_ms,
        });
    }
    let cont = continues(log)?;
    let (wait_ms, visit_ms) = visit_times(&service_ms, &wait, &cont);
    Ok(EventTimes {
        service_ms,
        wait_ms,
        visit_ms: Some(visit_ms),
    })
}

/// The `continues` column of the events.
pub fn continues(log: &TaskLog) -> PolarsResult<Vec<bool>> {
    Ok(log
        .events
        .column(c::CONT)?
        .cast(&DataType::Boolean)?
        .bool()?
        .iter()
        .map(|b| b == Some(true))
        .collect())
}

/// Stands for a missing time in [`waits`].
const NO_TIME: i64 = i64::MIN;

/// The waiting time before each event of a log in case order (see [`event_times`]):
/// within each case, the events' finishes sorted by (finish, position) are merged with
/// the starts, which already come in (start, position) order. An event without a start
/// has no wait, one without a finish ends no one's; a case's first event has no wait.
fn waits(case: &[u32], start: &[i64], end: &[i64]) -> Vec<i64> {
    let time = |v: i64| (v != NO_TIME).then_some(v);
    let mut out = vec![OptMs::NONE; case.len()];
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
            out[i] = latest.map_or(OptMs::NONE, |f| s - f);
        }
        a = b;
    }
    out
}

/// A status history's visits: on the first stay of each visit, `visit_ms` is the time
/// of the whole visit (its continuations included); continuations have no `visit_ms`
/// and no `wait_ms` (nothing is waited for inside a visit).
fn visit_times(service: &[i64], wait: &[i64], cont: &[bool]) -> (OptMs, OptMs) {
    let mut visit: Vec<Option<i64>> = vec![None; service.len()];
    let mut current = None;
    for i in 0..service.len() {
        if !cont[i] {
            current = Some(i);
            visit[i] = Some(0);
        }
        if let Some(v) = current.and_then(|f| visit[f].as_mut()) {
            *v += service[i];
        }
    }
    let wait = wait
        .iter()
        .zip(cont)
        .map(|(&w, &c)| if c { OptMs::NONE } else { w })
        .collect();
    (OptMs::from_raw(wait), visit.into_iter().collect())
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
        let case: [u32; 9] = [0, 0, 0, 0, 0, 1, 2, 2, 2];
        let start = [0, 5, 10, 20, 20, 3, n, 0, 9];
        let end = [10, 8, 12, 20, 25, 4, 7, n, 9];
        let w: Vec<Option<i64>> = waits(&case, &start, &end)
            .into_iter()
            .map(|v| (v != OptMs::NONE).then_some(v))
            .collect();
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

    /// A task log of the given events (case, start, end), for the case figures.
    fn log_of(events: &[(u32, i64, i64)]) -> TaskLog {
        let n = events.len();
        let df = DataFrame::new(
            n,
            vec![
                Column::new(
                    c::CASE_IDX.into(),
                    events.iter().map(|e| e.0).collect::<Vec<_>>(),
                ),
                Column::new(
                    c::START.into(),
                    events.iter().map(|e| e.1).collect::<Vec<_>>(),
                ),
                Column::new(
                    c::END.into(),
                    events.iter().map(|e| e.2).collect::<Vec<_>>(),
                ),
                Column::new_scalar(c::CONT.into(), Scalar::from(false), n),
            ],
        )
        .expect("a frame");
        TaskLog {
            events: df,
            names: Default::default(),
            shape: crate::model::TimestampShape::StartEnd,
            has_department: false,
            has_status: false,
            states: false,
            has_planned: false,
            case_attributes: None,
            open_cases: Vec::new(),
        }
    }

    #[test]
    fn touch_time_is_the_union_of_a_cases_intervals() {
        // Case 0: [0,10] and [5,8] overlap (10 touched), then [20,30] after a gap and
        // [25,40] overlapping it (20 more): lead 40, touch 30. Case 1: [3,3] touches
        // nothing; [4,9] then 5.
        let log = log_of(&[
            (0, 0, 10),
            (0, 5, 8),
            (0, 20, 30),
            (0, 25, 40),
            (1, 3, 3),
            (1, 4, 9),
        ]);
        let s = case_spans(&log).expect("spans");
        assert_eq!(s.start_ms, [0, 3]);
        assert_eq!(s.end_ms, [40, 9]);
        assert_eq!(s.lead_ms, [40, 6]);
        assert_eq!(s.touch_ms, [30, 5]);
        let t = case_times(&log, &s).expect("times");
        assert_eq!(t.total_lead_ms, 46);
        assert_eq!(t.flow_efficiency, Some(35.0 / 46.0));
    }

    #[test]
    fn a_status_visit_sums_its_stays() {
        let (w, v) = visit_times(
            &[5, 7, 1, 4],
            &[2, 0, OptMs::NONE, 3],
            &[true, false, true, false],
        );
        // A leading continuation belongs to no shown visit.
        assert_eq!(
            (v.at(0), v.at(1), v.at(2), v.at(3)),
            (None, Some(8), None, Some(4))
        );
        assert_eq!(
            (w.at(0), w.at(1), w.at(2), w.at(3)),
            (None, Some(0), None, Some(3))
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
