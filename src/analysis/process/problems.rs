//! The ranked problem list (现状问题清单, contract `problems[]`), built from the per-event
//! observations. Each kind has its own measure of the hours it costs:
//!
//! - `waiting` before a stage: Σ over its events of the wait above the stage's own p25
//!   (the part of waiting that is not the stage's normal queue);
//! - `time_in_status` (status histories): the same over the time spent in the status;
//! - `handoff` between two departments: Σ handoff delay. A handoff whose deliveries go
//!   (80% or more) to one stage listed for its waiting is that wait: it is shown as that
//!   problem's evidence, not twice;
//! - `rework` of a stage: Σ waiting + working time of its second and later visits in a
//!   case;
//! - `ping_pong` between two departments (A → B → A): Σ of the detour, from leaving A to
//!   being back at A;
//! - `survey_dimension`: a survey dimension scoring below its scale's midpoint (no
//!   hours; after the time problems, lowest first);
//! - `sla_breach`: an `[[sla]]` clock some cases missed ([`crate::analysis::sla`]); no
//!   hours, after the time problems, lowest compliance first;
//! - `shared_stage`: a stage done by more than one department (each with at least
//!   [`SHARED_MIN`] of its events); no hours, ranked after the others by cases.
//!
//! Kinds overlap (a handoff's delay is also the receiving stage's wait), so shares of
//! lead time are not to be added up. Time problems below `min_share` of all lead time
//! are left out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::groups::Groups;
use crate::analysis::observations::Observations;
use crate::analysis::stats::{quantile_linear, MS_PER_HOUR};
use crate::analysis::survey::SurveyAnalysis;

/// A department with fewer of a stage's events than this is not an owner of it.
pub const SHARED_MIN: f64 = 0.05;
/// Default: time problems below this share of all lead time are left out.
pub const DEFAULT_MIN_SHARE: f64 = 0.01;
/// A handoff whose deliveries go at least this often to one stage is that stage's wait.
pub const FOLD_SHARE: f64 = 0.8;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    Waiting,
    TimeInStatus,
    Handoff,
    Rework,
    PingPong,
    SharedStage,
    /// A survey dimension whose mean is below its scale's midpoint.
    SurveyDimension,
    /// An `[[sla]]` clock some cases missed.
    SlaBreach,
}

/// Where a problem is: a stage, or a department pair.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Where {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// An `[[sla]]` clock's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
}

/// A survey dimension's score and its scale.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Score {
    pub mean: f64,
    pub scale_min: f64,
    pub scale_max: f64,
}

/// A department's share of a stage's events.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DepartmentShare {
    pub department: String,
    pub share: f64,
}

/// The figures behind a problem.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evidence {
    /// Occurrences: events, handoffs, repeats or bounces.
    pub occurrences: usize,
    /// Median and p90 of the measured time per occurrence, hours.
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    /// Σ of the measured time, hours (before the p25 is taken off, for waiting).
    pub total_hours: f64,
    /// The report section with the detail (its anchor).
    pub section: &'static str,
    /// Waiting: the handoff between departments this wait is (most of its deliveries
    /// go to this stage); it is not listed again as a handoff problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handoff: Option<Where>,
    /// Survey dimensions: the score and its scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    /// Shared stages: each department's share of the events.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<DepartmentShare>,
    /// SLA breaches: the clock's target and compliance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<SlaEvidence>,
}

/// An SLA clock's figures behind its problem.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlaEvidence {
    pub target: String,
    pub compliance: f64,
    /// Met + breached.
    pub decided: usize,
    pub breached: usize,
}

/// A problem's cost in one KPI period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeriodLoss {
    pub period: String,
    pub hours_lost: f64,
    pub cases: usize,
    /// The log spans (almost) all of the period ([`crate::analysis::kpi::covered`]).
    pub complete: bool,
}

