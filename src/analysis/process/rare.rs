//! Rare stages as a data-quality finding: how many stages are each seen in fewer than
//! the rare share of cases ([`super::rank::is_rare`]), how many events they hold, and
//! what they look like — spelling or spacing variants of a frequent stage, test
//! entries, or (the rest) a genuinely long tail of rare activities.
//!
//! A variant is a rare name equal to a frequent one up to case and spaces, or one or two
//! edits away from it (one for names under ten characters), where the edit is not a
//! digit ("Order 1" and "Order 2" are two activities, "Aproval" is "Approval"). A test
//! entry is a name that, without digits, punctuation and spaces, is only a word such as
//! "test", "dummy" or "测试数据" (a stage called "Blood test" is not one).

use super::quality::{Example, Fact, Finding, Severity};
use super::rank::is_rare;
use crate::analysis::StageStats;

/// Rare names are compared with at most this many of the most frequent stages.
const COMPARED: usize = 200;
/// Examples listed.
const EXAMPLES: usize = 5;
/// Whole names that mark test entries (lower case, without digits and punctuation).
const TEST_WORDS: &[&str] = &[
    "test",
    "testing",
    "tst",
    "dummy",
    "demo",
    "sample",
    "tmp",
    "temp",
    "xxx",
    "asdf",
    "foo",
    "bar",
    "测试",
    "测试数据",
    "测试用",
    "测试环节",
    "试验数据",
    "样例",
    "示例",
];

/// The finding, when the log has rare stages.
pub fn finding(stages: &[StageStats], cases: usize, share: f64) -> Option<Finding> {
    let (rare, common): (Vec<&StageStats>, Vec<&StageStats>) =
        stages.iter().partition(|s| is_rare(s, cases, share));
    if rare.is_empty() {
        return None;
    }
    let mut frequent = common;
    frequent.sort_by_key(|s| std::cmp::Reverse(s.events));
    let frequent: Vec<String> = frequent
        .iter()
        .take(COMPARED)
        .map(|s| normalise(&s.stage))
        .collect();
    let typos = rare
        .iter()
        .filter(|s| is_variant(&normalise(&s.stage), &frequent))
        .count();
    let tests = rare.iter().filter(|s| is_test(&s.stage)).count();
    let mut listed = rare.clone();
    listed.sort_by(|a, b| b.events.cmp(&a.events).then(a.stage.cmp(&b.stage)));
    Some(Finding {
        fact: Fact::RareStages {
            share,
            events: rare.iter().map(|s| s.events).sum(),
            all_events: stages.iter().map(|s| s.events).sum(),
            variants: typos,
            tests,
        },
        severity: Severity::Info,
        count: rare.len(),
        examples: listed
            .iter()
            .take(EXAMPLES)
            .map(|s| Example::Value(s.stage.clone()))
            .collect(),
    })
}

/// Lower case, runs of white space as one space, trimmed.
pub fn normalise(name: &str) -> String {
    collapse_spaces(name).to_lowercase()
}

/// Runs of white space as one space, trimmed: how names are shown (the JSON keeps them
/// as read).
pub fn collapse_spaces(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `rare` (normalised) spells one of the `frequent` names differently.
fn is_variant(rare: &str, frequent: &[String]) -> bool {
    let len = rare.chars().count();
    if len < 4 {
        return false;
    }
    let allowed = if len < 10 { 1 } else { 2 };
    let no_digits = |s: &str| {
        s.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    frequent.iter().any(|f| {
        f == rare
            || (strsim::damerau_levenshtein(rare, f) <= allowed && no_digits(rare) != no_digits(f))
            || (f.replace(' ', "") == rare.replace(' ', ""))
    })
}

/// Whether a stage name is only a test word.
fn is_test(name: &str) -> bool {
    let core: String = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    TEST_WORDS.contains(&core.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Stats;

    fn stage(name: &str, events: usize, cases: usize) -> StageStats {
        StageStats {
            stage: name.into(),
            events,
            cases,
            service_hours: Stats::default(),
            wait_hours: Stats::default(),
            rework_cases: 0,
            departments: 1,
        }
    }

    #[test]
    fn variants_are_case_space_and_one_or_two_edits_but_not_digits() {
        let frequent = [
            "approval".to_string(),
            "order 1".into(),
            "technical review".into(),
        ];
        assert!(is_variant("aproval", &frequent));
        assert!(is_variant("approval", &frequent));
        assert!(
            is_variant("technicl reveiw", &frequent),
            "two edits in a long name"
        );
        assert!(
            !is_variant("order 2", &frequent),
            "another number is another activity"
        );
        assert!(!is_variant("appr", &frequent));
        assert!(is_variant(&normalise("  Technical   Review "), &frequent));
        assert!(!is_variant("invoice", &frequent));
    }

    #[test]
    fn test_entries_are_whole_names_only() {
        assert!(is_test("TEST"));
        assert!(is_test("test_01"));
        assert!(is_test("测试数据 2"));
        assert!(!is_test("Blood test"));
        assert!(!is_test("测试验证"));
    }

    #[test]
    fn the_finding_counts_rare_stages_their_events_and_kinds() {
        // 200 cases: rare is fewer than 2. Approval, Review are common.
        let s = [
            stage("Approval", 400, 200),
            stage("Review", 150, 120),
            stage("Aproval", 1, 1),
            stage("test", 1, 1),
            stage("X-ray left knee", 3, 1),
        ];
        let f = finding(&s, 200, 0.01).unwrap();
        assert_eq!(f.count, 3);
        assert_eq!(
            f.fact,
            Fact::RareStages {
                share: 0.01,
                events: 5,
                all_events: 555,
                variants: 1,
                tests: 1
            }
        );
        assert_eq!(f.examples[0], Example::Value("X-ray left knee".into()));
        assert!(finding(&s[..2], 200, 0.01).is_none());
    }
}
