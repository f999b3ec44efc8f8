//! View model of the survey section: item table (n, mean with CI, top-2-box, no-opinion
//! answers, NPS) and dimension table (mean, Cronbach's α with CI, items that correlate
//! negatively with the rest), all as display strings.

use serde::Serialize;

use super::format::{count, pct, MISSING};
use super::i18n::Lang;
use crate::analysis::survey::SurveyAnalysis;

/// One item row.
#[derive(Debug, Serialize)]
pub struct ItemRow {
    pub item: String,
    pub n: String,
    pub mean: String,
    pub ci: String,
    pub top2box: String,
    pub not_applicable: String,
    pub reversed: bool,
    pub nps: String,
}

/// One dimension row.
#[derive(Debug, Serialize)]
pub struct DimensionRow {
    pub name: String,
    pub items: String,
    pub mean: String,
    pub alpha: String,
    pub ci: String,
    pub n: String,
    /// Items with a negative corrected item–total correlation.
    pub suspects: String,
}

/// One group's row: dimension means, or a suppression mark.
#[derive(Debug, Serialize)]
pub struct GroupRow {
    pub by: String,
    pub value: String,
    pub n: String,
    pub suppressed: bool,
    pub cells: Vec<String>,
}

/// The survey section.
#[derive(Debug, Serialize)]
pub struct SurveyView {
    /// Diverging stacked bars of the Likert items (SVG).
    pub likert_chart: String,
    /// Dimension names heading the group table.
    pub group_columns: Vec<String>,
    pub groups: Vec<GroupRow>,
    pub min_group: String,
    pub respondents: String,
    pub personal: String,
    pub items: Vec<ItemRow>,
    pub dimensions: Vec<DimensionRow>,
}

fn num(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| MISSING.to_string(), |v| format!("{v:.digits$}"))
}

fn range(ci: Option<[f64; 2]>, digits: usize) -> String {
    ci.map_or_else(
        || MISSING.to_string(),
        |c| format!("{:.digits$} – {:.digits$}", c[0], c[1]),
    )
}

/// Builds the view (labels come from the template's language table).
pub fn survey_view(s: &SurveyAnalysis, lang: Lang) -> anyhow::Result<SurveyView> {
    let no_data = match lang {
        Lang::En => "No Likert items",
        Lang::Zh => "没有量表题",
    };
    let likert_chart = super::charts::likert::likert_chart(&s.items, no_data)?;
    let group_columns: Vec<String> = s.dimensions.iter().map(|d| d.name.clone()).collect();
    Ok(SurveyView {
        likert_chart,
        groups: s
            .groups
            .iter()
            .map(|g| GroupRow {
                by: g.by.clone(),
                value: g.value.clone(),
                n: count(g.n),
                suppressed: g.suppressed,
                cells: group_columns
                    .iter()
                    .map(|d| num(g.dimensions.get(d).copied(), 2))
                    .collect(),
            })
            .collect(),
        group_columns,
        min_group: count(s.min_group),
        respondents: count(s.respondents),
        personal: s.personal_columns_left_out.join(", "),
        items: s
            .items
            .iter()
            .map(|i| ItemRow {
                item: i.item.clone(),
                n: count(i.n),
                mean: num(i.mean, 2),
                ci: range(i.ci95, 2),
                top2box: i.top2box.map_or_else(|| MISSING.to_string(), pct),
                not_applicable: count(i.not_applicable),
                reversed: i.reversed,
                nps: i
                    .nps
                    .map_or_else(String::new, |n| format!("{:.1} ± {:.1}", n.nps, n.se)),
            })
            .collect(),
        dimensions: s
            .dimensions
            .iter()
            .map(|d| DimensionRow {
                name: d.name.clone(),
                items: d.items.join(", "),
                mean: num(d.mean, 2),
                alpha: num(d.alpha, 3),
                ci: range(d.alpha_ci95, 3),
                n: count(d.n),
                suspects: d
                    .item_stats
                    .iter()
                    .filter(|i| i.probably_reversed)
                    .map(|i| i.item.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
    })
}
