//! Rating scales as exports bring them: every built-in family and length, in English
//! and Chinese, written as CSV and as XLSX, in the spellings real files use (as written,
//! lower and upper case, CamelCase, numbered `1 - …`, `(1) …`, `①…`, `1=…`), one matrix
//! row that never got its lowest level, mixed case across columns. Every item's mean,
//! sd, level counts and top-2-box must equal the hand computation on the 1..k positions
//! of the scale the column really uses; an ambiguous column is not scored and `inspect`
//! and the report say what would settle it.

use std::path::Path;

use procdiag::analysis::privacy::Anonymity;
use procdiag::analysis::reliability::Missing;
use procdiag::analysis::survey::{analyze_survey, ItemResult, SurveyAnalysis};
use procdiag::ingest::survey::scales::table::{table, Family};
use procdiag::ingest::survey::{load, SurveyOptions};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

/// A column to write: its header and its answers (`None`: left blank).
struct Column {
    header: String,
    answers: Vec<Option<String>>,
}

/// A column whose level `i` (0-based) is answered `counts[i]` times with `labels[i]`.
fn column(header: &str, labels: &[String], counts: &[usize]) -> Column {
    let mut answers = Vec::new();
    for (l, n) in labels.iter().zip(counts) {
        answers.extend(std::iter::repeat_n(Some(l.clone()), *n));
    }
    Column {
        header: header.to_string(),
        answers,
    }
}

/// The rows of a file: one per respondent, blanks where a column has fewer answers.
fn records(cols: &[Column]) -> Vec<Vec<String>> {
    let n = cols.iter().map(|c| c.answers.len()).max().unwrap_or(0);
    let mut out = vec![cols.iter().map(|c| c.header.clone()).collect::<Vec<_>>()];
    for r in 0..n {
        out.push(
            cols.iter()
                .map(|c| c.answers.get(r).cloned().flatten().unwrap_or_default())
                .collect(),
        );
    }
    out
}

fn write_csv(cols: &[Column], path: &Path) {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let text: String = records(cols)
        .iter()
        .map(|r| r.iter().map(|c| quote(c)).collect::<Vec<_>>().join(",") + "\n")
        .collect();
    std::fs::write(path, text).unwrap();
}

fn write_xlsx(cols: &[Column], path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in records(cols).iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// Mean, sample sd and top-2-box of answers at levels 1..k with these counts.
fn by_hand(counts: &[usize]) -> (usize, f64, f64, f64) {
    let n: usize = counts.iter().sum();
    let sum: f64 = counts
        .iter()
        .enumerate()
        .map(|(i, c)| (i + 1) as f64 * *c as f64)
        .sum();
    let mean = sum / n as f64;
    let ss: f64 = counts
        .iter()
        .enumerate()
        .map(|(i, c)| *c as f64 * ((i + 1) as f64 - mean).powi(2))
        .sum();
    let k = counts.len();
    let top2 = (counts[k - 1] + counts[k - 2]) as f64 / n as f64;
    (n, mean, (ss / (n - 1) as f64).sqrt(), top2)
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() < 1e-9, "{what}: {a} vs {b}");
}

/// Asserts an item is on `k` points with these level counts and the figures by hand.
fn check(it: &ItemResult, k: usize, counts: &[usize]) {
    assert_eq!(
        it.scale_points, k,
        "{}: {} points",
        it.item, it.scale_points
    );
    assert_eq!(it.level_counts, counts, "{}: level counts", it.item);
    let (n, mean, sd, top2) = by_hand(counts);
    assert_eq!(it.n, n, "{}", it.item);
    close(it.mean.unwrap(), mean, &format!("{} mean", it.item));
    close(it.sd.unwrap(), sd, &format!("{} sd", it.item));
    close(it.top2box.unwrap(), top2, &format!("{} top-2-box", it.item));
}

fn analyze(path: &Path) -> SurveyAnalysis {
    let (survey, summary) = load(path, &SurveyOptions::default()).unwrap();
    assert_eq!(summary.rows_rejected, 0);
    analyze_survey(&survey, Missing::Pairwise, Anonymity::default())
}

fn item<'a>(a: &'a SurveyAnalysis, code: &str) -> &'a ItemResult {
    a.items
        .iter()
        .find(|i| i.item == code)
        .unwrap_or_else(|| panic!("no item {code}; unscored: {:?}", a.unscored_items))
}

