//! Parquet files (e.g. warehouse extracts) read into the same text table as every other
//! input, whole or a slice of rows at a time ([`ParquetBatches`]).
//!
//! Datetimes become `YYYY-MM-DD HH:MM:SS` text, with `.mmm` only when some value of the
//! column (of the slice) has milliseconds (zoned columns converted to UTC and marked
//! `+00:00`), dates `YYYY-MM-DD`, everything else its text; the times are written by a
//! small formatter rather than `strftime`. Datetime and date columns that the task log
//! reads only as times can instead be taken as milliseconds
//! ([`ParquetBatches::next_batch_with`]), with the style their text would have had (for
//! the values shown in rejections).

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use polars::prelude::*;

use super::{finish_frame, RawTable};
use crate::error::InputError;

/// Reads a Parquet file into text columns with file row numbers.
pub(super) fn read_parquet(path: &Path) -> Result<RawTable, InputError> {
    let mut batches = ParquetBatches::open(path)?;
    let all = batches.rows();
    let table = batches.next_batch(all.max(1))?;
    table.ok_or_else(|| InputError::Empty {
        path: path.display().to_string(),
        sheet: None,
    })
}

/// A Parquet file read a slice of rows at a time, each slice as a text table (so that a
/// log of tens of millions of rows is never held whole as text).
pub struct ParquetBatches {
    path: std::path::PathBuf,
    rows: usize,
    next: usize,
    headers: Vec<String>,
}

impl ParquetBatches {
    /// Opens a Parquet file: its columns and its number of rows.
    pub fn open(path: &Path) -> Result<ParquetBatches, InputError> {
        let mut reader = reader(path)?;
        let unreadable = |e: &dyn std::fmt::Display| unreadable(path, e);
        let rows = reader.num_rows().map_err(|e| unreadable(&e))?;
        let schema = reader.schema().map_err(|e| unreadable(&e))?;
        let headers = schema.iter_names().map(|n| n.to_string()).collect();
        if rows == 0 {
            return Err(InputError::Empty {
                path: path.display().to_string(),
                sheet: None,
            });
        }
        Ok(ParquetBatches {
            path: path.to_path_buf(),
            rows,
            next: 0,
            headers,
        })
    }

    /// How many rows the file has.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The file's column names.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The next `n` rows (fewer at the end) as text, or `None` when all are read.
    pub fn next_batch(&mut self, n: usize) -> Result<Option<RawTable>, InputError> {
        Ok(self.next_batch_with(n, &[])?.map(|(t, _)| t))
    }

    /// [`ParquetBatches::next_batch`], with the datetime and date columns among
    /// `typed` (indexes) as milliseconds instead of text: their text columns are left
    /// empty, and the milliseconds returned by column index.
    pub fn next_batch_with(
        &mut self,
        n: usize,
        typed: &[usize],
    ) -> Result<Option<(RawTable, TypedTimes)>, InputError> {
        if self.next >= self.rows {
            return Ok(None);
        }
        let n = n.min(self.rows - self.next);
        let df = reader(&self.path)?
            .with_slice(Some((self.next, n)))
            .finish()
            .map_err(|e| unreadable(&self.path, &e))?;
        let first_row = 2 + self.next;
        self.next += n;
        let (df, millis) = take_times(df, typed).map_err(|e| unreadable(&self.path, &e))?;
        let df = as_text(df)
            .and_then(|df| finish_frame(df, &self.headers, first_row))
            .map_err(|e| unreadable(&self.path, &e))?;
        let table = RawTable {
            df,
            headers: self.headers.clone(),
            format: "parquet".into(),
            encoding: None,
            sheet: None,
            other_sheets: Vec::new(),
            header_row: 1,
        };
        Ok(Some((table, millis)))
    }
}

/// Per column index, its values as milliseconds when it was taken as typed times, and
/// how they would have been written as text.
pub type TypedTimes = Vec<(usize, Vec<Option<i64>>, TimeStyle)>;

/// How a typed time column is written as text (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeStyle {
    /// A date column: `YYYY-MM-DD`.
    pub date: bool,
    /// Some value of the slice has milliseconds: `.mmm` on every value.
    pub with_ms: bool,
    /// A zoned column, in UTC: `+00:00`.
    pub zoned: bool,
}

