//! The DOT report: the part of the dependency graph that leads to trouble, for Graphviz.
//!
//! A full graph of a few hundred crates is unreadable, so only the packages on some path from
//! a root to a flagged package (one with any finding) are kept, with every edge between them.
//! Nodes are filled by the controlling jurisdiction (trusted green, untrusted red, unknown
//! grey); flagged ones are drawn bold and list their finding codes in the tooltip; roots have a
//! double outline. Render with `dot -Tsvg report.dot > report.svg`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::paths::{flagged, ReportGraph};
use super::{Report, Reporter};
use crate::model::Jurisdiction;
use crate::text::plural;

/// Writes the flagged part of the graph in Graphviz DOT.
pub struct Dot;

/// Quotes `s` as a DOT string: backslashes and quotes escaped, line breaks turned into spaces.
pub fn quote_dot(s: &str) -> String {
    format!("\"{}\"", escape_dot(s))
}

/// The inside of a quoted DOT string.
fn escape_dot(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            // Control characters and bidi overrides are shown, not obeyed (`\u{…}`).
            c if crate::terminal::is_escaped(c) => out.push_str(&format!("\\\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Fill and outline colours of a jurisdiction class.
fn colours(j: Jurisdiction) -> (&'static str, &'static str) {
    match j {
        Jurisdiction::Trusted => ("#c8e6c9", "#2e7d32"),
        Jurisdiction::Untrusted => ("#ffcdd2", "#c62828"),
        Jurisdiction::Unknown => ("#e0e0e0", "#757575"),
    }
}

impl Reporter for Dot {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let graph = ReportGraph::new(report);
        let targets = flagged(report, &graph, &[]);
        let mut keep = graph.on_paths_to(&targets);
        // A flagged package no root reaches is still worth seeing, on its own.
        for &t in &targets {
            if let Some(k) = keep.get_mut(t) {
                *k = true;
            }
        }
        let mut codes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for f in &report.findings {
            if let Some(p) = &f.package {
                codes.entry(p.as_str()).or_default().push(f.code.as_str());
            }
        }
        for list in codes.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        let kept = keep.iter().filter(|k| **k).count();
        writeln!(
            out,
            "// {} {}: {kept} of {}, on the paths from the roots to {}",
            report.tool.name,
            report.tool.version,
            plural(report.packages.len(), "package", "packages"),
            plural(targets.len(), "flagged package", "flagged packages")
        )?;
        writeln!(out, "digraph \"cargo-sovereign\" {{")?;
        writeln!(out, "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11];")?;
        writeln!(out, "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];")?;
        writeln!(out, "  edge [color=\"#8a96a3\", arrowsize=0.6];")?;
        for (i, p) in report.packages.iter().enumerate() {
            if !keep.get(i).copied().unwrap_or(false) {
                continue;
            }
            let origin = p.origin.as_ref();
            let j = origin.map_or(Jurisdiction::Unknown, |o| o.jurisdiction);
            let (fill, line) = colours(j);
            let country = origin.and_then(|o| o.control_country.as_deref()).unwrap_or("?");
            let name = match &p.version {
                Some(v) => format!("{} {v}", p.name),
                None => p.name.clone(),
            };
            let mut attrs = vec![
                format!("label=\"{}\\n{}\"", escape_dot(&name), escape_dot(country)),
                format!("fillcolor=\"{fill}\""),
                format!("color=\"{line}\""),
            ];
            let mut tooltip = format!("{} · {}", p.id, j.as_str());
            if let Some(entity) = origin.and_then(|o| o.entity.as_deref()) {
                tooltip.push_str(&format!(" · {entity}"));
            }
            if let Some(list) = codes.get(p.id.as_str()) {
                attrs.push("style=\"rounded,filled,bold\"".into());
                attrs.push("penwidth=3".into());
                tooltip.push_str(&format!(" · findings: {}", list.join(", ")));
            }
            if p.root {
                attrs.push("peripheries=2".into());
            }
            attrs.push(format!("tooltip={}", quote_dot(&tooltip)));
            writeln!(out, "  {} [{}];", quote_dot(&p.id), attrs.join(", "))?;
        }
        for i in 0..report.packages.len() {
            if !keep.get(i).copied().unwrap_or(false) {
                continue;
            }
            for j in graph.dependencies(i) {
                if let (true, Some(a), Some(b)) =
                    (keep.get(j).copied().unwrap_or(false), report.packages.get(i), report.packages.get(j))
                {
                    writeln!(out, "  {} -> {};", quote_dot(&a.id), quote_dot(&b.id))?;
                }
            }
        }
        writeln!(out, "}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::paths::tests::{finding, report};

    #[test]
    fn quoting() {
        assert_eq!(quote_dot("a\"b\\c\nd"), "\"a\\\"b\\\\c d\"");
    }

    #[test]
    fn keeps_only_paths_to_flagged_packages() {
        let mut r = report(
            &["app", "mid", "bad", "fine", "leaf", "lonely"],
            &[("app", "mid"), ("mid", "bad"), ("app", "fine"), ("bad", "leaf")],
            &["app"],
        );
        r.findings = vec![finding("vendor-lock-in", "bad"), finding("git-source", "lonely")];
        let mut out = Vec::new();
        Dot.render(&r, &mut out).unwrap();
        let dot = String::from_utf8(out).unwrap();
        for kept in [
            "\"app\" [",
            "\"mid\" [",
            "\"bad\" [",
            "\"lonely\" [",
            "\"app\" -> \"mid\";",
            "\"mid\" -> \"bad\";",
        ] {
            assert!(dot.contains(kept), "missing {kept} in\n{dot}");
        }
        for gone in ["\"fine\"", "\"leaf\""] {
            assert!(!dot.contains(gone), "{gone} should be left out:\n{dot}");
        }
        assert!(dot.contains("label=\"bad 1.0.0\\n?\""), "{dot}");
        assert_eq!(dot.lines().filter(|l| l.contains("penwidth=3")).count(), 2);
        assert_eq!(dot.lines().filter(|l| l.contains("peripheries=2")).count(), 1);
    }
}
