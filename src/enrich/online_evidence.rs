//! Evidence from the online answers: registry owners and teams, npm maintainers, PyPI e-mail
//! addresses and project URLs, and the GitHub profiles of all of them.
//!
//! A registry owner is a candidate controller of the package: an individual (named by login)
//! or a GitHub organisation. When offline evidence already names an organisation of the
//! knowledge base, owner rows still appear (they explain) but claim no entity, so they do not
//! compete with it. A profile's `location` goes through the gazetteer; its `company`, web site
//! and e-mail domain through the organisations. Nothing is inferred from a person's name.

use crate::enrich::evidence::{base_confidence, org_row};
use crate::enrich::online::github::Profile;
use crate::enrich::online::{github_owner, npm_name, OnlineData};
use crate::enrich::signals::{country_tld, email_domain, parse_repo_url};
use crate::kb::base::Kb;
use crate::kb::geo::countries;
use crate::model::{Evidence, Package, Signal, Source};
use crate::model::{Owner, OwnerKind};

/// What the online answers say about one package.
#[derive(Debug, Default)]
pub struct OnlineFacts {
    /// Evidence rows to add to the offline ones.
    pub evidence: Vec<Evidence>,
    /// Who may publish it, when a registry said (sorted).
    pub owners: Option<Vec<Owner>>,
    /// Logins of individuals among the candidate controllers.
    pub individuals: Vec<String>,
}

/// The rows for `p`. `offline` are its offline rows (to know whether an organisation is
/// already named).
pub fn facts(p: &Package, kb: &Kb, data: &OnlineData, offline: &[Evidence]) -> OnlineFacts {
    let mut out = OnlineFacts::default();
    let named_org = offline.iter().any(|e| e.entity.as_deref().is_some_and(|id| kb.orgs.by_id(id).is_some()));
    let claim_entity = |login: &str| (!named_org).then(|| login.to_string());
    if p.ecosystem == "cargo" && matches!(p.source, Source::Registry { default: true, .. }) {
        if let Some(owners) = data.owners.get(&p.name) {
            for o in owners {
                registry_owner(o, kb, data, claim_entity(&o.login), &mut out);
            }
            out.owners = Some(owners.clone());
        }
    }
    if p.ecosystem == "npm" {
        if let Some(doc) = data.npm.get(&npm_name(p)) {
            let mut owners = Vec::new();
            for m in &doc.maintainers {
                if let Some(name) = &m.name {
                    owners.push(Owner { kind: OwnerKind::User, login: name.clone() });
                    out.evidence.push(Evidence {
                        signal: Signal::RegistryOwner,
                        value: format!("npm maintainer `{name}`"),
                        claim: format!("`{name}` can publish new versions"),
                        entity: claim_entity(name),
                        country: None,
                        confidence: base_confidence(Signal::RegistryOwner),
                        source: Some("the npm registry".into()),
                    });
                    out.individuals.push(name.clone());
                }
                email(m.email.as_deref(), "npm maintainer", kb, &mut out.evidence);
            }
            if let Some(a) = &doc.author {
                email(a.email.as_deref(), "npm author", kb, &mut out.evidence);
            }
            if p.repository.is_none() {
                repository(doc.repository.as_deref(), "npm", kb, data, named_org, &mut out);
            }
            owners.sort();
            owners.dedup();
            out.owners = Some(owners);
        }
    }
    if p.ecosystem == "pypi" {
        if let Some(doc) = data.pypi.get(&p.name.to_ascii_lowercase()) {
            for e in &doc.emails {
                email(Some(e), "PyPI author or maintainer", kb, &mut out.evidence);
            }
            if p.repository.is_none() {
                let url = doc
                    .urls
                    .iter()
                    .find(|(k, v)| {
                        let k = k.to_ascii_lowercase();
                        (k.contains("source") || k.contains("repository") || k.contains("code"))
                            && github_owner(v).is_some()
                    })
                    .or_else(|| doc.urls.iter().find(|(_, v)| github_owner(v).is_some()))
                    .map(|(_, v)| v.as_str());
                repository(url, "PyPI", kb, data, named_org, &mut out);
            }
        }
    }
    // The repository's owner, when the knowledge base does not know it but GitHub does.
    if let Some(owner) = p.repository.as_deref().and_then(github_owner) {
        if kb.orgs.by_github(&owner).is_none() {
            if let Some(profile) = data.profile(&owner) {
                repo_owner_rows(&owner, profile, kb, data, named_org, &mut out);
            }
        }
    }
    out.evidence.sort_by(|a, b| a.signal.cmp(&b.signal).then_with(|| a.value.cmp(&b.value)));
    out.evidence.dedup_by(|a, b| a.signal == b.signal && a.value == b.value && a.entity == b.entity);
    out.individuals.sort();
    out.individuals.dedup();
    out
}

