//! Gathering offline evidence about who controls a package: one function per signal of
//! DESIGN.md, each turning what the package says about itself into [`Evidence`] rows through
//! the knowledge base. Nothing here decides; the resolver weighs the rows.

use crate::enrich::signals::{country_tld, email_domain, parse_repo_url, RepoUrl};
use crate::kb::base::Kb;
use crate::kb::geo::countries;
use crate::kb::legal_forms;
use crate::kb::orgs::Org;
use crate::model::{Evidence, Package, Party, Signal};
use crate::model::{Override, Target};

/// How much each signal is believed when it is the only one (DESIGN.md's order).
pub fn base_confidence(signal: Signal) -> f64 {
    match signal {
        Signal::Override => 1.0,
        Signal::PackagePattern => 0.9,
        Signal::SbomCountry => 0.9,
        Signal::RepositoryOwner => 0.8,
        Signal::PackageNamespace => 0.75,
        Signal::RegistryTeam => 0.8,
        Signal::RegistryOwner => 0.7,
        Signal::SameRepository => 0.75,
        Signal::EmailDomain => 0.7,
        Signal::HomepageDomain => 0.6,
        Signal::PartyName => 0.6,
        Signal::AuthorsDomain => 0.6,
        Signal::PersonalAuthors => 0.5,
        Signal::OrganisationLocation => 0.5,
        Signal::ProfileCompany => 0.5,
        Signal::ProfileLocation => 0.5,
        Signal::CountryTld => 0.3,
    }
}

/// Every offline evidence row for `p`, strongest signal first.
pub fn gather(p: &Package, kb: &Kb, overrides: &[Override]) -> Vec<Evidence> {
    let mut out = Vec::new();
    // The repository and home page addresses, parsed once for every signal that reads them.
    let repo = p.repository.as_deref().and_then(parse_repo_url);
    let home = p.homepage.as_deref().and_then(parse_repo_url);
    override_rows(p, kb, overrides, &mut out);
    let repo_owner_org = repository(repo.as_ref(), kb, &mut out);
    namespace(p, kb, &mut out);
    package_pattern(p, kb, repo_owner_org.as_deref(), repo.as_ref(), &mut out);
    // Authors are the package's own word only when no repository says it is someone else's:
    // a fork keeps its upstream's authors (DESIGN.md: forks are their repository owner's).
    let authors_speak = repo.as_ref().is_none_or(|r| r.owner.is_none());
    sbom_parties(p, kb, repo_owner_org.as_deref(), authors_speak, &mut out);
    email_domains(p, kb, authors_speak, &mut out);
    crate::enrich::people::row(p, kb, repo_owner_org.as_deref(), &mut out);
    homepage(home.as_ref(), kb, &mut out);
    tlds(p, home.as_ref(), repo.as_ref(), &mut out);
    out.sort_by(|a, b| a.signal.cmp(&b.signal).then_with(|| a.value.cmp(&b.value)));
    out.dedup_by(|a, b| a.signal == b.signal && a.value == b.value && a.entity == b.entity);
    out
}

pub(crate) fn org_row(signal: Signal, value: String, org: &Org, kb: &Kb) -> Evidence {
    let country = kb.orgs.control_country(&org.id).map(str::to_string).or_else(|| org.country.clone());
    Evidence {
        signal,
        claim: format!("{} is {}", value, org.name),
        value,
        entity: Some(org.id.clone()),
        country,
        confidence: base_confidence(signal),
        source: Some(org.source.clone()),
    }
}

fn override_rows(p: &Package, kb: &Kb, overrides: &[Override], out: &mut Vec<Evidence>) {
    for o in overrides {
        let Target::Package { name, version } = &o.target else { continue };
        if name != &p.name || version.as_ref().is_some_and(|v| p.version.as_ref() != Some(v)) {
            continue;
        }
        let org = o.entity.as_deref().and_then(|e| kb.orgs.by_id(e).or_else(|| kb.orgs.by_name(e)));
        let entity = org.map(|o| o.id.clone()).or_else(|| o.entity.clone());
        let country = o
            .country
            .clone()
            .or_else(|| org.and_then(|o| kb.orgs.control_country(&o.id).map(str::to_string)));
        let claim = match (&entity, &country) {
            (Some(e), Some(c)) => format!("controlled by {e} ({c})"),
            (Some(e), None) => format!("controlled by {e}"),
            (None, Some(c)) => format!("controlled from {c}"),
            (None, None) => continue,
        };
        out.push(Evidence {
            signal: Signal::Override,
            value: "sovereign.toml [[override]]".to_string(),
            claim: match &o.reason {
                Some(r) => format!("{claim}: {r}"),
                None => claim,
            },
            entity,
            country,
            confidence: 1.0,
            source: None,
        });
    }
}

