//! `kb lookup`: everything the knowledge base says about one piece of text.
//!
//! When an audit attributes a package wrongly, the user's first question is "what does the tool
//! believe about `aws`, `amazon.com`, `München` or `BUSL-1.1`?". The same text can mean several
//! things (an organisation's GitHub login, a country code, a package name), so [`lookup`] tries
//! every interpretation the audit itself would use and returns each hit as data; the binary
//! prints them as text ([`render`]) or JSON. Finding nothing is an answer, not an error.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::kb::base::Kb;
use crate::kb::forges::ForgeKind;
use crate::kb::geo::location::{self, Via};
use crate::kb::geo::{countries, flags, jurisdictions};
use crate::kb::licenses::LicenseCategory;
use crate::kb::orgs::{Org, OrgKind};
use crate::kb::vendors::{self, Alternative, Vendor, VendorKind};
use crate::terminal::safe_writeln;

/// Longest text looked up; longer input is cut (lookups stay bounded whatever the input).
const MAX_QUERY: usize = 1024;

/// Every hit for one query, in a fixed order: organisations, forges, vendors, licences,
/// countries, jurisdiction groups, locations; within a kind, sorted by id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lookup {
    /// The text looked up, trimmed.
    pub query: String,
    /// What it matched.
    pub hits: Vec<Hit>,
}

/// One interpretation of the query.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Hit {
    /// An organisation.
    Org(OrgHit),
    /// A code host or registry.
    Forge(ForgeHit),
    /// A vendor whose clients are lock-in.
    Vendor(VendorHit),
    /// A licence id, expression or name.
    License(LicenseHit),
    /// A country.
    Country(CountryHit),
    /// A jurisdiction group.
    Jurisdiction(JurisdictionHit),
    /// A free-text location.
    Location(LocationHit),
}

/// An organisation and its ownership chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgHit {
    /// How the query matched: `id`, `github login`, `gitlab group`, `domain`, `name`, sorted.
    pub matched_by: Vec<String>,
    /// The organisation's id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Company, foundation, community, …
    pub kind: OrgKind,
    /// Its own country.
    pub country: Option<String>,
    /// Its parents, nearest first (ids).
    pub parents: Vec<String>,
    /// The country it is controlled from (the top of the chain).
    pub control_country: Option<String>,
    /// Wikidata item id.
    pub wikidata: Option<String>,
    /// Remark from the entry.
    pub note: Option<String>,
    /// Where the entry can be checked.
    pub source: String,
}

/// A code host or registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForgeHit {
    /// The host name of the entry (the query may be a subdomain or URL on it).
    pub host: String,
    /// Code host or registry.
    pub kind: ForgeKind,
    /// For registries, the ecosystem.
    pub ecosystem: Option<String>,
    /// Operating organisation's id.
    pub operator: String,
    /// Operating organisation's name, when known.
    pub operator_name: Option<String>,
    /// The operator's country as the entry gives it.
    pub country: Option<String>,
    /// The country the operator is controlled from.
    pub control_country: Option<String>,
    /// Remark from the entry.
    pub note: Option<String>,
    /// Where the entry can be checked.
    pub source: String,
}

/// A vendor and the ways out of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorHit {
    /// How the query matched: `id`, or `<ecosystem> package (pattern <glob>)`, sorted.
    pub matched_by: Vec<String>,
    /// The vendor's id.
    pub id: String,
    /// The service, for people.
    pub service: String,
    /// What sort of lock-in.
    pub kind: VendorKind,
    /// The organisation running the service.
    pub org: String,
    /// The country that organisation is controlled from.
    pub control_country: Option<String>,
    /// European or vendor-neutral alternatives.
    pub alternatives: Vec<Alternative>,
    /// Remark from the entry.
    pub note: Option<String>,
    /// Where the entry can be checked.
    pub source: String,
}

/// A licence string as the audit classifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenseHit {
    /// The normalised SPDX expression, when there is one.
    pub expression: Option<String>,
    /// The category of the whole expression.
    pub category: LicenseCategory,
    /// The licence ids in it.
    pub ids: Vec<String>,
}

/// A country and the groups it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryHit {
    /// How the query matched: `code`, `name`, `alias`, `demonym` or `flag`.
    pub matched_by: String,
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// ISO short name.
    pub name: String,
    /// Flag emoji.
    pub flag: Option<String>,
    /// Jurisdiction groups that include it, sorted.
    pub groups: Vec<String>,
    /// Groups that include it only in part, sorted.
    pub partial_groups: Vec<String>,
}

