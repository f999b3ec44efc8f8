//! `procdiag report`: the self-contained HTML report (and the JSON document).

use anyhow::Result;

use crate::config::{self, Config};
use crate::export::{json, write_atomic};
use crate::report::render_html;

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
    Ok(())
}
