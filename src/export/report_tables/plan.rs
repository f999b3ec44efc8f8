//! The improvement tables of the report as grids: the scorecard (each target, then
//! one row per `--by` group), where the lead-time change came from, the KPI table per
//! period (totals) and the breakdowns by case attribute. Values are in the metric's
//! unit: hours, shares, or scores.

use super::{count, grid, head, hours, hours_head, num, pct, text};
use crate::analysis::improvement::TargetResult;
use crate::analysis::kpi::KpiPeriod;
use crate::analysis::Analysis;
use crate::export::kpi::{Cell, Grid};
use crate::model::metric::Kind;
use crate::report::format::verdict_words;
use crate::report::i18n::labels;
use crate::report::Lang;

/// The report has its improvement part (periods or breakdowns).
fn shown(a: &Analysis) -> bool {
    a.periods.is_some() || !a.breakdowns.is_empty()
}

/// A value in its metric's unit.
fn value(kind: Kind, x: Option<f64>) -> Cell {
    match kind {
        Kind::Duration => hours(x),
        Kind::Rate | Kind::Ratio => pct(x),
        Kind::Score => num(x, 2),
        Kind::PerWeek => num(x, 1),
    }
}

/// The scorecard: one row per target, then one per group of `--by`.
pub fn scorecard(a: &Analysis, lang: Lang) -> Option<Grid> {
    if !shown(a) {
        return None;
    }
    let l = labels(lang);
    let header = head(&[
        l.target,
        l.group,
        lang.pick("Metric", "指标"),
        l.goal,
        l.baseline,
        l.current,
        l.change,
        lang.pick("Change %", "变化率"),
        lang.pick("95% CI of the change, from", "变化的 95% 置信区间下限"),
        lang.pick("95% CI of the change, to", "变化的 95% 置信区间上限"),
        l.test,
        "p",
        lang.pick("Effect size", "效应量"),
        l.verdict,
        lang.pick("Note", "说明"),
    ]);
    let mut g = grid("scorecard", l.sec_scorecard, header);
    for r in &a.improvement {
        g.rows.push(target_row(r, lang));
        g.rows.extend(group_rows(r, lang));
    }
    Some(g)
}

fn target_row(r: &TargetResult, lang: Lang) -> Vec<Cell> {
    let (verdict, class) = verdict_words(r.verdict, lang);
    let ci = |i: usize| match (r.ci95, r.change_ci95) {
        (Some(c), _) => Cell::Pct(c[i]),
        (None, Some(c)) => value(r.kind, Some(c[i])),
        _ => Cell::Empty,
    };
    let note = r
        .no_data
        .map(|d| crate::words::no_data(lang, d))
        .or_else(|| r.note.clone())
        .unwrap_or_default();
    vec![
        text(r.label.clone().unwrap_or_else(|| r.metric.clone())),
        Cell::Empty,
        text(&r.metric),
        text(r.goal.describe(r.kind)),
        value(r.kind, r.baseline),
        value(r.kind, r.current),
        value(r.kind, r.change),
        pct(r.change_pct),
        ci(0),
        ci(1),
        r.test
            .as_ref()
            .map_or(Cell::Empty, |t| text(test_name(t, lang))),
        num(r.test.as_ref().map(|t| t.p_value), 4),
        num(r.test.as_ref().map(|t| t.effect_size), 3),
        Cell::Verdict(verdict.to_string(), class),
        text(note),
    ]
}

/// The test and its effect size's symbol, as the report names them: "Welch t, d".
fn test_name(t: &crate::analysis::improvement::TestResult, lang: Lang) -> String {
    let name = match t.test {
        "mann_whitney_u" => "Mann–Whitney U",
        "welch_t" => "Welch t",
        _ => lang.pick("two-proportion z", "双比例 z"),
    };
    let effect = match t.effect_size_name {
        "rank_biserial" => "r",
        "cohens_d" => "d",
        _ => "h",
    };
    format!("{name}, {effect}")
}

/// A target's `--by` groups: baseline, current, change % and verdict.
fn group_rows(r: &TargetResult, lang: Lang) -> Vec<Vec<Cell>> {
    let label = r.label.clone().unwrap_or_else(|| r.metric.clone());
    r.by_group
        .iter()
        .map(|x| {
            let (verdict, class) = verdict_words(x.verdict, lang);
            let mut row = vec![
                text(&label),
                text(format!("{}={}", x.by, x.value)),
                text(&r.metric),
                text(r.goal.describe(r.kind)),
                value(r.kind, x.baseline),
                value(r.kind, x.current),
                Cell::Empty,
                pct(x.change_pct),
            ];
            row.extend(std::iter::repeat_n(Cell::Empty, 5));
            row.extend([Cell::Verdict(verdict.to_string(), class), Cell::Empty]);
            row
        })
        .collect()
}

