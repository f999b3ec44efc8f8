//! Every survey platform's export layout gives the same statistics as the plain layout.
//!
//! The same generated responses (`procdiag::sample::survey::generate`, two datasets) are
//! written as each platform's export ([`writers`], from `SURVEY_FORMATS.md`), as CSV and
//! as XLSX; each file is loaded and analysed, and compared with the plain layout's
//! result: respondents, the 11 Likert items and the NPS item (order, n, mean, sd, level
//! counts, top-2-box, skipped), the NPS, the multi-select option counts, the open-text
//! answers, the single-choice counts, the matrix dimensions, the detected platform, the
//! rejected preview rows, and that no value of a personal column reaches the output.

#[path = "survey_platforms/writers.rs"]
mod writers;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use procdiag::analysis::privacy::Anonymity;
use procdiag::analysis::reliability::Missing;
use procdiag::analysis::survey::{analyze_survey, SurveyAnalysis};
use procdiag::ingest::survey::{load, SurveyOptions};
use procdiag::model::InputSummary;
use procdiag::sample::survey::{generate, Response, PAINS};
use serde_json::Value;
use writers::{Export, Qualtrics, OTHER};

/// The two datasets every layout is checked with.
fn datasets() -> Vec<(&'static str, Vec<Response>)> {
    vec![
        ("wave1-60", generate(60, 1, 11)),
        ("wave2-40", generate(40, 2, 5)),
    ]
}

/// How the "other, please specify" option shows in a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Other {
    /// As a ticked option `其他`, without its text.
    Option,
    /// As a ticked option `其他` and its written text.
    OptionAndText,
    /// Only as its written text (a column of its own, no tick).
    Text,
}

/// What a layout is expected to give beyond the plain layout's statistics.
struct Expect {
    /// `survey.platform` as detected.
    platform: &'static str,
    /// The layout names the matrix questions, so their rows become dimensions.
    dimensions: bool,
    /// Skipped ratings are marked as such (问卷星), so `skipped` counts them.
    skip_marks: bool,
    other: Other,
    /// Preview responses in the export, to be rejected.
    previews: usize,
    /// The layout's option label → the option's text.
    option: fn(&str) -> String,
}

impl Expect {
    fn new(platform: &'static str, other: Other) -> Expect {
        Expect {
            platform,
            dimensions: true,
            skip_marks: false,
            other,
            previews: 0,
            option: str::to_string,
        }
    }
}

struct Loaded {
    survey: procdiag::ingest::survey::Survey,
    summary: InputSummary,
    analysis: SurveyAnalysis,
}

fn load_with(path: &Path, opts: &SurveyOptions) -> Loaded {
    let (survey, summary) =
        load(path, opts).unwrap_or_else(|e| panic!("{} does not load: {e}", path.display()));
    let analysis = analyze_survey(&survey, Missing::Pairwise, Anonymity::default());
    Loaded {
        survey,
        summary,
        analysis,
    }
}

fn write(export: &Export, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    export.write(&path);
    path
}

/// The plain layout's analysis of a dataset (the reference).
fn reference(rows: &[Response], dir: &Path, dataset: &str) -> SurveyAnalysis {
    let path = write(&writers::plain(rows), dir, &format!("plain-{dataset}.csv"));
    let r = load_with(&path, &SurveyOptions::default());
    assert_eq!(r.survey.platform, "plain");
    r.analysis
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

/// The open-text question of the comments, found by its first answer.
fn comments<'a>(a: &'a SurveyAnalysis, rows: &[Response]) -> Option<&'a [String]> {
    let first = rows.iter().find_map(|r| r.comment.clone())?;
    a.open_text
        .iter()
        .find(|o| o.answers.contains(&first))
        .map(|o| o.answers.as_slice())
}

/// Option → count of the single multi-select question (labels mapped to texts; options
/// nobody ticked left out).
fn option_counts(a: &SurveyAnalysis, option: fn(&str) -> String) -> BTreeMap<String, usize> {
    a.multi_selects
        .iter()
        .flat_map(|m| &m.options)
        .filter(|o| o.count > 0)
        .map(|o| (option(&o.option), o.count))
        .collect()
}

