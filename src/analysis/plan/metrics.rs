//! The metrics that targets and KPI tables are written in, named the same in
//! `procdiag.toml`, `--target` and the JSON (`lead_time.median`,
//! `wait_time.p90[stage=合规审批]`, `survey.mean[dimension=流程效率]`, …), and the
//! observations each one is computed from for a set of cases or respondents: hours per
//! case or event for durations, yes/no per case for rates, scores per respondent,
//! closed cases per week for throughput.

use crate::analysis::observations::Observations;
use crate::error::PlanError;
pub use crate::model::metric::{Kind, Metric, MetricSpec, Stat, NAMES};
use crate::model::survey::Survey;

/// The observations a metric is computed from.
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    /// Hours (durations), or scores (a respondent's answer or NPS contribution).
    Values(Vec<f64>),
    /// Yes/no per case, event or answer.
    Binary(Vec<bool>),
    /// Closed cases in each week of the period.
    Weekly(Vec<f64>),
    /// Per case (touch, lead) in hours: flow efficiency is Σ touch / Σ lead.
    Pairs(Vec<(f64, f64)>),
}

impl Sample {
    /// How many observations.
    pub fn n(&self) -> usize {
        match self {
            Sample::Values(v) | Sample::Weekly(v) => v.len(),
            Sample::Binary(v) => v.len(),
            Sample::Pairs(v) => v.len(),
        }
    }
}

/// Linear-interpolated quantile of unsorted values (numpy's default); `None` when
/// there are none.
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    (!values.is_empty()).then(|| crate::analysis::stats::quantile_linear(&mut values.to_vec(), q))
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The metric's value on a sample.
pub fn value(spec: &MetricSpec, sample: &Sample) -> Option<f64> {
    match sample {
        Sample::Values(v) => match spec.stat() {
            Some(Stat::Median) => quantile(v, 0.5),
            Some(Stat::P90) => quantile(v, 0.9),
            Some(Stat::Mean) | None => mean(v),
        },
        Sample::Binary(b) => {
            (!b.is_empty()).then(|| b.iter().filter(|x| **x).count() as f64 / b.len() as f64)
        }
        Sample::Weekly(w) => mean(w),
        Sample::Pairs(p) => {
            let lead: f64 = p.iter().map(|x| x.1).sum();
            (lead > 0.0).then(|| p.iter().map(|x| x.0).sum::<f64>() / lead)
        }
    }
}

const MS_PER_WEEK: i64 = 7 * 86_400_000;

/// Which cases count, and the period's bounds (ms, inclusive) for throughput.
pub struct Scope<'a> {
    pub cases: &'a [bool],
    pub from_ms: i64,
    pub to_ms: i64,
}

/// Cases that pass the spec's case-level filters (attributes; `stage=` and
/// `department=` for case metrics: cases with such an event).
fn case_filter(
    spec: &MetricSpec,
    obs: &Observations,
    event_level: bool,
) -> Result<Vec<bool>, PlanError> {
    let n = obs.cases.len();
    let mut keep = vec![true; n];
    for (k, v) in spec.attribute_filters() {
        let values = obs.cases.attribute(k).ok_or_else(|| {
            let known: Vec<&str> = obs
                .cases
                .attributes
                .iter()
                .map(|(n, _)| n.as_str())
                .collect();
            PlanError::UnknownAttribute {
                metric: spec.name(),
                name: k.to_string(),
                kept: if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                },
            }
        })?;
        for (i, keep) in keep.iter_mut().enumerate() {
            *keep &= values[i].as_deref() == Some(v);
        }
    }
    if !event_level {
        let e = &obs.events;
        let (stage, dept) = event_filters(spec, obs)?;
        if stage.is_some() || dept.is_some() {
            let mut has = vec![false; n];
            for i in 0..e.len() {
                let ok = stage.is_none_or(|s| (e.stage[i] as usize) == s)
                    && dept.is_none_or(|d| e.department.at(i) == Some(d));
                if ok {
                    has[e.case[i] as usize] = true;
                }
            }
            for (k, h) in keep.iter_mut().zip(has) {
                *k &= h;
            }
        }
    }
    Ok(keep)
}

