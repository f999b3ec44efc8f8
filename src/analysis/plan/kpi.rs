//! The KPI review table (contract `kpi_periods[]`): per calendar quarter, month or week
//! (in the report's time zone) the cases started and closed, the work in progress at
//! the period's end, the lead time of the cases closed in it (median, p90), flow
//! efficiency, first-time-right, rework and on-time rates of those cases, the survey's
//! dimension scores where a wave falls in the period, and each target's value with a
//! met / not-met mark. Also the breakdown of the same figures by a case attribute
//! (`--by COLUMN`, contract `breakdowns[]`).

use crate::analysis::plan::disclosure::{Disclosure, Hidden, When};
use crate::error::PlanError;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use crate::analysis::improvement::TargetResult;
use crate::analysis::metrics::{self, quantile, Scope};
use crate::analysis::observations::Observations;
use crate::analysis::Stats;
use crate::ingest::time::ms_to_iso;
pub use crate::model::plan::Grain;
use crate::model::plan::{Goal, Target};
use crate::model::survey::Survey;

/// A target's value in one KPI period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KpiTarget {
    pub metric: String,
    pub label: Option<String>,
    pub target: String,
    pub value: Option<f64>,
    /// How many observations the value rests on (cases, events, answers or weeks, as
    /// the metric counts them); 0 when there is no value.
    pub n: usize,
    /// Whether the period's value reaches the goal (relative goals against the
    /// baseline); `None` when it cannot be told.
    pub met: Option<bool>,
}

/// The figures of one period (or one group within it).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KpiPeriod {
    /// `2024Q1`, `2024-03`, `2024-W09`.
    pub period: String,
    pub from: String,
    pub to: String,
    /// With `--by`: the attribute and its value (totals have none).
    pub by: Option<String>,
    pub group: Option<String>,
    /// The log spans at least 95% of the period ([`covered`]); false for one the log
    /// starts or ends well inside, whose figures rest on part of its cases.
    pub complete: bool,
    pub cases_started: usize,
    pub cases_closed: usize,
    /// Started before the period's end and not closed by it.
    pub wip_end: usize,
    /// Of the cases closed in the period.
    #[serde(flatten)]
    pub figures: CaseFigures,
    /// Survey respondents who submitted in the period.
    pub respondents: usize,
    /// The anonymity rule hides the period's scores: fewer respondents than the
    /// minimum group size, or shown they would let another period be derived.
    pub satisfaction_suppressed: bool,
    /// The periods (or waves) whose scores this one is hidden to protect.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub satisfaction_protects: Vec<String>,
    /// Hidden also so that the respondents outside every period cannot be derived.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub satisfaction_protects_outside: bool,
    /// Dimension → mean score of the period's respondents.
    pub satisfaction: BTreeMap<String, f64>,
    /// Dimension → respondents behind its score.
    pub satisfaction_n: BTreeMap<String, usize>,
    pub targets: Vec<KpiTarget>,
}

/// Breakdown of the whole log by a case attribute (contract `breakdowns[]`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Breakdown {
    pub by: String,
    pub value: String,
    pub cases: usize,
    #[serde(flatten)]
    pub figures: CaseFigures,
}

/// The first instant of the period containing local date `d`, and the next period's.
fn bounds_of(d: NaiveDate, grain: Grain) -> (NaiveDate, NaiveDate, String) {
    match grain {
        Grain::Quarter => {
            let q = (d.month() - 1) / 3;
            let start = NaiveDate::from_ymd_opt(d.year(), q * 3 + 1, 1).unwrap_or(d);
            let next = if q == 3 {
                NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(d.year(), q * 3 + 4, 1)
            }
            .unwrap_or(d);
            (start, next, format!("{}Q{}", d.year(), q + 1))
        }
        Grain::Month => {
            let start = NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
            let next = if d.month() == 12 {
                NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
            }
            .unwrap_or(d);
            (start, next, format!("{}-{:02}", d.year(), d.month()))
        }
        Grain::Week => {
            let w = d.iso_week();
            let start = d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()));
            (
                start,
                start + chrono::Duration::days(7),
                format!("{}-W{:02}", w.year(), w.week()),
            )
        }
    }
}

fn local_date(ms: i64, tz: &Tz) -> NaiveDate {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(tz).date_naive())
        .unwrap_or_default()
}

