//! Before/after against targets (contract `improvement[]`): for each target its value
//! in the baseline and the comparison period, the change (relative and absolute) with
//! a seeded bootstrap 95% interval, a test suited to the metric (Mann–Whitney U for
//! durations, Welch's t for scores, the two-proportion z test for rates) with its
//! effect size, and a verdict: met, not met, or met but not significant. For lead-time
//! targets, the change of the mean lead time is attributed to each stage's waiting and
//! working time.

use crate::analysis::plan::disclosure::{Disclosure, When};
use crate::error::PlanError;
use serde::Serialize;

use crate::analysis::inference::{
    bootstrap_change, difference, mann_whitney, mean, median, p90, relative_change,
    two_proportions, welch_t, RESAMPLES, SEED,
};
use crate::analysis::metrics::{self, Kind, Metric, Sample, Scope, Stat};
use crate::analysis::observations::Observations;
use crate::analysis::periods::{Periods, Window};
use crate::model::plan::{Goal, Target};
use crate::model::survey::Survey;

/// The test behind a verdict.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TestResult {
    /// `mann_whitney_u`, `welch_t`, `two_proportion_z`.
    pub test: &'static str,
    pub statistic: f64,
    pub p_value: f64,
    /// `rank_biserial`, `cohens_d`, `cohens_h`.
    pub effect_size_name: &'static str,
    pub effect_size: f64,
}

/// Where a lead-time change came from: one stage's waiting and working time.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageShare {
    pub stage: String,
    /// Change of the mean waiting before the stage per case, hours.
    pub wait_hours_change: f64,
    /// Change of the mean working time on the stage per case, hours.
    pub service_hours_change: f64,
    /// (wait + service change) / change of the mean lead time.
    pub share_of_change: Option<f64>,
}

/// The attribution of the mean lead-time change.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attribution {
    pub mean_lead_hours_baseline: f64,
    pub mean_lead_hours_current: f64,
    pub mean_lead_hours_change: f64,
    /// Stages by the size of their contribution (largest gain first).
    pub stages: Vec<StageShare>,
    /// What the stages do not explain: parallel work counted once in the lead time.
    pub other_hours_change: f64,
}

/// `met`, `not_met`, `met_not_significant`, or `no_data`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Met,
    NotMet,
    MetNotSignificant,
    NoData,
}

/// One target's evaluation (contract `improvement[]`).
#[derive(Debug, Clone, Serialize)]
pub struct TargetResult {
    /// The metric's name with its filters (`wait_time.median[stage=合规审批]`).
    pub metric: String,
    pub label: Option<String>,
    pub kind: Kind,
    /// The goal as the user wrote it (`-20%`, `<= 48h`).
    pub target: String,
    pub goal: Goal,
    pub baseline: Option<f64>,
    pub current: Option<f64>,
    pub n_baseline: usize,
    pub n_current: usize,
    /// (current − baseline) / baseline.
    pub change_pct: Option<f64>,
    /// current − baseline.
    pub change: Option<f64>,
    /// Bootstrap 95% interval of `change_pct`.
    pub ci95: Option<[f64; 2]>,
    /// Bootstrap 95% interval of `change`.
    pub change_ci95: Option<[f64; 2]>,
    pub p_value: Option<f64>,
    pub test: Option<TestResult>,
    /// Whether the goal is reached on the point estimate.
    pub met: bool,
    /// The level the goal asks for, in the metric's unit.
    pub goal_level: Option<f64>,
    pub verdict: Verdict,
    /// Why a figure is missing, in English (the report words [`Self::no_data`]).
    pub note: Option<String>,
    /// Why the data cannot give the target, when it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_data: Option<NoData>,
    pub attribution: Option<Attribution>,
    /// With `--by`: the same target per value of a case attribute.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_group: Vec<GroupTarget>,
}

/// A target within one group of `--by`.
#[derive(Debug, Clone, Serialize)]
pub struct GroupTarget {
    pub by: String,
    pub value: String,
    pub baseline: Option<f64>,
    pub current: Option<f64>,
    pub change_pct: Option<f64>,
    pub verdict: Verdict,
}

/// Why the data cannot give a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum NoData {
    /// A survey target without a survey.
    NoSurvey,
    /// A task-log target without a task log.
    NoTasklog,
    /// The respondents have no submission times, period column or several files.
    RespondentsUndated,
    /// A period's respondents (or their answers) are fewer than the minimum group size.
    Suppressed { min_group: usize },
    /// Shown beside the other figures, a period's value would let a group of fewer than
    /// the minimum be derived by subtraction (the anonymity rule hides it too).
    Derivable { min_group: usize },
    /// The target is filtered on two survey breakdown columns at once: its groups cross,
    /// and it is never shown.
    CrossedGroups,
    /// A period has no observation of the metric.
    NoObservations,
}

