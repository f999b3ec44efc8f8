//! View model of the improvement part of the report: the scorecard that opens it (each
//! target: baseline → current, change against the goal with its interval, the test and
//! the verdict), the periods compared (with the censored cases counted), where the
//! lead-time change came from, each target's trend over the KPI periods with the goal
//! drawn in, the KPI table, and the breakdowns by case attribute.

use crate::analysis::kpi::KpiPeriod;
use anyhow::Result;
use serde::Serialize;

use super::format::{count, hours, pct, MISSING};
use super::i18n::Lang;
use crate::analysis::improvement::TargetResult;
use crate::analysis::Analysis;
use crate::model::metric::Kind;

/// One scorecard line.
#[derive(Debug, Serialize)]
pub struct ScoreLine {
    pub label: String,
    pub metric: String,
    pub baseline: String,
    pub current: String,
    pub change: String,
    pub goal: String,
    pub ci: String,
    pub test: String,
    pub verdict: &'static str,
    /// `met`, `weak` (met, not significant), `miss`, `none`.
    pub class: &'static str,
    pub note: String,
    /// With `--by`: "战略客户: 143.5 → 128.3 (−10.6%, not met)".
    pub groups: Vec<String>,
}

/// One stage's part of the lead-time change.
#[derive(Debug, Serialize)]
pub struct ShareRow {
    pub stage: String,
    pub wait: String,
    pub work: String,
    pub share: String,
}

/// The improvement part.
#[derive(Debug, Serialize)]
pub struct PlanView {
    pub periods: Vec<String>,
    pub lines: Vec<ScoreLine>,
    pub trends: Option<super::trends::TrendsView>,
    pub attribution_title: Option<String>,
    pub attribution: Vec<ShareRow>,
    pub kpi_header: Vec<String>,
    pub kpi_rows: Vec<Vec<String>>,
    /// Periods whose scores are hidden to protect others: the sentences that say so.
    pub kpi_notes: Vec<String>,
    pub breakdown_rows: Vec<Vec<String>>,
}

/// A metric's value in its unit.
pub fn value(kind: Kind, x: Option<f64>, lang: Lang) -> String {
    match x {
        None => MISSING.to_string(),
        Some(v) => match kind {
            Kind::Duration => hours(v, lang),
            Kind::Rate | Kind::Ratio => pct(v),
            Kind::Score => format!("{v:.2}"),
            Kind::PerWeek => lang.pick(format!("{v:.1} / week"), format!("{v:.1} / 周")),
        },
    }
}

/// The change in the metric's unit (hours, percentage points, points).
fn change(kind: Kind, r: &TargetResult, lang: Lang) -> String {
    // A duration's change is shown in the unit of the values it compares.
    let larger = r
        .baseline
        .unwrap_or(0.0)
        .abs()
        .max(r.current.unwrap_or(0.0).abs());
    let abs = r.change.map(|d| match kind {
        Kind::Duration => {
            let s = super::format::Unit::for_hours(larger.max(d.abs())).format(d.abs(), lang);
            if d < 0.0 {
                format!("−{s}")
            } else {
                format!("+{s}")
            }
        }
        Kind::Rate | Kind::Ratio => format!("{:+.1} pt", d * 100.0),
        _ => format!("{d:+.2}"),
    });
    match (r.change_pct, abs) {
        (Some(p), Some(a)) => format!("{:+.1}% ({a})", p * 100.0),
        (None, Some(a)) => a,
        _ => MISSING.to_string(),
    }
}

fn test_text(r: &TargetResult, lang: Lang) -> String {
    let Some(t) = &r.test else {
        return MISSING.to_string();
    };
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
    let p = if t.p_value < 0.0001 {
        "p < 0.0001".to_string()
    } else {
        format!("p = {:.4}", t.p_value)
    };
    format!("{name}, {p}, {effect} = {:.2}", t.effect_size)
}

