//! The resolver on tiny columns whose right scale a person can see: one column alone
//! here, columns that settle each other in [`peers`], suggested orders in [`order`].

mod order;
mod peers;

use super::*;
use crate::model::survey::Assumption;

pub(super) fn obs(code: &str, group: &str, answers: &[(&str, usize)]) -> Observation {
    Observation {
        group: group.to_string(),
        code: code.to_string(),
        answers: answers.iter().map(|(a, n)| (a.to_string(), *n)).collect(),
        forced: None,
    }
}

pub(super) fn one(answers: &[(&str, usize)]) -> Option<Resolution> {
    resolve(&[vec![obs("Q1", "Q1", answers)]], &[], &[])
        .remove(0)
        .remove(0)
}

pub(super) fn scored(r: Option<Resolution>) -> Scoring {
    match r {
        Some(Resolution::Scored(s)) => s,
        other => panic!("not scored: {other:?}"),
    }
}

pub(super) fn score(s: &Scoring, answer: &str) -> Option<f64> {
    match s.outcome(answer) {
        Outcome::Score(x) => Some(x),
        _ => None,
    }
}

#[test]
fn four_point_agreement_is_never_scored_on_five_points() {
    let s = scored(one(&[
        ("Strongly disagree", 3),
        ("Disagree", 5),
        ("Agree", 7),
        ("Strongly agree", 2),
    ]));
    assert_eq!((s.family.as_str(), s.max), ("agreement", 4.0));
    assert_eq!(score(&s, "Agree"), Some(3.0));
    assert!(s.assumptions.is_empty());
}

#[test]
fn four_point_frequency_scores_often_as_three() {
    let s = scored(one(&[
        ("never", 1),
        ("sometimes", 4),
        ("often", 6),
        ("always", 2),
    ]));
    assert_eq!((s.family.as_str(), s.max), ("frequency", 4.0));
    assert_eq!(score(&s, "often"), Some(3.0));
    let five = scored(one(&[
        ("Never", 1),
        ("Rarely", 1),
        ("Sometimes", 1),
        ("Often", 1),
        ("Always", 1),
    ]));
    assert_eq!((five.max, score(&five, "Often")), (5.0, Some(4.0)));
}

#[test]
fn neither_is_the_midpoint_and_camel_case_is_split() {
    let s = scored(one(&[
        ("StronglyDisagree", 1),
        ("Disagree", 1),
        ("Neither", 1),
        ("Agree", 1),
        ("StronglyAgree", 1),
    ]));
    assert_eq!(s.max, 5.0);
    assert_eq!(score(&s, "Neither"), Some(3.0));
    assert_eq!(score(&s, "StronglyAgree"), Some(5.0));
    assert_eq!(s.levels[4].label, "StronglyAgree");
}

#[test]
fn a_near_miss_is_accepted_and_listed_with_its_count() {
    let s = scored(one(&[
        ("Strongly disagree", 2),
        ("Disagree", 2),
        ("Agree", 4),
        ("Strong agree", 3),
    ]));
    assert_eq!(s.max, 4.0);
    assert_eq!(score(&s, "Strong agree"), Some(4.0));
    assert_eq!(
        s.assumptions,
        [Assumption::NearMiss {
            answer: "Strong agree".into(),
            level: "Strongly agree".into(),
            answers: 3
        }]
    );
}

#[test]
fn negations_are_never_near_misses() {
    // "Unlikly" is within 1 of "unlikely" and 3 of "likely": a typo of "unlikely".
    let s = scored(one(&[
        ("Very unlikely", 1),
        ("Unlikly", 1),
        ("Neither likely nor unlikely", 1),
        ("Likely", 1),
        ("Very likely", 1),
    ]));
    assert_eq!(score(&s, "Unlikly"), Some(2.0));
    // Chinese labels of two characters get no edit distance at all.
    let zh = one(&[("满意", 3), ("不满意", 2), ("非常满意", 1), ("满音", 1)]);
    if let Some(Resolution::Scored(z)) = zh {
        assert_eq!(score(&z, "满音"), None);
    }
}

#[test]
fn numbered_labels_give_the_order() {
    let s = scored(one(&[
        ("1 - Strongly disagree", 1),
        ("2", 3),
        ("3", 2),
        ("4", 1),
        ("5 - Strongly agree", 1),
    ]));
    assert_eq!((s.family.as_str(), s.max), ("agreement", 5.0));
    assert_eq!(score(&s, "2"), Some(2.0));
    assert_eq!(s.levels[0].label, "Strongly disagree");
    let zh = scored(one(&[
        ("5=非常满意", 2),
        ("4=满意", 3),
        ("3=一般", 1),
        ("2=不满意", 1),
        ("1=非常不满意", 1),
    ]));
    assert_eq!((zh.max, score(&zh, "4=满意")), (5.0, Some(4.0)));
    let circled = scored(one(&[
        ("①非常不同意", 1),
        ("②不同意", 1),
        ("③一般", 1),
        ("④同意", 1),
        ("⑤非常同意", 1),
    ]));
    assert_eq!(score(&circled, "④同意"), Some(4.0));
}

