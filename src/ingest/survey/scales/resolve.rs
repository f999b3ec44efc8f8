//! Which scale each column really uses, decided for all columns of all files (waves)
//! together. A column's answers belong to one family; its length is the member whose
//! points are exactly the answers shown (a 4-point set is never scored as 5 points).
//! Columns that share a question (matrix rows) or an item code (the same item in two
//! waves) share one scale, chosen on their answers together. A column its answers and
//! those do not settle takes the scale of its nearest settled neighbours in the same
//! family when they agree; a column exact on its own whose neighbours agree on a longer
//! scale of the same family that holds its answers is refused, as is anything else
//! unsettled: left unscored, with the scales that would fit ([`super::score`]).

use std::collections::HashMap;

use super::fit::{self, Answers, MemberFit, Role};
use super::score::resolution;
pub use super::score::{Outcome, Resolution, Scoring};
use super::table::{table, Family};

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

/// A settled scale: the member and what settled it.
#[derive(Debug, Clone)]
pub struct Settled {
    pub family: usize,
    pub member: usize,
    /// The columns that settled it, when the column's own answers did not.
    pub with: Vec<String>,
    pub other_waves: bool,
    /// "Not sure"-style answers the settling columns count as no opinion (their
    /// midpoint is taken), so this column counts them so too.
    pub no_opinion: Vec<String>,
}

/// Numbered labels scored by their numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbered {
    pub lo: i64,
    pub hi: i64,
    /// The written labels run from high to low: scored lo + hi − number.
    pub reversed: bool,
}

/// Per column: its parsed answers and candidates, and what was settled.
pub struct Column {
    pub answers: Answers,
    pub candidates: Vec<MemberFit>,
    pub settled: Option<Settled>,
    pub numbered: Option<Numbered>,
    /// Exact on its own, but its neighbours agree on a longer scale that holds it.
    pub conflict: Option<(usize, usize)>,
}

/// The families to match: the custom scales first, then the built-in ones.
fn families(custom: &[Family]) -> Vec<Family> {
    custom
        .iter()
        .cloned()
        .chain(table().families.iter().cloned())
        .collect()
}

/// Resolves every column of every file: `files[f][c]` → `out[f][c]` (`None`: not a
/// column of labels).
pub fn resolve(
    files: &[Vec<Observation>],
    custom: &[Family],
    extra_na: &[String],
) -> Vec<Vec<Option<Resolution>>> {
    let fams = families(custom);
    let extra: Vec<String> = extra_na
        .iter()
        .map(|s| super::label::normalize(s))
        .collect();
    let mut cols: Vec<Vec<Column>> = files
        .iter()
        .map(|obs| obs.iter().map(|o| column(o, &fams, &extra)).collect())
        .collect();
    settle_groups(files, &mut cols, &fams, &extra);
    settle_alone(&mut cols, &fams);
    settle_by_neighbours(files, &mut cols);
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

fn column(o: &Observation, fams: &[Family], extra: &[String]) -> Column {
    let answers = Answers::parse(&o.answers, extra);
    let candidates = if labels_worth_matching(&answers) {
        fit::candidates(&answers, fams, o.forced)
    } else {
        Vec::new()
    };
    Column {
        answers,
        candidates,
        settled: None,
        numbered: None,
        conflict: None,
    }
}

/// Few enough distinct answers to be a scale (open text is not matched).
fn labels_worth_matching(a: &Answers) -> bool {
    let texts = a.list.iter().filter(|x| !x.label.text.is_empty()).count();
    texts > 0 && a.list.len() <= 40
}

/// The member as fitted to a column's own answers.
pub fn own_fit(c: &Column, family: usize, member: usize) -> Option<&MemberFit> {
    c.candidates
        .iter()
        .find(|m| m.family == family && m.member == member)
}

/// The "not sure" answers a fit counts as no opinion (its midpoint is held).
fn dropped_midpoints(answers: &Answers, m: &MemberFit) -> Vec<String> {
    answers
        .list
        .iter()
        .zip(&m.point)
        .filter(|(a, p)| a.role == Role::MaybeMidpoint && p.is_none())
        .map(|(a, _)| a.label.text.clone())
        .collect()
}

/// All answers of a group's columns, counted together.
fn union(files: &[Vec<Observation>], members: &[(usize, usize)]) -> Vec<(String, usize)> {
    crate::ingest::survey::values::tally(members.iter().flat_map(|&(f, c)| {
        files[f][c]
            .answers
            .iter()
            .map(|(raw, n)| (raw.as_str(), *n))
    }))
}

/// Columns sharing a group are scored on one scale, chosen on all their answers.
fn settle_groups(
    files: &[Vec<Observation>],
    cols: &mut [Vec<Column>],
    fams: &[Family],
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
        let mut answers = Answers::parse(&union(files, members), extra);
        answers.merged = true;
        if !labels_worth_matching(&answers) {
            continue;
        }
        let cands = fit::candidates(&answers, fams, None);
        if let Some(s) = fit::settle(&cands, fams) {
            let no_opinion = dropped_midpoints(&answers, s);
            for &(f, c) in members {
                share(files, cols, fams, members, (f, c), s, &no_opinion);
            }
        } else if let Fallback::Numbers(n) = numbered_fallback(&answers, fams) {
            for &(f, c) in members {
                let col = &mut cols[f][c];
                if col.answers.numbered {
                    col.numbered = Some(n);
                }
            }
        }
    }
}

