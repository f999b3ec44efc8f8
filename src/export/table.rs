//! A readable plain-text summary of an [`Analysis`] for the terminal.

use std::fmt::Write;

use crate::analysis::{Analysis, Stats, TasklogAnalysis};
use crate::model::TimestampShape;
use crate::report::format::pct;

/// The problem list's first ten lines, with how many more there are.
fn problem_lines(o: &mut String, t: &crate::analysis::TasklogAnalysis) {
    use crate::words::{problem_kind, problem_where, Lang};
    if t.problems.is_empty() {
        return;
    }
    let _ = writeln!(o, "\nproblems: hours lost, cases, share of lead time");
    for p in t.problems.iter().take(10) {
        let _ = writeln!(
            o,
            "  {:>2}. {} at {}: {}, {} cases, {}",
            p.rank,
            problem_kind(Lang::En, p.kind),
            problem_where(&p.place),
            human_hours(p.hours_lost),
            p.cases,
            p.share_of_lead_time
                .map(pct)
                .unwrap_or_else(|| "n/a".into())
        );
    }
    if t.problems.len() > 10 {
        let _ = writeln!(o, "  … {} more in --format json", t.problems.len() - 10);
    }
}

/// Hours by the report's one rule (hours below 48 h, days from 48 h).
pub fn human_hours(h: Option<f64>) -> String {
    crate::report::format::opt_hours(h, crate::report::Lang::En)
}

fn stats_line(s: &Stats) -> String {
    format!(
        "median {}, p90 {}, mean {} (n={})",
        human_hours(s.median),
        human_hours(s.p90),
        human_hours(s.mean),
        s.n
    )
}

