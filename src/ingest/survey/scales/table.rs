//! The built-in scale families (`families.toml`, compiled in) and custom scales from
//! `[[survey.scales]]`, in one shape: a family is a vocabulary of anchors with their
//! spellings and a list of members (scales), each a list of points holding anchors.

use std::collections::HashMap;

use serde::Deserialize;

use super::label::normalize;

/// One meaning on a scale ("strongly disagree") and the ways people write it.
#[derive(Debug, Clone)]
pub struct Anchor {
    /// The name shown when no answer used this anchor.
    pub display: String,
}

/// A vocabulary of anchors and the scales built from them.
#[derive(Debug, Clone)]
pub struct Family {
    pub name: String,
    /// The name shown in English and in Chinese (custom scales: their name).
    pub shown_en: String,
    pub shown_zh: String,
    /// From `[[survey.scales]]`: preferred over the built-in families.
    pub custom: bool,
    /// A custom scale naming its items: used for those only.
    pub restricted: bool,
    /// Degrees of any quality: matched, when no other family fits, on the answers
    /// with the word they share taken out.
    pub generic: bool,
    pub anchors: Vec<Anchor>,
    /// Each member: its points, lowest first, each the anchors that may fill it.
    pub members: Vec<Vec<Vec<usize>>>,
    /// Normalised spelling → anchor.
    spellings: HashMap<String, usize>,
}

impl Table {
    /// The built-in family of this name.
    pub fn family(&self, name: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.name == name)
    }

    /// Whether a normalised answer means "no opinion" by its beginning or ending
    /// ("Not applicable to me (…)", "Unfamiliar (N/A)").
    pub fn no_opinion_by_form(&self, text: &str) -> bool {
        let word_start = |p: &String| {
            text.strip_prefix(p.as_str())
                .is_some_and(|r| r.is_empty() || r.starts_with(' ') || !p.is_ascii())
        };
        let word_end = |p: &String| {
            text.strip_suffix(p.as_str())
                .is_some_and(|r| r.is_empty() || r.ends_with(' ') || !p.is_ascii())
        };
        self.no_opinion_prefixes.iter().any(word_start)
            || self.no_opinion_suffixes.iter().any(word_end)
    }
}

impl Family {
    /// The anchor a normalised text spells, if any.
    pub fn anchor(&self, text: &str) -> Option<usize> {
        self.spellings.get(text).copied()
    }

    /// Every normalised spelling and its anchor.
    pub fn spellings(&self) -> impl Iterator<Item = (&str, usize)> {
        self.spellings.iter().map(|(s, a)| (s.as_str(), *a))
    }

    /// The point of `member` that holds `anchor`.
    pub fn point(&self, member: usize, anchor: usize) -> Option<usize> {
        self.members[member]
            .iter()
            .position(|p| p.contains(&anchor))
    }

    /// A custom scale: each level its own anchor, one member.
    pub fn custom(name: &str, levels: &[String]) -> Family {
        let mut spellings = HashMap::new();
        for (i, l) in levels.iter().enumerate() {
            // As answers are read: `1 - Poor` is the level "poor".
            let text = super::label::Label::parse(l).text;
            let key = if text.is_empty() { normalize(l) } else { text };
            if !key.is_empty() {
                spellings.entry(key).or_insert(i);
            }
        }
        Family {
            name: name.to_string(),
            shown_en: name.to_string(),
            shown_zh: name.to_string(),
            custom: true,
            restricted: false,
            generic: false,
            anchors: levels
                .iter()
                .map(|l| Anchor {
                    display: l.trim().to_string(),
                })
                .collect(),
            members: vec![(0..levels.len()).map(|i| vec![i]).collect()],
            spellings,
        }
    }
}

