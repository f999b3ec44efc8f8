//! The survey beside the task log (contract `survey_log`), when they share something:
//!
//! - **Departments**: a survey breakdown whose values name at least two of the log's
//!   departments. Each shown group's dimension scores sit beside its department's
//!   waiting (mean hours before its events), the median delay of handoffs it receives
//!   and its rework events. Spearman's ρ between each dimension and each figure only
//!   with at least [`MIN_DEPARTMENTS`] departments shown; groups the anonymity rule
//!   hides are left out (never shown beside the log).
//! - **Perceived vs measured bottleneck**: a multi-select question whose options name at
//!   least two stages ("which stage takes longest?"): votes per stage beside the stage's
//!   rank by waiting; stages in one top three and not the other are called out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::analysis::observations::Observations;
use crate::analysis::stats::{quantile_linear, MS_PER_HOUR};
use crate::analysis::survey::SurveyAnalysis;
use crate::analysis::TasklogAnalysis;

/// Spearman's ρ needs at least this many departments.
pub const MIN_DEPARTMENTS: usize = 5;
/// How many stages count as "the top" on each side.
const TOP: usize = 3;

/// One department in both sources.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DepartmentRow {
    pub department: String,
    pub respondents: usize,
    pub dimensions: BTreeMap<String, f64>,
    /// Mean waiting before its events, hours.
    pub mean_wait_hours: Option<f64>,
    /// Median delay of the handoffs it receives, hours.
    pub handoff_in_median_hours: Option<f64>,
    /// Second and later occurrences of a stage in a case, done by it.
    pub rework_events: usize,
}

/// Spearman's ρ of a dimension and a log figure over the departments.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Correlation {
    pub dimension: String,
    /// `mean_wait_hours`, `handoff_in_median_hours` or `rework_events`.
    pub figure: &'static str,
    pub n: usize,
    pub rho: f64,
}

/// Survey groups beside log departments.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Departments {
    /// The survey column whose values are departments.
    pub by: String,
    pub rows: Vec<DepartmentRow>,
    /// Empty when fewer than [`MIN_DEPARTMENTS`] departments are shown.
    pub correlations: Vec<Correlation>,
    /// Groups left out because the anonymity rule hides them.
    pub suppressed_groups: usize,
}

/// One stage as staff see it and as the log measures it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageView {
    pub stage: String,
    pub votes: usize,
    /// votes / respondents who answered the question.
    pub vote_share: f64,
    /// 1 = most votes (ties share the better rank).
    pub vote_rank: usize,
    /// Rank in the bottleneck table (by share of waiting); null when it never waits.
    pub measured_rank: Option<usize>,
    pub wait_share: f64,
}

/// Perceived vs measured bottleneck.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Perceived {
    pub question: String,
    pub text: String,
    pub respondents: usize,
    pub stages: Vec<StageView>,
    /// In staff's top three, not in the log's.
    pub perceived_only: Vec<String>,
    /// In the log's top three, not in staff's.
    pub measured_only: Vec<String>,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct SurveyLog {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub departments: Option<Departments>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perceived: Option<Perceived>,
}

/// Ranks 1..n with ties averaged.
fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|a, b| x[*a].total_cmp(&x[*b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's ρ (Pearson's r of the ranks, ties averaged, as scipy.stats.spearmanr);
/// `None` when either side is constant.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    (vx > 0.0 && vy > 0.0).then(|| cov / (vx * vy).sqrt())
}

/// Per department of the log: mean wait, median handoff-in delay, rework events.
fn log_figures(obs: &Observations) -> Vec<(Option<f64>, Option<f64>, usize)> {
    let e = &obs.events;
    let n = e.departments.len();
    let mut waits: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut rework = vec![0usize; n];
    for (i, in_repeat) in e.in_repeat_visit().into_iter().enumerate() {
        let repeat = in_repeat && !e.continues[i];
        let Some(d) = e.department.at(i) else {
            continue;
        };
        if let Some(w) = e.wait_ms.at(i) {
            waits[d].push(w as f64);
        }
        rework[d] += usize::from(repeat);
    }
    let mut into: Vec<Vec<f64>> = vec![Vec::new(); n];
    for h in &obs.handoffs {
        into[h.to as usize].push(h.delay_ms as f64);
    }
    (0..n)
        .map(|d| {
            let mean = (!waits[d].is_empty())
                .then(|| waits[d].iter().sum::<f64>() / waits[d].len() as f64 / MS_PER_HOUR);
            let median =
                (!into[d].is_empty()).then(|| quantile_linear(&mut into[d], 0.5) / MS_PER_HOUR);
            (mean, median, rework[d])
        })
        .collect()
}

/// The survey breakdown that names the most log departments (at least two).
fn departments(obs: &Observations, survey: &SurveyAnalysis) -> Option<Departments> {
    let names = &obs.events.departments;
    let mut by_col: BTreeMap<&str, usize> = BTreeMap::new();
    for g in &survey.groups {
        if names.contains(&g.value) {
            *by_col.entry(g.by.as_str()).or_default() += 1;
        }
    }
    let (by, _) = by_col
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(b, n)| (*n, std::cmp::Reverse(*b)))?;
    let figures = log_figures(obs);
    let groups: Vec<_> = survey.groups.iter().filter(|g| g.by == by).collect();
    let rows: Vec<DepartmentRow> = groups
        .iter()
        .filter(|g| !g.suppressed)
        .filter_map(|g| {
            let d = names.iter().position(|n| *n == g.value)?;
            let (mean_wait_hours, handoff_in_median_hours, rework_events) = figures[d];
            Some(DepartmentRow {
                department: g.value.clone(),
                respondents: g.n,
                dimensions: g.dimensions.clone(),
                mean_wait_hours,
                handoff_in_median_hours,
                rework_events,
            })
        })
        .collect();
    Some(Departments {
        by: by.to_string(),
        correlations: correlations(&rows),
        suppressed_groups: groups.iter().filter(|g| g.suppressed).count(),
        rows,
    })
}

