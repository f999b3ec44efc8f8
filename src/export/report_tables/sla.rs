//! The service-level tables of the report as grids: each clock's compliance, the
//! groups (department and the clock's `by` column), the breaches and open cases at
//! risk (all the analysis keeps), weekly-update compliance (every week) and lead and
//! waiting times in working hours. Hours of working-time clocks are working hours.

use super::{count, flag, grid, head, hours, hours_head, num, pair, pct, text};
use crate::analysis::sla::{CaseClock, SlaResult, Tally};
use crate::analysis::TasklogAnalysis;
use crate::export::kpi::{Cell, Grid};
use crate::report::sla::{labels, SlaLabels};
use crate::report::Lang;

/// The section's grids (none without clocks or working durations).
pub fn grids(t: &TasklogAnalysis, lang: Lang) -> Vec<Grid> {
    let l = labels(lang);
    let sla = &t.business.sla;
    vec![
        clocks(sla, &l, lang),
        groups(sla, &l, lang),
        cases(sla, "sla_breaches", l.breaches, |r| &r.breaches, &l, lang),
        cases(
            sla,
            "sla_at_risk",
            l.at_risk_cases,
            |r| &r.at_risk_cases,
            &l,
            lang,
        ),
        weeks(sla, &l),
        working(t, &l, lang),
    ]
}

/// Cases, met, breached, open, at risk and compliance of a tally.
fn tally_cells(t: &Tally) -> [Cell; 6] {
    [
        count(t.cases),
        count(t.met),
        count(t.breached),
        count(t.open),
        count(t.at_risk),
        pct(t.compliance),
    ]
}

fn tally_head(l: &SlaLabels) -> [&'static str; 6] {
    [l.cases, l.met, l.breached, l.open, l.at_risk, l.compliance]
}

/// What a clock counts: a weekly deadline, working time or elapsed time.
fn basis(r: &SlaResult, lang: Lang) -> &'static str {
    match (r.kind, r.working) {
        ("weekly", _) => lang.pick("weekly deadline", "每周截止"),
        (_, true) => lang.pick("working time", "工作时间"),
        _ => lang.pick("elapsed time", "自然时间"),
    }
}

fn clocks(sla: &[SlaResult], l: &SlaLabels, lang: Lang) -> Grid {
    let mut header = head(&[
        l.clock,
        lang.pick("Start", "起点"),
        lang.pick("Stop", "终点"),
        l.target,
        lang.pick("Basis", "计时方式"),
    ]);
    header.extend(head(&tally_head(l)));
    header.extend([
        pair(l.ci, lang.pick("from", "下限"), lang),
        pair(l.ci, lang.pick("to", "上限"), lang),
        hours_head(l.median, lang),
        hours_head(l.p90, lang),
        lang.pick("Not counted: no target for the value", "未计入：取值无目标")
            .into(),
        lang.pick("Not counted: never started", "未计入：未到达起点")
            .into(),
        lang.pick(
            "Not counted: path without the stop",
            "未计入：路径不经过终点",
        )
        .into(),
    ]);
    let mut g = grid("sla_clocks", l.title, header);
    for r in sla {
        let weekly = r.kind == "weekly";
        let stat = |x: Option<f64>| if weekly { Cell::Empty } else { hours(x) };
        let ci = r.tally.compliance_ci;
        let mut row = vec![
            text(&r.name),
            text(r.start.clone().unwrap_or_default()),
            text(r.stop.clone().unwrap_or_default()),
            text(&r.target),
            text(basis(r, lang)),
        ];
        row.extend(tally_cells(&r.tally));
        row.extend([
            pct(ci.map(|c| c[0])),
            pct(ci.map(|c| c[1])),
            stat(r.hours.median),
            stat(r.hours.p90),
            count(r.no_target),
            count(r.not_started),
            count(r.skipped),
        ]);
        g.rows.push(row);
    }
    g
}

