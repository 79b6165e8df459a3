//! Organisations: companies, foundations, communities, governments and universities, with the
//! GitHub and GitLab accounts, domains and names by which package metadata points at them.
//!
//! The question the tool answers is "who controls this, and from where?", and control follows
//! ownership: a Swedish studio owned by a Japanese group is controlled from Japan. Each entry
//! therefore names its direct `parent`, and [`OrgIndex::control_country`] follows the chain to
//! the top. Individuals are never entries: only organisations and community projects.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::kb::domains::{domain_candidates, is_unattributable_domain, normalize_domain};
use crate::kb::entry_error::{EntryError, Table};
use crate::kb::geo::countries::is_code_shape;
use crate::kb::names::{is_kebab_case, normalize_name};

/// What kind of organisation an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrgKind {
    /// A for-profit company.
    Company,
    /// A non-profit foundation, association or consortium.
    Foundation,
    /// A community project with no legal entity of its own controlling it.
    Community,
    /// A government body or agency.
    Government,
    /// A university or public research institute.
    Academic,
}

/// One `[[org]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Org {
    /// Unique kebab-case identifier (`amazon`, `rust-foundation`).
    pub id: String,
    /// Display name, usually the legal or common name.
    pub name: String,
    /// Other names: brands, former names, legal names of the same entity.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What kind of organisation this is.
    pub kind: OrgKind,
    /// ISO 3166-1 alpha-2 code of the headquarters; absent for communities with no country.
    pub country: Option<String>,
    /// Id of the direct parent organisation, if any.
    pub parent: Option<String>,
    /// GitHub organisation logins.
    #[serde(default)]
    pub github: Vec<String>,
    /// Group paths on gitlab.com (a self-hosted GitLab instance is a forge, not a group).
    #[serde(default)]
    pub gitlab: Vec<String>,
    /// Hugging Face Hub organisation names, exactly as the publisher's official account
    /// spells them: a `pkg:huggingface/<org>/…` model is that organisation's.
    #[serde(default)]
    pub huggingface: Vec<String>,
    /// E-mail and web domains.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Wikidata item id (`Q95`).
    pub wikidata: Option<String>,
    /// Free-text remark, e.g. why a community has no country.
    pub note: Option<String>,
    /// Public URL where a reviewer can check the entry.
    pub source: String,
}

/// Organisations with lookups by id, account, domain and name.
///
/// Entries are kept in precedence order: the embedded ones first, then each batch given to
/// [`OrgIndex::extend`]. When two entries claim the same account, domain or name, the later one
/// wins, so a user's knowledge base overrides the embedded one.
#[derive(Debug, Clone, Default)]
pub struct OrgIndex {
    entries: Vec<Org>,
    by_id: BTreeMap<String, usize>,
    github: BTreeMap<String, usize>,
    gitlab: BTreeMap<String, usize>,
    huggingface: BTreeMap<String, usize>,
    domains: BTreeMap<String, usize>,
    names: BTreeMap<String, usize>,
}

impl OrgIndex {
    /// Builds an index, or returns every problem found in the entries.
    pub fn from_entries(entries: Vec<Org>) -> Result<OrgIndex, Vec<EntryError>> {
        let mut index = OrgIndex::default();
        index.extend(entries)?;
        Ok(index)
    }

    /// An index of entries known to pass [`OrgIndex::from_entries`]'s checks, without checking
    /// them again: the embedded file's, which the test suite checks (checking its domains at
    /// every start was a fifth of a small audit).
    pub(crate) fn from_checked_entries(entries: Vec<Org>) -> OrgIndex {
        OrgIndex::rebuild(entries)
    }

    /// Adds entries; an entry with an existing id replaces it. On any problem the index is left
    /// unchanged and every problem is returned.
    pub fn extend(&mut self, entries: Vec<Org>) -> Result<(), Vec<EntryError>> {
        let mut problems: Vec<EntryError> = entries.iter().flat_map(check_entry).collect();
        problems.extend(check_unique_keys(&entries));
        let new_ids: BTreeSet<&str> = entries.iter().map(|o| o.id.as_str()).collect();
        let mut merged: Vec<Org> =
            self.entries.iter().filter(|o| !new_ids.contains(o.id.as_str())).cloned().collect();
        merged.extend(entries);
        problems.extend(check_parents(&merged));
        if !problems.is_empty() {
            return Err(problems);
        }
        *self = OrgIndex::rebuild(merged);
        Ok(())
    }

