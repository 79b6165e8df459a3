//! The Cargo input: `cargo metadata --format-version 1`, run live or read from a file.
//!
//! The resolve graph, not the manifest, is the truth: it says which packages the build will
//! use for the chosen features and target. Workspace members are the roots; the walk from them
//! keeps normal and build edges, and dev edges only with `--include-dev`. `--target` is left to
//! cargo (`--filter-platform`) when cargo runs live, and evaluated here against
//! `rustc --print cfg` when the metadata comes from a file.
//!
//! * `run.rs` runs `cargo metadata` with the user's options;
//! * `json.rs` is the part of its JSON an audit reads;
//! * `lock.rs` reads the SHA-256 checksums of `Cargo.lock`, which the metadata lacks;
//! * `metadata.rs` walks the resolve graph from the chosen members into the graph;
//! * `platform.rs` evaluates platform conditions for `--target` when cargo did not.

mod json;
mod lock;
mod metadata;
mod platform;
mod run;

pub use metadata::{parse_author, read_json, read_metadata, Selection};
pub use run::{run_cargo_metadata, CargoOptions};
