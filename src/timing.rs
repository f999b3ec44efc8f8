//! Phase timings on stderr when `PROCDIAG_TIMINGS` is set: for finding where time goes
//! on large logs (see bench/run).

use std::time::Instant;

/// A stopwatch that reports each phase when `PROCDIAG_TIMINGS` is set.
pub struct Timer {
    on: bool,
    last: Instant,
}

impl Timer {
    pub fn new() -> Self {
        Timer {
            on: std::env::var_os("PROCDIAG_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    /// Reports the time since the previous phase.
    pub fn phase(&mut self, name: &str) {
        if self.on {
            eprintln!(
                "[timing] {name}: {:.3} s",
                self.last.elapsed().as_secs_f64()
            );
        }
        self.last = Instant::now();
    }
}

impl Default for Timer {
    fn default() -> Self {
        Self::new()
    }
}