/// One period's line: its span, cases and censored cases, respondents.
fn window_text(w: &crate::analysis::periods::Window, what: &str, lang: Lang) -> String {
    let span = match (&w.from, &w.to) {
        (Some(f), Some(t)) => format!("{} – {}", &f[..10], &t[..10]),
        (Some(f), None) => lang.pick(format!("from {}", &f[..10]), format!("{} 起", &f[..10])),
        (None, Some(t)) => lang.pick(format!("until {}", &t[..10]), format!("至 {}", &t[..10])),
        (None, None) => w.name.clone(),
    };
    let respondents = if w.respondents > 0 {
        lang.pick(
            format!(", {} survey respondents", count(w.respondents)),
            format!("，问卷 {} 份", count(w.respondents)),
        )
    } else {
        String::new()
    };
    lang.pick(
        format!(
            "{what}: {span}: {} cases started ({} still open at the period's end, left out of the figures){respondents}",
            count(w.cases),
            count(w.censored)
        ),
        format!(
            "{what}：{span}：开始 {} 个案例（其中 {} 个在期末仍未完成，不计入指标）{respondents}",
            count(w.cases),
            count(w.censored)
        ),
    )
}

/// The 95% interval of a target's change, as a percentage or in the metric's unit.
fn interval_text(r: &TargetResult) -> String {
    r.ci95.map_or_else(
        || {
            r.change_ci95.map_or(MISSING.to_string(), |c| match r.kind {
                Kind::Rate | Kind::Ratio => {
                    format!("{:+.1} … {:+.1} pt", c[0] * 100.0, c[1] * 100.0)
                }
                _ => format!("{:+.2} … {:+.2}", c[0], c[1]),
            })
        },
        |c| format!("{:+.1}% … {:+.1}%", c[0] * 100.0, c[1] * 100.0),
    )
}

/// One scorecard line.
fn score_line(r: &TargetResult, lang: Lang) -> ScoreLine {
    let (verdict, class) = super::format::verdict_words(r.verdict, lang);
    ScoreLine {
        label: r.label.clone().unwrap_or_else(|| r.metric.clone()),
        metric: r.metric.clone(),
        baseline: value(r.kind, r.baseline, lang),
        current: value(r.kind, r.current, lang),
        change: change(r.kind, r, lang),
        goal: r.goal.describe(r.kind),
        ci: interval_text(r),
        test: test_text(r, lang),
        verdict,
        class,
        note: r
            .no_data
            .map(|d| crate::words::no_data(lang, d))
            .or_else(|| r.note.clone())
            .unwrap_or_default(),
        groups: r
            .by_group
            .iter()
            .map(|g| {
                format!(
                    "{}={}: {} → {} ({})",
                    g.by,
                    g.value,
                    value(r.kind, g.baseline, lang),
                    value(r.kind, g.current, lang),
                    super::format::verdict_words(g.verdict, lang).0
                )
            })
            .collect(),
    }
}

/// Where the lead-time change came from: the title and one row per stage that moved.
fn attribution_view(a: &Analysis, lang: Lang) -> (Option<String>, Vec<ShareRow>) {
    let Some(at) = a.improvement.iter().find_map(|r| r.attribution.as_ref()) else {
        return (None, Vec::new());
    };
    let rows = at
        .stages
        .iter()
        .filter(|s| (s.wait_hours_change + s.service_hours_change).abs() >= 0.05)
        .map(|s| ShareRow {
            stage: s.stage.clone(),
            wait: format!("{:+.1}", s.wait_hours_change),
            work: format!("{:+.1}", s.service_hours_change),
            share: s.share_of_change.map_or(MISSING.to_string(), pct),
        })
        .collect();
    let title = lang.pick(
        format!(
            "Where the lead-time change came from: the mean lead time went from {:.1} h to {:.1} h ({:+.1} h); per case, each stage's change in waiting and working hours ({:+.1} h is overlap of parallel work)",
            at.mean_lead_hours_baseline, at.mean_lead_hours_current, at.mean_lead_hours_change, at.other_hours_change
        ),
        format!(
            "周期变化来自哪里：平均周期从 {:.1} 小时变为 {:.1} 小时（{:+.1} 小时）；下表为每个案例在各环节的等待与处理时间变化（并行工作重叠部分 {:+.1} 小时）",
            at.mean_lead_hours_baseline, at.mean_lead_hours_current, at.mean_lead_hours_change, at.other_hours_change
        ),
    );
    (Some(title), rows)
}

fn opt_pct(x: Option<f64>) -> String {
    x.map_or(MISSING.to_string(), pct)
}

