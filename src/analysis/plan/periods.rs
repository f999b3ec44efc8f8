//! The baseline and comparison periods: which cases belong to each (by their start),
//! which of them are censored (still open at the period's end, or with work still open
//! at the end of the data: they are counted, not silently dropped, and left out of the
//! figures), and which survey respondents (by period column, by submission date, or
//! first file against last file).

use crate::error::PlanError;
use serde::Serialize;

use crate::analysis::observations::Observations;
use crate::ingest::time::ms_to_iso;
use crate::model::plan::PeriodSpec;
use crate::model::survey::Survey;

/// One period.
#[derive(Debug, Clone, Serialize)]
pub struct Window {
    /// `baseline`, `after`, or the period column's value.
    pub name: String,
    /// ISO 8601 bounds, when the period has them.
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(skip)]
    pub from_ms: i64,
    #[serde(skip)]
    pub to_ms: i64,
    /// The bounds as given (`None`: open-ended), for survey answers, which may fall
    /// outside the task log's dates.
    #[serde(skip)]
    pub bounds: (Option<i64>, Option<i64>),
    /// Cases that started in the period.
    pub cases: usize,
    /// Of them, still open at the period's end (left out of the figures).
    pub censored: usize,
    /// Survey respondents in the period.
    pub respondents: usize,
    /// How respondents were assigned: `column`, `submitted`, `file` or `none`.
    pub respondents_by: &'static str,
    /// Per case: in the period and not censored.
    #[serde(skip)]
    pub case_mask: Vec<bool>,
    #[serde(skip)]
    pub respondent_mask: Vec<bool>,
}

/// Both periods.
#[derive(Debug, Clone, Serialize)]
pub struct Periods {
    pub baseline: Window,
    pub after: Window,
    /// How the periods were given (`ranges`, `split`, `column`).
    pub by: &'static str,
}

/// Words that name a baseline or a comparison period, lower-cased.
const BASELINE_WORDS: &[&str] = &[
    "baseline",
    "before",
    "pre",
    "改进前",
    "基线",
    "优化前",
    "前",
];
const AFTER_WORDS: &[&str] = &["after", "post", "current", "改进后", "优化后", "后"];

/// The baseline and comparison values of a period column: named ones first, else the
/// first and last by first appearance.
fn period_values(values_in_order: &[String]) -> Option<(String, String)> {
    let find = |words: &[&str]| {
        values_in_order
            .iter()
            .find(|v| words.contains(&v.trim().to_lowercase().as_str()))
            .cloned()
    };
    let first = values_in_order.first()?.clone();
    let last = values_in_order.last()?.clone();
    let b = find(BASELINE_WORDS).unwrap_or(first);
    let a = find(AFTER_WORDS).unwrap_or(last);
    (a != b).then_some((b, a))
}

fn window(name: &str, from: Option<i64>, to: Option<i64>, data: (i64, i64)) -> Window {
    Window {
        name: name.to_string(),
        from: from.map(ms_to_iso),
        to: to.map(ms_to_iso),
        from_ms: from.unwrap_or(data.0),
        to_ms: to.unwrap_or(data.1),
        bounds: (from, to),
        cases: 0,
        censored: 0,
        respondents: 0,
        respondents_by: "none",
        case_mask: Vec::new(),
        respondent_mask: Vec::new(),
    }
}

/// Periods named by a case attribute's values: the first value seen (by start) is the
/// baseline; each period spans its cases.
fn by_column(
    name: &str,
    obs: &Observations,
    survey: Option<&Survey>,
    data: (i64, i64),
) -> Result<Periods, PlanError> {
    let c = &obs.cases;
    let values = c
        .attribute(name)
        .ok_or_else(|| PlanError::UnknownPeriodColumn {
            name: name.to_string(),
        })?;
    let mut order: Vec<(i64, String)> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            match order.iter_mut().find(|(_, x)| x == v) {
                Some(e) => e.0 = e.0.min(c.start_ms[i]),
                None => order.push((c.start_ms[i], v.clone())),
            }
        }
    }
    order.sort();
    let names: Vec<String> = order.into_iter().map(|(_, v)| v).collect();
    let (bn, an) = period_values(&names).ok_or_else(|| PlanError::PeriodValues {
        name: name.to_string(),
    })?;
    let mut b = window(&bn, None, None, data);
    let mut a = window(&an, None, None, data);
    for w in [&mut b, &mut a] {
        let members: Vec<bool> = values
            .iter()
            .map(|v| v.as_deref() == Some(w.name.as_str()))
            .collect();
        let of_members = |times: &[i64]| -> Vec<i64> {
            times
                .iter()
                .zip(&members)
                .filter(|(_, m)| **m)
                .map(|(t, _)| *t)
                .collect()
        };
        w.from_ms = of_members(&c.start_ms).into_iter().min().unwrap_or(data.0);
        w.to_ms = of_members(&c.end_ms).into_iter().max().unwrap_or(data.1);
        fill(w, &members, &c.open, &c.end_ms, false);
    }
    assign_respondents(&mut b, &mut a, survey, Some(name));
    Ok(Periods {
        baseline: b,
        after: a,
        by: "column",
    })
}

