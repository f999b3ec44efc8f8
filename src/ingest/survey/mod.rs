//! Questionnaire exports → a [`Survey`]: which columns are rating items (numbers on a
//! scale, or Likert labels in Chinese or English), which identify people (left out of
//! every output), which are attributes (department, wave) and which are open text.
//!
//! This version reads the plain layout: one header row, one column per question (any
//! platform's "one column per item" export, and R/pandas data frames). Platform layouts
//! (问卷星 matrix sub-columns, Qualtrics' three header rows, …) are not yet recognised.

pub mod scales;

use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

use super::read::{read_table, RawTable, ReadOptions, ROW_COL};
use crate::error::InputError;
use crate::model::InputSummary;

/// What the user told us about a survey.
#[derive(Debug, Clone, Default)]
pub struct SurveyOptions {
    pub read: ReadOptions,
    /// `--scale MIN-MAX` for numeric items.
    pub scale: Option<(f64, f64)>,
    /// `--dimension NAME=ITEM,ITEM,…` (ITEM is a column header).
    pub dimensions: Vec<(String, Vec<String>)>,
    /// `--reverse ITEM,…`.
    pub reverse: Vec<String>,
    /// `--group COLUMN`: breakdowns (department, tier, wave).
    pub groups: Vec<String>,
    /// `--min-group N`: smaller groups are suppressed (default 5).
    pub min_group: Option<usize>,
}

/// One rating item.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The column header.
    pub code: String,
    /// The question text (the header, for plain layouts).
    pub text: String,
    pub min: f64,
    pub max: f64,
    /// Level labels, lowest first, when the answers were labels.
    pub labels: Vec<String>,
    /// One value per respondent (`None`: no answer or "no opinion").
    pub values: Vec<Option<f64>>,
    /// "Don't know"/不适用 answers.
    pub not_applicable: usize,
    /// Answers outside the scale or not a level of it (not scored).
    pub invalid: usize,
    pub reversed: bool,
}

/// A group of items scored together.
#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub name: String,
    pub items: Vec<String>,
    pub reversed: Vec<String>,
}

/// A questionnaire, ready for analysis.
#[derive(Debug, Clone)]
pub struct Survey {
    pub respondents: usize,
    pub items: Vec<Item>,
    pub dimensions: Vec<Dimension>,
    /// Columns left out because they identify people.
    pub personal: Vec<String>,
    /// `--group` columns: header → one value per respondent.
    pub groups: Vec<(String, Vec<Option<String>>)>,
    /// Groups with fewer respondents are suppressed.
    pub min_group: usize,
}

/// Header words of columns that identify people.
const PERSONAL: &[&str] = &[
    "ip",
    "ipaddress",
    "来自ip",
    "email",
    "emailaddress",
    "e-mail",
    "邮箱",
    "电子邮件",
    "phone",
    "mobile",
    "电话",
    "手机",
    "手机号",
    "name",
    "firstname",
    "lastname",
    "姓名",
    "nickname",
    "昵称",
    "用户标识",
    "recipientemail",
    "recipientfirstname",
    "recipientlastname",
];

fn is_personal(header: &str) -> bool {
    let n: String = header
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect();
    PERSONAL.contains(&n.as_str())
}

fn text_values(raw: &RawTable, name: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(raw
        .df
        .column(name)?
        .str()?
        .iter()
        .map(|v| {
            v.map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && !scales::is_missing(s))
        })
        .collect())
}

