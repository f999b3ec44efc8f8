//! Every row of a task log typed, one record at a time: the roles' cells cleaned
//! (trimmed, missing-value markers as missing), case ids and names interned as codes
//! ([`super::dict`]), times read in their detected layouts and converted to UTC, planned
//! dates as deadlines, and each row either kept as an event row or rejected with the
//! first check it fails (in a fixed order), its column and its value.
//!
//! A [`Chunk`] holds what one stretch of records gave: compact columns of the usable
//! rows, the codes' names, the rejections tallied. Chunks are typed in parallel and
//! merged in file order ([`super::assemble`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::cells::na_spellings;
use super::columns::Role;
use super::dict::Dict;
use super::read::stream::Cell;
use super::read::TimeStyle;
use super::tasklog::{Columns, Sources, TasklogOptions};
use super::time::value::Reader;
use super::timecols::TimeSource;
use crate::model::facts::RejectReason;
use crate::model::TimestampShape;

/// A code for "no value".
pub(super) const NONE: u32 = u32::MAX;
/// A time for "no value".
pub(super) const NO_MS: i64 = i64::MIN;
/// How many rejections are listed one by one.
pub(super) const LISTED: usize = 100;

/// The usable rows' columns (empty for a role the log does not have).
#[derive(Debug, Default)]
pub(super) struct EventCols {
    pub case: Vec<u32>,
    pub stage: Vec<u32>,
    pub dept: Vec<u32>,
    pub owner: Vec<u32>,
    pub status: Vec<u32>,
    pub lifecycle: Vec<u32>,
    pub attrs: Vec<Vec<u32>>,
    pub start: Vec<i64>,
    pub end: Vec<i64>,
    pub planned: Vec<i64>,
    /// The row in the file (within the chunk until merged, for CSV blocks).
    pub row: Vec<u32>,
    /// A status history's stay continues the previous one's status (set by the
    /// shapes; empty means none does).
    pub continues: Vec<bool>,
}

/// The names behind each code column.
#[derive(Debug, Default, Clone)]
pub(super) struct Dicts {
    pub case: Dict,
    pub stage: Dict,
    pub dept: Dict,
    pub owner: Dict,
    pub status: Dict,
    pub lifecycle: Dict,
    pub attrs: Vec<Dict>,
}

/// One rejected row, as listed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rejected {
    pub row: u32,
    pub reason: RejectReason,
    pub column: String,
    pub value: String,
}

/// The rejected rows: counted by reason, the first listed, and the cases whose
/// activity is still open.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub by_reason: BTreeMap<RejectReason, usize>,
    pub first: Vec<Rejected>,
    /// Case codes of rows rejected as still open (an activity without an end).
    pub open: Vec<u32>,
    pub total: usize,
}

impl Tally {
    /// Counts one rejection (listed while fewer than [`LISTED`] are).
    pub fn add(&mut self, r: Rejected, case: Option<u32>) {
        *self.by_reason.entry(r.reason).or_default() += 1;
        self.total += 1;
        if r.reason.still_open() {
            self.open.extend(case);
        }
        if self.first.len() < LISTED {
            self.first.push(r);
        }
    }
}

/// What a stretch of records gave.
#[derive(Debug, Default)]
pub(super) struct Chunk {
    pub cols: EventCols,
    pub dicts: Dicts,
    pub rejects: Tally,
    /// The distinct UTC offsets written in the start and the end column.
    pub offsets: [BTreeSet<String>; 2],
    /// Records seen, blank ones included.
    pub records: u32,
    pub blank: u32,
}

/// Where a time comes from in a record.
#[derive(Debug, Clone)]
enum TimeCells {
    One(usize),
    /// A date column and a time-of-day column.
    Pair(usize, usize),
}

/// A time column: its cells, its reader and its header.
#[derive(Debug, Clone)]
struct TimeCol {
    cells: TimeCells,
    reader: Reader,
    header: String,
    /// Whether the distinct offsets written in it are collected.
    offsets: bool,
}

