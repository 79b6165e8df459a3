//! `kb lookup`: everything the knowledge base says about one piece of text.
//!
//! When an audit attributes a package wrongly, the user's first question is "what does the tool
//! believe about `aws`, `amazon.com`, `München` or `BUSL-1.1`?". The same text can mean several
//! things (an organisation's GitHub login, a country code, a package name), so [`lookup`] tries
//! every interpretation the audit itself would use and returns each hit as data
//! ([`Hit`]); the binary prints them as text ([`render`]) or JSON. Finding nothing is an
//! answer, not an error.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::describe::describe;
use super::hits::{
    CountryHit, ForgeHit, Hit, JurisdictionHit, LicenseHit, LocationHit, Lookup, OrgHit, VendorHit,
};
use super::query::{split_package, url_host_path};
use crate::kb::base::Kb;
use crate::kb::geo::location::{self, Via};
use crate::kb::geo::{countries, flags, jurisdictions};
use crate::kb::licenses::LicenseCategory;
use crate::kb::orgs::Org;
use crate::kb::vendors::{self, Vendor};
use crate::terminal::safe_writeln;

/// Longest text looked up; longer input is cut (lookups stay bounded whatever the input).
const MAX_QUERY: usize = 1024;

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
        found.extend(orgs.by_huggingface(q).map(|o| (o, "huggingface organisation")));
        if q.contains('.') {
            found.extend(orgs.by_domain(q).map(|o| (o, "domain")));
        }
        if let Some((host, path)) = url_host_path(q) {
            let first = path.split('/').next().unwrap_or("");
            let owner = match host.as_str() {
                "github.com" if !first.is_empty() => orgs.by_github(first),
                "gitlab.com" if !first.is_empty() => orgs.by_gitlab(path.trim_end_matches(".git")),
                "huggingface.co" if !first.is_empty() => orgs.by_huggingface(first),
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