/// Gives column `at` of a group the group's member, noting the other columns when its
/// own answers would not have settled it.
fn share(
    files: &[Vec<Observation>],
    cols: &mut [Vec<Column>],
    fams: &[Family],
    members: &[(usize, usize)],
    at: (usize, usize),
    s: &MemberFit,
    no_opinion: &[String],
) {
    let (f, c) = at;
    let col = &mut cols[f][c];
    if own_fit(col, s.family, s.member).is_none() {
        return;
    }
    let alone = fit::settle(&col.candidates, fams)
        .is_some_and(|m| m.family == s.family && m.member == s.member);
    let own = &files[f][c].code;
    let mut with: Vec<String> = Vec::new();
    if !alone {
        for &(g, d) in members.iter().filter(|x| **x != at) {
            let code = &files[g][d].code;
            if code != own && !with.contains(code) {
                with.push(code.clone());
            }
        }
    }
    col.settled = Some(Settled {
        family: s.family,
        member: s.member,
        with,
        other_waves: !alone && members.iter().any(|x| x.0 != f),
        no_opinion: no_opinion.to_vec(),
    });
}

/// Columns their own answers settle, and numbered labels no family settles.
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
                no_opinion: Vec::new(),
            });
        } else if let Fallback::Numbers(n) = numbered_fallback(&col.answers, fams) {
            col.numbered = Some(n);
        }
    }
}

/// How far a neighbour may be, in answer columns.
const NEIGHBOURHOOD: usize = 10;

/// The nearest settled column on each side of `c` (within [`NEIGHBOURHOOD`], skipping
/// columns not settled) whose family is one of `families`: `(column, family, member)`.
fn votes(cols: &[Column], c: usize, families: &[usize]) -> Vec<(usize, usize, usize)> {
    let left = (c.saturating_sub(NEIGHBOURHOOD)..c).rev();
    let right = c + 1..cols.len().min(c + 1 + NEIGHBOURHOOD);
    let nearest = |mut side: Box<dyn Iterator<Item = usize>>| {
        side.find_map(|i| Some((i, cols[i].settled.as_ref()?)))
            .filter(|(_, s)| families.contains(&s.family))
            .map(|(i, s)| (i, s.family, s.member))
    };
    [nearest(Box::new(left)), nearest(Box::new(right))]
        .into_iter()
        .flatten()
        .collect()
}

/// Unsettled columns take the scale their nearest settled neighbours agree on (when it
/// holds at least three of their levels); columns exact on their own whose neighbours
/// agree on a longer member holding them are marked in conflict.
fn settle_by_neighbours(files: &[Vec<Observation>], cols: &mut [Vec<Column>]) {
    for (f, file_cols) in cols.iter_mut().enumerate() {
        let mut found = Vec::new();
        for c in 0..file_cols.len() {
            let col = &file_cols[c];
            let families: Vec<usize> = col.candidates.iter().map(|m| m.family).collect();
            let v = votes(file_cols, c, &families);
            let Some(&(_, family, member)) = v.first() else {
                continue;
            };
            if !v.iter().all(|x| (x.1, x.2) == (family, member)) {
                continue;
            }
            let Some(m) = own_fit(col, family, member) else {
                continue;
            };
            match &col.settled {
                None if col.numbered.is_none() && levels_used(m) >= 3 => {
                    let source = &file_cols[v[0].0];
                    let no_opinion = source
                        .settled
                        .as_ref()
                        .and_then(|s| own_fit(source, s.family, s.member))
                        .map(|sm| dropped_midpoints(&source.answers, sm))
                        .unwrap_or_default();
                    let with = v.iter().map(|x| files[f][x.0].code.clone()).collect();
                    found.push((
                        c,
                        Ok(Settled {
                            family,
                            member,
                            with,
                            other_waves: false,
                            no_opinion,
                        }),
                    ));
                }
                Some(s) if s.with.is_empty() && s.family == family && s.member != member => {
                    let own = own_fit(col, s.family, s.member).map_or(usize::MAX, |x| x.points);
                    if m.points > own {
                        found.push((c, Err((family, member))));
                    }
                }
                _ => {}
            }
        }
        for (c, s) in found {
            match s {
                Ok(s) => file_cols[c].settled = Some(s),
                Err(longer) => {
                    file_cols[c].settled = None;
                    file_cols[c].conflict = Some(longer);
                }
            }
        }
    }
}

