//! Several exports of one questionnaire (waves) as one survey: respondents appended,
//! columns matched by code, a column missing from one file empty for its respondents.
//! An item on different scales in two files is an error, never averaged.

use super::interpret::Attribute;
use crate::model::survey::{Assumption, Choice, Item, MultiSelect, OpenText, Survey, UnscoredItem};

/// Appends `b` (and its attributes) to `a`.
pub fn merge(
    mut a: Survey,
    mut attrs_a: Vec<Attribute>,
    b: Survey,
    attrs_b: Vec<Attribute>,
) -> Result<(Survey, Vec<Attribute>), WaveMismatch> {
    let (na, nb) = (a.respondents, b.respondents);
    for it in b.items {
        match a.items.iter_mut().find(|x| x.code == it.code) {
            Some(x) => merge_item(x, it)?,
            None => a.items.push(Item {
                values: none_then(na, it.values.clone()),
                ..it
            }),
        }
    }
    for x in &mut a.items {
        x.values.resize(na + nb, None);
    }
    for m in b.multi {
        match a.multi.iter_mut().find(|x| x.code == m.code) {
            Some(x) => merge_multi(x, m, na),
            None => a.multi.push(pad_multi(m, na)),
        }
    }
    for x in &mut a.multi {
        fill_multi(x, na + nb);
    }
    merge_by_code(
        &mut a.choices,
        b.choices,
        na,
        nb,
        |c: &mut Choice| &mut c.values,
        |c| &c.code,
    );
    merge_by_code(
        &mut a.open,
        b.open,
        na,
        nb,
        |o: &mut OpenText| &mut o.answers,
        |o| &o.code,
    );
    for u in b.unscored {
        match a.unscored.iter_mut().find(|x| x.code == u.code) {
            Some(x) => merge_unscored(x, u),
            None => a.unscored.push(u),
        }
    }
    for p in b.personal {
        if !a.personal.contains(&p) {
            a.personal.push(p);
        }
    }
    let mut pv_b = b.personal_values;
    merge_pairs(&mut a.personal_values, &mut pv_b, na, nb);
    a.submitted.extend(b.submitted);
    a.duration_seconds.extend(b.duration_seconds);
    if a.platform != b.platform && !a.platform.split(" + ").any(|p| p == b.platform) {
        a.platform = format!("{} + {}", a.platform, b.platform);
    }
    a.respondents = na + nb;
    for attr in attrs_b {
        match attrs_a.iter_mut().find(|x| x.code == attr.code) {
            Some(x) => x.values.extend(attr.values),
            None => attrs_a.push(Attribute {
                values: none_then(na, attr.values.clone()),
                ..attr
            }),
        }
    }
    for x in &mut attrs_a {
        x.values.resize(na + nb, None);
    }
    Ok((a, attrs_a))
}

fn none_then<T: Clone>(n: usize, rest: Vec<Option<T>>) -> Vec<Option<T>> {
    let mut v = vec![None; n];
    v.extend(rest);
    v
}

/// Plain numbers whose range was read from each file's answers: the range both files'
/// answers span (the values are the numbers, so widening changes no score).
fn widen_numeric(x: &mut Item, it: &Item) {
    let inferred = |i: &Item| {
        i.scale_family == "numeric"
            && i.assumptions
                .iter()
                .any(|a| matches!(a, Assumption::NumericRange { .. }))
    };
    if !inferred(x) || !inferred(it) || (x.min, x.max) == (it.min, it.max) {
        return;
    }
    let (min, max) = (x.min.min(it.min), x.max.max(it.max));
    let span = |i: &Item| {
        i.assumptions.iter().find_map(|a| match a {
            Assumption::NumericRange {
                lowest, highest, ..
            } => Some((*lowest, *highest)),
            _ => None,
        })
    };
    let (l1, h1) = span(x).unwrap_or((min, max));
    let (l2, h2) = span(it).unwrap_or((min, max));
    x.min = min;
    x.max = max;
    x.scale_levels = (min as i64..=max as i64)
        .map(|n| crate::model::survey::ScaleLevel {
            label: n.to_string(),
            score: n as f64,
        })
        .collect();
    x.assumptions
        .retain(|a| !matches!(a, Assumption::NumericRange { .. }));
    x.assumptions.push(Assumption::NumericRange {
        min,
        max,
        lowest: l1.min(l2),
        highest: h1.max(h2),
    });
}

/// An item whose scale differs between two waves.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WaveMismatch {
    #[error(
        "item {item} is on a {min}–{max} scale here but {before_min}–{before_max} in the \
         file before; check that the files are waves of the same questionnaire, or pass \
         --scale"
    )]
    Range {
        item: String,
        min: f64,
        max: f64,
        before_min: f64,
        before_max: f64,
    },
    #[error(
        "item {item} is on a {family} scale here but a {before} scale in the file before; \
         check that the files are waves of the same questionnaire, or name its scale in a \
         [[survey.scales]] block with items"
    )]
    Family {
        item: String,
        family: String,
        before: String,
    },
}