    /// Indexes entries already checked, later entries winning on shared keys.
    fn rebuild(entries: Vec<Org>) -> OrgIndex {
        let mut index = OrgIndex { entries, ..OrgIndex::default() };
        for (i, org) in index.entries.iter().enumerate() {
            index.by_id.insert(org.id.clone(), i);
            for login in &org.github {
                index.github.insert(login.to_ascii_lowercase(), i);
            }
            for path in &org.gitlab {
                index.gitlab.insert(path.to_ascii_lowercase(), i);
            }
            for name in &org.huggingface {
                index.huggingface.insert(name.to_ascii_lowercase(), i);
            }
            for domain in &org.domains {
                index.domains.insert(domain.to_ascii_lowercase(), i);
            }
            for name in name_keys(org) {
                index.names.insert(name, i);
            }
        }
        index
    }

    /// Number of organisations.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True when there are no organisations.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Every organisation, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = &Org> {
        self.by_id.values().filter_map(|i| self.entries.get(*i))
    }

    /// The organisation with this id.
    pub fn by_id(&self, id: &str) -> Option<&Org> {
        self.by_id.get(id).and_then(|i| self.entries.get(*i))
    }

    /// The organisation owning a GitHub login (case-insensitive).
    pub fn by_github(&self, login: &str) -> Option<&Org> {
        self.github.get(&login.trim().to_ascii_lowercase()).and_then(|i| self.entries.get(*i))
    }

    /// The organisation owning a Hugging Face Hub account (matched case-insensitively, as
    /// GitHub logins are).
    pub fn by_huggingface(&self, name: &str) -> Option<&Org> {
        self.huggingface.get(&name.trim().to_ascii_lowercase()).and_then(|i| self.entries.get(*i))
    }

    /// The organisation owning a GitLab group path; subgroups belong to their top group's owner
    /// unless listed themselves (`gitlab-org/security` → `gitlab-org`).
    pub fn by_gitlab(&self, path: &str) -> Option<&Org> {
        let mut path = path.trim().trim_matches('/').to_ascii_lowercase();
        loop {
            if let Some(org) = self.gitlab.get(&path).and_then(|i| self.entries.get(*i)) {
                return Some(org);
            }
            path.truncate(path.rfind('/')?);
        }
    }

    /// The organisation owning a domain or the domain of an e-mail address, walking up
    /// subdomains (`mail.eu.amazon.com` → `amazon.com`). Public suffixes and generic mail
    /// providers (`gmail.com`, `proton.me`) never match.
    pub fn by_domain(&self, domain: &str) -> Option<&Org> {
        let domain = normalize_domain(domain)?;
        domain_candidates(&domain)
            .into_iter()
            .find_map(|d| self.domains.get(d))
            .and_then(|i| self.entries.get(*i))
    }

    /// The organisation with this name or alias, ignoring case, accents, punctuation and
    /// legal-form suffixes (`Google LLC` → `google`, `France Telecom` → `France Télécom`; see
    /// [`normalize_name`]).
    pub fn by_name(&self, text: &str) -> Option<&Org> {
        let key = normalize_name(text);
        if key.is_empty() {
            return None;
        }
        self.names.get(&key).and_then(|i| self.entries.get(*i))
    }

    /// The organisation and its parents, nearest first. Stops at a missing parent or before
    /// revisiting an entry, so it terminates on any data.
    pub fn chain(&self, id: &str) -> Vec<&Org> {
        let mut out: Vec<&Org> = Vec::new();
        let mut next = self.by_id(id);
        while let Some(org) = next {
            if out.iter().any(|o| o.id == org.id) {
                break;
            }
            out.push(org);
            next = org.parent.as_deref().and_then(|p| self.by_id(p));
        }
        out
    }

    /// The top of the ownership chain: the organisation itself when it has no parent.
    pub fn ultimate_parent(&self, id: &str) -> Option<&Org> {
        self.chain(id).last().copied()
    }

    /// The country the organisation is controlled from: the country of the highest entry in
    /// its ownership chain that has one. `None` for a community with no country.
    pub fn control_country(&self, id: &str) -> Option<&str> {
        self.chain(id).iter().rev().find_map(|o| o.country.as_deref())
    }
}

