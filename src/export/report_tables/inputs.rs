//! The input-accounting tables of the report as grids, one row per input file (or per
//! column, reason or rejected row, with the file's path first): what was read and how
//! many rows were used, the column mapping, the timestamp formats detected, the
//! rejection reasons counted, and the rejected rows the analysis keeps (the first 100
//! per input).

use super::{count, grid, head, text};
use crate::export::kpi::Grid;
use crate::model::{InputKind, InputSummary};
use crate::report::i18n::{labels, role_name};
use crate::report::Lang;
use crate::words;

/// The section's grids.
pub fn grids(inputs: &[InputSummary], lang: Lang) -> Vec<Grid> {
    vec![
        accounting(inputs, lang),
        columns(inputs, lang),
        time_formats(inputs, lang),
        reasons(inputs, lang),
        rejections(inputs, lang),
    ]
}

fn accounting(inputs: &[InputSummary], lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[
        l.path,
        l.kind,
        l.format,
        l.encoding,
        l.sheet,
        l.other_sheets,
        l.shape,
        l.header_row,
        l.rows_read,
        l.blank_rows,
        l.rows_used,
        l.rows_rejected,
    ]);
    let mut g = grid("inputs", l.sec_inputs, header);
    for i in inputs {
        let kind = match i.kind {
            InputKind::Tasklog => "tasklog",
            InputKind::Survey => "survey",
        };
        let shape = match &i.platform {
            Some(p) => format!("{} ({p})", i.shape.name()),
            None => i.shape.name().to_owned(),
        };
        g.rows.push(vec![
            text(&i.path),
            text(kind),
            text(&i.format),
            text(i.encoding.clone().unwrap_or_default()),
            text(i.sheet.clone().unwrap_or_default()),
            text(i.other_sheets.join(", ")),
            text(shape),
            count(i.header_row),
            count(i.rows_read),
            count(i.blank_rows),
            count(i.rows_used),
            count(i.rows_rejected),
        ]);
    }
    g
}

fn columns(inputs: &[InputSummary], lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[l.path, l.role, l.column]);
    let mut g = grid("input_columns", l.column_mapping, header);
    for i in inputs {
        for (role, column) in &i.columns {
            g.rows.push(vec![
                text(&i.path),
                text(role_name(lang, role)),
                text(column),
            ]);
        }
    }
    g
}

fn time_formats(inputs: &[InputSummary], lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[l.path, l.column, l.detected_format]);
    let mut g = grid("input_time_formats", l.timestamp_formats, header);
    for i in inputs {
        for (column, reading) in &i.timestamp_formats {
            g.rows.push(vec![
                text(&i.path),
                text(column),
                text(words::time_reading(lang, reading)),
            ]);
        }
    }
    g
}

fn reasons(inputs: &[InputSummary], lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[l.path, l.rejection_reason, l.count]);
    let mut g = grid("rejection_reasons", l.rejection_reasons, header);
    for i in inputs {
        for (reason, n) in &i.rejection_reasons {
            g.rows.push(vec![
                text(&i.path),
                text(words::rejection(lang, *reason)),
                count(*n),
            ]);
        }
    }
    g
}

fn rejections(inputs: &[InputSummary], lang: Lang) -> Grid {
    let l = labels(lang);
    let header = head(&[l.path, l.row, l.column, l.value, l.rejection_reason]);
    let mut g = grid("rejections", l.first_rejections, header);
    for i in inputs {
        for r in &i.rejections {
            g.rows.push(vec![
                text(&i.path),
                count(r.row),
                text(&r.column),
                text(&r.value),
                text(words::rejection(lang, r.reason)),
            ]);
        }
    }
    g
}

/// The glossary: term, its name in the other language, definition.
pub fn glossary(lang: Lang) -> Grid {
    let l = labels(lang);
    let other = lang.pick("Term (中文)", "术语（English）");
    let mut g = grid(
        "glossary",
        l.sec_glossary,
        head(&[l.term, other, l.definition]),
    );
    for e in crate::report::glossary::entries(lang) {
        g.rows
            .push(vec![text(e.term), text(e.other), text(e.definition)]);
    }
    g
}
