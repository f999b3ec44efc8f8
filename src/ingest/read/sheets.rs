//! Spreadsheets through calamine: choosing the sheet and the header row by content,
//! and turning cells into text (Excel dates in the workbook's 1900/1904 system,
//! rounded to the millisecond).

use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};

use super::{finish_frame, header_index, RawTable, ReadOptions, HEADER_SEARCH_ROWS};
use crate::error::InputError;
use polars::prelude::*;

pub(super) fn read_spreadsheet(
    path: &Path,
    ext: &str,
    opts: &ReadOptions,
) -> Result<RawTable, InputError> {
    let shown = path.display().to_string();
    let (sheet, range, names) = open_sheet(path, ext, opts, &sheet_score)?;
    let mut table = range_to_table(&range, &shown, &sheet, ext)?;
    table.other_sheets = names.into_iter().filter(|n| *n != sheet).collect();
    Ok(table)
}

/// Opens a workbook and picks the sheet: `--sheet`, or the one `score` rates highest
/// (the first on ties). Returns the sheet's name, its cells and all sheet names.
pub(super) fn open_sheet(
    path: &Path,
    ext: &str,
    opts: &ReadOptions,
    score: &dyn Fn(&Range<Data>) -> usize,
) -> Result<(String, Range<Data>, Vec<String>), InputError> {
    let shown = path.display().to_string();
    let mut wb = open_workbook_auto(path).map_err(|e| InputError::Unreadable {
        path: shown.clone(),
        detail: format!(
            "not a readable {ext} workbook ({e}); if it is password-protected, save an \
             unprotected copy; if it is really a CSV file, rename it to .csv"
        ),
    })?;
    let names = wb.sheet_names().to_vec();
    let mut read_sheet = |name: &str| {
        wb.worksheet_range(name)
            .map_err(|e| InputError::Unreadable {
                path: shown.clone(),
                detail: format!("sheet '{name}' cannot be read: {e}"),
            })
    };
    match &opts.sheet {
        Some(s) => {
            if !names.iter().any(|n| n == s) {
                return Err(InputError::NoSuchSheet {
                    path: shown,
                    sheet: s.clone(),
                    sheets: names,
                });
            }
            let range = read_sheet(s)?;
            Ok((s.clone(), range, names))
        }
        None => {
            let mut best: Option<(usize, String, Range<Data>)> = None;
            for name in &names {
                let Ok(range) = read_sheet(name) else {
                    continue;
                };
                let score = score(&range);
                if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
                    best = Some((score, name.clone(), range));
                }
            }
            let (_, name, range) = best.ok_or_else(|| InputError::Empty {
                path: shown.clone(),
                sheet: None,
            })?;
            Ok((name, range, names))
        }
    }
}

/// The first rows of a sheet as text.
pub(super) fn head_rows(range: &Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .take(HEADER_SEARCH_ROWS)
        .map(|r| r.iter().map(|c| cell_text(c).unwrap_or_default()).collect())
        .collect()
}

/// How much a sheet looks like a task log: recognised columns in its best header row.
fn sheet_score(range: &Range<Data>) -> usize {
    head_rows(range)
        .iter()
        .map(|r| crate::ingest::columns::score(r))
        .max()
        .unwrap_or(0)
}

/// Turns a worksheet range into a [`RawTable`]: the header is the first row with at
/// least two non-empty cells; empty trailing rows are dropped.
fn range_to_table(
    range: &Range<Data>,
    path: &str,
    sheet: &str,
    ext: &str,
) -> Result<RawTable, InputError> {
    let empty = || InputError::Empty {
        path: path.to_string(),
        sheet: Some(sheet.to_string()),
    };
    let (row0, _) = range.start().ok_or_else(empty)?;
    let rows: Vec<&[Data]> = range.rows().collect();
    let header_idx = header_index(&head_rows(range)).ok_or_else(empty)?;
    let header_cells = rows[header_idx];
    let width = header_cells
        .iter()
        .rposition(|c| !is_blank(c))
        .map_or(0, |p| p + 1);
    let headers: Vec<String> = header_cells[..width]
        .iter()
        .map(|c| cell_text(c).unwrap_or_default())
        .collect();
    let body = &rows[header_idx + 1..];
    let last = body
        .iter()
        .rposition(|r| r.iter().take(width).any(|c| !is_blank(c)))
        .map_or(0, |p| p + 1);
    let body = &body[..last];
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::with_capacity(body.len()); width];
    for r in body {
        for (j, col) in columns.iter_mut().enumerate() {
            col.push(r.get(j).and_then(cell_text));
        }
    }
    let first_row = row0 as usize + header_idx + 2;
    let cols: Vec<Column> = columns
        .into_iter()
        .enumerate()
        .map(|(j, v)| Column::new(format!("c{j}").into(), v))
        .collect();
    let df = DataFrame::new(body.len(), cols)
        .and_then(|df| finish_frame(df, &headers, first_row))
        .map_err(|e| InputError::Unreadable {
            path: path.to_string(),
            detail: e.to_string(),
        })?;
    Ok(RawTable {
        df,
        headers,
        format: ext.to_string(),
        encoding: None,
        sheet: Some(sheet.to_string()),
        other_sheets: Vec::new(),
        header_row: row0 as usize + header_idx + 1,
    })
}

pub(super) fn is_blank(c: &Data) -> bool {
    match c {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell as text: whole numbers without `.0`, dates as `YYYY-MM-DD HH:MM:SS.mmm`
/// (rounded to the millisecond, so equal times from xlsx and csv agree), errors and
/// blanks as missing.
pub fn cell_text(c: &Data) -> Option<String> {
    match c {
        Data::Empty | Data::Error(_) => None,
        Data::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Data::Float(f) => Some(number_text(*f)),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(d) => {
            let v = d.as_f64();
            if d.is_datetime() && (0.0..2_958_466.0).contains(&v) {
                // calamine's own components honour the workbook's 1900/1904 system
                // (its as_datetime panics on huge serials, hence the range check).
                let (y, mo, day, h, mi, sec, ms) = d.to_ymd_hms_milli();
                chrono::NaiveDate::from_ymd_opt(y.into(), mo.into(), day.into())
                    .and_then(|dt| dt.and_hms_milli_opt(h.into(), mi.into(), sec.into(), ms.into()))
                    .map(|t| t.format("%Y-%m-%d %H:%M:%S%.3f").to_string())
            } else {
                Some(number_text(v))
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
    }
}

/// Shortest text of a number; whole numbers without a fraction.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// An Excel serial day number (1900 system) as `YYYY-MM-DD HH:MM:SS.mmm`, rounded to the
/// millisecond.
pub fn excel_serial_to_text(serial: f64) -> Option<String> {
    if !serial.is_finite() {
        return None;
    }
    let ms = (serial * 86_400_000.0).round() as i64;
    // Serial 0 is 1899-12-30 in the 1900 system once Excel's 1900 leap-year bug is
    // accounted for (serials ≥ 61).
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let t = epoch.checked_add_signed(chrono::Duration::try_milliseconds(ms)?)?;
    Some(t.format("%Y-%m-%d %H:%M:%S%.3f").to_string())
}
