//! How cases flow: directly-follows edges, variants, start and end stages, rework and
//! first-time-right (department handoffs are in [`super::handoffs`]).

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::groups::Groups;
use crate::analysis::observations::EventObs;
use crate::analysis::stats::{polars_stats, u32_values};
use crate::analysis::{Edge, Variant};
use crate::model::{col_names as c, TaskLog};

/// How many variants are listed.
pub const TOP_VARIANTS: usize = 10;
/// Separates stages inside a variant key (a control character no label contains).
const SEP: &str = "\u{1f}";
/// Status words that mean a case was sent back (compared lower-cased, as substrings).
pub const RETURN_WORDS: &[&str] = &[
    "退回",
    "驳回",
    "打回",
    "返工",
    "退件",
    "拒绝",
    "reject",
    "return",
    "reopen",
    "sent back",
];

/// Everything [`flow`] finds.
pub struct Flow {
    pub edges: Vec<Edge>,
    pub variants: usize,
    pub top_variants: Vec<Variant>,
    pub start_stages: BTreeMap<String, usize>,
    pub end_stages: BTreeMap<String, usize>,
    pub rework_events: usize,
    pub rework_cases: usize,
    pub returned_cases: Option<usize>,
    pub first_time_right: f64,
}

/// Directly-follows edges with counts and time statistics, most frequent first (then
/// by stage names: the codes are ranks of the sorted names). A pair is two consecutive
/// events of a case (a continuation of the same status is not one); its time is
/// s(next) − f(this) clamped at 0. Each event's edge is numbered, the events grouped
/// by edge ([`Groups`]) and each edge's times gathered and summarised in turn.
fn edges(e: &EventObs) -> Vec<Edge> {
    const NONE: u32 = u32::MAX;
    let mut ids: HashMap<(u32, u32), u32, crate::fast_hash::Fast> = HashMap::default();
    let mut keys: Vec<(u32, u32)> = Vec::new();
    let edge_of: Vec<u32> = (0..e.len())
        .map(|i| {
            if i == 0 || e.case[i] != e.case[i - 1] || e.continues[i] {
                return NONE;
            }
            let key = (e.stage[i - 1], e.stage[i]);
            *ids.entry(key).or_insert_with(|| {
                keys.push(key);
                keys.len() as u32 - 1
            })
        })
        .collect();
    let groups = Groups::new(keys.len(), e.len(), |i| {
        (edge_of[i] != NONE).then_some(edge_of[i] as usize)
    });
    drop(edge_of);
    let mut gaps: Vec<i64> = Vec::new();
    let mut out: Vec<(u32, u32, Edge)> = keys
        .iter()
        .enumerate()
        .map(|(k, &(from, to))| {
            let items = groups.of(k);
            gaps.clear();
            gaps.extend(items.iter().map(|&i| {
                let i = i as usize;
                (e.start_ms[i] - e.end_ms[i - 1]).max(0)
            }));
            let edge = Edge {
                from: e.stages[from as usize].clone(),
                to: e.stages[to as usize].clone(),
                count: items.len(),
                hours: polars_stats(&mut gaps, 0),
            };
            (from, to, edge)
        })
        .collect();
    out.sort_by(|a, b| {
        b.2.count
            .cmp(&a.2.count)
            .then_with(|| (a.0, a.1).cmp(&(b.0, b.1)))
    });
    out.into_iter().map(|(_, _, edge)| edge).collect()
}

/// Number of variants and the most frequent ones (ties by the stage names joined by
/// [`SEP`]). Each case's stage codes (continuations left out) are one slice of a flat
/// buffer, counted in a hash map; only the distinct variants are spelled out.
fn variants(e: &EventObs, cases: usize) -> (usize, Vec<Variant>) {
    let mut flat: Vec<u32> = Vec::with_capacity(e.len());
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    for i in 0..e.len() {
        if i == 0 || e.case[i] != e.case[i - 1] {
            bounds.push((flat.len(), flat.len()));
        }
        if !e.continues[i] {
            flat.push(e.stage[i]);
            if let Some(b) = bounds.last_mut() {
                b.1 = flat.len();
            }
        }
    }
    let mut counts: HashMap<&[u32], usize> = HashMap::new();
    for &(a, b) in bounds.iter().filter(|(a, b)| b > a) {
        *counts.entry(&flat[a..b]).or_default() += 1;
    }
    let spell =
        |key: &[u32]| -> Vec<&str> { key.iter().map(|&k| e.stages[k as usize].as_str()).collect() };
    let mut ranked: Vec<(usize, String, &[u32])> = counts
        .iter()
        .map(|(key, &n)| (n, spell(key).join(SEP), *key))
        .collect();
    // The codes break a tie of names only if a stage name holds the separator.
    ranked.sort_unstable_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(b.2))
    });
    let top = ranked
        .iter()
        .take(TOP_VARIANTS)
        .map(|(n, _, key)| Variant {
            stages: spell(key).into_iter().map(str::to_string).collect(),
            cases: *n,
            share: if cases > 0 {
                *n as f64 / cases as f64
            } else {
                0.0
            },
        })
        .collect();
    (ranked.len(), top)
}

