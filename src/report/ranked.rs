//! The report's ranked lists: stages, bottlenecks, handoffs and edges in the order of
//! [`crate::analysis::rank`] (impact first), each table showing its first
//! [`TABLE_ROWS`] rows and folding the rest under a `<details>` ([`Fold`]); the stage
//! and bottleneck charts drawing the stages that matter and one "other stages" bar for
//! the rest (rare stages always among them), with a sentence saying what share of the
//! time the drawn stages hold.

use anyhow::{Context as _, Result};
use serde::Serialize;

use super::charts::{stage_time, wait_share};
use super::format::{count, hours, opt_hours, pct, MISSING};
use super::i18n::Lang;
use super::sentences as say;
use crate::analysis::rank::{self, Rest};
use crate::analysis::{StageStats, Stats, TasklogAnalysis};
use crate::model::TimestampShape;

/// Rows a ranked table shows before folding the rest.
pub const TABLE_ROWS: usize = 25;
/// Rows folded at most; beyond them the JSON and the exports hold the rest.
pub const FOLDED_MAX: usize = 1000;
/// Bottlenecks drawn before the "other stages" bar.
pub const BOTTLENECK_BARS: usize = 10;

/// A table's rows: the first shown, the rest folded with a summary line, and a note
/// when even the folded part is cut.
#[derive(Debug, Serialize)]
pub struct Fold<T> {
    pub shown: Vec<T>,
    pub more: Vec<T>,
    /// The `<summary>` of the folded rows.
    pub more_summary: String,
    /// Rows in neither part (only in the JSON and the exports).
    pub beyond: Option<String>,
}

impl<T> Fold<T> {
    /// `rows` split after [`TABLE_ROWS`]; `summary` words the folded part (its rows).
    pub fn new(mut rows: Vec<T>, lang: Lang, summary: impl FnOnce(usize) -> String) -> Self {
        let more: Vec<T> = rows.split_off(rows.len().min(TABLE_ROWS));
        let left = more.len().saturating_sub(FOLDED_MAX);
        let mut more = more;
        more.truncate(FOLDED_MAX);
        Fold {
            more_summary: if more.is_empty() {
                String::new()
            } else {
                summary(more.len())
            },
            shown: rows,
            more,
            beyond: (left > 0).then(|| match lang {
                Lang::En => format!(
                    "{} more rows are in the JSON and the exported tables.",
                    count(left)
                ),
                Lang::Zh => format!("另有 {} 行见 JSON 与导出的表格。", count(left)),
            }),
        }
    }
}

/// One row of the stage table.
#[derive(Debug, Serialize)]
pub struct StageRow {
    pub stage: String,
    pub events: String,
    pub cases: String,
    pub service_median: String,
    pub service_p90: String,
    pub wait_median: String,
    pub wait_p90: String,
    pub rework_cases: String,
    pub departments: String,
    /// Done by more than one department.
    pub unclear: bool,
}

/// One row of the bottleneck table.
#[derive(Debug, Serialize)]
pub struct BottleneckRow {
    pub rank: usize,
    pub stage: String,
    pub share: String,
    pub total: String,
    pub median: String,
    pub p90: String,
    pub cases: String,
    pub reason: String,
}

/// One row of the handoff table.
#[derive(Debug, Serialize)]
pub struct HandoffRow {
    pub from: String,
    pub to: String,
    pub count: String,
    pub median: String,
    pub p90: String,
    pub share: String,
    pub ping_pong: String,
}

/// One row of the edge table.
#[derive(Debug, Serialize)]
pub struct EdgeRow {
    pub from: String,
    pub to: String,
    pub count: String,
    pub median: String,
    pub p90: String,
}