/// A column as a numeric item, if its answers are numbers on a small integer scale (or
/// within `--scale`).
fn numeric_item(
    code: &str,
    vals: &[Option<String>],
    scale: Option<(f64, f64)>,
    listed: bool,
) -> Option<Item> {
    let answered: Vec<&String> = vals.iter().flatten().collect();
    let na = answered
        .iter()
        .filter(|a| scales::is_not_applicable(a))
        .count();
    let nums: Vec<f64> = answered
        .iter()
        .filter_map(|a| a.parse::<f64>().ok())
        .collect();
    if nums.is_empty() || nums.len() + na < answered.len() * 9 / 10 {
        return None;
    }
    // Checkbox columns (1 or 0/1) are not ratings unless the user lists them.
    let mut distinct: Vec<i64> = nums.iter().map(|x| (x * 1000.0) as i64).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if !listed && distinct.len() < 3 {
        return None;
    }
    let (min, max) = match scale {
        Some(s) => s,
        None => {
            if nums.iter().any(|x| x.fract() != 0.0) {
                return None;
            }
            let lo = nums.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = nums.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if lo < 0.0 || hi > 10.0 {
                return None;
            }
            match (lo, hi) {
                (l, h) if l >= 1.0 && h <= 5.0 => (1.0, 5.0),
                (l, h) if l >= 1.0 && h <= 7.0 => (1.0, 7.0),
                _ => (0.0, 10.0),
            }
        }
    };
    let mut invalid = 0;
    let values = vals
        .iter()
        .map(|v| {
            let s = v.as_deref()?;
            let x = s.parse::<f64>().ok();
            match x {
                Some(x) if x >= min && x <= max => Some(x),
                _ => {
                    if !scales::is_not_applicable(s) {
                        invalid += 1;
                    }
                    None
                }
            }
        })
        .collect();
    Some(Item {
        code: code.into(),
        text: code.into(),
        min,
        max,
        labels: Vec::new(),
        values,
        not_applicable: na,
        invalid,
        reversed: false,
    })
}

/// A column as a labelled Likert item, if every answer is a level of a built-in label
/// set (or "no opinion").
fn label_item(code: &str, vals: &[Option<String>]) -> Option<Item> {
    let set = scales::find_label_set(vals.iter().flatten().map(String::as_str))?;
    let mut na = 0;
    let values = vals
        .iter()
        .map(|v| {
            let s = v.as_deref()?;
            if scales::is_not_applicable(s) {
                na += 1;
                return None;
            }
            scales::level(set, s)
        })
        .collect();
    Some(Item {
        code: code.into(),
        text: code.into(),
        min: 1.0,
        max: set.levels.len() as f64,
        labels: set.levels.iter().map(|s| s.to_string()).collect(),
        values,
        not_applicable: na,
        invalid: 0,
        reversed: false,
    })
}

/// The question number of a numbered sub-question header: `3.1. The City …` → `3`
/// (also `3.1 …`, `3-1`, `Q3_1`).
fn matrix_prefix(header: &str) -> Option<String> {
    let h = header.trim().trim_start_matches(['Q', 'q']);
    let digits: String = h.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let rest = &h[digits.len()..];
    let sep = rest.chars().next()?;
    if !matches!(sep, '.' | '_' | '-') {
        return None;
    }
    rest[1..]
        .chars()
        .next()
        .filter(char::is_ascii_digit)
        .map(|_| digits)
}

/// Without `--dimension`, each matrix question (labelled sub-questions sharing a
/// question number and a scale) becomes a dimension named after the question.
fn matrix_dimensions(items: &[Item]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, usize, Vec<String>)> = Vec::new();
    for it in items.iter().filter(|i| !i.labels.is_empty()) {
        let Some(prefix) = matrix_prefix(&it.code) else {
            continue;
        };
        let levels = it.labels.len();
        match groups
            .iter_mut()
            .find(|(p, l, _)| *p == prefix && *l == levels)
        {
            Some(g) => g.2.push(it.code.clone()),
            None => groups.push((prefix, levels, vec![it.code.clone()])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, _, members)| members.len() >= 2)
        .map(|(p, _, members)| (format!("Q{p}"), members))
        .collect()
}

