//! One CycloneDX component, and the components nested in it (and the training data sets its
//! model card names), in the model's terms: the packages they become, in the order the graph receives them. This needs nothing but the
//! component, so a large document's components are converted on several threads
//! ([`add_bom`](super::add_bom)) and added to the graph in order afterwards.

use super::bom::{Component, Contact, LicenseChoice, OrgEntity};
use super::{model_card, repository};
use crate::input::purl;
use crate::model::{Package, PackageKind, Party, PartyKind, Source};

/// One component converted, with what the graph needs to place it.
pub struct Converted {
    /// The package it becomes.
    pub package: Package,
    /// Its `bom-ref`, which the dependency graph names it by.
    pub bom_ref: Option<String>,
    /// The component it is nested in: a place in the same [`convert_tree`] list; `None` for
    /// the tree's top component.
    pub parent: Option<usize>,
    /// It has no name of its own.
    pub nameless: bool,
    /// It has a purl that is not a valid package URL.
    pub bad_purl: bool,
}

/// `component` and its nested components (iteratively: nesting depth is unbounded), each
/// before its children and the children in document order.
pub fn convert_tree(component: Component) -> Vec<Converted> {
    let mut out = Vec::new();
    let mut stack = vec![(component, None)];
    while let Some((mut c, parent)) = stack.pop() {
        let mut children = std::mem::take(&mut c.components);
        children.extend(model_card::training_data(c.model_card.take()));
        let here = out.len();
        out.push(converted(c, parent));
        stack.extend(children.into_iter().rev().map(|child| (child, Some(here))));
    }
    out
}

fn converted(c: Component, parent: Option<usize>) -> Converted {
    let bom_ref = c.bom_ref.clone();
    let nameless = c.name.as_deref().is_none_or(|n| n.trim().is_empty());
    let has_purl = c.purl.as_deref().is_some_and(|p| !p.trim().is_empty());
    let package = convert(c);
    let bad_purl = has_purl && package.purl.is_none();
    Converted { package, bom_ref, parent, nameless, bad_purl }
}

/// One component in the model's terms.
fn convert(c: Component) -> Package {
    let parsed = c.purl.as_deref().and_then(purl::parse);
    let name =
        c.name.clone().filter(|n| !n.trim().is_empty()).or_else(|| parsed.as_ref().map(|p| p.name.clone()));
    let name = name.or_else(|| c.bom_ref.clone()).unwrap_or_else(|| "(unnamed)".to_string());
    let version = c.version.clone().filter(|v| !v.is_empty());
    let namespace = parsed.as_ref().and_then(|p| p.namespace.clone()).or_else(|| c.group.clone());
    let ecosystem = parsed.as_ref().map_or_else(|| "generic".to_string(), |p| p.ty.clone());
    let purl_text = parsed.as_ref().and(c.purl.as_deref()).map(|p| p.trim().to_string());
    let id =
        purl_text.clone().unwrap_or_else(|| fallback_id(namespace.as_deref(), &name, version.as_deref()));
    let source = parsed.as_ref().map_or(Source::Unknown, purl::PurlParts::source);
    // The component's type first; a `pkg:huggingface/…` purl makes a model of a component
    // typed as a library (generators write `library` by default).
    let kind = match c.kind.as_deref().map(PackageKind::from_cyclonedx) {
        Some(k) if !k.is_library() => k,
        _ => PackageKind::from_purl_type(&ecosystem),
    };
    let mut repository = None;
    let mut homepage = None;
    for r in &c.external_references {
        let Some(url) = r.url.clone().filter(|u| !u.is_empty()) else { continue };
        match r.kind.as_deref() {
            Some("vcs") if repository.is_none() => repository = Some(url),
            Some("website") if homepage.is_none() => homepage = Some(url),
            _ => {}
        }
    }
    let repository = repository.or_else(|| repository::from_references(&c.external_references));
    let mut properties: Vec<(String, String)> =
        c.properties.into_iter().filter_map(|p| Some((p.name?, p.value.unwrap_or_default()))).collect();
    let (license, licensing) = license_text(&c.licenses);
    properties.extend(licensing);
    properties.sort();
    let mut authors: Vec<Party> =
        c.authors.into_iter().map(|a| contact_party(a, PartyKind::Person)).collect();
    if let Some(a) = c.author.filter(|a| !a.trim().is_empty()) {
        authors.push(Party { name: Some(a), ..Party::default() });
    }
    authors.retain(|a| !a.is_empty());
    Package {
        id,
        name,
        version,
        ecosystem,
        kind,
        namespace,
        purl: purl_text,
        source,
        license,
        authors,
        supplier: c.supplier.map(org_party).filter(|p| !p.is_empty()).map(Box::new),
        manufacturer: c.manufacturer.map(org_party).filter(|p| !p.is_empty()).map(Box::new),
        publisher: c
            .publisher
            .filter(|p| !p.trim().is_empty())
            .map(|name| Box::new(Party { name: Some(name), ..Party::default() })),
        repository,
        homepage,
        description: c.description.filter(|d| !d.trim().is_empty()),
        properties,
        hashes: Vec::new(),
    }
}

