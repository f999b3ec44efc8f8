//! From an export's layout and rows to the survey model: which rows are responses
//! (repeated header rows, previews and empty responses are rejected with a reason),
//! which columns identify people, and what every other column holds ([`classify`]).

use serde::Serialize;

use super::classify::{self, Kind, Rules};
use super::personal::{personal_header, personal_values};
use super::platform::{Column, Layout, Platform, Role};
use super::scales::{Observation, Resolution};
use super::values::{self, Cell};
use super::SurveyOptions;
use crate::ingest::read::Grid;
use crate::model::survey::{Choice, Survey};
use crate::model::Rejection;

/// How a column was read (for `inspect`).
#[derive(Debug, Clone, Serialize)]
pub struct ColumnReport {
    /// The header as written.
    pub column: String,
    pub code: String,
    pub text: String,
    /// `rating`, `multi_select`, `ranking`, `single_choice`, `open_text`, `number`,
    /// `empty`, `personal`, `id`, `submitted`, `started`, `duration`, `status`,
    /// `metadata`, `other_text`, `derived`.
    pub kind: &'static str,
    /// Scale, labels, options, or why the column is left out.
    pub detail: String,
    /// Answers (non-empty cells) in the responses.
    pub answers: usize,
    /// A few distinct answers (none for columns that identify people).
    pub examples: Vec<String>,
    /// Rating items: what was assumed to score them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<crate::model::survey::Assumption>,
    /// Items left unscored: the scales their answers fit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<crate::model::survey::ScaleCandidate>,
    /// Ordinal-looking single choices: the levels a `[[survey.scales]]` block needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_scale: Option<crate::model::survey::ScaleSuggestion>,
}

/// A column's values by code and header, for `--group`.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub code: String,
    pub header: String,
    pub text: String,
    pub values: Vec<Option<String>>,
}

/// The interpreted export.
#[derive(Debug, Clone)]
pub struct Interpreted {
    pub survey: Survey,
    /// Data rows read (blank rows not counted).
    pub rows_read: usize,
    pub rejections: Vec<Rejection>,
    pub columns: Vec<ColumnReport>,
    pub attributes: Vec<Attribute>,
}

/// Whether the user named this column in a dimension or as reversed.
fn listed(col: &Column, opts: &SurveyOptions) -> bool {
    let names = opts.dimensions.iter().flat_map(|(_, items)| items);
    names
        .chain(&opts.reverse)
        .any(|n| *n == col.code || *n == col.text || n == col.header.trim())
}

/// A file's responses and the scales of its columns, decided before it is
/// interpreted (scales are resolved across all files of a survey together).
#[derive(Debug, Default)]
pub struct Prepared {
    /// Grid rows that are responses.
    pub kept: Vec<usize>,
    pub rejections: Vec<Rejection>,
    /// Column index → its resolved scale, for columns of labels.
    pub scales: std::collections::HashMap<usize, Resolution>,
}

/// The answers of each answer column, for resolving scales: `(column index,
/// observation)`.
pub fn observations(
    grid: &Grid,
    layout: &Layout,
    kept: &[usize],
    opts: &SurveyOptions,
) -> Vec<(usize, Observation)> {
    layout
        .columns
        .iter()
        .filter(|c| c.role == Role::Answer)
        .map(|col| {
            let cells: Vec<Cell> = kept
                .iter()
                .map(|&r| values::cell(grid.cell(r, col.index), layout.skipped_markers))
                .collect();
            let answers = values::tally(cells.iter().filter_map(Cell::answer).map(|a| (a, 1)));
            let names = [
                col.code.as_str(),
                col.text.as_str(),
                col.header.trim(),
                col.question.as_deref().unwrap_or_default(),
            ];
            let obs = Observation {
                group: col.question.clone().unwrap_or_else(|| col.code.clone()),
                code: col.code.clone(),
                answers,
                forced: opts.scales.iter().position(|s| s.names(&names)),
            };
            (col.index, obs)
        })
        .collect()
}

