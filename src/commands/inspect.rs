//! `procdiag inspect FILE`: what procdiag sees in a file, for a person deciding whether
//! it is the right one: format, encoding, sheets, header row, each column's role, type,
//! examples and time format, the row accounting and data-quality findings; for a
//! questionnaire export, the platform, the header rows and what each column became
//! (rating with its scale, multi-select, open text, personal data left out, …) and the
//! dimensions.

use std::fmt::Write;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::analysis::quality::{self, Finding};
use crate::cli::Format;
use crate::config::{Config, TasklogInput};
use crate::ingest::columns;
use crate::ingest::profile::{profile, ColumnProfile};
use crate::ingest::read::read_table;
use crate::ingest::survey::SurveyInspection;
use crate::ingest::tasklog;
use crate::model::InputSummary;
use crate::report::scales::{assumption_text, group_suggestions, group_unscored};
use crate::report::Lang;
use crate::words;

/// Everything `inspect` reports (its JSON form).
#[derive(Debug, Serialize)]
pub struct Inspection {
    pub path: String,
    pub format: String,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    pub other_sheets: Vec<String>,
    pub header_row: usize,
    pub columns: Vec<ColumnProfile>,
    /// The task log's accounting, when the file can be read as one.
    pub input: Option<InputSummary>,
    pub findings: Vec<Finding>,
    /// Why the file cannot be used as a task log, if it cannot.
    pub error: Option<String>,
}

/// Inspects a task log; never fails on a file that can be opened (the problem is
/// reported).
pub fn inspect(input: &TasklogInput) -> Result<Inspection> {
    let raw = read_table(&input.path, &input.options.read)?;
    let path = input.path.display().to_string();
    let mapping = columns::detect(&raw.headers, &input.options.map);
    let roles = mapping
        .iter()
        .map(|(r, h)| (h.clone(), r.name().to_string()))
        .collect();
    let (input_summary, findings, error, formats) =
        match tasklog::from_raw(raw.clone(), &path, &input.options) {
            Ok((log, summary)) => {
                let findings = quality::findings(&log, &summary, super::now_ms())?;
                let formats = summary
                    .timestamp_formats
                    .iter()
                    .map(|(h, r)| (h.clone(), words::time_reading(Lang::En, r)))
                    .collect();
                (Some(summary), findings, None, formats)
            }
            Err(e) => (None, Vec::new(), Some(e.to_string()), Default::default()),
        };
    let columns = profile(&raw, &roles, &formats, &input.options.time)?;
    Ok(Inspection {
        path,
        format: raw.format.clone(),
        encoding: raw.encoding.clone(),
        sheet: raw.sheet.clone(),
        other_sheets: raw.other_sheets.clone(),
        header_row: raw.header_row,
        columns,
        input: input_summary,
        findings,
        error,
    })
}

fn run_survey(c: &Config, file: &Path, format: Format) -> Result<()> {
    let Some(s) = &c.inputs.survey else {
        anyhow::bail!("no survey file");
    };
    let ins = crate::ingest::survey::inspect(file, &s.options)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&ins)?),
        Format::Table => print!("{}", render_survey(&ins)),
    }
    Ok(())
}

/// The file, format, encoding and sheet lines both inspections start with.
fn file_lines(
    o: &mut String,
    (path, format, encoding): (&str, &str, Option<&str>),
    sheet: Option<&str>,
    other_sheets: &[String],
) {
    let _ = writeln!(o, "file        {path}");
    let enc = encoding
        .map(|e| format!(", encoding {e}"))
        .unwrap_or_default();
    let _ = writeln!(o, "format      {format}{enc}");
    if let Some(s) = sheet {
        let others = if other_sheets.is_empty() {
            String::new()
        } else {
            format!(" (other sheets: {})", other_sheets.join(", "))
        };
        let _ = writeln!(o, "sheet       {s}{others}");
    }
}

fn indent(block: &str) -> String {
    block
        .lines()
        .map(|l| format!("        {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Items whose scale the answers do not settle, with the blocks that would.
fn unscored_lines(o: &mut String, s: &SurveyInspection) {
    let groups = group_unscored(
        s.columns
            .iter()
            .filter(|c| !c.candidates.is_empty())
            .map(|c| (c.code.as_str(), c.candidates.as_slice())),
        Lang::En,
    );
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\nnot scored: the answers fit more than one scale and nothing in the file settles which"
    );
    for g in groups {
        let _ = writeln!(o, "  {}: fit {}", g.items.join(", "), g.fits);
        if g.toml.is_empty() {
            let _ = writeln!(
                o,
                "    name their scale in a [[survey.scales]] block with items, lowest level first"
            );
            continue;
        }
        let _ = writeln!(
            o,
            "    to score them on the likeliest, check the levels and add to procdiag.toml:\n{}",
            indent(&g.toml)
        );
        if let Some(t) = &g.toml_answered {
            let _ = writeln!(
                o,
                "    or, if the levels someone chose are all the scale has:\n{}",
                indent(t)
            );
        }
    }
}

/// Single choices that look ordinal, with the blocks that would score them.
fn suggestion_lines(o: &mut String, s: &SurveyInspection) {
    let groups = group_suggestions(
        s.columns
            .iter()
            .filter_map(|c| Some((c.code.as_str(), c.suggested_scale.as_ref()?))),
    );
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\nsuggested scales: single choices whose answers look ordinal"
    );
    for g in groups {
        let how = if g.ordered {
            "order read from the words; check it"
        } else {
            "order unknown: put the levels lowest first"
        };
        let _ = writeln!(
            o,
            "  {} ({how}); to score them, add to procdiag.toml:\n{}",
            g.items.join(", "),
            indent(&g.toml)
        );
    }
}

/// Each column: what it became, its assumptions, whether it looks ordinal.
fn column_lines(o: &mut String, s: &SurveyInspection) {
    let _ = writeln!(
        o,
        "
columns"
    );
    for c in &s.columns {
        let detail = if c.detail.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.detail)
        };
        let examples = if c.examples.is_empty() {
            String::new()
        } else {
            format!("; e.g. {}", c.examples.join(" | "))
        };
        let _ = writeln!(
            o,
            "  [{}] {} = {}{detail}, {} answers{examples}",
            c.kind, c.code, c.column, c.answers
        );
        for a in &c.assumptions {
            let _ = writeln!(o, "      assumed: {}", assumption_text(a, Lang::En));
        }
        if c.suggested_scale.is_some() {
            let _ = writeln!(o, "      looks ordinal: see the suggested scales below");
        }
    }
}