/// The calendar periods from the first start to the last end: (label, from, to) with
/// `to` exclusive.
pub fn calendar(obs: &Observations, grain: Grain, tz: &Tz) -> Vec<(String, i64, i64)> {
    let c = &obs.cases;
    let (Some(first), Some(last)) = (c.start_ms.iter().min(), c.end_ms.iter().max()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut d = local_date(*first, tz);
    let end = local_date(*last, tz);
    while d <= end && out.len() < 10_000 {
        let (start, next, label) = bounds_of(d, grain);
        out.push((
            label,
            crate::model::plan::local_midnight_ms(start, tz),
            crate::model::plan::local_midnight_ms(next, tz),
        ));
        d = next;
    }
    out
}

fn share(flags: impl Iterator<Item = bool>) -> Option<f64> {
    let (k, n) = flags.fold((0usize, 0usize), |(k, n), f| (k + usize::from(f), n + 1));
    (n > 0).then(|| k as f64 / n as f64)
}

/// Hours statistics of unsorted values.
pub fn stats_of(hours: &[f64]) -> Stats {
    if hours.is_empty() {
        return Stats::default();
    }
    Stats {
        n: hours.len(),
        mean: Some(hours.iter().sum::<f64>() / hours.len() as f64),
        median: quantile(hours, 0.5),
        p90: quantile(hours, 0.9),
        min: hours.iter().copied().reduce(f64::min),
        max: hours.iter().copied().reduce(f64::max),
    }
}

/// The case figures of a set of cases (a KPI period, a breakdown group).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CaseFigures {
    pub lead_time_hours: Stats,
    pub flow_efficiency: Option<f64>,
    pub first_time_right: Option<f64>,
    pub rework_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    /// Per `[[sla]]` clock: the share of the cases' decided outcomes that met it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sla_compliance: Vec<SlaShare>,
}

/// One clock's compliance among a set of cases.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlaShare {
    pub name: String,
    pub compliance: Option<f64>,
    /// Cases met or breached.
    pub decided: usize,
}

fn sla_shares(obs: &Observations, members: &[usize]) -> Vec<SlaShare> {
    obs.sla
        .iter()
        .map(|(name, per_case)| {
            let decided: Vec<bool> = members.iter().filter_map(|&i| per_case[i]).collect();
            SlaShare {
                name: name.clone(),
                decided: decided.len(),
                compliance: share(decided.into_iter()),
            }
        })
        .collect()
}

fn figures(obs: &Observations, members: &[usize]) -> CaseFigures {
    let c = &obs.cases;
    let h = crate::analysis::stats::MS_PER_HOUR;
    let lead: Vec<f64> = members.iter().map(|&i| c.lead_ms[i] as f64 / h).collect();
    let (touch, total) = members
        .iter()
        .filter(|&&i| c.lead_ms[i] > 0)
        .fold((0i64, 0i64), |(t, l), &i| {
            (t + c.touch_ms[i], l + c.lead_ms[i])
        });
    CaseFigures {
        lead_time_hours: stats_of(&lead),
        flow_efficiency: (total > 0).then(|| touch as f64 / total as f64),
        first_time_right: share(members.iter().map(|&i| c.first_time_right(i))),
        rework_rate: share(members.iter().map(|&i| c.rework[i])),
        on_time_rate: if obs.has_planned {
            share(
                members
                    .iter()
                    .filter_map(|&i| c.planned_ms[i].map(|p| c.end_ms[i] <= p)),
            )
        } else {
            None
        },
        sla_compliance: sla_shares(obs, members),
    }
}

/// What the KPI table needs besides the observations.
pub struct KpiInputs<'a> {
    pub grain: Grain,
    pub tz: &'a Tz,
    pub survey: Option<&'a Survey>,
    /// Which periods may show the survey's figures (the anonymity rule).
    pub disclosure: &'a Disclosure,
    pub targets: &'a [(Target, String)],
    /// The before/after results, for relative goals' baselines.
    pub improvement: &'a [TargetResult],
    /// `--by` attributes.
    pub by: &'a [String],
}

/// The respondents who submitted in a period, and their dimension means as the
/// anonymity rule allows.
#[derive(Default)]
struct PeriodSurvey {
    mask: Vec<bool>,
    respondents: usize,
    hidden: Option<Hidden>,
    satisfaction: BTreeMap<String, f64>,
    satisfaction_n: BTreeMap<String, usize>,
}

