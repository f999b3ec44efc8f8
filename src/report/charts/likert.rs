//! Diverging stacked bars of Likert items: each item's answers as shares of the answered
//! ones, disagreeing levels to the left of zero and agreeing ones to the right, the
//! neutral level centred on zero; "don't know"/N/A shown apart at the right edge.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{anchored, message_chart, truncate_label, GREY, WIDTH};
use crate::analysis::survey::ItemResult;

/// At most this many items are drawn (the table lists all).
pub const MAX_ITEMS: usize = 40;
const ROW: i32 = 26;
const LABEL_W: i32 = 250;
const NA_W: i32 = 60;
const LEGEND: i32 = 26;

/// Colour of level `i` of `k`: reds below the middle, grey in it, blues above.
fn level_colour(i: usize, k: usize) -> RGBColor {
    let mid = (k as f64 - 1.0) / 2.0;
    let d = (i as f64 - mid) / mid.max(1.0);
    if d.abs() < 1e-9 {
        RGBColor(200, 200, 200)
    } else if d < 0.0 {
        let t = -d;
        RGBColor(
            (230.0 - 30.0 * t) as u8,
            (170.0 - 110.0 * t) as u8,
            (150.0 - 100.0 * t) as u8,
        )
    } else {
        RGBColor(
            (150.0 - 110.0 * d) as u8,
            (190.0 - 90.0 * d) as u8,
            (225.0 - 50.0 * d) as u8,
        )
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// The levels' colours and names in a row on top.
fn draw_legend(root: &Area, levels: &[String]) -> Result<()> {
    let k = levels.len();
    let mut x = 10;
    for (i, l) in levels.iter().enumerate() {
        // "5 非常同意" → "非常同意"; numeric levels stay numbers.
        let name = l.split_once(' ').map_or(l.as_str(), |(_, t)| t);
        root.draw(&Rectangle::new(
            [(x, 8), (x + 14, 20)],
            level_colour(i, k).filled(),
        ))?;
        root.draw(&Text::new(
            name.to_string(),
            (x + 19, 14),
            anchored(HPos::Left),
        ))?;
        x += 30 + 8 * super::display_units(name) as i32;
    }
    Ok(())
}

/// Where the bars go: the zero line's x and the pixels per 100 %.
#[derive(Clone, Copy)]
struct Plot {
    zero: i32,
    scale: f64,
}

/// One item's bar (disagreeing levels left of zero, the middle level centred), its
/// label, and its no-opinion share at the right.
fn draw_item(root: &Area, item: &ItemResult, y: i32, p: Plot) -> Result<()> {
    let k = item.levels.len();
    let n: usize = item.level_counts.iter().sum();
    let shares: Vec<f64> = item
        .level_counts
        .iter()
        .map(|c| *c as f64 / n.max(1) as f64)
        .collect();
    let mid = (k as f64 - 1.0) / 2.0;
    let below: f64 = shares
        .iter()
        .enumerate()
        .filter(|(i, _)| (*i as f64) < mid)
        .map(|(_, s)| s)
        .sum::<f64>()
        + if k % 2 == 1 { shares[k / 2] / 2.0 } else { 0.0 };
    let mut x = p.zero as f64 - below * p.scale;
    for (i, s) in shares.iter().enumerate() {
        let w = s * p.scale;
        root.draw(&Rectangle::new(
            [(x as i32, y + 3), ((x + w) as i32, y + ROW - 5)],
            level_colour(i, k).filled(),
        ))?;
        x += w;
    }
    let label = if item.text.is_empty() {
        &item.item
    } else {
        &item.text
    };
    root.draw(&Text::new(
        truncate_label(label, 34),
        (LABEL_W - 8, y + ROW / 2),
        anchored(HPos::Right),
    ))?;
    let answered = n + item.not_applicable;
    if item.not_applicable > 0 && answered > 0 {
        let na = item.not_applicable as f64 / answered as f64;
        let x0 = WIDTH as i32 - NA_W;
        root.draw(&Rectangle::new(
            [(x0, y + 3), (x0 + (na * NA_W as f64) as i32, y + ROW - 5)],
            GREY.filled(),
        ))?;
    }
    Ok(())
}

/// The zero line and the share axis below the bars (`bottom`: its y).
fn draw_axis(root: &Area, p: Plot, bottom: i32) -> Result<()> {
    root.draw(&PathElement::new(
        vec![(p.zero, 5), (p.zero, bottom - 13)],
        BLACK.stroke_width(1),
    ))?;
    for (pct, label) in [
        (-1.0, "100%"),
        (-0.5, "50%"),
        (0.0, "0"),
        (0.5, "50%"),
        (1.0, "100%"),
    ] {
        let x = p.zero + (pct * p.scale) as i32;
        root.draw(&Text::new(label, (x, bottom), anchored(HPos::Center)))?;
    }
    root.draw(&Text::new(
        "N/A",
        (WIDTH as i32 - NA_W / 2, bottom),
        anchored(HPos::Center),
    ))?;
    Ok(())
}

/// The chart, or a "no data" message when no item is on a labelled 2–7 level scale.
pub fn likert_chart(items: &[ItemResult], no_data: &str) -> Result<String> {
    let shown: Vec<&ItemResult> = items
        .iter()
        .filter(|i| (2..=7).contains(&i.levels.len()) && i.n > 0)
        .take(MAX_ITEMS)
        .collect();
    if shown.is_empty() {
        return message_chart(no_data);
    }
    // A legend of the levels when every item shown has the same ones.
    let legend: Option<&Vec<String>> = shown
        .iter()
        .all(|i| i.levels == shown[0].levels)
        .then(|| &shown[0].levels);
    let top = if legend.is_some() { LEGEND } else { 0 };
    let height = (top + shown.len() as i32 * ROW + 40) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        if let Some(levels) = legend {
            draw_legend(&root, levels)?;
        }
        let root = root.margin(top as u32, 0, 0, 0);
        let plot_w = WIDTH as i32 - LABEL_W - NA_W - 20;
        let plot = Plot {
            zero: LABEL_W + plot_w / 2,
            scale: plot_w as f64 / 2.0,
        };
        for (row, item) in shown.iter().enumerate() {
            draw_item(&root, item, 10 + row as i32 * ROW, plot)?;
        }
        draw_axis(&root, plot, height as i32 - top - 12)?;
        root.present()?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_from_red_through_grey_to_blue() {
        let c = (0..5).map(|i| level_colour(i, 5)).collect::<Vec<_>>();
        assert_eq!(c[2], RGBColor(200, 200, 200));
        assert!(c[0].0 > c[0].2 && c[4].2 > c[4].0);
    }
}
