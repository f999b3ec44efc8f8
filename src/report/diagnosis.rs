//! View model of the diagnosis parts of the report: the swimlane process map and what
//! it covers, the handoff heatmap, weekly work in progress with the Little's-law
//! check, ownership and workload, and the ranked problem list.

use serde::Serialize;

use super::charts::{heatmap, process_map, wip};
use super::format::{count, hours, pct, MISSING};
use super::i18n::Lang;
use super::sentences as say;
use crate::analysis::TasklogAnalysis;

/// The diagnosis parts, formatted.
#[derive(Debug, Serialize)]
pub struct DiagnosisView {
    /// The swimlane process map (SVG) and what it covers.
    pub map_chart: String,
    pub map_caption: String,
    /// Weekly WIP, arrivals and completions (SVG) and the Little's-law sentence.
    pub wip_chart: String,
    pub littles_law: Option<String>,
    pub wip_note: Option<String>,
    /// What the WIP chart and the heatmap show, in a sentence each.
    pub wip_takeaway: Option<String>,
    pub heatmap_takeaway: Option<String>,
    /// The weeks drawn: week, Monday, mean WIP, arrivals, completions.
    pub wip_rows: Vec<[String; 5]>,
    /// The department × department heatmap (SVG), when there are handoffs.
    pub heatmap: Option<String>,
    /// Stages done by several departments, owner changes, workload.
    pub ownership: super::ownership::OwnershipView,
    /// The problem list (the first [`PROBLEMS_SHOWN`]) and what it shows.
    pub problems: Vec<ProblemRow>,
    pub problems_note: String,
    /// Some problem is split by KPI period (the list gains a column).
    pub problems_by_period: bool,
}

/// Problems the report lists (the JSON has all).
const PROBLEMS_SHOWN: usize = 10;

/// One problem of the list.
#[derive(Debug, Serialize)]
pub struct ProblemRow {
    pub rank: usize,
    pub kind: &'static str,
    pub place: String,
    pub hours_lost: String,
    pub cases: String,
    pub share: String,
    pub evidence: String,
    pub section: &'static str,
    pub question: String,
    /// Hours lost per KPI period (a small bar chart), when the review has periods.
    pub by_period: Option<String>,
}

fn problem_rows(t: &TasklogAnalysis, lang: Lang) -> Vec<ProblemRow> {
    t.problems
        .iter()
        .take(PROBLEMS_SHOWN)
        .map(|p| ProblemRow {
            rank: p.rank,
            kind: crate::words::problem_kind(lang, p.kind),
            place: crate::words::problem_where(&p.place),
            hours_lost: p
                .hours_lost
                .map_or_else(|| MISSING.to_owned(), |h| hours(h, lang)),
            cases: count(p.cases),
            share: p.share_of_lead_time.map_or_else(|| MISSING.to_owned(), pct),
            evidence: say::problem_evidence(lang, p),
            section: p.evidence.section,
            question: crate::words::problem_question(lang, p),
            by_period: super::charts::period_bars::period_bars(
                &p.by_period
                    .iter()
                    .map(|x| (x.period.clone(), x.hours_lost, x.cases, x.complete))
                    .collect::<Vec<_>>(),
                lang,
            ),
        })
        .collect()
}

/// What the problem list shows, and how its periods are counted.
fn problems_note(t: &TasklogAnalysis, lang: Lang) -> String {
    let mut note = say::problems_note(lang, PROBLEMS_SHOWN.min(t.problems.len()), t.problems.len());
    if t.problems.iter().any(|p| !p.by_period.is_empty()) {
        note.push_str(lang.pick(" ", ""));
        note.push_str(&say::problems_by_period_note(lang));
    }
    note
}

/// The heatmap's departments: the process map's lanes, then any other department that
/// hands over or receives, by name.
fn heatmap_order(t: &TasklogAnalysis) -> Vec<String> {
    let mut order: Vec<String> = t.process_map.lanes.iter().flatten().cloned().collect();
    let mut rest: Vec<String> = t
        .handoffs
        .iter()
        .flat_map(|h| [h.from_department.clone(), h.to_department.clone()])
        .filter(|d| !order.contains(d))
        .collect();
    rest.sort();
    rest.dedup();
    order.extend(rest);
    order
}

/// Builds the view.
pub fn diagnosis_view(t: &TasklogAnalysis, lang: Lang) -> DiagnosisView {
    DiagnosisView {
        map_chart: process_map::process_map_chart(&t.process_map, lang),
        map_caption: say::map_caption(lang, &t.process_map.coverage),
        wip_chart: wip::wip_chart(&t.wip, lang),
        wip_takeaway: super::takeaways::wip(lang, &t.wip),
        heatmap_takeaway: super::takeaways::handoffs(lang, &t.handoffs),
        problems: problem_rows(t, lang),
        problems_by_period: t.problems.iter().any(|p| !p.by_period.is_empty()),
        ownership: super::ownership::ownership_view(&t.ownership, &t.workload, lang),
        problems_note: problems_note(t, lang),
        littles_law: match &t.littles_law {
            Some(l) => Some(say::littles_law(lang, l)),
            None => (!t.wip.is_empty()).then(|| say::littles_law_unchecked(lang)),
        },
        wip_note: (t.wip_weeks_left_out > 0).then(|| match lang {
            Lang::En => format!(
                "The last {} weeks; {} earlier weeks are left out.",
                t.wip.len(),
                count(t.wip_weeks_left_out)
            ),
            Lang::Zh => format!(
                "最近 {} 周；更早的 {} 周未列出。",
                t.wip.len(),
                count(t.wip_weeks_left_out)
            ),
        }),
        wip_rows: t
            .wip
            .iter()
            .map(|w| {
                [
                    w.period.clone(),
                    w.from.clone(),
                    format!("{:.1}", w.wip),
                    count(w.arrivals),
                    count(w.completions),
                ]
            })
            .collect(),
        heatmap: (!t.handoffs.is_empty())
            .then(|| heatmap::handoff_heatmap(&t.handoffs, &heatmap_order(t), lang)),
    }
}
