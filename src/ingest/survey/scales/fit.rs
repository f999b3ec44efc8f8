//! How one column's labels fit one family's members: each label's anchor (exact, or a
//! near-miss within a small edit distance of exactly one anchor), whether a member holds
//! all of them on distinct points, whether its points are exactly the ones the answers
//! show, and for numbered labels whether the numbers agree with the points.

use std::collections::{BTreeSet, HashMap};

use super::label::Label;
use super::table::{Family, Table};

/// What an answer is, before any scale is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// "Don't know", "N/A": counted, never scored.
    NoOpinion,
    /// "Not sure", "说不清": the midpoint where a scale has a free one, else no opinion.
    MaybeMidpoint,
    Answer,
}

/// One distinct answer of a column.
#[derive(Debug, Clone)]
pub struct Answer {
    pub raw: String,
    pub label: Label,
    pub count: usize,
    pub role: Role,
}

/// The answers of a column (or of a group of columns), parsed.
#[derive(Debug, Clone)]
pub struct Answers {
    pub list: Vec<Answer>,
    /// Every scored-looking answer carries a number and the numbers and texts pair up
    /// one to one (`1 - Strongly disagree`, `2`, …).
    pub numbered: bool,
}

impl Answers {
    pub fn parse(raw: &[(String, usize)], table: &Table, extra_na: &[String]) -> Answers {
        let list: Vec<Answer> = raw
            .iter()
            .map(|(r, n)| {
                let label = Label::parse(r);
                let whole = super::label::normalize(r);
                let listed = |l: &[String]| l.contains(&whole) || l.contains(&label.text);
                let role = if listed(extra_na) || table.no_opinion_by_form(&whole) {
                    Role::NoOpinion
                } else if listed(&table.no_opinion) {
                    Role::MaybeMidpoint
                } else {
                    Role::Answer
                };
                Answer {
                    raw: r.clone(),
                    label,
                    count: *n,
                    role,
                }
            })
            .collect();
        let numbered = numbered(&list);
        Answers { list, numbered }
    }

    /// Answers that may be scored (not "no opinion").
    pub fn scored_count(&self) -> usize {
        self.list
            .iter()
            .filter(|a| a.role == Role::Answer)
            .map(|a| a.count)
            .sum()
    }
}

fn numbered(list: &[Answer]) -> bool {
    let answers: Vec<&Answer> = list.iter().filter(|a| a.role == Role::Answer).collect();
    if answers.is_empty()
        || answers.iter().any(|a| a.label.number.is_none())
        || answers.iter().all(|a| a.label.text.is_empty())
    {
        return false;
    }
    let mut by_number: HashMap<i64, &str> = HashMap::new();
    let mut by_text: HashMap<&str, i64> = HashMap::new();
    for a in answers.iter().filter(|a| !a.label.text.is_empty()) {
        let n = a.label.number.unwrap_or_default();
        if *by_number.entry(n).or_insert(&a.label.text) != a.label.text
            || *by_text.entry(&a.label.text).or_insert(n) != n
        {
            return false;
        }
    }
    true
}

/// The edit distance allowed between a label and a spelling: at most 2, and at most a
/// quarter of the longer one's length (1 for "agre", none for two-character words).
fn allowed(a: &str, b: &str) -> usize {
    (a.chars().count().max(b.chars().count()) / 4).min(2)
}

/// The anchor of a text in `family`: exact, or the single anchor it nearly spells.
fn anchor_of(family: &Family, text: &str) -> Option<(usize, bool)> {
    if let Some(a) = family.anchor(text) {
        return Some((a, false));
    }
    let mut near: BTreeSet<usize> = BTreeSet::new();
    for (spelling, a) in family.spellings() {
        let limit = allowed(text, spelling);
        if limit > 0 && strsim::osa_distance(text, spelling) <= limit {
            near.insert(a);
        }
    }
    (near.len() == 1).then(|| (*near.iter().next().unwrap_or(&0), true))
}

/// How one answer sits in a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Anchor {
        anchor: usize,
        near: bool,
    },
    /// A "not sure" answer that is one of the family's anchors.
    Optional(usize),
    /// A bare number in a numbered column.
    NumberOnly,
    NoOpinion,
    Unknown,
}

/// A column's answers placed in one family.
#[derive(Debug, Clone)]
pub struct FamilyFit {
    pub family: usize,
    /// One per answer, in the order of [`Answers::list`].
    pub places: Vec<Place>,
}

