//! Bar charts of the survey section drawn with the shared horizontal bars: the options
//! of a multi-select question (share of those who answered), and NPS items as
//! detractors / passives / promoters stacked to 100% with the score at the end.

use anyhow::Result;

use super::hbar::{self, Bar, HBars, Series};
use super::{message_chart, BLUE, GREY, RED};
use crate::analysis::survey::{ItemResult, MultiResult};

/// Options of a multi-select question, most chosen first.
pub fn multi_chart(m: &MultiResult, x_desc: &str, no_data: &str) -> Result<String> {
    if m.options.is_empty() || m.n == 0 {
        return message_chart(no_data);
    }
    let bars: Vec<Bar> = m
        .options
        .iter()
        .map(|o| Bar {
            label: o.option.clone(),
            values: vec![o.share * 100.0],
            note: Some(format!("{} ({:.0}%)", o.count, o.share * 100.0)),
        })
        .collect();
    hbar::draw(&HBars {
        bars: &bars,
        series: &[Series {
            name: String::new(),
            color: BLUE,
        }],
        x_desc,
        x_format: &|x| format!("{x:.0}%"),
        tip_format: &|x| format!("{x:.1}%"),
    })
}

/// NPS items: detractors, passives and promoters as shares, the NPS as the note.
/// `names` are the three series' names in the report's language.
pub fn nps_chart(items: &[ItemResult], names: [&str; 3], x_desc: &str) -> Result<Option<String>> {
    let bars: Vec<Bar> = items
        .iter()
        .filter_map(|i| {
            let n = i.nps?;
            Some(Bar {
                label: i.text.clone(),
                values: vec![
                    n.detractors * 100.0,
                    n.passives * 100.0,
                    n.promoters * 100.0,
                ],
                note: Some(format!("NPS {:+.1}", n.nps)),
            })
        })
        .collect();
    if bars.is_empty() {
        return Ok(None);
    }
    let series = [
        Series {
            name: names[0].to_string(),
            color: RED,
        },
        Series {
            name: names[1].to_string(),
            color: GREY,
        },
        Series {
            name: names[2].to_string(),
            color: BLUE,
        },
    ];
    Ok(Some(hbar::draw(&HBars {
        bars: &bars,
        series: &series,
        x_desc,
        x_format: &|x| format!("{x:.0}%"),
        tip_format: &|x| format!("{x:.1}%"),
    })?))
}
