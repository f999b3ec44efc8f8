//! Words for the anonymity rule's decisions: why a group that is big enough shows no
//! scores (it protects a smaller one from being derived by subtraction), and who the
//! respondents in no group are.

use super::Lang;
use crate::analysis::kpi::KpiPeriod;
use crate::analysis::survey::{GroupResult, SuppressedReason};

/// "A", "A and B", "A, B and C" (en); "A、B" (zh).
fn list(lang: Lang, names: &[String]) -> String {
    match (lang, names) {
        (Lang::Zh, _) => names.join("、"),
        (Lang::En, [one]) => one.clone(),
        (Lang::En, [init @ .., last]) => format!("{} and {last}", init.join(", ")),
        (Lang::En, []) => String::new(),
    }
}

/// "研发部 also hidden so that 法务部 cannot be derived" /
/// "为防止推算出法务部，研发部也已隐藏".
pub fn also_hidden(lang: Lang, group: &str, protects: &[String]) -> String {
    let who = list(lang, protects);
    lang.pick(
        format!("{group} also hidden so that {who} cannot be derived"),
        format!("为防止推算出{who}，{group}也已隐藏"),
    )
}

/// The respondents who gave no value in a breakdown column.
pub fn no_value_respondents(lang: Lang, by: &str) -> String {
    lang.pick(
        format!("the respondents with no {by}"),
        format!("未填写{by}的答卷者"),
    )
}

/// The respondents outside every period.
pub fn outside_periods(lang: Lang) -> String {
    lang.pick(
        "the respondents outside every period",
        "不在任何期间内的答卷者",
    )
    .to_string()
}

/// Why a survey group that is big enough shows no scores; `None` unless it is hidden
/// to protect others.
pub fn group_protects(lang: Lang, g: &GroupResult) -> Option<String> {
    if g.suppressed_reason != Some(SuppressedReason::Protects) {
        return None;
    }
    let mut who = g.protects.clone();
    if g.protects_no_value {
        who.push(no_value_respondents(lang, &g.by));
    }
    Some(also_hidden(lang, &g.value, &who))
}

/// Why a KPI period shows no satisfaction scores although it has enough respondents;
/// `None` unless it is hidden to protect others.
pub fn period_protects(lang: Lang, p: &KpiPeriod) -> Option<String> {
    if p.satisfaction_protects.is_empty() && !p.satisfaction_protects_outside {
        return None;
    }
    let mut who = p.satisfaction_protects.clone();
    if p.satisfaction_protects_outside {
        who.push(outside_periods(lang));
    }
    Some(also_hidden(lang, &p.period, &who))
}

/// The rule in one sentence, for the report's method notes.
pub fn rule(lang: Lang, min_group: usize) -> String {
    lang.pick(
        format!(
            "Groups of fewer than {min_group} respondents (and figures resting on fewer than \
             {min_group} answers) show no score, and further groups are hidden until the \
             respondents outside the groups shown number 0 or at least {min_group} for every \
             figure, so that no hidden group can be derived by subtracting the shown ones \
             from the total."
        ),
        format!(
            "不足 {min_group} 人的分组（以及作答不足 {min_group} 份的数字）不显示得分；并继续隐藏其他分组，\
             直到对每个数字而言、未显示分组中的答卷者为 0 或至少 {min_group} 人，使任何被隐藏的分组都无法用总数减去已显示分组推算出来。"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_names_whom_a_group_protects() {
        let one = ["法务部".to_string()];
        assert_eq!(
            also_hidden(Lang::En, "研发部", &one),
            "研发部 also hidden so that 法务部 cannot be derived"
        );
        assert_eq!(
            also_hidden(Lang::Zh, "研发部", &one),
            "为防止推算出法务部，研发部也已隐藏"
        );
        let two = ["法务部".to_string(), "财务部".to_string()];
        assert_eq!(
            also_hidden(Lang::En, "研发部", &two),
            "研发部 also hidden so that 法务部 and 财务部 cannot be derived"
        );
        assert_eq!(
            also_hidden(Lang::Zh, "研发部", &two),
            "为防止推算出法务部、财务部，研发部也已隐藏"
        );
    }
}
