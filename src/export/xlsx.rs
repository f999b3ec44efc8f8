//! Grids as an Excel workbook (rust_xlsxwriter): the KPI review (`procdiag kpi
//! --xlsx`) and every table of the report (`procdiag report --xlsx`), one sheet per
//! grid, numbers as numbers with their formats (hours `0.0`, shares `0.0%`, counts
//! `0`), verdicts coloured as in the HTML report, headers bold and frozen. Text that a
//! spreadsheet could read as a formula is written as a string with Excel's quote
//! prefix, never as a formula.

use std::path::Path;

use anyhow::Result;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use super::kpi::{neutralise, Cell, Grid};

/// The longest text an Excel cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// The longest sheet name Excel accepts.
const MAX_SHEET_CHARS: usize = 31;

/// The cell formats of a workbook.
struct Formats {
    bold: Format,
    bold_quoted: Format,
    decimals: [Format; 4],
    hours: Format,
    count: Format,
    pct: Format,
    quoted: Format,
    met: Format,
    weak: Format,
    miss: Format,
}

impl Formats {
    fn new() -> Formats {
        let num = |f: &str| Format::new().set_num_format(f);
        let verdict = |bg: u32, fg: u32| {
            Format::new()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
                .set_bold()
        };
        Formats {
            bold: Format::new().set_bold(),
            bold_quoted: Format::new().set_bold().set_quote_prefix(),
            decimals: [num("0"), num("0.0"), num("0.00"), num("0.0000")],
            hours: num("0.0"),
            count: num("0"),
            pct: num("0.0%"),
            quoted: Format::new().set_quote_prefix(),
            met: verdict(0xe3f3e6, 0x1d6b2f),
            weak: verdict(0xfdf1d8, 0x8a5a00),
            miss: verdict(0xfbe4e1, 0x9c2b1f),
        }
    }

    fn verdict(&self, class: &str) -> Option<&Format> {
        match class {
            "met" => Some(&self.met),
            "weak" => Some(&self.weak),
            "miss" => Some(&self.miss),
            _ => None,
        }
    }
}

/// Writes the grids as sheets of one workbook.
pub fn write_workbook(path: &Path, grids: &[Grid]) -> Result<()> {
    let mut wb = Workbook::new();
    // A fixed creation time keeps the file identical for the same input.
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let f = Formats::new();
    let mut names: Vec<String> = Vec::new();
    for g in grids {
        let ws = wb.add_worksheet();
        let name = sheet_name(&g.title, &names);
        ws.set_name(&name)?;
        names.push(name);
        write_header(ws, &g.header, &f)?;
        for (i, row) in g.rows.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                write_cell(ws, i as u32 + 1, j as u16, c, &f)?;
            }
        }
    }
    super::write_atomic(path, &wb.save_to_buffer()?)
}

/// A sheet name from a title: at most 31 characters, none of `[]:*?/\`, not starting
/// or ending with an apostrophe, and unique in the workbook (case-insensitively, as
/// Excel compares them), with " (2)", " (3)" … added when needed.
pub fn sheet_name(title: &str, taken: &[String]) -> String {
    let clean: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control())
        .collect();
    let clean = clean.trim().trim_matches('\'').trim();
    let base = if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
        format!("Sheet{}", taken.len() + 1)
    } else {
        clean.to_string()
    };
    let is_taken = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let mut k = 1;
    loop {
        let suffix = if k == 1 {
            String::new()
        } else {
            format!(" ({k})")
        };
        let room = MAX_SHEET_CHARS - suffix.chars().count();
        let name: String = base
            .chars()
            .take(room)
            .collect::<String>()
            .trim_end()
            .to_string()
            + &suffix;
        if !is_taken(&name) {
            return name;
        }
        k += 1;
    }
}

/// The header row: bold, frozen, columns as wide as their headers.
fn write_header(ws: &mut Worksheet, header: &[String], f: &Formats) -> Result<()> {
    for (j, h) in header.iter().enumerate() {
        let format = if neutralise(h) == *h {
            &f.bold
        } else {
            &f.bold_quoted
        };
        ws.write_string_with_format(0, j as u16, capped(h), format)?;
        ws.set_column_width(
            j as u16,
            (crate::report::charts::display_units(h) + 2).clamp(8, 40) as f64,
        )?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Text cut to what a cell holds.
fn capped(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// One cell, typed: numbers with their format, text as strings (formula-like text with
/// the quote prefix), verdicts coloured.
fn write_cell(ws: &mut Worksheet, r: u32, col: u16, c: &Cell, f: &Formats) -> Result<()> {
    match c {
        Cell::Num(x, d) => {
            let format = &f.decimals[usize::from(*d).min(3)];
            ws.write_number_with_format(r, col, *x, format)?;
        }
        Cell::Pct(x) => {
            ws.write_number_with_format(r, col, *x, &f.pct)?;
        }
        Cell::Hours(x) => {
            ws.write_number_with_format(r, col, *x, &f.hours)?;
        }
        Cell::Count(n) => {
            ws.write_number_with_format(r, col, *n as f64, &f.count)?;
        }
        Cell::Verdict(s, class) => match f.verdict(class) {
            Some(format) => {
                ws.write_string_with_format(r, col, capped(s), format)?;
            }
            None => write_text(ws, r, col, s, f)?,
        },
        Cell::Text(s) => write_text(ws, r, col, s, f)?,
        Cell::Empty => {}
    }
    Ok(())
}

fn write_text(ws: &mut Worksheet, r: u32, col: u16, s: &str, f: &Formats) -> Result<()> {
    if neutralise(s) == s {
        ws.write_string(r, col, capped(s))?;
    } else {
        ws.write_string_with_format(r, col, capped(s), &f.quoted)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let mut taken = Vec::new();
        for t in ["a/b:c*d?[e]", "a/b:c*d?[e]", "'quoted'", "", "History"] {
            let n = sheet_name(t, &taken);
            taken.push(n);
        }
        assert_eq!(taken, ["abcde", "abcde (2)", "quoted", "Sheet4", "Sheet5"]);
        let long = "各环节作业与等待时间".repeat(5);
        let a = sheet_name(&long, &[]);
        let b = sheet_name(&long, std::slice::from_ref(&a));
        assert_eq!(a.chars().count(), 31);
        assert_eq!(b.chars().count(), 31);
        assert!(b.ends_with(" (2)"));
    }
}
