//! Horizontal (optionally stacked) bar chart shared by the stage and bottleneck charts:
//! one row per category, top to bottom in the given order, the category name on the
//! left (truncated with "…"), an optional note at the end of each bar, a legend on top.
//!
//! Category labels are drawn by hand at the rows' pixel positions instead of through a
//! segmented axis, so one row, many rows and long names all lay out the same way.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{anchored, display_units, text_style, truncate_label, WIDTH};

/// Height of one bar row in pixels.
const ROW: u32 = 26;
/// Height of the legend strip (drawn only for two or more series).
const LEGEND: u32 = 28;
/// Height of the x axis with its labels and title.
const AXIS: u32 = 42;
/// Width reserved for category names.
const LABEL_AREA: u32 = 200;
/// Category names longer than this (half-width units) are truncated.
const LABEL_UNITS: usize = 26;
/// At most this many rows are drawn (callers cap lower; this bounds the pixel maths).
const MAX_ROWS: usize = 200;
/// Extra room right of the longest bar for its note, as a fraction of the longest bar.
const NOTE_ROOM: f64 = 0.15;

/// One stacked series (a colour in the legend).
pub struct Series {
    pub name: String,
    pub color: RGBColor,
}

/// One row: a category with one value per series (non-finite or negative values draw
/// nothing) and an optional note written after the bar.
pub struct Bar {
    pub label: String,
    pub values: Vec<f64>,
    pub note: Option<String>,
}

/// What to draw.
pub struct HBars<'a> {
    pub bars: &'a [Bar],
    pub series: &'a [Series],
    /// Title of the x axis.
    pub x_desc: &'a str,
    /// Formats an x tick.
    pub x_format: &'a dyn Fn(f64) -> String,
}

/// A value that can be drawn: finite and positive, else 0.
fn drawable(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// The right end of the x axis: the longest stacked bar plus room for notes (1 when
/// every bar is empty, so the axis never collapses).
pub fn x_max(bars: &[Bar]) -> f64 {
    let longest = bars
        .iter()
        .map(|b| b.values.iter().copied().map(drawable).sum::<f64>())
        .fold(0.0, f64::max);
    if longest > 0.0 {
        longest * (1.0 + NOTE_ROOM)
    } else {
        1.0
    }
}

/// Draws the chart (the first [`MAX_ROWS`] bars). Callers show a message instead of an
/// empty chart.
pub fn draw(spec: &HBars) -> Result<String> {
    let bars = &spec.bars[..spec.bars.len().min(MAX_ROWS)];
    let n = bars.len().max(1);
    let legend_height = if spec.series.len() > 1 { LEGEND } else { 6 };
    let height = legend_height + ROW * n as u32 + AXIS + 8;
    let x_max = x_max(bars);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let (legend, body) = root.split_vertically(legend_height);
        if spec.series.len() > 1 {
            draw_legend(&legend, spec.series)?;
        }
        let mut chart = ChartBuilder::on(&body)
            .margin_right(24)
            .margin_top(4)
            .x_label_area_size(AXIS)
            .y_label_area_size(LABEL_AREA)
            .build_cartesian_2d(0f64..x_max, 0f64..n as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(6)
            .x_label_formatter(&|x| (spec.x_format)(*x))
            .x_desc(spec.x_desc)
            .label_style(text_style())
            .axis_desc_style(text_style())
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()?;
        for (i, bar) in bars.iter().enumerate() {
            // Row 0 at the top: its band is [n − 1, n] on the y axis.
            let top = (n - i) as f64 - 0.18;
            let bottom = (n - i - 1) as f64 + 0.18;
            let centre = (n - i) as f64 - 0.5;
            let mut start = 0.0;
            for (value, series) in bar.values.iter().zip(spec.series) {
                let end = start + drawable(*value);
                if end > start {
                    let rect = Rectangle::new([(start, bottom), (end, top)], series.color.filled());
                    chart.draw_series(std::iter::once(rect))?;
                }
                start = end;
            }
            let (x_px, y_px) = chart.backend_coord(&(0.0, centre));
            let label = truncate_label(&bar.label, LABEL_UNITS);
            root.draw(&Text::new(label, (x_px - 8, y_px), anchored(HPos::Right)))?;
            if let Some(note) = &bar.note {
                let (end_px, _) = chart.backend_coord(&(start, centre));
                root.draw(&Text::new(
                    note.clone(),
                    (end_px + 6, y_px),
                    anchored(HPos::Left),
                ))?;
            }
        }
        root.present()?;
    }
    Ok(svg)
}

/// Colour swatches and names in one line, left to right.
fn draw_legend(area: &DrawingArea<SVGBackend, Shift>, series: &[Series]) -> Result<()> {
    let mut x = LABEL_AREA as i32;
    for s in series {
        area.draw(&Rectangle::new([(x, 9), (x + 14, 21)], s.color.filled()))?;
        area.draw(&Text::new(
            s.name.clone(),
            (x + 20, 15),
            anchored(HPos::Left),
        ))?;
        x += 44 + 8 * display_units(&s.name) as i32;
    }
    Ok(())
}
