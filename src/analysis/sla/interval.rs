//! Interval clocks: per case, from the start point to the first stop point at or after
//! it, less the time the case spent in a paused stage or status, measured in working
//! time (working targets) or elapsed time; compared with the case's target (per value
//! of the `by` column, or the clock's own). Without a stop, the time runs to the end
//! of the data.

use std::ops::Range;

use super::worktime::WorkClock;
use super::{Outcome, SlaResult, State, AT_RISK};
use crate::analysis::observations::{EventObs, Observations};
use crate::model::sla::{Clock, ClockKind, Point, SlaError, Target};

/// What a clock needs resolved against the log.
struct Resolved<'c> {
    start: Pt,
    stop: Pt,
    pause: Vec<bool>,
    pause_status: Vec<bool>,
    by: Option<&'c [Option<String>]>,
    /// Per stage: some case of the log has it before an event of the stop's stage (a
    /// case that ends there may still reach the stop).
    leads_to_stop: Vec<bool>,
}

/// A point with its stage as an index.
#[derive(Clone, Copy)]
enum Pt {
    StageStart(usize),
    StageEnd(usize),
    CaseStart,
    CaseEnd,
}

/// The clock's outcome per case, and its result with the counts still to fill in.
pub fn run(
    obs: &Observations,
    clock: &Clock,
    work: &WorkClock,
    data_end: i64,
) -> Result<(SlaResult, Vec<Outcome>), SlaError> {
    let ClockKind::Interval {
        start, stop, pause, ..
    } = &clock.kind
    else {
        unreachable!("interval::run is called for interval clocks")
    };
    let r = resolve(obs, clock, start, stop, pause)?;
    let ranges = case_ranges(&obs.events, obs.cases.len());
    let (mut no_target, mut not_started, mut skipped) = (0, 0, 0);
    let mut outcomes = Vec::new();
    for (case, range) in ranges.iter().enumerate() {
        let value = r.by.and_then(|v| v.get(case)?.as_deref());
        let Some((t0, _)) = instant(obs, case, range.clone(), r.start, None) else {
            not_started += 1;
            continue;
        };
        let Some(target) = clock.target_for(value) else {
            no_target += 1;
            continue;
        };
        match outcome(
            obs,
            clock,
            work,
            &r,
            case,
            range.clone(),
            t0,
            target,
            data_end,
        ) {
            Some(o) => outcomes.push(o),
            None => skipped += 1,
        }
    }
    let result = SlaResult {
        name: clock.name.clone(),
        kind: "interval",
        start: Some(start.text()),
        stop: Some(stop.text()),
        target: clock.target_text(),
        working: uses_calendar(clock),
        tally: Default::default(),
        no_target,
        not_started,
        skipped,
        hours: Default::default(),
        by: Vec::new(),
        breaches: Vec::new(),
        at_risk_cases: Vec::new(),
        weeks: Vec::new(),
    };
    Ok((result, outcomes))
}

/// Whether any of the clock's targets counts working time on the calendar.
fn uses_calendar(clock: &Clock) -> bool {
    let ClockKind::Interval {
        target, targets, ..
    } = &clock.kind
    else {
        return !clock.always;
    };
    !clock.always
        && target
            .iter()
            .chain(targets.iter().map(|(_, t)| t))
            .any(Target::working)
}

/// One case's outcome from the clock's start `t0`; none when the case went on without
/// the stop and ended on a stage from which no case of the log reaches it (a path
/// without the stop stage, such as a request that needs no approval).
#[allow(clippy::too_many_arguments)]
fn outcome(
    obs: &Observations,
    clock: &Clock,
    work: &WorkClock,
    r: &Resolved,
    case: usize,
    range: Range<usize>,
    t0: i64,
    target: Target,
    data_end: i64,
) -> Option<Outcome> {
    let working = target.working() && !clock.always;
    let measure = |a: i64, b: i64| {
        if working {
            work.between(a, b)
        } else {
            (b - a).max(0)
        }
    };
    let stop = instant(obs, case, range.clone(), r.stop, Some(t0));
    let last = range.end.checked_sub(1).filter(|l| *l >= range.start)?;
    if stop.is_none() && !r.leads_to_stop[obs.events.stage[last] as usize] {
        return None;
    }
    let t1 = stop.map_or(data_end.max(t0), |(t, _)| t);
    let paused: i64 = paused_intervals(&obs.events, r, range.clone(), t0, t1)
        .into_iter()
        .map(|(a, b)| measure(a, b))
        .sum();
    let ms = (measure(t0, t1) - paused).max(0);
    let target_ms = target.ms(work.calendar().day_ms());
    let state = match stop {
        Some(_) if ms <= target_ms => State::Met,
        _ if ms > target_ms => State::Breached,
        _ => State::Open {
            at_risk: ms as f64 > AT_RISK * target_ms as f64,
        },
    };
    let e = &obs.events;
    let department = match stop {
        Some((_, Some(i))) => e.department.at(i),
        _ => e.department.at(last),
    };
    Some(Outcome {
        working,
        case,
        state,
        ms,
        target_ms,
        stopped: stop.is_some(),
        department,
        week: None,
    })
}

