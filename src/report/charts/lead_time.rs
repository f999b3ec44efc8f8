//! Lead-time distribution: the equal-width bins of `lead_time_histogram` as vertical
//! bars on a time axis. The last bin collects every case from its lower edge on (the
//! tail above the 95th percentile); it is drawn one bin wide in grey and labelled
//! "≥ x".

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{message_chart, text_style, BLUE, GREY, WIDTH};
use crate::analysis::HistogramBin;
use crate::report::format::Unit;
use crate::report::i18n::{chart_text, Lang};

/// Height of the chart in pixels.
const HEIGHT: u32 = 320;

/// The lower edge of the tail bar, when the histogram has one (two or more bins).
pub fn tail_from(bins: &[HistogramBin]) -> Option<f64> {
    match bins {
        [_, .., last] => Some(last.from),
        _ => None,
    }
}

/// Width of a regular bin in hours (the first bin's), at least a little above 0.
fn bin_width(bins: &[HistogramBin]) -> f64 {
    bins.first()
        .map(|b| b.to - b.from)
        .filter(|w| w.is_finite() && *w > 0.0)
        .unwrap_or(1.0)
}

/// The histogram chart.
pub fn lead_time_chart(bins: &[HistogramBin], lang: Lang) -> Result<String> {
    let text = chart_text(lang);
    let Some(last) = bins.last() else {
        return message_chart(text.no_data);
    };
    let width_h = bin_width(bins);
    let unit = Unit::for_hours(last.from + width_h);
    let width = unit.scale(width_h);
    let x_max = unit.scale(last.from) + width;
    // plotters asserts on NaN axis ranges: never hand it one.
    if !(x_max.is_finite() && x_max > 0.0 && width.is_finite()) {
        return message_chart(text.no_data);
    }
    let most = bins.iter().map(|b| b.cases).max().unwrap_or(0);
    // Room above the tallest bar for the "≥ x" label.
    let y_top = u32::try_from(most.saturating_add(most / 8).saturating_add(1)).unwrap_or(u32::MAX);
    let tail = tail_from(bins);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(24)
            .x_label_area_size(48)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..x_max, 0u32..y_top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|x| unit.tick(*x, lang))
            .x_desc(text.lead_time)
            .y_desc(text.cases)
            .label_style(text_style())
            .axis_desc_style(text_style())
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()?;
        let n = bins.len();
        chart.draw_series(bins.iter().enumerate().map(|(i, b)| {
            let from = unit.scale(b.from);
            let cases = u32::try_from(b.cases).unwrap_or(u32::MAX);
            let color = if tail.is_some() && i + 1 == n {
                GREY
            } else {
                BLUE
            };
            let mut rect = Rectangle::new([(from, 0), (from + width, cases)], color.filled());
            rect.set_margin(0, 0, 1, 1);
            rect
        }))?;
        if tail.is_some() {
            let label = format!("≥ {}", unit.tick(unit.scale(last.from), lang));
            let at = (
                unit.scale(last.from) + width / 2.0,
                u32::try_from(last.cases).unwrap_or(0),
            );
            let style = text_style().pos(Pos::new(HPos::Center, VPos::Bottom));
            chart.draw_series(std::iter::once(Text::new(label, at, style)))?;
        }
        root.present()?;
    }
    Ok(svg)
}
