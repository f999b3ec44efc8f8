//! Typed chunks ([`super::typing::Chunk`]) made into one sorted event table: merged in
//! file order (each chunk's codes mapped to the log's), shaped (lifecycle rows paired,
//! status runs; through polars, on the codes), the codes renumbered so that they sort
//! as their names do, and the events put in case order (then start, end, file row)
//! by a counting sort on the case and a small sort within each case.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::dict::{ranked, Dict};
use super::shapes::{self, LogShape};
use super::typing::{Chunk, Dicts, EventCols, Rejected, Tally, LISTED, NONE, NO_MS};
use crate::model::facts::RejectReason;
use crate::model::{col_names as c, Names};

/// Chunks merged so far.
#[derive(Debug, Default)]
pub(super) struct Merged {
    pub cols: EventCols,
    pub dicts: Dicts,
    pub rejects: Tally,
    pub offsets: [std::collections::BTreeSet<String>; 2],
    /// Records seen (blank ones included) and blank records.
    pub records: usize,
    pub blank: usize,
}

/// Maps a chunk's codes in place through `map` (chunk code → merged code).
fn map_codes(codes: &mut [u32], map: &[u32]) {
    for k in codes.iter_mut().filter(|k| **k != NONE) {
        *k = map[*k as usize];
    }
}

/// Gives a chunk the log's codes: its names added to `into` (in their order), its code
/// columns and open cases mapped, its own names dropped. Only the adding needs `into`;
/// the mapping is done after.
pub(super) fn globalize(chunk: &mut Chunk, into: &std::sync::Mutex<Dicts>) {
    let local = std::mem::take(&mut chunk.dicts);
    let maps = {
        let mut d = into.lock().unwrap_or_else(|e| e.into_inner());
        d.attrs.resize(local.attrs.len(), Dict::default());
        Maps {
            case: d.case.absorb(&local.case),
            stage: d.stage.absorb(&local.stage),
            dept: d.dept.absorb(&local.dept),
            owner: d.owner.absorb(&local.owner),
            status: d.status.absorb(&local.status),
            lifecycle: d.lifecycle.absorb(&local.lifecycle),
            attrs: d
                .attrs
                .iter_mut()
                .zip(&local.attrs)
                .map(|(g, l)| g.absorb(l))
                .collect(),
        }
    };
    let c = &mut chunk.cols;
    map_codes(&mut c.case, &maps.case);
    map_codes(&mut c.stage, &maps.stage);
    map_codes(&mut c.dept, &maps.dept);
    map_codes(&mut c.owner, &maps.owner);
    map_codes(&mut c.status, &maps.status);
    map_codes(&mut c.lifecycle, &maps.lifecycle);
    for (codes, map) in c.attrs.iter_mut().zip(&maps.attrs) {
        map_codes(codes, map);
    }
    map_codes(&mut chunk.rejects.open, &maps.case);
}

/// Per code column, chunk code → merged code.
struct Maps {
    case: Vec<u32>,
    stage: Vec<u32>,
    dept: Vec<u32>,
    owner: Vec<u32>,
    status: Vec<u32>,
    lifecycle: Vec<u32>,
    attrs: Vec<Vec<u32>>,
}

impl Merged {
    /// Adds the next chunk in file order, its codes already the log's ([`globalize`]);
    /// `row_base` is added to its row numbers (a CSV block counts its records from 0).
    pub fn append(&mut self, chunk: Chunk, row_base: u32) {
        let Chunk {
            cols,
            rejects,
            offsets,
            records,
            blank,
            ..
        } = chunk;
        let m = &mut self.cols;
        m.case.extend_from_slice(&cols.case);
        m.stage.extend_from_slice(&cols.stage);
        m.dept.extend_from_slice(&cols.dept);
        m.owner.extend_from_slice(&cols.owner);
        m.status.extend_from_slice(&cols.status);
        m.lifecycle.extend_from_slice(&cols.lifecycle);
        m.attrs.resize(cols.attrs.len(), Vec::new());
        for (into, from) in m.attrs.iter_mut().zip(&cols.attrs) {
            into.extend_from_slice(from);
        }
        m.start.extend_from_slice(&cols.start);
        m.end.extend_from_slice(&cols.end);
        m.planned.extend_from_slice(&cols.planned);
        m.row.extend(cols.row.iter().map(|r| r + row_base));
        self.add_rejects(rejects, row_base);
        for (seen, new) in self.offsets.iter_mut().zip(offsets) {
            seen.extend(new);
        }
        self.records += records as usize;
        self.blank += blank as usize;
    }

    fn add_rejects(&mut self, r: Tally, row_base: u32) {
        let t = &mut self.rejects;
        for (reason, n) in r.by_reason {
            *t.by_reason.entry(reason).or_default() += n;
        }
        t.total += r.total;
        t.open.extend_from_slice(&r.open);
        let room = LISTED.saturating_sub(t.first.len());
        t.first
            .extend(r.first.into_iter().take(room).map(|x| Rejected {
                row: x.row + row_base,
                ..x
            }));
    }
}

