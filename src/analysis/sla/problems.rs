//! SLA breaches in the problem list: one problem per clock that some decided cases
//! missed, with its target, compliance and the hours of the breached cases; ranked
//! after the time problems, lowest compliance first.

use super::{SlaResult, State};
use crate::analysis::problems::{
    insert_untimed, Evidence, Problem, ProblemKind, SlaEvidence, Where,
};

/// The clocks' problems, lowest compliance first.
pub fn problems(results: &[SlaResult], outcomes: &[Vec<super::Outcome>]) -> Vec<Problem> {
    let mut out: Vec<(f64, Problem)> = results
        .iter()
        .zip(outcomes)
        .filter(|(r, _)| r.tally.breached > 0)
        .map(|(r, o)| {
            let compliance = r.tally.compliance.unwrap_or(0.0);
            (compliance, problem(r, o, compliance))
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|(_, p)| p).collect()
}

fn problem(r: &SlaResult, outcomes: &[super::Outcome], compliance: f64) -> Problem {
    let mut hours: Vec<f64> = outcomes
        .iter()
        .filter(|o| o.state == State::Breached)
        .map(|o| crate::analysis::stats::hours(o.ms))
        .collect();
    let over: f64 = outcomes
        .iter()
        .filter(|o| o.state == State::Breached)
        .map(|o| crate::analysis::stats::hours(o.ms - o.target_ms))
        .sum();
    let weekly = r.kind == "weekly";
    let q = |h: &mut Vec<f64>, p| {
        (!weekly && !h.is_empty()).then(|| crate::analysis::stats::quantile_linear(h, p))
    };
    let mut cases: Vec<usize> = outcomes
        .iter()
        .filter(|o| o.state == State::Breached)
        .map(|o| o.case)
        .collect();
    cases.sort_unstable();
    cases.dedup();
    Problem {
        rank: 0,
        kind: ProblemKind::SlaBreach,
        place: Where {
            clock: Some(r.name.clone()),
            ..Where::default()
        },
        hours_lost: None,
        cases: cases.len(),
        share_of_lead_time: None,
        evidence: Evidence {
            occurrences: r.tally.breached,
            median_hours: q(&mut hours, 0.5),
            p90_hours: q(&mut hours, 0.9),
            total_hours: if weekly { 0.0 } else { over },
            section: "sla",
            handoff: None,
            score: None,
            departments: Vec::new(),
            sla: Some(SlaEvidence {
                target: r.target.clone(),
                compliance,
                decided: r.tally.met + r.tally.breached,
                breached: r.tally.breached,
            }),
        },
        by_period: Vec::new(),
    }
}

/// Adds the clocks' problems to the list.
pub fn add(list: &mut Vec<Problem>, results: &[SlaResult], outcomes: &[Vec<super::Outcome>]) {
    insert_untimed(list, problems(results, outcomes));
}
