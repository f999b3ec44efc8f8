//! Grids as a folder of CSV files (`procdiag report --csv-dir DIR`): one file per
//! grid, named `NN-id.csv` in report order (`01-scorecard.csv`), UTF-8 with a BOM so
//! Excel opens Chinese text correctly, LF line ends, formula-like text neutralised
//! (see [`super::kpi::neutralise`]). Each file is written atomically.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::kpi::{to_csv, Grid};
use super::report_tables::IDS;

/// The byte-order mark Excel needs to read a CSV file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// The file name of the `index`-th grid (from 0): `01-scorecard.csv`.
pub fn csv_name(index: usize, id: &str) -> String {
    format!("{:02}-{id}.csv", index + 1)
}

/// Whether `--csv-dir` could ever write a file of this name (`NN-id.csv` with a known
/// id): such an input file inside the folder would be overwritten.
pub fn could_write(name: &str) -> bool {
    let Some((nn, rest)) = name.split_once('-') else {
        return false;
    };
    let id = rest.strip_suffix(".csv").unwrap_or("");
    nn.len() == 2 && nn.bytes().all(|b| b.is_ascii_digit()) && IDS.contains(&id)
}

/// A grid as the text of a CSV file for Excel: the BOM, then the rows.
pub fn excel_csv(g: &Grid) -> String {
    format!("{BOM}{}", to_csv(g))
}

/// The paths the grids would be written to in `dir`.
pub fn csv_paths(dir: &Path, grids: &[Grid]) -> Vec<PathBuf> {
    grids
        .iter()
        .enumerate()
        .map(|(i, g)| dir.join(csv_name(i, g.id)))
        .collect()
}

/// Writes one CSV file per grid into `dir` (created if needed); returns the paths.
pub fn write_csv_dir(dir: &Path, grids: &[Grid]) -> Result<Vec<PathBuf>> {
    let paths = csv_paths(dir, grids);
    for (g, p) in grids.iter().zip(&paths) {
        super::write_atomic(p, excel_csv(g).as_bytes())?;
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_numbered_in_order_and_recognised() {
        assert_eq!(csv_name(0, "scorecard"), "01-scorecard.csv");
        assert_eq!(csv_name(11, "stages"), "12-stages.csv");
        assert!(could_write("07-stages.csv"));
        assert!(!could_write("07-stages.xlsx"));
        assert!(!could_write("7-stages.csv"));
        assert!(!could_write("07-log.csv"));
        assert!(!could_write("sample_tasklog.csv"));
    }
}
