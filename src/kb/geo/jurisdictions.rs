//! Named groups of countries a policy can trust: `eu`, `eea`, `efta`, `europe`, `gdpr-adequate`,
//! `eu-candidates`.
//!
//! A policy says "trust `europe`" rather than listing thirty-odd ISO codes, and the list stays
//! right when membership changes, because it is kept once, with its official source, in
//! `data/jurisdictions.toml`. Groups may include other groups (`eea` includes `eu`); members
//! are resolved once when the file is first read.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

use super::countries;
use crate::error::InputError;
use crate::kb::loaded::{load, Loaded};

const JURISDICTIONS_TOML: &str = include_str!("../../../data/jurisdictions.toml");
const FILE: &str = "data/jurisdictions.toml";

/// One jurisdiction group with its members resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The group's name as a policy writes it: `eea`.
    pub name: String,
    /// What the group is, in one sentence.
    pub description: String,
    /// An official page listing the members.
    pub source: String,
    /// Every member, including those of included groups: ISO 3166-1 alpha-2 codes, sorted.
    pub members: Vec<String>,
    /// Members the group covers only in part (an adequacy decision limited to some
    /// organisations), sorted; empty for most groups.
    pub partial: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    group: BTreeMap<String, RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    description: String,
    source: String,
    #[serde(default)]
    includes: Vec<String>,
    members: Vec<String>,
    #[serde(default)]
    partial: Vec<String>,
}

fn loaded() -> &'static Loaded<Vec<Group>> {
    static TABLE: OnceLock<Loaded<Vec<Group>>> = OnceLock::new();
    load(&TABLE, || parse(JURISDICTIONS_TOML))
}

/// Parses and resolves a jurisdictions file; every problem is reported.
fn parse(text: &str) -> Result<Vec<Group>, Vec<InputError>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| vec![InputError::from_toml(FILE, text, &e)])?;
    let mut problems = Vec::new();
    let mut groups = Vec::new();
    for (name, group) in &raw.group {
        let mut members = BTreeSet::new();
        collect(&raw.group, name, &mut members, &mut Vec::new(), &mut problems);
        for code in group.members.iter().chain(&group.partial) {
            if !countries::is_code(code) {
                problems.push(format!("group `{name}`: `{code}` is not an ISO 3166-1 alpha-2 code"));
            }
        }
        for code in &group.partial {
            if !members.contains(code) {
                problems.push(format!("group `{name}`: partial member `{code}` is not a member"));
            }
        }
        let mut partial = group.partial.clone();
        partial.sort();
        groups.push(Group {
            name: name.clone(),
            description: group.description.clone(),
            source: group.source.clone(),
            members: members.into_iter().collect(),
            partial,
        });
    }
    if problems.is_empty() {
        Ok(groups)
    } else {
        problems.sort();
        problems.dedup();
        Err(problems.into_iter().map(|p| InputError::new(FILE, p)).collect())
    }
}

/// Adds the members of `name` and of the groups it includes, reporting unknown and cyclic includes.
fn collect(
    raw: &BTreeMap<String, RawGroup>,
    name: &str,
    members: &mut BTreeSet<String>,
    path: &mut Vec<String>,
    problems: &mut Vec<String>,
) {
    if path.iter().any(|p| p == name) {
        problems.push(format!("groups include each other: {} → {name}", path.join(" → ")));
        return;
    }
    let Some(group) = raw.get(name) else {
        let from = path.last().map(String::as_str).unwrap_or("?");
        problems.push(format!("group `{from}` includes unknown group `{name}`"));
        return;
    };
    members.extend(group.members.iter().cloned());
    path.push(name.to_string());
    for included in &group.includes {
        collect(raw, included, members, path, problems);
    }
    path.pop();
}

/// Why the embedded jurisdiction data could not be read, if it could not (a bug; tests check it).
pub fn data_errors() -> &'static [InputError] {
    &loaded().errors
}

/// Every group, sorted by name.
pub fn groups() -> &'static [Group] {
    &loaded().value
}

/// The group called `name` (as a policy writes it, case-insensitive).
pub fn get(name: &str) -> Option<&'static Group> {
    let name = name.trim();
    groups().iter().find(|g| g.name.eq_ignore_ascii_case(name))
}

/// The members of the group called `name`, sorted ISO codes.
pub fn group(name: &str) -> Option<&'static [String]> {
    get(name).map(|g| g.members.as_slice())
}

/// The set of countries that `items` name: each item is a group name or an ISO 3166-1 alpha-2
/// code (any case; `EL` and `UK` are accepted for GR and GB). On failure, every item that is
/// neither is returned, in the order given.
pub fn expand(items: &[String]) -> Result<BTreeSet<String>, Vec<String>> {
    let mut set = BTreeSet::new();
    let mut unknown = Vec::new();
    for item in items {
        if let Some(members) = group(item) {
            set.extend(members.iter().cloned());
        } else if let Some(code) = countries::canonical_code(item) {
            set.insert(code.to_string());
        } else {
            unknown.push(item.clone());
        }
    }
    if unknown.is_empty() {
        Ok(set)
    } else {
        Err(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn embedded_file_parses() {
        assert_eq!(data_errors(), []);
        let names: Vec<&str> = groups().iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["eea", "efta", "eu", "eu-candidates", "europe", "gdpr-adequate"]);
    }

    #[test]
    fn includes_are_resolved() {
        let eea = group("eea").unwrap_or_default();
        assert_eq!(eea.len(), 30);
        assert!(eea.iter().any(|c| c == "NO"));
        assert!(eea.iter().any(|c| c == "FR"));
        assert_eq!(group("EU").map(<[String]>::len), Some(27));
    }

    #[test]
    fn expand_mixes_groups_and_codes() {
        let set = expand(&strings(&["efta", "jp", "EL"])).unwrap_or_default();
        let got: Vec<&str> = set.iter().map(String::as_str).collect();
        assert_eq!(got, ["CH", "GR", "IS", "JP", "LI", "NO"]);
    }

    #[test]
    fn expand_reports_every_unknown_item() {
        assert_eq!(expand(&strings(&["eu", "narnia", "XX", "de"])), Err(strings(&["narnia", "XX"])));
        assert_eq!(expand(&[]), Ok(BTreeSet::new()));
    }

    /// Every problem parsing `text`, one a line.
    fn errors(text: &str) -> String {
        let problems = parse(text).err().unwrap_or_default();
        problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        let unknown_code = "[group.a]\ndescription = \"\"\nsource = \"\"\nmembers = [\"ZZ\"]\n";
        assert!(errors(unknown_code).contains("`ZZ` is not"));
        let cycle = "[group.a]\ndescription = \"\"\nsource = \"\"\nincludes = [\"b\"]\nmembers = []\n\
                     [group.b]\ndescription = \"\"\nsource = \"\"\nincludes = [\"a\"]\nmembers = []\n";
        assert!(errors(cycle).contains("include each other"));
        let missing = "[group.a]\ndescription = \"\"\nsource = \"\"\nincludes = [\"zz\"]\nmembers = []\n";
        assert!(errors(missing).contains("unknown group `zz`"));
        let typo = "[group.a]\ndescription = \"\"\nsource = \"\"\nmember = []\n";
        assert_eq!(parse(typo).unwrap_err()[0].line, Some(4));
    }
}
