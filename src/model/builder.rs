//! Assembling a [`Graph`] from one or more documents while keeping its invariants: unique
//! ids, edges that point at real packages, no duplicates, and a root for every package.
//!
//! It belongs to the model rather than to the readers because it is the only way a [`Graph`]
//! is made: every reader fills one, and so do the tests and benchmarks of the later stages,
//! which then need the vocabulary only, never an input format.

use std::collections::VecDeque;
use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;

use super::graph::{DepKind, Edge, Graph, InputInfo, PackageIndex};
use super::package::{Package, Source};

/// Collects packages, edges and roots from readers, then sorts everything into a [`Graph`].
///
/// Readers add packages and get back a builder index; a package whose id is already known is
/// merged into the existing one (missing fields are filled in), so several documents describing
/// the same package produce one node.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    packages: Vec<Package>,
    /// Package indices, hashed by their packages' ids with `hasher`.
    by_id: HashTable<PackageIndex>,
    hasher: crate::hash::RandomState,
    edges: Vec<Edge>,
    roots: Vec<PackageIndex>,
    inputs: Vec<InputInfo>,
    warnings: Vec<String>,
    include_dev: bool,
}

impl GraphBuilder {
    /// A builder that drops dev-dependency edges unless `include_dev` is set.
    pub fn new(include_dev: bool) -> Self {
        GraphBuilder { include_dev, ..GraphBuilder::default() }
    }

    /// Whether dev-dependency edges are kept.
    pub fn include_dev(&self) -> bool {
        self.include_dev
    }

    /// Adds a package, or merges it into the package with the same id. Returns its index.
    pub fn add_package(&mut self, package: Package) -> PackageIndex {
        let GraphBuilder { packages, by_id, hasher, .. } = self;
        let hash = hasher.hash_one(package.id.as_str());
        match by_id.entry(
            hash,
            |&i| packages[i].id == package.id,
            |&i| hasher.hash_one(packages[i].id.as_str()),
        ) {
            Entry::Occupied(known) => {
                let i = *known.get();
                merge_into(&mut packages[i], package);
                i
            }
            Entry::Vacant(slot) => {
                let i = packages.len();
                slot.insert(i);
                packages.push(package);
                i
            }
        }
    }

    /// Makes room for `additional` more packages, for a reader that can count them cheaply
    /// beforehand: a large graph's package list then grows once instead of doubling (a
    /// doubling briefly holds the old list and the new one).
    pub fn reserve(&mut self, additional: usize) {
        let GraphBuilder { packages, by_id, hasher, .. } = self;
        packages.reserve(additional);
        by_id.reserve(additional, |&i| hasher.hash_one(packages[i].id.as_str()));
    }

    /// The index of an already added package.
    pub fn index_of(&self, id: &str) -> Option<PackageIndex> {
        let hash = self.hasher.hash_one(id);
        self.by_id.find(hash, |&i| self.packages[i].id == id).copied()
    }

    /// The package at `index`.
    pub fn package(&self, index: PackageIndex) -> &Package {
        &self.packages[index]
    }

    /// Number of packages so far.
    pub fn len(&self) -> usize {
        self.packages.len()
    }

    /// True when no package was added.
    pub fn is_empty(&self) -> bool {
        self.packages.is_empty()
    }

    /// Records "`from` depends on `to`". Dev edges are dropped unless dev dependencies are
    /// included; self-loops are dropped.
    pub fn add_edge(&mut self, from: PackageIndex, to: PackageIndex, kind: DepKind) {
        if from == to || (kind == DepKind::Dev && !self.include_dev) {
            return;
        }
        self.edges.push(Edge { from, to, kind });
    }

    /// Marks a package as a root.
    pub fn add_root(&mut self, index: PackageIndex) {
        self.roots.push(index);
    }

    /// Records the document just read.
    pub fn add_input(&mut self, info: InputInfo) {
        self.inputs.push(info);
    }

