//! Questionnaire exports → a [`Survey`]. A file is read as a grid of cells
//! ([`crate::ingest::read::read_grid`]); a [`platform`] module says where its header is
//! and how questions, matrix rows and options are named (问卷星, 腾讯问卷, 金数据,
//! Microsoft Forms, Google Forms, Qualtrics, SurveyMonkey, LimeSurvey, or the plain
//! one-header layout); [`interpret`] decides from the values what each column holds and
//! which rows are responses; then dimensions, reversed items and breakdown groups are
//! resolved from what the user named. Several files (waves) merge into one survey with
//! a `file` breakdown.

mod build;
pub mod classify;
pub mod interpret;
pub mod personal;
pub mod platform;
pub mod scales;
pub mod values;

use std::path::Path;

use crate::error::InputError;
use crate::ingest::read::{read_grid, Grid, ReadOptions};
pub use crate::model::survey::{Choice, Dimension, Item, MultiSelect, OpenText, Survey};
use crate::model::InputSummary;
pub use interpret::ColumnReport;
use interpret::{Attribute, Interpreted};
use platform::{Layout, Platform};

/// What the user told us about a survey (flags and `procdiag.toml`).
#[derive(Debug, Clone, Default)]
pub struct SurveyOptions {
    pub read: ReadOptions,
    /// `--platform`: the export's platform, instead of detecting it.
    pub platform: Option<String>,
    /// `--scale MIN-MAX` for numeric items.
    pub scale: Option<(f64, f64)>,
    /// `--dimension NAME=ITEM,ITEM,…` (ITEM: an item's code or text, or a question's
    /// code for all its rows).
    pub dimensions: Vec<(String, Vec<String>)>,
    /// `--reverse ITEM,…`.
    pub reverse: Vec<String>,
    /// `--group COLUMN`: breakdowns (department, tier, wave).
    pub groups: Vec<String>,
    /// Custom label scales from the config (tried before the built-in ones).
    pub scales: Vec<scales::Scale>,
    /// More answers that mean "no opinion" (from the config).
    pub not_applicable: Vec<String>,
    /// `--include-personal`: keep the columns that identify people.
    pub include_personal: bool,
    /// Breakdowns taken when the survey has such a column (a period column, target
    /// filters), skipped otherwise.
    pub optional_groups: Vec<String>,
}

/// One file read: its layout and interpretation.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub platform: &'static str,
    /// Rows of the header (1 for most platforms, 2 for SurveyMonkey and legacy
    /// Qualtrics, 3 for Qualtrics).
    pub header_rows: usize,
    pub interpreted: Interpreted,
    pub summary: InputSummary,
}

/// How much a sheet's first rows look like a questionnaire export.
fn sheet_score(head: &[Vec<String>]) -> usize {
    platform::detect(head).map_or(0, |(_, d)| d.score as usize)
}

/// The platform and header row of a grid (`--platform` wins over detection).
pub fn detect_layout(
    grid: &Grid,
    opts: &SurveyOptions,
) -> Result<(&'static dyn Platform, Layout), InputError> {
    let head = &grid.rows[..grid.rows.len().min(platform::HEAD_ROWS)];
    let (p, header_row) = match &opts.platform {
        Some(id) => {
            let p = platform::by_id(id).ok_or_else(|| InputError::BadOption {
                option: format!("--platform {id}"),
                detail: format!(
                    "unknown platform; use one of {}",
                    platform::ids().join(", ")
                ),
            })?;
            let row = p.detect(head).map_or(0, |d| d.header_row);
            (p, row)
        }
        None => {
            let (p, d) = platform::detect(head).ok_or_else(|| InputError::Empty {
                path: grid.path.clone(),
                sheet: grid.sheet.clone(),
            })?;
            (p, d.header_row)
        }
    };
    let layout = p.layout(grid, header_row);
    Ok((p, layout))
}

/// One export read: its grid, platform, layout and which rows are responses.
struct Read {
    grid: Grid,
    platform: &'static dyn Platform,
    layout: Layout,
    prepared: interpret::Prepared,
}