/// Repository owner → organisation. Returns the org id when one was found.
fn repository(repo: Option<&RepoUrl>, kb: &Kb, out: &mut Vec<Evidence>) -> Option<String> {
    let repo = repo?;
    let owner = repo.owner.as_deref()?;
    let org = match repo.host.as_str() {
        "github.com" => kb.orgs.by_github(owner),
        "gitlab.com" => kb.orgs.by_gitlab(owner),
        _ => None,
    }?;
    out.push(org_row(Signal::RepositoryOwner, format!("{}/{owner}", repo.host), org, kb));
    Some(org.id.clone())
}

/// Maven groups are reversed domains (`org.apache.commons` → `commons.apache.org`); Go module
/// paths start with their repository (`github.com/aws/…`).
fn namespace(p: &Package, kb: &Kb, out: &mut Vec<Evidence>) {
    let Some(ns) = p.namespace.as_deref() else { return };
    match p.ecosystem.as_str() {
        "maven" => {
            let domain: Vec<&str> = ns.split('.').rev().collect();
            if domain.len() < 2 {
                return;
            }
            let domain = domain.join(".");
            // `com.github.someone` is a person's group under a code host, not the host's.
            if kb.forges.by_host(&domain).is_some_and(|f| f.host != domain) {
                return;
            }
            if let Some(org) = kb.orgs.by_domain(&domain) {
                out.push(org_row(Signal::PackageNamespace, format!("Maven group {ns}"), org, kb));
            }
        }
        // A Hugging Face model's purl namespace is the Hub account that owns its repository:
        // the same control as a repository's owner on a code host. A declared hosted model
        // (`api:openai/gpt-4o`) names its provider by the knowledge base's id or Hub account.
        "huggingface" | "api" => {
            let org = kb
                .orgs
                .by_huggingface(ns)
                .or_else(|| (p.ecosystem == "api").then(|| kb.orgs.by_id(ns)).flatten());
            if let Some(org) = org {
                let what =
                    if p.ecosystem == "api" { "hosted model API of" } else { "Hugging Face organisation" };
                out.push(org_row(Signal::PackageNamespace, format!("{what} {ns}"), org, kb));
            }
        }
        "golang" => {
            let Some(repo) = parse_repo_url(ns) else { return };
            let org = match (repo.host.as_str(), repo.owner.as_deref()) {
                ("github.com", Some(owner)) => kb.orgs.by_github(owner),
                ("gitlab.com", Some(owner)) => kb.orgs.by_gitlab(owner),
                _ => kb.orgs.by_domain(&repo.host),
            };
            if let Some(org) = org {
                out.push(org_row(Signal::PackageNamespace, format!("Go module path {ns}"), org, kb));
            }
        }
        _ => {}
    }
}

/// A vendor SDK pattern is evidence of control only when nothing says the package is someone
/// else's: a third-party client (`async-openai`) matches OpenAI's patterns but is not OpenAI's.
fn package_pattern(
    p: &Package,
    kb: &Kb,
    repo_org: Option<&str>,
    repo: Option<&RepoUrl>,
    out: &mut Vec<Evidence>,
) {
    let Some(vendor) = kb.vendors.match_package(&p.ecosystem, p.namespace.as_deref(), &p.name) else {
        return;
    };
    let Some(org) = kb.orgs.by_id(&vendor.org) else { return };
    let repo_says_other = match (repo_org, repo) {
        (Some(id), _) => {
            !kb.orgs.chain(id).iter().any(|o| o.id == org.id)
                && !kb.orgs.chain(&org.id).iter().any(|o| o.id == id)
        }
        // A repository under an owner the knowledge base does not know: someone else's client.
        (None, Some(repo)) => repo.owner.is_some(),
        (None, None) => false,
    };
    if repo_says_other {
        return;
    }
    let pattern = vendor
        .matching_patterns(&p.ecosystem, p.namespace.as_deref(), &p.name)
        .first()
        .map(|s| s.to_string());
    let value = format!("{} matches `{}`", p.name, pattern.unwrap_or_default());
    let mut row = org_row(Signal::PackagePattern, value, org, kb);
    row.claim = format!("{} publishes {} clients", org.name, vendor.service);
    row.source = Some(vendor.source.clone());
    out.push(row);
}

fn sbom_parties(p: &Package, kb: &Kb, repo_org: Option<&str>, authors_speak: bool, out: &mut Vec<Evidence>) {
    for (role, party) in
        [("supplier", &p.supplier), ("manufacturer", &p.manufacturer), ("publisher", &p.publisher)]
    {
        let Some(party) = party else { continue };
        if let Some(country) = party.country.as_deref() {
            let code = countries::canonical_code(country).or_else(|| countries::by_name(country));
            if let Some(code) = code {
                out.push(Evidence {
                    signal: Signal::SbomCountry,
                    value: format!("{role} address country `{country}`"),
                    claim: format!("the {role} is in {code}"),
                    entity: party
                        .name
                        .clone()
                        .filter(|_| kb.orgs.by_name(party.name.as_deref().unwrap_or("")).is_none()),
                    country: Some(code.to_string()),
                    confidence: base_confidence(Signal::SbomCountry),
                    source: Some("the input document".to_string()),
                });
            }
        }
        party_name(role, party, kb, true, out);
    }
    for author in &p.authors {
        // An author that is the repository owner's organisation agrees with it; any other
        // speaks only when no repository says otherwise.
        let agrees = author
            .name
            .as_deref()
            .and_then(|n| kb.orgs.by_name(n))
            .is_some_and(|o| Some(o.id.as_str()) == repo_org);
        party_name("author", author, kb, authors_speak || agrees, out);
    }
}

