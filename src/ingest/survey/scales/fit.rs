//! How one column's labels fit one family's members: each label's anchor (exact, or a
//! near-miss within a small edit distance of exactly one anchor), whether a member holds
//! all of them on distinct points, whether its points are exactly the ones the answers
//! show, and for numbered labels whether the numbers agree with the points.

use std::collections::{BTreeSet, HashMap};

use super::label::Label;
use super::table::Family;

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
    /// The answers of several columns together (a question's rows, an item's waves):
    /// one row's misspelling may sit beside another row's right spelling.
    pub merged: bool,
}

impl Answers {
    pub fn parse(raw: &[(String, usize)], extra_na: &[String]) -> Answers {
        let list: Vec<Answer> = raw
            .iter()
            .map(|(r, n)| {
                let label = Label::parse(r);
                let role = match super::no_opinion(r, extra_na) {
                    Some(true) => Role::NoOpinion,
                    Some(false) => Role::MaybeMidpoint,
                    None => Role::Answer,
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
        Answers {
            list,
            numbered,
            merged: false,
        }
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

/// How many negations a text holds: 不/没/无/非/未, the words not/no/never, and the
/// prefixes un-, in-, im-, ir-, il-, dis-, non- (stacked ones counted each).
fn negations(text: &str) -> usize {
    let cjk = text.chars().filter(|c| "不没无非未".contains(*c)).count();
    let words: usize = text
        .split(' ')
        .map(|w| {
            if matches!(w, "not" | "no" | "never") {
                return 1;
            }
            let mut rest = w;
            let mut n = 0;
            while let Some(r) = ["un", "dis", "non", "in", "im", "ir", "il"]
                .iter()
                .find_map(|p| rest.strip_prefix(p).filter(|r| r.len() >= 4))
            {
                rest = r;
                n += 1;
            }
            n
        })
        .sum();
    cjk + words
}

/// The anchor of a text in `family`: exact, or the single anchor it nearly spells with
/// as many negations ("Unacceptable" is never a misspelt "Acceptable", nor 非常不好 a
/// misspelt 非常好).
fn anchor_of(family: &Family, text: &str) -> Option<(usize, bool)> {
    if let Some(a) = family.anchor(text) {
        return Some((a, false));
    }
    let mut near: BTreeSet<usize> = BTreeSet::new();
    let neg = negations(text);
    for (spelling, a) in family.spellings() {
        let limit = allowed(text, spelling);
        if limit > 0 && strsim::osa_distance(text, spelling) <= limit && negations(spelling) == neg
        {
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
    /// Every point holds an answer, and every answer is on the scale (for numbered
    /// labels: the lowest and highest points are written out, not bare numbers).
    pub exact: bool,
    /// Points with no answer between the lowest and highest answered ones.
    pub gaps: usize,
    /// Numbered labels whose numbers run against the points.
    pub reversed: bool,
    /// Numbered labels counted from 0 (scored from 1 like every scale).
    pub from_zero: bool,
}

impl MemberFit {
    /// Same points for the same answers (two members that score alike).
    pub fn same_scores(&self, other: &MemberFit) -> bool {
        self.points == other.points && self.point == other.point
    }
}

/// How the numbers run against the points: `(offset, reversed)` with number = point +
/// offset (1 or 0: numbered from 1 or from 0), or number = offset − point when reversed
/// (offset k or k − 1); the first that every written label agrees with.
fn numbering(answers: &Answers, point: &[Option<usize>], k: usize) -> Option<(i64, bool)> {
    let pairs: Vec<(i64, i64)> = answers
        .list
        .iter()
        .zip(point)
        .filter_map(|(a, p)| Some((a.label.number?, (*p)? as i64)))
        .collect();
    let k = k as i64;
    let tries = [(1, false), (0, false), (k, true), (k - 1, true)];
    tries.into_iter().find(|(c, rev)| {
        pairs
            .iter()
            .all(|(n, p)| *n == if *rev { c - p } else { p + c })
    })
}

/// Each answer's 0-based point, if it has one.
type Points = Vec<Option<usize>>;

/// The points of the answers spelled exactly or nearly; `None` when two different
/// anchors or two different exact labels would share a point. A near-miss onto a point
/// an exact label already holds is left off the scale.
fn place_anchors(
    answers: &Answers,
    fit: &FamilyFit,
    family: &Family,
    member: usize,
) -> Option<(Points, HashMap<usize, usize>)> {
    let mut point: Vec<Option<usize>> = vec![None; answers.list.len()];
    let mut holder: HashMap<usize, usize> = HashMap::new(); // point → anchor
    let mut spelled: HashMap<usize, &str> = HashMap::new(); // point → exact label
    for pass_near in [false, true] {
        for (i, p) in fit.places.iter().enumerate() {
            let Place::Anchor { anchor, near } = p else {
                continue;
            };
            if *near != pass_near {
                continue;
            }
            let at = family.point(member, *anchor)?;
            if *holder.entry(at).or_insert(*anchor) != *anchor {
                return None;
            }
            let text = answers.list[i].label.text.as_str();
            if *near {
                if answers.merged || !spelled.contains_key(&at) {
                    point[i] = Some(at);
                }
            } else if *spelled.entry(at).or_insert(text) != text {
                return None;
            } else {
                point[i] = Some(at);
            }
        }
    }
    Some((point, holder))
}

/// "Not sure" answers on the midpoint, where the member has one no other answer holds.
fn place_optional(
    fit: &FamilyFit,
    family: &Family,
    member: usize,
    holder: &mut HashMap<usize, usize>,
    point: &mut [Option<usize>],
) -> Vec<usize> {
    let mut midpoints = Vec::new();
    for (i, p) in fit.places.iter().enumerate() {
        if let Place::Optional(anchor) = p {
            if let Some(at) = family.point(member, *anchor) {
                if let std::collections::hash_map::Entry::Vacant(e) = holder.entry(at) {
                    e.insert(*anchor);
                    point[i] = Some(at);
                    midpoints.push(i);
                }
            }
        }
    }
    midpoints
}

/// Bare numbers placed by the numbering of the written labels; `None` when the numbers
/// do not fit the member.
fn place_numbers(
    answers: &Answers,
    fit: &FamilyFit,
    k: usize,
    point: &mut [Option<usize>],
) -> Option<(i64, bool)> {
    let (c, rev) = numbering(answers, point, k)?;
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
    Some((c, rev))
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
    let (mut point, mut holder) = place_anchors(answers, fit, family, member)?;
    let midpoints = place_optional(fit, family, member, &mut holder, &mut point);
    let numbering = if answers.numbered {
        Some(place_numbers(answers, fit, k, &mut point)?)
    } else {
        None
    };
    let used: BTreeSet<usize> = point.iter().flatten().copied().collect();
    let gaps = match (used.first(), used.last()) {
        (Some(lo), Some(hi)) => hi - lo + 1 - used.len(),
        _ => 0,
    };
    let off_scale = fit.places.iter().zip(&point).any(|(p, at)| {
        at.is_none() && matches!(p, Place::Unknown | Place::Anchor { .. } | Place::NumberOnly)
    });
    let written = |at: usize| {
        answers
            .list
            .iter()
            .zip(&point)
            .any(|(a, p)| *p == Some(at) && !a.label.text.is_empty())
    };
    let ends_written = !answers.numbered || (written(0) && written(k - 1));
    Some(MemberFit {
        family: fit.family,
        member,
        points: k,
        exact: used.len() == k && !off_scale && ends_written,
        near: fit
            .places
            .iter()
            .zip(&point)
            .map(|(p, at)| at.is_some() && matches!(p, Place::Anchor { near: true, .. }))
            .collect(),
        point,
        midpoints,
        gaps,
        reversed: numbering.is_some_and(|n| n.1),
        from_zero: numbering.is_some_and(|(c, rev)| if rev { c == k as i64 - 1 } else { c == 0 }),
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

/// The one member the answers settle, if they do: an exact custom scale (the shortest),
/// else the single exact member (a "not sure" scored as a midpoint preferred over one
/// left out), else a custom scale that holds the answers (the shortest). A built-in
/// member that merely holds the answers settles nothing, even when it is the only one:
/// the table may lack the real scale (a three-point "not too happy / pretty happy /
/// very happy").
pub fn settle<'a>(cands: &'a [MemberFit], families: &[Family]) -> Option<&'a MemberFit> {
    let custom = |c: &&MemberFit| families[c.family].custom;
    let shortest = |set: Vec<&'a MemberFit>| set.into_iter().min_by_key(|c| c.points);
    if let Some(c) = shortest(cands.iter().filter(|c| c.exact).filter(custom).collect()) {
        return Some(c);
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
    if let Some(c) = one(&with_mid) {
        return Some(c);
    }
    if exact.is_empty() {
        return shortest(cands.iter().filter(custom).collect());
    }
    None
}