/// Decides which data rows are responses.
pub fn responses(
    grid: &Grid,
    layout: &Layout,
    platform: &dyn Platform,
) -> (Vec<usize>, Vec<Rejection>) {
    let header = &grid.rows[layout.header_row];
    let answer_cols: Vec<usize> = layout
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Answer | Role::OtherText))
        .map(|c| c.index)
        .collect();
    let mut kept = Vec::new();
    let mut rejected = Vec::new();
    for r in layout.data_start..grid.rows.len() {
        let row = &grid.rows[r];
        let number = grid.row_numbers[r];
        let reject = |reason: String, column: &str, value: &str| Rejection {
            row: number,
            column: column.to_string(),
            value: value.to_string(),
            reason,
        };
        if row == header {
            rejected.push(reject("a repeated header row".into(), "", ""));
            continue;
        }
        if let Some(reason) = platform.reject(layout, row) {
            let status = layout.columns.iter().find(|c| c.role == Role::Status);
            let value = status.map_or("", |c| grid.cell(r, c.index));
            rejected.push(reject(
                reason,
                status.map_or("", |c| c.header.as_str()),
                value,
            ));
            continue;
        }
        let answered = answer_cols.iter().any(|&i| {
            values::cell(grid.cell(r, i), layout.skipped_markers)
                .answer()
                .is_some()
        });
        if !answered {
            rejected.push(reject(
                "no answer to any question (an empty response)".into(),
                "",
                "",
            ));
            continue;
        }
        kept.push(r);
    }
    (kept, rejected)
}

/// Parses submission times (any layout the task-log reader knows, plus
/// `02-Feb-2021 20:26:58` as 腾讯问卷 writes them) to ms since the epoch, UTC.
fn times(cells: &[Cell], layout: &Layout) -> Vec<Option<i64>> {
    let samples: Vec<&str> = cells.iter().filter_map(Cell::answer).take(200).collect();
    let opts = crate::ingest::time::TimeOptions {
        date_order: layout.date_order,
        ..Default::default()
    };
    let fmt = crate::ingest::time::detect(&samples, &opts).ok();
    cells
        .iter()
        .map(|c| {
            let v = c.answer()?;
            fmt.as_ref()
                .and_then(|f| crate::ingest::time::parse_one(v, f))
                .or_else(|| {
                    chrono::NaiveDateTime::parse_from_str(v, "%d-%b-%Y %H:%M:%S")
                        .ok()
                        .map(|t| t.and_utc().timestamp_millis())
                })
        })
        .collect()
}

fn report(col: &Column, kind: &'static str, detail: String, cells: &[Cell]) -> ColumnReport {
    let mut examples: Vec<String> = Vec::new();
    if kind != "personal" {
        for a in cells.iter().filter_map(Cell::answer) {
            if examples.len() >= 3 {
                break;
            }
            if !examples.iter().any(|e| e == a) {
                examples.push(a.chars().take(40).collect());
            }
        }
    }
    ColumnReport {
        column: col.header.clone(),
        code: col.code.clone(),
        text: col.text.clone(),
        kind,
        detail,
        answers: cells.iter().filter(|c| c.answer().is_some()).count(),
        examples,
        assumptions: Vec::new(),
        candidates: Vec::new(),
        suggested_scale: None,
    }
}

