//! `procdiag sample`: writes a generated, realistic task log, a two-wave staff survey
//! and the `procdiag.toml` describing them (see [`crate::sample`]).

use anyhow::Result;

use crate::cli::SampleArgs;
use crate::sample::{write_full_sample, write_sample_as};

pub fn run(args: &SampleArgs) -> Result<()> {
    let files = if args.csv_only || args.gbk {
        write_sample_as(
            &args.out_dir,
            &args.name,
            args.cases,
            args.seed,
            args.csv_only,
            args.gbk,
        )?
    } else {
        write_full_sample(&args.out_dir, &args.name, args.cases, args.seed)?
    };
    for p in files {
        crate::progress::note(&format!("wrote {}", p.display()));
    }
    Ok(())
}
