//! The elements of an SPDX 3.0 JSON-LD document, indexed by id, and what resolving references
//! through that index gives: agents, licence expressions built from licence elements, the
//! declared version. Also the small readers of property values every part of the SPDX 3 reader
//! uses: a value may be a string, a one-item array (expanded form) or an inline element.

use crate::hash::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::input::spdx::common::{self as common, Problems};
use crate::model::{Party, PartyKind};

/// A JSON object: one element, or a part of one.
pub(super) type Object = Map<String, Value>;

/// How deep licence sets may nest before the reader stops following them.
const MAX_LICENSE_DEPTH: usize = 16;
/// How many licence elements one licence expression may be built from.
const MAX_LICENSE_NODES: usize = 1024;

pub(super) const DANGLING: &str = "relationships naming elements that are not in the document ignored";
pub(super) const IMPORTED: &str = "relationships naming elements imported from other documents ignored";
pub(super) const DUPLICATE: &str = "elements with a duplicate spdxId (the first one kept the id)";
pub(super) const DEEP_LICENSE: &str = "licence expressions nested too deeply or in a cycle ignored";

/// A string property.
pub(super) fn string(obj: &Object, key: &str) -> Option<String> {
    obj.get(key).and_then(text).map(str::to_string)
}

/// A string, or a one-item array holding one (the expanded form puts every value in an array).
pub(super) fn text(value: &Value) -> Option<&str> {
    match value {
        Value::Array(items) if items.len() == 1 => items[0].as_str(),
        v => v.as_str(),
    }
}

/// The identifiers of one type in an element's `externalIdentifier` list.
pub(super) fn external_identifiers<'a>(obj: &'a Object, ty: &'a str) -> impl Iterator<Item = String> + 'a {
    let list =
        obj.get("externalIdentifier").map(|v| v.as_array().map_or(std::slice::from_ref(v), Vec::as_slice));
    list.into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter(move |x| x.get("externalIdentifierType").and_then(text) == Some(ty))
        .filter_map(|x| string(x, "identifier"))
}

/// The id of an element: `spdxId`, or `@id` for blank nodes such as `CreationInfo`.
pub(super) fn id_of(obj: &Object) -> Option<&str> {
    obj.get("spdxId").or_else(|| obj.get("@id")).and_then(Value::as_str)
}

/// The element's class, in the compact form of the 3.0 context (`software_Package`), also
/// when the document spells it as a full IRI.
pub(super) fn type_of(obj: &Object) -> Option<String> {
    let ty = obj.get("type").or_else(|| obj.get("@type"))?;
    let ty = ty.as_str().or_else(|| ty.as_array()?.first()?.as_str())?;
    Some(match ty.split_once("/terms/") {
        Some((_, rest)) => match rest.split_once('/') {
            Some(("Core", class)) => class.to_string(),
            Some((profile, class)) => format!("{}_{class}", profile.to_ascii_lowercase()),
            None => rest.to_string(),
        },
        None => ty.to_string(),
    })
}

/// The ids a reference property names: a string, an inline element, or a list of either.
pub(super) fn ref_ids(value: &Value) -> Vec<&str> {
    match value {
        Value::Array(items) => items.iter().filter_map(ref_id).collect(),
        v => ref_id(v).into_iter().collect(),
    }
}

/// The id one reference names.
pub(super) fn ref_id(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s.as_str()),
        Value::Object(o) => id_of(o),
        _ => None,
    }
}

/// Every element of the document, in document order and by id.
pub(super) struct Elements<'a> {
    pub(super) order: Vec<(&'a str, String, &'a Object)>,
    by_id: HashMap<&'a str, &'a Object>,
    /// Ids the document's `import` list says live in other documents.
    imported: HashSet<&'a str>,
}

