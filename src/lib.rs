//! cargo-sovereign: who controls your dependencies, from where, and under which licence.
//!
//! The crate is a pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! input ──► model::Graph ──► enrich ──► analysis ──► policy ──► report
//! ```
//!
//! * [`input`] reads `cargo metadata`, CycloneDX and SPDX documents into a [`model::Graph`].
//! * [`kb`] holds the knowledge base in `data/`: licence categories, countries, jurisdiction
//!   groups, place names, organisations, forges and vendors.
//! * [`enrich`] gathers evidence about who controls each package and from where.
//! * [`analysis`] measures the graph: depth, dependents, dominators, concentration.
//! * [`policy`] judges the result against `sovereign.toml` and produces findings.
//! * [`report`] renders the result for people and for other programs, explains one package
//!   and compares two reports.
//! * [`publish`] hands the enriched SBOM to a platform that keeps it (Dependency-Track).
//! * [`pipeline`] is the one driver: the binary and the tests run the stages through it.
//! * [`files`] reads every file through one guard and writes reports without harming what is
//!   at their paths.
//! * [`terminal`] makes text from the input safe to print.
//!
//! The library never prints and never exits; the binary (`src/cli/`) does both.
#![deny(missing_docs)]

pub mod analysis;
pub mod enrich;
pub mod error;
pub mod files;
pub mod hash;
pub mod input;
pub mod kb;
pub mod model;
pub mod pipeline;
pub mod policy;
pub mod publish;
pub mod report;
pub mod terminal;
pub mod text;
