//! View model of the input-accounting section: per input file its format, sheet,
//! header row, row counts, column mapping, timestamp formats and rejections, all as
//! display strings (escaped by the template, never marked safe).

use serde::Serialize;

use super::format::{count, MISSING};
use super::i18n::{role_name, Lang};
use super::sentences::rejections_shown;
use crate::model::{InputSummary, Rejection};
use crate::words;

/// At most this many rejected rows are listed per input.
const MAX_REJECTIONS: usize = 20;

/// A key and its value, for small two-column tables.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub key: String,
    pub value: String,
}

/// One rejected row.
#[derive(Debug, Clone, Serialize)]
pub struct RejectionRow {
    pub row: String,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// One input file.
#[derive(Debug, Clone, Serialize)]
pub struct InputView {
    pub path: String,
    pub kind: String,
    pub format: String,
    pub encoding: String,
    pub sheet: String,
    pub other_sheets: String,
    pub shape: String,
    pub header_row: String,
    pub rows_read: String,
    pub blank_rows: String,
    pub rows_used: String,
    pub rows_rejected: String,
    pub columns: Vec<Pair>,
    pub timestamp_formats: Vec<Pair>,
    pub reasons: Vec<Pair>,
    pub rejections: Vec<RejectionRow>,
    /// Says how many of how many rejected rows are listed, when not all are.
    pub rejections_note: Option<String>,
}

/// The views of all inputs.
pub fn input_views(inputs: &[InputSummary], lang: Lang) -> Vec<InputView> {
    inputs.iter().map(|i| input_view(i, lang)).collect()
}

/// The log shape in words (the JSON keeps the contract's name).
fn shape_words(shape: crate::model::InputShape, lang: Lang) -> &'static str {
    use crate::model::InputShape as S;
    match shape {
        S::Activity => lang.pick("one row per activity", "每行一个活动"),
        S::Lifecycle => lang.pick("start and complete rows", "开始与完成分行记录"),
        S::StatusHistory => lang.pick("status history", "状态变更历史"),
        S::Survey => lang.pick("questionnaire", "问卷"),
    }
}

fn input_view(input: &InputSummary, lang: Lang) -> InputView {
    let listed = input.rejections.len().min(MAX_REJECTIONS);
    InputView {
        path: input.path.clone(),
        kind: match input.kind {
            crate::model::InputKind::Tasklog => lang.pick("task log", "任务日志"),
            crate::model::InputKind::Survey => lang.pick("survey", "问卷"),
        }
        .to_owned(),
        format: input.format.clone(),
        encoding: or_missing(input.encoding.as_deref()),
        sheet: or_missing(input.sheet.as_deref()),
        other_sheets: input.other_sheets.join(", "),
        // A questionnaire's "shape" is its platform's layout.
        shape: match &input.platform {
            Some(p) => format!("{} ({p})", shape_words(input.shape, lang)),
            None => shape_words(input.shape, lang).to_owned(),
        },
        header_row: input.header_row.to_string(),
        rows_read: count(input.rows_read),
        blank_rows: count(input.blank_rows),
        rows_used: count(input.rows_used),
        rows_rejected: count(input.rows_rejected),
        columns: input
            .columns
            .iter()
            .map(|(role, header)| Pair {
                key: role_name(lang, role),
                value: header.clone(),
            })
            .collect(),
        timestamp_formats: pairs(
            input
                .timestamp_formats
                .iter()
                .map(|(k, v)| (k.clone(), words::time_reading(lang, v))),
        ),
        reasons: pairs(
            input
                .rejection_reasons
                .iter()
                .map(|(k, n)| (words::rejection(lang, *k).to_owned(), count(*n))),
        ),
        rejections: input.rejections[..listed]
            .iter()
            .map(|r| rejection_row(lang, r))
            .collect(),
        rejections_note: (input.rows_rejected > listed && listed > 0)
            .then(|| rejections_shown(lang, listed, input.rows_rejected)),
    }
}

fn pairs(items: impl Iterator<Item = (String, String)>) -> Vec<Pair> {
    items.map(|(key, value)| Pair { key, value }).collect()
}

fn rejection_row(lang: Lang, r: &Rejection) -> RejectionRow {
    RejectionRow {
        row: r.row.to_string(),
        column: r.column.clone(),
        value: r.value.clone(),
        reason: words::rejection(lang, r.reason).to_owned(),
    }
}

fn or_missing(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or(MISSING).to_owned()
}
