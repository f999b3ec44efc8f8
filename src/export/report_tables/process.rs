//! The process tables of the report as grids: the problem list (all of it), the key
//! figures, the lead-time histogram's bins, stages (by total waiting, as the report
//! ranks them), bottlenecks, weekly WIP, variants, handoffs, ownership, workload by department
//! and by owner (all owners), directly-follows edges (all of them, most frequent
//! first) and the data-quality findings.

use super::{count, flag, grid, head, hours, hours_head, pair, pct, text};
use crate::analysis::ownership::Load;
use crate::analysis::rank;
use crate::analysis::{Stats, TasklogAnalysis};
use crate::export::kpi::{Cell, Grid};
use crate::model::TimestampShape;
use crate::report::i18n::labels;
use crate::report::sentences as say;
use crate::report::Lang;

/// The process tables between the key figures and the KPI review.
pub fn grids(t: &TasklogAnalysis, lang: Lang) -> Vec<Grid> {
    vec![
        lead_time_bins(t, lang),
        stages(t, lang),
        bottlenecks(t, lang),
        wip_weeks(t, lang),
        variants(t, lang),
        handoffs(t, lang),
        ownership(t, lang),
        workload("workload_departments", &t.workload.departments, lang),
        workload("workload_owners", &t.workload.owners, lang),
        edges(t, lang),
    ]
}

/// The whole problem list, with the hours lost in each KPI period when it has them.
pub fn problems(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let periods: Vec<String> = t
        .problems
        .iter()
        .find(|p| !p.by_period.is_empty())
        .map(|p| p.by_period.iter().map(|x| x.period.clone()).collect())
        .unwrap_or_default();
    let mut header = head(&[l.rank, l.problem, l.problem_where]);
    header.push(hours_head(l.hours_lost, lang));
    header.extend(head(&[
        l.cases,
        l.share_of_lead_time,
        l.evidence,
        l.why_question,
    ]));
    header.extend(
        periods
            .iter()
            .map(|p| hours_head(&format!("{} {p}", l.hours_lost), lang)),
    );
    let mut g = grid("problems", l.sec_problems, header);
    for p in &t.problems {
        let mut row = vec![
            count(p.rank),
            text(crate::words::problem_kind(lang, p.kind)),
            text(crate::words::problem_where(&p.place)),
            hours(p.hours_lost),
            count(p.cases),
            pct(p.share_of_lead_time),
            text(say::problem_evidence(lang, p)),
            text(crate::words::problem_question(lang, p)),
        ];
        row.extend((0..periods.len()).map(|i| hours(p.by_period.get(i).map(|x| x.hours_lost))));
        g.rows.push(row);
    }
    g
}

/// The key-figure cards as label, value, unit and the card's note.
pub fn kpis(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let unit = lang.pick("h", "小时");
    let mut g = grid(
        "kpis",
        l.sec_kpis,
        head(&[
            lang.pick("Figure", "指标"),
            l.value,
            lang.pick("Unit", "单位"),
            lang.pick("Note", "说明"),
        ]),
    );
    let single = t.timestamps == TimestampShape::Single;
    let flow = match t.flow_efficiency {
        Some(f) => (Cell::Pct(f), l.kpi_flow_sub.to_owned()),
        None => (text(say::flow_efficiency_na(lang, single)), String::new()),
    };
    let span = format!("{} → {}", date(&t.period.from), date(&t.period.to));
    let cards: Vec<(&str, Cell, &str, String)> = vec![
        (l.cases, count(t.cases), "", String::new()),
        (l.events, count(t.events), "", String::new()),
        (l.kpi_period, hours(t.period.hours), unit, span),
        (
            l.kpi_median_lead,
            hours(t.lead_time_hours.median),
            unit,
            say::lead_sub(lang, t.lead_time_hours.mean),
        ),
        (
            l.kpi_p90_lead,
            hours(t.lead_time_hours.p90),
            unit,
            l.kpi_p90_sub.to_owned(),
        ),
        (l.kpi_flow, flow.0, "", flow.1),
        (
            l.kpi_ftr,
            Cell::Pct(t.first_time_right),
            "",
            say::ftr_sub(lang, t.returned_cases),
        ),
        (
            l.rework_cases,
            count(t.rework_cases),
            "",
            say::rework_sub(lang, t.rework_cases, t.cases, t.rework_events),
        ),
        (
            l.kpi_variants,
            count(t.variants),
            "",
            l.kpi_variants_sub.to_owned(),
        ),
    ];
    for (label, value, unit, note) in cards {
        g.rows
            .push(vec![text(label), value, text(unit), text(note)]);
    }
    g
}

