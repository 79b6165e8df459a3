//! Loading the licence data files embedded from `data/`.
//!
//! The files are compiled into the binary so the tool works offline and every user gets the
//! same answers for the same version. They are parsed once, on first use. A malformed line
//! cannot reach users because the tests parse every file strictly; at run time a bad line is
//! skipped rather than turned into a panic.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::category::{ExceptionEffect, LicenseCategory};
use super::index::{looks_like_id, name_key, LicenseIndex, NameInfo};
use crate::error::InputError;

/// ScanCode-derived categories per id (`scripts/derive-licenses.py`).
const LICENSES_TSV: &str = include_str!("../../../data/licenses.tsv");
/// Non-SPDX licence names.
const NAMES_TOML: &str = include_str!("../../../data/license-names.toml");
/// `WITH` exception effects.
const EXCEPTIONS_TOML: &str = include_str!("../../../data/license-exceptions.toml");

const LICENSES_PATH: &str = "data/licenses.tsv";
const NAMES_PATH: &str = "data/license-names.toml";
const EXCEPTIONS_PATH: &str = "data/license-exceptions.toml";

/// One row of `licenses.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct IdRow {
    id: String,
    category: LicenseCategory,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesFile {
    #[serde(default)]
    name: Vec<NameRecord>,
}

/// One `[[name]]` of `license-names.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NameRecord {
    names: Vec<String>,
    category: LicenseCategory,
    #[serde(default)]
    spdx: Option<String>,
    #[allow(dead_code)] // for reviewers; the tests check every entry has one
    source: String,
    #[serde(default)]
    #[allow(dead_code)] // documentation for reviewers; read by the tests only
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExceptionsFile {
    #[serde(default)]
    exception: Vec<ExceptionRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum EffectKind {
    Keep,
    Lower,
    Raise,
}

/// One `[[exception]]` of `license-exceptions.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExceptionRecord {
    id: String,
    effect: EffectKind,
    #[serde(default)]
    category: Option<LicenseCategory>,
    #[allow(dead_code)] // for reviewers; the tests check every entry has one
    source: String,
    #[allow(dead_code)] // documentation for reviewers; read by the tests only
    reason: String,
}

impl ExceptionRecord {
    /// The effect, or an error when `category` is missing or superfluous.
    fn effect(&self) -> Result<ExceptionEffect, InputError> {
        let problem =
            |what: &str| Err(InputError::new(EXCEPTIONS_PATH, format!("exception {}: {what}", self.id)));
        match (self.effect, self.category) {
            (EffectKind::Keep, None) => Ok(ExceptionEffect::Keep),
            (EffectKind::Lower, Some(c)) => Ok(ExceptionEffect::Lower(c)),
            (EffectKind::Raise, Some(c)) => Ok(ExceptionEffect::Raise(c)),
            (EffectKind::Keep, Some(_)) => problem("`keep` takes no category"),
            (_, None) => problem("`lower` and `raise` need a category"),
        }
    }
}

/// Parses `licenses.tsv`: `#` comment lines, a header row, then `id category key key-category`.
/// Errors name the line.
fn parse_tsv(text: &str) -> Result<Vec<IdRow>, InputError> {
    let at = |n: usize, message: String| InputError {
        path: LICENSES_PATH.to_string(),
        line: Some(n + 1),
        column: None,
        message,
    };
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !header_seen {
            header_seen = true;
            if line.split('\t').next() == Some("id") {
                continue;
            }
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [id, category, _key, _key_category] = fields.as_slice() else {
            return Err(at(n, "expected 4 tab-separated columns".to_string()));
        };
        let category = category.parse().map_err(|e| at(n, format!("{e}")))?;
        if !looks_like_id(id) {
            return Err(at(n, format!("`{id}` is not a licence id")));
        }
        rows.push(IdRow { id: (*id).to_string(), category });
    }
    Ok(rows)
}

/// Parses `license-names.toml`.
fn parse_names(text: &str) -> Result<NamesFile, InputError> {
    toml::from_str(text).map_err(|e| InputError::from_toml(NAMES_PATH, text, &e))
}

/// Parses `license-exceptions.toml`.
fn parse_exceptions(text: &str) -> Result<ExceptionsFile, InputError> {
    toml::from_str(text).map_err(|e| InputError::from_toml(EXCEPTIONS_PATH, text, &e))
}

static EMBEDDED: OnceLock<LicenseIndex> = OnceLock::new();

impl LicenseIndex {
    /// The knowledge base shipped in `data/`, parsed on first use.
    pub fn embedded() -> &'static LicenseIndex {
        EMBEDDED.get_or_init(embedded_index)
    }
}

