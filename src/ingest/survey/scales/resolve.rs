//! Which scale each column really uses, decided for all columns of all files (waves)
//! together. A column's answers belong to one family; its length is the member whose
//! points are exactly the answers shown (a 4-point set is never scored as 5 points).
//! Columns that share a question (matrix rows) or an item code (the same item in two
//! waves) share one scale, chosen on their answers together. A column its answers and
//! those do not settle takes the scale of its nearest settled neighbours in the same
//! family when they agree; otherwise it is left unscored, with the scales that would fit.

use std::collections::HashMap;

use super::fit::{self, Answers, MemberFit, Role};
use super::label::Label;
use super::table::{table, Family};
use crate::model::survey::{Assumption, ScaleCandidate, ScaleLevel};

/// One column's answers, as the resolver needs them.
#[derive(Debug, Clone)]
pub struct Observation {
    /// Columns with the same group share a scale (the question, else the item code).
    pub group: String,
    pub code: String,
    /// Distinct answers as written (trimmed) and their counts, first seen first.
    pub answers: Vec<(String, usize)>,
    /// A `[[survey.scales]]` block naming this column (index into the custom scales).
    pub forced: Option<usize>,
}

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
    /// Several scales fit and nothing settles which: the item is not scored.
    Ambiguous(Vec<ScaleCandidate>),
}

/// The families to match: the custom scales first, then the built-in ones.
fn families(custom: &[Family]) -> Vec<Family> {
    custom
        .iter()
        .cloned()
        .chain(table().families.iter().cloned())
        .collect()
}

/// A settled scale: the member and the assumptions that settled it.
#[derive(Debug, Clone)]
struct Settled {
    family: usize,
    member: usize,
    /// The columns that settled it, when the column's own answers did not.
    with: Vec<String>,
    other_waves: bool,
}

/// Per column: its parsed answers and candidates, and what was settled.
struct Column {
    answers: Answers,
    candidates: Vec<MemberFit>,
    settled: Option<Settled>,
    /// Numbered labels of no family: scored by their numbers over this range.
    numbered: Option<(i64, i64)>,
}

/// Resolves every column of every file: `files[f][c]` → `out[f][c]` (`None`: not a
/// column of labels).
pub fn resolve(
    files: &[Vec<Observation>],
    custom: &[Family],
    extra_na: &[String],
) -> Vec<Vec<Option<Resolution>>> {
    let fams = families(custom);
    let no_opinion = table();
    let extra: Vec<String> = extra_na
        .iter()
        .map(|s| super::label::normalize(s))
        .collect();
    let mut cols: Vec<Vec<Column>> = files
        .iter()
        .map(|obs| {
            obs.iter()
                .map(|o| {
                    let answers = Answers::parse(&o.answers, no_opinion, &extra);
                    let candidates = if labels_worth_matching(&answers) {
                        fit::candidates(&answers, &fams, o.forced)
                    } else {
                        Vec::new()
                    };
                    Column {
                        answers,
                        candidates,
                        settled: None,
                        numbered: None,
                    }
                })
                .collect()
        })
        .collect();
    settle_groups(files, &mut cols, &fams, no_opinion, &extra);
    settle_alone(&mut cols, &fams);
    settle_by_neighbours(files, &mut cols, &fams);
    cols.iter()
        .zip(files)
        .map(|(cs, obs)| {
            cs.iter()
                .zip(obs)
                .map(|(c, o)| resolution(c, o, &fams))
                .collect()
        })
        .collect()
}

/// Few enough distinct answers to be a scale (open text is not matched).
fn labels_worth_matching(a: &Answers) -> bool {
    let texts = a.list.iter().filter(|x| !x.label.text.is_empty()).count();
    texts > 0 && a.list.len() <= 40
}

/// The member `s` as fitted to a column's own answers.
fn own_fit(c: &Column, family: usize, member: usize) -> Option<&MemberFit> {
    c.candidates
        .iter()
        .find(|m| m.family == family && m.member == member)
}

