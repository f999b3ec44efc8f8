//! Columns that settle each other: a question's rows, an item's waves, neighbours,
//! custom scales.

use super::super::*;
use super::{obs, score, scored};
use crate::model::survey::Assumption;

#[test]
fn matrix_rows_share_their_question_scale() {
    let rows = vec![
        obs(
            "Q3_1",
            "Q3",
            &[
                ("Strongly disagree", 1),
                ("Disagree", 2),
                ("Neutral", 2),
                ("Agree", 1),
                ("Strongly agree", 1),
            ],
        ),
        obs(
            "Q3_2",
            "Q3",
            &[
                ("Disagree", 2),
                ("Neutral", 2),
                ("Agree", 3),
                ("Strongly agree", 1),
            ],
        ),
        // Exactly four points on its own, but its question has five.
        obs(
            "Q3_3",
            "Q3",
            &[
                ("Strongly disagree", 1),
                ("Disagree", 2),
                ("Agree", 3),
                ("Strongly agree", 1),
            ],
        ),
    ];
    let out = resolve(&[rows], &[], &[]).remove(0);
    for r in &out {
        assert_eq!(scored(r.clone()).max, 5.0);
    }
    let s = scored(out[1].clone());
    assert_eq!(score(&s, "Disagree"), Some(2.0));
    assert!(matches!(&s.assumptions[0], Assumption::SharedScale { with, .. } if with.len() == 2));
    assert_eq!(score(&scored(out[2].clone()), "Agree"), Some(4.0));
}

#[test]
fn the_same_item_in_two_waves_shares_its_scale() {
    let w1 = vec![obs(
        "Q1",
        "Q1",
        &[
            ("Disagree", 2),
            ("Neutral", 2),
            ("Agree", 3),
            ("Strongly agree", 1),
        ],
    )];
    let w2 = vec![obs(
        "Q1",
        "Q1",
        &[("Strongly disagree", 1), ("Neutral", 2), ("Agree", 3)],
    )];
    let out = resolve(&[w1, w2], &[], &[]);
    assert_eq!(scored(out[0][0].clone()).max, 5.0);
    let w2 = scored(out[1][0].clone());
    assert_eq!(w2.max, 5.0);
    assert_eq!(
        w2.assumptions,
        [Assumption::SharedScale {
            with: vec![],
            other_waves: true
        }]
    );
}

#[test]
fn neighbours_settle_a_column_when_they_agree() {
    let five = [
        ("Strongly disagree", 1),
        ("Disagree", 2),
        ("Neutral", 2),
        ("Agree", 1),
        ("Strongly agree", 1),
    ];
    let cols = vec![
        obs("A", "A", &five),
        obs("B", "B", &[("Disagree", 2), ("Neutral", 2), ("Agree", 3)]),
        obs("C", "C", &five),
    ];
    let out = resolve(&[cols], &[], &[]).remove(0);
    let b = scored(out[1].clone());
    assert_eq!(b.max, 5.0);
    assert_eq!(
        b.assumptions,
        [Assumption::SharedScale {
            with: vec!["A".into(), "C".into()],
            other_waves: false
        }]
    );
    // Neighbours on different scales settle nothing.
    let four = [
        ("Strongly disagree", 1),
        ("Disagree", 2),
        ("Agree", 1),
        ("Strongly agree", 1),
    ];
    let cols = vec![
        obs("A", "A", &five),
        obs("B", "B", &[("Disagree", 2), ("Agree", 3)]),
        obs("C", "C", &four),
    ];
    let out = resolve(&[cols], &[], &[]).remove(0);
    assert!(matches!(out[1], Some(Resolution::Ambiguous(_))));
}

#[test]
fn a_custom_scale_naming_items_is_their_scale() {
    let custom = Scale {
        name: "agreement-5".into(),
        levels: [
            "Strongly disagree",
            "Disagree",
            "Neutral",
            "Agree",
            "Strongly agree",
        ]
        .map(String::from)
        .to_vec(),
        items: vec!["Q1".into()],
    };
    let mut o = obs("Q1", "Q1", &[("Agree", 2), ("Disagree", 1)]);
    o.forced = Some(0);
    let other = obs("Q2", "Q2", &[("Agree", 2), ("Disagree", 1)]);
    let out = resolve(&[vec![o, other]], &[custom.family()], &[]).remove(0);
    let s = scored(out[0].clone());
    assert_eq!((s.max, score(&s, "Agree")), (5.0, Some(4.0)));
    assert!(
        matches!(out[1], Some(Resolution::Ambiguous(_))),
        "only the items it names"
    );
}

