//! Immediate dominators by Semi-NCA (Georgiadis, Tarjan and Werneck, "Finding dominators in
//! practice", 2006): semidominators as in Lengauer–Tarjan, then each immediate dominator as
//! the nearest common ancestor, in the dominator tree built so far, of the node's search
//! parent and its semidominator.
//!
//! It does less than Lengauer–Tarjan (no buckets, one path-compressed evaluation per edge
//! rather than one more per node), and its forest needs only two numbers per node, which
//! keeps the arrays of a 100,000-package graph in the processor's second-level cache. The
//! ancestor walk is quadratic on graphs built for it, so its steps are budgeted.

use super::super::adjacency::{Node, NONE};
use super::search::Search;

/// The immediate dominator of every preorder number (`NONE` for the virtual root 0), or
/// `None` when the ancestor walks would take more than `budget` steps in all.
pub(super) fn idoms(search: &Search, budget: usize) -> Option<Vec<Node>> {
    let Search { vertex, parent, preds } = search;
    let k = vertex.len();
    // Per number: its parent in the link-eval forest and the smallest semidominator on the
    // compressed forest path from it up to that parent, itself included. Numbers are linked
    // in descending order, so while `w` is processed exactly those above `w` are linked: a
    // node's entry is read only once it has been written, and whether a node is a tree root
    // is known from its number, without reading its entry.
    let mut forest: Vec<(Node, Node)> = vec![(NONE, NONE); k];
    let mut semi: Vec<Node> = (0..k as Node).collect();
    for w in (1..k).rev() {
        let mut best = w as Node;
        for &v in preds.neighbours(w) {
            // A predecessor numbered below `w` is a tree root whose value is its own number
            // (the search parent is always one).
            best = best.min(if v as usize > w { eval(&mut forest, v, w as Node) } else { v });
        }
        semi[w] = best;
        forest[w] = (parent[w], best);
    }
    let mut idom = parent.clone();
    let mut steps = 0usize;
    // A node's immediate dominator is an ancestor of its search parent in the dominator
    // tree with a number no greater than its semidominator's; ascending numbers meet every
    // ancestor first.
    for w in 1..k {
        let s = semi[w];
        let mut x = idom[w];
        while x != NONE && x > s {
            x = idom[x as usize];
            steps += 1;
        }
        if steps > budget {
            return None;
        }
        idom[w] = x;
    }
    Some(idom)
}

/// The smallest semidominator on the forest path from `v` (a linked node: numbered above
/// `w`) up to, not including, its tree root (numbered `w` or below), halving the path on the
/// way: every other node on it is pointed at its grandparent, taking the smaller of its
/// label and its parent's. One pass, no stack, and the same amortised bound as full
/// compression (Tarjan and van Leeuwen, 1984).
fn eval(forest: &mut [(Node, Node)], v: Node, w: Node) -> Node {
    let mut x = v;
    let mut best = NONE;
    loop {
        let (up, label) = forest[x as usize];
        if up <= w {
            return best.min(label);
        }
        let (above, up_label) = forest[up as usize];
        let label = label.min(up_label);
        if above <= w {
            return best.min(label);
        }
        forest[x as usize] = (above, label);
        best = best.min(label);
        x = above;
    }
}