/// Columns sharing a group are scored on one scale, chosen on all their answers.
fn settle_groups(
    files: &[Vec<Observation>],
    cols: &mut [Vec<Column>],
    fams: &[Family],
    no_opinion: &super::table::Table,
    extra: &[String],
) {
    let mut groups: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (f, obs) in files.iter().enumerate() {
        for (c, o) in obs.iter().enumerate() {
            if o.forced.is_none() {
                groups.entry(o.group.as_str()).or_default().push((f, c));
            }
        }
    }
    for members in groups.values().filter(|m| m.len() >= 2) {
        let mut union: Vec<(String, usize)> = Vec::new();
        for &(f, c) in members {
            for (raw, n) in &files[f][c].answers {
                match union.iter_mut().find(|(r, _)| r == raw) {
                    Some(u) => u.1 += n,
                    None => union.push((raw.clone(), *n)),
                }
            }
        }
        let answers = Answers::parse(&union, no_opinion, extra);
        if !labels_worth_matching(&answers) {
            continue;
        }
        let cands = fit::candidates(&answers, fams, None);
        match fit::settle(&cands, fams) {
            Some(s) => {
                for &(f, c) in members {
                    let col = &mut cols[f][c];
                    if own_fit(col, s.family, s.member).is_none() {
                        continue;
                    }
                    let alone = fit::settle(&col.candidates, fams)
                        .is_some_and(|m| m.family == s.family && m.member == s.member);
                    let own = &files[f][c].code;
                    let mut with: Vec<String> = Vec::new();
                    for &(g, d) in members.iter().filter(|x| **x != (f, c)) {
                        let code = &files[g][d].code;
                        if code != own && !with.contains(code) {
                            with.push(code.clone());
                        }
                    }
                    let other_waves = !alone && members.iter().any(|x| x.0 != f);
                    if alone {
                        with.clear();
                    }
                    col.settled = Some(Settled {
                        family: s.family,
                        member: s.member,
                        with,
                        other_waves,
                    });
                }
            }
            None if cands.is_empty() && answers.numbered => {
                if let Some(range) = number_range(&answers) {
                    for &(f, c) in members {
                        let col = &mut cols[f][c];
                        if col.answers.numbered && col.candidates.is_empty() {
                            col.numbered = Some(range);
                        }
                    }
                }
            }
            None => {}
        }
    }
}

/// Columns their own answers settle.
fn settle_alone(cols: &mut [Vec<Column>], fams: &[Family]) {
    for col in cols.iter_mut().flatten() {
        if col.settled.is_some() || col.numbered.is_some() {
            continue;
        }
        if let Some(s) = fit::settle(&col.candidates, fams) {
            col.settled = Some(Settled {
                family: s.family,
                member: s.member,
                with: Vec::new(),
                other_waves: false,
            });
        } else if col.candidates.is_empty() && col.answers.numbered {
            col.numbered = number_range(&col.answers);
        }
    }
}

/// The nearest settled column on one side of `c` whose family `c` could be on.
fn neighbour(cols: &[Column], c: usize, left: bool) -> Option<(usize, usize, usize)> {
    let families: Vec<usize> = cols[c].candidates.iter().map(|m| m.family).collect();
    let order: Box<dyn Iterator<Item = usize>> = if left {
        Box::new((0..c).rev())
    } else {
        Box::new(c + 1..cols.len())
    };
    for i in order {
        if let Some(s) = &cols[i].settled {
            if families.contains(&s.family) {
                return Some((i, s.family, s.member));
            }
        }
    }
    None
}

/// Unsettled columns take the scale of their nearest settled neighbours in one of
/// their families, when those agree and it fits.
fn settle_by_neighbours(files: &[Vec<Observation>], cols: &mut [Vec<Column>], fams: &[Family]) {
    for (f, file_cols) in cols.iter_mut().enumerate() {
        let mut found = Vec::new();
        for c in 0..file_cols.len() {
            let col = &file_cols[c];
            if col.settled.is_some()
                || col.candidates.is_empty()
                || fit::settle(&col.candidates, fams).is_some()
            {
                continue;
            }
            let sides: Vec<(usize, usize, usize)> = [true, false]
                .iter()
                .filter_map(|left| neighbour(file_cols, c, *left))
                .collect();
            let Some(&(_, family, member)) = sides.first() else {
                continue;
            };
            if sides.iter().all(|s| (s.1, s.2) == (family, member))
                && own_fit(col, family, member).is_some()
            {
                let with = sides.iter().map(|s| files[f][s.0].code.clone()).collect();
                found.push((
                    c,
                    Settled {
                        family,
                        member,
                        with,
                        other_waves: false,
                    },
                ));
            }
        }
        for (c, s) in found {
            file_cols[c].settled = Some(s);
        }
    }
}

