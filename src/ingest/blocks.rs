//! Typing a task log's records in bulk: a CSV stream's blocks on two worker threads
//! (merged in file order as they come back, so that besides the first rows kept for the
//! decisions only a few blocks of text are held), or the rows of a table already read
//! (spreadsheets, Parquet slices). Also the sample of the first records that the shape
//! and the time layouts are decided from.

use std::collections::{BTreeMap, VecDeque};
use std::sync::mpsc::{self, RecvTimeoutError, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use polars::prelude::*;

use super::assemble::{globalize, Merged};
use super::read::stream::{for_each_record, text, Cell, CsvStream, StreamError};
use super::read::{unique_headers, RawTable, TimeStyle, TypedTimes, ROW_COL};
use super::typing::{Chunk, Dicts, Typer};

/// How many rows of a table are typed as one chunk.
const PIECE: usize = 1 << 15;

/// How many blocks wait for a worker at most.
const QUEUE: usize = 2;

/// A CSV stream's first blocks, kept to be typed after the sample decided how.
pub(super) struct Buffered {
    pub blocks: VecDeque<Vec<u8>>,
    /// Whether the blocks hold the whole file.
    pub whole: bool,
}

impl Buffered {
    /// Reads blocks until they hold at least `records` records or the file ends.
    pub fn fill(&mut self, stream: &mut CsvStream, records: usize) -> Result<(), StreamError> {
        let width = stream.headers.len();
        let mut have = 0;
        for b in &self.blocks {
            have += count_records(text(b)?, stream.sep, width);
        }
        while have < records && !self.whole {
            match stream.next_block()? {
                Some(b) => {
                    have += count_records(text(&b)?, stream.sep, width);
                    self.blocks.push_back(b);
                }
                None => self.whole = true,
            }
        }
        Ok(())
    }

    /// About how many records the whole file holds, from the buffered blocks' records
    /// per byte, with a margin: room reserved but never used costs no memory, while a
    /// column that outgrows its room is copied into one twice its size (a 50M-row log's
    /// first rows are a few bytes shorter than its last: 2% under).
    fn estimate(&self, stream: &CsvStream) -> usize {
        let width = stream.headers.len();
        let (mut records, mut bytes) = (0usize, 0usize);
        for b in &self.blocks {
            records += text(b).map_or(0, |t| count_records(t, stream.sep, width));
            bytes += b.len();
        }
        if self.whole || bytes == 0 {
            return records;
        }
        let per_byte = records as f64 / bytes as f64;
        // A decoded file's text is longer than its bytes (GBK: 2 bytes a character,
        // UTF-8: 3).
        let margin = if stream.decoded() { 2.0 } else { 1.3 };
        let rows = (stream.size as f64 * per_byte * margin) as usize + 1024;
        // First rows that are blank lines would promise a row per byte or two: a task
        // log's row takes more than 16 bytes (a longer file grows its columns).
        rows.min(stream.size as usize / 16 + 1024)
    }

    /// The first `limit` records as a text table (empty cells as missing), with their
    /// row numbers, as the file's readers give it.
    pub fn sample(&self, stream: &CsvStream, limit: usize) -> PolarsResult<RawTable> {
        let names = unique_headers(&stream.headers);
        let width = names.len();
        let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); width];
        let mut n = 0;
        for b in &self.blocks {
            // Checked when the blocks were read.
            let b = text(b).unwrap_or_default();
            for_each_record(b, stream.sep, width, |cells| {
                if n < limit {
                    for (i, col) in columns.iter_mut().enumerate() {
                        col.push(cells.get(i).filter(|v| !v.is_empty()).map(str::to_string));
                    }
                    n += 1;
                }
            });
        }
        let first = stream.header_row as i64 + 1;
        let mut cols: Vec<Column> = columns
            .into_iter()
            .zip(&names)
            .map(|(v, name)| Column::new(name.as_str().into(), v))
            .collect();
        cols.push(Column::new(
            ROW_COL.into(),
            (0..n as i64).map(|i| i + first).collect::<Vec<_>>(),
        ));
        Ok(RawTable {
            df: DataFrame::new(n, cols)?,
            headers: stream.headers.clone(),
            format: stream.format.into(),
            encoding: Some(stream.encoding.into()),
            sheet: None,
            other_sheets: Vec::new(),
            header_row: stream.header_row,
        })
    }
}

fn count_records(block: &str, sep: u8, width: usize) -> usize {
    let mut n = 0;
    for_each_record(block, sep, width, |_| n += 1);
    n
}

/// Types one block (rows counted from 0 within it).
fn type_block(typer: &Typer, block: &str, sep: u8, width: usize) -> Chunk {
    // Room for records of 32 bytes (reserved room that is not used costs nothing).
    let mut chunk = typer.chunk(block.len() / 32 + 1);
    let mut row = 0u32;
    for_each_record(block, sep, width, |cells| {
        typer.record(cells, row, &mut chunk);
        row += 1;
    });
    chunk
}

