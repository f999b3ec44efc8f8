//! Every table of the HTML report as a [`Grid`], in report order, for `procdiag report
//! --csv-dir DIR` (one CSV per grid) and `--xlsx FILE` (one sheet per grid).
//!
//! Built from the [`Analysis`] alone, with the report's rows (the same filters, small
//! survey groups suppressed by the same rule: a suppressed group's figures are never
//! exported), headers in the report's language, and numbers as numbers: durations in
//! hours ([`Cell::Hours`], the header says "(h)"/"（小时）"), shares as fractions
//! ([`Cell::Pct`]), counts as integers ([`Cell::Count`]). Where the report cuts a list
//! to keep the page short (problems after 10, edges and owners after 15, breaches and
//! cases at risk after 10 per clock, weekly updates before the last 12, rejected rows
//! after 20), the grid has all the analysis holds. A grid is left out when the report
//! shows no table for it.
//!
//! The grids' ids, in report order (the CSV files are `NN-id.csv`):
//! `scorecard`, `problems`, `attribution`, `kpis`, `sla_clocks`, `sla_groups`,
//! `sla_breaches`, `sla_at_risk`, `sla_weeks`, `sla_working`, `lead_time_bins`,
//! `stages`, `bottlenecks`, `wip_weeks`, `variants`, `handoffs`, `ownership`,
//! `workload_departments`, `workload_owners`, `edges`, `kpi_periods`, `breakdown`,
//! `survey_levels`, `survey_dimensions`, `survey_groups`, `survey_choices`,
//! `survey_scales`, `survey_items`, `survey_reliability`, `survey_log_departments`,
//! `survey_log_stages`, `quality`, `inputs`, `input_columns`, `input_time_formats`,
//! `rejection_reasons`, `rejections`, `glossary`. The HTML report marks each table
//! (and the key-figure cards, `kpis`) with `data-table="id"`; the numbers behind a
//! chart (lead-time bins, weekly WIP, the Likert levels) are grids too, and a trend's
//! numbers are rows of `kpi_periods`.

mod inputs;
mod plan;
mod process;
mod sla;
mod survey;

use super::kpi::{Cell, Grid};
use crate::analysis::Analysis;
use crate::report::Lang;

/// Every grid id, in report order.
pub const IDS: [&str; 38] = [
    "scorecard",
    "problems",
    "attribution",
    "kpis",
    "sla_clocks",
    "sla_groups",
    "sla_breaches",
    "sla_at_risk",
    "sla_weeks",
    "sla_working",
    "lead_time_bins",
    "stages",
    "bottlenecks",
    "wip_weeks",
    "variants",
    "handoffs",
    "ownership",
    "workload_departments",
    "workload_owners",
    "edges",
    "kpi_periods",
    "breakdown",
    "survey_levels",
    "survey_dimensions",
    "survey_groups",
    "survey_choices",
    "survey_scales",
    "survey_items",
    "survey_reliability",
    "survey_log_departments",
    "survey_log_stages",
    "quality",
    "inputs",
    "input_columns",
    "input_time_formats",
    "rejection_reasons",
    "rejections",
    "glossary",
];

/// Every table the report shows, in report order; none without rows.
pub fn report_grids(a: &Analysis, lang: Lang) -> Vec<Grid> {
    let mut grids = Vec::new();
    grids.extend(plan::scorecard(a, lang));
    if let Some(t) = &a.tasklog {
        grids.push(process::problems(t, lang));
    }
    grids.extend(plan::attribution(a, lang));
    if let Some(t) = &a.tasklog {
        grids.push(process::kpis(t, lang));
        grids.extend(sla::grids(t, lang));
        grids.extend(process::grids(t, lang));
    }
    grids.extend(plan::kpi_periods(a, lang));
    grids.extend(plan::breakdown(a, lang));
    if let Some(s) = &a.survey {
        grids.extend(survey::grids(s, lang));
    }
    if let Some(s) = &a.survey_log {
        grids.extend(survey::survey_log(s, lang));
    }
    if let Some(t) = &a.tasklog {
        grids.push(process::quality(t, lang));
    }
    grids.extend(inputs::grids(&a.inputs, lang));
    grids.push(inputs::glossary(lang));
    grids.retain(|g| !g.rows.is_empty());
    grids
}

/// A grid with its header.
fn grid(id: &'static str, title: &str, header: Vec<String>) -> Grid {
    debug_assert!(IDS.contains(&id), "{id} is listed in IDS");
    Grid {
        id,
        title: title.to_string(),
        header,
        rows: Vec::new(),
    }
}

/// Header texts.
fn head(labels: &[&str]) -> Vec<String> {
    labels.iter().map(|s| s.to_string()).collect()
}

/// A header of a column in hours: "Median (h)", "中位数（小时）".
fn hours_head(label: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{label} (h)"),
        Lang::Zh => format!("{label}（小时）"),
    }
}

/// Two labels as one header: "Service time median".
fn pair(a: &str, b: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{a} {b}"),
        Lang::Zh => format!("{a}{b}"),
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn count(n: usize) -> Cell {
    Cell::Count(n as u64)
}

fn hours(h: Option<f64>) -> Cell {
    h.filter(|x| x.is_finite()).map_or(Cell::Empty, Cell::Hours)
}

fn pct(x: Option<f64>) -> Cell {
    x.filter(|x| x.is_finite()).map_or(Cell::Empty, Cell::Pct)
}

fn num(x: Option<f64>, decimals: u8) -> Cell {
    x.filter(|x| x.is_finite())
        .map_or(Cell::Empty, |v| Cell::Num(v, decimals))
}

/// "yes" / "是" for a flag that is set, empty otherwise.
fn flag(on: bool, lang: Lang) -> Cell {
    if on {
        text(lang.pick("yes", "是"))
    } else {
        Cell::Empty
    }
}

#[cfg(test)]
mod tests;
