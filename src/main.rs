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

/// Asks mimalloc for 2 MiB pages (transparent huge pages where the kernel offers them
/// through `madvise`): one fault maps 512 times as much memory, which halves the time of
/// a 5M-event analysis on a virtual machine. `MIMALLOC_ALLOW_LARGE_OS_PAGES` (or the
/// older `MIMALLOC_LARGE_OS_PAGES`) in the environment wins, so `=0` turns it off.
fn use_large_pages() {
    let set_by_user = ["MIMALLOC_ALLOW_LARGE_OS_PAGES", "MIMALLOC_LARGE_OS_PAGES"]
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    if !set_by_user {
        // SAFETY: sets one of mimalloc's documented options; takes no pointers.
        unsafe { libmimalloc_sys::mi_option_set(libmimalloc_sys::mi_option_large_os_pages, 1) }
    }
}

fn main() {
    use_large_pages();
    let cli = Cli::parse();
    procdiag::progress::init(cli.quiet);
    let result = procdiag::config::resolve(&cli).and_then(|c| commands::run(&c));
    procdiag::progress::finish();
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