/// The log's events in case order, the names behind their codes, and what else the
/// task log keeps.
pub(super) struct Assembled {
    pub events: DataFrame,
    pub names: Names,
    pub rejects: Tally,
    /// Case ids with an activity still open, sorted.
    pub open_cases: Vec<String>,
    /// One row per case: `case` and each attribute's first value.
    pub case_attributes: Option<DataFrame>,
}

/// Which optional event columns the log has.
#[derive(Debug, Clone, Copy)]
pub(super) struct Present {
    pub dept: bool,
    pub owner: bool,
    pub status: bool,
    pub planned: bool,
}

/// Shapes, renumbers and sorts the merged rows (see the module docs).
pub(super) fn assemble(
    merged: Merged,
    shape: LogShape,
    lifecycle_header: Option<&str>,
    present: Present,
    attributes: &[String],
) -> PolarsResult<Assembled> {
    let Merged {
        cols,
        mut dicts,
        mut rejects,
        ..
    } = merged;
    let first_attrs = first_attributes(&cols);
    let attr_dicts = std::mem::take(&mut dicts.attrs);
    let cols = match shape {
        LogShape::Activity => cols,
        _ => {
            let (events, shaped) = shape_rows(cols, &dicts, shape, lifecycle_header, present)?;
            add_shape_rejects(&mut rejects, shaped)?;
            events
        }
    };
    let open_cases = open_case_ids(&rejects.open, dicts.case.names());
    let (cols, names, case_old) = renumber(cols, dicts)?;
    let case_attributes = attribute_frame(
        &names.cases,
        &case_old,
        &first_attrs,
        (attributes, attr_dicts),
    )?;
    let cols = in_case_order(cols, names.cases.len());
    Ok(Assembled {
        events: frame(cols, present)?,
        names,
        rejects,
        open_cases,
        case_attributes,
    })
}

/// Per attribute and case code, the first value written (in file order) among the
/// usable rows.
fn first_attributes(cols: &EventCols) -> Vec<Vec<u32>> {
    let cases = cols.case.iter().max().map_or(0, |m| *m as usize + 1);
    cols.attrs
        .iter()
        .map(|values| {
            let mut first = vec![NONE; cases];
            for (&k, &v) in cols.case.iter().zip(values) {
                if v != NONE && first[k as usize] == NONE {
                    first[k as usize] = v;
                }
            }
            first
        })
        .collect()
}