/// Inserts problems that carry no hours (SLA breaches, survey dimensions) before the
/// shared stages, and renumbers the list.
pub fn insert_untimed(list: &mut Vec<Problem>, problems: Vec<Problem>) {
    let at = list
        .iter()
        .position(|p| p.kind == ProblemKind::SharedStage)
        .unwrap_or(list.len());
    list.splice(at..at, problems);
    for (i, p) in list.iter_mut().enumerate() {
        p.rank = i + 1;
    }
}

/// The KPI periods problems are split by: (label, from, to), `to` exclusive, in time
/// order (empty when there are none), and the log's first and last instant.
#[derive(Debug, Clone, Copy, Default)]
pub struct Calendar<'a> {
    pub periods: &'a [(String, i64, i64)],
    pub span: (i64, i64),
}

impl Calendar<'_> {
    /// The period an instant falls in.
    fn of(&self, ms: i64) -> Option<usize> {
        let i = self.periods.partition_point(|p| p.1 <= ms).checked_sub(1)?;
        (ms < self.periods[i].2).then_some(i)
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 1 for the costliest.
    pub rank: usize,
    pub kind: ProblemKind,
    pub place: Where,
    pub hours_lost: Option<f64>,
    pub cases: usize,
    pub share_of_lead_time: Option<f64>,
    pub evidence: Evidence,
    /// Per KPI period (when the review has periods): the hours lost by the occurrences
    /// whose event started in it, and their cases.
    pub by_period: Vec<PeriodLoss>,
}

impl Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Problem", 9)?;
        st.serialize_field("rank", &self.rank)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("where", &self.place)?;
        st.serialize_field("hours_lost", &self.hours_lost)?;
        st.serialize_field("cases", &self.cases)?;
        st.serialize_field("share_of_lead_time", &self.share_of_lead_time)?;
        st.serialize_field("evidence", &self.evidence)?;
        if !self.by_period.is_empty() {
            st.serialize_field("by_period", &self.by_period)?;
        }
        let q = crate::words::problem_question(crate::words::Lang::En, self);
        st.serialize_field("question", &q)?;
        st.end()
    }
}

/// Times of one problem before it is ranked: the lost part and the measured time per
/// occurrence (ms), and the cases, in all and per KPI period.
#[derive(Default)]
struct Acc {
    lost_ms: f64,
    times: Vec<f64>,
    cases: Cases,
    periods: BTreeMap<usize, (f64, Cases)>,
}

/// Distinct cases. Occurrences come in event order, hence case order, so a case is
/// kept once by comparing it with the last one; [`Cases::count`] sorts and dedups
/// anyway, so the count is right in any order. (A set costed a tree insert per event.)
#[derive(Default)]
struct Cases(Vec<usize>);

impl Cases {
    fn insert(&mut self, case: usize) {
        if self.0.last() != Some(&case) {
            self.0.push(case);
        }
    }

    fn count(&mut self) -> usize {
        self.0.sort_unstable();
        self.0.dedup();
        self.0.len()
    }
}

impl Acc {
    /// One occurrence; `period`: the KPI period its event started in.
    fn add(&mut self, case: usize, time_ms: f64, lost_ms: f64, period: Option<usize>) {
        self.times.push(time_ms);
        self.lost_ms += lost_ms;
        if lost_ms > 0.0 {
            self.cases.insert(case);
        }
        if let Some(p) = period {
            let entry = self.periods.entry(p).or_default();
            entry.0 += lost_ms;
            if lost_ms > 0.0 {
                entry.1.insert(case);
            }
        }
    }

    /// Every period of the calendar, with what this problem cost in it.
    fn by_period(&mut self, cal: Calendar) -> Vec<PeriodLoss> {
        cal.periods
            .iter()
            .enumerate()
            .map(|(i, (label, from, to))| {
                let (ms, mut cases) = self.periods.remove(&i).unwrap_or_default();
                PeriodLoss {
                    period: label.clone(),
                    hours_lost: ms / MS_PER_HOUR,
                    cases: cases.count(),
                    complete: crate::analysis::kpi::covered(cal.span, *from, *to),
                }
            })
            .collect()
    }

