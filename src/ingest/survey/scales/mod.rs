//! Rating scales: answer labels normalised ([`label`]), matched against the built-in
//! families of `families.toml` and the custom `[[survey.scales]]` ([`table`], [`fit`]),
//! and each column's scale resolved with its peers ([`resolve`]). Also what counts as
//! a missing answer or "no opinion", and the `[[survey.scales]]` blocks suggested for
//! items whose scale cannot be settled or ordinal answers of no known family.

pub mod fit;
pub mod label;
pub mod resolve;
pub mod score;
pub mod table;

pub use resolve::{resolve, Observation, Outcome, Resolution, Scoring};

use crate::model::survey::ScaleSuggestion;

/// Markers of a plain missing answer (R's `NA`, pandas' `NaN`, 问卷星's `(空)`, …):
/// neither scored nor counted as "no opinion".
pub const MISSING: &[&str] = &[
    "na", "nan", "null", "none", "-", "?", "#n/a", "empty", "(空)", "--",
];

/// Whether an answer is a plain missing-value marker.
pub fn is_missing(answer: &str) -> bool {
    MISSING.contains(&fold(answer).as_str())
}

/// Trimmed, lower-cased, inner whitespace collapsed; full-width spaces count as spaces.
pub fn fold(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether an answer means "no opinion" (built in, or one of `extra` from the config).
pub fn is_not_applicable(answer: &str, extra: &[String]) -> bool {
    let extra: Vec<String> = extra.iter().map(|e| label::normalize(e)).collect();
    no_opinion(answer, &extra).is_some()
}

/// How an answer means "no opinion", with or without its number: `Some(true)` surely
/// (by its form, "Not applicable to me (…)", or listed in `extra`, normalised),
/// `Some(false)` when listed built in and possibly a scale's midpoint ("not sure"),
/// `None` not at all.
pub fn no_opinion(answer: &str, extra: &[String]) -> Option<bool> {
    let whole = label::normalize(answer);
    let text = label::Label::parse(answer).text;
    let forms = [whole, text];
    let forms = forms.iter().filter(|f| !f.is_empty());
    let t = table::table();
    let mut listed = false;
    for f in forms {
        if extra.contains(f) || t.no_opinion_by_form(f) {
            return Some(true);
        }
        listed |= t.no_opinion.contains(f);
    }
    listed.then_some(false)
}

/// A scale family's name for people: the table's English or Chinese one, "numbered
/// labels"/"numbers" for scales read from numbers, a custom scale's own name.
pub fn family_shown(family: &str, chinese: bool) -> String {
    let pick = |en: &str, zh: &str| if chinese { zh } else { en }.to_string();
    match (family, table::table().family(family)) {
        (_, Some(f)) => pick(&f.shown_en, &f.shown_zh),
        ("numbered", None) => pick("numbered labels", "带编号的选项"),
        ("numeric", None) => pick("numbers", "数字评分"),
        (other, None) => other.to_string(),
    }
}

/// A custom label scale from `[[survey.scales]]`, lowest level first; with `items`, it
/// is the scale of exactly those items (codes, texts, headers or question codes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub name: String,
    pub levels: Vec<String>,
    pub items: Vec<String>,
}

impl Scale {
    /// A scale from its labels, lowest first, for any item it fits.
    pub fn new(name: &str, levels: &[String]) -> Scale {
        Scale {
            name: name.to_string(),
            levels: levels.to_vec(),
            items: Vec::new(),
        }
    }

    /// The scale as a family to match against.
    pub fn family(&self) -> table::Family {
        let mut f = table::Family::custom(&self.name, &self.levels);
        f.restricted = !self.items.is_empty();
        f
    }

    /// Whether the scale names this column.
    pub fn names(&self, names: &[&str]) -> bool {
        self.items.iter().any(|i| names.contains(&i.trim()))
    }
}

/// Whether an answer is a level of some scale (built in or custom).
pub fn is_scale_label(answer: &str, custom: &[Scale]) -> bool {
    let text = label::Label::parse(answer).text;
    !text.is_empty()
        && (table::table()
            .families
            .iter()
            .any(|f| f.anchor(&text).is_some())
            || custom.iter().any(|s| s.family().anchor(&text).is_some()))
}

/// The order rank of an answer: that of the first order word in it ("Never or hardly
/// ever" → 0, "Most lessons" → 3).
fn order_rank(text: &str) -> Option<u8> {
    let words = &table::table().order_words;
    let mut best: Option<(usize, usize, u8)> = None; // (position, -length, rank)
    for (w, rank) in words {
        let cjk = !w.is_ascii();
        let found = if cjk {
            text.find(w.as_str())
        } else {
            let padded = format!(" {text} ");
            padded.find(&format!(" {w} "))
        };
        if let Some(pos) = found {
            let key = (pos, usize::MAX - w.len(), *rank);
            if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                best = Some(key);
            }
        }
    }
    best.map(|b| b.2)
}

