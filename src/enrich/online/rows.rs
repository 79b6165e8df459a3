//! The evidence rows online answers give, in one place for every source: an account that can
//! publish, an e-mail address, a repository and its owner, a GitHub profile's location,
//! company, web site and e-mail. The sources ([`Source::evidence`](super::source::Source::evidence))
//! and the repository-owner rows of every package are written with these; they alone call
//! into the offline evidence code (organisation rows and confidences, e-mail and country-code
//! domains, repository URLs).
//!
//! A registry owner is a candidate controller of the package: an individual (named by login)
//! or a GitHub organisation. When offline evidence already names an organisation of the
//! knowledge base, owner rows still appear (they explain) but claim no entity, so they do not
//! compete with it. A profile's `location` goes through the gazetteer; its `company`, web site
//! and e-mail domain through the organisations. Nothing is inferred from a person's name.

use super::data::OnlineData;
use super::github::{github_owner, Profile};
use crate::enrich::evidence::{base_confidence, org_row};
use crate::enrich::signals::{country_tld, email_domain, parse_repo_url};
use crate::kb::base::Kb;
use crate::kb::geo::countries;
use crate::kb::orgs::Org;
use crate::model::{Evidence, Owner, Signal};

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

/// A row of `signal` saying `claim` of `value`, at the signal's usual confidence, naming no
/// entity, country or source yet.
pub fn row(signal: Signal, value: String, claim: String) -> Evidence {
    Evidence {
        signal,
        value,
        claim,
        entity: None,
        country: None,
        confidence: base_confidence(signal),
        source: None,
    }
}

/// The rows of one package as they are gathered, with what writing them needs: the knowledge
/// base, every online answer, and whether offline evidence already names an organisation.
pub struct Rows<'a> {
    kb: &'a Kb,
    data: &'a OnlineData,
    named_org: bool,
    facts: OnlineFacts,
}

impl<'a> Rows<'a> {
    /// No rows yet; `named_org`: the package's offline evidence names an organisation of the
    /// knowledge base.
    pub fn new(kb: &'a Kb, data: &'a OnlineData, named_org: bool) -> Self {
        Rows { kb, data, named_org, facts: OnlineFacts::default() }
    }