/// A typed time as the text its column would have had.
pub fn time_text(ms: i64, style: TimeStyle) -> String {
    let mut buf = Vec::with_capacity(32);
    if let Some(t) = DateTime::from_timestamp_millis(ms) {
        if style.date {
            write_date(&mut buf, &t.date_naive());
        } else {
            write_datetime(&mut buf, &t.naive_utc(), style.with_ms, style.zoned);
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// Milliseconds of years 0 to 9999: what the text of a time can hold in a layout.
const WRITABLE: std::ops::RangeInclusive<i64> = -62_167_219_200_000..=253_402_300_799_999;

/// The datetime and date columns among `typed` as milliseconds (UTC for zoned ones),
/// their place in the frame kept by an empty text column.
fn take_times(mut df: DataFrame, typed: &[usize]) -> PolarsResult<(DataFrame, TypedTimes)> {
    let mut out = Vec::new();
    let height = df.height();
    for &i in typed {
        let Some(c) = df.columns().get(i) else {
            continue;
        };
        let (ms, mut style): (Vec<Option<i64>>, TimeStyle) = match c.dtype() {
            DataType::Datetime(_, tz) => {
                let ms = c.cast(&DataType::Datetime(TimeUnit::Milliseconds, tz.clone()))?;
                let zoned = tz.is_some();
                let ms = ms.datetime()?.physical().iter().collect();
                (
                    ms,
                    TimeStyle {
                        zoned,
                        ..TimeStyle::default()
                    },
                )
            }
            DataType::Date => {
                let days = c.date()?.physical().iter();
                let ms = days.map(|d| d.map(|d| i64::from(d) * 86_400_000)).collect();
                (
                    ms,
                    TimeStyle {
                        date: true,
                        ..TimeStyle::default()
                    },
                )
            }
            _ => continue,
        };
        // A year the text could not write (a sign, five digits) stays text, as before:
        // no layout reads it.
        if ms.iter().flatten().any(|v| !WRITABLE.contains(v)) {
            continue;
        }
        style.with_ms = !style.date && ms.iter().flatten().any(|v| v.rem_euclid(1000) != 0);
        let name = c.name().clone();
        let empty = Column::new_scalar(name, Scalar::null(DataType::String), height);
        df.replace_column(i, empty)?;
        out.push((i, ms, style));
    }
    Ok((df, out))
}

fn reader(path: &Path) -> Result<ParquetReader<std::fs::File>, InputError> {
    let file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
    Ok(ParquetReader::new(file))
}

fn unreadable(path: &Path, e: &dyn std::fmt::Display) -> InputError {
    InputError::Unreadable {
        path: path.display().to_string(),
        detail: format!("not a readable Parquet file: {e}"),
    }
}

/// Every column as text, the columns in parallel.
fn as_text(df: DataFrame) -> PolarsResult<DataFrame> {
    let out = df.try_apply_columns_par(column_text)?;
    DataFrame::new(df.height(), out)
}

fn column_text(c: &Column) -> PolarsResult<Column> {
    let name = c.name().clone();
    let text = match c.dtype() {
        DataType::Datetime(_, tz) => {
            let zoned = tz.is_some();
            let ms = c.cast(&DataType::Datetime(TimeUnit::Milliseconds, tz.clone()))?;
            datetime_text(name, ms.datetime()?.physical(), zoned)
        }
        DataType::Date => date_text(name, c.date()?.physical()),
        _ => return c.cast(&DataType::String),
    };
    Ok(text.into_series().into())
}

/// Milliseconds since the epoch (UTC for zoned columns) as text.
fn datetime_text(name: PlSmallStr, ms: &Int64Chunked, zoned: bool) -> StringChunked {
    let with_ms = ms.iter().flatten().any(|v| v.rem_euclid(1000) != 0);
    let mut out = StringChunkedBuilder::new(name, ms.len());
    let mut buf = Vec::with_capacity(40);
    for v in ms.iter() {
        match v.and_then(DateTime::from_timestamp_millis) {
            Some(t) => {
                buf.clear();
                write_datetime(&mut buf, &t.naive_utc(), with_ms, zoned);
                out.append_value(std::str::from_utf8(&buf).expect("ASCII digits"));
            }
            None => out.append_null(),
        }
    }
    out.finish()
}

/// Days since the epoch as `YYYY-MM-DD`.
fn date_text(name: PlSmallStr, days: &Int32Chunked) -> StringChunked {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    let mut out = StringChunkedBuilder::new(name, days.len());
    let mut buf = Vec::with_capacity(16);
    for v in days.iter() {
        match v.and_then(|d| epoch.checked_add_signed(chrono::TimeDelta::days(d.into()))) {
            Some(d) => {
                buf.clear();
                write_date(&mut buf, &d);
                out.append_value(std::str::from_utf8(&buf).expect("ASCII digits"));
            }
            None => out.append_null(),
        }
    }
    out.finish()
}

fn write_date(buf: &mut Vec<u8>, d: &impl Datelike) {
    let y = d.year();
    if (0..=9999).contains(&y) {
        digits(buf, y as u32, 4);
    } else {
        // Years outside 0..=9999 keep chrono's spelling (sign and all digits).
        let _ = write!(buf, "{y:+05}");
    }
    buf.push(b'-');
    digits(buf, d.month(), 2);
    buf.push(b'-');
    digits(buf, d.day(), 2);
}

fn write_datetime(buf: &mut Vec<u8>, t: &chrono::NaiveDateTime, with_ms: bool, zoned: bool) {
    write_date(buf, t);
    buf.push(b' ');
    digits(buf, t.hour(), 2);
    buf.push(b':');
    digits(buf, t.minute(), 2);
    buf.push(b':');
    digits(buf, t.second(), 2);
    if with_ms {
        buf.push(b'.');
        digits(buf, t.nanosecond() / 1_000_000, 3);
    }
    if zoned {
        buf.extend_from_slice(b"+00:00");
    }
}

/// `v` in exactly `width` decimal digits (zero-padded; `v` is below 10^width).
fn digits(buf: &mut Vec<u8>, v: u32, width: u32) {
    for i in (0..width).rev() {
        buf.push(b'0' + (v / 10u32.pow(i) % 10) as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(c: Column) -> Vec<Option<String>> {
        let t = column_text(&c).unwrap();
        t.str()
            .unwrap()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    }

    fn datetimes(ms: &[Option<i64>], tz: Option<TimeZone>) -> Column {
        Int64Chunked::from_iter(ms.iter().copied())
            .into_datetime(TimeUnit::Milliseconds, tz)
            .into_series()
            .into()
    }

    #[test]
    fn datetimes_are_written_as_strftime_would() {
        let ms = [
            Some(1_704_186_000_000), // 2024-01-02 09:00:00
            None,
            Some(-1),              // 1969-12-31 23:59:59.999
            Some(951_782_400_123), // 2000-02-29 00:00:00.123
        ];
        let got = texts(datetimes(&ms, None));
        let want: Vec<Option<String>> = ms
            .iter()
            .map(|v| {
                v.and_then(DateTime::from_timestamp_millis)
                    .map(|t| t.format("%Y-%m-%d %H:%M:%S%.3f").to_string())
            })
            .collect();
        assert_eq!(got, want);
        assert_eq!(got[0].as_deref(), Some("2024-01-02 09:00:00.000"));
        assert_eq!(got[2].as_deref(), Some("1969-12-31 23:59:59.999"));
    }

    #[test]
    fn whole_seconds_are_written_without_a_fraction_and_zoned_times_in_utc() {
        let c = datetimes(&[Some(1_704_186_000_000), Some(0)], None);
        assert_eq!(
            texts(c),
            [
                Some("2024-01-02 09:00:00".to_string()),
                Some("1970-01-01 00:00:00".to_string())
            ]
        );
        let zoned = datetimes(&[Some(1_704_186_000_000)], Some(TimeZone::UTC));
        assert_eq!(
            texts(zoned),
            [Some("2024-01-02 09:00:00+00:00".to_string())]
        );
        let us = Int64Chunked::from_iter([Some(1_704_186_000_123_456i64)])
            .into_datetime(TimeUnit::Microseconds, None)
            .into_series()
            .into();
        assert_eq!(texts(us), [Some("2024-01-02 09:00:00.123".to_string())]);
    }

    #[test]
    fn dates_and_other_columns_become_text() {
        let days: Column = Int32Chunked::from_iter([Some(19_724), None, Some(-1)])
            .into_date()
            .into_series()
            .into();
        assert_eq!(
            texts(days),
            [
                Some("2024-01-02".to_string()),
                None,
                Some("1969-12-31".to_string())
            ]
        );
        let n: Column = Series::new("n".into(), [1i64, 2]).into();
        assert_eq!(texts(n), [Some("1".to_string()), Some("2".to_string())]);
    }
}
