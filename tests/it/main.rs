//! The one integration-test binary: every integration test is a module of it.
//!
//! One binary rather than one per file because linking dominated a warm `cargo test` (each of
//! the 28 binaries linked the whole crate and its dependencies again); the modules still read
//! as separate files. They share one process: a temporary folder is named after its module
//! (and the process), never shared between modules, and no test changes the process's
//! environment or current folder (runs of the binary get theirs through `Command`).
//!
//! Golden files of every report format are in `goldens` (snapshots in `snapshots/`); the
//! command-line cases of `tests/cmd/*.toml` run from `cli`.

mod common;
// What each fuzz target checks (fuzz/properties.rs), replayed by `fuzz_regressions` and
// driven with random strings by `properties`.
#[path = "../../fuzz/properties.rs"]
mod fuzz_properties;
mod report_common;

mod action;
mod action_steps;
mod analysis;
mod attribution;
mod attribution_eval;
mod attribution_people;
mod cargo_input;
mod cli;
mod color;
mod cyclonedx_bsi;
mod cyclonedx_corpus;
mod cyclonedx_roundtrip;
mod determinism;
mod findings;
mod findings_policy;
mod fuzz_regressions;
mod goldens;
mod hostile;
mod hostile_readers;
mod html_dot_reports;
mod huggingface_eval;
mod kb_cross;
mod kb_geo;
mod kb_lookup;
mod kb_orgs;
mod kb_vendor_examples;
mod kb_vendors;
mod licenses;
mod ml_models;
mod online;
mod outputs;
mod platforms;
mod properties;
mod report_cyclonedx;
mod report_dot;
mod report_markdown;
mod report_sarif;
mod report_sarif_limits;
mod report_schema;
mod report_spdx;
mod report_spdx3;
mod report_spdx_corpus;
mod report_table;
mod score;
mod spdx_corpus;
mod terminal;
mod upload;