/// The stage and department a spec's `stage=` and `department=` name, as indices.
fn event_filters(
    spec: &MetricSpec,
    obs: &Observations,
) -> Result<(Option<usize>, Option<usize>), PlanError> {
    let stage = spec
        .filter("stage")
        .map(|s| stage_index(obs, s))
        .transpose()?;
    let dept = spec
        .filter("department")
        .map(|d| department_index(obs, d))
        .transpose()?;
    Ok((stage, dept))
}

fn stage_index(obs: &Observations, name: &str) -> Result<usize, PlanError> {
    obs.events
        .stage_index(name)
        .ok_or_else(|| PlanError::UnknownStage {
            name: name.to_string(),
            known: obs.events.stages.join(", "),
        })
}

fn department_index(obs: &Observations, name: &str) -> Result<usize, PlanError> {
    obs.events
        .department_index(name)
        .ok_or_else(|| PlanError::UnknownDepartment {
            name: name.to_string(),
            known: obs.events.departments.join(", "),
        })
}

/// Values of the cases in scope (`f` leaves a case out with `None`).
fn per_case<T>(in_scope: &[bool], f: impl Fn(usize) -> Option<T>) -> Vec<T> {
    (0..in_scope.len())
        .filter(|&i| in_scope[i])
        .filter_map(f)
        .collect()
}

/// Values of the events of cases in scope that pass the stage and department filters.
fn per_event(
    spec: &MetricSpec,
    obs: &Observations,
    in_scope: &[bool],
    f: &dyn Fn(usize) -> Option<f64>,
) -> Result<Vec<f64>, PlanError> {
    let e = &obs.events;
    let (stage, dept) = event_filters(spec, obs)?;
    Ok((0..e.len())
        .filter(|&i| in_scope[e.case[i] as usize])
        .filter(|&i| stage.is_none_or(|s| (e.stage[i] as usize) == s))
        .filter(|&i| dept.is_none_or(|d| e.department.at(i) == Some(d)))
        .filter_map(f)
        .collect())
}

/// Delays of the handoffs in scope, from and to the departments the filters name.
fn handoff_sample(
    spec: &MetricSpec,
    obs: &Observations,
    in_scope: &[bool],
) -> Result<Sample, PlanError> {
    let dept = |key: &str| {
        spec.filter(key)
            .map(|d| department_index(obs, d))
            .transpose()
    };
    let (from, to) = (dept("from")?, dept("to")?);
    Ok(Sample::Values(
        obs.handoffs
            .iter()
            .filter(|h| in_scope[h.case as usize])
            .filter(|h| {
                from.is_none_or(|f| h.from as usize == f) && to.is_none_or(|t| h.to as usize == t)
            })
            .map(|h| crate::analysis::stats::hours(h.delay_ms))
            .collect(),
    ))
}

/// Cases (passing the filters) closed in each week of the period.
fn throughput_sample(obs: &Observations, cases: &[bool], scope: &Scope) -> Sample {
    let c = &obs.cases;
    let span = (scope.to_ms - scope.from_ms).max(0);
    let weeks = ((span + MS_PER_WEEK - 1) / MS_PER_WEEK).max(1) as usize;
    let mut counts = vec![0.0; weeks];
    for (i, &end) in c.end_ms.iter().enumerate() {
        if cases[i] && !c.open[i] && end >= scope.from_ms && end <= scope.to_ms {
            let w = ((end - scope.from_ms) / MS_PER_WEEK) as usize;
            counts[w.min(weeks - 1)] += 1.0;
        }
    }
    Sample::Weekly(counts)
}

/// The per-case outcomes of the clock `name=` names.
fn sla_outcomes<'o>(
    spec: &MetricSpec,
    obs: &'o Observations,
) -> Result<&'o [Option<bool>], PlanError> {
    let name = spec.filter("name").unwrap_or_default();
    obs.sla
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_slice())
        .ok_or_else(|| PlanError::UnknownClock {
            metric: spec.name(),
            name: name.to_string(),
            known: if obs.sla.is_empty() {
                "none".to_string()
            } else {
                obs.sla
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        })
}

