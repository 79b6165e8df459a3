//! A package and the parties and sources an input names for it: only what the input says,
//! nothing inferred.

use serde::{Deserialize, Serialize};

/// One package (crate, npm package, Maven artefact, …) as its input describes it.
///
/// Only what the input says is stored here; nothing is inferred. Enrichment adds evidence
/// about who controls the package in a later stage, without changing this record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Package {
    /// Stable identifier, unique within the graph: the purl where one is known, else a
    /// document-local reference made unique.
    pub id: String,
    /// Package name as the ecosystem spells it (`serde`, `@aws-sdk/client-s3`, `commons-io`).
    pub name: String,
    /// Version string as given, if any.
    pub version: Option<String>,
    /// Ecosystem as a purl type (`cargo`, `npm`, `pypi`, `maven`, `golang`, …), or `generic`.
    pub ecosystem: String,
    /// What it is: a library (the default), an AI model or a data set.
    pub kind: super::PackageKind,
    /// Maven group, npm scope, Go module path prefix: the purl namespace.
    pub namespace: Option<String>,
    /// Package URL, when the input gives one or it can be built from facts the input gives.
    pub purl: Option<String>,
    /// Where the package is fetched from.
    pub source: Source,
    /// Declared licence exactly as written in the input (an SPDX expression or free text).
    pub license: Option<String>,
    /// People or organisations named as authors.
    pub authors: Vec<Party>,
    /// The organisation that supplies the package (CycloneDX `supplier`, SPDX `PackageSupplier`).
    pub supplier: Option<Box<Party>>,
    /// The organisation that made the package (CycloneDX 1.6 `manufacturer`, SPDX `PackageOriginator`).
    pub manufacturer: Option<Box<Party>>,
    /// The publisher (CycloneDX `publisher`).
    pub publisher: Option<Box<Party>>,
    /// Source repository URL.
    pub repository: Option<String>,
    /// Project home page.
    pub homepage: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// Free-form name/value pairs the input attached (CycloneDX `properties`), sorted by name.
    pub properties: Vec<(String, String)>,
    /// Checksums of the package's archive as the input gives them (Cargo.lock's `checksum`).
    pub hashes: Vec<Checksum>,
}

/// A checksum of a package's archive.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Checksum {
    /// The algorithm, named as CycloneDX names it: `SHA-256`, `SHA-512`, `SHA-1`, `MD5`, ….
    pub algorithm: String,
    /// The digest in lowercase hexadecimal.
    pub value: String,
}

impl Package {
    /// The name and version as people read them: `serde 1.0.228` (the name alone without one).
    pub fn label(&self) -> String {
        match &self.version {
            Some(v) => format!("{} {v}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A person or organisation as an input names it.
///
/// `name`, `email`, `url` and `country` are each optional because real documents give any
/// subset of them. `country` is only set when the document states one (CycloneDX 1.6
/// `address.country`); it is never guessed here.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Party {
    /// Whether the input says this is an organisation, a person, or does not say.
    pub kind: PartyKind,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Country as written in the document (an ISO code or a name), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Party {
    /// True when no field carries information.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.email.is_none() && self.url.is_none() && self.country.is_none()
    }
}

/// What kind of party an input says it is.
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
pub enum PartyKind {
    /// The document does not say.
    #[default]
    Unspecified,
    /// An organisation (SPDX `Organization:`, CycloneDX organizational entity).
    Organization,
    /// A person (SPDX `Person:`, CycloneDX `authors`).
    Person,
    /// A tool (SPDX `Tool:`).
    Tool,
}

/// Where a package is fetched from.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// A package registry; `default` is true for the ecosystem's default public registry.
    Registry {
        /// Registry index or API URL, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
        /// True for crates.io, npmjs, PyPI, Maven Central and the like.
        default: bool,
    },
    /// A git repository at a revision.
    Git {
        /// Repository URL without the `git+` prefix.
        url: String,
        /// Commit, tag or branch, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rev: Option<String>,
    },
    /// A local path (workspace members, path dependencies).
    Path {
        /// The path, relative to the workspace root where possible.
        path: String,
    },
    /// The input does not say.
    #[default]
    Unknown,
}
