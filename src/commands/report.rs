//! `procdiag report`: the self-contained HTML report (and the JSON document).

use anyhow::Result;

use crate::cli::ReportArgs;
use crate::config;
use crate::export::{json, write_atomic};
use crate::report::render_html;

pub fn run(args: &ReportArgs) -> Result<()> {
    let mut inputs: Vec<&std::path::Path> = Vec::new();
    if let Some(t) = &args.input.tasks {
        inputs.push(t);
    }
    for s in &args.input.survey {
        inputs.push(s);
    }
    config::check_output(&args.out, &inputs)?;
    if let Some(j) = &args.json {
        config::check_output(j, &inputs)?;
    }
    let analysis = super::load_inputs(&args.input)?;
    // The mapped task-log headers and the survey's item names decide `--lang auto`.
    let headers: Vec<&str> = analysis
        .inputs
        .iter()
        .flat_map(|i| i.columns.values().map(String::as_str))
        .chain(
            analysis
                .survey
                .iter()
                .flat_map(|s| s.items.iter().map(|i| i.item.as_str())),
        )
        .collect();
    let lang = config::resolve_lang(args.lang, &headers);
    let html = render_html(&analysis, lang)?;
    write_atomic(&args.out, html.as_bytes())?;
    eprintln!("wrote {}", args.out.display());
    if let Some(j) = &args.json {
        write_atomic(j, json::to_json(&analysis)?.as_bytes())?;
        eprintln!("wrote {}", j.display());
    }
    Ok(())
}
