//! The `[[survey.scales]]` blocks suggested for ordinal answers of no family.

use super::super::*;

#[test]
fn ordinal_answers_of_no_family_get_a_suggested_order() {
    let pisa = [
        "Some lessons",
        "Never or hardly ever",
        "All lessons",
        "Most lessons",
    ]
    .map(String::from);
    let s = suggest_order(&pisa).unwrap();
    assert!(s.ordered);
    assert_eq!(
        s.levels,
        [
            "Never or hardly ever",
            "Some lessons",
            "Most lessons",
            "All lessons"
        ]
    );
    assert!(suggest_order(&["研发部", "测试部", "法务部"].map(String::from)).is_none());
    // Sentences are not levels, whatever words they hold.
    let kinds = [
        "逻辑压制型：极其抠细节，连珠炮式反问，让你觉得自己很不专业",
        "模糊否定型：只说“感觉不对，再改改”，完全不知道标准是什么",
        "沉默/冷处理型：微信回复“嗯/阅/好”，或者已读不回，得不到反馈",
    ]
    .map(String::from);
    assert!(suggest_order(&kinds).is_none());
    let block = toml_block("lessons", &s.levels, &["ST38Q01".into()]);
    assert!(block.contains("levels = [\"Never or hardly ever\", \"Some lessons\""));
    assert!(block.contains("items = [\"ST38Q01\"]"));
}

#[test]
fn frequencies_by_period_are_ordered_by_how_often() {
    let v = [
        "Several times a week",
        "Several times a day",
        "Several times a month",
        "Never or almost never",
    ]
    .map(String::from);
    let s = suggest_order(&v).unwrap();
    assert!(s.ordered);
    assert_eq!(
        s.levels,
        [
            "Never or almost never",
            "Several times a month",
            "Several times a week",
            "Several times a day"
        ]
    );
    let travel = [
        "Once a year or less",
        "Once a month or less",
        "Never",
        "A few times per month",
        "A few times per week",
        "Every day",
    ]
    .map(String::from);
    assert_eq!(
        suggest_order(&travel).unwrap().levels,
        [
            "Never",
            "Once a year or less",
            "Once a month or less",
            "A few times per month",
            "A few times per week",
            "Every day"
        ]
    );
}
