//! `explain PKG[@VERSION]`: everything known about one package, in one place.
//!
//! Identity, licence and category, who controls it with every evidence row and its source,
//! hosting, vendor and alternatives, graph figures, the paths from a root to it (shortest
//! first, like `cargo tree -i`), and its findings. Nearly every line carries text from the
//! input, so every line is escaped for the terminal ([`crate::terminal::write_line`]).

use std::collections::VecDeque;
use std::io::{self, Write};

use crate::model::{Graph, PackageIndex};
use crate::report::Report;
use crate::terminal::safe_writeln;

/// At most this many paths are shown.
pub const MAX_PATHS: usize = 10;

/// Bounds the path search on graphs with very many paths.
const MAX_PARTIAL_PATHS: usize = 100_000;

/// The packages `spec` names: an id, `name@version`, or a name (every version).
pub fn find(graph: &Graph, spec: &str) -> Vec<PackageIndex> {
    if let Some(i) = graph.index_of(spec) {
        return vec![i];
    }
    let (name, version) = match spec.rsplit_once('@') {
        Some((n, v)) if !n.is_empty() => (n, Some(v)),
        _ => (spec, None),
    };
    graph
        .packages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name == name && version.is_none_or(|v| p.version.as_deref() == Some(v)))
        .map(|(i, _)| i)
        .collect()
}

/// Up to `limit` paths from a root to `target`, shortest first. Each path starts at a root.
pub fn paths_to(graph: &Graph, target: PackageIndex, limit: usize) -> Vec<Vec<PackageIndex>> {
    let mut preds: Vec<Vec<PackageIndex>> = vec![Vec::new(); graph.packages.len()];
    for e in &graph.edges {
        if let Some(list) = preds.get_mut(e.to) {
            list.push(e.from);
        }
    }
    let is_root = |i: PackageIndex| graph.roots.contains(&i);
    let mut found = Vec::new();
    let mut queue: VecDeque<Vec<PackageIndex>> = VecDeque::from([vec![target]]);
    let mut explored = 0;
    while let Some(path) = queue.pop_front() {
        let Some(&head) = path.last() else { continue };
        if is_root(head) {
            found.push(path.iter().rev().copied().collect());
            if found.len() >= limit {
                break;
            }
            continue;
        }
        for &p in &preds[head] {
            if !path.contains(&p) {
                explored += 1;
                let mut next = path.clone();
                next.push(p);
                queue.push_back(next);
            }
        }
        if explored > MAX_PARTIAL_PATHS {
            break;
        }
    }
    found
}

