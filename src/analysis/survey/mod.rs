//! The survey part of the analysis (contract section `survey`): item statistics on the
//! answers as given (a reversed item is flagged, not flipped), NPS for 0–10 items, per
//! dimension the mean score and reliability with reversed items flipped
//! (x' = min + max − x), breakdown groups ([`groups`]: shown as the anonymity rule
//! allows), multi-select and single-choice counts, open-text answers with their keywords
//! (never beside a hidden group's value), and completion times.

pub mod groups;
pub mod keywords;
pub mod reliability;
pub mod satisfaction;

pub use groups::{GroupResult, SuppressedReason};

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::keywords::{keywords, Keyword};
use crate::analysis::privacy::Anonymity;
use crate::analysis::reliability::{
    alpha_if_dropped, corrected_item_total, cronbach_alpha, Missing,
};
use crate::analysis::satisfaction::{item_stats, nps, top2box, Nps};
use crate::model::survey::{
    Assumption, Item, MultiSelect, ScaleLevel, ScaleSuggestion, Survey, UnscoredItem,
};

/// Statistics of one item (contract `survey.items[]`).
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    pub item: String,
    pub text: String,
    /// `MIN-MAX`.
    pub scale: String,
    pub n: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    /// Share of answers in the top two levels.
    pub top2box: Option<f64>,
    pub top2box_ci95: Option<[f64; 2]>,
    /// Level (label, or number) → count.
    pub distribution: BTreeMap<String, usize>,
    /// The levels from lowest to highest, and their counts in the same order.
    pub levels: Vec<String>,
    pub level_counts: Vec<usize>,
    /// "Don't know"/不适用 answers, not scored.
    pub not_applicable: usize,
    /// Answers outside the scale, not scored.
    pub invalid: usize,
    /// Not shown to the respondent by the survey's logic.
    pub skipped: usize,
    pub reversed: bool,
    /// The matrix question the item is a row of.
    pub question: Option<String>,
    /// For 0–10 items.
    pub nps: Option<Nps>,
    /// The scale family (`agreement`, `frequency (zh)`, a custom scale's name,
    /// `numbered`, `numeric`).
    pub scale_family: String,
    pub scale_points: usize,
    /// Every level, lowest first, with the score it got.
    pub scale_levels: Vec<ScaleLevel>,
    /// What was assumed to score the answers, with the answers each affected.
    pub assumptions: Vec<Assumption>,
}

/// One item inside a dimension.
#[derive(Debug, Clone, Serialize)]
pub struct DimensionItem {
    pub item: String,
    pub alpha_if_dropped: Option<f64>,
    /// Corrected item–total correlation (item vs the sum of the others).
    pub r_drop: Option<f64>,
    /// A negative r_drop: probably reverse-keyed but not declared so.
    pub probably_reversed: bool,
}

/// A dimension's score and reliability (contract `survey.dimensions[]`).
#[derive(Debug, Clone, Serialize)]
pub struct DimensionResult {
    pub name: String,
    pub items: Vec<String>,
    pub reversed: Vec<String>,
    /// Mean over respondents of their mean item score (reversed items flipped;
    /// respondents who answered at least half the items).
    pub mean: Option<f64>,
    /// Respondents with a score.
    pub n: usize,
    /// Cronbach's α with the chosen missing-data policy.
    pub alpha: Option<f64>,
    pub alpha_ci95: Option<[f64; 2]>,
    pub alpha_missing: Missing,
    /// Respondents who answered every item of the dimension.
    pub n_complete: usize,
    /// Listwise: Feldt's interval with n = complete respondents (psych); `alpha_ci95`
    /// uses all respondents, as pingouin does.
    pub alpha_ci95_complete: Option<[f64; 2]>,
    pub item_stats: Vec<DimensionItem>,
}

/// One option of a multi-select question.
#[derive(Debug, Clone, Serialize)]
pub struct OptionCount {
    pub option: String,
    pub count: usize,
    /// Share of the respondents who answered the question.
    pub share: f64,
    /// Ranking questions: the mean rank among those who ranked it (1 = first).
    pub mean_rank: Option<f64>,
}

/// A multi-select or ranking question (contract `survey.multi_selects[]`).
#[derive(Debug, Clone, Serialize)]
pub struct MultiResult {
    pub question: String,
    pub text: String,
    /// Respondents who answered it.
    pub n: usize,
    pub ranking: bool,
    /// Options by count, most chosen first.
    pub options: Vec<OptionCount>,
    /// How many "other, please specify" texts were written (they are listed with the
    /// open-text answers).
    pub other_texts: usize,
}

