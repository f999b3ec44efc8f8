//! The inputs, resolved: where the task log and the survey files are and how to read
//! them, each setting taken from its flag, else from `procdiag.toml`, else its default.

use std::path::PathBuf;

use anyhow::{bail, Result};

use super::layers::Layers;
use crate::analysis::privacy::Anonymity;
use crate::analysis::reliability::Missing;
use crate::cli::{AlphaMissing, DateOrderArg, ShapeArg};
use crate::ingest::columns::Role;
use crate::ingest::read::ReadOptions;
use crate::ingest::shapes::LogShape;
use crate::ingest::survey::scales::Scale;
use crate::ingest::survey::SurveyOptions;
use crate::ingest::tasklog::{TasklogOptions, DEFAULT_NA};
use crate::ingest::time::{DateOrder, TimeOptions};
use crate::model::plan::Plan;

/// The sample task log used when no task log is named.
pub const SAMPLE_TASKS: &str = "data/sample_tasklog.xlsx";

/// A resolved task-log input.
#[derive(Debug, Clone)]
pub struct TasklogInput {
    pub path: PathBuf,
    pub options: TasklogOptions,
}

/// A resolved survey input.
#[derive(Debug, Clone)]
pub struct SurveyInput {
    pub paths: Vec<PathBuf>,
    pub options: SurveyOptions,
    pub missing: Missing,
    /// Who among the respondents may be shown (`--min-group`, `[survey] min_group`).
    pub anonymity: Anonymity,
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

/// `--map ROLE=HEADER` flags, then `[tasks.columns]` for the roles no flag names.
fn mapping(l: &Layers) -> Result<Vec<(Role, String)>> {
    let mut written: Vec<(String, String)> = Vec::new();
    for m in &l.args.map {
        let Some((role, header)) = m.split_once('=') else {
            bail!("--map {m}: expected ROLE=HEADER, for example --map case=\"工单号\"");
        };
        written.push((role.to_string(), header.to_string()));
    }
    for (role, header) in l.tasks().map(|t| &t.columns).into_iter().flatten() {
        if !written.iter().any(|(r, _)| r == role) {
            written.push((role.clone(), header.clone()));
        }
    }
    written
        .into_iter()
        .map(|(role, header)| {
            let r = Role::parse(&role).ok_or_else(|| {
                let roles: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                anyhow::anyhow!(
                    "--map {role}={header}: unknown role '{role}'; roles are {}",
                    roles.join(", ")
                )
            })?;
            Ok((r, header.trim().to_string()))
        })
        .collect()
}

/// The task log's path: named, the config's, or the sample.
fn tasks_path(l: &Layers) -> Result<PathBuf> {
    if let Some(p) = l.tasks_path() {
        return Ok(p);
    }
    let sample = PathBuf::from(SAMPLE_TASKS);
    if !sample.exists() {
        bail!(
            "no --tasks given and the sample {SAMPLE_TASKS} is not here. Pass your log \
             with --tasks FILE, run from the project folder, or create the sample with \
             `procdiag sample`."
        );
    }
    Ok(sample)
}

/// The task log and how to read it.
pub fn tasklog(l: &Layers, plan: &Plan) -> Result<TasklogInput> {
    let (a, t) = (l.args, l.tasks());
    let encoding = match a.encoding.as_ref().or(t.and_then(|t| t.encoding.as_ref())) {
        None => None,
        Some(label) => Some(encoding(label, "--encoding")?),
    };
    let mut na: Vec<String> = if a.no_default_na || t.is_some_and(|t| t.no_default_na) {
        Vec::new()
    } else {
        DEFAULT_NA.iter().map(|s| s.to_string()).collect()
    };
    na.extend(a.na.iter().cloned());
    na.extend(t.map(|t| t.na.clone()).unwrap_or_default());
    let date_order = a.date_order.or(t.and_then(|t| t.date_order));
    let shape = a.shape.or(t.and_then(|t| t.shape));
    Ok(TasklogInput {
        path: tasks_path(l)?,
        options: TasklogOptions {
            read: ReadOptions {
                sheet: a.sheet.clone().or_else(|| t.and_then(|t| t.sheet.clone())),
                encoding,
            },
            map: mapping(l)?,
            time: TimeOptions {
                date_order: date_order.map(|o| match o {
                    DateOrderArg::Dmy => DateOrder::Dmy,
                    DateOrderArg::Mdy => DateOrder::Mdy,
                }),
                tz: super::plan::tz_name(l),
                excel_1904: a.excel_1904 || t.is_some_and(|t| t.excel_1904),
            },
            na,
            strict: a.strict || t.is_some_and(|t| t.strict),
            attributes: plan.attributes(),
            shape: shape.map(|s| match s {
                ShapeArg::Activity => LogShape::Activity,
                ShapeArg::Lifecycle => LogShape::Lifecycle,
                ShapeArg::StatusHistory => LogShape::StatusHistory,
            }),
        },
    })
}

/// `--dimension NAME=ITEM,…` flags, else `[survey.dimensions]`.
fn dimensions(l: &Layers) -> Result<Vec<(String, Vec<String>)>> {
    let mut out = Vec::new();
    for d in &l.args.dimensions {
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
        out.push((name.trim().to_string(), items));
    }
    if out.is_empty() {
        if let Some(s) = l.survey() {
            out = s
                .dimensions
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
        }
    }
    Ok(out)
}

/// `[[survey.scales]]` and `[survey] not_applicable`, which apply to any survey.
fn vocabulary(l: &Layers) -> (Vec<Scale>, Vec<String>) {
    let Some(s) = l.survey_vocabulary() else {
        return (Vec::new(), Vec::new());
    };
    let scales = s
        .scales
        .iter()
        .map(|sc| Scale {
            name: sc.name.clone(),
            levels: sc.levels.clone(),
            items: sc.items.clone(),
        })
        .collect();
    (scales, s.not_applicable.clone())
}

/// The survey files and how to read and score them; `None` without any.
pub fn survey(l: &Layers, plan: &Plan) -> Result<Option<SurveyInput>> {
    let paths = l.survey_paths();
    if paths.is_empty() {
        return Ok(None);
    }
    let (a, s) = (l.args, l.survey());
    let scale = match &a.scale {
        None => s.and_then(|s| s.scale),
        Some(text) => match super::file::parse_scale(text) {
            Some(p) => Some(p),
            None => bail!("--scale {text}: expected MIN-MAX such as 1-5"),
        },
    };
    let label = a
        .survey_encoding
        .as_ref()
        .or(s.and_then(|s| s.encoding.as_ref()));
    let encoding = label
        .map(|e| encoding(e, "--survey-encoding"))
        .transpose()?;
    let platform = a
        .platform
        .clone()
        .or_else(|| s.and_then(|s| s.platform.clone()));
    if let Some(p) = &platform {
        if crate::ingest::survey::platform::by_id(p).is_none() {
            bail!(
                "--platform {p}: unknown platform; use one of {}",
                crate::ingest::survey::platform::ids().join(", ")
            );
        }
    }
    let or_file = |flag: &Vec<String>, file: fn(&super::file::SurveySection) -> &Vec<String>| {
        if flag.is_empty() {
            s.map(|s| file(s).clone()).unwrap_or_default()
        } else {
            flag.clone()
        }
    };
    let (scales, not_applicable) = vocabulary(l);
    let min_group = a.min_group.or(s.and_then(|s| s.min_group));
    let alpha = a.alpha.or(s.and_then(|s| s.alpha)).unwrap_or_default();
    Ok(Some(SurveyInput {
        paths,
        options: SurveyOptions {
            read: ReadOptions {
                sheet: a
                    .survey_sheet
                    .clone()
                    .or_else(|| s.and_then(|s| s.sheet.clone())),
                encoding,
            },
            platform,
            scale,
            dimensions: dimensions(l)?,
            reverse: or_file(&a.reverse, |s| &s.reverse)
                .iter()
                .map(|r| r.trim().to_string())
                .collect(),
            groups: or_file(&a.groups, |s| &s.groups),
            scales,
            not_applicable,
            include_personal: a.include_personal || s.is_some_and(|s| s.include_personal),
            optional_groups: plan.survey_groups(),
        },
        anonymity: Anonymity::new(min_group)
            .map_err(|e| anyhow::anyhow!("--min-group (or [survey] min_group): {e}"))?,
        missing: match alpha {
            AlphaMissing::Pairwise => Missing::Pairwise,
            AlphaMissing::Listwise => Missing::Listwise,
        },
    }))
}
