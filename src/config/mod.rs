//! From what the user typed ([`crate::cli`]) and `procdiag.toml` ([`file`]) to a
//! resolved configuration: flags over the file over defaults (the sample in data/),
//! `--map` parsed into roles, languages decided.

pub mod file;
pub mod plan;

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::cli::{DateOrderArg, InputArgs, LangArg, ShapeArg};
use crate::ingest::columns::Role;
use crate::ingest::read::ReadOptions;
use crate::ingest::shapes::LogShape;
use crate::ingest::tasklog::{TasklogOptions, DEFAULT_NA};
use crate::ingest::time::{DateOrder, TimeOptions};

/// The sample task log used when no --tasks is given.
pub const SAMPLE_TASKS: &str = "data/sample_tasklog.xlsx";

/// The config file looked for in the current folder.
pub const CONFIG_NAME: &str = "procdiag.toml";

/// The sample's config, used when no input is named at all.
pub const SAMPLE_CONFIG: &str = "data/procdiag.toml";

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

/// The input flags with the config file's settings filled in where no flag was given,
/// and the `[report]` section.
pub fn effective(args: &InputArgs) -> Result<(InputArgs, file::ReportSection)> {
    let Some(path) = config_path(args) else {
        return Ok((args.clone(), file::ReportSection::default()));
    };
    let loaded = file::load(&path)?;
    let mut a = args.clone();
    a.from_config.path = Some(loaded.path.clone());
    // Another file named on the command line replaces its section of the config: the
    // section's mapping, dimensions and groups describe the config's own files (naming
    // one of those, as `inspect FILE` does, keeps the section).
    let tasks = loaded.file.tasks.as_ref().filter(|t| {
        let own = t.file.as_deref().map(|p| loaded.resolve(p));
        match (&a.tasks, own) {
            (None, _) => true,
            (Some(named), Some(own)) => same_file(named, &own),
            (Some(_), None) => false,
        }
    });
    if let Some(t) = tasks {
        a.tasks = t.file.as_deref().map(|p| loaded.resolve(p));
        a.sheet = a.sheet.or_else(|| t.sheet.clone());
        a.encoding = a.encoding.or_else(|| t.encoding.clone());
        a.tz = a.tz.or_else(|| t.tz.clone());
        a.date_order = a.date_order.or(t.date_order);
        a.excel_1904 |= t.excel_1904;
        a.na.extend(t.na.iter().cloned());
        a.no_default_na |= t.no_default_na;
        a.shape = a.shape.or(t.shape);
        a.strict |= t.strict;
        for (role, header) in &t.columns {
            if !a
                .map
                .iter()
                .any(|m| m.split_once('=').is_some_and(|(r, _)| r == role))
            {
                a.map.push(format!("{role}={header}"));
            }
        }
    }
    if let Some(s) = &loaded.file.survey {
        // Label vocabularies apply to any survey.
        a.from_config.scales = s
            .scales
            .iter()
            .map(|sc| crate::ingest::survey::scales::Scale {
                name: sc.name.clone(),
                levels: sc.levels.clone(),
                items: sc.items.clone(),
            })
            .collect();
        a.from_config.not_applicable = s.not_applicable.clone();
    }
    let survey = loaded.file.survey.as_ref().filter(|s| {
        let own: Vec<PathBuf> = s.files.iter().map(|p| loaded.resolve(p)).collect();
        a.survey
            .iter()
            .all(|named| own.iter().any(|o| same_file(named, o)))
    });
    if let Some(s) = survey {
        let named = a.survey.clone();
        a.survey = if named.is_empty() {
            s.files.iter().map(|p| loaded.resolve(p)).collect()
        } else {
            named
        };
        a.platform = a.platform.or_else(|| s.platform.clone());
        a.survey_sheet = a.survey_sheet.or_else(|| s.sheet.clone());
        a.survey_encoding = a.survey_encoding.or_else(|| s.encoding.clone());
        if a.reverse.is_empty() {
            a.reverse = s.reverse.clone();
        }
        if a.groups.is_empty() {
            a.groups = s.groups.clone();
        }
        a.min_group = a.min_group.or(s.min_group);
        a.include_personal |= s.include_personal;
        a.from_config.dimensions = s
            .dimensions
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        a.from_config.scale = s.scale;
        a.from_config.alpha = s.alpha;
    }
    let tz = plan::zone(&a)?;
    let in_file = |e: anyhow::Error| anyhow::anyhow!("{}: {e}", loaded.path.display());
    if let Some(p) = &loaded.file.periods {
        a.from_config.periods = plan::file_periods(p, &tz).map_err(in_file)?;
    }
    a.from_config.targets = loaded
        .file
        .targets
        .iter()
        .map(|t| (t.target.clone(), t.goal.clone()))
        .collect();
    if let Some(k) = &loaded.file.kpi {
        a.from_config.grain = k.grain;
        a.from_config.by = k.by.clone();
    }
    let mut report = loaded.file.report.unwrap_or_default();
    report.out = report.out.map(|p| loaded.base.join(p));
    report.json = report.json.map(|p| loaded.base.join(p));
    Ok((a, report))
}