fn merge_item(x: &mut Item, mut it: Item) -> Result<(), WaveMismatch> {
    widen_numeric(x, &it);
    if x.scale_family == "numeric" && it.scale_family == "numeric" {
        it.min = x.min;
        it.max = x.max;
        it.assumptions
            .retain(|a| !matches!(a, Assumption::NumericRange { .. }));
    }
    if (x.min, x.max) != (it.min, it.max) {
        return Err(WaveMismatch::Range {
            item: it.code,
            min: it.min,
            max: it.max,
            before_min: x.min,
            before_max: x.max,
        });
    }
    if !x.scale_family.is_empty()
        && !it.scale_family.is_empty()
        && x.scale_family != it.scale_family
    {
        return Err(WaveMismatch::Family {
            item: it.code,
            family: it.scale_family,
            before: x.scale_family.clone(),
        });
    }
    if x.labels.is_empty() {
        x.labels = it.labels;
    }
    for a in it.assumptions {
        if !x.assumptions.contains(&a) {
            x.assumptions.push(a);
        }
    }
    x.values.extend(it.values);
    x.not_applicable += it.not_applicable;
    x.skipped += it.skipped;
    x.invalid += it.invalid;
    Ok(())
}

/// The same unscored item in two waves: answers counted together.
fn merge_unscored(x: &mut UnscoredItem, u: UnscoredItem) {
    for (answer, n) in u.answers {
        match x.answers.iter_mut().find(|(a, _)| *a == answer) {
            Some(e) => e.1 += n,
            None => x.answers.push((answer, n)),
        }
    }
    x.answers.sort_by_key(|b| std::cmp::Reverse(b.1));
    for c in u.candidates {
        if !x.candidates.contains(&c) {
            x.candidates.push(c);
        }
    }
}

fn pad_multi(mut m: MultiSelect, na: usize) -> MultiSelect {
    for c in &mut m.chosen {
        let mut v = vec![false; na];
        v.append(c);
        *c = v;
    }
    let mut answered = vec![false; na];
    answered.append(&mut m.answered);
    m.answered = answered;
    if let Some(rank) = &mut m.rank {
        for r in rank {
            *r = none_then(na, std::mem::take(r));
        }
    }
    m
}

fn merge_multi(x: &mut MultiSelect, m: MultiSelect, na: usize) {
    for (o, chosen) in m.options.iter().zip(m.chosen) {
        match x.options.iter().position(|p| p == o) {
            Some(i) => {
                x.chosen[i].resize(na, false);
                x.chosen[i].extend(chosen);
            }
            None => {
                x.options.push(o.clone());
                let mut v = vec![false; na];
                v.extend(chosen);
                x.chosen.push(v);
            }
        }
    }
    x.answered.extend(m.answered);
    x.rank = match (x.rank.take(), m.rank) {
        (Some(mut r), Some(s)) => {
            for (o, ranks) in m.options.iter().zip(s) {
                match x.options.iter().position(|p| p == o) {
                    Some(i) if i < r.len() => {
                        r[i].resize(na, None);
                        r[i].extend(ranks);
                    }
                    _ => r.push(none_then(na, ranks)),
                }
            }
            Some(r)
        }
        _ => None,
    };
    x.other.extend(m.other);
}

fn fill_multi(x: &mut MultiSelect, n: usize) {
    for c in &mut x.chosen {
        c.resize(n, false);
    }
    x.answered.resize(n, false);
    if let Some(rank) = &mut x.rank {
        for r in rank {
            r.resize(n, None);
        }
    }
}

fn merge_by_code<T: Clone>(
    a: &mut Vec<T>,
    b: Vec<T>,
    na: usize,
    nb: usize,
    values: impl Fn(&mut T) -> &mut Vec<Option<String>>,
    code: impl Fn(&T) -> &String,
) {
    for mut y in b {
        match a.iter().position(|x| code(x) == code(&y)) {
            Some(i) => {
                let ys = std::mem::take(values(&mut y));
                let xs = values(&mut a[i]);
                xs.resize(na, None);
                xs.extend(ys);
            }
            None => {
                let ys = std::mem::take(values(&mut y));
                *values(&mut y) = none_then(na, ys);
                a.push(y);
            }
        }
    }
    for x in a.iter_mut() {
        values(x).resize(na + nb, None);
    }
}

fn merge_pairs(
    a: &mut Vec<(String, Vec<Option<String>>)>,
    b: &mut Vec<(String, Vec<Option<String>>)>,
    na: usize,
    nb: usize,
) {
    for (k, v) in b.drain(..) {
        match a.iter_mut().find(|(x, _)| *x == k) {
            Some((_, xs)) => {
                xs.resize(na, None);
                xs.extend(v);
            }
            None => a.push((k, none_then(na, v))),
        }
    }
    for (_, xs) in a.iter_mut() {
        xs.resize(na + nb, None);
    }
}
