//! The KPI review as an Excel workbook (rust_xlsxwriter) a manager can paste into the
//! review deck: the scorecard, the KPI table per period (and group) and the breakdowns,
//! one sheet each, numbers as numbers with their formats, headers bold and frozen. Text
//! that a spreadsheet could read as a formula gets Excel's quote prefix.

use std::path::Path;

use anyhow::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::kpi::{Cell, Grid};

/// Writes the grids as sheets of one workbook.
pub fn write_workbook(path: &Path, grids: &[Grid]) -> Result<()> {
    let mut wb = Workbook::new();
    // A fixed creation time keeps the file identical for the same input.
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let one = Format::new().set_num_format("0.0");
    let two = Format::new().set_num_format("0.00");
    let four = Format::new().set_num_format("0.0000");
    let int = Format::new().set_num_format("0");
    let pct = Format::new().set_num_format("0.0%");
    let quoted = Format::new().set_quote_prefix();
    for g in grids {
        let ws = wb.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\.
        let name: String = g
            .title
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        ws.set_name(&name)?;
        for (j, h) in g.header.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, h, &bold)?;
            ws.set_column_width(
                j as u16,
                (crate::report::charts::display_units(h) + 2).clamp(8, 40) as f64,
            )?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (i, row) in g.rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (j, c) in row.iter().enumerate() {
                let col = j as u16;
                match c {
                    Cell::Num(x, d) => {
                        let f = match d {
                            0 => &int,
                            1 => &one,
                            2 => &two,
                            _ => &four,
                        };
                        ws.write_number_with_format(r, col, *x, f)?;
                    }
                    Cell::Pct(x) => {
                        ws.write_number_with_format(r, col, *x, &pct)?;
                    }
                    Cell::Text(s) if super::kpi::neutralise(s) != *s => {
                        ws.write_string_with_format(r, col, s, &quoted)?;
                    }
                    Cell::Text(s) => {
                        ws.write_string(r, col, s)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
    }
    super::write_atomic(path, &wb.save_to_buffer()?)
}