/// Chunks merged in file order as they come back from the workers (a block that is
/// not UTF-8 stops the merging).
struct InOrder {
    merged: Merged,
    waiting: BTreeMap<usize, Chunk>,
    next: usize,
    /// The row number of the next block's first record.
    row: u32,
    /// The first block (by position) that could not be typed, and why.
    failed: Option<(usize, StreamError)>,
}

impl InOrder {
    fn take(&mut self, i: usize, chunk: Result<Chunk, StreamError>) {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                if self.failed.as_ref().is_none_or(|(k, _)| i < *k) {
                    self.failed = Some((i, e));
                }
                return;
            }
        };
        self.waiting.insert(i, chunk);
        while let Some(chunk) = self.waiting.remove(&self.next) {
            let records = chunk.records;
            self.merged.append(chunk, self.row);
            self.row += records;
            self.next += 1;
        }
    }
}

/// A worker's result for block `i`, and the block's buffer to read into again.
type Done = (usize, Result<Chunk, StreamError>, Vec<u8>);

/// Types the buffered blocks and the rest of the stream on two workers; the calling
/// thread reads and merges.
pub(super) fn type_stream(
    typer: &Typer,
    buffered: Buffered,
    stream: &mut CsvStream,
) -> Result<Merged, StreamError> {
    let (sep, width) = (stream.sep, stream.headers.len());
    let path = stream.path.clone();
    let path = path.as_str();
    let mut order = InOrder {
        merged: Merged::default(),
        waiting: BTreeMap::new(),
        next: 0,
        row: stream.header_row as u32 + 1,
        failed: None,
    };
    let estimate = buffered.estimate(stream);
    typer.reserve(&mut order.merged.cols, estimate);
    let dicts = Mutex::new(Dicts::default());
    std::thread::scope(|s| {
        let (work_tx, work_rx) = mpsc::sync_channel::<(usize, Vec<u8>)>(QUEUE);
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        for _ in 0..2 {
            let (rx, tx, dicts) = (Arc::clone(&work_rx), done_tx.clone(), &dicts);
            let worker = move || loop {
                let job = rx.lock().map(|r| r.recv());
                let Ok(Ok((i, block))) = job else { break };
                let typed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    text(&block).map(|t| {
                        let mut chunk = type_block(typer, t, sep, width);
                        globalize(&mut chunk, dicts);
                        chunk
                    })
                }));
                // A fault in typing one block stops the load with an error instead of
                // leaving the blocks after it waiting for it.
                let chunk = typed.unwrap_or_else(|_| Err(internal_error(path)));
                if tx.send((i, chunk, block)).is_err() {
                    break;
                }
            };
            std::thread::Builder::new()
                .name("typing".into())
                .spawn_scoped(s, worker)
                .map_err(|e| StreamError::Input(stream_io(&stream.path, e)))?;
        }
        drop(done_tx);
        let fed = feed(buffered, stream, &work_tx, &done_rx, &mut order);
        drop(work_tx);
        for (i, chunk, _) in done_rx.iter() {
            order.take(i, chunk);
        }
        fed
    })?;
    if let Some((_, e)) = order.failed {
        return Err(e);
    }
    order.merged.dicts = dicts.into_inner().unwrap_or_else(|e| e.into_inner());
    if crate::timing::on() {
        let c = &order.merged.cols;
        eprintln!(
            "[timing] rows: estimated {estimate}, typed {} (room for {})",
            c.case.len(),
            c.case.capacity()
        );
    }
    Ok(order.merged)
}

/// A block whose typing failed unexpectedly (a fault of procdiag, not of the file).
fn internal_error(path: &str) -> StreamError {
    StreamError::Input(super::super::error::InputError::Unreadable {
        path: path.into(),
        detail: "an internal error stopped the typing of the rows; please report it \
                 with the file's first rows"
            .into(),
    })
}

/// A thread that could not be started, as an input error.
fn stream_io(path: &str, e: std::io::Error) -> super::super::error::InputError {
    super::super::error::InputError::Unreadable {
        path: path.into(),
        detail: format!("could not start a worker thread: {e}"),
    }
}

/// Hands every block to the workers, merging what comes back while the queue is full.
fn feed(
    buffered: Buffered,
    stream: &mut CsvStream,
    work: &mpsc::SyncSender<(usize, Vec<u8>)>,
    done: &mpsc::Receiver<Done>,
    order: &mut InOrder,
) -> Result<(), StreamError> {
    let mut first = buffered.blocks;
    let mut i = 0;
    loop {
        if order.failed.is_some() {
            return Ok(());
        }
        let block = match first.pop_front() {
            Some(b) => b,
            None if buffered.whole => return Ok(()),
            None => match stream.next_block()? {
                Some(b) => b,
                None => return Ok(()),
            },
        };
        let mut job = (i, block);
        loop {
            match work.try_send(job) {
                Ok(()) => break,
                Err(TrySendError::Full(j)) => {
                    job = j;
                    match done.recv_timeout(Duration::from_millis(20)) {
                        Ok((k, chunk, buffer)) => {
                            order.take(k, chunk);
                            stream.recycle(buffer);
                        }
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return Ok(()),
                    }
                }
                Err(TrySendError::Disconnected(_)) => return Ok(()),
            }
        }
        while let Ok((k, chunk, buffer)) = done.try_recv() {
            order.take(k, chunk);
            stream.recycle(buffer);
        }
        i += 1;
    }
}

