//! The enriched CycloneDX of a Cargo workspace against the component fields BSI TR-03183-2
//! v2.1.0 requires, and against the CycloneDX 1.6 and 1.7 JSON schemas.
//!
//! Source of the list: BSI TR-03183-2 "Cyber Resilience Requirements for Manufacturers and
//! Products, Part 2: Software Bill of Materials (SBOM)", version 2.1.0 (2025-08-20), §5.2.2
//! "Required data fields for each component", with the CycloneDX 1.6 places as the sbomqs
//! project maps them (docs/reference/compliance-standards.md). Every field is checked on every
//! component whose Cargo data has it; what Cargo cannot give is said here and in the README:
//!
//! | TR-03183-2 v2.1.0 §5.2.2 field | CycloneDX place | from Cargo |
//! |---|---|---|
//! | component creator (e-mail or URL) | `authors` (TR: `manufacturer` url/e-mail) | `authors` (name, e-mail) — checked |
//! | component name | `name` | checked |
//! | component version | `version` | checked |
//! | filename | property `bsi:component:filename` | NOT given: cargo names no file |
//! | dependencies | `dependencies[].dependsOn` | the resolve graph — checked |
//! | distribution licences (concluded) | `licenses[]` with `acknowledgement: concluded` | NOT given: no licence is concluded |
//! | hash of the deployable component, **SHA-512** | `hashes` / distribution reference's `hashes` | Cargo.lock has **SHA-256** of the `.crate` only: written as SHA-256 — checked; SHA-512 NOT given |
//! | executable / archive / structured properties | `bsi:component:*` properties | NOT given |
//! | source code URI | `externalReferences` (`vcs`; TR: `source-distribution`) | `repository` — checked |
//! | URI of the deployable form | `externalReferences` `distribution` | NOT given: the metadata has no download URL |
//! | other unique identifiers | `purl` (or `cpe`, `swid`) | checked for registry packages |
//! | original licences (declared) | `licenses[]` with `acknowledgement: declared` | `license` — checked |
//!
//! The document-level fields (§5.2.1: the SBOM's creator, timestamp, SBOM-URI) are left out on
//! purpose: the same input gives the same bytes, so there is no timestamp or serial number.

use crate::common;
use crate::report_common::{self, render};

use cargo_sovereign::pipeline::{self, Options};
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::report::cyclonedx::{CycloneDx, Target};
use cargo_sovereign::report::Report;
use serde_json::Value;

const REFERENCED_1_6: &[&str] = &["cyclonedx/spdx.schema.json", "cyclonedx/jsf-0.82.schema.json"];
const REFERENCED_1_7: &[&str] = &[
    "cyclonedx/spdx.schema.json",
    "cyclonedx/jsf-0.82.schema.json",
    "cyclonedx/cryptography-defs.schema.json",
];

