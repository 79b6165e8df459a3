//! The critical-path graph: how the roots reach each non-European single point of dependency.
//!
//! For every package with a `non-european-single-point` finding we draw one shortest path from
//! a root to it, merged into a tree, laid out in columns by depth (roots on the left). One path
//! per package keeps the picture readable; `cargo sovereign explain PKG` lists the others. The
//! graph is capped at [`MAX_NODES`] nodes and says how many packages were left out.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use super::{class_colour, escape_html, truncate};
use crate::model::Jurisdiction;
use crate::policy::code::Code;
use crate::report::paths::{flagged, ReportGraph};
use crate::report::Report;
use crate::text::{plural, plural_is};

/// The most nodes drawn.
pub const MAX_NODES: usize = 40;

const NODE_W: u32 = 224;
const NODE_H: u32 = 38;
const COL_GAP: u32 = 56;
const ROW_GAP: u32 = 12;
const PAD: u32 = 8;

/// The packages and edges to draw, by report index, with each node's column.
pub(crate) struct Layout {
    /// Node → (column, row).
    pub positions: BTreeMap<usize, (u32, u32)>,
    /// Parent → child edges.
    pub edges: BTreeSet<(usize, usize)>,
    /// Flagged packages drawn.
    pub targets: BTreeSet<usize>,
    /// Flagged packages left out because of the cap.
    pub left_out: usize,
    /// Flagged packages no root reaches.
    pub unreachable: usize,
}

/// Chooses the nodes and places them.
pub(crate) fn layout(report: &Report, graph: &ReportGraph) -> Layout {
    let tree = graph.shortest_tree();
    let mut nodes: BTreeSet<usize> = BTreeSet::new();
    let mut edges = BTreeSet::new();
    let mut targets = BTreeSet::new();
    let (mut left_out, mut unreachable) = (0, 0);
    // Shallow packages first: they are the ones a reader can act on directly.
    let mut wanted = flagged(report, graph, &[Code::NonEuropeanSinglePoint]);
    wanted.sort_by_key(|&i| (tree.depth(i).unwrap_or(u32::MAX), i));
    for t in wanted {
        if tree.depth(t).is_none() {
            unreachable += 1;
            continue;
        }
        // The nodes drawn so far hold the whole path to each of them, so what this target adds
        // is its path up to the first node drawn: walked up from the target, and no further
        // than the cap.
        // A walk longer than the room left is left out: it stops there.
        let room = MAX_NODES - nodes.len();
        let mut new = Vec::new();
        let mut at = Some(t);
        while let Some(i) = at.filter(|i| !nodes.contains(i) && new.len() <= room) {
            new.push(i);
            at = tree.parent(i);
        }
        if nodes.len() + new.len() > MAX_NODES {
            left_out += 1;
            continue;
        }
        edges.extend(new.iter().filter_map(|&i| Some((tree.parent(i)?, i))));
        nodes.extend(new);
        targets.insert(t);
    }
    // Rows: roots by id; every later column ordered by its parent's row, then id, so the
    // tree's branches do not cross.
    let mut positions: BTreeMap<usize, (u32, u32)> = BTreeMap::new();
    let mut by_depth: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for &n in &nodes {
        by_depth.entry(tree.depth(n).unwrap_or(0)).or_default().push(n);
    }
    for (column, (_, mut members)) in by_depth.into_iter().enumerate() {
        let parent_row = |n: usize| tree.parent(n).and_then(|p| positions.get(&p)).map_or(0, |&(_, r)| r);
        members.sort_by_key(|&n| (parent_row(n), n));
        for (row, n) in members.into_iter().enumerate() {
            positions.insert(n, (column as u32, row as u32));
        }
    }
    Layout { positions, edges, targets, left_out, unreachable }
}

