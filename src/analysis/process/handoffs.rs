//! Handoffs between departments (consecutive events of a case in different departments,
//! with the delay s(next) − f(this) clamped at 0), by department pair, and the cases
//! with an A→B→A ping-pong, from the per-event observations.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::observations::Observations;
use crate::analysis::stats::stats_of_ms;
use crate::analysis::Handoff;

/// The handoff table (most total delay first, then most frequent) and the number of
/// cases with a ping-pong; `total_lead_ms` is the sum of all cases' lead times.
pub fn table(obs: &Observations, total_lead_ms: i64) -> (Vec<Handoff>, usize) {
    let names = &obs.events.departments;
    let mut pairs: BTreeMap<(usize, usize), Vec<i64>> = BTreeMap::new();
    for h in &obs.handoffs {
        pairs
            .entry((h.from as usize, h.to as usize))
            .or_default()
            .push(h.delay_ms);
    }
    let bounced = ping_pong_by_pair(obs);
    let mut list: Vec<(i64, Handoff)> = pairs
        .into_iter()
        .map(|((from, to), delays)| {
            let sum: i64 = delays.iter().sum();
            let handoff = Handoff {
                from_department: names[from].clone(),
                to_department: names[to].clone(),
                count: delays.len(),
                hours: stats_of_ms(&delays),
                share_of_lead_time: if total_lead_ms > 0 {
                    sum as f64 / total_lead_ms as f64
                } else {
                    0.0
                },
                ping_pong_cases: bounced.get(&(from, to)).map_or(0, BTreeSet::len),
            };
            (sum, handoff)
        })
        .collect();
    list.sort_by(|(sa, a), (sb, b)| {
        sb.cmp(sa)
            .then(b.count.cmp(&a.count))
            .then_with(|| a.from_department.cmp(&b.from_department))
            .then_with(|| a.to_department.cmp(&b.to_department))
    });
    (
        list.into_iter().map(|(_, h)| h).collect(),
        ping_pong_cases(obs),
    )
}

/// Per department pair (A, B): the cases with A → B → A at consecutive events.
fn ping_pong_by_pair(obs: &Observations) -> BTreeMap<(usize, usize), BTreeSet<usize>> {
    let mut out: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
    for (i, a, b) in obs.events.ping_pongs() {
        out.entry((a, b))
            .or_default()
            .insert(obs.events.case[i] as usize);
    }
    out
}

/// Cases where work goes from one department to another and straight back.
pub fn ping_pong_cases(obs: &Observations) -> usize {
    let mut cases: Vec<usize> = obs
        .events
        .ping_pongs()
        .map(|(i, _, _)| obs.events.case[i] as usize)
        .collect();
    cases.dedup();
    cases.len()
}