/// A jurisdiction group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JurisdictionHit {
    /// The group's name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Member codes, sorted.
    pub members: Vec<String>,
    /// Members covered only in part, sorted.
    pub partial: Vec<String>,
    /// Official list of members.
    pub source: String,
}

/// A free-text location read the way the audit reads a profile's `location`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationHit {
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// The part of the text that decided it.
    pub matched: String,
    /// What kind of evidence that part is: `flag`, `country name`, `demonym`, `city`,
    /// `region`, `alias`, `country code`.
    pub via: String,
    /// From 0 to 1, rounded to two decimals.
    pub confidence: f64,
}

/// Everything `kb` says about `text`.
pub fn lookup(kb: &Kb, text: &str) -> Lookup {
    let query: String = text.trim().chars().take(MAX_QUERY).collect();
    let mut hits: Vec<Hit> = Vec::new();
    if query.is_empty() {
        return Lookup { query, hits };
    }
    hits.extend(org_hits(kb, &query).into_iter().map(Hit::Org));
    hits.extend(forge_hit(kb, &query).map(Hit::Forge));
    hits.extend(vendor_hits(kb, &query).into_iter().map(Hit::Vendor));
    hits.extend(license_hit(kb, &query).map(Hit::License));
    let country = country_hit(&query);
    let country_code = country.as_ref().map(|c| c.code.clone());
    hits.extend(country.map(Hit::Country));
    hits.extend(jurisdiction_hit(&query).map(Hit::Jurisdiction));
    // A location that only repeats the country hit adds nothing.
    hits.extend(
        location_hit(&query).filter(|l| Some(&l.country) != country_code.as_ref()).map(Hit::Location),
    );
    Lookup { query, hits }
}

/// Organisations the query names, by every key the audit uses.
fn org_hits(kb: &Kb, q: &str) -> Vec<OrgHit> {
    let orgs = &kb.orgs;
    let mut found: Vec<(&Org, &str)> = Vec::new();
    let single_word = !q.contains(char::is_whitespace);
    if single_word {
        found.extend(orgs.by_id(q).map(|o| (o, "id")));
        found.extend(orgs.by_github(q).map(|o| (o, "github login")));
        found.extend(orgs.by_gitlab(q).map(|o| (o, "gitlab group")));
        if q.contains('.') {
            found.extend(orgs.by_domain(q).map(|o| (o, "domain")));
        }
        if let Some((host, path)) = url_host_path(q) {
            let first = path.split('/').next().unwrap_or("");
            let owner = match host.as_str() {
                "github.com" if !first.is_empty() => orgs.by_github(first),
                "gitlab.com" if !first.is_empty() => orgs.by_gitlab(path.trim_end_matches(".git")),
                _ => None,
            };
            found.extend(owner.map(|o| (o, "repository owner")));
            // A path on a forge is about the path's owner; the forge hit covers the host.
            if path.is_empty() || kb.forges.by_host(&host).is_none() {
                found.extend(orgs.by_domain(&host).map(|o| (o, "domain")));
            }
        }
    }
    found.extend(orgs.by_name(q).map(|o| (o, "name")));
    merge(found, |o| o.id.as_str(), |o| org_hit(kb, o), |h| &mut h.matched_by)
}