/// The observations of a task-log metric within `scope`.
pub fn task_sample(
    spec: &MetricSpec,
    obs: &Observations,
    scope: &Scope,
) -> Result<Sample, PlanError> {
    let event_level = matches!(spec.metric, Metric::WaitTime(_) | Metric::ServiceTime(_))
        || (matches!(spec.metric, Metric::ScheduleSlip(_) | Metric::OnTimeRate)
            && spec.filter("stage").is_some());
    let cases = case_filter(spec, obs, event_level)?;
    let (c, e) = (&obs.cases, &obs.events);
    let in_scope: Vec<bool> = (0..c.len())
        .map(|i| scope.cases.get(i).copied().unwrap_or(false) && cases[i])
        .collect();
    let hours = crate::analysis::stats::hours;
    let needs_planned = matches!(spec.metric, Metric::OnTimeRate | Metric::ScheduleSlip(_));
    if needs_planned && !obs.has_planned {
        return Err(PlanError::NoPlannedDates {
            metric: spec.name(),
        });
    }
    let events = |f: &dyn Fn(usize) -> Option<f64>| per_event(spec, obs, &in_scope, f);
    let on_time = |end: i64, planned: i64| end <= planned;
    Ok(match spec.metric {
        Metric::LeadTime(_) => Sample::Values(per_case(&in_scope, |i| Some(hours(c.lead_ms[i])))),
        Metric::WaitTime(_) => Sample::Values(events(&|i| e.wait_ms.at(i).map(hours))?),
        Metric::ServiceTime(_) => Sample::Values(events(&|i| e.visit(i).map(hours))?),
        Metric::HandoffDelay(_) => handoff_sample(spec, obs, &in_scope)?,
        Metric::ScheduleSlip(_) if event_level => Sample::Values(events(&|i| {
            e.planned_ms.at(i).map(|p| hours(e.end_ms[i] - p))
        })?),
        Metric::ScheduleSlip(_) => Sample::Values(per_case(&in_scope, |i| {
            c.planned_ms[i].map(|p| hours(c.end_ms[i] - p))
        })),
        Metric::OnTimeRate if event_level => Sample::Binary(
            events(&|i| {
                e.planned_ms
                    .at(i)
                    .map(|p| f64::from(u8::from(on_time(e.end_ms[i], p))))
            })?
            .into_iter()
            .map(|x| x > 0.5)
            .collect(),
        ),
        Metric::OnTimeRate => Sample::Binary(per_case(&in_scope, |i| {
            c.planned_ms[i].map(|p| on_time(c.end_ms[i], p))
        })),
        Metric::ReworkRate => Sample::Binary(per_case(&in_scope, |i| Some(c.rework[i]))),
        Metric::FirstTimeRight => {
            Sample::Binary(per_case(&in_scope, |i| Some(c.first_time_right(i))))
        }
        Metric::FlowEfficiency => Sample::Pairs(per_case(&in_scope, |i| {
            (c.lead_ms[i] > 0).then(|| (hours(c.touch_ms[i]), hours(c.lead_ms[i])))
        })),
        Metric::Throughput => throughput_sample(obs, &cases, scope),
        Metric::SlaCompliance => {
            let outcomes = sla_outcomes(spec, obs)?;
            Sample::Binary(per_case(&in_scope, |i| outcomes[i]))
        }
        Metric::SurveyMean | Metric::SurveyTop2Box | Metric::SurveyNps => {
            return Err(PlanError::SurveyMetric {
                metric: spec.name(),
            })
        }
    })
}

/// Respondents passing the spec's group filters; an error names an unknown column.
fn respondent_filter(spec: &MetricSpec, survey: &Survey) -> Result<Vec<bool>, PlanError> {
    let mut keep = vec![true; survey.respondents];
    for (k, v) in spec.attribute_filters() {
        let values = survey
            .groups
            .iter()
            .find(|(g, _)| g == k)
            .map(|(_, v)| v)
            .ok_or_else(|| PlanError::UnknownSurveyGroup {
                metric: spec.name(),
                name: k.to_string(),
            })?;
        for (i, keep) in keep.iter_mut().enumerate() {
            *keep &= values.get(i).and_then(|x| x.as_deref()) == Some(v);
        }
    }
    Ok(keep)
}

