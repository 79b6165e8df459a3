//! The vocabulary every stage shares: packages, the dependency graph, and where they came from.
//!
//! Every input format (Cargo metadata, CycloneDX, SPDX) is read into one [`Graph`]. The graph
//! stores packages in a `Vec` and refers to them by index ([`PackageIndex`]) so the analysis
//! stage can work on plain integers; the stable, human-readable identity of a package is its
//! [`Package::id`], which is what reports print and what `diff` matches on.
//!
//! * `package.rs`: a [`Package`] and the [`Party`]s and [`Source`] an input names for it.
//! * `declared.rs`: packages a project declares (its `[[model]]`s), added as dependencies of
//!   the graph's roots.
//! * `kind.rs`: what a package is ([`PackageKind`]: library, model, dataset, service).
//! * `graph.rs`: the [`Graph`], its [`Edge`]s and the [`InputInfo`] of each document read.
//! * `builder.rs`: the [`GraphBuilder`], the one way a graph is made, keeping its invariants.
//! * `facts.rs`: what enrichment and analysis add about a package ([`Origin`], [`Evidence`],
//!   its registry [`Owner`]s).
//! * `overrides.rs`: what the user declares about packages ([`Override`], [`Target`]).
//! * `repository.rs`: a repository on a known code host, from any spelling of its URL.
//!
//! Every stage imports the model; the model imports no stage, so it can be read (and tested)
//! without any of them.

mod builder;
mod declared;
mod facts;
mod graph;
mod kind;
mod overrides;
mod package;
mod repository;

pub use builder::GraphBuilder;
pub use facts::{
    Alternative, EntityKind, Evidence, GraphFigures, Hosting, Jurisdiction, Origin, Owner, OwnerKind, Signal,
    SignalClass, VendorInfo,
};
pub use graph::{DepKind, Edge, Graph, InputFormat, InputInfo, PackageIndex};
pub use kind::PackageKind;
pub use overrides::{Override, Target};
pub use package::{Checksum, Package, Party, PartyKind, Source};
pub use repository::{hosted, HostedRepository, CODE_HOSTS};
