//! Hostile input to the SBOM readers: attributes and namespaces piling up in XML, components
//! nested past the limit, SPDX 3 JSON-LD in expanded form, purls the parser refuses, and a SARIF
//! location at the snippet bound. Each is refused with its position, or read with a counted
//! warning — never a panic, a hang or a silent loss. Shares `hostile.rs`'s helpers.

use super::hostile::*;
use crate::common;

/// A CycloneDX XML document whose one component carries `attributes`.
fn xml_with_attributes(attributes: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\">\n\
         <components><component type=\"library\"{attributes}><name>a</name><version>1</version></component></components></bom>\n"
    )
}

#[test]
fn xml_element_with_100000_attributes_is_refused_at_the_element_not_parsed_for_minutes() {
    // The parser's duplicate-attribute check is quadratic: this took 30 s in a release build,
    // 200,000 attributes 113 s. It is refused before parsing, where the element starts.
    let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"x\"")).collect();
    let dir = common::scratch("hostile");
    let p = file(&dir, "many-attributes.xml", xml_with_attributes(&attributes).as_bytes());
    let r = audit(&p);
    refused(&r, &p, ":3:13: an element with 100001 attributes; more than 256 on one element are refused");
    // The same with namespace declarations, checked against each other in the same way.
    let declarations: String = (0..100_000).map(|i| format!(" xmlns:p{i}=\"urn:p{i}\"")).collect();
    let p = file(&dir, "many-namespaces.xml", xml_with_attributes(&declarations).as_bytes());
    refused(&audit(&p), &p, ":3:13: an element with 100001 attributes");
    // An element with many attributes but fewer than the limit is read.
    let attributes: String = (0..250).map(|i| format!(" a{i}=\"x\"")).collect();
    let p = file(&dir, "some-attributes.xml", xml_with_attributes(&attributes).as_bytes());
    assert_eq!(accepted(&audit(&p))["summary"]["packages"], 1);
}

#[test]
fn xml_namespace_declarations_piling_up_in_nested_elements_are_refused() {
    // Each element that declares a namespace copies its parent's whole in-scope list, checking
    // each entry against the copy: quadratic in what is in scope. 1 + 20 + 20 is over the limit.
    let ns = |prefix: &str| (0..20).map(|i| format!(" xmlns:{prefix}{i}=\"urn:{i}\"")).collect::<String>();
    let text = format!(
        "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"{}>\n<components>\n\
         <component type=\"library\"{}><name>a</name></component></components></bom>\n",
        ns("r"),
        ns("c")
    );
    let dir = common::scratch("hostile");
    let p = file(&dir, "namespaces-in-scope.xml", text.as_bytes());
    refused(&audit(&p), &p, ":4:1: 41 XML namespace declarations in scope; more than 32 are refused");
}

/// `depth` CycloneDX components, each nested in the previous one, in JSON and in XML.
fn nested_components(depth: usize) -> (String, String) {
    let (mut json, mut xml) = (String::new(), String::new());
    for i in 0..depth {
        json.push_str(&format!(
            r#"{{"type":"library","bom-ref":"c{i}","name":"c{i}","version":"1","components":["#
        ));
        xml.push_str(&format!(
            "<component type=\"library\" bom-ref=\"c{i}\"><name>c{i}</name><version>1</version><components>"
        ));
    }
    json.push_str(&"]}".repeat(depth));
    xml.push_str(&"</components></component>".repeat(depth));
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\">\n\
         <metadata><component type=\"application\" bom-ref=\"root\"><name>root</name></component></metadata>\
         <components>{xml}</components></bom>\n"
    );
    (cdx(&json, ""), xml)
}

#[test]
fn components_nested_1000_deep_are_refused_in_xml_and_json_not_truncated() {
    // XML read 257 of the 1,000 levels without a word.
    let (json, xml) = nested_components(1000);
    let dir = common::scratch("hostile");
    let p = file(&dir, "nested-1000.xml", xml.as_bytes());
    let xml_run = audit(&p);
    refused(&xml_run, &p, ":3:");
    refused(&xml_run, &p, "components nested more than 32 levels deep are refused");
    let p = file(&dir, "nested-1000.json", json.as_bytes());
    refused(&audit(&p), &p, ":3:");
    // Just over the limit: the same message from both readers.
    let (json, xml) = nested_components(33);
    for (name, text) in [("nested-33.json", json), ("nested-33.xml", xml)] {
        let p = file(&dir, name, text.as_bytes());
        refused(&audit(&p), &p, "components nested more than 32 levels deep are refused");
    }
    // At the limit every level is read, the same in both.
    let (json, xml) = nested_components(32);
    for (name, text) in [("nested-32.json", json), ("nested-32.xml", xml)] {
        let p = file(&dir, name, text.as_bytes());
        assert_eq!(accepted(&audit(&p))["summary"]["packages"], 33, "{name}");
    }
}

