//! `procdiag.toml`: the inputs and how to read them, survey scales and dimensions, and
//! report settings, so a recurring diagnosis is one command. Paths are relative to the
//! file's folder. Unknown keys and bad values are errors that name the key and the
//! line (serde's `deny_unknown_fields`, values checked while they are read). Flags
//! given on the command line win over the file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use indexmap::IndexMap;
use serde::{Deserialize, Deserializer};

use crate::cli::{AlphaMissing, DateOrderArg, LangArg, ShapeArg};
use crate::model::spec_error::SpecError;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub tasks: Option<TasksSection>,
    pub survey: Option<SurveySection>,
    pub periods: Option<PeriodsSection>,
    #[serde(default)]
    pub targets: Vec<TargetSection>,
    pub kpi: Option<KpiSection>,
    pub report: Option<ReportSection>,
    pub diagnosis: Option<DiagnosisSection>,
    pub calendar: Option<super::sla_file::CalendarSection>,
    #[serde(default)]
    pub sla: Vec<toml::Spanned<super::sla_file::RawSla>>,
}

/// `[diagnosis]`: what the process map and the problem list show.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiagnosisSection {
    /// Share of cases the map's paths cover, 0 < x ≤ 1.
    pub map_coverage: Option<f64>,
    /// Owner changes within one stage of a case above which it is listed (default 2).
    pub owner_changes: Option<usize>,
    /// Time problems below this share of all lead time are left out (default 0.01).
    pub problems_min_share: Option<f64>,
    /// Stages seen in fewer than this share of cases are grouped in charts (default
    /// 0.01).
    pub rare_stage_share: Option<f64>,
}

/// `{ from = "2024-01-01", to = "2024-06-30" }` (either may be left out).
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[serde(default, deserialize_with = "day")]
    pub from: Option<String>,
    #[serde(default, deserialize_with = "day")]
    pub to: Option<String>,
}

/// A day such as `2024-07-01` (checked here so that a bad one is named with its line).
fn day<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    super::plan::day_ms(&s, &chrono_tz::Tz::UTC, false, "date")
        .map_err(|e| serde::de::Error::custom(e.to_string()))?;
    Ok(Some(s))
}

/// `[periods]`: `baseline` and `after` ranges, or `split`, or `column`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodsSection {
    pub baseline: Option<Range>,
    pub after: Option<Range>,
    #[serde(default, deserialize_with = "day")]
    pub split: Option<String>,
    pub column: Option<String>,
}

/// `[[targets]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    #[serde(deserialize_with = "metric_name")]
    metric: crate::model::metric::MetricSpec,
    goal: String,
    name: Option<String>,
    #[serde(default)]
    filter: IndexMap<String, String>,
}

/// `[[targets]]`: a metric (`lead_time.median`, `wait_time.median[stage=合规审批]`),
/// more filters (`filter = { 客户等级 = "战略客户" }`), a goal (`-20%`, `<= 48h`,
/// `>= 95%`, `+5pt`) and the user's name for it.
#[derive(Debug, Deserialize)]
#[serde(try_from = "RawTarget")]
pub struct TargetSection {
    pub target: crate::model::plan::Target,
    /// The goal as written.
    pub goal: String,
}

impl TryFrom<RawTarget> for TargetSection {
    type Error = SpecError;

    fn try_from(r: RawTarget) -> Result<Self, SpecError> {
        let mut metric = r.metric;
        metric.filters.extend(r.filter);
        let goal = crate::model::plan::Goal::parse(&r.goal, metric.kind()).map_err(|e| {
            SpecError::FileTarget {
                metric: metric.name(),
                inner: Box::new(e),
            }
        })?;
        Ok(TargetSection {
            target: crate::model::plan::Target {
                metric,
                goal,
                label: r.name,
            },
            goal: r.goal,
        })
    }
}

/// `[kpi]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiSection {
    pub grain: Option<crate::model::plan::Grain>,
    /// Case attributes to break down by.
    #[serde(default)]
    pub by: Vec<String>,
}

fn metric_name<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<crate::model::metric::MetricSpec, D::Error> {
    let s = String::deserialize(d)?;
    crate::model::metric::MetricSpec::parse(&s).map_err(serde::de::Error::custom)
}

/// `[tasks]`: the task log.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TasksSection {
    pub file: Option<PathBuf>,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    pub tz: Option<String>,
    pub date_order: Option<DateOrderArg>,
    #[serde(default)]
    pub excel_1904: bool,
    #[serde(default)]
    pub na: Vec<String>,
    #[serde(default)]
    pub no_default_na: bool,
    pub shape: Option<ShapeArg>,
    #[serde(default)]
    pub strict: bool,
    /// `[tasks.columns]`: role = header (as `--map ROLE=HEADER`).
    #[serde(default)]
    pub columns: IndexMap<String, String>,
}

/// `[[survey.scales]]`: a custom label scale, lowest level first; with `items`, the
/// scale of exactly those items (codes, texts, headers or question codes).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleSpec {
    pub name: String,
    #[serde(deserialize_with = "two_or_more")]
    pub levels: Vec<String>,
    #[serde(default)]
    pub items: Vec<String>,
}

