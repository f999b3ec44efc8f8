//! Per-stage statistics (contract `stages[]`) from the observations: one pass over the
//! case-ordered events counts visits, cases, departments, cases with rework and where
//! the stage typically comes in a case; the working time per visit and the waiting are
//! then gathered one stage at a time ([`Groups`]), so that a log of millions of events
//! never holds all of its values twice.
//!
//! The figures are the ones polars' aggregations gave when this was a group-by (the
//! JSON is byte-identical): sums in whole milliseconds, quantiles as polars'
//! `QuantileMethod::Linear` ([`polars_linear`], tested here against polars).

use std::collections::BTreeSet;

use super::groups::Groups;
use crate::analysis::observations::EventObs;
use crate::analysis::stats::{polars_stats, Stats};
use crate::analysis::StageStats;

/// What is gathered per stage while walking the events.
#[derive(Default)]
struct Acc {
    visits: usize,
    cases: usize,
    departments: BTreeSet<usize>,
    /// Sum of the visits' positions in their cases (0 for a case's first visit).
    positions: usize,
    rework_cases: usize,
}

/// Per-stage events (visits), cases, service (per visit) and waiting statistics, rework
/// cases and the number of departments; stages in the order they typically occur in a
/// case (mean position of their visits, then name).
pub fn stage_stats(e: &EventObs) -> Vec<StageStats> {
    let mut acc: Vec<Acc> = (0..e.stages.len()).map(|_| Acc::default()).collect();
    // Per stage, the visits in the current case (and the last case seen).
    let mut in_case: Vec<(usize, usize)> = vec![(usize::MAX, 0); e.stages.len()];
    let mut position = 0;
    for i in 0..e.len() {
        if i == 0 || e.case[i] != e.case[i - 1] {
            position = 0;
        }
        let (s, a) = ((e.stage[i] as usize), &mut acc[e.stage[i] as usize]);
        let seen = &mut in_case[s];
        if seen.0 != (e.case[i] as usize) {
            *seen = ((e.case[i] as usize), 0);
            a.cases += 1;
        }
        if !e.continues[i] {
            a.visits += 1;
            a.positions += position;
            position += 1;
            seen.1 += 1;
            a.rework_cases += usize::from(seen.1 == 2);
        }
        if let Some(d) = e.department.at(i) {
            a.departments.insert(d);
        }
    }
    let groups = Groups::new(e.stages.len(), e.len(), |i| Some(e.stage[i] as usize));
    let mut buffer = Vec::new();
    let mut out: Vec<(Option<f64>, StageStats)> = acc
        .into_iter()
        .enumerate()
        .filter(|(_, a)| a.cases > 0)
        .map(|(s, a)| {
            let mean_position = (a.visits > 0).then(|| a.positions as f64 / a.visits as f64);
            let row = StageStats {
                stage: e.stages[s].clone(),
                events: a.visits,
                cases: a.cases,
                service_hours: stage_stats_of(groups.of(s), |i| e.visit(i), &mut buffer),
                wait_hours: stage_stats_of(groups.of(s), |i| e.wait_ms.at(i), &mut buffer),
                rework_cases: a.rework_cases,
                departments: a.departments.len(),
            };
            (mean_position, row)
        })
        .collect();
    // Stages without a visit (no position) first, as polars sorts nulls.
    out.sort_by(|a, b| {
        let pos = match (a.0, b.0) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (x, y) => x.is_some().cmp(&y.is_some()),
        };
        pos.then_with(|| a.1.stage.cmp(&b.1.stage))
    });
    out.into_iter().map(|(_, s)| s).collect()
}

