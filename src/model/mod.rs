//! The vocabulary every stage shares: packages, the dependency graph, and where they came from.
//!
//! Every input format (Cargo metadata, CycloneDX, SPDX) is read into one [`Graph`]. The graph
//! stores packages in a `Vec` and refers to them by index ([`PackageIndex`]) so the analysis
//! stage can work on plain integers; the stable, human-readable identity of a package is its
//! [`Package::id`], which is what reports print and what `diff` matches on.

use serde::{Deserialize, Serialize};

mod builder;
mod facts;
mod overrides;

pub use builder::GraphBuilder;
pub use facts::{
    Alternative, EntityKind, Evidence, GraphFigures, Hosting, Jurisdiction, Origin, Signal, VendorInfo,
};
pub use overrides::{Override, Target};

/// Index of a package in [`Graph::packages`].
pub type PackageIndex = usize;

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
    pub name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Web address.
    pub url: Option<String>,
    /// Country as written in the document (an ISO code or a name), if any.
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
        url: Option<String>,
        /// True for crates.io, npmjs, PyPI, Maven Central and the like.
        default: bool,
    },
    /// A git repository at a revision.
    Git {
        /// Repository URL without the `git+` prefix.
        url: String,
        /// Commit, tag or branch, when known.
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

/// The kind of a dependency edge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DepKind {
    /// Needed at run time (Cargo normal dependencies, SBOM `dependsOn`).
    #[default]
    Normal,
    /// Needed to build (Cargo build-dependencies, SPDX `BUILD_DEPENDENCY_OF`).
    Build,
    /// Needed only for tests and development (Cargo dev-dependencies, SPDX `DEV_DEPENDENCY_OF`).
    Dev,
}

/// A directed edge: `from` depends on `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Edge {
    /// The dependent.
    pub from: PackageIndex,
    /// The dependency.
    pub to: PackageIndex,
    /// How `from` depends on `to`.
    pub kind: DepKind,
}

/// The format an input was read from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// `cargo metadata --format-version 1` JSON.
    CargoMetadata,
    /// CycloneDX JSON or XML.
    Cyclonedx,
    /// SPDX 2.x (JSON, YAML, tag-value) or 3.0 (JSON-LD).
    Spdx,
}

/// One input document and what it was.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InputInfo {
    /// The format family.
    pub format: InputFormat,
    /// The specification version the document declares (`1.6`, `SPDX-2.3`), if any.
    pub spec_version: Option<String>,
    /// The file read, or `None` for `cargo metadata` run live and for standard input.
    pub path: Option<String>,
}

impl InputInfo {
    /// The format and its version as people read them: `cyclonedx 1.6`, `cargo-metadata 1`.
    pub fn format_label(&self) -> String {
        let format = match self.format {
            InputFormat::CargoMetadata => "cargo-metadata",
            InputFormat::Cyclonedx => "cyclonedx",
            InputFormat::Spdx => "spdx",
        };
        match &self.spec_version {
            Some(v) => format!("{format} {v}"),
            None => format.to_string(),
        }
    }

    /// The file read, or where the document came from when there was no file.
    pub fn path_label(&self) -> &str {
        match (&self.path, self.format) {
            (Some(p), _) => p.as_str(),
            (None, InputFormat::CargoMetadata) => "(from cargo)",
            (None, _) => "(standard input)",
        }
    }
}

/// A dependency graph read from one or more inputs.
///
/// Invariants kept by [`GraphBuilder`]: package ids are unique; every edge refers to existing
/// packages; edges are deduplicated; roots are deduplicated. Cycles are allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Graph {
    /// All packages, sorted by id once [`GraphBuilder::finish`] has run.
    pub packages: Vec<Package>,
    /// Dependency edges, sorted.
    pub edges: Vec<Edge>,
    /// Where the dependency walk starts: workspace members, the SBOM's described component,
    /// else the packages nothing depends on. Sorted.
    pub roots: Vec<PackageIndex>,
    /// The documents the graph was read from, in the order given.
    pub inputs: Vec<InputInfo>,
    /// Problems that did not stop reading (dangling references, duplicates), sorted.
    pub warnings: Vec<String>,
}

impl Graph {
    /// The index of the package with this id.
    pub fn index_of(&self, id: &str) -> Option<PackageIndex> {
        self.packages.binary_search_by(|p| p.id.as_str().cmp(id)).ok()
    }

    /// Outgoing edges of every package, as adjacency lists indexed like `packages`.
    pub fn adjacency(&self) -> Vec<Vec<(PackageIndex, DepKind)>> {
        let mut adj = vec![Vec::new(); self.packages.len()];
        for e in &self.edges {
            adj[e.from].push((e.to, e.kind));
        }
        adj
    }
}
