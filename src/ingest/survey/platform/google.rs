//! Google Forms (CSV from the responses sheet): one header row, `Timestamp` first
//! (localised: 时间戳, 타임스탬프, Marca temporal, …), an optional `Email Address`, then
//! each question's full text. A grid (Likert matrix) has one column per row,
//! `Question [Row]`; checkbox answers are joined by `", "`; quizzes add `Score`.

use super::{column, common_meta, Detected, Layout, Platform, Role};
use crate::ingest::read::Grid;

pub struct GoogleForms;

const TIMESTAMP: &[&str] = &[
    "timestamp",
    "时间戳",
    "时间戳记",
    "타임스탬프",
    "marca temporal",
    "horodateur",
    "zeitstempel",
    "carimbo de data/hora",
    "informazioni cronologiche",
    "タイムスタンプ",
];

fn meta(header: &str) -> Option<Role> {
    let n = super::norm(header);
    if TIMESTAMP.iter().any(|t| super::norm(t) == n) {
        return Some(Role::Submitted);
    }
    match n.as_str() {
        "emailaddress" | "电子邮件地址" | "用户名" | "username" => Some(Role::Personal),
        "score" | "分数" => Some(Role::Derived),
        _ => common_meta(header),
    }
}

/// `Question [Row]` → (`Question`, `Row`).
fn grid_row(header: &str) -> Option<(&str, &str)> {
    let t = header.trim().strip_suffix(']')?;
    let open = t.rfind(" [")?;
    Some((t[..open].trim(), &t[open + 2..]))
}

impl Platform for GoogleForms {
    fn id(&self) -> &'static str {
        "google"
    }
    fn name(&self) -> &'static str {
        "Google Forms"
    }
    fn detect(&self, head: &[Vec<String>]) -> Option<Detected> {
        head.iter()
            .position(|r| {
                r.len() >= 2
                    && r.first()
                        .is_some_and(|h| TIMESTAMP.iter().any(|t| super::norm(t) == super::norm(h)))
            })
            .map(|header_row| Detected {
                score: 70,
                header_row,
            })
    }
    fn layout(&self, grid: &Grid, header_row: usize) -> Layout {
        let headers = &grid.rows[header_row];
        let mut columns = Vec::new();
        let mut k = 0;
        let mut i = 0;
        while i < headers.len() {
            let h = &headers[i];
            if let Some(role) = meta(h) {
                columns.push(column(i, h, h.trim().to_string(), Some(role)));
                i += 1;
                continue;
            }
            k += 1;
            let stem = grid_row(h).map(|(s, _)| s);
            let mut j = i + 1;
            while stem.is_some()
                && j < headers.len()
                && grid_row(&headers[j]).map(|(s, _)| s) == stem
            {
                j += 1;
            }
            if let (Some(stem), true) = (stem, j - i >= 2) {
                for (n, idx) in (i..j).enumerate() {
                    let sub = grid_row(&headers[idx]).map_or("", |(_, r)| r).to_string();
                    columns.push(super::Column {
                        index: idx,
                        header: headers[idx].clone(),
                        code: format!("Q{k}_{}", n + 1),
                        text: format!("{stem} - {sub}"),
                        question: Some(format!("Q{k}")),
                        stem: Some(stem.to_string()),
                        sub: Some(sub),
                        role: Role::Answer,
                    });
                }
                i = j;
            } else {
                columns.push(column(i, h, format!("Q{k}"), None));
                i += 1;
            }
        }
        Layout {
            platform: self.name(),
            header_row,
            data_start: header_row + 1,
            columns,
            multi_separators: &[", "],
            skipped_markers: &[],
            date_order: None,
        }
    }
}
