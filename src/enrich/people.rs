//! Packages whose authors are people: the authors field names people only, no organisation,
//! and no known organisation holds the repository. Such a package is a person's (or a few
//! people's) own: an answer, `individual`, with no controlling country (a person's country is
//! never one), rather than `unknown`.
//!
//! A name counts as a person's when it has no legal form, is no known organisation, and does
//! not speak for a group (`The Rust Project Developers`, `Tokio Contributors`, `Servo team`).

use crate::kb::base::Kb;
use crate::kb::legal_forms;
use crate::model::{Evidence, Package, PartyKind, Signal};

/// Words that make a name a group's, not a person's.
const GROUP_WORDS: &[&str] = &[
    "developers",
    "developer",
    "contributors",
    "authors",
    "team",
    "project",
    "community",
    "maintainers",
    "group",
    "foundation",
    "organization",
    "organisation",
    "org",
    "labs",
    "the",
];

/// The `personal-authors` row, when every listed author is a person; `repo_org` is the
/// knowledge-base organisation holding the repository, if any (then the package is its).
pub fn row(p: &Package, kb: &Kb, repo_org: Option<&str>, out: &mut Vec<Evidence>) {
    if repo_org.is_some() || p.authors.is_empty() {
        return;
    }
    let people = p.authors.iter().all(|a| {
        a.kind != PartyKind::Organization
            && a.kind != PartyKind::Tool
            && a.name.as_deref().is_some_and(|n| is_a_persons_name(n, kb))
    });
    if !people {
        return;
    }
    let n = p.authors.len();
    out.push(Evidence {
        signal: Signal::PersonalAuthors,
        value: if n == 1 { "the author".to_string() } else { format!("all {n} authors") },
        claim: "the authors field names people only, and no known organisation holds the repository".into(),
        entity: None,
        country: None,
        confidence: 0.5,
        source: Some("the package's metadata".into()),
    });
}

fn is_a_persons_name(name: &str, kb: &Kb) -> bool {
    let name = name.trim();
    let words: Vec<String> =
        name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    !words.is_empty()
        && !words.iter().any(|w| GROUP_WORDS.contains(&w.as_str()))
        && legal_forms::of(name).is_none()
        && kb.orgs.by_name(name).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Party;

    fn package(authors: &[(&str, PartyKind)], repository: Option<&str>) -> Package {
        Package {
            name: "x".into(),
            ecosystem: "cargo".into(),
            repository: repository.map(str::to_string),
            authors: authors
                .iter()
                .map(|(n, k)| Party { kind: *k, name: Some(n.to_string()), ..Party::default() })
                .collect(),
            ..Package::default()
        }
    }

    fn rows(p: &Package, repo_org: Option<&str>) -> usize {
        let mut out = Vec::new();
        row(p, &Kb::embedded(), repo_org, &mut out);
        out.len()
    }

    #[test]
    fn people_make_a_personal_package() {
        let p = package(&[("Jane Doe", PartyKind::Unspecified), ("Wei Ou", PartyKind::Person)], None);
        assert_eq!(rows(&p, None), 1);
        assert_eq!(rows(&p, Some("google")), 0, "a known organisation's repository is its");
    }

    #[test]
    fn groups_organisations_and_silence_do_not() {
        for name in
            ["The Rust Project Developers", "Tokio Contributors", "Servo team", "Actyx AG", "Google LLC"]
        {
            assert_eq!(rows(&package(&[(name, PartyKind::Unspecified)], None), None), 0, "{name}");
        }
        assert_eq!(rows(&package(&[("Jane Doe", PartyKind::Organization)], None), None), 0);
        assert_eq!(rows(&package(&[], None), None), 0);
        let mixed =
            package(&[("Jane Doe", PartyKind::Person), ("Example GmbH", PartyKind::Unspecified)], None);
        assert_eq!(rows(&mixed, None), 0);
    }
}