/// An organisation named as a party: one of the knowledge base, or a name with a legal form
/// (`Actyx AG`: an organisation, its country only when the form exists in one country alone).
/// `speaks` is false for an author of a package whose repository is someone else's: the row
/// is then shown, naming no entity.
fn party_name(role: &str, party: &Party, kb: &Kb, speaks: bool, out: &mut Vec<Evidence>) {
    let Some(name) = party.name.as_deref() else { return };
    let mut row = if let Some(org) = kb.orgs.by_name(name) {
        org_row(Signal::PartyName, format!("{role} `{name}`"), org, kb)
    } else if let Some(form) = legal_forms::of(name) {
        Evidence {
            signal: Signal::PartyName,
            value: format!("{role} `{name}`"),
            claim: match form.country {
                Some(c) => format!("{name} is an organisation (a legal form of {c})"),
                None => format!("{name} is an organisation (its legal form says so)"),
            },
            entity: Some(name.trim().to_string()),
            country: form.country.map(str::to_string),
            confidence: base_confidence(Signal::PartyName),
            source: Some("the input document".to_string()),
        }
    } else {
        return;
    };
    if role == "author" {
        row.confidence = 0.5;
    }
    if !speaks {
        row.claim = format!("{}; but the repository is someone else's (a fork keeps its authors)", row.claim);
        row.entity = None;
        row.country = None;
        row.confidence = 0.0;
    }
    out.push(row);
}

/// Authors' e-mail domains: where people work (affiliation), not who controls the package.
/// Only when every listed author (two or more) is at one organisation, and no repository says
/// the package is someone else's, does it name a controller (`authors-domain`).
fn email_domains(p: &Package, kb: &Kb, authors_speak: bool, out: &mut Vec<Evidence>) {
    let parties = p
        .authors
        .iter()
        .chain([&p.supplier, &p.manufacturer, &p.publisher].into_iter().flatten().map(|b| &**b));
    for party in parties {
        let Some(domain) = party.email.as_deref().and_then(email_domain) else { continue };
        if let Some(org) = kb.orgs.by_domain(&domain) {
            let mut row = org_row(Signal::EmailDomain, format!("e-mail domain {domain}"), org, kb);
            row.claim = format!("someone listed works, or worked, at {} ({domain})", org.name);
            out.push(row);
        }
    }
    let orgs: Vec<Option<&Org>> = p
        .authors
        .iter()
        .map(|a| a.email.as_deref().and_then(email_domain).and_then(|d| kb.orgs.by_domain(&d)))
        .collect();
    if !authors_speak || orgs.len() < 2 {
        return;
    }
    if let [Some(first), rest @ ..] = orgs.as_slice() {
        if rest.iter().all(|o| o.is_some_and(|o| o.id == first.id)) {
            let value = format!("all {} authors' e-mail addresses", orgs.len());
            let mut row = org_row(Signal::AuthorsDomain, value, first, kb);
            row.claim = format!("every listed author is at {}", first.name);
            out.push(row);
        }
    }
}

fn homepage(home: Option<&RepoUrl>, kb: &Kb, out: &mut Vec<Evidence>) {
    let Some(repo) = home else { return };
    // A home page on a code host says who owns the repository, not who the host is.
    if kb.forges.by_host(&repo.host).is_some() {
        return;
    }
    if let Some(org) = kb.orgs.by_domain(&repo.host) {
        out.push(org_row(Signal::HomepageDomain, format!("home page {}", repo.host), org, kb));
    }
}

fn tlds(p: &Package, home: Option<&RepoUrl>, repo: Option<&RepoUrl>, out: &mut Vec<Evidence>) {
    let hosts = p
        .authors
        .iter()
        .filter_map(|a| a.email.as_deref().and_then(email_domain))
        .chain(home.map(|r| r.host.clone()))
        .chain(repo.map(|r| r.host.clone()));
    for host in hosts {
        if let Some(code) = country_tld(&host) {
            if countries::is_code(&code) {
                out.push(Evidence {
                    signal: Signal::CountryTld,
                    value: host.clone(),
                    claim: format!("the domain {host} is under {code}'s country-code top-level domain"),
                    entity: None,
                    country: Some(code),
                    confidence: base_confidence(Signal::CountryTld),
                    source: None,
                });
            }
        }
    }
}
