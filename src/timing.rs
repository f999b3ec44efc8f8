//! Phase timings on stderr when `PROCDIAG_TIMINGS` is set: for finding where time goes
//! on large logs (see bench/run). Each phase also moves the progress bar
//! ([`crate::progress`]) on.

use std::time::Instant;

/// Whether phase timings were asked for (`PROCDIAG_TIMINGS` set).
pub fn on() -> bool {
    std::env::var_os("PROCDIAG_TIMINGS").is_some()
}

/// A stopwatch that reports each phase when `PROCDIAG_TIMINGS` is set.
pub struct Timer {
    on: bool,
    last: Instant,
    faults: u64,
}

impl Timer {
    pub fn new() -> Self {
        Timer {
            on: on(),
            last: Instant::now(),
            faults: minor_faults(),
        }
    }

    /// Reports the time since the previous phase.
    pub fn phase(&mut self, name: &str) {
        crate::progress::step(name);
        if self.on {
            let (rss, peak) = memory_mb();
            let faults = minor_faults();
            eprintln!(
                "[timing] {name}: {:.3} s (resident {rss} MB, peak {peak} MB, {} MB faulted in)",
                self.last.elapsed().as_secs_f64(),
                faults.saturating_sub(self.faults) * 4 / 1024
            );
            self.faults = faults;
        }
        self.last = Instant::now();
    }
}

/// The process's resident and peak resident memory in MB, from /proc (0 where there is
/// no /proc).
fn memory_mb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The process's minor page faults so far (each maps one fresh 4 KiB page), from
/// /proc/self/stat (0 where there is none): what a phase faults in is memory it
/// touched that the process did not already hold, a large cost on virtual machines.
fn minor_faults() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces):
    // state is the first of them and minflt the eighth.
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().nth(7)?.parse().ok())
        .unwrap_or(0)
}

impl Default for Timer {
    fn default() -> Self {
        Self::new()
    }
}
