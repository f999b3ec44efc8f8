//! Horizontal (optionally stacked) bar chart shared by the stage, bottleneck, service-
//! level and survey bar charts: one row per category, top to bottom in the given order,
//! the category name on the left (cut with "…", the full name in its tooltip), an
//! optional note at the end of each bar, a legend on top, and each segment's exact
//! value in its `<title>` tooltip.

use anyhow::Result;

use super::svg::{ticks, Svg};
use super::{display_units, FONT, GRID, INK, MUTED, WIDTH};

/// Height of one bar row.
const ROW: f64 = 26.0;
/// Height of the legend strip (drawn only for two or more series).
const LEGEND: f64 = 28.0;
/// Height of the x axis with its labels and title.
const AXIS: f64 = 44.0;
/// Width reserved for category names.
const LABEL_AREA: f64 = 200.0;
/// Room right of the plot.
const RIGHT: f64 = 24.0;
/// Category names longer than this (half-width units) are cut.
const LABEL_UNITS: usize = 26;
/// At most this many rows are drawn (callers cap lower; this bounds the size).
const MAX_ROWS: usize = 200;
/// Extra room right of the longest bar for its note, as a fraction of the longest bar.
const NOTE_ROOM: f64 = 0.15;

/// One stacked series (a colour in the legend).
pub struct Series {
    pub name: String,
    pub color: &'static str,
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
    /// Title of the x axis, with its unit.
    pub x_desc: &'a str,
    /// Formats an x tick.
    pub x_format: &'a dyn Fn(f64) -> String,
    /// Formats a segment's exact value for its tooltip.
    pub tip_format: &'a dyn Fn(f64) -> String,
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

/// Maps values to pixels.
struct Frame {
    top: f64,
    bottom: f64,
    x_max: f64,
}

impl Frame {
    fn x(&self, v: f64) -> f64 {
        LABEL_AREA + v / self.x_max * (f64::from(WIDTH) - LABEL_AREA - RIGHT)
    }
}

/// Draws the chart (the first [`MAX_ROWS`] bars). Callers show a message instead of an
/// empty chart.
pub fn draw(spec: &HBars) -> Result<String> {
    let bars = &spec.bars[..spec.bars.len().min(MAX_ROWS)];
    let legend = if spec.series.len() > 1 { LEGEND } else { 6.0 };
    let f = Frame {
        top: legend + 4.0,
        bottom: legend + 4.0 + ROW * bars.len().max(1) as f64,
        x_max: x_max(bars),
    };
    let mut svg = Svg::new(f64::from(WIDTH), f.bottom + AXIS, spec.x_desc);
    if spec.series.len() > 1 {
        draw_legend(&mut svg, spec.series);
    }
    draw_axis(&mut svg, &f, spec);
    for (i, bar) in bars.iter().enumerate() {
        draw_bar(&mut svg, &f, spec, bar, f.top + ROW * i as f64);
    }
    Ok(svg.finish())
}

/// Vertical grid lines at round ticks, their labels and the axis title.
fn draw_axis(svg: &mut Svg, f: &Frame, spec: &HBars) {
    for v in ticks(0.0, f.x_max / (1.0 + NOTE_ROOM)) {
        let x = f.x(v);
        svg.line((x, f.top), (x, f.bottom), GRID, 1.0, "");
        svg.text(
            (x, f.bottom + 16.0),
            &(spec.x_format)(v),
            "middle",
            MUTED,
            FONT,
        );
    }
    svg.line((LABEL_AREA, f.top), (LABEL_AREA, f.bottom), MUTED, 1.0, "");
    let centre = (LABEL_AREA + f64::from(WIDTH) - RIGHT) / 2.0;
    svg.text((centre, f.bottom + 36.0), spec.x_desc, "middle", INK, FONT);
}

/// One row: its label, stacked segments with tooltips, and its note.
fn draw_bar(svg: &mut Svg, f: &Frame, spec: &HBars, bar: &Bar, top: f64) {
    let centre = top + ROW / 2.0;
    svg.label(
        (LABEL_AREA - 8.0, centre),
        &bar.label,
        LABEL_UNITS,
        "end",
        INK,
        FONT,
    );
    let mut start = 0.0;
    for (value, series) in bar.values.iter().zip(spec.series) {
        let end = start + drawable(*value);
        if end > start {
            let tip = segment_tip(bar, series, (spec.tip_format)(*value));
            let (x0, x1) = (f.x(start), f.x(end));
            let h = ROW * 0.64;
            svg.rect((x0, centre - h / 2.0), (x1 - x0, h), series.color, "", &tip);
        }
        start = end;
    }
    if let Some(note) = &bar.note {
        svg.text((f.x(start) + 6.0, centre + 4.5), note, "start", INK, FONT);
    }
}

/// "Stage · Waiting (mean): 3.2 d", or "Stage: 3.2 d" for an unnamed series.
fn segment_tip(bar: &Bar, series: &Series, value: String) -> String {
    let label = bar.label.trim();
    if series.name.is_empty() {
        format!("{label}{}{value}", super::colon(label))
    } else {
        format!(
            "{label} · {}{}{value}",
            series.name,
            super::colon(&series.name)
        )
    }
}

/// Colour swatches and names in one line, left to right.
fn draw_legend(svg: &mut Svg, series: &[Series]) {
    let mut x = LABEL_AREA;
    for s in series {
        svg.rect((x, 8.0), (14.0, 12.0), s.color, "", "");
        svg.text((x + 20.0, 18.5), &s.name, "start", INK, FONT);
        x += 44.0 + 7.0 * display_units(&s.name) as f64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec_draw(bars: &[Bar], series: &[Series]) -> String {
        let fmt = |v: f64| format!("{v:.1} h");
        draw(&HBars {
            bars,
            series,
            x_desc: "Mean (h)",
            x_format: &fmt,
            tip_format: &fmt,
        })
        .unwrap()
    }

    #[test]
    fn segments_carry_exact_values_and_long_labels_their_full_name() {
        let long = "需求评审与技术方案设计以及跨部门会签确认".to_string();
        let bars = [
            Bar {
                label: long.clone(),
                values: vec![2.0, 3.3],
                note: None,
            },
            Bar {
                label: "<b>x</b>".into(),
                values: vec![f64::NAN, 1.0],
                note: Some("n = 4".into()),
            },
        ];
        let series = [
            Series {
                name: "Working".into(),
                color: super::super::BLUE,
            },
            Series {
                name: "Waiting".into(),
                color: super::super::ORANGE,
            },
        ];
        let svg = spec_draw(&bars, &series);
        assert!(
            svg.contains(&format!("<title>{long} · Waiting: 3.3 h</title>")),
            "{svg}"
        );
        assert!(
            svg.contains(&format!("<title>{long}</title>")),
            "the cut label keeps its name"
        );
        assert!(svg.contains("&lt;b&gt;x&lt;/b&gt; · Waiting: 1.0 h"));
        assert!(!svg.contains("<b>"));
        // Two segments, one segment (NaN draws nothing), two legend swatches.
        assert_eq!(svg.matches("<rect").count(), 3 + 2);
        assert!(svg.contains(">n = 4</text>"));
    }

    #[test]
    fn empty_bars_keep_a_unit_axis() {
        let bars = [Bar {
            label: "a".into(),
            values: vec![0.0],
            note: None,
        }];
        assert_eq!(x_max(&bars), 1.0);
        let series = [Series {
            name: String::new(),
            color: super::super::BLUE,
        }];
        let svg = spec_draw(&bars, &series);
        assert!(
            !svg.contains("<rect"),
            "no legend for one series, no bar for 0"
        );
    }
}
