//! Every SPDX document in the shared corpora (`spdx-examples`, `spdx-spec`) is read through
//! the public entry point, and what comes out is compared with counts taken from the raw
//! document independently of the readers (serde_json values, plain line matching), plus exact
//! numbers checked by hand for a few documents.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use cargo_sovereign::error::InputError;
use cargo_sovereign::input::read_document;
use cargo_sovereign::model::GraphBuilder;
use cargo_sovereign::model::{DepKind, Graph, Package, PartyKind, Source};
use serde_json::Value;

/// SPDX 2.x relationship types that make an edge (directions do not matter for the bounds).
const V2_EDGE_TYPES: &[&str] = &[
    "DEPENDS_ON",
    "DEPENDENCY_OF",
    "CONTAINS",
    "CONTAINED_BY",
    "BUILD_DEPENDENCY_OF",
    "BUILD_TOOL_OF",
    "DEV_DEPENDENCY_OF",
    "TEST_DEPENDENCY_OF",
    "DEV_TOOL_OF",
    "TEST_TOOL_OF",
    "RUNTIME_DEPENDENCY_OF",
    "OPTIONAL_DEPENDENCY_OF",
    "PROVIDED_DEPENDENCY_OF",
    "STATIC_LINK",
    "DYNAMIC_LINK",
];

/// SPDX 3.0 relationship types that make an edge.
const V3_EDGE_TYPES: &[&str] = &[
    "dependsOn",
    "contains",
    "hasStaticLink",
    "hasDynamicLink",
    "hasOptionalDependency",
    "hasProvidedDependency",
    "usesTool",
];

/// SPDX 3.0 package classes: `software_Package` and its AI and data-set subclasses.
const V3_PACKAGE_TYPES: &[&str] = &["software_Package", "ai_AIPackage", "dataset_DatasetPackage"];

fn corpus_files(shared: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["spdx-examples", "spdx-spec"] {
        files.extend(common::files_with_ext(
            &shared.join("corpora").join(dir),
            &[".json", ".spdx", ".yaml", ".xml"],
        ));
    }
    files
}

fn read(path: &Path) -> Result<Graph, InputError> {
    let bytes = std::fs::read(path).unwrap();
    let mut builder = GraphBuilder::new(true);
    read_document(&path.display().to_string(), &bytes, &mut builder)?;
    Ok(builder.finish())
}

/// What the model's id rule gives, computed from the raw values: the first valid purl, else
/// `name@version`, else `name`.
fn identity(purls: &[&str], name: Option<&str>, version: Option<&str>) -> String {
    let valid = purls.iter().map(|p| p.trim()).find(|p| packageurl::PackageUrl::from_str(p).is_ok());
    match (valid, name, version) {
        (Some(p), _, _) => p.to_string(),
        (None, Some(n), Some(v)) => format!("{n}@{v}"),
        (None, Some(n), None) => n.to_string(),
        (None, None, _) => String::new(),
    }
}

/// Expected counts, taken from the raw document.
struct Expected {
    packages: usize,
    /// Edge-making relationships between two packages: at most this many edges.
    max_edges: usize,
    /// Distinct unordered package pairs among them: at least this many edges.
    min_edges: usize,
}

/// Bounds from `(from, to)` pairs of package identities.
fn bounds(pairs: &[(String, String)]) -> (usize, usize) {
    let pairs: Vec<&(String, String)> = pairs.iter().filter(|(a, b)| a != b).collect();
    let unordered: BTreeSet<(&String, &String)> =
        pairs.iter().map(|(a, b)| if a < b { (a, b) } else { (b, a) }).collect();
    (pairs.len(), unordered.len())
}

