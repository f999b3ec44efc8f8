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
const STEPS: u64 = 22;
/// Files smaller than this are read without a byte bar.
const BIG_FILE: u64 = 32 << 20;

static ENABLED: AtomicBool = AtomicBool::new(false);
static QUIET: AtomicBool = AtomicBool::new(false);
/// Set by [`finish`]: steps after it (writing the outputs) show no new bar.
static FINISHED: AtomicBool = AtomicBool::new(false);
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

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
    let mut guard = BAR.lock().unwrap_or_else(|e| e.into_inner());
    let bar = guard.get_or_insert_with(steps_bar);
    if bar.position() + 1 >= bar.length().unwrap_or(STEPS) {
        bar.inc_length(1);
    }
    bar.inc(1);
    bar.set_message(name.to_string());
}

/// Removes the bar for good (before the command prints its own lines); later steps
/// show nothing.
pub fn finish() {
    FINISHED.store(true, Ordering::Relaxed);
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
/// hidden one otherwise.
pub fn bytes_bar(path: &Path, size: u64) -> ProgressBar {
    if enabled() && size >= BIG_FILE {
        bytes_bar_shown(path, size)
    } else {
        ProgressBar::hidden()
    }
}

/// Reads a whole file, with a byte bar when it is big and progress is on.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = bytes_bar(path, size);
    let mut bytes = Vec::with_capacity(size as usize);
    bar.wrap_read(file).read_to_end(&mut bytes)?;
    bar.finish_and_clear();
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
