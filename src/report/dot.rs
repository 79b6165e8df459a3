//! The dependency graph for Graphviz, restricted to what matters: the packages on some path
//! from a root to a package with a finding. Nodes are coloured by jurisdiction (trusted green,
//! untrusted red, unknown grey); flagged packages are drawn bold, roots as boxes.
//!
//! `dot -Tsvg report.dot > report.svg` draws it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{self, Write};

use super::{Report, Reporter};
use crate::model::Jurisdiction;

/// Writes the flagged part of the graph as Graphviz DOT.
pub struct Dot;

impl Reporter for Dot {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let index: BTreeMap<&str, usize> =
            report.packages.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
        let n = report.packages.len();
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, p) in report.packages.iter().enumerate() {
            for d in &p.dependencies {
                if let Some(&j) = index.get(d.as_str()) {
                    deps[i].push(j);
                    dependents[j].push(i);
                }
            }
        }
        let flagged: BTreeSet<usize> = report
            .findings
            .iter()
            .filter_map(|f| f.package.as_deref())
            .filter_map(|id| index.get(id).copied())
            .collect();
        let roots: Vec<usize> = (0..n).filter(|&i| report.packages[i].root).collect();
        // On a path from a root to a flagged package: reached from a root and reaching a flag.
        let from_roots = reach(&roots, &deps, n);
        let to_flags = reach(&flagged.iter().copied().collect::<Vec<_>>(), &dependents, n);
        let keep: Vec<usize> = (0..n).filter(|&i| from_roots[i] && to_flags[i]).collect();
        let kept: BTreeSet<usize> = keep.iter().copied().collect();

        writeln!(out, "digraph dependencies {{")?;
        writeln!(out, "  graph [rankdir=LR, fontname=\"Helvetica\", label=\"packages on a path from a root to a package with a finding\", labelloc=t];")?;
        writeln!(out, "  node [shape=ellipse, style=filled, fontname=\"Helvetica\", fontsize=10];")?;
        writeln!(out, "  edge [color=\"#757575\"];")?;
        for &i in &keep {
            let p = &report.packages[i];
            let origin = p.origin.as_ref();
            let (fill, line) = match origin.map_or(Jurisdiction::Unknown, |o| o.jurisdiction) {
                Jurisdiction::Trusted => ("#c8e6c9", "#2e7d32"),
                Jurisdiction::Untrusted => ("#ffcdd2", "#c62828"),
                Jurisdiction::Unknown => ("#eeeeee", "#9e9e9e"),
            };
            let country = origin.and_then(|o| o.control_country.as_deref()).unwrap_or("?");
            let mut label = p.name.clone();
            if let Some(v) = &p.version {
                label.push('\n');
                label.push_str(v);
            }
            label.push_str(&format!("\n{country}"));
            let shape = if p.root { ", shape=box" } else { "" };
            let bold = if flagged.contains(&i) { ", penwidth=3, fontname=\"Helvetica-Bold\"" } else { "" };
            writeln!(
                out,
                "  \"{}\" [label=\"{}\", fillcolor=\"{fill}\", color=\"{line}\"{shape}{bold}];",
                escape(&p.id),
                escape(&label)
            )?;
        }
        for &i in &keep {
            let mut targets: Vec<usize> = deps[i].iter().copied().filter(|j| kept.contains(j)).collect();
            targets.sort_unstable();
            targets.dedup();
            for j in targets {
                writeln!(
                    out,
                    "  \"{}\" -> \"{}\";",
                    escape(&report.packages[i].id),
                    escape(&report.packages[j].id)
                )?;
            }
        }
        writeln!(out, "}}")
    }
}

/// Which nodes `starts` reach through `adj` (breadth-first; cycles are fine).
fn reach(starts: &[usize], adj: &[Vec<usize>], n: usize) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for &s in starts {
        if !seen[s] {
            seen[s] = true;
            queue.push_back(s);
        }
    }
    while let Some(v) = queue.pop_front() {
        for &w in &adj[v] {
            if !seen[w] {
                seen[w] = true;
                queue.push_back(w);
            }
        }
    }
    seen
}

/// A DOT double-quoted string's content: backslashes and quotes escaped, newlines as `\n`.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_quotes_backslashes_and_newlines() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }

    #[test]
    fn reach_follows_cycles() {
        let adj = vec![vec![1], vec![2], vec![0], vec![]];
        assert_eq!(reach(&[0], &adj, 4), vec![true, true, true, false]);
    }
}
