//! View model of the trends: one small chart per target over the KPI periods, each with
//! a title, its unit, a one-sentence takeaway computed from the figures, and its
//! numbers as a table (period, value, n, whether the period counts fully). Periods the
//! log does not fully cover, or with few observations, are drawn hollow and said so.

use serde::Serialize;

use super::charts::trend::{self, legend_swatch, trend_chart, Point, Trend};
use super::format::count;
use super::i18n::Lang;
use super::plan::value;
use crate::analysis::improvement::{goal_met, TargetResult};
use crate::analysis::kpi::KpiPeriod;
use crate::analysis::Analysis;
use crate::model::metric::Kind;

/// Below this many observations a period's point is drawn hollow.
pub const FEW: usize = 30;

/// One target's trend.
#[derive(Debug, Serialize)]
pub struct TrendView {
    pub title: String,
    pub takeaway: String,
    pub chart: String,
    /// Period, value, n, note.
    pub rows: Vec<[String; 4]>,
}

/// The trends and the legend they share.
#[derive(Debug, Serialize)]
pub struct TrendsView {
    pub charts: Vec<TrendView>,
    /// (swatch SVG, meaning) pairs.
    pub legend: Vec<(String, String)>,
}

/// Why a period's point is hollow, if it is.
fn caveat(p: &KpiPeriod, n: usize, lang: Lang) -> Option<String> {
    match (p.complete, n < FEW) {
        (true, false) => None,
        (false, _) => Some(lang.pick("partial period", "不完整期间").to_string()),
        (true, true) => Some(lang.pick(format!("few (n < {FEW})"), format!("样本少（n < {FEW}）"))),
    }
}

fn points(i: usize, kind: Kind, totals: &[&KpiPeriod], lang: Lang) -> Vec<Point> {
    totals
        .iter()
        .map(|p| {
            let t = p.targets.get(i);
            let (v, n) = (t.and_then(|t| t.value), t.map_or(0, |t| t.n));
            let note = caveat(p, n, lang);
            let mut tip = format!("{}: {}, n = {}", p.period, value(kind, v, lang), count(n));
            if let Some(c) = &note {
                tip.push_str(&format!(" ({c})"));
            }
            Point {
                label: p.period.clone(),
                value: v,
                n,
                hollow: note.is_some(),
                tip,
            }
        })
        .collect()
}

/// The takeaway: the latest period that counts fully against the goal level.
fn takeaway(r: &TargetResult, pts: &[Point], lang: Lang) -> String {
    let Some((p, v)) = pts
        .iter()
        .rev()
        .find_map(|p| p.value.filter(|_| !p.hollow).map(|v| (p, v)))
    else {
        return lang
            .pick(
                "No period is both complete and large enough to judge.",
                "没有既完整、样本又足够的期间可供判断。",
            )
            .to_string();
    };
    let shown = value(r.kind, Some(v), lang);
    let n = count(p.n);
    let verdict = r.goal_level.map(|g| {
        let met = goal_met(r.goal, r.kind, r.baseline, v);
        let level = value(r.kind, Some(g), lang);
        match (met, lang) {
            (true, Lang::En) => format!(", at or better than the goal level {level}"),
            (false, Lang::En) => format!(", short of the goal level {level}"),
            (true, Lang::Zh) => format!("，已达到目标水平 {level}"),
            (false, Lang::Zh) => format!("，未达到目标水平 {level}"),
        }
    });
    let verdict = verdict.unwrap_or_default();
    match lang {
        Lang::En => format!(
            "Latest full period {} (n = {n}): {shown}{verdict}.",
            p.label
        ),
        Lang::Zh => format!(
            "最近一个完整期间 {}（n = {n}）：{shown}{verdict}。",
            p.label
        ),
    }
}

fn unit(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Duration => lang.pick("hours", "小时"),
        Kind::Rate | Kind::Ratio => lang.pick("share (%)", "比例（%）"),
        Kind::Score => lang.pick("score", "得分"),
        Kind::PerWeek => lang.pick("per week", "每周"),
    }
}

fn one(a: &Analysis, i: usize, totals: &[&KpiPeriod], lang: Lang) -> Option<TrendView> {
    let r = &a.improvement[i];
    let pts = points(i, r.kind, totals, lang);
    let title = format!(
        "{} ({})",
        r.label.clone().unwrap_or_else(|| r.metric.clone()),
        r.goal.describe(r.kind)
    );
    let kind = r.kind;
    let fmt = move |y: f64| match kind {
        Kind::Rate | Kind::Ratio => format!("{:.0}%", y * 100.0),
        Kind::Duration => format!("{y:.0}"),
        _ => format!("{y:.1}"),
    };
    let chart = trend_chart(&Trend {
        points: &pts,
        goal: r.goal_level,
        baseline: r.baseline,
        title: &title,
        unit: unit(kind, lang),
        y_format: &fmt,
    })?;
    let rows = totals
        .iter()
        .zip(&pts)
        .map(|(p, pt)| {
            [
                p.period.clone(),
                value(kind, pt.value, lang),
                count(pt.n),
                caveat(p, pt.n, lang).unwrap_or_default(),
            ]
        })
        .collect();
    Some(TrendView {
        takeaway: takeaway(r, &pts, lang),
        title,
        chart,
        rows,
    })
}

fn legend(lang: Lang) -> Vec<(String, String)> {
    vec![
        (
            legend_swatch(trend::SERIES, "", Some(false)),
            lang.pick("value per period", "各期数值").to_string(),
        ),
        (
            legend_swatch(trend::SERIES, "4 3", Some(true)),
            lang.pick(
                format!("partial period, or fewer than {FEW} observations: read with care"),
                format!("不完整期间或观测少于 {FEW} 个：谨慎解读"),
            ),
        ),
        (
            legend_swatch(trend::GOAL, trend::GOAL_DASH, None),
            lang.pick("level the goal asks for", "目标水平").to_string(),
        ),
        (
            legend_swatch(trend::BASELINE, trend::BASELINE_DASH, None),
            lang.pick("baseline", "基线").to_string(),
        ),
    ]
}

/// The trends of every target with a value in some period; `None` when there are none.
pub fn trends_view(a: &Analysis, totals: &[&KpiPeriod], lang: Lang) -> Option<TrendsView> {
    let charts: Vec<TrendView> = (0..a.improvement.len())
        .filter_map(|i| one(a, i, totals, lang))
        .collect();
    (!charts.is_empty()).then(|| TrendsView {
        charts,
        legend: legend(lang),
    })
}
