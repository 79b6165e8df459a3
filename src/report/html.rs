//! The HTML report: one self-contained page for a person who would rather look than read.
//!
//! Self-contained means it opens offline and leaks nothing when opened: the CSS, the charts
//! (SVG) and the small search-and-sort script are inline, and a Content-Security-Policy forbids
//! loading anything else. The only links are to the packages' own repositories, in the package
//! table. Every string from the input is escaped ([`escape_html`]): package metadata is written
//! by strangers. The page stays readable with JavaScript off; the script only adds the search
//! box and sortable columns.

mod charts;
mod critical;
mod tables;

use std::io::{self, Write};

use super::paths::ReportGraph;
use super::{Report, Reporter};
use crate::policy::code::{Code, Severity};
use crate::text::plural;

/// Writes the report as one self-contained HTML page.
pub struct Html;

const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/table.js");

/// Escapes `s` for HTML text and double- or single-quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters and bidi overrides have no place in a page (and would reach a
            // terminal raw when the page is printed to one): shown as `\u{…}`.
            c if c != '\n' && c != '\t' && crate::terminal::is_escaped(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out
}

/// `s` cut to `max` characters, with an ellipsis when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The colour of a jurisdiction class, shared by the charts, the graph and the table.
fn class_colour(class: &str) -> &'static str {
    match class {
        "trusted" => "#2e7d32",
        "untrusted" => "#c62828",
        _ => "#8a8a8a",
    }
}

impl Reporter for Html {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let s = &report.summary;
        writeln!(out, "<!DOCTYPE html>")?;
        writeln!(out, "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
        writeln!(
            out,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        )?;
        writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
        let title = match s.roots.as_slice() {
            [] => "cargo-sovereign report".to_string(),
            roots => format!("cargo-sovereign report: {}", truncate(&roots.join(", "), 80)),
        };
        writeln!(out, "<title>{}</title>", escape_html(&title))?;
        writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>")?;
        header(report, out)?;
        cards(report, out)?;
        writeln!(out, "<section class=\"charts\">")?;
        charts::jurisdictions(report, out)?;
        charts::countries(report, out)?;
        writeln!(out, "</section>")?;
        tables::entities(report, out)?;
        models(report, out)?;
        // The dependency graph as the report states it, for the critical paths and for
        // finding each finding's package in the package table.
        let graph = ReportGraph::new(report);
        critical::graph(report, &graph, out)?;
        findings(report, out)?;
        tables::packages(report, &graph, out)?;
        if !s.warnings.is_empty() {
            writeln!(out, "<section>\n<h2>Warnings while reading</h2>\n<ul>")?;
            for w in &s.warnings {
                writeln!(out, "<li>{}</li>", escape_html(w))?;
            }
            writeln!(out, "</ul>\n</section>")?;
        }
        writeln!(
            out,
            "<footer>Written by {} {}. Self-contained: this page loads nothing from the network.</footer>",
            escape_html(&report.tool.name),
            escape_html(&report.tool.version)
        )?;
        writeln!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>")
    }
}

/// The models and data sets, when there are any.
fn models(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rows = super::models::rows(report);
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "<section id=\"models\">\n<h2>Models and datasets</h2>\n<table>")?;
    writeln!(
        out,
        "<tr><th>Kind</th><th>Name</th><th>Publisher</th><th>Controlled from</th><th>Licence</th></tr>"
    )?;
    for r in rows {
        writeln!(
            out,
            "<tr><td>{}</td><td title=\"{}\">{}</td><td>{}</td><td style=\"color:{}\">{}</td><td>{}</td></tr>",
            r.kind,
            escape_html(r.id),
            escape_html(&r.label),
            escape_html(r.publisher.unwrap_or("unknown")),
            class_colour(r.jurisdiction),
            escape_html(r.country.unwrap_or("unknown")),
            escape_html(r.category.unwrap_or("unknown"))
        )?;
    }
    writeln!(out, "</table>\n</section>")
}

fn header(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let class = match s.grade.as_str() {
        "A" | "B" => "good",
        "C" => "fair",
        _ => "poor",
    };
    writeln!(out, "<header>")?;
    writeln!(
        out,
        "<div class=\"score {class}\" title=\"sovereignty score, 0–100, grade {}\"><b>{}</b><span>/ 100 · {}</span></div>",
        escape_html(&s.grade),
        s.score,
        escape_html(&s.grade)
    )?;
    writeln!(out, "<div>\n<h1>Dependency sovereignty report</h1>\n<dl class=\"inputs\">")?;
    for input in &report.inputs {
        writeln!(
            out,
            "<dt>input</dt><dd><code>{}</code> {}</dd>",
            escape_html(input.path_label()),
            escape_html(&input.format_label())
        )?;
    }
    let roots: Vec<String> = s.roots.iter().map(|r| format!("<code>{}</code>", escape_html(r))).collect();
    writeln!(
        out,
        "<dt>roots</dt><dd>{}</dd>",
        if roots.is_empty() { "none".into() } else { roots.join(", ") }
    )?;
    writeln!(out, "</dl>\n</div>\n</header>")
}

