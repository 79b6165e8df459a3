//! What enrichment and analysis learn about a package: evidence, origin, hosting, vendor,
//! registry owners, licence verdict and graph figures. Enrichment fills these; it never
//! judges them.

use serde::{Deserialize, Serialize};

/// Where a piece of evidence comes from, strongest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// An `[[override]]` in the policy file.
    Override,
    /// The package's own name matches a knowledge-base pattern (vendor SDKs).
    PackagePattern,
    /// The SBOM states the supplier's or manufacturer's country.
    SbomCountry,
    /// The repository URL's owner is a known organisation.
    RepositoryOwner,
    /// The package namespace is a known organisation's: a Maven group is a reversed domain
    /// the publisher proved it controls; a Go module path names its repository owner.
    PackageNamespace,
    /// A registry owner team (`github:<org>:<team>`) is a known organisation.
    RegistryTeam,
    /// A registry owner's profile.
    RegistryOwner,
    /// Another package of the same repository (or of the same workspace, for a member that
    /// says nothing of its own) is attributed by a strong signal.
    SameRepository,
    /// An author's or maintainer's e-mail domain belongs to a known organisation.
    EmailDomain,
    /// The home page's domain belongs to a known organisation.
    HomepageDomain,
    /// An SBOM supplier, manufacturer or publisher, or an author, is an organisation: a known
    /// one, or a name with a legal form (`… GmbH`, `… Inc.`).
    PartyName,
    /// Every listed author's e-mail address is at one organisation, and no repository says
    /// the package is someone else's.
    AuthorsDomain,
    /// A GitHub organisation account states where it is: the organisation's own word on its
    /// seat (a person's profile gives only the maintainers' location).
    OrganisationLocation,
    /// The authors field names people only, and no known organisation holds the repository:
    /// a person's own package (an `individual`, with no country).
    PersonalAuthors,
    /// A profile's `company` field names a known organisation.
    ProfileCompany,
    /// A profile's free-text location names a place.
    ProfileLocation,
    /// A country-code top-level domain (weak).
    CountryTld,
}

/// What a signal can tell (DESIGN.md keeps the three apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalClass {
    /// Which organisation decides about the package: only these make a controlling entity
    /// and country.
    Control,
    /// Where a person works (an author's e-mail domain, a profile's company): shown, and
    /// counted only beside a control row for the same organisation.
    Affiliation,
    /// Where people are, or say they are: never a controlling country.
    Location,
}

impl Signal {
    /// What the signal can tell.
    pub fn class(self) -> SignalClass {
        match self {
            Signal::EmailDomain | Signal::ProfileCompany => SignalClass::Affiliation,
            Signal::ProfileLocation | Signal::CountryTld => SignalClass::Location,
            _ => SignalClass::Control,
        }
    }

    /// Whether the signal is strong enough to carry an error-level finding: a user override,
    /// a vendor SDK's package pattern, an SBOM supplier's stated country, the repository's owner,
    /// a package namespace the publisher proved it holds (a Maven group, a Go module path), a
    /// registry team, or another package of the same repository attributed by one of these.
    /// The attribution evaluation (tests/fixtures/attribution-eval) measures each.
    pub fn is_strong(self) -> bool {
        matches!(
            self,
            Signal::Override
                | Signal::PackagePattern
                | Signal::SbomCountry
                | Signal::RepositoryOwner
                | Signal::PackageNamespace
                | Signal::RegistryTeam
                | Signal::SameRepository
        )
    }

    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Signal::Override => "override",
            Signal::PackagePattern => "package-pattern",
            Signal::SbomCountry => "sbom-country",
            Signal::RepositoryOwner => "repository-owner",
            Signal::PackageNamespace => "package-namespace",
            Signal::RegistryTeam => "registry-team",
            Signal::RegistryOwner => "registry-owner",
            Signal::EmailDomain => "email-domain",
            Signal::HomepageDomain => "homepage-domain",
            Signal::PartyName => "party-name",
            Signal::AuthorsDomain => "authors-domain",
            Signal::SameRepository => "same-repository",
            Signal::OrganisationLocation => "organisation-location",
            Signal::PersonalAuthors => "personal-authors",
            Signal::ProfileCompany => "profile-company",
            Signal::ProfileLocation => "profile-location",
            Signal::CountryTld => "country-tld",
        }
    }
}

/// One fact and why it is believed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evidence {
    /// The kind of signal.
    pub signal: Signal,
    /// What was looked at (`github.com/aws`, `jane@amazon.com`, `Berlin, Germany`).
    pub value: String,
    /// The claim in plain words.
    pub claim: String,
    /// The entity claimed (knowledge-base id, or a name), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// The country claimed, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// How much it is believed, 0–1.
    pub confidence: f64,
    /// Where the fact comes from: a knowledge-base entry's source URL, or the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What kind of entity controls a package.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    /// A company.
    Company,
    /// A foundation.
    Foundation,
    /// A community project with no controlling organisation.
    Community,
    /// A public body.
    Government,
    /// A university or research institute.
    Academic,
    /// A person.
    Individual,
    /// Nobody could tell.
    #[default]
    Unknown,
}