/// The name of each point of a member, as the table writes it first.
fn point_names(f: &Family, member: usize) -> Vec<String> {
    f.members[member]
        .iter()
        .map(|p| f.anchors[p[0]].display.clone())
        .collect()
}

/// Spellings real exports use, for a label of point `i` (1-based) in English.
fn spelled_en(label: &str, i: usize, variant: usize) -> String {
    match variant % 6 {
        0 => label.to_string(),
        1 => label.to_lowercase(),
        2 => label.to_uppercase(),
        3 => label
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect(),
        4 => format!("{i} - {label}"),
        _ => format!("({i}) {label}"),
    }
}

/// Spellings of a Chinese label.
fn spelled_zh(label: &str, i: usize, variant: usize) -> String {
    const CIRCLED: [char; 7] = ['①', '②', '③', '④', '⑤', '⑥', '⑦'];
    match variant % 4 {
        0 => label.to_string(),
        1 => format!("{}{label}", CIRCLED[i - 1]),
        2 => format!("{i}={label}"),
        _ => format!("{i}、{label}"),
    }
}

/// Counts that differ from level to level and from column to column.
fn counts_for(k: usize, seed: usize) -> Vec<usize> {
    (0..k).map(|i| 1 + (i * 7 + seed * 3) % 6).collect()
}

/// The labels of member `m` of family `fi`, in the spelling `variant`.
fn member_labels(fi: usize, f: &Family, m: usize) -> Vec<String> {
    let zh = f.name.ends_with("(zh)");
    point_names(f, m)
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let l = if f.generic {
                format!("{l} helpful")
            } else {
                l.clone()
            };
            if zh {
                spelled_zh(&l, i + 1, fi + m)
            } else {
                spelled_en(&l, i + 1, fi + m)
            }
        })
        .collect()
}

#[test]
fn every_family_and_length_scores_on_its_own_points_in_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (fi, f) in table().families.iter().enumerate() {
        for m in 0..f.members.len() {
            // One file per scale: beside a longer scale of its family, a shorter one
            // that holds only its levels is (rightly) refused.
            let k = f.members[m].len();
            let counts = counts_for(k, fi + m);
            let header = format!("{} {k} points", f.name.replace(['(', ')'], ""));
            let cols = vec![
                column(
                    "id",
                    &(1..=counts.iter().sum::<usize>())
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>(),
                    &vec![1; counts.iter().sum()],
                ),
                column(&header, &member_labels(fi, f, m), &counts),
            ];
            for ext in ["csv", "xlsx"] {
                let p = dir.path().join(format!("family{fi}-{m}.{ext}"));
                if ext == "csv" {
                    write_csv(&cols, &p);
                } else {
                    write_xlsx(&cols, &p);
                }
                let a = analyze(&p);
                let it = item(&a, &header);
                assert_eq!(it.scale_family, f.name, "{header} ({ext})");
                check(it, k, &counts);
                checked += 1;
            }
        }
    }
    assert!(checked >= 2 * 60, "{checked} columns checked");
}

#[test]
fn a_matrix_row_that_never_got_its_lowest_level_keeps_the_question_scale() {
    let dir = tempfile::tempdir().unwrap();
    let five = [
        "Strongly disagree",
        "Disagree",
        "Neither",
        "Agree",
        "Strongly agree",
    ]
    .map(String::from);
    let cols = vec![
        column("Q1_1", &five, &[2, 3, 4, 5, 1]),
        // Nobody chose "Strongly disagree": on its own it fits 5 or 7 points.
        column("Q1_2", &five[1..], &[4, 4, 5, 2]),
        column("Q1_3", &five, &[1, 1, 1, 6, 6]),
    ];
    for ext in ["csv", "xlsx"] {
        let p = dir.path().join(format!("matrix.{ext}"));
        if ext == "csv" {
            write_csv(&cols, &p);
        } else {
            write_xlsx(&cols, &p);
        }
        let a = analyze(&p);
        check(item(&a, "Q1_1"), 5, &[2, 3, 4, 5, 1]);
        // By hand: (4·2 + 4·3 + 5·4 + 2·5) / 15 = 50/15 = 3.333…
        let q2 = item(&a, "Q1_2");
        check(q2, 5, &[0, 4, 4, 5, 2]);
        close(q2.mean.unwrap(), 50.0 / 15.0, "Q1_2 mean");
        let shared = serde_json::to_value(&q2.assumptions).unwrap();
        assert_eq!(shared[0]["kind"], "shared_scale");
        assert_eq!(shared[0]["with"], serde_json::json!(["Q1_1", "Q1_3"]));
        check(item(&a, "Q1_3"), 5, &[1, 1, 1, 6, 6]);
        assert_eq!(a.dimensions[0].items, ["Q1_1", "Q1_2", "Q1_3"]);
    }
}