fn read(path: &Path, opts: &SurveyOptions) -> Result<Read, InputError> {
    let grid = read_grid(path, &opts.read, sheet_score)?;
    let (platform, layout) = detect_layout(&grid, opts)?;
    let (kept, rejections) = interpret::responses(&grid, &layout, platform);
    Ok(Read {
        grid,
        platform,
        layout,
        prepared: interpret::Prepared {
            kept,
            rejections,
            scales: Default::default(),
        },
    })
}

/// Reads and interprets exports of one questionnaire, their columns' scales resolved
/// together (the same item in two waves shares its scale).
fn parse_all(paths: &[&Path], opts: &SurveyOptions) -> Result<Vec<Parsed>, InputError> {
    let mut reads = paths
        .iter()
        .map(|p| read(p, opts))
        .collect::<Result<Vec<_>, _>>()?;
    let observed: Vec<Vec<(usize, scales::Observation)>> = reads
        .iter()
        .map(|r| interpret::observations(&r.grid, &r.layout, &r.prepared.kept, opts))
        .collect();
    let custom: Vec<scales::table::Family> = opts.scales.iter().map(|s| s.family()).collect();
    let resolved = scales::resolve(
        &observed
            .iter()
            .map(|v| v.iter().map(|(_, o)| o.clone()).collect())
            .collect::<Vec<_>>(),
        &custom,
        &opts.not_applicable,
    );
    for ((r, obs), res) in reads.iter_mut().zip(&observed).zip(resolved) {
        r.prepared.scales = obs
            .iter()
            .zip(res)
            .filter_map(|((index, _), res)| Some((*index, res?)))
            .collect();
    }
    Ok(reads.into_iter().map(|r| parsed(r, opts)).collect())
}

/// Reads and interprets one export.
pub fn parse(path: &Path, opts: &SurveyOptions) -> Result<Parsed, InputError> {
    let mut all = parse_all(&[path], opts)?;
    Ok(all.remove(0))
}

/// Interprets one read export.
fn parsed(r: Read, opts: &SurveyOptions) -> Parsed {
    let Read {
        grid,
        platform: p,
        layout,
        prepared,
    } = r;
    let interpreted = interpret::interpret(&grid, &layout, opts, prepared);
    let mut rejection_reasons = std::collections::BTreeMap::new();
    for r in &interpreted.rejections {
        *rejection_reasons.entry(r.reason).or_insert(0) += 1;
    }
    let summary = InputSummary {
        path: grid.path.clone(),
        kind: crate::model::InputKind::Survey,
        format: grid.format.clone(),
        encoding: grid.encoding.clone(),
        sheet: grid.sheet.clone(),
        other_sheets: grid.other_sheets.clone(),
        shape: crate::model::InputShape::Survey,
        platform: Some(p.name().to_string()),
        header_row: grid
            .row_numbers
            .get(layout.header_row)
            .copied()
            .unwrap_or(1),
        rows_read: interpreted.rows_read,
        blank_rows: grid.blank_rows,
        rows_used: interpreted.survey.respondents,
        rows_rejected: interpreted.rejections.len(),
        rejections: interpreted.rejections.iter().take(100).cloned().collect(),
        rejection_reasons,
        columns: Default::default(),
        timestamp_formats: Default::default(),
        time_offsets: Default::default(),
    };
    Parsed {
        platform: p.name(),
        header_rows: layout.data_start - layout.header_row,
        interpreted,
        summary,
    }
}

/// Reads one survey export.
pub fn load(path: &Path, opts: &SurveyOptions) -> Result<(Survey, InputSummary), InputError> {
    let (survey, mut summaries) = load_many(&[path], opts)?;
    Ok((survey, summaries.remove(0)))
}

/// Reads one or more exports of a questionnaire (waves) into one survey; with several
/// files, each respondent's file is a breakdown group `file`.
pub fn load_many(
    paths: &[&Path],
    opts: &SurveyOptions,
) -> Result<(Survey, Vec<InputSummary>), InputError> {
    assemble(parse_all(paths, opts)?, opts)
}