/// The statistics of one stage's values (its events `items`; an event without a value
/// counts as a null, which shifts polars' quantile position).
fn stage_stats_of(
    items: &[u32],
    value: impl Fn(usize) -> Option<i64>,
    buffer: &mut Vec<i64>,
) -> Stats {
    buffer.clear();
    buffer.extend(items.iter().filter_map(|&i| value(i as usize)));
    let missing = items.len() - buffer.len();
    polars_stats(buffer, missing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::polars_linear;

    const H: i64 = 3_600_000;

    #[test]
    fn quantiles_interpolate_between_neighbours() {
        let v = [0, 10, 20, 30];
        assert_eq!(polars_linear(&v, 0, 0.5), 15.0);
        assert!((polars_linear(&v, 0, 0.9) - 27.0).abs() < 1e-9);
        assert!((polars_linear(&v, 3, 0.9) - 27.0).abs() < 1e-9);
        assert_eq!(polars_linear(&[7], 2, 0.9), 7.0);
        assert_eq!(polars_linear(&[1, 1, 1], 0, 0.5), 1.0);
    }

    #[test]
    fn quantiles_are_bit_for_bit_polars() {
        use polars::prelude::*;
        // Durations with nulls, as a stage's waits are (a case's first event has none);
        // in the second, the nulls change the last bits of the 0.9 quantile.
        let spread: Vec<Option<i64>> = (0..57i64)
            .map(|i| (i % 7 != 0).then_some((i * 7_919_777) % 1_000_003 * 1_013))
            .collect();
        let shifted = vec![
            None,
            None,
            None,
            None,
            Some(1_013_003_039),
            Some(2_025_992_909),
        ];
        for raw in [spread, shifted] {
            let nulls = raw.iter().filter(|v| v.is_none()).count();
            let mut values: Vec<i64> = raw.iter().flatten().copied().collect();
            values.sort_unstable();
            let df = DataFrame::new(raw.len(), vec![Column::new("v".into(), raw)]).unwrap();
            for q in [0.5, 0.9, 0.25, 0.99] {
                let out = df
                    .clone()
                    .lazy()
                    .select([col("v").quantile(lit(q), QuantileMethod::Linear)])
                    .collect()
                    .unwrap();
                let want = out.column("v").unwrap().f64().unwrap().get(0).unwrap();
                let got = polars_linear(&values, nulls, q);
                assert_eq!(got.to_bits(), want.to_bits(), "q = {q}: {got} vs {want}");
            }
        }
    }

    #[test]
    fn stages_count_visits_cases_rework_and_order_by_position() {
        // Case 0: A, B, A (rework of A); case 1: B (continued by another department), A.
        let e = EventObs {
            case: vec![0, 0, 0, 1, 1, 1].into(),
            stage: vec![0, 1, 0, 1, 1, 0].into(),
            stages: vec!["A".into(), "B".into()],
            department: vec![Some(0), Some(1), Some(0), Some(1), Some(0), Some(0)].into(),
            start_ms: vec![0; 6].into(),
            end_ms: vec![0; 6].into(),
            wait_ms: vec![None, Some(H), Some(2 * H), None, None, Some(4 * H)].into(),
            service_ms: vec![H; 6],
            visit_ms: vec![Some(H), Some(H), Some(H), Some(3 * H), None, Some(H)].into(),
            continues: vec![false, false, false, false, true, false],
            ..Default::default()
        };
        let s = stage_stats(&e);
        // Positions: A at 0, 2 and 1 (mean 1.0); B at 1 and 0 (mean 0.5): B first.
        assert_eq!(s[0].stage, "B");
        assert_eq!((s[0].events, s[0].cases, s[0].rework_cases), (2, 2, 0));
        assert_eq!(s[0].departments, 2);
        assert_eq!(s[0].service_hours.n, 2);
        assert_eq!(s[0].service_hours.median, Some(2.0));
        assert_eq!(s[0].wait_hours.n, 1);
        assert_eq!(s[1].stage, "A");
        assert_eq!((s[1].events, s[1].cases, s[1].rework_cases), (3, 2, 1));
        assert_eq!(s[1].departments, 1);
        assert_eq!(s[1].wait_hours.mean, Some(3.0));
        assert_eq!(s[1].wait_hours.max, Some(4.0));
    }
}