    fn problem(
        mut self,
        kind: ProblemKind,
        place: Where,
        section: &'static str,
        (lead_ms, cal): (f64, Calendar),
    ) -> Problem {
        let by_period = self.by_period(cal);
        let total: f64 = self.times.iter().sum();
        let occurrences = self.times.len();
        let median = quantile_linear(&mut self.times, 0.5) / MS_PER_HOUR;
        let p90 = quantile_linear(&mut self.times, 0.9) / MS_PER_HOUR;
        Problem {
            rank: 0,
            kind,
            place,
            hours_lost: Some(self.lost_ms / MS_PER_HOUR),
            cases: self.cases.count(),
            share_of_lead_time: (lead_ms > 0.0).then(|| self.lost_ms / lead_ms),
            evidence: Evidence {
                occurrences,
                median_hours: median.is_finite().then_some(median),
                p90_hours: p90.is_finite().then_some(p90),
                total_hours: total / MS_PER_HOUR,
                section,
                handoff: None,
                score: None,
                departments: Vec::new(),
                sla: None,
            },
            by_period,
        }
    }
}

fn stage_place(obs: &Observations, s: usize) -> Where {
    Where {
        stage: Some(obs.events.stages[s].clone()),
        ..Where::default()
    }
}

fn pair_place(obs: &Observations, a: usize, b: usize) -> Where {
    let d = &obs.events.departments;
    Where {
        from_department: Some(d[a].clone()),
        to_department: Some(d[b].clone()),
        ..Where::default()
    }
}

/// Waiting (or time in status) above each stage's own p25; each stage's events are
/// gathered in turn ([`Groups`]).
fn waiting(obs: &Observations, states: bool, ctx: (f64, Calendar)) -> Vec<Problem> {
    let e = &obs.events;
    let time = |i: usize| -> Option<f64> {
        if states {
            e.visit(i).map(|v| v as f64)
        } else {
            e.wait_ms.at(i).map(|w| w as f64)
        }
    };
    let groups = Groups::new(e.stages.len(), e.len(), |i| {
        time(i).map(|_| e.stage[i] as usize)
    });
    let (kind, section) = if states {
        (ProblemKind::TimeInStatus, "bottlenecks")
    } else {
        (ProblemKind::Waiting, "bottlenecks")
    };
    let (mut ts, mut scratch) = (Vec::new(), Vec::new());
    (0..groups.keys())
        .filter(|&s| !groups.of(s).is_empty())
        .map(|s| {
            let items = groups.of(s);
            ts.clear();
            ts.extend(items.iter().map(|&i| time(i as usize).unwrap_or(0.0)));
            scratch.clone_from(&ts);
            let p25 = quantile_linear(&mut scratch, 0.25);
            let mut acc = Acc::default();
            for (&i, &t) in items.iter().zip(&ts) {
                let i = i as usize;
                acc.add(
                    e.case[i] as usize,
                    t,
                    (t - p25).max(0.0),
                    ctx.1.of(e.start_ms[i]),
                );
            }
            acc.problem(kind, stage_place(obs, s), section, ctx)
        })
        .collect()
}

/// Handoffs per department pair, with the stages that receive them.
fn handoffs(obs: &Observations, ctx: (f64, Calendar)) -> Vec<(Problem, BTreeMap<usize, usize>)> {
    let e = &obs.events;
    let mut by: BTreeMap<(usize, usize), (Acc, BTreeMap<usize, usize>)> = BTreeMap::new();
    for i in 1..e.len() {
        if e.case[i - 1] != e.case[i] {
            continue;
        }
        if let (Some(a), Some(b)) = (e.department.at(i - 1), e.department.at(i)) {
            if a != b {
                let d = (e.start_ms[i] - e.end_ms[i - 1]).max(0) as f64;
                let entry = by.entry((a, b)).or_default();
                entry
                    .0
                    .add(e.case[i] as usize, d, d, ctx.1.of(e.start_ms[i]));
                *entry.1.entry(e.stage[i] as usize).or_default() += 1;
            }
        }
    }
    by.into_iter()
        .map(|((a, b), (acc, stages))| {
            let place = pair_place(obs, a, b);
            (
                acc.problem(ProblemKind::Handoff, place, "handoffs", ctx),
                stages,
            )
        })
        .collect()
}

