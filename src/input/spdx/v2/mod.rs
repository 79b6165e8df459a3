//! SPDX 2.2 / 2.3 in its three serialisations.
//!
//! JSON and YAML are the same data model written two ways, so both are deserialised into one
//! set of serde types (`document.rs`) by `json_yaml.rs`; the tag-value reader (`tag_value.rs`)
//! fills in the same package type one package at a time. All three hand their elements to the
//! loader (`loader.rs`), so the three serialisations map into the graph by the same code.
//!
//! The files are layered, each using only those above it: `document.rs`, then `loader.rs`,
//! then the readers.

mod document;
mod json_yaml;
mod loader;
mod tag_value;

pub use json_yaml::{read_json, read_yaml};
pub use tag_value::read_tag_value;