#[test]
fn numbered_labels_of_no_family_score_their_numbers_and_say_so() {
    let s = scored(one(&[
        ("(1) Not useful at all", 2),
        ("(2)", 1),
        ("(4)", 3),
        ("(5)", 1),
        ("(6) Very Useful", 2),
    ]));
    assert_eq!((s.family.as_str(), s.min, s.max), ("numbered", 1.0, 6.0));
    assert_eq!(score(&s, "(4)"), Some(4.0));
    assert_eq!(s.levels[2].label, "3");
    assert_eq!(
        s.assumptions,
        [Assumption::NumberedRange { min: 1.0, max: 6.0 }]
    );
}

#[test]
fn reversed_numbering_is_scored_by_meaning() {
    let s = scored(one(&[
        ("1 = Strongly agree", 1),
        ("2 = Agree", 1),
        ("3 = Neutral", 1),
        ("4 = Disagree", 1),
        ("5 = Strongly disagree", 1),
    ]));
    assert_eq!(score(&s, "1 = Strongly agree"), Some(5.0));
    assert_eq!(s.assumptions, [Assumption::NumberingReversed]);
}

#[test]
fn an_unsettled_column_is_refused_with_the_likeliest_scale_first() {
    let r = one(&[("Agree", 2), ("Disagree", 1), ("Strongly agree", 1)]);
    let Some(Resolution::Ambiguous(c)) = r else {
        panic!("{r:?}")
    };
    let points: Vec<usize> = c.iter().map(|c| c.points).collect();
    assert_eq!(
        points,
        [4, 5, 6, 7],
        "no unchosen level between chosen ones first"
    );
    assert_eq!(
        c[0].levels,
        ["Strongly disagree", "Disagree", "Agree", "Strongly agree"]
    );
}

#[test]
fn not_sure_is_a_free_midpoint_or_no_opinion() {
    let s = scored(one(&[
        ("Strongly disagree", 1),
        ("Disagree", 1),
        ("Not sure", 4),
        ("Agree", 1),
        ("Strongly agree", 1),
    ]));
    assert_eq!((s.max, score(&s, "Not sure")), (5.0, Some(3.0)));
    assert!(matches!(
        &s.assumptions[0],
        Assumption::Midpoint { answers: 4, .. }
    ));
    let with_neutral = scored(one(&[
        ("Strongly disagree", 1),
        ("Disagree", 1),
        ("Neutral", 1),
        ("Not sure", 4),
        ("Agree", 1),
        ("Strongly agree", 1),
    ]));
    assert_eq!(with_neutral.outcome("Not sure"), Outcome::NoOpinion);
    let dk = scored(one(&[
        ("Never", 1),
        ("Sometimes", 1),
        ("Often", 1),
        ("Always", 1),
        ("Don’t know", 2),
    ]));
    assert_eq!(dk.outcome("Don’t know"), Outcome::NoOpinion);
}

#[test]
fn chinese_scales_with_bijiao_and_jiben() {
    let s = scored(one(&[
        ("非常不同意", 1),
        ("比较不同意", 1),
        ("一般", 1),
        ("比较同意", 1),
        ("非常同意", 1),
    ]));
    assert_eq!((s.max, score(&s, "比较同意")), (5.0, Some(4.0)));
    let f = scored(one(&[
        ("完全不符合", 1),
        ("不太符合", 1),
        ("基本符合", 1),
        ("比较符合", 1),
        ("完全符合", 1),
    ]));
    assert_eq!(score(&f, "基本符合"), Some(3.0));
    let four = scored(one(&[("从不", 1), ("有时", 1), ("经常", 1), ("总是", 1)]));
    assert_eq!((four.max, score(&four, "经常")), (4.0, Some(3.0)));
}

#[test]
fn open_text_and_plain_numbers_are_not_label_scales() {
    assert!(one(&[("3", 4), ("4", 2), ("5", 1)]).is_none());
    assert!(one(&[
        ("The approval is slow", 1),
        ("fine", 1),
        ("Too many meetings", 1)
    ])
    .is_none());
}