/// A handoff whose deliveries go (at least [`FOLD_SHARE`]) to one stage with a waiting
/// problem is that wait: it is folded into the stage's problem as its evidence.
fn fold_handoffs(
    obs: &Observations,
    waits: &mut [Problem],
    handoffs: Vec<(Problem, BTreeMap<usize, usize>)>,
) -> Vec<Problem> {
    let mut kept = Vec::new();
    for (h, stages) in handoffs {
        let n: usize = stages.values().sum();
        let top = stages
            .iter()
            .max_by_key(|(s, c)| (**c, std::cmp::Reverse(**s)));
        let target = top
            .filter(|(_, c)| **c as f64 >= FOLD_SHARE * n as f64)
            .map(|(s, _)| obs.events.stages[*s].clone());
        let wait = waits
            .iter_mut()
            .find(|w| target.is_some() && w.place.stage == target && w.evidence.handoff.is_none());
        match wait {
            Some(w) => w.evidence.handoff = Some(h.place),
            None => kept.push(h),
        }
    }
    kept
}

/// Second and later visits of a stage within a case.
fn rework(obs: &Observations, ctx: (f64, Calendar)) -> Vec<Problem> {
    let e = &obs.events;
    let mut by: BTreeMap<usize, Acc> = BTreeMap::new();
    for (i, repeat) in e.in_repeat_visit().into_iter().enumerate() {
        if repeat {
            let t = (e.wait_ms.at(i).unwrap_or(0) + e.service_ms[i]) as f64;
            let period = ctx.1.of(e.start_ms[i]);
            by.entry(e.stage[i] as usize)
                .or_default()
                .add(e.case[i] as usize, t, t, period);
        }
    }
    by.into_iter()
        .map(|(s, acc)| acc.problem(ProblemKind::Rework, stage_place(obs, s), "stages", ctx))
        .collect()
}

/// A → B → A detours, from leaving A to being back at A.
fn ping_pong(obs: &Observations, ctx: (f64, Calendar)) -> Vec<Problem> {
    let e = &obs.events;
    let mut by: BTreeMap<(usize, usize), Acc> = BTreeMap::new();
    for (i, a, b) in e.ping_pongs() {
        let t = (e.start_ms[i + 1] - e.end_ms[i - 1]).max(0) as f64;
        let period = ctx.1.of(e.start_ms[i + 1]);
        by.entry((a, b))
            .or_default()
            .add(e.case[i] as usize, t, t, period);
    }
    by.into_iter()
        .map(|((a, b), acc)| {
            acc.problem(
                ProblemKind::PingPong,
                pair_place(obs, a, b),
                "handoffs",
                ctx,
            )
        })
        .collect()
}

/// Stages done by more than one department: events per stage and department
/// counted, then (for the shared stages) the cases whose events of the stage were done
/// by another than the main department, counted as the case-ordered events pass.
fn shared_stages(obs: &Observations) -> Vec<Problem> {
    let e = &obs.events;
    let mut counts: HashMap<(u32, u32), usize, crate::fast_hash::Fast> = HashMap::default();
    for i in 0..e.len() {
        if let Some(d) = e.department.at(i) {
            *counts.entry((e.stage[i], d as u32)).or_default() += 1;
        }
    }
    let mut by: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
    for ((s, d), n) in counts {
        by.entry(s as usize).or_default().insert(d as usize, n);
    }
    let mut shared = SharedStages::new();
    for (s, depts) in by {
        let n: usize = depts.values().sum();
        let mut shares: Vec<(usize, f64)> = depts
            .iter()
            .map(|(d, c)| (*d, *c as f64 / n as f64))
            .collect();
        shares.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        if shares.iter().filter(|x| x.1 >= SHARED_MIN).count() > 1 {
            shared.insert(s, (shares, n));
        }
    }
    let cases = other_department_cases(e, &shared);
    shared
        .into_iter()
        .map(|(s, (shares, n))| Problem {
            rank: 0,
            kind: ProblemKind::SharedStage,
            place: stage_place(obs, s),
            hours_lost: None,
            cases: cases.get(&s).copied().unwrap_or(0),
            share_of_lead_time: None,
            evidence: Evidence {
                occurrences: n,
                median_hours: None,
                p90_hours: None,
                total_hours: 0.0,
                section: "stages",
                handoff: None,
                score: None,
                departments: shares
                    .into_iter()
                    .map(|(d, share)| DepartmentShare {
                        department: e.departments[d].clone(),
                        share,
                    })
                    .collect(),
                sla: None,
            },
            by_period: Vec::new(),
        })
        .collect()
}

