//! How cases flow: directly-follows edges, variants, start and end stages, rework and
//! first-time-right (department handoffs are in [`super::handoffs`]).

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use crate::analysis::observations::EventObs;
use crate::analysis::stats::{get_i64, read_stats, stat_exprs};
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
            from.push(e.stage[i - 1] as u32);
            to.push(e.stage[i] as u32);
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
            flat.push(e.stage[i] as u32);
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
fn boundary_stages(log: &TaskLog, first: bool) -> PolarsResult<BTreeMap<String, usize>> {
    let pick = if first {
        col(c::STAGE).first()
    } else {
        col(c::STAGE).last()
    };
    let df = log
        .lazy()
        .group_by([col(c::CASE_IDX)])
        .agg([pick.alias("s")])
        .group_by([col("s")])
        .agg([len().cast(DataType::Int64).alias("n")])
        .collect()?;
    let stage = |i| -> PolarsResult<String> {
        let code = get_i64(&df, "s", i)?.unwrap_or(0).max(0) as usize;
        Ok(log.names.stages.get(code).cloned().unwrap_or_default())
    };
    (0..df.height())
        .map(|i| Ok((stage(i)?, get_i64(&df, "n", i)?.unwrap_or(0) as usize)))
        .collect()
}

/// Expression: whether the event's status contains one of `words` (compared
/// lower-cased). The distinct statuses are matched once here, so the expression over
/// all events is a plain membership test.
pub fn status_matches(log: &TaskLog, words: &[&str]) -> PolarsResult<Expr> {
    let hits: Vec<u32> = (0..log.names.statuses.len() as u32)
        .filter(|&k| {
            let l = log.names.statuses[k as usize].to_lowercase();
            words.iter().any(|w| l.contains(w))
        })
        .collect();
    if hits.is_empty() {
        return Ok(lit(false));
    }
    Ok(col(c::STATUS)
        .is_in(lit(Series::new("hits".into(), hits)).implode(false), false)
        .fill_null(lit(false)))
}

/// One row per case (`case_idx`, in case order): `repeats`, the visits of its stages
/// beyond the first (rework), and `returned`, whether a status said *sent back* (退回,
/// reject…). The events are in case order: one pass keeps the current case's visits
/// per stage, instead of grouping millions of rows by case and stage.
pub fn rework_per_case(log: &TaskLog) -> PolarsResult<LazyFrame> {
    let returned = log
        .lazy()
        .with_column(status_matches(log, RETURN_WORDS)?.alias("ret"))
        .select([col("ret")])
        .collect()?;
    let df = &log.events;
    let cases = df.column(c::CASE_IDX)?.cast(&DataType::Int64)?;
    let cases = cases.i64()?;
    let stages = df.column(c::STAGE)?.u32()?;
    let cont = df.column(c::CONT)?.bool()?;
    let ret = returned.column("ret")?.bool()?;
    let mut out = CaseRework::default();
    let mut visits: HashMap<Option<u32>, i64> = HashMap::new();
    let mut current: Option<(Option<i64>, bool)> = None;
    let rows = cases
        .iter()
        .zip(stages.iter())
        .zip(cont.iter().zip(ret.iter()));
    for ((case, stage), (cont, ret)) in rows {
        if current.map(|(c, _)| c) != Some(case) {
            out.close(current, &mut visits);
            current = Some((case, false));
        }
        *visits.entry(stage).or_default() += i64::from(cont == Some(false));
        if let Some((_, r)) = current.as_mut() {
            *r |= ret.unwrap_or(false);
        }
    }
    out.close(current, &mut visits);
    Ok(DataFrame::new(
        out.case.len(),
        vec![
            Column::new(c::CASE_IDX.into(), out.case),
            Column::new("repeats".into(), out.repeats),
            Column::new("returned".into(), out.returned),
        ],
    )?
    .lazy())
}

/// The columns of [`rework_per_case`] as they are filled.
#[derive(Default)]
struct CaseRework {
    case: Vec<Option<i64>>,
    repeats: Vec<i64>,
    returned: Vec<bool>,
}

impl CaseRework {
    /// Ends a case: its repeats are Σ (visits − 1) over the stages it has events of.
    fn close(
        &mut self,
        case: Option<(Option<i64>, bool)>,
        visits: &mut HashMap<Option<u32>, i64>,
    ) {
        if let Some((case, returned)) = case {
            self.case.push(case);
            self.repeats.push(visits.drain().map(|(_, k)| k - 1).sum());
            self.returned.push(returned);
        }
    }
}

/// Runs every flow analysis.
pub fn flow(obs: &EventObs, log: &TaskLog) -> PolarsResult<Flow> {
    let cases = log
        .lazy()
        .select([col(c::CASE_IDX).n_unique().cast(DataType::Int64).alias("n")])
        .collect()?;
    let cases = get_i64(&cases, "n", 0)?.unwrap_or(0) as usize;
    let mut t = crate::timing::Timer::new();
    let edges = edges(pairs(obs)?, &obs.stages)?;
    t.phase("flow: edges");
    let (variants, top_variants) = variants(obs, cases);
    t.phase("flow: variants");

    let per_case = rework_per_case(log)?
        .select([
            col("repeats")
                .sum()
                .cast(DataType::Int64)
                .alias("rework_events"),
            col("repeats")
                .gt(lit(0i64))
                .sum()
                .cast(DataType::Int64)
                .alias("rework_cases"),
            col("returned")
                .sum()
                .cast(DataType::Int64)
                .alias("returned_cases"),
            col("repeats")
                .gt(lit(0i64))
                .or(col("returned"))
                .sum()
                .cast(DataType::Int64)
                .alias("not_ftr"),
        ])
        .collect()?;
    let g =
        |n: &str| -> PolarsResult<usize> { Ok(get_i64(&per_case, n, 0)?.unwrap_or(0) as usize) };
    let not_ftr = g("not_ftr")?;
    Ok(Flow {
        edges,
        variants,
        top_variants,
        start_stages: boundary_stages(log, true)?,
        end_stages: boundary_stages(log, false)?,
        rework_events: g("rework_events")?,
        rework_cases: g("rework_cases")?,
        returned_cases: if log.has_status {
            Some(g("returned_cases")?)
        } else {
            None
        },
        first_time_right: if cases > 0 {
            (cases - not_ftr.min(cases)) as f64 / cases as f64
        } else {
            0.0
        },
    })
}