    /// Records a problem that did not stop reading.
    pub fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(message.into());
    }

    /// Sorts packages by id, remaps and deduplicates edges and roots, and chooses roots when
    /// no document named any: the packages nothing depends on, then one package of every
    /// cycle that nothing outside it reaches.
    pub fn finish(self) -> Graph {
        let GraphBuilder { mut packages, by_id, edges, roots, inputs, mut warnings, .. } = self;
        drop(by_id);
        // Sorted by (id, place): the ids sit side by side, not behind each package (ids are
        // unique, the place only makes the order total).
        let mut order: Vec<(&str, PackageIndex)> =
            packages.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
        sort(&mut order);
        let mut new_index = vec![0; packages.len()];
        for (new, &(_, old)) in order.iter().enumerate() {
            new_index[old] = new;
        }
        drop(order);
        permute(&mut packages, &new_index);

        let mut edges: Vec<Edge> = edges
            .into_iter()
            .map(|e| Edge { from: new_index[e.from], to: new_index[e.to], kind: e.kind })
            .collect();
        sort(&mut edges);
        // Keep one edge per (from, to): the strongest kind (normal < build < dev in the enum order).
        edges.dedup_by(|later, earlier| later.from == earlier.from && later.to == earlier.to);

        let mut roots: Vec<PackageIndex> = roots.into_iter().map(|r| new_index[r]).collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.is_empty() {
            roots = implicit_roots(packages.len(), &edges);
        }
        warnings.sort();
        warnings.dedup();
        Graph { packages, edges, roots, inputs, warnings }
    }
}

/// Moves every `items[i]` to `items[to[i]]` (`to` is a permutation of the indices), in place:
/// a large graph's package list is tens of megabytes, and a sorted copy would double it.
/// Sorts `items`, whose equal elements are indistinguishable; a large list's halves sorted
/// on two threads and merged.
fn sort<T: Ord + Copy + Send>(items: &mut Vec<T>) {
    if items.len() < 4096 || std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        return items.sort_unstable();
    }
    let half = items.len() / 2;
    let (first, second) = items.split_at_mut(half);
    std::thread::scope(|s| {
        let later = s.spawn(|| second.sort_unstable());
        first.sort_unstable();
        later.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
    });
    let (first, second) = items.split_at(half);
    let mut merged = Vec::with_capacity(items.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (first.get(i), second.get(j)) {
        if y < x {
            merged.push(*y);
            j += 1;
        } else {
            merged.push(*x);
            i += 1;
        }
    }
    merged.extend_from_slice(&first[i..]);
    merged.extend_from_slice(&second[j..]);
    *items = merged;
}

fn permute<T>(items: &mut [T], to: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        // Follow the cycle through `start`: swapping the item at `start` to where it
        // belongs brings in the one that belongs at `start`'s next stop, and so on.
        let mut i = start;
        while !placed[i] {
            placed[i] = true;
            let target = to[i];
            if target == start {
                break;
            }
            items.swap(start, target);
            i = target;
        }
    }
}

/// Roots for a graph whose documents named none: packages with no incoming edge, then, while
/// some package is still unreachable, the smallest such package (it sits on a cycle).
fn implicit_roots(n: usize, edges: &[Edge]) -> Vec<PackageIndex> {
    let mut indegree = vec![0usize; n];
    let mut adj = vec![Vec::new(); n];
    for e in edges {
        indegree[e.to] += 1;
        adj[e.from].push(e.to);
    }
    let mut roots: Vec<PackageIndex> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut seen = vec![false; n];
    let mut queue: VecDeque<PackageIndex> = VecDeque::new();
    let visit = |start: PackageIndex, seen: &mut Vec<bool>, queue: &mut VecDeque<PackageIndex>| {
        if seen[start] {
            return;
        }
        seen[start] = true;
        queue.push_back(start);
        while let Some(v) = queue.pop_front() {
            for &w in &adj[v] {
                if !seen[w] {
                    seen[w] = true;
                    queue.push_back(w);
                }
            }
        }
    };
    for &r in &roots {
        visit(r, &mut seen, &mut queue);
    }
    for i in 0..n {
        if !seen[i] {
            roots.push(i);
            visit(i, &mut seen, &mut queue);
        }
    }
    roots.sort_unstable();
    roots
}

