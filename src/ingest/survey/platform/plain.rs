//! The plain layout: one header row, one column per question, one row per respondent
//! (any platform's "one column per item" export, a hand-made sheet, an R or pandas data
//! frame). Numbered sub-questions (`3.1. …`, `3.2. …`, `Q3_1`) belong to question 3.
//! The fallback when no platform claims a file.

use super::{common_meta, Column, Detected, Layout, Platform, Role};
use crate::ingest::read::Grid;

pub struct Plain;

/// The question number of a numbered sub-question header: `3.1. The City …` → `3`
/// (also `3.1 …`, `3-1`, `Q3_1`).
pub fn matrix_prefix(header: &str) -> Option<String> {
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

/// The label after a `3.1.` / `Q3_1` number (the whole header when nothing follows).
fn sub_label(header: &str) -> String {
    let t = header.trim();
    let rest = t
        .trim_start_matches(['Q', 'q'])
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        .trim();
    if rest.is_empty() {
        t.to_string()
    } else {
        rest.to_string()
    }
}

impl Platform for Plain {
    fn id(&self) -> &'static str {
        "plain"
    }
    fn name(&self) -> &'static str {
        "plain"
    }
    fn detect(&self, head: &[Vec<String>]) -> Option<Detected> {
        head.iter()
            .position(|r| r.iter().filter(|c| !c.trim().is_empty()).count() >= 2)
            .map(|header_row| Detected {
                score: 1,
                header_row,
            })
    }
    fn layout(&self, grid: &Grid, header_row: usize) -> Layout {
        let columns = grid.rows[header_row]
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let role = common_meta(h);
                let question = matrix_prefix(h).map(|p| format!("Q{p}"));
                // `1.3. Signed a petition` → row or option label `Signed a petition`.
                let sub = question.as_ref().map(|_| sub_label(h));
                Column {
                    index: i,
                    header: h.clone(),
                    code: h.trim().to_string(),
                    text: h.trim().to_string(),
                    question,
                    stem: None,
                    sub,
                    role: role.unwrap_or(Role::Answer),
                }
            })
            .collect();
        Layout {
            platform: "plain",
            header_row,
            data_start: header_row + 1,
            columns,
            multi_separators: crate::ingest::survey::values::GENERIC_SEPARATORS,
            skipped_markers: &["(跳过)"],
            date_order: None,
        }
    }
}