    /// The knowledge base.
    pub fn kb(&self) -> &'a Kb {
        self.kb
    }

    /// The GitHub profile of `login`, when it was asked for.
    pub fn profile(&self, login: &str) -> Option<&'a Profile> {
        self.data.profile(login)
    }

    /// The country `profile`'s location names, with the gazetteer's confidence.
    pub fn located(&self, profile: &Profile) -> Option<(String, f64)> {
        self.data.located(profile)
    }

    /// The entity a row about `login` claims: `login`, unless offline evidence already names
    /// an organisation of the knowledge base.
    pub fn claim(&self, login: &str) -> Option<String> {
        (!self.named_org).then(|| login.to_string())
    }

    /// Adds a row.
    pub fn push(&mut self, row: Evidence) {
        self.facts.evidence.push(row);
    }

    /// Adds a row naming `org` of the knowledge base, saying `claim`.
    pub fn org(&mut self, signal: Signal, value: String, org: &Org, claim: Option<String>) {
        let mut row = org_row(signal, value, org, self.kb);
        if let Some(claim) = claim {
            row.claim = claim;
        }
        self.push(row);
    }

    /// `login` is a person, not an organisation.
    pub fn individual(&mut self, login: &str) {
        self.facts.individuals.push(login.to_string());
    }

    /// Who may publish the package, as its registry lists them.
    pub fn owners(&mut self, owners: Vec<Owner>) {
        self.facts.owners = Some(owners);
    }

    /// `login` can publish new versions, `value` says where it is listed and `source` by whom.
    pub fn publisher(&mut self, login: &str, value: String, source: &str, entity: Option<String>) {
        let claim = format!("`{login}` can publish new versions");
        self.push(Evidence {
            entity,
            source: Some(source.into()),
            ..row(Signal::RegistryOwner, value, claim)
        });
    }

    /// The organisation an e-mail address's domain belongs to, else the country of its
    /// country-code domain; `who` says whose address it is.
    pub fn email(&mut self, address: Option<&str>, who: &str) {
        let Some(domain) = address.and_then(email_domain) else { return };
        if let Some(org) = self.kb.orgs.by_domain(&domain) {
            self.org(Signal::EmailDomain, format!("{who} e-mail domain {domain}"), org, None);
        } else if let Some(code) = country_tld(&domain).filter(|c| countries::is_code(c)) {
            let claim =
                format!("the {who} e-mail domain {domain} is under {code}'s country-code top-level domain");
            self.push(Evidence { country: Some(code), ..row(Signal::CountryTld, domain, claim) });
        }
    }

    /// The owner of the repository the registry (`registry`) names, for a package whose
    /// metadata names none: the organisation, or the GitHub account and its profile.
    pub fn repository(&mut self, url: Option<&str>, registry: &str) {
        let Some(owner) = url.and_then(github_owner) else { return };
        match self.kb.orgs.by_github(&owner) {
            Some(org) => {
                let claim = format!("the repository {registry} names belongs to {}", org.name);
                self.org(Signal::RepositoryOwner, format!("github.com/{owner}"), org, Some(claim));
            }
            None => {
                if let Some(profile) = self.profile(&owner) {
                    self.repo_owner(&owner, profile);
                }
            }
        }
    }

    /// The repository belongs to the GitHub account `owner`, whose profile is `profile`.
    pub fn repo_owner(&mut self, owner: &str, profile: &Profile) {
        let entity = self.claim(owner);
        if !profile.is_organization() {
            self.individual(owner);
        }
        let (value, claim) = (format!("github.com/{owner}"), format!("the repository belongs to `{owner}`"));
        let source = Some("the package's repository URL".into());
        self.push(Evidence { entity: entity.clone(), source, ..row(Signal::RepositoryOwner, value, claim) });
        self.profile_rows(owner, profile, entity);
    }

    /// Location, company, web site and e-mail of `login`'s profile, the location's row
    /// claiming `entity`.
    pub fn profile_rows(&mut self, login: &str, profile: &Profile, entity: Option<String>) {
        let source = Some(format!("the GitHub profile of `{login}`"));
        if let (Some(text), Some((country, strength))) = (profile.location.as_deref(), self.located(profile))
        {
            let value = format!("`{login}` location `{}`", text.chars().take(80).collect::<String>());
            let claim = format!("`{login}` states a location in {country}");
            // An organisation's account says where the organisation is; a person's, where a
            // maintainer is.
            let signal = if profile.is_organization() {
                Signal::OrganisationLocation
            } else {
                Signal::ProfileLocation
            };
            let row = row(signal, value, claim);
            // As strong as the gazetteer is sure of the place, in hundredths.
            let confidence = (row.confidence * strength.clamp(0.2, 1.0) * 100.0).round() / 100.0;
            self.push(Evidence { entity, country: Some(country), confidence, source, ..row });
        }
        if let Some(company) = profile.company.as_deref() {
            let handle =
                company.trim().strip_prefix('@').map(|h| h.trim_end_matches(|c: char| !c.is_alphanumeric()));
            let org = match handle {
                Some(h) => self.kb.orgs.by_github(h),
                None => self.kb.orgs.by_name(company.trim()),
            };
            if let Some(org) = org {
                let value = format!("`{login}` company `{}`", company.trim());
                let claim = format!("`{login}` names {} as their company", org.name);
                self.org(Signal::ProfileCompany, value, org, Some(claim));
            }
        }
        let site = profile.blog.as_deref().and_then(parse_repo_url).map(|r| r.host);
        if let Some(site) = site {
            if let Some(org) = self.kb.orgs.by_domain(&site) {
                let claim = format!("`{login}`'s web site belongs to {}", org.name);
                self.org(Signal::ProfileCompany, format!("`{login}` web site {site}"), org, Some(claim));
            }
        }
        self.email(profile.email.as_deref(), &format!("`{login}` public"));
    }

    /// The rows, sorted and each once; the individuals likewise.
    pub fn finish(self) -> OnlineFacts {
        let mut facts = self.facts;
        facts.evidence.sort_by(|a, b| a.signal.cmp(&b.signal).then_with(|| a.value.cmp(&b.value)));
        facts.evidence.dedup_by(|a, b| a.signal == b.signal && a.value == b.value && a.entity == b.entity);
        facts.individuals.sort();
        facts.individuals.dedup();
        facts
    }
}