/// ρ of every dimension with every figure, over departments that have both.
fn correlations(rows: &[DepartmentRow]) -> Vec<Correlation> {
    if rows.len() < MIN_DEPARTMENTS {
        return Vec::new();
    }
    let dims: BTreeSet<&String> = rows.iter().flat_map(|r| r.dimensions.keys()).collect();
    type Figure = fn(&DepartmentRow) -> Option<f64>;
    let figures: [(&'static str, Figure); 3] = [
        ("mean_wait_hours", |r| r.mean_wait_hours),
        ("handoff_in_median_hours", |r| r.handoff_in_median_hours),
        ("rework_events", |r| Some(r.rework_events as f64)),
    ];
    let mut out = Vec::new();
    for dim in dims {
        for (figure, get) in figures {
            let pairs: Vec<(f64, f64)> = rows
                .iter()
                .filter_map(|r| Some((*r.dimensions.get(dim)?, get(r)?)))
                .collect();
            if pairs.len() < MIN_DEPARTMENTS {
                continue;
            }
            let (x, y): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
            if let Some(rho) = spearman(&x, &y) {
                out.push(Correlation {
                    dimension: dim.clone(),
                    figure,
                    n: x.len(),
                    rho,
                });
            }
        }
    }
    out
}

/// The multi-select whose options name the most stages (at least two).
fn perceived(t: &TasklogAnalysis, survey: &SurveyAnalysis) -> Option<Perceived> {
    let stages: BTreeSet<&str> = t.stages.iter().map(|s| s.stage.as_str()).collect();
    let m = survey
        .multi_selects
        .iter()
        .map(|m| {
            (
                m,
                m.options
                    .iter()
                    .filter(|o| stages.contains(o.option.trim()))
                    .count(),
            )
        })
        .filter(|(_, k)| *k >= 2)
        .max_by_key(|(_, k)| *k)?
        .0;
    let mut views: Vec<StageView> = m
        .options
        .iter()
        .filter(|o| stages.contains(o.option.trim()))
        .map(|o| {
            let b = t.bottlenecks.iter().find(|b| b.stage == o.option.trim());
            StageView {
                stage: o.option.trim().to_string(),
                votes: o.count,
                vote_share: o.count as f64 / m.n.max(1) as f64,
                vote_rank: 0,
                measured_rank: b.map(|b| b.rank),
                wait_share: b.map_or(0.0, |b| b.wait_share),
            }
        })
        .collect();
    views.sort_by(|a, b| b.votes.cmp(&a.votes).then_with(|| a.stage.cmp(&b.stage)));
    let votes: Vec<usize> = views.iter().map(|v| v.votes).collect();
    for v in &mut views {
        v.vote_rank = 1 + votes.iter().filter(|x| **x > v.votes).count();
    }
    let staff: Vec<&StageView> = views.iter().filter(|v| v.vote_rank <= TOP).collect();
    let log: BTreeSet<&str> = t
        .bottlenecks
        .iter()
        .filter(|b| b.rank <= TOP)
        .map(|b| b.stage.as_str())
        .collect();
    let perceived_only = staff
        .iter()
        .filter(|v| !log.contains(v.stage.as_str()))
        .map(|v| v.stage.clone())
        .collect();
    let staff_names: BTreeSet<&str> = staff.iter().map(|v| v.stage.as_str()).collect();
    let measured_only = t
        .bottlenecks
        .iter()
        .filter(|b| b.rank <= TOP && !staff_names.contains(b.stage.as_str()))
        .map(|b| b.stage.clone())
        .collect();
    Some(Perceived {
        question: m.question.clone(),
        text: m.text.clone(),
        respondents: m.n,
        stages: views,
        perceived_only,
        measured_only,
    })
}

/// The comparison, or `None` when the survey and the log share nothing.
pub fn compare(
    t: &TasklogAnalysis,
    obs: &Observations,
    survey: &SurveyAnalysis,
) -> Option<SurveyLog> {
    let s = SurveyLog {
        departments: departments(obs, survey),
        perceived: perceived(t, survey),
    };
    (s.departments.is_some() || s.perceived.is_some()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_matches_scipy_with_ties() {
        // scipy.stats.spearmanr([1, 2, 2, 4, 5], [5, 6, 4, 8, 9]).statistic = 0.8207826816681234 (scipy 1.x)
        let rho = spearman(&[1.0, 2.0, 2.0, 4.0, 5.0], &[5.0, 6.0, 4.0, 8.0, 9.0]).unwrap();
        assert!((rho - 0.820_782_681_668_123_4).abs() < 1e-12, "{rho}");
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), Some(-1.0));
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(ranks(&[10.0, 20.0, 10.0]), [1.5, 3.0, 1.5]);
    }
}
