//! Dominators: which packages every path from the roots must pass through.
//!
//! Package `d` dominates package `p` when every dependency path from any root to `p` goes
//! through `d`. If `d` disappears, is compromised, changes licence or falls under sanctions,
//! everything it dominates goes with it, however many packages sit in between; that is the
//! "single point of dependency" question, and it is a sharper one than "how many packages
//! depend on `d`", which counts packages that could route around it.
//!
//! A graph has several roots (workspace members, SBOM components), so the dominator tree is
//! computed from a virtual root joined to every root: a package reachable from two roots along
//! separate paths is dominated by no package at all.
//!
//! The algorithm is Lengauer–Tarjan with path compression (`O(E log V)`), written without
//! recursion: real graphs can hold chains tens of thousands of packages long, and a recursive
//! depth-first search would overflow the stack on them. The depth-first search, the path
//! compression and the subtree sizes each use an explicit stack or an order that makes one
//! unnecessary.

use super::adjacency::{to_u32, valid_roots, Csr};
use crate::model::{Graph, PackageIndex};

/// Marks "no node" in the index arrays below.
const NONE: usize = usize::MAX;

/// For every package, its immediate dominator: the closest package through which every path
/// from the roots to it passes.
///
/// `None` for a root, for a package the roots reach along paths that share no package (only
/// the virtual root dominates it), and for a package no root reaches.
pub fn immediate_dominators(graph: &Graph) -> Vec<Option<PackageIndex>> {
    let tree = DominatorTree::build(&Csr::forward(graph), &Csr::reverse(graph), &valid_roots(graph));
    let mut idom = vec![None; graph.packages.len()];
    for w in 1..tree.vertex.len() {
        let d = tree.idom[w];
        if d != 0 {
            idom[tree.vertex[w]] = Some(tree.vertex[d]);
        }
    }
    idom
}

/// For every package, how many other packages it dominates (the size of its subtree in the
/// dominator tree, minus itself); 0 for a package no root reaches.
pub fn dominated_counts(graph: &Graph) -> Vec<u32> {
    dominated_in(&Csr::forward(graph), &Csr::reverse(graph), &valid_roots(graph))
}

/// [`dominated_counts`] on prebuilt adjacency lists.
pub(crate) fn dominated_in(forward: &Csr, reverse: &Csr, roots: &[usize]) -> Vec<u32> {
    let tree = DominatorTree::build(forward, reverse, roots);
    let k = tree.vertex.len();
    let mut size = vec![1usize; k];
    // A dominator precedes what it dominates in depth-first preorder, so one backward sweep
    // accumulates every subtree before it is added to its parent.
    for w in (1..k).rev() {
        size[tree.idom[w]] += size[w];
    }
    let mut dominated = vec![0u32; forward.len()];
    for w in 1..k {
        dominated[tree.vertex[w]] = to_u32(size[w] - 1);
    }
    dominated
}

/// The dominator tree of the nodes reachable from the virtual root, in depth-first preorder
/// numbers: number 0 is the virtual root, `vertex[i]` is the package numbered `i`, and
/// `idom[i]` the number of its immediate dominator (`NONE` for the virtual root).
struct DominatorTree {
    vertex: Vec<usize>,
    idom: Vec<usize>,
}

impl DominatorTree {
    fn build(forward: &Csr, reverse: &Csr, roots: &[usize]) -> DominatorTree {
        let n = forward.len();
        let mut is_root = vec![false; n];
        for &r in roots {
            is_root[r] = true;
        }
        let (num, vertex, parent) = preorder(forward, roots);
        let k = vertex.len();
        let mut semi: Vec<usize> = (0..k).collect();
        let mut state = Forest { ancestor: vec![NONE; k], label: (0..k).collect(), path: Vec::new() };
        let mut idom = vec![NONE; k];
        let mut bucket_head = vec![NONE; k];
        let mut bucket_next = vec![NONE; k];

        for w in (1..k).rev() {
            let node = vertex[w];
            let virtual_pred = if is_root[node] { Some(0) } else { None };
            let preds = reverse.neighbours(node).iter().map(|&p| num[p]).chain(virtual_pred);
            for v in preds.filter(|&v| v != NONE) {
                let u = state.eval(v, &semi);
                if semi[u] < semi[w] {
                    semi[w] = semi[u];
                }
            }
            bucket_next[w] = bucket_head[semi[w]];
            bucket_head[semi[w]] = w;
            let pw = parent[w];
            state.ancestor[w] = pw;
            let mut v = std::mem::replace(&mut bucket_head[pw], NONE);
            while v != NONE {
                let u = state.eval(v, &semi);
                idom[v] = if semi[u] < semi[v] { u } else { pw };
                v = bucket_next[v];
            }
        }
        for w in 1..k {
            if idom[w] != semi[w] {
                idom[w] = idom[idom[w]];
            }
        }
        DominatorTree { vertex, idom }
    }
}

