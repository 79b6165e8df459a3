//! From findings to SARIF results: one result per finding code and package name, every
//! version of the package together, ranked and capped below GitHub code scanning's limits.
//!
//! Code scanning matches alerts across runs by their fingerprints, so two results of one run
//! with the same fingerprint are one alert fighting with itself. A package present in two
//! versions (`windows-sys` 0.59 and 0.61) raises the same finding twice; those findings
//! become one result whose message lists the versions. Findings about no package (a
//! concentration, a platform binding, an expired exception) become one result per code.
//!
//! GitHub rejects a run of more than 25,000 results and shows only 5,000 of one run
//! ("SARIF support for code scanning", "About code scanning limits on SARIF results"); which
//! 5,000 it keeps is its choice. We keep [`MAX_RESULTS`] ourselves, the most severe first,
//! and say how many were left out, so every result uploaded is shown.

use std::cmp::Reverse;
use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;

use crate::policy::code::{Code, Severity};
use crate::policy::finding::Finding;
use crate::report::document::PackageReport;
use crate::report::lookup::Lookup;
use crate::report::Report;

/// The most results one run holds: GitHub's display limit, so all are shown (its hard limit
/// is 25,000).
pub const MAX_RESULTS: usize = 5_000;

/// How many versions, or messages of findings about no package, one message lists.
const MAX_LISTED: usize = 10;

/// One result to be: the findings of one code about one package name (every version of it),
/// or about no package.
#[derive(Debug)]
pub struct Merged<'a> {
    /// The finding code.
    pub code: Code,
    /// The most severe of its findings' severities (as the policy set them).
    pub severity: Severity,
    /// The findings, in the report's order: the first is the most severe.
    pub findings: Vec<&'a Finding>,
    /// Their packages, each once, in the order of `findings`.
    pub packages: Vec<&'a PackageReport>,
}

/// A run's results and how many there were before the cap.
#[derive(Debug)]
pub struct Selection<'a> {
    /// The results kept, in the report's order (severity, code, package).
    pub results: Vec<Merged<'a>>,
    /// How many results there were before the cap.
    pub total: usize,
}

impl Selection<'_> {
    /// How many results the cap left out.
    pub fn left_out(&self) -> usize {
        self.total - self.results.len()
    }
}

/// What identifies the package of a result across versions: ecosystem, namespace, name.
pub type Identity<'a> = (&'a str, &'a str, &'a str);

/// The identity of `package`; empty for findings about no package.
pub fn identity(package: Option<&PackageReport>) -> Identity<'_> {
    package.map_or(("", "", ""), |p| {
        (p.ecosystem.as_str(), p.namespace.as_deref().map_or("", String::as_str), p.name.as_str())
    })
}

/// The report's findings as at most `limit` results: merged per code and package identity,
/// the most severe and most depended-on kept when there are more.
pub fn select(report: &Report, limit: usize) -> Selection<'_> {
    // First each finding's result is found, and what ranks each result; only the results
    // kept get their lists of findings and packages (a large graph's report has a million
    // results, of which a few thousand are kept).
    let (slots, placed) = slots(report);
    let total = slots.len();
    let mut keep = vec![total <= limit; total];
    if total > limit {
        // Each result ranked once, and only the `limit` first found (not every result sorted).
        let mut order: Vec<_> = slots.iter().enumerate().map(|(i, s)| (s.rank(), i)).collect();
        if limit > 0 {
            order.select_nth_unstable(limit - 1);
        }
        for &(_, i) in &order[..limit] {
            keep[i] = true;
        }
    }
    // Each kept result's place among the results, in the report's order.
    let mut results = Vec::with_capacity(total.min(limit));
    let kept: Vec<Option<usize>> = keep
        .iter()
        .zip(&slots)
        .map(|(&k, slot)| {
            k.then(|| {
                let m = Merged {
                    code: slot.code,
                    severity: slot.severity,
                    findings: Vec::new(),
                    packages: Vec::new(),
                };
                results.push(m);
                results.len() - 1
            })
        })
        .collect();
    for (f, (at, package)) in report.findings.iter().zip(placed) {
        let Some(m) = kept[at].map(|k| &mut results[k]) else { continue };
        m.findings.push(f);
        if let Some(p) = package.filter(|p| !m.packages.iter().any(|q| q.id == p.id)) {
            m.packages.push(p);
        }
    }
    Selection { results, total }
}

/// The results, as [`Slot`]s in the order they first occur, and each finding's result (a
/// place in them) and package.
type Placed<'a> = (Vec<Slot>, Vec<(usize, Option<&'a PackageReport>)>);

