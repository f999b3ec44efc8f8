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
    "(跳过)",
    "(空)",
];

/// Markers of a plain missing answer (R's `NA`, pandas' `NaN`, …): neither scored nor
/// counted as "no opinion".
pub const MISSING: &[&str] = &["na", "nan", "null", "none", "-", "?", "#n/a", "empty"];

/// Whether an answer is a plain missing-value marker.
pub fn is_missing(answer: &str) -> bool {
    MISSING.contains(&fold(answer).as_str())
}

/// Trimmed, lower-cased, inner whitespace collapsed.
pub fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether an answer means "no opinion".
pub fn is_not_applicable(answer: &str) -> bool {
    let f = fold(answer);
    NOT_APPLICABLE.contains(&f.as_str())
}

/// The label set that covers every (folded) answer, preferring the smallest; answers
/// that are "no opinion" are ignored.
pub fn find_label_set<'a>(answers: impl Iterator<Item = &'a str>) -> Option<&'static LabelSet> {
    let seen: Vec<String> = answers
        .map(fold)
        .filter(|a| !a.is_empty() && !NOT_APPLICABLE.contains(&a.as_str()))
        .collect();
    if seen.is_empty() {
        return None;
    }
    LABEL_SETS
        .iter()
        .filter(|set| seen.iter().all(|a| set.levels.contains(&a.as_str())))
        .min_by_key(|set| set.levels.len())
}

/// The level (1-based) of an answer in a label set.
pub fn level(set: &LabelSet, answer: &str) -> Option<f64> {
    let f = fold(answer);
    set.levels
        .iter()
        .position(|l| *l == f)
        .map(|i| i as f64 + 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_matched_after_folding() {
        let set = find_label_set(
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
        assert_eq!(level(set, " STRONGLY  agree"), Some(5.0));
        let zh = find_label_set(["非常满意", "一般", "不满意"].into_iter()).unwrap();
        assert_eq!(level(zh, "非常满意"), Some(5.0));
        assert!(is_not_applicable("不适用"));
        assert!(find_label_set(["maybe"].into_iter()).is_none());
    }
}
