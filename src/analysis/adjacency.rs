//! Compact adjacency lists (compressed sparse rows) built once from a [`Graph`] and shared by
//! every algorithm in this module.
//!
//! A `Vec<Vec<_>>` per package costs an allocation per package and scatters the lists over the
//! heap; one offsets array and one targets array keep a graph of 100,000 packages in two
//! allocations. Nodes are `u32`, not `usize`: the per-package arrays of every algorithm here
//! are read in random order, and at half the size those of a 100,000-package graph stay in
//! the processor's second-level cache, which is what keeps the analysis close to linear in
//! time as graphs grow. Building the lists is also where malformed input is neutralised:
//! edges naming a package that does not exist and self-loops are dropped, so the algorithms
//! never index out of bounds and never see a package depend on itself.

use crate::model::{Graph, PackageIndex};

/// A node of a [`Csr`]: a package index, or a component number, as `u32`.
pub(crate) type Node = u32;

/// Marks "no node" in the `u32` index arrays of this module.
pub(crate) const NONE: Node = Node::MAX;

/// Adjacency lists of a graph with `len()` nodes, in compressed sparse row form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Csr {
    /// `offsets[v]..offsets[v + 1]` is the slice of `targets` holding `v`'s neighbours.
    offsets: Vec<u32>,
    /// Neighbours of every node, node after node, each list sorted.
    targets: Vec<Node>,
}