/// The observations of a survey metric among the respondents in `mask`. Whether they
/// may be shown is the anonymity rule's to say: callers ask
/// [`crate::analysis::plan::disclosure::Disclosure::target`] before showing a value.
pub fn survey_sample(
    spec: &MetricSpec,
    survey: &Survey,
    mask: &[bool],
) -> Result<Sample, PlanError> {
    let keep = respondent_filter(spec, survey)?;
    let who: Vec<usize> = (0..survey.respondents)
        .filter(|&r| mask.get(r).copied().unwrap_or(false) && keep[r])
        .collect();
    let values: Vec<Option<f64>> = if let Some(d) = spec.filter("dimension") {
        let dim = survey
            .dimensions
            .iter()
            .find(|x| x.name == d)
            .ok_or_else(|| {
                let names: Vec<&str> = survey.dimensions.iter().map(|x| x.name.as_str()).collect();
                PlanError::UnknownDimension {
                    metric: spec.name(),
                    name: d.to_string(),
                    known: names.join(", "),
                }
            })?;
        crate::analysis::survey::dimension_scores(survey, dim)
    } else {
        let item = spec.filter("item").unwrap_or_default();
        let it = survey.item(item).ok_or_else(|| {
            let codes: Vec<&str> = survey.items.iter().map(|i| i.code.as_str()).collect();
            PlanError::UnknownItem {
                metric: spec.name(),
                name: item.to_string(),
                known: codes.join(", "),
            }
        })?;
        match spec.metric {
            Metric::SurveyTop2Box => {
                return Ok(Sample::Binary(
                    who.iter()
                        .filter_map(|&r| it.values[r].map(|x| x >= it.max - 1.0))
                        .collect(),
                ))
            }
            Metric::SurveyNps => {
                if (it.min, it.max) != (0.0, 10.0) {
                    return Err(PlanError::NotNps {
                        metric: spec.name(),
                    });
                }
                it.values
                    .iter()
                    .map(|v| {
                        v.map(|x| {
                            if x >= 9.0 {
                                100.0
                            } else if x <= 6.0 {
                                -100.0
                            } else {
                                0.0
                            }
                        })
                    })
                    .collect()
            }
            _ => it.values.clone(),
        }
    };
    Ok(Sample::Values(
        who.iter()
            .filter_map(|&r| values.get(r).copied().flatten())
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::spec_error::SpecError;

    #[test]
    fn names_parse_and_print_back() {
        for n in [
            "lead_time.median",
            "wait_time.p90[stage=合规审批]",
            "handoff_delay.mean[from=研发部,to=测试部]",
            "survey.mean[dimension=流程效率]",
            "survey.nps[item=Q7]",
            "on_time_rate[客户等级=战略客户]",
            "throughput",
        ] {
            assert_eq!(MetricSpec::parse(n).unwrap().name(), n);
        }
        let e = MetricSpec::parse("lead_time.p95").unwrap_err();
        assert!(matches!(e, SpecError::UnknownMetric { .. }));
        assert!(e.to_string().contains("metrics are"), "{e}");
        let e = MetricSpec::parse("survey.mean").unwrap_err();
        assert!(e.to_string().contains("dimension"), "{e}");
        assert!(MetricSpec::parse("wait_time.median[stage]").is_err());
    }

    #[test]
    fn values_of_samples() {
        let spec = MetricSpec::parse("lead_time.p90").unwrap();
        let v = Sample::Values(vec![1.0, 2.0, 3.0, 4.0, 10.0]);
        // numpy: percentile([1,2,3,4,10], 90) = 7.6
        assert!((value(&spec, &v).unwrap() - 7.6).abs() < 1e-12);
        let r = MetricSpec::parse("rework_rate").unwrap();
        assert_eq!(
            value(&r, &Sample::Binary(vec![true, false, false, true])),
            Some(0.5)
        );
        let f = MetricSpec::parse("flow_efficiency").unwrap();
        assert_eq!(
            value(&f, &Sample::Pairs(vec![(1.0, 4.0), (1.0, 6.0)])),
            Some(0.2)
        );
    }
}