/// How often per year a frequency answer says ("Several times a week" → 156, "Once a
/// month or less" → 12, "Never" → 0), for ordering answers of no family.
fn times_per_year(text: &str) -> Option<f64> {
    let t = format!(" {text} ");
    if t.contains(" never ") && !t.contains(" than ") {
        return Some(0.0);
    }
    let periods = [
        ("day", 365.0),
        ("daily", 365.0),
        ("week", 52.0),
        ("weekly", 52.0),
        ("month", 12.0),
        ("monthly", 12.0),
        ("year", 1.0),
        ("yearly", 1.0),
        ("天", 365.0),
        ("周", 52.0),
        ("星期", 52.0),
        ("月", 12.0),
        ("年", 1.0),
    ];
    let (_, per) = periods
        .iter()
        .find(|(w, _)| t.contains(&format!(" {w} ")) || (!w.is_ascii() && t.contains(w)))?;
    let times = [
        ("several times", 3.0),
        ("a few times", 2.5),
        ("few times", 2.5),
        ("many times", 5.0),
        ("twice", 2.0),
        ("once", 1.0),
        ("every", 1.0),
        ("each", 1.0),
        ("daily", 1.0),
        ("weekly", 1.0),
        ("monthly", 1.0),
        ("yearly", 1.0),
        ("几次", 2.5),
        ("多次", 3.0),
        ("每", 1.0),
        ("一次", 1.0),
    ];
    let mut n = times
        .iter()
        .find(|(w, _)| t.contains(w))
        .map(|(_, x)| *x)
        .or_else(|| {
            t.split(' ')
                .find_map(|w| w.parse::<f64>().ok())
                .filter(|x| *x > 0.0 && *x < 100.0)
        })?;
    if t.contains(" almost every ") || t.contains(" nearly every ") {
        n *= 0.8;
    }
    if t.contains(" or less ") || t.contains(" less than ") {
        n *= 0.9;
    } else if t.contains(" or more ") || t.contains(" more than ") {
        n *= 1.1;
    }
    Some(n * per)
}

/// Answers in order of how often they say, when every one says it.
fn by_frequency(values: &[String]) -> Option<Vec<String>> {
    let mut rated: Vec<(f64, &String)> = values
        .iter()
        .map(|v| Some((times_per_year(&label::Label::parse(v).text)?, v)))
        .collect::<Option<_>>()?;
    rated.sort_by(|a, b| a.0.total_cmp(&b.0));
    let distinct = rated.windows(2).all(|w| w[0].0 < w[1].0);
    distinct.then(|| rated.into_iter().map(|(_, v)| v.clone()).collect())
}

/// For the answers of a single-choice question that look ordinal (three to eleven
/// short values, most of them with an order word, of at least two ranks): the levels in the order the words give, or
/// in first-seen order (marked unordered) when they do not give one.
pub fn suggest_order(values: &[String]) -> Option<ScaleSuggestion> {
    // Levels of a scale are short phrases, not sentences.
    let short = values.iter().all(|v| v.chars().count() <= 30);
    if !(3..=11).contains(&values.len()) || !short {
        return None;
    }
    if let Some(levels) = by_frequency(values) {
        return Some(ScaleSuggestion {
            levels,
            ordered: true,
        });
    }
    let ranks: Vec<Option<u8>> = values
        .iter()
        .map(|v| order_rank(&label::Label::parse(v).text))
        .collect();
    let known = ranks.iter().flatten().count();
    let mut distinct: Vec<u8> = ranks.iter().flatten().copied().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if known * 2 < values.len() || distinct.len() < 2 {
        return None;
    }
    if known == values.len() && distinct.len() == values.len() {
        let mut ordered: Vec<(u8, &String)> = ranks.iter().flatten().copied().zip(values).collect();
        ordered.sort_by_key(|(r, _)| *r);
        return Some(ScaleSuggestion {
            levels: ordered.into_iter().map(|(_, v)| v.clone()).collect(),
            ordered: true,
        });
    }
    Some(ScaleSuggestion {
        levels: values.to_vec(),
        ordered: false,
    })
}

/// A `[[survey.scales]]` block for procdiag.toml.
pub fn toml_block(name: &str, levels: &[String], items: &[String]) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let list = |v: &[String]| v.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ");
    let mut out = format!(
        "[[survey.scales]]\nname = {}\nlevels = [{}]\n",
        quote(name),
        list(levels)
    );
    if !items.is_empty() {
        out.push_str(&format!("items = [{}]\n", list(items)));
    }
    out
}

#[cfg(test)]
mod tests;
