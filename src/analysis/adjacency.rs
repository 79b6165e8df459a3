//! Compact adjacency lists (compressed sparse rows) built once from a [`Graph`] and shared by
//! every algorithm in this module.
//!
//! A `Vec<Vec<_>>` per package costs an allocation per package and scatters the lists over the
//! heap; one offsets array and one targets array keep a graph of 100,000 packages in two
//! allocations and make the inner loops cache-friendly. Building it is also where malformed
//! input is neutralised: edges naming a package that does not exist and self-loops are dropped,
//! so the algorithms never index out of bounds and never see a package depend on itself.

use crate::model::{Graph, PackageIndex};

/// Adjacency lists of a graph with `len()` nodes, in compressed sparse row form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Csr {
    /// `offsets[v]..offsets[v + 1]` is the slice of `targets` holding `v`'s neighbours.
    offsets: Vec<usize>,
    /// Neighbours of every node, node after node, each list sorted.
    targets: Vec<PackageIndex>,
}

impl Csr {
    /// Adjacency lists over `n` nodes from `(from, to)` pairs; pairs outside `0..n` are
    /// ignored. Each list comes out sorted, so every traversal is deterministic.
    pub(crate) fn from_pairs(n: usize, pairs: impl Iterator<Item = (usize, usize)> + Clone) -> Csr {
        let mut offsets = vec![0usize; n + 1];
        for (from, to) in pairs.clone() {
            if from < n && to < n {
                offsets[from + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut targets = vec![0; offsets[n]];
        for (from, to) in pairs {
            if from < n && to < n {
                targets[next[from]] = to;
                next[from] += 1;
            }
        }
        for v in 0..n {
            targets[offsets[v]..offsets[v + 1]].sort_unstable();
        }
        Csr { offsets, targets }
    }

    /// The dependencies of every package ("`from` depends on `to`" gives `to` in `from`'s
    /// list), without self-loops or edges to packages that do not exist.
    pub(crate) fn forward(graph: &Graph) -> Csr {
        Csr::from_pairs(graph.packages.len(), valid_edges(graph))
    }

    /// The dependents of every package: [`Csr::forward`] reversed.
    pub(crate) fn reverse(graph: &Graph) -> Csr {
        Csr::from_pairs(graph.packages.len(), valid_edges(graph).map(|(from, to)| (to, from)))
    }

    /// Number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The neighbours of `v`; empty for a node that does not exist.
    pub(crate) fn neighbours(&self, v: usize) -> &[usize] {
        match (self.offsets.get(v), self.offsets.get(v + 1)) {
            (Some(&start), Some(&end)) => self.targets.get(start..end).unwrap_or(&[]),
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
    let n = graph.packages.len();
    let mut roots: Vec<PackageIndex> = graph.roots.iter().copied().filter(|&r| r < n).collect();
    roots.sort_unstable();
    roots.dedup();
    roots
}

/// A count as `u32`, saturating (no real graph has four billion packages).
pub(crate) fn to_u32(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_out_of_range_pairs_and_sorts_lists() {
        let csr = Csr::from_pairs(3, [(0, 2), (0, 1), (5, 0), (1, 7), (2, 0)].into_iter());
        assert_eq!(csr.len(), 3);
        assert_eq!(csr.neighbours(0), &[1, 2]);
        assert!(csr.neighbours(1).is_empty());
        assert_eq!(csr.neighbours(2), &[0]);
        assert!(csr.neighbours(3).is_empty());
    }
}