/// Interprets an export.
pub fn interpret(
    grid: &Grid,
    layout: &Layout,
    opts: &SurveyOptions,
    prepared: Prepared,
) -> Interpreted {
    let Prepared {
        kept,
        rejections,
        scales,
    } = prepared;
    let n = kept.len();
    let cells_of = |col: &Column| -> Vec<Cell> {
        kept.iter()
            .map(|&r| values::cell(grid.cell(r, col.index), layout.skipped_markers))
            .collect()
    };
    let mut survey = Survey {
        platform: layout.platform.to_string(),
        respondents: n,
        submitted: vec![None; n],
        duration_seconds: vec![None; n],
        ..Default::default()
    };
    let mut reports = Vec::new();
    let mut attributes = Vec::new();
    let cols = &layout.columns;
    let mut i = 0;
    while i < cols.len() {
        let col = &cols[i];
        let cells = cells_of(col);
        let answers: Vec<&str> = cells.iter().filter_map(Cell::answer).collect();
        let personal = col.role == Role::Personal
            || (matches!(col.role, Role::Answer | Role::OtherText | Role::Meta)
                && (personal_header(&col.header)
                    || personal_header(&col.text)
                    || personal_values(&answers)));
        if personal {
            survey.personal.push(col.header.trim().to_string());
            let detail = if opts.include_personal {
                "kept (--include-personal)"
            } else {
                "identifies people: left out of every output"
            };
            reports.push(report(col, "personal", detail.into(), &cells));
            if opts.include_personal {
                let values: Vec<Option<String>> = cells
                    .iter()
                    .map(|c| c.answer().map(str::to_string))
                    .collect();
                survey
                    .personal_values
                    .push((col.header.trim().to_string(), values.clone()));
                attributes.push(attribute(col, values));
            }
            i += 1;
            continue;
        }
        match col.role {
            Role::Id | Role::Derived | Role::Started => {
                let kind = match col.role {
                    Role::Id => "id",
                    Role::Started => "started",
                    _ => "derived",
                };
                reports.push(report(col, kind, String::new(), &cells));
                i += 1;
                continue;
            }
            Role::Submitted => {
                if survey.submitted.iter().all(Option::is_none) {
                    survey.submitted = times(&cells, layout);
                }
                let parsed = survey.submitted.iter().flatten().count();
                reports.push(report(
                    col,
                    "submitted",
                    format!("{parsed} times read"),
                    &cells,
                ));
                attributes.push(attribute(col, texts(&cells)));
                i += 1;
                continue;
            }
            Role::Duration => {
                survey.duration_seconds = cells
                    .iter()
                    .map(|c| c.answer().and_then(values::duration_seconds))
                    .collect();
                let parsed = survey.duration_seconds.iter().flatten().count();
                reports.push(report(
                    col,
                    "duration",
                    format!("{parsed} read as seconds"),
                    &cells,
                ));
                i += 1;
                continue;
            }
            Role::Status | Role::Meta => {
                let kind = if col.role == Role::Status {
                    "status"
                } else {
                    "metadata"
                };
                reports.push(report(col, kind, String::new(), &cells));
                survey.choices.push(Choice {
                    code: col.code.clone(),
                    text: col.text.clone(),
                    question: false,
                    values: texts(&cells),
                    suggested_scale: None,
                });
                attributes.push(attribute(col, texts(&cells)));
                i += 1;
                continue;
            }
            Role::Answer | Role::OtherText | Role::Personal => {}
        }
        attributes.push(attribute(col, texts(&cells)));
        // A run of a question's sub-columns: option ticks make one multi-select.
        let mut j = i + 1;
        while col.sub.is_some()
            && col.question.is_some()
            && j < cols.len()
            && cols[j].question == col.question
            && cols[j].sub.is_some()
            && matches!(cols[j].role, Role::Answer | Role::OtherText)
        {
            j += 1;
        }
        if j - i >= 2 {
            let run_cells: Vec<Vec<Cell>> = cols[i..j].iter().map(&cells_of).collect();
            let run: Vec<(&Column, &[Cell])> = cols[i..j]
                .iter()
                .zip(&run_cells)
                .map(|(c, v)| (c, v.as_slice()))
                .collect();
            let rules = rules_for(col, opts, layout, None);
            if let Some(m) = classify::option_columns(&run, &rules) {
                for (c, v) in &run[1..] {
                    attributes.push(attribute(c, texts(v)));
                }
                for (c, v) in &run {
                    let (kind, detail) = if c.role == Role::OtherText {
                        ("other_text", format!("other-text of {}", m.code))
                    } else {
                        ("multi_select", format!("option of {}", m.code))
                    };
                    reports.push(report(c, kind, detail, v));
                }
                survey.multi.push(m);
                i = j;
                continue;
            }
        }
        let rules = rules_for(col, opts, layout, scales.get(&col.index));
        let kind = if col.role == Role::OtherText {
            Kind::Open(classify::open_text(col, &cells))
        } else {
            classify::classify(col, &cells, &rules)
        };
        reports.push(match &kind {
            Kind::Rating(it) => ColumnReport {
                assumptions: it.assumptions.clone(),
                ..report(col, "rating", scale_detail(it), &cells)
            },
            Kind::Unscored(_, u) => ColumnReport {
                candidates: u.candidates.clone(),
                ..report(col, "unscored", unscored_detail(u), &cells)
            },
            Kind::Multi(m) => report(
                col,
                if m.rank.is_some() {
                    "ranking"
                } else {
                    "multi_select"
                },
                format!("{} options", m.options.len()),
                &cells,
            ),
            Kind::Choice(c) => {
                let mut d: Vec<&String> = c.values.iter().flatten().collect();
                d.sort();
                d.dedup();
                ColumnReport {
                    suggested_scale: c.suggested_scale.clone(),
                    ..report(col, "single_choice", format!("{} values", d.len()), &cells)
                }
            }
            Kind::Open(_) if col.role == Role::OtherText => {
                report(col, "other_text", String::new(), &cells)
            }
            Kind::Open(_) => report(col, "open_text", String::new(), &cells),
            Kind::Number => report(col, "number", "numbers that are not ratings".into(), &cells),
            Kind::Empty => report(col, "empty", "no answers".into(), &cells),
        });
        match kind {
            Kind::Rating(it) => survey.items.push(it),
            Kind::Unscored(c, u) => {
                survey.choices.push(c);
                survey.unscored.push(u);
            }
            Kind::Multi(mut m) => {
                // The question's "other" text columns that follow it (`Q6_7_TEXT`).
                while i + 1 < cols.len()
                    && cols[i + 1].role == Role::OtherText
                    && (cols[i + 1].question.as_deref() == Some(col.code.as_str())
                        || (cols[i + 1].question.is_some() && cols[i + 1].question == col.question))
                {
                    i += 1;
                    let other = cells_of(&cols[i]);
                    reports.push(report(
                        &cols[i],
                        "other_text",
                        format!("other-text of {}", m.code),
                        &other,
                    ));
                    m.other
                        .extend(other.iter().filter_map(Cell::answer).map(str::to_string));
                }
                survey.multi.push(m)
            }
            Kind::Choice(c) => survey.choices.push(c),
            Kind::Open(o) => survey.open.push(o),
            Kind::Number | Kind::Empty => {}
        }
        i += 1;
    }
    Interpreted {
        survey,
        rows_read: grid.rows.len().saturating_sub(layout.data_start),
        rejections,
        columns: reports,
        attributes,
    }
}