/// Finds each finding's package and result, and what ranks each result.
fn slots(report: &Report) -> Placed<'_> {
    let mut lookup = Lookup::new(&report.packages);
    // The results by code and package identity: a table of places in `slots`, each with its
    // hash, rather than a map holding every key (a million results' keys are three strings
    // each, scattered over memory).
    let hasher = crate::hash::RandomState::default();
    let mut index: HashTable<u32> = HashTable::with_capacity(report.findings.len());
    let mut slots: Vec<Slot> = Vec::new();
    let mut placed = Vec::with_capacity(report.findings.len());
    for f in &report.findings {
        let place = f.package.as_deref().and_then(|id| lookup.index_of(id));
        let package = place.map(|i| &report.packages[i]);
        let key = (f.code, identity(package));
        let hash = hasher.hash_one(key);
        let same = |s: &Slot| s.code == f.code && identity(s.package.map(|i| &report.packages[i])) == key.1;
        let at = match index.entry(hash, |&s| same(&slots[s as usize]), |&s| slots[s as usize].hash) {
            Entry::Occupied(known) => *known.get() as usize,
            Entry::Vacant(slot) => {
                slot.insert(slots.len() as u32);
                slots.push(Slot { code: f.code, severity: f.severity, graph: None, hash, package: place });
                slots.len() - 1
            }
        };
        let slot = &mut slots[at];
        slot.severity = slot.severity.max(f.severity);
        slot.graph = slot.graph.max(package.map(graph));
        placed.push((at, package));
    }
    (slots, placed)
}

/// What a result is ranked by, before its lists are made.
struct Slot {
    code: Code,
    severity: Severity,
    /// The greatest of its packages' [`graph`] keys; `None` without a package.
    graph: Option<(bool, bool, u32)>,
    /// The hash of its code and package identity.
    hash: u64,
    /// Its first finding's package, whose identity it has.
    package: Option<usize>,
}

impl Slot {
    /// Most important first: severity, then critical, direct and most depended-on packages.
    fn rank(&self) -> (Reverse<Severity>, Reverse<(bool, bool, u32)>) {
        (Reverse(self.severity), Reverse(self.graph.unwrap_or_default()))
    }
}

/// What ranks a package: critical, then direct, then how many depend on it.
fn graph(p: &PackageReport) -> (bool, bool, u32) {
    p.graph.map_or((false, false, 0), |g| (g.critical, g.direct, g.dependents))
}

impl Merged<'_> {
    /// The message: the first finding's; for several versions, followed by the others'
    /// versions; for several findings about no package, their messages one after another.
    pub fn message(&self) -> String {
        let first = self.findings[0].message.clone();
        if self.findings.len() == 1 {
            return first;
        }
        if self.packages.is_empty() {
            let messages: Vec<String> = self.findings.iter().map(|f| f.message.clone()).collect();
            return listed(&messages, "; ");
        }
        let versions: Vec<String> =
            self.packages[1..].iter().map(|p| p.version.clone().unwrap_or_else(|| p.id.clone())).collect();
        if versions.is_empty() {
            return first;
        }
        let one = if versions.len() == 1 { "version" } else { "versions" };
        format!("{first}; also {one} {}", listed(&versions, ", "))
    }
}

/// `items` joined by `separator`, the first [`MAX_LISTED`] of them and how many more.
fn listed(items: &[String], separator: &str) -> String {
    let mut text = items.iter().take(MAX_LISTED).cloned().collect::<Vec<_>>().join(separator);
    if items.len() > MAX_LISTED {
        text.push_str(&format!("{separator}and {} more", items.len() - MAX_LISTED));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_merge_into_one_result_and_the_cap_keeps_the_count() {
        use crate::report::paths::tests::{finding, report};
        let mut r = report(&["a1", "a2", "b"], &[], &[]);
        r.packages[0].name = "a".into();
        r.packages[1].name = "a".into();
        let mut unknown = finding("unknown-license", "nope");
        unknown.package = None;
        r.findings = vec![
            finding("unknown-license", "a1"),
            finding("unknown-license", "b"),
            finding("unknown-license", "a2"),
            finding("unknown-license", "a2"),
            finding("unknown-license", "gone"),
            unknown,
        ];
        let all = select(&r, 10);
        let shape: Vec<(usize, Vec<&str>)> = all
            .results
            .iter()
            .map(|m| (m.findings.len(), m.packages.iter().map(|p| p.id.as_str()).collect()))
            .collect();
        // a1 and a2 (one name, two versions) are one result, its packages each once; b is
        // another; a finding about a package not in the report and one about none share the
        // empty identity.
        assert_eq!(shape, [(3, vec!["a1", "a2"]), (1, vec!["b"]), (2, vec![])]);
        assert_eq!(all.total, 3);
        let none = select(&r, 0);
        assert!(none.results.is_empty());
        assert_eq!((none.total, none.left_out()), (3, 3));
        let one = select(&r, 1);
        assert_eq!(one.results.len(), 1);
        assert_eq!(one.left_out(), 2);
    }

    #[test]
    fn lists_are_bounded() {
        let items: Vec<String> = (0..12).map(|i| i.to_string()).collect();
        assert_eq!(listed(&items[..2], ", "), "0, 1");
        assert_eq!(listed(&items, ", "), "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, and 2 more");
    }
}