/// A target's samples in both periods, or why there are none.
enum Samples {
    Both(Sample, Sample),
    None(NoData),
}

/// Significance level of the verdicts.
pub const ALPHA: f64 = 0.05;

/// The statistic of a duration or score sample as the bootstrap uses it.
fn stat_fn(stat: Option<Stat>) -> fn(&mut [f64]) -> f64 {
    match stat {
        Some(Stat::Median) => median,
        Some(Stat::P90) => p90,
        _ => mean,
    }
}

/// The level a goal asks for, in the metric's unit (`None` when it is relative and
/// there is no baseline).
pub fn goal_level(goal: Goal, kind: Kind, baseline: Option<f64>) -> Option<f64> {
    let scale = if kind == Kind::Rate { 100.0 } else { 1.0 };
    match goal {
        Goal::Relative(g) => baseline.map(|b| b * (1.0 + g)),
        Goal::AtMost(v) | Goal::AtLeast(v) => Some(v),
        Goal::Points(p) => baseline.map(|b| b + p / scale),
    }
}

/// Whether the goal is reached by these figures.
pub fn goal_met(goal: Goal, kind: Kind, baseline: Option<f64>, current: f64) -> bool {
    match goal {
        Goal::Relative(g) => baseline.is_some_and(|b| {
            let c = relative_change(current, b);
            if g < 0.0 {
                c <= g + 1e-12
            } else {
                c >= g - 1e-12
            }
        }),
        Goal::AtMost(v) => current <= v + 1e-12,
        Goal::AtLeast(v) => current >= v - 1e-12,
        Goal::Points(p) => baseline.is_some_and(|b| {
            let scale = if kind == Kind::Rate { 100.0 } else { 1.0 };
            let d = (current - b) * scale;
            if p < 0.0 {
                d <= p + 1e-12
            } else {
                d >= p - 1e-12
            }
        }),
    }
}

/// Test and bootstrap intervals of a pair of samples (`after`, `before`).
fn compare(
    spec: &metrics::MetricSpec,
    after: &Sample,
    before: &Sample,
    intervals: bool,
) -> (Option<TestResult>, Option<[f64; 2]>, Option<[f64; 2]>) {
    let boot = |x: &[f64], y: &[f64], stat: &(dyn Fn(&mut [f64]) -> f64 + Sync)| {
        if !intervals {
            return (None, None);
        }
        (
            bootstrap_change(x, y, stat, &relative_change, RESAMPLES, SEED),
            bootstrap_change(x, y, stat, &difference, RESAMPLES, SEED),
        )
    };
    match (after, before) {
        (Sample::Values(x), Sample::Values(y)) | (Sample::Weekly(x), Sample::Weekly(y)) => {
            let stat = stat_fn(spec.stat());
            let (ci, dci) = boot(x, y, &stat);
            let test = if spec.kind() == Kind::Duration {
                mann_whitney(x, y).map(|m| TestResult {
                    test: "mann_whitney_u",
                    statistic: m.u,
                    p_value: m.p,
                    effect_size_name: "rank_biserial",
                    effect_size: m.rank_biserial,
                })
            } else {
                welch_t(x, y).map(|t| TestResult {
                    test: "welch_t",
                    statistic: t.t,
                    p_value: t.p,
                    effect_size_name: "cohens_d",
                    effect_size: t.cohens_d,
                })
            };
            (test, ci, dci)
        }
        (Sample::Binary(x), Sample::Binary(y)) => {
            let fx: Vec<f64> = x.iter().map(|b| f64::from(u8::from(*b))).collect();
            let fy: Vec<f64> = y.iter().map(|b| f64::from(u8::from(*b))).collect();
            let (ci, dci) = boot(&fx, &fy, &mean);
            let kx = x.iter().filter(|b| **b).count();
            let ky = y.iter().filter(|b| **b).count();
            let test = two_proportions(kx, x.len(), ky, y.len()).map(|z| TestResult {
                test: "two_proportion_z",
                statistic: z.z,
                p_value: z.p,
                effect_size_name: "cohens_h",
                effect_size: z.cohens_h,
            });
            (test, ci, dci)
        }
        (Sample::Pairs(x), Sample::Pairs(y)) => {
            // Resample cases by their index into both periods' pairs; the statistic is
            // Σ touch / Σ lead of the drawn cases.
            let all: Vec<(f64, f64)> = x.iter().chain(y).copied().collect();
            let ratio = |idx: &mut [f64]| {
                let (t, l) = idx.iter().fold((0.0, 0.0), |(t, l), i| {
                    let p = all[*i as usize];
                    (t + p.0, l + p.1)
                });
                if l > 0.0 {
                    t / l
                } else {
                    f64::NAN
                }
            };
            let ix: Vec<f64> = (0..x.len()).map(|i| i as f64).collect();
            let iy: Vec<f64> = (x.len()..all.len()).map(|i| i as f64).collect();
            let (ci, dci) = boot(&ix, &iy, &ratio);
            let rx: Vec<f64> = x.iter().map(|p| p.0 / p.1).collect();
            let ry: Vec<f64> = y.iter().map(|p| p.0 / p.1).collect();
            let test = mann_whitney(&rx, &ry).map(|m| TestResult {
                test: "mann_whitney_u",
                statistic: m.u,
                p_value: m.p,
                effect_size_name: "rank_biserial",
                effect_size: m.rank_biserial,
            });
            (test, ci, dci)
        }
        _ => (None, None, None),
    }
}