fn cards(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let count = |sev: &str| s.findings.get(sev).copied().unwrap_or(0);
    let untrusted = s.jurisdictions.get("untrusted").copied().unwrap_or(0);
    let pct = |n: usize| if s.dependencies == 0 { 0.0 } else { 100.0 * n as f64 / s.dependencies as f64 };
    let vendors: usize = s.vendors.values().sum();
    let cards: [(String, String, String); 7] = [
        (
            "Dependencies".into(),
            s.dependencies.to_string(),
            format!("{}, {}", plural(s.packages, "package", "packages"), plural(s.edges, "edge", "edges")),
        ),
        (
            "Controlled from untrusted jurisdictions".into(),
            format!("{:.1}%", pct(untrusted)),
            plural(untrusted, "dependency", "dependencies"),
        ),
        (
            "Critical dependencies".into(),
            s.critical.to_string(),
            format!("{:.1}% controlled from untrusted jurisdictions", s.untrusted_critical_share * 100.0),
        ),
        (
            "Findings".into(),
            (count("error") + count("warning") + count("note")).to_string(),
            format!(
                "{}, {}, {}{}",
                plural(count("error"), "error", "errors"),
                plural(count("warning"), "warning", "warnings"),
                plural(count("note"), "note", "notes"),
                if s.suppressed_findings > 0 {
                    format!("; {} suppressed", s.suppressed_findings)
                } else {
                    String::new()
                }
            ),
        ),
        (
            "Vendor lock-in".into(),
            vendors.to_string(),
            format!("dependencies tied to {}", plural(s.vendors.len(), "vendor", "vendors")),
        ),
        (
            "Coverage".into(),
            format!("{:.0}%", s.coverage.attributed * 100.0),
            format!(
                "attributed; {:.0}% of licences classified; elephant factor {}",
                s.coverage.licensed * 100.0,
                s.elephant_factor.map_or("—".to_string(), |n| n.to_string())
            ),
        ),
        (
            "Concentration (HHI)".into(),
            format!("{:.0}", s.concentration.entity_hhi),
            format!("entities; countries {:.0} (0–10000)", s.concentration.country_hhi),
        ),
    ];
    writeln!(out, "<section class=\"cards\">")?;
    for (label, value, detail) in &cards {
        writeln!(
            out,
            "<div class=\"card\"><span>{}</span><b>{}</b><small>{}</small></div>",
            escape_html(label),
            escape_html(value),
            escape_html(detail)
        )?;
    }
    let mut licences: Vec<(&String, &usize)> = s.license_categories.iter().collect();
    licences.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let licences: Vec<String> =
        licences.iter().map(|(k, n)| format!("{} {n}", escape_html(k))).collect::<Vec<_>>();
    writeln!(
        out,
        "<div class=\"card wide\"><span>Licence categories</span><small>{}</small></div>",
        if licences.is_empty() { "none".into() } else { licences.join(" · ") }
    )?;
    writeln!(out, "</section>")
}

/// How many findings of one code the page of a graph above [`tables::LARGE_GRAPH`] packages
/// lists (the first, in the report's order); the count says how many there are.
const FINDINGS_PER_CODE: usize = 1_000;

/// Findings grouped by severity, then by code with the code's fix hint once; for a large
/// graph, the first [`FINDINGS_PER_CODE`] of each code.
fn findings(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let shown = if report.packages.len() > tables::LARGE_GRAPH { FINDINGS_PER_CODE } else { usize::MAX };
    writeln!(out, "<section id=\"findings\">\n<h2>Findings</h2>")?;
    if report.findings.is_empty() {
        writeln!(out, "<p>No findings.</p>")?;
    }
    for level in [Severity::Error, Severity::Warning, Severity::Note] {
        let severity = level.as_str();
        let of_severity: Vec<_> = report.findings.iter().filter(|f| f.severity == level).collect();
        if of_severity.is_empty() {
            continue;
        }
        writeln!(out, "<h3 class=\"sev {severity}\">{severity} ({})</h3>", of_severity.len())?;
        let mut codes: Vec<Code> = of_severity.iter().map(|f| f.code).collect();
        codes.sort_unstable_by_key(|c| c.as_str());
        codes.dedup();
        for known in codes {
            let code = known.as_str();
            let list: Vec<_> = of_severity.iter().filter(|f| f.code == known).collect();
            let open = if severity == "error" { " open" } else { "" };
            writeln!(
                out,
                "<details class=\"finding {severity}\"{open}>\n<summary><code>{}</code> {} <span class=\"n\">{}</span></summary>",
                escape_html(code),
                escape_html(known.title()),
                list.len()
            )?;
            writeln!(out, "<p class=\"why\">{}</p>", escape_html(known.explanation()))?;
            writeln!(out, "<p class=\"fix\"><b>Fix:</b> {}</p>", escape_html(known.fix_hint()))?;
            writeln!(out, "<ul>")?;
            for f in list.iter().take(shown) {
                writeln!(out, "<li>{}</li>", escape_html(&f.message))?;
            }
            if list.len() > shown {
                writeln!(
                    out,
                    "<li class=\"more\">and {} more: every finding is in the JSON report \
                     (<code>--format json=report.json</code>).</li>",
                    tables::thousands(list.len() - shown)
                )?;
            }
            writeln!(out, "</ul>\n</details>")?;
        }
    }
    writeln!(out, "</section>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
