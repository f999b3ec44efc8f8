//! Why a metric, a goal or a target as the user wrote it cannot be read. Each message
//! quotes what was written and shows a form that works.

use super::metric::NAMES;

/// A metric, goal or target that cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpecError {
    #[error("'{spec}': a filter list ends with ']'")]
    UnclosedFilters { spec: String },
    #[error("'{spec}': filter '{part}' is not KEY=VALUE (e.g. stage=合规审批)")]
    FilterNotKeyValue { spec: String, part: String },
    #[error("unknown metric '{name}'; metrics are {}", NAMES.join(", "))]
    UnknownMetric { name: String },
    #[error(
        "'{spec}': a survey metric names its item or dimension, e.g. \
         survey.mean[dimension=流程效率] or survey.nps[item=Q7]"
    )]
    SurveyNeedsItemOrDimension { spec: String },
    #[error("'{spec}': top-2-box and NPS are figures of one item: add [item=…]")]
    NeedsItem { spec: String },

    #[error("{spec}: say which clock, e.g. sla_compliance[name=首次响应] (the name of an [[sla]] in procdiag.toml)")]
    SlaNeedsName { spec: String },
    #[error("'{text}' is not a number (with an optional unit h, d, min or %)")]
    NotANumber { text: String },
    #[error("'{text}': % goes with rates (on_time_rate, first_time_right, …)")]
    PercentNeedsRate { text: String },
    #[error("'{text}': time units go with durations")]
    UnitNeedsDuration { text: String },
    #[error("not a number")]
    GoalNotANumber,
    #[error("not understood")]
    GoalNotUnderstood,
    #[error(
        "goal '{goal}': {why}. Write a relative change (-20%, +40%), a bound \
         (<= 48h, >= 95%, >= 4.0) or points (+5pt)"
    )]
    Goal { goal: String, why: Box<SpecError> },
    #[error(
        "--target {flag}: expected METRIC=GOAL, e.g. lead_time.median=-20% or \
         on_time_rate>=95%"
    )]
    TargetForm { flag: String },
    // The inner error is in the message, not chained (`error: …` prints the chain too).
    #[error("--target {flag}: {inner}")]
    Flag { flag: String, inner: Box<SpecError> },
    #[error("target {metric}: {inner}")]
    FileTarget {
        metric: String,
        inner: Box<SpecError>,
    },
}
