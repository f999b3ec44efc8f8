//! The hand-written SVG writer of every chart: `<title>` tooltips on data marks and on
//! cut labels, hollow marks, and a viewBox that scales with the page. Every text and attribute value goes through [`esc`], so input text stays text.

use std::fmt::Write;

use super::FONT_STACK;

/// XML-escapes `s` (text nodes and attribute values alike); control characters, not
/// allowed in XML, become spaces.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// An SVG document being written, `w` × `h` user units, scaled to the page's width.
pub struct Svg {
    out: String,
}

impl Svg {
    /// Opens the document; `label` is its accessible name.
    pub fn new(w: f64, h: f64, label: &str) -> Self {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" \
             width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" aria-label=\"{}\" \
             font-family='{FONT_STACK}' font-size=\"12\">",
            esc(label)
        );
        Self { out }
    }

    /// A line; `dash` like "6 4" or empty.
    pub fn line(
        &mut self,
        (x1, y1): (f64, f64),
        (x2, y2): (f64, f64),
        stroke: &str,
        width: f64,
        dash: &str,
    ) {
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = write!(
            self.out,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{stroke}\" \
             stroke-width=\"{width}\"{dash}/>"
        );
    }

    /// A polyline through `pts`.
    pub fn polyline(&mut self, pts: &[(f64, f64)], stroke: &str, width: f64) {
        if pts.len() < 2 {
            return;
        }
        let p: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            self.out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>",
            p.join(" ")
        );
    }

    /// A circle with a tooltip; hollow ones are white inside.
    pub fn point(&mut self, (x, y): (f64, f64), r: f64, color: &str, hollow: bool, tip: &str) {
        let fill = if hollow { "#fff" } else { color };
        let _ = write!(
            self.out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\" fill=\"{fill}\" stroke=\"{color}\" \
             stroke-width=\"2\"><title>{}</title></circle>",
            esc(tip)
        );
    }

    /// Text at (x, y); `anchor` is start, middle or end.
    pub fn text(&mut self, (x, y): (f64, f64), s: &str, anchor: &str, color: &str, size: f64) {
        let _ = write!(
            self.out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" fill=\"{color}\" \
             font-size=\"{size}\">{}</text>",
            esc(s)
        );
    }

    /// A filled rectangle with a tooltip (none when `tip` is empty); `stroke` outlines
    /// it when not empty (hollow marks: `fill` "#fff").
    pub fn rect(
        &mut self,
        (x, y): (f64, f64),
        (w, h): (f64, f64),
        fill: &str,
        stroke: &str,
        tip: &str,
    ) {
        let stroke = if stroke.is_empty() {
            String::new()
        } else {
            format!(" stroke=\"{stroke}\" stroke-width=\"1\"")
        };
        let _ = write!(
            self.out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"{stroke}>",
            w.max(0.0),
            h.max(0.0)
        );
        if !tip.is_empty() {
            let _ = write!(self.out, "<title>{}</title>", esc(tip));
        }
        self.out.push_str("</rect>");
    }

    /// A label cut to `max_units` half-width units; when cut, the full text is its
    /// tooltip.
    pub fn label(
        &mut self,
        (x, y): (f64, f64),
        full: &str,
        max_units: usize,
        anchor: &str,
        color: &str,
        size: f64,
    ) {
        let shown = super::truncate_label(full, max_units);
        let tip = if shown.ends_with('…') {
            let full = crate::analysis::rare::collapse_spaces(full);
            format!("<title>{}</title>", esc(&full))
        } else {
            String::new()
        };
        let _ = write!(
            self.out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" fill=\"{color}\" \
             font-size=\"{size}\" dominant-baseline=\"central\">{tip}{}</text>",
            esc(&shown)
        );
    }

    /// Raw markup already built from escaped parts (a `<g>` wrapper and the like).
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Closes the document.
    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// About four round tick values within `lo..=hi`.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let raw = (hi - lo) / 4.0;
    if !(raw.is_finite() && raw > 0.0) {
        return vec![lo];
    }
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).take(12).map(|k| k as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_tooltips_are_escaped() {
        let mut s = Svg::new(100.0, 50.0, "a\"b");
        s.text((1.0, 2.0), "</svg><script>", "start", "#000", 12.0);
        s.point((1.0, 1.0), 3.0, "#000", true, "x & 'y'");
        let out = s.finish();
        assert!(out.contains("&lt;/svg&gt;&lt;script&gt;"));
        assert!(out.contains("x &amp; &#39;y&#39;"));
        assert!(out.contains("aria-label=\"a&quot;b\""));
        assert_eq!(out.matches("<svg").count(), 1);
        assert!(out.ends_with("</svg>"));
    }
}
