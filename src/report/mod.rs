//! The HTML report: one self-contained file (inline CSS and SVG, no JavaScript, no
//! network) in English or Chinese, rendered from an [`Analysis`] only.
//!
//! Flow: [`context::build`] turns the analysis into view models of formatted strings
//! and draws the [`charts`]; the minijinja template `templates/report.html` (auto-
//! escaping, as its name ends in `.html`) lays them out. Only the chart SVGs are
//! inserted with `|safe`; the chart writer escapes the text inside them.

pub mod charts;
pub mod context;
pub mod diagnosis;
pub mod format;
pub mod glossary;
pub mod i18n;
pub mod inputs;
pub mod ownership;
pub mod plan;
pub mod ranked;
pub mod scales;
pub mod sentences;
pub mod sla;
pub mod summary;
pub mod survey;
pub mod survey_log;
pub mod takeaways;
pub mod trends;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_contrast;

use anyhow::{Context as _, Result};
use minijinja::Environment;

use crate::analysis::Analysis;
pub use i18n::Lang;

/// Name under which the template is registered; the `.html` suffix turns on HTML
/// auto-escaping.
const TEMPLATE_NAME: &str = "report.html";

/// The report template, embedded in the binary.
const TEMPLATE: &str = include_str!("templates/report.html");

/// Renders the self-contained HTML report in `lang`.
///
/// # Errors
/// When a chart cannot be drawn or the template fails to render (both would be bugs:
/// every input shape, including empty lists and missing figures, renders).
pub fn render_html(analysis: &Analysis, lang: Lang) -> Result<String> {
    let report = context::build(analysis, lang)?;
    let mut env = Environment::new();
    env.add_template(TEMPLATE_NAME, TEMPLATE)
        .context("the embedded report template does not parse")?;
    let template = env.get_template(TEMPLATE_NAME)?;
    template
        .render(&report)
        .context("rendering the HTML report")
}
