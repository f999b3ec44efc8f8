//! Charts of the report, one file per chart. Each chart is a function returning an SVG
//! document (a `String`) written by hand ([`svg::Svg`]), inlined into the HTML: every
//! data mark carries its exact value in a `<title>` tooltip, labels cut to fit carry
//! the full name, and text stays SVG text so the browser's fonts render Chinese.
//!
//! Escaping: every text and attribute value goes through [`svg::esc`] exactly once;
//! labels are handed to the writer raw. Colours are the Okabe–Ito palette, which stays
//! distinguishable with the common colour-vision deficiencies; the text beside each
//! mark never relies on colour alone.

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

use svg::Svg;

/// Fonts that render Chinese on Windows, macOS and Linux.
pub const FONT_STACK: &str =
    "\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",system-ui,sans-serif";

/// Width of every chart in user units (the page scales it down when narrower).
pub const WIDTH: u32 = 760;

/// Size of label text in user units.
pub const FONT: f64 = 13.0;

/// Okabe–Ito colours: blue (working, met, agreeing), orange (waiting), vermillion
/// (breached, detractors, bottlenecks), grey (open, neutral, the tail).
pub const BLUE: &str = "#0072B2";
pub const ORANGE: &str = "#E69F00";
pub const RED: &str = "#D55E00";
pub const GREY: &str = "#999999";
/// More Okabe–Ito colours for series beyond the first: sky blue, bluish green, reddish
/// purple, yellow.
pub const SKY: &str = "#56B4E9";
pub const GREEN: &str = "#009E73";
pub const PURPLE: &str = "#CC79A7";
pub const YELLOW: &str = "#F0E442";
/// Text, muted text and grid lines (text colours reach 4.5:1 on white).
pub const INK: &str = "#1D2733";
pub const MUTED: &str = "#5B6773";
pub const GRID: &str = "#E3E7EB";

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

/// The colon after `s` in a tooltip: full-width "：" after Chinese text, ": " otherwise.
pub fn colon(s: &str) -> &'static str {
    if s.chars()
        .last()
        .is_some_and(|c| char_units(c) == 2 || c == '）')
    {
        "："
    } else {
        ": "
    }
}

/// Display width of `s` in half-width units.
pub fn display_units(s: &str) -> usize {
    s.chars().map(char_units).sum()
}

/// `s` without control characters and with runs of spaces as one, cut to at most
/// `max_units` half-width units with a trailing "…" when it was longer. Full names stay
/// in the tables.
pub fn truncate_label(s: &str, max_units: usize) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = crate::analysis::rare::collapse_spaces(&clean);
    let clean = clean.as_str();
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
    let mut svg = Svg::new(f64::from(WIDTH), 60.0, message);
    svg.text(
        (f64::from(WIDTH) / 2.0, 34.0),
        message,
        "middle",
        MUTED,
        FONT,
    );
    Ok(svg.finish())
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
        assert_eq!(truncate_label("  Lab   test\t 2 ", 20), "Lab test 2");
        assert_eq!(
            (
                colon("等待（平均）"),
                colon("流程效率"),
                colon("Waiting (mean)")
            ),
            ("：", "：", ": ")
        );
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