/// Normalised names and aliases of one organisation, without repeats.
fn name_keys(org: &Org) -> BTreeSet<String> {
    std::iter::once(&org.name)
        .chain(&org.aliases)
        .map(|n| normalize_name(n))
        .filter(|n| !n.is_empty())
        .collect()
}

/// Problems within one entry.
fn check_entry(org: &Org) -> Vec<EntryError> {
    let mut p = Vec::new();
    let id = &org.id;
    let mut problem = |message: String| p.push(EntryError::new(Table::Org, id, message));
    if !is_kebab_case(id) {
        problem("id is not kebab-case".into());
    }
    if org.name.trim().is_empty() {
        problem("name is empty".into());
    }
    match &org.country {
        Some(c) if !is_code_shape(c) => {
            problem(format!("country `{c}` is not two uppercase letters"));
        }
        None if org.note.is_none() => problem("no country and no note saying why".into()),
        _ => {}
    }
    if !org.source.starts_with("https://") {
        problem("source is not an https URL".into());
    }
    if let Some(q) = &org.wikidata {
        if !(q.len() > 1 && q.starts_with('Q') && q.bytes().skip(1).all(|b| b.is_ascii_digit())) {
            problem(format!("wikidata `{q}` is not a Q-id"));
        }
    }
    for login in &org.github {
        if login.is_empty() || !login.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            problem(format!("github login `{login}` is malformed"));
        }
    }
    for path in &org.gitlab {
        if path.is_empty() || !path.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
            problem(format!("gitlab path `{path}` is malformed"));
        }
    }
    for name in &org.huggingface {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
            problem(format!("huggingface organisation `{name}` is malformed"));
        }
    }
    for domain in &org.domains {
        if normalize_domain(domain).as_deref() != Some(domain.as_str()) {
            problem(format!("domain `{domain}` is not a lowercase domain name"));
        } else if is_unattributable_domain(domain) {
            problem(format!("domain `{domain}` is a public suffix or generic mail provider"));
        } else if domain_candidates(domain).is_empty() {
            problem(format!("domain `{domain}` lies under a generic mail provider"));
        }
    }
    p
}

/// Ids, accounts, domains and names claimed by more than one entry of a batch.
fn check_unique_keys(entries: &[Org]) -> Vec<EntryError> {
    let mut seen: BTreeMap<(&str, String), &str> = BTreeMap::new();
    let mut problems = Vec::new();
    for org in entries {
        let keys = std::iter::once(("id", org.id.clone()))
            .chain(org.github.iter().map(|g| ("github login", g.to_ascii_lowercase())))
            .chain(org.gitlab.iter().map(|g| ("gitlab path", g.to_ascii_lowercase())))
            .chain(org.huggingface.iter().map(|g| ("huggingface organisation", g.to_ascii_lowercase())))
            .chain(org.domains.iter().map(|d| ("domain", d.to_ascii_lowercase())))
            .chain(name_keys(org).into_iter().map(|n| ("name", n)));
        let keys: BTreeSet<(&str, String)> = keys.collect();
        for (what, key) in keys {
            if let Some(first) = seen.insert((what, key.clone()), &org.id) {
                let message = format!("{what} `{key}` is also claimed by `{first}`");
                problems.push(EntryError::duplicate(Table::Org, &org.id, message));
            }
        }
    }
    problems
}

