//! Vendor lock-in, one finding per decision: per vendor service and entry point. The entry
//! point is the package of a vendor's family that something outside the family depends on
//! (`aws-config`, `aws-sdk-s3`): that is the dependency a team chooses, and the family's other
//! packages come in behind it and are listed under it. Twenty-two `aws-smithy-*` lines become
//! the two or three doors the AWS SDK came in through.

use std::collections::BTreeSet;

use crate::analysis::adjacency::Csr;
use crate::enrich::PackageFacts;
use crate::hash::HashMap;
use crate::model::{Graph, Package, VendorInfo};

/// How many of a family's packages a message names before it counts the rest.
const NAMED: usize = 8;

/// The vendor number of a package without a vendor.
const NO_VENDOR: u32 = u32::MAX;

/// One lock-in decision: the entry point, the vendor, what the message says.
pub(crate) struct Door {
    /// The entry point's package index.
    pub package: usize,
    /// The vendor entry's id (for entity exceptions).
    pub vendor: String,
    /// The finding's message.
    pub message: String,
}

/// The lock-in decisions in `graph`, entry points in package order; `is_root` marks the
/// workspace members and the described component, which get no finding.
pub(crate) fn doors(graph: &Graph, facts: &[PackageFacts], is_root: &[bool]) -> Vec<Door> {
    let n = graph.packages.len().min(facts.len());
    let vendor = |i: usize| facts.get(i).and_then(|f| f.vendor.as_deref());
    // Each package's vendor as a small number (vendors are few): the passes over every edge
    // then read a list of numbers, not each package's facts scattered over memory.
    let mut numbers: HashMap<&str, u32> = HashMap::default();
    let of: Vec<u32> = (0..n)
        .map(|i| match vendor(i) {
            Some(v) => {
                let next = numbers.len() as u32;
                *numbers.entry(v.id.as_str()).or_insert(next)
            }
            None => NO_VENDOR,
        })
        .collect();
    // Flat dependency lists: on a graph of a million packages a vector per package is a
    // million allocations scattered over memory (docs/performance.md).
    let children = Csr::forward(graph);
    let root = |j: usize| is_root.get(j).copied().unwrap_or(false);
    // What each vendor's packages bring in (themselves included): a package in there that is
    // not the vendor's (a helper crate its SDK uses) does not make a door of what it uses.
    let mut inside: Vec<Vec<bool>> = vec![vec![false; n]; numbers.len()];
    for (i, &v) in of.iter().enumerate() {
        let Some(reached) = inside.get_mut(v as usize) else { continue };
        let mut stack = vec![i];
        while let Some(k) = stack.pop() {
            if !std::mem::replace(&mut reached[k], true) {
                stack.extend(children.neighbours(k).iter().map(|&c| c as usize).filter(|&c| c < n));
            }
        }
    }
    // Of the same vendor, and no root.
    let same = |j: usize, v: u32| of.get(j) == Some(&v) && !root(j);
    // A vendor's package is a door when nothing depends on it, or a root does, or a package
    // neither of its family nor brought in by it does: one pass over the edges (self-loops
    // included: a package depending only on itself is no door).
    let mut depended = vec![false; n];
    let mut door = vec![false; n];
    for e in &graph.edges {
        let (j, i) = (e.from, e.to);
        let Some(&v) = of.get(i).filter(|&&v| v != NO_VENDOR && j < n) else { continue };
        depended[i] = true;
        door[i] = door[i] || root(j) || !(same(j, v) || inside[v as usize][j]);
    }
    let mut out = Vec::new();
    for i in 0..n {
        let Some(v) = vendor(i) else { continue };
        // An operating system's bindings are never lock-in (see `platform.rs`), nor is a
        // package only named like one.
        if root(i) || v.kind == crate::policy::platform::PLATFORM || (depended[i] && !door[i]) {
            continue;
        }
        // The family behind this door: packages of the same vendor reached through it.
        let mut seen = BTreeSet::from([i]);
        let mut stack = vec![i];
        while let Some(k) = stack.pop() {
            for &c in children.neighbours(k) {
                if same(c as usize, of[i]) && seen.insert(c as usize) {
                    stack.push(c as usize);
                }
            }
        }
        seen.remove(&i);
        let behind: Vec<&Package> = seen.iter().map(|&k| &graph.packages[k]).collect();
        out.push(Door { package: i, vendor: v.id.clone(), message: message(&graph.packages[i], v, &behind) });
    }
    out
}

fn message(door: &Package, v: &VendorInfo, behind: &[&Package]) -> String {
    let country = v.country.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
    let kind = v.kind.to_string();
    let mut text = format!(
        "{} brings in {}, {} {kind} service of {}{country}",
        door.label(),
        v.service,
        article(&kind),
        v.name
    );
    if !behind.is_empty() {
        let mut names: Vec<String> = behind.iter().map(|p| p.name.clone()).collect();
        names.sort();
        names.dedup();
        let shown = names.iter().take(NAMED).cloned().collect::<Vec<_>>().join(", ");
        let more = names.len().saturating_sub(NAMED);
        let rest = if more > 0 { format!(" and {more} more") } else { String::new() };
        let count = behind.len();
        let them = if count == 1 {
            "1 more of its packages".to_string()
        } else {
            format!("{count} more of its packages")
        };
        text.push_str(&format!(", with {them} behind it: {shown}{rest}"));
    }
    let alternatives: Vec<&str> =
        v.alternatives.iter().filter_map(|a| a.name.as_deref().or(a.note.as_deref())).collect();
    if !alternatives.is_empty() {
        text.push_str(&format!("; alternatives: {}", alternatives.join("; ")));
    }
    text
}

/// `a` or `an` before `word`, by its first letter (`an ai-api service`, `a cloud service`).
fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}