/// A column of typed times and how its text is written.
type TypedColumn<'a> = (&'a [Option<i64>], TimeStyle);

/// A table's row: its text cells (as lists for the columns the typer reads, from the
/// columns themselves for the others), and the typed times of the columns that have
/// them.
struct TableRow<'a> {
    cols: &'a [Vec<Option<&'a str>>],
    columns: &'a [StringChunked],
    millis: &'a [Option<TypedColumn<'a>>],
    i: usize,
}

impl Cell for TableRow<'_> {
    fn get(&self, i: usize) -> Option<&str> {
        match self.millis.get(i) {
            // A typed time reads as some text when it has a value: only whether the
            // cell is empty is asked of it (the typer reads its value by `millis`).
            Some(Some((ms, _))) => ms[self.i].map(|_| "·"),
            _ => match self.cols.get(i) {
                Some(list) if !list.is_empty() => list[self.i],
                _ => self.columns.get(i)?.get(self.i),
            },
        }
    }

    fn millis(&self, i: usize) -> Option<(Option<i64>, TimeStyle)> {
        self.millis.get(i)?.map(|(ms, style)| (ms[self.i], style))
    }
}

/// Types every row of a table already read (its row numbers from [`ROW_COL`]).
pub(super) fn type_table(typer: &Typer, raw: &RawTable) -> PolarsResult<Merged> {
    let dicts = Mutex::new(Dicts::default());
    let mut merged = Merged::default();
    type_table_into(typer, (raw, &Vec::new()), &mut merged, &dicts)?;
    merged.dicts = dicts.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(merged)
}

/// Types a table's rows on two threads (in pieces of [`PIECE`] rows, each a chunk),
/// appended to `merged` in order with the log's codes kept in `dicts`.
pub(super) fn type_table_into(
    typer: &Typer,
    (raw, typed): (&RawTable, &TypedTimes),
    merged: &mut Merged,
    dicts: &Mutex<Dicts>,
) -> PolarsResult<()> {
    let names = unique_headers(&raw.headers);
    let cols: Vec<StringChunked> = names
        .iter()
        .map(|n| {
            let c = raw.df.column(n)?.cast(&DataType::String)?;
            Ok(c.str()?.rechunk().into_owned())
        })
        .collect::<PolarsResult<_>>()?;
    // Each column's cells as a plain list: a row's cells are then read by index.
    let mut millis: Vec<Option<TypedColumn>> = vec![None; cols.len()];
    for (i, ms, style) in typed {
        if let Some(slot) = millis.get_mut(*i) {
            *slot = Some((ms, *style));
        }
    }
    let read = typer.columns_read();
    let cells: Vec<Vec<Option<&str>>> = cols
        .iter()
        .zip(&millis)
        .enumerate()
        .map(|(k, (c, ms))| match ms {
            None if read.contains(&k) && !c.is_empty() => c.iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    let rows = raw.df.column(ROW_COL)?.cast(&DataType::Int64)?;
    let rows = rows.i64()?.rechunk();
    let n = rows.len();
    // Pieces of a few ten thousand rows, the even ones on one thread and the odd ones
    // on the other: a piece's own table of case ids stays small enough for the
    // processor's cache.
    let pieces = n.div_ceil(PIECE).max(1);
    let piece = |k: usize| {
        let range = k * PIECE..((k + 1) * PIECE).min(n);
        let mut chunk = typer.chunk(range.len());
        for i in range {
            let row = u32::try_from(rows.get(i).unwrap_or(0).max(0)).unwrap_or(u32::MAX);
            let cells = TableRow {
                cols: &cells,
                columns: &cols,
                millis: &millis,
                i,
            };
            typer.record(&cells, row, &mut chunk);
        }
        globalize(&mut chunk, dicts);
        chunk
    };
    let every_other = |first: usize| (first..pieces).step_by(2).map(piece).collect::<Vec<_>>();
    let (even, odd) = std::thread::scope(|s| {
        let odd = s.spawn(|| every_other(1));
        let even = every_other(0);
        let odd = odd
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (even, odd)
    });
    let mut odd = odd.into_iter();
    for chunk in even {
        merged.append(chunk, 0);
        if let Some(chunk) = odd.next() {
            merged.append(chunk, 0);
        }
    }
    Ok(())
}
