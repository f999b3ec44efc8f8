//! Proof in a real browser: the report renders in headless Chromium without errors.
//!
//! The built binary writes the sample report in Chinese and English (the default
//! `data/procdiag.toml`, run in the crate root) and a report on a small task log whose
//! case, stage, department and owner names are hostile (markup, quotes, spreadsheet
//! formulas, very long names, CJK). Chromium then shows that:
//!
//! - nothing goes wrong while loading: its log holds no console message (the report's
//!   one script logs nothing, so any message is an error) and no failed load (`net::ERR_…`,
//!   "Failed to load resource");
//! - a test-only copy of each report, with a probe script first in `<head>`, records
//!   `error` events, `console.error` and `alert` calls, every resource the page loaded
//!   (there must be none: the report is self-contained), every `img`/`link`/`script`/
//!   `iframe` element, each `<svg>`'s rendered size (with `<details>` opened; none may
//!   be zero) and `url(#id)` references that point nowhere; it writes them as JSON
//!   into the DOM, read back with `--dump-dom`;
//! - the key figures of `procdiag/1` (cases, events, respondents, the top bottleneck
//!   stages) appear in the rendered text as the report formats them (no dependence on
//!   headings or section order);
//! - the hostile names appear literally as text and created no element.
//!
//! Screenshots (desktop 1366 px and phone 390 px wide, both languages; the hostile
//! report on the desktop) and a PDF of the Chinese report land in
//! `$CARGO_TARGET_DIR/browser/` (else `target/browser/`) for people to look at.
//!
//! The browser: `PROCDIAG_CHROMIUM`, else `chromium`, `chromium-browser` or
//! `google-chrome` on the PATH. Without one the test is skipped, except under CI
//! (`CI` set), where it fails: `.ci/run` installs `chromium` and `fonts-noto-cjk`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_procdiag");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Inserted first in `<head>` of the probe copies; writes `<pre id="procdiag-probe">`.
const PROBE: &str = r#"<script>(function () {
  var errors = [];
  addEventListener("error", function (e) {
    var t = e.target || {};
    errors.push(e.message || "failed to load " + (t.src || t.href || t.tagName));
  }, true);
  addEventListener("unhandledrejection", function (e) { errors.push("rejection: " + e.reason); });
  var ce = console.error;
  console.error = function () { errors.push([].join.call(arguments, " ")); ce.apply(console, arguments); };
  window.alert = function (m) { errors.push("alert(" + m + ")"); };
  function all(sel) { return [].slice.call(document.querySelectorAll(sel)); }
  function cells(table, col) {
    return [].map.call(table.tBodies[0].rows, function (r) { return r.cells[col].textContent.trim(); });
  }
  function sortProbe() {
    var t = document.querySelector('table[data-table="bottlenecks"]');
    if (!t) return null;
    var th = t.tHead.rows[0].cells[2];
    var before = cells(t, 2);
    th.click();
    var up = cells(t, 2), upSort = th.getAttribute("aria-sort");
    th.click();
    return { before: before, ascending: up, up: upSort, descending: cells(t, 2), down: th.getAttribute("aria-sort"),
             sortable: all("th.sortable").length };
  }
  function printProbe() {
    var closed = all("details:not([open])").length;
    dispatchEvent(new Event("beforeprint"));
    var stillClosed = all("details:not([open])").length;
    dispatchEvent(new Event("afterprint"));
    return { closed: closed, closed_while_printing: stillClosed, closed_after: all("details:not([open])").length };
  }
  addEventListener("load", function () {
    var sorted = sortProbe(), printing = printProbe();
    all("details").forEach(function (d) { d.open = true; });
    var svgs = all("svg").map(function (s) {
      var r = s.getBoundingClientRect();
      return [Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10];
    });
    var broken = [];
    all("*").forEach(function (el) {
      [].forEach.call(el.attributes, function (a) {
        var m = /url\(#([^)]+)\)/.exec(a.value);
        if (m && !document.getElementById(m[1])) broken.push(a.name + "=" + a.value);
      });
    });
    var p = document.createElement("pre");
    p.id = "procdiag-probe";
    p.textContent = JSON.stringify({
      errors: errors, svgs: svgs, broken_refs: broken,
      resources: performance.getEntriesByType("resource").map(function (r) { return r.name; }),
      elements: all("img, link, script[src], iframe, object, embed, [data-pwned]")
        .map(function (e) { return e.outerHTML.slice(0, 160); }),
      scripts: document.scripts.length,
      sorted: sorted, printing: printing
    });
    document.body.appendChild(p);
  });
})();</script>"#;

