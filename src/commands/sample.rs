//! `procdiag sample`: writes a generated, realistic task log (see [`crate::sample`]).

use anyhow::Result;

use crate::cli::SampleArgs;
use crate::sample::write_sample;

pub fn run(args: &SampleArgs) -> Result<()> {
    for p in write_sample(
        &args.out_dir,
        &args.name,
        args.cases,
        args.seed,
        args.csv_only,
    )? {
        eprintln!("wrote {}", p.display());
    }
    Ok(())
}