/// Writes the explanation of package `i` of `audit`, escaped for a terminal.
pub fn render(graph: &Graph, report: &Report, i: PackageIndex, out: &mut dyn Write) -> io::Result<()> {
    let (Some(p), Some(r)) = (graph.packages.get(i), report.packages.get(i)) else {
        return Ok(());
    };
    let version = p.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    safe_writeln!(out, "{}{version}", p.name)?;
    safe_writeln!(out, "  id:        {}", p.id)?;
    safe_writeln!(out, "  ecosystem: {}", p.ecosystem)?;
    let source = serde_json::to_string(&p.source).unwrap_or_default();
    safe_writeln!(out, "  source:    {source}")?;
    if let Some(repo) = &p.repository {
        safe_writeln!(out, "  repository: {repo}")?;
    }
    safe_writeln!(out)?;
    let declared = r.license.declared.as_deref().unwrap_or("(none declared)");
    let category = r.license.category.as_deref().unwrap_or("unknown");
    match &r.license.expression {
        Some(expr) if expr != declared => {
            safe_writeln!(out, "Licence: {declared} (read as {expr}) — {category}")?
        }
        _ => safe_writeln!(out, "Licence: {declared} — {category}")?,
    }
    safe_writeln!(out)?;
    match &r.origin {
        Some(o) => {
            let kind = serde_json::to_value(o.entity_kind).ok().and_then(|v| v.as_str().map(str::to_string));
            safe_writeln!(
                out,
                "Controlled by: {} ({})",
                o.entity.as_deref().unwrap_or("unknown"),
                kind.as_deref().unwrap_or("unknown")
            )?;
            let dash = |c: &Option<String>| c.clone().unwrap_or_else(|| "–".into());
            safe_writeln!(
                out,
                "  country {}, control country {}{}, jurisdiction {}, confidence {:.2}",
                dash(&o.country),
                dash(&o.control_country),
                o.parent.as_deref().map(|p| format!(" (via {p})")).unwrap_or_default(),
                o.jurisdiction.as_str(),
                o.confidence
            )?;
            if let Some(signal) = o.decided_by {
                let verified = if o.verified {
                    "verified"
                } else {
                    "unverified: too weak a signal for an error-level finding"
                };
                safe_writeln!(out, "  decided by {}, {verified}", signal.as_str())?;
            }
            if let Some(place) = &o.maintainers_location {
                safe_writeln!(
                    out,
                    "  maintainers' location {place} (where people are, not who controls it)"
                )?;
            }
            if let Some(note) = &o.note {
                safe_writeln!(out, "  note: {note}")?;
            }
            if o.evidence.is_empty() {
                safe_writeln!(out, "  no evidence")?;
            }
            for e in &o.evidence {
                safe_writeln!(
                    out,
                    "  - [{}] {} → {} ({:.2})",
                    e.signal.as_str(),
                    e.value,
                    e.claim,
                    e.confidence
                )?;
                if let Some(src) = &e.source {
                    safe_writeln!(out, "      source: {src}")?;
                }
            }
        }
        None => safe_writeln!(out, "Controlled by: not attributed")?,
    }
    if let Some(h) = &r.hosting {
        let part = |host: &Option<String>, op: &Option<String>, c: &Option<String>| {
            host.as_ref().map(|h| {
                format!(
                    "{h}{}",
                    match (op, c) {
                        (Some(o), Some(c)) => format!(" ({o}, {c})"),
                        (Some(o), None) => format!(" ({o})"),
                        _ => String::new(),
                    }
                )
            })
        };
        let forge = part(&h.forge, &h.forge_operator, &h.forge_country);
        let registry = part(&h.registry, &h.registry_operator, &h.registry_country);
        if forge.is_some() || registry.is_some() {
            safe_writeln!(
                out,
                "Hosting: code on {}, releases on {}",
                forge.unwrap_or_else(|| "–".into()),
                registry.unwrap_or_else(|| "–".into())
            )?;
        }
    }
    if let Some(v) = &r.vendor {
        safe_writeln!(
            out,
            "Vendor lock-in: {} ({}, {}{})",
            v.service,
            v.kind,
            v.name,
            v.country.as_deref().map(|c| format!(", {c}")).unwrap_or_default()
        )?;
        for a in &v.alternatives {
            let name = a.name.as_deref().map(|n| format!("{n}: ")).unwrap_or_default();
            safe_writeln!(out, "  alternative: {name}{}", a.note.as_deref().unwrap_or(""))?;
        }
    }
    safe_writeln!(out)?;
    if let Some(g) = &r.graph {
        let depth = g.depth.map_or("unreachable".to_string(), |d| d.to_string());
        safe_writeln!(
            out,
            "Graph: direct {}, depth {depth}, {} {}, {} dominated, {}",
            if g.direct { "yes" } else { "no" },
            g.dependents,
            if g.dependents == 1 { "dependent" } else { "dependents" },
            g.dominated,
            if g.critical { "critical" } else { "not critical" }
        )?;
    }
    let paths = paths_to(graph, i, MAX_PATHS);
    if !paths.is_empty() {
        safe_writeln!(out, "Paths from a root (shortest first, at most {MAX_PATHS}):")?;
        for path in &paths {
            let names: Vec<String> = path
                .iter()
                .filter_map(|&j| graph.packages.get(j))
                .map(|q| {
                    format!("{}{}", q.name, q.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default())
                })
                .collect();
            safe_writeln!(out, "  {}", names.join(" → "))?;
        }
    }
    let findings: Vec<_> =
        report.findings.iter().filter(|f| f.package.as_deref() == Some(p.id.as_str())).collect();
    safe_writeln!(out)?;
    if findings.is_empty() {
        safe_writeln!(out, "Findings: none")?;
    } else {
        safe_writeln!(out, "Findings:")?;
        for f in findings {
            safe_writeln!(out, "  {} [{}] {}", f.severity, f.code, f.message)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DepKind, GraphBuilder, Package};

    #[test]
    fn shortest_paths_first_and_bounded() {
        let mut b = GraphBuilder::new(false);
        let ids: Vec<usize> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|n| b.add_package(Package { id: n.to_string(), name: n.to_string(), ..Package::default() }))
            .collect();
        // a → b → e, a → c → d → e, a → e, plus a cycle d → c
        for (f, t) in [(0, 1), (1, 4), (0, 2), (2, 3), (3, 4), (0, 4), (3, 2)] {
            b.add_edge(ids[f], ids[t], DepKind::Normal);
        }
        b.add_root(ids[0]);
        let g = b.finish();
        let e = g.index_of("e").unwrap();
        let paths = paths_to(&g, e, 10);
        let names: Vec<String> = paths
            .iter()
            .map(|p| p.iter().map(|&i| g.packages[i].name.clone()).collect::<Vec<_>>().join(">"))
            .collect();
        assert_eq!(names, vec!["a>e", "a>b>e", "a>c>d>e"]);
        assert_eq!(paths_to(&g, e, 2).len(), 2);
        assert_eq!(find(&g, "e"), vec![e]);
        assert!(find(&g, "zz").is_empty());
    }
}