/// `group/name@version`, the id of a component without a purl.
pub fn fallback_id(namespace: Option<&str>, name: &str, version: Option<&str>) -> String {
    let mut id = String::new();
    if let Some(ns) = namespace.filter(|n| !n.is_empty()) {
        id.push_str(ns);
        id.push('/');
    }
    id.push_str(name);
    if let Some(v) = version {
        id.push('@');
        id.push_str(v);
    }
    id
}

/// The declared licence as one string, plus licensing properties.
///
/// Several entries are joined with ` OR `: SBOM generators copy them from Maven POMs and npm
/// manifests, where a list of licences means the user may choose any of them.
fn license_text(choices: &[LicenseChoice]) -> (Option<String>, Vec<(String, String)>) {
    let mut parts = Vec::new();
    let mut props = Vec::new();
    for choice in choices {
        if let Some(expr) = choice.expression.as_deref().filter(|e| !e.trim().is_empty()) {
            parts.push(expr.trim().to_string());
        }
        let Some(l) = &choice.license else { continue };
        if let Some(text) = l.id.as_deref().or(l.name.as_deref()).filter(|t| !t.trim().is_empty()) {
            parts.push(text.trim().to_string());
        }
        if let Some(lic) = &l.licensing {
            if !lic.license_types.is_empty() {
                props.push(("cyclonedx:licensing:license-types".to_string(), lic.license_types.join(",")));
            }
            let licensor =
                lic.licensor.as_ref().and_then(|l| l.organization.as_ref().and_then(|o| o.name.clone()));
            if let Some(name) = licensor {
                props.push(("cyclonedx:licensing:licensor".to_string(), name));
            }
        }
    }
    let text = match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(parts.iter().map(|p| wrap(p)).collect::<Vec<_>>().join(" OR ")),
    };
    (text, props)
}

/// Parenthesises a compound expression or a free-text name so joining keeps its meaning.
fn wrap(part: &str) -> String {
    if part.contains(' ') {
        format!("({part})")
    } else {
        part.to_string()
    }
}

fn org_party(o: OrgEntity) -> Party {
    let email = o.contact.iter().find_map(|c| c.email.clone()).filter(|e| !e.is_empty());
    Party {
        kind: PartyKind::Organization,
        name: o.name.filter(|n| !n.trim().is_empty()),
        email,
        url: o.url.into_iter().find(|u| !u.is_empty()),
        country: o.address.and_then(|a| a.country).filter(|c| !c.trim().is_empty()),
    }
}

fn contact_party(c: Contact, kind: PartyKind) -> Party {
    Party {
        kind,
        name: c.name.filter(|n| !n.trim().is_empty()),
        email: c.email.filter(|e| !e.trim().is_empty()),
        url: None,
        country: None,
    }
}