/// A single-choice question (contract `survey.choices[]`).
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceResult {
    pub question: String,
    pub text: String,
    pub n: usize,
    /// Answers by count, most frequent first.
    pub answers: Vec<(String, usize)>,
    /// Ordinal-looking answers of no known scale: the levels a `[[survey.scales]]`
    /// block would need to score them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_scale: Option<ScaleSuggestion>,
}

/// The free-text answers of one question (contract `survey.open_text[]`).
#[derive(Debug, Clone, Serialize)]
pub struct OpenTextResult {
    pub question: String,
    pub text: OpenQuestion,
    pub n: usize,
    /// The most frequent words (answers mentioning each).
    pub keywords: Vec<Keyword>,
    /// Every answer, in file order.
    pub answers: Vec<String>,
    /// With `--include-personal`: who gave each answer (their personal columns).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answered_by: Vec<String>,
}

/// The text of an open question: the question as read, or the "other" box of a choice
/// question (contract `text`, worded "… (other)" there).
#[derive(Debug, Clone, PartialEq)]
pub struct OpenQuestion {
    pub text: String,
    /// The free text of a choice question's "other" option.
    pub other: bool,
}

impl Serialize for OpenQuestion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&crate::words::open_question(crate::words::Lang::En, self))
    }
}

/// How long respondents took (contract `survey.completion_seconds`).
#[derive(Debug, Clone, Serialize)]
pub struct Completion {
    pub n: usize,
    pub median: f64,
    pub p25: f64,
    pub p75: f64,
    /// Responses faster than a third of the median ("speeders"; their answers may be
    /// careless).
    pub speeders: usize,
}

/// The survey section.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyAnalysis {
    /// The export's platform (`问卷星 (wjx)`, `Qualtrics`, `plain`, …).
    pub platform: String,
    pub respondents: usize,
    pub items: Vec<ItemResult>,
    pub dimensions: Vec<DimensionResult>,
    pub groups: Vec<GroupResult>,
    /// Groups with fewer respondents are suppressed.
    pub min_group: usize,
    pub multi_selects: Vec<MultiResult>,
    pub choices: Vec<ChoiceResult>,
    /// Rating items not scored because their answers fit several scales (they are
    /// counted with the single choices).
    pub unscored_items: Vec<UnscoredItem>,
    pub open_text: Vec<OpenTextResult>,
    pub completion_seconds: Option<Completion>,
    /// First and last submission, ISO 8601 UTC, where the export says.
    pub submitted_from: Option<String>,
    pub submitted_to: Option<String>,
    /// Columns left out because they identify people.
    pub personal_columns_left_out: Vec<String>,
}

