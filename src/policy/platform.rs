//! Platform bindings: packages that exist only to call one vendor's operating system
//! (`windows-sys`, `objc2-*`, `ndk`). A project that ships to that platform depends on its
//! vendor whatever it builds on top, so they are neither vendor lock-in nor single points of
//! dependency: one note per platform says what binds to it and how to leave out platforms the
//! project does not ship to (`targets`).

use std::collections::BTreeMap;

use crate::enrich::PackageFacts;
use crate::model::{EntityKind, Graph, GraphFigures, Origin, VendorInfo};

/// How many package names a message lists before it counts the rest.
const NAMED: usize = 6;

/// The knowledge base's vendor kind for operating-system bindings.
pub const PLATFORM: &str = "platform";

/// Whether the package binds to one vendor's operating system.
pub(crate) fn is_binding(facts: Option<&PackageFacts>) -> bool {
    facts.is_some_and(|f| binds(f.vendor.as_deref(), f.origin.as_deref()))
}

/// Whether a package with this vendor match and this attribution is a platform binding: its
/// name matches a platform's bindings and nobody else is known to control it — the platform's
/// vendor itself, a person or a community may; a package named like a binding but controlled
/// by another organisation (`windows-telemetry` of some company) is judged like any other.
pub fn binds(vendor: Option<&VendorInfo>, origin: Option<&Origin>) -> bool {
    let Some(v) = vendor.filter(|v| v.kind == PLATFORM) else { return false };
    origin.is_none_or(|o| {
        matches!(o.entity_kind, EntityKind::Individual | EntityKind::Community | EntityKind::Unknown)
            || o.entity.as_deref() == Some(v.name.as_str())
    })
}

/// One platform's bindings in the graph.
pub(crate) struct Binding {
    /// The vendor entry's id (`windows-platform`), for entity exceptions.
    pub vendor: String,
    /// The finding's message.
    pub message: String,
}

/// One binding per platform with packages in the graph (roots excepted), by vendor id.
pub(crate) fn bindings(
    graph: &Graph,
    facts: &[PackageFacts],
    figures: &[GraphFigures],
    is_root: &[bool],
) -> Vec<Binding> {
    let mut by_platform: BTreeMap<&str, (&VendorInfo, Vec<usize>)> = BTreeMap::new();
    for (i, f) in facts.iter().enumerate().take(graph.packages.len()) {
        let Some(v) = f.vendor.as_deref().filter(|_| is_binding(Some(f))) else { continue };
        if is_root.get(i).copied().unwrap_or(false) {
            continue;
        }
        by_platform.entry(v.id.as_str()).or_insert((v, Vec::new())).1.push(i);
    }
    by_platform
        .into_values()
        .map(|(v, members)| {
            let critical = |i: &usize| figures.get(*i).is_some_and(|g| g.critical);
            // Critical ones first, then by name: what a reader should see first.
            let mut names: Vec<(bool, &str)> =
                members.iter().map(|i| (!critical(i), graph.packages[*i].name.as_str())).collect();
            names.sort_unstable();
            names.dedup();
            let shown: Vec<&str> = names.iter().take(NAMED).map(|(_, n)| *n).collect();
            let more = names.len().saturating_sub(NAMED);
            let rest = if more > 0 { format!(" and {more} more") } else { String::new() };
            let country = v.country.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
            let (count, built) = match members.len() {
                1 => ("1 package binds".to_string(), "it is"),
                n => (format!("{n} packages bind"), "they are"),
            };
            Binding {
                vendor: v.id.clone(),
                message: format!(
                    "{count} to {}, the platform of {}{country}: {}{rest}; {built} built only for that platform",
                    v.service,
                    v.name,
                    shown.join(", ")
                ),
            }
        })
        .collect()
}