/// Missing-value markers (trimmed values compared as written), by length in bytes: a
/// value is compared with the few markers of its length, if any.
#[derive(Debug, Clone)]
struct Markers {
    by_len: Vec<Vec<String>>,
}

impl Markers {
    fn new(na: &[String]) -> Markers {
        let mut by_len: Vec<Vec<String>> = Vec::new();
        for m in na_spellings(na) {
            if by_len.len() <= m.len() {
                by_len.resize(m.len() + 1, Vec::new());
            }
            by_len[m.len()].push(m);
        }
        Markers { by_len }
    }

    /// The trimmed value, or `None` for an empty cell or a marker.
    fn clean<'a>(&self, v: Option<&'a str>) -> Option<&'a str> {
        let t = trim(v?);
        let marker = t.is_empty()
            || self
                .by_len
                .get(t.len())
                .is_some_and(|ms| ms.iter().any(|m| m == t));
        (!marker).then_some(t)
    }
}

/// `str::trim`, quicker for the usual cell that starts and ends with an ASCII
/// character other than white space.
#[inline]
fn trim(v: &str) -> &str {
    // ASCII characters above the space are never white space.
    let plain = |b: u8| b > b' ' && b.is_ascii();
    match (v.as_bytes().first(), v.as_bytes().last()) {
        (Some(&a), Some(&z)) if plain(a) && plain(z) => v,
        _ => v.trim(),
    }
}

/// Types the records of one task log (see the module docs).
#[derive(Debug, Clone)]
pub(super) struct Typer {
    width: usize,
    case: usize,
    stage: usize,
    dept: Option<usize>,
    owner: Option<usize>,
    status: Option<usize>,
    lifecycle: Option<usize>,
    attrs: Vec<usize>,
    start: TimeCol,
    /// `None` when the log has one timestamp (the end is the start).
    end: Option<TimeCol>,
    planned: Option<TimeCol>,
    markers: Markers,
    case_header: String,
    stage_header: String,
}

/// The position of `header` among the table's (unique) column names.
fn position(names: &[String], header: &str) -> Option<usize> {
    names
        .iter()
        .position(|n| n == header)
        .or_else(|| names.iter().position(|n| n == header.trim()))
}

impl Typer {
    /// A typer for a table whose columns are named `names` (unique, in file order).
    pub fn new(
        names: &[String],
        cols: &Columns,
        src: &Sources,
        opts: &TasklogOptions,
    ) -> Option<Typer> {
        let at = |h: &str| position(names, h);
        let role = |r: Role| cols.mapping.get(&r).and_then(|h| at(h));
        let tz = cols.tz;
        let time = |s: &TimeSource| -> Option<TimeCol> {
            let cells = match s.parts.as_slice() {
                [one] => TimeCells::One(at(one)?),
                [d, t] => TimeCells::Pair(at(d)?, at(t)?),
                _ => return None,
            };
            Some(TimeCol {
                cells,
                reader: Reader::new(&s.fmt, tz),
                header: s.header.clone(),
                offsets: s.fmt.absolute()
                    && matches!(s.fmt.kind, super::time::Kind::Pattern { .. }),
            })
        };
        let single = src.times.shape == TimestampShape::Single;
        Some(Typer {
            width: names.len(),
            case: at(&cols.case)?,
            stage: at(&cols.stage)?,
            dept: role(Role::Department),
            owner: role(Role::Owner),
            status: role(Role::Status),
            lifecycle: cols.lifecycle.as_deref().and_then(at),
            attrs: opts
                .attributes
                .iter()
                .map(|a| at(a))
                .collect::<Option<_>>()?,
            start: time(&src.times.start)?,
            end: if single {
                None
            } else {
                Some(time(&src.times.end)?)
            },
            planned: match &src.planned {
                Some(p) => Some(time(p)?),
                None => None,
            },
            markers: Markers::new(&opts.na),
            case_header: cols.case.clone(),
            stage_header: cols.stage.clone(),
        })
    }