fn registry_owner(o: &Owner, kb: &Kb, data: &OnlineData, entity: Option<String>, out: &mut OnlineFacts) {
    if let Some(org_login) = o.team_org() {
        if let Some(org) = kb.orgs.by_github(org_login) {
            out.evidence.push(org_row(Signal::RegistryTeam, format!("owner team `{}`", o.login), org, kb));
            return;
        }
        let profile = data.profile(org_login);
        let country = profile.and_then(|p| data.located(p)).map(|(c, _)| c);
        out.evidence.push(Evidence {
            signal: Signal::RegistryTeam,
            value: format!("owner team `{}`", o.login),
            claim: format!("the GitHub organisation `{org_login}` can publish new versions"),
            entity: entity.map(|_| org_login.to_string()),
            country,
            confidence: base_confidence(Signal::RegistryTeam),
            source: Some("the Rust registry's owner list".into()),
        });
        if let Some(profile) = profile {
            profile_rows(org_login, profile, kb, data, Some(org_login.to_string()), out);
        }
        return;
    }
    let login = o.login.as_str();
    let profile = data.profile(login);
    let is_org = profile.is_some_and(Profile::is_organization);
    if !is_org {
        out.individuals.push(login.to_string());
    }
    out.evidence.push(Evidence {
        signal: Signal::RegistryOwner,
        value: format!("registry owner `{login}`"),
        claim: format!("`{login}` can publish new versions"),
        entity: entity.clone(),
        country: None,
        confidence: base_confidence(Signal::RegistryOwner),
        source: Some("the Rust registry's owner list".into()),
    });
    if let Some(profile) = profile {
        profile_rows(login, profile, kb, data, entity, out);
    }
}

/// Location, company, web site and e-mail of one GitHub profile.
fn profile_rows(
    login: &str,
    profile: &Profile,
    kb: &Kb,
    data: &OnlineData,
    entity: Option<String>,
    out: &mut OnlineFacts,
) {
    let source = Some(format!("the GitHub profile of `{login}`"));
    if let (Some(text), Some((country, strength))) = (profile.location.as_deref(), data.located(profile)) {
        out.evidence.push(Evidence {
            signal: Signal::ProfileLocation,
            value: format!("`{login}` location `{}`", text.chars().take(80).collect::<String>()),
            claim: format!("`{login}` states a location in {country}"),
            entity: entity.clone(),
            country: Some(country),
            confidence: (base_confidence(Signal::ProfileLocation) * strength.clamp(0.2, 1.0) * 100.0).round()
                / 100.0,
            source: source.clone(),
        });
    }
    if let Some(company) = profile.company.as_deref() {
        let handle =
            company.trim().strip_prefix('@').map(|h| h.trim_end_matches(|c: char| !c.is_alphanumeric()));
        let org = match handle {
            Some(h) => kb.orgs.by_github(h),
            None => kb.orgs.by_name(company.trim()),
        };
        if let Some(org) = org {
            let mut row =
                org_row(Signal::ProfileCompany, format!("`{login}` company `{}`", company.trim()), org, kb);
            row.claim = format!("`{login}` names {} as their company", org.name);
            out.evidence.push(row);
        }
    }
    let site = profile.blog.as_deref().and_then(parse_repo_url).map(|r| r.host);
    if let Some(org) = site.as_deref().and_then(|h| kb.orgs.by_domain(h)) {
        let mut row = org_row(
            Signal::ProfileCompany,
            format!("`{login}` web site {}", site.clone().unwrap_or_default()),
            org,
            kb,
        );
        row.claim = format!("`{login}`'s web site belongs to {}", org.name);
        out.evidence.push(row);
    }
    email(profile.email.as_deref(), &format!("`{login}` public"), kb, &mut out.evidence);
}

fn repo_owner_rows(
    owner: &str,
    profile: &Profile,
    kb: &Kb,
    data: &OnlineData,
    named_org: bool,
    out: &mut OnlineFacts,
) {
    let entity = (!named_org).then(|| owner.to_string());
    if !profile.is_organization() {
        out.individuals.push(owner.to_string());
    }
    out.evidence.push(Evidence {
        signal: Signal::RepositoryOwner,
        value: format!("github.com/{owner}"),
        claim: format!("the repository belongs to `{owner}`"),
        entity: entity.clone(),
        country: None,
        confidence: base_confidence(Signal::RepositoryOwner),
        source: Some("the package's repository URL".into()),
    });
    profile_rows(owner, profile, kb, data, entity, out);
}

fn repository(
    url: Option<&str>,
    registry: &str,
    kb: &Kb,
    data: &OnlineData,
    named_org: bool,
    out: &mut OnlineFacts,
) {
    let Some(owner) = url.and_then(github_owner) else { return };
    match kb.orgs.by_github(&owner) {
        Some(org) => {
            let mut row = org_row(Signal::RepositoryOwner, format!("github.com/{owner}"), org, kb);
            row.claim = format!("the repository {registry} names belongs to {}", org.name);
            out.evidence.push(row);
        }
        None => {
            if let Some(profile) = data.profile(&owner) {
                repo_owner_rows(&owner, profile, kb, data, named_org, out);
            }
        }
    }
}

fn email(address: Option<&str>, who: &str, kb: &Kb, out: &mut Vec<Evidence>) {
    let Some(domain) = address.and_then(email_domain) else { return };
    if let Some(org) = kb.orgs.by_domain(&domain) {
        out.push(org_row(Signal::EmailDomain, format!("{who} e-mail domain {domain}"), org, kb));
    } else if let Some(code) = country_tld(&domain).filter(|c| countries::is_code(c)) {
        out.push(Evidence {
            signal: Signal::CountryTld,
            value: domain.clone(),
            claim: format!(
                "the {who} e-mail domain {domain} is under {code}'s country-code top-level domain"
            ),
            entity: None,
            country: Some(code),
            confidence: base_confidence(Signal::CountryTld),
            source: None,
        });
    }
}
