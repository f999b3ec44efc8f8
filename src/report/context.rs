//! View models: `Analysis` turned into what the template shows, every number already
//! formatted for humans (durations by [`super::format`]'s one rule, shares as "42%",
//! counts with separators) and every chart already drawn as an SVG string.
//!
//! User-supplied text (stage and department names, paths, headers, values) is copied
//! as is: the template escapes it, and the chart writer (`charts::svg::esc`) inside the SVGs.

use anyhow::{Context as _, Result};
use serde::Serialize;

use super::charts::lead_time;
use super::format::{count, date_time, hours, opt_hours, pct};
use super::glossary::{self, Entry};
use super::i18n::{labels, Labels, Lang};
use super::inputs::{input_views, InputView};
use super::sentences as say;
use crate::analysis::{Analysis, TasklogAnalysis};
use crate::model::TimestampShape;

/// KPI values longer than this many characters are phrases, shown in a smaller font.
const WORDY_KPI: usize = 12;

/// Everything the template renders.
#[derive(Debug, Serialize)]
pub struct Report {
    pub lang: &'static str,
    pub t: &'static Labels,
    pub input_paths: Vec<String>,
    /// "2024-01-02 08:00 → 2024-03-28 17:30", UTC.
    pub period: Option<String>,
    pub tasklog: Option<TasklogView>,
    pub survey: Option<super::survey::SurveyView>,
    /// The survey beside the log.
    pub survey_log: Option<super::survey_log::SurveyLogView>,
    /// The scorecard, trends, KPI table and breakdowns.
    pub plan: Option<super::plan::PlanView>,
    pub inputs: Vec<InputView>,
    /// The executive summary's sentences and the table of contents.
    pub summary: Vec<String>,
    pub toc: Vec<super::summary::TocEntry>,
    pub glossary: Vec<Entry>,
    pub pm4py_note: String,
}

/// The process part of the report.
#[derive(Debug, Serialize)]
pub struct TasklogView {
    pub kpis: Vec<Kpi>,
    /// The prominent note for single-timestamp logs and status histories.
    pub single_note: Option<String>,
    /// Its bold title.
    pub note_title: &'static str,
    /// Bottleneck table headers (waiting, or time in status).
    pub share_header: &'static str,
    pub total_header: &'static str,
    pub lead_chart: String,
    pub lead_caption: String,
    /// One sentence per chart saying what it shows ([`super::takeaways`]).
    pub lead_takeaway: Option<String>,
    pub bottleneck_takeaway: Option<String>,
    /// The histogram's bins: from, to, cases.
    pub lead_rows: Vec<[String; 3]>,
    /// Group header of the wait columns ("Waiting time" or "Transition time").
    pub wait_header: &'static str,
    pub variants: Vec<VariantRow>,
    pub variants_note: Option<String>,
    pub has_department: bool,
    pub ping_pong: Option<String>,
    /// Stages, bottlenecks, handoffs and edges ranked by impact, long lists folded.
    #[serde(flatten)]
    pub ranked: super::ranked::RankedView,
    /// The data-quality appendix.
    pub quality: Vec<QualityRow>,
    /// The map, the heatmap, WIP, ownership and the problem list.
    pub diag: super::diagnosis::DiagnosisView,
    /// Service levels and working durations, when configured.
    pub sla: Option<super::sla::SlaView>,
}

/// One data-quality finding.
#[derive(Debug, Serialize)]
pub struct QualityRow {
    pub severity: &'static str,
    pub message: String,
    pub examples: String,
}

/// A headline figure.
#[derive(Debug, Serialize)]
pub struct Kpi {
    pub label: String,
    pub value: String,
    pub sub: Option<String>,
    /// The value is a phrase, not a figure: shown smaller.
    pub wordy: bool,
}

#[derive(Debug, Serialize)]
pub struct VariantRow {
    pub path: String,
    pub cases: String,
    pub share: String,
}

/// Builds the whole view model, drawing the charts.
pub fn build(analysis: &Analysis, lang: Lang) -> Result<Report> {
    let tasklog = analysis
        .tasklog
        .as_ref()
        .map(|t| tasklog_view(t, lang))
        .transpose()?;
    let mut report = Report {
        lang: lang.html_code(),
        t: labels(lang),
        input_paths: analysis.inputs.iter().map(|i| i.path.clone()).collect(),
        period: analysis.tasklog.as_ref().map(|t| {
            format!(
                "{} → {} UTC",
                date_time(&t.period.from),
                date_time(&t.period.to)
            )
        }),
        tasklog,
        survey: analysis
            .survey
            .as_ref()
            .map(|s| super::survey::survey_view(s, lang))
            .transpose()?,
        survey_log: analysis
            .survey_log
            .as_ref()
            .map(|s| super::survey_log::survey_log_view(s, lang)),
        plan: super::plan::plan_view(analysis, lang)?,
        inputs: input_views(&analysis.inputs, lang),
        summary: super::summary::sentences(analysis, lang),
        toc: Vec::new(),
        glossary: glossary::entries(lang),
        pm4py_note: glossary::pm4py_note(lang),
    };
    report.toc = super::summary::toc(&report, lang);
    Ok(report)
}