/// Names that would run, break the markup or the CSS, or start a spreadsheet formula
/// if the report did not escape them.
const HOSTILE: [&str; 8] = [
    "<script>alert(1)</script>",
    "</style><b>x",
    "\"quoted\" & 'single'",
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "<img src=x onerror=alert(2)>",
    "<b data-pwned=\"1\">pwned</b>",
    "需求评审（跨部门）",
];

#[test]
fn the_report_renders_in_chromium_without_errors() {
    let Some(chrome) = find_chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no Chromium found under CI: install chromium and fonts-noto-cjk \
             (apt-get install chromium fonts-noto-cjk, as .ci/run does) or set PROCDIAG_CHROMIUM"
        );
        eprintln!("skipped: no chromium, chromium-browser or google-chrome on the PATH (set PROCDIAG_CHROMIUM)");
        return;
    };
    let started = Instant::now();
    let dir = out_dir();
    let reports = write_reports(&dir);
    let doc: Value = serde_json::from_slice(&std::fs::read(dir.join("sample.json")).unwrap())
        .expect("procdiag/1 JSON");
    let jobs = jobs(&dir, &reports);
    let profiles = tempfile::tempdir().unwrap();
    let results = run_all(&chrome, profiles.path(), &jobs);
    for (job, out) in jobs.iter().zip(&results) {
        check_log(job, out);
    }
    for (job, out) in jobs.iter().zip(&results) {
        if let Job::Probe { name, .. } = job {
            let dom = String::from_utf8_lossy(&out.stdout);
            check_probe(name, &dom);
            let text = dom_text(&dom);
            if name.starts_with("sample") {
                check_figures(name, &text, &doc);
            } else {
                check_hostile(&text);
            }
        }
    }
    check_artefacts(&jobs);
    eprintln!(
        "browser test: {} runs of {}, artefacts in {}, {:.1} s",
        jobs.len(),
        chrome.display(),
        dir.display(),
        started.elapsed().as_secs_f64()
    );
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PROCDIAG_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    let names = ["chromium", "chromium-browser", "google-chrome"];
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// `$CARGO_TARGET_DIR/browser` (relative to the crate root when relative), else
/// `target/browser`; emptied first so no artefact of an earlier run counts.
fn out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|t| Path::new(ROOT).join(t))
        .unwrap_or_else(|| Path::new(ROOT).join("target"));
    let dir = target.join("browser");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("probe")).unwrap();
    dir
}

/// The three reports (written in parallel: the debug binary takes seconds each), plus
/// the `procdiag/1` document of the sample as `sample.json` (`report --json` writes the
/// same document as `analyze --format json`). Returns the report names.
fn write_reports(dir: &Path) -> Vec<&'static str> {
    let log = dir.join("hostile.csv");
    std::fs::write(&log, hostile_log()).unwrap();
    let sample_json = dir.join("sample.json");
    let runs: Vec<(&str, Vec<String>, &Path)> = vec![
        (
            "sample-zh",
            args(&["--lang", "zh", "--json"], &[&sample_json]),
            Path::new(ROOT),
        ),
        ("sample-en", args(&["--lang", "en"], &[]), Path::new(ROOT)),
        ("hostile", args(&["--lang", "en", "--tasks"], &[&log]), dir),
    ];
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|(name, extra, cwd)| {
                let out = dir.join(format!("{name}.html"));
                scope.spawn(move || procdiag_report(extra, &out, cwd))
            })
            .collect();
        handles.into_iter().for_each(|h| h.join().unwrap());
    });
    runs.iter().map(|(name, _, _)| *name).collect()
}