/// The date of an ISO timestamp.
fn date(iso: &str) -> String {
    iso.get(..10).unwrap_or(iso).to_string()
}

/// Median and p90 of a duration.
fn median_p90(s: &Stats) -> [Cell; 2] {
    [hours(s.median), hours(s.p90)]
}

fn stages(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let single = t.timestamps == TimestampShape::Single;
    let wait = if single {
        l.transition_time
    } else {
        l.waiting_time
    };
    let mut header = head(&[l.stage, l.events, l.cases]);
    for part in [l.service_time, wait] {
        header.push(hours_head(&pair(part, l.median, lang), lang));
        header.push(hours_head(&pair(part, l.p90, lang), lang));
    }
    header.extend(head(&[l.rework_cases, l.departments, l.unclear_ownership]));
    let mut g = grid("stages", l.sec_stages, header);
    for s in rank::stages_by_impact(&t.stages) {
        let mut row = vec![text(&s.stage), count(s.events), count(s.cases)];
        if single {
            row.extend([Cell::Empty, Cell::Empty]);
        } else {
            row.extend(median_p90(&s.service_hours));
        }
        row.extend(median_p90(&s.wait_hours));
        row.extend([
            count(s.rework_cases),
            count(s.departments),
            flag(s.departments > 1, lang),
        ]);
        g.rows.push(row);
    }
    g
}

fn bottlenecks(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let single = t.timestamps == TimestampShape::Single;
    let (share, total) = if t.status_history {
        (l.share_of_status_time, l.total_in_status)
    } else {
        (l.share_of_waiting, l.total_wait)
    };
    let header = vec![
        l.rank.to_string(),
        l.stage.to_string(),
        share.to_string(),
        hours_head(total, lang),
        hours_head(l.median, lang),
        hours_head(l.p90, lang),
        l.cases.to_string(),
        l.reason.to_string(),
    ];
    let mut g = grid("bottlenecks", l.sec_bottlenecks, header);
    for (i, b) in t.bottlenecks.iter().enumerate() {
        g.rows.push(vec![
            count(i + 1),
            text(&b.stage),
            Cell::Pct(b.wait_share),
            Cell::Hours(b.total_wait_hours),
            Cell::Hours(b.median_wait_hours),
            Cell::Hours(b.p90_wait_hours),
            count(b.cases),
            text(say::bottleneck_reason(
                lang,
                i + 1,
                b,
                single,
                t.status_history,
            )),
        ]);
    }
    g
}

fn variants(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[l.rank, l.variant, l.cases, l.share]);
    let mut g = grid("variants", l.sec_variants, header);
    for (i, v) in t.top_variants.iter().enumerate() {
        g.rows.push(vec![
            count(i + 1),
            text(v.stages.join(" → ")),
            count(v.cases),
            Cell::Pct(v.share),
        ]);
    }
    g
}

fn handoffs(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = vec![
        l.from.to_string(),
        l.to.to_string(),
        l.count.to_string(),
        hours_head(l.median, lang),
        hours_head(l.p90, lang),
        l.share_of_lead_time.to_string(),
        l.ping_pong_cases.to_string(),
    ];
    let mut g = grid("handoffs", l.sec_handoffs, header);
    if !t.has_department {
        return g;
    }
    for h in rank::handoffs_by_delay(&t.handoffs) {
        let mut row = vec![
            text(&h.from_department),
            text(&h.to_department),
            count(h.count),
        ];
        row.extend(median_p90(&h.hours));
        row.extend([Cell::Pct(h.share_of_lead_time), count(h.ping_pong_cases)]);
        g.rows.push(row);
    }
    g
}

