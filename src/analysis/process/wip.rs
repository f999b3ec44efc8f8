//! Work in progress and throughput (contract `wip[]`, `littles_law`): per ISO week (in
//! the log's zone) the cases in progress at the end of each day, averaged over the
//! week's days, the cases that arrived (first event started) and were completed (last
//! event ended). A case is in progress from its first start to its last end.
//!
//! Little's law check: over the middle 80% of the log's span (to keep the ramp-up and
//! the cases cut off at either end out), the time-average WIP against throughput × mean
//! lead time of the cases completed in that window. They agree in a steady state; when
//! they differ by more than [`LITTLE_TOLERANCE`] a data-quality finding says so.

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use serde::Serialize;

use crate::analysis::observations::CaseObs;

/// Relative difference above which the check becomes a finding.
pub const LITTLE_TOLERANCE: f64 = 0.2;
const MS_PER_DAY: i64 = 86_400_000;

/// One ISO week.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WipWeek {
    /// `2024-W05`.
    pub period: String,
    /// Monday, `2024-01-29`.
    pub from: String,
    /// Mean over the week's days of the cases in progress at the end of the day.
    pub wip: f64,
    pub arrivals: usize,
    pub completions: usize,
    /// Days of the week inside the log's span (fewer in its first and last week).
    pub days: usize,
}

/// The Little's-law check.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LittlesLaw {
    pub window_from: String,
    pub window_to: String,
    /// Time-average cases in progress over the window.
    pub mean_wip: f64,
    /// Completions per day in the window.
    pub throughput_per_day: f64,
    /// Mean lead time of the cases completed in the window, days.
    pub mean_lead_days: f64,
    /// throughput × mean lead time.
    pub expected_wip: f64,
    /// |mean_wip − expected_wip| / the larger of the two.
    pub difference: f64,
}

/// The local date of an instant.
fn date(ms: i64, tz: &chrono_tz::Tz) -> NaiveDate {
    tz.timestamp_millis_opt(ms)
        .single()
        .map_or_else(NaiveDate::default, |t| t.date_naive())
}

/// At most this many weeks, the last ones of the log (a log spanning more than ten
/// years keeps its last ten in the table; [`weekly`] says how many it left out).
pub const MAX_WEEKS: usize = 520;

/// Monday of `d`'s ISO week (`d` itself near the start of the calendar).
fn monday(d: NaiveDate) -> NaiveDate {
    let back = Duration::days(d.weekday().num_days_from_monday() as i64);
    d.checked_sub_signed(back).unwrap_or(d)
}

/// An empty week starting on `m`.
fn week(m: NaiveDate) -> WipWeek {
    let iso = m.iso_week();
    WipWeek {
        period: format!("{}-W{:02}", iso.year(), iso.week()),
        from: m.to_string(),
        wip: 0.0,
        arrivals: 0,
        completions: 0,
        days: 0,
    }
}

/// The weekly table of `cases` (complete cases only: open ones have no end yet), and
/// how many earlier weeks were left out (see [`MAX_WEEKS`]).
pub fn weekly(cases: &CaseObs, tz: &chrono_tz::Tz) -> (Vec<WipWeek>, usize) {
    let done: Vec<usize> = (0..cases.len()).filter(|&i| !cases.open[i]).collect();
    let mut starts: Vec<i64> = done.iter().map(|&i| cases.start_ms[i]).collect();
    let mut ends: Vec<i64> = done.iter().map(|&i| cases.end_ms[i]).collect();
    starts.sort_unstable();
    ends.sort_unstable();
    let (Some(&first), Some(&last)) = (starts.first(), ends.last()) else {
        return (Vec::new(), 0);
    };
    let d1 = date(last, tz);
    let earliest = monday(d1)
        .checked_sub_signed(Duration::weeks(MAX_WEEKS as i64 - 1))
        .unwrap_or(NaiveDate::MIN);
    let d0 = date(first, tz).max(earliest);
    let left_out = (monday(d0) - monday(date(first, tz))).num_weeks().max(0) as usize;
    let mut weeks: Vec<WipWeek> = Vec::new();
    let mut day = Some(d0);
    while let Some(d) = day.filter(|d| *d <= d1) {
        let next = d.succ_opt();
        let end_ms = next.map_or(i64::MAX, |n| crate::model::plan::local_midnight_ms(n, tz));
        // In progress at the end of the day: started before it and not ended before it.
        let wip = starts.partition_point(|s| *s < end_ms) - ends.partition_point(|e| *e < end_ms);
        if weeks.last().is_none_or(|w| w.from != monday(d).to_string()) {
            weeks.push(week(monday(d)));
        }
        let w = weeks.last_mut().expect("pushed above");
        w.wip += wip as f64;
        w.days += 1;
        day = next;
    }
    let index: std::collections::HashMap<String, usize> = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| (w.from.clone(), i))
        .collect();
    for w in &mut weeks {
        w.wip /= w.days.max(1) as f64;
    }
    let week_of = |ms: i64| index.get(&monday(date(ms, tz)).to_string()).copied();
    for &i in &done {
        if let Some(k) = week_of(cases.start_ms[i]) {
            weeks[k].arrivals += 1;
        }
        if let Some(k) = week_of(cases.end_ms[i]) {
            weeks[k].completions += 1;
        }
    }
    (weeks, left_out)
}