/// The whole table.
#[derive(Debug)]
pub struct Table {
    pub families: Vec<Family>,
    /// Normalised answers meaning "no opinion".
    pub no_opinion: Vec<String>,
    /// Normalised beginnings and endings of answers meaning "no opinion".
    pub no_opinion_prefixes: Vec<String>,
    pub no_opinion_suffixes: Vec<String>,
    /// Normalised order words with their rank (0 = none/never … 4 = all/always).
    pub order_words: Vec<(String, u8)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    no_opinion: Vec<String>,
    no_opinion_prefixes: Vec<String>,
    no_opinion_suffixes: Vec<String>,
    family: Vec<RawFamily>,
    order_words: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFamily {
    name: String,
    shown: Shown,
    #[serde(default)]
    generic: bool,
    members: Vec<Vec<String>>,
    anchors: indexmap::IndexMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Shown {
    en: String,
    zh: String,
}

/// Upper-cases the first letter of a spelling for display ("strongly agree" →
/// "Strongly agree").
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A mistake in the scale table (the built-in one or a user's).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TableError {
    #[error("{0}")]
    Toml(String),
    #[error("order rank '{0}'")]
    OrderRank(String),
    #[error("{family}: '{word}' is spelled twice")]
    SpelledTwice { family: String, word: String },
    #[error("{family}: unknown anchor '{anchor}'")]
    UnknownAnchor { family: String, anchor: String },
    #[error("{family}: anchor '{anchor}' twice in a member")]
    AnchorTwice { family: String, anchor: String },
}

fn family(raw: RawFamily) -> Result<Family, TableError> {
    let ids: Vec<&String> = raw.anchors.keys().collect();
    let mut spellings = HashMap::new();
    for (i, words) in raw.anchors.values().enumerate() {
        for w in words {
            if spellings.insert(normalize(w), i).is_some() {
                return Err(TableError::SpelledTwice {
                    family: raw.name,
                    word: w.clone(),
                });
            }
        }
    }
    let mut members = Vec::new();
    for m in &raw.members {
        let mut points = Vec::new();
        for p in m {
            let mut point = Vec::new();
            for id in p.split('|') {
                let a = ids.iter().position(|x| x.as_str() == id).ok_or_else(|| {
                    TableError::UnknownAnchor {
                        family: raw.name.clone(),
                        anchor: id.into(),
                    }
                })?;
                if points.iter().any(|q: &Vec<usize>| q.contains(&a)) || point.contains(&a) {
                    return Err(TableError::AnchorTwice {
                        family: raw.name,
                        anchor: id.into(),
                    });
                }
                point.push(a);
            }
            points.push(point);
        }
        members.push(points);
    }
    Ok(Family {
        anchors: raw
            .anchors
            .values()
            .map(|w| Anchor {
                display: w.first().map(|s| capitalised(s)).unwrap_or_default(),
            })
            .collect(),
        name: raw.name,
        shown_en: raw.shown.en,
        shown_zh: raw.shown.zh,
        custom: false,
        restricted: false,
        generic: raw.generic,
        members,
        spellings,
    })
}

/// Parses the table's text.
fn parse(text: &str) -> Result<Table, TableError> {
    let raw: RawTable = toml::from_str(text).map_err(|e| TableError::Toml(e.to_string()))?;
    let mut order_words = Vec::new();
    for (rank, words) in raw.order_words {
        let r: u8 = rank
            .parse()
            .map_err(|_| TableError::OrderRank(rank.clone()))?;
        order_words.extend(words.iter().map(|w| (normalize(w), r)));
    }
    Ok(Table {
        families: raw
            .family
            .into_iter()
            .map(family)
            .collect::<Result<_, _>>()?,
        no_opinion: raw.no_opinion.iter().map(|s| normalize(s)).collect(),
        no_opinion_prefixes: raw
            .no_opinion_prefixes
            .iter()
            .map(|s| normalize(s))
            .collect(),
        no_opinion_suffixes: raw
            .no_opinion_suffixes
            .iter()
            .map(|s| normalize(s))
            .collect(),
        order_words,
    })
}

/// The built-in table.
pub fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        // The file is compiled in; `the_built_in_table_is_valid` parses it, so this
        // cannot fail in a tested build.
        parse(include_str!("families.toml")).expect("families.toml is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_is_valid() {
        let t = parse(include_str!("families.toml")).unwrap();
        assert!(t.families.len() >= 14);
        for f in &t.families {
            for m in &f.members {
                assert!((4..=7).contains(&m.len()), "{}: {} points", f.name, m.len());
            }
        }
        assert!(t.no_opinion.contains(&"dont know".to_string()));
    }

    #[test]
    fn every_common_length_is_there() {
        let t = table();
        let lengths = |name: &str| -> Vec<usize> {
            let f = t.families.iter().find(|f| f.name == name).unwrap();
            let mut l: Vec<usize> = f.members.iter().map(Vec::len).collect();
            l.sort_unstable();
            l.dedup();
            l
        };
        assert_eq!(lengths("agreement"), [4, 5, 6, 7]);
        assert_eq!(lengths("satisfaction"), [4, 5, 6, 7]);
        assert_eq!(lengths("frequency"), [4, 5, 6, 7]);
        assert_eq!(lengths("agreement (zh)"), [4, 5, 6, 7]);
        assert_eq!(lengths("satisfaction (zh)"), [4, 5, 6, 7]);
    }
}