/// Fills the fields of `into` that are empty with those of `from`.
fn merge_into(into: &mut Package, from: Package) {
    fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
        if slot.is_none() {
            *slot = value;
        }
    }
    fill(&mut into.version, from.version);
    fill(&mut into.namespace, from.namespace);
    fill(&mut into.purl, from.purl);
    fill(&mut into.license, from.license);
    fill(&mut into.supplier, from.supplier);
    fill(&mut into.manufacturer, from.manufacturer);
    fill(&mut into.publisher, from.publisher);
    fill(&mut into.repository, from.repository);
    fill(&mut into.homepage, from.homepage);
    fill(&mut into.description, from.description);
    if into.source == Source::Unknown {
        into.source = from.source;
    }
    if into.authors.is_empty() {
        into.authors = from.authors;
    }
    if into.properties.is_empty() {
        into.properties = from.properties;
    }
    if into.ecosystem == "generic" && from.ecosystem != "generic" {
        into.ecosystem = from.ecosystem;
    }
    if into.kind.is_library() {
        into.kind = from.kind;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(id: &str) -> Package {
        Package { id: id.into(), name: id.into(), ecosystem: "generic".into(), ..Package::default() }
    }

    #[test]
    fn permute_moves_each_item_to_its_place() {
        // Two cycles (0 → 3 → 1 → 0, 2 → 4 → 2) and a fixed point (5).
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        permute(&mut items, &[3, 0, 4, 1, 2, 5]);
        assert_eq!(items, vec!['b', 'd', 'e', 'a', 'c', 'f']);
        let mut empty: Vec<char> = Vec::new();
        permute(&mut empty, &[]);
        assert!(empty.is_empty());
    }

    #[test]
    fn sorts_and_remaps() {
        let mut b = GraphBuilder::new(false);
        let z = b.add_package(pkg("z"));
        let a = b.add_package(pkg("a"));
        b.add_edge(z, a, DepKind::Normal);
        b.add_edge(z, a, DepKind::Build);
        b.add_edge(z, z, DepKind::Normal);
        let g = b.finish();
        assert_eq!(g.packages[0].id, "a");
        assert_eq!(g.edges, vec![Edge { from: 1, to: 0, kind: DepKind::Normal }]);
        assert_eq!(g.roots, vec![1]);
    }

    #[test]
    fn dev_edges_dropped_unless_asked() {
        let mut b = GraphBuilder::new(false);
        let a = b.add_package(pkg("a"));
        let c = b.add_package(pkg("c"));
        b.add_edge(a, c, DepKind::Dev);
        assert!(b.finish().edges.is_empty());
        let mut b = GraphBuilder::new(true);
        let a = b.add_package(pkg("a"));
        let c = b.add_package(pkg("c"));
        b.add_edge(a, c, DepKind::Dev);
        assert_eq!(b.finish().edges.len(), 1);
    }

    #[test]
    fn pure_cycle_gets_one_root() {
        let mut b = GraphBuilder::new(false);
        let a = b.add_package(pkg("a"));
        let c = b.add_package(pkg("c"));
        let d = b.add_package(pkg("d"));
        b.add_edge(a, c, DepKind::Normal);
        b.add_edge(c, d, DepKind::Normal);
        b.add_edge(d, a, DepKind::Normal);
        assert_eq!(b.finish().roots, vec![0]);
    }

    #[test]
    fn merge_fills_missing_fields() {
        let mut b = GraphBuilder::new(false);
        let i = b.add_package(pkg("a"));
        let mut other = pkg("a");
        other.license = Some("MIT".into());
        assert_eq!(b.add_package(other), i);
        assert_eq!(b.finish().packages[0].license.as_deref(), Some("MIT"));
    }
}
