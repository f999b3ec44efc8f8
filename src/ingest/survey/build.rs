//! The survey model built column by column from an export's layout: columns that
//! identify people, metadata (ids, submission and start times, durations, status), runs
//! of option columns that make one multi-select, and every answer column classified
//! ([`classify`]), each with its line for `inspect`.

use std::collections::HashMap;

use super::classify::{self, Kind, Rules};
use super::interpret::{Attribute, ColumnReport};
use super::personal::{personal_header, personal_values};
use super::platform::{Column, Layout, Role};
use super::scales::Resolution;
use super::values::{self, Cell};
use super::SurveyOptions;
use crate::ingest::read::Grid;
use crate::model::survey::{Choice, MultiSelect, Survey};

/// What interpreting builds up, column by column.
pub struct Builder<'a> {
    grid: &'a Grid,
    layout: &'a Layout,
    opts: &'a SurveyOptions,
    kept: Vec<usize>,
    scales: HashMap<usize, Resolution>,
    survey: Survey,
    reports: Vec<ColumnReport>,
    attributes: Vec<Attribute>,
}

impl<'a> Builder<'a> {
    pub fn new(
        grid: &'a Grid,
        layout: &'a Layout,
        opts: &'a SurveyOptions,
        kept: Vec<usize>,
        scales: HashMap<usize, Resolution>,
    ) -> Builder<'a> {
        let n = kept.len();
        Builder {
            grid,
            layout,
            opts,
            kept,
            scales,
            survey: Survey {
                platform: layout.platform.to_string(),
                respondents: n,
                submitted: vec![None; n],
                duration_seconds: vec![None; n],
                ..Default::default()
            },
            reports: Vec::new(),
            attributes: Vec::new(),
        }
    }

    /// The survey, the columns' lines and the columns' values by name.
    pub fn finish(self) -> (Survey, Vec<ColumnReport>, Vec<Attribute>) {
        (self.survey, self.reports, self.attributes)
    }

    fn cells(&self, col: &Column) -> Vec<Cell> {
        self.kept
            .iter()
            .map(|&r| values::cell(self.grid.cell(r, col.index), self.layout.skipped_markers))
            .collect()
    }

    /// Reads column `i` (and the columns that belong to it); the next column's index.
    pub fn column(&mut self, i: usize) -> usize {
        let col = &self.layout.columns[i];
        let cells = self.cells(col);
        if self.personal(col, &cells) || self.metadata(col, &cells) {
            return i + 1;
        }
        self.attributes.push(attribute(col, texts(&cells)));
        if let Some(next) = self.option_run(i) {
            return next;
        }
        self.answer(i, &cells)
    }

    /// A column that identifies people: left out unless `--include-personal`.
    fn personal(&mut self, col: &Column, cells: &[Cell]) -> bool {
        let answers: Vec<&str> = cells.iter().filter_map(Cell::answer).collect();
        let personal = col.role == Role::Personal
            || (matches!(col.role, Role::Answer | Role::OtherText | Role::Meta)
                && (personal_header(&col.header)
                    || personal_header(&col.text)
                    || personal_values(&answers)));
        if !personal {
            return false;
        }
        self.survey.personal.push(col.header.trim().to_string());
        let detail = if self.opts.include_personal {
            "kept (--include-personal)"
        } else {
            "identifies people: left out of every output"
        };
        self.reports
            .push(report(col, "personal", detail.into(), cells));
        if self.opts.include_personal {
            let values = texts(cells);
            self.survey
                .personal_values
                .push((col.header.trim().to_string(), values.clone()));
            self.attributes.push(attribute(col, values));
        }
        true
    }

    /// Ids, derived columns, start and submission times, durations, status and other
    /// metadata.
    fn metadata(&mut self, col: &Column, cells: &[Cell]) -> bool {
        let (kind, detail) = match col.role {
            Role::Id => ("id", String::new()),
            Role::Started => ("started", String::new()),
            Role::Derived => ("derived", String::new()),
            Role::Submitted => {
                if self.survey.submitted.iter().all(Option::is_none) {
                    self.survey.submitted = times(cells, self.layout);
                }
                let parsed = self.survey.submitted.iter().flatten().count();
                self.attributes.push(attribute(col, texts(cells)));
                ("submitted", format!("{parsed} times read"))
            }
            Role::Duration => {
                self.survey.duration_seconds = cells
                    .iter()
                    .map(|c| c.answer().and_then(values::duration_seconds))
                    .collect();
                let parsed = self.survey.duration_seconds.iter().flatten().count();
                ("duration", format!("{parsed} read as seconds"))
            }
            Role::Status | Role::Meta => {
                self.survey.choices.push(Choice {
                    code: col.code.clone(),
                    text: col.text.clone(),
                    question: false,
                    values: texts(cells),
                    suggested_scale: None,
                });
                self.attributes.push(attribute(col, texts(cells)));
                let kind = if col.role == Role::Status {
                    "status"
                } else {
                    "metadata"
                };
                (kind, String::new())
            }
            Role::Answer | Role::OtherText | Role::Personal => return false,
        };
        self.reports.push(report(col, kind, detail, cells));
        true
    }

    /// A run of a question's sub-columns holding option ticks: one multi-select; the
    /// index after the run.
    fn option_run(&mut self, i: usize) -> Option<usize> {
        let cols = &self.layout.columns;
        let col = &cols[i];
        let mut j = i + 1;
        while col.sub.is_some()
            && col.question.is_some()
            && j < cols.len()
            && cols[j].question == col.question
            && cols[j].sub.is_some()
            && matches!(cols[j].role, Role::Answer | Role::OtherText)
        {
            j += 1;
        }
        if j - i < 2 {
            return None;
        }
        let run_cells: Vec<Vec<Cell>> = cols[i..j].iter().map(|c| self.cells(c)).collect();
        let run: Vec<(&Column, &[Cell])> = cols[i..j]
            .iter()
            .zip(&run_cells)
            .map(|(c, v)| (c, v.as_slice()))
            .collect();
        let rules = rules_for(col, self.opts, self.layout, None);
        let m = classify::option_columns(&run, &rules)?;
        for (c, v) in &run[1..] {
            self.attributes.push(attribute(c, texts(v)));
        }
        for (c, v) in &run {
            let (kind, detail) = if c.role == Role::OtherText {
                ("other_text", format!("other-text of {}", m.code))
            } else {
                ("multi_select", format!("option of {}", m.code))
            };
            self.reports.push(report(c, kind, detail, v));
        }
        self.survey.multi.push(m);
        Some(j)
    }

    /// An answer column classified and added; the next column's index.
    fn answer(&mut self, mut i: usize, cells: &[Cell]) -> usize {
        let col = &self.layout.columns[i];
        let rules = rules_for(col, self.opts, self.layout, self.scales.get(&col.index));
        let kind = if col.role == Role::OtherText {
            Kind::Open(classify::open_text(col, cells))
        } else {
            classify::classify(col, cells, &rules)
        };
        self.reports.push(kind_report(col, &kind, cells));
        match kind {
            Kind::Rating(it) => self.survey.items.push(it),
            Kind::Unscored(c, u) => {
                self.survey.choices.push(c);
                self.survey.unscored.push(u);
            }
            Kind::Multi(mut m) => {
                i = self.other_texts(i, &mut m);
                self.survey.multi.push(m)
            }
            Kind::Choice(c) => self.survey.choices.push(c),
            Kind::Open(o) => self.survey.open.push(o),
            Kind::Number | Kind::Empty => {}
        }
        i + 1
    }

    /// The question's "other" text columns that follow a multi-select (`Q6_7_TEXT`);
    /// the index of the last one.
    fn other_texts(&mut self, mut i: usize, m: &mut MultiSelect) -> usize {
        let cols = &self.layout.columns;
        let col = &cols[i];
        while i + 1 < cols.len()
            && cols[i + 1].role == Role::OtherText
            && (cols[i + 1].question.as_deref() == Some(col.code.as_str())
                || (cols[i + 1].question.is_some() && cols[i + 1].question == col.question))
        {
            i += 1;
            let other = self.cells(&cols[i]);
            self.reports.push(report(
                &cols[i],
                "other_text",
                format!("other-text of {}", m.code),
                &other,
            ));
            m.other
                .extend(other.iter().filter_map(Cell::answer).map(str::to_string));
        }
        i
    }
}

