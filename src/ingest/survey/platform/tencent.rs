//! 腾讯问卷 (wj.qq.com): one header row `编号, 开始答题时间, 结束答题时间, 答题时长,
//! 地理位置国家和地区, 地理位置省, 地理位置市, 自定义字段` (newer exports add 用户类型,
//! 用户标识, 昵称, IP, UA, Referrer, 清洗数据结果, …), then `1.题干`. Multi-select
//! questions and matrices have one column per option or row, `21.题干:选项`; fill-in
//! blanks are `3.题干_填空3`. Exports often end with an empty column.

use super::{
    common_meta, first_row, has_all, numbered_columns, shared_stem, Detected, Layout, Platform,
    Role,
};
use crate::ingest::read::Grid;

pub struct Tencent;

impl Platform for Tencent {
    fn id(&self) -> &'static str {
        "tencent"
    }
    fn name(&self) -> &'static str {
        "腾讯问卷"
    }
    fn detect(&self, head: &[Vec<String>]) -> Option<Detected> {
        first_row(head, 90, |r| {
            has_all(r, &["编号", "开始答题时间"])
                || has_all(r, &["编号", "结束答题时间"])
                || has_all(r, &["编号", "答题时长"])
        })
    }
    fn layout(&self, grid: &Grid, header_row: usize) -> Layout {
        let headers = &grid.rows[header_row];
        let mut columns = numbered_columns(headers, common_meta, |rests| {
            // The stem shared by the `题干:选项` members (fill-ins `题干_填空1` have none).
            let with_colon: Vec<&str> = rests
                .iter()
                .copied()
                .filter(|r| r.contains([':', '：']))
                .collect();
            let stem = if with_colon.len() >= 2 {
                shared_stem(&with_colon, &[':', '：'])
            } else {
                with_colon.first().and_then(|r| {
                    r.rfind([':', '：'])
                        .map(|i| &r[..i + r[i..].chars().next().map_or(1, char::len_utf8)])
                })
            };
            rests
                .iter()
                .map(|r| match stem {
                    Some(st) if r.starts_with(st) => (
                        Some(st.trim_end_matches([':', '：']).to_string()),
                        r[st.len()..].to_string(),
                    ),
                    _ => (None, r.to_string()),
                })
                .collect()
        });
        for c in &mut columns {
            if let Some(pos) = c.text.rfind("_填空") {
                if c.text[pos + "_填空".len()..]
                    .chars()
                    .all(|ch| ch.is_ascii_digit())
                {
                    c.role = Role::OtherText;
                }
            }
        }
        Layout {
            platform: self.name(),
            header_row,
            data_start: header_row + 1,
            columns,
            multi_separators: &["┋", "|"],
            skipped_markers: &[],
            date_order: None,
        }
    }
}
