//! From an export's layout and rows to the survey model: which rows are responses
//! (repeated header rows, previews and empty responses are rejected with a reason),
//! each answer column's answers for resolving scales, and the model built column by
//! column ([`super::build`]).

use serde::Serialize;

use super::build::Builder;
use super::platform::{Layout, Platform, Role};
use super::scales::{Observation, Resolution};
use super::values::{self, Cell};
use super::SurveyOptions;
use crate::ingest::read::Grid;
use crate::model::facts::RejectReason;
use crate::model::survey::Survey;
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
        let reject = |reason: RejectReason, column: &str, value: &str| Rejection {
            row: number,
            column: column.to_string(),
            value: value.to_string(),
            reason,
        };
        if row == header {
            rejected.push(reject(RejectReason::RepeatedHeader, "", ""));
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
            rejected.push(reject(RejectReason::EmptyResponse, "", ""));
            continue;
        }
        kept.push(r);
    }
    (kept, rejected)
}

/// Interprets an export, column by column ([`super::build`]).
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
    let mut b = Builder::new(grid, layout, opts, kept, scales);
    let mut i = 0;
    while i < layout.columns.len() {
        i = b.column(i);
    }
    let (survey, columns, attributes) = b.finish();
    Interpreted {
        survey,
        rows_read: grid.rows.len().saturating_sub(layout.data_start),
        rejections,
        columns,
        attributes,
    }
}