fn args(flags: &[&str], paths: &[&Path]) -> Vec<String> {
    let flags = flags.iter().map(|f| f.to_string());
    flags
        .chain(paths.iter().map(|p| p.display().to_string()))
        .collect()
}

fn procdiag_report(extra: &[String], out: &Path, cwd: &Path) {
    let output = Command::new(BIN)
        .arg("report")
        .args(extra)
        .arg("--out")
        .arg(out)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "procdiag report {extra:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A small activity log (start and end per row) whose names are all hostile.
fn hostile_log() -> String {
    let long_stage = "很长的环节名称".repeat(12);
    let long_word = "W".repeat(150);
    let stages = [HOSTILE[0], HOSTILE[1], HOSTILE[2], &long_stage, HOSTILE[7]];
    let departments = [HOSTILE[3], HOSTILE[4], &long_word, "法务部"];
    let owners = [HOSTILE[5], HOSTILE[6], "张伟", "O'Brien & Sons"];
    let mut csv = String::from("Case ID,Activity,Department,Resource,Start Time,End Time\n");
    for case in 0..12 {
        let id = format!("{}-{case}", HOSTILE[case % 5]);
        for (i, stage) in stages.iter().enumerate().take(3 + case % 3) {
            let (day, hour) = (1 + case, 9 + 2 * i);
            let cells = [
                id.as_str(),
                stage,
                departments[(case + i) % departments.len()],
                owners[(case * 3 + i) % owners.len()],
                &format!("2024-03-{day:02} {hour:02}:00:00"),
                &format!("2024-03-{day:02} {:02}:30:00", hour + 1),
            ];
            let quoted: Vec<String> = cells
                .iter()
                .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                .collect();
            csv.push_str(&quoted.join(","));
            csv.push('\n');
        }
    }
    csv
}

/// One Chromium run: its output file (if any) and its command line.
enum Job {
    Probe {
        name: String,
        page: PathBuf,
    },
    Shot {
        page: PathBuf,
        out: PathBuf,
        width: u32,
    },
    Pdf {
        page: PathBuf,
        out: PathBuf,
    },
}

fn jobs(dir: &Path, reports: &[&str]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for name in reports {
        let page = dir.join(format!("{name}.html"));
        let probe = dir.join("probe").join(format!("{name}.html"));
        write_probe_copy(&page, &probe);
        jobs.push(Job::Probe {
            name: name.to_string(),
            page: probe,
        });
        let widths: &[(u32, &str)] = match *name {
            "hostile" => &[(1366, "desktop")],
            _ => &[(1366, "desktop"), (390, "phone")],
        };
        for (width, label) in widths {
            let out = dir.join(format!("{name}-{label}.png"));
            jobs.push(Job::Shot {
                page: page.clone(),
                out,
                width: *width,
            });
        }
    }
    let page = dir.join("sample-zh.html");
    jobs.push(Job::Pdf {
        page,
        out: dir.join("sample-zh.pdf"),
    });
    jobs
}

fn write_probe_copy(page: &Path, probe: &Path) {
    let html = std::fs::read_to_string(page).unwrap();
    let at = html.find("<head>").expect("the report has <head>") + "<head>".len();
    std::fs::write(probe, format!("{}{PROBE}{}", &html[..at], &html[at..])).unwrap();
}

impl Job {
    fn args(&self) -> Vec<String> {
        let url = |page: &Path| format!("file://{}", page.display());
        match self {
            Job::Probe { page, .. } => vec!["--dump-dom".into(), url(page)],
            Job::Shot { page, out, width } => vec![
                format!("--screenshot={}", out.display()),
                format!("--window-size={width},2400"),
                "--hide-scrollbars".into(),
                url(page),
            ],
            Job::Pdf { page, out } => vec![
                format!("--print-to-pdf={}", out.display()),
                "--no-pdf-header-footer".into(),
                url(page),
            ],
        }
    }

    fn label(&self) -> String {
        match self {
            Job::Probe { name, .. } => format!("probe of {name}"),
            Job::Shot { out, .. } | Job::Pdf { out, .. } => format!("{}", out.display()),
        }
    }
}

/// Runs the jobs two at a time (the machine may have two cores), each with its own
/// profile so the instances do not hand their work to one another.
fn run_all(chrome: &Path, profiles: &Path, jobs: &[Job]) -> Vec<Output> {
    let mut results: Vec<Option<Output>> = jobs.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        for (pair, slots) in jobs.chunks(2).zip(results.chunks_mut(2)) {
            let handles: Vec<_> = pair
                .iter()
                .enumerate()
                .map(|(i, job)| {
                    let profile = profiles.join(i.to_string());
                    scope.spawn(move || run_chromium(chrome, &profile, &job.args()))
                })
                .collect();
            for (slot, handle) in slots.iter_mut().zip(handles) {
                *slot = Some(handle.join().unwrap());
            }
        }
    });
    results.into_iter().map(Option::unwrap).collect()
}

