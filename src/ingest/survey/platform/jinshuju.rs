//! 金数据 (jinshuju): the data page's "导出到Excel" writes the visible columns, `序号`
//! and the form's fields by their titles, then 提交人, 提交时间, 修改时间, 填写时长
//! (and, when collected, 微信昵称, 微信OpenID, IP, 浏览器, 操作系统, 地理位置). Fields are
//! not numbered: each title is its column's question.

use super::{common_meta, count_of, first_row, has_all, Detected, Layout, Platform, Role};
use crate::ingest::read::Grid;

pub struct Jinshuju;

const MARKERS: &[&str] = &[
    "提交人",
    "提交时间",
    "修改时间",
    "填写时长",
    "微信昵称",
    "微信OpenID",
];

fn meta(header: &str) -> Option<Role> {
    match super::norm(header).as_str() {
        "提交人" | "微信昵称" | "微信openid" | "ip" | "ip地址" => Some(Role::Personal),
        "地理位置" | "来源渠道" => Some(Role::Meta),
        _ => common_meta(header),
    }
}

impl Platform for Jinshuju {
    fn id(&self) -> &'static str {
        "jinshuju"
    }
    fn name(&self) -> &'static str {
        "金数据 (jinshuju)"
    }
    fn detect(&self, head: &[Vec<String>]) -> Option<Detected> {
        first_row(head, 80, |r| {
            has_all(r, &["序号"]) && count_of(r, MARKERS) >= 2
        })
    }
    fn layout(&self, grid: &Grid, header_row: usize) -> Layout {
        let columns = super::sequential_columns(&grid.rows[header_row], meta);
        Layout {
            platform: self.name(),
            header_row,
            data_start: header_row + 1,
            columns,
            multi_separators: &["，", ",", "┋", "|"],
            skipped_markers: &[],
            date_order: None,
        }
    }
}
