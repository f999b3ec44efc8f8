//! A file as a grid of text cells with every row kept, for questionnaire exports: their
//! header spans one to three rows (Qualtrics, SurveyMonkey) and a platform module, not
//! the task-log header search, decides where the answers start.

use std::path::Path;

use calamine::{Data, Range};

use super::sheets::{cell_text, head_rows, is_blank, open_sheet};
use super::{decode, records, sniff_delimiter, ReadOptions};
use crate::error::InputError;

/// The non-blank rows of a file or sheet, cells as trimmed text (`""` when empty).
#[derive(Debug, Clone)]
pub struct Grid {
    pub path: String,
    pub rows: Vec<Vec<String>>,
    /// The file row (1-based, as Excel numbers them) of each row.
    pub row_numbers: Vec<usize>,
    /// Rows with no text in any cell after the first non-blank row (skipped).
    pub blank_rows: usize,
    pub format: String,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    pub other_sheets: Vec<String>,
}

impl Grid {
    /// The cell at `row`, `col` (empty when the row is shorter).
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", String::as_str)
    }

    /// Number of columns: the longest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Reads a CSV/TSV file or a worksheet as a [`Grid`]. Without `--sheet`, the sheet whose
/// first rows `score` rates highest is read (the first on ties).
pub fn read_grid(
    path: &Path,
    opts: &ReadOptions,
    score: fn(&[Vec<String>]) -> usize,
) -> Result<Grid, InputError> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Err(InputError::Missing { path: shown });
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let grid = match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            // calamine can panic on damaged files; a damaged file is an input error.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                sheet_grid(path, &ext, opts, score)
            }))
            .unwrap_or_else(|_| {
                Err(InputError::Unreadable {
                    path: shown.clone(),
                    detail: format!(
                        "the {ext} workbook is damaged (the spreadsheet reader gave up); \
                         open it in Excel or LibreOffice and save a new copy"
                    ),
                })
            })?
        }
        "parquet" | "pq" => {
            return Err(InputError::Unreadable {
                path: shown,
                detail: "questionnaires are read from CSV or Excel exports, not Parquet".into(),
            })
        }
        _ => csv_grid(path, opts)?,
    };
    if grid.rows.is_empty() {
        return Err(InputError::Empty {
            path: shown,
            sheet: grid.sheet,
        });
    }
    Ok(grid)
}

/// Keeps the non-blank rows with their row numbers; counts the blank rows between
/// non-blank ones (leading and trailing blank rows are layout, not data).
fn keep_rows(
    all: impl Iterator<Item = (usize, Vec<String>)>,
) -> (Vec<Vec<String>>, Vec<usize>, usize) {
    let (mut rows, mut numbers, mut blank, mut pending) = (Vec::new(), Vec::new(), 0, 0);
    for (number, mut row) in all {
        if row.iter().all(|c| c.trim().is_empty()) {
            if !rows.is_empty() {
                pending += 1;
            }
            continue;
        }
        blank += std::mem::take(&mut pending);
        for c in row.iter_mut() {
            let t = c.trim();
            if t.len() != c.len() {
                *c = t.to_string();
            }
        }
        // Trailing empty cells (a line ending with the delimiter) carry nothing.
        while row.last().is_some_and(String::is_empty) {
            row.pop();
        }
        rows.push(row);
        numbers.push(number);
    }
    (rows, numbers, blank)
}

fn csv_grid(path: &Path, opts: &ReadOptions) -> Result<Grid, InputError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| InputError::Unreadable {
        path: shown.clone(),
        detail: e.to_string(),
    })?;
    let (text, encoding) = decode(&bytes, opts.encoding);
    let sep = sniff_delimiter(&text);
    let recs = records(&text, sep, usize::MAX);
    let (rows, row_numbers, blank_rows) =
        keep_rows(recs.into_iter().enumerate().map(|(i, r)| (i + 1, r)));
    Ok(Grid {
        path: shown,
        rows,
        row_numbers,
        blank_rows,
        format: if sep == b'\t' { "tsv" } else { "csv" }.into(),
        encoding: Some(encoding.into()),
        sheet: None,
        other_sheets: Vec::new(),
    })
}

fn sheet_grid(
    path: &Path,
    ext: &str,
    opts: &ReadOptions,
    score: fn(&[Vec<String>]) -> usize,
) -> Result<Grid, InputError> {
    let rate = |r: &Range<Data>| score(&head_rows(r));
    let (sheet, range, names) = open_sheet(path, ext, opts, &rate)?;
    let row0 = range.start().map_or(0, |(r, _)| r as usize);
    let all = range.rows().enumerate().map(|(i, r)| {
        let width = r.iter().rposition(|c| !is_blank(c)).map_or(0, |p| p + 1);
        (
            row0 + i + 1,
            r[..width]
                .iter()
                .map(|c| cell_text(c).unwrap_or_default())
                .collect(),
        )
    });
    let (rows, row_numbers, blank_rows) = keep_rows(all);
    Ok(Grid {
        path: path.display().to_string(),
        rows,
        row_numbers,
        blank_rows,
        format: ext.to_string(),
        encoding: None,
        sheet: Some(sheet.clone()),
        other_sheets: names.into_iter().filter(|n| *n != sheet).collect(),
    })
}
