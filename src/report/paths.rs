//! The dependency graph as the report states it, for formats that draw paths (HTML, DOT).
//!
//! A report is the contract other tools read, so the drawing formats work from it alone
//! (`packages[].dependencies`) rather than from the pipeline's in-memory graph: a report read
//! back from JSON draws the same picture as the run that wrote it. Everything here is indexed
//! like `report.packages` (sorted by id), and every traversal visits neighbours in id order,
//! so the output is deterministic.

use super::document::{PackageReport, Report};
use crate::analysis::adjacency::{to_u32, Csr, Node, NONE};
use crate::hash::HashMap;
use crate::policy::code::Code;

/// From how many packages [`ReportGraph::new`] resolves the dependencies on two threads.
const PARALLEL_FROM: usize = 4096;

/// The report's packages with their dependency edges resolved to indices.
pub struct ReportGraph<'a> {
    /// The report's packages.
    pub packages: &'a [PackageReport],
    /// Direct dependencies of each package, by index, in id order: one list of every package's
    /// (a list per package is a million allocations on a large graph, scattered in memory).
    deps: Csr,
    /// The roots, by index, in id order.
    pub roots: Vec<usize>,
    /// Each package's index, by id.
    by_id: HashMap<&'a str, usize>,
}

/// Shortest distances from the roots, and one predecessor on a shortest path.
pub struct ShortestTree {
    /// Distance from the nearest root; [`NONE`] when unreachable.
    depth: Vec<Node>,
    /// The package before this one on a shortest path from a root; [`NONE`] for roots and
    /// unreachable packages.
    parent: Vec<Node>,
}

impl ShortestTree {
    /// Package `i`'s distance from the nearest root; `None` when unreachable.
    pub fn depth(&self, i: usize) -> Option<u32> {
        self.depth.get(i).copied().filter(|&d| d != NONE)
    }

    /// The package before `i` on a shortest path from a root; `None` for roots and
    /// unreachable packages.
    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent.get(i).copied().filter(|&p| p != NONE).map(|p| p as usize)
    }
}

impl<'a> ReportGraph<'a> {
    /// Resolves the report's dependency ids; ids that name no package are skipped.
    pub fn new(report: &'a Report) -> ReportGraph<'a> {
        let packages = &report.packages;
        // One hash lookup per edge: bisecting the packages costs a cache miss per step on a
        // large graph. An id listed twice (only a report from elsewhere can) is the last one's.
        let mut by_id: HashMap<&str, usize> = HashMap::default();
        by_id.reserve(packages.len());
        for (i, p) in packages.iter().enumerate() {
            by_id.insert(p.id.as_str(), i);
        }
        // The lists of `part`, one after another, and where each ends.
        let resolve = |part: &[PackageReport]| {
            let mut ends = Vec::with_capacity(part.len());
            let mut targets: Vec<Node> = Vec::new();
            for p in part {
                let start = targets.len();
                targets.extend(p.dependencies.iter().filter_map(|id| Some(to_u32(*by_id.get(id.as_str())?))));
                // The report lists each package's dependencies sorted by id, each once, so they
                // resolve in id order; a list from elsewhere may not be (checked on the list's
                // own ids, which lie side by side, not on the packages').
                if !p.dependencies.windows(2).all(|w| w[0] < w[1]) {
                    let mut list = targets.split_off(start);
                    list.sort_by(|&a, &b| packages[a as usize].id.cmp(&packages[b as usize].id));
                    list.dedup();
                    targets.append(&mut list);
                }
                ends.push(targets.len());
            }
            (ends, targets)
        };
        // A large graph's lookups (a million packages: three million ids, each a trip to
        // memory) on two threads, each resolving half the packages.
        let ((ends, mut targets), later) = if packages.len() < PARALLEL_FROM {
            (resolve(packages), None)
        } else {
            let (first, second) = packages.split_at(packages.len() / 2);
            std::thread::scope(|s| {
                let later = s.spawn(|| resolve(second));
                (resolve(first), Some(later.join().unwrap_or_else(|p| std::panic::resume_unwind(p))))
            })
        };
        let mut offsets: Vec<u32> = Vec::with_capacity(packages.len() + 1);
        offsets.push(0);
        offsets.extend(ends.iter().map(|&e| to_u32(e)));
        if let Some((ends, mut more)) = later {
            let base = targets.len();
            offsets.extend(ends.iter().map(|&e| to_u32(base + e)));
            targets.append(&mut more);
        }
        let roots = packages.iter().enumerate().filter(|(_, p)| p.root).map(|(i, _)| i).collect();
        ReportGraph { packages, deps: Csr::from_parts(offsets, targets), roots, by_id }
    }

    /// The direct dependencies of package `i`, by index, in id order.
    pub fn dependencies(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.deps.neighbours(i).iter().map(|&j| j as usize)
    }

    /// The index of the package with this id (the last, if a report from elsewhere lists one
    /// twice: the one its dependencies resolve to).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Whether every package has an id of its own (a report from elsewhere may list one twice).
    pub fn ids_are_unique(&self) -> bool {
        self.by_id.len() == self.packages.len()
    }

    /// Breadth-first search from every root at once.
    pub fn shortest_tree(&self) -> ShortestTree {
        let n = self.packages.len();
        let mut depth = vec![NONE; n];
        let mut parent = vec![NONE; n];
        // The queue: every package reached, in the order reached; `next` is its head.
        let mut queue: Vec<usize> = Vec::with_capacity(n);
        for &r in &self.roots {
            depth[r] = 0;
            queue.push(r);
        }
        let mut next = 0;
        while let Some(&i) = queue.get(next) {
            next += 1;
            for j in self.dependencies(i) {
                if depth[j] == NONE {
                    depth[j] = depth[i] + 1;
                    parent[j] = to_u32(i);
                    queue.push(j);
                }
            }
        }
        ShortestTree { depth, parent }
    }

    /// Which packages lie on some path from a root to one of `targets` (both ends included):
    /// reachable from a root, and reaching a target. Cycles are fine.
    pub fn on_paths_to(&self, targets: &[usize]) -> Vec<bool> {
        let n = self.packages.len();
        let mut forward = vec![false; n];
        let mut stack: Vec<usize> = self.roots.clone();
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut forward[i], true) {
                stack.extend(self.dependencies(i).filter(|&j| !forward[j]));
            }
        }
        let preds = self.deps.transpose();
        let mut backward = vec![false; n];
        let mut stack: Vec<usize> = targets.iter().copied().filter(|&t| t < n).collect();
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut backward[i], true) {
                stack.extend(preds.neighbours(i).iter().map(|&j| j as usize).filter(|&j| !backward[j]));
            }
        }
        forward.iter().zip(&backward).map(|(f, b)| *f && *b).collect()
    }
}