fn run_chromium(chrome: &Path, profile: &Path, args: &[String]) -> Output {
    let mut child = Command::new(chrome)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let (mut stdout, mut stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stderr.read_to_end(&mut buf).map(|_| buf)
    });
    let mut out = Vec::new();
    stdout.read_to_end(&mut out).unwrap();
    let status = wait_at_most(&mut child, Duration::from_secs(90));
    let stderr = err.join().unwrap().unwrap();
    Output {
        status,
        stdout: out,
        stderr,
    }
}

fn wait_at_most(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("chromium took more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The report's script ran: clicking a header sorts its table up, then down (shares
/// as numbers), and printing opens every closed `<details>` and closes them after.
fn check_enhancements(name: &str, probe: &serde_json::Value) {
    let p = &probe["printing"];
    assert!(p["closed"].as_u64().unwrap() > 0, "{name}: {p}");
    assert_eq!(
        p["closed_while_printing"], 0,
        "{name}: details stay closed in print: {p}"
    );
    assert_eq!(p["closed_after"], p["closed"], "{name}: {p}");
    let s = &probe["sorted"];
    if s.is_null() {
        return;
    }
    let share = |v: &serde_json::Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| {
                let t = x
                    .as_str()
                    .unwrap()
                    .trim_start_matches(['<', '>'])
                    .trim_end_matches('%');
                t.parse::<f64>()
                    .unwrap_or_else(|_| panic!("{name}: share {x}"))
            })
            .collect()
    };
    let (up, down) = (share(&s["ascending"]), share(&s["descending"]));
    assert!(
        up.windows(2).all(|w| w[0] <= w[1]),
        "{name}: ascending {up:?}"
    );
    assert!(
        down.windows(2).all(|w| w[0] >= w[1]),
        "{name}: descending {down:?}"
    );
    assert_eq!(
        (s["up"].as_str(), s["down"].as_str()),
        (Some("ascending"), Some("descending"))
    );
    assert!(s["sortable"].as_u64().unwrap() > 10, "{name}: {s}");
}

/// Any console message (the report has no scripts) or failed load in Chromium's log.
fn check_log(job: &Job, out: &Output) {
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{}: chromium failed:\n{log}",
        job.label()
    );
    let bad: Vec<&str> = log
        .lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Failed to load resource")
                || l.contains("net::ERR_")
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{}: errors in Chromium's log:\n{}",
        job.label(),
        bad.join("\n")
    );
}

/// The probe's JSON: no errors, resources, external elements or broken references, and
/// every `<svg>` with a size; no script but the probe.
fn check_probe(name: &str, dom: &str) {
    let start = dom
        .find("<pre id=\"procdiag-probe\">")
        .unwrap_or_else(|| panic!("{name}: the probe wrote nothing (load never fired?)"));
    let body = &dom[start + "<pre id=\"procdiag-probe\">".len()..];
    let json = unescape(&body[..body.find("</pre>").unwrap()]);
    let probe: Value = serde_json::from_str(&json).unwrap();
    for key in ["errors", "resources", "elements", "broken_refs"] {
        let list = probe[key].as_array().unwrap();
        assert!(
            list.is_empty(),
            "{name}: {key} recorded in the browser: {list:#?}"
        );
    }
    assert_eq!(
        probe["scripts"], 2,
        "{name}: a script besides the probe and the report's"
    );
    check_enhancements(name, &probe);
    let svgs = probe["svgs"].as_array().unwrap();
    assert!(svgs.len() > 3, "{name}: only {} <svg> rendered", svgs.len());
    for (i, size) in svgs.iter().enumerate() {
        let (w, h) = (size[0].as_f64().unwrap(), size[1].as_f64().unwrap());
        assert!(
            w > 0.0 && h > 0.0,
            "{name}: <svg> number {} renders {w} × {h}",
            i + 1
        );
    }
}