fn period_survey(inp: &KpiInputs, s: &Survey, (label, from, to): (&str, i64, i64)) -> PeriodSurvey {
    let mask: Vec<bool> = s
        .submitted
        .iter()
        .map(|t| t.is_some_and(|t| t >= from && t < to))
        .collect();
    let when = When::Kpi(label.to_string());
    let mut p = PeriodSurvey {
        respondents: mask.iter().filter(|x| **x).count(),
        hidden: inp.disclosure.hidden(&when),
        ..PeriodSurvey::default()
    };
    for d in s
        .dimensions
        .iter()
        .filter(|d| inp.disclosure.shows_dimension(&when, &d.name))
    {
        let scores = crate::analysis::survey::dimension_scores(s, d);
        let v: Vec<f64> = scores
            .iter()
            .zip(&mask)
            .filter(|(_, m)| **m)
            .filter_map(|(x, _)| *x)
            .collect();
        if !v.is_empty() {
            p.satisfaction
                .insert(d.name.clone(), v.iter().sum::<f64>() / v.len() as f64);
            p.satisfaction_n.insert(d.name.clone(), v.len());
        }
    }
    p.mask = mask;
    p
}

/// Each target's value in a period (closed cases, respondents), and whether it meets
/// its goal; survey targets are left out of group rows.
fn period_targets(
    obs: &Observations,
    inp: &KpiInputs,
    scope: &Scope,
    survey: Option<(&PeriodSurvey, When)>,
    group: Option<(&str, &str)>,
) -> Result<Vec<KpiTarget>, PlanError> {
    let mut targets = Vec::new();
    for (t, text) in inp.targets {
        let mut spec = t.metric.clone();
        if let Some((by, v)) = group {
            if spec.is_survey() {
                continue;
            }
            spec.filters.push((by.to_string(), v.to_string()));
        }
        let sample = if spec.is_survey() {
            match (inp.survey, &survey) {
                (Some(s), Some((p, when))) if p.respondents > 0 => {
                    let sample = metrics::survey_sample(&spec, s, &p.mask)?;
                    inp.disclosure.target(&spec, when).ok().map(|()| sample)
                }
                _ => None,
            }
        } else {
            Some(metrics::task_sample(&spec, obs, scope)?)
        };
        let value = sample.as_ref().and_then(|s| metrics::value(&spec, s));
        let baseline = inp
            .improvement
            .iter()
            .find(|r| r.metric == t.metric.name())
            .and_then(|r| r.baseline);
        let met = value.and_then(|v| match t.goal {
            Goal::Relative(_) | Goal::Points(_) if baseline.is_none() => None,
            _ => Some(crate::analysis::improvement::goal_met(
                t.goal,
                spec.kind(),
                baseline,
                v,
            )),
        });
        targets.push(KpiTarget {
            metric: t.metric.name(),
            label: t.label.clone(),
            target: text.clone(),
            value,
            n: sample.as_ref().map_or(0, metrics::Sample::n),
            met,
        });
    }
    Ok(targets)
}

/// Share of a period the log must span for the period to count as complete.
const COVERED: f64 = 0.95;

/// Whether the log's span (first start, last end; ms) covers at least [`COVERED`] of
/// the period `from..to`: a log that starts on the second day of a quarter still
/// covers that quarter, one that ends ten days into it does not.
pub fn covered(span: (i64, i64), from: i64, to: i64) -> bool {
    let inside = (span.1.min(to) - span.0.max(from)).max(0) as f64;
    to > from && inside >= COVERED * (to - from) as f64
}

