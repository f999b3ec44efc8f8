//! Lead, waiting and working times in the calendar's working hours (`[report]
//! durations = "working"`): the same cases and events as the elapsed figures, each
//! interval measured by [`super::worktime::WorkClock`]. The JSON carries both.

use serde::Serialize;

use super::worktime::WorkClock;
use crate::analysis::observations::Observations;
use crate::analysis::stats::{stats_of_ms, Stats};
use crate::model::calendar::Calendar;

/// Working-time figures (contract `working`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WorkingDurations {
    /// One working day, hours (to read working hours as days).
    pub day_hours: f64,
    pub lead_time_hours: Stats,
    pub stages: Vec<WorkingStage>,
}

/// A stage's waiting and working time in working hours.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WorkingStage {
    pub stage: String,
    pub wait_hours: Stats,
    pub service_hours: Stats,
}

/// The working-hour figures of the observations.
pub fn durations(obs: &Observations, cal: &Calendar) -> WorkingDurations {
    let (c, e) = (&obs.cases, &obs.events);
    let first = c.start_ms.iter().copied().min().unwrap_or(0);
    let last = c.end_ms.iter().copied().max().unwrap_or(first);
    let work = WorkClock::new(cal, first, last);
    let lead: Vec<i64> = (0..c.len())
        .map(|i| work.between(c.start_ms[i], c.end_ms[i]))
        .collect();
    let mut waits = vec![Vec::new(); e.stages.len()];
    let mut services = vec![Vec::new(); e.stages.len()];
    for i in 0..e.len() {
        let s = e.stage[i] as usize;
        if let Some(w) = e.wait_ms.at(i) {
            waits[s].push(work.between(e.start_ms[i] - w, e.start_ms[i]));
        }
        if let Some(v) = e.visit(i) {
            services[s].push(work.between(e.start_ms[i], e.start_ms[i] + v));
        }
    }
    WorkingDurations {
        day_hours: crate::analysis::stats::hours(cal.day_ms()),
        lead_time_hours: stats_of_ms(&lead),
        stages: e
            .stages
            .iter()
            .enumerate()
            .map(|(s, name)| WorkingStage {
                stage: name.clone(),
                wait_hours: stats_of_ms(&waits[s]),
                service_hours: stats_of_ms(&services[s]),
            })
            .collect(),
    }
}
