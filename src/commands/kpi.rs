//! `procdiag kpi`: the KPI review per quarter (`--by month|week`), as a table, CSV,
//! JSON or Markdown on stdout, and optionally an Excel workbook with the scorecard,
//! the KPI table and the breakdowns.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::analysis::improvement::TargetResult;
use crate::analysis::kpi::{Breakdown, Grain, KpiPeriod};
use crate::cli::KpiFormat;
use crate::config::Config;
use crate::export::kpi::{breakdown_grid, kpi_grid, scorecard, to_csv, to_markdown, to_text};
use crate::export::xlsx::write_workbook;

/// The JSON form: the KPI parts of the contract.
#[derive(Serialize)]
struct KpiDocument<'a> {
    schema: &'static str,
    kpi_grain: Option<Grain>,
    kpi_periods: &'a [KpiPeriod],
    improvement: &'a [TargetResult],
    breakdowns: &'a [Breakdown],
}

pub fn run(c: &Config, format: KpiFormat, xlsx: Option<&Path>) -> Result<()> {
    let a = super::load_and_analyse(c, true)?;
    if a.tasklog.is_none() {
        anyhow::bail!(
            "the KPI review needs a task log: give --tasks FILE (or [tasks] in procdiag.toml)"
        );
    }
    let mut grids = Vec::new();
    if !a.improvement.is_empty() {
        grids.push(scorecard(&a.improvement));
    }
    grids.push(kpi_grid(&a));
    if !a.breakdowns.is_empty() {
        grids.push(breakdown_grid(&a));
    }
    if let Some(t) = &a.tasklog {
        grids.extend(crate::export::problems::problems_grid(&t.problems));
    }
    let text = match format {
        KpiFormat::Json => {
            serde_json::to_string_pretty(&KpiDocument {
                schema: "procdiag/1",
                kpi_grain: a.kpi_grain,
                kpi_periods: &a.kpi_periods,
                improvement: &a.improvement,
                breakdowns: &a.breakdowns,
            })? + "\n"
        }
        KpiFormat::Csv => grids.iter().map(to_csv).collect::<Vec<_>>().join("\n"),
        KpiFormat::Markdown => grids.iter().map(to_markdown).collect::<Vec<_>>().join("\n"),
        KpiFormat::Table => grids.iter().map(to_text).collect::<Vec<_>>().join("\n"),
    };
    print!("{text}");
    if let Some(x) = xlsx {
        write_workbook(x, &grids)?;
        crate::progress::note(&format!("wrote {}", x.display()));
    }
    Ok(())
}