/// One KPI row for the cases passing `keep`.
fn row(
    obs: &Observations,
    inp: &KpiInputs,
    (label, from, to): (&str, i64, i64),
    keep: &dyn Fn(usize) -> bool,
    open: &[bool],
    group: Option<(&str, &str)>,
) -> Result<KpiPeriod, PlanError> {
    let c = &obs.cases;
    let span = crate::analysis::log_span(c);
    let n = c.len();
    let closed: Vec<bool> = (0..n)
        .map(|i| keep(i) && !open[i] && c.end_ms[i] >= from && c.end_ms[i] < to)
        .collect();
    let members: Vec<usize> = (0..n).filter(|&i| closed[i]).collect();
    let survey = inp
        .survey
        .filter(|_| group.is_none())
        .map(|s| period_survey(inp, s, (label, from, to)));
    let scope = Scope {
        cases: &closed,
        from_ms: from,
        to_ms: to - 1,
    };
    let when = When::Kpi(label.to_string());
    let targets = period_targets(obs, inp, &scope, survey.as_ref().map(|p| (p, when)), group)?;
    let survey = survey.unwrap_or_default();
    let (suppressed, protects, outside) = match survey.hidden {
        Some(h) => (true, h.protects, h.protects_outside),
        None => (false, Vec::new(), false),
    };
    Ok(KpiPeriod {
        period: label.to_string(),
        from: ms_to_iso(from),
        to: ms_to_iso(to - 1),
        by: group.map(|g| g.0.to_string()),
        group: group.map(|g| g.1.to_string()),
        complete: covered(span, from, to),
        cases_started: (0..n)
            .filter(|&i| keep(i) && c.start_ms[i] >= from && c.start_ms[i] < to)
            .count(),
        cases_closed: members.len(),
        wip_end: (0..n)
            .filter(|&i| keep(i) && c.start_ms[i] < to && (open[i] || c.end_ms[i] >= to))
            .count(),
        figures: figures(obs, &members),
        respondents: survey.respondents,
        satisfaction_suppressed: suppressed,
        satisfaction_protects: protects,
        satisfaction_protects_outside: outside,
        satisfaction: survey.satisfaction,
        satisfaction_n: survey.satisfaction_n,
        targets,
    })
}

/// The KPI table: one row per period, and with `--by` one per period and group.
pub fn kpi_table(obs: &Observations, inp: &KpiInputs) -> Result<Vec<KpiPeriod>, PlanError> {
    let open = &obs.cases.open;
    let mut out = Vec::new();
    for (label, from, to) in calendar(obs, inp.grain, inp.tz) {
        out.push(row(obs, inp, (&label, from, to), &|_| true, open, None)?);
        for by in inp.by {
            let names =
                obs.cases
                    .attribute_values(by)
                    .ok_or_else(|| PlanError::UnknownBreakdown {
                        name: by.to_string(),
                    })?;
            let values = obs.cases.attribute(by).unwrap_or(&[]);
            for v in names {
                let keep = |i: usize| values[i].as_ref() == Some(v);
                out.push(row(
                    obs,
                    inp,
                    (&label, from, to),
                    &keep,
                    open,
                    Some((by, v)),
                )?);
            }
        }
    }
    Ok(out)
}

/// The whole log's case figures by the values of `by`.
pub fn breakdown(obs: &Observations, by: &str) -> Result<Vec<Breakdown>, PlanError> {
    let names = obs
        .cases
        .attribute_values(by)
        .ok_or_else(|| PlanError::UnknownBreakdown {
            name: by.to_string(),
        })?;
    let values = obs.cases.attribute(by).unwrap_or(&[]);
    Ok(names
        .into_iter()
        .map(|v| {
            let members: Vec<usize> = (0..obs.cases.len())
                .filter(|&i| values[i].as_ref() == Some(v))
                .collect();
            let f = figures(obs, &members);
            Breakdown {
                by: by.to_string(),
                value: v.clone(),
                cases: members.len(),
                figures: f,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_counts_as_complete_when_the_log_spans_95_percent_of_it() {
        let day = 86_400_000;
        let (from, to) = (0, 90 * day);
        assert!(covered((from, to), from, to));
        assert!(
            covered((day, 200 * day), from, to),
            "starts on the second day"
        );
        assert!(!covered((-day, 8 * day), from, to), "ends after eight days");
        assert!(!covered((100 * day, 200 * day), from, to), "outside");
        assert!(
            !covered((-day, 85 * day), from, to),
            "85 of 90 days is under 95%"
        );
    }

    #[test]
    fn calendar_periods_in_a_time_zone() {
        let d = NaiveDate::from_ymd_opt(2024, 5, 17).unwrap();
        assert_eq!(bounds_of(d, Grain::Quarter).2, "2024Q2");
        assert_eq!(bounds_of(d, Grain::Month).2, "2024-05");
        assert_eq!(bounds_of(d, Grain::Week).2, "2024-W20");
        let sh: Tz = "Asia/Shanghai".parse().unwrap();
        // 2024-04-01 00:00 in Shanghai is 2024-03-31 16:00 UTC.
        assert_eq!(
            crate::model::plan::local_midnight_ms(
                NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(),
                &sh
            ),
            1_711_900_800_000
        );
    }
}
