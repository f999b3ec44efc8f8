//! 问卷星 (wjx.cn): one header row `序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP`
//! (extra columns such as 总分 may appear), then `1、题干`. Matrix rows and the option
//! columns of 按序号 exports are sub-columns `3、(审批环节)` or, in older exports,
//! `第3题(审批环节)`; 按文本 exports join multi-select options with `┋` and write the
//! text of an "other" option as `其他〖…〗`; skipped questions are `(跳过)` (text) or
//! `-2`/`-3` (codes), blank ones `(空)`; 所用时间 is `137秒`.

use super::{
    common_meta, first_row, has_all, numbered_columns, trailing_paren, Column, Detected, Layout,
    Platform, Role,
};
use crate::ingest::read::Grid;

pub struct Wjx;

fn meta(header: &str) -> Option<Role> {
    match super::norm(header).as_str() {
        "来自ip" => Some(Role::Personal),
        _ => common_meta(header),
    }
}

/// `第3题(流程效率)` → `3、(流程效率)`, so both generations read alike.
fn modern(header: &str) -> String {
    let t = header.trim();
    if let Some(rest) = t.strip_prefix('第') {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Some(after) = rest[digits.len()..].strip_prefix('题') {
            if !digits.is_empty() {
                return format!("{digits}、{after}");
            }
        }
    }
    t.to_string()
}

impl Platform for Wjx {
    fn id(&self) -> &'static str {
        "wjx"
    }
    fn name(&self) -> &'static str {
        "问卷星 (wjx)"
    }
    fn detect(&self, head: &[Vec<String>]) -> Option<Detected> {
        first_row(head, 90, |r| {
            has_all(r, &["提交答卷时间"])
                || has_all(r, &["所用时间", "来源"])
                || has_all(r, &["序号", "来自IP"])
        })
    }
    fn layout(&self, grid: &Grid, header_row: usize) -> Layout {
        let headers: Vec<String> = grid.rows[header_row].iter().map(|h| modern(h)).collect();
        let mut columns: Vec<Column> = numbered_columns(&headers, meta, |rests| {
            rests
                .iter()
                .map(|r| match trailing_paren(r) {
                    Some((stem, sub)) => (Some(stem.to_string()), sub.to_string()),
                    None => (None, r.to_string()),
                })
                .collect()
        });
        for c in &mut columns {
            c.header = grid.rows[header_row][c.index].clone();
        }
        Layout {
            platform: self.name(),
            header_row,
            data_start: header_row + 1,
            columns,
            multi_separators: &["┋"],
            skipped_markers: &["(跳过)", "-2", "-3"],
            date_order: None,
        }
    }
}