/// The cloud-ai-workspace fixture's metadata moved into a folder of its own with a
/// `Cargo.lock` giving a checksum to every other registry package (the rest have none), and
/// the report of it; the digests by package id.
fn workspace() -> (tempfile::TempDir, Report, Vec<(String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/cloud-ai-workspace/metadata.json").unwrap();
    let mut meta: Value = serde_json::from_str(&text).unwrap();
    let root = dir.path().display().to_string();
    meta["workspace_root"] = root.clone().into();
    let mut lock = String::from("version = 4\n");
    let mut digests = Vec::new();
    let registry: Vec<&Value> =
        meta["packages"].as_array().unwrap().iter().filter(|p| p["source"].is_string()).collect();
    for (i, p) in registry.iter().enumerate() {
        let (name, version, source) =
            (p["name"].as_str().unwrap(), p["version"].as_str().unwrap(), p["source"].as_str().unwrap());
        lock.push_str(&format!(
            "\n[[package]]\nname = \"{name}\"\nversion = \"{version}\"\nsource = \"{source}\"\n"
        ));
        if i % 2 == 0 {
            let digest = format!("{:064x}", 0xC0FFEE_u64 * (i as u64 + 1));
            lock.push_str(&format!("checksum = \"{digest}\"\n"));
            digests.push((format!("pkg:cargo/{name}@{version}"), digest));
        }
    }
    std::fs::write(dir.path().join("Cargo.lock"), lock).unwrap();
    let path = dir.path().join("metadata.json");
    std::fs::write(&path, serde_json::to_string(&meta).unwrap()).unwrap();
    let opts = Options {
        metadata: Some(path.display().to_string()),
        today: Date::new(2026, 11, 23),
        ..Options::default()
    };
    let report = pipeline::run(&opts, &cargo_sovereign::enrich::online::progress::Silent).unwrap().report;
    assert!(report.summary.warnings.is_empty(), "{:?}", report.summary.warnings);
    (dir, report, digests)
}

/// The component `id`, listed or the described one.
fn component<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["components"]
        .as_array()
        .unwrap()
        .iter()
        .chain([&doc["metadata"]["component"]])
        .find(|c| c["bom-ref"] == id)
        .unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn a_cargo_workspace_has_every_tr_03183_2_component_field_cargo_gives() {
    let (_dir, report, digests) = workspace();
    let doc: Value = serde_json::from_str(&render(&CycloneDx::default(), &report)).unwrap();
    assert_eq!(doc["specVersion"], "1.6", "the TR asks for CycloneDX 1.6 or later");
    assert!(digests.len() > 100, "{}", digests.len());
    // Hash: Cargo.lock's SHA-256 of the `.crate`, exactly where the lock has one.
    for p in report.packages.iter().filter(|p| !p.root) {
        let c = component(&doc, &p.id);
        let expected: Vec<Value> = digests
            .iter()
            .filter(|(id, _)| *id == p.id)
            .map(|(_, d)| serde_json::json!({ "alg": "SHA-256", "content": d }))
            .collect();
        assert_eq!(
            c.get("hashes").cloned().unwrap_or(Value::Array(vec![])),
            Value::Array(expected),
            "{}",
            p.id
        );
    }
    for p in &report.packages {
        let c = component(&doc, &p.id);
        // Name, version, other unique identifiers.
        assert_eq!(c["name"], p.name.as_str());
        assert_eq!(c["version"].as_str(), p.version.as_deref());
        assert_eq!(c["purl"].as_str(), p.purl.as_deref(), "{}", p.id);
        // Creator: the package's own authors, as Cargo gives them.
        let authors: Vec<(Option<&str>, Option<&str>)> =
            p.authors.iter().map(|a| (a.name.as_deref(), a.email.as_deref())).collect();
        let written: Vec<(Option<&str>, Option<&str>)> = c["authors"]
            .as_array()
            .map(|l| l.iter().map(|a| (a["name"].as_str(), a["email"].as_str())).collect())
            .unwrap_or_default();
        assert_eq!(written, authors, "{}", p.id);
        // Original licence: declared.
        if let Some(e) = &p.license.expression {
            assert_eq!(
                c["licenses"],
                serde_json::json!([{ "expression": e, "acknowledgement": "declared" }]),
                "{}",
                p.id
            );
        }
        // Source code URI.
        if let Some(repo) = p.repository.as_deref().filter(|r| r.starts_with("https://")) {
            let refs = c["externalReferences"].as_array().unwrap();
            assert!(refs.iter().any(|r| r["type"] == "vcs" && r["url"] == repo), "{}", p.id);
        }
        // Dependencies.
        let deps =
            doc["dependencies"].as_array().unwrap().iter().find(|d| d["ref"] == p.id.as_str()).unwrap();
        let listed: Vec<&str> =
            deps["dependsOn"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
        assert_eq!(listed, p.dependencies.iter().map(String::as_str).collect::<Vec<_>>(), "{}", p.id);
    }
    let with_authors = report.packages.iter().filter(|p| !p.authors.is_empty()).count();
    let with_licence = report.packages.iter().filter(|p| p.license.expression.is_some()).count();
    assert!(with_authors > 100 && with_licence > 250, "{with_authors} {with_licence}");
}

#[test]
fn a_cargo_workspace_validates_against_1_6_and_1_7() {
    let Some(shared) = common::shared_dir() else { return };
    let (_dir, report, _) = workspace();
    let doc: Value = serde_json::from_str(&render(&CycloneDx::default(), &report)).unwrap();
    report_common::assert_valid(&shared, "cyclonedx/bom-1.6.schema.json", REFERENCED_1_6, &doc);
    let doc: Value =
        serde_json::from_str(&render(&CycloneDx { version: Some(Target::V1_7) }, &report)).unwrap();
    assert_eq!(doc["specVersion"], "1.7");
    report_common::assert_valid(&shared, "cyclonedx/bom-1.7.schema.json", REFERENCED_1_7, &doc);
    // A broken one is refused by the 1.7 schema too.
    let mut broken = doc.clone();
    broken["components"][0]["hashes"] = serde_json::json!([{ "alg": "SHA-256", "content": "not hex" }]);
    assert!(!report_common::schema_errors(&shared, "cyclonedx/bom-1.7.schema.json", REFERENCED_1_7, &broken)
        .is_empty());
}

#[test]
fn an_unreadable_lock_file_is_a_warning_and_no_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/cloud-ai-workspace/metadata.json").unwrap();
    let mut meta: Value = serde_json::from_str(&text).unwrap();
    meta["workspace_root"] = dir.path().display().to_string().into();
    std::fs::write(dir.path().join("Cargo.lock"), "[[package]]\nname = 5\n").unwrap();
    let path = dir.path().join("metadata.json");
    std::fs::write(&path, serde_json::to_string(&meta).unwrap()).unwrap();
    let opts = Options { metadata: Some(path.display().to_string()), ..Options::default() };
    let report = pipeline::run(&opts, &cargo_sovereign::enrich::online::progress::Silent).unwrap().report;
    let lock = dir.path().join("Cargo.lock").display().to_string();
    assert!(
        report
            .summary
            .warnings
            .iter()
            .any(|w| w.starts_with(&format!("{lock}:2:8: ")) && w.ends_with("the SBOM gets no hashes")),
        "{:?}",
        report.summary.warnings
    );
    assert!(report.packages.iter().all(|p| p.hashes.is_empty()));
}
