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

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::license_data;
use super::license_expr;

/// What kind of licence a package is under, from most to least permissive.
///
/// The declaration order is the permissiveness rank ([`LicenseCategory::rank`]):
/// `public-domain` (0) < `permissive` < `weak-copyleft` < `strong-copyleft` <
/// `network-copyleft` < `source-available` < `non-commercial` < `proprietary` < `unknown` (8).
/// `unknown` sorts last because nothing shows it is any better than the worst case; the
/// combination rules of [`LicenseIndex::classify`] still treat it specially (a known alternative
/// beats it, and `proprietary` is reported over it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LicenseCategory {
    /// No conditions at all: public domain dedications (CC0, Unlicense, WTFPL).
    PublicDomain,
    /// Use, modify and redistribute with notice: MIT, Apache-2.0, BSD.
    Permissive,
    /// Copyleft on the licensed files or library only: LGPL, MPL, EPL, GPL with a linking exception.
    WeakCopyleft,
    /// Copyleft on the whole derived work when distributed: GPL.
    StrongCopyleft,
    /// Copyleft also triggered by offering the software over a network: AGPL, EUPL.
    NetworkCopyleft,
    /// Source is readable but use is restricted (competition, field of use): BUSL, SSPL, Elastic.
    SourceAvailable,
    /// Commercial use forbidden: CC-BY-NC, PolyForm Noncommercial.
    NonCommercial,
    /// No open licence: proprietary or commercial terms, npm `UNLICENSED`.
    Proprietary,
    /// Missing, `NOASSERTION`, unparseable, or only a pointer to a licence file.
    Unknown,
}

const ALL: [LicenseCategory; 9] = [
    LicenseCategory::PublicDomain,
    LicenseCategory::Permissive,
    LicenseCategory::WeakCopyleft,
    LicenseCategory::StrongCopyleft,
    LicenseCategory::NetworkCopyleft,
    LicenseCategory::SourceAvailable,
    LicenseCategory::NonCommercial,
    LicenseCategory::Proprietary,
    LicenseCategory::Unknown,
];

impl LicenseCategory {
    /// The kebab-case name used in data files, configuration and reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::PublicDomain => "public-domain",
            Self::Permissive => "permissive",
            Self::WeakCopyleft => "weak-copyleft",
            Self::StrongCopyleft => "strong-copyleft",
            Self::NetworkCopyleft => "network-copyleft",
            Self::SourceAvailable => "source-available",
            Self::NonCommercial => "non-commercial",
            Self::Proprietary => "proprietary",
            Self::Unknown => "unknown",
        }
    }

    /// Every category, most permissive first (rank order).
    pub const fn all() -> &'static [LicenseCategory] {
        &ALL
    }

    /// Permissiveness rank: 0 for `public-domain` up to 8 for `unknown` (see the type's docs).
    pub const fn rank(self) -> u8 {
        self as u8
    }

    /// Whether this is one of the three copyleft categories.
    pub const fn is_copyleft(self) -> bool {
        matches!(self, Self::WeakCopyleft | Self::StrongCopyleft | Self::NetworkCopyleft)
    }
}

impl fmt::Display for LicenseCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LicenseCategory {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ALL.iter().copied().find(|c| c.as_str() == s).ok_or_else(|| {
            let names: Vec<&str> = ALL.iter().map(|c| c.as_str()).collect();
            format!("unknown licence category `{s}`, expected one of {}", names.join(", "))
        })
    }
}

/// One `[[license]]` entry of a user's knowledge-base file.
///
/// `id` is an SPDX id, a `LicenseRef-…`, or a free-text licence name as packages write it
/// (`"ACME Internal Licence"`); ids match case-insensitively, names after the normalisation
/// described in `data/license-names.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseEntry {
    /// The licence id or name.
    pub id: String,
    /// Its category.
    pub category: LicenseCategory,
    /// A public URL where the licence or the fact can be checked.
    pub source: String,
}

/// What a `WITH` exception does to the category of the licence it is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "effect", content = "category")]
pub enum ExceptionEffect {
    /// The base licence's category stands.
    Keep,
    /// A copyleft base more restrictive than this category drops to it (linking exceptions).
    Lower(LicenseCategory),
    /// A base less restrictive than this category, or unknown, rises to it (Commons Clause).
    Raise(LicenseCategory),
}

