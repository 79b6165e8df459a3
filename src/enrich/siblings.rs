//! One repository, one answer. Packages published from one repository are controlled by
//! whoever controls that repository, so they share an attribution: a package with no answer of
//! its own, or only a weak one, takes the answer a strong signal gives another package of the
//! same repository (`tungstenite` takes `tokio-tungstenite`'s when both name one repository).
//! A Cargo workspace member that says nothing of itself (no repository, no authors) takes the
//! answer its workspace's members agree on.
//!
//! A repository whose strongly attributed packages disagree gives nothing: the packages keep
//! their own answers.

use super::{Interner, PackageFacts};
use crate::hash::HashMap;
use crate::model::{hosted, Evidence, Origin, Package, Signal, Source};

/// Shares strong attributions between packages of one repository, then within the workspace;
/// `facts` is indexed like `packages`.
pub fn share(facts: &mut [PackageFacts], packages: &[Package]) {
    let packages = &packages[..facts.len().min(packages.len())];
    let mut repositories: HashMap<String, Vec<usize>> = HashMap::default();
    let mut workspace = Vec::new();
    for ((i, p), key) in packages.iter().enumerate().zip(repository_keys(packages)) {
        if let Some(key) = key {
            repositories.entry(key).or_default().push(i);
        }
        if p.ecosystem == "cargo" && matches!(p.source, Source::Path { .. }) {
            workspace.push(i);
        }
    }
    let mut shared = Interner::default();
    // A repository of one package has no one to share with.
    let mut groups: Vec<(String, Vec<usize>)> =
        repositories.into_iter().filter(|(_, members)| members.len() > 1).collect();
    groups.sort_unstable();
    for (key, members) in &groups {
        fill(facts, packages, members, &format!("repository {key}"), |_| true, &mut shared);
    }
    let silent = |p: &Package| p.repository.is_none() && p.authors.is_empty();
    fill(facts, packages, &workspace, "the workspace", silent, &mut shared);
}

/// Gives `members` that `takes` and lack a strong answer the one answer the strongly
/// attributed members agree on, if they agree.
/// Each package's [`repository_key`], a large graph's worked out on every processor.
fn repository_keys(packages: &[Package]) -> Vec<Option<String>> {
    let keys = |part: &[Package]| -> Vec<Option<String>> {
        part.iter().map(|p| p.repository.as_deref().and_then(repository_key)).collect()
    };
    let size = packages.len().div_ceil(super::parts(packages.len())).max(1);
    let mut chunks = packages.chunks(size);
    let first = chunks.next().unwrap_or_default();
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks.map(|c| s.spawn(move || keys(c))).collect();
        let mut all = keys(first);
        for h in handles {
            all.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        all
    })
}

fn fill(
    facts: &mut [PackageFacts],
    packages: &[Package],
    members: &[usize],
    place: &str,
    takes: impl Fn(&Package) -> bool,
    shared: &mut Interner<Origin>,
) {
    if members.len() < 2 {
        return;
    }
    let strong = |i: &usize| facts[*i].origin.as_deref().filter(|o| decides(o));
    let mut donors = members.iter().filter_map(|i| strong(i).map(|o| (*i, o)));
    let Some((donor, answer)) = donors.next() else { return };
    if donors.any(|(_, o)| (&o.entity, &o.control_country) != (&answer.entity, &answer.control_country)) {
        return;
    }
    let answer = answer.clone();
    let donor_name = &packages[donor].name;
    for &i in members {
        if !takes(&packages[i]) || facts[i].origin.as_deref().is_some_and(decides) {
            continue;
        }
        let decided = answer.decided_by.map_or("", Signal::as_str);
        let row = Evidence {
            signal: Signal::SameRepository,
            value: format!("{place}, shared with {donor_name}"),
            claim: format!(
                "{donor_name} is {}'s ({decided}); one repository has one controller",
                answer.entity.as_deref().unwrap_or("an unnamed entity's")
            ),
            entity: answer.entity_id.clone().or_else(|| answer.entity.clone()),
            country: answer.control_country.clone(),
            confidence: answer.confidence,
            source: None,
        };
        let own = facts[i].origin.as_deref().map(|o| o.evidence.clone()).unwrap_or_default();
        let mut evidence = vec![row];
        evidence.extend(own);
        let origin = Origin {
            decided_by: Some(Signal::SameRepository),
            maintainers_location: facts[i].origin.as_deref().and_then(|o| o.maintainers_location.clone()),
            evidence,
            ..answer.clone()
        };
        facts[i].origin = Some(shared.intern(origin));
    }
}

