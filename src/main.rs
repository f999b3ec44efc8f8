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

fn main() {
    avoid_huge_pages();
    let cli = Cli::parse();
    procdiag::progress::init(cli.quiet);
    let result = procdiag::config::resolve(&cli).and_then(|c| commands::run(&c));
    procdiag::progress::finish();
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