fn expected_v2(doc: &Value) -> Expected {
    let empty = Vec::new();
    let packages = doc["packages"].as_array().unwrap_or(&empty);
    let mut ids = std::collections::BTreeMap::new();
    for p in packages {
        let refs = p["externalRefs"].as_array().unwrap_or(&empty);
        let purls: Vec<&str> = refs
            .iter()
            .filter(|r| r["referenceType"] == "purl")
            .filter_map(|r| r["referenceLocator"].as_str())
            .collect();
        let id = identity(&purls, p["name"].as_str(), p["versionInfo"].as_str());
        ids.entry(p["SPDXID"].as_str().unwrap_or_default().to_string()).or_insert(id);
    }
    let distinct: BTreeSet<&String> = ids.values().collect();
    let pairs: Vec<(String, String)> = doc["relationships"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter(|r| V2_EDGE_TYPES.contains(&r["relationshipType"].as_str().unwrap_or_default()))
        .filter_map(|r| {
            let a = ids.get(r["spdxElementId"].as_str()?)?;
            let b = ids.get(r["relatedSpdxElement"].as_str()?)?;
            Some((a.clone(), b.clone()))
        })
        .collect();
    let (max_edges, min_edges) = bounds(&pairs);
    Expected { packages: distinct.len(), max_edges, min_edges }
}

fn expected_v3(doc: &Value) -> Expected {
    let graph = doc["@graph"].as_array().unwrap();
    let mut ids = std::collections::BTreeMap::new();
    for e in graph.iter().filter(|e| V3_PACKAGE_TYPES.contains(&e["type"].as_str().unwrap_or_default())) {
        let mut purls: Vec<&str> = e["software_packageUrl"].as_str().into_iter().collect();
        for x in e["externalIdentifier"].as_array().into_iter().flatten() {
            if x["externalIdentifierType"] == "packageUrl" {
                purls.extend(x["identifier"].as_str());
            }
        }
        let id = identity(&purls, e["name"].as_str(), e["software_packageVersion"].as_str());
        ids.insert(e["spdxId"].as_str().unwrap().to_string(), id);
    }
    let distinct: BTreeSet<&String> = ids.values().collect();
    let mut pairs = Vec::new();
    for r in
        graph.iter().filter(|r| V3_EDGE_TYPES.contains(&r["relationshipType"].as_str().unwrap_or_default()))
    {
        let Some(from) = r["from"].as_str().and_then(|f| ids.get(f)) else { continue };
        for to in r["to"].as_array().into_iter().flatten().filter_map(|t| ids.get(t.as_str()?)) {
            pairs.push((from.clone(), to.clone()));
        }
    }
    let (max_edges, min_edges) = bounds(&pairs);
    Expected { packages: distinct.len(), max_edges, min_edges }
}

fn expected_tag_value(text: &str) -> Expected {
    let packages = text.lines().filter(|l| l.starts_with("PackageName:")).count();
    // The SPDXID line that follows each PackageName line names that package.
    let mut package_ids = BTreeSet::new();
    let mut after_package_name = false;
    for line in text.lines() {
        if line.starts_with("PackageName:") {
            after_package_name = true;
        } else if let Some(id) = line.strip_prefix("SPDXID:").filter(|_| after_package_name) {
            package_ids.insert(id.trim().to_string());
            after_package_name = false;
        } else if line.starts_with("FileName:") || line.starts_with("SnippetSPDXID:") {
            after_package_name = false;
        }
    }
    let pairs: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Relationship:"))
        .filter_map(|r| {
            let parts: Vec<&str> = r.split_whitespace().collect();
            let ok = parts.len() == 3
                && V2_EDGE_TYPES.contains(&parts[1])
                && package_ids.contains(parts[0])
                && package_ids.contains(parts[2]);
            ok.then(|| (parts[0].to_string(), parts[2].to_string()))
        })
        .collect();
    let (max_edges, min_edges) = bounds(&pairs);
    Expected { packages, max_edges, min_edges }
}

#[test]
fn every_spdx_document_reads_with_independently_counted_packages() {
    let Some(shared) = common::shared_dir() else { return };
    let files = corpus_files(&shared);
    let mut read_ok = 0;
    let mut with_edges = 0;
    for path in &files {
        let name = path.display().to_string();
        if name.ends_with(".xml") {
            let err = read(path).expect_err(&name);
            assert!(err.message.contains("XML"), "{name}: unclear error {err}");
            continue;
        }
        let graph = read(path).unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(path).unwrap();
        let expected = if name.ends_with(".spdx") {
            expected_tag_value(&text)
        } else if name.ends_with(".yaml") {
            let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
            expected_v2(&serde_json::to_value(yaml).unwrap())
        } else {
            let json: Value = serde_json::from_str(&text).unwrap();
            if json.get("@graph").is_some() {
                expected_v3(&json)
            } else {
                expected_v2(&json)
            }
        };
        assert_eq!(graph.packages.len(), expected.packages, "{name}: package count");
        let edges = graph.edges.len();
        assert!(
            (expected.min_edges..=expected.max_edges).contains(&edges),
            "{name}: {edges} edges, expected {}..={}",
            expected.min_edges,
            expected.max_edges
        );
        if !graph.packages.is_empty() {
            assert!(!graph.roots.is_empty(), "{name}: no roots");
        }
        read_ok += 1;
        with_edges += usize::from(edges > 0);
    }
    // 58 SPDX documents are JSON, YAML or tag-value; 2 are XML / RDF.
    assert_eq!(read_ok, 58, "documents read");
    assert!(with_edges >= 10, "only {with_edges} documents gave edges");
}

fn package<'g>(g: &'g Graph, id: &str) -> &'g Package {
    &g.packages[g.index_of(id).unwrap_or_else(|| panic!("no package {id}"))]
}

