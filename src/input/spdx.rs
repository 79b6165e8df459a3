//! SPDX 2.2 / 2.3 documents in JSON and YAML, and the 2.x document shape the tag-value reader
//! fills in too.
//!
//! JSON and YAML are the same data model written two ways, so both go through one set of
//! serde types (`Document`); the tag-value reader fills in the same package type one package
//! at a time. All three hand their elements to the loader (`spdx_loader.rs`), so the three
//! 2.x serialisations map into the graph by the same code. Only what the model uses is read;
//! everything else (checksums, files' contents, annotations) is skipped by serde without
//! being stored.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::error::InputError;
use crate::input::spdx_common::{self as common, PackageFacts};
use crate::input::spdx_loader::{check_version, Link, Loader};
use crate::model::{GraphBuilder, InputInfo};

/// A string that YAML may have written as a number or boolean (`versionInfo: 1.0`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

pub(crate) fn text(t: &Option<Text>) -> Option<&str> {
    t.as_ref().map(|t| t.0.as_str())
}

/// An SPDX 2.x document: the parts the model uses.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Document {
    /// `SPDX-2.3`.
    pub spdx_version: Option<Text>,
    /// The document's own id, normally `SPDXRef-DOCUMENT`.
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<Text>,
    /// Ids of the elements the document describes (JSON/YAML shorthand for `DESCRIBES`).
    pub document_describes: Vec<Text>,
    /// Packages.
    pub packages: Vec<SpdxPackage>,
    /// Files: only their ids are kept, to tell "a file" from "a dangling reference".
    pub files: Vec<ElementId>,
    /// Snippets: ids only, as for files.
    pub snippets: Vec<ElementId>,
    /// Relationships between elements.
    pub relationships: Vec<Relationship>,
}

/// An element of which only the id matters.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ElementId {
    /// `SPDXID`.
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<Text>,
}

/// An SPDX 2.x package.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct SpdxPackage {
    /// `SPDXID`.
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<Text>,
    /// Package name.
    pub name: Option<Text>,
    /// Version.
    pub version_info: Option<Text>,
    /// Where to get it; may be `NOASSERTION` / `NONE`.
    pub download_location: Option<Text>,
    /// Home page.
    pub homepage: Option<Text>,
    /// One-line summary.
    pub summary: Option<Text>,
    /// Longer description.
    pub description: Option<Text>,
    /// Declared licence expression.
    pub license_declared: Option<Text>,
    /// Concluded licence expression.
    pub license_concluded: Option<Text>,
    /// `Organization: …` / `Person: …` / `NOASSERTION`.
    pub supplier: Option<Text>,
    /// Same syntax as the supplier.
    pub originator: Option<Text>,
    /// External references, among them purls.
    pub external_refs: Vec<ExternalRef>,
}

/// An external reference of a package.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct ExternalRef {
    /// `purl`, `cpe23Type`, …
    pub reference_type: Option<Text>,
    /// The reference itself.
    pub reference_locator: Option<Text>,
}

/// `A TYPE B`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Relationship {
    /// A.
    pub spdx_element_id: Option<Text>,
    /// The relationship type, upper snake case.
    pub relationship_type: Option<Text>,
    /// B.
    pub related_spdx_element: Option<Text>,
}

/// Reads an SPDX 2.x JSON document.
pub fn read_json(path: &str, text: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    let doc: Document = serde_json::from_str(text).map_err(|e| InputError::from_json(path, &e))?;
    load(path, doc, builder)
}

/// Reads an SPDX 2.x YAML document.
pub fn read_yaml(path: &str, text: &str, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    check_flow_nesting(path, text, MAX_YAML_NESTING)?;
    let doc: Document = serde_yaml_ng::from_str(text).map_err(|e| yaml_error(path, &e))?;
    load(path, doc, builder)
}

/// Deepest `[`/`{` nesting accepted in YAML. The YAML parser slows to a crawl on documents
/// nested tens of thousands of levels deep (a hostile input found it), long before its own
/// recursion limit applies; no SPDX document comes near this depth.
const MAX_YAML_NESTING: usize = 128;