/// The change of the mean lead time, by stage: Δ(mean per case of the stage's waiting)
/// and Δ(mean per case of its working time); the rest is overlap.
fn attribution(
    obs: &Observations,
    b: &Window,
    a: &Window,
    cases_ok: &[bool],
) -> Option<Attribution> {
    let e = &obs.events;
    let n_stages = e.stages.len();
    let tally = |mask: &[bool]| -> Option<(f64, Vec<f64>, Vec<f64>)> {
        let members: Vec<usize> = (0..obs.cases.len())
            .filter(|&i| mask[i] && cases_ok[i])
            .collect();
        if members.is_empty() {
            return None;
        }
        let n = members.len() as f64;
        let lead = members
            .iter()
            .map(|&i| obs.cases.lead_ms[i] as f64)
            .sum::<f64>()
            / n;
        let (mut w, mut s) = (vec![0.0; n_stages], vec![0.0; n_stages]);
        for i in 0..e.len() {
            let c = e.case[i] as usize;
            if mask[c] && cases_ok[c] {
                w[e.stage[i] as usize] += e.wait_ms.at(i).unwrap_or(0) as f64;
                s[e.stage[i] as usize] += e.service_ms[i] as f64;
            }
        }
        let h = crate::analysis::stats::MS_PER_HOUR;
        Some((
            lead / h,
            w.into_iter().map(|x| x / n / h).collect(),
            s.into_iter().map(|x| x / n / h).collect(),
        ))
    };
    let (lb, wb, sb) = tally(&b.case_mask)?;
    let (la, wa, sa) = tally(&a.case_mask)?;
    let dl = la - lb;
    let mut stages: Vec<StageShare> = (0..n_stages)
        .map(|k| {
            let (dw, ds) = (wa[k] - wb[k], sa[k] - sb[k]);
            StageShare {
                stage: e.stages[k].clone(),
                wait_hours_change: dw,
                service_hours_change: ds,
                share_of_change: (dl.abs() > 1e-9).then(|| (dw + ds) / dl),
            }
        })
        .collect();
    let explained: f64 = stages
        .iter()
        .map(|s| s.wait_hours_change + s.service_hours_change)
        .sum();
    stages.sort_by(|x, y| {
        (x.wait_hours_change + x.service_hours_change)
            .total_cmp(&(y.wait_hours_change + y.service_hours_change))
    });
    Some(Attribution {
        mean_lead_hours_baseline: lb,
        mean_lead_hours_current: la,
        mean_lead_hours_change: dl,
        stages,
        other_hours_change: dl - explained,
    })
}

/// The samples of a target in both periods: `Err` for a mistake in the target (an
/// unknown stage or item), [`Samples::None`] when the data cannot give it.
fn samples(
    t: &Target,
    obs: Option<&Observations>,
    survey: Option<(&Survey, &Disclosure)>,
    periods: &Periods,
) -> Result<Samples, PlanError> {
    let spec = &t.metric;
    if spec.is_survey() {
        let Some((s, disclosure)) = survey else {
            return Ok(Samples::None(NoData::NoSurvey));
        };
        if periods.baseline.respondent_mask.is_empty() {
            return Ok(Samples::None(NoData::RespondentsUndated));
        }
        let b = metrics::survey_sample(spec, s, &periods.baseline.respondent_mask)?;
        let a = metrics::survey_sample(spec, s, &periods.after.respondent_mask)?;
        // The anonymity rule, for both periods: a comparison needs both.
        let shown = disclosure
            .target(spec, &When::Baseline)
            .and(disclosure.target(spec, &When::After));
        return Ok(match shown {
            Ok(()) => Samples::Both(b, a),
            Err(why) => Samples::None(why),
        });
    }
    let Some(obs) = obs else {
        return Ok(Samples::None(NoData::NoTasklog));
    };
    fn scope(w: &Window) -> Scope<'_> {
        Scope {
            cases: &w.case_mask,
            from_ms: w.from_ms,
            to_ms: w.to_ms,
        }
    }
    let b = metrics::task_sample(spec, obs, &scope(&periods.baseline))?;
    let a = metrics::task_sample(spec, obs, &scope(&periods.after))?;
    Ok(Samples::Both(b, a))
}