    /// A chunk with the columns this log has, room made for `rows` rows.
    pub fn chunk(&self, rows: usize) -> Chunk {
        let mut c = Chunk::default();
        self.reserve(&mut c.cols, rows);
        c.dicts.attrs = vec![Dict::default(); self.attrs.len()];
        c
    }

    /// Makes room for `rows` more rows in the columns this log has (reserving does not
    /// touch memory: room never used costs nothing).
    pub fn reserve(&self, cols: &mut EventCols, rows: usize) {
        let some = |on: bool| if on { rows } else { 0 };
        for (v, on) in [
            (&mut cols.case, true),
            (&mut cols.stage, true),
            (&mut cols.dept, self.dept.is_some()),
            (&mut cols.owner, self.owner.is_some()),
            (&mut cols.status, self.status.is_some()),
            (&mut cols.lifecycle, self.lifecycle.is_some()),
            (&mut cols.row, true),
        ] {
            v.reserve(some(on));
        }
        cols.start.reserve(rows);
        cols.end.reserve(rows);
        cols.planned.reserve(some(self.planned.is_some()));
        cols.attrs.resize(self.attrs.len(), Vec::new());
        for a in &mut cols.attrs {
            a.reserve(rows);
        }
    }

    /// Whether every cell of the record is empty or blank.
    fn blank<C: Cell + ?Sized>(&self, cells: &C) -> bool {
        (0..self.width).all(|i| cells.get(i).is_none_or(|v| trim(v).is_empty()))
    }

