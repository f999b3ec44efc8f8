//! Bottleneck chart: each ranked stage's share of all waiting time (transition time on
//! single-timestamp logs) as a horizontal bar, largest first, with the percentage at
//! the end of each bar, and the stages not drawn as one last bar.

use anyhow::Result;

use super::hbar::{self, Bar, HBars, Series};
use super::{message_chart, RED};
use crate::analysis::Bottleneck;
use crate::report::format::pct;
use crate::report::i18n::{chart_text, Lang};

/// The wait-share chart of `bottlenecks` and, when `rest` is given, one bar for the
/// others (how many, their share together).
pub fn wait_share_chart(
    bottlenecks: &[Bottleneck],
    rest: Option<(usize, f64)>,
    single: bool,
    lang: Lang,
) -> Result<String> {
    let text = chart_text(lang);
    if bottlenecks.is_empty() {
        return message_chart(text.no_data);
    }
    let mut bars: Vec<Bar> = bottlenecks
        .iter()
        .map(|b| Bar {
            label: b.stage.clone(),
            values: vec![b.wait_share],
            note: Some(pct(b.wait_share)),
        })
        .collect();
    if let Some((n, share)) = rest {
        let rest = crate::analysis::rank::Rest {
            stages: n,
            ..Default::default()
        };
        bars.push(Bar {
            label: super::stage_time::other_stages(rest, lang),
            values: vec![share],
            note: Some(pct(share)),
        });
    }
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