/// Little's law over the middle 80% of the span; `None` when the window holds no
/// completed case.
pub fn littles_law(cases: &CaseObs) -> Option<LittlesLaw> {
    let done: Vec<usize> = (0..cases.len()).filter(|&i| !cases.open[i]).collect();
    let first = done.iter().map(|&i| cases.start_ms[i]).min()?;
    let last = done.iter().map(|&i| cases.end_ms[i]).max()?;
    let span = last - first;
    let (a, b) = (first + span / 10, last - span / 10);
    if b <= a {
        return None;
    }
    let len = (b - a) as f64;
    let inside: f64 = done
        .iter()
        .map(|&i| (cases.end_ms[i].min(b) - cases.start_ms[i].max(a)).max(0) as f64)
        .sum();
    let completed: Vec<usize> = done
        .iter()
        .copied()
        .filter(|&i| cases.end_ms[i] >= a && cases.end_ms[i] < b)
        .collect();
    if completed.is_empty() {
        return None;
    }
    let mean_wip = inside / len;
    let days = len / MS_PER_DAY as f64;
    let throughput = completed.len() as f64 / days;
    let mean_lead = completed
        .iter()
        .map(|&i| cases.lead_ms[i] as f64)
        .sum::<f64>()
        / completed.len() as f64
        / MS_PER_DAY as f64;
    let expected = throughput * mean_lead;
    let top = mean_wip.max(expected);
    let iso = crate::ingest::time::ms_to_iso;
    Some(LittlesLaw {
        window_from: iso(a),
        window_to: iso(b),
        mean_wip,
        throughput_per_day: throughput,
        mean_lead_days: mean_lead,
        expected_wip: expected,
        difference: if top > 0.0 {
            (mean_wip - expected).abs() / top
        } else {
            0.0
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: i64 = MS_PER_DAY;

    /// Cases as (start day, end day), days after Monday 2024-01-01 00:00 UTC.
    fn cases(spans: &[(f64, f64)]) -> CaseObs {
        let base = 1_704_067_200_000i64;
        let ms = |d: f64| base + (d * D as f64) as i64;
        CaseObs {
            id: (0..spans.len()).map(|i| i.to_string()).collect(),
            start_ms: spans.iter().map(|s| ms(s.0)).collect(),
            end_ms: spans.iter().map(|s| ms(s.1)).collect(),
            lead_ms: spans.iter().map(|s| ms(s.1) - ms(s.0)).collect(),
            open: vec![false; spans.len()],
            ..Default::default()
        }
    }

    #[test]
    fn weeks_count_daily_wip_arrivals_and_completions() {
        // Case 0 runs Mon 10:00 → Wed 12:00; case 1 Tue → next Tue; case 2 next Mon → Wed.
        let c = cases(&[(0.4, 2.5), (1.0, 8.2), (7.1, 9.0)]);
        let (w, left_out) = weekly(&c, &chrono_tz::Tz::UTC);
        assert_eq!(left_out, 0);
        assert_eq!(w.len(), 2);
        assert_eq!(
            (w[0].period.as_str(), w[0].from.as_str()),
            ("2024-W01", "2024-01-01")
        );
        // Ends of Mon..Sun: Mon 1 (case 0), Tue 2, Wed 1, Thu–Sun 1 each: 8 / 7.
        assert_eq!(w[0].days, 7);
        assert!((w[0].wip - 8.0 / 7.0).abs() < 1e-12, "{}", w[0].wip);
        assert_eq!((w[0].arrivals, w[0].completions), (2, 1));
        // Next Mon 2, Tue 1 (case 1 ended Tue 04:48), Wed 0 (the log ends that midnight).
        assert_eq!((w[1].arrivals, w[1].completions), (1, 2));
        assert_eq!(w[1].days, 3);
        assert!((w[1].wip - 3.0 / 3.0).abs() < 1e-12, "{}", w[1].wip);
    }

    #[test]
    fn a_log_longer_than_ten_years_keeps_its_last_ten() {
        let c = cases(&[(-5000.0, -4999.0), (0.0, 2.0), (10.0, 12.0)]);
        let (w, left_out) = weekly(&c, &chrono_tz::Tz::UTC);
        assert_eq!(w.len(), MAX_WEEKS);
        assert_eq!(w.last().unwrap().from, "2024-01-08");
        // Monday 2024-01-08 is 716 weeks after the first case's Monday: 717 weeks.
        assert_eq!(left_out, 717 - MAX_WEEKS);
        assert_eq!(w.iter().map(|w| w.completions).sum::<usize>(), 2);
    }

    #[test]
    fn littles_law_holds_in_a_steady_state_and_flags_a_growing_queue() {
        // One case a day, each two days long: WIP 2 = 1/day × 2 days.
        let steady: Vec<(f64, f64)> = (0..60).map(|d| (d as f64, d as f64 + 2.0)).collect();
        let l = littles_law(&cases(&steady)).unwrap();
        assert!((l.mean_wip - 2.0).abs() < 0.05, "{l:?}");
        assert!((l.expected_wip - 2.0).abs() < 0.1, "{l:?}");
        assert!(l.difference < LITTLE_TOLERANCE);
        // A backlog: one arrival a day, nothing completes before day 50.
        let growing: Vec<(f64, f64)> = (0..60).map(|d| (d as f64, 50.0 + d as f64 / 6.0)).collect();
        let g = littles_law(&cases(&growing)).unwrap();
        assert!(g.difference > LITTLE_TOLERANCE, "{g:?}");
    }
}