/// Department → respondents, from the single-choice question that has 研发部.
fn departments(a: &SurveyAnalysis) -> Option<Vec<(String, usize)>> {
    let c = a
        .choices
        .iter()
        .find(|c| c.answers.iter().any(|(v, _)| v == "研发部"))?;
    let mut v = c.answers.clone();
    v.sort();
    Some(v)
}

/// Differences found so far.
#[derive(Default)]
struct Diffs(Vec<String>);

impl Diffs {
    fn check(&mut self, ok: bool, what: String) {
        if !ok {
            self.0.push(what);
        }
    }
}

/// Platform, respondents and the rows rejected (exactly the previews).
fn accounting_diffs(
    d: &mut Diffs,
    got: &Loaded,
    reference: &SurveyAnalysis,
    rows: &[Response],
    e: &Expect,
) {
    let a = &got.analysis;
    d.check(
        got.survey.platform == e.platform,
        format!(
            "platform: procdiag says {:?}, expected {:?}",
            got.survey.platform, e.platform
        ),
    );
    d.check(
        a.respondents == rows.len() && a.respondents == reference.respondents,
        format!("respondents: {} (expected {})", a.respondents, rows.len()),
    );
    let s = &got.summary;
    let previews = s
        .rejections
        .iter()
        .filter(|r| r.reason == procdiag::model::facts::RejectReason::SurveyPreview)
        .count();
    d.check(
        s.rows_rejected == e.previews && previews == e.previews,
        format!(
            "rejected rows: {} ({previews} as previews), expected {} previews; rejections {:?}",
            s.rows_rejected, e.previews, s.rejections
        ),
    );
    d.check(
        s.rows_used == rows.len(),
        format!("rows used: {} (expected {})", s.rows_used, rows.len()),
    );
}

/// The 11 matrix rows and the NPS question, in order.
fn item_diffs(
    d: &mut Diffs,
    got: &Loaded,
    reference: &SurveyAnalysis,
    rows: &[Response],
    e: &Expect,
) {
    let a = &got.analysis;
    // Items: the 11 matrix rows and the NPS question, in order.
    let codes = |a: &SurveyAnalysis| -> Vec<String> {
        a.items
            .iter()
            .map(|i| format!("{} ({})", i.item, i.text))
            .collect()
    };
    d.check(
        a.items.len() == reference.items.len(),
        format!(
            "{} rating items, expected {}: procdiag read {:?}",
            a.items.len(),
            reference.items.len(),
            codes(a)
        ),
    );
    for (k, (x, r)) in a.items.iter().zip(&reference.items).enumerate() {
        let name = format!("item {} {:?}", k + 1, x.item);
        d.check(
            x.scale == r.scale,
            format!("{name}: scale {} vs {}", x.scale, r.scale),
        );
        d.check(x.n == r.n, format!("{name}: n {} vs {}", x.n, r.n));
        d.check(
            close(x.mean, r.mean),
            format!("{name}: mean {:?} vs {:?}", x.mean, r.mean),
        );
        d.check(
            close(x.sd, r.sd),
            format!("{name}: sd {:?} vs {:?}", x.sd, r.sd),
        );
        d.check(
            x.level_counts == r.level_counts,
            format!(
                "{name}: level counts {:?} vs {:?}",
                x.level_counts, r.level_counts
            ),
        );
        d.check(
            close(x.top2box, r.top2box),
            format!("{name}: top-2-box {:?} vs {:?}", x.top2box, r.top2box),
        );
        let skipped = if e.skip_marks && k < 11 {
            rows.iter().filter(|row| row.ratings[k].is_none()).count()
        } else {
            0
        };
        d.check(
            x.skipped == skipped,
            format!("{name}: skipped {} (expected {skipped})", x.skipped),
        );
        d.check(
            x.not_applicable == 0 && x.invalid == 0,
            format!(
                "{name}: not applicable {}, invalid {}",
                x.not_applicable, x.invalid
            ),
        );
        d.check(
            close(x.nps.as_ref().map(|n| n.nps), r.nps.as_ref().map(|n| n.nps)),
            format!(
                "{name}: NPS {:?} vs {:?}",
                x.nps.as_ref().map(|n| n.nps),
                r.nps.as_ref().map(|n| n.nps)
            ),
        );
    }
}