/// Each stage's part of the lead-time change (stages that moved by 0.05 h or more).
pub fn attribution(a: &Analysis, lang: Lang) -> Option<Grid> {
    if !shown(a) {
        return None;
    }
    let at = a.improvement.iter().find_map(|r| r.attribution.as_ref())?;
    let l = labels(lang);
    let header = vec![
        l.stage.to_string(),
        l.wait_change.to_string(),
        l.work_change.to_string(),
        l.share_of_change.to_string(),
    ];
    let mut g = grid("attribution", l.sec_attribution, header);
    let moved = at
        .stages
        .iter()
        .filter(|s| (s.wait_hours_change + s.service_hours_change).abs() >= 0.05);
    for s in moved {
        g.rows.push(vec![
            text(&s.stage),
            Cell::Hours(s.wait_hours_change),
            Cell::Hours(s.service_hours_change),
            pct(s.share_of_change),
        ]);
    }
    Some(g)
}

/// The KPI table: the totals of each period, one column per clock and dimension.
pub fn kpi_periods(a: &Analysis, lang: Lang) -> Option<Grid> {
    if !shown(a) {
        return None;
    }
    let totals: Vec<&KpiPeriod> = a.kpi_periods.iter().filter(|p| p.by.is_none()).collect();
    let l = labels(lang);
    let words = lang.pick(
        ["period", "started", "closed", "WIP at end"],
        ["期间", "开始", "完成", "期末在制"],
    );
    let mut header = head(&words);
    header.extend([
        hours_head(lang.pick("median lead time", "周期中位数"), lang),
        hours_head(lang.pick("p90 lead time", "周期 P90"), lang),
    ]);
    header.extend(head(&lang.pick(
        ["flow efficiency", "first-time-right", "on-time"],
        ["流动效率", "一次通过率", "按期完成率"],
    )));
    let word = lang.pick("compliance", "达成率");
    if let Some(p) = totals.first() {
        let clocks = p.figures.sla_compliance.iter();
        header.extend(clocks.map(|c| format!("{} {word}", c.name)));
    }
    let dims = dimensions(&totals);
    header.extend(dims.iter().cloned());
    let mut g = grid("kpi_periods", l.sec_kpi, header);
    g.rows = totals.iter().map(|p| kpi_row(p, &dims, lang)).collect();
    Some(g)
}

/// The dimensions with a satisfaction score in any period, in order of appearance.
fn dimensions(totals: &[&KpiPeriod]) -> Vec<String> {
    let mut dims: Vec<String> = Vec::new();
    for p in totals {
        for d in p.satisfaction.keys() {
            if !dims.contains(d) {
                dims.push(d.clone());
            }
        }
    }
    dims
}

fn kpi_row(p: &KpiPeriod, dims: &[String], lang: Lang) -> Vec<Cell> {
    let f = &p.figures;
    let mut row = vec![
        text(&p.period),
        count(p.cases_started),
        count(p.cases_closed),
        count(p.wip_end),
        hours(f.lead_time_hours.median),
        hours(f.lead_time_hours.p90),
        pct(f.flow_efficiency),
        pct(f.first_time_right),
        pct(f.on_time_rate),
    ];
    row.extend(f.sla_compliance.iter().map(|c| pct(c.compliance)));
    for d in dims {
        // The anonymity rule: a suppressed period's scores are never written.
        row.push(if p.satisfaction_suppressed {
            text(lang.pick("hidden", "已隐藏"))
        } else {
            num(p.satisfaction.get(d).copied(), 2)
        });
    }
    row
}

/// The case figures by each `--by` attribute.
pub fn breakdown(a: &Analysis, lang: Lang) -> Option<Grid> {
    if !shown(a) {
        return None;
    }
    let l = labels(lang);
    let header = vec![
        lang.pick("By", "维度").to_string(),
        l.group_value.to_string(),
        l.cases.to_string(),
        hours_head(l.kpi_median_lead, lang),
        hours_head(l.kpi_p90_lead, lang),
        l.kpi_flow.to_string(),
        l.kpi_ftr.to_string(),
        l.on_time.to_string(),
    ];
    let mut g = grid("breakdown", l.sec_breakdown, header);
    for b in &a.breakdowns {
        let f = &b.figures;
        g.rows.push(vec![
            text(&b.by),
            text(&b.value),
            count(b.cases),
            hours(f.lead_time_hours.median),
            hours(f.lead_time_hours.p90),
            pct(f.flow_efficiency),
            pct(f.first_time_right),
            pct(f.on_time_rate),
        ]);
    }
    Some(g)
}
