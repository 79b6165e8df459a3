//! Every CycloneDX SBOM of the shared corpora through `--format cyclonedx`: nothing of the
//! input is lost. JSON: every path and value of the input is in the output (facts may be
//! added). XML stays XML: every element, attribute, text and comment of the input is in the
//! output tree, in order (elements may be added). With `--cyclonedx-version 1.6` (and 1.7) JSON
//! outputs validate against the 1.6 (and 1.7) JSON schema; for XML no XSD validator exists in
//! Rust, so the upgraded output is checked for well-formedness, the namespace and the same tree.

use crate::common;
use crate::report_common::{self, assert_preserved, render};

use std::path::{Path, PathBuf};

use cargo_sovereign::report::cyclonedx::{CycloneDx, Target};
use roxmltree::{Document, Node};
use serde_json::Value;

const REFERENCED_1_6: &[&str] = &["cyclonedx/spdx.schema.json", "cyclonedx/jsf-0.82.schema.json"];
const REFERENCED_1_7: &[&str] = &[
    "cyclonedx/spdx.schema.json",
    "cyclonedx/jsf-0.82.schema.json",
    "cyclonedx/cryptography-defs.schema.json",
];

/// The real SBOMs, JSON and XML.
fn examples(shared: &Path) -> Vec<PathBuf> {
    let mut files = common::files_with_ext(&shared.join("corpora/cyclonedx-examples"), &[".json", ".xml"]);
    files.sort();
    files
}

/// The specification's `valid-*` documents of one version.
fn spec_documents(shared: &Path, version: &str) -> Vec<PathBuf> {
    let mut files =
        common::files_with_ext(&shared.join("corpora/cyclonedx-spec").join(version), &[".json", ".xml"]);
    files.retain(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("valid-")));
    files.sort();
    files
}

/// Renders the enriched CycloneDX of `path` as it is and moved to 1.6, and checks both.
fn round_trip(shared: &Path, path: &Path) {
    let report = report_common::sbom_report(&path.display().to_string());
    let input = std::fs::read_to_string(path).unwrap();
    let kept = render(&CycloneDx::default(), &report);
    let at = path.display().to_string();
    if input.trim_start().starts_with('<') {
        let from = xml_version(&input);
        assert_eq!(xml_version(&kept), from, "{at}: the version changed");
        assert_xml_preserved(&input, &kept, path);
        for (target, name) in [(Target::V1_6, "1.6"), (Target::V1_7, "1.7")] {
            let upgraded = render(&CycloneDx { version: Some(target) }, &report);
            assert_eq!(xml_version(&upgraded), from.clone().max(name.to_string()), "{at}");
            assert_xml_preserved(&input, &upgraded, path);
        }
        return;
    }
    let input: Value = serde_json::from_str(&input).unwrap();
    let kept: Value = serde_json::from_str(&kept).unwrap_or_else(|e| panic!("{at}: {e}"));
    assert_preserved(&input, &kept, &at);
    for (target, version, referenced) in
        [(Target::V1_6, (1, 6), REFERENCED_1_6), (Target::V1_7, (1, 7), REFERENCED_1_7)]
    {
        let name = format!("{}.{}", version.0, version.1);
        let upgraded: Value =
            serde_json::from_str(&render(&CycloneDx { version: Some(target) }, &report)).unwrap();
        let mut expected = input.clone();
        if version_of(&input) < version {
            expected["specVersion"] = name.clone().into();
            if let Some(schema) = expected.get_mut("$schema") {
                *schema = format!("http://cyclonedx.org/schema/bom-{name}.schema.json").into();
            }
        }
        assert_preserved(&expected, &upgraded, &at);
        if version_of(&input) > version {
            continue;
        }
        let schema = format!("cyclonedx/bom-{name}.schema.json");
        // The input's own defects, kept as they are: URLs that are no IRIs (unresolved Maven
        // placeholders, two URLs joined by "and"). Nothing else may fail.
        let own = report_common::schema_errors(shared, &schema, referenced, &expected);
        assert!(own.iter().all(|e| e.contains("\"url\"") || e.ends_with("/url")), "{at}: {own:#?}");
        let mut errors = report_common::schema_errors(shared, &schema, referenced, &upgraded);
        errors.retain(|e| !own.contains(e));
        assert!(errors.is_empty(), "{at} as {name}: {errors:#?}");
    }
}

fn version_of(doc: &Value) -> (u32, u32) {
    let v = doc["specVersion"].as_str().unwrap_or("0.0");
    let (a, b) = v.split_once('.').unwrap_or(("0", "0"));
    (a.parse().unwrap_or(0), b.parse().unwrap_or(0))
}

/// The version in the namespace of an XML document's root.
fn xml_version(text: &str) -> String {
    let doc = Document::parse(text).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    let ns = doc.root_element().tag_name().namespace().unwrap_or("").to_string();
    ns.strip_prefix("http://cyclonedx.org/schema/bom/")
        .unwrap_or_else(|| panic!("namespace {ns}"))
        .to_string()
}

