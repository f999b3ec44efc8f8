//! Dimension scores by group as a dot plot: one row per group (department, wave, …),
//! one coloured dot per dimension on the scale's axis, a legend of dimensions on top.
//! Suppressed groups are not drawn (the table beside it says why).

use anyhow::Result;

use super::svg::Svg;
use super::{
    display_units, message_chart, truncate_label, BLUE, FONT, GREEN, GREY, GRID, INK, MUTED,
    ORANGE, PURPLE, RED, SKY, WIDTH, YELLOW,
};

const ROW: f64 = 26.0;
const LEGEND: f64 = 30.0;
const LABEL_W: f64 = 230.0;
const AXIS: f64 = 34.0;
const RIGHT: f64 = 30.0;

/// Colours of the dimensions, in order (Okabe–Ito; repeating after eight).
const PALETTE: [&str; 8] = [BLUE, ORANGE, GREEN, RED, PURPLE, SKY, GREY, YELLOW];

/// One group: its label and each dimension's mean (`None`: no score).
pub struct GroupRow {
    pub label: String,
    pub scores: Vec<Option<f64>>,
}

/// The chart; `range` is the scale's (min, max); `dimensions` name the dots.
pub fn group_scores_chart(
    rows: &[GroupRow],
    dimensions: &[String],
    range: (f64, f64),
    no_data: &str,
) -> Result<String> {
    if rows.is_empty() || dimensions.is_empty() {
        return message_chart(no_data);
    }
    let height = LEGEND + rows.len() as f64 * ROW + AXIS + 6.0;
    let mut svg = Svg::new(f64::from(WIDTH), height, &dimensions.join(", "));
    legend(&mut svg, dimensions);
    let bottom = LEGEND + rows.len() as f64 * ROW;
    grid(&mut svg, range, bottom);
    for (r, row) in rows.iter().enumerate() {
        let y = LEGEND + r as f64 * ROW + ROW / 2.0;
        draw_row(&mut svg, row, dimensions, range, y);
    }
    Ok(svg.finish())
}

/// The x of score `v` on the scale `(lo, hi)`.
fn x_of((lo, hi): (f64, f64), v: f64) -> f64 {
    LABEL_W + (v - lo) / (hi - lo) * (f64::from(WIDTH) - RIGHT - LABEL_W)
}

/// A dot and name per dimension, in one line.
fn legend(svg: &mut Svg, dimensions: &[String]) {
    let mut x = LABEL_W;
    for (i, d) in dimensions.iter().enumerate() {
        let c = PALETTE[i % PALETTE.len()];
        svg.point((x + 6.0, 15.0), 5.0, c, false, d);
        svg.label((x + 16.0, 15.0), d, 20, "start", INK, FONT);
        x += 36.0 + 7.0 * display_units(&truncate_label(d, 20)) as f64;
    }
}

/// A grid line and label at each scale point.
fn grid(svg: &mut Svg, (lo, hi): (f64, f64), bottom: f64) {
    let steps = (hi - lo).round().max(1.0) as i32;
    for s in 0..=steps {
        let v = lo + f64::from(s) * (hi - lo) / f64::from(steps);
        let x = x_of((lo, hi), v);
        svg.line((x, LEGEND), (x, bottom), GRID, 1.0, "");
        svg.text((x, bottom + 18.0), &format!("{v}"), "middle", MUTED, FONT);
    }
}

/// A group's label, the line from its lowest to its highest score, and a dot with its
/// exact mean per dimension.
fn draw_row(svg: &mut Svg, row: &GroupRow, dimensions: &[String], range: (f64, f64), y: f64) {
    svg.label((LABEL_W - 8.0, y), &row.label, 28, "end", INK, FONT);
    let xs: Vec<f64> = row
        .scores
        .iter()
        .flatten()
        .map(|v| x_of(range, *v))
        .collect();
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if lo.is_finite() && hi > lo {
        svg.line((lo, y), (hi, y), "#BEBEBE", 2.0, "");
    }
    for (i, (v, d)) in row.scores.iter().zip(dimensions).enumerate() {
        if let Some(v) = v {
            let tip = format!("{} · {d}{}{v:.2}", row.label.trim(), super::colon(d));
            svg.point(
                (x_of(range, *v), y),
                6.0,
                PALETTE[i % PALETTE.len()],
                false,
                &tip,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_escaped_labels() -> Result<()> {
        let rows = [
            GroupRow {
                label: "研发部".into(),
                scores: vec![Some(3.2), Some(4.1)],
            },
            GroupRow {
                label: "<b>".into(),
                scores: vec![None, Some(2.0)],
            },
        ];
        let svg = group_scores_chart(&rows, &["流程效率".into(), "沟通".into()], (1.0, 5.0), "-")?;
        assert!(svg.contains("研发部") && svg.contains("&lt;b&gt;"));
        assert!(svg.contains("<title>研发部 · 沟通：4.10</title>"), "{svg}");
        assert!(!svg.contains("<b>"));
        assert_eq!(
            svg.matches("<circle").count(),
            2 + 3,
            "legend dots and scores"
        );
        Ok(())
    }
}