fn level_name(item: &Item, v: f64) -> String {
    let idx = (v - item.min).round();
    if !item.labels.is_empty() && idx >= 0.0 {
        if let Some(l) = item.labels.get(idx as usize) {
            return format!("{} {l}", v as i64);
        }
    }
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn item_result(item: &Item) -> ItemResult {
    let s = item_stats(&item.values);
    let mut distribution = BTreeMap::new();
    for v in item.values.iter().flatten() {
        *distribution.entry(level_name(item, *v)).or_insert(0) += 1;
    }
    let t2b = top2box(&item.values, item.max);
    let steps = (item.max - item.min).round().max(0.0) as usize;
    let levels: Vec<f64> = (0..=steps).map(|i| item.min + i as f64).collect();
    let level_counts = levels
        .iter()
        .map(|l| {
            item.values
                .iter()
                .flatten()
                .filter(|v| (*v - l).abs() < 1e-9)
                .count()
        })
        .collect();
    ItemResult {
        item: item.code.clone(),
        text: item.text.clone(),
        scale: format!("{}-{}", item.min, item.max),
        n: s.n,
        mean: s.mean,
        sd: s.sd,
        ci95: s.ci95,
        top2box: t2b.map(|t| t.0),
        top2box_ci95: t2b.map(|t| t.1),
        distribution,
        levels: levels.iter().map(|l| level_name(item, *l)).collect(),
        level_counts,
        not_applicable: item.not_applicable,
        invalid: item.invalid,
        skipped: item.skipped,
        reversed: item.reversed,
        question: item.question.clone(),
        nps: (item.min == 0.0 && item.max == 10.0)
            .then(|| nps(&item.values))
            .flatten(),
        scale_family: item.scale_family.clone(),
        scale_points: item.scale_levels.len(),
        scale_levels: item.scale_levels.clone(),
        assumptions: item.assumptions.clone(),
    }
}

/// Item values with reversed items flipped.
fn scored(item: &Item, reversed: bool) -> Vec<Option<f64>> {
    if reversed {
        item.values
            .iter()
            .map(|v| v.map(|x| item.min + item.max - x))
            .collect()
    } else {
        item.values.clone()
    }
}

/// The dimension's item columns, reversed items flipped.
fn dimension_columns(
    survey: &Survey,
    members: &[String],
    reversed: &[String],
) -> Vec<Vec<Option<f64>>> {
    members
        .iter()
        .filter_map(|m| survey.items.iter().find(|i| &i.code == m))
        .map(|i| scored(i, reversed.contains(&i.code)))
        .collect()
}

/// Each respondent's dimension score: the mean of their answered items, when they
/// answered at least half of them.
fn respondent_scores(cols: &[Vec<Option<f64>>]) -> Vec<Option<f64>> {
    let k = cols.len();
    let n = cols.first().map_or(0, Vec::len);
    (0..n)
        .map(|r| {
            let answered: Vec<f64> = cols
                .iter()
                .filter_map(|c| c.get(r).copied().flatten())
                .collect();
            (k > 0 && answered.len() * 2 >= k)
                .then(|| answered.iter().sum::<f64>() / answered.len() as f64)
        })
        .collect()
}

/// Each respondent's score on a dimension (reversed items flipped; `None` when they
/// answered fewer than half of its items).
pub fn dimension_scores(
    survey: &Survey,
    dimension: &crate::model::survey::Dimension,
) -> Vec<Option<f64>> {
    respondent_scores(&dimension_columns(
        survey,
        &dimension.items,
        &dimension.reversed,
    ))
}

/// Mean of the present values.
fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn dimension_result(
    survey: &Survey,
    name: &str,
    members: &[String],
    reversed: &[String],
    missing: Missing,
) -> DimensionResult {
    let cols = dimension_columns(survey, members, reversed);
    let scores: Vec<f64> = respondent_scores(&cols).into_iter().flatten().collect();
    let alpha = cronbach_alpha(&cols, missing);
    let item_stats = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let r_drop = corrected_item_total(&cols, i);
            DimensionItem {
                item: m.clone(),
                alpha_if_dropped: alpha_if_dropped(&cols, i, missing),
                r_drop,
                probably_reversed: r_drop.is_some_and(|r| r < 0.0),
            }
        })
        .collect();
    DimensionResult {
        name: name.into(),
        items: members.to_vec(),
        reversed: reversed.to_vec(),
        mean: (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64),
        n: scores.len(),
        alpha: alpha.map(|a| a.alpha),
        alpha_ci95: alpha.map(|a| a.ci95),
        alpha_missing: missing,
        n_complete: alpha.map_or(0, |a| a.n_complete),
        alpha_ci95_complete: alpha.and_then(|a| a.ci95_complete),
        item_stats,
    }
}

/// Keywords listed per open-text question.
pub const TOP_KEYWORDS: usize = 12;

fn multi_result(m: &MultiSelect) -> MultiResult {
    let n = m.answered.iter().filter(|a| **a).count();
    let mut options: Vec<OptionCount> = m
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let count = m.chosen[i].iter().filter(|c| **c).count();
            let mean_rank = m
                .rank
                .as_ref()
                .and_then(|r| mean(r.get(i)?.iter().flatten().map(|x| f64::from(*x))));
            OptionCount {
                option: o.clone(),
                count,
                share: if n > 0 { count as f64 / n as f64 } else { 0.0 },
                mean_rank,
            }
        })
        .collect();
    options.sort_by_key(|o| std::cmp::Reverse(o.count));
    MultiResult {
        question: m.code.clone(),
        text: m.text.clone(),
        n,
        ranking: m.rank.is_some(),
        options,
        other_texts: m.other.len(),
    }
}

fn open_result(
    question: &str,
    text: OpenQuestion,
    answers: Vec<String>,
    answered_by: Vec<String>,
) -> OpenTextResult {
    let refs: Vec<&str> = answers.iter().map(String::as_str).collect();
    OpenTextResult {
        question: question.to_string(),
        text,
        n: answers.len(),
        keywords: keywords(&refs, TOP_KEYWORDS),
        answers,
        answered_by,
    }
}

