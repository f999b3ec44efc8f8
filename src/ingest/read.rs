//! Reading input files into a table of text cells.
//!
//! Owns everything about bytes and sheets: encodings (BOM, UTF-8, GB18030 fallback),
//! delimiter sniffing, and spreadsheets through calamine. The result is a
//! [`RawTable`]: every column as text (Excel date cells rendered as ISO 8601 with
//! millisecond precision) plus the file row number of each record, so later stages can
//! name the row of anything they reject.

use std::borrow::Cow;
use std::io::Cursor;
use std::path::Path;

use encoding_rs::Encoding;
use polars::prelude::*;

use crate::error::InputError;

mod grid;
mod parquet;
pub use parquet::{time_text, ParquetBatches, TimeStyle, TypedTimes};
mod sheets;
pub mod stream;
pub use grid::{read_grid, Grid};
use parquet::read_parquet;
use sheets::read_spreadsheet;
pub use sheets::{cell_text, excel_serial_to_text};

/// Name of the column that carries each record's row number in the file.
pub const ROW_COL: &str = "__row";

/// A file's records as text columns, with where they came from.
#[derive(Debug, Clone)]
pub struct RawTable {
    /// All columns String, headers as in the file (made unique), plus [`ROW_COL`].
    pub df: DataFrame,
    /// The headers in file order (without [`ROW_COL`]).
    pub headers: Vec<String>,
    pub format: String,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    /// The workbook's other sheets.
    pub other_sheets: Vec<String>,
    /// 1-based row of the header in the file.
    pub header_row: usize,
}

/// Options that steer reading.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Worksheet to read; the first one otherwise.
    pub sheet: Option<String>,
    /// Text encoding of CSV files (`--encoding`); detected when `None`.
    pub encoding: Option<&'static Encoding>,
}

/// Reads a CSV/TSV or spreadsheet file by its extension.
pub fn read_table(path: &Path, opts: &ReadOptions) -> Result<RawTable, InputError> {
    if !path.exists() {
        return Err(InputError::Missing {
            path: path.display().to_string(),
        });
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            // calamine can panic on damaged files; a damaged file is an input error.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read_spreadsheet(path, &ext, opts)
            }))
            .unwrap_or_else(|_| {
                Err(InputError::Unreadable {
                    path: path.display().to_string(),
                    detail: format!(
                        "the {ext} workbook is damaged (the spreadsheet reader gave up); \
                         open it in Excel or LibreOffice and save a new copy"
                    ),
                })
            })
        }
        "parquet" | "pq" => read_parquet(path),
        _ => read_csv(path, opts),
    }
}

/// Decodes bytes to UTF-8 and names the encoding. `forced` (from `--encoding`) wins;
/// otherwise a BOM decides (UTF-8, UTF-16 LE/BE); then UTF-16 without a BOM is
/// recognised by its zero bytes; then strict UTF-8; then chardetng guesses among the
/// legacy encodings (GBK/GB18030 for Chinese Excel, Windows-1252 for Western Excel),
/// with a bias towards GBK for ambiguous CJK bytes. GBK is decoded as GB18030, its
/// superset.
pub fn decode<'a>(
    bytes: &'a [u8],
    forced: Option<&'static Encoding>,
) -> (Cow<'a, str>, &'static str) {
    if let Some(enc) = forced {
        let (enc, body) = match Encoding::for_bom(bytes) {
            Some((bom_enc, n)) if bom_enc == enc => (enc, &bytes[n..]),
            _ => (enc, bytes),
        };
        let target = if enc == encoding_rs::GBK {
            encoding_rs::GB18030
        } else {
            enc
        };
        return (target.decode_without_bom_handling(body).0, enc.name());
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = match enc.name() {
            "UTF-8" => "UTF-8 (BOM)",
            "UTF-16LE" => "UTF-16LE (BOM)",
            "UTF-16BE" => "UTF-16BE (BOM)",
            other => other,
        };
        return (text, name);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return (enc.decode_without_bom_handling(bytes).0, enc.name());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(s), "UTF-8");
    }
    // The first megabyte decides (feeding a whole large file is slow); a cut in the
    // middle of a character does not matter to the detector.
    let head = &bytes[..bytes.len().min(1 << 20)];
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(head, head.len() == bytes.len());
    let guess = det.guess(None, chardetng::Utf8Detection::Allow);
    let (enc, name) = if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        (encoding_rs::GB18030, "GBK/GB18030")
    } else {
        (guess, guess.name())
    };
    (enc.decode_without_bom_handling(bytes).0, name)
}

