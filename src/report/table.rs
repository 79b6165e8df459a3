//! The human summary for a terminal: the score, who controls the dependencies and from where,
//! licence categories, vendor lock-in, then the findings grouped by severity with their fix
//! hints, and with `--packages` a table of every dependency.
//!
//! Styles are always written as ANSI sequences; the binary wraps the output in a stream that
//! strips them unless it is a colour terminal (or `--color always`), so this file never asks
//! what the output is. Every string from the input goes through [`escape`] first, so the only
//! control sequences in the output are these styles.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::document::EntityShare;
use super::{Report, Reporter};
use crate::policy::code::{Code, Severity};
use crate::terminal::escape;
use crate::text::plural;
use anstyle::{AnsiColor, Style};

mod packages;
mod wrap;

pub use packages::FIXED_WIDTH;

/// Writes a human summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Table {
    /// Also list every dependency in a table.
    pub packages: bool,
    /// The terminal's width: lines are wrapped to it between words, and the package table
    /// fitted to it. `None` (a file or a pipe) leaves lines whole, one finding to a line for
    /// grep, and fits the package table to [`FIXED_WIDTH`].
    pub width: Option<usize>,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn fg(color: AnsiColor) -> Style {
    Style::new().fg_color(Some(color.into()))
}

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => fg(AnsiColor::Red).bold(),
        Severity::Warning => fg(AnsiColor::Yellow).bold(),
        Severity::Note => fg(AnsiColor::Blue).bold(),
    }
}

fn class_style(class: &str) -> Style {
    match class {
        "trusted" => fg(AnsiColor::Green),
        "untrusted" => fg(AnsiColor::Red),
        _ => DIM,
    }
}

/// Width of the bar chart.
const BAR: usize = 24;

impl Reporter for Table {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        if self.width.is_none() {
            // Nothing to wrap: written as it is made (a million components' findings are a
            // hundred megabytes, which need not be held first).
            summary(report, out)?;
            models(report, out)?;
            findings(report, out)?;
        } else {
            let mut text = Vec::new();
            summary(report, &mut text)?;
            models(report, &mut text)?;
            findings(report, &mut text)?;
            wrap::write(out, &text, self.width)?;
        }
        if self.packages {
            writeln!(out)?;
            packages::write(report, self.width, out)?;
        }
        if !report.summary.warnings.is_empty() {
            let mut text = Vec::new();
            writeln!(text)?;
            writeln!(text, "Warnings while reading:")?;
            for w in &report.summary.warnings {
                writeln!(text, "  {}", escape(w))?;
            }
            wrap::write(out, &text, self.width)?;
        }
        Ok(())
    }
}

/// The models and data sets, one to a line, when there are any.
fn models(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rows = super::models::rows(report);
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "{BOLD}Models and datasets:{BOLD:#}")?;
    for r in rows {
        let country = r.country.map(|c| format!(" ({})", escape(c))).unwrap_or_default();
        let style = class_style(r.jurisdiction);
        writeln!(
            out,
            "  {:<8}{}: {style}{}{country}{style:#}, licence {}",
            r.kind,
            escape(&r.label),
            escape(r.publisher.unwrap_or("publisher unknown")),
            escape(r.category.unwrap_or("unknown"))
        )?;
    }
    writeln!(out)
}

