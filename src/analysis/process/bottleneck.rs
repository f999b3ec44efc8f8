//! Bottleneck ranking: each stage's share of all waiting time in the log, with the
//! evidence (median and p90 wait, cases affected), from the observations; the words are
//! in [`crate::words`].

use crate::analysis::observations::EventObs;
use crate::analysis::stats::{hours, polars_linear, MS_PER_HOUR};
use crate::analysis::{Bottleneck, WaitMeasure};
use crate::model::TimestampShape;

/// Stages ranked by their share of all waiting, largest first; stages that never wait
/// are left out. In a status history (`states`) nothing waits between statuses, so
/// statuses are ranked by their share of all time spent in a status instead. One pass
/// over the case-ordered events gathers each stage's waits and the cases that waited.
pub fn rank(e: &EventObs, shape: TimestampShape, states: bool) -> Vec<Bottleneck> {
    let mut waits: Vec<Vec<i64>> = vec![Vec::new(); e.stages.len()];
    // Per stage, the cases that waited (each counted when first seen) and the last one.
    let mut cases: Vec<(usize, usize)> = vec![(0, usize::MAX); e.stages.len()];
    for i in 0..e.len() {
        let w = if states { e.visit(i) } else { e.wait_ms.at(i) };
        let Some(w) = w else { continue };
        let s = e.stage[i] as usize;
        waits[s].push(w);
        if w > 0 && cases[s].1 != (e.case[i] as usize) {
            cases[s] = (cases[s].0 + 1, (e.case[i] as usize));
        }
    }
    let measure = match (states, shape) {
        (true, _) => WaitMeasure::Status,
        (false, TimestampShape::StartEnd) => WaitMeasure::Waiting,
        (false, TimestampShape::Single) => WaitMeasure::Transition,
    };
    let mut ranked: Vec<(i64, usize)> = waits
        .iter()
        .enumerate()
        .map(|(s, w)| (w.iter().sum::<i64>(), s))
        .filter(|(total, _)| *total > 0)
        .collect();
    ranked.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| e.stages[a.1].cmp(&e.stages[b.1]))
    });
    let all: i64 = ranked.iter().map(|r| r.0).sum();
    ranked
        .into_iter()
        .enumerate()
        .map(|(i, (total, s))| {
            let w = &mut waits[s];
            w.sort_unstable();
            Bottleneck {
                stage: e.stages[s].clone(),
                rank: i + 1,
                measure,
                wait_share: total as f64 / all as f64,
                total_wait_hours: hours(total),
                median_wait_hours: polars_linear(w, 0, 0.5) / MS_PER_HOUR,
                p90_wait_hours: polars_linear(w, 0, 0.9) / MS_PER_HOUR,
                cases: cases[s].0,
            }
        })
        .collect()
}
