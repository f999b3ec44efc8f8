//! View model of "the survey beside the log": department scores beside the log's
//! figures (with Spearman's ρ, or why not), and votes for the slowest stage beside the
//! measured ranking, with the stages where staff and the log disagree.

use serde::Serialize;

use super::format::{count, hours, pct, MISSING};
use crate::analysis::survey_log::{SurveyLog, MIN_DEPARTMENTS};
use crate::words::Lang;

#[derive(Debug, Serialize)]
pub struct DeptRow {
    pub department: String,
    pub respondents: String,
    pub scores: Vec<String>,
    pub wait: String,
    pub handoff: String,
    pub rework: String,
}

#[derive(Debug, Serialize)]
pub struct StageRow {
    pub stage: String,
    pub votes: String,
    pub share: String,
    pub vote_rank: usize,
    pub measured_rank: String,
    pub wait_share: String,
}

#[derive(Debug, Serialize)]
pub struct SurveyLogView {
    pub dimensions: Vec<String>,
    pub departments: Vec<DeptRow>,
    pub departments_note: Option<String>,
    pub stages: Vec<StageRow>,
    pub stages_note: Option<String>,
}

fn figure_name(lang: Lang, f: &str) -> &'static str {
    match f {
        "mean_wait_hours" => lang.pick("mean wait", "平均等待"),
        "handoff_in_median_hours" => lang.pick("handoff delay received", "接收交接延迟"),
        _ => lang.pick("rework events", "返工事件"),
    }
}

fn departments_note(s: &SurveyLog, lang: Lang) -> Option<String> {
    let d = s.departments.as_ref()?;
    let shown = d.rows.len();
    let hidden = d.suppressed_groups;
    if d.correlations.is_empty() {
        return Some(match lang {
            Lang::En => format!(
                "{shown} departments shown ({hidden} hidden by the anonymity rule): Spearman's \
                 ρ needs at least {MIN_DEPARTMENTS}, so no correlation is computed."
            ),
            Lang::Zh => format!(
                "显示 {shown} 个部门（{hidden} 个因匿名规则隐藏）：Spearman ρ 至少需要 {MIN_DEPARTMENTS} 个部门，因此不计算相关。"
            ),
        });
    }
    let parts: Vec<String> = d
        .correlations
        .iter()
        .map(|c| {
            format!(
                "{} × {}: ρ = {:.2} (n = {})",
                c.dimension,
                figure_name(lang, c.figure),
                c.rho,
                c.n
            )
        })
        .collect();
    Some(parts.join(lang.pick("; ", "；")))
}

fn stages_note(s: &SurveyLog, lang: Lang) -> Option<String> {
    let p = s.perceived.as_ref()?;
    let join = |v: &[String]| v.join(lang.pick(", ", "、"));
    Some(match (lang, p.perceived_only.is_empty() && p.measured_only.is_empty()) {
        (Lang::En, true) => "Staff's three slowest stages are the log's three largest waits.".into(),
        (Lang::Zh, true) => "员工认为最慢的三个环节与日志中等待最多的三个环节一致。".into(),
        (Lang::En, false) => format!(
            "Staff and the log disagree. Seen as slow but not among the log's three largest \
             waits: {}. Among them but not seen as slow: {}.",
            join(&p.perceived_only),
            join(&p.measured_only)
        ),
        (Lang::Zh, false) => format!(
            "员工感受与日志不一致。被认为慢、但不在日志等待最多的前三名：{}。在前三名、但未被认为慢：{}。",
            join(&p.perceived_only),
            join(&p.measured_only)
        ),
    })
}

/// Builds the view.
pub fn survey_log_view(s: &SurveyLog, lang: Lang) -> SurveyLogView {
    let dimensions: Vec<String> = s
        .departments
        .iter()
        .flat_map(|d| d.rows.iter().flat_map(|r| r.dimensions.keys().cloned()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let opt = |h: Option<f64>| h.map_or_else(|| MISSING.to_owned(), |h| hours(h, lang));
    let departments = s
        .departments
        .iter()
        .flat_map(|d| d.rows.iter())
        .map(|r| DeptRow {
            department: r.department.clone(),
            respondents: count(r.respondents),
            scores: dimensions
                .iter()
                .map(|k| {
                    r.dimensions
                        .get(k)
                        .map_or_else(|| MISSING.to_owned(), |v| format!("{v:.2}"))
                })
                .collect(),
            wait: opt(r.mean_wait_hours),
            handoff: opt(r.handoff_in_median_hours),
            rework: count(r.rework_events),
        })
        .collect();
    let stages = s
        .perceived
        .iter()
        .flat_map(|p| p.stages.iter())
        .map(|v| StageRow {
            stage: v.stage.clone(),
            votes: count(v.votes),
            share: pct(v.vote_share),
            vote_rank: v.vote_rank,
            measured_rank: v
                .measured_rank
                .map_or_else(|| MISSING.to_owned(), |r| r.to_string()),
            wait_share: pct(v.wait_share),
        })
        .collect();
    SurveyLogView {
        dimensions,
        departments,
        departments_note: departments_note(s, lang),
        stages,
        stages_note: stages_note(s, lang),
    }
}
