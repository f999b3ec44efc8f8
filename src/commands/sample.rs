//! `procdiag sample`: writes a generated, realistic task log (see [`crate::sample`]).

use anyhow::Result;

use crate::cli::SampleArgs;
use crate::sample::write_sample_as;

pub fn run(args: &SampleArgs) -> Result<()> {
    let files = write_sample_as(
        &args.out_dir,
        &args.name,
        args.cases,
        args.seed,
        args.csv_only,
        args.gbk,
    )?;
    for p in files {
        eprintln!("wrote {}", p.display());
    }
    Ok(())
}