/// UTF-16 without a BOM: at least a third of the even (BE) or odd (LE) bytes of the
/// first kilobytes are zero, as ASCII text in UTF-16 is.
pub(super) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_zero = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_zero * 3 >= pairs && even_zero * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_zero * 3 >= pairs && odd_zero * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Looks up an `--encoding` label (utf-8, utf-16le, gbk, gb18030, windows-1252, …).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// How many leading rows are searched for the header row.
pub(super) const HEADER_SEARCH_ROWS: usize = 30;

/// Picks the delimiter (comma, semicolon, tab, pipe) under which the first rows most
/// consistently split into the same number (two or more) of fields, outside quotes; a
/// free-text cell full of semicolons does not outvote a header split by commas.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (b',', (0usize, 0usize));
    for d in [b',', b';', b'\t', b'|'] {
        let mut counts: Vec<usize> = records(text, d, HEADER_SEARCH_ROWS)
            .iter()
            .map(Vec::len)
            .filter(|n| *n >= 2)
            .collect();
        counts.sort_unstable();
        // The most frequent field count, and how many rows have it.
        let mut mode = (0usize, 0usize);
        for chunk in counts.chunk_by(|a, b| a == b) {
            if (chunk.len(), chunk[0]) > (mode.0, mode.1) {
                mode = (chunk.len(), chunk[0]);
            }
        }
        if mode > best.1 {
            best = (d, mode);
        }
    }
    best.0
}

/// The first `limit` records of CSV text, quotes respected (doubled quotes unescaped,
/// line breaks inside quotes kept).
pub fn records(text: &str, sep: u8, limit: usize) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rec = Vec::new();
    let mut cur = String::new();
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if out.len() >= limit {
            return out;
        }
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => in_quotes = !in_quotes,
            '\r' | '\n' if !in_quotes => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                rec.push(std::mem::take(&mut cur));
                out.push(std::mem::take(&mut rec));
            }
            c if c as u32 == sep as u32 && !in_quotes => rec.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    if !cur.is_empty() || !rec.is_empty() {
        rec.push(cur);
        out.push(rec);
    }
    out.truncate(limit);
    out
}

/// Index of the header among the first rows: the row in which the most columns are
/// recognised (at least two); else the first row with two or more filled cells.
pub fn header_index(rows: &[Vec<String>]) -> Option<usize> {
    let scored = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (i, super::columns::score(r)))
        .filter(|(_, s)| *s >= 2)
        .max_by_key(|(i, s)| (*s, std::cmp::Reverse(*i)));
    if let Some((i, _)) = scored {
        return Some(i);
    }
    rows.iter()
        .position(|r| r.iter().filter(|c| !c.trim().is_empty()).count() >= 2)
}