/// The shared stages: per stage, the departments' shares (largest first) and the
/// stage's events with a department.
type SharedStages = BTreeMap<usize, (Vec<(usize, f64)>, usize)>;

/// Per shared stage, the cases with an event of it done by another department than its
/// main one (the first of its shares).
fn other_department_cases(
    e: &crate::analysis::observations::EventObs,
    shared: &SharedStages,
) -> BTreeMap<usize, usize> {
    let mut main: Vec<Option<usize>> = vec![None; e.stages.len()];
    for (s, (shares, _)) in shared {
        main[*s] = Some(shares[0].0);
    }
    let mut counted = vec![0usize; e.stages.len()];
    let mut last = vec![u32::MAX; e.stages.len()];
    for i in 0..e.len() {
        let s = e.stage[i] as usize;
        let (Some(m), Some(d)) = (main[s], e.department.at(i)) else {
            continue;
        };
        if d != m && std::mem::replace(&mut last[s], e.case[i]) != e.case[i] {
            counted[s] += 1;
        }
    }
    shared.keys().map(|&s| (s, counted[s])).collect()
}

/// The ranked list: time problems of at least `min_share` of all lead time, costliest
/// first (ties: more cases, then kind and place), then shared stages by cases; time
/// problems split by the periods of `cal`.
pub fn problems(obs: &Observations, states: bool, min_share: f64, cal: Calendar) -> Vec<Problem> {
    let lead_ms: f64 = obs.cases.lead_ms.iter().map(|x| *x as f64).sum();
    let ctx = (lead_ms, cal);
    let mut timed: Vec<Problem> = waiting(obs, states, ctx);
    timed.retain(|p| p.share_of_lead_time.unwrap_or(0.0) >= min_share && p.cases > 0);
    let unfolded = fold_handoffs(obs, &mut timed, handoffs(obs, ctx));
    timed.extend(unfolded);
    timed.extend(rework(obs, ctx));
    timed.extend(ping_pong(obs, ctx));
    timed.retain(|p| p.share_of_lead_time.unwrap_or(0.0) >= min_share && p.cases > 0);
    let key = |p: &Problem| format!("{:?}{:?}", p.kind, p.place);
    timed.sort_by(|a, b| {
        b.hours_lost
            .unwrap_or(0.0)
            .total_cmp(&a.hours_lost.unwrap_or(0.0))
            .then(b.cases.cmp(&a.cases))
            .then_with(|| key(a).cmp(&key(b)))
    });
    let mut shared = shared_stages(obs);
    shared.sort_by(|a, b| b.cases.cmp(&a.cases).then_with(|| key(a).cmp(&key(b))));
    timed.extend(shared);
    for (i, p) in timed.iter_mut().enumerate() {
        p.rank = i + 1;
    }
    timed
}

/// The scale of a dimension's items, when they share one (`"1-5"`).
fn dimension_scale(s: &SurveyAnalysis, items: &[String]) -> Option<(f64, f64)> {
    let scales: BTreeSet<&str> = s
        .items
        .iter()
        .filter(|i| items.contains(&i.item))
        .map(|i| i.scale.as_str())
        .collect();
    let only = (scales.len() == 1).then(|| scales.into_iter().next())??;
    let (lo, hi) = only.split_once('-')?;
    Some((lo.trim().parse().ok()?, hi.trim().parse().ok()?))
}