/// Paths are drawn from the tree by the formats themselves; this walk is the tests' check.
#[cfg(test)]
impl ShortestTree {
    /// A shortest path from a root to `target`, root first; `None` when unreachable.
    pub fn path_to(&self, target: usize) -> Option<Vec<usize>> {
        self.depth(target)?;
        let mut path = vec![target];
        let mut at = target;
        // Parents are one step nearer a root, so the walk ends at one; the bound only guards
        // against a tree built some other way.
        while let Some(p) = self.parent(at) {
            if path.len() > self.parent.len() {
                break;
            }
            path.push(p);
            at = p;
        }
        path.reverse();
        Some(path)
    }
}

/// Indices (into `report.packages`) of the packages with a finding whose code is in `codes`,
/// or with any finding when `codes` is empty; sorted, each once.
pub fn flagged(report: &Report, graph: &ReportGraph, codes: &[Code]) -> Vec<usize> {
    let mut out: Vec<usize> = report
        .findings
        .iter()
        .filter(|f| codes.is_empty() || codes.contains(&f.code))
        .filter_map(|f| f.package.as_deref())
        .filter_map(|id| graph.index_of(id))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{DepKind, GraphBuilder, Package};
    use crate::policy::finding::Finding;

    /// A report over `edges` between packages named by letters; `roots` are roots.
    pub(crate) fn report(names: &[&str], edges: &[(&str, &str)], roots: &[&str]) -> Report {
        let mut b = GraphBuilder::new(false);
        for n in names {
            b.add_package(Package {
                id: n.to_string(),
                name: n.to_string(),
                version: Some("1.0.0".into()),
                ..Package::default()
            });
        }
        for (f, t) in edges {
            let (f, t) = (b.index_of(f).unwrap(), b.index_of(t).unwrap());
            b.add_edge(f, t, DepKind::Normal);
        }
        for r in roots {
            let r = b.index_of(r).unwrap();
            b.add_root(r);
        }
        Report::from_graph(&b.finish())
    }

    #[test]
    fn a_large_graph_resolved_on_two_threads_has_every_edge_in_place() {
        // From 4,096 packages the ids are resolved on two threads, half the packages each.
        let n = 5_000;
        let names: Vec<String> = (0..n).map(|i| format!("p{i:05}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let edges: Vec<(&str, &str)> = (0..n)
            .flat_map(|i| [(refs[i], refs[(i + 1) % n]), (refs[i], refs[(i * 7 + 3) % n])])
            .filter(|(a, b)| a != b)
            .collect();
        let r = report(&refs, &edges, &[refs[0]]);
        let g = ReportGraph::new(&r);
        assert_eq!(g.deps.len(), n);
        assert_eq!(g.dependencies(n).count(), 0, "no package past the last");
        for i in 0..n {
            let mut expected: Vec<usize> =
                [(i + 1) % n, (i * 7 + 3) % n].into_iter().filter(|&j| j != i).collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(g.dependencies(i).collect::<Vec<_>>(), expected, "package {i}");
        }
    }

    pub(crate) fn finding(code: &str, package: &str) -> Finding {
        Finding {
            code: crate::policy::code::Code::from_name(code).expect("a finding code"),
            severity: crate::policy::code::Severity::Error,
            package: Some(package.into()),
            message: format!("{package} is flagged"),
        }
    }

    #[test]
    fn shortest_paths_and_path_restriction() {
        // a → b → d, a → c → d → e, x → y (unrelated), d → b (cycle)
        let r = report(
            &["a", "b", "c", "d", "e", "x", "y"],
            &[("a", "b"), ("b", "d"), ("a", "c"), ("c", "d"), ("d", "e"), ("x", "y"), ("d", "b")],
            &["a", "x"],
        );
        let g = ReportGraph::new(&r);
        let t = g.shortest_tree();
        let name = |i: usize| r.packages[i].name.as_str();
        let e = g.index_of("e").unwrap();
        let path: Vec<&str> = t.path_to(e).unwrap().into_iter().map(name).collect();
        assert_eq!(path, ["a", "b", "d", "e"], "first shortest path in id order");
        assert_eq!(t.depth(e), Some(3));
        let on = g.on_paths_to(&[g.index_of("d").unwrap()]);
        let kept: Vec<&str> = (0..on.len()).filter(|&i| on[i]).map(name).collect();
        assert_eq!(kept, ["a", "b", "c", "d"]);
    }

    #[test]
    fn a_report_not_sorted_by_id_resolves_the_same_edges_in_id_order() {
        let sorted = report(&["a", "b", "c", "d"], &[("a", "d"), ("a", "b"), ("a", "c"), ("c", "b")], &["a"]);
        let mut shuffled = sorted.clone();
        shuffled.packages.reverse();
        let ids = |r: &Report| -> Vec<Vec<String>> {
            let g = ReportGraph::new(r);
            let mut lists: Vec<Vec<String>> = (0..r.packages.len())
                .map(|i| {
                    let mut l = vec![r.packages[i].id.clone()];
                    l.extend(g.dependencies(i).map(|j| r.packages[j].id.clone()));
                    l
                })
                .collect();
            lists.sort();
            lists
        };
        assert_eq!(ids(&shuffled), ids(&sorted));
        assert_eq!(ids(&sorted)[0], ["a", "b", "c", "d"], "each list in id order");
    }

    #[test]
    fn dependency_lists_out_of_id_order_are_put_in_it() {
        let sorted = report(&["a", "b", "c", "d"], &[("a", "d"), ("a", "b"), ("a", "c"), ("c", "b")], &["a"]);
        let mut reversed = sorted.clone();
        for p in &mut reversed.packages {
            p.dependencies.reverse();
        }
        // And a list with an id twice.
        reversed.packages[0].dependencies.push("b".into());
        assert_eq!(ReportGraph::new(&reversed).deps, ReportGraph::new(&sorted).deps);
        assert_eq!(ReportGraph::new(&sorted).dependencies(0).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn flagged_by_code() {
        let mut r = report(&["a", "b", "c"], &[("a", "b"), ("a", "c")], &["a"]);
        r.findings = vec![
            finding("vendor-lock-in", "c"),
            finding("git-source", "b"),
            finding("unknown-license", "nope"),
        ];
        let g = ReportGraph::new(&r);
        assert_eq!(flagged(&r, &g, &[Code::VendorLockIn]), vec![2]);
        assert_eq!(flagged(&r, &g, &[]), vec![1, 2]);
    }
}
