//! What the enriched CycloneDX says about a package, whatever the syntax: the packages by the
//! keys a component is matched on, the `cargo-sovereign:*` properties, the licence and the
//! supplier. `enrich.rs` and `generated.rs` write them as JSON, `xml.rs` as XML.

use std::collections::BTreeMap;

use crate::report::document::PackageReport;
use crate::report::Report;

/// The prefix of every property this writer adds (the namespace of `docs/properties.md`).
pub const PROPERTY_PREFIX: &str = crate::report::facts::PREFIX;

/// The packages of a report by purl and by id.
pub(super) struct Index<'a> {
    by_purl: BTreeMap<&'a str, &'a PackageReport>,
    by_id: BTreeMap<&'a str, &'a PackageReport>,
}

impl<'a> Index<'a> {
    pub(super) fn new(report: &'a Report) -> Index<'a> {
        let mut by_purl = BTreeMap::new();
        let mut by_id = BTreeMap::new();
        for p in &report.packages {
            if let Some(purl) = &p.purl {
                by_purl.entry(purl.as_str()).or_insert(p);
            }
            by_id.insert(p.id.as_str(), p);
        }
        Index { by_purl, by_id }
    }

    /// The package of the component with this purl or `bom-ref`, as the reader keyed it.
    pub(super) fn find(&self, purl: Option<&str>, bom_ref: Option<&str>) -> Option<&'a PackageReport> {
        purl.and_then(|p| self.by_purl.get(p).or_else(|| self.by_id.get(p)))
            .or_else(|| bom_ref.and_then(|r| self.by_id.get(r)))
            .copied()
    }
}

/// The `cargo-sovereign:*` properties of a package (full names), in a fixed order: the facts
/// SPDX annotations carry too (`report::facts`).
pub fn property_pairs(p: &PackageReport) -> Vec<(String, String)> {
    crate::report::facts::facts(p)
        .into_iter()
        .map(|(name, v)| (format!("{PROPERTY_PREFIX}{name}"), v))
        .collect()
}

/// A package's licence as CycloneDX carries it.
pub(super) enum Licence<'a> {
    /// The parsed SPDX expression.
    Expression(&'a str),
    /// The declared text, which is no expression, as a licence name.
    Name(&'a str),
}

/// The parsed expression when there is one, else the declared text.
pub(super) fn licence(p: &PackageReport) -> Option<Licence<'_>> {
    match (&p.license.expression, &p.license.declared) {
        (Some(e), _) => Some(Licence::Expression(e)),
        (None, Some(d)) if !d.trim().is_empty() => Some(Licence::Name(d)),
        _ => None,
    }
}

/// The controlling entity as a supplier: its name, the input's supplier URL, its country.
pub(super) struct Supplier<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
    pub country: Option<&'a str>,
}

/// The supplier to write for a package, when attribution named an entity.
pub(super) fn supplier(p: &PackageReport) -> Option<Supplier<'_>> {
    let origin = p.origin.as_ref()?;
    let name = origin.entity.as_deref()?;
    let url = p.supplier.as_ref().and_then(|s| s.url.as_deref()).filter(|u| is_url(u));
    Some(Supplier { name, url, country: origin.country.as_deref() })
}

/// The controlling country, for a supplier the input named without an address.
pub(super) fn country(p: &PackageReport) -> Option<&str> {
    p.origin.as_ref().and_then(|o| o.country.as_deref())
}

/// A URL with a scheme and no spaces (what the schema's `iri-reference` format accepts).
pub(crate) fn is_url(u: &str) -> bool {
    u.contains("://") && !u.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(is_url("https://github.com/serde-rs/serde"));
        assert!(!is_url("github.com/serde-rs/serde"));
        assert!(!is_url("https://a b"));
    }
}