/// An SPDX 3 document of `n` packages with versions, purls, suppliers, licences and
/// dependencies; with `expanded`, the same document in JSON-LD expanded form (full IRIs, no
/// context, every value in an array, literals as `@value`, references as `@id`).
fn spdx3_document(n: usize, expanded: bool) -> String {
    const T: &str = "https://spdx.org/rdf/3.0.1/terms";
    let mut elements = vec![
        serde_json::json!({"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1", "created": "2024-01-01T00:00:00Z"}),
        serde_json::json!({"type": "SpdxDocument", "spdxId": "urn:doc", "creationInfo": "_:ci", "rootElement": ["urn:p0"]}),
        serde_json::json!({"type": "Organization", "spdxId": "urn:acme", "creationInfo": "_:ci", "name": "ACME GmbH"}),
        serde_json::json!({"type": "simplelicensing_LicenseExpression", "spdxId": "urn:lic", "creationInfo": "_:ci",
                           "simplelicensing_licenseExpression": "MIT OR Apache-2.0"}),
    ];
    for i in 0..n {
        elements.push(serde_json::json!({"type": "software_Package", "spdxId": format!("urn:p{i}"), "creationInfo": "_:ci",
            "name": format!("p{i}"), "software_packageVersion": format!("1.{i}"), "suppliedBy": ["urn:acme"],
            "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl",
                                    "identifier": format!("pkg:cargo/p{i}@1.{i}")}]}));
        elements.push(
            serde_json::json!({"type": "Relationship", "spdxId": format!("urn:l{i}"), "creationInfo": "_:ci",
            "relationshipType": "hasDeclaredLicense", "from": format!("urn:p{i}"), "to": ["urn:lic"]}),
        );
        if i > 0 {
            elements.push(
                serde_json::json!({"type": "LifecycleScopedRelationship", "spdxId": format!("urn:d{i}"),
                "creationInfo": "_:ci", "relationshipType": "dependsOn", "scope": "runtime",
                "from": format!("urn:p{}", i - 1), "to": [format!("urn:p{i}")]}),
            );
        }
    }
    if !expanded {
        let doc = serde_json::json!({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": elements});
        return doc.to_string();
    }
    let iri = |term: &str| match term.split_once('_') {
        Some((profile, name)) => {
            let profile = if profile == "simplelicensing" { "SimpleLicensing" } else { "Software" };
            format!("{T}/{profile}/{name}")
        }
        None => format!("{T}/Core/{term}"),
    };
    fn expand(v: &serde_json::Value, key: &str, iri: &dyn Fn(&str) -> String) -> serde_json::Value {
        use serde_json::{json, Value};
        match v {
            Value::Array(items) => Value::Array(
                items.iter().flat_map(|x| expand(x, key, iri).as_array().unwrap().clone()).collect(),
            ),
            Value::Object(obj) => {
                let mut out = serde_json::Map::new();
                for (k, x) in obj {
                    let (key, value) = match k.as_str() {
                        "spdxId" | "@id" => ("@id".to_string(), x.clone()),
                        "type" => ("@type".to_string(), json!([iri(x.as_str().unwrap())])),
                        _ => (iri(k), expand(x, k, iri)),
                    };
                    out.insert(key, value);
                }
                json!([out])
            }
            Value::String(s) => match key {
                "relationshipType" => json!([{"@id": format!("{T}/Core/RelationshipType/{s}")}]),
                "scope" => json!([{"@id": format!("{T}/Core/LifecycleScopeType/{s}")}]),
                "externalIdentifierType" => json!([{"@id": format!("{T}/Core/ExternalIdentifierType/{s}")}]),
                "from" | "to" | "rootElement" | "creationInfo" | "suppliedBy" => json!([{"@id": s}]),
                _ => json!([{"@value": s}]),
            },
            other => json!([{"@value": other}]),
        }
    }
    expand(&serde_json::Value::Array(elements), "", &iri).to_string()
}

#[test]
fn spdx3_expanded_json_ld_reads_like_the_compact_form() {
    // Names, versions and every relationship used to be lost without a word.
    let n = 5;
    let dir = common::scratch("hostile");
    let compact = file(&dir, "compact.spdx3.json", spdx3_document(n, false).as_bytes());
    let expanded_text = spdx3_document(n, true);
    assert!(!expanded_text.contains("\"name\"") && !expanded_text.contains("@context"), "{expanded_text}");
    let expanded = file(&dir, "expanded.spdx3.json", expanded_text.as_bytes());
    let (a, b) = (audit(&compact), audit(&expanded));
    assert_eq!(a.stderr, "", "{}", a.stderr);
    assert_eq!(b.stderr, "", "{}", b.stderr);
    let (a, b) = (accepted(&a), accepted(&b));
    assert_eq!(a["summary"]["packages"], n);
    assert_eq!(a["summary"]["edges"], n - 1);
    assert_eq!(a["packages"], b["packages"]);
    assert_eq!(a["summary"], b["summary"]);
    let p = &b["packages"][0];
    assert_eq!((p["name"].as_str(), p["version"].as_str()), (Some("p0"), Some("1.0")), "{p}");
}

#[test]
fn spdx3_properties_outside_the_vocabulary_are_counted_not_silently_dropped() {
    let text = spdx3_document(2, true)
        .replace("https://spdx.org/rdf/3.0.1/terms/Core/name", "http://example.org/name");
    let dir = common::scratch("hostile");
    let p = file(&dir, "foreign.spdx3.json", text.as_bytes());
    let r = audit(&p);
    accepted(&r);
    assert!(
        r.stderr.contains("properties named by an IRI outside the SPDX 3 vocabulary ignored: 3"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("packages without a name (shown by their id): 2"), "{}", r.stderr);
}

#[test]
fn sarif_for_an_sbom_line_of_exactly_512_bytes_does_not_overflow_the_stack() {
    // Placing a finding on a line of exactly the snippet limit bounced between two functions
    // until the stack overflowed (an abort, not even a panic).
    let component = |i: usize, pad: usize| {
        format!(
            r#"{{"type":"library","bom-ref":"p{i}","name":"p{i}","version":"1","purl":"pkg:cargo/p{i}@1","licenses":[{{"license":{{"id":"BUSL-1.1"}}}}],"description":"{}"}}"#,
            "é".repeat(pad / 2) + &"x".repeat(pad % 2)
        )
    };
    let line = |i: usize| {
        let short = component(i, 0).len() + 1; // the comma
        component(i, 512 - short) + ","
    };
    let lines: Vec<String> = (0..3).map(line).collect();
    assert!(lines.iter().all(|l| l.len() == 512), "{:?}", lines.iter().map(String::len).collect::<Vec<_>>());
    let components = format!("\n{}\n{}\n", lines.join("\n"), component(3, 0));
    let text = cdx(&components, r#"{"ref":"root","dependsOn":["p0","p1","p2","p3"]}"#);
    let dir = common::scratch("hostile");
    let p = file(&dir, "line-of-512-bytes.json", text.as_bytes());
    let r = run(&["audit", "--sbom", &p.display().to_string(), "--format", "sarif", "--fail-on", "never"]);
    let log: serde_json::Value = serde_json::from_str(&accepted_text(&r)).unwrap();
    let regions: Vec<&serde_json::Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["region"])
        .filter(|r| r["startLine"].as_u64().is_some_and(|l| (3..=5).contains(&l)))
        .collect();
    assert!(!regions.is_empty(), "{}", r.stdout);
    for region in regions {
        assert!(region["snippet"]["text"].as_str().unwrap().len() <= 512, "{region}");
    }
}

#[test]
fn invalid_package_urls_are_counted_in_a_warning_not_dropped_silently() {
    // A purl the parser refuses used to vanish: the package became `generic`, without a word.
    let bad = ["pkg:é/a@1", "pkg:cargo/", "pkg:/a@1"];
    let comps: Vec<String> = bad
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(r#"{{"type":"library","bom-ref":"c{i}","name":"c{i}","version":"1","purl":"{p}"}}"#)
        })
        .chain(library_components(1))
        .collect();
    let dir = common::scratch("hostile");
    let p = file(
        &dir,
        "bad-purls.json",
        cdx(&comps.join(","), r#"{"ref":"root","dependsOn":["c0","c1","c2","p0"]}"#).as_bytes(),
    );
    let r = audit(&p);
    accepted(&r);
    assert!(r.stderr.contains("3 components have a purl that is not a valid package URL"), "{}", r.stderr);
    let xml = "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\"><components>\
        <component type=\"library\"><name>a</name><purl>pkg:é/a@1</purl></component></components></bom>\n";
    let p = file(&dir, "bad-purl.xml", xml.as_bytes());
    let r = audit(&p);
    accepted(&r);
    assert!(r.stderr.contains("1 components have a purl that is not a valid package URL"), "{}", r.stderr);
    let spdx = r#"{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"d",
        "documentNamespace":"https://example.org/d","creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: t"]},
        "packages":[{"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NOASSERTION",
            "externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:é/a@1"}]}],
        "relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-a"}]}"#;
    let p = file(&dir, "bad-purl.spdx.json", spdx.as_bytes());
    let r = audit(&p);
    accepted(&r);
    assert!(
        r.stderr.contains("packages whose package URL is not valid (read without one): 1"),
        "{}",
        r.stderr
    );
    let spdx3 = spdx3_document(2, false).replace("pkg:cargo/p1@1.1", "pkg:é/p1@1.1");
    let p = file(&dir, "bad-purl.spdx3.json", spdx3.as_bytes());
    let r = audit(&p);
    accepted(&r);
    assert!(
        r.stderr.contains("packages whose package URL is not valid (read without one): 1"),
        "{}",
        r.stderr
    );
}