/// One column per `[[sla]]` clock: "NAME compliance".
fn clock_columns(totals: &[&KpiPeriod], lang: Lang) -> Vec<String> {
    let Some(p) = totals.first() else {
        return Vec::new();
    };
    let word = lang.pick("compliance", "达成率");
    p.figures
        .sla_compliance
        .iter()
        .map(|c| format!("{} {word}", c.name))
        .collect()
}

/// The KPI table's header (the case figures, then each dimension shown) and rows.
fn kpi_table(totals: &[&KpiPeriod], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header: Vec<String> = lang
        .pick(
            [
                "period",
                "started",
                "closed",
                "WIP at end",
                "median lead time",
                "p90 lead time",
                "flow efficiency",
                "first-time-right",
                "on-time",
            ],
            [
                "期间",
                "开始",
                "完成",
                "期末在制",
                "周期中位数",
                "周期 P90",
                "流动效率",
                "一次通过率",
                "按期完成率",
            ],
        )
        .map(String::from)
        .to_vec();
    header.extend(clock_columns(totals, lang));
    let mut dims: Vec<String> = Vec::new();
    for p in totals {
        for d in p.satisfaction.keys() {
            if !dims.contains(d) {
                dims.push(d.clone());
            }
        }
    }
    header.extend(dims.iter().cloned());
    let rows = totals
        .iter()
        .map(|p| {
            let mut row = vec![
                p.period.clone(),
                count(p.cases_started),
                count(p.cases_closed),
                count(p.wip_end),
                value(Kind::Duration, p.figures.lead_time_hours.median, lang),
                value(Kind::Duration, p.figures.lead_time_hours.p90, lang),
                opt_pct(p.figures.flow_efficiency),
                opt_pct(p.figures.first_time_right),
                opt_pct(p.figures.on_time_rate),
            ];
            row.extend(
                p.figures
                    .sla_compliance
                    .iter()
                    .map(|c| opt_pct(c.compliance)),
            );
            for d in &dims {
                row.push(if p.satisfaction_suppressed {
                    lang.pick("hidden", "已隐藏").to_string()
                } else {
                    p.satisfaction
                        .get(d)
                        .map_or(MISSING.to_string(), |v| format!("{v:.2}"))
                });
            }
            row
        })
        .collect();
    (header, rows)
}

/// One row per breakdown group.
fn breakdown_rows(a: &Analysis, lang: Lang) -> Vec<Vec<String>> {
    a.breakdowns
        .iter()
        .map(|b| {
            vec![
                format!("{}: {}", b.by, b.value),
                count(b.cases),
                value(Kind::Duration, b.figures.lead_time_hours.median, lang),
                value(Kind::Duration, b.figures.lead_time_hours.p90, lang),
                opt_pct(b.figures.flow_efficiency),
                opt_pct(b.figures.first_time_right),
                opt_pct(b.figures.on_time_rate),
            ]
        })
        .collect()
}

/// Builds the view, or `None` when there are neither periods nor breakdowns.
pub fn plan_view(a: &Analysis, lang: Lang) -> Result<Option<PlanView>> {
    if a.periods.is_none() && a.breakdowns.is_empty() {
        return Ok(None);
    }
    let totals: Vec<&KpiPeriod> = a.kpi_periods.iter().filter(|p| p.by.is_none()).collect();
    let (attribution_title, attribution) = attribution_view(a, lang);
    let (kpi_header, kpi_rows) = kpi_table(&totals, lang);
    Ok(Some(PlanView {
        periods: a
            .periods
            .iter()
            .flat_map(|p| {
                [
                    window_text(&p.baseline, lang.pick("Baseline", "基线期"), lang),
                    window_text(&p.after, lang.pick("Comparison", "对比期"), lang),
                ]
            })
            .collect(),
        lines: a.improvement.iter().map(|r| score_line(r, lang)).collect(),
        trends: super::trends::trends_view(a, &totals, lang),
        attribution_title,
        attribution,
        kpi_header,
        kpi_rows,
        kpi_notes: totals
            .iter()
            .filter_map(|p| crate::words::period_protects(lang, p))
            .collect(),
        breakdown_rows: breakdown_rows(a, lang),
    }))
}