#[test]
fn a_group_counts_not_sure_one_way_in_every_row() {
    let rows = vec![
        obs(
            "Q1_1",
            "Q1",
            &[
                ("Strongly disagree", 1),
                ("Disagree", 1),
                ("Neutral", 1),
                ("Agree", 1),
                ("Strongly agree", 1),
                ("Not sure", 2),
            ],
        ),
        obs(
            "Q1_2",
            "Q1",
            &[
                ("Strongly disagree", 1),
                ("Disagree", 1),
                ("Agree", 1),
                ("Strongly agree", 1),
                ("Not sure", 2),
            ],
        ),
    ];
    let out = resolve(&[rows], &[], &[]).remove(0);
    for r in out {
        let s = scored(r);
        assert_eq!(s.max, 5.0);
        assert_eq!(s.outcome("Not sure"), Outcome::NoOpinion);
    }
}

#[test]
fn a_shorter_column_between_longer_neighbours_is_refused() {
    let five = [
        ("从不", 2),
        ("很少", 2),
        ("有时", 2),
        ("经常", 2),
        ("总是", 2),
    ];
    let cols = vec![
        obs("Q1", "Q1", &five),
        obs(
            "Q2",
            "Q2",
            &[("从不", 2), ("有时", 3), ("经常", 2), ("总是", 1)],
        ),
        obs("Q3", "Q3", &five),
    ];
    let out = resolve(&[cols], &[], &[]).remove(0);
    let Some(Resolution::Ambiguous(c)) = &out[1] else {
        panic!("{:?}", out[1])
    };
    assert_eq!(c[0].points, 5, "the neighbours' scale first");
    assert!(c.iter().any(|c| c.points == 4));
    // A binary question beside Likert items is not given their scale.
    let agree = [
        ("Strongly disagree", 1),
        ("Disagree", 2),
        ("Neutral", 2),
        ("Agree", 1),
        ("Strongly agree", 1),
    ];
    let cols = vec![
        obs("A", "A", &agree),
        obs("B", "B", &[("Agree", 5), ("Disagree", 4)]),
    ];
    assert!(matches!(
        resolve(&[cols], &[], &[]).remove(0)[1],
        Some(Resolution::Ambiguous(_))
    ));
}

#[test]
fn an_exact_built_in_scale_beats_a_longer_custom_one_that_merely_holds_it() {
    let custom = Scale::new(
        "agreement-5",
        &[
            "Strongly disagree",
            "Disagree",
            "Neutral",
            "Agree",
            "Strongly agree",
        ]
        .map(String::from),
    );
    let four = obs(
        "Q1",
        "Q1",
        &[
            ("Strongly disagree", 1),
            ("Disagree", 1),
            ("Agree", 1),
            ("Strongly agree", 1),
        ],
    );
    let five = obs(
        "Q2",
        "Q2",
        &[
            ("Strongly disagree", 1),
            ("Disagree", 1),
            ("Neutral", 1),
            ("Agree", 1),
            ("Strongly agree", 1),
        ],
    );
    let out = resolve(&[vec![four, five]], &[custom.family()], &[]).remove(0);
    let (a, b) = (scored(out[0].clone()), scored(out[1].clone()));
    assert_eq!((a.family.as_str(), a.max), ("agreement", 4.0));
    assert_eq!((b.family.as_str(), b.max), ("agreement-5", 5.0));
}

#[test]
fn one_rows_misspelling_beside_anothers_right_spelling_settles_the_question() {
    let rows = vec![
        obs(
            "Q1_1",
            "Q1",
            &[
                ("Strongly disagree", 1),
                ("Disagree", 1),
                ("Neutral", 1),
                ("Agree", 1),
                ("Strongly agree", 1),
            ],
        ),
        obs(
            "Q1_2",
            "Q1",
            &[
                ("Disagree", 1),
                ("Neutral", 1),
                ("Agree", 1),
                ("Strong agree", 3),
            ],
        ),
    ];
    let out = resolve(&[rows], &[], &[]).remove(0);
    let s = scored(out[1].clone());
    assert_eq!((s.max, score(&s, "Strong agree")), (5.0, Some(5.0)));
    assert!(s
        .assumptions
        .iter()
        .any(|a| matches!(a, Assumption::NearMiss { answers: 3, .. })));
}
