//! Enrichment: facts and evidence about every package, never judgements.
//!
//! Each signal source has its own file; the resolver merges their evidence into an
//! [`crate::model::Origin`]. Enrichment runs after the inputs are read and before the
//! graph is analysed; the policy stage judges what it found.

pub mod evidence;
pub mod hosting;
pub mod license;
pub mod online;
pub mod online_evidence;
pub mod resolve;
pub mod signals;
pub mod vendor;

use crate::hash::HashSet;
use std::hash::Hash;
use std::sync::Arc;

use crate::kb::base::Kb;
use crate::kb::licenses::LicenseVerdict;
use crate::model::{EntityKind, Graph, Hosting, Origin, Package, VendorInfo};
use online::crates::Owner;
use online::OnlineData;
use resolve::Judge;

/// Everything enrichment learned about one package.
///
/// The larger parts are behind pointers: they move into the report without copying, and
/// origins, hosting and vendor facts, alike for thousands of packages (all those of one
/// organisation's repositories, say), are shared rather than repeated.
#[derive(Debug, Clone)]
pub struct PackageFacts {
    /// The licence, classified.
    pub license: LicenseVerdict,
    /// Who controls it and from where.
    pub origin: Option<Arc<Origin>>,
    /// Where it is hosted.
    pub hosting: Option<Arc<Hosting>>,
    /// The proprietary service it is a client of.
    pub vendor: Option<Arc<VendorInfo>>,
    /// Who may publish it, when a registry said (online only).
    pub owners: Option<Vec<Owner>>,
}

/// Facts for every package of `graph`, indexed like `graph.packages`, from offline signals.
pub fn enrich(graph: &Graph, kb: &Kb, judge: &Judge) -> Vec<PackageFacts> {
    enrich_with(graph, kb, judge, None)
}

/// Facts for every package of `graph`, from offline signals and, when given, the answers of
/// the online sources.
pub fn enrich_with(graph: &Graph, kb: &Kb, judge: &Judge, online: Option<&OnlineData>) -> Vec<PackageFacts> {
    let mut facts = base_facts(graph, kb);
    attribute(&mut facts, graph, kb, judge, online);
    facts
}

/// The facts that need neither the online answers nor the policy: licence, hosting and
/// vendor, for every package of `graph`; origins and owners are left empty for
/// [`attribute`]. A run can work these out while the online answers are being gathered.
pub fn base_facts(graph: &Graph, kb: &Kb) -> Vec<PackageFacts> {
    let mut hostings = Interner::default();
    let mut vendors = Interner::default();
    graph
        .packages
        .iter()
        .map(|p| PackageFacts {
            license: license::license_facts(p, &kb.licenses),
            origin: None,
            hosting: hosting::hosting(p, kb).map(|h| hostings.intern(h)),
            vendor: vendor::vendor(p, kb).map(|v| vendors.intern(v)),
            owners: None,
        })
        .collect()
}

/// Fills in who controls each package and from where (and who may publish it, when a
/// registry said), from offline signals and the online answers; `facts` is indexed like
/// `graph.packages`.
pub fn attribute(
    facts: &mut [PackageFacts],
    graph: &Graph,
    kb: &Kb,
    judge: &Judge,
    online: Option<&OnlineData>,
) {
    let packages = &graph.packages[..facts.len().min(graph.packages.len())];
    // Each package is worked out on its own, and the evidence of a few hundred is already a
    // few milliseconds (more with online answers): large graphs are split between the
    // processors, each part with its own interner, and the parts' values shared afterwards.
    let parts =
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(packages.len() / PER_THREAD).max(1);
    let mut origins = Interner::default();
    let size = packages.len().div_ceil(parts).max(1);
    std::thread::scope(|s| {
        let mut chunks = facts.chunks_mut(size).zip(packages.chunks(size));
        let first = chunks.next();
        let handles: Vec<_> = chunks
            .map(|(f, p)| s.spawn(move || attribute_part(f, p, kb, judge, online, &mut Interner::default())))
            .collect();
        if let Some((f, p)) = first {
            attribute_part(f, p, kb, judge, online, &mut origins);
        }
        for h in handles {
            h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        }
    });
    for f in facts.iter_mut().skip(size) {
        if let Some(origin) = f.origin.take() {
            f.origin = Some(origins.share(origin));
        }
    }
}

