//! Words for the plan's and the survey's facts: why a target has no figures, which
//! question an open answer belongs to.

use super::Lang;
use crate::analysis::improvement::NoData;
use crate::analysis::survey::OpenQuestion;

/// Why a target has no figures. English is also the JSON's `note`.
pub fn no_data(lang: Lang, d: NoData) -> String {
    match d {
        NoData::NoSurvey => lang
            .pick("no survey was given (--survey)", "未提供问卷（--survey）")
            .into(),
        NoData::NoTasklog => lang
            .pick(
                "no task log was given (--tasks)",
                "未提供任务日志（--tasks）",
            )
            .into(),
        NoData::RespondentsUndated => lang
            .pick(
                "the survey's respondents cannot be placed in the periods (no submission \
                 times, no period column, not several files)",
                "无法把问卷答卷归入对比期（没有提交时间、没有分期列，也不是多个文件）",
            )
            .into(),
        NoData::Suppressed { min_group } => lang.pick(
            format!("suppressed: fewer than {min_group} respondents in a period"),
            format!("已隐藏：某一期答卷少于 {min_group} 份"),
        ),
        NoData::Derivable { min_group } => lang.pick(
            format!(
                "suppressed: beside the other figures it would let a group of fewer than \
                 {min_group} respondents be derived by subtraction"
            ),
            format!("已隐藏：与其他数字相减可推算出不足 {min_group} 人的分组"),
        ),
        NoData::CrossedGroups => lang
            .pick(
                "suppressed: filtered on two survey breakdowns at once, whose crossed \
                 groups the anonymity rule does not protect",
                "已隐藏：同时按两个问卷分组筛选，交叉后的小组不受匿名规则保护",
            )
            .into(),
        NoData::NoObservations => lang
            .pick("no observations in a period", "某一期没有观测值")
            .into(),
    }
}

/// An open question's text; the "other" box of a choice question is marked. A question
/// without text is named by its mark alone.
pub fn open_question(lang: Lang, q: &OpenQuestion) -> String {
    if !q.other {
        return q.text.clone();
    }
    match lang {
        Lang::En => format!("{} (other)", q.text),
        Lang::Zh if q.text.trim().is_empty() => "（其他）".into(),
        Lang::Zh => format!("{}（其他）", q.text),
    }
}