    /// The text of a time (a date and a time of day joined), cleaned.
    fn time_text<'a, C: Cell + ?Sized>(&self, t: &TimeCol, cells: &'a C) -> Option<Cow<'a, str>> {
        match t.cells {
            TimeCells::One(i) => self.markers.clean(cells.get(i)).map(Cow::Borrowed),
            TimeCells::Pair(d, h) => {
                let date = strip_midnight(self.markers.clean(cells.get(d))?);
                let time = self.markers.clean(cells.get(h))?;
                Some(Cow::Owned(format!("{date} {time}")))
            }
        }
    }

    /// A time's cell: typed milliseconds when the table has them for its column, its
    /// text otherwise.
    fn time_raw<'a, C: Cell + ?Sized>(&self, t: &TimeCol, cells: &'a C) -> Option<Raw<'a>> {
        if let TimeCells::One(i) = t.cells {
            if let Some((ms, style)) = cells.millis(i) {
                return ms.map(|ms| Raw::Millis(ms, style));
            }
        }
        self.time_text(t, cells).map(Raw::Text)
    }

    /// Every column a row's typing reads (besides the blank-row check).
    pub fn columns_read(&self) -> Vec<usize> {
        let times = [Some(&self.start), self.end.as_ref(), self.planned.as_ref()]
            .into_iter()
            .flatten()
            .flat_map(|t| match t.cells {
                TimeCells::One(i) => vec![i],
                TimeCells::Pair(d, h) => vec![d, h],
            });
        let mut out: Vec<usize> = [Some(self.case), Some(self.stage), self.dept, self.owner]
            .into_iter()
            .chain([self.status, self.lifecycle])
            .flatten()
            .chain(self.attrs.iter().copied())
            .chain(times)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The columns that are read only as one time each (start, end or planned, not
    /// joined with another, not any other role): a table may give them as typed
    /// milliseconds ([`Cell::millis`]).
    pub fn time_only_columns(&self) -> Vec<usize> {
        let others: Vec<usize> = [Some(self.case), Some(self.stage), self.dept, self.owner]
            .into_iter()
            .chain([self.status, self.lifecycle])
            .flatten()
            .chain(self.attrs.iter().copied())
            .collect();
        let mut out: Vec<usize> = [Some(&self.start), self.end.as_ref(), self.planned.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|t| match t.cells {
                TimeCells::One(i) if !others.contains(&i) => Some(i),
                _ => None,
            })
            .collect();
        let pairs: Vec<usize> = [Some(&self.start), self.end.as_ref(), self.planned.as_ref()]
            .into_iter()
            .flatten()
            .flat_map(|t| match t.cells {
                TimeCells::Pair(d, h) => vec![d, h],
                TimeCells::One(_) => Vec::new(),
            })
            .collect();
        out.retain(|i| !pairs.contains(i));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Types one record (`row` is its row number) into `out`.
    pub fn record<C: Cell + ?Sized>(&self, cells: &C, row: u32, out: &mut Chunk) {
        out.records += 1;
        if self.blank(cells) {
            out.blank += 1;
            return;
        }
        let start_raw = self.time_raw(&self.start, cells);
        let end_col = self.end.as_ref().unwrap_or(&self.start);
        let end_raw = match &self.end {
            Some(e) => self.time_raw(e, cells),
            None => start_raw.clone(),
        };
        collect_offset(&self.start, start_raw.as_ref(), &mut out.offsets[0]);
        collect_offset(end_col, end_raw.as_ref(), &mut out.offsets[1]);
        let case = self.markers.clean(cells.get(self.case));
        let stage = self.markers.clean(cells.get(self.stage));
        let (start_naive, start) = read(&self.start, start_raw.as_ref());
        let (end_naive, end) = read(end_col, end_raw.as_ref());
        let times = Times {
            start_raw,
            start_naive,
            start,
            end_raw,
            end_naive,
            end,
        };
        match self.check(case.is_some(), stage.is_some(), &times) {
            Some((reason, column, value)) => {
                let case = case.map(|c| out.dicts.case.code(c));
                let raw = match value {
                    Value::None => None,
                    Value::Start => times.start_raw.as_ref(),
                    Value::End => times.end_raw.as_ref(),
                };
                let r = Rejected {
                    row,
                    reason,
                    column: column.to_string(),
                    value: raw.map(Raw::text).unwrap_or_default(),
                };
                out.rejects.add(r, case);
            }
            None => {
                let (Some(case), Some(stage), Some(s), Some(e)) = (case, stage, start, end) else {
                    return;
                };
                self.keep(cells, (case, stage, s, e, row), out);
            }
        }
    }

    /// The first check a row fails: its reason, the column and which value is shown.
    fn check(&self, case: bool, stage: bool, t: &Times<'_>) -> Option<(RejectReason, &str, Value)> {
        let start_h = self.start.header.as_str();
        let end_h = self.end.as_ref().unwrap_or(&self.start).header.as_str();
        let empty_start = if self.end.is_none() {
            RejectReason::TimeEmpty
        } else {
            RejectReason::StartEmpty
        };
        let bad = RejectReason::TimeNotUnderstood;
        let dst = RejectReason::LocalTimeInvalid;
        let (start, end) = (Value::Start, Value::End);
        let checks = [
            (
                !case,
                RejectReason::CaseEmpty,
                self.case_header.as_str(),
                Value::None,
            ),
            (
                !stage,
                RejectReason::StageEmpty,
                self.stage_header.as_str(),
                Value::None,
            ),
            (t.start_raw.is_none(), empty_start, start_h, Value::None),
            (t.start_naive.is_none(), bad, start_h, start),
            (t.start.is_none(), dst, start_h, start),
            (
                t.end_raw.is_none(),
                RejectReason::EndEmpty,
                end_h,
                Value::None,
            ),
            (t.end_naive.is_none(), bad, end_h, end),
            (t.end.is_none(), dst, end_h, end),
            (
                matches!((t.start, t.end), (Some(s), Some(e)) if e < s),
                RejectReason::EndBeforeStart,
                end_h,
                end,
            ),
        ];
        checks
            .into_iter()
            .find(|c| c.0)
            .map(|(_, reason, column, value)| (reason, column, value))
    }

    /// Adds a usable row's codes and times.
    fn keep<C: Cell + ?Sized>(
        &self,
        cells: &C,
        (case, stage, s, e, row): (&str, &str, i64, i64, u32),
        out: &mut Chunk,
    ) {
        let (c, d) = (&mut out.cols, &mut out.dicts);
        c.case.push(d.case.code(case));
        c.stage.push(d.stage.code(stage));
        let code = |idx: Option<usize>, col: &mut Vec<u32>, dict: &mut Dict| {
            if let Some(i) = idx {
                col.push(
                    self.markers
                        .clean(cells.get(i))
                        .map_or(NONE, |v| dict.code(v)),
                );
            }
        };
        code(self.dept, &mut c.dept, &mut d.dept);
        code(self.owner, &mut c.owner, &mut d.owner);
        code(self.status, &mut c.status, &mut d.status);
        code(self.lifecycle, &mut c.lifecycle, &mut d.lifecycle);
        for (k, &i) in self.attrs.iter().enumerate() {
            code(Some(i), &mut c.attrs[k], &mut d.attrs[k]);
        }
        c.start.push(s);
        c.end.push(e);
        if let Some(p) = &self.planned {
            c.planned.push(self.deadline(p, cells).unwrap_or(NO_MS));
        }
        c.row.push(row);
    }

    /// The planned end in UTC ms; a date without a time of day is due by its end.
    fn deadline<C: Cell + ?Sized>(&self, p: &TimeCol, cells: &C) -> Option<i64> {
        let raw = self.time_raw(p, cells);
        let naive = read(p, raw.as_ref()).0?;
        let ms = p.reader.to_utc(naive)?;
        const DAY: i64 = 86_400_000;
        Some(if naive % DAY == 0 { ms + DAY - 1 } else { ms })
    }
}

/// Which time cell a rejection shows.
#[derive(Debug, Clone, Copy)]
enum Value {
    None,
    Start,
    End,
}

/// A time's naive and UTC milliseconds (see [`Reader`]).
fn read(t: &TimeCol, raw: Option<&Raw<'_>>) -> (Option<i64>, Option<i64>) {
    let naive = match raw {
        Some(Raw::Text(v)) => t.reader.naive(v),
        Some(Raw::Millis(ms, _)) => Some(*ms),
        None => None,
    };
    (naive, naive.and_then(|n| t.reader.to_utc(n)))
}

/// A time cell as read: its text, or the milliseconds of a typed datetime or date
/// (Parquet), spelled out only when a rejection shows it.
#[derive(Debug, Clone)]
enum Raw<'a> {
    Text(Cow<'a, str>),
    Millis(i64, TimeStyle),
}

impl Raw<'_> {
    /// The value as a rejection shows it (a typed time as its column's text would be).
    fn text(&self) -> String {
        match self {
            Raw::Text(t) => t.to_string(),
            Raw::Millis(ms, style) => super::read::time_text(*ms, *style),
        }
    }
}

/// A row's times as read: raw cells, naive and UTC milliseconds.
struct Times<'a> {
    start_raw: Option<Raw<'a>>,
    start_naive: Option<i64>,
    start: Option<i64>,
    end_raw: Option<Raw<'a>>,
    end_naive: Option<i64>,
    end: Option<i64>,
}