/// Per stage: whether some case has it before an event of stage `stop` (or it is
/// `stop`); all true when the clock stops at the case's start or end.
fn leads_to(e: &EventObs, stop: Pt) -> Vec<bool> {
    let s = match stop {
        Pt::StageStart(s) | Pt::StageEnd(s) => s,
        Pt::CaseStart | Pt::CaseEnd => return vec![true; e.stages.len()],
    };
    let mut out = vec![false; e.stages.len()];
    out[s] = true;
    let mut seen: Vec<usize> = Vec::new();
    for i in 0..e.len() {
        if i > 0 && e.case[i] != e.case[i - 1] {
            seen.clear();
        }
        if (e.stage[i] as usize) == s {
            seen.drain(..).for_each(|x| out[x] = true);
        } else {
            seen.push(e.stage[i] as usize);
        }
    }
    out
}

/// Each case's events (events are in case order).
pub fn case_ranges(e: &EventObs, cases: usize) -> Vec<Range<usize>> {
    let mut out = vec![0..0; cases];
    let mut i = 0;
    while i < e.len() {
        let c = e.case[i] as usize;
        let from = i;
        while i < e.len() && (e.case[i] as usize) == c {
            i += 1;
        }
        if c < cases {
            out[c] = from..i;
        }
    }
    out
}

/// The end of the visit event `i` starts (its continuations included) and the stay
/// that ends it. Every kept event has ended: an activity without an end is rejected at
/// ingest (its case is marked open).
fn visit_end(e: &EventObs, i: usize, range: &Range<usize>) -> (i64, usize) {
    let mut j = i;
    while j + 1 < range.end && e.continues[j + 1] {
        j += 1;
    }
    (e.end_ms[j], j)
}

/// The instant of a point in a case, at or after `after` (for a stop), with the event
/// that bears it.
fn instant(
    obs: &Observations,
    case: usize,
    range: Range<usize>,
    p: Pt,
    after: Option<i64>,
) -> Option<(i64, Option<usize>)> {
    let e = &obs.events;
    let ok = |t: i64| after.is_none_or(|a| t >= a);
    let visits = range
        .clone()
        .filter(|&i| !e.continues[i] || i == range.start);
    match p {
        Pt::CaseStart => {
            Some((obs.cases.start_ms[case], range.clone().next())).filter(|(t, _)| ok(*t))
        }
        Pt::CaseEnd => (!obs.cases.open[case])
            .then(|| (obs.cases.end_ms[case], range.clone().last()))
            .filter(|(t, _)| ok(*t)),
        Pt::StageStart(s) => visits
            .filter(|&i| (e.stage[i] as usize) == s && ok(e.start_ms[i]))
            .map(|i| (e.start_ms[i], Some(i)))
            .next(),
        Pt::StageEnd(s) => visits
            .filter(|&i| (e.stage[i] as usize) == s)
            .map(|i| visit_end(e, i, &range))
            .find(|(t, _)| ok(*t))
            .map(|(t, j)| (t, Some(j))),
    }
}

/// The case's paused time within `[t0, t1]`, as disjoint intervals.
fn paused_intervals(
    e: &EventObs,
    r: &Resolved,
    range: Range<usize>,
    t0: i64,
    t1: i64,
) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = range
        .filter(|&i| {
            r.pause[e.stage[i] as usize] || e.status.at(i).is_some_and(|s| r.pause_status[s])
        })
        .map(|i| (e.start_ms[i].max(t0), e.end_ms[i].min(t1)))
        .filter(|(a, b)| b > a)
        .collect();
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Stages, pause names and the `by` column checked against the log.
fn resolve<'o>(
    obs: &'o Observations,
    clock: &Clock,
    start: &Point,
    stop: &Point,
    pause: &[String],
) -> Result<Resolved<'o>, SlaError> {
    let e = &obs.events;
    let point = |p: &Point, key: &'static str| -> Result<Pt, SlaError> {
        let idx = |s: &str| {
            e.stage_index(s).ok_or_else(|| SlaError::UnknownStage {
                origin: clock.origin.clone(),
                name: clock.name.clone(),
                key,
                stage: s.to_string(),
                known: e.stages.join(", "),
            })
        };
        Ok(match p {
            Point::StageStart(s) => Pt::StageStart(idx(s)?),
            Point::StageEnd(s) => Pt::StageEnd(idx(s)?),
            Point::CaseStart => Pt::CaseStart,
            Point::CaseEnd => Pt::CaseEnd,
        })
    };
    let stop = point(stop, "stop")?;
    let mut r = Resolved {
        start: point(start, "start")?,
        leads_to_stop: leads_to(e, stop),
        stop,
        pause: vec![false; e.stages.len()],
        pause_status: vec![false; e.statuses.len()],
        by: None,
    };
    for p in pause {
        let (st, ss) = (e.stage_index(p), e.statuses.iter().position(|s| s == p));
        if st.is_none() && ss.is_none() {
            let mut known = e.statuses.clone();
            known.extend(e.stages.iter().cloned());
            known.sort();
            known.dedup();
            return Err(SlaError::UnknownPause {
                origin: clock.origin.clone(),
                name: clock.name.clone(),
                status: p.clone(),
                known: known.join(", "),
            });
        }
        st.into_iter().for_each(|i| r.pause[i] = true);
        ss.into_iter().for_each(|i| r.pause_status[i] = true);
    }
    if let ClockKind::Interval { by: Some(by), .. } = &clock.kind {
        r.by = Some(
            obs.cases
                .attribute(by)
                .ok_or_else(|| SlaError::UnknownColumn {
                    origin: clock.origin.clone(),
                    name: clock.name.clone(),
                    column: by.clone(),
                })?,
        );
    }
    Ok(r)
}
