//! Strongly connected components, and the graph of components they leave.
//!
//! Packages on a dependency cycle all depend on one another, so several algorithms here first
//! collapse each cycle into one node. The components themselves are found by Tarjan's
//! algorithm in the search the dominators share (`walk.rs`); this module counts them and
//! builds the acyclic graph of components.

use super::adjacency::{Csr, Node, NONE};

/// The strongly connected components of a graph and the edges between them.
pub(crate) struct Components {
    /// The component of every package. Components are numbered in the order the search
    /// completes them, so every edge between two components goes from a higher number to a
    /// lower one: descending numbers are a topological order, dependents first.
    pub(crate) comp: Vec<Node>,
    /// How many packages each component holds.
    pub(crate) size: Vec<u32>,
    /// For every component, the other components it has an edge to (its dependencies),
    /// each once, sorted.
    pub(crate) dependencies: Csr,
    /// For every component, the other components with an edge into it (its dependents),
    /// each once, sorted.
    pub(crate) dependents: Csr,
}

impl Components {
    /// The components of the graph with dependency lists `forward`.
    pub(crate) fn of(forward: &Csr) -> Components {
        let walk = super::walk::walk(forward, &[]);
        Components::new(forward, walk.comp, walk.components)
    }

    /// The components of the graph with dependency lists `forward`, from the component of
    /// every package (numbered as [`Components::comp`] says) and their number.
    pub(crate) fn new(forward: &Csr, comp: Vec<Node>, count: usize) -> Components {
        let mut size = vec![0u32; count];
        for &c in &comp {
            size[c as usize] += 1;
        }
        let dependencies = condensed(forward, &comp, &size);
        let dependents = dependencies.transpose();
        Components { comp, size, dependencies, dependents }
    }

    /// Number of components.
    pub(crate) fn len(&self) -> usize {
        self.size.len()
    }
}

/// The edges of `forward` between distinct components, each once, in linear time: the
/// packages are grouped by component (a counting sort), and a mark per component drops
/// repeats while one component's lists are read.
fn condensed(forward: &Csr, comp: &[Node], size: &[u32]) -> Csr {
    let count = size.len();
    let mut start = Vec::with_capacity(count + 1);
    start.push(0u32);
    for &s in size {
        let last = start.last().copied().unwrap_or(0);
        start.push(last + s);
    }
    let mut next = start.clone();
    let mut members = vec![0 as Node; comp.len()];
    for (v, &c) in comp.iter().enumerate() {
        members[next[c as usize] as usize] = v as Node;
        next[c as usize] += 1;
    }
    let mut seen = vec![NONE; count];
    let mut offsets = Vec::with_capacity(count + 1);
    let mut targets = Vec::new();
    offsets.push(0u32);
    for c in 0..count {
        let from = targets.len();
        for &v in &members[start[c] as usize..start[c + 1] as usize] {
            for &u in forward.neighbours(v as usize) {
                let d = comp[u as usize];
                if d as usize != c && seen[d as usize] != c as Node {
                    seen[d as usize] = c as Node;
                    targets.push(d);
                }
            }
        }
        targets[from..].sort_unstable();
        offsets.push(targets.len() as u32);
    }
    Csr::from_parts(offsets, targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condensed_edges_are_each_once_in_both_directions() {
        // {0 → 1 → 2 → 0, 1 → 3 → 1} is one component; 4 ⇄ 5 reached from it (twice) and from 6.
        let edges = [(0, 1), (1, 2), (2, 0), (1, 3), (3, 1), (3, 4), (2, 4), (4, 5), (5, 4), (6, 5)];
        let c = Components::of(&Csr::from_pairs(7, edges.into_iter()));
        assert_eq!(c.len(), 3);
        let (big, pair, lone) = (c.comp[0], c.comp[4], c.comp[6]);
        assert_eq!(c.size[big as usize], 4);
        assert_eq!(c.size[pair as usize], 2);
        assert_eq!(c.dependencies.neighbours(big as usize), &[pair]);
        assert_eq!(c.dependencies.neighbours(lone as usize), &[pair]);
        let mut into_pair = c.dependents.neighbours(pair as usize).to_vec();
        into_pair.sort_unstable();
        let mut expected = vec![big, lone];
        expected.sort_unstable();
        assert_eq!(into_pair, expected);
    }

    #[test]
    fn empty_graph_has_no_components() {
        let c = Components::of(&Csr::from_pairs(0, std::iter::empty()));
        assert!(c.comp.is_empty());
        assert_eq!(c.len(), 0);
    }
}