/// Writes the section with the graph.
pub(super) fn graph(report: &Report, graph: &ReportGraph, out: &mut dyn Write) -> io::Result<()> {
    let l = layout(report, graph);
    writeln!(
        out,
        "<section id=\"critical\">\n<h2>Critical paths to non-European single points of dependency</h2>"
    )?;
    if l.targets.is_empty() && l.left_out == 0 && l.unreachable == 0 {
        writeln!(out, "<p>No critical dependency is controlled from outside the trusted jurisdictions.</p>")?;
        return writeln!(out, "</section>");
    }
    let mut note = format!(
        "One shortest path from a root to each of {} (bold outline); colour is the \
         controlling jurisdiction: trusted, untrusted, unknown.",
        plural(l.targets.len(), "flagged package", "flagged packages")
    );
    if l.left_out > 0 {
        let were = if l.left_out == 1 { "was" } else { "were" };
        note.push_str(&format!(
            " {} {were} left out to keep the graph under {MAX_NODES} nodes; \
             see the findings below.",
            plural(l.left_out, "more flagged package", "more flagged packages")
        ));
    }
    if l.unreachable > 0 {
        let packages = plural_is(l.unreachable, "flagged package", "flagged packages");
        note.push_str(&format!(" {packages} not reachable from a root."));
    }
    writeln!(out, "<p class=\"muted\">{}</p>", escape_html(&note))?;
    let columns = l.positions.values().map(|&(c, _)| c + 1).max().unwrap_or(1);
    let rows = l.positions.values().map(|&(_, r)| r + 1).max().unwrap_or(1);
    let width = 2 * PAD + columns * NODE_W + (columns - 1) * COL_GAP;
    let height = 2 * PAD + rows * NODE_H + (rows - 1) * ROW_GAP;
    let xy = |(c, r): (u32, u32)| (PAD + c * (NODE_W + COL_GAP), PAD + r * (NODE_H + ROW_GAP));
    writeln!(
        out,
        "<div class=\"scroll\"><svg class=\"paths\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" \
         height=\"{height}\" role=\"img\" aria-label=\"critical paths\">"
    )?;
    for (a, b) in &l.edges {
        let (Some(&pa), Some(&pb)) = (l.positions.get(a), l.positions.get(b)) else { continue };
        let ((ax, ay), (bx, by)) = (xy(pa), xy(pb));
        let (x1, y1, x2, y2) = (ax + NODE_W, ay + NODE_H / 2, bx, by + NODE_H / 2);
        let mid = (x1 + x2) / 2;
        writeln!(out, "<path class=\"edge\" d=\"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}\"/>")?;
    }
    for (&i, &pos) in &l.positions {
        let Some(p) = report.packages.get(i) else { continue };
        let (x, y) = xy(pos);
        let origin = p.origin.as_ref();
        let class = origin.map_or(Jurisdiction::Unknown, |o| o.jurisdiction).as_str();
        let country = origin.and_then(|o| o.control_country.as_deref()).unwrap_or("?");
        let entity = origin.and_then(|o| o.entity.as_deref()).unwrap_or("unattributed");
        let name = match &p.version {
            Some(v) => format!("{} {v}", p.name),
            None => p.name.clone(),
        };
        let flagged = if l.targets.contains(&i) { " flagged" } else { "" };
        let root = if p.root { " (root)" } else { "" };
        writeln!(
            out,
            "<g class=\"node{flagged}\"><title>{}{root}: {} ({country})</title>\
             <rect x=\"{x}\" y=\"{y}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"5\" stroke=\"{}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>\
             <text class=\"sub\" x=\"{}\" y=\"{}\">{} · {}</text></g>",
            escape_html(&p.id),
            escape_html(entity),
            class_colour(class),
            x + 8,
            y + 16,
            escape_html(&truncate(&name, 28)),
            x + 8,
            y + 31,
            escape_html(country),
            escape_html(&truncate(entity, 28)),
        )?;
    }
    writeln!(out, "</svg></div>\n</section>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::paths::tests::{finding, report};

    #[test]
    fn tree_of_shortest_paths_by_depth() {
        let mut r = report(
            &["a", "b", "c", "d", "e"],
            &[("a", "b"), ("b", "c"), ("a", "d"), ("d", "c"), ("d", "e")],
            &["a"],
        );
        r.findings =
            vec![finding("non-european-single-point", "c"), finding("non-european-single-point", "e")];
        let l = layout(&r, &ReportGraph::new(&r));
        let at = |id: &str| l.positions[&r.packages.iter().position(|p| p.id == id).unwrap()];
        assert_eq!(at("a"), (0, 0));
        assert_eq!(at("b").0, 1);
        assert_eq!(at("c"), (2, 0), "c is reached through b, the first shortest path");
        assert_eq!(at("e"), (2, 1));
        assert_eq!(l.edges.len(), 4);
        assert_eq!((l.targets.len(), l.left_out, l.unreachable), (2, 0, 0));
    }

    #[test]
    fn capped_at_max_nodes() {
        let names: Vec<String> = (0..60).map(|i| format!("p{i:02}")).collect();
        let mut all: Vec<&str> = vec!["root"];
        all.extend(names.iter().map(String::as_str));
        let edges: Vec<(&str, &str)> = names.iter().map(|n| ("root", n.as_str())).collect();
        let mut r = report(&all, &edges, &["root"]);
        r.findings = names.iter().map(|n| finding("non-european-single-point", n)).collect();
        let l = layout(&r, &ReportGraph::new(&r));
        assert_eq!(l.positions.len(), MAX_NODES);
        assert_eq!(l.targets.len(), MAX_NODES - 1);
        assert_eq!(l.left_out, 60 - (MAX_NODES - 1));
    }

    #[test]
    fn a_target_on_a_drawn_path_adds_no_node_and_a_path_over_the_cap_is_left_out() {
        // root → c00 → c01 → … → c49: a chain longer than the cap.
        let names: Vec<String> = (0..50).map(|i| format!("c{i:02}")).collect();
        let mut all: Vec<&str> = vec!["root"];
        all.extend(names.iter().map(String::as_str));
        let mut edges: Vec<(&str, &str)> = vec![("root", "c00")];
        edges.extend(names.windows(2).map(|w| (w[0].as_str(), w[1].as_str())));
        let mut r = report(&all, &edges, &["root"]);
        r.findings = ["c02", "c01", "c49"].iter().map(|n| finding("non-european-single-point", n)).collect();
        let l = layout(&r, &ReportGraph::new(&r));
        let drawn: Vec<&str> = l.positions.keys().map(|&i| r.packages[i].id.as_str()).collect();
        assert_eq!(drawn, ["c00", "c01", "c02", "root"]);
        assert_eq!(l.edges.len(), 3);
        assert_eq!((l.targets.len(), l.left_out, l.unreachable), (2, 1, 0));
    }
}