/// The `inspect` line of a classified column.
fn kind_report(col: &Column, kind: &Kind, cells: &[Cell]) -> ColumnReport {
    match kind {
        Kind::Rating(it) => ColumnReport {
            assumptions: it.assumptions.clone(),
            ..report(col, "rating", scale_detail(it), cells)
        },
        Kind::Unscored(_, u) => ColumnReport {
            candidates: u.candidates.clone(),
            ..report(col, "unscored", unscored_detail(u), cells)
        },
        Kind::Multi(m) => report(
            col,
            if m.rank.is_some() {
                "ranking"
            } else {
                "multi_select"
            },
            format!("{} options", m.options.len()),
            cells,
        ),
        Kind::Choice(c) => {
            let mut d: Vec<&String> = c.values.iter().flatten().collect();
            d.sort();
            d.dedup();
            ColumnReport {
                suggested_scale: c.suggested_scale.clone(),
                ..report(col, "single_choice", format!("{} values", d.len()), cells)
            }
        }
        Kind::Open(_) if col.role == Role::OtherText => {
            report(col, "other_text", String::new(), cells)
        }
        Kind::Open(_) => report(col, "open_text", String::new(), cells),
        Kind::Number => report(col, "number", "numbers that are not ratings".into(), cells),
        Kind::Empty => report(col, "empty", "no answers".into(), cells),
    }
}

