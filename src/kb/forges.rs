//! Code hosts and package registries, and who operates them from where.
//!
//! Where a package's source and releases live is a dependency of its own, separate from who
//! writes it: a European project hosted on a US-operated forge and published to a US-operated
//! registry is still reachable by US law and US sanctions. This table lets the report name the
//! operator and its country for every host it meets.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::kb::domains::normalize_domain;
use crate::kb::entry_error::{EntryError, Table};
use crate::kb::geo::countries::is_code_shape;
use crate::kb::orgs::OrgIndex;

/// Whether a host serves source code or packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForgeKind {
    /// A code host: repositories, issues, releases.
    CodeHost,
    /// A package registry, its index, download or documentation host.
    Registry,
}

/// One `[[forge]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Forge {
    /// Host name, lowercase (`github.com`, `index.crates.io`).
    pub host: String,
    /// Code host or registry.
    pub kind: ForgeKind,
    /// For registries, the ecosystem as a purl type (`cargo`, `npm`, `pypi`, …).
    pub ecosystem: Option<String>,
    /// Id of the operating organisation in the org table.
    pub operator: String,
    /// ISO 3166-1 alpha-2 code of the operator's country; absent only for a community
    /// operator with no country, and `note` then says why.
    pub country: Option<String>,
    /// Free-text remark.
    pub note: Option<String>,
    /// Public URL where a reviewer can check the entry.
    pub source: String,
}

/// Forges by host; later entries replace earlier ones with the same host.
#[derive(Debug, Clone, Default)]
pub struct ForgeIndex {
    by_host: BTreeMap<String, Forge>,
}

impl ForgeIndex {
    /// Builds an index, or returns every problem found in the entries.
    pub fn from_entries(entries: Vec<Forge>) -> Result<ForgeIndex, Vec<EntryError>> {
        let mut index = ForgeIndex::default();
        index.extend(entries)?;
        Ok(index)
    }

    /// Adds entries; an entry for a known host replaces it. On any problem the index is left
    /// unchanged and every problem is returned.
    pub fn extend(&mut self, entries: Vec<Forge>) -> Result<(), Vec<EntryError>> {
        let mut problems: Vec<EntryError> = entries.iter().flat_map(check_entry).collect();
        let mut seen = BTreeMap::new();
        for f in &entries {
            if seen.insert(f.host.as_str(), ()).is_some() {
                problems.push(EntryError::duplicate(Table::Forge, &f.host, "host listed twice"));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        for f in entries {
            self.by_host.insert(f.host.clone(), f);
        }
        Ok(())
    }

    /// Operators that are not in `orgs`, one message each.
    pub fn check_references(&self, orgs: &OrgIndex) -> Vec<EntryError> {
        self.iter()
            .filter(|f| orgs.by_id(&f.operator).is_none())
            .map(|f| {
                let message = format!("operator `{}` is not a known org", f.operator);
                EntryError::new(Table::Forge, &f.host, message)
            })
            .collect()
    }

    /// Number of hosts.
    pub fn len(&self) -> usize {
        self.by_host.len()
    }

    /// True when there are no hosts.
    pub fn is_empty(&self) -> bool {
        self.by_host.is_empty()
    }

    /// Every forge, sorted by host.
    pub fn iter(&self) -> impl Iterator<Item = &Forge> {
        self.by_host.values()
    }

    /// The forge serving `host`, walking up subdomains (`api.github.com` → `github.com`).
    pub fn by_host(&self, host: &str) -> Option<&Forge> {
        let host = normalize_domain(host)?;
        let mut rest = host.as_str();
        loop {
            if let Some(f) = self.by_host.get(rest) {
                return Some(f);
            }
            rest = rest.split_once('.')?.1;
        }
    }

    /// The forge serving a URL or scp-like git address (`https://gitlab.com/x/y`,
    /// `git@github.com:x/y.git`, `ssh://git@codeberg.org/x/y`).
    pub fn by_url(&self, url: &str) -> Option<&Forge> {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        let host_port = authority.rsplit('@').next().unwrap_or(authority);
        let host = host_port.split(':').next().unwrap_or(host_port);
        self.by_host(host)
    }
}

/// Problems within one entry.
fn check_entry(f: &Forge) -> Vec<EntryError> {
    let mut p = Vec::new();
    let host = &f.host;
    let mut problem = |message: String| p.push(EntryError::new(Table::Forge, host, message));
    if normalize_domain(host).as_deref() != Some(host.as_str()) || !host.contains('.') {
        problem("host is not a lowercase host name".into());
    }
    match &f.country {
        Some(c) if !is_code_shape(c) => {
            problem(format!("country `{c}` is not two uppercase letters"));
        }
        None if f.note.is_none() => problem("no country and no note saying why".into()),
        _ => {}
    }
    match (f.kind, &f.ecosystem) {
        (ForgeKind::Registry, None) => problem("a registry needs an ecosystem".into()),
        (ForgeKind::CodeHost, Some(_)) => problem("a code host has no ecosystem".into()),
        _ => {}
    }
    if !f.source.starts_with("https://") {
        problem("source is not an https URL".into());
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forge(host: &str, kind: ForgeKind, ecosystem: Option<&str>) -> Forge {
        Forge {
            host: host.to_string(),
            kind,
            ecosystem: ecosystem.map(str::to_string),
            operator: "op".to_string(),
            country: Some("DE".to_string()),
            note: None,
            source: "https://example.org/".to_string(),
        }
    }

    #[test]
    fn urls_and_subdomains_find_their_host() {
        let idx =
            ForgeIndex::from_entries(vec![forge("git.example.org", ForgeKind::CodeHost, None)]).unwrap();
        for url in [
            "https://git.example.org/a/b",
            "git@git.example.org:a/b.git",
            "ssh://git@git.example.org:2222/a/b",
            "https://api.git.example.org",
            "GIT.EXAMPLE.ORG",
        ] {
            assert!(idx.by_url(url).is_some(), "{url}");
        }
        assert!(idx.by_url("https://example.org/").is_none());
        assert!(idx.by_host("").is_none());
    }

    #[test]
    fn malformed_entries_are_rejected() {
        let errs = ForgeIndex::from_entries(vec![
            forge("Example.org", ForgeKind::Registry, None),
            forge("a.example", ForgeKind::CodeHost, Some("npm")),
            forge("a.example", ForgeKind::CodeHost, None),
        ])
        .unwrap_err();
        assert_eq!(errs.len(), 4, "{errs:?}");
    }
}
