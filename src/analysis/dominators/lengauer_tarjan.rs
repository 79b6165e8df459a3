//! Immediate dominators by Lengauer and Tarjan's algorithm ("A fast algorithm for finding
//! dominators in a flowgraph", 1979) in its simple form, path compression without balanced
//! linking: `O(E log V)` whatever the graph. The fallback for graphs on which the
//! nearest-common-ancestor walk of [`super::semi_nca`] would take too long.

use super::super::adjacency::{Node, NONE};
use super::search::Search;

/// The immediate dominator of every preorder number (`NONE` for the virtual root 0).
pub(super) fn idoms(search: &Search) -> Vec<Node> {
    let Search { vertex, parent, preds } = search;
    let k = vertex.len();
    let mut forest = Forest::new(k);
    let mut idom = vec![NONE; k];
    let mut bucket_head = vec![NONE; k];
    let mut bucket_next = vec![NONE; k];

    for w in (1..k).rev() {
        let mut semi = forest.slots[w].semi;
        for &v in preds.neighbours(w) {
            semi = semi.min(forest.eval(v).1);
        }
        forest.slots[w].semi = semi;
        forest.slots[w].best = semi;
        bucket_next[w] = bucket_head[semi as usize];
        bucket_head[semi as usize] = w as Node;
        let pw = parent[w];
        forest.slots[w].ancestor = pw;
        let mut v = std::mem::replace(&mut bucket_head[pw as usize], NONE);
        while v != NONE {
            let (u, semi_u) = forest.eval(v);
            idom[v as usize] = if semi_u < forest.slots[v as usize].semi { u } else { pw };
            v = bucket_next[v as usize];
        }
    }
    for w in 1..k {
        if idom[w] != forest.slots[w].semi {
            idom[w] = idom[idom[w] as usize];
        }
    }
    idom
}

/// The link–eval forest of Lengauer–Tarjan, with path compression done iteratively.
struct Forest {
    /// Everything the forest knows of a node, side by side: path compression reads all of
    /// it for two nodes at each step, one cache line each.
    slots: Vec<Slot>,
    /// Scratch space for [`Forest::compress`], kept to avoid an allocation per call.
    path: Vec<Node>,
}

/// One node of the [`Forest`].
#[derive(Clone, Copy)]
struct Slot {
    /// Its parent in the forest, `NONE` until linked.
    ancestor: Node,
    /// The node of smallest semidominator on the compressed path above it.
    label: Node,
    /// That node's semidominator.
    best: Node,
    /// Its own semidominator (its number until computed).
    semi: Node,
}

impl Forest {
    fn new(k: usize) -> Forest {
        let slots = (0..k as Node).map(|v| Slot { ancestor: NONE, label: v, best: v, semi: v }).collect();
        Forest { slots, path: Vec::new() }
    }

    /// The node of smallest semidominator on the forest path from `v` up to (not
    /// including) its tree root, and that semidominator; `v` itself when `v` is a tree root.
    fn eval(&mut self, v: Node) -> (Node, Node) {
        let slot = self.slots[v as usize];
        if slot.ancestor == NONE {
            return (v, slot.semi);
        }
        self.compress(v);
        let slot = self.slots[v as usize];
        (slot.label, slot.best)
    }

    /// Points every node on the path above `v` at the tree root's child, carrying the best
    /// label down. The recursive textbook version recurses to the top first; here the path is
    /// collected, then walked top-down.
    fn compress(&mut self, v: Node) {
        let mut x = v;
        loop {
            let a = self.slots[x as usize].ancestor;
            if self.slots[a as usize].ancestor == NONE {
                break;
            }
            self.path.push(x);
            x = a;
        }
        while let Some(x) = self.path.pop() {
            let a = self.slots[self.slots[x as usize].ancestor as usize];
            let slot = &mut self.slots[x as usize];
            if a.best < slot.best {
                slot.label = a.label;
                slot.best = a.best;
            }
            slot.ancestor = a.ancestor;
        }
    }
}
