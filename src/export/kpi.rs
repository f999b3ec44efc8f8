//! The KPI review as tables: the scorecard (each target: baseline → current, change vs
//! goal, interval, test, verdict) and the KPI table per period (and per group with
//! `--by`), built once as grids of cells and written as aligned text, CSV, Markdown
//! or (by [`super::xlsx`]) an Excel workbook. Text that came from the input is
//! neutralised where a spreadsheet could take it for a formula.

use std::fmt::Write;

use crate::analysis::improvement::{TargetResult, Verdict};
use crate::analysis::kpi::KpiPeriod;
use crate::analysis::Analysis;
use crate::model::metric::Kind;

/// A cell: a number (written as a number in workbooks) or text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A number shown with this many decimals.
    Num(f64, u8),
    /// A share 0–1, shown as a percentage.
    Pct(f64),
    /// A duration in hours (workbooks: format `0.0`; the header says the unit).
    Hours(f64),
    /// A count.
    Count(u64),
    /// A target's verdict in words and its class (`met`, `weak`, `miss`, `none`), which
    /// colours it in workbooks as in the HTML report.
    Verdict(String, &'static str),
    Text(String),
    Empty,
}

impl Cell {
    /// The cell as text (numbers with their decimals, shares as percentages, hours
    /// with two decimals).
    pub fn text(&self) -> String {
        match self {
            Cell::Num(x, d) => format!("{x:.*}", *d as usize),
            Cell::Pct(x) => format!("{:.1}%", x * 100.0),
            Cell::Hours(x) => format!("{x:.2}"),
            Cell::Count(n) => n.to_string(),
            Cell::Verdict(s, _) | Cell::Text(s) => s.clone(),
            Cell::Empty => String::new(),
        }
    }
}

/// A table: a header row and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// A stable short name (`stages`, `bottlenecks`): CSV file names, and the
    /// `data-table` attribute of the report's table.
    pub id: &'static str,
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn opt_num(x: Option<f64>, d: u8) -> Cell {
    x.map_or(Cell::Empty, |v| Cell::Num(v, d))
}

fn opt_pct(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, Cell::Pct)
}

/// A metric's value in its unit (hours with one decimal, rates as %, scores with two).
fn value_cell(kind: Kind, x: Option<f64>) -> Cell {
    match kind {
        Kind::Rate | Kind::Ratio => opt_pct(x),
        Kind::Duration => opt_num(x, 1),
        Kind::Score | Kind::PerWeek => opt_num(x, 2),
    }
}

/// The verdict as words (English, as every export).
pub fn verdict_text(v: Verdict) -> &'static str {
    crate::report::format::verdict_words(v, crate::report::Lang::En).0
}

/// The scorecard grid.
pub fn scorecard(improvement: &[TargetResult]) -> Grid {
    let header = [
        "target",
        "metric",
        "goal",
        "baseline",
        "current",
        "change",
        "95% CI",
        "test",
        "p",
        "effect size",
        "verdict",
    ]
    .map(String::from)
    .to_vec();
    let rows = improvement
        .iter()
        .map(|r| {
            let ci = r.ci95.map_or(Cell::Empty, |c| {
                Cell::Text(format!("{:+.1}% … {:+.1}%", c[0] * 100.0, c[1] * 100.0))
            });
            vec![
                Cell::Text(r.label.clone().unwrap_or_else(|| r.metric.clone())),
                Cell::Text(r.metric.clone()),
                Cell::Text(r.target.clone()),
                value_cell(r.kind, r.baseline),
                value_cell(r.kind, r.current),
                opt_pct(r.change_pct),
                ci,
                r.test
                    .as_ref()
                    .map_or(Cell::Empty, |t| Cell::Text(t.test.to_string())),
                opt_num(r.p_value, 4),
                r.test.as_ref().map_or(Cell::Empty, |t| {
                    Cell::Text(format!("{} {:.3}", t.effect_size_name, t.effect_size))
                }),
                Cell::Text(verdict_text(r.verdict).to_string()),
            ]
        })
        .collect();
    Grid {
        id: "scorecard",
        title: "Scorecard".into(),
        header,
        rows,
    }
}

/// The KPI table grid (totals, then each `--by` group, as the rows come).
pub fn kpi_grid(a: &Analysis) -> Grid {
    let mut dims: Vec<String> = Vec::new();
    for p in &a.kpi_periods {
        for d in p.satisfaction.keys() {
            if !dims.contains(d) {
                dims.push(d.clone());
            }
        }
    }
    let targets: Vec<(String, Kind)> = a
        .improvement
        .iter()
        .map(|r| (r.label.clone().unwrap_or_else(|| r.metric.clone()), r.kind))
        .collect();
    let mut header: Vec<String> = [
        "period",
        "group",
        "from",
        "to",
        "cases started",
        "cases closed",
        "WIP at end",
        "lead time median (h)",
        "lead time p90 (h)",
        "flow efficiency",
        "first-time-right",
        "rework rate",
        "on-time rate",
    ]
    .map(String::from)
    .to_vec();
    if let Some(p) = a.kpi_periods.first() {
        let clocks = p.figures.sla_compliance.iter();
        header.extend(clocks.map(|c| format!("{}: SLA compliance", c.name)));
    }
    header.push("respondents".into());
    header.extend(dims.iter().cloned());
    for (t, _) in &targets {
        header.push(t.clone());
        header.push(format!("{t}: met"));
    }
    let rows = a
        .kpi_periods
        .iter()
        .map(|p| kpi_row(p, &dims, &targets))
        .collect();
    Grid {
        id: "kpi",
        title: "KPI".into(),
        header,
        rows,
    }
}