/// Whether two paths name the same file (compared as canonical paths when both exist).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// A resolved task-log input.
#[derive(Debug, Clone)]
pub struct TasklogInput {
    pub path: PathBuf,
    pub options: TasklogOptions,
}

/// Resolves the input flags; without --tasks the sample is used.
pub fn tasklog_input(args: &InputArgs) -> Result<TasklogInput> {
    let path = match &args.tasks {
        Some(p) => p.clone(),
        None => {
            let sample = PathBuf::from(SAMPLE_TASKS);
            if !sample.exists() {
                bail!(
                    "no --tasks given and the sample {SAMPLE_TASKS} is not here. Pass your \
                     log with --tasks FILE, run from the project folder, or create the \
                     sample with `procdiag sample`."
                );
            }
            sample
        }
    };
    let mut map = Vec::new();
    for m in &args.map {
        let Some((role, header)) = m.split_once('=') else {
            bail!("--map {m}: expected ROLE=HEADER, for example --map case=\"工单号\"");
        };
        let Some(role) = Role::parse(role) else {
            let roles: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
            bail!(
                "--map {m}: unknown role '{role}'; roles are {}",
                roles.join(", ")
            );
        };
        map.push((role, header.trim().to_string()));
    }
    let encoding = match &args.encoding {
        None => None,
        Some(label) => Some(encoding(label, "--encoding")?),
    };
    let mut na: Vec<String> = if args.no_default_na {
        Vec::new()
    } else {
        DEFAULT_NA.iter().map(|s| s.to_string()).collect()
    };
    na.extend(args.na.iter().cloned());
    Ok(TasklogInput {
        path,
        options: TasklogOptions {
            read: ReadOptions {
                sheet: args.sheet.clone(),
                encoding,
            },
            map,
            time: TimeOptions {
                date_order: args.date_order.map(|o| match o {
                    DateOrderArg::Dmy => DateOrder::Dmy,
                    DateOrderArg::Mdy => DateOrder::Mdy,
                }),
                tz: args.tz.clone(),
                excel_1904: args.excel_1904,
            },
            na,
            strict: args.strict,
            attributes: plan::plan_input(args)?.attributes(),
            shape: args.shape.map(|s| match s {
                ShapeArg::Activity => LogShape::Activity,
                ShapeArg::Lifecycle => LogShape::Lifecycle,
                ShapeArg::StatusHistory => LogShape::StatusHistory,
            }),
        },
    })
}

/// An encoding by its label, or an error naming the flag.
fn encoding(label: &str, flag: &str) -> Result<&'static encoding_rs::Encoding> {
    crate::ingest::read::encoding_for_label(label).ok_or_else(|| {
        anyhow::anyhow!(
            "{flag} {label}: unknown encoding; use utf-8, utf-16le, utf-16be, gbk, gb18030 \
             or windows-1252"
        )
    })
}