/// The stage and bottleneck parts of the report.
#[derive(Debug, Serialize)]
pub struct RankedView {
    pub stage_chart: String,
    pub stage_chart_note: Option<String>,
    /// The stage chart's sentence, on the stages it draws.
    pub stage_takeaway: Option<String>,
    pub stages: Fold<StageRow>,
    pub bottleneck_chart: String,
    pub bottlenecks: Fold<BottleneckRow>,
    pub handoffs: Fold<HandoffRow>,
    pub edges: Fold<EdgeRow>,
    pub edges_note: Option<String>,
}

/// The stages the stage chart draws and the rest it folds into one bar.
pub struct ChartStages<'a> {
    pub drawn: Vec<&'a StageStats>,
    pub rest: Rest,
    /// How many of the rest are rare.
    pub rare: usize,
}

/// The first [`stage_time::MAX_STAGES`] stages by impact that are not rare; the rest
/// (rare ones and those beyond) in one bar, unless that is a single stage that is not
/// rare, which is drawn itself.
fn chart_stages(t: &TasklogAnalysis) -> ChartStages<'_> {
    let rare = |s: &StageStats| rank::is_rare(s, t.cases, t.rare_stage_share);
    let (common, rare_ones): (Vec<&StageStats>, Vec<&StageStats>) =
        rank::stages_by_impact(&t.stages)
            .into_iter()
            .partition(|s| !rare(s));
    let mut drawn = common;
    let mut rest: Vec<&StageStats> = drawn.split_off(drawn.len().min(stage_time::MAX_STAGES));
    if rest.len() == 1 && rare_ones.is_empty() {
        drawn.append(&mut rest);
    }
    let rare = rare_ones.len();
    rest.extend(rare_ones);
    ChartStages {
        drawn,
        rest: Rest::of(rest),
        rare,
    }
}

/// The ranked view.
pub fn ranked_view(t: &TasklogAnalysis, lang: Lang) -> Result<RankedView> {
    let single = t.timestamps == TimestampShape::Single;
    let chart = chart_stages(t);
    Ok(RankedView {
        stage_chart: stage_time::stage_time_chart(&chart.drawn, chart.rest, single, lang)
            .context("drawing the stage chart")?,
        stage_chart_note: stage_note(t, &chart, single, lang),
        stage_takeaway: super::takeaways::stages(lang, &chart.drawn, single),
        stages: stage_rows(t, single, lang),
        bottleneck_chart: bottleneck_chart(t, single, lang)?,
        bottlenecks: bottleneck_rows(t, single, lang),
        handoffs: handoff_rows(t, lang),
        edges: edge_rows(t, lang),
        edges_note: (!t.edges.is_empty())
            .then(|| say::edges_note(lang, t.edges.len().min(TABLE_ROWS), t.edges.len())),
    })
}

/// What the drawn stages hold and what the "other stages" bar stands for.
fn stage_note(t: &TasklogAnalysis, c: &ChartStages, single: bool, lang: Lang) -> Option<String> {
    if c.rest.stages == 0 {
        return None;
    }
    let drawn: f64 = c.drawn.iter().map(|s| rank::stage_impact(s)).sum();
    let share = pct(rank::wait_share(drawn, &t.stages));
    let rest_share = pct(rank::wait_share(c.rest.wait_hours, &t.stages));
    Some(say::stage_chart_rest(
        lang,
        say::ChartRest {
            drawn: c.drawn.len(),
            share,
            rest: c.rest.stages,
            events: c.rest.events,
            rest_share,
            rare: c.rare,
            rare_share: pct(t.rare_stage_share),
            single,
        },
    ))
}

/// The bottleneck chart: the first [`BOTTLENECK_BARS`] stages that are not rare, and
/// the others (rare ones among them) as one bar.
fn bottleneck_chart(t: &TasklogAnalysis, single: bool, lang: Lang) -> Result<String> {
    let rare: std::collections::HashSet<&str> = t
        .stages
        .iter()
        .filter(|s| rank::is_rare(s, t.cases, t.rare_stage_share))
        .map(|s| s.stage.as_str())
        .collect();
    let (mut shown, mut others): (Vec<_>, Vec<_>) = t
        .bottlenecks
        .iter()
        .cloned()
        .partition(|b| !rare.contains(b.stage.as_str()));
    let mut beyond = shown.split_off(shown.len().min(BOTTLENECK_BARS));
    beyond.append(&mut others);
    let rest =
        (!beyond.is_empty()).then(|| (beyond.len(), beyond.iter().map(|b| b.wait_share).sum()));
    wait_share::wait_share_chart(&shown, rest, single, lang).context("drawing the bottleneck chart")
}

