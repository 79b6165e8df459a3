//! The parts of `cargo metadata --format-version 1` JSON that an audit reads.
//!
//! Only these fields are deserialised; everything else (targets, features, each package's
//! declared dependencies) is skipped without being stored. Strings borrow from the input
//! unless they contain escapes, so reading a large workspace's metadata allocates little.

use std::borrow::Cow;

use serde::Deserialize;

/// The whole document.
#[derive(Debug, Deserialize)]
pub struct Metadata<'a> {
    /// Every package of the resolved graph (with `--no-deps`, only the members).
    #[serde(borrow)]
    pub packages: Vec<Package<'a>>,
    /// The ids of the workspace members.
    #[serde(borrow)]
    pub workspace_members: Vec<Cow<'a, str>>,
    /// The resolved dependency graph; absent with `--no-deps`.
    #[serde(borrow)]
    pub resolve: Option<Resolve<'a>>,
    /// The workspace's folder.
    #[serde(borrow)]
    pub workspace_root: Cow<'a, str>,
}

/// One package.
#[derive(Debug, Deserialize)]
pub struct Package<'a> {
    /// Cargo's opaque package id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// The crate name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// Its version, as written.
    #[serde(borrow)]
    pub version: Cow<'a, str>,
    /// `registry+URL`, `sparse+URL`, `git+URL…`; `null` for path packages.
    #[serde(borrow, default)]
    pub source: Option<Cow<'a, str>>,
    /// The SPDX expression of the `license` field.
    #[serde(borrow, default)]
    pub license: Option<Cow<'a, str>>,
    /// The `license-file` field.
    #[serde(borrow, default)]
    pub license_file: Option<Cow<'a, str>>,
    /// `Name <email>` strings.
    #[serde(borrow, default)]
    pub authors: Vec<Cow<'a, str>>,
    /// The `repository` URL.
    #[serde(borrow, default)]
    pub repository: Option<Cow<'a, str>>,
    /// The `homepage` URL.
    #[serde(borrow, default)]
    pub homepage: Option<Cow<'a, str>>,
    /// The `description`.
    #[serde(borrow, default)]
    pub description: Option<Cow<'a, str>>,
    /// The path of its Cargo.toml.
    #[serde(borrow)]
    pub manifest_path: Cow<'a, str>,
}

/// The resolved graph.
#[derive(Debug, Deserialize)]
pub struct Resolve<'a> {
    /// One node per package.
    #[serde(borrow)]
    pub nodes: Vec<Node<'a>>,
}

/// A package's resolved dependencies.
#[derive(Debug, Deserialize)]
pub struct Node<'a> {
    /// The package id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Its dependencies, with their kinds.
    #[serde(borrow, default)]
    pub deps: Vec<NodeDep<'a>>,
}

/// One resolved dependency.
#[derive(Debug, Deserialize)]
pub struct NodeDep<'a> {
    /// The id of the package depended on.
    #[serde(borrow)]
    pub pkg: Cow<'a, str>,
    /// How it is depended on (cargo 1.41 and later).
    #[serde(borrow, default)]
    pub dep_kinds: Vec<DepKindInfo<'a>>,
}

/// One way a dependency is declared.
#[derive(Debug, Deserialize)]
pub struct DepKindInfo<'a> {
    /// `null` for a normal dependency, `"dev"`, `"build"`.
    #[serde(borrow, default)]
    pub kind: Option<Cow<'a, str>>,
    /// The platform condition, `cfg(…)` or a target triple; `null` for every platform.
    #[serde(borrow, default)]
    pub target: Option<Cow<'a, str>>,
}

impl Package<'_> {
    /// Whether it comes from the default registry (which cargo always names this way,
    /// whichever protocol fetched it).
    pub fn is_from_default_registry(&self) -> bool {
        self.source.as_deref() == Some("registry+https://github.com/rust-lang/crates.io-index")
    }
}
