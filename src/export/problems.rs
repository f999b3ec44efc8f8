//! The problem list as a grid for the KPI exports (text, CSV, Markdown, the workbook's
//! "Problems" sheet): every problem, not only the report's first ten, with its
//! evidence, 5-Why question and, when the review has periods, the hours lost in each.

use super::kpi::{Cell, Grid};
use crate::analysis::problems::Problem;
use crate::words::{problem_kind, problem_question, problem_where, Lang};

fn opt(x: Option<f64>, d: u8) -> Cell {
    x.map_or(Cell::Empty, |v| Cell::Num(v, d))
}

/// The periods' labels (every problem with periods has the same ones).
fn periods(list: &[Problem]) -> Vec<String> {
    list.iter()
        .find(|p| !p.by_period.is_empty())
        .map(|p| p.by_period.iter().map(|x| x.period.clone()).collect())
        .unwrap_or_default()
}

fn row(p: &Problem, periods: usize) -> Vec<Cell> {
    let e = &p.evidence;
    let mut row = vec![
        Cell::Num(p.rank as f64, 0),
        Cell::Text(problem_kind(Lang::En, p.kind).to_string()),
        Cell::Text(problem_where(&p.place)),
        opt(p.hours_lost, 1),
        Cell::Num(p.cases as f64, 0),
        p.share_of_lead_time.map_or(Cell::Empty, Cell::Pct),
        Cell::Num(e.occurrences as f64, 0),
        opt(e.median_hours, 1),
        opt(e.p90_hours, 1),
        Cell::Text(problem_question(Lang::En, p)),
    ];
    row.extend((0..periods).map(|i| {
        p.by_period
            .get(i)
            .map_or(Cell::Empty, |x| Cell::Num(x.hours_lost, 1))
    }));
    row
}

/// The grid of `list`; `None` when it is empty.
pub fn problems_grid(list: &[Problem]) -> Option<Grid> {
    if list.is_empty() {
        return None;
    }
    let labels = periods(list);
    let mut header: Vec<String> = [
        "rank",
        "problem",
        "where",
        "hours lost",
        "cases",
        "share of lead time",
        "occurrences",
        "median (h)",
        "p90 (h)",
        "5-Why starter",
    ]
    .map(String::from)
    .to_vec();
    header.extend(labels.iter().map(|l| format!("hours lost {l}")));
    Some(Grid {
        id: "problems",
        title: "Problems".into(),
        header,
        rows: list.iter().map(|p| row(p, labels.len())).collect(),
    })
}
