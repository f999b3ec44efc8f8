//! From a resolved column to how each answer scores: the member's levels (named as the
//! answers wrote them, else as the table does), each answer's outcome, and everything
//! assumed on the way; or, for a column nothing settles, the scales that would fit.

use std::collections::HashMap;

use super::fit::{self, MemberFit, Role};
use super::label::Label;
use super::resolve::{own_fit, Column, Numbered, Observation, Settled};
use super::table::Family;
use crate::model::survey::{Assumption, ScaleCandidate, ScaleLevel};

/// How one answer is scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    Score(f64),
    NoOpinion,
    /// Not a level of the scale: counted as invalid.
    Invalid,
}

/// A column's scale and how each of its answers scores.
#[derive(Debug, Clone)]
pub struct Scoring {
    pub family: String,
    pub min: f64,
    pub max: f64,
    pub levels: Vec<ScaleLevel>,
    pub outcomes: HashMap<String, Outcome>,
    pub assumptions: Vec<Assumption>,
}

impl Scoring {
    /// How an answer (as written, trimmed) scores.
    pub fn outcome(&self, answer: &str) -> Outcome {
        self.outcomes
            .get(answer)
            .copied()
            .unwrap_or(Outcome::Invalid)
    }
}

/// What the resolver decided for a column of labels.
#[derive(Debug, Clone)]
pub enum Resolution {
    Scored(Scoring),
    /// Several scales fit (or none, when numbers and labels disagree) and nothing
    /// settles which: the item is not scored.
    Ambiguous(Vec<ScaleCandidate>),
}

/// The final word on a column.
pub fn resolution(c: &Column, o: &Observation, fams: &[Family]) -> Option<Resolution> {
    if let Some(s) = &c.settled {
        let m = own_fit(c, s.family, s.member)?;
        return Some(Resolution::Scored(scoring(c, m, &fams[s.family], s)));
    }
    if let Some(n) = c.numbered {
        return Some(Resolution::Scored(numbered_scoring(c, n)));
    }
    if o.forced.is_some() || (c.candidates.is_empty() && !c.answers.numbered) {
        return None;
    }
    Some(Resolution::Ambiguous(candidates(c, fams)))
}

/// The scales a column fits, likeliest first: no unchosen level between chosen ones,
/// then the shortest (the longer scale its neighbours agree on first, for a conflict).
fn candidates(c: &Column, fams: &[Family]) -> Vec<ScaleCandidate> {
    let mut cands: Vec<&MemberFit> = c.candidates.iter().collect();
    cands.sort_by_key(|m| (Some((m.family, m.member)) != c.conflict, m.gaps, m.points));
    let mut out: Vec<ScaleCandidate> = Vec::new();
    for m in cands {
        let levels = level_labels(c, m, &fams[m.family]);
        let answered = (0..m.points)
            .filter(|p| m.point.contains(&Some(*p)))
            .map(|p| levels[p].clone())
            .collect();
        let cand = ScaleCandidate {
            family: fams[m.family].name.clone(),
            points: m.points,
            levels,
            answered,
        };
        if !out.contains(&cand) {
            out.push(cand);
        }
    }
    out
}

/// Each point's label: the answer that spelled it exactly (the most frequent), or the
/// family's own name for it.
fn level_labels(c: &Column, m: &MemberFit, family: &Family) -> Vec<String> {
    (0..m.points)
        .map(|p| {
            c.answers
                .list
                .iter()
                .zip(&m.point)
                .enumerate()
                .filter(|(i, (a, at))| **at == Some(p) && !a.label.text.is_empty() && !m.near[*i])
                .max_by_key(|(_, (a, _))| a.count)
                .map(|(_, (a, _))| Label::display(&a.raw))
                .unwrap_or_else(|| {
                    let anchor = family.members[m.member][p][0];
                    family.anchors[anchor].display.clone()
                })
        })
        .collect()
}

/// The member's fit with the "not sure" answers the settling columns count as no
/// opinion taken off the scale.
fn without_dropped(c: &Column, m: &MemberFit, s: &Settled) -> MemberFit {
    let mut m = m.clone();
    for (i, a) in c.answers.list.iter().enumerate() {
        if a.role == Role::MaybeMidpoint && s.no_opinion.contains(&a.label.text) {
            m.point[i] = None;
            m.midpoints.retain(|x| *x != i);
        }
    }
    m
}