/// Survey dimensions scoring below their scale's midpoint, lowest (relative to the
/// scale) first.
fn survey_problems(s: &SurveyAnalysis) -> Vec<Problem> {
    let mut out: Vec<(f64, Problem)> = s
        .dimensions
        .iter()
        .filter_map(|d| {
            let mean = d.mean?;
            let (lo, hi) = dimension_scale(s, &d.items)?;
            let gap = ((lo + hi) / 2.0 - mean) / (hi - lo);
            (hi > lo && gap > 0.0).then(|| {
                let problem = Problem {
                    rank: 0,
                    kind: ProblemKind::SurveyDimension,
                    place: Where {
                        dimension: Some(d.name.clone()),
                        ..Where::default()
                    },
                    hours_lost: None,
                    cases: d.n,
                    share_of_lead_time: None,
                    evidence: Evidence {
                        occurrences: d.n,
                        median_hours: None,
                        p90_hours: None,
                        total_hours: 0.0,
                        section: "survey",
                        handoff: None,
                        score: Some(Score {
                            mean,
                            scale_min: lo,
                            scale_max: hi,
                        }),
                        departments: Vec::new(),
                        sla: None,
                    },
                    by_period: Vec::new(),
                };
                (gap, problem)
            })
        })
        .collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0));
    out.into_iter().map(|(_, p)| p).collect()
}