/// The survey platform whose export these headers look like, if any.
pub fn survey_platform(headers: &[String]) -> Option<&'static str> {
    let has = |h: &str| headers.iter().any(|x| x.trim() == h);
    let numbered = headers
        .iter()
        .filter(|h| {
            let t = h.trim_start();
            t.chars().next().is_some_and(|c| c.is_ascii_digit())
                && (t.contains('、') || t.contains('.') || t.starts_with("Q"))
        })
        .count();
    if has("提交答卷时间") || (has("所用时间") && has("来源")) {
        Some("问卷星 (wjx)")
    } else if has("开始答题时间") || has("答题时长") {
        Some("腾讯问卷")
    } else if has("ResponseId") || has("ResponseID") {
        Some("Qualtrics")
    } else if has("Respondent ID") && has("Collector ID") {
        Some("SurveyMonkey")
    } else if has("Completion time") && has("Start time") {
        Some("Microsoft Forms")
    } else if has("submitdate") && has("lastpage") {
        Some("LimeSurvey")
    } else if has("Timestamp") && numbered * 2 >= headers.len().max(1) {
        Some("Google Forms")
    } else if numbered >= 3 && numbered * 2 >= headers.len() {
        Some("a questionnaire")
    } else {
        None
    }
}

/// Reads a survey export.
pub fn load(path: &Path, opts: &SurveyOptions) -> Result<(Survey, InputSummary), InputError> {
    let raw = read_table(path, &opts.read)?;
    let shown = path.display().to_string();
    let data_err = |source| InputError::Data {
        path: shown.clone(),
        source,
    };
    let listed: Vec<&String> = opts
        .dimensions
        .iter()
        .flat_map(|(_, items)| items)
        .collect();
    for name in listed
        .iter()
        .copied()
        .chain(&opts.reverse)
        .chain(&opts.groups)
    {
        if !raw.headers.iter().any(|h| h == name) {
            return Err(InputError::BadMapping {
                path: shown.clone(),
                role: "item".into(),
                header: name.clone(),
                headers: raw.headers.clone(),
            });
        }
    }
    let mut items = Vec::new();
    let mut personal = Vec::new();
    let names: Vec<String> = raw
        .df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (header, name) in raw.headers.iter().zip(&names) {
        if name == ROW_COL {
            continue;
        }
        if is_personal(header) {
            personal.push(header.clone());
            continue;
        }
        let vals = text_values(&raw, name).map_err(data_err)?;
        let in_dimension = listed.contains(&header);
        // With dimensions given, numeric columns outside them are attributes (gender,
        // age), not items.
        let numeric_ok = opts.dimensions.is_empty() || in_dimension;
        let item = label_item(header, &vals).or_else(|| {
            numeric_ok
                .then(|| numeric_item(header, &vals, opts.scale, in_dimension))
                .flatten()
        });
        if let Some(mut item) = item {
            item.reversed = opts.reverse.iter().any(|r| r == header);
            items.push(item);
        }
    }
    let given: Vec<(String, Vec<String>)> = if opts.dimensions.is_empty() {
        matrix_dimensions(&items)
    } else {
        opts.dimensions.clone()
    };
    let dimensions = given
        .iter()
        .map(|(name, members)| Dimension {
            name: name.clone(),
            items: members.clone(),
            reversed: members
                .iter()
                .filter(|m| opts.reverse.contains(m))
                .cloned()
                .collect(),
        })
        .collect();
    let respondents = raw.df.height();
    let mut groups = Vec::new();
    for g in &opts.groups {
        let name = raw
            .headers
            .iter()
            .zip(&names)
            .find(|(h, _)| *h == g)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| g.clone());
        groups.push((g.clone(), text_values(&raw, &name).map_err(data_err)?));
    }
    let summary = InputSummary {
        path: shown,
        kind: "survey",
        format: raw.format.clone(),
        encoding: raw.encoding.clone(),
        sheet: raw.sheet.clone(),
        other_sheets: raw.other_sheets.clone(),
        shape: "plain",
        header_row: raw.header_row,
        rows_read: respondents,
        blank_rows: 0,
        rows_used: respondents,
        rows_rejected: 0,
        rejections: Vec::new(),
        rejection_reasons: Default::default(),
        columns: Default::default(),
        timestamp_formats: Default::default(),
        time_offsets: Default::default(),
    };
    Ok((
        Survey {
            respondents,
            items,
            dimensions,
            personal,
            groups,
            min_group: opts.min_group.unwrap_or(5),
        },
        summary,
    ))
}
