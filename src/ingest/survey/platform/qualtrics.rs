//! Qualtrics (CSV/TSV/XLSX): three header rows, field ids (`StartDate, EndDate, Status,
//! IPAddress, Progress, Duration (in seconds), Finished, RecordedDate, ResponseId,
//! Recipient…, ExternalReference, Location…, DistributionChannel, UserLanguage, Q1,
//! Q5_1…`), question texts (`Question - Row` for matrix rows) and `{"ImportId":"QID1"}`;
//! exports before 2017 have two (`V1…V10` ids, then texts). `_TEXT` columns hold the
//! text of "other" options, `_NPS_GROUP` is derived. Preview, test and spam responses
//! (`Status`) are not real responses.

use super::{common_meta, first_row, has_all, Column, Detected, Layout, Platform, Role};
use crate::ingest::read::Grid;
use crate::model::facts::RejectReason;

pub struct Qualtrics;

fn meta(code: &str, text: &str) -> Option<Role> {
    let n = super::norm(code);
    let by_text = super::norm(text);
    let key = if n.starts_with('v') && n[1..].chars().all(|c| c.is_ascii_digit()) {
        // Legacy exports: V1… ids, the meaning is in the text row.
        by_text.as_str()
    } else {
        n.as_str()
    };
    match key {
        "ipaddress"
        | "recipientlastname"
        | "recipientfirstname"
        | "recipientemail"
        | "externalreference"
        | "externaldatareference"
        | "locationlatitude"
        | "locationlongitude"
        | "name"
        | "emailaddress" => Some(Role::Personal),
        "responseid" => Some(Role::Id),
        "responseset" | "recordeddate" => Some(Role::Meta),
        _ => common_meta(key),
    }
}

/// `Q5_1` → `Q5`; `QID12_3` → `QID12`.
fn question_of(code: &str) -> Option<&str> {
    let (q, n) = code.rsplit_once('_')?;
    (!q.is_empty() && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then_some(q)
}

fn is_import_row(row: &[String]) -> bool {
    row.iter()
        .any(|c| c.starts_with("{\"ImportId\"") || c.starts_with("{'ImportId'"))
}

impl Platform for Qualtrics {
    fn id(&self) -> &'static str {
        "qualtrics"
    }
    fn name(&self) -> &'static str {
        "Qualtrics"
    }
    fn detect(&self, head: &[Vec<String>]) -> Option<Detected> {
        first_row(head, 95, |r| {
            has_all(r, &["ResponseId"])
                || has_all(r, &["StartDate", "EndDate", "Finished"])
                || (has_all(r, &["V1", "V2", "V3"]) && r.iter().any(|c| c.starts_with('Q')))
        })
    }
    fn layout(&self, grid: &Grid, header_row: usize) -> Layout {
        let codes = &grid.rows[header_row];
        let texts = grid.rows.get(header_row + 1).cloned().unwrap_or_default();
        let three = grid
            .rows
            .get(header_row + 2)
            .is_some_and(|r| is_import_row(r));
        let mut columns = Vec::new();
        for (i, code) in codes.iter().enumerate() {
            let code = code.trim();
            let text = texts.get(i).map_or("", |t| t.trim());
            if code.is_empty() && text.is_empty() {
                continue;
            }
            let upper = code.to_uppercase();
            let role = if upper.ends_with("_NPS_GROUP") {
                Role::Derived
            } else if upper.ends_with("_TEXT") {
                Role::OtherText
            } else {
                meta(code, text).unwrap_or(Role::Answer)
            };
            // `Q6_7_TEXT` is the "other" text of option 7 of Q6.
            let base = if role == Role::OtherText {
                code.get(..code.len() - "_TEXT".len()).and_then(question_of)
            } else if role == Role::Answer {
                question_of(code)
            } else {
                None
            };
            let question = base.map(str::to_string);
            let (stem, sub) = match (&question, text.rsplit_once(" - ")) {
                (Some(_), Some((s, r))) => (Some(s.trim().to_string()), Some(r.trim().to_string())),
                (Some(_), None) => (None, Some(text.to_string())),
                _ => (None, None),
            };
            // Legacy ids (V1…) say nothing; their text row names them.
            let legacy = code.len() > 1
                && code.starts_with('V')
                && code[1..].chars().all(|c| c.is_ascii_digit());
            columns.push(Column {
                index: i,
                header: if legacy && !text.is_empty() {
                    text.to_string()
                } else {
                    code.to_string()
                },
                code: code.to_string(),
                text: if text.is_empty() {
                    code.to_string()
                } else {
                    text.to_string()
                },
                question,
                stem,
                sub,
                role,
            });
        }
        Layout {
            platform: self.name(),
            header_row,
            data_start: header_row + if three { 3 } else { 2 },
            columns,
            multi_separators: &[","],
            skipped_markers: &[],
            date_order: None,
        }
    }
    fn reject(&self, layout: &Layout, row: &[String]) -> Option<RejectReason> {
        let status = layout.columns.iter().find(|c| c.role == Role::Status)?;
        let v = row.get(status.index)?.trim();
        match v.to_lowercase().as_str() {
            "survey preview" | "1" => Some(RejectReason::SurveyPreview),
            "survey test" | "2" => Some(RejectReason::SurveyTest),
            "spam" | "8" => Some(RejectReason::Spam),
            _ => None,
        }
    }
}