/// Whether the user named this column in a dimension or as reversed.
fn listed(col: &Column, opts: &SurveyOptions) -> bool {
    let names = opts.dimensions.iter().flat_map(|(_, items)| items);
    names
        .chain(&opts.reverse)
        .any(|n| *n == col.code || *n == col.text || n == col.header.trim())
}

/// Parses submission times (any layout the task-log reader knows, plus
/// `02-Feb-2021 20:26:58` as 腾讯问卷 writes them) to ms since the epoch, UTC.
fn times(cells: &[Cell], layout: &Layout) -> Vec<Option<i64>> {
    let samples: Vec<&str> = cells.iter().filter_map(Cell::answer).take(200).collect();
    let opts = crate::ingest::time::TimeOptions {
        date_order: layout.date_order,
        ..Default::default()
    };
    let fmt = crate::ingest::time::detect(&samples, &opts).ok();
    cells
        .iter()
        .map(|c| {
            let v = c.answer()?;
            fmt.as_ref()
                .and_then(|f| crate::ingest::time::parse_one(v, f))
                .or_else(|| {
                    chrono::NaiveDateTime::parse_from_str(v, "%d-%b-%Y %H:%M:%S")
                        .ok()
                        .map(|t| t.and_utc().timestamp_millis())
                })
        })
        .collect()
}

fn report(col: &Column, kind: &'static str, detail: String, cells: &[Cell]) -> ColumnReport {
    let mut examples: Vec<String> = Vec::new();
    if kind != "personal" {
        for a in cells.iter().filter_map(Cell::answer) {
            if examples.len() >= 3 {
                break;
            }
            if !examples.iter().any(|e| e == a) {
                examples.push(a.chars().take(40).collect());
            }
        }
    }
    ColumnReport {
        column: col.header.clone(),
        code: col.code.clone(),
        text: col.text.clone(),
        kind,
        detail,
        answers: cells.iter().filter(|c| c.answer().is_some()).count(),
        examples,
        assumptions: Vec::new(),
        candidates: Vec::new(),
        suggested_scale: None,
    }
}

fn rules_for<'a>(
    col: &Column,
    opts: &'a SurveyOptions,
    layout: &'a Layout,
    resolution: Option<&'a Resolution>,
) -> Rules<'a> {
    let is_listed = listed(col, opts);
    Rules {
        scale: opts.scale,
        custom: &opts.scales,
        extra_na: &opts.not_applicable,
        // In a bare data frame, numbers outside the named dimensions are attributes
        // (gender, age, education); a platform export's numbered questions are
        // questions.
        numeric_ok: layout.platform != "plain" || opts.dimensions.is_empty() || is_listed,
        listed: is_listed,
        separators: layout.multi_separators,
        generic_separators: layout.platform == "plain",
        resolution,
    }
}

fn texts(cells: &[Cell]) -> Vec<Option<String>> {
    cells
        .iter()
        .map(|c| c.answer().map(str::to_string))
        .collect()
}

fn attribute(col: &Column, values: Vec<Option<String>>) -> Attribute {
    Attribute {
        code: col.code.clone(),
        header: col.header.trim().to_string(),
        text: col.text.clone(),
        values,
    }
}

/// An item's scale for `inspect`: family, points and every level with its score, then
/// what was assumed.
fn scale_detail(it: &crate::model::survey::Item) -> String {
    let levels = if it.scale_levels.is_empty() {
        format!("{}–{}", it.min, it.max)
    } else {
        it.scale_levels
            .iter()
            .map(|l| {
                if l.label == l.score.to_string() {
                    l.label.clone()
                } else {
                    format!("{} {}", l.score, l.label)
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let family = super::scales::family_shown(&it.scale_family, false);
    format!("{family}, {} points: {levels}", it.scale_levels.len())
}

/// Why an item is not scored, for `inspect`.
fn unscored_detail(u: &crate::model::survey::UnscoredItem) -> String {
    if u.candidates.is_empty() {
        return "not scored: the labels' numbers and words disagree".into();
    }
    let fits: Vec<String> = u
        .candidates
        .iter()
        .map(|c| {
            let family = super::scales::family_shown(&c.family, false);
            format!("{family} {}-point", c.points)
        })
        .collect();
    format!(
        "not scored: its answers fit {} and nothing in the file settles which",
        fits.join(" or ")
    )
}
