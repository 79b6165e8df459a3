//! The figures over the whole report: jurisdictions, countries, entities, concentration,
//! criticality, and the packages only other platforms use. The score is worked out once the
//! findings are known ([`crate::report::score`]).

use std::collections::BTreeMap;

use crate::analysis::concentration::{hhi, shares};
use crate::model::Jurisdiction;
use crate::report::document::{Concentration, EntityShare, PackageReport, Report};

/// Recomputes the summary figures that depend on origins and graph figures.
pub fn fill(report: &mut Report) {
    // One pass over the packages: on a large graph each pass is a trip through memory.
    let deps: Vec<&PackageReport> = report.packages.iter().filter(|p| !p.root).collect();
    // Counted by borrowed names, each made a string once: a large graph has a few distinct
    // values and many packages.
    let mut jurisdictions: BTreeMap<&str, usize> = BTreeMap::new();
    let mut control_countries: BTreeMap<&str, usize> = BTreeMap::new();
    let mut vendors: BTreeMap<&str, usize> = BTreeMap::new();
    let mut platforms: BTreeMap<&str, usize> = BTreeMap::new();
    let mut entity_labels: Vec<Option<&str>> = Vec::with_capacity(deps.len());
    let mut country_labels: Vec<Option<&str>> = Vec::with_capacity(deps.len());
    let (mut critical, mut untrusted_critical) = (0, 0);
    for p in &deps {
        let origin = p.origin.as_deref();
        let j = origin.map_or(Jurisdiction::Unknown, |o| o.jurisdiction);
        *jurisdictions.entry(j.as_str()).or_insert(0) += 1;
        let country = origin.and_then(|o| o.control_country.as_deref());
        *control_countries.entry(country.unwrap_or("(unknown)")).or_insert(0) += 1;
        match &p.vendor {
            // An operating system's bindings are not lock-in: counted per platform.
            Some(v) if crate::policy::platform::binds(Some(v), origin) => {
                *platforms.entry(v.service.as_str()).or_insert(0) += 1
            }
            // Named like a binding, controlled by someone else: neither.
            Some(v) if v.kind == crate::policy::platform::PLATFORM => {}
            Some(v) => *vendors.entry(v.name.as_str()).or_insert(0) += 1,
            None => {}
        }
        entity_labels.push(origin.and_then(|o| o.entity.as_deref()));
        country_labels.push(country);
        if p.graph.is_some_and(|g| g.critical) {
            critical += 1;
            untrusted_critical += usize::from(j == Jurisdiction::Untrusted);
        }
    }
    let owned = |counts: BTreeMap<&str, usize>| counts.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    fn entity_of(p: &PackageReport) -> Option<&str> {
        p.origin.as_ref().and_then(|o| o.entity.as_deref())
    }
    let entity_shares = shares(entity_labels.iter().copied());
    let country_shares = shares(country_labels.iter().copied());
    let top_entities = entity_shares
        .iter()
        .filter(|sh| !sh.is_unknown())
        .take(10)
        .map(|sh| EntityShare {
            entity: sh.key.clone(),
            control_country: deps
                .iter()
                .find(|p| entity_of(p) == Some(sh.key.as_str()))
                .and_then(|p| p.origin.as_ref().and_then(|o| o.control_country.clone())),
            packages: sh.packages,
            share: round4(sh.share),
        })
        .collect();
    let s = &mut report.summary;
    s.dependencies = deps.len();
    s.jurisdictions = owned(jurisdictions);
    s.control_countries = owned(control_countries);
    s.vendors = owned(vendors);
    s.platforms = owned(platforms);
    s.concentration =
        Concentration { entity_hhi: round2(hhi(&entity_shares)), country_hhi: round2(hhi(&country_shares)) };
    s.top_entities = top_entities;

    s.critical = critical;
    let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    s.untrusted_critical_share = round4(share(untrusted_critical, critical));
    s.other_platforms = report.inputs.iter().map(|i| i.other_platforms).sum();
}

/// Rounded to 2 decimals; `+ 0.0` turns a negative zero into zero so it never prints as `-0`.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}

/// Rounded to 4 decimals, never a negative zero.
pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0 + 0.0
}
