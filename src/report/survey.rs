//! View model of the survey section: what was read (platform, waves, dates, completion
//! times), the Likert chart, dimensions with α and the items' reliability figures,
//! scores by group (chart and table, as the anonymity rule allows, saying which groups
//! are hidden to protect others), NPS, multi-select and
//! single-choice counts, the item table, and the open-text answers with their keywords,
//! all as display strings and SVG charts.

use serde::Serialize;

use super::charts::group_scores::{group_scores_chart, GroupRow as ChartRow};
use super::charts::survey_bars::{multi_chart, nps_chart};
use super::format::{count, pct, MISSING};
use super::i18n::Lang;
use super::scales::{
    assumption_text, levels_text, scale_name, scales_used, suggestion_views, unscored_views,
    ScaleView, SuggestionView, UnscoredView,
};
use crate::analysis::survey::{ChoiceResult, ItemResult, SurveyAnalysis};

/// One item row.
#[derive(Debug, Serialize)]
pub struct ItemRow {
    pub item: String,
    /// The question text when it says more than the code.
    pub text: String,
    pub n: String,
    pub mean: String,
    pub ci: String,
    pub top2box: String,
    pub not_applicable: String,
    pub skipped: String,
    pub reversed: bool,
    pub nps: String,
    /// "agreement, 5 points".
    pub scale: String,
    /// "1 = Strongly disagree · …".
    pub levels: String,
    /// What was assumed to score it, as sentences.
    pub assumptions: Vec<String>,
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

/// One item within a dimension: how it holds together with the others.
#[derive(Debug, Serialize)]
pub struct ReliabilityRow {
    pub dimension: String,
    pub item: String,
    pub text: String,
    pub reversed: bool,
    pub r_drop: String,
    pub alpha_if_dropped: String,
    /// Correlates negatively with the rest: probably reverse-worded.
    pub flagged: bool,
}

/// One group's row: dimension means, or why it shows none.
#[derive(Debug, Serialize)]
pub struct GroupRow {
    pub by: String,
    pub value: String,
    pub n: String,
    pub suppressed: bool,
    /// Hidden to protect another group: the sentence that says so.
    pub protects: Option<String>,
    pub cells: Vec<String>,
}

/// The dot plot of one breakdown.
#[derive(Debug, Serialize)]
pub struct GroupChart {
    pub by: String,
    pub chart: String,
    pub takeaway: Option<String>,
}

/// A multi-select question's chart.
#[derive(Debug, Serialize)]
pub struct MultiView {
    pub question: String,
    pub text: String,
    pub n: String,
    pub ranking: bool,
    pub chart: String,
    pub takeaway: Option<String>,
    /// Ranking questions: "option: mean rank".
    pub ranks: Vec<String>,
}

/// A single-choice question's counts.
#[derive(Debug, Serialize)]
pub struct ChoiceView {
    pub question: String,
    pub text: String,
    pub n: String,
    pub rows: Vec<[String; 3]>,
}

/// Open-text answers of one question.
#[derive(Debug, Serialize)]
pub struct OpenView {
    pub question: String,
    pub text: String,
    pub n: String,
    /// "审批 (42)".
    pub keywords: Vec<String>,
    pub answers: Vec<String>,
}

/// The survey section.
#[derive(Debug, Serialize)]
pub struct SurveyView {
    pub platform: String,
    pub submitted: Option<String>,
    pub completion: Option<String>,
    /// Diverging stacked bars of the Likert items (SVG).
    pub likert_chart: String,
    pub likert_takeaway: Option<String>,
    /// The Likert chart's numbers: item, then the count of each level (the header).
    pub likert_levels: Vec<String>,
    pub likert_rows: Vec<Vec<String>>,
    /// Dimension names heading the group table.
    pub group_columns: Vec<String>,
    pub groups: Vec<GroupRow>,
    pub group_charts: Vec<GroupChart>,
    pub min_group: String,
    /// The anonymity rule in one sentence.
    pub anonymity_rule: String,
    pub respondents: String,
    pub personal: String,
    pub items: Vec<ItemRow>,
    /// The scales the items were scored on.
    pub scales: Vec<ScaleView>,
    /// Items left unscored, grouped by the scales they fit.
    pub unscored: Vec<UnscoredView>,
    /// Single choices that look ordinal, with the blocks that would score them.
    pub suggestions: Vec<SuggestionView>,
    pub dimensions: Vec<DimensionRow>,
    pub reliability: Vec<ReliabilityRow>,
    pub nps_chart: Option<String>,
    pub nps_takeaway: Option<String>,
    pub multi: Vec<MultiView>,
    pub choices: Vec<ChoiceView>,
    pub open: Vec<OpenView>,
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

/// The scale shared by a survey's dimensions (the first item's), for the group chart.
fn dimension_range(s: &SurveyAnalysis) -> (f64, f64) {
    let first = s
        .dimensions
        .first()
        .and_then(|d| d.items.first())
        .and_then(|code| s.items.iter().find(|i| &i.item == code));
    first
        .and_then(|i| {
            let (a, b) = i.scale.split_once('-')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
        .unwrap_or((1.0, 5.0))
}

/// One dot plot per breakdown column, of the groups shown.
fn group_charts(
    s: &SurveyAnalysis,
    columns: &[String],
    no_data: &str,
    lang: Lang,
) -> anyhow::Result<Vec<GroupChart>> {
    let mut bys: Vec<&str> = Vec::new();
    for g in &s.groups {
        if !bys.contains(&g.by.as_str()) {
            bys.push(&g.by);
        }
    }
    let scale = dimension_range(s);
    let mut out = Vec::new();
    for by in bys {
        let rows: Vec<ChartRow> = s
            .groups
            .iter()
            .filter(|g| g.by == by && !g.suppressed)
            .map(|g| ChartRow {
                label: format!("{} (n={})", g.value, g.n),
                scores: columns
                    .iter()
                    .map(|d| g.dimensions.get(d).copied())
                    .collect(),
            })
            .collect();
        if rows.is_empty() || columns.is_empty() {
            continue;
        }
        let scores: Vec<(String, Vec<Option<f64>>)> = rows
            .iter()
            .map(|r| (r.label.clone(), r.scores.clone()))
            .collect();
        out.push(GroupChart {
            by: by.to_string(),
            chart: group_scores_chart(&rows, columns, scale, no_data)?,
            takeaway: super::takeaways::group_scores(lang, &scores, columns),
        });
    }
    Ok(out)
}

/// A group's row; a score left out for resting on too few answers reads "n < min".
fn group_row(
    g: &crate::analysis::survey::GroupResult,
    columns: &[String],
    min_group: usize,
    lang: Lang,
) -> GroupRow {
    GroupRow {
        by: g.by.clone(),
        value: g.value.clone(),
        n: count(g.n),
        suppressed: g.suppressed,
        protects: crate::words::group_protects(lang, g),
        cells: columns
            .iter()
            .map(|d| {
                if g.too_few_answers.contains(d) {
                    format!("n < {min_group}")
                } else {
                    num(g.dimensions.get(d).copied(), 2)
                }
            })
            .collect(),
    }
}

fn multi_views(s: &SurveyAnalysis, lang: Lang) -> anyhow::Result<Vec<MultiView>> {
    let mut multi = Vec::new();
    for m in &s.multi_selects {
        multi.push(MultiView {
            question: m.question.clone(),
            text: m.text.clone(),
            n: count(m.n),
            ranking: m.ranking,
            chart: multi_chart(
                m,
                lang.pick("share of those who answered", "占本题作答人数比例"),
                lang.pick("No answers", "无作答"),
            )?,
            takeaway: super::takeaways::multi(lang, m),
            ranks: m
                .options
                .iter()
                .filter_map(|o| Some(format!("{}: {:.2}", o.option, o.mean_rank?)))
                .collect(),
        });
    }
    Ok(multi)
}

fn completion_text(s: &SurveyAnalysis, lang: Lang) -> Option<String> {
    s.completion_seconds.as_ref().map(|c| {
        lang.pick(
            format!(
                "median {:.0} s (middle half {:.0}–{:.0} s); {} answered in under a third of the median",
                c.median, c.p25, c.p75, c.speeders
            ),
            format!(
                "中位数 {:.0} 秒（中间一半 {:.0}–{:.0} 秒）；{} 份用时不到中位数的三分之一",
                c.median, c.p25, c.p75, c.speeders
            ),
        )
    })
}

fn dimension_row(d: &crate::analysis::survey::DimensionResult) -> DimensionRow {
    DimensionRow {
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
    }
}

/// Each item's reliability figures within its dimension.
fn reliability_rows(s: &SurveyAnalysis) -> Vec<ReliabilityRow> {
    let item = |code: &str| s.items.iter().find(|i| i.item == code);
    s.dimensions
        .iter()
        .flat_map(|d| {
            d.item_stats.iter().map(|it| ReliabilityRow {
                dimension: d.name.clone(),
                item: it.item.clone(),
                text: item(&it.item).map_or_else(String::new, |i| i.text.clone()),
                reversed: item(&it.item).is_some_and(|i| i.reversed),
                r_drop: num(it.r_drop, 3),
                alpha_if_dropped: num(it.alpha_if_dropped, 3),
                flagged: it.probably_reversed,
            })
        })
        .collect()
}

fn open_view(o: &crate::analysis::survey::OpenTextResult, lang: Lang) -> OpenView {
    OpenView {
        question: o.question.clone(),
        text: crate::words::open_question(lang, &o.text),
        n: count(o.n),
        keywords: o
            .keywords
            .iter()
            .map(|k| format!("{} ({})", k.word, k.answers))
            .collect(),
        answers: o
            .answers
            .iter()
            .enumerate()
            .map(
                |(i, a)| match o.answered_by.get(i).filter(|w| !w.is_empty()) {
                    Some(w) => format!("{a} ({w})"),
                    None => a.clone(),
                },
            )
            .collect(),
    }
}

/// The level names heading the Likert numbers, when every item drawn has the same
/// levels (else the rows name each count's level).
fn likert_levels(items: &[ItemResult]) -> Vec<String> {
    let mut drawn = super::charts::likert::drawn_items(items);
    let Some(first) = drawn.next() else {
        return Vec::new();
    };
    if drawn.all(|i| i.levels == first.levels) {
        first.levels.clone()
    } else {
        Vec::new()
    }
}

/// Each drawn item's answers per level, and its no-opinion count.
fn likert_rows(items: &[ItemResult]) -> Vec<Vec<String>> {
    let same = !likert_levels(items).is_empty();
    super::charts::likert::drawn_items(items)
        .map(|i| {
            let name = if i.text.is_empty() { &i.item } else { &i.text };
            let mut row = vec![name.clone()];
            row.extend(i.levels.iter().zip(&i.level_counts).map(|(l, c)| {
                if same {
                    count(*c)
                } else {
                    format!("{l}: {}", count(*c))
                }
            }));
            row.push(count(i.not_applicable));
            row
        })
        .collect()
}

/// Builds the view (labels come from the template's language table).
pub fn survey_view(s: &SurveyAnalysis, lang: Lang) -> anyhow::Result<SurveyView> {
    let no_data = lang.pick("No Likert items", "没有量表题");
    let group_columns: Vec<String> = s.dimensions.iter().map(|d| d.name.clone()).collect();
    let nps_chart = nps_chart(
        &s.items,
        [
            lang.pick("Detractors 0–6", "贬损者 0–6"),
            lang.pick("Passives 7–8", "被动者 7–8"),
            lang.pick("Promoters 9–10", "推荐者 9–10"),
        ],
        lang.pick("share of answers", "占作答比例"),
    )?;
    Ok(SurveyView {
        platform: s.platform.clone(),
        submitted: match (&s.submitted_from, &s.submitted_to) {
            (Some(a), Some(b)) => Some(format!(
                "{} → {}",
                &a[..10.min(a.len())],
                &b[..10.min(b.len())]
            )),
            _ => None,
        },
        completion: completion_text(s, lang),
        likert_chart: super::charts::likert::likert_chart(&s.items, no_data)?,
        likert_takeaway: super::takeaways::likert(lang, &s.items),
        likert_levels: likert_levels(&s.items),
        likert_rows: likert_rows(&s.items),
        groups: s
            .groups
            .iter()
            .map(|g| group_row(g, &group_columns, s.min_group, lang))
            .collect(),
        group_charts: group_charts(s, &group_columns, no_data, lang)?,
        group_columns,
        min_group: count(s.min_group),
        anonymity_rule: crate::words::anonymity_rule(lang, s.min_group),
        respondents: count(s.respondents),
        personal: s.personal_columns_left_out.join(", "),
        items: s.items.iter().map(|i| item_row(i, lang)).collect(),
        scales: scales_used(&s.items, lang),
        unscored: unscored_views(s, lang),
        suggestions: suggestion_views(s),
        dimensions: s.dimensions.iter().map(dimension_row).collect(),
        reliability: reliability_rows(s),
        nps_chart,
        nps_takeaway: super::takeaways::nps(lang, &s.items),
        multi: multi_views(s, lang)?,
        choices: s.choices.iter().map(choice_view).collect(),
        open: s.open_text.iter().map(|o| open_view(o, lang)).collect(),
    })
}

/// One row of the item table.
fn item_row(i: &ItemResult, lang: Lang) -> ItemRow {
    ItemRow {
        item: i.item.clone(),
        text: if i.text != i.item {
            i.text.clone()
        } else {
            String::new()
        },
        n: count(i.n),
        mean: num(i.mean, 2),
        ci: range(i.ci95, 2),
        top2box: i.top2box.map_or_else(|| MISSING.to_string(), pct),
        not_applicable: count(i.not_applicable),
        skipped: count(i.skipped),
        reversed: i.reversed,
        nps: i
            .nps
            .map_or_else(String::new, |n| format!("{:.1} ± {:.1}", n.nps, n.se)),
        scale: scale_name(&i.scale_family, i.scale_points, lang),
        levels: levels_text(&i.scale_levels),
        assumptions: i
            .assumptions
            .iter()
            .map(|a| assumption_text(a, lang))
            .collect(),
    }
}

/// A single-choice question's counts.
fn choice_view(c: &ChoiceResult) -> ChoiceView {
    ChoiceView {
        question: c.question.clone(),
        text: c.text.clone(),
        n: count(c.n),
        rows: c
            .answers
            .iter()
            .map(|(a, k)| [a.clone(), count(*k), pct(*k as f64 / c.n.max(1) as f64)])
            .collect(),
    }
}