/// Refuses flow collections nested deeper than `max`, at the position where the limit is
/// crossed. Brackets inside quoted scalars and comments are not counted.
fn check_flow_nesting(path: &str, text: &str, max: usize) -> Result<(), InputError> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if c == '\n' {
            comment = false;
        }
        match (quote, c) {
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if prev.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > max {
                    let (line, column) = crate::input::text::line_column(text, i);
                    return Err(InputError::at(
                        path,
                        line,
                        column,
                        format!("YAML collections nested more than {max} levels deep"),
                    ));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    Ok(())
}

/// A YAML error with its position in front, like every other input error.
fn yaml_error(path: &str, err: &serde_yaml_ng::Error) -> InputError {
    let message = strip_yaml_position(&err.to_string());
    match err.location() {
        Some(loc) => InputError::at(path, loc.line(), loc.column(), message),
        None => InputError::new(path, message),
    }
}

/// The message without the `at line L column C` the YAML parser puts inside it (at the end,
/// or before `, while parsing …`): the position is given in front.
fn strip_yaml_position(message: &str) -> String {
    let Some(i) = message.find(" at line ") else { return message.to_string() };
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &message[i + " at line ".len()..];
    let rest = &rest[digits(rest)..];
    let rest = rest.strip_prefix(" column ").map_or(rest, |r| &r[digits(r)..]);
    format!("{}{rest}", &message[..i])
}

/// Adds a 2.x document to the graph: one package per SPDX package, edges from the dependency
/// relationships between packages, roots from what the document describes.
pub(crate) fn load(path: &str, doc: Document, builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    let version = text(&doc.spdx_version);
    // Refused before anything is added, as the tag-value reader refuses at the version line.
    check_version(path, version)?;
    let mut loader = Loader::default();
    for p in doc.packages {
        loader.package(builder, p);
    }
    for e in doc.files.iter().chain(&doc.snippets) {
        if let Some(id) = text(&e.spdx_id) {
            loader.other(id);
        }
    }
    let relationships = doc.relationships.iter().map(|r| Link {
        from: text(&r.spdx_element_id),
        kind: text(&r.relationship_type).unwrap_or_default(),
        to: text(&r.related_spdx_element),
    });
    let describes = doc.document_describes.iter().map(|t| t.0.as_str());
    loader.finish(path, builder, version, text(&doc.spdx_id), describes, relationships)
}

/// The facts of one package.
pub(crate) fn facts(p: SpdxPackage) -> PackageFacts {
    let owned = |t: Option<Text>| t.map(|t| t.0);
    let purls = p
        .external_refs
        .iter()
        .filter(|r| text(&r.reference_type).is_some_and(|t| t.trim().eq_ignore_ascii_case("purl")))
        .filter_map(|r| text(&r.reference_locator).map(str::to_string))
        .collect();
    PackageFacts {
        spdx_id: owned(p.spdx_id).unwrap_or_default(),
        name: owned(p.name),
        version: owned(p.version_info),
        purls,
        download_location: owned(p.download_location),
        homepage: owned(p.homepage),
        summary: owned(p.summary),
        description: owned(p.description),
        license_declared: owned(p.license_declared),
        license_concluded: owned(p.license_concluded),
        supplier: text(&p.supplier).and_then(common::parse_party),
        originator: text(&p.originator).and_then(common::parse_party),
    }
}

#[cfg(test)]
mod nesting_tests {
    use super::*;

    #[test]
    fn deep_yaml_flow_nesting_is_refused_quickly() {
        let deep = format!("spdxVersion: SPDX-2.3\nx: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let e = check_flow_nesting("d.yaml", &deep, MAX_YAML_NESTING).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(132)));
        assert!(check_flow_nesting("q.yaml", "a: \"[[[[\"\nb: '{{{{' # [[[[\n", 2).is_ok());
        assert!(check_flow_nesting("n.yaml", "a: [[1, 2], {b: [3]}]\n", 3).is_ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::spdx_loader::{DANGLING, DUPLICATE, EXTERNAL, NOASSERTION_END};
    use crate::model::{DepKind, Graph};

    fn read(json: &str) -> Graph {
        let mut b = GraphBuilder::new(true);
        read_json("t.json", json, &mut b).unwrap();
        b.finish()
    }

    fn edges(g: &Graph) -> Vec<(String, String, DepKind)> {
        g.edges.iter().map(|e| (g.packages[e.from].id.clone(), g.packages[e.to].id.clone(), e.kind)).collect()
    }

    fn doc(relationships: &str) -> String {
        let pkgs: Vec<String> = ["a", "b", "c", "d"]
            .iter()
            .map(|n| {
                format!(r#"{{"SPDXID": "SPDXRef-{n}", "name": "{n}", "downloadLocation": "NOASSERTION"}}"#)
            })
            .collect();
        format!(
            r#"{{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "packages": [{}],
               "files": [{{"SPDXID": "SPDXRef-f"}}], "relationships": [{relationships}]}}"#,
            pkgs.join(",")
        )
    }

    fn rel(a: &str, ty: &str, b: &str) -> String {
        format!(r#"{{"spdxElementId": "{a}", "relationshipType": "{ty}", "relatedSpdxElement": "{b}"}}"#)
    }

    #[test]
    fn relationship_directions_and_kinds() {
        let rels = [
            rel("SPDXRef-a", "DEPENDS_ON", "SPDXRef-b"),
            rel("SPDXRef-c", "DEPENDENCY_OF", "SPDXRef-a"),
            rel("SPDXRef-d", "BUILD_DEPENDENCY_OF", "SPDXRef-b"),
            rel("SPDXRef-d", "TEST_DEPENDENCY_OF", "SPDXRef-c"),
            rel("SPDXRef-b", "CONTAINED_BY", "SPDXRef-c"),
            rel("SPDXRef-a", "STATIC_LINK", "SPDXRef-d"),
            rel("SPDXRef-a", "GENERATED_FROM", "SPDXRef-c"),
        ];
        let g = read(&doc(&rels.join(",")));
        let e = |a: &str, b: &str, k| (a.to_string(), b.to_string(), k);
        assert_eq!(
            edges(&g),
            vec![
                e("a", "b", DepKind::Normal),
                e("a", "c", DepKind::Normal),
                e("a", "d", DepKind::Normal),
                e("b", "d", DepKind::Build),
                e("c", "b", DepKind::Normal),
                e("c", "d", DepKind::Dev),
            ]
        );
        assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    }

    #[test]
    fn describes_makes_roots_and_files_are_ignored() {
        let rels = [
            rel("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-b"),
            rel("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-f"),
            rel("SPDXRef-f", "DEPENDS_ON", "SPDXRef-a"),
            rel("SPDXRef-c", "DESCRIBED_BY", "SPDXRef-DOCUMENT"),
        ];
        let g = read(&doc(&rels.join(",")));
        let roots: Vec<&str> = g.roots.iter().map(|&r| g.packages[r].id.as_str()).collect();
        assert_eq!(roots, ["b", "c"]);
        assert!(g.edges.is_empty());
        assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    }

    #[test]
    fn dangling_external_and_noassertion_warn_once_per_kind() {
        let rels = [
            rel("SPDXRef-a", "DEPENDS_ON", "SPDXRef-missing"),
            rel("SPDXRef-a", "DEPENDS_ON", "SPDXRef-gone"),
            rel("SPDXRef-a", "DEPENDS_ON", "DocumentRef-other:SPDXRef-x"),
            rel("SPDXRef-a", "DEPENDS_ON", "NOASSERTION"),
            rel("SPDXRef-a", "DEPENDS_ON", "NONE"),
            rel("SPDXRef-a", "DEPENDS_ON", "SPDXRef-b"),
        ];
        let g = read(&doc(&rels.join(",")));
        assert_eq!(g.edges.len(), 1);
        assert_eq!(
            g.warnings,
            vec![
                format!("t.json: {NOASSERTION_END}: 1"),
                format!("t.json: {EXTERNAL}: 1"),
                format!("t.json: {DANGLING}: 2"),
            ]
        );
    }

    #[test]
    fn duplicate_spdx_ids_warn_and_keep_the_first() {
        let json = r#"{"spdxVersion": "SPDX-2.2", "packages": [
            {"SPDXID": "SPDXRef-x", "name": "first"}, {"SPDXID": "SPDXRef-x", "name": "second"},
            {"SPDXID": "SPDXRef-y", "name": "y"}],
            "relationships": [{"spdxElementId": "SPDXRef-x", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-y"}]}"#;
        let g = read(json);
        assert_eq!(g.packages.len(), 3);
        assert_eq!(edges(&g), vec![("first".into(), "y".into(), DepKind::Normal)]);
        assert_eq!(g.warnings, vec![format!("t.json: {DUPLICATE}: 1")]);
    }

    #[test]
    fn package_fields() {
        let json = r#"{"spdxVersion": "SPDX-2.3", "packages": [{"SPDXID": "SPDXRef-p", "name": "widget",
            "versionInfo": "1.0", "supplier": "Organization: ACME Inc. (contact@acme.example)",
            "originator": "NOASSERTION", "licenseDeclared": "NOASSERTION", "licenseConcluded": "NONE",
            "downloadLocation": "git+https://github.com/acme/widget.git@v1.0", "summary": "A widget.",
            "homepage": "NONE"}]}"#;
        let g = read(json);
        let p = &g.packages[0];
        assert_eq!(p.id, "widget@1.0");
        assert_eq!(p.license.as_deref(), Some("NONE"));
        assert_eq!(p.supplier.as_ref().and_then(|s| s.email.as_deref()), Some("contact@acme.example"));
        assert_eq!(p.manufacturer, None);
        assert_eq!(p.repository.as_deref(), Some("https://github.com/acme/widget"));
        assert_eq!(
            p.source,
            crate::model::Source::Git {
                url: "https://github.com/acme/widget.git".into(),
                rev: Some("v1.0".into())
            }
        );
        assert_eq!((p.description.as_deref(), p.homepage.as_deref()), (Some("A widget."), None));
    }

    #[test]
    fn unsupported_versions_are_errors() {
        let mut b = GraphBuilder::new(false);
        for v in [r#""SPDX-1.2""#, r#""3.0""#, "null"] {
            let err = read_json("t.json", &format!(r#"{{"spdxVersion": {v}}}"#), &mut b).unwrap_err();
            assert!(err.message.starts_with("unsupported SPDX version"), "{err}");
        }
    }

    #[test]
    fn syntax_errors_have_positions() {
        let mut b = GraphBuilder::new(false);
        let err = read_json("t.json", "{\n  \"spdxVersion\": \"SPDX-2.3\",\n  \"packages\": 7\n}", &mut b)
            .unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(15)), "{err}");
        let err =
            read_yaml("t.yaml", "spdxVersion: SPDX-2.3\npackages:\n  - name: [a, b]\n", &mut b).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(11)), "{err}");
        assert!(!err.message.contains(" at line "), "{err}");
        let err = read_yaml("t.yaml", "spdxVersion: SPDX-2.3\n  packages: :\n", &mut b).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        // The parser may put the position mid-message, before where the scalar started; the
        // position is given once, in front.
        let err = read_yaml("t.yaml", "spdxVersion: SPDX-2.3\nname: \"\\ud83e\"\n", &mut b).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(10)), "{err}");
        assert!(err.message.ends_with("code, while parsing a quoted scalar at line 2 column 7"), "{err}");
    }

    #[test]
    fn yaml_shares_the_json_types_and_tolerates_bare_numbers() {
        let yaml =
            "spdxVersion: SPDX-2.2\npackages:\n- SPDXID: SPDXRef-p\n  name: tool\n  versionInfo: 1.5\n";
        let mut b = GraphBuilder::new(false);
        let info = read_yaml("<stdin>", yaml, &mut b).unwrap();
        assert_eq!((info.spec_version.as_deref(), info.path), (Some("SPDX-2.2"), None));
        assert_eq!(b.finish().packages[0].id, "tool@1.5");
    }
}