/// Who the report is about and the figures: the inputs, the score, who controls the
/// dependencies and from where, licences and vendors.
fn summary(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(out, "cargo-sovereign {}", report.tool.version)?;
    for input in &report.inputs {
        writeln!(out, "input: {} {}", escape(&input.format_label()), escape(input.path_label()))?;
        if !input.targets.is_empty() {
            let targets: Vec<_> = input.targets.iter().map(|t| escape(t)).collect();
            writeln!(
                out,
                "  targets: {}; {} only for other platforms left out",
                targets.join(", "),
                plural(input.other_platforms, "package", "packages")
            )?;
        }
    }
    let roots: Vec<_> = s.roots.iter().map(|r| escape(r)).collect();
    writeln!(out, "roots: {}", roots.join(", "))?;
    writeln!(out)?;
    writeln!(
        out,
        "{} ({}, {}; {})",
        plural(s.dependencies, "dependency", "dependencies"),
        plural(s.packages, "package", "packages"),
        plural(s.edges, "edge", "edges"),
        join_counts(&s.ecosystems)
    )?;
    let score_style = match s.grade.as_str() {
        "A" | "B" => fg(AnsiColor::Green),
        "C" => fg(AnsiColor::Yellow),
        _ => fg(AnsiColor::Red),
    }
    .bold();
    writeln!(
        out,
        "Sovereignty score: {score_style}{} / 100, grade {}{score_style:#}{}",
        s.score,
        escape(&s.grade),
        if s.score_parts.capped_by_errors { " (held at 74 by error findings)" } else { "" }
    )?;
    let elephant = s.elephant_factor.map(|n| format!(" · elephant factor {n}")).unwrap_or_default();
    writeln!(
        out,
        "  coverage: {:.0}% of dependencies attributed, {:.0}% of licences classified{elephant}{}",
        s.coverage.attributed * 100.0,
        s.coverage.licensed * 100.0,
        if s.dependencies > 0 && s.coverage.attributed < 0.5 {
            "; the score speaks only for what is known"
        } else {
            ""
        }
    )?;
    writeln!(out)?;
    writeln!(out, "{BOLD}Controlled from (dependencies):{BOLD:#}")?;
    for class in ["trusted", "untrusted", "unknown"] {
        let n = s.jurisdictions.get(class).copied().unwrap_or(0);
        let share = if s.dependencies == 0 { 0.0 } else { n as f64 / s.dependencies as f64 };
        let filled = (share * BAR as f64).round() as usize;
        let style = class_style(class);
        writeln!(
            out,
            "  {class:<10}{n:>6}  {style}{}{style:#}{DIM}{}{DIM:#}  {:>5.1}%",
            "█".repeat(filled.min(BAR)),
            "·".repeat(BAR - filled.min(BAR)),
            share * 100.0
        )?;
    }
    writeln!(out, "  countries: {}", top_counts(&s.control_countries, 12))?;
    if !s.top_entities.is_empty() {
        let entities = entities_with(&s.top_entities, |t| escape(t).into_owned());
        writeln!(out, "  top entities: {}", entities.join(" · "))?;
    }
    writeln!(
        out,
        "  critical dependencies: {}, {:.1}% of them controlled from untrusted jurisdictions",
        s.critical,
        s.untrusted_critical_share * 100.0
    )?;
    writeln!(
        out,
        "  concentration (HHI, 0–10000): entities {:.0}, countries {:.0}",
        s.concentration.entity_hhi, s.concentration.country_hhi
    )?;
    writeln!(out)?;
    writeln!(out, "Licence categories: {}", top_counts(&s.license_categories, 12))?;
    if !s.vendors.is_empty() {
        writeln!(out, "Vendor lock-in: {}", top_counts(&s.vendors, 12))?;
    }
    if !s.platforms.is_empty() {
        writeln!(out, "Platform bindings: {}", top_counts(&s.platforms, 12))?;
    }
    writeln!(out)?;
    Ok(())
}

fn findings(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let count = |sev: &str| s.findings.get(sev).copied().unwrap_or(0);
    let suppressed = if s.suppressed_findings > 0 {
        format!(" ({} suppressed by exceptions)", s.suppressed_findings)
    } else {
        String::new()
    };
    writeln!(
        out,
        "Findings: {}, {}, {}{suppressed}",
        plural(count("error"), "error", "errors"),
        plural(count("warning"), "warning", "warnings"),
        plural(count("note"), "note", "notes")
    )?;
    // Findings arrive sorted by severity then code; print each code's fix hint once.
    let mut last: Option<(Severity, Code)> = None;
    for f in &report.findings {
        if last != Some((f.severity, f.code)) {
            writeln!(out)?;
            let style = severity_style(f.severity);
            writeln!(out, "{style}{}{style:#} [{}] {BOLD}{}{BOLD:#}", f.severity, f.code, f.code.title())?;
            writeln!(out, "  fix: {}", f.code.fix_hint())?;
            last = Some((f.severity, f.code));
        }
        writeln!(out, "  - {}", escape(&f.message))?;
    }
    Ok(())
}

fn join_counts(map: &BTreeMap<String, usize>) -> String {
    top_counts(map, usize::MAX)
}

/// `key n, key n, …`, largest first, at most `limit` entries then `… and N more`; the keys come
/// from the input, so they are escaped for a terminal.
fn top_counts(map: &BTreeMap<String, usize>, limit: usize) -> String {
    counts_with(map, limit, |k| escape(k).into_owned())
}

/// Each of `entities` as `name (country) packages`, the text escaped by `escape` (each format
/// escapes for its own reader).
pub(super) fn entities_with(entities: &[EntityShare], escape: impl Fn(&str) -> String) -> Vec<String> {
    (entities.iter())
        .map(|e| match &e.control_country {
            Some(c) => format!("{} ({}) {}", escape(&e.entity), escape(c), e.packages),
            None => format!("{} {}", escape(&e.entity), e.packages),
        })
        .collect()
}

/// [`top_counts`] with the keys escaped by `key` (each format escapes for its own reader).
pub(super) fn counts_with(
    map: &BTreeMap<String, usize>,
    limit: usize,
    key: impl Fn(&str) -> String,
) -> String {
    let mut items: Vec<(&String, &usize)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut parts: Vec<String> = items.iter().take(limit).map(|(k, n)| format!("{} {n}", key(k))).collect();
    if items.len() > limit {
        parts.push(format!("… and {} more", items.len() - limit));
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}