/// Chinese when asked, or on `auto` when any mapped header has CJK characters.
pub fn resolve_lang(arg: LangArg, headers: &[&str]) -> crate::report::Lang {
    use crate::report::Lang;
    match arg {
        LangArg::En => Lang::En,
        LangArg::Zh => Lang::Zh,
        LangArg::Auto => {
            let cjk = headers
                .iter()
                .any(|h| h.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
            if cjk {
                Lang::Zh
            } else {
                Lang::En
            }
        }
    }
}

/// Refuses to write an output over an input file.
pub fn check_output(out: &Path, inputs: &[&Path]) -> Result<()> {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(o) = canon(out) {
        for i in inputs {
            if canon(i).as_ref() == Some(&o) {
                bail!(
                    "{}: refusing to overwrite an input file; choose another output path",
                    out.display()
                );
            }
        }
    }
    Ok(())
}

/// A resolved survey input.
#[derive(Debug, Clone)]
pub struct SurveyInput {
    pub paths: Vec<PathBuf>,
    pub options: crate::ingest::survey::SurveyOptions,
    pub missing: crate::analysis::reliability::Missing,
    /// Who among the respondents may be shown (`--min-group`, `[survey] min_group`).
    pub anonymity: crate::analysis::privacy::Anonymity,
}

/// Resolves `--survey` and its flags; `None` without `--survey`.
pub fn survey_input(args: &InputArgs) -> Result<Option<SurveyInput>> {
    if args.survey.is_empty() {
        return Ok(None);
    }
    let scale = match &args.scale {
        None => args.from_config.scale,
        Some(s) => match file::parse_scale(s) {
            Some(p) => Some(p),
            None => bail!("--scale {s}: expected MIN-MAX such as 1-5"),
        },
    };
    let mut dimensions = Vec::new();
    for d in &args.dimensions {
        let Some((name, items)) = d.split_once('=') else {
            bail!("--dimension {d}: expected NAME=ITEM,ITEM,… such as 流程效率=Q1,Q2,Q3");
        };
        let items: Vec<String> = items
            .split(',')
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .collect();
        if items.len() < 2 {
            bail!("--dimension {d}: a dimension needs at least two items");
        }
        dimensions.push((name.trim().to_string(), items));
    }
    if dimensions.is_empty() {
        dimensions = args.from_config.dimensions.clone();
    }
    let encoding = match &args.survey_encoding {
        None => None,
        Some(label) => Some(encoding(label, "--survey-encoding")?),
    };
    if let Some(p) = &args.platform {
        if crate::ingest::survey::platform::by_id(p).is_none() {
            bail!(
                "--platform {p}: unknown platform; use one of {}",
                crate::ingest::survey::platform::ids().join(", ")
            );
        }
    }
    Ok(Some(SurveyInput {
        paths: args.survey.clone(),
        options: crate::ingest::survey::SurveyOptions {
            read: ReadOptions {
                sheet: args.survey_sheet.clone(),
                encoding,
            },
            platform: args.platform.clone(),
            scale,
            dimensions,
            reverse: args.reverse.iter().map(|r| r.trim().to_string()).collect(),
            groups: args.groups.clone(),
            scales: args.from_config.scales.clone(),
            not_applicable: args.from_config.not_applicable.clone(),
            include_personal: args.include_personal,
            optional_groups: plan::plan_input(args)?.survey_groups(),
        },
        anonymity: crate::analysis::privacy::Anonymity::new(args.min_group)
            .map_err(|e| anyhow::anyhow!("--min-group (or [survey] min_group): {e}"))?,
        missing: match args.alpha.or(args.from_config.alpha).unwrap_or_default() {
            crate::cli::AlphaMissing::Pairwise => crate::analysis::reliability::Missing::Pairwise,
            crate::cli::AlphaMissing::Listwise => crate::analysis::reliability::Missing::Listwise,
        },
    }))
}