/// `[survey]`: the questionnaire exports and how to score them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveySection {
    /// One file, or several (waves).
    #[serde(default, deserialize_with = "one_or_many")]
    pub files: Vec<PathBuf>,
    pub platform: Option<String>,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    /// `"1-6"`.
    #[serde(default, deserialize_with = "scale_range")]
    pub scale: Option<(f64, f64)>,
    /// `name = ["Q3"]` or `name = ["Q3_1", "Q3_2"]`, in the file's order.
    #[serde(default)]
    pub dimensions: IndexMap<String, Vec<String>>,
    #[serde(default)]
    pub reverse: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    pub min_group: Option<usize>,
    pub alpha: Option<AlphaMissing>,
    #[serde(default)]
    pub include_personal: bool,
    /// More answers meaning "no opinion".
    #[serde(default)]
    pub not_applicable: Vec<String>,
    #[serde(default)]
    pub scales: Vec<ScaleSpec>,
}

/// `[report]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSection {
    pub out: Option<PathBuf>,
    pub json: Option<PathBuf>,
    /// A folder for every table of the report as CSV files.
    pub csv_dir: Option<PathBuf>,
    /// Every table of the report as an Excel workbook.
    pub xlsx: Option<PathBuf>,
    pub lang: Option<LangArg>,
    /// `"working"`: lead and waiting times also in working hours of the calendar.
    pub durations: Option<Durations>,
}

/// How the report states durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Durations {
    /// Elapsed hours only.
    Elapsed,
    /// Elapsed hours and working hours of the calendar.
    Working,
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<PathBuf>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(PathBuf),
        Many(Vec<PathBuf>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(p) => vec![p],
        OneOrMany::Many(v) => v,
    })
}

/// `"MIN-MAX"` such as `"1-5"`.
pub fn parse_scale(s: &str) -> Option<(f64, f64)> {
    s.split_once('-')
        .and_then(|(a, b)| Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?)))
        .filter(|(a, b)| a < b)
}

fn scale_range<'de, D: Deserializer<'de>>(d: D) -> Result<Option<(f64, f64)>, D::Error> {
    let s = String::deserialize(d)?;
    parse_scale(&s).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!("scale '{s}': expected \"MIN-MAX\" such as \"1-5\""))
    })
}

fn two_or_more<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Vec::<String>::deserialize(d)?;
    if v.len() < 2 {
        return Err(serde::de::Error::custom(
            "a scale needs at least two levels, lowest first",
        ));
    }
    Ok(v)
}

/// A loaded file and the folder its relative paths start from.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub base: PathBuf,
    pub file: ConfigFile,
    /// The `[[sla]]` clocks, each with the line it starts at.
    pub clocks: Vec<crate::model::sla::Clock>,
}

impl Loaded {
    /// A path from the file, relative to the file's folder.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base.join(p)
        }
    }
}

/// Reads and checks a config file.
pub fn load(path: &Path) -> Result<Loaded> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the config file", path.display()))?;
    let file: ConfigFile = toml::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.to_string().trim_end()))?;
    let base = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let clocks = super::sla_file::clocks(&file.sla, &text, path).map_err(|e| anyhow::anyhow!(e))?;
    Ok(Loaded {
        path: path.to_path_buf(),
        base,
        file,
        clocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_bad_values_name_the_key_and_line() {
        let e = toml::from_str::<ConfigFile>("[survey]\nfiles = \"a.csv\"\nscael = \"1-5\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3") && e.contains("scael"), "{e}");
        let e = toml::from_str::<ConfigFile>("[survey]\nscale = \"1-x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("MIN-MAX"), "{e}");
        let e = toml::from_str::<ConfigFile>("[tasks]\nshape = \"rows\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("rows"), "{e}");
    }

    #[test]
    fn targets_and_periods_are_checked_as_they_are_read() {
        let c: ConfigFile = toml::from_str(
            "[periods]\nsplit = \"2024-07-01\"\n\n[[targets]]\nmetric = \"wait_time.median[stage=合规审批]\"\ngoal = \"-50%\"\nname = \"合规审批等待减半\"\n",
        )
        .unwrap();
        assert_eq!(
            c.targets[0].target.goal,
            crate::model::plan::Goal::Relative(-0.5)
        );
        let e = toml::from_str::<ConfigFile>(
            "[[targets]]\nmetric = \"lead_time.median\"\ngoal = \"faster\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("line 1") && e.contains("faster"), "{e}");
        let e = toml::from_str::<ConfigFile>(
            "[[targets]]\nmetric = \"lead_time.p95\"\ngoal = \"-20%\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("line 2") && e.contains("lead_time.p95"), "{e}");
    }

    #[test]
    fn dimensions_keep_the_files_order() {
        let c: ConfigFile = toml::from_str(
            "[survey]\nfiles = [\"a.xlsx\", \"b.xlsx\"]\n[survey.dimensions]\n\"流程效率\" = [\"Q3\"]\n\"沟通满意度\" = [\"Q4\"]\nA = [\"Q5\"]\n",
        )
        .unwrap();
        let s = c.survey.unwrap();
        assert_eq!(s.files.len(), 2);
        let names: Vec<&String> = s.dimensions.keys().collect();
        assert_eq!(names, ["流程效率", "沟通满意度", "A"]);
    }
}
