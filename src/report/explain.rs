//! `explain PKG[@VERSION]`: everything known about one package, in one place.
//!
//! Identity, licence and category, who controls it with every evidence row and its source,
//! hosting, vendor and alternatives, graph figures, the paths from a root to it (shortest
//! first, like `cargo tree -i`), and its findings. Nearly every line carries text from the
//! input, so every line is escaped for the terminal ([`crate::terminal::write_line`]).

use std::collections::VecDeque;
use std::io::{self, Write};

use crate::model::{Graph, PackageIndex, Source};
use crate::report::Report;
use crate::terminal::safe_writeln;

/// At most this many paths are shown.
pub const MAX_PATHS: usize = 10;

/// Bounds the path search on graphs with very many paths.
const MAX_PARTIAL_PATHS: usize = 100_000;

/// Why `explain` has nothing to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotFound {
    /// No package of that name (or id).
    #[error("no package `{0}` in the dependency graph")]
    Package(String),
    /// The name is there, not at that version.
    #[error("no version {version} of `{name}` in the dependency graph; it has {}", .versions.join(", "))]
    Version {
        /// The package's name.
        name: String,
        /// The version asked for.
        version: String,
        /// The versions the graph has, sorted.
        versions: Vec<String>,
    },
}

/// The packages `spec` names: a name (every version), `name@version`, or an id.
pub fn find(graph: &Graph, spec: &str) -> Result<Vec<PackageIndex>, NotFound> {
    let (name, version) = match spec.rsplit_once('@') {
        Some((n, v)) if !n.is_empty() => (n, Some(v)),
        _ => (spec, None),
    };
    let named: Vec<PackageIndex> =
        (0..graph.packages.len()).filter(|&i| graph.packages[i].name == name).collect();
    let found: Vec<PackageIndex> = (named.iter().copied())
        .filter(|&i| version.is_none_or(|v| graph.packages[i].version.as_deref() == Some(v)))
        .collect();
    if !found.is_empty() {
        return Ok(found);
    }
    // An id is asked for last: an SBOM's reference can be a bare name, which must not hide
    // the package's other versions.
    if let Some(i) = graph.index_of(spec) {
        return Ok(vec![i]);
    }
    match version {
        Some(version) if !named.is_empty() => Err(NotFound::Version {
            name: name.to_string(),
            version: version.to_string(),
            versions: labels(graph, &named),
        }),
        _ => Err(NotFound::Package(spec.to_string())),
    }
}

/// Explains every package of `found`; with several, first a line naming them all, so that
/// none is a surprise.
pub fn render_all(
    graph: &Graph,
    report: &Report,
    found: &[PackageIndex],
    out: &mut dyn Write,
) -> io::Result<()> {
    if let [first, _, ..] = found {
        let name = graph.packages.get(*first).map_or("", |p| p.name.as_str());
        let (n, labels) = (found.len(), labels(graph, found).join(", "));
        safe_writeln!(out, "{name}: {n} versions in the dependency graph, each explained below: {labels}")?;
        safe_writeln!(out, "(`explain {name}@VERSION` explains one)")?;
        safe_writeln!(out)?;
    }
    for (n, &i) in found.iter().enumerate() {
        if n > 0 {
            safe_writeln!(out)?;
        }
        render(graph, report, i, out)?;
    }
    Ok(())
}

/// The packages' versions, sorted; a package without a version, or sharing it with another
/// (a fork from git beside the release), by its id.
fn labels(graph: &Graph, packages: &[PackageIndex]) -> Vec<String> {
    let versions: Vec<Option<&str>> =
        packages.iter().map(|&i| graph.packages.get(i).and_then(|p| p.version.as_deref())).collect();
    let mut labels: Vec<String> = (packages.iter().zip(&versions))
        .map(|(&i, v)| match v {
            Some(v) if versions.iter().filter(|w| **w == Some(*v)).count() == 1 => v.to_string(),
            _ => graph.packages.get(i).map_or_else(String::new, |p| p.id.clone()),
        })
        .collect();
    labels.sort();
    labels
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

/// The source as JSON with every field, absent ones as `null` (as `explain` has always shown
/// it; the JSON report leaves them out).
fn source_line(source: &Source) -> String {
    let json = |v: Option<&str>| serde_json::to_string(&v).unwrap_or_default();
    match source {
        Source::Registry { url, default } => {
            format!(r#"{{"kind":"registry","url":{},"default":{default}}}"#, json(url.as_deref()))
        }
        Source::Git { url, rev } => {
            format!(r#"{{"kind":"git","url":{},"rev":{}}}"#, json(Some(url)), json(rev.as_deref()))
        }
        other => serde_json::to_string(other).unwrap_or_default(),
    }
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
    if !p.kind.is_library() {
        safe_writeln!(out, "  kind:      {}", p.kind.as_str())?;
    }
    safe_writeln!(out, "  source:    {}", source_line(&p.source))?;
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

    fn package(id: &str, name: &str, version: Option<&str>) -> Package {
        Package { id: id.into(), name: name.into(), version: version.map(String::from), ..Package::default() }
    }

    #[test]
    fn a_name_finds_every_version_and_name_at_version_one() {
        let mut b = GraphBuilder::new(false);
        // An SBOM whose reference for one version is the bare name.
        let old = b.add_package(package("syn", "syn", Some("1.0.109")));
        let new = b.add_package(package("pkg:cargo/syn@2.0.1", "syn", Some("2.0.1")));
        let g = b.finish();
        let (old, new) = (g.index_of("syn").unwrap_or(old), g.index_of("pkg:cargo/syn@2.0.1").unwrap_or(new));
        let mut both = find(&g, "syn").unwrap();
        both.sort();
        let mut expected = vec![old, new];
        expected.sort();
        assert_eq!(both, expected);
        assert_eq!(find(&g, "syn@2.0.1"), Ok(vec![new]));
        assert_eq!(find(&g, "pkg:cargo/syn@2.0.1"), Ok(vec![new]));
        let missing = find(&g, "syn@3").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "no version 3 of `syn` in the dependency graph; it has 1.0.109, 2.0.1"
        );
    }

    #[test]
    fn versions_are_labelled_by_id_when_shared_or_missing() {
        let mut b = GraphBuilder::new(false);
        b.add_package(package("a1", "a", Some("1.0.0")));
        b.add_package(package("a2", "a", Some("2.0.0")));
        b.add_package(package("a3", "a", Some("2.0.0")));
        b.add_package(package("a4", "a", None));
        let g = b.finish();
        assert_eq!(labels(&g, &find(&g, "a").unwrap()), vec!["1.0.0", "a2", "a3", "a4"]);
    }

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
        assert_eq!(find(&g, "e"), Ok(vec![e]));
        assert_eq!(find(&g, "zz"), Err(NotFound::Package("zz".into())));
    }
}