/// An answer strong enough to share: an entity or a country decided by a strong signal, not
/// itself shared (sharing does not chain).
fn decides(o: &Origin) -> bool {
    (o.entity.is_some() || o.control_country.is_some())
        && o.decided_by.is_some_and(|s| s.is_strong() && s != Signal::SameRepository)
}

/// `host/owner/name` of a repository URL on a known code host, lower case, without `.git`, a
/// scheme or a path inside the repository; `None` when the URL names no such repository.
pub fn repository_key(url: &str) -> Option<String> {
    let r = hosted(url)?;
    Some(format!("{}/{}/{}", r.host, r.owner.to_ascii_lowercase(), r.name.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn one_key_for_every_spelling_of_a_repository() {
        for url in [
            "https://github.com/snapview/tungstenite-rs",
            "https://github.com/Snapview/tungstenite-rs.git",
            "git+https://www.github.com/snapview/tungstenite-rs/tree/master/src",
            "git@github.com:snapview/tungstenite-rs.git",
            "ssh://git@github.com/snapview/tungstenite-rs",
        ] {
            assert_eq!(repository_key(url).as_deref(), Some("github.com/snapview/tungstenite-rs"), "{url}");
        }
        for url in [
            "https://github.com/snapview",
            "not a url",
            "https://localhost/a/b",
            "",
            "https://svn.example.org/spice/tags/x",
        ] {
            assert_eq!(repository_key(url), None, "{url}");
        }
    }

    #[test]
    fn a_shared_answer_does_not_chain_and_a_weak_one_is_not_shared() {
        let strong = Origin {
            entity: Some("X".into()),
            decided_by: Some(Signal::RepositoryOwner),
            ..Origin::default()
        };
        assert!(decides(&strong));
        assert!(!decides(&Origin { decided_by: Some(Signal::SameRepository), ..strong.clone() }));
        assert!(!decides(&Origin { decided_by: Some(Signal::PartyName), ..strong.clone() }));
        assert!(!decides(&Origin { entity: None, ..strong }));
    }

    #[test]
    fn members_take_the_answer_their_strong_siblings_agree_on() {
        let package = |name: &str, repo: &str| Package {
            id: name.into(),
            name: name.into(),
            ecosystem: "cargo".into(),
            repository: Some(repo.into()),
            ..Package::default()
        };
        let packages = vec![
            package("a", "https://github.com/o/r"),
            package("b", "https://github.com/O/r.git"),
            package("c", "https://github.com/o/other"),
        ];
        let origin = |decided_by| {
            Some(Arc::new(Origin {
                entity: Some("Org".into()),
                control_country: Some("DE".into()),
                decided_by,
                ..Origin::default()
            }))
        };
        let kb = crate::kb::base::Kb::embedded();
        let graph = crate::model::Graph { packages: packages.clone(), ..Default::default() };
        let facts_with = |first| {
            let mut facts = super::super::base_facts(&graph, &kb);
            facts[0].origin = first;
            facts
        };
        let mut facts = facts_with(origin(Some(Signal::RepositoryOwner)));
        share(&mut facts, &packages);
        let b = facts[1].origin.as_deref().expect("b takes a's answer");
        assert_eq!((b.entity.as_deref(), b.control_country.as_deref()), (Some("Org"), Some("DE")));
        assert_eq!(b.decided_by, Some(Signal::SameRepository));
        assert!(b.evidence[0].value.contains("shared with a"), "{:?}", b.evidence);
        assert!(facts[2].origin.is_none(), "another repository takes nothing");

        let mut facts = facts_with(origin(Some(Signal::PartyName)));
        share(&mut facts, &packages);
        assert!(facts[1].origin.is_none(), "a weak answer is not shared");
    }
}