/// A date text without a midnight time of day (`2024-03-01 00:00:00.000` →
/// `2024-03-01`), as a date cell joined with a time-of-day cell is read: a space or `T`,
/// then `00:00`, `00:00:00` or `00:00:00.0…` at the end.
fn strip_midnight(v: &str) -> &str {
    let cut = |body: &str, time: &str| -> Option<usize> {
        let head = body.strip_suffix(time)?;
        head.ends_with([' ', 'T']).then(|| head.len() - 1)
    };
    let fraction = v
        .rfind('.')
        .filter(|&i| i + 1 < v.len() && v[i + 1..].bytes().all(|b| b == b'0'));
    let end = match fraction {
        Some(i) => cut(&v[..i], "00:00:00"),
        None => cut(v, "00:00:00").or_else(|| cut(v, "00:00")),
    };
    end.map_or(v, |e| &v[..e])
}

/// Adds the UTC offset written at the end of `raw` to `seen` (if the column's are
/// collected and it is new).
fn collect_offset(t: &TimeCol, raw: Option<&Raw<'_>>, seen: &mut BTreeSet<String>) {
    if !t.offsets {
        return;
    }
    let o = match raw {
        Some(Raw::Text(v)) => offset_suffix(v),
        // A typed zoned time is written in UTC, `+00:00`.
        Some(Raw::Millis(_, style)) if style.zoned => Some("+00:00"),
        Some(Raw::Millis(..)) => None,
        None => None,
    };
    if let Some(o) = o {
        if !seen.contains(o) {
            seen.insert(o.to_string());
        }
    }
}