/// Evaluates one target (`intervals`: with the bootstrap intervals of the change).
pub fn evaluate(
    t: &Target,
    target_text: &str,
    obs: Option<&Observations>,
    survey: Option<(&Survey, &Disclosure)>,
    periods: &Periods,
    intervals: bool,
) -> Result<TargetResult, PlanError> {
    let spec = &t.metric;
    let kind = spec.kind();
    let mut r = TargetResult {
        metric: spec.name(),
        label: t.label.clone(),
        kind,
        target: target_text.to_string(),
        goal: t.goal,
        baseline: None,
        current: None,
        n_baseline: 0,
        n_current: 0,
        change_pct: None,
        change: None,
        ci95: None,
        change_ci95: None,
        p_value: None,
        test: None,
        met: false,
        verdict: Verdict::NoData,
        note: None,
        no_data: None,
        goal_level: goal_level(t.goal, kind, None),
        attribution: None,
        by_group: Vec::new(),
    };
    let no_data = |mut r: TargetResult, why: NoData| {
        r.note = Some(crate::words::no_data(crate::words::Lang::En, why));
        r.no_data = Some(why);
        r
    };
    let (before, after) = match samples(t, obs, survey, periods)? {
        Samples::Both(b, a) => (b, a),
        Samples::None(why) => return Ok(no_data(r, why)),
    };
    r.n_baseline = before.n();
    r.goal_level = goal_level(t.goal, kind, metrics::value(spec, &before));
    r.n_current = after.n();
    r.baseline = metrics::value(spec, &before);
    r.current = metrics::value(spec, &after);
    let (Some(b), Some(c)) = (r.baseline, r.current) else {
        return Ok(no_data(r, NoData::NoObservations));
    };
    // A change relative to a figure at or below zero (an NPS of −28) means nothing.
    let pct = relative_change(c, b);
    r.change_pct = (pct.is_finite() && b > 0.0).then_some(pct);
    r.change = Some(c - b);
    let (test, ci, dci) = compare(spec, &after, &before, intervals);
    r.p_value = test.as_ref().map(|x| x.p_value);
    r.test = test;
    r.ci95 = ci.filter(|_| b > 0.0);
    r.change_ci95 = dci;
    r.met = goal_met(t.goal, kind, Some(b), c);
    r.verdict = if !r.met {
        Verdict::NotMet
    } else if r.p_value.is_some_and(|p| p < ALPHA) {
        Verdict::Met
    } else {
        Verdict::MetNotSignificant
    };
    if let (Metric::LeadTime(_), Some(obs)) = (spec.metric, obs) {
        let all = vec![true; obs.cases.len()];
        r.attribution = attribution(obs, &periods.baseline, &periods.after, &all);
    }
    Ok(r)
}

/// The target per value of a case attribute (`--by`): baseline, current, change and
/// verdict (the test of each group as for the whole).
pub fn by_group(
    t: &Target,
    obs: &Observations,
    periods: &Periods,
    by: &str,
) -> Result<Vec<GroupTarget>, PlanError> {
    if t.metric.is_survey() {
        return Ok(Vec::new());
    }
    let names = obs
        .cases
        .attribute_values(by)
        .ok_or_else(|| PlanError::UnknownBreakdown {
            name: by.to_string(),
        })?;
    let mut out = Vec::new();
    for v in names {
        let mut spec = t.metric.clone();
        spec.filters.push((by.to_string(), v.clone()));
        let sub = Target {
            metric: spec,
            goal: t.goal,
            label: None,
        };
        let r = evaluate(&sub, "", Some(obs), None, periods, false)?;
        out.push(GroupTarget {
            by: by.to_string(),
            value: v.clone(),
            baseline: r.baseline,
            current: r.current,
            change_pct: r.change_pct,
            verdict: r.verdict,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_are_judged_in_their_direction() {
        assert!(goal_met(
            Goal::Relative(-0.2),
            Kind::Duration,
            Some(100.0),
            80.0
        ));
        assert!(!goal_met(
            Goal::Relative(-0.2),
            Kind::Duration,
            Some(100.0),
            81.0
        ));
        assert!(goal_met(Goal::Relative(0.4), Kind::Score, Some(2.5), 3.5));
        assert!(goal_met(Goal::AtMost(48.0), Kind::Duration, None, 47.5));
        assert!(goal_met(Goal::AtLeast(0.95), Kind::Rate, None, 0.95));
        assert!(goal_met(Goal::Points(5.0), Kind::Rate, Some(0.80), 0.86));
        assert!(!goal_met(Goal::Points(5.0), Kind::Rate, Some(0.80), 0.84));
        assert!(goal_met(Goal::Points(0.3), Kind::Score, Some(3.1), 3.45));
    }
}
