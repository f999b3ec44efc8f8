//! SurveyMonkey "All Responses Data" (CSV/XLSX): two header rows. The first holds the
//! question text (a blank cell continues the question to its left), the second the
//! sub-label: `Response`, `Open-Ended Response`, an option (multi-select: the cell holds
//! the option's text when ticked) or a matrix row. Fixed metadata first: `Respondent
//! ID, Collector ID, Start Date, End Date, IP Address, Email Address, First Name, Last
//! Name, Custom Data 1`. XLSX dates are Excel serial numbers.

use super::{common_meta, first_row, has_all, Column, Detected, Layout, Platform, Role};
use crate::ingest::read::Grid;

pub struct SurveyMonkey;

fn meta(header: &str) -> Option<Role> {
    match super::norm(header).as_str() {
        "ipaddress" | "emailaddress" | "firstname" | "lastname" => Some(Role::Personal),
        "startdate" => Some(Role::Started),
        "enddate" => Some(Role::Submitted),
        _ => common_meta(header),
    }
}

impl Platform for SurveyMonkey {
    fn id(&self) -> &'static str {
        "surveymonkey"
    }
    fn name(&self) -> &'static str {
        "SurveyMonkey"
    }
    fn detect(&self, head: &[Vec<String>]) -> Option<Detected> {
        first_row(head, 95, |r| has_all(r, &["Respondent ID", "Collector ID"])).or_else(|| {
            // Re-published exports keep the two header rows but may drop the collector
            // (FiveThirtyEight's `RespondentID`, then `Response` under each question).
            let at = head.iter().position(|r| has_all(r, &["Respondent ID"]))?;
            let subs = head.get(at + 1)?;
            let responses = subs
                .iter()
                .filter(|s| matches!(s.trim(), "Response" | "Open-Ended Response"))
                .count();
            (responses >= 2).then_some(Detected {
                score: 90,
                header_row: at,
            })
        })
    }
    fn layout(&self, grid: &Grid, header_row: usize) -> Layout {
        let top = &grid.rows[header_row];
        let subs = grid.rows.get(header_row + 1).cloned().unwrap_or_default();
        let width = top.len().max(subs.len());
        // Question spans: a non-blank top cell starts one, blank cells continue it.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for i in 0..width {
            let t = top.get(i).map_or("", |s| s.trim());
            if !t.is_empty() || spans.is_empty() {
                spans.push((i, i + 1));
            } else if let Some(last) = spans.last_mut() {
                last.1 = i + 1;
            }
        }
        let mut columns = Vec::new();
        let mut k = 0;
        for (a, b) in spans {
            let q = top.get(a).map_or("", |s| s.trim()).to_string();
            if let Some(role) = meta(&q) {
                columns.push(super::column(a, &q, q.clone(), Some(role)));
                continue;
            }
            k += 1;
            let sub_at = |i: usize| subs.get(i).map_or("", |s| s.trim()).to_string();
            if b - a == 1 {
                let s = sub_at(a);
                let plain = s.is_empty() || s == "Response" || s == "Open-Ended Response";
                columns.push(Column {
                    index: a,
                    header: q.clone(),
                    code: format!("Q{k}"),
                    text: if plain {
                        q.clone()
                    } else {
                        format!("{q} - {s}")
                    },
                    question: Some(format!("Q{k}")),
                    stem: Some(q.clone()),
                    sub: (!plain).then_some(s),
                    role: Role::Answer,
                });
                continue;
            }
            for (n, i) in (a..b).enumerate() {
                let s = sub_at(i);
                let other = s.to_lowercase().starts_with("other") || s == "Open-Ended Response";
                columns.push(Column {
                    index: i,
                    header: q.clone(),
                    code: format!("Q{k}_{}", n + 1),
                    text: format!("{q} - {s}"),
                    question: Some(format!("Q{k}")),
                    stem: Some(q.clone()),
                    sub: Some(s),
                    role: if other { Role::OtherText } else { Role::Answer },
                });
            }
        }
        Layout {
            platform: self.name(),
            header_row,
            data_start: header_row + 2,
            columns,
            multi_separators: &[],
            skipped_markers: &[],
            date_order: Some(crate::ingest::time::DateOrder::Mdy),
        }
    }
}