/// What settling on a member assumed, before any answer is looked at.
fn settled_assumptions(m: &MemberFit, s: &Settled) -> Vec<Assumption> {
    let mut out = Vec::new();
    if !s.with.is_empty() || s.other_waves {
        out.push(Assumption::SharedScale {
            with: s.with.clone(),
            other_waves: s.other_waves,
        });
    }
    if m.reversed {
        out.push(Assumption::NumberingReversed);
    }
    if m.from_zero {
        out.push(Assumption::NumberedFromZero);
    }
    out
}

/// Scores on a family member, with what was assumed.
fn scoring(c: &Column, m: &MemberFit, family: &Family, s: &Settled) -> Scoring {
    let m = without_dropped(c, m, s);
    let levels = level_labels(c, &m, family);
    let mut outcomes = HashMap::new();
    let mut assumptions = settled_assumptions(&m, s);
    for (i, a) in c.answers.list.iter().enumerate() {
        let outcome = match (a.role, m.point[i]) {
            (Role::NoOpinion, _) | (Role::MaybeMidpoint, None) => Outcome::NoOpinion,
            (_, Some(p)) => Outcome::Score(p as f64 + 1.0),
            (Role::Answer, None) => Outcome::Invalid,
        };
        if let Some(a) = answer_assumption(a, outcome, m.near[i], &levels) {
            assumptions.push(a);
        }
        outcomes.insert(a.raw.clone(), outcome);
    }
    Scoring {
        family: family.name.clone(),
        min: 1.0,
        max: m.points as f64,
        levels: levels
            .into_iter()
            .enumerate()
            .map(|(i, label)| ScaleLevel {
                label,
                score: i as f64 + 1.0,
            })
            .collect(),
        outcomes,
        assumptions,
    }
}

/// What scoring one answer assumed: a midpoint, a near-miss, or an answer off the scale.
fn answer_assumption(
    a: &fit::Answer,
    outcome: Outcome,
    near: bool,
    levels: &[String],
) -> Option<Assumption> {
    let level = |s: f64| levels[s as usize - 1].clone();
    match (outcome, a.role) {
        (Outcome::Score(s), Role::MaybeMidpoint) => Some(Assumption::Midpoint {
            answer: a.raw.clone(),
            level: level(s),
            answers: a.count,
        }),
        (Outcome::Score(s), _) if near => Some(Assumption::NearMiss {
            answer: a.raw.clone(),
            level: level(s),
            answers: a.count,
        }),
        (Outcome::Invalid, _) => Some(Assumption::OutsideScale {
            answer: a.raw.clone(),
            answers: a.count,
        }),
        _ => None,
    }
}

/// Numbered labels of no family: each answer scores its number (reversed: lo + hi − n).
fn numbered_scoring(c: &Column, n: Numbered) -> Scoring {
    let Numbered { lo, hi, reversed } = n;
    let score = |x: i64| if reversed { lo + hi - x } else { x };
    let mut outcomes = HashMap::new();
    let mut assumptions = vec![Assumption::NumberedRange {
        min: lo as f64,
        max: hi as f64,
    }];
    if reversed {
        assumptions.push(Assumption::NumberingReversed);
    }
    for a in &c.answers.list {
        let outcome = match (a.role, a.label.number) {
            (Role::Answer, Some(x)) if (lo..=hi).contains(&x) => Outcome::Score(score(x) as f64),
            (Role::Answer, _) => {
                assumptions.push(Assumption::OutsideScale {
                    answer: a.raw.clone(),
                    answers: a.count,
                });
                Outcome::Invalid
            }
            _ => Outcome::NoOpinion,
        };
        outcomes.insert(a.raw.clone(), outcome);
    }
    let levels = (lo..=hi)
        .map(|s| {
            let x = score(s);
            ScaleLevel {
                label: c
                    .answers
                    .list
                    .iter()
                    .find(|a| a.label.number == Some(x) && !a.label.text.is_empty())
                    .map_or_else(|| x.to_string(), |a| Label::display(&a.raw)),
                score: s as f64,
            }
        })
        .collect();
    Scoring {
        family: "numbered".into(),
        min: lo as f64,
        max: hi as f64,
        levels,
        outcomes,
        assumptions,
    }
}
