//! Clients of proprietary services and platforms: cloud SDKs, AI APIs, telemetry, native
//! runtimes and platform bindings.
//!
//! A package that only talks to one vendor's service is lock-in whatever its licence: the
//! code is open, the service behind it is not, and moving away means rewriting the callers.
//! Each entry lists the name globs of a vendor's client packages per ecosystem and, where real
//! ones exist, European alternatives (a package, or a configuration hint such as an
//! S3-compatible EU provider behind a multi-cloud client). Multi-cloud abstractions themselves
//! (`object_store`, `opendal`, `apache-libcloud`) are deliberately absent: they are the way out.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::kb::entry_error::{EntryError, Table};
use crate::kb::glob::{glob_match, specificity};
use crate::kb::names::is_kebab_case;
use crate::kb::orgs::OrgIndex;

/// Ecosystems (purl types) a pattern table may name.
const ECOSYSTEMS: &[&str] = &[
    "api",
    "cargo",
    "cocoapods",
    "composer",
    "conda",
    "gem",
    "golang",
    "hex",
    "maven",
    "npm",
    "nuget",
    "pub",
    "pypi",
    "swift",
];

/// The ecosystems (purl types) a vendor's pattern table may name, sorted.
pub fn ecosystems() -> &'static [&'static str] {
    ECOSYSTEMS
}

/// What sort of lock-in a vendor's clients create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VendorKind {
    /// A cloud provider's API.
    Cloud,
    /// A hosted AI model API.
    AiApi,
    /// Error tracking, metrics, analytics or logging SaaS.
    Telemetry,
    /// A proprietary native runtime or library (CUDA, MKL).
    NativeRuntime,
    /// Bindings to one vendor's operating system or platform.
    Platform,
    /// Another hosted service (payments, messaging, backend-as-a-service).
    Saas,
}

/// A way out of a vendor: a package (`name` + `ecosystem`) or a configuration `hint`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Alternative {
    /// Package name, as its registry spells it.
    pub name: Option<String>,
    /// Ecosystem of `name` as a purl type.
    pub ecosystem: Option<String>,
    /// Id of the organisation behind the alternative, when known.
    pub org: Option<String>,
    /// What the alternative is, in a few words.
    pub note: Option<String>,
    /// A configuration hint instead of a package (an EU region, an S3-compatible EU provider).
    pub hint: Option<String>,
}

/// One `[[vendor]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Vendor {
    /// Unique kebab-case identifier (`aws`, `cuda`).
    pub id: String,
    /// Id of the organisation that runs the service.
    pub org: String,
    /// The service or platform, for people (`Amazon Web Services`).
    pub service: String,
    /// What sort of lock-in this is.
    pub kind: VendorKind,
    /// Name globs of client packages, per ecosystem (npm names as `@scope/name`, Maven as
    /// `group:artifact`, Go as the module path).
    pub patterns: BTreeMap<String, Vec<String>>,
    /// European or vendor-neutral ways out.
    #[serde(default)]
    pub alternatives: Vec<Alternative>,
    /// Free-text remark.
    pub note: Option<String>,
    /// The vendor's SDK page.
    pub source: String,
}

impl Vendor {
    /// The patterns of this vendor that match a package, most specific first.
    pub fn matching_patterns(&self, ecosystem: &str, namespace: Option<&str>, name: &str) -> Vec<&str> {
        let eco = ecosystem.to_ascii_lowercase();
        let key = package_key(&eco, namespace, name);
        let mut out: Vec<&str> = self
            .patterns
            .get(&eco)
            .into_iter()
            .flatten()
            .filter(|p| glob_match(&normalize(&eco, p), &key))
            .map(String::as_str)
            .collect();
        out.sort_by_key(|p| std::cmp::Reverse(specificity(p)));
        out
    }
}

/// Vendors by id, matched against package names.
#[derive(Debug, Clone, Default)]
pub struct VendorIndex {
    by_id: BTreeMap<String, Vendor>,
    /// Per ecosystem: every pattern in normal form, its specificity and its vendor's id, in
    /// vendor id order; rebuilt on every change so a match normalises nothing but the package.
    compiled: BTreeMap<String, Compiled>,
}

/// A pattern in normal form, its specificity and its vendor's id.
type Pattern = (String, usize, String);