/// The data-quality appendix's rows.
fn quality_rows(t: &TasklogAnalysis, lang: Lang) -> Vec<QualityRow> {
    let l = labels(lang);
    t.data_quality
        .iter()
        .map(|f| QualityRow {
            severity: if f.severity == crate::analysis::quality::Severity::Warning {
                l.warning
            } else {
                l.info
            },
            message: crate::words::finding(lang, f),
            examples: f
                .examples
                .iter()
                .map(|e| crate::words::example(lang, e))
                .collect::<Vec<_>>()
                .join(lang.pick(", ", "，")),
        })
        .collect()
}

fn tasklog_view(t: &TasklogAnalysis, lang: Lang) -> Result<TasklogView> {
    let single = t.timestamps == TimestampShape::Single;
    let l = labels(lang);
    let has_department = t.has_department;
    Ok(TasklogView {
        kpis: kpis(t, lang),
        single_note: if t.status_history {
            Some(say::status_history_note(lang))
        } else {
            single.then(|| say::single_timestamp_note(lang))
        },
        note_title: if t.status_history {
            l.status_title
        } else {
            l.single_title
        },
        share_header: if t.status_history {
            l.share_of_status_time
        } else {
            l.share_of_waiting
        },
        total_header: if t.status_history {
            l.total_in_status
        } else {
            l.total_wait
        },
        quality: quality_rows(t, lang),
        diag: super::diagnosis::diagnosis_view(t, lang),
        sla: super::sla::sla_view(t, lang).context("drawing the service-level chart")?,
        lead_chart: lead_time::lead_time_chart(&t.lead_time_histogram, lang)
            .context("drawing the lead-time chart")?,
        lead_caption: say::lead_caption(lang, lead_time::tail_from(&t.lead_time_histogram)),
        lead_takeaway: super::takeaways::lead_time(lang, &t.lead_time_hours),
        bottleneck_takeaway: super::takeaways::bottlenecks(lang, &t.bottlenecks, single),
        lead_rows: t
            .lead_time_histogram
            .iter()
            .map(|b| [hours(b.from, lang), hours(b.to, lang), count(b.cases)])
            .collect(),
        wait_header: if single {
            l.transition_time
        } else {
            l.waiting_time
        },
        variants: variant_rows(t),
        variants_note: (!t.top_variants.is_empty()).then(|| {
            say::variants_note(
                lang,
                t.top_variants.len(),
                t.variants,
                t.top_variants_coverage,
            )
        }),
        has_department,
        ping_pong: has_department.then(|| say::ping_pong(lang, t.ping_pong_cases, t.cases)),
        ranked: super::ranked::ranked_view(t, lang)?,
    })
}

fn kpi(label: &str, value: String, sub: Option<String>) -> Kpi {
    Kpi {
        label: label.to_owned(),
        wordy: value.chars().count() > WORDY_KPI,
        value,
        sub,
    }
}

fn kpis(t: &TasklogAnalysis, lang: Lang) -> Vec<Kpi> {
    let l = labels(lang);
    let single = t.timestamps == TimestampShape::Single;
    let span = t.period.hours;
    let period_sub = format!(
        "{} → {}",
        date_only(&t.period.from),
        date_only(&t.period.to)
    );
    let lead_sub = Some(say::lead_sub(lang, t.lead_time_hours.mean));
    let flow = match t.flow_efficiency {
        Some(f) => kpi(l.kpi_flow, pct(f), Some(l.kpi_flow_sub.to_owned())),
        None => kpi(l.kpi_flow, say::flow_efficiency_na(lang, single), None),
    };
    vec![
        kpi(l.cases, count(t.cases), None),
        kpi(l.events, count(t.events), None),
        kpi(l.kpi_period, opt_hours(span, lang), Some(period_sub)),
        kpi(
            l.kpi_median_lead,
            opt_hours(t.lead_time_hours.median, lang),
            lead_sub,
        ),
        kpi(
            l.kpi_p90_lead,
            opt_hours(t.lead_time_hours.p90, lang),
            Some(l.kpi_p90_sub.to_owned()),
        ),
        flow,
        kpi(
            l.kpi_ftr,
            pct(t.first_time_right),
            Some(say::ftr_sub(lang, t.returned_cases)),
        ),
        kpi(
            l.rework_cases,
            count(t.rework_cases),
            Some(say::rework_sub(
                lang,
                t.rework_cases,
                t.cases,
                t.rework_events,
            )),
        ),
        kpi(
            l.kpi_variants,
            count(t.variants),
            Some(l.kpi_variants_sub.to_owned()),
        ),
    ]
}

/// The date part of an ISO timestamp ("2024-03-01").
fn date_only(iso: &str) -> String {
    let shown = date_time(iso);
    match shown.split_once(' ') {
        Some((date, _)) => date.to_owned(),
        None => shown,
    }
}

fn variant_rows(t: &TasklogAnalysis) -> Vec<VariantRow> {
    t.top_variants
        .iter()
        .map(|v| VariantRow {
            path: v.stages.join(" → "),
            cases: count(v.cases),
            share: pct(v.share),
        })
        .collect()
}
