//! `procdiag report`: the self-contained HTML report (and the JSON document).

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::ReportArgs;
use crate::config;
use crate::export::{json, write_atomic};
use crate::report::render_html;

/// Where the report goes when neither `--out` nor the config says.
pub const DEFAULT_OUT: &str = "reports/diagnosis.html";

pub fn run(args: &ReportArgs) -> Result<()> {
    let (input, settings) = config::effective(&args.input)?;
    let out = args
        .out
        .clone()
        .or(settings.out)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT));
    let json_out = args.json.clone().or(settings.json);
    let mut inputs: Vec<&std::path::Path> = Vec::new();
    if let Some(t) = &input.tasks {
        inputs.push(t);
    }
    for s in &input.survey {
        inputs.push(s);
    }
    config::check_output(&out, &inputs)?;
    if let Some(j) = &json_out {
        config::check_output(j, &inputs)?;
    }
    let analysis = super::load_inputs(&input)?;
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
    let lang = config::resolve_lang(
        args.lang
            .or(settings.lang)
            .unwrap_or(crate::cli::LangArg::Auto),
        &headers,
    );
    let html = render_html(&analysis, lang)?;
    write_atomic(&out, html.as_bytes())?;
    eprintln!("wrote {}", out.display());
    if let Some(j) = &json_out {
        write_atomic(j, json::to_json(&analysis)?.as_bytes())?;
        eprintln!("wrote {}", j.display());
    }
    Ok(())
}