#[test]
fn degrees_of_any_quality_match_without_their_shared_word() {
    let s = scored(one(&[
        ("Not at all masculine", 32),
        ("Not very masculine", 131),
        ("Somewhat masculine", 826),
        ("Very masculine", 612),
        ("No answer", 14),
    ]));
    assert_eq!((s.family.as_str(), s.max), ("degree", 4.0));
    assert_eq!(score(&s, "Somewhat masculine"), Some(3.0));
    assert_eq!(s.outcome("No answer"), Outcome::NoOpinion);
    // Three degrees of a four-degree scale settle nothing.
    let happy = one(&[
        ("not too happy", 5),
        ("pretty happy", 25),
        ("very happy", 14),
    ]);
    let Some(Resolution::Ambiguous(c)) = happy else {
        panic!("{happy:?}")
    };
    assert_eq!(
        c[0].answered,
        ["not too happy", "pretty happy", "very happy"]
    );
}

#[test]
fn two_labels_never_share_a_level() {
    let s = scored(one(&[
        ("Never", 171),
        ("Once in a while", 257),
        ("About half the time", 118),
        ("Usually", 175),
        ("Always", 137),
    ]));
    assert_eq!(s.max, 5.0);
    assert_eq!(score(&s, "About half the time"), Some(3.0));
}

#[test]
fn no_opinion_by_its_form() {
    let s = scored(one(&[
        ("Very easy", 2),
        ("Somewhat easy", 2),
        ("Neither easy nor difficult", 2),
        ("Somewhat difficult", 2),
        ("Very difficult", 1),
        ("I don't know", 5),
        ("Not applicable to me (I do not have a mental illness)", 2),
    ]));
    assert_eq!(s.max, 5.0);
    assert_eq!(s.outcome("I don't know"), Outcome::NoOpinion);
    assert!(is_not_applicable("Unfamiliar (N/A)", &[]));
}

#[test]
fn numbers_never_shift_a_scale_or_contradict_its_words() {
    // Nobody chose 1: the numbers still score themselves, the range is said.
    let s = scored(one(&[
        ("2", 3),
        ("3", 2),
        ("4", 4),
        ("5 = Very satisfied", 2),
    ]));
    assert_eq!((s.family.as_str(), s.min, s.max), ("numbered", 1.0, 5.0));
    assert_eq!(score(&s, "5 = Very satisfied"), Some(5.0));
    assert_eq!(score(&s, "2"), Some(2.0));
    // Every label written, numbers against the words: not scored.
    let r = one(&[
        ("1 - Strongly disagree", 1),
        ("2 - Disagree", 1),
        ("3 - Agree", 1),
        ("4 - Strongly agree", 1),
        ("5 - Neutral", 1),
    ]);
    assert!(matches!(r, Some(Resolution::Ambiguous(_))), "{r:?}");
    // One written end that runs high to low: the numbers are reversed.
    let rev = scored(one(&[
        ("1 = Strongly agree", 2),
        ("2", 1),
        ("3", 1),
        ("4", 3),
    ]));
    assert_eq!(score(&rev, "1 = Strongly agree"), Some(4.0));
    assert!(rev.assumptions.contains(&Assumption::NumberingReversed));
    // 0–10 with written ends keeps its numbers (and so its NPS).
    let nps = scored(one(&[
        ("0 - Not at all likely", 1),
        ("5", 2),
        ("9", 3),
        ("10 - Extremely likely", 2),
    ]));
    assert_eq!((nps.min, nps.max, score(&nps, "9")), (0.0, 10.0, Some(9.0)));
    let from_one = scored(one(&[
        ("1", 2),
        ("5", 1),
        ("9", 3),
        ("10 - Extremely likely", 2),
    ]));
    assert_eq!((from_one.min, from_one.max), (0.0, 10.0));
}

#[test]
fn a_negation_is_never_a_typo() {
    let r = one(&[
        ("Unacceptable", 3),
        ("Poor", 2),
        ("Fair", 4),
        ("Good", 5),
        ("Excellent", 1),
    ]);
    if let Some(Resolution::Scored(s)) = &r {
        assert_ne!(score(s, "Unacceptable"), score(s, "Fair"));
    }
    let zh = one(&[
        ("非常不好", 1),
        ("不好", 2),
        ("一般", 3),
        ("好", 2),
        ("非常好", 1),
    ]);
    let z = scored(zh);
    assert_eq!(
        (score(&z, "非常不好"), score(&z, "非常好")),
        (Some(1.0), Some(5.0))
    );
}

#[test]
fn unknown_answers_keep_a_column_from_being_exact() {
    // "Neutral / no opinion" is no spelling: the column is not an exact 4-point scale.
    let r = one(&[
        ("Strongly disagree", 10),
        ("Disagree", 10),
        ("Neutral / no opinion of mine", 2),
        ("Agree", 10),
        ("Strongly agree", 10),
    ]);
    assert!(matches!(r, Some(Resolution::Ambiguous(_))), "{r:?}");
    let zh = scored(one(&[
        ("非常不同意", 1),
        ("不同意", 2),
        ("一般（中立）", 8),
        ("同意", 3),
        ("非常同意", 1),
    ]));
    assert_eq!((zh.max, score(&zh, "同意")), (5.0, Some(4.0)));
}