fn edge_list(g: &Graph) -> Vec<(&str, &str, DepKind)> {
    g.edges
        .iter()
        .map(|e| (g.packages[e.from].name.as_str(), g.packages[e.to].name.as_str(), e.kind))
        .collect()
}

/// `software/example11/spdx2.3/sbom.spdx.json`, the Rust example, checked by reading the file:
/// its `packages` array has 4 entries, each with a distinct purl; of its 4 relationships, 3 are
/// `hello-server-src DEPENDS_ON` one of the three cargo packages and the 4th is a file
/// `GENERATED_FROM` the package (no edge); `documentDescribes` names the package and a file,
/// so there is exactly 1 root. hyper declares `NOASSERTION` and concludes `MIT`; no package
/// has a supplier.
#[test]
fn example11_rust_spdx23_hand_checked() {
    let Some(shared) = common::shared_dir() else { return };
    let g = read(&shared.join("corpora/spdx-examples/software/example11/spdx2.3/sbom.spdx.json")).unwrap();
    assert_eq!((g.packages.len(), g.edges.len(), g.roots.len()), (4, 3, 1));
    let root = "pkg:deb/debian/libselinux1-dev@3.1-3?arch=s390x";
    assert_eq!(g.roots, [g.index_of(root).unwrap()]);
    let hyper = package(&g, "pkg:cargo/hyper@0.14");
    assert_eq!((hyper.name.as_str(), hyper.version.as_deref()), ("hyper", Some("0.14")));
    assert_eq!((hyper.ecosystem.as_str(), hyper.purl.as_deref()), ("cargo", Some("pkg:cargo/hyper@0.14")));
    assert_eq!(hyper.license.as_deref(), Some("MIT"));
    assert_eq!((hyper.supplier.as_ref(), hyper.repository.as_ref()), (None, None));
    assert_eq!(hyper.source, Source::Registry { url: None, default: true });
    assert_eq!(
        package(&g, "pkg:cargo/pretty_env_logger@0.4.0").license.as_deref(),
        Some("MIT OR Apache-2.0")
    );
    let mut edges = edge_list(&g);
    edges.sort();
    assert_eq!(
        edges,
        [
            ("hello-server-src", "hyper", DepKind::Normal),
            ("hello-server-src", "pretty_env_logger", DepKind::Normal),
            ("hello-server-src", "tokio", DepKind::Normal),
        ]
    );
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

/// `software/example11/spdx3.0/sbom.spdx3.json`, the same SBOM in 3.0, checked by reading the
/// file: 4 `software_Package` elements; 3 `LifecycleScopedRelationship dependsOn` with scope
/// `build` from hello-server-src (so 3 build edges); `rootElement` names a file and the
/// package (1 root). hyper's `hasConcludedLicense` points at the expression `MIT`, its
/// `hasDeclaredLicense` at `NOASSERTION`; pretty_env_logger's concluded licence is written
/// `(MIT OR Apache-2.0)` in this version.
#[test]
fn example11_rust_spdx3_hand_checked() {
    let Some(shared) = common::shared_dir() else { return };
    let g = read(&shared.join("corpora/spdx-examples/software/example11/spdx3.0/sbom.spdx3.json")).unwrap();
    assert_eq!((g.packages.len(), g.edges.len(), g.roots.len()), (4, 3, 1));
    assert_eq!(g.inputs[0].spec_version.as_deref(), Some("3.0.1"));
    let tokio = package(&g, "pkg:cargo/tokio@1.19.2");
    assert_eq!((tokio.name.as_str(), tokio.version.as_deref()), ("tokio", Some("1.19.2")));
    assert_eq!(tokio.license.as_deref(), Some("MIT"));
    assert_eq!(tokio.supplier, None);
    assert_eq!(
        package(&g, "pkg:cargo/pretty_env_logger@0.4.0").license.as_deref(),
        Some("(MIT OR Apache-2.0)")
    );
    let root = package(&g, "pkg:deb/debian/libselinux1-dev@3.1-3?arch=s390x");
    assert_eq!((root.name.as_str(), root.license.as_deref()), ("hello-server-src", Some("Apache-2.0")));
    assert!(edge_list(&g)
        .iter()
        .all(|&(from, _, kind)| from == "hello-server-src" && kind == DepKind::Build));
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

/// `spdx-spec/2.3/SPDXTagExample-v2.3.spdx`, checked by reading the file: 4 `PackageName:`
/// lines (glibc, Apache Commons Lang, Jena, Saxon). Of the relationships only
/// `SPDXRef-Package DYNAMIC_LINK SPDXRef-Saxon` joins two packages (`SPDXRef-JenaLib` is a file;
/// `COPY_OF` and `GENERATED_FROM` make no edge): 1 edge. `SPDXRef-DOCUMENT DESCRIBES` names
/// glibc and a file: 1 root. glibc's supplier and originator are on its `PackageSupplier` /
/// `PackageOriginator` lines; only Jena has a purl.
#[test]
fn spec_tag_value_hand_checked_and_equal_to_json_and_yaml() {
    let Some(shared) = common::shared_dir() else { return };
    let dir = shared.join("corpora/spdx-spec/2.3");
    let g = read(&dir.join("SPDXTagExample-v2.3.spdx")).unwrap();
    assert_eq!((g.packages.len(), g.edges.len(), g.roots.len()), (4, 1, 1));
    assert_eq!(edge_list(&g), [("glibc", "Saxon", DepKind::Normal)]);
    let glibc = package(&g, "glibc@2.11.1");
    assert_eq!(g.roots, [g.index_of("glibc@2.11.1").unwrap()]);
    assert_eq!(
        (glibc.name.as_str(), glibc.version.as_deref(), glibc.purl.as_deref()),
        ("glibc", Some("2.11.1"), None)
    );
    assert_eq!(glibc.license.as_deref(), Some("(LGPL-2.0-only AND LicenseRef-3)"));
    let supplier = glibc.supplier.as_ref().unwrap();
    assert_eq!((supplier.kind, supplier.email.as_deref()), (PartyKind::Person, Some("jane.doe@example.com")));
    let originator = glibc.manufacturer.as_ref().unwrap();
    assert_eq!(
        (originator.kind, originator.name.as_deref()),
        (PartyKind::Organization, Some("ExampleCodeInspect"))
    );
    assert_eq!(glibc.description.as_deref(), Some("GNU C library."));
    let jena = package(&g, "pkg:maven/org.apache.jena/apache-jena@3.12.0");
    assert_eq!((jena.ecosystem.as_str(), jena.namespace.as_deref()), ("maven", Some("org.apache.jena")));
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);

    // The same example in JSON and YAML describes the same packages and graph.
    for other in ["SPDXJSONExample-v2.3.spdx.json", "SPDXYAMLExample-2.3.spdx.yaml"] {
        let o = read(&dir.join(other)).unwrap();
        assert_eq!((&o.packages, &o.edges, &o.roots), (&g.packages, &g.edges, &g.roots), "{other}");
    }
}