/// Who gave respondent `r`'s answers: their personal columns joined, only when the
/// user kept them (`--include-personal`). A column that is also a breakdown shows its
/// value only when that group is shown: an answer is never attributed to a hidden group.
fn who(survey: &Survey, groups: &[GroupResult], r: usize) -> String {
    let may_name = |by: &str, value: &str| {
        !survey.groups.iter().any(|(g, _)| g == by)
            || groups
                .iter()
                .any(|g| g.by == by && g.value == value && !g.suppressed)
    };
    survey
        .personal_values
        .iter()
        .filter_map(|(by, v)| v.get(r).cloned().flatten().filter(|x| may_name(by, x)))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Linear-interpolated percentile (numpy's default).
fn percentile(values: &[f64], q: f64) -> f64 {
    crate::analysis::stats::quantile_linear(&mut values.to_vec(), q)
}

fn completion(seconds: &[Option<f64>]) -> Option<Completion> {
    let mut xs: Vec<f64> = seconds.iter().flatten().copied().collect();
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let median = percentile(&xs, 0.5);
    Some(Completion {
        n: xs.len(),
        median,
        p25: percentile(&xs, 0.25),
        p75: percentile(&xs, 0.75),
        speeders: xs.iter().filter(|x| **x * 3.0 < median).count(),
    })
}

/// The open questions' answers, then the "other" boxes of choice questions.
fn open_texts(survey: &Survey, groups: &[GroupResult]) -> Vec<OpenTextResult> {
    let mut open_text: Vec<OpenTextResult> = survey
        .open
        .iter()
        .map(|o| {
            let answered: Vec<usize> = (0..o.answers.len())
                .filter(|r| o.answers[*r].is_some())
                .collect();
            let by = if survey.personal_values.is_empty() {
                Vec::new()
            } else {
                answered.iter().map(|r| who(survey, groups, *r)).collect()
            };
            open_result(
                &o.code,
                OpenQuestion {
                    text: o.text.clone(),
                    other: false,
                },
                o.answers.iter().flatten().cloned().collect(),
                by,
            )
        })
        .collect();
    for m in survey.multi.iter().filter(|m| !m.other.is_empty()) {
        open_text.push(open_result(
            &m.code,
            OpenQuestion {
                text: m.text.clone(),
                other: true,
            },
            m.other.clone(),
            Vec::new(),
        ));
    }
    open_text
}

/// Analyses a survey; groups the anonymity rule hides show their count only.
pub fn analyze_survey(survey: &Survey, missing: Missing, anonymity: Anonymity) -> SurveyAnalysis {
    let groups = groups::groups(survey, anonymity);
    let open_text = open_texts(survey, &groups);
    let submitted: Vec<i64> = survey.submitted.iter().flatten().copied().collect();
    SurveyAnalysis {
        platform: survey.platform.clone(),
        groups,
        min_group: anonymity.min_group,
        respondents: survey.respondents,
        multi_selects: survey.multi.iter().map(multi_result).collect(),
        choices: survey
            .choices
            .iter()
            .filter(|c| c.question)
            .map(|c| {
                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                for v in c.values.iter().flatten() {
                    *counts.entry(v).or_default() += 1;
                }
                let mut answers: Vec<(String, usize)> = counts
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                answers.sort_by_key(|a| std::cmp::Reverse(a.1));
                ChoiceResult {
                    question: c.code.clone(),
                    text: c.text.clone(),
                    n: c.values.iter().flatten().count(),
                    answers,
                    suggested_scale: c.suggested_scale.clone(),
                }
            })
            .collect(),
        unscored_items: survey.unscored.clone(),
        open_text,
        completion_seconds: completion(&survey.duration_seconds),
        submitted_from: submitted
            .iter()
            .min()
            .map(|t| crate::ingest::time::ms_to_iso(*t)),
        submitted_to: submitted
            .iter()
            .max()
            .map(|t| crate::ingest::time::ms_to_iso(*t)),
        items: survey.items.iter().map(item_result).collect(),
        dimensions: survey
            .dimensions
            .iter()
            .map(|d| dimension_result(survey, &d.name, &d.items, &d.reversed, missing))
            .collect(),
        personal_columns_left_out: survey.personal.clone(),
    }
}