fn rules_for<'a>(
    col: &Column,
    opts: &'a SurveyOptions,
    layout: &'a Layout,
    resolution: Option<&'a Resolution>,
) -> Rules<'a> {
    let is_listed = listed(col, opts);
    Rules {
        scale: opts.scale,
        custom: &opts.scales,
        extra_na: &opts.not_applicable,
        // In a bare data frame, numbers outside the named dimensions are attributes
        // (gender, age, education); a platform export's numbered questions are
        // questions.
        numeric_ok: layout.platform != "plain" || opts.dimensions.is_empty() || is_listed,
        listed: is_listed,
        separators: layout.multi_separators,
        generic_separators: layout.platform == "plain",
        resolution,
    }
}

fn texts(cells: &[Cell]) -> Vec<Option<String>> {
    cells
        .iter()
        .map(|c| c.answer().map(str::to_string))
        .collect()
}

fn attribute(col: &Column, values: Vec<Option<String>>) -> Attribute {
    Attribute {
        code: col.code.clone(),
        header: col.header.trim().to_string(),
        text: col.text.clone(),
        values,
    }
}

/// An item's scale for `inspect`: family, points and every level with its score, then
/// what was assumed.
fn scale_detail(it: &crate::model::survey::Item) -> String {
    let levels = if it.scale_levels.is_empty() {
        format!("{}–{}", it.min, it.max)
    } else {
        it.scale_levels
            .iter()
            .map(|l| {
                if l.label == l.score.to_string() {
                    l.label.clone()
                } else {
                    format!("{} {}", l.score, l.label)
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let family = super::scales::family_shown(&it.scale_family, false);
    format!("{family}, {} points: {levels}", it.scale_levels.len())
}

/// Why an item is not scored, for `inspect`.
fn unscored_detail(u: &crate::model::survey::UnscoredItem) -> String {
    if u.candidates.is_empty() {
        return "not scored: the labels' numbers and words disagree".into();
    }
    let fits: Vec<String> = u
        .candidates
        .iter()
        .map(|c| {
            let family = super::scales::family_shown(&c.family, false);
            format!("{family} {}-point", c.points)
        })
        .collect();
    format!(
        "not scored: its answers fit {} and nothing in the file settles which",
        fits.join(" or ")
    )
}
