//! Likert answer labels: built-in Chinese and English label sets for 5- and 7-point
//! agreement, satisfaction, frequency and importance scales, matched after trimming
//! and case folding; "don't know"/不适用-style answers that are counted but excluded
//! from scores.

/// A labelled scale: its levels from lowest (1) to highest.
pub struct LabelSet {
    pub name: &'static str,
    pub levels: &'static [&'static str],
}

/// Built-in label sets (lowest level first).
pub const LABEL_SETS: &[LabelSet] = &[
    LabelSet {
        name: "agreement-5",
        levels: &[
            "strongly disagree",
            "disagree",
            "neither agree nor disagree",
            "agree",
            "strongly agree",
        ],
    },
    LabelSet {
        name: "agreement-5",
        levels: &[
            "strongly disagree",
            "disagree",
            "neutral",
            "agree",
            "strongly agree",
        ],
    },
    LabelSet {
        name: "agreement-5",
        levels: &[
            "strongly disagree",
            "somewhat disagree",
            "neither agree nor disagree",
            "somewhat agree",
            "strongly agree",
        ],
    },
    LabelSet {
        name: "agreement-7",
        levels: &[
            "strongly disagree",
            "disagree",
            "somewhat disagree",
            "neither agree nor disagree",
            "somewhat agree",
            "agree",
            "strongly agree",
        ],
    },
    LabelSet {
        name: "satisfaction-5",
        levels: &[
            "very dissatisfied",
            "dissatisfied",
            "neutral",
            "satisfied",
            "very satisfied",
        ],
    },
    LabelSet {
        name: "satisfaction-5",
        levels: &[
            "very dissatisfied",
            "dissatisfied",
            "neither satisfied nor dissatisfied",
            "satisfied",
            "very satisfied",
        ],
    },
    LabelSet {
        name: "satisfaction-7",
        levels: &[
            "very dissatisfied",
            "dissatisfied",
            "somewhat dissatisfied",
            "neutral",
            "somewhat satisfied",
            "satisfied",
            "very satisfied",
        ],
    },
    LabelSet {
        name: "frequency-5",
        levels: &["never", "rarely", "sometimes", "often", "always"],
    },
    LabelSet {
        name: "frequency-7",
        levels: &[
            "never",
            "very rarely",
            "rarely",
            "sometimes",
            "often",
            "very often",
            "always",
        ],
    },
    LabelSet {
        name: "importance-7",
        levels: &[
            "not at all important",
            "low importance",
            "slightly important",
            "neutral",
            "moderately important",
            "very important",
            "extremely important",
        ],
    },
    LabelSet {
        name: "importance-5",
        levels: &[
            "not at all important",
            "slightly important",
            "moderately important",
            "very important",
            "extremely important",
        ],
    },
    LabelSet {
        name: "agreement-5-zh",
        levels: &["非常不同意", "不同意", "一般", "同意", "非常同意"],
    },
    LabelSet {
        name: "agreement-5-zh",
        levels: &["非常不同意", "不同意", "中立", "同意", "非常同意"],
    },
    LabelSet {
        name: "agreement-5-zh",
        levels: &["完全不同意", "不同意", "不确定", "同意", "完全同意"],
    },
    LabelSet {
        name: "agreement-7-zh",
        levels: &[
            "非常不同意",
            "不同意",
            "比较不同意",
            "一般",
            "比较同意",
            "同意",
            "非常同意",
        ],
    },
    LabelSet {
        name: "satisfaction-5-zh",
        levels: &["非常不满意", "不满意", "一般", "满意", "非常满意"],
    },
    LabelSet {
        name: "satisfaction-5-zh",
        levels: &["很不满意", "不满意", "一般", "满意", "很满意"],
    },
    LabelSet {
        name: "satisfaction-7-zh",
        levels: &[
            "非常不满意",
            "不满意",
            "比较不满意",
            "一般",
            "比较满意",
            "满意",
            "非常满意",
        ],
    },
    LabelSet {
        name: "frequency-5-zh",
        levels: &["从不", "很少", "有时", "经常", "总是"],
    },
    LabelSet {
        name: "frequency-7-zh",
        levels: &["从不", "极少", "很少", "有时", "经常", "非常频繁", "总是"],
    },
    LabelSet {
        name: "importance-7-zh",
        levels: &[
            "完全不重要",
            "非常不重要",
            "不重要",
            "一般",
            "重要",
            "非常重要",
            "极其重要",
        ],
    },
    LabelSet {
        name: "importance-5-zh",
        levels: &["非常不重要", "不重要", "一般", "重要", "非常重要"],
    },
];

