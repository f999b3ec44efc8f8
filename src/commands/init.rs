//! `procdiag init [FILES]`: a starter procdiag.toml. For a task log it writes the
//! column mapping procdiag detects (so the user can correct it), for a survey export its
//! layout and the dimensions it would score, and commented examples of periods,
//! targets, KPI settings and report settings. Never overwrites a file unless asked.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::ingest::columns;
use crate::ingest::read::{read_table, ReadOptions};

/// Quotes a TOML string.
fn q(s: &str) -> String {
    let escaped: String = s
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            '\n' => vec!['\\', 'n'],
            c if c.is_control() => vec![' '],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

/// A path as written in the config: relative to the config's folder when it can be.
fn relative(file: &Path, config: &Path) -> String {
    let dir = config.parent().filter(|d| !d.as_os_str().is_empty());
    let shown = match dir.and_then(|d| file.strip_prefix(d).ok()) {
        Some(p) => p.to_path_buf(),
        None => file.to_path_buf(),
    };
    shown.display().to_string()
}

/// The `[tasks]` section of a task log.
fn tasks_section(o: &mut String, path: &Path, out: &Path) -> Result<()> {
    let raw = read_table(path, &ReadOptions::default())?;
    let mapping = columns::detect(&raw.headers, &[]);
    let _ = writeln!(o, "[tasks]\nfile = {}", q(&relative(path, out)));
    if let Some(s) = &raw.sheet {
        let _ = writeln!(o, "sheet = {}", q(s));
    }
    if let Some(e) = raw.encoding.as_deref().filter(|e| !e.starts_with("UTF-8")) {
        let _ = writeln!(o, "# encoding = {}   # detected: {e}", q("gbk"));
    }
    let _ = writeln!(
        o,
        "# tz = \"Asia/Shanghai\"      # zone of times written without an offset"
    );
    let _ = writeln!(
        o,
        "\n# The columns procdiag recognised; correct any that are wrong."
    );
    let _ = writeln!(o, "[tasks.columns]");
    for (role, header) in &mapping {
        let _ = writeln!(o, "{} = {}", role.name(), q(header));
    }
    let unmapped: Vec<&String> = raw
        .headers
        .iter()
        .filter(|h| !mapping.values().any(|m| m == *h))
        .collect();
    if !unmapped.is_empty() {
        let list: Vec<String> = unmapped.iter().map(|h| q(h)).collect();
        let _ = writeln!(
            o,
            "# Other columns (usable as [kpi] by, target filters or a period column): {}",
            list.join(", ")
        );
    }
    let _ = writeln!(o);
    Ok(())
}

/// The `[survey]` section of questionnaire exports.
fn survey_section(o: &mut String, paths: &[PathBuf], out: &Path) -> Result<()> {
    let files: Vec<String> = paths.iter().map(|p| q(&relative(p, out))).collect();
    let _ = writeln!(o, "[survey]\nfiles = [{}]", files.join(", "));
    let ins = crate::ingest::survey::inspect(&paths[0], &Default::default())?;
    let _ = writeln!(
        o,
        "platform = {}   # detected",
        q(crate::ingest::survey::platform::PLATFORMS
            .iter()
            .find(|p| p.name() == ins.platform)
            .map_or("plain", |p| p.id()))
    );
    let _ = writeln!(o, "# reverse = [\"Q3_4\"]          # reverse-worded items");
    let _ = writeln!(
        o,
        "# groups = [\"Q1\"]             # breakdowns (department, tier, wave)"
    );
    let _ = writeln!(
        o,
        "# min_group = {}",
        crate::analysis::privacy::DEFAULT_MIN_GROUP
    );
    let _ = writeln!(o, "\n[survey.dimensions]");
    if ins.dimensions.is_empty() {
        let _ = writeln!(o, "# \"流程效率\" = [\"Q3_1\", \"Q3_2\", \"Q3_3\"]");
    }
    for d in &ins.dimensions {
        let items: Vec<String> = d.items.iter().map(|i| q(i)).collect();
        let _ = writeln!(o, "{} = [{}]", q(&d.name), items.join(", "));
    }
    let _ = writeln!(o);
    Ok(())
}

const EXAMPLES: &str = r#"# Before/after: a baseline and a comparison period (or split = "2024-07-01", or
# column = "阶段" for a column whose values are 改进前/改进后).
# [periods]
# baseline = { from = "2024-01-01", to = "2024-06-30" }
# after = { from = "2024-07-01", to = "2024-12-31" }

# Targets: a metric, optional filters, a goal (-20%, <= 48h, >= 95%, +5pt).
# [[targets]]
# name = "项目平均交付周期 −20%"
# metric = "lead_time.median"
# goal = "-20%"
#
# [[targets]]
# name = "合规审批等待减半"
# metric = "wait_time.median[stage=合规审批]"
# goal = "-50%"
#
# [[targets]]
# metric = "on_time_rate"
# goal = ">= 90%"
# filter = { "客户等级" = "战略客户" }
#
# [[targets]]
# metric = "survey.mean[dimension=沟通满意度]"
# goal = "+0.5pt"

# [kpi]
# grain = "quarter"          # or "month", "week"
# by = ["客户等级"]

# [report]
# out = "reports/diagnosis.html"
# csv_dir = "reports/tables"  # every table of the report as CSV files
# xlsx = "reports/tables.xlsx" # every table of the report as an Excel workbook
# lang = "zh"
# durations = "working"      # lead and waiting times also in working hours

# The business calendar service levels run on (China's holidays and 调休 built in).
# [calendar]
# workdays = "mon-fri"
# hours = ["09:00-12:00", "13:30-18:00"]
# holidays = "cn"            # or "none"
# extra_holidays = ["2024-12-31"]
# extra_workdays = []
# tz = "Asia/Shanghai"       # default: the task log's zone ([tasks] tz)

# Service levels (SLA): a clock from a start to the first stop after it. Targets:
# 2wh working hours, 3wd working days, 30wmin, or elapsed 24h, 2d, 10min.
# [[sla]]
# name = "跨部门请求响应"
# start = "受理.end"         # STAGE.start, STAGE.end, case.start or case.end
# stop = "评审.start"
# target = "2wh"
# by = "优先级"              # per-value targets; other values get `target`
# targets = { "紧急" = "10min", "高" = "2wh" }
# pause = ["挂起", "等待客户"] # statuses or stages that stop the clock
#
# [[sla]]
# name = "首次答复"
# start = "case.start"
# stop = "答复.end"
# target = "24h"
# calendar = "24x7"          # this clock ignores the calendar
#
# [[sla]]
# name = "每周进度更新"
# weekly = "fri 17:00"       # every open case has an event each week by then
#
# A clock's compliance can be a target: metric = "sla_compliance[name=跨部门请求响应]",
# goal = ">= 95%".
"#;

/// Whether a file's headers name a case, a stage (or status) and a time.
fn looks_like_log(path: &Path) -> Result<bool> {
    use crate::ingest::columns::Role;
    let raw = read_table(path, &ReadOptions::default())?;
    let m = columns::detect(&raw.headers, &[]);
    let has = |r: Role| m.contains_key(&r);
    Ok(has(Role::Case)
        && (has(Role::Stage) || has(Role::Status))
        && (has(Role::Start) || has(Role::End) || has(Role::Timestamp)))
}

pub fn run(files: &[PathBuf], out: &Path, force: bool) -> Result<()> {
    if out.exists() && !force {
        bail!(
            "{}: already exists; pass --force to overwrite it, or --out FILE",
            out.display()
        );
    }
    let mut o = String::from(
        "# procdiag.toml, written by `procdiag init`. Paths are relative to this file.\n\n",
    );
    let mut surveys = Vec::new();
    let mut tasks = None;
    for f in files {
        if crate::ingest::survey::looks_like_survey(f, &ReadOptions::default())
            || !looks_like_log(f)?
        {
            surveys.push(f.clone());
        } else if tasks.is_none() {
            tasks = Some(f.clone());
        } else {
            bail!(
                "{}: a second task log; procdiag reads one task log (and any number of \
                 survey files)",
                f.display()
            );
        }
    }
    if let Some(t) = &tasks {
        tasks_section(&mut o, t, out)?;
    } else {
        let _ = writeln!(o, "# [tasks]\n# file = \"任务进度跟踪表.xlsx\"\n");
    }
    if !surveys.is_empty() {
        survey_section(&mut o, &surveys, out)?;
    }
    o.push_str(EXAMPLES);
    // The file must read back: a starter that does not parse would be worse than none.
    toml::from_str::<crate::config::file::ConfigFile>(&o)
        .map_err(|e| anyhow::anyhow!("the starter file does not parse (a bug): {e}"))?;
    crate::export::write_atomic(out, o.as_bytes())?;
    crate::progress::note(&format!("wrote {}", out.display()));
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The commented calendar and clock examples, uncommented, are a valid config.
    #[test]
    fn the_sla_examples_read_back() {
        let from = super::EXAMPLES.find("# [calendar]").unwrap();
        let text: String = super::EXAMPLES[from..]
            .lines()
            .filter(|l| l.starts_with("# [") || l.starts_with("# ") && l.contains(" = "))
            .filter(|l| !l.contains("metric =") && !l.contains("goal ="))
            .map(|l| format!("{}\n", &l[2..]))
            .collect();
        let file: crate::config::file::ConfigFile = toml::from_str(&text).unwrap();
        let path = std::path::Path::new("procdiag.toml");
        let clocks = crate::config::sla_file::clocks(&file.sla, &text, path).unwrap();
        assert_eq!(clocks.len(), 3, "{text}");
        assert!(clocks[1].always);
        let cal = file.calendar.unwrap().calendar(chrono_tz::Tz::UTC);
        assert_eq!(cal.extra_holidays.len(), 1);
    }
}