/// One ecosystem's patterns, by their first character, those that start with `*` apart: a
/// package is tried against the patterns that can match its first character only.
#[derive(Debug, Clone, Default)]
struct Compiled {
    by_first: BTreeMap<u8, Vec<Pattern>>,
    wild: Vec<Pattern>,
}

impl VendorIndex {
    /// Builds an index, or returns every problem found in the entries.
    pub fn from_entries(entries: Vec<Vendor>) -> Result<VendorIndex, Vec<EntryError>> {
        let mut index = VendorIndex::default();
        index.extend(entries)?;
        Ok(index)
    }

    /// Adds entries; an entry with a known id replaces it. On any problem the index is left
    /// unchanged and every problem is returned.
    pub fn extend(&mut self, entries: Vec<Vendor>) -> Result<(), Vec<EntryError>> {
        let mut problems: Vec<EntryError> = entries.iter().flat_map(check_entry).collect();
        let mut seen = BTreeSet::new();
        for v in &entries {
            if !seen.insert(v.id.as_str()) {
                problems.push(EntryError::duplicate(Table::Vendor, &v.id, "id listed twice"));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        for v in entries {
            self.by_id.insert(v.id.clone(), v);
        }
        self.compiled.clear();
        for v in self.by_id.values() {
            for (eco, patterns) in &v.patterns {
                let eco = eco.to_ascii_lowercase();
                let compiled = self.compiled.entry(eco.clone()).or_default();
                for p in patterns {
                    let pattern = normalize(&eco, p);
                    let list = match pattern.as_bytes().first() {
                        Some(&first) if first != b'*' => compiled.by_first.entry(first).or_default(),
                        _ => &mut compiled.wild,
                    };
                    list.push((pattern, specificity(p), v.id.clone()));
                }
            }
        }
        Ok(())
    }

    /// Organisations named by vendors or their alternatives that are not in `orgs`.
    pub fn check_references(&self, orgs: &OrgIndex) -> Vec<EntryError> {
        let mut problems = Vec::new();
        for v in self.iter() {
            let alt_orgs = v.alternatives.iter().filter_map(|a| a.org.as_deref());
            for org in std::iter::once(v.org.as_str()).chain(alt_orgs) {
                if orgs.by_id(org).is_none() {
                    let message = format!("org `{org}` is not a known org");
                    problems.push(EntryError::new(Table::Vendor, &v.id, message));
                }
            }
        }
        problems
    }

    /// Number of vendors.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True when there are no vendors.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Every vendor, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = &Vendor> {
        self.by_id.values()
    }

    /// The vendor with this id.
    pub fn by_id(&self, id: &str) -> Option<&Vendor> {
        self.by_id.get(id)
    }

    /// The vendor whose client `name` is, if any. `namespace` is the purl namespace: the npm
    /// scope (with or without `@`), the Maven group, the Go module path prefix. When several
    /// vendors match, the most specific pattern wins, then the smallest id.
    pub fn match_package(&self, ecosystem: &str, namespace: Option<&str>, name: &str) -> Option<&Vendor> {
        let eco = ecosystem.to_ascii_lowercase();
        let compiled = self.compiled.get(&eco)?;
        let key = package_key(&eco, namespace, name);
        let first = key.as_bytes().first().and_then(|b| compiled.by_first.get(b));
        let mut best: Option<(usize, &str)> = None;
        for (pattern, s, id) in first.into_iter().flatten().chain(&compiled.wild) {
            // More specific wins; on a tie, the smaller vendor id.
            let better = best.is_none_or(|(b, b_id)| *s > b || (*s == b && id.as_str() < b_id));
            if better && glob_match(pattern, &key) {
                best = Some((*s, id));
            }
        }
        best.and_then(|(_, id)| self.by_id.get(id))
    }
}

/// The full name a pattern is matched against, in the ecosystem's normal form.
fn package_key(ecosystem: &str, namespace: Option<&str>, name: &str) -> String {
    let ns = namespace.map(str::trim).filter(|n| !n.is_empty());
    let full = match (ecosystem, ns) {
        ("npm", Some(ns)) => format!("@{}/{name}", ns.trim_start_matches('@')),
        ("maven", Some(ns)) => format!("{ns}:{name}"),
        ("golang" | "composer" | "swift" | "api", Some(ns)) => format!("{ns}/{name}"),
        _ => name.to_string(),
    };
    normalize(ecosystem, &full)
}

/// Case folding and the separators an ecosystem treats as equal: Cargo treats `_` as `-`,
/// Python treats runs of `-`, `_` and `.` as one `-` (PEP 503).
fn normalize(ecosystem: &str, text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    match ecosystem {
        "cargo" => lower.replace('_', "-"),
        "pypi" => {
            let mut out = String::with_capacity(lower.len());
            for c in lower.chars() {
                let c = if matches!(c, '_' | '.') { '-' } else { c };
                if !(c == '-' && out.ends_with('-')) {
                    out.push(c);
                }
            }
            out
        }
        _ => lower,
    }
}

/// Problems within one entry.
fn check_entry(v: &Vendor) -> Vec<EntryError> {
    let mut p = Vec::new();
    let id = &v.id;
    let mut problem = |message: String| p.push(EntryError::new(Table::Vendor, id, message));
    if !is_kebab_case(id) {
        problem("id is not kebab-case".into());
    }
    if v.patterns.values().all(Vec::is_empty) {
        problem("no patterns".into());
    }
    for (eco, pats) in &v.patterns {
        if !ECOSYSTEMS.contains(&eco.as_str()) {
            problem(format!("unknown ecosystem `{eco}`"));
        }
        for pat in pats {
            if specificity(pat) < 2 {
                problem(format!("pattern `{pat}` would match almost anything"));
            }
        }
    }
    for a in &v.alternatives {
        let ok = match (&a.name, &a.ecosystem, &a.hint) {
            (Some(_), Some(eco), None) => ECOSYSTEMS.contains(&eco.as_str()),
            (None, None, Some(_)) => true,
            _ => false,
        };
        if !ok {
            problem("an alternative needs `name` and a known `ecosystem`, or only a `hint`".into());
        }
    }
    if !v.source.starts_with("https://") {
        problem("source is not an https URL".into());
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vendor(id: &str, eco: &str, pats: &[&str]) -> Vendor {
        Vendor {
            id: id.to_string(),
            org: "org".to_string(),
            service: id.to_string(),
            kind: VendorKind::Cloud,
            patterns: BTreeMap::from([(eco.to_string(), pats.iter().map(|p| p.to_string()).collect())]),
            alternatives: Vec::new(),
            note: None,
            source: "https://example.org/".to_string(),
        }
    }

    #[test]
    fn names_are_matched_in_each_ecosystems_normal_form() {
        assert_eq!(package_key("npm", Some("aws-sdk"), "client-s3"), "@aws-sdk/client-s3");
        assert_eq!(package_key("npm", Some("@aws-sdk"), "client-s3"), "@aws-sdk/client-s3");
        assert_eq!(package_key("maven", Some("software.amazon.awssdk"), "s3"), "software.amazon.awssdk:s3");
        assert_eq!(package_key("pypi", None, "Google_Cloud..Storage"), "google-cloud-storage");
        assert_eq!(package_key("cargo", None, "aws_sdk_s3"), "aws-sdk-s3");
        assert_eq!(
            package_key("golang", Some("github.com/aws/aws-sdk-go-v2/service"), "s3"),
            "github.com/aws/aws-sdk-go-v2/service/s3"
        );
    }

    #[test]
    fn the_most_specific_pattern_wins() {
        let idx = VendorIndex::from_entries(vec![
            vendor("a-general", "pypi", &["google-cloud-*"]),
            vendor("b-specific", "pypi", &["google-cloud-firestore"]),
        ])
        .unwrap();
        let id = |n: &str| idx.match_package("PyPI", None, n).map(|v| v.id.as_str());
        assert_eq!(id("google-cloud-firestore"), Some("b-specific"));
        assert_eq!(id("google_cloud_storage"), Some("a-general"));
        assert_eq!(id("requests"), None);
        assert_eq!(idx.match_package("cargo", None, "google-cloud-storage"), None);
    }

    #[test]
    fn malformed_entries_are_rejected() {
        let mut v = vendor("Bad", "perl", &["*"]);
        v.alternatives.push(Alternative {
            name: Some("x".into()),
            ecosystem: None,
            org: None,
            note: None,
            hint: None,
        });
        v.source = "ftp://x".into();
        assert_eq!(check_entry(&v).len(), 5, "{:?}", check_entry(&v));
    }
}
