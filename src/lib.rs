//! cargo-sovereign: who controls your dependencies, from where, and under which licence.
//!
//! The crate is a pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! input ──► model::Graph ──► enrich ──► analysis ──► policy ──► report
//! ```
//!
//! * [`input`] reads `cargo metadata`, CycloneDX and SPDX documents into a [`model::Graph`].
//! * [`report`] renders the result for people and for other programs.
//!
//! The library never prints and never exits; the binary (`src/main.rs`) does both.
#![deny(missing_docs)]

pub mod error;
pub mod input;
pub mod kb;
pub mod model;