/// Merges parsed files and resolves what the user named.
fn assemble(
    parsed: Vec<Parsed>,
    opts: &SurveyOptions,
) -> Result<(Survey, Vec<InputSummary>), InputError> {
    let shown = parsed
        .iter()
        .map(|p| p.summary.path.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let summaries = parsed.iter().map(|p| p.summary.clone()).collect();
    let several = parsed.len() > 1;
    let mut merged: Option<(Survey, Vec<Attribute>)> = None;
    for p in parsed {
        let stem = Path::new(&p.summary.path).file_stem().map_or_else(
            || p.summary.path.clone(),
            |s| s.to_string_lossy().to_string(),
        );
        let mut attrs = p.interpreted.attributes;
        let n = p.interpreted.survey.respondents;
        if several {
            attrs.push(Attribute {
                code: "file".into(),
                header: "file".into(),
                text: "file".into(),
                values: vec![Some(stem); n],
            });
        }
        merged = Some(match merged {
            None => (p.interpreted.survey, attrs),
            Some((s, a)) => {
                merge::merge(s, a, p.interpreted.survey, attrs).map_err(|mismatch| {
                    InputError::Waves {
                        path: p.summary.path.clone(),
                        mismatch,
                    }
                })?
            }
        });
    }
    let (mut survey, attrs) = merged.ok_or_else(|| InputError::Empty {
        path: shown.clone(),
        sheet: None,
    })?;
    resolve(&mut survey, &attrs, opts, &shown, several)?;
    Ok((survey, summaries))
}

mod merge;
pub use merge::WaveMismatch;

/// Item codes for the names the user gave: an item's code or text, or a question's
/// code standing for all its rows.
fn item_codes(
    survey: &Survey,
    names: &[String],
    flag: &str,
    path: &str,
) -> Result<Vec<String>, InputError> {
    let mut out = Vec::new();
    for name in names {
        if let Some(it) = survey.item(name) {
            out.push(it.code.clone());
            continue;
        }
        let rows: Vec<String> = survey
            .items
            .iter()
            .filter(|i| i.question.as_deref() == Some(name.as_str()))
            .map(|i| i.code.clone())
            .collect();
        if rows.is_empty() {
            return Err(InputError::UnknownItem {
                path: path.to_string(),
                flag: flag.to_string(),
                name: name.clone(),
                items: survey.items.iter().map(|i| i.code.clone()).collect(),
            });
        }
        out.extend(rows);
    }
    Ok(out)
}

/// Without `--dimension`, each matrix question (items sharing a question and a scale)
/// becomes a dimension, named after its stem when the export has one.
fn matrix_dimensions(items: &[Item]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, usize, Option<String>, Vec<String>)> = Vec::new();
    for it in items {
        let Some(q) = &it.question else { continue };
        let levels = (it.max - it.min).round() as usize;
        match groups
            .iter_mut()
            .find(|(p, l, _, _)| p == q && *l == levels)
        {
            Some(g) => {
                if g.2 != it.stem {
                    g.2 = None;
                }
                g.3.push(it.code.clone());
            }
            None => groups.push((q.clone(), levels, it.stem.clone(), vec![it.code.clone()])),
        }
    }
    groups
        .into_iter()
        .filter(|g| g.3.len() >= 2)
        .map(|(q, _, stem, members)| {
            let name = stem.filter(|s| !s.trim().is_empty() && s.chars().count() <= 60);
            (name.unwrap_or(q), members)
        })
        .collect()
}

