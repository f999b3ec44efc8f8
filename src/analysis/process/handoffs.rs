//! Handoffs between departments (consecutive events of a case in different departments,
//! with the delay s(next) − f(this) clamped at 0), by department pair, and the cases
//! with an A→B→A ping-pong, from the per-event observations.

use std::collections::BTreeMap;

use crate::analysis::observations::Observations;
use crate::analysis::stats::stats_of_ms;
use crate::analysis::Handoff;

/// The handoff table (most total delay first, then most frequent) and the number of
/// cases with a ping-pong; `total_lead_ms` is the sum of all cases' lead times.
pub fn table(obs: &Observations, total_lead_ms: i64) -> (Vec<Handoff>, usize) {
    let names = &obs.events.departments;
    let mut pairs: BTreeMap<(usize, usize), Vec<i64>> = BTreeMap::new();
    for h in &obs.handoffs {
        pairs.entry((h.from, h.to)).or_default().push(h.delay_ms);
    }
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

/// Cases where work goes from one department to another and straight back.
pub fn ping_pong_cases(obs: &Observations) -> usize {
    let e = &obs.events;
    let mut cases: Vec<usize> = (1..e.len().saturating_sub(1))
        .filter(|&i| e.case[i - 1] == e.case[i] && e.case[i + 1] == e.case[i])
        .filter(|&i| {
            matches!(
                (e.department[i - 1], e.department[i], e.department[i + 1]),
                (Some(a), Some(b), Some(c)) if a != b && c == a
            )
        })
        .map(|i| e.case[i])
        .collect();
    cases.dedup();
    cases.len()
}