/// Builds the embedded index. Parse errors leave the affected table empty (the tests make
/// sure there are none).
fn embedded_index() -> LicenseIndex {
    let mut ids = BTreeMap::new();
    for row in parse_tsv(LICENSES_TSV).unwrap_or_default() {
        ids.insert(row.id.to_ascii_lowercase(), (row.id, row.category));
    }
    let mut names = BTreeMap::new();
    if let Ok(file) = parse_names(NAMES_TOML) {
        for record in file.name {
            for name in &record.names {
                let info = NameInfo { category: record.category, spdx: record.spdx.clone() };
                names.insert(name_key(name), info);
            }
        }
    }
    let mut exceptions = BTreeMap::new();
    if let Ok(file) = parse_exceptions(EXCEPTIONS_TOML) {
        for record in file.exception {
            if let Ok(effect) = record.effect() {
                exceptions.insert(record.id.to_ascii_lowercase(), effect);
            }
        }
    }
    LicenseIndex { ids, names, exceptions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn is_url(s: &str) -> bool {
        (s.starts_with("https://") || s.starts_with("http://")) && !s.contains(char::is_whitespace)
    }

    #[test]
    fn licenses_tsv_parses_and_every_row_has_a_valid_category() {
        let rows = parse_tsv(LICENSES_TSV).unwrap();
        assert!(rows.len() > 3000, "only {} rows", rows.len());
        let ids: BTreeSet<String> = rows.iter().map(|r| r.id.to_ascii_lowercase()).collect();
        assert_eq!(ids.len(), rows.len(), "duplicate ids in licenses.tsv");
        // Every category is used, and the file is sorted the way the script writes it.
        for category in LicenseCategory::all() {
            assert!(rows.iter().any(|r| r.category == *category), "no row is {category}");
        }
        let keys: Vec<(String, String)> =
            rows.iter().map(|r| (r.id.to_ascii_lowercase(), r.id.clone())).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "licenses.tsv is not sorted");
    }

    #[test]
    fn tsv_errors_name_the_line() {
        let err = parse_tsv("# c\nid\tcategory\tk\tc\nMIT\tfree\tmit\tPermissive\n").unwrap_err().to_string();
        assert!(err.contains("licenses.tsv:3") && err.contains("free"), "{err}");
        let err = parse_tsv("id\tcategory\tk\tc\nMIT permissive\n").unwrap_err().to_string();
        assert!(err.contains("licenses.tsv:2"), "{err}");
    }

    #[test]
    fn every_overrides_entry_has_a_source_and_reason() {
        let text = include_str!("../../../data/license-overrides.toml");
        let value: toml::Table = toml::from_str(text).unwrap();
        let entries = value["license"].as_array().unwrap();
        assert!(entries.len() > 40);
        for entry in entries {
            let id = entry["id"].as_str().unwrap();
            assert!(is_url(entry["source"].as_str().unwrap()), "{id}: bad source");
            assert!(!entry["reason"].as_str().unwrap().trim().is_empty(), "{id}: empty reason");
            entry["category"].as_str().unwrap().parse::<LicenseCategory>().unwrap();
        }
    }

    #[test]
    fn names_file_is_strict_with_sources_and_no_conflicting_keys() {
        let file = parse_names(NAMES_TOML).unwrap();
        let mut seen: BTreeMap<String, LicenseCategory> = BTreeMap::new();
        for record in &file.name {
            assert!(is_url(&record.source), "{:?}: bad source", record.names);
            assert!(!record.names.is_empty());
            for name in &record.names {
                let key = name_key(name);
                assert!(!key.is_empty(), "{name:?} normalises to nothing");
                if let Some(previous) = seen.insert(key.clone(), record.category) {
                    panic!("{name:?} ({key}) is listed twice ({previous} and {})", record.category);
                }
            }
        }
        assert!(seen.len() > 300, "only {} names", seen.len());
        assert!(parse_names("[[name]]\nnames = []\ncategory = \"permissive\"\nsource = \"x\"\ncolour = 1\n")
            .is_err());
    }

    #[test]
    fn exceptions_file_is_strict_and_every_effect_is_well_formed() {
        let file = parse_exceptions(EXCEPTIONS_TOML).unwrap();
        let mut ids = BTreeSet::new();
        for record in &file.exception {
            assert!(is_url(&record.source), "{}: bad source", record.id);
            assert!(!record.reason.trim().is_empty(), "{}: empty reason", record.id);
            record.effect().unwrap();
            assert!(ids.insert(record.id.to_ascii_lowercase()), "{} listed twice", record.id);
        }
        let keep_with_category = "[[exception]]\nid = \"x\"\neffect = \"keep\"\ncategory = \"permissive\"\nsource = \"https://a\"\nreason = \"r\"\n";
        assert!(parse_exceptions(keep_with_category).unwrap().exception[0].effect().is_err());
    }
}