/// The multi-select question and its other-texts.
fn multi_diffs(
    d: &mut Diffs,
    got: &Loaded,
    reference: &SurveyAnalysis,
    rows: &[Response],
    e: &Expect,
) {
    let a = &got.analysis;
    // The multi-select question.
    d.check(
        a.multi_selects.len() == 1,
        format!(
            "{} multi-select questions, expected 1: {:?}",
            a.multi_selects.len(),
            a.multi_selects
                .iter()
                .map(|m| (&m.question, &m.text))
                .collect::<Vec<_>>()
        ),
    );
    let mut want = option_counts(reference, str::to_string);
    if e.other == Other::Text {
        want.remove(OTHER);
    }
    let have = option_counts(a, e.option);
    d.check(
        have == want,
        format!("option counts {have:?}, expected {want:?}"),
    );
    let written = rows.iter().filter(|r| r.pain_other.is_some()).count();
    let other_texts = if e.other == Other::Option { 0 } else { written };
    if let (Some(m), Some(r)) = (a.multi_selects.first(), reference.multi_selects.first()) {
        d.check(
            m.n == r.n,
            format!("multi-select answered by {}, expected {}", m.n, r.n),
        );
        d.check(
            m.other_texts == other_texts,
            format!(
                "multi-select {:?}: {} other-texts, expected {other_texts}",
                m.question, m.other_texts
            ),
        );
    }
}

/// The comments, and every open answer counted once; the departments.
fn open_diffs(
    d: &mut Diffs,
    got: &Loaded,
    reference: &SurveyAnalysis,
    rows: &[Response],
    e: &Expect,
) {
    let a = &got.analysis;
    // Open text: the comments, and every open answer counted once.
    let want_comments = comments(reference, rows).map(<[String]>::len);
    let have_comments = comments(a, rows).map(<[String]>::len);
    d.check(
        have_comments.is_some() && have_comments == want_comments,
        format!(
            "comments: {have_comments:?} answers, expected {want_comments:?}; open-text questions {:?}",
            a.open_text
                .iter()
                .map(|o| (&o.question, o.n))
                .collect::<Vec<_>>()
        ),
    );
    let written = rows.iter().filter(|r| r.pain_other.is_some()).count();
    let other_texts = if e.other == Other::Option { 0 } else { written };
    let open_answers: usize = a.open_text.iter().map(|o| o.n).sum();
    let want_open = want_comments.unwrap_or(0) + other_texts;
    d.check(
        open_answers == want_open,
        format!(
            "{open_answers} open-text answers in all, expected {want_open}: {:?}",
            a.open_text
                .iter()
                .map(|o| (&o.question, &o.text, o.n))
                .collect::<Vec<_>>()
        ),
    );
    // Single choice: the departments.
    d.check(
        departments(a) == departments(reference) && departments(a).is_some(),
        format!(
            "departments {:?}, expected {:?}",
            departments(a),
            departments(reference)
        ),
    );
}

/// Three dimensions of 4, 4 and 3 items, scored as in the plain layout.
fn dimension_diffs(
    d: &mut Diffs,
    got: &Loaded,
    reference: &SurveyAnalysis,
    _rows: &[Response],
    e: &Expect,
) {
    let a = &got.analysis;
    // Matrices: three dimensions of 4, 4 and 3 items, scored as in the plain layout.
    if e.dimensions {
        let sizes: Vec<usize> = a.dimensions.iter().map(|d| d.items.len()).collect();
        d.check(
            sizes == [4, 4, 3],
            format!(
                "dimensions {:?}, expected three of 4, 4, 3 items",
                a.dimensions
                    .iter()
                    .map(|d| (&d.name, &d.items))
                    .collect::<Vec<_>>()
            ),
        );
        let matrix_items: Vec<&String> = a.items.iter().take(11).map(|i| &i.item).collect();
        let in_dims: Vec<&String> = a.dimensions.iter().flat_map(|d| &d.items).collect();
        d.check(
            in_dims == matrix_items,
            format!("dimension items {in_dims:?}, expected the matrix rows {matrix_items:?}"),
        );
        for (dim, r) in a.dimensions.iter().zip(&reference.dimensions) {
            d.check(
                dim.n == r.n && close(dim.mean, r.mean) && close(dim.alpha, r.alpha),
                format!(
                    "dimension {:?}: n {}, mean {:?}, α {:?} vs plain {:?}: n {}, mean {:?}, α {:?}",
                    dim.name, dim.n, dim.mean, dim.alpha, r.name, r.n, r.mean, r.alpha
                ),
            );
        }
    }
}