/// The summary text.
pub fn render(a: &Analysis) -> String {
    let mut o = String::new();
    for i in &a.inputs {
        let _ = writeln!(
            o,
            "input  {} ({}{}{}): {} rows read, {} used, {} rejected",
            i.path,
            i.format,
            i.encoding
                .as_ref()
                .map(|e| format!(", {e}"))
                .unwrap_or_default(),
            i.sheet
                .as_ref()
                .map(|s| format!(", sheet {s}"))
                .unwrap_or_default(),
            i.rows_read,
            i.rows_used,
            i.rows_rejected
        );
        if i.blank_rows > 0 {
            let _ = writeln!(o, "       {} blank rows skipped", i.blank_rows);
        }
        for (reason, n) in &i.rejection_reasons {
            let _ = writeln!(o, "       rejected {n:>6}: {reason}");
        }
        let cols: Vec<String> = i.columns.iter().map(|(r, h)| format!("{r}={h}")).collect();
        let _ = writeln!(o, "       columns: {}", cols.join(", "));
    }
    if let Some(t) = &a.tasklog {
        tasklog(&mut o, t);
    }
    if let Some(s) = &a.survey {
        survey(&mut o, s);
    }
    if !a.improvement.is_empty() {
        let _ = writeln!(o);
        o.push_str(&super::kpi::to_text(&super::kpi::scorecard(&a.improvement)));
    }
    if !a.breakdowns.is_empty() {
        let _ = writeln!(o);
        o.push_str(&super::kpi::to_text(&super::kpi::breakdown_grid(a)));
    }
    o
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

fn survey_items(o: &mut String, s: &crate::analysis::survey::SurveyAnalysis) {
    let _ = writeln!(o, "\nitems: n, mean [95% CI], top-2-box");
    for i in &s.items {
        let ci = i
            .ci95
            .map_or_else(String::new, |c| format!(" [{:.2}, {:.2}]", c[0], c[1]));
        let rev = if i.reversed { " (reverse-worded)" } else { "" };
        let nps = i
            .nps
            .map_or_else(String::new, |n| format!("  NPS {:.1} ± {:.1}", n.nps, n.se));
        let _ = writeln!(
            o,
            "  {:<10} {:>5} {}{ci} {}{rev}{nps}  {}",
            i.item,
            i.n,
            num(i.mean),
            i.top2box.map(pct).unwrap_or_else(|| "–".into()),
            if i.text == i.item {
                ""
            } else {
                i.text.as_str()
            }
        );
    }
}

fn survey_dimensions(o: &mut String, s: &crate::analysis::survey::SurveyAnalysis) {
    if !s.dimensions.is_empty() {
        let _ = writeln!(o, "\ndimensions: mean, Cronbach's α [95% CI]");
        for d in &s.dimensions {
            let ci = d
                .alpha_ci95
                .map_or_else(String::new, |c| format!(" [{:.3}, {:.3}]", c[0], c[1]));
            let _ = writeln!(
                o,
                "  {:<20} {} α {}{ci}",
                d.name,
                num(d.mean),
                d.alpha.map_or_else(|| "–".into(), |a| format!("{a:.3}"))
            );
            for it in d.item_stats.iter().filter(|i| i.probably_reversed) {
                let _ = writeln!(
                    o,
                    "    {} correlates negatively with the rest: reverse-worded? (--reverse {})",
                    it.item, it.item
                );
            }
        }
    }
}

fn survey_groups(o: &mut String, s: &crate::analysis::survey::SurveyAnalysis) {
    if !s.groups.is_empty() {
        let names: Vec<&str> = s.dimensions.iter().map(|d| d.name.as_str()).collect();
        let _ = writeln!(
            o,
            "\ngroups (n ≥ {} shown): {}",
            s.min_group,
            names.join(" | ")
        );
        for g in &s.groups {
            let cells = if g.suppressed {
                crate::words::group_protects(crate::words::Lang::En, g)
                    .unwrap_or_else(|| "suppressed (too few respondents)".to_string())
            } else {
                names
                    .iter()
                    .map(|n| {
                        if g.too_few_answers.iter().any(|x| x == n) {
                            format!("n < {}", s.min_group)
                        } else {
                            num(g.dimensions.get(*n).copied())
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            let _ = writeln!(o, "  {}: {} (n={}): {cells}", g.by, g.value, g.n);
        }
    }
}

/// Multi-select options and open-text keywords.
fn survey_answers(o: &mut String, s: &crate::analysis::survey::SurveyAnalysis) {
    for m in &s.multi_selects {
        let _ = writeln!(o, "\n{} {} (n={})", m.question, m.text, m.n);
        for opt in &m.options {
            let _ = writeln!(
                o,
                "  {:>5} {:>4}  {}",
                opt.count,
                pct(opt.share),
                opt.option
            );
        }
    }
    for t in &s.open_text {
        let words: Vec<String> = t
            .keywords
            .iter()
            .map(|k| format!("{} {}", k.word, k.answers))
            .collect();
        let _ = writeln!(
            o,
            "\n{} {}: {} answers; frequent words: {}",
            t.question,
            crate::words::open_question(crate::words::Lang::En, &t.text),
            t.n,
            words.join(", ")
        );
    }
}

fn survey(o: &mut String, s: &crate::analysis::survey::SurveyAnalysis) {
    let _ = writeln!(
        o,
        "\nsurvey: {} respondents ({} export)",
        s.respondents, s.platform
    );
    if !s.personal_columns_left_out.is_empty() {
        let _ = writeln!(
            o,
            "  left out (identify people): {}",
            s.personal_columns_left_out.join(", ")
        );
    }
    survey_items(o, s);
    survey_dimensions(o, s);
    survey_groups(o, s);
    survey_answers(o, s);
}

fn tasklog(o: &mut String, t: &TasklogAnalysis) {
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{} cases, {} events, {} variants, {} → {}",
        t.cases, t.events, t.variants, t.period.from, t.period.to
    );
    if t.timestamps == TimestampShape::Single {
        let _ = writeln!(
            o,
            "one timestamp per event: waiting = transition time between events; working time unknown"
        );
    }
    let _ = writeln!(o, "lead time   {}", stats_line(&t.lead_time_hours));
    let _ = writeln!(
        o,
        "flow efficiency {}   first-time-right {}   rework cases {}",
        t.flow_efficiency.map(pct).unwrap_or_else(|| "n/a".into()),
        pct(t.first_time_right),
        t.rework_cases
    );
    problem_lines(o, t);
    let _ = writeln!(o, "\nbottlenecks (share of all waiting)");
    for b in t.bottlenecks.iter().take(5) {
        let _ = writeln!(
            o,
            "  {} {}",
            name_cell(&b.stage),
            crate::words::bottleneck_contract_reason(b)
        );
    }
    stage_lines(o, t);
    if !t.handoffs.is_empty() {
        let _ = writeln!(
            o,
            "\nhandoffs (most total delay first): count, median delay, share of lead time"
        );
        for h in crate::analysis::rank::handoffs_by_delay(&t.handoffs)
            .into_iter()
            .take(10)
        {
            let _ = writeln!(
                o,
                "  {} → {}: {} × {} ({})",
                h.from_department,
                h.to_department,
                h.count,
                human_hours(h.hours.median),
                pct(h.share_of_lead_time)
            );
        }
    }
    let _ = writeln!(o, "\ntop variants");
    for v in t.top_variants.iter().take(5) {
        let _ = writeln!(o, "  {:>6} cases  {}", v.cases, v.stages.join(" → "));
    }
}

/// Stages shown in the terminal before the rest is counted.
const STAGE_LINES: usize = 25;

/// The stages by total waiting, the first [`STAGE_LINES`], then what was left out.
fn stage_lines(o: &mut String, t: &TasklogAnalysis) {
    use crate::analysis::rank;
    let _ = writeln!(
        o,
        "\nstages (most total waiting first): events, median service, median wait, rework cases"
    );
    let ranked = rank::stages_by_impact(&t.stages);
    for s in ranked.iter().take(STAGE_LINES) {
        let _ = writeln!(
            o,
            "  {} {:>7} {:>10} {:>10} {:>6}",
            name_cell(&s.stage),
            s.events,
            human_hours(s.service_hours.median),
            human_hours(s.wait_hours.median),
            s.rework_cases
        );
    }
    let rest = rank::Rest::of(ranked.iter().skip(STAGE_LINES).copied());
    if rest.stages > 0 {
        let share = rank::wait_share(rest.wait_hours, &t.stages);
        let _ = writeln!(
            o,
            "  … {} more stages ({} events, {} of the waiting time): all in --format json",
            rest.stages,
            rest.events,
            pct(share)
        );
    }
}

/// Width of the name column in half-width units (a Chinese character counts two).
const NAME_WIDTH: usize = 30;

/// A stage name with runs of spaces collapsed, cut to [`NAME_WIDTH`] and padded to it by
/// display width, so that Chinese and Latin names line up in a terminal.
fn name_cell(name: &str) -> String {
    use crate::report::charts::{display_units, truncate_label};
    let shown = truncate_label(name, NAME_WIDTH);
    let pad = NAME_WIDTH.saturating_sub(display_units(&shown));
    format!("{shown}{}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::display_units;

    #[test]
    fn names_line_up_by_display_width() {
        for name in [
            "合规审批",
            "Approve  order",
            "需求评审与技术方案设计以及跨部门会签确认流程",
        ] {
            assert_eq!(display_units(&name_cell(name)), NAME_WIDTH, "{name}");
        }
        assert!(name_cell("Approve  order").starts_with("Approve order "));
        assert!(name_cell("需求评审与技术方案设计以及跨部门会签确认流程")
            .trim_end()
            .ends_with('…'));
    }
}
