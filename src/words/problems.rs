//! Words for the problem list: each kind's name, where it is, and the 5-Why starter
//! question built from its figures.

use super::Lang;
use crate::analysis::problems::{Problem, ProblemKind, Where};
use crate::report::format::{count, hours};

/// The kind's name.
pub fn problem_kind(lang: Lang, k: ProblemKind) -> &'static str {
    let (en, zh) = match k {
        ProblemKind::Waiting => ("Waiting before a stage", "环节前等待"),
        ProblemKind::TimeInStatus => ("Long time in a status", "状态停留过长"),
        ProblemKind::Handoff => ("Slow handoff", "交接缓慢"),
        ProblemKind::Rework => ("Rework", "返工"),
        ProblemKind::PingPong => ("Ping-pong between departments", "部门间来回交接"),
        ProblemKind::SharedStage => ("Stage without one owner", "环节无唯一责任部门"),
        ProblemKind::SurveyDimension => ("Low-scoring survey dimension", "问卷维度得分低"),
        ProblemKind::SlaBreach => ("Service level missed", "服务时限未达成"),
    };
    lang.pick(en, zh)
}

/// Where the problem is: the stage, or "A → B".
pub fn problem_where(w: &Where) -> String {
    match (&w.stage, &w.from_department, &w.to_department, &w.dimension) {
        (Some(s), _, _, _) => s.clone(),
        (None, Some(a), Some(b), _) => format!("{a} → {b}"),
        (_, _, _, Some(d)) => d.clone(),
        _ => w.clock.clone().unwrap_or_default(),
    }
}

/// Why a survey dimension scores low.
fn survey_question(lang: Lang, p: &Problem) -> String {
    let d = p.place.dimension.clone().unwrap_or_default();
    let Some(s) = &p.evidence.score else {
        return d;
    };
    let (m, lo, hi) = (s.mean, s.scale_min, s.scale_max);
    match lang {
        Lang::En => {
            format!("Why do staff rate {d} {m:.2} on a {lo}–{hi} scale, below its midpoint?")
        }
        Lang::Zh => format!("为什么员工对“{d}”的评分只有 {m:.2}（{lo}–{hi} 分，低于中点）？"),
    }
}

/// Why cases miss a service level.
fn sla_question(lang: Lang, p: &Problem) -> String {
    let clock = p.place.clock.clone().unwrap_or_default();
    let Some(s) = &p.evidence.sla else {
        return clock;
    };
    let (k, n, t) = (count(s.breached), count(s.decided), &s.target);
    match lang {
        Lang::En => format!("Why do {k} of {n} decided cases miss {clock} (target {t})?"),
        Lang::Zh => format!("为什么“{clock}”在 {n} 个已判定的案例中有 {k} 个超时（目标 {t}）？"),
    }
}

/// The 5-Why starter question.
pub fn problem_question(lang: Lang, p: &Problem) -> String {
    let w = &p.place;
    let stage = w.stage.clone().unwrap_or_default();
    let (a, b) = (
        w.from_department.clone().unwrap_or_default(),
        w.to_department.clone().unwrap_or_default(),
    );
    let median = p
        .evidence
        .median_hours
        .map(|h| hours(h, lang))
        .unwrap_or_default();
    let p90 = p
        .evidence
        .p90_hours
        .map(|h| hours(h, lang))
        .unwrap_or_default();
    let cases = count(p.cases);
    let owners = p.evidence.departments.len();
    match (lang, p.kind) {
        (Lang::En, ProblemKind::Waiting) => {
            format!("Why do cases wait {median} before {stage} (one in ten {p90} or more)?")
        }
        (Lang::Zh, ProblemKind::Waiting) => {
            format!("为什么{stage}前的等待时间中位数是 {median}（十分之一超过 {p90}）？")
        }
        (Lang::En, ProblemKind::TimeInStatus) => {
            format!("Why do cases stay {median} in {stage} (one in ten {p90} or more)?")
        }
        (Lang::Zh, ProblemKind::TimeInStatus) => {
            format!("为什么案例在“{stage}”状态停留的中位数是 {median}（十分之一超过 {p90}）？")
        }
        (Lang::En, ProblemKind::Handoff) => {
            format!("Why does work handed from {a} to {b} wait {median} before it is picked up?")
        }
        (Lang::Zh, ProblemKind::Handoff) => {
            format!("为什么从{a}交给{b}的工作要等 {median} 才被处理？")
        }
        (Lang::En, ProblemKind::Rework) => format!("Why is {stage} done again in {cases} cases?"),
        (Lang::Zh, ProblemKind::Rework) => format!("为什么有 {cases} 个案例要重做{stage}？"),
        (Lang::En, ProblemKind::PingPong) => {
            format!("Why does {b} send work straight back to {a} in {cases} cases?")
        }
        (Lang::Zh, ProblemKind::PingPong) => {
            format!("为什么有 {cases} 个案例被{b}直接退回给{a}？")
        }
        (Lang::En, ProblemKind::SharedStage) => {
            format!("Who owns {stage}? {owners} departments perform it.")
        }
        (Lang::Zh, ProblemKind::SharedStage) => {
            format!("{stage}由谁负责？目前有 {owners} 个部门在执行。")
        }
        (lang, ProblemKind::SurveyDimension) => survey_question(lang, p),
        (lang, ProblemKind::SlaBreach) => sla_question(lang, p),
    }
}
