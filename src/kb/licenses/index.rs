//! [`LicenseIndex`]: the tables a licence string is classified against (ids, names,
//! exceptions), and the keys they are looked up by.
//!
//! The index is plain data: it is filled from the embedded files by `data.rs`
//! ([`LicenseIndex::embedded`]) and from a user's `[[license]]` entries by
//! [`LicenseIndex::extend`], and read by the classifier in `classify.rs`
//! ([`LicenseIndex::classify`]). Those methods live beside the code they need, so the imports
//! run one way: categories and verdicts at the bottom, this index, then the data and the
//! readers of expressions and prose above it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::category::{ExceptionEffect, LicenseCategory};

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
    /// Normalised name (see [`name_key`]) → meaning.
    pub(crate) names: BTreeMap<String, NameInfo>,
    /// Lower-cased exception id → effect.
    pub(crate) exceptions: BTreeMap<String, ExceptionEffect>,
}

impl LicenseIndex {
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
            if looks_like_id(id) {
                self.ids.insert(id.to_ascii_lowercase(), (id.to_string(), entry.category));
            }
            let key = name_key(id);
            if !key.is_empty() {
                let spdx = looks_like_id(id).then(|| id.to_string());
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
}

/// Whether `s` has the shape of an SPDX licence id or reference (no spaces, only the
/// characters SPDX allows in ids, plus `+` and the `DocumentRef` colon).
pub(crate) fn looks_like_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | ':'))
}

/// The key non-SPDX names are matched on: lower case; every character other than a letter,
/// digit, `.` or `+` is a separator; words lose trailing dots; `licence(s)` reads as
/// `license(s)`; a leading `the` is dropped.
pub(crate) fn name_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '+'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "licence" => "license",
            "licences" => "licenses",
            other => other,
        })
        .collect();
    if words.len() > 1 && words.first() == Some(&"the") {
        words.remove(0);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_key_normalises_spelling_variants() {
        assert_eq!(
            name_key("The Apache Software License, Version 2.0"),
            "apache software license version 2.0"
        );
        assert_eq!(
            name_key("  apache   software licence version 2.0. "),
            "apache software license version 2.0"
        );
        assert_eq!(name_key("GPLv3+"), "gplv3+");
        assert_eq!(name_key("the"), "the");
        assert_eq!(name_key("!!!"), "");
    }
}