fn groups(sla: &[SlaResult], l: &SlaLabels, lang: Lang) -> Grid {
    let mut header = head(&[l.clock, l.by, l.group]);
    header.extend(head(&tally_head(l)));
    let mut g = grid("sla_groups", l.title, header);
    for r in sla {
        for x in &r.by {
            let by = if x.by == "department" {
                lang.pick("department", "部门").to_string()
            } else {
                x.by.clone()
            };
            let mut row = vec![text(&r.name), text(by), text(&x.value)];
            row.extend(tally_cells(&x.tally));
            g.rows.push(row);
        }
    }
    g
}

/// Breached cases, or open cases at risk, of every clock.
fn cases(
    sla: &[SlaResult],
    id: &'static str,
    title: &str,
    list: fn(&SlaResult) -> &Vec<CaseClock>,
    l: &SlaLabels,
    lang: Lang,
) -> Grid {
    let header = vec![
        l.clock.to_string(),
        l.case.to_string(),
        l.department.to_string(),
        l.group.to_string(),
        l.week.to_string(),
        hours_head(l.measured, lang),
        hours_head(l.target, lang),
        lang.pick("Working hours", "按工作时间").to_string(),
        lang.pick("Not stopped", "未停止").to_string(),
    ];
    let mut g = grid(id, title, header);
    for r in sla {
        let weekly = r.kind == "weekly";
        for c in list(r) {
            let (measured, target) = if weekly {
                (Cell::Empty, Cell::Empty)
            } else {
                (hours(Some(c.hours)), hours(Some(c.target_hours)))
            };
            g.rows.push(vec![
                text(&r.name),
                text(&c.case),
                text(c.department.clone().unwrap_or_default()),
                text(c.value.clone().unwrap_or_default()),
                text(c.week.clone().unwrap_or_default()),
                measured,
                target,
                flag(c.working && !weekly, lang),
                flag(c.open, lang),
            ]);
        }
    }
    g
}

fn weeks(sla: &[SlaResult], l: &SlaLabels) -> Grid {
    let header = head(&[l.clock, l.week, l.deadline, l.due, l.met, l.compliance]);
    let mut g = grid("sla_weeks", l.weeks, header);
    for r in sla {
        for w in &r.weeks {
            g.rows.push(vec![
                text(&r.name),
                text(&w.week),
                text(&w.deadline),
                count(w.due),
                count(w.met),
                pct(w.compliance),
            ]);
        }
    }
    g
}

/// Lead time, then each stage's waiting: the elapsed median beside the working ones.
fn working(t: &TasklogAnalysis, l: &SlaLabels, lang: Lang) -> Grid {
    let header = vec![
        lang.pick("Figure", "指标").to_string(),
        hours_head(lang.pick("Median, elapsed", "中位数（自然时间）"), lang),
        hours_head(lang.pick("Median, working", "中位数（工作时间）"), lang),
        lang.pick("Working days (median)", "工作日（中位数）")
            .to_string(),
        hours_head(lang.pick("P90, working", "P90（工作时间）"), lang),
    ];
    let mut g = grid("sla_working", l.working, header);
    let Some(w) = &t.business.working else {
        return g;
    };
    let days = |x: Option<f64>| num(x.map(|v| v / w.day_hours.max(1e-9)), 1);
    g.rows.push(vec![
        text(lang.pick("Lead time (per case)", "交付周期（每案例）")),
        hours(t.lead_time_hours.median),
        hours(w.lead_time_hours.median),
        days(w.lead_time_hours.median),
        hours(w.lead_time_hours.p90),
    ]);
    for s in crate::analysis::rank::stages_by_impact(&t.stages) {
        let Some(ws) = w.stages.iter().find(|x| x.stage == s.stage) else {
            continue;
        };
        g.rows.push(vec![
            text(format!(
                "{} {}",
                lang.pick("Waiting before", "等待："),
                s.stage
            )),
            hours(s.wait_hours.median),
            hours(ws.wait_hours.median),
            days(ws.wait_hours.median),
            hours(ws.wait_hours.p90),
        ]);
    }
    g
}
