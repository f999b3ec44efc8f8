//! Scores per breakdown group (contract `survey.groups[]`): for each `--group` column
//! (and `file` when several files are read), each value's dimension and item means with
//! the n behind each. Which groups show them is the anonymity rule's decision
//! ([`Anonymity::breakdown`]), taken over the respondents, every dimension and every
//! item of the breakdown at once: a group hidden so that another cannot be derived by
//! subtraction says which one it protects.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::privacy::{Anonymity, Decision, FigureSizes};
use crate::model::survey::Survey;

/// Why a group shows no scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressedReason {
    /// Fewer respondents than the minimum group size.
    BelowMinimum,
    /// Hidden so that the groups in `protects` cannot be derived from the total and the
    /// groups shown.
    Protects,
}

/// Scores of one group of respondents (contract `survey.groups[]`).
#[derive(Debug, Clone, Serialize)]
pub struct GroupResult {
    /// The column grouped by.
    pub by: String,
    pub value: String,
    pub n: usize,
    /// No scores are shown (see `suppressed_reason`).
    pub suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed_reason: Option<SuppressedReason>,
    /// The groups this one is hidden to protect.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub protects: Vec<String>,
    /// Hidden also so that the respondents with no value in `by` cannot be derived.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub protects_no_value: bool,
    /// Dimension → mean score.
    pub dimensions: BTreeMap<String, f64>,
    /// Item → mean answer (as given).
    pub items: BTreeMap<String, f64>,
    /// Dimension → respondents behind its mean.
    pub dimension_n: BTreeMap<String, usize>,
    /// Item → answers behind its mean.
    pub item_n: BTreeMap<String, usize>,
    /// Dimensions and items left out because fewer than the minimum answered them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub too_few_answers: Vec<String>,
}

/// A figure a group may show: each respondent's value.
struct Figure {
    name: String,
    dimension: bool,
    values: Vec<Option<f64>>,
}

/// Every dimension's scores, then every item's answers.
fn figures(survey: &Survey) -> Vec<Figure> {
    let dimensions = survey.dimensions.iter().map(|d| Figure {
        name: d.name.clone(),
        dimension: true,
        values: super::dimension_scores(survey, d),
    });
    let items = survey.items.iter().map(|i| Figure {
        name: i.code.clone(),
        dimension: false,
        values: i.values.clone(),
    });
    dimensions.chain(items).collect()
}

/// The values of a breakdown column, sorted, once each.
fn distinct(values: &[Option<String>]) -> Vec<&String> {
    let mut names: Vec<&String> = values.iter().flatten().collect();
    names.sort();
    names.dedup();
    names
}

/// Dimension and item means per value of each breakdown column, as the anonymity rule
/// allows.
pub fn groups(survey: &Survey, anonymity: Anonymity) -> Vec<GroupResult> {
    let figures = figures(survey);
    survey
        .groups
        .iter()
        .flat_map(|(by, values)| breakdown(by, values, &figures, anonymity))
        .collect()
}

/// One breakdown column's groups.
fn breakdown(
    by: &str,
    values: &[Option<String>],
    figures: &[Figure],
    anonymity: Anonymity,
) -> Vec<GroupResult> {
    let names = distinct(values);
    let members: Vec<Vec<usize>> = names
        .iter()
        .map(|v| {
            (0..values.len())
                .filter(|r| values[*r].as_ref() == Some(*v))
                .collect()
        })
        .collect();
    let answered = |f: &Figure, m: &[usize]| m.iter().filter(|r| f.values[**r].is_some()).count();
    let mut sizes = vec![FigureSizes {
        total: values.len(),
        groups: members.iter().map(Vec::len).collect(),
    }];
    sizes.extend(figures.iter().map(|f| FigureSizes {
        total: f.values.iter().flatten().count(),
        groups: members.iter().map(|m| answered(f, m)).collect(),
    }));
    let decisions = anonymity.breakdown(&sizes);
    names
        .iter()
        .zip(&members)
        .zip(&decisions)
        .map(|((value, m), d)| {
            let mut g = hidden_group(by, value, m.len(), d, &names);
            if let Decision::Shown { too_few } = d {
                fill(&mut g, m, figures, too_few);
            }
            g
        })
        .collect()
}

/// A group with no scores yet: suppressed unless the decision shows it.
fn hidden_group(by: &str, value: &str, n: usize, d: &Decision, names: &[&String]) -> GroupResult {
    let (reason, protects, no_value) = match d {
        Decision::Shown { .. } => (None, Vec::new(), false),
        Decision::Protects { sets, outside } => (
            Some(SuppressedReason::Protects),
            sets.iter().map(|s| names[*s].clone()).collect(),
            *outside,
        ),
        _ => (Some(SuppressedReason::BelowMinimum), Vec::new(), false),
    };
    GroupResult {
        by: by.to_string(),
        value: value.to_string(),
        n,
        suppressed: reason.is_some(),
        suppressed_reason: reason,
        protects,
        protects_no_value: no_value,
        dimensions: BTreeMap::new(),
        items: BTreeMap::new(),
        dimension_n: BTreeMap::new(),
        item_n: BTreeMap::new(),
        too_few_answers: Vec::new(),
    }
}

/// A shown group's means and their n; `too_few` are figure indices (1 = the first
/// figure) the rule leaves out.
fn fill(g: &mut GroupResult, members: &[usize], figures: &[Figure], too_few: &[usize]) {
    for (i, f) in figures.iter().enumerate() {
        if too_few.contains(&(i + 1)) {
            g.too_few_answers.push(f.name.clone());
            continue;
        }
        let xs: Vec<f64> = members.iter().filter_map(|r| f.values[*r]).collect();
        if xs.is_empty() {
            continue;
        }
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let (means, ns) = if f.dimension {
            (&mut g.dimensions, &mut g.dimension_n)
        } else {
            (&mut g.items, &mut g.item_n)
        };
        means.insert(f.name.clone(), mean);
        ns.insert(f.name.clone(), xs.len());
    }
}
