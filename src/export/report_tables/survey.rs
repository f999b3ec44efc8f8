//! The survey tables of the report as grids: dimensions with α, scores by group (a
//! group under the minimum size keeps its count and never a score), single-choice
//! counts, the scales used, the item table, each item's reliability figures, and the
//! survey beside the log (department scores beside process figures, perceived against
//! measured bottleneck).

use super::{count, flag, grid, head, hours, hours_head, num, pair, pct, text};
use crate::analysis::survey::SurveyAnalysis;
use crate::analysis::survey_log::SurveyLog;
use crate::export::kpi::{Cell, Grid};
use crate::report::i18n::labels;
use crate::report::scales::{assumption_text, scale_name, scales_used};
use crate::report::Lang;

/// The survey section's grids.
pub fn grids(s: &SurveyAnalysis, lang: Lang) -> Vec<Grid> {
    vec![
        levels(s, lang),
        dimensions(s, lang),
        groups(s, lang),
        choices(s, lang),
        scales(s, lang),
        items(s, lang),
        reliability(s, lang),
    ]
}

/// An interval as two cells.
fn interval(ci: Option<[f64; 2]>, decimals: u8) -> [Cell; 2] {
    [
        num(ci.map(|c| c[0]), decimals),
        num(ci.map(|c| c[1]), decimals),
    ]
}

/// "95% CI from", "95% CI to".
fn interval_head(label: &str, lang: Lang) -> [String; 2] {
    [
        pair(label, lang.pick("from", "下限"), lang),
        pair(label, lang.pick("to", "上限"), lang),
    ]
}

fn dimensions(s: &SurveyAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let mut header = head(&[l.dimension, l.items, l.mean, l.alpha]);
    header.extend(interval_head(&format!("α {}", l.ci95), lang));
    header.extend(head(&["n", l.maybe_reversed]));
    let mut g = grid("survey_dimensions", l.dimensions, header);
    for d in &s.dimensions {
        let suspects: Vec<&str> = d
            .item_stats
            .iter()
            .filter(|i| i.probably_reversed)
            .map(|i| i.item.as_str())
            .collect();
        let mut row = vec![
            text(&d.name),
            text(d.items.join(", ")),
            num(d.mean, 2),
            num(d.alpha, 3),
        ];
        row.extend(interval(d.alpha_ci95, 3));
        row.extend([count(d.n), text(suspects.join(", "))]);
        g.rows.push(row);
    }
    g
}

/// Dimension means by group; a hidden group shows its count and why only.
fn groups(s: &SurveyAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let columns: Vec<String> = s.dimensions.iter().map(|d| d.name.clone()).collect();
    let mut header = head(&[lang.pick("By", "维度"), l.group, "n"]);
    header.extend(columns.iter().cloned());
    header.push(lang.pick("Suppressed", "已隐藏").to_string());
    let title = format!("{} (n ≥ {})", l.by_group, s.min_group);
    let mut g = grid("survey_groups", &title, header);
    for x in &s.groups {
        let mut row = vec![text(&x.by), text(&x.value), count(x.n)];
        if x.suppressed {
            // The anonymity rule: no score of a hidden group is ever written.
            row.extend(columns.iter().map(|_| Cell::Empty));
            let why = crate::words::group_protects(lang, x);
            row.push(text(why.as_deref().unwrap_or(l.suppressed_below)));
        } else {
            row.extend(columns.iter().map(|d| {
                if x.too_few_answers.contains(d) {
                    text(format!("n < {}", s.min_group))
                } else {
                    num(x.dimensions.get(d).copied(), 2)
                }
            }));
            row.push(Cell::Empty);
        }
        g.rows.push(row);
    }
    g
}

/// Every single-choice question's answers, one row per answer.
fn choices(s: &SurveyAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[
        lang.pick("Question", "题号"),
        lang.pick("Question text", "题干"),
        "n",
        l.answer,
        l.count,
        l.share,
    ]);
    let mut g = grid("survey_choices", l.choice_title, header);
    for c in &s.choices {
        for (answer, k) in &c.answers {
            g.rows.push(vec![
                text(&c.question),
                text(&c.text),
                count(c.n),
                text(answer),
                count(*k),
                Cell::Pct(*k as f64 / c.n.max(1) as f64),
            ]);
        }
    }
    g
}

fn scales(s: &SurveyAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[l.scale, l.levels, l.items]);
    let mut g = grid("survey_scales", l.scales_used, header);
    for v in scales_used(&s.items, lang) {
        g.rows
            .push(vec![text(v.name), text(v.levels), text(v.items)]);
    }
    g
}

