//! Microsoft Forms (xlsx only): one header row `ID, Start time, Completion time, Email,
//! Name` (newer: `Last modified time`), then one column per question by its text (a
//! Likert question: one column per statement). Quizzes add `Total points`, `Quiz
//! feedback` and `Points - Q`, `Feedback - Q` per question. Multi-select answers are
//! `A;B;` with a trailing semicolon. Chinese exports say 开始时间 / 完成时间 / 电子邮件 /
//! 名称.

use super::{common_meta, first_row, has_all, Detected, Layout, Platform, Role};
use crate::ingest::read::Grid;

pub struct MsForms;

fn meta(header: &str) -> Option<Role> {
    let t = header.trim();
    if t.starts_with("Points - ") || t.starts_with("Feedback - ") {
        return Some(Role::Derived);
    }
    match super::norm(t).as_str() {
        "email" | "name" | "电子邮件" | "名称" => Some(Role::Personal),
        _ => common_meta(t),
    }
}

impl Platform for MsForms {
    fn id(&self) -> &'static str {
        "msforms"
    }
    fn name(&self) -> &'static str {
        "Microsoft Forms"
    }
    fn detect(&self, head: &[Vec<String>]) -> Option<Detected> {
        first_row(head, 85, |r| {
            has_all(r, &["ID", "Start time", "Completion time"])
                || has_all(r, &["ID", "开始时间", "完成时间"])
        })
    }
    fn layout(&self, grid: &Grid, header_row: usize) -> Layout {
        let columns = super::sequential_columns(&grid.rows[header_row], meta);
        Layout {
            platform: self.name(),
            header_row,
            data_start: header_row + 1,
            columns,
            multi_separators: &[";"],
            skipped_markers: &[],
            date_order: None,
        }
    }
}