/// Every element, attribute, text and comment of `input` is in `output`, in order.
fn assert_xml_preserved(input: &str, output: &str, path: &Path) {
    let a = Document::parse(input).unwrap();
    let b = Document::parse(output).unwrap_or_else(|e| panic!("{}: not well-formed: {e}", path.display()));
    let comments = |d: &Document| {
        d.descendants()
            .filter(Node::is_comment)
            .map(|n| n.text().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(comments(&a), comments(&b), "{}: comments", path.display());
    element_preserved(a.root_element(), b.root_element(), &format!("{}:/bom", path.display()));
}

fn element_preserved(a: Node, b: Node, at: &str) {
    assert_eq!(a.tag_name().name(), b.tag_name().name(), "{at}");
    for attribute in a.attributes() {
        assert_eq!(
            b.attribute((attribute.namespace().unwrap_or(""), attribute.name()))
                .or_else(|| b.attribute(attribute.name())),
            Some(attribute.value()),
            "{at}/@{}",
            attribute.name()
        );
    }
    let text = |n: Node| {
        n.children().filter(Node::is_text).filter_map(|t| t.text()).collect::<String>().trim().to_string()
    };
    if !a.children().any(|c| c.is_element()) {
        assert_eq!(text(a), text(b), "{at}: text");
    }
    let mut later = b.children().filter(Node::is_element);
    for child in a.children().filter(Node::is_element) {
        let name = child.tag_name().name();
        let same = later
            .by_ref()
            .find(|c| {
                c.tag_name().name() == name
                    && child.attributes().all(|x| c.attribute(x.name()) == Some(x.value()))
            })
            .unwrap_or_else(|| panic!("{at}/{name} was dropped"));
        element_preserved(child, same, &format!("{at}/{name}"));
    }
}

#[test]
fn every_real_sbom_round_trips_with_nothing_lost() {
    let Some(shared) = common::shared_dir() else { return };
    let files = examples(&shared);
    assert!(files.len() >= 13, "{files:?}");
    for path in &files {
        round_trip(&shared, path);
    }
}

#[test]
fn every_valid_spec_document_round_trips_with_nothing_lost() {
    let Some(shared) = common::shared_dir() else { return };
    let mut checked = 0;
    for version in ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] {
        for path in spec_documents(&shared, version) {
            round_trip(&shared, &path);
            checked += 1;
        }
    }
    assert!(checked > 250, "only {checked}");
}

/// An odd but legal XML document: quoted `>` and entity references in attributes, CDATA and
/// comments that look like markup, a processing instruction, the namespace declared again on
/// a component with another prefix, empty elements, components nested to the reader's limit,
/// and everything on one line.
fn odd_xml() -> String {
    let mut nested = String::new();
    for i in 0..31 {
        nested.push_str(&format!(
            "<component type=\"library\" bom-ref=\"n{i}\"><name>n{i}</name><purl>pkg:cargo/n{i}@1.0.0</purl><components>"
        ));
    }
    nested.push_str(&"</components></component>".repeat(31));
    format!(
        "<?xml version=\"1.0\"?><?style sheet?><!-- <component> in a comment -->\
         <bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\" version=\"1\"><components>\
         <component type=\"library\" bom-ref=\"a&amp;b&quot;>\"><name><![CDATA[</properties> <x>]]></name>\
         <version>1</version><purl>pkg:cargo/serde@1.0.228</purl><properties/></component>\
         <c:component xmlns:c=\"http://cyclonedx.org/schema/bom/1.4\" type=\"library\" bom-ref=\"p\"><c:name>aws-sdk-s3</c:name><c:version>1.157.0</c:version>\
         <c:purl>pkg:cargo/aws-sdk-s3@1.157.0</c:purl></c:component>{nested}</components></bom>"
    )
}

#[test]
fn an_odd_xml_document_round_trips() {
    let Some(shared) = common::shared_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.xml");
    std::fs::write(&path, odd_xml()).unwrap();
    round_trip(&shared, &path);
    let report = report_common::sbom_report(&path.display().to_string());
    let out = render(&CycloneDx { version: Some(Target::V1_7) }, &report);
    let doc = Document::parse(&out).unwrap();
    // The component written with its own prefix got its facts in that prefix, the deepest
    // nested one got its facts, and nothing went on a line of its own.
    assert!(out.contains("<c:supplier><c:name>Amazon.com, Inc.</c:name><c:address><c:country>US</c:country></c:address></c:supplier>"), "{out}");
    let deepest = doc.descendants().find(|n| n.attribute("bom-ref") == Some("n30")).unwrap();
    assert!(deepest.children().any(|c| c.tag_name().name() == "properties"), "{out}");
    assert_eq!(out.lines().count(), 1);
    assert_eq!(doc.root_element().tag_name().namespace(), Some("http://cyclonedx.org/schema/bom/1.7"));
}