/// The dimensions as they would be scored, and the columns left out.
fn dimension_lines(o: &mut String, s: &SurveyInspection) {
    let _ = writeln!(
        o,
        "
dimensions"
    );
    if s.dimensions.is_empty() {
        let _ = writeln!(
            o,
            "  none (name them with --dimension NAME=ITEM,… or in procdiag.toml)"
        );
    }
    for d in &s.dimensions {
        let rev = if d.reversed.is_empty() {
            String::new()
        } else {
            format!(" (reversed: {})", d.reversed.join(", "))
        };
        let _ = writeln!(o, "  {}: {}{rev}", d.name, d.items.join(", "));
    }
    if !s.personal_columns_left_out.is_empty() {
        let _ = writeln!(
            o,
            "
left out (identify people): {}",
            s.personal_columns_left_out.join(", ")
        );
    }
}

/// The readable form of a questionnaire's inspection.
pub fn render_survey(s: &SurveyInspection) -> String {
    let mut o = String::new();
    let i = &s.input;
    file_lines(
        &mut o,
        (&i.path, &i.format, i.encoding.as_deref()),
        i.sheet.as_deref(),
        &i.other_sheets,
    );
    let _ = writeln!(o, "platform    {} (questionnaire export)", s.platform);
    let _ = writeln!(
        o,
        "header      row {}{}",
        i.header_row,
        if s.header_rows > 1 {
            format!(", {} rows", s.header_rows)
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        o,
        "rows        {} read, {} respondents, {} rejected",
        i.rows_read, i.rows_used, i.rows_rejected
    );
    for (reason, n) in &i.rejection_reasons {
        let _ = writeln!(o, "            {n:>7} rejected: {reason}");
    }
    for r in i.rejections.iter().take(5) {
        let _ = writeln!(o, "            e.g. row {}: {}", r.row, r.reason);
    }
    column_lines(&mut o, s);
    unscored_lines(&mut o, s);
    suggestion_lines(&mut o, s);
    dimension_lines(&mut o, s);
    o
}

pub fn run(c: &Config, file: &Path, survey: bool, format: Format) -> Result<()> {
    if survey {
        return run_survey(c, file, format);
    }
    let Some(input) = &c.inputs.tasks else {
        anyhow::bail!("no task log");
    };
    let ins = inspect(input)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&ins)?),
        Format::Table => print!("{}", render(&ins)),
    }
    if let Some(e) = &ins.error {
        anyhow::bail!("{e}");
    }
    Ok(())
}

/// The readable form.
pub fn render(i: &Inspection) -> String {
    let mut o = String::new();
    file_lines(
        &mut o,
        (&i.path, &i.format, i.encoding.as_deref()),
        i.sheet.as_deref(),
        &i.other_sheets,
    );
    let _ = writeln!(o, "header row  {}", i.header_row);
    if let Some(s) = &i.input {
        let _ = writeln!(o, "shape       {}", s.shape.name());
        let _ = writeln!(
            o,
            "rows        {} read, {} used, {} rejected",
            s.rows_read, s.rows_used, s.rows_rejected
        );
        for (reason, n) in &s.rejection_reasons {
            let _ = writeln!(o, "            {n:>7} rejected: {reason}");
        }
        for r in s.rejections.iter().take(5) {
            let _ = writeln!(
                o,
                "            e.g. row {}, column '{}', value '{}': {}",
                r.row, r.column, r.value, r.reason
            );
        }
    }
    let _ = writeln!(o, "\ncolumns");
    for c in &i.columns {
        let role = c
            .role
            .as_deref()
            .map(|r| format!("[{r}] "))
            .unwrap_or_default();
        let fmt = c
            .time_format
            .as_deref()
            .map(|f| format!(" · {f}"))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {role}{}: {}{fmt}, {} values, {} distinct; e.g. {}",
            c.header,
            c.kind,
            c.non_empty,
            c.distinct,
            c.examples.join(" | ")
        );
    }
    let _ = writeln!(o, "\ndata quality");
    if i.findings.is_empty() && i.error.is_none() {
        let _ = writeln!(o, "  no findings");
    }
    for f in &i.findings {
        let _ = writeln!(
            o,
            "  {:<7} {} (e.g. {})",
            f.severity.name(),
            words::finding(Lang::En, f),
            f.examples
                .iter()
                .map(|e| words::example(Lang::En, e))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(e) = &i.error {
        let _ = writeln!(o, "\nnot usable as a task log: {e}");
    }
    o
}
