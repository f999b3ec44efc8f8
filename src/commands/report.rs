//! `procdiag report`: the self-contained HTML report (and the JSON document, and every
//! table of the report as CSV files or an Excel workbook).

use anyhow::Result;

use crate::analysis::Analysis;
use crate::config::{self, Config};
use crate::export::csv_dir::{csv_paths, write_csv_dir};
use crate::export::report_tables::report_grids;
use crate::export::xlsx::write_workbook;
use crate::export::{json, write_atomic};
use crate::report::{render_html, Lang};

pub fn run(c: &Config) -> Result<()> {
    let analysis = super::load_and_analyse(c, false)?;
    // The mapped task-log headers and the survey's question texts decide `--lang auto`.
    let headers: Vec<&str> = analysis
        .inputs
        .iter()
        .flat_map(|i| i.columns.values().map(String::as_str))
        .chain(analysis.survey.iter().flat_map(|s| {
            s.items
                .iter()
                .flat_map(|i| [i.item.as_str(), i.text.as_str()])
                .chain(
                    s.choices
                        .iter()
                        .flat_map(|c| [c.question.as_str(), c.text.as_str()]),
                )
        }))
        .collect();
    let lang = config::resolve_lang(c.report.lang, &headers);
    let html = render_html(&analysis, lang)?;
    let out = &c.report.out;
    write_atomic(out, html.as_bytes())?;
    crate::progress::note(&format!("wrote {}", out.display()));
    if let Some(j) = &c.report.json {
        write_atomic(j, json::to_json(&analysis)?.as_bytes())?;
        crate::progress::note(&format!("wrote {}", j.display()));
    }
    write_tables(c, &analysis, lang)
}

/// `--csv-dir` and `--xlsx`: the report's tables, in its language.
fn write_tables(c: &Config, analysis: &Analysis, lang: Lang) -> Result<()> {
    let (dir, xlsx) = (&c.report.csv_dir, &c.report.xlsx);
    if dir.is_none() && xlsx.is_none() {
        return Ok(());
    }
    let grids = report_grids(analysis, lang);
    if let Some(dir) = dir {
        let inputs = c.inputs.paths();
        for p in csv_paths(dir, &grids) {
            config::check_output(&p, &inputs)?;
        }
        let paths = write_csv_dir(dir, &grids)?;
        crate::progress::note(&format!(
            "wrote {} tables as CSV files in {}",
            paths.len(),
            dir.display()
        ));
    }
    if let Some(x) = xlsx {
        write_workbook(x, &grids)?;
        crate::progress::note(&format!("wrote {}", x.display()));
    }
    Ok(())
}
