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
use crate::model::{EntityKind, Graph, Hosting, Origin, VendorInfo};
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
    let mut origins = Interner::default();
    for (p, f) in graph.packages.iter().zip(facts) {
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
}
