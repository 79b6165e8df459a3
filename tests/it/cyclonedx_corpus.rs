//! The CycloneDX specification's own conformance files and real SBOMs from ../shared/corpora.
//!
//! Every `valid-*` document of spec 1.2–1.7 must parse, in JSON and XML; every `invalid-*`
//! document must either parse or fail with a message naming the file — never panic. The exact
//! figures below were counted independently with a short Python script walking the JSON
//! (components including nested ones, `dependsOn` entries) and checked against the XML twin.

use crate::common;

use std::path::Path;

use cargo_sovereign::input::read_document;
use cargo_sovereign::model::{Graph, GraphBuilder};

fn read(path: &Path) -> Result<Graph, cargo_sovereign::error::InputError> {
    let bytes = std::fs::read(path).unwrap();
    let mut b = GraphBuilder::new(false);
    read_document(&path.display().to_string(), &bytes, &mut b)?;
    Ok(b.finish())
}

#[test]
fn every_valid_spec_document_parses() {
    let Some(shared) = common::shared_dir() else { return };
    let mut checked = 0;
    for version in ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] {
        let dir = shared.join("corpora/cyclonedx-spec").join(version);
        for path in common::files_with_ext(&dir, &[".json", ".xml"]) {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.starts_with("valid-") {
                continue;
            }
            let graph = read(&path).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(graph.inputs[0].spec_version.as_deref(), Some(version), "{name}");
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} valid documents found");
}

#[test]
fn every_invalid_spec_document_is_handled() {
    let Some(shared) = common::shared_dir() else { return };
    let mut rejected = 0;
    let mut accepted = 0;
    for version in ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] {
        let dir = shared.join("corpora/cyclonedx-spec").join(version);
        for path in common::files_with_ext(&dir, &[".json", ".xml"]) {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.starts_with("invalid-") {
                continue;
            }
            match read(&path) {
                Ok(_) => accepted += 1,
                Err(e) => {
                    assert!(e.to_string().starts_with(&path.display().to_string()), "{e}");
                    assert!(!e.message.is_empty());
                    rejected += 1;
                }
            }
        }
    }
    // Schema violations such as a bad hash are not our concern; a wrong bomFormat or an
    // unusable structure is.
    assert!(rejected > 0 && accepted > 0, "rejected {rejected}, accepted {accepted}");
}

#[test]
fn json_and_xml_of_real_sboms_agree() {
    let Some(shared) = common::shared_dir() else { return };
    let ex = shared.join("corpora/cyclonedx-examples");
    // The spec's own valid-*.json / .xml pairs hold different examples; these real SBOMs were
    // written in both syntaxes from one build.
    // (json, xml, whether the generator wrote the same licences and publishers into both:
    // dropwizard's XML lacks some licences its JSON has, so only its structure is compared)
    for (json, xml, same_facts) in [
        ("keycloak-10.0.2/bom.json", "keycloak-10.0.2/bom.xml", true),
        ("dropwizard-1.3.15/bom.json", "dropwizard-1.3.15/bom.xml", false),
        ("laravel-7.12.0/bom.1.4.json", "laravel-7.12.0/bom.1.4.xml", true),
        ("proton-bridge/proton-bridge-v1.8.0.bom.json", "proton-bridge/proton-bridge-v1.8.0.bom.xml", true),
        ("cern-lhc-vdm-editor-e564943/bom.json", "cern-lhc-vdm-editor-e564943/bom.xml", true),
    ] {
        let (j, x) = (read(&ex.join(json)).unwrap(), read(&ex.join(xml)).unwrap());
        assert_eq!(j.packages.len(), x.packages.len(), "{json}");
        // The generator wrote some external references into only one of the two files, so
        // compare identity, licences and publishers rather than whole records.
        for (a, b) in j.packages.iter().zip(&x.packages) {
            assert_eq!((&a.id, &a.version), (&b.id, &b.version), "{json}");
            if same_facts {
                assert_eq!((&a.license, &a.publisher), (&b.license, &b.publisher), "{json}: {}", a.id);
            }
        }
        assert_eq!(j.edges, x.edges, "{json}");
        assert_eq!(j.roots, x.roots, "{json}");
    }
}

#[test]
fn hand_checked_spec_documents() {
    let Some(shared) = common::shared_dir() else { return };
    let spec = shared.join("corpora/cyclonedx-spec");
    // valid-dependency-1.6: three components, one `dependsOn` edge (library-a → library-b), no
    // metadata component, so the roots are the components nothing depends on.
    let g = read(&spec.join("1.6/valid-dependency-1.6.json")).unwrap();
    assert_eq!(g.packages.len(), 3);
    assert_eq!(g.edges.len(), 1);
    assert_eq!(g.roots.len(), 2);
}

#[test]
fn real_sboms_parse_with_hand_checked_counts() {
    let Some(shared) = common::shared_dir() else { return };
    let ex = shared.join("corpora/cyclonedx-examples");
    // (file, packages = components + metadata component, edges, ecosystem of most packages).
    // Edges are the `dependsOn` entries plus, where the described component has no entry of its
    // own, one edge from it to each top-level component nothing depends on (keycloak: 994 + 175,
    // dropwizard: 170 + 29), counted with the same Python walk.
    let cases: &[(&str, usize, usize, &str)] = &[
        ("keycloak-10.0.2/bom.json", 904, 1169, "maven"),
        ("keycloak-10.0.2/bom.xml", 904, 1169, "maven"),
        ("dropwizard-1.3.15/bom.json", 168, 199, "maven"),
        ("laravel-7.12.0/bom.1.4.json", 63, 113, "composer"),
        ("proton-bridge/proton-bridge-v1.8.0.bom.json", 202, 232, "golang"),
        // No dependency graph: the 840 components become direct dependencies of the root.
        ("juice-shop/v11.1.2/bom.json", 841, 840, "npm"),
        ("protonmail-webclient-v4-0912dff/bom.json", 884, 883, "npm"),
        ("cern-lhc-vdm-editor-e564943/bom.json", 44, 43, "npm"),
    ];
    for &(file, packages, edges, ecosystem) in cases {
        let g = read(&ex.join(file)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.packages.len(), packages, "{file} packages");
        assert_eq!(g.edges.len(), edges, "{file} edges");
        assert_eq!(g.roots.len(), 1, "{file} roots");
        let n = g.packages.iter().filter(|p| p.ecosystem == ecosystem).count();
        assert!(n * 2 > packages, "{file}: only {n} {ecosystem} packages");
    }
}

#[test]
fn keycloak_publisher_and_licences_are_kept() {
    let Some(shared) = common::shared_dir() else { return };
    let g = read(&shared.join("corpora/cyclonedx-examples/keycloak-10.0.2/bom.json")).unwrap();
    let with_publisher = g.packages.iter().filter(|p| p.publisher.is_some()).count();
    assert!(with_publisher > 450, "only {with_publisher} packages with a publisher");
    let core = g.packages.iter().find(|p| p.name == "keycloak-core").expect("keycloak-core");
    assert_eq!(core.license.as_deref(), Some("Apache-2.0"));
    assert_eq!(core.namespace.as_deref(), Some("org.keycloak"));
}
