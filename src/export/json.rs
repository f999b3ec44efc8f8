//! The `procdiag/1` JSON document (DESIGN.md, "Machine contract").

use anyhow::Result;

use crate::analysis::Analysis;

/// The analysis as pretty-printed JSON, ending with a newline.
pub fn to_json(analysis: &Analysis) -> Result<String> {
    let mut s = serde_json::to_string_pretty(analysis)?;
    s.push('\n');
    Ok(s)
}
