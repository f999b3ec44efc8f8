//! Words for the plan's facts: why a target has no figures.

use super::Lang;
use crate::analysis::improvement::NoData;

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
        NoData::NoObservations => lang
            .pick("no observations in a period", "某一期没有观测值")
            .into(),
    }
}