/// Whether a country is trusted by the policy.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Jurisdiction {
    /// Inside the trusted jurisdictions.
    Trusted,
    /// Outside them.
    Untrusted,
    /// No controlling country known.
    #[default]
    Unknown,
}

impl Jurisdiction {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Jurisdiction::Trusted => "trusted",
            Jurisdiction::Untrusted => "untrusted",
            Jurisdiction::Unknown => "unknown",
        }
    }
}

/// Who controls a package and from where.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Origin {
    /// The controlling entity's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Its knowledge-base id, when it is in the knowledge base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// What kind of entity it is.
    pub entity_kind: EntityKind,
    /// The entity's own country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The country control is exercised from: the ultimate parent's, when control follows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_country: Option<String>,
    /// The ultimate parent's name, when it is not the entity itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// `control_country` against the policy's trusted jurisdictions.
    pub jurisdiction: Jurisdiction,
    /// How much the attribution is believed, 0–1.
    pub confidence: f64,
    /// The signal of the strongest row behind the entity (or, with no entity, the country).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<Signal>,
    /// Whether a signal strong enough for an error-level finding stands behind the attribution
    /// (the policy's judgement, like `jurisdiction`); an unverified one raises none.
    #[serde(default)]
    pub verified: bool,
    /// Where the maintainers are, or say they are (a country-code domain, a profile's
    /// location): a dimension of its own beside control, never a controlling country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintainers_location: Option<String>,
    /// Why: every evidence row, strongest first.
    pub evidence: Vec<Evidence>,
    /// A remark, such as why a community has no country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where a package's code and releases are hosted, and who operates those services.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Hosting {
    /// The code host (`github.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forge: Option<String>,
    /// Its operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forge_operator: Option<String>,
    /// The operator's controlling country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forge_country: Option<String>,
    /// The package registry (`crates.io`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    /// Its operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_operator: Option<String>,
    /// The operator's controlling country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_country: Option<String>,
}

/// An alternative to a vendor-tied package.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Alternative {
    /// A package name, when the alternative is a package.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its ecosystem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<String>,
    /// Why it is an alternative, or a configuration hint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The proprietary service a package is a client of.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VendorInfo {
    /// The vendor's knowledge-base id.
    pub id: String,
    /// The vendor's name.
    pub name: String,
    /// The service (`Amazon Web Services`).
    pub service: String,
    /// `cloud`, `ai-api`, `telemetry`, `native-runtime`, `platform`, `saas`.
    pub kind: String,
    /// The vendor's controlling country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Known alternatives, European first.
    pub alternatives: Vec<Alternative>,
    /// Knowledge-base source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Graph figures of one package.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GraphFigures {
    /// A root depends on it.
    pub direct: bool,
    /// Shortest distance from a root; `None` when unreachable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<u32>,
    /// How many other packages depend on it, transitively.
    pub dependents: u32,
    /// How many other packages are reached from the roots only through it.
    pub dominated: u32,
    /// Direct, or above the policy's dependents / dominated thresholds.
    pub critical: bool,
}

/// A user account or a GitHub team.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum OwnerKind {
    /// A person's account.
    User,
    /// A GitHub team (`github:<org>:<team>`).
    Team,
}

/// One owner of a package on its registry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Owner {
    /// User or team.
    pub kind: OwnerKind,
    /// The login: a GitHub login, `github:<org>:<team>`, or an npm user name.
    pub login: String,
}

impl Owner {
    /// For a team, its GitHub organisation.
    pub fn team_org(&self) -> Option<&str> {
        let rest = self.login.strip_prefix("github:")?;
        rest.split(':').next().filter(|o| !o.is_empty())
    }
}

// Origins and their evidence are shared between the packages that have the same ones (see
// `enrich`), which needs them hashable. Confidences are finite numbers, never NaN, so equality
// is an equivalence and hashing their bits agrees with it.
impl Eq for Evidence {}

impl std::hash::Hash for Evidence {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.signal, &self.value, &self.claim, &self.entity, &self.country).hash(state);
        (self.confidence.to_bits(), &self.source).hash(state);
    }
}

impl Eq for Origin {}

impl std::hash::Hash for Origin {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (&self.entity, &self.entity_id, self.entity_kind, &self.country, &self.control_country).hash(state);
        (&self.parent, self.jurisdiction, self.confidence.to_bits(), &self.evidence, &self.note).hash(state);
        (self.decided_by, self.verified, &self.maintainers_location).hash(state);
    }
}
