//! SPDX 2.2 and 2.3 in JSON, YAML and tag-value (`v2/`); 3.0 in JSON-LD (`v3/`).
//!
//! The two major versions are different data models: a 2.x package carries its own licence and
//! supplier, and relationships name packages; in 3.0 nearly everything is a separate element
//! found through an id. They share the end of the road (`common.rs`): what a package's facts
//! become in the model, how party strings and package URLs are read, and how non-fatal
//! problems are counted. A package therefore reads the same whichever version or
//! serialisation it came in, which the corpus tests check on documents published in several.

mod common;
mod v2;
mod v3;

pub use v2::{read_json, read_tag_value, read_yaml};
pub use v3::read_json_ld;