/// Differences between a layout's analysis and the plain layout's.
fn differences(
    got: &Loaded,
    reference: &SurveyAnalysis,
    rows: &[Response],
    e: &Expect,
) -> Vec<String> {
    let mut d = Diffs::default();
    accounting_diffs(&mut d, got, reference, rows, e);
    item_diffs(&mut d, got, reference, rows, e);
    multi_diffs(&mut d, got, reference, rows, e);
    open_diffs(&mut d, got, reference, rows, e);
    dimension_diffs(&mut d, got, reference, rows, e);
    d.0
}

/// The personal values to look for in outputs: each value, and an IP address without
/// the place 问卷星 appends (`1.2.3.4(上海-上海)`).
fn needles(export: &Export) -> Vec<String> {
    let mut out = Vec::new();
    for v in &export.personal_values {
        out.push(v.clone());
        match v.split_once('(') {
            Some((ip, _)) if !ip.trim().is_empty() => out.push(ip.trim().to_string()),
            _ => {}
        }
    }
    out
}

/// Personal data that reached the model or the serialized analysis.
fn personal_leaks(got: &Loaded, export: &Export) -> Vec<String> {
    let mut out = Vec::new();
    for h in &export.personal_headers {
        if !got.survey.personal.iter().any(|p| p == h) {
            out.push(format!(
                "column {h:?} is not left out as personal (left out: {:?})",
                got.survey.personal
            ));
        }
    }
    if !got.survey.personal_values.is_empty() {
        out.push("personal values were kept without --include-personal".into());
    }
    let json = serde_json::to_string(&got.analysis).unwrap()
        + &serde_json::to_string(&got.summary).unwrap();
    if !export.personal_headers.is_empty() && export.personal_values.is_empty() {
        out.push("the fixture has no personal values to look for".into());
    }
    let leaked: Vec<String> = needles(export)
        .into_iter()
        .filter(|v| json.contains(v.as_str()))
        .collect();
    if !leaked.is_empty() {
        out.push(format!("personal values in the output: {leaked:?}"));
    }
    out
}

/// Writes every dataset in `build`'s layout as CSV and XLSX, and compares each file's
/// analysis with the plain layout's.
fn check_layout(name: &str, build: impl Fn(&[Response]) -> Export, e: &Expect) {
    check_layout_with(name, build, e, &SurveyOptions::default());
}

