//! Progress on stderr while big inputs are read and analysed: a byte bar while a file
//! is read, then a bar of the loading and analysis steps with the one last finished.
//! Shown only when stderr is a terminal, not with `--quiet`, and not while
//! `PROCDIAG_TIMINGS` prints its own lines; never part of any output file.
//!
//! [`note`] prints the lines `--quiet` silences ("wrote FILE").
//!
//! The steps are the phases [`crate::timing::Timer`] marks: each finished phase moves
//! the bar on by one.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// How many steps loading and analysing a task log takes (the phases it marks); the bar
/// grows if a run has more.
const STEPS: u64 = 24;
/// Files smaller than this are read without a byte bar.
const BIG_FILE: u64 = 32 << 20;

static ENABLED: AtomicBool = AtomicBool::new(false);
static QUIET: AtomicBool = AtomicBool::new(false);
/// Set by [`finish`]: steps after it (writing the outputs) show no new bar.
static FINISHED: AtomicBool = AtomicBool::new(false);
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);
/// A byte or row bar is showing: steps are counted but the steps bar waits (two bars
/// drawn without coordination would overwrite each other's line).
static READING: AtomicBool = AtomicBool::new(false);
/// Steps finished while [`READING`].
static STEPS_COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Turns progress on for this process unless `quiet`, stderr is not a terminal, or
/// phase timings are on.
pub fn init(quiet: bool) {
    let on = !quiet && std::io::stderr().is_terminal() && !crate::timing::on();
    ENABLED.store(on, Ordering::Relaxed);
    QUIET.store(quiet, Ordering::Relaxed);
}

/// A line for the user on stderr ("wrote FILE"), left out with `--quiet`.
pub fn note(line: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        suspend(|| eprintln!("{line}"));
    }
}

fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed) && !FINISHED.load(Ordering::Relaxed)
}

fn steps_bar() -> ProgressBar {
    let bar = ProgressBar::new(STEPS);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}")
            .expect("a valid template")
            .progress_chars("█▉▊▋▌▍▎▏ "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// One step finished: the bar moves on and names it.
pub fn step(name: &str) {
    if !enabled() {
        return;
    }
    if READING.load(Ordering::Relaxed) {
        STEPS_COUNT.fetch_add(1, Ordering::Relaxed);
        return;
    }
    let mut guard = BAR.lock().unwrap_or_else(|e| e.into_inner());
    let bar = guard.get_or_insert_with(|| {
        let bar = steps_bar();
        bar.set_position(STEPS_COUNT.swap(0, Ordering::Relaxed));
        bar
    });
    if bar.position() + 1 >= bar.length().unwrap_or(STEPS) {
        bar.inc_length(bar.position() + 2 - bar.length().unwrap_or(STEPS));
    }
    bar.inc(1);
    bar.set_message(name.to_string());
}

/// A byte or row bar is done: clears it, and the steps bar may show.
pub fn done_reading(bar: &ProgressBar) {
    bar.finish_and_clear();
    READING.store(false, Ordering::Relaxed);
}

/// Removes the bar for good (before the command prints its own lines); later steps
/// show nothing.
pub fn finish() {
    FINISHED.store(true, Ordering::Relaxed);
    READING.store(false, Ordering::Relaxed);
    let mut guard = BAR.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(bar) = guard.take() {
        bar.finish_and_clear();
    }
}

/// Runs `f` with the bar hidden, for a message on stderr while it shows.
pub fn suspend<T>(f: impl FnOnce() -> T) -> T {
    let guard = BAR.lock().unwrap_or_else(|e| e.into_inner());
    match guard.as_ref() {
        Some(bar) => bar.suspend(f),
        None => f(),
    }
}

/// A byte bar for reading `path` (`size` bytes) when it is big and progress is on; a
/// hidden one otherwise. End it with [`done_reading`].
pub fn bytes_bar(path: &Path, size: u64) -> ProgressBar {
    if enabled() && size >= BIG_FILE {
        READING.store(true, Ordering::Relaxed);
        bytes_bar_shown(path, size)
    } else {
        ProgressBar::hidden()
    }
}

/// Rows files below this many rows are read without a row bar.
const MANY_ROWS: usize = 1 << 20;

/// A row bar for reading and typing `rows` rows of `path` (Parquet, in slices) when
/// there are many and progress is on; a hidden one otherwise. End it with
/// [`done_reading`].
pub fn rows_bar(path: &Path, rows: usize) -> ProgressBar {
    if !enabled() || rows < MANY_ROWS {
        return ProgressBar::hidden();
    }
    READING.store(true, Ordering::Relaxed);
    let bar = ProgressBar::new(rows as u64);
    bar.set_style(
        ProgressStyle::with_template("reading {msg} {bar:30} {human_pos}/{human_len} rows ({eta})")
            .expect("a valid template"),
    );
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    bar.set_message(name.unwrap_or_default());
    bar
}

/// Reads a whole file, with a byte bar when it is big and progress is on.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = bytes_bar(path, size);
    let mut bytes = Vec::with_capacity(size as usize);
    let read = bar.wrap_read(file).read_to_end(&mut bytes);
    done_reading(&bar);
    read?;
    Ok(bytes)
}

fn bytes_bar_shown(path: &Path, size: u64) -> ProgressBar {
    let bar = ProgressBar::new(size);
    bar.set_style(
        ProgressStyle::with_template("reading {msg} {bar:30} {bytes}/{total_bytes} ({eta})")
            .expect("a valid template"),
    );
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    bar.set_message(name.unwrap_or_default());
    bar
}