/// Parents that do not exist and ownership cycles.
fn check_parents(entries: &[Org]) -> Vec<EntryError> {
    let parents: BTreeMap<&str, Option<&str>> =
        entries.iter().map(|o| (o.id.as_str(), o.parent.as_deref())).collect();
    let mut problems = Vec::new();
    let mut cycles: BTreeSet<Vec<&str>> = BTreeSet::new();
    for (&id, &parent) in &parents {
        if let Some(p) = parent {
            if !parents.contains_key(p) {
                problems.push(EntryError::new(Table::Org, id, format!("parent `{p}` is not a known org")));
            }
        }
        let mut path = vec![id];
        let mut next = parent;
        while let Some(p) = next {
            if let Some(start) = path.iter().position(|x| *x == p) {
                let mut cycle = path.split_off(start);
                cycle.sort_unstable();
                cycles.insert(cycle);
                break;
            }
            path.push(p);
            next = parents.get(p).copied().flatten();
        }
    }
    for cycle in cycles {
        problems.push(EntryError::of_several(format!("orgs {} form a parent cycle", cycle.join(", "))));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: &str, parent: Option<&str>, country: Option<&str>) -> Org {
        Org {
            id: id.to_string(),
            name: id.to_uppercase(),
            aliases: Vec::new(),
            kind: OrgKind::Company,
            country: country.map(str::to_string),
            parent: parent.map(str::to_string),
            github: Vec::new(),
            gitlab: Vec::new(),
            huggingface: Vec::new(),
            domains: Vec::new(),
            wikidata: None,
            note: Some("test".to_string()),
            source: "https://example.org/".to_string(),
        }
    }

    #[test]
    fn cycles_and_missing_parents_are_reported() {
        let errs = OrgIndex::from_entries(vec![
            org("a", Some("b"), Some("DE")),
            org("b", Some("a"), Some("DE")),
            org("c", Some("nowhere"), Some("DE")),
        ])
        .unwrap_err();
        assert!(errs.iter().any(|e| e.to_string() == "orgs a, b form a parent cycle" && e.entry.is_none()));
        assert!(errs.iter().any(|e| e.to_string() == "org `c`: parent `nowhere` is not a known org"));
        assert_eq!(errs.len(), 2, "{errs:?}");
    }

    #[test]
    fn control_country_is_the_top_of_the_chain() {
        let idx = OrgIndex::from_entries(vec![
            org("studio", Some("group"), Some("SE")),
            org("group", Some("holding"), Some("JP")),
            org("holding", None, None),
        ])
        .unwrap();
        assert_eq!(idx.ultimate_parent("studio").map(|o| o.id.as_str()), Some("holding"));
        // The holding has no country, so the highest entry that has one counts.
        assert_eq!(idx.control_country("studio"), Some("JP"));
        assert_eq!(idx.control_country("unknown"), None);
    }

    #[test]
    fn extend_overrides_by_id_and_later_keys_win() {
        let mut a = org("a", None, Some("US"));
        a.domains = vec!["a.example".to_string()];
        let mut idx = OrgIndex::from_entries(vec![a, org("b", None, Some("US"))]).unwrap();
        let mut b = org("b", None, Some("FR"));
        b.domains = vec!["a.example".to_string()];
        idx.extend(vec![b]).unwrap();
        assert_eq!(idx.len(), 2);
        assert_eq!(idx.control_country("b"), Some("FR"));
        assert_eq!(idx.by_domain("x.a.example").map(|o| o.id.as_str()), Some("b"));
        // A broken batch leaves the index as it was.
        assert!(idx.extend(vec![org("c", Some("c"), Some("DE"))]).is_err());
        assert!(idx.by_id("c").is_none());
    }

    #[test]
    fn entry_problems_are_all_reported() {
        let mut bad = org("Bad_Id", None, Some("de"));
        bad.source = "http://example.org".to_string();
        bad.domains = vec!["gmail.com".to_string(), "Upper.example".to_string()];
        bad.wikidata = Some("95".to_string());
        assert_eq!(check_entry(&bad).len(), 6, "{:?}", check_entry(&bad));
        assert!(is_kebab_case("rust-foundation"));
        assert!(!is_kebab_case("a--b"));
    }
}