/// Places the answers in `family`; `None` when too few answers belong to it (fewer
/// than nine in ten scored answers, or no exact spelling at all).
pub fn place(answers: &Answers, family: &Family, index: usize, forced: bool) -> Option<FamilyFit> {
    let mut places = Vec::with_capacity(answers.list.len());
    let (mut exact, mut unknown) = (0, 0);
    for a in &answers.list {
        let text = &a.label.text;
        let p = match a.role {
            Role::NoOpinion => Place::NoOpinion,
            Role::MaybeMidpoint => match family.anchor(text) {
                Some(anchor) => Place::Optional(anchor),
                None => Place::NoOpinion,
            },
            Role::Answer if text.is_empty() && answers.numbered => Place::NumberOnly,
            Role::Answer => match anchor_of(family, text) {
                Some((anchor, near)) => {
                    if !near {
                        exact += a.count;
                    }
                    Place::Anchor { anchor, near }
                }
                None => {
                    unknown += a.count;
                    Place::Unknown
                }
            },
        };
        places.push(p);
    }
    let scored = answers.scored_count();
    let enough = forced || (exact > 0 && unknown * 10 <= scored);
    enough.then_some(FamilyFit {
        family: index,
        places,
    })
}

/// A column's answers on one member of a family.
#[derive(Debug, Clone)]
pub struct MemberFit {
    pub family: usize,
    pub member: usize,
    pub points: usize,
    /// The 0-based point of each answer (`None`: no opinion, or not on the scale).
    pub point: Vec<Option<usize>>,
    /// Answers scored as the free midpoint ("not sure").
    pub midpoints: Vec<usize>,
    /// Answers that reached their level as near-misses ("Strong agree").
    pub near: Vec<bool>,
    /// Every point holds an answer.
    pub exact: bool,
    /// Points with no answer between the lowest and highest answered ones.
    pub gaps: usize,
    /// Numbered labels whose numbers run against the points.
    pub reversed: bool,
}

impl MemberFit {
    /// Same points for the same answers (two members that score alike).
    pub fn same_scores(&self, other: &MemberFit) -> bool {
        self.points == other.points && self.point == other.point
    }
}

/// The numbers' offset against the points: `Some((c, reversed))` when every texted
/// answer has number = point + c (or c − point when reversed).
fn numbering(answers: &Answers, point: &[Option<usize>]) -> Option<(i64, bool)> {
    let pairs: Vec<(i64, i64)> = answers
        .list
        .iter()
        .zip(point)
        .filter_map(|(a, p)| Some((a.label.number?, (*p)? as i64)))
        .collect();
    let constant = |f: &dyn Fn(i64, i64) -> i64| {
        let first = pairs.first().map(|(n, p)| f(*n, *p))?;
        pairs
            .iter()
            .all(|(n, p)| f(*n, *p) == first)
            .then_some(first)
    };
    constant(&|n, p| n - p)
        .map(|c| (c, false))
        .or_else(|| constant(&|n, p| n + p).map(|c| (c, true)))
}

/// The member's fit, when it holds every answer's anchor on distinct points (and for
/// numbered labels, when the numbers agree with the points).
pub fn on_member(
    answers: &Answers,
    fit: &FamilyFit,
    family: &Family,
    member: usize,
) -> Option<MemberFit> {
    let k = family.members[member].len();
    let mut point: Vec<Option<usize>> = vec![None; answers.list.len()];
    let mut holder: HashMap<usize, usize> = HashMap::new(); // point → anchor
                                                            // Two different exact labels never share a level ("Once in a while" and "About
                                                            // half the time" are two levels even where both could mean "sometimes"); a
                                                            // near-miss may share its level with the label it misspells.
    let mut spelled: HashMap<usize, &str> = HashMap::new(); // anchor → exact label
    for (i, p) in fit.places.iter().enumerate() {
        if let Place::Anchor { anchor, near } = p {
            let at = family.point(member, *anchor)?;
            if *holder.entry(at).or_insert(*anchor) != *anchor {
                return None;
            }
            let text = answers.list[i].label.text.as_str();
            if !near && *spelled.entry(*anchor).or_insert(text) != text {
                return None;
            }
            point[i] = Some(at);
        }
    }
    let mut midpoints = Vec::new();
    for (i, p) in fit.places.iter().enumerate() {
        if let Place::Optional(anchor) = p {
            if let Some(at) = family.point(member, *anchor) {
                // Only a point no other answer holds ("Neutral" beside "Not sure": the
                // latter is no opinion).
                if let std::collections::hash_map::Entry::Vacant(e) = holder.entry(at) {
                    e.insert(*anchor);
                    point[i] = Some(at);
                    midpoints.push(i);
                }
            }
        }
    }
    let mut reversed = false;
    if answers.numbered {
        let (c, rev) = numbering(answers, &point)?;
        reversed = rev;
        for (i, p) in fit.places.iter().enumerate() {
            if *p == Place::NumberOnly {
                let n = answers.list[i].label.number?;
                let at = if rev { c - n } else { n - c };
                if !(0..k as i64).contains(&at) {
                    return None;
                }
                point[i] = Some(at as usize);
            }
        }
    }
    let used: BTreeSet<usize> = point.iter().flatten().copied().collect();
    let gaps = match (used.first(), used.last()) {
        (Some(lo), Some(hi)) => hi - lo + 1 - used.len(),
        _ => 0,
    };
    Some(MemberFit {
        family: fit.family,
        member,
        points: k,
        exact: used.len() == k,
        point,
        midpoints,
        near: fit
            .places
            .iter()
            .map(|p| matches!(p, Place::Anchor { near: true, .. }))
            .collect(),
        gaps,
        reversed,
    })
}

