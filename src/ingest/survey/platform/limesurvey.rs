//! LimeSurvey (CSV/XLS export of responses): one header row of question codes
//! (`Q1`, array rows `Q2[SQ001]`, multiple-choice options `Q3[SQ001]` holding `Y` when
//! ticked, `Q3[other]`, `[comment]`), optionally followed by the question text
//! ("code + text" headings: `Q2[SQ001]. How …`). Metadata: `id, submitdate, lastpage,
//! startlanguage, seed, startdate, datestamp, ipaddr, refurl`. With "answer codes",
//! answers are short codes (`A1`…`A5`, `AO01`…) whose number is the level.

use super::{common_meta, first_row, has_all, Column, Detected, Layout, Platform, Role};
use crate::ingest::read::Grid;

pub struct LimeSurvey;

fn meta(code: &str) -> Option<Role> {
    let n = super::norm(code);
    match n.as_str() {
        "ipaddr" | "token" | "email" | "firstname" | "lastname" => Some(Role::Personal),
        "id" => Some(Role::Id),
        "submitdate" => Some(Role::Submitted),
        "startdate" => Some(Role::Started),
        "interviewtime" => Some(Role::Duration),
        _ if n.ends_with("time") && n.len() > 4 && !code.contains('[') => Some(Role::Derived),
        _ => common_meta(code),
    }
}

/// `Q2[SQ001][comment]. Text` → (`Q2`, [`SQ001`, `comment`], `Text`).
fn parse(header: &str) -> Option<(&str, Vec<&str>, &str)> {
    let t = header.trim();
    let code_end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(t.len(), |(i, _)| i);
    if code_end == 0 || !t.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let (code, mut rest) = t.split_at(code_end);
    let mut subs = Vec::new();
    while let Some(r) = rest.strip_prefix('[') {
        let close = r.find(']')?;
        subs.push(&r[..close]);
        rest = &r[close + 1..];
    }
    let text = rest.trim_start_matches(['.', ':', ' ']).trim();
    Some((code, subs, text))
}

impl Platform for LimeSurvey {
    fn id(&self) -> &'static str {
        "limesurvey"
    }
    fn name(&self) -> &'static str {
        "LimeSurvey"
    }
    fn detect(&self, head: &[Vec<String>]) -> Option<Detected> {
        first_row(head, 95, |r| {
            has_all(r, &["id", "submitdate"])
                && (has_all(r, &["lastpage"]) || has_all(r, &["startlanguage"]))
        })
        .or_else(|| {
            first_row(head, 60, |r| {
                has_all(r, &["id"])
                    && r.iter()
                        .filter(|h| parse(h).is_some_and(|(_, s, _)| !s.is_empty()))
                        .count()
                        >= 2
            })
        })
    }
    fn layout(&self, grid: &Grid, header_row: usize) -> Layout {
        let mut columns = Vec::new();
        for (i, h) in grid.rows[header_row].iter().enumerate() {
            if let Some(role) = meta(h) {
                columns.push(super::column(i, h, h.trim().to_string(), Some(role)));
                continue;
            }
            let Some((code, subs, text)) = parse(h) else {
                columns.push(super::column(i, h, h.trim().to_string(), None));
                continue;
            };
            let last = subs.last().map(|s| s.to_lowercase());
            let role = match last.as_deref() {
                Some("other") | Some("comment") => Role::OtherText,
                _ => Role::Answer,
            };
            let full_code =
                code.to_string() + &subs.iter().map(|s| format!("[{s}]")).collect::<String>();
            let sub = subs.first().map(|s| s.to_string());
            columns.push(Column {
                index: i,
                header: h.clone(),
                code: full_code.clone(),
                text: if text.is_empty() {
                    full_code
                } else {
                    text.to_string()
                },
                question: Some(code.to_string()),
                stem: None,
                sub,
                role,
            });
        }
        Layout {
            platform: self.name(),
            header_row,
            data_start: header_row + 1,
            columns,
            multi_separators: &[],
            skipped_markers: &[],
            date_order: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_with_subquestions() {
        assert_eq!(parse("Q2[SQ001]"), Some(("Q2", vec!["SQ001"], "")));
        assert_eq!(
            parse("Q2[SQ001][comment]. How"),
            Some(("Q2", vec!["SQ001", "comment"], "How"))
        );
        assert_eq!(parse("[x]"), None);
    }
}