/// Fewest packages worth a thread of their own in [`attribute`].
const PER_THREAD: usize = 256;

/// [`attribute`] for `packages` and their `facts`, in one thread.
fn attribute_part(
    facts: &mut [PackageFacts],
    packages: &[Package],
    kb: &Kb,
    judge: &Judge,
    online: Option<&OnlineData>,
    origins: &mut Interner<Origin>,
) {
    for (p, f) in packages.iter().zip(facts) {
        let mut rows = evidence::gather(p, kb, judge.overrides);
        let extra = online.map(|data| online_evidence::facts(p, kb, data, &rows)).unwrap_or_default();
        if !extra.evidence.is_empty() {
            rows.extend(extra.evidence);
            rows.sort_by(|a, b| a.signal.cmp(&b.signal).then_with(|| a.value.cmp(&b.value)));
        }
        let mut origin = resolve::resolve(rows, kb, judge);
        // An entity the knowledge base does not know but that is a person's account.
        if origin.entity_id.is_none()
            && origin.entity.as_ref().is_some_and(|e| extra.individuals.iter().any(|i| i == e))
        {
            origin.entity_kind = EntityKind::Individual;
        }
        f.origin = Some(origins.intern(origin));
        f.owners = extra.owners;
    }
}

/// One shared copy of each distinct value.
struct Interner<T>(HashSet<Arc<T>>);

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner(HashSet::default())
    }
}

impl<T: Hash + Eq> Interner<T> {
    /// The shared copy of `value`.
    fn intern(&mut self, value: T) -> Arc<T> {
        if let Some(shared) = self.0.get(&value) {
            return Arc::clone(shared);
        }
        let shared = Arc::new(value);
        self.0.insert(Arc::clone(&shared));
        shared
    }

    /// The shared copy of a value already shared elsewhere: this interner's if it has an
    /// equal one, else `value`, kept from now on.
    fn share(&mut self, value: Arc<T>) -> Arc<T> {
        if let Some(shared) = self.0.get(&*value) {
            return Arc::clone(shared);
        }
        self.0.insert(Arc::clone(&value));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_one_copy() {
        let mut interner = Interner::default();
        let github = |operator: &str| Hosting {
            forge: Some("github.com".into()),
            forge_operator: Some(operator.into()),
            ..Hosting::default()
        };
        let a = interner.intern(github("GitHub, Inc."));
        let b = interner.intern(github("GitHub, Inc."));
        let c = interner.intern(github("Someone else"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(*c, github("Someone else"));
    }

    #[test]
    fn split_attribution_matches_one_thread_and_shares_origins() {
        // More packages than one part takes, from a handful of repositories, so that equal
        // origins fall on both sides of every split.
        let repos = ["tokio-rs/tokio", "microsoft/windows-rs", "serde-rs/serde", "nobody-known/x"];
        let packages: Vec<Package> = (0..3 * PER_THREAD + 7)
            .map(|i| Package {
                id: format!("p{i}"),
                name: format!("p{i}"),
                ecosystem: "cargo".into(),
                repository: Some(format!("https://github.com/{}", repos[i % repos.len()])),
                ..Package::default()
            })
            .collect();
        let graph = Graph { packages, ..Graph::default() };
        let kb = Kb::embedded();
        let trusted = std::collections::BTreeSet::from(["FR".to_string()]);
        let judge = Judge { trusted: &trusted, follow_parent: true, overrides: &[] };
        let mut split = base_facts(&graph, &kb);
        attribute(&mut split, &graph, &kb, &judge, None);
        let mut whole = base_facts(&graph, &kb);
        attribute_part(&mut whole, &graph.packages, &kb, &judge, None, &mut Interner::default());
        let origins = |facts: &[PackageFacts]| -> Vec<Origin> {
            facts.iter().map(|f| f.origin.as_deref().cloned().unwrap_or_default()).collect()
        };
        assert_eq!(origins(&split), origins(&whole));
        let last = (split.len() - 1) / repos.len() * repos.len();
        let (first, far) = (split[0].origin.as_ref().unwrap(), split[last].origin.as_ref().unwrap());
        assert!(Arc::ptr_eq(first, far), "equal origins in different parts are one copy");
    }
}