/// The stages the report lists under ownership (done by several departments, or with
/// owner changes over the limit), one row per stage and department.
fn ownership(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[
        l.stage,
        l.department,
        lang.pick("Share of the stage's events", "占该环节事件比例"),
        l.owner_changes_over,
        l.owner_changes_max,
    ]);
    let mut g = grid("ownership", l.sec_ownership, header);
    let listed = t
        .ownership
        .stages
        .iter()
        .filter(|s| s.departments.len() > 1 || s.cases_over_limit > 0);
    for s in listed {
        let tail = [count(s.cases_over_limit), count(s.max_owner_changes)];
        if s.departments.is_empty() {
            let mut row = vec![text(&s.stage), Cell::Empty, Cell::Empty];
            row.extend(tail.clone());
            g.rows.push(row);
        }
        for d in &s.departments {
            let mut row = vec![text(&s.stage), text(&d.department), Cell::Pct(d.share)];
            row.extend(tail.clone());
            g.rows.push(row);
        }
    }
    g
}

/// Workload of departments or owners (all of them).
fn workload(id: &'static str, loads: &[Load], lang: Lang) -> Grid {
    let l = labels(lang);
    let (title, name) = if id == "workload_owners" {
        (l.workload_owners, l.owner)
    } else {
        (l.workload_departments, l.department)
    };
    let header = head(&[
        name,
        l.events,
        l.cases,
        l.events_per_month,
        l.cases_per_month,
        l.max_open,
    ]);
    let mut g = grid(id, title, header);
    for x in loads {
        let months = x.months.len().max(1) as f64;
        let month_cases: usize = x.months.iter().map(|m| m.cases).sum();
        g.rows.push(vec![
            text(&x.name),
            count(x.events),
            count(x.cases),
            Cell::Num(x.events as f64 / months, 1),
            Cell::Num(month_cases as f64 / months, 1),
            count(x.max_open_cases),
        ]);
    }
    g
}

/// Every directly-follows edge, most frequent first (then by names, as the report).
fn edges(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = vec![
        l.from.to_string(),
        l.to.to_string(),
        l.count.to_string(),
        hours_head(l.median, lang),
        hours_head(l.p90, lang),
    ];
    let mut g = grid("edges", l.sec_edges, header);
    for e in rank::edges_by_delay(&t.edges) {
        let mut row = vec![text(&e.from), text(&e.to), count(e.count)];
        row.extend(median_p90(&e.hours));
        g.rows.push(row);
    }
    g
}

/// The data-quality findings.
pub fn quality(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[l.severity, l.finding, l.examples]);
    let mut g = grid("quality", l.sec_quality, header);
    for f in &t.data_quality {
        let severity = if f.severity == crate::analysis::quality::Severity::Warning {
            l.warning
        } else {
            l.info
        };
        let examples: Vec<String> = f
            .examples
            .iter()
            .map(|e| crate::words::example(lang, e))
            .collect();
        g.rows.push(vec![
            text(severity),
            text(crate::words::finding(lang, f)),
            text(examples.join(lang.pick(", ", "，"))),
        ]);
    }
    g
}

/// The lead-time histogram's bins (the last one collects the tail).
fn lead_time_bins(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = vec![
        hours_head(l.from, lang),
        hours_head(l.to, lang),
        l.cases.to_string(),
    ];
    let mut g = grid("lead_time_bins", l.sec_lead, header);
    for b in &t.lead_time_histogram {
        g.rows
            .push(vec![hours(Some(b.from)), hours(Some(b.to)), count(b.cases)]);
    }
    g
}

/// The weeks the WIP chart draws.
fn wip_weeks(t: &TasklogAnalysis, lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[l.week, l.from, l.wip_mean, l.arrivals, l.completions]);
    let mut g = grid("wip_weeks", l.sec_wip, header);
    for w in &t.wip {
        g.rows.push(vec![
            text(&w.period),
            text(&w.from),
            Cell::Num(w.wip, 1),
            count(w.arrivals),
            count(w.completions),
        ]);
    }
    g
}
