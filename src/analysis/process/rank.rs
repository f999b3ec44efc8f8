//! Ranking by impact, shared by every ranked chart and table (report, exports, the
//! terminal table): stages by their total waiting (transition) time, then events;
//! directly-follows edges and department handoffs by their total delay, then count.
//! Ties keep the analysis' order (stable sorts), so a ranking never depends on a hash.
//!
//! The JSON keeps its own orders (stages in process order, edges most frequent first);
//! the rankings here are views over it.
//!
//! Rare stages — seen in fewer than a share of the cases (`[diagnosis]
//! rare_stage_share`, default 1%) — are grouped in charts; the tables keep them.

use crate::analysis::{Edge, Handoff, StageStats, Stats};

/// Stages seen in fewer than this share of cases are rare (grouped in charts).
pub const DEFAULT_RARE_SHARE: f64 = 0.01;

/// The total of a duration's measured values in hours (mean × n; 0 when none).
pub fn total_hours(s: &Stats) -> f64 {
    s.mean
        .filter(|m| m.is_finite())
        .map_or(0.0, |m| m * s.n as f64)
}

/// A stage's total waiting (or transition) hours: what it ranks by.
pub fn stage_impact(s: &StageStats) -> f64 {
    total_hours(&s.wait_hours)
}

/// The stages, most waiting first, then most events.
pub fn stages_by_impact(stages: &[StageStats]) -> Vec<&StageStats> {
    let mut out: Vec<&StageStats> = stages.iter().collect();
    out.sort_by(|a, b| {
        stage_impact(b)
            .total_cmp(&stage_impact(a))
            .then(b.events.cmp(&a.events))
    });
    out
}

/// The directly-follows edges, most total delay first, then most frequent.
pub fn edges_by_delay(edges: &[Edge]) -> Vec<&Edge> {
    let mut out: Vec<&Edge> = edges.iter().collect();
    out.sort_by(|a, b| {
        total_hours(&b.hours)
            .total_cmp(&total_hours(&a.hours))
            .then(b.count.cmp(&a.count))
    });
    out
}

/// The department handoffs, most total delay first, then most frequent.
pub fn handoffs_by_delay(handoffs: &[Handoff]) -> Vec<&Handoff> {
    let mut out: Vec<&Handoff> = handoffs.iter().collect();
    out.sort_by(|a, b| {
        total_hours(&b.hours)
            .total_cmp(&total_hours(&a.hours))
            .then(b.count.cmp(&a.count))
    });
    out
}

/// Whether a stage is rare: seen in fewer than `share` of the log's `cases`.
pub fn is_rare(s: &StageStats, cases: usize, share: f64) -> bool {
    (s.cases as f64) < share * cases as f64
}

/// Stages folded into one "the other N stages" row or bar.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rest {
    pub stages: usize,
    pub events: usize,
    /// Their total working and waiting (transition) hours, and how many values each
    /// total sums.
    pub work_hours: f64,
    pub work_n: usize,
    pub wait_hours: f64,
    pub wait_n: usize,
}

impl Rest {
    /// The stages `rest` together.
    pub fn of<'a>(rest: impl IntoIterator<Item = &'a StageStats>) -> Rest {
        rest.into_iter().fold(Rest::default(), |r, s| Rest {
            stages: r.stages + 1,
            events: r.events + s.events,
            work_hours: r.work_hours + total_hours(&s.service_hours),
            work_n: r.work_n + s.service_hours.n,
            wait_hours: r.wait_hours + stage_impact(s),
            wait_n: r.wait_n + s.wait_hours.n,
        })
    }

    /// Mean working hours per measured event (0 without any).
    pub fn mean_work(&self) -> f64 {
        mean(self.work_hours, self.work_n)
    }

    /// Mean waiting hours per measured event (0 without any).
    pub fn mean_wait(&self) -> f64 {
        mean(self.wait_hours, self.wait_n)
    }
}

fn mean(total: f64, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        total / n as f64
    }
}

