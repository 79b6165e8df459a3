//! The human summary for a terminal: the score, who controls the dependencies and from where,
//! licence categories, vendor lock-in, then the findings grouped by severity with their fix
//! hints.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Report, Reporter};
use crate::policy::code::Code;

/// Writes a human summary.
pub struct Table;

/// Width of the bar chart.
const BAR: usize = 24;

impl Reporter for Table {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let s = &report.summary;
        writeln!(out, "cargo-sovereign {}", report.tool.version)?;
        for input in &report.inputs {
            writeln!(out, "input: {} {}", input.format_label(), input.path_label())?;
        }
        let roots: Vec<&str> = s.roots.iter().map(String::as_str).collect();
        writeln!(out, "roots: {}", roots.join(", "))?;
        writeln!(out)?;
        writeln!(
            out,
            "{} ({} packages, {} edges; {})",
            plural(s.dependencies, "dependency", "dependencies"),
            s.packages,
            s.edges,
            join_counts(&s.ecosystems)
        )?;
        writeln!(out, "Sovereignty score: {} / 100", s.score)?;
        writeln!(out)?;
        writeln!(out, "Controlled from (dependencies):")?;
        for class in ["trusted", "untrusted", "unknown"] {
            let n = s.jurisdictions.get(class).copied().unwrap_or(0);
            let share = if s.dependencies == 0 { 0.0 } else { n as f64 / s.dependencies as f64 };
            let filled = (share * BAR as f64).round() as usize;
            writeln!(
                out,
                "  {class:<10}{n:>6}  {}{}  {:>5.1}%",
                "█".repeat(filled),
                "·".repeat(BAR - filled.min(BAR)),
                share * 100.0
            )?;
        }
        writeln!(out, "  countries: {}", top_counts(&s.control_countries, 12))?;
        if !s.top_entities.is_empty() {
            let entities: Vec<String> = s
                .top_entities
                .iter()
                .map(|e| match &e.control_country {
                    Some(c) => format!("{} ({c}) {}", e.entity, e.packages),
                    None => format!("{} {}", e.entity, e.packages),
                })
                .collect();
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
        writeln!(out)?;
        findings(report, out)?;
        if !s.warnings.is_empty() {
            writeln!(out)?;
            writeln!(out, "Warnings while reading:")?;
            for w in &s.warnings {
                writeln!(out, "  {w}")?;
            }
        }
        Ok(())
    }
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
    let mut last: Option<(&str, &str)> = None;
    for f in &report.findings {
        if last != Some((f.severity.as_str(), f.code.as_str())) {
            writeln!(out)?;
            let code = Code::from_name(&f.code);
            writeln!(out, "{} [{}] {}", f.severity, f.code, code.map_or("", |c| c.title()))?;
            if let Some(c) = code {
                writeln!(out, "  fix: {}", c.fix_hint())?;
            }
            last = Some((f.severity.as_str(), f.code.as_str()));
        }
        writeln!(out, "  - {}", f.message)?;
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn join_counts(map: &BTreeMap<String, usize>) -> String {
    top_counts(map, usize::MAX)
}

/// `key n, key n, …`, largest first, at most `limit` entries then `… and N more`.
fn top_counts(map: &BTreeMap<String, usize>, limit: usize) -> String {
    let mut items: Vec<(&String, &usize)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut parts: Vec<String> = items.iter().take(limit).map(|(k, n)| format!("{k} {n}")).collect();
    if items.len() > limit {
        parts.push(format!("… and {} more", items.len() - limit));
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}