#[test]
fn four_point_scales_and_the_spellings_real_exports_bring() {
    let dir = tempfile::tempdir().unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let cols = vec![
        // 4-point agreement: Agree is 3, never 4. By hand: (3 + 10 + 21 + 8) / 17 = 2.4706.
        column(
            "agree4",
            &s(&["Strongly disagree", "Disagree", "Agree", "Strongly agree"]),
            &[3, 5, 7, 2],
        ),
        // never / sometimes / often / always: often is 3. (2 + 6 + 15 + 8) / 12 = 2.5833.
        column(
            "freq4",
            &s(&["never", "sometimes", "often", "always"]),
            &[2, 3, 5, 2],
        ),
        // The same scale capitalised in the next column.
        column(
            "freq4b",
            &s(&["Never", "Sometimes", "Often", "Always"]),
            &[1, 1, 1, 1],
        ),
        column(
            "camel",
            &s(&[
                "StronglyDisagree",
                "Disagree",
                "Neither",
                "Agree",
                "StronglyAgree",
            ]),
            &[1, 2, 3, 2, 1],
        ),
        column(
            "numbered",
            &s(&[
                "(1) Not useful at all",
                "(2)",
                "(3)",
                "(4)",
                "(5)",
                "(6) Very Useful",
            ]),
            &[1, 2, 3, 4, 5, 6],
        ),
        column(
            "zh_numbered",
            &s(&["1=非常不满意", "2=不满意", "3=一般", "4=满意", "5=非常满意"]),
            &[1, 1, 2, 4, 2],
        ),
        column(
            "zh_circled",
            &s(&["①从不", "②很少", "③有时", "④经常", "⑤总是"]),
            &[2, 2, 2, 2, 2],
        ),
    ];
    let p = dir.path().join("spellings.csv");
    write_csv(&cols, &p);
    let a = analyze(&p);
    let agree = item(&a, "agree4");
    check(agree, 4, &[3, 5, 7, 2]);
    close(agree.mean.unwrap(), 42.0 / 17.0, "agree4 mean");
    let freq = item(&a, "freq4");
    check(freq, 4, &[2, 3, 5, 2]);
    close(freq.mean.unwrap(), 31.0 / 12.0, "freq4 mean");
    assert_eq!(freq.scale_levels[2].label, "often");
    check(item(&a, "freq4b"), 4, &[1, 1, 1, 1]);
    check(item(&a, "camel"), 5, &[1, 2, 3, 2, 1]);
    let numbered = item(&a, "numbered");
    check(numbered, 6, &[1, 2, 3, 4, 5, 6]);
    assert_eq!(numbered.scale_levels[5].label, "Very Useful");
    check(item(&a, "zh_numbered"), 5, &[1, 1, 2, 4, 2]);
    check(item(&a, "zh_circled"), 5, &[2, 2, 2, 2, 2]);
}

#[test]
fn a_near_miss_is_scored_and_shown_and_an_ambiguous_item_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let cols = vec![
        column(
            "typo",
            &s(&["Strongly disagree", "Disagree", "Agree", "Strong agree"]),
            &[1, 2, 3, 4],
        ),
        // A frequency column with no settled frequency column beside it: 4 or more
        // points, nothing says which.
        column("vague", &s(&["Sometimes", "Often", "Always"]), &[2, 3, 1]),
    ];
    let p = dir.path().join("s.csv");
    write_csv(&cols, &p);
    let out = assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "analyze",
            "--survey",
            p.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &json["survey"];
    let typo = &s["items"][0];
    assert_eq!(typo["item"], "typo");
    assert_eq!(typo["scale_points"], 4);
    assert_eq!(
        typo["scale_levels"][3],
        serde_json::json!({"label": "Strongly agree", "score": 4.0})
    );
    assert_eq!(
        typo["assumptions"][0],
        serde_json::json!({"kind": "near_miss", "answer": "Strong agree",
                           "level": "Strongly agree", "answers": 4})
    );
    assert_eq!(
        s["items"].as_array().unwrap().len(),
        1,
        "vague is not scored"
    );
    let vague = &s["unscored_items"][0];
    assert_eq!(vague["code"], "vague");
    assert_eq!(vague["candidates"][0]["points"], 4);
    assert!(s["choices"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["question"] == "vague"));

    inspect_and_report_say_so(dir.path(), &p);
}