/// Every member of every family the answers fit; the generic families only when no
/// other fits, on the answers without the word they share.
pub fn candidates(answers: &Answers, families: &[Family], forced: Option<usize>) -> Vec<MemberFit> {
    let usable = |i: usize, f: &Family| match forced {
        Some(x) => x == i,
        None => !f.restricted,
    };
    let mut out = members_of(answers, families, forced, |i, f| usable(i, f) && !f.generic);
    if out.is_empty() && forced.is_none() {
        if let Some(bare) = without_shared_word(answers) {
            out = members_of(&bare, families, None, |i, f| usable(i, f) && f.generic);
        }
    }
    out
}

fn members_of(
    answers: &Answers,
    families: &[Family],
    forced: Option<usize>,
    wanted: impl Fn(usize, &Family) -> bool,
) -> Vec<MemberFit> {
    let mut out = Vec::new();
    for (i, f) in families.iter().enumerate().filter(|(i, f)| wanted(*i, f)) {
        let Some(fit) = place(answers, f, i, forced.is_some()) else {
            continue;
        };
        for m in 0..f.members.len() {
            if let Some(mf) = on_member(answers, &fit, f, m) {
                out.push(mf);
            }
        }
    }
    out
}

/// The answers with the word most of them share taken out ("Very masculine" →
/// "very"), when two thirds of them (at least two) have one of three letters or more.
fn without_shared_word(answers: &Answers) -> Option<Answers> {
    let texts: Vec<&str> = answers
        .list
        .iter()
        .filter(|a| a.role == Role::Answer && !a.label.text.is_empty())
        .map(|a| a.label.text.as_str())
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in &texts {
        let words: BTreeSet<&str> = t.split(' ').filter(|w| w.chars().count() >= 3).collect();
        for w in words {
            *counts.entry(w).or_default() += 1;
        }
    }
    let (word, n) = counts
        .into_iter()
        .max_by_key(|(w, n)| (*n, std::cmp::Reverse(*w)))?;
    if n < 2 || n * 3 < texts.len() * 2 {
        return None;
    }
    let mut bare = answers.clone();
    for a in &mut bare.list {
        let kept: Vec<&str> = a.label.text.split(' ').filter(|w| *w != word).collect();
        a.label.text = kept.join(" ");
    }
    Some(bare)
}

/// The one member the answers settle, if they do: custom scales first (the shortest
/// that fits), then the single exact member (a "not sure" scored as a midpoint
/// preferred over one left out). A member that merely holds the answers settles
/// nothing, even when it is the only one: the table may lack the real scale (a
/// three-point "not too happy / pretty happy / very happy").
pub fn settle<'a>(cands: &'a [MemberFit], families: &[Family]) -> Option<&'a MemberFit> {
    let custom: Vec<&MemberFit> = cands.iter().filter(|c| families[c.family].custom).collect();
    if !custom.is_empty() {
        return custom.into_iter().min_by_key(|c| c.points);
    }
    let exact: Vec<&MemberFit> = cands.iter().filter(|c| c.exact).collect();
    let one = |set: &[&'a MemberFit]| -> Option<&'a MemberFit> {
        let first = *set.first()?;
        set.iter().all(|c| c.same_scores(first)).then_some(first)
    };
    if let Some(c) = one(&exact) {
        return Some(c);
    }
    let with_mid: Vec<&MemberFit> = exact
        .iter()
        .copied()
        .filter(|c| !c.midpoints.is_empty())
        .collect();
    one(&with_mid)
}