fn items(s: &SurveyAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let mut header = head(&[
        l.item,
        lang.pick("Question text", "题干"),
        l.reverse_worded,
        l.scale,
        "n",
        l.mean,
    ]);
    header.extend(interval_head(l.ci95, lang));
    header.extend(head(&[
        l.top2box,
        l.no_opinion,
        l.skipped,
        "NPS",
        lang.pick("NPS SE", "NPS 标准误"),
        l.assumed,
    ]));
    let mut g = grid("survey_items", l.survey_items, header);
    for i in &s.items {
        let assumptions: Vec<String> = i
            .assumptions
            .iter()
            .map(|a| assumption_text(a, lang))
            .collect();
        let shown_text = if i.text == i.item { "" } else { &i.text };
        let mut row = vec![
            text(&i.item),
            text(shown_text),
            flag(i.reversed, lang),
            text(scale_name(&i.scale_family, i.scale_points, lang)),
            count(i.n),
            num(i.mean, 2),
        ];
        row.extend(interval(i.ci95, 2));
        row.extend([
            pct(i.top2box),
            count(i.not_applicable),
            count(i.skipped),
            num(i.nps.as_ref().map(|n| n.nps), 1),
            num(i.nps.as_ref().map(|n| n.se), 1),
            text(assumptions.join("; ")),
        ]);
        g.rows.push(row);
    }
    g
}

fn reliability(s: &SurveyAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[
        l.dimension,
        l.item,
        lang.pick("Question text", "题干"),
        l.reverse_worded,
        l.r_drop,
        l.alpha_if_dropped,
        l.maybe_reversed,
    ]);
    let mut g = grid("survey_reliability", l.reliability, header);
    let item = |code: &str| s.items.iter().find(|i| i.item == code);
    for d in &s.dimensions {
        for it in &d.item_stats {
            let found = item(&it.item);
            g.rows.push(vec![
                text(&d.name),
                text(&it.item),
                text(found.map_or_else(String::new, |i| i.text.clone())),
                flag(found.is_some_and(|i| i.reversed), lang),
                num(it.r_drop, 3),
                num(it.alpha_if_dropped, 3),
                flag(it.probably_reversed, lang),
            ]);
        }
    }
    g
}

/// Department scores beside the log's figures, and the perceived bottleneck.
pub fn survey_log(s: &SurveyLog, lang: Lang) -> Vec<Grid> {
    vec![log_departments(s, lang), log_stages(s, lang)]
}

fn log_departments(s: &SurveyLog, lang: Lang) -> Grid {
    let l = labels(lang);
    let dims: Vec<String> = s
        .departments
        .iter()
        .flat_map(|d| d.rows.iter().flat_map(|r| r.dimensions.keys().cloned()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut header = head(&[l.department, "n"]);
    header.extend(dims.iter().cloned());
    header.extend([
        hours_head(l.mean_wait, lang),
        hours_head(l.handoff_in, lang),
        l.rework_events.to_string(),
    ]);
    let mut g = grid("survey_log_departments", l.survey_log_departments, header);
    // The rows are the departments the anonymity rule shows.
    for r in s.departments.iter().flat_map(|d| d.rows.iter()) {
        let mut row = vec![text(&r.department), count(r.respondents)];
        row.extend(dims.iter().map(|k| num(r.dimensions.get(k).copied(), 2)));
        row.extend([
            hours(r.mean_wait_hours),
            hours(r.handoff_in_median_hours),
            count(r.rework_events),
        ]);
        g.rows.push(row);
    }
    g
}

fn log_stages(s: &SurveyLog, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[
        l.stage,
        l.votes,
        l.share,
        l.vote_rank,
        l.measured_rank,
        l.share_of_waiting_col,
    ]);
    let mut g = grid("survey_log_stages", l.survey_log_perceived, header);
    for v in s.perceived.iter().flat_map(|p| p.stages.iter()) {
        g.rows.push(vec![
            text(&v.stage),
            count(v.votes),
            Cell::Pct(v.vote_share),
            count(v.vote_rank),
            v.measured_rank.map_or(Cell::Empty, count),
            Cell::Pct(v.wait_share),
        ]);
    }
    g
}

/// The Likert chart's numbers: each drawn item's answers per level and its no-opinion
/// answers; one column per level when every item has the same levels, else the levels
/// named in the cells.
fn levels(s: &SurveyAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let drawn: Vec<_> = crate::report::charts::likert::drawn_items(&s.items).collect();
    let same = drawn
        .first()
        .filter(|f| drawn.iter().all(|i| i.levels == f.levels));
    let mut header = head(&[l.item]);
    match same {
        Some(f) => header.extend(f.levels.iter().cloned()),
        None => header.push(l.levels.to_string()),
    }
    header.push(l.no_opinion.to_string());
    let mut g = grid("survey_levels", l.survey_items, header);
    for i in &drawn {
        let name = if i.text.is_empty() { &i.item } else { &i.text };
        let mut row = vec![text(name)];
        if same.is_some() {
            row.extend(i.level_counts.iter().map(|c| count(*c)));
        } else {
            let parts: Vec<String> = i
                .levels
                .iter()
                .zip(&i.level_counts)
                .map(|(l, c)| format!("{l}: {c}"))
                .collect();
            row.push(text(parts.join(" · ")));
        }
        row.push(count(i.not_applicable));
        g.rows.push(row);
    }
    g
}
