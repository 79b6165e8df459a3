//! What `kb lookup` found: one [`Hit`] per interpretation of the query, as data.
//!
//! The hits are the contract of `kb lookup --json`; the text form is written from them by
//! `describe.rs`, so both say the same.

use serde::Serialize;

use crate::kb::forges::ForgeKind;
use crate::kb::licenses::LicenseCategory;
use crate::kb::orgs::OrgKind;
use crate::kb::vendors::{Alternative, VendorKind};

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
    /// How the query matched: `id`, `github login`, `gitlab group`, `huggingface organisation`,
    /// `domain`, `name`, sorted.
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