fn kpi_row(p: &KpiPeriod, dims: &[String], targets: &[(String, Kind)]) -> Vec<Cell> {
    let group = match (&p.by, &p.group) {
        (Some(b), Some(g)) => Cell::Text(format!("{b}={g}")),
        _ => Cell::Text("all".into()),
    };
    let mut row = vec![
        Cell::Text(p.period.clone()),
        group,
        Cell::Text(p.from[..10.min(p.from.len())].to_string()),
        Cell::Text(p.to[..10.min(p.to.len())].to_string()),
        Cell::Num(p.cases_started as f64, 0),
        Cell::Num(p.cases_closed as f64, 0),
        Cell::Num(p.wip_end as f64, 0),
    ];
    row.extend(figure_cells(&p.figures));
    row.extend(
        p.figures
            .sla_compliance
            .iter()
            .map(|c| opt_pct(c.compliance)),
    );
    row.push(Cell::Num(p.respondents as f64, 0));
    for d in dims {
        row.push(if p.satisfaction_suppressed {
            Cell::Text("suppressed".into())
        } else {
            opt_num(p.satisfaction.get(d).copied(), 2)
        });
    }
    for (i, (_, kind)) in targets.iter().enumerate() {
        let t = p.targets.get(i);
        row.push(value_cell(*kind, t.and_then(|t| t.value)));
        row.push(match t.and_then(|t| t.met) {
            Some(true) => Cell::Text("✓".into()),
            Some(false) => Cell::Text("✗".into()),
            None => Cell::Empty,
        });
    }
    row
}

/// Lead time median and p90, flow efficiency, first-time-right, rework and on-time
/// rates: the columns KPI rows and breakdowns share.
fn figure_cells(f: &crate::analysis::kpi::CaseFigures) -> [Cell; 6] {
    [
        opt_num(f.lead_time_hours.median, 1),
        opt_num(f.lead_time_hours.p90, 1),
        opt_pct(f.flow_efficiency),
        opt_pct(f.first_time_right),
        opt_pct(f.rework_rate),
        opt_pct(f.on_time_rate),
    ]
}

/// The breakdowns grid (`--by`).
pub fn breakdown_grid(a: &Analysis) -> Grid {
    let header = [
        "by",
        "value",
        "cases",
        "lead time median (h)",
        "lead time p90 (h)",
        "flow efficiency",
        "first-time-right",
        "rework rate",
        "on-time rate",
    ]
    .map(String::from)
    .to_vec();
    let rows = a
        .breakdowns
        .iter()
        .map(|b| {
            let mut row = vec![
                Cell::Text(b.by.clone()),
                Cell::Text(b.value.clone()),
                Cell::Num(b.cases as f64, 0),
            ];
            row.extend(figure_cells(&b.figures));
            row
        })
        .collect();
    Grid {
        id: "breakdown",
        title: "Breakdown".into(),
        header,
        rows,
    }
}

/// A cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab or CR
/// first and not a plain finite number) gets a leading apostrophe.
pub fn neutralise(s: &str) -> String {
    let starts = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // Rust reads "inf" and "NaN" as numbers; a spreadsheet reads "-inf" as a formula.
    let number = s
        .trim_end_matches('%')
        .trim_start_matches(['+', '-'])
        .parse::<f64>()
        .is_ok_and(f64::is_finite);
    if starts && !number {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn csv_field(s: &str) -> String {
    let s = neutralise(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// CSV (UTF-8, for Excel with a BOM written by the caller).
pub fn to_csv(g: &Grid) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        g.header
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(",")
    );
    for r in &g.rows {
        let _ = writeln!(
            o,
            "{}",
            r.iter()
                .map(|c| csv_field(&c.text()))
                .collect::<Vec<_>>()
                .join(",")
        );
    }
    o
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table.
pub fn to_markdown(g: &Grid) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "### {}\n", g.title);
    let _ = writeln!(
        o,
        "| {} |",
        g.header
            .iter()
            .map(|h| md_escape(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(o, "|{}", "---|".repeat(g.header.len()));
    for r in &g.rows {
        let _ = writeln!(
            o,
            "| {} |",
            r.iter()
                .map(|c| md_escape(&c.text()))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    o
}

/// Aligned text for a terminal.
pub fn to_text(g: &Grid) -> String {
    let width = |s: &str| crate::report::charts::display_units(s);
    let mut widths: Vec<usize> = g.header.iter().map(|h| width(h)).collect();
    let cells: Vec<Vec<String>> = g
        .rows
        .iter()
        .map(|r| r.iter().map(Cell::text).collect())
        .collect();
    for r in &cells {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(c));
            }
        }
    }
    let line = |items: &[String]| {
        items
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(width(s));
                format!("{s}{}", " ".repeat(pad))
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut o = String::new();
    let _ = writeln!(o, "{}", g.title);
    let _ = writeln!(o, "{}", line(&g.header));
    for r in &cells {
        let _ = writeln!(o, "{}", line(r));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_but_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("-20%"), "-20%");
        assert_eq!(neutralise("-12.5"), "-12.5");
        assert_eq!(neutralise("研发部"), "研发部");
        assert_eq!(neutralise("-inf"), "'-inf");
        assert_eq!(neutralise("+NaN"), "'+NaN");
        assert_eq!(neutralise("\tx"), "'\tx");
    }

    #[test]
    fn grids_render_as_csv_and_markdown() {
        let g = Grid {
            id: "t",
            title: "T".into(),
            header: vec!["a".into(), "b|c".into()],
            rows: vec![vec![Cell::Text("x,y".into()), Cell::Pct(0.125)]],
        };
        assert_eq!(to_csv(&g), "a,b|c\n\"x,y\",12.5%\n");
        assert!(to_markdown(&g).contains("| a | b\\|c |"));
        assert!(to_text(&g).contains("x,y  12.5%"));
    }
}
