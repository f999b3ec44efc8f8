//! Weekly-update clocks (`weekly = "fri 17:00"`): each week has a deadline on the
//! calendar (the named day at the named time; when that day is not a workday, the last
//! workday of the week before it; a week without one has no deadline). A case is due at
//! a deadline when it started before the previous deadline and was still running at
//! this one; it met the rule when it has an event (a start or an end) between the two.

use chrono::{Datelike, NaiveDate, TimeZone};
use serde::Serialize;

use super::interval::case_ranges;
use super::worktime::WorkClock;
use super::{Outcome, SlaResult, State, Tally};
use crate::analysis::observations::Observations;
use crate::model::calendar::Calendar;
use crate::model::sla::{Clock, Weekly};

/// One week of a weekly clock (contract `sla[].weeks[]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlaWeek {
    /// ISO week, `2024-W40`.
    pub week: String,
    /// The deadline, local time: `2024-10-11 17:00`.
    pub deadline: String,
    pub due: usize,
    pub met: usize,
    pub compliance: Option<f64>,
}

/// The deadlines from the week of `first` to `last` (ms).
pub fn deadlines(cal: &Calendar, w: Weekly, first: i64, last: i64) -> Vec<(NaiveDate, i64)> {
    let start = super::worktime::local(cal, first).0;
    let end = super::worktime::local(cal, last).0;
    let mut monday = start - chrono::Days::new(u64::from(start.weekday().num_days_from_monday()));
    let mut out = Vec::new();
    while monday <= end {
        let due = (0..=w.weekday)
            .rev()
            .map(|k| monday + chrono::Days::new(u64::from(k)))
            .find(|d| cal.is_workday(*d));
        if let Some(d) = due {
            let t = d
                .and_hms_opt(w.minute / 60, w.minute % 60, 0)
                .unwrap_or_default();
            if let Some(ms) = cal.tz.from_local_datetime(&t).earliest() {
                out.push((d, ms.timestamp_millis()));
            }
        }
        monday = monday + chrono::Days::new(7);
    }
    out
}

/// The clock's outcome per case and week due, and its result.
pub fn run(
    obs: &Observations,
    clock: &Clock,
    w: Weekly,
    work: &WorkClock,
    data_end: i64,
) -> (SlaResult, Vec<Outcome>) {
    let cal = work.calendar();
    let first = obs.cases.start_ms.iter().copied().min().unwrap_or(0);
    let due = deadlines(cal, w, first, data_end);
    let times = event_times(obs);
    let ranges = case_ranges(&obs.events, obs.cases.len());
    // Deadlines up to the end of the data; per case only the deadlines it runs across,
    // so a far-off bad date costs that case's weeks, not every case's.
    let last = due.partition_point(|d| d.1 <= data_end);
    let mut found: Vec<(usize, Outcome)> = Vec::new();
    for case in 0..obs.cases.len() {
        let c = &obs.cases;
        let from = due.partition_point(|d| d.1 <= c.start_ms[case]) + 1;
        let to = if c.open[case] {
            last
        } else {
            due.partition_point(|d| d.1 < c.end_ms[case]).min(last)
        };
        for k in from..to {
            let (prev, (day, at)) = (due[k - 1].1, due[k]);
            let t = &times[case];
            let updated = t
                .get(t.partition_point(|&x| x <= prev))
                .is_some_and(|&x| x <= at);
            let holder = ranges[case]
                .clone()
                .rev()
                .find(|&i| obs.events.start_ms[i] <= at);
            found.push((
                k,
                Outcome {
                    working: false,
                    case,
                    state: if updated { State::Met } else { State::Breached },
                    ms: 0,
                    target_ms: 0,
                    stopped: true,
                    department: holder.and_then(|i| obs.events.department.at(i)),
                    week: Some(iso_week(day)),
                },
            ));
        }
    }
    found.sort_by_key(|(k, o)| (*k, o.case));
    let weeks = week_rows(&found, &due, w);
    let outcomes = found.into_iter().map(|(_, o)| o).collect();
    (result(clock, weeks), outcomes)
}

/// Compliance per week that had cases due, from outcomes sorted by deadline.
fn week_rows(found: &[(usize, Outcome)], due: &[(NaiveDate, i64)], w: Weekly) -> Vec<SlaWeek> {
    let mut weeks = Vec::new();
    for chunk in found.chunk_by(|a, b| a.0 == b.0) {
        let mut tally = Tally::default();
        chunk.iter().for_each(|(_, o)| tally.add(o));
        let (t, day) = (tally.finish(), due[chunk[0].0].0);
        weeks.push(SlaWeek {
            week: iso_week(day),
            deadline: format!("{} {:02}:{:02}", day, w.minute / 60, w.minute % 60),
            due: t.cases,
            met: t.met,
            compliance: t.compliance,
        });
    }
    weeks
}

fn result(clock: &Clock, weeks: Vec<SlaWeek>) -> SlaResult {
    SlaResult {
        name: clock.name.clone(),
        kind: "weekly",
        start: None,
        stop: None,
        target: clock.target_text(),
        working: !clock.always,
        tally: Tally::default(),
        no_target: 0,
        not_started: 0,
        skipped: 0,
        hours: Default::default(),
        by: Vec::new(),
        breaches: Vec::new(),
        at_risk_cases: Vec::new(),
        weeks,
    }
}

/// Each case's event starts and ends, sorted.
fn event_times(obs: &Observations) -> Vec<Vec<i64>> {
    let e = &obs.events;
    let mut out = vec![Vec::new(); obs.cases.len()];
    for i in 0..e.len() {
        if let Some(v) = out.get_mut(e.case[i] as usize) {
            v.push(e.start_ms[i]);
            v.push(e.end_ms[i]);
        }
    }
    out.iter_mut().for_each(|v| v.sort_unstable());
    out
}

fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_holiday_friday_moves_the_deadline_back_and_a_week_off_has_none() {
        let cal = Calendar::china(chrono_tz::Tz::Asia__Shanghai);
        let w = Weekly::parse("fri 17:00").unwrap();
        let ms = |y, m, d| {
            cal.tz
                .with_ymd_and_hms(y, m, d, 12, 0, 0)
                .unwrap()
                .timestamp_millis()
        };
        let days: Vec<String> = deadlines(&cal, w, ms(2024, 9, 23), ms(2024, 10, 18))
            .iter()
            .map(|(d, _)| d.to_string())
            .collect();
        // Week of Sep 30: Mon Sep 30 is the last workday before the holiday Friday.
        assert_eq!(
            days,
            ["2024-09-27", "2024-09-30", "2024-10-11", "2024-10-18"]
        );
    }
}