/// `inspect` lists the near-miss and the unscored item with its block; the report's
/// "Items not scored" section shows the scales it fits.
fn inspect_and_report_say_so(dir: &Path, p: &Path) {
    let inspect = assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .args(["inspect", "--as", "survey", p.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&inspect.stdout);
    assert!(text.contains("assumed: “Strong agree” read as “Strongly agree” (4 answers)"));
    assert!(text.contains("[unscored] vague"));
    assert!(text.contains("[[survey.scales]]"));
    assert!(text.contains("levels = [\"Never\", \"Sometimes\", \"Often\", \"Always\"]"));
    // The scale of only the answered levels is offered too.
    assert!(text.contains("levels = [\"Sometimes\", \"Often\", \"Always\"]"));
    assert!(text.contains("items = [\"vague\"]"));

    let html = dir.join("r.html");
    assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "report",
            "--survey",
            p.to_str().unwrap(),
            "--out",
            html.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("Items not scored"));
    assert!(html.contains("frequency, 4 points or frequency, 5 points"));
    assert!(html.contains("read as “Strongly agree” (4 answers)"));
}

#[test]
fn the_block_inspect_suggests_settles_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let cols = vec![
        column(
            "id",
            &s(&["1", "2", "3", "4", "5", "6"]),
            &[1, 1, 1, 1, 1, 1],
        ),
        column(
            "vague",
            &s(&["Disagree", "Agree", "Strongly agree"]),
            &[2, 3, 1],
        ),
    ];
    let p = dir.path().join("s.csv");
    write_csv(&cols, &p);
    let config = dir.path().join("procdiag.toml");
    std::fs::write(
        &config,
        "[survey]\nfiles = \"s.csv\"\n\n[[survey.scales]]\nname = \"agreement-5\"\n\
         levels = [\"Strongly disagree\", \"Disagree\", \"Neutral\", \"Agree\", \"Strongly agree\"]\n\
         items = [\"vague\"]\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .args([
            "analyze",
            "--config",
            config.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let it = &json["survey"]["items"][0];
    assert_eq!(
        (it["scale_family"].as_str(), it["scale_points"].as_u64()),
        (Some("agreement-5"), Some(5))
    );
    // (2·2 + 3·4 + 1·5) / 6 = 3.5
    assert_eq!(it["mean"].as_f64(), Some(3.5));
    // A block naming an item that is not there is an error, not ignored.
    std::fs::write(
        &config,
        "[survey]\nfiles = \"s.csv\"\n\n[[survey.scales]]\nname = \"x\"\nlevels = [\"a\", \"b\"]\nitems = [\"vauge\"]\n",
    )
    .unwrap();
    let bad = assert_cmd::Command::cargo_bin("procdiag")
        .unwrap()
        .args(["analyze", "--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("vauge"));
}

#[test]
fn two_waves_of_plain_numbers_share_the_range_both_reach() {
    let dir = tempfile::tempdir().unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let w1 = vec![
        column("id", &s(&["1", "2", "3", "4"]), &[1, 1, 1, 1]),
        column("q", &s(&["1", "4", "6"]), &[1, 2, 1]),
    ];
    let w2 = vec![
        column("id", &s(&["5", "6", "7"]), &[1, 1, 1]),
        column("q", &s(&["2", "5", "7"]), &[1, 1, 1]),
    ];
    let (p1, p2) = (dir.path().join("w1.csv"), dir.path().join("w2.csv"));
    write_csv(&w1, &p1);
    write_csv(&w2, &p2);
    let (survey, _) = procdiag::ingest::survey::load_many(
        &[p1.as_path(), p2.as_path()],
        &SurveyOptions::default(),
    )
    .unwrap();
    let a = analyze_survey(&survey, Missing::Pairwise, Anonymity::default());
    let q = item(&a, "q");
    assert_eq!((q.scale.as_str(), q.scale_points, q.n), ("1-7", 7, 7));
    assert_eq!(q.level_counts, [1, 1, 0, 2, 1, 1, 1]);
    let range = serde_json::to_value(&q.assumptions).unwrap();
    assert_eq!(
        range,
        serde_json::json!([{"kind": "numeric_range", "min": 1.0, "max": 7.0, "lowest": 1.0, "highest": 7.0}])
    );
}