/// One hit per entry, sorted by the entry's key, each listing every way the query matched it.
fn merge<'a, E, H>(
    found: Vec<(&'a E, impl Into<String>)>,
    key: impl Fn(&'a E) -> &'a str,
    make: impl Fn(&'a E) -> H,
    matched_by: impl Fn(&mut H) -> &mut Vec<String>,
) -> Vec<H> {
    let mut hits: BTreeMap<&str, H> = BTreeMap::new();
    for (entry, how) in found {
        let hit = hits.entry(key(entry)).or_insert_with(|| make(entry));
        matched_by(hit).push(how.into());
    }
    hits.into_values()
        .map(|mut h| {
            let list = matched_by(&mut h);
            list.sort();
            list.dedup();
            h
        })
        .collect()
}

fn org_hit(kb: &Kb, org: &Org) -> OrgHit {
    OrgHit {
        matched_by: Vec::new(),
        id: org.id.clone(),
        name: org.name.clone(),
        kind: org.kind,
        country: org.country.clone(),
        parents: kb.orgs.chain(&org.id).iter().skip(1).map(|o| o.id.clone()).collect(),
        control_country: kb.orgs.control_country(&org.id).map(str::to_string),
        wikidata: org.wikidata.clone(),
        note: org.note.clone(),
        source: org.source.clone(),
    }
}

/// The host and path of a URL or git address, with or without a scheme
/// (`https://github.com/aws/x`, `github.com/aws/x`, `git@github.com:aws/x.git` →
/// `github.com`, `aws/x…`). `None` when the text has no dotted host in front.
fn url_host_path(q: &str) -> Option<(String, String)> {
    let (scheme, rest) = match q.split_once("://") {
        Some((_, rest)) => (true, rest),
        None => (false, q),
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, path) = match authority.split_once(':') {
        // `host:path` is an scp-like git address; after a scheme, `host:port`.
        Some((host, first)) if !scheme && !first.is_empty() => (host, format!("{first}/{path}")),
        Some((host, _)) => (host, path.to_string()),
        None => (authority, path.to_string()),
    };
    host.contains('.').then(|| (host.to_ascii_lowercase(), path.trim_matches('/').to_string()))
}

fn forge_hit(kb: &Kb, q: &str) -> Option<ForgeHit> {
    if q.contains(char::is_whitespace) || !q.contains('.') {
        return None;
    }
    let f = kb.forges.by_url(q)?;
    Some(ForgeHit {
        host: f.host.clone(),
        kind: f.kind,
        ecosystem: f.ecosystem.clone(),
        operator: f.operator.clone(),
        operator_name: kb.orgs.by_id(&f.operator).map(|o| o.name.clone()),
        country: f.country.clone(),
        control_country: kb.orgs.control_country(&f.operator).map(str::to_string),
        note: f.note.clone(),
        source: f.source.clone(),
    })
}

/// Vendors the query names: by id, as `ecosystem:name`, or as a bare name in any ecosystem.
fn vendor_hits(kb: &Kb, q: &str) -> Vec<VendorHit> {
    if q.contains(char::is_whitespace) {
        return Vec::new();
    }
    let mut found: Vec<(&Vendor, String)> = Vec::new();
    found.extend(kb.vendors.by_id(q).map(|v| (v, "id".to_string())));
    let qualified = q
        .split_once(':')
        .filter(|(eco, _)| vendors::ecosystems().contains(&eco.to_ascii_lowercase().as_str()));
    let tries: Vec<(String, &str)> = match qualified {
        Some((eco, name)) => vec![(eco.to_ascii_lowercase(), name)],
        None => vendors::ecosystems().iter().map(|e| (e.to_string(), q)).collect(),
    };
    for (eco, full) in tries {
        let (ns, name) = split_package(&eco, full);
        if let Some(v) = kb.vendors.match_package(&eco, ns, name) {
            let pattern =
                v.matching_patterns(&eco, ns, name).first().map(|p| p.to_string()).unwrap_or_default();
            found.push((v, format!("{eco} package (pattern `{pattern}`)")));
        }
    }
    merge(found, |v| v.id.as_str(), |v| vendor_hit(kb, v), |h| &mut h.matched_by)
}

fn vendor_hit(kb: &Kb, v: &Vendor) -> VendorHit {
    VendorHit {
        matched_by: Vec::new(),
        id: v.id.clone(),
        service: v.service.clone(),
        kind: v.kind,
        org: v.org.clone(),
        control_country: kb.orgs.control_country(&v.org).map(str::to_string),
        alternatives: v.alternatives.clone(),
        note: v.note.clone(),
        source: v.source.clone(),
    }
}

/// A full package name split into the purl namespace and name, as the ecosystem writes it:
/// `@scope/name` (npm), `group:artifact` (Maven), `path/to/module` (Go, Composer, Swift).
fn split_package<'a>(ecosystem: &str, full: &'a str) -> (Option<&'a str>, &'a str) {
    let split = match ecosystem {
        "npm" if full.starts_with('@') => full.split_once('/'),
        "maven" => full.rsplit_once(':'),
        "golang" | "composer" | "swift" => full.rsplit_once('/'),
        _ => None,
    };
    match split {
        Some((ns, name)) if !ns.is_empty() && !name.is_empty() => (Some(ns), name),
        _ => (None, full),
    }
}

/// The licence reading of the query, when it is a licence the knowledge base knows: a known
/// category, or a valid expression whose every id is listed.
fn license_hit(kb: &Kb, q: &str) -> Option<LicenseHit> {
    let v = kb.licenses.classify(q);
    let known_ids = !v.ids.is_empty() && v.ids.iter().all(|id| kb.licenses.category_of_id(id).is_some());
    let useful = v.category != LicenseCategory::Unknown || (v.expression.is_some() && known_ids);
    useful.then_some(LicenseHit { expression: v.expression, category: v.category, ids: v.ids })
}

fn country_hit(q: &str) -> Option<CountryHit> {
    let (code, how) = if let Some(code) = flags::from_flag(q) {
        (code, "flag")
    } else if let Some(code) = (q.len() == 2).then(|| countries::canonical_code(q)).flatten() {
        (code, "code")
    } else {
        let (code, kind) = countries::lookup_name(q)?;
        let how = match kind {
            countries::NameKind::Name => "name",
            countries::NameKind::Alias => "alias",
            countries::NameKind::Demonym => "demonym",
        };
        (code, how)
    };
    let country = countries::get(code)?;
    let groups = jurisdictions::groups();
    Some(CountryHit {
        matched_by: how.to_string(),
        code: country.code.to_string(),
        name: country.common_name.unwrap_or(country.name).to_string(),
        flag: flags::flag(code),
        groups: groups
            .iter()
            .filter(|g| g.members.iter().any(|m| m == code))
            .map(|g| g.name.clone())
            .collect(),
        partial_groups: groups
            .iter()
            .filter(|g| g.partial.iter().any(|m| m == code))
            .map(|g| g.name.clone())
            .collect(),
    })
}

fn jurisdiction_hit(q: &str) -> Option<JurisdictionHit> {
    let g = jurisdictions::get(q)?;
    Some(JurisdictionHit {
        name: g.name.clone(),
        description: g.description.clone(),
        members: g.members.clone(),
        partial: g.partial.clone(),
        source: g.source.clone(),
    })
}

fn location_hit(q: &str) -> Option<LocationHit> {
    let l = location::locate(q)?;
    let via = match l.via {
        Via::Flag => "flag",
        Via::CountryName => "country name",
        Via::Demonym => "demonym",
        Via::City => "city",
        Via::Region => "region",
        Via::Alias => "alias",
        Via::CountryCode => "country code",
    };
    Some(LocationHit {
        country: l.country,
        matched: l.matched,
        via: via.to_string(),
        confidence: (f64::from(l.confidence) * 100.0).round() / 100.0,
    })
}

/// The kebab-case name serde gives a unit enum value (`OrgKind::Company` → `company`).
pub(crate) fn kebab<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A country code with its name: `US (United States of America)`; `-` for none.
fn country_label(code: Option<&str>) -> String {
    match code {
        Some(c) => match countries::get(c) {
            Some(country) => format!("{c} ({})", country.common_name.unwrap_or(country.name)),
            None => c.to_string(),
        },
        None => "-".to_string(),
    }
}

/// Writes the hits as text, one block per hit (one line when none), escaped for a terminal.
pub fn render(lookup: &Lookup, out: &mut dyn Write) -> io::Result<()> {
    if lookup.hits.is_empty() {
        return safe_writeln!(out, "nothing in the knowledge base matches `{}`", lookup.query);
    }
    for (i, hit) in lookup.hits.iter().enumerate() {
        if i > 0 {
            safe_writeln!(out)?;
        }
        let (title, fields) = describe(hit);
        safe_writeln!(out, "{title}")?;
        for (label, value) in fields {
            safe_writeln!(out, "  {:<16} {value}", format!("{label}:"))?;
        }
    }
    Ok(())
}

type Fields = Vec<(&'static str, String)>;

fn describe(hit: &Hit) -> (String, Fields) {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
    match hit {
        Hit::Org(o) => {
            let mut f: Fields = vec![("matched by", o.matched_by.join(", ")), ("kind", kebab(&o.kind))];
            f.push(("country", country_label(o.country.as_deref())));
            if !o.parents.is_empty() {
                f.push(("parents", o.parents.join(" → ")));
            }
            f.push(("controlled from", country_label(o.control_country.as_deref())));
            f.extend(o.wikidata.as_ref().map(|w| ("wikidata", w.clone())));
            f.extend(o.note.as_ref().map(|n| ("note", n.clone())));
            f.push(("source", o.source.clone()));
            (format!("organisation `{}`: {}", o.id, o.name), f)
        }
        Hit::Forge(h) => {
            let mut f: Fields = vec![("kind", kebab(&h.kind))];
            f.extend(h.ecosystem.as_ref().map(|e| ("ecosystem", e.clone())));
            let operator = match &h.operator_name {
                Some(name) => format!("{} ({name})", h.operator),
                None => h.operator.clone(),
            };
            f.push(("operator", operator));
            f.push(("country", country_label(h.country.as_deref())));
            f.push(("controlled from", country_label(h.control_country.as_deref())));
            f.extend(h.note.as_ref().map(|n| ("note", n.clone())));
            f.push(("source", h.source.clone()));
            (format!("forge `{}`", h.host), f)
        }
        Hit::Vendor(v) => {
            let mut f: Fields = vec![("matched by", v.matched_by.join(", ")), ("kind", kebab(&v.kind))];
            f.push(("organisation", v.org.clone()));
            f.push(("controlled from", country_label(v.control_country.as_deref())));
            for a in &v.alternatives {
                f.push(("alternative", alternative_label(a)));
            }
            f.extend(v.note.as_ref().map(|n| ("note", n.clone())));
            f.push(("source", v.source.clone()));
            (format!("vendor `{}`: {}", v.id, v.service), f)
        }
        Hit::License(l) => {
            let f: Fields = vec![
                ("expression", opt(&l.expression)),
                ("category", l.category.to_string()),
                ("licence ids", if l.ids.is_empty() { "-".to_string() } else { l.ids.join(", ") }),
            ];
            ("licence".to_string(), f)
        }
        Hit::Country(c) => {
            let mut f: Fields = vec![("matched by", c.matched_by.clone())];
            f.extend(c.flag.as_ref().map(|fl| ("flag", fl.clone())));
            f.push(("groups", if c.groups.is_empty() { "-".to_string() } else { c.groups.join(", ") }));
            if !c.partial_groups.is_empty() {
                f.push(("partly in", c.partial_groups.join(", ")));
            }
            (format!("country {}: {}", c.code, c.name), f)
        }
        Hit::Jurisdiction(j) => {
            let mut f: Fields = vec![
                ("description", j.description.clone()),
                ("members", format!("{} ({})", j.members.len(), j.members.join(" "))),
            ];
            if !j.partial.is_empty() {
                f.push(("partly", j.partial.join(" ")));
            }
            f.push(("source", j.source.clone()));
            (format!("jurisdiction group `{}`", j.name), f)
        }
        Hit::Location(l) => {
            let f: Fields = vec![
                ("country", country_label(Some(&l.country))),
                ("matched", format!("`{}` ({})", l.matched, l.via)),
                ("confidence", format!("{:.2}", l.confidence)),
            ];
            ("location".to_string(), f)
        }
    }
}

fn alternative_label(a: &Alternative) -> String {
    let mut s = match (&a.name, &a.ecosystem, &a.hint) {
        (Some(name), Some(eco), _) => format!("{eco}:{name}"),
        (_, _, Some(hint)) => hint.clone(),
        _ => String::new(),
    };
    if let Some(org) = &a.org {
        s.push_str(&format!(" [{org}]"));
    }
    if let Some(note) = &a.note {
        s.push_str(&format!(" — {note}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_split_as_each_ecosystem_writes_them() {
        assert_eq!(split_package("npm", "@aws-sdk/client-s3"), (Some("@aws-sdk"), "client-s3"));
        assert_eq!(split_package("npm", "left-pad"), (None, "left-pad"));
        assert_eq!(
            split_package("maven", "software.amazon.awssdk:s3"),
            (Some("software.amazon.awssdk"), "s3")
        );
        assert_eq!(
            split_package("golang", "cloud.google.com/go/storage"),
            (Some("cloud.google.com/go"), "storage")
        );
        assert_eq!(split_package("maven", ":s3"), (None, ":s3"));
        assert_eq!(split_package("cargo", "a/b"), (None, "a/b"));
    }

    #[test]
    fn urls_give_host_and_path() {
        let hp = |q: &str| url_host_path(q).map(|(h, p)| format!("{h} {p}"));
        assert_eq!(hp("https://GitHub.com/aws/x/"), Some("github.com aws/x".into()));
        assert_eq!(hp("git@gitlab.com:group/sub/repo.git"), Some("gitlab.com group/sub/repo.git".into()));
        assert_eq!(hp("ssh://git@codeberg.org:2222/a/b"), Some("codeberg.org a/b".into()));
        assert_eq!(hp("someone@amazon.com"), Some("amazon.com ".into()));
        assert_eq!(hp("@aws-sdk/client-s3"), None);
        assert_eq!(hp("aws"), None);
    }
}