fn levels_used(m: &MemberFit) -> usize {
    let mut used: Vec<usize> = m.point.iter().flatten().copied().collect();
    used.sort_unstable();
    used.dedup();
    used.len()
}

/// What to do with numbered labels no member settles.
#[derive(Debug, PartialEq, Eq)]
enum Fallback {
    /// Not numbered labels.
    No,
    /// The numbers and what the labels say disagree: not scored.
    Refuse,
    Numbers(Numbered),
}

/// Numbered labels no member settles ("(1) Not useful at all", "(2)" … "(6) Very
/// useful") score their numbers, unless a family knows every written label and either
/// every answer is written (then the numbers contradict it) or it orders them the other
/// way round from some and the same way as others; written labels running from high to
/// low (1 = Strongly agree) reverse the scores.
fn numbered_fallback(a: &Answers, fams: &[Family]) -> Fallback {
    if !a.numbered {
        return Fallback::No;
    }
    let answers: Vec<&fit::Answer> = a.list.iter().filter(|x| x.role == Role::Answer).collect();
    let written: Vec<(i64, &str)> = answers
        .iter()
        .filter(|x| !x.label.text.is_empty())
        .filter_map(|x| Some((x.label.number?, x.label.text.as_str())))
        .collect();
    let bare = answers.iter().any(|x| x.label.text.is_empty());
    let mut directions: Vec<bool> = Vec::new();
    for f in fams.iter().filter(|f| !f.generic) {
        let anchors: Option<Vec<(i64, usize)>> = written
            .iter()
            .map(|(n, t)| Some((*n, f.anchor(t)?)))
            .collect();
        let Some(anchors) = anchors else { continue };
        if !bare {
            return Fallback::Refuse;
        }
        match order_in(f, &anchors, number_span(a)) {
            Some(Some(reversed)) => directions.push(reversed),
            Some(None) => return Fallback::Refuse,
            None => {}
        }
    }
    directions.dedup();
    if directions.len() > 1 {
        return Fallback::Refuse;
    }
    match number_range(a) {
        Some((lo, hi)) => Fallback::Numbers(Numbered {
            lo,
            hi,
            reversed: directions.first().copied().unwrap_or(false),
        }),
        None => Fallback::No,
    }
}

/// The lowest and highest number answered.
fn number_span(a: &Answers) -> (i64, i64) {
    let nums = a
        .list
        .iter()
        .filter(|x| x.role == Role::Answer)
        .filter_map(|x| x.label.number);
    nums.fold((i64::MAX, i64::MIN), |(lo, hi), n| (lo.min(n), hi.max(n)))
}

/// How numbered anchors run on the longest member of `f` that holds them all:
/// `Some(Some(reversed))`, `Some(None)` when their order is mixed, `None` when no
/// member holds them or nothing tells. Pairs of anchors tell, and so does an anchor at
/// an end of the scale written at an end of the numbers ("1 = Strongly agree" with
/// answers up to 4 runs high to low).
fn order_in(f: &Family, anchors: &[(i64, usize)], (lo, hi): (i64, i64)) -> Option<Option<bool>> {
    let m = (0..f.members.len())
        .filter(|m| anchors.iter().all(|(_, a)| f.point(*m, *a).is_some()))
        .max_by_key(|m| f.members[*m].len())?;
    let top = f.members[m].len() - 1;
    let mut dirs: Vec<bool> = Vec::new();
    for (i, (n1, a1)) in anchors.iter().enumerate() {
        let p1 = f.point(m, *a1)?;
        for (n2, a2) in &anchors[i + 1..] {
            let p2 = f.point(m, *a2)?;
            if n1 != n2 && p1 != p2 {
                dirs.push((n1 < n2) != (p1 < p2));
            }
        }
        if lo < hi {
            match (p1 == 0, p1 == top, *n1 == lo, *n1 == hi) {
                (true, _, true, _) | (_, true, _, true) => dirs.push(false),
                (true, _, _, true) | (_, true, true, _) => dirs.push(true),
                _ => {}
            }
        }
    }
    dirs.sort_unstable();
    dirs.dedup();
    match dirs.as_slice() {
        [] => None,
        [d] => Some(Some(*d)),
        _ => Some(None),
    }
}

/// The range of numbered labels: from 0 (when someone chose 0) or 1 to the highest
/// number, 0–10 above 7 as for plain numbers; `None` beyond 0–10 or with fewer than
/// three levels.
fn number_range(a: &Answers) -> Option<(i64, i64)> {
    let nums: Vec<i64> = a
        .list
        .iter()
        .filter(|x| x.role == Role::Answer)
        .filter_map(|x| x.label.number)
        .collect();
    let lo = if nums.contains(&0) { 0 } else { 1 };
    let hi = *nums.iter().max()?;
    if !nums.iter().all(|n| (0..=10).contains(n)) || hi - lo < 2 {
        return None;
    }
    Some(if hi > 7 { (0, 10) } else { (lo, hi) })
}