/// The case ids of `open` codes, sorted and distinct.
fn open_case_ids(open: &[u32], cases: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = open.iter().map(|&k| cases[k as usize].clone()).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// A code column as polars values (null for none), or all null when the log lacks it.
fn code_column(name: &str, codes: Vec<u32>, present: bool, height: usize) -> Column {
    if !present || codes.is_empty() {
        return Column::new_scalar(name.into(), Scalar::null(DataType::UInt32), height);
    }
    if !codes.contains(&NONE) {
        return UInt32Chunked::from_vec(name.into(), codes).into_column();
    }
    let ca: UInt32Chunked = codes.iter().map(|&k| (k != NONE).then_some(k)).collect();
    ca.with_name(name.into()).into_column()
}

/// Planned times as polars values (null for none), or all null when there are none.
fn time_column(name: &str, ms: Vec<i64>, height: usize) -> Column {
    if ms.is_empty() || ms.iter().all(|&v| v == NO_MS) {
        return Column::new_scalar(name.into(), Scalar::null(DataType::Int64), height);
    }
    let ca: Int64Chunked = ms.iter().map(|&v| (v != NO_MS).then_some(v)).collect();
    ca.with_name(name.into()).into_column()
}

/// The rows as the frame the shapes read: the event columns (the case code named
/// `case`) and, for a lifecycle log, its `lifecycle` text.
fn shape_input(mut cols: EventCols, dicts: &Dicts, present: Present) -> PolarsResult<DataFrame> {
    let lifecycle: Option<StringChunked> = (!cols.lifecycle.is_empty()).then(|| {
        let names = dicts.lifecycle.names();
        cols.lifecycle
            .iter()
            .map(|&k| (k != NONE).then(|| names[k as usize].as_str()))
            .collect()
    });
    cols.lifecycle = Vec::new();
    let mut df = event_frame(cols, present, c::CASE)?;
    if let Some(l) = lifecycle {
        df.with_column(l.with_name("lifecycle".into()).into_column())?;
    }
    Ok(df)
}

/// Lifecycle pairs or status runs: the events, and the rows the shape rejected (with
/// `case`, `row`, `reason`, `reason_column`, `reason_value`).
fn shape_rows(
    cols: EventCols,
    dicts: &Dicts,
    shape: LogShape,
    lifecycle_header: Option<&str>,
    present: Present,
) -> PolarsResult<(EventCols, DataFrame)> {
    let valid = shape_input(cols, dicts, present)?.lazy();
    let (events, rejects) = match shape {
        LogShape::Lifecycle => {
            shapes::pair_lifecycle(valid, lifecycle_header.unwrap_or("lifecycle"))?
        }
        _ => (shapes::status_runs(valid), shapes::empty_rejections()),
    };
    let events = events.collect()?;
    Ok((event_cols(&events)?, rejects.collect()?))
}

/// The event columns of a shaped frame.
fn event_cols(df: &DataFrame) -> PolarsResult<EventCols> {
    let codes = |name: &str| -> PolarsResult<Vec<u32>> {
        let col = df.column(name)?.cast(&DataType::UInt32)?;
        Ok(col.u32()?.iter().map(|v| v.unwrap_or(NONE)).collect())
    };
    let times = |name: &str| -> PolarsResult<Vec<i64>> {
        let col = df.column(name)?.cast(&DataType::Int64)?;
        Ok(col.i64()?.iter().map(|v| v.unwrap_or(NO_MS)).collect())
    };
    Ok(EventCols {
        case: codes(c::CASE)?,
        stage: codes(c::STAGE)?,
        dept: codes(c::DEPT)?,
        owner: codes(c::OWNER)?,
        status: codes(c::STATUS)?,
        start: times(c::START)?,
        end: times(c::END)?,
        planned: times(c::PLANNED)?,
        row: times(c::ROW)?
            .into_iter()
            .map(|r| r.max(0) as u32)
            .collect(),
        continues: df
            .column(c::CONT)?
            .bool()?
            .iter()
            .map(|b| b == Some(true))
            .collect(),
        ..EventCols::default()
    })
}

/// Adds the rows a shape rejected to the tally (the listed ones kept in row order).
fn add_shape_rejects(t: &mut Tally, df: DataFrame) -> PolarsResult<()> {
    let df = df.sort([c::ROW], SortMultipleOptions::default())?;
    let rows = df.column(c::ROW)?.cast(&DataType::Int64)?;
    let cases = df.column(c::CASE)?.cast(&DataType::UInt32)?;
    let (rows, cases) = (rows.i64()?, cases.u32()?);
    let text = |n: &str| -> PolarsResult<StringChunked> {
        Ok(df.column(n)?.cast(&DataType::String)?.str()?.clone())
    };
    let (reasons, columns, values) = (
        text("reason")?,
        text("reason_column")?,
        text("reason_value")?,
    );
    let mut listed = std::mem::take(&mut t.first);
    for i in 0..df.height() {
        let code = reasons.get(i).unwrap_or_default();
        let reason = RejectReason::from_code(code)
            .ok_or_else(|| polars_err!(ComputeError: "unknown rejection reason '{code}'"))?;
        *t.by_reason.entry(reason).or_default() += 1;
        t.total += 1;
        if reason.still_open() {
            t.open.extend(cases.get(i));
        }
        listed.push(Rejected {
            row: rows.get(i).unwrap_or(0).max(0) as u32,
            reason,
            column: columns.get(i).unwrap_or_default().to_string(),
            value: values.get(i).unwrap_or_default().to_string(),
        });
    }
    listed.sort_by_key(|r| r.row);
    listed.truncate(LISTED);
    t.first = listed;
    Ok(())
}

/// Marks the codes that occur.
fn used(codes: &[u32], n: usize) -> Vec<bool> {
    let mut seen = vec![false; n];
    for &k in codes.iter().filter(|&&k| k != NONE) {
        seen[k as usize] = true;
    }
    seen
}

/// Maps codes in place through `remap`.
fn apply(codes: &mut [u32], remap: &[u32]) {
    for k in codes.iter_mut().filter(|k| **k != NONE) {
        *k = remap[*k as usize];
    }
}

/// Renumbers every code column by name among the values the events have; returns the
/// columns, the names, and per new case index its code before.
fn renumber(mut cols: EventCols, dicts: Dicts) -> PolarsResult<(EventCols, Names, Vec<u32>)> {
    let rank = |codes: &mut Vec<u32>, dict: Dict| -> Vec<String> {
        let names = dict.into_names();
        let n = names.len();
        let (sorted, remap) = ranked(names, &used(codes, n));
        apply(codes, &remap);
        sorted
    };
    let Dicts {
        case,
        stage,
        dept,
        owner,
        status,
        ..
    } = dicts;
    let case_names = case.into_names();
    let n = case_names.len();
    let (cases, case_remap) = ranked(case_names, &used(&cols.case, n));
    apply(&mut cols.case, &case_remap);
    let mut case_old = vec![0u32; cases.len()];
    for (old, &new) in case_remap.iter().enumerate() {
        if new != NONE {
            case_old[new as usize] = old as u32;
        }
    }
    let names = Names {
        cases,
        stages: rank(&mut cols.stage, stage),
        departments: rank(&mut cols.dept, dept),
        owners: rank(&mut cols.owner, owner),
        statuses: rank(&mut cols.status, status),
    };
    Ok((cols, names, case_old))
}

/// One row per case (in case order): `case` and each attribute's first value.
fn attribute_frame(
    cases: &[String],
    case_old: &[u32],
    first: &[Vec<u32>],
    (headers, dicts): (&[String], Vec<Dict>),
) -> PolarsResult<Option<DataFrame>> {
    if headers.is_empty() {
        return Ok(None);
    }
    let mut columns = vec![Column::new(c::CASE.into(), cases.to_vec())];
    for ((header, dict), first) in headers.iter().zip(dicts).zip(first) {
        let names = dict.into_names();
        let values: StringChunked = case_old
            .iter()
            .map(|&old| {
                let k = first.get(old as usize).copied().unwrap_or(NONE);
                (k != NONE).then(|| names[k as usize].as_str())
            })
            .collect();
        columns.push(values.with_name(header.as_str().into()).into_column());
    }
    Ok(Some(DataFrame::new(cases.len(), columns)?))
}

/// Sorts the events by case, then start, end and file row: a counting sort on the case
/// (already ranked) and a sort of each case's few events.
fn in_case_order(cols: EventCols, cases: usize) -> EventCols {
    let n = cols.case.len();
    let mut at = vec![0u32; cases + 1];
    for &k in &cols.case {
        at[k as usize + 1] += 1;
    }
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    let bounds = at.clone();
    let mut order = vec![0u32; n];
    for (i, &k) in cols.case.iter().enumerate() {
        let slot = &mut at[k as usize];
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    for w in bounds.windows(2) {
        let part = &mut order[w[0] as usize..w[1] as usize];
        if part.len() > 1 {
            part.sort_by_key(|&i| {
                let i = i as usize;
                (cols.start[i], cols.end[i], cols.row[i])
            });
        }
    }
    gather(cols, &order)
}

/// The columns in the order `order` gives, one column at a time (each old column is
/// freed before the next is gathered).
fn gather(cols: EventCols, order: &[u32]) -> EventCols {
    fn take<T: Copy>(v: Vec<T>, order: &[u32]) -> Vec<T> {
        if v.is_empty() {
            return v;
        }
        order.iter().map(|&i| v[i as usize]).collect()
    }
    EventCols {
        case: take(cols.case, order),
        stage: take(cols.stage, order),
        dept: take(cols.dept, order),
        owner: take(cols.owner, order),
        status: take(cols.status, order),
        lifecycle: Vec::new(),
        attrs: Vec::new(),
        start: take(cols.start, order),
        end: take(cols.end, order),
        planned: take(cols.planned, order),
        row: take(cols.row, order),
        continues: take(cols.continues, order),
    }
}

/// The event frame of sorted columns (see [`crate::model::col_names`]).
fn frame(cols: EventCols, present: Present) -> PolarsResult<DataFrame> {
    event_frame(cols, present, c::CASE_IDX)
}

/// The event columns as a frame, the case code named `case_name`.
fn event_frame(cols: EventCols, present: Present, case_name: &str) -> PolarsResult<DataFrame> {
    let n = cols.case.len();
    let continues = if cols.continues.is_empty() {
        Column::new_scalar(c::CONT.into(), Scalar::from(false), n)
    } else {
        BooleanChunked::from_slice(c::CONT.into(), &cols.continues).into_column()
    };
    let columns = vec![
        UInt32Chunked::from_vec(case_name.into(), cols.case).into_column(),
        UInt32Chunked::from_vec(c::STAGE.into(), cols.stage).into_column(),
        code_column(c::DEPT, cols.dept, present.dept, n),
        code_column(c::OWNER, cols.owner, present.owner, n),
        code_column(c::STATUS, cols.status, present.status, n),
        Int64Chunked::from_vec(c::START.into(), cols.start).into_column(),
        Int64Chunked::from_vec(c::END.into(), cols.end).into_column(),
        time_column(c::PLANNED, cols.planned, n),
        UInt32Chunked::from_vec(c::ROW.into(), cols.row).into_column(),
        continues,
    ];
    DataFrame::new(n, columns)
}

/// The distinct offsets per time column header, sorted.
pub(super) fn offsets_by_column(
    offsets: &[std::collections::BTreeSet<String>; 2],
    headers: [&str; 2],
) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (list, header) in offsets.iter().zip(headers) {
        if !list.is_empty() {
            out.insert(header.to_string(), list.iter().cloned().collect());
        }
    }
    out
}
