//! How cases flow: directly-follows edges, variants, start and end stages, rework and
//! first-time-right (department handoffs are in [`super::handoffs`]).

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use crate::analysis::observations::EventObs;
use crate::analysis::stats::{get_i64, read_stats, stat_exprs, u32_values};
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

/// Pairs of consecutive events of a case, on the stage codes of the observations:
/// `from`, `to` and the time s(next) − f(this) clamped at 0, milliseconds. A
/// continuation of the same status is not a pair.
fn pairs(e: &EventObs) -> PolarsResult<LazyFrame> {
    let pair = |i: usize| e.case[i] == e.case[i - 1] && !e.continues[i];
    // Counted first: vectors grown by doubling would hold up to twice the memory.
    let n = (1..e.len()).filter(|&i| pair(i)).count();
    let (mut from, mut to, mut gap) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for i in 1..e.len() {
        if pair(i) {
            from.push((e.stage[i - 1] as usize) as u32);
            to.push((e.stage[i] as usize) as u32);
            gap.push((e.start_ms[i] - e.end_ms[i - 1]).max(0));
        }
    }
    let df = DataFrame::new(
        from.len(),
        vec![
            Column::new("from".into(), from),
            Column::new("to".into(), to),
            Column::new("gap_ms".into(), gap),
        ],
    )?;
    Ok(df.lazy())
}

/// Directly-follows edges with counts and time statistics, most frequent first (then
/// by stage names: the codes are ranks of the sorted names).
fn edges(pairs: LazyFrame, stages: &[String]) -> PolarsResult<Vec<Edge>> {
    let mut aggs = vec![len().cast(DataType::Int64).alias("count")];
    aggs.extend(stat_exprs(col("gap_ms"), "h"));
    let df = pairs
        .group_by([col("from"), col("to")])
        .agg(aggs)
        .sort(
            ["count", "from", "to"],
            SortMultipleOptions::default().with_order_descending_multi([true, false, false]),
        )
        .collect()?;
    let name = |col: &str, i: usize| -> PolarsResult<String> {
        let code = df.column(col)?.u32()?.get(i).unwrap_or_default() as usize;
        Ok(stages.get(code).cloned().unwrap_or_default())
    };
    (0..df.height())
        .map(|i| {
            Ok(Edge {
                from: name("from", i)?,
                to: name("to", i)?,
                count: get_i64(&df, "count", i)?.unwrap_or(0) as usize,
                hours: read_stats(&df, "h", i)?,
            })
        })
        .collect()
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
            flat.push((e.stage[i] as usize) as u32);
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

/// Expression: whether the event's status contains one of `words` (compared
/// lower-cased). The distinct statuses are matched once here, so the expression over
/// all events is a plain membership test.
pub fn status_matches(log: &TaskLog, words: &[&str]) -> PolarsResult<Expr> {
    let hits: Vec<u32> = status_codes(log, words)
        .into_iter()
        .enumerate()
        .filter(|(_, hit)| *hit)
        .map(|(k, _)| k as u32)
        .collect();
    if hits.is_empty() {
        return Ok(lit(false));
    }
    Ok(col(c::STATUS)
        .is_in(lit(Series::new("hits".into(), hits)).implode(false), false)
        .fill_null(lit(false)))
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
fn status_codes(log: &TaskLog, words: &[&str]) -> Vec<bool> {
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
    let edges = edges(pairs(obs)?, &obs.stages)?;
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
