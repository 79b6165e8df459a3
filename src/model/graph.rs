//! The dependency graph: packages by index, typed edges, roots, and the documents it was read
//! from.

use serde::{Deserialize, Serialize};

use super::package::Package;

/// Index of a package in [`Graph::packages`].
pub type PackageIndex = usize;

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_version: Option<String>,
    /// The file read, or `None` for `cargo metadata` run live and for standard input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The workspace's root folder, as `cargo metadata` names it (where its policy is looked
    /// for); not part of the report.
    #[serde(skip)]
    #[schemars(skip)]
    pub workspace_root: Option<String>,
    /// The target triples the dependencies were kept for (`--target`, the policy's
    /// `targets`); empty for every platform.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// Packages reached only through dependencies for platforms outside `targets`: left out
    /// of the graph, counted here (for a metadata file; cargo run live leaves them out itself
    /// and they are not counted).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub other_platforms: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
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
/// Invariants kept by [`GraphBuilder`](super::GraphBuilder): package ids are unique; every edge refers to existing
/// packages; edges are deduplicated; roots are deduplicated. Cycles are allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Graph {
    /// All packages, sorted by id once [`GraphBuilder::finish`](super::GraphBuilder::finish) has run.
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
    /// For each package, whether it is a root (a workspace member, the described component).
    pub fn root_flags(&self) -> Vec<bool> {
        let mut flags = vec![false; self.packages.len()];
        for &r in &self.roots {
            if let Some(f) = flags.get_mut(r) {
                *f = true;
            }
        }
        flags
    }

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
