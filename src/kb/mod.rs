//! The curated knowledge base: organisations, code hosts and registries, vendor SDKs.
//!
//! Attribution needs facts that no package states about itself: that `github.com/aws` is
//! Amazon's, that Amazon is controlled from the US, that `boto3` is a client of a proprietary
//! cloud. Those facts live in commented TOML under `data/`, embedded in the binary so the tool
//! works offline, each entry with a public source a reviewer can check. Every table is an entry
//! type plus an index built from a `Vec` of entries, so a user's `--kb FILE` in the same format
//! ([`file::KbFile`]) extends or overrides the embedded data without a second code path.

pub mod file;
pub mod forges;
pub mod glob;
pub mod names;
pub mod orgs;
pub mod vendors;
