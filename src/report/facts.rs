//! The facts a report adds to each package of an SBOM it writes, by name: the CycloneDX
//! properties (`cargo-sovereign:country`, …) and the SPDX annotations carry the same list, so
//! a platform reading either learns the same thing.

use super::document::PackageReport;

/// The prefix of every fact's name (a property-name namespace in CycloneDX's sense).
pub const PREFIX: &str = "cargo-sovereign:";

/// The facts known of a package, in a fixed order, as (name without [`PREFIX`], value); those
/// not known are left out.
pub fn facts(p: &PackageReport) -> Vec<(&'static str, String)> {
    let origin = p.origin.as_ref();
    let facts: [(&str, Option<String>); 8] = [
        ("country", origin.and_then(|o| o.country.clone())),
        ("control-country", origin.and_then(|o| o.control_country.clone())),
        ("jurisdiction", origin.map(|o| o.jurisdiction.as_str().to_string())),
        ("entity", origin.and_then(|o| o.entity.clone())),
        ("license-category", p.license.category.clone()),
        ("vendor", p.vendor.as_ref().map(|v| v.name.clone())),
        ("critical", p.graph.map(|g| g.critical.to_string())),
        ("confidence", origin.filter(|o| o.entity.is_some()).map(|o| format!("{:.2}", o.confidence))),
    ];
    facts.into_iter().filter_map(|(name, value)| value.map(|v| (name, v))).collect()
}
