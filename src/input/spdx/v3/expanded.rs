//! SPDX 3 JSON-LD in expanded form, rewritten into the compact form the reader understands.
//!
//! The SPDX 3 JSON-LD context maps each term of the vocabulary to an IRI under
//! `https://spdx.org/rdf/3.0.1/terms/<Profile>/<name>`: `name` is `…/Core/name`,
//! `software_packageVersion` is `…/Software/packageVersion`, and an enumerated value such as a
//! relationship type is an individual, `…/Core/RelationshipType/dependsOn`. A document in
//! expanded form (the output of a JSON-LD processor's `expand`, or a mix written by hand)
//! spells the IRIs out, puts every value in an array, literals in `{"@value": …}` and
//! references in `{"@id": …}`, and has no context. Read as compact, such a document loses
//! every name, version and relationship.
//!
//! [`compact`] rewrites the document in place: a key that is a vocabulary IRI becomes its
//! compact term (`Core/x` → `x`, `<Profile>/x` → `<profile>_x`, the context's own rule),
//! an enumerated individual becomes its last segment, a value object its value, a reference
//! its id, a `@list` or `@set` its items. Arrays stay arrays; the reader accepts a one-item
//! array wherever it expects one value. A document already compact passes through as it is.
//! Keys that are IRIs outside the vocabulary cannot be understood: they are counted, so the
//! reader can say how many properties it ignored rather than lose them silently.

use serde_json::{Map, Value};

/// What [`compact`] found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Compacted {
    /// Properties named by an IRI (or a prefixed name) outside the SPDX 3 vocabulary.
    pub foreign_keys: usize,
    /// The vocabulary version of the first SPDX 3 IRI seen (`3.0.1`).
    pub version: Option<String>,
}

/// Rewrites `value` into the compact form; see the module docs.
///
/// Recursive: the JSON parser refuses documents nested more than 128 levels, which bounds the
/// depth here.
pub(crate) fn compact(value: &mut Value) -> Compacted {
    let mut found = Compacted::default();
    walk(value, &mut found);
    found
}

fn walk(value: &mut Value, found: &mut Compacted) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|v| walk(v, found)),
        Value::String(s) => {
            if let Some(short) = vocabulary(s, found).and_then(individual) {
                *s = short.to_string();
            }
        }
        Value::Object(obj) => {
            if let Some(inner) = unwrap(obj) {
                *value = inner;
                walk(value, found);
                return;
            }
            rename_keys(obj, found);
            for (key, v) in obj.iter_mut() {
                if key != "@context" {
                    walk(v, found);
                }
            }
        }
        _ => {}
    }
}

/// The value a JSON-LD value object, reference, list or set stands for.
fn unwrap(obj: &mut Map<String, Value>) -> Option<Value> {
    for key in ["@value", "@list", "@set"] {
        if let Some(v) = obj.get_mut(key) {
            return Some(v.take());
        }
    }
    let reference = obj.len() == 1 && obj.get("@id").is_some_and(Value::is_string);
    reference.then(|| obj["@id"].take())
}

/// Gives every vocabulary key its compact term; counts keys that look like IRIs or prefixed
/// names but are not in the vocabulary.
fn rename_keys(obj: &mut Map<String, Value>, found: &mut Compacted) {
    let keys: Vec<String> = obj.keys().filter(|k| !k.starts_with('@') && k.contains(':')).cloned().collect();
    for key in keys {
        match vocabulary(&key, found).and_then(term) {
            Some(short) => {
                let v = obj.remove(&key).unwrap_or_default();
                obj.entry(short).or_insert(v);
            }
            None => found.foreign_keys += 1,
        }
    }
}

/// The part after `/terms/` of an IRI in the SPDX 3 vocabulary (`Core/name`), noting its
/// version.
fn vocabulary<'a>(iri: &'a str, found: &mut Compacted) -> Option<&'a str> {
    let rest =
        iri.strip_prefix("https://spdx.org/rdf/").or_else(|| iri.strip_prefix("http://spdx.org/rdf/"))?;
    let (version, rest) = rest.split_once("/terms/")?;
    if !version.starts_with("3.") {
        return None;
    }
    if found.version.is_none() {
        found.version = Some(version.to_string());
    }
    Some(rest)
}