/// The share of all stages' waiting hours that `part` holds (0 when there is none).
pub fn wait_share(part: f64, stages: &[StageStats]) -> f64 {
    let all: f64 = stages.iter().map(stage_impact).sum();
    if all > 0.0 {
        part / all
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(n: usize, mean: f64) -> Stats {
        Stats {
            n,
            mean: Some(mean),
            median: Some(mean),
            p90: Some(mean),
            min: Some(mean),
            max: Some(mean),
        }
    }

    fn stage(name: &str, events: usize, cases: usize, work: f64, wait: f64) -> StageStats {
        StageStats {
            stage: name.into(),
            events,
            cases,
            service_hours: stats(events, work),
            wait_hours: stats(events, wait),
            rework_cases: 0,
            departments: 1,
        }
    }

    #[test]
    fn stages_rank_by_total_waiting_then_events() {
        // Totals: A 10 × 1 = 10 h, B 1 × 500 = 500 h, C 100 × 5 = 500 h (more events
        // than B: ahead of it), D 2 × 0 = 0.
        let s = [
            stage("A", 10, 10, 1.0, 1.0),
            stage("B", 1, 1, 1.0, 500.0),
            stage("C", 100, 90, 1.0, 5.0),
            stage("D", 2, 2, 1.0, 0.0),
        ];
        let names: Vec<&str> = stages_by_impact(&s)
            .iter()
            .map(|s| s.stage.as_str())
            .collect();
        assert_eq!(names, ["C", "B", "A", "D"]);
        // 1,010 h in all; C holds 500 / 1,010.
        assert!((wait_share(500.0, &s) - 500.0 / 1010.0).abs() < 1e-12);
    }

    #[test]
    fn the_rest_sums_events_and_hours_and_means_per_event() {
        let s = [stage("A", 10, 10, 2.0, 1.0), stage("B", 30, 20, 1.0, 3.0)];
        let r = Rest::of(&s);
        // Work 20 + 30 = 50 h over 40 events; waiting 10 + 90 = 100 h over 40.
        assert_eq!((r.stages, r.events, r.work_n, r.wait_n), (2, 40, 40, 40));
        assert!((r.mean_work() - 1.25).abs() < 1e-12 && (r.mean_wait() - 2.5).abs() < 1e-12);
        assert_eq!(Rest::of(&[]).mean_wait(), 0.0);
    }

    #[test]
    fn rare_is_under_the_share_of_cases() {
        // 1% of 300 cases is 3: a stage in 2 cases is rare, in 3 it is not.
        assert!(is_rare(&stage("x", 2, 2, 0.0, 0.0), 300, 0.01));
        assert!(!is_rare(&stage("x", 3, 3, 0.0, 0.0), 300, 0.01));
    }

    #[test]
    fn edges_and_handoffs_rank_by_total_delay_then_count() {
        let e = |from: &str, count: usize, mean: f64| Edge {
            from: from.into(),
            to: "z".into(),
            count,
            hours: stats(count, mean),
        };
        // Totals: a 100 × 1 = 100, b 2 × 100 = 200, c 200 × 0.5 = 100 (more frequent
        // than a).
        let edges = [e("a", 100, 1.0), e("b", 2, 100.0), e("c", 200, 0.5)];
        let order: Vec<&str> = edges_by_delay(&edges)
            .iter()
            .map(|e| e.from.as_str())
            .collect();
        assert_eq!(order, ["b", "c", "a"]);
        let h = |from: &str, count: usize, mean: f64| Handoff {
            from_department: from.into(),
            to_department: "z".into(),
            count,
            hours: stats(count, mean),
            share_of_lead_time: 0.0,
            ping_pong_cases: 0,
        };
        let hs = [h("a", 10, 1.0), h("b", 1, 20.0)];
        let order: Vec<&str> = handoffs_by_delay(&hs)
            .iter()
            .map(|h| h.from_department.as_str())
            .collect();
        assert_eq!(order, ["b", "a"]);
    }
}
