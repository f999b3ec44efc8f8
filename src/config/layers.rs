//! The two layers a setting comes from: what the user typed ([`InputArgs`]) and
//! `procdiag.toml` ([`file`]). Which config file applies, and which of its sections
//! describe the files being read: another file named on the command line replaces its
//! section (whose mapping, dimensions and groups describe the config's own files);
//! naming one of the config's own files, as `inspect FILE` does, keeps the section.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::file::{self, Loaded, SurveySection, TasksSection};
use crate::cli::InputArgs;

/// The config file looked for in the current folder.
pub const CONFIG_NAME: &str = "procdiag.toml";

/// The sample's config, used when no input is named at all.
pub const SAMPLE_CONFIG: &str = "data/procdiag.toml";

/// What the user typed and the config file that applies.
pub struct Layers<'a> {
    pub args: &'a InputArgs,
    pub file: Option<Loaded>,
}

/// Which config file applies: `--config`, else `procdiag.toml` here, else (when no
/// input flag is given) the sample's.
fn config_path(args: &InputArgs) -> Option<PathBuf> {
    if let Some(p) = &args.config {
        return Some(p.clone());
    }
    let here = PathBuf::from(CONFIG_NAME);
    if here.is_file() {
        return Some(here);
    }
    let sample = PathBuf::from(SAMPLE_CONFIG);
    (args.tasks.is_none() && args.survey.is_empty() && sample.is_file()).then_some(sample)
}

/// Whether two paths name the same file (compared as canonical paths when both exist).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

impl<'a> Layers<'a> {
    /// The flags and the config file that applies to them.
    pub fn read(args: &'a InputArgs) -> Result<Layers<'a>> {
        let file = config_path(args).map(|p| file::load(&p)).transpose()?;
        Ok(Layers { args, file })
    }

    /// The `[tasks]` section, when it describes the task log being read.
    pub fn tasks(&self) -> Option<&TasksSection> {
        let loaded = self.file.as_ref()?;
        let t = loaded.file.tasks.as_ref()?;
        let own = t.file.as_deref().map(|p| loaded.resolve(p));
        match (&self.args.tasks, own) {
            (None, _) => Some(t),
            (Some(named), Some(own)) if same_file(named, &own) => Some(t),
            _ => None,
        }
    }

    /// The `[survey]` section, when it describes the survey files being read.
    pub fn survey(&self) -> Option<&SurveySection> {
        let loaded = self.file.as_ref()?;
        let s = loaded.file.survey.as_ref()?;
        let own: Vec<PathBuf> = s.files.iter().map(|p| loaded.resolve(p)).collect();
        self.args
            .survey
            .iter()
            .all(|named| own.iter().any(|o| same_file(named, o)))
            .then_some(s)
    }

    /// The `[survey]` section whatever files are read (its label scales and no-opinion
    /// answers apply to any survey).
    pub fn survey_vocabulary(&self) -> Option<&SurveySection> {
        self.file.as_ref()?.file.survey.as_ref()
    }

    /// The task log to read: `--tasks`, else the config's.
    pub fn tasks_path(&self) -> Option<PathBuf> {
        self.args.tasks.clone().or_else(|| {
            let loaded = self.file.as_ref()?;
            Some(loaded.resolve(self.tasks()?.file.as_deref()?))
        })
    }

    /// The survey files to read: `--survey`, else the config's.
    pub fn survey_paths(&self) -> Vec<PathBuf> {
        if !self.args.survey.is_empty() {
            return self.args.survey.clone();
        }
        match (&self.file, self.survey()) {
            (Some(loaded), Some(s)) => s.files.iter().map(|p| loaded.resolve(p)).collect(),
            _ => Vec::new(),
        }
    }

    /// An error about the config file names it.
    pub fn in_file(&self, e: anyhow::Error) -> anyhow::Error {
        match &self.file {
            Some(l) => anyhow::anyhow!("{}: {e}", l.path.display()),
            None => e,
        }
    }
}
