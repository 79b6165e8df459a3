//! Licence categories: what a package's declared licence means for a company that depends on it.
//!
//! SPDX tells us *which* licence; users need to know *what kind*: can we ship it in a closed
//! product, must we publish changes, may we run it as a service, may we use it commercially at
//! all. [`LicenseCategory`] is that answer, and [`LicenseIndex`] maps licence ids and names to it.
//!
//! Where the categories come from:
//! * `data/licenses.tsv`, derived by `scripts/derive-licenses.py` from the ScanCode LicenseDB
//!   (CC-BY-4.0) with our corrections in `data/license-overrides.toml`. ScanCode categories map
//!   to ours as: Permissive → permissive, Public Domain → public-domain, Copyleft Limited →
//!   weak-copyleft, Copyleft → strong-copyleft, Commercial and Proprietary Free → proprietary,
//!   Source-available → source-available, Free Restricted (no-military, ethical, export or
//!   field-of-use clauses) → source-available, Patent License, CLA, Unstated License and
//!   Generic → unknown (they say nothing about the copyright licence). The overrides move the
//!   AGPL, EUPL, OSL, RPL and CPAL to network-copyleft and every NonCommercial licence to
//!   non-commercial.
//! * `data/license-names.toml`: non-SPDX names seen in package metadata and SBOMs.
//! * `data/license-exceptions.toml`: what each `WITH` exception does to its base licence.
//!
//! The user's `--kb` file may add `[[license]]` entries ([`LicenseEntry`]); they win over the
//! embedded data. How expressions are combined is described on [`LicenseIndex::classify`].

//!
//! The files, from the bottom up (each imports only those above it in this list):
//! `category.rs` (the categories and how they combine), `verdict.rs` (what classifying found),
//! `index.rs` (the tables and their keys), `data.rs` (the embedded files, read into an index),
//! `keywords.rs`, `expression.rs` and `prose.rs` (reading one declared string), and
//! `classify.rs` (the steps in order). This file only names what the rest of the crate uses.

mod category;
mod classify;
mod data;
mod expression;
mod index;
mod keywords;
mod prose;
mod verdict;

pub use category::{ExceptionEffect, LicenseCategory, UnknownCategory};
pub use index::{LicenseEntry, LicenseIndex};
pub use verdict::LicenseVerdict;

/// [`LicenseIndex::classify`] on the embedded knowledge base.
pub fn classify(raw: &str) -> LicenseVerdict {
    LicenseIndex::embedded().classify(raw)
}

/// [`LicenseIndex::classify_with`] on the embedded knowledge base.
pub fn classify_with(raw: &str, acceptable: &dyn Fn(LicenseCategory) -> bool) -> LicenseVerdict {
    LicenseIndex::embedded().classify_with(raw, acceptable)
}

/// [`LicenseIndex::category_of_id`] on the embedded knowledge base.
pub fn category_of_id(id: &str) -> Option<LicenseCategory> {
    LicenseIndex::embedded().category_of_id(id)
}