/// Dimensions, reversed items and breakdown groups from what the user named.
fn resolve(
    survey: &mut Survey,
    attrs: &[Attribute],
    opts: &SurveyOptions,
    path: &str,
    several: bool,
) -> Result<(), InputError> {
    for sc in opts.scales.iter().filter(|s| !s.items.is_empty()) {
        let flag = format!("[[survey.scales]] {} items", sc.name);
        item_codes(survey, &sc.items, &flag, path)?;
    }
    let reverse = item_codes(survey, &opts.reverse, "--reverse", path)?;
    for it in &mut survey.items {
        it.reversed = reverse.contains(&it.code);
    }
    let given = if opts.dimensions.is_empty() {
        matrix_dimensions(&survey.items)
    } else {
        let mut dims = Vec::new();
        for (name, members) in &opts.dimensions {
            let flag = format!("--dimension {name}");
            dims.push((name.clone(), item_codes(survey, members, &flag, path)?));
        }
        dims
    };
    survey.dimensions = given
        .into_iter()
        .map(|(name, items)| Dimension {
            reversed: items
                .iter()
                .filter(|m| reverse.contains(m))
                .cloned()
                .collect(),
            name,
            items,
        })
        .collect();
    let mut groups = opts.groups.clone();
    if several && !groups.iter().any(|g| g == "file") {
        groups.insert(0, "file".into());
    }
    for g in &opts.optional_groups {
        let present = attrs
            .iter()
            .any(|a| a.code == *g || a.header == *g || a.text == *g);
        if present && !groups.contains(g) {
            groups.push(g.clone());
        }
    }
    for g in &groups {
        let values = attrs
            .iter()
            .find(|a| a.code == *g || a.header == *g || a.text == *g)
            .map(|a| a.values.clone())
            .or_else(|| {
                survey.item(g).map(|it| {
                    it.values
                        .iter()
                        .map(|v| v.map(|x| format!("{x}")))
                        .collect()
                })
            });
        let Some(values) = values else {
            let mut known: Vec<String> = attrs.iter().map(|a| a.header.clone()).collect();
            known.dedup();
            return Err(InputError::UnknownSurveyColumn {
                path: path.to_string(),
                flag: "--group".into(),
                name: g.clone(),
                columns: known,
            });
        };
        survey.groups.push((g.clone(), values));
    }
    Ok(())
}

/// The survey platform whose export these headers look like, if any (used to refuse a
/// survey given as a task log).
pub fn survey_platform(headers: &[String]) -> Option<&'static str> {
    let head = [headers.to_vec()];
    match platform::detect(&head) {
        Some((p, _)) if p.id() != "plain" => Some(p.name()),
        _ => {
            let numbered = headers
                .iter()
                .filter(|h| {
                    let t = h.trim_start();
                    t.chars().next().is_some_and(|c| c.is_ascii_digit())
                        && (t.contains('、') || t.contains('.') || t.starts_with('Q'))
                })
                .count();
            (numbered >= 3 && numbered * 2 >= headers.len()).then_some("a questionnaire")
        }
    }
}

/// What `procdiag inspect` shows of a questionnaire export.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SurveyInspection {
    pub input: InputSummary,
    pub platform: &'static str,
    /// How many rows the header spans.
    pub header_rows: usize,
    pub respondents: usize,
    pub columns: Vec<ColumnReport>,
    /// Dimensions as they would be scored (given, or one per matrix question).
    pub dimensions: Vec<Dimension>,
    pub personal_columns_left_out: Vec<String>,
}

/// Reads an export for `inspect`.
pub fn inspect(path: &Path, opts: &SurveyOptions) -> Result<SurveyInspection, InputError> {
    let parsed = parse(path, opts)?;
    let (platform, header_rows) = (parsed.platform, parsed.header_rows);
    let columns = parsed.interpreted.columns.clone();
    let (survey, mut summaries) = assemble(vec![parsed], opts)?;
    Ok(SurveyInspection {
        input: summaries.remove(0),
        platform,
        header_rows,
        respondents: survey.respondents,
        columns,
        dimensions: survey.dimensions.clone(),
        personal_columns_left_out: survey.personal.clone(),
    })
}

/// Whether a file looks like a questionnaire export of a known platform.
pub fn looks_like_survey(path: &Path, read: &ReadOptions) -> bool {
    read_grid(path, read, sheet_score).is_ok_and(|g| {
        let head = &g.rows[..g.rows.len().min(platform::HEAD_ROWS)];
        platform::detect(head).is_some_and(|(p, _)| p.id() != "plain")
    })
}