fn read_csv(path: &Path, opts: &ReadOptions) -> Result<RawTable, InputError> {
    let shown = path.display().to_string();
    let bytes = crate::progress::read_file(path).map_err(|e| InputError::Unreadable {
        path: shown.clone(),
        detail: e.to_string(),
    })?;
    let (text, encoding) = decode(&bytes, opts.encoding);
    if text.trim().is_empty() {
        return Err(InputError::Empty {
            path: shown,
            sheet: None,
        });
    }
    let sep = sniff_delimiter(&text);
    let head = records(&text, sep, HEADER_SEARCH_ROWS);
    let header_idx = header_index(&head).unwrap_or(0);
    let headers = head.get(header_idx).cloned().unwrap_or_default();
    // UTF-8 input is parsed from the bytes as read: copying a large file would double
    // the memory it takes.
    let owned: Vec<u8> = match text {
        Cow::Borrowed(s) if s.len() == bytes.len() => bytes,
        other => other.into_owned().into_bytes(),
    };
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_skip_rows(header_idx)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .with_parse_options(
            CsvParseOptions::default()
                .with_separator(sep)
                .with_missing_is_null(true)
                .with_truncate_ragged_lines(true),
        )
        .into_reader_with_file_handle(Cursor::new(owned))
        .finish()
        .map_err(|e| InputError::Unreadable {
            path: shown.clone(),
            detail: format!("not a readable CSV file: {e}"),
        })?;
    let headers: Vec<String> = if headers.len() == df.width() {
        headers
    } else {
        df.get_column_names()
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    let df = finish_frame(df, &headers, header_idx + 2).map_err(|e| InputError::Unreadable {
        path: shown.clone(),
        detail: e.to_string(),
    })?;
    let format = match sep {
        b'\t' => "tsv",
        _ => "csv",
    };
    Ok(RawTable {
        df,
        headers,
        format: format.into(),
        encoding: Some(encoding.into()),
        sheet: None,
        other_sheets: Vec::new(),
        header_row: header_idx + 1,
    })
}

/// Renames columns to unique, trimmed headers (blank ones become `column_N`), and adds
/// the file row numbers starting at `first_row`.
pub(super) fn finish_frame(
    df: DataFrame,
    headers: &[String],
    first_row: usize,
) -> PolarsResult<DataFrame> {
    let names = unique_headers(headers);
    let mut cols: Vec<Column> = Vec::with_capacity(df.width() + 1);
    for (c, name) in df.columns().iter().zip(&names) {
        let mut c = c.cast(&DataType::String)?;
        c.rename(name.as_str().into());
        cols.push(c);
    }
    let n = df.height();
    let rows: Vec<i64> = (0..n as i64).map(|i| i + first_row as i64).collect();
    cols.push(Column::new(ROW_COL.into(), rows));
    DataFrame::new(n, cols)
}

/// Trimmed headers made unique by suffixing ` (2)`, ` (3)`, …; blanks get `column_N`.
pub fn unique_headers(headers: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let base = h.trim();
            let base = if base.is_empty() {
                format!("column_{}", i + 1)
            } else {
                base.to_string()
            };
            let mut name = base.clone();
            let mut k = 2;
            while !seen.insert(name.clone()) {
                name = format!("{base} ({k})");
                k += 1;
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_prefers_bom_then_utf8_then_a_guess() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b", None).0, "a,b");
        assert_eq!(decode(b"\xEF\xBB\xBFa,b", None).1, "UTF-8 (BOM)");
        assert_eq!(decode("工单号".as_bytes(), None).1, "UTF-8");
        let (gbk, _, _) =
            encoding_rs::GBK.encode("工单号,环节,负责人,开始时间\n1,需求评审,张伟,2024/3/1");
        let (text, enc) = decode(&gbk, None);
        assert!(text.starts_with("工单号,环节"));
        assert_eq!(enc, "GBK/GB18030");
        let (w1252, _, _) = encoding_rs::WINDOWS_1252
            .encode("Caf\u{e9},Na\u{ef}ve r\u{e9}sum\u{e9},\u{201c}quoted\u{201d}\n");
        let (text, enc) = decode(&w1252, None);
        assert_eq!(enc, "windows-1252");
        assert!(text.starts_with("Café"));
    }

    #[test]
    fn utf16_is_read_with_and_without_bom() {
        let utf16le: Vec<u8> = "工单号\t环节\nA\tB\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&utf16le);
        assert_eq!(
            decode(&with_bom, None),
            (Cow::Borrowed("工单号\t环节\nA\tB\n"), "UTF-16LE (BOM)")
        );
        let ascii_le: Vec<u8> = "case,stage\n1,a\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&ascii_le, None).1, "UTF-16LE");
        let ascii_be: Vec<u8> = "case,stage\n1,a\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&ascii_be, None).0, "case,stage\n1,a\n");
    }

    #[test]
    fn a_forced_encoding_wins() {
        let (gbk, _, _) = encoding_rs::GBK.encode("环节");
        let enc = encoding_for_label("gbk");
        assert_eq!(decode(&gbk, enc).0, "环节");
        assert!(encoding_for_label("no-such-encoding").is_none());
    }

    #[test]
    fn delimiter_is_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("\"x,y\"\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("a,b|c,d\n"), b',');
    }

    #[test]
    fn excel_serials_become_millisecond_text() {
        assert_eq!(
            excel_serial_to_text(45352.586909722222).as_deref(),
            Some("2024-03-01 14:05:09.000")
        );
        assert_eq!(
            excel_serial_to_text(45352.0).as_deref(),
            Some("2024-03-01 00:00:00.000")
        );
    }

    #[test]
    fn headers_are_made_unique() {
        let h = vec!["a".into(), " a ".into(), "".into()];
        assert_eq!(unique_headers(&h), vec!["a", "a (2)", "column_3"]);
    }
}