impl<'a> Elements<'a> {
    /// Walks the whole JSON tree (iteratively) and indexes every object with an id and a type.
    pub(super) fn collect(root: &'a Value, problems: &mut Problems) -> Elements<'a> {
        let mut elements =
            Elements { order: Vec::new(), by_id: HashMap::default(), imported: HashSet::default() };
        let start = match root.get("@graph") {
            Some(graph) => graph,
            None => root,
        };
        let mut stack: Vec<&Value> = vec![start];
        while let Some(value) = stack.pop() {
            match value {
                Value::Array(items) => stack.extend(items.iter().rev()),
                Value::Object(obj) => {
                    if let Some(external) = obj.get("externalSpdxId").and_then(text) {
                        elements.imported.insert(external);
                    }
                    if let (Some(id), Some(ty)) = (id_of(obj), type_of(obj)) {
                        match elements.by_id.get(id) {
                            Some(&seen) if seen != obj => problems.note(DUPLICATE),
                            Some(_) => {}
                            None => {
                                elements.by_id.insert(id, obj);
                                elements.order.push((id, ty, obj));
                            }
                        }
                    }
                    let children = obj.iter().filter(|(k, _)| k.as_str() != "@context").map(|(_, v)| v);
                    let children: Vec<&Value> = children.filter(|v| v.is_object() || v.is_array()).collect();
                    stack.extend(children.into_iter().rev());
                }
                _ => {}
            }
        }
        elements
    }

    /// Notes a relationship end that is neither in the document nor one of the individuals
    /// SPDX 3.0 uses for "no element".
    pub(super) fn check_known(&self, id: &str, problems: &mut Problems) {
        if self.by_id.contains_key(id) || id.ends_with("/NoneElement") || id.ends_with("/NoAssertionElement")
        {
            return;
        }
        problems.note(if self.imported.contains(id) { IMPORTED } else { DANGLING });
    }

    pub(super) fn get(&self, value: &'a Value) -> Option<&'a Object> {
        match value {
            Value::String(id) => self.by_id.get(id.as_str()).copied(),
            Value::Object(obj) => Some(obj),
            Value::Array(items) if items.len() == 1 => self.get(&items[0]),
            _ => None,
        }
    }

    /// The declared `specVersion`: the document's creation info's, else the first one found,
    /// else the version in the `@context` URL.
    pub(super) fn spec_version(&self, root: &Value) -> Option<String> {
        let of_creation = |info: &Object| string(info, "specVersion");
        let document = self.order.iter().find(|(_, ty, _)| ty == "SpdxDocument");
        let from_document =
            document.and_then(|(_, _, d)| self.get(d.get("creationInfo")?)).and_then(of_creation);
        let first = || {
            self.order.iter().filter(|(_, ty, _)| ty == "CreationInfo").find_map(|(_, _, o)| of_creation(o))
        };
        let from_context = || {
            let ctx = root.get("@context")?;
            let url = ctx.as_str().or_else(|| ctx.as_array()?.iter().find_map(Value::as_str))?;
            let rest = &url[url.find("/rdf/")? + 5..];
            Some(rest.split('/').next()?.to_string())
        };
        from_document.or_else(first).or_else(from_context)
    }

    /// The first agent a `suppliedBy` / `originatedBy` value names.
    pub(super) fn agent(&self, value: &'a Value) -> Option<Party> {
        let obj = match value {
            Value::Array(items) => items.iter().find_map(|v| self.get(v)),
            v => self.get(v),
        }?;
        let kind = match type_of(obj).as_deref() {
            Some("Organization") => PartyKind::Organization,
            Some("Person") => PartyKind::Person,
            Some("SoftwareAgent") | Some("Tool") => PartyKind::Tool,
            _ => PartyKind::Unspecified,
        };
        let party = Party {
            kind,
            name: common::asserted(obj.get("name").and_then(text)),
            email: external_identifiers(obj, "email").next(),
            ..Party::default()
        };
        (!party.is_empty()).then_some(party)
    }

    /// The licence expression a licence element (or a well-known licence IRI) stands for.
    /// Licence sets may nest and even refer to themselves, so the walk is limited both in
    /// depth and in the number of elements it visits.
    pub(super) fn license(&self, id: &str, problems: &mut Problems) -> Option<String> {
        let mut budget = MAX_LICENSE_NODES;
        let expr = self.license_walk(id, 0, &mut budget);
        if budget == 0 {
            problems.note(DEEP_LICENSE);
            return None;
        }
        expr
    }

    /// One step of [`Elements::license`]; sets `budget` to 0 when a limit is hit.
    fn license_walk(&self, id: &str, depth: usize, budget: &mut usize) -> Option<String> {
        if depth > MAX_LICENSE_DEPTH || *budget <= 1 {
            *budget = 0;
            return None;
        }
        *budget -= 1;
        let Some(obj) = self.by_id.get(id) else { return license_from_iri(id) };
        let ty = type_of(obj).unwrap_or_default();
        let operand = |key: &str, budget: &mut usize| {
            let target = obj.get(key).map(ref_ids).unwrap_or_default();
            let expr = self.license_walk(target.first()?, depth + 1, budget)?;
            Some(if expr.contains(' ') { format!("({expr})") } else { expr })
        };
        match ty.as_str() {
            "simplelicensing_LicenseExpression" => string(obj, "simplelicensing_licenseExpression"),
            "expandedlicensing_ConjunctiveLicenseSet" | "expandedlicensing_DisjunctiveLicenseSet" => {
                let op = if ty.ends_with("ConjunctiveLicenseSet") { " AND " } else { " OR " };
                let members = obj.get("expandedlicensing_member").map(ref_ids).unwrap_or_default();
                let mut parts = Vec::new();
                for m in members {
                    let expr = self.license_walk(m, depth + 1, budget)?;
                    parts.push(if expr.contains(' ') { format!("({expr})") } else { expr });
                }
                (!parts.is_empty()).then(|| parts.join(op))
            }
            "expandedlicensing_OrLaterOperator" => {
                Some(format!("{}+", operand("expandedlicensing_subjectLicense", budget)?))
            }
            "expandedlicensing_WithAdditionOperator" => {
                let base = operand("expandedlicensing_subjectExtendableLicense", budget)?;
                let addition = obj.get("expandedlicensing_subjectAddition").map(ref_ids).unwrap_or_default();
                let addition =
                    addition.first().and_then(|a| license_from_iri(a).or_else(|| self.named(a)))?;
                Some(format!("{base} WITH {addition}"))
            }
            _ => license_from_iri(id).or_else(|| self.named(id)),
        }
    }

    /// A custom licence or addition: its `LicenseRef-…` part of the id, else its name.
    fn named(&self, id: &str) -> Option<String> {
        let obj = self.by_id.get(id)?;
        match id.find("LicenseRef-").or_else(|| id.find("AdditionRef-")) {
            Some(i) => Some(id[i..].to_string()),
            None => string(obj, "name"),
        }
    }
}

/// Licences the SPDX 3.0 vocabulary names by IRI without an element in the document.
pub(super) fn license_from_iri(id: &str) -> Option<String> {
    if id.ends_with("/NoAssertionLicense") {
        return Some("NOASSERTION".into());
    }
    if id.ends_with("/NoneLicense") {
        return Some("NONE".into());
    }
    for prefix in ["https://spdx.org/licenses/", "http://spdx.org/licenses/"] {
        if let Some(rest) = id.strip_prefix(prefix) {
            return Some(rest.trim_end_matches(".html").trim_end_matches(".json").to_string());
        }
    }
    id.find("LicenseRef-").map(|i| id[i..].to_string())
}