fn median_p90(s: &Stats, lang: Lang) -> (String, String) {
    (opt_hours(s.median, lang), opt_hours(s.p90, lang))
}

fn stage_rows(t: &TasklogAnalysis, single: bool, lang: Lang) -> Fold<StageRow> {
    let ranked = rank::stages_by_impact(&t.stages);
    let rows = ranked.iter().map(|s| stage_row(s, single, lang)).collect();
    let rest = Rest::of(ranked.iter().skip(TABLE_ROWS).copied());
    let share = pct(rank::wait_share(rest.wait_hours, &t.stages));
    Fold::new(rows, lang, |_| {
        say::folded_stages(lang, rest.stages, rest.events, &share, single)
    })
}

fn stage_row(s: &StageStats, single: bool, lang: Lang) -> StageRow {
    let (service_median, service_p90) = if single {
        (MISSING.to_owned(), MISSING.to_owned())
    } else {
        median_p90(&s.service_hours, lang)
    };
    let (wait_median, wait_p90) = median_p90(&s.wait_hours, lang);
    StageRow {
        stage: s.stage.clone(),
        events: count(s.events),
        cases: count(s.cases),
        service_median,
        service_p90,
        wait_median,
        wait_p90,
        rework_cases: count(s.rework_cases),
        departments: count(s.departments),
        unclear: s.departments > 1,
    }
}

fn bottleneck_rows(t: &TasklogAnalysis, single: bool, lang: Lang) -> Fold<BottleneckRow> {
    let rows = t
        .bottlenecks
        .iter()
        .enumerate()
        .map(|(i, b)| BottleneckRow {
            rank: i + 1,
            stage: b.stage.clone(),
            share: pct(b.wait_share),
            total: hours(b.total_wait_hours, lang),
            median: hours(b.median_wait_hours, lang),
            p90: hours(b.p90_wait_hours, lang),
            cases: count(b.cases),
            reason: say::bottleneck_reason(lang, i + 1, b, single, t.status_history),
        })
        .collect();
    let share: f64 = t
        .bottlenecks
        .iter()
        .skip(TABLE_ROWS)
        .map(|b| b.wait_share)
        .sum();
    Fold::new(rows, lang, |n| say::folded_rows(lang, n, Some(&pct(share))))
}

fn handoff_rows(t: &TasklogAnalysis, lang: Lang) -> Fold<HandoffRow> {
    let rows = rank::handoffs_by_delay(&t.handoffs)
        .into_iter()
        .map(|h| {
            let (median, p90) = median_p90(&h.hours, lang);
            HandoffRow {
                from: h.from_department.clone(),
                to: h.to_department.clone(),
                count: count(h.count),
                median,
                p90,
                share: pct(h.share_of_lead_time),
                ping_pong: count(h.ping_pong_cases),
            }
        })
        .collect();
    Fold::new(rows, lang, |n| say::folded_rows(lang, n, None))
}

fn edge_rows(t: &TasklogAnalysis, lang: Lang) -> Fold<EdgeRow> {
    let rows = rank::edges_by_delay(&t.edges)
        .into_iter()
        .map(|e| {
            let (median, p90) = median_p90(&e.hours, lang);
            EdgeRow {
                from: e.from.clone(),
                to: e.to.clone(),
                count: count(e.count),
                median,
                p90,
            }
        })
        .collect();
    Fold::new(rows, lang, |n| say::folded_rows(lang, n, None))
}