/// Assigns cases (and respondents) to the periods.
pub fn assign(
    spec: &PeriodSpec,
    obs: &Observations,
    survey: Option<&Survey>,
) -> Result<Periods, PlanError> {
    let c = &obs.cases;
    let data = (
        c.start_ms.iter().copied().min().unwrap_or(0),
        c.end_ms.iter().copied().max().unwrap_or(0),
    );
    let (mut b, mut a, by) = match spec {
        PeriodSpec::Ranges { baseline, after } => (
            window("baseline", baseline.0, baseline.1, data),
            window("after", after.0, after.1, data),
            "ranges",
        ),
        PeriodSpec::Split(t) => (
            window("baseline", None, Some(t - 1), data),
            window("after", Some(*t), None, data),
            "split",
        ),
        PeriodSpec::Column(name) => return by_column(name, obs, survey, data),
    };
    for w in [&mut b, &mut a] {
        let members: Vec<bool> = c
            .start_ms
            .iter()
            .map(|s| *s >= w.from_ms && *s <= w.to_ms)
            .collect();
        fill(w, &members, &c.open, &c.end_ms, w.to.is_some());
    }
    assign_respondents(&mut b, &mut a, survey, None);
    Ok(Periods {
        baseline: b,
        after: a,
        by,
    })
}

/// Sets a window's cases: members that are open at its end are censored.
fn fill(w: &mut Window, members: &[bool], open: &[bool], end_ms: &[i64], bounded: bool) {
    w.cases = members.iter().filter(|m| **m).count();
    w.case_mask = members
        .iter()
        .enumerate()
        .map(|(i, m)| *m && !open[i] && !(bounded && end_ms[i] > w.to_ms))
        .collect();
    w.censored = w.cases - w.case_mask.iter().filter(|m| **m).count();
}

/// Respondents by the period column when the survey has it, else by submission date
/// (for date periods), else the first file against the last.
fn assign_respondents(
    b: &mut Window,
    a: &mut Window,
    survey: Option<&Survey>,
    column: Option<&str>,
) {
    let Some(s) = survey else { return };
    let group = |name: &str| s.groups.iter().find(|(g, _)| g == name).map(|(_, v)| v);
    let (mb, ma, by): (Vec<bool>, Vec<bool>, &'static str) =
        if let Some(values) = column.and_then(group) {
            let is = |v: &Option<String>, name: &str| v.as_deref() == Some(name);
            (
                values.iter().map(|v| is(v, &b.name)).collect(),
                values.iter().map(|v| is(v, &a.name)).collect(),
                "column",
            )
        } else if column.is_none() && s.submitted.iter().any(Option::is_some) {
            let inside = |w: &Window, t: &Option<i64>| {
                t.is_some_and(|t| {
                    w.bounds.0.is_none_or(|f| t >= f) && w.bounds.1.is_none_or(|e| t <= e)
                })
            };
            (
                s.submitted.iter().map(|t| inside(b, t)).collect(),
                s.submitted.iter().map(|t| inside(a, t)).collect(),
                "submitted",
            )
        } else if let Some(files) = group("file") {
            let mut names: Vec<&String> = Vec::new();
            for f in files.iter().flatten() {
                if !names.contains(&f) {
                    names.push(f);
                }
            }
            let (first, last) = (names.first().copied(), names.last().copied());
            (
                files
                    .iter()
                    .map(|f| f.as_ref() == first && first != last)
                    .collect(),
                files
                    .iter()
                    .map(|f| f.as_ref() == last && first != last)
                    .collect(),
                "file",
            )
        } else {
            return;
        };
    b.respondents = mb.iter().filter(|x| **x).count();
    a.respondents = ma.iter().filter(|x| **x).count();
    b.respondent_mask = mb;
    a.respondent_mask = ma;
    b.respondents_by = by;
    a.respondents_by = by;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_column_values() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            period_values(&v(&["改进后", "改进前"])),
            Some(("改进前".into(), "改进后".into()))
        );
        assert_eq!(
            period_values(&v(&["2024春", "2024秋"])),
            Some(("2024春".into(), "2024秋".into()))
        );
        assert_eq!(period_values(&v(&["only"])), None);
    }
}