/// Answers that mean "no opinion": counted, never scored.
pub const NOT_APPLICABLE: &[&str] = &[
    "don't know",
    "dont know",
    "do not know",
    "not applicable",
    "n/a",
    "not sure",
    "prefer not to say",
    "不适用",
    "不知道",
    "不清楚",
    "无法评价",
    "不了解",
    "说不清",
];

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
    let f = fold(answer);
    NOT_APPLICABLE.contains(&f.as_str()) || extra.iter().any(|e| fold(e) == f)
}

/// A labelled scale, custom (from the config) or built in: its levels from lowest (1)
/// to highest, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub name: String,
    pub levels: Vec<String>,
}

impl Scale {
    /// A scale from its labels, lowest first.
    pub fn new(name: &str, levels: &[String]) -> Scale {
        Scale {
            name: name.to_string(),
            levels: levels.iter().map(|l| fold(l)).collect(),
        }
    }

    /// The level (1-based) of an answer.
    pub fn level(&self, answer: &str) -> Option<f64> {
        let f = fold(answer);
        self.levels
            .iter()
            .position(|l| *l == f)
            .map(|i| i as f64 + 1.0)
    }
}

fn builtin() -> &'static [Scale] {
    static SETS: std::sync::OnceLock<Vec<Scale>> = std::sync::OnceLock::new();
    SETS.get_or_init(|| {
        LABEL_SETS
            .iter()
            .map(|s| Scale {
                name: s.name.to_string(),
                levels: s.levels.iter().map(|l| l.to_string()).collect(),
            })
            .collect()
    })
}

/// The scale that covers every answer (answers meaning "no opinion" ignored): the
/// custom scales first, then the built-in ones; the smallest that fits wins.
pub fn find_scale<'a>(
    custom: &'a [Scale],
    extra_na: &[String],
    answers: impl Iterator<Item = &'a str>,
) -> Option<Scale> {
    let mut seen: Vec<String> = answers
        .filter(|a| !is_not_applicable(a, extra_na))
        .map(fold)
        .filter(|a| !a.is_empty())
        .collect();
    seen.sort();
    seen.dedup();
    if seen.is_empty() {
        return None;
    }
    let fits = |set: &&Scale| seen.iter().all(|a| set.levels.contains(a));
    custom
        .iter()
        .filter(fits)
        .min_by_key(|s| s.levels.len())
        .or_else(|| builtin().iter().filter(fits).min_by_key(|s| s.levels.len()))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_matched_after_folding() {
        let set = find_scale(
            &[],
            &[],
            [
                "Strongly agree ",
                "agree",
                "Strongly Disagree",
                "Don't know",
            ]
            .into_iter(),
        )
        .unwrap();
        assert_eq!(set.levels.len(), 5);
        assert_eq!(set.level(" STRONGLY  agree"), Some(5.0));
        let zh = find_scale(&[], &[], ["非常满意", "一般", "不满意"].into_iter()).unwrap();
        assert_eq!(zh.level("非常满意"), Some(5.0));
        assert!(is_not_applicable("不适用", &[]));
        assert!(find_scale(&[], &[], ["maybe"].into_iter()).is_none());
    }

    #[test]
    fn seven_point_frequency_and_importance() {
        let f = find_scale(&[], &[], ["Very often", "never", "Always"].into_iter()).unwrap();
        assert_eq!(
            (f.name.as_str(), f.level("very often")),
            ("frequency-7", Some(6.0))
        );
        let i = find_scale(&[], &[], ["极其重要", "一般"].into_iter()).unwrap();
        assert_eq!(
            (i.name.as_str(), i.level("极其重要")),
            ("importance-7-zh", Some(7.0))
        );
        // Answers that fit a 5-point set take it, not a 7-point one.
        let five = find_scale(&[], &[], ["从不", "经常", "总是"].into_iter()).unwrap();
        assert_eq!(five.levels.len(), 5);
    }

    #[test]
    fn custom_scales_win_and_extra_no_opinion_answers_count() {
        let custom = [Scale::new(
            "speed",
            &["很慢", "较慢", "一般", "较快", "很快"].map(String::from),
        )];
        let s = find_scale(&custom, &[], ["较快", "一般"].into_iter()).unwrap();
        assert_eq!(s.name, "speed");
        assert_eq!(s.level("很快"), Some(5.0));
        let extra = vec!["没接触过".to_string()];
        assert!(is_not_applicable("没接触过", &extra));
        assert!(find_scale(&custom, &extra, ["很慢", "没接触过"].into_iter()).is_some());
    }
}