impl Csr {
    /// Adjacency lists over `n` nodes from `(from, to)` pairs; pairs outside `0..n` are
    /// ignored, and so is everything past the `u32::MAX`th node or pair (a graph that large
    /// would not fit in memory). Each list comes out sorted, so every traversal is
    /// deterministic.
    pub(crate) fn from_pairs(n: usize, pairs: impl Iterator<Item = (usize, usize)> + Clone) -> Csr {
        let n = n.min(NONE as usize - 1);
        let limit = NONE as usize - 1;
        let valid = move |&(from, to): &(usize, usize)| from < n && to < n;
        let mut offsets = vec![0u32; n + 1];
        for (from, _) in pairs.clone().filter(valid).take(limit) {
            offsets[from + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut targets = vec![0; offsets[n] as usize];
        for (from, to) in pairs.filter(valid).take(limit) {
            targets[next[from] as usize] = to as Node;
            next[from] += 1;
        }
        for v in 0..n {
            targets[offsets[v] as usize..offsets[v + 1] as usize].sort_unstable();
        }
        Csr { offsets, targets }
    }

    /// Lists already laid out: `offsets` starts at 0, never decreases and ends at
    /// `targets.len()`. A list that breaks this reads as empty rather than out of bounds.
    pub(crate) fn from_parts(offsets: Vec<u32>, targets: Vec<Node>) -> Csr {
        Csr { offsets, targets }
    }

    /// The dependencies of every package ("`from` depends on `to`" gives `to` in `from`'s
    /// list), without self-loops or edges to packages that do not exist.
    pub(crate) fn forward(graph: &Graph) -> Csr {
        let n = graph.packages.len();
        Csr::from_sorted_edges(graph, n).unwrap_or_else(|| Csr::from_pairs(n, valid_edges(graph)))
    }

    /// [`Csr::forward`] in one pass over the edges, for a graph whose edges are sorted by
    /// `(from, to)` (as [`crate::model::GraphBuilder`] leaves them); `None` for one whose
    /// edges are not. Reading the edges once instead of twice matters on large graphs,
    /// where they no longer fit in the cache.
    fn from_sorted_edges(graph: &Graph, n: usize) -> Option<Csr> {
        let n = n.min(NONE as usize - 1);
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(graph.edges.len().min(NONE as usize - 1));
        let mut last = (0, 0);
        for e in &graph.edges {
            if e.from == e.to || e.from >= n || e.to >= n {
                continue;
            }
            if (e.from, e.to) < last || targets.len() >= NONE as usize - 1 {
                return None;
            }
            last = (e.from, e.to);
            while offsets.len() <= e.from {
                offsets.push(targets.len() as u32);
            }
            targets.push(e.to as Node);
        }
        while offsets.len() <= n {
            offsets.push(targets.len() as u32);
        }
        Some(Csr { offsets, targets })
    }

    /// The same graph with every edge turned round: for [`Csr::forward`], the dependents of
    /// every package. Each list comes out sorted because the nodes are visited in order.
    pub(crate) fn transpose(&self) -> Csr {
        let n = self.len();
        let mut offsets = vec![0u32; n + 1];
        for &t in &self.targets {
            offsets[t as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut targets = vec![0; self.targets.len()];
        for v in 0..n {
            for &t in self.neighbours(v) {
                targets[next[t as usize] as usize] = v as Node;
                next[t as usize] += 1;
            }
        }
        Csr { offsets, targets }
    }

    /// Number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of edges.
    pub(crate) fn edge_count(&self) -> usize {
        self.targets.len()
    }

    /// The neighbours of `v`; empty for a node that does not exist.
    pub(crate) fn neighbours(&self, v: usize) -> &[Node] {
        match (self.offsets.get(v), self.offsets.get(v + 1)) {
            (Some(&start), Some(&end)) => self.targets.get(start as usize..end as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The edges of `graph` as `(from, to)` pairs, without self-loops.
fn valid_edges(graph: &Graph) -> impl Iterator<Item = (usize, usize)> + Clone + '_ {
    graph.edges.iter().filter(|e| e.from != e.to).map(|e| (e.from, e.to))
}

/// The roots of `graph` that exist, sorted and deduplicated.
pub(crate) fn valid_roots(graph: &Graph) -> Vec<PackageIndex> {
    let n = graph.packages.len().min(NONE as usize - 1);
    let mut roots: Vec<PackageIndex> = graph.roots.iter().copied().filter(|&r| r < n).collect();
    roots.sort_unstable();
    roots.dedup();
    roots
}

/// A count as `u32`, saturating (no real graph has four billion packages).
pub(crate) fn to_u32(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// A small deterministic generator of numbers below a bound, for the tests of this module's
/// algorithms on random graphs.
#[cfg(test)]
pub(crate) fn test_numbers(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |bound: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_out_of_range_pairs_and_sorts_lists() {
        let csr = Csr::from_pairs(3, [(0, 2), (0, 1), (5, 0), (1, 7), (2, 0)].into_iter());
        assert_eq!(csr.len(), 3);
        assert_eq!(csr.edge_count(), 3);
        assert_eq!(csr.neighbours(0), &[1, 2]);
        assert!(csr.neighbours(1).is_empty());
        assert_eq!(csr.neighbours(2), &[0]);
        assert!(csr.neighbours(3).is_empty());
    }

    #[test]
    fn sorted_and_unsorted_edges_give_the_same_lists() {
        use crate::model::{DepKind, Edge, Package};
        let pairs = [(0, 1), (2, 0), (0, 3), (0, 3), (2, 2), (3, 9), (3, 1)];
        let mut graph = Graph { packages: vec![Package::default(); 4], ..Graph::default() };
        graph.edges = pairs.iter().map(|&(from, to)| Edge { from, to, kind: DepKind::Normal }).collect();
        let unsorted = Csr::forward(&graph);
        assert!(Csr::from_sorted_edges(&graph, 4).is_none());
        graph.edges.sort();
        assert_eq!(Csr::from_sorted_edges(&graph, 4), Some(unsorted.clone()));
        assert_eq!(unsorted.neighbours(0), &[1, 3, 3]);
        assert_eq!(unsorted.neighbours(1), &[] as &[Node]);
        assert_eq!(unsorted.neighbours(2), &[0]);
        assert_eq!(unsorted.neighbours(3), &[1]);
    }

    #[test]
    fn transpose_turns_every_edge_round_and_sorts() {
        let csr = Csr::from_pairs(4, [(3, 0), (1, 0), (0, 2), (1, 2), (2, 1)].into_iter());
        let t = csr.transpose();
        assert_eq!(t.neighbours(0), &[1, 3]);
        assert_eq!(t.neighbours(1), &[2]);
        assert_eq!(t.neighbours(2), &[0, 1]);
        assert!(t.neighbours(3).is_empty());
        assert_eq!(t.transpose(), csr);
    }
}
