//! Bottleneck chart: each ranked stage's share of all waiting time (transition time on
//! single-timestamp logs) as a horizontal bar, largest first, with the percentage at
//! the end of each bar.

use anyhow::Result;

use super::hbar::{self, Bar, HBars, Series};
use super::{message_chart, RED};
use crate::analysis::Bottleneck;
use crate::report::format::pct;
use crate::report::i18n::{chart_text, Lang};

/// At most this many bottlenecks are drawn (the table lists all).
pub const MAX_BARS: usize = 10;

/// The wait-share chart of the first [`MAX_BARS`] bottlenecks.
pub fn wait_share_chart(bottlenecks: &[Bottleneck], single: bool, lang: Lang) -> Result<String> {
    let text = chart_text(lang);
    if bottlenecks.is_empty() {
        return message_chart(text.no_data);
    }
    let bars: Vec<Bar> = bottlenecks
        .iter()
        .take(MAX_BARS)
        .map(|b| Bar {
            label: b.stage.clone(),
            values: vec![b.wait_share],
            note: Some(pct(b.wait_share)),
        })
        .collect();
    let title = if single {
        text.share_of_transition
    } else {
        text.share_of_waiting
    };
    let series = [Series {
        name: title.to_owned(),
        color: RED,
    }];
    hbar::draw(&HBars {
        bars: &bars,
        series: &series,
        x_desc: title,
        x_format: &|x| format!("{:.0}%", x * 100.0),
        tip_format: &|x| format!("{:.1}%", x * 100.0),
    })
}