/// The compact term of a property or class: `Core/name` → `name`, `Software/packageVersion`
/// → `software_packageVersion`.
fn term(rest: &str) -> Option<String> {
    let (profile, name) = rest.split_once('/')?;
    if profile.is_empty() || name.is_empty() || name.contains('/') {
        return None;
    }
    Some(match profile {
        "Core" => name.to_string(),
        _ => format!("{}_{name}", profile.to_ascii_lowercase()),
    })
}

/// An enumerated individual's compact name: `Core/RelationshipType/dependsOn` → `dependsOn`.
fn individual(rest: &str) -> Option<&str> {
    let mut parts = rest.split('/');
    let (Some(_), Some(_), Some(value), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const T: &str = "https://spdx.org/rdf/3.0.1/terms";

    #[test]
    fn expanded_elements_become_compact() {
        let mut doc = json!([
            {"@id": "urn:p", "@type": [format!("{T}/Software/Package")],
             format!("{T}/Core/name"): [{"@value": "p"}],
             format!("{T}/Software/packageVersion"): [{"@value": "1.0", "@type": "http://www.w3.org/2001/XMLSchema#string"}],
             format!("{T}/Core/externalIdentifier"): [{"@type": [format!("{T}/Core/ExternalIdentifier")],
                 format!("{T}/Core/externalIdentifierType"): [{"@id": format!("{T}/Core/ExternalIdentifierType/packageUrl")}],
                 format!("{T}/Core/identifier"): [{"@value": "pkg:cargo/p@1.0"}]}]},
            {"@id": "urn:r", "@type": [format!("{T}/Core/LifecycleScopedRelationship")],
             format!("{T}/Core/relationshipType"): [{"@id": format!("{T}/Core/RelationshipType/dependsOn")}],
             format!("{T}/Core/scope"): [{"@id": format!("{T}/Core/LifecycleScopeType/build")}],
             format!("{T}/Core/from"): [{"@id": "urn:p"}],
             format!("{T}/Core/to"): [{"@id": "urn:q"}, {"@id": format!("{T}/Core/NoneElement")}],
             format!("{T}/Core/comment"): [{"@list": [{"@value": "a"}, {"@value": "b"}]}]}
        ]);
        let found = compact(&mut doc);
        assert_eq!(found, Compacted { foreign_keys: 0, version: Some("3.0.1".into()) });
        assert_eq!(
            doc,
            json!([
                {"@id": "urn:p", "@type": [format!("{T}/Software/Package")], "name": ["p"],
                 "software_packageVersion": ["1.0"],
                 "externalIdentifier": [{"@type": [format!("{T}/Core/ExternalIdentifier")],
                     "externalIdentifierType": ["packageUrl"], "identifier": ["pkg:cargo/p@1.0"]}]},
                {"@id": "urn:r", "@type": [format!("{T}/Core/LifecycleScopedRelationship")],
                 "relationshipType": ["dependsOn"], "scope": ["build"], "from": ["urn:p"],
                 "to": ["urn:q", format!("{T}/Core/NoneElement")], "comment": [["a", "b"]]}
            ])
        );
    }

    #[test]
    fn compact_documents_pass_unchanged() {
        let original = json!({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
            {"type": "software_Package", "spdxId": "urn:p", "name": "é ☃ \u{202e}", "software_packageVersion": "1",
             "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:npm/p@1"}]},
            {"type": "Relationship", "spdxId": "urn:r", "relationshipType": "dependsOn", "from": "urn:p", "to": ["urn:q"]}]});
        let mut doc = original.clone();
        assert_eq!(compact(&mut doc), Compacted::default());
        assert_eq!(doc, original);
    }

    #[test]
    fn foreign_iris_are_counted_and_full_iri_values_shortened() {
        let mut doc = json!({"@graph": [{"type": "Relationship", "spdxId": "urn:r",
            "relationshipType": format!("{T}/Core/RelationshipType/contains"),
            "http://example.org/custom": "x", "ex:other": 1, "https://spdx.org/rdf/2.3/terms/name": "old",
            format!("{T}/Core/Deep/er/path"): 2}]});
        let found = compact(&mut doc);
        assert_eq!(found.foreign_keys, 4);
        assert_eq!(doc["@graph"][0]["relationshipType"], "contains");
    }
}