/// Stage → number of cases that start (`first`) or end with it.
fn boundary_stages(e: &EventObs, first: bool) -> BTreeMap<String, usize> {
    let mut counts = vec![0usize; e.stages.len()];
    for i in 0..e.len() {
        let at = if first {
            i == 0 || e.case[i - 1] != e.case[i]
        } else {
            i + 1 == e.len() || e.case[i + 1] != e.case[i]
        };
        if at {
            counts[e.stage[i] as usize] += 1;
        }
    }
    counts
        .into_iter()
        .enumerate()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| (e.stages[s].clone(), n))
        .collect()
}

/// Per case, in case order: `repeats`, the visits of its stages beyond the first
/// (rework), and `returned`, whether a status said *sent back* (退回, reject…).
#[derive(Debug, Default)]
pub struct CaseRework {
    pub repeats: Vec<i64>,
    pub returned: Vec<bool>,
}

/// [`CaseRework`] of a log: one pass over the case-ordered events, counting the current
/// case's visits per stage.
pub fn rework_per_case(log: &TaskLog) -> PolarsResult<CaseRework> {
    let ev = &log.events;
    let case = u32_values(ev.column(c::CASE_IDX)?, 0)?;
    let stage = u32_values(ev.column(c::STAGE)?, 0)?;
    let cont = crate::analysis::cycle_time::continues(log)?;
    let returned = returned_events(log)?;
    let mut visits = vec![0i64; log.names.stages.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut out = CaseRework::default();
    let mut a = 0;
    while a < case.len() {
        let b = a + case[a..].iter().take_while(|&&k| k == case[a]).count();
        let mut ret = false;
        for i in a..b {
            let s = stage[i] as usize;
            if visits[s] == 0 {
                touched.push(s);
            }
            visits[s] += i64::from(!cont[i]);
            ret |= returned.get(i).copied().unwrap_or(false);
        }
        out.repeats.push(
            touched
                .drain(..)
                .map(|s| std::mem::take(&mut visits[s]) - 1)
                .sum(),
        );
        out.returned.push(ret);
        a = b;
    }
    Ok(out)
}

/// Per event, whether its status says the case was sent back (empty without statuses).
fn returned_events(log: &TaskLog) -> PolarsResult<Vec<bool>> {
    let hits = status_codes(log, RETURN_WORDS);
    if hits.iter().all(|h| !h) {
        return Ok(Vec::new());
    }
    let status = log.events.column(c::STATUS)?.cast(&DataType::UInt32)?;
    Ok(status
        .u32()?
        .iter()
        .map(|k| k.is_some_and(|k| hits[k as usize]))
        .collect())
}

/// Per status code, whether the status contains one of `words` (lower-cased).
pub fn status_codes(log: &TaskLog, words: &[&str]) -> Vec<bool> {
    log.names
        .statuses
        .iter()
        .map(|s| {
            let l = s.to_lowercase();
            words.iter().any(|w| l.contains(w))
        })
        .collect()
}

/// Runs every flow analysis.
pub fn flow(obs: &EventObs, log: &TaskLog) -> PolarsResult<Flow> {
    let cases = log.names.cases.len();
    let mut t = crate::timing::Timer::new();
    let edges = edges(obs);
    t.phase("flow: edges");
    let (variants, top_variants) = variants(obs, cases);
    t.phase("flow: variants");

    let r = rework_per_case(log)?;
    let rework_events = r.repeats.iter().sum::<i64>().max(0) as usize;
    let rework_cases = r.repeats.iter().filter(|&&k| k > 0).count();
    let returned_cases = r.returned.iter().filter(|&&x| x).count();
    let not_ftr = r
        .repeats
        .iter()
        .zip(&r.returned)
        .filter(|(k, ret)| **k > 0 || **ret)
        .count();
    Ok(Flow {
        edges,
        variants,
        top_variants,
        start_stages: boundary_stages(obs, true),
        end_stages: boundary_stages(obs, false),
        rework_events,
        rework_cases,
        returned_cases: log.has_status.then_some(returned_cases),
        first_time_right: if cases > 0 {
            (cases - not_ftr.min(cases)) as f64 / cases as f64
        } else {
            0.0
        },
    })
}