/// The offset at the end of a time text: `GMT` with what follows it (`GMT+8`), `±HH:MM`
/// or `±HHMM`, or `Z`.
pub(super) fn offset_suffix(v: &str) -> Option<&str> {
    if let Some(i) = v.rfind("GMT") {
        let tail = &v[i + 3..];
        let tail = tail.strip_prefix(['+', '-']).unwrap_or(tail);
        if tail.bytes().all(|b| b.is_ascii_digit() || b == b':') {
            return Some(&v[i..]);
        }
    }
    let b = v.as_bytes();
    for len in [6, 5] {
        if b.len() >= len {
            let s = &b[b.len() - len..];
            let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
            let ok = matches!(s[0], b'+' | b'-')
                && if len == 6 {
                    digits(&s[1..3]) && s[3] == b':' && digits(&s[4..])
                } else {
                    digits(&s[1..])
                };
            if ok {
                return Some(&v[v.len() - len..]);
            }
        }
    }
    v.ends_with(['Z', 'z']).then(|| &v[v.len() - 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midnight_is_cut_from_a_date_joined_with_a_time() {
        assert_eq!(strip_midnight("2024-03-01 00:00:00.000"), "2024-03-01");
        assert_eq!(strip_midnight("2024-03-01T00:00"), "2024-03-01");
        assert_eq!(strip_midnight("2024-03-01 00:00:00"), "2024-03-01");
        assert_eq!(
            strip_midnight("2024-03-01 00:00:00.5"),
            "2024-03-01 00:00:00.5"
        );
        assert_eq!(strip_midnight("2024-03-01 10:00:00"), "2024-03-01 10:00:00");
        assert_eq!(strip_midnight("2024-03-01"), "2024-03-01");
        assert_eq!(strip_midnight("00:00"), "00:00");
    }

    #[test]
    fn offsets_are_read_off_the_end() {
        assert_eq!(
            offset_suffix("2011-10-11 13:45:40.276+02:00"),
            Some("+02:00")
        );
        assert_eq!(offset_suffix("2011-10-11T13:45:40-0500"), Some("-0500"));
        assert_eq!(offset_suffix("2016-01-04T12:09:44Z"), Some("Z"));
        assert_eq!(offset_suffix("2023/03/15 3:45:12 PM GMT+8"), Some("GMT+8"));
        assert_eq!(offset_suffix("2023/03/15 3:45:12 PM GMT"), Some("GMT"));
        assert_eq!(offset_suffix("2024-03-01 14:05"), None);
    }

    #[test]
    fn trimming_is_strs() {
        for v in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{b}a",
            "a\u{3000}",
            "研发部",
            " 研发部",
            "a\u{85}",
            "\u{7f}",
        ] {
            assert_eq!(trim(v), v.trim(), "{v:?}");
        }
    }

    #[test]
    fn markers_and_blanks_are_missing() {
        let m = Markers::new(
            &super::super::cells::DEFAULT_NA
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        );
        assert_eq!(m.clean(Some("  研发部\u{3000}")), Some("研发部"));
        assert_eq!(m.clean(Some(" n/a ")), None);
        assert_eq!(m.clean(Some("")), None);
        assert_eq!(m.clean(Some("NAB")), Some("NAB"));
        assert_eq!(m.clean(None), None);
    }
}