impl ExceptionEffect {
    /// The category of `base WITH <this exception>`.
    pub fn apply(self, base: LicenseCategory) -> LicenseCategory {
        match self {
            Self::Keep => base,
            Self::Lower(to) if base.is_copyleft() && base > to => to,
            Self::Raise(to) if base == LicenseCategory::Unknown || base < to => to,
            Self::Lower(_) | Self::Raise(_) => base,
        }
    }
}

/// The result of classifying one declared licence string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenseVerdict {
    /// The normalised SPDX expression, when the string is (or names) a valid one:
    /// canonical id case, `OR`/`AND`/`WITH` operators, `-only`/`-or-later` GNU ids,
    /// parentheses only where needed. `None` for free text that is not SPDX.
    pub expression: Option<String>,
    /// The category of the whole expression.
    pub category: LicenseCategory,
    /// Licence ids found (SPDX ids and `LicenseRef-…`, not exceptions), sorted, deduplicated.
    pub ids: Vec<String>,
}

impl LicenseVerdict {
    /// A verdict for a string we could not read as any licence.
    pub fn unknown() -> Self {
        LicenseVerdict { expression: None, category: LicenseCategory::Unknown, ids: Vec::new() }
    }
}

/// What a non-SPDX licence name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameInfo {
    pub(crate) category: LicenseCategory,
    /// The SPDX expression the name means, if there is one.
    pub(crate) spdx: Option<String>,
}

/// Licence ids, names and exceptions with their categories: the embedded knowledge base,
/// optionally extended with a user's entries.
///
/// To add entries on top of the embedded data: `let mut index = LicenseIndex::embedded().clone();
/// index.extend(entries);`.
#[derive(Debug, Clone, Default)]
pub struct LicenseIndex {
    /// Lower-cased id → (id as written, category).
    pub(crate) ids: BTreeMap<String, (String, LicenseCategory)>,
    /// Normalised name (see `license_data::name_key`) → meaning.
    pub(crate) names: BTreeMap<String, NameInfo>,
    /// Lower-cased exception id → effect.
    pub(crate) exceptions: BTreeMap<String, ExceptionEffect>,
}

static EMBEDDED: OnceLock<LicenseIndex> = OnceLock::new();

impl LicenseIndex {
    /// The knowledge base shipped in `data/`, parsed on first use.
    pub fn embedded() -> &'static LicenseIndex {
        EMBEDDED.get_or_init(license_data::embedded_index)
    }

    /// An index holding only `entries` (no embedded data, no exceptions).
    pub fn from_entries(entries: impl IntoIterator<Item = LicenseEntry>) -> Self {
        let mut index = LicenseIndex::default();
        index.extend(entries);
        index
    }

    /// Adds `entries`, replacing what the index said about the same ids or names.
    ///
    /// An entry whose `id` looks like a licence id (letters, digits, `.`, `-`, `+`, `:`) is
    /// added as an id; every entry is also added as a name, so free text matches too.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = LicenseEntry>) {
        for entry in entries {
            let id = entry.id.trim();
            if license_data::looks_like_id(id) {
                self.ids.insert(id.to_ascii_lowercase(), (id.to_string(), entry.category));
            }
            let key = license_data::name_key(id);
            if !key.is_empty() {
                let spdx = license_data::looks_like_id(id).then(|| id.to_string());
                self.names.insert(key, NameInfo { category: entry.category, spdx });
            }
        }
    }

    /// The category of one licence id (`MIT`, `gpl-2.0-or-later`, `LicenseRef-scancode-foo`),
    /// case-insensitively; a trailing `+` is ignored when the id with it is not listed.
    pub fn category_of_id(&self, id: &str) -> Option<LicenseCategory> {
        let id = id.trim();
        let lower = id.to_ascii_lowercase();
        if let Some((_, category)) = self.ids.get(&lower) {
            return Some(*category);
        }
        let stripped = lower.trim_end_matches('+');
        (stripped.len() != lower.len()).then(|| self.ids.get(stripped).map(|(_, c)| *c)).flatten()
    }

    /// What the exception `id` does to its base licence, if the index knows it.
    pub fn exception_effect(&self, id: &str) -> Option<ExceptionEffect> {
        self.exceptions.get(&id.trim().to_ascii_lowercase()).copied()
    }

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
        license_expr::classify_in(self, raw, None)
    }

    /// As [`LicenseIndex::classify`], but `A OR B` prefers the most permissive alternative
    /// that `acceptable` accepts, falling back to the most permissive one when none is.
    pub fn classify_with(&self, raw: &str, acceptable: &dyn Fn(LicenseCategory) -> bool) -> LicenseVerdict {
        license_expr::classify_in(self, raw, Some(acceptable))
    }
}

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