/// Depth-first search from the virtual root (node `n`, whose children are the roots) with an
/// explicit stack. Returns each package's preorder number (`NONE` if unreachable), the node
/// of each number, and the number of each number's parent in the search tree.
fn preorder(forward: &Csr, roots: &[usize]) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let n = forward.len();
    let mut num = vec![NONE; n];
    let mut vertex = vec![n];
    let mut parent = vec![NONE];
    // (node, preorder number, index of the next child to look at)
    let mut stack: Vec<(usize, usize, usize)> = vec![(n, 0, 0)];
    while let Some(top) = stack.last_mut() {
        let (v, v_num, i) = *top;
        let children = if v == n { roots } else { forward.neighbours(v) };
        match children.get(i) {
            Some(&w) => {
                top.2 += 1;
                if num[w] == NONE {
                    num[w] = vertex.len();
                    vertex.push(w);
                    parent.push(v_num);
                    stack.push((w, num[w], 0));
                }
            }
            None => {
                stack.pop();
            }
        }
    }
    (num, vertex, parent)
}

/// The link–eval forest of Lengauer–Tarjan, with path compression done iteratively.
struct Forest {
    ancestor: Vec<usize>,
    /// The node of smallest semidominator on the compressed path above each node.
    label: Vec<usize>,
    /// Scratch space for [`Forest::compress`], kept to avoid an allocation per call.
    path: Vec<usize>,
}

impl Forest {
    /// The node of smallest semidominator number on the forest path from `v` up to (not
    /// including) its tree root; `v` itself when `v` is a tree root.
    fn eval(&mut self, v: usize, semi: &[usize]) -> usize {
        if self.ancestor[v] == NONE {
            return v;
        }
        self.compress(v, semi);
        self.label[v]
    }

    /// Points every node on the path above `v` at the tree root's child, carrying the best
    /// label down. The recursive textbook version recurses to the top first; here the path is
    /// collected, then walked top-down.
    fn compress(&mut self, v: usize, semi: &[usize]) {
        let mut x = v;
        while self.ancestor[self.ancestor[x]] != NONE {
            self.path.push(x);
            x = self.ancestor[x];
        }
        while let Some(x) = self.path.pop() {
            let a = self.ancestor[x];
            if semi[self.label[a]] < semi[self.label[x]] {
                self.label[x] = self.label[a];
            }
            self.ancestor[x] = self.ancestor[a];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(n: usize, edges: &[(usize, usize)], roots: &[usize]) -> Vec<u32> {
        let f = Csr::from_pairs(n, edges.iter().copied());
        let r = Csr::from_pairs(n, edges.iter().map(|&(a, b)| (b, a)));
        dominated_in(&f, &r, roots)
    }

    #[test]
    fn gateway_dominates_what_lies_behind_it() {
        // 0 → 1 → {2, 3}, 2 → 4, 3 → 4: 1 dominates 2, 3, 4; 2 and 3 dominate nothing.
        assert_eq!(counts(5, &[(0, 1), (1, 2), (1, 3), (2, 4), (3, 4)], &[0]), vec![4, 3, 0, 0, 0]);
    }

    #[test]
    fn second_root_breaks_domination() {
        // 0 → 2 → 3, 1 → 3: 2 no longer dominates 3.
        assert_eq!(counts(4, &[(0, 2), (2, 3), (1, 3)], &[0, 1]), vec![1, 0, 0, 0]);
    }

    #[test]
    fn classic_cross_edges() {
        // A graph where semidominator and immediate dominator differ: 0→1, 1→2, 2→3, 0→4,
        // 4→3, 3→5, 5→2. Only 0 dominates 2 and 3; 3 dominates 5.
        let c = counts(6, &[(0, 1), (1, 2), (2, 3), (0, 4), (4, 3), (3, 5), (5, 2)], &[0]);
        assert_eq!(c, vec![5, 0, 0, 1, 0, 0]);
    }
}
