//! The `procdiag` binary: parse the command line, resolve the configuration, run the
//! command, print errors with their causes, and exit non-zero on failure.

use clap::Parser;
use procdiag::cli::Cli;
use procdiag::commands;

/// mimalloc keeps freed memory for reuse instead of handing large blocks back to the
/// system and faulting them in again: the analysis allocates and frees column-sized
/// buffers many times over, and on big logs the page faults cost more than the work.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keeps transparent huge pages away from this process. Each 2 MiB page the kernel
/// hands out must be zeroed and, on a virtual machine whose host has taken back the
/// guest's idle memory, backed by the host first: measured on the benchmark machine, a
/// 1M-event analysis run after ten idle seconds took 4.4–5.0 s with huge pages and
/// 1.8 s without (the same as when run straight after another run). Nothing here depends
/// on huge pages, so the small pages are never slower.
fn avoid_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag of this
    // process (inherited by its children); a failure leaves the kernel's default.
    unsafe {
        let (on, unused): (libc::c_ulong, libc::c_ulong) = (1, 0);
        libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused);
    }
}

/// mimalloc's `purge_delay` option: its index in `mi_option_t` of the mimalloc 3 that
/// libmimalloc-sys 0.1.49 vends (the version is pinned in Cargo.toml for this).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps memory the process freed for its own reuse instead of handing it back to the
/// system after a second: the analysis frees and allocates column-sized buffers phase
/// after phase, and on a virtual machine memory handed back and faulted in again costs
/// more than the work (measured at 5M events: 0.9 s less system time, 100 MB more peak).
fn keep_freed_memory() {
    // SAFETY: sets one integer option of the allocator; any value is valid (-1: never
    // purge).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn main() {
    avoid_huge_pages();
    keep_freed_memory();
    let cli = Cli::parse();
    procdiag::progress::init(cli.quiet);
    let result = procdiag::config::resolve(&cli).and_then(|c| commands::run(&c));
    procdiag::progress::finish();
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