fn check_layout_with(
    name: &str,
    build: impl Fn(&[Response]) -> Export,
    e: &Expect,
    opts: &SurveyOptions,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for (dataset, rows) in datasets() {
        let reference = reference(&rows, dir.path(), dataset);
        let export = build(&rows);
        for ext in ["csv", "xlsx"] {
            let path = write(&export, dir.path(), &format!("{name}-{dataset}.{ext}"));
            let got = match load(&path, opts) {
                Ok((survey, summary)) => {
                    let analysis = analyze_survey(&survey, Missing::Pairwise, Anonymity::default());
                    Loaded {
                        survey,
                        summary,
                        analysis,
                    }
                }
                Err(err) => {
                    problems.push(format!("{name} {dataset} {ext}: does not load: {err}"));
                    continue;
                }
            };
            for p in differences(&got, &reference, &rows, e)
                .into_iter()
                .chain(personal_leaks(&got, &export))
            {
                problems.push(format!("{name} {dataset} {ext}: {p}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} differences from the plain layout:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_plain_layout_reads_the_generated_answers_exactly() {
    let dir = tempfile::tempdir().unwrap();
    for (dataset, rows) in datasets() {
        let export = writers::plain(&rows);
        for ext in ["csv", "xlsx"] {
            let path = write(&export, dir.path(), &format!("plain-{dataset}.{ext}"));
            let got = load_with(&path, &SurveyOptions::default());
            let a = &got.analysis;
            let what = format!("plain {dataset} {ext}");
            assert_eq!(got.survey.platform, "plain", "{what}");
            assert_eq!(a.respondents, rows.len(), "{what}");
            assert_eq!(a.items.len(), 12, "{what}: {:?}", a.items);
            for (k, it) in a.items.iter().enumerate() {
                let values: Vec<f64> = if k < 11 {
                    rows.iter()
                        .filter_map(|r| r.ratings[k])
                        .map(f64::from)
                        .collect()
                } else {
                    rows.iter().map(|r| f64::from(r.nps)).collect()
                };
                let mean = values.iter().sum::<f64>() / values.len() as f64;
                assert_eq!(it.n, values.len(), "{what} item {k}");
                assert!(close(it.mean, Some(mean)), "{what} item {k}: {:?}", it.mean);
                let (lo, hi) = if k < 11 { (1, 5) } else { (0, 10) };
                let counts: Vec<usize> = (lo..=hi)
                    .map(|l| values.iter().filter(|v| **v == f64::from(l)).count())
                    .collect();
                assert_eq!(it.level_counts, counts, "{what} item {k}");
                assert_eq!(it.skipped, 0, "{what} item {k}");
            }
            let nps = a.items[11].nps.as_ref().expect("the 0-10 item has an NPS");
            let share = |f: fn(u8) -> bool| {
                rows.iter().filter(|r| f(r.nps)).count() as f64 / rows.len() as f64
            };
            let want = 100.0 * (share(|x| x >= 9) - share(|x| x <= 6));
            assert!((nps.nps - want).abs() < 1e-9, "{what}: NPS {}", nps.nps);
            let mut want: BTreeMap<String, usize> = BTreeMap::new();
            for r in &rows {
                for p in &r.pains {
                    *want.entry(PAINS[*p].to_string()).or_default() += 1;
                }
                if r.pain_other.is_some() {
                    *want.entry(OTHER.to_string()).or_default() += 1;
                }
            }
            assert_eq!(option_counts(a, str::to_string), want, "{what}");
            let n_comments = rows.iter().filter(|r| r.comment.is_some()).count();
            assert_eq!(comments(a, &rows).map(<[String]>::len), Some(n_comments));
            let sizes: Vec<usize> = a.dimensions.iter().map(|d| d.items.len()).collect();
            assert_eq!(sizes, [4, 4, 3], "{what}: {:?}", a.dimensions);
            let mut depts: BTreeMap<String, usize> = BTreeMap::new();
            for r in &rows {
                *depts.entry(r.department.to_string()).or_default() += 1;
            }
            assert_eq!(
                departments(a),
                Some(depts.into_iter().collect::<Vec<_>>()),
                "{what}"
            );
        }
    }
}

#[test]
fn wjx_text_export_gives_the_plain_layouts_statistics() {
    let e = Expect {
        skip_marks: true,
        ..Expect::new("问卷星 (wjx)", Other::OptionAndText)
    };
    check_layout("wjx-text", writers::wjx_text, &e);
}

#[test]
fn wjx_score_export_with_old_sub_column_headers_gives_the_plain_layouts_statistics() {
    let e = Expect {
        skip_marks: true,
        ..Expect::new("问卷星 (wjx)", Other::Option)
    };
    check_layout("wjx-score", writers::wjx_score, &e);
}

#[test]
fn tencent_export_gives_the_plain_layouts_statistics() {
    check_layout(
        "tencent",
        writers::tencent,
        &Expect::new("腾讯问卷", Other::OptionAndText),
    );
}

#[test]
fn jinshuju_export_gives_the_plain_layouts_statistics() {
    // 金数据 fields are not numbered: nothing says which rows form a matrix.
    let e = Expect {
        dimensions: false,
        ..Expect::new("金数据 (jinshuju)", Other::Option)
    };
    check_layout("jinshuju", writers::jinshuju, &e);
}

#[test]
fn microsoft_forms_export_gives_the_plain_layouts_statistics() {
    // A Likert question's statements are columns of their own, with no shared stem.
    let e = Expect {
        dimensions: false,
        ..Expect::new("Microsoft Forms", Other::Option)
    };
    check_layout("msforms", writers::msforms, &e);
}

#[test]
fn google_forms_export_gives_the_plain_layouts_statistics() {
    check_layout(
        "google",
        writers::google,
        &Expect::new("Google Forms", Other::Option),
    );
}

#[test]
fn qualtrics_three_row_export_gives_the_plain_layouts_statistics_without_its_preview() {
    let e = Expect {
        previews: 1,
        ..Expect::new("Qualtrics", Other::OptionAndText)
    };
    check_layout(
        "qualtrics",
        |rows| writers::qualtrics(rows, Qualtrics::Current),
        &e,
    );
}

#[test]
fn qualtrics_numeric_recode_export_gives_the_plain_layouts_statistics_without_its_preview() {
    let e = Expect {
        previews: 1,
        ..Expect::new("Qualtrics", Other::OptionAndText)
    };
    check_layout(
        "qualtrics-numeric",
        |rows| writers::qualtrics(rows, Qualtrics::Numeric),
        &e,
    );
}

#[test]
fn qualtrics_legacy_two_row_export_gives_the_plain_layouts_statistics_without_its_preview() {
    let e = Expect {
        previews: 1,
        ..Expect::new("Qualtrics", Other::OptionAndText)
    };
    check_layout(
        "qualtrics-legacy",
        |rows| writers::qualtrics(rows, Qualtrics::Legacy),
        &e,
    );
}

#[test]
fn surveymonkey_export_gives_the_plain_layouts_statistics() {
    check_layout(
        "surveymonkey",
        writers::surveymonkey,
        &Expect::new("SurveyMonkey", Other::Text),
    );
}

#[test]
fn limesurvey_export_gives_the_plain_layouts_statistics() {
    let e = Expect {
        option: writers::limesurvey_option,
        ..Expect::new("LimeSurvey", Other::Text)
    };
    check_layout("limesurvey", writers::limesurvey, &e);
}

#[test]
fn forcing_the_platform_reads_a_qualtrics_export_that_detection_cannot_place() {
    // Without its metadata columns, only `--platform qualtrics` says there are three
    // header rows.
    let opts = SurveyOptions {
        platform: Some("qualtrics".into()),
        ..Default::default()
    };
    check_layout_with(
        "qualtrics-no-metadata",
        writers::qualtrics_without_metadata,
        &Expect::new("Qualtrics", Other::OptionAndText),
        &opts,
    );
}

#[test]
fn forcing_the_platform_a_file_is_detected_as_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let rows = generate(60, 1, 11);
    let cases: [(&str, Export); 4] = [
        ("qualtrics", writers::qualtrics(&rows, Qualtrics::Current)),
        ("qualtrics", writers::qualtrics(&rows, Qualtrics::Legacy)),
        ("问卷星", writers::wjx_score(&rows)),
        ("tencent", writers::tencent(&rows)),
    ];
    for (k, (id, export)) in cases.iter().enumerate() {
        for ext in ["csv", "xlsx"] {
            let path = write(export, dir.path(), &format!("forced-{k}.{ext}"));
            let detected = load_with(&path, &SurveyOptions::default());
            let opts = SurveyOptions {
                platform: Some(id.to_string()),
                ..Default::default()
            };
            let forced = load_with(&path, &opts);
            let what = format!("--platform {id} on {}", path.display());
            assert_eq!(forced.survey.platform, detected.survey.platform, "{what}");
            assert_eq!(
                serde_json::to_value(&forced.analysis).unwrap(),
                serde_json::to_value(&detected.analysis).unwrap(),
                "{what}"
            );
            assert_eq!(
                forced.summary.rejections, detected.summary.rejections,
                "{what}"
            );
        }
    }
}

#[test]
fn a_small_jinshuju_export_keeps_comments_with_full_width_commas_as_open_text() {
    // 金数据 joins the options of a multi-select with `，`, which Chinese comments are
    // full of: with few respondents, the comments must still be open text.
    let dir = tempfile::tempdir().unwrap();
    let rows = generate(8, 1, 11);
    let want: Vec<String> = rows.iter().filter_map(|r| r.comment.clone()).collect();
    assert!(want.iter().filter(|c| c.contains('，')).count() >= 3);
    for ext in ["csv", "xlsx"] {
        let path = write(&writers::jinshuju(&rows), dir.path(), &format!("jin.{ext}"));
        let a = load_with(&path, &SurveyOptions::default()).analysis;
        let multi: Vec<(&String, &String)> = a
            .multi_selects
            .iter()
            .map(|m| (&m.question, &m.text))
            .collect();
        assert_eq!(
            multi.len(),
            1,
            "{ext}: only the stages question is a multi-select: {multi:?}"
        );
        assert_eq!(
            comments(&a, &rows),
            Some(want.as_slice()),
            "{ext}: the comments are open text"
        );
    }
}

#[test]
fn an_unknown_platform_is_refused_with_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let rows = generate(10, 1, 3);
    let path = write(
        &writers::qualtrics(&rows, Qualtrics::Current),
        dir.path(),
        "q.csv",
    );
    let opts = SurveyOptions {
        platform: Some("typeform".into()),
        ..Default::default()
    };
    let Err(err) = load(&path, &opts) else {
        panic!("an unknown platform is refused");
    };
    let msg = err.to_string();
    assert!(
        msg.contains("typeform") && msg.contains("qualtrics") && msg.contains("wjx"),
        "{msg}"
    );
}

/// `procdiag analyze --survey FILE --format json`.
fn analyze_json(path: &Path, dir: &Path) -> (Value, String) {
    let out = assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .current_dir(dir)
        .args([
            "analyze",
            "--survey",
            path.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "procdiag analyze failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    (serde_json::from_str(&text).unwrap(), text)
}

fn assert_no_personal_values(text: &str, export: &Export, what: &str) {
    assert!(
        !export.personal_values.is_empty(),
        "{what}: no personal data"
    );
    let leaked: Vec<String> = needles(export)
        .into_iter()
        .filter(|v| text.contains(v.as_str()))
        .collect();
    assert!(
        leaked.is_empty(),
        "{what}: personal values in the output: {leaked:?}"
    );
}

#[test]
fn no_personal_value_of_a_wjx_export_reaches_the_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let rows = generate(60, 1, 11);
    let export = writers::wjx_text(&rows);
    for ext in ["csv", "xlsx"] {
        let path = write(&export, dir.path(), &format!("wjx.{ext}"));
        let (json, text) = analyze_json(&path, dir.path());
        assert_no_personal_values(&text, &export, ext);
        assert_eq!(json["inputs"][0]["platform"], "问卷星 (wjx)");
        assert_eq!(json["survey"]["respondents"], 60);
        let left_out: Vec<&str> = json["survey"]["personal_columns_left_out"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for h in &export.personal_headers {
            assert!(left_out.contains(&h.as_str()), "{h} not in {left_out:?}");
        }
    }
}

#[test]
fn a_qualtrics_preview_is_rejected_with_its_reason_and_no_personal_value_reaches_the_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let rows = generate(60, 1, 11);
    let export = writers::qualtrics(&rows, Qualtrics::Current);
    for ext in ["csv", "xlsx"] {
        let path = write(&export, dir.path(), &format!("qualtrics.{ext}"));
        let (json, text) = analyze_json(&path, dir.path());
        assert_no_personal_values(&text, &export, ext);
        let input = &json["inputs"][0];
        assert_eq!(input["platform"], "Qualtrics");
        assert_eq!(input["rows_used"], 60);
        assert_eq!(input["rows_rejected"], 1);
        let rejections = input["rejections"].as_array().unwrap();
        assert_eq!(rejections.len(), 1, "{rejections:?}");
        let r = &rejections[0];
        // The preview is the first data row, below three header rows.
        assert_eq!(r["row"], 4, "{r}");
        assert_eq!(r["column"], "Status", "{r}");
        assert_eq!(r["value"], "Survey Preview", "{r}");
        assert!(r["reason"].as_str().unwrap().contains("preview"), "{r}");
        assert_eq!(json["survey"]["respondents"], 60);
    }
}
