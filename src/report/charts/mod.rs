//! Charts of the report, one file per chart. Each chart is a function returning an SVG
//! document (a `String`) drawn by plotters' `SVGBackend::with_string`, inlined into the
//! HTML. Text stays SVG text so the browser's fonts render Chinese.
//!
//! Escaping: plotters-svg 0.3 escapes `< > & " '` in every text node and attribute it
//! writes (`SVGBackend::escape_and_push`), so labels are handed to plotters raw;
//! escaping them here would double-escape. Labels are only cleaned of control
//! characters (not allowed in XML) and truncated with "…" to fit.

pub mod group_scores;
mod hbar;
pub mod heatmap;
pub mod lead_time;
pub mod likert;
pub(crate) mod map_layout;
pub mod period_bars;
pub mod process_map;
pub mod sla_bars;
pub mod stage_time;
pub mod survey_bars;
pub mod svg;
pub mod trend;
pub mod wait_share;
pub mod wip;

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Fonts that render Chinese on Windows, macOS and Linux.
pub const FONT_STACK: &str =
    "\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",system-ui,sans-serif";

/// Width of every chart in pixels (the page scales it down when narrower).
pub const WIDTH: u32 = 760;

/// Label text size as plotters takes it (it writes `size / 1.24` px into the SVG).
const FONT_SIZE: f64 = 16.0;

/// Bar colours.
pub const BLUE: RGBColor = RGBColor(46, 114, 171);
pub const ORANGE: RGBColor = RGBColor(230, 140, 50);
pub const GREY: RGBColor = RGBColor(150, 150, 150);
pub const RED: RGBColor = RGBColor(200, 70, 60);

/// Text style of chart labels.
pub fn text_style() -> TextStyle<'static> {
    (FONT_STACK, FONT_SIZE).into_font().color(&BLACK)
}

/// Text style anchored at `h`, vertically centred.
pub fn anchored(h: HPos) -> TextStyle<'static> {
    text_style().pos(Pos::new(h, VPos::Center))
}

/// Display width of a character in half-width units (CJK and full-width forms are 2).
fn char_units(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF |
        0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// Display width of `s` in half-width units.
pub fn display_units(s: &str) -> usize {
    s.chars().map(char_units).sum()
}

/// `s` without control characters, cut to at most `max_units` half-width units with a
/// trailing "…" when it was longer. Full names stay in the tables.
pub fn truncate_label(s: &str, max_units: usize) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = clean.trim();
    if display_units(clean) <= max_units {
        return clean.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let w = char_units(c);
        if used + w + 1 > max_units {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// A chart that only says `message` (used when there is nothing to draw).
pub fn message_chart(message: &str) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 60)).into_drawing_area();
        root.fill(&WHITE)?;
        let style = anchored(HPos::Center).color(&GREY);
        root.draw(&Text::new(
            message.to_owned(),
            (WIDTH as i32 / 2, 30),
            style,
        ))?;
        root.present()?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(truncate_label("Short", 10), "Short");
        assert_eq!(truncate_label("abcdefghijkl", 6), "abcde…");
        assert_eq!(truncate_label("需求评审与技术方案设计", 9), "需求评审…");
        assert_eq!(truncate_label("a\u{0}b", 9), "a b");
    }

    #[test]
    fn message_chart_is_an_svg_with_escaped_text() -> Result<()> {
        let svg = message_chart("<b>&")?;
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(svg.trim_end().ends_with("</svg>"));
        Ok(())
    }
}