/// Adds the survey's low-scoring dimensions after the time problems (before stages
/// without one owner) and numbers the list again.
pub fn add_survey(list: &mut Vec<Problem>, s: &SurveyAnalysis) {
    insert_untimed(list, survey_problems(s));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::observations::{CaseObs, EventObs, HandoffObs};

    const H: i64 = 3_600_000;

    /// Case 0: 受理 (客服) 0–1 h, 评审 (技术) 3–4 h, 受理 again (客服) 6–7 h: a
    /// ping-pong and a repeat. Case 1: 受理 (客服) 0–1 h, 评审 (技术) 2–3 h.
    fn observations() -> Observations<'static> {
        let rows: [(usize, usize, usize, i64, i64, Option<i64>); 5] = [
            (0, 0, 0, 0, 1, None),
            (0, 1, 1, 3, 4, Some(2)),
            (0, 0, 0, 6, 7, Some(2)),
            (1, 0, 0, 0, 1, None),
            (1, 1, 1, 2, 3, Some(1)),
        ];
        let events = EventObs {
            case: rows.iter().map(|r| r.0 as u32).collect(),
            stage: rows.iter().map(|r| r.1 as u32).collect(),
            stages: vec!["受理".into(), "评审".into()],
            department: rows.iter().map(|r| Some(r.2)).collect(),
            departments: vec!["客服".into(), "技术".into()],
            start_ms: rows.iter().map(|r| r.3 * H).collect(),
            end_ms: rows.iter().map(|r| r.4 * H).collect(),
            wait_ms: rows.iter().map(|r| r.5.map(|w| w * H)).collect(),
            service_ms: vec![H; 5],
            visit_ms: vec![Some(H); 5].into(),
            continues: vec![false; 5],
            ..Default::default()
        };
        let handoff = |case, from, to, delay: i64| HandoffObs {
            case,
            from,
            to,
            delay_ms: delay * H,
        };
        Observations {
            cases: CaseObs {
                lead_ms: vec![7 * H, 3 * H],
                ..Default::default()
            },
            events,
            handoffs: vec![
                handoff(0, 0, 1, 2),
                handoff(0, 1, 0, 2),
                handoff(1, 0, 1, 1),
            ],
            has_planned: false,
            sla: Vec::new(),
        }
    }

    #[test]
    fn each_kind_costs_what_its_definition_says_and_the_list_ranks_by_it() {
        let p = problems(&observations(), false, 0.01, Calendar::default());
        let got: Vec<(ProblemKind, String, f64, usize)> = p
            .iter()
            .map(|p| {
                let w = crate::words::problem_where(&p.place);
                (p.kind, w, p.hours_lost.unwrap(), p.cases)
            })
            .collect();
        let want = [
            (ProblemKind::PingPong, "客服 → 技术", 5.0, 1),
            // The handoff 客服 → 技术 (3 h) always lands on 评审: it is 评审's wait.
            (ProblemKind::Rework, "受理", 3.0, 1),
            (ProblemKind::Handoff, "技术 → 客服", 2.0, 1),
            // Waits 2 h and 1 h: p25 1.25 h, so 0.75 h above it.
            (ProblemKind::Waiting, "评审", 0.75, 1),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.0, g.1.as_str(), g.3), (w.0, w.1, w.3));
            assert!((g.2 - w.2).abs() < 1e-9, "{g:?}");
        }
        assert_eq!(p.iter().map(|p| p.rank).collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert!((p[0].share_of_lead_time.unwrap() - 0.5).abs() < 1e-9);
        let wait = &p[3];
        assert_eq!(wait.evidence.median_hours, Some(1.5));
        let via = wait.evidence.handoff.as_ref().unwrap();
        assert_eq!(crate::words::problem_where(via), "客服 → 技术");
        assert!(crate::words::problem_question(crate::words::Lang::Zh, wait).contains("评审前"));
    }

    #[test]
    fn small_problems_are_left_out_and_shared_stages_come_last() {
        let mut o = observations();
        // Case 1's 评审 done by 客服: 评审 has two owners (half its events each).
        let e = &o.events;
        let mut d: Vec<Option<usize>> = (0..e.len()).map(|i| e.department.at(i)).collect();
        d[4] = Some(0);
        o.events.department = d.into();
        o.handoffs.pop();
        let p = problems(&o, false, 0.25, Calendar::default());
        let kinds: Vec<ProblemKind> = p.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                ProblemKind::PingPong,
                ProblemKind::Rework,
                ProblemKind::SharedStage
            ]
        );
        let shared = p.last().unwrap();
        assert_eq!((shared.cases, shared.hours_lost), (1, None));
        let d: Vec<(&str, f64)> = shared
            .evidence
            .departments
            .iter()
            .map(|d| (d.department.as_str(), d.share))
            .collect();
        assert_eq!(d, [("客服", 0.5), ("技术", 0.5)]);
    }

    #[test]
    fn with_periods_each_problem_is_split_by_the_start_of_the_event_that_bears_it() {
        let periods = [
            ("P1".to_string(), 0, 4 * H),
            ("P2".to_string(), 4 * H, 10 * H),
        ];
        let cal = Calendar {
            periods: &periods,
            span: (0, 7 * H),
        };
        let p = problems(&observations(), false, 0.01, cal);
        let split = |kind: ProblemKind| -> Vec<(String, f64, usize)> {
            let problem = p.iter().find(|x| x.kind == kind).unwrap();
            let total: f64 = problem.by_period.iter().map(|x| x.hours_lost).sum();
            assert!((total - problem.hours_lost.unwrap()).abs() < 1e-9);
            assert_eq!(
                problem
                    .by_period
                    .iter()
                    .map(|x| x.complete)
                    .collect::<Vec<_>>(),
                [true, false],
                "the log ends at 7 h, inside P2"
            );
            problem
                .by_period
                .iter()
                .map(|x| (x.period.clone(), x.hours_lost, x.cases))
                .collect()
        };
        // 评审's 0.75 h above p25 is case 0's wait, ending at 3 h.
        assert_eq!(
            split(ProblemKind::Waiting),
            [("P1".into(), 0.75, 1), ("P2".into(), 0.0, 0)]
        );
        // The detour is back at 客服 at 6 h.
        assert_eq!(
            split(ProblemKind::PingPong),
            [("P1".into(), 0.0, 0), ("P2".into(), 5.0, 1)]
        );
        let none = problems(&observations(), false, 0.01, Calendar::default());
        assert!(none.iter().all(|x| x.by_period.is_empty()));
    }
}
