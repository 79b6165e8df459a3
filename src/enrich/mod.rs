//! Enrichment: facts and evidence about every package, never judgements.
//!
//! Each signal source has its own file; the resolver merges their evidence into an
//! [`crate::model::Origin`]. [`base_facts`] works out what needs only the knowledge base
//! (licence, hosting, vendor); an [`Attributor`], which holds everything attribution reads
//! besides the package — the knowledge base, the user's overrides, whether control follows
//! the parent, the online answers — then says who controls each package and from where.
//! Whether that is trusted is the policy stage's judgement.

pub mod controller;
pub mod evidence;
pub mod hosting;
pub mod license;
pub mod online;
pub mod online_evidence;
pub mod people;
pub mod resolve;
pub mod siblings;
pub mod signals;
pub mod vendor;

use crate::hash::HashSet;
use std::hash::Hash;
use std::sync::Arc;

use crate::kb::base::Kb;
use crate::kb::licenses::LicenseVerdict;
use crate::model::{EntityKind, Graph, Hosting, Origin, Override, Owner, Package, VendorInfo};
use online::OnlineData;

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

/// Everything attribution reads besides the package itself.
#[derive(Clone, Copy)]
pub struct Attributor<'a> {
    /// The knowledge base.
    pub kb: &'a Kb,
    /// The user's corrections (`[[override]]`): the strongest evidence there is.
    pub overrides: &'a [Override],
    /// Whether the control country is the ultimate parent's (else the entity's own).
    pub follow_parent: bool,
    /// What the online sources answered, when they were asked (or the cache read).
    pub online: Option<&'a OnlineData>,
}

impl<'a> Attributor<'a> {
    /// Offline attribution with the knowledge base alone, control following the parent.
    pub fn offline(kb: &'a Kb) -> Self {
        Attributor { kb, overrides: &[], follow_parent: true, online: None }
    }

    /// Facts for every package of `graph`, indexed like `graph.packages`.
    pub fn enrich(&self, graph: &Graph) -> Vec<PackageFacts> {
        let mut facts = base_facts(graph, self.kb);
        self.attribute(&mut facts, graph);
        facts
    }

    /// Who controls `p` and from where, with the evidence.
    pub fn origin(&self, p: &Package) -> Origin {
        self.attribute_one(p).0
    }
}

/// The facts that need neither the online answers nor the policy: licence, hosting and
/// vendor, for every package of `graph`; origins and owners are left empty for
/// [`Attributor::attribute`]. A run can work these out while the online answers are being gathered.
pub fn base_facts(graph: &Graph, kb: &Kb) -> Vec<PackageFacts> {
    // Like attribution, split between the processors on large graphs (the graph analysis,
    // beside it, takes a tenth of the time): 100,000 packages 0.2 → 0.1 s.
    let packages = &graph.packages;
    let size = packages.len().div_ceil(parts(packages.len())).max(1);
    let mut results = std::thread::scope(|s| {
        let mut chunks = packages.chunks(size);
        let first = chunks.next().unwrap_or_default();
        let handles: Vec<_> = chunks.map(|c| s.spawn(move || base_part(c, kb))).collect();
        let mut results = vec![base_part(first, kb)];
        results
            .extend(handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))));
        results
    })
    .into_iter();
    let Some((mut facts, mut hostings, mut vendors)) = results.next() else { return Vec::new() };
    facts.reserve(packages.len() - facts.len());
    for (part, _, _) in results {
        facts.extend(part.into_iter().map(|mut f| {
            f.hosting = f.hosting.map(|h| hostings.share(h));
            f.vendor = f.vendor.map(|v| vendors.share(v));
            f
        }));
    }
    facts
}