/// The text of a `--dump-dom` page: tags, `<style>` and `<script>` bodies and the probe
/// removed, entities decoded, white space collapsed.
fn dom_text(dom: &str) -> String {
    let mut text = String::new();
    let mut rest = dom;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        text.push(' ');
        rest = &rest[lt..];
        let skip_to = ["<style", "<script", "<pre id=\"procdiag-probe\""]
            .iter()
            .zip(["</style>", "</script>", "</pre>"])
            .find(|(open, _)| rest.starts_with(*open))
            .map(|(_, close)| close)
            .unwrap_or(">");
        let end = rest.find(skip_to).map_or(rest.len(), |i| i + skip_to.len());
        rest = &rest[end..];
    }
    text.push_str(rest);
    unescape(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Chromium's serialiser escapes `&`, `<`, `>` and U+00A0 in text (and `"` in values).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Figures from `procdiag/1` that every layout shows, formatted as the report does.
fn check_figures(name: &str, text: &str, doc: &Value) {
    let counts = [
        ("cases", &doc["tasklog"]["cases"]),
        ("events", &doc["tasklog"]["events"]),
        ("survey respondents", &doc["survey"]["respondents"]),
        ("baseline cases", &doc["periods"]["baseline"]["cases"]),
        (
            "baseline respondents",
            &doc["periods"]["baseline"]["respondents"],
        ),
        ("after respondents", &doc["periods"]["after"]["respondents"]),
    ];
    for (what, value) in counts {
        let figure = thousands(
            value
                .as_u64()
                .unwrap_or_else(|| panic!("{what} in the JSON")),
        );
        assert!(
            has_number(text, &figure),
            "{name}: {what} ({figure}) not in the page"
        );
    }
    let bottlenecks = doc["tasklog"]["bottlenecks"].as_array().unwrap();
    for stage in bottlenecks.iter().take(3) {
        let stage = stage["stage"].as_str().unwrap();
        assert!(
            text.contains(stage),
            "{name}: bottleneck stage {stage} not in the page"
        );
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `figure` as a whole number: not part of a longer one (`360` is not in `2,360`).
fn has_number(text: &str, figure: &str) -> bool {
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let sep = |c: Option<char>| matches!(c, Some(',' | '.'));
    text.match_indices(figure).any(|(i, _)| {
        let mut before = text[..i].chars().rev();
        let mut after = text[i + figure.len()..].chars();
        let (b1, b2, a1, a2) = (before.next(), before.next(), after.next(), after.next());
        let continues = |c, next| digit(c) || (sep(c) && digit(next));
        !continues(b1, b2) && !continues(a1, a2)
    })
}

/// Every hostile name is shown as the text it is (the probe has already shown that no
/// script, image or `[data-pwned]` element came of them).
fn check_hostile(text: &str) {
    for name in HOSTILE {
        assert!(text.contains(name), "hostile: {name:?} not shown literally");
    }
    assert!(
        text.contains(&"W".repeat(150)),
        "hostile: the long department name"
    );
}

fn check_artefacts(jobs: &[Job]) {
    for job in jobs {
        let (out, magic): (&Path, &[u8]) = match job {
            Job::Shot { out, .. } => (out, b"\x89PNG"),
            Job::Pdf { out, .. } => (out, b"%PDF"),
            Job::Probe { .. } => continue,
        };
        let bytes = std::fs::read(out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
        assert!(
            bytes.len() > 1000 && bytes.starts_with(magic),
            "{}: not a PNG/PDF",
            out.display()
        );
    }
}
