//! Reading a declared licence string into a category: [`LicenseIndex::classify`].
//!
//! Packages declare licences in every shape: strict SPDX (`MIT OR Apache-2.0`), Cargo's lax
//! forms (`MIT/Apache-2.0`, `mit or apache-2.0`, `GPL-2.0+`), Maven and PyPI names
//! (`The Apache Software License, Version 2.0`, `License :: OSI Approved :: MIT License`), npm's
//! `UNLICENSED`, or prose. The steps, first hit wins:
//!
//! 1. strings over [`MAX_INPUT`] bytes, empty strings and `NOASSERTION` are `unknown`;
//! 2. a PyPI classifier is reduced to its last segment;
//! 3. the whole string as a known name (`data/license-names.toml`, user entries);
//! 4. an SPDX expression, parsed with the `spdx` crate in lax mode after fixing the case of ids
//!    and operators; terms the crate does not know are looked up as names, else `unknown`;
//! 5. a list of names joined by `or`, `and`, `/` (`MIT License or Apache License 2.0`);
//!    steps 3 to 5 are tried again without parenthesised remarks (`MIT (http://…)`);
//! 6. a few words that settle it (`proprietary`, `commercial license`, `EULA`,
//!    `all rights reserved`, `non-commercial`).
//!
//! Combining: `A OR B` is the most permissive known alternative (an unknown alternative never
//! wins over a known one); with a policy, the most permissive alternative the policy accepts.
//! `A AND B` is the most restrictive part, except that an unknown part makes the whole
//! `unknown` unless another part is already `proprietary` (nothing can be worse, so that answer
//! is certain). `A WITH E` is A's category changed as `data/license-exceptions.toml` says; an
//! exception we do not know keeps A's category.
//!
//! Steps 3 and 4 are in `expression.rs`, step 5 and the remarks in `prose.rs`, step 6 in
//! `keywords.rs`, the combination rules in `category.rs`; this file only orders them.

use super::category::{Acceptable, LicenseCategory};
use super::expression::{by_name, by_spdx};
use super::index::LicenseIndex;
use super::keywords::by_keywords;
use super::prose::{by_parts, without_remarks};
use super::verdict::LicenseVerdict;

/// Longer strings are licence texts or garbage, not declarations: `unknown` without parsing.
const MAX_INPUT: usize = 4096;

impl LicenseIndex {
    /// Classifies a declared licence string: an SPDX expression (strict or lax: `MIT/Apache-2.0`,
    /// `mit or apache-2.0`, `GPL-2.0+`, `Apache 2.0`), a known licence name (Maven, npm, PyPI
    /// classifier), names joined by `or`/`and`, or anything else (then `unknown`).
    ///
    /// * `A OR B`: the most permissive alternative; an unknown alternative never beats a known one.
    /// * `A AND B`: the most restrictive part; an unknown part makes the result `unknown`
    ///   unless another part is `proprietary` (which nothing can make worse).
    /// * `A WITH E`: A's category, changed only if the exception table says so (linking
    ///   exceptions lower GPL-family licences to `weak-copyleft`; Commons Clause raises to
    ///   `source-available`).
    /// * `NOASSERTION`, `NONE`, empty strings, licence-file pointers and inputs over 4 KiB are
    ///   `unknown`. `LicenseRef-…` ids are kept in the expression and looked up in the
    ///   ScanCode table (`LicenseRef-scancode-<key>`), then by name and keyword
    ///   (`LicenseRef-Proprietary`).
    ///
    /// Never panics; the work is bounded whatever the input.
    pub fn classify(&self, raw: &str) -> LicenseVerdict {
        classify_in(self, raw, None)
    }

    /// As [`LicenseIndex::classify`], but `A OR B` prefers the most permissive alternative
    /// that `acceptable` accepts, falling back to the most permissive one when none is.
    pub fn classify_with(&self, raw: &str, acceptable: &dyn Fn(LicenseCategory) -> bool) -> LicenseVerdict {
        classify_in(self, raw, Some(acceptable))
    }
}

/// Classifies `raw` against `index` (see the module docs for the steps).
fn classify_in(index: &LicenseIndex, raw: &str, acceptable: Acceptable<'_>) -> LicenseVerdict {
    if raw.len() > MAX_INPUT {
        return LicenseVerdict::unknown();
    }
    let mut text = raw.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("NOASSERTION") {
        return LicenseVerdict::unknown();
    }
    if text.get(..10).is_some_and(|p| p.eq_ignore_ascii_case("license ::")) {
        text = text.rsplit("::").next().unwrap_or(text).trim();
    }
    if let Some(verdict) = by_text(index, text, acceptable) {
        return verdict;
    }
    if let Some(verdict) = without_remarks(text).and_then(|t| by_text(index, &t, acceptable)) {
        return verdict;
    }
    LicenseVerdict {
        category: by_keywords(text).unwrap_or(LicenseCategory::Unknown),
        ..LicenseVerdict::unknown()
    }
}

/// Steps 3 to 5 on one text.
fn by_text(index: &LicenseIndex, text: &str, acceptable: Acceptable<'_>) -> Option<LicenseVerdict> {
    by_name(index, text, acceptable)
        .or_else(|| by_spdx(index, text, acceptable))
        .or_else(|| by_parts(index, text, acceptable))
}