/// [`base_facts`] for some packages, in one thread, with the interners their values are in.
fn base_part(packages: &[Package], kb: &Kb) -> (Vec<PackageFacts>, Interner<Hosting>, Interner<VendorInfo>) {
    let mut hostings = Interner::default();
    let mut vendors = Interner::default();
    // Large graphs repeat a few licence strings many times: each is classified once.
    let mut licenses: crate::hash::HashMap<&str, LicenseVerdict> = Default::default();
    let facts = packages
        .iter()
        .map(|p| {
            let license = match p.license.as_deref() {
                Some(raw) => match licenses.get(raw) {
                    Some(known) => known.clone(),
                    None => {
                        let verdict = license::license_facts(p, &kb.licenses);
                        if licenses.len() < MAX_REMEMBERED_LICENSES {
                            licenses.insert(raw, verdict.clone());
                        }
                        verdict
                    }
                },
                None => license::license_facts(p, &kb.licenses),
            };
            PackageFacts {
                license,
                origin: None,
                hosting: hosting::hosting(p, kb).map(|h| hostings.intern(h)),
                vendor: vendor::vendor(p, kb).map(|v| vendors.intern(v)),
                owners: None,
            }
        })
        .collect();
    (facts, hostings, vendors)
}

/// How many distinct licence strings [`base_part`] remembers.
const MAX_REMEMBERED_LICENSES: usize = 4096;

/// How many threads to split `packages` packages between.
fn parts(packages: usize) -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(packages / PER_THREAD).max(1)
}

impl Attributor<'_> {
    /// Fills in who controls each package and from where (and who may publish it, when a
    /// registry said); `facts` is indexed like `graph.packages`.
    pub fn attribute(&self, facts: &mut [PackageFacts], graph: &Graph) {
        let packages = &graph.packages[..facts.len().min(graph.packages.len())];
        // Each package is worked out on its own, and the evidence of a few hundred is already
        // a few milliseconds (more with online answers): large graphs are split between the
        // processors, each part with its own interner, and the parts' values shared afterwards.
        let parts = parts(packages.len());
        let mut origins = Interner::default();
        let size = packages.len().div_ceil(parts).max(1);
        std::thread::scope(|s| {
            let mut chunks = facts.chunks_mut(size).zip(packages.chunks(size));
            let first = chunks.next();
            let handles: Vec<_> = chunks
                .map(|(f, p)| s.spawn(move || self.attribute_part(f, p, &mut Interner::default())))
                .collect();
            if let Some((f, p)) = first {
                self.attribute_part(f, p, &mut origins);
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
        siblings::share(facts, packages);
    }

    /// [`Attributor::attribute`] for `packages` and their `facts`, in one thread.
    fn attribute_part(
        &self,
        facts: &mut [PackageFacts],
        packages: &[Package],
        origins: &mut Interner<Origin>,
    ) {
        for (p, f) in packages.iter().zip(facts) {
            let (origin, owners) = self.attribute_one(p);
            f.origin = Some(origins.intern(origin));
            f.owners = owners;
        }
    }

    /// The origin of one package, and its owners when a registry said.
    fn attribute_one(&self, p: &Package) -> (Origin, Option<Vec<Owner>>) {
        let mut rows = evidence::gather(p, self.kb, self.overrides);
        let extra =
            self.online.map(|data| online_evidence::facts(p, self.kb, data, &rows)).unwrap_or_default();
        if !extra.evidence.is_empty() {
            rows.extend(extra.evidence);
            rows.sort_by(|a, b| a.signal.cmp(&b.signal).then_with(|| a.value.cmp(&b.value)));
        }
        let mut origin = resolve::resolve(rows, self);
        // An entity the knowledge base does not know but that is a person's account.
        if origin.entity_id.is_none()
            && origin.entity.as_ref().is_some_and(|e| extra.individuals.iter().any(|i| i == e))
        {
            origin.entity_kind = EntityKind::Individual;
        }
        (origin, extra.owners)
    }
}

/// Fewest packages worth a thread of their own in [`Attributor::attribute`].
const PER_THREAD: usize = 256;

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
        let attributor = Attributor::offline(&kb);
        let mut split = base_facts(&graph, &kb);
        attributor.attribute(&mut split, &graph);
        let mut whole = base_facts(&graph, &kb);
        attributor.attribute_part(&mut whole, &graph.packages, &mut Interner::default());
        let origins = |facts: &[PackageFacts]| -> Vec<Origin> {
            facts.iter().map(|f| f.origin.as_deref().cloned().unwrap_or_default()).collect()
        };
        assert_eq!(origins(&split), origins(&whole));
        let last = (split.len() - 1) / repos.len() * repos.len();
        let (first, far) = (split[0].origin.as_ref().unwrap(), split[last].origin.as_ref().unwrap());
        assert!(Arc::ptr_eq(first, far), "equal origins in different parts are one copy");
    }
}
