//! The knowledge base: curated facts from `data/`, embedded in the binary at build time.
//!
//! Facts live in commented TOML/TSV files so reviewers can check every entry against its
//! source; the modules here only load them (lazily, once) and answer lookups. Judging what a
//! fact means for the user is the policy stage's job, not the knowledge base's.

mod license_data;
mod license_expr;
mod license_text;
pub mod licenses;