/// The range of numbered labels of no family: from 0 (when someone chose 0) or 1 to
/// the highest number; `None` beyond 0–10 or with fewer than three levels.
fn number_range(a: &Answers) -> Option<(i64, i64)> {
    let nums: Vec<i64> = a
        .list
        .iter()
        .filter(|x| x.role == Role::Answer)
        .filter_map(|x| x.label.number)
        .collect();
    let lo = if nums.contains(&0) { 0 } else { 1 };
    let hi = *nums.iter().max()?;
    (nums.iter().all(|n| (0..=10).contains(n)) && hi - lo >= 2).then_some((lo, hi))
}

/// The final word on a column.
fn resolution(c: &Column, o: &Observation, fams: &[Family]) -> Option<Resolution> {
    if let Some(s) = &c.settled {
        let m = own_fit(c, s.family, s.member)?;
        return Some(Resolution::Scored(scoring(c, m, &fams[s.family], s)));
    }
    if let Some(range) = c.numbered {
        return Some(Resolution::Scored(numbered_scoring(c, range)));
    }
    if c.candidates.is_empty() || o.forced.is_some() {
        return None;
    }
    let mut cands: Vec<&MemberFit> = c.candidates.iter().collect();
    cands.sort_by_key(|m| (m.gaps, m.points));
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
    Some(Resolution::Ambiguous(out))
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

/// Scores on a family member, with what was assumed.
fn scoring(c: &Column, m: &MemberFit, family: &Family, s: &Settled) -> Scoring {
    let levels = level_labels(c, m, family);
    let mut outcomes = HashMap::new();
    let mut assumptions = Vec::new();
    if !s.with.is_empty() || s.other_waves {
        assumptions.push(Assumption::SharedScale {
            with: s.with.clone(),
            other_waves: s.other_waves,
        });
    }
    if m.reversed {
        assumptions.push(Assumption::NumberingReversed);
    }
    for (i, a) in c.answers.list.iter().enumerate() {
        let outcome = match (a.role, m.point[i]) {
            (Role::NoOpinion, _) => Outcome::NoOpinion,
            (_, Some(p)) => Outcome::Score(p as f64 + 1.0),
            (Role::MaybeMidpoint, None) => Outcome::NoOpinion,
            (Role::Answer, None) => Outcome::Invalid,
        };
        let near = m.near[i];
        match (outcome, a.role) {
            (Outcome::Score(s), Role::MaybeMidpoint) => assumptions.push(Assumption::Midpoint {
                answer: a.raw.clone(),
                level: levels[s as usize - 1].clone(),
                answers: a.count,
            }),
            (Outcome::Score(s), _) if near => assumptions.push(Assumption::NearMiss {
                answer: a.raw.clone(),
                level: levels[s as usize - 1].clone(),
                answers: a.count,
            }),
            (Outcome::Invalid, _) => assumptions.push(Assumption::OutsideScale {
                answer: a.raw.clone(),
                answers: a.count,
            }),
            _ => {}
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

/// Numbered labels of no family: each answer scores its number.
fn numbered_scoring(c: &Column, (lo, hi): (i64, i64)) -> Scoring {
    let mut outcomes = HashMap::new();
    let mut assumptions = vec![Assumption::NumberedRange {
        min: lo as f64,
        max: hi as f64,
    }];
    for a in &c.answers.list {
        let outcome = match (a.role, a.label.number) {
            (Role::Answer, Some(n)) if (lo..=hi).contains(&n) => Outcome::Score(n as f64),
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
        .map(|n| ScaleLevel {
            label: c
                .answers
                .list
                .iter()
                .find(|a| a.label.number == Some(n) && !a.label.text.is_empty())
                .map_or_else(|| n.to_string(), |a| Label::display(&a.raw)),
            score: n as f64,
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
